/*
 * render_xlsx.h - the analyst workbook (libxlsxwriter).
 *
 * Pipeline stage: ... -> crosscheck -> *render_xlsx*.
 *
 * The workbook is opened before the data are read so that every data row can
 * stream into it (constant_memory mode keeps memory flat), then finished with
 * the report once everything is known. Sheets, in order: Summary,
 * Occupations, Cross-check, Findings, Rejected rows, Wage data, Projection
 * data, Charts (a data sheet past Excel's 1,048,576 rows continues on
 * "Wage data (2)", ...). Input text is always written as a string, never as a
 * formula. This module is the only one that includes xlsxwriter.h.
 */
#ifndef BLS_RENDER_XLSX_H
#define BLS_RENDER_XLSX_H

#include <stdint.h>

#include "blsreport/base/status.h"
#include "blsreport/check/validate.h"
#include "blsreport/render/report.h"
#include "blsreport/render/xlsx_deflate.h"

typedef struct bls_xlsx bls_xlsx;

typedef struct bls_xlsx_options {
    const char *author;        /**< document property; NULL = "blsreport" */
    const char *company;       /**< document property; NULL = none */
    int64_t source_date_epoch; /**< -1 = now; else the `created` date */
    const char *tmpdir;        /**< libxlsxwriter's temporary files; NULL = system default */
    /** Input files of the run. With more than one, every data row starts
     * with an "Input #" column naming its file (the Summary maps numbers to
     * paths); with 0 or 1 there is nothing to tell apart and the column is
     * left out (on a 400,000-row sheet it was 2% of the run). */
    size_t input_count;
    /** zlib level of the zip entries (xlsx_deflate.h). FAST needs
     *  bls_xlsx_deflate_available(); if it did not take effect,
     *  bls_xlsx_finish() returns BLS_ERR_XLSX. DEFAULT: libxlsxwriter's own. */
    bls_xlsx_compression compression;
} bls_xlsx_options;

/**
 * @brief Start a workbook at @p path (the caller passes a temporary path and
 * renames it when the run succeeds).
 * @param[out] out the writer (caller owns; bls_xlsx_free()).
 * @return BLS_OK, BLS_ERR_NOMEM, BLS_ERR_XLSX.
 */
bls_status bls_xlsx_open(const char *path, const bls_xlsx_options *opts, bls_xlsx **out)
    BLS_MUST_CHECK;

/**
 * @brief Stream one accepted wages or projections row into its data sheet:
 * every canonical column of the kind, numbers as numbers, markers as their
 * marker text, after the row's line (and input number: see input_count).
 */
bls_status bls_xlsx_add_data_row(bls_xlsx *x, const char *path, const bls_record *rec)
    BLS_MUST_CHECK;

/** @brief Stream one rejected row: file, line, reasons, original text. */
bls_status bls_xlsx_add_rejected(bls_xlsx *x, const char *path, uint64_t line,
                                 const char *reason, const char *raw, size_t raw_len)
    BLS_MUST_CHECK;

/**
 * @brief Write the summary, occupations, cross-check, findings and charts,
 * and close the file.
 * @return BLS_OK, BLS_ERR_NOMEM, BLS_ERR_XLSX, BLS_ERR_WRITE.
 */
bls_status bls_xlsx_finish(bls_xlsx *x, const bls_report *report) BLS_MUST_CHECK;

/** @brief Free the writer; closes (and so writes) an unfinished file. NULL ok. */
void bls_xlsx_free(bls_xlsx *x);

#endif /* BLS_RENDER_XLSX_H */
