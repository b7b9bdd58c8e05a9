#include <criterion/criterion.h>
#include <string.h>

#include "normalize/text.h"
#include "util/buf.h"

static char cs[32];

/* Decodes data with the given Content-Type; returns a static copy. */
static const char *dec(const char *data, size_t len, const char *ct)
{
    static char res[1024];
    pd_buf b = PD_BUF_INIT;
    cr_assert_eq(pd_charset_to_utf8(&b, data, len, ct, cs), 0);
    cr_assert_lt(b.len, sizeof(res));
    memcpy(res, pd_buf_cstr(&b), b.len + 1);
    pd_buf_dispose(&b);
    return res;
}

static const char *canon(const char *s)
{
    static char res[2048];
    pd_buf b = PD_BUF_INIT, again = PD_BUF_INIT;
    cr_assert_eq(pd_text_canonicalize(&b, s, strlen(s)), 0);
    cr_assert_lt(b.len, sizeof(res));
    memcpy(res, pd_buf_cstr(&b), b.len + 1);
    /* every case is also an idempotence case */
    cr_assert_eq(pd_text_canonicalize(&again, res, b.len), 0);
    cr_assert_str_eq(pd_buf_cstr(&again), res, "not idempotent on '%s'", s);
    pd_buf_dispose(&b);
    pd_buf_dispose(&again);
    return res;
}

#define DEC(lit, ct) dec(lit, sizeof(lit) - 1, ct)

Test(charset, utf8_bom_is_dropped)
{
    cr_assert_str_eq(DEC("\xef\xbb\xbf"
                         "caf\xc3\xa9",
                         NULL),
                     "caf\xc3\xa9");
    cr_assert_str_eq(cs, "utf-8");
}

Test(charset, utf16_boms)
{
    cr_assert_str_eq(DEC("\xff\xfe"
                         "h\0\xe9\0"
                         "=\xd8\x00\xde",
                         NULL),
                     "h\xc3\xa9\xf0\x9f\x98\x80");
    cr_assert_str_eq(cs, "utf-16le");
    cr_assert_str_eq(DEC("\xfe\xff\0h\0\xe9", NULL), "h\xc3\xa9");
    cr_assert_str_eq(cs, "utf-16be");
}

Test(charset, bom_wins_over_http_header)
{
    cr_assert_str_eq(DEC("\xef\xbb\xbf\xc3\xa9", "text/html; charset=iso-8859-1"), "\xc3\xa9");
    cr_assert_str_eq(cs, "utf-8");
}

Test(charset, http_header_charset)
{
    cr_assert_str_eq(DEC("caf\xe9", "text/html; charset=ISO-8859-1"), "caf\xc3\xa9");
    cr_assert_str_eq(cs, "windows-1252");
    /* latin-1 labels decode as windows-1252, like browsers */
    cr_assert_str_eq(DEC("\x93q\x94", "text/html;charset=\"latin1\""), "\xe2\x80\x9cq\xe2\x80\x9d");
    cr_assert_str_eq(DEC("h\0i\0", "text/plain; charset=utf-16"), "hi");
    cr_assert_str_eq(cs, "utf-16le");
}

Test(charset, http_header_wins_over_meta)
{
    cr_assert_str_eq(DEC("<meta charset=\"windows-1252\">\xc3\xa9", "text/html; charset=utf-8"),
                     "<meta charset=\"windows-1252\">\xc3\xa9");
    cr_assert_str_eq(cs, "utf-8");
}

Test(charset, meta_charset_forms)
{
    cr_assert_str_eq(DEC("<html><head><META CHARSET='windows-1252'></head>\x96", NULL),
                     "<html><head><META CHARSET='windows-1252'></head>\xe2\x80\x93");
    cr_assert_str_eq(cs, "windows-1252");
    cr_assert_str_eq(
        DEC("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-15\">\xa4",
            NULL),
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-15\">"
        "\xe2\x82\xac");
    cr_assert_str_eq(cs, "iso-8859-15");
    cr_assert_str_eq(DEC("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><p>\xe9</p>", NULL),
                     "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><p>\xc3\xa9</p>");
    /* a <meta> cannot declare UTF-16 in an ASCII-compatible page: UTF-8 */
    cr_assert_str_eq(DEC("<meta charset=utf-16>\xc3\xa9", NULL), "<meta charset=utf-16>\xc3\xa9");
    cr_assert_str_eq(cs, "utf-8");
}

Test(charset, other_charsets_through_iconv)
{
    cr_assert_str_eq(DEC("\xf0\xd2\xc9\xd7\xc5\xd4", "text/html; charset=koi8-r"),
                     "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82");
    cr_assert_str_eq(DEC("\x82\xa0", "text/html; charset=Shift_JIS"), "\xe3\x81\x82");
    cr_assert_str_eq(DEC("\xd9\xfd", "text/html; charset=windows-1251"), "\xd0\xa9\xd1\x8d");
}

/* UCS-4 ("iso-10646") values beyond U+10FFFF come out of glibc's iconv as
 * old 6-byte forms; they become U+FFFD, so the output stays valid UTF-8
 * (found by fuzz_charset). */
Test(charset, iconv_output_is_valid_utf8)
{
    const char *out = DEC("<met\0\0\0A", "text/html; charset=iso-10646");
    cr_assert_str_eq(out, "\xef\xbf\xbd"
                          "A");
}

Test(charset, unknown_label_falls_back_to_utf8)
{
    cr_assert_str_eq(DEC("caf\xc3\xa9", "text/html; charset=no-such-charset"), "caf\xc3\xa9");
    cr_assert_str_eq(cs, "utf-8");
}

Test(charset, invalid_utf8_is_read_as_windows_1252)
{
    cr_assert_str_eq(DEC("caf\xe9 \x93ok\x94", NULL), "caf\xc3\xa9 \xe2\x80\x9cok\xe2\x80\x9d");
    cr_assert_str_eq(cs, "windows-1252");
    /* mixed: valid sequences stay, stray bytes are windows-1252 */
    cr_assert_str_eq(DEC("\xc3\xa9 and \xe9 and \xc3", "text/html; charset=utf-8"),
                     "\xc3\xa9 and \xc3\xa9 and \xc3\x83");
    cr_assert_str_eq(cs, "utf-8");
    /* overlong forms and surrogates are not valid UTF-8 */
    cr_assert_str_eq(DEC("\xc0\xaf\xed\xa0\x80", NULL),
                     "\xc3\x80\xc2\xaf\xc3\xad\xc2\xa0\xe2\x82\xac");
}

Test(charset, nul_bytes_are_dropped)
{
    cr_assert_str_eq(DEC("a\0b\0\0c", NULL), "abc");
    cr_assert_str_eq(DEC("a\0\xe9", "text/html; charset=windows-1252"), "a\xc3\xa9");
    cr_assert_str_eq(DEC("\xff\xfe"
                         "a\0\0\0b\0",
                         NULL),
                     "ab");
}

Test(charset, long_ascii_fast_path)
{
    char big[3000];
    pd_buf b = PD_BUF_INIT;
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (char)('a' + i % 26);
    big[2000] = '\xe9';
    cr_assert_eq(pd_charset_to_utf8(&b, big, sizeof(big), NULL, cs), 0);
    cr_assert_eq(b.len, sizeof(big) + 1);
    cr_assert_eq(memcmp(b.ptr + 2000, "\xc3\xa9", 2), 0);
    pd_buf_dispose(&b);
}

Test(canonicalize, classic_mojibake_is_repaired_before_quotes)
{
    cr_assert_str_eq(canon("PayPal\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s money"), "PayPal's money");
    cr_assert_str_eq(canon("caf\xc3\x83\xc2\xa9"), "caf\xc3\xa9");
    cr_assert_str_eq(canon("\xc3\xa2\xe2\x82\xac\xc5\x93quoted\xc3\xa2\xe2\x82\xac\xc2\x9d"),
                     "\"quoted\"");
    cr_assert_str_eq(canon("Copyright \xc3\x82\xc2\xa9 2020"), "Copyright \xc2\xa9 2020");
    cr_assert_str_eq(canon("na\xc3\x83\xc2\xafve \xc3\xa2\xe2\x82\xac\xe2\x80\x9c ok"),
                     "na\xc3\xafve - ok");
    /* latin-1 reading (C1 controls instead of windows-1252 symbols) */
    cr_assert_str_eq(canon("it\xc3\xa2\xc2\x80\xc2\x99s"), "it's");
    /* Russian read as windows-1252 */
    cr_assert_str_eq(canon("\xc3\x90\xc2\xbf\xc3\x91\xe2\x82\xac\xc3\x90\xc2\xb8"),
                     "\xd0\xbf\xd1\x80\xd0\xb8");
    /* twice-encoded */
    cr_assert_str_eq(canon("\xc3\x83\xc2\x83\xc3\x82\xc2\xa9t\xc3\x83\xc2\x83\xc3\x82\xc2\xa9"),
                     "\xc3\xa9t\xc3\xa9");
}

Test(canonicalize, legitimate_text_is_left_alone)
{
    cr_assert_str_eq(canon("Stra\xc3\x9f"
                           "e, na\xc3\xafve caf\xc3\xa9, \xc3\x91"
                           "and\xc3\xba"),
                     "Stra\xc3\x9f"
                     "e, na\xc3\xafve caf\xc3\xa9, \xc3\x91"
                     "and\xc3\xba");
    cr_assert_str_eq(canon("\xe2\x82\xac"
                           "5 \xc2\xa9 2020 \xc2\xb1 \xc3\xa0 la"),
                     "\xe2\x82\xac"
                     "5 \xc2\xa9 2020 \xc2\xb1 \xc3\xa0 la");
    cr_assert_str_eq(canon("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"),
                     "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
}

Test(canonicalize, nfc)
{
    cr_assert_str_eq(canon("cafe\xcc\x81"), "caf\xc3\xa9");
    cr_assert_str_eq(canon("A\xcc\x8a"
                           "ngstr\xc3\xb6m"),
                     "\xc3\x85ngstr\xc3\xb6m");
    /* a zero-width space between base and mark is dropped before NFC */
    cr_assert_str_eq(canon("e\xe2\x80\x8b\xcc\x81"), "\xc3\xa9");
}

Test(canonicalize, spaces)
{
    cr_assert_str_eq(canon("a\xc2\xa0"
                           "b\xe2\x80\x89"
                           "c\xe2\x80\xaf"
                           "d\xe3\x80\x80"
                           "e\te\n\nf"),
                     "a b c d e e f");
    cr_assert_str_eq(canon("  \xc2\xa0 trimmed \xc2\xa0  "), "trimmed");
    cr_assert_str_eq(canon("   "), "");
    cr_assert_str_eq(canon(""), "");
}

Test(canonicalize, zero_width_and_soft_hyphen_dropped)
{
    cr_assert_str_eq(canon("pri\xc2\xadva\xe2\x80\x8b"
                           "cy\xe2\x80\x8c\xe2\x80\x8d\xe2\x81\xa0\xef\xbb\xbf"),
                     "privacy");
}

Test(canonicalize, quotes_dashes_ellipsis)
{
    cr_assert_str_eq(
        canon("\xe2\x80\x9cWe\xe2\x80\x9d don\xe2\x80\x99t \xe2\x80\x98sell\xe2\x80\x99"),
        "\"We\" don't 'sell'");
    cr_assert_str_eq(canon("a\xe2\x80\x93"
                           "b\xe2\x80\x94"
                           "c\xe2\x88\x92"
                           "d\xe2\x80\x92"
                           "e\xe2\x80\x90"
                           "f\xe2\x80\x91g"),
                     "a-b-c-d-e-f-g");
    cr_assert_str_eq(canon("wait\xe2\x80\xa6"), "wait...");
}

Test(canonicalize, controls_dropped_and_invalid_bytes_read_as_1252)
{
    cr_assert_str_eq(canon("a\x01"
                           "b\x7f"
                           "c"),
                     "abc");
    cr_assert_str_eq(canon("caf\xe9 \x93ok\x94"), "caf\xc3\xa9 \"ok\"");
}

Test(canonicalize, ascii_fast_path_collapses_whitespace)
{
    cr_assert_str_eq(canon("  We   collect\t\tdata.\r\n  "), "We collect data.");
}

Test(sanitize, makes_valid_utf8_only)
{
    pd_buf b = PD_BUF_INIT;
    cr_assert_eq(pd_utf8_sanitize(&b, "a\0\xe9  b\r\n", 8), 0);
    cr_assert_str_eq(b.ptr, "a\xc3\xa9  b\r\n");
    pd_buf_dispose(&b);
}

Test(canonicalize, long_text_goes_in_pieces_with_the_same_result)
{
    pd_buf in = PD_BUF_INIT, got = PD_BUF_INIT, want = PD_BUF_INIT;
    for (int i = 0; i < 30000; i++) {
        pd_buf_puts(&in, "caf\xc3\x83\xc2\xa9 \xc2\xa0\n x\xe2\x80\x8b  ");
        pd_buf_puts(&want, i ? " caf\xc3\xa9 x" : "caf\xc3\xa9 x");
    }
    cr_assert_gt(in.len, 200000);
    cr_assert_eq(pd_text_canonicalize(&got, in.ptr, in.len), 0);
    cr_assert_eq(got.len, want.len);
    cr_assert_eq(memcmp(got.ptr, want.ptr, got.len), 0);
    pd_buf_dispose(&in);
    pd_buf_dispose(&got);
    pd_buf_dispose(&want);
}
