/* check --notify: targets and their service URLs, the digest laid out per
 * service within its limits, and delivery to local receivers (Slack- and
 * Discord-shaped bodies checked field by field, a retried 503, a failure
 * that keeps the versions and exits 3, apprise to a json:// receiver, a
 * mail with both parts to tests/support/smtp_receiver.py). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "classify/diff.h"
#include "fetch/server.h"
#include "notify/notify.h"
#include "support/testutil.h"
#include "util/error.h"

/* ---- targets ---- */

static void parses_to(const char *target, const char *format, pd_channel_format f, const char *url,
                      const char *label)
{
    pd_channel c = PD_CHANNEL_INIT;
    cr_assert_eq(pd_channel_parse(&c, target, format), 0, "%s: %s", target, pd_error_last());
    cr_assert_eq(c.format, f, "%s", target);
    cr_assert_str_eq(c.url, url);
    cr_assert_str_eq(c.label, label);
    pd_channel_dispose(&c);
}

Test(notify_targets, schemes_map_to_the_services_webhooks)
{
    parses_to("slack://T000/B000/XXXX", NULL, PD_CHANNEL_SLACK,
              "https://hooks.slack.com/services/T000/B000/XXXX", "https://hooks.slack.com");
    parses_to("discord://123/abc", NULL, PD_CHANNEL_DISCORD,
              "https://discord.com/api/webhooks/123/abc", "https://discord.com");
    /* an Office 365 connector takes MessageCards only; a workflow, Adaptive Cards */
    parses_to("msteams://acme.webhook.office.com/webhookb2/x/y", NULL, PD_CHANNEL_TEAMS_CARD,
              "https://acme.webhook.office.com/webhookb2/x/y", "https://acme.webhook.office.com");
    parses_to("msteams://prod-01.westeurope.logic.azure.com/workflows/x", NULL, PD_CHANNEL_TEAMS,
              "https://prod-01.westeurope.logic.azure.com/workflows/x",
              "https://prod-01.westeurope.logic.azure.com");
    parses_to("msteams://prod-01.westeurope.logic.azure.com/workflows/x", "teams-card",
              PD_CHANNEL_TEAMS_CARD, "https://prod-01.westeurope.logic.azure.com/workflows/x",
              "https://prod-01.westeurope.logic.azure.com");
    parses_to("https://outlook.office.com/webhook/a@b/IncomingWebhook/c/d", "teams",
              PD_CHANNEL_TEAMS_CARD, "https://outlook.office.com/webhook/a@b/IncomingWebhook/c/d",
              "https://outlook.office.com");
    parses_to("https://acme.webhook.office.com/other/x", "teams", PD_CHANNEL_TEAMS,
              "https://acme.webhook.office.com/other/x", "https://acme.webhook.office.com");
    parses_to("http://127.0.0.1:9/x", "teams-card", PD_CHANNEL_TEAMS_CARD, "http://127.0.0.1:9/x",
              "http://127.0.0.1:9");
    cr_assert(pd_channel_is_connector("https://ACME.webhook.office.com/webhookb2/x"));
    cr_assert(!pd_channel_is_connector("https://evil.example/x.webhook.office.com/webhookb2/"));
    cr_assert(!pd_channel_is_connector("https://webhook.office.com.evil.example/webhookb2/x"));
    parses_to("https://chat.example/hook/secret", "discord", PD_CHANNEL_DISCORD,
              "https://chat.example/hook/secret", "https://chat.example");
    parses_to("http://127.0.0.1:9/x", NULL, PD_CHANNEL_JSON, "http://127.0.0.1:9/x",
              "http://127.0.0.1:9");
    setenv("POLICYDIFF_MATRIX_TOKEN", "tok", 1);
    parses_to("matrix://matrix.example/!room:example.org", NULL, PD_CHANNEL_MATRIX,
              "https://matrix.example/_matrix/client/v3/rooms/!room%3Aexample.org/send/"
              "m.room.message",
              "https://matrix.example");
    unsetenv("POLICYDIFF_MATRIX_TOKEN");
}

Test(notify_targets, bad_targets_say_what_is_accepted)
{
    pd_channel c = PD_CHANNEL_INIT;
    cr_assert_eq(pd_channel_parse(&c, "ftp://x/y", NULL), PD_EINVALID);
    cr_assert(strstr(pd_error_last(), "slack://"), "%s", pd_error_last());
    cr_assert_eq(pd_channel_parse(&c, "https://x/y", "irc"), PD_EINVALID);
    cr_assert_eq(pd_channel_parse(&c, "slack://", NULL), PD_EINVALID);
    unsetenv("POLICYDIFF_MATRIX_TOKEN");
    cr_assert_eq(pd_channel_parse(&c, "matrix://h/!r:h", NULL), PD_EINVALID);
    cr_assert(strstr(pd_error_last(), "POLICYDIFF_MATRIX_TOKEN"), "%s", pd_error_last());
}

/* ---- the digest within each service's limits ---- */

#define OLD_MD "# Privacy\n\nWe do not sell your personal data.\n\nWe keep logs for 30 days.\n"
#define NEW_MD "# Privacy\n\nWe may sell your personal data to partners.\n\nWe keep logs forever.\n"

/* n changed policies, all with the same diff, into a digest. */
static void digest_of(pd_notify_digest *d, pd_diff **diff, size_t n)
{
    static char names[80][32];
    pd_check_entry *e = calloc(n, sizeof(*e));
    cr_assert_eq(pd_diff_texts(diff, OLD_MD, strlen(OLD_MD), NEW_MD, strlen(NEW_MD), NULL), 0);
    for (size_t i = 0; i < n; i++) {
        snprintf(names[i], sizeof(names[i]), "policy-%zu", i);
        e[i].name = names[i];
        e[i].url = "https://shop.example/privacy";
        e[i].status = "changed";
        e[i].diff = *diff;
    }
    cr_assert_eq(pd_notify_digest_build(d, e, n, 1, "https://ci.example/report", 1), 0);
    free(e);
}

static json_t *rendered(pd_channel_format f, const pd_notify_digest *d)
{
    pd_buf b = PD_BUF_INIT;
    json_t *j;
    cr_assert_eq(pd_notify_render(&b, f, d), 0);
    j = json_loads(pd_buf_cstr(&b), 0, NULL);
    cr_assert_not_null(j, "%s", pd_buf_cstr(&b));
    pd_buf_dispose(&b);
    return j;
}

Test(notify_layout, many_policies_are_cut_at_the_limits_with_and_n_more)
{
    pd_notify_digest d;
    pd_diff *diff = NULL;
    json_t *j, *blocks, *embeds, *last;
    digest_of(&d, &diff, 80);
    cr_assert(strstr(d.headline, "80 policies changed"), "%s", d.headline);
    cr_assert_eq(d.policies[0].nchanges, 1);
    cr_assert_gt(d.policies[0].more, 0);

    j = rendered(PD_CHANNEL_SLACK, &d);
    blocks = json_object_get(j, "blocks");
    cr_assert_leq(json_array_size(blocks), 50);
    last = json_array_get(blocks, json_array_size(blocks) - 2);
    cr_assert_str_eq(json_string_value(json_object_get(last, "type")), "context");
    cr_assert(strstr(json_string_value(json_object_get(
                         json_array_get(json_object_get(last, "elements"), 0), "text")),
                     "and 33 more policies"));
    cr_assert(strstr(json_string_value(json_object_get(
                         json_object_get(json_array_get(blocks, 1), "text"), "text")),
                     "and 1 more change"));
    json_decref(j);

    j = rendered(PD_CHANNEL_DISCORD, &d);
    embeds = json_object_get(j, "embeds");
    cr_assert_leq(json_array_size(embeds), 10);
    cr_assert(strstr(json_string_value(json_object_get(j, "content")), "more policies"));
    json_decref(j);

    j = rendered(PD_CHANNEL_TEAMS, &d);
    cr_assert_str_eq(json_string_value(json_object_get(j, "type")), "message");
    cr_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(j, "attachments"), 0), "contentType")),
                     "application/vnd.microsoft.card.adaptive");
    json_decref(j);

    j = rendered(PD_CHANNEL_MATRIX, &d);
    cr_assert_str_eq(json_string_value(json_object_get(j, "msgtype")), "m.text");
    cr_assert_str_eq(json_string_value(json_object_get(j, "format")), "org.matrix.custom.html");
    cr_assert(strstr(json_string_value(json_object_get(j, "formatted_body")), "<b>policydiff: "));
    json_decref(j);

    j = rendered(PD_CHANNEL_JSON, &d);
    cr_assert_str_eq(json_string_value(json_object_get(j, "schema")), "policydiff/notify-1");
    cr_assert_eq(json_array_size(json_object_get(j, "policies")), 80);
    json_decref(j);
    pd_notify_digest_dispose(&d);
    pd_diff_free(diff);
}

/* ---- failed and refused fetches, in every layout ---- */

#define COSMETIC_MD "# Privacy\n\nWe do not sell your personal data!\n\nWe keep logs for 30 days.\n"

/* shop changed (the diff in *diff), walled refused, down failed. */
static void mixed_digest(pd_notify_digest *d, pd_diff **diff, int failures)
{
    pd_check_entry e[3];
    memset(e, 0, sizeof(e));
    cr_assert_eq(pd_diff_texts(diff, OLD_MD, strlen(OLD_MD), NEW_MD, strlen(NEW_MD), NULL), 0);
    e[0].name = "shop";
    e[0].url = "https://shop.example/privacy";
    e[0].status = "changed";
    e[0].diff = *diff;
    e[1].name = "walled";
    e[1].url = "https://walled.example/p";
    e[1].status = "suspicious";
    e[1].reason = "is not the policy (bot wall: a Cloudflare challenge)";
    e[2].name = "down";
    e[2].url = "https://down.example/p";
    e[2].status = "failed";
    e[2].reason = "HTTP 503 after 4 attempts\nthe server is down";
    cr_assert_eq(pd_notify_digest_build(d, e, 3, 5, "https://ci.example/r", failures), 0);
}

static const char *jstr(json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    cr_assert_not_null(v, "no string %s", key);
    return v;
}

Test(notify_layout, failures_have_their_own_section_in_every_layout)
{
    pd_notify_digest d;
    pd_diff *diff = NULL;
    pd_buf b = PD_BUF_INIT;
    json_t *j, *blocks, *e, *sec, *fact;
    size_t n;

    mixed_digest(&d, &diff, 1);
    cr_assert_eq(d.npolicies, 1);
    cr_assert_eq(d.nproblems, 2);
    cr_assert(strstr(d.headline, "policydiff: shop changed, worst severity ") &&
                  strstr(d.headline, "; 2 could not be checked"),
              "%s", d.headline);
    cr_assert_str_eq(d.problems[0].name, "walled");
    cr_assert_str_eq(d.problems[0].status, "refused");
    cr_assert_str_eq(d.problems[1].status, "failed");
    cr_assert_str_eq(d.problems[1].reason, "HTTP 503 after 4 attempts the server is down");

    j = rendered(PD_CHANNEL_SLACK, &d);
    blocks = json_object_get(j, "blocks");
    sec = json_array_get(blocks, json_array_size(blocks) - 2); /* before the report link */
    cr_assert_str_eq(jstr(sec, "type"), "section");
    cr_assert_str_eq(jstr(json_object_get(sec, "text"), "type"), "mrkdwn");
    cr_assert_str_eq(jstr(json_object_get(sec, "text"), "text"),
                     "*Could not be checked*\n"
                     "• <https://walled.example/p|walled> (refused): is not the policy (bot wall: "
                     "a Cloudflare challenge)\n"
                     "• <https://down.example/p|down> (failed): HTTP 503 after 4 attempts the "
                     "server is down\n");
    json_decref(j);

    j = rendered(PD_CHANNEL_DISCORD, &d);
    n = json_array_size(json_object_get(j, "embeds"));
    cr_assert_eq(n, 2);
    e = json_array_get(json_object_get(j, "embeds"), 1);
    cr_assert_str_eq(jstr(e, "title"), "Could not be checked");
    cr_assert_eq(json_integer_value(json_object_get(e, "color")), 0x6A737D);
    cr_assert(strstr(jstr(e, "description"), "- [down](https://down.example/p) (failed): HTTP 503"),
              "%s", jstr(e, "description"));
    cr_assert(strstr(jstr(j, "content"), "2 could not be checked"));
    json_decref(j);

    j = rendered(PD_CHANNEL_TEAMS, &d);
    blocks = json_object_get(
        json_object_get(json_array_get(json_object_get(j, "attachments"), 0), "content"), "body");
    e = json_array_get(blocks, json_array_size(blocks) - 1);
    cr_assert_str_eq(jstr(e, "type"), "TextBlock");
    cr_assert(!strncmp(jstr(e, "text"), "**Could not be checked**\n- [walled](", 36), "%s",
              jstr(e, "text"));
    json_decref(j);

    j = rendered(PD_CHANNEL_TEAMS_CARD, &d);
    blocks = json_object_get(j, "sections");
    cr_assert_eq(json_array_size(blocks), 2);
    sec = json_array_get(blocks, 1);
    cr_assert_str_eq(jstr(sec, "activityTitle"), "Could not be checked");
    fact = json_array_get(json_object_get(sec, "facts"), 0);
    cr_assert_str_eq(jstr(fact, "name"), "walled");
    cr_assert_str_eq(jstr(fact, "value"),
                     "refused: is not the policy (bot wall: a Cloudflare challenge)");
    fact = json_array_get(json_object_get(sec, "facts"), 1);
    cr_assert_str_eq(jstr(fact, "name"), "down");
    cr_assert(!strncmp(jstr(fact, "value"), "failed: HTTP 503", 16));
    json_decref(j);

    j = rendered(PD_CHANNEL_MATRIX, &d);
    cr_assert(strstr(jstr(j, "formatted_body"),
                     "<p><b>Could not be checked</b><ul><li><a href=\"https://walled.example/p\">"
                     "walled</a> (refused): is not the policy"),
              "%s", jstr(j, "formatted_body"));
    cr_assert(strstr(jstr(j, "body"), "**Could not be checked**\n- [walled]"));
    json_decref(j);

    j = rendered(PD_CHANNEL_JSON, &d);
    cr_assert_eq(json_array_size(json_object_get(j, "problems")), 2);
    e = json_array_get(json_object_get(j, "problems"), 1);
    cr_assert_str_eq(jstr(e, "name"), "down");
    cr_assert_str_eq(jstr(e, "url"), "https://down.example/p");
    cr_assert_str_eq(jstr(e, "status"), "failed");
    cr_assert_str_eq(jstr(e, "reason"), "HTTP 503 after 4 attempts the server is down");
    json_decref(j);

    /* apprise's body and the mail's text part */
    cr_assert_eq(pd_notify_markdown(&b, &d), 0);
    cr_assert(strstr(pd_buf_cstr(&b), "\n**Could not be checked**\n"
                                      "- [walled](https://walled.example/p) (refused): is not "),
              "%s", pd_buf_cstr(&b));
    cr_assert(strstr(pd_buf_cstr(&b), "[Full report](https://ci.example/r)"));
    pd_buf_dispose(&b);
    pd_notify_digest_dispose(&d);
    pd_diff_free(diff);

    /* no-failures: neither in the digest nor in its headline */
    mixed_digest(&d, &diff, 0);
    cr_assert_eq(d.nproblems, 0);
    cr_assert_null(strstr(d.headline, "could not be checked"), "%s", d.headline);
    j = rendered(PD_CHANNEL_JSON, &d);
    cr_assert_eq(json_array_size(json_object_get(j, "problems")), 0);
    json_decref(j);
    pd_notify_digest_dispose(&d);
    pd_diff_free(diff);
}

Test(notify_layout, a_run_with_only_failures_says_so_in_its_headline)
{
    pd_check_entry e[2];
    pd_notify_digest d;
    memset(e, 0, sizeof(e));
    e[0].name = "walled";
    e[0].url = "https://walled.example/p";
    e[0].status = "suspicious";
    e[1].name = "quiet";
    e[1].status = "unchanged";
    cr_assert_eq(pd_notify_digest_build(&d, e, 2, 5, NULL, 1), 0);
    cr_assert_str_eq(d.headline, "policydiff: walled could not be checked");
    cr_assert_eq(d.npolicies, 0);
    cr_assert_str_eq(d.problems[0].reason, "");
    pd_notify_digest_dispose(&d);
    e[1] = e[0];
    e[1].name = "down";
    e[1].status = "failed";
    cr_assert_eq(pd_notify_digest_build(&d, e, 2, 5, NULL, 1), 0);
    cr_assert_str_eq(d.headline, "policydiff: 2 policies could not be checked");
    pd_notify_digest_dispose(&d);
}

Test(notify_layout, many_failures_are_cut_with_and_n_more)
{
    static char names[300][16];
    pd_check_entry e[300];
    pd_notify_digest d;
    json_t *j, *blocks, *facts;
    const char *text;
    memset(e, 0, sizeof(e));
    for (size_t i = 0; i < 300; i++) {
        snprintf(names[i], sizeof(names[i]), "down-%zu", i);
        e[i].name = names[i];
        e[i].url = "https://down.example/privacy";
        e[i].status = "failed";
        e[i].reason = "HTTP 503 after 4 attempts (the server said: Service Unavailable)";
    }
    cr_assert_eq(pd_notify_digest_build(&d, e, 300, 5, NULL, 1), 0);
    j = rendered(PD_CHANNEL_SLACK, &d);
    blocks = json_object_get(j, "blocks");
    text = jstr(json_object_get(json_array_get(blocks, 1), "text"), "text");
    cr_assert_leq(strlen(text), 3000);
    cr_assert(strstr(text, "… and ") && strstr(text, " more\n"), "%s", text);
    json_decref(j);
    j = rendered(PD_CHANNEL_DISCORD, &d);
    text = jstr(json_array_get(json_object_get(j, "embeds"), 0), "description");
    cr_assert_leq(strlen(text), 2000);
    cr_assert(strstr(text, "… and "), "%s", text);
    json_decref(j);
    j = rendered(PD_CHANNEL_TEAMS_CARD, &d);
    facts = json_object_get(json_array_get(json_object_get(j, "sections"), 0), "facts");
    cr_assert_lt(json_array_size(facts), 300);
    cr_assert(
        !strncmp(jstr(json_array_get(facts, json_array_size(facts) - 1), "value"), "and ", 4));
    json_decref(j);
    pd_notify_digest_dispose(&d);
}

Test(notify_layout, notify_on_decides_for_changes_and_failures)
{
    pd_check_entry e[2];
    pd_diff *high = NULL, *cosmetic = NULL;
    pd_diff_summary sum;
    memset(e, 0, sizeof(e));
    cr_assert_eq(pd_diff_texts(&high, OLD_MD, strlen(OLD_MD), NEW_MD, strlen(NEW_MD), NULL), 0);
    cr_assert_eq(
        pd_diff_texts(&cosmetic, OLD_MD, strlen(OLD_MD), COSMETIC_MD, strlen(COSMETIC_MD), NULL),
        0);
    pd_diff_summarize(&sum, cosmetic);
    cr_assert_eq(sum.substantive, 0, "the fixture is meant to be cosmetic only");
    pd_diff_summarize(&sum, high);
    e[0].name = "shop";
    e[0].status = "changed";
    e[0].diff = cosmetic;
    cr_assert(pd_notify_wanted(e, 1, PD_SEV_NONE, 1), "none: any recorded change");
    cr_assert(!pd_notify_wanted(e, 1, PD_SEV_LOW, 1), "a cosmetic change is below low");
    e[0].diff = high;
    cr_assert(pd_notify_wanted(e, 1, (int)sum.worst, 0));
    if (sum.worst < PD_SEV_HIGH)
        cr_assert(!pd_notify_wanted(e, 1, PD_SEV_HIGH, 0));
    e[0].status = "first"; /* a first version is not a change */
    cr_assert(!pd_notify_wanted(e, 1, PD_SEV_NONE, 1));
    e[1].name = "down";
    e[1].status = "failed";
    cr_assert(pd_notify_wanted(e, 2, PD_SEV_HIGH, 1), "failures notify whatever the severity");
    cr_assert(!pd_notify_wanted(e, 2, PD_SEV_HIGH, 0), "unless left out");
    e[1].status = "suspicious";
    cr_assert(pd_notify_wanted(e, 2, PD_SEV_HIGH, 1));
    pd_diff_free(high);
    pd_diff_free(cosmetic);
}

Test(notify_layout, the_teams_message_card_keeps_to_its_limits)
{
    pd_notify_digest d;
    pd_diff *diff = NULL;
    pd_buf b = PD_BUF_INIT;
    json_t *j, *act;
    digest_of(&d, &diff, 80);
    cr_assert_eq(pd_notify_render(&b, PD_CHANNEL_TEAMS_CARD, &d), 0);
    cr_assert_lt(b.len, 28000);
    j = json_loads(pd_buf_cstr(&b), 0, NULL);
    cr_assert_not_null(j);
    cr_assert_str_eq(jstr(j, "@type"), "MessageCard");
    cr_assert_str_eq(jstr(j, "@context"), "https://schema.org/extensions");
    cr_assert_leq(json_array_size(json_object_get(j, "sections")), 10);
    cr_assert_str_eq(jstr(j, "text"), "… and 70 more policies");
    act = json_array_get(json_object_get(j, "potentialAction"), 0);
    cr_assert_str_eq(jstr(act, "@type"), "OpenUri");
    cr_assert_str_eq(jstr(act, "name"), "Full report");
    cr_assert_str_eq(jstr(json_array_get(json_object_get(act, "targets"), 0), "os"), "default");
    cr_assert_str_eq(jstr(json_array_get(json_object_get(act, "targets"), 0), "uri"),
                     "https://ci.example/report");
    json_decref(j);
    pd_buf_dispose(&b);
    pd_notify_digest_dispose(&d);
    pd_diff_free(diff);
}

/* ---- end to end: check --notify against local receivers ---- */

typedef struct {
    int fd, port;
    int n;          /* connections to answer */
    int status[4];  /* what to answer each */
    pd_buf request; /* the last one: head and body */
    int seen;
} listener;

static void read_request(listener *l, int c)
{
    char buf[8192];
    size_t want = 0;
    pd_buf_clear(&l->request);
    for (;;) {
        ssize_t n = read(c, buf, sizeof(buf));
        const char *end;
        if (n <= 0)
            break;
        pd_buf_put(&l->request, buf, (size_t)n);
        end = strstr(pd_buf_cstr(&l->request), "\r\n\r\n");
        if (end && !want) {
            const char *cl = strcasestr(pd_buf_cstr(&l->request), "\r\nContent-Length:");
            want = (size_t)(end + 4 - l->request.ptr) + (cl ? strtoul(cl + 17, NULL, 10) : 0);
        }
        if (want && l->request.len >= want)
            break;
    }
}

static void *serve(void *arg)
{
    listener *l = arg;
    char reply[128];
    for (int i = 0; i < l->n; i++) {
        int c = accept(l->fd, NULL, NULL);
        if (c < 0)
            return NULL;
        read_request(l, c);
        l->seen++;
        snprintf(reply, sizeof(reply),
                 "HTTP/1.1 %d X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", l->status[i]);
        if (write(c, reply, strlen(reply)) < 0)
            perror("write");
        close(c);
    }
    return NULL;
}

static void listener_start(listener *l, pthread_t *t)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof(a);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    l->fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert(l->fd >= 0);
    cr_assert_eq(bind(l->fd, (struct sockaddr *)&a, sizeof(a)), 0);
    cr_assert_eq(listen(l->fd, 4), 0);
    cr_assert_eq(getsockname(l->fd, (struct sockaddr *)&a, &alen), 0);
    l->port = ntohs(a.sin_port);
    cr_assert_eq(pthread_create(t, NULL, serve, l), 0);
}

static json_t *body_of(listener *l)
{
    const char *body = strstr(pd_buf_cstr(&l->request), "\r\n\r\n");
    json_t *j;
    cr_assert_not_null(body, "%s", l->request.ptr);
    cr_assert(!strncmp(l->request.ptr, "POST /hook HTTP/1.1\r\n", 21), "%s", l->request.ptr);
    cr_assert(strcasestr(l->request.ptr, "\r\nContent-Type: application/json\r\n"));
    j = json_loads(body + 4, 0, NULL);
    cr_assert_not_null(j, "not JSON: %s", body + 4);
    return j;
}

static char *dir;
static char store[1024], site[1024], page[1200];
static pd_test_server srv;

static void put_page(int v)
{
    char rel[64];
    pd_buf b = PD_BUF_INIT;
    snprintf(rel, sizeof(rel), "cli/fixtures/site/v%d.html", v);
    pd_test_read(&b, rel);
    cr_assert_eq(pd_write_file_atomic(page, b.ptr, b.len), 0);
    pd_buf_dispose(&b);
}

static void run(pd_test_run_result *r, const char *const *args)
{
    const char *argv[32] = {"-C", store};
    size_t n = 2;
    for (size_t i = 0; args[i] && n < 31; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    pd_test_run(r, NULL, argv);
}

static void setup(void)
{
    pd_test_run_result r;
    char url[256];
    setenv("POLICYDIFF_HTTP_BACKOFF_MS", "5", 1);
    setenv("POLICYDIFF_HTTP_MAX_WAIT_MS", "50", 1);
    setenv("POLICYDIFF_HTTP_HOST_DELAY_MS", "0", 1);
    dir = pd_test_tmpdir();
    snprintf(store, sizeof(store), "%.900s/store", dir);
    snprintf(site, sizeof(site), "%.900s/site", dir);
    snprintf(page, sizeof(page), "%s/privacy.html", site);
    cr_assert_eq(mkdir(site, 0700), 0);
    put_page(1);
    pd_test_server_start(&srv, site, NULL);
    snprintf(url, sizeof(url), "%s/privacy.html", srv.base);
    pd_test_run(&r, NULL, (const char *const[]){"init", store, NULL});
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"add", "shop", url, NULL});
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"check", NULL});
    pd_test_run_dispose(&r);
    put_page(2);
}

static void teardown(void)
{
    pd_test_server_stop(&srv);
    pd_test_rmtree(dir);
    free(dir);
}

TestSuite(notify, .init = setup, .fini = teardown, .timeout = 120);

static long colour_of(const char *sev)
{
    return !strcmp(sev, "high")     ? 0xD73A49
           : !strcmp(sev, "medium") ? 0xF66A0A
           : !strcmp(sev, "low")    ? 0xDBAB09
                                    : 0x6A737D; /* none: cosmetic only, grey */
}

Test(notify, slack_and_discord_receive_their_documented_shapes)
{
    pd_test_run_result r;
    listener ls = {.n = 1, .status = {200}}, ld = {.n = 1, .status = {200}};
    pthread_t ts, td;
    char slack[128], discord[128];
    json_t *j, *report, *blocks, *b, *e;
    const char *worst, *text;

    listener_start(&ls, &ts);
    listener_start(&ld, &td);
    snprintf(slack, sizeof(slack), "http://127.0.0.1:%d/hook", ls.port);
    snprintf(discord, sizeof(discord), "http://127.0.0.1:%d/hook", ld.port);
    setenv("PD_UNUSED", "", 1);
    run(&r, (const char *const[]){"check", "--format", "json", "--fail-on", "none", "--notify-on",
                                  "low", "--notify-format", "slack", "--notify", slack,
                                  "--report-url", "https://ci.example/run/7", NULL});
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err.ptr);
    report = json_loads(r.out.ptr, 0, NULL);
    worst =
        json_string_value(json_object_get(json_object_get(report, "summary"), "worst_severity"));
    pd_test_run_dispose(&r);
    pthread_join(ts, NULL);

    j = body_of(&ls);
    cr_assert(json_is_string(json_object_get(j, "text")));
    cr_assert(strstr(json_string_value(json_object_get(j, "text")), "shop changed"));
    blocks = json_object_get(j, "blocks");
    cr_assert(json_is_array(blocks) && json_array_size(blocks) >= 3);
    b = json_array_get(blocks, 0);
    cr_assert_str_eq(json_string_value(json_object_get(b, "type")), "header");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(b, "text"), "type")),
                     "plain_text");
    cr_assert_leq(strlen(json_string_value(json_object_get(json_object_get(b, "text"), "text"))),
                  150);
    b = json_array_get(blocks, 1);
    cr_assert_str_eq(json_string_value(json_object_get(b, "type")), "section");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(b, "text"), "type")),
                     "mrkdwn");
    text = json_string_value(json_object_get(json_object_get(b, "text"), "text"));
    cr_assert(strstr(text, "|shop>") && strstr(text, worst), "%s", text);
    cr_assert_leq(strlen(text), 3000);
    b = json_array_get(blocks, json_array_size(blocks) - 1);
    cr_assert_str_eq(json_string_value(json_object_get(b, "type")), "context");
    cr_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(b, "elements"), 0), "text")),
                     "<https://ci.example/run/7|Full report>");
    json_decref(j);

    /* the same run again (a new change) to Discord */
    put_page(3);
    run(&r, (const char *const[]){"check", "--fail-on", "none", "--notify-on", "none",
                                  "--notify-format", "discord", "--notify", discord,
                                  "--notify-changes", "1", NULL});
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err.ptr);
    pd_test_run_dispose(&r);
    pthread_join(td, NULL);
    j = body_of(&ld);
    cr_assert(strstr(json_string_value(json_object_get(j, "content")), "policydiff: shop changed"));
    cr_assert_leq(strlen(json_string_value(json_object_get(j, "content"))), 2000);
    cr_assert_eq(json_array_size(json_object_get(j, "embeds")), 1);
    e = json_array_get(json_object_get(j, "embeds"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(e, "title")), "shop");
    cr_assert(!strncmp(json_string_value(json_object_get(e, "url")), "http://127.0.0.1:", 17));
    cr_assert(json_is_string(json_object_get(e, "description")));
    cr_assert_leq(strlen(json_string_value(json_object_get(e, "description"))), 4096);
    worst = json_string_value(
        json_object_get(json_array_get(json_object_get(e, "fields"), 0), "value"));
    cr_assert_str_eq(
        json_string_value(json_object_get(json_array_get(json_object_get(e, "fields"), 0), "name")),
        "Worst severity");
    cr_assert_eq(json_integer_value(json_object_get(e, "color")), colour_of(worst), "%s", worst);
    json_decref(j);
    json_decref(report);
    close(ls.fd);
    close(ld.fd);
    pd_buf_dispose(&ls.request);
    pd_buf_dispose(&ld.request);
}

Test(notify, a_503_is_retried_and_a_refusal_exits_3_keeping_the_versions)
{
    pd_test_run_result r;
    listener l = {.n = 2, .status = {503, 200}}, bad = {.n = 1, .status = {400}};
    pthread_t t, tb;
    char hook[128], badhook[128];

    listener_start(&l, &t);
    listener_start(&bad, &tb);
    snprintf(hook, sizeof(hook), "http://127.0.0.1:%d/hook", l.port);
    snprintf(badhook, sizeof(badhook), "http://127.0.0.1:%d/hook/SECRET", bad.port);
    run(&r, (const char *const[]){"check", "--fail-on", "none", "--notify-on", "none", "--notify",
                                  hook, "--notify", badhook, NULL});
    cr_assert_eq(r.status, 3, "exit %d: %s", r.status, r.err.ptr);
    cr_assert(strstr(r.err.ptr, "--notify http://127.0.0.1:"), "%s", r.err.ptr);
    cr_assert(strstr(r.err.ptr, "400"), "%s", r.err.ptr);
    cr_assert_null(strstr(r.err.ptr, "SECRET"), "the secret path was printed: %s", r.err.ptr);
    pd_test_run_dispose(&r);
    pthread_join(t, NULL);
    pthread_join(tb, NULL);
    cr_assert_eq(l.seen, 2);
    json_decref(body_of(&l));
    close(l.fd);
    close(bad.fd);
    pd_buf_dispose(&l.request);
    pd_buf_dispose(&bad.request);
    run(&r, (const char *const[]){"log", "shop", NULL});
    cr_assert_eq(r.status, 0);
    pd_test_run_dispose(&r);
}

Test(notify, below_notify_on_nothing_is_sent)
{
    pd_test_run_result r;
    /* nothing listens there: a send would fail and exit 3 */
    run(&r, (const char *const[]){"check", "--fail-on", "none", "--notify-on", "high", "--notify",
                                  "http://127.0.0.1:9/hook", NULL});
    cr_assert(r.status == 0 || strstr(r.out.ptr, "high"), "exit %d: %s", r.status, r.err.ptr);
    pd_test_run_dispose(&r);
}

/* 1 when an executable apprise is in PATH. */
static int have_apprise(void)
{
    const char *path = getenv("PATH");
    char dirs[4096], file[4200];
    snprintf(dirs, sizeof(dirs), "%s", path ? path : "");
    for (char *d = strtok(dirs, ":"); d; d = strtok(NULL, ":")) {
        snprintf(file, sizeof(file), "%s/apprise", d);
        if (access(file, X_OK) == 0)
            return 1;
    }
    return 0;
}

Test(notify, apprise_posts_to_a_local_json_receiver)
{
    pd_test_run_result r;
    listener l = {.n = 1, .status = {200}};
    pthread_t t;
    char target[128];
    json_t *j;
    const char *body;

    if (!have_apprise()) {
        printf("# skipped: apprise is not installed (apt install apprise)\n");
        cr_skip_test("apprise is not installed (apt install apprise)");
    }
    listener_start(&l, &t);
    snprintf(target, sizeof(target), "apprise:json://127.0.0.1:%d/hook", l.port);
    run(&r, (const char *const[]){"check", "--fail-on", "none", "--notify-on", "none", "--notify",
                                  target, NULL});
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err.ptr);
    pd_test_run_dispose(&r);
    pthread_join(t, NULL);
    close(l.fd);
    body = strstr(pd_buf_cstr(&l.request), "\r\n\r\n");
    cr_assert_not_null(body, "%s", l.request.ptr);
    j = json_loads(body + 4, 0, NULL);
    cr_assert_not_null(j, "%s", body);
    cr_assert(strstr(json_string_value(json_object_get(j, "title")), "policydiff: shop changed"),
              "%s", body);
    cr_assert(strstr(json_string_value(json_object_get(j, "message")), "[shop](http://127.0.0.1"),
              "%s", body);
    json_decref(j);
    pd_buf_dispose(&l.request);
}

Test(notify, without_apprise_one_clear_line_and_exit_3)
{
    pd_test_run_result r;
    char *old = strdup(getenv("PATH") ? getenv("PATH") : "");
    setenv("PATH", dir, 1); /* an empty directory: no apprise there */
    run(&r, (const char *const[]){"check", "--fail-on", "none", "--notify-on", "none", "--notify",
                                  "apprise:json://127.0.0.1:9/secret", NULL});
    setenv("PATH", old, 1);
    free(old);
    cr_assert_eq(r.status, 3, "exit %d: %s", r.status, r.err.ptr);
    cr_assert(strstr(r.err.ptr, "apprise is not installed"), "%s", r.err.ptr);
    cr_assert_null(strstr(r.err.ptr, "secret"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
}

/* ---- mail: libcurl's SMTP to the receiver of tests/support ---- */

static pid_t smtp_start(int *port, const char *portfile, const char *outfile)
{
    char script[1200];
    pid_t pid;
    pd_buf b = PD_BUF_INIT;
    snprintf(script, sizeof(script), "%s/tests/support/smtp_receiver.py",
             getenv("PD_SOURCE_ROOT") ? getenv("PD_SOURCE_ROOT") : "..");
    pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        execlp("python3", "python3", script, portfile, outfile, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 500 && access(portfile, R_OK) != 0; i++)
        usleep(10000);
    cr_assert_eq(pd_buf_read_file(&b, portfile, 64), 0, "the SMTP receiver did not start");
    *port = atoi(pd_buf_cstr(&b));
    pd_buf_dispose(&b);
    return pid;
}

Test(notify, mail_has_a_text_and_an_html_part)
{
    pd_test_run_result r;
    char portfile[1200], outfile[1200], smtp[64];
    int port, status;
    pd_buf b = PD_BUF_INIT;
    json_t *j, *parts;
    pid_t pid;

    snprintf(portfile, sizeof(portfile), "%s/smtp.port", dir);
    snprintf(outfile, sizeof(outfile), "%s/smtp.json", dir);
    pid = smtp_start(&port, portfile, outfile);
    snprintf(smtp, sizeof(smtp), "smtp://127.0.0.1:%d", port);
    setenv("POLICYDIFF_SMTP_USER", "alice", 1);
    setenv("POLICYDIFF_SMTP_PASSWORD", "s3cret", 1);
    run(&r, (const char *const[]){"check", "--fail-on", "none", "--notify-on", "none", "--notify",
                                  "mailto:me@example.org,you@example.org", "--smtp-url", smtp,
                                  "--mail-from", "pd@example.org", "--report-url",
                                  "https://ci.example/r", NULL});
    unsetenv("POLICYDIFF_SMTP_USER");
    unsetenv("POLICYDIFF_SMTP_PASSWORD");
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err.ptr);
    cr_assert_null(strstr(r.err.ptr, "s3cret"));
    pd_test_run_dispose(&r);
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "receiver: %d", status);
    cr_assert_eq(pd_buf_read_file(&b, outfile, 1 << 20), 0);
    j = json_loads(pd_buf_cstr(&b), 0, NULL);
    cr_assert_not_null(j, "%s", pd_buf_cstr(&b));
    cr_assert_str_eq(json_string_value(json_object_get(j, "from")), "pd@example.org");
    cr_assert_eq(json_array_size(json_object_get(j, "to")), 2);
    cr_assert_str_eq(json_string_value(json_object_get(j, "user")), "alice");
    cr_assert(strstr(json_string_value(json_object_get(j, "subject")), "policydiff: shop changed"));
    cr_assert_str_eq(json_string_value(json_object_get(j, "content_type")),
                     "multipart/alternative");
    parts = json_object_get(j, "parts");
    cr_assert_eq(json_array_size(parts), 2, "%s", pd_buf_cstr(&b));
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(parts, 0), "type")),
                     "text/plain");
    cr_assert(strstr(json_string_value(json_object_get(json_array_get(parts, 0), "text")),
                     "**policydiff: shop changed"));
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(parts, 1), "type")),
                     "text/html");
    cr_assert(strstr(json_string_value(json_object_get(json_array_get(parts, 1), "text")),
                     "<a href=\"https://ci.example/r\">Full report</a>"));
    json_decref(j);
    pd_buf_dispose(&b);
}

Test(notify, mail_credentials_never_come_from_the_command_line)
{
    pd_test_run_result r;
    run(&r, (const char *const[]){"check", "--notify", "mailto:me@example.org", "--smtp-url",
                                  "smtp://bob:pw@127.0.0.1:25", NULL});
    cr_assert_eq(r.status, 2, "exit %d: %s", r.status, r.err.ptr);
    cr_assert(strstr(r.err.ptr, "POLICYDIFF_SMTP_USER"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"check", "--notify", "mailto:me@example.org", NULL});
    cr_assert_eq(r.status, 2, "exit %d: %s", r.status, r.err.ptr);
    cr_assert(strstr(r.err.ptr, "--smtp-url"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
}

Test(notify, teams_posts_a_card_and_matrix_puts_an_event_with_the_token)
{
    pd_test_run_result r;
    listener lt = {.n = 1, .status = {200}}, lm = {.n = 1, .status = {200}};
    pthread_t tt, tm;
    char teams[128], matrix[160];
    const char *body;
    json_t *j, *card;

    listener_start(&lt, &tt);
    listener_start(&lm, &tm);
    snprintf(teams, sizeof(teams), "http://127.0.0.1:%d/hook", lt.port);
    snprintf(matrix, sizeof(matrix),
             "http://127.0.0.1:%d/_matrix/client/v3/rooms/!r%%3Ah/send/m.room.message", lm.port);
    setenv("POLICYDIFF_MATRIX_TOKEN", "tok123", 1);
    run(&r, (const char *const[]){"check", "--fail-on", "none", "--notify-on", "none",
                                  "--notify-format", "teams", "--notify", teams, NULL});
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err.ptr);
    pd_test_run_dispose(&r);
    put_page(3);
    run(&r, (const char *const[]){"check", "--fail-on", "none", "--notify-on", "none",
                                  "--notify-format", "matrix", "--notify", matrix, NULL});
    unsetenv("POLICYDIFF_MATRIX_TOKEN");
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err.ptr);
    pd_test_run_dispose(&r);
    pthread_join(tt, NULL);
    pthread_join(tm, NULL);

    j = body_of(&lt);
    cr_assert_str_eq(json_string_value(json_object_get(j, "type")), "message");
    card = json_object_get(json_array_get(json_object_get(j, "attachments"), 0), "content");
    cr_assert_str_eq(json_string_value(json_object_get(card, "type")), "AdaptiveCard");
    cr_assert_str_eq(json_string_value(json_object_get(card, "version")), "1.4");
    cr_assert(strstr(json_string_value(
                         json_object_get(json_array_get(json_object_get(card, "body"), 0), "text")),
                     "policydiff: shop changed"));
    json_decref(j);

    cr_assert(
        !strncmp(lm.request.ptr, "PUT /_matrix/client/v3/rooms/!r%3Ah/send/m.room.message/pd", 58),
        "%s", lm.request.ptr);
    cr_assert(strcasestr(lm.request.ptr, "\r\nAuthorization: Bearer tok123\r\n"), "%s",
              lm.request.ptr);
    body = strstr(lm.request.ptr, "\r\n\r\n") + 4;
    j = json_loads(body, 0, NULL);
    cr_assert_not_null(j, "%s", body);
    cr_assert_str_eq(json_string_value(json_object_get(j, "msgtype")), "m.text");
    cr_assert_str_eq(json_string_value(json_object_get(j, "format")), "org.matrix.custom.html");
    cr_assert(strstr(json_string_value(json_object_get(j, "body")), "policydiff: shop changed"));
    cr_assert(strstr(json_string_value(json_object_get(j, "formatted_body")), "<b>policydiff: "));
    json_decref(j);
    close(lt.fd);
    close(lm.fd);
    pd_buf_dispose(&lt.request);
    pd_buf_dispose(&lm.request);
}

Test(notify, bad_notify_options_are_usage_errors)
{
    const char *const bad[][3] = {{"--notify-changes", "0", NULL},
                                  {"--notify-on", "severe", NULL},
                                  {"--notify-format", "irc", NULL},
                                  {"--notify", "ftp://x/SECRET", NULL}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        pd_test_run_result r;
        run(&r, (const char *const[]){"check", "--notify", "http://127.0.0.1:9/x", bad[i][0],
                                      bad[i][1], NULL});
        cr_assert_eq(r.status, 2, "%s %s: exit %d: %s", bad[i][0], bad[i][1], r.status, r.err.ptr);
        cr_assert(strstr(r.err.ptr, bad[i][0]), "%s", r.err.ptr);
        cr_assert_null(strstr(r.err.ptr, "SECRET"), "%s", r.err.ptr);
        pd_test_run_dispose(&r);
    }
}

/* ---- --notify-on for every channel, failures, the MessageCard ---- */

static int exists(const char *path)
{
    return access(path, F_OK) == 0;
}

Test(notify, notify_on_gates_the_command_and_the_webhook_too)
{
    pd_test_run_result r;
    listener l = {.n = 1, .status = {200}};
    pthread_t t;
    char hook[128], cmd[2600], out[1200];
    json_t *j;

    snprintf(out, sizeof(out), "%s/notified.json", dir);
    snprintf(cmd, sizeof(cmd), "sh -c 'cat > \"$0\"' %s", out);
    /* v1 -> v2: a substantive change, at the default (--fail-on low) */
    listener_start(&l, &t);
    snprintf(hook, sizeof(hook), "http://127.0.0.1:%d/hook", l.port);
    run(&r, (const char *const[]){"check", "--webhook", hook, "--notify-command", cmd, NULL});
    cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.err.ptr);
    pd_test_run_dispose(&r);
    pthread_join(t, NULL);
    j = body_of(&l);
    cr_assert_str_eq(json_string_value(json_object_get(j, "schema")), "policydiff/check-1");
    json_decref(j);
    close(l.fd);
    pd_buf_dispose(&l.request);
    cr_assert(exists(out), "the command was not run");
    cr_assert_eq(unlink(out), 0);

    /* v2 -> v3 is cosmetic only: below low, so neither is run (nothing
     * listens on port 9: a POST would fail and exit 3) */
    put_page(3);
    run(&r, (const char *const[]){"check", "--webhook", "http://127.0.0.1:9/hook",
                                  "--notify-command", cmd, NULL});
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err.ptr);
    cr_assert_null(strstr(r.err.ptr, "webhook"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    cr_assert(!exists(out), "the command ran for a cosmetic change below --notify-on");

    /* --fail-on high moves the default of --notify-on too */
    put_page(2);
    run(&r, (const char *const[]){"check", "--fail-on", "high", "--notify-command", cmd, NULL});
    cr_assert(r.status == 0 || r.status == 1, "exit %d: %s", r.status, r.err.ptr);
    pd_test_run_dispose(&r);
    cr_assert(!exists(out), "a cosmetic change reached --fail-on high");

    /* none: any recorded change, cosmetic too */
    put_page(3);
    run(&r, (const char *const[]){"check", "--notify-on", "none", "--notify-command", cmd, NULL});
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err.ptr);
    pd_test_run_dispose(&r);
    cr_assert(exists(out), "--notify-on none did not run the command for a cosmetic change");
}

Test(notify, failed_and_refused_fetches_notify_with_their_reasons)
{
    pd_test_run_result r;
    listener ls = {.n = 1, .status = {200}}, lw = {.n = 1, .status = {200}};
    pthread_t ts, tw;
    char slack[128], hook[128], wall[300], down[300], cmd[2600], out[1200];
    char portfile[1200], outfile[1200], smtp[64];
    json_t *j, *blocks, *sec, *pol, *parts;
    const char *text;
    pd_buf b = PD_BUF_INIT;
    int port, status;
    pid_t pid;

    snprintf(wall, sizeof(wall), "%s/fault/botwall/privacy.html", srv.base);
    snprintf(down, sizeof(down), "%s/fault/503/privacy.html", srv.base);
    run(&r, (const char *const[]){"add", "walled", wall, NULL});
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"add", "down", down, NULL});
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    snprintf(out, sizeof(out), "%s/notified.json", dir);
    snprintf(cmd, sizeof(cmd), "sh -c 'cat > \"$0\"' %s", out);
    snprintf(portfile, sizeof(portfile), "%s/smtp.port", dir);
    snprintf(outfile, sizeof(outfile), "%s/smtp.json", dir);
    pid = smtp_start(&port, portfile, outfile);
    snprintf(smtp, sizeof(smtp), "smtp://127.0.0.1:%d", port);
    listener_start(&ls, &ts);
    listener_start(&lw, &tw);
    snprintf(slack, sizeof(slack), "http://127.0.0.1:%d/hook", ls.port);
    snprintf(hook, sizeof(hook), "http://127.0.0.1:%d/hook", lw.port);

    /* no change in the run, and --notify-on high: the failures notify */
    run(&r,
        (const char *const[]){"check", "walled", "down", "--notify-on", "high", "--notify-format",
                              "slack", "--notify", slack, "--webhook", hook, "--notify-command",
                              cmd, "--notify", "mailto:me@example.org", "--smtp-url", smtp, NULL});
    cr_assert_eq(r.status, 3, "exit %d: %s", r.status, r.err.ptr);
    cr_assert_null(strstr(r.err.ptr, "--notify"), "a delivery failed: %s", r.err.ptr);
    pd_test_run_dispose(&r);
    pthread_join(ts, NULL);
    pthread_join(tw, NULL);

    j = body_of(&ls);
    cr_assert_str_eq(json_string_value(json_object_get(j, "text")),
                     "policydiff: 2 policies could not be checked");
    blocks = json_object_get(j, "blocks");
    cr_assert_eq(json_array_size(blocks), 2, "a header and the failures' section");
    sec = json_array_get(blocks, 1);
    text = json_string_value(json_object_get(json_object_get(sec, "text"), "text"));
    cr_assert(!strncmp(text, "*Could not be checked*\n", 23), "%s", text);
    cr_assert(strstr(text, "|walled> (refused): ") && strstr(text, "bot wall"), "%s", text);
    cr_assert(strstr(text, "|down> (failed): ") && strstr(text, "503"), "%s", text);
    json_decref(j);

    j = body_of(&lw); /* the webhook's check-1 report lists them */
    cr_assert_str_eq(json_string_value(json_object_get(j, "schema")), "policydiff/check-1");
    pol = json_array_get(json_object_get(j, "policies"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(pol, "name")), "walled");
    cr_assert_str_eq(json_string_value(json_object_get(pol, "status")), "suspicious");
    pol = json_array_get(json_object_get(j, "policies"), 1);
    cr_assert_str_eq(json_string_value(json_object_get(pol, "name")), "down");
    cr_assert_str_eq(json_string_value(json_object_get(pol, "status")), "failed");
    json_decref(j);
    cr_assert(exists(out), "the command was not run for the failures");
    cr_assert_eq(unlink(out), 0);

    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert_eq(pd_buf_read_file(&b, outfile, 1 << 20), 0);
    j = json_loads(pd_buf_cstr(&b), 0, NULL);
    cr_assert_not_null(j, "%s", pd_buf_cstr(&b));
    cr_assert_str_eq(json_string_value(json_object_get(j, "subject")),
                     "policydiff: 2 policies could not be checked");
    parts = json_object_get(j, "parts");
    text = json_string_value(json_object_get(json_array_get(parts, 0), "text"));
    cr_assert(strstr(text, "**Could not be checked**\n- [walled](") && strstr(text, "(refused)"),
              "%s", text);
    text = json_string_value(json_object_get(json_array_get(parts, 1), "text"));
    cr_assert(strstr(text, "<b>Could not be checked</b><ul><li><a href=") &&
                  strstr(text, "</a> (failed): "),
              "%s", text);
    json_decref(j);
    pd_buf_dispose(&b);

    /* ,no-failures: none of the channels is used (nothing listens on 9) */
    run(&r, (const char *const[]){"check", "walled", "down", "--notify-on", "high,no-failures",
                                  "--notify", "http://127.0.0.1:9/hook", "--webhook",
                                  "http://127.0.0.1:9/hook", "--notify-command", cmd, NULL});
    cr_assert_eq(r.status, 3, "exit %d: %s", r.status, r.err.ptr);
    cr_assert_null(strstr(r.err.ptr, "--notify"), "%s", r.err.ptr);
    cr_assert_null(strstr(r.err.ptr, "--webhook"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    cr_assert(!exists(out), "the command ran although failures were left out");
    close(ls.fd);
    close(lw.fd);
    pd_buf_dispose(&ls.request);
    pd_buf_dispose(&lw.request);
}

Test(notify, teams_card_fields_as_microsoft_documents_them)
{
    pd_test_run_result r;
    listener l = {.n = 1, .status = {200}};
    pthread_t t;
    char hook[128], colour[8];
    json_t *j, *report, *sec, *fact, *act, *target;
    const char *worst;

    listener_start(&l, &t);
    snprintf(hook, sizeof(hook), "http://127.0.0.1:%d/hook", l.port);
    run(&r, (const char *const[]){"check", "--format", "json", "--fail-on", "none",
                                  "--notify-format", "teams-card", "--notify", hook, "--report-url",
                                  "https://ci.example/run/9", NULL});
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err.ptr);
    report = json_loads(r.out.ptr, 0, NULL);
    cr_assert_not_null(report);
    worst =
        json_string_value(json_object_get(json_object_get(report, "summary"), "worst_severity"));
    pd_test_run_dispose(&r);
    pthread_join(t, NULL);

    j = body_of(&l);
    cr_assert_str_eq(jstr(j, "@type"), "MessageCard");
    cr_assert_str_eq(jstr(j, "@context"), "https://schema.org/extensions");
    cr_assert(!strncmp(jstr(j, "summary"), "policydiff: shop changed, worst severity ", 41));
    cr_assert_str_eq(jstr(j, "title"), jstr(j, "summary"));
    snprintf(colour, sizeof(colour), "%06lX", (unsigned long)colour_of(worst));
    cr_assert_str_eq(jstr(j, "themeColor"), colour);
    cr_assert_null(json_object_get(j, "text"), "nothing was cut");
    cr_assert_eq(json_array_size(json_object_get(j, "sections")), 1);
    sec = json_array_get(json_object_get(j, "sections"), 0);
    cr_assert(!strncmp(jstr(sec, "activityTitle"), "[shop](http://127.0.0.1:", 24), "%s",
              jstr(sec, "activityTitle"));
    cr_assert_gt(strlen(jstr(sec, "activitySubtitle")), 0);
    fact = json_array_get(json_object_get(sec, "facts"), 0);
    cr_assert_str_eq(jstr(fact, "name"), "Worst severity");
    cr_assert_str_eq(jstr(fact, "value"), worst);
    cr_assert(!strncmp(jstr(sec, "text"), "- **", 4), "%s", jstr(sec, "text"));
    cr_assert(json_is_true(json_object_get(sec, "markdown")));
    cr_assert_eq(json_array_size(json_object_get(j, "potentialAction")), 1);
    act = json_array_get(json_object_get(j, "potentialAction"), 0);
    cr_assert_str_eq(jstr(act, "@type"), "OpenUri");
    cr_assert_str_eq(jstr(act, "name"), "Full report");
    target = json_array_get(json_object_get(act, "targets"), 0);
    cr_assert_str_eq(jstr(target, "os"), "default");
    cr_assert_str_eq(jstr(target, "uri"), "https://ci.example/run/9");
    json_decref(j);
    json_decref(report);
    close(l.fd);
    pd_buf_dispose(&l.request);
}
