/*
 * summary.c - the JSON summary (schema "blsreport-summary/1") for CI.
 *
 * Built with json-c (Debian's libjson-c-dev): a well-kept library that keeps
 * key order, escapes strings correctly and lets us emit exact decimals
 * (json_object_new_double_s), so 40.9 is written as 40.9, never as
 * 40.899999999999999. Hand-written JSON is how escaping bugs are born.
 */
#include "blsreport/render/summary.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/base/cells.h"
#include "blsreport/base/dynbuf.h"
#include "blsreport/check/explain.h"

/* Attach a new value to an object. json-c writes JSON null for a NULL
 * value, so here NULL can only mean a failed constructor: it is remembered
 * in *ok and the caller checks once (put_null adds a deliberate null). */
static void put(json_object *obj, const char *key, json_object *value, int *ok)
{
    if (!value) {
        *ok = 0;
        return;
    }
    if (json_object_object_add(obj, key, value) != 0) {
        json_object_put(value);
        *ok = 0;
    }
}

static void put_null(json_object *obj, const char *key, int *ok)
{
    if (json_object_object_add(obj, key, NULL) != 0)
        *ok = 0;
}

static void put_string(json_object *obj, const char *key, const char *value, int *ok)
{
    put(obj, key, json_object_new_string(value ? value : ""), ok);
}

static void put_u64(json_object *obj, const char *key, uint64_t value, int *ok)
{
    put(obj, key, json_object_new_int64((int64_t)value), ok);
}

/* An exact number: integers as integers, decimals as written ("40.9"). */
static void put_number(json_object *obj, const char *key, const bls_number *n, int *ok)
{
    if (!n || n->state != BLS_CELL_VALUE) {
        put_null(obj, key, ok);
        return;
    }
    if (n->decimals == 0) {
        put(obj, key, json_object_new_int64(n->scaled), ok);
        return;
    }
    char text[48];
    if (bls_number_format(n, text, sizeof text) == 0) {
        put_null(obj, key, ok);
        return;
    }
    put(obj, key, json_object_new_double_s(bls_number_to_double(n), text), ok);
}

static void put_period(json_object *obj, const char *key, const bls_period *p, int *ok)
{
    char text[64];
    if (!bls_period_known(p) || bls_period_format(p, text, sizeof text) == 0)
        put_null(obj, key, ok);
    else
        put_string(obj, key, text, ok);
}

static json_object *inputs_json(const bls_report *r, int *ok)
{
    json_object *arr = json_object_new_array();
    if (!arr) {
        *ok = 0;
        return NULL;
    }
    for (size_t i = 0; i < r->input_count && *ok; i++) {
        const bls_input_info *in = &r->inputs[i];
        json_object *o = json_object_new_object();
        if (!o || json_object_array_add(arr, o) != 0) {
            json_object_put(o);
            *ok = 0;
            break;
        }
        put_string(o, "path", in->path, ok);
        put_string(o, "kind", bls_kind_name(in->kind), ok);
        if (in->layout_name)
            put_string(o, "layout", in->layout_name, ok);
        else
            put_null(o, "layout", ok);
        put_period(o, "period", &in->period, ok);
        put_u64(o, "rows_read", in->rows_read, ok);
        put_u64(o, "rows_accepted", in->rows_accepted, ok);
        put_u64(o, "rows_rejected", in->rows_rejected, ok);
        put_u64(o, "rows_skipped", in->rows_skipped, ok);
        if (in->kind == BLS_KIND_DOCUMENT)
            put_u64(o, "figures_found", in->claims_found, ok);
    }
    return arr;
}

/* ---- one element of each long list ----------------------------------------- */

static json_object *finding_json(const bls_finding *f, int *ok)
{
    json_object *o = json_object_new_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    put_string(o, "path", f->path, ok);
    put_u64(o, "line", f->line, ok);
    put_u64(o, "column", f->column, ok);
    put_string(o, "rule", bls_rule_get(f->rule)->id, ok);
    put_string(o, "severity", bls_severity_name(f->severity), ok);
    put_string(o, "message", f->message, ok);
    return o;
}

/* "name:line", or "name" alone when !with_line. A claims CSV "source" is
 * free text as long as a CSV field, so long names are formatted on the heap
 * rather than cut at a fixed buffer. */
static void put_location(json_object *o, const char *key, const char *name, uint64_t line,
                         int with_line, int *ok)
{
    char small[512];
    if (!name)
        name = "";
    size_t size = strlen(name) + 24; /* ':' + 20 digits + NUL */
    char *text = size <= sizeof small ? small : bls_malloc(size);
    if (!text) {
        *ok = 0;
        return;
    }
    if (with_line)
        snprintf(text, size, "%s:%llu", name, (unsigned long long)line);
    else
        snprintf(text, size, "%s", name);
    put_string(o, key, text, ok);
    if (text != small)
        bls_free(text);
}

static void claim_fields(json_object *o, const bls_claim *c, int *ok)
{
    put_location(o, "source", c->document, c->line, c->line != 0, ok);
    put_location(o, "read_from", c->input_path, c->input_line, 1, ok);
    put_string(o, "origin", bls_claim_origin_name(c->origin), ok);
    put_string(o, "occupation", c->occupation, ok);
    put_string(o, "metric", bls_metric_name(c->metric), ok);
    put_period(o, "period", &c->period, ok);
    put_number(o, "claimed", &c->claimed, ok);
    put_string(o, "claimed_text", c->claimed_text, ok);
    put_string(o, "quote", c->quote, ok);
}

/* A string member, or null when empty/NULL. */
static void put_string_or_null(json_object *o, const char *key, const char *value, int *ok)
{
    if (value && value[0])
        put_string(o, key, value, ok);
    else
        put_null(o, key, ok);
}

/* "data_source": where a data value comes from (explain.h), or null. */
static void put_source(json_object *o, const char *key, const bls_checks *checks,
                       const bls_check *k, int explanation, int *ok)
{
    bls_provenance p;
    if (bls_check_provenance(checks, k, explanation, &p) != 0) {
        put_null(o, key, ok);
        return;
    }
    json_object *src = json_object_new_object();
    put(o, key, src, ok);
    if (!*ok)
        return;
    put_string(src, "path", p.path, ok);
    put_u64(src, "line", p.line, ok);
    put_u64(src, "column", p.column, ok);
    put_string_or_null(src, "sheet", p.sheet, ok);
    put_string_or_null(src, "cell", p.cell, ok);
    put_string_or_null(src, "sha256", p.sha256, ok);
    put_string_or_null(src, "url", p.url, ok);
}

static void put_bounds(json_object *o, const bls_check *k, int *ok)
{
    if (k->bound_low.state != BLS_CELL_VALUE) {
        put_null(o, "bounds", ok);
        return;
    }
    json_object *b = json_object_new_object();
    put(o, "bounds", b, ok);
    if (!*ok)
        return;
    put_number(b, "low", &k->bound_low, ok);
    put_number(b, "high", &k->bound_high, ok);
}

static void put_explanations(json_object *o, const bls_checks *checks, const bls_check *k, int *ok)
{
    json_object *arr = json_object_new_array();
    put(o, "explanations", arr, ok);
    for (size_t i = 0; *ok && i < k->explanation_count; i++) {
        const bls_explanation *e = &k->explanations[i];
        json_object *x = json_object_new_object();
        if (!x || json_object_array_add(arr, x) != 0) {
            json_object_put(x);
            *ok = 0;
            break;
        }
        put_string(x, "kind", bls_explain_kind_name(e->kind), ok);
        json_object *codes = json_object_new_array();
        put(x, "soc_codes", codes, ok);
        for (size_t c = 0; *ok && c < e->soc_count; c++) {
            json_object *code = json_object_new_string(e->soc_codes[c]);
            if (!code || json_object_array_add(codes, code) != 0) {
                json_object_put(code);
                *ok = 0;
            }
        }
        put_string(x, "metric", bls_metric_name(e->metric), ok);
        put_period(x, "period", &e->period, ok);
        put_number(x, "value", &e->value, ok);
        if (e->hours_factor)
            put_u64(x, "hours_factor", e->hours_factor, ok);
        if (e->thousands)
            put_string(x, "value_unit", "thousands", ok);
        put_source(x, "data_source", checks, k, (int)i, ok);
        if (e->part_count) {
            json_object *parts = json_object_new_array();
            put(x, "parts", parts, ok);
            for (size_t pi = 0; *ok && pi < e->part_count; pi++) {
                const bls_fact *f = e->parts[pi];
                bls_provenance pv;
                json_object *part = json_object_new_object();
                if (!part || json_object_array_add(parts, part) != 0) {
                    json_object_put(part);
                    *ok = 0;
                    break;
                }
                /* One fact per occupation (sums) or two (base, projected). */
                size_t per = e->soc_count ? e->part_count / e->soc_count : 1;
                size_t c = per ? pi / per : 0;
                const char *soc = c < e->soc_count ? e->soc_codes[c] : "";
                bls_provenance_of(f, soc, checks->hashes, &pv);
                put_string(part, "soc_code", soc, ok);
                put_string(part, "metric", bls_metric_name(f->metric), ok);
                put_period(part, "period", &f->period, ok);
                put_number(part, "value", &f->value, ok);
                put_string(part, "path", pv.path, ok);
                put_u64(part, "line", pv.line, ok);
                put_u64(part, "column", pv.column, ok);
                put_string_or_null(part, "sha256", pv.sha256, ok);
                put_string_or_null(part, "url", pv.url, ok);
            }
        }
    }
}

/* An ambiguous claim's candidates as data, [{"soc_code", "title"}], as the
 * cross-check found them (bls_check.candidates; none when the ambiguity is
 * two inputs disagreeing on the figure, not the name). */
static json_object *candidates_json(const bls_check *k, int *ok)
{
    json_object *arr = json_object_new_array();
    if (!arr) {
        *ok = 0;
        return NULL;
    }
    for (size_t i = 0; i < k->candidate_count && *ok; i++) {
        json_object *o = json_object_new_object();
        if (!o || json_object_array_add(arr, o) != 0) {
            json_object_put(o);
            *ok = 0;
            break;
        }
        put_string(o, "soc_code", k->candidates[i].soc_code, ok);
        if (k->candidates[i].title)
            put_string(o, "title", k->candidates[i].title, ok);
        else
            put_null(o, "title", ok);
    }
    return arr;
}

static json_object *check_json(const bls_report *r, const bls_check *k, int *ok)
{
    const bls_checks *checks = r->checks;
    json_object *o = json_object_new_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    claim_fields(o, k->claim, ok);
    if (k->soc_code[0])
        put_string(o, "soc_code", k->soc_code, ok);
    else if (k->claim->soc_code[0])
        put_string(o, "soc_code", k->claim->soc_code, ok);
    else
        put_null(o, "soc_code", ok);
    if (k->title)
        put_string(o, "bls_title", k->title, ok);
    else
        put_null(o, "bls_title", ok);
    put_number(o, "actual", &k->actual, ok);
    put_period(o, "actual_period", &k->actual_period, ok);
    if (k->actual.state != BLS_CELL_VALUE && bls_cell_marker(k->actual.state))
        put_string(o, "actual_marker", bls_cell_marker(k->actual.state), ok);
    put_number(o, "difference", &k->difference, ok);
    if (k->verdict == BLS_VERDICT_STALE) {
        put_number(o, "latest", &k->latest, ok);
        put_period(o, "latest_period", &k->latest_period, ok);
    }
    put_string(o, "status", bls_verdict_name(k->verdict), ok);
    if (k->verdict == BLS_VERDICT_AMBIGUOUS)
        put(o, "candidates", candidates_json(k, ok), ok);
    if (k->disagrees_with >= 0)
        put_u64(o, "disagrees_with", (uint64_t)k->disagrees_with, ok);
    put_string(o, "note", k->note, ok);
    put_bounds(o, k, ok);
    put_source(o, "data_source", checks, k, -1, ok);
    put_explanations(o, checks, k, ok);
    return o;
}

static json_object *unattributed_one_json(const bls_claim *c, int *ok)
{
    json_object *o = json_object_new_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    claim_fields(o, c, ok);
    return o;
}

/* A number of the documents that is not a claim, with the reason. */
static json_object *unchecked_json(const bls_unchecked *u, int *ok)
{
    json_object *o = json_object_new_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    put_location(o, "source", u->document, u->line, 1, ok);
    put_string(o, "text", u->text, ok);
    put_string(o, "reason", bls_unchecked_reason_name(u->reason), ok);
    put_string(o, "reason_text", bls_unchecked_reason_text(u->reason), ok);
    return o;
}

/* An education statement: the document's words beside BLS's category. */
static json_object *education_one_json(const bls_education_claim *e, int *ok)
{
    json_object *o = json_object_new_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    put_location(o, "source", e->document, e->line, 1, ok);
    put_string(o, "occupation", e->occupation, ok);
    put_string_or_null(o, "soc_code", e->soc_code, ok);
    put_string(o, "document_words", e->words, ok);
    put_string_or_null(o, "bls_category", e->bls_category, ok);
    put_string(o, "status", bls_education_verdict_name(e->verdict), ok);
    return o;
}

static json_object *verdicts_json(const bls_report *r, int *ok)
{
    json_object *o = json_object_new_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    for (int v = 0; v < BLS_VERDICT_COUNT; v++)
        put_u64(o, bls_verdict_name((bls_verdict)v), r->checks ? r->checks->by_verdict[v] : 0, ok);
    put_u64(o, "unattributed", r->unattributed ? r->unattributed->count : 0, ok);
    return o;
}

static json_object *outputs_json(const bls_report *r, int *ok)
{
    json_object *arr = json_object_new_array();
    if (!arr) {
        *ok = 0;
        return NULL;
    }
    for (size_t i = 0; i < r->output_count && *ok; i++) {
        json_object *o = json_object_new_object();
        if (!o || json_object_array_add(arr, o) != 0) {
            json_object_put(o);
            *ok = 0;
            break;
        }
        put_string(o, "path", r->outputs[i].path, ok);
        put_string(o, "kind", r->outputs[i].kind, ok);
    }
    return arr;
}

/* ---- the document, streamed ------------------------------------------------
 *
 * The long lists (findings, claims, unattributed figures) are written one
 * element at a time: each is built with json-c (which escapes), printed and
 * freed, so memory does not grow with their length. The text is the same,
 * byte for byte, as json-c's JSON_C_TO_STRING_PRETTY | SPACED printing of
 * the whole tree: two spaces per level, ", " nowhere, "[\n<indent>]" for an
 * empty list. */

#define JSON_FLAGS                                                                                 \
    (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)
#define SINK_BUFFER 8192

typedef struct writer {
    bls_summary_write_fn fn;
    void *ctx;
    bls_status status; /* first error; the rest is skipped */
    size_t len;
    char buf[SINK_BUFFER];
} writer;

static void flush(writer *w)
{
    if (w->status == BLS_OK && w->len)
        w->status = w->fn(w->ctx, w->buf, w->len);
    w->len = 0;
}

static void emit(writer *w, const char *data, size_t n)
{
    while (n && w->status == BLS_OK) {
        size_t room = sizeof w->buf - w->len;
        size_t take = n < room ? n : room;
        memcpy(w->buf + w->len, data, take);
        w->len += take;
        data += take;
        n -= take;
        if (w->len == sizeof w->buf)
            flush(w);
    }
}

static void emit_str(writer *w, const char *s)
{
    emit(w, s, strlen(s));
}

static void emit_indent(writer *w, int level)
{
    for (int i = 0; i < level; i++)
        emit(w, "  ", 2);
}

/* "<indent>"key": " */
static void emit_key(writer *w, int level, const char *key)
{
    emit_indent(w, level);
    emit(w, "\"", 1);
    emit_str(w, key); /* keys are fixed ASCII names */
    emit(w, "\": ", 3);
}

/* A value printed by json-c at @p level: its lines after the first are
 * indented by the level. Takes (frees) @p value; NULL: *ok was cleared. */
static void emit_value(writer *w, json_object *value, int level, int *ok)
{
    if (!value) {
        *ok = 0;
        return;
    }
    size_t len = 0;
    const char *text = json_object_to_json_string_length(value, JSON_FLAGS, &len);
    if (!text) {
        *ok = 0;
    } else {
        size_t from = 0;
        for (size_t i = 0; i < len; i++) {
            if (text[i] != '\n')
                continue;
            emit(w, text + from, i + 1 - from);
            emit_indent(w, level);
            from = i + 1;
        }
        emit(w, text + from, len - from);
    }
    json_object_put(value);
}

typedef json_object *(*element_fn)(const void *list, size_t i, int *ok);

/* "[" elements "]" at @p level, one element in memory at a time. */
static void emit_list(writer *w, int level, const void *list, size_t count, element_fn element,
                      int *ok)
{
    emit(w, "[\n", 2);
    for (size_t i = 0; i < count && *ok && w->status == BLS_OK; i++) {
        if (i)
            emit(w, ",\n", 2);
        emit_indent(w, level + 1);
        emit_value(w, element(list, i, ok), level + 1, ok);
    }
    if (count)
        emit(w, "\n", 1);
    emit_indent(w, level);
    emit(w, "]", 1);
}

/* --json-findings: all, errors only, or none are listed. */
static int finding_listed(const bls_report *r, const bls_finding *f)
{
    return r->findings_listed == BLS_FINDINGS_LIST_ALL ||
           (r->findings_listed == BLS_FINDINGS_LIST_ERRORS && f->severity == BLS_SEV_ERROR);
}

/* The findings list streamed like emit_list(), the unlisted ones left out. */
static void emit_findings(writer *w, int level, const bls_report *r, int *ok)
{
    size_t n = bls_findings_count(r->findings), listed = 0;
    emit(w, "[\n", 2);
    for (size_t i = 0; i < n && *ok && w->status == BLS_OK; i++) {
        const bls_finding *f = bls_findings_at(r->findings, i);
        if (!finding_listed(r, f))
            continue;
        if (listed++)
            emit(w, ",\n", 2);
        emit_indent(w, level + 1);
        emit_value(w, finding_json(f, ok), level + 1, ok);
    }
    if (listed)
        emit(w, "\n", 1);
    emit_indent(w, level);
    emit(w, "]", 1);
}

static json_object *check_at(const void *list, size_t i, int *ok)
{
    const bls_report *r = list; /* the claims need the model (candidates) */
    return check_json(r, &r->checks->items[i], ok);
}

static json_object *unchecked_at(const void *list, size_t i, int *ok)
{
    return unchecked_json(&((const bls_unchecked_list *)list)->items[i], ok);
}

static json_object *education_at(const void *list, size_t i, int *ok)
{
    return education_one_json(&((const bls_education_list *)list)->items[i], ok);
}

static json_object *unattributed_at(const void *list, size_t i, int *ok)
{
    return unattributed_one_json(&((const bls_claims *)list)->items[i], ok);
}

static void emit_u64(writer *w, uint64_t value)
{
    char text[24];
    snprintf(text, sizeof text, "%llu", (unsigned long long)value);
    emit_str(w, text);
}

bls_status bls_summary_write(const bls_report *report, int exit_code, bls_summary_write_fn fn,
                             void *ctx)
{
    if (!report || !fn)
        return BLS_ERR_INVALID_ARG;
    writer *w = bls_malloc(sizeof *w);
    if (!w)
        return BLS_ERR_NOMEM;
    w->fn = fn;
    w->ctx = ctx;
    w->status = BLS_OK;
    w->len = 0;
    int ok = 1;
    emit(w, "{\n", 2);
    emit_key(w, 1, "schema");
    emit_value(w, json_object_new_string("blsreport-summary/1"), 1, &ok);
    emit(w, ",\n", 2);
    emit_key(w, 1, "generator");
    emit_value(w, json_object_new_string(report->version ? report->version : "blsreport"), 1, &ok);
    emit(w, ",\n", 2);
    emit_key(w, 1, "inputs");
    if (ok)
        emit_value(w, inputs_json(report, &ok), 1, &ok);
    emit(w, ",\n", 2);
    emit_key(w, 1, "validation");
    emit(w, "{\n", 2);
    static const char *const totals[] = {"errors", "warnings", "infos"};
    static const bls_severity severities[] = {BLS_SEV_ERROR, BLS_SEV_WARNING, BLS_SEV_INFO};
    for (size_t i = 0; i < 3; i++) {
        emit_key(w, 2, totals[i]);
        emit_u64(w, bls_findings_total(report->findings, severities[i]));
        emit(w, ",\n", 2);
    }
    size_t n_findings = bls_findings_count(report->findings), listed = 0;
    for (size_t i = 0; i < n_findings; i++)
        listed += finding_listed(report, bls_findings_at(report->findings, i));
    emit_key(w, 2, "not_listed");
    emit_u64(w, bls_findings_dropped(report->findings) + (n_findings - listed));
    emit(w, ",\n", 2);
    emit_key(w, 2, "findings");
    emit_findings(w, 2, report, &ok);
    emit(w, "\n  },\n", 6);
    emit_key(w, 1, "claims");
    emit_list(w, 1, report, report->checks ? report->checks->count : 0, check_at, &ok);
    emit(w, ",\n", 2);
    emit_key(w, 1, "unattributed");
    emit_list(w, 1, report->unattributed, report->unattributed ? report->unattributed->count : 0,
              unattributed_at, &ok);
    emit(w, ",\n", 2);
    emit_key(w, 1, "not_checked");
    emit_list(w, 1, report->not_checked, report->not_checked ? report->not_checked->count : 0,
              unchecked_at, &ok);
    emit(w, ",\n", 2);
    emit_key(w, 1, "education");
    emit_list(w, 1, report->education, report->education ? report->education->count : 0,
              education_at, &ok);
    emit(w, ",\n", 2);
    emit_key(w, 1, "verdicts");
    if (ok)
        emit_value(w, verdicts_json(report, &ok), 1, &ok);
    emit(w, ",\n", 2);
    emit_key(w, 1, "outputs");
    if (ok)
        emit_value(w, outputs_json(report, &ok), 1, &ok);
    emit(w, ",\n", 2);
    if (report->baseline_used) {
        emit_key(w, 1, "baselined");
        emit_u64(w, report->baselined);
        emit(w, ",\n", 2);
    }
    emit_key(w, 1, "exit_code");
    emit_u64(w, (uint64_t)(exit_code < 0 ? 0 : exit_code));
    emit(w, "\n}", 2);
    if (ok)
        flush(w);
    bls_status st = !ok ? BLS_ERR_NOMEM : w->status;
    bls_free(w);
    return st;
}

/* bls_summary_json(): the stream into a growing buffer. */
static bls_status to_dynbuf(void *ctx, const char *data, size_t len)
{
    return bls_dynbuf_add(ctx, data, len);
}

bls_status bls_summary_json(const bls_report *report, int exit_code, char **out)
{
    if (!report || !out)
        return BLS_ERR_INVALID_ARG;
    bls_dynbuf text;
    bls_dynbuf_init(&text, BLS_SUMMARY_TEXT_MAX);
    bls_status st = bls_summary_write(report, exit_code, to_dynbuf, &text);
    if (st != BLS_OK) {
        bls_dynbuf_cleanup(&text);
        return st;
    }
    *out = bls_dynbuf_take(&text);
    return *out ? BLS_OK : BLS_ERR_NOMEM;
}
