/*
 * test_annotate.c - unit tests for annotate.c: escaping (tables of input
 * and expected text), GCC-style lines, workflow commands and the job
 * summary. Data must never end a line, start a workflow command or reach a
 * terminal as a control sequence (#19 item 9).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "blsreport/render/annotate.h"

typedef bls_status (*escape_fn)(bls_dynbuf *, const char *);

static const struct {
    const char *in, *text, *data, *property;
} escapes[] = {
    {"plain", "plain", "plain", "plain"},
    {"50%", "50%", "50%25", "50%25"},
    {"a\nb", "a\\nb", "a%0Ab", "a%0Ab"},
    {"a\r\nb", "a\\r\\nb", "a%0D%0Ab", "a%0D%0Ab"},
    {"x:y,z", "x:y,z", "x:y,z", "x%3Ay%2Cz"},
    {"\n::error::x", "\\n::error::x", "%0A::error::x", "%0A%3A%3Aerror%3A%3Ax"},
    {"\x1b[31mred", "\\x1B[31mred", "\\x1B[31mred", "\\x1B[31mred"},
    {"tab\there", "tab\\there", "tab\\there", "tab\\there"},
    {"del\x7f", "del\\x7F", "del\\x7F", "del\\x7F"},
    {"c1 \xc2\x9b" "2J", "c1 \\u009B2J", "c1 \\u009B2J", "c1 \\u009B2J"},
    {"caf\xc3\xa9 \xe2\x88\x92", "caf\xc3\xa9 \xe2\x88\x92", "caf\xc3\xa9 \xe2\x88\x92",
     "caf\xc3\xa9 \xe2\x88\x92"},
    {"%0A", "%0A", "%250A", "%250A"},
};

static void check_escape(escape_fn fn, const char *in, const char *want)
{
    bls_dynbuf b;
    bls_dynbuf_init(&b, 4096);
    assert_int_equal(fn(&b, in), BLS_OK);
    assert_non_null(b.data);
    assert_string_equal(b.data, want);
    bls_dynbuf_cleanup(&b);
}

static void test_escape_table_text_data_property(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof escapes / sizeof *escapes; i++) {
        check_escape(bls_escape_text, escapes[i].in, escapes[i].text);
        check_escape(bls_escape_workflow_data, escapes[i].in, escapes[i].data);
        check_escape(bls_escape_workflow_property, escapes[i].in, escapes[i].property);
    }
}

static void test_escape_respects_the_buffer_limit(void **state)
{
    (void)state;
    bls_dynbuf b;
    bls_dynbuf_init(&b, 8);
    assert_int_equal(bls_escape_workflow_data(&b, "%%%%%%"), BLS_ERR_LIMIT);
    bls_dynbuf_cleanup(&b);
}

static bls_ci_item finding(void)
{
    bls_ci_item it;
    memset(&it, 0, sizeof it);
    it.kind = BLS_CI_FINDING;
    it.rule = "soc-format";
    it.level = BLS_SEV_ERROR;
    it.fails = 1;
    it.path = "data/oes, 2014.csv";
    it.line = 7;
    it.column = 1;
    it.title = "soc-format";
    it.message = "OCC_CODE \"29-20X3\" is not a SOC code: 100%";
    return it;
}

static char *render(bls_status (*fn)(bls_dynbuf *, const bls_ci_item *), const bls_ci_item *it)
{
    static char text[1024];
    bls_dynbuf b;
    bls_dynbuf_init(&b, 4096);
    assert_int_equal(fn(&b, it), BLS_OK);
    assert_true(b.len < sizeof text);
    memcpy(text, b.data, b.len + 1);
    bls_dynbuf_cleanup(&b);
    return text;
}

static void test_github_finding_escapes_properties_and_message(void **state)
{
    (void)state;
    bls_ci_item it = finding();
    assert_string_equal(render(bls_annotate_github, &it),
                        "::error file=data/oes%2C 2014.csv,line=7,col=1,title=soc-format::"
                        "OCC_CODE \"29-20X3\" is not a SOC code: 100%25 [soc-format]\n");
}

static void test_github_leaves_out_zero_line_and_column(void **state)
{
    (void)state;
    bls_ci_item it = finding();
    it.column = 0;
    assert_null(strstr(render(bls_annotate_github, &it), "col="));
    it.line = 0;
    it.column = 3; /* a column without a line means nothing */
    const char *s = render(bls_annotate_github, &it);
    assert_null(strstr(s, "line="));
    assert_null(strstr(s, "col="));
}

static void test_github_levels_follow_fail_and_baseline(void **state)
{
    (void)state;
    bls_ci_item it = finding();
    assert_string_equal(bls_annotate_github_level(&it), "error");
    it.baselined = 1;
    assert_string_equal(bls_annotate_github_level(&it), "warning");
    assert_non_null(strstr(render(bls_annotate_github, &it), "(baselined)\n"));
    it.baselined = 0;
    it.fails = 0;
    it.level = BLS_SEV_WARNING;
    assert_string_equal(bls_annotate_github_level(&it), "warning");
    it.level = BLS_SEV_INFO;
    assert_string_equal(bls_annotate_github_level(&it), "notice");
}

static void test_github_verdict_titles_with_the_verdict(void **state)
{
    (void)state;
    bls_ci_item it = finding();
    it.kind = BLS_CI_VERDICT;
    it.verdict = BLS_VERDICT_MISMATCH;
    it.rule = "claim-mismatch";
    it.path = "article.md";
    it.line = 34;
    it.column = 0;
    it.title = "mismatch: median_annual_wage Nurses \"$1,000\"";
    it.message = "median_annual_wage Nurses \"$1,000\": data: $2,000\n::error::x";
    assert_string_equal(render(bls_annotate_github, &it),
                        "::error file=article.md,line=34,title=mismatch%3A median_annual_wage "
                        "Nurses \"$1%2C000\"::median_annual_wage Nurses \"$1,000\": data: "
                        "$2,000%0A::error::x\n");
}

static void test_text_lines_are_gcc_style_and_escaped(void **state)
{
    (void)state;
    bls_ci_item it = finding();
    it.path = "a\nb.csv";
    assert_string_equal(render(bls_annotate_text, &it),
                        "a\\nb.csv:7:1: error: OCC_CODE \"29-20X3\" is not a SOC code: 100% "
                        "[soc-format]\n");
    it.column = 0;
    it.line = 0;
    it.level = BLS_SEV_WARNING;
    it.path = "x.csv";
    assert_string_equal(render(bls_annotate_text, &it),
                        "x.csv: warning: OCC_CODE \"29-20X3\" is not a SOC code: 100% "
                        "[soc-format]\n");
    it.kind = BLS_CI_VERDICT;
    it.verdict = BLS_VERDICT_MISSING;
    it.line = 3;
    it.message = "m\x1b]0;title\x07";
    assert_string_equal(render(bls_annotate_text, &it), "x.csv:3: missing: m\\x1B]0;title\\x07\n");
}

static void test_step_summary_counts_and_escapes_cells(void **state)
{
    (void)state;
    bls_ci_item list[2] = {finding(), finding()};
    list[1].level = BLS_SEV_INFO;
    list[1].fails = 0; /* a notice: not listed */
    list[0].message = "a | b <script>";
    bls_ci_items items = {list, 2, 0};
    bls_annotate_counts c = {.inputs = 4, .rows_read = 23, .claims = 13, .errors = 1,
                             .exit_code = 1};
    c.by_verdict[BLS_VERDICT_MATCH] = 13;
    bls_dynbuf b;
    bls_dynbuf_init(&b, 1 << 16);
    assert_int_equal(bls_annotate_step_summary(&b, &c, &items, 50), BLS_OK);
    assert_non_null(strstr(b.data, "## blsreport: failed\n"));
    assert_non_null(strstr(b.data, "| 4 | 23 | 0 | 13 | 13 | 0 |"));
    assert_non_null(strstr(b.data, "| error | data/oes, 2014.csv:7 | soc-format: a &#124; b "
                                   "&#60;script&#62; |\n"));
    /* one row of items: the notice is left out */
    const char *first = strstr(b.data, "| error |");
    assert_null(strstr(first + 1, "| error |"));
    bls_dynbuf_cleanup(&b);
    /* a cap of 0 lists none and says how many are left */
    bls_dynbuf_init(&b, 1 << 16);
    assert_int_equal(bls_annotate_step_summary(&b, &c, &items, 0), BLS_OK);
    assert_non_null(strstr(b.data, "... and 1 more item"));
    bls_dynbuf_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_table_text_data_property),
        cmocka_unit_test(test_escape_respects_the_buffer_limit),
        cmocka_unit_test(test_github_finding_escapes_properties_and_message),
        cmocka_unit_test(test_github_leaves_out_zero_line_and_column),
        cmocka_unit_test(test_github_levels_follow_fail_and_baseline),
        cmocka_unit_test(test_github_verdict_titles_with_the_verdict),
        cmocka_unit_test(test_text_lines_are_gcc_style_and_escaped),
        cmocka_unit_test(test_step_summary_counts_and_escapes_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
