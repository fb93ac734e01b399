/*
 * test_xlsx_deflate_unbound.c - xlsx_deflate.c where it cannot work.
 *
 * This executable compiles src/xlsx_deflate.c in but links no libxlsxwriter
 * and no minizip: nothing references zipOpenNewFileInZip4_64, so the linker
 * does not export it - what a static libxlsxwriter (or one with its minizip
 * inside) amounts to. The module must say it is not in effect and why, and
 * a FAST scope must report that it changed nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "blsreport/render/xlsx_deflate.h"

static void test_unavailable_without_shared_libxlsxwriter(void **state)
{
    (void)state;
    const char *why = NULL;
    assert_int_equal(bls_xlsx_deflate_available(&why), 0);
    assert_non_null(why);
    assert_non_null(strstr(why, "does not export zipOpenNewFileInZip4_64"));
    assert_int_equal(bls_xlsx_deflate_available(NULL), 0);
}

static void test_fast_scope_reports_nothing_changed(void **state)
{
    (void)state;
    bls_xlsx_deflate_scope s;
    bls_xlsx_deflate_begin(&s, BLS_XLSX_COMPRESSION_FAST);
    assert_int_equal(bls_xlsx_deflate_end(&s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unavailable_without_shared_libxlsxwriter),
        cmocka_unit_test(test_fast_scope_reports_nothing_changed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
