/* The first unknown key of a JSON object; see jsonkeys.h. */
#include "util/jsonkeys.h"

#include <string.h>

const char *pd_json_unknown_key(json_t *obj, const char *const *known)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        size_t i = 0;
        while (known[i] && strcmp(key, known[i]))
            i++;
        if (!known[i])
            return key;
    }
    return NULL;
}
