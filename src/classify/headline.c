/* headline.c - one line for a whole diff, leading with the worst:
 * "2 high: sale (negation removed), retention (12 months -> 10 years); 1 low: contact". */
#include "classify/classify.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

#define MAX_ITEMS 5

unsigned pd_flags_primary(const pd_flags *f)
{
    static const unsigned order[] = {PD_CAT_SALE,        PD_CAT_AI,          PD_CAT_CHILDREN,
                                     PD_CAT_USER_RIGHTS, PD_CAT_SHARING,     PD_CAT_COLLECTION,
                                     PD_CAT_RETENTION,   PD_CAT_TRACKING,    PD_CAT_INTERNATIONAL,
                                     PD_CAT_SECURITY,    PD_CAT_USE,         PD_CAT_POLICY_CHANGE,
                                     PD_CAT_CONTACT,     PD_CAT_DISPUTES,    PD_CAT_CONTENT_LICENSE,
                                     PD_CAT_LIABILITY,   PD_CAT_TERMINATION, PD_CAT_PAYMENT,
                                     PD_CAT_OTHER};
    if (f->primary)
        return f->primary;
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
        if (f->categories & order[i])
            return order[i];
    return PD_CAT_OTHER;
}

/* The short form of a reason for the headline: "negation removed",
 * "12 months -> 10 years", "new recipient: data brokers". */
static void short_reason(char *out, size_t cap, const char *r)
{
    const char *colon = strstr(r, ": ");
    if (!colon) {
        snprintf(out, cap, "%s", r);
        return;
    }
    const char *rest = colon + 2;
    if (strchr(rest, '"')) {
        snprintf(out, cap, "%.*s", (int)(colon - r), r);
    } else if (strstr(rest, "->")) {
        snprintf(out, cap, "%s", rest);
    } else if (strlen(r) <= 40) {
        snprintf(out, cap, "%s", r);
    } else {
        snprintf(out, cap, "%.*s", (int)(colon - r), r);
    }
}

int pd_headline(pd_buf *out, const pd_flags *const *flags, size_t n)
{
    int first_group = 1;
    for (int sev = PD_SEV_HIGH; sev > PD_SEV_NONE; sev--) {
        size_t count = 0;
        for (size_t i = 0; i < n; i++)
            count += flags[i] && flags[i]->severity == (pd_severity)sev;
        if (!count)
            continue;
        pd_buf_printf(out, "%s%zu %s: ", first_group ? "" : "; ", count,
                      pd_severity_name((pd_severity)sev));
        first_group = 0;
        /* distinct items in order of appearance */
        char items[MAX_ITEMS][160];
        size_t nitems = 0, more = 0;
        for (size_t i = 0; i < n; i++) {
            const pd_flags *f = flags[i];
            if (!f || f->severity != (pd_severity)sev)
                continue;
            char item[160], key[128];
            const char *cat = pd_category_name(pd_flags_primary(f));
            if (sev >= PD_SEV_MEDIUM && f->nreasons && f->reasons[0]) {
                short_reason(key, sizeof(key), f->reasons[0]);
                snprintf(item, sizeof(item), "%s (%s)", cat, key);
            } else {
                snprintf(item, sizeof(item), "%s", cat);
            }
            int dup = 0;
            for (size_t j = 0; j < nitems; j++)
                if (strcmp(items[j], item) == 0)
                    dup = 1;
            if (dup)
                continue;
            if (nitems == MAX_ITEMS) {
                more++;
                continue;
            }
            memcpy(items[nitems++], item, sizeof(item));
        }
        for (size_t j = 0; j < nitems; j++)
            pd_buf_printf(out, "%s%s", j ? ", " : "", items[j]);
        if (more)
            pd_buf_printf(out, ", +%zu more", more);
    }
    if (first_group)
        pd_buf_puts(out, "no substantive change");
    return pd_buf_error(out);
}
