/*
 * test_render_pdf.c - the PDF report and chart files, read back with
 * independent tools (poppler's pdfinfo/pdftotext/pdffonts, qpdf).
 *
 * Reports are built by hand through the public API: the "article" report
 * holds the five figures the seed article quotes, as BLS published them
 * (see ../shared/bls/LAYOUTS.md); the "many" report holds 60 SYNTHETIC
 * occupations (titles say so) with made-up values, to exercise pagination,
 * percentile ranges, top-coded wages, negative growth and long titles.
 * Every file goes into a mkdtemp directory removed afterwards.
 */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_files.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>

#include "alloc_sweep.h"
#include "test_report.h"
#include "blsreport/check/claims.h"
#include "blsreport/check/crosscheck.h"
#include "blsreport/check/model.h"
#include "blsreport/render/chart_view.h"
#include "blsreport/render/render_pdf.h"
#include "blsreport/render/report.h"

#define EPOCH 1420070400 /* 2015-01-01T00:00:00Z */
#define VERSION "blsreport 9.9.9-test"

typedef struct fixture {
    char dir[64];
    char path[128];
    bls_model *model;
    bls_claims claims, unattributed;
    bls_checks checks;
    bls_findings *findings;
    bls_input_info inputs[3];
    const char *selected[64];
    char selected_codes[64][8];
    bls_report report;
    bls_chart_view *charts; /* report.charts: report_with_charts() */
} fixture;

/* ---- building reports ---------------------------------------------------- */

static void add_fact(bls_model *m, const char *soc, const char *title, bls_occ_group group,
                     bls_metric metric, const char *period, const char *value)
{
    bls_fact f = {.metric = metric, .path = "facts.csv", .line = 2};
    assert_int_equal(bls_period_parse(period, strlen(period), &f.period), BLS_OK);
    f.value = bls_cell_parse(value, strlen(value));
    assert_int_equal(bls_model_add_fact(m, soc, title, group, &f), BLS_OK);
}

static void add_check(fixture *f, const char *occupation, const char *soc, bls_metric metric,
                      const char *period, const char *claimed, bls_verdict verdict,
                      const char *actual, const char *note)
{
    bls_claim c = {.document = "article.txt",
                   .line = 11,
                   .input_path = "claims.csv",
                   .input_line = f->claims.count + 2,
                   .occupation = (char *)occupation,
                   .metric = metric,
                   .claimed_text = (char *)claimed,
                   .quote = ""};
    snprintf(c.soc_code, sizeof c.soc_code, "%s", soc);
    assert_int_equal(bls_period_parse(period, strlen(period), &c.period), BLS_OK);
    c.claimed = bls_cell_parse(claimed, strlen(claimed));
    assert_int_equal(bls_claims_push(&f->claims, &c), BLS_OK);
    size_t i = f->checks.count++;
    f->checks.items = realloc(f->checks.items, f->checks.count * sizeof *f->checks.items);
    assert_non_null(f->checks.items);
    bls_check *k = &f->checks.items[i];
    memset(k, 0, sizeof *k);
    k->verdict = verdict;
    snprintf(k->soc_code, sizeof k->soc_code, "%s", soc);
    const bls_occupation *occ = bls_model_find(f->model, soc);
    k->title = occ ? occ->title : NULL;
    k->actual = actual ? bls_cell_parse(actual, strlen(actual)) : (bls_number){0};
    k->actual_period = c.period;
    k->disagrees_with = -1;
    k->note = note;
    f->checks.by_verdict[verdict]++;
}

/* Claims point into the claims list: set them once it stops growing. */
static void link_claims(fixture *f)
{
    for (size_t i = 0; i < f->checks.count; i++)
        f->checks.items[i].claim = &f->claims.items[i];
}

static void fill_report(fixture *f)
{
    f->inputs[0] = (bls_input_info){.path = "input/oes_national_M2014_dl.csv",
                                    .kind = BLS_KIND_WAGES,
                                    .layout_name = "OEWS national",
                                    .period = {2014, 2014, 5},
                                    .rows_read = 5,
                                    .rows_accepted = 5};
    f->inputs[1] = (bls_input_info){.path = "input/ep_projections_2012-22.csv",
                                    .kind = BLS_KIND_PROJECTIONS,
                                    .period = {2012, 2022, 0},
                                    .rows_read = 5,
                                    .rows_accepted = 5};
    f->inputs[2] = (bls_input_info){
        .path = "input/article.txt", .kind = BLS_KIND_DOCUMENT, .claims_found = 13};
    f->report = (bls_report){.inputs = f->inputs,
                             .input_count = 3,
                             .model = f->model,
                             .findings = f->findings,
                             .claims = &f->claims,
                             .unattributed = &f->unattributed,
                             .checks = &f->checks,
                             .source_date_epoch = EPOCH,
                             .version = VERSION};
}

/* The seed article's figures, as BLS published them (LAYOUTS.md). */
static void build_article(fixture *f)
{
    static const struct {
        const char *soc, *title, *wage, *growth;
    } rows[] = {
        {"31-2021", "Physical Therapist Assistants", "54,410", "41"},
        {"29-2053", "Psychiatric Technicians", "31,130", "5"},
        {"29-2071", "Medical Records and Health Information Technicians", "35,900", "22"},
        {"31-2011", "Occupational Therapy Assistants", "56,950", NULL},
        {"29-2054", "Respiratory Therapy Technicians", "47,810", NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        add_fact(f->model, rows[i].soc, rows[i].title, BLS_GROUP_DETAILED,
                 BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014", rows[i].wage);
        if (rows[i].growth)
            add_fact(f->model, rows[i].soc, rows[i].title, BLS_GROUP_DETAILED,
                     BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "2012-2022", rows[i].growth);
    }
    bls_model_finish(f->model);
    add_check(f, "Physical Therapy Assistant", "31-2021", BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
              "2012-2022", "41%", BLS_VERDICT_MATCH, "41", "data: 41% (2012-2022)");
    add_check(f, "physical therapy assistants", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "May 2014", "$54,410", BLS_VERDICT_MATCH, "54410", "data: $54,410 (May 2014)");
    /* The claims below are altered on purpose (not in the article): one per verdict. */
    add_check(f, "psychiatric technicians", "29-2053", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014",
              "$31,000", BLS_VERDICT_MISMATCH, "31130", "claimed $31,000; data $31,130");
    add_check(f, "health information techs", "29-2071", BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
              "2012-2022", "22.0%", BLS_VERDICT_ROUNDING, "22", "equal at the claim's precision");
    add_check(f, "respiratory therapy assistants", "29-2054", BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
              "2012-2022", "19%", BLS_VERDICT_MISSING, NULL, "no Employment change for 2012-2022");
    add_check(f, "psychiatric technicians", "29-2053", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2012",
              "$30,000", BLS_VERDICT_STALE, "31130", "the data hold May 2014");
    add_check(f, "therapy assistants", "", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014", "$55,000",
              BLS_VERDICT_AMBIGUOUS, NULL, "31-2021 or 31-2011");
    link_claims(f);
    fill_report(f);
}

/* SYNTHETIC: 60 made-up occupations plus a made-up all-occupations row. */
static void build_many(fixture *f)
{
    add_fact(f->model, "00-0000", "All Occupations (synthetic)", BLS_GROUP_TOTAL,
             BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "2012-2022", "10.8");
    add_fact(f->model, "00-0000", "All Occupations (synthetic)", BLS_GROUP_TOTAL,
             BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014", "35,540");
    for (int i = 0; i < 60; i++) {
        char soc[8], title[160], growth[16], wage[16], pct[4][16], emp[16];
        snprintf(soc, sizeof soc, "19-%04d", 1000 + i);
        if (i % 7 == 0)
            snprintf(title, sizeof title,
                     "Synthetic occupation %02d with a deliberately long title that must wrap or "
                     "be cut short, never overlap",
                     i);
        else
            snprintf(title, sizeof title, "Synthetic occupation %02d", i);
        snprintf(growth, sizeof growth, "%d.%d", (i * 37) % 60 - 12, i % 10);
        int median = 21000 + i * 2700;
        snprintf(wage, sizeof wage, "%d", median);
        snprintf(pct[0], sizeof pct[0], "%d", median * 6 / 10);
        snprintf(pct[1], sizeof pct[1], "%d", median * 8 / 10);
        snprintf(pct[2], sizeof pct[2], "%d", median * 13 / 10);
        snprintf(pct[3], sizeof pct[3], "%s", median * 16 / 10 >= 187200 ? "#" : "0");
        if (pct[3][0] == '0')
            snprintf(pct[3], sizeof pct[3], "%d", median * 16 / 10);
        snprintf(emp, sizeof emp, "%d", 1500 + i * i * 97);
        add_fact(f->model, soc, title, BLS_GROUP_DETAILED, BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
                 "2012-2022", growth);
        add_fact(f->model, soc, title, BLS_GROUP_DETAILED, BLS_METRIC_MEDIAN_ANNUAL_WAGE,
                 "May 2014", i >= 58 ? "#" : wage);
        static const bls_metric pm[4] = {BLS_METRIC_ANNUAL_WAGE_PCT10, BLS_METRIC_ANNUAL_WAGE_PCT25,
                                         BLS_METRIC_ANNUAL_WAGE_PCT75,
                                         BLS_METRIC_ANNUAL_WAGE_PCT90};
        for (size_t k = 0; k < 4 && i < 58; k++)
            add_fact(f->model, soc, title, BLS_GROUP_DETAILED, pm[k], "May 2014", pct[k]);
        add_fact(f->model, soc, title, BLS_GROUP_DETAILED, BLS_METRIC_EMPLOYMENT, "May 2014", emp);
    }
    bls_model_finish(f->model);
    for (int i = 0; i < 30; i++) {
        char occupation[64], claimed[16], soc[8];
        snprintf(soc, sizeof soc, "19-%04d", 1000 + i);
        snprintf(occupation, sizeof occupation, "synthetic occupation %02d", i);
        snprintf(claimed, sizeof claimed, "$%d", 21000 + i * 2700);
        add_check(f, occupation, soc, BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014", claimed,
                  BLS_VERDICT_MATCH, claimed + 1, "synthetic row for pagination");
    }
    link_claims(f);
    fill_report(f);
}

/* ---- fixture --------------------------------------------------------------- */

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/bls_pdf_XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/report.pdf", f->dir);
    f->model = bls_model_new();
    f->findings = bls_findings_new(16);
    assert_non_null(f->model);
    assert_non_null(f->findings);
    assert_int_equal(
        bls_findings_add(f->findings, "facts.csv", 3, 2, BLS_RULE_SOC_FORMAT, "synthetic finding"),
        BLS_OK);
    bls_claims_init(&f->claims);
    bls_claims_init(&f->unattributed);
    *state = f;
    return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    bls_chart_view_free(((fixture *)*state)->charts);
    fixture *f = *state;
    if (!getenv("BLS_KEEP_TMP"))
        nftw(f->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    free(f->checks.items);
    bls_claims_cleanup(&f->claims);
    bls_claims_cleanup(&f->unattributed);
    bls_findings_free(f->findings);
    bls_model_free(f->model);
    free(f);
    return 0;
}

/* ---- reading back ------------------------------------------------------------ */

static int have_tool(const char *tool)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
    return system(cmd) == 0;
}

/* stdout of "<tool> '<path>' <suffix>" (caller frees), or NULL when it fails. */
static char *run(const char *tool, const char *path, const char *suffix)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s '%s' %s", tool, path, suffix);
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    size_t n;
    while (out && (n = fread(out + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 1024)
            out = realloc(out, cap *= 2);
    }
    int rc = pclose(p);
    if (out)
        out[len] = '\0';
    if (rc != 0) {
        free(out);
        return NULL;
    }
    return out;
}

static void require_tools(void)
{
    if (!have_tool("pdfinfo") || !have_tool("pdftotext") || !have_tool("pdffonts") ||
        !have_tool("qpdf"))
        skip();
}

static int page_count(const char *path)
{
    char *info = run("pdfinfo", path, "");
    assert_non_null(info);
    const char *p = strstr(info, "\nPages:");
    assert_non_null(p);
    int pages = atoi(p + 7);
    free(info);
    return pages;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("expected \"%s\" in the output", needle);
}

/* Collapse pdftotext's line breaks and runs of spaces so phrases match. */
static char *pdf_text(const char *path)
{
    char *t = run("pdftotext -enc UTF-8", path, "-");
    assert_non_null(t);
    size_t w = 0;
    for (size_t r = 0; t[r]; r++) {
        char ch = t[r] == '\n' || t[r] == '\f' ? ' ' : t[r];
        if (!(ch == ' ' && w > 0 && t[w - 1] == ' '))
            t[w++] = ch;
    }
    t[w] = '\0';
    return t;
}

static void assert_fonts_embedded(const char *path)
{
    char *fonts = run("pdffonts", path, "");
    assert_non_null(fonts);
    size_t rows = 0;
    char *save = NULL;
    for (char *ln = strtok_r(fonts, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
        if (strncmp(ln, "name", 4) == 0 || strncmp(ln, "----", 4) == 0)
            continue;
        rows++;
        /* columns: name type encoding emb sub uni object ID */
        if (!strstr(ln, " yes yes ") && !strstr(ln, " yes no "))
            fail_msg("font not embedded: %s", ln);
    }
    free(fonts);
    assert_true(rows > 0);
}

static void assert_qpdf_ok(const char *path)
{
    char *out = run("qpdf --check", path, "2>&1");
    assert_non_null(out);
    assert_contains(out, "No syntax or stream encoding errors found");
    free(out);
}

static const bls_pdf_options a4 = {.paper = BLS_PAPER_A4};

/* ---- tests --------------------------------------------------------------------- */

/* Small charts share a page: cover; growth and pay; scatter; cross-check. */
static void test_article_report_has_four_pages_and_metadata(void **state)
{
    fixture *f = *state;
    require_tools();
    build_article(f);
    bls_pdf_options with_author = {.paper = BLS_PAPER_A4, .author = "Ann Analyst"};
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &with_author), BLS_OK);
    assert_int_equal(page_count(f->path), 4);
    char *info = run("pdfinfo -isodates", f->path, "");
    assert_non_null(info);
    assert_contains(info, "Author:          Ann Analyst");
    assert_contains(info, "BLS figures in article.txt: cross-check report");
    assert_contains(info, "Creator:         " VERSION);
    assert_contains(info, "2015-01-01T00:00:00");
    assert_contains(info, "Page size:       595 x 842 pts (A4)");
    assert_contains(info, "Keywords:");
    assert_contains(info, "Subject:");
    free(info);
    char *outline = run("qpdf --json --json-key=outlines", f->path, "");
    assert_non_null(outline);
    assert_contains(outline, "\"title\": \"Projected employment growth\"");
    assert_contains(outline, "\"title\": \"Median annual pay\"");
    assert_contains(outline, "\"title\": \"Growth versus pay\"");
    assert_contains(outline, "\"title\": \"Cross-check\"");
    free(outline);
    /* /Lang by an incremental update that qpdf reads without a warning. */
    char *objects = run("qpdf --json=2 --json-key=qpdf", f->path, "");
    assert_non_null(objects);
    assert_contains(objects, "\"/Lang\": \"u:en-US\"");
    free(objects);
    assert_qpdf_ok(f->path);
}

static size_t occurrences(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Lines of the cover's "Occupations covered" that count chart @p title's
 * occupations ("Median annual pay: 5 occupations.") or say why it is left
 * out; not other lines that start alike (the periods: "Employment: ..."). */
static size_t chart_lines(const char *cover, const char *title)
{
    char start[160];
    size_t n = 0, len = (size_t)snprintf(start, sizeof start, "\n%s: ", title);
    for (const char *p = strstr(cover, start); p; p = strstr(p + 1, start))
        n += (p[len] >= '0' && p[len] <= '9') || strncmp(p + len, "chart left out", 14) == 0;
    return n;
}

/* The renderer loops over bls_chart_specs: every row, and nothing else, is
 * one line of the cover's charts and, when the chart view gives it data,
 * one contents entry and one outline entry (a new row is a new chart
 * without another edit here). */
static void test_cover_contents_and_outline_list_one_entry_per_spec_row(void **state)
{
    fixture *f = *state;
    require_tools();
    build_article(f);
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &a4), BLS_OK);
    char *cover = run("pdftotext -enc UTF-8 -f 1 -l 1", f->path, "-");
    char *outline = run("qpdf --json --json-key=outlines", f->path, "");
    assert_non_null(cover);
    assert_non_null(outline);
    size_t drawn = 0;
    for (size_t c = 0; c < BLS_CHART_COUNT; c++) {
        const bls_chart_spec *spec = &bls_chart_specs[c];
        size_t has_data = bls_chart_view_series(f->charts, (bls_chart)c)->count > 0;
        char line[160];
        assert_int_equal(chart_lines(cover, spec->title), 1);
        snprintf(line, sizeof line, "\n%s, page ", spec->title);
        assert_int_equal(occurrences(cover, line), has_data);
        snprintf(line, sizeof line, "\"title\": \"%s\"", spec->title);
        assert_int_equal(occurrences(outline, line), has_data);
        drawn += has_data;
    }
    assert_true(drawn >= 3); /* the article has data for today's three charts */
    /* the contents: the charts and the cross-check; the outline: the summary too */
    assert_int_equal(occurrences(cover, ", page "), drawn + 1);
    assert_int_equal(occurrences(outline, "\"title\": \"") -
                         occurrences(outline, "\"title\": \"Cross-check"),
                     drawn + 1);
    free(cover);
    free(outline);
}

static void test_article_report_text_has_titles_values_sources_and_verdicts(void **state)
{
    fixture *f = *state;
    require_tools();
    build_article(f);
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &a4), BLS_OK);
    char *t = pdf_text(f->path);
    static const char *const expected[] = {
        "BLS figures in article.txt: cross-check report",
        "Projected employment growth",
        "Median annual pay",
        "Growth versus pay",
        "Cross-check of the document's figures",
        "Physical Therapist Assistants",
        "$54,410",
        "$56,950",
        "41%",
        "Percent change, 2012-2022",
        "Source: U.S. Bureau of Labor Statistics, Employment Projections program, 2012-22.",
        "Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, "
        "May 2014.",
        "oes_national_M2014_dl.csv",
        "Median annual wage: May 2014 (5 occupations)",
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        assert_contains(t, expected[i]);
    for (int v = 0; v < BLS_VERDICT_COUNT; v++)
        assert_contains(t, bls_verdict_name((bls_verdict)v));
    free(t);
}

static void test_fonts_are_embedded_and_qpdf_finds_no_errors(void **state)
{
    fixture *f = *state;
    require_tools();
    build_many(f);
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &a4), BLS_OK);
    assert_fonts_embedded(f->path);
    assert_qpdf_ok(f->path);
}

static void test_same_inputs_and_epoch_give_identical_bytes(void **state)
{
    fixture *f = *state;
    build_many(f);
    char second[160];
    snprintf(second, sizeof second, "%s/again.pdf", f->dir);
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &a4), BLS_OK);
    sleep(1); /* a clock value in the file would now differ */
    assert_int_equal(bls_pdf_write(second, report_with_charts(&f->report, &f->charts), &a4), BLS_OK);
    size_t n1, n2;
    unsigned char *a = slurp(f->path, &n1), *b = slurp(second, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1);
    free(a);
    free(b);
    f->report.source_date_epoch = EPOCH + 86400;
    assert_int_equal(bls_pdf_write(second, report_with_charts(&f->report, &f->charts), &a4), BLS_OK);
    a = slurp(f->path, &n1);
    b = slurp(second, &n2);
    assert_true(n1 != n2 || memcmp(a, b, n1) != 0);
    free(a);
    free(b);
}

static void test_sixty_occupations_continue_on_further_pages(void **state)
{
    fixture *f = *state;
    require_tools();
    build_many(f);
    /* Nothing selected: each chart shows its 25 highest and says so. */
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &a4), BLS_OK);
    char *t = pdf_text(f->path);
    assert_contains(t, "Shown: the 25 highest of 60 occupations");
    assert_true(strstr(t, "Median annual pay (continued)") == NULL);
    free(t);
    /* All sixty selected: the bars continue on further pages. */
    static char codes[60][8];
    static const char *selected[60];
    for (int i = 0; i < 60; i++) {
        snprintf(codes[i], sizeof codes[i], "19-%04d", 1000 + i);
        selected[i] = codes[i];
    }
    f->report.selected = selected;
    f->report.selected_count = 60;
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &a4), BLS_OK);
    /* cover + growth 3 (25, 25, 10) + pay 3 + scatter + table (30 rows: 2 or 3 pages) */
    int pages = page_count(f->path);
    assert_true(pages == 10 || pages == 11);
    t = pdf_text(f->path);
    assert_contains(t, "Projected employment growth (continued)");
    assert_contains(t, "Median annual pay (continued)");
    assert_contains(t, "Synthetic occupation 59");
    assert_contains(t, "Synthetic occupation 00");
    assert_contains(t, "All occupations: 10.8%");
    assert_contains(t, "Cross-check of the document's figures (continued)");
    assert_contains(t, "-12.0%"); /* negative growth, exact label */
    assert_contains(t, "Whiskers: 10th to 90th percentile");
    free(t);
}

static void test_top_coded_wages_are_labelled_at_or_above_the_cap(void **state)
{
    fixture *f = *state;
    require_tools();
    build_many(f);
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &a4), BLS_OK);
    char *t = pdf_text(f->path);
    assert_contains(t, "\xE2\x89\xA5 $187,200");
    /* the cap never appears as a plain value label */
    for (const char *p = strstr(t, "$187,200"); p; p = strstr(p + 1, "$187,200"))
        assert_true(p - t >= 4 && memcmp(p - 4, "\xE2\x89\xA5 ", 4) == 0);
    free(t);
}

static void test_chart_without_its_metric_is_left_out_and_the_cover_says_so(void **state)
{
    fixture *f = *state;
    require_tools();
    add_fact(f->model, "31-2011", "Occupational Therapy Assistants", BLS_GROUP_DETAILED,
             BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014", "56,950");
    bls_model_finish(f->model);
    fill_report(f);
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &a4), BLS_OK);
    assert_int_equal(page_count(f->path), 3); /* cover, pay, cross-check */
    char *t = pdf_text(f->path);
    assert_contains(t, "Projected employment growth: chart left out");
    assert_contains(t, "Growth versus pay: chart left out");
    assert_contains(t, "No claims were checked.");
    free(t);
}

static void test_selected_occupations_limit_the_charts(void **state)
{
    fixture *f = *state;
    require_tools();
    build_many(f);
    f->selected[0] = "19-1003";
    f->selected[1] = "19-1001";
    f->report.selected = f->selected;
    f->report.selected_count = 2;
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &a4), BLS_OK);
    char *t = pdf_text(f->path);
    assert_contains(t, "Synthetic occupation 03");
    assert_null(strstr(t, "Synthetic occupation 45")); /* not selected, not claimed */
    assert_null(strstr(t, "Projected employment growth (continued)"));
    free(t);
}

static void test_letter_paper_gives_letter_pages(void **state)
{
    fixture *f = *state;
    require_tools();
    build_article(f);
    bls_pdf_options letter = {.paper = BLS_PAPER_LETTER};
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &letter), BLS_OK);
    char *info = run("pdfinfo", f->path, "");
    assert_non_null(info);
    assert_contains(info, "612 x 792 pts (letter)");
    free(info);
}

static void test_unwritable_paths_are_write_errors(void **state)
{
    fixture *f = *state;
    build_article(f);
    char missing_dir[160];
    snprintf(missing_dir, sizeof missing_dir, "%s/no-such-dir/report.pdf", f->dir);
    assert_int_equal(bls_pdf_write(missing_dir, report_with_charts(&f->report, &f->charts), &a4), BLS_ERR_WRITE);
    assert_int_equal(bls_pdf_write(f->dir, report_with_charts(&f->report, &f->charts), &a4), BLS_ERR_WRITE); /* a directory */
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &a4), BLS_OK);
    char second[160];
    snprintf(second, sizeof second, "%s/second.pdf", f->dir);
    char chart[200];
    snprintf(chart, sizeof chart, "%s/no-such-dir/pay.png", f->dir);
    bls_pdf_options unwritable_chart = {.paper = BLS_PAPER_A4};
    unwritable_chart.chart_paths[BLS_CHART_PAY][BLS_CHART_PNG] = chart;
    assert_int_equal(bls_pdf_write(second, report_with_charts(&f->report, &f->charts), &unwritable_chart), BLS_ERR_WRITE);
    snprintf(chart, sizeof chart, "%s/no-such-dir/pay.svg", f->dir);
    unwritable_chart.chart_paths[BLS_CHART_PAY][BLS_CHART_PNG] = NULL;
    unwritable_chart.chart_paths[BLS_CHART_PAY][BLS_CHART_SVG] = chart;
    assert_int_equal(bls_pdf_write(NULL, report_with_charts(&f->report, &f->charts), &unwritable_chart), BLS_ERR_WRITE);
}

static void test_invalid_arguments_are_rejected(void **state)
{
    fixture *f = *state;
    build_article(f);
    bls_pdf_options bad = {.paper = (bls_paper)7};
    assert_int_equal(bls_pdf_write(NULL, report_with_charts(&f->report, &f->charts), &a4), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_pdf_write(f->path, NULL, &a4), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &bad), BLS_ERR_INVALID_ARG);
    f->report.selected_count = 3;
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &a4), BLS_ERR_INVALID_ARG);
}

static void test_empty_report_is_still_a_valid_pdf(void **state)
{
    fixture *f = *state;
    require_tools();
    bls_report empty = {.source_date_epoch = -1};
    assert_int_equal(bls_pdf_write(f->path, &empty, NULL), BLS_OK);
    /* No document: a data report, the cover only, no empty cross-check page. */
    assert_int_equal(page_count(f->path), 1);
    assert_qpdf_ok(f->path);
    char *t = pdf_text(f->path);
    assert_contains(t, "BLS occupational data");
    assert_contains(t, "No document was checked.");
    assert_true(strstr(t, "Cross-check") == NULL && strstr(t, "verdicts") == NULL);
    free(t);
}

/* Chart file paths in f->dir/charts: growth.svg, growth.png, ... */
typedef struct chart_files {
    char path[BLS_CHART_COUNT][BLS_CHART_FORMAT_COUNT][200];
} chart_files;

static void name_chart_files(fixture *f, chart_files *files, bls_pdf_options *opts)
{
    static const char *const exts[BLS_CHART_FORMAT_COUNT] = {"svg", "png"};
    char dir[160];
    snprintf(dir, sizeof dir, "%s/charts", f->dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    for (size_t c = 0; c < BLS_CHART_COUNT; c++) {
        for (size_t k = 0; k < BLS_CHART_FORMAT_COUNT; k++) {
            snprintf(files->path[c][k], sizeof files->path[c][k], "%s/%s.%s", dir,
                     bls_chart_specs[c].stem, exts[k]);
            opts->chart_paths[c][k] = files->path[c][k];
        }
    }
}

static void assert_svg(const char *path)
{
    size_t len;
    unsigned char *svg = slurp(path, &len);
    assert_true(len > 100 && memcmp(svg, "<?xml", 5) == 0);
    assert_non_null(strstr((char *)svg + len - 16, "</svg>"));
    free(svg);
}

#define PYTHON "/usr/bin/python3" /* Debian's, with the standard library's XML parser */

/* Parsed as XML by Python's ElementTree: a <title> equal to @p title, a
 * non-empty <desc>, and at least @p min_texts real <text> elements, one of
 * which is the title (text, not glyph outlines). */
static void assert_svg_accessible(const char *path, const char *title, int min_texts)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "%s -c \"import sys,xml.etree.ElementTree as E;N='{http://www.w3.org/2000/svg}';"
             "r=E.parse(sys.argv[1]).getroot();t=r.find(N+'title');d=r.find(N+'desc');"
             "x=[e.text for e in r.iter(N+'text')];"
             "ok=t is not None and t.text==sys.argv[2] and d is not None and bool(d.text)"
             " and sys.argv[2] in x and len(x)>=int(sys.argv[3]);"
             "sys.exit(0 if ok else print(t.text if t is not None else None, len(x)) or 1)\""
             " '%s' '%s' %d",
             PYTHON, path, title, min_texts);
    assert_int_equal(system(cmd), 0);
}

/* A PNG's size, read back by cairo's PNG reader; and how many of its pixels
 * are dark (text, bars), to tell a drawn chart from a blank one. */
static void png_read_back(const char *path, int *width, int *height, long *dark)
{
    cairo_surface_t *img = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    *width = cairo_image_surface_get_width(img);
    *height = cairo_image_surface_get_height(img);
    int stride = cairo_image_surface_get_stride(img);
    const unsigned char *data = cairo_image_surface_get_data(img);
    *dark = 0;
    for (int y = 0; y < *height; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < *width; x++) {
            uint32_t px = row[x]; /* premultiplied ARGB, opaque here */
            unsigned lum = ((px >> 16 & 0xff) + (px >> 8 & 0xff) + (px & 0xff)) / 3;
            *dark += lum < 128;
        }
    }
    cairo_surface_destroy(img);
}

static void test_chart_paths_get_an_svg_and_a_png_per_chart(void **state)
{
    fixture *f = *state;
    build_many(f);
    chart_files files;
    bls_pdf_options opts = {.paper = BLS_PAPER_A4};
    name_chart_files(f, &files, &opts);
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &opts), BLS_OK);
    for (size_t c = 0; c < BLS_CHART_COUNT; c++) {
        assert_svg(files.path[c][BLS_CHART_SVG]);
        assert_svg_accessible(files.path[c][BLS_CHART_SVG], bls_chart_specs[c].title, 25);
        int w, h;
        long dark;
        png_read_back(files.path[c][BLS_CHART_PNG], &w, &h, &dark);
        assert_int_equal(w, 1280); /* 640 pt at 2x */
        assert_true(h > 400);
        assert_true(dark > 2000);
    }
}

static void test_without_a_pdf_path_only_the_named_chart_files_are_written(void **state)
{
    fixture *f = *state;
    build_many(f);
    chart_files files;
    bls_pdf_options opts = {.paper = BLS_PAPER_A4};
    name_chart_files(f, &files, &opts);
    for (size_t c = 0; c < BLS_CHART_COUNT; c++)
        for (size_t k = 0; k < BLS_CHART_FORMAT_COUNT; k++)
            if (c != BLS_CHART_PAY || k != BLS_CHART_PNG)
                opts.chart_paths[c][k] = NULL;
    assert_int_equal(bls_pdf_write(NULL, report_with_charts(&f->report, &f->charts), &opts), BLS_OK);
    struct stat sb;
    assert_int_equal(stat(f->path, &sb), -1); /* no PDF */
    for (size_t c = 0; c < BLS_CHART_COUNT; c++)
        for (size_t k = 0; k < BLS_CHART_FORMAT_COUNT; k++)
            assert_int_equal(stat(files.path[c][k], &sb) == 0,
                             c == BLS_CHART_PAY && k == BLS_CHART_PNG);
}

static void test_a_chart_without_data_is_still_a_file_that_says_so(void **state)
{
    fixture *f = *state;
    add_fact(f->model, "31-2011", "Occupational Therapy Assistants", BLS_GROUP_DETAILED,
             BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014", "56,950");
    bls_model_finish(f->model);
    fill_report(f);
    chart_files files;
    bls_pdf_options opts = {.paper = BLS_PAPER_A4};
    name_chart_files(f, &files, &opts);
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &opts), BLS_OK);
    int w, h;
    long dark_empty[2], dark_pay;
    /* growth and scatter: no occupation has a growth figure */
    png_read_back(files.path[BLS_CHART_GROWTH][BLS_CHART_PNG], &w, &h, &dark_empty[0]);
    assert_int_equal(w, 1280);
    assert_int_equal(h, 160); /* 80 pt at 2x: title and the reason */
    png_read_back(files.path[BLS_CHART_SCATTER][BLS_CHART_PNG], &w, &h, &dark_empty[1]);
    assert_int_equal(h, 160);
    png_read_back(files.path[BLS_CHART_PAY][BLS_CHART_PNG], &w, &h, &dark_pay);
    assert_true(h > 160);
    for (int i = 0; i < 2; i++) {
        assert_true(dark_empty[i] > 500);      /* text was drawn */
        assert_true(dark_empty[i] < dark_pay); /* but no chart */
    }
    for (size_t c = 0; c < BLS_CHART_COUNT; c++)
        assert_svg(files.path[c][BLS_CHART_SVG]);
}

/* SYNTHETIC: an ambiguous name's note listing many candidates, far past
 * the 511 bytes the PDF's fixed text buffers used to cut it at. Distinct
 * short words, so that a cut anywhere shows. */
static char *long_note(size_t candidates)
{
    size_t cap = 64 + candidates * 64, len = 0;
    char *note = malloc(cap);
    assert_non_null(note);
    len += (size_t)snprintf(note, cap, "Ambiguous: %zu occupations match the name:", candidates);
    for (size_t i = 0; i < candidates; i++)
        len += (size_t)snprintf(note + len, cap - len, " 19-%04zu Synthetic occupation %02zu%s",
                                1000 + i, i, i + 1 < candidates ? ";" : ".");
    note[len] = '\0';
    return note;
}

static void test_a_long_verdict_note_appears_whole_in_the_cross_check_table(void **state)
{
    fixture *f = *state;
    require_tools();
    build_article(f);
    char *note = long_note(24);
    assert_true(strlen(note) > 600);
    f->checks.items[f->checks.count - 1].note = note; /* the ambiguous claim */
    assert_int_equal(bls_pdf_write(f->path, report_with_charts(&f->report, &f->charts), &a4), BLS_OK);
    char *t = pdf_text(f->path);
    assert_contains(t, note);
    assert_contains(t, "19-1023 Synthetic occupation 23."); /* its very end */
    free(t);
    free(note);
}

/* Every allocation of the PDF and its chart files fails in turn (both
 * modes, tests/alloc_sweep.h): each is BLS_ERR_NOMEM, never a PDF with cut
 * text, and the clean run at the end succeeds. The fixture has a long note,
 * so the table's text grows. */
static void test_every_allocation_failure_is_reported(void **state)
{
    fixture *f = *state;
    build_many(f);
    char *note = long_note(24);
    f->checks.items[0].note = note;
    chart_files files;
    bls_pdf_options opts = {.paper = BLS_PAPER_A4};
    name_chart_files(f, &files, &opts);
    const bls_report *r = report_with_charts(&f->report, &f->charts); /* built once: core's */
    assert_non_null(r->charts);
    int fired = 1;
    bls_status st = BLS_ERR_NOMEM;
    long n;
    for (n = 0; n < 100000 && fired; n++) {
        sweep_fail_after(n);
        st = bls_pdf_write(f->path, r, &opts);
        fired = sweep_end_run();
        if (fired)
            assert_int_equal(st, BLS_ERR_NOMEM);
    }
    assert_int_equal(st, BLS_OK);
    assert_true(n > 10); /* the sweep really failed allocations along the way */
    free(note);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_article_report_has_four_pages_and_metadata),
        T(test_article_report_text_has_titles_values_sources_and_verdicts),
        T(test_cover_contents_and_outline_list_one_entry_per_spec_row),
        T(test_fonts_are_embedded_and_qpdf_finds_no_errors),
        T(test_same_inputs_and_epoch_give_identical_bytes),
        T(test_sixty_occupations_continue_on_further_pages),
        T(test_top_coded_wages_are_labelled_at_or_above_the_cap),
        T(test_chart_without_its_metric_is_left_out_and_the_cover_says_so),
        T(test_selected_occupations_limit_the_charts),
        T(test_letter_paper_gives_letter_pages),
        T(test_unwritable_paths_are_write_errors),
        T(test_invalid_arguments_are_rejected),
        T(test_empty_report_is_still_a_valid_pdf),
        T(test_chart_paths_get_an_svg_and_a_png_per_chart),
        T(test_without_a_pdf_path_only_the_named_chart_files_are_written),
        T(test_a_chart_without_data_is_still_a_file_that_says_so),
        T(test_a_long_verdict_note_appears_whole_in_the_cross_check_table),
        T(test_every_allocation_failure_is_reported),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
