/*
 * test_strpool.c - interned strings: one copy per distinct string, stable
 * pointers, first-seen order, allocation failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "alloc_sweep.h"
#include "blsreport/base/strpool.h"

static void test_same_string_is_stored_once(void **state)
{
    (void)state;
    bls_strpool pool;
    bls_strpool_init(&pool);
    char buf[] = "input/a.csv";
    const char *a = bls_strpool_intern(&pool, buf);
    buf[6] = 'b'; /* the pool keeps its own copy */
    const char *b = bls_strpool_intern(&pool, buf);
    const char *a2 = bls_strpool_intern(&pool, "input/a.csv");
    assert_non_null(a);
    assert_non_null(b);
    assert_ptr_equal(a, a2);
    assert_ptr_not_equal(a, b);
    assert_string_equal(a, "input/a.csv");
    assert_string_equal(b, "input/b.csv");
    assert_int_equal(pool.count, 2);
    bls_strpool_cleanup(&pool);
    assert_int_equal(pool.count, 0);
}

static void test_index_is_first_seen_order_and_count_when_absent(void **state)
{
    (void)state;
    bls_strpool pool;
    bls_strpool_init(&pool);
    assert_non_null(bls_strpool_intern(&pool, "z"));
    assert_non_null(bls_strpool_intern(&pool, "a"));
    assert_non_null(bls_strpool_intern(&pool, NULL)); /* NULL is "" */
    assert_int_equal(bls_strpool_index(&pool, "z"), 0);
    assert_int_equal(bls_strpool_index(&pool, "a"), 1);
    assert_int_equal(bls_strpool_index(&pool, ""), 2);
    assert_int_equal(bls_strpool_index(&pool, NULL), 2);
    assert_int_equal(bls_strpool_index(&pool, "missing"), pool.count);
    bls_strpool_cleanup(&pool);
}

static void test_pointers_stay_valid_as_the_pool_grows(void **state)
{
    (void)state;
    bls_strpool pool;
    bls_strpool_init(&pool);
    const char *first = bls_strpool_intern(&pool, "first");
    char name[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "file-%d.csv", i);
        assert_non_null(bls_strpool_intern(&pool, name));
    }
    assert_ptr_equal(bls_strpool_intern(&pool, "first"), first);
    assert_string_equal(first, "first");
    bls_strpool_cleanup(&pool);
}

static void test_allocation_failures_return_null_and_leak_nothing(void **state)
{
    (void)state;
    for (long n = 0; n < 8; n++) {
        bls_strpool pool;
        bls_strpool_init(&pool);
        sweep_fail_after(n);
        const char *a = bls_strpool_intern(&pool, "a");
        const char *b = bls_strpool_intern(&pool, "b");
        bls_alloc_reset();
        if (a)
            assert_string_equal(a, "a");
        if (b)
            assert_string_equal(b, "b");
        if (n >= 4) {
            assert_non_null(a);
            assert_non_null(b);
        } else {
            assert_true(!a || !b);
        }
        bls_strpool_cleanup(&pool);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_string_is_stored_once),
        cmocka_unit_test(test_index_is_first_seen_order_and_count_when_absent),
        cmocka_unit_test(test_pointers_stay_valid_as_the_pool_grows),
        cmocka_unit_test(test_allocation_failures_return_null_and_leak_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
