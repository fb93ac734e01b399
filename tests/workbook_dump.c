/*
 * workbook_dump.c - test tool: print every worksheet of a workbook as the
 * reader gives it, for tests/workbook_compare.py to compare with openpyxl
 * and xlrd. Output: one line per sheet "#SHEET\t<path>", then one line per
 * row "<line>\t<field>\x1f<field>..." with \t, \n, \r, \\ and \x1f escaped.
 */
#include <stdio.h>
#include <stdlib.h>

#include "blsreport/base/alloc.h"
#include "blsreport/read/workbook.h"

static void put_escaped(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\')
            fputs("\\\\", stdout);
        else if (c == '\t')
            fputs("\\t", stdout);
        else if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\r')
            fputs("\\r", stdout);
        else if (c == 0x1f)
            fputs("\\u", stdout);
        else
            putchar(c);
    }
}

static int on_row(void *ctx, const bls_row *row)
{
    (void)ctx;
    printf("%llu\t", (unsigned long long)row->line);
    for (size_t i = 0; i < row->count; i++) {
        if (i)
            putchar(0x1f);
        put_escaped(row->fields[i].data, row->fields[i].len);
    }
    putchar('\n');
    return 0;
}

int main(int argc, char **argv)
{
    int rc = 0;
    for (int a = 1; a < argc; a++) {
        bls_workbook *wb = NULL;
        char *why = NULL;
        bls_status st = bls_workbook_open(argv[a], NULL, &wb, &why);
        if (st != BLS_OK) {
            fprintf(stderr, "%s (%s)\n", why ? why : argv[a], bls_strerror(st));
            bls_free(why);
            rc = 2;
            continue;
        }
        for (size_t i = 0; i < bls_workbook_sheet_count(wb); i++) {
            printf("#SHEET\t%s\n", bls_workbook_sheet_path(wb, i));
            st = bls_workbook_read_sheet(wb, i, on_row, NULL, &why);
            if (st != BLS_OK) {
                fprintf(stderr, "%s (%s)\n", why ? why : "", bls_strerror(st));
                rc = 2;
            }
            bls_free(why);
            why = NULL;
        }
        bls_workbook_free(wb);
    }
    return rc;
}
