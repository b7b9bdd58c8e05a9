/* Many runners, one remote: --shard, push and pull through the built CLI
 * ($PD_BIN), against a bare repository on the local disk (never a network). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/testutil.h"
#include "util/error.h"
#include "util/shard.h"

static char *root;

static void setup(void)
{
    root = pd_test_tmpdir();
}

static void teardown(void)
{
    pd_test_rmtree(root);
    free(root);
}

TestSuite(remote, .init = setup, .fini = teardown);

#define RUN(r, ...)                                                                                \
    do {                                                                                           \
        const char *argv_[] = {__VA_ARGS__, NULL};                                                 \
        pd_test_run(r, NULL, argv_);                                                               \
    } while (0)

static void must(pd_test_run_result *r, int status)
{
    cr_assert_eq(r->status, status, "exit %d (wanted %d)\nstdout: %s\nstderr: %s", r->status,
                 status, pd_buf_cstr(&r->out), pd_buf_cstr(&r->err));
}

/* root/<rel> in a static buffer (one of four, round robin). */
static const char *at(const char *rel)
{
    static char bufs[4][4096];
    static int k;
    char *b = bufs[k++ % 4];
    snprintf(b, sizeof(bufs[0]), "%s/%s", root, rel);
    return b;
}

/* Runs a shell command; returns its stdout (caller frees). */
static char *sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *sh(const char *fmt, ...)
{
    char cmd[8192], buf[4096];
    pd_buf out = PD_BUF_INIT;
    va_list ap;
    size_t n;
    FILE *f;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    f = popen(cmd, "r");
    cr_assert_not_null(f);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        pd_buf_put(&out, buf, n);
    pclose(f);
    pd_buf_puts(&out, "");
    return pd_buf_detach(&out);
}

static void write_text(const char *path, const char *name, const char *date, int runner)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "# %s\n\nThe text of %s as of %s, seen by runner %d.\n", name, name, date, runner);
    fclose(f);
}

static const char *const policies[] = {"acme/privacy", "acme/terms",    "allbuy",
                                       "bolt/privacy", "cobalt",        "dune/terms",
                                       "ember",        "fjord/privacy", "gale"};
#define NPOL (sizeof(policies) / sizeof(policies[0]))
static const char *const dates[] = {"2021-01-01", "2021-04-01", "2021-09-15"};
#define NDATES 3

static void make_store(const char *dir)
{
    pd_test_run_result r;
    RUN(&r, "init", dir);
    must(&r, 0);
    pd_test_run_dispose(&r);
    for (size_t i = 0; i < NPOL; i++) {
        char url[200];
        snprintf(url, sizeof(url), "https://example.com/%s", policies[i]);
        RUN(&r, "-C", dir, "add", policies[i], url);
        must(&r, 0);
        pd_test_run_dispose(&r);
    }
}

Test(remote, shard_values_are_parsed_and_checked)
{
    pd_shard sh;
    const char *bad[] = {"0/3", "4/3",  "x/y",  "1/0",  "",     "3",     "1/",
                         "/3",  "-1/3", "1/3x", "1//3", " 1/3", "1/1001"};
    cr_assert_eq(pd_shard_parse(&sh, "2/3"), 0);
    cr_assert_eq(sh.index, 2);
    cr_assert_eq(sh.count, 3);
    cr_assert_eq(pd_shard_parse(&sh, "1/1"), 0);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cr_assert_eq(pd_shard_parse(&sh, bad[i]), PD_EINVALID, "'%s'", bad[i]);
        cr_assert(strstr(pd_error_last(), "I/N"), "%s", pd_error_last());
    }
    /* FNV-1a 32-bit: the published test vectors */
    cr_assert_eq(pd_shard_hash(""), 0x811c9dc5u);
    cr_assert_eq(pd_shard_hash("a"), 0xe40c292cu);
    cr_assert_eq(pd_shard_hash("foobar"), 0xbf9cf968u);
}

Test(remote, every_policy_is_in_exactly_one_shard)
{
    for (unsigned n = 1; n <= 7; n++) {
        for (size_t p = 0; p < NPOL; p++) {
            int in = 0;
            for (unsigned i = 1; i <= n; i++) {
                pd_shard sh = {i, n};
                in += pd_shard_has(&sh, policies[p]);
            }
            cr_assert_eq(in, 1, "%s in %d shards of %u", policies[p], in, n);
        }
    }
}

Test(remote, bad_shard_is_a_usage_error)
{
    const char *cmds[] = {"check", "fetch", "list"};
    const char *bad[] = {"0/3", "4/3", "x/y", "1/0"};
    make_store(at("s"));
    for (size_t c = 0; c < 3; c++)
        for (size_t b = 0; b < 4; b++) {
            pd_test_run_result r;
            RUN(&r, "-C", at("s"), cmds[c], "--shard", bad[b]);
            must(&r, 2);
            cr_assert(strstr(pd_buf_cstr(&r.err), "--shard takes I/N"), "%s", pd_buf_cstr(&r.err));
            cr_assert_eq(strchr(pd_buf_cstr(&r.err), '\n') + 1, pd_buf_cstr(&r.err) + r.err.len,
                         "one line: %s", pd_buf_cstr(&r.err));
            pd_test_run_dispose(&r);
        }
}

/* The names `list --shard i/3` prints, in out (NAME per line). */
static char *shard_list(const char *store, int i)
{
    pd_test_run_result r;
    char spec[16];
    char *names;
    snprintf(spec, sizeof(spec), "%d/3", i);
    RUN(&r, "-C", store, "list", "--shard", spec);
    must(&r, 0);
    names = strdup(pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    return names;
}

Test(remote, three_runners_push_at_once_and_a_fourth_pulls_everything, .timeout = 240)
{
    pd_test_run_result r;
    pid_t kids[3];
    int seen[NPOL] = {0};
    char *out;

    out = sh("git init -q --bare '%s' 2>&1 && echo ok", at("remote.git"));
    cr_assert(strstr(out, "ok"), "%s", out);
    free(out);
    for (int i = 1; i <= 3; i++) {
        char store[64], *names;
        snprintf(store, sizeof(store), "s%d", i);
        make_store(at(store));
        names = shard_list(at(store), i);
        for (size_t p = 0; p < NPOL; p++) {
            char line[256];
            pd_shard sh = {(unsigned)i, 3};
            snprintf(line, sizeof(line), "%s\thttps://example.com/%s\n", policies[p], policies[p]);
            cr_assert_eq(strstr(names, line) != NULL, pd_shard_has(&sh, policies[p]) != 0,
                         "list --shard %d/3 and pd_shard_has disagree on %s", i, policies[p]);
            if (!pd_shard_has(&sh, policies[p]))
                continue;
            seen[p]++;
            for (int d = 0; d < NDATES; d++) {
                write_text(at("t.md"), policies[p], dates[d], i);
                RUN(&r, "-C", at(store), "record", policies[p], at("t.md"), "--date", dates[d]);
                must(&r, 0);
                pd_test_run_dispose(&r);
            }
        }
        free(names);
    }
    for (size_t p = 0; p < NPOL; p++)
        cr_assert_eq(seen[p], 1, "%s recorded by %d runners", policies[p], seen[p]);

    /* all three push at the same time */
    for (int i = 0; i < 3; i++) {
        kids[i] = fork();
        cr_assert(kids[i] >= 0);
        if (kids[i] == 0) {
            char store[64];
            snprintf(store, sizeof(store), "s%d", i + 1);
            const char *argv_[] = {"-C", at(store), "push", at("remote.git"), NULL};
            pd_test_run(&r, NULL, argv_);
            if (r.status != 0)
                fprintf(stderr, "runner %d: exit %d\n%s%s", i + 1, r.status, pd_buf_cstr(&r.out),
                        pd_buf_cstr(&r.err));
            _exit(r.status);
        }
    }
    for (int i = 0; i < 3; i++) {
        int status;
        cr_assert_eq(waitpid(kids[i], &status, 0), kids[i]);
        cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "runner %d's push failed", i + 1);
    }

    /* a fourth, fresh store pulls it all */
    RUN(&r, "init", at("s4"));
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", at("s4"), "pull", at("remote.git"));
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "9 policies updated, 0 unchanged, 0 diverged"), "%s",
              pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", at("s4"), "list");
    must(&r, 0);
    for (size_t p = 0; p < NPOL; p++)
        cr_assert(strstr(pd_buf_cstr(&r.out), policies[p]), "list lacks %s: %s", policies[p],
                  pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", at("s4"), "log");
    must(&r, 0);
    {
        size_t lines = 0;
        for (const char *c = pd_buf_cstr(&r.out); *c; c++)
            lines += *c == '\n';
        cr_assert_eq(lines, NPOL * NDATES, "log:\n%s", pd_buf_cstr(&r.out));
        for (size_t p = 0; p < NPOL; p++)
            for (int d = 0; d < NDATES; d++) {
                char want[128];
                snprintf(want, sizeof(want), "%s", dates[d]);
                const char *hit = pd_buf_cstr(&r.out);
                int found = 0;
                while ((hit = strstr(hit, want))) {
                    const char *eol = strchr(hit, '\n');
                    const char *name = strstr(hit, policies[p]);
                    if (name && (!eol || name < eol))
                        found = 1;
                    hit++;
                }
                cr_assert(found, "log lacks %s at %s:\n%s", policies[p], dates[d],
                          pd_buf_cstr(&r.out));
            }
    }
    pd_test_run_dispose(&r);
    /* the remote's main has every policy's newest text */
    for (size_t p = 0; p < NPOL; p++) {
        char want[256];
        out =
            sh("git --git-dir='%s' show 'main:policies/%s.md' 2>&1", at("remote.git"), policies[p]);
        snprintf(want, sizeof(want), "as of %s", dates[NDATES - 1]);
        cr_assert(strstr(out, want), "remote main: %s:\n%s", policies[p], out);
        free(out);
    }
    out = sh("git --git-dir='%s' fsck --strict 2>&1 && echo fsck-ok", at("remote.git"));
    cr_assert(strstr(out, "fsck-ok"), "%s", out);
    free(out);
}

Test(remote, pushed_history_is_kept_and_new_policies_are_free, .timeout = 120)
{
    pd_test_run_result r;
    char *out;

    out = sh("git init -q --bare '%s' 2>&1 && echo ok", at("remote.git"));
    cr_assert(strstr(out, "ok"), "%s", out);
    free(out);
    make_store(at("a"));
    write_text(at("t.md"), "allbuy", "2021-04-01", 1);
    RUN(&r, "-C", at("a"), "record", "allbuy", at("t.md"), "--date", "2021-04-01");
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", at("a"), "push", at("remote.git"));
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "init", at("b"));
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", at("b"), "pull", at("remote.git"));
    must(&r, 0);
    pd_test_run_dispose(&r);

    /* an older capture of a pushed policy would rewrite pushed history */
    out = sh("git --git-dir='%s' rev-parse versions/allbuy captures/allbuy", at("b"));
    write_text(at("old.md"), "allbuy", "2020-01-01", 2);
    RUN(&r, "-C", at("b"), "record", "allbuy", at("old.md"), "--date", "2020-01-01");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "--force"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    {
        char *again = sh("git --git-dir='%s' rev-parse versions/allbuy captures/allbuy", at("b"));
        cr_assert_str_eq(out, again);
        free(again);
    }
    free(out);

    /* a policy nobody pushed takes older captures */
    write_text(at("t.md"), "ember", "2021-05-01", 2);
    RUN(&r, "-C", at("b"), "record", "ember", at("t.md"), "--date", "2021-05-01");
    must(&r, 0);
    pd_test_run_dispose(&r);
    write_text(at("old.md"), "ember", "2020-05-01", 2);
    RUN(&r, "-C", at("b"), "record", "ember", at("old.md"), "--date", "2020-05-01");
    must(&r, 0);
    pd_test_run_dispose(&r);

    /* diverged: both record different captures of allbuy; pull says so */
    write_text(at("t.md"), "allbuy", "2021-06-01", 1);
    RUN(&r, "-C", at("a"), "record", "allbuy", at("t.md"), "--date", "2021-06-01");
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", at("a"), "push", at("remote.git"));
    must(&r, 0);
    pd_test_run_dispose(&r);
    write_text(at("t.md"), "allbuy", "2021-07-01", 2);
    RUN(&r, "-C", at("b"), "record", "allbuy", at("t.md"), "--date", "2021-07-01");
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", at("b"), "pull", at("remote.git"));
    must(&r, 6);
    cr_assert(strstr(pd_buf_cstr(&r.err), "allbuy: this store and"), "%s", pd_buf_cstr(&r.err));
    cr_assert(strstr(pd_buf_cstr(&r.out), "1 diverged"), "%s", pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", at("b"), "push", at("remote.git"));
    must(&r, 6);
    pd_test_run_dispose(&r);
}

Test(remote, unknown_remote_and_unreachable_remote)
{
    pd_test_run_result r;
    make_store(at("s"));
    RUN(&r, "-C", at("s"), "push");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "no remote 'origin'"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", at("s"), "pull", at("nowhere.git"));
    must(&r, 3);
    pd_test_run_dispose(&r);
}
