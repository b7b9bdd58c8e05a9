/* libFuzzer harness: any bytes as an Open Terms Archive declaration, as a
 * service declaration and as a single document with a name given, and as
 * a history file beside a small declaration; every policy that comes out
 * must have a valid name and a URL, and its earlier recipes must write
 * back. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/ota.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const pd_ota_service *svc)
{
    for (size_t i = 0; i < svc->npolicies; i++) {
        const pd_policy *p = &svc->policies[i];
        char *json = NULL;
        if (pd_policy_name_check(p->name) != 0 || !p->url)
            abort();
        if (pd_recipe_to_ota_json(&json, &p->recipe) == 0)
            free(json);
        json = NULL;
        if (pd_past_recipes_to_json(&json, p->history, p->nhistory) == 0)
            free(json);
        (void)pd_ota_notes(p);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char decl[] = "{\"name\": \"S\", \"terms\": {\"Privacy Policy\": "
                               "{\"fetch\": \"https://s.example/p\", \"select\": \"main\"}}}";
    pd_ota_service svc = PD_OTA_SERVICE_INIT;

    for (int pass = 0; pass < 3; pass++) {
        int rc = pass < 2 ? pd_ota_read_service(&svc, (const char *)data, size, NULL, 0,
                                                pass ? NULL : "Svc", pass ? "svc/doc" : NULL)
                          : pd_ota_read_service(&svc, decl, strlen(decl), (const char *)data, size,
                                                "S", NULL);
        if (rc == 0)
            check(&svc);
        pd_ota_service_dispose(&svc);
    }
    return 0;
}
