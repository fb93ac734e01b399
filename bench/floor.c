/*
 * floor.c - bench_floor: the least work any CSV-to-XLSX tool must do.
 *
 * Where it sits: outside the pipeline, next to it. bench/run.sh times it on
 * the same synthetic files as blsreport; blsreport's time divided by this
 * one is the "ratio to the floor" of the scale issue (goal: <= 1.2).
 *
 *   bench_floor in.csv out.xlsx
 *
 * What it does, and nothing more: parse the CSV with libcsv (csv_parse over
 * 64 KiB reads) and write every cell with libxlsxwriter in constant_memory
 * mode, row by row, into one sheet (continued on a new sheet, header
 * repeated, past Excel's 1,048,576 rows, as blsreport does). A cell that
 * reads as a number once its thousands separators are removed is written as
 * a number, any other cell as a string. No validation, no model, no other
 * sheets, no PDF.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <xlsxwriter.h>

#define READ_CHUNK (64u * 1024u)
#define EXCEL_ROWS 1048576u
#define MAX_COLUMNS 256u   /* header cells kept for continuation sheets */
#define NUMBER_TEXT_MAX 64 /* longer cells are never numbers here */

typedef struct floor_state {
    lxw_workbook *workbook;
    lxw_worksheet *sheet;
    unsigned sheets;
    lxw_row_t row;
    lxw_col_t col;
    int in_header;
    char *header[MAX_COLUMNS];
    size_t header_count;
    lxw_error error; /* first libxlsxwriter error */
    int out_of_memory;
} floor_state;

/*
 * Strict decimal: optional sign, digits with optional ',' separators, an
 * optional fraction. Writes the value without separators to @p out.
 * "54,410" -> 54410; "12.5" -> 12.5; "*", "", "1e5", "nan" -> not numbers.
 */
static int parse_number(const char *text, size_t len, double *out)
{
    char digits[NUMBER_TEXT_MAX + 1];
    size_t n = 0, seen_digits = 0;
    int seen_point = 0;
    if (len == 0 || len > NUMBER_TEXT_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c >= '0' && c <= '9') {
            digits[n++] = c;
            seen_digits++;
        } else if (c == ',' && seen_digits && !seen_point) {
            continue;
        } else if (c == '.' && !seen_point) {
            digits[n++] = c;
            seen_point = 1;
        } else if ((c == '-' || c == '+') && i == 0) {
            digits[n++] = c;
        } else {
            return 0;
        }
    }
    if (!seen_digits)
        return 0;
    digits[n] = '\0';
    char *end;
    errno = 0;
    double v = strtod(digits, &end);
    if (errno || *end)
        return 0;
    *out = v;
    return 1;
}

static void record_error(floor_state *s, lxw_error err)
{
    if (err != LXW_NO_ERROR && s->error == LXW_NO_ERROR)
        s->error = err;
}

static int new_sheet(floor_state *s)
{
    char name[32];
    s->sheets++;
    if (s->sheets == 1)
        snprintf(name, sizeof name, "data");
    else
        snprintf(name, sizeof name, "data (%u)", s->sheets);
    s->sheet = workbook_add_worksheet(s->workbook, name);
    if (!s->sheet) {
        record_error(s, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return 0;
    }
    s->row = 0;
    if (s->sheets == 1)
        return 1;
    for (size_t i = 0; i < s->header_count; i++)
        record_error(s, worksheet_write_string(s->sheet, 0, (lxw_col_t)i, s->header[i], NULL));
    s->row = 1;
    return 1;
}

/* libcsv: one field (NUL-terminated thanks to CSV_APPEND_NULL; borrowed). */
static void on_field(void *field, size_t len, void *ctx)
{
    floor_state *s = ctx;
    const char *text = field ? field : "";
    if (s->error != LXW_NO_ERROR || s->out_of_memory)
        return;
    if (s->in_header && s->header_count < MAX_COLUMNS) {
        char *copy = malloc(len + 1);
        if (!copy) {
            s->out_of_memory = 1;
            return;
        }
        memcpy(copy, text, len);
        copy[len] = '\0';
        s->header[s->header_count++] = copy;
    }
    double number;
    if (!s->in_header && parse_number(text, len, &number))
        record_error(s, worksheet_write_number(s->sheet, s->row, s->col, number, NULL));
    else if (len > 0)
        record_error(s, worksheet_write_string(s->sheet, s->row, s->col, text, NULL));
    s->col++;
}

/* libcsv: end of a row. */
static void on_row(int terminator, void *ctx)
{
    floor_state *s = ctx;
    (void)terminator;
    s->in_header = 0;
    s->col = 0;
    if (++s->row >= EXCEL_ROWS)
        new_sheet(s);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_floor in.csv out.xlsx\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        fprintf(stderr, "bench_floor: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    int rc = 1;
    struct csv_parser parser;
    int parser_ready = 0;
    char *buf = malloc(READ_CHUNK);
    floor_state s = {.in_header = 1};
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    s.workbook = workbook_new_opt(argv[2], &options);
    if (!buf || !s.workbook || !new_sheet(&s)) {
        fprintf(stderr, "bench_floor: cannot start %s\n", argv[2]);
        goto cleanup;
    }
    if (csv_init(&parser, CSV_APPEND_NULL) != 0) {
        fprintf(stderr, "bench_floor: csv_init failed\n");
        goto cleanup;
    }
    parser_ready = 1;
    size_t got;
    while ((got = fread(buf, 1, READ_CHUNK, in)) > 0) {
        if (csv_parse(&parser, buf, got, on_field, on_row, &s) != got) {
            fprintf(stderr, "bench_floor: %s: %s\n", argv[1], csv_strerror(csv_error(&parser)));
            goto cleanup;
        }
    }
    if (ferror(in)) {
        fprintf(stderr, "bench_floor: %s: read error\n", argv[1]);
        goto cleanup;
    }
    csv_fini(&parser, on_field, on_row, &s);
    if (s.out_of_memory || s.error != LXW_NO_ERROR) {
        fprintf(stderr, "bench_floor: %s\n",
                s.out_of_memory ? "out of memory" : lxw_strerror(s.error));
        goto cleanup;
    }
    rc = 0;

cleanup:
    if (s.workbook) {
        lxw_error err = workbook_close(s.workbook); /* frees the workbook */
        if (err != LXW_NO_ERROR) {
            fprintf(stderr, "bench_floor: %s: %s\n", argv[2], lxw_strerror(err));
            rc = 1;
        }
    }
    if (parser_ready)
        csv_free(&parser);
    for (size_t i = 0; i < s.header_count; i++)
        free(s.header[i]);
    free(buf);
    if (fclose(in) != 0)
        rc = 1;
    return rc;
}
