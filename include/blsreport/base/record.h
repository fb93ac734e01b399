/*
 * record.h - a data row of a recognised layout as a typed record.
 *
 * Vocabulary floor: bls_record_parse() turns a row into a record whose
 * numeric cells are parsed (cells.h), with its SOC code, title and level.
 * The validator checks records, the model keeps their figures, the workbook
 * writes them; none of those stages owns the type. Parsing adds no findings
 * and never fails on bad data.
 */
#ifndef BLS_RECORD_H
#define BLS_RECORD_H

#include <stddef.h>

#include "blsreport/base/cells.h"
#include "blsreport/base/columns.h"
#include "blsreport/base/row.h"
#include "blsreport/base/soc.h"

typedef struct bls_record {
    const bls_layout *layout; /**< borrowed */
    const bls_row *row;       /**< borrowed; valid during the row callback */
    bls_number num[BLS_COL_COUNT]; /**< parsed numeric columns; EMPTY elsewhere */
    char soc_code[8];         /**< "NN-NNNN" as found, or "" when absent/bad */
    const char *title;        /**< occupation title, borrowed from the row ("" if none) */
    size_t title_len;
    bls_occ_group group;      /**< from OCC_GROUP/O_GROUP/EP type, or from the code */
} bls_record;

/** @brief Field @p index of @p row (borrowed), or "" when the row is short or index < 0. */
const char *bls_row_field(const bls_row *row, int index, size_t *len);

/**
 * @brief Text of a canonical column in a row ("" when the layout lacks it).
 * @param[out] len its length (may be NULL).
 */
const char *bls_record_text(const bls_record *rec, bls_column col, size_t *len);

/** @brief The field that holds the SOC code (the title's, for "Title (code)"). */
int bls_record_code_field(const bls_layout *layout);

/** @brief The SOC code as written (trimmed), from its column or the title. */
const char *bls_record_code_text(const bls_layout *layout, const bls_row *row, size_t *len);

/** @brief Fill @p out from a row of a recognised layout. */
void bls_record_parse(const bls_layout *layout, const bls_row *row, bls_record *out);

/**
 * @brief Is this record a national, cross-industry, all-ownership row?
 * (No AREA column, or AREA_TYPE 1 / AREA 99 / "U.S."; no NAICS column or an
 * all-industries code; no OWN_CODE column or 1235/123/... "all".)
 */
int bls_record_is_national_total(const bls_record *rec);

#endif /* BLS_RECORD_H */
