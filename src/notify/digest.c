/* digest.c - the one text of a run's notification; see notify.h. */
#include "notify/notify.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* s cut to at most max bytes at a character boundary, with "…" when cut. */
static char *clip(const char *s, size_t max)
{
    size_t n = strlen(s);
    char *out;
    if (n <= max)
        return strdup(s);
    while (n > 0 && (n > max || ((unsigned char)s[n] & 0xC0) == 0x80))
        n--;
    if (!(out = malloc(n + 4)))
        return NULL;
    memcpy(out, s, n);
    memcpy(out + n, "\xe2\x80\xa6", 4);
    return out;
}

static int change_of(pd_notify_change *out, const pd_change *ch)
{
    const pd_flags *f = &ch->flags;
    const char *text = ch->op == PD_OP_REMOVED ? ch->old_text : ch->new_text;
    out->severity = strdup(pd_severity_name(pd_change_severity(ch)));
    out->section = strdup(ch->section ? ch->section : "");
    out->text = clip(text ? text : "", PD_NOTIFY_CLAUSE_MAX);
    PD_CHECK_ALLOC(out->severity && out->section && out->text ? out : NULL);
    if (f->nreasons && !(out->reasons = calloc(f->nreasons < 3 ? f->nreasons : 3, sizeof(char *))))
        return PD_ENOMEM_SET();
    for (size_t i = 0; i < f->nreasons && i < 3; i++) {
        PD_CHECK_ALLOC(out->reasons[i] = strdup(f->reasons[i]));
        out->nreasons++;
    }
    return 0;
}

/* One changed policy: its substantive changes, worst first, up to max. */
static int policy_of(pd_notify_policy *out, const pd_check_entry *e, size_t max)
{
    const pd_diff *d = e->diff;
    pd_diff_summary sum;
    pd_buf h = PD_BUF_INIT;
    int rc;

    pd_diff_summarize(&sum, d);
    out->worst = sum.worst;
    out->name = strdup(e->name);
    out->url = strdup(e->url ? e->url : "");
    if ((rc = pd_diff_headline(&h, d)))
        return rc;
    out->headline = pd_buf_detach(&h);
    PD_CHECK_ALLOC(out->name && out->url && out->headline ? out : NULL);
    out->changes = calloc(max + 1, sizeof(*out->changes));
    PD_CHECK_ALLOC(out->changes);
    for (int sev = PD_SEV_HIGH; sev >= PD_SEV_NONE; sev--)
        for (size_t i = 0; i < d->nchanges; i++) {
            if (d->changes[i].cosmetic || (int)pd_change_severity(&d->changes[i]) != sev)
                continue;
            if (out->nchanges == max) {
                out->more++;
                continue;
            }
            if ((rc = change_of(&out->changes[out->nchanges++], &d->changes[i])))
                return rc;
        }
    return 0;
}

static int is_problem(const pd_check_entry *e)
{
    return e->status && (!strcmp(e->status, "failed") || !strcmp(e->status, "suspicious"));
}

int pd_notify_wanted(const pd_check_entry *e, size_t n, int on, int failures)
{
    for (size_t i = 0; i < n; i++) {
        if (failures && is_problem(&e[i]))
            return 1;
        if (pd_check_entry_changed(&e[i])) {
            pd_diff_summary sum;
            pd_diff_summarize(&sum, e[i].diff);
            if (on <= PD_SEV_NONE || (sum.substantive && (int)sum.worst >= on))
                return 1;
        }
    }
    return 0;
}

/* One policy that could not be checked: its name, URL, what and why. */
static int problem_of(pd_notify_problem *out, const pd_check_entry *e)
{
    out->name = strdup(e->name);
    out->url = strdup(e->url ? e->url : "");
    out->status = !strcmp(e->status, "failed") ? "failed" : "refused";
    out->reason = clip(e->reason ? e->reason : "", PD_NOTIFY_REASON_MAX);
    PD_CHECK_ALLOC(out->name && out->url && out->reason ? out : NULL);
    for (char *c = out->reason; *c; c++)
        if (*c == '\n' || *c == '\r' || *c == '\t')
            *c = ' '; /* one line: it sits in a list item */
    return 0;
}

/* The run's headline: what changed, then what could not be checked. */
static int headline_of(pd_buf *h, const pd_notify_digest *d)
{
    pd_buf_puts(h, "policydiff: ");
    if (d->npolicies == 1)
        pd_buf_printf(h, "%s changed, worst severity %s", d->policies[0].name,
                      pd_severity_name(d->worst));
    else if (d->npolicies || !d->nproblems)
        pd_buf_printf(h, "%zu policies changed, worst severity %s", d->npolicies,
                      pd_severity_name(d->worst));
    if (d->nproblems && d->npolicies)
        pd_buf_printf(h, "; %zu could not be checked", d->nproblems);
    else if (d->nproblems == 1)
        pd_buf_printf(h, "%s could not be checked", d->problems[0].name);
    else if (d->nproblems)
        pd_buf_printf(h, "%zu policies could not be checked", d->nproblems);
    return pd_buf_error(h);
}

int pd_notify_digest_build(pd_notify_digest *out, const pd_check_entry *e, size_t n,
                           size_t max_changes, const char *report_url, int failures)
{
    pd_buf h = PD_BUF_INIT;
    int rc = 0;

    memset(out, 0, sizeof(*out));
    out->report_url = report_url;
    if (n && (!(out->policies = calloc(n, sizeof(*out->policies))) ||
              !(out->problems = calloc(n, sizeof(*out->problems))))) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (failures && is_problem(&e[i])) {
            if ((rc = problem_of(&out->problems[out->nproblems++], &e[i])))
                goto out;
            continue;
        }
        if (!pd_check_entry_changed(&e[i]))
            continue;
        if ((rc =
                 policy_of(&out->policies[out->npolicies++], &e[i], max_changes ? max_changes : 5)))
            goto out;
        if (out->policies[out->npolicies - 1].worst > out->worst)
            out->worst = out->policies[out->npolicies - 1].worst;
    }
    if (!(rc = headline_of(&h, out)) && !(out->headline = pd_buf_detach(&h)))
        rc = PD_ENOMEM_SET();
out:
    pd_buf_dispose(&h);
    if (rc)
        pd_notify_digest_dispose(out);
    return rc;
}

void pd_notify_digest_dispose(pd_notify_digest *d)
{
    for (size_t i = 0; i < d->npolicies; i++) {
        pd_notify_policy *p = &d->policies[i];
        for (size_t k = 0; k < p->nchanges; k++) {
            free(p->changes[k].severity);
            free(p->changes[k].section);
            free(p->changes[k].text);
            for (size_t r = 0; r < p->changes[k].nreasons; r++)
                free(p->changes[k].reasons[r]);
            free(p->changes[k].reasons);
        }
        free(p->changes);
        free(p->name);
        free(p->url);
        free(p->headline);
    }
    for (size_t i = 0; i < d->nproblems; i++) {
        free(d->problems[i].name);
        free(d->problems[i].url);
        free(d->problems[i].reason);
    }
    free(d->policies);
    free(d->problems);
    free(d->headline);
    memset(d, 0, sizeof(*d));
}
