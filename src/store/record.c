/*
 * record.c - recording a capture, and re-deriving versions from the
 * captures (rebuild).
 *
 * A record writes the capture first (raw bytes, text, details: one commit on
 * the policy's captures branch), then the version chain (chain.c), then the
 * index, then the view on main (when the lock is released).  Each step moves
 * one ref with a compare-and-swap, so a run killed at any point leaves every
 * ref at a complete commit, never a version without its raw capture; a
 * capture whose version was not derived yet is derived by the next write.
 */
#include "store/store_internal.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/timeutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *sniff_ext(const char *raw, size_t len)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)raw[i]))
        i++;
    if (len >= 5 && !memcmp(raw, "%PDF-", 5))
        return "pdf";
    if (i < len && raw[i] == '<')
        return "html";
    return "txt";
}

static int ext_ok(const char *ext)
{
    size_t n = strlen(ext);
    if (!n || n > 10)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)ext[i]))
            return 0;
    return 1;
}

static int check_one_line(const char *what, const char *v)
{
    if (v && strpbrk(v, "\r\n"))
        return pd_error_set(PD_EINVALID, "the %s must be one line", what);
    return 0;
}

static int check_options(const pd_record_options *o)
{
    int rc;
    if ((rc = pd_policy_name_check(o->policy)))
        return rc;
    if (o->via && strcmp(o->via, "live") && strcmp(o->via, "wayback") && strcmp(o->via, "file"))
        return pd_error_set(PD_EINVALID, "via must be live, wayback or file, not '%s'", o->via);
    if (o->wayback_ts && *o->wayback_ts &&
        (strlen(o->wayback_ts) != 14 || strspn(o->wayback_ts, "0123456789") != 14))
        return pd_error_set(PD_EINVALID, "a Wayback timestamp has 14 digits, not '%s'",
                            o->wayback_ts);
    if ((rc = check_one_line("source", o->source)) ||
        (rc = check_one_line("summary", o->summary)) ||
        (rc = check_one_line("final URL", o->final_url)) ||
        (rc = check_one_line("browser", o->browser)))
        return rc;
    if (o->language && *o->language && (rc = pd_language_check(o->language)))
        return rc;
    if (o->captured_at < 0 || o->captured_at > (int64_t)253402300799)
        return pd_error_set(PD_EINVALID, "the capture time is out of range (years 1970-9999)");
    if (o->captured_at > pd_time_now() + PD_STORE_FUTURE_SLACK) {
        char iso[32];
        pd_time_format_iso(iso, sizeof(iso), o->captured_at);
        return pd_error_set(PD_EINVALID,
                            "the capture time %s is in the future; give the time the page was "
                            "captured (is the clock right?)",
                            iso);
    }
    return 0;
}

static int meta_text(pd_buf *out, const pd_record_options *o, const char *sha)
{
    char iso[32];
    pd_time_format_iso(iso, sizeof(iso), o->captured_at);
    pd_buf_printf(out, "Source: %s\n", o->source ? o->source : "");
    if (o->final_url && *o->final_url && (!o->source || strcmp(o->final_url, o->source)))
        pd_buf_printf(out, "Final-URL: %s\n", o->final_url);
    pd_buf_printf(out, "Via: %s\nCaptured-At: %s\nRaw-SHA256: %s\n", o->via ? o->via : "file", iso,
                  sha);
    if (o->wayback_ts && *o->wayback_ts)
        pd_buf_printf(out, "Wayback-Timestamp: %s\n", o->wayback_ts);
    if (o->language && *o->language)
        pd_buf_printf(out, "Language: %s\n", o->language);
    if (o->browser && *o->browser)
        pd_buf_printf(out, "Rendered-By: %s\n", o->browser);
    if (o->summary && *o->summary)
        pd_buf_printf(out, "Summary: %s\n", o->summary);
    return pd_buf_error(out);
}

typedef struct {
    git_tree_update v[3];
    pd_buf path[3];
} capture_files;

static void files_dispose(capture_files *f)
{
    for (int i = 0; i < 3; i++)
        pd_buf_dispose(&f->path[i]);
}

static int set_file(capture_files *f, int i, const char *stem, const char *suffix,
                    const git_oid *id)
{
    int rc = pd_caps_path(&f->path[i], stem, suffix);
    f->v[i].action = id ? GIT_TREE_UPDATE_UPSERT : GIT_TREE_UPDATE_REMOVE;
    if (id)
        f->v[i].id = *id;
    else
        memset(&f->v[i].id, 0, sizeof(git_oid));
    f->v[i].filemode = GIT_FILEMODE_BLOB;
    f->v[i].path = f->path[i].ptr;
    return rc;
}

/* Commits updates on top of name's captures (old: tip, NULL for none). */
static int write_captures(git_oid *new_tip, pd_store *s, const char *name, const git_oid *old,
                          const git_tree_update *ups, size_t n, int64_t when, const char *msg)
{
    git_commit *c = NULL;
    git_tree *base = NULL;
    git_signature *sig = NULL;
    pd_buf ref = PD_BUF_INIT;
    git_oid tree_id;
    int rc;

    if ((rc = pd_store_ref_name(&ref, PD_CAPTURES_PREFIX, name)))
        goto out;
    if (old && (git_commit_lookup(&c, s->repo, old) < 0 || git_commit_tree(&base, c) < 0)) {
        rc = pd_store_git_fail("cannot read a policy's captures");
        goto out;
    }
    if (git_tree_create_updated(&tree_id, s->repo, base, n, ups) < 0) {
        rc = pd_store_git_fail("cannot write a raw capture");
        goto out;
    }
    if (git_signature_new(&sig, "policydiff", "policydiff@localhost", (git_time_t)when, 0) < 0) {
        rc = pd_store_git_fail("cannot make a signature");
        goto out;
    }
    rc = pd_store_commit_ref(s, ref.ptr, old, &tree_id, sig, msg, new_tip);
out:
    git_signature_free(sig);
    git_tree_free(base);
    git_commit_free(c);
    pd_buf_dispose(&ref);
    return rc;
}

/* Keeps the handle's captures cache (store.c) right after a record moved
 * name's captures from old to new with cap, instead of reading them all
 * again at the next question. */
static void caps_cache_note(pd_store *s, const char *name, const git_oid *old,
                            const git_oid *new_tip, const pd_cap *cap)
{
    pd_caps *c = &s->caps;
    size_t at;
    if (!s->caps_name || strcmp(s->caps_name, name) ||
        (old ? !git_oid_equal(&s->caps_tip, old) : !git_oid_is_zero(&s->caps_tip)))
        return;
    if (c->n == c->cap && pd_array_grow(&c->v, &c->cap, sizeof(*c->v), 64)) {
        free(s->caps_name); /* forget the cache: it is read again */
        s->caps_name = NULL;
        return;
    }
    for (at = c->n; at > 0 && strcmp(c->v[at - 1].stem, cap->stem) > 0; at--)
        ;
    memmove(&c->v[at + 1], &c->v[at], (c->n - at) * sizeof(*c->v));
    c->v[at] = *cap;
    c->n++;
    git_oid_cpy(&s->caps_tip, new_tip);
}

/* 1 when the captures tree at tip has stem's meta file. */
static int has_stem(pd_store *s, const git_oid *tip, const char *stem)
{
    git_commit *c = NULL;
    git_tree *t = NULL;
    git_tree_entry *e = NULL;
    pd_buf p = PD_BUF_INIT;
    int found = 0;
    if (!pd_caps_path(&p, stem, ".meta") && git_commit_lookup(&c, s->repo, tip) == 0 &&
        git_commit_tree(&t, c) == 0)
        found = git_tree_entry_bypath(&e, t, p.ptr) == 0;
    git_tree_entry_free(e);
    git_tree_free(t);
    git_commit_free(c);
    pd_buf_dispose(&p);
    return found;
}

/* Refused (PD_ECONFLICT) when a capture at time t with text blob would
 * re-create pushed versions: it changes the text in effect and a later
 * version exists. */
static int precheck_pushed(pd_store *s, const char *name, const pd_idx *idx, int64_t t,
                           const git_oid *blob)
{
    long i = pd_idx_find(idx, t);
    git_oid b, next;
    if ((size_t)(i + 1) >= idx->n)
        return 0;
    if (i >= 0) {
        pd_idx_blob(&b, idx, (size_t)i);
        if (git_oid_equal(&b, blob))
            return 0;
    }
    pd_idx_commit(&next, idx, (size_t)(i + 1));
    return pd_chain_check_pushed(s, name, &next);
}

/* Names capture cap of o: its stem (time, raw sha, Wayback timestamp), time
 * and raw file extension; sha gets the raw's SHA-256. */
static void capture_name(pd_cap *cap, char sha[65], const pd_record_options *o, const char *raw,
                         size_t rawlen)
{
    char ts[16];
    pd_sha256_hex(sha, raw, rawlen);
    pd_time_format_wayback(ts, sizeof(ts), o->captured_at);
    snprintf(cap->stem, sizeof(cap->stem), "%s-%.16s%s%s", ts, sha,
             o->wayback_ts && *o->wayback_ts ? "-wb" : "",
             o->wayback_ts && *o->wayback_ts ? o->wayback_ts : "");
    cap->time = o->captured_at;
    snprintf(cap->ext, sizeof(cap->ext), "%s",
             o->raw_ext && ext_ok(o->raw_ext) ? o->raw_ext : sniff_ext(raw, rawlen));
}

/* The versions after capture cap was written (the captures now at
 * new_ctip): appended when it is the newest (fast), else derived again. */
static int update_versions(pd_record_result *result, pd_store *s, const pd_record_options *o,
                           pd_idx *idx, pd_cap *cap, const git_oid *new_ctip, int fast)
{
    int rc;
    if (fast) {
        git_oid last;
        size_t old_n = idx->n;
        if (idx->n)
            pd_idx_blob(&last, idx, idx->n - 1);
        if (!idx->n || !git_oid_equal(&last, &cap->text)) {
            if ((rc = pd_chain_append(s, o->policy, idx, cap)))
                return rc;
            *result = PD_RECORD_COMMITTED;
        }
        git_oid_cpy(&idx->ctip, new_ctip);
        snprintf(idx->last_stem, sizeof(idx->last_stem), "%s", cap->stem);
        if (idx->n && pd_idx_save(s, o->policy, idx, old_n))
            pd_error_clear();
    } else {
        pd_derive_stats st;
        if ((rc = pd_chain_derive(&st, s, o->policy, o->force, 0)))
            return rc;
        s->recreated = st.recreated;
        s->dropped = st.dropped;
        if (st.added)
            *result = st.recreated || st.dropped ? PD_RECORD_INSERTED : PD_RECORD_COMMITTED;
    }
    return 0;
}

static int record_locked(pd_record_result *result, pd_store *s, const pd_record_options *o,
                         const char *raw, size_t rawlen, const char *text, size_t textlen)
{
    char sha[65], iso[32];
    pd_buf ref = PD_BUF_INIT, meta = PD_BUF_INIT, msg = PD_BUF_INIT;
    capture_files f;
    pd_idx idx = {0};
    pd_cap cap;
    git_oid ctip, new_ctip;
    int unborn, rc, fast;

    memset(&f, 0, sizeof(f));
    memset(&cap, 0, sizeof(cap));
    if ((rc = pd_upgrade_if_needed(s)))
        goto out;
    capture_name(&cap, sha, o, raw, rawlen);
    pd_time_format_iso(iso, sizeof(iso), o->captured_at);
    if ((rc = pd_store_ref_name(&ref, PD_CAPTURES_PREFIX, o->policy)) ||
        (rc = pd_store_ref_id(&ctip, &unborn, s, ref.ptr)))
        goto out;
    if ((!unborn && has_stem(s, &ctip, cap.stem)) ||
        (o->wayback_ts && *o->wayback_ts &&
         pd_store_has_capture(s, o->policy, o->wayback_ts, NULL) == 1)) {
        *result = PD_RECORD_DUPLICATE;
        goto out;
    }
    if ((rc = meta_text(&meta, o, sha)))
        goto out;
    if (git_blob_create_from_buffer(&cap.raw, s->repo, raw, rawlen) < 0 ||
        git_blob_create_from_buffer(&cap.text, s->repo, text, textlen) < 0 ||
        git_blob_create_from_buffer(&cap.meta, s->repo, pd_buf_cstr(&meta), meta.len) < 0) {
        rc = pd_store_git_fail("cannot write a raw capture");
        goto out;
    }
    cap.has_raw = cap.has_text = cap.has_meta = 1;
    if ((rc = pd_idx_load(&idx, s, o->policy)))
        goto out;
    /* the index describes the captures as they are, and this one is the newest */
    fast = (unborn ? git_oid_is_zero(&idx.ctip) && idx.n == 0 : git_oid_equal(&idx.ctip, &ctip)) &&
           strcmp(cap.stem, idx.last_stem) > 0;
    if (!fast && !o->force && (rc = precheck_pushed(s, o->policy, &idx, cap.time, &cap.text)))
        goto out;
    if ((rc = pd_buf_error(&ref)))
        goto out;
    pd_buf_printf(&msg, "%s: capture %s\n\nPolicy: %s\nCapture: %s\n", o->policy, iso, o->policy,
                  cap.stem);
    if ((rc = pd_buf_error(&msg)) || (rc = set_file(&f, 0, cap.stem, ".meta", &cap.meta)) ||
        (rc = pd_buf_error(&f.path[0])))
        goto out;
    {
        char suffix[24];
        snprintf(suffix, sizeof(suffix), ".raw.%s", cap.ext);
        if ((rc = set_file(&f, 1, cap.stem, suffix, &cap.raw)) ||
            (rc = set_file(&f, 2, cap.stem, ".text.md", &cap.text)))
            goto out;
    }
    if ((rc = write_captures(&new_ctip, s, o->policy, unborn ? NULL : &ctip, f.v, 3, cap.time,
                             msg.ptr)))
        goto out;
    caps_cache_note(s, o->policy, unborn ? NULL : &ctip, &new_ctip, &cap);
    rc = update_versions(result, s, o, &idx, &cap, &new_ctip, fast);
out:
    files_dispose(&f);
    pd_idx_dispose(&idx);
    pd_buf_dispose(&ref);
    pd_buf_dispose(&meta);
    pd_buf_dispose(&msg);
    return rc;
}

int pd_store_record(pd_record_result *result, pd_store *s, const pd_record_options *o,
                    const char *raw, size_t rawlen, const char *text, size_t textlen)
{
    pd_policy *p = NULL;
    int rc;

    *result = PD_RECORD_UNCHANGED;
    s->recreated = s->dropped = 0;
    if ((rc = check_options(o)))
        return rc;
    if (!text || !textlen)
        return pd_error_set(PD_EEMPTY, "nothing to record: the normalized text is empty");
    if ((!s->known_policy || strcmp(s->known_policy, o->policy)) &&
        (rc = pd_store_policy_get(&p, s, o->policy)))
        return rc;
    pd_policy_free(p);
    if ((rc = pd_store_lock(s, PD_STORE_LOCK_WAIT_MS)))
        return rc;
    rc = record_locked(result, s, o, raw ? raw : "", raw ? rawlen : 0, text, textlen);
    if (rc)
        *result = PD_RECORD_UNCHANGED;
    /* a long run under one lock (an import, a backfill) packs as it goes,
     * not all at the end */
    if (!rc && ++s->records_since_pack >= 512) {
        s->records_since_pack = 0;
        if (pd_pack_maybe(s))
            pd_error_clear();
    }
    if (!rc && s->lock_depth == 1)
        rc = pd_view_flush(s);
    pd_store_unlock(s);
    return rc;
}

/* ---- rebuild ---- */

static char *meta_value(const char *meta, const char *key)
{
    return pd_store_meta_value(meta, key);
}

/* The versions a list of captures gives: indexes of captures with a text
 * that differs from the one before. */
static size_t versions_of(size_t *want, const pd_caps *c, const git_oid *texts,
                          const unsigned char *has)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (!has[i])
            continue;
        if (n && git_oid_equal(&texts[want[n - 1]], &texts[i]))
            continue;
        want[n++] = i;
    }
    return n;
}

/* What a rebuild works on: each capture's text (has: it has one) and the
 * captures tree updates that record the texts derived again. */
typedef struct {
    pd_caps caps;
    git_oid *texts;
    unsigned char *has;
    git_tree_update *ups;
    pd_buf *paths, prev, text, meta;
    size_t nup;
} rebuild_work;

/* Allocates w's arrays for its captures; texts and has start as stored. */
static int rebuild_work_alloc(rebuild_work *w)
{
    size_t n = w->caps.n;
    w->texts = calloc(n, sizeof(*w->texts));
    w->has = calloc(n, 1);
    w->ups = calloc(n, sizeof(*w->ups));
    w->paths = calloc(n, sizeof(*w->paths));
    if (!w->texts || !w->has || !w->ups || !w->paths)
        return PD_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        w->texts[i] = w->caps.v[i].text;
        w->has[i] = w->caps.v[i].has_text;
    }
    return 0;
}

/* Queues the update of capture c's text: its removal, or id. */
static int queue_text_update(rebuild_work *w, const pd_cap *c, int remove, const git_oid *id)
{
    int rc;
    if ((rc = pd_caps_path(&w->paths[w->nup], c->stem, ".text.md")))
        return rc;
    w->ups[w->nup].action = remove ? GIT_TREE_UPDATE_REMOVE : GIT_TREE_UPDATE_UPSERT;
    if (!remove)
        w->ups[w->nup].id = *id;
    w->ups[w->nup].path = w->paths[w->nup].ptr;
    w->ups[w->nup].filemode = GIT_FILEMODE_BLOB;
    w->nup++;
    return 0;
}

/* Derives capture c's text again into w->text with fn, given its details;
 * fn's result (1: refused), or a negative error code. */
static int rederive_one(rebuild_work *w, pd_store *s, const pd_cap *c, pd_rederive_fn fn,
                        void *payload)
{
    git_blob *b = NULL;
    pd_capture_info info;
    char *source = NULL, *via = NULL, *wb = NULL;
    int r;

    pd_buf_clear(&w->meta);
    pd_buf_clear(&w->text);
    if (c->has_meta) {
        git_blob *mb = NULL;
        if (git_blob_lookup(&mb, s->repo, &c->meta) < 0)
            return pd_store_git_fail("cannot read a capture's details");
        pd_buf_put(&w->meta, git_blob_rawcontent(mb), (size_t)git_blob_rawsize(mb));
        git_blob_free(mb);
    }
    source = meta_value(pd_buf_cstr(&w->meta), "Source");
    via = meta_value(pd_buf_cstr(&w->meta), "Via");
    wb = meta_value(pd_buf_cstr(&w->meta), "Wayback-Timestamp");
    info.captured_at = c->time;
    info.ext = c->ext;
    info.source = source ? source : "";
    info.via = via ? via : "file";
    info.wayback_ts = wb;
    if (git_blob_lookup(&b, s->repo, &c->raw) < 0)
        r = pd_store_git_fail("cannot read a raw capture");
    else
        r = fn(&w->text, &info, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b),
               w->prev.len ? w->prev.ptr : NULL, w->prev.len, payload);
    git_blob_free(b);
    free(source);
    free(via);
    free(wb);
    return r;
}

/* Derives every capture with a raw file again, noting the texts that
 * change (or go, when refused) as updates. */
static int rederive_all(pd_rebuild_stats *st, rebuild_work *w, pd_store *s,
                        const pd_rebuild_options *o, pd_rederive_fn fn, void *payload)
{
    int rc;
    for (size_t i = 0; i < w->caps.n; i++) {
        pd_cap *c = &w->caps.v[i];
        int r;
        if (!c->has_raw)
            continue; /* nothing to derive from: the text stays */
        st->captures++;
        if ((r = rederive_one(w, s, c, fn, payload)) < 0)
            return r;
        if (r == 1 || !w->text.len) {
            st->refused++;
            pd_error_clear();
            if (c->has_text) {
                st->texts_changed++;
                w->has[i] = 0;
                if ((rc = queue_text_update(w, c, 1, NULL)))
                    return rc;
            }
            continue;
        }
        if ((o->dry_run ? git_odb_hash(&w->texts[i], w->text.ptr, w->text.len, GIT_OBJECT_BLOB)
                        : git_blob_create_from_buffer(&w->texts[i], s->repo, w->text.ptr,
                                                      w->text.len)) < 0)
            return pd_store_git_fail("cannot write a text");
        pd_buf_clear(&w->prev);
        pd_buf_put(&w->prev, w->text.ptr, w->text.len);
        if (!c->has_text || !git_oid_equal(&w->texts[i], &c->text)) {
            st->texts_changed++;
            w->has[i] = 1;
            if ((rc = queue_text_update(w, c, 0, &w->texts[i])))
                return rc;
        }
    }
    return 0;
}

/* Counts the versions kept, removed and added, comparing the two version
 * lists by (capture, text). */
static void compare_versions(pd_rebuild_stats *st, const rebuild_work *w, const size_t *want_old,
                             size_t nold, const size_t *want_new, size_t nnew)
{
    const pd_caps *caps = &w->caps;
    for (size_t i = 0, j = 0; i < nold || j < nnew;) {
        int cmp = i >= nold   ? 1
                  : j >= nnew ? -1
                              : strcmp(caps->v[want_old[i]].stem, caps->v[want_new[j]].stem);
        if (cmp == 0 && git_oid_equal(&caps->v[want_old[i]].text, &w->texts[want_new[j]])) {
            st->unchanged++;
            i++, j++;
        } else if (cmp == 0) {
            st->removed++, st->added++;
            i++, j++;
        } else if (cmp < 0) {
            st->removed++, i++;
        } else {
            st->added++, j++;
        }
    }
}

int pd_store_rebuild(pd_rebuild_stats *st, pd_store *s, const char *name,
                     const pd_rebuild_options *o, pd_rederive_fn fn, void *payload)
{
    rebuild_work w = {.prev = PD_BUF_INIT, .text = PD_BUF_INIT, .meta = PD_BUF_INIT};
    pd_caps *caps = &w.caps;
    pd_idx idx = {0};
    git_oid ctip, new_ctip;
    size_t *want_old = NULL, *want_new = NULL, nold, nnew, k = 0;
    int unborn, rc, locked = 0;

    memset(st, 0, sizeof(*st));
    if ((rc = pd_policy_name_check(name)))
        return rc;
    if (!o->dry_run) {
        if ((rc = pd_store_lock(s, PD_STORE_LOCK_WAIT_MS)))
            return rc;
        locked = 1;
    }
    if ((rc = pd_store_layout_check(s)) || (rc = pd_caps_load(caps, &ctip, &unborn, s, name)) ||
        (rc = pd_idx_load(&idx, s, name)))
        goto out;
    if (!caps->n)
        goto out;
    want_old = calloc(caps->n, sizeof(*want_old));
    want_new = calloc(caps->n, sizeof(*want_new));
    if ((rc = rebuild_work_alloc(&w)) || !want_old || !want_new) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    nold = versions_of(want_old, caps, w.texts, w.has);
    if ((rc = rederive_all(st, &w, s, o, fn, payload)))
        goto out;
    nnew = versions_of(want_new, caps, w.texts, w.has);
    compare_versions(st, &w, want_old, nold, want_new, nnew);
    while (k < nold && k < nnew && want_old[k] == want_new[k] &&
           git_oid_equal(&caps->v[want_old[k]].text, &w.texts[want_new[k]]))
        k++;
    if (!o->force && k < nold && k < idx.n) {
        git_oid first;
        pd_idx_commit(&first, &idx, k);
        if ((rc = pd_chain_check_pushed(s, name, &first)))
            goto out;
    }
    if (o->dry_run)
        goto out;
    if (w.nup && (rc = write_captures(&new_ctip, s, name, &ctip, w.ups, w.nup, pd_time_now(),
                                      PD_REBUILD_SUBJECT)))
        goto out;
    {
        pd_derive_stats ds;
        rc = pd_chain_derive(&ds, s, name, 1, 0);
    }
out:
    if (w.paths)
        for (size_t i = 0; i < w.nup; i++)
            pd_buf_dispose(&w.paths[i]);
    free(w.paths);
    free(w.ups);
    free(w.texts);
    free(w.has);
    free(want_old);
    free(want_new);
    pd_buf_dispose(&w.prev);
    pd_buf_dispose(&w.text);
    pd_buf_dispose(&w.meta);
    pd_caps_dispose(caps);
    pd_idx_dispose(&idx);
    if (locked) {
        if (!rc && s->lock_depth == 1)
            rc = pd_view_flush(s);
        pd_store_unlock(s);
    }
    return rc;
}
