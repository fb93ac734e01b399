/*
 * crosscheck.h - verdicts on a document's claims against the model.
 *
 * Pipeline stage: model + claims -> *crosscheck* -> render.
 *
 * Verdicts:
 *   match     the claimed value equals the data value;
 *   rounding  equal at the precision the document used (41% vs 40.9);
 *   mismatch  different (the difference is given);
 *   missing   no such occupation / metric / period in the data;
 *   stale     the data hold the metric for a later period than the claim's
 *             (both values are given);
 *   ambiguous the occupation name maps to several SOC codes.
 * Comparison is exact integer arithmetic on bls_number: no double equality.
 */
#ifndef BLS_CROSSCHECK_H
#define BLS_CROSSCHECK_H

#include <stddef.h>

#include "blsreport/claims.h"
#include "blsreport/diag.h"
#include "blsreport/explain.h"
#include "blsreport/model.h"
#include "blsreport/status.h"

typedef enum bls_verdict {
    BLS_VERDICT_MATCH = 0,
    BLS_VERDICT_ROUNDING,
    BLS_VERDICT_MISMATCH,
    BLS_VERDICT_MISSING,
    BLS_VERDICT_STALE,
    BLS_VERDICT_AMBIGUOUS,
    BLS_VERDICT_COUNT
} bls_verdict;

/** @brief "match", "rounding", "mismatch", "missing", "stale", "ambiguous". */
const char *bls_verdict_name(bls_verdict verdict);

typedef struct bls_check {
    const bls_claim *claim;  /**< borrowed from the claims list */
    bls_verdict verdict;
    char soc_code[8];        /**< resolved SOC code ("" if none) */
    const char *title;       /**< BLS title of the resolved occupation, borrowed from the model, or NULL */
    bls_number actual;       /**< the data value compared (state EMPTY when none) */
    bls_period actual_period;/**< period of @p actual */
    bls_number difference;   /**< claimed - actual at the finer precision (mismatch/rounding) */
    bls_number latest;       /**< stale: the later value (else EMPTY) */
    bls_period latest_period;/**< stale: its period */
    int disagrees_with;      /**< index of another check quoting the same fact with a different value, or -1 */
    const bls_fact *fact;    /**< the fact @p actual comes from (borrowed from the model), or NULL */
    const bls_fact *latest_fact; /**< stale: the fact @p latest comes from, or NULL */
    bls_number bound_low;    /**< the interval the claim allows at its precision ("41%": 40.5 ... */
    bls_number bound_high;   /**< ... 41.5); EMPTY when the claim is not a number */
    size_t explanation_count;/**< mismatch, stale, missing: what the claimed value equals */
    const bls_explanation *explanations; /**< best first (explain.h), at most BLS_EXPLAIN_MAX;
                                              borrowed from bls_checks; NULL when none */
    char note[512];          /**< a sentence for humans: "data: $54,410 (May 2014)" ...; ends
                                  with the best explanation: "5% is 29-2053 ... combined (4.97%)" */
} bls_check;

typedef struct bls_checks {
    bls_check *items;
    size_t count;
    size_t by_verdict[BLS_VERDICT_COUNT];
    bls_hashes *hashes;      /**< SHA-256 of the data files the checks cite (owned) */
    bls_explanation *explanations; /**< every check's explanations, in check order (owned) */
    size_t explanation_total;
} bls_checks;

/**
 * @brief Check every claim against the model.
 * @param findings two quotes of one fact that disagree add a
 *        BLS_RULE_CLAIM_DISAGREE finding here (may be NULL).
 * @param[out] out filled on success; release with bls_checks_cleanup(). The
 *        checks borrow from @p claims and @p model: keep both alive.
 * @return BLS_OK or BLS_ERR_NOMEM.
 */
bls_status bls_crosscheck(const bls_model *model, const bls_claims *claims,
                          bls_findings *findings, bls_checks *out) BLS_MUST_CHECK;

void bls_checks_cleanup(bls_checks *checks);

/**
 * @brief Where a check's data value (or, with @p explanation >= 0, that
 * explanation's first data value) comes from: file, line, column, SHA-256
 * of the file (computed once per file), BLS address.
 * @return 0, or -1 when there is no such data value (out is zeroed).
 */
int bls_check_provenance(const bls_checks *checks, const bls_check *check, int explanation,
                         bls_provenance *out);

#endif /* BLS_CROSSCHECK_H */
