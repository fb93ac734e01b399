/*
 * workbook_internal.h - what workbook.c, xlsx.c and xls.c share: the row
 * builder that turns cells into bls_rows, and the two format readers.
 * Not part of the public API (tests include it).
 */
#ifndef BLS_WORKBOOK_INTERNAL_H
#define BLS_WORKBOOK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <zip.h>

#include "blsreport/base/dynbuf.h"
#include "blsreport/read/workbook.h"

/* ---- row builder ---------------------------------------------------------
 * Cells arrive in row order (both formats store them so); a row is handed to
 * the callback when the next row starts or the sheet ends. Rows the sheet
 * leaves out are delivered blank. Buffers are reused from row to row. */
typedef struct wb_cell {
    uint32_t column; /* 0-based */
    size_t offset;   /* into text */
    size_t len;
} wb_cell;

typedef struct wb_rows {
    bls_row_fn on_row;
    void *ctx;
    volatile const int *stop_flag;
    size_t field_max, fields_max;
    uint64_t row;    /* 1-based row being built; 0 before the first */
    uint64_t last;   /* last row delivered */
    bls_dynbuf text; /* cell texts, each NUL-terminated */
    bls_dynbuf raw;  /* the row as CSV */
    wb_cell *cells;
    size_t cell_count, cell_cap;
    bls_field *fields;
    size_t field_cap;
    uint32_t width; /* columns of the sheet's used range (its dimension); 0 unknown */
    int too_long, too_wide;
    int stopped; /* the callback or the stop flag said stop */
} wb_rows;

void wb_rows_init(wb_rows *r, const bls_workbook_options *opts, bls_row_fn on_row, void *ctx);
void wb_rows_cleanup(wb_rows *r);
/* Add a cell (0-based row and column). A new row number delivers the rows
 * before it. */
bls_status wb_rows_cell(wb_rows *r, uint64_t row0, uint32_t col0, const char *text,
                        size_t len) BLS_MUST_CHECK;
/* The sheet's used range is `columns` wide: every row is padded to it with
 * empty fields, as Excel's own CSV export does. */
void wb_rows_set_width(wb_rows *r, uint32_t columns);
/* Deliver the row being built (end of sheet). */
bls_status wb_rows_finish(wb_rows *r) BLS_MUST_CHECK;

/* Numbers as text: see bls_workbook_format_number(). */
#define WB_NUMBER_MAX 32
/* A number's text from an .xlsx <v>: kept when it is already canonical
 * (plain decimal, <= 15 significant digits), else parsed and rewritten. */
size_t wb_number_text(const char *v, size_t len, char *buf, size_t size);

/* Decode OOXML's _xHHHH_ escapes in place; returns the new length. */
size_t wb_unescape_ooxml(char *s, size_t len);

/* Message helper: bls_asprintf into *message when message is not NULL. */
void wb_message(char **message, const char *fmt, ...) BLS_PRINTF(2, 3);

/* ---- xlsx (xlsx.c) ---------------------------------------------------- */
typedef struct wb_xlsx wb_xlsx;
typedef struct wb_sheet_list {
    char **names;      /* owned */
    char **targets;    /* xlsx: part name in the zip; owned. xls: NULL */
    uint32_t *offsets; /* xls: BOF offset in the Workbook stream */
    size_t count, cap;
} wb_sheet_list;

/* Takes the zip (closes it in wb_xlsx_free). `name` names the file in
 * messages. */
bls_status wb_xlsx_open(zip_t *zip, const char *name, const bls_workbook_options *opts,
                        wb_xlsx **out, char **message) BLS_MUST_CHECK;
const wb_sheet_list *wb_xlsx_sheets(const wb_xlsx *x);
bls_status wb_xlsx_read_sheet(wb_xlsx *x, size_t sheet, wb_rows *rows,
                              char **message) BLS_MUST_CHECK;
void wb_xlsx_free(wb_xlsx *x);

/* ---- xls (xls.c) ------------------------------------------------------ */
typedef struct wb_xls wb_xls;
/* Parses an OLE2 compound file held in memory (borrowed: must outlive the
 * handle). */
bls_status wb_xls_open(const unsigned char *data, size_t len, const char *name,
                       const bls_workbook_options *opts, wb_xls **out,
                       char **message) BLS_MUST_CHECK;
const wb_sheet_list *wb_xls_sheets(const wb_xls *x);
bls_status wb_xls_read_sheet(wb_xls *x, size_t sheet, wb_rows *rows, char **message) BLS_MUST_CHECK;
void wb_xls_free(wb_xls *x);
/* Does this compound file hold an EncryptedPackage (an encrypted .xlsx)? */
int wb_cfb_is_encrypted_package(const unsigned char *data, size_t len);

void wb_sheet_list_cleanup(wb_sheet_list *l);
bls_status wb_sheet_list_add(wb_sheet_list *l, const char *name, size_t name_len,
                             const char *target, uint32_t offset) BLS_MUST_CHECK;

#endif /* BLS_WORKBOOK_INTERNAL_H */
