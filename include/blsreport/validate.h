/*
 * validate.h - typed records and the validation rules applied to them.
 *
 * Pipeline stage: reader -> layout -> cells -> *validate* -> model.
 *
 * bls_record_parse() turns a CSV row of a known layout into a record whose
 * numeric cells are parsed (cells.h). A validator then checks each record
 * against the rules in diag.h, adds findings, and says whether the row is
 * accepted or rejected. A row is rejected only when it cannot be used at all
 * (no valid SOC code, wrong width, a cut field, a duplicate key); every other
 * finding leaves the row accepted. Rules are a table in validate.c.
 *
 * Memory stays flat whatever the file size: duplicate keys are tracked per
 * block of rows sharing area + industry + ownership (BLS files are sorted
 * that way), plus a small set of block keys.
 */
#ifndef BLS_VALIDATE_H
#define BLS_VALIDATE_H

#include <stddef.h>

#include "blsreport/cells.h"
#include "blsreport/diag.h"
#include "blsreport/layout.h"
#include "blsreport/period.h"
#include "blsreport/status.h"
#include "blsreport/survey.h" /* bls_top_code_annual(), formerly declared here */

/** SOC occupation groups (OCC_GROUP / O_GROUP, or EP "Occupation type"). */
typedef enum bls_occ_group {
    BLS_GROUP_UNKNOWN = 0,
    BLS_GROUP_TOTAL,
    BLS_GROUP_MAJOR,
    BLS_GROUP_MINOR,
    BLS_GROUP_BROAD,
    BLS_GROUP_DETAILED,
} bls_occ_group;

/** @brief "total", "major", "minor", "broad", "detailed" or "". */
const char *bls_occ_group_name(bls_occ_group group);

typedef struct bls_record {
    const bls_layout *layout; /**< borrowed */
    const bls_row *row;       /**< borrowed; valid during the row callback */
    bls_number num[BLS_COL_COUNT]; /**< parsed numeric columns; EMPTY elsewhere */
    char soc_code[8];         /**< "NN-NNNN" as found, or "" when absent/bad */
    const char *title;        /**< occupation title, borrowed from the row ("" if none) */
    size_t title_len;
    bls_occ_group group;      /**< from OCC_GROUP/O_GROUP/EP type, or from the code */
} bls_record;

/**
 * @brief Text of a canonical column in a row ("" when the layout lacks it).
 * @param[out] len its length (may be NULL).
 */
const char *bls_record_text(const bls_record *rec, bls_column col, size_t *len);

/**
 * @brief Fill @p out from a row of a recognised layout. Adds no findings:
 * that is the validator's job. Never fails on bad data.
 */
void bls_record_parse(const bls_layout *layout, const bls_row *row, bls_record *out);

/** Per-file validation state; opaque. */
typedef struct bls_validator bls_validator;

/**
 * @brief New validator for one input file.
 * @param path   the file's name for findings (copied).
 * @param layout the file's layout (borrowed; must outlive the validator).
 * @param period the data's reference period (top-code caps depend on the year); may be NULL.
 * @return caller owns (bls_validator_free()), or NULL on allocation failure.
 */
bls_validator *bls_validator_new(const char *path, const bls_layout *layout,
                                 const bls_period *period);
void bls_validator_free(bls_validator *v);

/** What the validator decided about one row. */
typedef struct bls_row_outcome {
    int rejected;     /**< non-zero: the row is not used */
    char reason[512]; /**< "rule-id: message; ..." for rejected rows, else "" */
} bls_row_outcome;

/**
 * @brief Check one record; add its findings; decide accept or reject.
 * @return BLS_OK, or BLS_ERR_NOMEM.
 */
bls_status bls_validate_record(bls_validator *v, const bls_record *rec, bls_findings *findings,
                               bls_row_outcome *outcome) BLS_MUST_CHECK;

/**
 * @brief End-of-file checks (group totals of the last block, ...).
 * @return BLS_OK, or BLS_ERR_NOMEM.
 */
bls_status bls_validator_finish(bls_validator *v, bls_findings *findings) BLS_MUST_CHECK;


#endif /* BLS_VALIDATE_H */
