#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "classify/diff.h"
#include "report/report.h"
#include "util/buf.h"
#include "util/error.h"

static const char old_md[] = "# Policy\n\n"
                             "## Sharing\n\n"
                             "We do not sell your data. We share data with <b>processors</b>.\n\n"
                             "## Cookies\n\n"
                             "We use cookies.\n\n"
                             "## Old section\n\n"
                             "This whole paragraph goes away soon.\n";
static const char new_md[] = "# Policy\n\n"
                             "## Sharing\n\n"
                             "We may sell your data. We share data with <b>processors</b>.\n\n"
                             "## Cookies\n\n"
                             "We use cookies!\n\n"
                             "Analytics and tracking pixels are new here.\n";

static pd_diff *make(void)
{
    pd_diff *d = NULL;
    cr_assert_eq(pd_diff_texts(&d, old_md, strlen(old_md), new_md, strlen(new_md), NULL), 0);
    return d;
}

/* A diff built by hand, with text that needs escaping in every format. */
static pd_diff *make_special(void)
{
    pd_diff *d = calloc(1, sizeof(*d));
    d->changes = calloc(1, sizeof(pd_change));
    d->nchanges = 1;
    pd_change *c = &d->changes[0];
    c->op = PD_OP_ADDED;
    c->section = strdup("A <b> & B");
    c->old_section = strdup("");
    c->old_text = strdup("");
    c->new_text = strdup("Analytics & \"tracking\" <i>pixels</i> are new (see *notes*).");
    c->old_index = (size_t)-1;
    c->flags.severity = PD_SEV_LOW;
    return d;
}

static void opts(pd_report_options *o)
{
    pd_report_options init = PD_REPORT_OPTIONS_INIT;
    *o = init;
    o->old_side.label = "policy@2024-01-01";
    o->old_side.date = "2024-01-01T00:00:00Z";
    o->new_side.label = "policy@2024-06-01";
}

Test(report, json_follows_the_schema)
{
    pd_diff *d = make();
    pd_report_options o;
    pd_buf b = PD_BUF_INIT;
    json_error_t e;
    opts(&o);
    cr_assert_eq(pd_report_json(&b, d, &o), 0);
    json_t *j = json_loads(pd_buf_cstr(&b), 0, &e);
    cr_assert_not_null(j, "%s", e.text);
    cr_assert_str_eq(json_string_value(json_object_get(j, "schema")), "policydiff/diff-1");
    json_t *old = json_object_get(j, "old"), *nw = json_object_get(j, "new");
    cr_assert_str_eq(json_string_value(json_object_get(old, "label")), "policy@2024-01-01");
    cr_assert_str_eq(json_string_value(json_object_get(old, "date")), "2024-01-01T00:00:00Z");
    cr_assert(json_is_string(json_object_get(nw, "label")));
    cr_assert_null(json_object_get(nw, "date"));
    json_t *s = json_object_get(j, "summary");
    const char *ints[] = {"added", "removed", "modified", "moved", "substantive", "cosmetic"};
    for (int i = 0; i < 6; i++)
        cr_assert(json_is_integer(json_object_get(s, ints[i])), "%s", ints[i]);
    cr_assert(json_is_string(json_object_get(s, "headline")));
    cr_assert(json_is_string(json_object_get(s, "worst_severity")));
    json_t *ch = json_object_get(j, "changes");
    cr_assert_eq(json_array_size(ch), d->nchanges);
    cr_assert_gt(json_array_size(ch), 0);
    int saw_words = 0;
    for (size_t i = 0; i < json_array_size(ch); i++) {
        json_t *c = json_array_get(ch, i);
        const char *op = json_string_value(json_object_get(c, "op"));
        cr_assert(op && (!strcmp(op, "added") || !strcmp(op, "removed") ||
                         !strcmp(op, "modified") || !strcmp(op, "moved")));
        cr_assert(json_is_boolean(json_object_get(c, "cosmetic")));
        cr_assert(json_is_string(json_object_get(c, "section")));
        cr_assert(json_is_string(json_object_get(c, "old")));
        cr_assert(json_is_string(json_object_get(c, "new")));
        cr_assert(json_is_array(json_object_get(c, "words")));
        cr_assert(json_is_array(json_object_get(c, "categories")));
        cr_assert(json_is_string(json_object_get(c, "severity")));
        cr_assert(json_is_string(json_object_get(c, "impact")));
        cr_assert(json_is_array(json_object_get(c, "reasons")));
        if (!strcmp(op, "added"))
            cr_assert_str_eq(json_string_value(json_object_get(c, "old")), "");
        if (!strcmp(op, "removed"))
            cr_assert_str_eq(json_string_value(json_object_get(c, "new")), "");
        json_t *w = json_object_get(c, "words");
        for (size_t k = 0; k < json_array_size(w); k++) {
            const char *wo = json_string_value(json_object_get(json_array_get(w, k), "op"));
            cr_assert(wo &&
                      (!strcmp(wo, "equal") || !strcmp(wo, "insert") || !strcmp(wo, "delete")));
            cr_assert(json_is_string(json_object_get(json_array_get(w, k), "text")));
            saw_words = 1;
        }
    }
    cr_assert(saw_words);
    json_decref(j);
    pd_buf_dispose(&b);
    pd_diff_free(d);
}

Test(report, headline_comes_first_in_every_format)
{
    pd_diff *d = make();
    pd_report_options o;
    pd_buf head = PD_BUF_INIT;
    opts(&o);
    cr_assert_eq(pd_diff_headline(&head, d), 0);
    for (int f = PD_FORMAT_TEXT; f <= PD_FORMAT_HTML; f++) {
        pd_buf b = PD_BUF_INIT;
        cr_assert_eq(pd_report_render(&b, (pd_format)f, d, &o), 0);
        const char *at = strstr(pd_buf_cstr(&b), pd_buf_cstr(&head));
        cr_assert_not_null(at, "format %d", f);
        /* nothing about a single change comes before it */
        const char *first_op = strstr(pd_buf_cstr(&b), "modified");
        if (f != PD_FORMAT_JSON)
            cr_assert(first_op == NULL || at < first_op, "format %d", f);
        pd_buf_dispose(&b);
    }
    pd_buf b = PD_BUF_INIT;
    cr_assert_eq(pd_report_stat(&b, d, &o), 0);
    cr_assert_eq(strncmp(pd_buf_cstr(&b), pd_buf_cstr(&head), head.len), 0);
    cr_assert_eq(strchr(pd_buf_cstr(&b), '\n'), pd_buf_cstr(&b) + b.len - 1);
    pd_buf_dispose(&b);
    pd_buf_dispose(&head);
    pd_diff_free(d);
}

Test(report, html_is_self_contained_and_escaped)
{
    pd_diff *d = make();
    pd_report_options o;
    pd_buf b = PD_BUF_INIT;
    opts(&o);
    cr_assert_eq(pd_report_html(&b, d, &o), 0);
    const char *h = pd_buf_cstr(&b);
    cr_assert_not_null(strstr(h, "<!DOCTYPE html>"));
    pd_diff *sp = make_special();
    pd_buf b2 = PD_BUF_INIT;
    cr_assert_eq(pd_report_html(&b2, sp, &o), 0);
    cr_assert_null(strstr(pd_buf_cstr(&b2), "<i>pixels"));
    cr_assert_null(strstr(pd_buf_cstr(&b2), "<b>"));
    cr_assert_not_null(strstr(pd_buf_cstr(&b2), "&lt;i&gt;pixels"));
    cr_assert_not_null(strstr(pd_buf_cstr(&b2), "&quot;tracking&quot;"));
    pd_buf_dispose(&b2);
    pd_diff_free(sp);
    cr_assert_null(strstr(h, "src="));
    cr_assert_null(strstr(h, "<link"));
    cr_assert_null(strstr(h, "<script"));
    cr_assert_not_null(strstr(h, "<del>"));
    cr_assert_not_null(strstr(h, "<ins>"));
    pd_buf_dispose(&b);
    pd_diff_free(d);
}

Test(report, text_marks_words_and_colours_on_request)
{
    pd_diff *d = make();
    pd_report_options o;
    pd_buf b = PD_BUF_INIT;
    opts(&o);
    cr_assert_eq(pd_report_text(&b, d, &o), 0);
    cr_assert_not_null(strstr(pd_buf_cstr(&b), "[-do not-]"));
    cr_assert_not_null(strstr(pd_buf_cstr(&b), "{+may+}"));
    cr_assert_not_null(strstr(pd_buf_cstr(&b), "Policy > Sharing"));
    cr_assert_null(strchr(pd_buf_cstr(&b), '\033'));
    pd_buf_clear(&b);
    o.color = 1;
    cr_assert_eq(pd_report_text(&b, d, &o), 0);
    cr_assert_not_null(strchr(pd_buf_cstr(&b), '\033'));
    pd_buf_dispose(&b);
    pd_diff_free(d);
}

Test(report, markdown_marks_words_with_del_and_ins)
{
    pd_diff *d = make();
    pd_report_options o;
    pd_buf b = PD_BUF_INIT;
    opts(&o);
    cr_assert_eq(pd_report_markdown(&b, d, &o), 0);
    cr_assert_not_null(strstr(pd_buf_cstr(&b), "We <del>do not</del><ins>may</ins> sell"), "%s",
                       pd_buf_cstr(&b));
    cr_assert_not_null(
        strstr(pd_buf_cstr(&b), "<del>Old section<br>This whole paragraph goes away soon.</del>"),
        "%s", pd_buf_cstr(&b));
    cr_assert_null(strstr(pd_buf_cstr(&b), "~~"));
    pd_diff *sp = make_special();
    pd_buf_clear(&b);
    cr_assert_eq(pd_report_markdown(&b, sp, &o), 0);
    cr_assert_not_null(strstr(pd_buf_cstr(&b), "\\<i\\>pixels"));
    cr_assert_not_null(strstr(pd_buf_cstr(&b), "\\*notes\\*"));
    cr_assert_not_null(strstr(pd_buf_cstr(&b), "Analytics &amp; \"tracking\""));
    cr_assert_not_null(strstr(pd_buf_cstr(&b), "#### added: A \\<b\\> &amp; B\n"));
    pd_diff_free(sp);
    pd_buf_dispose(&b);
    pd_diff_free(d);
}

/* The Markdown of a diff between two one-clause documents. */
static void markdown_of(pd_buf *b, const char *old_text, const char *new_text)
{
    pd_buf x = PD_BUF_INIT, y = PD_BUF_INIT;
    pd_report_options o;
    pd_diff *d = NULL;
    opts(&o);
    pd_buf_printf(&x, "# P\n\n## Sharing\n\n%s\n", old_text);
    pd_buf_printf(&y, "# P\n\n## Sharing\n\n%s\n", new_text);
    cr_assert_eq(pd_diff_texts(&d, x.ptr, x.len, y.ptr, y.len, NULL), 0);
    cr_assert_eq(d->nchanges, 1);
    cr_assert_eq(pd_report_markdown(b, d, &o), 0);
    pd_diff_free(d);
    pd_buf_dispose(&x);
    pd_buf_dispose(&y);
}

/* ** and ~~ only count when flanking, which a run that starts or ends with
 * punctuation next to a letter is not: GitHub showed the asterisks. */
Test(report, markdown_highlights_next_to_punctuation_render)
{
    pd_buf b = PD_BUF_INIT;
    markdown_of(&b, "We share data with partners.",
                "We share data with partners, advertisers and brokers.");
    cr_assert_not_null(
        strstr(b.ptr, "> We share data with partners<ins>, advertisers and brokers</ins>.\n"), "%s",
        b.ptr);
    pd_buf_clear(&b);
    markdown_of(&b, "We share data with partners, advertisers and brokers.",
                "We share data with partners.");
    cr_assert_not_null(
        strstr(b.ptr, "> We share data with partners<del>, advertisers and brokers</del>.\n"), "%s",
        b.ptr);
    pd_buf_clear(&b);
    markdown_of(&b, "We keep logs for 30 days.", "We keep logs for \"30\" days.");
    cr_assert_not_null(strstr(b.ptr, "> We keep logs for <ins>\"</ins>30<ins>\"</ins> days.\n"),
                       "%s", b.ptr);
    pd_buf_clear(&b);
    markdown_of(&b, "We keep logs for \"30\" days.", "We keep logs for 30 days.");
    cr_assert_not_null(strstr(b.ptr, "> We keep logs for <del>\"</del>30<del>\"</del> days.\n"),
                       "%s", b.ptr);
    cr_assert_null(strstr(b.ptr, "~~"));
    pd_buf_dispose(&b);
}

/* The text inside <ins>/<del> is still Markdown: escaped like the rest. */
Test(report, markdown_highlights_are_escaped_inside)
{
    pd_buf b = PD_BUF_INIT;
    markdown_of(&b, "We share data with partners.",
                "We share data with partners \\*A & B\\* \\<i\\>and\\</i\\> \\_them\\_.");
    cr_assert_not_null(strstr(b.ptr, "partners <ins>\\*A &amp; B\\* \\<i\\>and\\</i\\> "
                                     "\\_them\\_</ins>."),
                       "%s", b.ptr);
    pd_buf_dispose(&b);
}

/* Issue 19: "@name" from a page is a GitHub mention once the report is
 * posted as an issue (the GitHub recipe does): it is neutralised. */
Test(report, markdown_mentions_nobody)
{
    pd_buf b = PD_BUF_INIT;
    markdown_of(&b, "Write to privacy@example.com with questions.",
                "Write to privacy@example.com or @octocat and @github/security with questions.");
    cr_assert(strstr(b.ptr, "@&#8203;octocat"), "%s", b.ptr);
    cr_assert(strstr(b.ptr, "@&#8203;github/security"), "%s", b.ptr);
    cr_assert_null(strstr(b.ptr, " @octocat"), "%s", b.ptr);
    cr_assert_null(strstr(b.ptr, ">@octocat"), "%s", b.ptr);
    cr_assert(strstr(b.ptr, "privacy@example.com"), "an e-mail address stays: %s", b.ptr);
    pd_buf_dispose(&b);
}

/* A hand-built diff of one added clause. */
static pd_diff *make_added(const char *text)
{
    pd_diff *d = make_special();
    free(d->changes[0].new_text);
    d->changes[0].new_text = strdup(text);
    return d;
}

/* What follows "> " must not be read as a list, a code block or a rule. */
Test(report, markdown_quote_line_stays_a_paragraph)
{
    static const char *const cases[][2] = {
        {"2019. This policy was updated.", "> 2019\\. This policy was updated.\n"},
        {"1) First item.", "> 1\\) First item.\n"},
        {"- We sell data.", "> \\- We sell data.\n"},
        {"+ We sell data.", "> \\+ We sell data.\n"},
        {"    Indented text.", "> Indented text.\n"},
        {"---", "> \\---\n"},
        {"Two lines\n- here.", "> Two lines<br>- here.\n"},
        {"CR\r\nLF.", "> CR<br>LF.\n"},
    };
    pd_report_options o;
    opts(&o);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pd_diff *d = make_added(cases[i][0]);
        pd_buf b = PD_BUF_INIT;
        cr_assert_eq(pd_report_markdown(&b, d, &o), 0);
        cr_assert_not_null(strstr(b.ptr, cases[i][1]), "%s", b.ptr);
        pd_buf_dispose(&b);
        pd_diff_free(d);
    }
}

/* A label is shown as a code span whose fence is longer than any backtick
 * run inside (CommonMark 6.1), padded when it starts or ends with one. */
Test(report, markdown_labels_are_code_spans)
{
    static const char *const cases[][2] = {
        {"old`v1.md", "``old`v1.md``"},
        {"`quoted`", "`` `quoted` ``"},
        {"a``b", "```a``b```"},
        {"plain.md", "`plain.md`"},
        {" lead", "`  lead `"},
        {"two\nlines", "`two lines`"},
        {"", "` `"},
        {"<b>&amp;", "`<b>&amp;`"},
    };
    pd_diff *d = make_special();
    pd_report_options o;
    opts(&o);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pd_buf b = PD_BUF_INIT, want = PD_BUF_INIT;
        o.old_side.label = cases[i][0];
        pd_buf_printf(&want, "\n\n%s → `policy@2024-06-01`: ", cases[i][1]);
        cr_assert_eq(pd_report_markdown(&b, d, &o), 0);
        cr_assert_not_null(strstr(b.ptr, want.ptr), "%s", b.ptr);
        pd_buf_dispose(&want);
        pd_buf_dispose(&b);
    }
    pd_diff_free(d);
}

Test(report, summary_counts_and_severity)
{
    pd_diff *d = make();
    pd_diff_summary s;
    pd_diff_summarize(&s, d);
    cr_assert_eq(s.added + s.removed + s.modified + s.moved, d->nchanges);
    cr_assert_eq(s.substantive + s.cosmetic, d->nchanges);
    cr_assert_geq(s.cosmetic, 1, "'cookies.' -> 'cookies!' is cosmetic");
    cr_assert_geq(s.worst, PD_SEV_LOW);
    cr_assert_eq(pd_format_from_name("md"), PD_FORMAT_MARKDOWN);
    cr_assert_eq(pd_format_from_name("xml"), -1);
    pd_diff_free(d);
}

/* A clause modified and moved out of the text before the first heading: the
 * text says where it was, as the Markdown ("(top) → ...") and JSON do. */
Test(report, text_names_the_old_section_of_a_clause_from_the_top)
{
    static const char a[] = "We keep your logs for 30 days after you close the account.\n\n"
                            "# P\n\n## Sharing\n\nWe share data with partners.\n\n"
                            "## Retention\n\nBackups are deleted after a year.\n";
    static const char b[] = "# P\n\n## Sharing\n\nWe share data with partners.\n\n"
                            "## Retention\n\nBackups are deleted after a year.\n\n"
                            "We keep your logs for 90 days after you close the account.\n";
    pd_diff *d = NULL;
    pd_report_options o;
    pd_buf t = PD_BUF_INIT, m = PD_BUF_INIT;
    opts(&o);
    cr_assert_eq(pd_diff_texts(&d, a, strlen(a), b, strlen(b), NULL), 0);
    cr_assert_eq(d->nchanges, 1);
    cr_assert_eq(d->changes[0].op, PD_OP_MODIFIED);
    cr_assert_str_eq(d->changes[0].old_section, "");
    cr_assert_eq(pd_report_text(&t, d, &o), 0);
    cr_assert_not_null(strstr(t.ptr, "\nmodified in (top) -> P > Retention ["), "%s", t.ptr);
    cr_assert_eq(pd_report_markdown(&m, d, &o), 0);
    cr_assert_not_null(strstr(m.ptr, "#### modified: (top) → P \\> Retention\n"), "%s", m.ptr);
    pd_buf_dispose(&t);
    pd_buf_dispose(&m);
    pd_diff_free(d);
}

/* An added clause has no old section to show, at the top or not. */
Test(report, text_shows_one_section_for_added_and_unmoved_changes)
{
    pd_diff *d = make();
    pd_report_options o;
    pd_buf t = PD_BUF_INIT;
    opts(&o);
    cr_assert_eq(pd_report_text(&t, d, &o), 0);
    cr_assert_null(strstr(t.ptr, " -> Policy"), "%s", t.ptr);
    cr_assert_null(strstr(t.ptr, "(top)"), "%s", t.ptr);
    cr_assert_not_null(strstr(t.ptr, "\nadded in Policy > Cookies ["), "%s", t.ptr);
    pd_buf_dispose(&t);
    pd_diff_free(d);
}

/* A drain collecting what it is handed, and how often. */
typedef struct {
    pd_buf got;
    int calls;
    int fail_at; /* the call that fails (0: none) */
} drained;

static int collect(pd_buf *out, void *payload)
{
    drained *dr = payload;
    if (++dr->calls == dr->fail_at)
        return PD_EIO;
    pd_buf_put(&dr->got, out->ptr, out->len);
    pd_buf_clear(out);
    return 0;
}

/* With a drain, text and JSON are handed out as they are made, in pieces
 * of at least PD_REPORT_DRAIN_AT bytes, and what arrives is the report
 * byte for byte; a drain that fails stops the report with its error. */
Test(report, a_drained_report_is_the_same_report_in_pieces)
{
    pd_buf x = PD_BUF_INIT, y = PD_BUF_INIT;
    pd_diff *d = NULL;
    for (int i = 0; i < 3000; i++) {
        pd_buf_printf(&x, "## Part %d\n\nWe keep record %d for %d days.\n\n", i, i, i % 90 + 1);
        pd_buf_printf(&y, "## Part %d\n\nWe keep record %d for %d days.\n\n", i, i, i % 90 + 2);
    }
    cr_assert_eq(pd_diff_texts(&d, x.ptr, x.len, y.ptr, y.len, NULL), 0);
    for (int fmt = PD_FORMAT_TEXT; fmt <= PD_FORMAT_JSON; fmt++) {
        pd_report_options o = PD_REPORT_OPTIONS_INIT;
        pd_buf whole = PD_BUF_INIT, rest = PD_BUF_INIT;
        drained dr = {.got = PD_BUF_INIT, .calls = 0, .fail_at = 0};
        cr_assert_eq(pd_report_render(&whole, fmt, d, &o), 0);
        cr_assert_gt(whole.len, 4 * PD_REPORT_DRAIN_AT);
        o.drain = collect;
        o.drain_payload = &dr;
        cr_assert_eq(pd_report_render(&rest, fmt, d, &o), 0);
        cr_assert_geq(dr.calls, 3, "handed out %d times", dr.calls);
        cr_assert_leq(rest.len, PD_REPORT_DRAIN_AT + 4096, "the rest stays small");
        pd_buf_put(&dr.got, rest.ptr, rest.len);
        cr_assert_eq(dr.got.len, whole.len);
        cr_assert(!memcmp(dr.got.ptr, whole.ptr, whole.len));
        pd_buf_clear(&rest);
        pd_buf_clear(&dr.got);
        dr.calls = 0;
        dr.fail_at = 2;
        cr_assert_eq(pd_report_render(&rest, fmt, d, &o), PD_EIO);
        cr_assert_eq(dr.calls, 2, "nothing more after the failure");
        pd_buf_dispose(&whole);
        pd_buf_dispose(&rest);
        pd_buf_dispose(&dr.got);
    }
    pd_diff_free(d);
    pd_buf_dispose(&x);
    pd_buf_dispose(&y);
}
