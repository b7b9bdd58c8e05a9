/* PDF policies (normalize/pdf.h through pd_normalize): reading order,
 * headings from size and weight, running headers, footers and page numbers
 * dropped, hyphenation joined, lists, one sentence a line; PDFs without
 * text or that cannot be read.  The fixtures are made by
 * tests/normalize/fixtures/pdf/make_pdfs.py (cairo, chromium). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/normalize.h"
#include "support/testutil.h"
#include "util/error.h"

static int norm_file(pd_buf *out, pd_normalize_report *rep, const char *rel)
{
    pd_normalize_options o = PD_NORMALIZE_OPTIONS_INIT;
    pd_buf in = PD_BUF_INIT;
    int rc;
    pd_test_read(&in, rel);
    rc = pd_normalize(out, in.ptr, in.len, &o, rep);
    pd_buf_dispose(&in);
    return rc;
}

static size_t count(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
        n++;
    return n;
}

Test(pdf, headings_paragraphs_lists_and_sentences)
{
    pd_buf out = PD_BUF_INIT;
    pd_normalize_report rep;
    cr_assert_eq(norm_file(&out, &rep, "normalize/fixtures/pdf/terms.pdf"), 0, "%s",
                 pd_error_last());
    const char *t = pd_buf_cstr(&out);
    /* headings: 20 pt is level 1, 14 pt level 2, bold at the body size 3 */
    cr_assert(!strncmp(t, "# Terms of Service\n\n", 20), "%s", t);
    cr_assert(strstr(t, "\n## 1. Orders\n"), "%s", t);
    cr_assert(strstr(t, "\n### Prices\n"), "%s", t);
    cr_assert_eq(count(t, "\n## "), 5, "%s", t);
    /* one sentence a line */
    cr_assert(strstr(t, "\nAn order is a binding offer.\nWe confirm it by e-mail"), "%s", t);
    /* lists: bullets and numbers */
    cr_assert(strstr(t, "\n- a credit or debit card;\n- a bank transfer, within seven days.\n"),
              "%s", t);
    cr_assert(strstr(t, "\n1. tell us within fourteen days;\n2. send the item back unused.\n"),
              "%s", t);
    cr_assert_str_eq(rep.language, "en");
    cr_assert_str_eq(rep.warning, "");
    pd_buf_dispose(&out);
}

Test(pdf, running_headers_footers_and_page_numbers_are_dropped)
{
    pd_buf out = PD_BUF_INIT;
    cr_assert_eq(norm_file(&out, NULL, "normalize/fixtures/pdf/terms.pdf"), 0);
    cr_assert(!strstr(out.ptr, "Page "), "%s", out.ptr);
    cr_assert(!strstr(out.ptr, "Version of"), "%s", out.ptr);
    cr_assert(!strstr(out.ptr, "Example Shop \xe2\x80\x94"), "%s", out.ptr);
    pd_buf_clear(&out);
    /* chromium's print: the date and title on top, the address and "1/2" below */
    cr_assert_eq(norm_file(&out, NULL, "normalize/fixtures/pdf/privacy.pdf"), 0);
    cr_assert(!strstr(out.ptr, "file:"), "%s", out.ptr);
    cr_assert(!strstr(out.ptr, "1/2"), "%s", out.ptr);
    cr_assert_eq(count(out.ptr, "Example Shop Privacy Policy"), 0, "%s", out.ptr);
    cr_assert(!strncmp(out.ptr, "# Privacy Policy\n\nThis policy explains", 38), "%s", out.ptr);
    cr_assert(strstr(out.ptr, "\n### Cookies\n"), "%s", out.ptr);
    cr_assert(strstr(out.ptr, "\n## 3. Your rights\n"), "%s", out.ptr);
    pd_buf_dispose(&out);
}

/* Words cut at line ends are whole again (a hyphen after a letter and a
 * lower-case letter next, or a soft hyphen); a sentence goes on across a
 * page break; two columns read one after the other. */
Test(pdf, hyphenation_page_breaks_and_columns)
{
    pd_buf out = PD_BUF_INIT;
    cr_assert_eq(norm_file(&out, NULL, "normalize/fixtures/pdf/terms.pdf"), 0);
    cr_assert(strstr(out.ptr, "replace any earlier agreement between you and us."), "%s", out.ptr);
    cr_assert(strstr(out.ptr, "when we send the confirmation."), "%s", out.ptr);
    cr_assert(strstr(out.ptr, "the one shown when you order, and"), "%s", out.ptr);
    cr_assert(strstr(out.ptr, "the same means of payment you used."), "%s", out.ptr);
    cr_assert(strstr(out.ptr, "and of any delay that may occur.\nRisk passes"), "%s", out.ptr);
    cr_assert(strstr(out.ptr, "We are liable for damage caused by our fault.\nWe are not liable "
                              "for indirect loss.\n\nNothing in these terms limits your rights "
                              "as a consumer under the law of your country.\n"),
              "%s", out.ptr);
    pd_buf_dispose(&out);
}

Test(pdf, without_text_or_unreadable_says_so)
{
    pd_buf out = PD_BUF_INIT, in = PD_BUF_INIT;
    pd_normalize_options o = PD_NORMALIZE_OPTIONS_INIT;
    cr_assert_eq(norm_file(&out, NULL, "normalize/fixtures/pdf/scanned.pdf"), PD_EEMPTY);
    cr_assert(strstr(pd_error_last(), "the PDF has no text"), "%s", pd_error_last());
    cr_assert_eq(out.len, 0);
    pd_test_read(&in, "normalize/fixtures/pdf/terms.pdf");
    cr_assert_eq(pd_normalize(&out, in.ptr, 2000, &o, NULL), PD_EEMPTY);
    cr_assert(strstr(pd_error_last(), "the PDF cannot be read"), "%s", pd_error_last());
    cr_assert_eq(pd_normalize(&out, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15, &o, NULL), PD_EEMPTY);
    cr_assert(!strchr(pd_error_last(), '\n'));
    cr_assert_eq(out.len, 0);
    pd_buf_dispose(&in);
    pd_buf_dispose(&out);
}

/* Normalizing the output again (as Markdown) gives the same bytes. */
Test(pdf, idempotent)
{
    pd_buf out = PD_BUF_INIT, again = PD_BUF_INIT;
    pd_normalize_options o = PD_NORMALIZE_OPTIONS_INIT;
    cr_assert_eq(norm_file(&out, NULL, "normalize/fixtures/pdf/terms.pdf"), 0);
    cr_assert_eq(pd_normalize(&again, out.ptr, out.len, &o, NULL), 0);
    cr_assert_str_eq(again.ptr, out.ptr);
    pd_buf_dispose(&out);
    pd_buf_dispose(&again);
}
