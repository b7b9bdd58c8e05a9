/* The one HTML rendering of a clause-level change (report_internal.h),
 * used by `diff --format html` (report.c) and the site's version pages
 * (site_pages.c).  Each keeps the bytes it always had: the layout picks the
 * frame (a table body or a card with badges) and the few rules that
 * differ; escaping, word highlights, the two sides and the section path
 * are the same code. */
#include "report/report.h"
#include "report/report_internal.h"

#include <string.h>

void pd_report_html_escape(pd_buf *b, const char *s, int newline_br)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep;
        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        case '\n':
            if (!newline_br)
                continue;
            rep = "<br>";
            break;
        default:
            continue;
        }
        pd_buf_put(b, run, (size_t)(s - run));
        pd_buf_puts(b, rep);
        run = s + 1;
    }
    pd_buf_put(b, run, (size_t)(s - run));
}

static const char *sev_icon(pd_severity s)
{
    static const char *icons[] = {"\xe2\x97\x8b", "\xe2\x97\x8f", "\xe2\x97\x86", "\xe2\x96\xb2"};
    return icons[s <= PD_SEV_HIGH ? s : 0];
}

void pd_report_html_sev_badge(pd_buf *b, pd_severity s, const char *label)
{
    pd_buf_printf(b, "<span class=\"sev sev-%s\"><span aria-hidden=\"true\">%s</span> %s</span>",
                  pd_severity_name(s), sev_icon(s), label ? label : pd_severity_name(s));
}

/* One side of a modified clause, its deleted (old) or inserted words marked. */
static void words(pd_buf *b, const pd_change *ch, int old_side, int br)
{
    for (size_t w = 0; w < ch->nwords; w++) {
        const pd_word_op *op = &ch->words[w];
        if (op->op == PD_WORD_EQUAL) {
            pd_report_html_escape(b, op->text, br);
        } else if (op->op == PD_WORD_DELETE && old_side) {
            pd_buf_puts(b, "<del>");
            pd_report_html_escape(b, op->text, br);
            pd_buf_puts(b, "</del>");
        } else if (op->op == PD_WORD_INSERT && !old_side) {
            pd_buf_puts(b, "<ins>");
            pd_report_html_escape(b, op->text, br);
            pd_buf_puts(b, "</ins>");
        }
    }
}

/* The text of one side: a note where the clause is absent (cards), the
 * words of a modified clause, or the clause as it is. */
static void side(pd_buf *b, const pd_change *ch, int old_side, pd_report_html_layout layout)
{
    int cards = layout == PD_REPORT_HTML_CARDS;
    if (cards && ch->op == (old_side ? PD_OP_ADDED : PD_OP_REMOVED))
        pd_buf_puts(b, old_side ? "<span class=\"absent\">(not in the previous version)</span>"
                                : "<span class=\"absent\">(removed in this version)</span>");
    else if (ch->op == PD_OP_MODIFIED && (ch->nwords || !cards))
        words(b, ch, old_side, !cards);
    else
        pd_report_html_escape(b, old_side ? ch->old_text : ch->new_text, !cards);
}

/* The section path, "old -> new" when the clause moved or its section was
 * renamed (the table also counts a modified clause that left the top). */
static void path(pd_buf *b, const pd_change *ch, pd_report_html_layout layout)
{
    int cards = layout == PD_REPORT_HTML_CARDS;
    const char *none = cards ? "(no section heading)" : "(top)";
    int renamed = cards
                      ? ch->op == PD_OP_MOVED || (ch->op == PD_OP_MODIFIED && ch->old_section[0] &&
                                                  strcmp(ch->old_section, ch->section))
                      : (ch->op == PD_OP_MOVED || ch->op == PD_OP_MODIFIED) &&
                            strcmp(ch->old_section, ch->section);
    if (renamed) {
        pd_report_html_escape(b, ch->old_section[0] ? ch->old_section : none, !cards);
        pd_buf_puts(b, cards ? " <span aria-label=\"to\">\xe2\x86\x92</span> " : " &rarr; ");
    }
    pd_report_html_escape(b, ch->section[0] ? ch->section : none, !cards);
}

static void table_change(pd_buf *b, const pd_change *ch)
{
    const char *op = pd_report_op_name(ch->op);

    pd_buf_printf(b, "<tbody class=\"%s%s\"><tr><th class=\"h\" colspan=\"2\">%s%s: ", op,
                  ch->cosmetic ? " cos" : "", op, ch->cosmetic ? " (cosmetic)" : "");
    path(b, ch, PD_REPORT_HTML_TABLE);
    if (!ch->cosmetic) {
        pd_buf_printf(b, "<span class=\"sev\">%s", pd_severity_name(pd_change_severity(ch)));
        if (ch->flags.categories) {
            pd_buf_puts(b, ": ");
            pd_report_categories_text(b, ch->flags.categories);
        }
        pd_buf_puts(b, "</span>");
    }
    for (size_t r = 0; r < ch->flags.nreasons; r++) {
        pd_buf_puts(b, "<br><small>");
        pd_report_html_escape(b, ch->flags.reasons[r], 1);
        pd_buf_puts(b, "</small>");
    }
    pd_buf_puts(b, "</th></tr>\n<tr><td class=\"o\">");
    side(b, ch, 1, PD_REPORT_HTML_TABLE);
    pd_buf_puts(b, "</td><td class=\"n\">");
    side(b, ch, 0, PD_REPORT_HTML_TABLE);
    pd_buf_puts(b, "</td></tr></tbody>\n");
}

/* The badges of a card: severity, categories (linked), impact. */
static void card_badges(pd_buf *b, const pd_change *ch, const char *cat_href)
{
    if (ch->cosmetic) {
        pd_buf_puts(b, "<span class=\"sev sev-none\"><span aria-hidden=\"true\">\xe2\x97\x8b"
                       "</span> cosmetic</span>");
        return;
    }
    pd_report_html_sev_badge(b, pd_change_severity(ch), NULL);
    for (unsigned i = 0; i < PD_CAT_COUNT; i++) {
        unsigned bit = 1u << i;
        if (ch->flags.categories & bit)
            pd_buf_printf(b, " <a class=\"cat\" href=\"%s%s.html\">%s</a>", cat_href,
                          pd_category_name(bit), pd_category_name(bit));
    }
    switch (ch->flags.impact) {
    case PD_IMPACT_WORSE:
        pd_buf_puts(b, " <span class=\"imp imp-worse\"><span aria-hidden=\"true\">"
                       "\xe2\x96\xbc</span> worse for users</span>");
        break;
    case PD_IMPACT_BETTER:
        pd_buf_puts(b, " <span class=\"imp imp-better\"><span aria-hidden=\"true\">"
                       "\xe2\x96\xb3</span> better for users</span>");
        break;
    case PD_IMPACT_UNCLEAR:
        pd_buf_puts(b, " <span class=\"imp imp-unclear\">? impact unclear</span>");
        break;
    default:
        break;
    }
}

static void card_change(pd_buf *b, const pd_change *ch, size_t num, const char *cat_href)
{
    const char *op = pd_report_op_name(ch->op);

    pd_buf_printf(b, "<li class=\"change op-%s lvl-%s\" id=\"c%zu\">\n<div class=\"chead\">", op,
                  ch->cosmetic ? "none" : pd_severity_name(pd_change_severity(ch)), num);
    pd_buf_printf(b, "<span class=\"op\">%s%s</span> <span class=\"path\">", op,
                  ch->is_heading ? " heading" : "");
    path(b, ch, PD_REPORT_HTML_CARDS);
    pd_buf_printf(b,
                  "</span> <a class=\"anchor\" href=\"#c%zu\" aria-label=\"link to change "
                  "%zu\">#%zu</a></div>\n<div class=\"badges\">",
                  num, num, num);
    card_badges(b, ch, cat_href);
    pd_buf_puts(b, "</div>\n");
    if (ch->flags.nreasons) {
        pd_buf_puts(b, "<ul class=\"reasons\">");
        for (size_t r = 0; r < ch->flags.nreasons; r++) {
            pd_buf_puts(b, "<li>");
            pd_report_html_escape(b, ch->flags.reasons[r], 0);
            pd_buf_puts(b, "</li>");
        }
        pd_buf_puts(b, "</ul>\n");
    }
    pd_buf_puts(b, "<div class=\"sides\">\n<div class=\"side old\"><div class=\"lbl\">Before</div>"
                   "<div class=\"txt\">");
    side(b, ch, 1, PD_REPORT_HTML_CARDS);
    pd_buf_puts(b, "</div></div>\n<div class=\"side new\"><div class=\"lbl\">After</div>"
                   "<div class=\"txt\">");
    side(b, ch, 0, PD_REPORT_HTML_CARDS);
    pd_buf_puts(b, "</div></div>\n</div>\n</li>\n");
}

void pd_report_html_change(pd_buf *b, const pd_change *ch, size_t num,
                           const pd_report_html_style *style)
{
    if (style->layout == PD_REPORT_HTML_CARDS)
        card_change(b, ch, num, style->cat_href ? style->cat_href : "");
    else
        table_change(b, ch);
}

void pd_report_html_changes(pd_buf *b, const pd_diff *d, const pd_report_html_style *style)
{
    size_t ncos = 0, nsub = 0;

    for (size_t k = 0; k < d->nchanges; k++) {
        if (d->changes[k].cosmetic)
            ncos++;
        else
            nsub++;
    }
    if (!nsub)
        pd_buf_puts(b, "<p class=\"empty\">No substantive change: the text moved or changed "
                       "only in spacing, punctuation, case or spelling.</p>\n");
    else {
        pd_buf_printf(b, "<h2>%zu substantive change%s</h2>\n<ol class=\"changes\">\n", nsub,
                      nsub == 1 ? "" : "s");
        for (size_t k = 0; k < d->nchanges; k++)
            if (!d->changes[k].cosmetic)
                pd_report_html_change(b, &d->changes[k], k + 1, style);
        pd_buf_puts(b, "</ol>\n");
    }
    if (ncos) {
        pd_buf_printf(b,
                      "<details class=\"cosmetic\"><summary>%zu cosmetic change%s (spacing, "
                      "punctuation, case, spelling), folded</summary>\n<ol class=\"changes\">\n",
                      ncos, ncos == 1 ? "" : "s");
        for (size_t k = 0; k < d->nchanges; k++)
            if (d->changes[k].cosmetic)
                pd_report_html_change(b, &d->changes[k], k + 1, style);
        pd_buf_puts(b, "</ol>\n</details>\n");
    }
    if (d->bounded)
        pd_buf_puts(b, "<p class=\"note\">These versions differ a lot: the alignment hit its "
                       "search bound, so some pairings are positional.</p>\n");
}
