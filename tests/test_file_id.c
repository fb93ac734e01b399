/*
 * test_file_id.c - unit tests for file_id.c: one file under several names.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc_internal.h"
#include "blsreport/read/file_id.h"

static void test_names_of_one_file_point_at_the_first(void **state)
{
    (void)state;
    char dir[] = "/tmp/bls-fileid-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char a[256], b[256], link_a[256], dot_a[256], sym_a[256], missing[256];
    snprintf(a, sizeof a, "%s/a.csv", dir);
    snprintf(b, sizeof b, "%s/b.csv", dir);
    snprintf(link_a, sizeof link_a, "%s/hard.csv", dir);
    snprintf(dot_a, sizeof dot_a, "%s/./a.csv", dir);
    snprintf(sym_a, sizeof sym_a, "%s/sym.csv", dir);
    snprintf(missing, sizeof missing, "%s/none.csv", dir);
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(i ? b : a, "w");
        assert_non_null(f);
        fputs("x\n", f);
        fclose(f);
    }
    assert_int_equal(link(a, link_a), 0);
    assert_int_equal(symlink(a, sym_a), 0);
    const char *paths[] = {b, dot_a, missing, a, link_a, dir, sym_a, b, missing};
    size_t first[9];
    assert_int_equal(bls_file_ids_first_same(paths, 9, first), BLS_OK);
    size_t want[9] = {0, 1, 2, 1, 1, 5, 1, 0, 8};
    assert_memory_equal(first, want, sizeof want);
    /* out of memory: said so */
    bls_alloc_fail_after(0);
    assert_int_equal(bls_file_ids_first_same(paths, 9, first), BLS_ERR_NOMEM);
    bls_alloc_reset();
    assert_int_equal(bls_file_ids_first_same(paths, 0, first), BLS_OK);
    unlink(sym_a);
    unlink(link_a);
    unlink(a);
    unlink(b);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_of_one_file_point_at_the_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
