/*
 * test_exit_code.c - unit tests for exit_code.c: what each exit code says.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "blsreport/cli/exit_code.h"

static void test_fail_on_picks_the_failing_verdicts(void **state)
{
    (void)state;
    int f[BLS_VERDICT_COUNT];
    bls_fail_on_verdicts(BLS_FAIL_ON_MISMATCH, f);
    int mismatch[BLS_VERDICT_COUNT] = {0, 0, 1, 1, 0, 0};
    assert_memory_equal(f, mismatch, sizeof f);
    bls_fail_on_verdicts(BLS_FAIL_ON_STALE, f);
    int stale[BLS_VERDICT_COUNT] = {0, 0, 1, 1, 1, 1};
    assert_memory_equal(f, stale, sizeof f);
    bls_fail_on_verdicts(BLS_FAIL_ON_NEVER, f);
    int never[BLS_VERDICT_COUNT] = {0};
    assert_memory_equal(f, never, sizeof f);
}

static void test_findings_decide_between_0_and_1(void **state)
{
    (void)state;
    size_t v[BLS_VERDICT_COUNT] = {0};
    bls_run_outcome o = {.fail_on = BLS_FAIL_ON_MISMATCH, .by_verdict = v};
    v[BLS_VERDICT_MATCH] = 9;
    v[BLS_VERDICT_ROUNDING] = 2;
    assert_int_equal(bls_exit_for_findings(&o), BLS_EXIT_OK);
    v[BLS_VERDICT_STALE] = 1; /* stale fails only with --fail-on stale */
    assert_int_equal(bls_exit_for_findings(&o), BLS_EXIT_OK);
    o.fail_on = BLS_FAIL_ON_STALE;
    assert_int_equal(bls_exit_for_findings(&o), BLS_EXIT_FINDINGS);
    o.fail_on = BLS_FAIL_ON_MISMATCH;
    v[BLS_VERDICT_MISMATCH] = 2; /* the seed article: 9 match, 2 rounding, 2 mismatch */
    assert_int_equal(bls_exit_for_findings(&o), BLS_EXIT_FINDINGS);
    o.fail_on = BLS_FAIL_ON_NEVER;
    assert_int_equal(bls_exit_for_findings(&o), BLS_EXIT_OK);
    o.error_findings = 1; /* an error-level finding fails whatever --fail-on says */
    assert_int_equal(bls_exit_for_findings(&o), BLS_EXIT_FINDINGS);
    o.by_verdict = NULL;
    assert_int_equal(bls_exit_for_findings(&o), BLS_EXIT_FINDINGS);
    o.error_findings = 0;
    assert_int_equal(bls_exit_for_findings(&o), BLS_EXIT_OK);
}

static void test_a_baseline_counts_only_what_it_does_not_hold(void **state)
{
    (void)state;
    size_t v[BLS_VERDICT_COUNT] = {0, 0, 2, 0, 0, 0};
    bls_run_outcome o = {
        .fail_on = BLS_FAIL_ON_MISMATCH, .by_verdict = v, .error_findings = 3, .baseline_used = 1};
    assert_int_equal(bls_exit_for_findings(&o), BLS_EXIT_OK);
    o.failing_not_in_baseline = 1;
    assert_int_equal(bls_exit_for_findings(&o), BLS_EXIT_FINDINGS);
}

static void test_statuses_map_to_documented_codes(void **state)
{
    (void)state;
    assert_int_equal(bls_exit_for_status(BLS_OK), 0);
    assert_int_equal(bls_exit_for_status(BLS_ERR_INTERRUPTED), 130);
    static const bls_status output[] = {BLS_ERR_WRITE, BLS_ERR_XLSX, BLS_ERR_PDF, BLS_ERR_JSON};
    for (size_t i = 0; i < sizeof output / sizeof output[0]; i++)
        assert_int_equal(bls_exit_for_status(output[i]), 3);
    static const bls_status usage[] = {
        BLS_ERR_NOMEM,  BLS_ERR_INVALID_ARG, BLS_ERR_OPEN,   BLS_ERR_READ,      BLS_ERR_CSV,
        BLS_ERR_LAYOUT, BLS_ERR_EMPTY,       BLS_ERR_FORMAT, BLS_ERR_ENCRYPTED, BLS_ERR_LIMIT};
    for (size_t i = 0; i < sizeof usage / sizeof usage[0]; i++)
        assert_int_equal(bls_exit_for_status(usage[i]), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fail_on_picks_the_failing_verdicts),
        cmocka_unit_test(test_findings_decide_between_0_and_1),
        cmocka_unit_test(test_a_baseline_counts_only_what_it_does_not_hold),
        cmocka_unit_test(test_statuses_map_to_documented_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
