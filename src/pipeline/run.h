/*
 * pipeline/run.h - one run's state, shared by the pipeline's three files
 * (internal; not installed):
 *
 *   pipeline.c  the run: stage after stage, the result for the CLI
 *   inputs.c    reading each input: classify, parse, validate, model
 *               (CSV and worksheet rows), extract (documents)
 *   outputs.c   the output set: name and stage every output, render,
 *               check, commit all or none
 */
#ifndef BLS_PIPELINE_RUN_H
#define BLS_PIPELINE_RUN_H

#include <stdint.h>

#include "blsreport/check/crosscheck.h"
#include "blsreport/check/education.h"
#include "blsreport/check/model.h"
#include "blsreport/check/unchecked.h"
#include "blsreport/pipeline/outfile.h"
#include "blsreport/pipeline/pdf_job.h"
#include "blsreport/pipeline/pipeline.h"
#include "blsreport/render/chart_view.h"
#include "blsreport/render/render_xlsx.h"

/* The outputs of a run, in the order they are listed (summary, "wrote"
 * lines): the workbook, the PDF, the chart files (--charts-dir), the JSON. */
enum {
    OUT_XLSX,
    OUT_PDF,
    OUT_CHARTS, /* the chart files from here: see bls_run_chart_out() */
    OUT_JSON = OUT_CHARTS + BLS_CHART_COUNT * BLS_CHART_FORMAT_COUNT,
    OUT_SARIF,
    OUT_COUNT
};
_Static_assert(OUT_COUNT == BLS_PIPELINE_OUTPUTS, "pipeline.h's BLS_PIPELINE_OUTPUTS counts them");

/* The slot of chart @p c's file in format @p f. */
static inline size_t bls_run_chart_out(size_t c, size_t f)
{
    return OUT_CHARTS + c * BLS_CHART_FORMAT_COUNT + f;
}

typedef struct run {
    const bls_pipeline_options *opts;
    bls_pipeline_result *result;
    bls_model *model;
    bls_claims claims;
    bls_claims unattributed;
    bls_unchecked_list not_checked; /* numbers of the documents that are not claims */
    bls_education_list education;   /* education requirements the documents state */
    bls_checks checks;
    bls_xlsx *xlsx;
    bls_pdf_job *pdf_job;          /* NULL: no PDF */
    bls_pdf_options pdf_opts;      /* borrowed by pdf_job until it is waited for */
    bls_outset *outset;            /* the staged output files, until committed */
    size_t slot[OUT_COUNT];        /* each output's index in outset */
    int staged[OUT_COUNT];         /* 1: this output is in outset */
    bls_chart_selection selection; /* the occupations the charts show */
    bls_chart_view *charts;        /* what each chart shows, for every output */
    char *paths[OUT_COUNT];        /* final output paths, owned; NULL: not written */
    uint64_t data_rows_read;       /* wages and projections rows, accepted or rejected */
    bls_progress progress;         /* for opts->progress */
    uint64_t bytes_before;         /* bytes of the inputs read before the current one */
} run;

/* The run's first failure, kept for the CLI (later ones are dropped). */
void bls_run_fail(run *r, bls_status status, const char *fmt, ...) BLS_PRINTF(3, 4);
/* An input that cannot be used: listed for the CLI, the run goes on. */
void bls_run_input_error(run *r, const char *path, uint64_t line, bls_status status,
                         const char *fmt, ...) BLS_PRINTF(5, 6);
/* SIGINT or SIGTERM arrived (opts->stop_flag). */
int bls_run_stop_requested(const run *r);

/* inputs.c: every input, CSVs and workbooks first, documents last. */
void bls_run_read_inputs(run *r);

/* outputs.c */
char *bls_run_join_path(const char *dir, const char *name);
/* The file a writer opens for output @p i; NULL when it is not written. */
const char *bls_run_staged(const run *r, size_t i);
/* Name and stage every output before any work. */
bls_status bls_run_begin_outputs(run *r);
/* Draw the workbook, PDF, charts and JSON, then commit them all. */
void bls_run_render(run *r);

#endif /* BLS_PIPELINE_RUN_H */
