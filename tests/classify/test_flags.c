/* Tests for what issue 14 added to the change flags: the terms-of-service
 * categories and their rules, business transfers, French and German words,
 * the edit's shape (typos, negations, quantities), the language of a
 * version, and the flag model's weights text.  Each goes through the whole
 * pipeline (pd_diff_texts) a user's `diff` runs. */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "classify/diff.h"
#include "util/lang.h"
#include "classify/model.h"
#include "support/testutil.h"
#include "util/error.h"

static pd_diff *D;

static void fini(void)
{
    pd_diff_free(D);
    D = NULL;
}

/* One clause (old -> new; "" for the missing side) as two versions. */
static const pd_change *one(const char *old_text, const char *new_text)
{
    pd_diff_free(D);
    D = NULL;
    cr_assert_eq(pd_diff_texts(&D, old_text, strlen(old_text), new_text, strlen(new_text), NULL),
                 0);
    cr_assert_eq(D->nchanges, 1, "%zu changes", D->nchanges);
    return &D->changes[0];
}

static int reason_has(const pd_change *c, const char *needle)
{
    for (size_t i = 0; i < c->flags.nreasons; i++)
        if (strstr(c->flags.reasons[i], needle))
            return 1;
    return 0;
}

TestSuite(flags, .fini = fini);

Test(flags, an_arbitration_clause_added_is_high_and_worse_removed_is_better)
{
    const char *clause = "You and we agree to resolve any dispute by binding arbitration and "
                         "waive any right to take part in a class action.\n";
    const pd_change *c = one("", clause);
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_DISPUTES);
    cr_assert_eq(c->flags.severity, PD_SEV_HIGH);
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
    cr_assert(reason_has(c, "\"arbitration\""), "%s", c->flags.reasons[0]);
    c = one(clause, "");
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_DISPUTES);
    cr_assert_eq(c->flags.severity, PD_SEV_MEDIUM);
    cr_assert_eq(c->flags.impact, PD_IMPACT_BETTER);
}

Test(flags, a_perpetual_licence_for_ai_training_is_high)
{
    const pd_change *c = one("", "You grant us an irrevocable, perpetual, transferable and "
                                 "sublicensable licence to your content.\n");
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_CONTENT_LICENSE);
    cr_assert_eq(c->flags.severity, PD_SEV_HIGH);
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
    cr_assert(reason_has(c, "\"irrevocable\""));
    /* a licence that also names what it allows ("access, use, store,
     * disclose"): the practices do not hide the licence */
    c = one("", "You hereby grant Example a perpetual, worldwide, sublicensable and transferable "
                "license and all other rights necessary to access, use, store, disclose and modify "
                "Customer Content.\n");
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_CONTENT_LICENSE, "%s", c->flags.reasons[0]);
    cr_assert_eq(c->flags.severity, PD_SEV_HIGH, "%s", c->flags.reasons[0]);
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
}

/* A terms cue that comes beside the ones already there still tells: "for
 * any reason" added where "without notice" was is a loss. */
Test(flags, a_terms_cue_added_beside_another_tells)
{
    static const char *const before = "We may terminate your account without notice.\n";
    static const char *const after =
        "We may terminate your account without notice, at our discretion, for any reason.\n";
    const pd_change *c = one(before, after);
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_TERMINATION);
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
    cr_assert(reason_has(c, "added: \"any reason\""), "%s", c->flags.reasons[0]);
    /* one cue for another is a rewording, neither a loss nor a gain */
    c = one("The service is provided as is and we are not liable for any damages.\n",
            "The service is provided as is and we disclaim all liability for any damages.\n");
    cr_assert_not(reason_has(c, "removed"), "%s", c->flags.reasons[0]);
    c = one("We may terminate your account at any time for any reason.\n",
            "We may terminate your account at any time for any cause whatsoever.\n");
    cr_assert_not(reason_has(c, "removed"), "%s", c->flags.reasons[0]);
}

/* Changes that bind whoever goes on using the service are a loss when they
 * come, in the three languages; accepting the terms at sign-up is not
 * about changes, and a choice offered before a change is no such clause. */
Test(flags, changes_accepted_by_continued_use_are_worse)
{
    static const char *const clauses[] = {
        "Your continued use of the Service after we post changes constitutes your "
        "acceptance of the revised Terms.\n",
        "By using the Services after such changes, you agree to be bound by them.\n",
        "En continuant à utiliser le service après ces modifications, vous acceptez les "
        "nouvelles conditions.\n",
        "Durch die weitere Nutzung des Dienstes nach Inkrafttreten der Änderungen stimmen Sie "
        "diesen zu.\n"};
    for (size_t i = 0; i < 4; i++) {
        const pd_change *c = one("", clauses[i]);
        cr_assert(reason_has(c, "changes accepted by continued use"), "%s", clauses[i]);
        cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_POLICY_CHANGE, "%s", clauses[i]);
        cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE, "%s", clauses[i]);
    }
    const pd_change *c = one("", "By using our services, you agree to these Terms.\n");
    cr_assert_not(reason_has(c, "continued use"));
    c = one("", "If you do not agree to the changes, you must stop using the Services.\n");
    cr_assert_not(reason_has(c, "continued use"));
    c = one("", "Material changes will not apply to you until you accept them, and your continued "
                "use of the Service will not count as acceptance.\n");
    cr_assert_not(reason_has(c, "continued use"), "%s", c->flags.reasons[0]);
    c = one("", "We will ask for your consent to material changes before you can continue using "
                "the Service.\n");
    cr_assert_not(reason_has(c, "continued use"), "%s", c->flags.reasons[0]);
}

/* Something newly left to the service's discretion is a loss; the user's
 * discretion is not the service's. */
Test(flags, the_services_discretion_added_is_worse)
{
    const pd_change *c =
        one("We reserve the right to revoke the free trial if you are not eligible.\n",
            "Eligibility is determined by us at our sole discretion and we reserve "
            "the right to revoke the free trial.\n");
    cr_assert(reason_has(c, "left to the service's discretion"), "%s", c->flags.reasons[0]);
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
    c = one("", "L’éligibilité est déterminée à notre seule discrétion.\n");
    cr_assert(reason_has(c, "left to the service's discretion"), "%s", c->flags.reasons[0]);
    static const char *const not_ours[] = {
        "You may export your posts at your discretion.\n",
        "Refunds are granted at the discretion of the account holder.\n",
        "The decision is not left to our discretion; we must delete your data.\n",
        "L'utilisateur s'engage à faire preuve de discrétion.\n"};
    for (size_t i = 0; i < 4; i++) {
        c = one("", not_ours[i]);
        cr_assert_not(reason_has(c, "left to the service's discretion"), "%s", not_ours[i]);
    }
}

/* A clause added that requires a minimum age keeps children out: low and
 * better; an age lowered stays a loss. */
Test(flags, a_minimum_age_required_is_better)
{
    const pd_change *c =
        one("", "Starting on 17 November, you'll need to be at least 18 years old to host a "
                "livestream.\n");
    cr_assert(reason_has(c, "minimum age stated: 18"), "%s", c->flags.reasons[0]);
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_CHILDREN);
    cr_assert_eq(c->flags.impact, PD_IMPACT_BETTER);
    c = one("You must be at least 16 years old to use the Services.\n",
            "You must be at least 13 years old to use the Services.\n");
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
    c = one("", "Vous devez avoir au moins 16 ans pour utiliser le service.\n");
    cr_assert(reason_has(c, "minimum age stated: 16"), "%s", c->flags.reasons[0]);
    c = one("", "Sie müssen mindestens 16 Jahre alt sein, um den Dienst zu nutzen.\n");
    cr_assert(reason_has(c, "minimum age stated: 16"), "%s", c->flags.reasons[0]);
    /* an age requirement lifted, ages spanned, a length or a time is no
     * minimum age */
    static const char *const not_ages[] = {
        "We no longer require users to be at least 18 years old; teens aged 13 to 17 may now "
        "create accounts.\n",
        "Your password must be at least 16 characters long.\n",
        "Ads must be displayed for at least 15 seconds.\n",
        "Les utilisateurs doivent avoir au moins 20 ans d'expérience professionnelle.\n"};
    for (size_t i = 0; i < 4; i++) {
        c = one("", not_ages[i]);
        cr_assert_not(reason_has(c, "minimum age"), "%s", not_ages[i]);
    }
    c = one("", "Vous devez être âgé d'au moins 13 ans.\n");
    cr_assert(reason_has(c, "minimum age stated: 13"), "%s", c->flags.reasons[0]);
    /* a period is no age, even of children's data */
    c = one("Les données des enfants sont conservées 2 ans.\n",
            "Les données des enfants sont conservées 10 ans.\n");
    cr_assert(reason_has(c, "retention period"), "%s", c->flags.reasons[0]);
    c = one("", "Die Daten werden mindestens 10 Jahre aufbewahrt.\n");
    cr_assert_not(reason_has(c, "minimum age"), "%s", c->flags.reasons[0]);
    c = one("", "Vos données sont conservées au moins 10 ans.\n");
    cr_assert_not(reason_has(c, "minimum age"), "%s", c->flags.reasons[0]);
    c = one("", "Our team has grown to 18 people over 5 years.\n");
    cr_assert_not(reason_has(c, "minimum age"), "%s", c->flags.reasons[0]);
}

Test(flags, termination_and_fees_have_their_categories)
{
    const pd_change *c =
        one("", "We may suspend or terminate your account at any time for any reason.\n");
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_TERMINATION);
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
    c = one("", "Your subscription renews automatically and fees are non refundable.\n");
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_PAYMENT);
    cr_assert_eq(pd_category_from_name("content-license"), PD_CAT_CONTENT_LICENSE);
    cr_assert_str_eq(pd_category_name(PD_CAT_LIABILITY), "liability");
}

/* "Not responsible for content shared by third parties" disclaims what
 * others do: a liability clause, not a promise not to share, in the three
 * languages; a promise not to share beside it stays one. */
Test(flags, a_disclaimer_of_responsibility_is_liability_not_a_promise)
{
    static const char *const disclaimers[] = {
        "We are not responsible for content shared by third parties.\n",
        "Nous ne sommes pas responsables des contenus communiqués par des tiers.\n",
        "Wir sind nicht verantwortlich für Inhalte, die von Dritten übermittelt werden.\n"};
    for (size_t i = 0; i < 3; i++) {
        const pd_change *c = one("", disclaimers[i]);
        cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_LIABILITY, "%s", disclaimers[i]);
        cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE, "%s", disclaimers[i]);
        cr_assert_not(reason_has(c, "commitment"), "%s", disclaimers[i]);
    }
    const pd_change *c =
        one("", "We do not share your data, and we are not responsible for what you post.\n");
    cr_assert(reason_has(c, "new commitment"), "%s", c->flags.reasons[0]);
    /* responsibility not denied disclaims nothing: the promise stays one */
    c = one("Acme is responsible for your personal data and does not sell it.\n", "");
    cr_assert(reason_has(c, "commitment removed"), "%s", c->flags.reasons[0]);
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
    /* the controller ("le responsable du traitement") disclaims nothing */
    c = one("", "Le responsable du traitement est la société Exemple.\n");
    cr_assert_neq(pd_flags_primary(&c->flags), PD_CAT_LIABILITY);
}

/* A deletion in a sentence about backups says how long copies outlive it:
 * no promise to delete, and never better for users; a deletion without
 * backups stays a commitment. */
Test(flags, copies_kept_in_backups_are_no_promise_to_delete)
{
    const pd_change *c = one("", "After the content is deleted, it may take us up to another "
                                 "ninety days to remove it from backups.\n");
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_RETENTION);
    cr_assert_neq(c->flags.impact, PD_IMPACT_BETTER, "%s", c->flags.reasons[0]);
    cr_assert_not(reason_has(c, "commitment"), "%s", c->flags.reasons[0]);
    c = one("",
            "Les données supprimées peuvent subsister dans nos sauvegardes pendant 90 jours.\n");
    cr_assert_not(reason_has(c, "commitment"), "%s", c->flags.reasons[0]);
    c = one("", "After you delete your account, we delete your data within 30 days.\n");
    cr_assert(reason_has(c, "new commitment"), "%s", c->flags.reasons[0]);
    /* backups a deletion covers, and "Sicherung" as safeguarding, leave the promise */
    c = one("", "We will delete your data within 30 days, including any copies in our backups.\n");
    cr_assert(reason_has(c, "new commitment"), "%s", c->flags.reasons[0]);
    c = one("", "Zur Sicherung Ihrer Privatsphäre löschen wir Ihre Daten nach 30 Tagen.\n");
    cr_assert(reason_has(c, "new commitment"), "%s", c->flags.reasons[0]);
}

Test(flags, a_business_transfer_is_sharing_never_sale)
{
    const pd_change *c = one("", "If we sell, buy, merge or reorganise our business, or sell some "
                                 "or all of our assets, your personal information may be "
                                 "transferred to the buyer.\n");
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_SHARING);
    cr_assert_neq(c->flags.severity, PD_SEV_HIGH);
    /* a real sale stays a sale */
    c = one("", "We may sell your personal information to data brokers.\n");
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_SALE);
    cr_assert_eq(c->flags.severity, PD_SEV_HIGH);
    /* and so does a sale of data beside goods */
    c = one("", "We may sell your data and products to partners.\n");
    cr_assert(reason_has(c, "new practice: sale"), "%s", c->flags.reasons[0]);
    c = one("", "Some of the services we use sell your personal information to data brokers.\n");
    cr_assert(reason_has(c, "new practice: sale"), "%s", c->flags.reasons[0]);
    /* goods sold are trade: the arbitration clause is what changed */
    c = one("", "Any dispute relating to any products or services sold or distributed by "
                "Amazon will be resolved by binding arbitration.\n");
    cr_assert_not(reason_has(c, "sale"), "%s", c->flags.reasons[0]);
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_DISPUTES);
}

Test(flags, a_typo_fixed_is_cosmetic_a_negation_or_a_number_never)
{
    const pd_change *c =
        one("We use cooies to remember you.\n", "We use cookies to remember you.\n");
    cr_assert(c->cosmetic);
    cr_assert_eq(c->flags.severity, PD_SEV_NONE);
    cr_assert_str_eq(c->flags.reasons[0], "typo: \"cooies\" -> \"cookies\"");
    cr_assert_eq(c->flags.nreasons, 1, "the rules' reading of the misspelt word is gone");
    /* "lawful" -> "unlawful" is two letters, and no typo */
    c = one("Processing is lawful.\n", "Processing is unlawful.\n");
    cr_assert_not(c->cosmetic);
    c = one("We keep your messages for 30 days.\n", "We keep your messages for 90 days.\n");
    cr_assert_not(c->cosmetic);
    cr_assert_geq(c->flags.severity, PD_SEV_MEDIUM);
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
}

/* A contraction spelt out or a typographic quote leaves the words as they
 * are: cosmetic, exit 0, though the aligner saw a negation's word change;
 * "do not" -> "do" is no such change. */
Test(flags, a_contraction_spelt_out_is_cosmetic)
{
    const pd_change *c = one("We don\xe2\x80\x99t and will not sell your data.\n",
                             "We do not and will not sell your data.\n");
    cr_expect(c->cosmetic);
    cr_expect_eq(c->flags.severity, PD_SEV_NONE);
    c = one("We don't share your data.\n", "We do not share your data.\n");
    cr_expect(c->cosmetic);
    cr_expect_eq(c->flags.severity, PD_SEV_NONE);
    c = one("We do not share your data.\n", "We do share your data.\n");
    cr_expect_not(c->cosmetic);
    cr_expect_eq(c->flags.severity, PD_SEV_HIGH);
    /* a currency or percent sign is no punctuation */
    static const char *const signs[][2] = {
        {"The subscription costs \xe2\x82\xac"
         "10 per month.\n",
         "The subscription costs $10 per month.\n"},
        {"A late fee of 1.5% per month applies.\n", "A late fee of 1.5 per month applies.\n"},
    };
    for (size_t i = 0; i < 2; i++) {
        c = one(signs[i][0], signs[i][1]);
        cr_expect_not(c->cosmetic, "%zu", i);
        cr_expect_geq(c->flags.severity, PD_SEV_LOW, "%zu", i);
    }
}

/* The same meaning in other words is cosmetic (reword.c): a synonym, a
 * company renamed, an abbreviation written out, words moved, an item's
 * marker; a governing law, a modal or a number in other words never is. */
Test(flags, the_same_meaning_in_other_words_is_cosmetic)
{
    static const char *const same[][2] = {
        {"We use your personal data to provide the service.\n",
         "We use your personal information to provide the service.\n"},
        {"The controller of your information is IDB LLC, based in Seattle.\n",
         "The controller of your information is IPinfo Inc., based in Seattle.\n"},
        {"We contact you through different channels (e.g., by phone, email, chat).\n",
         "We contact you through different channels (for example, by phone, email, chat).\n"},
        {"We protect personal customer information with safeguards.\n",
         "We protect customer personal information with safeguards.\n"},
        {"Q. Changes to these Terms: we give you 30 days' notice of material changes.\n",
         "R. Changes to these Terms: we give you 30 days' notice of material changes.\n"},
    };
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        const pd_change *c = one(same[i][0], same[i][1]);
        cr_assert(c->cosmetic, "pair %zu: %s", i, c->flags.nreasons ? c->flags.reasons[0] : "");
        cr_assert_eq(c->flags.severity, PD_SEV_NONE, "pair %zu", i);
        cr_assert_eq(c->flags.impact, PD_IMPACT_NEUTRAL, "pair %zu", i);
        cr_assert(reason_has(c, "same meaning"), "pair %zu: %s", i, c->flags.reasons[0]);
    }
    const pd_change *c = one("The controller of your information is IDB LLC.\n",
                             "The controller of your information is IPinfo Inc.\n");
    cr_assert(reason_has(c, "\"IDB LLC\" -> \"IPinfo Inc\""), "%s", c->flags.reasons[0]);
    static const char *const other[][2] = {
        {"These Terms are governed by the laws of the Netherlands.\n",
         "These Terms are governed by the laws of the United Kingdom.\n"},
        {"We may share your personal data with partners.\n",
         "We will share your personal data with partners.\n"},
        {"We keep your personal data for three years.\n",
         "We keep your personal data for 5 years.\n"},
        {"We do not sell your personal data.\n", "We sell your personal data.\n"},
        /* where a reader is sent is content, whatever the words around it */
        {"To opt out of targeted ads, visit https://example.com/optout.\n",
         "To opt out of targeted ads, visit https://example.com/privacy/choices.\n"},
        {"For additional information visit https://www.dataprivacyframework.gov/s/article/"
         "ANNEX-I-introduction-dpf?tabset-35584=2.\n",
         "For additional information visit https://www.dataprivacyframework.gov/framework-article/"
         "ANNEX-I-introduction.\n"},
    };
    for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
        c = one(other[i][0], other[i][1]);
        cr_assert_not(c->cosmetic, "pair %zu", i);
        cr_assert_neq(c->flags.severity, PD_SEV_NONE, "pair %zu", i);
        cr_assert_not(reason_has(c, "same meaning"), "pair %zu", i);
    }
}

/* A postal address that moves in the same country is the same clause
 * (contact, severity none); one that moves to another country, a period
 * or a channel that changes is not. */
Test(flags, a_postal_address_moved_is_cosmetic)
{
    static const char *const same[][2] = {
        {"Write to our agent at 12 Harbour Road, Suite 410, Portland, OR 97201.\n",
         "Write to our agent at 880 Elm Street, Suite 2B, Portland, OR 97205.\n"},
        {"Pour exercer vos droits, \xc3\xa9"
         "crivez au 9 boulevard Haussmann - 75009 Paris.\n",
         "Pour exercer vos droits, \xc3\xa9"
         "crivez au 27 rue des Lilas - 69003 Lyon CEDEX.\n"},
        {"Our office: Musterweg 4, 10115 Berlin, privacy@example.de.\n",
         "Our office: Hauptstra\xc3\x9f"
         "e 17, 80331 M\xc3\xbcnchen, privacy@example.de.\n"},
    };
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        const pd_change *c = one(same[i][0], same[i][1]);
        cr_assert(c->cosmetic, "pair %zu: %s", i, c->flags.nreasons ? c->flags.reasons[0] : "");
        cr_assert_eq(c->flags.severity, PD_SEV_NONE, "pair %zu", i);
        cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_CONTACT, "pair %zu", i);
        cr_assert(reason_has(c, "same meaning (address)"), "pair %zu: %s", i, c->flags.reasons[0]);
    }
    static const char *const other[][2] = {
        {"Write to us at 4 Grand Canal Square, Dublin 2, Ireland.\n",
         "Write to us at 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA.\n"},
        {"Send your request by post to 12 Harbour Road, Portland.\n",
         "Send your request through the web form at 12 Harbour Road, Portland.\n"},
        {"We answer requests made at our office on Harbour Road within 30 days.\n",
         "We answer requests made at our office on Harbour Road within 45 days.\n"},
        /* a quantity beside an address, a recipient's address, a company
         * renamed at a new address, a party added (an independent review) */
        {"Acme, 5 Main Street, keeps data for 3 Years.\n",
         "Acme, 5 Main Street, keeps data for 30 Years.\n"},
        {"Wir speichern Ihre Daten 30 Tage auf unserem Speicherplatz.\n",
         "Wir speichern Ihre Daten 365 Tage auf unserem Speicherplatz.\n"},
        {"Data is transferred to Acme Inc., 10 Main Street, Seattle, WA 98101.\n",
         "Data is transferred to Acme Inc., 10 Main Street, Beijing 100000.\n"},
        {"Write to Acme GmbH, Hauptstra\xc3\x9f"
         "e 5, 10115 Berlin.\n",
         "Write to Acme Inc., 5 Main Street, Wilmington, Delaware 19801.\n"},
        {"We share your data with our processors Acme Ltd, 5 Main Street, London.\n",
         "We share your data with our processors Acme Ltd, 5 Main Street, London, and Google "
         "LLC, 1600 Amphitheatre Parkway, Mountain View.\n"},
    };
    for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
        const pd_change *c = one(other[i][0], other[i][1]);
        cr_assert_not(c->cosmetic, "pair %zu", i);
        cr_assert_not(reason_has(c, "same meaning"), "pair %zu", i);
    }
}

Test(flags, french_and_german_clauses_have_categories_and_periods)
{
    const pd_change *c = one("Nous conservons vos données pendant 3 ans.\n",
                             "Nous conservons vos données pendant 5 ans.\n");
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_RETENTION);
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
    cr_assert(reason_has(c, "3 ans -> 5 ans"), "%s", c->flags.reasons[0]);
    c = one("Wir speichern Ihre Daten für 3 Jahre.\n", "Wir speichern Ihre Daten für 10 Jahre.\n");
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_RETENTION);
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
    c = one("", "Nous partageons vos données avec nos partenaires publicitaires.\n");
    cr_assert_neq(pd_flags_primary(&c->flags), PD_CAT_OTHER);
    c = one("", "Alle Streitigkeiten werden durch ein Schiedsverfahren beigelegt.\n");
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_DISPUTES);
}

Test(flags, a_version_in_another_language_is_one_change)
{
    const char *en = "# Privacy\n\nWe collect your name and email address when you create an "
                     "account. We use it to provide the service and we do not sell it to anyone. "
                     "You can ask us to delete your data at any time.\n";
    const char *fr = "# Confidentialité\n\nNous collectons votre nom et votre adresse e-mail lors "
                     "de la création de votre compte. Nous les utilisons pour fournir le service "
                     "et nous ne les vendons pas. Vous pouvez nous demander de supprimer vos "
                     "données à tout moment et nous les supprimons de nos systèmes.\n";
    const pd_change *c = one(en, fr);
    cr_assert_eq(c->op, PD_OP_MODIFIED);
    cr_assert_str_eq(c->flags.reasons[0], "language changed: en -> fr");
    cr_assert_str_eq(c->old_text, en);
    cr_assert_str_eq(c->new_text, fr);
    cr_assert_eq(pd_lang_detect(en, strlen(en), 3), PD_LANG_EN);
    cr_assert_eq(pd_lang_detect(fr, strlen(fr), 3), PD_LANG_FR);
    const char *de = "Wir speichern die Daten und geben sie nicht an Dritte weiter.";
    cr_assert_eq(pd_lang_detect(de, strlen(de), 3), PD_LANG_DE);
    cr_assert_eq(pd_lang_detect("Privacy", 7, 3), PD_LANG_UNKNOWN);
}

/* The classes line the weights text must carry, in order. */
static void classes_line(char *out, size_t cap)
{
    size_t n = (size_t)snprintf(out, cap, "classes");
    for (int b = 0; b < PD_CAT_COUNT; b++)
        n += (size_t)snprintf(out + n, cap - n, " %s", pd_category_name(1u << b));
    for (int s = 0; s < 4; s++)
        n += (size_t)snprintf(out + n, cap - n, " %s", pd_severity_name((pd_severity)s));
    for (int i = 0; i < 4; i++)
        n += (size_t)snprintf(out + n, cap - n, " %s", pd_impact_name((pd_impact)i));
}

static void weight_row(char *out, size_t cap, const char *name, int sev_high)
{
    size_t n = (size_t)snprintf(out, cap, "%s\t", name);
    for (int c = 0; c < PD_MODEL_CLASSES; c++)
        n += (size_t)snprintf(
            out + n, cap - n, "%s%d", c ? " " : "",
            c == PD_CAT_COUNT + PD_SEV_HIGH || c == PD_CAT_COUNT + 4 + PD_IMPACT_WORSE ? sev_high
                                                                                       : 0);
}

/* A model of one feature row: weight wa for class ca and wb for class cb
 * (class indexes as model.h orders them; -1 for none), 0 for the others. */
static pd_flag_model *one_row_model(const char *feature, int ca, int wa, int cb, int wb)
{
    char classes[512], row[256], text[1024];
    size_t n = (size_t)snprintf(row, sizeof(row), "%s\t", feature);
    for (int c = 0; c < PD_MODEL_CLASSES; c++)
        n += (size_t)snprintf(row + n, sizeof(row) - n, "%s%d", c ? " " : "",
                              c == ca   ? wa
                              : c == cb ? wb
                                        : 0);
    classes_line(classes, sizeof(classes));
    snprintf(text, sizeof(text), "pd-flag-model 1\n%s\n%s\n", classes, row);
    pd_flag_model *m = NULL;
    cr_assert_eq(pd_flag_model_parse(&m, text, strlen(text)), 0, "%s", pd_error_last());
    return m;
}

Test(flags, the_weights_text_is_checked_and_drives_guessed_flags)
{
    char classes[512], row1[256], row2[256], text[1200];
    pd_flag_model *m = NULL;
    classes_line(classes, sizeof(classes));
    weight_row(row1, sizeof(row1), "w:frobni", 5000);
    weight_row(row2, sizeof(row2), "w:zzz", 1);
    snprintf(text, sizeof(text), "pd-flag-model 1\n%s\n%s\n%s\n", classes, row1, row2);
    cr_assert_eq(pd_flag_model_parse(&m, text, strlen(text)), 0, "%s", pd_error_last());
    cr_assert_eq(m->n, 2);
    /* a clause the rules know nothing of: the model's word decides */
    pd_flags f = PD_FLAGS_INIT;
    cr_assert_eq(pd_classify_change(&f, PD_OP_ADDED, "", "We frobnicate everything.", 0), 0);
    cr_assert(f.guessed);
    cr_assert_eq(pd_flag_model_apply(m, &f, PD_OP_ADDED, "", "We frobnicate everything.", 0), 0);
    cr_assert_eq(f.severity, PD_SEV_HIGH);
    cr_assert_eq(f.impact, PD_IMPACT_WORSE);
    cr_assert(strstr(f.reasons[0], "\"frobnicate\""), "%s", f.reasons[0]);
    pd_flags_dispose(&f);
    pd_flag_model_free(m);

    /* rows out of order, a wrong class list, a bad header */
    snprintf(text, sizeof(text), "pd-flag-model 1\n%s\n%s\n%s\n", classes, row2, row1);
    cr_assert_eq(pd_flag_model_parse(&m, text, strlen(text)), PD_EINVALID);
    cr_assert(strstr(pd_error_last(), "out of order"), "%s", pd_error_last());
    snprintf(text, sizeof(text), "pd-flag-model 1\nclasses sale use\n%s\n", row1);
    cr_assert_eq(pd_flag_model_parse(&m, text, strlen(text)), PD_EINVALID);
    cr_assert(strstr(pd_error_last(), "train them again"), "%s", pd_error_last());
    cr_assert_eq(pd_flag_model_parse(&m, "weights\n", 8), PD_EINVALID);
    cr_assert_null(m);
    cr_assert_gt(pd_flag_model_builtin()->n, 100, "the built-in model is trained");
}

/* A reworded clause in which the rules found nothing leans towards "no
 * change in meaning" by a fixed margin; past it the model's "low" wins, and
 * a bare address that changed, or a clause added, is never cosmetic. */
static pd_flags lean_case(int low, pd_op op, const char *old_text, const char *new_text)
{
    pd_flag_model *m = one_row_model("w:frobni", PD_CAT_COUNT + PD_SEV_LOW, low, -1, 0);
    pd_flags f = PD_FLAGS_INIT;
    cr_assert_eq(pd_classify_change(&f, op, old_text, new_text, 0), 0);
    cr_assert(f.guessed, "%s", f.nreasons ? f.reasons[0] : "");
    cr_assert_eq(pd_flag_model_apply(m, &f, op, old_text, new_text, 0), 0);
    pd_flag_model_free(m);
    return f;
}

Test(flags, a_reworded_clause_with_no_finding_leans_to_the_same_meaning)
{
    static const char *const o = "We frobnicate the widgets.", *const n =
                                                                   "We frobnicate the gadgets.";
    pd_flags f = lean_case(1000, PD_OP_MODIFIED, o, n);
    cr_expect_eq(f.severity, PD_SEV_NONE, "%s", f.reasons[0]);
    cr_expect(strstr(f.reasons[0], "no change in meaning"), "%s", f.reasons[0]);
    pd_flags_dispose(&f);
    f = lean_case(2000, PD_OP_MODIFIED, o, n);
    cr_expect_eq(f.severity, PD_SEV_LOW);
    pd_flags_dispose(&f);
    f = lean_case(1000, PD_OP_ADDED, "", n);
    cr_expect_eq(f.severity, PD_SEV_LOW);
    pd_flags_dispose(&f);
    f = lean_case(1000, PD_OP_MODIFIED, "We frobnicate at https://a.example/one.",
                  "We frobnicate at https://a.example/two.");
    cr_expect_eq(f.severity, PD_SEV_LOW, "where a reader is sent is content");
    pd_flags_dispose(&f);
    /* a purpose the lexicon knows, on one side only, is content too */
    f = lean_case(1000, PD_OP_MODIFIED, "To develop and frobnicate features.",
                  "To develop, frobnicate and personalise features.");
    cr_expect_eq(f.severity, PD_SEV_LOW, "%s", f.reasons[0]);
    cr_expect_str_eq(f.reasons[0],
                     "not the same meaning: purpose personalisation named in one version only");
    cr_expect_eq(pd_flags_primary(&f), PD_CAT_USE, "a purpose is about use");
    pd_flags_dispose(&f);
    /* a verb or a right's word that names other things too is wording */
    static const char *const same[][2] = {
        {"To develop and frobnicate features.", "To develop, frobnicate and build features."},
        {"Please read these frobnicated terms carefully.",
         "Please review these frobnicated terms carefully."},
        {"When you frobnicate, you give us your name.",
         "When you frobnicate, you provide your name."},
        {"Sellers frobnicate seller fees each month.",
         "Sellers frobnicate selling fees each month."},
    };
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        f = lean_case(1000, PD_OP_MODIFIED, same[i][0], same[i][1]);
        cr_expect_eq(f.severity, PD_SEV_NONE, "%zu: %s", i, f.reasons[0]);
        pd_flags_dispose(&f);
    }
}

/* The features of a clause added, one per line, in out (cap bytes). */
static void features_of(char *out, size_t cap, const char *clause)
{
    pd_flags f = PD_FLAGS_INIT;
    pd_buf b = PD_BUF_INIT;
    cr_assert_eq(pd_classify_change(&f, PD_OP_ADDED, "", clause, 0), 0);
    cr_assert_eq(pd_flag_features(&b, PD_OP_ADDED, "", clause, 0, &f), 0);
    snprintf(out, cap, "\n%s", pd_buf_cstr(&b));
    pd_buf_dispose(&b);
    pd_flags_dispose(&f);
}

/* What the rules' lexicon found is a feature of the model, named by what
 * it stands for: the same data type and recipient in English and French
 * are the same features, whatever the words. */
Test(flags, the_lexicons_findings_are_features_in_every_language)
{
    static const char *const want[] = {"\nx:data.health_data\n", "\nx:recip.advertisers\n",
                                       "\nx:practice.sharing\n"};
    char en[4096], fr[4096];
    features_of(en, sizeof(en), "We share your health data with advertisers.");
    features_of(fr, sizeof(fr),
                "Nous partageons vos donn\xc3\xa9"
                "es de sant\xc3\xa9 avec des "
                "annonceurs.");
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        cr_expect(strstr(en, want[i]), "English lacks %s in%s", want[i], en);
        cr_expect(strstr(fr, want[i]), "French lacks %s in%s", want[i], fr);
    }
}

/* A finding's feature weighs in the category of a clause the rules could
 * not read: "advertisers" named in a reworded clause is about sharing
 * when the model says so, and a clause without that finding is not. */
Test(flags, a_findings_feature_decides_the_category_of_a_guessed_change)
{
    pd_flag_model *m =
        one_row_model("x:recip.advertisers", __builtin_ctz(PD_CAT_SHARING), 5000, -1, 0);
    static const char *const o = "The widgets of advertisers.", *const n =
                                                                    "The gadgets of advertisers.";
    pd_flags f = PD_FLAGS_INIT;
    cr_assert_eq(pd_classify_change(&f, PD_OP_MODIFIED, o, n, 0), 0);
    cr_assert(f.guessed, "%s", f.reasons[0]);
    cr_assert_neq(pd_flags_primary(&f), PD_CAT_SHARING);
    cr_assert_eq(pd_flag_model_apply(m, &f, PD_OP_MODIFIED, o, n, 0), 0);
    cr_expect_eq(pd_flags_primary(&f), PD_CAT_SHARING, "%s", f.reasons[0]);
    pd_flags_dispose(&f);

    static const char *const o2 = "The widgets of partners.", *const n2 =
                                                                  "The gadgets of partners.";
    f = (pd_flags)PD_FLAGS_INIT;
    cr_assert_eq(pd_classify_change(&f, PD_OP_MODIFIED, o2, n2, 0), 0);
    cr_assert_eq(pd_flag_model_apply(m, &f, PD_OP_MODIFIED, o2, n2, 0), 0);
    cr_expect_neq(pd_flags_primary(&f), PD_CAT_SHARING, "%s", f.reasons[0]);
    pd_flags_dispose(&f);
    pd_flag_model_free(m);
}

/* A clause added that discloses a practice is worse for users, as the
 * guidelines rate new disclosures, even where the model reads it neutral;
 * one about contact details stays neutral. */
Test(flags, a_practice_disclosed_in_a_new_clause_is_worse)
{
    static const int cats[] = {__builtin_ctz(PD_CAT_SHARING), __builtin_ctz(PD_CAT_CONTACT)};
    static const pd_impact want[] = {PD_IMPACT_WORSE, PD_IMPACT_NEUTRAL};
    for (size_t i = 0; i < 2; i++) {
        pd_flag_model *m =
            one_row_model("b", cats[i], 5000, PD_CAT_COUNT + 4 + PD_IMPACT_NEUTRAL, 5000);
        pd_flags f = PD_FLAGS_INIT;
        cr_assert_eq(pd_classify_change(&f, PD_OP_ADDED, "", "We frobnicate the widgets.", 0), 0);
        cr_assert(f.guessed, "%s", f.reasons[0]);
        cr_assert_eq(pd_flag_model_apply(m, &f, PD_OP_ADDED, "", "We frobnicate the widgets.", 0),
                     0);
        cr_expect_eq(pd_flags_primary(&f), 1u << cats[i]);
        cr_expect_eq(f.severity, PD_SEV_LOW);
        cr_expect_eq(f.impact, want[i], "%zu: %s", i, f.reasons[0]);
        pd_flags_dispose(&f);
        pd_flag_model_free(m);
    }
    /* a choice left to the user is no loss */
    static const char *const choice[] = {
        "You can frobnicate the widgets in your settings.",
        "Vous pouvez d\xc3\xa9sactiver les widgets.",
        "Sie k\xc3\xb6nnen die Widgets deaktivieren.",
    };
    pd_flag_model *m = one_row_model("b", __builtin_ctz(PD_CAT_TRACKING), 5000,
                                     PD_CAT_COUNT + 4 + PD_IMPACT_NEUTRAL, 5000);
    for (size_t i = 0; i < 3; i++) {
        pd_flags f = PD_FLAGS_INIT;
        cr_assert_eq(pd_classify_change(&f, PD_OP_ADDED, "", choice[i], 0), 0);
        cr_assert_eq(pd_flag_model_apply(m, &f, PD_OP_ADDED, "", choice[i], 0), 0);
        cr_expect_neq(f.impact, PD_IMPACT_WORSE, "%zu: %s", i, f.reasons[0]);
        pd_flags_dispose(&f);
    }
    pd_flag_model_free(m);
}

/* A clause added that the rules call medium (a practice named) is as often
 * a disclosure of an existing practice: the model may call it low.  A high
 * finding, and a finding in a modified clause, stands. */
Test(flags, the_model_may_call_an_added_practice_low_never_a_high_finding)
{
    pd_flag_model *m = one_row_model("b", PD_CAT_COUNT + PD_SEV_LOW, 5000, -1, 0);
    static const char *const added = "We share your personal information with advertisers.";
    pd_flags f = PD_FLAGS_INIT;
    cr_assert_eq(pd_classify_change(&f, PD_OP_ADDED, "", added, 0), 0);
    cr_assert_not(f.guessed);
    cr_assert_eq(f.severity, PD_SEV_MEDIUM, "%s", f.reasons[0]);
    pd_impact imp = f.impact;
    cr_assert_eq(pd_flag_model_apply(m, &f, PD_OP_ADDED, "", added, 0), 0);
    cr_assert_eq(f.severity, PD_SEV_LOW);
    cr_assert_eq(f.impact, imp, "the finding's impact stands");
    cr_assert(strstr(f.reasons[0], "read as: low"), "%s", f.reasons[0]);
    pd_flags_dispose(&f);

    static const char *const arb = "Any dispute will be resolved by binding arbitration, and you "
                                   "waive any right to a class action.";
    f = (pd_flags)PD_FLAGS_INIT;
    cr_assert_eq(pd_classify_change(&f, PD_OP_ADDED, "", arb, 0), 0);
    cr_assert_eq(f.severity, PD_SEV_HIGH);
    cr_assert_eq(pd_flag_model_apply(m, &f, PD_OP_ADDED, "", arb, 0), 0);
    cr_assert_eq(f.severity, PD_SEV_HIGH);
    pd_flags_dispose(&f);

    static const char *const before = "We share your personal information with our affiliates.";
    f = (pd_flags)PD_FLAGS_INIT;
    cr_assert_eq(pd_classify_change(&f, PD_OP_MODIFIED, before, added, 0), 0);
    pd_severity sev = f.severity;
    cr_assert_not(f.guessed);
    cr_assert_geq(sev, PD_SEV_MEDIUM, "%s", f.reasons[0]);
    cr_assert_eq(pd_flag_model_apply(m, &f, PD_OP_MODIFIED, before, added, 0), 0);
    cr_assert_eq(f.severity, sev);
    pd_flags_dispose(&f);
    pd_flag_model_free(m);
}

/* A clause added that the old version already states elsewhere (moved or
 * restated) is no new practice: one level down, said so; a sale finding
 * is judged on the clause alone, and a clause nobody stated stays. */
Test(flags, a_clause_the_old_version_already_states_is_restated)
{
    static const char *const clause =
        "We share your personal information with advertising partners and data brokers so that "
        "they can show you ads on other websites and apps you use.\n";
    static const char *const old_version =
        "# Privacy\n\n## Sharing\n\nWe share your personal information with advertising "
        "partners and data brokers so that they can show you ads on other websites and apps you "
        "use.\n\n## Contact\n\nWrite to us.\n";
    const pd_change *c = one("", clause);
    pd_severity before = c->flags.severity;
    cr_assert_geq(before, PD_SEV_MEDIUM, "%s", c->flags.reasons[0]);
    cr_assert_eq(
        pd_diff_apply_versions(D, old_version, strlen(old_version), clause, strlen(clause)), 0);
    cr_assert_eq(c->flags.severity, before - 1);
    cr_assert(reason_has(c, "restated: the old version already says this"));

    /* the old version says something else: the clause stays as it is */
    static const char *const other = "# Privacy\n\nWe never share anything with anyone.\n";
    c = one("", clause);
    cr_assert_eq(pd_diff_apply_versions(D, other, strlen(other), clause, strlen(clause)), 0);
    cr_assert_eq(c->flags.severity, before);
    cr_assert_not(reason_has(c, "restated"));

    /* sale stays judged on the clause alone */
    static const char *const sale = "We sell your personal information to data brokers and "
                                    "advertisers for money, every month, as they ask.\n";
    c = one("", sale);
    before = c->flags.severity;
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_SALE);
    cr_assert_eq(pd_diff_apply_versions(D, sale, strlen(sale), sale, strlen(sale)), 0);
    cr_assert_eq(c->flags.severity, before);
}

/* Issue 14: every French and German case of the development sets gets a
 * category other than `other` where its labels name one. */
static size_t french_german_misses(const char *file, size_t *checked)
{
    json_error_t e;
    json_t *cases = json_load_file(pd_test_path(file), 0, &e);
    size_t misses = 0, i;
    json_t *c;
    cr_assert_not_null(cases, "%s: %s", file, e.text);
    json_array_foreach(cases, i, c)
    {
        const char *old_text = json_string_value(json_object_get(c, "old"));
        const char *new_text = json_string_value(json_object_get(c, "new"));
        const char *side = *new_text ? new_text : old_text;
        pd_lang lang = pd_lang_detect(side, strlen(side), 3);
        json_t *cats = json_object_get(c, "cat"), *cat;
        size_t k;
        int other = 0;
        json_array_foreach(cats, k, cat) other |= !strcmp(json_string_value(cat), "other");
        if ((lang != PD_LANG_FR && lang != PD_LANG_DE) || other)
            continue;
        pd_diff *d = NULL;
        cr_assert_eq(
            pd_diff_texts(&d, old_text, strlen(old_text), new_text, strlen(new_text), NULL), 0);
        unsigned main_cat = 0;
        pd_severity worst = PD_SEV_NONE;
        for (size_t j = 0; j < d->nchanges; j++)
            if (!main_cat || d->changes[j].flags.severity > worst) {
                main_cat = pd_flags_primary(&d->changes[j].flags);
                worst = d->changes[j].flags.severity;
            }
        if (main_cat == PD_CAT_OTHER || !main_cat) {
            cr_log_error("%s: %s has no category", file,
                         json_string_value(json_object_get(c, "id")));
            misses++;
        }
        (*checked)++;
        pd_diff_free(d);
    }
    json_decref(cases);
    return misses;
}

Test(flags, french_and_german_cases_of_the_dev_sets_have_categories)
{
    size_t checked = 0;
    cr_assert_eq(french_german_misses("classify/fixtures/changes/labelled_changes.json", &checked),
                 0);
    cr_assert_eq(french_german_misses("classify/fixtures/changes/own_changes.json", &checked), 0);
    cr_assert_gt(checked, 50, "%zu French and German cases", checked);
}

/* Found by fuzz_diff in a 5-minute run (issue 19): a word of invalid UTF-8
 * continuation bytes ran the flag model's stem past its 16 bytes (UBSan:
 * index 31 out of bounds; the next fields were overwritten). */
Test(flags, a_word_of_stray_continuation_bytes_stays_in_its_stem)
{
    const pd_change *c = one("We send your data to privacy@example.com.\n",
                             "We send your data to privac\x81\x81\x81\x81\x81\x81\x81\x81\x81\x81"
                             "\x81\x81\x81\x81\x81\x81\x81\x81\x81\x81\x81\x81\x81\x81\x81\x81"
                             "\x81\x81\x81\x81\x81\x81y@example.com.\n");
    cr_assert_eq(c->op, PD_OP_MODIFIED);
}

/* The French and German practice words read as the English ones do: who
 * acts, "ne ... pas" and "nicht", the object of "vendre". */
Test(flags, french_and_german_practices_and_negations_are_read)
{
    const pd_change *c = one("", "Nous vendons vos données à des courtiers en données.\n");
    cr_assert_eq(c->flags.severity, PD_SEV_HIGH);
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
    cr_assert(reason_has(c, "new practice: sale"), "%s", c->flags.reasons[0]);
    c = one("", "Nous ne vendons jamais vos données personnelles.\n");
    cr_assert_eq(c->flags.impact, PD_IMPACT_BETTER);
    cr_assert(reason_has(c, "\"ne vendons jamais\""), "%s", c->flags.reasons[0]);
    /* "IA" is French for AI */
    c = one("", "Nous allons utiliser vos interactions avec des IA afin de personnaliser les "
                "publicités.\n");
    cr_assert(c->flags.categories & PD_CAT_AI, "%s", c->flags.reasons[0]);
    c = one("", "Wir verkaufen Ihre Daten nicht.\n");
    cr_assert_eq(c->flags.impact, PD_IMPACT_BETTER);
    cr_assert(reason_has(c, "new commitment: \"verkaufen\""), "%s", c->flags.reasons[0]);
    c = one("Nous ne partageons pas vos données avec des annonceurs.\n",
            "Nous partageons vos données avec des annonceurs.\n");
    cr_assert_eq(c->flags.severity, PD_SEV_HIGH);
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
    cr_assert(reason_has(c, "negation removed"), "%s", c->flags.reasons[0]);
    /* "n'entretenons aucun lien" negates its own verb, not the next one */
    c = one("", "Nos partenaires, avec lesquels nous n'entretenons aucun lien, collectent vos "
                "données de navigation.\n");
    cr_assert(reason_has(c, "new practice: collection"), "%s", c->flags.reasons[0]);
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
    /* a seller selling goods, "conditions d'utilisation": no practice on data */
    c = one("", "Le vendeur peut vendre des produits neufs selon les conditions d'utilisation.\n");
    cr_assert_not(reason_has(c, "new practice"), "%s", c->flags.reasons[0]);
    c = one("", "Le vendeur peut vendre des données personnelles de ses clients.\n");
    cr_assert(reason_has(c, "new practice: sale"), "%s", c->flags.reasons[0]);
    c = one("", "Wir können Ihre Daten an Dritte verkaufen.\n");
    cr_assert(reason_has(c, "new practice: sale"), "%s", c->flags.reasons[0]);
    /* "ne ... que" is "only", no negation; "nicht nur" is "not only" */
    c = one("", "Nous ne partageons vos données qu'avec nos prestataires.\n");
    cr_assert(reason_has(c, "new practice: sharing"), "%s", c->flags.reasons[0]);
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
    c = one("", "Wir teilen Ihre Daten nicht nur mit Partnern, sondern auch mit Werbepartnern.\n");
    cr_assert(reason_has(c, "new practice: sharing"), "%s", c->flags.reasons[0]);
    /* "ne ... plus" closes; "nous les partageons" is a pronoun, no article */
    c = one("", "Nous ne vendons plus vos données et nous partageons votre adresse IP avec des "
                "annonceurs.\n");
    cr_assert(reason_has(c, "new practice: sharing"), "%s", c->flags.reasons[0]);
    c = one("", "Nous les partageons avec des annonceurs.\n");
    cr_assert(reason_has(c, "new practice: sharing"), "%s", c->flags.reasons[0]);
}

/* The French and German words leave English clauses as they were. */
Test(flags, french_and_german_words_do_not_misread_english)
{
    const char *shared[] = {"Section 4(n) We share your usage data with advertisers.\n",
                            "Fields marked N/A: we share your usage data with advertisers.\n",
                            "Pursuant to SI 2019/419 we share your usage data with advertisers.\n"};
    for (size_t i = 0; i < sizeof(shared) / sizeof(shared[0]); i++) {
        const pd_change *c = one("", shared[i]);
        cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE, "%s", shared[i]);
        cr_assert(reason_has(c, "new practice: sharing"), "%s", shared[i]);
    }
    const pd_change *c = one("", "We offer the same features across all subscription tiers.\n");
    cr_assert_not(reason_has(c, "new recipient"), "%s", c->flags.reasons[0]);
    c = one("", "Data transmissions between your device and our servers are encrypted.\n");
    cr_assert_not(reason_has(c, "new practice: sharing"), "%s", c->flags.reasons[0]);
}

/* The guidelines' high loss: AI trained on what users write or post. */
Test(flags, ai_trained_on_your_content_is_high_on_statistics_it_is_not)
{
    const pd_change *c = one("", "We use your posts and comments to train our AI models.\n");
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_AI);
    cr_assert_eq(c->flags.severity, PD_SEV_HIGH);
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
    cr_assert(reason_has(c, "AI training on your content"), "%s", c->flags.reasons[0]);
    c = one("", "We use aggregated statistics to train our AI models.\n");
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_AI);
    cr_assert_neq(c->flags.severity, PD_SEV_HIGH);
    cr_assert(reason_has(c, "new practice: AI use"), "%s", c->flags.reasons[0]);
    c = one("", "We may use the information we collect to help develop and train our machine "
                "learning models.\n");
    cr_assert(reason_has(c, "AI training on your content"), "%s", c->flags.reasons[0]);
    c = one("", "We train our models on public data, not on your messages or other content.\n");
    cr_assert_neq(c->flags.severity, PD_SEV_HIGH);
    c = one("", "You must not use the content of the Services to train AI models, and we train "
                "our models on licensed data.\n");
    cr_assert_neq(c->flags.severity, PD_SEV_HIGH);
    c = one("", "Nous utilisons vos publications pour entraîner nos modèles d'intelligence "
                "artificielle.\n");
    cr_assert_eq(c->flags.severity, PD_SEV_HIGH);
    /* a clause that spoke of AI use and now trains on your data (c189) */
    c = one("We use the data we have about you to personalize our Services, with the help of "
            "automated systems and inferences we make.\n",
            "We may use your personal data to develop and train artificial intelligence (AI) "
            "models and to personalize our Services, with the help of AI, automated systems and "
            "inferences.\n");
    cr_assert_eq(c->flags.severity, PD_SEV_HIGH, "%s", c->flags.reasons[0]);
    cr_assert(reason_has(c, "AI training on your content"), "%s", c->flags.reasons[0]);
    /* nor where the old version said it in the passive (the review's case) */
    c = one("Your posts and messages may be used to train our artificial intelligence models.\n",
            "We may use your posts and messages to train our artificial intelligence models.\n");
    cr_assert_not(reason_has(c, "AI training on your content"), "%s", c->flags.reasons[0]);
    /* and not where the old version trained on it already */
    c = one("We may use your personal data to train artificial intelligence (AI) models.\n",
            "We may use your personal data to train and improve artificial intelligence (AI) "
            "models.\n");
    cr_assert_not(reason_has(c, "AI training on your content"), "%s", c->flags.reasons[0]);
}

/* A "last updated" line added, removed or redated is cosmetic: diff exits 0. */
Test(flags, a_date_stamp_alone_is_cosmetic)
{
    const char *stamps[] = {"Last updated: 3 March 2024\n", "Effective date: January 1st, 2025\n",
                            "Dernière mise à jour : 3 mars 2024\n", "Stand: 1. Juni 2024\n"};
    for (size_t i = 0; i < sizeof(stamps) / sizeof(stamps[0]); i++) {
        const pd_change *c = one("", stamps[i]);
        cr_assert_eq(c->flags.severity, PD_SEV_NONE, "%s", stamps[i]);
        cr_assert(c->cosmetic, "%s", stamps[i]);
        cr_assert(reason_has(c, "date stamp only"), "%s", c->flags.reasons[0]);
        cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_POLICY_CHANGE, "%s", stamps[i]);
    }
    const pd_change *c = one("", "Last updated 3 March 2024: we now sell your data to brokers.\n");
    cr_assert_eq(c->flags.severity, PD_SEV_HIGH);
    c = one("Last updated: 3 March 2024\n", "");
    cr_assert_eq(c->flags.severity, PD_SEV_NONE);
    c = one("Last updated: 3 March 2024\n", "Last updated: 9 June 2025\n");
    cr_assert_eq(c->flags.severity, PD_SEV_NONE);
    cr_assert(c->cosmetic);
}

/* A business changing hands is sharing with the buyer, whatever its
 * "sale": a reworded merger clause is about sharing, never sale. */
Test(flags, a_business_transfer_clause_is_about_sharing)
{
    const pd_change *c =
        one("If we are involved in a merger, acquisition, or sale of all or part of our "
            "business, your information may be transferred.\n",
            "If we are involved in a merger, acquisition, or any form of sale of some or all of "
            "our business, your information may be transferred.\n");
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_SHARING, "%s", c->flags.reasons[0]);
    cr_assert_not(c->flags.categories & PD_CAT_SALE, "%s", c->flags.reasons[0]);
}

/* An arbitration clause added to terms that already bind to arbitration
 * extends them (medium); one removed while others stay narrows them (low). */
Test(flags, arbitration_added_where_the_old_version_has_it_is_medium)
{
    const char *old = "# Terms\n\nAny dispute between us will be resolved by binding "
                      "arbitration.\n\nYou may close your account whenever you like.\n";
    const char *more = "# Terms\n\nAny dispute between us will be resolved by binding "
                       "arbitration.\n\nYou may close your account whenever you like.\n\nThe "
                       "arbitrator alone decides whether a claim must be heard by an "
                       "arbitrator.\n";
    const pd_change *c = one(old, more);
    cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_DISPUTES);
    cr_assert_eq(c->flags.severity, PD_SEV_MEDIUM);
    cr_assert_eq(c->flags.impact, PD_IMPACT_WORSE);
    cr_assert(reason_has(c, "already had"), "%s", c->flags.reasons[0]);
    c = one(more, old);
    cr_assert_eq(c->flags.severity, PD_SEV_LOW);
    cr_assert(reason_has(c, "still has"), "%s", c->flags.reasons[0]);
    /* neither does a sentence that rules it out, nor a class-action waiver */
    const char *none = "# Terms\n\nNothing in these Terms requires arbitration.\n\nYou may close "
                       "your account whenever you like.\n";
    const char *bound = "# Terms\n\nNothing in these Terms requires arbitration.\n\nYou may close "
                        "your account whenever you like.\n\nYou agree that all disputes will be "
                        "resolved by binding individual arbitration.\n";
    cr_assert_eq(one(none, bound)->flags.severity, PD_SEV_HIGH);
    const char *waiver = "# Terms\n\nYou may bring claims only individually, not in a class "
                         "action.\n\nYou may close your account whenever you like.\n";
    const char *arb = "# Terms\n\nYou may bring claims only individually, not in a class "
                      "action.\n\nYou may close your account whenever you like.\n\nAny dispute "
                      "between us will be resolved by binding arbitration.\n";
    cr_assert_eq(one(waiver, arb)->flags.severity, PD_SEV_HIGH);
}

/* A banner announcing the new version says nothing the clauses do not. */
Test(flags, a_notice_of_an_update_is_cosmetic_unless_it_states_a_practice)
{
    const char *notices[] = {
        "We are updating these Terms on 2 February 2026 so that they are easier to read.\n",
        "Une nouvelle version de la politique de confidentialité entrera en vigueur le 1er "
        "juin 2026.\n"};
    for (size_t i = 0; i < sizeof(notices) / sizeof(notices[0]); i++) {
        const pd_change *c = one("", notices[i]);
        cr_assert_eq(c->flags.severity, PD_SEV_NONE, "%s", notices[i]);
        cr_assert_eq(c->flags.nreasons, 1);
        cr_assert(reason_has(c, "notice of an update"), "%s", c->flags.reasons[0]);
        cr_assert_eq(pd_flags_primary(&c->flags), PD_CAT_POLICY_CHANGE, "%s", notices[i]);
    }
    const char *more[] = {
        "On 2 February 2026 we are updating our Privacy Policy to share your location with "
        "advertisers.\n",
        "This policy was updated on 3 March 2024 to add biometric data.\n",
        "Updated terms in effect from 1 May 2024: subscriptions renew automatically.\n"};
    for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
        const pd_change *c = one("", more[i]);
        cr_assert_neq(c->flags.severity, PD_SEV_NONE, "%s", more[i]);
        cr_assert_not(reason_has(c, "notice of an update"), "%s", more[i]);
    }
}

/* Findings the held-out misses showed to be read too high, each a phrase
 * policies use every day. */
Test(flags, everyday_phrases_are_not_high_findings)
{
    /* retention bound to its purpose is no indefinite retention */
    const pd_change *c = one("", "We retain personal information for as long as it is needed for "
                                 "the purposes for which we collected it.\n");
    cr_assert_not(reason_has(c, "indefinite"), "%s", c->flags.reasons[0]);
    c = one("", "We will wait 60 days before permanently deleting your account.\n");
    cr_assert_not(reason_has(c, "indefinite"), "%s", c->flags.reasons[0]);
    c = one("", "We keep the account until it is permanently closed and deleted.\n");
    cr_assert_not(reason_has(c, "indefinite"), "%s", c->flags.reasons[0]);
    c = one("", "Your data is stored permanently on our servers.\n");
    cr_assert(reason_has(c, "retention period: indefinite"), "%s", c->flags.reasons[0]);
    c = one("", "We keep your data for as long as we wish.\n");
    cr_assert(reason_has(c, "retention period: indefinite"), "%s", c->flags.reasons[0]);
    /* selling tickets or fees is trade */
    c = one("", "For every event for which we sell tickets, we share your name with the "
                "promoter.\n");
    cr_assert_not(reason_has(c, "new practice: sale"), "%s", c->flags.reasons[0]);
    c = one("", "We sell your personal information to data brokers.\n");
    cr_assert(reason_has(c, "new practice: sale"), "%s", c->flags.reasons[0]);
    /* and so is selling devices, named before or after "the" (c145) */
    c = one("", "We provide security updates for Nest devices for at least 5 years from the date "
                "we start selling them.\n");
    cr_assert_not(reason_has(c, "new practice: sale"), "%s", c->flags.reasons[0]);
    cr_assert_neq(c->flags.severity, PD_SEV_HIGH);
    c = one("", "We stopped selling these devices in 2020.\n");
    cr_assert_not(reason_has(c, "new practice: sale"), "%s", c->flags.reasons[0]);
    /* goods named beside data, or "ads" the data is sold for, leave the sale a sale (the
     * review's cases) */
    static const char *const sales[] = {
        "We sell the devices and your personal data to third parties.\n",
        "We may sell the products you buy and your personal information to partners.\n",
        "We sell the advertising identifiers of your devices to partners.\n",
        "We collect your browsing history. To show you ads you may like, we may also sell it to "
        "advertisers.\n",
    };
    for (size_t i = 0; i < sizeof(sales) / sizeof(sales[0]); i++) {
        c = one("", sales[i]);
        cr_assert(reason_has(c, "new practice: sale"), "%s: %s", sales[i], c->flags.reasons[0]);
    }
    /* "them" that stands for data is data */
    c = one("", "We collect your name and email address, and we may sell them to data "
                "brokers.\n");
    cr_assert(reason_has(c, "new practice: sale"), "%s", c->flags.reasons[0]);
    /* "trained reviewers" beside automated systems is no training on content */
    c = one("", "In addition to our trained content reviewers, we use automated systems to "
                "identify violating content.\n");
    cr_assert_not(reason_has(c, "AI training on your content"), "%s", c->flags.reasons[0]);
}

/* A model that reads every clause as no change in meaning, of category
 * bit cat_bit. */
static pd_flag_model *model_of_none_in(int cat_bit)
{
    return one_row_model("b", PD_CAT_COUNT + PD_SEV_NONE, 9000, cat_bit, 9000);
}

static pd_flag_model *model_of_none(void)
{
    return model_of_none_in(0); /* collection */
}

static const pd_change *one_with(const pd_flag_model *m, const char *old_text, const char *new_text)
{
    pd_alignment *al = NULL;
    pd_diff_free(D);
    D = NULL;
    cr_assert_eq(pd_align_texts(&al, old_text, strlen(old_text), new_text, strlen(new_text), NULL),
                 0);
    cr_assert_eq(pd_classify_diff_with(&D, al, m), 0);
    pd_alignment_free(al);
    cr_assert_eq(D->nchanges, 1, "%zu changes", D->nchanges);
    return &D->changes[0];
}

/* The model's "no change in meaning" stops at words added or removed
 * outright: the clause says more (or less) than before. */
Test(flags, words_added_outright_are_never_the_models_no_change)
{
    pd_flag_model *m = model_of_none();
    const pd_change *c =
        one_with(m, "We will terminate your account if you are underage.\n",
                 "We will terminate your account if you are underage or let someone underage "
                 "use your account.\n");
    cr_assert_eq(c->flags.severity, PD_SEV_LOW);
    cr_assert_not(c->cosmetic);
    cr_assert(reason_has(c, "words added: \" or let someone underage use your account"), "%s",
              c->flags.reasons[0]);
    /* words replaced, or two content words, stay the model's call */
    c = one_with(m, "We keep these records for our own purposes.\n",
                 "We keep those records for our internal purposes.\n");
    cr_assert_eq(c->flags.severity, PD_SEV_NONE, "%s", c->flags.reasons[0]);
    /* a quote is cut on a character, never inside one */
    c = one_with(m, "Les données.\n",
                 "Les données ééé ééé ééé ééé ééé ééé ééé ééé ééé ééé ééé ééé ééé ééé.\n");
    cr_assert(reason_has(c, "words added"), "%s", c->flags.reasons[0]);
    cr_assert(strstr(c->flags.reasons[0], "é...\""), "%s", c->flags.reasons[0]);
    pd_flag_model_free(m);
}

/* A list that gains or loses an item says more or less, whatever the model
 * reads in its words (c168, c234 of the development set); the same words
 * cut into items, an opening phrase or a connective before a comma are no
 * item. */
Test(flags, an_item_added_to_or_removed_from_a_list_is_never_the_same_meaning)
{
    pd_flag_model *m = model_of_none();
    const pd_change *c = one_with(
        m, "We personalize features and content (such as your Feed, your Groups and Stories).\n",
        "We personalize features and content (such as your Feed, your Groups, AI at Acme and "
        "Stories).\n");
    cr_expect_eq(c->flags.severity, PD_SEV_LOW, "%s", c->flags.reasons[0]);
    cr_expect_eq(c->flags.impact, PD_IMPACT_WORSE); /* a practice that lists more allows more */
    cr_expect(reason_has(c, "list item added: \"AI at Acme and Stories\""), "%s",
              c->flags.reasons[0]);
    c = one_with(m, "We may send you newsletters, surveys, contest invitations and offers.\n",
                 "We may send you newsletters, surveys and offers.\n");
    cr_expect_eq(c->flags.severity, PD_SEV_LOW, "%s", c->flags.reasons[0]);
    cr_expect_eq(c->flags.impact, PD_IMPACT_BETTER);
    cr_expect(reason_has(c, "list item removed: \"contest invitations and offers\""), "%s",
              c->flags.reasons[0]);
    static const char *const same[][2] = {
        {"We collect your name and email address and phone number.\n",
         "We collect your name, email address, and phone number.\n"},
        {"You agree to these terms.\n", "By using the app, you agree to these terms.\n"},
        {"We keep logs, backups and reports.\n", "However, we keep logs, backups and reports.\n"},
        /* typographic quotes and a serial comma; "for example" dropped (the review's cases) */
        {"We share your name, email and \"Account Data\" with partners.\n",
         "We share your name, email, and \xe2\x80\x9c"
         "Account Data\xe2\x80\x9d with partners.\n"},
        {"We keep data such as, for example, their name, email and phone.\n",
         "We keep data such as their name, email and phone.\n"},
        /* a phrase of circumstance before a comma is no item */
        {"To use the app, you must accept these terms, rules and policies.\n",
         "You must accept these terms, rules and policies.\n"},
        {"We keep logs, backups and reports.\n",
         "We keep logs, backups and, in our shops, reports.\n"},
    };
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        c = one_with(m, same[i][0], same[i][1]);
        cr_expect_eq(c->flags.severity, PD_SEV_NONE, "%s: %s", same[i][1], c->flags.reasons[0]);
    }
    pd_flag_model_free(m);
}

/* Which way such words move the clause: a practice that gains words allows
 * more (worse), one that loses them allows less (better), unless the words
 * are an exception or a negation; a right gained is better, lost worse. */
Test(flags, words_added_outright_say_which_way)
{
    pd_flag_model *m = model_of_none();
    const pd_change *c = one_with(m, "We use cookies, pixels and local storage.\n",
                                  "We use cookies, pixels, mobile ad IDs, tags, APIs and local "
                                  "storage.\n");
    /* (words added to a list: the list's items say it first) */
    cr_assert(reason_has(c, "list item added: \"mobile ad IDs\""), "%s", c->flags.reasons[0]);
    cr_expect_eq(c->flags.impact, PD_IMPACT_WORSE, "%s", pd_impact_name(c->flags.impact));
    c = one_with(m,
                 "You grant us a licence to host your content and create derivative works of it.\n",
                 "You grant us a licence to host your content.\n");
    cr_expect_eq(c->flags.impact, PD_IMPACT_BETTER, "%s", c->flags.reasons[0]);
    c = one_with(m, "You grant us a licence to all content you submit other than Public Content.\n",
                 "You grant us a licence to all content you submit.\n");
    cr_expect_eq(c->flags.impact, PD_IMPACT_WORSE, "%s", c->flags.reasons[0]);
    /* an exception added to a safeguard gives less; "more than" is no limit;
     * a curly "don’t" is a negation */
    c = one_with(m, "We share your data with our partners.\n",
                 "We share your data with our partners, more than two hundred companies "
                 "worldwide.\n");
    cr_expect_eq(c->flags.impact, PD_IMPACT_WORSE, "%s", c->flags.reasons[0]);
    c = one_with(m, "We keep server logs for security.\n",
                 "We keep server logs for security, but we don\u2019t keep your search history.\n");
    cr_expect_eq(c->flags.impact, PD_IMPACT_BETTER, "%s", c->flags.reasons[0]);
    pd_flag_model_free(m);
    m = model_of_none_in(5); /* security */
    c = one_with(m, "We encrypt your messages in transit.\n",
                 "We encrypt your messages in transit, except messages sent to business "
                 "accounts.\n");
    cr_assert(reason_has(c, "words added"), "%s", c->flags.reasons[0]);
    cr_expect_eq(c->flags.impact, PD_IMPACT_WORSE, "%s", c->flags.reasons[0]);
    pd_flag_model_free(m);
    m = model_of_none_in(6); /* user-rights */
    c = one_with(m, "You can opt out through the NAI opt-out platform and our settings page.\n",
                 "You can opt out through our settings page.\n");
    cr_assert(reason_has(c, "words removed"), "%s", c->flags.reasons[0]);
    cr_expect_eq(c->flags.impact, PD_IMPACT_WORSE, "%s", c->flags.reasons[0]);
    pd_flag_model_free(m);
}

/* A limit restated, ordinary financial data, and a reduced relative clause
 * that ends a negation's scope. */
Test(flags, a_limit_restated_is_no_negation_removed)
{
    const pd_change *c =
        one("We will not retain your information longer than necessary for the purposes we "
            "collected it for.\n",
            "We will only retain your information for as long as reasonably necessary for the "
            "purposes we collected it for.\n");
    cr_assert_neq(c->flags.severity, PD_SEV_HIGH, "%s", c->flags.reasons[0]);
    cr_assert_not(reason_has(c, "negation removed"), "%s", c->flags.reasons[0]);
    cr_assert(reason_has(c, "retention limit restated"), "%s", c->flags.reasons[0]);
    /* a sale is still a sale when a limit replaces the negation */
    c = one("We do not sell your data.\n", "We only sell your data to partners.\n");
    cr_assert_eq(c->flags.severity, PD_SEV_HIGH);
    /* salary and income are ordinary data in the guidelines; card details are not */
    c = one("", "We collect financial information such as your salary and income.\n");
    cr_assert_eq(c->flags.severity, PD_SEV_MEDIUM, "%s", c->flags.reasons[0]);
    c = one("", "We collect your payment card details.\n");
    cr_assert_eq(c->flags.severity, PD_SEV_HIGH, "%s", c->flags.reasons[0]);
}

/* Readings an independent review of the rules found wrong, each a clause
 * policies write. */
Test(flags, the_reviews_cases_are_read_right)
{
    /* a few words that change what a clause allows are never cosmetic */
    static const char *const changed[][2] = {
        {"We will give you notice before suspending your account.\n",
         "We may suspend your account.\n"},
        {"Your profile is private by default.\n", "Your profile is public by default.\n"},
        {"Moderators review reported posts.\n", "Automated systems review reported posts.\n"},
        {"We respond to requests within one month.\n",
         "We respond to requests within a reasonable time.\n"}};
    for (size_t i = 0; i < sizeof(changed) / sizeof(changed[0]); i++) {
        const pd_change *c = one(changed[i][0], changed[i][1]);
        cr_expect_neq(c->flags.severity, PD_SEV_NONE, "pair %zu: %s", i, c->flags.reasons[0]);
        cr_expect_not(c->cosmetic, "pair %zu", i);
    }
    /* a terms cue negated, or the user's own choice, is no loss */
    const pd_change *c = one("", "We will not use your content to train our AI models.\n");
    cr_expect_neq(c->flags.impact, PD_IMPACT_WORSE, "%s", c->flags.reasons[0]);
    c = one("", "We do not charge any fee for processing your data access requests.\n");
    cr_expect_neq(c->flags.impact, PD_IMPACT_WORSE, "%s", c->flags.reasons[0]);
    c = one("Providing advertising, which keeps many of our services free (and when ads are "
            "personalised, we ask for your consent).\n",
            "Providing advertising, which allows us to offer many of our services without a fee "
            "(and when ads are personalised, we ask for your consent).\n");
    cr_expect_not(reason_has(c, "fees or automatic renewal added"), "%s", c->flags.reasons[0]);
    c = one("", "You can close your account at any time, and we will delete your personal "
                "data within 30 days.\n");
    cr_expect_not(reason_has(c, "termination at the service's discretion"), "%s",
                  c->flags.reasons[0]);
    c = one("", "We use your content to train our AI models.\n");
    cr_expect_eq(c->flags.severity, PD_SEV_HIGH);
    cr_expect_not(reason_has(c, "broader licence"), "said once: %s", c->flags.reasons[0]);
    /* "purposes" beside a practice stated is no look back */
    c = one("", "For marketing purposes, data is shared with advertisers.\n");
    cr_expect(reason_has(c, "new practice: sharing"), "%s", c->flags.reasons[0]);
    c = one("", "We keep your data for the purposes for which it was collected.\n");
    cr_expect_not(reason_has(c, "new practice: collection"), "%s", c->flags.reasons[0]);
    /* "permanently" is deletion only with the deletion it modifies */
    c = one("", "We will keep your posts permanently after you close your account.\n");
    cr_expect(reason_has(c, "retention period: indefinite"), "%s", c->flags.reasons[0]);
    /* a right the user keeps or is granted is the user's */
    c = one("", "You retain the right to withdraw your consent at any time.\n");
    cr_expect(reason_has(c, "right added: consent withdrawal"), "%s", c->flags.reasons[0]);
    c = one("", "We grant you the right to access your data.\n");
    cr_expect(reason_has(c, "right added: access"), "%s", c->flags.reasons[0]);
    /* "IA" alone is Iowa */
    c = one("Our warehouse is in Omaha, NE.\n", "Our warehouse is in Des Moines, IA.\n");
    cr_expect_not(c->flags.categories & PD_CAT_AI, "%s", c->flags.reasons[0]);
    /* data "acquired" from partners and sold is a sale */
    c = one("", "We sell the personal information we acquired from partners to advertisers.\n");
    cr_expect_eq(pd_flags_primary(&c->flags), PD_CAT_SALE, "%s", c->flags.reasons[0]);
    cr_expect_eq(c->flags.severity, PD_SEV_HIGH);
    /* a sale stated by a clause removed: news if it stops (medium) */
    c = one("We sell your personal information to data brokers.\n", "");
    cr_expect_eq(c->flags.severity, PD_SEV_MEDIUM, "%s", c->flags.reasons[0]);
}

/* A clause added that denies from its first words is no practice added,
 * whatever the model reads in its words; a condition or a contrast first
 * leaves the rest to state one. */
Test(flags, a_clause_that_denies_is_no_practice_added)
{
    pd_flag_model *m = one_row_model("b", PD_CAT_COUNT + PD_SEV_LOW, 9000, 7, 9000); /* tracking */
    const pd_change *c =
        one_with(m, "", "Currently, example.com does not respond to Do Not Track signals.\n");
    cr_expect_eq(c->flags.impact, PD_IMPACT_NEUTRAL, "%s", c->flags.reasons[0]);
    c = one_with(m, "", "We don\u2019t show you ads based on the content of your mail.\n");
    cr_expect_neq(c->flags.impact, PD_IMPACT_WORSE, "%s", c->flags.reasons[0]);
    c = one_with(m, "", "Nous ne montrons aucune publicit\u00e9 bas\u00e9e sur vos e-mails.\n");
    cr_expect_neq(c->flags.impact, PD_IMPACT_WORSE, "%s", c->flags.reasons[0]);
    c = one_with(m, "", "We show you ads based on the pages you visit on other sites.\n");
    cr_expect_eq(c->flags.impact, PD_IMPACT_WORSE, "%s", c->flags.reasons[0]);
    c = one_with(m, "", "If you do not object, we show you ads based on the pages you visit.\n");
    cr_expect_eq(c->flags.impact, PD_IMPACT_WORSE, "%s", c->flags.reasons[0]);
    c = one_with(m, "", "We show ads to visitors but never on pages for children.\n");
    cr_expect_eq(c->flags.impact, PD_IMPACT_WORSE, "%s", c->flags.reasons[0]);
    c = one_with(m, "", "Our partners show you ads on other sites without asking you again.\n");
    cr_expect_eq(c->flags.impact, PD_IMPACT_WORSE, "%s", c->flags.reasons[0]);
    /* the review's cases: a negation that opens the sentence, or of one
     * word, or "no" (Portuguese "in the"), denies nothing */
    static const char *const opens[] = {
        "No matter which browser you use, pixels follow what you do on other sites.\n",
        "Not all pixels are ours: third parties follow what you do on other sites.\n",
        "Never before shared data such as your location now goes to advertisers.\n",
        "We no longer ask before pixels follow what you do on other sites.\n",
        "We do not only show you ads but also sell what we learn about you.\n",
        "Whether or not you consent, pixels follow what you do on other sites.\n",
        "Transfer\u00eancias de dados pessoais no \u00e2mbito dos pa\u00edses fora do EEE.\n",
        NULL};
    for (size_t i = 0; opens[i]; i++) {
        c = one_with(m, "", opens[i]);
        cr_expect_eq(c->flags.impact, PD_IMPACT_WORSE, "%s: %s", opens[i], c->flags.reasons[0]);
    }
    /* "n't" with an ASCII or a curly apostrophe reads alike */
    c = one_with(m, "", "We haven't shown you ads based on your mail.\n");
    cr_expect_neq(c->flags.impact, PD_IMPACT_WORSE, "%s", c->flags.reasons[0]);
    c = one_with(m, "", "We won\u2019t show you ads based on your mail.\n");
    cr_expect_neq(c->flags.impact, PD_IMPACT_WORSE, "%s", c->flags.reasons[0]);
    pd_flag_model_free(m);
}

/* A "read more" link added or removed is navigation, not a statement
 * (the link's target is no word of the clause); a link that names what
 * it leads to is not. */
Test(flags, a_read_more_link_is_navigation)
{
    const pd_change *c = one("We do not sell your data.\n", "We do not sell your data.\n\n"
                                                            "([Read more](#sale))\n");
    cr_expect_eq(c->flags.severity, PD_SEV_NONE, "%s", c->flags.reasons[0]);
    cr_expect(reason_has(c, "navigation only"), "%s", c->flags.reasons[0]);
    c = one("Cookies help us.\n\n[En savoir plus](https://example.fr/cookies)\n",
            "Cookies help us.\n");
    cr_expect_eq(c->flags.severity, PD_SEV_NONE, "%s", c->flags.reasons[0]);
    c = one("Cookies help us.\n", "Cookies help us.\n\n[Mehr erfahren](https://example.de/c)\n");
    cr_expect_eq(c->flags.severity, PD_SEV_NONE, "%s", c->flags.reasons[0]);
    c = one("Cookies help us.\n", "Cookies help us.\n\n[Opt out of sale](https://example.com/o)\n");
    cr_expect_neq(c->flags.severity, PD_SEV_NONE, "%s", c->flags.reasons[0]);
    c = one("Cookies help us.\n", "Cookies help us.\n\nRead more about how we sell your data.\n");
    cr_expect_neq(c->flags.severity, PD_SEV_NONE, "%s", c->flags.reasons[0]);
    /* navigation is about nothing, wherever its link leads */
    c = one("Cookies help us.\n", "Cookies help us.\n\n[Read more](https://example.com/sale)\n");
    cr_expect_eq(pd_flags_primary(&c->flags), PD_CAT_OTHER, "%s", c->flags.reasons[0]);
    /* where "click here" leads is what it says; "en plus" is "besides" */
    c = one("Cookies help us.\n",
            "Cookies help us.\n\n[Click here](https://example.com/do-not-sell)\n");
    cr_expect_neq(c->flags.severity, PD_SEV_NONE, "%s", c->flags.reasons[0]);
    c = one("Cookies help us.\n", "Cookies help us.\n\nEn plus\n");
    cr_expect_neq(c->flags.severity, PD_SEV_NONE, "%s", c->flags.reasons[0]);
}

/* An e-mail address a capture shows as "[email protected]" (the site
 * hides it from robots) is the same address; another address is news. */
Test(flags, a_masked_email_address_is_the_same_address)
{
    const pd_change *c = one("Please write to us at support@example.com with any questions.\n",
                             "Please write to us at [email protected] with any questions.\n");
    cr_expect_eq(c->flags.severity, PD_SEV_NONE, "%s", c->flags.reasons[0]);
    cr_expect(reason_has(c, "[email protected]"), "%s", c->flags.reasons[0]);
    static const char *const same[][2] = {
        {"Email us at [email protected]\n", "Email us at privacy@example.com.\n"},
        {"Email us at privacy[email protected]\n", "Email us at [email protected]\n"},
    };
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        c = one(same[i][0], same[i][1]);
        cr_expect_eq(c->flags.severity, PD_SEV_NONE, "%s: %s", same[i][1], c->flags.reasons[0]);
    }
    /* an address named or dropped beside it is content; and the review's
     * cases: words before the address, a number, and the words "email
     * protected" in prose are compared as they are */
    static const char *const news[][2] = {
        {"Email us at [email protected]\n",
         "Email us at privacy@example.com or dpo@example.com.\n"},
        {"Email us at [email protected] to opt out.\n",
         "Email us at privacy@example.com to access your data.\n"},
        {"Email us at privacy@example.com.\n", "Email us at legal@example.org.\n"},
        {"To request deletion of your data, email privacy@example.com.\n",
         "To request a copy of your data, email [email protected].\n"},
        {"Email us at privacy@example.com within 15 days.\n",
         "Email us at [email protected] within 1.5 days.\n"},
        {"We sell your data and keep your email protected.\n",
         "We never sell your data and keep your email protected.\n"},
    };
    for (size_t i = 0; i < sizeof(news) / sizeof(news[0]); i++) {
        c = one(news[i][0], news[i][1]);
        cr_expect_neq(c->flags.severity, PD_SEV_NONE, "%s: %s", news[i][1], c->flags.reasons[0]);
    }
}
