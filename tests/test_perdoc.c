/*
 * test_perdoc.c - unit tests for perdoc.c through a run of the library
 * (bls_pipeline_run with per_document): file names (collisions and the
 * reserved report/summary/index), a claims CSV's document joined to the
 * article it names, JSON only without the PDF module, the index. The
 * articles are SYNTHETIC (lines of the seed article, one per file); the
 * data are input/'s extracts of BLS's files.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "blsreport/pipeline/pipeline.h"

#define INPUT BLS_SOURCE_DIR "/input/"

static char dir[64];
static char out[96], in[96], sub[96];

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        unlink(path);
        return;
    }
    struct dirent *e;
    char child[512];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        remove_tree(child);
    }
    closedir(d);
    rmdir(path);
}

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/bls_perdoc_XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(in, sizeof in, "%s/in", dir);
    snprintf(sub, sizeof sub, "%s/in/sub", dir);
    return mkdir(out, 0700) || mkdir(in, 0700) || mkdir(sub, 0700);
}

static int teardown(void **state)
{
    (void)state;
    remove_tree(dir);
    return 0;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

static int exists(const char *d, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", d, name);
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0;
}

static json_object *read_index(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/index.json", out);
    json_object *index = json_object_from_file(path);
    assert_non_null(index);
    return index;
}

static json_object *doc_at(json_object *index, size_t i)
{
    json_object *docs;
    assert_true(json_object_object_get_ex(index, "documents", &docs));
    return json_object_array_get_idx(docs, i);
}

static const char *str(json_object *o, const char *key)
{
    json_object *v;
    assert_true(json_object_object_get_ex(o, key, &v));
    return json_object_get_string(v);
}

static int num(json_object *o, const char *key)
{
    json_object *v;
    assert_true(json_object_object_get_ex(o, key, &v));
    return json_object_get_int(v);
}

static bls_pipeline_options options(const char *const *inputs, size_t n, int pdf)
{
    bls_pipeline_options o;
    memset(&o, 0, sizeof o);
    o.inputs = inputs;
    o.input_count = n;
    o.output_dir = out;
    o.write_xlsx = 1;
    o.write_pdf = pdf;
    o.pdf_module = pdf ? BLS_PDF_MODULE_PATH : NULL;
    o.source_date_epoch = 1700000000;
    o.version = "blsreport test";
    o.per_document = 1;
    return o;
}

static const char wage_line[] =
    "SYNTHETIC test article.\n\nIn May 2014, physical therapy assistants made a median salary "
    "of $54,410 per year, while occupational therapy assistants earned a median of $56,950.\n";
static const char psych_line[] =
    "SYNTHETIC test article.\n\nThe 2014 median annual wage for psychiatric technicians was "
    "$31,130, according to BLS data.\n";

static void test_names_avoid_collisions_and_reserved_names(void **state)
{
    (void)state;
    char a[128], b[128];
    snprintf(a, sizeof a, "%s/report.md", in);
    snprintf(b, sizeof b, "%s/report.txt", sub);
    write_file(a, wage_line);
    write_file(b, psych_line);
    const char *inputs[] = {INPUT "oes_national_M2014_dl.csv", a, b};
    bls_pipeline_options o = options(inputs, 3, 1);
    bls_pipeline_result res;
    assert_int_equal(bls_pipeline_run(&o, &res), BLS_OK);
    assert_int_equal(res.exit_code, 0);
    assert_int_equal(res.per_document.documents, 2);
    /* report.pdf is the combined report: the documents are report-2 and report-3 */
    assert_true(exists(out, "report.pdf") && exists(out, "report.xlsx"));
    assert_true(exists(out, "report-2.pdf") && exists(out, "report-2.json"));
    assert_true(exists(out, "report-3.pdf") && exists(out, "report-3.json"));
    assert_true(exists(out, "index.json"));
    assert_int_equal(res.per_document.path_count, 5); /* 2 x (pdf, json) + index */
    json_object *index = read_index();
    assert_string_equal(str(doc_at(index, 0), "document"), a);
    assert_string_equal(str(doc_at(index, 0), "pdf"), "report-2.pdf");
    assert_int_equal(num(doc_at(index, 0), "claims"), 2);
    assert_string_equal(str(doc_at(index, 1), "json"), "report-3.json");
    assert_int_equal(num(doc_at(index, 1), "claims"), 1);
    json_object_put(index);
    bls_pipeline_result_cleanup(&res);
}

static void test_without_the_pdf_json_only_and_a_claims_csv_document(void **state)
{
    (void)state;
    char article[128], claims[128];
    snprintf(article, sizeof article, "%s/article.txt", in);
    snprintf(claims, sizeof claims, "%s/claims.csv", in);
    write_file(article, wage_line);
    /* the CSV names article.txt (joined to the input) and other.txt (a
     * document of its own, not given) */
    write_file(claims, "source,occupation,soc_code,metric,period,claimed\n"
                       "article.txt:3,Physical Therapist Assistants,31-2021,median_annual_wage,"
                       "May 2014,\"$54,410\"\n"
                       "other.txt:9,Psychiatric Technicians,29-2053,median_annual_wage,"
                       "May 2014,\"$31,000\"\n");
    const char *inputs[] = {INPUT "oes_national_M2014_dl.csv", claims, article};
    bls_pipeline_options o = options(inputs, 3, 0);
    bls_pipeline_result res;
    assert_int_equal(bls_pipeline_run(&o, &res), BLS_OK);
    assert_int_equal(res.exit_code, 1); /* other.txt's $31,000 is a mismatch */
    assert_int_equal(res.per_document.documents, 2);
    assert_true(exists(out, "article.json") && exists(out, "other.json"));
    assert_false(exists(out, "article.pdf"));
    json_object *index = read_index();
    json_object *first = doc_at(index, 0), *second = doc_at(index, 1), *pdf;
    assert_string_equal(str(first, "document"), article);
    assert_true(json_object_object_get_ex(first, "pdf", &pdf) && pdf == NULL);
    assert_int_equal(num(first, "exit_code"), 0);
    assert_string_equal(str(second, "document"), "other.txt");
    assert_int_equal(num(second, "exit_code"), 1);
    assert_int_equal(num(second, "claims"), 1);
    json_object_put(index);
    bls_pipeline_result_cleanup(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_names_avoid_collisions_and_reserved_names, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_without_the_pdf_json_only_and_a_claims_csv_document,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
