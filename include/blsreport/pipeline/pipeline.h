/*
 * pipeline.h - one run: read, classify, parse, validate, model, cross-check,
 * render. The CLI fills the options, calls bls_pipeline_run() and turns the
 * result into messages and an exit code; the pipeline itself never prints.
 */
#ifndef BLS_PIPELINE_H
#define BLS_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "blsreport/base/diag.h"
#include "blsreport/base/status.h"
#include "blsreport/cli/exit_code.h"
#include "blsreport/pipeline/perdoc.h"
#include "blsreport/render/ci.h"
#include "blsreport/render/render_pdf.h"
#include "blsreport/render/report.h"
#include "blsreport/render/summary.h"
#include "blsreport/render/xlsx_deflate.h"


/** The most outputs one run writes: the workbook, the PDF, the JSON summary,
 *  the SARIF log and each chart in each file format (--charts-dir). */
#define BLS_PIPELINE_OUTPUTS (4 + BLS_CHART_COUNT * BLS_CHART_FORMAT_COUNT)

/** The most temporary paths bls_pipeline_options.temp_hook holds at once:
 *  each output's staged file and at most one staging directory per output,
 *  plus one per-document file (written one at a time). A signal handler's
 *  table of this size never runs out. */
#define BLS_PIPELINE_MAX_TEMPS (2 * BLS_PIPELINE_OUTPUTS + 1)

/** Where a run is, for a progress line (bls_pipeline_options.progress). */
typedef struct bls_progress {
    const char *path;          /**< the input being read */
    size_t input_index;        /**< 0-based, in the order read */
    size_t input_count;
    uint64_t rows_read;        /**< CSV rows read so far, all inputs */
    uint64_t bytes_done;       /**< bytes of the inputs read so far */
    uint64_t bytes_total;      /**< bytes of all inputs (at the start) */
} bls_progress;

typedef struct bls_pipeline_options {
    const char *const *inputs; /**< files to read (a directory is an error) */
    size_t input_count;
    const char *output_dir; /**< created if missing */
    const char *json_path;  /**< NULL: none; "-": to json_stdout, else in result.json */
    /** --sarif: findings and verdicts as SARIF 2.1.0, written with the other
     *  outputs (staged, committed all or none); NULL: none */
    const char *sarif_path;
    /** With json_path "-": the summary is streamed through this before the
     *  outputs are committed, so that a standard output that cannot be
     *  written (closed, /dev/full, a pipe whose reader left) fails the run
     *  with nothing committed. NULL: returned in result.json instead. */
    bls_summary_write_fn json_stdout;
    void *json_stdout_ctx;
    int write_xlsx, write_pdf;
    bls_paper paper;
    const char *charts_dir;    /**< chart files (growth, pay, scatter .svg/.png) go here,
                                    created if missing, replaced like the other outputs;
                                    NULL: none. Needs pdf_module, also without write_pdf */
    const char *const *select; /**< --select items ("31-2021", "29-*"); may be NULL */
    size_t select_count;
    const char *wage_period; /**< override the OEWS period ("May 2014"); NULL: from file name */
    const char *author, *company;
    int64_t source_date_epoch; /**< -1: now */
    bls_fail_on fail_on;
    size_t max_findings_kept;      /**< 0: BLS_FINDINGS_DEFAULT_KEEP */
    volatile const int *stop_flag; /**< set by a signal handler to stop */
    /** Told about each staged output file when it is created (registered = 1),
     *  each staging directory (2), and each when it is gone (0), so that a
     *  signal handler can remove what is left: files first, then directories
     *  (see bls_outset_hook). May be NULL. */
    void (*temp_hook)(void *ctx, const char *temp_path, int registered);
    void *temp_hook_ctx;
    const char *version;
    /** --extract-claims: read the data (for occupation titles) and the
     *  documents, write no report, return the extracted claims as CSV in
     *  result.claims_csv. */
    int extract_only;
    /** 2 or more: draw the PDF on a second thread while the workbook is
     *  finished (the CLI's default); 0 or 1: one thread. The outputs are the
     *  same bytes either way. */
    int threads;
    /** blsreport-pdf.so to draw the PDF with (see render_pdf.h); needed when
     *  write_pdf is set. The CLI finds it next to the executable. */
    const char *pdf_module;
    /** --baseline: findings and verdicts it knows do not count toward the
     *  exit code (baseline.h); borrowed; NULL: none. */
    const struct bls_baseline *baseline;
    /** --per-document: also one PDF and one JSON per document in output_dir,
     *  with index.json (perdoc.h), after the combined outputs. */
    int per_document;
    /** --json-findings: which findings the JSON summary lists (counts are whole). */
    bls_findings_listed json_findings;
    /** Told where the run is: at each input and every few thousand rows
     *  (never from another thread). NULL: nothing. */
    void (*progress)(void *ctx, const bls_progress *where);
    void *progress_ctx;
    /** zip level of report.xlsx (xlsx_deflate.h); DEFAULT: libxlsxwriter's */
    bls_xlsx_compression xlsx_compression;
} bls_pipeline_options;

/** Why an input could not be used at all (exit 2 when nothing usable). */
typedef struct bls_input_error {
    const char *path; /**< borrowed from options */
    uint64_t line;    /**< 0 when none */
    bls_status status;
    char *message; /**< owned; NULL only when it could not be allocated */
} bls_input_error;

/** A workbook sheet that was not read as data, and why (not an error). */
typedef struct bls_unread_sheet {
    char *path;   /**< "book.xlsx:sheet" (owned) */
    char *reason; /**< owned */
} bls_unread_sheet;

typedef struct bls_pipeline_result {
    bls_status status;      /**< BLS_OK, or the error that stopped the run */
    char *message;          /**< for a failed run: what and where (path); owned;
                                 NULL when the run succeeded or out of memory */
    int exit_code;          /**< 0, 1, 2, 3, 130, 143 (see README) */
    bls_findings *findings; /**< owned by the result */
    bls_input_error *input_errors;
    size_t input_error_count;
    char *json;               /**< summary when json_path is "-" (owned) */
    char *claims_csv;         /**< extract_only: claims CSV text (owned) */
    char **claim_lines;       /**< one line per check: "doc:line: verdict: note" (owned) */
    int *claim_line_verdicts; /**< the verdict of each line */
    size_t claim_line_count;
    /* counts for the CLI's closing summary */
    size_t claims_total;
    size_t by_verdict[BLS_VERDICT_COUNT];
    size_t occupations;
    bls_input_info *inputs; /**< owned copies */
    size_t input_count;
    bls_output_info *outputs; /**< owned */
    size_t output_count;
    /** Workbook inputs: sheets that were not read (field descriptions, an
     *  index, a table without a known header), with the reason. Each sheet
     *  that was read is an entry of `inputs` named "book.xlsx:sheet". */
    bls_unread_sheet *unread;
    size_t unread_count;
    char **sheet_paths; /**< owned copies of the sheet paths inputs point at */
    size_t sheet_path_count;
    bls_ci_items ci;  /**< findings and verdicts with fingerprints (ci.h), owned */
    size_t baselined; /**< failing items the baseline knew */
    bls_perdoc_result per_document; /**< --per-document: the files written */
} bls_pipeline_result;

/**
 * @brief Run the whole job. Always fills @p result (release it with
 * bls_pipeline_result_cleanup()), whatever the status.
 */
bls_status bls_pipeline_run(const bls_pipeline_options *opts,
                            bls_pipeline_result *result) BLS_MUST_CHECK;

void bls_pipeline_result_cleanup(bls_pipeline_result *result);

/** @brief Record a workbook sheet that was not read (copies both strings).
 *  @return BLS_OK or BLS_ERR_NOMEM. */
bls_status bls_pipeline_note_unread(bls_pipeline_result *result, const char *path,
                                    const char *reason) BLS_MUST_CHECK;

#endif /* BLS_PIPELINE_H */
