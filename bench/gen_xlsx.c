/*
 * gen_xlsx.c - bench_gen_xlsx: the same rows as a CSV, as an .xlsx.
 *
 * Where it sits: outside the pipeline; bench/workbook.sh uses it to measure
 * the workbook reader against the CSV reader on the same rows.
 *
 *   bench_gen_xlsx IN.csv OUT.xlsx
 *
 * The CSV is bench_gen's SYNTHETIC all-data file; the workbook is written by
 * libxlsxwriter in constant-memory mode (rows streamed, inline strings), as a
 * tool that exports 400,000 rows has to. Cells are numbers when the field is
 * a plain number once thousands separators are removed ("1,234.5" -> 1234.5),
 * text otherwise (titles, codes, the "#", "*" and "**" markers), like BLS's
 * own all_data workbooks. The sheet is named "synthetic_all_data".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <xlsxwriter.h>

typedef struct gen {
    lxw_worksheet *ws;
    lxw_row_t row;
    lxw_col_t col;
    int failed;
} gen;

static int as_number(const char *s, size_t len, double *out)
{
    char buf[64];
    size_t n = 0;
    if (len == 0 || len >= sizeof buf)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ',')
            continue;
        if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '.' && s[i] != '-')
            return 0;
        buf[n++] = s[i];
    }
    buf[n] = '\0';
    /* codes such as 000000 (NAICS) or 11-1011 (SOC) stay text */
    if (n > 1 && buf[0] == '0' && buf[1] != '.')
        return 0;
    if (strchr(buf, '-') && buf[0] != '-')
        return 0;
    char *end = NULL;
    errno = 0;
    *out = strtod(buf, &end);
    return end == buf + n && errno == 0;
}

static void on_field(void *data, size_t len, void *ctx)
{
    gen *g = ctx;
    const char *s = data ? data : "";
    double v;
    lxw_error e = LXW_NO_ERROR;
    if (g->row > 0 && as_number(s, len, &v))
        e = worksheet_write_number(g->ws, g->row, g->col, v, NULL);
    else if (len > 0) {
        char *copy = malloc(len + 1);
        if (!copy) {
            g->failed = 1;
            return;
        }
        memcpy(copy, s, len);
        copy[len] = '\0';
        e = worksheet_write_string(g->ws, g->row, g->col, copy, NULL);
        free(copy);
    }
    if (e != LXW_NO_ERROR)
        g->failed = 1;
    g->col++;
}

static void on_row(int c, void *ctx)
{
    (void)c;
    gen *g = ctx;
    g->row++;
    g->col = 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_gen_xlsx IN.csv OUT.xlsx\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    lxw_workbook_options o = {.constant_memory = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(argv[2], &o);
    if (!wb) {
        fprintf(stderr, "%s: cannot create\n", argv[2]);
        fclose(in);
        return 1;
    }
    gen g = {workbook_add_worksheet(wb, "synthetic_all_data"), 0, 0, 0};
    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL);
    char buf[1 << 16];
    size_t n;
    int rc = 0;
    while (!g.failed && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (csv_parse(&p, buf, n, on_field, on_row, &g) != n) {
            fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
            rc = 1;
            break;
        }
    csv_fini(&p, on_field, on_row, &g);
    csv_free(&p);
    fclose(in);
    if (workbook_close(wb) != LXW_NO_ERROR || g.failed) {
        fprintf(stderr, "%s: writing failed\n", argv[2]);
        rc = 1;
    }
    return rc;
}
