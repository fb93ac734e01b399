/*
 * validate.h - typed records and the validation rules applied to them.
 *
 * Pipeline stage: reader -> layout -> cells -> *validate* -> model.
 *
 * A record (record.h: a row of a known layout, its numeric cells parsed) is
 * checked by a validator
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

#include "blsreport/base/cells.h"
#include "blsreport/base/diag.h"
#include "blsreport/base/period.h"
#include "blsreport/base/record.h" /* bls_record, formerly declared here */
#include "blsreport/base/status.h"
#include "blsreport/base/survey.h" /* bls_top_code_annual(), formerly declared here */
#include "blsreport/read/layout.h"

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
    int rejected;       /**< non-zero: the row is not used */
    const char *reason; /**< "rule-id: message; ..." for rejected rows, whole (never cut), else
                             "". Borrowed from the validator: valid until the next
                             bls_validate_record() or bls_validator_free() */
} bls_row_outcome;

/**
 * @brief Check one record; add its findings; decide accept or reject.
 * @return BLS_OK, or BLS_ERR_NOMEM (outcome->reason may then hold part of
 *         the reason).
 */
bls_status bls_validate_record(bls_validator *v, const bls_record *rec, bls_findings *findings,
                               bls_row_outcome *outcome) BLS_MUST_CHECK;

/**
 * @brief End-of-file checks (group totals of the last block, ...).
 * @return BLS_OK, or BLS_ERR_NOMEM.
 */
bls_status bls_validator_finish(bls_validator *v, bls_findings *findings) BLS_MUST_CHECK;


#endif /* BLS_VALIDATE_H */
