/* The static site of a store (site.h): version pages from clause diffs,
 * policy pages with an SVG timeline, category pages, two indexes. */
#define _XOPEN_SOURCE 700
#include "report/site.h"

#include "classify/diff.h"
#include "report/report.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bump when the HTML of version pages changes: older pages are rewritten. */
#define SITE_FORMAT 1
#define MANIFEST_MAX ((size_t)1 << 30)
#define MAX_JOBS 8
#define SECTIONS_SHOWN 3

typedef struct {
    unsigned bit;
    pd_severity sev;
    size_t n;
    size_t first;   /* number of its first change on the version page (anchor #cN) */
    char *sections; /* the first few section paths, joined */
    char *row;      /* its row on the category's pages (made with the summary) */
    size_t rowlen;
} site_cat;

typedef struct {
    pd_version *v; /* borrowed from the log */
    long parent;   /* previous version of the same policy (index into vers), or -1 */
    size_t pol;
    int in_range; /* captured at or after opts->since: has a page */
    int write;    /* its page is (re)written this run */
    char *page;   /* "p/<dir>/<stamp>-<commit7>.html" */
    int first;    /* first version of its policy: no diff */
    char *headline;
    pd_severity worst;
    size_t substantive, cosmetic, clauses;
    site_cat *cats;
    size_t ncats;
} site_ver;

/* A policy.  Only a policy that changed since the last run (its tip, its
 * URL, or everything with --full) has its versions read (log, ord); the
 * others are known by the summary the manifest kept for them. */
typedef struct {
    const char *name; /* borrowed (names or policy list) */
    char *dir;
    const char *url; /* borrowed; "" when unknown */
    size_t *ord;     /* its versions, oldest first, all of them (indices into vers) */
    size_t nord;
    size_t nsite;     /* how many of them are in range */
    int64_t cap_last; /* last raw capture kept, changed or not (INT64_MIN: none) */
    char tip[41];     /* tip of its versions chain ("" when none) */
    int changed;
    pd_version *log; /* its versions when changed */
    size_t nlog;
    json_t *old;      /* its entry in the last manifest (borrowed), or NULL */
    json_t *oldfile;  /* its own manifest of the last run (owned), or NULL */
    json_t *oldpages; /* the pages listed there (borrowed from oldfile) */
    /* the summary the index pages need */
    int64_t first_at; /* first version in range (INT64_MIN: none) */
    int has_last;     /* last version in range: */
    int64_t last_at;
    const char *last_page, *last_headline; /* borrowed */
    int last_first;
    pd_severity last_worst;
    const char *source;           /* the newest version's source, "" (borrowed) */
    size_t cat_n[PD_CAT_COUNT];   /* rows on each category's pages */
    uint64_t cat_h[PD_CAT_COUNT]; /* and a hash of them */
} site_pol;

typedef struct {
    pd_store *store;
    const char *dir;
    const pd_site_options *opts;
    site_ver *vers;
    size_t nvers;
    site_pol *pols;
    size_t npols;
    int full; /* every page is made and written */
    /* work queue of the diff threads */
    pthread_mutex_t mu;
    size_t next;
    int rc;
    char err[1024];
} site_ctx;

/* ---- small helpers ---- */

static void esc(pd_buf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep;
        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        pd_buf_put(b, run, (size_t)(s - run));
        pd_buf_puts(b, rep);
        run = s + 1;
    }
    pd_buf_put(b, run, (size_t)(s - run));
}

/* Only http(s) sources become links; file paths and anything else stay text. */
static int is_web_url(const char *u)
{
    return u && (!strncmp(u, "https://", 8) || !strncmp(u, "http://", 7));
}

static void date_only(char out[11], int64_t t)
{
    char iso[32];
    pd_time_format_iso(iso, sizeof(iso), t);
    memcpy(out, iso, 10);
    out[10] = 0;
}

/* "2019-01-15 10:00 UTC" */
static void date_time(char out[24], int64_t t)
{
    char iso[32];
    pd_time_format_iso(iso, sizeof(iso), t);
    snprintf(out, 24, "%.10s %.5s UTC", iso, iso + 11);
}

char *pd_site_policy_dir(const char *name)
{
    size_t n = strlen(name);
    char *out = malloc(n + 3), *o = out;
    if (!out)
        return NULL;
    if (name[0] == '.')
        *o++ = '~';
    for (const char *p = name; *p; p++)
        *o++ = *p == '/' ? '~' : *p;
    *o = 0;
    return out;
}

static const char *sev_icon(pd_severity s)
{
    static const char *icons[] = {"\xe2\x97\x8b", "\xe2\x97\x8f", "\xe2\x97\x86", "\xe2\x96\xb2"};
    return icons[s <= PD_SEV_HIGH ? s : 0];
}

static void sev_badge(pd_buf *b, pd_severity s, const char *label)
{
    pd_buf_printf(b, "<span class=\"sev sev-%s\"><span aria-hidden=\"true\">%s</span> %s</span>",
                  pd_severity_name(s), sev_icon(s), label ? label : pd_severity_name(s));
}

static void ver_badge(pd_buf *b, const site_ver *v)
{
    if (v->first)
        pd_buf_puts(b, "<span class=\"sev sev-first\"><span aria-hidden=\"true\">"
                       "\xe2\x97\x87</span> first</span>");
    else
        sev_badge(b, v->worst, NULL);
}

static const char *op_label(pd_op op)
{
    switch (op) {
    case PD_OP_ADDED:
        return "added";
    case PD_OP_REMOVED:
        return "removed";
    case PD_OP_MODIFIED:
        return "modified";
    default:
        return "moved";
    }
}

static void path_text(pd_buf *b, const char *section)
{
    esc(b, section && *section ? section : "(no section heading)");
}

/* Writes data to root/rel through a temporary file (no fsync: the
 * manifest, written last and synced, is what a later run trusts).  With
 * if_changed, an identical file is left alone and *written stays 0. */
static int put_file(const char *root, const char *rel, const pd_buf *data, int if_changed,
                    int *written)
{
    pd_buf path = PD_BUF_INIT, tmp = PD_BUF_INIT, old = PD_BUF_INIT;
    const char *p;
    size_t len = data->len;
    int fd = -1, rc = 0, direct = 0;

    if (written)
        *written = 0;
    pd_buf_printf(&path, "%s/%s", root, rel);
    pd_buf_printf(&tmp, "%s/%s.tmp.%ld", root, rel, (long)getpid());
    if ((rc = pd_buf_error(&path)) || (rc = pd_buf_error(&tmp)))
        goto out;
    if (if_changed && pd_buf_read_file(&old, pd_buf_cstr(&path), data->len + 1) == 0 &&
        old.len == data->len && !memcmp(old.ptr, data->ptr, data->len))
        goto out;
    /* A page that is not there yet is written in place: should the run
     * stop half-way, the manifest does not list it and the next run writes
     * it again.  An existing page is replaced through a temporary file. */
    if (!if_changed &&
        (fd = open(pd_buf_cstr(&path), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) >= 0)
        direct = 1;
    else
        fd = open(pd_buf_cstr(&tmp), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        rc = pd_error_set(PD_EIO, "cannot create %s: %s", pd_buf_cstr(&tmp), strerror(errno));
        goto out;
    }
    for (p = data->ptr; len;) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = pd_error_set(PD_EIO, "cannot write %s: %s", pd_buf_cstr(direct ? &path : &tmp),
                              strerror(errno));
            goto out;
        }
        p += n;
        len -= (size_t)n;
    }
    if (close(fd) != 0) {
        fd = -1;
        rc = pd_error_set(PD_EIO, "cannot write %s: %s", pd_buf_cstr(direct ? &path : &tmp),
                          strerror(errno));
        goto out;
    }
    fd = -1;
    if (!direct && rename(pd_buf_cstr(&tmp), pd_buf_cstr(&path)) != 0) {
        rc = pd_error_set(PD_EIO, "cannot rename %s: %s", pd_buf_cstr(&tmp), strerror(errno));
        goto out;
    }
    if (written)
        *written = 1;
out:
    if (fd >= 0)
        close(fd);
    if (rc)
        unlink(pd_buf_cstr(direct ? &path : &tmp));
    pd_buf_dispose(&path);
    pd_buf_dispose(&tmp);
    pd_buf_dispose(&old);
    return rc;
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST)
        return 0;
    return pd_error_set(PD_EIO, "cannot create directory %s: %s", path, strerror(errno));
}

/* ---- page frame ---- */

static void page_head(pd_buf *b, const char *title, const char *root)
{
    pd_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"generator\" content=\"policydiff\">\n<title>");
    esc(b, title);
    pd_buf_printf(b,
                  " \xc2\xb7 policydiff</title>\n<link rel=\"stylesheet\" href=\"%sstyle.css\">\n"
                  "</head>\n<body>\n<header class=\"site\"><nav aria-label=\"site\">"
                  "<a class=\"brand\" href=\"%sindex.html\">policydiff</a> "
                  "<a href=\"%sindex.html\">Policies</a> "
                  "<a href=\"%sc/index.html\">Categories</a></nav></header>\n<main>\n",
                  root, root, root, root);
}

static void page_foot(pd_buf *b)
{
    pd_buf_puts(b, "</main>\n<footer class=\"site\">Generated by policydiff from its store of "
                   "captured policy versions. Severity is shown by shape and word as well as "
                   "colour: \xe2\x96\xb2 high, \xe2\x97\x86 medium, \xe2\x97\x8f low, "
                   "\xe2\x97\x8b none, \xe2\x97\x87 first version.</footer>\n</body>\n</html>\n");
}

/* ---- version pages ---- */

static void words_side(pd_buf *b, const pd_change *ch, int old_side)
{
    for (size_t w = 0; w < ch->nwords; w++) {
        const pd_word_op *op = &ch->words[w];
        if (op->op == PD_WORD_EQUAL) {
            esc(b, op->text);
        } else if (op->op == PD_WORD_DELETE && old_side) {
            pd_buf_puts(b, "<del>");
            esc(b, op->text);
            pd_buf_puts(b, "</del>");
        } else if (op->op == PD_WORD_INSERT && !old_side) {
            pd_buf_puts(b, "<ins>");
            esc(b, op->text);
            pd_buf_puts(b, "</ins>");
        }
    }
}

static void change_html(pd_buf *b, const pd_change *ch, size_t num)
{
    pd_severity sev = pd_change_severity(ch);
    int renamed = ch->op == PD_OP_MOVED || (ch->op == PD_OP_MODIFIED && ch->old_section[0] &&
                                            strcmp(ch->old_section, ch->section));

    pd_buf_printf(b, "<li class=\"change op-%s lvl-%s\" id=\"c%zu\">\n<div class=\"chead\">",
                  op_label(ch->op), ch->cosmetic ? "none" : pd_severity_name(sev), num);
    pd_buf_printf(b, "<span class=\"op\">%s%s</span> <span class=\"path\">", op_label(ch->op),
                  ch->is_heading ? " heading" : "");
    if (renamed) {
        path_text(b, ch->old_section);
        pd_buf_puts(b, " <span aria-label=\"to\">\xe2\x86\x92</span> ");
    }
    path_text(b, ch->section);
    pd_buf_puts(b, "</span>");
    pd_buf_printf(b,
                  " <a class=\"anchor\" href=\"#c%zu\" aria-label=\"link to change %zu\">#%zu</a>",
                  num, num, num);
    pd_buf_puts(b, "</div>\n<div class=\"badges\">");
    if (ch->cosmetic) {
        pd_buf_puts(b, "<span class=\"sev sev-none\"><span aria-hidden=\"true\">\xe2\x97\x8b"
                       "</span> cosmetic</span>");
    } else {
        sev_badge(b, sev, NULL);
        for (unsigned i = 0; i < PD_CAT_COUNT; i++) {
            unsigned bit = 1u << i;
            if (ch->flags.categories & bit)
                pd_buf_printf(b, " <a class=\"cat\" href=\"../../c/%s.html\">%s</a>",
                              pd_category_name(bit), pd_category_name(bit));
        }
        switch (ch->flags.impact) {
        case PD_IMPACT_WORSE:
            pd_buf_puts(b, " <span class=\"imp imp-worse\"><span aria-hidden=\"true\">"
                           "\xe2\x96\xbc</span> worse for users</span>");
            break;
        case PD_IMPACT_BETTER:
            pd_buf_puts(b, " <span class=\"imp imp-better\"><span aria-hidden=\"true\">"
                           "\xe2\x96\xb3</span> better for users</span>");
            break;
        case PD_IMPACT_UNCLEAR:
            pd_buf_puts(b, " <span class=\"imp imp-unclear\">? impact unclear</span>");
            break;
        default:
            break;
        }
    }
    pd_buf_puts(b, "</div>\n");
    if (ch->flags.nreasons) {
        pd_buf_puts(b, "<ul class=\"reasons\">");
        for (size_t r = 0; r < ch->flags.nreasons; r++) {
            pd_buf_puts(b, "<li>");
            esc(b, ch->flags.reasons[r]);
            pd_buf_puts(b, "</li>");
        }
        pd_buf_puts(b, "</ul>\n");
    }
    pd_buf_puts(b, "<div class=\"sides\">\n<div class=\"side old\"><div class=\"lbl\">Before</div>"
                   "<div class=\"txt\">");
    if (ch->op == PD_OP_ADDED)
        pd_buf_puts(b, "<span class=\"absent\">(not in the previous version)</span>");
    else if (ch->op == PD_OP_MODIFIED && ch->nwords)
        words_side(b, ch, 1);
    else
        esc(b, ch->old_text);
    pd_buf_puts(b, "</div></div>\n<div class=\"side new\"><div class=\"lbl\">After</div>"
                   "<div class=\"txt\">");
    if (ch->op == PD_OP_REMOVED)
        pd_buf_puts(b, "<span class=\"absent\">(removed in this version)</span>");
    else if (ch->op == PD_OP_MODIFIED && ch->nwords)
        words_side(b, ch, 0);
    else
        esc(b, ch->new_text);
    pd_buf_puts(b, "</div></div>\n</div>\n</li>\n");
}

static void first_version_html(pd_buf *b, const pd_diff *d)
{
    pd_buf_puts(b, "<ol class=\"clauses\">\n");
    for (size_t k = 0; k < d->nchanges; k++) {
        const pd_change *ch = &d->changes[k];
        pd_buf_printf(b, "<li id=\"c%zu\"><div class=\"path\">", k + 1);
        path_text(b, ch->section);
        pd_buf_puts(b, "</div><div class=\"txt\">");
        esc(b, ch->new_text);
        pd_buf_puts(b, "</div></li>\n");
    }
    pd_buf_puts(b, "</ol>\n");
}

static void meta_line(pd_buf *b, site_ctx *c, const site_ver *sv)
{
    char when[24];
    const pd_version *v = sv->v;
    date_time(when, v->captured_at);
    pd_buf_puts(b, "<dl class=\"meta\"><dt>Captured</dt><dd>");
    pd_buf_puts(b, when);
    if (v->via[0]) {
        pd_buf_puts(b, " (");
        esc(b, v->via);
        pd_buf_puts(b, ")");
    }
    pd_buf_puts(b, "</dd>");
    if (v->source[0]) {
        pd_buf_puts(b, "<dt>Source</dt><dd class=\"url\">");
        if (is_web_url(v->source)) {
            pd_buf_puts(b, "<a href=\"");
            esc(b, v->source);
            pd_buf_puts(b, "\" rel=\"nofollow noreferrer\">");
            esc(b, v->source);
            pd_buf_puts(b, "</a>");
        } else {
            esc(b, v->source);
        }
        pd_buf_puts(b, "</dd>");
    }
    if (sv->parent >= 0) {
        const site_ver *pv = &c->vers[sv->parent];
        char pw[24];
        date_time(pw, pv->v->captured_at);
        pd_buf_puts(b, "<dt>Compared with</dt><dd>");
        if (pv->in_range)
            pd_buf_printf(b, "<a href=\"%s\" rel=\"prev\">%s</a>", strrchr(pv->page, '/') + 1, pw);
        else
            pd_buf_puts(b, pw);
        pd_buf_puts(b, " (the previous version)</dd>");
    }
    pd_buf_printf(b, "<dt>Commit</dt><dd><code>%.12s</code></dd></dl>\n", v->commit);
}

/* Fills sv's summary fields from the diff (headline, worst, categories). */
static int summarize_version(site_ver *sv, const pd_diff *d)
{
    pd_diff_summary s;
    pd_buf head = PD_BUF_INIT;
    int rc;

    if (sv->first) {
        sv->clauses = d->new_clauses;
        sv->worst = PD_SEV_NONE;
        pd_buf_printf(&head, "first recorded version (%zu clause%s)", d->new_clauses,
                      d->new_clauses == 1 ? "" : "s");
        if ((rc = pd_buf_error(&head)))
            return rc;
        sv->headline = pd_buf_detach(&head);
        return 0;
    }
    pd_diff_summarize(&s, d);
    sv->worst = s.worst;
    sv->substantive = s.substantive;
    sv->cosmetic = s.cosmetic;
    sv->clauses = d->new_clauses;
    if ((rc = pd_diff_headline(&head, d)))
        return rc;
    sv->headline = pd_buf_detach(&head);
    if (!sv->headline)
        return pd_error_set(PD_ENOMEM, "out of memory");
    for (unsigned i = 0; i < PD_CAT_COUNT; i++) {
        unsigned bit = 1u << i;
        site_cat cat = {bit, PD_SEV_NONE, 0, 0, NULL, NULL, 0};
        pd_buf secs = PD_BUF_INIT;
        const char *shownv[SECTIONS_SHOWN];
        size_t nshown = 0, elsewhere = 0;
        for (size_t k = 0; k < d->nchanges; k++) {
            const pd_change *ch = &d->changes[k];
            pd_severity sev;
            if (ch->cosmetic || !(ch->flags.categories & bit))
                continue;
            sev = pd_change_severity(ch);
            if (!cat.n || sev > cat.sev)
                cat.sev = sev;
            if (!cat.n)
                cat.first = k + 1;
            cat.n++;
            /* the first few distinct section paths */
            const char *sec = ch->section[0] ? ch->section : "(no section heading)";
            size_t j;
            for (j = 0; j < nshown && strcmp(shownv[j], sec); j++)
                ;
            if (j < nshown)
                continue;
            if (nshown < SECTIONS_SHOWN) {
                if (nshown)
                    pd_buf_puts(&secs, " \xc2\xb7 ");
                pd_buf_puts(&secs, sec);
                shownv[nshown++] = sec;
            } else {
                elsewhere++;
            }
        }
        if (!cat.n)
            continue;
        if (elsewhere)
            pd_buf_printf(&secs, " \xc2\xb7 %zu more in other sections", elsewhere);
        if ((rc = pd_buf_error(&secs)) || !(cat.sections = pd_buf_detach(&secs))) {
            pd_buf_dispose(&secs);
            return rc ? rc : pd_error_set(PD_ENOMEM, "out of memory");
        }
        site_cat *nc = realloc(sv->cats, (sv->ncats + 1) * sizeof(*nc));
        if (!nc) {
            free(cat.sections);
            return pd_error_set(PD_ENOMEM, "out of memory");
        }
        sv->cats = nc;
        sv->cats[sv->ncats++] = cat;
    }
    return 0;
}

static int version_page(pd_buf *b, site_ctx *c, const site_ver *sv, const pd_diff *d)
{
    const site_pol *p = &c->pols[sv->pol];
    char when[24];
    pd_buf title = PD_BUF_INIT;
    size_t ncos = 0, nsub = 0;

    date_time(when, sv->v->captured_at);
    pd_buf_printf(&title, "%s, %.10s", p->name, when);
    page_head(b, pd_buf_cstr(&title), "../../");
    pd_buf_dispose(&title);
    pd_buf_puts(b, "<p class=\"crumbs\"><a href=\"../../index.html\">Policies</a> \xe2\x80\xba "
                   "<a href=\"index.html\">");
    esc(b, p->name);
    pd_buf_printf(b, "</a> \xe2\x80\xba %.10s</p>\n<h1>", when);
    esc(b, p->name);
    pd_buf_printf(b, " <span class=\"sub\">version of %.10s</span></h1>\n", when);
    meta_line(b, c, sv);
    pd_buf_puts(b, "<p class=\"headline\">");
    ver_badge(b, sv);
    pd_buf_puts(b, " ");
    esc(b, sv->headline);
    pd_buf_puts(b, "</p>\n");
    if (sv->first) {
        pd_buf_puts(b, "<p>This is the first version recorded for this policy; later versions "
                       "are compared with it. Its text, clause by clause:</p>\n");
        first_version_html(b, d);
        page_foot(b);
        return pd_buf_error(b);
    }
    if (sv->ncats) {
        pd_buf_puts(b, "<p class=\"cats\">Categories touched: ");
        for (size_t i = 0; i < sv->ncats; i++)
            pd_buf_printf(b, "%s<a class=\"cat\" href=\"../../c/%s.html\">%s</a> (%zu)",
                          i ? " " : "", pd_category_name(sv->cats[i].bit),
                          pd_category_name(sv->cats[i].bit), sv->cats[i].n);
        pd_buf_puts(b, "</p>\n");
    }
    for (size_t k = 0; k < d->nchanges; k++) {
        if (d->changes[k].cosmetic)
            ncos++;
        else
            nsub++;
    }
    if (!nsub)
        pd_buf_puts(b, "<p class=\"empty\">No substantive change: the text moved or changed "
                       "only in spacing, punctuation, case or spelling.</p>\n");
    else {
        pd_buf_printf(b, "<h2>%zu substantive change%s</h2>\n<ol class=\"changes\">\n", nsub,
                      nsub == 1 ? "" : "s");
        for (size_t k = 0; k < d->nchanges; k++)
            if (!d->changes[k].cosmetic)
                change_html(b, &d->changes[k], k + 1);
        pd_buf_puts(b, "</ol>\n");
    }
    if (ncos) {
        pd_buf_printf(b,
                      "<details class=\"cosmetic\"><summary>%zu cosmetic change%s (spacing, "
                      "punctuation, case, spelling), folded</summary>\n<ol class=\"changes\">\n",
                      ncos, ncos == 1 ? "" : "s");
        for (size_t k = 0; k < d->nchanges; k++)
            if (d->changes[k].cosmetic)
                change_html(b, &d->changes[k], k + 1);
        pd_buf_puts(b, "</ol>\n</details>\n");
    }
    if (d->bounded)
        pd_buf_puts(b, "<p class=\"note\">These versions differ a lot: the alignment hit its "
                       "search bound, so some pairings are positional.</p>\n");
    page_foot(b);
    return pd_buf_error(b);
}

/* Diffs one version against its parent, fills its summary, writes its page. */
static int render_version(site_ctx *c, site_ver *sv, pd_buf *old, pd_buf *cur)
{
    pd_align_options ao = PD_ALIGN_OPTIONS_INIT;
    pd_diff *d = NULL;
    pd_buf page = PD_BUF_INIT;
    int rc;

    if ((rc = pd_diff_texts(&d, sv->first ? "" : pd_buf_cstr(old), sv->first ? 0 : old->len,
                            pd_buf_cstr(cur), cur->len, &ao)))
        goto out;
    if ((rc = summarize_version(sv, d)) || (rc = version_page(&page, c, sv, d)))
        goto out;
    rc = put_file(c->dir, sv->page, &page, 0, NULL);
out:
    pd_diff_free(d);
    pd_buf_dispose(&page);
    return rc;
}

static int load_text(pd_buf *out, pd_store *s, const site_ver *sv)
{
    pd_buf_clear(out);
    return pd_store_show(out, NULL, s, sv->v->policy, sv->v->captured_at);
}

/* The versions of one policy that need a page: text of each and of its
 * parent, carried along so consecutive new versions read each text once. */
static int render_policy(site_ctx *c, pd_store *s, site_pol *p)
{
    pd_buf a = PD_BUF_INIT, b = PD_BUF_INIT, *prev = &a, *cur = &b, *t;
    long have = -1; /* version whose text is in prev */
    int rc = 0;

    for (size_t i = 0; i < p->nord; i++) {
        site_ver *sv = &c->vers[p->ord[i]];
        if (!sv->write)
            continue;
        if (sv->parent >= 0 && have != sv->parent) {
            if ((rc = load_text(prev, s, &c->vers[sv->parent])))
                goto out;
        }
        if ((rc = load_text(cur, s, sv)) || (rc = render_version(c, sv, prev, cur)))
            goto out;
        t = prev;
        prev = cur;
        cur = t;
        have = (long)p->ord[i];
    }
out:
    pd_buf_dispose(&a);
    pd_buf_dispose(&b);
    return rc;
}

static void *worker(void *arg)
{
    site_ctx *c = arg;
    pd_store *s = NULL;
    int rc = pd_store_open(&s, pd_store_path(c->store));

    for (;;) {
        size_t i;
        pthread_mutex_lock(&c->mu);
        if (rc && !c->rc) {
            c->rc = rc;
            snprintf(c->err, sizeof(c->err), "%s", pd_error_last());
        }
        i = c->next++;
        if (c->rc)
            i = c->npols;
        pthread_mutex_unlock(&c->mu);
        if (i >= c->npols)
            break;
        rc = render_policy(c, s, &c->pols[i]);
    }
    pd_store_free(s);
    return NULL;
}

static int run_workers(site_ctx *c)
{
    pthread_t th[MAX_JOBS];
    size_t started = 0, todo = 0;
    long jobs = c->opts->jobs;

    for (size_t i = 0; i < c->npols; i++) {
        const site_pol *p = &c->pols[i];
        size_t k = 0;
        while (k < p->nord && !c->vers[p->ord[k]].write)
            k++;
        todo += k < p->nord;
    }
    if (!todo)
        return 0;
    if (todo == 1 || c->opts->jobs == 1) {
        /* one policy to do (an incremental run): no thread, no other handle */
        for (size_t i = 0; i < c->npols; i++) {
            int rc = render_policy(c, c->store, &c->pols[i]);
            if (rc)
                return rc;
        }
        return 0;
    }
    if (jobs <= 0) {
        jobs = sysconf(_SC_NPROCESSORS_ONLN);
        if (jobs < 1)
            jobs = 1;
    }
    if (jobs > MAX_JOBS)
        jobs = MAX_JOBS;
    if ((size_t)jobs > todo)
        jobs = (long)todo;
    pthread_mutex_init(&c->mu, NULL);
    c->next = 0;
    c->rc = 0;
    for (long j = 1; j < jobs; j++) {
        if (pthread_create(&th[started], NULL, worker, c) != 0)
            break;
        started++;
    }
    worker(c);
    for (size_t j = 0; j < started; j++)
        pthread_join(th[j], NULL);
    pthread_mutex_destroy(&c->mu);
    if (c->rc)
        return pd_error_set(c->rc, "%s", c->err);
    return 0;
}

/* ---- manifest ---- */

static json_t *manifest_entry(const site_ver *sv, const site_ctx *c)
{
    json_t *o = json_object(), *cats = json_array();
    json_object_set_new(o, "commit", json_string(sv->v->commit));
    json_object_set_new(o, "parent",
                        sv->parent >= 0 ? json_string(c->vers[sv->parent].v->commit) : json_null());
    json_object_set_new(o, "policy", json_string(sv->v->policy));
    json_object_set_new(o, "captured_at", json_integer(sv->v->captured_at));
    json_object_set_new(o, "first", json_boolean(sv->first));
    json_object_set_new(o, "headline", json_string(sv->headline ? sv->headline : ""));
    json_object_set_new(o, "worst", json_string(pd_severity_name(sv->worst)));
    json_object_set_new(o, "substantive", json_integer((json_int_t)sv->substantive));
    json_object_set_new(o, "cosmetic", json_integer((json_int_t)sv->cosmetic));
    json_object_set_new(o, "clauses", json_integer((json_int_t)sv->clauses));
    for (size_t i = 0; i < sv->ncats; i++) {
        const site_cat *k = &sv->cats[i];
        json_array_append_new(cats, json_pack("{s:s,s:s,s:I,s:I,s:s}", "category",
                                              pd_category_name(k->bit), "severity",
                                              pd_severity_name(k->sev), "changes", (json_int_t)k->n,
                                              "first", (json_int_t)k->first, "sections",
                                              k->sections ? k->sections : ""));
    }
    json_object_set_new(o, "categories", cats);
    return o;
}

static char *jdup(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return strdup(s ? s : "");
}

static size_t jsize(json_t *o, const char *key)
{
    json_int_t v = json_integer_value(json_object_get(o, key));
    return v > 0 ? (size_t)v : 0;
}

/* Takes sv's summary from its manifest entry when the page is still valid
 * for the same commit and parent; returns 1 then, 0 when it must be made. */
static int reuse_entry(site_ver *sv, const site_ctx *c, json_t *pages)
{
    json_t *e = json_object_get(pages, sv->page), *cats;
    const char *parent;
    pd_buf path = PD_BUF_INIT;
    struct stat st;
    int ok, sev;

    if (!json_is_object(e))
        return 0;
    parent = json_string_value(json_object_get(e, "parent"));
    if (!json_string_value(json_object_get(e, "commit")) ||
        strcmp(json_string_value(json_object_get(e, "commit")), sv->v->commit))
        return 0;
    if (sv->parent >= 0 ? !parent || strcmp(parent, c->vers[sv->parent].v->commit) : !!parent)
        return 0;
    pd_buf_printf(&path, "%s/%s", c->dir, sv->page);
    ok = !pd_buf_error(&path) && stat(pd_buf_cstr(&path), &st) == 0;
    pd_buf_dispose(&path);
    if (!ok)
        return 0;
    sv->first = json_is_true(json_object_get(e, "first"));
    sv->headline = jdup(e, "headline");
    sev = pd_severity_from_name(json_string_value(json_object_get(e, "worst")) ?: "none");
    sv->worst = sev < 0 ? PD_SEV_NONE : (pd_severity)sev;
    sv->substantive = jsize(e, "substantive");
    sv->cosmetic = jsize(e, "cosmetic");
    sv->clauses = jsize(e, "clauses");
    cats = json_object_get(e, "categories");
    if (json_array_size(cats)) {
        sv->cats = calloc(json_array_size(cats), sizeof(*sv->cats));
        if (!sv->cats)
            return 0;
    }
    for (size_t i = 0; i < json_array_size(cats); i++) {
        json_t *k = json_array_get(cats, i);
        unsigned bit =
            pd_category_from_name(json_string_value(json_object_get(k, "category")) ?: "");
        int ks = pd_severity_from_name(json_string_value(json_object_get(k, "severity")) ?: "");
        if (!bit)
            continue;
        site_cat *sc = &sv->cats[sv->ncats++];
        sc->bit = bit;
        sc->sev = ks < 0 ? PD_SEV_LOW : (pd_severity)ks;
        sc->n = jsize(k, "changes");
        sc->first = jsize(k, "first");
        sc->sections = jdup(k, "sections");
    }
    return sv->headline != NULL;
}

/* Manifest paths are removed when stale: only ever our own kind of path. */
static int safe_rel(const char *rel)
{
    return (!strncmp(rel, "p/", 2) || !strncmp(rel, "c/", 2)) && !strstr(rel, "..") &&
           strlen(rel) > 7 && !strcmp(rel + strlen(rel) - 5, ".html");
}

/* ---- policy pages ---- */

static void timeline_svg(pd_buf *b, site_ctx *c, const site_pol *p)
{
    const double W = 800, H = 92, PAD = 26, Y = 38, AXIS = 62;
    int64_t t0 = INT64_MAX, t1 = INT64_MIN;
    char d0[11], d1[11];
    struct tm tm0, tm1;
    time_t tt;

    for (size_t i = 0; i < p->nord; i++) {
        const site_ver *sv = &c->vers[p->ord[i]];
        if (!sv->in_range)
            continue;
        if (sv->v->captured_at < t0)
            t0 = sv->v->captured_at;
        if (sv->v->captured_at > t1)
            t1 = sv->v->captured_at;
    }
    if (t0 > t1)
        return;
    date_only(d0, t0);
    date_only(d1, t1);
    pd_buf_printf(b,
                  "<figure class=\"timeline\"><div class=\"tlscroll\"><svg viewBox=\"0 0 %.0f "
                  "%.0f\" role=\"img\" "
                  "aria-labelledby=\"tl-t\"><title id=\"tl-t\">Timeline of %zu version%s from %s "
                  "to %s</title>\n<line class=\"axis\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" "
                  "y2=\"%.0f\"/>\n",
                  W, H, p->nsite, p->nsite == 1 ? "" : "s", d0, d1, PAD, AXIS, W - PAD, AXIS);
    /* year ticks, at most about ten labels */
    tt = (time_t)t0;
    gmtime_r(&tt, &tm0);
    tt = (time_t)t1;
    gmtime_r(&tt, &tm1);
    {
        int y0 = tm0.tm_year + 1900 + 1, y1 = tm1.tm_year + 1900;
        int step = (y1 - y0) / 10 + 1;
        for (int y = y0; y <= y1; y += step) {
            int64_t ty = pd_time_from_civil(y, 1, 1, 0, 0, 0);
            double x = PAD + (double)(ty - t0) / (double)(t1 - t0) * (W - 2 * PAD);
            pd_buf_printf(b,
                          "<line class=\"tick\" x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\"/>"
                          "<text class=\"year\" x=\"%.1f\" y=\"%.0f\">%d</text>\n",
                          x, AXIS - 4, x, AXIS + 4, x, AXIS + 22, y);
        }
    }
    for (size_t i = 0; i < p->nord; i++) {
        const site_ver *sv = &c->vers[p->ord[i]];
        char when[11];
        double x;
        const char *cls;
        if (!sv->in_range)
            continue;
        x = t1 > t0 ? PAD + (double)(sv->v->captured_at - t0) / (double)(t1 - t0) * (W - 2 * PAD)
                    : W / 2;
        date_only(when, sv->v->captured_at);
        cls = sv->first ? "first" : pd_severity_name(sv->worst);
        pd_buf_printf(b, "<a class=\"mark sev-%s\" href=\"%s\"><title>%s \xe2\x80\x94 %s: ", cls,
                      strrchr(sv->page, '/') + 1, when, sv->first ? "first version" : cls);
        esc(b, sv->headline ? sv->headline : "");
        pd_buf_puts(b, "</title>");
        if (sv->first)
            pd_buf_printf(b,
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" "
                          "transform=\"rotate(45 %.1f %.1f)\"/>",
                          x - 5, Y - 5, x, Y);
        else if (sv->worst == PD_SEV_HIGH)
            pd_buf_printf(b, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>", x, Y - 10,
                          x + 10, Y + 8, x - 10, Y + 8);
        else if (sv->worst == PD_SEV_MEDIUM)
            pd_buf_printf(b, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>", x,
                          Y - 9, x + 9, Y, x, Y + 9, x - 9, Y);
        else
            pd_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\"/>", x, Y,
                          sv->worst == PD_SEV_LOW ? 7 : 5);
        pd_buf_puts(b, "</a>\n");
    }
    pd_buf_puts(b,
                "</svg></div>\n<figcaption class=\"legend\">Each mark is a version (hover for its "
                "headline, click to open it): "
                "<span class=\"sev sev-high\">\xe2\x96\xb2 high</span> "
                "<span class=\"sev sev-medium\">\xe2\x97\x86 medium</span> "
                "<span class=\"sev sev-low\">\xe2\x97\x8f low</span> "
                "<span class=\"sev sev-none\">\xe2\x97\x8b none</span> "
                "<span class=\"sev sev-first\">\xe2\x97\x87 first</span></figcaption>"
                "</figure>\n");
}

static void source_html(pd_buf *b, const char *url)
{
    if (is_web_url(url)) {
        pd_buf_puts(b, "<a href=\"");
        esc(b, url);
        pd_buf_puts(b, "\" rel=\"nofollow noreferrer\">");
        esc(b, url);
        pd_buf_puts(b, "</a>");
    } else {
        esc(b, url && *url ? url : "(unknown)");
    }
}

static void counts_text(pd_buf *b, const site_ver *sv)
{
    if (sv->first)
        return;
    else
        pd_buf_printf(b, "%zu substantive, %zu cosmetic", sv->substantive, sv->cosmetic);
}

static int policy_page(pd_buf *b, site_ctx *c, const site_pol *p)
{
    page_head(b, p->name, "../../");
    pd_buf_puts(b, "<p class=\"crumbs\"><a href=\"../../index.html\">Policies</a> \xe2\x80\xba ");
    esc(b, p->name);
    pd_buf_puts(b, "</p>\n<h1>");
    esc(b, p->name);
    pd_buf_puts(b, "</h1>\n<dl class=\"meta\"><dt>Source</dt><dd class=\"url\">");
    source_html(b, p->url);
    pd_buf_printf(b, "</dd><dt>Versions</dt><dd>%zu</dd></dl>\n", p->nsite);
    if (!p->nsite) {
        pd_buf_puts(b, "<p class=\"empty\">No version recorded in this period.</p>\n");
        page_foot(b);
        return pd_buf_error(b);
    }
    timeline_svg(b, c, p);
    pd_buf_puts(b, "<h2>Versions, newest first</h2>\n<div class=\"scroll\"><table class=\"list\">"
                   "<thead><tr><th scope=\"col\">Captured</th><th scope=\"col\">Severity</th>"
                   "<th scope=\"col\">What changed</th></tr></thead>\n<tbody>\n");
    for (size_t i = p->nord; i-- > 0;) {
        const site_ver *sv = &c->vers[p->ord[i]];
        char when[24];
        if (!sv->in_range)
            continue;
        date_time(when, sv->v->captured_at);
        pd_buf_printf(b, "<tr><td class=\"nowrap\"><a href=\"%s\">%s</a></td><td>",
                      strrchr(sv->page, '/') + 1, when);
        ver_badge(b, sv);
        pd_buf_puts(b, "</td><td>");
        esc(b, sv->headline ? sv->headline : "");
        if (!sv->first) {
            pd_buf_puts(b, " <span class=\"muted opt\">(");
            counts_text(b, sv);
            pd_buf_puts(b, ")</span>");
        }
        pd_buf_puts(b, "</td></tr>\n");
    }
    pd_buf_puts(b, "</tbody></table></div>\n");
    page_foot(b);
    return pd_buf_error(b);
}

/* ---- index pages ---- */

static const site_ctx *sort_ctx;

static int cmp_by_last(const void *a, const void *b)
{
    const site_pol *pa = &sort_ctx->pols[*(const size_t *)a];
    const site_pol *pb = &sort_ctx->pols[*(const size_t *)b];
    int64_t ta = pa->has_last ? pa->last_at : INT64_MIN,
            tb = pb->has_last ? pb->last_at : INT64_MIN;
    if (ta != tb)
        return ta > tb ? -1 : 1;
    return strcmp(pa->name, pb->name);
}

static int cmp_by_name(const void *a, const void *b)
{
    return strcmp(sort_ctx->pols[*(const size_t *)a].name, sort_ctx->pols[*(const size_t *)b].name);
}

static void index_page(pd_buf *b, const site_ctx *c, const size_t *order, int by_name,
                       size_t total_versions)
{
    page_head(b, by_name ? "Policies by name" : "Policies", "");
    pd_buf_printf(b, "<h1>Policies</h1>\n<p class=\"lead\">%zu polic%s, %zu version%s. ", c->npols,
                  c->npols == 1 ? "y" : "ies", total_versions, total_versions == 1 ? "" : "s");
    if (c->opts->since != INT64_MIN) {
        char d[11];
        date_only(d, c->opts->since);
        pd_buf_printf(b, "Versions captured since %s. ", d);
    }
    pd_buf_puts(b, "Open a policy for its timeline, a date for what changed.</p>\n");
    pd_buf_printf(b,
                  "<p class=\"sortby\">Sorted by %s \xc2\xb7 <a href=\"%s\">sort by %s</a></p>\n",
                  by_name ? "name" : "last change", by_name ? "index.html" : "by-name.html",
                  by_name ? "last change" : "name");
    pd_buf_puts(b,
                "<div class=\"scroll\"><table class=\"list policies\"><thead><tr>"
                "<th scope=\"col\">Policy</th><th scope=\"col\" class=\"opt\">Source</th>"
                "<th scope=\"col\" class=\"opt\">First capture</th>"
                "<th scope=\"col\">Last capture</th><th scope=\"col\" class=\"num\">Versions</th>"
                "<th scope=\"col\">Last change</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < c->npols; i++) {
        const site_pol *p = &c->pols[order[i]];
        char d0[11] = "", d1[11] = "";
        /* the last capture, changed or not: a policy checked daily whose
         * text has not changed for a year was still captured yesterday */
        int64_t last = p->has_last ? p->last_at : INT64_MIN;
        if (p->cap_last != INT64_MIN && p->cap_last >= c->opts->since && p->cap_last > last)
            last = p->cap_last;
        if (p->first_at != INT64_MIN)
            date_only(d0, p->first_at);
        if (last != INT64_MIN)
            date_only(d1, last);
        pd_buf_printf(b, "<tr><td><a href=\"p/%s/index.html\">", p->dir);
        esc(b, p->name);
        pd_buf_puts(b, "</a></td><td class=\"opt url\">");
        source_html(b, p->url);
        pd_buf_printf(b,
                      "</td><td class=\"opt nowrap\">%s</td><td class=\"nowrap\">%s</td>"
                      "<td class=\"num\">%zu</td><td>",
                      p->first_at != INT64_MIN ? d0 : "\xe2\x80\x94",
                      last != INT64_MIN ? d1 : "\xe2\x80\x94", p->nsite);
        if (p->has_last) {
            pd_buf_printf(b, "<a href=\"p/%s/%s\">", p->dir, strrchr(p->last_page, '/') + 1);
            if (p->last_first)
                pd_buf_puts(b, "<span class=\"sev sev-first\"><span aria-hidden=\"true\">"
                               "\xe2\x97\x87</span> first</span>");
            else
                sev_badge(b, p->last_worst, NULL);
            pd_buf_puts(b, "</a> ");
            esc(b, p->last_headline ? p->last_headline : "");
        } else {
            pd_buf_puts(b, "<span class=\"muted\">no version yet</span>");
        }
        pd_buf_puts(b, "</td></tr>\n");
    }
    pd_buf_puts(b, "</tbody></table></div>\n");
    page_foot(b);
}

/* ---- category pages ---- */

/* A row of a category page.  The rows of every category are kept, made,
 * in DIR/.policydiff-site/c/<CATEGORY>.rows, so that a run where one
 * policy changed merges that policy's rows with the others' without
 * reading the others' versions. */
typedef struct {
    int64_t t;
    const char *pol;
    const char *html;
    size_t hlen;
} cat_row;

static int cmp_rows(const void *a, const void *b)
{
    const cat_row *ra = a, *rb = b;
    if (ra->t != rb->t)
        return ra->t > rb->t ? -1 : 1;
    return strcmp(ra->pol, rb->pol);
}

static void cat_row_html(pd_buf *b, const site_ver *sv, const site_cat *k, const char *dir)
{
    char when[11];
    date_only(when, sv->v->captured_at);
    pd_buf_printf(b,
                  "<tr><td class=\"nowrap\"><a href=\"../%s#c%zu\">%s</a></td>"
                  "<td><a href=\"../p/%s/index.html\">",
                  sv->page, k->first, when, dir);
    esc(b, sv->v->policy);
    pd_buf_puts(b, "</a></td><td>");
    sev_badge(b, k->sev, NULL);
    pd_buf_printf(b, "</td><td>%zu change%s: ", k->n, k->n == 1 ? "" : "s");
    esc(b, k->sections ? k->sections : "");
    pd_buf_puts(b, "</td></tr>\n");
}

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

#define FNV_INIT 14695981039346656037ull

static void cat_page_name(char *out, size_t size, unsigned bit, size_t page)
{
    if (page == 0)
        snprintf(out, size, "c/%s.html", pd_category_name(bit));
    else
        snprintf(out, size, "c/%s-%zu.html", pd_category_name(bit), page + 1);
}

static void pager(pd_buf *b, unsigned bit, size_t page, size_t npages)
{
    char name[96];
    if (npages < 2)
        return;
    pd_buf_puts(b, "<nav class=\"pager\" aria-label=\"pages\">Pages:");
    for (size_t i = 0; i < npages; i++) {
        cat_page_name(name, sizeof(name), bit, i);
        if (i == page)
            pd_buf_printf(b, " <strong aria-current=\"page\">%zu</strong>", i + 1);
        else
            pd_buf_printf(b, " <a href=\"%s\">%zu</a>", name + 2, i + 1);
    }
    pd_buf_puts(b, "</nav>\n");
}

static size_t cat_npages(size_t n)
{
    return n ? (n + PD_SITE_ROWS_PER_PAGE - 1) / PD_SITE_ROWS_PER_PAGE : 1;
}

typedef struct {
    int (*emit)(void *ud, const char *rel, pd_buf *page, int if_changed);
    void *ud;
} page_sink;

/* The pages of one category from its rows, in order. */
static int category_pages(const site_ctx *c, unsigned bit, const cat_row *rows, size_t n,
                          const page_sink *sink, int if_changed)
{
    size_t npages = cat_npages(n);
    int rc = 0;

    for (size_t pg = 0; pg < npages && !rc; pg++) {
        pd_buf b = PD_BUF_INIT, title = PD_BUF_INIT;
        char name[96];
        size_t lo = pg * PD_SITE_ROWS_PER_PAGE, hi = lo + PD_SITE_ROWS_PER_PAGE;
        if (hi > n)
            hi = n;
        pd_buf_printf(&title, "Every %s change", pd_category_name(bit));
        if (pg)
            pd_buf_printf(&title, ", page %zu", pg + 1);
        page_head(&b, pd_buf_cstr(&title), "../");
        pd_buf_printf(
            &b,
            "<p class=\"crumbs\"><a href=\"index.html\">Categories</a> \xe2\x80\xba %s</p>"
            "\n<h1>Every <span class=\"cat\">%s</span> change</h1>\n"
            "<p class=\"lead\">%zu version%s of %s polic%s changed clauses about %s, "
            "newest first.</p>\n",
            pd_category_name(bit), pd_category_name(bit), n, n == 1 ? "" : "s",
            c->npols == 1 ? "the" : "the tracked", c->npols == 1 ? "y" : "ies",
            pd_category_name(bit));
        pager(&b, bit, pg, npages);
        if (!n) {
            pd_buf_puts(&b, "<p class=\"empty\">No change in this category yet.</p>\n");
        } else {
            pd_buf_puts(&b, "<div class=\"scroll\"><table class=\"list\"><thead><tr>"
                            "<th scope=\"col\">Captured</th><th scope=\"col\">Policy</th>"
                            "<th scope=\"col\">Severity</th><th scope=\"col\">Where</th>"
                            "</tr></thead>\n<tbody>\n");
            for (size_t r = lo; r < hi; r++)
                pd_buf_put(&b, rows[r].html, rows[r].hlen);
            pd_buf_puts(&b, "</tbody></table></div>\n");
            pager(&b, bit, pg, npages);
        }
        page_foot(&b);
        cat_page_name(name, sizeof(name), bit, pg);
        rc = pd_buf_error(&b) ? pd_buf_error(&b) : sink->emit(sink->ud, name, &b, if_changed);
        pd_buf_dispose(&b);
        pd_buf_dispose(&title);
    }
    return rc;
}

static void categories_index(pd_buf *b, const size_t *counts)
{
    page_head(b, "Categories", "../");
    pd_buf_puts(b, "<h1>Categories</h1>\n<p class=\"lead\">Every change is filed under the "
                   "practices it touches. Open a category for every change to it across all "
                   "policies.</p>\n<ul class=\"catlist\">\n");
    for (unsigned i = 0; i < PD_CAT_COUNT; i++) {
        unsigned bit = 1u << i;
        pd_buf_printf(b,
                      "<li><a class=\"cat\" href=\"%s.html\">%s</a> <span class=\"muted\">%zu "
                      "version%s</span></li>\n",
                      pd_category_name(bit), pd_category_name(bit), counts[i],
                      counts[i] == 1 ? "" : "s");
    }
    pd_buf_puts(b, "</ul>\n");
    page_foot(b);
}

/* ---- style ---- */

static const char site_css[] =
    ":root{color-scheme:light dark;--bg:#fff;--fg:#1d1d22;--muted:#595963;--line:#d9d9e0;"
    "--card:#f5f5f8;--head:#ececf2;--link:#0a53c2;--del-bg:#ffdcdc;--del-fg:#7d0f0f;"
    "--ins-bg:#d3f2d9;--ins-fg:#0b4f19;--none:#5f5f6b;--low:#1d63a6;--medium:#975300;"
    "--high:#b0221b;--first:#6a3fa0}\n"
    "@media (prefers-color-scheme:dark){:root{--bg:#131418;--fg:#e7e7ec;--muted:#a6a6b1;"
    "--line:#34353d;--card:#1c1d23;--head:#25262e;--link:#8cb6ff;--del-bg:#4d1a1a;"
    "--del-fg:#ffc4bd;--ins-bg:#173d22;--ins-fg:#b3ecbd;--none:#a0a0ac;--low:#84bcff;"
    "--medium:#f2b766;--high:#ff8f85;--first:#c9a8f5}}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%}\n"
    "body{margin:0;background:var(--bg);color:var(--fg);"
    "font:16px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,"
    "sans-serif}\n"
    "main{max-width:76rem;margin:0 auto;padding:1rem 1.25rem 3rem}\n"
    "a{color:var(--link)}a:focus-visible{outline:3px solid var(--link);outline-offset:2px}\n"
    "header.site{border-bottom:1px solid var(--line);background:var(--card)}\n"
    "header.site nav{max-width:76rem;margin:0 auto;padding:.6rem 1.25rem;display:flex;gap:1.2rem;"
    "flex-wrap:wrap;align-items:baseline}\n"
    "header.site a{text-decoration:none;color:var(--fg)}header.site a:hover{text-decoration:"
    "underline}\n"
    ".brand{font-weight:700;letter-spacing:.02em}\n"
    "footer.site{max-width:76rem;margin:0 auto;padding:1rem 1.25rem 2rem;color:var(--muted);"
    "font-size:.85rem;border-top:1px solid var(--line)}\n"
    "h1{font-size:1.6rem;line-height:1.25;margin:.4rem 0 .6rem;overflow-wrap:anywhere}\n"
    "h1 .sub{font-weight:400;color:var(--muted);font-size:1.1rem}\n"
    "h2{font-size:1.2rem;margin:1.6rem 0 .6rem}\n"
    ".crumbs{margin:0;color:var(--muted);font-size:.9rem}\n"
    ".lead,.sortby{color:var(--muted)}.muted{color:var(--muted)}\n"
    ".nowrap{white-space:nowrap}.num{text-align:right}\n"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.5rem 0 "
    "1rem;"
    "font-size:.93rem}\n"
    "dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;min-width:0}\n"
    ".url{overflow-wrap:anywhere}\n"
    ".headline{font-size:1.1rem;font-weight:600;padding:.7rem .9rem;background:var(--card);"
    "border-left:4px solid var(--line);border-radius:4px}\n"
    ".sev{display:inline-block;white-space:nowrap;font-size:.82rem;font-weight:600;"
    "padding:.05rem .5rem;border:1.5px solid currentColor;border-radius:999px;line-height:1.4}\n"
    ".sev-none{color:var(--none)}.sev-low{color:var(--low)}.sev-medium{color:var(--medium)}"
    ".sev-high{color:var(--high)}.sev-first{color:var(--first)}\n"
    ".cat{display:inline-block;font-size:.8rem;padding:.05rem .5rem;border-radius:4px;"
    "background:var(--head);color:var(--fg);text-decoration:none;font-weight:500}\n"
    "a.cat:hover{text-decoration:underline}\n"
    "h1 .cat{font-size:inherit;padding:0 .4rem}\n"
    ".imp{font-size:.82rem;font-weight:600}.imp-worse{color:var(--high)}"
    ".imp-better{color:var(--ins-fg)}.imp-unclear{color:var(--muted)}\n"
    ".scroll{overflow-x:auto}\n"
    "table.list{border-collapse:collapse;width:100%;font-size:.93rem}\n"
    "table.list th{text-align:left;font-weight:600;color:var(--muted);border-bottom:2px solid "
    "var(--line);padding:.45rem .6rem}\n"
    "table.list td{border-bottom:1px solid var(--line);padding:.45rem .6rem;vertical-align:top}\n"
    "table.list tbody tr:hover{background:var(--card)}\n"
    "table.policies td.url{max-width:18rem;font-size:.85rem}\n"
    ".timeline{margin:1rem 0;padding:.6rem .6rem .4rem;background:var(--card);border-radius:6px;"
    "border:1px solid var(--line)}\n"
    ".tlscroll{overflow-x:auto}.timeline svg{width:100%;height:auto;display:block}\n"
    ".timeline .axis{stroke:var(--muted);stroke-width:1.5}.timeline .tick{stroke:var(--muted)}\n"
    ".timeline .year{fill:var(--muted);font-size:12px;text-anchor:middle}\n"
    ".mark{stroke:var(--bg);stroke-width:1.5}.mark:hover,.mark:focus{stroke:var(--fg)}\n"
    ".mark.sev-none{fill:var(--bg);stroke:var(--none);stroke-width:2.5}.mark.sev-low{fill:var(--"
    "low)}"
    ".mark.sev-medium{fill:var(--medium)}.mark.sev-high{fill:var(--high)}"
    ".mark.sev-first{fill:var(--first)}\n"
    ".legend{font-size:.82rem;color:var(--muted);margin-top:.3rem;display:flex;flex-wrap:wrap;"
    "gap:.4rem;align-items:center}\n"
    "ol.changes{list-style:none;padding:0;margin:0}\n"
    ".change{border:1px solid var(--line);border-left:5px solid var(--line);border-radius:6px;"
    "margin:0 0 1rem;overflow:hidden}\n"
    ".change.lvl-low{border-left-color:var(--low)}.change.lvl-medium{border-left-color:"
    "var(--medium)}.change.lvl-high{border-left-color:var(--high)}\n"
    ".chead{background:var(--head);padding:.45rem .75rem;font-weight:600;display:flex;gap:.6rem;"
    "align-items:baseline;flex-wrap:wrap}\n"
    ".chead .op{text-transform:uppercase;font-size:.75rem;letter-spacing:.06em;color:var(--muted)}"
    "\n.chead .path{flex:1;min-width:0;overflow-wrap:anywhere}\n"
    ".anchor{font-weight:400;font-size:.8rem;color:var(--muted);text-decoration:none}\n"
    ".badges{padding:.4rem .75rem 0;display:flex;gap:.4rem;flex-wrap:wrap;align-items:center}\n"
    "ul.reasons{margin:.3rem 0 0;padding:0 .75rem 0 2rem;font-size:.88rem;color:var(--muted)}\n"
    ".sides{display:grid;grid-template-columns:1fr 1fr;gap:0;margin-top:.5rem}\n"
    ".side{padding:.5rem .75rem .75rem;min-width:0}.side.old{border-right:1px solid var(--line)}\n"
    ".lbl{font-size:.72rem;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);"
    "margin-bottom:.2rem}\n"
    ".txt{white-space:pre-wrap;overflow-wrap:anywhere}\n"
    ".absent{color:var(--muted);font-style:italic}\n"
    ".op-added .side.new{background:color-mix(in srgb,var(--ins-bg) 45%,transparent)}\n"
    ".op-removed .side.old{background:color-mix(in srgb,var(--del-bg) 45%,transparent)}\n"
    "del{background:var(--del-bg);color:var(--del-fg);text-decoration:line-through;"
    "text-decoration-thickness:1px;border-radius:2px}\n"
    "ins{background:var(--ins-bg);color:var(--ins-fg);text-decoration:underline;"
    "text-decoration-thickness:1px;text-underline-offset:2px;border-radius:2px}\n"
    "details.cosmetic{margin:1.5rem 0;border:1px dashed var(--line);border-radius:6px;"
    "padding:.5rem .75rem}\n"
    "details.cosmetic summary{cursor:pointer;color:var(--muted);font-weight:600}\n"
    "details.cosmetic[open] summary{margin-bottom:.75rem}\n"
    "ol.clauses{padding-left:1.5rem}ol.clauses li{margin:0 0 .8rem}\n"
    "ol.clauses .path{font-size:.8rem;color:var(--muted)}\n"
    ".empty,.note{color:var(--muted);font-style:italic}\n"
    ".pager{margin:.8rem 0}.pager a,.pager strong{padding:0 .3rem}\n"
    "ul.catlist{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,"
    "minmax(14rem,1fr));gap:.5rem}\n"
    "ul.catlist li{padding:.5rem .7rem;border:1px solid var(--line);border-radius:6px}\n"
    "@media (max-width:44rem){main{padding:.75rem .8rem 2rem}h1{font-size:1.35rem}"
    ".timeline svg{min-width:34rem}.nowrap{white-space:normal}"
    ".sides{grid-template-columns:1fr}.side.old{border-right:0;border-bottom:1px solid "
    "var(--line)}.opt{display:none}table.list th,table.list td{padding:.4rem .35rem}}\n"
    "@media print{header.site,footer.site{display:none}details.cosmetic{display:none}}\n";

/* ---- the render ---- */

/* The manifest: DIR/.policydiff-site.json holds, per policy, its tip and the
 * summary the index and category pages need; DIR/.policydiff-site/ holds
 * per policy its version pages (p/<POLICY>.json) and per category its
 * rows (c/<CATEGORY>.rows).  A policy whose tip and URL did not change is
 * skipped after one look at its entry. */
#define SITE_SCHEMA "policydiff/site-2"
#define SITE_DATA ".policydiff-site"
#define ROWS_MAGIC "policydiff-site-rows 1"
#define SITE_RETRY 1 /* internal: the caches do not agree, render everything */

typedef struct {
    site_ctx *c;
    pd_site_stats *st;
    json_t *aux; /* pages written by this run other than version pages (keys) */
} emit_state;

static int emit_page(void *ud, const char *rel, pd_buf *page, int if_changed)
{
    emit_state *es = ud;
    int written = 0, rc = put_file(es->c->dir, rel, page, if_changed && !es->c->full, &written);
    if (rc)
        return rc;
    if (written)
        es->st->pages_written++;
    else
        es->st->pages_unchanged++;
    json_object_set_new(es->aux, rel, json_true());
    return 0;
}

static int check_dir(const char *dir, int *fresh)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    pd_buf m = PD_BUF_INIT;
    struct stat st;
    int empty = 1, has_manifest;

    *fresh = 1;
    if (!d) {
        /* where the user asked for the site is their input: a bad place is
         * PD_EINVALID, told in terms of what to give instead */
        int err = errno;
        if (err == ENOENT) {
            if (mkdir(dir, 0755) == 0)
                return 0;
            err = errno;
            return pd_error_set(err == EIO ? PD_EIO : PD_EINVALID,
                                "cannot create the site directory %s: %s; give a directory "
                                "whose parent exists and is writable",
                                dir, strerror(err));
        }
        return pd_error_set(err == EIO ? PD_EIO : PD_EINVALID,
                            "cannot use %s for the site: %s; give a new or empty directory", dir,
                            strerror(err));
    }
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            empty = 0;
    closedir(d);
    pd_buf_printf(&m, "%s/%s", dir, PD_SITE_MANIFEST);
    has_manifest = !pd_buf_error(&m) && stat(pd_buf_cstr(&m), &st) == 0;
    pd_buf_dispose(&m);
    if (!empty && !has_manifest)
        return pd_error_set(PD_EEXISTS,
                            "%s is not empty and holds no policydiff site (%s); give a new or "
                            "empty directory",
                            dir, PD_SITE_MANIFEST);
    *fresh = !has_manifest;
    return 0;
}

static json_t *load_json(const char *dir, const char *rel)
{
    pd_buf path = PD_BUF_INIT, data = PD_BUF_INIT;
    json_t *m = NULL;
    pd_buf_printf(&path, "%s/%s", dir, rel);
    if (!pd_buf_error(&path) && pd_buf_read_file(&data, pd_buf_cstr(&path), MANIFEST_MAX) == 0)
        m = json_loadb(data.ptr ? data.ptr : "", data.len, 0, NULL);
    pd_buf_dispose(&path);
    pd_buf_dispose(&data);
    pd_error_clear();
    if (m && !json_is_object(m)) {
        json_decref(m);
        m = NULL;
    }
    return m;
}

static int64_t jtime(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : INT64_MIN;
}

static const char *jstr(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static void unlink_rel(const char *dir, const char *rel, pd_site_stats *st)
{
    pd_buf b = PD_BUF_INIT;
    if (!safe_rel(rel))
        return;
    pd_buf_printf(&b, "%s/%s", dir, rel);
    if (!pd_buf_error(&b) && unlink(pd_buf_cstr(&b)) == 0) {
        st->pages_removed++;
        /* an emptied policy directory goes too */
        char *slash = strrchr(b.ptr, '/');
        if (slash && !strncmp(rel, "p/", 2)) {
            *slash = 0;
            rmdir(b.ptr);
        }
    }
    pd_buf_dispose(&b);
}

static int rel_path(pd_buf *out, const char *kind, const char *name, const char *ext)
{
    pd_buf_clear(out);
    pd_buf_printf(out, "%s/%s/%s%s", SITE_DATA, kind, name, ext);
    return pd_buf_error(out);
}

static int cmp_pol_name(const void *key, const void *elem)
{
    return strcmp(key, ((const site_pol *)elem)->name);
}

static int cmp_str_p(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

static int cmp_str_pp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static unsigned cat_index(unsigned bit)
{
    return (unsigned)__builtin_ctz(bit);
}

/* The old entry's rows of category ci: how many and their hash. */
static void old_cat(size_t *n, uint64_t *h, json_t *old, unsigned ci)
{
    json_t *a = json_object_get(json_object_get(old, "cats"), pd_category_name(1u << ci));
    *n = 0;
    *h = FNV_INIT;
    if (json_array_size(a) == 2) {
        *n = (size_t)json_integer_value(json_array_get(a, 0));
        *h = strtoull(json_string_value(json_array_get(a, 1)) ?: "0", NULL, 16);
    }
}

/* Reads DIR/.policydiff-site/c/<CAT>.rows into rows (pointing into data);
 * SITE_RETRY when it is not the file the manifest describes. */
static int load_rows(cat_row **out, size_t *n, pd_buf *data, const char *dir, unsigned bit,
                     json_int_t gen, size_t expect)
{
    pd_buf path = PD_BUF_INIT;
    cat_row *rows = NULL;
    char *p, *end;
    long long g;
    size_t count, i = 0;
    int rc = SITE_RETRY;

    *out = NULL;
    *n = 0;
    pd_buf_printf(&path, "%s/%s/c/%s.rows", dir, SITE_DATA, pd_category_name(bit));
    if (pd_buf_error(&path) || pd_buf_read_file(data, pd_buf_cstr(&path), (size_t)1 << 34) != 0)
        goto out;
    p = data->ptr;
    end = p + data->len;
    if (data->len < sizeof(ROWS_MAGIC) || memcmp(p, ROWS_MAGIC " ", sizeof(ROWS_MAGIC)))
        goto out;
    p += sizeof(ROWS_MAGIC);
    g = strtoll(p, &p, 10);
    count = (size_t)strtoull(p, &p, 10);
    if (g != gen || count != expect || p >= end || *p++ != '\n')
        goto out;
    if (count && !(rows = malloc(count * sizeof(*rows)))) {
        rc = pd_error_set(PD_ENOMEM, "out of memory");
        goto out;
    }
    for (; i < count; i++) {
        char *nul;
        size_t hlen;
        rows[i].t = strtoll(p, &p, 10);
        hlen = (size_t)strtoull(p, &p, 10);
        if (p >= end || *p++ != '\n' || !(nul = memchr(p, 0, (size_t)(end - p))) ||
            (size_t)(end - nul - 1) < hlen)
            goto out;
        rows[i].pol = p;
        rows[i].html = nul + 1;
        rows[i].hlen = hlen;
        p = nul + 1 + hlen;
    }
    if (p != end)
        goto out;
    *out = rows;
    *n = count;
    rows = NULL;
    rc = 0;
out:
    free(rows);
    pd_buf_dispose(&path);
    pd_error_clear();
    return rc;
}

static int save_rows(const char *dir, unsigned bit, json_int_t gen, const cat_row *rows, size_t n)
{
    pd_buf b = PD_BUF_INIT, rel = PD_BUF_INIT;
    int rc;
    pd_buf_printf(&rel, "%s/c/%s.rows", SITE_DATA, pd_category_name(bit));
    if (!n) {
        pd_buf_printf(&b, "%s/%s", dir, pd_buf_cstr(&rel));
        if (!pd_buf_error(&b))
            unlink(pd_buf_cstr(&b));
        rc = pd_buf_error(&b) ? pd_buf_error(&b) : pd_buf_error(&rel);
        goto out;
    }
    pd_buf_printf(&b, ROWS_MAGIC " %lld %zu\n", (long long)gen, n);
    for (size_t i = 0; i < n; i++) {
        pd_buf_printf(&b, "%lld %zu\n", (long long)rows[i].t, rows[i].hlen);
        pd_buf_put(&b, rows[i].pol, strlen(rows[i].pol) + 1);
        pd_buf_put(&b, rows[i].html, rows[i].hlen);
    }
    if (!(rc = pd_buf_error(&b)) && !(rc = pd_buf_error(&rel)))
        rc = put_file(dir, pd_buf_cstr(&rel), &b, 0, NULL);
out:
    pd_buf_dispose(&b);
    pd_buf_dispose(&rel);
    return rc;
}

/* Renders one category: the kept rows of the policies that did not change
 * merged with the rows of those that did. */
static int category_update(site_ctx *c, unsigned bit, const char **drop, size_t ndrop,
                           json_t *oldcat, json_int_t gen, const page_sink *sink, size_t *count)
{
    cat_row *old = NULL, *fresh = NULL, *rows = NULL;
    size_t nold = 0, nfresh = 0, n = 0,
           oldn = (size_t)json_integer_value(json_object_get(oldcat, "n"));
    pd_buf data = PD_BUF_INIT;
    int rc = 0;

    if (!c->full && oldn &&
        (rc = load_rows(&old, &nold, &data, c->dir, bit,
                        json_integer_value(json_object_get(oldcat, "gen")), oldn)))
        goto out;
    for (size_t i = 0; i < c->nvers; i++) {
        const site_ver *sv = &c->vers[i];
        if (!sv->in_range)
            continue;
        for (size_t k = 0; k < sv->ncats; k++)
            nfresh += sv->cats[k].bit == bit;
    }
    fresh = malloc((nfresh ? nfresh : 1) * sizeof(*fresh));
    rows = malloc((nold + nfresh ? nold + nfresh : 1) * sizeof(*rows));
    if (!fresh || !rows) {
        rc = pd_error_set(PD_ENOMEM, "out of memory");
        goto out;
    }
    nfresh = 0;
    for (size_t i = 0; i < c->nvers; i++) {
        const site_ver *sv = &c->vers[i];
        if (!sv->in_range)
            continue;
        for (size_t k = 0; k < sv->ncats; k++) {
            if (sv->cats[k].bit != bit)
                continue;
            fresh[nfresh].t = sv->v->captured_at;
            fresh[nfresh].pol = sv->v->policy;
            fresh[nfresh].html = sv->cats[k].row;
            fresh[nfresh].hlen = sv->cats[k].rowlen;
            nfresh++;
        }
    }
    if (nfresh > 1)
        qsort(fresh, nfresh, sizeof(*fresh), cmp_rows);
    /* merge, leaving out the kept rows of the policies made again */
    for (size_t i = 0, j = 0; i < nold || j < nfresh;) {
        if (i < nold && ndrop && bsearch(old[i].pol, drop, ndrop, sizeof(*drop), cmp_str_p)) {
            i++;
            continue;
        }
        if (j >= nfresh || (i < nold && cmp_rows(&old[i], &fresh[j]) <= 0))
            rows[n++] = old[i++];
        else
            rows[n++] = fresh[j++];
    }
    *count = n;
    if ((rc = category_pages(c, bit, rows, n, sink, n == oldn)))
        goto out;
    rc = save_rows(c->dir, bit, gen, rows, n);
out:
    free(old);
    free(fresh);
    free(rows);
    pd_buf_dispose(&data);
    return rc;
}

static json_t *policy_entry(const site_pol *p)
{
    json_t *o = json_object(), *cats = json_object();
    char hex[17];
    json_object_set_new(o, "tip", json_string(p->tip));
    json_object_set_new(o, "url", json_string(p->url));
    json_object_set_new(o, "source", json_string(p->source ? p->source : ""));
    json_object_set_new(o, "nsite", json_integer((json_int_t)p->nsite));
    json_object_set_new(o, "first_at",
                        p->first_at != INT64_MIN ? json_integer(p->first_at) : json_null());
    if (p->has_last)
        json_object_set_new(o, "last",
                            json_pack("{s:I,s:s,s:b,s:s,s:s}", "at", (json_int_t)p->last_at, "page",
                                      p->last_page, "first", p->last_first, "worst",
                                      pd_severity_name(p->last_worst), "headline",
                                      p->last_headline ? p->last_headline : ""));
    for (unsigned i = 0; i < PD_CAT_COUNT; i++) {
        if (!p->cat_n[i])
            continue;
        snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)p->cat_h[i]);
        json_object_set_new(cats, pd_category_name(1u << i),
                            json_pack("[I,s]", (json_int_t)p->cat_n[i], hex));
    }
    json_object_set_new(o, "cats", cats);
    return o;
}

/* The summary of an unchanged policy, from its entry. */
static void policy_from_entry(site_pol *p, json_t *e)
{
    json_t *l = json_object_get(e, "last");
    int sev;
    p->nsite = jsize(e, "nsite");
    p->first_at = jtime(e, "first_at");
    p->has_last = json_is_object(l);
    if (p->has_last) {
        p->last_at = jtime(l, "at");
        p->last_page = jstr(l, "page");
        p->last_first = json_is_true(json_object_get(l, "first"));
        sev = pd_severity_from_name(jstr(l, "worst"));
        p->last_worst = sev < 0 ? PD_SEV_NONE : (pd_severity)sev;
        p->last_headline = jstr(l, "headline");
        if (!strchr(p->last_page, '/'))
            p->has_last = 0;
    }
}

/* The summary of a policy made this run, from its versions. */
static int policy_summary(site_ctx *c, site_pol *p)
{
    pd_buf row = PD_BUF_INIT;
    p->first_at = INT64_MIN;
    p->has_last = 0;
    for (size_t i = 0; i < p->nord; i++) {
        site_ver *sv = &c->vers[p->ord[i]];
        if (!sv->in_range)
            continue;
        if (p->first_at == INT64_MIN)
            p->first_at = sv->v->captured_at;
        p->has_last = 1;
        p->last_at = sv->v->captured_at;
        p->last_page = sv->page;
        p->last_first = sv->first;
        p->last_worst = sv->worst;
        p->last_headline = sv->headline;
        for (size_t k = 0; k < sv->ncats; k++) {
            site_cat *sc = &sv->cats[k];
            unsigned ci = cat_index(sc->bit);
            int64_t t = sv->v->captured_at;
            pd_buf_clear(&row);
            cat_row_html(&row, sv, sc, p->dir);
            if (pd_buf_error(&row) || !(sc->row = malloc(row.len + 1))) {
                pd_buf_dispose(&row);
                return pd_error_set(PD_ENOMEM, "out of memory");
            }
            memcpy(sc->row, row.ptr, row.len);
            sc->row[row.len] = 0;
            sc->rowlen = row.len;
            p->cat_n[ci]++;
            p->cat_h[ci] = fnv(fnv(p->cat_h[ci], &t, sizeof(t)), row.ptr, row.len);
        }
    }
    pd_buf_dispose(&row);
    return 0;
}

static int manifest_ok(json_t *m, const pd_site_options *opts)
{
    json_t *since = json_object_get(m, "since");
    return m && !strcmp(jstr(m, "schema"), SITE_SCHEMA) &&
           json_integer_value(json_object_get(m, "format")) == SITE_FORMAT &&
           json_is_integer(since) && (int64_t)json_integer_value(since) == opts->since &&
           json_is_object(json_object_get(m, "policies")) &&
           json_is_object(json_object_get(m, "categories")) &&
           json_is_object(json_object_get(m, "aux"));
}

/* One run.  old: the last manifest (any format) or NULL; with full, every
 * page is made. */
static int render_run(pd_site_stats *stp, pd_store *s, const char *dir, const pd_site_options *opts,
                      json_t *old, int full)
{
    pd_site_stats st = {0};
    site_ctx c = {0};
    char **names = NULL;
    pd_policy *pl = NULL;
    size_t nnames = 0, npl = 0, nvers = 0, *porder = NULL, total = 0, ndrop = 0;
    const char **drop = NULL;
    json_t *oldpols = NULL, *oldcats = NULL, *oldaux = NULL, *aux = NULL, *newm = NULL,
           *jpols = NULL, *jcats = NULL, *allnew = NULL;
    json_int_t gen = 1;
    emit_state es;
    page_sink sink;
    pd_buf b = PD_BUF_INIT, rel = PD_BUF_INIT;
    size_t catcounts[PD_CAT_COUNT] = {0};
    int layout_ok = manifest_ok(old, opts), npols_one_changed = 1, rc;
    char *text = NULL;

    c.store = s;
    c.dir = dir;
    c.opts = opts;
    c.full = full || opts->full || !layout_ok;
    if (layout_ok) {
        oldpols = json_object_get(old, "policies");
        oldcats = json_object_get(old, "categories");
        oldaux = json_object_get(old, "aux");
        gen = json_integer_value(json_object_get(old, "gen")) + 1;
    } else if (old) {
        oldaux = json_object_get(old, "aux");
    }
    if ((rc = pd_store_policy_names(&names, &nnames, s)) ||
        (rc = pd_store_policy_list(&pl, &npl, s)))
        goto out;
    /* policies: every one with versions, plus watched ones without any */
    c.pols = calloc(nnames + npl + 1, sizeof(*c.pols));
    if (!c.pols) {
        rc = pd_error_set(PD_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0, j = 0; i < nnames || j < npl;) {
        site_pol *p = &c.pols[c.npols++];
        int d = i >= nnames ? 1 : j >= npl ? -1 : strcmp(names[i], pl[j].name);
        const char *conf_url = NULL;
        if (d <= 0)
            p->name = names[i++];
        if (d >= 0) {
            if (d > 0)
                p->name = pl[j].name;
            conf_url = pl[j++].url;
        }
        p->url = conf_url && *conf_url ? conf_url : NULL;
    }
    for (size_t i = 0; i < c.npols; i++) {
        site_pol *p = &c.pols[i];
        const char *old_url;
        if (!(p->dir = pd_site_policy_dir(p->name))) {
            rc = pd_error_set(PD_ENOMEM, "out of memory");
            goto out;
        }
        if ((rc = pd_store_policy_tip(p->tip, s, p->name)) ||
            (rc = pd_store_capture_range(s, p->name, &(int64_t){0}, &p->cap_last)))
            goto out;
        p->old = oldpols ? json_object_get(oldpols, p->name) : NULL;
        p->changed = 1;
        if (c.full || !json_is_object(p->old) || strcmp(jstr(p->old, "tip"), p->tip))
            continue;
        /* the same versions: the same pages, unless the URL moved */
        old_url = p->url ? p->url : jstr(p->old, "source");
        if (strcmp(old_url, jstr(p->old, "url")))
            continue;
        /* its page is there (a page deleted by hand comes back) */
        pd_buf_clear(&b);
        pd_buf_printf(&b, "%s/p/%s/index.html", dir, p->dir);
        if ((rc = pd_buf_error(&b)))
            goto out;
        if (access(pd_buf_cstr(&b), F_OK) != 0)
            continue;
        p->changed = 0;
        p->url = old_url;
        p->source = jstr(p->old, "source");
        policy_from_entry(p, p->old);
    }
    /* the versions of the policies that changed, grouped, oldest first */
    for (size_t i = 0; i < c.npols; i++) {
        site_pol *p = &c.pols[i];
        if (!p->changed)
            continue;
        if (p->tip[0] && (rc = pd_store_log(&p->log, &p->nlog, s, p->name, INT64_MIN, INT64_MAX)))
            goto out;
        nvers += p->nlog;
        if (!c.full && json_is_object(p->old)) {
            if ((rc = rel_path(&rel, "p", p->dir, ".json")))
                goto out;
            p->oldfile = load_json(dir, pd_buf_cstr(&rel));
            p->oldpages = json_object_get(p->oldfile, "pages");
            if (!json_is_object(p->oldpages))
                p->oldpages = NULL;
        }
    }
    c.vers = calloc(nvers ? nvers : 1, sizeof(*c.vers));
    if (!c.vers) {
        rc = pd_error_set(PD_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < c.npols; i++) {
        site_pol *p = &c.pols[i];
        if (!p->changed)
            continue;
        p->source = p->nlog && p->log[p->nlog - 1].source ? p->log[p->nlog - 1].source : "";
        if (!p->url)
            p->url = p->source;
        if (!p->nlog)
            continue;
        if (!(p->ord = malloc(p->nlog * sizeof(*p->ord)))) {
            rc = pd_error_set(PD_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t k = 0; k < p->nlog; k++) {
            site_ver *sv = &c.vers[c.nvers];
            sv->v = &p->log[k];
            sv->parent = k ? (long)c.nvers - 1 : -1;
            sv->first = sv->parent < 0;
            sv->in_range = sv->v->captured_at >= opts->since;
            sv->pol = i;
            p->ord[p->nord++] = c.nvers++;
            p->nsite += sv->in_range;
        }
    }
    /* page names, and which pages must be written */
    for (size_t i = 0; i < c.nvers; i++) {
        site_ver *sv = &c.vers[i];
        const site_pol *p = &c.pols[sv->pol];
        char ts[16];
        pd_buf_clear(&b);
        pd_time_format_wayback(ts, sizeof(ts), sv->v->captured_at);
        pd_buf_printf(&b, "p/%s/%.8s-%.6s-%.7s.html", p->dir, ts, ts + 8, sv->v->commit);
        if ((rc = pd_buf_error(&b)) || !(sv->page = strdup(pd_buf_cstr(&b)))) {
            rc = rc ? rc : pd_error_set(PD_ENOMEM, "out of memory");
            goto out;
        }
        if (!sv->in_range)
            continue;
        sv->write = c.full || !p->oldpages || !reuse_entry(sv, &c, p->oldpages);
    }
    /* directories */
    {
        static const char *const dirs[] = {"p", "c", SITE_DATA, SITE_DATA "/p", SITE_DATA "/c"};
        for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
            pd_buf_clear(&b);
            pd_buf_printf(&b, "%s/%s", dir, dirs[i]);
            if ((rc = pd_buf_error(&b)) || (rc = make_dir(pd_buf_cstr(&b))))
                goto out;
        }
    }
    for (size_t i = 0; i < c.npols; i++) {
        if (!c.pols[i].changed)
            continue;
        pd_buf_clear(&b);
        pd_buf_printf(&b, "%s/p/%s", dir, c.pols[i].dir);
        if ((rc = pd_buf_error(&b)) || (rc = make_dir(pd_buf_cstr(&b))))
            goto out;
    }
    /* Builds the per-policy index before the threads so that none of them
     * rebuilds it on its own. */
    if (c.nvers) {
        pd_buf_clear(&b);
        if ((rc = pd_store_show(&b, NULL, s, c.vers[0].v->policy, c.vers[0].v->captured_at)))
            goto out;
    }
    /* One small diff here first, so that anything the aligner or the
     * classifier sets up on first use is set up before the threads start. */
    if (c.nvers) {
        pd_diff *warm = NULL;
        pd_align_options ao = PD_ALIGN_OPTIONS_INIT;
        static const char a[] = "# Policy\n\nWe do not sell your data.\n";
        static const char w[] = "# Policy\n\nWe may sell your data to partners.\n";
        if ((rc = pd_diff_texts(&warm, a, sizeof(a) - 1, w, sizeof(w) - 1, &ao)))
            goto out;
        pd_diff_free(warm);
    }
    if ((rc = run_workers(&c)))
        goto out;
    for (size_t i = 0; i < c.nvers; i++) {
        if (!c.vers[i].in_range)
            continue;
        if (c.vers[i].write)
            st.versions_written++;
        else
            st.versions_kept++;
    }
    for (size_t i = 0; i < c.npols; i++) {
        site_pol *p = &c.pols[i];
        total += p->nsite;
        if (!p->changed)
            st.versions_kept += p->nsite;
        else if ((rc = policy_summary(&c, p)))
            goto out;
    }

    /* the pages over everything */
    aux = json_object();
    es.c = &c;
    es.st = &st;
    es.aux = aux;
    sink.emit = emit_page;
    sink.ud = &es;
    pd_buf_clear(&b);
    pd_buf_put(&b, site_css, sizeof(site_css) - 1);
    if ((rc = pd_buf_error(&b)) || (rc = emit_page(&es, "style.css", &b, 1)))
        goto out;
    for (size_t i = 0; i < c.npols; i++) {
        char relp[4200];
        snprintf(relp, sizeof(relp), "p/%s/index.html", c.pols[i].dir);
        if (!c.pols[i].changed) {
            st.pages_unchanged++;
            json_object_set_new(aux, relp, json_true());
            continue;
        }
        pd_buf_clear(&b);
        if ((rc = policy_page(&b, &c, &c.pols[i])) || (rc = emit_page(&es, relp, &b, 1)))
            goto out;
    }
    /* category pages: made again only when their rows change */
    if (oldpols) {
        const char *k;
        json_t *v;
        npols_one_changed =
            (json_integer_value(json_object_get(old, "npols")) == 1) != (c.npols == 1);
        drop = malloc((c.npols + json_object_size(oldpols) + 1) * sizeof(*drop));
        if (!drop) {
            rc = pd_error_set(PD_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < c.npols; i++)
            if (c.pols[i].changed)
                drop[ndrop++] = c.pols[i].name;
        json_object_foreach(oldpols, k, v)
        {
            if (!bsearch(k, c.pols, c.npols, sizeof(*c.pols), cmp_pol_name))
                drop[ndrop++] = k;
        }
        qsort(drop, ndrop, sizeof(*drop), cmp_str_pp);
    }
    jcats = json_object();
    for (unsigned ci = 0; ci < PD_CAT_COUNT; ci++) {
        unsigned bit = 1u << ci;
        json_t *oc = oldcats ? json_object_get(oldcats, pd_category_name(bit)) : NULL;
        int dirty = c.full || !json_is_object(oc) || npols_one_changed;
        if (!dirty) {
            pd_buf_clear(&b);
            pd_buf_printf(&b, "%s/c/%s.html", dir, pd_category_name(bit));
            dirty = pd_buf_error(&b) || access(pd_buf_cstr(&b), F_OK) != 0;
        }
        for (size_t d = 0; d < ndrop && !dirty; d++) {
            site_pol *p = bsearch(drop[d], c.pols, c.npols, sizeof(*c.pols), cmp_pol_name);
            size_t on;
            uint64_t oh;
            old_cat(&on, &oh, json_object_get(oldpols, drop[d]), ci);
            if (p ? on != p->cat_n[ci] || (on && oh != p->cat_h[ci]) : on != 0)
                dirty = 1;
        }
        if (!dirty) {
            size_t n = jsize(oc, "n"), np = cat_npages(n);
            char name[96];
            catcounts[ci] = n;
            for (size_t pg = 0; pg < np; pg++) {
                cat_page_name(name, sizeof(name), bit, pg);
                json_object_set_new(aux, name, json_true());
            }
            st.pages_unchanged += np;
            json_object_set(jcats, pd_category_name(bit), oc);
            continue;
        }
        if ((rc = category_update(&c, bit, drop, ndrop, oc, gen, &sink, &catcounts[ci])))
            goto out;
        json_object_set_new(jcats, pd_category_name(bit),
                            json_pack("{s:I,s:I}", "n", (json_int_t)catcounts[ci], "gen", gen));
    }
    pd_buf_clear(&b);
    categories_index(&b, catcounts);
    if ((rc = pd_buf_error(&b)) || (rc = emit_page(&es, "c/index.html", &b, 1)))
        goto out;
    porder = malloc((c.npols ? c.npols : 1) * sizeof(*porder));
    if (!porder) {
        rc = pd_error_set(PD_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < c.npols; i++)
        porder[i] = i;
    sort_ctx = &c;
    qsort(porder, c.npols, sizeof(*porder), cmp_by_last);
    pd_buf_clear(&b);
    index_page(&b, &c, porder, 0, total);
    if ((rc = pd_buf_error(&b)) || (rc = emit_page(&es, "index.html", &b, 1)))
        goto out;
    qsort(porder, c.npols, sizeof(*porder), cmp_by_name);
    pd_buf_clear(&b);
    index_page(&b, &c, porder, 1, total);
    if ((rc = pd_buf_error(&b)) || (rc = emit_page(&es, "by-name.html", &b, 1)))
        goto out;

    /* each changed policy's manifest, then stale pages away */
    if (old && !layout_ok)
        allnew = json_object();
    jpols = json_object();
    for (size_t i = 0; i < c.npols; i++) {
        site_pol *p = &c.pols[i];
        json_t *pages, *pm;
        if (!p->changed) {
            json_object_set(jpols, p->name, p->old);
            continue;
        }
        pages = json_object();
        for (size_t k = 0; k < p->nord; k++) {
            const site_ver *sv = &c.vers[p->ord[k]];
            if (!sv->in_range)
                continue;
            json_object_set_new(pages, sv->page, manifest_entry(sv, &c));
            if (allnew)
                json_object_set_new(allnew, sv->page, json_true());
        }
        if (p->oldpages) {
            const char *k;
            json_t *v;
            json_object_foreach(p->oldpages, k, v)
            {
                if (!json_object_get(pages, k) && !strncmp(k + 2, p->dir, strlen(p->dir)) &&
                    k[2 + strlen(p->dir)] == '/')
                    unlink_rel(dir, k, &st);
            }
        }
        pm = json_pack("{s:s,s:o}", "tip", p->tip, "pages", pages);
        free(text);
        text = pm ? json_dumps(pm, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(pm);
        if (!text) {
            rc = pd_error_set(PD_ENOMEM, "out of memory");
            goto out;
        }
        pd_buf_clear(&b);
        pd_buf_puts(&b, text);
        if ((rc = rel_path(&rel, "p", p->dir, ".json")) ||
            (rc = put_file(dir, pd_buf_cstr(&rel), &b, 0, NULL)))
            goto out;
        json_object_set_new(jpols, p->name, policy_entry(p));
    }
    if (oldpols) {
        /* policies gone from the store and from policies.conf */
        const char *k;
        json_t *v;
        json_object_foreach(oldpols, k, v)
        {
            json_t *f, *pages;
            const char *pk;
            json_t *pv;
            char *pdir;
            if (bsearch(k, c.pols, c.npols, sizeof(*c.pols), cmp_pol_name))
                continue;
            if (!(pdir = pd_site_policy_dir(k))) {
                rc = pd_error_set(PD_ENOMEM, "out of memory");
                goto out;
            }
            rc = rel_path(&rel, "p", pdir, ".json");
            free(pdir);
            if (rc)
                goto out;
            f = load_json(dir, pd_buf_cstr(&rel));
            pages = json_object_get(f, "pages");
            json_object_foreach(pages, pk, pv) unlink_rel(dir, pk, &st);
            json_decref(f);
            pd_buf_clear(&b);
            pd_buf_printf(&b, "%s/%s", dir, pd_buf_cstr(&rel));
            if (!pd_buf_error(&b))
                unlink(pd_buf_cstr(&b));
        }
    }
    if (allnew) {
        /* a manifest of the first layout lists every version page */
        const char *k;
        json_t *v;
        json_object_foreach(json_object_get(old, "pages"), k, v)
        {
            if (!json_object_get(allnew, k))
                unlink_rel(dir, k, &st);
        }
    }
    if (oldaux) {
        const char *k;
        json_t *v;
        json_object_foreach(oldaux, k, v)
        {
            if (!json_object_get(aux, k))
                unlink_rel(dir, k, &st);
        }
    }
    newm = json_object();
    json_object_set_new(newm, "schema", json_string(SITE_SCHEMA));
    json_object_set_new(newm, "format", json_integer(SITE_FORMAT));
    json_object_set_new(newm, "since", json_integer(opts->since));
    json_object_set_new(newm, "npols", json_integer((json_int_t)c.npols));
    json_object_set_new(newm, "gen", json_integer(gen));
    json_object_set_new(newm, "policies", jpols);
    jpols = NULL;
    json_object_set_new(newm, "categories", jcats);
    jcats = NULL;
    json_object_set(newm, "aux", aux);
    free(text);
    text = json_dumps(newm, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text) {
        rc = pd_error_set(PD_ENOMEM, "out of memory");
        goto out;
    }
    pd_buf_clear(&b);
    pd_buf_printf(&b, "%s/%s", dir, PD_SITE_MANIFEST);
    if ((rc = pd_buf_error(&b)) || (rc = pd_write_file_atomic(pd_buf_cstr(&b), text, strlen(text))))
        goto out;
    st.policies = c.npols;
    st.versions = total;
out:
    if (stp)
        *stp = st;
    free(text);
    free(drop);
    json_decref(newm);
    json_decref(aux);
    json_decref(jpols);
    json_decref(jcats);
    json_decref(allnew);
    pd_buf_dispose(&b);
    pd_buf_dispose(&rel);
    free(porder);
    for (size_t i = 0; i < c.nvers; i++) {
        free(c.vers[i].page);
        free(c.vers[i].headline);
        for (size_t k = 0; k < c.vers[i].ncats; k++) {
            free(c.vers[i].cats[k].sections);
            free(c.vers[i].cats[k].row);
        }
        free(c.vers[i].cats);
    }
    for (size_t i = 0; i < c.npols; i++) {
        free(c.pols[i].dir);
        free(c.pols[i].ord);
        pd_version_array_free(c.pols[i].log, c.pols[i].nlog);
        json_decref(c.pols[i].oldfile);
    }
    free(c.vers);
    free(c.pols);
    pd_store_names_free(names, nnames);
    pd_policy_array_free(pl, npl);
    return rc;
}

static pthread_mutex_t render_mu = PTHREAD_MUTEX_INITIALIZER;

int pd_site_render(pd_site_stats *stats, pd_store *s, const char *dir, const pd_site_options *opts)
{
    pd_site_options defaults = PD_SITE_OPTIONS_INIT;
    pd_buf path = PD_BUF_INIT;
    json_t *old = NULL;
    int fresh, rc;

    if (!opts)
        opts = &defaults;
    if (stats)
        memset(stats, 0, sizeof(*stats));
    /* qsort comparators share file-level state. */
    pthread_mutex_lock(&render_mu);
    if ((rc = check_dir(dir, &fresh)))
        goto out;
    if (!fresh)
        old = load_json(dir, PD_SITE_MANIFEST);
    rc = render_run(stats, s, dir, opts, old, 0);
    if (rc == SITE_RETRY)
        rc = render_run(stats, s, dir, opts, old, 1);
out:
    pthread_mutex_unlock(&render_mu);
    pd_buf_dispose(&path);
    json_decref(old);
    return rc;
}
