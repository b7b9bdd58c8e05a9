/*
 * simd.h - sixteen bytes at a time where SSE2 is (every x86-64): the bytes
 * of a class as a 16-bit mask (bit i for byte i), for the scanners that
 * find a word's end in a load and two compares instead of a loop and its
 * mispredicted exit per word (the classifier's tokenisers, the language
 * detector).  Where SSE2 is not, PD_SIMD is undefined and the callers keep
 * their plain loops.
 *
 * Pure inline functions; p must have sixteen bytes readable.
 */
#ifndef PD_UTIL_SIMD_H
#define PD_UTIL_SIMD_H

#if defined(__SSE2__)
#include <emmintrin.h>

#define PD_SIMD 1

static inline __m128i pd_simd_load(const unsigned char *p)
{
    return _mm_loadu_si128((const __m128i *)(const void *)p);
}

/* The ASCII letters of v, either case: (c | 0x20) - 'a' < 26, unsigned,
 * which as signed bytes is (c | 0x20) - 'a' - 128 < 26 - 128. */
static inline __m128i pd_simd_letters(__m128i v)
{
    __m128i rel =
        _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8((char)('a' + 128)));
    return _mm_cmplt_epi8(rel, _mm_set1_epi8((char)(26 - 128)));
}

/* The ASCII digits of v, the same way. */
static inline __m128i pd_simd_digits(__m128i v)
{
    return _mm_cmplt_epi8(_mm_sub_epi8(v, _mm_set1_epi8((char)('0' + 128))),
                          _mm_set1_epi8((char)(10 - 128)));
}

/* The bytes from 0x80 (UTF-8 sequences) of v. */
static inline __m128i pd_simd_high(__m128i v)
{
    return _mm_cmplt_epi8(v, _mm_setzero_si128());
}

static inline unsigned pd_simd_mask(__m128i m)
{
    return (unsigned)_mm_movemask_epi8(m);
}

enum { PD_SIMD_DIGITS = 1, PD_SIMD_HIGH = 2 };

/* How many bytes from p (up to end) are ASCII letters, or also digits or
 * bytes from 0x80 where `more` asks (PD_SIMD_DIGITS, PD_SIMD_HIGH),
 * sixteen at a time while sixteen are left: a word's end in a load and two
 * compares.  *stopped is set to 1 when another byte ended the run (the
 * count ends there), left alone when fewer than sixteen bytes were left
 * (the caller reads those its own way). */
static inline size_t pd_simd_run(const unsigned char *p, const unsigned char *end, int more,
                                 int *stopped)
{
    size_t n = 0;
    while (end - p >= 16) {
        __m128i v = pd_simd_load(p), in = pd_simd_letters(v);
        if (more & PD_SIMD_DIGITS)
            in = _mm_or_si128(in, pd_simd_digits(v));
        if (more & PD_SIMD_HIGH)
            in = _mm_or_si128(in, pd_simd_high(v));
        unsigned mask = pd_simd_mask(in);
        if (mask != 0xFFFF) {
            *stopped = 1;
            return n + (unsigned)__builtin_ctz(~mask);
        }
        n += 16;
        p += 16;
    }
    return n;
}
#endif

#endif
