/*
 * guard.h - never record garbage: is this fetched page really the policy?
 *
 * pd_guard_check() refuses, with a short reason, a page that answered with a
 * non-2xx status, a bot wall or captcha (Cloudflare "Just a moment" /
 * "Attention Required", Imperva / Incapsula, "unusual traffic", captcha
 * widgets), an "Access denied" page, an error page in English, French or
 * German ("une erreur est survenue", "ein Fehler ist aufgetreten"), a
 * maintenance page, a parked domain, an age gate, an HTTP 451 page served
 * as 200, a login wall (a password form or a single sign-on page), a
 * cookie wall, an empty extraction; and, against the last recorded
 * version: a text in another language ("language changed from en to fr"),
 * a text whose privacy and terms vocabulary is gone (a home page, a product
 * page), a much shorter page under another first heading (a "privacy
 * basics" summary), or a text that lost more than half of its clauses.
 * The walls are recognised by the page title and by markers in a short
 * page (under PD_GUARD_SHORT_TEXT bytes of text), so a long policy that
 * merely mentions cookies, errors or captchas passes.
 *
 * Pure function: no I/O; inputs are borrowed.  Returns 0 when the page is
 * acceptable, or PD_ESUSPICIOUS with the reason copied into reason (when not
 * NULL) and set as pd_error_last().
 */
#ifndef PD_GUARD_H
#define PD_GUARD_H

#include <stddef.h>

typedef struct {
    long status;     /* HTTP status (0: not HTTP, e.g. a file) */
    const char *raw; /* the page as fetched */
    size_t rawlen;
    const char *text; /* its canonical Markdown; NULL when extraction failed */
    size_t textlen;
    const char *previous; /* the last recorded text, or NULL */
    size_t prevlen;
} pd_guard_input;

/* Below this many bytes of text a page can be a wall; above, it is a policy. */
#define PD_GUARD_SHORT_TEXT 1500

int pd_guard_check(char *reason, size_t size, const pd_guard_input *in);

/* Non-empty lines of text (the clauses of canonical Markdown). */
size_t pd_guard_count_clauses(const char *text, size_t len);

#endif
