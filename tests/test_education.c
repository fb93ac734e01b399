/*
 * test_education.c - unit tests for education.c (a document's education
 * requirements against EP's "Typical education needed for entry").
 *
 * REAL: BLS's categories are read from EP 2012-22 Table 1.7 (CSV export in
 * ../shared/bls/real or $BLS_REAL_DATA) and the document is the seed
 * article (../shared/seed); those tests skip when the files are absent.
 * The claims pushed for the article's table are the ones the extractor
 * makes (origin "table", line 11). Other phrases are SYNTHETIC.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_sweep.h"
#include "blsreport/check/claims.h"
#include "blsreport/check/crosscheck.h"
#include "blsreport/check/education.h"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, (1 << 20) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static const char *real_dir(void)
{
    const char *env = getenv("BLS_REAL_DATA");
    return env && *env ? env : BLS_SOURCE_DIR "/../shared/bls/real";
}

/* EP Table 1.7's category for a SOC code: the 10th field of its row (all
 * categories are ASCII, unquoted). */
static int real_category(const char *soc, char *out, size_t size)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/ep/occupation_2012-22_table_1.7.csv", real_dir());
    size_t len;
    char *text = read_file(path, &len);
    if (!text)
        return -1;
    int found = -1;
    char needle[16];
    snprintf(needle, sizeof needle, ",%s,", soc);
    char *row = strstr(text, needle);
    if (row) {
        /* Fields after the code: 2012, 2022, change, percent, self-employed,
         * openings, "$wage" (quoted), education. */
        char *p = row + strlen(needle);
        int field = 2, quoted = 0;
        while (*p && field < 9) {
            if (*p == '"')
                quoted = !quoted;
            else if (*p == ',' && !quoted)
                field++;
            p++;
        }
        size_t n = strcspn(p, ",\r\n");
        snprintf(out, size, "%.*s", (int)n, p);
        found = 0;
    }
    free(text);
    return found;
}

static void test_levels_name_bls_categories(void **state)
{
    (void)state;
    static const struct {
        const char *words;
        unsigned levels;
    } cases[] = {
        {"Less than high school", 1u << 0},
        {"High school diploma or equivalent", 1u << 1},
        {"Some college, no degree", 1u << 2},
        {"Postsecondary non-degree award", 1u << 3},
        {"Associate's degree", 1u << 4},
        {"Bachelor's degree", 1u << 5},
        {"Master's degree", 1u << 6},
        {"Doctoral or professional degree", 1u << 7},
        {"Associate's or bachelor's degree", (1u << 4) | (1u << 5)},
        {"Associate's degree or certificate program", (1u << 3) | (1u << 4)},
        {"a GED or a high school diploma", 1u << 1},
        {"on-the-job training", 0},
        {"", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(bls_education_levels(cases[i].words, strlen(cases[i].words)),
                         cases[i].levels);
    assert_int_equal(bls_education_levels(NULL, 3), 0);
}

/* The seed article's table against BLS's real categories: */
static void test_article_words_against_real_categories(void **state)
{
    (void)state;
    static const struct {
        const char *soc, *words, *verdict;
    } cases[] = {
        /* BLS: Associate's degree. */
        {"31-2021", "Associate's or bachelor's degree", "broader"},
        /* BLS: Postsecondary non-degree award. */
        {"29-2053", "Associate's degree or certificate program", "broader"},
        /* BLS: Postsecondary non-degree award. */
        {"29-2071", "Associate's degree", "differs"},
        /* BLS: Associate's degree (SYNTHETIC words). */
        {"31-2011", "an associate's degree", "match"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char category[80];
        if (real_category(cases[i].soc, category, sizeof category) != 0)
            skip();
        assert_string_equal(
            bls_education_verdict_name(bls_education_compare(category, cases[i].words)),
            cases[i].verdict);
    }
    assert_int_equal(bls_education_compare(NULL, "Associate's degree"), BLS_EDU_UNKNOWN);
    assert_int_equal(bls_education_compare("Associate's degree", "training"), BLS_EDU_UNKNOWN);
}

static void push_table_claim(bls_claims *list, const char *doc, uint64_t line,
                             const char *occupation)
{
    bls_claim c;
    memset(&c, 0, sizeof c);
    c.document = (char *)doc;
    c.input_path = (char *)doc;
    c.line = c.input_line = line;
    c.occupation = (char *)occupation;
    c.metric = BLS_METRIC_EMPLOYMENT_CHANGE_PCT;
    c.claimed_text = "1%";
    c.claimed = bls_cell_parse("1%", 2);
    c.quote = "";
    c.origin = BLS_ORIGIN_TABLE;
    assert_int_equal(bls_claims_push(list, &c), BLS_OK);
}

/* The article's flattened row 10 is split into its three cells and each is
 * given to the occupation of its column's figure (line 11). */
static void test_flattened_row_of_the_seed_article(void **state)
{
    (void)state;
    char path[1200];
    snprintf(path, sizeof path, "%s/../../seed/000_6dcdeebd65410cef.txt", real_dir());
    size_t len;
    char *text = read_file(path, &len);
    if (!text)
        skip();
    bls_claims claims;
    bls_claims_init(&claims);
    push_table_claim(&claims, "other.txt", 11, "elsewhere"); /* another document */
    push_table_claim(&claims, "seed.txt", 11, "Physical Therapy Assistant");
    push_table_claim(&claims, "seed.txt", 11, "Psychiatric Technician");
    push_table_claim(&claims, "seed.txt", 11, "Medical Records and Health Information Technician");
    bls_education_list list;
    bls_education_init(&list);
    assert_int_equal(bls_education_extract(text, len, "seed.txt", &claims, &list), BLS_OK);
    assert_int_equal(list.count, 3);
    static const char *const words[] = {"Associate's or bachelor's degree",
                                        "Associate's degree or certificate program",
                                        "Associate's degree"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(list.items[i].line, 10);
        assert_string_equal(list.items[i].words, words[i]);
        assert_int_equal(list.items[i].figure, i + 1);
        assert_string_equal(list.items[i].occupation, claims.items[i + 1].occupation);
    }
    /* Checks give the SOC codes; a model without EP data has no category. */
    bls_check items[4];
    memset(items, 0, sizeof items);
    snprintf(items[1].soc_code, sizeof items[1].soc_code, "31-2021");
    bls_checks checks = {.items = items, .count = 4};
    bls_model *model = bls_model_new();
    assert_non_null(model);
    bls_education_check(model, &checks, &list);
    assert_string_equal(list.items[0].soc_code, "31-2021");
    assert_null(list.items[0].bls_category);
    assert_int_equal(list.items[0].verdict, BLS_EDU_UNKNOWN);
    assert_string_equal(list.items[1].soc_code, "");
    bls_model_free(model);
    bls_education_cleanup(&list);
    bls_claims_cleanup(&claims);
    free(text);
}

/* SYNTHETIC: a Markdown table row; columns that do not line up give nothing. */
static void test_pipe_rows_and_misaligned_columns(void **state)
{
    (void)state;
    static const char doc[] = "| Education | Bachelor's degree | High school diploma |\n"
                              "| Median pay | $1 | $2 |\n"
                              "\n"
                              "Education Requirements Associate's degree\n"
                              "Pay $3 $4\n";
    bls_claims claims;
    bls_claims_init(&claims);
    push_table_claim(&claims, "md.txt", 2, "A");
    push_table_claim(&claims, "md.txt", 2, "B");
    push_table_claim(&claims, "md.txt", 5, "C");
    push_table_claim(&claims, "md.txt", 5, "D");
    bls_education_list list;
    bls_education_init(&list);
    assert_int_equal(bls_education_extract(doc, sizeof doc - 1, "md.txt", &claims, &list), BLS_OK);
    assert_int_equal(list.count, 2);
    assert_string_equal(list.items[0].words, "Bachelor's degree");
    assert_string_equal(list.items[1].words, "High school diploma");
    assert_string_equal(list.items[1].occupation, "B");
    bls_education_cleanup(&list);
    for (long n = 0;; n++) {
        bls_education_init(&list);
        sweep_fail_after(n);
        bls_status st = bls_education_extract(doc, sizeof doc - 1, "md.txt", &claims, &list);
        int fired = sweep_end_run();
        bls_education_cleanup(&list);
        if (!fired) {
            assert_int_equal(st, BLS_OK);
            break;
        }
        if (st != BLS_OK)
            assert_int_equal(st, BLS_ERR_NOMEM);
    }
    assert_int_equal(bls_education_extract(NULL, 1, "x", &claims, &list), BLS_ERR_INVALID_ARG);
    bls_claims_cleanup(&claims);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_levels_name_bls_categories),
        cmocka_unit_test(test_article_words_against_real_categories),
        cmocka_unit_test(test_flattened_row_of_the_seed_article),
        cmocka_unit_test(test_pipe_rows_and_misaligned_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
