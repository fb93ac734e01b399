/*
 * pdf_job.h - load the PDF module and draw the PDF on a second thread while
 * the workbook is finished.
 *
 * Pipeline stage: ... -> crosscheck -> render (render_xlsx.c on the calling
 * thread, *pdf_job* -> render_pdf.c in blsreport-pdf.so on a worker thread).
 *
 * Once the report is complete, the workbook still has to write its fixed
 * sheets and compress everything, and the PDF has to load cairo and Pango,
 * start fontconfig and draw; the two need nothing from each other. A
 * threaded job starts a worker that loads the module (dlopen, see
 * render_pdf.h) and draws; the caller finishes the workbook meanwhile and
 * then waits. Not threaded, the PDF is drawn within bls_pdf_job_start(): the
 * same bytes either way, since it is drawn from the same const report by
 * the same code. The worker starts only then, not earlier: a process that
 * has ever had a second thread pays for locked malloc/free for the rest of
 * its life (glibc), and reading a large file is where blsreport allocates.
 *
 * The worker blocks every signal, so that SIGINT and SIGTERM reach the
 * caller's handler on the main thread. It reads the report and never writes
 * it: the caller must not change the report, the strings it points to, the
 * options or the output path until bls_pdf_job_wait() has returned.
 *
 * @code
 *   bls_pdf_job *job;
 *   if (bls_pdf_job_start(module, 1, tmp_path, &report, &opts, &job) != BLS_OK) ...
 *   ... bls_xlsx_finish(...) ...
 *   bls_status st = bls_pdf_job_wait(job);   // the drawing's status
 *   if (st != BLS_OK) ... bls_pdf_job_error(job) says why, if the module failed ...
 *   bls_pdf_job_free(job);
 * @endcode
 */
#ifndef BLS_PDF_JOB_H
#define BLS_PDF_JOB_H

#include "blsreport/base/status.h"
#include "blsreport/render/render_pdf.h"
#include "blsreport/render/report.h"

typedef struct bls_pdf_job bls_pdf_job;

/**
 * @brief Draw @p report into a PDF at @p path with the module at
 * @p module_path: on a worker thread started now (@p threaded non-zero), or
 * here and now (0). @p path may be NULL when @p opts names chart files:
 * then the job writes those only (see bls_pdf_write()).
 *
 * @p path, @p report and @p opts (may be NULL: defaults) are borrowed until
 * bls_pdf_job_wait() returns; @p module_path is copied.
 * @param[out] out the job; caller owns, free with bls_pdf_job_free().
 * @return BLS_OK if the job exists (its drawing's status comes from
 * bls_pdf_job_wait()); BLS_ERR_INVALID_ARG for a NULL argument;
 * BLS_ERR_NOMEM; BLS_ERR_PDF if the thread cannot be started.
 */
bls_status bls_pdf_job_start(const char *module_path, int threaded, const char *path,
                             const bls_report *report, const bls_pdf_options *opts,
                             bls_pdf_job **out) BLS_MUST_CHECK;

/**
 * @brief Wait until the PDF is drawn; return the drawing's status: BLS_OK,
 * BLS_ERR_NOMEM, BLS_ERR_WRITE, or BLS_ERR_PDF (the module could not be
 * loaded - see bls_pdf_job_error() - or cairo failed). May be called again:
 * it returns the same status. BLS_ERR_INVALID_ARG for NULL.
 */
bls_status bls_pdf_job_wait(bls_pdf_job *job) BLS_MUST_CHECK;

/**
 * @brief Why the module could not be loaded ("cannot load the PDF module:
 * ...", or a module of another build), once bls_pdf_job_wait() has returned
 * BLS_ERR_PDF; NULL if loading did not fail (or its text could not be
 * allocated) or the job is still running.
 * Borrowed: valid until bls_pdf_job_free().
 */
const char *bls_pdf_job_error(const bls_pdf_job *job);

/**
 * @brief The path of chart @p chart's file in format @p format in @p dir
 * ("DIR/growth.svg", "DIR/pay.png", ...: the stem is the chart's spec row,
 * chart_view.c), as --charts-dir writes it. Caller frees with bls_free();
 * NULL when out of memory or either is out of range.
 */
char *bls_pdf_chart_file_path(const char *dir, bls_chart chart, bls_chart_format format);

/**
 * @brief Free the job, waiting for its thread first if it still runs.
 * NULL is a no-op.
 */
void bls_pdf_job_free(bls_pdf_job *job);

#endif /* BLS_PDF_JOB_H */
