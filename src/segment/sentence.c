/* Placeholder splitter: ". " followed by an upper-case letter ends a sentence.
 * The real legal-text splitter replaces this. */
#include "segment/sentence.h"

#include <ctype.h>

int pd_sentence_split(const char *text, size_t len, pd_sentence_cb cb, void *priv)
{
    size_t start = 0, i;
    int rc;

    for (i = 0; i < len; i++) {
        if ((text[i] == '.' || text[i] == '?' || text[i] == '!') && i + 2 < len &&
            text[i + 1] == ' ' && isupper((unsigned char)text[i + 2])) {
            if ((rc = cb(text + start, i + 1 - start, priv)) != 0)
                return rc;
            start = i + 2;
        }
    }
    while (start < len && text[start] == ' ')
        start++;
    while (len > start && text[len - 1] == ' ')
        len--;
    if (len > start)
        return cb(text + start, len - start, priv);
    return 0;
}
