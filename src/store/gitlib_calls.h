/*
 * gitlib_calls.h - makes git_*() calls go through pd_gitlib (see gitlib.h).
 * Include after <git2.h>, only in files that call libgit2.
 */
#ifndef PD_GITLIB_CALLS_H
#define PD_GITLIB_CALLS_H

#include "store/gitlib.h"
#include "store/gitlib_redirect.h"

#endif
