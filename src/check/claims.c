/*
 * claims.c - the figures a document quotes: the claims list and the rows
 * of a claims CSV.
 *
 * Pipeline stage: model -> *claims* (claims CSV rows; extract.c reads
 * them from prose) -> crosscheck -> render.
 *
 * A claims CSV row is checked field by field against a table (which column,
 * required or not, how to read it). Every bad field gives its own
 * BLS_RULE_CLAIM_FIELD finding at its 1-based column, so one pass over a
 * hand-written CSV shows every mistake in it; the row is rejected when any
 * field is bad and the reason names the first one (findings come in the
 * order of the field table below, the order of claims.h).
 *
 * Reading rules (see claims.h for the layout):
 *   - source "doc.txt:17" is the document "doc.txt" and line 17; a source
 *     without a ":<digits>" suffix is a document with line 0 (unknown), so
 *     "C:\notes.txt" stays whole;
 *   - soc_code, when given, is NN-NNNN with digits;
 *   - metric is a contract name (metric.h);
 *   - claimed must be a figure as figure.h reads it ("$54,410", "41%",
 *     "-14%", "\u221241%", "5 percent", "$54K", "$27.45") whose sign marks
 *     suit the metric's unit: no '%' on a dollar or head-count metric, no
 *     '$' on a percent or head-count metric;
 *   - period, when empty, stays unknown (year_from 0): the cross-check then
 *     compares with the latest data for the metric.
 * Surrounding spaces are trimmed from every field.
 */
#include "blsreport/check/claims.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/base/dynbuf.h"
#include "blsreport/base/figure.h"

/* Most claims one list holds: far above any article or hand-written CSV,
 * low enough that the list can never exhaust memory on a hostile input. */
#define CLAIMS_MAX ((size_t)1000000)
#define CLAIMS_INITIAL_CAPACITY ((size_t)16)

/* Longest metric name looked up (the longest contract name is 21 bytes). */
#define METRIC_NAME_MAX 64

void bls_claims_init(bls_claims *list)
{
    if (!list)
        return;
    list->items = NULL;
    list->count = 0;
    list->capacity = 0;
}

static void claim_free_strings(bls_claim *claim)
{
    bls_free(claim->document);
    bls_free(claim->input_path);
    bls_free(claim->occupation);
    bls_free(claim->claimed_text);
    bls_free(claim->quote);
    claim->document = claim->input_path = claim->occupation = NULL;
    claim->claimed_text = claim->quote = NULL;
}

void bls_claim_cleanup(bls_claim *claim)
{
    if (claim)
        claim_free_strings(claim);
}

void bls_claims_cleanup(bls_claims *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++)
        claim_free_strings(&list->items[i]);
    bls_free(list->items);
    bls_claims_init(list);
}

static bls_status grow(bls_claims *list)
{
    if (list->count < list->capacity)
        return BLS_OK;
    if (list->capacity >= CLAIMS_MAX)
        return BLS_ERR_LIMIT;
    size_t next = list->capacity ? list->capacity * 2 : CLAIMS_INITIAL_CAPACITY;
    if (next > CLAIMS_MAX)
        next = CLAIMS_MAX;
    bls_claim *grown = bls_realloc(list->items, next * sizeof *grown);
    if (!grown)
        return BLS_ERR_NOMEM;
    list->items = grown;
    list->capacity = next;
    return BLS_OK;
}

static char *copy_or_empty(const char *s)
{
    return bls_strdup(s ? s : "");
}

bls_status bls_claims_push(bls_claims *list, const bls_claim *claim)
{
    if (!list || !claim)
        return BLS_ERR_INVALID_ARG;
    bls_status st = grow(list);
    if (st != BLS_OK)
        return st;
    bls_claim copy = *claim;
    copy.document = copy_or_empty(claim->document);
    copy.input_path = copy_or_empty(claim->input_path);
    copy.occupation = copy_or_empty(claim->occupation);
    copy.claimed_text = copy_or_empty(claim->claimed_text);
    copy.quote = copy_or_empty(claim->quote);
    if (!copy.document || !copy.input_path || !copy.occupation || !copy.claimed_text ||
        !copy.quote) {
        claim_free_strings(&copy);
        return BLS_ERR_NOMEM;
    }
    /* soc_code is a fixed array: make sure the copy is terminated. */
    copy.soc_code[sizeof copy.soc_code - 1] = '\0';
    list->items[list->count++] = copy;
    return BLS_OK;
}

const char *bls_claim_origin_name(bls_claim_origin origin)
{
    switch (origin) {
    case BLS_ORIGIN_CSV: return "csv";
    case BLS_ORIGIN_PROSE: return "prose";
    case BLS_ORIGIN_TABLE: return "table";
    }
    return "unknown";
}

/* ---- one row of a claims CSV ------------------------------------------ */

/* A field of the row, trimmed; empty when the column is absent or the row
 * is short. `column` is the 1-based field number for findings (0 when the
 * layout has no such column). */
typedef struct field_text {
    const char *text;
    size_t len;
    uint32_t column;
} field_text;

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static field_text field_of(const bls_layout *layout, const bls_row *row, bls_column col)
{
    field_text f = {"", 0, 0};
    int index = layout->index[col];
    if (index < 0)
        return f;
    f.column = (uint32_t)index + 1u;
    if ((size_t)index >= row->count || !row->fields[index].data)
        return f;
    const char *s = row->fields[index].data;
    size_t len = row->fields[index].len;
    while (len && is_space(*s)) {
        s++;
        len--;
    }
    while (len && is_space(s[len - 1]))
        len--;
    f.text = s;
    f.len = len;
    return f;
}

/* What parsing a row builds before it is pushed (strings still borrowed). */
typedef struct row_parse {
    bls_claim claim;
    field_text document;
    field_text occupation;
    field_text claimed;
    field_text quote;
} row_parse;

/* Each reader returns NULL when the field is fine, else why it is not
 * (a static string; the caller adds the field's name and text). */
typedef const char *(*field_reader)(const field_text *f, row_parse *out);

static int all_digits(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static const char *read_source(const field_text *f, row_parse *out)
{
    if (f->len == 0)
        return "is required (document:line)";
    size_t doc_len = f->len;
    uint64_t line = 0;
    const char *colon = NULL;
    for (size_t i = f->len; i > 0; i--) {
        if (f->text[i - 1] == ':') {
            colon = f->text + i - 1;
            break;
        }
    }
    if (colon) {
        const char *digits = colon + 1;
        size_t digits_len = f->len - (size_t)(digits - f->text);
        if (all_digits(digits, digits_len)) {
            char buf[32];
            if (digits_len >= sizeof buf)
                return "has a line number that is too large";
            memcpy(buf, digits, digits_len);
            buf[digits_len] = '\0';
            errno = 0;
            char *end = NULL;
            unsigned long long value = strtoull(buf, &end, 10);
            if (errno == ERANGE || *end != '\0')
                return "has a line number that is too large";
            line = (uint64_t)value;
            doc_len = (size_t)(colon - f->text);
        }
    }
    while (doc_len && is_space(f->text[doc_len - 1]))
        doc_len--;
    if (doc_len == 0)
        return "names no document before the line number";
    out->document.text = f->text;
    out->document.len = doc_len;
    out->claim.line = line;
    return NULL;
}

static const char *read_occupation(const field_text *f, row_parse *out)
{
    if (f->len == 0)
        return "is required";
    out->occupation = *f;
    return NULL;
}

static const char *read_soc(const field_text *f, row_parse *out)
{
    static const char shape[] = "99-9999"; /* '9' = a digit */
    if (f->len == 0)
        return NULL;
    if (f->len != sizeof shape - 1)
        return "is not a SOC code (NN-NNNN)";
    for (size_t i = 0; i < f->len; i++) {
        int digit = f->text[i] >= '0' && f->text[i] <= '9';
        if (shape[i] == '9' ? !digit : f->text[i] != shape[i])
            return "is not a SOC code (NN-NNNN)";
    }
    memcpy(out->claim.soc_code, f->text, f->len);
    out->claim.soc_code[f->len] = '\0';
    return NULL;
}

static const char *read_metric(const field_text *f, row_parse *out)
{
    char name[METRIC_NAME_MAX];
    if (f->len == 0)
        return "is required";
    if (f->len >= sizeof name)
        return "is not a known metric";
    memcpy(name, f->text, f->len);
    name[f->len] = '\0';
    if (bls_metric_from_name(name, &out->claim.metric) != BLS_OK)
        return "is not a known metric";
    return NULL;
}

static const char *read_period(const field_text *f, row_parse *out)
{
    if (f->len == 0)
        return NULL; /* unknown: the cross-check uses the latest data */
    if (bls_period_parse(f->text, f->len, &out->claim.period) != BLS_OK)
        return "is not a period (\"May 2014\", \"2014\", \"2012-2022\")";
    return NULL;
}

static const char *read_claimed(const field_text *f, row_parse *out)
{
    if (f->len == 0)
        return "is required";
    /* read as articles write figures, so that --extract-claims output reads
     * back: "\u221241%", "5 percent", "$54K", "$54\u00a0410" (figure.h) */
    bls_number n = bls_figure_parse(f->text, f->len);
    if (n.state != BLS_CELL_VALUE)
        return "is not a number";
    out->claim.claimed = n;
    out->claimed = *f;
    return NULL;
}

static const char *read_quote(const field_text *f, row_parse *out)
{
    out->quote = *f;
    return NULL;
}

/* The fields in the order they are read: metric before claimed, so that
 * the claimed value's sign marks can be checked against the metric's unit. */
static const struct {
    bls_column column;
    const char *name;
    field_reader read;
} claim_fields[] = {
    {BLS_COL_CLAIM_SOURCE, "source", read_source},
    {BLS_COL_CLAIM_OCCUPATION, "occupation", read_occupation},
    {BLS_COL_CLAIM_SOC, "soc_code", read_soc},
    {BLS_COL_CLAIM_METRIC, "metric", read_metric},
    {BLS_COL_CLAIM_PERIOD, "period", read_period},
    {BLS_COL_CLAIM_CLAIMED, "claimed", read_claimed},
    {BLS_COL_CLAIM_QUOTE, "quote", read_quote},
};

#define CLAIM_FIELD_COUNT (sizeof claim_fields / sizeof claim_fields[0])

/* Sign marks a claimed value may carry, per unit of its metric. */
static const struct {
    bls_unit unit;
    unsigned forbidden_flags;
    const char *why;
} unit_marks[] = {
    {BLS_UNIT_DOLLARS_YEAR, BLS_NUM_PERCENT, "is a percent but the metric is in dollars"},
    {BLS_UNIT_DOLLARS_HOUR, BLS_NUM_PERCENT, "is a percent but the metric is in dollars"},
    {BLS_UNIT_PERSONS, BLS_NUM_DOLLAR, "is a dollar amount but the metric counts persons"},
    {BLS_UNIT_PERSONS, BLS_NUM_PERCENT, "is a percent but the metric counts persons"},
    {BLS_UNIT_PERCENT, BLS_NUM_DOLLAR, "is a dollar amount but the metric is a percent"},
};

static const char *check_unit_marks(const bls_claim *claim)
{
    bls_unit unit = bls_metric_unit(claim->metric);
    for (size_t i = 0; i < sizeof unit_marks / sizeof unit_marks[0]; i++)
        if (unit_marks[i].unit == unit && (claim->claimed.flags & unit_marks[i].forbidden_flags))
            return unit_marks[i].why;
    return NULL;
}

/* Longest piece of a field quoted in a finding or reason. */
#define QUOTED_FIELD_MAX 80

static bls_status report_bad_field(const char *path, const bls_row *row, bls_findings *findings,
                                   const char *name, const field_text *f, const char *why,
                                   int *first, bls_dynbuf *reason)
{
    int shown = (int)(f->len > QUOTED_FIELD_MAX ? QUOTED_FIELD_MAX : f->len);
    if (*first && reason) {
        bls_status st =
            bls_dynbuf_printf(reason, "claim %s \"%.*s\" %s", name, shown, f->text, why);
        if (st != BLS_OK)
            return st;
        *first = 0;
    }
    if (!findings)
        return BLS_OK;
    return bls_findings_add(findings, path, row->line, f->column, BLS_RULE_CLAIM_FIELD,
                            "claim %s \"%.*s\" %s", name, shown, f->text, why);
}

bls_status bls_claims_parse_row(const bls_layout *layout, const bls_row *row, const char *path,
                                bls_findings *findings, bls_claims *out, int *accepted,
                                bls_dynbuf *reason)
{
    if (!layout || !row || !out || !accepted)
        return BLS_ERR_INVALID_ARG;
    *accepted = 0;
    if (reason)
        bls_dynbuf_reset(reason);

    row_parse parsed;
    memset(&parsed, 0, sizeof parsed);
    parsed.claim.origin = BLS_ORIGIN_CSV;
    parsed.claim.claimed.state = BLS_CELL_EMPTY;
    parsed.quote.text = "";

    int bad = 0, first = 1, metric_ok = 0, claimed_ok = 0;
    field_text claimed_field = {"", 0, 0};
    for (size_t i = 0; i < CLAIM_FIELD_COUNT; i++) {
        field_text f = field_of(layout, row, claim_fields[i].column);
        const char *why = claim_fields[i].read(&f, &parsed);
        if (claim_fields[i].column == BLS_COL_CLAIM_CLAIMED) {
            claimed_field = f;
            claimed_ok = why == NULL;
        }
        if (claim_fields[i].column == BLS_COL_CLAIM_METRIC)
            metric_ok = why == NULL;
        if (!why)
            continue;
        bad = 1;
        bls_status st =
            report_bad_field(path, row, findings, claim_fields[i].name, &f, why, &first, reason);
        if (st != BLS_OK)
            return st;
    }
    if (metric_ok && claimed_ok) {
        const char *why = check_unit_marks(&parsed.claim);
        if (why) {
            bad = 1;
            bls_status st = report_bad_field(path, row, findings, "claimed", &claimed_field, why,
                                             &first, reason);
            if (st != BLS_OK)
                return st;
        }
    }
    if (bad)
        return BLS_OK;

    /* Copy the borrowed fields; bls_claims_push() copies them once more, so
     * these are freed whatever it returns. */
    bls_claim *c = &parsed.claim;
    c->document = bls_strndup(parsed.document.text, parsed.document.len);
    c->occupation = bls_strndup(parsed.occupation.text, parsed.occupation.len);
    c->claimed_text = bls_strndup(parsed.claimed.text, parsed.claimed.len);
    c->quote = bls_strndup(parsed.quote.text, parsed.quote.len);
    c->input_path = bls_strdup(path ? path : "");
    c->input_line = row->line;
    bls_status st = BLS_ERR_NOMEM;
    if (c->document && c->occupation && c->claimed_text && c->quote && c->input_path)
        st = bls_claims_push(out, c);
    claim_free_strings(c);
    if (st == BLS_OK)
        *accepted = 1;
    return st;
}

const char *bls_claim_csv_claimed(const bls_claim *claim, char *buf, size_t size)
{
    const char *text = claim->claimed_text ? claim->claimed_text : "";
    const bls_number *value = &claim->claimed;
    if (value->state != BLS_CELL_VALUE || size < 4)
        return text;
    unsigned units = BLS_NUM_DOLLAR | BLS_NUM_PERCENT;
    bls_number again = bls_figure_parse(text, strlen(text));
    if (again.state == BLS_CELL_VALUE && bls_number_compare(&again, value) == 0 &&
        (again.flags & units) == (value->flags & units))
        return text; /* reads back as it is */
    /* "decline 14%" was claimed as "14%": write what was claimed, "-14%" */
    bls_number magnitude = *value;
    if (magnitude.scaled < 0)
        magnitude.scaled = -magnitude.scaled;
    size_t n = 0;
    if (value->scaled < 0)
        buf[n++] = '-';
    if (value->flags & BLS_NUM_DOLLAR)
        buf[n++] = '$';
    size_t digits = bls_number_format(&magnitude, buf + n, size - n - 1);
    if (digits == 0)
        return text;
    n += digits;
    if (value->flags & BLS_NUM_PERCENT)
        buf[n++] = '%';
    buf[n] = '\0';
    return buf;
}
