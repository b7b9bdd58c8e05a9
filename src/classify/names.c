/* Names of categories, severities and impacts, as they appear in output. */
#include "classify/classify.h"

#include <string.h>

static const char *const cat_names[PD_CAT_COUNT] = {
    "collection",      "use",         "sharing",     "sale",     "retention",
    "security",        "user-rights", "tracking",    "children", "international",
    "policy-change",   "contact",     "ai",          "other",    "disputes",
    "content-license", "liability",   "termination", "payment"};

const char *pd_category_name(unsigned bit)
{
    for (int i = 0; i < PD_CAT_COUNT; i++)
        if (bit == (1u << i))
            return cat_names[i];
    return "other";
}

unsigned pd_category_from_name(const char *name)
{
    for (int i = 0; i < PD_CAT_COUNT; i++)
        if (strcmp(name, cat_names[i]) == 0)
            return 1u << i;
    return 0;
}

const char *pd_severity_name(pd_severity s)
{
    switch (s) {
    case PD_SEV_LOW:
        return "low";
    case PD_SEV_MEDIUM:
        return "medium";
    case PD_SEV_HIGH:
        return "high";
    default:
        return "none";
    }
}

int pd_severity_from_name(const char *name)
{
    static const char *const names[] = {"none", "low", "medium", "high"};
    for (int i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

const char *pd_impact_name(pd_impact i)
{
    switch (i) {
    case PD_IMPACT_BETTER:
        return "better";
    case PD_IMPACT_WORSE:
        return "worse";
    case PD_IMPACT_UNCLEAR:
        return "unclear";
    default:
        return "neutral";
    }
}
