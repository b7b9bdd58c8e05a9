/* Generic extraction (no recipe) on realistic CMS pages: boxed parts of the
 * policy are kept (an EU representative's notice in an aside, a summary
 * table in a card, collapsed accordion sections, a contact list beside the
 * text), a section shown twice (mobile and desktop) comes once, navigation,
 * promotion, banners and widgets still go, and a hero title kept in one
 * capture and not the next moves no heading.  The pages are in
 * tests/normalize/fixtures/generic/ (WordPress, Webflow, Next.js, Bootstrap,
 * Elementor and Hugo markup). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/normalize.h"
#include "support/testutil.h"
#include "util/error.h"

static void normalize_html(pd_buf *out, const char *html, size_t len)
{
    pd_normalize_options o = PD_NORMALIZE_OPTIONS_INIT;
    o.kind = PD_INPUT_HTML;
    cr_assert_eq(pd_normalize(out, html, len, &o, NULL), 0, "%s", pd_error_last());
}

/* The canonical Markdown of a fixture, checked to read back to itself. */
static char *page(const char *name)
{
    pd_buf in = PD_BUF_INIT, out = PD_BUF_INIT, again = PD_BUF_INIT;
    pd_normalize_options o = PD_NORMALIZE_OPTIONS_INIT;
    char rel[256];
    snprintf(rel, sizeof(rel), "normalize/fixtures/generic/%s", name);
    pd_test_read(&in, rel);
    normalize_html(&out, in.ptr, in.len);
    o.kind = PD_INPUT_MARKDOWN;
    cr_assert_eq(pd_normalize(&again, out.ptr, out.len, &o, NULL), 0);
    cr_assert_str_eq(again.ptr, out.ptr, "%s is not idempotent", name);
    pd_buf_dispose(&in);
    pd_buf_dispose(&again);
    return pd_buf_detach(&out);
}

static size_t count(const char *s, const char *sub)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, sub)); p += strlen(sub))
        n++;
    return n;
}

#define has(s, sub) cr_assert(strstr((s), (sub)), "missing '%s' in:\n%s", (sub), (s))
#define hasnt(s, sub) cr_assert(!strstr((s), (sub)), "unexpected '%s' in:\n%s", (sub), (s))

/* WordPress (Astra, block columns): the EU representative's notice is an
 * <aside> in the column beside the text, inside the article; the theme's
 * sidebar of widgets (search, recent posts, a delivery offer) and the
 * cookie bar are not policy. */
Test(generic, an_eu_representative_aside_beside_the_text_is_kept)
{
    char *s = page("aside-eu-representative.html");
    has(s, "### Our representative in the EU\n");
    has(s, "we have appointed a representative for the purposes of Article 27 of the GDPR.");
    has(s, "DataRep EU Services Ltd.\n\nThe Cube, Monahan Road\n");
    has(s, "fernhill@datarep-eu.example");
    /* in reading order: after the column it stands beside */
    cr_assert(strstr(s, "Our representative in the EU") > strstr(s, "## Your rights"));
    cr_assert(strstr(s, "Our representative in the EU") < strstr(s, "## Changes to this policy"));
    hasnt(s, "Recent Posts");
    hasnt(s, "Winter layering");
    hasnt(s, "Free delivery");
    hasnt(s, "Shop now");
    hasnt(s, "Search");
    hasnt(s, "ACCEPT");
    hasnt(s, "relevant experience");
    hasnt(s, "Powered by");
    free(s);
}

/* Webflow: the summary table is a card in the "legal_sidebar" column; the
 * promotion card beside it (a free trial) is not policy. */
Test(generic, a_summary_table_in_a_card_is_kept)
{
    char *s = page("card-summary-table.html");
    has(s, "Privacy at a glance\n");
    has(s, "| What | Why | How long |\n| --- | --- | --- |\n"
           "| Account data | To provide the service | Account lifetime + 30 days |\n"
           "| Usage data | Security and product improvement | 14 months |\n"
           "| Billing data | Invoicing and tax | 10 years |\n");
    has(s, "## 7. Contact\n");
    hasnt(s, "Try Lumen free");
    hasnt(s, "no credit card");
    hasnt(s, "Start free trial");
    hasnt(s, "Pricing");
    hasnt(s, "All rights reserved");
    /* the call to action under the text */
    hasnt(s, "Ready to understand your users");
    hasnt(s, "Book a demo");
    free(s);
}

/* Next.js (Tailwind, Radix): sections in <details> and in a Radix
 * accordion (the title in a <button> inside the heading, the panel hidden
 * until a click) keep their titles and their text. */
Test(generic, collapsed_accordion_sections_keep_titles_and_text)
{
    char *s = page("accordion-details.html");
    has(s, "## 1. The data we collect\n\nWe collect the information you give us");
    has(s, "## 2. Credit reference agencies\n\nWhen you apply for an account");
    has(s, "### 3. How long we keep your data\n\nWe keep your account records for ten years");
    has(s, "### 4. Your rights\n\nYou can ask for a copy of your data");
    has(s, "You can complain to the Information Commissioner's Office at ico.org.uk.");
    has(s, "## Questions?\n\nOur Data Protection Officer can be reached");
    /* a call-out (role=alert) about the representative */
    has(s, "### Change of EU representative\n\nFrom 1 January 2027 our representative in the "
           "European Union under Article 27 GDPR is Orbit Representation Ireland Ltd");
    hasnt(s, "Toggle Menu");
    hasnt(s, "Accounts\n");
    hasnt(s, "Prudential Regulation Authority");
    free(s);
}

/* Next.js: the same three sections as an accordion for phones (titles in
 * buttons) and as headed sections for desktops, both in the page: each
 * comes once, as the copy with headings.  A sentence the policy itself
 * says twice stays twice. */
Test(generic, a_section_shown_twice_comes_once)
{
    char *s = page("duplicated-sections.html");
    cr_assert_eq(count(s, "We collect your name, address, e-mail address"), 1, "%s", s);
    cr_assert_eq(count(s, "When you make a claim we also collect"), 1, "%s", s);
    cr_assert_eq(count(s, "We share your information with the insurer"), 1, "%s", s);
    cr_assert_eq(count(s, "Information we collect"), 1, "%s", s);
    has(s, "## Information we collect\n\nWe collect your name");
    has(s, "## How we use it\n\nWe use your information");
    has(s, "## Who we share it with\n\nWe share your information");
    cr_assert_eq(
        count(s, "We keep policy and claims records for seven years after your policy ends."), 2,
        "%s", s);
    hasnt(s, "Vet Chat");
    hasnt(s, "Financial Conduct Authority");
    free(s);
}

/* Bootstrap: "You can reach us by:" and its list sit in a card of the
 * sidebar column beside the text (no <main>, no <article>); the policy
 * column holds most of the page's prose and is what is picked.  The card
 * is kept, the legal links and the game advert of the same sidebar are
 * not; and a change of the representative's address shows. */
Test(generic, a_contact_list_beside_the_text_is_kept_and_its_changes_show)
{
    pd_buf in = PD_BUF_INIT, moved = PD_BUF_INIT, a = PD_BUF_INIT, b = PD_BUF_INIT;
    const char *from = "Herengracht 420, 1017 BZ Amsterdam";
    char *s = page("contact-beside.html"), *at;
    has(s, "You can reach us by:\n\n- E-mail: privacy@nordvik.example\n- Post: Nordvik Games AS");
    has(s, "- Our representative in the EU: Nordvik Games EU Representative, c/o Lexmark Privacy "
           "B.V., Herengracht 420, 1017 BZ Amsterdam, Netherlands\n");
    has(s, "## 9. Changes\n");
    hasnt(s, "Terms of Use");
    hasnt(s, "End User Licence Agreement");
    hasnt(s, "Frostfall");
    hasnt(s, "Buy now");
    hasnt(s, "Careers");
    hasnt(s, "Org. nr.");
    /* the representative moves: the normalized text changes */
    pd_test_read(&in, "normalize/fixtures/generic/contact-beside.html");
    at = strstr(in.ptr, from);
    cr_assert(at);
    pd_buf_put(&moved, in.ptr, (size_t)(at - in.ptr));
    pd_buf_puts(&moved, "Keizersgracht 62, 1015 CS Amsterdam");
    pd_buf_puts(&moved, at + strlen(from));
    normalize_html(&a, in.ptr, in.len);
    normalize_html(&b, moved.ptr, moved.len);
    cr_assert_str_neq(a.ptr, b.ptr);
    has(b.ptr, "c/o Lexmark Privacy B.V., Keizersgracht 62, 1015 CS Amsterdam, Netherlands\n");
    pd_buf_dispose(&in);
    pd_buf_dispose(&moved);
    pd_buf_dispose(&a);
    pd_buf_dispose(&b);
    free(s);
}

/* Elementor: asides beside the text that are a table of contents, a
 * promotion (with a word about data), share buttons, a list of courses, a
 * help box and a newsletter form, and, outside <main>, a consent banner and
 * a promotion strip whose texts speak of privacy and personal data: all
 * dropped. */
Test(generic, navigation_promotion_banners_and_widgets_still_go)
{
    char *s = page("chrome-still-dropped.html");
    has(s, "# Privacy Policy\n");
    has(s, "## Your rights\n");
    has(s, "You can also complain to the Information Commissioner's Office.\n");
    hasnt(s, "Contents");
    hasnt(s, "20% off");
    hasnt(s, "40,000 learners");
    hasnt(s, "Start learning today");
    hasnt(s, "Share on");
    hasnt(s, "Need help");
    hasnt(s, "support team");
    hasnt(s, "Stay in the loop");
    hasnt(s, "unsubscribe");
    hasnt(s, "We value your privacy");
    hasnt(s, "Accept All");
    hasnt(s, "half price");
    hasnt(s, "For schools");
    hasnt(s, "Registered in England");
    /* a widget of the same column holding the DPO's contact, under its
     * heading, stays; the list of courses after it goes */
    has(s, "### Data Protection Officer\n\nOur Data Protection Officer, Priya Raman, handles "
           "questions");
    hasnt(s, "Popular courses");
    hasnt(s, "Python for beginners");
    hasnt(s, "GDPR basics");
    /* the policy's own section titles come once (the table of contents
     * repeats them as links) */
    cr_assert_eq(count(s, "How we use it"), 1, "%s", s);
    free(s);
}

/* Hugo: two captures of one page with the same headings, the hero title
 * outside the text in the first, inside a <main> that also holds the text
 * in the second (so it is kept): the Markdown is the same but for the
 * title's line. */
Test(generic, a_hero_title_kept_or_not_moves_no_heading)
{
    char *a = page("hero-title-a.html"), *b = page("hero-title-b.html");
    static const char title[] = "# Privacy Policy\n\n";
    hasnt(a, "Privacy Policy");
    cr_assert(!strncmp(b, title, strlen(title)), "%s", b);
    cr_assert_str_eq(b + strlen(title), a);
    has(a, "## Who we are\n");
    has(a, "### Location and tracks\n");
    free(a);
    free(b);
}

/* The same text far apart is the policy saying it twice (one page holding
 * a privacy policy and a GDPR notice that both explain cookies), and so is
 * the same text under two headings: it stays twice.  Side by side with no
 * heading between, it is one section in two (or three) layouts. */
Test(generic, the_same_text_far_apart_stays_twice)
{
    static const char cookies[] =
        "<div><p>A cookie is a small data file that we transfer to your computer's hard disk. "
        "A session cookie is deleted when you leave the site. A persistent cookie remains after "
        "you close your browser and may be used by your browser on later visits to the site. "
        "You can remove persistent cookies by following your browser's help file.</p>"
        "<p>We may also record information from your device with web beacons, such as your IP "
        "address and the pages you visit.</p></div>";
    pd_buf html = PD_BUF_INIT, out = PD_BUF_INIT;
    pd_buf_puts(&html, "<html><body><main><h1>Legal</h1><h2>Privacy Policy</h2><h3>Cookies</h3>");
    pd_buf_puts(&html, cookies);
    pd_buf_puts(&html, "<h3>Sharing</h3>");
    for (int i = 0; i < 12; i++)
        pd_buf_printf(&html,
                      "<p>We share data with service provider number %d under a written "
                      "contract that protects your personal data.</p>",
                      i);
    pd_buf_puts(&html, "<h2>GDPR notice</h2><h3>Cookie statement</h3>");
    pd_buf_puts(&html, cookies);
    pd_buf_puts(&html, "</main></body></html>");
    normalize_html(&out, html.ptr, html.len);
    cr_assert_eq(count(out.ptr, "A cookie is a small data file"), 2, "%s", out.ptr);
    cr_assert_eq(count(out.ptr, "web beacons"), 2, "%s", out.ptr);
    /* the same clause under two headings side by side: twice too */
    pd_buf_clear(&html);
    pd_buf_clear(&out);
    pd_buf_puts(&html, "<html><body><main><h1>Privacy Policy</h1><h2>California residents</h2>");
    pd_buf_puts(&html, cookies);
    pd_buf_puts(&html, "<h2>Nevada residents</h2>");
    pd_buf_puts(&html, cookies);
    pd_buf_puts(&html, "</main></body></html>");
    normalize_html(&out, html.ptr, html.len);
    cr_assert_eq(count(out.ptr, "A cookie is a small data file"), 2, "%s", out.ptr);
    /* side by side: once */
    pd_buf_clear(&html);
    pd_buf_clear(&out);
    pd_buf_puts(&html, "<html><body><main><h1>Privacy Policy</h1><h2>Cookies</h2>");
    pd_buf_puts(&html, cookies);
    pd_buf_puts(&html, cookies);
    pd_buf_puts(&html, cookies); /* phone, tablet, desktop */
    pd_buf_puts(&html, "<h2>Sharing</h2><p>We share nothing.</p></main></body></html>");
    normalize_html(&out, html.ptr, html.len);
    cr_assert_eq(count(out.ptr, "A cookie is a small data file"), 1, "%s", out.ptr);
    pd_buf_dispose(&html);
    pd_buf_dispose(&out);
}
