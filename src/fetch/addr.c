/* addr.c - internal address ranges; see addr.h. */
#include "fetch/addr.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* v: an IPv4 address in host byte order. */
static const char *internal4(uint32_t v)
{
    static const struct {
        uint32_t net, mask;
        const char *name;
    } ranges[] = {
        {0x00000000u, 0xff000000u, "unspecified"},          /* 0.0.0.0/8 */
        {0x0a000000u, 0xff000000u, "private"},              /* 10.0.0.0/8 */
        {0x64400000u, 0xffc00000u, "shared address space"}, /* 100.64.0.0/10 */
        {0x7f000000u, 0xff000000u, "loopback"},             /* 127.0.0.0/8 */
        {0xa9fe0000u, 0xffff0000u, "link-local"},           /* 169.254.0.0/16 */
        {0xac100000u, 0xfff00000u, "private"},              /* 172.16.0.0/12 */
        {0xc0000000u, 0xffffff00u, "reserved"},             /* 192.0.0.0/24 */
        {0xc0a80000u, 0xffff0000u, "private"},              /* 192.168.0.0/16 */
        {0xc6120000u, 0xfffe0000u, "reserved"},             /* 198.18.0.0/15 */
        {0xe0000000u, 0xf0000000u, "multicast"},            /* 224.0.0.0/4 */
        {0xf0000000u, 0xf0000000u, "reserved"},             /* 240.0.0.0/4, broadcast */
    };
    for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
        if ((v & ranges[i].mask) == ranges[i].net)
            return ranges[i].name;
    return NULL;
}

static uint32_t v4_at(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | (uint32_t)b[3];
}

static const char *internal6(const unsigned char *b)
{
    static const unsigned char zero[16];
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    static const unsigned char local64[6] = {0, 0x64, 0xff, 0x9b, 0, 1};
    static const unsigned char translated[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0};

    if (!memcmp(b, zero, 15))
        return b[15] == 1 ? "loopback" : b[15] == 0 ? "unspecified" : "reserved";
    if (!memcmp(b, mapped, 12) || !memcmp(b, nat64, 12) || !memcmp(b, translated, 12))
        return internal4(v4_at(b + 12)); /* an IPv4 address inside */
    if (!memcmp(b, local64, 6))
        return "local NAT64"; /* 64:ff9b:1::/48, a network's own translator */
    if (!memcmp(b, zero, 12))
        return "reserved"; /* IPv4-compatible (deprecated) */
    if (b[0] == 0x20 && b[1] == 0x02)
        return internal4(v4_at(b + 2)); /* 6to4: 2002:V4ADDR::/48 */
    if (b[0] == 0xff)
        return "multicast";
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        return "link-local";
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
        return "site-local";
    if ((b[0] & 0xfe) == 0xfc)
        return "unique local";
    return NULL;
}

const char *pd_addr_internal(const struct sockaddr *addr)
{
    if (addr->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)addr;
        return internal4(ntohl(in->sin_addr.s_addr));
    }
    if (addr->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)addr;
        return internal6(in6->sin6_addr.s6_addr);
    }
    return "not an IP address";
}

const char *pd_addr_internal_text(const char *text)
{
    char buf[64];
    struct in_addr a4;
    struct in6_addr a6;
    size_t n = strlen(text);

    if (n >= 2 && text[0] == '[' && text[n - 1] == ']') {
        text++;
        n -= 2;
    }
    if (n >= sizeof(buf))
        return NULL;
    memcpy(buf, text, n);
    buf[n] = '\0';
    if (inet_pton(AF_INET, buf, &a4) == 1)
        return internal4(ntohl(a4.s_addr));
    if (inet_pton(AF_INET6, buf, &a6) == 1)
        return internal6(a6.s6_addr);
    return NULL;
}

int pd_addr_parse(struct sockaddr_storage *out, const char *text, int port)
{
    struct sockaddr_in *in = (struct sockaddr_in *)(void *)out;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)out;
    memset(out, 0, sizeof(*out));
    if (inet_pton(AF_INET, text, &in->sin_addr) == 1) {
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t)port);
        return 1;
    }
    if (inet_pton(AF_INET6, text, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        return 1;
    }
    return 0;
}

void pd_addr_format(char *out, size_t size, const struct sockaddr *addr)
{
    const void *a = NULL;
    if (addr->sa_family == AF_INET)
        a = &((const struct sockaddr_in *)(const void *)addr)->sin_addr;
    else if (addr->sa_family == AF_INET6)
        a = &((const struct sockaddr_in6 *)(const void *)addr)->sin6_addr;
    if (!a || !inet_ntop(addr->sa_family, a, out, (socklen_t)size))
        snprintf(out, size, "an address of family %d", (int)addr->sa_family);
}

/* The host of the authority at h ("user@host:port/...", "[::1]:80") into
 * out, brackets of an IPv6 literal and a trailing dot dropped, and *port at
 * its port's digits (NULL: none): 1, or 0 when there is no host. */
static int authority_host(char *out, size_t size, const char *h, const char **port)
{
    const char *end = h + strcspn(h, "/?#\\"), *at; /* a backslash ends it, as browsers read it */
    size_t n;
    *port = NULL;
    for (at = h; (at = memchr(at, '@', (size_t)(end - at))); h = ++at)
        ; /* user:password@ */
    if (*h == '[') {
        const char *close = memchr(h, ']', (size_t)(end - h));
        if (!close)
            return 0;
        if (close[1] == ':')
            *port = close + 2;
        h++;
        end = close;
    } else {
        const char *colon = memchr(h, ':', (size_t)(end - h));
        if (colon) {
            *port = colon + 1;
            end = colon;
        }
    }
    n = (size_t)(end - h);
    if (!n || n >= size)
        return 0;
    memcpy(out, h, n);
    out[n] = '\0';
    if (out[n - 1] == '.') /* "localhost." */
        out[n - 1] = '\0';
    return out[0] != '\0';
}

/* The host of url into out: 1, or 0 when url has no host of a network
 * scheme. */
static int url_host(char *out, size_t size, const char *url)
{
    static const char *const schemes[] = {"http://", "https://", "ws://", "wss://"};
    const char *port;
    for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
        if (!strncasecmp(url, schemes[i], strlen(schemes[i])))
            return authority_host(out, size, url + strlen(schemes[i]), &port);
    return 0;
}

const char *pd_addr_url_internal(const char *url, char *where, size_t size)
{
    struct addrinfo hints, *res = NULL;
    struct sockaddr_storage ss;
    const char *range = NULL;
    char host[256];
    size_t n;

    if (!url_host(host, sizeof(host), url))
        return NULL;
    n = strlen(host);
    if (!strcasecmp(host, "localhost") || (n > 10 && !strcasecmp(host + n - 10, ".localhost"))) {
        snprintf(where, size, "%s", host);
        return "loopback";
    }
    if (pd_addr_parse(&ss, host, 0)) {
        if ((range = pd_addr_internal((const struct sockaddr *)&ss)))
            snprintf(where, size, "%s", host);
        return range;
    }
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, NULL, &hints, &res) != 0)
        return NULL;
    for (const struct addrinfo *a = res; a && !range; a = a->ai_next)
        if ((range = pd_addr_internal(a->ai_addr)))
            pd_addr_format(where, size, a->ai_addr);
    freeaddrinfo(res);
    return range;
}

/* The proxies of the environment, resolved once: libcurl's variables
 * (http_proxy, https_proxy, all_proxy, their upper-case forms but
 * HTTP_PROXY, which libcurl ignores), which chromium reads too. */
static struct {
    int done;
    size_t n;
    struct sockaddr_storage a[16];
} proxies;

static void add_proxy(const char *v)
{
    struct addrinfo hints, *res = NULL;
    char host[256], port[8] = "1080"; /* libcurl's default proxy port */
    const char *h = strstr(v, "://"), *p;
    size_t n;
    if (!authority_host(host, sizeof(host), h ? h + 3 : v, &p))
        return;
    if (p && (n = strspn(p, "0123456789")) > 0 && n < sizeof(port)) {
        memcpy(port, p, n);
        port[n] = '\0';
    }
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res) != 0)
        return;
    for (const struct addrinfo *a = res; a && proxies.n < 16; a = a->ai_next)
        if (a->ai_addrlen <= sizeof(proxies.a[0]))
            memcpy(&proxies.a[proxies.n++], a->ai_addr, a->ai_addrlen);
    freeaddrinfo(res);
}

static int same_endpoint(const struct sockaddr *x, const struct sockaddr_storage *y)
{
    if (x->sa_family != y->ss_family)
        return 0;
    if (x->sa_family == AF_INET) {
        const struct sockaddr_in *a = (const void *)x, *b = (const void *)y;
        return a->sin_port == b->sin_port && a->sin_addr.s_addr == b->sin_addr.s_addr;
    }
    if (x->sa_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const void *)x, *b = (const void *)y;
        return a->sin6_port == b->sin6_port && !memcmp(&a->sin6_addr, &b->sin6_addr, 16);
    }
    return 0;
}

int pd_addr_is_proxy(const struct sockaddr *addr)
{
    static const char *const vars[] = {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy",
                                       "ALL_PROXY"};
    if (!proxies.done) {
        proxies.done = 1;
        for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
            const char *v = getenv(vars[i]);
            if (v && *v)
                add_proxy(v);
        }
    }
    for (size_t i = 0; i < proxies.n; i++)
        if (same_endpoint(addr, &proxies.a[i]))
            return 1;
    return 0;
}
