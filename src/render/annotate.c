/*
 * annotate.c - escaped text, workflow commands and the job summary (see
 * annotate.h). One escaping loop reads a table of what each mode escapes.
 */
#include "blsreport/render/annotate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef enum esc_mode { ESC_TEXT, ESC_DATA, ESC_PROPERTY, ESC_MARKDOWN } esc_mode;

static bls_status add_str(bls_dynbuf *out, const char *s)
{
    return bls_dynbuf_add(out, s, strlen(s));
}

static bls_status addf(bls_dynbuf *out, const char *fmt, ...) BLS_PRINTF(2, 3);

static bls_status addf(bls_dynbuf *out, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof small)
        return BLS_ERR_LIMIT; /* only used for short, fixed formats */
    return bls_dynbuf_add(out, small, (size_t)n);
}

/* The visible form of a control character, as C writes it. */
static bls_status add_control(bls_dynbuf *out, unsigned c)
{
    switch (c) {
    case '\t': return add_str(out, "\\t");
    case '\n': return add_str(out, "\\n");
    case '\r': return add_str(out, "\\r");
    default: return addf(out, "\\x%02X", c);
    }
}

static bls_status escape(bls_dynbuf *out, const char *text, esc_mode mode)
{
    bls_status st = BLS_OK;
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    for (; *p && st == BLS_OK; p++) {
        unsigned c = *p;
        int percent = ((mode == ESC_DATA || mode == ESC_PROPERTY) &&
                       (c == '%' || c == '\r' || c == '\n')) ||
                      (mode == ESC_PROPERTY && (c == ':' || c == ','));
        if (percent)
            st = addf(out, "%%%02X", c);
        else if (mode == ESC_MARKDOWN && strchr("|<>`[]", (int)c))
            st = addf(out, "&#%u;", c); /* an entity: never markup, never a table cell end */
        else if (c < 0x20 || c == 0x7F)
            st = add_control(out, c);
        else if (c == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            /* a C1 control in UTF-8 (U+0080..U+009F: CSI is U+009B) */
            st = addf(out, "\\u%04X", (unsigned)p[1]);
            p++;
        } else
            st = bls_dynbuf_addc(out, (char)c);
    }
    return st;
}

bls_status bls_escape_text(bls_dynbuf *out, const char *text)
{
    return escape(out, text, ESC_TEXT);
}

bls_status bls_escape_workflow_data(bls_dynbuf *out, const char *text)
{
    return escape(out, text, ESC_DATA);
}

bls_status bls_escape_workflow_property(bls_dynbuf *out, const char *text)
{
    return escape(out, text, ESC_PROPERTY);
}

static const char *severity_word(bls_severity s)
{
    return s == BLS_SEV_ERROR ? "error" : s == BLS_SEV_WARNING ? "warning" : "info";
}

bls_status bls_annotate_text(bls_dynbuf *out, const bls_ci_item *it)
{
    if (it->location) { /* a workbook sheet: "book.xlsx:sheet!C12: error: ..." */
        bls_status st = bls_escape_text(out, it->location);
        const char *msg = strstr(it->message, ": ");
        if (st == BLS_OK)
            st = addf(out, ": %s: ", severity_word(it->level));
        if (st == BLS_OK)
            st = bls_escape_text(out, msg ? msg + 2 : it->message);
        if (st == BLS_OK)
            st = add_str(out, " [");
        if (st == BLS_OK)
            st = bls_escape_text(out, it->rule);
        if (st == BLS_OK)
            st = add_str(out, it->baselined ? "] (baselined)\n" : "]\n");
        return st;
    }
    bls_status st = bls_escape_text(out, it->path);
    if (st == BLS_OK && it->line)
        st = addf(out, ":%llu", (unsigned long long)it->line);
    if (st == BLS_OK && it->line && it->column)
        st = addf(out, ":%u", (unsigned)it->column);
    if (st == BLS_OK)
        st = add_str(out, ": ");
    if (it->kind == BLS_CI_VERDICT) {
        if (st == BLS_OK)
            st = addf(out, "%s: ", bls_verdict_name(it->verdict));
        if (st == BLS_OK)
            st = bls_escape_text(out, it->message);
    } else {
        if (st == BLS_OK)
            st = addf(out, "%s: ", severity_word(it->level));
        if (st == BLS_OK)
            st = bls_escape_text(out, it->message);
        if (st == BLS_OK)
            st = add_str(out, " [");
        if (st == BLS_OK)
            st = bls_escape_text(out, it->rule);
        if (st == BLS_OK)
            st = add_str(out, "]");
    }
    if (st == BLS_OK && it->baselined)
        st = add_str(out, " (baselined)");
    return st == BLS_OK ? bls_dynbuf_addc(out, '\n') : st;
}

const char *bls_annotate_github_level(const bls_ci_item *it)
{
    if (it->fails && !it->baselined)
        return "error";
    if (it->fails || it->level == BLS_SEV_WARNING || it->level == BLS_SEV_ERROR)
        return "warning";
    return "notice";
}

bls_status bls_annotate_github(bls_dynbuf *out, const bls_ci_item *it)
{
    bls_status st = addf(out, "::%s file=", bls_annotate_github_level(it));
    if (st == BLS_OK)
        st = bls_escape_workflow_property(out, it->path);
    if (st == BLS_OK && it->line)
        st = addf(out, ",line=%llu", (unsigned long long)it->line);
    if (st == BLS_OK && it->line && it->column)
        st = addf(out, ",col=%u", (unsigned)it->column);
    if (st == BLS_OK)
        st = add_str(out, ",title=");
    if (st == BLS_OK)
        st = bls_escape_workflow_property(out, it->kind == BLS_CI_VERDICT ? it->title : it->rule);
    if (st == BLS_OK)
        st = add_str(out, "::");
    if (st == BLS_OK)
        st = bls_escape_workflow_data(out, it->message);
    if (st == BLS_OK && it->kind == BLS_CI_FINDING)
        st = addf(out, " [%s]", it->rule);
    if (st == BLS_OK && it->baselined)
        st = add_str(out, " (baselined)");
    return st == BLS_OK ? bls_dynbuf_addc(out, '\n') : st;
}

static const char *plural(unsigned long long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

bls_status bls_annotate_step_summary(bls_dynbuf *out, const bls_annotate_counts *c,
                                     const bls_ci_items *items, size_t max_listed)
{
    bls_status st = addf(out, "## blsreport: %s\n\n",
                         c->exit_code == 0   ? "passed"
                         : c->exit_code == 1 ? "failed"
                                             : "not run");
    if (st == BLS_OK)
        st = add_str(out, "| inputs | rows read | rows rejected | claims |");
    for (int v = 0; v < BLS_VERDICT_COUNT && st == BLS_OK; v++)
        st = addf(out, " %s |", bls_verdict_name((bls_verdict)v));
    if (st == BLS_OK)
        st = add_str(out, " errors | warnings | baselined |\n|");
    for (int i = 0; i < 7 + BLS_VERDICT_COUNT && st == BLS_OK; i++)
        st = add_str(out, "---:|");
    if (st == BLS_OK)
        st = addf(out, "\n| %zu | %llu | %llu | %zu |", c->inputs, c->rows_read, c->rows_rejected,
                  c->claims);
    for (int v = 0; v < BLS_VERDICT_COUNT && st == BLS_OK; v++)
        st = addf(out, " %zu |", c->by_verdict[v]);
    if (st == BLS_OK)
        st = addf(out, " %llu | %llu | %zu |\n\n", c->errors, c->warnings, c->baselined);
    size_t listed = 0, more = 0;
    for (size_t i = 0; items && i < items->count && st == BLS_OK; i++) {
        const bls_ci_item *it = &items->items[i];
        const char *level = bls_annotate_github_level(it);
        if (strcmp(level, "notice") == 0)
            continue;
        if (listed == max_listed) {
            more++;
            continue;
        }
        if (listed++ == 0)
            st = add_str(out, "| | where | what |\n|---|---|---|\n");
        if (st == BLS_OK)
            st = addf(out, "| %s | ", strcmp(level, "error") == 0 ? "error" : "warning");
        if (st == BLS_OK)
            st = escape(out, it->path, ESC_MARKDOWN);
        if (st == BLS_OK && it->line)
            st = addf(out, ":%llu", (unsigned long long)it->line);
        if (st == BLS_OK)
            st = add_str(out, " | ");
        if (st == BLS_OK)
            st = escape(out, it->kind == BLS_CI_VERDICT ? it->title : it->rule, ESC_MARKDOWN);
        if (st == BLS_OK)
            st = add_str(out, ": ");
        if (st == BLS_OK)
            st = escape(out, it->message, ESC_MARKDOWN);
        if (st == BLS_OK)
            st = add_str(out, it->baselined ? " (baselined) |\n" : " |\n");
    }
    if (st == BLS_OK && more)
        st = addf(out, "\n... and %zu more %s (see the JSON summary).\n", more,
                  plural(more, "item", "items"));
    if (st == BLS_OK && listed)
        st = bls_dynbuf_addc(out, '\n');
    return st;
}
