/*
 * test_model.c - unit tests for model.c (occupations and their facts).
 *
 * Pipeline: validate -> *model* -> crosscheck. The model turns accepted
 * national rows of OEWS and EP files into facts keyed by SOC code. Records
 * are built by hand here (layout, row and parsed cells), so these tests
 * depend only on the record contract in validate.h, not on the reader.
 *
 * All figures below are SYNTHETIC test values unless a comment says
 * otherwise; they are not BLS figures.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "alloc_sweep.h"
#include "blsreport/base/cells.h"
#include "blsreport/check/model.h"
#include "blsreport/check/validate.h"
#include "blsreport/read/layout.h"

/* ---- helpers: facts ----------------------------------------------------- */

static bls_fact make_fact(bls_metric metric, int from, int to, int month, int64_t scaled,
                          unsigned decimals, const char *path, uint64_t line)
{
    bls_fact f;
    memset(&f, 0, sizeof f);
    f.metric = metric;
    f.period = (bls_period){from, to, month};
    f.value = bls_number_make(scaled, decimals);
    f.path = path;
    f.line = line;
    return f;
}

static void add_fact_ok(bls_model *m, const char *soc, const char *title, bls_fact f)
{
    assert_int_equal(bls_model_add_fact(m, soc, title, BLS_GROUP_DETAILED, &f), BLS_OK);
}

/* ---- helpers: hand-built records ---------------------------------------- */

enum { MAX_FIELDS = 16 };

typedef struct test_record {
    bls_layout layout;
    bls_field fields[MAX_FIELDS];
    bls_row row;
    bls_record rec;
} test_record;

typedef struct column_text {
    bls_column column;
    const char *text;
} column_text;

/* Build a layout with the given columns (field i = cells[i]), a row with the
 * cells' text, and a record whose numeric cells are parsed with cells.c. */
static void build_record(test_record *t, bls_kind kind, const column_text *cells, size_t n,
                         const char *soc, bls_occ_group group, uint64_t line)
{
    assert_true(n <= MAX_FIELDS);
    memset(t, 0, sizeof *t);
    t->layout.kind = kind;
    t->layout.name = "test layout";
    for (int c = 0; c < BLS_COL_COUNT; c++)
        t->layout.index[c] = -1;
    t->layout.width = n;
    t->layout.header_rows = 1;
    for (size_t i = 0; i < n; i++) {
        t->layout.index[cells[i].column] = (int)i;
        t->fields[i].data = cells[i].text;
        t->fields[i].len = strlen(cells[i].text);
    }
    t->row.fields = t->fields;
    t->row.count = n;
    t->row.line = line;
    t->row.line_end = line;
    t->rec.layout = &t->layout;
    t->rec.row = &t->row;
    t->rec.title = "";
    for (size_t i = 0; i < n; i++) {
        if (bls_column_is_numeric(cells[i].column))
            t->rec.num[cells[i].column] = bls_cell_parse(cells[i].text, strlen(cells[i].text));
        if (cells[i].column == BLS_COL_OCC_TITLE) {
            t->rec.title = cells[i].text;
            t->rec.title_len = strlen(cells[i].text);
        }
    }
    snprintf(t->rec.soc_code, sizeof t->rec.soc_code, "%s", soc);
    t->rec.group = group;
}

/* A national OEWS row (the national file has no area/industry columns). */
static void oews_national(test_record *t, const char *soc, const char *title, const char *a_median,
                          uint64_t line)
{
    const column_text cells[] = {
        {BLS_COL_OCC_CODE, soc},      {BLS_COL_OCC_TITLE, title},  {BLS_COL_OCC_GROUP, "detailed"},
        {BLS_COL_TOT_EMP, "12,340"},  {BLS_COL_A_MEAN, "50,000"},  {BLS_COL_H_MEDIAN, "23.50"},
        {BLS_COL_A_MEDIAN, a_median}, {BLS_COL_A_PCT10, "30,000"}, {BLS_COL_A_PCT90, "#"},
    };
    build_record(t, BLS_KIND_WAGES, cells, sizeof cells / sizeof cells[0], soc, BLS_GROUP_DETAILED,
                 line);
}

/* An "all data" OEWS row: area, industry and ownership in front. */
static void oews_all_data(test_record *t, const char *area, const char *area_type,
                          const char *naics, const char *own_code, const char *a_median)
{
    const column_text cells[] = {
        {BLS_COL_AREA, area},
        {BLS_COL_AREA_TYPE, area_type},
        {BLS_COL_NAICS, naics},
        {BLS_COL_OWN_CODE, own_code},
        {BLS_COL_OCC_CODE, "15-1252"},
        {BLS_COL_OCC_TITLE, "Software Developers"},
        {BLS_COL_OCC_GROUP, "detailed"},
        {BLS_COL_TOT_EMP, "1000"},
        {BLS_COL_A_MEDIAN, a_median},
    };
    build_record(t, BLS_KIND_WAGES, cells, sizeof cells / sizeof cells[0], "15-1252",
                 BLS_GROUP_DETAILED, 7);
}

/* An EP 2012-22 table row: employment in thousands, one decimal. The figures
 * are SYNTHETIC test values in the EP table's shape, not BLS's published ones. */
static void ep_row(test_record *t, const char *soc, const char *title, uint64_t line)
{
    const column_text cells[] = {
        {BLS_COL_OCC_TITLE, title},
        {BLS_COL_OCC_CODE, soc},
        {BLS_COL_EP_OCC_TYPE, "Line item"},
        {BLS_COL_EP_EMP_BASE, "71.4"},
        {BLS_COL_EP_EMP_PROJ, "100.7"},
        {BLS_COL_EP_CHANGE_NUM, "29.3"},
        {BLS_COL_EP_CHANGE_PCT, "41.0"},
        {BLS_COL_EP_MEDIAN_WAGE, "52,160"},
        {BLS_COL_EP_EDUCATION, "Associate's degree"},
    };
    build_record(t, BLS_KIND_PROJECTIONS, cells, sizeof cells / sizeof cells[0], soc,
                 BLS_GROUP_DETAILED, line);
    t->layout.base_year = 2012;
    t->layout.target_year = 2022;
}

static const bls_fact *fact_of(const bls_occupation *occ, bls_metric metric, int from, int to,
                               int month)
{
    bls_period p = {from, to, month};
    return bls_occupation_fact(occ, metric, &p);
}

static void assert_value(const bls_fact *f, int64_t scaled, unsigned decimals)
{
    assert_non_null(f);
    assert_int_equal(f->value.state, BLS_CELL_VALUE);
    assert_int_equal(f->value.scaled, scaled);
    assert_int_equal(f->value.decimals, decimals);
}

static void assert_value_is(const bls_number *n, int64_t scaled, unsigned decimals)
{
    assert_int_equal(n->state, BLS_CELL_VALUE);
    assert_int_equal(n->scaled, scaled);
    assert_int_equal(n->decimals, decimals);
}

/* ---- add_fact, find, finish --------------------------------------------- */

static void test_finish_sorts_occupations_by_soc_code(void **state)
{
    (void)state;
    static const char *const codes[] = {"31-2021", "11-1011", "29-2071",
                                        "00-0000", "29-2053", "53-7062"};
    bls_model *m = bls_model_new();
    assert_non_null(m);
    for (size_t i = 0; i < 6; i++)
        add_fact_ok(m, codes[i], codes[i],
                    make_fact(BLS_METRIC_EMPLOYMENT, 2014, 2014, 5, (int64_t)i + 1, 0, "w", i));
    assert_int_equal(bls_model_count(m), 6);
    /* insertion order before finish */
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(bls_model_at(m, i)->soc_code, codes[i]);
    bls_model_finish(m);
    static const char *const sorted[] = {"00-0000", "11-1011", "29-2053",
                                         "29-2071", "31-2021", "53-7062"};
    for (size_t i = 0; i < 6; i++) {
        const bls_occupation *occ = bls_model_at(m, i);
        assert_string_equal(occ->soc_code, sorted[i]);
        /* the title and the facts moved with their occupation */
        assert_string_equal(occ->title, sorted[i]);
        assert_int_equal(occ->fact_count, 1);
        assert_ptr_equal(bls_model_find(m, sorted[i]), occ);
    }
    assert_null(bls_model_at(m, 6));
    /* each value still belongs to its code: "31-2021" was added first (value 1) */
    assert_int_equal(bls_model_find(m, "31-2021")->facts[0].value.scaled, 1);
    assert_int_equal(bls_model_find(m, "53-7062")->facts[0].value.scaled, 6);
    bls_model_free(m);
}

static void test_find_returns_null_for_absent_or_malformed_codes(void **state)
{
    (void)state;
    bls_model *m = bls_model_new();
    assert_non_null(m);
    assert_null(bls_model_find(m, "31-2021")); /* empty model */
    add_fact_ok(m, "31-2021", "Physical Therapist Assistants",
                make_fact(BLS_METRIC_EMPLOYMENT, 2014, 2014, 5, 100, 0, "w", 1));
    assert_non_null(bls_model_find(m, "31-2021"));
    assert_null(bls_model_find(m, "31-2022"));
    assert_null(bls_model_find(m, "31-202"));
    assert_null(bls_model_find(m, NULL));
    assert_null(bls_model_find(NULL, "31-2021"));
    bls_model_free(m);
}

static void test_invalid_soc_codes_are_rejected(void **state)
{
    (void)state;
    static const char *const bad[] = {"29-114",   "2911411", "29-11a1",  "29_1141", "29-1141 ",
                                      " 29-1141", "",        "29-11411", "ab-cdef"};
    bls_model *m = bls_model_new();
    assert_non_null(m);
    bls_fact f = make_fact(BLS_METRIC_EMPLOYMENT, 2014, 2014, 5, 1, 0, "w", 1);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (bls_model_add_fact(m, bad[i], "x", BLS_GROUP_DETAILED, &f) != BLS_ERR_INVALID_ARG)
            fail_msg("SOC code \"%s\" was accepted", bad[i]);
    assert_int_equal(bls_model_add_fact(m, NULL, "x", BLS_GROUP_DETAILED, &f), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_model_add_fact(m, "29-1141", "x", BLS_GROUP_DETAILED, NULL),
                     BLS_ERR_INVALID_ARG);
    f.metric = BLS_METRIC_COUNT;
    assert_int_equal(bls_model_add_fact(m, "29-1141", "x", BLS_GROUP_DETAILED, &f),
                     BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_model_count(m), 0);
    bls_model_free(m);
}

static void test_latest_and_matching_period_facts(void **state)
{
    (void)state;
    bls_model *m = bls_model_new();
    assert_non_null(m);
    const char *soc = "31-2021";
    add_fact_ok(m, soc, "PTA",
                make_fact(BLS_METRIC_MEDIAN_ANNUAL_WAGE, 2012, 2012, 5, 52000, 0, "a", 1));
    add_fact_ok(m, soc, "PTA",
                make_fact(BLS_METRIC_MEDIAN_ANNUAL_WAGE, 2016, 2016, 5, 56000, 0, "c", 3));
    add_fact_ok(m, soc, "PTA",
                make_fact(BLS_METRIC_MEDIAN_ANNUAL_WAGE, 2014, 2014, 5, 54000, 0, "b", 2));
    add_fact_ok(m, soc, "PTA", make_fact(BLS_METRIC_EMPLOYMENT, 2020, 2020, 5, 99, 0, "d", 4));
    const bls_occupation *occ = bls_model_find(m, soc);
    assert_non_null(occ);
    assert_int_equal(occ->fact_count, 4);

    const bls_fact *latest = bls_occupation_latest(occ, BLS_METRIC_MEDIAN_ANNUAL_WAGE);
    assert_value(latest, 56000, 0);
    assert_int_equal(latest->period.year_from, 2016);
    assert_string_equal(latest->path, "c");
    assert_int_equal(latest->line, 3);
    assert_null(bls_occupation_latest(occ, BLS_METRIC_MEAN_ANNUAL_WAGE));

    assert_value(fact_of(occ, BLS_METRIC_MEDIAN_ANNUAL_WAGE, 2014, 2014, 5), 54000, 0);
    /* a claim for "2014" (month 0) matches the May 2014 fact */
    assert_value(fact_of(occ, BLS_METRIC_MEDIAN_ANNUAL_WAGE, 2014, 2014, 0), 54000, 0);
    assert_value(fact_of(occ, BLS_METRIC_MEDIAN_ANNUAL_WAGE, 2012, 2012, 5), 52000, 0);
    assert_null(fact_of(occ, BLS_METRIC_MEDIAN_ANNUAL_WAGE, 2014, 2014, 6));
    assert_null(fact_of(occ, BLS_METRIC_MEDIAN_ANNUAL_WAGE, 2015, 2015, 5));
    assert_null(fact_of(occ, BLS_METRIC_EMPLOYMENT, 2014, 2014, 5));
    assert_null(bls_occupation_latest(NULL, BLS_METRIC_EMPLOYMENT));
    bls_model_free(m);
}

static void test_first_fact_wins_for_same_metric_and_period(void **state)
{
    (void)state;
    bls_model *m = bls_model_new();
    assert_non_null(m);
    add_fact_ok(m, "29-2053", "Psychiatric Technicians",
                make_fact(BLS_METRIC_MEDIAN_ANNUAL_WAGE, 2014, 2014, 5, 31000, 0, "first.csv", 10));
    add_fact_ok(
        m, "29-2053", "Other title",
        make_fact(BLS_METRIC_MEDIAN_ANNUAL_WAGE, 2014, 2014, 5, 99999, 0, "second.csv", 20));
    const bls_occupation *occ = bls_model_find(m, "29-2053");
    assert_int_equal(occ->fact_count, 1);
    assert_value(&occ->facts[0], 31000, 0);
    assert_string_equal(occ->facts[0].path, "first.csv");
    assert_int_equal(occ->facts[0].line, 10);
    assert_string_equal(occ->title, "Psychiatric Technicians"); /* first title kept */
    assert_int_equal(bls_model_count(m), 1);
    /* ... and the disagreement is not silent: the kept fact names the other
     * value and where it came from, and the model lists the conflict */
    assert_non_null(occ->facts[0].conflict_path);
    assert_string_equal(occ->facts[0].conflict_path, "second.csv");
    assert_int_equal(occ->facts[0].conflict_line, 20);
    assert_value_is(&occ->facts[0].conflict_value, 99999, 0);
    assert_int_equal(bls_model_conflict_count(m), 1);
    const bls_fact_conflict *c = bls_model_conflict_at(m, 0);
    assert_string_equal(c->soc_code, "29-2053");
    assert_string_equal(c->first_path, "first.csv");
    assert_string_equal(c->second_path, "second.csv");
    assert_null(bls_model_conflict_at(m, 1));
    /* the conflict as a finding at the second file, naming both */
    bls_findings *found = bls_findings_new(0);
    assert_non_null(found);
    assert_int_equal(bls_model_conflict_findings(m, found), BLS_OK);
    assert_int_equal(bls_findings_count(found), 1);
    const bls_finding *f = bls_findings_at(found, 0);
    assert_string_equal(f->path, "second.csv");
    assert_int_equal(f->line, 20);
    assert_int_equal(f->rule, BLS_RULE_DATA_CONFLICT);
    assert_string_equal(f->message, "SOC 29-2053 median_annual_wage (May 2014) is 99999 here but "
                                    "31000 in first.csv:10; checks of it are ambiguous");
    bls_findings_free(found);
    bls_model_free(m);
}

static void test_the_same_figure_twice_is_no_conflict(void **state)
{
    (void)state;
    bls_model *m = bls_model_new();
    assert_non_null(m);
    /* EP Tables 1.2 and 1.7 both publish 3.9 for 29-2053 (41.0 written
     * "41.0" in one and "41" elsewhere would also be one figure) */
    add_fact_ok(m, "29-2053", "Psychiatric technicians",
                make_fact(BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 2012, 2022, 0, 39, 1, "t12.csv", 453));
    add_fact_ok(m, "29-2053", "Psychiatric technicians",
                make_fact(BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 2012, 2022, 0, 390, 2, "t17.csv", 9));
    const bls_occupation *occ = bls_model_find(m, "29-2053");
    assert_int_equal(occ->fact_count, 1);
    assert_null(occ->facts[0].conflict_path);
    assert_int_equal(bls_model_conflict_count(m), 0);
    bls_model_free(m);
}

static void test_fact_path_is_copied_and_shared(void **state)
{
    (void)state;
    bls_model *m = bls_model_new();
    assert_non_null(m);
    char path[32] = "wages_M2014.csv";
    add_fact_ok(m, "11-1011", "A", make_fact(BLS_METRIC_EMPLOYMENT, 2014, 2014, 5, 1, 0, path, 1));
    add_fact_ok(m, "11-1021", "B", make_fact(BLS_METRIC_EMPLOYMENT, 2014, 2014, 5, 2, 0, path, 2));
    strcpy(path, "overwritten");
    const bls_fact *a = &bls_model_find(m, "11-1011")->facts[0];
    const bls_fact *b = &bls_model_find(m, "11-1021")->facts[0];
    assert_string_equal(a->path, "wages_M2014.csv");
    assert_ptr_equal(a->path, b->path);
    bls_model_free(m);
}

static void test_two_thousand_occupations_grow_the_index(void **state)
{
    (void)state;
    enum { N = 2000 };
    bls_model *m = bls_model_new();
    assert_non_null(m);
    /* Insert in a scrambled order: i -> (i * 7919) mod N visits every value once. */
    for (int i = 0; i < N; i++) {
        int k = (int)(((long)i * 7919) % N);
        char soc[8];
        snprintf(soc, sizeof soc, "%02d-%04d", 11 + k % 43, k);
        add_fact_ok(m, soc, soc,
                    make_fact(BLS_METRIC_EMPLOYMENT, 2014, 2014, 5, k, 0, "w", (uint64_t)k));
    }
    assert_int_equal(bls_model_count(m), N);
    for (int k = 0; k < N; k++) {
        char soc[8];
        snprintf(soc, sizeof soc, "%02d-%04d", 11 + k % 43, k);
        const bls_occupation *occ = bls_model_find(m, soc);
        if (!occ)
            fail_msg("%s not found before finish", soc);
        assert_int_equal(occ->facts[0].value.scaled, k);
    }
    bls_model_finish(m);
    for (size_t i = 1; i < N; i++)
        assert_true(strcmp(bls_model_at(m, i - 1)->soc_code, bls_model_at(m, i)->soc_code) < 0);
    for (int k = 0; k < N; k++) {
        char soc[8];
        snprintf(soc, sizeof soc, "%02d-%04d", 11 + k % 43, k);
        const bls_occupation *occ = bls_model_find(m, soc);
        if (!occ)
            fail_msg("%s not found after finish", soc);
        assert_string_equal(occ->soc_code, soc);
        assert_int_equal(occ->facts[0].value.scaled, k);
    }
    bls_model_free(m);
}

static void test_null_model_is_safe(void **state)
{
    (void)state;
    bls_model_free(NULL);
    bls_model_finish(NULL);
    assert_int_equal(bls_model_count(NULL), 0);
    assert_null(bls_model_at(NULL, 0));
    bls_fact f = make_fact(BLS_METRIC_EMPLOYMENT, 2014, 2014, 5, 1, 0, "w", 1);
    assert_int_equal(bls_model_add_fact(NULL, "11-1011", "x", BLS_GROUP_DETAILED, &f),
                     BLS_ERR_INVALID_ARG);
    const char *prev = "sentinel";
    assert_int_equal(bls_model_add_record(NULL, NULL, "p", NULL, &prev), BLS_ERR_INVALID_ARG);
    assert_null(prev);
}

/* ---- add_record ------------------------------------------------------- */

static void test_oews_national_row_becomes_facts_for_its_period(void **state)
{
    (void)state;
    test_record t;
    oews_national(&t, "31-2021", "Physical Therapist Assistants", "54,410", 42);
    bls_model *m = bls_model_new();
    assert_non_null(m);
    bls_period may2014 = {2014, 2014, 5};
    const char *prev = "sentinel";
    assert_int_equal(bls_model_add_record(m, &t.rec, "national_M2014_dl.csv", &may2014, &prev),
                     BLS_OK);
    assert_null(prev);
    const bls_occupation *occ = bls_model_find(m, "31-2021");
    assert_non_null(occ);
    assert_string_equal(occ->title, "Physical Therapist Assistants");
    assert_int_equal(occ->group, BLS_GROUP_DETAILED);
    assert_null(occ->education);

    const bls_fact *median = fact_of(occ, BLS_METRIC_MEDIAN_ANNUAL_WAGE, 2014, 2014, 5);
    assert_value(median, 54410, 0);
    assert_int_equal(median->period.month, 5);
    assert_string_equal(median->path, "national_M2014_dl.csv");
    assert_int_equal(median->line, 42);
    assert_value(fact_of(occ, BLS_METRIC_EMPLOYMENT, 2014, 2014, 5), 12340, 0);
    assert_value(fact_of(occ, BLS_METRIC_MEAN_ANNUAL_WAGE, 2014, 2014, 5), 50000, 0);
    assert_value(fact_of(occ, BLS_METRIC_MEDIAN_HOURLY_WAGE, 2014, 2014, 5), 2350, 2);
    assert_value(fact_of(occ, BLS_METRIC_ANNUAL_WAGE_PCT10, 2014, 2014, 5), 30000, 0);
    /* a marker is a fact too (kept as its state, never as 0) */
    const bls_fact *top = fact_of(occ, BLS_METRIC_ANNUAL_WAGE_PCT90, 2014, 2014, 5);
    assert_non_null(top);
    assert_int_equal(top->value.state, BLS_CELL_TOP_CODED);
    /* columns the layout lacks give no fact */
    assert_null(fact_of(occ, BLS_METRIC_ANNUAL_WAGE_PCT25, 2014, 2014, 5));
    assert_int_equal(occ->fact_count, 6);
    bls_model_free(m);
}

static void test_ep_row_converts_thousands_and_uses_layout_years(void **state)
{
    (void)state;
    test_record t;
    ep_row(&t, "31-2021", "Physical therapist assistants", 9);
    bls_model *m = bls_model_new();
    assert_non_null(m);
    const char *prev = "sentinel";
    assert_int_equal(bls_model_add_record(m, &t.rec, "ep_2012.csv", NULL, &prev), BLS_OK);
    assert_null(prev);
    const bls_occupation *occ = bls_model_find(m, "31-2021");
    assert_non_null(occ);
    assert_non_null(occ->education);
    assert_string_equal(occ->education, "Associate's degree");

    /* "71.4" thousand -> 71,400 persons, for the base year */
    const bls_fact *base = fact_of(occ, BLS_METRIC_EMPLOYMENT, 2012, 2012, 0);
    assert_value(base, 71400, 0);
    assert_int_equal(base->period.year_to, 2012);
    assert_int_equal(base->line, 9);
    /* projected and change figures cover the span 2012-2022 */
    assert_value(fact_of(occ, BLS_METRIC_PROJECTED_EMPLOYMENT, 2012, 2022, 0), 100700, 0);
    assert_value(fact_of(occ, BLS_METRIC_EMPLOYMENT_CHANGE, 2012, 2022, 0), 29300, 0);
    /* the percent stays a percent, exactly as written (41.0) */
    assert_value(fact_of(occ, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 2012, 2022, 0), 410, 1);
    assert_null(fact_of(occ, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 2012, 2012, 0));
    /* EP's median wage is the May OEWS median of the base year */
    const bls_fact *wage = fact_of(occ, BLS_METRIC_MEDIAN_ANNUAL_WAGE, 2012, 2012, 5);
    assert_value(wage, 52160, 0);
    assert_int_equal(wage->period.month, 5);
    assert_null(fact_of(occ, BLS_METRIC_MEDIAN_ANNUAL_WAGE, 2012, 2012, 6));
    assert_int_equal(occ->fact_count, 5);
    bls_model_free(m);
}

static void test_ep_row_without_layout_years_takes_the_given_period(void **state)
{
    (void)state;
    test_record t;
    ep_row(&t, "31-2021", "Physical therapist assistants", 9);
    t.layout.base_year = 0;
    t.layout.target_year = 0;
    bls_model *m = bls_model_new();
    assert_non_null(m);
    bls_period span = {2014, 2024, 0};
    const char *prev;
    assert_int_equal(bls_model_add_record(m, &t.rec, "ep.csv", &span, &prev), BLS_OK);
    const bls_occupation *occ = bls_model_find(m, "31-2021");
    assert_value(fact_of(occ, BLS_METRIC_EMPLOYMENT, 2014, 2014, 0), 71400, 0);
    assert_value(fact_of(occ, BLS_METRIC_PROJECTED_EMPLOYMENT, 2014, 2024, 0), 100700, 0);
    bls_model_free(m);
}

static void test_ep_thousands_too_large_for_persons_give_no_fact(void **state)
{
    (void)state;
    /* 92233720368547758 thousand persons does not fit an int64 count of
     * persons: the conversion must not overflow (UBSan) nor wrap around. */
    test_record t;
    ep_row(&t, "31-2021", "Physical therapist assistants", 9);
    t.fields[3].data = "92233720368547758";
    t.fields[3].len = strlen(t.fields[3].data);
    t.rec.num[BLS_COL_EP_EMP_BASE] = bls_cell_parse(t.fields[3].data, t.fields[3].len);
    t.rec.num[BLS_COL_EP_EMP_PROJ] = bls_number_make(-92233720368547758, 0);
    assert_int_equal(t.rec.num[BLS_COL_EP_EMP_BASE].state, BLS_CELL_VALUE);
    bls_model *m = bls_model_new();
    assert_non_null(m);
    const char *prev;
    assert_int_equal(bls_model_add_record(m, &t.rec, "ep.csv", NULL, &prev), BLS_OK);
    const bls_occupation *occ = bls_model_find(m, "31-2021");
    assert_non_null(occ);
    assert_null(fact_of(occ, BLS_METRIC_EMPLOYMENT, 2012, 2012, 0));
    assert_null(fact_of(occ, BLS_METRIC_PROJECTED_EMPLOYMENT, 2012, 2022, 0));
    /* the row's other figures are still kept */
    assert_value(fact_of(occ, BLS_METRIC_EMPLOYMENT_CHANGE, 2012, 2022, 0), 29300, 0);
    /* the largest value that fits still converts exactly */
    test_record ok;
    ep_row(&ok, "29-2053", "Psychiatric technicians", 10);
    ok.rec.num[BLS_COL_EP_EMP_BASE] = bls_number_make(9223372036854775, 0);
    assert_int_equal(bls_model_add_record(m, &ok.rec, "ep.csv", NULL, &prev), BLS_OK);
    assert_value(fact_of(bls_model_find(m, "29-2053"), BLS_METRIC_EMPLOYMENT, 2012, 2012, 0),
                 9223372036854775000, 0);
    bls_model_free(m);
}

static void test_oews_then_ep_keeps_oews_median_for_same_may(void **state)
{
    (void)state;
    test_record oews, ep;
    oews_national(&oews, "31-2021", "Physical Therapist Assistants", "51,000", 3);
    ep_row(&ep, "31-2021", "Physical Therapist Assistants", 4);
    bls_model *m = bls_model_new();
    assert_non_null(m);
    bls_period may2012 = {2012, 2012, 5};
    const char *prev;
    assert_int_equal(bls_model_add_record(m, &oews.rec, "oews.csv", &may2012, &prev), BLS_OK);
    assert_int_equal(bls_model_add_record(m, &ep.rec, "ep.csv", NULL, &prev), BLS_OK);
    assert_null(prev); /* same title: no conflict */
    const bls_occupation *occ = bls_model_find(m, "31-2021");
    const bls_fact *wage = fact_of(occ, BLS_METRIC_MEDIAN_ANNUAL_WAGE, 2012, 2012, 5);
    assert_value(wage, 51000, 0);
    assert_string_equal(wage->path, "oews.csv");
    /* May 2012 employment (OEWS) and 2012 employment (EP) are different periods */
    assert_int_equal(bls_model_count(m), 1);
    bls_model_free(m);
}

static void test_non_national_rows_of_all_data_file_are_ignored(void **state)
{
    (void)state;
    static const struct {
        const char *area, *area_type, *naics, *own_code;
        int national;
    } rows[] = {
        {"99", "1", "000000", "1235", 1}, {"01", "2", "000000", "1235", 0}, /* a state */
        {"99", "1", "111000", "1235", 0},                                   /* one industry */
        {"99", "1", "000000", "5", 0}, /* private ownership only */
        {"99", "1", "000000", "123", 1},  {"10180", "4", "000000", "1235", 0}, /* a metro area */
    };
    bls_period may2019 = {2019, 2019, 5};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        test_record t;
        oews_all_data(&t, rows[i].area, rows[i].area_type, rows[i].naics, rows[i].own_code,
                      "110,140");
        if (bls_record_is_national_total(&t.rec) != rows[i].national)
            fail_msg("row %zu: national total should be %d", i, rows[i].national);
        bls_model *m = bls_model_new();
        assert_non_null(m);
        const char *prev;
        assert_int_equal(bls_model_add_record(m, &t.rec, "all_data.csv", &may2019, &prev), BLS_OK);
        assert_int_equal(bls_model_count(m), rows[i].national ? 1 : 0);
        if (rows[i].national)
            assert_value(
                fact_of(bls_model_find(m, "15-1252"), BLS_METRIC_MEDIAN_ANNUAL_WAGE, 2019, 2019, 5),
                110140, 0);
        bls_model_free(m);
    }
}

static void test_area_column_without_area_type_decides_national(void **state)
{
    (void)state;
    static const struct {
        const char *area;
        int national;
    } areas[] = {{"99", 1}, {"U.S.", 1}, {"01", 0}, {"35620", 0}};
    for (size_t i = 0; i < sizeof areas / sizeof areas[0]; i++) {
        const column_text cells[] = {
            {BLS_COL_AREA, areas[i].area},
            {BLS_COL_OCC_CODE, "15-1252"},
            {BLS_COL_OCC_TITLE, "Software Developers"},
            {BLS_COL_A_MEDIAN, "1000"},
        };
        test_record t;
        build_record(&t, BLS_KIND_WAGES, cells, 4, "15-1252", BLS_GROUP_DETAILED, 2);
        assert_int_equal(bls_record_is_national_total(&t.rec), areas[i].national);
    }
}

static void test_record_with_invalid_soc_is_ignored(void **state)
{
    (void)state;
    test_record t;
    oews_national(&t, "31-2021", "Physical Therapist Assistants", "54,410", 5);
    t.rec.soc_code[0] = '\0'; /* the validator found no valid code */
    bls_model *m = bls_model_new();
    assert_non_null(m);
    bls_period may2014 = {2014, 2014, 5};
    const char *prev;
    assert_int_equal(bls_model_add_record(m, &t.rec, "w.csv", &may2014, &prev), BLS_OK);
    assert_int_equal(bls_model_count(m), 0);
    bls_model_free(m);
}

static void test_title_conflict_reports_the_previous_title(void **state)
{
    (void)state;
    test_record first, second, same;
    oews_national(&first, "29-2071", "Medical Records and Health Information Technicians", "35,000",
                  1);
    oews_national(&second, "29-2071", "Health Information Technologists", "36,000", 2);
    oews_national(&same, "29-2071", "Medical Records and Health Information Technicians", "37,000",
                  3);
    bls_model *m = bls_model_new();
    assert_non_null(m);
    bls_period y13 = {2013, 2013, 5}, y14 = {2014, 2014, 5}, y15 = {2015, 2015, 5};
    const char *prev = "sentinel";
    assert_int_equal(bls_model_add_record(m, &first.rec, "a.csv", &y13, &prev), BLS_OK);
    assert_null(prev);
    assert_int_equal(bls_model_add_record(m, &second.rec, "b.csv", &y14, &prev), BLS_OK);
    assert_non_null(prev);
    assert_string_equal(prev, "Medical Records and Health Information Technicians");
    assert_int_equal(bls_model_add_record(m, &same.rec, "c.csv", &y15, &prev), BLS_OK);
    assert_null(prev);
    const bls_occupation *occ = bls_model_find(m, "29-2071");
    assert_string_equal(occ->title, "Medical Records and Health Information Technicians");
    /* the conflicting row's figures are still kept */
    assert_value(fact_of(occ, BLS_METRIC_MEDIAN_ANNUAL_WAGE, 2014, 2014, 5), 36000, 0);
    bls_model_free(m);
}

static void test_oews_title_is_preferred_whatever_the_input_order(void **state)
{
    (void)state;
    test_record ep, oews;
    ep_row(&ep, "31-2021", "Physical therapist assistants", 4);
    oews_national(&oews, "31-2021", "Physical Therapist Assistants", "54,410", 6);
    bls_period may2014 = {2014, 2014, 5};
    for (int order = 0; order < 2; order++) {
        bls_model *m = bls_model_new();
        assert_non_null(m);
        const char *prev = NULL;
        const test_record *first = order ? &oews : &ep, *second = order ? &ep : &oews;
        assert_int_equal(bls_model_add_record(m, &first->rec, "a.csv", &may2014, &prev), BLS_OK);
        assert_int_equal(bls_model_add_record(m, &second->rec, "b.csv", &may2014, &prev), BLS_OK);
        /* a title that differs only in case is still reported to the caller,
         * which decides (the pipeline ignores case); the pointer is valid */
        if (prev)
            assert_true(strlen(prev) > 0);
        assert_string_equal(bls_model_find(m, "31-2021")->title, "Physical Therapist Assistants");
        bls_model_free(m);
    }
}

static void test_record_fills_title_of_occupation_added_without_one(void **state)
{
    (void)state;
    bls_model *m = bls_model_new();
    assert_non_null(m);
    bls_fact f = make_fact(BLS_METRIC_EMPLOYMENT, 2010, 2010, 5, 1, 0, "synthetic", 1);
    assert_int_equal(bls_model_add_fact(m, "31-2021", NULL, BLS_GROUP_UNKNOWN, &f), BLS_OK);
    assert_string_equal(bls_model_find(m, "31-2021")->title, "");
    test_record t;
    oews_national(&t, "31-2021", "Physical Therapist Assistants", "54,410", 5);
    bls_period may2014 = {2014, 2014, 5};
    const char *prev = "sentinel";
    assert_int_equal(bls_model_add_record(m, &t.rec, "w.csv", &may2014, &prev), BLS_OK);
    /* No title before is not a conflict (and must not point at a freed string). */
    assert_null(prev);
    const bls_occupation *occ = bls_model_find(m, "31-2021");
    assert_string_equal(occ->title, "Physical Therapist Assistants");
    assert_int_equal(occ->group, BLS_GROUP_DETAILED);
    bls_model_free(m);
}

/* ---- allocation failures ---------------------------------------------- */

/* One scenario touching every allocation site: occupations past the first
 * block (index rehash, array growth), facts past the first block, paths,
 * titles and EP education. Returns 1 when every call succeeded. */
static int run_model_scenario(void)
{
    bls_model *m = bls_model_new();
    if (!m)
        return 0;
    int all_ok = 1;
    for (int i = 0; i < 70; i++) {
        char soc[8];
        snprintf(soc, sizeof soc, "11-%04d", i);
        bls_fact f = make_fact(BLS_METRIC_EMPLOYMENT, 2014, 2014, 5, i, 0, i % 2 ? "a" : "b", 1);
        bls_status st = bls_model_add_fact(m, soc, "title", BLS_GROUP_DETAILED, &f);
        assert_true(st == BLS_OK || st == BLS_ERR_NOMEM);
        all_ok &= st == BLS_OK;
    }
    for (int y = 2000; y < 2012; y++) {
        bls_fact f = make_fact(BLS_METRIC_MEDIAN_ANNUAL_WAGE, y, y, 5, y, 0, "c", 1);
        bls_status st = bls_model_add_fact(m, "11-0001", "title", BLS_GROUP_DETAILED, &f);
        assert_true(st == BLS_OK || st == BLS_ERR_NOMEM);
        all_ok &= st == BLS_OK;
    }
    test_record oews, ep;
    oews_national(&oews, "31-2021", "Physical Therapist Assistants", "54,410", 2);
    ep_row(&ep, "29-2053", "Psychiatric technicians", 3);
    bls_period may2014 = {2014, 2014, 5};
    const char *prev;
    bls_status st = bls_model_add_record(m, &oews.rec, "oews.csv", &may2014, &prev);
    assert_true(st == BLS_OK || st == BLS_ERR_NOMEM);
    all_ok &= st == BLS_OK;
    st = bls_model_add_record(m, &ep.rec, "ep.csv", NULL, &prev);
    assert_true(st == BLS_OK || st == BLS_ERR_NOMEM);
    all_ok &= st == BLS_OK;
    bls_model_finish(m);
    /* whatever got in is consistent: sorted and findable */
    for (size_t i = 0; i < bls_model_count(m); i++) {
        const bls_occupation *occ = bls_model_at(m, i);
        assert_ptr_equal(bls_model_find(m, occ->soc_code), occ);
        assert_non_null(occ->title);
        if (i)
            assert_true(strcmp(bls_model_at(m, i - 1)->soc_code, occ->soc_code) < 0);
    }
    if (all_ok) {
        assert_int_equal(bls_model_count(m), 72);
        assert_int_equal(bls_model_find(m, "11-0001")->fact_count, 13);
        assert_string_equal(bls_model_find(m, "29-2053")->education, "Associate's degree");
    }
    bls_model_free(m);
    return all_ok;
}

static void test_allocation_failures_are_reported_and_leak_nothing(void **state)
{
    (void)state;
    int succeeded = 0, fired = 1;
    long n;
    for (n = 0; n < 100000 && fired; n++) {
        sweep_fail_after(n);
        succeeded = run_model_scenario();
        fired = sweep_end_run();
    }
    assert_true(succeeded);
    assert_true(n > 10); /* the sweep really failed allocations along the way */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_finish_sorts_occupations_by_soc_code),
        cmocka_unit_test(test_find_returns_null_for_absent_or_malformed_codes),
        cmocka_unit_test(test_invalid_soc_codes_are_rejected),
        cmocka_unit_test(test_latest_and_matching_period_facts),
        cmocka_unit_test(test_first_fact_wins_for_same_metric_and_period),
        cmocka_unit_test(test_the_same_figure_twice_is_no_conflict),
        cmocka_unit_test(test_fact_path_is_copied_and_shared),
        cmocka_unit_test(test_two_thousand_occupations_grow_the_index),
        cmocka_unit_test(test_null_model_is_safe),
        cmocka_unit_test(test_oews_national_row_becomes_facts_for_its_period),
        cmocka_unit_test(test_ep_row_converts_thousands_and_uses_layout_years),
        cmocka_unit_test(test_ep_row_without_layout_years_takes_the_given_period),
        cmocka_unit_test(test_ep_thousands_too_large_for_persons_give_no_fact),
        cmocka_unit_test(test_oews_then_ep_keeps_oews_median_for_same_may),
        cmocka_unit_test(test_non_national_rows_of_all_data_file_are_ignored),
        cmocka_unit_test(test_area_column_without_area_type_decides_national),
        cmocka_unit_test(test_record_with_invalid_soc_is_ignored),
        cmocka_unit_test(test_title_conflict_reports_the_previous_title),
        cmocka_unit_test(test_record_fills_title_of_occupation_added_without_one),
        cmocka_unit_test(test_oews_title_is_preferred_whatever_the_input_order),
        cmocka_unit_test(test_allocation_failures_are_reported_and_leak_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
