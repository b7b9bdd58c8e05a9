/*
 * config.c - policies.conf, the list of watched policies, in git-config
 * syntax, read and written through libgit2's config API:
 *
 *   [policy "allbuy"]
 *       url = https://www.allbuy.com/policy
 *       select = main
 *       remove = .cookie-banner
 *
 * CSS-only recipes are kept as select/remove lines; a recipe with an Open
 * Terms Archive range selector (or a quote or backslash) is kept whole as
 * `recipe = <OTA JSON>` so it survives.  The validators of the last live fetch are etag and
 * lastmodified; wayback overrides the Wayback Machine base URL.
 */
#include "store/store_internal.h"
#include "util/error.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* git config: a value regexp that matches nothing, to add one more value. */
#define MATCH_NOTHING "a^"

static const char *const keys[] = {"url",  "select",       "remove", "recipe",
                                   "etag", "lastmodified", "wayback"};

static int open_conf(git_config **cfg, pd_store *s)
{
    if (git_config_open_ondisk(cfg, s->conf_path) < 0)
        return pd_store_git_fail("cannot read policies.conf");
    return 0;
}

static int key_of(pd_buf *k, const char *name, const char *var)
{
    pd_buf_clear(k);
    pd_buf_printf(k, "policy.%s.%s", name, var);
    return pd_buf_error(k);
}

static int get_string(char **out, git_config *cfg, const char *name, const char *var)
{
    pd_buf k = PD_BUF_INIT;
    git_buf v = GIT_BUF_INIT;
    int rc = key_of(&k, name, var), grc;
    *out = NULL;
    if (rc)
        goto out;
    grc = git_config_get_string_buf(&v, cfg, k.ptr);
    if (grc == GIT_ENOTFOUND)
        goto out;
    if (grc < 0) {
        rc = pd_store_git_fail("cannot read policies.conf");
        goto out;
    }
    if (!(*out = strdup(v.ptr)))
        rc = pd_error_set(PD_ENOMEM, "out of memory");
out:
    git_buf_dispose(&v);
    pd_buf_dispose(&k);
    return rc;
}

typedef struct {
    pd_recipe *r;
    int remove;
    int rc;
} css_ctx;

static int add_css_cb(const git_config_entry *e, void *payload)
{
    css_ctx *c = payload;
    if ((c->rc = pd_recipe_add_css(c->r, c->remove, e->value)) != 0)
        return -1;
    return 0;
}

static int get_css(git_config *cfg, const char *name, const char *var, pd_recipe *r, int remove)
{
    pd_buf k = PD_BUF_INIT;
    css_ctx c = {r, remove, 0};
    int rc = key_of(&k, name, var), grc;
    if (rc)
        goto out;
    grc = git_config_get_multivar_foreach(cfg, k.ptr, NULL, add_css_cb, &c);
    if (c.rc)
        rc = c.rc;
    else if (grc < 0 && grc != GIT_ENOTFOUND)
        rc = pd_store_git_fail("cannot read policies.conf");
out:
    pd_buf_dispose(&k);
    return rc;
}

static int read_policy(pd_policy *p, git_config *cfg, const char *name)
{
    char *recipe = NULL;
    int rc;
    memset(p, 0, sizeof(*p));
    if (!(p->name = strdup(name)))
        return pd_error_set(PD_ENOMEM, "out of memory");
    if ((rc = get_string(&p->url, cfg, name, "url")) ||
        (rc = get_string(&p->etag, cfg, name, "etag")) ||
        (rc = get_string(&p->last_modified, cfg, name, "lastmodified")) ||
        (rc = get_string(&p->wayback_url, cfg, name, "wayback")) ||
        (rc = get_string(&recipe, cfg, name, "recipe")))
        goto out;
    if (recipe && (rc = pd_recipe_from_ota_json(&p->recipe, recipe, strlen(recipe)))) {
        rc = pd_error_set(PD_EINVALID, "policies.conf: policy \"%s\" has a bad recipe: %s", name,
                          pd_error_last());
        goto out;
    }
    if ((rc = get_css(cfg, name, "select", &p->recipe, 0)) ||
        (rc = get_css(cfg, name, "remove", &p->recipe, 1)))
        goto out;
    if (!p->url)
        rc = pd_error_set(PD_ENOTFOUND, "policy '%s' has no url in policies.conf", name);
out:
    free(recipe);
    return rc;
}

static int exists(git_config *cfg, const char *name)
{
    pd_buf k = PD_BUF_INIT;
    git_config_entry *e = NULL;
    int found = 0;
    if (!key_of(&k, name, "url") && git_config_get_entry(&e, cfg, k.ptr) == 0)
        found = 1;
    git_config_entry_free(e);
    pd_buf_dispose(&k);
    return found;
}

static int delete_all(git_config *cfg, const char *name)
{
    pd_buf k = PD_BUF_INIT;
    int rc = 0, grc;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]) && !rc; i++) {
        if ((rc = key_of(&k, name, keys[i])))
            break;
        grc = git_config_delete_multivar(cfg, k.ptr, ".*");
        if (grc < 0 && grc != GIT_ENOTFOUND)
            rc = pd_store_git_fail("cannot write policies.conf");
    }
    pd_buf_dispose(&k);
    return rc;
}

/* libgit2 (1.5) writes multivar values without escaping '"' and '\\', so a
 * selector holding one goes into the JSON recipe, which is written escaped. */
static int needs_json(const pd_selector *sel)
{
    if (sel->kind != PD_SEL_CSS)
        return 1;
    for (const char *p = sel->css; *p; p++)
        if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
            return 1;
    return 0;
}

static int has_range(const pd_recipe *r)
{
    for (size_t i = 0; i < r->nselect; i++)
        if (needs_json(&r->select[i]))
            return 1;
    for (size_t i = 0; i < r->nremove; i++)
        if (needs_json(&r->remove[i]))
            return 1;
    return 0;
}

static int set_one(git_config *cfg, pd_buf *k, const char *name, const char *var, const char *value,
                   int add)
{
    int rc = key_of(k, name, var);
    if (rc)
        return rc;
    if ((add ? git_config_set_multivar(cfg, k->ptr, MATCH_NOTHING, value)
             : git_config_set_string(cfg, k->ptr, value)) < 0)
        return pd_store_git_fail("cannot write policies.conf");
    return 0;
}

/* The recipe as one line of compact JSON (without the fetch URL). */
static int recipe_json(char **out, const pd_recipe *r)
{
    pd_recipe copy = *r;
    char *pretty = NULL;
    json_t *root;
    int rc;
    *out = NULL;
    copy.fetch = NULL;
    if ((rc = pd_recipe_to_ota_json(&pretty, &copy)))
        return rc;
    root = json_loads(pretty, 0, NULL);
    free(pretty);
    if (root)
        *out = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(root);
    return *out ? 0 : pd_error_set(PD_ENOMEM, "out of memory");
}

static int write_policy(pd_store *s, const pd_policy *p, int replace)
{
    git_config *cfg = NULL;
    pd_buf k = PD_BUF_INIT;
    char *json = NULL;
    int rc;

    if ((rc = pd_policy_name_check(p->name)))
        return rc;
    if (!p->url || !*p->url)
        return pd_error_set(PD_EINVALID, "policy '%s' needs a URL", p->name);
    if (strpbrk(p->url, "\n\r"))
        return pd_error_set(PD_EINVALID, "the URL of '%s' contains a line break", p->name);
    if ((rc = pd_store_lock(s, PD_STORE_LOCK_WAIT_MS)))
        return rc;
    if ((rc = open_conf(&cfg, s)))
        goto out;
    if (exists(cfg, p->name)) {
        if (!replace) {
            rc = pd_error_set(PD_EEXISTS,
                              "policy '%s' already exists; remove it first or pick another name",
                              p->name);
            goto out;
        }
        if ((rc = delete_all(cfg, p->name)))
            goto out;
    }
    if ((rc = set_one(cfg, &k, p->name, "url", p->url, 0)))
        goto out;
    if (has_range(&p->recipe)) {
        if ((rc = recipe_json(&json, &p->recipe)) ||
            (rc = set_one(cfg, &k, p->name, "recipe", json, 0)))
            goto out;
    } else {
        for (size_t i = 0; i < p->recipe.nselect; i++)
            if ((rc = set_one(cfg, &k, p->name, "select", p->recipe.select[i].css, 1)))
                goto out;
        for (size_t i = 0; i < p->recipe.nremove; i++)
            if ((rc = set_one(cfg, &k, p->name, "remove", p->recipe.remove[i].css, 1)))
                goto out;
    }
    if (p->etag && (rc = set_one(cfg, &k, p->name, "etag", p->etag, 0)))
        goto out;
    if (p->last_modified && (rc = set_one(cfg, &k, p->name, "lastmodified", p->last_modified, 0)))
        goto out;
    if (p->wayback_url && (rc = set_one(cfg, &k, p->name, "wayback", p->wayback_url, 0)))
        goto out;
out:
    free(json);
    pd_buf_dispose(&k);
    git_config_free(cfg);
    pd_store_unlock(s);
    return rc;
}

int pd_store_policy_add(pd_store *s, const pd_policy *p)
{
    return write_policy(s, p, 0);
}

int pd_store_policy_replace(pd_store *s, const pd_policy *p)
{
    return write_policy(s, p, 1);
}

int pd_store_policy_remove(pd_store *s, const char *name)
{
    git_config *cfg = NULL;
    int rc;
    if ((rc = pd_policy_name_check(name)))
        return rc;
    if ((rc = pd_store_lock(s, PD_STORE_LOCK_WAIT_MS)))
        return rc;
    if ((rc = open_conf(&cfg, s)))
        goto out;
    if (!exists(cfg, name)) {
        rc = pd_error_set(PD_ENOTFOUND, "no policy named '%s' (see 'policydiff list')", name);
        goto out;
    }
    rc = delete_all(cfg, name);
out:
    git_config_free(cfg);
    pd_store_unlock(s);
    return rc;
}

int pd_store_policy_get(pd_policy **out, pd_store *s, const char *name)
{
    git_config *cfg = NULL;
    pd_policy *p = NULL;
    int rc;
    *out = NULL;
    if ((rc = pd_policy_name_check(name)))
        return rc;
    if ((rc = open_conf(&cfg, s)))
        return rc;
    if (!exists(cfg, name)) {
        rc =
            pd_error_set(PD_ENOTFOUND,
                         "no policy named '%s' in this store (add it with 'policydiff add')", name);
        goto out;
    }
    if (!(p = calloc(1, sizeof(*p)))) {
        rc = pd_error_set(PD_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = read_policy(p, cfg, name))) {
        pd_policy_free(p);
        p = NULL;
        goto out;
    }
    *out = p;
out:
    git_config_free(cfg);
    return rc;
}

static int cmp_policy(const void *a, const void *b)
{
    return strcmp(((const pd_policy *)a)->name, ((const pd_policy *)b)->name);
}

int pd_store_policy_list(pd_policy **out, size_t *n, pd_store *s)
{
    git_config *cfg = NULL;
    git_config_iterator *it = NULL;
    git_config_entry *e;
    pd_policy *list = NULL, *nl;
    size_t count = 0;
    int rc, grc;

    *out = NULL;
    *n = 0;
    if ((rc = open_conf(&cfg, s)))
        return rc;
    if (git_config_iterator_glob_new(&it, cfg, "^policy\\..*\\.url$") < 0) {
        rc = pd_store_git_fail("cannot read policies.conf");
        goto out;
    }
    while ((grc = git_config_next(&e, it)) == 0) {
        size_t len = strlen(e->name);
        char *name;
        if (len < 12)
            continue;
        if (!(name = strndup(e->name + 7, len - 11))) {
            rc = pd_error_set(PD_ENOMEM, "out of memory");
            goto out;
        }
        if (pd_policy_name_check(name)) {
            free(name); /* hand-edited nonsense: not ours to list */
            continue;
        }
        if (!(nl = realloc(list, (count + 1) * sizeof(*nl)))) {
            free(name);
            rc = pd_error_set(PD_ENOMEM, "out of memory");
            goto out;
        }
        list = nl;
        rc = read_policy(&list[count], cfg, name);
        count++;
        free(name);
        if (rc)
            goto out;
    }
    if (grc != GIT_ITEROVER) {
        rc = pd_store_git_fail("cannot read policies.conf");
        goto out;
    }
    if (count)
        qsort(list, count, sizeof(*list), cmp_policy);
out:
    git_config_iterator_free(it);
    git_config_free(cfg);
    if (rc) {
        pd_policy_array_free(list, count);
        return rc;
    }
    *out = list;
    *n = count;
    return 0;
}

int pd_store_policy_set_validators(pd_store *s, const char *name, const char *etag,
                                   const char *last_modified)
{
    git_config *cfg = NULL;
    pd_buf k = PD_BUF_INIT;
    const char *vals[2] = {etag, last_modified};
    const char *vars[2] = {"etag", "lastmodified"};
    int rc;

    if ((rc = pd_policy_name_check(name)))
        return rc;
    if ((rc = pd_store_lock(s, PD_STORE_LOCK_WAIT_MS)))
        return rc;
    if ((rc = open_conf(&cfg, s)))
        goto out;
    if (!exists(cfg, name)) {
        rc = pd_error_set(PD_ENOTFOUND, "no policy named '%s' (see 'policydiff list')", name);
        goto out;
    }
    for (int i = 0; i < 2; i++) {
        if (vals[i] && strpbrk(vals[i], "\r\n"))
            continue;
        if (vals[i]) {
            if ((rc = set_one(cfg, &k, name, vars[i], vals[i], 0)))
                goto out;
        } else {
            int grc;
            if ((rc = key_of(&k, name, vars[i])))
                goto out;
            grc = git_config_delete_entry(cfg, k.ptr);
            if (grc < 0 && grc != GIT_ENOTFOUND) {
                rc = pd_store_git_fail("cannot write policies.conf");
                goto out;
            }
        }
    }
out:
    pd_buf_dispose(&k);
    git_config_free(cfg);
    pd_store_unlock(s);
    return rc;
}

void pd_policy_free(pd_policy *p)
{
    if (!p)
        return;
    pd_policy_array_free(p, 1);
}

static void policy_dispose(pd_policy *p)
{
    free(p->name);
    free(p->url);
    free(p->etag);
    free(p->last_modified);
    free(p->wayback_url);
    pd_recipe_dispose(&p->recipe);
}

void pd_policy_array_free(pd_policy *p, size_t n)
{
    if (!p)
        return;
    for (size_t i = 0; i < n; i++)
        policy_dispose(&p[i]);
    free(p);
}
