/* Tests of the store subcommands through the built CLI ($PD_BIN). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/testutil.h"

static char *root, *store;

static void setup(void)
{
    size_t n;
    root = pd_test_tmpdir();
    n = strlen(root) + 8;
    store = malloc(n);
    snprintf(store, n, "%s/store", root);
}

static void teardown(void)
{
    pd_test_rmtree(root);
    free(root);
    free(store);
}

TestSuite(cli, .init = setup, .fini = teardown);

#define RUN(r, ...)                                                                                \
    do {                                                                                           \
        const char *argv_[] = {__VA_ARGS__, NULL};                                                 \
        pd_test_run(r, NULL, argv_);                                                               \
    } while (0)

static char *fixture(const char *name)
{
    return strdup(pd_test_path(name));
}

static void must(pd_test_run_result *r, int status)
{
    cr_assert_eq(r->status, status, "exit %d (wanted %d)\nstdout: %s\nstderr: %s", r->status,
                 status, pd_buf_cstr(&r->out), pd_buf_cstr(&r->err));
}

static char *git(const char *args)
{
    char cmd[4096], buf[4096];
    pd_buf out = PD_BUF_INIT;
    size_t n;
    FILE *f;
    snprintf(cmd, sizeof(cmd), "git -C '%s' %s 2>&1", store, args);
    f = popen(cmd, "r");
    cr_assert_not_null(f);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        pd_buf_put(&out, buf, n);
    pclose(f);
    pd_buf_puts(&out, "");
    return pd_buf_detach(&out);
}

static void init_with_allbuy(void)
{
    pd_test_run_result r;
    RUN(&r, "init", store);
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "Created"));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "add", "allbuy", "https://www.allbuy.com/policy", "--select", "main",
        "--remove", ".cookie-banner");
    must(&r, 0);
    pd_test_run_dispose(&r);
}

Test(cli, every_command_has_help_with_an_example)
{
    const char *cmds[] = {"init", "add", "list", "remove", "import-ota", "record", "log", "show"};
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        pd_test_run_result r;
        RUN(&r, cmds[i], "--help");
        must(&r, 0);
        cr_assert(strstr(pd_buf_cstr(&r.out), "usage: policydiff"), "%s", cmds[i]);
        cr_assert(strstr(pd_buf_cstr(&r.out), "Example"), "%s", cmds[i]);
        pd_test_run_dispose(&r);
    }
}

/* The section of the man page about cmd ("import\\-ota"): from its first
 * .SS "policydiff CMD" line to the next section of another command. */
static char *man_section(const char *man, const char *cmd)
{
    pd_buf sec = PD_BUF_INIT, head = PD_BUF_INIT;
    const char *line = man;
    int inside = 0;
    for (const char *c = cmd; *c; c++) {
        if (*c == '-')
            pd_buf_putc(&head, '\\');
        pd_buf_putc(&head, *c);
    }
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
        if (!strncmp(line, ".SS \"policydiff ", 16)) {
            const char *name = line + 16;
            inside = !strncmp(name, head.ptr, head.len) &&
                     (name[head.len] == ' ' || name[head.len] == '"');
        } else if (!strncmp(line, ".SH", 3)) {
            inside = 0;
        }
        if (inside)
            pd_buf_put(&sec, line, n);
        line += n;
    }
    pd_buf_dispose(&head);
    pd_buf_puts(&sec, "");
    return pd_buf_detach(&sec);
}

/* man policydiff covers every command and every option its --help lists. */
Test(cli, man_page_documents_every_command_and_option)
{
    pd_test_run_result r, h;
    pd_buf man = PD_BUF_INIT;
    char path[4096];
    const char *src = getenv("PD_SOURCE_ROOT"), *p;
    size_t ncmds = 0;
    snprintf(path, sizeof(path), "%.4000s/src/cli/policydiff.1", src ? src : ".");
    cr_assert_eq(pd_buf_read_file(&man, path, 0), 0, "cannot read %s", path);
    RUN(&r, "--help");
    must(&r, 0);
    p = strstr(pd_buf_cstr(&r.out), "Commands:\n");
    cr_assert_not_null(p);
    p += 10;
    while (!strncmp(p, "  ", 2) && p[2] != ' ') {
        char cmd[64], *sec, opt[64];
        const char *o;
        sscanf(p + 2, "%63s", cmd);
        sec = man_section(pd_buf_cstr(&man), cmd);
        cr_assert(*sec, "the man page has no section for '%s'", cmd);
        RUN(&h, cmd, "--help");
        must(&h, 0);
        /* the options of the usage lines and of the lines that describe one */
        for (o = strstr(pd_buf_cstr(&h.out), "--"); o; o = strstr(o + 2, "--")) {
            const char *bol = o;
            pd_buf want = PD_BUF_INIT;
            size_t n = strspn(o + 2, "abcdefghijklmnopqrstuvwxyz-");
            while (bol > pd_buf_cstr(&h.out) && bol[-1] != '\n')
                bol--;
            if (strncmp(bol, "usage:", 6) && strspn(bol, " ") != (size_t)(o - bol))
                continue; /* an option named inside a sentence or an example */
            snprintf(opt, sizeof(opt), "%.*s", (int)(n + 2 < 60 ? n + 2 : 60), o);
            if (n == 0 || !strcmp(opt, "--help"))
                continue;
            for (const char *c = opt; *c; c++) {
                if (*c == '-')
                    pd_buf_putc(&want, '\\');
                pd_buf_putc(&want, *c);
            }
            cr_assert(strstr(sec, pd_buf_cstr(&want)), "man page: '%s' lacks %s", cmd, opt);
            pd_buf_dispose(&want);
        }
        pd_test_run_dispose(&h);
        free(sec);
        ncmds++;
        p = strchr(p, '\n') + 1;
    }
    cr_assert_geq(ncmds, 14);
    pd_test_run_dispose(&r);
    pd_buf_dispose(&man);
}

Test(cli, init_add_list_remove)
{
    pd_test_run_result r;
    init_with_allbuy();
    RUN(&r, "init", store);
    must(&r, 2);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "list");
    must(&r, 0);
    cr_assert_str_eq(pd_buf_cstr(&r.out), "allbuy\thttps://www.allbuy.com/policy\n");
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "list", "--format", "json");
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "\"name\": \"allbuy\""));
    cr_assert(strstr(pd_buf_cstr(&r.out), "\".cookie-banner\""));
    pd_test_run_dispose(&r);
    /* the config is ordinary git-config */
    char *v = git("config -f policies.conf policy.allbuy.select");
    cr_assert_str_eq(v, "main\n");
    free(v);
    RUN(&r, "-C", store, "add", "allbuy", "https://elsewhere");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "already exists"));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "add", "../evil", "https://evil");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "'..'"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "remove", "allbuy");
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "remove", "allbuy");
    must(&r, 2);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "list");
    must(&r, 0);
    cr_assert_str_eq(pd_buf_cstr(&r.out), "");
    pd_test_run_dispose(&r);
}

Test(cli, missing_store_is_a_one_line_error)
{
    pd_test_run_result r;
    RUN(&r, "-C", store, "list");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "policydiff init"));
    cr_assert_eq(strchr(pd_buf_cstr(&r.err), '\n'), pd_buf_cstr(&r.err) + r.err.len - 1);
    pd_test_run_dispose(&r);
    char *f = fixture("store/fixtures/a.md");
    RUN(&r, "-C", store, "record", "allbuy", f);
    must(&r, 2);
    pd_test_run_dispose(&r);
    cr_assert_eq(access(store, F_OK), -1, "nothing created");
    free(f);
}

Test(cli, record_show_log)
{
    pd_test_run_result r;
    char *v1 = fixture("store/fixtures/v1.html"), *noisy = fixture("store/fixtures/v1-noisy.html"),
         *v2 = fixture("store/fixtures/v2.html");
    init_with_allbuy();
    RUN(&r, "-C", store, "record", "allbuy", v1, "--date", "2021-06-30");
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "new version"), "%s", pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "record", "allbuy", noisy, "--date", "2021-07-15T08:00:00Z");
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "unchanged"), "%s", pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "record", "allbuy", noisy, "--date", "2021-07-15T08:00:00Z");
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "already recorded"), "%s", pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "record", "allbuy", v2, "--date", "20210801120000", "--source",
        "https://www.allbuy.com/policy", "--via", "live", "--summary", "shares data with ads");
    must(&r, 0);
    pd_test_run_dispose(&r);

    char *log = git("log --format='%aI|%cI|%s' versions/allbuy");
    cr_assert_str_eq(log, "2021-08-01T12:00:00+00:00|2021-08-01T12:00:00+00:00|allbuy: shares "
                          "data with ads\n"
                          "2021-06-30T00:00:00+00:00|2021-06-30T00:00:00+00:00|allbuy: first "
                          "version\n");
    free(log);
    char *raw = git("ls-tree -r --name-only captures/allbuy");
    cr_assert(strstr(raw, "2021/07/20210715080000-"), "%s", raw);
    cr_assert(strstr(raw, ".raw.html\n"), "%s", raw);
    free(raw);

    RUN(&r, "-C", store, "show", "allbuy", "--at", "2021-07-31");
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "We never sell your data."), "%s", pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "show", "allbuy");
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "advertising partners"));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "show", "allbuy", "--at", "2020-01-01");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "2021-06-30"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);

    RUN(&r, "-C", store, "log");
    must(&r, 0);
    cr_assert_str_eq(pd_buf_cstr(&r.out), "2021-06-30T00:00:00Z\tallbuy\tfirst version\n"
                                          "2021-08-01T12:00:00Z\tallbuy\tshares data with ads\n");
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "log", "allbuy", "--since", "2021-07-01", "--format", "json");
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "\"captured_at\": \"2021-08-01T12:00:00Z\""));
    cr_assert(strstr(pd_buf_cstr(&r.out), "\"via\": \"live\""));
    cr_assert_null(strstr(pd_buf_cstr(&r.out), "2021-06-30"));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "log", "--until", "2021-07-01");
    must(&r, 0);
    cr_assert_str_eq(pd_buf_cstr(&r.out), "2021-06-30T00:00:00Z\tallbuy\tfirst version\n");
    pd_test_run_dispose(&r);
    free(v1);
    free(noisy);
    free(v2);
}

Test(cli, bad_dates_and_names_write_nothing)
{
    pd_test_run_result r;
    char *a = fixture("store/fixtures/a.md");
    init_with_allbuy();
    RUN(&r, "-C", store, "record", "allbuy", a, "--date", "2021-02-30");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "--date"));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "record", "nobody", a);
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "nobody"));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "record", "/etc/passwd", a);
    must(&r, 2);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "record", "allbuy", "/nonexistent/file.html");
    must(&r, 2);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "show", "allbuy", "--at", "yesterday");
    must(&r, 2);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "log", "--since", "nope");
    must(&r, 2);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "log", "nobody");
    must(&r, 2);
    pd_test_run_dispose(&r);
    char *refs = git("for-each-ref");
    cr_assert_str_eq(refs, "");
    free(refs);
    free(a);
}

Test(cli, older_capture_is_inserted_and_said_so)
{
    pd_test_run_result r;
    char *a = fixture("store/fixtures/a.md"), *b = fixture("store/fixtures/b.md"),
         *c = fixture("store/fixtures/c.md");
    init_with_allbuy();
    RUN(&r, "-C", store, "record", "allbuy", a, "--date", "2021-01-01");
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "record", "allbuy", c, "--date", "2021-03-01");
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "record", "allbuy", b, "--date", "2021-02-01");
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.err), "re-created 1 later commit"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    char *log = git("log --format=%ad --date=short versions/allbuy");
    cr_assert_str_eq(log, "2021-03-01\n2021-02-01\n2021-01-01\n");
    free(log);
    /* pushed: refused without --force, nothing written */
    free(git("update-ref refs/remotes/origin/versions/allbuy versions/allbuy"));
    char *head = git("rev-parse versions/allbuy captures/allbuy");
    RUN(&r, "-C", store, "record", "allbuy", c, "--date", "2020-06-01");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "--force"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    char *head2 = git("rev-parse versions/allbuy captures/allbuy");
    cr_assert_str_eq(head, head2);
    RUN(&r, "-C", store, "record", "allbuy", c, "--date", "2020-06-01", "--force");
    must(&r, 0);
    pd_test_run_dispose(&r);
    char *fsck = git("fsck --strict && echo fsck-ok");
    cr_assert(strstr(fsck, "fsck-ok"), "%s", fsck);
    free(fsck);
    free(head);
    free(head2);
    free(a);
    free(b);
    free(c);
}

Test(cli, locked_store_exits_4)
{
    pd_test_run_result r;
    char path[4096];
    FILE *f;
    char *a = fixture("store/fixtures/a.md");
    init_with_allbuy();
    snprintf(path, sizeof(path), "%s/policydiff.lock", store);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "%ld\n", (long)getpid()); /* this test process: alive */
    fflush(f);
    cr_assert_eq(flock(fileno(f), LOCK_EX), 0); /* and holding it, as a run does */
    RUN(&r, "-C", store, "record", "allbuy", a);
    must(&r, 4);
    cr_assert(strstr(pd_buf_cstr(&r.err), "locked"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    /* reading does not need the lock */
    RUN(&r, "-C", store, "log");
    must(&r, 0);
    pd_test_run_dispose(&r);
    fclose(f);
    unlink(path);
    RUN(&r, "-C", store, "record", "allbuy", a);
    must(&r, 0);
    pd_test_run_dispose(&r);
    free(a);
}

/* Hand-edited policies.conf: a section that cannot be a policy is named in a
 * warning, never silently left unwatched; a syntax error is exit 2 with the
 * line, not an internal error. */
Test(cli, hand_edited_config_is_reported)
{
    pd_test_run_result r;
    char path[4096];
    FILE *f;
    init_with_allbuy();
    snprintf(path, sizeof(path), "%s/policies.conf", store);
    f = fopen(path, "a");
    cr_assert_not_null(f);
    fputs("[policy \"MyShop\"]\n\turl = https://shop.example/privacy\n"
          "[policy \"nourl\"]\n\tselect = main\n",
          f);
    fclose(f);
    RUN(&r, "-C", store, "list");
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "allbuy"));
    cr_assert(strstr(pd_buf_cstr(&r.err), "policy \"MyShop\""), "%s", pd_buf_cstr(&r.err));
    cr_assert(strstr(pd_buf_cstr(&r.err), "policy \"nourl\" has no url"), "%s",
              pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    /* a key policydiff does not know is a typo, named with its section */
    f = fopen(path, "a");
    cr_assert_not_null(f);
    fputs("[policy \"allbuy\"]\n\tremvoe = .sidebar\n", f);
    fclose(f);
    RUN(&r, "-C", store, "list");
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.err), "policy \"allbuy\": unknown key 'remvoe'"), "%s",
              pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    f = fopen(path, "a");
    cr_assert_not_null(f);
    fputs("\twayback_url = https://mirror.example\n", f);
    fclose(f);
    RUN(&r, "-C", store, "list");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "policies.conf"), "%s", pd_buf_cstr(&r.err));
    cr_assert(strstr(pd_buf_cstr(&r.err), "fix that line"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
}

Test(cli, import_ota_declarations)
{
    pd_test_run_result r;
    char *svc = fixture("store/fixtures/service.json"),
         *doc = fixture("store/fixtures/document.json");
    RUN(&r, "init", store);
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "import-ota", svc);
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "added service/privacy-policy"));
    cr_assert(strstr(pd_buf_cstr(&r.out), "added service/terms-of-service"));
    cr_assert(strstr(pd_buf_cstr(&r.out),
                     "added service/developer-terms (https://example.com/dev1) "
                     "[2 pages combined]"),
              "%s", pd_buf_cstr(&r.out));
    cr_assert(strstr(pd_buf_cstr(&r.out), "3 imported (3 added, 0 updated, 0 unchanged)"), "%s",
              pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    /* again: nothing changed, nothing said but the summary */
    RUN(&r, "-C", store, "import-ota", svc);
    must(&r, 0);
    cr_assert(!strstr(pd_buf_cstr(&r.out), "updated service/"), "%s", pd_buf_cstr(&r.out));
    cr_assert(strstr(pd_buf_cstr(&r.out), "(0 added, 0 updated, 3 unchanged)"), "%s",
              pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "list", "--format", "json");
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "\"startBefore\": \"#privacy-start\""), "%s",
              pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "import-ota", doc);
    must(&r, 2);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "import-ota", "--name", "github/privacy-policy", doc);
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "list");
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "github/privacy-policy\thttps://docs.github.com/"));
    pd_test_run_dispose(&r);
    free(svc);
    free(doc);
}

/* Mistakes found at the command line, not on the first cron run: each is
 * exit 2 with one line naming the problem, and nothing is written. */
Test(cli, mistakes_are_refused_when_typed)
{
    pd_test_run_result r;
    char path[4096], *conf_before, *conf_after;
    char *a = fixture("store/fixtures/a.md");
    FILE *f;
    init_with_allbuy();
    snprintf(path, sizeof(path), "%s/policies.conf", store);
    conf_before = git("show --no-patch --format=%H main 2>/dev/null; cat policies.conf");
    static const char *const bad_adds[][4] = {
        {"shop", "https://shop.example/privacy", "--select", "main >"},
        {"shop", "https://shop.example/privacy", "--remove", "div[class="},
        {"shop", "ftp://shop.example/privacy", NULL, NULL},
        {"shop", "shop.example/privacy", NULL, NULL},
        {"shop", "https:///privacy", NULL, NULL},
        {"shop", "https://shop.example/pri vacy", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof(bad_adds) / sizeof(*bad_adds); i++) {
        const char *argv[9] = {"-C",           store,          "add",          bad_adds[i][0],
                               bad_adds[i][1], bad_adds[i][2], bad_adds[i][3], NULL};
        pd_test_run(&r, NULL, argv);
        must(&r, 2);
        cr_assert_eq(strchr(pd_buf_cstr(&r.err), '\n') - pd_buf_cstr(&r.err) + 1, (long)r.err.len,
                     "one line: %s", pd_buf_cstr(&r.err));
        pd_test_run_dispose(&r);
    }
    conf_after = git("show --no-patch --format=%H main 2>/dev/null; cat policies.conf");
    cr_assert_str_eq(conf_after, conf_before, "a refused add leaves policies.conf alone");
    free(conf_after);
    free(conf_before);

    /* a capture dated in the future would shadow every real one */
    RUN(&r, "-C", store, "record", "allbuy", a, "--date", "2999-01-01");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "future"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    /* FILE is a directory */
    RUN(&r, "-C", store, "record", "allbuy", root);
    must(&r, 2);
    pd_test_run_dispose(&r);
    char *refs = git("for-each-ref");
    cr_assert_str_eq(refs, "", "nothing recorded: %s", refs);
    free(refs);

    RUN(&r, "-C", store, "show", "nosuch");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "no policy named 'nosuch'"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "show", "allbuy");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "policydiff fetch allbuy"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    /* a value left off is said so, not called an unknown option */
    RUN(&r, "-C", store, "log", "--since");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "'--since' needs a value"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "log", "--reverse=yes");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "unknown option '--reverse=yes'"), "%s",
              pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "log", "--help=x");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "'--help' takes no value"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "record", "--force", "-Zq");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "unknown option '-Z'"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store);
    must(&r, 2);
    cr_assert_eq(strchr(pd_buf_cstr(&r.err), '\n') - pd_buf_cstr(&r.err) + 1, (long)r.err.len,
                 "one line: %s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);

    /* init never spills a repository among someone's files */
    snprintf(path, sizeof(path), "%s/notes.txt", root);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("mine\n", f);
    fclose(f);
    RUN(&r, "init", root);
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "not empty"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    snprintf(path, sizeof(path), "%s/HEAD", root);
    cr_assert_eq(access(path, F_OK), -1, "init wrote into a non-empty directory");

    /* the site directory is the user's input too */
    snprintf(path, sizeof(path), "%s/notes.txt", root);
    RUN(&r, "-C", store, "report", "--html", path);
    must(&r, 2);
    pd_test_run_dispose(&r);
    snprintf(path, sizeof(path), "%s/no/such/site", root);
    RUN(&r, "-C", store, "report", "--html", path);
    must(&r, 2);
    pd_test_run_dispose(&r);
    free(a);
}

/* --until names a whole period: the day, month or year it gives. */
Test(cli, log_until_includes_the_whole_day_or_year)
{
    pd_test_run_result r;
    char *a = fixture("store/fixtures/a.md"), *b = fixture("store/fixtures/b.md"),
         *c = fixture("store/fixtures/c.md");
    init_with_allbuy();
    RUN(&r, "-C", store, "record", "allbuy", a, "--date", "2021-06-30T18:30:00Z");
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "record", "allbuy", b, "--date", "2021-12-31T23:00:00Z");
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "record", "allbuy", c, "--date", "2022-01-01T00:00:00Z");
    must(&r, 0);
    pd_test_run_dispose(&r);
    static const struct {
        const char *until;
        int lines;
    } cases[] = {{"2021-06-29", 0}, {"2021-06-30", 1},       {"20210630", 1}, {"202106", 1},
                 {"2021", 2},       {"2021-12-31T22:59", 1}, {"2022", 3},     {"2021-06", 1},
                 {"2021-05", 0},    {"2021-12", 2},          {"202201", 3}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        RUN(&r, "-C", store, "log", "allbuy", "--until", cases[i].until);
        must(&r, 0);
        int lines = 0;
        for (const char *p = pd_buf_cstr(&r.out); *p; p++)
            lines += *p == '\n';
        cr_assert_eq(lines, cases[i].lines, "--until %s: %s", cases[i].until, pd_buf_cstr(&r.out));
        pd_test_run_dispose(&r);
    }
    /* YYYY-MM is the whole month as --since too */
    RUN(&r, "-C", store, "log", "allbuy", "--since", "2021-12");
    must(&r, 0);
    cr_assert(!strstr(pd_buf_cstr(&r.out), "2021-06-30") &&
                  strstr(pd_buf_cstr(&r.out), "2021-12-31T23:00:00Z"),
              "%s", pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "show", "allbuy", "--at", "2021-12");
    must(&r, 0);
    pd_test_run_dispose(&r);
    /* an odd number of digits could mean two times: refused, saying why */
    static const char *const bad[] = {"20216", "201901151", "2021123", "2019-13", "2019-1"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        RUN(&r, "-C", store, "log", "--since", bad[i]);
        must(&r, 2);
        cr_assert(strstr(pd_buf_cstr(&r.err), "4, 6, 8, 10, 12 or 14 digits"), "%s: %s", bad[i],
                  pd_buf_cstr(&r.err));
        pd_test_run_dispose(&r);
    }
    RUN(&r, "-C", store, "record", "allbuy", c, "--date", "20216");
    must(&r, 2);
    pd_test_run_dispose(&r);
    free(a);
    free(b);
    free(c);
}

/* Runs a shell command line; returns its output (stdout and stderr). */
static char *sh(const char *cmd)
{
    char line[8192], buf[4096];
    pd_buf out = PD_BUF_INIT;
    size_t n;
    FILE *f;
    snprintf(line, sizeof(line), "%s 2>&1", cmd);
    f = popen(line, "r");
    cr_assert_not_null(f);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        pd_buf_put(&out, buf, n);
    pclose(f);
    pd_buf_puts(&out, "");
    return pd_buf_detach(&out);
}

static int is_dir(const char *base, const char *rel)
{
    char p[4096];
    struct stat st;
    snprintf(p, sizeof(p), "%.3000s/%.100s", base, rel);
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The GitHub Actions recipe: a store committed into an outer git repository
 * comes back from a clone without its empty directories (git keeps files
 * only).  It opens, and every command works on it. */
Test(cli, store_committed_into_a_repository_and_cloned_opens)
{
    pd_test_run_result r;
    char cmd[8192], clone[4096], fresh[4096], *out;
    char *v1 = fixture("store/fixtures/v1.html"), *v2 = fixture("store/fixtures/v2.html");
    init_with_allbuy();
    RUN(&r, "-C", store, "record", "allbuy", v1, "--date", "2021-06-30");
    must(&r, 0);
    pd_test_run_dispose(&r);
    /* a second store with no version yet: no objects/ and no refs/ at all */
    snprintf(fresh, sizeof(fresh), "%.3000s/fresh", root);
    RUN(&r, "init", fresh);
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", fresh, "add", "shop", "https://shop.example/privacy");
    must(&r, 0);
    pd_test_run_dispose(&r);
    snprintf(cmd, sizeof(cmd),
             "cd '%.3000s' && git init -q . && git add store fresh && git -c user.name=t "
             "-c user.email=t@example.org commit -qm stores && git clone -q . cloned && echo ok",
             root);
    out = sh(cmd);
    cr_assert(strstr(out, "ok"), "%s", out);
    free(out);

    snprintf(clone, sizeof(clone), "%.3000s/cloned/store", root);
    cr_assert(!is_dir(clone, "refs/tags") && !is_dir(clone, "objects/pack"),
              "the clone should lack the empty directories");
    RUN(&r, "-C", clone, "list");
    must(&r, 0);
    cr_assert_str_eq(pd_buf_cstr(&r.out), "allbuy\thttps://www.allbuy.com/policy\n");
    pd_test_run_dispose(&r);
    RUN(&r, "-C", clone, "log");
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "2021-06-30T00:00:00Z\tallbuy"), "%s",
              pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", clone, "record", "allbuy", v2, "--date", "2021-08-01");
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "new version"), "%s", pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    cr_assert(is_dir(clone, "refs/tags") && is_dir(clone, "objects/pack"));
    snprintf(cmd, sizeof(cmd),
             "git -C '%.3000s' fsck --strict && git -C '%.3000s' log --format=%%s main", clone,
             clone);
    out = sh(cmd);
    cr_assert(strstr(out, "allbuy: first version"), "%s", out);
    free(out);

    snprintf(clone, sizeof(clone), "%.3000s/cloned/fresh", root);
    cr_assert(!is_dir(clone, "objects") && !is_dir(clone, "refs"),
              "the clone of a store without versions has no objects/ or refs/");
    RUN(&r, "-C", clone, "list");
    must(&r, 0);
    cr_assert_str_eq(pd_buf_cstr(&r.out), "shop\thttps://shop.example/privacy\n");
    pd_test_run_dispose(&r);
    RUN(&r, "-C", clone, "record", "shop", v1, "--date", "2021-06-30");
    must(&r, 0);
    pd_test_run_dispose(&r);

    /* a directory that merely holds a policies.conf is still no store */
    snprintf(clone, sizeof(clone), "%.3000s/cloned/notastore", root);
    cr_assert_eq(mkdir(clone, 0777), 0);
    snprintf(cmd, sizeof(cmd), "cp '%.3000s/policies.conf' '%.3000s/'", fresh, clone);
    free(sh(cmd));
    RUN(&r, "-C", clone, "list");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "no policydiff store"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    cr_assert(!is_dir(clone, "objects"), "nothing is created in a directory that is no store");
    free(v1);
    free(v2);
}

/* --recipe takes one document's declaration: a service declaration (what
 * import-ota takes) or any other JSON is refused with exit 2 and one line
 * saying what to give, instead of an automatic extraction or an empty
 * recipe. */
Test(cli, recipe_that_is_not_a_document_declaration_is_refused)
{
    pd_test_run_result r;
    char other[4096], *conf_before, *conf_after;
    char *svc = fixture("store/fixtures/service.json"),
         *doc = fixture("store/fixtures/document.json"), *v1 = fixture("store/fixtures/v1.html");
    FILE *f;
    init_with_allbuy();
    snprintf(other, sizeof(other), "%.3000s/foo.json", root);
    f = fopen(other, "w");
    cr_assert_not_null(f);
    fputs("{\"foo\": 1}\n", f);
    fclose(f);
    conf_before = git("cat policies.conf");
    const char *files[] = {svc, other};
    for (size_t i = 0; i < 2; i++) {
        RUN(&r, "normalize", "--recipe", files[i], v1);
        must(&r, 2);
        cr_assert_str_eq(pd_buf_cstr(&r.out), "", "nothing normalized");
        cr_assert(strstr(pd_buf_cstr(&r.err), "--recipe"), "%s", pd_buf_cstr(&r.err));
        cr_assert(strstr(pd_buf_cstr(&r.err), i == 0 ? "import-ota" : "\"fetch\""), "%s",
                  pd_buf_cstr(&r.err));
        cr_assert_eq(strchr(pd_buf_cstr(&r.err), '\n') - pd_buf_cstr(&r.err) + 1, (long)r.err.len,
                     "one line: %s", pd_buf_cstr(&r.err));
        pd_test_run_dispose(&r);
        RUN(&r, "-C", store, "add", "shop", "https://shop.example/privacy", "--recipe", files[i]);
        must(&r, 2);
        cr_assert(strstr(pd_buf_cstr(&r.err), i == 0 ? "import-ota" : "\"fetch\""), "%s",
                  pd_buf_cstr(&r.err));
        pd_test_run_dispose(&r);
    }
    conf_after = git("cat policies.conf");
    cr_assert_str_eq(conf_after, conf_before, "a refused add leaves policies.conf alone");
    /* one document's declaration is what --recipe takes */
    RUN(&r, "-C", store, "add", "gh", "https://docs.github.com/privacy", "--recipe", doc);
    must(&r, 0);
    pd_test_run_dispose(&r);
    free(conf_after);
    conf_after = git("config -f policies.conf policy.gh.select");
    cr_assert_str_eq(conf_after, "#article-contents\n");
    free(conf_after);
    free(conf_before);
    free(svc);
    free(doc);
    free(v1);
}

static char *read_conf(const char *path)
{
    pd_buf b = PD_BUF_INIT;
    cr_assert_eq(pd_buf_read_file(&b, path, 0), 0, "cannot read %s", path);
    return pd_buf_detach(&b);
}

/* remove takes the whole [policy "NAME"] section away (its header, keys
 * policydiff does not know, comments written under it), so nothing typed
 * later can attach to it; the other sections and their comments stay. */
Test(cli, remove_drops_the_whole_section)
{
    pd_test_run_result r;
    char path[4096], *conf, *v;
    FILE *f;
    init_with_allbuy();
    snprintf(path, sizeof(path), "%.3000s/policies.conf", store);
    RUN(&r, "-C", store, "add", "shop", "https://shop.example/privacy", "--select", "main");
    must(&r, 0);
    pd_test_run_dispose(&r);
    f = fopen(path, "a");
    cr_assert_not_null(f);
    fputs("\tremvoe = .sidebar\n"
          "\t# the shop's sidebar changes daily\n"
          "\n"
          "# watched for the press team\n"
          "[policy \"zeta\"]\n"
          "\turl = https://zeta.example/privacy\n",
          f);
    fclose(f);
    RUN(&r, "-C", store, "remove", "shop");
    must(&r, 0);
    pd_test_run_dispose(&r);
    conf = read_conf(path);
    cr_assert_null(strstr(conf, "shop"), "%s", conf);
    cr_assert_null(strstr(conf, "remvoe"), "%s", conf);
    cr_assert_null(strstr(conf, "sidebar changes"), "%s", conf);
    cr_assert(strstr(conf, "# watched for the press team\n[policy \"zeta\"]"), "%s", conf);
    cr_assert(strstr(conf, "[policy \"allbuy\"]"), "%s", conf);
    free(conf);
    RUN(&r, "-C", store, "list");
    must(&r, 0);
    cr_assert_str_eq(pd_buf_cstr(&r.out), "allbuy\thttps://www.allbuy.com/policy\n"
                                          "zeta\thttps://zeta.example/privacy\n");
    cr_assert_str_eq(pd_buf_cstr(&r.err), "");
    pd_test_run_dispose(&r);

    /* the last section too: a line appended by hand then belongs to zeta's
     * predecessor, never to a policy that is gone */
    RUN(&r, "-C", store, "remove", "zeta");
    must(&r, 0);
    pd_test_run_dispose(&r);
    conf = read_conf(path);
    cr_assert_null(strstr(conf, "zeta"), "%s", conf);
    free(conf);
    RUN(&r, "-C", store, "add", "shop", "https://shop.example/v2");
    must(&r, 0);
    pd_test_run_dispose(&r);
    v = git("config -f policies.conf --get-regexp '^policy[.]shop[.]'");
    cr_assert_str_eq(v, "policy.shop.url https://shop.example/v2\n", "a fresh section: %s", v);
    free(v);
    RUN(&r, "-C", store, "remove", "allbuy");
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "remove", "shop");
    must(&r, 0);
    pd_test_run_dispose(&r);
    conf = read_conf(path);
    cr_assert_null(strstr(conf, "[policy"), "no section left: %s", conf);
    cr_assert(strstr(conf, "# policydiff: the watched policies"), "the header stays: %s", conf);
    free(conf);
}

/* An error says what to do next: a missing file, to check the path; a
 * reversed range in log is refused as diff refuses it, not an empty list. */
Test(cli, errors_say_what_to_do)
{
    pd_test_run_result r;
    char missing[4096];
    char *a = fixture("store/fixtures/a.md");
    init_with_allbuy();
    snprintf(missing, sizeof(missing), "%.3000s/nope.html", root);
    const char *const runs[][8] = {
        {"normalize", missing, NULL},
        {"diff", missing, a, NULL},
        {"diff", a, missing, NULL},
        {"-C", store, "record", "allbuy", missing, NULL},
        {"normalize", "--recipe", missing, a, NULL},
        {"-C", store, "import-ota", missing, NULL},
    };
    for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
        pd_test_run(&r, NULL, runs[i]);
        must(&r, 2);
        cr_assert(strstr(pd_buf_cstr(&r.err), "No such file or directory; check the path"),
                  "%s: %s", runs[i][0], pd_buf_cstr(&r.err));
        cr_assert_eq(strchr(pd_buf_cstr(&r.err), '\n') - pd_buf_cstr(&r.err) + 1, (long)r.err.len,
                     "one line: %s", pd_buf_cstr(&r.err));
        pd_test_run_dispose(&r);
    }
    RUN(&r, "-C", store, "log", "--since", "2019", "--until", "2018");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "--since 2019 is after --until 2018; swap them"), "%s",
              pd_buf_cstr(&r.err));
    cr_assert_str_eq(pd_buf_cstr(&r.out), "");
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "log", "allbuy", "--since", "2021-06-30T12:00", "--until", "2021-06-30");
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "log", "--since", "2019", "--until", "2019");
    must(&r, 0);
    pd_test_run_dispose(&r);
    free(a);
}

/* Lost objects/ and refs/ in a store that recorded versions are damage
 * (exit 5), not an empty store; files that merely have a store's names do
 * not get git directories. */
Test(cli, lost_git_directories_are_damage_and_look_alikes_stay_untouched)
{
    pd_test_run_result r;
    char cmd[8192], fake[4096], *out;
    char *v1 = fixture("store/fixtures/v1.html");
    init_with_allbuy();
    RUN(&r, "-C", store, "record", "allbuy", v1, "--date", "2021-06-30");
    must(&r, 0);
    pd_test_run_dispose(&r);
    snprintf(cmd, sizeof(cmd), "rm -rf '%.3000s/objects' '%.3000s/refs' && echo ok", store, store);
    out = sh(cmd);
    cr_assert(strstr(out, "ok"), "%s", out);
    free(out);
    RUN(&r, "-C", store, "log");
    must(&r, 5);
    cr_assert(strstr(r.err.ptr, "damaged"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "record", "allbuy", v1, "--date", "2021-07-30");
    must(&r, 5);
    pd_test_run_dispose(&r);

    snprintf(fake, sizeof(fake), "%.3000s/fake", root);
    snprintf(cmd, sizeof(cmd),
             "cd '%.3000s' && mkdir fake && echo hello > fake/HEAD && echo x=1 > fake/config && "
             "echo '# c' > fake/policies.conf && echo ok",
             root);
    out = sh(cmd);
    cr_assert(strstr(out, "ok"), "%s", out);
    free(out);
    RUN(&r, "-C", fake, "list");
    must(&r, 2);
    pd_test_run_dispose(&r);
    cr_assert(!is_dir(fake, "objects") && !is_dir(fake, "refs"));
    free(v1);
}

/* rebuild derives every raw capture again with today's recipe: a recipe
 * that now keeps only the policy's article drops the noise versions. */
Test(cli, rebuild_derives_versions_again_from_the_raw_captures)
{
    pd_test_run_result r;
    char a[4200], b[4200], c[4200];
    FILE *f;
    RUN(&r, "init", store);
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "add", "shop", "https://shop.example/privacy", "--select", "body");
    must(&r, 0);
    pd_test_run_dispose(&r);
    snprintf(a, sizeof(a), "%s/a.html", root);
    snprintf(b, sizeof(b), "%s/b.html", root);
    snprintf(c, sizeof(c), "%s/c.html", root);
    /* the banner changes at every capture; the policy once */
    const char *pages[3][2] = {{a, "Sale today"}, {b, "Sale tomorrow"}, {c, "Sale ended"}};
    for (int i = 0; i < 3; i++) {
        cr_assert_not_null(f = fopen(pages[i][0], "w"));
        fprintf(f,
                "<html><body><div id=banner><p>%s: everything must go.</p></div>"
                "<article><h1>Privacy</h1><p>We collect your email address to send "
                "receipts.</p><p>%s</p></article></body></html>\n",
                pages[i][1], i < 2 ? "We never sell it." : "We may sell it to partners.");
        fclose(f);
    }
    const char *dates[] = {"2022-01-01", "2022-02-01", "2022-03-01"};
    for (int i = 0; i < 3; i++) {
        RUN(&r, "-C", store, "record", "shop", pages[i][0], "--date", dates[i]);
        must(&r, 0);
        pd_test_run_dispose(&r);
    }
    char *n = git("rev-list --count versions/shop");
    cr_assert_str_eq(n, "3\n", "the banner made every capture a version");
    free(n);
    free(git("config -f policies.conf policy.shop.select article"));
    RUN(&r, "-C", store, "rebuild", "--dry-run");
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "shop: 3 captures derived again (3 texts changed, 0 "
                                          "refused); versions: 2 added, 3 removed, 0 unchanged"),
              "%s", pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    n = git("rev-list --count versions/shop");
    cr_assert_str_eq(n, "3\n", "a dry run writes nothing");
    free(n);
    /* pushed: refused without --force, nothing written */
    free(git("update-ref refs/remotes/origin/versions/shop versions/shop"));
    char *before = git("rev-parse versions/shop captures/shop");
    RUN(&r, "-C", store, "rebuild", "shop");
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "--force"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    char *after = git("rev-parse versions/shop captures/shop");
    cr_assert_str_eq(before, after);
    free(before);
    free(after);
    RUN(&r, "-C", store, "rebuild", "shop", "--force");
    must(&r, 0);
    pd_test_run_dispose(&r);
    n = git("rev-list --count versions/shop");
    cr_assert_str_eq(n, "2\n", "only the real change is left");
    free(n);
    RUN(&r, "-C", store, "show", "shop", "--at", "2022-02-15");
    must(&r, 0);
    cr_assert(!strstr(pd_buf_cstr(&r.out), "Sale"), "%s", pd_buf_cstr(&r.out));
    cr_assert(strstr(pd_buf_cstr(&r.out), "We never sell it."), "%s", pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    /* a rebuild with nothing new changes nothing */
    RUN(&r, "-C", store, "rebuild");
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "0 added, 0 removed, 2 unchanged"), "%s",
              pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    char *fsck = git("fsck --strict && echo fsck-ok");
    cr_assert(strstr(fsck, "fsck-ok"), "%s", fsck);
    free(fsck);
}
