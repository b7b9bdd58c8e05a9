/*
 * addr.h - which network addresses a fetch may connect to.
 *
 * A policy page, a redirect from one, or a DNS answer for one must not make
 * policydiff fetch from the machine it runs on or its network (the cloud
 * metadata service at 169.254.169.254, an intranet admin page): the page
 * would be recorded, and in the CI recipes pushed to a repository.  The HTTP
 * adapter (http.h) asks pd_addr_internal() about every address it is about
 * to connect to, after DNS and for every redirect, so a name that resolves
 * to an internal address (DNS rebinding) is refused too.
 *
 * Pure functions, no I/O, no allocation; except pd_addr_url_internal(),
 * which asks DNS (for the browser, whose connections are not ours to see
 * before they are made), and pd_addr_is_proxy(), which reads the
 * environment and resolves its proxies once a process.
 *
 * Proxies: a connection to a proxy the environment names is allowed
 * whatever its address (a corporate proxy is often on 10.x); the proxy
 * then resolves and connects for us, so behind one only a target written
 * as an internal address (or localhost) can be refused.  A request the
 * proxy variables do not cover (no_proxy, an http URL with only
 * https_proxy) is connected directly, and checked like any other.
 */
#ifndef PD_ADDR_H
#define PD_ADDR_H

#include <stddef.h>
#include <sys/socket.h>

/* The name of the internal range addr is in ("loopback", "private",
 * "link-local", "multicast", "unspecified", "shared address space",
 * "reserved", "unique local", ...), or NULL for a public address.  IPv4,
 * IPv6, and IPv4 inside IPv6 (mapped, NAT64, 6to4) are understood; any other
 * family is "not an IP address". */
const char *pd_addr_internal(const struct sockaddr *addr);

/* Like pd_addr_internal() for an address written as text ("127.0.0.1",
 * "::1", "[fe80::1]"); NULL also when text is not an IP address. */
const char *pd_addr_internal_text(const char *text);

/* The address text ("10.0.0.1", "::1") and port as a socket address in
 * *out; 1 when text is an IP address, else 0. */
int pd_addr_parse(struct sockaddr_storage *out, const char *text, int port);

/* The internal range the host of url (http, https, ws or wss) is in, or
 * resolves to (any of its DNS answers), or NULL: a public host, another
 * scheme (data:, blob:, file:, about:), or a name DNS does not know (the
 * browser will fail it itself).  "localhost" and "*.localhost" are
 * loopback.  where gets the address or name refused (at least 64 bytes). */
const char *pd_addr_url_internal(const char *url, char *where, size_t size);

/* 1 when addr (address and port) is one of the environment's proxies. */
int pd_addr_is_proxy(const struct sockaddr *addr);

/* addr as text ("10.0.0.1", "::1") into out (at least 46 bytes). */
void pd_addr_format(char *out, size_t size, const struct sockaddr *addr);

#endif
