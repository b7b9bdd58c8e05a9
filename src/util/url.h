/*
 * url.h - the one check every URL a user hands us goes through.
 *
 * pd_url_check() accepts absolute http:// and https:// URLs (scheme in any
 * case) with a non-empty host and no spaces or control characters, which is
 * what the fetcher can follow.  It returns 0, or PD_EINVALID with a one-line
 * message quoting the URL and saying what a valid one looks like.
 */
#ifndef PD_URL_H
#define PD_URL_H

int pd_url_check(const char *url);

#endif
