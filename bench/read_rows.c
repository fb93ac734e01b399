/*
 * read_rows.c - bench_read: read every row of a CSV (bls_reader) or of every
 * sheet of a workbook (bls_workbook) and do nothing else, so that the two
 * readers can be timed on the same rows (bench/workbook.sh).
 *
 *   bench_read FILE        prints "rows fields bytes"
 */
#include <stdint.h>
#include <stdio.h>

#include "blsreport/base/alloc.h"
#include "blsreport/read/workbook.h"

typedef struct count {
    uint64_t rows, fields, bytes;
} count;

static int on_row(void *ctx, const bls_row *row)
{
    count *c = ctx;
    c->rows++;
    c->fields += row->count;
    for (size_t i = 0; i < row->count; i++)
        c->bytes += row->fields[i].len;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_read FILE\n");
        return 2;
    }
    count c = {0, 0, 0};
    bls_status st;
    char *why = NULL;
    if (bls_workbook_is_workbook_path(argv[1])) {
        bls_workbook *wb = NULL;
        st = bls_workbook_open(argv[1], NULL, &wb, &why);
        for (size_t i = 0; st == BLS_OK && i < bls_workbook_sheet_count(wb); i++)
            st = bls_workbook_read_sheet(wb, i, on_row, &c, &why);
        bls_workbook_free(wb);
    } else {
        FILE *f = fopen(argv[1], "rb");
        if (!f) {
            perror(argv[1]);
            return 1;
        }
        st = bls_reader_read_stream(f, argv[1], NULL, NULL, on_row, &c);
        fclose(f);
    }
    if (st != BLS_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], why ? why : bls_strerror(st));
        bls_free(why);
        return 1;
    }
    printf("%llu %llu %llu\n", (unsigned long long)c.rows, (unsigned long long)c.fields,
           (unsigned long long)c.bytes);
    return 0;
}
