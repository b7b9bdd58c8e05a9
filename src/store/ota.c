/*
 * ota.c - Open Terms Archive service declarations and their history files
 * into policies (see ota.h).  The outside JSON is bounded (jansson parses it
 * whole; the caller caps the file size) and every field is type-checked
 * before use.
 */
#include "store/ota.h"
#include "store/store_internal.h"
#include "util/error.h"
#include "util/jsonkeys.h"
#include "util/timeutil.h"
#include "util/url.h"

#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PD_OTA_MAX_DOCUMENTS 1000

char *pd_ota_slug(const char *s)
{
    size_t n = strlen(s), o = 0;
    char *out = malloc(n + 1);
    int dash = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c) && c < 128) {
            if (dash && o)
                out[o++] = '-';
            dash = 0;
            out[o++] = (char)tolower(c);
        } else if (c == '\'' || c == 0xE2) {
            /* "Developer's Terms": keep words together */
            if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                (unsigned char)s[i + 2] == 0x99)
                i += 2;
            else if (c == 0xE2)
                dash = 1;
        } else {
            dash = 1;
        }
    }
    out[o] = '\0';
    if (!o || o > 100) {
        free(out);
        return NULL;
    }
    return out;
}

static int push_policy(pd_ota_service *s, pd_policy *p)
{
    pd_policy *nl = realloc(s->policies, (s->npolicies + 1) * sizeof(*nl));
    PD_CHECK_ALLOC(nl);
    nl[s->npolicies] = *p;
    s->policies = nl;
    s->npolicies++;
    memset(p, 0, sizeof(*p));
    return 0;
}

static int push_skip(pd_ota_service *s, const char *terms, pd_ota_skip_reason reason,
                     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int push_skip(pd_ota_service *s, const char *terms, pd_ota_skip_reason reason,
                     const char *fmt, ...)
{
    pd_ota_skip *nl = realloc(s->skipped, (s->nskipped + 1) * sizeof(*nl)), *k;
    char line[512];
    va_list ap;
    PD_CHECK_ALLOC(nl);
    s->skipped = nl;
    k = &nl[s->nskipped];
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    k->reason = reason;
    k->terms = strdup(terms);
    k->why = strdup(line);
    if (!k->terms || !k->why) {
        free(k->terms);
        free(k->why);
        return PD_ENOMEM_SET();
    }
    s->nskipped++;
    return 0;
}

static void policy_dispose(pd_policy *p)
{
    free(p->name);
    free(p->url);
    free(p->render);
    pd_recipe_dispose(&p->recipe);
    pd_past_recipes_free(p->history, p->nhistory);
    memset(p, 0, sizeof(*p));
}

void pd_ota_service_dispose(pd_ota_service *s)
{
    if (!s)
        return;
    pd_policy_array_free(s->policies, s->npolicies);
    for (size_t i = 0; i < s->nskipped; i++) {
        free(s->skipped[i].terms);
        free(s->skipped[i].why);
    }
    free(s->skipped);
    free(s->service);
    memset(s, 0, sizeof(*s));
}

/* PD_EINVALID 'terms "X": <the last message>' (without "recipe: "). */
static int bad_terms(const char *terms, const char *what, const char *hint)
{
    const char *m = pd_error_last();
    if (!strncmp(m, "recipe: ", 8))
        m += 8;
    return pd_error_set(PD_EINVALID, "terms \"%.80s\": %s%s%s", terms, what, m, hint);
}

/* Every URL of p (pages and earlier recipes too) is one the fetcher can follow. */
static int check_urls(const pd_policy *p, const char *terms)
{
    int rc = pd_url_check(p->url);
    for (size_t i = 0; i < p->recipe.npages && !rc; i++)
        rc = pd_url_check(p->recipe.pages[i].fetch);
    for (size_t i = 0; i < p->nhistory && !rc; i++)
        rc = pd_url_check(p->history[i].url);
    return rc ? bad_terms(terms, "", "") : 0;
}

/* The selectors of p: 0, 1 when one is valid CSS the engine lacks (*why
 * says which), or PD_EINVALID for one that can never work. */
static int check_selectors(char *why, size_t size, const pd_policy *p, const char *terms)
{
    int rc = pd_recipe_check(&p->recipe);
    for (size_t i = 0; i < p->nhistory && !rc; i++)
        rc = pd_recipe_check(&p->history[i].recipe);
    if (rc == PD_EUNSUPPORTED) {
        snprintf(why, size, "%s", pd_error_last());
        pd_error_clear();
        return 1;
    }
    return rc == PD_EINVALID ? bad_terms(terms, "", "; fix it in the declaration") : rc;
}

/* executeClientScripts (the document's or a page's) becomes render = chromium. */
static int take_render(pd_policy *p)
{
    int scripts = p->recipe.client_scripts;
    for (size_t i = 0; i < p->recipe.npages; i++) {
        scripts |= p->recipe.pages[i].client_scripts;
        p->recipe.pages[i].client_scripts = 0;
    }
    p->recipe.client_scripts = 0;
    if (scripts && !(p->render = strdup("chromium")))
        return PD_ENOMEM_SET();
    return 0;
}

/* One terms type's declaration (and its history entry, or NULL) into p. */
static int terms_policy(pd_policy *p, json_t *doc, json_t *hist, const char *terms)
{
    char *text;
    const char *url;
    int rc;

    if (!json_is_object(doc))
        return pd_error_set(PD_EINVALID,
                            "terms \"%.80s\": expected an object {\"fetch\": URL, "
                            "\"select\": CSS}",
                            terms);
    if (!json_object_get(doc, "fetch") && !json_object_get(doc, "combine"))
        return pd_error_set(PD_EINVALID,
                            "terms \"%.80s\": no \"fetch\" URL (nor \"combine\"); "
                            "give the page's address",
                            terms);
    if (!(text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER)))
        return PD_ENOMEM_SET();
    rc = pd_recipe_from_ota_json(&p->recipe, text, strlen(text));
    free(text);
    if (rc)
        return rc == PD_EINVALID ? bad_terms(terms, "", "") : rc;
    url = p->recipe.fetch ? p->recipe.fetch : p->recipe.pages[0].fetch;
    if (!(p->url = strdup(url)))
        return PD_ENOMEM_SET();
    if ((rc = take_render(p)))
        return rc;
    if (!hist)
        return 0;
    if (!(text = json_dumps(hist, JSON_COMPACT | JSON_PRESERVE_ORDER)))
        return PD_ENOMEM_SET();
    rc = pd_past_recipes_from_json(&p->history, &p->nhistory, text, strlen(text));
    free(text);
    return rc == PD_EINVALID ? bad_terms(terms, "in the history file: ", "") : rc;
}

/* One terms type as the policy name: imported, skipped (said in out), or
 * PD_EINVALID for the whole file. */
static int read_terms(pd_ota_service *out, const char *name, json_t *doc, json_t *hist,
                      const char *terms)
{
    pd_policy p;
    char why[300];
    int rc;

    memset(&p, 0, sizeof(p));
    if (pd_policy_name_check(name)) {
        rc = push_skip(out, terms, PD_OTA_SKIP_NAME, "%s", pd_error_last());
        pd_error_clear();
        return rc;
    }
    for (size_t i = 0; i < out->npolicies; i++)
        if (!strcmp(out->policies[i].name, name))
            return push_skip(out, terms, PD_OTA_SKIP_TWICE,
                             "another terms type of this service also makes the policy %s", name);
    if ((rc = terms_policy(&p, doc, hist, terms)) || (rc = check_urls(&p, terms)))
        goto out;
    rc = check_selectors(why, sizeof(why), &p, terms);
    if (rc == 1) {
        rc = push_skip(out, terms, PD_OTA_SKIP_CSS, "%s", why);
        goto out;
    }
    if (rc || !(p.name = strdup(name))) {
        rc = rc ? rc : PD_ENOMEM_SET();
        goto out;
    }
    rc = push_policy(out, &p);
out:
    policy_dispose(&p);
    return rc;
}

/* A terms type only in the history file: no longer tracked. */
static int ended_terms(pd_ota_service *out, json_t *hist, const char *terms)
{
    pd_past_recipe *h = NULL;
    size_t n = 0;
    char *text = json_dumps(hist, JSON_COMPACT | JSON_PRESERVE_ORDER), iso[32] = "?";
    int rc;
    PD_CHECK_ALLOC(text);
    rc = pd_past_recipes_from_json(&h, &n, text, strlen(text));
    free(text);
    if (rc)
        return rc == PD_EINVALID ? bad_terms(terms, "in the history file: ", "") : rc;
    if (n)
        pd_time_format_iso(iso, sizeof(iso), h[n - 1].valid_until);
    pd_past_recipes_free(h, n);
    return push_skip(out, terms, PD_OTA_SKIP_ENDED,
                     "only in the history file: Open Terms Archive stopped tracking it (its last "
                     "recipe was in force until %s)",
                     iso);
}

#define PD_OTA_MAX_TERMS 1000

/* The history file: {"<terms type>": [entries], ...}, or NULL. */
static int load_history(json_t **out, const char *history, size_t hlen)
{
    json_error_t err;
    json_t *v;
    const char *key;
    *out = NULL;
    if (!history)
        return 0;
    if (!(*out = json_loadb(history, hlen, JSON_REJECT_DUPLICATES, &err)))
        return pd_error_set(PD_EINVALID, "history file: not valid JSON (line %d: %.120s)", err.line,
                            err.text);
    if (!json_is_object(*out) || json_object_size(*out) > PD_OTA_MAX_TERMS)
        return pd_error_set(PD_EINVALID, "history file: expected {\"<terms type>\": "
                                         "[{\"validUntil\": TIME, \"fetch\": URL, ...}]}");
    json_object_foreach(*out, key, v)
    {
        if (!json_is_array(v))
            return pd_error_set(PD_EINVALID,
                                "history file: \"%.80s\" must be an array of earlier recipes", key);
    }
    return 0;
}

/* The top of a service declaration: known keys, its terms, its name. */
static int service_top(json_t **terms, const char **declared, json_t *root)
{
    static const char *const keys[] = {"name", "terms", "documents", "importedFrom", NULL};
    const char *key = pd_json_unknown_key(root, keys);
    json_t *name;
    if (key)
        return pd_error_set(PD_EINVALID,
                            "unknown key \"%.60s\" in a service declaration (it has \"name\", "
                            "\"terms\" and \"importedFrom\"); check its spelling",
                            key);
    if (json_object_get(root, "terms") && json_object_get(root, "documents"))
        return pd_error_set(PD_EINVALID, "both \"terms\" and \"documents\": keep \"terms\" (OTA "
                                         "engine 5 renamed \"documents\" to \"terms\")");
    *terms = json_object_get(root, "terms");
    if (!*terms)
        *terms = json_object_get(root, "documents");
    if (!json_is_object(*terms) || json_object_size(*terms) > PD_OTA_MAX_TERMS)
        return pd_error_set(PD_EINVALID,
                            "expected \"terms\": {\"<terms type>\": {\"fetch\": URL, "
                            "...}} (at most %d)",
                            PD_OTA_MAX_TERMS);
    name = json_object_get(root, "name");
    if (name && !json_is_string(name))
        return pd_error_set(PD_EINVALID, "\"name\" must be the service's name, a string");
    *declared = name ? json_string_value(name) : NULL;
    return 0;
}

/* The service part of the policy names into out->service (as named) and
 * *slug: --name, else the file's id, else the declared name. */
static int service_names(char **slug, pd_ota_service *out, const char *id, const char *declared,
                         const char *name_override)
{
    const char *named = name_override ? name_override : id ? id : declared;
    int rc;
    *slug = NULL;
    if (!named)
        return pd_error_set(PD_EINVALID, "no \"name\": give the service's name, or --name");
    if (!(out->service = strdup(named)))
        return PD_ENOMEM_SET();
    if (name_override) {
        if ((rc = pd_policy_name_check(name_override)))
            return rc;
        *slug = strdup(name_override);
    } else if (!(*slug = pd_ota_slug(named))) {
        return pd_error_set(
            PD_EINVALID, "the service name \"%.80s\" has no letters or digits; give --name", named);
    }
    PD_CHECK_ALLOC(*slug);
    return 0;
}

/* Each terms type of a service (then those only in its history). */
static int read_all_terms(pd_ota_service *out, json_t *terms, json_t *hist, const char *slug)
{
    const char *key;
    json_t *doc, *h;
    int rc = 0;
    json_object_foreach(terms, key, doc)
    {
        pd_buf name = PD_BUF_INIT;
        char *tslug = pd_ota_slug(key);
        if (!tslug) {
            if ((rc = push_skip(out, key, PD_OTA_SKIP_NAME,
                                "the terms type has no letters or digits")))
                return rc;
            continue;
        }
        pd_buf_printf(&name, "%s/%s", slug, tslug);
        free(tslug);
        if (!(rc = pd_buf_error(&name)))
            rc = read_terms(out, name.ptr, doc, hist ? json_object_get(hist, key) : NULL, key);
        pd_buf_dispose(&name);
        if (rc)
            return rc;
    }
    json_object_foreach(hist, key, h)
    {
        if (!json_object_get(terms, key) && (rc = ended_terms(out, h, key)))
            return rc;
    }
    return 0;
}

/* A single document declaration ({"fetch": ...}) named name_override. */
static int single_document(pd_ota_service *out, json_t *root, const char *name_override)
{
    int rc;
    if (!name_override)
        return pd_error_set(PD_EINVALID, "a single document declaration needs a policy name "
                                         "(--name NAME)");
    if ((rc = pd_policy_name_check(name_override)))
        return rc;
    if (!(out->service = strdup(name_override)))
        return PD_ENOMEM_SET();
    return read_terms(out, name_override, root, NULL, name_override);
}

int pd_ota_read_service(pd_ota_service *out, const char *json, size_t len, const char *history,
                        size_t hlen, const char *id, const char *name_override)
{
    json_error_t err;
    json_t *root = NULL, *hist = NULL, *terms = NULL;
    const char *declared = NULL;
    char *slug = NULL;
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = load_history(&hist, history, hlen)))
        goto out;
    if (json && !(root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err))) {
        rc = pd_error_set(PD_EINVALID, "not valid JSON (line %d: %.120s)", err.line, err.text);
        goto out;
    }
    if (root && !json_is_object(root)) {
        rc = pd_error_set(PD_EINVALID, "expected a JSON object {\"name\": ..., \"terms\": {...}}");
        goto out;
    }
    if (root && !json_object_get(root, "terms") && !json_object_get(root, "documents") &&
        (json_object_get(root, "fetch") || json_object_get(root, "combine"))) {
        rc = single_document(out, root, name_override);
        goto out;
    }
    if ((root && (rc = service_top(&terms, &declared, root))) ||
        (rc = service_names(&slug, out, id, declared, name_override)))
        goto out;
    rc = read_all_terms(out, terms, hist, slug);
out:
    free(slug);
    json_decref(root);
    json_decref(hist);
    if (rc)
        pd_ota_service_dispose(out);
    return rc;
}

/* ---- notes for the summary ---- */

int pd_ota_is_pdf_url(const char *url)
{
    size_t n = strcspn(url, "?#");
    return n >= 4 && !strncasecmp(url + n - 4, ".pdf", 4);
}

static int has_range(const pd_recipe *r)
{
    for (size_t i = 0; i < r->nselect; i++)
        if (r->select[i].kind == PD_SEL_RANGE)
            return 1;
    for (size_t i = 0; i < r->nremove; i++)
        if (r->remove[i].kind == PD_SEL_RANGE)
            return 1;
    return 0;
}

/* The notes of one page's recipe (a view of p's). */
static unsigned page_notes(const pd_recipe *r)
{
    unsigned notes = 0;
    if (r->fetch && pd_ota_is_pdf_url(r->fetch))
        notes |= PD_OTA_NOTE_PDF;
    if (has_range(r))
        notes |= PD_OTA_NOTE_RANGE;
    for (size_t i = 0; i < r->nfilters; i++)
        notes |= pd_filter_support_of(NULL, r->filters[i].name) == PD_FILTER_SKIPPED
                     ? PD_OTA_NOTE_FILTER_SKIPPED
                     : PD_OTA_NOTE_FILTER_NATIVE;
    return notes;
}

unsigned pd_ota_notes(const pd_policy *p)
{
    unsigned notes = 0;
    pd_recipe view;
    for (size_t i = 0; i < (p->recipe.npages ? p->recipe.npages : 1); i++) {
        pd_recipe_page(&view, &p->recipe, i);
        notes |= page_notes(&view);
    }
    if (p->url && pd_ota_is_pdf_url(p->url))
        notes |= PD_OTA_NOTE_PDF;
    if (p->render)
        notes |= PD_OTA_NOTE_RENDER;
    if (p->recipe.npages > 1)
        notes |= PD_OTA_NOTE_COMBINE;
    if (p->nhistory)
        notes |= PD_OTA_NOTE_HISTORY;
    return notes;
}

/* 1 when name is one of the ", "-separated names in list. */
static int listed(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; (p = strstr(p, name)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

static void add_skipped_filters(pd_buf *out, const pd_recipe *r)
{
    for (size_t i = 0; i < r->nfilters; i++) {
        const char *name = r->filters[i].name;
        if (pd_filter_support_of(NULL, name) != PD_FILTER_SKIPPED || listed(pd_buf_cstr(out), name))
            continue; /* once (a page and its document share them) */
        pd_buf_printf(out, "%s%s", out->len ? ", " : "", name);
    }
}

void pd_ota_skipped_filters(pd_buf *out, const pd_policy *p)
{
    add_skipped_filters(out, &p->recipe);
    for (size_t i = 0; i < p->recipe.npages; i++)
        add_skipped_filters(out, &p->recipe.pages[i]);
}

int pd_ota_service_wanted(const char *id, const char *const *only, size_t nonly)
{
    char *slug;
    int found = 0;
    if (!nonly)
        return 1;
    slug = pd_ota_slug(id);
    for (size_t i = 0; i < nonly && !found; i++) {
        char *want = NULL;
        found = !strcasecmp(id, only[i]);
        if (!found && slug && (want = pd_ota_slug(only[i])))
            found = !strcmp(slug, want);
        free(want);
    }
    free(slug);
    return found;
}
