/*
 * test_render_xlsx.c - the analyst workbook, read back with openpyxl.
 *
 * Each test builds a bls_report in memory (model facts, findings, claims,
 * checks) and streams hand-built records, writes a workbook into a fresh
 * temporary directory and runs tests/xlsx_check.py on it: openpyxl is an
 * independent reader of what libxlsxwriter wrote. Every value here is
 * SYNTHETIC (invented for the test; SOC codes 11-1111.. are placeholders),
 * never a BLS figure.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/alloc_internal.h"
#include "test_report.h"
#include "blsreport/render/chart_view.h"
#include "blsreport/render/render_xlsx.h"
#include "render/render_xlsx_internal.h"

#define PYTHON "/usr/bin/python3"
#define CHECKER BLS_SOURCE_DIR "/tests/xlsx_check.py"
#define EPOCH_2015 1420070400 /* 2015-01-01T00:00:00Z */

/* ---- a synthetic report ---------------------------------------------------- */

typedef struct fixture {
    char dir[64];
    char path[128];
    bls_model *model;
    bls_findings *findings;
    bls_claim claims[3];
    bls_claims claim_list;
    bls_claim loose[1];
    bls_claims loose_list;
    bls_check checks[3];
    bls_checks check_list;
    bls_input_info inputs[2];
    bls_report report;
    bls_chart_view *charts; /* report.charts: report_with_charts() */
    bls_layout wages, projections;
} fixture;

static bls_period period(int from, int to, int month)
{
    return (bls_period){from, to, month};
}

static void add_fact(fixture *f, const char *soc, const char *title, bls_metric metric,
                     bls_period p, bls_number value)
{
    bls_fact fact = {
        .metric = metric, .period = p, .value = value, .path = "synthetic.csv", .line = 2};
    assert_int_equal(bls_model_add_fact(f->model, soc, title, BLS_GROUP_DETAILED, &fact), BLS_OK);
}

static bls_number marker(bls_cell_state state)
{
    return (bls_number){.state = state};
}

static void build_model(fixture *f)
{
    const bls_period may2014 = period(2014, 2014, 5), span = period(2012, 2022, 0);
    f->model = bls_model_new();
    assert_non_null(f->model);
    /* Inserted out of SOC order: bls_model_finish sorts them. */
    add_fact(f, "11-3333", "+Synthetic plus", BLS_METRIC_MEDIAN_ANNUAL_WAGE, may2014,
             bls_number_make(30000, 0));
    add_fact(f, "11-3333", NULL, BLS_METRIC_MEAN_ANNUAL_WAGE, may2014, marker(BLS_CELL_WAGE_NA));
    add_fact(f, "11-1111", "Synthetic Occupation Alpha", BLS_METRIC_MEDIAN_ANNUAL_WAGE, may2014,
             bls_number_make(61230, 0));
    add_fact(f, "11-1111", NULL, BLS_METRIC_MEDIAN_HOURLY_WAGE, may2014, bls_number_make(2944, 2));
    add_fact(f, "11-1111", NULL, BLS_METRIC_EMPLOYMENT, may2014, bls_number_make(123450, 0));
    add_fact(f, "11-1111", NULL, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, span, bls_number_make(409, 1));
    add_fact(f, "11-2222", "=SUM(A1:A2)", BLS_METRIC_MEDIAN_ANNUAL_WAGE, may2014,
             marker(BLS_CELL_TOP_CODED));
    add_fact(f, "11-2222", NULL, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, span, bls_number_make(5, 0));
    bls_model_finish(f->model);
}

static void build_claims(fixture *f)
{
    const bls_period span = period(2012, 2022, 0), may2014 = period(2014, 2014, 5);
    f->claims[0] = (bls_claim){.document = "article.txt",
                               .line = 11,
                               .input_path = "claims.csv",
                               .input_line = 2,
                               .occupation = "Synthetic alpha",
                               .soc_code = "11-1111",
                               .metric = BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
                               .period = span,
                               .claimed_text = "41%",
                               .claimed = bls_number_make(41, 0),
                               .quote = "grows 41%",
                               .origin = BLS_ORIGIN_CSV};
    f->claims[1] = (bls_claim){.document = "article.txt",
                               .line = 12,
                               .input_path = "claims.csv",
                               .input_line = 3,
                               .occupation = "@cmd",
                               .soc_code = "",
                               .metric = BLS_METRIC_MEDIAN_ANNUAL_WAGE,
                               .period = may2014,
                               .claimed_text = "$54,410",
                               .claimed = bls_number_make(54410, 0),
                               .quote = "=HYPERLINK(\"http://x\")",
                               .origin = BLS_ORIGIN_PROSE};
    f->claims[2] = (bls_claim){.document = "article.txt",
                               .line = 13,
                               .input_path = "claims.csv",
                               .input_line = 4,
                               .occupation = "Synthetic nobody",
                               .soc_code = "",
                               .metric = BLS_METRIC_MEDIAN_ANNUAL_WAGE,
                               .period = may2014,
                               .claimed_text = "$1",
                               .claimed = bls_number_make(1, 0),
                               .quote = "",
                               .origin = BLS_ORIGIN_TABLE};
    f->loose[0] = (bls_claim){.document = "article.txt",
                              .line = 20,
                              .input_path = "article.txt",
                              .input_line = 20,
                              .occupation = "",
                              .soc_code = "",
                              .metric = BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
                              .claimed_text = "-2%",
                              .claimed = bls_number_make(-2, 0),
                              .quote = "-2+3",
                              .origin = BLS_ORIGIN_PROSE};
    f->claim_list = (bls_claims){f->claims, 3, 3};
    f->loose_list = (bls_claims){f->loose, 1, 1};

    bls_check *k = f->checks;
    memset(k, 0, sizeof f->checks);
    k[0] = (bls_check){.claim = &f->claims[0],
                       .verdict = BLS_VERDICT_ROUNDING,
                       .soc_code = "11-1111",
                       .title = "Synthetic Occupation Alpha",
                       .actual = bls_number_make(409, 1),
                       .actual_period = span,
                       .difference = bls_number_make(1, 1),
                       .disagrees_with = -1};
    k[0].note = "data: 40.9% (2012-2022)";
    k[1] = (bls_check){.claim = &f->claims[1],
                       .verdict = BLS_VERDICT_MISMATCH,
                       .soc_code = "11-3333",
                       .title = "+Synthetic plus",
                       .actual = bls_number_make(30000, 0),
                       .actual_period = may2014,
                       .difference = bls_number_make(24410, 0),
                       .disagrees_with = -1};
    k[2] =
        (bls_check){.claim = &f->claims[2], .verdict = BLS_VERDICT_MISSING, .disagrees_with = -1};
    k[2].note = "no occupation of that name in the data";
    f->check_list = (bls_checks){.items = k, .count = 3};
    f->check_list.by_verdict[BLS_VERDICT_ROUNDING] = 1;
    f->check_list.by_verdict[BLS_VERDICT_MISMATCH] = 1;
    f->check_list.by_verdict[BLS_VERDICT_MISSING] = 1;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/blsxlsx.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/report.xlsx", f->dir);
    build_model(f);
    f->findings = bls_findings_new(BLS_FINDINGS_DEFAULT_KEEP);
    assert_non_null(f->findings);
    assert_int_equal(bls_findings_add(f->findings, "synthetic.csv", 7, 1, BLS_RULE_SOC_FORMAT,
                                      "bad code \"%s\"", "=1-1"),
                     BLS_OK);
    assert_int_equal(
        bls_findings_add(f->findings, "synthetic.csv", 0, 0, BLS_RULE_PERIOD_UNKNOWN, "no period"),
        BLS_OK);
    build_claims(f);
    f->inputs[0] = (bls_input_info){.path = "synthetic.csv",
                                    .kind = BLS_KIND_WAGES,
                                    .layout_name = "OEWS national",
                                    .period = period(2014, 2014, 5),
                                    .rows_read = 3,
                                    .rows_accepted = 2,
                                    .rows_rejected = 1,
                                    .rows_skipped = 1};
    f->inputs[1] = (bls_input_info){.path = "claims.csv",
                                    .kind = BLS_KIND_CLAIMS,
                                    .rows_read = 3,
                                    .rows_accepted = 3,
                                    .claims_found = 3};
    f->report = (bls_report){.inputs = f->inputs,
                             .input_count = 2,
                             .model = f->model,
                             .findings = f->findings,
                             .claims = &f->claim_list,
                             .unattributed = &f->loose_list,
                             .checks = &f->check_list,
                             .source_date_epoch = -1,
                             .version = "blsreport 0.1.0"};

    memset(&f->wages, 0, sizeof f->wages);
    f->wages.kind = BLS_KIND_WAGES;
    f->wages.name = "synthetic wages";
    for (int i = 0; i < BLS_COL_COUNT; i++)
        f->wages.index[i] = -1;
    const bls_column wage_fields[] = {BLS_COL_OCC_CODE, BLS_COL_OCC_TITLE, BLS_COL_OCC_GROUP,
                                      BLS_COL_TOT_EMP,  BLS_COL_H_MEDIAN,  BLS_COL_A_MEDIAN};
    for (int i = 0; i < 6; i++)
        f->wages.index[wage_fields[i]] = i;
    f->wages.width = 6;
    f->wages.header_rows = 1;

    f->projections = f->wages;
    f->projections.kind = BLS_KIND_PROJECTIONS;
    f->projections.name = "synthetic projections";
    for (int i = 0; i < BLS_COL_COUNT; i++)
        f->projections.index[i] = -1;
    const bls_column ep_fields[] = {BLS_COL_OCC_TITLE, BLS_COL_OCC_CODE, BLS_COL_EP_OCC_TYPE,
                                    BLS_COL_EP_EMP_BASE, BLS_COL_EP_CHANGE_PCT};
    for (int i = 0; i < 5; i++)
        f->projections.index[ep_fields[i]] = i;
    f->projections.width = 5;
    f->projections.base_year = 2012;
    f->projections.target_year = 2022;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    bls_chart_view_free(((fixture *)*state)->charts);
    fixture *f = *state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (getenv("BLS_XLSX_KEEP")) /* to look at a workbook by hand */
        fprintf(stderr, "kept %s\n", f->dir);
    else if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", f->dir);
    bls_findings_free(f->findings);
    bls_model_free(f->model);
    free(f);
    return 0;
}

/* ---- streaming hand-built rows ---------------------------------------------- */

static bls_status stream_row(bls_xlsx *x, const bls_layout *layout, const char *const *cells,
                             size_t n, uint64_t line)
{
    bls_field fields[8];
    for (size_t i = 0; i < n; i++)
        fields[i] = (bls_field){cells[i], strlen(cells[i]), 0};
    bls_row row = {
        .fields = fields, .count = n, .line = line, .line_end = line, .raw = "", .raw_len = 0};
    bls_record rec;
    bls_record_parse(layout, &row, &rec);
    return bls_xlsx_add_data_row(x, "synthetic.csv", &rec);
}

static bls_status stream_all(fixture *f, bls_xlsx *x)
{
    static const char *const alpha[] = {
        "11-1111", "Synthetic Occupation Alpha", "detailed", "1,230", "29.44", "61,230"};
    static const char *const topcoded[] = {"11-2222", "=SUM(A1:A2)", "detailed", "", "#", "#"};
    static const char *const ep[] = {"Synthetic Occupation Alpha", "11-1111", "Line item", "71.4",
                                     "40.9"};
    static const char raw[] = "=1+2,\x01"
                              "bad";
    bls_status st = stream_row(x, &f->wages, alpha, 6, 2);
    if (st == BLS_OK)
        st = stream_row(x, &f->wages, topcoded, 6, 3);
    if (st == BLS_OK)
        st = stream_row(x, &f->projections, ep, 5, 5);
    if (st == BLS_OK)
        st = bls_xlsx_add_rejected(x, "synthetic.csv", 4, "soc-format: bad code", raw,
                                   sizeof raw - 1);
    return st;
}

static bls_status write_workbook(fixture *f, const char *path, const bls_xlsx_options *opts)
{
    bls_xlsx *x = NULL;
    bls_status st = bls_xlsx_open(path, opts, &x);
    if (st != BLS_OK)
        return st;
    st = stream_all(f, x);
    if (st == BLS_OK)
        st = bls_xlsx_finish(x, report_with_charts(&f->report, &f->charts));
    bls_xlsx_free(x);
    return st;
}

static int run_checker(const char *path, const char *mode)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s %s '%s' %s", PYTHON, CHECKER, path, mode);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static int unzip_ok(const char *path)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "unzip -tq '%s' > /dev/null", path);
    return system(cmd) == 0;
}

static const bls_xlsx_options synthetic_opts = {.author = "synthetic-author",
                                                .company = "Synthetic & Co <test>",
                                                .source_date_epoch = EPOCH_2015,
                                                .tmpdir = NULL,
                                                .input_count = 1};

/* ---- tests ------------------------------------------------------------------ */

static void test_workbook_sheets_values_and_formats_read_back_with_openpyxl(void **state)
{
    fixture *f = *state;
    assert_int_equal(write_workbook(f, f->path, &synthetic_opts), BLS_OK);
    assert_true(unzip_ok(f->path));
    assert_int_equal(run_checker(f->path, "unit"), 0);
}

static void test_same_inputs_and_epoch_give_identical_bytes(void **state)
{
    fixture *f = *state;
    char second[160];
    snprintf(second, sizeof second, "%s/again.xlsx", f->dir);
    assert_int_equal(write_workbook(f, f->path, &synthetic_opts), BLS_OK);
    assert_int_equal(write_workbook(f, second, &synthetic_opts), BLS_OK);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", f->path, second);
    assert_int_equal(system(cmd), 0);
    /* ...and the epoch really is what makes them equal: another date differs. */
    bls_xlsx_options later = synthetic_opts;
    later.source_date_epoch = EPOCH_2015 + 86400;
    assert_int_equal(write_workbook(f, second, &later), BLS_OK);
    assert_int_not_equal(system(cmd), 0);
}

/* The chart view's order: highest first (drawn on top, so written last), a
 * top-coded wage above every value, drawn at the May 2014 cap ($187,200)
 * and labelled as such, never as the value. */
static void test_selected_occupations_are_charted_highest_first(void **state)
{
    fixture *f = *state;
    /* 11-3333 has no change %: its bar is left out of that chart only. */
    static const char *const selected[] = {"11-1111", "11-3333", "11-2222"};
    f->report.selected = selected;
    f->report.selected_count = 3;
    assert_int_equal(write_workbook(f, f->path, &synthetic_opts), BLS_OK);
    char cmd[1400];
    snprintf(
        cmd, sizeof cmd,
        "%s -c \"import openpyxl,sys,zipfile; ws=openpyxl.load_workbook(sys.argv[1])['Charts'];"
        "a=[ws.cell(row=i,column=1).value for i in (2,3,4)];"
        "d=[ws.cell(row=i,column=4).value for i in (2,3,4)];"
        "e=ws.cell(row=4,column=5).value;"
        "x=zipfile.ZipFile(sys.argv[1]).read('xl/charts/chart2.xml').decode();"
        "ok=a==['=SUM(A1:A2)','Synthetic Occupation Alpha',None]"
        " and d==['+Synthetic plus','Synthetic Occupation Alpha','=SUM(A1:A2)'] and e==187200"
        " and '187,200 (#)' in x;"
        "sys.exit(0 if ok else print(a,d,e) or 1)\" '%s'",
        PYTHON, f->path);
    assert_int_equal(system(cmd), 0);
}

/* One native chart per bar row of bls_chart_specs, in the table's order,
 * each titled and worded by its row: a new bar row is a new chart. */
static void test_workbook_has_one_chart_per_bar_spec(void **state)
{
    fixture *f = *state;
    static const char *const selected[] = {"11-1111", "11-3333", "11-2222"};
    f->report.selected = selected;
    f->report.selected_count = 3;
    assert_int_equal(write_workbook(f, f->path, &synthetic_opts), BLS_OK);
    char cmd[2048];
    int used = snprintf(
        cmd, sizeof cmd,
        "%s -c \"import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]);"
        "n=[x for x in z.namelist() if x.startswith('xl/charts/chart') and x.endswith('.xml')];"
        "w=sys.argv[2:]; xml=[z.read('xl/charts/chart%%d.xml' %% (i+1)).decode() for i in "
        "range(len(n))];"
        "ok=2*len(n)==len(w) and all(w[2*i] in x and w[2*i+1] in x for i,x in enumerate(xml));"
        "sys.exit(0 if ok else print(n, w) or 1)\" '%s'",
        PYTHON, f->path);
    size_t bars = 0;
    for (size_t c = 0; c < BLS_CHART_COUNT; c++) {
        const bls_chart_spec *spec = &bls_chart_specs[c];
        if (spec->shape != BLS_SHAPE_BARS)
            continue;
        assert_true(used > 0 && (size_t)used < sizeof cmd);
        used += snprintf(cmd + used, sizeof cmd - (size_t)used, " '%s' '%s'", spec->title,
                         spec->axis_name);
        bars++;
    }
    assert_true(bars > 0 && (size_t)used < sizeof cmd);
    assert_int_equal(system(cmd), 0);
}

static void test_data_sheet_continues_on_numbered_sheets_past_row_limit(void **state)
{
    fixture *f = *state;
    bls_xlsx *x = NULL;
    bls_xlsx_options two_inputs = synthetic_opts; /* data rows carry Input # */
    two_inputs.input_count = 2;
    assert_int_equal(bls_xlsx_open(f->path, &two_inputs, &x), BLS_OK);
    bls_xlsx_set_row_limit(x, 4); /* header + 3 rows per sheet */
    static const char *const cells[] = {
        "11-1111", "Synthetic Occupation Alpha", "detailed", "1,230", "29.44", "61,230"};
    for (uint64_t line = 2; line <= 8; line++)
        assert_int_equal(stream_row(x, &f->wages, cells, 6, line), BLS_OK);
    assert_int_equal(bls_xlsx_finish(x, report_with_charts(&f->report, &f->charts)), BLS_OK);
    bls_xlsx_free(x);
    assert_true(unzip_ok(f->path));
    assert_int_equal(run_checker(f->path, "overflow"), 0);
}

static void test_unfinished_writer_is_closed_by_free(void **state)
{
    fixture *f = *state;
    bls_xlsx *x = NULL;
    assert_int_equal(bls_xlsx_open(f->path, NULL, &x), BLS_OK);
    assert_int_equal(stream_all(f, x), BLS_OK);
    bls_xlsx_free(x);
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_true(unzip_ok(f->path));
}

static void test_finish_twice_and_bad_arguments_are_rejected(void **state)
{
    fixture *f = *state;
    bls_xlsx *x = NULL;
    assert_int_equal(bls_xlsx_open(NULL, NULL, &x), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_xlsx_open(f->path, NULL, NULL), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_xlsx_open(f->path, NULL, &x), BLS_OK);
    bls_record claims_record = {.layout = NULL};
    assert_int_equal(bls_xlsx_add_data_row(x, "x.csv", &claims_record), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_xlsx_finish(x, NULL), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_xlsx_finish(x, report_with_charts(&f->report, &f->charts)), BLS_OK);
    assert_int_equal(bls_xlsx_finish(x, report_with_charts(&f->report, &f->charts)), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_xlsx_add_rejected(x, "x.csv", 1, "r", "t", 1), BLS_ERR_INVALID_ARG);
    bls_xlsx_free(x);
    bls_xlsx_free(NULL);
}

static void test_unwritable_path_is_a_write_error(void **state)
{
    fixture *f = *state;
    char path[160];
    snprintf(path, sizeof path, "%s/no-such-dir/report.xlsx", f->dir);
    bls_xlsx *x = NULL;
    assert_int_equal(bls_xlsx_open(path, &synthetic_opts, &x), BLS_OK);
    assert_int_equal(bls_xlsx_finish(x, report_with_charts(&f->report, &f->charts)), BLS_ERR_WRITE);
    bls_xlsx_free(x);
}

static void test_every_allocation_failure_is_reported_without_leaks(void **state)
{
    fixture *f = *state;
    int succeeded = 0;
    for (long n = 0; n < 200 && !succeeded; n++) {
        bls_alloc_fail_after(n);
        bls_status st = write_workbook(f, f->path, &synthetic_opts);
        bls_alloc_reset();
        assert_true(st == BLS_OK || st == BLS_ERR_NOMEM);
        succeeded = st == BLS_OK;
    }
    assert_true(succeeded);
    assert_int_equal(run_checker(f->path, "unit"), 0);
}

static void test_empty_report_still_gives_a_valid_workbook(void **state)
{
    fixture *f = *state;
    bls_report empty = {.source_date_epoch = -1};
    bls_xlsx *x = NULL;
    assert_int_equal(bls_xlsx_open(f->path, NULL, &x), BLS_OK);
    assert_int_equal(bls_xlsx_finish(x, &empty), BLS_OK);
    bls_xlsx_free(x);
    assert_true(unzip_ok(f->path));
    assert_int_equal(run_checker(f->path, "structure"), 0);
}

static void test_findings_over_the_cap_are_counted_on_the_sheet(void **state)
{
    fixture *f = *state;
    bls_findings *few = bls_findings_new(1);
    assert_non_null(few);
    for (uint64_t line = 2; line <= 4; line++)
        assert_int_equal(bls_findings_add(few, "synthetic.csv", line, 1, BLS_RULE_SOC_FORMAT,
                                          "bad code on line %llu", (unsigned long long)line),
                         BLS_OK);
    f->report.findings = few;
    bls_status st = write_workbook(f, f->path, &synthetic_opts);
    bls_findings_free(few);
    assert_int_equal(st, BLS_OK);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "%s -c \"import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1])['Findings'];"
             "ok=ws['F2'].value=='bad code on line 2' and ws['A3'].value is None and "
             "ws['F3'].value.startswith('2 more findings were counted but not listed');"
             "sys.exit(0 if ok else 1)\" '%s'",
             PYTHON, f->path);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(run_checker(f->path, "structure"), 0);
}

/* ---- text cleaning (no workbook needed) ------------------------------------- */

static void test_clean_text_replaces_what_xml_cannot_carry(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len;
        const char *out;
    } cases[] = {
        {"plain", 5, "plain"},
        {"tab\tlf\ncr\r", 10, "tab\tlf\ncr\r"},
        {"a\x01z", 3, "a\xEF\xBF\xBDz"},
        {"nul\0x", 5, "nul\xEF\xBF\xBDx"},
        {"\xEF\xBF\xBE", 3, "\xEF\xBF\xBD"},                         /* U+FFFE */
        {"\xEF\xBF\xBF", 3, "\xEF\xBF\xBD"},                         /* U+FFFF */
        {"\xED\xA0\x80", 3, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* a surrogate */
        {"caf\xC3\xA9", 5, "caf\xC3\xA9"},
        {"cut \xC3", 5, "cut \xEF\xBF\xBD"},         /* sequence cut short */
        {"\xF0\x9F\x98\x80", 4, "\xF0\x9F\x98\x80"}, /* astral: kept */
        {"=1+1", 4, "=1+1"},                         /* not our business: text stays text */
        {"a_x0041_b", 9, "a_x005F_x0041_b"},         /* Excel would show "aAb" */
        {"_x00G1_ _x12_", 13, "_x00G1_ _x12_"},      /* not escapes */
    };
    char *out = malloc(BLS_XLSX_TEXT_BUF);
    assert_non_null(out);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = bls_xlsx_clean_text(cases[i].in, cases[i].len, out);
        assert_int_equal(n, strlen(cases[i].out));
        assert_string_equal(out, cases[i].out);
    }
    free(out);
}

static void test_clean_text_cuts_at_excel_cell_limit(void **state)
{
    (void)state;
    size_t len = 80000;
    char *in = malloc(len);
    char *out = malloc(BLS_XLSX_TEXT_BUF);
    assert_non_null(in);
    assert_non_null(out);
    memset(in, 'a', len);
    assert_int_equal(bls_xlsx_clean_text(in, len, out), 32767);
    /* Astral characters count twice (UTF-16), and are never split. */
    for (size_t i = 0; i + 4 <= len; i += 4)
        memcpy(in + i, "\xF0\x9F\x98\x80", 4);
    assert_int_equal(bls_xlsx_clean_text(in, len, out), 16383 * 4);
    /* Every byte invalid: 3 bytes out for each, still within the buffer. */
    memset(in, 0x01, len);
    assert_int_equal(bls_xlsx_clean_text(in, len, out), 32767 * 3);
    free(in);
    free(out);
}

static void test_long_cell_is_cut_and_workbook_stays_valid(void **state)
{
    fixture *f = *state;
    size_t len = 50000;
    char *raw = malloc(len);
    assert_non_null(raw);
    memset(raw, 'x', len);
    raw[0] = '=';
    bls_xlsx *x = NULL;
    assert_int_equal(bls_xlsx_open(f->path, &synthetic_opts, &x), BLS_OK);
    assert_int_equal(bls_xlsx_add_rejected(x, "synthetic.csv", 9, "cell-too-long", raw, len),
                     BLS_OK);
    assert_int_equal(bls_xlsx_finish(x, report_with_charts(&f->report, &f->charts)), BLS_OK);
    bls_xlsx_free(x);
    free(raw);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "%s -c \"import openpyxl,sys; c=openpyxl.load_workbook(sys.argv[1])['Rejected rows']"
             "['D2']; sys.exit(0 if c.data_type=='s' and len(c.value)==32767 and "
             "c.value[0]=='=' else 1)\" '%s'",
             PYTHON, f->path);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_workbook_sheets_values_and_formats_read_back_with_openpyxl, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_inputs_and_epoch_give_identical_bytes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_workbook_has_one_chart_per_bar_spec, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selected_occupations_are_charted_highest_first, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_data_sheet_continues_on_numbered_sheets_past_row_limit,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_unfinished_writer_is_closed_by_free, setup, teardown),
        cmocka_unit_test_setup_teardown(test_finish_twice_and_bad_arguments_are_rejected, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_unwritable_path_is_a_write_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_allocation_failure_is_reported_without_leaks,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_report_still_gives_a_valid_workbook, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_findings_over_the_cap_are_counted_on_the_sheet, setup,
                                        teardown),
        cmocka_unit_test(test_clean_text_replaces_what_xml_cannot_carry),
        cmocka_unit_test(test_clean_text_cuts_at_excel_cell_limit),
        cmocka_unit_test_setup_teardown(test_long_cell_is_cut_and_workbook_stays_valid, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
