/*
 * server.h - starts and stops pd-testserver for the fetch tests.
 */
#ifndef PD_TEST_SERVER_H
#define PD_TEST_SERVER_H

#include <sys/types.h>

typedef struct {
    pid_t pid;
    int port;
    char base[64]; /* "http://127.0.0.1:<port>" */
} pd_test_server;

/* Starts $PD_BUILD_ROOT/tests/fetch/pd-testserver serving root (index may be
 * NULL); aborts the test when it does not come up. */
void pd_test_server_start(pd_test_server *s, const char *root, const char *index);
void pd_test_server_stop(pd_test_server *s);
/* How many requests the server saw for path (without the query). */
int pd_test_server_count(pd_test_server *s, const char *path);

#endif
