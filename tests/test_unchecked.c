/*
 * test_unchecked.c - unit tests for unchecked.c (every number of a document
 * accounted for).
 *
 * Documents are held in memory. The sentences are SYNTHETIC, modelled on
 * the seed article; the claims are pushed by hand as the extractor would
 * make them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "alloc_sweep.h"
#include "blsreport/check/claims.h"
#include "blsreport/check/unchecked.h"

#define DOC "article.txt"

static void push_claim(bls_claims *list, const char *doc, uint64_t line, const char *occupation,
                       bls_metric metric, const char *claimed)
{
    bls_claim c;
    memset(&c, 0, sizeof c);
    c.document = (char *)doc;
    c.input_path = (char *)doc;
    c.line = c.input_line = line;
    c.occupation = (char *)occupation;
    c.metric = metric;
    c.claimed_text = (char *)claimed;
    c.claimed = bls_cell_parse(claimed, strlen(claimed));
    c.quote = "";
    assert_int_equal(bls_claims_push(list, &c), BLS_OK);
}

typedef struct expect {
    uint64_t line;
    const char *text;
    bls_unchecked_reason reason;
} expect;

static void assert_list(const bls_unchecked_list *nc, const expect *want, size_t n)
{
    for (size_t i = 0; i < nc->count && i < n; i++) {
        assert_int_equal(nc->items[i].line, want[i].line);
        assert_string_equal(nc->items[i].text, want[i].text);
        assert_string_equal(bls_unchecked_reason_name(nc->items[i].reason),
                            bls_unchecked_reason_name(want[i].reason));
        assert_string_equal(nc->items[i].document, DOC);
    }
    assert_int_equal(nc->count, n);
}

static void test_each_number_not_a_claim_is_listed_with_its_reason(void **state)
{
    (void)state;
    static const char doc[] = "\xEF\xBB\xBF"
                              "Job Growth (2012-2022)*41% 5%22%\r\n"                      /* 1 */
                              "In May 2014, aides earned $24,650 a year.\r\n"             /* 2 */
                              "The program takes 2 years and 1,200 hours; 7% drop out.\n" /* 3 */
                              "Wages rose 3% between 2012\xE2\x80\x93"
                              "22 for them.\n"                                     /* 4 */
                              "A typical shift pays $180 in the 90th percentile."; /* 5 */
    bls_claims claims, loose;
    bls_claims_init(&claims);
    bls_claims_init(&loose);
    push_claim(&claims, DOC, 1, "Psychiatric Technician", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "41%");
    push_claim(&claims, DOC, 1, "Psychiatric Technician", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "5%");
    push_claim(&claims, DOC, 2, "aides", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "$24,650");
    push_claim(&loose, DOC, 3, "", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "7%");
    push_claim(&loose, DOC, 5, "shift", BLS_METRIC_COUNT, "$180");
    /* Another document's claim of line 1 accounts for nothing here. */
    push_claim(&claims, "other.txt", 1, "x", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "22%");

    bls_unchecked_list nc;
    bls_unchecked_init(&nc);
    assert_int_equal(bls_unchecked_scan(doc, sizeof doc - 1, DOC, &claims, &loose, &nc), BLS_OK);
    const expect want[] = {
        {1, "2012-2022", BLS_UNCHECKED_YEAR},
        {1, "22%", BLS_UNCHECKED_NOT_RECOGNISED},
        {2, "2014", BLS_UNCHECKED_YEAR},
        {3, "2", BLS_UNCHECKED_NOT_A_BLS_FIGURE},
        {3, "1,200", BLS_UNCHECKED_NOT_A_BLS_FIGURE},
        {3, "7%", BLS_UNCHECKED_NO_OCCUPATION},
        {4, "3%", BLS_UNCHECKED_NOT_RECOGNISED},
        {4,
         "2012\xE2\x80\x93"
         "22",
         BLS_UNCHECKED_YEAR},
        {5, "$180", BLS_UNCHECKED_UNKNOWN_METRIC},
        {5, "90", BLS_UNCHECKED_NOT_A_BLS_FIGURE},
    };
    assert_list(&nc, want, sizeof want / sizeof want[0]);
    bls_unchecked_cleanup(&nc);
    bls_unchecked_cleanup(&nc); /* reusable, idempotent */
    bls_claims_cleanup(&claims);
    bls_claims_cleanup(&loose);
}

/* One claim accounts for one number: the same figure twice on a line with
 * one claim leaves the second listed. */
static void test_a_claim_accounts_for_one_number_only(void **state)
{
    (void)state;
    static const char doc[] = "Both grew 5%, and aides 5% too.";
    bls_claims claims;
    bls_claims_init(&claims);
    push_claim(&claims, DOC, 1, "technicians", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "5%");
    bls_unchecked_list nc;
    bls_unchecked_init(&nc);
    assert_int_equal(bls_unchecked_scan(doc, sizeof doc - 1, DOC, &claims, NULL, &nc), BLS_OK);
    const expect want[] = {{1, "5%", BLS_UNCHECKED_NOT_RECOGNISED}};
    assert_list(&nc, want, 1);
    bls_unchecked_cleanup(&nc);
    bls_claims_cleanup(&claims);
}

/* A UTF-16LE document (Notepad's "Unicode", with its BOM) is read as its
 * UTF-8 text, as the extractor reads it: same numbers, same lines. */
static void test_utf16_document_is_read_as_its_text(void **state)
{
    (void)state;
    static const char utf8[] = "In May 2014 aides earned $24,650.\r\nOnly 3 of 4 stayed.";
    char wide[2 + 2 * sizeof utf8];
    size_t n = 0;
    wide[n++] = '\xFF';
    wide[n++] = '\xFE';
    for (size_t i = 0; i + 1 < sizeof utf8; i++) { /* ASCII only: one unit each */
        wide[n++] = utf8[i];
        wide[n++] = '\0';
    }
    bls_claims claims;
    bls_claims_init(&claims);
    push_claim(&claims, DOC, 1, "aides", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "$24,650");
    bls_unchecked_list nc;
    bls_unchecked_init(&nc);
    assert_int_equal(bls_unchecked_scan(wide, n, DOC, &claims, NULL, &nc), BLS_OK);
    const expect want[] = {
        {1, "2014", BLS_UNCHECKED_YEAR},
        {2, "3", BLS_UNCHECKED_NOT_A_BLS_FIGURE},
        {2, "4", BLS_UNCHECKED_NOT_A_BLS_FIGURE},
    };
    assert_list(&nc, want, sizeof want / sizeof want[0]);
    bls_unchecked_cleanup(&nc);
    bls_claims_cleanup(&claims);
}

static void test_empty_document_and_bad_arguments(void **state)
{
    (void)state;
    bls_unchecked_list nc;
    bls_unchecked_init(&nc);
    assert_int_equal(bls_unchecked_scan("", 0, DOC, NULL, NULL, &nc), BLS_OK);
    assert_int_equal(nc.count, 0);
    assert_int_equal(bls_unchecked_scan(NULL, 3, DOC, NULL, NULL, &nc), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_unchecked_scan("1", 1, NULL, NULL, NULL, &nc), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_unchecked_scan("1", 1, DOC, NULL, NULL, NULL), BLS_ERR_INVALID_ARG);
    assert_string_equal(bls_unchecked_reason_name(BLS_UNCHECKED_REASON_COUNT), "unknown");
}

/* Every allocation failing in turn gives BLS_ERR_NOMEM, never a crash or a
 * leak (ASan build), and the list stays consistent. */
static void test_allocation_failures_are_reported(void **state)
{
    (void)state;
    static const char doc[] = "In 2014 aides earned $24,650; 3 of 4 stayed 2012-2022.";
    bls_claims claims;
    bls_claims_init(&claims);
    push_claim(&claims, DOC, 1, "aides", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "$24,650");
    for (long n = 0;; n++) {
        bls_unchecked_list nc;
        bls_unchecked_init(&nc);
        sweep_fail_after(n);
        bls_status st = bls_unchecked_scan(doc, sizeof doc - 1, DOC, &claims, NULL, &nc);
        int fired = sweep_end_run();
        bls_unchecked_cleanup(&nc);
        if (!fired) {
            assert_int_equal(st, BLS_OK);
            break;
        }
        if (st != BLS_OK)
            assert_int_equal(st, BLS_ERR_NOMEM);
        assert_true(n < 100);
    }
    bls_claims_cleanup(&claims);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_number_not_a_claim_is_listed_with_its_reason),
        cmocka_unit_test(test_a_claim_accounts_for_one_number_only),
        cmocka_unit_test(test_utf16_document_is_read_as_its_text),
        cmocka_unit_test(test_empty_document_and_bad_arguments),
        cmocka_unit_test(test_allocation_failures_are_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
