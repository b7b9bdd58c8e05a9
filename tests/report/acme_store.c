/* acme_store.c - the site and feed tests' store; see acme_store.h. */
#include "acme_store.h"

#include <criterion/criterion.h>
#include <string.h>

#include "util/error.h"

void pd_test_record(pd_store *st, const char *name, int64_t t, const char *text)
{
    pd_record_options o = PD_RECORD_OPTIONS_INIT;
    pd_record_result r;
    o.policy = name;
    o.captured_at = t;
    o.source = "https://acme.example/privacy?a=1&b=<2>";
    cr_assert_eq(pd_store_record(&r, st, &o, text, strlen(text), text, strlen(text)), 0,
                 "record %s: %s", name, pd_error_last());
}

void pd_test_acme_store(pd_store **st, const char *dir, const char *v1, const char *v2,
                        const char *v3)
{
    static const char *const policies[][2] = {{"acme/privacy", "https://acme.example/privacy"},
                                              {"other", "https://other.example/terms"},
                                              {"quiet", "https://quiet.example/"}};
    pd_policy p;
    cr_assert_eq(pd_store_init(st, dir), 0, "%s", pd_error_last());
    for (size_t i = 0; i < sizeof(policies) / sizeof(policies[0]); i++) {
        memset(&p, 0, sizeof(p));
        p.name = (char *)policies[i][0];
        p.url = (char *)policies[i][1];
        cr_assert_eq(pd_store_policy_add(*st, &p), 0, "%s", pd_error_last());
    }
    pd_test_record(*st, "acme/privacy", T0, v1);
    pd_test_record(*st, "other", T0 + 3 * DAY, v1);
    pd_test_record(*st, "acme/privacy", T0 + 40 * DAY, v2);
    pd_test_record(*st, "acme/privacy", T0 + 400 * DAY, v3);
    pd_test_record(*st, "other", T0 + 500 * DAY, v2);
}
