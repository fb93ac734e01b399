/*
 * test_ci.c - unit tests for ci.c: relative paths, fingerprints (stable,
 * line-independent, counted per occurrence), and the items built from
 * findings and checks, with every allocation made to fail in turn.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "alloc_sweep.h"
#include "blsreport/base/alloc.h"
#include "blsreport/render/annotate.h"
#include "blsreport/render/ci.h"

static void test_relative_path_table(void **state)
{
    (void)state;
    static const struct {
        const char *path, *cwd, *want;
    } cases[] = {
        {"/work/repo/input/a.csv", "/work/repo", "input/a.csv"},
        {"/work/repo/input/a.csv", "/work/repo/", "input/a.csv"},
        {"/work/repository/a.csv", "/work/repo", "/work/repository/a.csv"}, /* not under */
        {"./input/a.csv", "/x", "input/a.csv"},
        {".//input/a.csv", NULL, "input/a.csv"},
        {"input/a.csv", "/x", "input/a.csv"},
        {"/etc/x", "/", "etc/x"},
        {"../shared/a.csv", "/x", "../shared/a.csv"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *rel = bls_ci_relative_path(cases[i].path, cases[i].cwd);
        assert_non_null(rel);
        assert_string_equal(rel, cases[i].want);
        bls_free(rel);
    }
}

static void test_fingerprints_are_stable_and_count_occurrences(void **state)
{
    (void)state;
    char a1[BLS_FINGERPRINT_SIZE], a2[BLS_FINGERPRINT_SIZE], b1[BLS_FINGERPRINT_SIZE],
        again[BLS_FINGERPRINT_SIZE], abs1[BLS_FINGERPRINT_SIZE];
    bls_fingerprinter fp;
    assert_int_equal(bls_fingerprinter_init(&fp, "/repo"), BLS_OK);
    assert_int_equal(bls_fingerprint_next(&fp, "soc-format", "in/a.csv", "msg", a1), BLS_OK);
    assert_int_equal(bls_fingerprint_next(&fp, "soc-format", "in/a.csv", "msg", a2), BLS_OK);
    assert_int_equal(bls_fingerprint_next(&fp, "soc-format", "in/b.csv", "msg", b1), BLS_OK);
    bls_fingerprinter_cleanup(&fp);
    assert_string_equal(a1 + 16, ":1");
    assert_string_equal(a2 + 16, ":2");
    assert_memory_equal(a1, a2, 16);
    assert_memory_not_equal(a1, b1, 16);
    /* a new fingerprinter (a new run) gives the same, also from ./ or /repo/ */
    assert_int_equal(bls_fingerprinter_init(&fp, "/repo"), BLS_OK);
    assert_int_equal(bls_fingerprint_next(&fp, "soc-format", "./in/a.csv", "msg", again), BLS_OK);
    assert_string_equal(again, a1);
    assert_int_equal(bls_fingerprint_next(&fp, "soc-format", "/repo/in/a.csv", "msg", abs1),
                     BLS_OK);
    assert_string_equal(abs1 + 16, ":2"); /* the same item, seen a second time */
    bls_fingerprinter_cleanup(&fp);
}

static void test_fingerprinter_grows_past_its_first_table(void **state)
{
    (void)state;
    bls_fingerprinter fp;
    char out[BLS_FINGERPRINT_SIZE], first[BLS_FINGERPRINT_SIZE];
    assert_int_equal(bls_fingerprinter_init(&fp, NULL), BLS_OK);
    assert_int_equal(bls_fingerprint_next(&fp, "r", "p", "m0", first), BLS_OK);
    for (int i = 1; i < 5000; i++) {
        char msg[16];
        snprintf(msg, sizeof msg, "m%d", i);
        assert_int_equal(bls_fingerprint_next(&fp, "r", "p", msg, out), BLS_OK);
        assert_string_equal(out + 16, ":1");
    }
    assert_int_equal(bls_fingerprint_next(&fp, "r", "p", "m0", out), BLS_OK);
    assert_memory_equal(out, first, 16);
    assert_string_equal(out + 16, ":2");
    bls_fingerprinter_cleanup(&fp);
}

/* Two findings and two checks (one match, one mismatch). */
typedef struct fixture {
    bls_findings *findings;
    bls_claim claims[2];
    bls_check checks[2];
    bls_checks list;
} fixture;

static void fixture_init(fixture *f)
{
    memset(f, 0, sizeof *f);
    f->findings = bls_findings_new(0);
    assert_non_null(f->findings);
    assert_int_equal(bls_findings_add(f->findings, "/repo/in/a.csv", 7, 1, BLS_RULE_SOC_FORMAT,
                                      "OCC_CODE \"%s\" is not a SOC code", "29-20X3"),
                     BLS_OK);
    assert_int_equal(
        bls_findings_add(f->findings, "in/a.csv", 9, 0, BLS_RULE_ENCODING_CP1252, "transcoded"),
        BLS_OK);
    static const char *occ[2] = {"Nurses", "Physical therapist assistants"};
    static const char *claimed[2] = {"$1,000", "41%"};
    for (int i = 0; i < 2; i++) {
        f->claims[i].document = (char *)"article.txt";
        f->claims[i].line = (uint64_t)(10 + i);
        f->claims[i].occupation = (char *)occ[i];
        f->claims[i].claimed_text = (char *)claimed[i];
        f->claims[i].metric = i ? BLS_METRIC_EMPLOYMENT_CHANGE_PCT : BLS_METRIC_MEDIAN_ANNUAL_WAGE;
        f->checks[i].claim = &f->claims[i];
        f->checks[i].verdict = i ? BLS_VERDICT_MATCH : BLS_VERDICT_MISMATCH;
        f->checks[i].note = i ? "data: 41%" : "data: $2,000";
    }
    f->list.items = f->checks;
    f->list.count = 2;
}

static const int fails_mismatch[BLS_VERDICT_COUNT] = {
    [BLS_VERDICT_MISMATCH] = 1, [BLS_VERDICT_MISSING] = 1};

static void test_items_from_findings_and_checks(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    bls_ci_items items;
    assert_int_equal(bls_ci_items_build(f.findings, &f.list, fails_mismatch, "/repo", &items),
                     BLS_OK);
    assert_int_equal(items.count, 4);
    assert_string_equal(items.items[0].path, "in/a.csv");
    assert_string_equal(items.items[0].rule, "soc-format");
    assert_true(items.items[0].fails);
    assert_int_equal(items.items[0].column, 1);
    assert_false(items.items[1].fails);
    assert_int_equal(items.items[2].kind, BLS_CI_VERDICT);
    assert_string_equal(items.items[2].rule, "claim-mismatch");
    assert_int_equal(items.items[2].level, BLS_SEV_ERROR);
    assert_int_equal(items.items[2].line, 10);
    assert_int_equal(items.items[2].column, 0);
    assert_non_null(strstr(items.items[2].title, "mismatch: "));
    assert_non_null(strstr(items.items[2].message, "data: $2,000"));
    assert_int_equal(items.items[3].level, BLS_SEV_INFO);
    assert_false(items.items[3].fails);
    assert_int_equal(bls_ci_items_failing(&items), 2);
    items.items[2].baselined = 1;
    assert_int_equal(bls_ci_items_failing(&items), 1);
    assert_int_equal(bls_ci_items_baselined(&items), 1);
    /* the verdict's fingerprint does not depend on its line */
    char before[BLS_FINGERPRINT_SIZE];
    memcpy(before, items.items[2].fingerprint, sizeof before);
    bls_ci_items_cleanup(&items);
    f.claims[0].line = 99;
    assert_int_equal(bls_ci_items_build(f.findings, &f.list, fails_mismatch, "/repo", &items),
                     BLS_OK);
    assert_string_equal(items.items[2].fingerprint, before);
    bls_ci_items_cleanup(&items);
    bls_findings_free(f.findings);
}

static void test_items_count_errors_beyond_the_findings_cap(void **state)
{
    (void)state;
    bls_findings *list = bls_findings_new(1);
    assert_non_null(list);
    for (int i = 0; i < 3; i++)
        assert_int_equal(
            bls_findings_add(list, "a.csv", (uint64_t)i + 1, 1, BLS_RULE_SOC_FORMAT, "bad"),
            BLS_OK);
    bls_ci_items items;
    assert_int_equal(bls_ci_items_build(list, NULL, fails_mismatch, NULL, &items), BLS_OK);
    assert_int_equal(items.count, 1);
    assert_int_equal(items.unlisted_errors, 2);
    items.items[0].baselined = 1;
    assert_int_equal(bls_ci_items_failing(&items), 2); /* the unlisted ones still fail */
    bls_ci_items_cleanup(&items);
    bls_findings_free(list);
}

static void test_items_build_fails_cleanly_at_every_allocation(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    bls_ci_items items;
    int failures = 0;
    for (long n = 0;; n++) {
        sweep_fail_after(n);
        bls_status st = bls_ci_items_build(f.findings, &f.list, fails_mismatch, "/repo", &items);
        int fired = sweep_end_run();
        if (st == BLS_OK) {
            bls_ci_items_cleanup(&items);
            if (!fired)
                break;
            continue;
        }
        assert_true(fired);
        assert_int_equal(st, BLS_ERR_NOMEM);
        assert_null(items.items);
        failures++;
    }
    assert_true(failures > 5);
    bls_findings_free(f.findings);
}

static void test_workbook_sheet_findings_name_the_file_and_the_cell(void **state)
{
    (void)state;
    bls_findings *list = bls_findings_new(0);
    assert_non_null(list);
    assert_int_equal(bls_findings_mark_sheet(list, "data/book.xlsx:national_dl"), BLS_OK);
    assert_int_equal(bls_findings_add(list, "data/book.xlsx:national_dl", 12, 3,
                                      BLS_RULE_SOC_FORMAT, "bad code"),
                     BLS_OK);
    bls_ci_items items;
    assert_int_equal(bls_ci_items_build(list, NULL, fails_mismatch, NULL, &items), BLS_OK);
    const bls_ci_item *it = &items.items[0];
    assert_string_equal(it->path, "data/book.xlsx"); /* the file, for CI */
    assert_string_equal(it->location, "data/book.xlsx:national_dl!C12");
    assert_string_equal(it->message, "national_dl!C12: bad code");
    assert_int_equal(it->line, 0); /* no text line of an .xlsx */
    bls_dynbuf b;
    bls_dynbuf_init(&b, 4096);
    assert_int_equal(bls_annotate_text(&b, it), BLS_OK); /* the text line as before */
    assert_string_equal(b.data, "data/book.xlsx:national_dl!C12: error: bad code [soc-format]\n");
    bls_dynbuf_reset(&b);
    assert_int_equal(bls_annotate_github(&b, it), BLS_OK);
    assert_string_equal(b.data, "::error file=data/book.xlsx,title=soc-format::national_dl!C12: "
                                "bad code [soc-format]\n");
    bls_dynbuf_cleanup(&b);
    bls_ci_items_cleanup(&items);
    bls_findings_free(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_relative_path_table),
        cmocka_unit_test(test_fingerprints_are_stable_and_count_occurrences),
        cmocka_unit_test(test_fingerprinter_grows_past_its_first_table),
        cmocka_unit_test(test_items_from_findings_and_checks),
        cmocka_unit_test(test_items_count_errors_beyond_the_findings_cap),
        cmocka_unit_test(test_items_build_fails_cleanly_at_every_allocation),
        cmocka_unit_test(test_workbook_sheet_findings_name_the_file_and_the_cell),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
