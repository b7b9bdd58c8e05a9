/* terms.c - how a terms-of-service clause changes the user's position:
 * an arbitration clause or class-action waiver added, a licence on the
 * user's content made perpetual or extended to AI training, termination
 * "for any reason", new fees or automatic renewal.  Cue words in English,
 * French and German, matched on the tokens (a trailing '*' is a prefix). */
#include "classify/internal.h"
#include "util/error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
static const char *const liability_cues[] = {"not liable",
                                             "not be liable",
                                             "no liability",
                                             "not responsible",
                                             "not be responsible",
                                             "not be held responsible",
                                             "no responsibility",
                                             "indemnif*",
                                             "hold harmless",
                                             "as is",
                                             "in no event",
                                             "exclu*",
                                             "ne sommes pas responsable*",
                                             "n est pas responsable*",
                                             "ne saurait être tenu* responsable*",
                                             "ne pourra être tenu* responsable*",
                                             "haften nicht",
                                             "nicht verantwortlich",
                                             "keine haftung",
                                             "keine verantwortung",
                                             NULL};

static const terms_rule rules[] = {
    {PD_CAT_DISPUTES, dispute_cues, PD_SEV_HIGH, "arbitration or class-action waiver"},
    {PD_CAT_CONTENT_LICENSE, license_cues, PD_SEV_HIGH, "broader licence on your content"},
    {PD_CAT_TERMINATION, termination_cues, PD_SEV_MEDIUM,
     "termination at the service's discretion"},
    {PD_CAT_PAYMENT, payment_cues, PD_SEV_MEDIUM, "fees or automatic renewal"},
    {PD_CAT_LIABILITY, liability_cues, PD_SEV_MEDIUM, "the service's liability limited"},
};

/* Whether w is one of words (NULL ends them). */
static int in_words(const char *w, const char *const *words)
{
    for (; *words; words++)
        if (!strcmp(*words, w))
            return 1;
    return 0;
}

/* Whether the words of pattern pat (space-separated, '*' prefixes) start
 * at token i of t. */
static int match_at(const pd_cl_text *t, size_t i, const char *pat)
{
    /* the first byte rules out nearly every token before the pattern's
     * words are measured (every token of a clause meets every cue) */
    if (*pat && *pat != '*' && *pat != ' ' &&
        (i >= t->n || t->tok[i].kind != PD_TK_WORD || t->tok[i].s[0] != *pat))
        return 0;
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

/* Whether a negation is among the six words before token i, within its
 * sentence ("Nothing in these Terms requires arbitration"). */
static int negated_before(const pd_cl_text *t, size_t i)
{
    static const char *const neg[] = {"not",  "no",    "nothing", "never", "ne",   "pas", "nicht",
                                      "kein", "keine", "without", "sans",  "ohne", NULL};
    for (size_t k = i, n = 0; k-- > 0 && n < 6 && t->tok[k].kind != PD_TK_END; n++)
        if (in_words(t->tok[k].s, neg))
            return 1;
    return 0;
}

/* Whether token k says in French or German that something does not apply:
 * "ne s'applique pas", "gilt nicht", "findet keine Anwendung". */
static int foreign_not_apply(const pd_cl_text *t, size_t k)
{
    const char *w = t->tok[k].s, *next = k + 1 < t->n ? t->tok[k + 1].s : "";
    if (!strncmp(w, "appliqu", 7))
        return !strcmp(next, "pas");
    if (!strcmp(w, "gilt") || !strcmp(w, "gelten"))
        return !strcmp(next, "nicht");
    if (!strcmp(w, "findet") || !strcmp(w, "finden"))
        return !strcmp(next, "keine") && k + 2 < t->n && !strcmp(t->tok[k + 2].s, "anwendung");
    return 0;
}

/* Whether the cue at token i is lifted in its sentence: "shall not
 * apply", "does not apply" among the twelve words after it, in its own
 * clause ("the arbitration agreement and class action waiver shall not
 * apply if unenforceable where you live"; not "..., and the notice
 * period does not apply", nor "you cannot apply to a court", nor "apply
 * for a refund"), or, for a dispute cue (optout), an opt-out within six
 * words of it in its sentence ("you may opt out of arbitration"; not "if
 * you do not opt out"). */
static int lifted_at(const pd_cl_text *t, size_t i, int optout)
{
    static const char *const neg[] = {"not",   "never",  "doesn't", "don't", "won't",
                                      "isn't", "aren't", "cannot",  NULL};
    static const char *const det[] = {"the", "this", "that", "a", "an", "any", "our", "your", NULL};
    static const char *const actor[] = {"you", "we", "may", "must", "can", NULL};
    static const char *const rel[] = {"which", "that", "who", NULL};
    for (size_t k = i + 1, n = 0; k < t->n && n < 12 && t->tok[k].kind != PD_TK_END; k++, n++) {
        const pd_cl_tok *tk = &t->tok[k];
        int rel_next = k + 1 < t->n && in_words(t->tok[k + 1].s, rel);
        if ((tk->kind == PD_TK_COMMA && !rel_next) ||
            ((!strcmp(tk->s, "and") || !strcmp(tk->s, "or")) && k + 1 < t->n &&
             in_words(t->tok[k + 1].s, det)))
            break; /* another clause ("..., which does not apply" is the cue's) */
        if (foreign_not_apply(t, k))
            return 1;
        if ((strcmp(tk->s, "apply") && strcmp(tk->s, "applies")) || !in_words(t->tok[k - 1].s, neg))
            continue;
        if (k + 1 < t->n && !strcmp(t->tok[k + 1].s, "for"))
            break; /* "may not apply for a refund" */
        if (k >= 2 && in_words(t->tok[k - 2].s, actor))
            break; /* "you cannot apply", "you may not apply": a duty */
        return 1;
    }
    if (!optout)
        return 0;
    size_t from = i > 6 ? i - 6 : 0;
    for (size_t k = from; k + 1 < t->n && k < i + 6; k++) {
        if (t->tok[k].kind == PD_TK_END) {
            if (k > i)
                break;
            from = k + 1;
        } else if (k >= from && !strcmp(t->tok[k].s, "opt") && !strcmp(t->tok[k + 1].s, "out") &&
                   !(k >= 1 && in_words(t->tok[k - 1].s, neg)) &&
                   !(k >= 2 && !strcmp(t->tok[k - 1].s, "to") && in_words(t->tok[k - 2].s, neg))) {
            return 1;
        }
    }
    return 0;
}

/* Whether the user is who acts at token i: "you can" or "you may" among
 * the eight words before it, within its sentence ("you can close your
 * account at any time" is the user's freedom, not the service's). */
static int users_choice_before(const pd_cl_text *t, size_t i)
{
    static const char *const modal[] = {"can", "may", NULL};
    for (size_t k = i, n = 0; k-- > 1 && n < 8 && t->tok[k].kind != PD_TK_END; n++)
        if (in_words(t->tok[k].s, modal) && !strcmp(t->tok[k - 1].s, "you"))
            return 1;
    return 0;
}

/* The first cue of cues stated in t (not negated; with users_own, not the
 * user's own choice either; not lifted), or NULL; its token in *at.  With
 * lifted, also the first cue t states and lifts (lifted_at) into *lifted
 * and its token into *lat, read in the same pass: most clauses have
 * neither, and every terms category asks. */
static const char *scan_cues(const pd_cl_text *t, const char *const *cues, int users_own,
                             size_t *at, const char **lifted, size_t *lat)
{
    const char *stated = NULL;
    for (size_t i = 0; t && i < t->n; i++) {
        if (t->tok[i].kind != PD_TK_WORD)
            continue; /* no cue begins there (match_at) */
        /* a cue begins with a letter: its first byte rules out most here */
        for (const char *const *c = cues; *c; c++) {
            if ((*c)[0] != t->tok[i].s[0] || !match_at(t, i, *c) || negated_before(t, i) ||
                (users_own && users_choice_before(t, i)))
                continue;
            if (lifted_at(t, i, cues == dispute_cues)) {
                if (lifted && !*lifted) {
                    *lifted = *c;
                    *lat = i;
                }
            } else if (!stated) {
                stated = *c;
                *at = i;
            }
            if (stated && (!lifted || *lifted))
                return stated;
        }
    }
    return stated;
}

static const char *find_cue(const pd_cl_text *t, const char *const *cues, int users_own, size_t *at)
{
    return scan_cues(t, cues, users_own, at, NULL, NULL);
}

/* The first cue of cues stated in t that u does not state (as find_cue
 * reads both), or NULL; its token in t in *at. */
static const char *new_cue(const pd_cl_text *t, const pd_cl_text *u, const char *const *cues,
                           int users_own, size_t *at)
{
    for (const char *const *c = cues; *c; c++) {
        const char *one[2] = {*c, NULL};
        size_t i, j;
        if (find_cue(t, one, users_own, &i) && !find_cue(u, one, users_own, &j)) {
            *at = i;
            return *c;
        }
    }
    return NULL;
}

static const terms_rule *rule_of(unsigned cat)
{
    for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
        if (rules[i].cat == cat)
            return &rules[i];
    return NULL;
}

int pd_cl_terms_judge(pd_cl_terms_verdict *v, unsigned cat, pd_op op, const pd_cl_text *o,
                      const pd_cl_text *n)
{
    const terms_rule *r = rule_of(cat);
    if (!r)
        return 0;
    size_t ai = 0, bi = 0;
    /* "you can close your account at any time" is no termination by the
     * service ("you may be charged a fee" is still a fee) */
    int users_own = cat == PD_CAT_TERMINATION;
    const char *ol = NULL, *nl = NULL; /* cues lifted in o, in n */
    size_t oli = 0, nli = 0;
    const char *before =
        op == PD_OP_ADDED ? NULL : scan_cues(o, r->loss, users_own, &ai, &ol, &oli);
    const char *after =
        op == PD_OP_REMOVED ? NULL : scan_cues(n, r->loss, users_own, &bi, &nl, &nli);
    if (op == PD_OP_REMOVED && !before && ol)
        before = ol, ai = oli; /* an arbitration clause with its opt-out, gone */
    /* both versions have a cue: one that came beside all the old ones
     * ("for any reason" where "without notice" was and still is) tells;
     * one cue for another ("not liable" -> "disclaim all liability", "a
     * fee" -> "fees") is a rewording the cues cannot judge */
    if (before && after && !new_cue(o, n, r->loss, users_own, &ai)) {
        const char *came = new_cue(n, o, r->loss, users_own, &bi);
        if (came)
            before = NULL, after = came;
    }
    char words[64];
    const char *lifted = NULL;
    if (after && !before) {
        v->sev = r->sev;
        v->impact = PD_IMPACT_WORSE;
        snprintf(v->why, sizeof(v->why), "%s added: \"%s\"", r->what,
                 matched_words(words, sizeof(words), n, bi, after));
    } else if (!after && op != PD_OP_REMOVED && (lifted = nl) && !ol) {
        bi = nli;
        /* the clause that came limits such terms: a user gains */
        v->sev = PD_SEV_LOW;
        v->impact = PD_IMPACT_BETTER;
        snprintf(v->why, sizeof(v->why), "%s limited: \"%s\" does not apply or can be opted out of",
                 r->what, matched_words(words, sizeof(words), n, bi, lifted));
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

/* Whether cue pat matches somewhere in t (with asserted: not negated). */
static int has_cue_at_all(const pd_cl_text *t, const char *pat, int asserted)
{
    for (size_t i = 0; i < t->n; i++)
        if (match_at(t, i, pat) && !(asserted && negated_before(t, i)))
            return 1;
    return 0;
}

int pd_cl_terms_present(unsigned cat, const char *clause, const char *text, size_t len)
{
    const terms_rule *r = rule_of(cat);
    if (!r)
        return 0;
    char *copy = malloc(len + 1);
    if (!copy)
        return PD_ENOMEM;
    memcpy(copy, text, len);
    copy[len] = '\0';
    pd_cl_text c, t;
    int rc = pd_cl_tokenise(&c, clause);
    if (!rc && (rc = pd_cl_tokenise(&t, copy)))
        pd_cl_text_dispose(&c);
    free(copy);
    if (rc)
        return rc;
    /* every kind of cue the clause brings ("arbitration", "class action")
     * must be in the version: a class-action waiver there does not make
     * an arbitration clause old news */
    int found = 0, all = 1;
    for (const char *const *cue = r->loss; *cue && all; cue++)
        if (has_cue_at_all(&c, *cue, 0)) {
            found = 1;
            all = has_cue_at_all(&t, *cue, 1);
        }
    pd_cl_text_dispose(&c);
    pd_cl_text_dispose(&t);
    return found && all;
}

/* Words a date stamp may hold besides its date. */
static int stamp_word(const char *w)
{
    static const char *const words[] = {
        "last",         "updated",   "update",   "modified", "revised", "revision",
        "effective",    "date",      "dated",    "as",       "of",      "on",
        "since",        "version",   "this",     "policy",   "privacy", "notice",
        "terms",        "statement", "was",      "is",       "from",    "the",
        "en",           "vigueur",   "dernière", "mise",     "à",       "a",
        "jour",         "le",        "du",       "depuis",   "d",       "effet",
        "entrée",       "modifié",   "modifiée", "mis",      "stand",   "zuletzt",
        "aktualisiert", "gültig",    "ab",       "seit",     "letzte",  "aktualisierung",
        "geändert",     "vom",       "am",       "datum",    "fassung", "inkrafttreten",
        "st",           "nd",        "rd",       "th",       "er",      NULL};
    return in_words(w, words);
}

/* The label words that make a line a date stamp. */
static int stamp_label(const char *w)
{
    static const char *const words[] = {"updated",  "update",       "modified",       "revised",
                                        "revision", "effective",    "dated",          "vigueur",
                                        "jour",     "effet",        "modifié",        "modifiée",
                                        "stand",    "aktualisiert", "aktualisierung", "gültig",
                                        "geändert", "fassung",      "inkrafttreten",  NULL};
    return in_words(w, words);
}

int pd_cl_date_stamp(const char *text)
{
    pd_cl_text t;
    int label = 0, number = 0, ok = 1;
    if (strlen(text) > 160 || pd_cl_tokenise(&t, text))
        return 0; /* a date stamp is one short line */
    for (size_t i = 0; i < t.n && ok; i++) {
        const pd_cl_tok *k = &t.tok[i];
        if (k->kind == PD_TK_NUM) {
            number = 1;
        } else if (k->kind == PD_TK_WORD) {
            int month = pd_cl_is_month(k->s, k->len);
            int digits = k->s[0] >= '0' && k->s[0] <= '9'; /* "1st", "1er" */
            number |= month || digits;
            label |= stamp_label(k->s);
            ok = month || digits || stamp_word(k->s);
        }
    }
    pd_cl_text_dispose(&t);
    return ok && label && number;
}

int pd_cl_navigation(const char *text)
{
    /* what a link that only leads on says, its words in lower case */
    static const char *const phrases[] = {"more",
                                          "read more",
                                          "learn more",
                                          "see more",
                                          "find out more",
                                          "en savoir plus",
                                          "lire la suite",
                                          "plus d informations",
                                          "mehr",
                                          "mehr erfahren",
                                          "mehr lesen",
                                          "weiterlesen",
                                          "weitere informationen",
                                          NULL};
    char words[48];
    const char *w, *p = text;
    size_t n = 0, k;
    while ((w = pd_cl_next_word(&p, &k))) {
        if (n + k + 2 > sizeof(words))
            return 0; /* longer than any */
        if (n)
            words[n++] = ' ';
        for (size_t i = 0; i < k; i++)
            words[n++] = (char)tolower((unsigned char)w[i]);
    }
    words[n] = '\0';
    for (size_t i = 0; phrases[i]; i++)
        if (!strcmp(words, phrases[i]))
            return 1;
    return 0;
}

/* Words that announce a new version of the document. */
static int update_word(const pd_cl_text *t, size_t i)
{
    static const char *const pats[] = {"update*",
                                       "updating",
                                       "new version",
                                       "take effect",
                                       "takes effect",
                                       "mise à jour",
                                       "mises à jour",
                                       "nouvelle version",
                                       "entrera en vigueur",
                                       "entreront en vigueur",
                                       "aktualisier*",
                                       "neue fassung",
                                       "in kraft",
                                       NULL};
    for (const char *const *p = pats; *p; p++)
        if (match_at(t, i, *p))
            return 1;
    return 0;
}

/* Words that name the document itself. */
static int document_word(const pd_cl_tok *k)
{
    static const char *const words[] = {"policy",
                                        "terms",
                                        "conditions",
                                        "guidelines",
                                        "statement",
                                        "notice",
                                        "agreement",
                                        "politique",
                                        "charte",
                                        "cgu",
                                        "cgv",
                                        "bedingungen",
                                        "datenschutzerklärung",
                                        "richtlinien",
                                        "nutzungsbedingungen",
                                        "agb",
                                        NULL};
    return in_words(k->s, words);
}

/* Whether a lexicon hit names something a notice of an update would only
 * announce, not do: data, recipients, trackers, AI, safeguards, rights,
 * places, purposes, or a topic other than the policy's changes, its use
 * and its contacts ("updated to add biometric data" stays a change). */
static int says_more(const pd_cl_hit *h)
{
    static const unsigned quiet = PD_CAT_POLICY_CHANGE | PD_CAT_USE | PD_CAT_OTHER | PD_CAT_CONTACT;
    switch (h->cls) {
    case PD_LX_DATA:
    case PD_LX_RECIP:
    case PD_LX_TRACKER:
    case PD_LX_AI:
    case PD_LX_SECURITY:
    case PD_LX_RIGHT:
    case PD_LX_INTL:
    case PD_LX_PURPOSE:
    case PD_LX_UNIT:
        return 1;
    case PD_LX_TOPIC:
        return !(quiet & (1u << h->id));
    default:
        return 0;
    }
}

int pd_cl_update_notice(const char *text)
{
    pd_cl_text t;
    int update = 0, doc = 0, month = 0, number = 0, more = 0;
    if (strlen(text) > 400 || pd_cl_tokenise(&t, text))
        return 0; /* a notice is a sentence or two (out of memory: none) */
    if (pd_cl_match(&t)) {
        pd_cl_text_dispose(&t);
        return 0;
    }
    for (size_t h = 0; h < t.nhit && !more; h++)
        more = says_more(&t.hit[h]);
    for (size_t i = 0; i < t.n && !more; i++) {
        const pd_cl_tok *k = &t.tok[i];
        number |= k->kind == PD_TK_NUM;
        if (k->kind != PD_TK_WORD)
            continue;
        update |= update_word(&t, i);
        doc |= document_word(k);
        month |= pd_cl_is_month(k->s, k->len);
    }
    pd_cl_text_dispose(&t);
    return !more && update && doc && month && number;
}
