/*
 * test_pdf_job.c - the PDF module loaded and drawn on a worker thread:
 * the same bytes as on the calling thread, modules that are missing or of
 * another build refused with a reason, errors carried back from the thread.
 *
 * The report holds two SYNTHETIC occupations (titles say so) with made-up
 * values; BLS_PDF_MODULE_PATH is this build's blsreport-pdf.so and
 * BLS_FAKE_PDF_MODULE_PATH a module exporting another build's table.
 */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blsreport/base/alloc.h"
#include "blsreport/check/model.h"
#include "blsreport/pipeline/pdf_job.h"
#include "blsreport/render/chart_view.h"

typedef struct fixture {
    char dir[64];
    char path[2][128];
    bls_model *model;
    bls_report report;
} fixture;

static void add_fact(bls_model *m, const char *soc, const char *title, bls_metric metric,
                     const char *period, const char *value)
{
    bls_fact f = {.metric = metric, .path = "synthetic.csv", .line = 2};
    assert_int_equal(bls_period_parse(period, strlen(period), &f.period), BLS_OK);
    f.value = bls_cell_parse(value, strlen(value));
    assert_int_equal(bls_model_add_fact(m, soc, title, BLS_GROUP_DETAILED, &f), BLS_OK);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/bls_pdf_job_XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    for (int i = 0; i < 2; i++)
        snprintf(f->path[i], sizeof f->path[i], "%s/report%d.pdf", f->dir, i);
    f->model = bls_model_new();
    assert_non_null(f->model);
    add_fact(f->model, "91-0001", "Synthetic occupation one", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
             "May 2023", "51,230");
    add_fact(f->model, "91-0001", "Synthetic occupation one", BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
             "2022-2032", "7.5");
    add_fact(f->model, "91-0002", "Synthetic occupation two", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
             "May 2023", "38,900");
    add_fact(f->model, "91-0002", "Synthetic occupation two", BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
             "2022-2032", "-2.1");
    bls_model_finish(f->model);
    f->report.model = f->model;
    f->report.source_date_epoch = 1700000000;
    f->report.version = "blsreport test";
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 2; i++)
        (void)unlink(f->path[i]);
    assert_int_equal(rmdir(f->dir), 0); /* nothing else was left there */
    bls_model_free(f->model);
    free(f);
    return 0;
}

static int exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static void test_threaded_and_unthreaded_jobs_draw_the_same_bytes(void **state)
{
    fixture *f = *state;
    bls_pdf_options opts = {.paper = BLS_PAPER_A4};
    for (int threaded = 0; threaded < 2; threaded++) {
        bls_pdf_job *job = NULL;
        assert_int_equal(bls_pdf_job_start(BLS_PDF_MODULE_PATH, threaded, f->path[threaded],
                                           &f->report, &opts, &job),
                         BLS_OK);
        assert_int_equal(bls_pdf_job_wait(job), BLS_OK);
        assert_int_equal(bls_pdf_job_wait(job), BLS_OK); /* again: the same status */
        assert_null(bls_pdf_job_error(job));
        bls_pdf_job_free(job);
    }
    size_t len0, len1;
    unsigned char *a = slurp(f->path[0], &len0), *b = slurp(f->path[1], &len1);
    assert_true(len0 > 1000);
    assert_memory_equal(a, "%PDF-", 5);
    assert_int_equal(len0, len1);
    assert_memory_equal(a, b, len0);
    free(a);
    free(b);
}

static void test_a_job_freed_without_waiting_joins_its_thread(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 3; i++) {
        bls_pdf_job *job = NULL;
        assert_int_equal(
            bls_pdf_job_start(BLS_PDF_MODULE_PATH, 1, f->path[0], &f->report, NULL, &job), BLS_OK);
        bls_pdf_job_free(job); /* joins: the file is complete afterwards */
        size_t len;
        unsigned char *pdf = slurp(f->path[0], &len);
        assert_memory_equal(pdf + len - 6, "%%EOF\n", 6);
        free(pdf);
    }
    bls_pdf_job_free(NULL);
}

static void test_a_missing_module_is_an_error_naming_it(void **state)
{
    fixture *f = *state;
    const char *missing = "/nonexistent/blsreport-pdf.so";
    for (int threaded = 0; threaded < 2; threaded++) {
        bls_pdf_job *job = NULL;
        assert_int_equal(bls_pdf_job_start(missing, threaded, f->path[0], &f->report, NULL, &job),
                         BLS_OK);
        assert_int_equal(bls_pdf_job_wait(job), BLS_ERR_PDF);
        const char *why = bls_pdf_job_error(job);
        assert_non_null(why);
        assert_non_null(strstr(why, "cannot load the PDF module"));
        assert_non_null(strstr(why, missing));
        assert_false(exists(f->path[0]));
        bls_pdf_job_free(job);
    }
}

static void test_a_module_of_another_build_is_refused_before_use(void **state)
{
    fixture *f = *state;
    for (int threaded = 0; threaded < 2; threaded++) {
        bls_pdf_job *job = NULL;
        assert_int_equal(bls_pdf_job_start(BLS_FAKE_PDF_MODULE_PATH, threaded, f->path[0],
                                           &f->report, NULL, &job),
                         BLS_OK);
        /* The fake's write returns BLS_ERR_INVALID_ARG: it is never called. */
        assert_int_equal(bls_pdf_job_wait(job), BLS_ERR_PDF);
        const char *why = bls_pdf_job_error(job);
        assert_non_null(why);
        assert_non_null(strstr(why, "not the PDF module of blsreport"));
        assert_false(exists(f->path[0]));
        bls_pdf_job_free(job);
    }
}

static void test_null_arguments_are_refused(void **state)
{
    fixture *f = *state;
    bls_pdf_job *job = NULL;
    assert_int_equal(bls_pdf_job_start(NULL, 1, f->path[0], &f->report, NULL, &job),
                     BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_pdf_job_start(BLS_PDF_MODULE_PATH, 1, NULL, &f->report, NULL, &job),
                     BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_pdf_job_start(BLS_PDF_MODULE_PATH, 1, f->path[0], NULL, NULL, &job),
                     BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_pdf_job_start(BLS_PDF_MODULE_PATH, 1, f->path[0], &f->report, NULL, NULL),
                     BLS_ERR_INVALID_ARG);
    assert_null(job);
    assert_false(exists(f->path[0]));
    assert_int_equal(bls_pdf_job_wait(NULL), BLS_ERR_INVALID_ARG);
    assert_null(bls_pdf_job_error(NULL));
}

static void test_a_drawing_error_comes_back_from_the_thread(void **state)
{
    fixture *f = *state;
    char path[160];
    snprintf(path, sizeof path, "%s/no-such-dir/report.pdf", f->dir);
    bls_pdf_job *job = NULL;
    assert_int_equal(bls_pdf_job_start(BLS_PDF_MODULE_PATH, 1, path, &f->report, NULL, &job),
                     BLS_OK);
    assert_int_equal(bls_pdf_job_wait(job), BLS_ERR_WRITE);
    assert_null(bls_pdf_job_error(job)); /* the module loaded: no loading error */
    bls_pdf_job_free(job);
}

/* --charts-dir file names come from each chart's spec row (its stem). */
static void test_chart_file_paths_use_the_spec_stems(void **state)
{
    (void)state;
    for (int c = 0; c < BLS_CHART_COUNT; c++) {
        char want[128];
        char *svg = bls_pdf_chart_file_path("out/charts", (bls_chart)c, BLS_CHART_SVG);
        char *png = bls_pdf_chart_file_path("out/charts/", (bls_chart)c, BLS_CHART_PNG);
        snprintf(want, sizeof want, "out/charts/%s.svg", bls_chart_specs[c].stem);
        assert_string_equal(svg, want);
        snprintf(want, sizeof want, "out/charts/%s.png", bls_chart_specs[c].stem);
        assert_string_equal(png, want);
        bls_free(svg);
        bls_free(png);
    }
    char *bare = bls_pdf_chart_file_path("", BLS_CHART_PAY, BLS_CHART_SVG);
    assert_string_equal(bare, "pay.svg");
    bls_free(bare);
    assert_null(bls_pdf_chart_file_path("x", BLS_CHART_COUNT, BLS_CHART_SVG));
    assert_null(bls_pdf_chart_file_path("x", BLS_CHART_PAY, BLS_CHART_FORMAT_COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chart_file_paths_use_the_spec_stems),
        cmocka_unit_test_setup_teardown(test_threaded_and_unthreaded_jobs_draw_the_same_bytes,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_job_freed_without_waiting_joins_its_thread, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_missing_module_is_an_error_naming_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_module_of_another_build_is_refused_before_use, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_null_arguments_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_drawing_error_comes_back_from_the_thread, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
