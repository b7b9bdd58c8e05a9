/* mail.c - the digest as a multipart/alternative mail; see notify.h. */
#include "fetch/notify.h"
#include "notify/notify.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* data in base64, lines of 76 characters ending in CRLF (wrap) or none. */
static void put_base64(pd_buf *out, const char *data, size_t len, int wrap)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t col = 0;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < len ? (unsigned)p[i + 1] << 8 : 0) |
                     (i + 2 < len ? p[i + 2] : 0);
        char q[4] = {b64[v >> 18 & 63], b64[v >> 12 & 63], i + 1 < len ? b64[v >> 6 & 63] : '=',
                     i + 2 < len ? b64[v & 63] : '='};
        pd_buf_put(out, q, 4);
        if (wrap && (col += 4) == 76) {
            pd_buf_puts(out, "\r\n");
            col = 0;
        }
    }
    if (wrap && col)
        pd_buf_puts(out, "\r\n");
}

/* A header value as it is when plain ASCII, else RFC 2047 base64 words. */
static void put_header_text(pd_buf *out, const char *s)
{
    int plain = 1;
    for (const char *c = s; *c; c++)
        plain &= (unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7f;
    if (plain) {
        pd_buf_puts(out, s);
        return;
    }
    pd_buf_puts(out, "=?UTF-8?B?");
    put_base64(out, s, strlen(s), 0);
    pd_buf_puts(out, "?=");
}

static void put_part(pd_buf *out, const char *boundary, const char *type, const pd_buf *body)
{
    pd_buf_printf(out,
                  "--%s\r\nContent-Type: %s; charset=utf-8\r\n"
                  "Content-Transfer-Encoding: base64\r\n\r\n",
                  boundary, type);
    put_base64(out, body->ptr ? body->ptr : "", body->len, 1);
}

int pd_notify_mail_message(pd_buf *out, const pd_notify_digest *d, const char *from,
                           const char *const *to, size_t nto, int64_t now)
{
    pd_buf text = PD_BUF_INIT, html = PD_BUF_INIT;
    char date[64], boundary[64];
    time_t t = (time_t)now;
    struct tm tm;
    int rc;

    gmtime_r(&t, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    snprintf(boundary, sizeof(boundary), "=_policydiff_%lld_%lx", (long long)now,
             (unsigned long)random());
    if ((rc = pd_notify_markdown(&text, d)) || (rc = pd_notify_html(&html, d)))
        goto out;
    pd_buf_printf(out, "From: %s\r\nTo: ", from);
    for (size_t i = 0; i < nto; i++)
        pd_buf_printf(out, "%s%s", i ? ", " : "", to[i]);
    pd_buf_printf(out, "\r\nDate: %s\r\nMessage-ID: <%s@policydiff>\r\nSubject: ", date,
                  boundary + 2);
    put_header_text(out, d->headline);
    pd_buf_printf(out,
                  "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; "
                  "boundary=\"%s\"\r\n\r\nA digest of policydiff check; both parts say the "
                  "same.\r\n",
                  boundary);
    put_part(out, boundary, "text/plain", &text);
    put_part(out, boundary, "text/html", &html);
    pd_buf_printf(out, "--%s--\r\n", boundary);
    rc = pd_buf_cstr(out) ? 0 : PD_ENOMEM_SET();
out:
    pd_buf_dispose(&text);
    pd_buf_dispose(&html);
    return rc;
}

/* The addresses of "mailto:a@x,b@y" into to (copied into buf). */
static int addresses(char **buf, const char **to, size_t *nto, size_t max, const char *mailto)
{
    char *save = NULL;
    *nto = 0;
    if (!(*buf = strdup(mailto + 7)))
        return PD_ENOMEM_SET();
    if ((*buf)[strcspn(*buf, "?")])
        (*buf)[strcspn(*buf, "?")] = '\0'; /* mailto:...?subject=: not ours to set */
    for (char *a = strtok_r(*buf, ",", &save); a; a = strtok_r(NULL, ",", &save)) {
        if (!strchr(a, '@') || strpbrk(a, "<>\r\n \t") || *nto == max)
            return pd_error_set(PD_EINVALID, "mailto: '%.80s' is not one address (user@host)", a);
        to[(*nto)++] = a;
    }
    if (!*nto)
        return pd_error_set(PD_EINVALID, "mailto: needs an address: mailto:me@example.org");
    return 0;
}

int pd_notify_send_mail(const char *mailto, const pd_notify_digest *d,
                        const pd_notify_mail_options *mo, const pd_http_options *o)
{
    pd_notify_mail m = {.smtp_url = mo->smtp_url,
                        .label = NULL,
                        .from = mo->from,
                        .to = NULL,
                        .nto = 0,
                        .user = mo->user,
                        .password = mo->password,
                        .netrc_file = mo->netrc_file,
                        .message = NULL,
                        .len = 0};
    pd_buf msg = PD_BUF_INIT;
    const char *to[32];
    char *buf = NULL, label[160];
    size_t nto = 0;
    int rc;

    if ((rc = addresses(&buf, to, &nto, 32, mailto)))
        goto out;
    if ((rc = pd_notify_mail_message(&msg, d, mo->from, to, nto, (int64_t)time(NULL))))
        goto out;
    snprintf(label, sizeof(label), "%.*s", (int)strcspn(mo->smtp_url, "@"), mo->smtp_url);
    m.label = label;
    m.to = to;
    m.nto = nto;
    m.message = pd_buf_cstr(&msg);
    m.len = msg.len;
    rc = pd_notify_smtp(&m, o);
out:
    free(buf);
    pd_buf_dispose(&msg);
    return rc;
}
