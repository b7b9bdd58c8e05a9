/* libFuzzer harness: any bytes through the change classifier and the headline.
 * The first byte picks the operation and the cosmetic flag; the rest is split
 * at the first NUL byte (or in the middle) into the old and new clause. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classify/classify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    pd_op op = (pd_op)(data[0] & 3);
    int cosmetic = (data[0] >> 2) & 1;
    data++;
    size--;
    char *buf = malloc(size + 2);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    buf[size + 1] = '\0';
    size_t cut = strlen(buf);
    if (cut == size)
        cut = size / 2;
    char *old_text = buf;
    char *new_text = buf + cut + 1;
    char save = buf[cut];
    buf[cut] = '\0';
    pd_flags f;
    if (pd_classify_change(&f, op, old_text, new_text, cosmetic) == 0) {
        const pd_flags *list[] = {&f, &f};
        pd_buf out = PD_BUF_INIT;
        pd_headline(&out, list, 2);
        pd_buf_dispose(&out);
        pd_flags_dispose(&f);
    }
    buf[cut] = save;
    free(buf);
    return 0;
}
