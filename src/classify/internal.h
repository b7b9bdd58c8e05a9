/*
 * internal.h - the classifier's private pieces, shared by its files only.
 *
 *   tokens.c   tokenise and lower-case a clause once (pd_cl_text)
 *   lexicon.c  the word lists and the matcher that finds them (pd_cl_hit)
 *   rules.c    reads one clause into a profile: practices with negation,
 *              modality and exceptions, data types, recipients, rights,
 *              quantities (retention, ages, notice periods)
 *   classify.c compares the old and new profiles and writes the reasons
 *   context.c  revises them against the whole versions (reasons.h)
 *   reword.c   whether a modified clause says the same in other words
 *   headline.c the one-line summary of many flags
 *
 * Nothing here prints or does I/O.  Memory: a pd_cl_text owns one block
 * (text copy, tokens, hits, per-token state); pd_cl_text_dispose frees it.
 */
#ifndef PD_CLASSIFY_INTERNAL_H
#define PD_CLASSIFY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "classify/classify.h"

/* ---- tokens ---- */
enum { PD_TK_WORD, PD_TK_NUM, PD_TK_COMMA, PD_TK_END, PD_TK_PUNCT };

typedef struct {
    const char *s; /* lower-cased, NUL-terminated copy */
    uint32_t len;
    uint32_t wc; /* its word classes: bit PD_WC_* (set by pd_cl_match) */
    uint8_t kind;
} pd_cl_tok;

/* ---- word classes ----
 * The small word lists rules.c asks of single tokens ("is it an
 * auxiliary?"), many times per token: pd_cl_match looks each token up once
 * in one table of them all and keeps the answer as bits of pd_cl_tok.wc. */
enum {
    PD_WC_AUX,           /* do, will, can, not, be ... */
    PD_WC_MODAL,         /* may, will, must, is ... */
    PD_WC_USER_MODAL,    /* "you can", "you have" */
    PD_WC_RELATIVE,      /* that, which, who */
    PD_WC_TAKES_OBJECT,  /* "identify you", "with you": "you" is an object */
    PD_WC_CLAUSE_START,  /* and, when, because, mais, aber ... */
    PD_WC_INVERTER,      /* "nor we", "also we": no new clause after them */
    PD_WC_LINKER,        /* by, with, to ...: after a verb, not an adjective */
    PD_WC_FR_CLOSER,     /* pas, jamais, aucun ...: close "ne" */
    PD_WC_FR_SUBJECT,    /* nous, vous, il ... */
    PD_WC_FR_DETERMINER, /* la, votre, ces ... */
    PD_WC_OBJECT_START,  /* your, the, information ...: "access your messages" */
    PD_WC_CONSENT,       /* consent, permission, einwilligung ... */
    PD_WC_FOREIGN_DATA,  /* données, daten ... */
    PD_WC_GOODS,         /* tickets, products ...: what is sold that is no data */
    PD_WC_BUSINESS,      /* merger, acquisition ...: a business changing hands */
    PD_WC_TRAINING,      /* train, develop, improve ... */
    PD_WC_CONTENT,       /* content, messages, posts ...: what users write */
    PD_WC_OWNER,         /* your, personal, vos, ihre */
    PD_WC_DATA,          /* information, data, données, daten */
    PD_WC_BOUND,         /* necessary, needed ...: "as long as necessary" */
    PD_WC_WHIM,          /* consider, deem ...: "as long as we consider" */
    PD_WC_GONE,          /* deleted, erased, closed ...: "permanently deleted" */
    PD_WC_RESERVE,       /* reserve, reserves, reserved: "we reserve the right" */
    PD_WC_GRANT,         /* grant, grants, granted: "grant us the right" */
    PD_WC_OURS,          /* our, its: "our other rights" */
    PD_WC_BE,            /* is, are, been ...: "we are acquired" */
    PD_WC_COMPANY,       /* our, its, company, business: "our assets" */
    PD_WC_GLUE,          /* for, which, we, was ...: "the purposes for which it was collected" */
    PD_WC_FR_CLAUSE,     /* qui, que, dont, si ...: a French clause of its own */
    PD_WC_NEG_EXC,       /* nicht, pas ...: "nicht ohne", an exception before the verb */
    PD_WC_RESPONSIBLE,   /* responsible, liable, verantwortlich ...: a disclaimer */
    PD_WC_COUNT
};
_Static_assert(PD_WC_COUNT <= 32, "word classes are bits of a uint32_t");
/* The words of each class (NULL-terminated, lower-case; rules.c). */
extern const char *const *const pd_cl_class_words[PD_WC_COUNT];

/* ---- lexicon classes ---- */
enum {
    PD_LX_PRACTICE, /* id: pd_kind */
    PD_LX_NEG,      /* not, never, don't, cannot ... */
    PD_LX_EXC,      /* unless, except, other than ... */
    PD_LX_CONTRAST, /* but, however ... (ends a negation's scope) */
    PD_LX_COND,     /* if, in the event ... (hypothetical until the comma) */
    PD_LX_SUBJ,     /* id 1: the company (we), 2: the user (you, parents) */
    PD_LX_RIGHTCUE, /* right(s), request, ask us ... */
    PD_LX_RIGHT,    /* id: pd_right */
    PD_LX_DATA,     /* id: index in pd_cl_data_names */
    PD_LX_RECIP,    /* id: index in pd_cl_recip_names */
    PD_LX_TRACKER,  /* id: index in pd_cl_tracker_names */
    PD_LX_INTL,     /* id: index in pd_cl_intl_names */
    PD_LX_SECURITY, /* id: index in pd_cl_security_names */
    PD_LX_AI,       /* AI / automated decision words */
    PD_LX_NOTIFY,   /* we will notify you ... */
    PD_LX_NONOTICE, /* without notice ... */
    PD_LX_CHANGE,   /* changes to this policy ... */
    PD_LX_BREACH,
    PD_LX_INDEF,   /* indefinitely, as long as ... */
    PD_LX_UNIT,    /* id: pd_unit */
    PD_LX_NUMWORD, /* id: value */
    PD_LX_AGECUE,  /* under, aged, at least ... */
    PD_LX_CONSENT, /* with your consent ... */
    PD_LX_TOPIC,   /* id: category index (bit number) */
    PD_LX_MASK,    /* phrases whose words must not act alone: "do not track" */
    PD_LX_PURPOSE, /* id: index in pd_cl_purpose_names */
    PD_LX_LIMIT,   /* only, solely, exclusively */
    PD_LX_UNTIL,   /* until you delete your account ... */
    PD_LX_CUE,     /* id: PD_CUE_*: words some rules look for in a sentence */
    PD_LX_COUNT
};

/* Practices; the first group is what users fear, the second what protects them. */
enum {
    PD_K_COLLECT,
    PD_K_USE,
    PD_K_SHARE,
    PD_K_SELL,
    PD_K_RETAIN,
    PD_K_TRACK,
    PD_K_TRAIN,
    PD_K_DELETE, /* protective */
    PD_K_HONOR,  /* protective: honour signals / requests */
    PD_K_COUNT
};
#define PD_K_PROTECTIVE(k) ((k) == PD_K_DELETE || (k) == PD_K_HONOR)

/* Practice entries that need context to count. */
#define PD_LXF_PROVIDE 1u     /* share only with a recipient in the sentence */
#define PD_LXF_TRANSFER 2u    /* international when the sentence names a place */
#define PD_LXF_NEEDAI 4u      /* only with AI words in the sentence */
#define PD_LXF_NEEDTRACKER 8u /* "place", "set": tracking only before a tracker */
#define PD_LXF_NEEDINTL 32u   /* "leaves": a transfer only with a place named */
#define PD_LXF_NOUNISH 16u    /* "access", "trade": a practice only before its object */
#define PD_LXF_NEEDDATA                                                                            \
    64u /* "vendre", "verkaufen": a practice on data only with data named                          \
         * within five words ("vendre des produits" is trade) */

/* Right entries that need context to count (the bits mean these for
 * PD_LX_RIGHT entries only). */
#define PD_LXF_RDATA 1u    /* "accès", "Auskunft": data near, or "droit", "Recht" before */
#define PD_LXF_RCONSENT 2u /* "widerrufen": a withdrawal only with consent in the sentence */
#define PD_LXF_RAUTH 4u    /* "Beschwerde bei": a complaint only to an authority, or a right */

enum {
    PD_R_ACCESS,
    PD_R_CORRECT,
    PD_R_DELETE,
    PD_R_PORT,
    PD_R_OPTOUT,
    PD_R_WITHDRAW,
    PD_R_COMPLAIN,
    PD_R_OBJECT,
    PD_R_RESTRICT,
    PD_R_COUNT
};

enum {
    PD_CUE_NOTICE,
    PD_CUE_EFFECT,
    PD_CUE_IMMEDIATELY,
    PD_CUE_RETENTION,
    PD_CUE_SIGNAL,
    PD_CUE_REQUEST,
    PD_CUE_PREFERENCE,
    PD_CUE_CHOICE,
    PD_CUE_POLICY,
    PD_CUE_DISCRETION,
};

#define PD_SEC_BREACH_NOTICE 7 /* index in pd_cl_security_names */

enum { PD_U_HOUR, PD_U_DAY, PD_U_WEEK, PD_U_MONTH, PD_U_YEAR };

typedef struct {
    const char *pat; /* words separated by one space; "word*" matches a prefix */
    uint8_t cls;
    uint8_t id;
    uint8_t flags;
} pd_cl_entry;

typedef struct {
    uint32_t start, len; /* token range */
    uint8_t cls, id, flags;
} pd_cl_hit;

/* Named sets (data types, recipients, ...) used by rules and reasons. */
typedef struct {
    const char *name;
    uint8_t
        weight; /* data types: 1 ordinary, 3 sensitive; intl: 0 reference, 1 place, 2 safeguard */
} pd_cl_named;

extern const pd_cl_named pd_cl_data_names[];
extern const size_t pd_cl_ndata;
extern const pd_cl_named pd_cl_recip_names[];
extern const size_t pd_cl_nrecip;
extern const pd_cl_named pd_cl_tracker_names[];
extern const size_t pd_cl_ntracker;
extern const pd_cl_named pd_cl_intl_names[];
extern const size_t pd_cl_nintl;
extern const pd_cl_named pd_cl_security_names[];
extern const size_t pd_cl_nsecurity;
extern const pd_cl_named pd_cl_purpose_names[];
extern const size_t pd_cl_npurpose;
extern const char *const pd_cl_right_names[PD_R_COUNT];
extern const char *const pd_cl_kind_names[PD_K_COUNT];

typedef struct {
    char *mem;      /* one block: lower-cased words, then tokens */
    pd_cl_tok *tok; /* n tokens */
    size_t n;
    pd_cl_hit *hit; /* nhit hits, ordered by start */
    size_t nhit, hitcap;
} pd_cl_text;

/* Letters, digits and the bytes of UTF-8 sequences: the bytes a word is
 * made of, for every reader of clauses and versions here.  A table: the
 * readers go byte by byte, and a load is cheaper than four comparisons. */
extern const unsigned char pd_cl_word_bytes[256];
static inline int pd_cl_word_byte(unsigned char c)
{
    return pd_cl_word_bytes[c];
}

/* Whether the n bytes at w (ASCII case folded) are a function word of
 * English, French or German ("the", "de", "und"): words that rarely change
 * what a clause says (the flag model's edit shape, diff.c's words added). */
int pd_cl_function_word(const char *w, size_t n);
/* Whether the n bytes at w (ASCII case folded) are a negation ("not",
 * "never", "ne", "pas", "nicht", "kein", ...) or a word that carves out
 * an exception or a limit ("except", "unless", "only", "sauf", "außer",
 * "nur"; "other than" is two words, for the caller to see). */
/* The next word of a text at or after *p (a run of pd_cl_word_byte
 * bytes), its length in *n, *p moved past it; NULL at the text's end. */
const char *pd_cl_next_word(const char **p, size_t *n);
int pd_cl_negation_word(const char *w, size_t n);
int pd_cl_exception_word(const char *w, size_t n);
/* Whether the n bytes at w (ASCII case folded) are a word whose coming or
 * going changes what a clause allows however few the other words: a modal
 * ("will" -> "may"), a number in words ("one month"), a word of scope or
 * of who decides ("public", "by default", "automated", "before"). */
int pd_cl_weighty_word(const char *w, size_t n);
/* Whether the n bytes at w (lower-case) are a month's name in English,
 * French or German. */
int pd_cl_is_month(const char *w, size_t n);
/* A short, stable name of a lexicon finding (pd_flags.found: class << 8 |
 * entry), such as "data.health_data" or "recip.advertisers", written into
 * buf (cap bytes, cut there): the flag model's feature for it. */
void pd_cl_found_name(uint16_t key, char *buf, size_t cap);
/* Tokenises and lower-cases text. 0 or PD_ENOMEM. */
int pd_cl_tokenise(pd_cl_text *t, const char *text);
/* Finds every lexicon entry in t (fills t->hit) and each token's word
 * classes (pd_cl_tok.wc). 0 or PD_ENOMEM. */
int pd_cl_match(pd_cl_text *t);
/* The first lexicon entry the matcher's index cannot find (a prefix entry
 * of fewer than three bytes before its '*': see lexicon.c), or NULL when
 * every entry can be found.  For the tests. */
const char *pd_cl_lexicon_unfindable(void);
void pd_cl_text_dispose(pd_cl_text *t);

/* ---- terms of service (terms.c) ---- */
typedef struct {
    pd_severity sev;
    pd_impact impact;
    char why[160]; /* the reason, quoting the cue word */
} pd_cl_terms_verdict;
/* Judges a change of a clause whose topic is the terms category cat
 * (PD_CAT_DISPUTES, ...): 1 with *v filled, 0 when cat has no rule.
 * o and n are the tokenised old and new clause (either may be NULL). */
int pd_cl_terms_judge(pd_cl_terms_verdict *v, unsigned cat, pd_op op, const pd_cl_text *o,
                      const pd_cl_text *n);
/* 1 when text (len bytes, a whole version) has every cue of terms
 * category cat whose arrival is a loss (an arbitration clause, a
 * class-action waiver, an irrevocable licence) that clause has: the
 * clause extends terms the version already had.  0 when not, or cat has
 * no rule; PD_ENOMEM. */
int pd_cl_terms_present(unsigned cat, const char *clause, const char *text, size_t len);
/* 1 when text is a date stamp and nothing else: a "last updated",
 * "effective", "dernière mise à jour" or "Stand" label with its date. */
int pd_cl_date_stamp(const char *text);
/* 1 when text's words are those of a link that only leads on ("(read
 * more)", "Learn more", "en savoir plus", "mehr erfahren", "Weitere
 * Informationen"; case and punctuation aside): navigation, no statement.
 * "Click here" is not: where it leads is what it says. */
int pd_cl_navigation(const char *text);
/* 1 when text announces, with its date, a new version of the document
 * ("We're updating our Terms on 5 January 2022 ...", "Une nouvelle version
 * des Conditions entrera en vigueur le 24 septembre 2021"). */
int pd_cl_update_notice(const char *text);
/* 1 when a and b have the same currency and percent signs, which words do
 * not carry ("EUR10" -> "$10", "5%" -> "5" change what a clause says, though
 * its words and numbers stay). */
int pd_cl_same_signs(const char *a, const char *b);
/* Whether the n bytes at w (ASCII case folded) are a word that leaves
 * something to the user: optional, disable, choose, settings, opt, turn
 * (off), block, unsubscribe, manage, control (English, French, German). */
int pd_cl_choice_word(const char *w, size_t n);
/* 1 when text has such a word, or "you can", "you may", "vous pouvez",
 * "Sie können". */
int pd_cl_user_choice(const char *text);
/* 1 when text denies what it names from its first words: "not",
 * "never", "cannot", "n't", "ne", "nicht", "kein" among its first six
 * words but the first, before any "if", "unless", "when", "whether",
 * "but" or "except", and not "not only", "never before", "no longer"
 * ("We don't show you personalised ads based on ...", "Aetna.com does not
 * respond to ...", "Nous ne ..."). */
int pd_cl_denial(const char *text);
/* 1 when both texts have the same words and numbers (case and punctuation aside). */
int pd_cl_same_words(const pd_cl_text *a, const pd_cl_text *b);

/* Which way a clause of category cat moves when it says more (more: 1)
 * or less (0), an item or words gained or lost: a right or a safeguard
 * that says more gives more (better); a practice, a licence or a transfer
 * that says more allows more (worse); other topics: neutral (classify.c). */
pd_impact pd_cl_more_impact(int more, unsigned cat);

/* ---- same meaning in other words (reword.c) ---- */
/* 1 when new_text says what old_text says in other words (function words,
 * spelling, names, markers, synonyms, words moved: see reword.c), with a
 * reason quoting the change in why; PD_CL_SAME_ADDRESS when what changed
 * is a postal address and nothing else; 0 when it may not; PD_ENOMEM. */
#define PD_CL_SAME_ADDRESS 2
int pd_cl_same_meaning(const char *old_text, const char *new_text, char *why, size_t cap);
/* 1 when the two texts do not show the same bare addresses (http://,
 * https://, www.; not Markdown link targets) in the same order: where a
 * reader is sent (a form, an opt-out page) is content. */
int pd_cl_addresses_differ(const char *a, const char *b);
/* 1 when new_text lists more items than old_text (parts between commas,
 * semicolons, table cells' bars, "<br>", "\\-" or "·") and one it adds
 * names something old_text does not (a word of three bytes or more; an
 * item of up to six words, no digit, not only "however", "for example"
 * ...), quoted in item ("Civilité, date et lieu de naissance, ..."; "...,
 * [AI at Meta](...) and Stories"): a list that grew says more, whatever
 * its words weigh; 0 when not; PD_ENOMEM. */
int pd_cl_list_grew(const char *old_text, const char *new_text, char *item, size_t cap);

/* The edit distance of two words (ASCII letters case folded), or 3 when it
 * is more than 2 or a word is over 32 bytes: one spelling of the other
 * ("licence" / "license", "cooie" / "cookie"). */
int pd_cl_near_words(const char *a, size_t na, const char *b, size_t nb);

/* ---- profile of one clause ---- */
enum { PD_ST_ABSENT, PD_ST_AFFIRMED, PD_ST_NEGATED, PD_ST_NEGATED_EXC };

#define PD_CL_PHRASE 48
#define PD_CL_MAX_SENTENCE 400 /* tokens read as one sentence at most */
#define PD_CL_QTY 32
#define PD_CL_INF 1e12

typedef struct {
    double days; /* < 0: none; PD_CL_INF: indefinite */
    char text[PD_CL_QTY];
} pd_cl_qty;

typedef struct {
    uint8_t stance[PD_K_COUNT];
    uint16_t kcat[PD_K_COUNT]; /* category bit of the practice as used here */
    char phrase[PD_K_COUNT][PD_CL_PHRASE];
    char exc[PD_K_COUNT][16];
    /* kinds also stated negated (without exception) somewhere, with the
     * first such phrase: "we sell statistics, but we do not sell your data"
     * is affirmed overall, and losing its "do not" must still show */
    uint32_t negated_any;
    char neg_phrase[PD_K_COUNT][PD_CL_PHRASE];
    uint64_t data_aff, data_neg;
    uint32_t recip_aff;
    uint32_t source_aff; /* recipients named as sources: "from data brokers" */
    uint32_t track_aff;
    uint32_t intl_aff; /* places and safeguards */
    uint32_t sec_aff;
    uint32_t rights, rights_denied, rights_limited;
    int strong;        /* collect/share/sell/train affirmed somewhere */
    int train_content; /* we train AI on what users write or post */
    int train_named;   /* AI training on users' content named, whoever does it ("your posts
                        * may be used to train ...") */
    int consent;       /* an affirmed practice is conditioned on consent */
    int opt_in;        /* an opt-in is named ("marketing e-mails are opt-in") */
    int limited;       /* an affirmed practice is limited ("only", "solely") */
    uint32_t purpose_aff;
    int notify_good;   /* change notices promised */
    int notify_bad;    /* changes without notice */
    int accept_by_use; /* changes bind the user who goes on using the service */
    int discretion;    /* something is left to the service's discretion */
    int age_rule;      /* a minimum age is required ("must be at least 18") */
    int contact;       /* contact details present */
    pd_cl_qty retention, notice;
    int age;                 /* lowest age threshold, -1 when none */
    unsigned topics;         /* every category the clause speaks about */
    unsigned changed_topics; /* categories of sentences holding changed words */
    uint8_t score[PD_CAT_COUNT];
    uint8_t changed_score[PD_CAT_COUNT];
} pd_cl_profile;

/* Reads t into p.  changed (may be NULL) marks per token whether the word is
 * absent from the other side of the change. */
void pd_cl_profile_build(pd_cl_profile *p, const pd_cl_text *t, const uint8_t *changed);

/* Adds what p states to into: practices at their strongest stance, every
 * named set united (the rest of into is left as it is). */
void pd_cl_profile_merge(pd_cl_profile *into, const pd_cl_profile *p);

/* Category bit number -> bit. */
#define PD_CAT_BIT(i) (1u << (i))

#endif
