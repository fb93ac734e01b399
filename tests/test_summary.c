/*
 * test_summary.c - unit tests for summary.c (the JSON summary for CI).
 *
 * Pipeline: crosscheck -> *summary*. A bls_report is built by hand (inputs,
 * findings, claims and checks filled in directly, outputs), turned into
 * JSON, and read back with json-c's own parser, so the tests check what a
 * CI script would see, not how the text is laid out.
 *
 * Figures are SYNTHETIC test values, except 54,410 (the May 2014 median
 * annual wage of 31-2021 that the seed article quotes, see LAYOUTS.md).
 *
 * Depends on: layout.c (bls_kind_name), cells.c (bls_number_format),
 * crosscheck.c (bls_verdict_name) and claims.c (bls_claim_origin_name).
 * Only test_claim_status_origin_and_verdict_counts_use_their_names needs the
 * last two; it fails while those files are stubs returning "".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "alloc_sweep.h"
#include "blsreport/base/alloc.h"
#include "blsreport/render/summary.h"

/* ---- the hand-built report ---------------------------------------------- */

/* Strings a claim owns are char *; keep writable copies here. */
static char doc_txt[] = "doc.txt";
static char claims_csv[] = "claims.csv";
static char occ_pta[] = "physical therapy assistants";
static char occ_unknown[] = "dog walkers";
static char text_54410[] = "$54,410";
static char text_409[] = "40.9%";
static char text_100[] = "100";
static char text_52000[] = "$52,000";
static char quote_pta[] = "Physical therapy assistants earned a median of $54,410.";
static char quote_empty[] = "";

enum { CLAIM_COUNT = 4 };

typedef struct fixture {
    bls_model *model;
    bls_findings *findings;
    bls_claim claim_items[CLAIM_COUNT];
    bls_claims claims;
    bls_claim unattributed_items[1];
    bls_claims unattributed;
    bls_check check_items[CLAIM_COUNT];
    bls_checks checks;
    bls_input_info inputs[3];
    bls_output_info outputs[2];
    bls_report report;
} fixture;

static bls_claim make_claim(char *occupation, const char *soc, bls_metric metric, bls_period period,
                            char *claimed_text, bls_number claimed, uint64_t line,
                            uint64_t input_line)
{
    bls_claim c;
    memset(&c, 0, sizeof c);
    c.document = doc_txt;
    c.line = line;
    c.input_path = claims_csv;
    c.input_line = input_line;
    c.occupation = occupation;
    snprintf(c.soc_code, sizeof c.soc_code, "%s", soc);
    c.metric = metric;
    c.period = period;
    c.claimed_text = claimed_text;
    c.claimed = claimed;
    c.quote = quote_empty;
    c.origin = BLS_ORIGIN_CSV;
    return c;
}

static bls_number empty_number(void)
{
    bls_number n;
    memset(&n, 0, sizeof n);
    return n;
}

static int setup_report(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    const bls_period may2014 = {2014, 2014, 5}, may2012 = {2012, 2012, 5};
    const bls_period span = {2012, 2022, 0}, none = {0, 0, 0};

    fx->model = bls_model_new();
    fx->findings = bls_findings_new(2); /* keeps 2: the third is only counted */
    if (!fx->model || !fx->findings)
        return -1;
    if (bls_findings_add(fx->findings, "wages.csv", 12, 1, BLS_RULE_SOC_FORMAT,
                         "code \"%s\" is not NN-NNNN", "29-11") != BLS_OK ||
        bls_findings_add(fx->findings, "ep.csv", 40, 3, BLS_RULE_EP_PERCENT, "%s",
                         "41.0 vs 40.9") != BLS_OK ||
        bls_findings_add(fx->findings, "ep.csv", 41, 3, BLS_RULE_TITLE_CONFLICT, "dropped") !=
            BLS_OK)
        return -1;

    /* 0: a match, integer dollars */
    fx->claim_items[0] = make_claim(occ_pta, "", BLS_METRIC_MEDIAN_ANNUAL_WAGE, may2014, text_54410,
                                    bls_number_make(54410, 0), 34, 2);
    fx->claim_items[0].quote = quote_pta;
    /* 1: a percent with one decimal, mismatching 41.0 */
    fx->claim_items[1] = make_claim(occ_pta, "31-2021", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, span,
                                    text_409, bls_number_make(409, 1), 35, 3);
    /* 2: missing: no SOC code, no data, no period */
    fx->claim_items[2] = make_claim(occ_unknown, "", BLS_METRIC_EMPLOYMENT, none, text_100,
                                    bls_number_make(100, 0), 0, 4);
    /* 3: stale: quotes May 2012, the data also hold May 2014 */
    fx->claim_items[3] = make_claim(occ_pta, "31-2021", BLS_METRIC_MEDIAN_ANNUAL_WAGE, may2012,
                                    text_52000, bls_number_make(52000, 0), 36, 5);
    fx->claims.items = fx->claim_items;
    fx->claims.count = fx->claims.capacity = CLAIM_COUNT;

    fx->unattributed_items[0] = make_claim(occ_unknown, "", BLS_METRIC_EMPLOYMENT, none, text_100,
                                           bls_number_make(100, 0), 0, 9);
    fx->unattributed_items[0].origin = BLS_ORIGIN_PROSE;
    fx->unattributed.items = fx->unattributed_items;
    fx->unattributed.count = fx->unattributed.capacity = 1;

    for (int i = 0; i < CLAIM_COUNT; i++) {
        bls_check *k = &fx->check_items[i];
        memset(k, 0, sizeof *k);
        k->claim = &fx->claim_items[i];
        k->disagrees_with = -1;
    }
    bls_check *k = &fx->check_items[0];
    k->verdict = BLS_VERDICT_MATCH;
    strcpy(k->soc_code, "31-2021");
    k->title = "Physical Therapist Assistants";
    k->actual = bls_number_make(54410, 0);
    k->actual_period = may2014;
    k->difference = bls_number_make(0, 0);
    k->note = "data: $54,410 (May 2014)";

    k = &fx->check_items[1];
    k->verdict = BLS_VERDICT_MISMATCH;
    strcpy(k->soc_code, "31-2021");
    k->title = "Physical Therapist Assistants";
    k->actual = bls_number_make(410, 1);
    k->actual_period = span;
    k->difference = bls_number_make(-1, 1);
    k->note = "data: 41.0% (2012-2022)";

    k = &fx->check_items[2];
    k->verdict = BLS_VERDICT_MISSING;
    k->actual = empty_number();
    k->difference = empty_number();
    k->note = "no occupation named \"dog walkers\"";

    k = &fx->check_items[3];
    k->verdict = BLS_VERDICT_STALE;
    strcpy(k->soc_code, "31-2021");
    k->title = "Physical Therapist Assistants";
    k->actual.state = BLS_CELL_TOP_CODED; /* a marker, not a value */
    k->actual_period = may2012;
    k->difference = empty_number();
    k->latest = bls_number_make(54410, 0);
    k->latest_period = may2014;
    k->disagrees_with = 0;

    fx->checks.items = fx->check_items;
    fx->checks.count = CLAIM_COUNT;
    fx->checks.by_verdict[BLS_VERDICT_MATCH] = 1;
    fx->checks.by_verdict[BLS_VERDICT_MISMATCH] = 1;
    fx->checks.by_verdict[BLS_VERDICT_MISSING] = 1;
    fx->checks.by_verdict[BLS_VERDICT_STALE] = 1;

    fx->inputs[0] = (bls_input_info){.path = "input/national_M2014_dl.csv",
                                     .kind = BLS_KIND_WAGES,
                                     .layout_name = "OEWS national",
                                     .period = may2014,
                                     .rows_read = 1090,
                                     .rows_accepted = 1089,
                                     .rows_rejected = 1,
                                     .rows_skipped = 1};
    fx->inputs[1] = (bls_input_info){.path = "input/ep_2012.csv",
                                     .kind = BLS_KIND_PROJECTIONS,
                                     .layout_name = "EP 2012-22",
                                     .period = span,
                                     .rows_read = 20,
                                     .rows_accepted = 20,
                                     .rows_skipped = 6};
    fx->inputs[2] = (bls_input_info){.path = "doc.txt",
                                     .kind = BLS_KIND_DOCUMENT,
                                     .layout_name = NULL,
                                     .period = none,
                                     .claims_found = 7};
    fx->outputs[0] = (bls_output_info){"out/report.xlsx", "xlsx"};
    fx->outputs[1] = (bls_output_info){"out/summary.json", "json"};

    fx->report.inputs = fx->inputs;
    fx->report.input_count = 3;
    fx->report.model = fx->model;
    fx->report.findings = fx->findings;
    fx->report.claims = &fx->claims;
    fx->report.unattributed = &fx->unattributed;
    fx->report.checks = &fx->checks;
    fx->report.outputs = fx->outputs;
    fx->report.output_count = 2;
    fx->report.source_date_epoch = -1;
    fx->report.version = "blsreport 9.8.7";
    *state = fx;
    return 0;
}

static int teardown_report(void **state)
{
    fixture *fx = *state;
    if (fx) {
        bls_model_free(fx->model);
        bls_findings_free(fx->findings);
        free(fx);
    }
    return 0;
}

/* ---- reading the JSON back ----------------------------------------------- */

/* Build the summary, parse it, return the root (caller puts); *text kept. */
static json_object *summary_of(const bls_report *r, int exit_code, char **text)
{
    char *json = NULL;
    assert_int_equal(bls_summary_json(r, exit_code, &json), BLS_OK);
    assert_non_null(json);
    json_object *root = json_tokener_parse(json);
    if (!root)
        fail_msg("summary is not valid JSON:\n%s", json);
    if (text)
        *text = json;
    else
        bls_free(json);
    return root;
}

static json_object *member(json_object *obj, const char *key)
{
    json_object *value = NULL;
    if (!json_object_object_get_ex(obj, key, &value))
        fail_msg("no \"%s\" in %s", key, json_object_to_json_string(obj));
    return value;
}

static int is_null_member(json_object *obj, const char *key)
{
    json_object *value = NULL;
    return json_object_object_get_ex(obj, key, &value) && value == NULL;
}

static int has_member(json_object *obj, const char *key)
{
    return json_object_object_get_ex(obj, key, NULL);
}

static const char *string_of(json_object *obj, const char *key)
{
    json_object *v = member(obj, key);
    if (!json_object_is_type(v, json_type_string))
        fail_msg("\"%s\" is not a string", key);
    return json_object_get_string(v);
}

static int64_t int_of(json_object *obj, const char *key)
{
    json_object *v = member(obj, key);
    if (!json_object_is_type(v, json_type_int))
        fail_msg("\"%s\" is not an integer: %s", key, json_object_to_json_string(v));
    return json_object_get_int64(v);
}

static json_object *array_of(json_object *obj, const char *key, size_t expected_len)
{
    json_object *v = member(obj, key);
    assert_true(json_object_is_type(v, json_type_array));
    assert_int_equal(json_object_array_length(v), expected_len);
    return v;
}

/* ---- tests --------------------------------------------------------------- */

static void test_schema_generator_and_exit_code(void **state)
{
    fixture *fx = *state;
    json_object *root = summary_of(&fx->report, 3, NULL);
    assert_string_equal(string_of(root, "schema"), "blsreport-summary/1");
    assert_string_equal(string_of(root, "generator"), "blsreport 9.8.7");
    assert_int_equal(int_of(root, "exit_code"), 3);
    json_object_put(root);
}

static void test_inputs_list_path_kind_layout_period_and_row_counts(void **state)
{
    fixture *fx = *state;
    json_object *root = summary_of(&fx->report, 0, NULL);
    json_object *inputs = array_of(root, "inputs", 3);

    json_object *w = json_object_array_get_idx(inputs, 0);
    assert_string_equal(string_of(w, "path"), "input/national_M2014_dl.csv");
    assert_string_equal(string_of(w, "kind"), "wages");
    assert_string_equal(string_of(w, "layout"), "OEWS national");
    assert_string_equal(string_of(w, "period"), "May 2014");
    assert_int_equal(int_of(w, "rows_read"), 1090);
    assert_int_equal(int_of(w, "rows_accepted"), 1089);
    assert_int_equal(int_of(w, "rows_rejected"), 1);
    assert_int_equal(int_of(w, "rows_skipped"), 1);
    assert_false(has_member(w, "figures_found"));

    json_object *p = json_object_array_get_idx(inputs, 1);
    assert_string_equal(string_of(p, "kind"), "projections");
    assert_string_equal(string_of(p, "period"), "2012-2022");
    assert_int_equal(int_of(p, "rows_skipped"), 6);

    json_object *d = json_object_array_get_idx(inputs, 2);
    assert_string_equal(string_of(d, "kind"), "document");
    assert_true(is_null_member(d, "layout"));
    assert_true(is_null_member(d, "period"));
    assert_int_equal(int_of(d, "figures_found"), 7);
    json_object_put(root);
}

static void test_validation_counts_and_findings(void **state)
{
    fixture *fx = *state;
    json_object *root = summary_of(&fx->report, 0, NULL);
    json_object *v = member(root, "validation");
    assert_int_equal(int_of(v, "errors"), 2);   /* soc-format, ep-change-percent */
    assert_int_equal(int_of(v, "warnings"), 1); /* soc-title-conflict (not kept) */
    assert_int_equal(int_of(v, "infos"), 0);
    assert_int_equal(int_of(v, "not_listed"), 1);
    json_object *list = array_of(v, "findings", 2);

    json_object *f = json_object_array_get_idx(list, 0);
    assert_string_equal(string_of(f, "path"), "wages.csv");
    assert_int_equal(int_of(f, "line"), 12);
    assert_int_equal(int_of(f, "column"), 1);
    assert_string_equal(string_of(f, "rule"), "soc-format");
    assert_string_equal(string_of(f, "severity"), "error");
    assert_string_equal(string_of(f, "message"), "code \"29-11\" is not NN-NNNN");

    f = json_object_array_get_idx(list, 1);
    assert_string_equal(string_of(f, "path"), "ep.csv");
    assert_int_equal(int_of(f, "line"), 40);
    assert_int_equal(int_of(f, "column"), 3);
    assert_string_equal(string_of(f, "rule"), "ep-change-percent");
    json_object_put(root);
}

static void test_claims_carry_source_values_and_nulls(void **state)
{
    fixture *fx = *state;
    json_object *root = summary_of(&fx->report, 0, NULL);
    json_object *claims = array_of(root, "claims", CLAIM_COUNT);

    json_object *c = json_object_array_get_idx(claims, 0);
    assert_string_equal(string_of(c, "source"), "doc.txt:34");
    assert_string_equal(string_of(c, "read_from"), "claims.csv:2");
    assert_string_equal(string_of(c, "occupation"), "physical therapy assistants");
    /* the claim had no code: the resolved one is given */
    assert_string_equal(string_of(c, "soc_code"), "31-2021");
    assert_string_equal(string_of(c, "bls_title"), "Physical Therapist Assistants");
    assert_string_equal(string_of(c, "metric"), "median_annual_wage");
    assert_string_equal(string_of(c, "period"), "May 2014");
    assert_int_equal(int_of(c, "claimed"), 54410);
    assert_string_equal(string_of(c, "claimed_text"), "$54,410");
    assert_string_equal(string_of(c, "quote"), quote_pta);
    assert_int_equal(int_of(c, "actual"), 54410);
    assert_string_equal(string_of(c, "actual_period"), "May 2014");
    assert_int_equal(int_of(c, "difference"), 0);
    assert_string_equal(string_of(c, "note"), "data: $54,410 (May 2014)");
    assert_false(has_member(c, "disagrees_with"));
    assert_false(has_member(c, "latest"));
    assert_false(has_member(c, "actual_marker"));

    c = json_object_array_get_idx(claims, 1);
    assert_string_equal(string_of(c, "metric"), "employment_change_pct");
    assert_string_equal(string_of(c, "period"), "2012-2022");
    json_object *claimed = member(c, "claimed");
    assert_true(json_object_is_type(claimed, json_type_double));
    assert_true(fabs(json_object_get_double(claimed) - 40.9) < 1e-9);
    assert_true(fabs(json_object_get_double(member(c, "actual")) - 41.0) < 1e-9);
    assert_true(fabs(json_object_get_double(member(c, "difference")) + 0.1) < 1e-9);

    c = json_object_array_get_idx(claims, 2);
    assert_string_equal(string_of(c, "source"), "doc.txt"); /* line 0: no ":0" */
    assert_true(is_null_member(c, "soc_code"));
    assert_true(is_null_member(c, "bls_title"));
    assert_true(is_null_member(c, "period"));
    assert_true(is_null_member(c, "actual"));
    assert_true(is_null_member(c, "actual_period"));
    assert_true(is_null_member(c, "difference"));
    assert_int_equal(int_of(c, "claimed"), 100);

    c = json_object_array_get_idx(claims, 3);
    assert_true(is_null_member(c, "actual")); /* a marker is not a number */
    assert_string_equal(string_of(c, "actual_marker"), "#");
    assert_string_equal(string_of(c, "actual_period"), "May 2012");
    assert_int_equal(int_of(c, "latest"), 54410);
    assert_string_equal(string_of(c, "latest_period"), "May 2014");
    assert_int_equal(int_of(c, "disagrees_with"), 0);

    json_object *un = array_of(root, "unattributed", 1);
    assert_string_equal(string_of(json_object_array_get_idx(un, 0), "source"), "doc.txt");
    assert_string_equal(string_of(json_object_array_get_idx(un, 0), "read_from"), "claims.csv:9");
    json_object_put(root);
}

static void test_decimals_are_written_exactly_as_in_the_data(void **state)
{
    fixture *fx = *state;
    char *text = NULL;
    json_object *root = summary_of(&fx->report, 0, &text);
    /* 40.9 must appear as written, never as a binary expansion */
    assert_non_null(strstr(text, "\"claimed\": 40.9,"));
    assert_non_null(strstr(text, "\"actual\": 41.0,"));
    assert_non_null(strstr(text, "\"difference\": -0.1,"));
    assert_null(strstr(text, "40.89"));
    assert_null(strstr(text, "40.90"));
    assert_null(strstr(text, "0.09999"));
    assert_non_null(strstr(text, "\"claimed\": 54410,"));
    json_object_put(root);
    bls_free(text);
}

static void test_outputs_are_listed(void **state)
{
    fixture *fx = *state;
    json_object *root = summary_of(&fx->report, 0, NULL);
    json_object *outputs = array_of(root, "outputs", 2);
    assert_string_equal(string_of(json_object_array_get_idx(outputs, 0), "path"),
                        "out/report.xlsx");
    assert_string_equal(string_of(json_object_array_get_idx(outputs, 0), "kind"), "xlsx");
    assert_string_equal(string_of(json_object_array_get_idx(outputs, 1), "kind"), "json");
    json_object_put(root);
}

/* Needs crosscheck.c (bls_verdict_name) and claims.c (bls_claim_origin_name).
 * The values are copied out and the tree freed before any assertion, so a
 * failure here (while those files are stubs) leaks nothing under ASan. */
static void test_claim_status_origin_and_verdict_counts_use_their_names(void **state)
{
    fixture *fx = *state;
    static const char *const expected_status[CLAIM_COUNT] = {"match", "mismatch", "missing",
                                                             "stale"};
    static const char *const verdict_keys[] = {"match", "rounding",  "mismatch",    "missing",
                                               "stale", "ambiguous", "unattributed"};
    static const int64_t expected_counts[] = {1, 0, 1, 1, 1, 0, 1};
    enum { KEYS = sizeof verdict_keys / sizeof verdict_keys[0] };
    char status[CLAIM_COUNT][32], origin[CLAIM_COUNT][32], un_origin[32];
    int64_t counts[KEYS];

    json_object *root = summary_of(&fx->report, 0, NULL);
    json_object *claims = member(root, "claims");
    for (size_t i = 0; i < CLAIM_COUNT; i++) {
        json_object *c = json_object_array_get_idx(claims, i);
        json_object *v = NULL;
        snprintf(status[i], sizeof status[i], "%s",
                 json_object_object_get_ex(c, "status", &v) ? json_object_get_string(v) : "(none)");
        snprintf(origin[i], sizeof origin[i], "%s",
                 json_object_object_get_ex(c, "origin", &v) ? json_object_get_string(v) : "(none)");
    }
    json_object *v = NULL;
    json_object *un = json_object_array_get_idx(member(root, "unattributed"), 0);
    snprintf(un_origin, sizeof un_origin, "%s",
             json_object_object_get_ex(un, "origin", &v) ? json_object_get_string(v) : "(none)");
    json_object *verdicts = member(root, "verdicts");
    for (size_t k = 0; k < KEYS; k++)
        counts[k] = json_object_object_get_ex(verdicts, verdict_keys[k], &v) &&
                            json_object_is_type(v, json_type_int)
                        ? json_object_get_int64(v)
                        : -1;
    json_object_put(root);

    for (size_t i = 0; i < CLAIM_COUNT; i++) {
        assert_string_equal(status[i], expected_status[i]);
        assert_string_equal(origin[i], "csv");
    }
    assert_string_equal(un_origin, "prose");
    for (size_t k = 0; k < KEYS; k++)
        if (counts[k] != expected_counts[k])
            fail_msg("verdicts.%s = %lld, expected %lld", verdict_keys[k], (long long)counts[k],
                     (long long)expected_counts[k]);
}

/* An ambiguous claim lists the candidates the cross-check found (the
 * check's own list, not a second lookup); an ambiguity of two inputs that
 * disagree on the figure has none. SYNTHETIC codes and titles. */
static void test_ambiguous_claims_list_the_checks_candidates(void **state)
{
    fixture *fx = *state;
    static const bls_candidate two[] = {{"29-9091", "Synthetic Technicians"}, {"29-9092", NULL}};
    bls_check *k = &fx->check_items[2];
    k->verdict = BLS_VERDICT_AMBIGUOUS;
    k->candidates = two;
    k->candidate_count = 2;
    fx->check_items[1].verdict = BLS_VERDICT_AMBIGUOUS; /* a data conflict: no candidates */
    json_object *root = summary_of(&fx->report, 0, NULL);
    json_object *claims = member(root, "claims");
    json_object *named = NULL, *conflict = NULL;
    assert_true(
        json_object_object_get_ex(json_object_array_get_idx(claims, 2), "candidates", &named));
    assert_true(
        json_object_object_get_ex(json_object_array_get_idx(claims, 1), "candidates", &conflict));
    char text[256];
    snprintf(text, sizeof text, "%s",
             json_object_to_json_string_ext(named, JSON_C_TO_STRING_PLAIN));
    size_t none = json_object_array_length(conflict);
    json_object_put(root);
    assert_string_equal(text, "[{\"soc_code\":\"29-9091\",\"title\":\"Synthetic Technicians\"},"
                              "{\"soc_code\":\"29-9092\",\"title\":null}]");
    assert_int_equal(none, 0);
}

static void test_strings_with_quotes_newlines_and_controls_round_trip(void **state)
{
    fixture *fx = *state;
    static char tricky[] =
        "He said \"41%\"\\n\nnext\rline\ttab\x01\x1f\x7f / caf\xC3\xA9 \xE2\x80\x94 end";
    fx->claim_items[0].occupation = tricky;
    fx->claim_items[1].quote = tricky;
    fx->inputs[0].path = tricky;
    fx->outputs[0].path = tricky;
    bls_findings *findings = bls_findings_new(0);
    assert_non_null(findings);
    assert_int_equal(bls_findings_add(findings, tricky, 1, 1, BLS_RULE_CONTROL_CHAR, "%s", tricky),
                     BLS_OK);
    const bls_findings *saved = fx->report.findings;
    fx->report.findings = findings;

    char *text = NULL;
    json_object *root = summary_of(&fx->report, 0, &text);
    /* no raw control character survives in the text (newlines only between tokens) */
    for (const char *p = text; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\n')
            fail_msg("raw control byte 0x%02x in the JSON text", (unsigned char)*p);
    json_object *claims = member(root, "claims");
    assert_string_equal(string_of(json_object_array_get_idx(claims, 0), "occupation"), tricky);
    assert_string_equal(string_of(json_object_array_get_idx(claims, 1), "quote"), tricky);
    assert_string_equal(string_of(json_object_array_get_idx(member(root, "inputs"), 0), "path"),
                        tricky);
    assert_string_equal(string_of(json_object_array_get_idx(member(root, "outputs"), 0), "path"),
                        tricky);
    json_object *f = json_object_array_get_idx(member(member(root, "validation"), "findings"), 0);
    assert_string_equal(string_of(f, "path"), tricky);
    assert_string_equal(string_of(f, "message"), tricky);
    json_object_put(root);
    bls_free(text);
    fx->report.findings = saved;
    bls_findings_free(findings);
}

static void test_long_document_name_is_not_truncated_in_source(void **state)
{
    fixture *fx = *state;
    /* A claims CSV "source" is free text up to a CSV field (32,767 bytes). */
    enum { LEN = 3000 };
    char *doc = malloc(LEN + 1);
    assert_non_null(doc);
    for (size_t i = 0; i < LEN; i++)
        doc[i] = (char)('a' + i % 26);
    doc[LEN] = '\0';
    fx->claim_items[0].document = doc;
    fx->claim_items[0].input_path = doc;
    char expected[LEN + 32];
    snprintf(expected, sizeof expected, "%s:34", doc);
    char expected_read[LEN + 32];
    snprintf(expected_read, sizeof expected_read, "%s:2", doc);
    json_object *root = summary_of(&fx->report, 0, NULL);
    json_object *c = json_object_array_get_idx(member(root, "claims"), 0);
    int source_ok = strcmp(string_of(c, "source"), expected) == 0;
    int read_ok = strcmp(string_of(c, "read_from"), expected_read) == 0;
    json_object_put(root);
    /* The long name takes a heap buffer: a failure there is a failed build
     * (BLS_ERR_JSON, like any json-c failure), with *out untouched. */
    int succeeded = 0, fired = 1;
    for (long n = 0; n < 100000 && fired; n++) {
        char sentinel = 0, *out = &sentinel;
        sweep_fail_after(n);
        bls_status st = bls_summary_json(&fx->report, 0, &out);
        fired = sweep_end_run();
        assert_true(st == BLS_OK || st == BLS_ERR_NOMEM || st == BLS_ERR_JSON);
        if (st != BLS_OK) {
            assert_ptr_equal(out, &sentinel);
            continue;
        }
        bls_free(out);
        succeeded = 1;
    }
    free(doc);
    assert_true(succeeded);
    assert_true(source_ok);
    assert_true(read_ok);
}

static void test_empty_report_gives_empty_lists_and_zero_counts(void **state)
{
    (void)state;
    bls_report empty;
    memset(&empty, 0, sizeof empty);
    empty.source_date_epoch = -1;
    json_object *root = summary_of(&empty, 0, NULL);
    assert_string_equal(string_of(root, "schema"), "blsreport-summary/1");
    assert_true(strncmp(string_of(root, "generator"), "blsreport", 9) == 0);
    array_of(root, "inputs", 0);
    array_of(root, "claims", 0);
    array_of(root, "unattributed", 0);
    array_of(root, "outputs", 0);
    json_object *v = member(root, "validation");
    assert_int_equal(int_of(v, "errors"), 0);
    assert_int_equal(int_of(v, "warnings"), 0);
    array_of(v, "findings", 0);
    assert_int_equal(int_of(member(root, "verdicts"), "unattributed"), 0);
    assert_int_equal(int_of(root, "exit_code"), 0);
    json_object_put(root);
}

static void test_bad_arguments_are_rejected(void **state)
{
    fixture *fx = *state;
    char *out = NULL;
    assert_int_equal(bls_summary_json(NULL, 0, &out), BLS_ERR_INVALID_ARG);
    assert_null(out);
    assert_int_equal(bls_summary_json(&fx->report, 0, NULL), BLS_ERR_INVALID_ARG);
}

/* json-c allocates with its own allocator; what goes through bls_malloc is
 * the copy handed to the caller. Each failure must give BLS_ERR_NOMEM, leave
 * *out untouched and leak nothing (json-c's tree included: ASan checks). */
static void test_allocation_failures_are_reported_and_leak_nothing(void **state)
{
    fixture *fx = *state;
    char sentinel = 0;
    int succeeded = 0, fired = 1;
    long n;
    for (n = 0; n < 100000 && fired; n++) {
        char *out = &sentinel;
        sweep_fail_after(n);
        bls_status st = bls_summary_json(&fx->report, 1, &out);
        fired = sweep_end_run();
        assert_true(st == BLS_OK || st == BLS_ERR_NOMEM);
        if (st == BLS_ERR_NOMEM) {
            assert_ptr_equal(out, &sentinel);
            continue;
        }
        assert_non_null(out);
        assert_ptr_not_equal(out, &sentinel);
        json_object *root = json_tokener_parse(out);
        assert_non_null(root);
        json_object_put(root);
        bls_free(out);
        succeeded = 1;
    }
    assert_true(succeeded);
    assert_true(n > 1); /* at least one failure was injected */
}

/* Issue 15: bounds, data sources, explanations, numbers not checked and
 * education statements. The facts are the REAL EP 2012-22 Table 1.2 rows of
 * 31-2021 and 31-2022 (lines 484-485); the path does not exist, so no
 * SHA-256 is given. */
static void test_bounds_sources_explanations_not_checked_and_education(void **state)
{
    fixture *fx = *state;
    const bls_period span = {2012, 2022, 0}, base = {2012, 2012, 0};
    static const char ep[] = "/nonexistent/occupation_2012-22_table_1.2.csv";
#define EP_FACT(m, p, v, l, c)                                                                     \
    {                                                                                              \
        .metric = (m), .period = (p), .value = (v), .path = ep, .line = (l), .column = (c),        \
        .program = BLS_KIND_PROJECTIONS                                                            \
    }
    const bls_fact pct =
        EP_FACT(BLS_METRIC_EMPLOYMENT_CHANGE_PCT, span, bls_number_make(410, 1), 484, 8);
    const bls_fact parts[4] = {
        EP_FACT(BLS_METRIC_EMPLOYMENT, base, bls_number_make(71400, 0), 484, 3),
        EP_FACT(BLS_METRIC_PROJECTED_EMPLOYMENT, span, bls_number_make(100700, 0), 484, 4),
        EP_FACT(BLS_METRIC_EMPLOYMENT, base, bls_number_make(50000, 0), 485, 3),
        EP_FACT(BLS_METRIC_PROJECTED_EMPLOYMENT, span, bls_number_make(70100, 0), 485, 4),
    };
#undef EP_FACT
    bls_check *k = &fx->check_items[1];
    k->fact = &pct;
    k->bound_low = bls_number_make(4085, 2);
    k->bound_high = bls_number_make(4095, 2);
    bls_explanation explanation;
    bls_explanation *e = &explanation;
    memset(e, 0, sizeof *e);
    k->explanation_count = 1;
    k->explanations = e;
    e->kind = BLS_EXPLAIN_COMBINED;
    e->soc_count = 2;
    strcpy(e->soc_codes[0], "31-2021");
    strcpy(e->soc_codes[1], "31-2022");
    e->metric = BLS_METRIC_EMPLOYMENT_CHANGE_PCT;
    e->period = span;
    e->value = bls_number_make(4069, 2);
    e->fact = &parts[0];
    e->part_count = 4;
    for (size_t i = 0; i < 4; i++)
        e->parts[i] = &parts[i];
    fx->checks.hashes = bls_hashes_new();
    assert_non_null(fx->checks.hashes);

    bls_unchecked nc_item = {doc_txt, 11, text_100, BLS_UNCHECKED_YEAR};
    bls_unchecked_list nc = {&nc_item, 1, 1};
    bls_education_claim edu;
    memset(&edu, 0, sizeof edu);
    edu.document = doc_txt;
    edu.line = 10;
    edu.occupation = occ_pta;
    edu.words = quote_empty;
    strcpy(edu.soc_code, "31-2021");
    edu.bls_category = "Associate's degree";
    edu.verdict = BLS_EDU_DIFFERS;
    bls_education_list edus = {&edu, 1, 1};
    fx->report.not_checked = &nc;
    fx->report.education = &edus;

    json_object *root = summary_of(&fx->report, 1, NULL);
    json_object *claims = array_of(root, "claims", CLAIM_COUNT);
    json_object *c = json_object_array_get_idx(claims, 1);
    json_object *bounds = member(c, "bounds");
    assert_string_equal(json_object_to_json_string(member(bounds, "low")), "40.85");
    assert_string_equal(json_object_to_json_string(member(bounds, "high")), "40.95");
    json_object *src = member(c, "data_source");
    assert_string_equal(string_of(src, "path"), ep);
    assert_int_equal(int_of(src, "line"), 484);
    assert_int_equal(int_of(src, "column"), 8);
    assert_true(is_null_member(src, "sha256")); /* the file does not exist */
    assert_true(is_null_member(src, "sheet") && is_null_member(src, "cell"));
    assert_string_equal(string_of(src, "url"), "https://www.bls.gov/emp/ep_table_102.htm");
    json_object *x = json_object_array_get_idx(array_of(c, "explanations", 1), 0);
    assert_string_equal(string_of(x, "kind"), "combined");
    json_object *codes = array_of(x, "soc_codes", 2);
    assert_string_equal(json_object_get_string(json_object_array_get_idx(codes, 1)), "31-2022");
    assert_string_equal(string_of(x, "metric"), "employment_change_pct");
    assert_string_equal(string_of(x, "period"), "2012-2022");
    assert_string_equal(json_object_to_json_string(member(x, "value")), "40.69");
    assert_int_equal(int_of(member(x, "data_source"), "line"), 484);
    json_object *part = json_object_array_get_idx(array_of(x, "parts", 4), 3);
    assert_string_equal(string_of(part, "soc_code"), "31-2022");
    assert_string_equal(string_of(part, "metric"), "projected_employment");
    assert_int_equal(int_of(part, "value"), 70100);
    assert_int_equal(int_of(part, "column"), 4);
    /* A check without these has null bounds and source, no explanations. */
    json_object *missing = json_object_array_get_idx(claims, 2);
    assert_true(is_null_member(missing, "bounds"));
    assert_true(is_null_member(missing, "data_source"));
    array_of(missing, "explanations", 0);

    json_object *n = json_object_array_get_idx(array_of(root, "not_checked", 1), 0);
    assert_string_equal(string_of(n, "source"), "doc.txt:11");
    assert_string_equal(string_of(n, "text"), "100");
    assert_string_equal(string_of(n, "reason"), "year");
    json_object *ed = json_object_array_get_idx(array_of(root, "education", 1), 0);
    assert_string_equal(string_of(ed, "source"), "doc.txt:10");
    assert_string_equal(string_of(ed, "soc_code"), "31-2021");
    assert_string_equal(string_of(ed, "bls_category"), "Associate's degree");
    assert_string_equal(string_of(ed, "status"), "differs");
    json_object_put(root);
    bls_hashes_free(fx->checks.hashes);
    fx->checks.hashes = NULL;
    k->fact = NULL;
    k->explanation_count = 0;
    k->explanations = NULL;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_report, teardown_report)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_schema_generator_and_exit_code),
        T(test_inputs_list_path_kind_layout_period_and_row_counts),
        T(test_validation_counts_and_findings),
        T(test_claims_carry_source_values_and_nulls),
        T(test_decimals_are_written_exactly_as_in_the_data),
        T(test_outputs_are_listed),
        T(test_claim_status_origin_and_verdict_counts_use_their_names),
        T(test_ambiguous_claims_list_the_checks_candidates),
        T(test_strings_with_quotes_newlines_and_controls_round_trip),
        T(test_long_document_name_is_not_truncated_in_source),
        cmocka_unit_test(test_empty_report_gives_empty_lists_and_zero_counts),
        T(test_bad_arguments_are_rejected),
        T(test_allocation_failures_are_reported_and_leak_nothing),
        T(test_bounds_sources_explanations_not_checked_and_education),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
