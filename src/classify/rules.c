/* rules.c - read one clause into a profile: which practices it states and
 * whether they are affirmed, negated, or negated with an exception; who
 * acts; the data types, recipients, tracking, places, safeguards and rights
 * it names; and its quantities (retention, notice periods, ages).
 *
 * The clause is read sentence by sentence.  Within a sentence a negator
 * ("not", "never", "cannot") opens a scope that runs to the end of the
 * sentence or to a contrast word ("but", "however") or a new subject
 * ("we", "you"); an exception word ("unless", "except", "other than") after
 * a negator reopens what follows.  "if ..." up to the next comma is
 * hypothetical and states no practice. */
#include "classify/internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    uint8_t neg, exc, subj, cue, cond;
    uint8_t pexc; /* an exception stands right after the negator, before the
                   * verb ("Wir geben Ihre Daten nicht ohne Ihre Einwilligung
                   * an Dritte weiter"): the negation holds, with it */
} tstate;

typedef struct {
    const pd_cl_text *t;
    size_t s, e;   /* tokens */
    size_t hs, he; /* hits */
    tstate *st;    /* per token of the sentence, indexed from s */
    uint32_t cls;  /* classes with a hit in the sentence (bit per PD_LX_*) */
    uint32_t cues; /* PD_CUE_* words in the sentence */
    int company;   /* a practice by the company was counted */
    int exposing;  /* ... one that exposes data (not deletion or honouring) */
    int share;     /* ... sharing or selling */
    int aff;       /* ... affirmed */
    int aff_neg;   /* ... negated */
    int retain;    /* retention words (any subject) */
    unsigned topics;
    uint8_t score[PD_CAT_COUNT];
} sentence;

static int tok_is(const pd_cl_tok *tk, const char *w)
{
    return (tk->kind == PD_TK_WORD || tk->kind == PD_TK_NUM) && tk->s[0] == w[0] &&
           strcmp(tk->s, w) == 0;
}

/* Whether token tk is one of words (NULL ends them). */
static int tok_any(const pd_cl_tok *tk, const char *const *words)
{
    for (; *words; words++)
        if (tok_is(tk, *words))
            return 1;
    return 0;
}

/* Whether token tk is a word that starts with one of stems (NULL ends
 * them). */
static int word_starts(const pd_cl_tok *tk, const char *const *stems)
{
    if (tk->kind != PD_TK_WORD)
        return 0;
    for (; *stems; stems++)
        if (tk->s[0] == (*stems)[0] && !strncmp(tk->s, *stems, strlen(*stems)))
            return 1;
    return 0;
}

/* Whether token tk is one of the words of class wc (PD_WC_*): a bit that
 * pd_cl_match set, not a scan of the list (the rules ask per token). */
static int tok_in(const pd_cl_tok *tk, int wc)
{
    return tk->wc >> wc & 1;
}

/* The word that ends a French negation opened by "ne". */
static const char *const french_closers[] = {"pas",    "jamais",   "plus",    "aucun",
                                             "aucune", "aucuns",   "aucunes", "ni",
                                             "rien",   "personne", NULL};
static int french_closer(const pd_cl_tok *tk)
{
    return tok_in(tk, PD_WC_FR_CLOSER);
}
/* Negators after which an exception is one before the verb ("nicht
 * ohne", "pas sans"), not what follows it. */
static const char *const neg_before_exc[] = {"nicht", "niemals", "nie", "pas", "jamais", NULL};
/* Words that open a French clause of its own: a closed negation ends there. */
static const char *const french_clauses[] = {"qui",     "que",    "qu",    "dont",  "lorsque",
                                             "lorsqu",  "quand",  "si",    "s",     "car",
                                             "puisque", "tandis", "alors", "sinon", NULL};

static int has_cls(const sentence *S, int cls)
{
    return S->cls >> cls & 1;
}

static int has_cls_after(const sentence *S, int cls, size_t pos)
{
    if (!(S->cls >> cls & 1))
        return 0;
    for (size_t h = S->hs; h < S->he; h++)
        if (S->t->hit[h].cls == cls && S->t->hit[h].start > pos)
            return 1;
    return 0;
}

static const pd_cl_hit *first_cls_after(const sentence *S, int cls, size_t pos)
{
    if (!(S->cls >> cls & 1))
        return NULL;
    for (size_t h = S->hs; h < S->he; h++)
        if (S->t->hit[h].cls == cls && S->t->hit[h].start > pos)
            return &S->t->hit[h];
    return NULL;
}

static int has_cue(const sentence *S, int cue)
{
    return S->cues >> cue & 1;
}

static void add_topic(sentence *S, int cat)
{
    S->topics |= PD_CAT_BIT(cat);
    if (S->score[cat] < 255)
        S->score[cat]++;
}

static int cat_index(unsigned bit)
{
    for (int i = 0; i < PD_CAT_COUNT; i++)
        if (bit == PD_CAT_BIT(i))
            return i;
    return PD_CAT_OTHER_INDEX;
}

static const char *const modals[] = {"may",   "might", "will", "can",   "could", "must",
                                     "shall", "is",    "are",  "would", NULL};
static int is_modal(const pd_cl_tok *tk)
{
    return tok_in(tk, PD_WC_MODAL);
}

static const char *const relatives[] = {"that", "which", "who", NULL};
static int is_relative(const pd_cl_tok *tk)
{
    return tok_in(tk, PD_WC_RELATIVE);
}

static int is_aux(const pd_cl_tok *tk);

/* Words after which "you" or "us" is an object. */
static const char *const object_takers[] = {
    "nous",   "vous",     "avec",    "à",       "pour",  "de",      "par",       "mit",
    "für",    "identify", "contact", "send",    "show",  "provide", "tell",      "give",
    "notify", "help",     "allow",   "let",     "ask",   "inform",  "remind",    "email",
    "offer",  "serve",    "charge",  "bill",    "reach", "protect", "with",      "to",
    "for",    "about",    "from",    "by",      "of",    "than",    "recognize", "recognise",
    "track",  "between",  "among",   "against", NULL};
static int takes_object(const pd_cl_tok *tk)
{
    return tk->kind == PD_TK_WORD && tok_in(tk, PD_WC_TAKES_OBJECT);
}

static const char *const user_modals[] = {"can",      "may",      "might",  "could",   "have",
                                          "has",      "also",     "will",   "pouvez",  "pourrez",
                                          "pourriez", "disposez", "können", "könnten", NULL};
static int is_user_modal(const pd_cl_tok *tk)
{
    return tok_in(tk, PD_WC_USER_MODAL);
}

static const char *const clause_starts[] = {
    "and",   "or",   "that",    "which",    "who",    "when", "where",  "because", "so",
    "while", "but",  "whereas", "although", "though", "if",   "unless", "then",    "et",
    "ou",    "mais", "puis",    "donc",     "und",    "oder", "aber",   "sondern", NULL};
static int starts_clause(const pd_cl_tok *tk)
{
    return tok_in(tk, PD_WC_CLAUSE_START);
}

/* Whether a subject after tk opens a clause of its own ("the purposes we
 * collected it for"): tk is a word that is no auxiliary, modal or negation
 * ("do we", "will we", "nor we" invert the clause they are in). */
static const char *const inverters[] = {"not", "no",    "never", "neither", "nor", "ne",
                                        "pas", "nicht", "also",  "then",    "so",  NULL};
static int after_noun(const pd_cl_tok *tk)
{
    return tk->kind == PD_TK_WORD && !is_aux(tk) && !is_modal(tk) && !tok_in(tk, PD_WC_INVERTER) &&
           tk->len > 2;
}

/* not "vorbehaltlich" nor "sous réserve de": "subject to", before the
 * user's right as often as not */
static const char *const reserve_words[] = {"reserve",   "reserves",  "reserved", "réserve",
                                            "réservons", "réservent", "réservé",  "vorbehalten",
                                            "vorbehält", NULL};
static const char *const grant_words[] = {"grant", "grants", "granted", NULL};
static const char *const ours_words[] = {"our",    "its",     "notre",   "nos",     "unser",
                                         "unsere", "unserer", "unseres", "unseren", NULL};
/* Whether the rights word at i is one the company holds, reserves or is
 * granted ("we reserve the right to access", "without limiting our other
 * rights", "grant Zoom ... all other rights necessary to access"): no
 * right of the user's ("you retain the right to withdraw" is). */
static int reserved_right(const sentence *S, size_t i)
{
    const pd_cl_tok *tk = S->t->tok;
    if ((i > S->s && tok_in(&tk[i - 1], PD_WC_OURS)) ||
        (i > S->s + 1 && tok_is(&tk[i - 1], "other") && tok_in(&tk[i - 2], PD_WC_OURS)))
        return 1;
    for (size_t k = i > S->s + 6 ? i - 6 : S->s; k < i; k++) {
        if (tok_in(&tk[k], PD_WC_RESERVE) && !(k > S->s && tok_is(&tk[k - 1], "sous")))
            return 1; /* "se réserve le droit", not "sous réserve de la loi" */
        /* "wir behalten uns das Recht vor": the company's; "Sie behalten
         * das Recht" the user's */
        if (tok_is(&tk[k], "behalten") && k + 1 < i && tok_is(&tk[k + 1], "uns"))
            return 1;
        /* "grant us ... rights" is the company's; "we grant you the right" the user's */
        if (tok_in(&tk[k], PD_WC_GRANT) && !(k + 1 < i && tok_is(&tk[k + 1], "you")))
            return 1;
    }
    return 0;
}

/* Pass 1: negation, exception, subject, right cues and conditions per token. */
/* Whether a French negation's list of objects goes on after a comma at
 * i - 1: a determiner ("vos données de santé, vos données biométriques"),
 * "y compris", "notamment", "ni", "ou", or a preposition ("vers les
 * États-Unis", "avec des annonceurs"). */
static int french_list_goes_on(const sentence *S, size_t i)
{
    static const char *const more[] = {"y",   "notamment", "ni",   "ou",   "vers", "avec", "à",
                                       "aux", "hors",      "dans", "chez", "pour", "en",   NULL};
    if (i >= S->e)
        return 0;
    const pd_cl_tok *tk = &S->t->tok[i];
    if (tok_in(tk, PD_WC_FR_DETERMINER))
        return 1;
    for (const char *const *w = more; *w; w++)
        if (tok_is(tk, *w))
            return 1;
    return 0;
}

static void scan_state(sentence *S)
{
    const pd_cl_text *t = S->t;
    tstate cur = {0, 0, 0, 0, 0, 0};
    size_t h = S->hs;
    int rel_neg = 0; /* the negation sits in a relative clause ("data that cannot ...") */
    /* French closes its negation: "ne" (or "n'") opens it, "pas", "jamais",
     * "plus", "aucun" ... close the verb, and the scope runs on over the
     * verb's objects, as the English one does ("ne partageons pas vos
     * données avec des annonceurs", "ne suivons pas votre activité sur
     * d'autres sites"), to the next comma or clause ("n'entretenons aucun
     * lien, ont pu collecter" negates the first verb, not the second); "ne
     * ... que" is no negation but "only", and "et", "mais" end an open one */
    int fr_neg = 0, fr_cond = 0;
    size_t fr_close = 0, fr_start = 0;
    for (size_t i = S->s; i < S->e; i++) {
        const pd_cl_tok *tk = &t->tok[i];
        if (fr_close && i > fr_close &&
            (fr_cond || (tk->kind == PD_TK_COMMA && !french_list_goes_on(S, i + 1)) ||
             tk->kind == PD_TK_PUNCT || starts_clause(tk) || tok_in(tk, PD_WC_FR_CLAUSE) ||
             tok_in(tk, PD_WC_FR_SUBJECT))) {
            /* a comma ends it unless the list of objects goes on ("ne
             * partageons jamais vos données de santé, vos données
             * biométriques ..."); a new subject ends it ("lorsque vous ne
             * vous connectez pas nous collectons"), and so does the end of
             * a condition it sits in, at once, as before */
            cur.neg = 0;
            cur.exc = 0;
            fr_close = 0;
        }
        if (fr_neg && french_closer(tk)) {
            fr_neg = 0;
            fr_close = i + 1;
            /* "ne ... pas seulement", "pas uniquement": not only; "n'hésiterons
             * pas à", "ne manquerons pas de", "ne cesserons pas de": what
             * follows is done, not denied */
            int affirms = i + 1 < S->e && (tok_is(&t->tok[i + 1], "seulement") ||
                                           tok_is(&t->tok[i + 1], "uniquement"));
            for (size_t j = fr_start + 1; j < i && !affirms; j++)
                affirms = !strncmp(t->tok[j].s, "hésit", strlen("hésit")) ||
                          !strncmp(t->tok[j].s, "manqu", 5) || !strncmp(t->tok[j].s, "tard", 4) ||
                          !strncmp(t->tok[j].s, "cess", 4);
            if (affirms) { /* fr_close stays: this "pas" opens nothing */
                for (size_t j = fr_start; j <= i; j++)
                    S->st[j - S->s].neg = 0;
                cur.neg = 0;
                cur.exc = 0;
            }
        } else if (fr_neg && tok_is(tk, "que")) {
            for (size_t j = fr_start; j < i; j++)
                S->st[j - S->s].neg = 0; /* "ne partageons ... qu'avec": only with */
            cur.neg = 0;
            cur.exc = 0;
            fr_neg = 0;
        } else if (fr_neg && (tok_is(tk, "et") || tok_is(tk, "mais") || tok_is(tk, "ou"))) {
            cur.neg = 0;
            cur.exc = 0;
            fr_neg = 0;
        }
        if (t->tok[i].kind == PD_TK_COMMA)
            cur.cond = 0;
        if (rel_neg && i > S->s && t->tok[i - 1].kind == PD_TK_WORD && !is_aux(&t->tok[i - 1]) &&
            is_modal(&t->tok[i])) {
            /* "data that cannot identify you | may be shared": the main verb */
            cur.neg = 0;
            cur.exc = 0;
            rel_neg = 0;
        }
        for (; h < S->he && t->hit[h].start == i; h++) {
            switch (t->hit[h].cls) {
            case PD_LX_NEG:
                if (fr_close == i + 1)
                    break; /* the "pas" of "ne ... pas": closing, not opening */
                if (tok_is(tk, "nicht") && i + 1 < S->e && tok_is(&t->tok[i + 1], "nur"))
                    break; /* "nicht nur ... sondern auch": not only */
                if ((fr_neg = tok_is(tk, "ne"))) {
                    fr_start = i;
                    /* inside "si ...", "lorsque ...", "quand ..." */
                    fr_cond = 0;
                    for (size_t j = i; j-- > S->s && t->tok[j].kind != PD_TK_COMMA && !fr_cond;)
                        fr_cond = tok_is(&t->tok[j], "si") || tok_is(&t->tok[j], "s") ||
                                  tok_is(&t->tok[j], "lorsque") || tok_is(&t->tok[j], "lorsqu") ||
                                  tok_is(&t->tok[j], "quand");
                }
                cur.neg = 1;
                cur.exc = 0;
                cur.pexc = 0;
                rel_neg =
                    i > S->s + 1 && (is_relative(&t->tok[i - 1]) || is_relative(&t->tok[i - 2]));
                break;
            case PD_LX_EXC:
                /* "nicht ohne Ihre Einwilligung an Dritte weiter": German
                 * puts the exception before the verb and its recipient,
                 * which stay negated (only with consent), as "do not share
                 * with third parties without your consent" reads */
                if (cur.neg && i > S->s && tok_in(&t->tok[i - 1], PD_WC_NEG_EXC))
                    cur.pexc = 1;
                else if (cur.neg)
                    cur.exc = 1;
                break;
            case PD_LX_CONTRAST:
                cur.neg = 0;
                cur.exc = 0;
                break;
            case PD_LX_COND:
                cur.cond = 1;
                break;
            case PD_LX_SUBJ:
                if (i > S->s && takes_object(&t->tok[i - 1]))
                    break; /* "identify you", "with you": an object, not a subject */
                cur.subj = t->hit[h].id;
                /* "you can", "parents may", "you have": what follows is a choice */
                if (cur.subj == 2 && i + 1 < S->e && is_user_modal(&t->tok[i + 1]))
                    cur.cue = 1;
                /* a new clause ("..., and we share", "the purposes we
                 * collected it for") ends the negation; an inverted one
                 * ("under no circumstances do we sell") does not */
                if (i == S->s || t->tok[i - 1].kind == PD_TK_COMMA ||
                    starts_clause(&t->tok[i - 1]) || after_noun(&t->tok[i - 1])) {
                    cur.neg = 0;
                    cur.exc = 0;
                }
                break;
            case PD_LX_RIGHTCUE:
                if (!reserved_right(S, i))
                    cur.cue = 1;
                break;
            default:
                break;
            }
        }
        S->st[i - S->s] = cur;
    }
}

/* "stored", "collected", "kept": a past participle. */
static int is_participle(const pd_cl_tok *tk)
{
    return (tk->len > 3 && strcmp(tk->s + tk->len - 2, "ed") == 0) || tok_is(tk, "kept") ||
           tok_is(tk, "sold");
}

static int is_adverb(const pd_cl_tok *tk)
{
    return tk->len > 3 && strcmp(tk->s + tk->len - 2, "ly") == 0;
}

/* Words that follow a verb rather than an adjective. */
static const char *const linkers[] = {
    "by",      "with",  "to",    "from",   "for",   "in",     "on",   "at",      "about",
    "through", "under", "until", "as",     "and",   "or",     "only", "when",    "if",
    "where",   "that",  "via",   "within", "after", "before", "into", "outside", "across",
    "during",  "while", "over",  "upon",   "than",  "so",     NULL};
static int is_linker(const pd_cl_tok *tk)
{
    return tok_in(tk, PD_WC_LINKER);
}

static const char *const auxiliaries[] = {
    "do",    "does", "did", "will",  "would", "shall",   "should",  "may",    "might",    "can",
    "could", "must", "not", "never", "no",    "don't",   "doesn't", "won't",  "cannot",   "can't",
    "be",    "is",   "are", "been",  "also",  "neither", "nor",     "didn't", "wouldn't", NULL};
static int is_aux(const pd_cl_tok *tk)
{
    return tk->kind == PD_TK_WORD && tok_in(tk, PD_WC_AUX);
}

/* "we sell no data", "we share nothing", "with no one": a negative object
 * right after the verb (up to four words, within the clause) negates it;
 * "no more than", "no later than", "no longer" only limit. */
static int negated_object(const sentence *S, size_t j)
{
    const pd_cl_text *t = S->t;
    for (size_t k = j; k < S->e && k < j + 4; k++) {
        const pd_cl_tok *tk = &t->tok[k];
        if (tk->kind != PD_TK_WORD || starts_clause(tk))
            return 0;
        if (tok_is(tk, "nothing") || tok_is(tk, "none") || tok_is(tk, "nobody"))
            return 1;
        /* German negates after the verb: "wir verkaufen Ihre Daten nicht"
         * ("nicht nur": not only) */
        if ((tok_is(tk, "nicht") && !(k + 1 < S->e && tok_is(&t->tok[k + 1], "nur"))) ||
            tok_is(tk, "keine") || tok_is(tk, "keinen") || tok_is(tk, "niemals") ||
            tok_is(tk, "nie"))
            return 1;
        if (tok_is(tk, "no")) {
            const pd_cl_tok *nx = k + 1 < S->e ? &t->tok[k + 1] : NULL;
            return !(nx && (tok_is(nx, "more") || tok_is(nx, "later") || tok_is(nx, "longer") ||
                            tok_is(nx, "less") || tok_is(nx, "sooner")));
        }
    }
    return 0;
}

/* Appends tk's word to out (cap bytes, *o used), a space before it when
 * out is not empty; 0 when it does not fit. */
static int append_word(char *out, size_t cap, size_t *o, const pd_cl_tok *tk)
{
    if (*o + tk->len + 2 >= cap)
        return 0;
    if (*o)
        out[(*o)++] = ' ';
    memcpy(out + *o, tk->s, tk->len);
    *o += tk->len;
    out[*o] = '\0';
    return 1;
}

/* "do not sell", "may sell": the verb with the auxiliaries before it. */
static void make_phrase(char *out, size_t cap, const sentence *S, size_t i, size_t len)
{
    const pd_cl_text *t = S->t;
    size_t ps = i;
    size_t lim = i >= S->s + 4 ? i - 4 : S->s;
    for (size_t j = i; j-- > lim;) {
        const pd_cl_tok *tk = &t->tok[j];
        if (tk->kind != PD_TK_WORD)
            break;
        if (is_aux(tk) || tok_is(tk, "ne") || tok_is(tk, "pas"))
            ps = j; /* "do not sell", "ne vendons", "ne pas vendre" */
        else if (j + 1 == i || (tk->len > 2 && strcmp(tk->s + tk->len - 2, "ly") == 0))
            continue; /* "make", "knowingly" */
        else
            break;
    }
    size_t o = 0;
    out[0] = '\0';
    if (ps < i && tok_is(&t->tok[ps], "ne") && i + len < S->e && french_closer(&t->tok[i + len]))
        len++; /* "ne vendons pas" */
    for (size_t j = ps; j < i + len && j < S->e; j++) {
        const pd_cl_tok *tk = &t->tok[j];
        if (tk->kind != PD_TK_WORD && tk->kind != PD_TK_NUM)
            continue;
        if (!append_word(out, cap, &o, tk))
            break;
    }
}

static int stance_rank(int st)
{
    return st == PD_ST_AFFIRMED ? 3 : st == PD_ST_NEGATED_EXC ? 2 : st == PD_ST_NEGATED ? 1 : 0;
}

/* Words that open the object of "access": "access your messages". */
static const char *const object_starts[] = {
    "your",        "the",      "their",     "any",     "all",      "certain",  "some",    "such",
    "information", "data",     "personal",  "content", "this",     "these",    "those",   "user",
    "users",       "customer", "customers", "files",   "messages", "accounts", "account", NULL};
static int is_object_start(const pd_cl_tok *tk)
{
    return tok_in(tk, PD_WC_OBJECT_START);
}

/* A tracker named within four words after pos: "use cookies", "place pixels". */
static int tracker_follows(const sentence *S, size_t pos)
{
    if (!(S->cls >> PD_LX_TRACKER & 1))
        return 0;
    for (size_t g = S->hs; g < S->he; g++) {
        const pd_cl_hit *o = &S->t->hit[g];
        if (o->cls == PD_LX_TRACKER && o->start >= pos && o->start <= pos + 4)
            return 1;
    }
    return 0;
}

static const char *const consent_words[] = {
    "consent", "permission", "consentement", "accord", "einwilligung", "zustimmung", NULL};
static int consent_word(const pd_cl_tok *tk)
{
    return tok_in(tk, PD_WC_CONSENT);
}

/* Whether the French practice word at i is a noun: after an article or a
 * possessive ("la collecte", "votre utilisation"), but not after a subject
 * ("nous les partageons", "nous leur transmettons": pronouns), and after
 * "de" when it has a noun's ending ("conditions d'utilisation"; "afin de
 * partager" stays a verb). */
static const char *const french_subjects[] = {"nous", "vous", "ne",    "on", "il",
                                              "elle", "ils",  "elles", "je", NULL};
static const char *const french_determiners[] = {
    "la", "le",  "les", "l",    "du",    "des",   "une", "un",  "votre", "vos",  "notre", "nos",
    "sa", "son", "ses", "leur", "leurs", "cette", "ces", "cet", "toute", "tout", NULL};
static int french_noun(const sentence *S, size_t i)
{
    const pd_cl_tok *prev = &S->t->tok[i - 1], *w = &S->t->tok[i];
    if (i >= S->s + 2 && tok_in(&S->t->tok[i - 2], PD_WC_FR_SUBJECT))
        return 0;
    static const char *const end[] = {"tion", "sion", "ment", "age", NULL};
    if (tok_in(prev, PD_WC_FR_DETERMINER))
        return 1;
    if (!tok_is(prev, "de") && !tok_is(prev, "d"))
        return 0;
    for (const char *const *e = end; *e; e++) {
        size_t n = strlen(*e);
        if (w->len > n && !memcmp(w->s + w->len - n, *e, n))
            return 1;
    }
    return 0;
}

/* Whether data is named within five words of the word at i (len words):
 * "vendre vos données", "Ihre Daten an Dritte verkaufen". */
static const char *const foreign_data_words[] = {
    "données", "donnée", "informations", "renseignements", "daten", "informationen", NULL};
static int data_near(const sentence *S, size_t i, size_t len)
{
    size_t from = i >= S->s + 5 ? i - 5 : S->s, to = i + len + 5 < S->e ? i + len + 5 : S->e;
    for (size_t k = from; k < to; k++)
        if (tok_in(&S->t->tok[k], PD_WC_FOREIGN_DATA))
            return 1;
    for (size_t h = S->hs; h < S->he; h++)
        if (S->t->hit[h].cls == PD_LX_DATA && S->t->hit[h].start >= from && S->t->hit[h].start < to)
            return 1;
    return 0;
}

/* What a service sells that is not data. */
static const char *const goods[] = {"tickets",  "products",    "goods", "items",    "merchandise",
                                    "devices",  "fees",        "gift",  "gifts",    "subscriptions",
                                    "coins",    "advertising", "ads",   "produits", "billets",
                                    "services", NULL};

/* Whether "information" or "data" (or their French and German words)
 * comes within the four words after i: "sell your personal information". */
static int data_word_after(const sentence *S, size_t i)
{
    for (size_t k = i; k < S->e && k < i + 4; k++)
        if (tok_in(&S->t->tok[k], PD_WC_DATA) || tok_in(&S->t->tok[k], PD_WC_FOREIGN_DATA))
            return 1;
    return 0;
}

/* Whether goods are named among the four words before i ("products or
 * services sold", "the items we sell"). */
static int goods_before(const sentence *S, size_t i)
{
    for (size_t k = i > S->s + 4 ? i - 4 : S->s; k < i; k++)
        if (tok_in(&S->t->tok[k], PD_WC_GOODS))
            return 1;
    return 0;
}

/* Whether data is named from token i to the phrase's end (a comma or the
 * sentence's): "information",
 * "data" or their French and German words, a data type or a tracker of the
 * lexicon ("sell tickets and your personal data", "advertising IDs"). */
static int data_after(const sentence *S, size_t i)
{
    size_t end = i;
    while (end < S->e && S->t->tok[end].kind != PD_TK_COMMA && S->t->tok[end].kind != PD_TK_END)
        end++; /* the phrase only: "we sell tickets, we share your name" */
    for (size_t k = i; k < end; k++)
        if (tok_in(&S->t->tok[k], PD_WC_DATA) || tok_in(&S->t->tok[k], PD_WC_FOREIGN_DATA))
            return 1;
    for (size_t h = S->hs; h < S->he; h++)
        if ((S->t->hit[h].cls == PD_LX_DATA || S->t->hit[h].cls == PD_LX_TRACKER) &&
            S->t->hit[h].start >= i && S->t->hit[h].start < end)
            return 1;
    return 0;
}

/* Whether tk names wares: goods that are things ("devices", "products",
 * "tickets"), not "ads", "advertising", "services" or "fees", which may be
 * what data is sold for or about ("to show you ads, we sell them", "the
 * advertising identifiers"). */
static int is_ware(const pd_cl_tok *tk)
{
    return tok_in(tk, PD_WC_GOODS) && !tok_is(tk, "ads") && !tok_is(tk, "advertising") &&
           !tok_is(tk, "services") && !tok_is(tk, "fees");
}

/* Whether the sentence names wares before i. */
static int wares_before(const sentence *S, size_t i)
{
    for (size_t k = S->s; k < i; k++)
        if (is_ware(&S->t->tok[k]))
            return 1;
    return 0;
}

/* Whether the clause names data anywhere (what "them" or "it" may stand
 * for, in this sentence or an earlier one): a data type of the lexicon, or
 * "information", "data" and their French and German words. */
static int data_in(const pd_cl_text *t)
{
    for (size_t k = 0; k < t->n; k++)
        if (tok_in(&t->tok[k], PD_WC_DATA) || tok_in(&t->tok[k], PD_WC_FOREIGN_DATA))
            return 1;
    for (size_t h = 0; h < t->nhit; h++)
        if (t->hit[h].cls == PD_LX_DATA)
            return 1;
    return 0;
}

/* Pass 2: practices, with who does them and whether they are negated. */
/* Whether the practice at i looks back at what was done: a participle in a
 * relative clause of "purpose(s)", with only the clause's own small words
 * between ("the purposes we collected it for", "the purposes for which it
 * was originally collected"), not a statement about purposes ("for
 * marketing purposes, data is shared"). */
static const char *const relative_glue[] = {"for",  "which", "that", "we",  "it",         "they",
                                            "was",  "were",  "been", "had", "originally", "you",
                                            "have", "has",   "us",   NULL};
static int purpose_reference(const sentence *S, size_t i)
{
    const pd_cl_tok *tk = S->t->tok;
    if (!is_participle(&tk[i]))
        return 0; /* "collected", "obtained", "sold" */
    for (size_t k = i; k > S->s && i - k < 6; k--) {
        if (tok_is(&tk[k - 1], "purpose") || tok_is(&tk[k - 1], "purposes"))
            return k < i; /* at least one word of the relative clause between */
        if (!tok_in(&tk[k - 1], PD_WC_GLUE))
            return 0;
    }
    return 0;
}

/* Whether the German "teilen" at i is "mitteilen" (to inform): its
 * particle "mit" ends the clause ("Der Anbieter teilt dem Kunden
 * Änderungen mit"), where "teilen ... mit Dritten" names with whom. */
static int split_mitteilen(const sentence *S, size_t i)
{
    const pd_cl_tok *tk = S->t->tok;
    if (strncmp(tk[i].s, "teil", 4) != 0)
        return 0;
    for (size_t k = i + 1; k < S->e && tk[k].kind != PD_TK_COMMA; k++)
        if (tok_is(&tk[k], "mit"))
            return k + 1 == S->e || tk[k + 1].kind != PD_TK_WORD;
    return 0;
}

/* Whether notify hit g is the user's duty, not the company's promise:
 * "you must notify us", "please notify us", "notify Acme of any
 * unauthorized access" (the user the subject, an imperative, or "us"
 * told). */
static int users_duty_to_notify(const sentence *S, const pd_cl_hit *g)
{
    const pd_cl_tok *tk = S->t->tok;
    size_t i = g->start, e = g->start + g->len;
    if (S->st[i - S->s].subj == 2)
        return 1;
    if (e < S->e && tok_is(&tk[e], "us"))
        return 1;
    return i == S->s || (i == S->s + 1 && tok_is(&tk[S->s], "please"));
}

/* Whether i's sentence tells users not to do something ("Do not share
 * synthetic media ...", "Please don't sell, rent or share your account",
 * "Ne partagez pas ..."):
 * it opens with "do not", "don't" or "never" (after "please"), and no
 * subject (practice_applies asks) nor auxiliary comes before i; a rule
 * for users, not a practice of the company's. */
static int told_not_to(const sentence *S, size_t i)
{
    const pd_cl_tok *tk = S->t->tok;
    size_t k = S->s;
    /* French: "Ne partagez pas votre mot de passe", "N'utilisez jamais ..." */
    if (i == k + 1 && (tok_is(&tk[k], "ne") || tok_is(&tk[k], "n")) && tk[i].len > 3 &&
        !strcmp(tk[i].s + tk[i].len - 2, "ez") && i + 1 < S->e &&
        (tok_is(&tk[i + 1], "pas") || tok_is(&tk[i + 1], "jamais")))
        return 1;
    if (k < i && tok_is(&tk[k], "please"))
        k++;
    if (k + 1 < i && tok_is(&tk[k], "do") && tok_is(&tk[k + 1], "not"))
        k += 2;
    else if (k < i && (tok_is(&tk[k], "don't") || tok_is(&tk[k], "never")))
        k++;
    else
        return 0;
    static const char *const aux[] = {"be", "is", "are", "was", "were", "will", "can", NULL};
    for (size_t j = k; j < i; j++)
        if (tk[j].kind == PD_TK_END || (tk[j].kind == PD_TK_WORD && tok_any(&tk[j], aux)))
            return 0; /* "Do not be alarmed, location data is shared": someone else's verb */
    return 1;         /* "... without clearly disclosing it": still the user's */
}

/* 0 when practice hit at i (k: its practice) is not the company doing it:
 * a hypothetical, the user acting, an imperative, a noun or adjective, or a
 * word that needs a recipient, AI words, a place or a tracker around it. */
static int practice_applies(const sentence *S, const pd_cl_hit *hit, const tstate *st, int recip,
                            int ai, int intl)
{
    const pd_cl_text *t = S->t;
    int k = hit->id;
    size_t i = hit->start;
    if (st->cond || st->subj == 2)
        return 0; /* hypothetical, or the user acting */
    if (st->subj == 0 && (i == S->s || t->tok[i - 1].kind == PD_TK_COMMA || told_not_to(S, i)))
        return 0; /* imperative: "use the form", "delete your account" */
    if ((hit->flags & PD_LXF_PROVIDE) && !recip)
        return 0;
    if ((hit->flags & PD_LXF_NEEDAI) && !ai)
        return 0;
    if ((hit->flags & PD_LXF_NEEDINTL) && !intl)
        return 0;
    if ((hit->flags & PD_LXF_NEEDTRACKER) && !tracker_follows(S, i + hit->len))
        return 0;
    const pd_cl_tok *prev = i > S->s ? &t->tok[i - 1] : NULL;
    const pd_cl_tok *next = i + hit->len < S->e ? &t->tok[i + hit->len] : NULL;
    if ((hit->flags & PD_LXF_NEEDDATA) && !data_near(S, i, hit->len))
        return 0;
    if ((hit->flags & PD_LXF_NOUNISH) && (!next || !is_object_start(next)))
        return 0; /* "access to", "have access": a noun or an infinitive */
    if (k == PD_K_USE && prev &&
        (tok_is(prev, "your") || tok_is(prev, "the") || tok_is(prev, "by") || tok_is(prev, "its") ||
         tok_is(prev, "their") || tok_is(prev, "this") || tok_is(prev, "such") ||
         tok_is(prev, "of") || tok_is(prev, "a")))
        return 0; /* "your use of", "by using": a noun, not a practice */
    if (k == PD_K_USE && next && tok_is(next, "of") && !(prev && tok_is(prev, "we")))
        return 0; /* "continued use of the service" */
    if (prev && is_participle(&t->tok[i]) &&
        (tok_is(prev, "all") || tok_is(prev, "the") || tok_is(prev, "any") ||
         tok_is(prev, "your") || tok_is(prev, "our") || tok_is(prev, "such") ||
         tok_is(prev, "these") || tok_is(prev, "those") || tok_is(prev, "their") ||
         tok_is(prev, "its") || tok_is(prev, "this")))
        return 0; /* "all stored passwords": an adjective */
    if (prev && next && is_participle(&t->tok[i]) && prev->kind == PD_TK_WORD && !is_aux(prev) &&
        !tok_is(prev, "we") && !tok_is(prev, "have") && !tok_is(prev, "has") &&
        !tok_is(prev, "had") && !is_adverb(prev) && next->kind == PD_TK_WORD && !is_linker(next) &&
        !is_adverb(next))
        return 0; /* "encrypt stored passwords": an adjective before its noun */
    if (k == PD_K_SELL && next &&
        (tok_is(next, "our") || tok_is(next, "its") || tok_is(next, "all") ||
         tok_is(next, "substantially") || tok_is(next, "assets") || tok_is(next, "company")))
        return 0; /* selling the business, not the data */
    if (k == PD_K_SELL && next && tok_in(next, PD_WC_GOODS) && !data_after(S, i))
        return 0; /* "we sell tickets", "selling fees": trade, not data */
    if (k == PD_K_SELL && next &&
        (tok_is(next, "these") || tok_is(next, "those") || tok_is(next, "the") ||
         tok_is(next, "such")) &&
        i + hit->len + 1 < S->e && is_ware(&t->tok[i + hit->len + 1]) && !data_after(S, i))
        return 0; /* "we stopped selling these devices" (not "the advertising data", nor
                   * "the devices and your personal data") */
    if (k == PD_K_SELL && next && tok_is(next, "them") && wares_before(S, i) && !data_in(t))
        return 0; /* "updates for Nest devices ... from the date we start selling them" */
    if (k == PD_K_SELL && goods_before(S, i) && !data_near(S, i, hit->len) &&
        !data_word_after(S, i + hit->len))
        return 0; /* "products or services sold by us", "the items we sell" */
    if (k == PD_K_COLLECT && next &&
        (consent_word(next) ||
         ((tok_is(next, "your") || tok_is(next, "votre") || tok_is(next, "ihre") ||
           tok_is(next, "ihr")) &&
          i + hit->len + 1 < S->e && consent_word(&t->tok[i + hit->len + 1]))))
        return 0; /* "obtain your consent", "recueillir votre consentement" */
    if (prev && french_noun(S, i))
        return 0; /* "la collecte", "conditions d'utilisation": a noun */
    if (k == PD_K_SHARE && split_mitteilen(S, i))
        return 0; /* "teilt ... mit": informs */
    if (purpose_reference(S, i))
        return 0; /* "the purposes for which we collected it": what was done */
    if (k == PD_K_HONOR && !has_cls(S, PD_LX_MASK) && !has_cue(S, PD_CUE_SIGNAL) &&
        !has_cue(S, PD_CUE_REQUEST) && !has_cue(S, PD_CUE_PREFERENCE) && !has_cue(S, PD_CUE_CHOICE))
        return 0;
    return 1;
}

/* The category of practice k found by hit. */
static unsigned practice_category(const sentence *S, const pd_cl_hit *hit, int k, int intl)
{
    switch (k) {
    case PD_K_COLLECT:
        return PD_CAT_COLLECTION;
    case PD_K_USE:
        return PD_CAT_USE;
    case PD_K_SHARE:
        return (hit->flags & PD_LXF_TRANSFER) && intl ? PD_CAT_INTERNATIONAL : PD_CAT_SHARING;
    case PD_K_SELL:
        return PD_CAT_SALE;
    case PD_K_RETAIN:
    case PD_K_DELETE:
        return PD_CAT_RETENTION;
    case PD_K_TRACK:
        return PD_CAT_TRACKING;
    case PD_K_TRAIN:
        return PD_CAT_AI;
    case PD_K_HONOR:
        return has_cls(S, PD_LX_MASK) || has_cue(S, PD_CUE_SIGNAL) ? PD_CAT_TRACKING
                                                                   : PD_CAT_USER_RIGHTS;
    default:
        return PD_CAT_OTHER;
    }
}

/* Copies into out (cap bytes) the words of the exception after token i,
 * or of the last one before it ("nicht ohne ... weiter"). */
static void copy_exception(char *out, size_t cap, const sentence *S, size_t i)
{
    const pd_cl_text *t = S->t;
    const pd_cl_hit *x = first_cls_after(S, PD_LX_EXC, i);
    for (size_t h = S->hs; !x && h < S->he && t->hit[h].start < i; h++)
        if (t->hit[h].cls == PD_LX_EXC)
            x = &t->hit[h];
    size_t o = 0;
    for (uint32_t j = 0; x && j < x->len; j++) {
        const pd_cl_tok *tk = &t->tok[x->start + j];
        if (!append_word(out, cap, &o, tk))
            break;
    }
}

/* Whether the sentence speaks of a business changing hands ("if we are
 * acquired", "a merger or the sale of all or part of our assets"): its
 * "sell" is a business transfer, which shares data with the buyer; it is
 * no sale of personal data.  "Acquired" counts as the company's passive
 * ("we are acquired"), "assets" as the company's ("our assets"): "the data
 * we acquired from partners" and "data about your assets" are about data. */
static const char *const business_cues[] = {
    "merge",          "merger",         "mergers",    "acquisition", "acquisitions",
    "reorganization", "reorganisation", "bankruptcy", "insolvency",  "divestiture",
    "fusion",         "cession",        "übernahme",  "fusionen",    NULL};
static const char *const be_words[] = {"is", "are", "be", "been", "being", "was", "were", NULL};
static const char *const company_words[] = {"our", "its", "company", "business", NULL};
static int business_transfer(const sentence *S)
{
    const pd_cl_tok *tk = S->t->tok;
    for (size_t i = S->s; i < S->e; i++) {
        if (tok_in(&tk[i], PD_WC_BUSINESS))
            return 1;
        if (tok_is(&tk[i], "acquired") && i > S->s && tok_in(&tk[i - 1], PD_WC_BE))
            return 1;
        if (tok_is(&tk[i], "assets"))
            for (size_t k = i > S->s + 3 ? i - 3 : S->s; k < i; k++)
                if (tok_in(&tk[k], PD_WC_COMPANY))
                    return 1;
    }
    return 0;
}

/* Whether the practice at i (len words) is training: a training word
 * itself, or one within twelve words after it ("use your posts ... to
 * train", "... to develop and improve our AI"), not "use automated
 * systems" beside "trained reviewers". */
/* the practice is AI use already: developing or improving the models is
 * training them */
static const char *const training_words[] = {
    "train",      "trains",    "training",   "develop",    "improve",    "entraîner", "entrainer",
    "développer", "améliorer", "trainieren", "entwickeln", "verbessern", NULL};
static int training_near(const sentence *S, size_t i, size_t len)
{
    size_t end = i + len + 12 < S->e ? i + len + 12 : S->e;
    for (size_t k = i; k < end; k++)
        if (tok_in(&S->t->tok[k], PD_WC_TRAINING))
            return 1;
    return 0;
}

/* Whether a negation is among tokens [from, to) of the sentence. */
static int neg_between(const sentence *S, size_t from, size_t to)
{
    for (size_t h = S->hs; h < S->he; h++)
        if (S->t->hit[h].cls == PD_LX_NEG && S->t->hit[h].start >= from && S->t->hit[h].start < to)
            return 1;
    return 0;
}

/* Whether what users write, say or post is named within six words of the
 * practice at i (len words), with no negation between: AI trained on it
 * is the high loss the guidelines name ("we use your posts to train our
 * models"), not "our models, not your messages". */
static const char *const content_words[] = {
    "content",  "conversations", "conversation", "messages", "posts",        "prompts",
    "inputs",   "input",         "photos",       "videos",   "recordings",   "chats",
    "comments", "uploads",       "contenu",      "contenus", "publications", "commentaires",
    "inhalte",  "beiträge",      "nachrichten",  NULL};
static const char *const owner_words[] = {"your", "personal", "vos", "ihre", NULL};
static const char *const data_words[] = {"information", "data",  "informations",
                                         "données",     "daten", NULL};
static int user_content(const sentence *S, size_t i, size_t len)
{
    const pd_cl_tok *tok = S->t->tok;
    size_t from = i >= S->s + 6 ? i - 6 : S->s, to = i + len + 6 < S->e ? i + len + 6 : S->e;
    for (size_t k = from; k < to; k++) {
        /* what users wrote, or their data: "your information", "the
         * information we collect", not "aggregated statistics" */
        int theirs =
            tok_in(&tok[k], PD_WC_CONTENT) ||
            (tok_in(&tok[k], PD_WC_DATA) &&
             ((k > S->s && tok_in(&tok[k - 1], PD_WC_OWNER)) ||
              (k + 2 < S->e && tok_is(&tok[k + 1], "we") && tok_is(&tok[k + 2], "collect"))));
        if (theirs && !(k < i ? neg_between(S, k, i) : neg_between(S, i + len, k)))
            return 1;
    }
    return 0;
}

/* Whether a sentence says copies may linger in backups ("it may take us up
 * to ninety days to remove it from backups", "peuvent subsister dans nos
 * sauvegardes", "Sicherungskopien"): a deletion there says how long copies
 * outlive it, no promise to delete; "we delete your data, including any
 * copies in our backups" still promises. */
static int names_backups(const sentence *S)
{
    static const char *const stems[] = {"backup", "sauvegardes", "sicherungskopie", NULL};
    static const char *const linger[] = {"may",     "might",      "remain", "remains",   "take",
                                         "persist", "peuvent",    "peut",   "subsister", "kann",
                                         "können",  "verbleiben", NULL};
    const pd_cl_tok *tk = S->t->tok;
    int backups = 0, lingers = 0;
    for (size_t k = S->s; k < S->e; k++) {
        backups |= word_starts(&tk[k], stems) ||
                   (tok_is(&tk[k], "back") && k + 1 < S->e && tok_is(&tk[k + 1], "up"));
        lingers |= tok_any(&tk[k], linger);
    }
    return backups && lingers;
}

/* Whether a word of responsibility comes before the practice at i in its
 * sentence: "we are not responsible for content shared by third parties",
 * "nous ne sommes pas responsables des contenus communiqués par des
 * tiers", "wir sind nicht verantwortlich für Inhalte, die von Dritten
 * übermittelt werden" disclaim what others do; the negation is no
 * commitment about the practice (terms.c reads the disclaimer). */
static const char *const responsibility_words[] = {
    "responsible",    "responsibility", "liable",        "liability", "responsable", "responsables",
    "responsabilité", "verantwortlich", "verantwortung", "haften",    "haftung",     NULL};
static int disclaimed_before(const sentence *S, size_t i)
{
    static const char *const denying[] = {"not",   "no",        "pas",   "nicht",
                                          "keine", "keinerlei", "never", NULL};
    const pd_cl_tok *tk = S->t->tok;
    for (size_t k = S->s; k < i; k++)
        if (tok_in(&tk[k], PD_WC_RESPONSIBLE)) {
            /* denied just before ("not responsible", "not be held
             * liable", "pas responsables"); "the company responsible for
             * your data does not sell it" disclaims nothing */
            for (size_t j = k > S->s + 3 ? k - 3 : S->s; j < k; j++)
                if (tok_any(&tk[j], denying))
                    return 1;
        }
    return 0;
}

static void scan_practices(pd_cl_profile *p, sentence *S)
{
    /* the cue words are looked for only in a sentence that sells: a scan
     * of every token of every sentence for a verdict few need */
    int transfer = -1;
    const pd_cl_text *t = S->t;
    int ai = has_cls(S, PD_LX_AI);
    int recip = has_cls(S, PD_LX_RECIP);
    int intl = has_cls(S, PD_LX_INTL);
    for (size_t h = S->hs; h < S->he; h++) {
        const pd_cl_hit *hit = &t->hit[h];
        if (hit->cls != PD_LX_PRACTICE)
            continue;
        int k = hit->id;
        size_t i = hit->start;
        if (k == PD_K_SELL && transfer < 0)
            transfer = business_transfer(S);
        if (k == PD_K_SELL && transfer)
            k = PD_K_SHARE;
        if (k == PD_K_DELETE && names_backups(S))
            k = PD_K_RETAIN; /* "may take up to ninety days to remove it from backups" */
        if (k == PD_K_RETAIN || k == PD_K_DELETE)
            S->retain = 1;
        const tstate *st = &S->st[i - S->s];
        if (!practice_applies(S, hit, st, recip, ai, intl))
            continue;
        if (k == PD_K_USE) {
            /* "use cookies": the object decides */
            if (tracker_follows(S, i + hit->len))
                k = PD_K_TRACK;
            if (k == PD_K_USE && ai)
                k = PD_K_TRAIN;
        }
        unsigned cat = practice_category(S, hit, k, intl);
        int affirmed = (!st->neg || st->exc) && !negated_object(S, i + hit->len);
        if (!affirmed && disclaimed_before(S, i))
            continue; /* "not responsible for content shared by others" */
        int stance = affirmed                                     ? PD_ST_AFFIRMED
                     : st->pexc || has_cls_after(S, PD_LX_EXC, i) ? PD_ST_NEGATED_EXC
                                                                  : PD_ST_NEGATED;
        S->company = 1;
        if (!PD_K_PROTECTIVE(k))
            S->exposing = 1;
        if (k == PD_K_SHARE || k == PD_K_SELL)
            S->share = 1;
        if (affirmed)
            S->aff = 1;
        else
            S->aff_neg = 1;
        if (affirmed && (k == PD_K_COLLECT || k == PD_K_SHARE || k == PD_K_SELL || k == PD_K_TRAIN))
            p->strong = 1;
        if (affirmed && k == PD_K_TRAIN && training_near(S, i, hit->len) &&
            user_content(S, i, hit->len)) {
            p->train_named = 1;
            p->train_content |= st->subj == 1;
        }
        add_topic(S, cat_index(cat));
        if (stance == PD_ST_NEGATED && !(p->negated_any >> k & 1)) {
            p->negated_any |= 1u << k;
            make_phrase(p->neg_phrase[k], sizeof(p->neg_phrase[k]), S, i, hit->len);
        }
        if (stance_rank(stance) > stance_rank(p->stance[k])) {
            p->stance[k] = (uint8_t)stance;
            p->kcat[k] = (uint16_t)cat;
            make_phrase(p->phrase[k], sizeof(p->phrase[k]), S, i, hit->len);
            p->exc[k][0] = '\0';
            if (stance == PD_ST_NEGATED_EXC)
                copy_exception(p->exc[k], sizeof(p->exc[k]), S, i);
        }
    }
}

static double unit_days(int u)
{
    switch (u) {
    case PD_U_HOUR:
        return 1.0 / 24;
    case PD_U_DAY:
        return 1;
    case PD_U_WEEK:
        return 7;
    case PD_U_MONTH:
        return 30.4;
    default:
        return 365;
    }
}

/* The hit of class cls starting at token i (hits are ordered by start). */
static const pd_cl_hit *hit_at(const sentence *S, size_t i, int cls)
{
    if (!has_cls(S, cls))
        return NULL;
    size_t lo = S->hs, hi = S->he;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (S->t->hit[mid].start < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t h = lo; h < S->he && S->t->hit[h].start == i; h++)
        if (S->t->hit[h].cls == cls)
            return &S->t->hit[h];
    return NULL;
}

static void put_qty(pd_cl_qty *q, double days, const pd_cl_text *t, size_t i, size_t n)
{
    q->days = days;
    size_t o = 0;
    q->text[0] = '\0';
    for (size_t j = i; j < i + n; j++) {
        const pd_cl_tok *tk = &t->tok[j];
        if (o + tk->len + 2 >= sizeof(q->text))
            break;
        if (o)
            q->text[o++] = ' ';
        memcpy(q->text + o, tk->s, tk->len);
        o += tk->len;
        q->text[o] = '\0';
    }
}

/* 1 when the numbers at tokens at[0..3) are a day, a month and a year in
 * some order: one of 4 digits from 1900 to 2099, two of 1 or 2 digits up to 31. */
static int is_date(const pd_cl_text *t, const size_t at[3])
{
    int years = 0, small = 0;
    for (int k = 0; k < 3; k++) {
        const pd_cl_tok *tk = &t->tok[at[k]];
        long v = strtol(tk->s, NULL, 10);
        if (tk->len == 4 && v >= 1900 && v <= 2099)
            years++;
        else if (tk->len <= 2 && v >= 1 && v <= 31)
            small++;
    }
    return years == 1 && small == 2;
}

/* Pass 3: retention periods, notice periods and ages. */
/* The number token i of S stands for ("12", "twelve", the "a" of "a
 * year"), or -1. */
static double number_value(const sentence *S, size_t i)
{
    const pd_cl_tok *tk = &S->t->tok[i];
    double v = -1;
    if (tk->kind == PD_TK_NUM && tk->len <= 12)
        v = strtod(tk->s, NULL);
    else if (tk->kind == PD_TK_WORD) {
        const pd_cl_hit *nw = hit_at(S, i, PD_LX_NUMWORD);
        if (nw)
            v = nw->id;
        else if (has_cls(S, PD_LX_UNIT) && (tok_is(tk, "a") || tok_is(tk, "an")))
            v = 1; /* "a year" */
    }
    return v;
}

/* Notes number v (5 to 21, token i, no unit after it) as a child age when
 * it reads as one: "16 or older", or after an age cue. */
static void note_age(pd_cl_profile *p, sentence *S, size_t i, double v)
{
    const pd_cl_text *t = S->t;
    if (i + 2 < S->e && (tok_is(&t->tok[i + 1], "or") || tok_is(&t->tok[i + 1], "and")) &&
        (tok_is(&t->tok[i + 2], "older") || tok_is(&t->tok[i + 2], "over") ||
         tok_is(&t->tok[i + 2], "above"))) {
        if (p->age < 0 || v < p->age)
            p->age = (int)v; /* "16 or older" */
        add_topic(S, cat_index(PD_CAT_CHILDREN));
        return;
    }
    size_t lim = i >= S->s + 4 ? i - 4 : S->s;
    for (size_t j = i; j-- > lim;) {
        if (hit_at(S, j, PD_LX_AGECUE)) {
            if (p->age < 0 || v < p->age)
                p->age = (int)v;
            add_topic(S, cat_index(PD_CAT_CHILDREN));
            break;
        }
    }
}

/* Whether an "indefinite" word of the sentence means it: "for as long as
 * necessary for the purposes" is retention bound to a purpose (GDPR's
 * storage limitation), "as long as we consider necessary" is not, and
 * "permanently delete" is deletion. */
static const char *const bound_words[] = {"necessary", "needed",   "required",   "reasonably",
                                          "permitted", "relevant", "nécessaire", NULL};
static const char *const whim_words[] = {"consider", "considers", "deem", "deems",
                                         "believe",  "think",     "see",  "wish",
                                         "like",     "want",      NULL};
static const char *const gone_words[] = {"delete",    "deleted", "deleting", "deletes",  "erase",
                                         "erased",    "remove",  "removed",  "removing", "destroy",
                                         "destroyed", "closed",  "close",    "closing",  NULL};
static int indefinite(const sentence *S)
{
    const pd_cl_text *t = S->t;
    for (size_t h = S->hs; h < S->he; h++) {
        const pd_cl_hit *x = &t->hit[h];
        if (x->cls != PD_LX_INDEF)
            continue;
        size_t after = x->start + x->len, k, end = after + 6 < S->e ? after + 6 : S->e;
        if (tok_is(&t->tok[x->start], "permanently")) {
            /* "permanently deleted", "permanently closed and deleted": the
             * word it modifies, not one further on ("permanently after you
             * close your account" is still indefinite) */
            if (after < S->e && tok_in(&t->tok[after], PD_WC_GONE))
                continue;
            return 1;
        }
        if (tok_is(&t->tok[x->start], "as")) { /* "as long as" */
            for (k = after;
                 k < end && !tok_in(&t->tok[k], PD_WC_BOUND) && !tok_in(&t->tok[k], PD_WC_WHIM);
                 k++)
                ;
            if (k < end && tok_in(&t->tok[k], PD_WC_BOUND))
                continue; /* "as long as we consider necessary" is the company's whim */
        }
        return 1;
    }
    return 0;
}

/* Whether a sentence about changes makes going on using the service an
 * acceptance of them: "your continued use of the Service after changes
 * constitutes acceptance", "by using the Services after such changes, you
 * agree to be bound", "en continuant à utiliser ... vous acceptez", "durch
 * die weitere Nutzung ... stimmen Sie zu".  Asked only of a sentence that
 * names a change. */
static int accepted_by_use(const sentence *S)
{
    static const char *const going_on[] = {"continu", "poursui", "weiter", "fortgesetz", NULL};
    static const char *const using[] = {"use",    "using", "utilis", "usage", "nutz",
                                        "access", "accès", "zugr",   NULL};
    static const char *const by[] = {"by", "en", "durch", "après", "after", "nach", NULL};
    static const char *const accept[] = {"agree",       "accept",  "bound",  "consent",
                                         "zustimm",     "stimmen", "akzept", "einverstanden",
                                         "acceptation", NULL};
    const pd_cl_tok *tk = S->t->tok;
    int use = 0, agree = 0;
    /* "your continued use will not count as acceptance", "we will ask for
     * your consent before you continue using" */
    if (has_cls(S, PD_LX_NEG) || has_cls(S, PD_LX_CONSENT))
        return 0;
    for (size_t i = S->s; i < S->e; i++) {
        if (word_starts(&tk[i], accept))
            agree = 1;
        if (!word_starts(&tk[i], using))
            continue;
        /* "continued use", "continue to use", "by using ... after", "weitere Nutzung" */
        for (size_t k = i > S->s + 3 ? i - 3 : S->s; k < i && !use; k++)
            use = word_starts(&tk[k], going_on) || (k + 1 == i && word_starts(&tk[k], by));
    }
    return use && agree;
}

/* Whether a sentence leaves something to the service's discretion ("at
 * its sole discretion", "à sa seule discrétion", "nach eigenem
 * Ermessen"), not the user's ("at your discretion") and not denied ("not
 * at our discretion"). */
static int services_discretion(const sentence *S)
{
    static const char *const words[] = {"discretion", "discrétion", "ermessen", NULL}; /* the cue */
    static const char *const users[] = {"your", "votre", "ihrem", "ihr", "you",  "his",
                                        "her",  "their", "sa",    "son", "leur", NULL};
    static const char *const others[] = {"not", "no", "little", "some", "preuve", "parental", NULL};
    const pd_cl_tok *tk = S->t->tok;
    for (size_t i = S->s; i < S->e; i++) {
        if (!tok_any(&tk[i], words))
            continue;
        /* the user's, someone else's ("the discretion of the account
         * holder"), denied or little, or French tact ("faire preuve de
         * discrétion") */
        int theirs = !(i + 1 < S->e && (tok_is(&tk[i + 1], "of") || tok_is(&tk[i + 1], "de")));
        for (size_t k = i > S->s + 5 ? i - 5 : S->s; k < i; k++)
            if (tok_any(&tk[k], users) || tok_in(&tk[k], PD_WC_NEG_EXC) || tok_any(&tk[k], others))
                theirs = 0;
        if (theirs)
            return 1;
    }
    return 0;
}

/* Whether a sentence requires a minimum age of 13 to 18: a requiring word
 * ("must", "need", "required", "devez", "müssen", "mindestens") among the
 * six words before the number, and an age word in the sentence ("old",
 * "age", "ans", "âgé", "alt"), but no word that lifts or spans it ("no
 * longer", "between", "entre", "zwischen"): "you'll need to be at least 18
 * years old", "vous devez avoir au moins 16 ans", not "a password of at
 * least 16 characters" nor "teens aged 13 to 17 may now ...". */
static int age_required(const sentence *S)
{
    static const char *const requiring[] = {"must",    "need",  "needs",      "required",
                                            "minimum", "devez", "doit",       "doivent",
                                            "müssen",  "muss",  "mindestens", NULL};
    static const char *const age_words[] = {"old",  "age",  "aged",  "older", "ans", "âgé",
                                            "âgée", "âgés", "âgées", "alt",   NULL};
    static const char *const lifting[] = {"longer", "between", "entre", "zwischen", "may", NULL};
    const pd_cl_tok *tk = S->t->tok;
    int required = 0, aged = 0;
    for (size_t i = S->s; i < S->e; i++) {
        if (tok_any(&tk[i], lifting))
            return 0;
        aged |= tok_any(&tk[i], age_words);
        if (tk[i].kind != PD_TK_NUM || atoi(tk[i].s) < 13 || atoi(tk[i].s) > 18)
            continue;
        for (size_t k = i > S->s + 6 ? i - 6 : S->s; k < i; k++)
            required |= tok_any(&tk[k], requiring);
    }
    return required && aged;
}

/* Whether a French word among the four before i makes "N ans" an age:
 * "avoir au moins 16 ans", "âgé d'au moins 13 ans", "mineurs de 15 ans"
 * (not "conservées au moins 10 ans", "les données des enfants sont
 * conservées 2 ans"); German ages are "N Jahre alt". */
static int foreign_age_before(const sentence *S, size_t i)
{
    static const char *const words[] = {"avoir", "âgé", "âgée", "âgés", "âgées", NULL};
    const pd_cl_tok *tk = S->t->tok;
    for (size_t k = i > S->s + 4 ? i - 4 : S->s; k < i; k++)
        if (tok_any(&tk[k], words))
            return 1;
    return i >= S->s + 2 && tok_is(&tk[i - 1], "de") && tok_is(&tk[i - 2], "mineurs");
}

static void scan_quantities(pd_cl_profile *p, sentence *S)
{
    const pd_cl_text *t = S->t;
    int notice = has_cls(S, PD_LX_NOTIFY) || has_cls(S, PD_LX_NONOTICE) ||
                 has_cue(S, PD_CUE_NOTICE) ||
                 (has_cls(S, PD_LX_CHANGE) && has_cue(S, PD_CUE_EFFECT));
    if (notice && has_cue(S, PD_CUE_IMMEDIATELY) && p->notice.days < 0) {
        p->notice.days = 0;
        strcpy(p->notice.text, "immediately");
    }
    size_t digits = 0, nums = 0, last[3] = {0, 0, 0}; /* a run of numbers: a phone number */
    int retention = S->retain || has_cue(S, PD_CUE_RETENTION);
    for (size_t i = S->s; i < S->e; i++) {
        const pd_cl_tok *tk = &t->tok[i];
        if (tk->kind == PD_TK_NUM) {
            digits += tk->len;
            last[nums % 3] = i;
            nums++;
            /* three numbers that read as a date (2022-01-01, 01/15/2023)
             * are a date, a fourth makes it a phone number again */
            if ((nums == 3 && digits >= 7 && !is_date(t, last)) || (nums > 3 && digits >= 7))
                add_topic(S, cat_index(PD_CAT_CONTACT));
        } else if (tk->kind == PD_TK_WORD && !tok_is(tk, "+")) {
            digits = nums = 0;
        }
        double v = number_value(S, i);
        if (v < 0)
            continue;
        const pd_cl_hit *u = i + 1 < S->e ? hit_at(S, i + 1, PD_LX_UNIT) : NULL;
        if (u) {
            size_t after = i + 1 + u->len;
            int age = u->id == PD_U_YEAR && after < S->e &&
                      (tok_is(&t->tok[after], "old") || tok_is(&t->tok[after], "alt") ||
                       (tok_is(&t->tok[after], "of") && after + 1 < S->e &&
                        tok_is(&t->tok[after + 1], "age")));
            age = age || (u->id == PD_U_YEAR && v >= 5 && v <= 21 && foreign_age_before(S, i));
            if (age) {
                if (p->age < 0 || v < p->age)
                    p->age = (int)v;
                continue;
            }
            double days = (double)v * unit_days(u->id);
            if (notice) {
                if (p->notice.days < 0)
                    put_qty(&p->notice, days, t, i, 1 + u->len);
            } else if (retention) {
                if (days > p->retention.days)
                    put_qty(&p->retention, days, t, i, 1 + u->len);
            }
            i += u->len;
            continue;
        }
        if (tk->kind == PD_TK_NUM && v >= 5 && v <= 21)
            note_age(p, S, i, v);
    }
    if (retention && has_cls(S, PD_LX_UNTIL) && p->retention.days < 0) {
        p->retention.days = 0;
        strcpy(p->retention.text, "until account deletion");
    }
    if (retention && has_cls(S, PD_LX_INDEF) && indefinite(S)) {
        p->retention.days = PD_CL_INF;
        strcpy(p->retention.text, "indefinite");
    }
}

/* Whether hit is a phrase of being under way ("in transit", "bei der
 * Übertragung", "lors de la transmission") with nothing protecting in the
 * sentence: no other safeguard, no "protect", "sécuris", "geschützt"... */
static const char *const transit_starts[] = {"in", "en", "bei", "während", "lors", "auf", NULL};
static const char *const protect_stems[] = {"protect",   "secur",     "sécuris", "protég", "schütz",
                                            "geschützt", "gesichert", "sicher",  NULL};
static int transit_alone(const sentence *S, const pd_cl_hit *hit)
{
    const pd_cl_text *t = S->t;
    int generic = tok_any(&t->tok[hit->start], transit_starts);
    if (!generic || hit->len < 2)
        return 0;
    for (size_t h = S->hs; h < S->he; h++)
        if (t->hit[h].cls == PD_LX_SECURITY && &t->hit[h] != hit)
            return 0;
    for (size_t k = S->s; k < S->e; k++)
        if (word_starts(&t->tok[k], protect_stems))
            return 0;
    return 1;
}

/* Whether hit is the word "messages" (or "communications") a service
 * sends rather than the users' own: "marketing messages", "promotional
 * communications", "messages publicitaires" (the kind after it in French);
 * not "service messages" (a user's to customer service are the user's). */
static int sent_messages(const pd_cl_text *t, const pd_cl_hit *hit)
{
    static const char *const kinds[] = {"marketing",     "advertising",     "promotional",
                                        "commercial",    "transactional",   "administrative",
                                        "informational", "publicitaires",   "commerciaux",
                                        "promotionnels", "promotionnelles", NULL};
    const pd_cl_tok *w = &t->tok[hit->start];
    if (hit->len != 1 || !(tok_is(w, "messages") || tok_is(w, "communications")))
        return 0;
    return (hit->start > 0 && tok_any(&t->tok[hit->start - 1], kinds)) ||
           (hit->start + 1 < t->n && tok_any(&t->tok[hit->start + 1], kinds));
}

/* Pass 4: everything named in the sentence. */
/* Notes what hit (a data type, recipient, tracker, place, safeguard or
 * breach) says is collected, shared or protected; returns 0 when hit is of
 * another class. */
static int scan_exposure(pd_cl_profile *p, sentence *S, const pd_cl_hit *hit, const tstate *st,
                         int affirmed)
{
    const pd_cl_text *t = S->t;
    switch (hit->cls) {
    case PD_LX_DATA:
        if (!S->exposing)
            return 1;
        if (hit->start > S->s && tok_is(&t->tok[hit->start - 1], "en") &&
            tok_is(&t->tok[hit->start], "votre"))
            return 1; /* "en votre nom": on your behalf, as "au nom de", no name */
        if (sent_messages(t, hit))
            return 1; /* "marketing messages": what the service sends, not the users' */
        if (affirmed)
            p->data_aff |= 1ull << hit->id;
        else
            p->data_neg |= 1ull << hit->id;
        return 1;
    case PD_LX_RECIP:
        if (S->share && affirmed)
            p->recip_aff |= 1u << hit->id;
        if (!S->share && S->exposing && affirmed && hit->start > S->s + 1 &&
            (tok_is(&t->tok[hit->start - 1], "from") || tok_is(&t->tok[hit->start - 2], "from")))
            p->source_aff |= 1u << hit->id;
        if (S->share)
            add_topic(S, cat_index(PD_CAT_SHARING));
        return 1;
    case PD_LX_TRACKER:
        add_topic(S, cat_index(PD_CAT_TRACKING));
        if (st->subj != 2 && affirmed)
            p->track_aff |= 1u << hit->id;
        return 1;
    case PD_LX_INTL:
        add_topic(S, cat_index(PD_CAT_INTERNATIONAL));
        if ((S->exposing || pd_cl_intl_names[hit->id].weight == 2) && affirmed &&
            pd_cl_intl_names[hit->id].weight > 0)
            p->intl_aff |= 1u << hit->id;
        return 1;
    case PD_LX_SECURITY:
        if (transit_alone(S, hit))
            return 1; /* "goods in transit", "bei der Übertragung von Rechten" */
        add_topic(S, cat_index(PD_CAT_SECURITY));
        if (affirmed)
            p->sec_aff |= 1u << hit->id;
        return 1;
    case PD_LX_BREACH:
        add_topic(S, cat_index(PD_CAT_SECURITY));
        for (size_t g = S->hs; g < S->he; g++)
            if (t->hit[g].cls == PD_LX_NOTIFY && !users_duty_to_notify(S, &t->hit[g]) &&
                /* "unauthorized access" (entry 1) is what is reported only
                 * after the notice: "we will notify you of unauthorized
                 * access", not "we protect against unauthorized access,
                 * and will inform you of changes" */
                (hit->id == 0 || t->hit[g].start < hit->start)) {
                const tstate *gs = &S->st[t->hit[g].start - S->s];
                if (!gs->neg || gs->exc)
                    p->sec_aff |= 1u << PD_SEC_BREACH_NOTICE;
            }
        return 1;
    default:
        return 0;
    }
}

/* Whether the French or German right at hit has the context its entry
 * asks for: "droit", "Recht" just before ("das Recht auf Auskunft"), or
 * data near ("accéder à vos données", not "accéder au service", "Auskunft
 * zu Lieferzeiten"); consent for a withdrawal ("Einwilligung widerrufen",
 * not "diesen Vertrag widerrufen"); an authority for a complaint ("auprès
 * de la CNIL", not "auprès de notre service client"). */
static const char *const right_nouns[] = {"droit", "droits", "recht", "rechte",
                                          "right", "rights", NULL};
/* authorities named by their initials (whole words: "ico", not "icon") */
static const char *const authority_words[] = {"ico", "ftc", "dpc", "edpb", "aepd", "garante", NULL};
static const char *const authority_stems[] = {"cnil",
                                              "authorit",
                                              "supervisory",
                                              "commission",
                                              "ombudsman",
                                              "autorit",
                                              "aufsichtsbeh",
                                              "datenschutzbeh",
                                              "behörde",
                                              "datenschutzaufsicht",
                                              "landesbeauftragt",
                                              "bundesbeauftragt",
                                              "bfdi",
                                              NULL};
static int right_context(const sentence *S, const pd_cl_hit *hit)
{
    const pd_cl_tok *tk = S->t->tok;
    if (!(hit->flags & (PD_LXF_RDATA | PD_LXF_RCONSENT | PD_LXF_RAUTH)))
        return 1;
    if (hit->flags & PD_LXF_RCONSENT) {
        for (size_t k = S->s; k < S->e; k++)
            if (consent_word(&tk[k]))
                return 1;
        return 0;
    }
    for (size_t k = hit->start > S->s + 8 ? hit->start - 8 : S->s; k < hit->start; k++)
        if (tok_any(&tk[k], right_nouns))
            return 1;
    if (hit->flags & PD_LXF_RDATA) {
        /* "der Verarbeitung widersprechen", "opposition au traitement" */
        size_t from = hit->start > S->s + 5 ? hit->start - 5 : S->s;
        size_t to = hit->start + hit->len + 5 < S->e ? hit->start + hit->len + 5 : S->e;
        for (size_t k = from; k < to; k++)
            if (tok_is(&tk[k], "verarbeitung") || tok_is(&tk[k], "traitement") ||
                tok_is(&tk[k], "datenverarbeitung"))
                return 1;
        return data_near(S, hit->start, hit->len);
    }
    for (size_t k = S->s; k < S->e; k++)
        if (word_starts(&tk[k], authority_stems) || tok_any(&tk[k], authority_words))
            return 1;
    return 0;
}

static void scan_named(pd_cl_profile *p, sentence *S)
{
    const pd_cl_text *t = S->t;
    int notify_ctx = has_cls(S, PD_LX_CHANGE);
    int breach =
        0; /* a breach named ("breach", "violation de données"), not "unauthorized access" */
    for (size_t h = S->hs; h < S->he && !breach; h++)
        breach = t->hit[h].cls == PD_LX_BREACH && t->hit[h].id == 0;
    size_t nonotice_end = 0;
    for (size_t h = S->hs; h < S->he; h++) {
        const pd_cl_hit *hit = &t->hit[h];
        const tstate *st = &S->st[hit->start - S->s];
        int affirmed = !st->neg || st->exc;
        if (scan_exposure(p, S, hit, st, affirmed))
            continue;
        switch (hit->cls) {
        case PD_LX_NONOTICE:
            nonotice_end = hit->start + hit->len;
            if (notify_ctx) {
                p->notify_bad = 1;
                add_topic(S, cat_index(PD_CAT_POLICY_CHANGE));
            }
            break;
        case PD_LX_NOTIFY:
            if (hit->start < nonotice_end || breach || !notify_ctx)
                break;
            add_topic(S, cat_index(PD_CAT_POLICY_CHANGE));
            if (affirmed)
                p->notify_good = 1;
            else
                p->notify_bad = 1;
            break;
        case PD_LX_RIGHT: {
            int id = hit->id;
            if (!right_context(S, hit))
                break;
            if (!st->cue && id != PD_R_OPTOUT && id != PD_R_COMPLAIN)
                break;
            if (st->subj == 1 && !st->cue)
                break;
            add_topic(S, cat_index(PD_CAT_USER_RIGHTS));
            if (affirmed) {
                p->rights |= 1u << id;
                if (has_cls_after(S, PD_LX_CONTRAST, hit->start) ||
                    has_cls_after(S, PD_LX_EXC, hit->start))
                    p->rights_limited |= 1u << id;
            } else {
                p->rights_denied |= 1u << id;
            }
            break;
        }
        case PD_LX_CONSENT:
            if (affirmed && S->aff && !S->aff_neg)
                p->consent = 1;
            if (hit->id == 1 && affirmed)
                p->opt_in = 1;
            break;
        case PD_LX_AI:
            add_topic(S, cat_index(PD_CAT_AI));
            break;
        case PD_LX_PURPOSE:
            if (S->exposing && S->aff && affirmed)
                p->purpose_aff |= 1u << hit->id;
            break;
        case PD_LX_LIMIT:
            if (S->exposing && S->aff)
                p->limited = 1;
            break;
        case PD_LX_CHANGE:
            if (has_cue(S, PD_CUE_POLICY) || has_cue(S, PD_CUE_POLICY) ||
                has_cue(S, PD_CUE_POLICY) || has_cue(S, PD_CUE_NOTICE))
                add_topic(S, cat_index(PD_CAT_POLICY_CHANGE));
            break;
        case PD_LX_TOPIC:
            add_topic(S, hit->id);
            break;
        default:
            break;
        }
    }
}

void pd_cl_profile_build(pd_cl_profile *p, const pd_cl_text *t, const uint8_t *changed)
{
    memset(p, 0, sizeof(*p));
    p->retention.days = -1;
    p->notice.days = -1;
    p->age = -1;
    tstate local[256];
    tstate *st = t->n <= 256 ? local : malloc(t->n * sizeof(tstate));
    if (!st)
        return; /* out of memory: an empty profile; the change still gets flags */
    size_t h = 0;
    size_t s = 0;
    while (s < t->n) {
        size_t e = s;
        /* a "sentence" without an end (a table, a list) is read in pieces of
         * at most PD_CL_MAX_SENTENCE tokens, which bounds the per-sentence scans */
        while (e < t->n && t->tok[e].kind != PD_TK_END && e - s < PD_CL_MAX_SENTENCE)
            e++;
        sentence S;
        memset(&S, 0, sizeof(S));
        S.t = t;
        S.s = s;
        S.e = e;
        S.hs = h;
        while (h < t->nhit && t->hit[h].start < e)
            h++;
        S.he = h;
        for (size_t g = S.hs; g < S.he; g++) {
            S.cls |= 1u << t->hit[g].cls;
            if (t->hit[g].cls == PD_LX_CUE)
                S.cues |= 1u << t->hit[g].id;
        }
        S.st = st;
        scan_state(&S);
        scan_practices(p, &S);
        int age_before = p->age;
        scan_quantities(p, &S);
        if (p->age != age_before && age_required(&S))
            p->age_rule = 1;
        if (has_cls(&S, PD_LX_CHANGE) && accepted_by_use(&S))
            p->accept_by_use = 1;
        if (has_cue(&S, PD_CUE_DISCRETION) && services_discretion(&S))
            p->discretion = 1;
        scan_named(p, &S);
        int sale = cat_index(PD_CAT_SALE);
        if (S.score[sale] && business_transfer(&S)) {
            /* "merger, acquisition or sale of our business": a business
             * changing hands is sharing with the buyer, never a sale */
            for (uint8_t k = S.score[sale]; k; k--)
                add_topic(&S, cat_index(PD_CAT_SHARING));
            S.score[sale] = 0;
            S.topics &= ~(unsigned)PD_CAT_SALE;
        }
        int touched = 0;
        for (size_t i = s; i < e && changed; i++)
            if (changed[i])
                touched = 1;
        p->topics |= S.topics;
        if (touched)
            p->changed_topics |= S.topics;
        for (int c = 0; c < PD_CAT_COUNT; c++) {
            unsigned a = p->score[c] + S.score[c];
            p->score[c] = (uint8_t)(a > 255 ? 255 : a);
            if (touched) {
                a = p->changed_score[c] + S.score[c];
                p->changed_score[c] = (uint8_t)(a > 255 ? 255 : a);
            }
        }
        s = e < t->n && t->tok[e].kind == PD_TK_END ? e + 1 : e;
    }
    if (p->topics & PD_CAT_CONTACT)
        p->contact = 1;
    if (st != local)
        free(st);
}

void pd_cl_profile_merge(pd_cl_profile *into, const pd_cl_profile *p)
{
    for (int k = 0; k < PD_K_COUNT; k++)
        if (stance_rank(p->stance[k]) > stance_rank(into->stance[k]))
            into->stance[k] = p->stance[k];
    into->negated_any |= p->negated_any;
    into->train_content |= p->train_content;
    into->data_aff |= p->data_aff;
    into->data_neg |= p->data_neg;
    into->recip_aff |= p->recip_aff;
    into->source_aff |= p->source_aff;
    into->track_aff |= p->track_aff;
    into->intl_aff |= p->intl_aff;
    into->sec_aff |= p->sec_aff;
    into->rights |= p->rights;
    into->rights_denied |= p->rights_denied;
    into->rights_limited |= p->rights_limited;
    into->purpose_aff |= p->purpose_aff;
}

const char *const *const pd_cl_class_words[PD_WC_COUNT] = {
    [PD_WC_AUX] = auxiliaries,
    [PD_WC_MODAL] = modals,
    [PD_WC_USER_MODAL] = user_modals,
    [PD_WC_RELATIVE] = relatives,
    [PD_WC_TAKES_OBJECT] = object_takers,
    [PD_WC_CLAUSE_START] = clause_starts,
    [PD_WC_INVERTER] = inverters,
    [PD_WC_LINKER] = linkers,
    [PD_WC_FR_CLOSER] = french_closers,
    [PD_WC_FR_SUBJECT] = french_subjects,
    [PD_WC_FR_DETERMINER] = french_determiners,
    [PD_WC_OBJECT_START] = object_starts,
    [PD_WC_CONSENT] = consent_words,
    [PD_WC_FOREIGN_DATA] = foreign_data_words,
    [PD_WC_GOODS] = goods,
    [PD_WC_BUSINESS] = business_cues,
    [PD_WC_TRAINING] = training_words,
    [PD_WC_CONTENT] = content_words,
    [PD_WC_OWNER] = owner_words,
    [PD_WC_DATA] = data_words,
    [PD_WC_BOUND] = bound_words,
    [PD_WC_WHIM] = whim_words,
    [PD_WC_GONE] = gone_words,
    [PD_WC_RESERVE] = reserve_words,
    [PD_WC_GRANT] = grant_words,
    [PD_WC_OURS] = ours_words,
    [PD_WC_BE] = be_words,
    [PD_WC_COMPANY] = company_words,
    [PD_WC_GLUE] = relative_glue,
    [PD_WC_FR_CLAUSE] = french_clauses,
    [PD_WC_NEG_EXC] = neg_before_exc,
    [PD_WC_RESPONSIBLE] = responsibility_words,
};
