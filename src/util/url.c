#include "util/url.h"
#include "util/error.h"

#include <string.h>
#include <strings.h>

int pd_url_check(const char *url)
{
    const char *host;
    if (!url || !*url)
        return pd_error_set(PD_EINVALID, "empty URL; give an http:// or https:// address");
    if (!strncasecmp(url, "http://", 7))
        host = url + 7;
    else if (!strncasecmp(url, "https://", 8))
        host = url + 8;
    else
        return pd_error_set(PD_EINVALID,
                            "'%.200s' is not an http:// or https:// URL; give the full address, "
                            "e.g. https://example.com/privacy",
                            url);
    if (!*host || strchr("/?#:@", *host))
        return pd_error_set(PD_EINVALID,
                            "'%.200s' has no host name; give the full address, "
                            "e.g. https://example.com/privacy",
                            url);
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= ' ' || *p == 0x7f)
            return pd_error_set(PD_EINVALID,
                                "'%.200s' contains a space or control character; percent-encode "
                                "it (%%20)",
                                url);
    return 0;
}
