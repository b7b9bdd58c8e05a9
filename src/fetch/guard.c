/* guard.c - the garbage detector; see guard.h. */
#include "fetch/guard.h"
#include "util/error.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Case-insensitive search in the first len bytes of hay. */
static int has(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (!hay)
        return 0;
    for (size_t i = 0; i + n <= len; i++)
        if (tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[0]) &&
            !strncasecmp(hay + i, needle, n))
            return 1;
    return 0;
}

/* Copies the <title> of an HTML page (lowercase ASCII search) into buf. */
static void title_of(char *buf, size_t size, const char *raw, size_t len)
{
    size_t scan = len < 65536 ? len : 65536, i, j;
    buf[0] = '\0';
    for (i = 0; raw && i + 7 <= scan; i++) {
        if (!strncasecmp(raw + i, "<title", 6) && (raw[i + 6] == '>' || raw[i + 6] == ' ')) {
            const char *gt = memchr(raw + i, '>', scan - i);
            if (!gt)
                return;
            gt++;
            for (j = 0; gt + j < raw + scan && j + 1 < size && gt[j] != '<'; j++)
                buf[j] = gt[j];
            buf[j] = '\0';
            return;
        }
    }
}

size_t pd_guard_count_clauses(const char *text, size_t len)
{
    size_t n = 0, i = 0;
    while (text && i < len) {
        int content = 0;
        for (; i < len && text[i] != '\n'; i++)
            if (!isspace((unsigned char)text[i]))
                content = 1;
        n += content;
        i++;
    }
    return n;
}

static int refuse(char *reason, size_t size, const char *why)
{
    if (reason && size)
        snprintf(reason, size, "%s", why);
    return pd_error_set(PD_ESUSPICIOUS, "%s", why);
}

int pd_guard_check(char *reason, size_t size, const pd_guard_input *in)
{
    char title[256], why[200];
    const char *raw = in->raw, *text = in->text;
    size_t rl = in->raw ? in->rawlen : 0, tl = in->text ? in->textlen : 0;
    int short_text = tl < PD_GUARD_SHORT_TEXT;
    size_t before, after;

    if (in->status && (in->status < 200 || in->status > 299)) {
        snprintf(why, sizeof(why), "HTTP %ld instead of the page", in->status);
        return refuse(reason, size, why);
    }
    title_of(title, sizeof(title), raw, rl);
    if (has(title, strlen(title), "just a moment") ||
        has(title, strlen(title), "attention required") ||
        has(raw, rl < 65536 ? rl : 65536, "cf-browser-verification") ||
        has(raw, rl < 65536 ? rl : 65536, "_cf_chl_opt") ||
        (short_text && has(raw, rl, "cf-challenge")))
        return refuse(reason, size, "bot wall (a Cloudflare challenge page)");
    if (has(title, strlen(title), "captcha") || has(title, strlen(title), "are you a robot") ||
        has(title, strlen(title), "verify you are human") ||
        (short_text &&
         (has(raw, rl, "g-recaptcha") || has(raw, rl, "h-captcha") || has(raw, rl, "hcaptcha") ||
          has(raw, rl, "px-captcha") || has(raw, rl, "captcha-delivery") ||
          has(text, tl, "verify you are human") || has(text, tl, "are you a robot"))))
        return refuse(reason, size, "captcha page instead of the policy");
    if (has(title, strlen(title), "access denied") ||
        (short_text && (has(text, tl, "access denied") || has(text, tl, "403 forbidden"))))
        return refuse(reason, size, "\"Access denied\" page instead of the policy");
    /* the Wayback Machine's own error pages (a policy watched through a
     * web.archive.org address, or a mirror that answers 200 with them) */
    if (short_text &&
        (has(raw, rl, "AdministrativeAccessControlException") ||
         has(raw, rl, "RobotAccessControlException") || has(raw, rl, "Blocked Site Error") ||
         has(raw, rl, "Wayback Machine has not archived that URL")))
        return refuse(reason, size, "Wayback Machine error page instead of the policy");
    if (!text || pd_guard_count_clauses(text, tl) == 0)
        return refuse(reason, size, "empty extraction: no policy text found on the page");
    if (short_text && (has(title, strlen(title), "sign in") ||
                       has(title, strlen(title), "log in") || has(title, strlen(title), "login") ||
                       has(raw, rl, "type=\"password\"") || has(raw, rl, "type=password")))
        return refuse(reason, size, "login wall instead of the policy");
    if (short_text && has(text, tl, "cookie") &&
        (has(text, tl, "accept") || has(text, tl, "consent") || has(text, tl, "agree")) &&
        pd_guard_count_clauses(text, tl) <= 8)
        return refuse(reason, size, "cookie wall instead of the policy");
    before = pd_guard_count_clauses(in->previous, in->previous ? in->prevlen : 0);
    after = pd_guard_count_clauses(text, tl);
    if (before >= 4 && after * 2 < before) {
        snprintf(why, sizeof(why),
                 "lost %zu of %zu clauses since the last version (use --force if it really "
                 "shrank)",
                 before - after, before);
        return refuse(reason, size, why);
    }
    return 0;
}
