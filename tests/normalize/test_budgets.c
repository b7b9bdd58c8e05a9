/* Budgets (issue 19): what one hostile page may cost the normalizer.  Every
 * input is generated: a table whose rowspans repeat 64 cells into 999 rows,
 * a row far wider than the rows under it, one element with thousands of
 * attributes, a page of more than a million elements, a text run past the
 * parser's limit. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "normalize/html.h"
#include "normalize/normalize.h"
#include "support/testutil.h"
#include "util/error.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* tables of one row of 64 cells spanning 1000 rows, then 999 rows of one */
static void rowspan_page(pd_buf *b, int tables)
{
    pd_buf_puts(b, "<html><body><h1>Retention</h1>");
    for (int t = 0; t < tables; t++) {
        pd_buf_puts(b, "<table><tr>");
        for (int i = 0; i < 64; i++)
            pd_buf_printf(b, "<td rowspan=1000>category %d of table %d kept</td>", i, t);
        pd_buf_puts(b, "</tr>");
        for (int j = 0; j < 999; j++)
            pd_buf_printf(b, "<tr><td>r%d</td></tr>", j);
        pd_buf_puts(b, "</table>");
    }
    pd_buf_puts(b, "</body></html>");
}

static int normalize_html(pd_buf *out, pd_normalize_report *rep, const pd_buf *in)
{
    pd_normalize_options o = PD_NORMALIZE_OPTIONS_INIT;
    o.kind = PD_INPUT_HTML;
    return pd_normalize(out, in->ptr, in->len, &o, rep);
}

Test(budgets, rowspan_repetition_is_bounded_by_the_page_size)
{
    pd_buf in = PD_BUF_INIT, out = PD_BUF_INIT;
    pd_normalize_report rep;
    rowspan_page(&in, 4);
    cr_assert_eq(normalize_html(&out, &rep, &in), 0, "%s", pd_error_last());
    /* every cell repeated would be about 40 times the page */
    cr_assert(out.len <= 5 * in.len + 128 * 1024, "%zu bytes of Markdown from %zu of HTML", out.len,
              in.len);
    cr_assert_str_eq(rep.budget, "table-spans");
    cr_assert(strstr(rep.warning, "table-span budget"), "%s", rep.warning);
    /* the cells are there once, and the rows */
    cr_assert(strstr(out.ptr, "category 63 of table 3 kept"));
    cr_assert(strstr(out.ptr, "r998"));
    pd_buf_dispose(&in);
    pd_buf_dispose(&out);
}

Test(budgets, ordinary_rowspans_are_still_repeated)
{
    pd_buf in = PD_BUF_INIT, out = PD_BUF_INIT;
    pd_normalize_report rep;
    pd_buf_puts(&in, "<table><tr><th>Data</th><th>Kept for</th></tr>"
                     "<tr><td rowspan=3>Contact details</td><td>2 years</td></tr>"
                     "<tr><td>5 years</td></tr><tr><td>10 years</td></tr></table>");
    cr_assert_eq(normalize_html(&out, &rep, &in), 0);
    cr_assert_str_eq(rep.budget, "");
    cr_assert(strstr(out.ptr, "| Contact details | 10 years |"), "%s", out.ptr);
    pd_buf_dispose(&in);
    pd_buf_dispose(&out);
}

Test(budgets, a_wide_row_does_not_pad_thousands_of_short_rows)
{
    pd_buf in = PD_BUF_INIT, out = PD_BUF_INIT;
    pd_normalize_report rep;
    pd_buf_puts(&in, "<table><tr>");
    for (int i = 0; i < 1000; i++)
        pd_buf_printf(&in, "<td>h%d</td>", i);
    pd_buf_puts(&in, "</tr>");
    for (int j = 0; j < 2000; j++)
        pd_buf_printf(&in, "<tr><td>row %d</td></tr>", j);
    pd_buf_puts(&in, "</table>");
    cr_assert_eq(normalize_html(&out, &rep, &in), 0);
    /* padded, every short row would take 3,000 bytes: 6 MB */
    cr_assert(out.len <= 3 * in.len, "%zu bytes of Markdown from %zu of HTML", out.len, in.len);
    cr_assert(strstr(out.ptr, "| row 1999 |\n"), "unpadded short rows");
    pd_buf_dispose(&in);
    pd_buf_dispose(&out);
}

Test(budgets, colspan_expansion_is_bounded)
{
    pd_buf in = PD_BUF_INIT, out = PD_BUF_INIT;
    pd_normalize_report rep;
    pd_buf_puts(&in, "<table><tr><td>a</td><td>b</td><td>c</td></tr>");
    for (int j = 0; j < 1000; j++) /* each row: 63 empty cells, 190 bytes */
        pd_buf_printf(&in, "<tr><td colspan=64>%d</td><td>x</td></tr>", j);
    pd_buf_puts(&in, "</table>");
    cr_assert_eq(normalize_html(&out, &rep, &in), 0);
    cr_assert(out.len <= 5 * in.len + 128 * 1024, "%zu bytes of Markdown from %zu of HTML", out.len,
              in.len);
    cr_assert_str_eq(rep.budget, "table-spans");
    pd_buf_dispose(&in);
    pd_buf_dispose(&out);
}

Test(budgets, an_element_with_thousands_of_attributes_is_refused_at_once)
{
    pd_buf in = PD_BUF_INIT, out = PD_BUF_INIT;
    pd_normalize_report rep;
    double t0;
    pd_buf_puts(&in, "<html><body><p ");
    for (int i = 0; i < 60000; i++) /* about 1.7 s of parsing per 28,000 */
        pd_buf_printf(&in, "a%d=x ", i);
    pd_buf_puts(&in, ">We collect your e-mail address.</p></body></html>");
    t0 = now_s();
    cr_assert_eq(normalize_html(&out, &rep, &in), PD_EBUDGET);
    cr_assert(now_s() - t0 < 1.0, "took %.2f s", now_s() - t0);
    cr_assert(strstr(pd_error_last(), "attribute budget"), "%s", pd_error_last());
    cr_assert(strstr(pd_error_last(), "60000 attributes"), "%s", pd_error_last());
    cr_assert_eq(out.len, 0);
    pd_buf_dispose(&in);
    pd_buf_dispose(&out);
}

Test(budgets, attributes_are_counted_as_the_parser_reads_them)
{
    pd_html_cost c;
    const char *page =
        "<!-- <p a b c d e f> --><p class=\"x y z\" id='q' data-a=1 hidden>t</p>"
        "<script>if (a<b && c<d) { x = '<p a b c d e f g h>'; }</script>"
        "<style>p<q r s t u v{}</style><img src=a.png alt=\"a > b\" / ><br/><a href=x>y</a>";
    pd_html_cost_of(&c, page, strlen(page));
    cr_assert_eq(c.max_attributes, 4);
    cr_assert_eq(c.elements, 6); /* p, script, style, img, br, a */
}

Test(budgets, a_page_of_too_many_elements_is_refused)
{
    pd_buf in = PD_BUF_INIT, out = PD_BUF_INIT;
    pd_normalize_report rep;
    pd_buf_puts(&in, "<html><body>");
    for (int i = 0; i <= PD_HTML_MAX_ELEMENTS; i++)
        pd_buf_puts(&in, "<b>");
    cr_assert_eq(normalize_html(&out, &rep, &in), PD_EBUDGET);
    cr_assert(strstr(pd_error_last(), "element budget"), "%s", pd_error_last());
    pd_buf_dispose(&in);
    pd_buf_dispose(&out);
}

Test(budgets, a_text_run_the_parser_would_cut_is_refused, .timeout = 60)
{
    pd_buf in = PD_BUF_INIT, out = PD_BUF_INIT;
    pd_normalize_report rep;
    pd_buf_puts(&in, "<html><body><p>");
    cr_assert_eq(pd_buf_grow(&in, PD_HTML_MAX_TEXT_RUN + 1024), 0);
    for (int i = 0; i < PD_HTML_MAX_TEXT_RUN / 10 + 10; i++)
        pd_buf_puts(&in, "word word ");
    pd_buf_puts(&in, "</p></body></html>");
    /* before: cut at 10,000,000 bytes, exit 0, no warning */
    cr_assert_eq(normalize_html(&out, &rep, &in), PD_EBUDGET);
    cr_assert(strstr(pd_error_last(), "text-run budget"), "%s", pd_error_last());
    cr_assert_eq(out.len, 0);
    pd_buf_dispose(&in);
    pd_buf_dispose(&out);
}

Test(budgets, the_cli_refuses_with_exit_3_and_the_budget_named)
{
    pd_buf in = PD_BUF_INIT;
    pd_test_run_result r;
    const char *argv[] = {"normalize", "--as", "html", "-", NULL};
    rowspan_page(&in, 1);
    pd_test_run(&r, in.ptr, argv);
    cr_assert_eq(r.status, 3, "%s", pd_buf_cstr(&r.err));
    cr_assert(strstr(pd_buf_cstr(&r.err), "table-span budget"), "%s", pd_buf_cstr(&r.err));
    cr_assert_eq(strchr(r.err.ptr, '\n'), r.err.ptr + r.err.len - 1, "one line");
    pd_test_run_dispose(&r);
    pd_buf_clear(&in);
    pd_buf_puts(&in, "<p ");
    for (int i = 0; i < 1000; i++)
        pd_buf_printf(&in, "a%d=x ", i);
    pd_buf_puts(&in, ">text</p>");
    pd_test_run(&r, in.ptr, argv);
    cr_assert_eq(r.status, 3, "%s", pd_buf_cstr(&r.err));
    cr_assert(strstr(pd_buf_cstr(&r.err), "attribute budget"), "%s", pd_buf_cstr(&r.err));
    cr_assert_eq(r.out.len, 0);
    pd_test_run_dispose(&r);
    pd_buf_dispose(&in);
}
