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

#include "blsreport/base/diag.h"
#include "blsreport/base/status.h"
#include "blsreport/check/claims.h"
#include "blsreport/check/explain.h"
#include "blsreport/check/model.h"

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

/**
 * Which case of its verdict a check is: what the cross-check found, as data,
 * so that check_words.h can say it without deciding anything again. The
 * fields each case uses are listed with it.
 */
typedef enum bls_verdict_case {
    /** match, or stale with latest*: the claim equals the data value
     *  (actual, fact). */
    BLS_CASE_EQUAL = 0,
    /** rounding, or stale with latest*: equal at the claim's precision
     *  (claim->claimed, actual, fact). */
    BLS_CASE_EQUAL_AT_PRECISION,
    /** mismatch: off by difference (EMPTY when it does not fit in 64 bits). */
    BLS_CASE_OFF_BY,
    /** missing: the data hold a BLS marker (actual.state: "#", "*", ...). */
    BLS_CASE_MARKER_IN_DATA,
    /** ambiguous: two inputs disagree on the fact (fact->conflict_value,
     *  fact->conflict_path, fact->conflict_line): not checked. */
    BLS_CASE_DATA_CONFLICT,
    /** missing: claim->claimed is not a number (claim->claimed_text). */
    BLS_CASE_CLAIM_NOT_A_NUMBER,
    /** missing: the occupation has no fact for the metric at all. */
    BLS_CASE_NO_METRIC,
    /** missing: no fact for the claim's period, only earlier ones (the
     *  periods of occupation->facts for the metric). */
    BLS_CASE_NO_PERIOD,
    /** stale: no fact for the claim's period but a later one (latest*). */
    BLS_CASE_ONLY_LATER_PERIOD,
    /** ambiguous: the name matches several SOC codes (candidates); a
     *  claim->soc_code given with it is not in the data. */
    BLS_CASE_NAME_MATCHES_SEVERAL,
    /** missing: the name means one SOC code (soc_code) the data lack. */
    BLS_CASE_NAME_NOT_IN_DATA,
    /** missing: the name matches no occupation. */
    BLS_CASE_NAME_MATCHES_NONE,
    BLS_CASE_COUNT
} bls_verdict_case;

/** One SOC code an ambiguous occupation name may mean. */
typedef struct bls_candidate {
    char soc_code[8];
    const char *title; /**< borrowed from the model; NULL when the model lacks the code */
} bls_candidate;

typedef struct bls_check {
    const bls_claim *claim;  /**< borrowed from the claims list */
    bls_verdict verdict;
    bls_verdict_case verdict_case; /**< which case of the verdict applies (its words) */
    char soc_code[8];        /**< resolved SOC code ("" if none) */
    const char *title;       /**< BLS title of the resolved occupation, borrowed from the model, or NULL */
    const bls_occupation *occupation; /**< the resolved occupation (borrowed from the model), or NULL */
    bls_number actual;       /**< the data value compared (state EMPTY when none) */
    bls_period actual_period;/**< period of @p actual */
    bls_number difference;   /**< claimed - actual at the finer precision (mismatch/rounding) */
    bls_number latest;       /**< stale: the later value (else EMPTY) */
    bls_period latest_period;/**< stale: its period */
    int disagrees_with;      /**< index of another check quoting the same fact with a different value, or -1 */
    const bls_claim *other_quote; /**< that check's claim (borrowed from the claims list), or NULL */
    const bls_fact *fact;    /**< the fact @p actual comes from (borrowed from the model), or NULL */
    const bls_fact *latest_fact; /**< stale: the fact @p latest comes from, or NULL */
    bls_number bound_low;    /**< the interval the claim allows at its precision ("41%": 40.5 ... */
    bls_number bound_high;   /**< ... 41.5); EMPTY when the claim is not a number */
    size_t explanation_count;/**< mismatch, stale, missing: what the claimed value equals */
    const bls_explanation *explanations; /**< best first (explain.h), at most BLS_EXPLAIN_MAX;
                                              borrowed from bls_checks; NULL when none */
    size_t candidate_count;  /**< ambiguous name: the SOC codes it matches (at most
                                  BLS_ALIAS_MAX_CANDIDATES) */
    const bls_candidate *candidates; /**< borrowed from bls_checks; NULL when none */
    const char *note;        /**< the sentence for humans (bls_check_describe(), whole, never
                                  cut): "data: $54,410 (May 2014, ...)" ...; ends with the best
                                  explanation: "5% is 29-2053 ... combined (4.97%)". Set by
                                  bls_crosscheck(); borrowed from bls_checks */
} bls_check;

/** Most bytes of all notes of one run together (about 1,000 per claim at the
 *  most claims a run accepts); a bound, never a cut. */
#define BLS_CHECK_NOTES_LIMIT ((size_t)1 << 30)

typedef struct bls_checks {
    bls_check *items;
    size_t count;
    size_t by_verdict[BLS_VERDICT_COUNT];
    bls_hashes *hashes;      /**< SHA-256 of the data files the checks cite (owned) */
    bls_explanation *explanations; /**< every check's explanations, in check order (owned) */
    size_t explanation_total;
    bls_candidate *candidates; /**< every ambiguous check's candidates, in check order (owned) */
    size_t candidate_total;
    char *notes;             /**< every check's note, each NUL-terminated, in check order (owned) */
} bls_checks;

/**
 * @brief Check every claim against the model.
 * @param findings two quotes of one fact that disagree add a
 *        BLS_RULE_CLAIM_DISAGREE finding here (may be NULL).
 * @param[out] out filled on success; release with bls_checks_cleanup(). The
 *        checks borrow from @p claims and @p model: keep both alive.
 * @return BLS_OK, BLS_ERR_NOMEM, or BLS_ERR_LIMIT when the notes together
 *         pass BLS_CHECK_NOTES_LIMIT.
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
