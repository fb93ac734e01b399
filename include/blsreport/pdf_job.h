/*
 * pdf_job.h - load the PDF module and draw the PDF on a second thread while
 * the workbook is written.
 *
 * Pipeline stage: ... -> crosscheck -> render (render_xlsx.c on the calling
 * thread, *pdf_job* -> render_pdf.c in blsreport-pdf.so on a worker thread).
 *
 * A small run spends most of its time loading cairo and Pango, starting
 * fontconfig and compressing the workbook; the two sides need nothing from
 * each other. A job started with threads on begins a worker at once, which
 * loads the module (dlopen, see render_pdf.h), warms up the fonts while the
 * caller reads the data, then waits for the report, draws it and ends. With
 * threads off, submit loads the module and draws the PDF on the calling
 * thread: the same bytes either way, since the PDF is drawn from the same
 * const report by the same code.
 *
 * The worker blocks every signal, so that SIGINT and SIGTERM reach the
 * caller's handler on the main thread. It reads the report and never writes
 * it: the caller must not change the report, the strings it points to or
 * the output path between bls_pdf_job_submit() and bls_pdf_job_wait().
 *
 * @code
 *   bls_pdf_job *job;
 *   if (bls_pdf_job_new("/usr/lib/blsreport/blsreport-pdf.so", 1, &job) != BLS_OK) ...
 *   ... read, validate, cross-check: fonts load meanwhile ...
 *   if (bls_pdf_job_submit(job, tmp_path, &report, &opts) != BLS_OK) ...
 *   ... bls_xlsx_finish(...) ...
 *   bls_status st = bls_pdf_job_wait(job);   // the drawing's status
 *   bls_pdf_job_free(job);
 * @endcode
 */
#ifndef BLS_PDF_JOB_H
#define BLS_PDF_JOB_H

#include "blsreport/render_pdf.h"
#include "blsreport/report.h"
#include "blsreport/status.h"

typedef struct bls_pdf_job bls_pdf_job;

/**
 * @brief Start a job. With @p threaded non-zero, a worker thread starts now,
 * loads the module at @p module_path and the fonts; with 0, nothing runs
 * until submit.
 * @param module_path blsreport-pdf.so of this build (copied).
 * @param[out] out the job; caller owns, free with bls_pdf_job_free().
 * @return BLS_OK, BLS_ERR_NOMEM, or BLS_ERR_PDF if the thread cannot start.
 * A module that cannot be loaded is reported by bls_pdf_job_wait() (or by
 * submit, not threaded), with bls_pdf_job_error() saying why.
 */
bls_status bls_pdf_job_new(const char *module_path, int threaded, bls_pdf_job **out)
    BLS_MUST_CHECK;

/**
 * @brief Hand the report to the job: the worker starts drawing into @p path
 * (threaded), or the PDF is drawn now (not threaded). At most once per job.
 *
 * @p path, @p report and @p opts are borrowed until bls_pdf_job_wait()
 * returns (or bls_pdf_job_free(), which waits).
 * @return BLS_OK if the drawing was handed over (threaded) or done (not
 * threaded); BLS_ERR_INVALID_ARG on a second submit or a NULL argument;
 * otherwise bls_pdf_write()'s error when drawn on this thread.
 */
bls_status bls_pdf_job_submit(bls_pdf_job *job, const char *path, const bls_report *report,
                              const bls_pdf_options *opts) BLS_MUST_CHECK;

/**
 * @brief Wait until the PDF is drawn; return bls_pdf_write()'s status
 * (BLS_OK, BLS_ERR_NOMEM, BLS_ERR_PDF, BLS_ERR_WRITE). Returns
 * BLS_ERR_INVALID_ARG if nothing was submitted. May be called again: it
 * returns the same status.
 */
bls_status bls_pdf_job_wait(bls_pdf_job *job) BLS_MUST_CHECK;

/**
 * @brief Why the module could not be loaded ("cannot load the PDF module:
 * ...", or a module of another build), once bls_pdf_job_wait() or submit
 * (not threaded) has returned BLS_ERR_PDF; NULL if loading did not fail.
 * Borrowed: valid until bls_pdf_job_free().
 */
const char *bls_pdf_job_error(const bls_pdf_job *job);

/**
 * @brief Free the job: a worker that got no report is told to end, and the
 * thread is joined (after at most the warm-up). NULL is a no-op.
 */
void bls_pdf_job_free(bls_pdf_job *job);

#endif /* BLS_PDF_JOB_H */
