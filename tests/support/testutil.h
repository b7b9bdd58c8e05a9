/*
 * testutil.h - helpers shared by the Criterion tests: fixture paths,
 * temporary directories, and running the built CLI.
 */
#ifndef PD_TESTUTIL_H
#define PD_TESTUTIL_H

#include <stddef.h>

#include "util/buf.h"

/* "$PD_TEST_DATA/<rel>" in a static buffer (valid until the next call). */
const char *pd_test_path(const char *rel);
/* Reads a fixture under tests/ into out; aborts the test on failure. */
void pd_test_read(pd_buf *out, const char *rel);
/* Makes a fresh temporary directory; caller frees the returned path. */
char *pd_test_tmpdir(void);
/* Removes a directory tree (best effort). */
void pd_test_rmtree(const char *path);

typedef struct {
    int status; /* exit status, or 128+signal */
    pd_buf out;
    pd_buf err;
} pd_test_run_result;

/* Runs the built policydiff ($PD_BIN) with argv (NULL-terminated, without
 * argv[0]), feeding stdin_data (may be NULL).  Dispose out/err after. */
void pd_test_run(pd_test_run_result *r, const char *stdin_data, const char *const *argv);
void pd_test_run_dispose(pd_test_run_result *r);

#endif
