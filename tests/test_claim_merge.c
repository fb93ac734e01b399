/*
 * test_claim_merge.c - unit tests for claim_merge.c (one list of claims
 * from a claims CSV and the article it restates).
 *
 * The figures ($54,410, 41%) are the seed article's as BLS published them;
 * the claims are built in memory.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc_internal.h"
#include "test_report.h"
#include "blsreport/check/claim_merge.h"

static void add(bls_claims *list, const char *document, uint64_t line, const char *soc,
                bls_metric metric, const char *claimed, bls_claim_origin origin,
                const char *input_path)
{
    bls_claim c = test_claim(document, line, "Physical therapist assistants", soc, metric, "",
                             claimed, "", origin, input_path);
    assert_int_equal(bls_claims_push(list, &c), BLS_OK);
}

static void test_same_compares_name_line_metric_code_and_value(void **state)
{
    (void)state;
    bls_claims l;
    bls_claims_init(&l);
    add(&l, "input/a.txt", 7, "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "$54,410", BLS_ORIGIN_CSV,
        "input/claims.csv");
    add(&l, "a.txt", 7, "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "54410", BLS_ORIGIN_PROSE,
        "a.txt");
    add(&l, "a.txt", 8, "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "$54,410", BLS_ORIGIN_PROSE,
        "a.txt");
    add(&l, "a.txt", 7, "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "$54,400", BLS_ORIGIN_PROSE,
        "a.txt");
    add(&l, "a.txt", 7, "31-2022", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "$54,410", BLS_ORIGIN_PROSE,
        "a.txt");
    add(&l, "a.txt", 7, "31-2021", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "$54,410", BLS_ORIGIN_PROSE,
        "a.txt");
    /* the directory is not compared; "$54,410" and "54410" are one value */
    assert_true(bls_claims_same(&l.items[0], &l.items[1]));
    for (size_t i = 2; i < l.count; i++)
        assert_false(bls_claims_same(&l.items[0], &l.items[i]));
    bls_claims_cleanup(&l);
}

static void test_drop_keeps_the_first_of_another_origin_and_the_order(void **state)
{
    (void)state;
    bls_claims l;
    bls_claims_init(&l);
    add(&l, "a.txt", 3, "31-2021", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "41%", BLS_ORIGIN_CSV,
        "claims.csv");
    add(&l, "a.txt", 9, "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "$54,410", BLS_ORIGIN_CSV,
        "claims.csv");
    add(&l, "a.txt", 9, "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "$54,410", BLS_ORIGIN_PROSE,
        "a.txt");
    add(&l, "a.txt", 3, "31-2021", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "41%", BLS_ORIGIN_TABLE,
        "a.txt");
    /* the same origin twice is two quotes (a table repeated), both kept */
    add(&l, "b.txt", 1, "31-2021", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "41%", BLS_ORIGIN_PROSE,
        "b.txt");
    add(&l, "b.txt", 1, "31-2021", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "41%", BLS_ORIGIN_PROSE,
        "b.txt");
    assert_int_equal(bls_claims_drop_duplicates(&l), 2);
    assert_int_equal(l.count, 4);
    assert_int_equal(l.items[0].line, 3);
    assert_int_equal(l.items[0].origin, BLS_ORIGIN_CSV);
    assert_int_equal(l.items[1].line, 9);
    assert_int_equal(l.items[1].origin, BLS_ORIGIN_CSV);
    assert_string_equal(l.items[2].document, "b.txt");
    assert_string_equal(l.items[3].document, "b.txt");
    bls_claims_cleanup(&l);
}

/* Out of memory at every allocation of the sorted path: the pairwise
 * fallback gives the same list. */
static void test_drop_without_memory_gives_the_same_answer(void **state)
{
    (void)state;
    for (long n = 0; n < 3; n++) {
        bls_claims l;
        bls_claims_init(&l);
        add(&l, "a.txt", 9, "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "$54,410", BLS_ORIGIN_CSV,
            "claims.csv");
        add(&l, "a.txt", 9, "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "$54,410", BLS_ORIGIN_PROSE,
            "a.txt");
        add(&l, "a.txt", 10, "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "$54,410", BLS_ORIGIN_PROSE,
            "a.txt");
        bls_alloc_fail_once_after(n);
        size_t dropped = bls_claims_drop_duplicates(&l);
        bls_alloc_reset();
        assert_int_equal(dropped, 1);
        assert_int_equal(l.count, 2);
        assert_int_equal(l.items[1].line, 10);
        bls_claims_cleanup(&l);
    }
}

/* A claims CSV names its document relative to itself. */
static void test_locate_documents_finds_the_document_beside_the_csv(void **state)
{
    (void)state;
    char dir[] = "/tmp/bls-merge-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char csv[256], doc[256];
    snprintf(csv, sizeof csv, "%s/claims.csv", dir);
    snprintf(doc, sizeof doc, "%s/article.txt", dir);
    FILE *f = fopen(doc, "w");
    assert_non_null(f);
    fputs("text\n", f);
    fclose(f);
    bls_claims l;
    bls_claims_init(&l);
    add(&l, "article.txt", 1, "", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "41%", BLS_ORIGIN_CSV, csv);
    add(&l, "elsewhere.txt", 1, "", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "41%", BLS_ORIGIN_CSV, csv);
    add(&l, "article.txt", 1, "", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "41%", BLS_ORIGIN_PROSE,
        "article.txt");
    bls_claims_locate_documents(&l);
    assert_string_equal(l.items[0].document, doc);
    assert_string_equal(l.items[1].document, "elsewhere.txt"); /* no such file: as written */
    assert_string_equal(l.items[2].document, "article.txt");   /* not from a CSV */
    bls_claims_cleanup(&l);
    remove(doc);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_compares_name_line_metric_code_and_value),
        cmocka_unit_test(test_drop_keeps_the_first_of_another_origin_and_the_order),
        cmocka_unit_test(test_drop_without_memory_gives_the_same_answer),
        cmocka_unit_test(test_locate_documents_finds_the_document_beside_the_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
