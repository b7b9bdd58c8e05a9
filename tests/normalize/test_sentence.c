#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "normalize/sentence.h"
#include "support/testutil.h"

#define MAXS 64

typedef struct {
    int n;
    char s[MAXS][512];
} sents;

static int collect(const char *s, size_t len, void *payload)
{
    sents *x = payload;
    cr_assert_lt(x->n, MAXS);
    cr_assert_lt(len, 512);
    memcpy(x->s[x->n], s, len);
    x->s[x->n][len] = '\0';
    x->n++;
    return 0;
}

static sents split(const char *text)
{
    sents x;
    memset(&x, 0, sizeof(x));
    cr_assert_eq(pd_sentence_split(text, strlen(text), collect, &x), 0);
    return x;
}

/* Asserts that text splits into exactly the NULL-terminated list. */
static void expect(const char *text, const char *const *want)
{
    sents x = split(text);
    int n = 0;
    while (want[n])
        n++;
    cr_assert_eq(x.n, n, "'%s': %d sentences, want %d (first: '%s')", text, x.n, n, x.s[0]);
    for (int i = 0; i < n; i++)
        cr_assert_str_eq(x.s[i], want[i], "'%s': sentence %d", text, i);
}

#define EXPECT(text, ...)                                                                          \
    do {                                                                                           \
        const char *const w_[] = {__VA_ARGS__, NULL};                                              \
        expect(text, w_);                                                                          \
    } while (0)

Test(sentence, plain_periods_questions_exclamations)
{
    EXPECT("We collect data. We use it. Do we sell it? No! Never.", "We collect data.",
           "We use it.", "Do we sell it?", "No!", "Never.");
}

Test(sentence, needs_space_and_plausible_start)
{
    EXPECT("We collect data. then we use it.", "We collect data. then we use it.");
    EXPECT("Visit example.com/a.b for more.", "Visit example.com/a.b for more.");
}

Test(sentence, abbreviations)
{
    EXPECT("We share data with partners, e.g. Google and Meta. They comply.",
           "We share data with partners, e.g. Google and Meta.", "They comply.");
    EXPECT("Some data (i.e. Your name) is kept.", "Some data (i.e. Your name) is kept.");
    EXPECT("Contact Mr. Smith or Dr. Jones at St. Louis.",
           "Contact Mr. Smith or Dr. Jones at St. Louis.");
    EXPECT("Acme Inc. Privacy Team handles it.", "Acme Inc. Privacy Team handles it.");
    /* a sentence may open with a lower-case name, never after an abbreviation */
    EXPECT("Anyone can publish packages. npm uses cookies to keep you signed in.",
           "Anyone can publish packages.", "npm uses cookies to keep you signed in.");
    EXPECT("We keep logs approx. ten days, etc. and then drop them.",
           "We keep logs approx. ten days, etc. and then drop them.");
    EXPECT("This policy is effective Mar. 5, 2024 and replaces prior versions. It applies.",
           "This policy is effective Mar. 5, 2024 and replaces prior versions.", "It applies.");
    EXPECT("The service is run by Acme Ltd. We are based in London.",
           "The service is run by Acme Ltd.", "We are based in London.");
    EXPECT("Data stays in the U.S. Government requests are reviewed.",
           "Data stays in the U.S. Government requests are reviewed.");
    EXPECT("Data stays in the U.S. We review requests.", "Data stays in the U.S.",
           "We review requests.");
    EXPECT("See Art. 6 GDPR and Sec. 4 and No. 5 of the list.",
           "See Art. 6 GDPR and Sec. 4 and No. 5 of the list.");
    EXPECT("Apple vs. Google Co. Ltd. Korea.", "Apple vs. Google Co. Ltd. Korea.");
    EXPECT("It costs approx. 5 dollars, incl. VAT, cf. Section 2.",
           "It costs approx. 5 dollars, incl. VAT, cf. Section 2.");
    EXPECT("Names, emails, etc. We also collect logs.", "Names, emails, etc.",
           "We also collect logs.");
    EXPECT("Written by J. Smith for U.K. Residents.", "Written by J. Smith for U.K. Residents.");
    /* legal citations */
    EXPECT("See Pub. L. No. 104-191 for the rules. It applies.",
           "See Pub. L. No. 104-191 for the rules.", "It applies.");
    EXPECT("We refer to Cal. Civ. Code Sec. 1798.140(o) here.",
           "We refer to Cal. Civ. Code Sec. 1798.140(o) here.");
}

Test(sentence, list_markers_at_start)
{
    EXPECT("1. Your privacy matters. We protect it.", "1. Your privacy matters.", "We protect it.");
    EXPECT("a. Gather information.", "a. Gather information.");
    EXPECT("A. Gather information", "A. Gather information");
    EXPECT("iv. Sharing. We never sell.", "iv. Sharing.", "We never sell.");
    EXPECT("(a) We collect. (b) We use.", "(a) We collect.", "(b) We use.");
}

Test(sentence, section_references_and_decimals)
{
    EXPECT("As defined in C.1 below, see Section 3.2 and B.1 to B.9 above. Rates rise 1.5 "
           "percent.",
           "As defined in C.1 below, see Section 3.2 and B.1 to B.9 above.",
           "Rates rise 1.5 percent.");
    EXPECT("This took effect in 2018. We updated it.", "This took effect in 2018.",
           "We updated it.");
}

Test(sentence, urls_and_emails)
{
    EXPECT("Write to privacy@example.com. We answer within 30 days.",
           "Write to privacy@example.com.", "We answer within 30 days.");
    EXPECT("See https://www.example.com/privacy.html?x=1. It explains more.",
           "See https://www.example.com/privacy.html?x=1.", "It explains more.");
    EXPECT("Mail service@buytrends.com or visit www.buytrends.com for help.",
           "Mail service@buytrends.com or visit www.buytrends.com for help.");
}

Test(sentence, closing_quotes_and_parentheses)
{
    EXPECT("We call it \"Data.\" Then we use it.", "We call it \"Data.\"", "Then we use it.");
    EXPECT("(This is optional.) You may opt out.", "(This is optional.)", "You may opt out.");
    EXPECT("He said \u201cstop.\u201d Then he left.", "He said \u201cstop.\u201d", "Then he left.");
}

Test(sentence, ellipses)
{
    EXPECT("We may share... Your data is safe.", "We may share...", "Your data is safe.");
    EXPECT("We may share... and more.", "We may share... and more.");
    EXPECT("Wait\u2026 Really?", "Wait\u2026", "Really?");
}

Test(sentence, opening_quotes_digits_and_non_latin_starts)
{
    EXPECT("We stop. \"Cookies\" are files. 3 parties get it. \u00c9t\u00e9 arrive.", "We stop.",
           "\"Cookies\" are files.", "3 parties get it.", "\u00c9t\u00e9 arrive.");
}

Test(sentence, trims_and_handles_empty)
{
    sents x = split("");
    cr_assert_eq(x.n, 0);
    x = split("   ");
    cr_assert_eq(x.n, 0);
    EXPECT("  One.  Two.  ", "One.", "Two.");
}

static int stop_cb(const char *s, size_t len, void *payload)
{
    (*(int *)payload)++;
    return 7;
}

Test(sentence, callback_can_stop)
{
    int calls = 0;
    cr_assert_eq(pd_sentence_split("A. B c. D e.", 12, stop_cb, &calls), 7);
    cr_assert_eq(calls, 1);
}

/* On the seeds: every sentence is a non-empty slice, they cover the text in
 * order, and known tricky spots stay whole. */
typedef struct {
    const char *base;
    size_t pos;
    int n;
    int bad;
} cover;

static int cover_cb(const char *s, size_t len, void *payload)
{
    cover *c = payload;
    size_t off = (size_t)(s - c->base);
    if (!len || off < c->pos || s[0] == ' ' || s[len - 1] == ' ')
        c->bad++;
    c->pos = off + len;
    c->n++;
    return 0;
}

Test(sentence, seeds_split_cleanly)
{
    static const char *const seeds[] = {"000_cbe24ce332610e52.txt", "001_f9602226125c4286.txt",
                                        "002_35b4679d6a63cdfc.txt", "003_78d7bebbe3d4d861.txt",
                                        "004_d22ee5128f4b16e4.txt"};
    for (size_t k = 0; k < 5; k++) {
        char rel[128];
        pd_buf b = PD_BUF_INIT;
        cover c = {0};
        snprintf(rel, sizeof(rel), "normalize/fixtures/seeds/%s", seeds[k]);
        pd_test_read(&b, rel);
        for (size_t i = 0; i < b.len; i++)
            if (b.ptr[i] == '\n')
                b.ptr[i] = ' ';
        c.base = b.ptr;
        pd_sentence_split(b.ptr, b.len, cover_cb, &c);
        cr_assert_eq(c.bad, 0, "%s", seeds[k]);
        cr_assert_gt(c.n, 5, "%s", seeds[k]);
        pd_buf_dispose(&b);
    }
    EXPECT("These service providers have a duty of confidentiality to us only to use your "
           "personal data for the purposes set forth in B.1 to B.9 above, not for their own "
           "purposes. Any personal information you provide will be retained by us.",
           "These service providers have a duty of confidentiality to us only to use your "
           "personal data for the purposes set forth in B.1 to B.9 above, not for their own "
           "purposes.",
           "Any personal information you provide will be retained by us.");
    EXPECT("Made-in-China.com will not disclose your Profile Information unless acting under a "
           "good faith belief that such action is necessary to: (1) conform to legal "
           "requirements; (2) protect the rights of Made-in-China.com. Profile Information is "
           "stored securely.",
           "Made-in-China.com will not disclose your Profile Information unless acting under a "
           "good faith belief that such action is necessary to: (1) conform to legal "
           "requirements; (2) protect the rights of Made-in-China.com.",
           "Profile Information is stored securely.");
}
