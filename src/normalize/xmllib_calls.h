/*
 * xmllib_calls.h - makes libxml2 calls go through pd_xmllib (see xmllib.h).
 * Include after the libxml2 headers, only in files that call libxml2.
 */
#ifndef PD_XMLLIB_CALLS_H
#define PD_XMLLIB_CALLS_H

#include "normalize/xmllib.h"
#include "normalize/xmllib_redirect.h"

#endif
