/*
 * pack.c - loose objects are packed as the store grows.
 *
 * Every write adds a few loose objects (a capture: three blobs, three
 * trees, a commit).  Like `git gc --auto`, a write that finds more than
 * about PD_PACK_LOOSE loose objects (estimated from one of the 256 fan-out
 * directories) packs them into one new pack with libgit2's packbuilder and
 * removes the loose copies (POLICYDIFF_PACK_LOOSE sets another threshold,
 * for tests); once there are more than PD_PACK_MAX packs,
 * everything reachable from a ref is packed into one and the others are
 * removed.  It runs under the store's lock; a run killed in the middle
 * leaves loose objects or an extra pack, never a missing object, since a
 * loose file is removed only after the pack holding it is complete.
 */
#include "store/store_internal.h"
#include "util/error.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
            if (*n == cap) {
                size_t nc = cap ? cap * 2 : 1024;
                git_oid *nv = realloc(*ids, nc * sizeof(*nv));
                if (!nv) {
                    closedir(d);
                    return PD_ENOMEM_SET();
                }
                *ids = nv;
                cap = nc;
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
        return pd_store_pack(s, 1);
    if (loose > limit)
        return pd_store_pack(s, 0);
    return 0;
}
