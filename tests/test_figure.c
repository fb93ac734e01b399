/*
 * test_figure.c - figures as articles write them: signs (U+2212, dashes),
 * scales (K, thousand, million), no-break and thin spaces between groups,
 * percent words, European dots in dollar amounts, decimal commas where
 * unambiguous. The dollar and percent values are synthetic unless they
 * repeat the seed article's ($54,410, 41%).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "blsreport/base/figure.h"

#define MINUS "\xE2\x88\x92"
#define EN "\xE2\x80\x93"
#define EM "\xE2\x80\x94"
#define NBSP "\xC2\xA0"
#define THIN "\xE2\x80\x89"
#define NNBSP "\xE2\x80\xAF"

enum { D = BLS_NUM_DOLLAR, P = BLS_NUM_PERCENT, T = BLS_NUM_THOUSANDS, N = BLS_NUM_NEGATIVE };

static const struct {
    const char *text;
    int64_t scaled;
    unsigned decimals;
    unsigned flags;
} valid[] = {
    {"$54,410", 54410, 0, D | T},
    {"41%", 41, 0, P},
    {"-14%", -14, 0, P | N},
    {MINUS "41%", -41, 0, P | N},
    {EN "14%", -14, 0, P | N},
    {EM "14%", -14, 0, P | N},
    {"+5%", 5, 0, P},
    {"5 percent", 5, 0, P},
    {"5-percent", 5, 0, P},
    {"5 per cent", 5, 0, P},
    {"5" NBSP "%", 5, 0, P},
    {"41 %", 41, 0, P},
    {"$54K", 54000, 0, D},
    {"$54k", 54000, 0, D},
    {"$54.4 thousand", 54400, 0, D},
    {"$54.4" NBSP "thousand", 54400, 0, D},
    {"$1.25 million", 1250000, 0, D},
    {"$1.2M", 1200000, 0, D},
    {"$54" NBSP "410", 54410, 0, D | T},
    {"$54" THIN "410", 54410, 0, D | T},
    {"$1" NNBSP "234" NNBSP "567", 1234567, 0, D | T},
    {"$54.410", 54410, 0, D | T},      /* European thousands dot in a wage */
    {"$54.410,50", 5441050, 2, D | T}, /* and its decimal comma */
    {"$54.41", 5441, 2, D},            /* two decimals: cents */
    {"$27.45", 2745, 2, D},
    {"5,5%", 55, 1, P}, /* a comma that cannot group is a decimal comma */
    {"$54,41", 5441, 2, D},
    {"54.410%", 54410, 3, P}, /* no '$': a dot is always the decimal point */
    {"  $ 54,410  ", 54410, 0, D | T},
    {"-$5", -5, 0, D | N},
    {"$-5", -5, 0, D | N},
    {"1,234,567", 1234567, 0, T},
};

static const char *const invalid[] = {
    "",
    "$",
    "%",
    "abc",
    "5,4410",
    "$54 410", /* an ASCII space is no group separator */
    "41%%",
    "5 percentage",
    "$54Kb",
    "54K%x",
    "$54" NBSP "41",
    "1,23,456",
    "$1.2 trillion",
    "99999999999999999999999",
    "$9999999999999999 billion",
    "2014,5%", /* "In 2014,5% of" */
};

static void test_figures_as_articles_write_them(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        print_message("%s\n", valid[i].text);
        bls_number n = bls_figure_parse(valid[i].text, strlen(valid[i].text));
        assert_int_equal(n.state, BLS_CELL_VALUE);
        assert_int_equal(n.scaled, valid[i].scaled);
        assert_int_equal(n.decimals, valid[i].decimals);
        assert_int_equal(n.flags, valid[i].flags);
    }
}

static void test_text_that_is_no_figure_is_invalid(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        print_message("%s\n", invalid[i]);
        assert_int_equal(bls_figure_parse(invalid[i], strlen(invalid[i])).state, BLS_CELL_INVALID);
    }
    assert_int_equal(bls_figure_parse(NULL, 3).state, BLS_CELL_INVALID);
}

static void test_a_dash_that_joins_words_is_no_sign(void **state)
{
    (void)state;
    static const struct {
        const char *text; /* the figure starts at the end of it */
        size_t sign;
        int negative;
    } cases[] = {
        {"grew 2012-", 0, 0}, {"techs" EM, 0, 0}, {"2012" EN, 0, 0}, {"fell by " MINUS, 3, 1},
        {"(" EN, 3, 1},       {" -", 1, 1},       {"+", 1, 0},       {"", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int negative = -1;
        size_t len = strlen(cases[i].text);
        assert_int_equal(bls_figure_sign_before(cases[i].text, len, 0, &negative), cases[i].sign);
        if (cases[i].sign)
            assert_int_equal(negative, cases[i].negative);
    }
}

static void test_number_extent_and_normal_form(void **state)
{
    (void)state;
    char norm[8];
    /* extents as the extractor uses them: the rest of the text is not read */
    assert_int_equal(bls_figure_number("54,410 workers", 14, 0, norm, sizeof norm), 6);
    assert_string_equal(norm, "54410");
    assert_int_equal(bls_figure_number("2014.", 5, 0, norm, sizeof norm), 4);
    assert_int_equal(bls_figure_number("1,2345", 6, 0, norm, sizeof norm), 1);
    /* a number longer than the caller's buffer leaves it empty */
    assert_int_equal(bls_figure_number("123456789", 9, 0, norm, sizeof norm), 9);
    assert_string_equal(norm, "");
    assert_int_equal(bls_figure_number("x", 1, 0, norm, sizeof norm), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures_as_articles_write_them),
        cmocka_unit_test(test_text_that_is_no_figure_is_invalid),
        cmocka_unit_test(test_a_dash_that_joins_words_is_no_sign),
        cmocka_unit_test(test_number_extent_and_normal_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
