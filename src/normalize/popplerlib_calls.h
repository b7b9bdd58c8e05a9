/*
 * popplerlib_calls.h - makes poppler-glib calls go through pd_popplerlib
 * (see popplerlib.h).  Include after <poppler.h>, only in files that call it.
 */
#ifndef PD_POPPLERLIB_CALLS_H
#define PD_POPPLERLIB_CALLS_H

#include "normalize/popplerlib.h"
#include "normalize/popplerlib_redirect.h"

#endif
