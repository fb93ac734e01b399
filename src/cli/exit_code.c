/*
 * exit_code.c - what blsreport's exit code says (exit_code.h).
 */
#include "blsreport/cli/exit_code.h"

#include <string.h>

void bls_fail_on_verdicts(bls_fail_on fail_on, int fails[BLS_VERDICT_COUNT])
{
    memset(fails, 0, BLS_VERDICT_COUNT * sizeof *fails);
    if (fail_on != BLS_FAIL_ON_NEVER)
        fails[BLS_VERDICT_MISMATCH] = fails[BLS_VERDICT_MISSING] = 1;
    if (fail_on == BLS_FAIL_ON_STALE)
        fails[BLS_VERDICT_STALE] = fails[BLS_VERDICT_AMBIGUOUS] = 1;
}

int bls_exit_for_findings(const bls_run_outcome *o)
{
    if (o->baseline_used) /* only what the baseline does not know counts */
        return o->failing_not_in_baseline ? BLS_EXIT_FINDINGS : BLS_EXIT_OK;
    if (o->error_findings > 0)
        return BLS_EXIT_FINDINGS;
    int fails[BLS_VERDICT_COUNT];
    bls_fail_on_verdicts(o->fail_on, fails);
    for (int v = 0; o->by_verdict && v < BLS_VERDICT_COUNT; v++)
        if (fails[v] && o->by_verdict[v])
            return BLS_EXIT_FINDINGS;
    return BLS_EXIT_OK;
}

int bls_exit_for_status(bls_status status)
{
    switch (status) {
    case BLS_OK: return BLS_EXIT_OK;
    case BLS_ERR_INTERRUPTED: return BLS_EXIT_SIGINT;
    case BLS_ERR_WRITE:
    case BLS_ERR_XLSX:
    case BLS_ERR_PDF:
    case BLS_ERR_JSON: return BLS_EXIT_OUTPUT;
    case BLS_ERR_NOMEM:
    case BLS_ERR_INVALID_ARG:
    case BLS_ERR_OPEN:
    case BLS_ERR_READ:
    case BLS_ERR_CSV:
    case BLS_ERR_LAYOUT:
    case BLS_ERR_EMPTY:
    case BLS_ERR_FORMAT:
    case BLS_ERR_ENCRYPTED:
    case BLS_ERR_LIMIT: return BLS_EXIT_USAGE;
    }
    return BLS_EXIT_USAGE;
}
