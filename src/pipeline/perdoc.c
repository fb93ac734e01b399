/*
 * perdoc.c - one PDF and one JSON summary per document, with an index
 * (see perdoc.h). Each document's report is cut from the combined report
 * with shallow copies (the strings stay the pipeline's), drawn, written and
 * freed before the next, so memory holds one document's report at a time.
 */
#define _POSIX_C_SOURCE 200809L
#include "blsreport/pipeline/perdoc.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/check/model.h"
#include "blsreport/pipeline/outfile.h"
#include "blsreport/pipeline/pdf_job.h"
#include "blsreport/render/chart_view.h"
#include "blsreport/render/summary.h"

#define STEM_MAX 200 /* bytes of a file name's stem kept; the rest is cut */

typedef struct doc {
    const char *key;             /* the input's path, or the name a claims CSV gives */
    const bls_input_info *input; /* the document input, or NULL */
    char *stem;                  /* owned */
} doc;

typedef struct keyed {
    const char *key; /* borrowed from the doc */
    size_t doc;
} keyed;

typedef struct perdoc {
    const bls_report *report;
    const bls_perdoc_options *opts;
    bls_perdoc_result *result;
    doc *docs;
    size_t count, capacity;
    keyed *by_key;  /* every document, sorted by key */
    keyed *by_base; /* the document inputs, sorted by base name */
    size_t n_base;
} perdoc;

static void fail(perdoc *p, const char *fmt, ...) BLS_PRINTF(2, 3);

static void fail(perdoc *p, const char *fmt, ...)
{
    if (p->result->message)
        return;
    va_list ap;
    va_start(ap, fmt);
    p->result->message = bls_vasprintf(fmt, ap);
    va_end(ap);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* ---- documents: the inputs, then names a claims CSV gives ---------------- */

static int cmp_keyed(const void *a, const void *b)
{
    return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

/* The doc whose key is @p name in @p list (sorted), or SIZE_MAX. */
static size_t lookup(const keyed *list, size_t n, const char *name)
{
    keyed want = {name, 0};
    const keyed *hit = n ? bsearch(&want, list, n, sizeof *list, cmp_keyed) : NULL;
    return hit ? hit->doc : SIZE_MAX;
}

static bls_status add_doc(perdoc *p, const char *key, const bls_input_info *input)
{
    if (p->count == p->capacity) {
        size_t cap = p->capacity ? 2 * p->capacity : 16;
        doc *grown = bls_realloc(p->docs, cap * sizeof *grown);
        if (!grown)
            return BLS_ERR_NOMEM;
        p->docs = grown;
        p->capacity = cap;
    }
    p->docs[p->count++] = (doc){key, input, NULL};
    return BLS_OK;
}

static bls_status index_docs(perdoc *p)
{
    bls_free(p->by_key);
    p->by_key = bls_calloc(p->count ? p->count : 1, sizeof *p->by_key);
    if (!p->by_key)
        return BLS_ERR_NOMEM;
    for (size_t i = 0; i < p->count; i++)
        p->by_key[i] = (keyed){p->docs[i].key, i};
    qsort(p->by_key, p->count, sizeof *p->by_key, cmp_keyed);
    return BLS_OK;
}

/* The document a claim belongs to: the input of that path, else the input
 * of that base name, else (SIZE_MAX) none yet. */
static size_t find_doc(const perdoc *p, const char *name)
{
    size_t d = lookup(p->by_key, p->count, name);
    return d != SIZE_MAX ? d : lookup(p->by_base, p->n_base, name);
}

static bls_status claim_doc(perdoc *p, const char *name, size_t *out)
{
    size_t d = find_doc(p, name ? name : "");
    if (d == SIZE_MAX) {
        bls_status st = add_doc(p, name ? name : "", NULL);
        if (st == BLS_OK)
            st = index_docs(p);
        if (st != BLS_OK)
            return st;
        d = p->count - 1;
    }
    *out = d;
    return BLS_OK;
}

static int stem_taken(const perdoc *p, size_t upto, const char *stem)
{
    static const char *const reserved[] = {"report", "summary", "index"};
    for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++)
        if (strcmp(stem, reserved[i]) == 0)
            return 1;
    for (size_t i = 0; i < upto; i++)
        if (strcmp(p->docs[i].stem, stem) == 0)
            return 1;
    return 0;
}

static bls_status make_stems(perdoc *p)
{
    for (size_t i = 0; i < p->count; i++) {
        const char *base = base_name(p->docs[i].key);
        const char *dot = strrchr(base, '.');
        size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
        if (len > STEM_MAX)
            len = STEM_MAX;
        if (len == 0)
            base = "document", len = strlen(base);
        char *stem = bls_asprintf("%.*s", (int)len, base);
        for (unsigned n = 2; stem && stem_taken(p, i, stem); n++) {
            bls_free(stem);
            stem = bls_asprintf("%.*s-%u", (int)len, base, n);
        }
        if (!stem)
            return BLS_ERR_NOMEM;
        p->docs[i].stem = stem;
    }
    return BLS_OK;
}

/* ---- one document's report ------------------------------------------------ */

typedef struct sub {
    bls_input_info *inputs;
    size_t input_count;
    bls_claims claims, unattributed; /* shallow copies: never cleaned up as claims */
    bls_check *checks;
    bls_checks check_list;
    bls_findings *findings;
    char (*selected)[8];
    const char **selected_ptrs;
    size_t selected_count;
    bls_chart_view *charts; /* built from model and selection, as the run's */
    bls_output_info outputs[2];
} sub;

static void sub_free(sub *s)
{
    bls_free(s->inputs);
    bls_free(s->claims.items);
    bls_free(s->unattributed.items);
    bls_free(s->checks);
    bls_findings_free(s->findings);
    bls_free(s->selected);
    bls_free(s->selected_ptrs);
    bls_chart_view_free(s->charts);
    memset(s, 0, sizeof *s);
}

static int is_document_path(const perdoc *p, const char *path)
{
    size_t d = lookup(p->by_key, p->count, path);
    return d != SIZE_MAX && p->docs[d].input != NULL;
}

/* Cut document @p d's report: @p members are the check indexes (in order)
 * of this document, @p local the index of each check within its document. */
static bls_status cut(perdoc *p, size_t d, const size_t *members, size_t n_members,
                      const size_t *check_doc, const size_t *local, const size_t *un_doc, sub *s)
{
    const bls_report *r = p->report;
    memset(s, 0, sizeof *s);
    s->inputs = bls_calloc(r->input_count ? r->input_count : 1, sizeof *s->inputs);
    s->claims.items = bls_calloc(n_members ? n_members : 1, sizeof *s->claims.items);
    s->checks = bls_calloc(n_members ? n_members : 1, sizeof *s->checks);
    s->selected = bls_calloc(n_members ? n_members : 1, sizeof *s->selected);
    s->selected_ptrs = bls_calloc(r->selected_count + n_members + 1, sizeof *s->selected_ptrs);
    s->findings = bls_findings_new(0);
    if (!s->inputs || !s->claims.items || !s->checks || !s->selected || !s->selected_ptrs ||
        !s->findings)
        return BLS_ERR_NOMEM;
    for (size_t i = 0; i < r->input_count; i++)
        if (r->inputs[i].kind != BLS_KIND_DOCUMENT || &r->inputs[i] == p->docs[d].input)
            s->inputs[s->input_count++] = r->inputs[i];
    for (size_t m = 0; r->checks && m < n_members; m++) {
        const bls_check *k = &r->checks->items[members[m]];
        s->claims.items[m] = *k->claim;
        s->checks[m] = *k;
        s->checks[m].claim = &s->claims.items[m];
        int other = k->disagrees_with;
        s->checks[m].disagrees_with =
            other >= 0 && check_doc[other] == d ? (int)local[other] : -1;
        s->check_list.by_verdict[k->verdict]++;
        if (k->soc_code[0] && bls_model_find(r->model, k->soc_code)) {
            size_t j = 0;
            while (j < s->selected_count && strcmp(s->selected[j], k->soc_code) != 0)
                j++;
            if (j == s->selected_count)
                memcpy(s->selected[s->selected_count++], k->soc_code, sizeof s->selected[0]);
        }
    }
    s->claims.count = s->claims.capacity = n_members;
    s->check_list.items = s->checks;
    s->check_list.count = n_members;
    for (size_t i = 0; i < s->selected_count; i++)
        s->selected_ptrs[i] = s->selected[i];
    if (s->selected_count == 0) { /* no occupation of its own: the combined selection */
        for (size_t i = 0; i < r->selected_count; i++)
            s->selected_ptrs[i] = r->selected[i];
        s->selected_count = r->selected_count;
    }
    size_t n_un = 0;
    for (size_t i = 0; r->unattributed && i < r->unattributed->count; i++)
        n_un += un_doc[i] == d;
    s->unattributed.items = bls_calloc(n_un ? n_un : 1, sizeof *s->unattributed.items);
    if (!s->unattributed.items)
        return BLS_ERR_NOMEM;
    for (size_t i = 0; r->unattributed && i < r->unattributed->count; i++)
        if (un_doc[i] == d)
            s->unattributed.items[s->unattributed.count++] = r->unattributed->items[i];
    s->unattributed.capacity = s->unattributed.count;
    size_t nf = r->findings ? bls_findings_count(r->findings) : 0;
    for (size_t i = 0; i < nf; i++) {
        const bls_finding *f = bls_findings_at(r->findings, i);
        int mine = strcmp(f->path, p->docs[d].key) == 0;
        if (!mine && is_document_path(p, f->path))
            continue; /* another document's */
        bls_status st = bls_findings_add(s->findings, f->path, f->line, f->column, f->rule, "%s",
                                         f->message);
        if (st != BLS_OK)
            return st;
    }
    return BLS_OK;
}

/* ---- writing ---------------------------------------------------------------- */

static char *join(const char *dir, const char *stem, const char *ext)
{
    size_t n = strlen(dir);
    return bls_asprintf("%s%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", stem, ext);
}

static bls_status begin(perdoc *p, bls_outfile *out, const char *path)
{
    bls_status st = bls_outfile_begin(out, path);
    if (st != BLS_OK) {
        fail(p, "%s: cannot create: %s", path, strerror(errno));
        return st;
    }
    if (p->opts->temp_hook)
        p->opts->temp_hook(p->opts->temp_hook_ctx, out->temp_path, 1);
    return BLS_OK;
}

static void forget(perdoc *p, bls_outfile *out)
{
    if (out->temp_path && p->opts->temp_hook)
        p->opts->temp_hook(p->opts->temp_hook_ctx, out->temp_path, 0);
    bls_outfile_abort(out);
}

static bls_status commit(perdoc *p, bls_outfile *out, const char *path)
{
    char *temp = out->temp_path ? bls_strdup(out->temp_path) : NULL;
    bls_status st = bls_outfile_commit(out);
    if (temp && p->opts->temp_hook)
        p->opts->temp_hook(p->opts->temp_hook_ctx, temp, 0);
    bls_free(temp);
    if (st != BLS_OK) {
        fail(p, "%s: cannot rename into place: %s", path, strerror(errno));
        return st;
    }
    char **grown = bls_realloc(p->result->paths, (p->result->path_count + 1) * sizeof *grown);
    char *copy = bls_strdup(path);
    if (!grown || !copy) {
        if (grown)
            p->result->paths = grown;
        bls_free(copy);
        return BLS_ERR_NOMEM;
    }
    p->result->paths = grown;
    p->result->paths[p->result->path_count++] = copy;
    return BLS_OK;
}

static bls_status write_text(perdoc *p, const char *path, const char *text)
{
    bls_outfile out = {0};
    bls_status st = begin(p, &out, path);
    if (st != BLS_OK)
        return st;
    FILE *fp = fopen(out.temp_path, "wb");
    size_t len = strlen(text);
    int ok = fp && fwrite(text, 1, len, fp) == len && fputc('\n', fp) != EOF;
    if (fp && fclose(fp) != 0)
        ok = 0;
    if (!ok) {
        fail(p, "%s: cannot write: %s", path, strerror(errno));
        forget(p, &out);
        return BLS_ERR_WRITE;
    }
    st = commit(p, &out, path);
    forget(p, &out);
    return st;
}

static bls_status write_pdf(perdoc *p, const char *path, const bls_report *sub_report)
{
    bls_outfile out = {0};
    bls_status st = begin(p, &out, path);
    if (st != BLS_OK)
        return st;
    bls_pdf_options popts;
    memset(&popts, 0, sizeof popts);
    popts.paper = p->opts->paper;
    bls_pdf_job *job = NULL;
    st = bls_pdf_job_start(p->opts->pdf_module, 0, out.temp_path, sub_report, &popts, &job);
    if (st == BLS_OK)
        st = bls_pdf_job_wait(job);
    if (st != BLS_OK) {
        const char *why = job ? bls_pdf_job_error(job) : NULL;
        fail(p, "%s: cannot write the PDF: %s", path, why ? why : bls_strerror(st));
    }
    bls_pdf_job_free(job);
    if (st == BLS_OK)
        st = commit(p, &out, path);
    forget(p, &out);
    return st;
}

static int doc_exit_code(const perdoc *p, const sub *s)
{
    bls_run_outcome outcome = {.fail_on = p->opts->fail_on,
                               .error_findings = bls_findings_total(s->findings, BLS_SEV_ERROR),
                               .by_verdict = s->check_list.by_verdict};
    return bls_exit_for_findings(&outcome);
}

static json_object *index_entry(const doc *d, const sub *s, const char *pdf, const char *json,
                                int exit_code)
{
    json_object *o = json_object_new_object(), *v = json_object_new_object();
    if (!o || !v) {
        json_object_put(o);
        json_object_put(v);
        return NULL;
    }
    json_object_object_add(o, "document", json_object_new_string(d->key));
    json_object_object_add(o, "pdf", pdf ? json_object_new_string(base_name(pdf)) : NULL);
    json_object_object_add(o, "json", json_object_new_string(base_name(json)));
    json_object_object_add(o, "claims", json_object_new_int64((int64_t)s->check_list.count));
    for (int k = 0; k < BLS_VERDICT_COUNT; k++)
        json_object_object_add(v, bls_verdict_name((bls_verdict)k),
                               json_object_new_int64((int64_t)s->check_list.by_verdict[k]));
    json_object_object_add(o, "verdicts", v);
    json_object_object_add(o, "exit_code", json_object_new_int(exit_code));
    return o;
}

static bls_status one_document(perdoc *p, size_t d, const size_t *members, size_t n,
                               const size_t *check_doc, const size_t *local, const size_t *un_doc,
                               json_object *index)
{
    sub s;
    bls_status st = cut(p, d, members, n, check_doc, local, un_doc, &s);
    if (st == BLS_OK)
        st = bls_chart_view_build(p->report->model, s.selected_ptrs, s.selected_count, &s.charts);
    char *pdf = p->opts->pdf_module ? join(p->opts->output_dir, p->docs[d].stem, ".pdf") : NULL;
    char *json = join(p->opts->output_dir, p->docs[d].stem, ".json");
    if (st == BLS_OK && (!json || (p->opts->pdf_module && !pdf)))
        st = BLS_ERR_NOMEM;
    if (st == BLS_OK) {
        const bls_report *r = p->report;
        size_t n_out = 0;
        if (pdf)
            s.outputs[n_out++] = (bls_output_info){pdf, "pdf"};
        s.outputs[n_out++] = (bls_output_info){json, "json"};
        bls_report sub_report = {
            .inputs = s.inputs,
            .input_count = s.input_count,
            .model = r->model,
            .findings = s.findings,
            .claims = &s.claims,
            .unattributed = &s.unattributed,
            .checks = &s.check_list,
            .selected = s.selected_ptrs,
            .selected_count = s.selected_count,
            .charts = s.charts,
            .outputs = s.outputs,
            .output_count = n_out,
            .source_date_epoch = r->source_date_epoch,
            .version = r->version,
        };
        int exit_code = doc_exit_code(p, &s);
        if (pdf)
            st = write_pdf(p, pdf, &sub_report);
        char *text = NULL;
        if (st == BLS_OK) {
            st = bls_summary_json(&sub_report, exit_code, &text);
            if (st != BLS_OK)
                fail(p, "%s: JSON summary: %s", json, bls_strerror(st));
        }
        if (st == BLS_OK)
            st = write_text(p, json, text);
        bls_free(text);
        if (st == BLS_OK) {
            json_object *e = index_entry(&p->docs[d], &s, pdf, json, exit_code);
            if (!e || json_object_array_add(index, e) != 0) {
                json_object_put(e);
                st = BLS_ERR_NOMEM;
            }
        }
    }
    bls_free(pdf);
    bls_free(json);
    sub_free(&s);
    return st;
}

bls_status bls_perdoc_write(const bls_report *report, const bls_perdoc_options *opts,
                            bls_perdoc_result *result)
{
    if (!report || !opts || !result || !opts->output_dir)
        return BLS_ERR_INVALID_ARG;
    memset(result, 0, sizeof *result);
    perdoc p = {.report = report, .opts = opts, .result = result};
    size_t n_checks = report->checks ? report->checks->count : 0;
    size_t n_un = report->unattributed ? report->unattributed->count : 0;
    size_t *check_doc = bls_calloc(n_checks + 1, sizeof *check_doc);
    size_t *local = bls_calloc(n_checks + 1, sizeof *local);
    size_t *un_doc = bls_calloc(n_un + 1, sizeof *un_doc);
    size_t *order = NULL, *start = NULL;
    json_object *index = json_object_new_array();
    bls_status st = check_doc && local && un_doc && index ? BLS_OK : BLS_ERR_NOMEM;
    for (size_t i = 0; i < report->input_count && st == BLS_OK; i++)
        if (report->inputs[i].kind == BLS_KIND_DOCUMENT)
            st = add_doc(&p, report->inputs[i].path, &report->inputs[i]);
    if (st == BLS_OK) {
        p.n_base = p.count;
        p.by_base = bls_calloc(p.count ? p.count : 1, sizeof *p.by_base);
        if (!p.by_base)
            st = BLS_ERR_NOMEM;
        for (size_t i = 0; st == BLS_OK && i < p.count; i++)
            p.by_base[i] = (keyed){base_name(p.docs[i].key), i};
        if (st == BLS_OK)
            qsort(p.by_base, p.n_base, sizeof *p.by_base, cmp_keyed);
    }
    if (st == BLS_OK)
        st = index_docs(&p);
    for (size_t i = 0; i < n_checks && st == BLS_OK; i++)
        st = claim_doc(&p, report->checks->items[i].claim->document, &check_doc[i]);
    for (size_t i = 0; i < n_un && st == BLS_OK; i++)
        st = claim_doc(&p, report->unattributed->items[i].document, &un_doc[i]);
    if (st == BLS_OK)
        st = make_stems(&p);
    /* checks bucketed by document, in order (a counting sort) */
    if (st == BLS_OK) {
        order = bls_calloc(n_checks + 1, sizeof *order);
        start = bls_calloc(p.count + 1, sizeof *start);
        if (!order || !start)
            st = BLS_ERR_NOMEM;
    }
    if (st == BLS_OK) {
        for (size_t i = 0; i < n_checks; i++)
            start[check_doc[i] + 1]++;
        for (size_t d = 0; d < p.count; d++)
            start[d + 1] += start[d];
        size_t *fill = bls_calloc(p.count + 1, sizeof *fill);
        if (!fill)
            st = BLS_ERR_NOMEM;
        for (size_t i = 0; st == BLS_OK && i < n_checks; i++) {
            size_t d = check_doc[i];
            local[i] = fill[d]++;
            order[start[d] + local[i]] = i;
        }
        bls_free(fill);
    }
    for (size_t d = 0; d < p.count && st == BLS_OK; d++) {
        if (opts->stop_flag && *opts->stop_flag) {
            fail(&p, "interrupted");
            st = BLS_ERR_INTERRUPTED;
            break;
        }
        st = one_document(&p, d, order + start[d], start[d + 1] - start[d], check_doc, local,
                          un_doc, index);
        result->documents += st == BLS_OK;
    }
    if (st == BLS_OK) {
        json_object *root = json_object_new_object();
        if (!root) {
            st = BLS_ERR_NOMEM;
        } else {
            json_object_object_add(root, "schema", json_object_new_string("blsreport-index/1"));
            json_object_object_add(root, "generator",
                                   json_object_new_string(report->version ? report->version
                                                                          : "blsreport"));
            json_object_object_add(root, "documents", json_object_get(index));
            const char *text = json_object_to_json_string_ext(
                root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                          JSON_C_TO_STRING_NOSLASHESCAPE);
            char *path = join(opts->output_dir, "index", ".json");
            st = text && path ? write_text(&p, path, text) : BLS_ERR_NOMEM;
            bls_free(path);
            json_object_put(root);
        }
    }
    if (st == BLS_ERR_NOMEM)
        fail(&p, "out of memory");
    json_object_put(index);
    for (size_t i = 0; i < p.count; i++)
        bls_free(p.docs[i].stem);
    bls_free(p.docs);
    bls_free(p.by_key);
    bls_free(p.by_base);
    bls_free(check_doc);
    bls_free(local);
    bls_free(un_doc);
    bls_free(order);
    bls_free(start);
    return st;
}

void bls_perdoc_result_cleanup(bls_perdoc_result *result)
{
    if (!result)
        return;
    for (size_t i = 0; i < result->path_count; i++)
        bls_free(result->paths[i]);
    bls_free(result->paths);
    bls_free(result->message);
    memset(result, 0, sizeof *result);
}
