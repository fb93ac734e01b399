/*
 * test_claims.c - unit tests for claims.c (the claims list and claims CSV rows).
 *
 * Pipeline: model -> *claims* -> crosscheck. Rows and layouts are built by
 * hand in memory, so these tests depend only on the layout/reader structs,
 * not on the reader or the header detector.
 *
 * The figures quoted ($54,410, 41%) are the seed article's, as BLS published
 * them (see shared/bls/LAYOUTS.md); "5.2%" and "$27.45" are SYNTHETIC
 * spellings used only to test parsing.
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
#include "blsreport/read/layout.h"
#include "blsreport/read/reader.h"

/* ---- helpers ------------------------------------------------------------- */

enum { CLAIM_COLUMNS = 7, MAX_FIELDS = 12 };

/* The claims columns in the canonical order of claims.h. */
static const bls_column claim_columns[CLAIM_COLUMNS] = {
    BLS_COL_CLAIM_SOURCE, BLS_COL_CLAIM_OCCUPATION, BLS_COL_CLAIM_SOC,   BLS_COL_CLAIM_METRIC,
    BLS_COL_CLAIM_PERIOD, BLS_COL_CLAIM_CLAIMED,    BLS_COL_CLAIM_QUOTE,
};

/* A claims layout whose i-th canonical column sits in field field_of[i]. */
static bls_layout claims_layout_with(const int field_of[CLAIM_COLUMNS])
{
    bls_layout layout;
    memset(&layout, 0, sizeof layout);
    layout.kind = BLS_KIND_CLAIMS;
    layout.name = "claims (test)";
    for (int c = 0; c < BLS_COL_COUNT; c++)
        layout.index[c] = -1;
    for (int i = 0; i < CLAIM_COLUMNS; i++)
        layout.index[claim_columns[i]] = field_of[i];
    layout.width = CLAIM_COLUMNS;
    layout.header_rows = 1;
    layout.duplicate_field = -1;
    return layout;
}

static bls_layout claims_layout(void)
{
    static const int in_order[CLAIM_COLUMNS] = {0, 1, 2, 3, 4, 5, 6};
    return claims_layout_with(in_order);
}

typedef struct test_row {
    bls_field fields[MAX_FIELDS];
    bls_row row;
} test_row;

/* Fields up to the first NULL of @p texts (at most MAX_FIELDS). */
static void make_row(test_row *t, const char *const *texts, size_t count, uint64_t line)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < count; i++) {
        t->fields[i].data = texts[i];
        t->fields[i].len = strlen(texts[i]);
    }
    t->row.fields = t->fields;
    t->row.count = count;
    t->row.line = line;
    t->row.line_end = line;
    t->row.raw = "";
}

/* A good row of the seed article's table, changed in one field. */
static void good_fields(const char *out[CLAIM_COLUMNS])
{
    out[0] = "000_6dcdeebd65410cef.txt:12";
    out[1] = "Physical Therapy Assistant";
    out[2] = "31-2021";
    out[3] = "median_annual_wage";
    out[4] = "May 2014";
    out[5] = "$54,410";
    out[6] = "Median Salary (2014)* $54,410$31,130$35,900";
}

typedef struct parse_outcome {
    bls_status status;
    int accepted;
    char reason[256];
} parse_outcome;

static parse_outcome parse(const bls_layout *layout, const char *const *fields, size_t count,
                           uint64_t line, bls_findings *findings, bls_claims *out)
{
    test_row t;
    parse_outcome o;
    memset(&o, 0, sizeof o);
    o.accepted = -1;
    make_row(&t, fields, count, line);
    bls_dynbuf reason;
    bls_dynbuf_init(&reason, 4096);
    o.status =
        bls_claims_parse_row(layout, &t.row, "claims.csv", findings, out, &o.accepted, &reason);
    snprintf(o.reason, sizeof o.reason, "%s", reason.data ? reason.data : "");
    bls_dynbuf_cleanup(&reason);
    return o;
}

/* ---- the list ------------------------------------------------------------ */

static void test_origin_names_are_the_contract_words(void **state)
{
    (void)state;
    assert_string_equal(bls_claim_origin_name(BLS_ORIGIN_CSV), "csv");
    assert_string_equal(bls_claim_origin_name(BLS_ORIGIN_PROSE), "prose");
    assert_string_equal(bls_claim_origin_name(BLS_ORIGIN_TABLE), "table");
}

static void test_push_copies_every_string_and_nulls_become_empty(void **state)
{
    (void)state;
    char document[] = "article.txt", occupation[] = "psychiatric technicians";
    bls_claim c;
    memset(&c, 0, sizeof c);
    c.document = document;
    c.line = 46;
    c.occupation = occupation;
    memcpy(c.soc_code, "29-2053", 8);
    c.metric = BLS_METRIC_MEDIAN_ANNUAL_WAGE;
    c.claimed_text = NULL;
    c.quote = NULL;
    c.input_path = NULL;
    c.claimed = bls_number_make(31130, 0);
    c.origin = BLS_ORIGIN_PROSE;

    bls_claims list;
    bls_claims_init(&list);
    assert_int_equal(bls_claims_push(&list, &c), BLS_OK);
    document[0] = 'X';
    occupation[0] = 'X';
    assert_int_equal(list.count, 1);
    const bls_claim *got = &list.items[0];
    assert_ptr_not_equal(got->document, document);
    assert_string_equal(got->document, "article.txt");
    assert_string_equal(got->occupation, "psychiatric technicians");
    assert_string_equal(got->claimed_text, "");
    assert_string_equal(got->quote, "");
    assert_string_equal(got->input_path, "");
    assert_string_equal(got->soc_code, "29-2053");
    assert_int_equal(got->line, 46);
    assert_int_equal(got->claimed.scaled, 31130);
    assert_int_equal(got->origin, BLS_ORIGIN_PROSE);
    bls_claims_cleanup(&list);
    assert_null(list.items);
    assert_int_equal(list.count, 0);
    /* the struct may be reused after cleanup */
    assert_int_equal(bls_claims_push(&list, &c), BLS_OK);
    assert_int_equal(list.count, 1);
    bls_claims_cleanup(&list);
}

static void test_push_grows_and_keeps_order(void **state)
{
    (void)state;
    bls_claims list;
    bls_claims_init(&list);
    for (int i = 0; i < 1000; i++) {
        char occupation[32];
        snprintf(occupation, sizeof occupation, "occupation %d", i);
        bls_claim c;
        memset(&c, 0, sizeof c);
        c.occupation = occupation;
        c.line = (uint64_t)i;
        assert_int_equal(bls_claims_push(&list, &c), BLS_OK);
    }
    assert_int_equal(list.count, 1000);
    assert_true(list.capacity >= list.count);
    assert_string_equal(list.items[0].occupation, "occupation 0");
    assert_string_equal(list.items[999].occupation, "occupation 999");
    assert_int_equal(list.items[517].line, 517);
    bls_claims_cleanup(&list);
}

static void test_cleanup_and_null_arguments_are_safe(void **state)
{
    (void)state;
    bls_claims_cleanup(NULL);
    bls_claims_init(NULL);
    bls_claims list;
    bls_claims_init(&list);
    bls_claims_cleanup(&list);
    bls_claim c;
    memset(&c, 0, sizeof c);
    assert_int_equal(bls_claims_push(NULL, &c), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_claims_push(&list, NULL), BLS_ERR_INVALID_ARG);
}

static void test_push_allocation_failures_leave_the_list_unchanged(void **state)
{
    (void)state;
    bls_claim c;
    memset(&c, 0, sizeof c);
    c.document = "doc.txt";
    c.occupation = "psychiatric technicians";
    c.claimed_text = "$31,130";
    c.quote = "The 2014 median annual wage ...";
    c.input_path = "claims.csv";

    int succeeded = 0, fired = 1;
    for (long n = 0; n < 100000 && fired; n++) {
        bls_claims list;
        bls_claims_init(&list);
        /* 16 claims fill the first block; the 17th push must grow it */
        for (int i = 0; i < 16; i++)
            assert_int_equal(bls_claims_push(&list, &c), BLS_OK);
        sweep_fail_after(n);
        bls_status st = bls_claims_push(&list, &c);
        fired = sweep_end_run();
        if (st == BLS_OK) {
            assert_int_equal(list.count, 17);
            assert_string_equal(list.items[16].quote, c.quote);
            succeeded = 1;
        } else {
            assert_int_equal(st, BLS_ERR_NOMEM);
            assert_int_equal(list.count, 16);
            assert_string_equal(list.items[15].occupation, c.occupation);
        }
        bls_claims_cleanup(&list);
    }
    assert_true(succeeded);
}

/* ---- claims CSV rows: good ------------------------------------------------ */

static void test_good_row_fills_every_field(void **state)
{
    (void)state;
    bls_layout layout = claims_layout();
    const char *f[CLAIM_COLUMNS];
    good_fields(f);
    bls_findings *findings = bls_findings_new(100);
    assert_non_null(findings);
    bls_claims out;
    bls_claims_init(&out);
    parse_outcome o = parse(&layout, f, CLAIM_COLUMNS, 5, findings, &out);
    assert_int_equal(o.status, BLS_OK);
    assert_int_equal(o.accepted, 1);
    assert_string_equal(o.reason, "");
    assert_int_equal(bls_findings_count(findings), 0);
    assert_int_equal(out.count, 1);
    const bls_claim *c = &out.items[0];
    assert_string_equal(c->document, "000_6dcdeebd65410cef.txt");
    assert_int_equal(c->line, 12);
    assert_string_equal(c->input_path, "claims.csv");
    assert_int_equal(c->input_line, 5);
    assert_string_equal(c->occupation, "Physical Therapy Assistant");
    assert_string_equal(c->soc_code, "31-2021");
    assert_int_equal(c->metric, BLS_METRIC_MEDIAN_ANNUAL_WAGE);
    assert_int_equal(c->period.year_from, 2014);
    assert_int_equal(c->period.year_to, 2014);
    assert_int_equal(c->period.month, 5);
    assert_string_equal(c->claimed_text, "$54,410");
    assert_int_equal(c->claimed.state, BLS_CELL_VALUE);
    assert_int_equal(c->claimed.scaled, 54410);
    assert_int_equal(c->claimed.decimals, 0);
    assert_string_equal(c->quote, f[6]);
    assert_int_equal(c->origin, BLS_ORIGIN_CSV);
    bls_claims_cleanup(&out);
    bls_findings_free(findings);
}

typedef struct good_case {
    const char *source, *soc, *metric, *period, *claimed;
    uint64_t want_line;
    const char *want_document;
    int64_t want_scaled;
    unsigned want_decimals;
    int want_year_from, want_year_to;
} good_case;

static void test_good_rows_table(void **state)
{
    (void)state;
    static const good_case cases[] = {
        {"doc.txt:11", "31-2021", "employment_change_pct", "2012-2022", "41%", 11, "doc.txt", 41, 0,
         2012, 2022},
        {"doc.txt:60", "29-2071", "employment-change-pct", "2012-22", "5.2%", 60, "doc.txt", 52, 1,
         2012, 2022},
        {"doc.txt", "", "median_hourly_wage", "", "$27.45", 0, "doc.txt", 2745, 2, 0, 0},
        {" notes/a b.txt:7 ", "", "MEDIAN_ANNUAL_WAGE", "2014", " $31,130 ", 7, "notes/a b.txt",
         31130, 0, 2014, 2014},
        {"C:\\notes.txt", "", "median_annual_wage", "May 2014", "$47,810", 0, "C:\\notes.txt",
         47810, 0, 2014, 2014},
        {"doc.txt:x", "", "employment_change", "", "-1,200", 0, "doc.txt:x", -1200, 0, 0, 0},
    };
    bls_layout layout = claims_layout();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const good_case *g = &cases[i];
        const char *f[CLAIM_COLUMNS] = {g->source, "someone",  g->soc, g->metric,
                                        g->period, g->claimed, ""};
        bls_findings *findings = bls_findings_new(100);
        bls_claims out;
        bls_claims_init(&out);
        parse_outcome o = parse(&layout, f, CLAIM_COLUMNS, 2, findings, &out);
        if (o.accepted != 1)
            fail_msg("case %zu rejected: %s", i, o.reason);
        assert_int_equal(o.status, BLS_OK);
        assert_int_equal(bls_findings_count(findings), 0);
        assert_int_equal(out.count, 1);
        const bls_claim *c = &out.items[0];
        assert_string_equal(c->document, g->want_document);
        assert_int_equal(c->line, g->want_line);
        assert_string_equal(c->soc_code, g->soc);
        assert_int_equal(c->claimed.scaled, g->want_scaled);
        assert_int_equal(c->claimed.decimals, g->want_decimals);
        assert_int_equal(c->period.year_from, g->want_year_from);
        assert_int_equal(c->period.year_to, g->want_year_to);
        assert_string_equal(c->quote, "");
        bls_claims_cleanup(&out);
        bls_findings_free(findings);
    }
}

/* ---- claims CSV rows: bad ------------------------------------------------- */

typedef struct bad_case {
    int field;         /* which field of good_fields() is replaced */
    const char *text;  /* its new text */
    uint32_t column;   /* 1-based column the finding must point at */
    const char *words; /* the reason must contain these */
} bad_case;

static void test_bad_rows_table_point_at_the_field(void **state)
{
    (void)state;
    static const bad_case cases[] = {
        {0, "", 1, "source"},
        {0, "   ", 1, "source"},
        {0, ":17", 1, "no document"},
        {0, "doc.txt:99999999999999999999999", 1, "too large"},
        {1, "", 2, "occupation"},
        {2, "31-202", 3, "SOC"},
        {2, "3l-2021", 3, "SOC"},
        {2, "312021", 3, "SOC"},
        {2, "31-20210", 3, "SOC"},
        {3, "", 4, "metric"},
        {3, "median_salary", 4, "not a known metric"},
        {3, "median_annual_wage_and_then_a_very_long_tail_beyond_the_buffer_of_names", 4,
         "not a known metric"},
        {4, "Mayish 2014", 5, "not a period"},
        {4, "2022-2012", 5, "not a period"},
        {5, "", 6, "claimed"},
        {5, "about $54,000", 6, "not a number"},
        {5, "5,4410", 6, "not a number"},
        {5, "#", 6, "not a number"},
        {5, "41%", 6, "percent but the metric is in dollars"},
    };
    bls_layout layout = claims_layout();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bad_case *b = &cases[i];
        const char *f[CLAIM_COLUMNS];
        good_fields(f);
        f[b->field] = b->text;
        bls_findings *findings = bls_findings_new(100);
        bls_claims out;
        bls_claims_init(&out);
        parse_outcome o = parse(&layout, f, CLAIM_COLUMNS, 9, findings, &out);
        assert_int_equal(o.status, BLS_OK);
        if (o.accepted != 0)
            fail_msg("case %zu (\"%s\") accepted", i, b->text);
        assert_int_equal(out.count, 0);
        if (bls_findings_count(findings) != 1)
            fail_msg("case %zu: %zu findings", i, bls_findings_count(findings));
        const bls_finding *fd = bls_findings_at(findings, 0);
        assert_int_equal(fd->rule, BLS_RULE_CLAIM_FIELD);
        assert_string_equal(fd->path, "claims.csv");
        assert_int_equal(fd->line, 9);
        if (fd->column != b->column)
            fail_msg("case %zu: column %u, want %u", i, (unsigned)fd->column, (unsigned)b->column);
        if (!strstr(o.reason, b->words))
            fail_msg("case %zu: reason \"%s\" lacks \"%s\"", i, o.reason, b->words);
        if (!strstr(fd->message, b->words))
            fail_msg("case %zu: finding \"%s\" lacks \"%s\"", i, fd->message, b->words);
        bls_claims_cleanup(&out);
        bls_findings_free(findings);
    }
}

static void test_claimed_sign_marks_must_suit_the_metric_unit(void **state)
{
    (void)state;
    static const struct {
        const char *metric, *claimed;
        int accepted;
    } cases[] = {
        {"employment_change_pct", "41%", 1}, {"employment_change_pct", "$41", 0},
        {"employment_change_pct", "41", 1},  {"median_annual_wage", "$54,410", 1},
        {"median_annual_wage", "54,410", 1}, {"median_annual_wage", "54,410%", 0},
        {"median_hourly_wage", "$27.45", 1}, {"median_hourly_wage", "27.45%", 0},
        {"employment", "1,200", 1},          {"employment", "$1,200", 0},
        {"projected_employment", "12%", 0},
    };
    bls_layout layout = claims_layout();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *f[CLAIM_COLUMNS];
        good_fields(f);
        f[3] = cases[i].metric;
        f[5] = cases[i].claimed;
        bls_findings *findings = bls_findings_new(100);
        bls_claims out;
        bls_claims_init(&out);
        parse_outcome o = parse(&layout, f, CLAIM_COLUMNS, 3, findings, &out);
        assert_int_equal(o.status, BLS_OK);
        if (o.accepted != cases[i].accepted)
            fail_msg("case %zu (%s %s): accepted %d", i, cases[i].metric, cases[i].claimed,
                     o.accepted);
        assert_int_equal(out.count, (size_t)cases[i].accepted);
        assert_int_equal(bls_findings_count(findings), cases[i].accepted ? 0 : 1);
        if (!cases[i].accepted)
            assert_int_equal(bls_findings_at(findings, 0)->column, 6);
        bls_claims_cleanup(&out);
        bls_findings_free(findings);
    }
}

static void test_every_bad_field_gets_a_finding_and_the_reason_names_the_first(void **state)
{
    (void)state;
    bls_layout layout = claims_layout();
    const char *f[CLAIM_COLUMNS] = {"doc.txt:3", "", "31-21", "wage", "2014", "lots", ""};
    bls_findings *findings = bls_findings_new(100);
    bls_claims out;
    bls_claims_init(&out);
    parse_outcome o = parse(&layout, f, CLAIM_COLUMNS, 4, findings, &out);
    assert_int_equal(o.status, BLS_OK);
    assert_int_equal(o.accepted, 0);
    assert_int_equal(bls_findings_count(findings), 4);
    static const uint32_t want_columns[] = {2, 3, 4, 6};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(bls_findings_at(findings, i)->column, want_columns[i]);
        assert_int_equal(bls_findings_at(findings, i)->line, 4);
    }
    assert_non_null(strstr(o.reason, "occupation"));
    assert_null(strstr(o.reason, "metric"));
    /* the reason is the first finding's words, whole */
    assert_string_equal(o.reason, bls_findings_at(findings, 0)->message);
    assert_string_equal(o.reason, "claim occupation \"\" is required");
    bls_claims_cleanup(&out);
    bls_findings_free(findings);
}

/* The reason grows in the caller's buffer: a failure to grow it is an
 * error, never a cut or missing reason. */
static void test_reason_allocation_failure_is_reported(void **state)
{
    (void)state;
    bls_layout layout = claims_layout();
    const char *f[CLAIM_COLUMNS] = {"doc.txt:3", "Nurses", "29-1141", "salary", "2014", "$1", ""};
    test_row t;
    make_row(&t, f, CLAIM_COLUMNS, 5);
    bls_claims out;
    bls_claims_init(&out);
    bls_dynbuf reason;
    bls_dynbuf_init(&reason, 4096);
    int accepted = -1;
    bls_alloc_fail_after(0);
    bls_status st = bls_claims_parse_row(&layout, &t.row, "c.csv", NULL, &out, &accepted, &reason);
    bls_alloc_reset();
    assert_int_equal(st, BLS_ERR_NOMEM);
    assert_int_equal(accepted, 0);
    assert_int_equal(out.count, 0);
    assert_int_equal(bls_claims_parse_row(&layout, &t.row, "c.csv", NULL, &out, &accepted, &reason),
                     BLS_OK);
    assert_int_equal(accepted, 0);
    assert_string_equal(reason.data, "claim metric \"salary\" is not a known metric");
    /* a limit too small for the reason is an error too */
    bls_dynbuf tiny;
    bls_dynbuf_init(&tiny, 8);
    assert_int_equal(bls_claims_parse_row(&layout, &t.row, "c.csv", NULL, &out, &accepted, &tiny),
                     BLS_ERR_LIMIT);
    bls_dynbuf_cleanup(&tiny);
    bls_dynbuf_cleanup(&reason);
    bls_claims_cleanup(&out);
}

static void test_columns_in_another_order_report_their_own_positions(void **state)
{
    (void)state;
    /* header: quote, claimed, period, metric, soc_code, occupation, source */
    static const int reversed[CLAIM_COLUMNS] = {6, 5, 4, 3, 2, 1, 0};
    bls_layout layout = claims_layout_with(reversed);
    const char *f[CLAIM_COLUMNS] = {
        "a quote",   "$31,130", "2014", "median_annual_wage", "29-2053", "psychiatric technicians",
        "doc.txt:46"};
    bls_findings *findings = bls_findings_new(100);
    bls_claims out;
    bls_claims_init(&out);
    parse_outcome o = parse(&layout, f, CLAIM_COLUMNS, 2, findings, &out);
    assert_int_equal(o.accepted, 1);
    assert_string_equal(out.items[0].document, "doc.txt");
    assert_int_equal(out.items[0].line, 46);
    assert_string_equal(out.items[0].quote, "a quote");
    assert_int_equal(out.items[0].claimed.scaled, 31130);

    f[3] = "salary"; /* metric is field 4 here too, by chance of symmetry */
    f[0] = "";
    f[6] = ""; /* source, now the 7th field */
    o = parse(&layout, f, CLAIM_COLUMNS, 3, findings, &out);
    assert_int_equal(o.accepted, 0);
    assert_int_equal(bls_findings_count(findings), 2);
    assert_int_equal(bls_findings_at(findings, 0)->column, 7); /* source first */
    assert_int_equal(bls_findings_at(findings, 1)->column, 4);
    assert_int_equal(out.count, 1);
    bls_claims_cleanup(&out);
    bls_findings_free(findings);
}

static void test_short_row_misses_the_claimed_column(void **state)
{
    (void)state;
    bls_layout layout = claims_layout();
    const char *f[CLAIM_COLUMNS];
    good_fields(f);
    bls_findings *findings = bls_findings_new(100);
    bls_claims out;
    bls_claims_init(&out);
    parse_outcome o = parse(&layout, f, 5, 8, findings, &out); /* no claimed, no quote */
    assert_int_equal(o.accepted, 0);
    assert_int_equal(bls_findings_count(findings), 1);
    assert_int_equal(bls_findings_at(findings, 0)->column, 6);
    assert_int_equal(bls_findings_at(findings, 0)->line, 8);
    assert_non_null(strstr(o.reason, "claimed"));

    /* without the quote only, the row is fine */
    o = parse(&layout, f, 6, 9, findings, &out);
    assert_int_equal(o.accepted, 1);
    assert_string_equal(out.items[0].quote, "");
    bls_claims_cleanup(&out);
    bls_findings_free(findings);
}

static void test_findings_and_reason_may_be_absent(void **state)
{
    (void)state;
    bls_layout layout = claims_layout();
    const char *f[CLAIM_COLUMNS];
    good_fields(f);
    f[5] = "n/a";
    test_row t;
    make_row(&t, f, CLAIM_COLUMNS, 2);
    bls_claims out;
    bls_claims_init(&out);
    int accepted = -1;
    assert_int_equal(bls_claims_parse_row(&layout, &t.row, "c.csv", NULL, &out, &accepted, NULL),
                     BLS_OK);
    assert_int_equal(accepted, 0);
    assert_int_equal(bls_claims_parse_row(NULL, &t.row, "c.csv", NULL, &out, &accepted, NULL),
                     BLS_ERR_INVALID_ARG);
    bls_claims_cleanup(&out);
}

static void test_parse_row_allocation_failures_add_nothing(void **state)
{
    (void)state;
    bls_layout layout = claims_layout();
    const char *f[CLAIM_COLUMNS];
    good_fields(f);
    int succeeded = 0, fired = 1;
    for (long n = 0; n < 100000 && fired; n++) {
        bls_claims out;
        bls_claims_init(&out);
        sweep_fail_after(n);
        parse_outcome o = parse(&layout, f, CLAIM_COLUMNS, 2, NULL, &out);
        fired = sweep_end_run();
        if (o.status == BLS_OK) {
            assert_int_equal(o.accepted, 1);
            assert_int_equal(out.count, 1);
            assert_string_equal(out.items[0].occupation, f[1]);
            succeeded = 1;
        } else {
            assert_int_equal(o.status, BLS_ERR_NOMEM);
            assert_int_equal(o.accepted, 0);
            assert_int_equal(out.count, 0);
        }
        bls_claims_cleanup(&out);
    }
    assert_true(succeeded);

    /* a bad row's finding cannot be stored: NOMEM, the row is not accepted */
    f[5] = "lots";
    bls_findings *findings = bls_findings_new(100);
    assert_non_null(findings);
    bls_claims out;
    bls_claims_init(&out);
    bls_alloc_fail_after(0);
    parse_outcome o = parse(&layout, f, CLAIM_COLUMNS, 2, findings, &out);
    bls_alloc_reset();
    assert_int_equal(o.status, BLS_ERR_NOMEM);
    assert_int_equal(o.accepted, 0);
    assert_int_equal(out.count, 0);
    bls_claims_cleanup(&out);
    bls_findings_free(findings);
}

/* ---- a claims CSV file through the reader and the layout detector ------- */

typedef struct file_run {
    bls_layout_detector *detector;
    const bls_layout *layout;
    bls_findings *findings;
    bls_claims claims;
    size_t rejected;
    char first_reason[256];
    bls_status status;
} file_run;

static int on_file_row(void *ctx, const bls_row *row)
{
    file_run *r = ctx;
    if (row->count == 1 && row->fields[0].len == 0)
        return 0; /* blank line */
    if (!r->layout) {
        bls_detect_result result;
        r->status = bls_layout_detector_feed(r->detector, row, &result);
        if (r->status == BLS_OK && result == BLS_DETECT_FOUND)
            r->layout = bls_layout_detector_layout(r->detector);
        return r->status != BLS_OK;
    }
    int accepted = 0;
    bls_dynbuf reason;
    bls_dynbuf_init(&reason, 4096);
    r->status = bls_claims_parse_row(r->layout, row, "fixture.csv", r->findings, &r->claims,
                                     &accepted, &reason);
    if (!accepted && r->rejected++ == 0)
        snprintf(r->first_reason, sizeof r->first_reason, "%s", reason.data ? reason.data : "");
    bls_dynbuf_cleanup(&reason);
    return r->status != BLS_OK;
}

static void test_claims_csv_fixture_reports_lines_and_columns(void **state)
{
    (void)state;
    /* SYNTHETIC fixture: see tests/data/crosscheck/README.md */
    const char *path = BLS_TEST_DATA "/crosscheck/synthetic_claims_good_and_bad.csv";
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char buf[4096];
    size_t len = fread(buf, 1, sizeof buf, fp);
    assert_int_equal(fclose(fp), 0);
    assert_true(len > 0 && len < sizeof buf);

    file_run r;
    memset(&r, 0, sizeof r);
    r.detector = bls_layout_detector_new();
    r.findings = bls_findings_new(100);
    assert_non_null(r.detector);
    assert_non_null(r.findings);
    bls_claims_init(&r.claims);
    assert_int_equal(
        bls_reader_read_buffer(buf, len, "fixture.csv", NULL, r.findings, on_file_row, &r), BLS_OK);
    assert_int_equal(r.status, BLS_OK);
    assert_non_null(r.layout);
    assert_int_equal(r.layout->kind, BLS_KIND_CLAIMS);

    assert_int_equal(r.claims.count, 3);
    assert_int_equal(r.rejected, 3);
    assert_non_null(strstr(r.first_reason, "metric"));
    const bls_claim *c = r.claims.items;
    assert_string_equal(c[0].soc_code, "29-9991");
    assert_int_equal(c[0].claimed.scaled, 30000);
    assert_int_equal(c[0].input_line, 2);
    assert_int_equal(c[1].input_line, 3); /* the row starts on line 3, ends on 4 */
    assert_string_equal(c[1].quote, "a quote that spans\ntwo lines");
    assert_int_equal(c[1].line, 4);
    assert_int_equal(c[2].input_line, 9);
    assert_int_equal(c[2].metric, BLS_METRIC_MEDIAN_HOURLY_WAGE);
    assert_int_equal(c[2].claimed.scaled, 1250);
    assert_int_equal(c[2].period.year_from, 0);

    static const struct {
        uint64_t line;
        uint32_t column;
    } want[] = {{5, 4}, {6, 7}, {6, 3}, {7, 2}}; /* soc_code is read before claimed */
    assert_int_equal(bls_findings_count(r.findings), sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const bls_finding *f = bls_findings_at(r.findings, i);
        assert_int_equal(f->rule, BLS_RULE_CLAIM_FIELD);
        assert_string_equal(f->path, "fixture.csv");
        if (f->line != want[i].line || f->column != want[i].column)
            fail_msg("finding %zu at %llu:%u, want %llu:%u (%s)", i, (unsigned long long)f->line,
                     (unsigned)f->column, (unsigned long long)want[i].line,
                     (unsigned)want[i].column, f->message);
    }
    bls_claims_cleanup(&r.claims);
    bls_findings_free(r.findings);
    bls_layout_detector_free(r.detector);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_origin_names_are_the_contract_words),
        cmocka_unit_test(test_push_copies_every_string_and_nulls_become_empty),
        cmocka_unit_test(test_push_grows_and_keeps_order),
        cmocka_unit_test(test_cleanup_and_null_arguments_are_safe),
        cmocka_unit_test(test_push_allocation_failures_leave_the_list_unchanged),
        cmocka_unit_test(test_good_row_fills_every_field),
        cmocka_unit_test(test_good_rows_table),
        cmocka_unit_test(test_bad_rows_table_point_at_the_field),
        cmocka_unit_test(test_claimed_sign_marks_must_suit_the_metric_unit),
        cmocka_unit_test(test_every_bad_field_gets_a_finding_and_the_reason_names_the_first),
        cmocka_unit_test(test_reason_allocation_failure_is_reported),
        cmocka_unit_test(test_columns_in_another_order_report_their_own_positions),
        cmocka_unit_test(test_short_row_misses_the_claimed_column),
        cmocka_unit_test(test_findings_and_reason_may_be_absent),
        cmocka_unit_test(test_parse_row_allocation_failures_add_nothing),
        cmocka_unit_test(test_claims_csv_fixture_reports_lines_and_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
