/*
 * utf8.h - one code point at a time, and the Unicode classes that the
 * tokenizers share (align's words, segment's clause keys).
 *
 * Inline: both run once per character of every clause compared.
 */
#ifndef PD_UTF8_H
#define PD_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <utf8proc.h>

/* Decodes the code point at s[i] (i < len) into *cp and returns its length
 * in bytes; a byte that does not start valid UTF-8 decodes as U+FFFD, one
 * byte long. */
static inline size_t pd_utf8_next(const char *s, size_t len, size_t i, int32_t *cp)
{
    utf8proc_ssize_t n;
    if ((unsigned char)s[i] < 0x80) {
        *cp = (unsigned char)s[i];
        return 1;
    }
    n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), cp);
    if (n <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return (size_t)n;
}

/* The length of s's longest prefix of at most max bytes that does not cut
 * a character in two (s is NUL-terminated or at least max bytes long): a
 * quote of a clause in a reason stays valid UTF-8. */
static inline size_t pd_utf8_prefix(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    if (n == max && s[n])
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    return n;
}

/* A set of Unicode general categories: PD_UCAT(UTF8PROC_CATEGORY_LU) | ... */
#define PD_UCAT(category) (1u << (category))

/* Whether cp's general category is in the set cats. */
static inline int pd_utf8_in(int32_t cp, uint32_t cats)
{
    return (int)((cats >> utf8proc_category(cp)) & 1u);
}

/* White space: ' ' and '\t' to '\r', and the separators (Zs, Zl, Zp). */
static inline int pd_utf8_is_space(int32_t cp)
{
    if (cp < 128)
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    return pd_utf8_in(cp, PD_UCAT(UTF8PROC_CATEGORY_ZS) | PD_UCAT(UTF8PROC_CATEGORY_ZL) |
                              PD_UCAT(UTF8PROC_CATEGORY_ZP));
}

#endif
