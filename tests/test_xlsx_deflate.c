/*
 * test_xlsx_deflate.c - the workbook's compression level (xlsx_deflate.h).
 *
 * This executable links libxlsxwriter as a shared library, as blsreport
 * does, so the mechanism is in effect here: workbooks written by
 * libxlsxwriter itself inside a scope are checked in their zip headers
 * (minizip marks level 1 entries "super fast", flags bits 1-2) and, for the
 * default, byte for byte against a workbook written with no scope at all.
 * test_xlsx_deflate_unbound covers the build where it is not in effect.
 * The workbooks are tiny synthetic ones written into a mkdtemp directory.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "blsreport/render/xlsx_deflate.h"
#include "test_files.h"

static char dir[] = "/tmp/bls_xlsx_deflate_XXXXXX";

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[sizeof dir + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A synthetic workbook: one sheet of numbers and strings, enough rows for
 * deflate's levels to differ. */
static void write_workbook(const char *path)
{
    lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = dir};
    lxw_workbook *wb = workbook_new_opt(path, &o);
    assert_non_null(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Synthetic");
    assert_non_null(ws);
    for (lxw_row_t r = 0; r < 2000; r++) {
        assert_int_equal(worksheet_write_number(ws, r, 0, r * 37.25, NULL), LXW_NO_ERROR);
        assert_int_equal(worksheet_write_string(ws, r, 1, r % 3 ? "synthetic a" : "synthetic b",
                                                NULL),
                         LXW_NO_ERROR);
    }
    lxw_doc_properties props = {.created = 1420070400}; /* fixed date: comparable bytes */
    assert_int_equal(workbook_set_properties(wb, &props), LXW_NO_ERROR);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

/* The general-purpose flags of every local file header ("PK\3\4"): counts
 * the entries and how many have bits 1-2 set to @p level_bits. */
static void scan_entries(const char *path, unsigned level_bits, size_t *entries, size_t *with)
{
    size_t len;
    unsigned char *z = slurp(path, &len);
    *entries = *with = 0;
    size_t at = 0;
    while (at + 30 <= len && memcmp(z + at, "PK\3\4", 4) == 0) {
        unsigned flags = z[at + 6] | (unsigned)z[at + 7] << 8;
        unsigned method = z[at + 8] | (unsigned)z[at + 9] << 8;
        uint32_t csize = z[at + 18] | (uint32_t)z[at + 19] << 8 | (uint32_t)z[at + 20] << 16 |
                         (uint32_t)z[at + 21] << 24;
        unsigned name_len = z[at + 26] | (unsigned)z[at + 27] << 8;
        unsigned extra_len = z[at + 28] | (unsigned)z[at + 29] << 8;
        assert_int_equal(method, 8);        /* deflated */
        assert_int_equal(flags & 0x8u, 0u); /* sizes in the header, no data descriptor */
        (*entries)++;
        if ((flags & 0x6u) == level_bits)
            (*with)++;
        at += 30u + name_len + extra_len + csize;
    }
    free(z);
}

static void test_compression_parse_accepts_fast_and_default_only(void **state)
{
    (void)state;
    static const struct {
        const char *word;
        int rc;
        bls_xlsx_compression want;
    } cases[] = {
        {"fast", 0, BLS_XLSX_COMPRESSION_FAST},   {"default", 0, BLS_XLSX_COMPRESSION_DEFAULT},
        {"Fast", -1, BLS_XLSX_COMPRESSION_DEFAULT}, {"1", -1, BLS_XLSX_COMPRESSION_DEFAULT},
        {"", -1, BLS_XLSX_COMPRESSION_DEFAULT},     {"fastest", -1, BLS_XLSX_COMPRESSION_DEFAULT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bls_xlsx_compression c = BLS_XLSX_COMPRESSION_DEFAULT;
        assert_int_equal(bls_xlsx_compression_parse(cases[i].word, &c), cases[i].rc);
        assert_int_equal(c, cases[i].want);
    }
    assert_int_equal(bls_xlsx_compression_parse(NULL, &(bls_xlsx_compression){0}), -1);
    assert_int_equal(bls_xlsx_compression_level(BLS_XLSX_COMPRESSION_DEFAULT), 6);
    assert_int_equal(bls_xlsx_compression_level(BLS_XLSX_COMPRESSION_FAST), 1);
}

static void test_available_when_libxlsxwriter_is_shared(void **state)
{
    (void)state;
    const char *why = NULL;
    assert_int_equal(bls_xlsx_deflate_available(&why), 1);
    assert_null(why);
}

static void test_fast_scope_marks_every_entry_level_1(void **state)
{
    (void)state;
    char path[sizeof dir + 16];
    snprintf(path, sizeof path, "%s/fast.xlsx", dir);
    bls_xlsx_deflate_scope s;
    bls_xlsx_deflate_begin(&s, BLS_XLSX_COMPRESSION_FAST);
    write_workbook(path);
    size_t changed = bls_xlsx_deflate_end(&s);
    size_t entries, fast;
    scan_entries(path, 0x6u, &entries, &fast); /* bits 1-2 = 11: level 1 */
    assert_true(entries >= 8);
    assert_int_equal(fast, entries);
    assert_int_equal(changed, entries);
}

static void test_default_scope_is_byte_identical_to_no_scope(void **state)
{
    (void)state;
    char plain[sizeof dir + 16], scoped[sizeof dir + 16];
    snprintf(plain, sizeof plain, "%s/plain.xlsx", dir);
    snprintf(scoped, sizeof scoped, "%s/default.xlsx", dir);
    write_workbook(plain);
    bls_xlsx_deflate_scope s;
    bls_xlsx_deflate_begin(&s, BLS_XLSX_COMPRESSION_DEFAULT);
    write_workbook(scoped);
    assert_int_equal(bls_xlsx_deflate_end(&s), 0);
    size_t a_len, b_len;
    unsigned char *a = slurp(plain, &a_len), *b = slurp(scoped, &b_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    free(a);
    free(b);
    size_t entries, normal;
    scan_entries(plain, 0x0u, &entries, &normal); /* bits 1-2 = 00: normal */
    assert_int_equal(normal, entries);
}

static void test_scopes_nest_and_restore(void **state)
{
    (void)state;
    char path[sizeof dir + 16];
    snprintf(path, sizeof path, "%s/nested.xlsx", dir);
    bls_xlsx_deflate_scope outer, inner;
    bls_xlsx_deflate_begin(&outer, BLS_XLSX_COMPRESSION_FAST);
    bls_xlsx_deflate_begin(&inner, BLS_XLSX_COMPRESSION_DEFAULT);
    write_workbook(path);
    assert_int_equal(bls_xlsx_deflate_end(&inner), 0); /* the outer level is suspended */
    size_t entries, normal;
    scan_entries(path, 0x0u, &entries, &normal);
    assert_int_equal(normal, entries);
    write_workbook(path); /* the outer scope again */
    assert_int_equal(bls_xlsx_deflate_end(&outer), entries);
    size_t fast;
    scan_entries(path, 0x6u, &entries, &fast);
    assert_int_equal(fast, entries);
}

static void *write_on_thread(void *arg)
{
    write_workbook(arg);
    return NULL;
}

static void test_scope_does_not_reach_other_threads(void **state)
{
    (void)state;
    char path[sizeof dir + 16];
    snprintf(path, sizeof path, "%s/thread.xlsx", dir);
    bls_xlsx_deflate_scope s;
    bls_xlsx_deflate_begin(&s, BLS_XLSX_COMPRESSION_FAST);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, write_on_thread, path), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(bls_xlsx_deflate_end(&s), 0);
    size_t entries, normal;
    scan_entries(path, 0x0u, &entries, &normal);
    assert_int_equal(normal, entries);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compression_parse_accepts_fast_and_default_only),
        cmocka_unit_test(test_available_when_libxlsxwriter_is_shared),
        cmocka_unit_test(test_fast_scope_marks_every_entry_level_1),
        cmocka_unit_test(test_default_scope_is_byte_identical_to_no_scope),
        cmocka_unit_test(test_scopes_nest_and_restore),
        cmocka_unit_test(test_scope_does_not_reach_other_threads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
