#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char last_msg[1024];
static _Thread_local int last_code;

int pd_error_set(int code, const char *fmt, ...)
{
    char msg[sizeof(last_msg)];
    va_list ap;
    /* formatted aside first: the arguments may quote pd_error_last() */
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    memcpy(last_msg, msg, sizeof(msg));
    last_code = code;
    return code;
}

const char *pd_error_last(void)
{
    return last_msg;
}

int pd_error_last_code(void)
{
    return last_code;
}

void pd_error_clear(void)
{
    last_msg[0] = '\0';
    last_code = 0;
}
