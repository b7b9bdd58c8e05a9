/*
 * ota_files.c - which files of a declarations folder (or of a command line)
 * make which service: <id>.json with <id>.history.json (see ota.h).
 */
#include "store/ota.h"
#include "util/error.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PD_OTA_MAX_FILES 100000

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && !strcmp(s + n - k, suffix);
}

void pd_ota_files_free(pd_ota_file *f, size_t n)
{
    if (!f)
        return;
    for (size_t i = 0; i < n; i++) {
        free(f[i].id);
        free(f[i].declaration);
        free(f[i].history);
    }
    free(f);
}

typedef struct {
    pd_ota_file *v;
    size_t n, cap;
    size_t ignored;
} file_list;

/* The entry of id, added when missing. */
static int entry_of(pd_ota_file **out, file_list *l, const char *id, size_t idlen)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->v[i].id) == idlen && !strncmp(l->v[i].id, id, idlen)) {
            *out = &l->v[i];
            return 0;
        }
    if (l->n >= PD_OTA_MAX_FILES)
        return pd_error_set(PD_EINVALID, "more than %d declarations", PD_OTA_MAX_FILES);
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        pd_ota_file *nv = realloc(l->v, cap * sizeof(*nv));
        PD_CHECK_ALLOC(nv);
        l->v = nv;
        l->cap = cap;
    }
    memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
    l->v[l->n].id = strndup(id, idlen);
    PD_CHECK_ALLOC(l->v[l->n].id);
    *out = &l->v[l->n++];
    return 0;
}

/* One file: a declaration, a history file, or something else (ignored). */
static int add_file(file_list *l, const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    int history = ends_with(base, ".history.json");
    size_t idlen = strlen(base) - (history ? 13 : 5);
    pd_ota_file *f = NULL;
    char **slot;
    int rc;

    if (!history && !ends_with(base, ".json")) {
        l->ignored++;
        return 0;
    }
    if ((rc = entry_of(&f, l, base, idlen)))
        return rc;
    slot = history ? &f->history : &f->declaration;
    if (*slot && !strcmp(*slot, path))
        return 0; /* named twice */
    if (*slot)
        return pd_error_set(PD_EINVALID, "%s and %s are both the %s of %s: give one", *slot, path,
                            history ? "history" : "declaration", f->id);
    *slot = strdup(path);
    PD_CHECK_ALLOC(*slot);
    return 0;
}

static int path_join(char **out, const char *dir, const char *name)
{
    size_t dl = strlen(dir), n = dl + strlen(name) + 2;
    *out = malloc(n);
    PD_CHECK_ALLOC(*out);
    snprintf(*out, n, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name);
    return 0;
}

static int add_dir(file_list *l, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t before = l->n;
    int rc = 0;
    if (!d)
        return pd_error_set(PD_EINVALID, "cannot read the folder %s", dir);
    while (!rc && (e = readdir(d)) != NULL) {
        char *path = NULL;
        if (e->d_name[0] == '.')
            continue;
        if (!(rc = path_join(&path, dir, e->d_name)))
            rc = add_file(l, path);
        free(path);
    }
    closedir(d);
    if (!rc && l->n == before)
        rc = pd_error_set(PD_ENOTFOUND,
                          "%s holds no declaration (<Service>.json): give Open Terms Archive's "
                          "declarations folder",
                          dir);
    return rc;
}

static int cmp_file(const void *a, const void *b)
{
    return strcmp(((const pd_ota_file *)a)->id, ((const pd_ota_file *)b)->id);
}

/* A declaration given alone brings the history file beside it. */
static int add_neighbour_history(pd_ota_file *f)
{
    struct stat st;
    size_t n;
    if (f->history || !f->declaration)
        return 0;
    n = strlen(f->declaration);
    f->history = malloc(n + 9);
    PD_CHECK_ALLOC(f->history);
    memcpy(f->history, f->declaration, n - 5);
    memcpy(f->history + n - 5, ".history.json", 14);
    if (stat(f->history, &st) || !S_ISREG(st.st_mode)) {
        free(f->history);
        f->history = NULL;
    }
    return 0;
}

int pd_ota_files(pd_ota_file **out, size_t *n, size_t *ignored, const char *const *paths,
                 size_t npaths)
{
    file_list l = {NULL, 0, 0, 0};
    struct stat st;
    int rc = 0;

    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < npaths && !rc; i++) {
        if (stat(paths[i], &st))
            rc = pd_error_set(PD_EINVALID, "cannot open %s: %s; check the path", paths[i],
                              strerror(errno));
        else if (S_ISDIR(st.st_mode))
            rc = add_dir(&l, paths[i]);
        else
            rc = add_file(&l, paths[i]);
    }
    for (size_t i = 0; i < l.n && !rc; i++)
        rc = add_neighbour_history(&l.v[i]);
    if (rc) {
        pd_ota_files_free(l.v, l.n);
        return rc;
    }
    if (l.n)
        qsort(l.v, l.n, sizeof(*l.v), cmp_file);
    *out = l.v;
    *n = l.n;
    if (ignored)
        *ignored = l.ignored;
    return 0;
}
