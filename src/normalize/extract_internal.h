/*
 * extract_internal.h - the extractor's private pieces, shared by its files
 * only (the public interface is extract.h).
 *
 *   extract.c        the per-element table (node->_private), tag lookup,
 *                    and pd_extract, which runs the stages in order
 *   extract_noise.c  noise detection: marks page chrome, banners, widgets
 *   extract_main.c   main-content choice: the element that holds the policy
 *                    (automatic), or what a recipe selects and removes
 *   extract_boxes.c  boxed parts of the policy (asides, cards, call-outs
 *                    whose text is policy prose) and sections a page holds
 *                    twice (a mobile and a desktop copy)
 *   extract_emit.c   emission: walks the kept tree into pd_doc blocks
 *   extract_text.c   text helpers (e-mail decoding, tracking parameters,
 *                    relative dates), public through extract.h
 *
 * Nothing here prints.  The element table is owned by pd_extract and freed
 * there; the stages only set flags in it.  Errors as in extract.h.
 */
#ifndef PD_EXTRACT_INTERNAL_H
#define PD_EXTRACT_INTERNAL_H

#include <libxml/tree.h>
#include <stddef.h>
#include <stdint.h>

#include "normalize/extract.h"

/* ---- per-element information, reached through node->_private ---- */

enum {
    F_HARD = 1 << 0,     /* never text: script, style, ... (subtree) */
    F_NOISE = 1 << 1,    /* page noise (subtree) */
    F_REMOVED = 1 << 2,  /* matched a remove selector (subtree) */
    F_SELECTED = 1 << 3, /* matched a select selector */
    F_IN_LINK = 1 << 4,
    F_STRUCT = 1 << 5,  /* entered with structural meaning (list, heading, ...) */
    F_DATA = 1 << 6,    /* a data table */
    F_OUTSIDE = 1 << 7, /* beside the chosen content and not a policy box (subtree) */
    F_SKIP = F_HARD | F_NOISE | F_REMOVED | F_OUTSIDE,
};

/* Tags the emitter treats specially (einfo.tag). */
enum {
    TAG_OTHER,
    TAG_BR,
    TAG_A,
    TAG_PRE,
    TAG_QUOTE,
    TAG_LIST,
    TAG_LI,
    TAG_TABLE,
    TAG_THEAD,
    TAG_TR,
    TAG_TD,
    TAG_TH,
};

typedef struct einfo_s {
    xmlNode *node;
    uint32_t flags;
    struct einfo_s *parent;      /* the parent element's, or NULL */
    uint64_t own_text, own_link; /* non-space bytes of direct text children */
    uint64_t raw, clean, clean_link;
    uint64_t hash, hlen; /* kept text, spaces aside: hash and bytes (extract_boxes.c) */
    uint32_t heads;      /* kept headings inside */
    uint8_t block;       /* 1 + is_block, 0: not computed */
    uint8_t soft;        /* a tag that is page chrome (nav, header, ...) */
    uint8_t tag;         /* TAG_* */
} einfo;

/* In pre-order, in fixed-size chunks so that pointers stay valid while the
 * table grows during the one pass over the tree. */
#define INFO_CHUNK 4096
typedef struct {
    einfo **chunks;
    size_t nchunks;
    size_t n;
} info_table;

static inline einfo *at(const info_table *t, size_t i)
{
    return &t->chunks[i / INFO_CHUNK][i % INFO_CHUNK];
}

static inline einfo *info_of(const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE ? (einfo *)n->_private : NULL;
}

/* ---- extract.c: shared helpers ---- */

/* 1 when name is one of list (NULL-terminated). */
int pd_ex_in_list(const char *name, const char *const *list);
/* The size of a text node for density scoring: its trimmed byte length. */
uint64_t pd_ex_count_text(const xmlChar *s);
/* 1 for a block-level element. */
int pd_ex_is_block(const xmlNode *n);
/* 1 to 6 for h1 to h6, else 0. */
int pd_ex_heading_level(const xmlNode *n);
/* Fills warning (256 bytes) unless it already holds one. */
void pd_ex_warn(char *warning, const char *what, const char *arg);

/* ---- extract_text.c ---- */

/* A letter, a digit or a byte of a UTF-8 sequence. */
int pd_ex_is_word_char(unsigned char c);

/* ---- extract_noise.c: noise detection (needs raw totals; sets F_NOISE) ---- */

/* Page chrome by tag, role, hidden state, link text and id/class names. */
void pd_ex_mark_noise(info_table *t, xmlNode *body);
/* Text-based widgets: feedback prompts, "On this page" tables of contents,
 * the prompt around a form (needs clean totals). */
void pd_ex_mark_phrase_widgets(info_table *t);

/* ---- extract_boxes.c: boxes of policy prose, sections shown twice ---- */

/* For page furniture that may hold policy boxes (an aside, a sidebar):
 * keeps x whole when its text is policy prose (policy words, sentences or a
 * list or a table, text rather than links, nothing to fill in, accept or
 * buy), else the parts of it that are, marking the others F_NOISE.
 * Returns 1 when something is kept (needs raw totals). */
int pd_ex_keep_policy_boxes(xmlNode *x);
/* Boxes of policy prose beside the chosen content start (up to three
 * levels up, within its article or main, never the body): returns the
 * element to emit from, everything under it that is neither start nor such
 * a box marked F_OUTSIDE; start itself when there is none (needs clean
 * totals). */
xmlNode *pd_ex_add_beside(xmlNode *start, xmlNode *body);
/* Marks F_NOISE the second copy of a section the page holds twice side by
 * side (the same text, 300 bytes or more, no heading and less than half a
 * copy of text between the copies: a mobile and a desktop layout), keeping
 * the copy with more headings (needs clean flags).  PD_ENOMEM. */
int pd_ex_mark_duplicates(info_table *t, xmlNode *body);

/* ---- extract_main.c: what is kept ---- */

/* A recipe range from a start to an end element, in document order. */
typedef struct {
    const xmlNode *start, *end;
    int start_after, end_after;
    int state; /* 0 before, 1 active, 2 done */
} pd_ex_range;

/* What a recipe keeps and drops: CSS matches are flags in the table, ranges
 * are here.  Owns the two arrays (pd_ex_selection_dispose). */
typedef struct {
    pd_ex_range *sel_ranges;
    size_t nsel_ranges;
    pd_ex_range *rm_ranges;
    size_t nrm_ranges;
    int has_select;    /* the recipe has select selectors */
    size_t nsel_found; /* how many of them matched */
} pd_ex_selection;

/* Marks the recipe's remove and select selectors on the tree under root
 * (F_REMOVED, F_SELECTED) and resolves its ranges into out; a select that
 * matches nothing is named in warning. */
int pd_ex_select_recipe(pd_ex_selection *out, xmlNode *root, const pd_recipe *r, char *warning);
void pd_ex_selection_dispose(pd_ex_selection *s);

/* The element that holds the policy text under body (needs clean totals). */
xmlNode *pd_ex_pick_main(xmlNode *body);

/* ---- extract_emit.c: emission ---- */

/* Appends to out the blocks of the tree under start, minus what is marked
 * skipped and, with a selection, only what it selects.  When that gives
 * nothing (no selection, start != fallback) the tree under fallback is
 * emitted instead and *fell_back is set.  base: NULL or the base URL.
 * *unexpanded counts the cells rowspan did not repeat (opts->span_budget). */
int pd_ex_emit(pd_doc *out, int *fell_back, size_t *unexpanded, const pd_extract_options *opts,
               const char *base, pd_ex_selection *sel, xmlNode *start, xmlNode *fallback);

#endif
