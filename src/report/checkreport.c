/* checkreport.c - the report of one policydiff check run; see checkreport.h. */
#include "report/checkreport.h"
#include "report/report_internal.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/timeutil.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t checked, changed, first, unchanged, not_modified, failed, suspicious;
    pd_severity worst;
} run_summary;

int pd_check_format_from_name(const char *name)
{
    if (!name)
        return -1;
    if (!strcmp(name, "text"))
        return PD_CHECK_TEXT;
    if (!strcmp(name, "markdown") || !strcmp(name, "md"))
        return PD_CHECK_MARKDOWN;
    if (!strcmp(name, "json"))
        return PD_CHECK_JSON;
    if (!strcmp(name, "github"))
        return PD_CHECK_GITHUB;
    return -1;
}

int pd_check_entry_changed(const pd_check_entry *e)
{
    return e->diff && e->status && !strcmp(e->status, "changed");
}

static int is(const pd_check_entry *e, const char *status)
{
    return e->status && !strcmp(e->status, status);
}

static int is_problem(const pd_check_entry *e)
{
    return is(e, "failed") || is(e, "suspicious");
}

static void summarize(run_summary *s, const pd_check_entry *e, size_t n)
{
    memset(s, 0, sizeof(*s));
    s->checked = n;
    for (size_t i = 0; i < n; i++) {
        if (pd_check_entry_changed(&e[i])) {
            pd_diff_summary ds;
            s->changed++;
            pd_diff_summarize(&ds, e[i].diff);
            if (ds.substantive && ds.worst > s->worst)
                s->worst = ds.worst;
        } else if (is(&e[i], "first"))
            s->first++;
        else if (is(&e[i], "not-modified"))
            s->not_modified++;
        else if (is(&e[i], "failed"))
            s->failed++;
        else if (is(&e[i], "suspicious"))
            s->suspicious++;
        else
            s->unchanged++;
    }
}

static void summary_line(pd_buf *b, const run_summary *s)
{
    pd_buf_printf(b, "%zu checked: %zu changed", s->checked, s->changed);
    if (s->first)
        pd_buf_printf(b, ", %zu first version%s", s->first, s->first == 1 ? "" : "s");
    pd_buf_printf(b, ", %zu unchanged", s->unchanged + s->not_modified);
    if (s->failed)
        pd_buf_printf(b, ", %zu failed", s->failed);
    if (s->suspicious)
        pd_buf_printf(b, ", %zu suspicious", s->suspicious);
}

static const char *problem_text(const pd_check_entry *e)
{
    return is(e, "failed") ? "fetch failed" : "suspicious page not recorded";
}

/* The worst severity of a changed entry's substantive changes; none when
 * cosmetic only. */
static pd_severity entry_worst(const pd_check_entry *e, int *substantive)
{
    pd_diff_summary ds;
    pd_diff_summarize(&ds, e->diff);
    *substantive = ds.substantive > 0;
    return ds.substantive ? ds.worst : PD_SEV_NONE;
}

static pd_report_options side_options(const pd_check_entry *e, const pd_check_report_options *o)
{
    pd_report_options ro = PD_REPORT_OPTIONS_INIT;
    ro.old_side = e->old_side;
    ro.new_side = e->new_side;
    if (!ro.old_side.label)
        ro.old_side.label = "old";
    if (!ro.new_side.label)
        ro.new_side.label = "new";
    ro.color = o->color;
    ro.show_cosmetic = o->show_cosmetic;
    return ro;
}

/* ---- text ---- */

static int render_text(pd_buf *out, const pd_check_entry *e, size_t n,
                       const pd_check_report_options *o, int color)
{
    run_summary s;
    char when[32];
    int rc;

    summarize(&s, e, n);
    pd_time_format_iso(when, sizeof(when), o->run_at);
    pd_buf_printf(out, "policydiff check at %s: ", when);
    summary_line(out, &s);
    pd_buf_puts(out, "\n");
    for (size_t i = 0; i < n; i++) {
        pd_report_options ro;
        if (!pd_check_entry_changed(&e[i]))
            continue;
        ro = side_options(&e[i], o);
        ro.color = color;
        pd_buf_printf(out, "\n== %s <%s>\n", e[i].name, e[i].url ? e[i].url : "");
        if (e[i].wayback_ts)
            pd_buf_printf(out,
                          "(from the Wayback Machine, capture %s: the live page was not "
                          "used: %s)\n",
                          e[i].wayback_ts, e[i].reason ? e[i].reason : "");
        else if (e[i].reason && *e[i].reason)
            pd_buf_printf(out, "(recorded with --force despite: %s)\n", e[i].reason);
        if ((rc = pd_report_text(out, e[i].diff, &ro)))
            return rc;
    }
    for (size_t i = 0; i < n; i++) {
        if (is(&e[i], "first"))
            pd_buf_printf(out, "\n== %s <%s>: first version recorded\n", e[i].name,
                          e[i].url ? e[i].url : "");
    }
    for (size_t i = 0; i < n; i++) {
        if (is_problem(&e[i]))
            pd_buf_printf(out, "\n!! %s <%s>: %s: %s\n", e[i].name, e[i].url ? e[i].url : "",
                          problem_text(&e[i]), e[i].reason ? e[i].reason : "");
    }
    if (o->verbose) {
        int first = 1;
        for (size_t i = 0; i < n; i++) {
            if (!is(&e[i], "unchanged") && !is(&e[i], "not-modified"))
                continue;
            pd_buf_printf(out, "%s%s: %s\n", first ? "\n" : "", e[i].name,
                          is(&e[i], "unchanged") ? "unchanged" : "unchanged (304 not modified)");
            first = 0;
        }
    }
    return pd_buf_error(out);
}

/* ---- markdown ---- */

/* One line of Markdown text: line breaks as spaces, the rest escaped. */
static void md_plain(pd_buf *b, const char *s)
{
    size_t n;
    while (s && *s) {
        n = strcspn(s, "\r\n");
        pd_report_md_escape(b, s, n, 0);
        s += n;
        if (*s) {
            pd_buf_putc(b, ' ');
            s++;
        }
    }
}

/* Why a changed policy's version is what it is: forced past the guard, or
 * a Wayback capture in place of the live page (markdown). */
static void md_note(pd_buf *out, const pd_check_entry *e)
{
    if (e->wayback_ts) {
        pd_buf_printf(out, "_From the Wayback Machine, capture %s: the live page was not used: ",
                      e->wayback_ts);
        md_plain(out, e->reason ? e->reason : "");
        pd_buf_puts(out, "_\n\n");
    } else if (e->reason && *e->reason) {
        pd_buf_puts(out, "_Recorded with --force despite: ");
        md_plain(out, e->reason);
        pd_buf_puts(out, "_\n\n");
    }
}

static int render_markdown(pd_buf *out, const pd_check_entry *e, size_t n,
                           const pd_check_report_options *o)
{
    run_summary s;
    char when[32];
    size_t problems = 0;
    int rc;

    summarize(&s, e, n);
    pd_time_format_iso(when, sizeof(when), o->run_at);
    if (s.changed)
        pd_buf_printf(out, "# policydiff: %zu polic%s changed\n\n", s.changed,
                      s.changed == 1 ? "y" : "ies");
    else
        pd_buf_puts(out, "# policydiff: no policy changed\n\n");
    pd_buf_printf(out, "Checked at %s · ", when);
    summary_line(out, &s);
    pd_buf_printf(out, "; worst severity **%s**\n", pd_severity_name(s.worst));
    for (size_t i = 0; i < n; i++) {
        pd_report_options ro;
        if (!pd_check_entry_changed(&e[i]))
            continue;
        ro = side_options(&e[i], o);
        ro.color = 0;
        pd_buf_puts(out, "\n## ");
        md_plain(out, e[i].name);
        pd_buf_puts(out, "\n\n");
        if (e[i].url && *e[i].url) {
            /* an autolink holds no blank, '<' or '>'; anything else is text */
            if (!e[i].url[strcspn(e[i].url, " \t\r\n<>")])
                pd_buf_printf(out, "<%s>\n\n", e[i].url);
            else {
                md_plain(out, e[i].url);
                pd_buf_puts(out, "\n\n");
            }
        }
        md_note(out, &e[i]);
        if ((rc = pd_report_markdown(out, e[i].diff, &ro)))
            return rc;
    }
    for (size_t i = 0; i < n; i++) {
        if (!is(&e[i], "first"))
            continue;
        if (!problems++)
            pd_buf_puts(out, "\n## First versions\n\n");
        pd_buf_puts(out, "- **");
        md_plain(out, e[i].name);
        pd_buf_puts(out, "**: first version recorded\n");
    }
    problems = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_problem(&e[i]))
            continue;
        if (!problems++)
            pd_buf_puts(out, "\n## Not checked\n\n");
        pd_buf_puts(out, "- **");
        md_plain(out, e[i].name);
        pd_buf_printf(out, "**: %s: ", problem_text(&e[i]));
        md_plain(out, e[i].reason);
        pd_buf_puts(out, "\n");
    }
    if (o->verbose) {
        problems = 0;
        for (size_t i = 0; i < n; i++) {
            if (!is(&e[i], "unchanged") && !is(&e[i], "not-modified"))
                continue;
            if (!problems++)
                pd_buf_puts(out, "\n## Unchanged\n\n");
            pd_buf_puts(out, "- ");
            md_plain(out, e[i].name);
            pd_buf_puts(out, "\n");
        }
    }
    return pd_buf_error(out);
}

/* ---- GitHub workflow commands ---- */

/* s with '%', CR and LF percent-encoded, and ':' and ',' too when
 * property is set. */
static void github_escape(pd_buf *out, const char *s, int property)
{
    for (; s && *s; s++) {
        if (*s == '%' || *s == '\r' || *s == '\n' || (property && (*s == ':' || *s == ',')))
            pd_buf_printf(out, "%%%02X", (unsigned char)*s);
        else
            pd_buf_putc(out, *s);
    }
}

void pd_github_escape_data(pd_buf *out, const char *s)
{
    github_escape(out, s, 0);
}

void pd_github_escape_property(pd_buf *out, const char *s)
{
    github_escape(out, s, 1);
}

static void gh_command(pd_buf *out, const char *cmd, const char *name, const char *what,
                       const char *msg)
{
    pd_buf title = PD_BUF_INIT;
    pd_buf_printf(&title, "%s %s", name, what);
    pd_buf_printf(out, "::%s title=", cmd);
    pd_github_escape_property(out, pd_buf_cstr(&title));
    pd_buf_puts(out, "::");
    pd_github_escape_data(out, msg);
    pd_buf_puts(out, "\n");
    if (pd_buf_error(&title))
        out->oom = 1;
    pd_buf_dispose(&title);
}

static int render_github(pd_buf *out, const pd_check_entry *e, size_t n,
                         const pd_check_report_options *o)
{
    pd_buf head = PD_BUF_INIT, body = PD_BUF_INIT;
    run_summary s;
    int rc = 0;

    summarize(&s, e, n);
    for (size_t i = 0; i < n && !rc; i++) {
        pd_report_options ro;
        char hex[65], token[24];
        int substantive;
        pd_severity worst;

        if (!pd_check_entry_changed(&e[i]))
            continue;
        pd_buf_clear(&head);
        pd_buf_clear(&body);
        if ((rc = pd_diff_headline(&head, e[i].diff)))
            break;
        worst = entry_worst(&e[i], &substantive);
        gh_command(out,
                   worst == PD_SEV_HIGH ? "error"
                   : substantive        ? "warning"
                                        : "notice",
                   e[i].name, substantive ? "changed" : "changed (cosmetic only)",
                   pd_buf_cstr(&head));
        ro = side_options(&e[i], o);
        ro.color = 0;
        if ((rc = pd_report_text(&body, e[i].diff, &ro)))
            break;
        /* the policy's own words must not be read as workflow commands: a
         * stop token derived from the text it guards cannot occur in it */
        pd_sha256_hex(hex, pd_buf_cstr(&body), body.len);
        snprintf(token, sizeof(token), "pd-%.16s", hex);
        pd_buf_puts(out, "::group::");
        pd_github_escape_data(out, e[i].name);
        pd_buf_puts(out, ": clause changes\n");
        pd_buf_printf(out, "::stop-commands::%s\n", token);
        pd_buf_put(out, body.ptr ? body.ptr : "", body.len);
        pd_buf_printf(out, "::%s::\n::endgroup::\n", token);
    }
    for (size_t i = 0; i < n && !rc; i++) {
        if (is(&e[i], "first"))
            gh_command(out, "notice", e[i].name, "first version", "first version recorded");
        else if (is_problem(&e[i]))
            gh_command(out, "warning", e[i].name, "not checked", e[i].reason ? e[i].reason : "");
        else if (o->verbose && (is(&e[i], "unchanged") || is(&e[i], "not-modified")))
            pd_buf_printf(out, "%s: unchanged\n", e[i].name);
    }
    if (!rc) {
        pd_buf_puts(out, "policydiff check: ");
        summary_line(out, &s);
        pd_buf_printf(out, "; worst severity %s\n", pd_severity_name(s.worst));
        rc = pd_buf_error(out);
    }
    pd_buf_dispose(&head);
    pd_buf_dispose(&body);
    return rc;
}

/* ---- JSON ---- */

static json_t *jstr(const char *s)
{
    /* reasons come from error messages cut to a buffer: they may end in a
     * broken character, which would make the whole document invalid */
    return pd_report_json_str(s ? s : "");
}

static int entry_json(json_t **out, const pd_check_entry *e, const pd_check_report_options *o)
{
    json_t *p = json_object(), *diff = NULL;
    pd_buf head = PD_BUF_INIT, dj = PD_BUF_INIT;
    int rc = 0;

    *out = NULL;
    if (!p)
        return PD_ENOMEM;
    json_object_set_new(p, "name", jstr(e->name));
    json_object_set_new(p, "url", jstr(e->url));
    json_object_set_new(p, "status", jstr(e->status));
    if (e->reason && *e->reason)
        json_object_set_new(p, "reason", jstr(e->reason));
    if (e->wayback_ts) {
        json_object_set_new(p, "via", json_string("wayback"));
        json_object_set_new(p, "wayback_timestamp", jstr(e->wayback_ts));
    }
    if (pd_check_entry_changed(e)) {
        pd_report_options ro = side_options(e, o);
        int substantive;
        pd_severity worst = entry_worst(e, &substantive);
        ro.color = 0;
        if ((rc = pd_diff_headline(&head, e->diff)) || (rc = pd_report_json(&dj, e->diff, &ro)))
            goto out;
        json_object_set_new(p, "headline", jstr(pd_buf_cstr(&head)));
        json_object_set_new(p, "worst_severity", json_string(pd_severity_name(worst)));
        json_object_set_new(p, "old", pd_report_side_json(&ro.old_side));
        json_object_set_new(p, "new", pd_report_side_json(&ro.new_side));
        if (!(diff = json_loadb(pd_buf_cstr(&dj), dj.len, 0, NULL))) {
            rc = PD_ENOMEM;
            goto out;
        }
        json_object_set_new(p, "diff", diff);
    } else if (is(e, "first") && e->new_side.label) {
        json_object_set_new(p, "new", pd_report_side_json(&e->new_side));
    }
    *out = p;
    p = NULL;
out:
    json_decref(p);
    pd_buf_dispose(&head);
    pd_buf_dispose(&dj);
    return rc;
}

static int render_json(pd_buf *out, const pd_check_entry *e, size_t n,
                       const pd_check_report_options *o)
{
    json_t *root = json_object(), *sum = json_object(), *pols = json_array();
    run_summary s;
    char when[32];
    int rc = 0;

    if (!root || !sum || !pols) {
        rc = PD_ENOMEM;
        goto out;
    }
    summarize(&s, e, n);
    pd_time_format_iso(when, sizeof(when), o->run_at);
    json_object_set_new(root, "schema", json_string("policydiff/check-1"));
    json_object_set_new(root, "run_at", json_string(when));
    json_object_set_new(sum, "checked", json_integer((json_int_t)s.checked));
    json_object_set_new(sum, "changed", json_integer((json_int_t)s.changed));
    json_object_set_new(sum, "first", json_integer((json_int_t)s.first));
    json_object_set_new(sum, "unchanged", json_integer((json_int_t)s.unchanged));
    json_object_set_new(sum, "not_modified", json_integer((json_int_t)s.not_modified));
    json_object_set_new(sum, "failed", json_integer((json_int_t)s.failed));
    json_object_set_new(sum, "suspicious", json_integer((json_int_t)s.suspicious));
    json_object_set_new(sum, "worst_severity", json_string(pd_severity_name(s.worst)));
    json_object_set_new(root, "summary", sum);
    sum = NULL;
    for (size_t i = 0; i < n; i++) {
        json_t *p;
        if ((rc = entry_json(&p, &e[i], o)))
            goto out;
        if (json_array_append_new(pols, p)) {
            rc = PD_ENOMEM;
            goto out;
        }
    }
    json_object_set_new(root, "policies", pols);
    pols = NULL;
    if (o->error) {
        json_t *err = json_object();
        if (!err) {
            rc = PD_ENOMEM;
            goto out;
        }
        json_object_set_new(err, "exit", json_integer(o->error_exit));
        json_object_set_new(err, "message", json_string(o->error));
        json_object_set_new(root, "error", err);
    }
    rc = pd_report_put_json(out, root);
out:
    json_decref(root);
    json_decref(sum);
    json_decref(pols);
    return rc;
}

int pd_check_report(pd_buf *out, pd_check_format fmt, const pd_check_entry *e, size_t n,
                    const pd_check_report_options *o)
{
    pd_check_report_options defaults = PD_CHECK_REPORT_OPTIONS_INIT;
    int rc;

    if (!o)
        o = &defaults;
    switch (fmt) {
    case PD_CHECK_TEXT:
        rc = render_text(out, e, n, o, o->color);
        break;
    case PD_CHECK_MARKDOWN:
        rc = render_markdown(out, e, n, o);
        break;
    case PD_CHECK_JSON:
        rc = render_json(out, e, n, o);
        break;
    case PD_CHECK_GITHUB:
        rc = render_github(out, e, n, o);
        break;
    default:
        return pd_error_set(PD_EINVALID, "unknown report format");
    }
    if (rc == PD_ENOMEM)
        return pd_error_set(rc, "out of memory while writing the check report");
    return rc;
}
