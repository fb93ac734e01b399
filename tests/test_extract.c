/*
 * test_extract.c - claims read out of article text.
 *
 * The seed article (input/000_6dcdeebd65410cef.txt) must give exactly the
 * 13 claims listed by hand in input/claims_health_technicians.csv. Other
 * documents here are short synthetic texts written for one behaviour each;
 * their dollar and percent figures are synthetic unless they repeat the
 * article's. The model holds the five occupations of input/ with synthetic
 * placeholder facts: only their SOC codes and titles matter to extraction.
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
#include "blsreport/base/alloc.h"
#include "blsreport/check/extract.h"

#define SEED_PATH BLS_SOURCE_DIR "/input/000_6dcdeebd65410cef.txt"

/* ---- fixtures --------------------------------------------------------- */

static bls_model *seed_model(void)
{
    static const char *const titles[][2] = {
        {"29-2053", "Psychiatric Technicians"},
        {"29-2054", "Respiratory Therapy Technicians"},
        {"29-2071", "Medical Records and Health Information Technicians"},
        {"31-2011", "Occupational Therapy Assistants"},
        {"31-2021", "Physical Therapist Assistants"},
    };
    bls_model *m = bls_model_new();
    assert_non_null(m);
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        bls_fact fact;
        memset(&fact, 0, sizeof fact);
        fact.metric = BLS_METRIC_MEDIAN_ANNUAL_WAGE;
        fact.period.year_from = fact.period.year_to = 2014;
        fact.period.month = 5;
        fact.value = bls_number_make(1, 0); /* synthetic placeholder */
        fact.path = "synthetic";
        assert_int_equal(
            bls_model_add_fact(m, titles[i][0], titles[i][1], BLS_GROUP_DETAILED, &fact), BLS_OK);
    }
    bls_model_finish(m);
    return m;
}

static char *read_seed(size_t *len)
{
    FILE *f = fopen(SEED_PATH, "rb");
    assert_non_null(f);
    char *buf = malloc(64 * 1024);
    assert_non_null(buf);
    *len = fread(buf, 1, 64 * 1024 - 1, f);
    assert_int_equal(fclose(f), 0);
    buf[*len] = '\0';
    return buf;
}

typedef struct result {
    bls_status status;
    bls_findings *findings;
    bls_claims claims, unattributed;
} result;

static void run_text(const char *text, size_t len, const bls_model *model, result *r)
{
    r->findings = bls_findings_new(1000);
    assert_non_null(r->findings);
    bls_claims_init(&r->claims);
    bls_claims_init(&r->unattributed);
    r->status =
        bls_extract_claims(text, len, "doc.txt", model, r->findings, &r->claims, &r->unattributed);
}

static void run(const char *text, result *r)
{
    bls_model *m = seed_model();
    run_text(text, strlen(text), m, r);
    bls_model_free(m);
    assert_int_equal(r->status, BLS_OK);
}

static void done(result *r)
{
    bls_claims_cleanup(&r->claims);
    bls_claims_cleanup(&r->unattributed);
    bls_findings_free(r->findings);
}

static const char *period_text(const bls_period *p, char *buf, size_t size)
{
    bls_period_format(p, buf, size);
    return buf;
}

/* One claim, checked field by field. */
typedef struct expected {
    uint64_t line;
    const char *occupation;
    const char *soc_code;
    bls_metric metric;
    const char *period; /* as bls_period_format writes it */
    const char *claimed_text;
    int64_t scaled;
    bls_claim_origin origin;
    const char *quote;
} expected;

static void assert_claim(const bls_claim *c, const expected *e)
{
    char p[32];
    assert_int_equal(c->line, e->line);
    assert_int_equal(c->input_line, e->line);
    assert_string_equal(c->occupation, e->occupation);
    assert_string_equal(c->soc_code, e->soc_code);
    assert_string_equal(bls_metric_name(c->metric), bls_metric_name(e->metric));
    assert_string_equal(period_text(&c->period, p, sizeof p), e->period);
    assert_string_equal(c->claimed_text, e->claimed_text);
    assert_int_equal(c->claimed.state, BLS_CELL_VALUE);
    assert_int_equal(c->claimed.decimals == 0 ? c->claimed.scaled : -1, e->scaled);
    assert_int_equal(c->origin, e->origin);
    if (e->quote)
        assert_string_equal(c->quote, e->quote);
}

/* ---- the seed article --------------------------------------------------- */

#define ROW11 "Job Growth (2012-2022)*41% 5%22%"
#define ROW12 "Median Salary (2014)* $54,410$31,130$35,900"
#define S34A                                                                                       \
    "In May 2014, physical therapy assistants made a median salary of $54,410 per year, while "    \
    "occupational therapy assistants earned a median of $56,950."

/* input/claims_health_technicians.csv, row by row. Periods are as the
 * article writes them: its table says "(2014)" where the CSV reads
 * "May 2014" (bls_period_matches() accepts either; checked below). */
static const expected seed_claims[] = {
    {11, "Physical Therapy Assistant", "31-2021", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "2012-2022",
     "41%", 41, BLS_ORIGIN_TABLE, ROW11},
    {11, "Psychiatric Technician", "29-2053", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "2012-2022", "5%",
     5, BLS_ORIGIN_TABLE, ROW11},
    {11, "Medical Records and Health Information Technician", "29-2071",
     BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "2012-2022", "22%", 22, BLS_ORIGIN_TABLE, ROW11},
    {12, "Physical Therapy Assistant", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "2014", "$54,410",
     54410, BLS_ORIGIN_TABLE, ROW12},
    {12, "Psychiatric Technician", "29-2053", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "2014", "$31,130",
     31130, BLS_ORIGIN_TABLE, ROW12},
    {12, "Medical Records and Health Information Technician", "29-2071",
     BLS_METRIC_MEDIAN_ANNUAL_WAGE, "2014", "$35,900", 35900, BLS_ORIGIN_TABLE, ROW12},
    {34, "physical therapy assistants", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014",
     "$54,410", 54410, BLS_ORIGIN_PROSE, S34A},
    {34, "occupational therapy assistants", "31-2011", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014",
     "$56,950", 56950, BLS_ORIGIN_PROSE, S34A},
    {34, "Respiratory therapy assistants", "29-2054", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014",
     "$47,810", 47810, BLS_ORIGIN_PROSE,
     "Respiratory therapy assistants had a median annual wage of $47,810."},
    {46, "psychiatric technicians", "29-2053", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "2014", "$31,130",
     31130, BLS_ORIGIN_PROSE,
     "The 2014 median annual wage for psychiatric technicians was $31,130, according to BLS data."},
    {46, "psychiatric technicians", "29-2053", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "2012-2022", "5%",
     5, BLS_ORIGIN_PROSE,
     "The number of positions in this field was projected to grow by 5% between 2012 and 2022."},
    {60, "medical records and health information techs", "29-2071",
     BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "2012-2022", "22%", 22, BLS_ORIGIN_PROSE,
     "Employment was expected to increase by 22% between 2012 and 2022."},
    {60, "health information techs", "29-2071", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014",
     "$35,900", 35900, BLS_ORIGIN_PROSE,
     "As of May 2014, the median salary for health information techs was $35,900."},
};

#define SEED_CLAIMS (sizeof seed_claims / sizeof seed_claims[0])

/* The CSV's period column, in the same order. */
static const char *const csv_periods[SEED_CLAIMS] = {
    "2012-2022", "2012-2022", "2012-2022", "May 2014",  "May 2014",  "May 2014", "May 2014",
    "May 2014",  "May 2014",  "2014",      "2012-2022", "2012-2022", "May 2014"};

static void assert_seed_claims(const result *r)
{
    assert_int_equal(r->status, BLS_OK);
    assert_int_equal(r->claims.count, SEED_CLAIMS);
    assert_int_equal(r->unattributed.count, 0);
    assert_int_equal(bls_findings_count(r->findings), 0);
    for (size_t i = 0; i < SEED_CLAIMS; i++) {
        print_message("claim %zu\n", i);
        assert_claim(&r->claims.items[i], &seed_claims[i]);
        assert_string_equal(r->claims.items[i].document, "doc.txt");
        assert_string_equal(r->claims.items[i].input_path, "doc.txt");
        bls_period csv;
        assert_int_equal(bls_period_parse(csv_periods[i], strlen(csv_periods[i]), &csv), BLS_OK);
        assert_true(bls_period_matches(&r->claims.items[i].period, &csv));
    }
}

static void test_seed_article_gives_the_13_claims_of_the_claims_csv(void **state)
{
    (void)state;
    size_t len;
    char *text = read_seed(&len);
    bls_model *m = seed_model();
    result r;
    run_text(text, len, m, &r);
    assert_seed_claims(&r);
    done(&r);
    bls_model_free(m);
    free(text);
}

static char *replace_once(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    size_t head = (size_t)(at - text), n = strlen(text) - strlen(from) + strlen(to);
    char *out = malloc(n + 1);
    assert_non_null(out);
    memcpy(out, text, head);
    strcpy(out + head, to);
    strcat(out, at + strlen(from));
    return out;
}

static void test_altered_article_changes_exactly_the_altered_figures(void **state)
{
    (void)state;
    size_t len;
    char *text = read_seed(&len);
    char *step = replace_once(text, "$56,950", "$56,590");
    char *altered = replace_once(step, "increase by 22%", "increase by 25%");
    bls_model *m = seed_model();
    result r;
    run_text(altered, strlen(altered), m, &r);
    assert_int_equal(r.claims.count, SEED_CLAIMS);
    for (size_t i = 0; i < SEED_CLAIMS; i++) {
        expected e = seed_claims[i];
        if (i == 6 || i == 7) /* the sentence quoted by both changed */
            e.quote = "In May 2014, physical therapy assistants made a median salary of $54,410 "
                      "per year, while occupational therapy assistants earned a median of $56,590.";
        if (i == 7) {
            e.claimed_text = "$56,590";
            e.scaled = 56590;
        } else if (i == 11) {
            e.claimed_text = "25%";
            e.scaled = 25;
            e.quote = "Employment was expected to increase by 25% between 2012 and 2022.";
        }
        assert_claim(&r.claims.items[i], &e);
    }
    assert_int_equal(r.unattributed.count, 0);
    done(&r);
    bls_model_free(m);
    free(altered);
    free(step);
    free(text);
}

static char *with_line_ends(const char *text, const char *eol)
{
    size_t n = strlen(eol), lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    char *out = malloc(strlen(text) + lines * n + 1), *o = out;
    assert_non_null(out);
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            memcpy(o, eol, n);
            o += n;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

static void test_crlf_and_cr_line_ends_give_the_same_claims(void **state)
{
    (void)state;
    size_t len;
    char *text = read_seed(&len);
    const char *ends[] = {"\r\n", "\r"};
    bls_model *m = seed_model();
    for (size_t k = 0; k < 2; k++) {
        char *converted = with_line_ends(text, ends[k]);
        result r;
        run_text(converted, strlen(converted), m, &r);
        assert_seed_claims(&r);
        done(&r);
        free(converted);
    }
    bls_model_free(m);
    free(text);
}

static void test_bom_is_skipped_and_columns_count_from_after_it(void **state)
{
    (void)state;
    result r;
    run("\xEF\xBB\xBF$12,000 is what tuition costs.\n", &r);
    assert_int_equal(r.claims.count, 0);
    assert_int_equal(r.unattributed.count, 1);
    const bls_finding *f = bls_findings_at(r.findings, 0);
    assert_int_equal(f->line, 1);
    assert_int_equal(f->column, 1);
    done(&r);
}

/* ---- prose attribution ------------------------------------------------------ */

static void test_occupation_from_own_sentence_nearest_before_the_figure(void **state)
{
    (void)state;
    result r;
    run("Psychiatric technicians earned a median of $31,130 in May 2014, while respiratory "
        "therapy technicians earned a median of $47,810.\n",
        &r);
    assert_int_equal(r.claims.count, 2);
    expected a = {1,          "Psychiatric technicians",
                  "29-2053",  BLS_METRIC_MEDIAN_ANNUAL_WAGE,
                  "May 2014", "$31,130",
                  31130,      BLS_ORIGIN_PROSE,
                  NULL};
    expected b = {1,          "respiratory therapy technicians",
                  "29-2054",  BLS_METRIC_MEDIAN_ANNUAL_WAGE,
                  "May 2014", "$47,810",
                  47810,      BLS_ORIGIN_PROSE,
                  NULL};
    assert_claim(&r.claims.items[0], &a);
    assert_claim(&r.claims.items[1], &b);
    done(&r);
}

static void test_occupation_after_the_figure_in_its_clause(void **state)
{
    (void)state;
    result r;
    run("A median wage of $31,130 was reported for psychiatric technicians.\n", &r);
    assert_int_equal(r.claims.count, 1);
    assert_string_equal(r.claims.items[0].occupation, "psychiatric technicians");
    done(&r);
}

static void test_occupation_from_paragraph_for_this_field(void **state)
{
    (void)state;
    result r;
    run("Occupational therapy assistants help patients.\nEmployment in this field was projected "
        "to grow by 43 percent from 2012 to 2022.\n",
        &r);
    assert_int_equal(r.claims.count, 1);
    expected e = {
        2,
        "Occupational therapy assistants",
        "31-2011",
        BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
        "2012-2022",
        "43 percent",
        43,
        BLS_ORIGIN_PROSE,
        "Employment in this field was projected to grow by 43 percent from 2012 to 2022."};
    assert_claim(&r.claims.items[0], &e);
    done(&r);
}

static void test_occupation_from_heading_above(void **state)
{
    (void)state;
    result r;
    run("Mental Health Technician\n\nCareer Information\n\nThe median annual wage was $31,130 "
        "in May 2014.\n",
        &r);
    assert_int_equal(r.claims.count, 1);
    expected e = {5,          "Mental Health Technician",
                  "29-2053",  BLS_METRIC_MEDIAN_ANNUAL_WAGE,
                  "May 2014", "$31,130",
                  31130,      BLS_ORIGIN_PROSE,
                  NULL};
    assert_claim(&r.claims.items[0], &e);
    done(&r);
}

static void test_markdown_heading_closes_its_section(void **state)
{
    (void)state;
    result r;
    run("## Psychiatric Technicians\n\n## Tuition\n\nThe median annual wage was $31,130.\n", &r);
    assert_int_equal(r.claims.count, 0);
    assert_int_equal(r.unattributed.count, 1);
    assert_string_equal(r.unattributed.items[0].occupation, "");
    done(&r);
}

static void test_umbrella_name_is_attributed_without_a_code(void **state)
{
    (void)state;
    result r;
    run("Therapeutic health technicians earned a median of $50,000.\n", &r);
    assert_int_equal(r.claims.count, 1);
    assert_string_equal(r.claims.items[0].occupation, "Therapeutic health technicians");
    assert_string_equal(r.claims.items[0].soc_code, "");
    done(&r);
}

static void test_hourly_mean_decline_and_period_forms(void **state)
{
    (void)state;
    result r;
    run("Psychiatric technicians earned a median of $14.97 per hour in May, 2014. Their mean "
        "annual wage was $33,000 (synthetic). Employment of psychiatric technicians is projected "
        "to decline 3% over 2012\xE2\x80\x93"
        "22.\n",
        &r);
    assert_int_equal(r.claims.count, 3);
    const bls_claim *hourly = &r.claims.items[0];
    assert_int_equal(hourly->metric, BLS_METRIC_MEDIAN_HOURLY_WAGE);
    assert_int_equal(hourly->claimed.scaled, 1497);
    assert_int_equal(hourly->claimed.decimals, 2);
    assert_int_equal(hourly->period.month, 5);
    assert_int_equal(r.claims.items[1].metric, BLS_METRIC_MEAN_ANNUAL_WAGE);
    const bls_claim *decline = &r.claims.items[2];
    assert_int_equal(decline->metric, BLS_METRIC_EMPLOYMENT_CHANGE_PCT);
    assert_string_equal(decline->claimed_text, "3%");
    assert_int_equal(decline->claimed.scaled, -3);
    assert_int_equal(decline->period.year_from, 2012);
    assert_int_equal(decline->period.year_to, 2022);
    done(&r);
}

static void test_years_and_plain_numbers_are_not_figures(void **state)
{
    (void)state;
    result r;
    run("Between 2012 and 2022, about 12,000 psychiatric technicians were employed in 2014-15.\n",
        &r);
    assert_int_equal(r.claims.count, 0);
    assert_int_equal(r.unattributed.count, 0);
    done(&r);
}

static void test_abbreviation_does_not_end_the_sentence(void **state)
{
    (void)state;
    result r;
    run("According to the U.S. Bureau of Labor Statistics, psychiatric technicians earned a "
        "median of $31,130.\n",
        &r);
    assert_int_equal(r.claims.count, 1);
    assert_string_equal(r.claims.items[0].quote,
                        "According to the U.S. Bureau of Labor Statistics, psychiatric technicians "
                        "earned a median of $31,130.");
    done(&r);
}

/* ---- tables ------------------------------------------------------------------- */

static void test_flattened_table_is_read_by_column(void **state)
{
    (void)state;
    result r;
    run("OccupationsOccupational Therapy AssistantRespiratory Therapy Technician\n"
        "Median Hourly Wage (May 2014)$27.38$22.99\n" /* synthetic */
        "Employment Change (2012-22)43% -1%\n",       /* synthetic */
        &r);
    assert_int_equal(r.claims.count, 4);
    expected e[] = {
        {2, "Occupational Therapy Assistant", "31-2011", BLS_METRIC_MEDIAN_HOURLY_WAGE, "May 2014",
         "$27.38", -1, BLS_ORIGIN_TABLE, "Median Hourly Wage (May 2014)$27.38$22.99"},
        {2, "Respiratory Therapy Technician", "29-2054", BLS_METRIC_MEDIAN_HOURLY_WAGE, "May 2014",
         "$22.99", -1, BLS_ORIGIN_TABLE, NULL},
        {3, "Occupational Therapy Assistant", "31-2011", BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
         "2012-2022", "43%", 43, BLS_ORIGIN_TABLE, NULL},
        {3, "Respiratory Therapy Technician", "29-2054", BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
         "2012-2022", "-1%", -1, BLS_ORIGIN_TABLE, NULL},
    };
    for (size_t i = 0; i < 4; i++)
        assert_claim(&r.claims.items[i], &e[i]);
    assert_int_equal(r.claims.items[0].claimed.scaled, 2738);
    done(&r);
}

static void test_table_row_with_missing_cell_is_unattributed(void **state)
{
    (void)state;
    result r;
    run("CareersPsychiatric TechnicianOccupational Therapy Assistant\n"
        "Job Growth (2012-2022)5%\n",
        &r);
    assert_int_equal(r.claims.count, 0);
    assert_int_equal(r.unattributed.count, 1);
    assert_int_equal(bls_findings_count(r.findings), 1);
    assert_int_equal(bls_findings_at(r.findings, 0)->rule, BLS_RULE_CLAIM_UNATTRIBUTED);
    done(&r);
}

static void test_markdown_table_with_column_labels(void **state)
{
    (void)state;
    result r;
    run("| Occupation | Median salary (May 2014) | Job growth (2012-2022) |\n"
        "|---|---|---|\n"
        "| Physical therapy assistants | $54,410 | 41% |\n",
        &r);
    assert_int_equal(r.claims.count, 2);
    expected a = {3,
                  "Physical therapy assistants",
                  "31-2021",
                  BLS_METRIC_MEDIAN_ANNUAL_WAGE,
                  "May 2014",
                  "$54,410",
                  54410,
                  BLS_ORIGIN_PROSE,
                  "| Physical therapy assistants | $54,410 | 41% |"};
    expected b = {3,           "Physical therapy assistants",
                  "31-2021",   BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
                  "2012-2022", "41%",
                  41,          BLS_ORIGIN_PROSE,
                  NULL};
    assert_claim(&r.claims.items[0], &a);
    assert_claim(&r.claims.items[1], &b);
    done(&r);
}

/* ---- unattributed --------------------------------------------------------------- */

static void test_unattributable_figure_goes_to_unattributed_with_a_finding(void **state)
{
    (void)state;
    result r;
    run("Paying for School\n\nTuition costs $12,000.\n", &r);
    assert_int_equal(r.claims.count, 0);
    assert_int_equal(r.unattributed.count, 1);
    const bls_claim *u = &r.unattributed.items[0];
    assert_string_equal(u->claimed_text, "$12,000");
    assert_int_equal(u->claimed.scaled, 12000);
    assert_int_equal(u->line, 3);
    assert_string_equal(u->occupation, "");
    assert_int_equal(u->metric, BLS_METRIC_COUNT);
    assert_string_equal(u->quote, "Tuition costs $12,000.");
    assert_int_equal(bls_findings_count(r.findings), 1);
    const bls_finding *f = bls_findings_at(r.findings, 0);
    assert_int_equal(f->rule, BLS_RULE_CLAIM_UNATTRIBUTED);
    assert_string_equal(f->path, "doc.txt");
    assert_int_equal(f->line, 3);
    assert_int_equal(f->column, 15);
    done(&r);
}

static void test_figure_with_occupation_but_no_metric_is_kept(void **state)
{
    (void)state;
    result r;
    run("Psychiatric technicians pay $1,200 in tuition costs.\n", &r);
    assert_int_equal(r.claims.count, 0);
    assert_int_equal(r.unattributed.count, 1);
    assert_string_equal(r.unattributed.items[0].occupation, "Psychiatric technicians");
    assert_string_equal(r.unattributed.items[0].soc_code, "29-2053");
    done(&r);
}

/* ---- numbers in text (issue 19 item 6) ------------------------------------------ */

/* One sentence about psychiatric technicians (29-2053); the figure's value,
 * text and metric. Values are synthetic except where they repeat the
 * article's ($54,410). */
static void assert_one_figure(const char *sentence, bls_metric metric, const char *claimed_text,
                              int64_t scaled, unsigned decimals)
{
    result r;
    print_message("%s\n", sentence);
    run(sentence, &r);
    assert_int_equal(r.claims.count, 1);
    const bls_claim *c = &r.claims.items[0];
    assert_string_equal(c->soc_code, "29-2053");
    assert_string_equal(bls_metric_name(c->metric), bls_metric_name(metric));
    assert_string_equal(c->claimed_text, claimed_text);
    assert_int_equal(c->claimed.state, BLS_CELL_VALUE);
    assert_int_equal(c->claimed.scaled, scaled);
    assert_int_equal(c->claimed.decimals, decimals);
    assert_int_equal((c->claimed.flags & BLS_NUM_NEGATIVE) != 0, scaled < 0);
    done(&r);
}

static void test_signs_words_scales_and_spaces_in_figures(void **state)
{
    (void)state;
    const bls_metric growth = BLS_METRIC_EMPLOYMENT_CHANGE_PCT;
    const bls_metric median = BLS_METRIC_MEDIAN_ANNUAL_WAGE;
    /* the Unicode minus and the dashes as signs */
    assert_one_figure("Employment of psychiatric technicians will change \xE2\x88\x92"
                      "41%.",
                      growth,
                      "\xE2\x88\x92"
                      "41%",
                      -41, 0);
    assert_one_figure("Employment of psychiatric technicians will change \xE2\x80\x93"
                      "14%.",
                      growth,
                      "\xE2\x80\x93"
                      "14%",
                      -14, 0);
    assert_one_figure("Psychiatric technicians: employment change (\xE2\x80\x94"
                      "14%).",
                      growth,
                      "\xE2\x80\x94"
                      "14%",
                      -14, 0);
    /* a dash between words or years is not a sign */
    assert_one_figure("Psychiatric technicians\xE2\x80\x94"
                      "growth of 14%.",
                      growth, "14%", 14, 0);
    /* words of decline */
    assert_one_figure("Jobs for psychiatric technicians will decline 14%.", growth, "14%", -14, 0);
    assert_one_figure("Jobs for psychiatric technicians will go down 14%.", growth, "14%", -14, 0);
    assert_one_figure("Jobs for psychiatric technicians will fall by 14 percent.", growth,
                      "14 percent", -14, 0);
    assert_one_figure("Jobs for psychiatric technicians will decline by -3%.", growth, "-3%", -3,
                      0);
    assert_one_figure("Employment of psychiatric technicians will grow 5 percent.", growth,
                      "5 percent", 5, 0);
    assert_one_figure("Employment of psychiatric technicians will grow 5\xC2\xA0%.", growth,
                      "5\xC2\xA0%", 5, 0);
    /* scales */
    assert_one_figure("Psychiatric technicians earn a median of $54K.", median, "$54K", 54000, 0);
    assert_one_figure("Psychiatric technicians earn a median of $54.4 thousand a year.", median,
                      "$54.4 thousand", 54400, 0);
    /* no-break and thin spaces between groups */
    assert_one_figure("Psychiatric technicians earn a median of $54\xC2\xA0"
                      "410.",
                      median,
                      "$54\xC2\xA0"
                      "410",
                      54410, 0);
    assert_one_figure("Psychiatric technicians earn a median of $54\xE2\x80\x89"
                      "410.",
                      median,
                      "$54\xE2\x80\x89"
                      "410",
                      54410, 0);
    /* a European thousands dot in a wage; cents stay cents */
    assert_one_figure("Psychiatric technicians earn a median of $54.410 a year.", median, "$54.410",
                      54410, 0);
    assert_one_figure("Psychiatric technicians earn a median of $14.97 an hour.",
                      BLS_METRIC_MEDIAN_HOURLY_WAGE, "$14.97", 1497, 2);
    /* a decimal comma where a comma cannot group */
    assert_one_figure("Employment of psychiatric technicians will grow 3,9%.", growth, "3,9%", 39,
                      1);
}

/* ---- documents that are not plain UTF-8 text (issue 19 item 5) -------------------- */

static size_t count_rule(const result *r, bls_rule rule)
{
    size_t n = 0;
    for (size_t i = 0; i < bls_findings_count(r->findings); i++)
        n += bls_findings_at(r->findings, i)->rule == rule;
    return n;
}

static const char *message_of(const result *r, bls_rule rule)
{
    for (size_t i = 0; i < bls_findings_count(r->findings); i++)
        if (bls_findings_at(r->findings, i)->rule == rule)
            return bls_findings_at(r->findings, i)->message;
    return "";
}

static void test_utf16_article_is_read_like_its_utf8_text(void **state)
{
    (void)state;
    size_t len;
    char *utf8 = read_seed(&len);
    /* Notepad's "Unicode": UTF-16LE with a BOM, CRLF (synthetic copy of the seed) */
    char *wide = malloc(4 * len + 4);
    assert_non_null(wide);
    size_t n = 0;
    wide[n++] = '\xFF';
    wide[n++] = '\xFE';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)utf8[i];
        uint32_t cp = c;
        if (c >= 0xF0) {
            cp = (uint32_t)(c & 0x07) << 18 | (uint32_t)(utf8[i + 1] & 0x3F) << 12 |
                 (uint32_t)(utf8[i + 2] & 0x3F) << 6 | (utf8[i + 3] & 0x3F);
            i += 3;
        } else if (c >= 0xE0) {
            cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(utf8[i + 1] & 0x3F) << 6 |
                 (utf8[i + 2] & 0x3F);
            i += 2;
        } else if (c >= 0xC0) {
            cp = (uint32_t)(c & 0x1F) << 6 | (utf8[i + 1] & 0x3F);
            i += 1;
        }
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            wide[n++] = (char)(hi & 0xFF);
            wide[n++] = (char)(hi >> 8);
            cp = lo;
        }
        wide[n++] = (char)(cp & 0xFF);
        wide[n++] = (char)(cp >> 8);
    }
    bls_model *m = seed_model();
    result r;
    run_text(wide, n, m, &r);
    assert_seed_claims(&r);
    done(&r);
    bls_model_free(m);
    free(wide);
    free(utf8);
}

static void test_empty_binary_and_figureless_documents_are_findings(void **state)
{
    (void)state;
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0"
                              "\x1f\xf3\xff"
                              "a\0\0\0\x01"
                              "sRGB\0\xae\xce\x1c\xe9\0\0\0\x04gAMA";
    const struct {
        const char *text;
        size_t len;
        const char *says;
    } cases[] = {
        {"", 0, "empty document"},
        {" \r\n\t\n", 5, "empty document"},
        {png, sizeof png - 1, "binary data"},
        {"Psychiatric technicians care for patients.\nNo figure here.\n", 59, "no figure"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bls_model *m = seed_model();
        result r;
        run_text(cases[i].text, cases[i].len, m, &r);
        bls_model_free(m);
        assert_int_equal(r.status, BLS_OK);
        assert_int_equal(r.claims.count + r.unattributed.count, 0);
        assert_int_equal(count_rule(&r, BLS_RULE_DOCUMENT_UNREADABLE), 1);
        assert_int_equal(bls_rule_get(BLS_RULE_DOCUMENT_UNREADABLE)->severity, BLS_SEV_ERROR);
        const char *message = message_of(&r, BLS_RULE_DOCUMENT_UNREADABLE);
        assert_non_null(strstr(message, cases[i].says));
        assert_non_null(strstr(message, "expected an article"));
        done(&r);
    }
    /* a document with figures draws no such finding */
    result r;
    run("Psychiatric technicians earned a median of $31,130.", &r);
    assert_int_equal(count_rule(&r, BLS_RULE_DOCUMENT_UNREADABLE), 0);
    done(&r);
}

static void test_windows_1252_and_mac_roman_articles_are_read(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "Psychiatric technicians \x97 median pay $31,130 in May 2014; employment \x96"
        "4% "
        "(synthetic).",
        "Psychiatric technicians \xD1 median pay $31,130 in May 2014; employment \xD0"
        "4% "
        "(synthetic).",
    };
    const bls_rule rules[] = {BLS_RULE_ENCODING_CP1252, BLS_RULE_ENCODING_MACROMAN};
    for (size_t i = 0; i < 2; i++) {
        result r;
        run(docs[i], &r);
        assert_int_equal(count_rule(&r, rules[i]), 1);
        assert_int_equal(r.claims.count, 2);
        assert_int_equal(r.claims.items[0].claimed.scaled, 31130);
        assert_string_equal(r.claims.items[1].claimed_text, "\xE2\x80\x93"
                                                            "4%");
        assert_int_equal(r.claims.items[1].claimed.scaled, -4);
        done(&r);
    }
}

/* ---- edges and limits ------------------------------------------------------------- */

static void test_empty_and_null_model(void **state)
{
    (void)state;
    result r;
    run_text("", 0, NULL, &r);
    assert_int_equal(r.status, BLS_OK);
    assert_int_equal(r.claims.count, 0);
    done(&r);
    /* no model: the alias table still names occupations */
    const char *text = "Psychiatric technicians earned a median of $31,130.";
    run_text(text, strlen(text), NULL, &r);
    assert_int_equal(r.claims.count, 1);
    assert_string_equal(r.claims.items[0].soc_code, "29-2053");
    done(&r);
}

static void test_invalid_arguments_and_limit(void **state)
{
    (void)state;
    bls_claims c, u;
    bls_claims_init(&c);
    bls_claims_init(&u);
    assert_int_equal(bls_extract_claims(NULL, 3, "x", NULL, NULL, &c, &u), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_extract_claims("x", 1, "x", NULL, NULL, NULL, &u), BLS_ERR_INVALID_ARG);
    /* the length is checked before any byte is read */
    assert_int_equal(bls_extract_claims("x", (size_t)BLS_DOCUMENT_MAX + 1, "x", NULL, NULL, &c, &u),
                     BLS_ERR_LIMIT);
    assert_int_equal(c.count + u.count, 0);
}

static void test_long_line_without_newlines_stays_linear(void **state)
{
    (void)state;
    /* 4 MiB on one line, no sentence end: every figure has the same
     * enormous sentence and paragraph. Quadratic work would not finish. */
    const char *unit = "psychiatric technicians earned a median of $31,130 and ";
    size_t unit_len = strlen(unit), copies = (4u << 20) / unit_len;
    char *text = malloc(copies * unit_len + 1);
    assert_non_null(text);
    for (size_t i = 0; i < copies; i++)
        memcpy(text + i * unit_len, unit, unit_len);
    text[copies * unit_len] = '\0';
    bls_model *m = seed_model();
    result r;
    run_text(text, copies * unit_len, m, &r);
    assert_int_equal(r.status, BLS_OK);
    assert_int_equal(r.claims.count, copies);
    assert_true(strlen(r.claims.items[copies / 2].quote) <= 490);
    done(&r);
    bls_model_free(m);
    free(text);
}

static void test_too_many_figures_is_a_limit_and_appends_nothing(void **state)
{
    (void)state;
    size_t copies = 100001; /* one more than the extractor reads */
    char *text = malloc(copies * 3 + 1);
    assert_non_null(text);
    for (size_t i = 0; i < copies; i++)
        memcpy(text + i * 3, "$1 ", 3);
    result r;
    run_text(text, copies * 3, NULL, &r);
    assert_int_equal(r.status, BLS_ERR_LIMIT);
    assert_int_equal(r.claims.count + r.unattributed.count, 0);
    done(&r);
    /* one figure fewer is read */
    run_text(text, (copies - 1) * 3, NULL, &r);
    assert_int_equal(r.status, BLS_OK);
    assert_int_equal(r.unattributed.count, copies - 1);
    done(&r);
    free(text);
}

static void test_allocation_failures_leave_the_lists_unchanged(void **state)
{
    (void)state;
    size_t len;
    char *text = read_seed(&len);
    bls_model *m = seed_model();
    int succeeded = 0, fired = 1;
    for (long n = 0; n < 100000 && fired; n++) {
        bls_findings *findings = bls_findings_new(100);
        assert_non_null(findings);
        bls_claims c, u;
        bls_claims_init(&c);
        bls_claims_init(&u);
        sweep_fail_after(n);
        bls_status st = bls_extract_claims(text, len, "doc.txt", m, findings, &c, &u);
        fired = sweep_end_run();
        if (st == BLS_OK) {
            succeeded = 1;
            assert_int_equal(c.count, SEED_CLAIMS);
        } else {
            assert_int_equal(st, BLS_ERR_NOMEM);
            assert_int_equal(c.count, 0);
            assert_int_equal(u.count, 0);
        }
        bls_claims_cleanup(&c);
        bls_claims_cleanup(&u);
        bls_findings_free(findings);
    }
    assert_true(succeeded);
    bls_model_free(m);
    free(text);
}

/* ---- fuzzer regressions (tests/data/extract/crash_*.txt) ------------------------- */

static char *read_fixture(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/extract/%s", BLS_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, (1 << 20) - 1, f);
    assert_int_equal(fclose(f), 0);
    /* exactly the document's bytes, so that ASan sees a read past its end */
    char *exact = malloc(*len);
    assert_non_null(exact);
    memcpy(exact, buf, *len);
    free(buf);
    return exact;
}

/* What the fuzzer checks, on one of its findings. */
static void assert_extraction_sound(const char *fixture)
{
    size_t len;
    char *text = read_fixture(fixture, &len);
    bls_model *m = seed_model();
    result r;
    run_text(text, len, m, &r);
    assert_int_equal(r.status, BLS_OK);
    for (size_t i = 0; i < r.claims.count; i++) {
        const bls_claim *c = &r.claims.items[i];
        assert_true(c->occupation[0] != '\0');
        assert_true(c->claimed_text[0] != '\0');
        assert_true(c->quote[0] != '\0');
        assert_true(c->metric < BLS_METRIC_COUNT);
    }
    /* one claim-unattributed finding per unattributed figure; the rest say
     * what the bytes were read as (these fixtures are not UTF-8) */
    size_t unattributed = 0;
    for (size_t i = 0; i < bls_findings_count(r.findings); i++) {
        bls_rule rule = bls_findings_at(r.findings, i)->rule;
        unattributed += rule == BLS_RULE_CLAIM_UNATTRIBUTED;
        if (rule != BLS_RULE_CLAIM_UNATTRIBUTED)
            assert_true(rule == BLS_RULE_ENCODING_CP1252 || rule == BLS_RULE_ENCODING_MACROMAN ||
                        rule == BLS_RULE_ENCODING_INVALID);
    }
    assert_int_equal(unattributed, r.unattributed.count);
    done(&r);
    bls_model_free(m);
    free(text);
}

/* A NUL byte in a table row cut the quoted row to "". */
static void test_fuzz_nul_in_table_row_keeps_the_quote(void **state)
{
    (void)state;
    assert_extraction_sound("crash_nul_in_table_row.txt");
}

/* A long last sentence: the quote window read one byte past the document. */
static void test_fuzz_quote_window_at_document_end(void **state)
{
    (void)state;
    assert_extraction_sound("crash_quote_window_at_document_end.txt");
}

static void test_document_paths_by_extension(void **state)
{
    (void)state;
    assert_true(bls_extract_is_document_path("input/000_6dcdeebd65410cef.txt"));
    assert_true(bls_extract_is_document_path("a/B.MD"));
    assert_true(bls_extract_is_document_path("x.markdown"));
    assert_true(bls_extract_is_document_path("x.text"));
    assert_false(bls_extract_is_document_path("oes_national_M2014_dl.csv"));
    assert_false(bls_extract_is_document_path("x.txt.csv"));
    assert_false(bls_extract_is_document_path("dir.txt/file"));
    assert_false(bls_extract_is_document_path("README"));
    assert_false(bls_extract_is_document_path("x.txts"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document_paths_by_extension),
        cmocka_unit_test(test_seed_article_gives_the_13_claims_of_the_claims_csv),
        cmocka_unit_test(test_altered_article_changes_exactly_the_altered_figures),
        cmocka_unit_test(test_crlf_and_cr_line_ends_give_the_same_claims),
        cmocka_unit_test(test_bom_is_skipped_and_columns_count_from_after_it),
        cmocka_unit_test(test_occupation_from_own_sentence_nearest_before_the_figure),
        cmocka_unit_test(test_occupation_after_the_figure_in_its_clause),
        cmocka_unit_test(test_occupation_from_paragraph_for_this_field),
        cmocka_unit_test(test_occupation_from_heading_above),
        cmocka_unit_test(test_markdown_heading_closes_its_section),
        cmocka_unit_test(test_umbrella_name_is_attributed_without_a_code),
        cmocka_unit_test(test_hourly_mean_decline_and_period_forms),
        cmocka_unit_test(test_years_and_plain_numbers_are_not_figures),
        cmocka_unit_test(test_abbreviation_does_not_end_the_sentence),
        cmocka_unit_test(test_flattened_table_is_read_by_column),
        cmocka_unit_test(test_table_row_with_missing_cell_is_unattributed),
        cmocka_unit_test(test_markdown_table_with_column_labels),
        cmocka_unit_test(test_unattributable_figure_goes_to_unattributed_with_a_finding),
        cmocka_unit_test(test_figure_with_occupation_but_no_metric_is_kept),
        cmocka_unit_test(test_empty_and_null_model),
        cmocka_unit_test(test_invalid_arguments_and_limit),
        cmocka_unit_test(test_long_line_without_newlines_stays_linear),
        cmocka_unit_test(test_too_many_figures_is_a_limit_and_appends_nothing),
        cmocka_unit_test(test_allocation_failures_leave_the_lists_unchanged),
        cmocka_unit_test(test_fuzz_nul_in_table_row_keeps_the_quote),
        cmocka_unit_test(test_fuzz_quote_window_at_document_end),
        cmocka_unit_test(test_signs_words_scales_and_spaces_in_figures),
        cmocka_unit_test(test_utf16_article_is_read_like_its_utf8_text),
        cmocka_unit_test(test_empty_binary_and_figureless_documents_are_findings),
        cmocka_unit_test(test_windows_1252_and_mac_roman_articles_are_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
