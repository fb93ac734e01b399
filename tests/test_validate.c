/*
 * test_validate.c - records (bls_record_parse) and the row rules (validator).
 *
 * Rows are built in memory from CSV text with a small splitter below, and
 * layouts are built by hand from a column list (they are public structs),
 * so these tests do not depend on the reader or on header recognition. One
 * test at the end runs a fixture through the real reader and layout detector.
 *
 * Every figure here is SYNTHETIC (chosen to sit on or just past a rule's
 * boundary); none is a BLS figure.
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
#include "blsreport/base/diag.h"
#include "blsreport/check/validate.h"
#include "blsreport/read/layout.h"
#include "blsreport/read/reader.h"

#define NO_RULE (-1)
#define TEST_PATH "synthetic.csv"

/* ------------------------------------------------------------------ */
/* Layouts by hand                                                     */
/* ------------------------------------------------------------------ */

static bls_layout layout_from(bls_kind kind, const bls_column *cols, size_t n)
{
    bls_layout l;
    memset(&l, 0, sizeof l);
    l.kind = kind;
    l.name = "test layout";
    for (size_t c = 0; c < BLS_COL_COUNT; c++)
        l.index[c] = -1;
    for (size_t i = 0; i < n; i++)
        l.index[cols[i]] = (int)i;
    l.width = n;
    l.header_rows = 1;
    return l;
}

/* national_M2014_dl: 20 columns, 1-based field numbers in the comments */
static const bls_column national_columns[] = {
    BLS_COL_OCC_CODE, /* 1 */ BLS_COL_OCC_TITLE, /* 2 */ BLS_COL_OCC_GROUP, /* 3 */
    BLS_COL_TOT_EMP,  /* 4 */ BLS_COL_EMP_PRSE,  /* 5 */ BLS_COL_H_MEAN,    /* 6 */
    BLS_COL_A_MEAN,   /* 7 */ BLS_COL_MEAN_PRSE, /* 8 */ BLS_COL_H_PCT10,   /* 9 */
    BLS_COL_H_PCT25,  /* 10 */ BLS_COL_H_MEDIAN, /* 11 */ BLS_COL_H_PCT75,  /* 12 */
    BLS_COL_H_PCT90,  /* 13 */ BLS_COL_A_PCT10,  /* 14 */ BLS_COL_A_PCT25,  /* 15 */
    BLS_COL_A_MEDIAN, /* 16 */ BLS_COL_A_PCT75,  /* 17 */ BLS_COL_A_PCT90,  /* 18 */
    BLS_COL_ANNUAL,   /* 19 */ BLS_COL_HOURLY,                              /* 20 */
};

/* EP 2012-22 table: "title and code" in field 1 */
static const bls_column ep_columns[] = {
    BLS_COL_OCC_TITLE,       /* 1 (also OCC_CODE) */ BLS_COL_EP_OCC_TYPE, /* 2 */
    BLS_COL_EP_EMP_BASE,     /* 3 */ BLS_COL_EP_EMP_PROJ,                 /* 4 */
    BLS_COL_EP_CHANGE_NUM,   /* 5 */ BLS_COL_EP_CHANGE_PCT,               /* 6 */
    BLS_COL_EP_SELF_EMP_PCT, /* 7 */ BLS_COL_EP_OPENINGS,                 /* 8 */
    BLS_COL_EP_MEDIAN_WAGE,  /* 9 */ BLS_COL_EP_EDUCATION,                /* 10 */
    BLS_COL_EP_EXPERIENCE,   /* 11 */ BLS_COL_EP_TRAINING,                /* 12 */
};

/* A reduced all-data layout: the block key, the occupation, employment. */
static const bls_column block_columns[] = {
    BLS_COL_AREA,     /* 1 */ BLS_COL_NAICS,     /* 2 */ BLS_COL_OWN_CODE,  /* 3 */
    BLS_COL_OCC_CODE, /* 4 */ BLS_COL_OCC_TITLE, /* 5 */ BLS_COL_OCC_GROUP, /* 6 */
    BLS_COL_TOT_EMP,                                                        /* 7 */
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static bls_layout national_layout(void)
{
    return layout_from(BLS_KIND_WAGES, national_columns, COUNT_OF(national_columns));
}

static bls_layout ep_layout(void)
{
    bls_layout l = layout_from(BLS_KIND_PROJECTIONS, ep_columns, COUNT_OF(ep_columns));
    l.index[BLS_COL_OCC_CODE] = 0;
    l.code_in_title = 1;
    l.base_year = 2012;
    l.target_year = 2022;
    return l;
}

static bls_layout block_layout(void)
{
    return layout_from(BLS_KIND_WAGES, block_columns, COUNT_OF(block_columns));
}

/* ------------------------------------------------------------------ */
/* Rows from CSV text                                                  */
/* ------------------------------------------------------------------ */

typedef struct test_row {
    char text[4096];
    bls_field fields[64];
    bls_row row;
} test_row;

/* Split one CSV line (quotes and "" escapes) into t->row. */
static void make_row(test_row *t, const char *csv, uint64_t line)
{
    size_t out = 0, count = 0;
    const char *p = csv;
    memset(&t->row, 0, sizeof t->row);
    for (;;) {
        assert_true(count < COUNT_OF(t->fields));
        bls_field *f = &t->fields[count++];
        f->data = t->text + out;
        f->quoted = 0;
        if (*p == '"') {
            f->quoted = 1;
            p++;
            while (*p && !(p[0] == '"' && p[1] != '"')) {
                if (p[0] == '"')
                    p++;
                t->text[out++] = *p++;
            }
            if (*p == '"')
                p++;
        }
        while (*p && *p != ',')
            t->text[out++] = *p++;
        f->len = (size_t)(t->text + out - f->data);
        t->text[out++] = '\0';
        assert_true(out < sizeof t->text - 64);
        if (*p != ',')
            break;
        p++;
    }
    t->row.fields = t->fields;
    t->row.count = count;
    t->row.line = line;
    t->row.line_end = line;
    t->row.raw = csv;
    t->row.raw_len = strlen(csv);
}

/* Parse and validate one row; the findings go to @p findings. */
static bls_status run_row(bls_validator *v, const bls_layout *layout, const char *csv,
                          uint64_t line, int too_long, bls_findings *findings,
                          bls_row_outcome *outcome)
{
    test_row t;
    make_row(&t, csv, line);
    t.row.too_long = too_long;
    bls_record rec;
    bls_record_parse(layout, &t.row, &rec);
    return bls_validate_record(v, &rec, findings, outcome);
}

static int valid_utf8(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        int extra = *u < 0x80             ? 0
                    : (*u & 0xE0) == 0xC0 ? 1
                    : (*u & 0xF0) == 0xE0 ? 2
                    : (*u & 0xF8) == 0xF0 ? 3
                                          : -1;
        if (extra < 0)
            return 0;
        u++;
        for (int i = 0; i < extra; i++, u++)
            if ((*u & 0xC0) != 0x80)
                return 0;
    }
    return 1;
}

/* ------------------------------------------------------------------ */
/* The rule table: one row each, a passing and a failing case a rule   */
/* ------------------------------------------------------------------ */

enum { NATIONAL, EP };

typedef struct rule_case {
    const char *description;
    int layout;
    const char *csv;
    int too_long;
    int year;               /* survey year of a wage file; 0 = 2014 */
    int expect_rule;        /* bls_rule, or NO_RULE for "no finding at all" */
    size_t expect_count;    /* findings, all of expect_rule */
    uint32_t expect_column; /* of the first finding */
    int expect_rejected;
} rule_case;

/* SYNTHETIC base rows: every hourly figure x 2080 is its annual figure. */
#define NAT_TAIL                                                                                   \
    "10.00,15.00,20.00,25.00,30.00,\"20,800\",\"31,200\",\"41,600\",\"52,000\",\"62,400\""
#define NAT_OK                                                                                     \
    "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0," NAT_TAIL ",,"
#define EP_TAIL ",,,,,,"

static const rule_case rule_cases[] = {
    {"a consistent detailed row passes", NATIONAL, NAT_OK, 0, 0, NO_RULE, 0, 0, 0},
    {"the total row 00-0000 is a SOC code", NATIONAL,
     "00-0000,All occupations,total,\"1,000\",2.0,20.00,\"41,600\",1.0," NAT_TAIL ",,", 0, 0,
     NO_RULE, 0, 0, 0},
    {"a code with a letter is rejected", NATIONAL,
     "29-205X,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0," NAT_TAIL ",,", 0,
     0, BLS_RULE_SOC_FORMAT, 1, 1, 1},
    {"a missing code is rejected", NATIONAL,
     ",Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0," NAT_TAIL ",,", 0, 0,
     BLS_RULE_SOC_FORMAT, 1, 1, 1},
    {"military major group 55 exists", NATIONAL,
     "55-1011,Synthetic officers,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0," NAT_TAIL ",,", 0, 0,
     NO_RULE, 0, 0, 0},
    {"major group 28 does not exist", NATIONAL,
     "28-1011,Synthetic workers,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0," NAT_TAIL ",,", 0, 0,
     BLS_RULE_SOC_MAJOR_GROUP, 1, 1, 1},
    {"trailing empty fields are not too wide", NATIONAL, NAT_OK ",,", 0, 0, NO_RULE, 0, 0, 0},
    {"a non-empty extra field is too wide", NATIONAL, NAT_OK ",,x", 0, 0, BLS_RULE_ROW_TOO_WIDE, 1,
     22, 1},
    {"a missing last field is too narrow", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0," NAT_TAIL ",", 0,
     0, BLS_RULE_ROW_TOO_NARROW, 1, 0, 1},
    {"a cut field rejects the row without a second finding", NATIONAL, NAT_OK, 1, 0, NO_RULE, 0, 0,
     1},
    {"a number without separators is a number", NATIONAL,
     "29-2053,Synthetic technicians,detailed,1000,2.0,20.00,\"41,600\",1.0," NAT_TAIL ",,", 0, 0,
     NO_RULE, 0, 0, 0},
    {"text in TOT_EMP is not a number", NATIONAL,
     "29-2053,Synthetic technicians,detailed,1.0.0,2.0,20.00,\"41,600\",1.0," NAT_TAIL ",,", 0, 0,
     BLS_RULE_NUMBER_PARSE, 1, 4, 0},
    {"** in employment and * in wages are where they belong", NATIONAL,
     "29-2053,Synthetic technicians,detailed,**,**,*,*,*,*,*,*,*,*,*,*,*,*,*,,", 0, 0, NO_RULE, 0,
     0, 0},
    {"* in TOT_EMP is misplaced", NATIONAL,
     "29-2053,Synthetic technicians,detailed,*,2.0,20.00,\"41,600\",1.0," NAT_TAIL ",,", 0, 0,
     BLS_RULE_MARKER_MISPLACED, 1, 4, 0},
    {"** in A_MEAN is misplaced", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,**,1.0," NAT_TAIL ",,", 0, 0,
     BLS_RULE_MARKER_MISPLACED, 1, 7, 0},
    {"~ in EMP_PRSE is misplaced", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",~,20.00,\"41,600\",1.0," NAT_TAIL ",,", 0, 0,
     BLS_RULE_MARKER_MISPLACED, 1, 5, 0},
    {"ANNUAL true in lower case is a flag", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0," NAT_TAIL ",true,",
     0, 0, NO_RULE, 0, 0, 0},
    {"HOURLY yes is not a flag", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0," NAT_TAIL ",,yes",
     0, 0, BLS_RULE_FLAG_VALUE, 1, 20, 0},
    {"OCC_GROUP is read without case", NATIONAL,
     "29-2053,Synthetic technicians,Detailed,\"1,000\",2.0,20.00,\"41,600\",1.0," NAT_TAIL ",,", 0,
     0, NO_RULE, 0, 0, 0},
    {"detailed on a broad code is tolerated", NATIONAL,
     "29-2050,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0," NAT_TAIL ",,", 0,
     0, NO_RULE, 0, 0, 0},
    {"major on a detailed code is a conflict", NATIONAL,
     "29-2053,Synthetic technicians,major,\"1,000\",2.0,20.00,\"41,600\",1.0," NAT_TAIL ",,", 0, 0,
     BLS_RULE_OCC_GROUP, 1, 3, 0},
    {"an unknown group name is flagged", NATIONAL,
     "29-2053,Synthetic technicians,special,\"1,000\",2.0,20.00,\"41,600\",1.0," NAT_TAIL ",,", 0,
     0, BLS_RULE_OCC_GROUP, 1, 3, 0},
    {"zero employment is not negative", NATIONAL,
     "29-2053,Synthetic technicians,detailed,0,2.0,20.00,\"41,600\",1.0," NAT_TAIL ",,", 0, 0,
     NO_RULE, 0, 0, 0},
    {"negative employment is an error that keeps the row", NATIONAL,
     "29-2053,Synthetic technicians,detailed,-10,2.0,20.00,\"41,600\",1.0," NAT_TAIL ",,", 0, 0,
     BLS_RULE_NEGATIVE, 1, 4, 0},
    {"equal neighbouring percentiles are in order", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0,"
     "10.00,20.00,20.00,25.00,30.00,\"20,800\",\"41,600\",\"41,600\",\"52,000\",\"62,400\",,",
     0, 0, NO_RULE, 0, 0, 0},
    {"percentiles skip markers when ordering", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0,"
     "10.00,*,20.00,25.00,#,\"20,800\",*,\"41,600\",\"52,000\",#,,",
     0, 0, NO_RULE, 0, 0, 0},
    {"a 25th percentile above the median is out of order (both ladders)", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0,"
     "10.00,21.00,20.00,25.00,30.00,\"20,800\",\"43,680\",\"41,600\",\"52,000\",\"62,400\",,",
     0, 0, BLS_RULE_PERCENTILE_ORDER, 2, 11, 0},
    {"annual within $15.90 of hourly x 2080 agrees (BLS rounds annual to $10)", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,615\",1.0," NAT_TAIL ",,", 0,
     0, NO_RULE, 0, 0, 0},
    {"annual $15.90 below hourly x 2080 agrees", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,41584.10,1.0," NAT_TAIL ",,", 0, 0,
     NO_RULE, 0, 0, 0},
    {"annual $16 off hourly x 2080 disagrees", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,616\",1.0," NAT_TAIL ",,", 0,
     0, BLS_RULE_ANNUAL_HOURLY, 1, 7, 0},
    {"the ANNUAL flag excuses annual and hourly from agreeing", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"50,000\",1.0," NAT_TAIL ",TRUE,",
     0, 0, NO_RULE, 0, 0, 0},
    {"# above the cap is the top code (2014)", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0,"
     "10.00,15.00,20.00,25.00,#,\"20,800\",\"31,200\",\"41,600\",\"52,000\",#,,",
     0, 0, NO_RULE, 0, 0, 0},
    {"a 90th percentile above the 2014 cap should be #", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0,"
     "10.00,15.00,20.00,25.00,91.35,\"20,800\",\"31,200\",\"41,600\",\"52,000\",\"190,008\",,",
     0, 0, BLS_RULE_TOP_CODE, 2, 13, 0},
    {"the same figures are below the 2017 cap", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0,"
     "10.00,15.00,20.00,25.00,91.35,\"20,800\",\"31,200\",\"41,600\",\"52,000\",\"190,008\",,",
     0, 2017, NO_RULE, 0, 0, 0},
    {"a figure equal to the 2021 cap should be #", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0,"
     "10.00,15.00,20.00,25.00,115.00,\"20,800\",\"31,200\",\"41,600\",\"52,000\",\"239,200\",,",
     0, 2021, BLS_RULE_TOP_CODE, 2, 13, 0},
    {"a figure just below the 2021 cap is fine", NATIONAL,
     "29-2053,Synthetic technicians,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0,"
     "10.00,15.00,20.00,25.00,114.99,\"20,800\",\"31,200\",\"41,600\",\"52,000\",\"239,179\",,",
     0, 2021, NO_RULE, 0, 0, 0},
    /* EP: base 100.0, projected 141.0, change 41.0 (thousands), 41.0 percent */
    {"a consistent EP line passes", EP,
     "\"Synthetic assistants (31-2021)\",Line item,100.0,141.0,41.0,41.0" EP_TAIL, 0, 0, NO_RULE, 0,
     0, 0},
    {"an EP title without a code is rejected", EP,
     "\"Synthetic assistants\",Line item,100.0,141.0,41.0,41.0" EP_TAIL, 0, 0, BLS_RULE_SOC_FORMAT,
     1, 1, 1},
    {"a change 0.1 thousand off is rounding", EP,
     "\"Synthetic assistants (31-2021)\",Line item,100.0,141.1,41.0,41.0" EP_TAIL, 0, 0, NO_RULE, 0,
     0, 0},
    {"a change 0.2 thousand off is an error", EP,
     "\"Synthetic assistants (31-2021)\",Line item,100.0,141.2,41.0,41.0" EP_TAIL, 0, 0,
     BLS_RULE_EP_CHANGE, 1, 5, 0},
    {"a percent 0.1 off is rounding", EP,
     "\"Synthetic assistants (31-2021)\",Line item,100.0,141.0,41.0,41.1" EP_TAIL, 0, 0, NO_RULE, 0,
     0, 0},
    {"a percent 0.2 off is an error", EP,
     "\"Synthetic assistants (31-2021)\",Line item,100.0,141.0,41.0,41.2" EP_TAIL, 0, 0,
     BLS_RULE_EP_PERCENT, 1, 6, 0},
    {"a whole-number percent is compared at its own precision", EP,
     "\"Synthetic assistants (31-2021)\",Line item,100.0,141.4,41.4,41" EP_TAIL, 0, 0, NO_RULE, 0,
     0, 0},
    {"a whole-number percent a unit off is an error", EP,
     "\"Synthetic assistants (31-2021)\",Line item,100.0,141.0,41.0,42" EP_TAIL, 0, 0,
     BLS_RULE_EP_PERCENT, 1, 6, 0},
    {"a missing base skips both EP checks", EP,
     "\"Synthetic assistants (31-2021)\",Line item,,141.0,41.0,45.0" EP_TAIL, 0, 0, NO_RULE, 0, 0,
     0},
    {"an EP occupation type that is neither Summary nor Line item", EP,
     "\"Synthetic assistants (31-2021)\",Detail,100.0,141.0,41.0,41.0" EP_TAIL, 0, 0,
     BLS_RULE_OCC_GROUP, 1, 2, 0},
    {"negative EP openings are an error", EP,
     "\"Synthetic assistants (31-2021)\",Line item,100.0,141.0,41.0,41.0,,-3.0,,,,"
     "",
     0, 0, BLS_RULE_NEGATIVE, 1, 8, 0},
    {"** in EP base employment is misplaced", EP,
     "\"Synthetic assistants (31-2021)\",Line item,**,141.0,41.0,41.0" EP_TAIL, 0, 0,
     BLS_RULE_MARKER_MISPLACED, 1, 3, 0},
};

static void test_each_rule_passes_and_fails_as_tabled(void **state)
{
    (void)state;
    bls_layout national = national_layout();
    bls_layout ep = ep_layout();
    for (size_t i = 0; i < COUNT_OF(rule_cases); i++) {
        const rule_case *tc = &rule_cases[i];
        const bls_layout *layout = tc->layout == EP ? &ep : &national;
        bls_period period = {tc->year ? tc->year : 2014, tc->year ? tc->year : 2014, 5};
        bls_findings *findings = bls_findings_new(0);
        bls_validator *v = bls_validator_new(TEST_PATH, layout, &period);
        assert_non_null(findings);
        assert_non_null(v);
        bls_row_outcome outcome;
        const uint64_t line = 7;
        print_message("case: %s\n", tc->description);
        assert_int_equal(run_row(v, layout, tc->csv, line, tc->too_long, findings, &outcome),
                         BLS_OK);
        assert_int_equal(bls_validator_finish(v, findings), BLS_OK);
        if (tc->expect_rule == NO_RULE) {
            for (size_t f = 0; f < bls_findings_count(findings); f++)
                print_message("  unexpected: %s col %u: %s\n",
                              bls_rule_get(bls_findings_at(findings, f)->rule)->id,
                              (unsigned)bls_findings_at(findings, f)->column,
                              bls_findings_at(findings, f)->message);
            assert_int_equal(bls_findings_count(findings), 0);
        } else {
            assert_int_equal(bls_findings_count(findings), tc->expect_count);
            for (size_t f = 0; f < tc->expect_count; f++) {
                const bls_finding *fd = bls_findings_at(findings, f);
                assert_int_equal(fd->rule, tc->expect_rule);
                assert_int_equal(fd->line, line);
                assert_string_equal(fd->path, TEST_PATH);
                assert_true(valid_utf8(fd->message));
            }
            assert_int_equal(bls_findings_at(findings, 0)->column, tc->expect_column);
        }
        assert_int_equal(outcome.rejected != 0, tc->expect_rejected);
        if (tc->expect_rejected) {
            const char *id = tc->expect_rule == NO_RULE
                                 ? bls_rule_get(BLS_RULE_FIELD_TOO_LONG)->id
                                 : bls_rule_get((bls_rule)tc->expect_rule)->id;
            assert_true(strncmp(outcome.reason, id, strlen(id)) == 0);
            assert_true(outcome.reason[strlen(id)] == ':');
        } else {
            assert_string_equal(outcome.reason, "");
        }
        bls_validator_free(v);
        bls_findings_free(findings);
    }
}

/* ------------------------------------------------------------------ */
/* Rejection reasons                                                   */
/* ------------------------------------------------------------------ */

static void test_reason_joins_every_rejecting_rule(void **state)
{
    (void)state;
    bls_layout national = national_layout();
    bls_validator *v = bls_validator_new(TEST_PATH, &national, NULL);
    bls_findings *findings = bls_findings_new(0);
    bls_row_outcome outcome;
    /* a cut field and a missing last field: two reasons, one new finding */
    assert_int_equal(run_row(v, &national,
                             "29-2053,Synthetic technicians,detailed,1,2,,,,,,,,,,,,,,", 3, 1,
                             findings, &outcome),
                     BLS_OK);
    assert_true(outcome.rejected);
    assert_non_null(strstr(outcome.reason, "cell-too-long: "));
    assert_non_null(strstr(outcome.reason, "; row-too-narrow: "));
    assert_int_equal(bls_findings_count(findings), 1);
    assert_int_equal(bls_findings_at(findings, 0)->rule, BLS_RULE_ROW_TOO_NARROW);
    assert_int_equal(bls_findings_at(findings, 0)->line, 3);
    assert_int_equal(bls_findings_at(findings, 0)->column, 0);
    bls_validator_free(v);
    bls_findings_free(findings);
}

/* A row with a cut field and an extra field that is not blank: every
 * rejecting rule is in the reason, whole, in table order; the next row's
 * outcome starts afresh (the buffer is reused). */
static void test_reason_of_a_row_breaking_many_rules_is_whole(void **state)
{
    (void)state;
    bls_layout national = national_layout();
    bls_validator *v = bls_validator_new(TEST_PATH, &national, NULL);
    bls_findings *findings = bls_findings_new(0);
    assert_non_null(v);
    assert_non_null(findings);
    char csv[1024] = "29-2053,Synthetic technicians,detailed";
    for (size_t i = 3; i < national.width; i++)
        strcat(csv, ",1");
    strcat(csv,
           ",an extra field that the header does not have and that is quoted up to sixty bytes");
    bls_row_outcome outcome;
    assert_int_equal(run_row(v, &national, csv, 7, 1, findings, &outcome), BLS_OK);
    assert_true(outcome.rejected);
    char want[512];
    snprintf(want, sizeof want,
             "cell-too-long: a field was cut at the length limit; row-too-wide: row has %zu "
             "fields but the header has %zu; field %zu is \"an extra field that the header does "
             "not have and that is quo\"",
             national.width + 1, national.width, national.width + 1);
    assert_string_equal(outcome.reason, want);

    /* the next row: accepted, its reason empty */
    assert_int_equal(
        run_row(v, &national, "29-2054,Synthetic technicians,detailed", 8, 0, findings, &outcome),
        BLS_OK);
    if (!outcome.rejected)
        assert_string_equal(outcome.reason, "");
    bls_validator_free(v);
    bls_findings_free(findings);
}

/* A reason that cannot grow is an error, never a cut reason. */
static void test_reason_allocation_failure_is_reported(void **state)
{
    (void)state;
    bls_layout national = national_layout();
    int failed = 0, succeeded = 0, fired = 1;
    for (long n = 0; n < 100000 && fired; n++) {
        bls_validator *v = bls_validator_new(TEST_PATH, &national, NULL);
        assert_non_null(v);
        bls_row_outcome outcome;
        sweep_fail_after(n);
        bls_status st = run_row(v, &national, "29-2053,Synthetic technicians,detailed,1,2", 3, 1,
                                NULL, &outcome);
        fired = sweep_end_run();
        if (st == BLS_OK) {
            assert_true(outcome.rejected);
            assert_non_null(strstr(outcome.reason, "cell-too-long: a field was cut at the length "
                                                   "limit; row-too-narrow: row has 5 fields"));
            succeeded = 1;
        } else {
            assert_int_equal(st, BLS_ERR_NOMEM);
            failed = 1;
        }
        bls_validator_free(v);
    }
    assert_true(failed && succeeded);
}

static void test_reason_quotes_cell_text_without_splitting_utf8(void **state)
{
    (void)state;
    bls_layout national = national_layout();
    bls_validator *v = bls_validator_new(TEST_PATH, &national, NULL);
    bls_findings *findings = bls_findings_new(0);
    char csv[1024] = "x";
    for (int i = 0; i < 100; i++)
        strcat(csv, "\xC3\xA9"); /* e-acute: a cut at an odd byte would split one */
    strcat(csv, ",Synthetic,detailed,,,,,,,,,,,,,,,,,");
    bls_row_outcome outcome;
    assert_int_equal(run_row(v, &national, csv, 2, 0, findings, &outcome), BLS_OK);
    assert_true(outcome.rejected);
    assert_true(strlen(outcome.reason) < 200); /* the code quoted is clipped, not the reason */
    assert_true(valid_utf8(outcome.reason));
    assert_int_equal(bls_findings_count(findings), 1);
    assert_int_equal(bls_findings_at(findings, 0)->rule, BLS_RULE_SOC_FORMAT);
    assert_true(valid_utf8(bls_findings_at(findings, 0)->message));
    assert_true(strlen(bls_findings_at(findings, 0)->message) < 200);
    bls_validator_free(v);
    bls_findings_free(findings);
}

/* ------------------------------------------------------------------ */
/* Records                                                             */
/* ------------------------------------------------------------------ */

static void assert_text(const bls_record *rec, bls_column col, const char *expected)
{
    size_t len = 99;
    const char *text = bls_record_text(rec, col, &len);
    assert_int_equal(len, strlen(expected));
    assert_memory_equal(text, expected, len);
}

static void test_ep_title_and_code_are_split(void **state)
{
    (void)state;
    static const struct {
        const char *csv;
        const char *soc, *title;
        bls_occ_group group;
    } cases[] = {
        {"\"Physical therapist assistants (31-2021)\",Line item,1,2,3,4" EP_TAIL, "31-2021",
         "Physical therapist assistants", BLS_GROUP_DETAILED},
        {"\" Healthcare support occupations ( 31-0000 ) \",Summary,1,2,3,4" EP_TAIL, "31-0000",
         "Healthcare support occupations", BLS_GROUP_MAJOR},
        {"\"Dancers (except ballet) (27-2031)\",Line item,1,2,3,4" EP_TAIL, "27-2031",
         "Dancers (except ballet)", BLS_GROUP_DETAILED},
        {"\"Total, all occupations (00-0000)\",Summary,1,2,3,4" EP_TAIL, "00-0000",
         "Total, all occupations", BLS_GROUP_TOTAL},
        {"\"Physicians and surgeons (29-1060)\",Line item,1,2,3,4" EP_TAIL, "29-1060",
         "Physicians and surgeons", BLS_GROUP_DETAILED},
        {"\"Synthetic workers\",Line item,1,2,3,4" EP_TAIL, "", "Synthetic workers",
         BLS_GROUP_DETAILED},
        {"\"Synthetic workers (29-205)\",Summary,1,2,3,4" EP_TAIL, "", "Synthetic workers",
         BLS_GROUP_UNKNOWN},
    };
    bls_layout ep = ep_layout();
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        test_row t;
        bls_record rec;
        make_row(&t, cases[i].csv, 4);
        bls_record_parse(&ep, &t.row, &rec);
        assert_string_equal(rec.soc_code, cases[i].soc);
        assert_int_equal(rec.title_len, strlen(cases[i].title));
        assert_memory_equal(rec.title, cases[i].title, rec.title_len);
        assert_int_equal(rec.group, cases[i].group);
        assert_text(&rec, BLS_COL_OCC_TITLE, cases[i].title);
        assert_ptr_equal(rec.layout, &ep);
        assert_ptr_equal(rec.row, &t.row);
    }
    /* the code column of a code_in_title layout reads the code as written */
    test_row t;
    bls_record rec;
    make_row(&t, "\"Synthetic workers (29-205)\",Summary,1,2,3,4" EP_TAIL, 4);
    bls_record_parse(&ep, &t.row, &rec);
    assert_text(&rec, BLS_COL_OCC_CODE, "29-205");
}

static void test_group_comes_from_text_or_from_the_code(void **state)
{
    (void)state;
    static const struct {
        const char *code, *group_text;
        bls_occ_group expected;
    } cases[] = {
        {"29-2053", "MAJOR", BLS_GROUP_MAJOR}, /* the text wins, whatever its case */
        {"29-2053", " broad ", BLS_GROUP_BROAD},
        {"00-0000", "", BLS_GROUP_TOTAL}, /* no text: from the code */
        {"29-0000", "", BLS_GROUP_MAJOR},
        {"29-2000", "", BLS_GROUP_MINOR},
        {"15-1200", "", BLS_GROUP_MINOR},
        {"29-2050", "", BLS_GROUP_BROAD},
        {"29-2053", "", BLS_GROUP_DETAILED},
        {"29-2053", "odd", BLS_GROUP_DETAILED}, /* unknown text: from the code */
        {"bad", "", BLS_GROUP_UNKNOWN},
    };
    bls_layout national = national_layout();
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        char csv[256];
        snprintf(csv, sizeof csv, "%s,Synthetic,%s,,,,,,,,,,,,,,,,,", cases[i].code,
                 cases[i].group_text);
        test_row t;
        bls_record rec;
        make_row(&t, csv, 2);
        bls_record_parse(&national, &t.row, &rec);
        assert_int_equal(rec.group, cases[i].expected);
    }
}

static void test_numeric_cells_are_parsed_and_text_is_borrowed(void **state)
{
    (void)state;
    bls_layout national = national_layout();
    test_row t;
    bls_record rec;
    make_row(&t,
             " 29-2053 ,  Synthetic technicians ,detailed,\"1,000\",2.0,20.00,\"41,600\",1.0,"
             "10.00,15.00,20.00,25.00,#,\"20,800\",\"31,200\",\"41,600\",\"52,000\",#,,TRUE",
             9);
    bls_record_parse(&national, &t.row, &rec);
    assert_string_equal(rec.soc_code, "29-2053");
    assert_text(&rec, BLS_COL_OCC_TITLE, "Synthetic technicians");
    assert_text(&rec, BLS_COL_OCC_CODE, "29-2053");
    assert_int_equal(rec.num[BLS_COL_A_MEDIAN].state, BLS_CELL_VALUE);
    assert_int_equal(rec.num[BLS_COL_A_MEDIAN].scaled, 41600);
    assert_int_equal(rec.num[BLS_COL_A_MEDIAN].decimals, 0);
    assert_int_equal(rec.num[BLS_COL_H_MEAN].scaled, 2000);
    assert_int_equal(rec.num[BLS_COL_H_MEAN].decimals, 2);
    assert_int_equal(rec.num[BLS_COL_A_PCT90].state, BLS_CELL_TOP_CODED);
    assert_int_equal(rec.num[BLS_COL_ANNUAL].state, BLS_CELL_EMPTY); /* not numeric */
    assert_int_equal(rec.num[BLS_COL_OCC_TITLE].state, BLS_CELL_EMPTY);
    assert_text(&rec, BLS_COL_HOURLY, "TRUE");
    assert_text(&rec, BLS_COL_AREA, ""); /* the layout lacks it */

    /* a short row: the missing fields read as "" and parse as EMPTY */
    make_row(&t, "29-2053,Synthetic technicians,detailed,\"1,000\"", 9);
    bls_record_parse(&national, &t.row, &rec);
    assert_text(&rec, BLS_COL_HOURLY, "");
    assert_int_equal(rec.num[BLS_COL_TOT_EMP].scaled, 1000);
    assert_int_equal(rec.num[BLS_COL_A_MEDIAN].state, BLS_CELL_EMPTY);

    size_t len = 5;
    assert_string_equal(bls_record_text(NULL, BLS_COL_AREA, &len), "");
    assert_int_equal(len, 0);
    assert_string_equal(bls_record_text(&rec, BLS_COL_COUNT, NULL), "");
}

static void test_occ_group_names(void **state)
{
    (void)state;
    assert_string_equal(bls_occ_group_name(BLS_GROUP_TOTAL), "total");
    assert_string_equal(bls_occ_group_name(BLS_GROUP_MAJOR), "major");
    assert_string_equal(bls_occ_group_name(BLS_GROUP_MINOR), "minor");
    assert_string_equal(bls_occ_group_name(BLS_GROUP_BROAD), "broad");
    assert_string_equal(bls_occ_group_name(BLS_GROUP_DETAILED), "detailed");
    assert_string_equal(bls_occ_group_name(BLS_GROUP_UNKNOWN), "");
    assert_string_equal(bls_occ_group_name((bls_occ_group)99), "");
}

static void test_top_code_caps_follow_the_survey_year(void **state)
{
    (void)state;
    static const struct {
        int year;
        long cap;
    } cases[] = {{0, 0},         {2002, 145600}, {2007, 145600}, {2008, 166400},
                 {2010, 166400}, {2011, 187200}, {2015, 187200}, {2016, 208000},
                 {2020, 208000}, {2021, 239200}, {2024, 239200}};
    for (size_t i = 0; i < COUNT_OF(cases); i++)
        assert_int_equal(bls_top_code_annual(cases[i].year), cases[i].cap);
}

/* ------------------------------------------------------------------ */
/* Duplicate keys and blocks                                           */
/* ------------------------------------------------------------------ */

typedef struct expected_finding {
    uint64_t line;
    uint32_t column;
    bls_rule rule;
} expected_finding;

static void assert_findings(const bls_findings *findings, const expected_finding *expected,
                            size_t count)
{
    for (size_t f = 0; f < bls_findings_count(findings); f++)
        print_message("  finding: line %u col %u %s: %s\n",
                      (unsigned)bls_findings_at(findings, f)->line,
                      (unsigned)bls_findings_at(findings, f)->column,
                      bls_rule_get(bls_findings_at(findings, f)->rule)->id,
                      bls_findings_at(findings, f)->message);
    assert_int_equal(bls_findings_count(findings), count);
    for (size_t i = 0; i < count; i++) {
        const bls_finding *f = bls_findings_at(findings, i);
        assert_int_equal(f->line, expected[i].line);
        assert_int_equal(f->column, expected[i].column);
        assert_int_equal(f->rule, expected[i].rule);
    }
}

/* Lines 2.. of a reduced all-data file (block key: AREA, NAICS, OWN_CODE). */
static const char *const duplicate_rows[] = {
    "99,000000,1235,29-2053,Synthetic A,detailed,100", /* 2: block A */
    "99,000000,1235,29-2054,Synthetic B,detailed,100", /* 3 */
    "99,000000,1235,29-2053,Synthetic A,detailed,100", /* 4: repeats line 2 */
    "99,621000,1235,29-2053,Synthetic A,detailed,100", /* 5: block B: fine */
    "99,000000,1235,29-2053,Synthetic A,detailed,100", /* 6: block A again */
    "99,000000,1235,29-2053,Synthetic A,detailed,100", /* 7: repeats line 6 */
    "99,621000,1235,29-2054,Synthetic B,detailed,100", /* 8: block B again */
    "99,000000,1235,29-2071,Synthetic C,detailed,100", /* 9: A again: said once */
};
static const int duplicate_rejected[] = {0, 0, 1, 0, 0, 1, 0, 0};
static const expected_finding duplicate_findings[] = {
    {4, 4, BLS_RULE_DUPLICATE_KEY},
    {6, 0, BLS_RULE_BLOCK_UNSORTED},
    {7, 4, BLS_RULE_DUPLICATE_KEY},
    {8, 0, BLS_RULE_BLOCK_UNSORTED},
};

/* Run duplicate_rows; BLS_OK or the first failure. */
static bls_status validate_duplicate_file(bls_findings *findings, int *rejected,
                                          char reasons[][512])
{
    bls_layout layout = block_layout();
    bls_validator *v = bls_validator_new(TEST_PATH, &layout, NULL);
    if (!v)
        return BLS_ERR_NOMEM;
    bls_status st = BLS_OK;
    for (size_t i = 0; i < COUNT_OF(duplicate_rows) && st == BLS_OK; i++) {
        bls_row_outcome outcome;
        st = run_row(v, &layout, duplicate_rows[i], i + 2, 0, findings, &outcome);
        rejected[i] = outcome.rejected;
        snprintf(reasons[i], 512, "%s", outcome.reason);
    }
    if (st == BLS_OK)
        st = bls_validator_finish(v, findings);
    bls_validator_free(v);
    return st;
}

static void
test_duplicate_keys_are_rejected_within_blocks_and_returning_blocks_flagged(void **state)
{
    (void)state;
    bls_findings *findings = bls_findings_new(0);
    int rejected[COUNT_OF(duplicate_rows)];
    char reasons[COUNT_OF(duplicate_rows)][512];
    assert_int_equal(validate_duplicate_file(findings, rejected, reasons), BLS_OK);
    for (size_t i = 0; i < COUNT_OF(duplicate_rows); i++)
        assert_int_equal(rejected[i], duplicate_rejected[i]);
    assert_non_null(strstr(reasons[2], "row-duplicate-key: "));
    assert_non_null(strstr(reasons[2], "line 2"));
    assert_non_null(strstr(reasons[5], "line 6"));
    assert_findings(findings, duplicate_findings, COUNT_OF(duplicate_findings));
    bls_findings_free(findings);
}

static void test_many_blocks_keep_memory_flat(void **state)
{
    (void)state;
    enum { BLOCKS = 40000, PER_BLOCK = 3 };
    static const char *const socs[PER_BLOCK] = {"29-2053", "29-2054", "29-2071"};
    bls_layout layout = block_layout();
    bls_findings *findings = bls_findings_new(0);
    bls_validator *v = bls_validator_new(TEST_PATH, &layout, NULL);
    assert_non_null(v);
    bls_alloc_reset();
    uint64_t line = 2;
    for (int b = 0; b < BLOCKS; b++) {
        for (int s = 0; s < PER_BLOCK; s++) {
            char csv[128];
            snprintf(csv, sizeof csv, "%05d,000000,1235,%s,Synthetic,detailed,10", b, socs[s]);
            bls_row_outcome outcome;
            assert_int_equal(run_row(v, &layout, csv, line++, 0, findings, &outcome), BLS_OK);
            assert_false(outcome.rejected);
        }
    }
    /* 120,000 rows: only the block-key set may grow (doubling from 1,024 slots
     * to hold 40,000 keys at half load is 7 allocations); nothing per row. */
    long allocations = bls_alloc_count();
    assert_true(allocations <= 8);
    assert_int_equal(bls_findings_count(findings), 0);

    /* The SOC set was cleared per block, yet still catches a repeat within one. */
    bls_row_outcome outcome;
    assert_int_equal(run_row(v, &layout, "99999,000000,1235,29-2053,Synthetic,detailed,10", line, 0,
                             findings, &outcome),
                     BLS_OK);
    assert_false(outcome.rejected);
    assert_int_equal(run_row(v, &layout, "99999,000000,1235,29-2053,Synthetic,detailed,10",
                             line + 1, 0, findings, &outcome),
                     BLS_OK);
    assert_true(outcome.rejected);
    /* and block 00007 coming back long after is noticed */
    assert_int_equal(run_row(v, &layout, "00007,000000,1235,29-2053,Synthetic,detailed,10",
                             line + 2, 0, findings, &outcome),
                     BLS_OK);
    assert_false(outcome.rejected);
    expected_finding expected[] = {{line + 1, 4, BLS_RULE_DUPLICATE_KEY},
                                   {line + 2, 0, BLS_RULE_BLOCK_UNSORTED}};
    assert_findings(findings, expected, COUNT_OF(expected));
    bls_validator_free(v);
    bls_findings_free(findings);
}

static void test_a_block_with_many_occupations_grows_its_set(void **state)
{
    (void)state;
    bls_layout layout = block_layout();
    bls_findings *findings = bls_findings_new(0);
    bls_validator *v = bls_validator_new(TEST_PATH, &layout, NULL);
    /* 5,000 distinct synthetic codes in one block (more than the initial table holds) */
    for (int i = 0; i < 5000; i++) {
        char csv[128];
        snprintf(csv, sizeof csv, "99,000000,1235,%02d-%04d,Synthetic,detailed,10", i % 2 ? 29 : 31,
                 1001 + i / 2);
        bls_row_outcome outcome;
        assert_int_equal(run_row(v, &layout, csv, (uint64_t)i + 2, 0, findings, &outcome), BLS_OK);
        assert_false(outcome.rejected);
    }
    bls_row_outcome outcome;
    assert_int_equal(run_row(v, &layout, "99,000000,1235,29-1001,Synthetic,detailed,10", 9000, 0,
                             findings, &outcome),
                     BLS_OK);
    assert_true(outcome.rejected);
    assert_non_null(strstr(outcome.reason, "line 3"));
    bls_validator_free(v);
    bls_findings_free(findings);
}

/* ------------------------------------------------------------------ */
/* Group totals                                                        */
/* ------------------------------------------------------------------ */

static void test_detailed_rows_above_their_major_group_are_flagged_at_block_end(void **state)
{
    (void)state;
    static const char *const rows[] = {
        "99,000000,1235,29-0000,Synthetic major,major,\"1,000\"", /* 2 */
        "99,000000,1235,29-2000,Synthetic minor,minor,\"5,000\"", /* 3: not counted */
        "99,000000,1235,29-2053,Synthetic A,detailed,600",        /* 4 */
        "99,000000,1235,29-2054,Synthetic B,detailed,500",        /* 5: 1,100 > 1,000 */
        "99,000000,1235,29-2071,Synthetic C,detailed,**",         /* 6: not a VALUE */
        "99,000000,1235,31-0000,Synthetic major,major,500",       /* 7 */
        "99,000000,1235,31-2021,Synthetic D,detailed,510",        /* 8: within rounding */
        "99,621000,1235,29-0000,Synthetic major,major,100",       /* 9: new block */
        "99,621000,1235,29-2053,Synthetic A,detailed,200",        /* 10: 200 > 100 */
    };
    bls_layout layout = block_layout();
    bls_findings *findings = bls_findings_new(0);
    bls_validator *v = bls_validator_new(TEST_PATH, &layout, NULL);
    for (size_t i = 0; i < COUNT_OF(rows); i++) {
        bls_row_outcome outcome;
        assert_int_equal(run_row(v, &layout, rows[i], i + 2, 0, findings, &outcome), BLS_OK);
        assert_false(outcome.rejected);
        if (i + 2 < 9) /* the first block is checked only once it has ended */
            assert_int_equal(bls_findings_count(findings), 0);
    }
    expected_finding first[] = {{2, 7, BLS_RULE_GROUP_TOTAL}};
    assert_findings(findings, first, COUNT_OF(first));
    assert_int_equal(bls_validator_finish(v, findings), BLS_OK);
    expected_finding both[] = {{2, 7, BLS_RULE_GROUP_TOTAL}, {9, 7, BLS_RULE_GROUP_TOTAL}};
    assert_findings(findings, both, COUNT_OF(both));
    assert_non_null(strstr(bls_findings_at(findings, 0)->message, "1100"));
    bls_validator_free(v);
    bls_findings_free(findings);
}

static void test_detailed_rows_within_rounding_pass(void **state)
{
    (void)state;
    static const char *const rows[] = {
        "99,000000,1235,29-0000,Synthetic major,major,\"1,000\"",
        "99,000000,1235,29-2053,Synthetic A,detailed,510",
        "99,000000,1235,29-2054,Synthetic B,detailed,500", /* 1,010 <= 1,000 + 3 x 5 */
    };
    bls_layout layout = block_layout();
    bls_findings *findings = bls_findings_new(0);
    bls_validator *v = bls_validator_new(TEST_PATH, &layout, NULL);
    for (size_t i = 0; i < COUNT_OF(rows); i++) {
        bls_row_outcome outcome;
        assert_int_equal(run_row(v, &layout, rows[i], i + 2, 0, findings, &outcome), BLS_OK);
    }
    assert_int_equal(bls_validator_finish(v, findings), BLS_OK);
    assert_int_equal(bls_findings_count(findings), 0);
    bls_validator_free(v);
    bls_findings_free(findings);
}

/* ------------------------------------------------------------------ */
/* API edges and allocation failures                                   */
/* ------------------------------------------------------------------ */

static void test_claims_rows_are_left_to_claims(void **state)
{
    (void)state;
    static const bls_column claim_columns[] = {BLS_COL_CLAIM_SOURCE, BLS_COL_CLAIM_SOC};
    bls_layout claims = layout_from(BLS_KIND_CLAIMS, claim_columns, COUNT_OF(claim_columns));
    bls_validator *v = bls_validator_new(TEST_PATH, &claims, NULL);
    bls_findings *findings = bls_findings_new(0);
    bls_row_outcome outcome;
    assert_int_equal(run_row(v, &claims, "article,not-a-code,extra", 2, 0, findings, &outcome),
                     BLS_OK);
    assert_false(outcome.rejected);
    assert_int_equal(bls_findings_count(findings), 0);
    bls_validator_free(v);
    bls_findings_free(findings);
}

static void test_bad_arguments_are_refused(void **state)
{
    (void)state;
    bls_layout national = national_layout();
    assert_null(bls_validator_new(TEST_PATH, NULL, NULL));
    bls_validator_free(NULL);
    bls_validator *v = bls_validator_new(NULL, &national, NULL);
    assert_non_null(v);
    bls_row_outcome outcome;
    bls_record rec;
    bls_record_parse(&national, NULL, &rec);
    assert_int_equal(bls_validate_record(v, &rec, NULL, &outcome), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_validate_record(NULL, &rec, NULL, &outcome), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_validate_record(v, NULL, NULL, NULL), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_validator_finish(NULL, NULL), BLS_ERR_INVALID_ARG);
    /* findings may be NULL: the row is still judged */
    assert_int_equal(
        run_row(v, &national, "bad,Synthetic,detailed,,,,,,,,,,,,,,,,,", 2, 0, NULL, &outcome),
        BLS_OK);
    assert_true(outcome.rejected);
    bls_record_parse(NULL, NULL, NULL); /* no crash */
    bls_validator_free(v);
}

static void test_validator_new_survives_every_allocation_failure(void **state)
{
    (void)state;
    bls_layout national = national_layout();
    bls_period period = {2014, 2014, 5};
    long n = 0;
    for (;; n++) {
        sweep_fail_after(n);
        bls_validator *v = bls_validator_new(TEST_PATH, &national, &period);
        int fired = sweep_end_run();
        bls_validator_free(v);
        if (!fired) {
            assert_non_null(v);
            break;
        }
        assert_true(n < 100);
    }
    assert_true(n > 0); /* failures were really injected */
}

static void test_validating_a_duplicate_file_survives_every_allocation_failure(void **state)
{
    (void)state;
    long n = 0;
    int failures = 0;
    for (;; n++) {
        int rejected[COUNT_OF(duplicate_rows)];
        char reasons[COUNT_OF(duplicate_rows)][512];
        sweep_fail_after(n);
        bls_findings *findings = bls_findings_new(0);
        bls_status st =
            findings ? validate_duplicate_file(findings, rejected, reasons) : BLS_ERR_NOMEM;
        int fired = sweep_end_run();
        if (st == BLS_OK) {
            assert_findings(findings, duplicate_findings, COUNT_OF(duplicate_findings));
            bls_findings_free(findings);
            if (!fired)
                break;
            continue;
        }
        assert_int_equal(st, BLS_ERR_NOMEM);
        failures++;
        bls_findings_free(findings);
        assert_true(n < 1000);
    }
    assert_true(failures > 4); /* the findings list's allocations failed along the way */
}

/* ------------------------------------------------------------------ */
/* A fixture through the real reader and layout detector               */
/* ------------------------------------------------------------------ */

typedef struct fixture_run {
    bls_layout_detector *detector;
    const bls_layout *layout;
    bls_validator *validator;
    bls_findings *findings;
    size_t accepted, rejected;
    bls_status status;
} fixture_run;

static int fixture_row(void *ctx, const bls_row *row)
{
    fixture_run *r = ctx;
    if (row->count == 1 && row->fields[0].len == 0)
        return 0; /* blank line: the pipeline skips them too */
    if (!r->layout) {
        bls_detect_result result;
        r->status = bls_layout_detector_feed(r->detector, row, &result);
        if (r->status == BLS_OK && result == BLS_DETECT_FOUND) {
            r->layout = bls_layout_detector_layout(r->detector);
            bls_period period = {2019, 2019, 5};
            r->validator = bls_validator_new("fixture", r->layout, &period);
            if (!r->validator)
                r->status = BLS_ERR_NOMEM;
        }
        return r->status != BLS_OK;
    }
    bls_record rec;
    bls_row_outcome outcome;
    bls_record_parse(r->layout, row, &rec);
    r->status = bls_validate_record(r->validator, &rec, r->findings, &outcome);
    if (outcome.rejected)
        r->rejected++;
    else
        r->accepted++;
    return r->status != BLS_OK;
}

static void test_all_data_fixture_through_reader_and_layout(void **state)
{
    (void)state;
    const char *path = BLS_TEST_DATA "/validate/synthetic_all_data_M2019_duplicates.csv";
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    fixture_run r = {0};
    r.detector = bls_layout_detector_new();
    r.findings = bls_findings_new(0);
    assert_int_equal(bls_reader_read_stream(in, path, NULL, r.findings, fixture_row, &r), BLS_OK);
    fclose(in);
    assert_int_equal(r.status, BLS_OK);
    assert_non_null(r.validator);
    assert_int_equal(bls_validator_finish(r.validator, r.findings), BLS_OK);
    assert_int_equal(r.accepted, 7);
    assert_int_equal(r.rejected, 1);
    /* tests/data/validate/README.md lists the findings the fixture must produce */
    static const expected_finding expected[] = {
        {5, 9, BLS_RULE_DUPLICATE_KEY},  /* 29-2053 again in the national block */
        {2, 12, BLS_RULE_GROUP_TOTAL},   /* national 29-0000 below its detail */
        {8, 0, BLS_RULE_BLOCK_UNSORTED}, /* state 01's block comes back */
        {9, 28, BLS_RULE_ANNUAL_HOURLY}, /* A_MEDIAN not H_MEDIAN x 2080 */
    };
    assert_findings(r.findings, expected, COUNT_OF(expected));
    bls_validator_free(r.validator);
    bls_layout_detector_free(r.detector);
    bls_findings_free(r.findings);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_rule_passes_and_fails_as_tabled),
        cmocka_unit_test(test_reason_joins_every_rejecting_rule),
        cmocka_unit_test(test_reason_of_a_row_breaking_many_rules_is_whole),
        cmocka_unit_test(test_reason_allocation_failure_is_reported),
        cmocka_unit_test(test_reason_quotes_cell_text_without_splitting_utf8),
        cmocka_unit_test(test_ep_title_and_code_are_split),
        cmocka_unit_test(test_group_comes_from_text_or_from_the_code),
        cmocka_unit_test(test_numeric_cells_are_parsed_and_text_is_borrowed),
        cmocka_unit_test(test_occ_group_names),
        cmocka_unit_test(test_top_code_caps_follow_the_survey_year),
        cmocka_unit_test(
            test_duplicate_keys_are_rejected_within_blocks_and_returning_blocks_flagged),
        cmocka_unit_test(test_many_blocks_keep_memory_flat),
        cmocka_unit_test(test_a_block_with_many_occupations_grows_its_set),
        cmocka_unit_test(test_detailed_rows_above_their_major_group_are_flagged_at_block_end),
        cmocka_unit_test(test_detailed_rows_within_rounding_pass),
        cmocka_unit_test(test_claims_rows_are_left_to_claims),
        cmocka_unit_test(test_bad_arguments_are_refused),
        cmocka_unit_test(test_validator_new_survives_every_allocation_failure),
        cmocka_unit_test(test_validating_a_duplicate_file_survives_every_allocation_failure),
        cmocka_unit_test(test_all_data_fixture_through_reader_and_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
