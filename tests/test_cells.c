/*
 * test_cells.c - unit tests for cells.c: BLS numbers, markers and exact
 * decimal arithmetic. Inputs are tables of {text, expected}.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "blsreport/base/cells.h"

typedef struct parse_case {
    const char *text;
    bls_cell_state state;
    int64_t scaled;
    unsigned decimals;
    unsigned flags;
} parse_case;

static void check_parse_table(const parse_case *cases, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        bls_number n = bls_cell_parse(cases[i].text, strlen(cases[i].text));
        if (n.state != cases[i].state)
            print_error("case \"%s\": state %d, expected %d\n", cases[i].text, (int)n.state,
                        (int)cases[i].state);
        assert_int_equal(n.state, cases[i].state);
        if (cases[i].state == BLS_CELL_VALUE) {
            assert_int_equal(n.scaled, cases[i].scaled);
            assert_int_equal(n.decimals, cases[i].decimals);
            assert_int_equal(n.flags, cases[i].flags);
        } else {
            assert_int_equal(n.scaled, 0);
        }
    }
}

static void test_numbers_as_bls_writes_them_are_parsed_exactly(void **state)
{
    (void)state;
    static const parse_case cases[] = {
        {"54410", BLS_CELL_VALUE, 54410, 0, 0},
        {"54,410", BLS_CELL_VALUE, 54410, 0, BLS_NUM_THOUSANDS},
        {"1,234,567", BLS_CELL_VALUE, 1234567, 0, BLS_NUM_THOUSANDS},
        {"40.9", BLS_CELL_VALUE, 409, 1, 0},
        {"$27.45", BLS_CELL_VALUE, 2745, 2, BLS_NUM_DOLLAR},
        {"$1,234.50", BLS_CELL_VALUE, 123450, 2, BLS_NUM_DOLLAR | BLS_NUM_THOUSANDS},
        {"26%", BLS_CELL_VALUE, 26, 0, BLS_NUM_PERCENT},
        {"4.5%", BLS_CELL_VALUE, 45, 1, BLS_NUM_PERCENT},
        {"-3.25", BLS_CELL_VALUE, -325, 2, BLS_NUM_NEGATIVE},
        {"(1.5)", BLS_CELL_VALUE, -15, 1, BLS_NUM_NEGATIVE},
        {"($2,000)", BLS_CELL_VALUE, -2000, 0,
         BLS_NUM_NEGATIVE | BLS_NUM_DOLLAR | BLS_NUM_THOUSANDS},
        {"-$5", BLS_CELL_VALUE, -5, 0, BLS_NUM_NEGATIVE | BLS_NUM_DOLLAR},
        {"$-5", BLS_CELL_VALUE, -5, 0, BLS_NUM_NEGATIVE | BLS_NUM_DOLLAR},
        {"0.05", BLS_CELL_VALUE, 5, 2, 0},
        {".5", BLS_CELL_VALUE, 5, 1, 0},
        {"  54,410  ", BLS_CELL_VALUE, 54410, 0, BLS_NUM_THOUSANDS},
        {"\t7\t", BLS_CELL_VALUE, 7, 0, 0},
        {"0", BLS_CELL_VALUE, 0, 0, 0},
        {"1.123456", BLS_CELL_VALUE, 1123456, 6, 0},
        {"9223372036854775807", BLS_CELL_VALUE, INT64_MAX, 0, 0},
        {"-9223372036854775807", BLS_CELL_VALUE, -INT64_MAX, 0, BLS_NUM_NEGATIVE},
    };
    check_parse_table(cases, sizeof cases / sizeof cases[0]);
}

static void test_markers_and_blanks_are_typed_states_not_zero(void **state)
{
    (void)state;
    static const parse_case cases[] = {
        {"*", BLS_CELL_WAGE_NA, 0, 0, 0},   {"**", BLS_CELL_EMP_NA, 0, 0, 0},
        {"#", BLS_CELL_TOP_CODED, 0, 0, 0}, {"~", BLS_CELL_UNDER_HALF, 0, 0, 0},
        {" * ", BLS_CELL_WAGE_NA, 0, 0, 0}, {"", BLS_CELL_EMPTY, 0, 0, 0},
        {"   ", BLS_CELL_EMPTY, 0, 0, 0},   {"***", BLS_CELL_WITHDRAWN, 0, 0, 0},
        {"\xE2\x80\x94", BLS_CELL_NOT_AVAILABLE, 0, 0, 0},
        {"\xE2\x80\x94 ", BLS_CELL_NOT_AVAILABLE, 0, 0, 0},
        {"**** ", BLS_CELL_INVALID, 0, 0, 0},
        {"##", BLS_CELL_INVALID, 0, 0, 0},  {"* *", BLS_CELL_INVALID, 0, 0, 0},
    };
    check_parse_table(cases, sizeof cases / sizeof cases[0]);
}

static void test_malformed_numbers_are_invalid(void **state)
{
    (void)state;
    static const parse_case cases[] = {
        {"5,4410", BLS_CELL_INVALID, 0, 0, 0},
        {"54,41", BLS_CELL_INVALID, 0, 0, 0},
        {"1234,567", BLS_CELL_INVALID, 0, 0, 0},
        {",123", BLS_CELL_INVALID, 0, 0, 0},
        {"1,,234", BLS_CELL_INVALID, 0, 0, 0},
        {"1,234,", BLS_CELL_INVALID, 0, 0, 0},
        {"5.", BLS_CELL_INVALID, 0, 0, 0},
        {".", BLS_CELL_INVALID, 0, 0, 0},
        {"1.2.3", BLS_CELL_INVALID, 0, 0, 0},
        {"1.1234567", BLS_CELL_INVALID, 0, 0, 0},
        {"9223372036854775808", BLS_CELL_INVALID, 0, 0, 0},
        {"99999999999999999999", BLS_CELL_INVALID, 0, 0, 0},
        {"922337203685477.58079", BLS_CELL_INVALID, 0, 0, 0},
        {"--5", BLS_CELL_INVALID, 0, 0, 0},
        {"-(5)", BLS_CELL_INVALID, 0, 0, 0},
        {"(-5)", BLS_CELL_INVALID, 0, 0, 0},
        {"(5", BLS_CELL_INVALID, 0, 0, 0},
        {"5)", BLS_CELL_INVALID, 0, 0, 0},
        {"-$-5", BLS_CELL_INVALID, 0, 0, 0},
        {"$", BLS_CELL_INVALID, 0, 0, 0},
        {"%", BLS_CELL_INVALID, 0, 0, 0},
        {"-", BLS_CELL_INVALID, 0, 0, 0},
        {"5%%", BLS_CELL_INVALID, 0, 0, 0},
        {"$ 5", BLS_CELL_INVALID, 0, 0, 0},
        {"5 000", BLS_CELL_INVALID, 0, 0, 0},
        {"1e5", BLS_CELL_INVALID, 0, 0, 0},
        {"abc", BLS_CELL_INVALID, 0, 0, 0},
        {"N/A", BLS_CELL_INVALID, 0, 0, 0},
        {"+5", BLS_CELL_INVALID, 0, 0, 0},
        {"0x10", BLS_CELL_INVALID, 0, 0, 0},
    };
    check_parse_table(cases, sizeof cases / sizeof cases[0]);
}

static void test_parse_reads_only_len_bytes(void **state)
{
    (void)state;
    const char *quoted = "\"54,410\"";
    bls_number n = bls_cell_parse(quoted + 1, 6);
    assert_int_equal(n.state, BLS_CELL_VALUE);
    assert_int_equal(n.scaled, 54410);
    n = bls_cell_parse("12345", 2);
    assert_int_equal(n.scaled, 12);
    n = bls_cell_parse(NULL, 0);
    assert_int_equal(n.state, BLS_CELL_EMPTY);
}

static void test_markers_round_trip_and_describe(void **state)
{
    (void)state;
    static const bls_cell_state markers[] = {BLS_CELL_WAGE_NA, BLS_CELL_EMP_NA, BLS_CELL_TOP_CODED,
                                             BLS_CELL_UNDER_HALF};
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++) {
        const char *text = bls_cell_marker(markers[i]);
        assert_non_null(text);
        assert_int_equal(bls_cell_parse(text, strlen(text)).state, markers[i]);
        assert_true(strlen(bls_cell_state_describe(markers[i])) > 0);
    }
    assert_null(bls_cell_marker(BLS_CELL_VALUE));
    assert_null(bls_cell_marker(BLS_CELL_EMPTY));
    assert_string_equal(bls_cell_state_describe(BLS_CELL_WAGE_NA), "wage estimate not available");
}

typedef struct compare_case {
    const char *a, *b;
    int sign;
} compare_case;

static void test_compare_is_exact_across_precisions(void **state)
{
    (void)state;
    static const compare_case cases[] = {
        {"40.9", "40.90", 0},
        {"40.9", "40.91", -1},
        {"54,410", "54410.00", 0},
        {"54410", "54409.999999", 1},
        {"-3.25", "-3.2", -1},
        {"0.1", "0.100001", -1},
        {"$27.45", "27.45", 0},
        {"9223372036854775807", "1.5", 1},
        {"-9223372036854775807", "1.5", -1},
        {"9223372036854775807", "9223372036854.775807", 1},
        {"-9223372036854775807", "-1.000001", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bls_number a = bls_cell_parse(cases[i].a, strlen(cases[i].a));
        bls_number b = bls_cell_parse(cases[i].b, strlen(cases[i].b));
        assert_int_equal(a.state, BLS_CELL_VALUE);
        assert_int_equal(b.state, BLS_CELL_VALUE);
        int ab = bls_number_compare(&a, &b);
        int ba = bls_number_compare(&b, &a);
        assert_int_equal((ab > 0) - (ab < 0), cases[i].sign);
        assert_int_equal((ba > 0) - (ba < 0), -cases[i].sign);
    }
}

static void test_compare_with_a_marker_is_zero(void **state)
{
    (void)state;
    bls_number value = bls_number_make(5, 0);
    bls_number marker = bls_cell_parse("*", 1);
    assert_int_equal(bls_number_compare(&value, &marker), 0);
    assert_int_equal(bls_number_compare(&marker, &value), 0);
    assert_int_equal(bls_number_compare(NULL, &value), 0);
}

typedef struct rescale_case {
    int64_t scaled;
    unsigned from, to;
    int status;
    int64_t expected;
} rescale_case;

static void test_rescale_rounds_half_away_from_zero_and_detects_overflow(void **state)
{
    (void)state;
    static const rescale_case cases[] = {
        {2745, 2, 0, 0, 27},
        {2750, 2, 0, 0, 28},
        {-2750, 2, 0, 0, -28},
        {-2749, 2, 0, 0, -27},
        {15, 1, 0, 0, 2},
        {-15, 1, 0, 0, -2},
        {14, 1, 0, 0, 1},
        {409, 1, 3, 0, 40900},
        {409, 1, 1, 0, 409},
        {0, 0, 40, 0, 0},
        {1, 0, 18, 0, 1000000000000000000},
        {10, 0, 18, -1, 0},
        {INT64_MAX, 0, 1, -1, 0},
        {1, 0, 20, -1, 0},
        {INT64_MAX, 19, 0, 0, 1},
        {INT64_MAX, 25, 0, 0, 0},
        {INT64_MIN, 0, 0, 0, INT64_MIN},
        {INT64_MIN, 1, 0, 0, -922337203685477581},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bls_number n = bls_number_make(cases[i].scaled, cases[i].from);
        int64_t out = 12345;
        int status = bls_number_rescale(&n, cases[i].to, &out);
        assert_int_equal(status, cases[i].status);
        if (status == 0)
            assert_int_equal(out, cases[i].expected);
        else
            assert_int_equal(out, 12345); /* untouched on failure */
    }
}

typedef struct format_case {
    int64_t scaled;
    unsigned decimals;
    const char *text;
} format_case;

static void test_format_writes_plain_decimal_text(void **state)
{
    (void)state;
    static const format_case cases[] = {
        {54410, 0, "54410"},
        {409, 1, "40.9"},
        {-325, 2, "-3.25"},
        {5, 2, "0.05"},
        {-5, 3, "-0.005"},
        {0, 0, "0"},
        {0, 2, "0.00"},
        {4090, 2, "40.90"},
        {INT64_MAX, 0, "9223372036854775807"},
        {INT64_MIN, 0, "-9223372036854775808"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bls_number n = bls_number_make(cases[i].scaled, cases[i].decimals);
        char buf[64];
        size_t len = bls_number_format(&n, buf, sizeof buf);
        assert_string_equal(buf, cases[i].text);
        assert_int_equal(len, strlen(cases[i].text));
    }
}

static void test_format_refuses_small_buffers_and_markers(void **state)
{
    (void)state;
    bls_number n = bls_number_make(-325, 2);
    char buf[8];
    assert_int_equal(bls_number_format(&n, buf, 5), 0); /* "-3.25" needs 6 */
    assert_int_equal(bls_number_format(&n, buf, 6), 5);
    assert_string_equal(buf, "-3.25");
    bls_number marker = bls_cell_parse("#", 1);
    assert_int_equal(bls_number_format(&marker, buf, sizeof buf), 0);
}

static void test_parse_then_format_round_trips(void **state)
{
    (void)state;
    static const char *const texts[] = {"54,410", "$27.45", "40.9%", "(1.5)", "0.05"};
    static const char *const plain[] = {"54410", "27.45", "40.9", "-1.5", "0.05"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        bls_number n = bls_cell_parse(texts[i], strlen(texts[i]));
        char buf[32];
        assert_true(bls_number_format(&n, buf, sizeof buf) > 0);
        assert_string_equal(buf, plain[i]);
    }
}

static void test_to_double_is_the_scaled_value(void **state)
{
    (void)state;
    bls_number n = bls_cell_parse("$27.45", 6);
    double d = bls_number_to_double(&n);
    assert_true(d > 27.449999 && d < 27.450001);
    bls_number marker = bls_cell_parse("*", 1);
    assert_true(bls_number_to_double(&marker) == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_as_bls_writes_them_are_parsed_exactly),
        cmocka_unit_test(test_markers_and_blanks_are_typed_states_not_zero),
        cmocka_unit_test(test_malformed_numbers_are_invalid),
        cmocka_unit_test(test_parse_reads_only_len_bytes),
        cmocka_unit_test(test_markers_round_trip_and_describe),
        cmocka_unit_test(test_compare_is_exact_across_precisions),
        cmocka_unit_test(test_compare_with_a_marker_is_zero),
        cmocka_unit_test(test_rescale_rounds_half_away_from_zero_and_detects_overflow),
        cmocka_unit_test(test_format_writes_plain_decimal_text),
        cmocka_unit_test(test_format_refuses_small_buffers_and_markers),
        cmocka_unit_test(test_parse_then_format_round_trips),
        cmocka_unit_test(test_to_double_is_the_scaled_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
