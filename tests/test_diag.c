/*
 * test_diag.c - unit tests for diag.c (rule table and findings list).
 *
 * Pipeline: every stage reports data problems as findings; the CLI, the
 * workbook and the JSON summary list them. These tests pin the rule table
 * (stable ids are a CI contract), the counters, the cap, path interning,
 * message formatting and the behaviour when allocations fail.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "alloc_sweep.h"
#include "blsreport/base/diag.h"

/* The stable text ids as diag.h documents them; a renamed id breaks CI
 * scripts that grep the JSON summary, so it must break this test first. */
static const struct {
    bls_rule rule;
    const char *id;
} documented_ids[] = {
    {BLS_RULE_ENCODING_CP1252, "enc-cp1252"},
    {BLS_RULE_ENCODING_INVALID, "enc-invalid"},
    {BLS_RULE_CONTROL_CHAR, "cell-control-char"},
    {BLS_RULE_FIELD_TOO_LONG, "cell-too-long"},
    {BLS_RULE_ROW_TOO_WIDE, "row-too-wide"},
    {BLS_RULE_ROW_TOO_NARROW, "row-too-narrow"},
    {BLS_RULE_CSV_QUOTE, "csv-quote"},
    {BLS_RULE_REQUIRED_COLUMN, "layout-required-column"},
    {BLS_RULE_DUPLICATE_COLUMN, "layout-duplicate-column"},
    {BLS_RULE_PERIOD_UNKNOWN, "layout-period-unknown"},
    {BLS_RULE_SOC_FORMAT, "soc-format"},
    {BLS_RULE_SOC_MAJOR_GROUP, "soc-major-group"},
    {BLS_RULE_OCC_GROUP, "occ-group"},
    {BLS_RULE_NUMBER_PARSE, "cell-not-number"},
    {BLS_RULE_MARKER_MISPLACED, "marker-misplaced"},
    {BLS_RULE_FLAG_VALUE, "flag-value"},
    {BLS_RULE_NEGATIVE, "value-negative"},
    {BLS_RULE_PERCENTILE_ORDER, "wage-percentile-order"},
    {BLS_RULE_ANNUAL_HOURLY, "wage-annual-hourly"},
    {BLS_RULE_TOP_CODE, "wage-top-code"},
    {BLS_RULE_EP_CHANGE, "ep-change-number"},
    {BLS_RULE_EP_PERCENT, "ep-change-percent"},
    {BLS_RULE_DUPLICATE_KEY, "row-duplicate-key"},
    {BLS_RULE_BLOCK_UNSORTED, "row-block-unsorted"},
    {BLS_RULE_TITLE_CONFLICT, "soc-title-conflict"},
    {BLS_RULE_GROUP_TOTAL, "group-total"},
    {BLS_RULE_CLAIM_FIELD, "claim-field"},
    {BLS_RULE_CLAIM_UNATTRIBUTED, "claim-unattributed"},
    {BLS_RULE_CLAIM_DISAGREE, "claim-quotes-disagree"},
    {BLS_RULE_DATA_CONFLICT, "data-conflict"},
    {BLS_RULE_INPUT_DUPLICATE, "input-duplicate"},
    {BLS_RULE_ENCODING_MACROMAN, "enc-macroman"},
    {BLS_RULE_DOCUMENT_UNREADABLE, "document-unreadable"},
};

static void test_rule_table_is_complete_with_unique_ids(void **state)
{
    (void)state;
    for (int r = 0; r < BLS_RULE_COUNT; r++) {
        const bls_rule_info *info = bls_rule_get((bls_rule)r);
        if (!info || !info->id || !info->summary)
            fail_msg("rule %d has no table entry, id or summary", r);
        if (!info->id[0] || !info->summary[0])
            fail_msg("rule %d has an empty id or summary", r);
        assert_true(info->severity == BLS_SEV_INFO || info->severity == BLS_SEV_WARNING ||
                    info->severity == BLS_SEV_ERROR);
        /* ids are lower-case words joined by dashes (they go into file names and greps) */
        for (const char *c = info->id; *c; c++)
            if (!(islower((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '-'))
                fail_msg("rule id \"%s\" has character '%c'", info->id, *c);
        for (int other = 0; other < r; other++)
            if (strcmp(bls_rule_get((bls_rule)other)->id, info->id) == 0)
                fail_msg("rules %d and %d share the id %s", other, r, info->id);
    }
}

static void test_rule_ids_match_the_documented_ids(void **state)
{
    (void)state;
    assert_int_equal(sizeof documented_ids / sizeof documented_ids[0], BLS_RULE_COUNT);
    for (size_t i = 0; i < sizeof documented_ids / sizeof documented_ids[0]; i++)
        assert_string_equal(bls_rule_get(documented_ids[i].rule)->id, documented_ids[i].id);
}

static void test_rule_get_rejects_out_of_range(void **state)
{
    (void)state;
    assert_null(bls_rule_get(BLS_RULE_COUNT));
    assert_null(bls_rule_get((bls_rule)-1));
}

static void test_severity_names(void **state)
{
    (void)state;
    assert_string_equal(bls_severity_name(BLS_SEV_INFO), "info");
    assert_string_equal(bls_severity_name(BLS_SEV_WARNING), "warning");
    assert_string_equal(bls_severity_name(BLS_SEV_ERROR), "error");
}

static void test_findings_keep_fields_and_count_by_severity(void **state)
{
    (void)state;
    bls_findings *list = bls_findings_new(0);
    assert_non_null(list);
    assert_int_equal(bls_findings_count(list), 0);
    /* soc-format is an error, soc-title-conflict a warning, enc-cp1252 an info (Excel's
     * encoding, read correctly, says nothing against the data) */
    assert_int_equal(bls_findings_add(list, "wages.csv", 12, 8, BLS_RULE_SOC_FORMAT,
                                      "code \"%s\" is not NN-NNNN", "29-11"),
                     BLS_OK);
    assert_int_equal(
        bls_findings_add(list, "wages.csv", 40, 0, BLS_RULE_TITLE_CONFLICT, "title differs"),
        BLS_OK);
    assert_int_equal(
        bls_findings_add(list, "ep.csv", 0, 0, BLS_RULE_ENCODING_CP1252, "%d lines", 3), BLS_OK);
    assert_int_equal(bls_findings_count(list), 3);
    assert_int_equal(bls_findings_total(list, BLS_SEV_ERROR), 1);
    assert_int_equal(bls_findings_total(list, BLS_SEV_WARNING), 1);
    assert_int_equal(bls_findings_total(list, BLS_SEV_INFO), 1);
    assert_int_equal(bls_findings_dropped(list), 0);

    const bls_finding *f = bls_findings_at(list, 0);
    assert_non_null(f);
    assert_string_equal(f->path, "wages.csv");
    assert_int_equal(f->line, 12);
    assert_int_equal(f->column, 8);
    assert_int_equal(f->rule, BLS_RULE_SOC_FORMAT);
    assert_int_equal(f->severity, BLS_SEV_ERROR);
    assert_string_equal(f->message, "code \"29-11\" is not NN-NNNN");

    f = bls_findings_at(list, 2);
    assert_string_equal(f->path, "ep.csv");
    assert_int_equal(f->severity, BLS_SEV_INFO);
    assert_string_equal(f->message, "3 lines");
    assert_null(bls_findings_at(list, 3));
    bls_findings_free(list);
}

static void test_message_formats_printf_arguments(void **state)
{
    (void)state;
    bls_findings *list = bls_findings_new(0);
    assert_non_null(list);
    uint64_t big = 18446744073709551615u;
    assert_int_equal(bls_findings_add(list, "a.csv", 1, 1, BLS_RULE_NUMBER_PARSE,
                                      "%s|%d|%llu|%.*s|%5.1f|%%", "x", -42, (unsigned long long)big,
                                      3, "abcdef", 40.9),
                     BLS_OK);
    assert_string_equal(bls_findings_at(list, 0)->message,
                        "x|-42|18446744073709551615|abc| 40.9|%");
    /* A '%' in data passed as an argument is copied, not interpreted. */
    assert_int_equal(bls_findings_add(list, "a.csv", 2, 1, BLS_RULE_NUMBER_PARSE, "%s", "41%s %n"),
                     BLS_OK);
    assert_string_equal(bls_findings_at(list, 1)->message, "41%s %n");
    bls_findings_free(list);
}

static void test_long_message_is_kept_whole(void **state)
{
    (void)state;
    /* 1,022 ASCII bytes then two-byte characters: a 1,024-byte buffer used
     * to cut the message inside one of them (invalid UTF-8 in the JSON). */
    char text[5001];
    memset(text, 'm', 1022);
    for (size_t i = 1022; i + 2 <= sizeof text - 1; i += 2)
        memcpy(text + i, "\xc3\xa9", 2); /* U+00E9 */
    text[sizeof text - 1] = '\0';
    bls_findings *list = bls_findings_new(0);
    assert_non_null(list);
    assert_int_equal(
        bls_findings_add(list, "a.csv", 1, 1, BLS_RULE_FIELD_TOO_LONG, "cell: %s.", text), BLS_OK);
    const char *msg = bls_findings_at(list, 0)->message;
    assert_int_equal(strlen(msg), strlen(text) + 7);
    assert_memory_equal(msg, "cell: ", 6);
    assert_string_equal(msg + 6 + strlen(text), ".");
    assert_memory_equal(msg + 6, text, strlen(text));
    bls_findings_free(list);
}

static void test_cap_keeps_first_findings_and_counts_the_rest(void **state)
{
    (void)state;
    bls_findings *list = bls_findings_new(3);
    assert_non_null(list);
    for (int i = 0; i < 10; i++) {
        bls_rule rule = i % 2 ? BLS_RULE_SOC_FORMAT : BLS_RULE_TITLE_CONFLICT;
        assert_int_equal(bls_findings_add(list, "w.csv", (uint64_t)i + 1, 0, rule, "n%d", i),
                         BLS_OK);
    }
    assert_int_equal(bls_findings_count(list), 3);
    assert_int_equal(bls_findings_dropped(list), 7);
    /* totals count every finding, kept or not: 5 errors, 5 warnings */
    assert_int_equal(bls_findings_total(list, BLS_SEV_ERROR), 5);
    assert_int_equal(bls_findings_total(list, BLS_SEV_WARNING), 5);
    for (size_t i = 0; i < 3; i++) {
        char expected[8];
        snprintf(expected, sizeof expected, "n%zu", i);
        assert_string_equal(bls_findings_at(list, i)->message, expected);
        assert_int_equal(bls_findings_at(list, i)->line, i + 1);
    }
    assert_null(bls_findings_at(list, 3));
    bls_findings_free(list);
}

static void test_many_findings_grow_past_the_first_block(void **state)
{
    (void)state;
    bls_findings *list = bls_findings_new(0);
    assert_non_null(list);
    for (uint64_t i = 0; i < 1000; i++)
        assert_int_equal(bls_findings_add(list, "w.csv", i, 2, BLS_RULE_NEGATIVE, "row %llu",
                                          (unsigned long long)i),
                         BLS_OK);
    assert_int_equal(bls_findings_count(list), 1000);
    assert_int_equal(bls_findings_at(list, 999)->line, 999);
    assert_string_equal(bls_findings_at(list, 500)->message, "row 500");
    bls_findings_free(list);
}

static void test_paths_are_interned_and_copied(void **state)
{
    (void)state;
    bls_findings *list = bls_findings_new(0);
    assert_non_null(list);
    char path[32];
    strcpy(path, "wages.csv");
    assert_int_equal(bls_findings_add(list, path, 1, 0, BLS_RULE_NEGATIVE, "a"), BLS_OK);
    assert_int_equal(bls_findings_add(list, "ep.csv", 2, 0, BLS_RULE_NEGATIVE, "b"), BLS_OK);
    assert_int_equal(bls_findings_add(list, "wages.csv", 3, 0, BLS_RULE_NEGATIVE, "c"), BLS_OK);
    assert_int_equal(bls_findings_add(list, NULL, 4, 0, BLS_RULE_NEGATIVE, "d"), BLS_OK);
    strcpy(path, "changed.csv"); /* the list holds its own copy */
    const bls_finding *a = bls_findings_at(list, 0), *b = bls_findings_at(list, 1);
    const bls_finding *c = bls_findings_at(list, 2), *d = bls_findings_at(list, 3);
    assert_ptr_equal(a->path, c->path);
    assert_ptr_not_equal(a->path, b->path);
    assert_ptr_not_equal(a->path, path);
    assert_string_equal(a->path, "wages.csv");
    assert_string_equal(b->path, "ep.csv");
    assert_string_equal(d->path, "");
    bls_findings_free(list);
}

static void test_add_rejects_bad_arguments_without_counting(void **state)
{
    (void)state;
    bls_findings *list = bls_findings_new(0);
    assert_non_null(list);
    assert_int_equal(bls_findings_add(NULL, "a", 1, 1, BLS_RULE_NEGATIVE, "x"),
                     BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_findings_add(list, "a", 1, 1, BLS_RULE_COUNT, "x"), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_findings_count(list), 0);
    for (int s = BLS_SEV_INFO; s <= BLS_SEV_ERROR; s++)
        assert_int_equal(bls_findings_total(list, (bls_severity)s), 0);
    bls_findings_free(list);
}

static void test_null_list_accessors_are_safe(void **state)
{
    (void)state;
    bls_findings_free(NULL);
    assert_int_equal(bls_findings_count(NULL), 0);
    assert_null(bls_findings_at(NULL, 0));
    assert_int_equal(bls_findings_total(NULL, BLS_SEV_ERROR), 0);
    assert_int_equal(bls_findings_dropped(NULL), 0);
}

/* Make the n-th allocation fail for n = 0, 1, ... until a whole scenario
 * succeeds. Every call must return BLS_OK or BLS_ERR_NOMEM, the counters
 * must still count every finding, and ASan must see no leak. */
static void test_allocation_failures_are_reported_and_leak_nothing(void **state)
{
    (void)state;
    static const char *const paths[] = {"a.csv", "b.csv", "a.csv", "c.csv"};
    enum { ADDS = 40 };
    int succeeded = 0;
    int fired = 1;
    for (long n = 0; n < 10000 && fired; n++) {
        sweep_fail_after(n);
        bls_findings *list = bls_findings_new(0);
        if (!list) {
            fired = sweep_end_run();
            continue;
        }
        size_t ok_count = 0;
        int all_ok = 1;
        for (int i = 0; i < ADDS; i++) {
            bls_status st = bls_findings_add(list, paths[i % 4], (uint64_t)i, 1,
                                             BLS_RULE_SOC_FORMAT, "finding %d", i);
            assert_true(st == BLS_OK || st == BLS_ERR_NOMEM);
            if (st == BLS_OK)
                ok_count++;
            else
                all_ok = 0;
        }
        fired = sweep_end_run();
        assert_int_equal(bls_findings_count(list), ok_count);
        assert_int_equal(bls_findings_total(list, BLS_SEV_ERROR), ADDS);
        for (size_t i = 0; i < ok_count; i++) {
            const bls_finding *f = bls_findings_at(list, i);
            assert_non_null(f->path);
            assert_non_null(f->message);
            assert_true(strncmp(f->message, "finding ", 8) == 0);
        }
        bls_findings_free(list);
        succeeded = all_ok;
    }
    bls_alloc_reset();
    assert_true(succeeded);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_table_is_complete_with_unique_ids),
        cmocka_unit_test(test_rule_ids_match_the_documented_ids),
        cmocka_unit_test(test_rule_get_rejects_out_of_range),
        cmocka_unit_test(test_severity_names),
        cmocka_unit_test(test_findings_keep_fields_and_count_by_severity),
        cmocka_unit_test(test_message_formats_printf_arguments),
        cmocka_unit_test(test_long_message_is_kept_whole),
        cmocka_unit_test(test_cap_keeps_first_findings_and_counts_the_rest),
        cmocka_unit_test(test_many_findings_grow_past_the_first_block),
        cmocka_unit_test(test_paths_are_interned_and_copied),
        cmocka_unit_test(test_add_rejects_bad_arguments_without_counting),
        cmocka_unit_test(test_null_list_accessors_are_safe),
        cmocka_unit_test(test_allocation_failures_are_reported_and_leak_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
