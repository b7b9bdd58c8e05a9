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

int pd_notify_digest_build(pd_notify_digest *out, const pd_check_entry *e, size_t n,
                           size_t max_changes, const char *report_url)
{
    pd_buf h = PD_BUF_INIT;
    int rc = 0;

    memset(out, 0, sizeof(*out));
    out->report_url = report_url;
    if (n && !(out->policies = calloc(n, sizeof(*out->policies))))
        return PD_ENOMEM_SET();
    for (size_t i = 0; i < n; i++) {
        if (!pd_check_entry_changed(&e[i]))
            continue;
        if ((rc =
                 policy_of(&out->policies[out->npolicies++], &e[i], max_changes ? max_changes : 5)))
            goto out;
        if (out->policies[out->npolicies - 1].worst > out->worst)
            out->worst = out->policies[out->npolicies - 1].worst;
    }
    if (out->npolicies == 1)
        rc = pd_buf_printf(&h, "policydiff: %s changed, worst severity %s", out->policies[0].name,
                           pd_severity_name(out->worst));
    else
        rc = pd_buf_printf(&h, "policydiff: %zu policies changed, worst severity %s",
                           out->npolicies, pd_severity_name(out->worst));
    if (!rc && !(out->headline = pd_buf_detach(&h)))
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
    free(d->policies);
    free(d->headline);
    memset(d, 0, sizeof(*d));
}
