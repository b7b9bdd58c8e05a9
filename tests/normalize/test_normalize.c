/* pd_normalize(): input sniffing, bad input, size limits, idempotence, the CLI. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/normalize.h"
#include "support/testutil.h"
#include "util/error.h"

static int norm(pd_buf *out, const char *data, size_t len, pd_input_kind kind,
                pd_normalize_report *rep)
{
    pd_normalize_options o = PD_NORMALIZE_OPTIONS_INIT;
    o.kind = kind;
    return pd_normalize(out, data, len, &o, rep);
}

Test(normalize, empty_and_binary_input_are_refused)
{
    static const struct {
        const char *data;
        size_t len;
        const char *word;
    } cases[] = {
        {"", 0, "empty"},
        {"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "PNG"},
        {"\x1f\x8b\x08\0\0\0\0\0", 8, "gzip"},
        {"\0\0\0\0\0\0\0\0\x01\x02\x03<p>x</p>", 18, "binary"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pd_buf out = PD_BUF_INIT;
        pd_normalize_report rep;
        cr_assert_eq(norm(&out, cases[i].data, cases[i].len, PD_INPUT_AUTO, &rep), PD_EEMPTY);
        cr_assert(strstr(pd_error_last(), cases[i].word), "message: %s", pd_error_last());
        cr_assert(!strchr(pd_error_last(), '\n'));
        cr_assert_eq(out.len, 0);
        pd_buf_dispose(&out);
    }
}

Test(normalize, page_without_text_is_empty)
{
    pd_buf out = PD_BUF_INIT;
    const char *h = "<html><head><script>x()</script></head><body><div></div></body></html>";
    cr_assert_eq(norm(&out, h, strlen(h), PD_INPUT_AUTO, NULL), PD_EEMPTY);
    pd_buf_dispose(&out);
}

Test(normalize, sniffs_html_and_markdown)
{
    pd_buf out = PD_BUF_INIT;
    const char *h = "  <!doctype html><p>Hello <b>there</b>.</p>";
    const char *m = "# Title\n\nSome text.\n\n- item one\n- item two\n";
    cr_assert_eq(norm(&out, h, strlen(h), PD_INPUT_AUTO, NULL), 0);
    cr_assert(strstr(out.ptr, "Hello there."), "%s", out.ptr);
    pd_buf_clear(&out);
    cr_assert_eq(norm(&out, m, strlen(m), PD_INPUT_AUTO, NULL), 0);
    cr_assert(strstr(out.ptr, "Title"), "%s", out.ptr);
    cr_assert(strstr(out.ptr, "\n- item two"), "markdown read as HTML: %s", out.ptr);
    pd_buf_dispose(&out);
    cr_assert_eq(pd_input_kind_from_path("a/b.md"), PD_INPUT_MARKDOWN);
    cr_assert_eq(pd_input_kind_from_path("x.HTM"), PD_INPUT_HTML);
    cr_assert_eq(pd_input_kind_from_path("noext"), PD_INPUT_AUTO);
}

/* Sniffing reads only the bytes given: a truncated tag at the very end of an
 * unterminated buffer ("<<!DOCT", found by fuzz_normalize) is not read past
 * (AddressSanitizer catches it in the sanitizer build). */
Test(normalize, sniffing_a_truncated_tag_stays_inside_the_input)
{
    static const char *const tails[] = {"<<!DOCT", "x <!doctyp", "t <htm", "<<bod", "a <di"};
    for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
        size_t n = strlen(tails[i]);
        char *exact = malloc(n); /* no terminating NUL */
        pd_buf out = PD_BUF_INIT;
        cr_assert(exact);
        memcpy(exact, tails[i], n);
        int rc = norm(&out, exact, n, PD_INPUT_AUTO, NULL);
        cr_assert(rc == 0 || rc == PD_EEMPTY, "%s: %d", tails[i], rc);
        pd_buf_dispose(&out);
        free(exact);
    }
}

/* A paragraph that opens with a year ("2019. ...") is not a list item, and
 * stays a paragraph when its output is read again. */
Test(normalize, a_year_is_not_a_list_number)
{
    pd_buf out = PD_BUF_INIT, again = PD_BUF_INIT;
    const char *h = "<main><ul><li>a</li></ul><p>2019. This was the year we changed.</p>"
                    "<p>12. Twelfth item</p></main>";
    cr_assert_eq(norm(&out, h, strlen(h), PD_INPUT_HTML, NULL), 0);
    cr_assert(strstr(out.ptr, "- a\n\n2019\\. This was the year"), "%s", out.ptr);
    cr_assert(strstr(out.ptr, "\n\n12. Twelfth item"), "%s", out.ptr);
    cr_assert_eq(norm(&again, out.ptr, out.len, PD_INPUT_MARKDOWN, NULL), 0);
    cr_assert_str_eq(again.ptr, out.ptr);
    pd_buf_dispose(&out);
    pd_buf_dispose(&again);
}

Test(normalize, nul_bytes_and_invalid_utf8_give_a_result)
{
    pd_buf out = PD_BUF_INIT;
    pd_normalize_report rep;
    const char h[] = "<html><body><p>Caf\xe9 \xff\xfe text\0 more</p></body></html>";
    cr_assert_eq(norm(&out, h, sizeof(h) - 1, PD_INPUT_HTML, &rep), 0);
    cr_assert(strstr(out.ptr, "text"));
    cr_assert(rep.warning[0], "NUL bytes should give a warning");
    pd_buf_dispose(&out);
}

Test(normalize, size_cap)
{
    pd_buf out = PD_BUF_INIT;
    pd_normalize_options o = PD_NORMALIZE_OPTIONS_INIT;
    o.max_input = 10;
    cr_assert_eq(pd_normalize(&out, "<p>0123456789</p>", 17, &o, NULL), PD_ETOOBIG);
    pd_buf_dispose(&out);
}

Test(normalize, large_page, .timeout = 120)
{
    pd_buf in = PD_BUF_INIT, out = PD_BUF_INIT;
    const char *para = "<p>Clause of the policy that is repeated to make a large page.</p>\n";
    pd_buf_puts(&in, "<html><body><main>");
    while (in.len < (size_t)50 * 1024 * 1024)
        pd_buf_puts(&in, para);
    pd_buf_puts(&in, "</main></body></html>");
    cr_assert_eq(norm(&out, in.ptr, in.len, PD_INPUT_AUTO, NULL), 0, "%s", pd_error_last());
    cr_assert(out.len > 1000);
    pd_buf_dispose(&in);
    pd_buf_dispose(&out);
}

Test(normalize, deep_nesting, .timeout = 60)
{
    pd_buf in = PD_BUF_INIT, out = PD_BUF_INIT;
    pd_buf_puts(&in, "<html><body><p>Start of the page.</p>");
    for (int i = 0; i < 100000; i++)
        pd_buf_puts(&in, i % 2 ? "<span>" : "<div>");
    pd_buf_puts(&in, "deep");
    pd_normalize_report rep;
    cr_assert_eq(norm(&out, in.ptr, in.len, PD_INPUT_HTML, &rep), 0, "%s", pd_error_last());
    cr_assert(strstr(out.ptr, "Start of the page."));
    cr_assert(rep.warning[0], "a truncated parse is best effort");
    pd_buf_dispose(&in);
    pd_buf_dispose(&out);
}

static void check_idempotent(const char *rel)
{
    pd_buf in = PD_BUF_INIT, once = PD_BUF_INIT, twice = PD_BUF_INIT;
    pd_test_read(&in, rel);
    cr_assert_eq(norm(&once, in.ptr, in.len, PD_INPUT_AUTO, NULL), 0, "%s", pd_error_last());
    cr_assert_eq(norm(&twice, once.ptr, once.len, PD_INPUT_MARKDOWN, NULL), 0);
    cr_assert_str_eq(twice.ptr, once.ptr);
    pd_buf_clear(&twice);
    cr_assert_eq(norm(&twice, once.ptr, once.len, PD_INPUT_AUTO, NULL), 0);
    cr_assert_str_eq(twice.ptr, once.ptr);
    pd_buf_dispose(&in);
    pd_buf_dispose(&once);
    pd_buf_dispose(&twice);
}

Test(normalize, idempotent)
{
    check_idempotent("normalize/fixtures/noise.html");
    check_idempotent("normalize/fixtures/dense.html");
    check_idempotent("normalize/fixtures/policy.html");
}

Test(normalize, deterministic_with_page_noise)
{
    /* two captures of one page that differ only in noise */
    pd_buf a = PD_BUF_INIT, b = PD_BUF_INIT, x = PD_BUF_INIT, y = PD_BUF_INIT;
    pd_test_read(&a, "normalize/fixtures/policy.html");
    pd_test_read(&b, "normalize/fixtures/policy-noise.html");
    cr_assert_eq(norm(&x, a.ptr, a.len, PD_INPUT_AUTO, NULL), 0);
    cr_assert_eq(norm(&y, b.ptr, b.len, PD_INPUT_AUTO, NULL), 0);
    cr_assert_str_eq(x.ptr, y.ptr);
    cr_assert(strstr(x.ptr, "privacy@example.com"), "%s", x.ptr);
    pd_buf_dispose(&a);
    pd_buf_dispose(&b);
    pd_buf_dispose(&x);
    pd_buf_dispose(&y);
}

Test(normalize, cli_exit_codes)
{
    pd_test_run_result r;
    const char *argv_empty[] = {"normalize", "-", NULL};
    const char *argv_sel[] = {"normalize", "--select", "#nothing", "-", NULL};
    const char *argv_bad[] = {"normalize", "--select", "div >", "-", NULL};
    const char *argv_ok[] = {"normalize", "--select", "main", "--remove", ".ad", "-", NULL};
    pd_test_run(&r, "", argv_empty);
    cr_assert_eq(r.status, 2);
    cr_assert(r.err.len > 0 && strchr(r.err.ptr, '\n') == r.err.ptr + r.err.len - 1, "one line: %s",
              pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    pd_test_run(&r, "\x89PNG\r\n\x1a\n\0\0\0\0", argv_empty);
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
    pd_test_run(&r, "<p>text</p>", argv_sel);
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
    pd_test_run(&r, "<p>text</p>", argv_bad);
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
    pd_test_run(&r, "<main><p>kept</p><p class='ad'>ad</p></main>", argv_ok);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "kept") && !strstr(pd_buf_cstr(&r.out), "ad\n"));
    pd_test_run_dispose(&r);
    /* a bad selector is refused whatever the input; on Markdown a good one
     * is not silently ignored */
    const char *argv_bad_md[] = {"normalize", "--as", "markdown", "--select", "div[", "-", NULL};
    pd_test_run(&r, "# T\n\nText.\n", argv_bad_md);
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
    const char *argv_md[] = {"normalize", "--as", "markdown", "--select", "main", "-", NULL};
    pd_test_run(&r, "# T\n\nText.\n", argv_md);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(pd_buf_cstr(&r.err), "selectors apply to HTML only"), "%s",
              pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    /* a directory is bad input (2), not an internal error */
    const char *argv_dir[] = {"normalize", "/", NULL};
    pd_test_run(&r, NULL, argv_dir);
    cr_assert_eq(r.status, 2, "%s", pd_buf_cstr(&r.err));
    cr_assert(strstr(pd_buf_cstr(&r.err), "directory"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
}

Test(normalize, text_only_past_the_nesting_limit_gives_a_clear_error)
{
    pd_buf in = PD_BUF_INIT, out = PD_BUF_INIT;
    pd_normalize_report rep;
    for (int i = 0; i < 100000; i++)
        pd_buf_puts(&in, "<div>");
    pd_buf_puts(&in, "We sell data.");
    for (int i = 0; i < 100000; i++)
        pd_buf_puts(&in, "</div>");
    cr_assert_eq(norm(&out, in.ptr, in.len, PD_INPUT_HTML, &rep), PD_EEMPTY);
    cr_assert(strstr(pd_error_last(), "256 deep"), "%s", pd_error_last());
    cr_assert_eq(out.len, 0);
    pd_buf_dispose(&in);
    pd_buf_dispose(&out);
}

/* The page's language: the lang attribute of <html>, else of <body> (its
 * primary subtag, lower case), else the language of the text. */
Test(normalize, reports_the_page_language)
{
    static const struct {
        const char *page;
        const char *lang;
    } cases[] = {
        {"<html lang=\"fr-CA\"><body><p>We collect your e-mail address.</p></body></html>", "fr"},
        {"<html><body lang=\"DE\"><p>We collect your e-mail address.</p></body></html>", "de"},
        {"<html lang=\"\"><body><p>Nous collectons les données que vous nous donnez et "
         "celles de votre compte pour le service.</p></body></html>",
         "fr"},
        {"<html lang=\"x.y\"><body><p>We collect the data you give us and the data of "
         "your account when you use the service.</p></body></html>",
         "en"},
        {"<html><body><p>Zzz qqq.</p></body></html>", ""},
        {"# Datenschutz\n\nWir erheben die Daten, die Sie uns geben, und die Daten "
         "Ihres Kontos.\n",
         "de"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pd_buf out = PD_BUF_INIT;
        pd_normalize_report rep;
        cr_assert_eq(norm(&out, cases[i].page, strlen(cases[i].page), PD_INPUT_AUTO, &rep), 0,
                     "%zu: %s", i, pd_error_last());
        cr_assert_str_eq(rep.language, cases[i].lang, "case %zu", i);
        pd_buf_dispose(&out);
    }
}
