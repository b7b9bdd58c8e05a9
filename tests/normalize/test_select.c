/* CSS selector engine: each supported feature against a small page. */
#include <criterion/criterion.h>
#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/html.h"
#include "normalize/select.h"
#include "util/error.h"

static const char page[] =
    "<html><body>"
    "<div id='a' class='box main'><p id='p1' class='x'>one</p><p id='p2'>two</p>"
    "<section id='s1' data-role='content-area' lang='en-US'><p id='p3' class='x y'>three</p>"
    "<span id='sp'><p id='p4'>four</p></span></section></div>"
    "<div id='b' class='cookie-banner' aria-labelledby='privacy-policy'><p id='p5'>five</p></div>"
    "<ul id='u'><li id='l1'>a</li><li id='l2'>b</li><li id='l3'>c</li></ul>"
    "</body></html>";

static htmlDocPtr doc;

static void setup(void)
{
    cr_assert_eq(pd_html_parse(&doc, NULL, page, strlen(page)), 0);
}

static void teardown(void)
{
    pd_html_free(doc);
}

/* The ids of the matches, space separated. */
static char *ids(const char *css)
{
    static char out[512];
    pd_css *c = NULL;
    xmlNode **m = NULL;
    size_t n = 0;
    out[0] = '\0';
    cr_assert_eq(pd_css_compile(&c, css), 0, "compile '%s': %s", css, pd_error_last());
    cr_assert_eq(pd_css_select_all(&m, &n, c, xmlDocGetRootElement(doc)), 0);
    for (size_t i = 0; i < n; i++) {
        const char *id = pd_html_attr(m[i], "id");
        if (i)
            strcat(out, " ");
        strcat(out, id ? id : "?");
    }
    free(m);
    pd_css_free(c);
    return out;
}

TestSuite(select, .init = setup, .fini = teardown);

Test(select, type_id_class)
{
    cr_assert_str_eq(ids("section"), "s1");
    cr_assert_str_eq(ids("#p2"), "p2");
    cr_assert_str_eq(ids(".x"), "p1 p3");
    cr_assert_str_eq(ids("p.x.y"), "p3");
    cr_assert_str_eq(ids("DIV.box"), "a");
    cr_assert_str_eq(ids("*#u"), "u");
}

Test(select, attributes)
{
    cr_assert_str_eq(ids("[data-role]"), "s1");
    cr_assert_str_eq(ids("[aria-labelledby=privacy-policy]"), "b");
    cr_assert_str_eq(ids("[aria-labelledby=\"privacy-policy\"]"), "b");
    cr_assert_str_eq(ids("[class^=cookie]"), "b");
    cr_assert_str_eq(ids("[class$=banner]"), "b");
    cr_assert_str_eq(ids("[data-role*=tent-ar]"), "s1");
    cr_assert_str_eq(ids("[class~=main]"), "a");
    cr_assert_str_eq(ids("[lang|=en]"), "s1");
    cr_assert_str_eq(ids("[id=P1 i]"), "p1");
    cr_assert_str_eq(ids("[class^='']"), "");
}

Test(select, combinators)
{
    cr_assert_str_eq(ids("div p"), "p1 p2 p3 p4 p5");
    cr_assert_str_eq(ids("div > p"), "p1 p2 p5");
    cr_assert_str_eq(ids("section>p"), "p3");
    cr_assert_str_eq(ids("#a section p"), "p3 p4");
    cr_assert_str_eq(ids("#p1 + p"), "p2");
    cr_assert_str_eq(ids("#l1 ~ li"), "l2 l3");
    cr_assert_str_eq(ids("div > section > span > p"), "p4");
}

Test(select, lists_and_pseudo_classes)
{
    cr_assert_str_eq(ids("#p5, #p1"), "p1 p5");
    cr_assert_str_eq(ids("div > p:not(.x)"), "p2 p5");
    cr_assert_str_eq(ids("p:not(.x, #p2)"), "p4 p5");
    cr_assert_str_eq(ids("li:first-child"), "l1");
    cr_assert_str_eq(ids("li:last-child"), "l3");
    cr_assert_str_eq(ids("li:nth-child(2)"), "l2");
    cr_assert_str_eq(ids("p:only-child"), "p4 p5");
    cr_assert_str_eq(ids("#a > p:first-of-type"), "p1");
    cr_assert_str_eq(ids("#a > p:last-of-type"), "p2");
}

/* An+B positions, counted from either end, among all siblings or those of
 * the same type (Open Terms Archive declarations use all four forms). */
Test(select, nth_positions)
{
    cr_assert_str_eq(ids("li:nth-child(odd)"), "l1 l3");
    cr_assert_str_eq(ids("li:nth-child(even)"), "l2");
    cr_assert_str_eq(ids("li:nth-child(2n+1)"), "l1 l3");
    cr_assert_str_eq(ids("li:nth-child(n)"), "l1 l2 l3");
    cr_assert_str_eq(ids("li:nth-child(-n+2)"), "l1 l2");
    cr_assert_str_eq(ids("li:nth-child(n + 2)"), "l2 l3");
    cr_assert_str_eq(ids("li:nth-child(0n+3)"), "l3");
    cr_assert_str_eq(ids("li:nth-last-child(1)"), "l3");
    cr_assert_str_eq(ids("li:nth-last-child(-n+2)"), "l2 l3");
    /* #s1 holds p3 then span: p3 is the first p, the span the second child */
    cr_assert_str_eq(ids("#s1 > :nth-child(2)"), "sp");
    cr_assert_str_eq(ids("#a > :nth-of-type(2)"), "p2");
    cr_assert_str_eq(ids("#a > p:nth-of-type(1)"), "p1");
    cr_assert_str_eq(ids("#a > p:nth-last-of-type(1)"), "p2");
    cr_assert_str_eq(ids("#a > div:nth-of-type(1)"), "");
    cr_assert_str_eq(ids("#s1 > p:only-of-type"), "p3");
    cr_assert_str_eq(ids("#a > p:only-of-type"), "");
}

/* Valid CSS the engine lacks is PD_EUNSUPPORTED (an import skips it), not
 * PD_EINVALID (a selector that can never work). */
Test(select, valid_css_not_supported_is_told_apart)
{
    const char *unsupported[] = {"div:has(p)", "p:is(.x)", ":root > body", "p:empty", NULL};
    const char *bad[] = {"li:nth-child(x)", "li:nth-child(2n+)", "li:nth-child(3", "p:hoverr",
                         NULL};
    for (int i = 0; unsupported[i]; i++) {
        pd_css *c = NULL;
        cr_assert_eq(pd_css_compile(&c, unsupported[i]), PD_EUNSUPPORTED, "'%s'", unsupported[i]);
        cr_assert(strstr(pd_error_last(), "not supported"), "%s", pd_error_last());
    }
    for (int i = 0; bad[i]; i++) {
        pd_css *c = NULL;
        cr_assert_eq(pd_css_compile(&c, bad[i]), PD_EINVALID, "'%s'", bad[i]);
    }
}

Test(select, bad_selectors_are_refused_with_a_message)
{
    const char *bad[] = {"",       "   ",     "div >", ">", "p,",    "[attr", "[=x]", "p:hover",
                         ":not(p", "a[b='c]", "#",     ".", "p ! q", "[a^]",  NULL};
    for (int i = 0; bad[i]; i++) {
        pd_css *c = (pd_css *)1;
        cr_assert_eq(pd_css_compile(&c, bad[i]), PD_EINVALID, "'%s' accepted", bad[i]);
        cr_assert_null(c);
        cr_assert(strlen(pd_error_last()) > 0);
    }
}

Test(select, deep_trees_and_long_chains_stay_bounded)
{
    pd_css *c = NULL;
    xmlNode *root = xmlDocGetRootElement(doc), *cur = root, *leaf;
    for (int i = 0; i < 5000; i++)
        cur = xmlNewChild(cur, NULL, (const xmlChar *)"div", NULL);
    leaf = cur;
    cr_assert_eq(pd_css_compile(&c, "div div div div div div div div span"), 0);
    cr_assert_eq(pd_css_matches(c, leaf), 0);
    pd_css_free(c);
    cr_assert_eq(pd_css_compile(&c, "html div"), 0);
    cr_assert_eq(pd_css_matches(c, leaf), 1);
    pd_css_free(c);
}
