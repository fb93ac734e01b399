/*
 * test_chart_view.c - unit tests for chart_view.c (what each chart shows).
 *
 * Pipeline: model -> *chart_view* -> render. Models are built in memory with
 * bls_model_add_fact(). Every figure here is SYNTHETIC (made-up wages and
 * growth rates on real SOC codes and titles), so that the rules, not BLS's
 * numbers, decide each expectation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/alloc_internal.h"
#include "blsreport/base/soc.h"
#include "blsreport/check/model.h"
#include "blsreport/render/chart_view.h"

static const bls_period MAY2014 = {2014, 2014, 5};
static const bls_period MAY2023 = {2023, 2023, 5};
static const bls_period EP2012 = {2012, 2022, 0};

static void add(bls_model *m, const char *soc, const char *title, bls_occ_group g,
                bls_metric metric, bls_period p, bls_cell_state state, int64_t value)
{
    bls_fact f;
    memset(&f, 0, sizeof f);
    f.metric = metric;
    f.period = p;
    f.value = state == BLS_CELL_VALUE ? bls_number_make(value, 0) : (bls_number){state, 0, 0, 0};
    f.path = "synthetic.csv";
    f.line = 2;
    f.program = metric == BLS_METRIC_EMPLOYMENT_CHANGE_PCT ? BLS_KIND_PROJECTIONS : BLS_KIND_WAGES;
    assert_int_equal(bls_model_add_fact(m, soc, title, g, &f), BLS_OK);
}

static void wage(bls_model *m, const char *soc, const char *title, bls_occ_group g, int64_t v)
{
    add(m, soc, title, g, BLS_METRIC_MEDIAN_ANNUAL_WAGE, MAY2014, BLS_CELL_VALUE, v);
}

static const bls_chart_series *series(bls_chart_view *v, bls_chart id)
{
    return bls_chart_view_series(v, id);
}

static int has_code(const bls_chart_series *s, const char *soc)
{
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->items[i].occ->soc_code, soc) == 0)
            return 1;
    return 0;
}

/* Nothing selected: the highest of every detailed occupation, top-coded
 * first, capped with a note (issue 16: the seven "#" wages were dropped). */
static void test_unselected_pay_ranks_top_coded_first_and_notes_the_cap(void **state)
{
    (void)state;
    bls_model *m = bls_model_new();
    char soc[8], title[32];
    for (int i = 0; i < 40; i++) {
        snprintf(soc, sizeof soc, "29-11%02d", i + 1);
        snprintf(title, sizeof title, "Occupation %d", i);
        wage(m, soc, title, BLS_GROUP_DETAILED, 30000 + 1000 * i);
    }
    add(m, "29-1061", "Anesthesiologists", BLS_GROUP_DETAILED, BLS_METRIC_MEDIAN_ANNUAL_WAGE,
        MAY2014, BLS_CELL_TOP_CODED, 0);
    add(m, "29-1067", "Surgeons", BLS_GROUP_DETAILED, BLS_METRIC_MEDIAN_ANNUAL_WAGE, MAY2014,
        BLS_CELL_TOP_CODED, 0);
    wage(m, "29-0000", "Healthcare Practitioners", BLS_GROUP_MAJOR, 999999);
    wage(m, "00-0000", "All Occupations", BLS_GROUP_TOTAL, 35540);
    bls_model_finish(m);
    bls_chart_view *v = NULL;
    assert_int_equal(bls_chart_view_build(m, NULL, 0, &v), BLS_OK);
    const bls_chart_series *s = series(v, BLS_CHART_PAY);
    assert_int_equal(s->count, bls_chart_specs[BLS_CHART_PAY].cap_all);
    assert_int_equal(s->eligible, 42);
    assert_int_equal(s->items[0].value.state, BLS_CELL_TOP_CODED);
    assert_int_equal(s->items[1].value.state, BLS_CELL_TOP_CODED);
    assert_string_equal(s->items[0].occ->soc_code, "29-1061"); /* ties by code */
    assert_true(bls_number_compare(&s->items[2].value, &s->items[3].value) > 0);
    assert_false(has_code(s, "29-0000")); /* a group, not asked for */
    assert_false(has_code(s, "00-0000")); /* the reference line */
    assert_int_equal(s->groups, 1);
    assert_non_null(strstr(s->note, "Shown: the 25 highest of 42 occupations"));
    assert_non_null(strstr(s->note, "1 occupation group "));
    assert_int_equal(s->period.year_from, 2014);
    bls_chart_view_free(v);
    bls_model_free(m);
}

/* --select 29-*: the broad code equal to its detailed code is shown once; the
 * major group is not drawn among its members; repeated titles get codes. */
static void test_selection_drops_twins_and_groups_among_members(void **state)
{
    (void)state;
    bls_model *m = bls_model_new();
    wage(m, "29-0000", "Healthcare Practitioners", BLS_GROUP_MAJOR, 60000);
    wage(m, "29-1050", "Pharmacists", BLS_GROUP_BROAD, 100000);
    wage(m, "29-1051", "Pharmacists", BLS_GROUP_DETAILED, 100000);
    wage(m, "29-1060", "Physicians and Surgeons", BLS_GROUP_BROAD, 150000);
    wage(m, "29-1061", "Anesthesiologists", BLS_GROUP_DETAILED, 170000);
    wage(m, "29-2011", "Technologists", BLS_GROUP_DETAILED, 50000);
    wage(m, "29-2012", "Technologists", BLS_GROUP_DETAILED, 40000);
    bls_model_finish(m);
    const char *sel[] = {"29-0000", "29-1050", "29-1051", "29-1060",
                         "29-1061", "29-2011", "29-2012"};
    bls_chart_view *v = NULL;
    assert_int_equal(bls_chart_view_build(m, sel, 7, &v), BLS_OK);
    const bls_chart_series *s = series(v, BLS_CHART_PAY);
    assert_int_equal(s->count, 4);
    assert_string_equal(s->items[0].occ->soc_code, "29-1061");
    assert_string_equal(s->items[1].occ->soc_code, "29-1051");
    assert_int_equal(s->twins, 1);
    assert_int_equal(s->groups, 2);                        /* 29-0000 and 29-1060 */
    assert_string_equal(s->items[1].label, "Pharmacists"); /* its twin is gone */
    assert_string_equal(s->items[2].label, "Technologists (29-2011)");
    assert_string_equal(s->items[3].label, "Technologists (29-2012)");
    assert_non_null(strstr(s->note, "1 broad occupation equal"));
    assert_null(strstr(s->note, "Shown:")); /* not capped */
    bls_chart_view_free(v);
    bls_model_free(m);
}

/* A group asked for without its members is charted. */
static void test_group_asked_alone_is_shown(void **state)
{
    (void)state;
    bls_model *m = bls_model_new();
    wage(m, "29-0000", "Healthcare Practitioners", BLS_GROUP_MAJOR, 60000);
    wage(m, "31-0000", "Healthcare Support", BLS_GROUP_MAJOR, 30000);
    wage(m, "31-2021", "Physical Therapist Assistants", BLS_GROUP_DETAILED, 54410);
    bls_model_finish(m);
    const char *sel[] = {"29-0000", "31-0000"};
    bls_chart_view *v = NULL;
    assert_int_equal(bls_chart_view_build(m, sel, 2, &v), BLS_OK);
    const bls_chart_series *s = series(v, BLS_CHART_PAY);
    assert_int_equal(s->count, 2);
    assert_string_equal(s->items[0].occ->soc_code, "29-0000");
    assert_string_equal(s->note, "");
    bls_chart_view_free(v);
    bls_model_free(m);
}

/* Issue 18: May 2014 data plus three May 2023 rows: the chart's period is
 * May 2023 and only the values of that period are drawn. */
static void test_period_is_latest_and_values_are_read_at_it(void **state)
{
    (void)state;
    bls_model *m = bls_model_new();
    wage(m, "31-2021", "Physical Therapist Assistants", BLS_GROUP_DETAILED, 54410);
    wage(m, "31-2022", "Physical Therapist Aides", BLS_GROUP_DETAILED, 24650);
    add(m, "31-2022", "Physical Therapist Aides", BLS_GROUP_DETAILED, BLS_METRIC_MEDIAN_ANNUAL_WAGE,
        MAY2023, BLS_CELL_VALUE, 30000);
    bls_model_finish(m);
    bls_chart_view *v = NULL;
    assert_int_equal(bls_chart_view_build(m, NULL, 0, &v), BLS_OK);
    const bls_chart_series *s = series(v, BLS_CHART_PAY);
    assert_int_equal(s->period.year_from, 2023);
    assert_int_equal(s->count, 1);
    assert_string_equal(s->items[0].occ->soc_code, "31-2022");
    assert_int_equal(s->items[0].value.scaled, 30000);
    bls_chart_view_free(v);
    bls_model_free(m);
}

/* Scatter: a point needs a wage and a growth; ordered by employment; a
 * suppressed wage is counted as not shown. Growth: no EP data, no series. */
static void test_scatter_needs_both_figures_and_ranks_by_employment(void **state)
{
    (void)state;
    bls_model *m = bls_model_new();
    const char *codes[] = {"31-2021", "31-2022", "29-2055", "29-2071"};
    for (int i = 0; i < 4; i++) {
        wage(m, codes[i], codes[i], BLS_GROUP_DETAILED, 40000 + i);
        add(m, codes[i], codes[i], BLS_GROUP_DETAILED, BLS_METRIC_EMPLOYMENT, MAY2014,
            BLS_CELL_VALUE, 1000 * (i + 1));
        if (i != 2)
            add(m, codes[i], codes[i], BLS_GROUP_DETAILED, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, EP2012,
                BLS_CELL_VALUE, 20 + i);
    }
    add(m, "29-2081", "Opticians", BLS_GROUP_DETAILED, BLS_METRIC_MEDIAN_ANNUAL_WAGE, MAY2014,
        BLS_CELL_WAGE_NA, 0);
    add(m, "29-2081", "Opticians", BLS_GROUP_DETAILED, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, EP2012,
        BLS_CELL_VALUE, 24);
    bls_model_finish(m);
    bls_chart_view *v = NULL;
    assert_int_equal(bls_chart_view_build(m, NULL, 0, &v), BLS_OK);
    const bls_chart_series *s = series(v, BLS_CHART_SCATTER);
    assert_int_equal(s->count, 3);
    assert_string_equal(s->items[0].occ->soc_code, "29-2071"); /* 4,000 employed */
    assert_string_equal(s->items[2].occ->soc_code, "31-2021");
    assert_int_equal(s->without_value, 2); /* no growth (29-2055); "*" wage (29-2081) */
    assert_int_equal(s->y_period.year_to, 2022);
    assert_int_equal(series(v, BLS_CHART_GROWTH)->count, 4);
    assert_int_equal(series(v, BLS_CHART_GROWTH)->period.year_from, 2012);
    bls_chart_view_free(v);
    bls_model_free(m);

    m = bls_model_new();
    wage(m, "31-2021", "Physical Therapist Assistants", BLS_GROUP_DETAILED, 54410);
    bls_model_finish(m);
    assert_int_equal(bls_chart_view_build(m, NULL, 0, &v), BLS_OK);
    assert_int_equal(series(v, BLS_CHART_GROWTH)->count, 0);
    assert_false(bls_period_known(&series(v, BLS_CHART_GROWTH)->period));
    assert_int_equal(series(v, BLS_CHART_SCATTER)->count, 0);
    bls_chart_view_free(v);
    bls_model_free(m);
}

static void test_no_model_gives_empty_series(void **state)
{
    (void)state;
    bls_chart_view *v = NULL;
    assert_int_equal(bls_chart_view_build(NULL, NULL, 0, &v), BLS_OK);
    for (int c = 0; c < BLS_CHART_COUNT; c++) {
        assert_int_equal(series(v, (bls_chart)c)->count, 0);
        assert_string_equal(series(v, (bls_chart)c)->note, "");
    }
    bls_chart_view_free(v);
    bls_chart_view_free(NULL);
}

/* Every allocation failing in turn: BLS_ERR_NOMEM and no leak (ASan). */
static void test_allocation_failures_are_reported(void **state)
{
    (void)state;
    bls_model *m = bls_model_new();
    wage(m, "29-1050", "Pharmacists", BLS_GROUP_BROAD, 100000);
    wage(m, "29-1051", "Pharmacists", BLS_GROUP_DETAILED, 100000);
    wage(m, "29-2011", "Technologists", BLS_GROUP_DETAILED, 50000);
    bls_model_finish(m);
    const char *sel[] = {"29-1050", "29-1051", "29-2011"};
    for (long n = 0;; n++) {
        bls_chart_view *v = NULL;
        bls_alloc_fail_after(n);
        bls_status st = bls_chart_view_build(m, sel, 3, &v);
        bls_alloc_reset();
        if (st == BLS_OK) {
            assert_true(n > 3);
            bls_chart_view_free(v);
            break;
        }
        assert_int_equal(st, BLS_ERR_NOMEM);
        assert_null(v);
    }
    bls_model_free(m);
}

/* --select patterns pick from the model in pattern order; without them the
 * codes the checks cite, each once, that the model holds. */
static void test_selection_from_patterns_or_from_the_checks(void **state)
{
    (void)state;
    bls_model *m = bls_model_new();
    assert_non_null(m);
    wage(m, "29-2053", "Psychiatric technicians", BLS_GROUP_DETAILED, 30000);
    wage(m, "29-1141", "Registered nurses", BLS_GROUP_DETAILED, 60000);
    wage(m, "31-1013", "Psychiatric aides", BLS_GROUP_DETAILED, 25000);
    bls_model_finish(m);

    bls_chart_selection sel;
    static const char *const patterns[] = {"31-1013", "29-*", "29-2053", "47-*"};
    assert_int_equal(bls_chart_select(m, patterns, 4, NULL, &sel), BLS_OK);
    assert_int_equal(sel.count, 3);
    assert_string_equal(sel.code_ptrs[0], "31-1013");
    /* "29-*": both 29 codes, in the model's order; 29-2053 again: once */
    assert_true((strcmp(sel.code_ptrs[1], "29-1141") == 0 && strcmp(sel.code_ptrs[2], "29-2053") == 0) ||
                (strcmp(sel.code_ptrs[1], "29-2053") == 0 && strcmp(sel.code_ptrs[2], "29-1141") == 0));
    bls_chart_selection_cleanup(&sel);

    static const char *const nothing[] = {"47-*", "29-205"};
    assert_int_equal(bls_chart_select(m, nothing, 2, NULL, &sel), BLS_OK);
    assert_int_equal(sel.count, 0); /* the pipeline refuses this: exit 2 */
    bls_chart_selection_cleanup(&sel);

    bls_check items[4];
    memset(items, 0, sizeof items);
    snprintf(items[0].soc_code, sizeof items[0].soc_code, "%s", "29-2053");
    snprintf(items[1].soc_code, sizeof items[1].soc_code, "%s", "53-3032"); /* not in the data */
    snprintf(items[2].soc_code, sizeof items[2].soc_code, "%s", "29-2053");
    /* items[3]: no code resolved */
    bls_checks checks = {.items = items, .count = 4};
    assert_int_equal(bls_chart_select(m, NULL, 0, &checks, &sel), BLS_OK);
    assert_int_equal(sel.count, 1);
    assert_string_equal(sel.code_ptrs[0], "29-2053");
    bls_chart_selection_cleanup(&sel);

    /* no checks and no patterns: empty, every occupation is ranked */
    assert_int_equal(bls_chart_select(m, NULL, 0, NULL, &sel), BLS_OK);
    assert_int_equal(sel.count, 0);
    bls_chart_selection_cleanup(&sel);
    bls_model_free(m);

    assert_true(bls_soc_pattern_matches("29-*", "29-2053"));
    assert_false(bls_soc_pattern_matches("29-*", "31-2053"));
    assert_true(bls_soc_pattern_matches("29-2053", "29-2053"));
    assert_false(bls_soc_pattern_matches("29-205", "29-2053"));
    assert_true(bls_soc_pattern_matches("*", "11-1011"));
}

/* A report without a view (no data): every series is empty, not a crash. */
static void test_no_view_has_empty_series(void **state)
{
    (void)state;
    for (int c = 0; c < BLS_CHART_COUNT; c++) {
        const bls_chart_series *s = bls_chart_view_series(NULL, (bls_chart)c);
        assert_ptr_equal(s->spec, &bls_chart_specs[c]);
        assert_int_equal(s->count, 0);
        assert_string_equal(s->note, "");
    }
}

/* Each row of the spec table describes its own chart, completely: the
 * renderers draw from the row alone. */
static void test_every_spec_row_describes_its_own_chart(void **state)
{
    (void)state;
    for (size_t c = 0; c < BLS_CHART_COUNT; c++) {
        const bls_chart_spec *spec = &bls_chart_specs[c];
        assert_int_equal(spec->id, c);
        assert_non_null(spec->stem);
        assert_non_null(spec->title);
        assert_non_null(spec->figure);
        assert_non_null(spec->source);
        assert_non_null(spec->subtitle);
        assert_non_null(spec->axis);
        assert_true(spec->cap_all > 0 && spec->cap_selected > 0);
        assert_true(spec->colour <= 0xFFFFFF);
        if (spec->shape == BLS_SHAPE_SCATTER) {
            assert_non_null(spec->y_axis);
            assert_null(spec->ranges);
        } else {
            assert_int_equal(spec->shape, BLS_SHAPE_BARS);
            assert_non_null(spec->axis_name); /* the workbook draws the bars */
            assert_null(spec->y_axis);
        }
        assert_non_null(strstr(spec->axis, "{period}"));
        for (size_t d = 0; d < c; d++) /* one file name per chart */
            assert_string_not_equal(spec->stem, bls_chart_specs[d].stem);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unselected_pay_ranks_top_coded_first_and_notes_the_cap),
        cmocka_unit_test(test_selection_from_patterns_or_from_the_checks),
        cmocka_unit_test(test_no_view_has_empty_series),
        cmocka_unit_test(test_every_spec_row_describes_its_own_chart),
        cmocka_unit_test(test_selection_drops_twins_and_groups_among_members),
        cmocka_unit_test(test_group_asked_alone_is_shown),
        cmocka_unit_test(test_period_is_latest_and_values_are_read_at_it),
        cmocka_unit_test(test_scatter_needs_both_figures_and_ranks_by_employment),
        cmocka_unit_test(test_no_model_gives_empty_series),
        cmocka_unit_test(test_allocation_failures_are_reported),
    };
    (void)MAY2023;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
