/* lexicon.c - the words the rules know: practice verbs, data types with
 * their sensitivity, recipients, rights, tracking, places, safeguards,
 * quantities and cue words; and the matcher that finds them in a clause.
 *
 * A pattern is lower-case words separated by single spaces; a word ending
 * in '*' matches any word starting with it.  Patterns only match runs of
 * words (never across punctuation).  The matcher keeps, per class, the
 * longest match at each position and skips positions already covered. */
#include "classify/internal.h"
#include "util/error.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- named sets ---- */

enum {
    D_NAME,
    D_EMAIL,
    D_PHONE,
    D_POSTAL,
    D_BIRTH,
    D_IP,
    D_DEVICE,
    D_USAGE,
    D_PURCHASE,
    D_PHOTO,
    D_APPROX_LOC,
    D_DEMOGRAPHIC,
    D_VOICE,
    D_PRECISE_LOC,
    D_BIOMETRIC,
    D_HEALTH,
    D_PAYCARD,
    D_BANK,
    D_FINANCIAL,
    D_GOVID,
    D_CHILD,
    D_CONTACTS,
    D_MESSAGES,
    D_BROWSING,
    D_SPECIAL,
    D_CREDIT,
    D_SENSORS,
    D_APPS,
};

const pd_cl_named pd_cl_data_names[] = {
    [D_NAME] = {"name", 1},
    [D_EMAIL] = {"email address", 1},
    [D_PHONE] = {"phone number", 1},
    [D_POSTAL] = {"postal address", 1},
    [D_BIRTH] = {"date of birth", 1},
    [D_IP] = {"IP address", 1},
    [D_DEVICE] = {"device information", 1},
    [D_USAGE] = {"usage data", 1},
    [D_PURCHASE] = {"purchase history", 1},
    [D_PHOTO] = {"photos", 1},
    [D_APPROX_LOC] = {"location", 1},
    [D_DEMOGRAPHIC] = {"demographics", 1},
    [D_VOICE] = {"voice recordings", 1},
    [D_PRECISE_LOC] = {"precise location", 3},
    [D_BIOMETRIC] = {"biometric identifiers", 3},
    [D_HEALTH] = {"health data", 3},
    [D_PAYCARD] = {"payment card details", 3},
    [D_BANK] = {"bank account details", 3},
    [D_FINANCIAL] = {"financial information", 1}, /* issue 14's guidelines: not among the
                                                   * sensitive; card and bank details are */
    [D_GOVID] = {"government identifiers", 3},
    [D_CHILD] = {"children's data", 3},
    [D_CONTACTS] = {"contacts", 3},
    [D_MESSAGES] = {"messages", 3},
    [D_BROWSING] = {"browsing history", 3},
    [D_SPECIAL] = {"special category data", 3},
    [D_CREDIT] = {"credit history", 3},
    [D_SENSORS] = {"camera and microphone", 1},
    [D_APPS] = {"installed apps", 1},
};
const size_t pd_cl_ndata = sizeof(pd_cl_data_names) / sizeof(pd_cl_data_names[0]);

enum { R_AFFIL, R_SP, R_ADS, R_ANALYTICS, R_BROKERS, R_CREDIT, R_LAW, R_THIRD, R_BUYER, R_PUBLIC };
const pd_cl_named pd_cl_recip_names[] = {
    [R_AFFIL] = {"affiliates", 1},
    [R_SP] = {"service providers", 1},
    [R_ADS] = {"advertisers", 2},
    [R_ANALYTICS] = {"analytics providers", 1},
    [R_BROKERS] = {"data brokers", 3},
    [R_CREDIT] = {"credit agencies", 2},
    [R_LAW] = {"law enforcement", 2},
    [R_THIRD] = {"third parties", 1},
    [R_BUYER] = {"buyers of the business", 1},
    [R_PUBLIC] = {"the public", 2},
};
const size_t pd_cl_nrecip = sizeof(pd_cl_recip_names) / sizeof(pd_cl_recip_names[0]);

enum {
    T_COOKIES,
    T_PIXELS,
    T_CROSS,
    T_FINGERPRINT,
    T_TARGETED,
    T_ADID,
    T_REPLAY,
    T_SDK,
    T_LOCALSTORE
};
const pd_cl_named pd_cl_tracker_names[] = {
    [T_COOKIES] = {"cookies", 1},
    [T_PIXELS] = {"pixels and web beacons", 1},
    [T_CROSS] = {"cross-site tracking", 2},
    [T_FINGERPRINT] = {"device fingerprinting", 2},
    [T_TARGETED] = {"targeted advertising", 2},
    [T_ADID] = {"advertising identifiers", 1},
    [T_REPLAY] = {"session replay", 2},
    [T_SDK] = {"third-party SDKs", 1},
    [T_LOCALSTORE] = {"local storage", 1},
};
const size_t pd_cl_ntracker = sizeof(pd_cl_tracker_names) / sizeof(pd_cl_tracker_names[0]);

enum {
    I_EUROPE,
    I_OUTSIDE,
    I_US,
    I_UK,
    I_CHINA,
    I_INDIA,
    I_RUSSIA,
    I_CANADA,
    I_SINGAPORE,
    I_JAPAN,
    I_AUSTRALIA,
    I_BRAZIL,
    I_SCC,
    I_ADEQUACY,
    I_DPF,
    I_BCR,
};
const pd_cl_named pd_cl_intl_names[] = {
    [I_EUROPE] = {"Europe", 0},
    [I_OUTSIDE] = {"other countries", 1},
    [I_US] = {"United States", 1},
    [I_UK] = {"United Kingdom", 1},
    [I_CHINA] = {"China", 1},
    [I_INDIA] = {"India", 1},
    [I_RUSSIA] = {"Russia", 1},
    [I_CANADA] = {"Canada", 1},
    [I_SINGAPORE] = {"Singapore", 1},
    [I_JAPAN] = {"Japan", 1},
    [I_AUSTRALIA] = {"Australia", 1},
    [I_BRAZIL] = {"Brazil", 1},
    [I_SCC] = {"standard contractual clauses", 2},
    [I_ADEQUACY] = {"adequacy decisions", 2},
    [I_DPF] = {"Data Privacy Framework", 2},
    [I_BCR] = {"binding corporate rules", 2},
};
const size_t pd_cl_nintl = sizeof(pd_cl_intl_names) / sizeof(pd_cl_intl_names[0]);

enum {
    S_ENCRYPT,
    S_AT_REST,
    S_IN_TRANSIT,
    S_2FA,
    S_ACCESS_CTL,
    S_AUDIT,
    S_PSEUDO,
    S_BREACH_NOTICE
};
const pd_cl_named pd_cl_security_names[] = {
    [S_ENCRYPT] = {"encryption", 1},
    [S_AT_REST] = {"encryption at rest", 1},
    [S_IN_TRANSIT] = {"encryption in transit", 1},
    [S_2FA] = {"two-factor authentication", 1},
    [S_ACCESS_CTL] = {"access controls", 1},
    [S_AUDIT] = {"security audits", 1},
    [S_PSEUDO] = {"pseudonymisation", 1},
    [S_BREACH_NOTICE] = {"breach notification", 1},
};
const size_t pd_cl_nsecurity = sizeof(pd_cl_security_names) / sizeof(pd_cl_security_names[0]);

enum { U_MARKETING, U_ADVERTISING, U_RESEARCH, U_PERSONAL, U_ANALYTICS };
const pd_cl_named pd_cl_purpose_names[] = {
    [U_MARKETING] = {"marketing", 1}, [U_ADVERTISING] = {"advertising", 1},
    [U_RESEARCH] = {"research", 1},   [U_PERSONAL] = {"personalisation", 1},
    [U_ANALYTICS] = {"analytics", 1},
};
const size_t pd_cl_npurpose = sizeof(pd_cl_purpose_names) / sizeof(pd_cl_purpose_names[0]);

const char *const pd_cl_right_names[PD_R_COUNT] = {
    [PD_R_ACCESS] = "access",        [PD_R_CORRECT] = "correction",
    [PD_R_DELETE] = "deletion",      [PD_R_PORT] = "portability",
    [PD_R_OPTOUT] = "opt-out",       [PD_R_WITHDRAW] = "consent withdrawal",
    [PD_R_COMPLAIN] = "complaint",   [PD_R_OBJECT] = "objection",
    [PD_R_RESTRICT] = "restriction",
};

const char *const pd_cl_kind_names[PD_K_COUNT] = {
    [PD_K_COLLECT] = "collection", [PD_K_USE] = "use",          [PD_K_SHARE] = "sharing",
    [PD_K_SELL] = "sale",          [PD_K_RETAIN] = "retention", [PD_K_TRACK] = "tracking",
    [PD_K_TRAIN] = "AI use",       [PD_K_DELETE] = "deletion",  [PD_K_HONOR] = "honouring signals",
};

void pd_cl_found_name(uint16_t key, char *buf, size_t cap)
{
    static const char *const cls_names[PD_LX_COUNT] = {
        [PD_LX_PRACTICE] = "practice", [PD_LX_NEG] = "neg",         [PD_LX_EXC] = "exc",
        [PD_LX_CONTRAST] = "contrast", [PD_LX_COND] = "cond",       [PD_LX_SUBJ] = "subj",
        [PD_LX_RIGHTCUE] = "rightcue", [PD_LX_RIGHT] = "right",     [PD_LX_DATA] = "data",
        [PD_LX_RECIP] = "recip",       [PD_LX_TRACKER] = "tracker", [PD_LX_INTL] = "intl",
        [PD_LX_SECURITY] = "security", [PD_LX_AI] = "ai",           [PD_LX_NOTIFY] = "notify",
        [PD_LX_NONOTICE] = "nonotice", [PD_LX_CHANGE] = "change",   [PD_LX_BREACH] = "breach",
        [PD_LX_INDEF] = "indef",       [PD_LX_UNIT] = "unit",       [PD_LX_NUMWORD] = "numword",
        [PD_LX_AGECUE] = "agecue",     [PD_LX_CONSENT] = "consent", [PD_LX_TOPIC] = "topic",
        [PD_LX_MASK] = "mask",         [PD_LX_PURPOSE] = "purpose", [PD_LX_LIMIT] = "limit",
        [PD_LX_UNTIL] = "until",       [PD_LX_CUE] = "cue",
    };
    unsigned cls = key >> 8, id = key & 255;
    const char *item = NULL;
    if (cls == PD_LX_PRACTICE && id < PD_K_COUNT)
        item = pd_cl_kind_names[id];
    else if (cls == PD_LX_RIGHT && id < PD_R_COUNT)
        item = pd_cl_right_names[id];
    else if (cls == PD_LX_DATA && id < pd_cl_ndata)
        item = pd_cl_data_names[id].name;
    else if (cls == PD_LX_RECIP && id < pd_cl_nrecip)
        item = pd_cl_recip_names[id].name;
    else if (cls == PD_LX_TRACKER && id < pd_cl_ntracker)
        item = pd_cl_tracker_names[id].name;
    else if (cls == PD_LX_INTL && id < pd_cl_nintl)
        item = pd_cl_intl_names[id].name;
    else if (cls == PD_LX_SECURITY && id < pd_cl_nsecurity)
        item = pd_cl_security_names[id].name;
    else if (cls == PD_LX_PURPOSE && id < pd_cl_npurpose)
        item = pd_cl_purpose_names[id].name;
    else if (cls == PD_LX_TOPIC && id < PD_CAT_COUNT)
        item = pd_category_name(1u << id);
    const char *c = cls < PD_LX_COUNT && cls_names[cls] ? cls_names[cls] : "lx";
    /* what snprintf(buf, cap, "%s.%s" or "%s.%u", ...) writes, put
     * together by hand (a few per change: no format to parse), and no
     * spaces in a feature's name, as in every other feature's */
    char digits[4];
    if (!item) {
        size_t k = sizeof(digits) - 1;
        digits[k] = '\0';
        do
            digits[--k] = (char)('0' + id % 10);
        while ((id /= 10) && k);
        item = digits + k;
    }
    const char *part[3] = {c, ".", item};
    size_t n = 0;
    for (int k = 0; k < 3; k++)
        for (const char *q = part[k]; *q; q++, n++)
            if (n + 1 < cap)
                buf[n] = *q == ' ' ? '_' : *q;
    if (cap)
        buf[n < cap ? n : cap - 1] = '\0';
}

/* ---- the word lists ---- */

#define P(pat, id)                                                                                 \
    {                                                                                              \
        pat, PD_LX_PRACTICE, id, 0                                                                 \
    }
#define PF(pat, id, f)                                                                             \
    {                                                                                              \
        pat, PD_LX_PRACTICE, id, f                                                                 \
    }
#define E(pat, cls, id)                                                                            \
    {                                                                                              \
        pat, cls, id, 0                                                                            \
    }
#define RF(pat, id, f)                                                                             \
    {                                                                                              \
        pat, PD_LX_RIGHT, id, f                                                                    \
    }
#define TOPIC(pat, cat)                                                                            \
    {                                                                                              \
        pat, PD_LX_TOPIC, cat, 0                                                                   \
    }

/* category bit numbers for TOPIC entries */
enum {
    C_COLLECTION,
    C_USE,
    C_SHARING,
    C_SALE,
    C_RETENTION,
    C_SECURITY,
    C_RIGHTS,
    C_TRACKING,
    C_CHILDREN,
    C_INTL,
    C_CHANGE,
    C_CONTACT,
    C_AI,
    C_OTHER,
    C_DISPUTES,
    C_LICENSE,
    C_LIABILITY,
    C_TERMINATION,
    C_PAYMENT
};

static const pd_cl_entry lexicon[] = {
    /* practices */
    P("collect*", PD_K_COLLECT),
    P("gather*", PD_K_COLLECT),
    P("obtain", PD_K_COLLECT),
    P("obtains", PD_K_COLLECT),
    P("obtained", PD_K_COLLECT),
    P("receive", PD_K_COLLECT),
    P("receives", PD_K_COLLECT),
    P("received", PD_K_COLLECT),
    P("capture*", PD_K_COLLECT),
    P("record", PD_K_COLLECT),
    P("records", PD_K_COLLECT),
    P("recorded", PD_K_COLLECT),
    P("use", PD_K_USE),
    P("uses", PD_K_USE),
    P("used", PD_K_USE),
    P("using", PD_K_USE),
    P("process", PD_K_USE),
    P("processes", PD_K_USE),
    P("processed", PD_K_USE),
    P("processing", PD_K_USE),
    P("analy*", PD_K_USE),
    P("utili*", PD_K_USE),
    P("share", PD_K_SHARE),
    P("shares", PD_K_SHARE),
    P("shared", PD_K_SHARE),
    P("sharing", PD_K_SHARE),
    P("disclos*", PD_K_SHARE),
    P("make available", PD_K_SHARE),
    P("made available", PD_K_SHARE),
    PF("leave", PD_K_SHARE, PD_LXF_TRANSFER | PD_LXF_NEEDINTL),
    PF("leaves", PD_K_SHARE, PD_LXF_TRANSFER | PD_LXF_NEEDINTL),
    P("upload*", PD_K_COLLECT),
    P("makes available", PD_K_SHARE),
    P("reviewed by", PD_K_USE),
    P("listened to", PD_K_USE),
    PF("transfer*", PD_K_SHARE, PD_LXF_TRANSFER),
    PF("provide", PD_K_SHARE, PD_LXF_PROVIDE),
    PF("provides", PD_K_SHARE, PD_LXF_PROVIDE),
    PF("provided", PD_K_SHARE, PD_LXF_PROVIDE),
    P("sell", PD_K_SELL),
    P("sells", PD_K_SELL),
    P("selling", PD_K_SELL),
    P("sold", PD_K_SELL),
    P("sale of your", PD_K_SELL),
    P("sale of personal", PD_K_SELL),
    PF("rent", PD_K_SELL, PD_LXF_NOUNISH),
    PF("rents", PD_K_SELL, PD_LXF_NOUNISH),
    P("renting", PD_K_SELL),
    PF("trade", PD_K_SELL, PD_LXF_NOUNISH),
    PF("trades", PD_K_SELL, PD_LXF_NOUNISH),
    P("monetiz*", PD_K_SELL),
    P("monetis*", PD_K_SELL),
    P("retain*", PD_K_RETAIN),
    P("retention", PD_K_RETAIN),
    P("keep", PD_K_RETAIN),
    P("keeps", PD_K_RETAIN),
    P("kept", PD_K_RETAIN),
    P("store", PD_K_RETAIN),
    P("stores", PD_K_RETAIN),
    P("stored", PD_K_RETAIN),
    P("storing", PD_K_RETAIN),
    P("preserve*", PD_K_RETAIN),
    P("hosted", PD_K_RETAIN),
    P("host", PD_K_RETAIN),
    P("hosts", PD_K_RETAIN),
    /* French and German */
    P("conserv*", PD_K_RETAIN),
    P("stock*", PD_K_RETAIN),
    P("speicher*", PD_K_RETAIN),
    P("aufbewahr*", PD_K_RETAIN),
    P("gespeichert", PD_K_RETAIN),
    P("aufbewahrt", PD_K_RETAIN),
    P("track", PD_K_TRACK),
    P("tracks", PD_K_TRACK),
    P("tracked", PD_K_TRACK),
    P("tracking", PD_K_TRACK),
    P("monitor*", PD_K_TRACK),
    PF("train", PD_K_TRAIN, PD_LXF_NEEDAI),
    PF("trains", PD_K_TRAIN, PD_LXF_NEEDAI),
    PF("trained", PD_K_TRAIN, PD_LXF_NEEDAI),
    PF("training", PD_K_TRAIN, PD_LXF_NEEDAI),
    PF("decisions", PD_K_TRAIN, PD_LXF_NEEDAI),
    PF("profile you", PD_K_TRAIN, PD_LXF_NEEDAI),
    P("delete", PD_K_DELETE),
    P("deletes", PD_K_DELETE),
    P("deleted", PD_K_DELETE),
    P("erase*", PD_K_DELETE),
    P("destroy*", PD_K_DELETE),
    P("anonymi*", PD_K_DELETE),
    P("purge*", PD_K_DELETE),
    P("honor*", PD_K_HONOR),
    P("honour*", PD_K_HONOR),
    P("respect", PD_K_HONOR),
    P("respond to", PD_K_HONOR),
    P("recogni*", PD_K_HONOR),
    /* French and German practices (the stems above that fit both stay there) */
    P("recueill*", PD_K_COLLECT),
    P("obtenons", PD_K_COLLECT),
    P("recevons", PD_K_COLLECT),
    P("enregistrons", PD_K_COLLECT),
    P("erheb*", PD_K_COLLECT),
    P("erhoben", PD_K_COLLECT),
    P("sammeln", PD_K_COLLECT),
    P("sammelt", PD_K_COLLECT),
    P("erfass*", PD_K_COLLECT),
    P("traitons", PD_K_USE),
    P("traiter", PD_K_USE),
    P("exploitons", PD_K_USE),
    P("exploiter", PD_K_USE),
    P("verwend*", PD_K_USE),
    P("benutz*", PD_K_USE),
    P("nutzen", PD_K_USE),
    P("nutzt", PD_K_USE),
    P("verarbeit*", PD_K_USE),
    P("partag*", PD_K_SHARE),
    P("transmett*", PD_K_SHARE),
    P("transmis", PD_K_SHARE),
    P("transmise", PD_K_SHARE),
    P("transmises", PD_K_SHARE),
    P("divulgu*", PD_K_SHARE),
    PF("communiquons", PD_K_SHARE, PD_LXF_PROVIDE),
    PF("communiquer", PD_K_SHARE, PD_LXF_PROVIDE),
    PF("communiquées", PD_K_SHARE, PD_LXF_PROVIDE),
    PF("transfér*", PD_K_SHARE, PD_LXF_TRANSFER),
    P("weitergeb*", PD_K_SHARE),
    P("weitergegeben", PD_K_SHARE),
    P("offenleg*", PD_K_SHARE),
    P("teilen", PD_K_SHARE),
    PF("übermitt*", PD_K_SHARE, PD_LXF_TRANSFER),
    PF("vendons", PD_K_SELL, PD_LXF_NEEDDATA),
    PF("vendre", PD_K_SELL, PD_LXF_NEEDDATA),
    PF("vendrons", PD_K_SELL, PD_LXF_NEEDDATA),
    PF("vendues", PD_K_SELL, PD_LXF_NEEDDATA),
    PF("vendus", PD_K_SELL, PD_LXF_NEEDDATA),
    PF("vendu", PD_K_SELL, PD_LXF_NEEDDATA),
    PF("vendue", PD_K_SELL, PD_LXF_NEEDDATA),
    PF("revend*", PD_K_SELL, PD_LXF_NEEDDATA),
    PF("louons", PD_K_SELL, PD_LXF_NEEDDATA),
    PF("verkauf*", PD_K_SELL, PD_LXF_NEEDDATA),
    PF("vermiet*", PD_K_SELL, PD_LXF_NEEDDATA),
    PF("entraîn*", PD_K_TRAIN, PD_LXF_NEEDAI),
    PF("entrain*", PD_K_TRAIN, PD_LXF_NEEDAI),
    PF("trainier*", PD_K_TRAIN, PD_LXF_NEEDAI),
    P("supprim*", PD_K_DELETE),
    P("effac*", PD_K_DELETE),
    P("détrui*", PD_K_DELETE),
    P("lösch*", PD_K_DELETE),
    P("gelöscht", PD_K_DELETE),
    /* more French and German practice verbs */
    P("obtenir", PD_K_COLLECT),
    P("obtenues", PD_K_COLLECT),
    P("obtenus", PD_K_COLLECT),
    P("recevoir", PD_K_COLLECT),
    P("reçues", PD_K_COLLECT),
    P("rassemblons", PD_K_COLLECT),
    P("gesammelt", PD_K_COLLECT),
    /* not a bare "erhalten": "Sie erhalten eine Kopie", "Weitere
     * Informationen erhalten Sie" are the user receiving */
    P("wir erhalten", PD_K_COLLECT),
    P("erhalten wir", PD_K_COLLECT),
    P("erhält", PD_K_COLLECT),
    P("aufzeichn*", PD_K_COLLECT),
    P("aufgezeichnet", PD_K_COLLECT),
    P("traitement", PD_K_USE),
    P("traitements", PD_K_USE),
    /* "vos données sont traitées", not "votre demande est traitée" */
    PF("traitées", PD_K_USE, PD_LXF_NEEDDATA),
    PF("traités", PD_K_USE, PD_LXF_NEEDDATA),
    PF("traitée", PD_K_USE, PD_LXF_NEEDDATA),
    P("exploitées", PD_K_USE),
    P("exploités", PD_K_USE),
    P("genutzt", PD_K_USE),
    P("auswert*", PD_K_USE),
    P("ausgewertet", PD_K_USE),
    P("mettons à disposition", PD_K_SHARE),
    P("mettre à disposition", PD_K_SHARE),
    P("mises à disposition", PD_K_SHARE),
    P("mis à disposition", PD_K_SHARE),
    PF("fournissons", PD_K_SHARE, PD_LXF_PROVIDE),
    PF("fournir", PD_K_SHARE, PD_LXF_PROVIDE),
    PF("communiqué", PD_K_SHARE, PD_LXF_PROVIDE),
    PF("communiquée", PD_K_SHARE, PD_LXF_PROVIDE),
    PF("communiqués", PD_K_SHARE, PD_LXF_PROVIDE),
    P("partagées", PD_K_SHARE),
    P("geteilt", PD_K_SHARE),
    P("teilt", PD_K_SHARE),
    P("offengelegt", PD_K_SHARE),
    PF("bereitstell*", PD_K_SHARE, PD_LXF_PROVIDE),
    PF("bereitgestellt", PD_K_SHARE, PD_LXF_PROVIDE),
    PF("zugänglich machen", PD_K_SHARE, PD_LXF_PROVIDE),
    PF("cédons", PD_K_SELL, PD_LXF_NEEDDATA),
    PF("céder", PD_K_SELL, PD_LXF_NEEDDATA),
    PF("cédées", PD_K_SELL, PD_LXF_NEEDDATA),
    P("vente de vos", PD_K_SELL),
    P("vente des données", PD_K_SELL),
    P("vente de données", PD_K_SELL),
    P("hébergé*", PD_K_RETAIN),
    P("hébergeons", PD_K_RETAIN),
    P("héberger", PD_K_RETAIN),
    P("archivons", PD_K_RETAIN),
    P("archivées", PD_K_RETAIN),
    P("archivier*", PD_K_RETAIN),
    P("gehostet", PD_K_RETAIN),
    /* "nous suivons votre activité", not "nous suivons les recommandations" */
    P("suivons votre", PD_K_TRACK),
    P("suivons vos", PD_K_TRACK),
    P("suivons pas votre", PD_K_TRACK),
    P("suivons pas vos", PD_K_TRACK),
    P("suivons jamais votre", PD_K_TRACK),
    P("suivons jamais vos", PD_K_TRACK),
    P("vous suivons", PD_K_TRACK),
    P("suivre votre", PD_K_TRACK),
    P("suivre vos", PD_K_TRACK),
    P("pistage", PD_K_TRACK),
    P("traçage", PD_K_TRACK),
    P("nachverfolg*", PD_K_TRACK),
    P("verfolgen ihre", PD_K_TRACK),
    P("tracken", PD_K_TRACK),
    P("getrackt", PD_K_TRACK),
    P("vernicht*", PD_K_DELETE),
    P("respectons", PD_K_HONOR),
    P("respecterons", PD_K_HONOR),
    P("honorons", PD_K_HONOR),
    P("respektieren", PD_K_HONOR),
    P("respektiert", PD_K_HONOR),
    /* "wir geben Ihre Daten an Dritte weiter": the particle of a split
     * verb, sharing only with a recipient named, as "provide" */
    PF("weiter", PD_K_SHARE, PD_LXF_PROVIDE),
    P("weiterleit*", PD_K_SHARE),
    P("weitergeleitet", PD_K_SHARE),

    PF("access", PD_K_COLLECT, PD_LXF_NOUNISH),
    PF("accesses", PD_K_COLLECT, PD_LXF_NOUNISH),
    PF("place", PD_K_TRACK, PD_LXF_NEEDTRACKER),
    PF("places", PD_K_TRACK, PD_LXF_NEEDTRACKER),
    PF("placed", PD_K_TRACK, PD_LXF_NEEDTRACKER),
    PF("set", PD_K_TRACK, PD_LXF_NEEDTRACKER),
    PF("sets", PD_K_TRACK, PD_LXF_NEEDTRACKER),
    PF("drop", PD_K_TRACK, PD_LXF_NEEDTRACKER),
    PF("deploy*", PD_K_TRACK, PD_LXF_NEEDTRACKER),

    /* purposes */
    E("marketing", PD_LX_PURPOSE, U_MARKETING),
    E("direct marketing", PD_LX_PURPOSE, U_MARKETING),
    E("promotion*", PD_LX_PURPOSE, U_MARKETING),
    E("promotional", PD_LX_PURPOSE, U_MARKETING),
    E("advertising", PD_LX_PURPOSE, U_ADVERTISING),
    E("advertisements", PD_LX_PURPOSE, U_ADVERTISING),
    E("ads", PD_LX_PURPOSE, U_ADVERTISING),
    E("research", PD_LX_PURPOSE, U_RESEARCH),
    E("personaliz*", PD_LX_PURPOSE, U_PERSONAL),
    E("personalis*", PD_LX_PURPOSE, U_PERSONAL),
    E("recommendation*", PD_LX_PURPOSE, U_PERSONAL),
    E("analytics", PD_LX_PURPOSE, U_ANALYTICS),
    /* French and German purposes ("marketing", "personalis*" fit both) */
    E("prospection*", PD_LX_PURPOSE, U_MARKETING),
    E("communications commerciales", PD_LX_PURPOSE, U_MARKETING),
    E("sollicitations commerciales", PD_LX_PURPOSE, U_MARKETING),
    E("marketingzweck*", PD_LX_PURPOSE, U_MARKETING),
    E("marketingmaßnahme*", PD_LX_PURPOSE, U_MARKETING),
    E("marketingmassnahme*", PD_LX_PURPOSE, U_MARKETING),
    E("direktmarketing*", PD_LX_PURPOSE, U_MARKETING),
    E("direktwerbung", PD_LX_PURPOSE, U_MARKETING),
    E("werbe e mail*", PD_LX_PURPOSE, U_MARKETING),
    E("werbemitteilung*", PD_LX_PURPOSE, U_MARKETING),
    E("publicité*", PD_LX_PURPOSE, U_ADVERTISING),
    E("publicitaire*", PD_LX_PURPOSE, U_ADVERTISING),
    E("werbung", PD_LX_PURPOSE, U_ADVERTISING),
    E("werbezweck*", PD_LX_PURPOSE, U_ADVERTISING),
    E("werbliche*", PD_LX_PURPOSE, U_ADVERTISING),
    E("werbeanzeige*", PD_LX_PURPOSE, U_ADVERTISING),
    E("werbemaßnahme*", PD_LX_PURPOSE, U_ADVERTISING),
    E("werbemassnahme*", PD_LX_PURPOSE, U_ADVERTISING),
    E("werbekampagne*", PD_LX_PURPOSE, U_ADVERTISING),
    /* "recherche" alone is a search too ("moteur de recherche") */
    E("fins de recherche", PD_LX_PURPOSE, U_RESEARCH),
    E("recherche scientifique", PD_LX_PURPOSE, U_RESEARCH),
    E("recherches scientifiques", PD_LX_PURPOSE, U_RESEARCH),
    E("recherche et développement", PD_LX_PURPOSE, U_RESEARCH),
    E("recherche médicale", PD_LX_PURPOSE, U_RESEARCH),
    E("projets de recherche", PD_LX_PURPOSE, U_RESEARCH),
    E("études de marché", PD_LX_PURPOSE, U_RESEARCH),
    E("forschung*", PD_LX_PURPOSE, U_RESEARCH),
    E("marktforschung*", PD_LX_PURPOSE, U_RESEARCH),
    E("personnalis*", PD_LX_PURPOSE, U_PERSONAL),
    /* recommendations made for the user, not "les recommandations de la
     * CNIL", "Empfehlungsprogramm" (referrals) */
    E("recommandations de produits", PD_LX_PURPOSE, U_PERSONAL),
    E("recommandations de contenu*", PD_LX_PURPOSE, U_PERSONAL),
    E("recommandations adaptées", PD_LX_PURPOSE, U_PERSONAL),
    E("recommandations sur mesure", PD_LX_PURPOSE, U_PERSONAL),
    E("vous recommander des", PD_LX_PURPOSE, U_PERSONAL),
    E("produktempfehlung*", PD_LX_PURPOSE, U_PERSONAL),
    E("individuelle empfehlungen", PD_LX_PURPOSE, U_PERSONAL),
    E("individuellen empfehlungen", PD_LX_PURPOSE, U_PERSONAL),
    E("empfehlungen für sie", PD_LX_PURPOSE, U_PERSONAL),
    E("ihnen empfehlungen", PD_LX_PURPOSE, U_PERSONAL),
    E("mesure d audience", PD_LX_PURPOSE, U_ANALYTICS),
    E("mesure de l audience", PD_LX_PURPOSE, U_ANALYTICS),
    E("mesures d audience", PD_LX_PURPOSE, U_ANALYTICS),
    E("fins statistiques", PD_LX_PURPOSE, U_ANALYTICS),
    E("fins d analyse", PD_LX_PURPOSE, U_ANALYTICS),
    E("statistiques", PD_LX_PURPOSE, U_ANALYTICS),
    E("analysezweck*", PD_LX_PURPOSE, U_ANALYTICS),
    E("statistische* zwecke*", PD_LX_PURPOSE, U_ANALYTICS),
    E("statistik*", PD_LX_PURPOSE, U_ANALYTICS),
    E("webanalyse*", PD_LX_PURPOSE, U_ANALYTICS),
    E("reichweitenmessung*", PD_LX_PURPOSE, U_ANALYTICS),
    E("only", PD_LX_LIMIT, 0),
    E("solely", PD_LX_LIMIT, 0),
    E("exclusively", PD_LX_LIMIT, 0),
    E("until you delete", PD_LX_UNTIL, 0),
    E("until you close", PD_LX_UNTIL, 0),
    E("until you cancel", PD_LX_UNTIL, 0),
    E("until you remove", PD_LX_UNTIL, 0),
    E("until you ask", PD_LX_UNTIL, 0),
    E("until you request", PD_LX_UNTIL, 0),
    E("until you withdraw", PD_LX_UNTIL, 0),
    E("until your account", PD_LX_UNTIL, 0),
    E("until the account", PD_LX_UNTIL, 0),
    E("until account", PD_LX_UNTIL, 0),

    /* words some rules look for */
    E("notice*", PD_LX_CUE, PD_CUE_NOTICE),
    E("effect*", PD_LX_CUE, PD_CUE_EFFECT),
    E("immediately", PD_LX_CUE, PD_CUE_IMMEDIATELY),
    E("retention*", PD_LX_CUE, PD_CUE_RETENTION),
    E("signal*", PD_LX_CUE, PD_CUE_SIGNAL),
    E("request*", PD_LX_CUE, PD_CUE_REQUEST),
    E("preference*", PD_LX_CUE, PD_CUE_PREFERENCE),
    E("choice*", PD_LX_CUE, PD_CUE_CHOICE),
    E("polic*", PD_LX_CUE, PD_CUE_POLICY),
    E("terms", PD_LX_CUE, PD_CUE_POLICY),
    E("statement*", PD_LX_CUE, PD_CUE_POLICY),
    E("discretion", PD_LX_CUE, PD_CUE_DISCRETION),
    E("discrétion", PD_LX_CUE, PD_CUE_DISCRETION),
    E("ermessen", PD_LX_CUE, PD_CUE_DISCRETION),

    /* negation, exceptions, conditions, contrast */
    E("not", PD_LX_NEG, 0),
    E("ne", PD_LX_NEG, 0),
    E("pas", PD_LX_NEG, 0),
    E("jamais", PD_LX_NEG, 0),
    E("rien", PD_LX_NEG, 0),
    E("aucun*", PD_LX_NEG, 0),
    E("ni", PD_LX_NEG, 0),
    E("nicht", PD_LX_NEG, 0),
    E("kein*", PD_LX_NEG, 0),
    E("niemals", PD_LX_NEG, 0),
    E("never", PD_LX_NEG, 0),
    E("no", PD_LX_NEG, 0),
    E("none", PD_LX_NEG, 0),
    E("nothing", PD_LX_NEG, 0),
    E("nobody", PD_LX_NEG, 0),
    E("don't", PD_LX_NEG, 0),
    E("doesn't", PD_LX_NEG, 0),
    E("won't", PD_LX_NEG, 0),
    E("cannot", PD_LX_NEG, 0),
    E("can't", PD_LX_NEG, 0),
    E("shan't", PD_LX_NEG, 0),
    E("wouldn't", PD_LX_NEG, 0),
    E("didn't", PD_LX_NEG, 0),
    E("neither", PD_LX_NEG, 0),
    E("nor", PD_LX_NEG, 0),
    E("refrain from", PD_LX_NEG, 0),
    E("unless", PD_LX_EXC, 0),
    E("sauf", PD_LX_EXC, 0),
    E("à moins", PD_LX_EXC, 0),
    E("excepté", PD_LX_EXC, 0),
    E("hormis", PD_LX_EXC, 0),
    E("sans", PD_LX_EXC, 0),
    E("außer", PD_LX_EXC, 0),
    E("es sei denn", PD_LX_EXC, 0),
    E("ohne", PD_LX_EXC, 0),
    E("mais", PD_LX_CONTRAST, 0),
    E("cependant", PD_LX_CONTRAST, 0),
    E("toutefois", PD_LX_CONTRAST, 0),
    E("aber", PD_LX_CONTRAST, 0),
    E("jedoch", PD_LX_CONTRAST, 0),
    E("sondern", PD_LX_CONTRAST, 0),
    E("except", PD_LX_EXC, 0),
    E("excepting", PD_LX_EXC, 0),
    E("other than", PD_LX_EXC, 0),
    E("apart from", PD_LX_EXC, 0),
    E("save as", PD_LX_EXC, 0),
    E("without", PD_LX_EXC, 0),
    E("but", PD_LX_CONTRAST, 0),
    E("however", PD_LX_CONTRAST, 0),
    E("although", PD_LX_CONTRAST, 0),
    E("whereas", PD_LX_CONTRAST, 0),
    E("while", PD_LX_CONTRAST, 0),
    E("though", PD_LX_CONTRAST, 0),
    E("if", PD_LX_COND, 0),
    /* "si" before what a French clause goes on with ("SI 2019/419" is a
     * statutory instrument) */
    E("si vous", PD_LX_COND, 0),
    E("si nous", PD_LX_COND, 0),
    E("si le", PD_LX_COND, 0),
    E("si la", PD_LX_COND, 0),
    E("si les", PD_LX_COND, 0),
    E("si l", PD_LX_COND, 0),
    E("si un", PD_LX_COND, 0),
    E("si une", PD_LX_COND, 0),
    E("si votre", PD_LX_COND, 0),
    E("si vos", PD_LX_COND, 0),
    E("si cela", PD_LX_COND, 0),
    E("si des", PD_LX_COND, 0),
    E("wenn", PD_LX_COND, 0),
    E("in the event", PD_LX_COND, 0),
    E("in case", PD_LX_COND, 0),
    E("should we", PD_LX_COND, 0),

    /* who acts */
    E("we", PD_LX_SUBJ, 1),
    E("we'll", PD_LX_SUBJ, 1),
    E("we've", PD_LX_SUBJ, 1),
    E("you", PD_LX_SUBJ, 2),
    E("you'll", PD_LX_SUBJ, 2),
    E("parents", PD_LX_SUBJ, 2),
    E("parent", PD_LX_SUBJ, 2),
    E("guardian*", PD_LX_SUBJ, 2),
    E("users", PD_LX_SUBJ, 2),
    E("residents", PD_LX_SUBJ, 2),
    E("individuals", PD_LX_SUBJ, 2),
    E("nous", PD_LX_SUBJ, 1),
    E("wir", PD_LX_SUBJ, 1),
    E("vous", PD_LX_SUBJ, 2),
    E("sie", PD_LX_SUBJ, 2), /* the formal "Sie" of German policies */

    /* rights and choices */
    E("right", PD_LX_RIGHTCUE, 0),
    E("rights", PD_LX_RIGHTCUE, 0),
    E("request*", PD_LX_RIGHTCUE, 0),
    E("ask us", PD_LX_RIGHTCUE, 0),
    E("choose", PD_LX_RIGHTCUE, 0),
    E("option", PD_LX_RIGHTCUE, 0),
    E("access", PD_LX_RIGHT, PD_R_ACCESS),
    E("review", PD_LX_RIGHT, PD_R_ACCESS),
    E("copy of your", PD_LX_RIGHT, PD_R_ACCESS),
    E("a copy", PD_LX_RIGHT, PD_R_ACCESS),
    E("download*", PD_LX_RIGHT, PD_R_PORT),
    E("right to know", PD_LX_RIGHT, PD_R_ACCESS),
    E("correct", PD_LX_RIGHT, PD_R_CORRECT),
    E("correction", PD_LX_RIGHT, PD_R_CORRECT),
    E("rectif*", PD_LX_RIGHT, PD_R_CORRECT),
    E("amend", PD_LX_RIGHT, PD_R_CORRECT),
    E("update inaccurate", PD_LX_RIGHT, PD_R_CORRECT),
    E("delete", PD_LX_RIGHT, PD_R_DELETE),
    E("deletion", PD_LX_RIGHT, PD_R_DELETE),
    E("erase", PD_LX_RIGHT, PD_R_DELETE),
    E("erasure", PD_LX_RIGHT, PD_R_DELETE),
    E("be forgotten", PD_LX_RIGHT, PD_R_DELETE),
    E("remove your", PD_LX_RIGHT, PD_R_DELETE),
    E("portab*", PD_LX_RIGHT, PD_R_PORT),
    E("export", PD_LX_RIGHT, PD_R_PORT),
    E("transfer it", PD_LX_RIGHT, PD_R_PORT),
    E("machine readable", PD_LX_RIGHT, PD_R_PORT),
    E("opt out", PD_LX_RIGHT, PD_R_OPTOUT),
    E("unsubscrib*", PD_LX_RIGHT, PD_R_OPTOUT),
    E("withdraw*", PD_LX_RIGHT, PD_R_WITHDRAW),
    E("revoke*", PD_LX_RIGHT, PD_R_WITHDRAW),
    RF("complain*", PD_R_COMPLAIN, PD_LXF_RAUTH), /* not "in the event of a complaint" */
    E("lodge", PD_LX_RIGHT, PD_R_COMPLAIN),
    E("object to", PD_LX_RIGHT, PD_R_OBJECT),
    E("objection", PD_LX_RIGHT, PD_R_OBJECT),
    E("restrict", PD_LX_RIGHT, PD_R_RESTRICT),
    E("restriction", PD_LX_RIGHT, PD_R_RESTRICT),
    E("limit the processing", PD_LX_RIGHT, PD_R_RESTRICT),
    E("limit processing", PD_LX_RIGHT, PD_R_RESTRICT),
    E("limit the use", PD_LX_RIGHT, PD_R_RESTRICT),
    E("limit our use", PD_LX_RIGHT, PD_R_RESTRICT),
    E("limit how we use", PD_LX_RIGHT, PD_R_RESTRICT),
    /* French and German rights and their cues ("rectif*", "portab*" fit
     * both); "vous pouvez", "Sie können" are cues as "you can" (rules.c) */
    E("droit", PD_LX_RIGHTCUE, 0),
    E("droits", PD_LX_RIGHTCUE, 0),
    E("demander", PD_LX_RIGHTCUE, 0),
    E("demande", PD_LX_RIGHTCUE, 0), /* not "demande*": English "demanded" */
    E("demandes", PD_LX_RIGHTCUE, 0),
    E("demandez", PD_LX_RIGHTCUE, 0),
    E("recht", PD_LX_RIGHTCUE, 0),
    E("rechte", PD_LX_RIGHTCUE, 0),
    E("anspruch", PD_LX_RIGHTCUE, 0),
    E("verlangen", PD_LX_RIGHTCUE, 0),
    E("beantragen", PD_LX_RIGHTCUE, 0),
    RF("accès", PD_R_ACCESS, PD_LXF_RDATA),
    RF("accéder", PD_R_ACCESS, PD_LXF_RDATA),
    RF("une copie", PD_R_ACCESS, PD_LXF_RDATA),
    E("copie de vos", PD_LX_RIGHT, PD_R_ACCESS),
    RF("auskunft", PD_R_ACCESS, PD_LXF_RDATA),
    E("auskunftsrecht*", PD_LX_RIGHT, PD_R_ACCESS),
    E("auskunftsersuchen", PD_LX_RIGHT, PD_R_ACCESS),
    E("auskunftsanfrage*", PD_LX_RIGHT, PD_R_ACCESS),
    E("zugang zu ihren", PD_LX_RIGHT, PD_R_ACCESS),
    E("zugriff auf ihre", PD_LX_RIGHT, PD_R_ACCESS),
    RF("eine kopie", PD_R_ACCESS, PD_LXF_RDATA),
    E("kopie ihrer", PD_LX_RIGHT, PD_R_ACCESS),
    RF("einsicht", PD_R_ACCESS, PD_LXF_RDATA),
    RF("corriger", PD_R_CORRECT, PD_LXF_RDATA),
    E("berichtigung*", PD_LX_RIGHT, PD_R_CORRECT),
    E("berichtigen", PD_LX_RIGHT, PD_R_CORRECT),
    RF("korrektur*", PD_R_CORRECT, PD_LXF_RDATA),
    RF("korrigieren", PD_R_CORRECT, PD_LXF_RDATA),
    E("suppression", PD_LX_RIGHT, PD_R_DELETE),
    RF("supprimer", PD_R_DELETE, PD_LXF_RDATA),
    E("effacement", PD_LX_RIGHT, PD_R_DELETE),
    RF("effacer", PD_R_DELETE, PD_LXF_RDATA),
    E("droit à l oubli", PD_LX_RIGHT, PD_R_DELETE),
    E("löschung*", PD_LX_RIGHT, PD_R_DELETE),
    RF("löschen", PD_R_DELETE, PD_LXF_RDATA),
    E("vergessenwerden", PD_LX_RIGHT, PD_R_DELETE),
    E("vergessen zu werden", PD_LX_RIGHT, PD_R_DELETE),
    E("übertragbarkeit", PD_LX_RIGHT, PD_R_PORT),
    E("datenübertragbarkeit", PD_LX_RIGHT, PD_R_PORT),
    E("lisible par machine", PD_LX_RIGHT, PD_R_PORT),
    E("maschinenlesbar*", PD_LX_RIGHT, PD_R_PORT),
    E("désinscri*", PD_LX_RIGHT, PD_R_OPTOUT),
    E("désabonn*", PD_LX_RIGHT, PD_R_OPTOUT),
    E("abbestell*", PD_LX_RIGHT, PD_R_OPTOUT),
    E("retirer votre consentement", PD_LX_RIGHT, PD_R_WITHDRAW),
    E("retirer son consentement", PD_LX_RIGHT, PD_R_WITHDRAW),
    E("retirer à tout moment votre consentement", PD_LX_RIGHT, PD_R_WITHDRAW),
    E("retrait de votre consentement", PD_LX_RIGHT, PD_R_WITHDRAW),
    E("retrait du consentement", PD_LX_RIGHT, PD_R_WITHDRAW),
    E("retirer votre accord", PD_LX_RIGHT, PD_R_WITHDRAW),
    RF("révoquer", PD_R_WITHDRAW, PD_LXF_RCONSENT),
    RF("widerruf*", PD_R_WITHDRAW, PD_LXF_RCONSENT),
    /* a complaint needs no cue: phrases, as "toute réclamation relative à
     * une commande", "Beschwerden über Produkte" are a customer's; and an
     * authority, as "réclamation auprès de notre service client" is too */
    RF("réclamation auprès", PD_R_COMPLAIN, PD_LXF_RAUTH),
    RF("réclamations auprès", PD_R_COMPLAIN, PD_LXF_RAUTH),
    RF("introduire une réclamation", PD_R_COMPLAIN, PD_LXF_RAUTH),
    RF("déposer une réclamation", PD_R_COMPLAIN, PD_LXF_RAUTH),
    RF("adresser une réclamation", PD_R_COMPLAIN, PD_LXF_RAUTH),
    RF("plainte auprès", PD_R_COMPLAIN, PD_LXF_RAUTH),
    RF("déposer une plainte", PD_R_COMPLAIN, PD_LXF_RAUTH),
    RF("beschwerde bei", PD_R_COMPLAIN, PD_LXF_RAUTH),
    E("beschwerderecht*", PD_LX_RIGHT, PD_R_COMPLAIN),
    RF("beschwerde einlegen", PD_R_COMPLAIN, PD_LXF_RAUTH),
    RF("beschwerde einzulegen", PD_R_COMPLAIN, PD_LXF_RAUTH),
    RF("beschwerde einreichen", PD_R_COMPLAIN, PD_LXF_RAUTH),
    RF("beschwerde einzureichen", PD_R_COMPLAIN, PD_LXF_RAUTH),
    RF("beschweren", PD_R_COMPLAIN, PD_LXF_RAUTH),
    RF("opposition", PD_R_OBJECT, PD_LXF_RDATA),
    E("vous opposer", PD_LX_RIGHT, PD_R_OBJECT),
    E("s opposer", PD_LX_RIGHT, PD_R_OBJECT),
    RF("widerspruch*", PD_R_OBJECT, PD_LXF_RDATA),
    RF("widersprechen", PD_R_OBJECT, PD_LXF_RDATA),
    /* not "limitation" alone: "limitation de responsabilité" */
    E("limitation du traitement", PD_LX_RIGHT, PD_R_RESTRICT),
    E("limitation de traitement", PD_LX_RIGHT, PD_R_RESTRICT),
    E("limitation de l utilisation", PD_LX_RIGHT, PD_R_RESTRICT),
    E("limiter le traitement", PD_LX_RIGHT, PD_R_RESTRICT),
    E("limiter l utilisation", PD_LX_RIGHT, PD_R_RESTRICT),
    E("einschränkung der verarbeitung", PD_LX_RIGHT, PD_R_RESTRICT),
    E("einschränkung ihrer verarbeitung", PD_LX_RIGHT, PD_R_RESTRICT),
    E("einschränkung der nutzung", PD_LX_RIGHT, PD_R_RESTRICT),
    E("verarbeitung einschränken", PD_LX_RIGHT, PD_R_RESTRICT),

    /* data types */
    E("name", PD_LX_DATA, D_NAME),
    E("names", PD_LX_DATA, D_NAME),
    E("full name", PD_LX_DATA, D_NAME),
    E("email address*", PD_LX_DATA, D_EMAIL),
    E("e mail address*", PD_LX_DATA, D_EMAIL),
    E("phone number*", PD_LX_DATA, D_PHONE),
    E("telephone number*", PD_LX_DATA, D_PHONE),
    E("mobile number*", PD_LX_DATA, D_PHONE),
    E("postal address*", PD_LX_DATA, D_POSTAL),
    E("mailing address*", PD_LX_DATA, D_POSTAL),
    E("home address*", PD_LX_DATA, D_POSTAL),
    E("shipping address*", PD_LX_DATA, D_POSTAL),
    E("date of birth", PD_LX_DATA, D_BIRTH),
    E("birth date", PD_LX_DATA, D_BIRTH),
    E("birthday", PD_LX_DATA, D_BIRTH),
    E("ip address*", PD_LX_DATA, D_IP),
    E("device identifier*", PD_LX_DATA, D_DEVICE),
    E("device information", PD_LX_DATA, D_DEVICE),
    E("device id*", PD_LX_DATA, D_DEVICE),
    E("browser type", PD_LX_DATA, D_DEVICE),
    E("operating system", PD_LX_DATA, D_DEVICE),
    E("installed apps", PD_LX_DATA, D_APPS),
    E("installed applications", PD_LX_DATA, D_APPS),
    E("apps installed", PD_LX_DATA, D_APPS),
    E("usage data", PD_LX_DATA, D_USAGE),
    E("usage records", PD_LX_DATA, D_USAGE),
    E("usage information", PD_LX_DATA, D_USAGE),
    E("log data", PD_LX_DATA, D_USAGE),
    E("log files", PD_LX_DATA, D_USAGE),
    E("purchase history", PD_LX_DATA, D_PURCHASE),
    E("purchases", PD_LX_DATA, D_PURCHASE),
    E("transaction history", PD_LX_DATA, D_PURCHASE),
    E("photos", PD_LX_DATA, D_PHOTO),
    E("photographs", PD_LX_DATA, D_PHOTO),
    E("images", PD_LX_DATA, D_PHOTO),
    E("videos", PD_LX_DATA, D_PHOTO),
    E("location", PD_LX_DATA, D_APPROX_LOC),
    E("approximate location", PD_LX_DATA, D_APPROX_LOC),
    E("location data", PD_LX_DATA, D_APPROX_LOC),
    E("gender", PD_LX_DATA, D_DEMOGRAPHIC),
    E("demographic*", PD_LX_DATA, D_DEMOGRAPHIC),
    E("voice recording*", PD_LX_DATA, D_VOICE),
    E("voice command*", PD_LX_DATA, D_VOICE),
    E("camera", PD_LX_DATA, D_SENSORS),
    E("microphone", PD_LX_DATA, D_SENSORS),
    E("audio recording*", PD_LX_DATA, D_VOICE),
    E("precise location", PD_LX_DATA, D_PRECISE_LOC),
    E("exact location", PD_LX_DATA, D_PRECISE_LOC),
    E("precise geolocation", PD_LX_DATA, D_PRECISE_LOC),
    E("gps", PD_LX_DATA, D_PRECISE_LOC),
    E("geolocation", PD_LX_DATA, D_PRECISE_LOC),
    E("biometric*", PD_LX_DATA, D_BIOMETRIC),
    E("face scan*", PD_LX_DATA, D_BIOMETRIC),
    E("facial*", PD_LX_DATA, D_BIOMETRIC),
    E("fingerprints", PD_LX_DATA, D_BIOMETRIC),
    E("voiceprint*", PD_LX_DATA, D_BIOMETRIC),
    E("face geometry", PD_LX_DATA, D_BIOMETRIC),
    E("iris scan*", PD_LX_DATA, D_BIOMETRIC),
    E("health", PD_LX_DATA, D_HEALTH),
    E("medical", PD_LX_DATA, D_HEALTH),
    E("health data", PD_LX_DATA, D_HEALTH),
    E("genetic", PD_LX_DATA, D_HEALTH),
    E("santé", PD_LX_DATA, D_HEALTH),
    E("gesundheit*", PD_LX_DATA, D_HEALTH),
    E("biométrique*", PD_LX_DATA, D_BIOMETRIC),
    E("biometrisch*", PD_LX_DATA, D_BIOMETRIC),
    E("reconnaissance faciale", PD_LX_DATA, D_BIOMETRIC),
    E("gesichtserkennung", PD_LX_DATA, D_BIOMETRIC),
    E("géolocalisation précise", PD_LX_DATA, D_PRECISE_LOC),
    E("localisation précise", PD_LX_DATA, D_PRECISE_LOC),
    E("adresse ip", PD_LX_DATA, D_IP),
    E("adresse e mail", PD_LX_DATA, D_EMAIL),
    E("adresse électronique", PD_LX_DATA, D_EMAIL),
    E("numéro de téléphone", PD_LX_DATA, D_PHONE),
    E("données bancaires", PD_LX_DATA, D_BANK),
    E("payment card*", PD_LX_DATA, D_PAYCARD),
    E("credit card*", PD_LX_DATA, D_PAYCARD),
    E("debit card*", PD_LX_DATA, D_PAYCARD),
    E("card number*", PD_LX_DATA, D_PAYCARD),
    E("bank account*", PD_LX_DATA, D_BANK),
    E("financial", PD_LX_DATA, D_FINANCIAL),
    E("income", PD_LX_DATA, D_FINANCIAL),
    E("social security", PD_LX_DATA, D_GOVID),
    E("passport*", PD_LX_DATA, D_GOVID),
    E("driver's licen*", PD_LX_DATA, D_GOVID),
    E("government identifier*", PD_LX_DATA, D_GOVID),
    E("government id*", PD_LX_DATA, D_GOVID),
    E("government issued", PD_LX_DATA, D_GOVID),
    E("national id*", PD_LX_DATA, D_GOVID),
    E("tax id*", PD_LX_DATA, D_GOVID),
    E("children's data", PD_LX_DATA, D_CHILD),
    E("data from children", PD_LX_DATA, D_CHILD),
    E("information from children", PD_LX_DATA, D_CHILD),
    E("data from a child", PD_LX_DATA, D_CHILD),
    E("contacts", PD_LX_DATA, D_CONTACTS),
    E("contact list*", PD_LX_DATA, D_CONTACTS),
    E("address book*", PD_LX_DATA, D_CONTACTS),
    E("phonebook", PD_LX_DATA, D_CONTACTS),
    E("messages", PD_LX_DATA, D_MESSAGES),
    E("conversation*", PD_LX_DATA, D_MESSAGES),
    E("chats", PD_LX_DATA, D_MESSAGES),
    E("communications", PD_LX_DATA, D_MESSAGES),
    E("private content", PD_LX_DATA, D_MESSAGES),
    E("browsing history", PD_LX_DATA, D_BROWSING),
    E("search history", PD_LX_DATA, D_BROWSING),
    E("browsing activity", PD_LX_DATA, D_BROWSING),
    E("websites you visit", PD_LX_DATA, D_BROWSING),
    E("racial", PD_LX_DATA, D_SPECIAL),
    E("ethnic origin", PD_LX_DATA, D_SPECIAL),
    E("sexual orientation", PD_LX_DATA, D_SPECIAL),
    E("religious", PD_LX_DATA, D_SPECIAL),
    E("political opinions", PD_LX_DATA, D_SPECIAL),
    E("trade union", PD_LX_DATA, D_SPECIAL),
    E("credit history", PD_LX_DATA, D_CREDIT),
    E("credit score*", PD_LX_DATA, D_CREDIT),
    /* French and German data types (those above: "santé", "adresse ip" ...).
     * Never a bare "nom", "name", "adresse" or "données": "au nom de",
     * "im Namen von", "à l'adresse suivante" name nobody's data */
    E("nom et prénom", PD_LX_DATA, D_NAME),
    E("noms et prénoms", PD_LX_DATA, D_NAME),
    E("nom prénom", PD_LX_DATA, D_NAME),
    E("prénom*", PD_LX_DATA, D_NAME),
    E("votre nom", PD_LX_DATA, D_NAME),
    E("nom de famille", PD_LX_DATA, D_NAME),
    E("noms de famille", PD_LX_DATA, D_NAME),
    E("nom complet", PD_LX_DATA, D_NAME),
    E("vorname*", PD_LX_DATA, D_NAME),
    E("nachname*", PD_LX_DATA, D_NAME),
    E("familienname*", PD_LX_DATA, D_NAME),
    E("vor und nachname*", PD_LX_DATA, D_NAME),
    E("ihr name", PD_LX_DATA, D_NAME),
    E("ihren namen", PD_LX_DATA, D_NAME),
    E("ihres namens", PD_LX_DATA, D_NAME),
    E("vollständige* name*", PD_LX_DATA, D_NAME),
    E("adresses e mail", PD_LX_DATA, D_EMAIL),
    E("adresse email", PD_LX_DATA, D_EMAIL),
    E("adresses email", PD_LX_DATA, D_EMAIL),
    E("adresse mail", PD_LX_DATA, D_EMAIL),
    E("adresses mail", PD_LX_DATA, D_EMAIL),
    E("adresse courriel", PD_LX_DATA, D_EMAIL),
    E("adresses courriel", PD_LX_DATA, D_EMAIL),
    E("adresses électroniques", PD_LX_DATA, D_EMAIL),
    E("adresse de courrier électronique", PD_LX_DATA, D_EMAIL),
    E("adresse de messagerie", PD_LX_DATA, D_EMAIL),
    E("e mail adresse*", PD_LX_DATA, D_EMAIL),
    E("email adresse*", PD_LX_DATA, D_EMAIL),
    E("emailadresse*", PD_LX_DATA, D_EMAIL),
    E("mailadresse*", PD_LX_DATA, D_EMAIL),
    E("e mail anschrift*", PD_LX_DATA, D_EMAIL),
    E("numéros de téléphone", PD_LX_DATA, D_PHONE),
    E("numéro de portable", PD_LX_DATA, D_PHONE),
    E("numéro de mobile", PD_LX_DATA, D_PHONE),
    E("numéro de téléphone portable", PD_LX_DATA, D_PHONE),
    E("numéro de téléphone mobile", PD_LX_DATA, D_PHONE),
    E("telefonnummer*", PD_LX_DATA, D_PHONE),
    E("handynummer*", PD_LX_DATA, D_PHONE),
    E("mobilnummer*", PD_LX_DATA, D_PHONE),
    E("mobilfunknummer*", PD_LX_DATA, D_PHONE),
    E("rufnummer*", PD_LX_DATA, D_PHONE),
    E("adresse postale", PD_LX_DATA, D_POSTAL),
    E("adresses postales", PD_LX_DATA, D_POSTAL),
    E("adresse de livraison", PD_LX_DATA, D_POSTAL),
    E("adresses de livraison", PD_LX_DATA, D_POSTAL),
    E("adresse de facturation", PD_LX_DATA, D_POSTAL),
    E("adresses de facturation", PD_LX_DATA, D_POSTAL),
    E("adresse du domicile", PD_LX_DATA, D_POSTAL),
    E("adresse de domicile", PD_LX_DATA, D_POSTAL),
    E("adresse personnelle", PD_LX_DATA, D_POSTAL),
    E("anschrift*", PD_LX_DATA, D_POSTAL),
    E("postanschrift*", PD_LX_DATA, D_POSTAL),
    E("postadresse*", PD_LX_DATA, D_POSTAL),
    E("lieferadresse*", PD_LX_DATA, D_POSTAL),
    E("lieferanschrift*", PD_LX_DATA, D_POSTAL),
    E("rechnungsadresse*", PD_LX_DATA, D_POSTAL),
    E("rechnungsanschrift*", PD_LX_DATA, D_POSTAL),
    E("wohnadresse*", PD_LX_DATA, D_POSTAL),
    E("wohnanschrift*", PD_LX_DATA, D_POSTAL),
    E("privatadresse*", PD_LX_DATA, D_POSTAL),
    E("date de naissance", PD_LX_DATA, D_BIRTH),
    E("dates de naissance", PD_LX_DATA, D_BIRTH),
    E("date d anniversaire", PD_LX_DATA, D_BIRTH),
    E("geburtsdatum*", PD_LX_DATA, D_BIRTH),
    E("geburtsdaten", PD_LX_DATA, D_BIRTH),
    E("geburtstag*", PD_LX_DATA, D_BIRTH),
    E("adresses ip", PD_LX_DATA, D_IP),
    E("ip adresse*", PD_LX_DATA, D_IP),
    E("ipadresse*", PD_LX_DATA, D_IP),
    E("identifiant de l appareil", PD_LX_DATA, D_DEVICE),
    E("identifiants de l appareil", PD_LX_DATA, D_DEVICE),
    E("identifiant d appareil", PD_LX_DATA, D_DEVICE),
    E("identifiants d appareil", PD_LX_DATA, D_DEVICE),
    E("identifiant unique de l appareil", PD_LX_DATA, D_DEVICE),
    E("identifiants uniques de l appareil", PD_LX_DATA, D_DEVICE),
    E("informations sur l appareil", PD_LX_DATA, D_DEVICE),
    E("informations sur votre appareil", PD_LX_DATA, D_DEVICE),
    E("informations relatives à l appareil", PD_LX_DATA, D_DEVICE),
    E("informations relatives à votre appareil", PD_LX_DATA, D_DEVICE),
    E("données de l appareil", PD_LX_DATA, D_DEVICE),
    E("type d appareil", PD_LX_DATA, D_DEVICE),
    E("type de navigateur", PD_LX_DATA, D_DEVICE),
    E("système d exploitation", PD_LX_DATA, D_DEVICE),
    E("gerätekennung*", PD_LX_DATA, D_DEVICE),
    E("geräte id", PD_LX_DATA, D_DEVICE),
    E("geräte ids", PD_LX_DATA, D_DEVICE),
    E("gerätekennzeichen", PD_LX_DATA, D_DEVICE),
    E("geräteinformation*", PD_LX_DATA, D_DEVICE),
    E("gerätedaten", PD_LX_DATA, D_DEVICE),
    E("gerätetyp*", PD_LX_DATA, D_DEVICE),
    E("browsertyp*", PD_LX_DATA, D_DEVICE),
    E("betriebssystem*", PD_LX_DATA, D_DEVICE),
    E("applications installées", PD_LX_DATA, D_APPS),
    E("applis installées", PD_LX_DATA, D_APPS),
    E("installierte* apps", PD_LX_DATA, D_APPS),
    E("installierte* anwendungen", PD_LX_DATA, D_APPS),
    E("données d utilisation", PD_LX_DATA, D_USAGE),
    E("données d usage", PD_LX_DATA, D_USAGE),
    E("informations d utilisation", PD_LX_DATA, D_USAGE),
    E("données de connexion", PD_LX_DATA, D_USAGE),
    E("fichiers journaux", PD_LX_DATA, D_USAGE),
    E("journaux de connexion", PD_LX_DATA, D_USAGE),
    E("données de journalisation", PD_LX_DATA, D_USAGE),
    E("nutzungsdaten*", PD_LX_DATA, D_USAGE),
    E("nutzungsinformation*", PD_LX_DATA, D_USAGE),
    E("nutzungsverhalten*", PD_LX_DATA, D_USAGE),
    E("protokolldaten", PD_LX_DATA, D_USAGE),
    E("protokolldateien", PD_LX_DATA, D_USAGE),
    E("logdateien", PD_LX_DATA, D_USAGE),
    E("log dateien", PD_LX_DATA, D_USAGE),
    E("logfiles", PD_LX_DATA, D_USAGE),
    E("server logfiles", PD_LX_DATA, D_USAGE),
    E("verbindungsdaten", PD_LX_DATA, D_USAGE),
    E("historique d achat*", PD_LX_DATA, D_PURCHASE),
    E("historique des achats", PD_LX_DATA, D_PURCHASE),
    E("historique de commande*", PD_LX_DATA, D_PURCHASE),
    E("historique des commandes", PD_LX_DATA, D_PURCHASE),
    E("historique des transactions", PD_LX_DATA, D_PURCHASE),
    E("vos achats", PD_LX_DATA, D_PURCHASE),
    E("kaufhistorie*", PD_LX_DATA, D_PURCHASE),
    E("kaufverlauf*", PD_LX_DATA, D_PURCHASE),
    E("bestellhistorie*", PD_LX_DATA, D_PURCHASE),
    E("bestellverlauf*", PD_LX_DATA, D_PURCHASE),
    E("transaktionshistorie*", PD_LX_DATA, D_PURCHASE),
    E("transaktionsverlauf*", PD_LX_DATA, D_PURCHASE),
    E("ihre einkäufe", PD_LX_DATA, D_PURCHASE),
    E("ihre käufe", PD_LX_DATA, D_PURCHASE),
    E("photographies", PD_LX_DATA, D_PHOTO),
    E("vidéos", PD_LX_DATA, D_PHOTO),
    E("fotos", PD_LX_DATA, D_PHOTO),
    /* the user's pictures, not "die Bilder auf dieser Website" */
    E("ihre bilder", PD_LX_DATA, D_PHOTO),
    E("ihrer bilder", PD_LX_DATA, D_PHOTO),
    E("ihren bildern", PD_LX_DATA, D_PHOTO),
    E("hochgeladene* bilder", PD_LX_DATA, D_PHOTO),
    /* not a bare "localisation": English "content localisation", French
     * "la localisation de nos serveurs" */
    E("votre localisation", PD_LX_DATA, D_APPROX_LOC),
    E("localisation de votre", PD_LX_DATA, D_APPROX_LOC),
    E("informations de localisation", PD_LX_DATA, D_APPROX_LOC),
    E("services de localisation", PD_LX_DATA, D_APPROX_LOC),
    E("données de localisation", PD_LX_DATA, D_APPROX_LOC),
    E("localisation approximative", PD_LX_DATA, D_APPROX_LOC),
    E("standortdaten*", PD_LX_DATA, D_APPROX_LOC),
    E("standortinformation*", PD_LX_DATA, D_APPROX_LOC),
    E("standortangaben", PD_LX_DATA, D_APPROX_LOC),
    E("ihr standort", PD_LX_DATA, D_APPROX_LOC),
    E("ihren standort", PD_LX_DATA, D_APPROX_LOC),
    E("ihres standorts", PD_LX_DATA, D_APPROX_LOC),
    E("standort ihres", PD_LX_DATA, D_APPROX_LOC),
    E("ungefähre* standort*", PD_LX_DATA, D_APPROX_LOC),
    E("aufenthaltsort*", PD_LX_DATA, D_APPROX_LOC),
    E("géolocalisation", PD_LX_DATA, D_PRECISE_LOC),
    E("données de géolocalisation", PD_LX_DATA, D_PRECISE_LOC),
    E("données de localisation précise*", PD_LX_DATA, D_PRECISE_LOC),
    E("localisation exacte", PD_LX_DATA, D_PRECISE_LOC),
    E("position précise", PD_LX_DATA, D_PRECISE_LOC),
    E("genau* standort*", PD_LX_DATA, D_PRECISE_LOC),
    E("präzise* standort*", PD_LX_DATA, D_PRECISE_LOC),
    E("exakte* standort*", PD_LX_DATA, D_PRECISE_LOC),
    E("geolokalisierung*", PD_LX_DATA, D_PRECISE_LOC),
    E("geolokation*", PD_LX_DATA, D_PRECISE_LOC),
    E("sexe", PD_LX_DATA, D_DEMOGRAPHIC),
    E("démographique*", PD_LX_DATA, D_DEMOGRAPHIC),
    E("geschlecht", PD_LX_DATA, D_DEMOGRAPHIC),
    E("demografisch*", PD_LX_DATA, D_DEMOGRAPHIC),
    E("demographisch*", PD_LX_DATA, D_DEMOGRAPHIC),
    E("enregistrements vocaux", PD_LX_DATA, D_VOICE),
    E("enregistrement vocal", PD_LX_DATA, D_VOICE),
    E("enregistrements audio", PD_LX_DATA, D_VOICE),
    E("enregistrement audio", PD_LX_DATA, D_VOICE),
    E("enregistrements de votre voix", PD_LX_DATA, D_VOICE),
    E("commande* vocale*", PD_LX_DATA, D_VOICE),
    E("sprachaufnahme*", PD_LX_DATA, D_VOICE),
    E("sprachaufzeichnung*", PD_LX_DATA, D_VOICE),
    E("audioaufnahme*", PD_LX_DATA, D_VOICE),
    E("audioaufzeichnung*", PD_LX_DATA, D_VOICE),
    E("sprachbefehl*", PD_LX_DATA, D_VOICE),
    E("caméra", PD_LX_DATA, D_SENSORS),
    E("appareil photo", PD_LX_DATA, D_SENSORS),
    E("kamera", PD_LX_DATA, D_SENSORS),
    E("mikrofon", PD_LX_DATA, D_SENSORS),
    E("empreinte* digitale*", PD_LX_DATA, D_BIOMETRIC),
    E("empreinte* vocale*", PD_LX_DATA, D_BIOMETRIC),
    /* a person's fingerprints; "digitaler Fingerabdruck Ihres Browsers"
     * is device fingerprinting (trackers) */
    E("fingerabdrücke", PD_LX_DATA, D_BIOMETRIC),
    E("fingerabdruckdaten", PD_LX_DATA, D_BIOMETRIC),
    E("fingerabdruckscan*", PD_LX_DATA, D_BIOMETRIC),
    E("ihr fingerabdruck", PD_LX_DATA, D_BIOMETRIC),
    E("ihren fingerabdruck", PD_LX_DATA, D_BIOMETRIC),
    E("ihres fingerabdrucks", PD_LX_DATA, D_BIOMETRIC),
    E("gesichtsscan*", PD_LX_DATA, D_BIOMETRIC),
    E("gesichtsgeometrie", PD_LX_DATA, D_BIOMETRIC),
    E("irisscan*", PD_LX_DATA, D_BIOMETRIC),
    E("stimmabdr*", PD_LX_DATA, D_BIOMETRIC),
    E("biometrie", PD_LX_DATA, D_BIOMETRIC),
    E("médical", PD_LX_DATA, D_HEALTH),
    E("médicale*", PD_LX_DATA, D_HEALTH),
    E("médicaux", PD_LX_DATA, D_HEALTH),
    E("génétique*", PD_LX_DATA, D_HEALTH),
    E("medizinisch*", PD_LX_DATA, D_HEALTH),
    E("genetisch*", PD_LX_DATA, D_HEALTH),
    E("ärztlich*", PD_LX_DATA, D_HEALTH),
    E("carte bancaire", PD_LX_DATA, D_PAYCARD),
    E("cartes bancaires", PD_LX_DATA, D_PAYCARD),
    E("carte de crédit", PD_LX_DATA, D_PAYCARD),
    E("cartes de crédit", PD_LX_DATA, D_PAYCARD),
    E("carte de débit", PD_LX_DATA, D_PAYCARD),
    E("cartes de débit", PD_LX_DATA, D_PAYCARD),
    E("carte de paiement", PD_LX_DATA, D_PAYCARD),
    E("cartes de paiement", PD_LX_DATA, D_PAYCARD),
    E("numéro de carte*", PD_LX_DATA, D_PAYCARD),
    E("numéros de carte*", PD_LX_DATA, D_PAYCARD),
    E("kreditkarte*", PD_LX_DATA, D_PAYCARD),
    E("debitkarte*", PD_LX_DATA, D_PAYCARD),
    E("ec karte*", PD_LX_DATA, D_PAYCARD),
    E("bankkarte*", PD_LX_DATA, D_PAYCARD),
    E("zahlungskarte*", PD_LX_DATA, D_PAYCARD),
    E("kartennummer*", PD_LX_DATA, D_PAYCARD),
    E("kartendaten", PD_LX_DATA, D_PAYCARD),
    E("coordonnées bancaires", PD_LX_DATA, D_BANK),
    E("informations bancaires", PD_LX_DATA, D_BANK),
    E("compte bancaire", PD_LX_DATA, D_BANK),
    E("comptes bancaires", PD_LX_DATA, D_BANK),
    E("relevé d identité bancaire", PD_LX_DATA, D_BANK),
    E("rib", PD_LX_DATA, D_BANK),
    E("iban", PD_LX_DATA, D_BANK),
    E("bankverbindung*", PD_LX_DATA, D_BANK),
    E("bankdaten", PD_LX_DATA, D_BANK),
    E("bankkonto*", PD_LX_DATA, D_BANK),
    E("bankkonten", PD_LX_DATA, D_BANK),
    E("kontodaten", PD_LX_DATA, D_BANK),
    E("kontonummer*", PD_LX_DATA, D_BANK),
    E("kontoverbindung*", PD_LX_DATA, D_BANK),
    /* payment data in general: no card nor account named */
    E("données de paiement", PD_LX_DATA, D_FINANCIAL),
    E("informations de paiement", PD_LX_DATA, D_FINANCIAL),
    /* not a bare "financières": "obligations financières et comptables" */
    E("données financières", PD_LX_DATA, D_FINANCIAL),
    E("informations financières", PD_LX_DATA, D_FINANCIAL),
    E("renseignements financiers", PD_LX_DATA, D_FINANCIAL),
    E("situation financière", PD_LX_DATA, D_FINANCIAL),
    E("comptes financiers", PD_LX_DATA, D_FINANCIAL),
    E("vos revenus", PD_LX_DATA, D_FINANCIAL),
    E("zahlungsdaten*", PD_LX_DATA, D_FINANCIAL),
    E("zahlungsinformation*", PD_LX_DATA, D_FINANCIAL),
    E("finanzielle* daten", PD_LX_DATA, D_FINANCIAL),
    E("finanzielle* informationen", PD_LX_DATA, D_FINANCIAL),
    E("finanzielle* angaben", PD_LX_DATA, D_FINANCIAL),
    E("finanzielle* verhältnisse", PD_LX_DATA, D_FINANCIAL),
    E("finanzdaten", PD_LX_DATA, D_FINANCIAL),
    E("finanzinformation*", PD_LX_DATA, D_FINANCIAL),
    E("einkommen*", PD_LX_DATA, D_FINANCIAL),
    E("numéro de sécurité sociale", PD_LX_DATA, D_GOVID),
    E("passeport*", PD_LX_DATA, D_GOVID),
    E("carte d identité", PD_LX_DATA, D_GOVID),
    E("cartes d identité", PD_LX_DATA, D_GOVID),
    E("carte nationale d identité", PD_LX_DATA, D_GOVID),
    E("pièce d identité", PD_LX_DATA, D_GOVID),
    E("pièces d identité", PD_LX_DATA, D_GOVID),
    E("justificatif* d identité", PD_LX_DATA, D_GOVID),
    E("permis de conduire", PD_LX_DATA, D_GOVID),
    E("numéro fiscal", PD_LX_DATA, D_GOVID),
    E("numéro d identification fiscale", PD_LX_DATA, D_GOVID),
    E("personalausweis*", PD_LX_DATA, D_GOVID),
    E("ausweis", PD_LX_DATA, D_GOVID),
    E("ausweise", PD_LX_DATA, D_GOVID),
    E("ausweisdaten", PD_LX_DATA, D_GOVID),
    E("ausweisdokument*", PD_LX_DATA, D_GOVID),
    E("ausweisnummer*", PD_LX_DATA, D_GOVID),
    E("ausweiskopie*", PD_LX_DATA, D_GOVID),
    E("reisepass*", PD_LX_DATA, D_GOVID),
    E("führerschein*", PD_LX_DATA, D_GOVID),
    E("sozialversicherungsnummer*", PD_LX_DATA, D_GOVID),
    E("steuer id", PD_LX_DATA, D_GOVID),
    E("steueridentifikationsnummer*", PD_LX_DATA, D_GOVID),
    E("steuernummer*", PD_LX_DATA, D_GOVID),
    E("données des enfants", PD_LX_DATA, D_CHILD),
    E("données d enfants", PD_LX_DATA, D_CHILD),
    E("données personnelles des enfants", PD_LX_DATA, D_CHILD),
    E("données personnelles d enfants", PD_LX_DATA, D_CHILD),
    E("données relatives aux enfants", PD_LX_DATA, D_CHILD),
    E("informations sur les enfants", PD_LX_DATA, D_CHILD),
    E("auprès d enfants", PD_LX_DATA, D_CHILD),
    E("auprès des enfants", PD_LX_DATA, D_CHILD),
    E("auprès de mineurs", PD_LX_DATA, D_CHILD),
    E("daten von kindern", PD_LX_DATA, D_CHILD),
    E("daten über kinder", PD_LX_DATA, D_CHILD),
    E("informationen von kindern", PD_LX_DATA, D_CHILD),
    E("personenbezogene daten von kindern", PD_LX_DATA, D_CHILD),
    E("personenbezogenen daten von kindern", PD_LX_DATA, D_CHILD),
    E("daten von minderjährigen", PD_LX_DATA, D_CHILD),
    E("kinderdaten", PD_LX_DATA, D_CHILD),
    E("carnet d adresses", PD_LX_DATA, D_CONTACTS),
    E("liste* de contacts", PD_LX_DATA, D_CONTACTS),
    E("répertoire téléphonique", PD_LX_DATA, D_CONTACTS),
    E("kontakte", PD_LX_DATA, D_CONTACTS),
    E("kontaktliste*", PD_LX_DATA, D_CONTACTS),
    E("adressbuch*", PD_LX_DATA, D_CONTACTS),
    E("adressbüch*", PD_LX_DATA, D_CONTACTS),
    E("telefonbuch*", PD_LX_DATA, D_CONTACTS),
    E("contenu privé", PD_LX_DATA, D_MESSAGES),
    E("contenus privés", PD_LX_DATA, D_MESSAGES),
    E("correspondance* privée*", PD_LX_DATA, D_MESSAGES),
    /* not "vos échanges et retours" (of goods) */
    E("vos échanges avec", PD_LX_DATA, D_MESSAGES),
    E("contenu de vos échanges", PD_LX_DATA, D_MESSAGES),
    E("nachrichten", PD_LX_DATA, D_MESSAGES),
    E("nachrichteninhalt*", PD_LX_DATA, D_MESSAGES),
    E("chatnachrichten", PD_LX_DATA, D_MESSAGES),
    E("chatverl*", PD_LX_DATA, D_MESSAGES),
    E("unterhaltungen", PD_LX_DATA, D_MESSAGES),
    E("kommunikationsinhalt*", PD_LX_DATA, D_MESSAGES),
    E("korrespondenz", PD_LX_DATA, D_MESSAGES),
    E("historique de navigation", PD_LX_DATA, D_BROWSING),
    E("historique des recherches", PD_LX_DATA, D_BROWSING),
    E("historique de recherche", PD_LX_DATA, D_BROWSING),
    E("données de navigation", PD_LX_DATA, D_BROWSING),
    E("activité de navigation", PD_LX_DATA, D_BROWSING),
    E("sites que vous visitez", PD_LX_DATA, D_BROWSING),
    E("sites web que vous visitez", PD_LX_DATA, D_BROWSING),
    E("pages que vous visitez", PD_LX_DATA, D_BROWSING),
    E("browserverlauf*", PD_LX_DATA, D_BROWSING),
    E("browserhistorie*", PD_LX_DATA, D_BROWSING),
    E("suchverlauf*", PD_LX_DATA, D_BROWSING),
    E("suchhistorie*", PD_LX_DATA, D_BROWSING),
    E("surfverhalten*", PD_LX_DATA, D_BROWSING),
    E("besuchte* websites", PD_LX_DATA, D_BROWSING),
    E("besuchte* webseiten", PD_LX_DATA, D_BROWSING),
    E("origine raciale", PD_LX_DATA, D_SPECIAL),
    E("origine ethnique", PD_LX_DATA, D_SPECIAL),
    E("orientation sexuelle", PD_LX_DATA, D_SPECIAL),
    E("vie sexuelle", PD_LX_DATA, D_SPECIAL),
    E("opinions politiques", PD_LX_DATA, D_SPECIAL),
    E("convictions religieuses", PD_LX_DATA, D_SPECIAL),
    E("croyances religieuses", PD_LX_DATA, D_SPECIAL),
    E("convictions philosophiques", PD_LX_DATA, D_SPECIAL),
    E("appartenance syndicale", PD_LX_DATA, D_SPECIAL),
    E("catégories particulières de données", PD_LX_DATA, D_SPECIAL),
    E("rassisch*", PD_LX_DATA, D_SPECIAL),
    E("ethnische* herkunft", PD_LX_DATA, D_SPECIAL),
    E("sexuelle* orientierung", PD_LX_DATA, D_SPECIAL),
    E("sexualleben*", PD_LX_DATA, D_SPECIAL),
    E("politische* meinung*", PD_LX_DATA, D_SPECIAL),
    E("religiöse* überzeugung*", PD_LX_DATA, D_SPECIAL),
    E("weltanschaulich*", PD_LX_DATA, D_SPECIAL),
    E("gewerkschaftszugehörigkeit", PD_LX_DATA, D_SPECIAL),
    E("besondere* kategorien", PD_LX_DATA, D_SPECIAL),
    E("historique de crédit", PD_LX_DATA, D_CREDIT),
    E("solvabilité", PD_LX_DATA, D_CREDIT),
    E("score de crédit", PD_LX_DATA, D_CREDIT),
    E("cote de crédit", PD_LX_DATA, D_CREDIT),
    E("bonität*", PD_LX_DATA, D_CREDIT),
    E("kreditwürdigkeit", PD_LX_DATA, D_CREDIT),
    E("kredithistorie*", PD_LX_DATA, D_CREDIT),
    E("kreditscore*", PD_LX_DATA, D_CREDIT),

    /* recipients */
    E("affiliate*", PD_LX_RECIP, R_AFFIL),
    E("subsidiar*", PD_LX_RECIP, R_AFFIL),
    E("group companies", PD_LX_RECIP, R_AFFIL),
    E("corporate family", PD_LX_RECIP, R_AFFIL),
    E("service provider*", PD_LX_RECIP, R_SP),
    E("vendor*", PD_LX_RECIP, R_SP),
    E("processors", PD_LX_RECIP, R_SP),
    E("contractor*", PD_LX_RECIP, R_SP),
    E("supplier*", PD_LX_RECIP, R_SP),
    E("advertiser*", PD_LX_RECIP, R_ADS),
    E("advertising partner*", PD_LX_RECIP, R_ADS),
    E("ad network*", PD_LX_RECIP, R_ADS),
    E("marketing partner*", PD_LX_RECIP, R_ADS),
    E("advertising network*", PD_LX_RECIP, R_ADS),
    E("analytics provider*", PD_LX_RECIP, R_ANALYTICS),
    E("analytics partner*", PD_LX_RECIP, R_ANALYTICS),
    E("analytics service*", PD_LX_RECIP, R_ANALYTICS),
    E("data broker*", PD_LX_RECIP, R_BROKERS),
    E("data reseller*", PD_LX_RECIP, R_BROKERS),
    E("credit agenc*", PD_LX_RECIP, R_CREDIT),
    E("credit bureau*", PD_LX_RECIP, R_CREDIT),
    E("credit reference", PD_LX_RECIP, R_CREDIT),
    E("credit reporting", PD_LX_RECIP, R_CREDIT),
    E("law enforcement", PD_LX_RECIP, R_LAW),
    E("police", PD_LX_RECIP, R_LAW),
    E("government authorit*", PD_LX_RECIP, R_LAW),
    E("public authorit*", PD_LX_RECIP, R_LAW),
    E("government agenc*", PD_LX_RECIP, R_LAW),
    E("regulators", PD_LX_RECIP, R_LAW),
    E("third part*", PD_LX_RECIP, R_THIRD),
    E("partners", PD_LX_RECIP, R_THIRD),
    E("business partners", PD_LX_RECIP, R_THIRD),
    E("other companies", PD_LX_RECIP, R_THIRD),
    E("anyone", PD_LX_RECIP, R_THIRD),
    E("retailers", PD_LX_RECIP, R_THIRD),
    E("insurers", PD_LX_RECIP, R_THIRD),
    E("employers", PD_LX_RECIP, R_THIRD),
    E("acquirer*", PD_LX_RECIP, R_BUYER),
    E("buyer*", PD_LX_RECIP, R_BUYER),
    E("successor*", PD_LX_RECIP, R_BUYER),
    E("publicly", PD_LX_RECIP, R_PUBLIC),
    E("annonceurs", PD_LX_RECIP, R_ADS),
    E("partenaires publicitaires", PD_LX_RECIP, R_ADS),
    E("werbepartner*", PD_LX_RECIP, R_ADS),
    E("sociétés affiliées", PD_LX_RECIP, R_AFFIL),
    E("filiales", PD_LX_RECIP, R_AFFIL),
    E("verbundene unternehmen", PD_LX_RECIP, R_AFFIL),
    E("prestataires", PD_LX_RECIP, R_SP),
    E("sous traitants", PD_LX_RECIP, R_SP),
    E("dienstleister*", PD_LX_RECIP, R_SP),
    E("courtiers", PD_LX_RECIP, R_BROKERS),
    E("datenhändler*", PD_LX_RECIP, R_BROKERS),
    E("autorités", PD_LX_RECIP, R_LAW),
    E("behörden", PD_LX_RECIP, R_LAW),
    E("des tiers", PD_LX_RECIP, R_THIRD), /* "tiers" alone is English too */
    E("les tiers", PD_LX_RECIP, R_THIRD),
    E("de tiers", PD_LX_RECIP, R_THIRD),
    E("aux tiers", PD_LX_RECIP, R_THIRD),
    E("partenaires", PD_LX_RECIP, R_THIRD),
    E("dritte*", PD_LX_RECIP, R_THIRD),
    /* French and German recipients (those above: "annonceurs", "dritte*" ...) */
    E("société affiliée", PD_LX_RECIP, R_AFFIL),
    E("entité* affiliée*", PD_LX_RECIP, R_AFFIL),
    E("affilié*", PD_LX_RECIP, R_AFFIL),
    E("filiale", PD_LX_RECIP, R_AFFIL),
    E("sociétés du groupe", PD_LX_RECIP, R_AFFIL),
    E("société du groupe", PD_LX_RECIP, R_AFFIL),
    E("entités du groupe", PD_LX_RECIP, R_AFFIL),
    E("entreprises du groupe", PD_LX_RECIP, R_AFFIL),
    E("sociétés de notre groupe", PD_LX_RECIP, R_AFFIL),
    E("entités de notre groupe", PD_LX_RECIP, R_AFFIL),
    E("sociétés apparentées", PD_LX_RECIP, R_AFFIL),
    E("verbundenen unternehmen", PD_LX_RECIP, R_AFFIL),
    E("verbundene* gesellschaften", PD_LX_RECIP, R_AFFIL),
    E("tochtergesellschaft*", PD_LX_RECIP, R_AFFIL),
    E("konzernunternehmen*", PD_LX_RECIP, R_AFFIL),
    E("konzerngesellschaft*", PD_LX_RECIP, R_AFFIL),
    E("gruppenunternehmen*", PD_LX_RECIP, R_AFFIL),
    E("gruppengesellschaft*", PD_LX_RECIP, R_AFFIL),
    E("unternehmensgruppe", PD_LX_RECIP, R_AFFIL),
    E("innerhalb des konzerns", PD_LX_RECIP, R_AFFIL),
    /* not a bare "le Prestataire": the company in a contract */
    E("notre prestataire", PD_LX_RECIP, R_SP),
    E("un prestataire", PD_LX_RECIP, R_SP),
    E("leur prestataire", PD_LX_RECIP, R_SP),
    E("sous traitant", PD_LX_RECIP, R_SP),
    E("fournisseur*", PD_LX_RECIP, R_SP),
    E("auftragsverarbeiter*", PD_LX_RECIP, R_SP),
    E("unterauftragsverarbeiter*", PD_LX_RECIP, R_SP),
    E("dienstleistungsunternehmen", PD_LX_RECIP, R_SP),
    E("lieferant*", PD_LX_RECIP, R_SP),
    E("zulieferer*", PD_LX_RECIP, R_SP),
    E("subunternehmer*", PD_LX_RECIP, R_SP),
    E("auftragnehmer*", PD_LX_RECIP, R_SP),
    E("hosting anbieter*", PD_LX_RECIP, R_SP),
    E("hostinganbieter*", PD_LX_RECIP, R_SP),
    E("annonceur", PD_LX_RECIP, R_ADS),
    E("partenaire publicitaire", PD_LX_RECIP, R_ADS),
    E("régie* publicitaire*", PD_LX_RECIP, R_ADS),
    E("réseau publicitaire", PD_LX_RECIP, R_ADS),
    E("réseaux publicitaires", PD_LX_RECIP, R_ADS),
    E("partenaires marketing", PD_LX_RECIP, R_ADS),
    E("partenaires de marketing", PD_LX_RECIP, R_ADS),
    E("partenaires commerciaux et publicitaires", PD_LX_RECIP, R_ADS),
    E("werbetreibende*", PD_LX_RECIP, R_ADS),
    E("werbekunden", PD_LX_RECIP, R_ADS),
    E("anzeigenkunden", PD_LX_RECIP, R_ADS),
    E("werbenetzwerk*", PD_LX_RECIP, R_ADS),
    E("werbeanbieter*", PD_LX_RECIP, R_ADS),
    E("werbedienstleister*", PD_LX_RECIP, R_ADS),
    E("marketingpartner*", PD_LX_RECIP, R_ADS),
    E("prestataires d analyse*", PD_LX_RECIP, R_ANALYTICS),
    E("fournisseurs d analyse*", PD_LX_RECIP, R_ANALYTICS),
    E("partenaires d analyse*", PD_LX_RECIP, R_ANALYTICS),
    E("services d analyse*", PD_LX_RECIP, R_ANALYTICS),
    E("outils d analyse*", PD_LX_RECIP, R_ANALYTICS),
    E("prestataires de mesure d audience", PD_LX_RECIP, R_ANALYTICS),
    E("outils de mesure d audience", PD_LX_RECIP, R_ANALYTICS),
    E("analysedienst*", PD_LX_RECIP, R_ANALYTICS),
    E("analyse dienst*", PD_LX_RECIP, R_ANALYTICS),
    E("analyseanbieter*", PD_LX_RECIP, R_ANALYTICS),
    E("analysepartner*", PD_LX_RECIP, R_ANALYTICS),
    E("analysetool*", PD_LX_RECIP, R_ANALYTICS),
    E("analysewerkzeug*", PD_LX_RECIP, R_ANALYTICS),
    E("webanalysedienst*", PD_LX_RECIP, R_ANALYTICS),
    E("courtiers en données", PD_LX_RECIP, R_BROKERS),
    E("courtier en données", PD_LX_RECIP, R_BROKERS),
    E("revendeurs de données", PD_LX_RECIP, R_BROKERS),
    E("datenbroker*", PD_LX_RECIP, R_BROKERS),
    E("datenmakler*", PD_LX_RECIP, R_BROKERS),
    E("adresshändler*", PD_LX_RECIP, R_BROKERS),
    E("bureaux de crédit", PD_LX_RECIP, R_CREDIT),
    E("agences d évaluation du crédit", PD_LX_RECIP, R_CREDIT),
    E("agences d évaluation de crédit", PD_LX_RECIP, R_CREDIT),
    E("auskunftei*", PD_LX_RECIP, R_CREDIT),
    E("wirtschaftsauskunftei*", PD_LX_RECIP, R_CREDIT),
    E("kreditauskunftei*", PD_LX_RECIP, R_CREDIT),
    E("schufa", PD_LX_RECIP, R_CREDIT),
    E("autorité", PD_LX_RECIP, R_LAW),
    E("forces de l ordre", PD_LX_RECIP, R_LAW),
    E("services de police", PD_LX_RECIP, R_LAW),
    E("pouvoirs publics", PD_LX_RECIP, R_LAW),
    E("organismes publics", PD_LX_RECIP, R_LAW),
    E("administrations publiques", PD_LX_RECIP, R_LAW),
    E("régulateurs", PD_LX_RECIP, R_LAW),
    E("behörde", PD_LX_RECIP, R_LAW),
    E("strafverfolgung*", PD_LX_RECIP, R_LAW),
    E("ermittlungsbehörde*", PD_LX_RECIP, R_LAW),
    E("aufsichtsbehörde*", PD_LX_RECIP, R_LAW),
    E("polizei", PD_LX_RECIP, R_LAW),
    E("staatliche* stellen", PD_LX_RECIP, R_LAW),
    E("öffentliche* stellen", PD_LX_RECIP, R_LAW),
    E("un tiers", PD_LX_RECIP, R_THIRD),
    E("à tout tiers", PD_LX_RECIP, R_THIRD),
    E("tierce* partie*", PD_LX_RECIP, R_THIRD),
    E("partenaire", PD_LX_RECIP, R_THIRD),
    E("autres sociétés", PD_LX_RECIP, R_THIRD),
    E("autres entreprises", PD_LX_RECIP, R_THIRD),
    E("assureurs", PD_LX_RECIP, R_THIRD),
    E("employeurs", PD_LX_RECIP, R_THIRD),
    E("n importe qui", PD_LX_RECIP, R_THIRD),
    E("drittanbieter*", PD_LX_RECIP, R_THIRD),
    E("drittpartei*", PD_LX_RECIP, R_THIRD),
    E("drittunternehmen", PD_LX_RECIP, R_THIRD),
    E("partnern", PD_LX_RECIP, R_THIRD),
    E("geschäftspartner*", PD_LX_RECIP, R_THIRD),
    E("andere* unternehmen", PD_LX_RECIP, R_THIRD),
    E("versicherer*", PD_LX_RECIP, R_THIRD),
    E("arbeitgeber*", PD_LX_RECIP, R_THIRD),
    E("einzelhändler*", PD_LX_RECIP, R_THIRD),
    E("acquéreur*", PD_LX_RECIP, R_BUYER),
    E("acheteur*", PD_LX_RECIP, R_BUYER),
    E("repreneur*", PD_LX_RECIP, R_BUYER),
    E("successeur*", PD_LX_RECIP, R_BUYER),
    E("erwerber*", PD_LX_RECIP, R_BUYER),
    E("käufer*", PD_LX_RECIP, R_BUYER),
    E("rechtsnachfolger*", PD_LX_RECIP, R_BUYER),
    E("publiquement", PD_LX_RECIP, R_PUBLIC),
    E("accessible* au public", PD_LX_RECIP, R_PUBLIC),
    E("öffentlich", PD_LX_RECIP, R_PUBLIC),
    E("der öffentlichkeit", PD_LX_RECIP, R_PUBLIC),

    /* tracking */
    E("cookie*", PD_LX_TRACKER, T_COOKIES),
    E("third party cookies", PD_LX_TRACKER, T_COOKIES),
    E("pixel*", PD_LX_TRACKER, T_PIXELS),
    E("web beacon*", PD_LX_TRACKER, T_PIXELS),
    E("clear gif*", PD_LX_TRACKER, T_PIXELS),
    E("tracking pixel*", PD_LX_TRACKER, T_PIXELS),
    E("across websites", PD_LX_TRACKER, T_CROSS),
    E("across other websites", PD_LX_TRACKER, T_CROSS),
    E("across sites", PD_LX_TRACKER, T_CROSS),
    E("across devices", PD_LX_TRACKER, T_CROSS),
    E("across apps", PD_LX_TRACKER, T_CROSS),
    E("cross site", PD_LX_TRACKER, T_CROSS),
    E("cross device", PD_LX_TRACKER, T_CROSS),
    E("fingerprinting", PD_LX_TRACKER, T_FINGERPRINT),
    E("device fingerprint*", PD_LX_TRACKER, T_FINGERPRINT),
    E("targeted advertising", PD_LX_TRACKER, T_TARGETED),
    E("targeted ads", PD_LX_TRACKER, T_TARGETED),
    E("interest based", PD_LX_TRACKER, T_TARGETED),
    E("behavioral advertising", PD_LX_TRACKER, T_TARGETED),
    E("behavioural advertising", PD_LX_TRACKER, T_TARGETED),
    E("personalized ads", PD_LX_TRACKER, T_TARGETED),
    E("personalised ads", PD_LX_TRACKER, T_TARGETED),
    E("personalized advertising", PD_LX_TRACKER, T_TARGETED),
    E("personalised advertising", PD_LX_TRACKER, T_TARGETED),
    E("personalize advertising", PD_LX_TRACKER, T_TARGETED),
    E("personalise advertising", PD_LX_TRACKER, T_TARGETED),
    E("personalize ads", PD_LX_TRACKER, T_TARGETED),
    E("relevant ads", PD_LX_TRACKER, T_TARGETED),
    E("relevant advertising", PD_LX_TRACKER, T_TARGETED),
    E("retargeting", PD_LX_TRACKER, T_TARGETED),
    E("advertising identifier*", PD_LX_TRACKER, T_ADID),
    E("advertising id*", PD_LX_TRACKER, T_ADID),
    E("idfa", PD_LX_TRACKER, T_ADID),
    E("session replay", PD_LX_TRACKER, T_REPLAY),
    E("session recording*", PD_LX_TRACKER, T_REPLAY),
    E("sdk*", PD_LX_TRACKER, T_SDK),
    E("software development kit*", PD_LX_TRACKER, T_SDK),
    E("local storage", PD_LX_TRACKER, T_LOCALSTORE),
    /* French and German tracking ("cookie*", "pixel*", "sdk*" fit both) */
    E("traceur*", PD_LX_TRACKER, T_COOKIES),
    E("témoin* de connexion", PD_LX_TRACKER, T_COOKIES),
    E("balise* web", PD_LX_TRACKER, T_PIXELS),
    E("balise* invisible*", PD_LX_TRACKER, T_PIXELS),
    E("pixels espions", PD_LX_TRACKER, T_PIXELS),
    E("zählpixel*", PD_LX_TRACKER, T_PIXELS),
    E("trackingpixel*", PD_LX_TRACKER, T_PIXELS),
    E("sur différents sites", PD_LX_TRACKER, T_CROSS),
    E("sur d autres sites", PD_LX_TRACKER, T_CROSS),
    E("sur plusieurs sites", PD_LX_TRACKER, T_CROSS),
    E("sur différents appareils", PD_LX_TRACKER, T_CROSS),
    E("sur plusieurs appareils", PD_LX_TRACKER, T_CROSS),
    E("entre appareils", PD_LX_TRACKER, T_CROSS),
    E("d un site à l autre", PD_LX_TRACKER, T_CROSS),
    E("multi appareils", PD_LX_TRACKER, T_CROSS),
    E("geräteübergreifend*", PD_LX_TRACKER, T_CROSS),
    E("websiteübergreifend*", PD_LX_TRACKER, T_CROSS),
    E("webseitenübergreifend*", PD_LX_TRACKER, T_CROSS),
    E("seitenübergreifend*", PD_LX_TRACKER, T_CROSS),
    E("über verschiedene websites", PD_LX_TRACKER, T_CROSS),
    E("über verschiedene geräte", PD_LX_TRACKER, T_CROSS),
    E("empreinte de l appareil", PD_LX_TRACKER, T_FINGERPRINT),
    E("empreinte* d appareil", PD_LX_TRACKER, T_FINGERPRINT),
    E("empreinte du navigateur", PD_LX_TRACKER, T_FINGERPRINT),
    E("empreinte* de navigateur", PD_LX_TRACKER, T_FINGERPRINT),
    E("geräte fingerprint*", PD_LX_TRACKER, T_FINGERPRINT),
    E("gerätefingerprint*", PD_LX_TRACKER, T_FINGERPRINT),
    E("browser fingerprint*", PD_LX_TRACKER, T_FINGERPRINT),
    E("browser fingerabdr*", PD_LX_TRACKER, T_FINGERPRINT),
    E("browserfingerabdr*", PD_LX_TRACKER, T_FINGERPRINT),
    E("geräte fingerabdr*", PD_LX_TRACKER, T_FINGERPRINT),
    E("digitale* fingerabdr*", PD_LX_TRACKER, T_FINGERPRINT),
    E("fingerabdruck ihres browsers", PD_LX_TRACKER, T_FINGERPRINT),
    E("fingerabdruck ihres geräts", PD_LX_TRACKER, T_FINGERPRINT),
    E("empreinte de votre navigateur", PD_LX_TRACKER, T_FINGERPRINT),
    E("publicité* ciblée*", PD_LX_TRACKER, T_TARGETED),
    E("publicité* personnalisée*", PD_LX_TRACKER, T_TARGETED),
    E("publicité* comportementale*", PD_LX_TRACKER, T_TARGETED),
    E("publicité* basée* sur vos centres d intérêt", PD_LX_TRACKER, T_TARGETED),
    E("publicité* basée* sur les centres d intérêt", PD_LX_TRACKER, T_TARGETED),
    E("publicité* fondée* sur les centres d intérêt", PD_LX_TRACKER, T_TARGETED),
    E("annonce* ciblée*", PD_LX_TRACKER, T_TARGETED),
    E("annonce* personnalisée*", PD_LX_TRACKER, T_TARGETED),
    E("ciblage publicitaire", PD_LX_TRACKER, T_TARGETED),
    E("reciblage", PD_LX_TRACKER, T_TARGETED),
    E("personalisiert* werbung", PD_LX_TRACKER, T_TARGETED),
    E("personalisiert* anzeigen", PD_LX_TRACKER, T_TARGETED),
    E("personalisiert* werbeanzeigen", PD_LX_TRACKER, T_TARGETED),
    E("zielgerichtet* werbung", PD_LX_TRACKER, T_TARGETED),
    E("gezielte* werbung", PD_LX_TRACKER, T_TARGETED),
    E("interessenbasiert* werbung", PD_LX_TRACKER, T_TARGETED),
    E("interessenbezogen* werbung", PD_LX_TRACKER, T_TARGETED),
    E("verhaltensbasiert* werbung", PD_LX_TRACKER, T_TARGETED),
    E("identifiant* publicitaire*", PD_LX_TRACKER, T_ADID),
    E("identifiant* de publicité", PD_LX_TRACKER, T_ADID),
    E("werbe id", PD_LX_TRACKER, T_ADID),
    E("werbe ids", PD_LX_TRACKER, T_ADID),
    E("werbekennung*", PD_LX_TRACKER, T_ADID),
    E("werbe kennung*", PD_LX_TRACKER, T_ADID),
    E("werbeidentifikator*", PD_LX_TRACKER, T_ADID),
    E("enregistrement* de session*", PD_LX_TRACKER, T_REPLAY),
    E("relecture de session*", PD_LX_TRACKER, T_REPLAY),
    E("sitzungsaufzeichnung*", PD_LX_TRACKER, T_REPLAY),
    E("sitzungswiedergabe*", PD_LX_TRACKER, T_REPLAY),
    E("kit* de développement logiciel", PD_LX_TRACKER, T_SDK),
    E("softwareentwicklungskit*", PD_LX_TRACKER, T_SDK),
    E("software entwicklungskit*", PD_LX_TRACKER, T_SDK),
    E("stockage local", PD_LX_TRACKER, T_LOCALSTORE),
    E("lokale* speicher", PD_LX_TRACKER, T_LOCALSTORE),

    /* places and transfer safeguards */
    E("european union", PD_LX_INTL, I_EUROPE),
    E("european economic area", PD_LX_INTL, I_EUROPE),
    E("eea", PD_LX_INTL, I_EUROPE),
    E("europe", PD_LX_INTL, I_EUROPE),
    E("other countries", PD_LX_INTL, I_OUTSIDE),
    E("countries outside", PD_LX_INTL, I_OUTSIDE),
    E("outside your country", PD_LX_INTL, I_OUTSIDE),
    E("abroad", PD_LX_INTL, I_OUTSIDE),
    E("internationally", PD_LX_INTL, I_OUTSIDE),
    E("across borders", PD_LX_INTL, I_OUTSIDE),
    E("cross border", PD_LX_INTL, I_OUTSIDE),
    E("countries other than", PD_LX_INTL, I_OUTSIDE),
    E("outside the", PD_LX_INTL, I_OUTSIDE),
    E("any country", PD_LX_INTL, I_OUTSIDE),
    E("united states", PD_LX_INTL, I_US),
    E("u s", PD_LX_INTL, I_US),
    E("usa", PD_LX_INTL, I_US),
    E("united kingdom", PD_LX_INTL, I_UK),
    E("china", PD_LX_INTL, I_CHINA),
    E("india", PD_LX_INTL, I_INDIA),
    E("russia", PD_LX_INTL, I_RUSSIA),
    E("canada", PD_LX_INTL, I_CANADA),
    E("singapore", PD_LX_INTL, I_SINGAPORE),
    E("japan", PD_LX_INTL, I_JAPAN),
    E("australia", PD_LX_INTL, I_AUSTRALIA),
    E("brazil", PD_LX_INTL, I_BRAZIL),
    E("standard contractual clauses", PD_LX_INTL, I_SCC),
    E("model clauses", PD_LX_INTL, I_SCC),
    E("adequacy decision*", PD_LX_INTL, I_ADEQUACY),
    E("data privacy framework", PD_LX_INTL, I_DPF),
    E("privacy shield", PD_LX_INTL, I_DPF),
    E("binding corporate rules", PD_LX_INTL, I_BCR),
    /* French and German places and safeguards */
    E("union européenne", PD_LX_INTL, I_EUROPE),
    E("espace économique européen", PD_LX_INTL, I_EUROPE),
    E("eee", PD_LX_INTL, I_EUROPE),
    E("l ue", PD_LX_INTL, I_EUROPE),
    E("europäische* union", PD_LX_INTL, I_EUROPE),
    E("europäische* wirtschaftsraum*", PD_LX_INTL, I_EUROPE),
    E("ewr", PD_LX_INTL, I_EUROPE),
    E("der eu", PD_LX_INTL, I_EUROPE),
    E("die eu", PD_LX_INTL, I_EUROPE),
    E("europa", PD_LX_INTL, I_EUROPE),
    E("autres pays", PD_LX_INTL, I_OUTSIDE),
    E("pays tiers", PD_LX_INTL, I_OUTSIDE),
    E("hors de l union européenne", PD_LX_INTL, I_OUTSIDE),
    E("hors de l ue", PD_LX_INTL, I_OUTSIDE),
    E("hors de l eee", PD_LX_INTL, I_OUTSIDE),
    E("hors de l espace économique européen", PD_LX_INTL, I_OUTSIDE),
    E("hors d europe", PD_LX_INTL, I_OUTSIDE),
    E("en dehors de l union européenne", PD_LX_INTL, I_OUTSIDE),
    E("en dehors de l ue", PD_LX_INTL, I_OUTSIDE),
    E("en dehors de l eee", PD_LX_INTL, I_OUTSIDE),
    E("en dehors de l espace économique européen", PD_LX_INTL, I_OUTSIDE),
    E("en dehors de votre pays", PD_LX_INTL, I_OUTSIDE),
    E("à l étranger", PD_LX_INTL, I_OUTSIDE),
    E("transfrontali*", PD_LX_INTL, I_OUTSIDE),
    E("transfrontière*", PD_LX_INTL, I_OUTSIDE),
    E("drittländer*", PD_LX_INTL, I_OUTSIDE),
    E("drittland*", PD_LX_INTL, I_OUTSIDE),
    E("drittstaat*", PD_LX_INTL, I_OUTSIDE),
    E("andere* ländern", PD_LX_INTL, I_OUTSIDE),
    E("andere länder", PD_LX_INTL, I_OUTSIDE),
    E("außerhalb der eu", PD_LX_INTL, I_OUTSIDE),
    E("außerhalb der europäischen union", PD_LX_INTL, I_OUTSIDE),
    E("außerhalb des ewr", PD_LX_INTL, I_OUTSIDE),
    E("außerhalb des europäischen wirtschaftsraum*", PD_LX_INTL, I_OUTSIDE),
    E("außerhalb ihres landes", PD_LX_INTL, I_OUTSIDE),
    E("ausserhalb der eu", PD_LX_INTL, I_OUTSIDE),
    E("ausserhalb der europäischen union", PD_LX_INTL, I_OUTSIDE),
    E("ausserhalb des ewr", PD_LX_INTL, I_OUTSIDE),
    E("ausserhalb des europäischen wirtschaftsraum*", PD_LX_INTL, I_OUTSIDE),
    E("ins ausland", PD_LX_INTL, I_OUTSIDE),
    E("im ausland", PD_LX_INTL, I_OUTSIDE),
    E("grenzüberschreitend*", PD_LX_INTL, I_OUTSIDE),
    E("états unis", PD_LX_INTL, I_US),
    E("etats unis", PD_LX_INTL, I_US),
    E("vereinigte* staaten", PD_LX_INTL, I_US),
    E("royaume uni", PD_LX_INTL, I_UK),
    E("vereinigte* königreich*", PD_LX_INTL, I_UK),
    E("großbritannien", PD_LX_INTL, I_UK),
    E("grossbritannien", PD_LX_INTL, I_UK),
    E("chine", PD_LX_INTL, I_CHINA),
    E("inde", PD_LX_INTL, I_INDIA),
    E("indien", PD_LX_INTL, I_INDIA),
    E("russie", PD_LX_INTL, I_RUSSIA),
    E("russland", PD_LX_INTL, I_RUSSIA),
    E("kanada", PD_LX_INTL, I_CANADA),
    E("singapour", PD_LX_INTL, I_SINGAPORE),
    E("singapur", PD_LX_INTL, I_SINGAPORE),
    E("japon", PD_LX_INTL, I_JAPAN),
    E("australie", PD_LX_INTL, I_AUSTRALIA),
    E("australien", PD_LX_INTL, I_AUSTRALIA),
    E("brésil", PD_LX_INTL, I_BRAZIL),
    E("brasilien", PD_LX_INTL, I_BRAZIL),
    E("clauses contractuelles*", PD_LX_INTL, I_SCC),
    E("clauses types", PD_LX_INTL, I_SCC),
    E("standardvertragsklausel*", PD_LX_INTL, I_SCC),
    E("standarddatenschutzklausel*", PD_LX_INTL, I_SCC),
    E("décision* d adéquation", PD_LX_INTL, I_ADEQUACY),
    E("niveau de protection adéquat", PD_LX_INTL, I_ADEQUACY),
    E("angemessenheitsbeschl*", PD_LX_INTL, I_ADEQUACY),
    E("angemessene* datenschutzniveau*", PD_LX_INTL, I_ADEQUACY),
    E("bouclier de protection des données", PD_LX_INTL, I_DPF),
    E("cadre de protection des données ue", PD_LX_INTL, I_DPF),
    E("datenschutzrahmen", PD_LX_INTL, I_DPF),
    E("datenschutzschild", PD_LX_INTL, I_DPF),
    E("règles d entreprise contraignantes", PD_LX_INTL, I_BCR),
    E("règles contraignantes d entreprise", PD_LX_INTL, I_BCR),
    E("verbindliche* interne* datenschutzvorschriften", PD_LX_INTL, I_BCR),

    /* security measures */
    E("encrypt*", PD_LX_SECURITY, S_ENCRYPT),
    E("at rest", PD_LX_SECURITY, S_AT_REST),
    E("in transit", PD_LX_SECURITY, S_IN_TRANSIT),
    E("tls", PD_LX_SECURITY, S_IN_TRANSIT),
    E("ssl", PD_LX_SECURITY, S_IN_TRANSIT),
    E("https", PD_LX_SECURITY, S_IN_TRANSIT),
    E("two factor", PD_LX_SECURITY, S_2FA),
    E("multi factor", PD_LX_SECURITY, S_2FA),
    E("2fa", PD_LX_SECURITY, S_2FA),
    E("mfa", PD_LX_SECURITY, S_2FA),
    E("access control*", PD_LX_SECURITY, S_ACCESS_CTL),
    E("audit*", PD_LX_SECURITY, S_AUDIT),
    E("penetration test*", PD_LX_SECURITY, S_AUDIT),
    E("pseudonymi*", PD_LX_SECURITY, S_PSEUDO),
    E("breach*", PD_LX_BREACH, 0),
    /* what a breach notice promises to report ("notify you if it becomes
     * aware of an unauthorized disclosure or access"; entry 1: no breach
     * named, which a change notice beside it does not make one) */
    E("unauthori* access*", PD_LX_BREACH, 1),
    E("unauthori* disclosure*", PD_LX_BREACH, 1),
    E("security incident*", PD_LX_BREACH, 0),
    E("data incident*", PD_LX_BREACH, 0),
    /* French and German security measures ("audit*", "pseudonymi*" fit
     * both; not "chiffr*": "chiffre d'affaires" is turnover) */
    E("chiffrement*", PD_LX_SECURITY, S_ENCRYPT),
    E("chiffré*", PD_LX_SECURITY, S_ENCRYPT),
    E("chiffrons", PD_LX_SECURITY, S_ENCRYPT),
    E("chiffrer", PD_LX_SECURITY, S_ENCRYPT),
    E("cryptage", PD_LX_SECURITY, S_ENCRYPT),
    E("crypté*", PD_LX_SECURITY, S_ENCRYPT),
    E("cryptons", PD_LX_SECURITY, S_ENCRYPT),
    E("verschlüssel*", PD_LX_SECURITY, S_ENCRYPT),
    E("au repos", PD_LX_SECURITY, S_AT_REST),
    E("im ruhezustand", PD_LX_SECURITY, S_AT_REST),
    E("en transit", PD_LX_SECURITY, S_IN_TRANSIT),
    E("lors de la transmission", PD_LX_SECURITY, S_IN_TRANSIT),
    E("lors de leur transmission", PD_LX_SECURITY, S_IN_TRANSIT),
    E("bei der übertragung", PD_LX_SECURITY, S_IN_TRANSIT),
    E("während der übertragung", PD_LX_SECURITY, S_IN_TRANSIT),
    E("auf dem übertragungsweg", PD_LX_SECURITY, S_IN_TRANSIT),
    E("transportverschlüssel*", PD_LX_SECURITY, S_IN_TRANSIT),
    E("authentification à deux facteurs", PD_LX_SECURITY, S_2FA),
    E("authentification à plusieurs facteurs", PD_LX_SECURITY, S_2FA),
    E("authentification multifacteur*", PD_LX_SECURITY, S_2FA),
    E("authentification multi facteur*", PD_LX_SECURITY, S_2FA),
    E("authentification forte", PD_LX_SECURITY, S_2FA),
    E("double authentification", PD_LX_SECURITY, S_2FA),
    E("zwei faktor*", PD_LX_SECURITY, S_2FA),
    E("zweifaktor*", PD_LX_SECURITY, S_2FA),
    E("multi faktor*", PD_LX_SECURITY, S_2FA),
    E("mehr faktor*", PD_LX_SECURITY, S_2FA),
    E("mehrfaktor*", PD_LX_SECURITY, S_2FA),
    E("mehrstufige* authentifizierung", PD_LX_SECURITY, S_2FA),
    E("contrôle* d accès", PD_LX_SECURITY, S_ACCESS_CTL),
    E("contrôle* des accès", PD_LX_SECURITY, S_ACCESS_CTL),
    E("restrictions d accès", PD_LX_SECURITY, S_ACCESS_CTL),
    E("gestion des habilitations", PD_LX_SECURITY, S_ACCESS_CTL),
    E("zugriffskontroll*", PD_LX_SECURITY, S_ACCESS_CTL),
    E("zugangskontroll*", PD_LX_SECURITY, S_ACCESS_CTL),
    E("zugriffsbeschränkung*", PD_LX_SECURITY, S_ACCESS_CTL),
    E("zugriffsberechtigung*", PD_LX_SECURITY, S_ACCESS_CTL),
    E("berechtigungskonzept*", PD_LX_SECURITY, S_ACCESS_CTL),
    E("test* d intrusion", PD_LX_SECURITY, S_AUDIT),
    E("penetrationstest*", PD_LX_SECURITY, S_AUDIT),
    E("sicherheitsprüfung*", PD_LX_SECURITY, S_AUDIT),
    E("sicherheitsüberprüfung*", PD_LX_SECURITY, S_AUDIT),
    E("violation* de données", PD_LX_BREACH, 0),
    E("accès non autorisé*", PD_LX_BREACH, 1),
    E("incident* de sécurité", PD_LX_BREACH, 0),
    E("unbefugte* zugriff*", PD_LX_BREACH, 1),
    E("violation* de données à caractère personnel", PD_LX_BREACH, 0),
    E("violation* de sécurité", PD_LX_BREACH, 0),
    E("fuite* de données", PD_LX_BREACH, 0),
    E("faille* de sécurité", PD_LX_BREACH, 0),
    E("datenpanne*", PD_LX_BREACH, 0),
    E("datenschutzverletzung*", PD_LX_BREACH, 0),
    E("datenleck*", PD_LX_BREACH, 0),
    E("sicherheitsvorfall*", PD_LX_BREACH, 0),
    E("sicherheitsvorfäll*", PD_LX_BREACH, 0),
    E("verletzung des schutzes", PD_LX_BREACH, 0),

    /* AI and automated decisions */
    E("artificial intelligence", PD_LX_AI, 0),
    E("ai", PD_LX_AI, 0),
    E("machine learning", PD_LX_AI, 0),
    E("models", PD_LX_AI, 0),
    E("algorithm*", PD_LX_AI, 0),
    E("automated", PD_LX_AI, 0),
    E("profiling", PD_LX_AI, 0),
    E("large language", PD_LX_AI, 0),
    E("generative", PD_LX_AI, 0),
    E("neural", PD_LX_AI, 0),
    E("llm*", PD_LX_AI, 0),
    E("intelligence artificielle", PD_LX_AI, 0),
    /* French "IA" after an article ("l'IA", "des IA"): alone it is Iowa */
    E("l ia", PD_LX_AI, 0),
    E("d ia", PD_LX_AI, 0),
    E("des ia", PD_LX_AI, 0),
    E("les ia", PD_LX_AI, 0),
    E("une ia", PD_LX_AI, 0),
    E("apprentissage automatique", PD_LX_AI, 0),
    E("modèles", PD_LX_AI, 0),
    E("algorithme*", PD_LX_AI, 0),
    E("künstliche intelligenz", PD_LX_AI, 0),
    E("künstlichen intelligenz", PD_LX_AI, 0),
    E("maschinelles lernen", PD_LX_AI, 0),

    /* change notices */
    E("notify*", PD_LX_NOTIFY, 0),
    E("notification*", PD_LX_NOTIFY, 0),
    E("let you know", PD_LX_NOTIFY, 0),
    E("inform you", PD_LX_NOTIFY, 0),
    E("tell you", PD_LX_NOTIFY, 0),
    E("email you", PD_LX_NOTIFY, 0),
    E("notice before", PD_LX_NOTIFY, 0),
    E("notice of", PD_LX_NOTIFY, 0),
    E("notice prior", PD_LX_NOTIFY, 0),
    E("prior notice", PD_LX_NOTIFY, 0),
    E("advance notice", PD_LX_NOTIFY, 0),
    E("notice in advance", PD_LX_NOTIFY, 0),
    E("without notice", PD_LX_NONOTICE, 0),
    E("without prior notice", PD_LX_NONOTICE, 0),
    E("without notifying", PD_LX_NONOTICE, 0),
    E("without informing", PD_LX_NONOTICE, 0),
    E("without telling", PD_LX_NONOTICE, 0),
    E("without further notice", PD_LX_NONOTICE, 0),
    E("without advance notice", PD_LX_NONOTICE, 0),
    E("change*", PD_LX_CHANGE, 0),
    E("update*", PD_LX_CHANGE, 0),
    E("amend*", PD_LX_CHANGE, 0),
    E("revis*", PD_LX_CHANGE, 0),
    E("modif*", PD_LX_CHANGE, 0),
    /* French and German ("notification*" fits French) */
    E("notifi*", PD_LX_NOTIFY, 0),
    E("informerons", PD_LX_NOTIFY, 0),
    E("vous informer", PD_LX_NOTIFY, 0),
    E("vous en informer", PD_LX_NOTIFY, 0),
    E("vous avertir", PD_LX_NOTIFY, 0),
    E("avertirons", PD_LX_NOTIFY, 0),
    E("préavis", PD_LX_NOTIFY, 0),
    E("benachrichtig*", PD_LX_NOTIFY, 0),
    E("informieren sie", PD_LX_NOTIFY, 0),
    E("sie informieren", PD_LX_NOTIFY, 0),
    E("in kenntnis setzen", PD_LX_NOTIFY, 0),
    E("sans préavis", PD_LX_NONOTICE, 0),
    E("sans notification", PD_LX_NONOTICE, 0),
    E("sans vous en informer", PD_LX_NONOTICE, 0),
    E("sans vous informer", PD_LX_NONOTICE, 0),
    E("ohne vorankündigung", PD_LX_NONOTICE, 0),
    E("ohne vorherige ankündigung", PD_LX_NONOTICE, 0),
    E("ohne ankündigung", PD_LX_NONOTICE, 0),
    E("ohne benachrichtigung", PD_LX_NONOTICE, 0),
    E("ohne vorherige benachrichtigung", PD_LX_NONOTICE, 0),
    E("änder*", PD_LX_CHANGE, 0),
    E("geändert", PD_LX_CHANGE, 0),
    E("aktualisier*", PD_LX_CHANGE, 0),
    E("mise* à jour", PD_LX_CHANGE, 0),

    /* quantities */
    E("hour", PD_LX_UNIT, PD_U_HOUR),
    E("hours", PD_LX_UNIT, PD_U_HOUR),
    E("day", PD_LX_UNIT, PD_U_DAY),
    E("days", PD_LX_UNIT, PD_U_DAY),
    E("business days", PD_LX_UNIT, PD_U_DAY),
    E("days'", PD_LX_UNIT, PD_U_DAY),
    E("week", PD_LX_UNIT, PD_U_WEEK),
    E("weeks", PD_LX_UNIT, PD_U_WEEK),
    E("month", PD_LX_UNIT, PD_U_MONTH),
    E("months", PD_LX_UNIT, PD_U_MONTH),
    E("year", PD_LX_UNIT, PD_U_YEAR),
    E("years", PD_LX_UNIT, PD_U_YEAR),
    E("jours", PD_LX_UNIT, PD_U_DAY),
    E("jour", PD_LX_UNIT, PD_U_DAY),
    E("semaine*", PD_LX_UNIT, PD_U_WEEK),
    E("mois", PD_LX_UNIT, PD_U_MONTH),
    E("an", PD_LX_UNIT, PD_U_YEAR),
    E("ans", PD_LX_UNIT, PD_U_YEAR),
    E("année*", PD_LX_UNIT, PD_U_YEAR),
    E("tag", PD_LX_UNIT, PD_U_DAY),
    E("tage", PD_LX_UNIT, PD_U_DAY),
    E("tagen", PD_LX_UNIT, PD_U_DAY),
    E("woche*", PD_LX_UNIT, PD_U_WEEK),
    E("monat*", PD_LX_UNIT, PD_U_MONTH),
    E("jahr", PD_LX_UNIT, PD_U_YEAR),
    E("jahre", PD_LX_UNIT, PD_U_YEAR),
    E("jahren", PD_LX_UNIT, PD_U_YEAR),
    E("one", PD_LX_NUMWORD, 1),
    E("two", PD_LX_NUMWORD, 2),
    E("three", PD_LX_NUMWORD, 3),
    E("four", PD_LX_NUMWORD, 4),
    E("five", PD_LX_NUMWORD, 5),
    E("six", PD_LX_NUMWORD, 6),
    E("seven", PD_LX_NUMWORD, 7),
    E("eight", PD_LX_NUMWORD, 8),
    E("nine", PD_LX_NUMWORD, 9),
    E("ten", PD_LX_NUMWORD, 10),
    E("eleven", PD_LX_NUMWORD, 11),
    E("twelve", PD_LX_NUMWORD, 12),
    E("thirteen", PD_LX_NUMWORD, 13),
    E("fourteen", PD_LX_NUMWORD, 14),
    E("fifteen", PD_LX_NUMWORD, 15),
    E("sixteen", PD_LX_NUMWORD, 16),
    E("eighteen", PD_LX_NUMWORD, 18),
    E("twenty", PD_LX_NUMWORD, 20),
    E("thirty", PD_LX_NUMWORD, 30),
    E("sixty", PD_LX_NUMWORD, 60),
    E("ninety", PD_LX_NUMWORD, 90),
    E("indefinite*", PD_LX_INDEF, 0),
    E("as long as", PD_LX_INDEF, 0),
    E("forever", PD_LX_INDEF, 0),
    E("permanently", PD_LX_INDEF, 0),
    E("for an unlimited", PD_LX_INDEF, 0),
    E("under", PD_LX_AGECUE, 0),
    E("age", PD_LX_AGECUE, 0),
    E("aged", PD_LX_AGECUE, 0),
    E("at least", PD_LX_AGECUE, 0),
    E("over", PD_LX_AGECUE, 0),
    E("younger than", PD_LX_AGECUE, 0),
    E("older than", PD_LX_AGECUE, 0),
    E("below", PD_LX_AGECUE, 0),

    /* consent conditions */
    E("with your consent", PD_LX_CONSENT, 0),
    E("with your permission", PD_LX_CONSENT, 0),
    E("with your prior consent", PD_LX_CONSENT, 0),
    E("with your explicit consent", PD_LX_CONSENT, 0),
    E("if you consent", PD_LX_CONSENT, 0),
    E("if you agree", PD_LX_CONSENT, 0),
    E("if you opt in", PD_LX_CONSENT, 1),
    E("only if you", PD_LX_CONSENT, 0),
    E("with parental consent", PD_LX_CONSENT, 0),
    E("your consent", PD_LX_CONSENT, 0),
    E("your explicit consent", PD_LX_CONSENT, 0),
    E("ask for your", PD_LX_CONSENT, 0),
    E("opt in", PD_LX_CONSENT, 1), /* id 1: an opt-in, the opposite of an opt-out */

    /* topics (category keywords) */
    TOPIC("information we collect", C_COLLECTION),
    TOPIC("purpose*", C_USE),
    TOPIC("research", C_USE),
    TOPIC("sale", C_SALE),
    TOPIC("sell", C_SALE),
    TOPIC("retention", C_RETENTION),
    TOPIC("retain*", C_RETENTION),
    TOPIC("as long as", C_RETENTION),
    TOPIC("backup*", C_RETENTION),
    TOPIC("secur*", C_SECURITY),
    TOPIC("safeguard*", C_SECURITY),
    TOPIC("protect your", C_SECURITY),
    TOPIC("protect the", C_SECURITY),
    TOPIC("protect personal", C_SECURITY),
    TOPIC("unauthori*", C_SECURITY),
    TOPIC("fraud*", C_SECURITY),
    TOPIC("spam", C_SECURITY),
    TOPIC("abuse", C_SECURITY),
    TOPIC("malware", C_SECURITY),
    TOPIC("password*", C_SECURITY),
    TOPIC("vulnerabilit*", C_SECURITY),
    TOPIC("limited to employees", C_SECURITY),
    TOPIC("need to know", C_SECURITY),
    TOPIC("restrict access", C_SECURITY),
    TOPIC("limit access", C_SECURITY),
    TOPIC("access is restricted", C_SECURITY),
    TOPIC("access is limited", C_SECURITY),
    TOPIC("access to personal data is", C_SECURITY),
    TOPIC("encrypt*", C_SECURITY),
    TOPIC("breach*", C_SECURITY),
    TOPIC("your rights", C_RIGHTS),
    TOPIC("right to", C_RIGHTS),
    TOPIC("privacy rights", C_RIGHTS),
    TOPIC("exercise", C_RIGHTS),
    TOPIC("opt out", C_RIGHTS),
    TOPIC("choices", C_RIGHTS),
    TOPIC("cookie*", C_TRACKING),
    TOPIC("do not track", C_TRACKING),
    TOPIC("tracking", C_TRACKING),
    TOPIC("advertising", C_TRACKING),
    TOPIC("browsing history", C_TRACKING),
    TOPIC("global privacy control", C_TRACKING),
    TOPIC("child*", C_CHILDREN),
    TOPIC("kids", C_CHILDREN),
    TOPIC("minor*", C_CHILDREN),
    TOPIC("coppa", C_CHILDREN),
    TOPIC("parental", C_CHILDREN),
    TOPIC("years old", C_CHILDREN),
    TOPIC("teen*", C_CHILDREN),
    TOPIC("age of", C_CHILDREN),
    TOPIC("under 13", C_CHILDREN),
    TOPIC("under 16", C_CHILDREN),
    TOPIC("under 18", C_CHILDREN),
    TOPIC("under the age", C_CHILDREN),
    TOPIC("years of age", C_CHILDREN),
    TOPIC("underage", C_CHILDREN),
    TOPIC("parent or guardian", C_CHILDREN),
    TOPIC("parent or legal guardian", C_CHILDREN),
    TOPIC("legal guardian*", C_CHILDREN),
    TOPIC("international*", C_INTL),
    TOPIC("countries", C_INTL),
    TOPIC("abroad", C_INTL),
    TOPIC("across borders", C_INTL),
    TOPIC("cross border", C_INTL),
    TOPIC("last updated", C_CHANGE),
    TOPIC("effective date", C_CHANGE),
    TOPIC("changes", C_CHANGE),
    TOPIC("updates to", C_CHANGE),
    TOPIC("update this", C_CHANGE),
    TOPIC("contact us", C_CONTACT),
    TOPIC("contact our", C_CONTACT),
    TOPIC("email us", C_CONTACT),
    TOPIC("write to us", C_CONTACT),
    TOPIC("call us", C_CONTACT),
    TOPIC("reach us", C_CONTACT),
    TOPIC("reached at", C_CONTACT),
    TOPIC("data protection officer", C_CONTACT),
    TOPIC("dpo", C_CONTACT),
    TOPIC("hotline", C_CONTACT),
    TOPIC("our office", C_CONTACT),
    TOPIC("by mail", C_CONTACT),
    TOPIC("write to", C_CONTACT),
    TOPIC("@", C_CONTACT),
    TOPIC("questions about", C_CONTACT),
    TOPIC("any questions", C_CONTACT),
    TOPIC("artificial intelligence", C_AI),
    TOPIC("machine learning", C_AI),
    TOPIC("ai", C_AI),
    TOPIC("automated", C_AI),
    TOPIC("algorithm*", C_AI),
    TOPIC("profiling", C_AI),
    /* terms of service topics (English, French, German) */
    TOPIC("arbitrat*", C_DISPUTES),
    TOPIC("arbitrage", C_DISPUTES),
    TOPIC("class action*", C_DISPUTES),
    TOPIC("class wide", C_DISPUTES),
    TOPIC("collective action*", C_DISPUTES),
    TOPIC("jury trial", C_DISPUTES),
    TOPIC("small claims", C_DISPUTES),
    TOPIC("governing law", C_DISPUTES),
    TOPIC("applicable law", C_DISPUTES),
    TOPIC("jurisdiction", C_DISPUTES),
    TOPIC("exclusive jurisdiction", C_DISPUTES),
    TOPIC("venue", C_DISPUTES),
    TOPIC("dispute*", C_DISPUTES),
    TOPIC("mediation", C_DISPUTES),
    TOPIC("courts of", C_DISPUTES),
    TOPIC("litige*", C_DISPUTES),
    TOPIC("litiges", C_DISPUTES),
    TOPIC("tribunal", C_DISPUTES),
    TOPIC("tribunaux", C_DISPUTES),
    TOPIC("juridiction*", C_DISPUTES),
    TOPIC("action collective", C_DISPUTES),
    TOPIC("actions collectives", C_DISPUTES),
    TOPIC("droit applicable", C_DISPUTES),
    TOPIC("loi applicable", C_DISPUTES),
    TOPIC("médiat*", C_DISPUTES),
    TOPIC("schieds*", C_DISPUTES),
    TOPIC("sammelklage*", C_DISPUTES),
    TOPIC("gerichtsstand", C_DISPUTES),
    TOPIC("anwendbares recht", C_DISPUTES),
    TOPIC("streitigkeit*", C_DISPUTES),
    TOPIC("schlichtung*", C_DISPUTES),
    TOPIC("license to", C_LICENSE),
    TOPIC("licence to", C_LICENSE),
    TOPIC("sublicens*", C_LICENSE),
    TOPIC("royalty free", C_LICENSE),
    TOPIC("irrevocable", C_LICENSE),
    TOPIC("perpetual", C_LICENSE),
    TOPIC("worldwide license", C_LICENSE),
    TOPIC("worldwide licence", C_LICENSE),
    TOPIC("your content", C_LICENSE),
    TOPIC("user content", C_LICENSE),
    TOPIC("content you", C_LICENSE),
    TOPIC("intellectual property", C_LICENSE),
    TOPIC("licence", C_LICENSE),
    TOPIC("licences", C_LICENSE),
    TOPIC("license", C_LICENSE),
    TOPIC("contenu*", C_LICENSE),
    TOPIC("propriété intellectuelle", C_LICENSE),
    TOPIC("lizenz*", C_LICENSE),
    TOPIC("nutzungsrecht*", C_LICENSE),
    TOPIC("inhalte", C_LICENSE),
    TOPIC("liabilit*", C_LIABILITY),
    TOPIC("liable", C_LIABILITY),
    TOPIC("not responsible", C_LIABILITY),
    TOPIC("no responsibility", C_LIABILITY),
    TOPIC("nicht verantwortlich", C_LIABILITY),
    TOPIC("indemnif*", C_LIABILITY),
    TOPIC("indemnity", C_LIABILITY),
    TOPIC("warrant*", C_LIABILITY),
    TOPIC("as is", C_LIABILITY),
    TOPIC("as available", C_LIABILITY),
    TOPIC("damages", C_LIABILITY),
    TOPIC("hold harmless", C_LIABILITY),
    TOPIC("responsabilit*", C_LIABILITY),
    /* the controller ("le responsable du traitement") is who to write to */
    TOPIC("responsable du traitement", C_CONTACT),
    TOPIC("responsable de traitement", C_CONTACT),
    TOPIC("responsables du traitement", C_CONTACT),
    TOPIC("responsables de traitement", C_CONTACT),
    TOPIC("responsable*", C_LIABILITY),
    TOPIC("garantie*", C_LIABILITY),
    TOPIC("dommage*", C_LIABILITY),
    TOPIC("haftung*", C_LIABILITY),
    TOPIC("haften", C_LIABILITY),
    TOPIC("gewährleistung*", C_LIABILITY),
    TOPIC("schadensersatz*", C_LIABILITY),
    TOPIC("terminat*", C_TERMINATION),
    TOPIC("suspend*", C_TERMINATION),
    TOPIC("suspension", C_TERMINATION),
    TOPIC("close your account", C_TERMINATION),
    TOPIC("disable your account", C_TERMINATION),
    TOPIC("deactivat*", C_TERMINATION),
    TOPIC("résili*", C_TERMINATION),
    TOPIC("suspen*", C_TERMINATION),
    TOPIC("fermeture", C_TERMINATION),
    TOPIC("clôtur*", C_TERMINATION),
    TOPIC("kündig*", C_TERMINATION),
    TOPIC("sperr*", C_TERMINATION),
    TOPIC("gesperrt", C_TERMINATION),
    TOPIC("fee", C_PAYMENT),
    TOPIC("fees", C_PAYMENT),
    TOPIC("payment*", C_PAYMENT),
    TOPIC("refund*", C_PAYMENT),
    TOPIC("subscription*", C_PAYMENT),
    TOPIC("auto renew*", C_PAYMENT),
    TOPIC("automatically renew*", C_PAYMENT),
    TOPIC("billing", C_PAYMENT),
    TOPIC("billed", C_PAYMENT),
    TOPIC("price*", C_PAYMENT),
    TOPIC("pricing", C_PAYMENT),
    TOPIC("charges", C_PAYMENT),
    TOPIC("paiement*", C_PAYMENT),
    TOPIC("rembours*", C_PAYMENT),
    TOPIC("abonnement*", C_PAYMENT),
    TOPIC("tarif*", C_PAYMENT),
    TOPIC("frais", C_PAYMENT),
    TOPIC("prix", C_PAYMENT),
    TOPIC("zahlung*", C_PAYMENT),
    TOPIC("gebühr*", C_PAYMENT),
    TOPIC("erstattung*", C_PAYMENT),
    TOPIC("preis*", C_PAYMENT),
    TOPIC("entgelt*", C_PAYMENT),
    /* privacy topics in French and German */
    TOPIC("données", C_COLLECTION),
    TOPIC("collectons", C_COLLECTION),
    TOPIC("recueill*", C_COLLECTION),
    TOPIC("daten", C_COLLECTION),
    TOPIC("erheb*", C_COLLECTION),
    TOPIC("erfass*", C_COLLECTION),
    TOPIC("personenbezogen*", C_COLLECTION),
    TOPIC("finalité*", C_USE),
    TOPIC("utilis*", C_USE),
    TOPIC("traitement*", C_USE),
    TOPIC("zweck*", C_USE),
    TOPIC("verarbeit*", C_USE),
    TOPIC("nutz*", C_USE),
    TOPIC("partag*", C_SHARING),
    TOPIC("destinataire*", C_SHARING),
    TOPIC("communiqu*", C_SHARING),
    TOPIC("tiers", C_SHARING),
    TOPIC("partenaire*", C_SHARING),
    TOPIC("prestataire*", C_SHARING),
    TOPIC("sous traitant*", C_SHARING),
    TOPIC("weitergab*", C_SHARING),
    TOPIC("geschäftspartner*", C_SHARING),
    TOPIC("werbepartner*", C_SHARING),
    TOPIC("drittanbieter*", C_SHARING),
    TOPIC("weitergeb*", C_SHARING),
    TOPIC("empfänger*", C_SHARING),
    TOPIC("dritte*", C_SHARING),
    TOPIC("partner*", C_SHARING),
    TOPIC("dienstleister*", C_SHARING),
    TOPIC("auftragsverarbeit*", C_SHARING),
    TOPIC("vend*", C_SALE),
    TOPIC("datenhandel", C_SALE),
    TOPIC("vente", C_SALE),
    TOPIC("verkauf*", C_SALE),
    TOPIC("conserv*", C_RETENTION),
    TOPIC("durée de conservation", C_RETENTION),
    TOPIC("supprim*", C_RETENTION),
    TOPIC("suppression", C_RETENTION),
    TOPIC("speicher*", C_RETENTION),
    TOPIC("aufbewahr*", C_RETENTION),
    TOPIC("lösch*", C_RETENTION),
    TOPIC("speicherdauer", C_RETENTION),
    TOPIC("sécurité", C_SECURITY),
    /* not "chiffr*": "chiffre d'affaires" is turnover */
    TOPIC("chiffrement*", C_SECURITY),
    TOPIC("chiffré*", C_SECURITY),
    TOPIC("chiffrons", C_SECURITY),
    TOPIC("chiffrer", C_SECURITY),
    TOPIC("sicherheit*", C_SECURITY),
    TOPIC("verschlüssel*", C_SECURITY),
    TOPIC("vos droits", C_RIGHTS),
    TOPIC("droit d accès", C_RIGHTS),
    TOPIC("droit de", C_RIGHTS),
    TOPIC("droits", C_RIGHTS),
    TOPIC("opposition", C_RIGHTS),
    TOPIC("rectification", C_RIGHTS),
    TOPIC("effacement", C_RIGHTS),
    TOPIC("portabilité", C_RIGHTS),
    TOPIC("ihre rechte", C_RIGHTS),
    TOPIC("recht auf", C_RIGHTS),
    TOPIC("betroffenenrecht*", C_RIGHTS),
    TOPIC("widerspruch*", C_RIGHTS),
    TOPIC("auskunft*", C_RIGHTS),
    TOPIC("berichtigung*", C_RIGHTS),
    TOPIC("widerruf*", C_RIGHTS),
    TOPIC("traceur*", C_TRACKING),
    TOPIC("publicit*", C_TRACKING),
    TOPIC("témoin*", C_TRACKING),
    TOPIC("werbung", C_TRACKING),
    TOPIC("werbe*", C_TRACKING),
    TOPIC("tracking", C_TRACKING),
    TOPIC("enfant*", C_CHILDREN),
    TOPIC("mineur*", C_CHILDREN),
    TOPIC("kinder*", C_CHILDREN),
    TOPIC("minderjährig*", C_CHILDREN),
    TOPIC("jugendlich*", C_CHILDREN),
    TOPIC("transfert*", C_INTL),
    TOPIC("hors de l union", C_INTL),
    TOPIC("pays tiers", C_INTL),
    TOPIC("clauses contractuelles", C_INTL),
    TOPIC("drittländer*", C_INTL),
    TOPIC("drittland*", C_INTL),
    TOPIC("übermittlung*", C_INTL),
    TOPIC("standardvertragsklausel*", C_INTL),
    TOPIC("angemessenheitsbeschluss*", C_INTL),
    TOPIC("modification*", C_CHANGE),
    TOPIC("mise à jour", C_CHANGE),
    TOPIC("mises à jour", C_CHANGE),
    TOPIC("änderung*", C_CHANGE),
    TOPIC("aktualisier*", C_CHANGE),
    TOPIC("contactez", C_CONTACT),
    TOPIC("nous contacter", C_CONTACT),
    TOPIC("délégué à la protection", C_CONTACT),
    TOPIC("kontakt*", C_CONTACT),
    TOPIC("datenschutzbeauftragt*", C_CONTACT),
    TOPIC("intelligence artificielle", C_AI),
    TOPIC("l ia", C_AI),
    TOPIC("d ia", C_AI),
    TOPIC("des ia", C_AI),
    TOPIC("les ia", C_AI),
    TOPIC("une ia", C_AI),
    TOPIC("künstliche intelligenz", C_AI),
    TOPIC("automatisé*", C_AI),
    TOPIC("automatisiert*", C_AI),
    TOPIC("profilage", C_AI),

    /* phrases whose words must not act on their own */
    E("do not track signal*", PD_LX_MASK, 0),
    E("do not track request*", PD_LX_MASK, 0),
    E("do not track setting*", PD_LX_MASK, 0),
    E("do not track feature*", PD_LX_MASK, 0),
    E("do not track preference*", PD_LX_MASK, 0),
    E("do not track header*", PD_LX_MASK, 0),
    E("do not track dnt", PD_LX_MASK, 0),
    E("do not track browser", PD_LX_MASK, 0),
    E("global privacy control", PD_LX_MASK, 0),
    /* the CCPA link and form titles name the user's request, not a promise */
    E("do not sell my", PD_LX_MASK, 0),
    E("do not sell or share my", PD_LX_MASK, 0),
    E("do not sell and do not share my", PD_LX_MASK, 0),
    E("do not share my", PD_LX_MASK, 0),
    E("no longer than", PD_LX_MASK, 0),
    E("not directed", PD_LX_MASK, 0),
    E("not limited to", PD_LX_MASK, 0),
    E("no matter", PD_LX_MASK, 0),
};
#define NLEX (sizeof(lexicon) / sizeof(lexicon[0]))

/* ---- index ----
 * An entry whose first word is whole ("obtain") is found by that word: a
 * hash table of the distinct first words, each with its entries.  An
 * entry whose first word is a prefix ("collect*") is found by the word's
 * first three bytes (every prefix has three bytes or more: an entry of a
 * shorter one would never match).  A token then meets only the entries
 * that can match it, in lexicon order, as the matcher wants.  The words of
 * the word classes (pd_cl_class_words) are in the same table, with their
 * classes: one probe per token finds both. */

#define NBUCKET 1024
/* distinct first words (at most NLEX, in fact some 900 with the French
 * and German words) and class words (some 300): at most three quarters
 * full, in fact under a third */
#define NWORDSLOT 4096
_Static_assert(NLEX + 400 <= NWORDSLOT * 3 / 4,
               "the lexicon outgrew its word table: raise NWORDSLOT");

/* Bucket of a word of three bytes or more: its first three bytes (a
 * prefix's are all its own, never its '*'). */
static unsigned bucket_of(const char *w)
{
    unsigned c0 = (unsigned char)w[0], c1 = (unsigned char)w[1], c2 = (unsigned char)w[2];
    return ((c0 * 31u + c1) * 31u + c2) & (NBUCKET - 1);
}

/* Four bytes of w from k (memcpy: any alignment). */
static uint32_t load4(const char *w, size_t k)
{
    uint32_t v;
    memcpy(&v, w + k, sizeof(v));
    return v;
}

/* Of four bytes loaded from a word of n bytes, those that are its: all
 * from four bytes on (a conditional move, not a branch). */
static uint32_t short_word_mask(size_t n)
{
    uint32_t keep = ~0u;
    if (n < 4)
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        keep = n ? ~(~0u >> 8 * n) : 0;
#else
        keep = n ? ~(~0u << 8 * n) : 0;
#endif
    return keep;
}

/* A word's hash from its length and its first and last four bytes (a
 * shorter word's bytes, the others masked off): a few instructions and no
 * branch whatever its length, rather than a multiply per byte; a word's own
 * bytes decide where it is found (word_slot_of compares them), the hash
 * only where to look.  Four bytes at w must be readable: a token's word
 * (pd_cl_tokenise leaves room after its words) or word_hash_of's copy. */
static uint32_t word_hash(const char *w, size_t n)
{
    uint32_t keep = short_word_mask(n);
    uint32_t a = load4(w, 0) & keep, b = load4(w, (n < 4 ? 4 : n) - 4) & keep;
    uint32_t h = (a * 0x9E3779B1u ^ b) * 0x85EBCA77u ^ (uint32_t)n;
    return h ^ h >> 15;
}

/* word_hash of a word of the tables (w[0, n) only is readable). */
static uint32_t word_hash_of(const char *w, size_t n)
{
    char four[4] = {0, 0, 0, 0};
    if (n >= 4)
        return word_hash(w, n);
    memcpy(four, w, n);
    return word_hash(four, n);
}

/* Entries by first two bytes: prefix entries only. */
static uint16_t bucket_start[NBUCKET + 1];
static uint16_t bucket_items[NLEX];
/* Whole words: slot -> the word's hash, length and classes, and the
 * range of slot_items its token can begin; a slot with neither classes
 * nor entries is empty.  Sixteen bytes a slot: a probe per token reads one
 * line; the word itself (an entry's first word, or a class word) is read
 * only when the hash and length are its, from word_pool, where the table's
 * words lie side by side (a few KB, not strings spread over the lexicon's
 * and the lists'). */
static struct {
    uint32_t h, wc;
    uint16_t start, count;
    uint16_t word; /* its offset in word_pool */
    uint8_t len;
} word_slot[NWORDSLOT + 1]; /* and one always empty: word_slot_find's "none" */
/* Per slot, a byte of its word's hash (never 0), 0 when the slot is
 * empty: 2 KB that stay in the cache, probed before the slots themselves,
 * so that a token no word of the table (most of them) reads no slot. */
static uint8_t word_tag[NWORDSLOT];
/* the distinct words (some 700 of a few bytes), and four bytes of room
 * after the last for word_slot_of's loads */
#define NWORDPOOL 16384
static char word_pool[NWORDPOOL + 4];
static size_t word_pool_used;
static int word_pool_full; /* a word did not fit: pd_cl_lexicon_unfindable says so */
/* The entries whose first word is a slot's word, by slot (build_index's
 * first step). */
static uint16_t word_items[NLEX];
/* Per slot, every entry its word can begin: those of word_items and the
 * prefix entries whose prefix begins the word ("collect*" for "collected"),
 * in lexicon order.  A token found in the table (most are) meets these
 * only: no bucket to merge with its entries, no prefix to compare, and not
 * a branch mispredicted per entry of the bucket that is not its. */
#define NSLOTITEMS (2 * NLEX)
static uint16_t slot_items[NSLOTITEMS];
static int slot_items_full; /* they did not fit: pd_cl_lexicon_unfindable says so */
/* What the matcher asks of an entry before its pattern, four bytes side by
 * side (not the entry's own, spread over the lexicon): its class, the
 * length of its first word without its '*', whether that is a prefix, and
 * whether the entry is that one word alone (found by the token's word, it
 * matches without a look at its pattern). */
static struct {
    uint8_t cls, first_len, prefix, single;
    uint32_t head; /* a prefix's first bytes (up to four), as load4 reads them */
} entry_meta[NLEX];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

/* The slot of the whole word w[0, n) (hash h): its own, or the empty one
 * where it would go. */
static uint8_t tag_of(uint32_t h)
{
    uint8_t t = (uint8_t)(h >> 24);
    return t ? t : 1;
}

static size_t word_slot_of(const char *w, size_t n, uint32_t h)
{
    /* the loads below read four bytes at w: a word of the lists shorter
     * than that ("is", a string literal) is read from a copy */
    char four[4] = {0, 0, 0, 0};
    if (n < 4) {
        memcpy(four, w, n);
        w = four;
    }
    size_t j = h & (NWORDSLOT - 1);
    for (; word_slot[j].count || word_slot[j].wc; j = (j + 1) & (NWORDSLOT - 1)) {
        if (word_slot[j].h != h || word_slot[j].len != n)
            continue;
        /* a few bytes: compared here rather than by a call to memcmp; up
         * to eight as their first and last four (both words have four
         * bytes readable; a shorter word's others masked off, as
         * word_hash masks them) */
        const char *p = word_pool + word_slot[j].word;
        if (n <= 8) {
            uint32_t keep = short_word_mask(n);
            size_t last = (n < 4 ? 4 : n) - 4;
            if ((((load4(p, 0) ^ load4(w, 0)) | (load4(p, last) ^ load4(w, last))) & keep) == 0)
                break;
            continue;
        }
        size_t k = 0;
        while (k < n && p[k] == w[k])
            k++;
        if (k == n)
            break;
    }
    return j;
}

/* The slot of the whole word w[0, n) (hash h; four bytes at w readable),
 * or NWORDSLOT, an empty one, when the table has no such word: the tags
 * first, a slot read only when its tag is the word's. */
static size_t word_slot_find(const char *w, size_t n, uint32_t h)
{
    uint8_t tag = tag_of(h);
    for (size_t j = h & (NWORDSLOT - 1); word_tag[j]; j = (j + 1) & (NWORDSLOT - 1)) {
        if (word_tag[j] != tag || word_slot[j].h != h || word_slot[j].len != n)
            continue;
        const char *p = word_pool + word_slot[j].word;
        if (n <= 8) {
            uint32_t keep = short_word_mask(n);
            size_t last = (n < 4 ? 4 : n) - 4;
            if ((((load4(p, 0) ^ load4(w, 0)) | (load4(p, last) ^ load4(w, last))) & keep) == 0)
                return j;
            continue;
        }
        if (!memcmp(p, w, n))
            return j;
    }
    return NWORDSLOT;
}

/* The slot of the whole word w[0, n), made when it has none (the caller
 * then gives it a class or an entry). */
static size_t word_slot_add(const char *w, size_t n)
{
    uint32_t h = word_hash_of(w, n);
    size_t j = word_slot_of(w, n, h);
    if (word_slot[j].count || word_slot[j].wc)
        return j; /* the word's own */
    if (word_pool_used + n > NWORDPOOL) {
        word_pool_full = 1;
        n = 0; /* found by no token */
    }
    word_slot[j].h = h;
    word_tag[j] = tag_of(h);
    word_slot[j].word = (uint16_t)word_pool_used;
    word_slot[j].len = (uint8_t)n;
    memcpy(word_pool + word_pool_used, w, n);
    word_pool_used += n;
    return j;
}

/* Whether the prefix entry ix can begin the word w[0, n): the word begins
 * with its prefix, as match_at compares the first word of a pattern. */
static int prefix_begins(size_t ix, const char *w, size_t n)
{
    size_t k = entry_meta[ix].first_len;
    return n >= k && !memcmp(w, lexicon[ix].pat, k);
}

/* slot_items, from word_items and the buckets: per slot, its entries and
 * the prefix entries of its word's bucket that begin it, merged in lexicon
 * order; each slot's start and count then its range there. */
static void slot_entries(void)
{
    size_t pos = 0;
    for (size_t j = 0; j < NWORDSLOT; j++) {
        const char *w = word_pool + word_slot[j].word;
        size_t n = word_slot[j].len, nw = word_slot[j].count, nb = 0, start = pos;
        const uint16_t *wi = &word_items[word_slot[j].start], *bi = NULL;
        if (!word_tag[j])
            continue; /* an empty slot */
        if (n >= 3) {
            unsigned c = bucket_of(w);
            bi = &bucket_items[bucket_start[c]];
            nb = (size_t)(bucket_start[c + 1] - bucket_start[c]);
        }
        while (nw || nb) {
            uint16_t ix;
            if (!nb || (nw && *wi < *bi)) {
                ix = *wi++;
                nw--;
            } else {
                ix = *bi++;
                nb--;
                if (!prefix_begins(ix, w, n))
                    continue;
            }
            if (pos == NSLOTITEMS) {
                slot_items_full = 1; /* the slot's last entries are never met */
                break;
            }
            slot_items[pos++] = ix;
        }
        word_slot[j].start = (uint16_t)start;
        word_slot[j].count = (uint16_t)(pos - start);
    }
}

static void build_index(void)
{
    /* the slot of each whole-word entry's first word, as it was added: a
     * slot never moves once filled, so the second pass needs no probe */
    uint16_t entry_slot[NLEX];
    for (int c = 0; c < PD_WC_COUNT; c++)
        for (const char *const *w = pd_cl_class_words[c]; *w; w++)
            word_slot[word_slot_add(*w, strlen(*w))].wc |= 1u << c;
    uint16_t count[NBUCKET] = {0};
    for (size_t i = 0; i < NLEX; i++) {
        /* the first word's length (up to a space or a '*'), and its first
         * four bytes as load4 reads them (copied byte by byte: a memcpy of
         * a variable size is a call per entry) */
        const char *pat = lexicon[i].pat;
        char head[4] = {0, 0, 0, 0};
        size_t k = strcspn(pat, " *");
        for (size_t b = 0; b < k && b < 4; b++)
            head[b] = pat[b];
        entry_meta[i].cls = lexicon[i].cls;
        entry_meta[i].first_len = (uint8_t)k;
        entry_meta[i].prefix = pat[k] == '*';
        entry_meta[i].single = pat[k] == '\0';
        memcpy(&entry_meta[i].head, head, sizeof(head));
        if (entry_meta[i].prefix) {
            count[bucket_of(pat)]++;
        } else {
            size_t j = word_slot_add(pat, k);
            entry_slot[i] = (uint16_t)j;
            word_slot[j].count++;
        }
    }
    uint16_t pos = 0;
    for (int c = 0; c < NBUCKET; c++) {
        bucket_start[c] = pos;
        pos = (uint16_t)(pos + count[c]);
    }
    bucket_start[NBUCKET] = pos;
    pos = 0;
    for (size_t j = 0; j < NWORDSLOT; j++) {
        word_slot[j].start = pos;
        pos = (uint16_t)(pos + word_slot[j].count);
    }
    uint16_t fill[NBUCKET], wfill[NWORDSLOT];
    memcpy(fill, bucket_start, sizeof(fill));
    for (size_t j = 0; j < NWORDSLOT; j++)
        wfill[j] = word_slot[j].start;
    /* in lexicon order within each list */
    for (size_t i = 0; i < NLEX; i++) {
        if (entry_meta[i].prefix) {
            bucket_items[fill[bucket_of(lexicon[i].pat)]++] = (uint16_t)i;
        } else {
            word_items[wfill[entry_slot[i]]++] = (uint16_t)i;
        }
    }
    slot_entries();
}

const char *pd_cl_lexicon_unfindable(void)
{
    pthread_once(&index_once, build_index);
    if (word_pool_full)
        return "(the lexicon's words outgrew word_pool: raise NWORDPOOL)";
    if (slot_items_full)
        return "(the entries the table's words begin outgrew slot_items: raise NSLOTITEMS)";
    for (size_t i = 0; i < NLEX; i++) {
        size_t k = strcspn(lexicon[i].pat, " *");
        if (lexicon[i].pat[k] == '*' && k < 3)
            return lexicon[i].pat;
    }
    return NULL;
}

/* Tokens matched by pat starting at token i, or 0; its first word already
 * matches when first (its length) is not 0. */
static uint32_t match_at(const pd_cl_text *t, size_t i, const char *pat, size_t first)
{
    uint32_t k = 0;
    const char *p = pat;
    if (first) {
        p += first;
        if (*p == '\0')
            return 1;
        p++; /* the space */
        k = 1;
    }
    for (;;) {
        if (i + k >= t->n)
            return 0;
        const pd_cl_tok *tk = &t->tok[i + k];
        if (tk->kind != PD_TK_WORD && tk->kind != PD_TK_NUM)
            return 0;
        const char *s = tk->s;
        while (*p && *p != ' ' && *p != '*' && *s == *p) {
            p++;
            s++;
        }
        if (*p == '*')
            p++; /* prefix: the rest of the word may be anything */
        else if (*s != '\0')
            return 0;
        if (*p != '\0' && *p != ' ')
            return 0;
        k++;
        if (*p == '\0')
            return k;
        p++; /* the space */
    }
}

static int push_hit(pd_cl_text *t, uint32_t start, uint32_t len, const pd_cl_entry *e)
{
    if (t->nhit == t->hitcap) {
        size_t cap = t->hitcap ? t->hitcap * 2 : 64;
        pd_cl_hit *h = realloc(t->hit, cap * sizeof(*h));
        if (!h)
            return pd_error_set(PD_ENOMEM, "out of memory while classifying a change");
        t->hit = h;
        t->hitcap = cap;
    }
    pd_cl_hit *h = &t->hit[t->nhit++];
    h->start = start;
    h->len = len;
    h->cls = e->cls;
    h->id = e->id;
    h->flags = e->flags;
    return 0;
}

int pd_cl_match(pd_cl_text *t)
{
    pthread_once(&index_once, build_index);
    uint32_t covered[PD_LX_COUNT] = {0};
    for (size_t i = 0; i < t->n; i++) {
        pd_cl_tok *tk = &t->tok[i];
        if (tk->kind != PD_TK_WORD && tk->kind != PD_TK_NUM)
            continue;
        /* a token of the table meets the entries its slot lists; any
         * other only the prefix entries of its first three bytes (a
         * shorter word begins none), in lexicon order both ways; and its
         * word classes */
        size_t ws = word_slot_find(tk->s, tk->len, word_hash(tk->s, tk->len));
        tk->wc = word_slot[ws].wc;
        const uint16_t *item = &slot_items[word_slot[ws].start];
        size_t nitem = word_slot[ws].count;
        int found = ws != NWORDSLOT;
        if (!found && tk->len >= 3) {
            unsigned c = bucket_of(tk->s);
            item = &bucket_items[bucket_start[c]];
            nitem = (size_t)(bucket_start[c + 1] - bucket_start[c]);
        }
        /* the longest entry per class at this position (few classes match) */
        struct {
            const pd_cl_entry *e;
            uint32_t len;
        } best[16];
        int nbest = 0, mask_here = 0;
        for (; nitem; nitem--) {
            uint16_t ix = *item++;
            size_t whole = 0; /* the length of a first word that is the token's */
            if (!entry_meta[ix].prefix) {
                whole = entry_meta[ix].first_len; /* listed by the token's slot */
            } else if (!found) {
                /* a prefix entry of the bucket: the token is at least the
                 * prefix, and its first bytes the token's (four readable):
                 * else match_at would say no, after reading the pattern */
                if (tk->len < entry_meta[ix].first_len)
                    continue;
                size_t hl = entry_meta[ix].first_len < 4 ? entry_meta[ix].first_len : 4;
                if ((load4(tk->s, 0) & short_word_mask(hl)) != entry_meta[ix].head)
                    continue;
            }
            if (i < covered[entry_meta[ix].cls])
                continue;
            const pd_cl_entry *e = &lexicon[ix];
            /* the token's word alone: matched, as match_at would say */
            uint32_t k = whole && entry_meta[ix].single ? 1 : match_at(t, i, e->pat, whole);
            if (!k)
                continue;
            int j;
            for (j = 0; j < nbest && best[j].e->cls != e->cls; j++)
                ;
            if (j == nbest) {
                if (nbest == 16)
                    continue;
                best[nbest].e = e;
                best[nbest++].len = k;
            } else if (k > best[j].len) {
                best[j].e = e;
                best[j].len = k;
            }
            mask_here |= e->cls == PD_LX_MASK;
        }
        int masked = i < covered[PD_LX_MASK] || mask_here;
        for (int j = 0; j < nbest; j++) {
            int cls = best[j].e->cls;
            if (masked && (cls == PD_LX_NEG || cls == PD_LX_PRACTICE || cls == PD_LX_RIGHT))
                continue;
            if (push_hit(t, (uint32_t)i, best[j].len, best[j].e))
                return PD_ENOMEM;
            covered[cls] = (uint32_t)i + best[j].len;
        }
    }
    return 0;
}
