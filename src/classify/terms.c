/* terms.c - how a terms-of-service clause changes the user's position:
 * an arbitration clause or class-action waiver added, a licence on the
 * user's content made perpetual or extended to AI training, termination
 * "for any reason", new fees or automatic renewal.  Cue words in English,
 * French and German, matched on the tokens (a trailing '*' is a prefix). */
#include "classify/internal.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    unsigned cat;
    const char *const *loss; /* cues whose arrival is a loss for the user */
    pd_severity sev;         /* of such an arrival (high is always worse) */
    const char *what;        /* the reason's words */
} terms_rule;

static const char *const dispute_cues[] = {"arbitrat*",
                                           "arbitrage",
                                           "class action*",
                                           "class wide",
                                           "jury trial",
                                           "collective action*",
                                           "action collective",
                                           "actions collectives",
                                           "schieds*",
                                           "sammelklage*",
                                           NULL};
static const char *const license_cues[] = {"irrevocabl*",
                                           "perpetual",
                                           "sublicens*",
                                           "transferable",
                                           "train*",
                                           "machine learning",
                                           "artificial intelligence",
                                           "irrévocable*",
                                           "perpétuel*",
                                           "unwiderruflich*",
                                           "entraîn*",
                                           NULL};
static const char *const termination_cues[] = {
    "any reason",   "for no reason", "sole discretion", "without notice",      "at any time",
    "sans préavis", "à tout moment", "jederzeit",       "ohne vorankündigung", NULL};
static const char *const payment_cues[] = {"fee",
                                           "fees",
                                           "automatically renew*",
                                           "auto renew*",
                                           "non refundable",
                                           "price increase*",
                                           "frais",
                                           "renouvel*",
                                           "gebühr*",
                                           "automatisch verlänger*",
                                           NULL};
static const char *const liability_cues[] = {
    "not liable", "not be liable", "no liability", "indemnif*",    "hold harmless",
    "as is",      "in no event",   "exclu*",       "haften nicht", NULL};

static const terms_rule rules[] = {
    {PD_CAT_DISPUTES, dispute_cues, PD_SEV_HIGH, "arbitration or class-action waiver"},
    {PD_CAT_CONTENT_LICENSE, license_cues, PD_SEV_HIGH, "broader licence on your content"},
    {PD_CAT_TERMINATION, termination_cues, PD_SEV_MEDIUM,
     "termination at the service's discretion"},
    {PD_CAT_PAYMENT, payment_cues, PD_SEV_MEDIUM, "fees or automatic renewal"},
    {PD_CAT_LIABILITY, liability_cues, PD_SEV_MEDIUM, "the service's liability limited"},
};

/* Whether the words of pattern pat (space-separated, '*' prefixes) start
 * at token i of t. */
static int match_at(const pd_cl_text *t, size_t i, const char *pat)
{
    while (*pat) {
        const char *sp = strchr(pat, ' ');
        size_t len = sp ? (size_t)(sp - pat) : strlen(pat);
        int prefix = len && pat[len - 1] == '*';
        size_t want = prefix ? len - 1 : len;
        if (i >= t->n || t->tok[i].kind != PD_TK_WORD)
            return 0;
        const pd_cl_tok *k = &t->tok[i];
        if (prefix ? k->len < want || memcmp(k->s, pat, want)
                   : k->len != want || memcmp(k->s, pat, want))
            return 0;
        i++;
        pat += len;
        while (*pat == ' ')
            pat++;
    }
    return 1;
}

/* The words of t from token i that pattern pat matched, into out. */
static const char *matched_words(char *out, size_t cap, const pd_cl_text *t, size_t i,
                                 const char *pat)
{
    size_t words = 1, n = 0;
    for (const char *p = pat; *p; p++)
        words += *p == ' ';
    out[0] = '\0';
    for (size_t k = 0; k < words && i + k < t->n && n + 1 < cap; k++) {
        int w = snprintf(out + n, cap - n, "%s%s", k ? " " : "", t->tok[i + k].s);
        if (w < 0)
            break;
        n += (size_t)w < cap - n ? (size_t)w : cap - n - 1;
    }
    return out;
}

/* The first cue of cues found in t, or NULL; its token in *at. */
static const char *find_cue(const pd_cl_text *t, const char *const *cues, size_t *at)
{
    for (size_t i = 0; t && i < t->n; i++)
        for (const char *const *c = cues; *c; c++)
            if (match_at(t, i, *c)) {
                *at = i;
                return *c;
            }
    return NULL;
}

int pd_cl_terms_judge(pd_cl_terms_verdict *v, unsigned cat, pd_op op, const pd_cl_text *o,
                      const pd_cl_text *n)
{
    const terms_rule *r = NULL;
    for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
        if (rules[i].cat == cat)
            r = &rules[i];
    if (!r)
        return 0;
    size_t ai = 0, bi = 0;
    const char *before = op == PD_OP_ADDED ? NULL : find_cue(o, r->loss, &ai);
    const char *after = op == PD_OP_REMOVED ? NULL : find_cue(n, r->loss, &bi);
    char words[64];
    if (after && !before) {
        v->sev = r->sev;
        v->impact = PD_IMPACT_WORSE;
        snprintf(v->why, sizeof(v->why), "%s added: \"%s\"", r->what,
                 matched_words(words, sizeof(words), n, bi, after));
    } else if (before && !after) {
        v->sev = PD_SEV_MEDIUM;
        v->impact = PD_IMPACT_BETTER;
        snprintf(v->why, sizeof(v->why), "%s removed: \"%s\"", r->what,
                 matched_words(words, sizeof(words), o, ai, before));
    } else {
        v->sev = PD_SEV_LOW;
        v->impact = PD_IMPACT_UNCLEAR;
        snprintf(v->why, sizeof(v->why), "terms changed (%s)%s%s%s", pd_category_name(cat),
                 after ? ": \"" : "",
                 after ? matched_words(words, sizeof(words), n, bi, after) : "",
                 after ? "\" still there" : "");
    }
    return 1;
}
