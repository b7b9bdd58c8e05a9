/*
 * pack.c - loose objects are packed as the store grows.
 *
 * Every write adds a few loose objects (a capture: three blobs, three
 * trees, a commit).  Like `git gc --auto`, a write that finds more than
 * about PD_PACK_LOOSE loose objects (estimated from one of the 256 fan-out
 * directories) packs them into one new pack with libgit2's packbuilder and
 * removes the loose copies (POLICYDIFF_PACK_LOOSE sets another threshold,
 * for tests); once there are PD_PACK_MAX packs, the smallest are merged into
 * one, up to the last pack that is not at least twice all the smaller ones
 * together (git's --geometric=2), so the packs grow geometrically and a write
 * merges mostly small packs
 * (pd_store_pack(s, 1) does: everything reachable into one pack).  It runs under the store's lock;
 * a run killed in the middle leaves loose objects or an extra pack, never a missing object, since a
 * loose file is removed only after the pack holding it is complete.
 */
#include "store/store_internal.h"
#include "util/error.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PD_PACK_LOOSE 6700
#define PD_PACK_MAX 20

static size_t count_dir(const char *dir, const char *suffix)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0, sl = suffix ? strlen(suffix) : 0;
    if (!d)
        return 0;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.')
            continue;
        if (!suffix ? l == 38 : (l > sl && !strcmp(e->d_name + l - sl, suffix)))
            n++;
    }
    closedir(d);
    return n;
}

/* Every loose object's id, appended to ids (a growing array). */
static int list_loose(git_oid **ids, size_t *n, pd_store *s)
{
    size_t cap = 0;
    *ids = NULL;
    *n = 0;
    for (int i = 0; i < 256; i++) {
        char dir[4200];
        DIR *d;
        struct dirent *e;
        snprintf(dir, sizeof(dir), "%s/objects/%02x", s->path, i);
        if (!(d = opendir(dir)))
            continue;
        while ((e = readdir(d))) {
            char hex[41];
            if (strlen(e->d_name) != 38 || strspn(e->d_name, "0123456789abcdef") != 38)
                continue;
            if (*n == cap && pd_array_grow(ids, &cap, sizeof(**ids), 1024)) {
                closedir(d);
                return PD_ENOMEM;
            }
            snprintf(hex, sizeof(hex), "%02x%.38s", i, e->d_name);
            if (git_oid_fromstr(&(*ids)[*n], hex) == 0)
                (*n)++;
        }
        closedir(d);
    }
    return 0;
}

static int remove_loose(pd_store *s, const git_oid *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char hex[41], path[4200];
        git_oid_tostr(hex, sizeof(hex), &ids[i]);
        snprintf(path, sizeof(path), "%s/objects/%.2s/%s", s->path, hex, hex + 2);
        unlink(path);
    }
    return 0;
}

/* Removes every pack but the one named keep (pack-<keep>.*). */
static void remove_other_packs(pd_store *s, const char *keep)
{
    char dir[4200], path[4600];
    DIR *d;
    struct dirent *e;
    snprintf(dir, sizeof(dir), "%s/objects/pack", s->path);
    if (!(d = opendir(dir)))
        return;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, "pack-", 5) || strstr(e->d_name, keep))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
}

int pd_store_pack(pd_store *s, int all)
{
    git_packbuilder *pb = NULL;
    git_revwalk *walk = NULL;
    git_oid *ids = NULL;
    char dir[4200], keep[64];
    size_t n = 0;
    int rc = 0;

    snprintf(dir, sizeof(dir), "%s/objects/pack", s->path);
    if ((rc = list_loose(&ids, &n, s)))
        goto out;
    if (git_packbuilder_new(&pb, s->repo) < 0) {
        rc = pd_store_git_fail("cannot pack the store");
        goto out;
    }
    if (all) {
        if (git_revwalk_new(&walk, s->repo) < 0 || git_revwalk_push_glob(walk, "refs/*") < 0 ||
            git_packbuilder_insert_walk(pb, walk) < 0) {
            rc = pd_store_git_fail("cannot pack the store");
            goto out;
        }
    } else {
        if (!n)
            goto out;
        for (size_t i = 0; i < n; i++)
            if (git_packbuilder_insert(pb, &ids[i], NULL) < 0) {
                rc = pd_store_git_fail("cannot pack the store");
                goto out;
            }
    }
    if (git_packbuilder_write(pb, dir, 0, NULL, NULL) < 0) {
        rc = pd_store_git_fail("cannot write a pack");
        goto out;
    }
    snprintf(keep, sizeof(keep), "%s", git_packbuilder_name(pb));
    if (all) {
        remove_other_packs(s, keep);
        remove_loose(s, ids, n); /* reachable ones are in the pack; the rest is garbage */
    } else {
        remove_loose(s, ids, n);
    }
out:
    free(ids);
    git_revwalk_free(walk);
    git_packbuilder_free(pb);
    return rc;
}

typedef struct {
    char name[96]; /* pack-<hash> */
    off_t size;
} pack_file;

static int cmp_pack(const void *a, const void *b)
{
    const pack_file *x = a, *y = b;
    return x->size < y->size ? -1 : x->size > y->size;
}

static int insert_cb(const git_oid *id, void *payload)
{
    return git_packbuilder_insert(payload, id, NULL) < 0 ? -1 : 0;
}

/* Merges the smallest packs into one (see the top of this file). */
static int merge_packs(pd_store *s)
{
    char dir[4200], path[4600], keep[64];
    pack_file *packs = NULL;
    size_t n = 0, cap = 0, count;
    off_t small = 0; /* the sizes of the packs smaller than the one looked at */
    git_packbuilder *pb = NULL;
    DIR *d;
    struct dirent *e;
    int rc = 0;

    snprintf(dir, sizeof(dir), "%s/objects/pack", s->path);
    if (!(d = opendir(dir)))
        return 0;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        struct stat st;
        if (strncmp(e->d_name, "pack-", 5) || l < 10 || strcmp(e->d_name + l - 5, ".pack") ||
            l - 5 >= sizeof(packs[0].name))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (stat(path, &st) < 0)
            continue;
        if (n == cap && (rc = pd_array_grow(&packs, &cap, sizeof(*packs), 32)))
            break;
        snprintf(packs[n].name, sizeof(packs[n].name), "%.*s", (int)(l - 5), e->d_name);
        packs[n++].size = st.st_size;
    }
    closedir(d);
    if (rc || n < 2)
        goto out;
    qsort(packs, n, sizeof(*packs), cmp_pack);
    /* geometric, like git repack --geometric=2: merge the smallest packs up
     * to the last one that is not at least twice all the smaller ones
     * together; at least the two smallest */
    count = 2;
    for (size_t i = 1; i < n; i++) {
        small += packs[i - 1].size;
        if (packs[i].size < 2 * small)
            count = i + 1;
    }
    if (git_packbuilder_new(&pb, s->repo) < 0) {
        rc = pd_store_git_fail("cannot pack the store");
        goto out;
    }
    for (size_t i = 0; i < count && !rc; i++) {
        git_odb_backend *be = NULL;
        git_odb *odb = NULL;
        snprintf(path, sizeof(path), "%s/%s.idx", dir, packs[i].name);
        if (git_odb_new(&odb) < 0 || git_odb_backend_one_pack(&be, path) < 0 ||
            git_odb_add_backend(odb, be, 1) < 0 || git_odb_foreach(odb, insert_cb, pb) < 0)
            rc = pd_store_git_fail("cannot read a pack to merge it");
        git_odb_free(odb); /* frees the backend it holds */
    }
    if (rc)
        goto out;
    if (git_packbuilder_write(pb, dir, 0, NULL, NULL) < 0) {
        rc = pd_store_git_fail("cannot write a pack");
        goto out;
    }
    snprintf(keep, sizeof(keep), "%s", git_packbuilder_name(pb));
    /* the merged packs go once the new one (pack and index) is complete */
    for (size_t i = 0; i < count; i++) {
        static const char *const ext[] = {".idx", ".pack", ".rev"};
        if (strstr(packs[i].name, keep))
            continue;
        for (size_t k = 0; k < sizeof(ext) / sizeof(ext[0]); k++) {
            snprintf(path, sizeof(path), "%s/%s%s", dir, packs[i].name, ext[k]);
            unlink(path);
        }
    }
out:
    git_packbuilder_free(pb);
    free(packs);
    return rc;
}

int pd_pack_maybe(pd_store *s)
{
    char dir[4200];
    size_t loose, packs;
    const char *knob = getenv("POLICYDIFF_PACK_LOOSE"); /* tests: pack early */
    size_t limit = knob && atol(knob) > 0 ? (size_t)atol(knob) : PD_PACK_LOOSE;
    snprintf(dir, sizeof(dir), "%s/objects/17", s->path);
    loose = count_dir(dir, NULL) * 256;
    snprintf(dir, sizeof(dir), "%s/objects/pack", s->path);
    packs = count_dir(dir, ".pack");
    if (packs >= PD_PACK_MAX)
        return merge_packs(s);
    if (loose > limit)
        return pd_store_pack(s, 0);
    return 0;
}
