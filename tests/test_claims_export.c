/*
 * test_claims_export.c - unit tests for claims_export.c (--extract-claims).
 *
 * The figures ($54,410, 41%) are the seed article's as BLS published them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/alloc_internal.h"
#include "test_report.h"
#include "blsreport/base/alloc.h"
#include "blsreport/render/claims_export.h"

static void test_fields_are_quoted_as_rfc4180_says(void **state)
{
    (void)state;
    bls_dynbuf b;
    bls_dynbuf_init(&b, 1024);
    assert_int_equal(bls_csv_append_field(&b, "plain", 0), BLS_OK);
    assert_int_equal(bls_csv_append_field(&b, "a, b", 0), BLS_OK);
    assert_int_equal(bls_csv_append_field(&b, "say \"41%\"", 0), BLS_OK);
    assert_int_equal(bls_csv_append_field(&b, " lead", 0), BLS_OK);
    assert_int_equal(bls_csv_append_field(&b, "two\nlines", 0), BLS_OK);
    assert_int_equal(bls_csv_append_field(&b, "", 1), BLS_OK);
    assert_int_equal(bls_dynbuf_add(&b, "", 0), BLS_OK);
    assert_string_equal(b.data, "plain,\"a, b\",\"say \"\"41%\"\"\",\" lead\",\"two\nlines\",\n");
    bls_dynbuf_cleanup(&b);
}

static void test_limit_is_reported(void **state)
{
    (void)state;
    bls_dynbuf b;
    bls_dynbuf_init(&b, 4);
    assert_int_equal(bls_csv_append_field(&b, "longer", 1), BLS_ERR_LIMIT);
    bls_dynbuf_cleanup(&b);
}

static void add(bls_claims *list, const char *occupation, const char *soc, bls_metric metric,
                const char *period, const char *claimed, const char *quote,
                bls_claim_origin origin)
{
    bls_claim c = test_claim("input/000_article.txt", 12, occupation, soc, metric, period, claimed,
                             quote, origin, "input/000_article.txt");
    assert_int_equal(bls_claims_push(list, &c), BLS_OK);
}

static void test_export_writes_header_claims_then_unattributed(void **state)
{
    (void)state;
    bls_claims claims, loose;
    bls_claims_init(&claims);
    bls_claims_init(&loose);
    add(&claims, "Physical therapist assistants", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
        "May 2014", "$54,410", "earn a median of $54,410, as of May 2014", BLS_ORIGIN_PROSE);
    add(&claims, "Physical therapist assistants", "", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "2012-2022",
        "41%", "", BLS_ORIGIN_TABLE);
    add(&loose, "", "", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "", "5%", "grow 5%", BLS_ORIGIN_PROSE);
    char *csv = NULL;
    assert_int_equal(bls_claims_export_csv(&claims, &loose, &csv), BLS_OK);
    assert_string_equal(
        csv, "source,occupation,soc_code,metric,period,claimed,quote,origin\n"
             "000_article.txt:12,Physical therapist assistants,31-2021,median_annual_wage,"
             "May 2014,\"$54,410\",\"earn a median of $54,410, as of May 2014\",prose\n"
             "000_article.txt:12,Physical therapist assistants,,employment_change_pct,"
             "2012-2022,41%,,table\n"
             "000_article.txt:12,,,,,5%,grow 5%,unattributed\n");
    bls_free(csv);
    /* nothing found: the header alone */
    bls_claims none;
    bls_claims_init(&none);
    assert_int_equal(bls_claims_export_csv(&none, NULL, &csv), BLS_OK);
    assert_string_equal(csv, "source,occupation,soc_code,metric,period,claimed,quote,origin\n");
    bls_free(csv);
    /* every allocation failing in turn: an error, never a partial text */
    for (long n = 0; n < 8; n++) {
        csv = NULL;
        bls_alloc_fail_once_after(n);
        bls_status st = bls_claims_export_csv(&claims, &loose, &csv);
        bls_alloc_reset();
        if (st == BLS_OK) {
            assert_non_null(strstr(csv, "unattributed\n"));
            bls_free(csv);
        } else {
            assert_int_equal(st, BLS_ERR_NOMEM);
            assert_null(csv);
        }
    }
    bls_claims_cleanup(&claims);
    bls_claims_cleanup(&loose);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_are_quoted_as_rfc4180_says),
        cmocka_unit_test(test_limit_is_reported),
        cmocka_unit_test(test_export_writes_header_claims_then_unattributed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
