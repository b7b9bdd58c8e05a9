/* send.c - notification targets and their delivery; see notify.h. */
#include "fetch/notify.h"
#include "notify/notify.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const format_names[] = {
    [PD_CHANNEL_SLACK] = "slack", [PD_CHANNEL_DISCORD] = "discord",
    [PD_CHANNEL_TEAMS] = "teams", [PD_CHANNEL_MATRIX] = "matrix",
    [PD_CHANNEL_JSON] = "json",   [PD_CHANNEL_TEAMS_CARD] = "teams-card"};

int pd_channel_format_from_name(const char *name)
{
    for (size_t i = 0; name && i < sizeof(format_names) / sizeof(*format_names); i++)
        if (!strcmp(name, format_names[i]))
            return (int)i;
    return -1;
}

/* The scheme targets: prefix, the service URL before the rest, format. */
static const struct {
    const char *scheme, *base;
    pd_channel_format format;
} schemes[] = {
    {"slack://", "https://hooks.slack.com/services/", PD_CHANNEL_SLACK},
    {"discord://", "https://discord.com/api/webhooks/", PD_CHANNEL_DISCORD},
    {"msteams://", "https://", PD_CHANNEL_TEAMS},
    {"matrix://", "https://", PD_CHANNEL_MATRIX},
};

int pd_channel_is_connector(const char *url)
{
    const char *host = strstr(url, "://"), *path;
    size_t n;
    if (!host || strncmp(url, "https://", 8))
        return 0;
    host += 3;
    n = strcspn(host, "/?#");
    path = host + n;
    if (memchr(host, '@', n))
        return 0;
    if (n > 19 && !strncasecmp(host + n - 19, ".webhook.office.com", 19))
        return !strncmp(path, "/webhookb2/", 11);
    if ((n == 18 && !strncasecmp(host, "outlook.office.com", 18)) ||
        (n == 21 && !strncasecmp(host, "outlook.office365.com", 21)))
        return !strncmp(path, "/webhook/", 9);
    return 0;
}

/* "scheme://host" of url, for messages: never the path, which is the secret. */
static char *label_of(const char *url)
{
    const char *host = strstr(url, "://");
    size_t n = host ? (size_t)(host + 3 - url) + strcspn(host + 3, "/?#@") : strlen(url);
    pd_buf b = PD_BUF_INIT;
    if (host && strchr(host + 3, '@') && strchr(host + 3, '@') < host + 3 + strcspn(host + 3, "/"))
        n = (size_t)(host + 3 - url); /* user:password@: leave it all out */
    pd_buf_put(&b, url, n);
    return pd_buf_detach(&b);
}

/* matrix://HOST/ROOM: the room's send endpoint and the token. */
static int matrix_target(pd_channel *c, const char *rest)
{
    const char *slash = strchr(rest, '/'), *token = getenv("POLICYDIFF_MATRIX_TOKEN");
    pd_buf u = PD_BUF_INIT;
    if (!slash || !slash[1] || slash == rest)
        return pd_error_set(PD_EINVALID, "matrix:// targets are matrix://HOST/ROOM (a room id "
                                         "such as !abc:example.org or an alias)");
    if (!token || !*token)
        return pd_error_set(PD_EINVALID, "matrix://: set POLICYDIFF_MATRIX_TOKEN to the access "
                                         "token of the account that posts");
    pd_buf_printf(&u, "https://%.*s/_matrix/client/v3/rooms/", (int)(slash - rest), rest);
    for (const char *s = slash + 1; *s; s++)
        if (*s == ':' || *s == '#' || *s == '/' || *s == '?' || *s == '%')
            pd_buf_printf(&u, "%%%02X", (unsigned char)*s);
        else
            pd_buf_putc(&u, *s);
    pd_buf_puts(&u, "/send/m.room.message");
    c->matrix = 1;
    c->url = pd_buf_detach(&u);
    c->matrix_token = strdup(token);
    PD_CHECK_ALLOC(c->url && c->matrix_token ? c : NULL);
    return 0;
}

int pd_channel_parse(pd_channel *out, const char *target, const char *format)
{
    pd_channel c = PD_CHANNEL_INIT;
    int rc = 0;
    for (size_t i = 0; i < sizeof(schemes) / sizeof(*schemes); i++) {
        size_t n = strlen(schemes[i].scheme);
        if (strncmp(target, schemes[i].scheme, n))
            continue;
        c.format = schemes[i].format;
        if (c.format == PD_CHANNEL_TEAMS && format && !strcmp(format, "teams-card"))
            c.format = PD_CHANNEL_TEAMS_CARD;
        if (!target[n])
            return pd_error_set(PD_EINVALID, "%s needs the rest of the webhook's address",
                                schemes[i].scheme);
        if (c.format == PD_CHANNEL_MATRIX) {
            rc = matrix_target(&c, target + n);
        } else {
            pd_buf u = PD_BUF_INIT;
            pd_buf_printf(&u, "%s%s", schemes[i].base, target + n);
            if (!(c.url = pd_buf_detach(&u)))
                rc = PD_ENOMEM_SET();
            else if (c.format == PD_CHANNEL_TEAMS && pd_channel_is_connector(c.url))
                c.format = PD_CHANNEL_TEAMS_CARD; /* connectors take MessageCards only */
        }
        goto out;
    }
    if (strncmp(target, "https://", 8) && strncmp(target, "http://", 7))
        return pd_error_set(PD_EINVALID,
                            "'%.*s:...' is not a notification target: slack://, discord://, "
                            "msteams://, matrix://, mailto:, apprise: or an http(s) URL",
                            (int)strcspn(target, ":/"), target); /* the rest may be a secret */
    if (format && (rc = pd_channel_format_from_name(format)) < 0)
        return pd_error_set(PD_EINVALID,
                            "--notify-format takes slack, discord, teams, teams-card, matrix or "
                            "json, not '%s'",
                            format);
    c.format = format ? (pd_channel_format)rc : PD_CHANNEL_JSON;
    if (c.format == PD_CHANNEL_TEAMS && pd_channel_is_connector(target))
        c.format = PD_CHANNEL_TEAMS_CARD; /* connectors take MessageCards only */
    rc = (c.url = strdup(target)) ? 0 : PD_ENOMEM_SET();
    if (!rc && c.format == PD_CHANNEL_MATRIX) {
        const char *token = getenv("POLICYDIFF_MATRIX_TOKEN");
        c.matrix = 1;
        if (token && *token && !(c.matrix_token = strdup(token)))
            rc = PD_ENOMEM_SET();
    }
out:
    if (!rc && !(c.label = label_of(c.url)))
        rc = PD_ENOMEM_SET();
    if (rc)
        pd_channel_dispose(&c);
    else
        *out = c;
    return rc;
}

void pd_channel_dispose(pd_channel *c)
{
    pd_channel e = PD_CHANNEL_INIT;
    free(c->url);
    free(c->label);
    free(c->matrix_token);
    *c = e;
}

int pd_notify_send(long *status, const pd_channel *c, const pd_notify_digest *d,
                   const pd_http_options *o)
{
    pd_notify_http_request rq = PD_NOTIFY_HTTP_REQUEST_INIT;
    pd_buf body = PD_BUF_INIT, url = PD_BUF_INIT;
    int rc;

    if (status)
        *status = 0;
    if ((rc = pd_notify_render(&body, c->format, d)))
        goto out;
    rq.url = c->url;
    rq.label = c->label;
    rq.body = pd_buf_cstr(&body);
    rq.len = body.len;
    if (c->matrix) { /* one transaction id per message: the same one is never posted twice */
        pd_buf_printf(&url, "%s/pd%lld-%lx", c->url, (long long)pd_time_now(),
                      (unsigned long)random());
        rq.url = pd_buf_cstr(&url);
        rq.method = "PUT";
        rq.bearer = c->matrix_token;
    }
    rc = pd_notify_http(status, &rq, o);
out:
    pd_buf_dispose(&body);
    pd_buf_dispose(&url);
    return rc;
}

int pd_notify_apprise(const char *url, const pd_notify_digest *d, const pd_http_options *o)
{
    char *argv[] = {"apprise", "-i", "markdown", "-t", d->headline, (char *)url, NULL};
    pd_buf md = PD_BUF_INIT;
    long backoff = o && o->backoff_ms > 0 ? o->backoff_ms : 1000;
    int rc, retries = o ? o->retries : 3;

    if ((rc = pd_notify_markdown(&md, d)))
        goto out;
    for (int attempt = 0;; attempt++) {
        rc = pd_notify_command(argv, pd_buf_cstr(&md), md.len, PD_NOTIFY_TIMEOUT_MS);
        if (rc == PD_ENOTFOUND) {
            rc = pd_error_set(PD_ENOTFOUND,
                              "apprise is not installed (apt install apprise, or pip install "
                              "apprise) or not in PATH");
            break;
        }
        if (!rc || attempt >= retries)
            break;
        {
            struct timespec w = {(time_t)(backoff / 1000), (backoff % 1000) * 1000000L};
            nanosleep(&w, NULL);
        }
        backoff *= 2;
    }
out:
    pd_buf_dispose(&md);
    return rc;
}
