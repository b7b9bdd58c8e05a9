/* guard.c - the garbage detector; see guard.h. */
#include "fetch/guard.h"
#include "util/error.h"
#include "util/lang.h"

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

static int refuse(char *reason, size_t size, const char *why);

/* Whether any of the phrases is in the first len bytes of hay. */
static int has_any(const char *hay, size_t len, const char *const *phrases)
{
    for (; *phrases; phrases++)
        if (has(hay, len, *phrases))
            return 1;
    return 0;
}

/* Pages that stand where a policy should, each recognised by the words of
 * its title or of a short text (any language the project reads). */
typedef struct {
    const char *reason;
    const char *const *title; /* in the <title> */
    const char *const *text;  /* in a short page's text (or raw, when raw is set) */
    int raw;
} wall;

static const wall walls[] = {
    {"error page instead of the policy",
     (const char *const[]){"error", "erreur", "fehler", "not found", "introuvable",
                           "nicht gefunden", "404", "500", NULL},
     (const char *const[]){"an error occurred",
                           "an error has occurred",
                           "something went wrong",
                           "page not found",
                           "this page could not be found",
                           "page you requested could not be found",
                           "internal server error",
                           "service unavailable",
                           "bad gateway",
                           "une erreur est survenue",
                           "une erreur s'est produite",
                           "une erreur s’est produite",
                           "page introuvable",
                           "page non trouvée",
                           "nous sommes sur le coup",
                           "ein fehler ist aufgetreten",
                           "es ist ein fehler aufgetreten",
                           "seite nicht gefunden",
                           "seite wurde nicht gefunden",
                           NULL},
     0},
    {"bot wall (an Imperva / Incapsula block page)",
     (const char *const[]){"pardon our interruption", NULL},
     (const char *const[]){"_incapsula_resource", "incapsula incident id",
                           "pardon our interruption", NULL},
     1},
    {"bot wall (unusual traffic from this network)", (const char *const[]){"unusual traffic", NULL},
     (const char *const[]){"our systems have detected unusual traffic",
                           "unusual traffic from your computer network", NULL},
     0},
    {"unavailable for legal reasons (an HTTP 451 page)",
     (const char *const[]){"unavailable for legal reasons", "451", NULL},
     (const char *const[]){"unavailable for legal reasons", NULL}, 0},
    {"maintenance page instead of the policy",
     (const char *const[]){"maintenance", "wartung", "be right back", NULL},
     (const char *const[]){"under maintenance", "scheduled maintenance", "down for maintenance",
                           "we'll be back soon", "we will be back soon", "be right back",
                           "en maintenance", "en cours de maintenance", "wartungsarbeiten", NULL},
     0},
    {"parked domain instead of the policy",
     (const char *const[]){"domain for sale", "domain is for sale", "parked", NULL},
     (const char *const[]){"this domain is for sale", "this domain may be for sale",
                           "buy this domain", "domain parking", "parked free", NULL},
     0},
    {"age gate instead of the policy", (const char *const[]){"age verification", "age gate", NULL},
     (const char *const[]){"are you over 18", "are you 18", "are you over 21",
                           "you must be 18 or older to enter", "you must be 21",
                           "of legal drinking age", "enter your date of birth", "age verification",
                           NULL},
     0},
    {"login wall (a single sign-on page) instead of the policy",
     (const char *const[]){"single sign-on", "single sign on", NULL},
     (const char *const[]){"single sign-on", "sign in with your organization", "samlrequest",
                           "continue with sso", NULL},
     1},
};

/* The wall a short page is, or NULL. */
static const char *which_wall(const char *title, const char *raw, size_t rl, const char *text,
                              size_t tl)
{
    size_t scan = rl < 65536 ? rl : 65536;
    for (size_t i = 0; i < sizeof(walls) / sizeof(walls[0]); i++) {
        const wall *w = &walls[i];
        if (has_any(title, strlen(title), w->title) ||
            (w->raw ? has_any(raw, scan, w->text) : has_any(text, tl, w->text)))
            return w->reason;
    }
    return NULL;
}

/* Words of privacy policies and terms (English, French, German). */
static const char *const policy_words[] = {
    "privacy",         "personal data",   "personal information",
    "cookie",          "consent",         "terms",
    "agreement",       "liability",       "data protection",
    "third part",      "données",         "personnelles",
    "confidentialité", "conditions",      "responsabilité",
    "datenschutz",     "personenbezogen", "einwilligung",
    "haftung",         "bedingungen",     NULL};

/* Policy words per 1000 bytes of text, in tenths. */
static size_t policy_density(const char *text, size_t len)
{
    size_t hits = 0;
    for (size_t i = 0; text && i < len; i++)
        for (const char *const *w = policy_words; *w; w++)
            if ((text[i] | 0x20) == (*w)[0] && !strncasecmp(text + i, *w, strlen(*w)))
                hits++;
    return len ? hits * 10000 / len : 0;
}

/* The first line of text if it is a heading ("# Privacy basics"). */
static void first_heading(char *out, size_t size, const char *text, size_t len)
{
    size_t i = 0, n = 0;
    out[0] = '\0';
    if (!text || !len || text[0] != '#')
        return;
    while (i < len && text[i] == '#')
        i++;
    while (i < len && text[i] == ' ')
        i++;
    for (; i < len && text[i] != '\n' && n + 1 < size; i++)
        out[n++] = text[i];
    out[n] = '\0';
}

/* What the text says against the last version: another language, no more
 * policy words, a much shorter page under another title.  0 or refused. */
static int unlike_previous(char *reason, size_t size, const pd_guard_input *in)
{
    char why[256], th[96], ph[96];
    const char *text = in->text, *prev = in->previous;
    size_t tl = in->textlen, pl = in->prevlen;
    pd_lang lt = pd_lang_detect(text, tl < 4096 ? tl : 4096, 12);
    pd_lang lp = pd_lang_detect(prev, pl < 4096 ? pl : 4096, 12);
    if (lt != PD_LANG_UNKNOWN && lp != PD_LANG_UNKNOWN && lt != lp) {
        snprintf(why, sizeof(why),
                 "language changed from %s to %s (use --force if the policy itself changed "
                 "language)",
                 pd_lang_name(lp), pd_lang_name(lt));
        return refuse(reason, size, why);
    }
    size_t dp = policy_density(prev, pl), dt = policy_density(text, tl);
    if (dp >= 20 && dt * 5 < dp && tl >= 200)
        return refuse(reason, size,
                      "no longer a policy: its privacy and terms vocabulary is gone (a home page "
                      "or a product page?); use --force if the policy really reads so");
    first_heading(th, sizeof(th), text, tl);
    first_heading(ph, sizeof(ph), prev, pl);
    if (th[0] && ph[0] && strcasecmp(th, ph) && tl * 3 < pl) {
        snprintf(why, sizeof(why),
                 "a much shorter page under another title (\"%.60s\", was \"%.60s\") instead of "
                 "the policy; use --force if it is the policy",
                 th, ph);
        return refuse(reason, size, why);
    }
    return 0;
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
    int rc;

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
    const char *w = short_text ? which_wall(title, raw, rl, text, tl) : NULL;
    if (w)
        return refuse(reason, size, w);
    if (short_text && (has(title, strlen(title), "sign in") ||
                       has(title, strlen(title), "log in") || has(title, strlen(title), "login") ||
                       has(raw, rl, "type=\"password\"") || has(raw, rl, "type=password")))
        return refuse(reason, size, "login wall instead of the policy");
    if (short_text && has(text, tl, "cookie") &&
        (has(text, tl, "accept") || has(text, tl, "consent") || has(text, tl, "agree")) &&
        pd_guard_count_clauses(text, tl) <= 8)
        return refuse(reason, size, "cookie wall instead of the policy");
    if (in->previous && (rc = unlike_previous(reason, size, in)))
        return rc;
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
