/*
 * curllib_calls.h - makes curl_*() calls go through pd_curllib (see
 * curllib.h).  Include after <curl/curl.h>, only in files that call libcurl.
 */
#ifndef PD_CURLLIB_CALLS_H
#define PD_CURLLIB_CALLS_H

#include "fetch/curllib.h"
#include "fetch/curllib_redirect.h"

#endif
