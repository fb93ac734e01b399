/*
 * pipeline/outputs.c - a run's outputs as one set (run.h): every output is
 * named and staged before any row is read (outfile.c), the workbook, the
 * PDF and chart files and the JSON summary are written to their staged
 * files, their ends are checked whatever their libraries said, and the
 * whole set is renamed into place, or none of it.
 */
#define _POSIX_C_SOURCE 200809L
#include "pipeline/run.h"

#include <errno.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/pipeline/perdoc.h"
#include "blsreport/render/sarif.h"
#include "blsreport/render/summary.h"

/* ---- outputs -------------------------------------------------------------- */

/* The file a writer opens for output @p i; NULL when it is not written. */
const char *bls_run_staged(const run *r, size_t i)
{
    return r->staged[i] ? bls_outset_writer_path(r->outset, r->slot[i]) : NULL;
}

char *bls_run_join_path(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = bls_malloc(a + b + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, a); /* NOLINT(bugprone-not-null-terminated-result): name and NUL follow */
    size_t at = a;
    if (a && dir[a - 1] != '/')
        p[at++] = '/';
    memcpy(p + at, name, b + 1);
    return p;
}

/* Report the output set's failure: what, where, why. */
static void outset_failed(run *r, bls_status st)
{
    const char *path = NULL;
    int err = 0;
    const char *what = bls_outset_error(r->outset, &path, &err);
    if (!what)
        bls_run_fail(r, st, "%s", bls_strerror(st));
    else if (err)
        bls_run_fail(r, st, "%s: %s: %s", path ? path : "output", what, strerror(err));
    else
        bls_run_fail(r, st, "%s: %s", path ? path : "output", what);
}

/* Name every output of the run and stage them all, before any work: a
 * refused path (an input, a device, twice the same file) or a directory
 * that cannot be written fails the run before it reads a row. */
bls_status bls_run_begin_outputs(run *r)
{
    const bls_pipeline_options *o = r->opts;
    int want[OUT_COUNT] = {0};
    want[OUT_XLSX] = o->write_xlsx;
    want[OUT_PDF] = o->write_pdf;
    want[OUT_JSON] = o->json_path && strcmp(o->json_path, "-") != 0;
    want[OUT_SARIF] = o->sarif_path != NULL;
    for (size_t c = 0; o->charts_dir && c < BLS_CHART_COUNT; c++) {
        for (size_t f = 0; f < BLS_CHART_FORMAT_COUNT; f++) {
            size_t k = bls_run_chart_out(c, f);
            r->paths[k] =
                bls_pdf_chart_file_path(o->charts_dir, (bls_chart)c, (bls_chart_format)f);
            if (!r->paths[k]) {
                bls_run_fail(r, BLS_ERR_NOMEM, "out of memory");
                return BLS_ERR_NOMEM;
            }
            want[k] = 1;
        }
    }
    r->outset = bls_outset_new();
    bls_status st = r->outset ? BLS_OK : BLS_ERR_NOMEM;
    for (size_t i = 0; i < OUT_COUNT && st == BLS_OK; i++) {
        if (!want[i])
            continue;
        st = bls_outset_add(r->outset, r->paths[i], &r->slot[i]);
        if (st == BLS_ERR_INVALID_ARG) {
            bls_run_fail(r, st, "\"%s\": not a file name an output can have", r->paths[i]);
            return st;
        }
        r->staged[i] = st == BLS_OK;
    }
    if (st == BLS_OK) {
        /* the CLI's signal handler removes what is staged */
        bls_outset_set_hook(r->outset, o->temp_hook, o->temp_hook_ctx);
        st = bls_outset_begin(r->outset, o->inputs, o->input_count);
    }
    if (st == BLS_ERR_NOMEM)
        bls_run_fail(r, st, "out of memory");
    else if (st != BLS_OK)
        outset_failed(r, st);
    return st;
}

static void pdf_failed(run *r, bls_status st)
{
    const char *why = bls_pdf_job_error(r->pdf_job);
    if (!why)
        why = bls_strerror(st);
    if (!r->opts->charts_dir)
        bls_run_fail(r, st, "%s: cannot write the PDF: %s", r->paths[OUT_PDF], why);
    else if (!r->opts->write_pdf)
        bls_run_fail(r, st, "%s: cannot write the charts: %s", r->opts->charts_dir, why);
    else
        bls_run_fail(r, st, "%s, %s: cannot write the PDF and charts: %s", r->paths[OUT_PDF],
                     r->opts->charts_dir, why);
}

static const char *output_kind(size_t i)
{
    if (i == OUT_XLSX)
        return "xlsx";
    if (i == OUT_PDF)
        return "pdf";
    if (i == OUT_JSON)
        return "json";
    if (i == OUT_SARIF)
        return "sarif";
    return (i - OUT_CHARTS) % BLS_CHART_FORMAT_COUNT == BLS_CHART_SVG ? "svg" : "png";
}

/* Start drawing the PDF and the chart files on the job's thread (if it has
 * one), while this one finishes the workbook; both only read @p report. */
static bls_status start_pdf(run *r, const bls_report *report)
{
    const bls_pipeline_options *o = r->opts;
    r->pdf_opts.paper = o->paper;
    r->pdf_opts.author = o->author;
    for (size_t c = 0; c < BLS_CHART_COUNT; c++)
        for (size_t f = 0; f < BLS_CHART_FORMAT_COUNT; f++)
            r->pdf_opts.chart_paths[c][f] = bls_run_staged(r, bls_run_chart_out(c, f));
    if (!o->write_pdf && !o->charts_dir)
        return BLS_OK;
    bls_status st =
        o->pdf_module ? bls_pdf_job_start(o->pdf_module, o->threads > 1, bls_run_staged(r, OUT_PDF),
                                          report, &r->pdf_opts, &r->pdf_job)
                      : BLS_ERR_INVALID_ARG;
    if (st != BLS_OK)
        bls_run_fail(r, st, "%s: cannot start the PDF: %s",
                     o->write_pdf ? r->paths[OUT_PDF] : o->charts_dir, bls_strerror(st));
    return st;
}

/* The JSON summary's text to its staged file, every write checked. */
static bls_status to_fd(void *ctx, const char *data, size_t len)
{
    const int *fd = ctx;
    return bls_write_all(*fd, data, len);
}

/* The JSON summary, streamed: to its staged file, to the caller's stdout
 * writer for "-", or into the result for "-" without one. */
static bls_status write_json(run *r, const bls_report *report)
{
    const bls_pipeline_options *o = r->opts;
    int exit_code = r->result->exit_code;
    bls_status st;
    if (strcmp(o->json_path, "-") != 0) {
        int fd = bls_outset_fd(r->outset, r->slot[OUT_JSON]);
        errno = 0;
        st = bls_summary_write(report, exit_code, to_fd, &fd);
        if (st == BLS_OK)
            st = to_fd(&fd, "\n", 1);
        if (st == BLS_ERR_WRITE)
            bls_run_fail(r, st, "%s: cannot write: %s", r->paths[OUT_JSON], strerror(errno));
    } else if (o->json_stdout) {
        errno = 0;
        st = bls_summary_write(report, exit_code, o->json_stdout, o->json_stdout_ctx);
        if (st == BLS_OK)
            st = o->json_stdout(o->json_stdout_ctx, "\n", 1);
        if (st == BLS_ERR_WRITE)
            bls_run_fail(r, st, "standard output: cannot write the JSON summary: %s",
                         errno ? strerror(errno) : "write error");
    } else {
        st = bls_summary_json(report, exit_code, &r->result->json);
    }
    if (st != BLS_OK)
        bls_run_fail(r, st, "JSON summary: %s", bls_strerror(st));
    return st;
}

/* The findings and verdicts as SARIF 2.1.0 (sarif.h), to its staged file. */
static bls_status write_sarif(run *r)
{
    char *text = NULL;
    bls_status st = bls_sarif_json(&r->result->ci, BLS_VERSION, r->opts->baseline != NULL, &text);
    int fd = bls_outset_fd(r->outset, r->slot[OUT_SARIF]);
    errno = 0;
    if (st == BLS_OK)
        st = bls_write_all(fd, text, strlen(text));
    if (st == BLS_OK)
        st = bls_write_all(fd, "\n", 1);
    bls_free(text);
    if (st != BLS_OK) /* a write error says why; anything else is its status */
        bls_run_fail(r, st, "%s: cannot write the SARIF file: %s", r->paths[OUT_SARIF],
                     st == BLS_ERR_WRITE && errno ? strerror(errno) : bls_strerror(st));
    return st;
}

/* Every output is complete: check the ends of the workbook and the PDF,
 * whatever their libraries said, then put the whole set in place (or,
 * should that fail, leave the earlier set as it was: outfile.c). */
static bls_status commit_outputs(run *r)
{
    if (r->staged[OUT_XLSX] &&
        !bls_fd_holds_whole_zip(bls_outset_fd(r->outset, r->slot[OUT_XLSX]))) {
        bls_run_fail(r, BLS_ERR_WRITE,
                     "%s: cannot write the workbook: the file is incomplete (disk "
                     "full or a file size limit?)",
                     r->paths[OUT_XLSX]);
        return BLS_ERR_WRITE;
    }
    if (r->staged[OUT_PDF] && !bls_fd_holds_whole_pdf(bls_outset_fd(r->outset, r->slot[OUT_PDF]))) {
        bls_run_fail(r, BLS_ERR_WRITE,
                     "%s: cannot write the PDF: the file is incomplete (disk full "
                     "or a file size limit?)",
                     r->paths[OUT_PDF]);
        return BLS_ERR_WRITE;
    }
    bls_status st = bls_outset_commit(r->outset);
    if (st != BLS_OK)
        outset_failed(r, st);
    return st;
}

void bls_run_render(run *r)
{
    const bls_pipeline_options *o = r->opts;
    bls_pipeline_result *res = r->result;
    bls_output_info outputs[OUT_COUNT];
    size_t n_out = 0;
    for (size_t i = 0; i < OUT_COUNT; i++)
        if (r->staged[i])
            outputs[n_out++] = (bls_output_info){r->paths[i], output_kind(i)};

    bls_report report = {
        .inputs = res->inputs,
        .input_count = res->input_count,
        .model = r->model,
        .findings = res->findings,
        .claims = &r->claims,
        .unattributed = &r->unattributed,
        .not_checked = &r->not_checked,
        .education = &r->education,
        .checks = &r->checks,
        .selected = r->selection.code_ptrs,
        .selected_count = r->selection.count,
        .charts = r->charts,
        .outputs = outputs,
        .output_count = n_out,
        .source_date_epoch = o->source_date_epoch,
        .version = o->version,
        .baseline_used = o->baseline != NULL,
        .baselined = res->baselined,
        .findings_listed = o->json_findings,
    };
    if (start_pdf(r, &report) != BLS_OK)
        return;
    if (r->xlsx) {
        bls_status st = bls_xlsx_finish(r->xlsx, &report);
        bls_xlsx_free(r->xlsx);
        r->xlsx = NULL;
        if (st != BLS_OK)
            bls_run_fail(r, st, "%s: cannot write the workbook: %s", r->paths[OUT_XLSX],
                         bls_strerror(st));
    }
    if (r->pdf_job) {
        /* Wait even after a failure above: the report lives on this stack. */
        bls_status st = bls_pdf_job_wait(r->pdf_job);
        if (st != BLS_OK)
            pdf_failed(r, st);
    }
    if (r->result->status != BLS_OK)
        return;
    if (bls_run_stop_requested(r)) {
        bls_run_fail(r, BLS_ERR_INTERRUPTED, "interrupted");
        return;
    }
    if (o->json_path && write_json(r, &report) != BLS_OK)
        return;
    if (r->staged[OUT_SARIF] && write_sarif(r) != BLS_OK)
        return;
    if (bls_run_stop_requested(r)) {
        bls_run_fail(r, BLS_ERR_INTERRUPTED, "interrupted");
        return;
    }
    if (commit_outputs(r) != BLS_OK)
        return;
    res->outputs = bls_calloc(n_out ? n_out : 1, sizeof *res->outputs);
    if (!res->outputs) {
        bls_run_fail(r, BLS_ERR_NOMEM, "out of memory");
        return;
    }
    for (size_t i = 0; i < n_out; i++) {
        res->outputs[i].kind = outputs[i].kind;
        res->outputs[i].path = outputs[i].path; /* owned by r->paths until cleanup */
    }
    res->output_count = n_out;
    if (o->per_document) { /* perdoc.h: one PDF and JSON per document, and an index */
        bls_perdoc_options popts = {.output_dir = o->output_dir,
                                    .pdf_module = o->write_pdf ? o->pdf_module : NULL,
                                    .paper = o->paper,
                                    .temp_hook = o->temp_hook,
                                    .temp_hook_ctx = o->temp_hook_ctx,
                                    .stop_flag = o->stop_flag,
                                    .fail_on = o->fail_on};
        bls_status st = bls_perdoc_write(&report, &popts, &res->per_document);
        if (st != BLS_OK)
            bls_run_fail(r, st, "%s",
                         res->per_document.message ? res->per_document.message : bls_strerror(st));
    }
}
