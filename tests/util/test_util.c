#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/timeutil.h"

Test(buf, appends_and_formats)
{
    pd_buf b = PD_BUF_INIT;
    cr_assert_eq(pd_buf_puts(&b, "hello"), 0);
    cr_assert_eq(pd_buf_printf(&b, " %d", 42), 0);
    cr_assert_str_eq(b.ptr, "hello 42");
    cr_assert_eq(b.len, 8);
    pd_buf_dispose(&b);
    cr_assert_str_eq(pd_buf_cstr(&b), "");
}

Test(buf, limit_is_sticky)
{
    pd_buf b = PD_BUF_INIT;
    b.limit = 4;
    cr_assert_eq(pd_buf_puts(&b, "abc"), 0);
    cr_assert_eq(pd_buf_puts(&b, "de"), PD_ETOOBIG);
    cr_assert_eq(pd_buf_puts(&b, "f"), PD_ETOOBIG);
    cr_assert_str_eq(b.ptr, "abc");
    cr_assert_eq(pd_buf_error(&b), PD_ETOOBIG);
    pd_buf_dispose(&b);
}

Test(array, grows_by_doubling_and_refuses_an_overflow)
{
    long *v = NULL;
    size_t n = 0, cap = 0;
    for (long i = 0; i < 100; i++) {
        if (n == cap)
            cr_assert_eq(pd_array_grow(&v, &cap, sizeof(*v), 4), 0);
        v[n++] = i;
    }
    cr_assert_eq(cap, 128); /* 4, 8, ..., 128 */
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(v[i], (long)i);
    cap = (size_t)-1 / sizeof(*v) / 2 + 1; /* twice this does not fit */
    cr_assert_eq(pd_array_grow(&v, &cap, sizeof(*v), 4), PD_ENOMEM);
    cr_assert_eq(cap, (size_t)-1 / sizeof(*v) / 2 + 1);
    cr_assert_eq(v[99], 99);
    free(v);
}

Test(sha256, known_vectors)
{
    char hex[65];
    pd_sha256_hex(hex, "", 0);
    cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    pd_sha256_hex(hex, "abc", 3);
    cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    pd_sha256_hex(hex, m, strlen(m));
    cr_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(time, parses_every_documented_form)
{
    int64_t t;
    cr_assert_eq(pd_time_parse(&t, "2021-06-30"), 0);
    cr_assert_eq(t, 1625011200);
    cr_assert_eq(pd_time_parse(&t, "2021-06-30T12:00:05Z"), 0);
    cr_assert_eq(t, 1625011200 + 12 * 3600 + 5);
    cr_assert_eq(pd_time_parse(&t, "2021-06-30T12:00+02:00"), 0);
    cr_assert_eq(t, 1625011200 + 10 * 3600);
    cr_assert_eq(pd_time_parse(&t, "20210630120005"), 0);
    cr_assert_eq(t, 1625011200 + 12 * 3600 + 5);
    cr_assert_eq(pd_time_parse(&t, "2021"), 0);
    cr_assert_eq(t, 1609459200);
    /* a month: from its first second to its last, leap years included */
    int64_t first, last;
    cr_assert_eq(pd_time_parse_span(&first, &last, "2020-02"), 0);
    cr_assert_eq(first, pd_time_from_civil(2020, 2, 1, 0, 0, 0));
    cr_assert_eq(last, pd_time_from_civil(2020, 2, 29, 23, 59, 59));
}

Test(time, rejects_bad_dates_with_a_message)
{
    int64_t t;
    cr_assert_eq(pd_time_parse(&t, "2021-02-30"), PD_EINVALID);
    cr_assert_eq(pd_time_parse(&t, "20210000"), PD_EINVALID);
    cr_assert_eq(pd_time_parse(&t, "yesterday"), PD_EINVALID);
    cr_assert_eq(pd_time_parse(&t, "2021-06-30T25:00"), PD_EINVALID);
    cr_assert(strstr(pd_error_last(), "YYYY-MM-DD") != NULL);
    cr_assert_eq(pd_time_parse(&t, "2021-13"), PD_EINVALID);
    /* an odd number of digits could be two dates */
    cr_assert_eq(pd_time_parse(&t, "20216"), PD_EINVALID);
    cr_assert(strstr(pd_error_last(), "4, 6, 8, 10, 12 or 14 digits") != NULL);
}

Test(time, formats_round_trip)
{
    char iso[32], wb[16];
    pd_time_format_iso(iso, sizeof(iso), 1625011205);
    pd_time_format_wayback(wb, sizeof(wb), 1625011205);
    cr_assert_str_eq(iso, "2021-06-30T00:00:05Z");
    cr_assert_str_eq(wb, "20210630000005");
}
