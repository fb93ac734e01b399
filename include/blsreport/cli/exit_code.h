/*
 * exit_code.h - what blsreport's exit code says, decided in one place.
 *
 * Exit codes (also in --help, the man page and README):
 *   0   report written, nothing wrong
 *   1   report written, but findings: a claim that does not match the data
 *       (per --fail-on) or an error-level validation finding; with
 *       --baseline, only what the baseline does not hold
 *   2   usage error, no usable input, or a refused output path; nothing written
 *   3   an output (stdout included) could not be written; nothing written
 *   130 / 143 interrupted by SIGINT / SIGTERM
 *
 * The pipeline needs the code before the CLI sees it (the JSON summary
 * carries it), so the policy lives here, beneath both.
 */
#ifndef BLS_EXIT_CODE_H
#define BLS_EXIT_CODE_H

#include <stddef.h>
#include <stdint.h>

#include "blsreport/base/status.h"
#include "blsreport/check/crosscheck.h"

enum bls_exit {
    BLS_EXIT_OK = 0,
    BLS_EXIT_FINDINGS = 1,
    BLS_EXIT_USAGE = 2,
    BLS_EXIT_OUTPUT = 3,
    BLS_EXIT_SIGINT = 130,
    BLS_EXIT_SIGTERM = 143,
};

/** Which verdicts fail a run (--fail-on). */
typedef enum bls_fail_on {
    BLS_FAIL_ON_MISMATCH = 0, /**< default: mismatch or missing claims fail */
    BLS_FAIL_ON_STALE,        /**< also stale and ambiguous */
    BLS_FAIL_ON_NEVER,        /**< claims never fail the run */
} bls_fail_on;

/** @brief fails[v] = 1 for each verdict @p fail_on makes a failure. */
void bls_fail_on_verdicts(bls_fail_on fail_on, int fails[BLS_VERDICT_COUNT]);

/** What a finished run found, for bls_exit_for_findings(). */
typedef struct bls_run_outcome {
    bls_fail_on fail_on;
    uint64_t error_findings;          /**< error-level validation findings */
    const size_t *by_verdict;         /**< BLS_VERDICT_COUNT counts; NULL: no claims */
    int baseline_used;                /**< --baseline given: only new items count */
    uint64_t failing_not_in_baseline; /**< with a baseline: failing items it does not hold */
} bls_run_outcome;

/** @brief BLS_EXIT_OK or BLS_EXIT_FINDINGS for a run whose report was written. */
int bls_exit_for_findings(const bls_run_outcome *outcome);

/**
 * @brief The exit code of a run that stopped with @p status: BLS_EXIT_OK
 * for BLS_OK (the findings decide then), BLS_EXIT_SIGINT when interrupted,
 * BLS_EXIT_OUTPUT when an output could not be written, BLS_EXIT_USAGE for
 * every input, usage or memory failure.
 */
int bls_exit_for_status(bls_status status);

#endif /* BLS_EXIT_CODE_H */
