/*
 * test_period.c - unit tests for period.c (reference periods).
 *
 * Pipeline: periods are parsed from file names, EP headers and claims, then
 * compared by the model (latest fact) and matched by the cross-check. These
 * tests pin the accepted spellings, the rejected ones, the order, the
 * wildcard month and the formatted text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "blsreport/base/period.h"

typedef struct period_case {
    const char *text;
    int year_from, year_to, month;
} period_case;

/* Every spelling the header promises, and a few the BLS writes. */
static const period_case accepted[] = {
    {"May 2014", 2014, 2014, 5},
    {"may 2014", 2014, 2014, 5},
    {"MAY 2014", 2014, 2014, 5},
    {"May, 2014", 2014, 2014, 5},
    {"January 2020", 2020, 2020, 1},
    {"Dec 2019", 2019, 2019, 12},
    {"Jun. 2014", 2014, 2014, 6},
    {"Sept. 2014", 2014, 2014, 9}, /* AP style: four letters and a dot */
    {"2014", 2014, 2014, 0},
    {"  2014  ", 2014, 2014, 0},
    {"(2014)", 2014, 2014, 0},
    {"2012-2022", 2012, 2022, 0},
    {"2012-22", 2012, 2022, 0},
    {"1998-08", 1998, 2008, 0},
    {"2012 to 2022", 2012, 2022, 0},
    {"2012 TO 2022", 2012, 2022, 0},
    {"2012 - 2022", 2012, 2022, 0},
    {"2012\xE2\x80\x93"
     "2022",
     2012, 2022, 0}, /* en dash U+2013 */
    {"2012 \xE2\x80\x93 22", 2012, 2022, 0},
    {"2014-2014", 2014, 2014, 0},
};

static const char *const rejected[] = {
    "May",           /* a month without a year */
    "14",            /* a two-digit year alone */
    "2022-2012",     /* a range that runs backwards */
    "2014x",         /* trailing junk */
    "",              /* nothing */
    "   ",           /* only spaces */
    "201",           /* three digits */
    "20140",         /* five digits */
    "1850",          /* out of the supported years */
    "Mayo 2014",     /* not a month */
    "Sept 2014",     /* four letters need the dot */
    "Ju 2014",       /* fewer than three letters */
    "2012-",         /* range without an end */
    "2012-2",        /* one-digit end */
    "May 2014-2015", /* a month on a range */
    "2012 from 2022",
};

static void test_accepted_spellings_parse_to_years_and_month(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
        const period_case *c = &accepted[i];
        bls_period p = {-1, -1, -1};
        bls_status st = bls_period_parse(c->text, strlen(c->text), &p);
        if (st != BLS_OK)
            fail_msg("\"%s\" was rejected", c->text);
        if (p.year_from != c->year_from || p.year_to != c->year_to || p.month != c->month)
            fail_msg("\"%s\" -> %d-%d month %d, expected %d-%d month %d", c->text, p.year_from,
                     p.year_to, p.month, c->year_from, c->year_to, c->month);
    }
}

static void test_non_periods_are_rejected_and_output_untouched(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rejected / sizeof rejected[0]; i++) {
        bls_period p = {7, 8, 9};
        bls_status st = bls_period_parse(rejected[i], strlen(rejected[i]), &p);
        if (st != BLS_ERR_INVALID_ARG)
            fail_msg("\"%s\" was accepted as %d-%d month %d", rejected[i], p.year_from, p.year_to,
                     p.month);
        assert_int_equal(p.year_from, 7);
        assert_int_equal(p.year_to, 8);
        assert_int_equal(p.month, 9);
    }
}

static void test_parse_reads_only_len_bytes(void **state)
{
    (void)state;
    /* The text need not be NUL-terminated: "2014x" cut to 4 bytes is "2014". */
    bls_period p;
    assert_int_equal(bls_period_parse("2014x", 4, &p), BLS_OK);
    assert_int_equal(p.year_from, 2014);
    assert_int_equal(p.month, 0);
    assert_int_equal(bls_period_parse("2012-22 and more", 7, &p), BLS_OK);
    assert_int_equal(p.year_to, 2022);
}

static void test_parse_rejects_null_arguments(void **state)
{
    (void)state;
    bls_period p;
    assert_int_equal(bls_period_parse(NULL, 4, &p), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_period_parse("2014", 4, NULL), BLS_ERR_INVALID_ARG);
}

static void test_known_is_false_only_for_year_zero(void **state)
{
    (void)state;
    bls_period unknown = {0, 0, 0}, year = {2014, 2014, 0};
    assert_false(bls_period_known(&unknown));
    assert_false(bls_period_known(NULL));
    assert_true(bls_period_known(&year));
}

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

static void test_compare_orders_by_end_year_then_start_then_month(void **state)
{
    (void)state;
    /* Listed in ascending order. */
    static const bls_period ordered[] = {
        {0, 0, 0},        {2012, 2012, 0}, {2012, 2012, 5}, {2014, 2014, 0}, {2014, 2014, 5},
        {2014, 2014, 12}, {2012, 2022, 0}, {2014, 2022, 0}, {2016, 2026, 0},
    };
    size_t n = sizeof ordered / sizeof ordered[0];
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            int expected = sign((int)i - (int)j);
            int got = sign(bls_period_compare(&ordered[i], &ordered[j]));
            if (got != expected)
                fail_msg("compare(#%zu, #%zu) = %d, expected %d", i, j, got, expected);
        }
    }
}

static void test_matches_treats_month_zero_as_wildcard(void **state)
{
    (void)state;
    bls_period may14 = {2014, 2014, 5}, june14 = {2014, 2014, 6}, y14 = {2014, 2014, 0};
    bls_period may13 = {2013, 2013, 5}, span = {2012, 2022, 0}, span2 = {2012, 2024, 0};
    assert_true(bls_period_matches(&may14, &may14));
    assert_true(bls_period_matches(&y14, &may14)); /* claim "2014" vs data May 2014 */
    assert_true(bls_period_matches(&may14, &y14)); /* claim May 2014 vs data 2014 */
    assert_false(bls_period_matches(&may14, &june14));
    assert_false(bls_period_matches(&may14, &may13));
    assert_true(bls_period_matches(&span, &span));
    assert_false(bls_period_matches(&span, &span2));
    assert_false(bls_period_matches(&y14, &span));
}

static void test_format_writes_month_year_range_and_empty(void **state)
{
    (void)state;
    static const struct {
        bls_period p;
        const char *text;
    } cases[] = {
        {{2014, 2014, 5}, "May 2014"},
        {{2019, 2019, 9}, "September 2019"},
        {{2014, 2014, 0}, "2014"},
        {{2012, 2022, 0}, "2012-2022"},
        {{0, 0, 0}, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[32];
        memset(buf, 'x', sizeof buf);
        size_t n = bls_period_format(&cases[i].p, buf, sizeof buf);
        assert_string_equal(buf, cases[i].text);
        assert_int_equal(n, strlen(cases[i].text));
    }
}

static void test_format_round_trips_through_parse(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
        bls_period p, back;
        assert_int_equal(bls_period_parse(accepted[i].text, strlen(accepted[i].text), &p), BLS_OK);
        char buf[32];
        size_t n = bls_period_format(&p, buf, sizeof buf);
        assert_true(n > 0);
        assert_int_equal(bls_period_parse(buf, n, &back), BLS_OK);
        assert_int_equal(bls_period_compare(&p, &back), 0);
    }
}

static void test_format_into_small_buffer_writes_empty_string(void **state)
{
    (void)state;
    bls_period p = {2014, 2014, 5};
    char buf[8]; /* "May 2014" needs 9 */
    memset(buf, 'x', sizeof buf);
    assert_int_equal(bls_period_format(&p, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(bls_period_format(&p, buf, 0), 0);
    assert_int_equal(bls_period_format(&p, NULL, 16), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted_spellings_parse_to_years_and_month),
        cmocka_unit_test(test_non_periods_are_rejected_and_output_untouched),
        cmocka_unit_test(test_parse_reads_only_len_bytes),
        cmocka_unit_test(test_parse_rejects_null_arguments),
        cmocka_unit_test(test_known_is_false_only_for_year_zero),
        cmocka_unit_test(test_compare_orders_by_end_year_then_start_then_month),
        cmocka_unit_test(test_matches_treats_month_zero_as_wildcard),
        cmocka_unit_test(test_format_writes_month_year_range_and_empty),
        cmocka_unit_test(test_format_round_trips_through_parse),
        cmocka_unit_test(test_format_into_small_buffer_writes_empty_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
