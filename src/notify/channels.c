/* channels.c - the digest laid out per service; see notify.h. */
#include "notify/notify.h"
#include "util/error.h"

#include <jansson.h>
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
    size_t room = 50 - 3, shown = 0; /* header, "more", report link */
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
    json_t *embeds = json_array(), *root;
    size_t budget = 6000, shown = 0;
    pd_buf t = PD_BUF_INIT, content = PD_BUF_INIT;
    for (size_t i = 0; i < d->npolicies && shown < 10; i++, shown++) {
        const pd_notify_policy *p = &d->policies[i];
        size_t cost;
        json_t *e;
        pd_buf_clear(&t);
        policy_text(&t, STYLE_MARKDOWN, p, 0);
        cost = strlen(p->name) + (t.len < 4096 ? t.len : 4096) + 32;
        if (cost > budget || (shown == 9 && i + 1 < d->npolicies))
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
        if (used + t.len > 24000)
            break;
        used += t.len;
        json_array_append_new(body, block(pd_buf_cstr(&t), 0));
    }
    if (shown < d->npolicies)
        json_array_append_new(body, json_pack("{s:s, s:o, s:b}", "type", "TextBlock", "text",
                                              more_policies(d->npolicies - shown), "wrap", 1));
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

int pd_notify_markdown(pd_buf *out, const pd_notify_digest *d)
{
    pd_buf_printf(out, "**%s**\n\n", d->headline);
    for (size_t i = 0; i < d->npolicies; i++) {
        policy_text(out, STYLE_MARKDOWN, &d->policies[i], 1);
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
    json_t *pols = json_array(), *root;
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
    root = json_pack("{s:s, s:s, s:s, s:o, s:o}", "schema", "policydiff/notify-1", "headline",
                     d->headline, "worst_severity", pd_severity_name(d->worst), "report_url",
                     d->report_url ? json_string(d->report_url) : json_null(), "policies", pols);
    return root;
}

int pd_notify_render(pd_buf *out, pd_channel_format f, const pd_notify_digest *d)
{
    json_t *j = f == PD_CHANNEL_SLACK     ? slack_body(d)
                : f == PD_CHANNEL_DISCORD ? discord_body(d)
                : f == PD_CHANNEL_TEAMS   ? teams_body(d)
                : f == PD_CHANNEL_MATRIX  ? matrix_body(d)
                                          : json_body(d);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    int rc = s ? pd_buf_puts(out, s) : PD_ENOMEM_SET();
    free(s);
    json_decref(j);
    return rc;
}
