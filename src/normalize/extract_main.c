/* Main-content choice (see extract_internal.h): the element that holds the
 * policy text, found by its tag or by text density, or what a recipe's
 * selectors keep and drop. */
#include "normalize/extract_internal.h"
#include "normalize/html.h"
#include "normalize/select.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- automatic ---- */

/* Picks the element that holds the policy text: main, role=main or article
 * when it holds at least half the text, else the densest block. */
xmlNode *pd_ex_pick_main(xmlNode *body)
{
    xmlNode *best = NULL;
    einfo *b = info_of(body);
    uint64_t total = b ? b->clean : 0, best_len = 0;
    if (!b || !total)
        return body;
    for (int pass = 0; pass < 2 && !best; pass++) {
        for (xmlNode *x = body; x;) {
            einfo *e = info_of(x);
            const char *role;
            int cand;
            if (!e) {
                x = pd_dom_next(x, body, 1);
                continue;
            }
            if (e->flags & F_SKIP) {
                x = pd_dom_next(x, body, 0);
                continue;
            }
            role = pd_html_attr(x, "role");
            cand = pass == 0 ? (pd_html_is(x, "main") || (role && !strcasecmp(role, "main")))
                             : pd_html_is(x, "article");
            if (cand && e->clean > best_len) {
                best = x;
                best_len = e->clean;
            }
            x = pd_dom_next(x, body, 1);
        }
        if (best && best_len * 2 < total)
            best = NULL;
    }
    if (best)
        return best;
    /* Densest block: descend while one child holds most of the prose. */
    best = body;
    for (;;) {
        einfo *e = info_of(best);
        xmlNode *top = NULL;
        uint64_t top_prose = 0, prose = e->clean - e->clean_link;
        for (xmlNode *c = best->children; c; c = c->next) {
            einfo *ce = info_of(c);
            uint64_t p;
            if (!ce || (ce->flags & F_SKIP))
                continue;
            p = ce->clean - ce->clean_link;
            if (p > top_prose) {
                top_prose = p;
                top = c;
            }
        }
        if (!top || top_prose * 100 < prose * 85 || !pd_ex_is_block(top))
            break;
        best = top;
    }
    return best;
}

/* ---- recipes ---- */

static int mark_css(xmlNode *root, const char *css, uint32_t flag, size_t *matched)
{
    pd_css *c = NULL;
    long budget = PD_CSS_TREE_BUDGET;
    int rc = pd_css_compile(&c, css);
    *matched = 0;
    if (rc)
        return rc;
    for (xmlNode *x = root; x; x = pd_dom_next(x, root, 1)) {
        einfo *e = info_of(x);
        if (e && pd_css_matches_budget(c, x, &budget)) {
            e->flags |= flag;
            (*matched)++;
        }
    }
    pd_css_free(c);
    return 0;
}

static int resolve_range(xmlNode *root, const pd_selector *s, pd_ex_range *r, int *found)
{
    pd_css *a = NULL, *b = NULL;
    const char *start = s->start_before ? s->start_before : s->start_after;
    const char *end = s->end_before ? s->end_before : s->end_after;
    int rc;
    memset(r, 0, sizeof(*r));
    *found = 0;
    if (!start || !end)
        return pd_error_set(PD_EINVALID, "a range needs a start and an end selector");
    if ((rc = pd_css_compile(&a, start)) || (rc = pd_css_compile(&b, end)))
        goto out;
    r->start_after = !s->start_before;
    r->end_after = !s->end_before;
    r->start = pd_css_select_first(a, root);
    if (r->start) {
        for (xmlNode *x = pd_dom_next((xmlNode *)r->start, root, 1); x;
             x = pd_dom_next(x, root, 1)) {
            if (x->type == XML_ELEMENT_NODE && pd_css_matches(b, x)) {
                r->end = x;
                break;
            }
        }
    }
    *found = r->start && r->end;
    if (!*found)
        r->state = 2;
out:
    pd_css_free(a);
    pd_css_free(b);
    return rc;
}

int pd_ex_select_recipe(pd_ex_selection *out, xmlNode *root, const pd_recipe *r, char *warning)
{
    int rc = 0;
    out->rm_ranges = calloc(r->nremove + 1, sizeof(pd_ex_range));
    out->sel_ranges = calloc(r->nselect + 1, sizeof(pd_ex_range));
    if (!out->rm_ranges || !out->sel_ranges)
        return PD_ENOMEM_SET();
    for (size_t i = 0; i < r->nremove; i++) {
        size_t matched;
        int found;
        if (r->remove[i].kind == PD_SEL_CSS)
            rc = mark_css(root, r->remove[i].css, F_REMOVED, &matched);
        else
            rc = resolve_range(root, &r->remove[i], &out->rm_ranges[out->nrm_ranges++], &found);
        if (rc)
            return rc;
    }
    /* the filters done natively remove what their JavaScript removes, before
     * the selection as Open Terms Archive runs them */
    for (size_t i = 0; i < r->nfilters; i++) {
        const char *css;
        size_t matched;
        if (pd_filter_support_of(&css, r->filters[i].name) == PD_FILTER_NATIVE && css &&
            (rc = mark_css(root, css, F_REMOVED, &matched)))
            return rc;
    }
    for (size_t i = 0; i < r->nselect; i++) {
        const pd_selector *s = &r->select[i];
        size_t matched = 0;
        int found = 0;
        if (s->kind == PD_SEL_CSS) {
            rc = mark_css(root, s->css, F_SELECTED, &matched);
            found = matched > 0;
        } else {
            rc = resolve_range(root, s, &out->sel_ranges[out->nsel_ranges++], &found);
        }
        if (rc)
            return rc;
        if (!found)
            pd_ex_warn(warning, "select '",
                       s->kind == PD_SEL_CSS
                           ? s->css
                           : (s->start_before ? s->start_before : s->start_after));
        out->nsel_found += found;
    }
    out->has_select = r->nselect > 0;
    return 0;
}

void pd_ex_selection_dispose(pd_ex_selection *s)
{
    free(s->sel_ranges);
    free(s->rm_ranges);
    memset(s, 0, sizeof(*s));
}
