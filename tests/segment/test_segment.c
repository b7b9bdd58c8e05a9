#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "segment/segment.h"
#include "util/buf.h"

static const char doc[] = "Intro line before any heading.\n"
                          "\n"
                          "# Privacy Policy\n"
                          "\n"
                          "We collect data. We use it to run the service.\n"
                          "\n"
                          "## Sharing\n"
                          "\n"
                          "- We do not sell your data.\n"
                          "- We share data with processors. Processors are bound by contract.\n"
                          "\n"
                          "### Processors\n"
                          "\n"
                          "| Name | Purpose |\n"
                          "| --- | --- |\n"
                          "| Acme | Hosting |\n"
                          "\n"
                          "## Contact\n"
                          "\n"
                          "Write to us.\n";

Test(segment, builds_sections_and_clauses)
{
    pd_clause_tree t = PD_CLAUSE_TREE_INIT;
    cr_assert_eq(pd_segment(&t, doc, strlen(doc)), 0);
    cr_assert_geq(t.nsections, 5);
    cr_assert_str_eq(t.sections[0].path, "");
    /* the preamble clause */
    cr_assert_str_eq(t.clauses[0].text, "Intro line before any heading.");
    cr_assert_eq(t.clauses[0].section, 0);
    /* headings are clauses of their own section */
    int found_sharing = 0, found_contact = 0, found_sub = 0;
    for (size_t i = 0; i < t.nclauses; i++) {
        const pd_clause *c = &t.clauses[i];
        const char *path = t.sections[c->section].path;
        if (!strcmp(c->text, "Sharing")) {
            cr_assert(c->is_heading);
            cr_assert_str_eq(path, "Privacy Policy > Sharing");
            found_sharing = 1;
        }
        if (!strcmp(c->text, "Write to us.")) {
            cr_assert_not(c->is_heading);
            cr_assert_str_eq(path, "Privacy Policy > Contact");
            found_contact = 1;
        }
        if (!strcmp(c->text, "Processors")) {
            cr_assert_str_eq(path, "Privacy Policy > Sharing > Processors");
            found_sub = 1;
        }
    }
    cr_assert(found_sharing && found_contact && found_sub);
    pd_clause_tree_dispose(&t);
    cr_assert_eq(t.nclauses, 0);
}

Test(segment, splits_sentences_within_blocks_and_never_across)
{
    const char *md = "First sentence here. Second sentence here.\n\nThird one\n";
    pd_clause_tree t = PD_CLAUSE_TREE_INIT;
    cr_assert_eq(pd_segment(&t, md, strlen(md)), 0);
    cr_assert_eq(t.nclauses, 3);
    cr_assert_str_eq(t.clauses[0].text, "First sentence here.");
    cr_assert_str_eq(t.clauses[1].text, "Second sentence here.");
    cr_assert_str_eq(t.clauses[2].text, "Third one");
    cr_assert_eq(t.clauses[0].block, t.clauses[1].block);
    cr_assert_neq(t.clauses[1].block, t.clauses[2].block);
    pd_clause_tree_dispose(&t);
}

/* A data row is one clause that names each cell after its column; the
 * header row stays as it is, and a row of another width keeps bare cells. */
Test(segment, table_rows_carry_their_column_names)
{
    const char *md = "| Category | Sold |\n| --- | --- |\n| Identifiers | No |\n| Email | |\n\n"
                     "Text.\n";
    pd_clause_tree t = PD_CLAUSE_TREE_INIT;
    cr_assert_eq(pd_segment(&t, md, strlen(md)), 0);
    cr_assert_eq(t.nclauses, 4);
    cr_assert_str_eq(t.clauses[0].text, "Category | Sold");
    cr_assert_str_eq(t.clauses[1].text, "Category: Identifiers | Sold: No");
    cr_assert_str_eq(t.clauses[2].text, "Category: Email |");
    cr_assert_str_eq(t.clauses[3].text, "Text.");
    pd_clause_tree_dispose(&t);
}

Test(segment, normalized_hash_folds_case_space_punctuation_quotes)
{
    const char *a = "We don't \"sell\" your data, ever.";
    const char *b = "we  DON'T 'sell' your data ever";
    const char *c = "We don\xE2\x80\x99t \xE2\x80\x9Csell\xE2\x80\x9D your data, ever!";
    const char *d = "We do sell your data, ever.";
    cr_assert_eq(pd_clause_hash(a, strlen(a)), pd_clause_hash(b, strlen(b)));
    cr_assert_eq(pd_clause_hash(a, strlen(a)), pd_clause_hash(c, strlen(c)));
    cr_assert_neq(pd_clause_hash(a, strlen(a)), pd_clause_hash(d, strlen(d)));
}

Test(segment, decimal_points_and_thousands_are_kept)
{
    cr_assert_neq(pd_clause_hash("Fee 10.5 USD", 12), pd_clause_hash("Fee 105 USD", 11));
    pd_buf b = PD_BUF_INIT;
    cr_assert_eq(pd_clause_normalize(&b, "  Hello,   World! 1,000.50  ", 28), 0);
    cr_assert_str_eq(pd_buf_cstr(&b), "hello world 1,000.50");
    pd_buf_dispose(&b);
}

Test(segment, empty_input_gives_empty_tree)
{
    pd_clause_tree t = PD_CLAUSE_TREE_INIT;
    cr_assert_eq(pd_segment(&t, "", 0), 0);
    cr_assert_eq(t.nclauses, 0);
    pd_clause_tree_dispose(&t);
}

Test(segment, link_targets_do_not_count_for_matching)
{
    const char *a = "See our [privacy center](https://example.com/a) for details.";
    const char *b = "See our [privacy center](https://example.com/b?x=(1)) for details.";
    const char *c = "See our [privacy center][pc] for details.";
    const char *d = "See our privacy center for details.";
    uint64_t h = pd_clause_hash(d, strlen(d));
    cr_assert_eq(pd_clause_hash(a, strlen(a)), h);
    cr_assert_eq(pd_clause_hash(b, strlen(b)), h);
    cr_assert_eq(pd_clause_hash(c, strlen(c)), h);
    const char *def = "[pc]: /policies/privacy#center";
    cr_assert_eq(pd_clause_hash(def, strlen(def)), pd_clause_hash("", 0));
    pd_buf v = PD_BUF_INIT;
    cr_assert_eq(pd_clause_visible(&v, a, strlen(a)), 0);
    cr_assert_str_eq(pd_buf_cstr(&v), "See our [privacy center] for details.");
    pd_buf_dispose(&v);
    /* a bracket that is not a link stays */
    const char *e = "Rights [see below] (as listed) apply.";
    pd_buf w = PD_BUF_INIT;
    cr_assert_eq(pd_clause_visible(&w, e, strlen(e)), 0);
    cr_assert_str_eq(pd_buf_cstr(&w), e);
    pd_buf_dispose(&w);
}

/* Long clauses find their link targets in one pass, with the same result as
 * the scan short ones use: a random mix of brackets on a line gives the same
 * visible text alone (short) and after a long line (long). */
Test(segment, long_clauses_drop_link_targets_like_short_ones, .timeout = 60)
{
    static const char alphabet[] = "[]()a ";
    unsigned seed = 12345;
    char line[300], *big;
    size_t pad = 5000;
    pd_buf a = PD_BUF_INIT, b = PD_BUF_INIT;
    cr_assert(big = malloc(pad + sizeof(line) + 2));
    memset(big, 'x', pad);
    big[pad] = '\n';
    for (int round = 0; round < 2000; round++) {
        size_t n = 1 + (seed = seed * 1103515245u + 12345u) % 200;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            line[i] = alphabet[(seed >> 16) % 6];
        }
        line[n] = '\0';
        memcpy(big + pad + 1, line, n + 1);
        pd_buf_clear(&a);
        pd_buf_clear(&b);
        cr_assert_eq(pd_clause_visible(&a, line, n), 0);
        cr_assert_eq(pd_clause_visible(&b, big, pad + 1 + n), 0);
        cr_assert_eq(b.len, pad + 1 + a.len, "%s", line);
        cr_assert(!memcmp(b.ptr + pad + 1, a.ptr, a.len), "%s", line);
    }
    free(big);
    /* a megabyte of unclosed "[a](" completes (it used to take minutes) */
    pd_buf_clear(&b);
    for (int i = 0; i < 250000; i++)
        pd_buf_puts(&a, "[a](");
    cr_assert_eq(pd_clause_visible(&b, a.ptr, a.len), 0);
    pd_buf_dispose(&a);
    pd_buf_dispose(&b);
}
