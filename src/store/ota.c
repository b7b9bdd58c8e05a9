/*
 * ota.c - Open Terms Archive service declarations into policies.
 *
 * A service declaration is {"name": "GitHub", "documents": {"Privacy
 * Policy": {"fetch": URL, "select": ..., "remove": ...}, ...}}: one policy
 * per terms type, named <service-slug>/<terms-type-slug>.  The outside JSON
 * is bounded (jansson parses it whole; the CLI caps the file size) and every
 * field is type-checked before use.
 */
#include "store/store_internal.h"
#include "util/error.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

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

static int push_policy(pd_policy **list, size_t *n, pd_policy *p)
{
    pd_policy *nl = realloc(*list, (*n + 1) * sizeof(*nl));
    PD_CHECK_ALLOC(nl);
    nl[*n] = *p;
    *list = nl;
    (*n)++;
    return 0;
}

static void warn(pd_buf *w, const char *doc, const char *why)
{
    if (w)
        pd_buf_printf(w, "skipped \"%.80s\": %s\n", doc, why);
}

/* One document declaration into p (name set by the caller); 1 = skipped. */
static int document(pd_policy *p, json_t *doc, const char *docname, pd_buf *warnings)
{
    json_t *fetch;
    char *text;
    int rc;
    if (!json_is_object(doc)) {
        warn(warnings, docname, "not a JSON object");
        return 1;
    }
    if (json_object_get(doc, "combine")) {
        warn(warnings, docname, "combines several pages, which policydiff does not follow yet");
        return 1;
    }
    fetch = json_object_get(doc, "fetch");
    if (!json_is_string(fetch) || !*json_string_value(fetch)) {
        warn(warnings, docname, "no \"fetch\" URL");
        return 1;
    }
    if (strpbrk(json_string_value(fetch), "\r\n")) {
        warn(warnings, docname, "the \"fetch\" URL contains a line break");
        return 1;
    }
    text = json_dumps(doc, JSON_COMPACT);
    PD_CHECK_ALLOC(text);
    rc = pd_recipe_from_ota_json(&p->recipe, text, strlen(text));
    free(text);
    if (rc == PD_EINVALID) {
        warn(warnings, docname, pd_error_last());
        pd_error_clear();
        return 1;
    }
    if (rc)
        return rc;
    p->url = strdup(json_string_value(fetch));
    PD_CHECK_ALLOC(p->url);
    return 0;
}

static void policy_dispose(pd_policy *p)
{
    free(p->name);
    free(p->url);
    pd_recipe_dispose(&p->recipe);
    memset(p, 0, sizeof(*p));
}

/* Long (about 120 lines) because it reads the two declaration shapes (a
 * service with "terms"/"documents", or one document) in one pass over the
 * JSON, with the warnings of each skipped document in order. */
int pd_ota_parse_declaration(pd_policy **out, size_t *n, const char *json, size_t len,
                             const char *name_override, pd_buf *warnings)
{
    json_error_t err;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err), *docs, *doc, *sname;
    pd_policy *list = NULL, one;
    const char *key;
    char *service = NULL;
    size_t count = 0;
    int rc = 0, r;

    *out = NULL;
    *n = 0;
    memset(&one, 0, sizeof(one));
    if (!root)
        return pd_error_set(PD_EINVALID, "declaration: not valid JSON (line %d: %.120s)", err.line,
                            err.text);
    if (!json_is_object(root)) {
        rc = pd_error_set(PD_EINVALID, "declaration: expected a JSON object");
        goto out;
    }
    if (json_object_get(root, "fetch") && !json_object_get(root, "documents")) {
        /* A single document declaration. */
        if (!name_override) {
            rc = pd_error_set(PD_EINVALID, "declaration: a single document declaration needs a "
                                           "policy name (--name NAME)");
            goto out;
        }
        if ((rc = pd_policy_name_check(name_override)))
            goto out;
        r = document(&one, root, name_override, warnings);
        if (r < 0) {
            rc = r;
            goto out;
        }
        if (r == 1) {
            rc = pd_error_set(PD_EINVALID, "declaration: %s", pd_buf_cstr(warnings));
            goto out;
        }
        if (!(one.name = strdup(name_override))) {
            rc = PD_ENOMEM_SET();
            goto out;
        }
        if ((rc = push_policy(&list, &count, &one)))
            goto out;
        memset(&one, 0, sizeof(one));
        goto out;
    }
    docs = json_object_get(root, "documents");
    if (!json_is_object(docs)) {
        rc = pd_error_set(PD_EINVALID,
                          "declaration: expected \"documents\": {\"<terms type>\": {...}}");
        goto out;
    }
    if (json_object_size(docs) > PD_OTA_MAX_DOCUMENTS) {
        rc = pd_error_set(PD_EINVALID, "declaration: more than %d documents", PD_OTA_MAX_DOCUMENTS);
        goto out;
    }
    if (name_override) {
        if ((rc = pd_policy_name_check(name_override)))
            goto out;
        service = strdup(name_override);
    } else {
        sname = json_object_get(root, "name");
        if (!json_is_string(sname) || !(service = pd_ota_slug(json_string_value(sname)))) {
            rc = pd_error_set(PD_EINVALID, "declaration: \"name\" must name the service "
                                           "(letters or digits), or give --name");
            goto out;
        }
    }
    if (!service) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    json_object_foreach(docs, key, doc)
    {
        pd_buf name = PD_BUF_INIT;
        char *slug = pd_ota_slug(key);
        if (!slug) {
            warn(warnings, key, "the terms type has no letters or digits");
            continue;
        }
        pd_buf_printf(&name, "%s/%s", service, slug);
        free(slug);
        if ((rc = pd_buf_error(&name)))
            goto out;
        if (pd_policy_name_check(name.ptr)) {
            warn(warnings, key, pd_error_last());
            pd_error_clear();
            pd_buf_dispose(&name);
            continue;
        }
        r = document(&one, doc, key, warnings);
        if (r < 0) {
            pd_buf_dispose(&name);
            rc = r;
            goto out;
        }
        if (r == 1) {
            policy_dispose(&one);
            pd_buf_dispose(&name);
            continue;
        }
        one.name = pd_buf_detach(&name);
        if ((rc = push_policy(&list, &count, &one)))
            goto out;
        memset(&one, 0, sizeof(one));
    }
out:
    policy_dispose(&one);
    free(service);
    json_decref(root);
    if (rc) {
        pd_policy_array_free(list, count);
        return rc;
    }
    *out = list;
    *n = count;
    return 0;
}
