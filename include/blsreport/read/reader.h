/*
 * reader.h - streaming CSV reader on top of libcsv.
 *
 * Pipeline stage: *reader* -> layout -> cells -> validate -> model.
 *
 * The reader turns bytes into rows of fields, one row at a time, without
 * holding the file. It also normalises the bytes so that later stages only
 * ever see valid UTF-8 without control characters:
 *   - a UTF-8 byte-order mark is skipped; UTF-16 and UTF-32 (by their BOM,
 *     or UTF-16 by its NUL pattern) are transcoded to UTF-8 (textenc.h);
 *   - lines that are not valid UTF-8 are transcoded from Windows-1252 or
 *     Mac Roman, decided once per file from the bytes (Excel for Windows and
 *     Excel for Mac CSV exports), with ONE BLS_RULE_ENCODING_CP1252 or
 *     BLS_RULE_ENCODING_MACROMAN finding per file that gives the count of
 *     such lines and the first one;
 *   - the delimiter is sniffed: tab- and semicolon-separated files are read
 *     as such (see reader.c's sniff_delimiter());
 *   - NUL and other C0 control characters (except TAB) inside fields are
 *     replaced with U+FFFD, with a BLS_RULE_CONTROL_CHAR finding;
 *   - CR, LF and CRLF all end a line;
 *   - a field longer than the limit is cut at the limit, with a
 *     BLS_RULE_FIELD_TOO_LONG finding, and the row is flagged `too_long`.
 * Line numbers count physical lines from 1, so a quoted field spanning two
 * lines gives a row that starts on one line and ends on the next.
 */
#ifndef BLS_READER_H
#define BLS_READER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "blsreport/base/diag.h"
#include "blsreport/base/row.h"
#include "blsreport/base/status.h"
#include "blsreport/base/textenc.h"

/** Excel's limit for the text of one cell. */
#define BLS_FIELD_MAX 32767u
/** Default limit on fields per row. */
#define BLS_FIELDS_MAX 4096u


/**
 * Called once per row, blank lines included (count == 1, len == 0).
 * @return 0 to go on, non-zero to stop reading (bls_reader_* then returns
 *         BLS_ERR_INTERRUPTED).
 */
typedef int (*bls_row_fn)(void *ctx, const bls_row *row);

/** What the reader found the bytes to be (filled when the reading ends). */
typedef struct bls_reader_info {
    bls_text_encoding encoding; /**< UTF-8, UTF-16/32 (by BOM or NUL pattern), or the
                                     legacy encoding lines that were not UTF-8 were read in */
    char delimiter;             /**< ',', '\t' or ';' */
    uint64_t legacy_lines;      /**< lines read as Windows-1252 or Mac Roman */
    uint64_t rows;              /**< rows delivered, blank ones excluded */
    uint64_t rows_prose;        /**< of those, rows that read as a line of an article */
} bls_reader_info;

typedef struct bls_reader_options {
    size_t field_max;  /**< 0 = BLS_FIELD_MAX */
    size_t fields_max; /**< 0 = BLS_FIELDS_MAX */
    uint64_t bytes_max; /**< 0 = unlimited; more input gives BLS_ERR_LIMIT */
    /** Polled between rows; a non-zero value stops with BLS_ERR_INTERRUPTED. */
    volatile const int *stop_flag;
    char delimiter;        /**< 0 = sniffed from the first records (',', '\t' or ';') */
    bls_reader_info *info; /**< filled with what was detected; may be NULL */
} bls_reader_options;

/**
 * @brief Read CSV from a memory buffer.
 * @param path     name used in findings (not opened).
 * @param findings where encoding and structure findings go (may be NULL).
 * @param opts     limits; NULL for defaults.
 * @return BLS_OK; BLS_ERR_NOMEM; BLS_ERR_LIMIT; BLS_ERR_INTERRUPTED when the
 *         callback or the stop flag stopped it. An unterminated quote at the end
 *         is reported as a BLS_RULE_CSV_QUOTE finding and the partial row is
 *         still delivered (flagged too_long=0, and the finding lets the caller
 *         reject it).
 */
bls_status bls_reader_read_buffer(const char *data, size_t len, const char *path,
                                  const bls_reader_options *opts, bls_findings *findings,
                                  bls_row_fn on_row, void *ctx) BLS_MUST_CHECK;

/**
 * @brief Read CSV from an open stream (not closed), in chunks.
 * @return as bls_reader_read_buffer(), plus BLS_ERR_READ on an I/O error.
 */
bls_status bls_reader_read_stream(FILE *stream, const char *path,
                                  const bls_reader_options *opts, bls_findings *findings,
                                  bls_row_fn on_row, void *ctx) BLS_MUST_CHECK;

/**
 * @brief A few words for a "no header row found" message: what the file was
 * read as (" (read as UTF-16LE, tab-separated)"), or, when 4 rows in 5 read
 * as lines of an article (one field, or a few fields of words), that it is
 * prose - a document given where a table (data or claims CSV) was expected.
 * @return @p buf (always NUL-terminated; "" when @p info is NULL).
 */
const char *bls_reader_info_hint(const bls_reader_info *info, char *buf, size_t size);

#endif /* BLS_READER_H */
