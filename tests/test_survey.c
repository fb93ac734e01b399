/*
 * test_survey.c - survey facts: top-code caps by year and the period in
 * every file name BLS used for its OEWS downloads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "blsreport/base/survey.h"

static void test_every_bls_file_name_gives_its_may_survey(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        int year; /* 0: the name states no period */
    } cases[] = {
        {"national_2002_dl.csv", 2002},
        {"national_may2003_dl.csv", 2003},
        {"national_may2006_dl.xls", 2006},
        {"national_May2007_dl.csv", 2007},
        {"national__M2008_dl.xls", 2008},
        {"national_dl.csv", 0}, /* 2009: no year in the name */
        {"oesm09nat.zip:national_dl.xls:national_dl", 2009},
        {"../shared/bls/real/oews/official_zips/oesm09nat.zip", 2009},
        {"x/oesm99nat/national.xls", 1999},
        {"national_M2014_dl.csv", 2014},
        {"../x/national_M2014_dl.CR-line-endings.csv", 2014},
        {"all_data_M_2019.xlsx", 2019},
        {"state_M2023_dl.xlsx", 2023},
        {"national_M2023_dl.xlsx:national_M2023_dl", 2023},
        {"noesm09nat.zip", 0},
        {"oesm2009nat.zip", 0},
        {"Mexico_2014x.csv", 0},
        {"claims.csv", 0},
        {"report_12345.csv", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bls_period p = {0, 0, 0};
        int known = bls_survey_period_from_name(cases[i].name, &p);
        if (known != (cases[i].year != 0) || p.year_from != cases[i].year)
            fail_msg("%s: known %d, year %d; expected %d", cases[i].name, known, p.year_from,
                     cases[i].year);
        if (known) {
            assert_int_equal(p.year_to, cases[i].year);
            assert_int_equal(p.month, 5);
        }
    }
    assert_int_equal(bls_survey_period_from_name(NULL, NULL), 0);
}

static void test_top_code_caps_follow_the_field_descriptions(void **state)
{
    (void)state;
    static const struct {
        int year;
        long annual;
    } cases[] = {{2001, 0},       {2002, 145600}, {2007, 145600}, {2008, 166400},
                 {2010, 166400}, {2011, 187200}, {2015, 187200}, {2016, 208000},
                 {2020, 208000}, {2021, 239200}, {2023, 239200}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long cap = bls_top_code_annual(cases[i].year);
        assert_int_equal(cap, cases[i].annual);
        assert_int_equal(cap % BLS_HOURS_PER_YEAR, 0); /* whole dollars an hour */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_bls_file_name_gives_its_may_survey),
        cmocka_unit_test(test_top_code_caps_follow_the_field_descriptions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
