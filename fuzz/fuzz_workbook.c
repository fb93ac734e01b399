/*
 * fuzz_workbook.c - libFuzzer harness for the workbook reader: zip (libzip),
 * xlsx XML (expat), OLE2 compound files and BIFF8 records.
 *
 * The input is opened as a workbook from memory with a small inflate cap
 * (so that zip bombs end quickly at the cap) and every sheet is read; every
 * row must satisfy the row contract (NUL-terminated fields of the stated
 * length, 1-based rows in increasing order): a trap otherwise. Errors are
 * expected; crashes, leaks and undefined behaviour are what it looks for.
 *
 * Build: cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DBLS_FUZZ=ON -DBLS_TESTS=OFF
 *        cmake --build build-fuzz --target fuzz_workbook
 * Run:   ./build-fuzz/fuzz/fuzz_workbook -max_total_time=60 fuzz/corpus/workbook
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/read/workbook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct rows_seen {
    uint64_t last;
    uint64_t count;
} rows_seen;

static int on_row(void *ctx, const bls_row *row)
{
    rows_seen *s = ctx;
    if (row->line <= s->last || row->count == 0 || !row->fields)
        __builtin_trap();
    for (size_t i = 0; i < row->count; i++)
        if (strlen(row->fields[i].data) != row->fields[i].len)
            __builtin_trap();
    s->last = row->line;
    return ++s->count > 200000; /* enough of one sheet */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bls_workbook_options opts = {.inflate_max = (uint64_t)4 << 20};
    bls_workbook *wb = NULL;
    char *why = NULL;
    if (bls_workbook_open_buffer(data, size, "fuzz.xlsx", &opts, &wb, &why) == BLS_OK) {
        for (size_t i = 0; i < bls_workbook_sheet_count(wb) && i < 64; i++) {
            rows_seen s = {0, 0};
            char *msg = NULL;
            (void)bls_workbook_read_sheet(wb, i, on_row, &s, &msg);
            bls_free(msg);
        }
        bls_workbook_free(wb);
    }
    bls_free(why);
    return 0;
}
