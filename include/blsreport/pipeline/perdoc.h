/*
 * perdoc.h - one PDF and one JSON summary per document (--per-document),
 * beside the combined workbook, with an index.
 *
 * Pipeline stage: render (the combined outputs) -> *perdoc*.
 *
 * Each document gets a report of its own, cut from the combined one: the
 * data inputs and only this document among the inputs, its claims and
 * verdicts, its unattributed figures, the findings about the data and about
 * this document (never another document's), and the occupations its claims
 * name for the charts (the combined selection when it names none). The PDF
 * is drawn by the same renderer (render_pdf.c through pdf_job.h), on the
 * calling thread, one document after another, so memory holds one
 * document's report at a time.
 *
 * A claims CSV names its document in "source" ("article.txt:17"); a claim
 * whose document is the base name of a document input belongs to that
 * input, so that a claims CSV and the article it describes are one document.
 *
 * Files, in the output directory: <stem>.pdf and <stem>.json per document
 * (stem: the document's file name without its extension; "-2", "-3" when
 * two documents share one, or one is "report", "summary" or "index"), and
 * index.json ("blsreport-index/1": each document with its files, its
 * verdict counts and its exit code). Each is written to a temporary file
 * and renamed into place when complete.
 */
#ifndef BLS_PERDOC_H
#define BLS_PERDOC_H

#include <stddef.h>

#include "blsreport/base/status.h"
#include "blsreport/check/crosscheck.h"
#include "blsreport/cli/exit_code.h"
#include "blsreport/render/render_pdf.h"
#include "blsreport/render/report.h"

typedef struct bls_perdoc_options {
    const char *output_dir;  /**< exists */
    const char *pdf_module;  /**< blsreport-pdf.so; NULL: JSON only */
    bls_paper paper;
    bls_fail_on fail_on; /**< which verdicts fail (--fail-on) */
    /** told about each temporary file (as bls_pipeline_options.temp_hook) */
    void (*temp_hook)(void *ctx, const char *temp_path, int registered);
    void *temp_hook_ctx;
    volatile const int *stop_flag; /**< stop between documents when set; may be NULL */
} bls_perdoc_options;

/** What was written: borrowed by the caller until bls_perdoc_result_cleanup(). */
typedef struct bls_perdoc_result {
    size_t documents;
    char **paths; /**< every file written, index.json last; owned */
    size_t path_count;
    char *message; /**< on failure: what and where; owned */
} bls_perdoc_result;

/**
 * @brief Write the per-document files for @p report (the combined report).
 * @return BLS_OK; BLS_ERR_WRITE, BLS_ERR_PDF, BLS_ERR_JSON, BLS_ERR_NOMEM,
 *         BLS_ERR_INTERRUPTED (result->message says which file). Files
 *         written before a failure stay (each is whole).
 */
bls_status bls_perdoc_write(const bls_report *report, const bls_perdoc_options *opts,
                            bls_perdoc_result *result) BLS_MUST_CHECK;

void bls_perdoc_result_cleanup(bls_perdoc_result *result);

#endif /* BLS_PERDOC_H */
