/* classify.c - flag one clause change: read the old and new clause into
 * profiles (rules.c), compare them, and turn every material difference
 * into a reason with its category, severity and impact.
 *
 * Severity scale (see tests/classify/fixtures/README.md for the rubric the
 * labelled set follows):
 *   high    a protection lost: a negation removed from collecting, using,
 *           sharing, selling, retaining, tracking or training; sale; a right
 *           removed; retention three times longer or indefinite; a new
 *           sensitive data type collected, shared or sold; AI trained on
 *           users' content
 *   medium  new data types, recipients, tracking, transfers, AI use, change
 *           notices, safeguards, age thresholds (issue 14's guidelines); and
 *           every gain (better is capped at medium)
 *   low     wording changed in a category without a material effect;
 *           contact details
 *   none    cosmetic
 * Impact follows the most severe reasons: worse, better, or unclear when
 * they disagree; neutral for low changes. */
#include "classify/reasons.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Adds a reason; returns it, or NULL when it was already there or no room. */
__attribute__((format(printf, 5, 6))) static reason *add(reasons *R, unsigned cat, pd_severity sev,
                                                         pd_impact imp, const char *fmt, ...)
{
    if (R->n == sizeof(R->r) / sizeof(R->r[0]) || sev == PD_SEV_NONE)
        return NULL;
    reason *r = &R->r[R->n];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->text, sizeof(r->text), fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < R->n; i++)
        if (strcmp(R->r[i].text, r->text) == 0)
            return NULL;
    r->cat = cat;
    r->sev = sev;
    r->imp = imp;
    r->ord = (int)R->n;
    r->key = KY_NONE;
    r->id = 0;
    r->loss = 0;
    R->n++;
    return r;
}

/* Says what reason r (may be NULL) is about. */
static void about(reason *r, int key, size_t id, int loss)
{
    if (!r)
        return;
    r->key = (uint8_t)key;
    r->id = (uint8_t)id;
    r->loss = (uint8_t)loss;
}

/* Severity of a practice newly stated (affirmed) in a clause. */
static pd_severity new_practice_sev(int k)
{
    switch (k) {
    case PD_K_SELL:
        return PD_SEV_HIGH;
    case PD_K_COLLECT:
    case PD_K_SHARE:
    case PD_K_TRACK:
    case PD_K_TRAIN:
        return PD_SEV_MEDIUM;
    case PD_K_USE:
        return PD_SEV_LOW;
    default:
        return PD_SEV_NONE;
    }
}

/* Whether a clause names sensitive data (health, biometrics, precise
 * location, ...), stated or excluded. */
static int names_sensitive(const pd_cl_profile *p)
{
    for (size_t i = 0; i < pd_cl_ndata; i++)
        if (pd_cl_data_names[i].weight >= 3 && ((p->data_aff | p->data_neg) >> i & 1))
            return 1;
    return 0;
}

/* The category a clause's data and recipients belong to: its main practice. */
static unsigned practice_cat(const pd_cl_profile *p)
{
    static const int order[] = {PD_K_SELL,  PD_K_SHARE, PD_K_COLLECT, PD_K_TRAIN,
                                PD_K_TRACK, PD_K_USE,   PD_K_RETAIN};
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
        if (p->stance[order[i]] != PD_ST_ABSENT)
            return p->kcat[order[i]];
    return PD_CAT_COLLECTION;
}

static int any_affirmed(const pd_cl_profile *p)
{
    for (int k = 0; k < PD_K_COUNT; k++)
        if (p->stance[k] == PD_ST_AFFIRMED && !PD_K_PROTECTIVE(k))
            return 1;
    return 0;
}

static void compare_practices(reasons *R, const pd_cl_profile *o, const pd_cl_profile *n, pd_op op)
{
    for (int k = 0; k < PD_K_COUNT; k++) {
        int so = o->stance[k], sn = n->stance[k];
        /* AI use stated on both sides, but training on the users' data
         * only in the new one ("automated systems and inferences" ->
         * "train artificial intelligence (AI) models"), is that training
         * added; not where the old one named it in other words ("your
         * posts may be used to train ...") */
        int trains_now = k == PD_K_TRAIN && so == PD_ST_AFFIRMED && sn == PD_ST_AFFIRMED &&
                         n->train_content && !o->train_named;
        if (so == sn && so != PD_ST_NEGATED_EXC && !trains_now &&
            !(so == PD_ST_AFFIRMED && (o->negated_any >> k & 1) != (n->negated_any >> k & 1)))
            continue;
        unsigned cat = sn ? n->kcat[k] : o->kcat[k];
        const char *name = pd_cl_kind_names[k];
        if (PD_K_PROTECTIVE(k)) {
            if (so == PD_ST_AFFIRMED && pd_cl_negated(sn))
                add(R, cat, PD_SEV_MEDIUM, PD_IMPACT_WORSE, "negation added: \"%s\" -> \"%s\"",
                    o->phrase[k], n->phrase[k]);
            else if (pd_cl_negated(so) && sn == PD_ST_AFFIRMED)
                add(R, cat, PD_SEV_MEDIUM, PD_IMPACT_BETTER, "negation removed: \"%s\" -> \"%s\"",
                    o->phrase[k], n->phrase[k]);
            else if (so == PD_ST_ABSENT && sn == PD_ST_AFFIRMED)
                about(add(R, cat, PD_SEV_LOW, PD_IMPACT_BETTER, "new commitment: \"%s\"",
                          n->phrase[k]),
                      KY_AFF_COMMIT, (size_t)k, 0);
            else if (so == PD_ST_AFFIRMED && sn == PD_ST_ABSENT)
                about(add(R, cat, PD_SEV_MEDIUM, PD_IMPACT_WORSE, "commitment removed: \"%s\"",
                          o->phrase[k]),
                      KY_AFF_COMMIT, (size_t)k, 1);
            continue;
        }
        if (so == PD_ST_AFFIRMED && sn == PD_ST_AFFIRMED &&
            (o->negated_any >> k & 1) != (n->negated_any >> k & 1)) {
            /* affirmed on both sides, but a "do not" beside it came or went */
            if (o->negated_any >> k & 1)
                add(R, cat, PD_SEV_HIGH, PD_IMPACT_WORSE, "negation removed: \"%s\" -> \"%s\"",
                    o->neg_phrase[k], n->phrase[k]);
            else
                add(R, cat, PD_SEV_MEDIUM, PD_IMPACT_BETTER, "negation added: \"%s\" -> \"%s\"",
                    o->phrase[k], n->neg_phrase[k]);
        } else if (pd_cl_negated(so) && sn == PD_ST_AFFIRMED && k == PD_K_RETAIN && n->limited)
            /* "will not retain ... longer than necessary" -> "will only
             * retain ... as long as necessary": the same limit */
            add(R, cat, PD_SEV_LOW, PD_IMPACT_NEUTRAL, "retention limit restated: \"%s\" -> \"%s\"",
                o->phrase[k], n->phrase[k]);
        else if (pd_cl_negated(so) && sn == PD_ST_AFFIRMED)
            add(R, cat, PD_SEV_HIGH, PD_IMPACT_WORSE, "negation removed: \"%s\" -> \"%s\"",
                o->phrase[k], n->phrase[k]);
        else if (so == PD_ST_AFFIRMED && pd_cl_negated(sn))
            add(R, cat, PD_SEV_MEDIUM, PD_IMPACT_BETTER, "negation added: \"%s\" -> \"%s\"",
                o->phrase[k], n->phrase[k]);
        else if (so == PD_ST_NEGATED && sn == PD_ST_NEGATED_EXC)
            add(R, cat, k == PD_K_SELL ? PD_SEV_HIGH : PD_SEV_MEDIUM, PD_IMPACT_WORSE,
                "exception added: \"%s\" ... \"%s\"", n->phrase[k], n->exc[k]);
        else if (so == PD_ST_NEGATED_EXC && sn == PD_ST_NEGATED)
            add(R, cat, PD_SEV_MEDIUM, PD_IMPACT_BETTER, "exception removed: \"%s\" ... \"%s\"",
                o->phrase[k], o->exc[k]);
        else if (so == PD_ST_NEGATED_EXC && sn == PD_ST_NEGATED_EXC &&
                 strcmp(o->exc[k], n->exc[k]) != 0)
            add(R, cat, PD_SEV_LOW, PD_IMPACT_UNCLEAR, "exception reworded: \"%s\" -> \"%s\"",
                o->exc[k], n->exc[k]);
        else if (trains_now || (so == PD_ST_ABSENT && sn == PD_ST_AFFIRMED && k == PD_K_TRAIN &&
                                n->train_content && !o->train_content))
            about(add(R, cat, PD_SEV_HIGH, PD_IMPACT_WORSE, "AI training on your content: \"%s\"",
                      n->phrase[k]),
                  KY_TRAIN_CONTENT, (size_t)k, 0);
        else if (so == PD_ST_ABSENT && sn == PD_ST_AFFIRMED)
            about(add(R, cat, new_practice_sev(k), PD_IMPACT_WORSE, "new practice: %s", name),
                  KY_PRACTICE, (size_t)k, 0);
        else if (so == PD_ST_ABSENT && sn == PD_ST_NEGATED)
            about(add(R, cat, PD_SEV_LOW, PD_IMPACT_BETTER, "new commitment: \"%s\"", n->phrase[k]),
                  KY_NEG_COMMIT, (size_t)k, 0);
        else if (so == PD_ST_ABSENT && sn == PD_ST_NEGATED_EXC)
            about(add(R, cat, PD_SEV_LOW, PD_IMPACT_BETTER,
                      "new commitment with exceptions: \"%s\"", n->phrase[k]),
                  KY_NEG_COMMIT, (size_t)k, 0);
        else if (so == PD_ST_AFFIRMED && sn == PD_ST_ABSENT && op == PD_OP_REMOVED && !o->consent)
            /* text dropped does not stop a practice; what a clause
             * removed described is a narrower disclosure (low), but for
             * a sale or AI training, news if they stop (medium) */
            about(add(R, cat, k == PD_K_SELL || k == PD_K_TRAIN ? PD_SEV_MEDIUM : PD_SEV_LOW,
                      PD_IMPACT_BETTER, "practice removed: %s", name),
                  KY_PRACTICE, (size_t)k, 1);
        else if (so == PD_ST_NEGATED && sn == PD_ST_ABSENT)
            about(add(R, cat,
                      k == PD_K_SELL || k == PD_K_TRAIN || names_sensitive(o) ? PD_SEV_HIGH
                                                                              : PD_SEV_MEDIUM,
                      PD_IMPACT_WORSE, "commitment removed: \"%s\"", o->phrase[k]),
                  KY_NEG_COMMIT, (size_t)k, 1);
        else if (so == PD_ST_NEGATED_EXC && sn == PD_ST_ABSENT)
            about(add(R, cat, PD_SEV_MEDIUM, PD_IMPACT_WORSE, "commitment removed: \"%s\"",
                      o->phrase[k]),
                  KY_NEG_COMMIT, (size_t)k, 1);
    }
}

/* Data types gained, lost, excluded or no longer excluded. */
static void compare_data(reasons *R, const pd_cl_profile *o, const pd_cl_profile *n, pd_op op,
                         int keep_losses, unsigned ncat, unsigned ocat)
{
    uint64_t add_d = n->data_aff & ~o->data_aff, rem_d = o->data_aff & ~n->data_aff;
    for (size_t i = 0; i < pd_cl_ndata; i++) {
        const pd_cl_named *d = &pd_cl_data_names[i];
        if (add_d >> i & 1)
            about(add(R, ncat, d->weight >= 3 && n->strong ? PD_SEV_HIGH : PD_SEV_MEDIUM,
                      PD_IMPACT_WORSE, "new data type: %s", d->name),
                  KY_DATA, i, 0);
        if (keep_losses && (rem_d >> i & 1))
            /* one ordinary type dropped narrows the scope a little (low);
             * sensitive data gone, or one type swapped for another, is not */
            about(add(R, ocat, d->weight >= 3 || add_d ? PD_SEV_MEDIUM : PD_SEV_LOW,
                      PD_IMPACT_BETTER, "data type removed: %s", d->name),
                  KY_DATA, i, 1);
        if ((n->data_neg >> i & 1) && !(o->data_neg >> i & 1) && !(n->data_aff >> i & 1))
            add(R, ncat, PD_SEV_LOW, PD_IMPACT_BETTER, "data type excluded: %s", d->name);
        if (op == PD_OP_MODIFIED && (o->data_neg >> i & 1) && !(n->data_neg >> i & 1) &&
            !(n->data_aff >> i & 1))
            add(R, ocat, PD_SEV_MEDIUM, PD_IMPACT_WORSE, "data type no longer excluded: %s",
                d->name);
    }
}

/* Transfer destinations and transfer safeguards gained or lost. */
static void compare_transfers(reasons *R, const pd_cl_profile *o, const pd_cl_profile *n,
                              int keep_losses, pd_severity loss)
{
    for (size_t i = 0; i < pd_cl_nintl; i++) {
        const pd_cl_named *x = &pd_cl_intl_names[i];
        int gained = (n->intl_aff & ~o->intl_aff) >> i & 1;
        int lost = keep_losses && ((o->intl_aff & ~n->intl_aff) >> i & 1);
        if (x->weight == 1 && gained)
            about(add(R, PD_CAT_INTERNATIONAL, PD_SEV_MEDIUM, PD_IMPACT_WORSE,
                      "new transfer destination: %s", x->name),
                  KY_INTL, i, 0);
        if (x->weight == 1 && lost)
            about(add(R, PD_CAT_INTERNATIONAL, loss, PD_IMPACT_BETTER,
                      "transfer destination removed: %s", x->name),
                  KY_INTL, i, 1);
        if (x->weight == 2 && gained)
            about(add(R, PD_CAT_INTERNATIONAL, PD_SEV_MEDIUM, PD_IMPACT_BETTER,
                      "transfer safeguard added: %s", x->name),
                  KY_INTL, i, 0);
        if (x->weight == 2 && lost)
            about(add(R, PD_CAT_INTERNATIONAL, PD_SEV_MEDIUM, PD_IMPACT_WORSE,
                      "transfer safeguard removed: %s", x->name),
                  KY_INTL, i, 1);
    }
}

/* Rights added, removed, denied or limited, and opt-outs turned opt-ins. */
static void compare_rights(reasons *R, const pd_cl_profile *o, const pd_cl_profile *n)
{
    for (int i = 0; i < PD_R_COUNT; i++) {
        unsigned b = 1u << i;
        const char *name = pd_cl_right_names[i];
        /* an opt-out turned into an opt-in asks for consent first, and the
         * other way round stops asking: not a right gained or lost */
        if (i == PD_R_OPTOUT && (o->rights & b) && !(n->rights & b) && n->opt_in && !o->opt_in) {
            add(R, PD_CAT_USER_RIGHTS, PD_SEV_MEDIUM, PD_IMPACT_BETTER,
                "opt-out replaced by opt-in: consent asked first");
            continue;
        }
        if (i == PD_R_OPTOUT && !(o->rights & b) && (n->rights & b) && o->opt_in && !n->opt_in) {
            add(R, PD_CAT_USER_RIGHTS, PD_SEV_MEDIUM, PD_IMPACT_WORSE,
                "opt-in replaced by opt-out: consent no longer asked first");
            continue;
        }
        if ((o->rights & b) && !(n->rights & b))
            about(add(R, PD_CAT_USER_RIGHTS, PD_SEV_MEDIUM, PD_IMPACT_WORSE, "right removed: %s",
                      name),
                  KY_RIGHT, (size_t)i, 1);
        else if (!(o->rights & b) && (n->rights & b))
            about(add(R, PD_CAT_USER_RIGHTS, PD_SEV_LOW, PD_IMPACT_BETTER, "right added: %s", name),
                  KY_RIGHT, (size_t)i, 0);
        else if ((n->rights_denied & b) && !(o->rights_denied & b))
            add(R, PD_CAT_USER_RIGHTS, PD_SEV_MEDIUM, PD_IMPACT_WORSE, "right denied: %s", name);
        if ((o->rights & n->rights & b) && (n->rights_limited & b) && !(o->rights_limited & b))
            add(R, PD_CAT_USER_RIGHTS, PD_SEV_MEDIUM, PD_IMPACT_WORSE, "right limited: %s", name);
        if ((o->rights & n->rights & b) && !(n->rights_limited & b) && (o->rights_limited & b))
            add(R, PD_CAT_USER_RIGHTS, PD_SEV_MEDIUM, PD_IMPACT_BETTER,
                "right no longer limited: %s", name);
    }
}

static void compare_sets(reasons *R, const pd_cl_profile *o, const pd_cl_profile *n, pd_op op)
{
    /* a removed clause that gated a practice on consent protected the user:
     * what it described is not gone, only its safeguard */
    int keep_losses = op != PD_OP_ADDED && !(op == PD_OP_REMOVED && o->consent);
    /* a recipient, a source, a tracker or a place a reworded clause drops
     * narrows it (medium); dropped with the whole clause, it is what a
     * removed disclosure named, which the practice may outlive (low) */
    pd_severity loss = op == PD_OP_REMOVED ? PD_SEV_LOW : PD_SEV_MEDIUM;
    unsigned ncat = practice_cat(n), ocat = practice_cat(o);
    compare_data(R, o, n, op, keep_losses, ncat, ocat);
    unsigned rcat = n->stance[PD_K_SELL] == PD_ST_AFFIRMED && n->stance[PD_K_SHARE] == 0
                        ? PD_CAT_SALE
                        : PD_CAT_SHARING;
    for (size_t i = 0; i < pd_cl_nrecip; i++) {
        if ((n->recip_aff & ~o->recip_aff) >> i & 1)
            about(add(R, rcat, PD_SEV_MEDIUM, PD_IMPACT_WORSE, "new recipient: %s",
                      pd_cl_recip_names[i].name),
                  KY_RECIP, i, 0);
        if (keep_losses && ((o->recip_aff & ~n->recip_aff) >> i & 1))
            about(add(R, PD_CAT_SHARING, loss, PD_IMPACT_BETTER, "recipient removed: %s",
                      pd_cl_recip_names[i].name),
                  KY_RECIP, i, 1);
    }
    for (size_t i = 0; i < pd_cl_nrecip; i++) {
        if ((n->source_aff & ~o->source_aff) >> i & 1)
            about(add(R, PD_CAT_COLLECTION, PD_SEV_MEDIUM, PD_IMPACT_WORSE, "new data source: %s",
                      pd_cl_recip_names[i].name),
                  KY_SOURCE, i, 0);
        if (keep_losses && ((o->source_aff & ~n->source_aff) >> i & 1))
            about(add(R, PD_CAT_COLLECTION, loss, PD_IMPACT_BETTER, "data source removed: %s",
                      pd_cl_recip_names[i].name),
                  KY_SOURCE, i, 1);
    }
    for (size_t i = 0; i < pd_cl_ntracker; i++) {
        if ((n->track_aff & ~o->track_aff) >> i & 1)
            /* a cookie or a pixel more is a cookie-list addition (low);
             * cross-site tracking, fingerprinting, targeting are not */
            about(add(R, PD_CAT_TRACKING,
                      pd_cl_tracker_names[i].weight >= 2 ? PD_SEV_MEDIUM : PD_SEV_LOW,
                      PD_IMPACT_WORSE, "new tracking: %s", pd_cl_tracker_names[i].name),
                  KY_TRACK, i, 0);
        if (keep_losses && ((o->track_aff & ~n->track_aff) >> i & 1))
            about(add(R, PD_CAT_TRACKING, pd_cl_tracker_names[i].weight >= 2 ? PD_SEV_MEDIUM : loss,
                      PD_IMPACT_BETTER, "tracking removed: %s", pd_cl_tracker_names[i].name),
                  KY_TRACK, i, 1);
    }
    compare_transfers(R, o, n, keep_losses, loss);
    for (size_t i = 0; i < pd_cl_npurpose; i++) {
        if ((n->purpose_aff & ~o->purpose_aff) >> i & 1)
            about(add(R, ncat, PD_SEV_MEDIUM, PD_IMPACT_WORSE, "new purpose: %s",
                      pd_cl_purpose_names[i].name),
                  KY_PURPOSE, i, 0);
        if (keep_losses && ((o->purpose_aff & ~n->purpose_aff) >> i & 1))
            about(add(R, ocat, PD_SEV_LOW, PD_IMPACT_BETTER, "purpose removed: %s",
                      pd_cl_purpose_names[i].name),
                  KY_PURPOSE, i, 1);
    }
    if (op == PD_OP_MODIFIED && o->limited != n->limited && any_affirmed(o) && any_affirmed(n))
        add(R, ncat, PD_SEV_MEDIUM, n->limited ? PD_IMPACT_BETTER : PD_IMPACT_WORSE, "%s",
            n->limited ? "limitation added: \"only\"" : "limitation removed: \"only\"");
    for (size_t i = 0; i < pd_cl_nsecurity; i++) {
        if ((n->sec_aff & ~o->sec_aff) >> i & 1)
            about(add(R, PD_CAT_SECURITY, PD_SEV_MEDIUM, PD_IMPACT_BETTER,
                      "security measure added: %s", pd_cl_security_names[i].name),
                  KY_SEC, i, 0);
        if (keep_losses && ((o->sec_aff & ~n->sec_aff) >> i & 1))
            about(add(R, PD_CAT_SECURITY, PD_SEV_MEDIUM, PD_IMPACT_WORSE,
                      "security measure removed: %s", pd_cl_security_names[i].name),
                  KY_SEC, i, 1);
    }
    compare_rights(R, o, n);
}

static void compare_quantities(reasons *R, const pd_cl_profile *o, const pd_cl_profile *n, pd_op op)
{
    const pd_cl_qty *ro = &o->retention, *rn = &n->retention;
    if (ro->days >= 0 && rn->days >= 0) {
        if (rn->days > ro->days * 1.01)
            add(R, PD_CAT_RETENTION,
                rn->days >= PD_CL_INF || rn->days >= 3 * ro->days ? PD_SEV_HIGH : PD_SEV_MEDIUM,
                PD_IMPACT_WORSE, "retention period: %s -> %s", ro->text, rn->text);
        else if (rn->days < ro->days * 0.99)
            add(R, PD_CAT_RETENTION, PD_SEV_MEDIUM, PD_IMPACT_BETTER, "retention period: %s -> %s",
                ro->text, rn->text);
    } else if (ro->days >= 0 && ro->days < PD_CL_INF && op != PD_OP_ADDED) {
        add(R, PD_CAT_RETENTION, PD_SEV_MEDIUM, PD_IMPACT_WORSE, "retention limit removed: %s",
            ro->text);
    } else if (rn->days >= PD_CL_INF && op != PD_OP_REMOVED) {
        add(R, PD_CAT_RETENTION, PD_SEV_HIGH, PD_IMPACT_WORSE, "retention period: indefinite");
    } else if (rn->days >= 0 && op == PD_OP_MODIFIED) {
        add(R, PD_CAT_RETENTION, PD_SEV_MEDIUM, PD_IMPACT_BETTER, "retention limit added: %s",
            rn->text);
    }

    if (o->age >= 0 && n->age >= 0 && o->age != n->age)
        add(R, PD_CAT_CHILDREN, PD_SEV_MEDIUM, n->age < o->age ? PD_IMPACT_WORSE : PD_IMPACT_BETTER,
            "age threshold: %d -> %d", o->age, n->age);

    if (o->notify_good && !n->notify_good && op != PD_OP_ADDED)
        add(R, PD_CAT_POLICY_CHANGE, PD_SEV_MEDIUM, PD_IMPACT_WORSE, "%s",
            n->notify_bad ? "change notice removed: changes now without notice"
                          : "change notice removed");
    else if (!o->notify_good && n->notify_good)
        add(R, PD_CAT_POLICY_CHANGE, PD_SEV_MEDIUM, PD_IMPACT_BETTER, "change notice added");
    else if (n->notify_bad && !o->notify_bad)
        add(R, PD_CAT_POLICY_CHANGE, PD_SEV_MEDIUM, PD_IMPACT_WORSE, "changes without notice");
    if (n->accept_by_use && !o->accept_by_use)
        add(R, PD_CAT_POLICY_CHANGE, PD_SEV_LOW, PD_IMPACT_WORSE,
            "changes accepted by continued use");
    else if (o->accept_by_use && op == PD_OP_REMOVED) /* a rewording may drop "after changes" */
        add(R, PD_CAT_POLICY_CHANGE, PD_SEV_LOW, PD_IMPACT_BETTER,
            "acceptance by continued use removed");
    /* a clause added that requires a minimum age (13 or more: "you'll need
     * to be at least 18 to host a livestream") keeps children out */
    if (op == PD_OP_ADDED && n->age_rule && n->age >= 13)
        add(R, PD_CAT_CHILDREN, PD_SEV_LOW, PD_IMPACT_BETTER, "minimum age stated: %d", n->age);
    if (n->discretion && !o->discretion)
        add(R, PD_CAT_OTHER, PD_SEV_LOW, PD_IMPACT_WORSE, "left to the service's discretion");

    const pd_cl_qty *no = &o->notice, *nn = &n->notice;
    if (no->days >= 0 && nn->days >= 0 && no->days != nn->days)
        add(R, PD_CAT_POLICY_CHANGE, PD_SEV_MEDIUM,
            nn->days < no->days ? PD_IMPACT_WORSE : PD_IMPACT_BETTER, "notice period: %s -> %s",
            no->text, nn->text);

    if (op == PD_OP_REMOVED && o->consent)
        add(R, practice_cat(o), PD_SEV_MEDIUM, PD_IMPACT_WORSE, "consent requirement removed");
    if (any_affirmed(o) && any_affirmed(n) && o->consent != n->consent)
        add(R, practice_cat(n), PD_SEV_MEDIUM, n->consent ? PD_IMPACT_BETTER : PD_IMPACT_WORSE,
            "%s", n->consent ? "consent now required" : "consent no longer required");
}

/* ---- sentences present on one side only ---- */

/* Hash of each sentence's words (case and punctuation aside); *n sentences. */
static uint64_t *sentence_hashes(const pd_cl_text *t, uint64_t *local, size_t cap, size_t *n)
{
    size_t ns = 1;
    for (size_t i = 0; i < t->n; i++)
        ns += t->tok[i].kind == PD_TK_END;
    uint64_t *hs = ns <= cap ? local : malloc(ns * sizeof(uint64_t));
    if (!hs)
        return NULL;
    size_t k = 0;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i <= t->n; i++) {
        if (i == t->n || t->tok[i].kind == PD_TK_END) {
            hs[k++] = h;
            h = 1469598103934665603ull;
            continue;
        }
        const pd_cl_tok *tk = &t->tok[i];
        if (tk->kind != PD_TK_WORD && tk->kind != PD_TK_NUM)
            continue;
        /* eight bytes at a time; the word's NUL ends the last chunk */
        for (uint32_t c = 0; c < tk->len; c += 8) {
            uint64_t chunk = 0;
            size_t m = tk->len - c < 8 ? tk->len - c : 8;
            memcpy(&chunk, tk->s + c, m);
            h = (h ^ chunk) * 1099511628211ull;
            h ^= h >> 29;
        }
        h = (h ^ ' ') * 1099511628211ull;
    }
    *n = k;
    return hs;
}

/* changed[i] = 1 for the tokens of each sentence of a that b lacks. */
static int mark_changed(uint8_t *changed, const pd_cl_text *a, const uint64_t *ha, size_t na,
                        const uint64_t *hb, size_t nb)
{
    size_t s = 0, i = 0;
    for (; s < na; s++) {
        int found = 0;
        if (na * nb > (1u << 18))
            found = 0; /* huge clauses: every sentence counts as changed */
        else
            for (size_t j = 0; j < nb && !found; j++)
                found = ha[s] == hb[j];
        for (; i < a->n && a->tok[i].kind != PD_TK_END; i++)
            changed[i] = !found;
        if (i < a->n)
            changed[i++] = 0;
    }
    return 0;
}

/* Words that limit who a sentence is about: "children under 13",
 * "California residents", "users in the EU". */
static const char *const scope_words[] = {
    "children",  "child",     "minors",   "minor",      "kids",         "teens",
    "teenagers", "residents", "resident", "california", "californians", "eu",
    "eea",       "europe",    "european", "uk",         "canada",       "canadian",
    "virginia",  "colorado",  "certain",  "some",       "only",         NULL};

/* The first scope word of a that b does not have, or NULL. */
static const char *scope_word(const pd_cl_text *a, const pd_cl_text *b)
{
    for (size_t i = 0; i < a->n; i++) {
        const pd_cl_tok *t = &a->tok[i];
        int known = 0, other = 0;
        if (t->kind != PD_TK_WORD)
            continue;
        for (size_t k = 0; scope_words[k] && !known; k++) /* first byte first: few match */
            known = scope_words[k][0] == t->s[0] && strlen(scope_words[k]) == t->len &&
                    !memcmp(scope_words[k], t->s, t->len);
        if (!known)
            continue;
        for (size_t j = 0; j < b->n && !other; j++)
            other = b->tok[j].len == t->len && !memcmp(b->tok[j].s, t->s, t->len);
        if (!other)
            return t->s;
    }
    return NULL;
}

/* A commitment or a right kept in a reworded clause, but now for fewer
 * people ("We do not sell your personal information" -> "We do not sell
 * the personal information of children under 13") or for more. */
static void compare_scope(reasons *R, const pd_cl_profile *o, const pd_cl_profile *n,
                          const pd_cl_text *to, const pd_cl_text *tn)
{
    const char *narrow, *wide;
    char age[24] = "";
    int kept = (o->rights & n->rights) != 0;
    for (int k = 0; k < PD_K_COUNT && !kept; k++)
        kept = pd_cl_negated(o->stance[k]) && pd_cl_negated(n->stance[k]) && !PD_K_PROTECTIVE(k);
    if (!kept)
        return; /* nothing promised on both sides: no scope to compare */
    narrow = scope_word(tn, to);
    wide = scope_word(to, tn);
    if (n->age >= 0 && o->age < 0)
        snprintf(age, sizeof(age), "under %d", n->age);
    if (!narrow && age[0])
        narrow = age;
    if (!narrow && !wide)
        return;
    for (int k = 0; k < PD_K_COUNT; k++) {
        unsigned cat = n->kcat[k] ? n->kcat[k] : o->kcat[k];
        if (!pd_cl_negated(o->stance[k]) || !pd_cl_negated(n->stance[k]) || PD_K_PROTECTIVE(k))
            continue;
        if (narrow)
            add(R, cat, k == PD_K_SELL ? PD_SEV_HIGH : PD_SEV_MEDIUM, PD_IMPACT_WORSE,
                "commitment narrowed: \"%s\" now limited (\"%s\")", n->phrase[k], narrow);
        else
            add(R, cat, PD_SEV_MEDIUM, PD_IMPACT_BETTER,
                "commitment widened: \"%s\" no longer limited (\"%s\")", n->phrase[k], wide);
    }
    for (int i = 0; i < PD_R_COUNT; i++) {
        if (!(o->rights & n->rights & (1u << i)))
            continue;
        if (narrow)
            add(R, PD_CAT_USER_RIGHTS, PD_SEV_MEDIUM, PD_IMPACT_WORSE,
                "right narrowed: %s now limited (\"%s\")", pd_cl_right_names[i], narrow);
        else
            add(R, PD_CAT_USER_RIGHTS, PD_SEV_MEDIUM, PD_IMPACT_BETTER,
                "right widened: %s no longer limited (\"%s\")", pd_cl_right_names[i], wide);
    }
}

/* ---- output ---- */

static int set_reasons(pd_flags *out, const reasons *R)
{
    if (!R->n)
        return 0;
    out->reasons = calloc(R->n, sizeof(char *));
    if (!out->reasons)
        return PD_ENOMEM;
    for (size_t i = 0; i < R->n; i++) {
        out->reasons[i] = strdup(R->r[i].text);
        if (!out->reasons[i])
            return PD_ENOMEM;
        out->nreasons++;
    }
    return 0;
}

static int cmp_reason(const void *a, const void *b)
{
    const reason *x = a, *y = b;
    if (x->sev != y->sev)
        return (int)y->sev - (int)x->sev;
    return x->ord - y->ord;
}

/* The two categories a clause speaks about most, from its scores. */
static unsigned top_topics(const uint8_t *score, unsigned mask, unsigned *first)
{
    int best = -1, second = -1;
    for (int c = 0; c < PD_CAT_COUNT; c++) {
        if (!(mask >> c & 1) || !score[c])
            continue;
        if (best < 0 || score[c] > score[best]) {
            second = best;
            best = c;
        } else if (second < 0 || score[c] > score[second]) {
            second = c;
        }
    }
    *first = best >= 0 ? PD_CAT_BIT(best) : 0;
    return (best >= 0 ? PD_CAT_BIT(best) : 0) | (second >= 0 ? PD_CAT_BIT(second) : 0);
}

/* Whether a token starts with one of the prefixes. */
static int tok_starts(const pd_cl_tok *t, const char *const *prefixes)
{
    for (; *prefixes; prefixes++)
        if (!strncmp(t->s, *prefixes, strlen(*prefixes)))
            return 1;
    return 0;
}

/* A clause that says AI is put to work on users' data or content (its AI
 * words quoted into q): a strong AI term ("machine learning", "l'IA", not
 * "models", "automated" or "algorithm" alone, which name other things
 * too), users' data or content, a use of it (a practice, "train",
 * "improve"), at least eight words, and nothing that denies it or leaves
 * it to the user ("not", "optional", "disabled", "you can turn off",
 * "with your consent"). */
static int ai_statement(const pd_cl_text *t, char *q, size_t cap)
{
    static const char *const weak[] = {"models",    "modèles",    "automated", "profiling",
                                       "algorithm", "algorithme", NULL};
    const pd_cl_hit *ai = NULL;
    int use = 0, data = 0;
    size_t words = 0;
    for (size_t i = 0; i < t->nhit; i++) {
        const pd_cl_hit *h = &t->hit[i];
        if (h->cls == PD_LX_NEG || h->cls == PD_LX_CONSENT)
            return 0;
        if (h->cls == PD_LX_AI && !ai && h->start < t->n && !tok_starts(&t->tok[h->start], weak))
            ai = h;
        use |= h->cls == PD_LX_PRACTICE;
        data |= h->cls == PD_LX_DATA;
    }
    for (size_t k = 0; k < t->n; k++) {
        const pd_cl_tok *tk = &t->tok[k];
        if (tk->kind != PD_TK_WORD)
            continue;
        words++;
        if (pd_cl_choice_word(tk->s, tk->len))
            return 0;
        use |= (tk->wc >> PD_WC_TRAINING) & 1;
        data |= (tk->wc >> PD_WC_CONTENT | tk->wc >> PD_WC_DATA) & 1;
    }
    if (!ai || !use || !data || words < 8)
        return 0;
    size_t n = 0;
    q[0] = '\0';
    for (uint32_t k = ai->start; k < ai->start + ai->len && k < t->n && n + 1 < cap; k++) {
        int w = snprintf(q + n, cap - n, "%s%s", k > ai->start ? " " : "", t->tok[k].s);
        if (w < 0 || (size_t)w >= cap - n)
            break;
        n += (size_t)w;
    }
    return 1;
}

/* Whether a cue of terms category cat came or went between to and tn. */
static int terms_cue_moved(unsigned cat, pd_op op, const pd_cl_text *to, const pd_cl_text *tn)
{
    pd_cl_terms_verdict tv;
    return (cat & PD_CAT_TERMS) && pd_cl_terms_judge(&tv, cat, op, to, tn) &&
           tv.impact != PD_IMPACT_UNCLEAR;
}

static int finish_plain(pd_flags *out, reasons *R, pd_op op, const pd_cl_profile *o,
                        const pd_cl_profile *n, const pd_cl_text *to, const pd_cl_text *tn)
{
    pd_cl_terms_verdict tv;
    char quote[64];
    uint8_t score[PD_CAT_COUNT];
    unsigned mask;
    if (op == PD_OP_ADDED) {
        memcpy(score, n->score, sizeof(score));
        mask = n->topics;
    } else if (op == PD_OP_REMOVED) {
        memcpy(score, o->score, sizeof(score));
        mask = o->topics;
    } else {
        for (int c = 0; c < PD_CAT_COUNT; c++) {
            unsigned a = (unsigned)n->changed_score[c] + o->changed_score[c];
            score[c] = (uint8_t)(a > 255 ? 255 : a);
        }
        mask = n->changed_topics | o->changed_topics;
        if (!mask) {
            memcpy(score, n->score, sizeof(score));
            mask = n->topics;
        }
    }
    unsigned first = 0;
    unsigned cats = top_topics(score, mask, &first);
    /* a terms cue that came or went ("nous ne sommes pas responsables")
     * names the change's topic over the words around it, which say less
     * ("des contenus communiqués par des tiers": a licence, sharing) */
    if ((mask & PD_CAT_TERMS & ~first) && !terms_cue_moved(first, op, to, tn))
        for (unsigned rest = mask & PD_CAT_TERMS & ~first; rest; rest &= rest - 1)
            if (terms_cue_moved(rest & -rest, op, to, tn)) {
                first = rest & -rest;
                cats |= first;
                break;
            }
    out->severity = PD_SEV_LOW;
    out->impact = PD_IMPACT_NEUTRAL;
    out->guessed = 1;
    if (!cats) {
        out->categories = out->primary = PD_CAT_OTHER;
        add(R, PD_CAT_OTHER, PD_SEV_LOW, PD_IMPACT_NEUTRAL,
            "no privacy practice recognised in the change");
    } else if ((first & PD_CAT_TERMS) && pd_cl_terms_judge(&tv, first, op, to, tn)) {
        out->categories = cats;
        out->primary = first;
        out->severity = tv.sev;
        out->impact = tv.impact;
        out->guessed = tv.impact == PD_IMPACT_UNCLEAR; /* no cue came or went */
        add(R, first, tv.sev, tv.impact, "%s", tv.why);
    } else if (cats & PD_CAT_CONTACT) {
        out->categories = cats;
        out->primary = PD_CAT_CONTACT;
        add(R, PD_CAT_CONTACT, PD_SEV_LOW, PD_IMPACT_NEUTRAL, "contact details %s",
            op == PD_OP_ADDED     ? "added"
            : op == PD_OP_REMOVED ? "removed"
                                  : "changed");
    } else if (op == PD_OP_ADDED && first == PD_CAT_AI && ai_statement(tn, quote, sizeof(quote))) {
        /* a new clause about AI that the rules cannot read further ("our
         * machine learning models take into account the conversations"):
         * the guidelines rate a new AI use medium */
        out->categories = cats;
        out->primary = PD_CAT_AI;
        out->severity = PD_SEV_MEDIUM;
        out->impact = PD_IMPACT_WORSE;
        out->guessed = 0;
        add(R, PD_CAT_AI, PD_SEV_MEDIUM, PD_IMPACT_WORSE, "AI use in a new clause: \"%s\"", quote);
    } else {
        out->categories = cats;
        out->primary = first;
        add(R, first, PD_SEV_LOW, PD_IMPACT_NEUTRAL,
            "wording changed (%s): no material effect found", pd_category_name(first));
    }
    return set_reasons(out, R);
}

/* What the lexicon found in t, each finding once, into f->found: the
 * flag model's features (model.h).  Subjects ("we", "you"), number words,
 * masked phrases and the rules' cue words are left out: they are read as
 * words. */
static void note_found(pd_flags *f, const pd_cl_text *t)
{
    f->nfound = 0;
    for (size_t i = 0; i < t->nhit && f->nfound < PD_FLAGS_FOUND; i++) {
        unsigned cls = t->hit[i].cls;
        if (cls == PD_LX_MASK || cls == PD_LX_SUBJ || cls == PD_LX_CUE || cls == PD_LX_NUMWORD)
            continue;
        uint16_t key = (uint16_t)(cls << 8 | t->hit[i].id);
        size_t j = 0;
        while (j < f->nfound && f->found[j] != key)
            j++;
        if (j == f->nfound)
            f->found[f->nfound++] = key;
    }
}

/* What a modified clause names on one side only: a data type, recipient,
 * purpose, tracker, place or safeguard found in a but not in b, or in b but
 * not in a; its lexicon key (class << 8 | entry) plus one, or 0.  Practice
 * verbs and rights are left out: "provide", "review" or "selling fees"
 * name other things too, and a verb changed reads as wording. */
static unsigned findings_differ(const pd_cl_text *a, const pd_cl_text *b)
{
    for (int pass = 0; pass < 2; pass++) {
        const pd_cl_text *x = pass ? b : a, *y = pass ? a : b;
        for (size_t i = 0; i < x->nhit; i++) {
            const pd_cl_hit *h = &x->hit[i];
            switch (h->cls) {
            case PD_LX_DATA:
            case PD_LX_RECIP:
            case PD_LX_PURPOSE:
            case PD_LX_TRACKER:
            case PD_LX_INTL:
            case PD_LX_SECURITY:
                break;
            default:
                continue;
            }
            size_t j = 0;
            while (j < y->nhit && !(y->hit[j].cls == h->cls && y->hit[j].id == h->id))
                j++;
            if (j == y->nhit)
                return ((unsigned)h->cls << 8 | h->id) + 1;
        }
    }
    return 0;
}

/* The categories a clause speaks about (its two main topics), for a
 * cosmetic change of it: a capitalisation fixed in a no-sale promise is
 * `sale`, severity none. */
static int clause_topic(pd_flags *out, const char *text)
{
    pd_cl_text t;
    pd_cl_profile p; /* some 1.3 KB: on the stack, not an allocation per change */
    int rc;
    memset(&t, 0, sizeof(t));
    if (!(rc = pd_cl_tokenise(&t, text)) && !(rc = pd_cl_match(&t))) {
        unsigned first = 0;
        pd_cl_profile_build(&p, &t, NULL);
        note_found(out, &t);
        out->categories = top_topics(p.score, p.topics, &first);
        out->primary = first;
    }
    pd_cl_text_dispose(&t);
    return rc;
}

/* Table cells read as "Sold in the last 12 months: No" (segment.c names each
 * cell after its column): a yes/no answer becomes the statement it stands
 * for ("not sold in the last 12 months"), so the rules see the negation.
 * Returns a malloc'd rewrite, or NULL when text has no such cell. */
static char *yes_no_cells(const char *text)
{
    static const char *const no[] = {"no",           "n", "none", "false", "\xe2\x9c\x97",
                                     "\xe2\x9c\x98", NULL};
    static const char *const yes[] = {"yes", "y", "true", "\xe2\x9c\x93", "\xe2\x9c\x94", NULL};
    size_t len, o = 0;
    char *out = NULL;
    int any = 0;
    if (!strstr(text, ": "))
        return NULL;
    len = strlen(text); /* only for a clause with cells */
    if (!(out = malloc(len * 2 + 16)))
        return NULL;
    for (const char *c = text; *c;) {
        const char *end = strstr(c, " | ");
        size_t n = end ? (size_t)(end - c) : strlen(c);
        /* the cell's last ": ", its colons found by memchr (every clause
         * with a colon in it is read here) */
        const char *colon = NULL, *last = n ? c + n - 1 : c; /* a colon before last */
        for (const char *q = c; q < last && (q = memchr(q, ':', (size_t)(last - q))); q++)
            if (q[1] == ' ')
                colon = q;
        int verdict = -1; /* 0 no, 1 yes */
        if (colon) {
            const char *v = colon + 2;
            size_t vn = (size_t)(c + n - v);
            while (vn && (v[vn - 1] == '.' || v[vn - 1] == ' '))
                vn--;
            for (int k = 0; no[k] && verdict < 0; k++)
                if (strlen(no[k]) == vn && !strncasecmp(v, no[k], vn))
                    verdict = 0;
            for (int k = 0; yes[k] && verdict < 0; k++)
                if (strlen(yes[k]) == vn && !strncasecmp(v, yes[k], vn))
                    verdict = 1;
        }
        if (o) {
            memcpy(out + o, " | ", 3);
            o += 3;
        }
        if (verdict >= 0) {
            any = 1;
            if (verdict == 0) {
                memcpy(out + o, "not ", 4);
                o += 4;
            }
            n = (size_t)(colon - c);
        }
        memcpy(out + o, c, n);
        o += n;
        c += end ? (size_t)(end - c) + 3 : strlen(c);
    }
    out[o] = '\0';
    if (!any) {
        free(out);
        return NULL;
    }
    return out;
}

/* Severity, impact, categories and reason strings from R (sorted here). */
pd_impact pd_cl_more_impact(int more, unsigned cat)
{
    const unsigned protective = PD_CAT_USER_RIGHTS | PD_CAT_SECURITY;
    const unsigned practice = PD_CAT_COLLECTION | PD_CAT_USE | PD_CAT_SHARING | PD_CAT_SALE |
                              PD_CAT_RETENTION | PD_CAT_TRACKING | PD_CAT_INTERNATIONAL |
                              PD_CAT_AI | PD_CAT_CONTENT_LICENSE;
    if (cat & protective)
        return more ? PD_IMPACT_BETTER : PD_IMPACT_WORSE;
    if (cat & practice)
        return more ? PD_IMPACT_WORSE : PD_IMPACT_BETTER;
    return PD_IMPACT_NEUTRAL;
}

int pd_cl_finish(pd_flags *out, reasons *R, unsigned topics)
{
    qsort(R->r, R->n, sizeof(reason), cmp_reason);
    pd_severity top = R->r[0].sev;
    int worse = 0, better = 0;
    unsigned cats = 0;
    for (size_t i = 0; i < R->n; i++) {
        cats |= R->r[i].cat;
        if (R->r[i].sev != top)
            continue;
        worse |= R->r[i].imp == PD_IMPACT_WORSE;
        better |= R->r[i].imp == PD_IMPACT_BETTER;
    }
    out->severity = top;
    out->impact = worse && better        ? PD_IMPACT_UNCLEAR
                  : worse                ? PD_IMPACT_WORSE
                  : better               ? PD_IMPACT_BETTER
                  : top >= PD_SEV_MEDIUM ? PD_IMPACT_UNCLEAR
                                         : PD_IMPACT_NEUTRAL;
    /* a privacy practice found: the terms topics ("close your account")
     * are the clause's setting, not what it changes */
    out->categories = cats | (topics & ~(unsigned)(PD_CAT_OTHER | PD_CAT_TERMS));
    out->primary = R->r[0].cat;
    return set_reasons(out, R);
}

int pd_classify_change(pd_flags *out, pd_op op, const char *old_text, const char *new_text,
                       int cosmetic)
{
    return pd_classify_change_in(out, op, old_text, new_text, cosmetic, NULL);
}

/* Marks in *out (a new array: the old text's tokens, then the new's) the
 * tokens of sentences not found in the other version. */
static int changed_tokens(uint8_t **out, const pd_cl_text *to, const pd_cl_text *tn)
{
    uint64_t la[128], lb[128];
    size_t na = 0, nb = 0;
    uint64_t *ha, *hb;
    uint8_t *chg = malloc(to->n + tn->n + 1);
    int rc = 0;
    if (!(*out = chg))
        return PD_ENOMEM;
    ha = sentence_hashes(to, la, 128, &na);
    hb = sentence_hashes(tn, lb, 128, &nb);
    if (ha && hb) {
        mark_changed(chg, to, ha, na, hb, nb);
        mark_changed(chg + to->n, tn, hb, nb, ha, na);
    } else {
        rc = PD_ENOMEM;
    }
    if (ha != la)
        free(ha);
    if (hb != lb)
        free(hb);
    return rc;
}

/* A terms-of-service cue that came or went (an arbitration clause, an
 * irrevocable licence, a fee) in a clause that also names privacy
 * practices: a licence "to use, store, disclose ..." user content is read
 * as practices, and the licence itself would go unseen. */
static void compare_terms(reasons *R, pd_op op, unsigned topics, const pd_cl_text *to,
                          const pd_cl_text *tn)
{
    pd_cl_terms_verdict tv;
    for (unsigned rest = topics & PD_CAT_TERMS; rest; rest &= rest - 1) {
        unsigned cat = rest & -rest;
        if (!pd_cl_terms_judge(&tv, cat, op, to, tn) || tv.impact == PD_IMPACT_UNCLEAR ||
            tv.sev < PD_SEV_MEDIUM)
            continue;
        /* a finding as grave the same way ("AI training on your
         * content") already says it */
        int said = 0;
        for (size_t i = 0; i < R->n; i++)
            said |= R->r[i].sev >= tv.sev && R->r[i].imp == tv.impact;
        if (!said)
            add(R, cat, tv.sev, tv.impact, "%s", tv.why);
    }
}

/* Every comparison of the old profile o with the new n, in order. */
static void compare_profiles(reasons *R, const pd_cl_profile *o, const pd_cl_profile *n, pd_op op,
                             const pd_cl_text *to, const pd_cl_text *tn)
{
    compare_practices(R, o, n, op);
    compare_sets(R, o, n, op);
    compare_quantities(R, o, n, op);
    if (op == PD_OP_MODIFIED)
        compare_scope(R, o, n, to, tn);
}

int pd_classify_change_in(pd_flags *out, pd_op op, const char *old_text, const char *new_text,
                          int cosmetic, pd_classify_context *ctx)
{
    pd_flags init = PD_FLAGS_INIT;
    *out = init;
    int rc = 0;
    reasons Rs; /* about 10 KB: on the stack, no allocation per change */
    reasons *R = &Rs;
    pd_cl_profile prof[2];
    uint8_t *chg = NULL;
    pd_cl_text to, tn;
    char *old_yn = NULL, *new_yn = NULL;
    memset(&to, 0, sizeof(to));
    memset(&tn, 0, sizeof(tn));
    if (!old_text || op == PD_OP_ADDED)
        old_text = "";
    if (!new_text || op == PD_OP_REMOVED)
        new_text = "";

    R->n = 0;
    if (cosmetic) {
        add(R, 0, PD_SEV_LOW, PD_IMPACT_NEUTRAL, "cosmetic change: no effect on meaning");
        rc = set_reasons(out, R);
        if (!rc) /* it keeps the topic of the clause it touches */
            rc = clause_topic(out, op == PD_OP_REMOVED ? old_text : new_text);
        goto out;
    }
    if ((old_yn = yes_no_cells(old_text)))
        old_text = old_yn;
    if ((new_yn = yes_no_cells(new_text)))
        new_text = new_yn;
    if ((rc = pd_cl_tokenise(&to, old_text)) || (rc = pd_cl_tokenise(&tn, new_text)))
        goto out;
    if ((op == PD_OP_MODIFIED || op == PD_OP_MOVED) && pd_cl_same_words(&to, &tn)) {
        if ((rc = pd_cl_match(&tn)))
            goto out;
        note_found(out, &tn);
        int signs = pd_cl_same_signs(old_text, new_text);
        out->same_words = op == PD_OP_MODIFIED && signs;
        add(R, 0, PD_SEV_LOW, PD_IMPACT_NEUTRAL, "%s",
            op == PD_OP_MOVED ? "moved without a change in wording"
            : signs           ? "same words: punctuation, spacing or contractions only"
                              : "same words, but a currency or percent sign changed");
        rc = set_reasons(out, R);
        goto out;
    }
    if (op == PD_OP_MOVED)
        op = PD_OP_MODIFIED;
    if ((rc = pd_cl_match(&to)) || (rc = pd_cl_match(&tn)))
        goto out;
    note_found(out, op == PD_OP_REMOVED ? &to : &tn);
    out->found_changed = op == PD_OP_MODIFIED ? findings_differ(&to, &tn) : 0;
    /* the sentences a modification touches decide its topics; a clause
     * added or removed is read whole (its profile's changed_* stay unread) */
    if (op == PD_OP_MODIFIED && (rc = changed_tokens(&chg, &to, &tn)))
        goto out;
    pd_cl_profile *o = &prof[0], *n = &prof[1];
    pd_cl_profile_build(o, &to, chg);
    pd_cl_profile_build(n, &tn, chg ? chg + to.n : NULL);

    compare_profiles(R, o, n, op, &to, &tn);
    if (ctx) {
        pd_cl_profile_merge(&ctx->side[0], o);
        pd_cl_profile_merge(&ctx->side[1], n);
    }
    if (!R->n) {
        rc = finish_plain(out, R, op, o, n, &to, &tn);
        goto out;
    }

    unsigned topics = op == PD_OP_ADDED     ? n->topics
                      : op == PD_OP_REMOVED ? o->topics
                                            : (n->changed_topics | o->changed_topics);
    compare_terms(R, op, topics, &to, &tn);
    if ((rc = pd_cl_finish(out, R, topics)))
        goto out;
    /* keep what pd_classify_apply_context needs */
    if (ctx && (rc = pd_cl_keep_context(out, R, topics)))
        goto out;
out:
    if (rc) {
        pd_flags_dispose(out);
        pd_error_set(rc, "out of memory while classifying a change");
    } else if (!cosmetic && !out->categories) {
        /* a substantive change always names what it touches */
        out->categories = PD_CAT_OTHER;
        out->primary = PD_CAT_OTHER;
    }
    pd_cl_text_dispose(&to);
    pd_cl_text_dispose(&tn);
    free(chg);
    free(old_yn);
    free(new_yn);
    return rc;
}

void pd_flags_dispose(pd_flags *f)
{
    if (!f)
        return;
    free(f->context);
    f->context = NULL;
    for (size_t i = 0; i < f->nreasons; i++)
        free(f->reasons[i]);
    free(f->reasons);
    f->reasons = NULL;
    f->nreasons = 0;
}
