/* Tests for the change classifier: one or more per rule, the headline, and
 * the whole labelled set (accuracy per field, printed as TAP diagnostics). */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <stdio.h>
#include <string.h>

#include "classify/classify.h"
#include "classify/internal.h"
#include "labelled.h"
#include "support/testutil.h"
#include "util/buf.h"

static pd_flags F;

static void classify(pd_op op, const char *old_text, const char *new_text)
{
    pd_flags_dispose(&F);
    cr_assert_eq(pd_classify_change(&F, op, old_text, new_text, 0), 0);
}

static int reason_starts(const char *prefix)
{
    for (size_t i = 0; i < F.nreasons; i++)
        if (strncmp(F.reasons[i], prefix, strlen(prefix)) == 0)
            return 1;
    return 0;
}

static int has_reason(const char *want)
{
    for (size_t i = 0; i < F.nreasons; i++)
        if (strcmp(F.reasons[i], want) == 0)
            return 1;
    return 0;
}

static void dump(void)
{
    for (size_t i = 0; i < F.nreasons; i++)
        cr_log_info("reason: %s", F.reasons[i]);
}

#define expect(sev, imp, cat)                                                                      \
    do {                                                                                           \
        dump();                                                                                    \
        cr_expect_eq(F.severity, sev, "severity %s", pd_severity_name(F.severity));                \
        cr_expect_eq(F.impact, imp, "impact %s", pd_impact_name(F.impact));                        \
        cr_expect(F.categories &(cat), "categories %#x", F.categories);                            \
    } while (0)

static void fini(void)
{
    pd_flags_dispose(&F);
}

TestSuite(classify, .fini = fini);

/* ---- negation and modality ---- */

Test(classify, negation_removed_on_sale_is_high_and_worse)
{
    classify(PD_OP_MODIFIED, "We do not sell your personal information.",
             "We may sell your personal information.");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_SALE);
    cr_expect_str_eq(F.reasons[0], "negation removed: \"do not sell\" -> \"may sell\"");
    cr_expect_eq(F.primary, PD_CAT_SALE);
}

Test(classify, negation_added_is_better)
{
    classify(PD_OP_MODIFIED, "We may share your information with our affiliates.",
             "We will never share your information with our affiliates.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_SHARING);
    cr_expect(has_reason("negation added: \"may share\" -> \"will never share\""));
}

Test(classify, contractions_and_cannot_negate)
{
    classify(PD_OP_MODIFIED, "We can share your information with our affiliates.",
             "We can't share your information with our affiliates.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_SHARING);
    classify(PD_OP_MODIFIED, "We won't track you across websites.",
             "We track you across websites.");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_TRACKING);
}

Test(classify, inverted_negation_keeps_its_scope)
{
    classify(PD_OP_REMOVED, "Under no circumstances do we sell customer lists.", "");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_SALE);
}

Test(classify, negation_scope_ends_at_but)
{
    classify(PD_OP_ADDED, "",
             "We do not sell your data, but we share it with advertisers for targeted ads.");
    /* the promise is a low, user-friendly addition; the new recipient
     * outweighs it */
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_SHARING);
    cr_expect(has_reason("new recipient: advertisers"));
    cr_expect(has_reason("new commitment: \"do not sell\""));
}

Test(classify, exception_reopens_a_negated_practice)
{
    classify(PD_OP_MODIFIED, "We do not share your location with third parties.",
             "We do not share your location with third parties except with our partners.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_SHARING);
    classify(PD_OP_MODIFIED, "We never sell your data.",
             "We never sell your data unless a partner pays us for it.");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_SALE);
    classify(PD_OP_MODIFIED, "We do not sell your data except with your consent.",
             "We do not sell your data.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_SALE);
}

Test(classify, user_actions_are_not_company_practices)
{
    classify(PD_OP_ADDED, "", "You can share your playlists with friends.");
    cr_expect_eq(F.severity, PD_SEV_LOW);
    cr_expect_eq(F.impact, PD_IMPACT_NEUTRAL);
    cr_expect_not(F.categories & PD_CAT_SHARING);
}

Test(classify, hypothetical_practices_state_nothing)
{
    /* what was done, named to bound a retention, is no practice stated */
    classify(PD_OP_ADDED, "",
             "We retain your information for as long as it is needed for the purposes for which "
             "we collected it.");
    cr_expect_not(has_reason("new practice: collection"));
    classify(PD_OP_ADDED, "", "If we learn that we collected data from a child, we delete it.");
    expect(PD_SEV_LOW, PD_IMPACT_BETTER, PD_CAT_RETENTION);
    cr_expect_not(has_reason("new practice: collection"));
}

/* ---- data types, recipients, tracking, places ---- */

Test(classify, sensitive_data_types_weigh_more)
{
    classify(PD_OP_MODIFIED, "We collect your name and email address.",
             "We collect your name, email address and biometric identifiers.");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_COLLECTION);
    cr_expect_str_eq(F.reasons[0], "new data type: biometric identifiers");
    classify(PD_OP_MODIFIED, "We collect your name and email address.",
             "We collect your name, email address and date of birth.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_COLLECTION);
    classify(PD_OP_MODIFIED, "We collect your name, email address and health data.",
             "We collect your name and email address.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_COLLECTION);
    /* an ordinary data type dropped narrows the scope a little */
    classify(PD_OP_MODIFIED, "We collect your name, email address and date of birth.",
             "We collect your name and email address.");
    expect(PD_SEV_LOW, PD_IMPACT_BETTER, PD_CAT_COLLECTION);
}

/* The messages a service sends ("marketing messages", "messages
 * publicitaires") are not the users' messages, a sensitive data type. */
Test(classify, messages_the_service_sends_are_no_data_type)
{
    static const char *const sent[] = {
        "We use your email address to send you promotional messages.",
        "These cookies make advertising messages more relevant to you.",
        "We process your address to send you marketing communications.",
        "Nous utilisons votre adresse pour vous envoyer des messages publicitaires.",
    };
    for (size_t i = 0; i < sizeof(sent) / sizeof(sent[0]); i++) {
        classify(PD_OP_ADDED, "", sent[i]);
        cr_expect_not(has_reason("new data type: messages"), "%s", sent[i]);
    }
    /* a user's messages to customer service are the user's (the review's case) */
    classify(PD_OP_ADDED, "", "We record your customer service messages and calls.");
    cr_expect(has_reason("new data type: messages"));
    classify(PD_OP_ADDED, "", "We collect the messages you send to other users.");
    cr_expect(has_reason("new data type: messages"));
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_COLLECTION);
}

Test(classify, new_recipient_is_named)
{
    classify(PD_OP_MODIFIED, "We share your information with service providers.",
             "We share your information with service providers and data brokers.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_SHARING);
    cr_expect_str_eq(F.reasons[0], "new recipient: data brokers");
    classify(PD_OP_MODIFIED, "We disclose data to our affiliates and law enforcement.",
             "We disclose data to our affiliates.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_SHARING);
    cr_expect(has_reason("recipient removed: law enforcement"));
}

Test(classify, tracking_added_and_removed)
{
    classify(PD_OP_ADDED, "", "We use web beacons and pixels in our emails.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_TRACKING);
    classify(PD_OP_REMOVED, "We use cookies to show you targeted advertising.", "");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_TRACKING);
    /* a whole clause removed: the ordinary practice it named may outlive
     * the text (low); invasive tracking named is still news (medium) */
    classify(PD_OP_REMOVED, "We use analytics cookies to understand how visitors use the site.",
             "");
    expect(PD_SEV_LOW, PD_IMPACT_BETTER, PD_CAT_TRACKING);
    classify(PD_OP_REMOVED, "We may share your email address with our marketing partners.", "");
    expect(PD_SEV_LOW, PD_IMPACT_BETTER, PD_CAT_SHARING);
    classify(PD_OP_REMOVED, "We use device fingerprinting to recognise you across devices.", "");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_TRACKING);
    /* dropped from a clause that stays, a recipient narrows it (medium) */
    classify(PD_OP_MODIFIED, "We may share your email address with advertisers and our affiliates.",
             "We may share your email address with our affiliates.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_SHARING);
    classify(PD_OP_MODIFIED, "We honor Do Not Track signals.",
             "We do not respond to Do Not Track signals.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_TRACKING);
}

Test(classify, international_transfers)
{
    classify(PD_OP_MODIFIED, "We process your data in the European Union.",
             "We process your data in the European Union and the United States.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_INTERNATIONAL);
    cr_expect(has_reason("new transfer destination: United States"));
    classify(PD_OP_MODIFIED, "We transfer data abroad under standard contractual clauses.",
             "We transfer data abroad.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_INTERNATIONAL);
}

/* ---- quantities ---- */

Test(classify, retention_periods_are_compared)
{
    classify(PD_OP_MODIFIED, "We retain your data for 12 months.",
             "We retain your data for 10 years.");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_RETENTION);
    cr_expect_str_eq(F.reasons[0], "retention period: 12 months -> 10 years");
    classify(PD_OP_MODIFIED, "We keep logs for 30 days.", "We keep logs for 45 days.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_RETENTION);
    classify(PD_OP_MODIFIED, "We keep logs for two years.", "We keep logs for six months.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_RETENTION);
    cr_expect_str_eq(F.reasons[0], "retention period: two years -> six months");
    classify(PD_OP_MODIFIED, "We delete your data within 90 days.",
             "We retain your data for as long as we see fit.");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_RETENTION);
    cr_expect(has_reason("retention period: 90 days -> indefinite"));
    /* thousands separators and decimals are read whole */
    classify(PD_OP_MODIFIED, "We keep data for 1,000 days.", "We keep data for 100 days.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_RETENTION);
    cr_expect_str_eq(F.reasons[0], "retention period: 1000 days -> 100 days");
    classify(PD_OP_MODIFIED, "We keep data for 100 days.", "We keep data for 1,000 days.");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_RETENTION);
    classify(PD_OP_MODIFIED, "We keep data for 3 years.", "We keep data for 2.5 years.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_RETENTION);
    cr_expect_str_eq(F.reasons[0], "retention period: 3 years -> 2.5 years");
}

Test(classify, lower_age_threshold_is_worse)
{
    classify(PD_OP_MODIFIED, "The service is not directed to children under 16.",
             "The service is not directed to children under 13.");
    /* medium, as the real-change set's guidelines rate age thresholds
     * (issue 14; it was high) */
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_CHILDREN);
    cr_expect_str_eq(F.reasons[0], "age threshold: 16 -> 13");
    classify(PD_OP_MODIFIED, "You must be 13 or older to register.",
             "You must be 18 or older to register.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_CHILDREN);
}

Test(classify, notice_periods_and_change_notices)
{
    classify(PD_OP_MODIFIED, "We will notify you 30 days before changes to this policy.",
             "We will notify you 7 days before changes to this policy.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_POLICY_CHANGE);
    cr_expect_str_eq(F.reasons[0], "notice period: 30 days -> 7 days");
    classify(PD_OP_MODIFIED, "We will notify you by email before we change this policy.",
             "We may change this policy at any time without notice.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_POLICY_CHANGE);
    classify(PD_OP_ADDED, "", "We will notify you of material changes to this policy.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_POLICY_CHANGE);
}

/* ---- rights ---- */

Test(classify, rights_removed_and_added)
{
    /* rights the company reserves, holds or is granted are not the user's */
    classify(PD_OP_ADDED, "",
             "We reserve the right to access and delete accounts under review for fraud.");
    cr_expect_not(reason_starts("right added"));
    classify(PD_OP_ADDED, "",
             "Without limiting any of our other rights, we may delete your account if you "
             "break these terms.");
    cr_expect_not(reason_starts("right added"));
    classify(PD_OP_MODIFIED, "You can access, correct or delete your data.",
             "You can access or correct your data.");
    /* the guidelines' "weaker rules": medium; a right stated is a small
     * user-friendly addition: low */
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_USER_RIGHTS);
    cr_expect_str_eq(F.reasons[0], "right removed: deletion");
    classify(PD_OP_ADDED, "",
             "You have the right to lodge a complaint with a supervisory authority.");
    expect(PD_SEV_LOW, PD_IMPACT_BETTER, PD_CAT_USER_RIGHTS);
    cr_expect(has_reason("right added: complaint"));
    classify(PD_OP_MODIFIED, "You may withdraw your consent at any time.",
             "You may not withdraw your consent.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_USER_RIGHTS);
}

/* ---- AI, security, consent ---- */

Test(classify, training_models_on_user_data_is_worse)
{
    classify(PD_OP_MODIFIED, "We do not use your content to train AI models.",
             "We may use your content to train AI models.");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_AI);
    classify(PD_OP_ADDED, "", "We use automated decision-making to set your credit limit.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_AI);
}

Test(classify, security_measures)
{
    classify(PD_OP_MODIFIED, "We encrypt your data at rest and in transit.",
             "We encrypt your data in transit.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_SECURITY);
    cr_expect(has_reason("security measure removed: encryption at rest"));
}

Test(classify, consent_conditions)
{
    classify(PD_OP_MODIFIED, "We use your photos to train our models.",
             "We use your photos to train our models with your consent.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_AI);
    cr_expect(has_reason("consent now required"));
}

/* "no", "none", "nothing" negate a practice before or after its verb;
 * "no more than" only limits */
Test(classify, negative_objects_negate_the_practice)
{
    static const char *const cases[][2] = {
        {"We sell no personal data.", "We sell personal data."},
        {"None of your data is sold.", "All of your data is sold."},
        {"We sell nothing.", "We sell everything."},
        {"We share your data with no one.", "We share your data with partners."},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        classify(PD_OP_MODIFIED, cases[i][0], cases[i][1]);
        cr_expect_eq(F.severity, PD_SEV_HIGH, "%s", cases[i][0]);
        cr_expect_eq(F.impact, PD_IMPACT_WORSE, "%s", cases[i][0]);
        cr_expect(reason_starts("negation removed"), "%s", cases[i][0]);
    }
    classify(PD_OP_MODIFIED, "We collect no more data than we need.",
             "We collect no more data than we need for billing.");
    cr_expect(!reason_starts("negation removed"));
}

/* The same verb affirmed and negated in one clause: losing the "do not" is
 * still a negation removed, not "wording changed" */
Test(classify, a_negation_beside_an_affirmation_of_the_same_verb)
{
    classify(PD_OP_MODIFIED,
             "We sell aggregated statistics, but we do not sell your personal data.",
             "We sell aggregated statistics, and we sell your personal data.");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_SALE);
    cr_expect(reason_starts("negation removed"));
    classify(PD_OP_MODIFIED, "As for sharing, we do not share your data.",
             "As for sharing, we share your data.");
    cr_expect_eq(F.severity, PD_SEV_HIGH);
    cr_expect_eq(F.impact, PD_IMPACT_WORSE);
    classify(PD_OP_MODIFIED, "We sell aggregated statistics, and we sell your personal data.",
             "We sell aggregated statistics, but we do not sell your personal data.");
    cr_expect_eq(F.impact, PD_IMPACT_BETTER);
    cr_expect(reason_starts("negation added"));
}

/* A table cell answers yes or no for its column ("Sold in the last 12
 * months: No"): "No" -> "Yes" is a negation removed */
Test(classify, yes_no_table_cells_are_statements)
{
    classify(PD_OP_MODIFIED, "Category: Identifiers | Sold in the last 12 months: No",
             "Category: Identifiers | Sold in the last 12 months: Yes");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_SALE);
    classify(PD_OP_MODIFIED, "Category: Identifiers | Sold in the last 12 months: Yes",
             "Category: Identifiers | Sold in the last 12 months: No");
    cr_expect_eq(F.impact, PD_IMPACT_BETTER);
    classify(PD_OP_MODIFIED, "Category: Identifiers | Sold: N", "Category: Identifiers | Sold: Y");
    cr_expect_eq(F.impact, PD_IMPACT_WORSE);
    /* an ordinary "label: value" cell is left alone */
    classify(PD_OP_MODIFIED, "Category: Identifiers | Retention: 30 days",
             "Category: Identifiers | Retention: 90 days");
    cr_expect_eq(F.impact, PD_IMPACT_WORSE);
}

/* opt-out -> opt-in asks for consent first (better); the reverse is worse,
 * not "a right added" */
Test(classify, opt_in_and_opt_out_are_opposites)
{
    classify(PD_OP_MODIFIED, "Marketing emails are opt-out.", "Marketing emails are opt-in.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_USER_RIGHTS);
    cr_expect(has_reason("opt-out replaced by opt-in: consent asked first"));
    classify(PD_OP_MODIFIED, "Marketing emails are opt-in.", "Marketing emails are opt-out.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_USER_RIGHTS);
    classify(PD_OP_MODIFIED, "We send offers only if you opt in.",
             "We send offers unless you opt out.");
    cr_expect_eq(F.impact, PD_IMPACT_WORSE);
    /* a plain opt-out removed is still a right removed */
    classify(PD_OP_MODIFIED, "You can opt out of marketing emails.",
             "You will receive marketing emails.");
    cr_expect_eq(F.impact, PD_IMPACT_WORSE);
}

/* ---- added, removed, cosmetic, other ---- */

Test(classify, added_and_removed_are_judged_on_content)
{
    classify(PD_OP_ADDED, "", "We do not sell your personal information.");
    expect(PD_SEV_LOW, PD_IMPACT_BETTER, PD_CAT_SALE);
    classify(PD_OP_REMOVED, "We do not sell your personal information.", "");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_SALE);
    /* a promise removed is high where it kept sale or sensitive data
     * away, medium otherwise */
    classify(PD_OP_REMOVED, "We do not use GPS to collect your precise location.", "");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_COLLECTION);
    classify(PD_OP_REMOVED, "We do not share your browsing habits with advertisers.", "");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_SHARING);
    classify(PD_OP_ADDED, "", "We may sell your browsing history to data brokers.");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_SALE);
}

Test(classify, cosmetic_flag_always_wins)
{
    pd_flags_dispose(&F);
    cr_assert_eq(pd_classify_change(&F, PD_OP_MODIFIED, "We do not sell your data.",
                                    "We may sell your data to anyone.", 1),
                 0);
    cr_expect_eq(F.severity, PD_SEV_NONE);
    cr_expect_eq(F.impact, PD_IMPACT_NEUTRAL);
    /* it keeps the topic of the clause it touches (issue 14: the labels of
     * real changes do), which says nothing of a change */
    cr_expect_eq(F.primary, PD_CAT_SALE);
}

Test(classify, case_punctuation_and_quotes_are_cosmetic)
{
    classify(PD_OP_MODIFIED, "We don\xe2\x80\x99t sell your data \xe2\x80\x94 ever.",
             "We do not sell your data - ever");
    cr_expect_eq(F.severity, PD_SEV_NONE);
    classify(PD_OP_MODIFIED, "WE COLLECT YOUR NAME.", "We collect your name");
    cr_expect_eq(F.severity, PD_SEV_NONE);
    classify(PD_OP_MOVED, "We share data with vendors.", "We share data with vendors.");
    cr_expect_eq(F.severity, PD_SEV_NONE);
}

Test(classify, unmatched_text_is_other_and_contact_is_low)
{
    classify(PD_OP_MODIFIED, "Our newsletter comes out on weekdays.",
             "Our newsletter comes out on weekdays and Saturdays.");
    expect(PD_SEV_LOW, PD_IMPACT_NEUTRAL, PD_CAT_OTHER);
    cr_expect_eq(F.categories, PD_CAT_OTHER);
    classify(PD_OP_MODIFIED, "Contact us at privacy@example.com.",
             "Contact us at dpo@example.com.");
    expect(PD_SEV_LOW, PD_IMPACT_NEUTRAL, PD_CAT_CONTACT);
}

Test(classify, long_and_odd_input_is_safe)
{
    pd_buf b = PD_BUF_INIT;
    for (int i = 0; i < 400; i++)
        pd_buf_puts(&b, "we do not sell, unless 12 months \xe2\x80\x99 @ ... ");
    classify(PD_OP_MODIFIED, b.ptr, "");
    classify(PD_OP_ADDED, "", b.ptr);
    pd_buf_clear(&b);
    for (int i = 0; i < 3000; i++) /* one endless sentence: read in bounded pieces */
        pd_buf_puts(&b, "we do not share data with advertisers unless you opt out and ");
    classify(PD_OP_REMOVED, b.ptr, "");
    cr_expect_eq(F.severity, PD_SEV_MEDIUM);
    cr_expect(has_reason("commitment removed: \"do not share\""));
    classify(PD_OP_MODIFIED, "\xff\xfe\xe2\x80", "'''''---");
    classify(PD_OP_MODIFIED, NULL, NULL);
    pd_buf_dispose(&b);
}

/* ---- headline ---- */

Test(classify, headline_leads_with_the_worst)
{
    pd_flags a, b, c;
    cr_assert_eq(pd_classify_change(&a, PD_OP_MODIFIED, "We do not sell your data.",
                                    "We may sell your data.", 0),
                 0);
    cr_assert_eq(pd_classify_change(&b, PD_OP_MODIFIED, "Contact us at a@example.com.",
                                    "Contact us at b@example.com.", 0),
                 0);
    cr_assert_eq(pd_classify_change(&c, PD_OP_MODIFIED, "We retain your data for 12 months.",
                                    "We retain your data for 10 years.", 0),
                 0);
    const pd_flags *list[] = {&b, &a, &c};
    pd_buf out = PD_BUF_INIT;
    cr_assert_eq(pd_headline(&out, list, 3), 0);
    cr_expect_str_eq(out.ptr, "2 high: sale (negation removed), retention (12 months -> 10 years); "
                              "1 low: contact");
    pd_buf_dispose(&out);
    pd_flags_dispose(&a);
    pd_flags_dispose(&b);
    pd_flags_dispose(&c);
}

Test(classify, headline_without_substance)
{
    pd_flags a;
    cr_assert_eq(pd_classify_change(&a, PD_OP_MODIFIED, "x", "y", 1), 0);
    const pd_flags *list[] = {&a};
    pd_buf out = PD_BUF_INIT;
    cr_assert_eq(pd_headline(&out, list, 1), 0);
    cr_expect_str_eq(out.ptr, "no substantive change");
    pd_buf_clear(&out);
    cr_assert_eq(pd_headline(&out, NULL, 0), 0);
    cr_expect_str_eq(out.ptr, "no substantive change");
    pd_buf_dispose(&out);
    pd_flags_dispose(&a);
}

Test(classify, headline_works_from_flags_without_primary)
{
    char r0[] = "new recipient: data brokers";
    char *reasons[] = {r0};
    pd_flags f = PD_FLAGS_INIT;
    f.categories = PD_CAT_SHARING | PD_CAT_COLLECTION;
    f.severity = PD_SEV_MEDIUM;
    f.impact = PD_IMPACT_WORSE;
    f.reasons = reasons;
    f.nreasons = 1;
    cr_expect_eq(pd_flags_primary(&f), PD_CAT_SHARING);
    const pd_flags *list[] = {&f, &f};
    pd_buf out = PD_BUF_INIT;
    cr_assert_eq(pd_headline(&out, list, 2), 0);
    cr_expect_str_eq(out.ptr, "2 medium: sharing (new recipient: data brokers)");
    pd_buf_dispose(&out);
}

/* ---- the labelled set ---- */

static void run_set(const char *rel, pd_label_score *s)
{
    pd_label *l;
    size_t n;
    char err[256];
    cr_assert_eq(pd_labels_load(pd_test_path(rel), &l, &n, err, sizeof(err)), 0, "%s", err);
    memset(s, 0, sizeof(*s));
    for (size_t i = 0; i < n; i++) {
        pd_flags f;
        cr_assert_eq(pd_classify_change(&f, l[i].op, l[i].old_text, l[i].new_text, l[i].cosmetic),
                     0);
        int oc, os, oi;
        pd_label_score_add(s, &l[i], &f, &oc, &os, &oi);
        if (!(oc && os && oi))
            cr_log_info("%s line %d misses:%s%s%s", rel, l[i].line, oc ? "" : " category",
                        os ? "" : " severity", oi ? "" : " impact");
        pd_flags_dispose(&f);
    }
    pd_labels_free(l, n);
    double d = (double)s->n;
    /* to stderr as well: Criterion's TAP mode (meson) hides what tests print,
     * so run build/tests/classify/test_classify directly, or
     * scripts/eval_classify, to see the figures */
    fprintf(stderr,
            "# %s: %zu changes; category %.3f, main category %.3f, severity %.3f, impact %.3f; "
            "cosmetic flagged above none: %zu of %zu\n",
            rel, s->n, s->cat_ok / d, s->primary_ok / d, s->sev_ok / d, s->imp_ok / d,
            s->cosmetic_flagged, s->cosmetic_n);
    cr_log_info("%s: %zu changes; category %.3f, main category %.3f, severity %.3f, impact "
                "%.3f; cosmetic flagged above none: %zu of %zu",
                rel, s->n, s->cat_ok / d, s->primary_ok / d, s->sev_ok / d, s->imp_ok / d,
                s->cosmetic_flagged, s->cosmetic_n);
}

Test(classify, labelled_set_accuracy)
{
    pd_label_score s;
    run_set("classify/fixtures/labelled.tsv", &s);
    cr_assert_geq(s.n, 100);
    cr_assert_geq(s.cosmetic_n, 15);
    double d = (double)s.n;
    cr_expect_geq(s.cat_ok / d, 0.90);
    cr_expect_geq(s.sev_ok / d, 0.85);
    cr_expect_geq(s.imp_ok / d, 0.85);
    cr_expect_eq(s.cosmetic_flagged, 0);
}

/* The held-out sets are reported, not held to the targets (see
 * fixtures/README.md); cosmetic edits must still stay none. */
Test(classify, holdout_sets_are_reported)
{
    static const char *const sets[] = {"classify/fixtures/holdout.tsv",
                                       "classify/fixtures/holdout2.tsv",
                                       "classify/fixtures/holdout3.tsv"};
    for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
        pd_label_score s;
        run_set(sets[i], &s);
        cr_expect_eq(s.cosmetic_flagged, 0, "%s", sets[i]);
    }
}

Test(classify, a_substantive_change_always_has_a_category)
{
    pd_flags f;
    cr_assert_eq(pd_classify_change(&f, PD_OP_MODIFIED, "The sky is blue over the harbour.",
                                    "The sky is grey over the harbour.", 0),
                 0);
    cr_assert_neq(f.categories, 0u);
    cr_assert_neq(f.severity, PD_SEV_NONE);
    pd_flags_dispose(&f);
    cr_assert_eq(pd_classify_change(&f, PD_OP_MODIFIED, "Read this.", "Read  this!", 1), 0);
    cr_assert_eq(f.severity, PD_SEV_NONE);
    pd_flags_dispose(&f);
}

/* ---- the other changes as context ---- */

/* Classifies the changes of one diff in two passes, as the aligner does;
 * F gets the flags of the last one. */
static void classify_all(size_t n, const pd_op *ops, const char *const *olds,
                         const char *const *news)
{
    pd_classify_context *ctx = NULL;
    pd_flags f[8];
    cr_assert(n <= 8);
    cr_assert_eq(pd_classify_context_new(&ctx), 0);
    for (size_t i = 0; i < n; i++) {
        pd_flags init = PD_FLAGS_INIT;
        f[i] = init;
        cr_assert_eq(pd_classify_change_in(&f[i], ops[i], olds[i], news[i], 0, ctx), 0);
    }
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(pd_classify_apply_context(&f[i], ctx), 0);
    pd_classify_context_free(ctx);
    pd_flags_dispose(&F);
    F = f[n - 1];
    for (size_t i = 0; i + 1 < n; i++)
        pd_flags_dispose(&f[i]);
}

/* A removed clause whose right the new version still states in another
 * clause drops one level (medium to low, and neutral), saying so; gone from
 * the policy, it stays medium.  Sale is always judged on the clause alone.  An added
 * clause that states what the old version already did drops one level.  A
 * negation removed inside a clause is judged on the clause. */
Test(classify, context_of_the_other_changes)
{
    static const char removed[] = "You have the right to request deletion of your data.";

    classify_all(2, (const pd_op[]){PD_OP_ADDED, PD_OP_REMOVED}, (const char *const[]){"", removed},
                 (const char *const[]){"You can ask us to delete your data at any time.", ""});
    expect(PD_SEV_LOW, PD_IMPACT_NEUTRAL, PD_CAT_USER_RIGHTS);
    cr_expect(has_reason("right removed: deletion (still stated elsewhere)"));

    classify_all(2, (const pd_op[]){PD_OP_ADDED, PD_OP_REMOVED}, (const char *const[]){"", removed},
                 (const char *const[]){"You can ask us for a copy of your data.", ""});
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_USER_RIGHTS);
    cr_expect(has_reason("right removed: deletion"));

    /* sale: never revisited, however the other clause words it */
    classify_all(2, (const pd_op[]){PD_OP_ADDED, PD_OP_REMOVED},
                 (const char *const[]){"", "We do not sell your personal information."},
                 (const char *const[]){"Information about kids under 13 is never sold.", ""});
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_SALE);
    cr_expect(has_reason("commitment removed: \"do not sell\""));

    /* added: a right the old version already gave */
    classify_all(2, (const pd_op[]){PD_OP_REMOVED, PD_OP_ADDED},
                 (const char *const[]){"You have the right to request deletion of your data.", ""},
                 (const char *const[]){"", "You may ask us to delete your account and data."});
    dump();
    cr_expect_eq(F.severity, PD_SEV_LOW, "severity %s", pd_severity_name(F.severity));
    cr_expect(reason_starts("right added: deletion (already stated before)"));

    /* a reworded clause that now names what a removed clause named: not new */
    classify_all(2, (const pd_op[]){PD_OP_REMOVED, PD_OP_MODIFIED},
                 (const char *const[]){"We collect your precise location for maps.",
                                       "We collect your e-mail address."},
                 (const char *const[]){"", "We collect your e-mail address and your precise "
                                           "location."});
    dump();
    cr_expect_leq(F.severity, PD_SEV_MEDIUM, "severity %s", pd_severity_name(F.severity));
    cr_expect(reason_starts("new data type: precise location (already stated before)"));
    /* alone, it is new */
    classify_all(1, (const pd_op[]){PD_OP_MODIFIED},
                 (const char *const[]){"We collect your e-mail address."},
                 (const char *const[]){"We collect your e-mail address and your precise "
                                       "location."});
    cr_expect_geq(F.severity, PD_SEV_MEDIUM, "severity %s", pd_severity_name(F.severity));
    cr_expect(!strstr(F.reasons[0], "stated"), "%s", F.reasons[0]);
    /* a wording change inside a clause is judged on the clause alone */
    classify_all(2, (const pd_op[]){PD_OP_ADDED, PD_OP_MODIFIED},
                 (const char *const[]){"", "We do not sell your data."},
                 (const char *const[]){"We do not sell data to brokers.", "We sell your data."});
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_SALE);
}

/* A date written with numbers is not a phone number. */
Test(classify, numeric_dates_are_not_contact_details)
{
    classify(PD_OP_MODIFIED, "Last updated: 2022-01-01", "Last updated: 2023-05-05");
    cr_expect(!(F.categories & PD_CAT_CONTACT), "categories %#x", F.categories);
    classify(PD_OP_MODIFIED, "Effective 01/15/2023.", "Effective 02/20/2024.");
    cr_expect(!(F.categories & PD_CAT_CONTACT), "categories %#x", F.categories);
    classify(PD_OP_MODIFIED, "Call us at 415-555-1234.", "Call us at 415-555-9876.");
    cr_expect(F.categories & PD_CAT_CONTACT, "categories %#x", F.categories);
    classify(PD_OP_MODIFIED, "Call +1 212 555 2019.", "Call +1 212 555 2020.");
    cr_expect(F.categories & PD_CAT_CONTACT, "categories %#x", F.categories);
}

/* A commitment or a right kept in a reworded clause but for fewer people is
 * narrowed (worse), for more people widened (better). */
Test(classify, scope_narrowed_and_widened)
{
    classify(PD_OP_MODIFIED, "We do not sell your personal information.",
             "We do not sell the personal information of children under 13.");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_SALE);
    cr_expect(reason_starts("commitment narrowed: \"do not sell\""));
    classify(PD_OP_MODIFIED, "We do not sell the personal information of children.",
             "We do not sell your personal information.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_SALE);
    cr_expect(reason_starts("commitment widened: \"do not sell\""));
    classify(PD_OP_MODIFIED, "You can request deletion of your data.",
             "California residents can request deletion of their data.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_USER_RIGHTS);
    cr_expect(reason_starts("right narrowed: deletion"));
    /* the same people on both sides: nothing about scope */
    classify(PD_OP_MODIFIED, "We do not sell your personal information.",
             "We never sell your personal information.");
    cr_expect(!reason_starts("commitment narrowed"));
}

/* The matcher finds a prefix entry by its first three bytes: a shorter
 * one would never match, so none may be added. */
Test(classify, every_lexicon_entry_can_be_found)
{
    const char *bad = pd_cl_lexicon_unfindable();
    cr_expect_null(bad, "prefix entry \"%s\" is shorter than three bytes", bad ? bad : "");
}

/* A new clause saying AI is put to work on users' content that names no
 * practice the rules know is an AI use (medium, worse), quoting its AI
 * words; a clause that denies it, leaves it to the user, defines AI, or
 * speaks of "models" or "automated" things is not. */
Test(classify, a_new_clause_about_ai_is_an_ai_use)
{
    pd_flags f = PD_FLAGS_INIT;
    cr_assert_eq(pd_classify_change(&f, PD_OP_ADDED, "",
                                    "Our machine learning models take into account the "
                                    "conversations people have with the assistant to improve it.",
                                    0),
                 0);
    cr_expect_eq(f.severity, PD_SEV_MEDIUM, "%s", f.reasons[0]);
    cr_expect_eq(f.impact, PD_IMPACT_WORSE);
    cr_expect_eq(pd_flags_primary(&f), PD_CAT_AI);
    cr_expect(strstr(f.reasons[0], "AI use in a new clause: \"machine learning"), "%s",
              f.reasons[0]);
    pd_flags_dispose(&f);
    static const char *const not_a_use[] = {
        "Our machine learning models never take into account the conversations people have "
        "with the assistant to improve it.",
        "AI features that improve your messages are optional and you can turn them off at any "
        "time.",
        "Les fonctionnalit\xc3\xa9s d'IA qui am\xc3\xa9liorent vos messages sont facultatives "
        "pour tous.",
        "Artificial intelligence (AI) means a machine-based system that processes data.",
        "Our pricing models improve every year and are described with your data on the Plans "
        "page.",
        "We send automated emails to improve delivery of your order information.",
    };
    for (size_t i = 0; i < sizeof(not_a_use) / sizeof(not_a_use[0]); i++) {
        f = (pd_flags)PD_FLAGS_INIT;
        cr_assert_eq(pd_classify_change(&f, PD_OP_ADDED, "", not_a_use[i], 0), 0);
        cr_expect_not(f.nreasons && strstr(f.reasons[0], "AI use in a new clause"), "%zu: %s", i,
                      f.reasons[0]);
        pd_flags_dispose(&f);
    }
}

/* Capital letters with accents are lower-cased like ASCII ones: German
 * nouns and French capitals meet the lexicon's lower-case words. */
Test(classify, accented_capitals_are_lower_cased)
{
    pd_cl_text t;
    cr_assert_eq(pd_cl_tokenise(&t, "Übermittlung in die ÉTATS-UNIS, Œuvre 3×4"), 0);
    cr_assert_geq(t.n, 6);
    cr_expect_str_eq(t.tok[0].s, "übermittlung");
    cr_expect_str_eq(t.tok[3].s, "états");
    cr_expect_str_eq(t.tok[4].s, "unis");
    cr_expect_str_eq(t.tok[6].s, "œuvre");
    /* the multiplication sign is no letter: it stays as it is */
    cr_expect_str_eq(t.tok[7].s, "3×4");
    pd_cl_text_dispose(&t);
}

/* ---- French and German wordings ---- */

Test(classify, french_clauses_name_data_types_recipients_purposes_and_rights)
{
    classify(PD_OP_ADDED, "", "Nous partageons votre date de naissance avec nos sous-traitants.");
    cr_expect(has_reason("new data type: date of birth"));
    cr_expect(has_reason("new recipient: service providers"));
    classify(PD_OP_MODIFIED, "Nous collectons votre nom et prénom et votre adresse e-mail.",
             "Nous collectons votre nom et prénom, votre adresse e-mail, votre numéro de "
             "téléphone et les données de votre carte bancaire.");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_COLLECTION);
    cr_expect(has_reason("new data type: phone number"));
    cr_expect(has_reason("new data type: payment card details"));
    cr_expect(!has_reason("new data type: name"));
    classify(PD_OP_ADDED, "",
             "Nous transmettons vos données à des annonceurs et à nos sociétés affiliées à des "
             "fins publicitaires.");
    cr_expect(has_reason("new recipient: advertisers"));
    cr_expect(has_reason("new recipient: affiliates"));
    cr_expect(has_reason("new purpose: advertising"));
    classify(PD_OP_MODIFIED,
             "Vous disposez d'un droit d'accès, de rectification et d'effacement de vos données.",
             "Vous disposez d'un droit d'accès et de rectification de vos données.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_USER_RIGHTS);
    cr_expect(has_reason("right removed: deletion"));
    classify(PD_OP_MODIFIED, "Nous transférons vos données aux États-Unis.",
             "Nous transférons vos données aux États-Unis et en Chine.");
    cr_expect(has_reason("new transfer destination: China"));
    /* the company's right is no right of the user's */
    classify(PD_OP_ADDED, "", "Nous nous réservons le droit d'accéder à votre compte.");
    cr_expect_not(reason_starts("right added"));
}

Test(classify, german_clauses_name_data_types_recipients_purposes_and_rights)
{
    classify(PD_OP_ADDED, "", "Wir geben Ihr Geburtsdatum an unsere Auftragsverarbeiter weiter.");
    cr_expect(has_reason("new data type: date of birth"));
    cr_expect(has_reason("new recipient: service providers"));
    classify(PD_OP_MODIFIED, "Wir erheben Ihre E-Mail-Adresse.",
             "Wir erheben Ihre E-Mail-Adresse, Ihre Telefonnummer und eine Kopie Ihres "
             "Personalausweises.");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_COLLECTION);
    cr_expect(has_reason("new data type: phone number"));
    cr_expect(has_reason("new data type: government identifiers"));
    classify(PD_OP_ADDED, "",
             "Wir übermitteln Ihre Daten zu Werbezwecken an Werbetreibende und Datenhändler.");
    cr_expect(has_reason("new recipient: advertisers"));
    cr_expect(has_reason("new recipient: data brokers"));
    cr_expect(has_reason("new purpose: advertising"));
    classify(PD_OP_MODIFIED, "Sie haben das Recht auf Auskunft, Berichtigung und Löschung.",
             "Sie haben das Recht auf Auskunft und Berichtigung.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_WORSE, PD_CAT_USER_RIGHTS);
    cr_expect(has_reason("right removed: deletion"));
    /* "geben ... nicht ... weiter": the split verb keeps its negation */
    classify(PD_OP_MODIFIED, "Wir geben Ihre Daten nicht an Dritte weiter.",
             "Wir geben Ihre Daten an Dritte weiter.");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_SHARING);
    classify(PD_OP_MODIFIED, "Wir verschlüsseln Ihre Daten im Ruhezustand und bei der Übertragung.",
             "Wir verschlüsseln Ihre Daten bei der Übertragung.");
    cr_expect(has_reason("security measure removed: encryption at rest"));
    classify(PD_OP_ADDED, "", "Wir behalten uns das Recht vor, Ihr Konto zu löschen.");
    cr_expect_not(reason_starts("right added"));
}

/* Everyday phrases with a data type's word name nobody's data */
Test(classify, french_and_german_everyday_phrases_are_no_data_types)
{
    classify(PD_OP_ADDED, "", "Nous collectons les paiements au nom de la société.");
    cr_expect_not(reason_starts("new data type"));
    classify(PD_OP_ADDED, "", "Nous recueillons les avis à l'adresse suivante : 1 rue de Paris.");
    cr_expect_not(reason_starts("new data type"));
    classify(PD_OP_ADDED, "", "Wir erheben die Gebühren im Namen unseres Partners.");
    cr_expect_not(reason_starts("new data type"));
    /* turnover ("chiffre d'affaires") is no encryption */
    classify(PD_OP_ADDED, "", "Notre chiffre d'affaires a augmenté.");
    cr_expect(!(F.categories & PD_CAT_SECURITY));
    /* a customer's complaint about an order is no right */
    classify(PD_OP_ADDED, "",
             "Toute réclamation relative à une commande doit être adressée au service client.");
    cr_expect_not(reason_starts("right added"));
}

/* A French negation covers the verb's objects after "pas", "jamais" (its
 * recipients, trackers and places), as an English one does; German "nicht
 * ohne Ihre Einwilligung" is a commitment with an exception, as "do not
 * share ... without your consent" is. */
Test(classify, french_and_german_negations_cover_recipients_trackers_and_places)
{
    classify(PD_OP_ADDED, "",
             "Wir geben Ihre Daten nicht ohne Ihre Einwilligung an Dritte weiter.");
    expect(PD_SEV_LOW, PD_IMPACT_BETTER, PD_CAT_SHARING);
    cr_expect(reason_starts("new commitment with exceptions"));
    cr_expect_not(reason_starts("new recipient"));
    cr_expect_not(reason_starts("new practice"));
    classify(PD_OP_ADDED, "", "Nous ne suivons pas votre activité sur d'autres sites.");
    expect(PD_SEV_LOW, PD_IMPACT_BETTER, PD_CAT_TRACKING);
    cr_expect_not(reason_starts("new tracking"));
    classify(PD_OP_ADDED, "", "Vos données ne sont pas transférées hors de l'Union européenne.");
    cr_expect_eq(F.impact, PD_IMPACT_BETTER);
    cr_expect_not(reason_starts("new transfer destination"));
    static const char *const no_recipient[] = {
        "Nous ne cédons jamais vos données personnelles à des tiers.",
        "Nous ne fournissons pas vos données à des annonceurs.",
        "Nous ne partageons pas vos données avec des annonceurs.",
        "Nous ne communiquons jamais vos données à des tiers.",
        "Nous ne partageons pas vos données avec des tiers sans votre consentement.",
    };
    for (size_t i = 0; i < sizeof(no_recipient) / sizeof(no_recipient[0]); i++) {
        classify(PD_OP_ADDED, "", no_recipient[i]);
        cr_expect_eq(F.impact, PD_IMPACT_BETTER, "%s", no_recipient[i]);
        cr_expect_not(reason_starts("new recipient"), "%s", no_recipient[i]);
    }
    /* the scope ends at a comma or a new clause */
    classify(PD_OP_ADDED, "",
             "Nous ne vendons pas vos données, mais nous les partageons avec des annonceurs.");
    cr_expect(has_reason("new recipient: advertisers"));
}

/* "sous réserve de la loi", "vorbehaltlich": subject to, not a right the
 * company reserves */
Test(classify, subject_to_the_law_keeps_the_users_right)
{
    classify(PD_OP_ADDED, "", "Vous avez, sous réserve de la loi, le droit d'accès à vos données.");
    cr_expect(has_reason("right added: access"));
    classify(PD_OP_ADDED, "",
             "Vorbehaltlich gesetzlicher Aufbewahrungspflichten haben Sie das Recht auf Löschung "
             "Ihrer Daten.");
    cr_expect(has_reason("right added: deletion"));
    classify(PD_OP_ADDED, "", "La société se réserve le droit d'accéder à votre compte.");
    cr_expect_not(reason_starts("right added"));
}

/* Everyday French and German words that are no practice, data type,
 * tracker, recipient or safeguard: each sentence, and the reason prefixes
 * it must not give */
Test(classify, french_and_german_everyday_words_are_no_practices)
{
    static const struct {
        const char *text, *not1, *not2;
    } cases[] = {
        {"Nous suivons les recommandations de la CNIL en matière de sécurité.", "new practice",
         "new purpose"},
        {"Mit unserem Empfehlungsprogramm erhalten Sie einen Gutschein für jeden geworbenen "
         "Freund.",
         "new practice", "new purpose"},
        {"Weitere Informationen erhalten Sie bei unseren Partnern.", "new practice", NULL},
        {"Der Anbieter teilt dem Kunden Änderungen der Preise rechtzeitig mit.", "new practice",
         NULL},
        {"Wir teilen Ihnen Änderungen dieser Bedingungen per E-Mail mit.", "new practice", NULL},
        {"Le Prestataire s'engage à fournir les services décrits au contrat avec diligence.",
         "new recipient", "new practice"},
        {"Bei der Übertragung von Rechten aus diesem Vertrag ist unsere Zustimmung erforderlich.",
         "security measure added", NULL},
        {"Les marchandises en transit restent sous la responsabilité du transporteur.",
         "security measure added", NULL},
        {"Wir verwenden einen digitalen Fingerabdruck Ihres Browsers, um Betrug zu verhindern.",
         "new data type", NULL},
        {"Nous conservons les factures pendant dix ans, conformément aux obligations financières "
         "et comptables.",
         "new data type", NULL},
        {"Pour vos échanges et retours, veuillez utiliser le formulaire en ligne.", "new data type",
         NULL},
        {"Nous collectons les paiements en votre nom auprès des acheteurs.", "new data type", NULL},
        {"Die Bilder werden nicht auf unseren Servern gespeichert, sondern nur lokal auf Ihrem "
         "Gerät verarbeitet.",
         "new data type", NULL},
        {"Votre demande de remboursement est traitée sous 14 jours.", "new practice", NULL},
        /* French-only words in English: "localisation", "demanded" */
        {"Content localisation is provided by our translation vendors.", "new data type", NULL},
        {"If law enforcement demanded access to your data, we would review the request.",
         "right added", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        classify(PD_OP_ADDED, "", cases[i].text);
        cr_expect_not(reason_starts(cases[i].not1), "%s: %s", cases[i].text, cases[i].not1);
        if (cases[i].not2)
            cr_expect_not(reason_starts(cases[i].not2), "%s: %s", cases[i].text, cases[i].not2);
    }
    /* what they were taken for is still read */
    classify(PD_OP_ADDED, "", "Wir verwenden einen Browser-Fingerabdruck zur Betrugsprävention.");
    cr_expect(has_reason("new tracking: device fingerprinting"));
    classify(PD_OP_ADDED, "",
             "Nous collectons vos empreintes digitales et vos données financières.");
    cr_expect(has_reason("new data type: biometric identifiers"));
    cr_expect(has_reason("new data type: financial information"));
    classify(PD_OP_ADDED, "", "Wir erheben Ihre Fingerabdrücke und Ihre Bilder.");
    cr_expect(has_reason("new data type: biometric identifiers"));
    cr_expect(has_reason("new data type: photos"));
    classify(PD_OP_ADDED, "", "Wir teilen Ihre Daten mit Dritten.");
    cr_expect(has_reason("new practice: sharing"));
    classify(PD_OP_ADDED, "", "Vos données sont chiffrées en transit.");
    cr_expect(has_reason("security measure added: encryption in transit"));
    classify(PD_OP_ADDED, "", "Nous partageons vos données avec notre prestataire de paiement.");
    cr_expect(has_reason("new recipient: service providers"));
    classify(PD_OP_ADDED, "", "Nous collectons votre nom et votre localisation.");
    cr_expect(has_reason("new data type: name"));
    cr_expect(has_reason("new data type: location"));
    classify(PD_OP_ADDED, "", "Vos données sont traitées par nos équipes.");
    cr_expect(reason_starts("new practice: use"));
}

/* Shop and contract boilerplate is no right: a French or German right
 * needs its data, a consent to withdraw or an authority to complain to */
Test(classify, french_and_german_shop_terms_are_no_rights)
{
    static const char *const no_right[] = {
        "Sie können Eingabefehler vor Absenden der Bestellung jederzeit korrigieren.",
        "Vous pouvez corriger les erreurs de saisie avant de valider votre commande.",
        "Sie haben das Recht, binnen vierzehn Tagen ohne Angabe von Gründen diesen Vertrag zu "
        "widerrufen.",
        "Vous pouvez adresser toute réclamation auprès de notre service client par téléphone.",
        "Bei Fragen zu Ihrer Bestellung können Sie eine Beschwerde bei unserem Kundenservice "
        "einreichen.",
        "Sie können Auskunft zu Lieferzeiten und Versandkosten bei unserem Kundenservice "
        "erhalten.",
        "Vous pouvez contacter notre fournisseur d'accès pour toute question technique.",
        "Vous pouvez télécharger une copie des présentes conditions au format PDF.",
        "Vous pouvez accéder au service depuis votre ordinateur ou votre mobile.",
        "Vous pouvez faire opposition au paiement auprès de votre banque en cas de fraude.",
        "Vous pouvez effacer l'historique de vos recherches dans les paramètres.",
    };
    for (size_t i = 0; i < sizeof(no_right) / sizeof(no_right[0]); i++) {
        classify(PD_OP_ADDED, "", no_right[i]);
        cr_expect_not(reason_starts("right added"), "%s", no_right[i]);
    }
    static const struct {
        const char *text, *right;
    } rights[] = {
        {"Sie haben das Recht auf Auskunft.", "right added: access"},
        {"Vous pouvez accéder à vos données et les corriger.", "right added: access"},
        {"Sie können Ihre Daten jederzeit korrigieren.", "right added: correction"},
        {"Sie können Ihre Einwilligung jederzeit widerrufen.", "right added: consent withdrawal"},
        {"Vous pouvez introduire une réclamation auprès de la CNIL, autorité de contrôle.",
         "right added: complaint"},
        {"Sie haben das Recht, Beschwerde bei einer Aufsichtsbehörde einzulegen.",
         "right added: complaint"},
        {"Sie können der Verarbeitung jederzeit widersprechen.", "right added: objection"},
    };
    for (size_t i = 0; i < sizeof(rights) / sizeof(rights[0]); i++) {
        classify(PD_OP_ADDED, "", rights[i].text);
        cr_expect(has_reason(rights[i].right), "%s: %s", rights[i].text, rights[i].right);
    }
}

/* A French negation's scope ends at a new subject and with the condition it
 * sits in, goes on over a list of objects after a comma, and is none at
 * all in "n'hésiterons pas à", "ne manquerons pas de", "pas uniquement". */
Test(classify, a_french_negation_ends_where_its_clause_does)
{
    static const struct {
        const char *text;
        const char *want; /* in the reasons */
        const char *not_want;
    } cases[] = {
        {"Lorsque vous ne vous connectez pas nous collectons votre adresse IP.",
         "new data type: IP address", "data type excluded"},
        {"Nous n'h\xc3\xa9siterons pas \xc3\xa0 communiquer vos donn\xc3\xa9"
         "es aux "
         "autorit\xc3\xa9s.",
         "new recipient: law enforcement", "new commitment"},
        {"Nous ne manquerons pas de partager vos donn\xc3\xa9"
         "es avec nos partenaires "
         "publicitaires.",
         "new recipient: advertisers", "new commitment"},
        {"Nous ne collectons pas uniquement votre adresse e-mail mais aussi votre position "
         "pr\xc3\xa9"
         "cise.",
         "new data type: email address", "data type excluded"},
        {"Nous ne transf\xc3\xa9rons pas vos donn\xc3\xa9"
         "es, y compris votre historique de "
         "navigation, vers les \xc3\x89tats-Unis.",
         "new commitment", "new transfer destination"},
        {"Nous ne vendons pas vos donn\xc3\xa9"
         "es, nous les partageons avec des annonceurs.",
         "new recipient: advertisers", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pd_flags f = PD_FLAGS_INIT;
        cr_assert_eq(pd_classify_change(&f, PD_OP_ADDED, "", cases[i].text, 0), 0);
        int has = 0, bad = 0;
        for (size_t r = 0; r < f.nreasons; r++) {
            has |= strstr(f.reasons[r], cases[i].want) != NULL;
            bad |= cases[i].not_want && strstr(f.reasons[r], cases[i].not_want) != NULL;
        }
        cr_expect(has, "%zu: no \"%s\" in %s", i, cases[i].want, f.nreasons ? f.reasons[0] : "");
        cr_expect_not(bad, "%zu: \"%s\"", i, cases[i].not_want);
        pd_flags_dispose(&f);
    }
}

/* A sentence that tells users not to do something is a rule for them,
 * not a practice of the company's; the company's own "we do not share"
 * stays a promise. */
Test(classify, a_rule_for_users_is_no_practice)
{
    static const char *const rules[] = {
        "Do not share synthetic or manipulated media of a person without saying it is altered.",
        "Please don't sell, rent or share your account with anyone.",
        "Never share another member's private information.",
    };
    for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
        classify(PD_OP_ADDED, "", rules[i]);
        cr_expect_leq(F.severity, PD_SEV_LOW, "rule %zu", i);
        cr_expect(!reason_starts("new commitment"), "rule %zu", i);
        cr_expect(!reason_starts("new practice"), "rule %zu", i);
    }
    classify(PD_OP_ADDED, "", "Ne partagez pas votre mot de passe avec des tiers.");
    cr_expect(!reason_starts("new commitment"));
    classify(PD_OP_ADDED, "",
             "Nous ne partageons pas vos donn\xc3\xa9"
             "es avec des tiers.");
    cr_expect(reason_starts("new commitment"));
    classify(PD_OP_ADDED, "", "We do not share your personal information with advertisers.");
    cr_expect(reason_starts("new commitment"));
    classify(PD_OP_ADDED, "", "Do you know that we share your data with our partners?");
    cr_expect(F.categories & PD_CAT_SHARING);
}

/* A promise to report unauthorised access is a breach notice, in
 * English and French; protection against such access is no notice. */
Test(classify, a_notice_of_unauthorised_access_is_a_breach_notice)
{
    classify(PD_OP_ADDED, "",
             "We will notify you if we become aware of unauthorized access to your content.");
    expect(PD_SEV_MEDIUM, PD_IMPACT_BETTER, PD_CAT_SECURITY);
    cr_expect(has_reason("security measure added: breach notification"));
    classify(PD_OP_ADDED, "",
             "Nous vous informerons de tout acc\xc3\xa8s non autoris\xc3\xa9 \xc3\xa0 vos "
             "donn\xc3\xa9"
             "es.");
    cr_expect(has_reason("security measure added: breach notification"));
    classify(PD_OP_ADDED, "", "We protect your data against unauthorized access.");
    cr_expect(!has_reason("security measure added: breach notification"));
}

/* A complaint is the user's right where it goes to an authority or is
 * called a right; a complaint about an order, or one that makes the
 * company keep data longer, is not. */
Test(classify, a_complaint_is_a_right_only_before_an_authority)
{
    classify(PD_OP_ADDED, "",
             "You have the right to lodge a complaint with a supervisory authority.");
    cr_expect(has_reason("right added: complaint"));
    classify(PD_OP_ADDED, "", "You can complain to the Information Commissioner.");
    cr_expect(has_reason("right added: complaint"));
    classify(PD_OP_ADDED, "",
             "In the event of a complaint, we retain your information for a longer period.");
    cr_expect(!has_reason("right added: complaint"));
    classify(PD_OP_ADDED, "", "If you have a complaint about an order, contact customer service.");
    cr_expect(!has_reason("right added: complaint"));
}

/* An arbitration clause or a fee that a clause says does not apply, or
 * lets users opt out of, limits it: low, better; one stated is still a
 * loss. */
Test(classify, terms_that_do_not_apply_are_a_limit)
{
    classify(PD_OP_ADDED, "",
             "The arbitration agreement and class action waiver shall not apply if unenforceable "
             "under the laws of the country in which you reside.");
    expect(PD_SEV_LOW, PD_IMPACT_BETTER, PD_CAT_DISPUTES);
    cr_expect(reason_starts("arbitration or class-action waiver limited"));
    classify(PD_OP_ADDED, "", "The late fee does not apply to accounts in good standing.");
    expect(PD_SEV_LOW, PD_IMPACT_BETTER, PD_CAT_PAYMENT);
    classify(PD_OP_ADDED, "", "Any dispute will be resolved by binding arbitration.");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_DISPUTES);
    /* in French and German too */
    classify(PD_OP_ADDED, "",
             "La clause d\xe2\x80\x99"
             "arbitrage ne s\xe2\x80\x99"
             "applique pas aux "
             "consommateurs.");
    expect(PD_SEV_LOW, PD_IMPACT_BETTER, PD_CAT_DISPUTES);
    classify(PD_OP_ADDED, "", "Die Schiedsvereinbarung gilt nicht f\xc3\xbcr Verbraucher.");
    expect(PD_SEV_LOW, PD_IMPACT_BETTER, PD_CAT_DISPUTES);
    classify(PD_OP_ADDED, "", "Tout litige sera soumis \xc3\xa0 un arbitrage.");
    expect(PD_SEV_HIGH, PD_IMPACT_WORSE, PD_CAT_DISPUTES);
    /* a carve-out of an arbitration clause limits it too */
    classify(PD_OP_MODIFIED, "Disputes are resolved by binding arbitration.",
             "Disputes are resolved by binding arbitration, which does not apply to small claims.");
    expect(PD_SEV_LOW, PD_IMPACT_BETTER, PD_CAT_DISPUTES);
}

/* An age limit names children whatever else the clause names ("use the
 * Services"): a cosmetic edit of it keeps that topic. */
Test(classify, an_age_limit_is_about_children)
{
    static const char *const ages[] = {
        "No one under 13 is allowed to create an account or use the Services.",
        "You must be 16 years of age or older to use the Services.",
        "We close accounts of users we suspect are underage.",
        "A parent or guardian must agree to these Terms for you.",
    };
    for (size_t i = 0; i < sizeof(ages) / sizeof(ages[0]); i++) {
        pd_flags_dispose(&F);
        cr_assert_eq(pd_classify_change(&F, PD_OP_MODIFIED, ages[i], ages[i], 1), 0);
        cr_expect(F.categories & PD_CAT_CHILDREN, "clause %zu: %#x", i, F.categories);
    }
}

/* What an independent review found the first versions of these rules
 * misread: an opt-out of something else, a duty of the user's, "not
 * apply" said of another thing. */
Test(classify, limits_breach_notices_and_complaints_misread_before)
{
    classify(PD_OP_ADDED, "",
             "You and Acme agree to resolve disputes by binding arbitration. You may opt out of "
             "marketing emails at any time.");
    cr_expect(reason_starts("arbitration or class-action waiver added"));
    classify(PD_OP_ADDED, "",
             "Subscriptions automatically renew unless you opt out before the end of the term.");
    cr_expect(reason_starts("fees or automatic renewal added"));
    classify(PD_OP_ADDED, "", "If you do not opt out, you agree to arbitration.");
    cr_expect(reason_starts("arbitration or class-action waiver added"));
    classify(PD_OP_ADDED, "", "Fees are non-refundable and you may not apply for a refund.");
    cr_expect(reason_starts("fees or automatic renewal added"));
    classify(PD_OP_ADDED, "",
             "Any arbitration award is final and you cannot apply to a court to set it aside.");
    cr_expect(reason_starts("arbitration or class-action waiver added"));
    classify(PD_OP_ADDED, "",
             "We may terminate your account at any time, and the notice period does not apply.");
    cr_expect(reason_starts("termination at the service's discretion added"));
    classify(PD_OP_REMOVED, "Disputes are resolved by arbitration, unless you opt out.", "");
    cr_expect(reason_starts("arbitration or class-action waiver removed"));
    classify(PD_OP_ADDED, "",
             "You must notify us immediately of any unauthorized access to your account.");
    cr_expect(!has_reason("security measure added: breach notification"));
    classify(PD_OP_ADDED, "",
             "Please notify us immediately if you become aware of any unauthorized access.");
    cr_expect(!has_reason("security measure added: breach notification"));
    classify(PD_OP_ADDED, "",
             "We protect your information against unauthorized access, and we will inform you "
             "about changes to this policy by email.");
    cr_expect(!has_reason("security measure added: breach notification"));
    cr_expect(has_reason("change notice added"));
    classify(PD_OP_ADDED, "", "If you are unhappy, you can complain to the ICO.");
    cr_expect(has_reason("right added: complaint"));
    classify(PD_OP_ADDED, "", "Complaints are retained as required by our regulatory obligations.");
    cr_expect(!has_reason("right added: complaint"));
}
