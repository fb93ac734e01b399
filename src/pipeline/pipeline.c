/*
 * pipeline/pipeline.c - one run of blsreport, stage by stage:
 *
 *   read, classify, parse, validate, model (inputs.c)
 *   -> claims merged (claim_merge.c) -> cross-check (crosscheck.c,
 *   education.c) -> charts chosen (chart_view.c) -> CI items (ci.c,
 *   baseline.c) -> exit code (exit_code.c)
 *   -> render and commit every output (outputs.c)
 *
 * Orchestration only: each decision is its owner's, here it is called in
 * order. Nothing here prints: messages go into the result for the CLI.
 */
#define _POSIX_C_SOURCE 200809L
#include "pipeline/run.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "blsreport/base/alloc.h"
#include "blsreport/check/claim_merge.h"
#include "blsreport/cli/exit_code.h"
#include "blsreport/pipeline/perdoc.h"
#include "blsreport/render/baseline.h"
#include "blsreport/render/ci.h"
#include "blsreport/render/claims_export.h"

void bls_run_input_error(run *r, const char *path, uint64_t line, bls_status status,
                         const char *fmt, ...)
{
    bls_pipeline_result *res = r->result;
    bls_input_error *grown =
        bls_realloc(res->input_errors, (res->input_error_count + 1) * sizeof *grown);
    if (!grown) {
        /* the input is unusable and nothing may say so: the run must not go
         * on as if it had not been given */
        bls_run_fail(r, BLS_ERR_NOMEM, "%s: out of memory", path);
        return;
    }
    res->input_errors = grown;
    bls_input_error *e = &grown[res->input_error_count++];
    e->path = path;
    e->line = line;
    e->status = status;
    va_list ap;
    va_start(ap, fmt);
    e->message = bls_vasprintf(fmt, ap); /* whole: it names a path */
    va_end(ap);
}

bls_status bls_pipeline_note_unread(bls_pipeline_result *res, const char *path, const char *reason)
{
    bls_unread_sheet *grown = bls_realloc(res->unread, (res->unread_count + 1) * sizeof *grown);
    if (!grown)
        return BLS_ERR_NOMEM;
    res->unread = grown;
    char *p = bls_strdup(path), *why = bls_strdup(reason);
    if (!p || !why) {
        bls_free(p);
        bls_free(why);
        return BLS_ERR_NOMEM;
    }
    grown[res->unread_count++] = (bls_unread_sheet){p, why};
    return BLS_OK;
}

void bls_run_fail(run *r, bls_status status, const char *fmt, ...)
{
    if (r->result->status != BLS_OK)
        return; /* keep the first failure */
    r->result->status = status;
    va_list ap;
    va_start(ap, fmt);
    r->result->message = bls_vasprintf(fmt, ap); /* whole: it names a path */
    va_end(ap);
}

int bls_run_stop_requested(const run *r)
{
    return r->opts->stop_flag && *r->opts->stop_flag;
}

/* ---- results for the CLI ------------------------------------------------- */

static bls_status make_claim_lines(run *r)
{
    bls_pipeline_result *res = r->result;
    size_t n = r->checks.count;
    res->claim_lines = bls_calloc(n ? n : 1, sizeof *res->claim_lines);
    res->claim_line_verdicts = bls_calloc(n ? n : 1, sizeof *res->claim_line_verdicts);
    if (!res->claim_lines || !res->claim_line_verdicts)
        return BLS_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const bls_check *k = &r->checks.items[i];
        res->claim_lines[i] = bls_asprintf(
            "%s:%llu: %s: %s %s \"%s\": %s", k->claim->document, (unsigned long long)k->claim->line,
            bls_verdict_name(k->verdict), bls_metric_name(k->claim->metric), k->claim->occupation,
            k->claim->claimed_text, k->note);
        if (!res->claim_lines[i])
            return BLS_ERR_NOMEM;
        res->claim_line_verdicts[i] = (int)k->verdict;
        res->claim_line_count = i + 1;
    }
    return BLS_OK;
}

/* The findings and verdicts as CI items (ci.h), for annotations, SARIF
 * and the baseline: which verdicts fail is --fail-on's decision. */
static bls_status make_ci_items(run *r)
{
    int fails[BLS_VERDICT_COUNT];
    bls_fail_on_verdicts(r->opts->fail_on, fails);
    char cwd[4096];
    bls_status st = bls_ci_items_build(r->result->findings, &r->checks, fails,
                                       getcwd(cwd, sizeof cwd) ? cwd : NULL, &r->result->ci);
    if (st == BLS_OK && r->opts->baseline) {
        bls_baseline_apply(r->opts->baseline, &r->result->ci);
        r->result->baselined = bls_ci_items_baselined(&r->result->ci);
    }
    return st;
}

static int compute_exit_code(const run *r)
{
    bls_run_outcome outcome = {
        .fail_on = r->opts->fail_on,
        .error_findings = bls_findings_total(r->result->findings, BLS_SEV_ERROR),
        .by_verdict = r->checks.by_verdict,
        .baseline_used = r->opts->baseline != NULL,
        .failing_not_in_baseline = bls_ci_items_failing(&r->result->ci),
    };
    return bls_exit_for_findings(&outcome);
}

static void run_cleanup(run *r)
{
    bls_pdf_job_free(r->pdf_job); /* joins its thread: before the outputs go */
    r->pdf_job = NULL;
    if (r->xlsx) {
        bls_xlsx_free(r->xlsx);
        r->xlsx = NULL;
    }
    bls_outset_free(r->outset); /* discards what was not committed */
    r->outset = NULL;
    bls_checks_cleanup(&r->checks);
    bls_claims_cleanup(&r->claims);
    bls_claims_cleanup(&r->unattributed);
    bls_unchecked_cleanup(&r->not_checked);
    bls_education_cleanup(&r->education);
    bls_model_free(r->model);
    bls_chart_view_free(r->charts);
    bls_chart_selection_cleanup(&r->selection);
}

bls_status bls_pipeline_run(const bls_pipeline_options *opts, bls_pipeline_result *result)
{
    if (!result)
        return BLS_ERR_INVALID_ARG;
    memset(result, 0, sizeof *result);
    if (!opts || !opts->input_count) {
        result->status = BLS_ERR_INVALID_ARG;
        result->message = bls_strdup("no input files");
        result->exit_code = BLS_EXIT_USAGE;
        return result->status;
    }
    run r;
    memset(&r, 0, sizeof r);
    r.opts = opts;
    r.result = result;
    bls_claims_init(&r.claims);
    bls_claims_init(&r.unattributed);
    bls_unchecked_init(&r.not_checked);
    bls_education_init(&r.education);
    result->findings = bls_findings_new(opts->max_findings_kept);
    result->inputs = bls_calloc(opts->input_count, sizeof *result->inputs);
    result->input_count = opts->input_count;
    r.model = bls_model_new();
    const char *out_dir = opts->output_dir ? opts->output_dir : "output";
    r.paths[OUT_XLSX] = bls_run_join_path(out_dir, "report.xlsx");
    r.paths[OUT_PDF] = bls_run_join_path(out_dir, "report.pdf");
    r.paths[OUT_JSON] = opts->json_path ? bls_strdup(opts->json_path) : NULL;
    r.paths[OUT_SARIF] = opts->sarif_path ? bls_strdup(opts->sarif_path) : NULL;
    if (!result->findings || !result->inputs || !r.model || !r.paths[OUT_XLSX] ||
        !r.paths[OUT_PDF] || (opts->json_path && !r.paths[OUT_JSON]) ||
        (opts->sarif_path && !r.paths[OUT_SARIF])) {
        bls_run_fail(&r, BLS_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < opts->input_count; i++)
        result->inputs[i].path = opts->inputs[i];

    if (!opts->extract_only && bls_run_begin_outputs(&r) != BLS_OK)
        goto done;
    if (opts->write_xlsx && !opts->extract_only) {
        bls_xlsx_options xopts = {.author = opts->author,
                                  .company = opts->company,
                                  .source_date_epoch = opts->source_date_epoch,
                                  .tmpdir = out_dir,
                                  .input_count = opts->input_count,
                                  .compression = opts->xlsx_compression};
        bls_status st = bls_xlsx_open(bls_run_staged(&r, OUT_XLSX), &xopts, &r.xlsx);
        if (st != BLS_OK) {
            bls_run_fail(&r, st, "%s: cannot start the workbook: %s", r.paths[OUT_XLSX],
                         bls_strerror(st));
            goto done;
        }
    }
    bls_run_read_inputs(&r);
    if (result->status != BLS_OK || result->input_error_count)
        goto done;
    if (r.data_rows_read == 0 && r.claims.count == 0 && !opts->extract_only) {
        bls_run_fail(&r, BLS_ERR_EMPTY, "no data rows or claims in the inputs");
        goto done;
    }
    if (opts->extract_only) {
        bls_status st = bls_claims_export_csv(&r.claims, &r.unattributed, &result->claims_csv);
        if (st != BLS_OK)
            bls_run_fail(&r, st, "the extracted claims: %s", bls_strerror(st));
        goto done;
    }
    bls_claims_locate_documents(&r.claims);
    bls_claims_locate_documents(&r.unattributed);
    (void)bls_claims_drop_duplicates(&r.claims);
    bls_status st = bls_crosscheck(r.model, &r.claims, result->findings, &r.checks);
    if (st == BLS_OK) {
        bls_education_check(r.model, &r.checks, &r.education);
        st = bls_chart_select(r.model, opts->select, opts->select_count, &r.checks, &r.selection);
    }
    if (st == BLS_OK && opts->select_count && r.selection.count == 0) {
        bls_run_fail(&r, BLS_ERR_INVALID_ARG, "--select matches no occupation in the data");
        goto done;
    }
    if (st == BLS_OK)
        st = bls_chart_view_build(r.model, r.selection.code_ptrs, r.selection.count, &r.charts);
    if (st == BLS_OK)
        st = make_claim_lines(&r);
    if (st == BLS_OK)
        st = make_ci_items(&r);
    if (st != BLS_OK) {
        bls_run_fail(&r, st, "%s", bls_strerror(st));
        goto done;
    }
    result->claims_total = r.checks.count;
    memcpy(result->by_verdict, r.checks.by_verdict, sizeof result->by_verdict);
    result->occupations = bls_model_count(r.model);
    result->exit_code = compute_exit_code(&r); /* the summary carries it */
    bls_run_render(&r);

done:
    if (result->status == BLS_OK && result->input_error_count) {
        result->status = result->input_errors[0].status;
        bls_free(result->message);
        result->message = bls_strdup("input errors");
    }
    if (result->status != BLS_OK)
        result->exit_code = bls_exit_for_status(result->status);
    /* Output paths stay valid for the CLI's summary: hand them over. */
    if (result->status == BLS_OK) {
        for (size_t i = 0; i < result->output_count; i++)
            for (size_t k = 0; k < OUT_COUNT; k++)
                if (result->outputs[i].path == r.paths[k])
                    r.paths[k] = NULL;
    } else {
        bls_free(result->outputs);
        result->outputs = NULL;
        result->output_count = 0;
    }
    for (size_t k = 0; k < OUT_COUNT; k++)
        bls_free(r.paths[k]);
    run_cleanup(&r);
    return result->status;
}

void bls_pipeline_result_cleanup(bls_pipeline_result *result)
{
    if (!result)
        return;
    bls_findings_free(result->findings);
    for (size_t i = 0; i < result->input_error_count; i++)
        bls_free(result->input_errors[i].message);
    bls_free(result->input_errors);
    for (size_t i = 0; i < result->unread_count; i++) {
        bls_free(result->unread[i].path);
        bls_free(result->unread[i].reason);
    }
    bls_free(result->unread);
    for (size_t i = 0; i < result->sheet_path_count; i++)
        bls_free(result->sheet_paths[i]);
    bls_free(result->sheet_paths);
    bls_free(result->message);
    bls_free(result->json);
    bls_free(result->claims_csv);
    for (size_t i = 0; i < result->claim_line_count; i++)
        bls_free(result->claim_lines[i]);
    bls_free(result->claim_lines);
    bls_free(result->claim_line_verdicts);
    bls_ci_items_cleanup(&result->ci);
    bls_perdoc_result_cleanup(&result->per_document);
    bls_free(result->inputs);
    for (size_t i = 0; i < result->output_count; i++)
        bls_free((char *)result->outputs[i].path);
    bls_free(result->outputs);
    memset(result, 0, sizeof *result);
}
