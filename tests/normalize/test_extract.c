/* HTML to the document model: noise removal, main-content pick, recipes,
 * blocks, links, e-mail decoding, relative dates. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/extract.h"
#include "normalize/html.h"
#include "support/testutil.h"
#include "util/error.h"

/* A one-line-per-block dump of what the extractor made of html:
 * "H2 text", "P text", "L0o3 text" (depth 0, ordered, number 3), "L1u text",
 * "T* a|b" (header row), "T a|b", "Q text", "C text". */
static char *dump_with(const char *html, const pd_recipe *r, int keep_links, const char *url,
                       char *warning)
{
    static char w[256];
    htmlDocPtr d = NULL;
    pd_doc doc = PD_DOC_INIT;
    pd_buf out = PD_BUF_INIT;
    pd_extract_options o = {.recipe = r, .url = url, .keep_links = keep_links};
    pd_extract_report xr;
    int rc;
    cr_assert_eq(pd_html_parse(&d, NULL, html, strlen(html)), 0);
    w[0] = '\0';
    rc = pd_extract(&doc, &xr, d, &o);
    snprintf(warning ? warning : w, 256, "%s", xr.warning);
    cr_assert_eq(rc, 0, "extract: %s", pd_error_last());
    for (size_t i = 0; i < doc.len; i++) {
        pd_block *b = &doc.blocks[i];
        switch (b->kind) {
        case PD_BLOCK_HEADING:
            pd_buf_printf(&out, "H%d %s\n", b->level, b->text);
            break;
        case PD_BLOCK_PARAGRAPH:
            pd_buf_printf(&out, "P %s\n", b->text);
            break;
        case PD_BLOCK_LIST_ITEM:
            if (b->ordered)
                pd_buf_printf(&out, "L%do%d %s\n", b->level, b->number, b->text);
            else
                pd_buf_printf(&out, "L%du %s\n", b->level, b->text);
            break;
        case PD_BLOCK_TABLE_ROW:
            pd_buf_puts(&out, b->header ? "T* " : "T ");
            for (size_t c = 0; c < b->ncells; c++)
                pd_buf_printf(&out, "%s%s", c ? "|" : "", b->cells[c]);
            pd_buf_putc(&out, '\n');
            break;
        case PD_BLOCK_QUOTE:
            pd_buf_printf(&out, "Q %s\n", b->text);
            break;
        case PD_BLOCK_CODE:
            pd_buf_printf(&out, "C %s\n", b->text);
            break;
        }
    }
    pd_doc_dispose(&doc);
    pd_html_free(d);
    return pd_buf_detach(&out);
}

static char *dump(const char *html)
{
    return dump_with(html, NULL, 0, NULL, NULL);
}

static char *dump_fixture(const char *rel)
{
    pd_buf b = PD_BUF_INIT;
    char *r;
    pd_test_read(&b, rel);
    r = dump(b.ptr);
    pd_buf_dispose(&b);
    return r;
}

#define has(s, sub) cr_assert(strstr((s), (sub)), "missing '%s' in:\n%s", (sub), (s))
#define hasnt(s, sub) cr_assert(!strstr((s), (sub)), "unexpected '%s' in:\n%s", (sub), (s))

Test(extract, blocks_headings_paragraphs_lists)
{
    char *s = dump("<body><main><h1>Privacy  Policy</h1><p>We collect <b>little</b> data.</p>"
                   "<h3>Lists</h3><ul><li>first<ul><li>nested</li></ul></li><li>second</li></ul>"
                   "<ol start='4'><li>four</li><li>five</li></ol>"
                   "<ol><li value='9'>nine</li><li>ten</li></ol></main></body>");
    cr_assert_str_eq(s, "H1 Privacy Policy\nP We collect little data.\nH3 Lists\nL0u first\n"
                        "L1u nested\nL0u second\nL0o4 four\nL0o5 five\nL0o9 nine\nL0o10 ten\n");
    free(s);
}

Test(extract, tables_quotes_pre_br_images)
{
    char *s = dump("<body><main><table><thead><tr><th>Data</th><th>Use</th></tr></thead>"
                   "<tbody><tr><td>E-mail</td><td><p>Login</p><p>Alerts</p></td></tr></tbody>"
                   "</table><blockquote>Quoted text</blockquote><pre>a  b\n  c</pre>"
                   "<p>line one<br>line two <img src='x.png' alt='an image'></p></main></body>");
    cr_assert_str_eq(s, "T* Data|Use\nT E-mail|Login Alerts\nQ Quoted text\nC a  b\n  c\n"
                        "P line one line two\n");
    free(s);
    /* a line break ends a line of prose, but not a list item, a heading or a cell */
    s = dump("<body><main><div><b>What we collect</b><br>Your name<br>Your e-mail<br><br>"
             "<b>Use</b><br>We ship orders.</div><ul><li>one<br>two</li></ul>"
             "<h2>A<br>B</h2><table><tr><td>x<br>y</td><td>z</td></tr><tr><td>1</td><td>2</td>"
             "</tr></table></main></body>");
    cr_assert_str_eq(s, "P What we collect\nP Your name\nP Your e-mail\nP Use\nP We ship orders.\n"
                        "L0u one two\nH2 A B\nT x y|z\nT 1|2\n");
    free(s);
    /* a <br> that only wraps a sentence ("data<br>to anyone"), or sits in a
     * link, is a space */
    s = dump("<body><main><p>We do not sell your data<br>to anyone.</p>"
             "<p>Read our <a href='/c'>cookie<br>policy</a> for details.</p>"
             "<p>Acme Inc.<br>1 Main St</p></main></body>");
    cr_assert_str_eq(s, "P We do not sell your data to anyone.\n"
                        "P Read our cookie policy for details.\nP Acme Inc.\nP 1 Main St\n");
    free(s);
}

Test(extract, layout_tables_are_walked_as_blocks)
{
    char *s = dump("<body><table><tr><td><h2>Terms</h2><p>Text one.</p></td></tr></table>"
                   "</body>");
    cr_assert_str_eq(s, "H2 Terms\nP Text one.\n");
    free(s);
    /* one row of cells side by side is layout, not a table of data */
    s = dump("<body><main><table><tr><td>Acme</td><td>We updated this notice.</td></tr></table>"
             "</main></body>");
    cr_assert_str_eq(s, "P Acme\nP We updated this notice.\n");
    free(s);
}

/* Cells land in the column they belong under: a rowspan carries its cell
 * into the rows below (each row stays a whole statement), a colspan leaves
 * the columns it spans empty when rows disagree on their number of cells. */
Test(extract, table_row_and_column_spans)
{
    char *s = dump("<body><main><table><tr><th>Purpose</th><th>Data</th><th>Period</th></tr>"
                   "<tr><td rowspan='2'>Billing</td><td>Invoices</td><td>10 years</td></tr>"
                   "<tr><td>Card tokens</td><td>1 year</td></tr>"
                   "<tr><td colspan='2'>Support tickets</td><td>2 years</td></tr>"
                   "<tr><td>Ads</td><td rowspan='0'>Until you object</td><td>3 years</td></tr>"
                   "<tr><td>Analytics</td><td>13 months</td></tr></table></main></body>");
    cr_assert_str_eq(s, "T* Purpose|Data|Period\nT Billing|Invoices|10 years\n"
                        "T Billing|Card tokens|1 year\nT Support tickets||2 years\n"
                        "T Ads|Until you object|3 years\nT Analytics|Until you object|13 months\n");
    free(s);
    /* a span over two rows and two columns; a span past the last row ends there */
    s = dump("<body><main><table><tr><td rowspan='2' colspan='2'>A</td><td>B</td></tr>"
             "<tr><td>C</td></tr><tr><td>D</td><td>E</td><td rowspan='9'>F</td></tr></table>"
             "<table><tr><td>G</td><td>H</td></tr><tr><td>I</td><td>J</td></tr></table>"
             "</main></body>");
    cr_assert_str_eq(s, "T A||B\nT A||C\nT D|E|F\nT G|H\nT I|J\n");
    free(s);
    /* colspans that every row agrees on are styling: cells stay side by side */
    s = dump("<body><main><table><tr><td colspan='2'>Purpose</td><td>Data</td></tr>"
             "<tr><td colspan='2'>Support</td><td>E-mail</td></tr>"
             "<tr><td>Billing</td><td colspan='2'>Invoices</td></tr>"
             "<tr><td colspan='3'>Other purposes</td></tr></table></main></body>");
    cr_assert_str_eq(s, "T Purpose|Data\nT Support|E-mail\nT Billing|Invoices\nT Other purposes\n");
    free(s);
}

Test(extract, drops_scripts_navigation_and_chrome)
{
    char *s = dump_fixture("normalize/fixtures/noise.html");
    has(s, "H1 Privacy Policy");
    has(s, "We respect your privacy.");
    has(s, "Cookies we use");
    hasnt(s, "var x");
    hasnt(s, "color:");
    hasnt(s, "Products");
    hasnt(s, "Copyright");
    hasnt(s, "Sidebar");
    hasnt(s, "Subscribe");
    hasnt(s, "Search");
    hasnt(s, "Skip to content");
    hasnt(s, "Back to top");
    hasnt(s, "Home");
    hasnt(s, "Share on");
    hasnt(s, "Hidden");
    hasnt(s, "aria hidden");
    hasnt(s, "display none");
    hasnt(s, "We use cookies to improve");
    hasnt(s, "Accept all");
    hasnt(s, "Did you find what you needed");
    hasnt(s, "Edit this page");
    hasnt(s, "On this page");
    hasnt(s, "Jump target");
    hasnt(s, "Template text");
    hasnt(s, "Stay updated");
    hasnt(s, "Rotating banner");
    has(s, "H2 How we share your data");
    has(s, "We share it with no one.");
    free(s);
}

Test(extract, cookie_policy_text_is_not_a_banner)
{
    char *s = dump("<body><main><h2 id='cookies'>Cookies</h2>"
                   "<div class='cookie-policy'><p>We use cookies to remember you.</p></div>"
                   "</main></body>");
    has(s, "H2 Cookies");
    has(s, "We use cookies to remember you.");
    free(s);
}

/* Ids and classes named after a topic ("how-we-share", "social-media",
 * "sidebar-notes") do not make a section of the policy noise; real share
 * buttons and a newsletter box with its form still go. */
Test(extract, policy_sections_named_like_widgets_are_kept)
{
    char *s = dump_fixture("normalize/fixtures/named-sections.html");
    has(s, "H2 How we share");
    has(s, "We share your information with advertisers and data brokers.");
    has(s, "H2 Social media");
    has(s, "We store your friends list.");
    has(s, "H2 Retention");
    has(s, "We keep data for two years.");
    hasnt(s, "Tweet");
    hasnt(s, "newsletter");
    hasnt(s, "No spam");
    hasnt(s, "Products");
    hasnt(s, "Copyright");
    free(s);
}

/* Policy text in collapsed accordion and tab panels (hidden until a click)
 * is kept; a hidden menu of links and a hidden banner with a button are not. */
Test(extract, collapsed_panels_keep_their_text)
{
    char *s = dump_fixture("normalize/fixtures/collapsed-panels.html");
    has(s, "H2 1. Data we collect\nP We collect your name.");
    has(s, "H2 3. Retention\nP We retain logs for 90 days.");
    has(s, "H2 4. Rights\nP You may request deletion.");
    hasnt(s, "Blog");
    hasnt(s, "cookies");
    free(s);
}

Test(extract, picks_main_article_or_densest_prose)
{
    char *s = dump_fixture("normalize/fixtures/dense.html");
    has(s, "The first clause of the policy");
    has(s, "The last clause of the policy");
    hasnt(s, "Related posts");
    hasnt(s, "Latest news");
    free(s);
    s = dump("<body><div>Top bar text</div><article><h1>Terms</h1><p>Article text that is "
             "long enough to be the main content of this page, by far.</p></article>"
             "<div>Bottom</div></body>");
    cr_assert_str_eq(s, "H1 Terms\nP Article text that is long enough to be the main content "
                        "of this page, by far.\n");
    free(s);
    s = dump("<body><div>Tiny</div><div role='main'><p>Role main text that is long enough "
             "to win.</p></div></body>");
    cr_assert_str_eq(s, "P Role main text that is long enough to win.\n");
    free(s);
}

Test(extract, recipe_select_and_remove_css)
{
    pd_recipe r = PD_RECIPE_INIT;
    char *s;
    cr_assert_eq(pd_recipe_add_css(&r, 0, "#b"), 0);
    cr_assert_eq(pd_recipe_add_css(&r, 0, "#a"), 0);
    cr_assert_eq(pd_recipe_add_css(&r, 1, ".ad"), 0);
    s = dump_with("<body><nav>menu</nav><div id='a'><p>A text</p><p class='ad'>Ad</p></div>"
                  "<div>between</div><div id='b'><p>B text</p></div></body>",
                  &r, 0, NULL, NULL);
    /* document order, whatever the order of the selectors */
    cr_assert_str_eq(s, "P A text\nP B text\n");
    free(s);
    pd_recipe_dispose(&r);
}

Test(extract, recipe_ranges)
{
    pd_recipe r = PD_RECIPE_INIT;
    const char *json =
        "{\"select\": {\"startBefore\": \"h1\", \"endBefore\": \"#toc\"},"
        " \"remove\": [\"details\", {\"startAfter\": \"#r1\", \"endAfter\": \"#r2\"}]}";
    const char *html = "<body><p>before</p><h1>Title</h1><p>kept</p><details>gone</details>"
                       "<p id='r1'>r1 stays</p><p>removed</p><p id='r2'>r2 removed</p>"
                       "<div><p>tail kept</p><h2 id='toc'>On this page</h2><p>after</p></div>"
                       "</body>";
    char *s;
    cr_assert_eq(pd_recipe_from_ota_json(&r, json, strlen(json)), 0, "%s", pd_error_last());
    s = dump_with(html, &r, 0, NULL, NULL);
    cr_assert_str_eq(s, "H1 Title\nP kept\nP r1 stays\nP tail kept\n");
    free(s);
    pd_recipe_dispose(&r);
}

Test(extract, recipe_that_matches_nothing_is_an_error)
{
    pd_recipe r = PD_RECIPE_INIT;
    htmlDocPtr d = NULL;
    pd_doc doc = PD_DOC_INIT;
    pd_extract_options o = {.recipe = &r};
    pd_extract_report xr;
    const char *html = "<body><p>text</p></body>";
    cr_assert_eq(pd_recipe_add_css(&r, 0, "#nothing"), 0);
    cr_assert_eq(pd_html_parse(&d, NULL, html, strlen(html)), 0);
    cr_assert_eq(pd_extract(&doc, &xr, d, &o), PD_EEMPTY);
    pd_recipe_add_css(&r, 0, "p");
    cr_assert_eq(pd_extract(&doc, &xr, d, &o), 0);
    cr_assert(strstr(xr.warning, "#nothing"), "warning: %s", xr.warning);
    pd_doc_dispose(&doc);
    pd_html_free(d);
    pd_recipe_dispose(&r);
}

Test(extract, bad_selector_is_invalid)
{
    pd_recipe r = PD_RECIPE_INIT;
    htmlDocPtr d = NULL;
    pd_doc doc = PD_DOC_INIT;
    pd_extract_options o = {.recipe = &r};
    pd_extract_report xr;
    cr_assert_eq(pd_recipe_add_css(&r, 0, "div >"), 0);
    cr_assert_eq(pd_html_parse(&d, NULL, "<p>x</p>", 8), 0);
    cr_assert_eq(pd_extract(&doc, &xr, d, &o), PD_EINVALID);
    pd_doc_dispose(&doc);
    pd_html_free(d);
    pd_recipe_dispose(&r);
}

Test(extract, links_dropped_or_kept_without_tracking)
{
    const char *html = "<body><main><p>See <a href='/terms?utm_source=x&amp;id=3&amp;fbclid=y"
                       "#s'>our terms</a> and <a href='https://ex.com/?gclid=1'>this</a>"
                       " or <a href='javascript:void(0)'>that</a> <a href='#s2'>here</a>.</p>"
                       "</main></body>";
    char *s = dump(html);
    cr_assert_str_eq(s, "P See our terms and this or that here.\n");
    free(s);
    s = dump_with(html, NULL, 1, "https://site.example/legal/privacy", NULL);
    cr_assert_str_eq(s, "P See [our terms](https://site.example/terms?id=3#s) and "
                        "[this](https://ex.com/) or that here.\n");
    free(s);
    /* parentheses and spaces in a target are encoded, not cut off */
    s = dump_with(
        "<body><main><p>See <a href='https://en.wikipedia.org/wiki/Do_Not_Track_(policy)'>"
        "DNT</a>.</p></main></body>",
        NULL, 1, NULL, NULL);
    cr_assert_str_eq(s, "P See [DNT](https://en.wikipedia.org/wiki/Do_Not_Track_%28policy%29).\n");
    free(s);
}

Test(extract, strips_tracking_parameters)
{
    pd_buf b = PD_BUF_INIT;
    pd_url_strip_tracking(&b, "https://a.example/p?utm_medium=e&x=1&UTM_Campaign=z&gclid=q&y=2");
    cr_assert_str_eq(b.ptr, "https://a.example/p?x=1&y=2");
    pd_buf_clear(&b);
    pd_url_strip_tracking(&b, "https://a.example/p?fbclid=1#frag");
    cr_assert_str_eq(b.ptr, "https://a.example/p#frag");
    pd_buf_dispose(&b);
}

Test(extract, cloudflare_email_decoded)
{
    pd_buf b = PD_BUF_INIT;
    /* key 0x42 XOR "a@b.co" */
    cr_assert_eq(pd_cfemail_decode(&b, "422302206c212d"), 0);
    cr_assert_str_eq(b.ptr, "a@b.co");
    cr_assert_eq(pd_cfemail_decode(&b, "zz"), PD_EINVALID);
    pd_buf_dispose(&b);
    char *s = dump("<body><main><p>Write to <a href='/cdn-cgi/l/email-protection#422302206c212d'>"
                   "<span class='__cf_email__' data-cfemail='422302206c212d'>[email&#160;protected]"
                   "</span></a> or <a href='/cdn-cgi/l/email-protection#422302206c212d'>"
                   "[email&#160;protected]</a>.</p></main></body>");
    cr_assert_str_eq(s, "P Write to a@b.co or a@b.co.\n");
    free(s);
}

Test(extract, relative_dates_removed)
{
    char t1[] = "Updated 3 days ago";
    char t2[] = "Policy text. Last updated: 2 hours ago";
    char t3[] = "We keep logs for 30 days ago or later";
    char t4[] = "It was posted about a month ago, see below";
    cr_assert_eq(pd_strip_relative_dates(t1, strlen(t1)), 0);
    pd_strip_relative_dates(t2, strlen(t2));
    cr_assert_str_eq(t2, "Policy text.");
    pd_strip_relative_dates(t3, strlen(t3));
    cr_assert_str_eq(t3, "We keep logs for or later");
    pd_strip_relative_dates(t4, strlen(t4));
    cr_assert_str_eq(t4, "It was , see below");
    char *s = dump("<body><main><p>Updated 5 minutes ago</p><p>Body text.</p></main></body>");
    cr_assert_str_eq(s, "P Body text.\n");
    free(s);
}

Test(extract, deep_nesting_does_not_recurse)
{
    pd_buf b = PD_BUF_INIT;
    char *s;
    for (int i = 0; i < 100000; i++)
        pd_buf_puts(&b, "<div>");
    pd_buf_puts(&b, "deep text");
    s = dump(b.ptr);
    cr_assert(strlen(s) < 100);
    free(s);
    pd_buf_dispose(&b);
}
