/* Tests of the ingest path (src/ingest): derive (normalize + guard), and
 * record through a temporary store. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/guard.h"
#include "ingest/ingest.h"
#include "ingest/pages.h"
#include "support/testutil.h"
#include "util/error.h"

#define T0 1609459200 /* 2021-01-01T00:00:00Z */
#define DAY 86400

/* Derives fixture rel (tests/ingest/fixtures/...) against previous. */
static int derive(pd_buf *text, pd_ingest_report *rep, const char *rel, long status,
                  const char *previous)
{
    pd_ingest_input in = PD_INGEST_INPUT_INIT;
    pd_buf raw = PD_BUF_INIT;
    int rc;
    pd_test_read(&raw, rel);
    in.raw = pd_buf_cstr(&raw);
    in.rawlen = raw.len;
    in.url = "https://www.allbuy.example/privacy";
    in.kind = pd_input_kind_from_path(rel);
    in.status = status;
    in.previous = previous;
    in.prevlen = previous ? strlen(previous) : 0;
    rc = pd_ingest_derive(text, rep, &in);
    pd_buf_dispose(&raw);
    return rc;
}

/* The canonical text of the long policy fixture (its 13 clauses). */
static char *long_text(void)
{
    pd_buf t = PD_BUF_INIT;
    pd_ingest_report rep;
    cr_assert_eq(derive(&t, &rep, "ingest/fixtures/long.md", 0, NULL), 0, "%s", pd_error_last());
    return pd_buf_detach(&t);
}

Test(derive, accepts_a_policy_and_appends_its_text)
{
    pd_buf t = PD_BUF_INIT;
    pd_ingest_report rep;
    pd_buf_puts(&t, "kept> ");
    cr_assert_eq(derive(&t, &rep, "ingest/fixtures/long.md", 200, NULL), 0, "%s", pd_error_last());
    cr_assert(rep.extracted);
    cr_assert_str_eq(rep.reason, "");
    cr_assert_str_eq(rep.no_text, "");
    cr_assert(!strncmp(t.ptr, "kept> # Allbuy Privacy Policy\n", 30), "%s", t.ptr);
    cr_assert_eq(pd_guard_count_clauses(t.ptr + 6, t.len - 6), 13);
    pd_buf_dispose(&t);
}

Test(derive, accepts_a_longer_or_similar_version)
{
    char *prev = long_text();
    pd_buf t = PD_BUF_INIT;
    pd_ingest_report rep;
    cr_assert_eq(derive(&t, &rep, "ingest/fixtures/long.md", 0, prev), 0, "%s", pd_error_last());
    cr_assert_str_eq(t.ptr, prev);
    pd_buf_dispose(&t);
    free(prev);
}

/* What the guard says, word for word, is what derive says. */
static void refused(const char *rel, long status, const char *previous, const char *reason,
                    int extracted)
{
    pd_buf t = PD_BUF_INIT;
    pd_ingest_report rep;
    cr_assert_eq(derive(&t, &rep, rel, status, previous), PD_ESUSPICIOUS, "%s accepted", rel);
    cr_assert_str_eq(rep.reason, reason);
    cr_assert_str_eq(pd_error_last(), reason);
    cr_assert_eq(pd_error_last_code(), PD_ESUSPICIOUS);
    cr_assert_eq(rep.extracted, extracted, "%s", rel);
    cr_assert_eq(t.len > 0, extracted, "a refused page keeps its text for --force");
    pd_buf_dispose(&t);
}

Test(derive, refuses_a_cloudflare_challenge)
{
    refused("ingest/fixtures/cloudflare.html", 200, NULL, "bot wall (a Cloudflare challenge page)",
            1);
}

Test(derive, refuses_a_login_wall)
{
    refused("ingest/fixtures/login.html", 0, NULL, "login wall instead of the policy", 1);
}

Test(derive, refuses_a_two_line_file_over_a_long_version)
{
    char *prev = long_text();
    refused("ingest/fixtures/two-lines.txt", 0, prev,
            "lost 11 of 13 clauses since the last version (use --force if it really shrank)", 1);
    free(prev);
}

/* Error pages in any language are named as such, first fetch or not (the
 * French one has a login form in its header: it is still an error page). */
Test(derive, error_pages_are_refused_in_french_and_german)
{
    char *prev = long_text();
    refused("ingest/fixtures/error-page.html", 0, NULL, "error page instead of the policy", 1);
    refused("ingest/fixtures/error-page.html", 0, prev, "error page instead of the policy", 1);
    refused("ingest/fixtures/error-de.html", 200, NULL, "error page instead of the policy", 1);
    free(prev);
}

/* Issue 19: the walls a first fetch meets, each with its own reason. */
Test(derive, first_fetch_walls_have_their_own_reasons)
{
    refused("ingest/fixtures/imperva.html", 200, NULL,
            "bot wall (an Imperva / Incapsula block page)", 1);
    refused("ingest/fixtures/incapsula.html", 200, NULL,
            "bot wall (an Imperva / Incapsula block page)", 1);
    refused("ingest/fixtures/unusual-traffic.html", 200, NULL,
            "bot wall (unusual traffic from this network)", 1);
    refused("ingest/fixtures/sso.html", 200, NULL,
            "login wall (a single sign-on page) instead of the policy", 1);
    refused("ingest/fixtures/maintenance.html", 200, NULL, "maintenance page instead of the policy",
            1);
    refused("ingest/fixtures/parked.html", 200, NULL, "parked domain instead of the policy", 1);
    refused("ingest/fixtures/age-gate.html", 200, NULL, "age gate instead of the policy", 1);
    refused("ingest/fixtures/legal-451.html", 200, NULL,
            "unavailable for legal reasons (an HTTP 451 page)", 1);
}

/* Issue 16: after a real version, a page that is no longer the policy. */
Test(derive, a_home_page_a_summary_and_a_language_flip_are_refused_after_a_policy)
{
    char *prev = long_text();
    pd_buf t = PD_BUF_INIT;
    pd_ingest_report rep;
    refused("ingest/fixtures/home.html", 200, prev,
            "no longer a policy: its privacy and terms vocabulary is gone (a home page or a "
            "product page?); use --force if the policy really reads so",
            1);
    refused("ingest/fixtures/summary.html", 200, prev,
            "a much shorter page under another title (\"Privacy basics\", was \"Allbuy Privacy "
            "Policy\") instead of the policy; use --force if it is the policy",
            1);
    refused("ingest/fixtures/long-fr.md", 0, prev,
            "language changed from en to fr (use --force if the policy itself changed language)",
            1);
    /* alone, the French policy and the home page are not walls */
    cr_assert_eq(derive(&t, &rep, "ingest/fixtures/long-fr.md", 0, NULL), 0, "%s", pd_error_last());
    pd_buf_clear(&t);
    cr_assert_eq(derive(&t, &rep, "ingest/fixtures/home.html", 200, NULL), 0, "%s",
                 pd_error_last());
    pd_buf_dispose(&t);
    free(prev);
}

Test(derive, a_non_2xx_answer_is_refused_without_being_read)
{
    refused("ingest/fixtures/long.md", 503, NULL, "HTTP 503 instead of the page", 0);
}

Test(derive, no_text_is_for_the_guard_and_the_normalizer_says_why)
{
    pd_ingest_input in = PD_INGEST_INPUT_INIT;
    pd_ingest_report rep;
    pd_buf t = PD_BUF_INIT;
    in.raw = "";
    in.rawlen = 0;
    cr_assert_eq(pd_ingest_derive(&t, &rep, &in), PD_ESUSPICIOUS);
    cr_assert(!rep.extracted);
    cr_assert_str_eq(rep.reason, "empty extraction: no policy text found on the page");
    cr_assert(strstr(rep.no_text, "the input is empty"), "%s", rep.no_text);
    cr_assert_eq(t.len, 0);
    pd_buf_dispose(&t);
}

Test(derive, a_normalizer_error_comes_back_unchanged)
{
    pd_ingest_input in = PD_INGEST_INPUT_INIT;
    pd_ingest_report rep;
    pd_buf t = PD_BUF_INIT;
    char *big = malloc(PD_NORMALIZE_MAX_INPUT + 1);
    cr_assert_not_null(big);
    memset(big, 'a', PD_NORMALIZE_MAX_INPUT + 1);
    pd_buf_puts(&t, "before");
    in.raw = big;
    in.rawlen = PD_NORMALIZE_MAX_INPUT + 1;
    in.status = 200;
    /* over the input cap: the normalizer's PD_ETOOBIG, not a guard verdict */
    cr_assert_eq(pd_ingest_derive(&t, &rep, &in), PD_ETOOBIG);
    cr_assert_str_eq(rep.reason, "");
    cr_assert_str_eq(pd_buf_cstr(&t), "before");
    pd_buf_dispose(&t);
    free(big);
}

/* pd_ingest_record against a temporary store. */
static char *root;
static pd_store *st;
static pd_policy *pol;

static void setup(void)
{
    pd_policy p;
    size_t n;
    char *dir;
    root = pd_test_tmpdir();
    n = strlen(root) + 8;
    dir = malloc(n);
    snprintf(dir, n, "%s/store", root);
    cr_assert_eq(pd_store_init(&st, dir), 0, "%s", pd_error_last());
    free(dir);
    memset(&p, 0, sizeof(p));
    p.name = "allbuy";
    p.url = "https://www.allbuy.example/privacy";
    cr_assert_eq(pd_store_policy_add(st, &p), 0, "%s", pd_error_last());
    cr_assert_eq(pd_store_policy_get(&pol, st, "allbuy"), 0, "%s", pd_error_last());
}

static void teardown(void)
{
    pd_policy_free(pol);
    pd_store_free(st);
    pd_test_rmtree(root);
    free(root);
}

TestSuite(record, .init = setup, .fini = teardown);

static int record_file(pd_ingest_result *r, const char *rel, int64_t at, int force)
{
    pd_ingest_options o = PD_INGEST_OPTIONS_INIT;
    pd_buf raw = PD_BUF_INIT;
    int rc;
    pd_test_read(&raw, rel);
    o.captured_at = at;
    o.kind = pd_input_kind_from_path(rel);
    o.force = force;
    rc = pd_ingest_record(r, st, pol, &o, pd_buf_cstr(&raw), raw.len);
    pd_buf_dispose(&raw);
    return rc;
}

static size_t versions(void)
{
    pd_version *v = NULL;
    size_t n = 0;
    cr_assert_eq(pd_store_log(&v, &n, st, "allbuy", INT64_MIN, INT64_MAX), 0, "%s",
                 pd_error_last());
    pd_version_array_free(v, n);
    return n;
}

Test(record, records_a_policy_then_refuses_a_shrunk_one_unless_forced)
{
    pd_ingest_result r;
    cr_assert_eq(record_file(&r, "ingest/fixtures/long.md", T0, 0), 0, "%s", pd_error_last());
    cr_assert_eq(r.record, PD_RECORD_COMMITTED);
    cr_assert(r.accepted && !r.forced && !r.has_previous);
    pd_ingest_result_dispose(&r);

    cr_assert_eq(record_file(&r, "ingest/fixtures/two-lines.txt", T0 + DAY, 0), PD_ESUSPICIOUS);
    cr_assert(!r.accepted);
    cr_assert(r.has_previous);
    cr_assert_eq(r.previous_captured_at, T0);
    cr_assert_eq(strlen(r.previous_commit), 40);
    cr_assert(strstr(r.report.reason, "lost 11 of 13 clauses"), "%s", r.report.reason);
    pd_ingest_result_dispose(&r);
    cr_assert_eq(versions(), 1);

    cr_assert_eq(record_file(&r, "ingest/fixtures/two-lines.txt", T0 + DAY, 1), 0, "%s",
                 pd_error_last());
    cr_assert(r.accepted && r.forced);
    cr_assert_eq(r.record, PD_RECORD_COMMITTED);
    cr_assert(strstr(r.report.reason, "lost 11 of 13 clauses"), "%s", r.report.reason);
    pd_ingest_result_dispose(&r);
    cr_assert_eq(versions(), 2);
}

/* The shrink check compares with the version in effect at the capture
 * time, not the newest: an old capture inserted before a short version is
 * judged against what came before it. */
Test(record, the_previous_text_is_the_one_in_effect_at_the_capture_time)
{
    pd_ingest_result r;
    cr_assert_eq(record_file(&r, "ingest/fixtures/two-lines.txt", T0, 0), 0, "%s", pd_error_last());
    pd_ingest_result_dispose(&r);
    cr_assert_eq(record_file(&r, "ingest/fixtures/long.md", T0 + 2 * DAY, 0), 0, "%s",
                 pd_error_last());
    pd_ingest_result_dispose(&r);
    /* in between: the two-line version was in effect, the page grew */
    cr_assert_eq(record_file(&r, "ingest/fixtures/summary.html", T0 + DAY, 0), 0, "%s",
                 pd_error_last());
    cr_assert_eq(r.record, PD_RECORD_INSERTED);
    cr_assert_eq(r.previous_captured_at, T0);
    pd_ingest_result_dispose(&r);
    /* after the long version it lost most of its clauses */
    cr_assert_eq(record_file(&r, "ingest/fixtures/error-page.html", T0 + 3 * DAY, 0),
                 PD_ESUSPICIOUS);
    pd_ingest_result_dispose(&r);
    cr_assert_eq(versions(), 3);
}

Test(record, a_page_without_text_is_never_recorded_even_forced)
{
    pd_ingest_options o = PD_INGEST_OPTIONS_INIT;
    pd_ingest_result r;
    o.captured_at = T0;
    o.status = 404;
    o.force = 1;
    cr_assert_eq(pd_ingest_record(&r, st, pol, &o, "<p>Not found</p>", 16), PD_ESUSPICIOUS);
    cr_assert(!r.accepted && !r.forced && !r.report.extracted);
    cr_assert_str_eq(r.report.reason, "HTTP 404 instead of the page");
    pd_ingest_result_dispose(&r);
    cr_assert_eq(versions(), 0);
}

Test(record, a_wall_is_refused_and_forced_it_is_recorded)
{
    pd_ingest_result r;
    cr_assert_eq(record_file(&r, "ingest/fixtures/cloudflare.html", T0, 0), PD_ESUSPICIOUS);
    cr_assert_str_eq(r.report.reason, "bot wall (a Cloudflare challenge page)");
    pd_ingest_result_dispose(&r);
    cr_assert_eq(versions(), 0);
    cr_assert_eq(record_file(&r, "ingest/fixtures/cloudflare.html", T0, 1), 0, "%s",
                 pd_error_last());
    cr_assert(r.forced);
    cr_assert_eq(r.record, PD_RECORD_COMMITTED);
    pd_ingest_result_dispose(&r);
    cr_assert_eq(versions(), 1);
}

/* A combined capture: packed and read back, each page read with its
 * page's recipe and the texts joined in order; a page refused (an error
 * answer) refuses the document, naming the page; a single page for a
 * policy that combines several is refused. */
Test(derive, combined_pages_in_order_each_with_its_recipe)
{
    static const char a[] = "<html><body><nav>Menu</nav><main><h1>Part one</h1><p>You agree to "
                            "these terms when you use the service.</p></main></body></html>";
    static const char b[] = "<html><body><div id=\"x\"><h1>Part two</h1><p>We may end your "
                            "account if you break these terms.</p></div><main>Not this.</main>"
                            "</body></html>";
    pd_page pages[2] = {{"https://s.example/a", "text/html", 200, a, sizeof(a) - 1},
                        {"https://s.example/b", NULL, 200, b, sizeof(b) - 1}};
    pd_recipe r = PD_RECIPE_INIT;
    pd_ingest_input in = PD_INGEST_INPUT_INIT;
    pd_ingest_report rep;
    pd_buf raw = PD_BUF_INIT, t = PD_BUF_INIT;
    pd_page *back = NULL;
    size_t n = 0;
    static const char recipe[] =
        "{\"select\": \"main\", \"combine\": [{\"fetch\": \"https://s.example/a\"}, {\"fetch\": "
        "\"https://s.example/b\", \"select\": \"#x\"}]}";

    cr_assert_eq(pd_pages_pack(&raw, pages, 2), 0);
    cr_assert(pd_pages_is(raw.ptr, raw.len));
    cr_assert_eq(pd_pages_unpack(&back, &n, raw.ptr, raw.len), 0, "%s", pd_error_last());
    cr_assert_eq(n, 2);
    cr_assert_str_eq(back[0].content_type, "text/html");
    cr_assert_null(back[1].content_type);
    cr_assert_str_eq(back[1].url, "https://s.example/b");
    cr_assert_eq(back[1].len, sizeof(b) - 1);
    cr_assert_eq(memcmp(back[1].body, b, sizeof(b) - 1), 0);
    pd_pages_free(back, n);
    cr_assert_eq(pd_recipe_from_ota_json(&r, recipe, strlen(recipe)), 0, "%s", pd_error_last());
    in.raw = raw.ptr;
    in.rawlen = raw.len;
    in.recipe = &r;
    cr_assert_eq(pd_ingest_derive(&t, &rep, &in), 0, "%s %s", pd_error_last(), rep.reason);
    cr_assert_str_eq(pd_buf_cstr(&t), "# Part one\n\nYou agree to these terms when you use the "
                                      "service.\n\n# Part two\n\nWe may end your account if you "
                                      "break these terms.\n");
    /* page 2 answered 404: the document is refused, naming the page */
    pages[1].status = 404;
    pd_buf_clear(&raw);
    pd_buf_clear(&t);
    cr_assert_eq(pd_pages_pack(&raw, pages, 2), 0);
    in.raw = raw.ptr;
    in.rawlen = raw.len;
    cr_assert_eq(pd_ingest_derive(&t, &rep, &in), PD_ESUSPICIOUS);
    cr_assert(strstr(rep.reason, "page 2 of 2 (https://s.example/b)"), "%s", rep.reason);
    cr_assert_eq(rep.extracted, 0, "never forced without the page");
    /* one page for a policy of two */
    pd_buf_clear(&t);
    in.raw = a;
    in.rawlen = sizeof(a) - 1;
    cr_assert_eq(pd_ingest_derive(&t, &rep, &in), PD_EINVALID);
    cr_assert(strstr(pd_error_last(), "combines 2 pages"), "%s", pd_error_last());
    /* malformed captures are refused, not read past their end */
    static const char *const bad[] = {
        "policydiff-pages 1\n", "policydiff-pages 1\npage 200 99 https://s.example/a\n-\nab\n",
        "policydiff-pages 1\npage x 2 https://s.example/a\n-\nab\n",
        "policydiff-pages 1\npage 200 2 https://s.example/a\n-\nabc", NULL};
    for (int i = 0; bad[i]; i++) {
        cr_assert_eq(pd_pages_unpack(&back, &n, bad[i], strlen(bad[i])), PD_EINVALID, "%s", bad[i]);
        cr_assert_null(back);
    }
    pd_recipe_dispose(&r);
    pd_buf_dispose(&raw);
    pd_buf_dispose(&t);
}
