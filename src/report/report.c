/* Renderers of a clause-level diff: text, stat, JSON, Markdown, HTML. */
#include "report/report.h"
#include "report/report_internal.h"

#include "util/error.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

const char *pd_report_op_name(pd_op op)
{
    switch (op) {
    case PD_OP_ADDED:
        return "added";
    case PD_OP_REMOVED:
        return "removed";
    case PD_OP_MODIFIED:
        return "modified";
    default:
        return "moved";
    }
}

pd_severity pd_change_severity(const pd_change *ch)
{
    if (ch->cosmetic)
        return PD_SEV_NONE;
    return ch->flags.severity > PD_SEV_LOW ? ch->flags.severity : PD_SEV_LOW;
}

void pd_diff_summarize(pd_diff_summary *out, const pd_diff *d)
{
    memset(out, 0, sizeof(*out));
    for (size_t k = 0; k < d->nchanges; k++) {
        const pd_change *ch = &d->changes[k];
        pd_severity s = pd_change_severity(ch);
        switch (ch->op) {
        case PD_OP_ADDED:
            out->added++;
            break;
        case PD_OP_REMOVED:
            out->removed++;
            break;
        case PD_OP_MODIFIED:
            out->modified++;
            break;
        default:
            out->moved++;
        }
        if (ch->cosmetic)
            out->cosmetic++;
        else
            out->substantive++;
        if (s > out->worst)
            out->worst = s;
    }
}

int pd_diff_headline(pd_buf *out, const pd_diff *d)
{
    const pd_flags **f = malloc((d->nchanges + 1) * sizeof(*f));
    int rc;
    if (!f)
        return pd_error_set(PD_ENOMEM, "out of memory while writing the report");
    for (size_t k = 0; k < d->nchanges; k++)
        f[k] = &d->changes[k].flags;
    rc = pd_headline(out, (const pd_flags *const *)f, d->nchanges);
    free(f);
    return rc;
}

int pd_format_from_name(const char *name)
{
    if (!strcmp(name, "text"))
        return PD_FORMAT_TEXT;
    if (!strcmp(name, "json"))
        return PD_FORMAT_JSON;
    if (!strcmp(name, "markdown") || !strcmp(name, "md"))
        return PD_FORMAT_MARKDOWN;
    if (!strcmp(name, "html"))
        return PD_FORMAT_HTML;
    return -1;
}

void pd_report_categories_text(pd_buf *b, unsigned cats)
{
    int first = 1;
    for (int i = 0; i < PD_CAT_COUNT; i++) {
        if (!(cats & (1u << i)))
            continue;
        pd_buf_printf(b, "%s%s", first ? "" : ", ", pd_category_name(1u << i));
        first = 0;
    }
}

static void summary_counts(pd_buf *b, const pd_diff_summary *s)
{
    pd_buf_printf(b,
                  "%zu added, %zu removed, %zu modified, %zu moved (%zu substantive, %zu cosmetic)",
                  s->added, s->removed, s->modified, s->moved, s->substantive, s->cosmetic);
}

/* ---- text ---- */

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_DIM "\033[2m"
#define C_YELLOW "\033[33m"

/* Writes text with every line after the first indented by ind. */
static void put_indented(pd_buf *b, const char *s, const char *ind)
{
    for (; *s; s++) {
        pd_buf_putc(b, *s);
        if (*s == '\n')
            pd_buf_puts(b, ind);
    }
}

static void text_words(pd_buf *b, const pd_change *ch, int side_old, int color)
{
    for (size_t w = 0; w < ch->nwords; w++) {
        const pd_word_op *op = &ch->words[w];
        if (op->op == PD_WORD_EQUAL) {
            put_indented(b, op->text, "    ");
        } else if (op->op == PD_WORD_DELETE && side_old) {
            pd_buf_puts(b, color ? C_RED "\033[7m" : "[-");
            put_indented(b, op->text, "    ");
            pd_buf_puts(b, color ? C_RESET C_RED : "-]");
        } else if (op->op == PD_WORD_INSERT && !side_old) {
            pd_buf_puts(b, color ? C_GREEN "\033[7m" : "{+");
            put_indented(b, op->text, "    ");
            pd_buf_puts(b, color ? C_RESET C_GREEN : "+}");
        }
    }
}

/* Hands out to o->drain when it holds more than PD_REPORT_DRAIN_AT bytes. */
static int drain(pd_buf *out, const pd_report_options *o)
{
    int rc;
    if (!o->drain || out->len <= PD_REPORT_DRAIN_AT)
        return 0;
    if ((rc = pd_buf_error(out)))
        return rc;
    return o->drain(out, o->drain_payload);
}

int pd_report_text(pd_buf *out, const pd_diff *d, const pd_report_options *o)
{
    pd_diff_summary s;
    int color = o->color;
    int rc;

    pd_diff_summarize(&s, d);
    pd_buf_puts(out, color ? C_BOLD : "");
    if ((rc = pd_diff_headline(out, d)))
        return rc;
    pd_buf_printf(out, "%s\n%s -> %s: ", color ? C_RESET : "", o->old_side.label,
                  o->new_side.label);
    summary_counts(out, &s);
    pd_buf_puts(out, "\n");
    for (size_t k = 0; k < d->nchanges; k++) {
        const pd_change *ch = &d->changes[k];
        if ((rc = drain(out, o)))
            return rc;
        if (ch->cosmetic && !o->show_cosmetic)
            continue;
        pd_buf_printf(out, "\n%s%s%s%s", color ? (ch->cosmetic ? C_DIM : C_BOLD C_YELLOW) : "",
                      pd_report_op_name(ch->op), ch->cosmetic ? " (cosmetic)" : "",
                      color ? C_RESET : "");
        if (ch->is_heading && ch->op == PD_OP_MODIFIED)
            pd_buf_puts(out, " heading");
        /* the old path whenever it differs, "(top)" included: a clause
         * modified out of the text before the first heading moved too */
        if (ch->op == PD_OP_MOVED && !strcmp(ch->old_section, ch->section))
            pd_buf_printf(out,
                          ch->is_heading ? " section %s (new position)" : " in %s (new position)",
                          ch->section[0] ? ch->section : "(top)");
        else if (ch->op == PD_OP_MOVED ||
                 (ch->op == PD_OP_MODIFIED && strcmp(ch->old_section, ch->section)))
            pd_buf_printf(out, " in %s -> %s", ch->old_section[0] ? ch->old_section : "(top)",
                          ch->section[0] ? ch->section : "(top)");
        else
            pd_buf_printf(out, " in %s", ch->section[0] ? ch->section : "(top)");
        if (!ch->cosmetic) {
            pd_buf_printf(out, " [%s", pd_severity_name(pd_change_severity(ch)));
            if (ch->flags.categories) {
                pd_buf_puts(out, ": ");
                pd_report_categories_text(out, ch->flags.categories);
            }
            if (ch->flags.impact != PD_IMPACT_NEUTRAL)
                pd_buf_printf(out, "; %s", pd_impact_name(ch->flags.impact));
            pd_buf_puts(out, "]");
        }
        pd_buf_puts(out, "\n");
        for (size_t r = 0; r < ch->flags.nreasons; r++)
            pd_buf_printf(out, "  * %s\n", ch->flags.reasons[r]);
        if (ch->op == PD_OP_MODIFIED) {
            pd_buf_puts(out, color ? C_RED "  - " : "  - ");
            text_words(out, ch, 1, color);
            pd_buf_puts(out, color ? C_RESET "\n" C_GREEN "  + " : "\n  + ");
            text_words(out, ch, 0, color);
            pd_buf_puts(out, color ? C_RESET "\n" : "\n");
        } else if (ch->op == PD_OP_REMOVED) {
            pd_buf_puts(out, color ? C_RED "  - " : "  - ");
            put_indented(out, ch->old_text, "    ");
            pd_buf_puts(out, color ? C_RESET "\n" : "\n");
        } else if (ch->op == PD_OP_ADDED) {
            pd_buf_puts(out, color ? C_GREEN "  + " : "  + ");
            put_indented(out, ch->new_text, "    ");
            pd_buf_puts(out, color ? C_RESET "\n" : "\n");
        } else {
            pd_buf_puts(out, "  = ");
            put_indented(out, ch->new_text, "    ");
            pd_buf_puts(out, "\n");
        }
    }
    return pd_buf_error(out);
}

int pd_report_stat(pd_buf *out, const pd_diff *d, const pd_report_options *o)
{
    pd_diff_summary s;
    int rc;
    pd_diff_summarize(&s, d);
    if ((rc = pd_diff_headline(out, d)))
        return rc;
    pd_buf_puts(out, " | ");
    summary_counts(out, &s);
    pd_buf_printf(out, ", worst %s\n", pd_severity_name(s.worst));
    (void)o;
    return pd_buf_error(out);
}

/* ---- JSON ---- */

json_t *pd_report_json_str(const char *s)
{
    size_t len = strlen(s), i = 0;
    pd_buf b = PD_BUF_INIT;
    json_t *j;

    if (utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, NULL, 0, 0) >= 0 ||
        !len)
        return json_stringn(s, len);
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            pd_buf_puts(&b, "\xEF\xBF\xBD");
            i++;
        } else {
            pd_buf_put(&b, s + i, (size_t)n);
            i += (size_t)n;
        }
    }
    j = pd_buf_error(&b) ? NULL : json_stringn(pd_buf_cstr(&b), b.len);
    pd_buf_dispose(&b);
    return j;
}

json_t *pd_report_side_json(const pd_report_side *s)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "label", pd_report_json_str(s->label ? s->label : ""));
    if (s->date)
        json_object_set_new(o, "date", pd_report_json_str(s->date));
    if (s->source)
        json_object_set_new(o, "source", pd_report_json_str(s->source));
    if (s->commit)
        json_object_set_new(o, "commit", pd_report_json_str(s->commit));
    return o;
}

static json_t *change_json(const pd_change *ch)
{
    json_t *o = json_object(), *words = json_array(), *cats = json_array(), *reasons = json_array();
    if (!o || !words || !cats || !reasons) {
        json_decref(o);
        json_decref(words);
        json_decref(cats);
        json_decref(reasons);
        return NULL;
    }
    json_object_set_new(o, "op", json_string(pd_report_op_name(ch->op)));
    json_object_set_new(o, "cosmetic", json_boolean(ch->cosmetic));
    json_object_set_new(o, "section", pd_report_json_str(ch->section));
    if (ch->op != PD_OP_REMOVED && ch->op != PD_OP_ADDED && strcmp(ch->old_section, ch->section))
        json_object_set_new(o, "old_section", pd_report_json_str(ch->old_section));
    json_object_set_new(o, "heading", json_boolean(ch->is_heading));
    json_object_set_new(o, "old", pd_report_json_str(ch->old_text));
    json_object_set_new(o, "new", pd_report_json_str(ch->new_text));
    for (size_t w = 0; w < ch->nwords; w++) {
        const char *op = ch->words[w].op == PD_WORD_EQUAL    ? "equal"
                         : ch->words[w].op == PD_WORD_INSERT ? "insert"
                                                             : "delete";
        json_array_append_new(words, json_pack("{s:s, s:o}", "op", op, "text",
                                               pd_report_json_str(ch->words[w].text)));
    }
    json_object_set_new(o, "words", words);
    for (int i = 0; i < PD_CAT_COUNT; i++)
        if (ch->flags.categories & (1u << i))
            json_array_append_new(cats, json_string(pd_category_name(1u << i)));
    json_object_set_new(o, "categories", cats);
    /* the main one of them (what the headline names), null when none */
    json_object_set_new(o, "category",
                        ch->flags.categories
                            ? json_string(pd_category_name(pd_flags_primary(&ch->flags)))
                            : json_null());
    json_object_set_new(o, "severity", json_string(pd_severity_name(pd_change_severity(ch))));
    json_object_set_new(o, "impact", json_string(pd_impact_name(ch->flags.impact)));
    for (size_t r = 0; r < ch->flags.nreasons; r++)
        json_array_append_new(reasons, pd_report_json_str(ch->flags.reasons[r]));
    json_object_set_new(o, "reasons", reasons);
    return o;
}

/* Appends j as JSON_INDENT(2) writes it at depth levels of nesting: its
 * lines after the first indented by 2 * depth spaces (strings never hold a
 * raw line break). */
static int put_json_at(pd_buf *out, const json_t *j, int depth)
{
    pd_buf one = PD_BUF_INIT;
    int rc = pd_report_put_json(&one, j);
    if (!rc) {
        for (size_t i = 0; i + 1 < one.len; i++) { /* without its final newline */
            pd_buf_putc(out, one.ptr[i]);
            if (one.ptr[i] == '\n')
                for (int k = 0; k < 2 * depth; k++)
                    pd_buf_putc(out, ' ');
        }
        rc = pd_buf_error(out);
    }
    pd_buf_dispose(&one);
    return rc;
}

/* The document without its changes: schema, old, new, summary. */
static json_t *report_head_json(const pd_diff *d, const pd_report_options *o, const char *headline)
{
    pd_diff_summary s;
    json_t *root = json_object(), *sum = json_object();
    if (!root || !sum) {
        json_decref(root);
        json_decref(sum);
        return NULL;
    }
    pd_diff_summarize(&s, d);
    json_object_set_new(root, "schema", json_string("policydiff/diff-1"));
    json_object_set_new(root, "old", pd_report_side_json(&o->old_side));
    json_object_set_new(root, "new", pd_report_side_json(&o->new_side));
    json_object_set_new(sum, "headline", pd_report_json_str(headline));
    json_object_set_new(sum, "added", json_integer((json_int_t)s.added));
    json_object_set_new(sum, "removed", json_integer((json_int_t)s.removed));
    json_object_set_new(sum, "modified", json_integer((json_int_t)s.modified));
    json_object_set_new(sum, "moved", json_integer((json_int_t)s.moved));
    json_object_set_new(sum, "substantive", json_integer((json_int_t)s.substantive));
    json_object_set_new(sum, "cosmetic", json_integer((json_int_t)s.cosmetic));
    json_object_set_new(sum, "worst_severity", json_string(pd_severity_name(s.worst)));
    json_object_set_new(root, "summary", sum);
    return root;
}

/* The document is written as jansson would write it whole, but one change
 * at a time: a tree of every change costs about seven times the report
 * (850 MB for the 110 MB report of two unrelated 7.5 MB policies). */
int pd_report_json(pd_buf *out, const pd_diff *d, const pd_report_options *o)
{
    pd_buf head = PD_BUF_INIT, top = PD_BUF_INIT;
    json_t *root = NULL, *c = NULL;
    int rc;

    if ((rc = pd_diff_headline(&head, d)))
        goto out;
    if (!(root = report_head_json(d, o, pd_buf_cstr(&head)))) {
        rc = PD_ENOMEM;
        goto out;
    }
    if ((rc = pd_report_put_json(&top, root)))
        goto out;
    /* "{ ... summary }\n": reopened after the summary for the changes */
    pd_buf_put(out, top.ptr, top.len - 3);
    pd_buf_puts(out, ",\n  \"changes\": [");
    for (size_t k = 0; k < d->nchanges && !rc; k++) {
        if ((rc = drain(out, o)))
            break;
        pd_buf_puts(out, k ? ",\n    " : "\n    ");
        if (!(c = change_json(&d->changes[k])))
            rc = PD_ENOMEM;
        else
            rc = put_json_at(out, c, 2);
        json_decref(c);
        c = NULL;
    }
    pd_buf_puts(out, d->nchanges ? "\n  ]\n}\n" : "]\n}\n");
    if (!rc)
        rc = pd_buf_error(out);
out:
    json_decref(root);
    pd_buf_dispose(&top);
    pd_buf_dispose(&head);
    if (rc == PD_ENOMEM)
        return pd_error_set(rc, "out of memory while writing the JSON report");
    return rc;
}

/* json_dump_callback's writer: into the pd_buf at payload. */
static int put_json_chunk(const char *s, size_t n, void *payload)
{
    return pd_buf_put(payload, s, n) ? -1 : 0;
}

int pd_report_put_json(pd_buf *out, const json_t *root)
{
    int rc;
    /* straight into out: a whole-document string first would hold the
     * report twice (a diff of two unrelated 7.5 MB policies writes 110 MB) */
    if (json_dump_callback(root, put_json_chunk, out, JSON_INDENT(2)) != 0)
        return pd_buf_error(out) ? pd_buf_error(out) : PD_ENOMEM;
    pd_buf_putc(out, '\n');
    rc = pd_buf_error(out);
    return rc == PD_ENOMEM ? PD_ENOMEM : rc;
}

/* ---- Markdown ---- */

/* Writes plain text as inline Markdown that renders as itself.  Backslash
 * escapes cover the characters that open emphasis, code, links, tables or
 * strikethrough; '&' becomes an entity so that "&copy;" stays six letters.
 * A line break (LF, CR or CRLF) becomes <br>, which keeps the text on the
 * one source line of its paragraph.  lead: the text opens a quote or list
 * item line, where blanks (four make a code block) and "-", "+" or "12."
 * (a nested list) are block syntax: the blanks are dropped (a paragraph
 * drops them anyway) and the marker is escaped.  Returns whether anything
 * was written. */
int pd_report_md_escape(pd_buf *b, const char *s, size_t len, int lead)
{
    size_t i = 0, start = b->len;
    if (lead) {
        size_t digits = 0;
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        while (i + digits < len && s[i + digits] >= '0' && s[i + digits] <= '9')
            digits++;
        if (i < len && (s[i] == '-' || s[i] == '+')) {
            pd_buf_putc(b, '\\');
        } else if (digits && i + digits < len && (s[i + digits] == '.' || s[i + digits] == ')')) {
            pd_buf_put(b, s + i, digits);
            pd_buf_putc(b, '\\');
            i += digits;
        }
    }
    for (; i < len; i++) {
        char c = s[i];
        if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
            continue;
        if (c == '\n' || c == '\r') {
            pd_buf_puts(b, "<br>");
            continue;
        }
        if (c == '&') {
            pd_buf_puts(b, "&amp;");
            continue;
        }
        if (c == '@' && i + 1 < len && isalnum((unsigned char)s[i + 1]) &&
            (i == 0 || !(isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_'))) {
            /* "@name" from a page would notify that GitHub user when the
             * report is posted as an issue: a zero-width space after the
             * '@' shows the same and mentions nobody (e-mail addresses,
             * "x@y", are not mentions and stay as they are) */
            pd_buf_puts(b, "@&#8203;");
            continue;
        }
        if (strchr("\\`*_[]<>#|~", c))
            pd_buf_putc(b, '\\');
        pd_buf_putc(b, c);
    }
    return b->len != start;
}

/* An inserted or deleted run as <ins>/<del>, its outer spaces left outside.
 * Not ** or ~~: those count only when flanking (CommonMark 6.2), so a run
 * that starts or ends with punctuation next to a letter, as in
 * "partners, advertisers" or '"30"', would show the asterisks instead of
 * bold.  GitHub keeps both tags and the text inside is still escaped
 * Markdown.  Returns whether anything was written (see md_escape). */
static int md_mark(pd_buf *b, const char *s, const char *tag, int lead)
{
    size_t len = strlen(s), l = 0, t = 0, start = b->len;
    while (l < len && s[l] == ' ')
        l++;
    while (t < len - l && s[len - 1 - t] == ' ')
        t++;
    if (!lead)
        pd_buf_put(b, s, l);
    if (len - l - t) {
        pd_buf_printf(b, "<%s>", tag);
        pd_report_md_escape(b, s + l, len - l - t, 0);
        pd_buf_printf(b, "</%s>", tag);
    }
    pd_buf_put(b, s + len - t, t);
    return b->len != start;
}

/* s as an inline code span, which shows every character as it is (a file
 * name is not Markdown).  The fence is one backtick longer than the longest
 * run inside, and a space pads each side when the text starts or ends with
 * a backtick or a space, because the parser strips one space from each side
 * of such a span (CommonMark 6.1).  Line ends become spaces, as inside a
 * span they would anyway, so that they cannot start a block. */
static void md_code(pd_buf *b, const char *s)
{
    size_t len = s ? strlen(s) : 0, run = 0, longest = 0, blanks = 0;
    int pad;
    for (size_t i = 0; i < len; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
        if (s[i] == ' ' || s[i] == '\n' || s[i] == '\r')
            blanks++;
    }
    if (!len) {
        /* `` is no span at all; a span of one space shows an empty label */
        pd_buf_puts(b, "` `");
        return;
    }
    pad = blanks < len && (strchr("` \n\r", s[0]) || strchr("` \n\r", s[len - 1]));
    for (size_t i = 0; i <= longest; i++)
        pd_buf_putc(b, '`');
    if (pad)
        pd_buf_putc(b, ' ');
    for (size_t i = 0; i < len; i++)
        pd_buf_putc(b, s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
    if (pad)
        pd_buf_putc(b, ' ');
    for (size_t i = 0; i <= longest; i++)
        pd_buf_putc(b, '`');
}

/* A section path, "(top)" for the text before the first heading. */
static void md_section(pd_buf *b, const char *path)
{
    const char *s = path[0] ? path : "(top)";
    pd_report_md_escape(b, s, strlen(s), 0);
}

static void md_change(pd_buf *out, const pd_change *ch)
{
    pd_buf_printf(out, "\n#### %s%s: ", pd_report_op_name(ch->op),
                  ch->cosmetic ? " (cosmetic)" : "");
    if ((ch->op == PD_OP_MOVED || ch->op == PD_OP_MODIFIED) &&
        strcmp(ch->old_section, ch->section)) {
        md_section(out, ch->old_section);
        pd_buf_puts(out, " → ");
    }
    md_section(out, ch->section);
    pd_buf_puts(out, "\n\n");
    if (!ch->cosmetic) {
        pd_buf_printf(out, "Severity **%s**", pd_severity_name(pd_change_severity(ch)));
        if (ch->flags.categories) {
            pd_buf_puts(out, " · ");
            pd_report_categories_text(out, ch->flags.categories);
        }
        if (ch->flags.impact != PD_IMPACT_NEUTRAL)
            pd_buf_printf(out, " · %s for users", pd_impact_name(ch->flags.impact));
        pd_buf_puts(out, "\n\n");
    }
    /* the reasons, cosmetic ones too ("heading level 2 -> 3: ...") */
    for (size_t r = 0; r < ch->flags.nreasons; r++) {
        pd_buf_puts(out, "- ");
        pd_report_md_escape(out, ch->flags.reasons[r], strlen(ch->flags.reasons[r]), 1);
        pd_buf_puts(out, "\n");
    }
    if (ch->flags.nreasons)
        pd_buf_puts(out, "\n");
    pd_buf_puts(out, "> ");
    if (ch->op == PD_OP_MODIFIED) {
        /* the quote's line starts with the first op that writes anything */
        int lead = 1;
        for (size_t w = 0; w < ch->nwords; w++) {
            const pd_word_op *op = &ch->words[w];
            if (op->op == PD_WORD_EQUAL)
                lead &= !pd_report_md_escape(out, op->text, strlen(op->text), lead);
            else
                lead &= !md_mark(out, op->text, op->op == PD_WORD_DELETE ? "del" : "ins", lead);
        }
    } else if (ch->op == PD_OP_REMOVED) {
        md_mark(out, ch->old_text, "del", 1);
    } else {
        pd_report_md_escape(out, ch->new_text, strlen(ch->new_text), 1);
    }
    pd_buf_puts(out, "\n");
}

int pd_report_markdown(pd_buf *out, const pd_diff *d, const pd_report_options *o)
{
    pd_diff_summary s;
    pd_buf head = PD_BUF_INIT;
    int rc;

    pd_diff_summarize(&s, d);
    /* the headline quotes the policy (recipients, data types): escaped too */
    if ((rc = pd_diff_headline(&head, d))) {
        pd_buf_dispose(&head);
        return rc;
    }
    pd_buf_puts(out, "**policydiff:** ");
    pd_report_md_escape(out, pd_buf_cstr(&head), head.len, 0);
    pd_buf_dispose(&head);
    pd_buf_puts(out, "\n\n");
    md_code(out, o->old_side.label);
    pd_buf_puts(out, " → ");
    md_code(out, o->new_side.label);
    pd_buf_puts(out, ": ");
    summary_counts(out, &s);
    pd_buf_puts(out, "\n");
    for (size_t k = 0; k < d->nchanges; k++)
        if (!d->changes[k].cosmetic)
            md_change(out, &d->changes[k]);
    if (s.cosmetic && o->show_cosmetic) {
        /* cosmetic changes folded away, for pull-request comments */
        pd_buf_printf(out, "\n<details><summary>%zu cosmetic change%s</summary>\n", s.cosmetic,
                      s.cosmetic == 1 ? "" : "s");
        for (size_t k = 0; k < d->nchanges; k++)
            if (d->changes[k].cosmetic)
                md_change(out, &d->changes[k]);
        pd_buf_puts(out, "\n</details>\n");
    }
    return pd_buf_error(out);
}

/* ---- HTML ---- */

static const char html_style[] =
    "body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:80em;color:#222}"
    "h1{font-size:1.3em}table{border-collapse:collapse;width:100%}"
    "td,th{vertical-align:top;border-top:1px solid #ddd;padding:.5em;width:50%;text-align:left}"
    "th.h{background:#f4f4f4;font-weight:600}.cos{color:#888}"
    "del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}"
    ".removed td.o{background:#fff4f4}.added td.n{background:#f4fff4}.sev{float:right;color:#a60}";

int pd_report_html(pd_buf *out, const pd_diff *d, const pd_report_options *o)
{
    const pd_report_html_style style = {.layout = PD_REPORT_HTML_TABLE};
    pd_diff_summary s;
    pd_buf head = PD_BUF_INIT;
    int rc;

    pd_diff_summarize(&s, d);
    if ((rc = pd_diff_headline(&head, d)))
        return rc;
    pd_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width\"><title>policydiff: ");
    pd_report_html_escape(out, pd_buf_cstr(&head), 1);
    pd_buf_printf(out, "</title><style>%s</style></head><body>\n<h1>", html_style);
    pd_report_html_escape(out, pd_buf_cstr(&head), 1);
    pd_buf_puts(out, "</h1>\n<p>");
    pd_buf_dispose(&head);
    summary_counts(out, &s);
    pd_buf_puts(out, "</p>\n<table>\n<tr><th>");
    pd_report_html_escape(out, o->old_side.label, 1);
    if (o->old_side.date) {
        pd_buf_puts(out, " (");
        pd_report_html_escape(out, o->old_side.date, 1);
        pd_buf_puts(out, ")");
    }
    pd_buf_puts(out, "</th><th>");
    pd_report_html_escape(out, o->new_side.label, 1);
    if (o->new_side.date) {
        pd_buf_puts(out, " (");
        pd_report_html_escape(out, o->new_side.date, 1);
        pd_buf_puts(out, ")");
    }
    pd_buf_puts(out, "</th></tr>\n");
    for (size_t k = 0; k < d->nchanges; k++) {
        const pd_change *ch = &d->changes[k];
        if (ch->cosmetic && !o->show_cosmetic)
            continue;
        pd_report_html_change(out, ch, k + 1, &style);
    }
    pd_buf_puts(out, "</table>\n</body></html>\n");
    return pd_buf_error(out);
}

int pd_report_render(pd_buf *out, pd_format fmt, const pd_diff *d, const pd_report_options *o)
{
    switch (fmt) {
    case PD_FORMAT_TEXT:
        return pd_report_text(out, d, o);
    case PD_FORMAT_JSON:
        return pd_report_json(out, d, o);
    case PD_FORMAT_MARKDOWN:
        return pd_report_markdown(out, d, o);
    case PD_FORMAT_HTML:
        return pd_report_html(out, d, o);
    }
    return pd_error_set(PD_EINVALID, "unknown report format; use text, json, markdown or html");
}
