/*
 * test_baseline.c - unit tests for baseline.c: fingerprints read from a
 * SARIF log and recomputed from a JSON summary agree with ci.c's; unknown
 * documents are refused with a reason.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/render/baseline.h"

static bls_baseline *parse_ok(const char *text)
{
    bls_baseline *b = NULL;
    char *why = NULL;
    assert_int_equal(bls_baseline_parse(text, strlen(text), "/repo", &b, &why), BLS_OK);
    assert_null(why);
    assert_non_null(b);
    return b;
}

static void test_sarif_fingerprints_are_taken_as_written(void **state)
{
    (void)state;
    bls_baseline *b = parse_ok(
        "{\"version\":\"2.1.0\",\"runs\":[{\"results\":["
        "{\"partialFingerprints\":{\"blsreport/v1\":\"00000000000000aa:1\"}},"
        "{\"partialFingerprints\":{\"other/v1\":\"x\"}},"
        "{\"partialFingerprints\":{\"blsreport/v1\":\"00000000000000bb:2\"}}]}]}");
    assert_int_equal(bls_baseline_size(b), 2);
    assert_true(bls_baseline_has(b, "00000000000000aa:1"));
    assert_true(bls_baseline_has(b, "00000000000000bb:2"));
    assert_false(bls_baseline_has(b, "00000000000000bb:1"));
    assert_false(bls_baseline_has(b, "x"));
    bls_baseline_free(b);
}

static void test_summary_fingerprints_match_the_items_of_a_run(void **state)
{
    (void)state;
    /* The items a run would build ... */
    bls_findings *findings = bls_findings_new(0);
    assert_non_null(findings);
    assert_int_equal(bls_findings_add(findings, "/repo/in/a.csv", 7, 1, BLS_RULE_SOC_FORMAT,
                                      "OCC_CODE \"29-20X3\" is not a SOC code"),
                     BLS_OK);
    bls_claim claim = {.document = (char *)"article.txt", .line = 34,
                       .occupation = (char *)"Nurses", .claimed_text = (char *)"$1,000",
                       .metric = BLS_METRIC_MEDIAN_ANNUAL_WAGE};
    bls_check check = {.claim = &claim, .verdict = BLS_VERDICT_MISMATCH};
    bls_checks checks = {.items = &check, .count = 1};
    static const int fails[BLS_VERDICT_COUNT] = {[BLS_VERDICT_MISMATCH] = 1};
    bls_ci_items items;
    assert_int_equal(bls_ci_items_build(findings, &checks, fails, "/repo", &items), BLS_OK);
    /* ... and the summary it would write (another line, a ./ path: same prints) */
    bls_baseline *b = parse_ok(
        "{\"schema\":\"blsreport-summary/1\","
        "\"validation\":{\"findings\":[{\"path\":\"./in/a.csv\",\"line\":8,\"column\":1,"
        "\"rule\":\"soc-format\",\"severity\":\"error\","
        "\"message\":\"OCC_CODE \\\"29-20X3\\\" is not a SOC code\"}]},"
        "\"claims\":[{\"source\":\"article.txt:40\",\"metric\":\"median_annual_wage\","
        "\"occupation\":\"Nurses\",\"claimed_text\":\"$1,000\",\"status\":\"mismatch\"}]}");
    assert_int_equal(bls_baseline_size(b), 2);
    assert_int_equal(bls_baseline_apply(b, &items), 2);
    assert_true(items.items[0].baselined && items.items[1].baselined);
    assert_int_equal(bls_ci_items_failing(&items), 0);
    bls_baseline_free(b);
    /* a summary where the claim matched knows no mismatch */
    b = parse_ok("{\"schema\":\"blsreport-summary/1\",\"claims\":[{\"source\":\"article.txt:40\","
                 "\"metric\":\"median_annual_wage\",\"occupation\":\"Nurses\","
                 "\"claimed_text\":\"$1,000\",\"status\":\"match\"}]}");
    assert_int_equal(bls_baseline_apply(b, &items), 0);
    assert_int_equal(bls_ci_items_failing(&items), 2);
    bls_baseline_free(b);
    bls_ci_items_cleanup(&items);
    bls_findings_free(findings);
}

static void test_other_documents_are_refused_with_a_reason(void **state)
{
    (void)state;
    static const char *bad[] = {"", "not json", "[1,2]", "{\"schema\":\"other/1\"}", "{\"x\":1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        bls_baseline *b = NULL;
        char *why = NULL;
        assert_int_equal(bls_baseline_parse(bad[i], strlen(bad[i]), NULL, &b, &why),
                         BLS_ERR_LAYOUT);
        assert_null(b);
        assert_non_null(why);
        bls_free(why);
    }
}

static void test_load_reports_a_missing_file(void **state)
{
    (void)state;
    bls_baseline *b = NULL;
    char *why = NULL;
    assert_int_equal(bls_baseline_load("/nonexistent/baseline.json", NULL, &b, &why), BLS_ERR_OPEN);
    assert_non_null(why);
    assert_non_null(strstr(why, "cannot open"));
    bls_free(why);
    assert_null(b);
    assert_false(bls_baseline_has(NULL, "x"));
    bls_baseline_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sarif_fingerprints_are_taken_as_written),
        cmocka_unit_test(test_summary_fingerprints_match_the_items_of_a_run),
        cmocka_unit_test(test_other_documents_are_refused_with_a_reason),
        cmocka_unit_test(test_load_reports_a_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
