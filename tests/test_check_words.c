/*
 * test_check_words.c - unit tests for check_words.c: a verdict's sentence
 * from the check's fields alone.
 *
 * Every case of bls_verdict_case is a check built by hand (no model, no
 * cross-check) and its exact sentence; then the additions (stale too, the
 * best explanation, the other quote), a note far longer than the 511 bytes
 * notes were once cut at, the finding of two quotes that disagree, the
 * errors (bad arguments, the buffer's limit, allocation failures), and the
 * cross-check setting the case and keeping the words whole.
 *
 * Figures: $54,410 (31-2021, May 2014) and 41% (2012-22) are REAL BLS
 * figures quoted by the seed article; every other figure is SYNTHETIC.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/alloc_internal.h"
#include "blsreport/base/alloc.h"
#include "blsreport/base/diag.h"
#include "blsreport/base/dynbuf.h"
#include "blsreport/check/check_words.h"
#include "blsreport/check/crosscheck.h"
#include "blsreport/check/model.h"

static const bls_period may_2010 = {2010, 2010, 5};
static const bls_period may_2014 = {2014, 2014, 5};
static const bls_period may_2015 = {2015, 2015, 5};
static const bls_period ep_2012_22 = {2012, 2022, 0};

/* ---- helpers -------------------------------------------------------------- */

/* A claim as a claims CSV row gives it. */
static bls_claim claim_of(const char *occupation, const char *soc, bls_metric metric,
                          bls_period period, const char *claimed)
{
    bls_claim c;
    memset(&c, 0, sizeof c);
    c.document = (char *)"articles/doc.txt";
    c.line = 12;
    c.input_path = (char *)"claims.csv";
    c.input_line = 3;
    c.occupation = (char *)occupation;
    snprintf(c.soc_code, sizeof c.soc_code, "%s", soc);
    c.metric = metric;
    c.period = period;
    c.claimed_text = (char *)claimed;
    c.claimed = bls_cell_parse(claimed, strlen(claimed));
    c.quote = (char *)"";
    return c;
}

static bls_fact fact_of(bls_metric metric, bls_period period, bls_number value, const char *path,
                        uint64_t line)
{
    bls_fact f;
    memset(&f, 0, sizeof f);
    f.metric = metric;
    f.period = period;
    f.value = value;
    f.path = path;
    f.line = line;
    return f;
}

/* A check of @p claim in @p verdict_case, compared with @p fact (may be NULL). */
static bls_check check_of(const bls_claim *claim, bls_verdict verdict, bls_verdict_case how,
                          const bls_fact *fact)
{
    bls_check k;
    memset(&k, 0, sizeof k);
    k.claim = claim;
    k.verdict = verdict;
    k.verdict_case = how;
    k.disagrees_with = -1;
    k.actual.state = k.difference.state = k.latest.state = BLS_CELL_EMPTY;
    if (fact) {
        k.fact = fact;
        k.actual = fact->value;
        k.actual_period = fact->period;
    }
    return k;
}

static void set_occupation(bls_check *k, const char *soc, const char *title)
{
    snprintf(k->soc_code, sizeof k->soc_code, "%s", soc);
    k->title = title;
}

/* The words of @p k, compared whole with @p want. */
static void assert_words(const bls_check *k, const char *want)
{
    bls_dynbuf b;
    bls_dynbuf_init(&b, 1 << 20);
    assert_int_equal(bls_check_describe(k, &b), BLS_OK);
    assert_non_null(b.data);
    assert_string_equal(b.data, want);
    assert_int_equal(b.len, strlen(want));
    bls_dynbuf_cleanup(&b);
}

#define OES "/data/oes_national_M2014_dl.csv"
#define EP "/data/ep_occupational_projections_2012-22.csv"

/* ---- one case each --------------------------------------------------------- */

static void test_equal_says_the_data_value_and_its_source(void **state)
{
    (void)state;
    bls_claim c = claim_of("Physical Therapy Assistant", "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
                           may_2014, "$54,410");
    bls_fact f =
        fact_of(BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, bls_number_make(54410, 0), OES, 6);
    bls_check k = check_of(&c, BLS_VERDICT_MATCH, BLS_CASE_EQUAL, &f);
    assert_words(&k, "data: $54,410 (May 2014, oes_national_M2014_dl.csv:6)");

    /* a worksheet is located by its cell, as an analyst opens it */
    bls_fact sheet = fact_of(BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, bls_number_make(54410, 0),
                             "/data/occupation_2012-22.xls:Table 1.2", 452);
    sheet.column = 8;
    k = check_of(&c, BLS_VERDICT_MATCH, BLS_CASE_EQUAL, &sheet);
    assert_words(&k, "data: $54,410 (May 2014, occupation_2012-22.xls:Table 1.2!H452)");

    /* a fact without a file says its period alone */
    bls_fact bare =
        fact_of(BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, bls_number_make(54410, 0), NULL, 0);
    k = check_of(&c, BLS_VERDICT_MATCH, BLS_CASE_EQUAL, &bare);
    assert_words(&k, "data: $54,410 (May 2014)");
}

static void test_equal_at_precision_says_both_values(void **state)
{
    (void)state;
    bls_claim c = claim_of("Physical Therapist Assistants", "31-2021",
                           BLS_METRIC_EMPLOYMENT_CHANGE_PCT, ep_2012_22, "41%");
    bls_fact f =
        fact_of(BLS_METRIC_EMPLOYMENT_CHANGE_PCT, ep_2012_22, bls_number_make(409, 1), EP, 8);
    bls_check k = check_of(&c, BLS_VERDICT_ROUNDING, BLS_CASE_EQUAL_AT_PRECISION, &f);
    k.difference = bls_number_make(1, 1);
    assert_words(&k, "claimed 41%, data 40.9% (2012-2022, "
                     "ep_occupational_projections_2012-22.csv:8): equal at the claim's precision");
}

static void test_off_by_says_the_signed_difference(void **state)
{
    (void)state;
    bls_claim c = claim_of("Physical Therapist Assistants", "31-2021",
                           BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, "$54,050");
    bls_fact f =
        fact_of(BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, bls_number_make(54410, 0), OES, 6);
    bls_check k = check_of(&c, BLS_VERDICT_MISMATCH, BLS_CASE_OFF_BY, &f);
    k.difference = bls_number_make(-360, 0);
    assert_words(&k, "claimed $54,050, data $54,410 (May 2014, oes_national_M2014_dl.csv:6): "
                     "off by -$360");

    /* percents differ by percentage points, a positive one signed */
    bls_claim pct = claim_of("Physical Therapist Assistants", "31-2021",
                             BLS_METRIC_EMPLOYMENT_CHANGE_PCT, ep_2012_22, "25%");
    bls_fact p =
        fact_of(BLS_METRIC_EMPLOYMENT_CHANGE_PCT, ep_2012_22, bls_number_make(22, 0), EP, 6);
    k = check_of(&pct, BLS_VERDICT_MISMATCH, BLS_CASE_OFF_BY, &p);
    k.difference = bls_number_make(3, 0);
    assert_words(&k,
                 "claimed 25%, data 22% (2012-2022, ep_occupational_projections_2012-22.csv:6): "
                 "off by +3 percentage points");

    /* a difference too large for 64 bits is not given */
    k.difference.state = BLS_CELL_EMPTY;
    assert_words(&k,
                 "claimed 25%, data 22% (2012-2022, ep_occupational_projections_2012-22.csv:6)");
}

static void test_marker_in_data_says_what_it_means(void **state)
{
    (void)state;
    bls_claim c =
        claim_of("Surgeons", "29-1067", BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, "$187,200");
    bls_number top = {BLS_CELL_TOP_CODED, 0, 0, 0};
    bls_fact f = fact_of(BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, top, OES, 40);
    bls_check k = check_of(&c, BLS_VERDICT_MISSING, BLS_CASE_MARKER_IN_DATA, &f);
    assert_words(&k,
                 "data: top-coded at or above the cap (\"#\"), no exact figure published "
                 "(May 2014, oes_national_M2014_dl.csv:40); claimed $187,200 cannot be checked");

    bls_number na = {BLS_CELL_WAGE_NA, 0, 0, 0};
    f.value = na;
    k = check_of(&c, BLS_VERDICT_MISSING, BLS_CASE_MARKER_IN_DATA, &f);
    assert_words(&k,
                 "data: wage estimate not available (\"*\") "
                 "(May 2014, oes_national_M2014_dl.csv:40); claimed $187,200 cannot be checked");
}

static void test_data_conflict_names_both_values_and_places(void **state)
{
    (void)state;
    bls_claim c = claim_of("Physical Therapist Assistants", "31-2021",
                           BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, "$50,000");
    bls_fact f =
        fact_of(BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, bls_number_make(54410, 0), OES, 6);
    f.conflict_value = bls_number_make(55000, 0); /* SYNTHETIC */
    f.conflict_path = "/other/synthetic_national_M2014_dl.csv";
    f.conflict_line = 9;
    bls_check k = check_of(&c, BLS_VERDICT_AMBIGUOUS, BLS_CASE_DATA_CONFLICT, &f);
    assert_words(&k,
                 "claimed $50,000; the data disagree: $54,410 (May 2014, "
                 "oes_national_M2014_dl.csv:6) but $55,000 (synthetic_national_M2014_dl.csv:9); "
                 "not checked (data-conflict)");
}

static void test_claim_not_a_number_quotes_it(void **state)
{
    (void)state;
    bls_claim c = claim_of("Physical Therapist Assistants", "31-2021",
                           BLS_METRIC_EMPLOYMENT_CHANGE_PCT, ep_2012_22, "about half");
    assert_int_not_equal(c.claimed.state, BLS_CELL_VALUE);
    bls_fact f =
        fact_of(BLS_METRIC_EMPLOYMENT_CHANGE_PCT, ep_2012_22, bls_number_make(41, 0), EP, 8);
    bls_check k = check_of(&c, BLS_VERDICT_MISSING, BLS_CASE_CLAIM_NOT_A_NUMBER, &f);
    assert_words(&k, "claimed \"about half\" is not a number; data: 41% (2012-2022, "
                     "ep_occupational_projections_2012-22.csv:8)");
}

static void test_no_metric_names_the_occupation(void **state)
{
    (void)state;
    bls_claim c = claim_of("Occupational Therapy Assistants", "31-2011",
                           BLS_METRIC_EMPLOYMENT_CHANGE_PCT, ep_2012_22, "43%");
    bls_check k = check_of(&c, BLS_VERDICT_MISSING, BLS_CASE_NO_METRIC, NULL);
    set_occupation(&k, "31-2011", "Occupational Therapy Assistants");
    assert_words(&k, "no Employment change, percent for 31-2011 Occupational Therapy Assistants "
                     "in the data");
    k.title = NULL;
    assert_words(&k, "no Employment change, percent for 31-2011 in the data");
}

static void test_no_period_lists_the_periods_the_data_have(void **state)
{
    (void)state;
    bls_claim c = claim_of("Physical Therapist Assistants", "31-2021",
                           BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2010, "$49,690");
    bls_fact facts[3] = {
        fact_of(BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, bls_number_make(54410, 0), OES, 6),
        fact_of(BLS_METRIC_EMPLOYMENT_CHANGE_PCT, ep_2012_22, bls_number_make(41, 0), EP, 8),
        fact_of(BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2015, bls_number_make(55170, 0), /* SYNTHETIC */
                "/data/synthetic_M2015.csv", 6),
    };
    bls_occupation occ = {
        "31-2021", "Physical Therapist Assistants", BLS_GROUP_DETAILED, NULL, facts, 3};
    bls_check k = check_of(&c, BLS_VERDICT_MISSING, BLS_CASE_NO_PERIOD, NULL);
    set_occupation(&k, "31-2021", occ.title);
    k.occupation = &occ;
    assert_words(&k, "no Median annual wage for May 2010 in the data; the data have May 2014, "
                     "May 2015");
}

static void test_only_a_later_period_is_stale_with_both_values(void **state)
{
    (void)state;
    bls_claim c = claim_of("Physical Therapist Assistants", "31-2021",
                           BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2010, "$49,690");
    bls_fact latest =
        fact_of(BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, bls_number_make(54410, 0), OES, 6);
    bls_check k = check_of(&c, BLS_VERDICT_STALE, BLS_CASE_ONLY_LATER_PERIOD, NULL);
    k.latest = latest.value;
    k.latest_period = latest.period;
    k.latest_fact = &latest;
    assert_words(&k, "stale: claim May 2010 $49,690; data May 2014 $54,410 "
                     "(oes_national_M2014_dl.csv:6)");
}

static void test_right_for_its_period_but_stale_says_the_later_value(void **state)
{
    (void)state;
    bls_claim c = claim_of("Physical Therapist Assistants", "31-2021",
                           BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, "$54,410");
    bls_fact f =
        fact_of(BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, bls_number_make(54410, 0), OES, 6);
    bls_fact later = fact_of(BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2015, bls_number_make(55170, 0),
                             "/data/synthetic_M2015.csv", 6); /* SYNTHETIC */
    bls_check k = check_of(&c, BLS_VERDICT_STALE, BLS_CASE_EQUAL, &f);
    k.latest = later.value;
    k.latest_period = later.period;
    k.latest_fact = &later;
    assert_words(&k, "data: $54,410 (May 2014, oes_national_M2014_dl.csv:6); stale: the data "
                     "also have May 2015 $55,170 (synthetic_M2015.csv:6)");
}

static const bls_candidate two_candidates[] = {
    {"31-2011", "Occupational Therapy Assistants"},
    {"31-2021", "Physical Therapist Assistants"},
};

static void test_a_name_matching_several_lists_the_candidates(void **state)
{
    (void)state;
    bls_claim c =
        claim_of("therapy assistants", "", BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, "$55,000");
    bls_check k = check_of(&c, BLS_VERDICT_AMBIGUOUS, BLS_CASE_NAME_MATCHES_SEVERAL, NULL);
    k.candidates = two_candidates;
    k.candidate_count = 2;
    assert_words(&k, "\"therapy assistants\" matches 2 occupations: 31-2011 Occupational Therapy "
                     "Assistants, 31-2021 Physical Therapist Assistants");

    /* a candidate the model lacks has no title; a SOC code given with the
     * name that the data lack is said last */
    static const bls_candidate untitled[] = {{"31-2011", "Occupational Therapy Assistants"},
                                             {"31-2099", NULL}};
    bls_claim given = claim_of("therapy assistants", "99-9999", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
                               may_2014, "$55,000");
    k = check_of(&given, BLS_VERDICT_AMBIGUOUS, BLS_CASE_NAME_MATCHES_SEVERAL, NULL);
    k.candidates = untitled;
    k.candidate_count = 2;
    assert_words(&k, "\"therapy assistants\" matches 2 occupations: 31-2011 Occupational Therapy "
                     "Assistants, 31-2099 (SOC 99-9999 is not in the data)");
}

static void test_a_name_meaning_a_code_the_data_lack(void **state)
{
    (void)state;
    bls_claim c = claim_of("Astronauts", "", BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, "$90,000");
    bls_check k = check_of(&c, BLS_VERDICT_MISSING, BLS_CASE_NAME_NOT_IN_DATA, NULL);
    set_occupation(&k, "53-2099", NULL);
    assert_words(&k, "\"Astronauts\" is 53-2099, which is not in the data");

    bls_claim given =
        claim_of("Astronauts", "99-9999", BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, "$90,000");
    k.claim = &given;
    assert_words(&k, "SOC 99-9999 is not in the data; \"Astronauts\" is 53-2099, which is not in "
                     "the data");
}

static void test_a_name_matching_nothing(void **state)
{
    (void)state;
    bls_claim c = claim_of("Astronauts", "", BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, "$90,000");
    bls_check k = check_of(&c, BLS_VERDICT_MISSING, BLS_CASE_NAME_MATCHES_NONE, NULL);
    assert_words(&k, "\"Astronauts\" matches no occupation in the data");

    bls_claim given =
        claim_of("Astronauts", "99-9999", BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, "$90,000");
    k.claim = &given;
    assert_words(&k, "SOC 99-9999 is not in the data; \"Astronauts\" matches no occupation in the "
                     "data");
}

/* ---- what follows the case ------------------------------------------------ */

static void test_the_best_explanation_ends_the_sentence(void **state)
{
    (void)state;
    /* the seed article's 5%: two occupations combined (REAL figures, 4.97%) */
    bls_claim c = claim_of("Psychiatric Technicians", "29-2053", BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
                           ep_2012_22, "5%");
    bls_fact f =
        fact_of(BLS_METRIC_EMPLOYMENT_CHANGE_PCT, ep_2012_22, bls_number_make(39, 1), EP, 4);
    bls_explanation e[2];
    memset(e, 0, sizeof e);
    e[0].kind = BLS_EXPLAIN_COMBINED;
    e[0].soc_count = 2;
    strcpy(e[0].soc_codes[0], "29-2053");
    strcpy(e[0].soc_codes[1], "31-1013");
    e[0].titles[0] = "Psychiatric Technicians";
    e[0].titles[1] = "Psychiatric Aides";
    e[0].metric = BLS_METRIC_EMPLOYMENT_CHANGE_PCT;
    e[0].period = ep_2012_22;
    e[0].value = bls_number_make(497, 2);
    e[0].fact = &f;
    e[1] = e[0]; /* only the best one is said */
    e[1].kind = BLS_EXPLAIN_GROUP;
    bls_check k = check_of(&c, BLS_VERDICT_MISMATCH, BLS_CASE_OFF_BY, &f);
    k.difference = bls_number_make(11, 1);
    k.explanations = e;
    k.explanation_count = 2;
    assert_words(&k,
                 "claimed 5%, data 3.9% (2012-2022, ep_occupational_projections_2012-22.csv:4): "
                 "off by +1.1 percentage points; 5% is 29-2053 Psychiatric Technicians and "
                 "31-1013 Psychiatric Aides combined (4.97%)");

    /* another period's figure, with its source */
    bls_fact before = fact_of(BLS_METRIC_MEDIAN_ANNUAL_WAGE, (bls_period){2013, 2013, 5},
                              bls_number_make(29880, 0), "/data/national_M2013_dl.csv", 564);
    bls_claim wage = claim_of("Psychiatric Technicians", "29-2053", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
                              may_2014, "$29,880");
    bls_fact now =
        fact_of(BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, bls_number_make(31130, 0), OES, 2);
    memset(e, 0, sizeof e);
    e[0].kind = BLS_EXPLAIN_OTHER_PERIOD;
    e[0].metric = BLS_METRIC_MEDIAN_ANNUAL_WAGE;
    e[0].period = before.period;
    e[0].value = before.value;
    e[0].fact = &before;
    k = check_of(&wage, BLS_VERDICT_MISMATCH, BLS_CASE_OFF_BY, &now);
    k.difference = bls_number_make(-1250, 0);
    k.explanations = e;
    k.explanation_count = 1;
    assert_words(&k, "claimed $29,880, data $31,130 (May 2014, oes_national_M2014_dl.csv:2): off "
                     "by -$1,250; $29,880 is the May 2013 median annual wage ($29,880, "
                     "national_M2013_dl.csv:564)");

    /* another metric: hourly x 2,080 */
    e[0].kind = BLS_EXPLAIN_OTHER_METRIC;
    e[0].metric = BLS_METRIC_MEDIAN_HOURLY_WAGE;
    e[0].period = may_2014;
    e[0].hours_factor = 2080;
    e[0].fact = &now;
    assert_words(&k, "claimed $29,880, data $31,130 (May 2014, oes_national_M2014_dl.csv:2): off "
                     "by -$1,250; $29,880 is the median hourly wage x 2,080 hours, not the median "
                     "annual wage ($29,880, oes_national_M2014_dl.csv:2)");
}

static void test_the_other_quote_ends_the_sentence(void **state)
{
    (void)state;
    bls_claim c = claim_of("Physical Therapist Assistants", "31-2021",
                           BLS_METRIC_EMPLOYMENT_CHANGE_PCT, ep_2012_22, "41%");
    bls_claim other = claim_of("Physical Therapist Assistants", "31-2021",
                               BLS_METRIC_EMPLOYMENT_CHANGE_PCT, ep_2012_22, "25%");
    other.line = 60;
    bls_fact f =
        fact_of(BLS_METRIC_EMPLOYMENT_CHANGE_PCT, ep_2012_22, bls_number_make(41, 0), EP, 8);
    bls_check k = check_of(&c, BLS_VERDICT_MATCH, BLS_CASE_EQUAL, &f);
    set_occupation(&k, "31-2021", "Physical Therapist Assistants");
    k.disagrees_with = 1;
    k.other_quote = &other;
    assert_words(&k, "data: 41% (2012-2022, ep_occupational_projections_2012-22.csv:8); "
                     "doc.txt:60 quotes 25%");

    bls_dynbuf b;
    bls_dynbuf_init(&b, 4096);
    assert_int_equal(bls_check_describe_disagreement(&k, &b), BLS_OK);
    assert_string_equal(b.data, "articles/doc.txt:12 quotes employment_change_pct of 31-2021 "
                                "(2012-2022) as 41%, but articles/doc.txt:60 quotes 25%");
    /* without a data value the claim's period is the one they share */
    bls_dynbuf_reset(&b);
    k.actual_period = (bls_period){0, 0, 0};
    c.period = may_2014;
    assert_int_equal(bls_check_describe_disagreement(&k, &b), BLS_OK);
    assert_string_equal(b.data, "articles/doc.txt:12 quotes employment_change_pct of 31-2021 "
                                "(May 2014) as 41%, but articles/doc.txt:60 quotes 25%");
    k.other_quote = NULL;
    assert_int_equal(bls_check_describe_disagreement(&k, &b), BLS_ERR_INVALID_ARG);
    bls_dynbuf_cleanup(&b);
}

/* ---- nothing cut ------------------------------------------------------------ */

static void test_a_note_longer_than_512_bytes_is_whole(void **state)
{
    (void)state;
    /* SYNTHETIC: eight candidates with long titles (the most a name keeps) */
    static const bls_candidate eight[] = {
        {"11-9199", "Managers, All Other, Including Those Not Listed Separately Anywhere"},
        {"13-1199", "Business Operations Specialists, All Other Than Those Listed Here"},
        {"15-1299", "Computer Occupations, All Other, Not Elsewhere Classified At All"},
        {"17-3029", "Engineering Technologists and Technicians, Except Drafters, All Other"},
        {"19-4099", "Life, Physical, and Social Science Technicians, All Other Kinds"},
        {"25-9099", "Educational Instruction and Library Workers, All Other Kinds Too"},
        {"29-9099", "Healthcare Practitioners and Technical Workers, All Other Kinds"},
        {"43-9199", "Office and Administrative Support Workers, All Other Kinds As Well"},
    };
    bls_claim c = claim_of("all other workers", "99-9999", BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014,
                           "$50,000");
    bls_claim other = claim_of("all other workers", "99-9999", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
                               may_2014, "$60,000");
    other.line = 99;
    bls_check k = check_of(&c, BLS_VERDICT_AMBIGUOUS, BLS_CASE_NAME_MATCHES_SEVERAL, NULL);
    k.candidates = eight;
    k.candidate_count = 8;
    k.other_quote = &other;
    static const char want[] =
        "\"all other workers\" matches 8 occupations: "
        "11-9199 Managers, All Other, Including Those Not Listed Separately Anywhere, "
        "13-1199 Business Operations Specialists, All Other Than Those Listed Here, "
        "15-1299 Computer Occupations, All Other, Not Elsewhere Classified At All, "
        "17-3029 Engineering Technologists and Technicians, Except Drafters, All Other, "
        "19-4099 Life, Physical, and Social Science Technicians, All Other Kinds, "
        "25-9099 Educational Instruction and Library Workers, All Other Kinds Too, "
        "29-9099 Healthcare Practitioners and Technical Workers, All Other Kinds, "
        "43-9199 Office and Administrative Support Workers, All Other Kinds As Well "
        "(SOC 99-9999 is not in the data); doc.txt:99 quotes $60,000";
    assert_true(sizeof want - 1 > 600); /* once cut at 511 bytes */
    assert_words(&k, want);
}

/* ---- errors ------------------------------------------------------------------ */

static void test_bad_arguments_the_limit_and_allocation_failures(void **state)
{
    (void)state;
    bls_claim c = claim_of("Physical Therapist Assistants", "31-2021",
                           BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, "$54,410");
    bls_fact f =
        fact_of(BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, bls_number_make(54410, 0), OES, 6);
    bls_check k = check_of(&c, BLS_VERDICT_MATCH, BLS_CASE_EQUAL, &f);
    static const char want[] = "data: $54,410 (May 2014, oes_national_M2014_dl.csv:6)";
    bls_dynbuf b;
    bls_dynbuf_init(&b, 1 << 20);
    assert_int_equal(bls_check_describe(NULL, &b), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_check_describe(&k, NULL), BLS_ERR_INVALID_ARG);
    bls_check no_fact = check_of(&c, BLS_VERDICT_MATCH, BLS_CASE_EQUAL, NULL);
    assert_int_equal(bls_check_describe(&no_fact, &b), BLS_ERR_INVALID_ARG);
    bls_check no_case = check_of(&c, BLS_VERDICT_MATCH, BLS_CASE_COUNT, &f);
    assert_int_equal(bls_check_describe(&no_case, &b), BLS_ERR_INVALID_ARG);
    bls_dynbuf_cleanup(&b);

    /* the limit is an error, never a cut sentence taken for a whole one */
    bls_dynbuf small;
    bls_dynbuf_init(&small, sizeof want - 2);
    assert_int_equal(bls_check_describe(&k, &small), BLS_ERR_LIMIT);
    bls_dynbuf_cleanup(&small);
    bls_dynbuf_init(&small, sizeof want - 1);
    assert_int_equal(bls_check_describe(&k, &small), BLS_OK);
    assert_string_equal(small.data, want);
    bls_dynbuf_cleanup(&small);

    /* appended after what the buffer holds */
    bls_dynbuf_init(&b, 1 << 20);
    assert_int_equal(bls_dynbuf_printf(&b, "%s", "1: "), BLS_OK);
    assert_int_equal(bls_check_describe(&k, &b), BLS_OK);
    assert_string_equal(b.data, "1: data: $54,410 (May 2014, oes_national_M2014_dl.csv:6)");
    bls_dynbuf_cleanup(&b);

    bls_dynbuf_init(&b, 1 << 20);
    bls_alloc_fail_after(0);
    assert_int_equal(bls_check_describe(&k, &b), BLS_ERR_NOMEM);
    bls_alloc_reset();
    bls_dynbuf_cleanup(&b);
}

/* ---- through the cross-check ------------------------------------------------ */

static void test_the_cross_check_sets_the_case_and_keeps_the_words(void **state)
{
    (void)state;
    bls_model *m = bls_model_new();
    assert_non_null(m);
    bls_fact facts[] = {
        fact_of(BLS_METRIC_MEDIAN_ANNUAL_WAGE, may_2014, bls_number_make(54410, 0), OES, 6),
        fact_of(BLS_METRIC_EMPLOYMENT_CHANGE_PCT, ep_2012_22, bls_number_make(409, 1), EP, 8),
    };
    for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++)
        assert_int_equal(bls_model_add_fact(m, "31-2021", "Physical Therapist Assistants",
                                            BLS_GROUP_DETAILED, &facts[i]),
                         BLS_OK);
    bls_model_finish(m);
    static const struct {
        const char *soc;
        bls_metric metric;
        bls_period period;
        const char *claimed;
        bls_verdict verdict;
        bls_verdict_case how;
        const char *words;
    } cases[] = {
        {"31-2021",
         BLS_METRIC_MEDIAN_ANNUAL_WAGE,
         {2014, 2014, 5},
         "$54,410",
         BLS_VERDICT_MATCH,
         BLS_CASE_EQUAL,
         "data: $54,410 (May 2014, oes_national_M2014_dl.csv:6); doc.txt:12 quotes $54,050"},
        {"31-2021",
         BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
         {2012, 2022, 0},
         "41%",
         BLS_VERDICT_ROUNDING,
         BLS_CASE_EQUAL_AT_PRECISION,
         "claimed 41%, data 40.9% (2012-2022, ep_occupational_projections_2012-22.csv:8): equal "
         "at the claim's precision"},
        {"31-2021",
         BLS_METRIC_MEDIAN_ANNUAL_WAGE,
         {2014, 2014, 5},
         "$54,050",
         BLS_VERDICT_MISMATCH,
         BLS_CASE_OFF_BY,
         "claimed $54,050, data $54,410 (May 2014, oes_national_M2014_dl.csv:6): off by -$360; "
         "doc.txt:10 quotes $54,410"},
        {"31-2021",
         BLS_METRIC_MEDIAN_ANNUAL_WAGE,
         {2010, 2010, 5},
         "$49,690",
         BLS_VERDICT_STALE,
         BLS_CASE_ONLY_LATER_PERIOD,
         "stale: claim May 2010 $49,690; data May 2014 $54,410 (oes_national_M2014_dl.csv:6)"},
        {"31-2021",
         BLS_METRIC_EMPLOYMENT,
         {2014, 2014, 5},
         "7,000",
         BLS_VERDICT_MISSING,
         BLS_CASE_NO_METRIC,
         "no Employment for 31-2021 Physical Therapist Assistants in the data"},
        {"31-2021",
         BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
         {2012, 2022, 0},
         "lots",
         BLS_VERDICT_MISSING,
         BLS_CASE_CLAIM_NOT_A_NUMBER,
         "claimed \"lots\" is not a number; data: 40.9% (2012-2022, "
         "ep_occupational_projections_2012-22.csv:8)"},
    };
    size_t n = sizeof cases / sizeof cases[0];
    bls_claims claims;
    bls_claims_init(&claims);
    for (size_t i = 0; i < n; i++) {
        bls_claim c = claim_of("Physical Therapist Assistants", cases[i].soc, cases[i].metric,
                               cases[i].period, cases[i].claimed);
        c.line = 10 + i;
        assert_int_equal(bls_claims_push(&claims, &c), BLS_OK);
    }
    bls_checks checks;
    bls_findings *findings = bls_findings_new(0);
    assert_non_null(findings);
    assert_int_equal(bls_crosscheck(m, &claims, findings, &checks), BLS_OK);
    assert_int_equal(checks.count, n);
    /* the two quotes of one wage that disagree: one finding each (lower value
     * first, as the quotes are sorted), in words */
    assert_int_equal(bls_findings_count(findings), 2);
    assert_string_equal(bls_findings_at(findings, 0)->message,
                        "articles/doc.txt:12 quotes median_annual_wage of 31-2021 (May 2014) as "
                        "$54,050, but articles/doc.txt:10 quotes $54,410");
    assert_string_equal(bls_findings_at(findings, 1)->message,
                        "articles/doc.txt:10 quotes median_annual_wage of 31-2021 (May 2014) as "
                        "$54,410, but articles/doc.txt:12 quotes $54,050");
    bls_findings_free(findings);
    for (size_t i = 0; i < n; i++) {
        const bls_check *k = &checks.items[i];
        if (k->verdict != cases[i].verdict || k->verdict_case != cases[i].how)
            fail_msg("case %zu: %s/%d, want %s/%d (%s)", i, bls_verdict_name(k->verdict),
                     (int)k->verdict_case, bls_verdict_name(cases[i].verdict), (int)cases[i].how,
                     k->note);
        assert_string_equal(k->note, cases[i].words);
        assert_words(k, cases[i].words); /* the note is the describe function's words */
        assert_ptr_equal(k->occupation, bls_model_find(m, "31-2021"));
    }
    /* the notes live in one pool the checks own */
    assert_ptr_equal(checks.items[0].note, checks.notes);
    bls_checks_cleanup(&checks);
    assert_null(checks.notes);
    bls_claims_cleanup(&claims);
    bls_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_says_the_data_value_and_its_source),
        cmocka_unit_test(test_equal_at_precision_says_both_values),
        cmocka_unit_test(test_off_by_says_the_signed_difference),
        cmocka_unit_test(test_marker_in_data_says_what_it_means),
        cmocka_unit_test(test_data_conflict_names_both_values_and_places),
        cmocka_unit_test(test_claim_not_a_number_quotes_it),
        cmocka_unit_test(test_no_metric_names_the_occupation),
        cmocka_unit_test(test_no_period_lists_the_periods_the_data_have),
        cmocka_unit_test(test_only_a_later_period_is_stale_with_both_values),
        cmocka_unit_test(test_right_for_its_period_but_stale_says_the_later_value),
        cmocka_unit_test(test_a_name_matching_several_lists_the_candidates),
        cmocka_unit_test(test_a_name_meaning_a_code_the_data_lack),
        cmocka_unit_test(test_a_name_matching_nothing),
        cmocka_unit_test(test_the_best_explanation_ends_the_sentence),
        cmocka_unit_test(test_the_other_quote_ends_the_sentence),
        cmocka_unit_test(test_a_note_longer_than_512_bytes_is_whole),
        cmocka_unit_test(test_bad_arguments_the_limit_and_allocation_failures),
        cmocka_unit_test(test_the_cross_check_sets_the_case_and_keeps_the_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
