/*
 * captures.c - every capture of one policy, on its own branch.
 *
 * refs/heads/captures/<NAME> holds one commit per recorded capture (in the
 * order they arrived; that order matters to nothing).  Its tree is fanned
 * out by year and month so a capture writes three small trees:
 *   <YYYY>/<MM>/<stem>.meta         Source:, Via:, Captured-At:, Raw-SHA256:,
 *                                   [Wayback-Timestamp:], [Language:],
 *                                   [Rendered-By:], [Summary:] lines
 *   <YYYY>/<MM>/<stem>.raw.<ext>    the bytes as fetched
 *   <YYYY>/<MM>/<stem>.text.md      their canonical Markdown (absent when
 *                                   today's normalizer or guard refuses them)
 * where <stem> is <YYYYMMDDhhmmss>-<first 16 hex of SHA-256>[-wb<ts>].  The
 * set of these files is the truth a policy's versions are derived from
 * (chain.c).  Git sorts tree entries by name, so walking the year and month
 * trees in order lists the captures by time.
 */
#include "store/store_internal.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pd_store_ref_name(pd_buf *out, const char *prefix, const char *name)
{
    pd_buf_clear(out);
    pd_buf_printf(out, "%s%s", prefix, name);
    return pd_buf_error(out);
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int all_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return 1;
}

int pd_caps_parse_stem(char stem[PD_STEM_MAX + 1], int64_t *time, const char **suffix,
                       const char *fname)
{
    size_t len = strlen(fname), n = 31;
    char ts[15];
    if (len < 32 || !all_digits(fname, 14) || fname[14] != '-' || !all_hex(fname + 15, 16))
        return -1;
    if (!strncmp(fname + 31, "-wb", 3)) {
        if (len < 48 || !all_digits(fname + 34, 14))
            return -1;
        n = 48;
    }
    if (fname[n] != '.')
        return -1;
    memcpy(ts, fname, 14);
    ts[14] = '\0';
    if (pd_time_parse(time, ts))
        return -1;
    memcpy(stem, fname, n);
    stem[n] = '\0';
    *suffix = fname + n;
    return 0;
}

int pd_caps_path(pd_buf *out, const char *stem, const char *suffix)
{
    pd_buf_clear(out);
    pd_buf_printf(out, "%.4s/%.2s/%s%s", stem, stem + 4, stem, suffix);
    return pd_buf_error(out);
}

void pd_caps_dispose(pd_caps *c)
{
    free(c->v);
    memset(c, 0, sizeof(*c));
}

static pd_cap *caps_slot(pd_caps *c, const char *stem, int64_t time)
{
    if (c->n && !strcmp(c->v[c->n - 1].stem, stem))
        return &c->v[c->n - 1];
    if (c->n == c->cap && pd_array_grow(&c->v, &c->cap, sizeof(*c->v), 64))
        return NULL;
    memset(&c->v[c->n], 0, sizeof(c->v[0]));
    snprintf(c->v[c->n].stem, sizeof(c->v[0].stem), "%s", stem);
    c->v[c->n].time = time;
    return &c->v[c->n++];
}

static int add_month(pd_caps *out, pd_store *s, const git_oid *month)
{
    git_tree *t = NULL;
    size_t n;
    int rc = 0;
    if (git_tree_lookup(&t, s->repo, month) < 0)
        return pd_store_git_fail("cannot read a policy's captures");
    n = git_tree_entrycount(t);
    for (size_t i = 0; i < n; i++) {
        const git_tree_entry *e = git_tree_entry_byindex(t, i);
        const char *suffix;
        char stem[PD_STEM_MAX + 1];
        int64_t when;
        pd_cap *c;
        if (git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
            pd_caps_parse_stem(stem, &when, &suffix, git_tree_entry_name(e)))
            continue;
        if (!(c = caps_slot(out, stem, when))) {
            rc = PD_ENOMEM_SET();
            break;
        }
        if (!strcmp(suffix, ".meta")) {
            c->has_meta = 1;
            git_oid_cpy(&c->meta, git_tree_entry_id(e));
        } else if (!strcmp(suffix, ".text.md")) {
            c->has_text = 1;
            git_oid_cpy(&c->text, git_tree_entry_id(e));
        } else if (!strncmp(suffix, ".raw.", 5) && strlen(suffix + 5) < sizeof(c->ext)) {
            c->has_raw = 1;
            git_oid_cpy(&c->raw, git_tree_entry_id(e));
            snprintf(c->ext, sizeof(c->ext), "%s", suffix + 5);
        }
    }
    git_tree_free(t);
    return rc;
}

/* Calls add_month for every <YYYY>/<MM> subtree of tree, in order. */
static int walk_months(pd_caps *out, pd_store *s, const git_oid *root)
{
    git_tree *years = NULL, *months = NULL;
    size_t ny;
    int rc = 0;
    if (git_tree_lookup(&years, s->repo, root) < 0)
        return pd_store_git_fail("cannot read a policy's captures");
    ny = git_tree_entrycount(years);
    for (size_t y = 0; y < ny && !rc; y++) {
        const git_tree_entry *ye = git_tree_entry_byindex(years, y);
        size_t nm;
        if (git_tree_entry_type(ye) != GIT_OBJECT_TREE)
            continue;
        if (git_tree_lookup(&months, s->repo, git_tree_entry_id(ye)) < 0) {
            rc = pd_store_git_fail("cannot read a policy's captures");
            break;
        }
        nm = git_tree_entrycount(months);
        for (size_t m = 0; m < nm && !rc; m++) {
            const git_tree_entry *me = git_tree_entry_byindex(months, m);
            if (git_tree_entry_type(me) == GIT_OBJECT_TREE)
                rc = add_month(out, s, git_tree_entry_id(me));
        }
        git_tree_free(months);
        months = NULL;
    }
    git_tree_free(years);
    return rc;
}

int pd_store_captures_tip(git_commit **out, git_oid *tip, int *unborn, pd_store *s,
                          const char *name)
{
    pd_buf ref = PD_BUF_INIT;
    git_oid id;
    int rc;

    *out = NULL;
    if (!tip)
        tip = &id;
    if (!(rc = pd_store_ref_name(&ref, PD_CAPTURES_PREFIX, name)) &&
        !(rc = pd_store_ref_id(tip, unborn, s, ref.ptr)) && !*unborn &&
        git_commit_lookup(out, s->repo, tip) < 0) {
        *out = NULL;
        rc = pd_store_git_fail("cannot read a policy's captures");
    }
    pd_buf_dispose(&ref);
    return rc;
}

int pd_caps_load(pd_caps *out, git_oid *tip, int *unborn, pd_store *s, const char *name)
{
    git_commit *c = NULL;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!(rc = pd_store_captures_tip(&c, tip, unborn, s, name)) && c)
        rc = walk_months(out, s, git_commit_tree_id(c));
    if (rc)
        pd_caps_dispose(out);
    git_commit_free(c);
    return rc;
}
