/*
 * row.h - one row of a table as the readers hand it on: its fields, its
 * physical lines and its text as read.
 *
 * Vocabulary floor: the CSV reader (read/reader.c) and the workbook reader
 * (read/workbook.c) make rows; the layout detector, the record parse, the
 * claims parse and the rules read them.
 */
#ifndef BLS_ROW_H
#define BLS_ROW_H

#include <stddef.h>
#include <stdint.h>

typedef struct bls_field {
    const char *data; /**< NUL-terminated UTF-8; borrowed until the callback returns */
    size_t len;
    int quoted; /**< the field was quoted in the file */
} bls_field;

typedef struct bls_row {
    const bls_field *fields;
    size_t count;      /**< number of fields */
    uint64_t line;     /**< physical line the row starts on */
    uint64_t line_end; /**< physical line the row ends on */
    const char *raw;   /**< the row's text as read (UTF-8, no final line end) */
    size_t raw_len;
    int too_long; /**< a field was cut at the limit */
    int too_wide; /**< more fields than the limit; extra fields dropped */
} bls_row;

/** @brief True when every field of @p row is empty or white space. */
int bls_row_is_blank(const bls_row *row);

#endif /* BLS_ROW_H */
