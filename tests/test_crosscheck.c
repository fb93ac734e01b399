/*
 * test_crosscheck.c - unit tests for crosscheck.c (verdicts on claims).
 *
 * Pipeline: model + claims -> *crosscheck* -> render. Models are built in
 * memory with bls_model_add_fact(); claims are pushed by hand.
 *
 * Figures: the May 2014 median annual wages and the 2012-22 percent changes
 * of the five occupations in real_model() are REAL BLS figures (as quoted by
 * the seed article, see shared/bls/LAYOUTS.md). Every other figure is
 * SYNTHETIC and marked so where it is added (later periods for the stale
 * tests, one-decimal percents for the rounding tests, a top-coded wage).
 *
 * Name resolution goes through bls_aliases_resolve() (aliases.c): the tests
 * that give no SOC code depend on it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "alloc_sweep.h"
#include "blsreport/base/diag.h"
#include "blsreport/check/claims.h"
#include "blsreport/check/crosscheck.h"
#include "blsreport/check/model.h"

#define OES_2014 "oes_national_M2014_dl.csv"
#define EP_2012 "ep_occupational_projections_2012-22.csv"
#define SYNTHETIC_2023 "synthetic_national_M2023_dl.csv"

static const bls_period may_2014 = {2014, 2014, 5};
static const bls_period may_2023 = {2023, 2023, 5};
static const bls_period ep_2012_22 = {2012, 2022, 0};

/* ---- helpers: models ---------------------------------------------------- */

static void add_fact(bls_model *m, const char *soc, const char *title, bls_metric metric,
                     bls_period period, bls_number value, const char *path, uint64_t line)
{
    bls_fact f;
    memset(&f, 0, sizeof f);
    f.metric = metric;
    f.period = period;
    f.value = value;
    f.path = path;
    f.line = line;
    assert_int_equal(bls_model_add_fact(m, soc, title, BLS_GROUP_DETAILED, &f), BLS_OK);
}

static void add_value(bls_model *m, const char *soc, const char *title, bls_metric metric,
                      bls_period period, int64_t scaled, unsigned decimals, const char *path,
                      uint64_t line)
{
    add_fact(m, soc, title, metric, period, bls_number_make(scaled, decimals), path, line);
}

/* REAL BLS figures: the seed article's five occupations. */
static void add_real_figures(bls_model *m)
{
    static const struct {
        const char *soc, *title;
        int64_t median_2014;
        int64_t change_pct; /* -1: the article quotes none */
        uint64_t oes_line, ep_line;
    } rows[] = {
        {"29-2053", "Psychiatric Technicians", 31130, 5, 2, 4},
        {"29-2054", "Respiratory Therapy Technicians", 47810, -1, 3, 5},
        {"29-2071", "Medical Records and Health Information Technicians", 35900, 22, 4, 6},
        {"31-2011", "Occupational Therapy Assistants", 56950, -1, 5, 7},
        {"31-2021", "Physical Therapist Assistants", 54410, 41, 6, 8},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        add_value(m, rows[i].soc, rows[i].title, BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014,
                  rows[i].median_2014, 0, OES_2014, rows[i].oes_line);
        if (rows[i].change_pct >= 0)
            add_value(m, rows[i].soc, rows[i].title, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, ep_2012_22,
                      rows[i].change_pct, 0, EP_2012, rows[i].ep_line);
    }
}

static bls_model *real_model(void)
{
    bls_model *m = bls_model_new();
    assert_non_null(m);
    add_real_figures(m);
    bls_model_finish(m);
    return m;
}

/* ---- helpers: claims ---------------------------------------------------- */

/* Push a claim; @p period may be "" (none), @p soc "" (resolve the name). */
static void add_claim(bls_claims *list, const char *occupation, const char *soc, bls_metric metric,
                      const char *period, const char *claimed, uint64_t line)
{
    bls_claim c;
    memset(&c, 0, sizeof c);
    c.document = "doc.txt";
    c.line = line;
    c.input_path = "claims.csv";
    c.input_line = line + 100; /* distinct from the document line on purpose */
    c.occupation = (char *)occupation;
    snprintf(c.soc_code, sizeof c.soc_code, "%s", soc);
    c.metric = metric;
    if (period[0])
        assert_int_equal(bls_period_parse(period, strlen(period), &c.period), BLS_OK);
    c.claimed_text = (char *)claimed;
    c.claimed = bls_cell_parse(claimed, strlen(claimed));
    c.quote = "";
    c.origin = BLS_ORIGIN_CSV;
    assert_int_equal(bls_claims_push(list, &c), BLS_OK);
}

/* Run the cross-check on one claim and return its check (copied). */
typedef struct one_check {
    bls_check check;
    bls_claims claims;
    bls_checks checks;
} one_check;

static void check_one(one_check *o, const bls_model *m, const char *occupation, const char *soc,
                      bls_metric metric, const char *period, const char *claimed)
{
    bls_claims_init(&o->claims);
    add_claim(&o->claims, occupation, soc, metric, period, claimed, 1);
    assert_int_equal(bls_crosscheck(m, &o->claims, NULL, &o->checks), BLS_OK);
    assert_int_equal(o->checks.count, 1);
    o->check = o->checks.items[0];
    assert_ptr_equal(o->check.claim, &o->claims.items[0]);
    assert_int_equal(o->checks.by_verdict[o->check.verdict], 1);
}

static void one_check_cleanup(one_check *o)
{
    bls_checks_cleanup(&o->checks);
    bls_claims_cleanup(&o->claims);
}

static void assert_note_has(const bls_check *k, const char *words)
{
    if (!strstr(k->note, words))
        fail_msg("note \"%s\" lacks \"%s\"", k->note, words);
}

static void assert_number(bls_number n, int64_t scaled, unsigned decimals)
{
    assert_int_equal(n.state, BLS_CELL_VALUE);
    if (n.scaled != scaled || n.decimals != decimals)
        fail_msg("number %lld/%u, want %lld/%u", (long long)n.scaled, (unsigned)n.decimals,
                 (long long)scaled, decimals);
}

/* ---- names ---------------------------------------------------------------- */

static void test_verdict_names_are_the_contract_words(void **state)
{
    (void)state;
    static const char *const want[BLS_VERDICT_COUNT] = {"match",   "rounding", "mismatch",
                                                        "missing", "stale",    "ambiguous"};
    for (int v = 0; v < BLS_VERDICT_COUNT; v++)
        assert_string_equal(bls_verdict_name((bls_verdict)v), want[v]);
    assert_string_equal(bls_verdict_name(BLS_VERDICT_COUNT), "unknown");
}

/* ---- match / mismatch ------------------------------------------------------ */

static void test_article_wage_matches_the_data(void **state)
{
    (void)state;
    bls_model *m = real_model();
    one_check o;
    check_one(&o, m, "Physical Therapy Assistant", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "May 2014", "$54,410");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MATCH);
    assert_string_equal(o.check.soc_code, "31-2021");
    assert_string_equal(o.check.title, "Physical Therapist Assistants");
    assert_number(o.check.actual, 54410, 0);
    assert_int_equal(o.check.actual_period.year_from, 2014);
    assert_int_equal(o.check.actual_period.month, 5);
    assert_int_equal(o.check.difference.state, BLS_CELL_EMPTY);
    assert_int_equal(o.check.latest.state, BLS_CELL_EMPTY);
    assert_int_equal(o.check.disagrees_with, -1);
    assert_string_equal(o.check.note, "data: $54,410 (May 2014, " OES_2014 ":6)");
    one_check_cleanup(&o);
    bls_model_free(m);
}

static void test_altered_wage_is_a_mismatch_with_its_difference(void **state)
{
    (void)state;
    bls_model *m = real_model();
    one_check o;
    check_one(&o, m, "Physical Therapy Assistant", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "May 2014", "$54,400");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MISMATCH);
    assert_number(o.check.actual, 54410, 0);
    assert_number(o.check.difference, -10, 0);
    assert_string_equal(o.check.note,
                        "claimed $54,400, data $54,410 (May 2014, " OES_2014 ":6): off by -$10");
    one_check_cleanup(&o);

    check_one(&o, m, "occupational therapy assistants", "31-2011", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "May 2014", "$56,590");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MISMATCH);
    assert_number(o.check.difference, -360, 0);
    assert_note_has(&o.check, "off by -$360");
    one_check_cleanup(&o);

    /* a higher claim gives a positive difference, cents at the finer precision */
    check_one(&o, m, "psychiatric technicians", "29-2053", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "2014",
              "$31,130.50");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MISMATCH);
    assert_number(o.check.difference, 50, 2);
    assert_note_has(&o.check, "off by +$0.50");
    one_check_cleanup(&o);
    bls_model_free(m);
}

static void test_article_percent_matches_and_a_changed_one_does_not(void **state)
{
    (void)state;
    bls_model *m = real_model();
    one_check o;
    check_one(&o, m, "medical records and health information techs", "29-2071",
              BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "2012-2022", "22%");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MATCH);
    assert_string_equal(o.check.note, "data: 22% (2012-2022, " EP_2012 ":6)");
    one_check_cleanup(&o);

    check_one(&o, m, "medical records and health information techs", "29-2071",
              BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "2012-2022", "25%");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MISMATCH);
    assert_number(o.check.difference, 3, 0);
    assert_note_has(&o.check, "claimed 25%, data 22%");
    assert_note_has(&o.check, "off by +3 percentage points");
    one_check_cleanup(&o);
    bls_model_free(m);
}

static void test_trailing_zero_decimals_still_match(void **state)
{
    (void)state;
    bls_model *m = real_model();
    one_check o;
    check_one(&o, m, "physical therapy assistants", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "May 2014", "$54,410.00");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MATCH);
    one_check_cleanup(&o);
    bls_model_free(m);
}

/* ---- rounding ------------------------------------------------------------ */

/* SYNTHETIC one-decimal percents: EP tables publish one decimal, but these
 * values are made up to test rounding. */
static bls_model *rounding_model(void)
{
    bls_model *m = bls_model_new();
    assert_non_null(m);
    add_value(m, "31-2021", "Physical Therapist Assistants", BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
              ep_2012_22, 409, 1, "synthetic_ep.csv", 4);
    add_value(m, "29-2053", "Psychiatric Technicians", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, ep_2012_22,
              52, 1, "synthetic_ep.csv", 5);
    add_value(m, "29-2071", "Medical Records and Health Information Technicians",
              BLS_METRIC_EMPLOYMENT_CHANGE_PCT, ep_2012_22, 55, 1, "synthetic_ep.csv", 6);
    add_value(m, "31-2011", "Occupational Therapy Assistants", BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
              ep_2012_22, -55, 1, "synthetic_ep.csv", 7);
    add_value(m, "29-2054", "Respiratory Therapy Technicians", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              may_2014, 4781049, 2, "synthetic_oes.csv", 8);
    bls_model_finish(m);
    return m;
}

typedef struct rounding_case {
    const char *soc;
    bls_metric metric;
    const char *claimed;
    bls_verdict want;
    int64_t diff_scaled;
    unsigned diff_decimals;
} rounding_case;

static void test_rounding_table(void **state)
{
    (void)state;
    static const rounding_case cases[] = {
        /* 41% against 40.9: the document dropped the decimal */
        {"31-2021", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "41%", BLS_VERDICT_ROUNDING, 1, 1},
        {"31-2021", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "42%", BLS_VERDICT_MISMATCH, 11, 1},
        {"31-2021", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "40.9%", BLS_VERDICT_MATCH, 0, 0},
        {"31-2021", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "40.90%", BLS_VERDICT_MATCH, 0, 0},
        {"31-2021", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "40.8%", BLS_VERDICT_MISMATCH, -1, 1},
        /* 5% against 5.2 */
        {"29-2053", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "5%", BLS_VERDICT_ROUNDING, -2, 1},
        {"29-2053", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "6%", BLS_VERDICT_MISMATCH, 8, 1},
        /* half away from zero: 5.5 -> 6, -5.5 -> -6 */
        {"29-2071", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "6%", BLS_VERDICT_ROUNDING, 5, 1},
        {"29-2071", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "5%", BLS_VERDICT_MISMATCH, -5, 1},
        {"31-2011", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "-6%", BLS_VERDICT_ROUNDING, -5, 1},
        {"31-2011", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "-5%", BLS_VERDICT_MISMATCH, 5, 1},
        /* cents dropped: rounding; thousands dropped: not rounding */
        {"29-2054", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "$47,810", BLS_VERDICT_ROUNDING, -49, 2},
        {"29-2054", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "$47,800", BLS_VERDICT_MISMATCH, -1049, 2},
        {"29-2054", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "$48,000", BLS_VERDICT_MISMATCH, 18951, 2},
    };
    bls_model *m = rounding_model();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const rounding_case *c = &cases[i];
        one_check o;
        check_one(&o, m, "x", c->soc, c->metric, "", c->claimed);
        if (o.check.verdict != c->want)
            fail_msg("case %zu (%s): %s, want %s (%s)", i, c->claimed,
                     bls_verdict_name(o.check.verdict), bls_verdict_name(c->want), o.check.note);
        if (c->want == BLS_VERDICT_MATCH)
            assert_int_equal(o.check.difference.state, BLS_CELL_EMPTY);
        else
            assert_number(o.check.difference, c->diff_scaled, c->diff_decimals);
        if (c->want == BLS_VERDICT_ROUNDING)
            assert_note_has(&o.check, "equal at the claim's precision");
        one_check_cleanup(&o);
    }
    bls_model_free(m);
}

static void test_thousands_in_a_rounded_wage_are_a_mismatch(void **state)
{
    (void)state;
    bls_model *m = real_model();
    one_check o;
    check_one(&o, m, "physical therapy assistants", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "May 2014", "$54,000");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MISMATCH);
    assert_number(o.check.difference, -410, 0);
    one_check_cleanup(&o);
    bls_model_free(m);
}

/* ---- missing ---------------------------------------------------------------- */

static void test_unknown_occupation_is_missing(void **state)
{
    (void)state;
    bls_model *m = real_model();
    one_check o;
    check_one(&o, m, "Astronauts", "", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014", "$54,410");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MISSING);
    assert_string_equal(o.check.soc_code, "");
    assert_null(o.check.title);
    assert_int_equal(o.check.actual.state, BLS_CELL_EMPTY);
    assert_note_has(&o.check, "\"Astronauts\" matches no occupation");
    one_check_cleanup(&o);

    /* a SOC code the data lack, and a name that means nothing either */
    check_one(&o, m, "Astronauts", "99-9999", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014", "$1");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MISSING);
    assert_note_has(&o.check, "SOC 99-9999 is not in the data");
    one_check_cleanup(&o);

    /* the passing side: a SOC code in the data */
    check_one(&o, m, "Astronauts", "29-2053", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014", "$31,130");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MATCH);
    one_check_cleanup(&o);
    bls_model_free(m);
}

static void test_name_resolves_when_no_soc_code_is_given(void **state)
{
    (void)state;
    bls_model *m = real_model();
    one_check o;
    /* the BLS title itself */
    check_one(&o, m, "Psychiatric Technicians", "", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014",
              "$31,130");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MATCH);
    assert_string_equal(o.check.soc_code, "29-2053");
    one_check_cleanup(&o);

    /* the article's name for 31-2021 (an alias) */
    check_one(&o, m, "physical therapy assistants", "", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014",
              "$54,410");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MATCH);
    assert_string_equal(o.check.soc_code, "31-2021");
    one_check_cleanup(&o);

    /* a SOC code the data lack falls back to the name */
    check_one(&o, m, "Psychiatric Technicians", "29-9999", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "May 2014", "$31,130");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MATCH);
    assert_string_equal(o.check.soc_code, "29-2053");
    one_check_cleanup(&o);
    bls_model_free(m);
}

static void test_metric_the_data_lack_is_missing(void **state)
{
    (void)state;
    bls_model *m = real_model();
    one_check o;
    /* the article quotes no growth for occupational therapy assistants */
    check_one(&o, m, "occupational therapy assistants", "31-2011", BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
              "2012-2022", "43%");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MISSING);
    assert_string_equal(o.check.soc_code, "31-2011");
    assert_string_equal(o.check.title, "Occupational Therapy Assistants");
    assert_string_equal(o.check.note, "no Employment change, percent for 31-2011 Occupational "
                                      "Therapy Assistants in the data");
    one_check_cleanup(&o);

    check_one(&o, m, "physical therapy assistants", "31-2021", BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
              "2012-2022", "41%");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MATCH);
    one_check_cleanup(&o);
    bls_model_free(m);
}

static void test_period_with_only_earlier_data_is_missing(void **state)
{
    (void)state;
    bls_model *m = real_model();
    one_check o;
    check_one(&o, m, "physical therapy assistants", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "May 2016", "$56,000");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MISSING);
    assert_int_equal(o.check.actual.state, BLS_CELL_EMPTY);
    assert_int_equal(o.check.latest.state, BLS_CELL_EMPTY);
    assert_string_equal(o.check.note,
                        "no Median annual wage for May 2016 in the data; the data have May 2014");
    one_check_cleanup(&o);

    /* a year without a month finds the May estimate */
    check_one(&o, m, "physical therapy assistants", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "2014", "$54,410");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MATCH);
    one_check_cleanup(&o);
    bls_model_free(m);
}

/* SYNTHETIC: a top-coded wage ("#") for an occupation outside the article. */
static void test_top_coded_data_cannot_confirm_a_claim(void **state)
{
    (void)state;
    bls_model *m = bls_model_new();
    assert_non_null(m);
    bls_number top = {BLS_CELL_TOP_CODED, 0, 0, 0};
    bls_number na = {BLS_CELL_WAGE_NA, 0, 0, 0};
    add_fact(m, "29-1211", "Anesthesiologists", BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, top,
             "synthetic_oes.csv", 9);
    add_fact(m, "27-2011", "Actors", BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, na,
             "synthetic_oes.csv", 10);
    bls_model_finish(m);
    one_check o;
    check_one(&o, m, "anesthesiologists", "29-1211", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014",
              "$187,200");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MISSING);
    assert_int_equal(o.check.actual.state, BLS_CELL_TOP_CODED);
    assert_int_equal(o.check.difference.state, BLS_CELL_EMPTY);
    assert_note_has(&o.check, "data: top-coded at or above the cap");
    assert_note_has(&o.check, "claimed $187,200 cannot be checked");
    one_check_cleanup(&o);

    check_one(&o, m, "actors", "27-2011", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014", "$40,000");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MISSING);
    assert_int_equal(o.check.actual.state, BLS_CELL_WAGE_NA);
    assert_note_has(&o.check, "wage estimate not available");
    one_check_cleanup(&o);
    bls_model_free(m);
}

/* ---- stale -------------------------------------------------------------- */

/* The real May 2014 figures, or none, plus SYNTHETIC May 2023 medians. */
static bls_model *later_model(int with_2014)
{
    bls_model *m = bls_model_new();
    assert_non_null(m);
    if (with_2014)
        add_real_figures(m);
    add_value(m, "31-2021", "Physical Therapist Assistants", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              may_2023, 60000, 0, SYNTHETIC_2023, 6);
    add_value(m, "29-2053", "Psychiatric Technicians", BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2023,
              40000, 0, SYNTHETIC_2023, 2);
    bls_model_finish(m);
    return m;
}

static void test_claim_older_than_the_data_is_stale(void **state)
{
    (void)state;
    bls_model *m = later_model(0);
    one_check o;
    check_one(&o, m, "physical therapy assistants", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "May 2014", "$54,410");
    assert_int_equal(o.check.verdict, BLS_VERDICT_STALE);
    assert_int_equal(o.check.actual.state, BLS_CELL_EMPTY);
    assert_number(o.check.latest, 60000, 0);
    assert_int_equal(o.check.latest_period.year_from, 2023);
    assert_int_equal(o.check.latest_period.month, 5);
    assert_string_equal(o.check.note,
                        "stale: claim May 2014 $54,410; data May 2023 $60,000 (" SYNTHETIC_2023
                        ":6)");
    assert_int_equal(o.check.claim->claimed.scaled, 54410);
    one_check_cleanup(&o);

    /* a year-only claim is stale too */
    check_one(&o, m, "psychiatric technicians", "29-2053", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "2014",
              "$31,130");
    assert_int_equal(o.check.verdict, BLS_VERDICT_STALE);
    assert_number(o.check.latest, 40000, 0);
    one_check_cleanup(&o);
    bls_model_free(m);
}

static void test_right_for_its_period_but_later_data_is_stale_with_both_values(void **state)
{
    (void)state;
    bls_model *m = later_model(1);
    one_check o;
    check_one(&o, m, "physical therapy assistants", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "May 2014", "$54,410");
    assert_int_equal(o.check.verdict, BLS_VERDICT_STALE);
    assert_number(o.check.actual, 54410, 0);
    assert_int_equal(o.check.actual_period.year_from, 2014);
    assert_number(o.check.latest, 60000, 0);
    assert_int_equal(o.check.latest_period.year_from, 2023);
    assert_non_null(strstr(o.check.note, "stale"));
    one_check_cleanup(&o);

    /* a figure wrong for its own period stays a mismatch */
    check_one(&o, m, "physical therapy assistants", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "May 2014", "$54,400");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MISMATCH);
    assert_number(o.check.actual, 54410, 0);
    one_check_cleanup(&o);
    bls_model_free(m);
}

static void test_claim_without_period_is_compared_with_the_latest(void **state)
{
    (void)state;
    bls_model *m = later_model(1);
    one_check o;
    check_one(&o, m, "physical therapy assistants", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "",
              "$60,000");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MATCH);
    assert_int_equal(o.check.actual_period.year_from, 2023);
    one_check_cleanup(&o);

    check_one(&o, m, "physical therapy assistants", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "",
              "$54,410");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MISMATCH);
    assert_number(o.check.actual, 60000, 0);
    assert_number(o.check.difference, -5590, 0);
    one_check_cleanup(&o);
    bls_model_free(m);
}

/* ---- ambiguous ------------------------------------------------------------ */

static void test_name_of_several_occupations_is_ambiguous(void **state)
{
    (void)state;
    bls_model *m = real_model();
    one_check o;
    /* contained in two BLS titles: Occupational Therapy Assistants and, by
     * the alias table, physical/respiratory therapy assistants */
    check_one(&o, m, "therapy assistants", "", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014",
              "$54,410");
    assert_int_equal(o.check.verdict, BLS_VERDICT_AMBIGUOUS);
    assert_string_equal(o.check.soc_code, "");
    assert_null(o.check.title);
    assert_int_equal(o.check.actual.state, BLS_CELL_EMPTY);
    assert_note_has(&o.check, "\"therapy assistants\" matches");
    assert_note_has(&o.check, "31-2011 Occupational Therapy Assistants");
    assert_note_has(&o.check, "31-2021 Physical Therapist Assistants");
    one_check_cleanup(&o);

    /* the passing side: a full name is one occupation */
    check_one(&o, m, "occupational therapy assistants", "", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "May 2014", "$56,950");
    assert_int_equal(o.check.verdict, BLS_VERDICT_MATCH);
    assert_string_equal(o.check.soc_code, "31-2011");
    one_check_cleanup(&o);
    bls_model_free(m);
}

/* ---- several claims ---------------------------------------------------------- */

static void test_disagreeing_quotes_of_one_fact_point_at_each_other(void **state)
{
    (void)state;
    bls_model *m = real_model();
    bls_findings *findings = bls_findings_new(100);
    assert_non_null(findings);
    bls_claims claims;
    bls_claims_init(&claims);
    add_claim(&claims, "Medical Records and Health Information Technician", "29-2071",
              BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "2012-2022", "22%", 11);
    add_claim(&claims, "physical therapy assistants", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "May 2014", "$54,410", 34);
    add_claim(&claims, "medical records and health information techs", "",
              BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "2012-2022", "25%", 60);
    bls_checks checks;
    assert_int_equal(bls_crosscheck(m, &claims, findings, &checks), BLS_OK);
    assert_int_equal(checks.count, 3);
    assert_int_equal(checks.items[0].verdict, BLS_VERDICT_MATCH);
    assert_int_equal(checks.items[2].verdict, BLS_VERDICT_MISMATCH);
    assert_int_equal(checks.items[0].disagrees_with, 2);
    assert_int_equal(checks.items[2].disagrees_with, 0);
    assert_int_equal(checks.items[1].disagrees_with, -1);
    assert_note_has(&checks.items[0], "; doc.txt:60 quotes 25%");
    assert_int_equal(checks.by_verdict[BLS_VERDICT_MATCH], 2);
    assert_int_equal(checks.by_verdict[BLS_VERDICT_MISMATCH], 1);

    assert_int_equal(bls_findings_count(findings), 2);
    const bls_finding *first = bls_findings_at(findings, 0);
    const bls_finding *second = bls_findings_at(findings, 1);
    assert_int_equal(first->rule, BLS_RULE_CLAIM_DISAGREE);
    assert_int_equal(second->rule, BLS_RULE_CLAIM_DISAGREE);
    assert_string_equal(first->path, "claims.csv");
    assert_int_equal(first->column, 0);
    /* each finding sits at its own claim's input line and names both lines */
    uint64_t lines[2] = {first->line, second->line};
    assert_true((lines[0] == 111 && lines[1] == 160) || (lines[0] == 160 && lines[1] == 111));
    for (size_t i = 0; i < 2; i++) {
        const char *msg = bls_findings_at(findings, i)->message;
        if (!strstr(msg, "doc.txt:11") || !strstr(msg, "doc.txt:60"))
            fail_msg("finding \"%s\" does not name both lines", msg);
    }
    bls_checks_cleanup(&checks);
    bls_claims_cleanup(&claims);
    bls_findings_free(findings);
    bls_model_free(m);
}

static void test_same_figure_quoted_twice_is_two_checks_and_no_finding(void **state)
{
    (void)state;
    bls_model *m = real_model();
    bls_findings *findings = bls_findings_new(100);
    bls_claims claims;
    bls_claims_init(&claims);
    add_claim(&claims, "Physical Therapy Assistant", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "May 2014", "$54,410", 12);
    add_claim(&claims, "physical therapy assistants", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "2014", "$54,410", 34);
    bls_checks checks;
    assert_int_equal(bls_crosscheck(m, &claims, findings, &checks), BLS_OK);
    assert_int_equal(checks.count, 2);
    assert_int_equal(checks.by_verdict[BLS_VERDICT_MATCH], 2);
    assert_int_equal(checks.items[0].disagrees_with, -1);
    assert_int_equal(checks.items[1].disagrees_with, -1);
    assert_int_equal(bls_findings_count(findings), 0);
    bls_checks_cleanup(&checks);
    bls_claims_cleanup(&claims);
    bls_findings_free(findings);
    bls_model_free(m);
}

static void test_quotes_that_round_alike_agree_and_year_only_is_the_same_fact(void **state)
{
    (void)state;
    bls_model *m = rounding_model(); /* SYNTHETIC 40.9 for 31-2021 */
    bls_findings *findings = bls_findings_new(100);
    bls_claims claims;
    bls_claims_init(&claims);
    add_claim(&claims, "a", "31-2021", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "2012-2022", "41%", 1);
    add_claim(&claims, "b", "31-2021", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "2012-22", "40.9%", 2);
    bls_checks checks;
    assert_int_equal(bls_crosscheck(m, &claims, findings, &checks), BLS_OK);
    assert_int_equal(checks.items[0].verdict, BLS_VERDICT_ROUNDING);
    assert_int_equal(checks.items[1].verdict, BLS_VERDICT_MATCH);
    assert_int_equal(checks.items[0].disagrees_with, -1);
    assert_int_equal(bls_findings_count(findings), 0);
    bls_checks_cleanup(&checks);
    bls_claims_cleanup(&claims);
    bls_findings_free(findings);
    bls_model_free(m);

    /* stale quotes ("2014" and "May 2014") of one fact that disagree */
    m = later_model(0);
    findings = bls_findings_new(100);
    bls_claims_init(&claims);
    add_claim(&claims, "a", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "2014", "$54,410", 1);
    add_claim(&claims, "b", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014", "$54,140", 2);
    add_claim(&claims, "c", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2015", "$54,140", 3);
    assert_int_equal(bls_crosscheck(m, &claims, findings, &checks), BLS_OK);
    assert_int_equal(checks.by_verdict[BLS_VERDICT_STALE], 3);
    assert_int_equal(checks.items[0].disagrees_with, 1);
    assert_int_equal(checks.items[1].disagrees_with, 0);
    assert_int_equal(checks.items[2].disagrees_with, -1); /* another year: another fact */
    assert_int_equal(bls_findings_count(findings), 2);
    bls_checks_cleanup(&checks);
    bls_claims_cleanup(&claims);
    bls_findings_free(findings);
    bls_model_free(m);
}

static void test_many_quotes_of_one_fact_each_find_a_partner(void **state)
{
    (void)state;
    bls_model *m = real_model();
    bls_findings *findings = bls_findings_new(100000);
    bls_claims claims;
    bls_claims_init(&claims);
    /* 3,000 quotes of one fact; one of them differs */
    for (uint64_t i = 0; i < 3000; i++)
        add_claim(&claims, "x", "29-2053", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014",
                  i == 1500 ? "$31,000" : "$31,130", i + 1);
    bls_checks checks;
    assert_int_equal(bls_crosscheck(m, &claims, findings, &checks), BLS_OK);
    assert_int_equal(checks.by_verdict[BLS_VERDICT_MATCH], 2999);
    assert_int_equal(checks.by_verdict[BLS_VERDICT_MISMATCH], 1);
    assert_int_equal(bls_findings_count(findings), 3000);
    assert_int_equal(checks.items[7].disagrees_with, 1500);
    assert_int_equal(checks.items[1500].disagrees_with, 0); /* the first of the other value */
    bls_checks_cleanup(&checks);
    bls_claims_cleanup(&claims);
    bls_findings_free(findings);
    bls_model_free(m);
}

static void test_no_claims_and_no_model(void **state)
{
    (void)state;
    bls_claims claims;
    bls_claims_init(&claims);
    bls_checks checks;
    assert_int_equal(bls_crosscheck(NULL, &claims, NULL, &checks), BLS_OK);
    assert_int_equal(checks.count, 0);
    bls_checks_cleanup(&checks);
    add_claim(&claims, "psychiatric technicians", "29-2053", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
              "May 2014", "$31,130", 46);
    assert_int_equal(bls_crosscheck(NULL, &claims, NULL, &checks), BLS_OK);
    assert_int_equal(checks.items[0].verdict, BLS_VERDICT_MISSING);
    bls_checks_cleanup(&checks);
    bls_checks_cleanup(NULL);
    assert_int_equal(bls_crosscheck(NULL, NULL, NULL, &checks), BLS_ERR_INVALID_ARG);
    bls_claims_cleanup(&claims);
}

static void test_crosscheck_allocation_failures_leave_nothing(void **state)
{
    (void)state;
    bls_model *m = real_model();
    bls_claims claims;
    bls_claims_init(&claims);
    add_claim(&claims, "a", "29-2071", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "2012-2022", "22%", 11);
    add_claim(&claims, "b", "29-2071", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, "2012-2022", "25%", 60);
    add_claim(&claims, "c", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, "May 2014", "$54,410", 12);
    int succeeded = 0, fired = 1;
    for (long n = 0; n < 100000 && fired; n++) {
        bls_findings *findings = bls_findings_new(100);
        assert_non_null(findings);
        bls_checks checks;
        sweep_fail_after(n);
        bls_status st = bls_crosscheck(m, &claims, findings, &checks);
        fired = sweep_end_run();
        if (st == BLS_OK) {
            assert_int_equal(checks.count, 3);
            assert_int_equal(checks.items[0].disagrees_with, 1);
            assert_int_equal(bls_findings_count(findings), 2);
            assert_string_equal(checks.items[2].note, "data: $54,410 (May 2014, " OES_2014 ":6)");
            succeeded = 1;
        } else {
            assert_int_equal(st, BLS_ERR_NOMEM);
            assert_null(checks.items);
            assert_null(checks.notes); /* the words' pool is freed too */
            assert_int_equal(checks.count, 0);
        }
        bls_checks_cleanup(&checks);
        bls_findings_free(findings);
    }
    assert_true(succeeded);
    bls_claims_cleanup(&claims);
    bls_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdict_names_are_the_contract_words),
        cmocka_unit_test(test_article_wage_matches_the_data),
        cmocka_unit_test(test_altered_wage_is_a_mismatch_with_its_difference),
        cmocka_unit_test(test_article_percent_matches_and_a_changed_one_does_not),
        cmocka_unit_test(test_trailing_zero_decimals_still_match),
        cmocka_unit_test(test_rounding_table),
        cmocka_unit_test(test_thousands_in_a_rounded_wage_are_a_mismatch),
        cmocka_unit_test(test_unknown_occupation_is_missing),
        cmocka_unit_test(test_name_resolves_when_no_soc_code_is_given),
        cmocka_unit_test(test_metric_the_data_lack_is_missing),
        cmocka_unit_test(test_period_with_only_earlier_data_is_missing),
        cmocka_unit_test(test_top_coded_data_cannot_confirm_a_claim),
        cmocka_unit_test(test_claim_older_than_the_data_is_stale),
        cmocka_unit_test(test_right_for_its_period_but_later_data_is_stale_with_both_values),
        cmocka_unit_test(test_claim_without_period_is_compared_with_the_latest),
        cmocka_unit_test(test_name_of_several_occupations_is_ambiguous),
        cmocka_unit_test(test_disagreeing_quotes_of_one_fact_point_at_each_other),
        cmocka_unit_test(test_same_figure_quoted_twice_is_two_checks_and_no_finding),
        cmocka_unit_test(test_quotes_that_round_alike_agree_and_year_only_is_the_same_fact),
        cmocka_unit_test(test_many_quotes_of_one_fact_each_find_a_partner),
        cmocka_unit_test(test_no_claims_and_no_model),
        cmocka_unit_test(test_crosscheck_allocation_failures_leave_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
