/*
 * config.c - policies.conf, the list of watched policies, in git-config
 * syntax, read and written through libgit2's config API:
 *
 *   [policy "allbuy"]
 *       url = https://www.allbuy.com/policy
 *       select = main
 *       remove = .cookie-banner
 *
 * One CSS select and one CSS remove are kept as select/remove lines; any
 * other recipe (range selectors, several selectors) is kept whole as
 * `recipe = <OTA JSON>` so it survives (see needs_json).  The validators of the last live fetch are
 * etag and lastmodified, with validatorsrecipe, a fingerprint of the recipe
 * the page was normalized with then: a 304 only means "the same text" for
 * the same recipe, so validators saved for another recipe (select or remove
 * edited by hand since; or no fingerprint, from an older policydiff) are not
 * handed out, and the next fetch downloads the page again.  wayback
 * overrides the Wayback Machine base URL.  render = chromium says the page
 * is built by client-side scripts (OTA's executeClientScripts: kept here,
 * never inside the recipe JSON).  language = fr is the language asked for
 * (Accept-Language, and the browser's language when rendering).  history
 * holds the earlier recipes with the time each was in force until, as one
 * line of JSON (an Open Terms Archive history file's entry).
 * allow-private = true lets the policy be fetched from an internal address
 * (an intranet page).  Any other key in a policy's section is a typo,
 * reported with the sections left out (pd_store_skipped).
 *
 * every = 12h (30m, 1d, 1w: timeutil.h's periods) is the policy's schedule:
 * fetch and check skip it until it is due (pd_store_policy_due).  Its last
 * live fetch attempt, the start time of that run in seconds since the
 * epoch, is kept as lastattempt = 1796000000 next to the validators, and
 * only for scheduled policies.
 */
#include "store/store_internal.h"
#include "util/error.h"
#include "util/fnv.h"
#include "util/sha256.h"
#include "util/timeutil.h"
#include "util/url.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const keys[] = {"url",           "select",       "remove",  "recipe",
                                   "etag",          "lastmodified", "wayback", "validatorsrecipe",
                                   "render",        "history",      "every",   "lastattempt",
                                   "allow-private", "language"};

static int known_key(const char *var)
{
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if (!strcmp(var, keys[i]))
            return 1;
    return 0;
}

/* A syntax error in a hand-edited policies.conf is bad input (exit 2) that
 * the user can fix, not an internal error. */
static int conf_fail(void)
{
    const git_error *e = git_error_last();
    if (e && e->klass == GIT_ERROR_CONFIG)
        return pd_error_set(PD_EINVALID,
                            "policies.conf: %s; fix that line (git-config syntax: [policy "
                            "\"NAME\"], then lines such as url = ..., select = ..., wayback = ...)",
                            e->message ? e->message : "syntax error");
    return pd_store_git_fail("cannot read policies.conf");
}

static int open_conf(git_config **cfg, pd_store *s)
{
    if (git_config_open_ondisk(cfg, s->conf_path) < 0)
        return conf_fail();
    return 0;
}

/* For reading: the entries are read once by one iterator (collect_items);
 * a snapshot would parse the file a second time, and per-key lookups on a
 * live config re-read and checksum the whole file each time. */
static int open_conf_read(git_config **cfg, pd_store *s)
{
    return open_conf(cfg, s);
}

static int key_of(pd_buf *k, const char *name, const char *var)
{
    pd_buf_clear(k);
    pd_buf_printf(k, "policy.%s.%s", name, var);
    return pd_buf_error(k);
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

/* Locks the store and opens policies.conf to change the section of name,
 * which must exist: 0 with *cfg (the caller frees it and unlocks), or the
 * error with *cfg NULL and the store unlocked. */
static int open_policy_conf(git_config **cfg, pd_store *s, const char *name)
{
    int rc;
    *cfg = NULL;
    if ((rc = pd_store_lock(s, PD_STORE_LOCK_WAIT_MS)))
        return rc;
    if (!(rc = open_conf(cfg, s)) && !exists(*cfg, name))
        rc = pd_error_set(PD_ENOTFOUND, "no policy named '%s' (see 'policydiff list')", name);
    if (rc) {
        git_config_free(*cfg);
        *cfg = NULL;
        pd_store_unlock(s);
    }
    return rc;
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

/*
 * Selectors are written as select/remove lines when there is at most one of
 * each, as plain CSS; anything else goes whole into `recipe` (OTA JSON),
 * written with git_config_set_string.  Two libgit2 1.5 limits make this the
 * safe choice: multivar values are written without escaping '"' and '\\',
 * and adding a value needs a never-matching value regexp, whose failed
 * pcre2 match leaks memory.  Hand-written files with several select lines
 * are read fine.
 */
static int css_line_ok(const pd_selector *sel)
{
    if (sel->kind != PD_SEL_CSS)
        return 0;
    for (const char *p = sel->css; *p; p++)
        if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
            return 0;
    return 1;
}

static int needs_json(const pd_recipe *r)
{
    if (r->nselect > 1 || r->nremove > 1 || r->nfilters || r->npages)
        return 1;
    if (r->nselect && !css_line_ok(&r->select[0]))
        return 1;
    if (r->nremove && !css_line_ok(&r->remove[0]))
        return 1;
    return 0;
}

static int set_one(git_config *cfg, pd_buf *k, const char *name, const char *var, const char *value)
{
    int rc = key_of(k, name, var);
    if (rc)
        return rc;
    if (git_config_set_string(cfg, k->ptr, value) < 0)
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
    copy.client_scripts = 0; /* the render key says it */
    if ((rc = pd_recipe_to_ota_json(&pretty, &copy)))
        return rc;
    root = json_loads(pretty, 0, NULL);
    free(pretty);
    if (root)
        *out = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(root);
    PD_CHECK_ALLOC(*out);
    return 0;
}

/* The fingerprint of what a page was fetched and read with (16 hex digits
 * of the SHA-256 of the policy's URL and its recipe's JSON): the same
 * selectors give the same fingerprint, whether written as select/remove
 * lines or as recipe JSON; another URL or recipe gives another one. */
static int recipe_fingerprint(char out[17], const pd_recipe *r, const char *url)
{
    char hex[65], *json = NULL;
    pd_buf b = PD_BUF_INIT;
    int rc = recipe_json(&json, r);
    if (rc)
        return rc;
    pd_buf_printf(&b, "%s\n%s", url ? url : "", json);
    free(json);
    if ((rc = pd_buf_error(&b))) {
        pd_buf_dispose(&b);
        return rc;
    }
    pd_sha256_hex(hex, b.ptr, b.len);
    pd_buf_dispose(&b);
    memcpy(out, hex, 16);
    out[16] = '\0';
    return 0;
}

static void forget_known(pd_store *s)
{
    free(s->known_policy);
    s->known_policy = NULL;
}

/* The render value written: the policy's, or chromium for a recipe that
 * needs client-side scripts. */
static const char *render_of(const pd_policy *p)
{
    return p->render ? p->render : p->recipe.client_scripts ? "chromium" : NULL;
}

/* render is one word; every earlier recipe has a URL and selectors that compile. */
static int check_extras(const pd_policy *p)
{
    const char *r = render_of(p);
    int rc;
    if (r && (!*r || strspn(r, "abcdefghijklmnopqrstuvwxyz") != strlen(r)))
        return pd_error_set(PD_EINVALID, "policy '%s': render takes one word such as chromium",
                            p->name);
    if (p->language && pd_language_check(p->language))
        return pd_error_set(PD_EINVALID, "policy '%s': %s", p->name, pd_error_last());
    for (size_t i = 0; i < p->nhistory; i++) {
        if (!p->history[i].url || strpbrk(p->history[i].url, "\r\n"))
            return pd_error_set(PD_EINVALID, "policy '%s': an earlier recipe has no URL", p->name);
        if ((rc = pd_url_check(p->history[i].url)) || (rc = pd_recipe_check(&p->history[i].recipe)))
            return rc;
    }
    return 0;
}

static int write_extras(git_config *cfg, pd_buf *k, const pd_policy *p)
{
    char *json = NULL, num[32];
    int rc = 0;
    if (render_of(p) && (rc = set_one(cfg, k, p->name, "render", render_of(p))))
        return rc;
    if (p->language && (rc = set_one(cfg, k, p->name, "language", p->language)))
        return rc;
    if (p->nhistory && !(rc = pd_past_recipes_to_json(&json, p->history, p->nhistory)))
        rc = set_one(cfg, k, p->name, "history", json);
    free(json);
    if (!rc && p->every > 0) {
        pd_duration_format(num, sizeof(num), p->every);
        rc = set_one(cfg, k, p->name, "every", num);
    }
    if (!rc && p->every > 0 && p->last_attempt > 0) {
        snprintf(num, sizeof(num), "%" PRId64, p->last_attempt);
        rc = set_one(cfg, k, p->name, "lastattempt", num);
    }
    return rc;
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
    if ((rc = pd_url_check(p->url)) || (rc = pd_recipe_check(&p->recipe)) || (rc = check_extras(p)))
        return rc;
    forget_known(s);
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
    if ((rc = set_one(cfg, &k, p->name, "url", p->url)))
        goto out;
    if (needs_json(&p->recipe)) {
        if ((rc = recipe_json(&json, &p->recipe)) ||
            (rc = set_one(cfg, &k, p->name, "recipe", json)))
            goto out;
    } else {
        if (p->recipe.nselect &&
            (rc = set_one(cfg, &k, p->name, "select", p->recipe.select[0].css)))
            goto out;
        if (p->recipe.nremove &&
            (rc = set_one(cfg, &k, p->name, "remove", p->recipe.remove[0].css)))
            goto out;
    }
    if (p->etag && (rc = set_one(cfg, &k, p->name, "etag", p->etag)))
        goto out;
    if (p->last_modified && (rc = set_one(cfg, &k, p->name, "lastmodified", p->last_modified)))
        goto out;
    if (p->etag || p->last_modified) {
        char fp[17];
        if ((rc = recipe_fingerprint(fp, &p->recipe, p->url)) ||
            (rc = set_one(cfg, &k, p->name, "validatorsrecipe", fp)))
            goto out;
    }
    if (p->wayback_url && (rc = set_one(cfg, &k, p->name, "wayback", p->wayback_url)))
        goto out;
    if (p->allow_private && (rc = set_one(cfg, &k, p->name, "allow-private", "true")))
        goto out;
    rc = write_extras(cfg, &k, p);
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

static void policy_dispose(pd_policy *p)
{
    free(p->name);
    free(p->url);
    free(p->etag);
    free(p->last_modified);
    free(p->wayback_url);
    free(p->render);
    free(p->problem);
    free(p->language);
    pd_recipe_dispose(&p->recipe);
    pd_past_recipes_free(p->history, p->nhistory);
    p->history = NULL;
    p->nhistory = 0;
}

typedef struct {
    char *sub; /* the policy name */
    char *var; /* url, select, ... */
    char *value;
    size_t seq; /* order in the file */
} conf_item;

static int cmp_item(const void *a, const void *b)
{
    const conf_item *x = a, *y = b;
    int c = strcmp(x->sub, y->sub);
    if (c)
        return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void items_free(conf_item *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].sub);
        free(v[i].var);
        free(v[i].value);
    }
    free(v);
}

/* Reads every policy.<name>.<var> entry in one pass (per-key lookups scan
 * all entries in libgit2, which is quadratic over a large file). */
static int collect_items(conf_item **out, size_t *n, git_config *cfg, const char *only)
{
    size_t only_len = only ? strlen(only) : 0;
    git_config_iterator *it = NULL;
    git_config_entry *e;
    conf_item *v = NULL;
    size_t count = 0, cap = 0;
    int rc = 0, grc;

    /* (no glob iterator: a failed libgit2 1.5 regex match leaks) */
    if (git_config_iterator_new(&it, cfg) < 0)
        return conf_fail();
    while ((grc = git_config_next(&e, it)) == 0) {
        const char *dot;
        size_t len = strlen(e->name);
        if (len < 10 || strncmp(e->name, "policy.", 7) || !(dot = strrchr(e->name, '.')) ||
            dot <= e->name + 7)
            continue;
        /* a key without "= value" is git's true: for the one boolean key */
        if (!e->value && strcmp(dot + 1, "allow-private"))
            continue;
        if (only &&
            ((size_t)(dot - e->name - 7) != only_len || strncmp(e->name + 7, only, only_len)))
            continue;
        if (count == cap && (rc = pd_array_grow(&v, &cap, sizeof(*v), 64)))
            break;
        v[count].sub = strndup(e->name + 7, (size_t)(dot - e->name - 7));
        v[count].var = strdup(dot + 1);
        v[count].value = strdup(e->value ? e->value : "true");
        v[count].seq = count;
        count++;
        if (!v[count - 1].sub || !v[count - 1].var || !v[count - 1].value) {
            rc = PD_ENOMEM_SET();
            break;
        }
    }
    if (!rc && grc != GIT_ITEROVER)
        rc = conf_fail();
    git_config_iterator_free(it);
    if (rc) {
        items_free(v, count);
        return rc;
    }
    if (count)
        qsort(v, count, sizeof(*v), cmp_item);
    *out = v;
    *n = count;
    return 0;
}

/* 1 when line (len bytes, without its newline) is a [policy "name"] header
 * with nothing after it but a comment. */
static int is_header_of(const char *line, size_t len, const char *name)
{
    const char *p = line, *end = line + len;
    size_t n = strlen(name);
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (p == end || *p++ != '[')
        return 0;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (end - p < 6 || strncasecmp(p, "policy", 6))
        return 0;
    p += 6;
    if (p == end || (*p != ' ' && *p != '\t'))
        return 0;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if ((size_t)(end - p) < n + 3 || *p != '"' || strncmp(p + 1, name, n) || p[n + 1] != '"' ||
        p[n + 2] != ']')
        return 0;
    for (p += n + 3; p < end && (*p == ' ' || *p == '\t' || *p == '\r'); p++)
        ;
    return p == end || *p == '#' || *p == ';';
}

/* What a line of policies.conf is. */
enum { LINE_BLANK, LINE_COMMENT, LINE_HEADER, LINE_VARIABLE /* anything else */ };

/* The LINE_* kind of a line; *indented when it starts with a blank. */
static int line_kind(const char *line, size_t len, int *indented)
{
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
        i++;
    *indented = i > 0;
    if (i == len)
        return LINE_BLANK;
    if (line[i] == '#' || line[i] == ';')
        return LINE_COMMENT;
    return line[i] == '[' ? LINE_HEADER : LINE_VARIABLE;
}

/* The line at p (ending before end): its length without the newline into
 * *len; returns the bytes to the next line. */
static size_t next_line(const char *p, const char *end, size_t *len)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    return *len + (nl ? 1 : 0);
}

/* The first line from p on (before end) of LINE_* kind, unindented when
 * unindented is set, or end; *seen gets a bit (1u << kind) for each kind
 * of line before it. */
static const char *find_line(const char *p, const char *end, int kind, int unindented,
                             unsigned *seen)
{
    *seen = 0;
    while (p < end) {
        size_t len, step = next_line(p, end, &len);
        int indented, k = line_kind(p, len, &indented);
        if (k == kind && !(unindented && indented))
            break;
        *seen |= 1u << k;
        p += step;
    }
    return p;
}

/*
 * libgit2 deletes a section's variables but keeps its [policy "NAME"]
 * header, to which a line appended by hand later would belong: the empty
 * sections of name go, with the blank and indented comment lines under
 * them (a comment at the start of a line may be about the next section).
 * A section that still holds a variable is left alone.
 */
static int drop_empty_sections(pd_store *s, const char *name)
{
    pd_buf in = PD_BUF_INIT, out = PD_BUF_INIT;
    const char *p, *end;
    int rc, changed = 0;

    if ((rc = pd_buf_read_file(&in, s->conf_path, 16 << 20)))
        goto done;
    p = pd_buf_cstr(&in);
    end = p + in.len;
    while (p < end) {
        size_t len, next = next_line(p, end, &len);
        const char *body_end = NULL;
        unsigned seen = 0;
        if (is_header_of(p, len, name))
            /* the section's body: up to the next header */
            body_end = find_line(p + next, end, LINE_HEADER, 0, &seen);
        if (!body_end || (seen & (1u << LINE_VARIABLE))) { /* not name's, or not empty */
            pd_buf_put(&out, p, next);
            p += next;
            continue;
        }
        /* drop the header, and blank or indented comment lines after it */
        p = find_line(p + next, body_end, LINE_COMMENT, 1, &seen);
        changed = 1;
    }
    if (!(rc = pd_buf_error(&out)) && changed)
        rc = pd_write_file_atomic(s->conf_path, pd_buf_cstr(&out), out.len);
done:
    pd_buf_dispose(&in);
    pd_buf_dispose(&out);
    return rc;
}

int pd_store_policy_remove(pd_store *s, const char *name)
{
    git_config *cfg = NULL;
    conf_item *items = NULL;
    pd_buf k = PD_BUF_INIT;
    size_t nitems = 0;
    int rc, grc;
    if ((rc = pd_policy_name_check(name)))
        return rc;
    forget_known(s);
    if ((rc = open_policy_conf(&cfg, s, name)))
        return rc;
    /* every key of the section, the unknown ones too (a typo) */
    if ((rc = delete_all(cfg, name)) || (rc = collect_items(&items, &nitems, cfg, name)))
        goto out;
    for (size_t i = 0; i < nitems && !rc; i++) {
        if ((rc = key_of(&k, name, items[i].var)))
            break;
        grc = git_config_delete_multivar(cfg, k.ptr, ".*");
        if (grc < 0 && grc != GIT_ENOTFOUND)
            rc = pd_store_git_fail("cannot write policies.conf");
    }
    git_config_free(cfg);
    cfg = NULL;
    if (!rc)
        rc = drop_empty_sections(s, name);
out:
    items_free(items, nitems);
    pd_buf_dispose(&k);
    git_config_free(cfg);
    pd_store_unlock(s);
    return rc;
}

static int replace_str(char **dst, const char *value)
{
    free(*dst);
    *dst = strdup(value);
    PD_CHECK_ALLOC(*dst);
    return 0;
}

/* git-config's true: true, yes, on or a non-zero number. */
static int is_true(const char *v)
{
    return v && (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") ||
                 (strtol(v, NULL, 10) != 0));
}

/* One policy from its items (all with the same sub); 1 = not a policy. */
static int policy_from_items(pd_policy *p, const conf_item *v, size_t n)
{
    const char *recipe = NULL, *validated = NULL, *history = NULL, *every = NULL;
    char fp[17];
    int rc = 0;
    memset(p, 0, sizeof(*p));
    if (pd_policy_name_check(v[0].sub)) {
        pd_error_clear();
        return 1; /* hand-edited: not a name we can use (said by the list) */
    }
    p->name = strdup(v[0].sub);
    PD_CHECK_ALLOC(p->name);
    for (size_t i = 0; i < n && !rc; i++) {
        if (!strcmp(v[i].var, "url"))
            rc = replace_str(&p->url, v[i].value);
        else if (!strcmp(v[i].var, "etag"))
            rc = replace_str(&p->etag, v[i].value);
        else if (!strcmp(v[i].var, "lastmodified"))
            rc = replace_str(&p->last_modified, v[i].value);
        else if (!strcmp(v[i].var, "wayback"))
            rc = replace_str(&p->wayback_url, v[i].value);
        else if (!strcmp(v[i].var, "recipe"))
            recipe = v[i].value;
        else if (!strcmp(v[i].var, "validatorsrecipe"))
            validated = v[i].value;
        else if (!strcmp(v[i].var, "render"))
            rc = replace_str(&p->render, v[i].value);
        else if (!strcmp(v[i].var, "language"))
            rc = replace_str(&p->language, v[i].value);
        else if (!strcmp(v[i].var, "history"))
            history = v[i].value;
        else if (!strcmp(v[i].var, "every"))
            every = v[i].value;
        else if (!strcmp(v[i].var, "lastattempt"))
            p->last_attempt = strtoll(v[i].value, NULL, 10);
        else if (!strcmp(v[i].var, "allow-private"))
            p->allow_private = is_true(v[i].value);
    }
    if (rc)
        return rc;
    if (!p->url)
        return 1;
    if (recipe && (rc = pd_recipe_from_ota_json(&p->recipe, recipe, strlen(recipe))))
        return pd_error_set(PD_EINVALID,
                            "policies.conf: policy \"%s\" has a bad recipe: %s; fix its "
                            "recipe = line (or 'policydiff add %s URL --recipe FILE' after "
                            "'policydiff remove %s')",
                            p->name, pd_error_last(), p->name, p->name);
    if (p->language && pd_language_check(p->language))
        return pd_error_set(PD_EINVALID, "policies.conf: policy \"%s\": %s", p->name,
                            pd_error_last());
    if (history &&
        (rc = pd_past_recipes_from_json(&p->history, &p->nhistory, history, strlen(history))))
        return pd_error_set(PD_EINVALID, "policies.conf: policy \"%s\" has a bad history: %s",
                            p->name, pd_error_last());
    if (every && pd_duration_parse(&p->every, every))
        return pd_error_set(PD_EINVALID, "policies.conf: policy \"%s\": every: %s", p->name,
                            pd_error_last());
    for (size_t i = 0; i < n && !rc; i++) {
        if (!strcmp(v[i].var, "select"))
            rc = pd_recipe_add_css(&p->recipe, 0, v[i].value);
        else if (!strcmp(v[i].var, "remove"))
            rc = pd_recipe_add_css(&p->recipe, 1, v[i].value);
    }
    /* validators saved for another recipe would answer 304 to a page the
     * new recipe has never read: the next fetch downloads it again */
    if (!rc && (p->etag || p->last_modified) &&
        (!validated || (rc = recipe_fingerprint(fp, &p->recipe, p->url)) ||
         strcmp(fp, validated))) {
        free(p->etag);
        free(p->last_modified);
        p->etag = p->last_modified = NULL;
    }
    return rc;
}

int pd_store_policy_list(pd_policy **out, size_t *n, pd_store *s)
{
    git_config *cfg = NULL;
    conf_item *items = NULL;
    pd_policy *list = NULL;
    size_t nitems = 0, count = 0, i = 0;
    int rc;

    *out = NULL;
    *n = 0;
    pd_buf_clear(&s->skipped);
    if ((rc = open_conf_read(&cfg, s)))
        return rc;
    if ((rc = collect_items(&items, &nitems, cfg, NULL)))
        goto out;
    if (nitems && !(list = calloc(nitems, sizeof(*list)))) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    while (i < nitems) {
        size_t j = i;
        while (j < nitems && !strcmp(items[j].sub, items[i].sub))
            j++;
        if (!pd_policy_name_check(items[i].sub)) {
            for (size_t k = i; k < j; k++)
                if (!known_key(items[k].var))
                    pd_buf_printf(&s->skipped,
                                  "policy \"%.100s\": unknown key '%.100s' (the keys are url, "
                                  "select, remove, recipe, wayback, render, language, history, "
                                  "every and allow-private)\n",
                                  items[i].sub, items[k].var);
        }
        rc = policy_from_items(&list[count], items + i, j - i);
        if (rc == PD_EINVALID && list[count].name && list[count].url) {
            /* a bad recipe: listed with its problem, so it blocks no other */
            pd_recipe_dispose(&list[count].recipe);
            if (!(list[count].problem = strdup(pd_error_last())))
                rc = PD_ENOMEM_SET();
            else
                rc = 0;
            pd_error_clear();
        }
        if (rc < 0) {
            count++;
            goto out;
        }
        if (rc == 1) {
            policy_dispose(&list[count]);
            if (pd_policy_name_check(items[i].sub))
                pd_buf_printf(&s->skipped, "policy \"%.100s\": %s\n", items[i].sub,
                              pd_error_last());
            else
                pd_buf_printf(&s->skipped, "policy \"%.100s\" has no url\n", items[i].sub);
            pd_error_clear();
        } else {
            count++;
        }
        rc = 0;
        i = j;
    }
out:
    items_free(items, nitems);
    git_config_free(cfg);
    if (rc) {
        pd_policy_array_free(list, count);
        return rc;
    }
    if (!count) {
        free(list);
        list = NULL;
    }
    *out = list;
    *n = count;
    return 0;
}

int pd_store_policy_get(pd_policy **out, pd_store *s, const char *name)
{
    git_config *cfg = NULL;
    conf_item *items = NULL;
    pd_policy *p = NULL;
    size_t nitems = 0;
    int rc;

    *out = NULL;
    if ((rc = pd_policy_name_check(name)))
        return rc;
    if ((rc = open_conf_read(&cfg, s)) || (rc = collect_items(&items, &nitems, cfg, name)))
        goto out;
    if (!(p = calloc(1, sizeof(*p)))) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    rc = nitems ? policy_from_items(p, items, nitems) : 1;
    if (rc == 1)
        rc =
            pd_error_set(PD_ENOTFOUND,
                         "no policy named '%s' in this store (add it with 'policydiff add')", name);
    if (rc) {
        pd_policy_free(p);
        p = NULL;
        goto out;
    }
    *out = p;
    free(s->known_policy);
    s->known_policy = strdup(name);
out:
    items_free(items, nitems);
    git_config_free(cfg);
    return rc;
}

int pd_store_policy_set_validators(pd_store *s, const char *name, const char *etag,
                                   const char *last_modified)
{
    git_config *cfg = NULL;
    pd_buf k = PD_BUF_INIT;
    const char *vals[3] = {etag, last_modified, NULL};
    const char *vars[3] = {"etag", "lastmodified", "validatorsrecipe"};
    char fp[17];
    int rc;

    if ((rc = pd_policy_name_check(name)) || (rc = open_policy_conf(&cfg, s, name)))
        return rc;
    /* the validators belong to the recipe in effect (see the top) */
    if (etag || last_modified) {
        conf_item *items = NULL;
        size_t nitems = 0;
        pd_policy p;
        memset(&p, 0, sizeof(p));
        if (!(rc = collect_items(&items, &nitems, cfg, name))) {
            rc = nitems ? policy_from_items(&p, items, nitems) : 1;
            if (!rc)
                rc = recipe_fingerprint(fp, &p.recipe, p.url);
            else if (rc == 1)
                rc = pd_error_set(PD_ENOTFOUND, "no policy named '%s'", name);
            policy_dispose(&p);
        }
        items_free(items, nitems);
        if (rc)
            goto out;
    }
    vals[2] = etag || last_modified ? fp : NULL;
    for (int i = 0; i < 3; i++) {
        if (vals[i] && strpbrk(vals[i], "\r\n"))
            continue;
        if (vals[i]) {
            if ((rc = set_one(cfg, &k, name, vars[i], vals[i])))
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

void pd_policy_array_free(pd_policy *p, size_t n)
{
    if (!p)
        return;
    for (size_t i = 0; i < n; i++)
        policy_dispose(&p[i]);
    free(p);
}

int pd_store_policy_set_attempts(pd_store *s, const pd_policy *p, size_t n, int64_t at)
{
    git_config *cfg = NULL;
    pd_buf k = PD_BUF_INIT;
    char num[32];
    int rc = 0, any = 0;

    for (size_t i = 0; i < n; i++)
        any |= p[i].every > 0;
    if (!any)
        return 0;
    if ((rc = pd_store_lock(s, PD_STORE_LOCK_WAIT_MS)))
        return rc;
    if ((rc = open_conf(&cfg, s)))
        goto out;
    snprintf(num, sizeof(num), "%" PRId64, at);
    for (size_t i = 0; i < n && !rc; i++)
        if (p[i].every > 0 && exists(cfg, p[i].name))
            rc = set_one(cfg, &k, p[i].name, "lastattempt", num);
out:
    pd_buf_dispose(&k);
    git_config_free(cfg);
    pd_store_unlock(s);
    return rc;
}

int64_t pd_policy_jitter(const pd_policy *p)
{
    uint64_t h;
    if (p->every <= 0)
        return 0;
    h = pd_fnv64(PD_FNV64_BASIS, p->name, strlen(p->name));
    return (int64_t)(h % (uint64_t)(p->every / 10 + 1));
}

int pd_store_policy_due(int64_t *due, pd_store *s, const pd_policy *p)
{
    pd_version v;
    int64_t last = p->last_attempt;
    int rc;

    *due = 0;
    if (p->every <= 0)
        return 0;
    memset(&v, 0, sizeof(v));
    rc = pd_store_version_at(&v, s, p->name, INT64_MAX);
    if (rc == 0) {
        if (v.captured_at > last)
            last = v.captured_at;
        pd_version_dispose(&v);
    } else if (rc != PD_ENOTFOUND) {
        return rc;
    }
    pd_error_clear();
    if (last > 0)
        *due = last + p->every - pd_policy_jitter(p);
    return 0;
}
