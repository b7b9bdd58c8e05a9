/* eval_changes - run clause pairs through the whole diff pipeline
 * (pd_diff_texts: align, then every classification pass) and print what a
 * user of `policydiff diff` would see for each, one line per pair.
 * scripts/eval_classify scores the lines against the development set.
 *
 * Usage: eval_changes [--weights FILE | --features] FILE.tsv
 *   --weights FILE  use these flag-model weights (scripts/train_flags
 *                   writes them per fold) instead of the built-in ones
 *   --features      print, instead, each change's model features under
 *                   the rules' flags: "id TAB change-index TAB feature..."
 *                   (scripts/train_flags trains on them; with the versions,
 *                   the document's feature too)
 * Input lines:  id TAB op TAB old TAB new       (\\, \t, \n escaped)
 *               [TAB old-version-file TAB new-version-file]: the whole
 *               versions the pair comes from, read as `diff` reads them:
 *               what the document is (pd_diff_privacy_permille, for the
 *               model) and what else it says (pd_diff_apply_versions)
 * Output lines: id TAB severity TAB impact TAB main-category TAB
 *               categories (comma list) TAB cosmetic (0/1: every change
 *               severity none) TAB exit (0/1: `diff` exit status with the
 *               default --fail-on low) TAB reasons (" | " between them)
 * The worst change of a pair gives its severity, impact and main category;
 * categories are the union over its changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/diff.h"
#include "classify/model.h"
#include "report/report.h"
#include "util/buf.h"
#include "util/error.h"

static const pd_flag_model *model;
static int features_mode;

/* Unescapes s in place (\\, \t, \n); returns s. */
static char *unescape(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (*r == '\\' && r[1]) {
            r++;
            *w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return s;
}

/* Prints text with tabs and newlines as spaces. */
static void put_flat(const char *s)
{
    for (; *s; s++)
        putchar(*s == '\t' || *s == '\n' ? ' ' : *s);
}

static void print_result(const char *id, const pd_diff *d)
{
    pd_diff_summary sum;
    const pd_change *worst = NULL;
    unsigned cats = 0;
    int cosmetic = 1;

    pd_diff_summarize(&sum, d);
    for (size_t i = 0; i < d->nchanges; i++) {
        const pd_change *c = &d->changes[i];
        pd_severity s = pd_change_severity(c);
        cats |= c->flags.categories;
        if (s != PD_SEV_NONE)
            cosmetic = 0;
        if (!worst || s > pd_change_severity(worst))
            worst = c;
    }
    printf("%s\t%s\t%s\t%s\t", id,
           pd_severity_name(worst ? pd_change_severity(worst) : PD_SEV_NONE),
           pd_impact_name(worst ? worst->flags.impact : PD_IMPACT_NEUTRAL),
           pd_category_name(worst ? pd_flags_primary(&worst->flags) : PD_CAT_OTHER));
    for (int b = 0, first = 1; b < PD_CAT_COUNT; b++)
        if (cats >> b & 1) {
            printf("%s%s", first ? "" : ",", pd_category_name(1u << b));
            first = 0;
        }
    printf("\t%d\t%d\t", cosmetic, sum.substantive && sum.worst >= PD_SEV_LOW);
    for (size_t i = 0, first = 1; i < d->nchanges; i++)
        for (size_t r = 0; r < d->changes[i].flags.nreasons; r++) {
            printf("%s", first ? "" : " | ");
            put_flat(d->changes[i].flags.reasons[r]);
            first = 0;
        }
    putchar('\n');
}

/* One line per clause change: its features under the rules' flags. */
static int print_features(const char *id, const pd_diff *d, const pd_flag_doc *doc)
{
    for (size_t i = 0; i < d->nchanges; i++) {
        const pd_change *c = &d->changes[i];
        pd_buf f = PD_BUF_INIT;
        int rc =
            pd_flag_features_in(&f, c->op, c->old_text, c->new_text, c->cosmetic, &c->flags, doc);
        if (rc)
            return rc;
        for (size_t k = 0; k < f.len; k++)
            if (f.ptr[k] == '\n')
                f.ptr[k] = '\t';
        printf("%s\t%zu\t%s\t%s\t%.*s\n", id, i, pd_severity_name(pd_change_severity(c)),
               pd_category_name(pd_flags_primary(&c->flags)), (int)f.len, pd_buf_cstr(&f));
        pd_buf_dispose(&f);
    }
    return 0;
}

/* Classifies one input line (modified in place); 0 or an exit status. */
static int run_line(char *line)
{
    char *field[6];
    size_t n = 0;
    for (char *p = line; n < 6; n++) {
        field[n] = p;
        p = strchr(p, '\t');
        if (!p)
            break;
        *p++ = '\0';
    }
    if (n < 3) {
        fprintf(stderr, "eval_changes: a line has %zu fields, not 4\n", n + 1);
        return 2;
    }
    char *nl = strchr(field[n < 6 ? n : 5], '\n');
    if (nl)
        *nl = '\0';
    pd_buf a = PD_BUF_INIT, b = PD_BUF_INIT;
    pd_diff *d = NULL;
    int rc = pd_buf_puts(&a, unescape(field[2]));
    rc = rc ? rc : pd_buf_puts(&a, "\n");
    rc = rc ? rc : pd_buf_puts(&b, unescape(field[3]));
    rc = rc ? rc : pd_buf_puts(&b, "\n");
    pd_align_options opts = PD_ALIGN_OPTIONS_INIT;
    pd_alignment *al = NULL;
    static const pd_flag_model none = {NULL, NULL, 0, NULL, NULL};
    rc = rc ? rc
            : pd_align_texts(&al, pd_buf_cstr(&a), a.len > 1 ? a.len : 0, pd_buf_cstr(&b),
                             b.len > 1 ? b.len : 0, &opts);
    /* the versions, when given: what the document is (the model reads
     * it) and what else it says (pd_diff_apply_versions) */
    pd_buf vo = PD_BUF_INIT, vn = PD_BUF_INIT;
    pd_flag_doc doc = {-1};
    int versions = n >= 5;
    if (versions &&
        (pd_buf_read_file(&vo, field[4], 1u << 26) || pd_buf_read_file(&vn, field[5], 1u << 26))) {
        fprintf(stderr, "eval_changes: %s: cannot read its versions\n", field[0]);
        versions = 0;
    }
    if (versions)
        doc.privacy_permille = pd_diff_privacy_permille(
            vn.len ? pd_buf_cstr(&vn) : pd_buf_cstr(&vo), vn.len ? vn.len : vo.len);
    rc = rc ? rc : pd_classify_diff_in(&d, al, features_mode ? &none : model, &doc);
    pd_alignment_free(al);
    if (!rc && !features_mode && versions)
        rc = pd_diff_apply_versions(d, pd_buf_cstr(&vo), vo.len, pd_buf_cstr(&vn), vn.len);
    pd_buf_dispose(&vo);
    pd_buf_dispose(&vn);
    if (!rc && features_mode)
        rc = print_features(field[0], d, &doc);
    else if (!rc)
        print_result(field[0], d);
    pd_diff_free(d);
    pd_buf_dispose(&a);
    pd_buf_dispose(&b);
    if (rc) {
        fprintf(stderr, "eval_changes: classification of %s failed\n", field[0]);
        return 5;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    pd_flag_model *loaded = NULL;
    model = pd_flag_model_builtin();
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--features")) {
            features_mode = 1;
        } else if (!strcmp(argv[i], "--weights") && i + 1 < argc) {
            pd_buf w = PD_BUF_INIT;
            if (pd_buf_read_file(&w, argv[++i], 64u << 20) ||
                pd_flag_model_parse(&loaded, pd_buf_cstr(&w), w.len)) {
                fprintf(stderr, "eval_changes: %s: %s\n", argv[i], pd_error_last());
                pd_buf_dispose(&w);
                return 2;
            }
            pd_buf_dispose(&w);
            model = loaded;
        } else {
            path = argv[i];
        }
    }
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f) {
        fprintf(stderr, "usage: eval_changes [--weights FILE | --features] FILE.tsv\n");
        pd_flag_model_free(loaded);
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    while (!rc && getline(&line, &cap, f) > 0)
        rc = run_line(line);
    free(line);
    fclose(f);
    pd_flag_model_free(loaded);
    return rc;
}
