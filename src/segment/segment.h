/*
 * segment.h - canonical Markdown in, a clause tree out.
 *
 * pd_segment() reads canonical Markdown with pd_markdown_read() and splits
 * each block into clauses with pd_sentence_split(): a heading is one clause
 * (flagged is_heading), every other block (paragraph, list item, table row,
 * quote, code) gives one clause per sentence.  Block boundaries are always
 * clause boundaries.  Sections are the heading paths ("Privacy > Cookies");
 * section 0 is the preamble before the first heading (empty path).
 *
 * Each clause carries a normalized hash for matching: letter case folded,
 * typographic quotes folded, punctuation dropped (except between digits),
 * whitespace collapsed.  Two clauses with equal hashes differ at most
 * cosmetically.
 *
 * Pure functions: no I/O, no printing.
 * Ownership: the tree owns every string in it; pd_clause_tree_dispose()
 * frees them and leaves an empty tree.
 * Errors: 0 or PD_ENOMEM.
 */
#ifndef PD_SEGMENT_H
#define PD_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define PD_NO_SECTION ((size_t)-1)

typedef struct {
    char *title;   /* heading text ("" for the preamble) */
    char *path;    /* "A > B > C" ("" for the preamble) */
    int level;     /* heading level 1..6, 0 for the preamble */
    size_t parent; /* index of the enclosing section, or PD_NO_SECTION */
} pd_section;

typedef struct {
    char *text;     /* the clause as written (canonical text) */
    size_t len;     /* strlen(text) */
    uint64_t hash;  /* pd_clause_hash() of text */
    size_t section; /* index into the tree's sections */
    size_t block;   /* index of the block it came from */
    int is_heading; /* the clause is a section heading */
    int block_kind; /* pd_block_kind of its block */
} pd_clause;

typedef struct {
    pd_section *sections;
    size_t nsections;
    pd_clause *clauses;
    size_t nclauses;
    size_t nblocks;
} pd_clause_tree;

#define PD_CLAUSE_TREE_INIT                                                                        \
    {                                                                                              \
        .sections = NULL, .nsections = 0, .clauses = NULL, .nclauses = 0, .nblocks = 0             \
    }

/* Parses canonical Markdown (any Markdown or plain text is accepted) into out,
 * which must be empty (PD_CLAUSE_TREE_INIT). */
int pd_segment(pd_clause_tree *out, const char *md, size_t len);
void pd_clause_tree_dispose(pd_clause_tree *t);

/* Appends the text a reader sees: Markdown link targets dropped ("[a](url)"
 * and "[a][ref]" keep "[a]"), a link reference definition ("[ref]: url")
 * gives nothing.  Returns 0 or PD_ENOMEM. */
int pd_clause_visible(pd_buf *out, const char *s, size_t len);

/* Appends the normalized matching form of s to out: link targets dropped
 * (pd_clause_visible), case folded, quotes and punctuation dropped (a '.'
 * or ',' between digits is kept), whitespace runs as one space, trimmed.
 * Returns 0 or PD_ENOMEM. */
int pd_clause_normalize(pd_buf *out, const char *s, size_t len);
/* 64-bit FNV-1a of the normalized form. */
uint64_t pd_clause_hash(const char *s, size_t len);

#endif
