/*
 * workbook.h - read BLS's own downloads: .xlsx, .xls (BIFF8) and the .zip
 * they come in, sheet by sheet, as the same rows the CSV reader gives.
 *
 * Pipeline stage: *reader* (beside reader.h) -> layout -> cells -> validate.
 *
 * A workbook is opened once and lists its worksheets; a zip that holds
 * workbooks (BLS's oesmYYnat.zip) lists the worksheets of every workbook in
 * it, in the zip's order. Each sheet is then read row by row through the
 * same bls_row_fn callback as a CSV:
 *   - row->line is the sheet's 1-based row number; rows the sheet leaves out
 *     are delivered as blank rows (one empty field), as a CSV export has them;
 *   - field N is column N (A = 1); empty cells are ""; every row has as many
 *     fields as the sheet's used range (its dimension) is wide, as in the CSV
 *     Excel exports (a row's trailing empty cells are fields too);
 *   - text comes from the shared strings (xlsx) or the SST (xls);
 *   - numbers are the stored double written with at most 15 significant
 *     digits (Excel's precision): a stored 40.95 is "40.95" whatever the
 *     display format, and 23.400000000000002 (binary noise of a sum) is
 *     "23.4"; integers have no decimal point ("54410");
 *   - booleans are TRUE / FALSE, error cells their text ("#N/A"), formulas
 *     their cached value;
 *   - row->raw is the row as one line of CSV (for the rejected-rows sheet).
 *
 * Memory stays flat: an .xlsx is read in place by libzip and its sheet XML
 * goes through expat in chunks, never whole; shared strings are held once.
 * A workbook inside a zip and an .xls are inflated into memory, each under
 * the `inflate_max` cap (a zip bomb stops at the cap with BLS_ERR_LIMIT).
 * DTDs and entity declarations are refused (billion laughs); an encrypted
 * workbook is BLS_ERR_ENCRYPTED; a damaged or truncated file, or a ".xlsx"
 * that is really CSV, is BLS_ERR_FORMAT. Every failure comes with a message
 * that names the file.
 *
 * Ownership: bls_workbook_open() gives a handle the caller frees with
 * bls_workbook_free(); strings it returns are borrowed from it. Messages
 * returned through `char **message` are the caller's (free with bls_free()).
 *
 * @code
 *   bls_workbook *wb = NULL;
 *   char *why = NULL;
 *   if (bls_workbook_open("oesm14nat.zip", NULL, &wb, &why) != BLS_OK) { ...; bls_free(why); }
 *   for (size_t i = 0; i < bls_workbook_sheet_count(wb); i++)
 *       st = bls_workbook_read_sheet(wb, i, on_row, ctx, &why);
 *   bls_workbook_free(wb);
 * @endcode
 */
#ifndef BLS_WORKBOOK_H
#define BLS_WORKBOOK_H

#include <stddef.h>
#include <stdint.h>

#include "blsreport/base/period.h"
#include "blsreport/base/status.h"
#include "blsreport/read/reader.h"

/** Default cap on the bytes inflated from one zip member or one .xls. */
#define BLS_WORKBOOK_INFLATE_MAX ((uint64_t)512 * 1024 * 1024)

typedef struct bls_workbook_options {
    uint64_t inflate_max; /**< 0 = BLS_WORKBOOK_INFLATE_MAX */
    size_t field_max;     /**< characters kept per cell; 0 = BLS_FIELD_MAX */
    size_t fields_max;    /**< columns kept per row; 0 = BLS_FIELDS_MAX */
    /** Polled between rows; a non-zero value stops with BLS_ERR_INTERRUPTED. */
    volatile const int *stop_flag;
} bls_workbook_options;

/** An open workbook (or a zip of workbooks); opaque. */
typedef struct bls_workbook bls_workbook;

/**
 * @brief Does @p path look like a workbook or zip? By its name (.xlsx, .xlsm,
 * .xls, .zip, any case) or, when the file can be read, by its first bytes
 * (zip "PK\3\4" or OLE2 D0 CF 11 E0).
 * @return 1 or 0.
 */
int bls_workbook_is_workbook_path(const char *path);

/**
 * @brief Open a workbook or a zip of workbooks and list its worksheets.
 * @param path    the file (read in place; not modified).
 * @param opts    limits; NULL for defaults.
 * @param out     the handle on success (caller owns; bls_workbook_free()).
 * @param message on failure, what went wrong, naming the file (caller owns;
 *                NULL when out of memory). May be NULL.
 * @return BLS_OK; BLS_ERR_OPEN; BLS_ERR_READ; BLS_ERR_FORMAT (not a workbook,
 *         damaged, truncated, BIFF5 or older); BLS_ERR_ENCRYPTED; BLS_ERR_LIMIT
 *         (inflates past the cap); BLS_ERR_EMPTY (a zip with no workbook);
 *         BLS_ERR_NOMEM; BLS_ERR_INVALID_ARG.
 */
bls_status bls_workbook_open(const char *path, const bls_workbook_options *opts, bls_workbook **out,
                             char **message) BLS_MUST_CHECK;

/**
 * @brief As bls_workbook_open(), from bytes in memory. A zip (.xlsx or a zip
 * of workbooks) is read from @p data in place: it must stay valid until
 * bls_workbook_free(); an .xls is copied. @p name names it in sheet paths
 * and messages.
 */
bls_status bls_workbook_open_buffer(const void *data, size_t len, const char *name,
                                    const bls_workbook_options *opts, bls_workbook **out,
                                    char **message) BLS_MUST_CHECK;

/** @brief Free the handle and all it owns; NULL is a no-op. */
void bls_workbook_free(bls_workbook *wb);

/** @brief Number of worksheets (chart sheets and macro sheets are not listed). */
size_t bls_workbook_sheet_count(const bls_workbook *wb);

/** @brief The sheet's name as the workbook gives it ("national_dl"); borrowed. */
const char *bls_workbook_sheet_name(const bls_workbook *wb, size_t sheet);

/**
 * @brief The path that names the sheet in findings and outputs:
 * "national_M2014_dl.xlsx:national_dl", or for a workbook inside a zip
 * "oesm14nat.zip:oesm14nat/national_M2014_dl.xlsx:national_dl". Print a cell
 * on it as path!P599 (bls_location_format() does). Borrowed.
 */
const char *bls_workbook_sheet_path(const bls_workbook *wb, size_t sheet);

/** @brief The workbook file the sheet is in: the path itself, or the zip
 * member's name ("oesm14nat/national_M2014_dl.xlsx"); borrowed. */
const char *bls_workbook_sheet_file(const bls_workbook *wb, size_t sheet);

/**
 * @brief Read one worksheet row by row (see the top of this file).
 * @param message on failure, what went wrong (caller owns); may be NULL.
 * @return BLS_OK; BLS_ERR_INTERRUPTED when the callback or the stop flag
 *         stopped it; BLS_ERR_FORMAT; BLS_ERR_LIMIT; BLS_ERR_NOMEM;
 *         BLS_ERR_INVALID_ARG for a sheet index out of range.
 */
bls_status bls_workbook_read_sheet(bls_workbook *wb, size_t sheet, bls_row_fn on_row, void *ctx,
                                   char **message) BLS_MUST_CHECK;


/**
 * @brief Write a number as the workbook reader does: at most 15 significant
 * digits, no exponent for 1e-5 <= |v| < 1e15, integers without ".0".
 * @param buf at least 32 bytes.
 * @return the length written.
 */
size_t bls_workbook_format_number(double value, char *buf, size_t size);

/**
 * @brief An A1 cell name: row 599, column 16 -> "P599". Column 0 gives the
 * row alone ("599").
 * @return the length written (cut to fit @p size, which should be >= 24).
 */
size_t bls_workbook_cell_name(uint64_t row, uint32_t column, char *buf, size_t size);

#endif /* BLS_WORKBOOK_H */
