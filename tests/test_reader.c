/*
 * test_reader.c - unit tests for reader.c: line ends, quoting, encodings,
 * control characters, limits, stop requests and allocation failures. Every
 * input is a memory buffer (streams through fmemopen).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#ifdef __GLIBC__
#include <malloc.h> /* mallinfo2: heap in use, for the stray-quote memory test */
#endif

#include "alloc_sweep.h"
#include "blsreport/base/cells.h"
#include "blsreport/base/diag.h"
#include "blsreport/read/reader.h"

/* ---- a callback that keeps copies of every row ---------------------------- */

typedef struct kept_row {
    char **fields;
    size_t *lens;
    int *quoted;
    size_t count;
    uint64_t line, line_end;
    char *raw;
    size_t raw_len;
    int too_long, too_wide;
} kept_row;

typedef struct collector {
    kept_row *rows;
    size_t count, cap;
    size_t stop_after;         /* callback returns 1 after this many rows (0 = never) */
    volatile int *flag_to_set; /* set after stop_after rows instead of returning 1 */
} collector;

static char *copy_bytes(const char *s, size_t len)
{
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

static int collect_row(void *ctx, const bls_row *row)
{
    collector *c = ctx;
    if (c->count == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->rows = realloc(c->rows, c->cap * sizeof *c->rows);
        assert_non_null(c->rows);
    }
    kept_row *k = &c->rows[c->count++];
    k->count = row->count;
    k->fields = calloc(row->count + 1, sizeof *k->fields);
    k->lens = calloc(row->count + 1, sizeof *k->lens);
    k->quoted = calloc(row->count + 1, sizeof *k->quoted);
    assert_non_null(k->fields);
    for (size_t i = 0; i < row->count; i++) {
        assert_int_equal(row->fields[i].data[row->fields[i].len], '\0');
        k->fields[i] = copy_bytes(row->fields[i].data, row->fields[i].len);
        k->lens[i] = row->fields[i].len;
        k->quoted[i] = row->fields[i].quoted;
    }
    k->line = row->line;
    k->line_end = row->line_end;
    k->raw = copy_bytes(row->raw, row->raw_len);
    k->raw_len = row->raw_len;
    k->too_long = row->too_long;
    k->too_wide = row->too_wide;
    if (c->stop_after > 0 && c->count >= c->stop_after) {
        if (c->flag_to_set != NULL)
            *c->flag_to_set = 1;
        else
            return 1;
    }
    return 0;
}

static void collector_clear(collector *c)
{
    for (size_t r = 0; r < c->count; r++) {
        for (size_t i = 0; i < c->rows[r].count; i++)
            free(c->rows[r].fields[i]);
        free(c->rows[r].fields);
        free(c->rows[r].lens);
        free(c->rows[r].quoted);
        free(c->rows[r].raw);
    }
    free(c->rows);
    memset(c, 0, sizeof *c);
}

static bls_status read_text(const char *text, size_t len, const bls_reader_options *opts,
                            bls_findings *findings, collector *c)
{
    return bls_reader_read_buffer(text, len, "test.csv", opts, findings, collect_row, c);
}

static size_t count_rule(const bls_findings *findings, bls_rule rule)
{
    size_t n = 0;
    for (size_t i = 0; i < bls_findings_count(findings); i++) {
        if (bls_findings_at(findings, i)->rule == rule)
            n++;
    }
    return n;
}

static const bls_finding *first_of_rule(const bls_findings *findings, bls_rule rule)
{
    for (size_t i = 0; i < bls_findings_count(findings); i++) {
        if (bls_findings_at(findings, i)->rule == rule)
            return bls_findings_at(findings, i);
    }
    return NULL;
}

#define TEXT(s) (s), (sizeof(s) - 1)

/* ---- tests ---------------------------------------------------------------- */

static void test_cr_lf_and_crlf_all_end_a_line(void **state)
{
    (void)state;
    collector c = {0};
    bls_findings *f = bls_findings_new(0);
    assert_int_equal(read_text(TEXT("a,b\r\nc,d\re,f\ng,h"), NULL, f, &c), BLS_OK);
    assert_int_equal(c.count, 4);
    static const char *const first[] = {"a", "c", "e", "g"};
    static const char *const raws[] = {"a,b", "c,d", "e,f", "g,h"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(c.rows[i].count, 2);
        assert_string_equal(c.rows[i].fields[0], first[i]);
        assert_string_equal(c.rows[i].raw, raws[i]);
        assert_int_equal(c.rows[i].line, i + 1);
        assert_int_equal(c.rows[i].line_end, i + 1);
    }
    assert_int_equal(bls_findings_count(f), 0);
    collector_clear(&c);
    bls_findings_free(f);
}

static void test_blank_lines_are_rows_with_one_empty_field(void **state)
{
    (void)state;
    collector c = {0};
    assert_int_equal(read_text(TEXT("a\n\r\n\nb\n"), NULL, NULL, &c), BLS_OK);
    assert_int_equal(c.count, 4);
    for (size_t i = 1; i <= 2; i++) {
        assert_int_equal(c.rows[i].count, 1);
        assert_int_equal(c.rows[i].lens[0], 0);
        assert_int_equal(c.rows[i].raw_len, 0);
        assert_int_equal(c.rows[i].line, i + 1);
    }
    assert_string_equal(c.rows[3].fields[0], "b");
    assert_int_equal(c.rows[3].line, 4);
    collector_clear(&c);
}

static void test_utf8_bom_is_skipped(void **state)
{
    (void)state;
    collector c = {0};
    bls_findings *f = bls_findings_new(0);
    assert_int_equal(read_text(TEXT("\xEF\xBB\xBFOCC_CODE,OCC_TITLE\n"), NULL, f, &c), BLS_OK);
    assert_int_equal(c.count, 1);
    assert_string_equal(c.rows[0].fields[0], "OCC_CODE");
    assert_string_equal(c.rows[0].raw, "OCC_CODE,OCC_TITLE");
    assert_int_equal(bls_findings_count(f), 0);
    collector_clear(&c);
    bls_findings_free(f);
}

static void test_quoted_field_spans_lines_and_keeps_its_raw_text(void **state)
{
    (void)state;
    collector c = {0};
    bls_findings *f = bls_findings_new(0);
    const char text[] = "x,\"line1\r\nline2 \"\"q\"\"\",y\nz\n";
    assert_int_equal(read_text(TEXT(text), NULL, f, &c), BLS_OK);
    assert_int_equal(c.count, 2);
    assert_int_equal(c.rows[0].count, 3);
    assert_string_equal(c.rows[0].fields[1], "line1\nline2 \"q\"");
    assert_true(c.rows[0].quoted[1]);
    assert_false(c.rows[0].quoted[0]);
    assert_int_equal(c.rows[0].line, 1);
    assert_int_equal(c.rows[0].line_end, 2);
    assert_string_equal(c.rows[0].raw, "x,\"line1\r\nline2 \"\"q\"\"\",y");
    assert_int_equal(c.rows[1].line, 3);
    assert_string_equal(c.rows[1].fields[0], "z");
    assert_int_equal(bls_findings_count(f), 0);
    collector_clear(&c);
    bls_findings_free(f);
}

static void test_thousands_separators_inside_quotes_stay_one_field(void **state)
{
    (void)state;
    collector c = {0};
    assert_int_equal(read_text(TEXT("15-1252,\"54,410\",\"$1,234.50\"\n"), NULL, NULL, &c), BLS_OK);
    assert_int_equal(c.count, 1);
    assert_int_equal(c.rows[0].count, 3);
    assert_string_equal(c.rows[0].fields[1], "54,410");
    bls_number n = bls_cell_parse(c.rows[0].fields[1], c.rows[0].lens[1]);
    assert_int_equal(n.state, BLS_CELL_VALUE);
    assert_int_equal(n.scaled, 54410);
    assert_string_equal(c.rows[0].fields[2], "$1,234.50");
    collector_clear(&c);
}

static void test_cp1252_lines_are_transcoded_with_a_finding(void **state)
{
    (void)state;
    collector c = {0};
    bls_findings *f = bls_findings_new(0);
    assert_int_equal(read_text(TEXT("ok,line\nTitle \x96 dash,caf\xE9\nbad\x81,x\n"), NULL, f, &c),
                     BLS_OK);
    assert_int_equal(c.count, 3);
    assert_string_equal(c.rows[1].fields[0], "Title \xE2\x80\x93 dash");
    assert_string_equal(c.rows[1].fields[1], "caf\xC3\xA9");
    assert_string_equal(c.rows[1].raw, "Title \xE2\x80\x93 dash,caf\xC3\xA9");
    assert_string_equal(c.rows[2].fields[0], "bad\xEF\xBF\xBD");
    /* one finding per file: the count of lines and the first of them */
    assert_int_equal(count_rule(f, BLS_RULE_ENCODING_CP1252), 1);
    assert_int_equal(first_of_rule(f, BLS_RULE_ENCODING_CP1252)->line, 2);
    assert_non_null(strstr(first_of_rule(f, BLS_RULE_ENCODING_CP1252)->message,
                           "2 line(s) not UTF-8, read as Windows-1252; the first is line 2"));
    assert_int_equal(count_rule(f, BLS_RULE_ENCODING_INVALID), 1);
    assert_int_equal(first_of_rule(f, BLS_RULE_ENCODING_INVALID)->line, 3);
    collector_clear(&c);
    bls_findings_free(f);
}

static void test_valid_utf8_is_left_alone(void **state)
{
    (void)state;
    collector c = {0};
    bls_findings *f = bls_findings_new(0);
    assert_int_equal(read_text(TEXT("caf\xC3\xA9,\xE2\x80\x93,\xF0\x9F\x98\x80\n"), NULL, f, &c),
                     BLS_OK);
    assert_string_equal(c.rows[0].fields[0], "caf\xC3\xA9");
    assert_string_equal(c.rows[0].fields[2], "\xF0\x9F\x98\x80");
    assert_int_equal(bls_findings_count(f), 0);
    collector_clear(&c);
    bls_findings_free(f);
}

static void test_overlong_and_surrogate_utf8_are_not_accepted(void **state)
{
    (void)state;
    static const char *const bad[] = {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
                                      "\xF4\x90\x80\x80", "\xC3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        collector c = {0};
        bls_findings *f = bls_findings_new(0);
        assert_int_equal(read_text(bad[i], strlen(bad[i]), NULL, f, &c), BLS_OK);
        /* garbage reads as neither: one legacy finding either way */
        assert_int_equal(
            count_rule(f, BLS_RULE_ENCODING_CP1252) + count_rule(f, BLS_RULE_ENCODING_MACROMAN), 1);
        collector_clear(&c);
        bls_findings_free(f);
    }
}

static void test_nul_and_control_characters_become_replacement_characters(void **state)
{
    (void)state;
    collector c = {0};
    bls_findings *f = bls_findings_new(0);
    const char text[] = "a\0b,ok,tab\there\nx,\"bell\x07\"\n";
    assert_int_equal(read_text(text, sizeof text - 1, NULL, f, &c), BLS_OK);
    assert_int_equal(c.count, 2);
    assert_int_equal(c.rows[0].lens[0], 5);
    assert_memory_equal(c.rows[0].fields[0],
                        "a\xEF\xBF\xBD"
                        "b",
                        5);
    assert_string_equal(c.rows[0].fields[2], "tab\there");
    assert_string_equal(c.rows[1].fields[1], "bell\xEF\xBF\xBD");
    assert_int_equal(count_rule(f, BLS_RULE_CONTROL_CHAR), 2);
    const bls_finding *first = first_of_rule(f, BLS_RULE_CONTROL_CHAR);
    assert_int_equal(first->line, 1);
    assert_int_equal(first->column, 1);
    assert_int_equal(bls_findings_at(f, 1)->line, 2);
    assert_int_equal(bls_findings_at(f, 1)->column, 2);
    collector_clear(&c);
    bls_findings_free(f);
}

static void test_field_longer_than_the_limit_is_cut_once_per_row(void **state)
{
    (void)state;
    size_t long_len = 40000;
    size_t len = 2 * long_len + 16;
    char *text = malloc(len);
    assert_non_null(text);
    size_t n = 0;
    text[n++] = 'a';
    text[n++] = ',';
    memset(text + n, 'x', long_len);
    n += long_len;
    text[n++] = ',';
    memset(text + n, 'y', long_len);
    n += long_len;
    text[n++] = '\n';
    memcpy(text + n, "b,c\n", 4);
    n += 4;

    collector c = {0};
    bls_findings *f = bls_findings_new(0);
    assert_int_equal(read_text(text, n, NULL, f, &c), BLS_OK);
    assert_int_equal(c.count, 2);
    assert_int_equal(c.rows[0].count, 3);
    assert_int_equal(c.rows[0].lens[1], BLS_FIELD_MAX);
    assert_int_equal(c.rows[0].lens[2], BLS_FIELD_MAX);
    assert_true(c.rows[0].too_long);
    assert_int_equal(c.rows[0].raw_len, 2 * long_len + 3); /* raw keeps the full text */
    assert_false(c.rows[1].too_long);
    assert_int_equal(count_rule(f, BLS_RULE_FIELD_TOO_LONG), 1);
    assert_int_equal(first_of_rule(f, BLS_RULE_FIELD_TOO_LONG)->column, 2);
    collector_clear(&c);
    bls_findings_free(f);
    free(text);
}

static void test_cut_never_splits_a_utf8_character(void **state)
{
    (void)state;
    bls_reader_options opts = {0};
    opts.field_max = 5;
    collector c = {0};
    /* seven 'é' (2 bytes each): the limit counts characters */
    assert_int_equal(read_text(TEXT("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9,z\n"),
                               &opts, NULL, &c),
                     BLS_OK);
    assert_int_equal(c.rows[0].lens[0], 10);
    assert_string_equal(c.rows[0].fields[0], "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9");
    assert_true(c.rows[0].too_long);
    collector_clear(&c);
}

static char *many_fields(size_t count, size_t *len)
{
    char *text = malloc(count * 6 + 2);
    assert_non_null(text);
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        n += (size_t)snprintf(text + n, 7, i ? ",%u" : "%u", (unsigned)(i % 1000));
    text[n++] = '\n';
    *len = n;
    return text;
}

static void test_row_wider_than_the_limit_drops_extra_fields(void **state)
{
    (void)state;
    size_t len;
    char *text = many_fields(5000, &len);
    collector c = {0};
    assert_int_equal(read_text(text, len, NULL, NULL, &c), BLS_OK);
    assert_int_equal(c.count, 1);
    assert_int_equal(c.rows[0].count, BLS_FIELDS_MAX);
    assert_true(c.rows[0].too_wide);
    assert_string_equal(c.rows[0].fields[4095], "95");
    collector_clear(&c);

    bls_reader_options opts = {0};
    opts.fields_max = 10000;
    assert_int_equal(read_text(text, len, &opts, NULL, &c), BLS_OK);
    assert_int_equal(c.rows[0].count, 5000);
    assert_false(c.rows[0].too_wide);
    assert_string_equal(c.rows[0].fields[4999], "999");
    collector_clear(&c);
    free(text);
}

static void test_unterminated_quote_at_end_delivers_the_partial_row(void **state)
{
    (void)state;
    collector c = {0};
    bls_findings *f = bls_findings_new(0);
    assert_int_equal(read_text(TEXT("a,b\nc,\"open\nmore\n"), NULL, f, &c), BLS_OK);
    assert_int_equal(c.count, 2);
    assert_int_equal(c.rows[1].count, 2);
    assert_string_equal(c.rows[1].fields[1], "open\nmore");
    assert_int_equal(c.rows[1].line, 2);
    assert_int_equal(c.rows[1].line_end, 3);
    assert_int_equal(count_rule(f, BLS_RULE_CSV_QUOTE), 1);
    assert_int_equal(first_of_rule(f, BLS_RULE_CSV_QUOTE)->line, 2);
    collector_clear(&c);

    /* same without a final line end */
    assert_int_equal(read_text(TEXT("c,\"open"), NULL, f, &c), BLS_OK);
    assert_int_equal(c.count, 1);
    assert_string_equal(c.rows[0].fields[1], "open");
    assert_int_equal(count_rule(f, BLS_RULE_CSV_QUOTE), 2);
    collector_clear(&c);
    bls_findings_free(f);
}

static void test_stray_quote_does_not_swallow_the_rest_of_the_file(void **state)
{
    (void)state;
    size_t lines = 250;
    char *text = malloc(lines * 16 + 64);
    assert_non_null(text);
    size_t n = (size_t)sprintf(text, "h1,h2,h3\nx,\"a\"b,c\n");
    for (size_t i = 0; i < lines; i++)
        n += (size_t)sprintf(text + n, "%zu,2,3\n", i);
    collector c = {0};
    bls_findings *f = bls_findings_new(0);
    assert_int_equal(read_text(text, n, NULL, f, &c), BLS_OK);
    assert_int_equal(c.count, 2 + lines);
    assert_int_equal(c.rows[1].line, 2);
    assert_int_equal(c.rows[1].line_end, 2);
    assert_string_equal(c.rows[1].raw, "x,\"a\"b,c");
    for (size_t i = 0; i < lines; i++) {
        assert_int_equal(c.rows[2 + i].line, 3 + i);
        assert_int_equal(c.rows[2 + i].count, 3);
    }
    assert_string_equal(c.rows[2].fields[0], "0");
    assert_int_equal(count_rule(f, BLS_RULE_CSV_QUOTE), 1);
    assert_int_equal(first_of_rule(f, BLS_RULE_CSV_QUOTE)->line, 2);
    collector_clear(&c);
    bls_findings_free(f);
    free(text);
}

#ifdef __GLIBC__
/* Heap in use now: arena blocks in use plus mmapped blocks (glibc). */
static size_t heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

typedef struct heap_probe {
    size_t rows, peak;
} heap_probe;

static int probe_heap(void *ctx, const bls_row *row)
{
    (void)row;
    heap_probe *p = ctx;
    p->rows++;
    size_t now = heap_in_use();
    if (now > p->peak)
        p->peak = now;
    return 0;
}
#endif

/*
 * Fuzz/lint find: short lines that each open a quote, then one line of the
 * 16 MiB line limit. Every recovery replays the lines after the first and the
 * long line takes the row over the byte limit again, one line shorter each
 * time. The recovery must not nest (it used to recurse, holding one 16 MiB
 * replay copy per level: 1.6 GB of heap for a 16 MiB input).
 */
static void test_repeated_stray_quote_recovery_keeps_one_replay_copy(void **state)
{
    (void)state;
    if (sweep_is_transient()) /* sweeps nothing; a 16 MiB read is minutes under ASan */
        skip();
#ifdef __GLIBC__
    const size_t short_lines = 20;
    const size_t long_len = (size_t)16 * 1024 * 1024; /* READER_LINE_BYTES_MAX */
    size_t len = 2 + short_lines * 3 + long_len + 1;
    char *text = malloc(len);
    assert_non_null(text);
    size_t n = 0;
    memcpy(text + n, "\"\n", 2);
    n += 2;
    for (size_t i = 0; i < short_lines; i++, n += 3)
        memcpy(text + n, "\"x\n", 3);
    text[n++] = '"';
    memset(text + n, 'x', long_len - 1);
    n += long_len - 1;
    text[n++] = '\n';
    assert_int_equal(n, len);

    bls_findings *f = bls_findings_new(0);
    assert_non_null(f);
    heap_probe probe = {0, 0};
    size_t before = heap_in_use();
    assert_int_equal(bls_reader_read_buffer(text, len, "test.csv", NULL, f, probe_heap, &probe),
                     BLS_OK);
    /* Each of the 21 short lines ends up a row of its own with a finding,
     * then the long line, whose quote is still open at the end (a finding). */
    assert_int_equal(probe.rows, short_lines + 2);
    assert_int_equal(count_rule(f, BLS_RULE_CSV_QUOTE), short_lines + 2);
    /* The row text (up to 32 MiB of capacity) and one replay copy; nesting
     * held 20 copies of 16 MiB here. */
    assert_true(probe.peak - before < (size_t)96 * 1024 * 1024);
    bls_findings_free(f);
    free(text);
#else
    skip();
#endif
}

static void test_empty_input_gives_no_rows(void **state)
{
    (void)state;
    collector c = {0};
    assert_int_equal(read_text("", 0, NULL, NULL, &c), BLS_OK);
    assert_int_equal(c.count, 0);
    assert_int_equal(bls_reader_read_buffer(NULL, 0, "x", NULL, NULL, collect_row, &c), BLS_OK);
    assert_int_equal(c.count, 0);
    assert_int_equal(bls_reader_read_buffer(NULL, 3, "x", NULL, NULL, collect_row, &c),
                     BLS_ERR_INVALID_ARG);
}

static void test_whitespace_only_line_is_one_empty_field(void **state)
{
    (void)state;
    collector c = {0};
    assert_int_equal(read_text(TEXT("a\n   \n"), NULL, NULL, &c), BLS_OK);
    assert_int_equal(c.count, 2);
    assert_int_equal(c.rows[1].count, 1);
    assert_int_equal(c.rows[1].lens[0], 0);
    assert_string_equal(c.rows[1].raw, "   ");
    assert_int_equal(c.rows[1].line, 2);
    collector_clear(&c);
}

static void test_stop_flag_and_callback_stop_reading(void **state)
{
    (void)state;
    const char text[] = "1\n2\n3\n4\n5\n";
    volatile int stop = 0;
    bls_reader_options opts = {0};
    opts.stop_flag = &stop;
    collector c = {0};
    c.stop_after = 2;
    c.flag_to_set = &stop;
    assert_int_equal(read_text(TEXT(text), &opts, NULL, &c), BLS_ERR_INTERRUPTED);
    assert_int_equal(c.count, 2);
    collector_clear(&c);

    c.stop_after = 3;
    assert_int_equal(read_text(TEXT(text), NULL, NULL, &c), BLS_ERR_INTERRUPTED);
    assert_int_equal(c.count, 3);
    collector_clear(&c);

    stop = 1; /* already set: nothing is read */
    assert_int_equal(read_text(TEXT(text), &opts, NULL, &c), BLS_ERR_INTERRUPTED);
    assert_int_equal(c.count, 0);
}

static void test_bytes_limit_is_enforced(void **state)
{
    (void)state;
    bls_reader_options opts = {0};
    opts.bytes_max = 4;
    collector c = {0};
    assert_int_equal(read_text(TEXT("a,b\nc,d\n"), &opts, NULL, &c), BLS_ERR_LIMIT);
    collector_clear(&c);
    opts.bytes_max = 8;
    assert_int_equal(read_text(TEXT("a,b\nc,d\n"), &opts, NULL, &c), BLS_OK);
    assert_int_equal(c.count, 2);
    collector_clear(&c);

    char text[] = "a,b\nc,d\n";
    FILE *in = fmemopen(text, sizeof text - 1, "r");
    assert_non_null(in);
    opts.bytes_max = 4;
    assert_int_equal(bls_reader_read_stream(in, "s.csv", &opts, NULL, collect_row, &c),
                     BLS_ERR_LIMIT);
    fclose(in);
    collector_clear(&c);
}

/* A text whose lines and quoted newlines fall across 64 KiB chunk edges. */
static char *mixed_text(size_t rows, size_t *len)
{
    char *text = malloc(rows * 64 + 16);
    assert_non_null(text);
    size_t n = 0;
    for (size_t i = 0; i < rows; i++) {
        switch (i % 5) {
        case 0:
            n += (size_t)sprintf(text + n, "15-%04zu,\"Title %zu\",\"54,410\"\r\n", i % 10000, i);
            break;
        case 1: n += (size_t)sprintf(text + n, "a%zu,\"two\r\nlines\",%zu\n", i, i); break;
        case 2: n += (size_t)sprintf(text + n, "caf\xE9 %zu,x\r", i); break;
        case 3: n += (size_t)sprintf(text + n, "\n"); break;
        default: n += (size_t)sprintf(text + n, "\"q\"\"uote\",%zu,*,#\r\n", i); break;
        }
    }
    *len = n;
    return text;
}

static void assert_same_rows(const collector *a, const collector *b)
{
    assert_int_equal(a->count, b->count);
    for (size_t r = 0; r < a->count; r++) {
        assert_int_equal(a->rows[r].count, b->rows[r].count);
        assert_int_equal(a->rows[r].line, b->rows[r].line);
        assert_int_equal(a->rows[r].line_end, b->rows[r].line_end);
        assert_int_equal(a->rows[r].raw_len, b->rows[r].raw_len);
        assert_memory_equal(a->rows[r].raw, b->rows[r].raw, a->rows[r].raw_len);
        for (size_t i = 0; i < a->rows[r].count; i++)
            assert_string_equal(a->rows[r].fields[i], b->rows[r].fields[i]);
    }
}

static void test_stream_matches_buffer_across_chunk_edges(void **state)
{
    (void)state;
    size_t len;
    char *text = mixed_text(20000, &len);
    assert_true(len > 3 * 65536);
    collector from_buffer = {0}, from_stream = {0};
    bls_findings *fb = bls_findings_new(0), *fs = bls_findings_new(0);
    assert_int_equal(read_text(text, len, NULL, fb, &from_buffer), BLS_OK);
    FILE *in = fmemopen(text, len, "r");
    assert_non_null(in);
    assert_int_equal(bls_reader_read_stream(in, "test.csv", NULL, fs, collect_row, &from_stream),
                     BLS_OK);
    fclose(in);
    assert_same_rows(&from_buffer, &from_stream);
    assert_int_equal(bls_findings_count(fb), bls_findings_count(fs));
    assert_int_equal(count_rule(fb, BLS_RULE_ENCODING_CP1252), 1);
    assert_non_null(strstr(first_of_rule(fb, BLS_RULE_ENCODING_CP1252)->message, "4000 line(s)"));
    /* the two-line row ends one line after it starts */
    assert_int_equal(from_buffer.rows[1].line, 2);
    assert_int_equal(from_buffer.rows[1].line_end, 3);
    assert_string_equal(from_buffer.rows[1].fields[1], "two\nlines");
    collector_clear(&from_buffer);
    collector_clear(&from_stream);
    bls_findings_free(fb);
    bls_findings_free(fs);
    free(text);
}

static void test_crlf_split_across_chunks_is_one_line_end(void **state)
{
    (void)state;
    size_t len = 65536 + 8;
    char *text = malloc(len);
    assert_non_null(text);
    memset(text, 'x', len);
    text[65535] = '\r';
    text[65536] = '\n';
    memcpy(text + 65537, "b,c\r\n", 5);
    len = 65542;
    collector c = {0};
    FILE *in = fmemopen(text, len, "r");
    assert_non_null(in);
    assert_int_equal(bls_reader_read_stream(in, "s.csv", NULL, NULL, collect_row, &c), BLS_OK);
    fclose(in);
    assert_int_equal(c.count, 2);
    assert_int_equal(c.rows[1].line, 2);
    assert_string_equal(c.rows[1].raw, "b,c");
    collector_clear(&c);
    free(text);
}

static void test_stream_line_longer_than_a_chunk_is_read_whole(void **state)
{
    (void)state;
    size_t len = 200000;
    char *text = malloc(len + 4);
    assert_non_null(text);
    memset(text, 'z', len);
    memcpy(text + len, "\n1\n", 3);
    collector c = {0};
    FILE *in = fmemopen(text, len + 3, "r");
    assert_non_null(in);
    bls_reader_options opts = {0};
    opts.field_max = 300000;
    assert_int_equal(bls_reader_read_stream(in, "s.csv", &opts, NULL, collect_row, &c), BLS_OK);
    fclose(in);
    assert_int_equal(c.count, 2);
    assert_int_equal(c.rows[0].lens[0], len);
    assert_int_equal(c.rows[1].line, 2);
    collector_clear(&c);
    free(text);
}

/* An input that walks every allocation path: encodings, controls, quotes,
 * long and many fields. */
static char *busy_text(size_t *len)
{
    size_t cap = 50000;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t n = (size_t)sprintf(text, "\xEF\xBB\xBFh1,h2,h3\r\n\"a\nb\",caf\xE9,x\n\n");
    text[n++] = 'n';
    text[n++] = '\0';
    text[n++] = ',';
    memset(text + n, 'w', 40000);
    n += 40000;
    n += (size_t)sprintf(text + n, "\n");
    for (int i = 0; i < 300; i++)
        n += (size_t)sprintf(text + n, "%d,", i);
    n += (size_t)sprintf(text + n, "end\nx,\"open");
    *len = n;
    return text;
}

static void test_allocation_failures_return_nomem_without_leaks(void **state)
{
    (void)state;
    size_t len;
    char *text = busy_text(&len);
    /* a clean run first: how many allocations the sweeps spread over */
    collector clean = {0};
    bls_alloc_reset();
    assert_int_equal(read_text(text, len, NULL, NULL, &clean), BLS_OK);
    long step = sweep_step(bls_alloc_count(), 300);
    bls_alloc_reset();
    collector_clear(&clean);
    bls_status st = BLS_ERR_NOMEM;
    int fired = 1;
    long n;
    for (n = 0; n < 1000000 && fired; n += step) {
        collector c = {0};
        bls_findings *f = bls_findings_new(0);
        assert_non_null(f);
        sweep_fail_after(n);
        st = read_text(text, len, NULL, f, &c);
        fired = sweep_end_run();
        if (st != BLS_OK)
            assert_int_equal(st, BLS_ERR_NOMEM);
        else
            assert_int_equal(c.count, 6);
        collector_clear(&c);
        bls_findings_free(f);
    }
    assert_int_equal(st, BLS_OK);
    assert_true(n > 5);

    st = BLS_ERR_NOMEM;
    fired = 1;
    for (n = 0; n < 1000000 && fired; n += step) {
        collector c = {0};
        FILE *in = fmemopen(text, len, "r");
        assert_non_null(in);
        sweep_fail_after(n);
        st = bls_reader_read_stream(in, "s.csv", NULL, NULL, collect_row, &c);
        fired = sweep_end_run();
        fclose(in);
        if (st != BLS_OK)
            assert_int_equal(st, BLS_ERR_NOMEM);
        collector_clear(&c);
    }
    assert_int_equal(st, BLS_OK);
    free(text);
}

static void test_null_stream_is_an_invalid_argument(void **state)
{
    (void)state;
    assert_int_equal(bls_reader_read_stream(NULL, "x", NULL, NULL, collect_row, NULL),
                     BLS_ERR_INVALID_ARG);
}

/* ---- encodings and delimiters (issue 19 item 5, issue 13 item 3) ------------ */

/* ASCII text as UTF-16LE with a BOM, as Notepad's "Unicode" saves it (synthetic). */
static char *utf16le(const char *ascii, int bom, size_t *len)
{
    size_t n = strlen(ascii);
    char *out = malloc(2 * n + 2);
    assert_non_null(out);
    size_t k = 0;
    if (bom) {
        out[k++] = '\xFF';
        out[k++] = '\xFE';
    }
    for (size_t i = 0; i < n; i++) {
        out[k++] = ascii[i];
        out[k++] = '\0';
    }
    *len = k;
    return out;
}

static void read_both_ways(const char *text, size_t len, collector *from_buffer,
                           collector *from_stream, bls_reader_info *info)
{
    bls_reader_options opts = {0};
    opts.info = info;
    assert_int_equal(read_text(text, len, &opts, NULL, from_buffer), BLS_OK);
    FILE *in = fmemopen((void *)text, len, "r");
    assert_non_null(in);
    assert_int_equal(bls_reader_read_stream(in, "t.csv", NULL, NULL, collect_row, from_stream),
                     BLS_OK);
    fclose(in);
    assert_same_rows(from_buffer, from_stream);
}

static void test_utf16_files_are_read_as_their_utf8_text(void **state)
{
    (void)state;
    static const char ascii[] = "OCC_CODE\tOCC_TITLE\tA_MEDIAN\r\n"
                                "29-2053\tPsychiatric Technicians\t\"31,130\"\r\n";
    for (int bom = 1; bom >= 0; bom--) {
        size_t len;
        char *wide = utf16le(ascii, bom, &len);
        collector a = {0}, b = {0}, plain = {0};
        bls_reader_info info;
        read_both_ways(wide, len, &a, &b, &info);
        assert_int_equal(info.encoding, BLS_ENC_UTF16LE);
        assert_int_equal(info.delimiter, '\t');
        assert_int_equal(read_text(TEXT(ascii), NULL, NULL, &plain), BLS_OK);
        assert_same_rows(&a, &plain);
        assert_int_equal(a.count, 2);
        assert_int_equal(a.rows[1].count, 3);
        assert_string_equal(a.rows[1].fields[2], "31,130");
        collector_clear(&a);
        collector_clear(&b);
        collector_clear(&plain);
        free(wide);
    }
}

static void test_tab_and_semicolon_separated_files_are_recognised(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        char delimiter;
        size_t fields;     /* in the last row */
        const char *third; /* its third field */
    } cases[] = {
        /* Excel "Text (tab delimited)": numbers as displayed, unquoted */
        {"Title row\nOCC_CODE\tOCC_TITLE\tA_MEDIAN\tH_MEDIAN\n"
         "29-2053\tPsychiatric Technicians\t31,130\t14.97\n",
         '\t', 4, "31,130"},
        /* a tab inside a field of a tab file must not be trimmed as space */
        {"a\tb\tc\n1\t\t3\n", '\t', 3, "3"},
        /* European Excel: ';' between fields, decimal commas */
        {"OCC_CODE;OCC_TITLE;EMP_2012;EMP_2022\n29-2053;\"Technicians; psychiatric\";71,0;73,8\n",
         ';', 4, "71,0"},
        /* a comma file whose title row holds semicolons stays a comma file */
        {"Wages; May 2014; national\nOCC_CODE,OCC_TITLE,A_MEDIAN\n29-2053,Psychiatric, 31130\n"
         "31-2021,PTA,54410\n",
         ',', 3, "54410"},
        /* commas inside quotes do not count */
        {"A;B;C\n\"1,2,3,4\";x;y\n", ';', 3, "y"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        collector a = {0}, b = {0};
        bls_reader_info info;
        read_both_ways(cases[i].text, strlen(cases[i].text), &a, &b, &info);
        assert_int_equal(info.delimiter, cases[i].delimiter);
        const kept_row *last = &a.rows[a.count - 1];
        assert_int_equal(last->count, cases[i].fields);
        assert_string_equal(last->fields[2], cases[i].third);
        collector_clear(&a);
        collector_clear(&b);
    }
    /* a delimiter given in the options is used as is */
    collector c = {0};
    bls_reader_options opts = {0};
    opts.delimiter = ';';
    assert_int_equal(read_text(TEXT("a,b;c\n"), &opts, NULL, &c), BLS_OK);
    assert_int_equal(c.rows[0].count, 2);
    collector_clear(&c);
}

/* The real BLS file named, from $BLS_REAL_DATA or ../shared/bls/real; NULL
 * (the test is skipped) when it is not there. */
static char *real_file(const char *name)
{
    const char *dir = getenv("BLS_REAL_DATA");
    char path[4096];
    if (dir && *dir)
        snprintf(path, sizeof path, "%s/%s", dir, name);
    else
        snprintf(path, sizeof path, "%s/../shared/bls/real/%s", BLS_SOURCE_DIR, name);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fclose(fp);
    return strdup(path);
}

/* The output of an independent converter (iconv) of @p path. */
static char *iconv_output(const char *from, const char *path, size_t *len)
{
    char command[4200];
    snprintf(command, sizeof command, "iconv -f %s -t utf-8 '%s'", from, path);
    FILE *pipe = popen(command, "r");
    assert_non_null(pipe);
    size_t cap = 1 << 20, n = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    size_t got;
    while ((got = fread(out + n, 1, cap - n, pipe)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
    }
    assert_int_equal(pclose(pipe), 0);
    *len = n;
    return out;
}

static void assert_reads_as_iconv_gives(const char *name, const char *iconv_name, bls_rule rule,
                                        bls_text_encoding encoding)
{
    char *path = real_file(name);
    if (!path)
        skip();
    size_t len;
    char *converted = iconv_output(iconv_name, path, &len);
    collector ours = {0}, theirs = {0};
    bls_findings *f = bls_findings_new(0), *g = bls_findings_new(0);
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    bls_reader_info info;
    bls_reader_options opts = {0};
    opts.info = &info;
    assert_int_equal(bls_reader_read_stream(in, path, &opts, f, collect_row, &ours), BLS_OK);
    fclose(in);
    assert_int_equal(read_text(converted, len, NULL, g, &theirs), BLS_OK);
    assert_true(ours.count > 100);
    assert_same_rows(&ours, &theirs);
    assert_int_equal(info.encoding, encoding);
    /* one finding for the whole file, not one per line */
    assert_int_equal(bls_findings_count(f), 1);
    assert_int_equal(bls_findings_at(f, 0)->rule, rule);
    assert_int_equal(bls_findings_count(g), 0);
    assert_true(info.legacy_lines > 100);
    char count[64];
    snprintf(count, sizeof count, "%llu line(s)", (unsigned long long)info.legacy_lines);
    assert_non_null(strstr(bls_findings_at(f, 0)->message, count));
    collector_clear(&ours);
    collector_clear(&theirs);
    bls_findings_free(f);
    bls_findings_free(g);
    free(converted);
    free(path);
}

static void test_excel_for_mac_export_reads_as_its_iconv_conversion(void **state)
{
    (void)state;
    assert_reads_as_iconv_gives("ep/table_1.7_2019-29_export_macroman_crlf.csv", "macintosh",
                                BLS_RULE_ENCODING_MACROMAN, BLS_ENC_MACROMAN);
}

static void test_excel_for_windows_export_reads_as_its_iconv_conversion(void **state)
{
    (void)state;
    assert_reads_as_iconv_gives("ep/occupation_2012-22_table_1.7.csv", "cp1252",
                                BLS_RULE_ENCODING_CP1252, BLS_ENC_CP1252);
}

static void test_legacy_guess_is_the_same_for_a_stream_and_a_buffer(void **state)
{
    (void)state;
    /* 70,000 bytes of ASCII rows, then Mac Roman dashes: the stream reader
     * must wait for the same sample the buffer reader sees (synthetic). */
    size_t cap = 200000, n = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    while (n < 70000)
        n += (size_t)sprintf(text + n, "29-2053,Psychiatric Technicians,71.0\r\n");
    n += (size_t)sprintf(text + n, "x,\xD5quoted\xD5,y\r\n");
    for (int i = 0; i < 200; i++)
        n += (size_t)sprintf(text + n, "31-2021,PTA,\xD1\r\n");
    collector a = {0}, b = {0};
    bls_reader_info info;
    read_both_ways(text, n, &a, &b, &info);
    assert_int_equal(info.encoding, BLS_ENC_MACROMAN);
    assert_string_equal(a.rows[a.count - 1].fields[2], "\xE2\x80\x94");
    collector_clear(&a);
    collector_clear(&b);
    free(text);
}

static void test_hint_says_what_the_file_was_read_as(void **state)
{
    (void)state;
    char hint[256];
    collector c = {0};
    bls_reader_info info;
    bls_reader_options opts = {0};
    opts.info = &info;
    assert_int_equal(read_text(TEXT("a;b;c\n1;2;3\n"), &opts, NULL, &c), BLS_OK);
    assert_string_equal(bls_reader_info_hint(&info, hint, sizeof hint),
                        " (read as UTF-8, semicolon-separated)");
    collector_clear(&c);
    /* an article given where a table was expected */
    assert_int_equal(read_text(TEXT("Psychiatric Technicians\n\nIn May 2014, psychiatric "
                                    "technicians earned a median of $31,130, BLS says.\n"
                                    "Employment is projected to grow by 5% by 2022.\n"),
                               &opts, NULL, &c),
                     BLS_OK);
    assert_non_null(strstr(bls_reader_info_hint(&info, hint, sizeof hint),
                           "3 of 3 rows read as prose, not as a table: a document?"));
    collector_clear(&c);
    assert_string_equal(bls_reader_info_hint(NULL, hint, sizeof hint), "");
}

static void test_blank_rows(void **state)
{
    (void)state;
    bls_field f[2] = {{" \t", 2, 0}, {"", 0, 0}};
    bls_row row = {.fields = f, .count = 2, .line = 1};
    assert_true(bls_row_is_blank(&row));
    row.count = 0;
    assert_true(bls_row_is_blank(&row));
    f[1] = (bls_field){" x", 2, 0};
    row.count = 2;
    assert_false(bls_row_is_blank(&row));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blank_rows),
        cmocka_unit_test(test_cr_lf_and_crlf_all_end_a_line),
        cmocka_unit_test(test_blank_lines_are_rows_with_one_empty_field),
        cmocka_unit_test(test_utf8_bom_is_skipped),
        cmocka_unit_test(test_quoted_field_spans_lines_and_keeps_its_raw_text),
        cmocka_unit_test(test_thousands_separators_inside_quotes_stay_one_field),
        cmocka_unit_test(test_cp1252_lines_are_transcoded_with_a_finding),
        cmocka_unit_test(test_valid_utf8_is_left_alone),
        cmocka_unit_test(test_overlong_and_surrogate_utf8_are_not_accepted),
        cmocka_unit_test(test_nul_and_control_characters_become_replacement_characters),
        cmocka_unit_test(test_field_longer_than_the_limit_is_cut_once_per_row),
        cmocka_unit_test(test_cut_never_splits_a_utf8_character),
        cmocka_unit_test(test_row_wider_than_the_limit_drops_extra_fields),
        cmocka_unit_test(test_unterminated_quote_at_end_delivers_the_partial_row),
        cmocka_unit_test(test_stray_quote_does_not_swallow_the_rest_of_the_file),
        cmocka_unit_test(test_repeated_stray_quote_recovery_keeps_one_replay_copy),
        cmocka_unit_test(test_empty_input_gives_no_rows),
        cmocka_unit_test(test_whitespace_only_line_is_one_empty_field),
        cmocka_unit_test(test_stop_flag_and_callback_stop_reading),
        cmocka_unit_test(test_bytes_limit_is_enforced),
        cmocka_unit_test(test_stream_matches_buffer_across_chunk_edges),
        cmocka_unit_test(test_crlf_split_across_chunks_is_one_line_end),
        cmocka_unit_test(test_stream_line_longer_than_a_chunk_is_read_whole),
        cmocka_unit_test(test_allocation_failures_return_nomem_without_leaks),
        cmocka_unit_test(test_null_stream_is_an_invalid_argument),
        cmocka_unit_test(test_utf16_files_are_read_as_their_utf8_text),
        cmocka_unit_test(test_tab_and_semicolon_separated_files_are_recognised),
        cmocka_unit_test(test_excel_for_mac_export_reads_as_its_iconv_conversion),
        cmocka_unit_test(test_excel_for_windows_export_reads_as_its_iconv_conversion),
        cmocka_unit_test(test_legacy_guess_is_the_same_for_a_stream_and_a_buffer),
        cmocka_unit_test(test_hint_says_what_the_file_was_read_as),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
