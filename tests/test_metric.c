/*
 * test_metric.c - unit tests for metric.c (metric names, labels, units).
 *
 * Pipeline: metric names are part of the claims CSV and JSON contract; the
 * cross-check and renderers use the unit to compare and format values.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <string.h>

#include "blsreport/base/metric.h"

/* The contract names as the README and the claims CSV spell them, with the
 * unit each figure is published in. Written out here (not read from the
 * module) so that a renamed metric fails the test. */
static const struct {
    bls_metric metric;
    const char *name;
    bls_unit unit;
} contract[] = {
    {BLS_METRIC_MEDIAN_ANNUAL_WAGE, "median_annual_wage", BLS_UNIT_DOLLARS_YEAR},
    {BLS_METRIC_MEAN_ANNUAL_WAGE, "mean_annual_wage", BLS_UNIT_DOLLARS_YEAR},
    {BLS_METRIC_MEDIAN_HOURLY_WAGE, "median_hourly_wage", BLS_UNIT_DOLLARS_HOUR},
    {BLS_METRIC_EMPLOYMENT, "employment", BLS_UNIT_PERSONS},
    {BLS_METRIC_PROJECTED_EMPLOYMENT, "projected_employment", BLS_UNIT_PERSONS},
    {BLS_METRIC_EMPLOYMENT_CHANGE, "employment_change", BLS_UNIT_PERSONS},
    {BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "employment_change_pct", BLS_UNIT_PERCENT},
    {BLS_METRIC_ANNUAL_WAGE_PCT10, "annual_wage_pct10", BLS_UNIT_DOLLARS_YEAR},
    {BLS_METRIC_ANNUAL_WAGE_PCT25, "annual_wage_pct25", BLS_UNIT_DOLLARS_YEAR},
    {BLS_METRIC_ANNUAL_WAGE_PCT75, "annual_wage_pct75", BLS_UNIT_DOLLARS_YEAR},
    {BLS_METRIC_ANNUAL_WAGE_PCT90, "annual_wage_pct90", BLS_UNIT_DOLLARS_YEAR},
};
#define CONTRACT_COUNT (sizeof contract / sizeof contract[0])

static void test_contract_table_covers_every_metric(void **state)
{
    (void)state;
    assert_int_equal(CONTRACT_COUNT, BLS_METRIC_COUNT);
}

static void test_every_metric_round_trips_enum_name_enum(void **state)
{
    (void)state;
    for (int m = 0; m < BLS_METRIC_COUNT; m++) {
        const char *name = bls_metric_name((bls_metric)m);
        assert_non_null(name);
        bls_metric back = BLS_METRIC_COUNT;
        assert_int_equal(bls_metric_from_name(name, &back), BLS_OK);
        assert_int_equal(back, m);
    }
}

static void test_names_and_units_follow_the_contract(void **state)
{
    (void)state;
    for (size_t i = 0; i < CONTRACT_COUNT; i++) {
        assert_string_equal(bls_metric_name(contract[i].metric), contract[i].name);
        assert_int_equal(bls_metric_unit(contract[i].metric), contract[i].unit);
        bls_metric m = BLS_METRIC_COUNT;
        assert_int_equal(bls_metric_from_name(contract[i].name, &m), BLS_OK);
        assert_int_equal(m, contract[i].metric);
    }
}

static void test_names_are_unique(void **state)
{
    (void)state;
    for (int a = 0; a < BLS_METRIC_COUNT; a++)
        for (int b = a + 1; b < BLS_METRIC_COUNT; b++)
            if (strcmp(bls_metric_name((bls_metric)a), bls_metric_name((bls_metric)b)) == 0)
                fail_msg("metrics %d and %d share the name %s", a, b,
                         bls_metric_name((bls_metric)a));
}

static void test_labels_are_non_empty_and_capitalised(void **state)
{
    (void)state;
    for (int m = 0; m < BLS_METRIC_COUNT; m++) {
        const char *label = bls_metric_label((bls_metric)m);
        assert_non_null(label);
        assert_true(strlen(label) > 0);
        assert_true(isupper((unsigned char)label[0]));
    }
    assert_string_equal(bls_metric_label(BLS_METRIC_MEDIAN_ANNUAL_WAGE), "Median annual wage");
}

static void test_lookup_ignores_case_and_dashes(void **state)
{
    (void)state;
    for (size_t i = 0; i < CONTRACT_COUNT; i++) {
        /* Upper case with dashes: "MEDIAN-ANNUAL-WAGE". */
        char variant[64];
        size_t len = strlen(contract[i].name);
        assert_true(len < sizeof variant);
        for (size_t k = 0; k <= len; k++) {
            char c = contract[i].name[k];
            variant[k] = c == '_' ? '-' : (char)toupper((unsigned char)c);
        }
        bls_metric m = BLS_METRIC_COUNT;
        if (bls_metric_from_name(variant, &m) != BLS_OK)
            fail_msg("\"%s\" not recognised", variant);
        assert_int_equal(m, contract[i].metric);
    }
    bls_metric m = BLS_METRIC_COUNT;
    assert_int_equal(bls_metric_from_name("Median_Hourly-WAGE", &m), BLS_OK);
    assert_int_equal(m, BLS_METRIC_MEDIAN_HOURLY_WAGE);
}

static void test_unknown_names_are_rejected_and_output_untouched(void **state)
{
    (void)state;
    static const char *const unknown[] = {
        "",
        "median",
        "median_annual_wages",
        "median_annual_wag",
        "wage",
        "median__annual_wage",
        "employment_change_percent",
        "annual_wage_pct50",
    };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        bls_metric m = BLS_METRIC_COUNT;
        if (bls_metric_from_name(unknown[i], &m) != BLS_ERR_INVALID_ARG)
            fail_msg("\"%s\" was accepted as metric %d", unknown[i], (int)m);
        assert_int_equal(m, BLS_METRIC_COUNT);
    }
    bls_metric m;
    assert_int_equal(bls_metric_from_name(NULL, &m), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_metric_from_name("employment", NULL), BLS_ERR_INVALID_ARG);
}

static void test_out_of_range_metric_has_safe_name_and_label(void **state)
{
    (void)state;
    assert_non_null(bls_metric_name(BLS_METRIC_COUNT));
    assert_non_null(bls_metric_label(BLS_METRIC_COUNT));
    bls_metric m;
    assert_int_equal(bls_metric_from_name(bls_metric_name(BLS_METRIC_COUNT), &m),
                     BLS_ERR_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contract_table_covers_every_metric),
        cmocka_unit_test(test_every_metric_round_trips_enum_name_enum),
        cmocka_unit_test(test_names_and_units_follow_the_contract),
        cmocka_unit_test(test_names_are_unique),
        cmocka_unit_test(test_labels_are_non_empty_and_capitalised),
        cmocka_unit_test(test_lookup_ignores_case_and_dashes),
        cmocka_unit_test(test_unknown_names_are_rejected_and_output_untouched),
        cmocka_unit_test(test_out_of_range_metric_has_safe_name_and_label),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
