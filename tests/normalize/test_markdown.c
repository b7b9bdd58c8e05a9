#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "normalize/markdown.h"
#include "support/testutil.h"

static pd_doc doc;

static void rd(const char *md)
{
    pd_doc_dispose(&doc);
    cr_assert_eq(pd_markdown_read(&doc, md, strlen(md)), 0);
}

static void rd_flags(const char *md, unsigned flags)
{
    pd_doc_dispose(&doc);
    cr_assert_eq(pd_markdown_read_flags(&doc, md, strlen(md), flags), 0);
}

static const pd_block *blk(size_t i)
{
    cr_assert_lt(i, doc.len, "only %zu blocks", doc.len);
    return &doc.blocks[i];
}

static void expect_block(size_t i, pd_block_kind kind, int level, const char *text)
{
    const pd_block *b = blk(i);
    cr_assert_eq(b->kind, kind, "block %zu kind %d", i, b->kind);
    cr_assert_eq(b->level, level, "block %zu level %d", i, b->level);
    if (text)
        cr_assert_str_eq(b->text, text, "block %zu", i);
}

static void teardown(void)
{
    pd_doc_dispose(&doc);
}

TestSuite(markdown, .fini = teardown);

Test(markdown, atx_and_setext_headings)
{
    rd("# One\n\n### Three ###\n\nTwo\n---\n\nOne again\n===\n####### seven\n");
    cr_assert_eq(doc.len, 5);
    expect_block(0, PD_BLOCK_HEADING, 1, "One");
    expect_block(1, PD_BLOCK_HEADING, 3, "Three");
    expect_block(2, PD_BLOCK_HEADING, 2, "Two");
    expect_block(3, PD_BLOCK_HEADING, 1, "One again");
    expect_block(4, PD_BLOCK_PARAGRAPH, 0, "####### seven");
}

Test(markdown, paragraphs_join_soft_wraps_and_hard_breaks)
{
    rd("We collect\ndata.  \nWe use it.\\\nWe keep it.\n\nNext.");
    cr_assert_eq(doc.len, 2);
    expect_block(0, PD_BLOCK_PARAGRAPH, 0, "We collect data. We use it. We keep it.");
    expect_block(1, PD_BLOCK_PARAGRAPH, 0, "Next.");
}

Test(markdown, bullets_of_every_kind)
{
    rd("- dash\n* star\n+ plus\n\xe2\x97\x8f glyph\n  * \xe2\x97\x8f star glyph\n"
       "\xef\x82\xb7 symbol font\n\xe2\x80\xa2 bullet\n");
    cr_assert_eq(doc.len, 7);
    const char *want[] = {"dash", "star", "plus", "glyph", "star glyph", "symbol font", "bullet"};
    for (size_t i = 0; i < 7; i++) {
        /* "  * ● star glyph" is indented under "● glyph" */
        expect_block(i, PD_BLOCK_LIST_ITEM, i == 4, want[i]);
        cr_assert_eq(blk(i)->ordered, 0);
    }
}

Test(markdown, escaped_markers_become_items)
{
    rd("Purposes:\n\n\\- to complete transactions;  \n\\- to guide you;\n\n1\\. First.\n\n2\\. "
       "Second.\n");
    cr_assert_eq(doc.len, 5);
    expect_block(0, PD_BLOCK_PARAGRAPH, 0, "Purposes:");
    expect_block(1, PD_BLOCK_LIST_ITEM, 0, "to complete transactions;");
    expect_block(2, PD_BLOCK_LIST_ITEM, 0, "to guide you;");
    expect_block(3, PD_BLOCK_LIST_ITEM, 0, "First.");
    cr_assert(blk(3)->ordered);
    cr_assert_eq(blk(3)->number, 1);
    cr_assert_eq(blk(4)->number, 2);
}

Test(markdown, dash_word_is_a_bullet)
{
    rd("-When you pay.\n\n-The site is safe.\n\n- 5 degrees\n\n-5 degrees\n");
    expect_block(0, PD_BLOCK_LIST_ITEM, 0, "When you pay.");
    expect_block(1, PD_BLOCK_LIST_ITEM, 0, "The site is safe.");
    expect_block(2, PD_BLOCK_LIST_ITEM, 0, "5 degrees");
    expect_block(3, PD_BLOCK_PARAGRAPH, 0, "-5 degrees");
}

Test(markdown, ordered_items_keep_numbers)
{
    rd("1) Internally.\n\n2) We keep.  \n3) Should there.\n7. Seven.\n");
    cr_assert_eq(doc.len, 4);
    int nums[] = {1, 2, 3, 7};
    for (size_t i = 0; i < 4; i++) {
        cr_assert_eq(blk(i)->kind, PD_BLOCK_LIST_ITEM);
        cr_assert(blk(i)->ordered);
        cr_assert_eq(blk(i)->number, nums[i]);
    }
}

Test(markdown, list_items_interrupt_paragraphs)
{
    rd("Our policy explains:  \n\xef\x82\xb7 What we collect.  \n\xef\x82\xb7 How we use it.\n");
    cr_assert_eq(doc.len, 3);
    expect_block(0, PD_BLOCK_PARAGRAPH, 0, "Our policy explains:");
    expect_block(1, PD_BLOCK_LIST_ITEM, 0, "What we collect.");
    expect_block(2, PD_BLOCK_LIST_ITEM, 0, "How we use it.");
}

Test(markdown, nesting_by_indentation_and_continuations)
{
    rd("- a\n  continued\n  - b\n    - c\n  - d\n- e\nlazy\n1. f\n   1. g\n");
    cr_assert_eq(doc.len, 7);
    expect_block(0, PD_BLOCK_LIST_ITEM, 0, "a continued");
    expect_block(1, PD_BLOCK_LIST_ITEM, 1, "b");
    expect_block(2, PD_BLOCK_LIST_ITEM, 2, "c");
    expect_block(3, PD_BLOCK_LIST_ITEM, 1, "d");
    expect_block(4, PD_BLOCK_LIST_ITEM, 0, "e lazy");
    expect_block(5, PD_BLOCK_LIST_ITEM, 0, "f");
    expect_block(6, PD_BLOCK_LIST_ITEM, 1, "g");
}

Test(markdown, nbsp_indentation_counts_as_space)
{
    rd("\xc2\xa0 1\\. Your privacy.\n\n\xc2\xa0 2\\. The user.\n\n\xc2\xa0 B. Use data\n");
    cr_assert_eq(doc.len, 3);
    expect_block(0, PD_BLOCK_LIST_ITEM, 0, "Your privacy.");
    expect_block(1, PD_BLOCK_LIST_ITEM, 0, "The user.");
    expect_block(2, PD_BLOCK_PARAGRAPH, 0, "B. Use data");
}

Test(markdown, emphasis_markers_dropped)
{
    rd("**Privacy Policy **\n\n*We* _never_ __sell__ ***data***.\n\n5 * 3 and snake_case "
       "and a_b@c.com and 2*3\n");
    expect_block(0, PD_BLOCK_PARAGRAPH, 0, "Privacy Policy ");
    expect_block(1, PD_BLOCK_PARAGRAPH, 0, "We never sell data.");
    expect_block(2, PD_BLOCK_PARAGRAPH, 0, "5 * 3 and snake_case and a_b@c.com and 2*3");
}

Test(markdown, links_images_autolinks_tags_entities)
{
    rd("See [our policy](https://x.com/p \"t\") and ![logo](l.png) or <https://x.com> or "
       "<me@x.com>.<br>Tom &amp; Jerry &#8217;s &#x41; &nbsp;<!-- c --> [ref][1] [plain]\n\n"
       "[1]: https://x.com/ref\n");
    cr_assert_eq(doc.len, 1);
    expect_block(0, PD_BLOCK_PARAGRAPH, 0,
                 "See our policy and  or https://x.com or me@x.com. Tom & Jerry \xe2\x80\x99s A "
                 "\xc2\xa0 ref [plain]");
}

/* Only "[label]: destination "title"" is a definition (and dropped);
 * "[1]: We do not sell your data." and footnotes are text and stay. */
Test(markdown, reference_definitions_only_when_they_are_one)
{
    rd("Intro.\n\n[1]: We do not sell your data.\n\n[^1]: A footnote here.\n\n"
       "[ref]: https://x.com/a \"Title\"\n\n[r2]: <https://x.com/b>\n\n"
       "[r3]: https://x.com/c (Paren title)\n\n[Note]: We may share it with partners.\n");
    cr_assert_eq(doc.len, 4, "%zu blocks", doc.len);
    expect_block(0, PD_BLOCK_PARAGRAPH, 0, "Intro.");
    expect_block(1, PD_BLOCK_PARAGRAPH, 0, "[1]: We do not sell your data.");
    expect_block(2, PD_BLOCK_PARAGRAPH, 0, "[^1]: A footnote here.");
    expect_block(3, PD_BLOCK_PARAGRAPH, 0, "[Note]: We may share it with partners.");
}

Test(markdown, keep_links)
{
    rd_flags("See [our policy](https://x.com/p) and \\[x\\].", PD_MARKDOWN_KEEP_LINKS);
    cr_assert(doc.links);
    expect_block(0, PD_BLOCK_PARAGRAPH, 0, "See [our policy](https://x.com/p) and \\[x\\].");
}

Test(markdown, backslash_escapes)
{
    rd("\\# not a heading \\*not em\\* a\\_b \\\\ \\q\n");
    expect_block(0, PD_BLOCK_PARAGRAPH, 0, "# not a heading *not em* a_b \\ \\q");
}

Test(markdown, tables)
{
    rd("| Name | Purpose |\n|:---|---:|\n| cookie | a \\| b |\n| x |\n\nafter\n");
    cr_assert_eq(doc.len, 4);
    cr_assert_eq(blk(0)->kind, PD_BLOCK_TABLE_ROW);
    cr_assert(blk(0)->header);
    cr_assert_eq(blk(0)->ncells, 2);
    cr_assert_str_eq(blk(0)->cells[1], "Purpose");
    cr_assert_not(blk(1)->header);
    cr_assert_str_eq(blk(1)->cells[1], "a | b");
    cr_assert_eq(blk(2)->ncells, 1);
    expect_block(3, PD_BLOCK_PARAGRAPH, 0, "after");
    /* no delimiter row: not a table */
    rd("a | b\nc | d\n");
    expect_block(0, PD_BLOCK_PARAGRAPH, 0, "a | b c | d");
}

Test(markdown, quotes_code_and_breaks)
{
    rd("> quoted **text**\n> more\n\n---\n\n```c\n  int x;\n\n*not em*\n```\n\n~~~\nt\n~~~\n");
    cr_assert_eq(doc.len, 3);
    expect_block(0, PD_BLOCK_QUOTE, 0, "quoted text more");
    expect_block(1, PD_BLOCK_CODE, 0, "  int x;\n\n*not em*");
    expect_block(2, PD_BLOCK_CODE, 0, "t");
}

Test(markdown, crlf_and_empty_input)
{
    rd("# T\r\n\r\nline one\r\nline two\r\n");
    cr_assert_eq(doc.len, 2);
    expect_block(1, PD_BLOCK_PARAGRAPH, 0, "line one line two");
    rd("");
    cr_assert_eq(doc.len, 0);
    rd("\n\n   \n");
    cr_assert_eq(doc.len, 0);
}

Test(markdown, seed_with_mojibake_and_escaped_markers)
{
    pd_buf b = PD_BUF_INIT;
    size_t items = 0, ordered = 0;
    pd_test_read(&b, "normalize/fixtures/seeds/000_cbe24ce332610e52.txt");
    rd(b.ptr);
    for (size_t i = 0; i < doc.len; i++) {
        if (doc.blocks[i].kind == PD_BLOCK_LIST_ITEM) {
            items++;
            ordered += doc.blocks[i].ordered;
        }
        cr_assert_null(strstr(doc.blocks[i].text ? doc.blocks[i].text : "", "\\-"));
        cr_assert_null(strstr(doc.blocks[i].text ? doc.blocks[i].text : "", "**"));
    }
    /* 9 purposes, 3 "special" points, 3 "trust" points, 4 safety points */
    cr_assert_eq(items, 19, "%zu items", items);
    cr_assert_eq(ordered, 7);
    pd_buf_dispose(&b);
}

Test(markdown, seed_with_glyph_bullets)
{
    pd_buf b = PD_BUF_INIT;
    size_t items = 0;
    pd_test_read(&b, "normalize/fixtures/seeds/001_f9602226125c4286.txt");
    rd(b.ptr);
    for (size_t i = 0; i < doc.len; i++) {
        if (doc.blocks[i].kind == PD_BLOCK_LIST_ITEM) {
            items++;
            cr_assert_null(strstr(doc.blocks[i].text, "\xe2\x97\x8f"));
        }
    }
    cr_assert_eq(items, 21, "%zu items", items);
    pd_buf_dispose(&b);
}

Test(markdown, helpers)
{
    size_t te, end;
    cr_assert_eq(pd_markdown_bullet_len("\xe2\x97\x8f x", 5), 3);
    cr_assert_eq(pd_markdown_bullet_len("- x", 3), 0);
    cr_assert(pd_markdown_link_at(&te, &end, "[a](b) c", 8, 0));
    cr_assert_eq(te, 2);
    cr_assert_eq(end, 6);
    cr_assert_not(pd_markdown_link_at(&te, &end, "[a] (b)", 7, 0));
    cr_assert_not(pd_markdown_link_at(&te, &end, "[a [b](c)", 9, 0));
}
