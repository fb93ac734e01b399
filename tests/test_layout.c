/*
 * test_layout.c - unit tests for layout.c: header recognition for every
 * OEWS year variant, EP tables (title rows, one- and two-row headers, notes)
 * and claims CSVs. Fixtures in tests/data/layouts/ are SYNTHETIC; each is
 * read into memory and run through the reader and the detector.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "alloc_sweep.h"
#include "blsreport/base/cells.h"
#include "blsreport/layouts/program.h"
#include "blsreport/read/layout.h"
#include "blsreport/read/reader.h"

/* ---- rows from string arrays ------------------------------------------------ */

#define MAX_TEST_FIELDS 40

typedef struct test_row {
    bls_field fields[MAX_TEST_FIELDS];
    bls_row row;
} test_row;

static const bls_row *make_row(test_row *t, const char *const *cells, size_t count)
{
    assert_true(count <= MAX_TEST_FIELDS);
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < count; i++) {
        t->fields[i].data = cells[i];
        t->fields[i].len = strlen(cells[i]);
    }
    t->row.fields = t->fields;
    t->row.count = count;
    t->row.line = 1;
    t->row.line_end = 1;
    t->row.raw = "";
    return &t->row;
}

#define ROW(t, ...)                                                                                \
    make_row((t), (const char *const[]){__VA_ARGS__},                                              \
             sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

static bls_detect_result feed(bls_layout_detector *det, const bls_row *row)
{
    bls_detect_result result = BLS_DETECT_FOUND;
    assert_int_equal(bls_layout_detector_feed(det, row, &result), BLS_OK);
    return result;
}

/* ---- fixtures through reader + detector --------------------------------------- */

typedef struct fixture_run {
    bls_layout_detector *det;
    const bls_layout *layout;
    size_t need_more, not_header, data_rows, note_rows, blank_rows;
    size_t numbers, markers, bad_numbers;
} fixture_run;

static int is_blank_row(const bls_row *row)
{
    for (size_t i = 0; i < row->count; i++) {
        if (row->fields[i].len > 0)
            return 0;
    }
    return 1;
}

static int fixture_row(void *ctx, const bls_row *row)
{
    fixture_run *run = ctx;
    if (run->layout == NULL) {
        bls_detect_result result = feed(run->det, row);
        if (result == BLS_DETECT_NEED_MORE)
            run->need_more++;
        else if (result == BLS_DETECT_NOT_HEADER)
            run->not_header++;
        else
            run->layout = bls_layout_detector_layout(run->det);
        if (result != BLS_DETECT_FOUND_DATA)
            return 0;
    }
    if (is_blank_row(row)) {
        run->blank_rows++;
        return 0;
    }
    if (bls_layout_is_note_row(run->layout, row)) {
        run->note_rows++;
        return 0;
    }
    run->data_rows++;
    for (int col = 0; col < BLS_COL_COUNT; col++) {
        int field = run->layout->index[col];
        if (field < 0 || !bls_column_is_numeric((bls_column)col) || (size_t)field >= row->count)
            continue;
        bls_number n = bls_cell_parse(row->fields[field].data, row->fields[field].len);
        if (n.state == BLS_CELL_VALUE)
            run->numbers++;
        else if (n.state == BLS_CELL_INVALID)
            run->bad_numbers++;
        else if (n.state != BLS_CELL_EMPTY)
            run->markers++;
    }
    return 0;
}

static char *read_fixture(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/layouts/%s", BLS_TEST_DATA, name);
    FILE *in = fopen(path, "rb");
    if (in == NULL)
        print_error("cannot open %s\n", path);
    assert_non_null(in);
    char *data = malloc(1 << 16);
    assert_non_null(data);
    *len = fread(data, 1, 1 << 16, in);
    assert_true(*len > 0 && *len < (1 << 16));
    fclose(in);
    return data;
}

typedef struct column_at {
    bls_column column;
    int field;
} column_at;

typedef struct fixture_case {
    const char *file;
    bls_kind kind;
    const char *name;
    int header_rows, code_in_title, base_year, target_year;
    size_t preamble_rows, data_rows, note_rows;
    column_at columns[6];
} fixture_case;

static const fixture_case fixture_cases[] = {
    {"synthetic_oews_national_M2014.csv",
     BLS_KIND_WAGES,
     "OEWS national",
     1,
     0,
     0,
     0,
     0,
     4,
     0,
     {{BLS_COL_OCC_CODE, 0},
      {BLS_COL_OCC_GROUP, 2},
      {BLS_COL_A_MEDIAN, 15},
      {BLS_COL_HOURLY, 19},
      {BLS_COL_AREA, -1},
      {BLS_COL_NAICS, -1}}},
    {"synthetic_oews_alldata_M2014.csv",
     BLS_KIND_WAGES,
     "OEWS all data",
     1,
     0,
     0,
     0,
     0,
     3,
     0,
     {{BLS_COL_AREA, 0},
      {BLS_COL_OWN_CODE, 5},
      {BLS_COL_OCC_CODE, 6},
      {BLS_COL_OCC_GROUP, 8},
      {BLS_COL_PCT_TOTAL, 13},
      {BLS_COL_PRIM_STATE, -1}}},
    {"synthetic_oews_alldata_2019.csv",
     BLS_KIND_WAGES,
     "OEWS all data (2019+)",
     1,
     0,
     0,
     0,
     0,
     2,
     0,
     {{BLS_COL_PRIM_STATE, 3},
      {BLS_COL_I_GROUP, 6},
      {BLS_COL_OCC_GROUP, 10},
      {BLS_COL_PCT_RPT, 16},
      {BLS_COL_A_PCT90, 29},
      {BLS_COL_HOURLY, 31}}},
    {"synthetic_oews_state_M2014.csv",
     BLS_KIND_WAGES,
     "OEWS state/metro",
     1,
     0,
     0,
     0,
     0,
     2,
     0,
     {{BLS_COL_AREA, 0},
      {BLS_COL_PRIM_STATE, 1},
      {BLS_COL_AREA_TITLE, 2},
      {BLS_COL_OCC_CODE, 3},
      {BLS_COL_LOC_QUOTIENT, 9},
      {BLS_COL_NAICS, -1}}},
    {"synthetic_ep_2012-22_one_row_header.csv",
     BLS_KIND_PROJECTIONS,
     "EP projections 2012-22",
     1,
     1,
     2012,
     2022,
     3,
     3,
     3,
     {{BLS_COL_OCC_TITLE, 0},
      {BLS_COL_OCC_CODE, 0},
      {BLS_COL_EP_EMP_BASE, 2},
      {BLS_COL_EP_EMP_PROJ, 3},
      {BLS_COL_EP_CHANGE_PCT, 5},
      {BLS_COL_EP_TRAINING, 11}}},
    {"synthetic_ep_2014-24_two_row_header.csv",
     BLS_KIND_PROJECTIONS,
     "EP projections 2014-24",
     2,
     0,
     2014,
     2024,
     1,
     2,
     1,
     {{BLS_COL_OCC_TITLE, 0},
      {BLS_COL_OCC_CODE, 1},
      {BLS_COL_EP_CHANGE_NUM, 5},
      {BLS_COL_EP_CHANGE_PCT, 6},
      {BLS_COL_EP_OPENINGS, 8},
      {BLS_COL_EP_MEDIAN_WAGE, 9}}},
    {"synthetic_claims.csv",
     BLS_KIND_CLAIMS,
     "claims",
     1,
     0,
     0,
     0,
     0,
     2,
     0,
     {{BLS_COL_CLAIM_OCCUPATION, 0},
      {BLS_COL_CLAIM_SOURCE, 1},
      {BLS_COL_CLAIM_METRIC, 2},
      {BLS_COL_CLAIM_CLAIMED, 3},
      {BLS_COL_CLAIM_SOC, 4},
      {BLS_COL_CLAIM_QUOTE, 6}}},
};

static void test_every_fixture_is_recognised_through_the_reader(void **state)
{
    (void)state;
    for (size_t f = 0; f < sizeof fixture_cases / sizeof fixture_cases[0]; f++) {
        const fixture_case *fc = &fixture_cases[f];
        size_t len;
        char *data = read_fixture(fc->file, &len);
        fixture_run run = {0};
        run.det = bls_layout_detector_new();
        assert_non_null(run.det);
        bls_findings *findings = bls_findings_new(0);
        assert_int_equal(
            bls_reader_read_buffer(data, len, fc->file, NULL, findings, fixture_row, &run), BLS_OK);
        if (run.layout == NULL)
            print_error("%s: not recognised\n", fc->file);
        assert_non_null(run.layout);
        assert_int_equal(run.layout->kind, fc->kind);
        assert_string_equal(run.layout->name, fc->name);
        assert_int_equal(run.layout->header_rows, fc->header_rows);
        /* an EP header is known at its first data row; OEWS and claims at once */
        assert_int_equal(run.need_more,
                         fc->kind == BLS_KIND_PROJECTIONS ? fc->header_rows : fc->header_rows - 1);
        assert_int_equal(run.layout->code_in_title, fc->code_in_title);
        assert_int_equal(run.layout->base_year, fc->base_year);
        assert_int_equal(run.layout->target_year, fc->target_year);
        assert_int_equal(run.not_header, fc->preamble_rows);
        assert_int_equal(run.data_rows, fc->data_rows);
        assert_int_equal(run.note_rows, fc->note_rows);
        assert_int_equal(run.bad_numbers, 0);
        if (fc->kind != BLS_KIND_CLAIMS)
            assert_true(run.numbers > 0);
        for (size_t c = 0; c < sizeof fc->columns / sizeof fc->columns[0]; c++) {
            if (run.layout->index[fc->columns[c].column] != fc->columns[c].field)
                print_error("%s: column %s at %d, expected %d\n", fc->file,
                            bls_column_name(fc->columns[c].column),
                            run.layout->index[fc->columns[c].column], fc->columns[c].field);
            assert_int_equal(run.layout->index[fc->columns[c].column], fc->columns[c].field);
        }
        assert_int_equal(bls_findings_count(findings), 0);
        bls_findings_free(findings);
        bls_layout_detector_free(run.det);
        free(data);
    }
}

static void test_oews_markers_in_the_national_fixture_are_kept(void **state)
{
    (void)state;
    size_t len;
    char *data = read_fixture("synthetic_oews_national_M2014.csv", &len);
    fixture_run run = {0};
    run.det = bls_layout_detector_new();
    assert_non_null(run.det);
    assert_int_equal(bls_reader_read_buffer(data, len, "n.csv", NULL, NULL, fixture_row, &run),
                     BLS_OK);
    assert_int_equal(run.markers, 7); /* six "*" and one "#" on the last row */
    bls_layout_detector_free(run.det);
    free(data);
}

/* ---- header spellings from memory ----------------------------------------------- */

static void test_older_and_lower_case_oews_spellings_are_accepted(void **state)
{
    (void)state;
    test_row t;
    bls_layout_detector *det = bls_layout_detector_new();
    assert_non_null(det);
    assert_int_equal(feed(det, ROW(&t, " occ code ", "Occ_Title", "GROUP", "tot_emp",
                                   "LOC QUOTIENT", "a_median", "Jobs_1000")),
                     BLS_DETECT_FOUND);
    const bls_layout *l = bls_layout_detector_layout(det);
    assert_non_null(l);
    assert_int_equal(l->kind, BLS_KIND_WAGES);
    assert_int_equal(l->index[BLS_COL_OCC_CODE], 0);
    assert_int_equal(l->index[BLS_COL_OCC_TITLE], 1);
    assert_int_equal(l->index[BLS_COL_OCC_GROUP], 2);
    assert_int_equal(l->index[BLS_COL_TOT_EMP], 3);
    assert_int_equal(l->index[BLS_COL_LOC_QUOTIENT], 4);
    assert_int_equal(l->index[BLS_COL_A_MEDIAN], 5);
    assert_int_equal(l->index[BLS_COL_JOBS_1000], 6);
    assert_int_equal(l->index[BLS_COL_H_MEDIAN], -1);
    assert_int_equal(l->width, 7);
    assert_string_equal(l->name, "OEWS national");
    bls_layout_detector_free(det);
}

static void test_wage_header_without_a_figure_column_is_not_a_layout(void **state)
{
    (void)state;
    test_row t;
    bls_layout_detector *det = bls_layout_detector_new();
    assert_non_null(det);
    assert_int_equal(feed(det, ROW(&t, "OCC_CODE", "OCC_TITLE", "OCC_GROUP")),
                     BLS_DETECT_NOT_HEADER);
    assert_null(bls_layout_detector_layout(det));
    assert_int_equal(feed(det, ROW(&t, "OCC_TITLE", "A_MEDIAN")), BLS_DETECT_NOT_HEADER);
    assert_int_equal(feed(det, ROW(&t, "name", "colour")), BLS_DETECT_NOT_HEADER);
    /* OCC_TITLE may be missing: the pipeline reports it, the layout maps -1 */
    assert_int_equal(feed(det, ROW(&t, "OCC_CODE", "A_MEDIAN")), BLS_DETECT_FOUND);
    assert_int_equal(bls_layout_detector_layout(det)->index[BLS_COL_OCC_TITLE], -1);
    bls_layout_detector_free(det);
}

static void test_duplicate_header_keeps_the_first_column(void **state)
{
    (void)state;
    test_row t;
    bls_layout_detector *det = bls_layout_detector_new();
    assert_non_null(det);
    assert_int_equal(feed(det, ROW(&t, "OCC_CODE", "A_MEDIAN", "a median")), BLS_DETECT_FOUND);
    assert_int_equal(bls_layout_detector_layout(det)->index[BLS_COL_A_MEDIAN], 1);
    bls_layout_detector_free(det);
}

typedef struct ep_variant {
    const char *change_num, *change_pct;
    int base, target;
    const char *name;
} ep_variant;

static void test_ep_one_row_header_variants_give_years_and_columns(void **state)
{
    (void)state;
    static const ep_variant variants[] = {
        {"Employment change, 2012-22: Number", "Employment change, 2012-22: Percent", 2012, 2022,
         "EP projections 2012-22"},
        {"Employment change, numeric, 2022-32", "Employment change, percent, 2022-32", 2022, 2032,
         "EP projections 2022-32"},
        {"Employment change, 2014\xE2\x80\x93"
         "2024 Number",
         "Employment change, 2014-2024 Percent", 2014, 2024, "EP projections 2014-24"},
    };
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        char base[32], target[32], title[80];
        snprintf(base, sizeof base, "Employment, %d", variants[v].base);
        snprintf(target, sizeof target, "Employment, %d", variants[v].target);
        snprintf(title, sizeof title, "%d National Employment Matrix title and code",
                 variants[v].base);
        test_row t;
        bls_layout_detector *det = bls_layout_detector_new();
        assert_non_null(det);
        assert_int_equal(feed(det, ROW(&t, title, "Occupation type", base, target,
                                       variants[v].change_num, variants[v].change_pct)),
                         BLS_DETECT_NEED_MORE);
        assert_int_equal(feed(det, ROW(&t, "Synthetic technicians (29-9991)", "Line item", "1.0",
                                       "1.1", "0.1", "10.0")),
                         BLS_DETECT_FOUND_DATA);
        const bls_layout *l = bls_layout_detector_layout(det);
        assert_int_equal(l->kind, BLS_KIND_PROJECTIONS);
        assert_int_equal(l->base_year, variants[v].base);
        assert_int_equal(l->target_year, variants[v].target);
        assert_string_equal(l->name, variants[v].name);
        assert_true(l->code_in_title);
        assert_int_equal(l->index[BLS_COL_OCC_CODE], 0);
        assert_int_equal(l->index[BLS_COL_EP_OCC_TYPE], 1);
        assert_int_equal(l->index[BLS_COL_EP_EMP_BASE], 2);
        assert_int_equal(l->index[BLS_COL_EP_EMP_PROJ], 3);
        assert_int_equal(l->index[BLS_COL_EP_CHANGE_NUM], 4);
        assert_int_equal(l->index[BLS_COL_EP_CHANGE_PCT], 5);
        bls_layout_detector_free(det);
    }
}

static void test_ep_years_come_from_the_change_span_when_employment_lacks_them(void **state)
{
    (void)state;
    test_row t;
    bls_layout_detector *det = bls_layout_detector_new();
    assert_non_null(det);
    assert_int_equal(feed(det, ROW(&t, "Occupation title", "Occupation code",
                                   "Employment change, 2019-29: Percent")),
                     BLS_DETECT_NEED_MORE);
    assert_int_equal(feed(det, ROW(&t, "Synthetic technicians", "29-9991", "1.0")),
                     BLS_DETECT_FOUND_DATA);
    const bls_layout *l = bls_layout_detector_layout(det);
    assert_int_equal(l->base_year, 2019);
    assert_int_equal(l->target_year, 2029);
    assert_false(l->code_in_title);
    assert_int_equal(l->index[BLS_COL_OCC_CODE], 1);
    bls_layout_detector_free(det);
}

static void test_ep_employment_columns_in_reverse_order_are_swapped(void **state)
{
    (void)state;
    test_row t;
    bls_layout_detector *det = bls_layout_detector_new();
    assert_non_null(det);
    assert_int_equal(feed(det, ROW(&t, "2012 National Employment Matrix title and code",
                                   "Employment, 2022", "Employment, 2012")),
                     BLS_DETECT_NEED_MORE);
    assert_int_equal(feed(det, ROW(&t, "Synthetic technicians (29-9991)", "1.1", "1.0")),
                     BLS_DETECT_FOUND_DATA);
    const bls_layout *l = bls_layout_detector_layout(det);
    assert_int_equal(l->index[BLS_COL_EP_EMP_BASE], 2);
    assert_int_equal(l->index[BLS_COL_EP_EMP_PROJ], 1);
    assert_int_equal(l->base_year, 2012);
    assert_int_equal(l->target_year, 2022);
    bls_layout_detector_free(det);
}

static void test_ep_two_row_header_needs_the_second_row(void **state)
{
    (void)state;
    test_row t;
    bls_layout_detector *det = bls_layout_detector_new();
    assert_non_null(det);
    assert_int_equal(feed(det, ROW(&t, "Table 1.2 (synthetic title row)", "", "", "", "", "")),
                     BLS_DETECT_NOT_HEADER);
    assert_int_equal(feed(det, ROW(&t, "2012 National Employment Matrix title and code",
                                   "Employment, 2012", "Employment, 2022",
                                   "Employment change, 2012-22", "", "Median annual wage, 2012")),
                     BLS_DETECT_NEED_MORE);
    assert_null(bls_layout_detector_layout(det));
    assert_int_equal(feed(det, ROW(&t, "", "", "", "Number", "Percent", "")), BLS_DETECT_NEED_MORE);
    assert_null(bls_layout_detector_layout(det));
    assert_int_equal(feed(det, ROW(&t, "Synthetic technicians (29-9991)", "1.0", "1.1", "0.1",
                                   "10.0", "$30,000")),
                     BLS_DETECT_FOUND_DATA);
    const bls_layout *l = bls_layout_detector_layout(det);
    assert_non_null(l);
    assert_int_equal(l->header_rows, 2);
    assert_int_equal(l->index[BLS_COL_EP_CHANGE_NUM], 3);
    assert_int_equal(l->index[BLS_COL_EP_CHANGE_PCT], 4);
    assert_int_equal(l->index[BLS_COL_EP_MEDIAN_WAGE], 5);
    assert_int_equal(l->base_year, 2012);
    assert_int_equal(l->target_year, 2022);
    assert_int_equal(l->width, 6);
    bls_layout_detector_free(det);
}

static void test_ep_header_without_a_figure_column_is_found_but_has_no_figures(void **state)
{
    (void)state;
    test_row t;
    bls_layout_detector *det = bls_layout_detector_new();
    assert_non_null(det);
    assert_int_equal(feed(det, ROW(&t, "Table 1.8 Synthetic matrix links", "", "")),
                     BLS_DETECT_NOT_HEADER);
    assert_int_equal(feed(det, ROW(&t, "2012 National Employment Matrix title and code",
                                   "Employment change, 2012-22", "")),
                     BLS_DETECT_NEED_MORE);
    assert_int_equal(feed(det, ROW(&t, "Synthetic technicians (29-9991)", "20.0", "20.0")),
                     BLS_DETECT_FOUND_DATA);
    const bls_layout *l = bls_layout_detector_layout(det);
    assert_non_null(l);
    assert_int_equal(l->kind, BLS_KIND_PROJECTIONS);
    assert_false(l->has_figures); /* the pipeline refuses it by name */
    assert_string_equal(l->table, "Table 1.8");
    bls_layout_detector_free(det);
}

/* 2012-22 Table 1.2 as Excel saves it: title and code over two cells, the
 * code column unlabelled, three stacked header rows with merged labels. */
static void test_ep_three_stacked_header_rows_with_merged_labels(void **state)
{
    (void)state;
    test_row t;
    bls_layout_detector *det = bls_layout_detector_new();
    assert_non_null(det);
    assert_int_equal(feed(det, ROW(&t,
                                   "Table 1.2 Employment by detailed occupation, 2012 and "
                                   "projected 2022\n(Numbers in thousands)",
                                   "", "", "", "", "", "", "", "")),
                     BLS_DETECT_NOT_HEADER);
    assert_int_equal(feed(det, ROW(&t, "2012 National Employment Matrix title and code", "",
                                   "Employment", "", "", "", "Change, 2012-22", "",
                                   " Job openings due to growth and replacements, 2012-22 ")),
                     BLS_DETECT_NEED_MORE);
    assert_int_equal(
        feed(det, ROW(&t, "", "", " Number ", "", "Percent distribution", "", "", "", "")),
        BLS_DETECT_NEED_MORE);
    assert_int_equal(
        feed(det, ROW(&t, "", "", "2012 ", "2022 ", "2012", "2022", " Number ", "Percent", "")),
        BLS_DETECT_NEED_MORE);
    assert_int_equal(feed(det, ROW(&t, "Psychiatric technicians", "29-2053", "71.0", "73.8", "0.0",
                                   "0.0", "2.8", "3.9", "9.8")),
                     BLS_DETECT_FOUND_DATA);
    const bls_layout *l = bls_layout_detector_layout(det);
    assert_non_null(l);
    assert_true(l->has_figures);
    assert_int_equal(l->header_rows, 3);
    assert_false(l->code_in_title);
    assert_int_equal(l->index[BLS_COL_OCC_TITLE], 0);
    assert_int_equal(l->index[BLS_COL_OCC_CODE], 1);
    assert_int_equal(l->index[BLS_COL_EP_EMP_BASE], 2);
    assert_int_equal(l->index[BLS_COL_EP_EMP_PROJ], 3);
    assert_int_equal(l->index[BLS_COL_EP_CHANGE_NUM], 6);
    assert_int_equal(l->index[BLS_COL_EP_CHANGE_PCT], 7);
    assert_int_equal(l->index[BLS_COL_EP_OPENINGS], 8);
    assert_int_equal(l->base_year, 2012);
    assert_int_equal(l->target_year, 2022);
    assert_string_equal(l->table, "Table 1.2");
    bls_layout_detector_free(det);
}

/* Later releases (2022-32, 2023-33) write "Median annual wage, dollars,
 * 2023[1]": the same column, its year read past the bracketed footnote. */
static void test_ep_later_release_wage_header_with_dollars_and_bracket_footnote(void **state)
{
    (void)state;
    test_row t;
    bls_layout_detector *det = bls_layout_detector_new();
    assert_non_null(det);
    assert_int_equal(
        feed(det,
             ROW(&t, "2023 National Employment Matrix title",
                 "2023 National Employment Matrix code", "Occupation type", "Employment, 2023",
                 "Employment, 2033", "Employment change, numeric, 2023-33",
                 "Employment change, percent, 2023-33", "Median annual wage, dollars, 2023[1]")),
        BLS_DETECT_NEED_MORE);
    assert_int_equal(feed(det, ROW(&t, "Psychiatric technicians", "29-2053", "Line item", "1.0",
                                   "1.1", "0.1", "10.0", "$40,000")),
                     BLS_DETECT_FOUND_DATA);
    const bls_layout *l = bls_layout_detector_layout(det);
    assert_int_equal(l->index[BLS_COL_EP_MEDIAN_WAGE], 7);
    assert_int_equal(l->year[BLS_COL_EP_MEDIAN_WAGE], 2023);
    assert_int_equal(l->base_year, 2023);
    assert_int_equal(l->target_year, 2033);
    assert_string_equal(l->name, "EP projections 2023-33");
    bls_layout_detector_free(det);
}

/* 2019-29 writes the wage of the year after the base: each figure keeps the
 * year its own header names. */
static void test_ep_column_years_come_from_their_own_headers(void **state)
{
    (void)state;
    test_row t;
    bls_layout_detector *det = bls_layout_detector_new();
    assert_non_null(det);
    assert_int_equal(feed(det, ROW(&t, "2019 National Employment Matrix title",
                                   "2019 National Employment Matrix code", "Employment, 2019",
                                   "Employment, 2029", "Median annual wage, 2020(1)")),
                     BLS_DETECT_NEED_MORE);
    assert_int_equal(
        feed(det, ROW(&t, "Psychiatric technicians", "29-2053", "1.0", "1.1", ">=$208,000")),
        BLS_DETECT_FOUND_DATA);
    const bls_layout *l = bls_layout_detector_layout(det);
    assert_int_equal(l->year[BLS_COL_EP_MEDIAN_WAGE], 2020);
    assert_int_equal(l->year[BLS_COL_EP_EMP_BASE], 2019);
    assert_int_equal(l->base_year, 2019);
    assert_int_equal(l->target_year, 2029);
    bls_layout_detector_free(det);
}

static void test_claims_header_needs_its_four_required_columns(void **state)
{
    (void)state;
    test_row t;
    bls_layout_detector *det = bls_layout_detector_new();
    assert_non_null(det);
    assert_int_equal(feed(det, ROW(&t, "source", "occupation", "soc_code", "period", "claimed")),
                     BLS_DETECT_NOT_HEADER);
    assert_int_equal(feed(det, ROW(&t, "Source", "Occupation", "SOC", "Metric", "Claimed Value")),
                     BLS_DETECT_FOUND);
    const bls_layout *l = bls_layout_detector_layout(det);
    assert_int_equal(l->kind, BLS_KIND_CLAIMS);
    assert_int_equal(l->index[BLS_COL_CLAIM_SOC], 2);
    assert_int_equal(l->index[BLS_COL_CLAIM_CLAIMED], 4);
    assert_int_equal(l->index[BLS_COL_CLAIM_QUOTE], -1);
    assert_int_equal(l->index[BLS_COL_OCC_CODE], -1);
    bls_layout_detector_free(det);
}

static void test_detector_gives_up_after_the_preamble_limit(void **state)
{
    (void)state;
    test_row t;
    bls_layout_detector *det = bls_layout_detector_new();
    assert_non_null(det);
    for (int i = 0; i < BLS_LAYOUT_MAX_PREAMBLE; i++)
        assert_int_equal(feed(det, ROW(&t, "title row", "")), BLS_DETECT_NOT_HEADER);
    assert_int_equal(feed(det, ROW(&t, "OCC_CODE", "A_MEDIAN")), BLS_DETECT_NOT_HEADER);
    assert_null(bls_layout_detector_layout(det));
    bls_layout_detector_free(det);
}

static void test_blank_rows_before_the_header_are_skipped(void **state)
{
    (void)state;
    test_row t;
    bls_layout_detector *det = bls_layout_detector_new();
    assert_non_null(det);
    assert_int_equal(feed(det, ROW(&t, "")), BLS_DETECT_NOT_HEADER);
    assert_int_equal(feed(det, ROW(&t, " ", "")), BLS_DETECT_NOT_HEADER);
    assert_int_equal(feed(det, ROW(&t, "OCC_CODE", "TOT_EMP")), BLS_DETECT_FOUND);
    bls_layout_detector_free(det);
}

typedef struct note_case {
    const char *first, *second;
    int is_note;
} note_case;

static void test_note_rows_below_an_ep_table_are_recognised(void **state)
{
    (void)state;
    static const note_case cases[] = {
        {"Note: synthetic", "", 1},
        {"Source: Employment Projections program", "", 1},
        {"Footnotes:", "", 1},
        {"1 Data are from a synthetic survey", "", 1},
        {"NOTES: anything", "12", 1},
        {"Synthetic technicians (29-9991)", "", 0},
        {"Synthetic technicians (29-9991)", "20.0", 0},
        {"Synthetic technicians", "20.0", 0},
        {"", "", 0},
        {"Notebook makers", "5", 0},
    };
    test_row t;
    bls_layout_detector *det = bls_layout_detector_new();
    assert_non_null(det);
    assert_int_equal(feed(det, ROW(&t, "2012 National Employment Matrix title and code",
                                   "Employment change, 2012-22: Percent")),
                     BLS_DETECT_NEED_MORE);
    assert_int_equal(feed(det, ROW(&t, "Synthetic technicians (29-9991)", "1.0")),
                     BLS_DETECT_FOUND_DATA);
    const bls_layout *ep = bls_layout_detector_layout(det);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bls_row *row = ROW(&t, cases[i].first, cases[i].second);
        assert_int_equal(bls_layout_is_note_row(ep, row), cases[i].is_note);
    }
    bls_layout wages = *ep;
    wages.kind = BLS_KIND_WAGES;
    assert_int_equal(bls_layout_is_note_row(&wages, ROW(&t, "Note: x", "")), 0);
    assert_int_equal(bls_layout_is_note_row(NULL, ROW(&t, "Note: x", "")), 0);
    bls_layout_detector_free(det);
}

static void test_names_and_lists_are_complete(void **state)
{
    (void)state;
    for (int col = 0; col < BLS_COL_COUNT; col++)
        assert_true(strlen(bls_column_name((bls_column)col)) > 0);
    assert_string_equal(bls_column_name(BLS_COL_A_MEDIAN), "A_MEDIAN");
    assert_string_equal(bls_column_name(BLS_COL_COUNT), "");
    assert_true(bls_column_is_numeric(BLS_COL_A_MEDIAN));
    assert_true(bls_column_is_numeric(BLS_COL_EP_CHANGE_PCT));
    assert_false(bls_column_is_numeric(BLS_COL_OCC_TITLE));
    assert_false(bls_column_is_numeric(BLS_COL_ANNUAL));
    assert_string_equal(bls_kind_name(BLS_KIND_WAGES), "wages");
    assert_string_equal(bls_kind_name(BLS_KIND_PROJECTIONS), "projections");
    assert_string_equal(bls_kind_name(BLS_KIND_CLAIMS), "claims");
    /* the known-layouts message names every registered program */
    const char *known = bls_layout_known_list();
    size_t count;
    const bls_program *const *programs = bls_programs(&count);
    assert_int_equal(count, 3);
    for (size_t i = 0; i < count; i++) {
        assert_non_null(strstr(known, programs[i]->layouts));
        assert_ptr_equal(bls_program_of(programs[i]->kind), programs[i]);
        assert_true(programs[i]->spelling_count > 0);
    }
    assert_null(bls_program_of(BLS_KIND_DOCUMENT));
    assert_non_null(strstr(known, "OEWS national"));
    assert_non_null(strstr(known, "EP occupation tables"));
    assert_non_null(strstr(known, "claims"));
    assert_null(strchr(known, '\n'));
}

static void test_allocation_failures_return_nomem_without_leaks(void **state)
{
    (void)state;
    bls_status st = BLS_ERR_NOMEM;
    long n;
    int fired = 1;
    for (n = 0; n < 100000 && fired; n++) {
        sweep_fail_after(n);
        bls_layout_detector *det = bls_layout_detector_new();
        bls_detect_result r1 = BLS_DETECT_NOT_HEADER, r2 = BLS_DETECT_NOT_HEADER;
        if (det == NULL) {
            st = BLS_ERR_NOMEM;
        } else {
            test_row t;
            st = bls_layout_detector_feed(det,
                                          ROW(&t, "2012 National Employment Matrix title and code",
                                              "Employment change, 2012-22", ""),
                                          &r1);
            if (st == BLS_OK)
                st = bls_layout_detector_feed(det, ROW(&t, "", "Number", "Percent"), &r2);
            if (st == BLS_OK)
                st = bls_layout_detector_feed(
                    det, ROW(&t, "Synthetic technicians (29-9991)", "0.1", "10.0"), &r2);
        }
        fired = sweep_end_run();
        if (st != BLS_OK) {
            assert_int_equal(st, BLS_ERR_NOMEM);
        } else {
            assert_int_equal(r1, BLS_DETECT_NEED_MORE);
            assert_int_equal(r2, BLS_DETECT_FOUND_DATA);
        }
        bls_layout_detector_free(det);
    }
    assert_int_equal(st, BLS_OK);
    assert_true(n > 2);
}

static void test_null_arguments_are_rejected(void **state)
{
    (void)state;
    bls_detect_result r;
    test_row t;
    assert_int_equal(bls_layout_detector_feed(NULL, ROW(&t, "x"), &r), BLS_ERR_INVALID_ARG);
    assert_null(bls_layout_detector_layout(NULL));
    bls_layout_detector_free(NULL);
}

/* From 2019 BLS's national file has the all-data columns: once its rows
 * are read and every one is a national total, it is named for what it is. */
static void test_name_after_rows_says_national_for_all_data_columns(void **state)
{
    (void)state;
    bls_layout l;
    memset(&l, 0, sizeof l);
    for (int c = 0; c < BLS_COL_COUNT; c++)
        l.index[c] = -1;
    l.kind = BLS_KIND_WAGES;
    l.name = "OEWS all data (2019+)";
    l.index[BLS_COL_AREA] = 0;
    assert_string_equal(bls_layout_name_after_rows(&l, 1400, 0),
                        "OEWS national (all-data columns)");
    assert_string_equal(bls_layout_name_after_rows(&l, 1400, 3), "OEWS all data (2019+)");
    assert_string_equal(bls_layout_name_after_rows(&l, 0, 0), "OEWS all data (2019+)");
    l.index[BLS_COL_AREA] = -1; /* a national file without an area column keeps its name */
    assert_string_equal(bls_layout_name_after_rows(&l, 1400, 0), "OEWS all data (2019+)");
    l.index[BLS_COL_AREA] = 0;
    l.kind = BLS_KIND_PROJECTIONS; /* EP has no such name */
    assert_string_equal(bls_layout_name_after_rows(&l, 1400, 0), "OEWS all data (2019+)");
}

/* The period of a file's figures comes from where its program says: the
 * header (EP), the file name or --wage-period (OEWS), nowhere (claims). */
static void test_period_comes_from_the_programs_source(void **state)
{
    (void)state;
    bls_layout l;
    memset(&l, 0, sizeof l);
    bls_period p;
    l.kind = BLS_KIND_PROJECTIONS;
    l.base_year = 2012;
    l.target_year = 2022;
    assert_int_equal(bls_layout_period(&l, "x.csv", NULL, &p), BLS_PERIOD_KNOWN);
    assert_int_equal(p.year_from, 2012);
    assert_int_equal(p.year_to, 2022);
    l.target_year = 0; /* an education table names its base year only */
    assert_int_equal(bls_layout_period(&l, "x.csv", NULL, &p), BLS_PERIOD_KNOWN);
    assert_int_equal(p.year_to, 2012);

    l.kind = BLS_KIND_WAGES;
    assert_int_equal(bls_layout_period(&l, "dir/national_M2014_dl.csv", NULL, &p),
                     BLS_PERIOD_KNOWN);
    assert_int_equal(p.year_from, 2014);
    assert_int_equal(p.month, 5);
    assert_int_equal(bls_layout_period(&l, "oesm09nat.zip:national_dl", NULL, &p),
                     BLS_PERIOD_KNOWN);
    assert_int_equal(p.year_from, 2009);
    assert_int_equal(bls_layout_period(&l, "national_dl.csv", NULL, &p), BLS_PERIOD_UNKNOWN);
    const bls_period may2023 = {2023, 2023, 5};
    assert_int_equal(bls_layout_period(&l, "national_dl.csv", &may2023, &p), BLS_PERIOD_KNOWN);
    assert_int_equal(p.year_from, 2023); /* given wins over the name */
    assert_int_equal(bls_layout_period(&l, "national_M2014_dl.csv", &may2023, &p),
                     BLS_PERIOD_KNOWN);
    assert_int_equal(p.year_from, 2023);

    l.kind = BLS_KIND_CLAIMS;
    assert_int_equal(bls_layout_period(&l, "claims.csv", NULL, &p), BLS_PERIOD_NOT_NEEDED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_period_comes_from_the_programs_source),
        cmocka_unit_test(test_name_after_rows_says_national_for_all_data_columns),
        cmocka_unit_test(test_every_fixture_is_recognised_through_the_reader),
        cmocka_unit_test(test_oews_markers_in_the_national_fixture_are_kept),
        cmocka_unit_test(test_older_and_lower_case_oews_spellings_are_accepted),
        cmocka_unit_test(test_wage_header_without_a_figure_column_is_not_a_layout),
        cmocka_unit_test(test_duplicate_header_keeps_the_first_column),
        cmocka_unit_test(test_ep_one_row_header_variants_give_years_and_columns),
        cmocka_unit_test(test_ep_years_come_from_the_change_span_when_employment_lacks_them),
        cmocka_unit_test(test_ep_employment_columns_in_reverse_order_are_swapped),
        cmocka_unit_test(test_ep_two_row_header_needs_the_second_row),
        cmocka_unit_test(test_ep_header_without_a_figure_column_is_found_but_has_no_figures),
        cmocka_unit_test(test_ep_three_stacked_header_rows_with_merged_labels),
        cmocka_unit_test(test_ep_column_years_come_from_their_own_headers),
        cmocka_unit_test(test_ep_later_release_wage_header_with_dollars_and_bracket_footnote),
        cmocka_unit_test(test_claims_header_needs_its_four_required_columns),
        cmocka_unit_test(test_detector_gives_up_after_the_preamble_limit),
        cmocka_unit_test(test_blank_rows_before_the_header_are_skipped),
        cmocka_unit_test(test_note_rows_below_an_ep_table_are_recognised),
        cmocka_unit_test(test_names_and_lists_are_complete),
        cmocka_unit_test(test_allocation_failures_return_nomem_without_leaks),
        cmocka_unit_test(test_null_arguments_are_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
