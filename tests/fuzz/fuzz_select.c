/* libFuzzer harness: any bytes as a CSS selector, compiled and matched on a small page. */
#include <libxml/HTMLparser.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/html.h"
#include "normalize/select.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char page[] =
    "<html><body><div id='a' class='x y'><p class='x'>one</p><section data-k='v-w'>"
    "<p>two</p><span><p id='p'>three</p></span></section></div><ul><li>a</li><li>b</li></ul>"
    "</body></html>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static htmlDocPtr doc;
    char *text;
    pd_css *css = NULL;
    xmlNode **m = NULL;
    size_t n = 0;

    if (!doc && pd_html_parse(&doc, NULL, page, strlen(page)))
        return 0;
    if (!(text = malloc(size + 1)))
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (pd_css_compile(&css, text) == 0) {
        pd_css_select_all(&m, &n, css, xmlDocGetRootElement(doc));
        free(m);
        pd_css_free(css);
    }
    free(text);
    return 0;
}
