/*
 * test_sarif.c - unit tests for sarif.c, read back with json-c: the rules
 * (validation rules + verdicts), each result's rule, level, location and
 * fingerprint, URIs percent-encoded and relative, baselineState. The whole
 * log is validated against the OASIS schema by tests/e2e_ci.sh.
 */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <json-c/json.h>
#include <string.h>

#include "alloc_sweep.h"
#include "blsreport/base/alloc.h"
#include "blsreport/render/sarif.h"

static bls_ci_item item(bls_ci_kind kind, const char *rule, bls_severity level, const char *path,
                        uint64_t line, uint32_t column)
{
    bls_ci_item it;
    memset(&it, 0, sizeof it);
    it.kind = kind;
    it.rule = rule;
    it.level = level;
    it.fails = level == BLS_SEV_ERROR;
    it.path = (char *)path;
    it.line = line;
    it.column = column;
    it.title = (char *)rule;
    it.message = (char *)"a message";
    snprintf(it.fingerprint, sizeof it.fingerprint, "%016x:1", (unsigned)line);
    return it;
}

static json_object *get(json_object *o, const char *path)
{
    /* "a.b.0.c": keys and array indexes */
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *save = NULL, *k = strtok_r(buf, ".", &save); k && o;
         k = strtok_r(NULL, ".", &save)) {
        if (json_object_is_type(o, json_type_array))
            o = json_object_array_get_idx(o, (size_t)strtoul(k, NULL, 10));
        else if (!json_object_object_get_ex(o, k, &o))
            return NULL;
    }
    return o;
}

static const char *str(json_object *root, const char *path)
{
    json_object *o = get(root, path);
    assert_non_null(o);
    return json_object_get_string(o);
}

static void test_rules_results_and_locations(void **state)
{
    (void)state;
    bls_ci_item list[3] = {
        item(BLS_CI_FINDING, "soc-format", BLS_SEV_ERROR, "in/oes 2014.csv", 7, 1),
        item(BLS_CI_VERDICT, "claim-match", BLS_SEV_INFO, "article.txt", 11, 0),
        item(BLS_CI_VERDICT, "claim-mismatch", BLS_SEV_WARNING, "article.txt", 0, 0),
    };
    list[1].verdict = BLS_VERDICT_MATCH;
    list[2].verdict = BLS_VERDICT_MISMATCH;
    list[2].baselined = 1;
    bls_ci_items items = {list, 3, 0};
    char *text = NULL;
    assert_int_equal(bls_sarif_json(&items, "0.1.0", 1, &text), BLS_OK);
    json_object *root = json_tokener_parse(text);
    assert_non_null(root);
    assert_string_equal(str(root, "version"), "2.1.0");
    json_object *rules = get(root, "runs.0.tool.driver.rules");
    assert_int_equal(json_object_array_length(rules), BLS_RULE_COUNT + BLS_VERDICT_COUNT);
    assert_string_equal(str(root, "runs.0.tool.driver.name"), "blsreport");
    /* the finding */
    assert_string_equal(str(root, "runs.0.results.0.ruleId"), "soc-format");
    int idx = json_object_get_int(get(root, "runs.0.results.0.ruleIndex"));
    assert_string_equal(
        json_object_get_string(get(json_object_array_get_idx(rules, (size_t)idx), "id")),
        "soc-format");
    assert_string_equal(str(root, "runs.0.results.0.level"), "error");
    assert_string_equal(
        str(root, "runs.0.results.0.locations.0.physicalLocation.artifactLocation.uri"),
        "in/oes%202014.csv");
    assert_int_equal(json_object_get_int(get(
                         root, "runs.0.results.0.locations.0.physicalLocation.region.startLine")),
                     7);
    assert_int_equal(json_object_get_int(get(
                         root, "runs.0.results.0.locations.0.physicalLocation.region.startColumn")),
                     1);
    assert_string_equal(str(root, "runs.0.results.0.partialFingerprints.blsreport/v1"),
                        list[0].fingerprint);
    assert_string_equal(str(root, "runs.0.results.0.baselineState"), "new");
    /* the match: a pass; no startColumn when there is none */
    assert_string_equal(str(root, "runs.0.results.1.level"), "none");
    assert_string_equal(str(root, "runs.0.results.1.kind"), "pass");
    assert_null(get(root, "runs.0.results.1.locations.0.physicalLocation.region.startColumn"));
    assert_string_equal(str(root, "runs.0.results.1.ruleId"), "claim-match");
    assert_int_equal(json_object_get_int(get(root, "runs.0.results.1.ruleIndex")),
                     BLS_RULE_COUNT + BLS_VERDICT_MATCH);
    /* no line: no region at all (startLine 0 is not valid SARIF) */
    assert_null(get(root, "runs.0.results.2.locations.0.physicalLocation.region"));
    assert_string_equal(str(root, "runs.0.results.2.baselineState"), "unchanged");
    json_object_put(root);
    bls_free(text);
}

static void test_without_baseline_no_baseline_state(void **state)
{
    (void)state;
    bls_ci_item one = item(BLS_CI_FINDING, "csv-quote", BLS_SEV_WARNING, "a.csv", 2, 3);
    bls_ci_items items = {&one, 1, 0};
    char *text = NULL;
    assert_int_equal(bls_sarif_json(&items, "0.1.0", 0, &text), BLS_OK);
    assert_null(strstr(text, "baselineState"));
    assert_non_null(strstr(text, "\"level\": \"warning\""));
    bls_free(text);
}

static void test_sarif_fails_cleanly_when_allocations_fail(void **state)
{
    (void)state;
    bls_ci_item one = item(BLS_CI_FINDING, "csv-quote", BLS_SEV_WARNING, "a b.csv", 2, 3);
    bls_ci_items items = {&one, 1, 0};
    for (long n = 0;; n++) {
        char *text = NULL;
        sweep_fail_after(n);
        bls_status st = bls_sarif_json(&items, "0.1.0", 0, &text);
        int fired = sweep_end_run();
        if (st == BLS_OK) {
            bls_free(text);
            if (!fired)
                break;
            continue;
        }
        assert_true(fired);
        assert_int_equal(st, BLS_ERR_NOMEM);
        assert_null(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_results_and_locations),
        cmocka_unit_test(test_without_baseline_no_baseline_state),
        cmocka_unit_test(test_sarif_fails_cleanly_when_allocations_fail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
