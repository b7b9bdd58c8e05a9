/* channels.c - the digest laid out per service; see notify.h. */
#include "notify/notify.h"
#include "util/error.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { STYLE_MARKDOWN, STYLE_SLACK, STYLE_HTML } style;

/* s escaped for the style: Slack's &, <, >; HTML's; Markdown as it is. */
static void put_text(pd_buf *out, style st, const char *s)
{
    if (st == STYLE_MARKDOWN) {
        pd_buf_puts(out, s);
        return;
    }
    for (; *s; s++) {
        if (*s == '&')
            pd_buf_puts(out, "&amp;");
        else if (*s == '<')
            pd_buf_puts(out, "&lt;");
        else if (*s == '>')
            pd_buf_puts(out, "&gt;");
        else if (*s == '"' && st == STYLE_HTML)
            pd_buf_puts(out, "&quot;");
        else
            pd_buf_put(out, s, 1);
    }
}

static void put_bold(pd_buf *out, style st, const char *s)
{
    pd_buf_puts(out, st == STYLE_HTML ? "<b>" : st == STYLE_SLACK ? "*" : "**");
    put_text(out, st, s);
    pd_buf_puts(out, st == STYLE_HTML ? "</b>" : st == STYLE_SLACK ? "*" : "**");
}

static void put_link(pd_buf *out, style st, const char *text, const char *url)
{
    if (st == STYLE_SLACK) {
        pd_buf_puts(out, "<");
        put_text(out, st, url);
        pd_buf_puts(out, "|");
        put_text(out, st, text);
        pd_buf_puts(out, ">");
    } else if (st == STYLE_HTML) {
        pd_buf_puts(out, "<a href=\"");
        put_text(out, st, url);
        pd_buf_puts(out, "\">");
        put_text(out, st, text);
        pd_buf_puts(out, "</a>");
    } else {
        pd_buf_printf(out, "[%s](%s)", text, url);
    }
}

/* One change: "- high · Section: reason; reason" and its clause quoted. */
static void change_text(pd_buf *out, style st, const pd_notify_change *c)
{
    pd_buf_puts(out, st == STYLE_HTML ? "<li>" : st == STYLE_SLACK ? "• " : "- ");
    put_bold(out, st, c->severity);
    if (*c->section) {
        pd_buf_puts(out, " · ");
        put_text(out, st, c->section);
    }
    for (size_t r = 0; r < c->nreasons; r++) {
        pd_buf_puts(out, r ? "; " : ": ");
        put_text(out, st, c->reasons[r]);
    }
    if (*c->text) {
        pd_buf_puts(out, st == STYLE_HTML ? "<blockquote>" : st == STYLE_SLACK ? "\n> " : "\n  > ");
        for (const char *s = c->text; *s; s++) {
            if (*s == '\n' && st != STYLE_HTML)
                pd_buf_puts(out, st == STYLE_SLACK ? "\n> " : "\n  > ");
            else
                put_text(out, st, (char[2]){*s, 0});
        }
        if (st == STYLE_HTML)
            pd_buf_puts(out, "</blockquote>");
    }
    pd_buf_puts(out, st == STYLE_HTML ? "</li>" : "\n");
}

/* One policy's block of text (without its name when named is 0). */
static void policy_text(pd_buf *out, style st, const pd_notify_policy *p, int named)
{
    if (named) {
        if (!strncmp(p->url, "http", 4))
            put_link(out, st, p->name, p->url);
        else
            put_bold(out, st, p->name);
        pd_buf_printf(out, " (worst severity %s)%s", pd_severity_name(p->worst),
                      st == STYLE_HTML ? "<br>" : "\n");
    }
    put_text(out, st, p->headline);
    pd_buf_puts(out, st == STYLE_HTML ? "<ul>" : "\n");
    for (size_t k = 0; k < p->nchanges; k++)
        change_text(out, st, &p->changes[k]);
    if (p->more)
        pd_buf_printf(out, "%sand %zu more change%s%s", st == STYLE_HTML ? "<li>" : "… ", p->more,
                      p->more == 1 ? "" : "s", st == STYLE_HTML ? "</li>" : "\n");
    if (st == STYLE_HTML)
        pd_buf_puts(out, "</ul>");
}

#define PROBLEMS_TITLE "Could not be checked"

/* One policy that could not be checked: "- NAME (failed): reason". */
static void problem_text(pd_buf *out, style st, const pd_notify_problem *p)
{
    pd_buf_puts(out, st == STYLE_HTML ? "<li>" : st == STYLE_SLACK ? "• " : "- ");
    if (!strncmp(p->url, "http", 4))
        put_link(out, st, p->name, p->url);
    else
        put_bold(out, st, p->name);
    pd_buf_printf(out, " (%s)", p->status);
    if (*p->reason) {
        pd_buf_puts(out, ": ");
        put_text(out, st, p->reason);
    }
    pd_buf_puts(out, st == STYLE_HTML ? "</li>" : "\n");
}

/* The section of the policies that could not be checked (titled: with its
 * title), at most max bytes (0: no limit) with "… and N more" when cut;
 * nothing when there are none. */
static void problems_text(pd_buf *out, style st, const pd_notify_digest *d, int titled, size_t max)
{
    pd_buf one = PD_BUF_INIT;
    size_t start = out->len;
    if (!d->nproblems)
        return;
    if (titled) {
        put_bold(out, st, PROBLEMS_TITLE);
        pd_buf_puts(out, st == STYLE_HTML ? "" : "\n");
    }
    if (st == STYLE_HTML)
        pd_buf_puts(out, "<ul>");
    for (size_t i = 0; i < d->nproblems; i++) {
        pd_buf_clear(&one);
        problem_text(&one, st, &d->problems[i]);
        if (max && out->len - start + one.len + 48 > max) {
            pd_buf_printf(out, "%s… and %zu more%s", st == STYLE_HTML ? "<li>" : "",
                          d->nproblems - i, st == STYLE_HTML ? "</li>" : "\n");
            break;
        }
        pd_buf_put(out, one.ptr, one.len);
    }
    if (st == STYLE_HTML)
        pd_buf_puts(out, "</ul>");
    pd_buf_dispose(&one);
}

/* text cut to max bytes at a character boundary ("…" at the end when cut). */
static json_t *jclip(const char *text, size_t max)
{
    size_t n = strlen(text);
    char *copy;
    json_t *j;
    if (n <= max)
        return json_string(text);
    n = max - 3;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    if (!(copy = malloc(n + 4)))
        return NULL;
    memcpy(copy, text, n);
    memcpy(copy + n, "\xe2\x80\xa6", 4);
    j = json_string(copy);
    free(copy);
    return j;
}

static json_t *mrkdwn(const char *type, json_t *text)
{
    return json_pack("{s:s, s:{s:s, s:o}}", "type", type, "text", "type",
                     strcmp(type, "header") ? "mrkdwn" : "plain_text", "text", text);
}

/* "and N more policies" as the style's text. */
static json_t *more_policies(size_t n)
{
    char line[96];
    snprintf(line, sizeof(line), "… and %zu more polic%s", n, n == 1 ? "y" : "ies");
    return json_string(line);
}

/* Slack: a header, a section per policy, a context with the report link. */
static json_t *slack_body(const pd_notify_digest *d)
{
    json_t *blocks = json_array(), *root;
    /* header, "more", the failures, report link */
    size_t room = 50 - 3 - (d->nproblems ? 1 : 0), shown = 0;
    pd_buf t = PD_BUF_INIT;
    json_array_append_new(blocks, mrkdwn("header", jclip(d->headline, 150)));
    for (size_t i = 0; i < d->npolicies && shown < room; i++, shown++) {
        pd_buf_clear(&t);
        policy_text(&t, STYLE_SLACK, &d->policies[i], 1);
        json_array_append_new(blocks, mrkdwn("section", jclip(pd_buf_cstr(&t), 3000)));
    }
    if (shown < d->npolicies)
        json_array_append_new(blocks, json_pack("{s:s, s:[{s:s, s:o}]}", "type", "context",
                                                "elements", "type", "mrkdwn", "text",
                                                more_policies(d->npolicies - shown)));
    if (d->nproblems) {
        pd_buf_clear(&t);
        problems_text(&t, STYLE_SLACK, d, 1, 3000);
        json_array_append_new(blocks, mrkdwn("section", jclip(pd_buf_cstr(&t), 3000)));
    }
    if (d->report_url) {
        pd_buf_clear(&t);
        put_link(&t, STYLE_SLACK, "Full report", d->report_url);
        json_array_append_new(blocks,
                              json_pack("{s:s, s:[{s:s, s:s}]}", "type", "context", "elements",
                                        "type", "mrkdwn", "text", pd_buf_cstr(&t)));
    }
    pd_buf_dispose(&t);
    root = json_pack("{s:o, s:o}", "text", jclip(d->headline, 3000), "blocks", blocks);
    return root;
}

static long colour_of(pd_severity s)
{
    return s == PD_SEV_HIGH     ? 0xD73A49
           : s == PD_SEV_MEDIUM ? 0xF66A0A
           : s == PD_SEV_LOW    ? 0xDBAB09
                                : 0x6A737D;
}

/* Discord: the headline as content, an embed per policy within the limits. */
static json_t *discord_body(const pd_notify_digest *d)
{
    json_t *embeds = json_array(), *root, *fails = NULL;
    size_t budget = 6000, shown = 0, max = 10;
    pd_buf t = PD_BUF_INIT, content = PD_BUF_INIT;
    if (d->nproblems) { /* the failures' embed first: it is never cut out */
        problems_text(&t, STYLE_MARKDOWN, d, 0, 2000);
        fails = json_pack("{s:s, s:o, s:i}", "title", PROBLEMS_TITLE, "description",
                          jclip(pd_buf_cstr(&t), 2000), "color", colour_of(PD_SEV_NONE));
        budget -= strlen(PROBLEMS_TITLE) + (t.len < 2000 ? t.len : 2000) + 32;
        max--;
    }
    for (size_t i = 0; i < d->npolicies && shown < max; i++, shown++) {
        const pd_notify_policy *p = &d->policies[i];
        size_t cost;
        json_t *e;
        pd_buf_clear(&t);
        policy_text(&t, STYLE_MARKDOWN, p, 0);
        cost = strlen(p->name) + (t.len < 4096 ? t.len : 4096) + 32;
        if (cost > budget || (shown == max - 1 && i + 1 < d->npolicies))
            break;
        budget -= cost;
        e = json_pack("{s:o, s:o, s:i, s:[{s:s, s:s, s:b}]}", "title", jclip(p->name, 256),
                      "description", jclip(pd_buf_cstr(&t), 4096), "color", colour_of(p->worst),
                      "fields", "name", "Worst severity", "value", pd_severity_name(p->worst),
                      "inline", 1);
        if (!strncmp(p->url, "http", 4))
            json_object_set_new(e, "url", json_string(p->url));
        json_array_append_new(embeds, e);
    }
    if (fails)
        json_array_append_new(embeds, fails);
    pd_buf_puts(&content, d->headline);
    if (shown < d->npolicies)
        pd_buf_printf(&content, " (… and %zu more polic%s)", d->npolicies - shown,
                      d->npolicies - shown == 1 ? "y" : "ies");
    if (d->report_url)
        pd_buf_printf(&content, "\nFull report: %s", d->report_url);
    root = json_pack("{s:o, s:o}", "content", jclip(pd_buf_cstr(&content), 2000), "embeds", embeds);
    pd_buf_dispose(&t);
    pd_buf_dispose(&content);
    return root;
}

static json_t *block(const char *text, int bold)
{
    json_t *b = json_pack("{s:s, s:s, s:b}", "type", "TextBlock", "text", text, "wrap", 1);
    if (bold)
        json_object_set_new(b, "weight", json_string("Bolder"));
    return b;
}

/* Teams: an Adaptive Card in a message, kept under 28 KB. */
static json_t *teams_body(const pd_notify_digest *d)
{
    json_t *body = json_array(), *card, *root;
    size_t used = 0, shown = 0;
    pd_buf t = PD_BUF_INIT;
    json_array_append_new(body, block(d->headline, 1));
    json_object_set_new(json_array_get(body, 0), "size", json_string("Large"));
    for (size_t i = 0; i < d->npolicies; i++, shown++) {
        pd_buf_clear(&t);
        policy_text(&t, STYLE_MARKDOWN, &d->policies[i], 1);
        if (used + t.len > (d->nproblems ? 21000 : 24000)) /* room for the failures */
            break;
        used += t.len;
        json_array_append_new(body, block(pd_buf_cstr(&t), 0));
    }
    if (shown < d->npolicies)
        json_array_append_new(body, json_pack("{s:s, s:o, s:b}", "type", "TextBlock", "text",
                                              more_policies(d->npolicies - shown), "wrap", 1));
    if (d->nproblems) {
        pd_buf_clear(&t);
        problems_text(&t, STYLE_MARKDOWN, d, 1, 3000);
        json_array_append_new(body, json_pack("{s:s, s:o, s:b}", "type", "TextBlock", "text",
                                              jclip(pd_buf_cstr(&t), 3000), "wrap", 1));
    }
    card = json_pack("{s:s, s:s, s:s, s:o}", "$schema",
                     "http://adaptivecards.io/schemas/adaptive-card.json", "type", "AdaptiveCard",
                     "version", "1.4", "body", body);
    if (d->report_url)
        json_object_set_new(card, "actions",
                            json_pack("[{s:s, s:s, s:s}]", "type", "Action.OpenUrl", "title",
                                      "Full report", "url", d->report_url));
    root = json_pack("{s:s, s:[{s:s, s:n, s:o}]}", "type", "message", "attachments", "contentType",
                     "application/vnd.microsoft.card.adaptive", "contentUrl", "content", card);
    pd_buf_dispose(&t);
    return root;
}

/* The serialized size of j (0 when it cannot be serialized). */
static size_t json_size(const json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT);
    size_t n = s ? strlen(s) : 0;
    free(s);
    return n;
}

/* A MessageCard section for one changed policy. */
static json_t *card_section(const pd_notify_policy *p)
{
    pd_buf title = PD_BUF_INIT, text = PD_BUF_INIT;
    json_t *facts, *sec;
    if (!strncmp(p->url, "http", 4))
        put_link(&title, STYLE_MARKDOWN, p->name, p->url);
    else
        put_bold(&title, STYLE_MARKDOWN, p->name);
    facts =
        json_pack("[{s:s, s:s}]", "name", "Worst severity", "value", pd_severity_name(p->worst));
    if (p->more) {
        char more[32];
        snprintf(more, sizeof(more), "%zu", p->more);
        json_array_append_new(facts,
                              json_pack("{s:s, s:s}", "name", "More changes", "value", more));
    }
    for (size_t k = 0; k < p->nchanges; k++)
        change_text(&text, STYLE_MARKDOWN, &p->changes[k]);
    if (p->more)
        pd_buf_printf(&text, "… and %zu more change%s\n", p->more, p->more == 1 ? "" : "s");
    sec = json_pack("{s:o, s:o, s:o, s:o, s:b}", "activityTitle", jclip(pd_buf_cstr(&title), 512),
                    "activitySubtitle", jclip(p->headline, 512), "facts", facts, "text",
                    jclip(pd_buf_cstr(&text), 6000), "markdown", 1);
    pd_buf_dispose(&title);
    pd_buf_dispose(&text);
    return sec;
}

/* The MessageCard section of the policies that could not be checked: one
 * fact each, the policy and what happened. */
static json_t *card_problems(const pd_notify_digest *d)
{
    json_t *facts = json_array();
    pd_buf v = PD_BUF_INIT;
    size_t used = 0;
    for (size_t i = 0; i < d->nproblems; i++) {
        const pd_notify_problem *p = &d->problems[i];
        if ((used += strlen(p->name) + strlen(p->reason) + 48) > 8000) {
            char more[48];
            snprintf(more, sizeof(more), "and %zu more", d->nproblems - i);
            json_array_append_new(facts, json_pack("{s:s, s:s}", "name", "…", "value", more));
            break;
        }
        pd_buf_clear(&v);
        pd_buf_puts(&v, p->status);
        if (*p->reason)
            pd_buf_printf(&v, ": %s", p->reason);
        json_array_append_new(
            facts, json_pack("{s:o, s:s}", "name", jclip(p->name, 256), "value", pd_buf_cstr(&v)));
    }
    pd_buf_dispose(&v);
    return json_pack("{s:s, s:o, s:b}", "activityTitle", PROBLEMS_TITLE, "facts", facts, "markdown",
                     1);
}

/* Teams' legacy connectors: a MessageCard, a section per policy, at most
 * 10 sections and 24 KB. */
static json_t *teams_card_body(const pd_notify_digest *d)
{
    json_t *sections = json_array(), *root, *fails = d->nproblems ? card_problems(d) : NULL;
    size_t used = 1024 + (fails ? json_size(fails) : 0), shown = 0, max = fails ? 9 : 10;
    char colour[8];

    for (size_t i = 0; i < d->npolicies && shown < max; i++) {
        json_t *sec = card_section(&d->policies[i]);
        size_t n = json_size(sec);
        if (used + n > 24000) {
            json_decref(sec);
            break;
        }
        used += n;
        json_array_append_new(sections, sec);
        shown++;
    }
    if (fails)
        json_array_append_new(sections, fails);
    snprintf(colour, sizeof(colour), "%06lX",
             (unsigned long)colour_of(d->npolicies ? d->worst : PD_SEV_NONE));
    root = json_pack("{s:s, s:s, s:o, s:s, s:o, s:o}", "@type", "MessageCard", "@context",
                     "https://schema.org/extensions", "summary", jclip(d->headline, 256),
                     "themeColor", colour, "title", jclip(d->headline, 256), "sections", sections);
    if (shown < d->npolicies)
        json_object_set_new(root, "text", more_policies(d->npolicies - shown));
    if (d->report_url)
        json_object_set_new(root, "potentialAction",
                            json_pack("[{s:s, s:s, s:[{s:s, s:s}]}]", "@type", "OpenUri", "name",
                                      "Full report", "targets", "os", "default", "uri",
                                      d->report_url));
    return root;
}

int pd_notify_markdown(pd_buf *out, const pd_notify_digest *d)
{
    pd_buf_printf(out, "**%s**\n\n", d->headline);
    for (size_t i = 0; i < d->npolicies; i++) {
        policy_text(out, STYLE_MARKDOWN, &d->policies[i], 1);
        pd_buf_puts(out, "\n");
    }
    if (d->nproblems) {
        problems_text(out, STYLE_MARKDOWN, d, 1, 0);
        pd_buf_puts(out, "\n");
    }
    if (d->report_url)
        pd_buf_printf(out, "[Full report](%s)\n", d->report_url);
    return pd_buf_cstr(out) ? 0 : PD_ENOMEM_SET();
}

int pd_notify_html(pd_buf *out, const pd_notify_digest *d)
{
    pd_buf_puts(out, "<p><b>");
    put_text(out, STYLE_HTML, d->headline);
    pd_buf_puts(out, "</b></p>");
    for (size_t i = 0; i < d->npolicies; i++) {
        pd_buf_puts(out, "<p>");
        policy_text(out, STYLE_HTML, &d->policies[i], 1);
        pd_buf_puts(out, "</p>");
    }
    if (d->nproblems) {
        pd_buf_puts(out, "<p>");
        problems_text(out, STYLE_HTML, d, 1, 0);
        pd_buf_puts(out, "</p>");
    }
    if (d->report_url) {
        pd_buf_puts(out, "<p>");
        put_link(out, STYLE_HTML, "Full report", d->report_url);
        pd_buf_puts(out, "</p>");
    }
    return pd_buf_cstr(out) ? 0 : PD_ENOMEM_SET();
}

/* Matrix: m.room.message with the Markdown as body and HTML as formatted
 * body, under the 64 KB of an event. */
static json_t *matrix_body(const pd_notify_digest *d)
{
    pd_buf md = PD_BUF_INIT, html = PD_BUF_INIT;
    json_t *root;
    pd_notify_markdown(&md, d);
    pd_notify_html(&html, d);
    root = json_pack("{s:s, s:o, s:s, s:o}", "msgtype", "m.text", "body",
                     jclip(pd_buf_cstr(&md), 24000), "format", "org.matrix.custom.html",
                     "formatted_body", jclip(pd_buf_cstr(&html), 32000));
    pd_buf_dispose(&md);
    pd_buf_dispose(&html);
    return root;
}

static json_t *change_json(const pd_notify_change *c)
{
    json_t *reasons = json_array();
    for (size_t r = 0; r < c->nreasons; r++)
        json_array_append_new(reasons, json_string(c->reasons[r]));
    return json_pack("{s:s, s:s, s:o, s:s}", "severity", c->severity, "section", c->section,
                     "reasons", reasons, "text", c->text);
}

/* json: the digest itself (policydiff/notify-1). */
static json_t *json_body(const pd_notify_digest *d)
{
    json_t *pols = json_array(), *probs = json_array(), *root;
    for (size_t i = 0; i < d->npolicies; i++) {
        const pd_notify_policy *p = &d->policies[i];
        json_t *ch = json_array();
        for (size_t k = 0; k < p->nchanges; k++)
            json_array_append_new(ch, change_json(&p->changes[k]));
        json_array_append_new(pols, json_pack("{s:s, s:s, s:s, s:s, s:o, s:I}", "name", p->name,
                                              "url", p->url, "headline", p->headline,
                                              "worst_severity", pd_severity_name(p->worst),
                                              "changes", ch, "more_changes", (json_int_t)p->more));
    }
    for (size_t i = 0; i < d->nproblems; i++) {
        const pd_notify_problem *p = &d->problems[i];
        json_array_append_new(probs, json_pack("{s:s, s:s, s:s, s:s}", "name", p->name, "url",
                                               p->url, "status", p->status, "reason", p->reason));
    }
    root = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "schema", "policydiff/notify-1", "headline",
                     d->headline, "worst_severity", pd_severity_name(d->worst), "report_url",
                     d->report_url ? json_string(d->report_url) : json_null(), "policies", pols,
                     "problems", probs);
    return root;
}

int pd_notify_render(pd_buf *out, pd_channel_format f, const pd_notify_digest *d)
{
    json_t *j = f == PD_CHANNEL_SLACK        ? slack_body(d)
                : f == PD_CHANNEL_DISCORD    ? discord_body(d)
                : f == PD_CHANNEL_TEAMS      ? teams_body(d)
                : f == PD_CHANNEL_TEAMS_CARD ? teams_card_body(d)
                : f == PD_CHANNEL_MATRIX     ? matrix_body(d)
                                             : json_body(d);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    int rc = s ? pd_buf_puts(out, s) : PD_ENOMEM_SET();
    free(s);
    json_decref(j);
    return rc;
}
