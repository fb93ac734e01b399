/*
 * test_dynbuf.c - the growing byte buffer: contents and NUL, the limit
 * refused without change, filling in place, taking the data, printf-style
 * appends (whole, or refused at the limit), and every allocation failure
 * leaving the buffer as it was.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "alloc_sweep.h"
#include "blsreport/base/alloc.h"
#include "blsreport/base/dynbuf.h"

static void test_appended_bytes_are_kept_in_order_and_nul_terminated(void **state)
{
    (void)state;
    bls_dynbuf b;
    bls_dynbuf_init(&b, 1 << 20);
    assert_null(b.data);
    assert_int_equal(bls_dynbuf_add(&b, "abc", 3), BLS_OK);
    assert_int_equal(bls_dynbuf_addc(&b, ','), BLS_OK);
    assert_int_equal(bls_dynbuf_add(&b, "", 0), BLS_OK);
    assert_int_equal(bls_dynbuf_add(&b, "d\0e", 3), BLS_OK); /* NULs are bytes like others */
    assert_int_equal(b.len, 7);
    assert_memory_equal(b.data, "abc,d\0e", 8); /* and the terminating NUL */
    /* growing past the first allocation keeps everything */
    char big[1000];
    memset(big, 'x', sizeof big);
    assert_int_equal(bls_dynbuf_add(&b, big, sizeof big), BLS_OK);
    assert_int_equal(b.len, 1007);
    assert_memory_equal(b.data, "abc,d\0e", 7);
    assert_memory_equal(b.data + 7, big, sizeof big);
    assert_int_equal(b.data[b.len], '\0');
    bls_dynbuf_cleanup(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    bls_dynbuf_cleanup(NULL);
}

static void test_the_limit_is_refused_and_nothing_changes(void **state)
{
    (void)state;
    bls_dynbuf b;
    bls_dynbuf_init(&b, 10);
    assert_int_equal(bls_dynbuf_add(&b, "0123456789", 10), BLS_OK); /* exactly the limit */
    assert_int_equal(bls_dynbuf_addc(&b, 'x'), BLS_ERR_LIMIT);
    assert_int_equal(bls_dynbuf_reserve(&b, 1), BLS_ERR_LIMIT);
    assert_int_equal(bls_dynbuf_reserve(&b, SIZE_MAX), BLS_ERR_LIMIT); /* no overflow */
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "0123456789");
    assert_true(b.cap <= 11); /* never more than the limit and its NUL */
    bls_dynbuf_cleanup(&b);

    bls_dynbuf huge;
    bls_dynbuf_init(&huge, SIZE_MAX); /* kept below SIZE_MAX: room for the NUL */
    assert_int_equal(bls_dynbuf_reserve(&huge, SIZE_MAX), BLS_ERR_LIMIT);
    bls_dynbuf_cleanup(&huge);
}

static void test_filling_in_place_and_consuming_from_the_front(void **state)
{
    (void)state;
    bls_dynbuf b;
    bls_dynbuf_init(&b, 1 << 16);
    assert_int_equal(bls_dynbuf_room(&b), 0);
    assert_int_equal(bls_dynbuf_reserve(&b, 5), BLS_OK);
    assert_true(bls_dynbuf_room(&b) >= 5);
    memcpy(b.data + b.len, "hello", 5);
    bls_dynbuf_commit(&b, 5);
    assert_string_equal(b.data, "hello");
    bls_dynbuf_commit(&b, bls_dynbuf_room(&b) + 100); /* clamped to the memory there is */
    assert_true(b.len < b.cap);
    assert_int_equal(b.data[b.len], '\0');
    bls_dynbuf_consume(&b, 2);
    assert_memory_equal(b.data, "llo", 3);
    bls_dynbuf_consume(&b, b.len);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    assert_int_equal(bls_dynbuf_add(&b, "again", 5), BLS_OK);
    bls_dynbuf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_non_null(b.data); /* the memory is kept for reuse */
    assert_string_equal(b.data, "");
    bls_dynbuf_cleanup(&b);
}

static void test_reading_a_stream_appends_what_it_holds(void **state)
{
    (void)state;
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(fputs("0123456789", fp) >= 0, 1);
    rewind(fp);
    bls_dynbuf b;
    bls_dynbuf_init(&b, 12);
    size_t got = 99;
    assert_int_equal(bls_dynbuf_add(&b, "ab", 2), BLS_OK);
    assert_int_equal(bls_dynbuf_read(&b, fp, 4, &got), BLS_OK);
    assert_int_equal(got, 4);
    assert_string_equal(b.data, "ab0123");
    assert_int_equal(bls_dynbuf_read(&b, fp, 7, &got), BLS_ERR_LIMIT); /* 2 + 4 + 7 > 12 */
    assert_int_equal(got, 0);
    assert_int_equal(bls_dynbuf_read(&b, fp, 6, &got), BLS_OK);
    assert_int_equal(got, 6);
    assert_string_equal(b.data, "ab0123456789");
    assert_int_equal(bls_dynbuf_read(&b, fp, 0, &got), BLS_OK); /* at the limit, the end */
    assert_int_equal(got, 0);
    fclose(fp);
    bls_dynbuf_cleanup(&b);

    FILE *write_only = fopen("/dev/null", "w"); /* reading it is a stream error */
    assert_non_null(write_only);
    bls_dynbuf_init(&b, 100);
    assert_int_equal(bls_dynbuf_read(&b, write_only, 10, &got), BLS_ERR_READ);
    assert_int_equal(got, 0);
    assert_int_equal(b.len, 0);
    fclose(write_only);
    bls_dynbuf_cleanup(&b);
}

static void test_take_hands_over_the_data_and_empties_the_buffer(void **state)
{
    (void)state;
    bls_dynbuf b;
    bls_dynbuf_init(&b, 100);
    assert_null(bls_dynbuf_take(&b)); /* nothing allocated yet */
    assert_int_equal(bls_dynbuf_add(&b, "source,claimed\n", 15), BLS_OK);
    char *text = bls_dynbuf_take(&b);
    assert_string_equal(text, "source,claimed\n");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.limit, 100);
    bls_free(text);
    bls_dynbuf_cleanup(&b);
}

static void test_allocation_failures_leave_the_buffer_unchanged(void **state)
{
    (void)state;
    char big[5000];
    memset(big, 'y', sizeof big);
    for (long n = 0; n < 3; n++) {
        bls_dynbuf b;
        bls_dynbuf_init(&b, 1 << 20);
        assert_int_equal(bls_dynbuf_add(&b, "keep", 4), BLS_OK);
        sweep_fail_after(n);
        bls_status st = bls_dynbuf_add(&b, big, sizeof big);
        bls_alloc_reset();
        assert_true(st == BLS_OK || st == BLS_ERR_NOMEM);
        if (st == BLS_ERR_NOMEM) {
            assert_int_equal(b.len, 4);
            assert_string_equal(b.data, "keep");
        } else {
            assert_int_equal(b.len, 4 + sizeof big);
        }
        bls_dynbuf_cleanup(&b);
    }
    bls_dynbuf b;
    bls_dynbuf_init(&b, 1 << 20);
    bls_alloc_fail_after(0);
    assert_int_equal(bls_dynbuf_addc(&b, 'z'), BLS_ERR_NOMEM);
    bls_alloc_reset();
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    bls_dynbuf_cleanup(&b);
}

static void test_printf_appends_the_whole_formatted_text(void **state)
{
    (void)state;
    bls_dynbuf b;
    bls_dynbuf_init(&b, 1 << 20);
    assert_int_equal(bls_dynbuf_printf(&b, "%s:%llu", "oes_national_M2014_dl.csv", 6ULL), BLS_OK);
    assert_int_equal(bls_dynbuf_printf(&b, "%s", ""), BLS_OK);
    assert_int_equal(bls_dynbuf_printf(&b, "; %c%d%%", 'x', -41), BLS_OK);
    assert_string_equal(b.data, "oes_national_M2014_dl.csv:6; x-41%");
    assert_int_equal(b.len, strlen("oes_national_M2014_dl.csv:6; x-41%"));
    /* far past the first allocation (256 bytes) and past 511: nothing cut */
    char word[1200];
    memset(word, 'w', sizeof word - 1);
    word[sizeof word - 1] = '\0';
    bls_dynbuf_reset(&b);
    assert_int_equal(bls_dynbuf_printf(&b, "[%s]", word), BLS_OK);
    assert_int_equal(b.len, sizeof word + 1);
    assert_int_equal(b.data[0], '[');
    assert_memory_equal(b.data + 1, word, sizeof word - 1);
    assert_string_equal(b.data + sizeof word, "]");
    bls_dynbuf_cleanup(&b);
}

static void test_printf_past_the_limit_is_refused_and_nothing_changes(void **state)
{
    (void)state;
    bls_dynbuf b;
    bls_dynbuf_init(&b, 10);
    assert_int_equal(bls_dynbuf_printf(&b, "%d", 12345), BLS_OK);
    assert_int_equal(bls_dynbuf_printf(&b, "%s", "678901"), BLS_ERR_LIMIT); /* 11 > 10 */
    assert_int_equal(b.len, 5);
    assert_string_equal(b.data, "12345");
    assert_int_equal(bls_dynbuf_printf(&b, "%05d", 67890), BLS_OK); /* exactly the limit */
    assert_string_equal(b.data, "1234567890");
    assert_true(b.cap <= 11);
    bls_dynbuf_cleanup(&b);
}

static void test_printf_allocation_failures_leave_the_buffer_unchanged(void **state)
{
    (void)state;
    char big[3000];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    /* the first append allocates; the long one grows the buffer */
    bls_dynbuf b;
    bls_dynbuf_init(&b, 1 << 20);
    bls_alloc_fail_after(0);
    assert_int_equal(bls_dynbuf_printf(&b, "%s", "keep"), BLS_ERR_NOMEM);
    bls_alloc_reset();
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(bls_dynbuf_printf(&b, "%s", "keep"), BLS_OK);
    bls_alloc_fail_after(0);
    assert_int_equal(bls_dynbuf_printf(&b, "-%s-", big), BLS_ERR_NOMEM);
    bls_alloc_reset();
    assert_int_equal(b.len, 4);
    assert_string_equal(b.data, "keep");
    /* a transient failure: the next try succeeds whole */
    bls_alloc_fail_once_after(0);
    assert_int_equal(bls_dynbuf_printf(&b, "-%s-", big), BLS_ERR_NOMEM);
    assert_int_equal(bls_dynbuf_printf(&b, "-%s-", big), BLS_OK);
    bls_alloc_reset();
    assert_int_equal(b.len, 4 + 1 + strlen(big) + 1);
    assert_memory_equal(b.data, "keep-", 5);
    assert_string_equal(b.data + 5 + strlen(big), "-");
    bls_dynbuf_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_appended_bytes_are_kept_in_order_and_nul_terminated),
        cmocka_unit_test(test_the_limit_is_refused_and_nothing_changes),
        cmocka_unit_test(test_filling_in_place_and_consuming_from_the_front),
        cmocka_unit_test(test_reading_a_stream_appends_what_it_holds),
        cmocka_unit_test(test_take_hands_over_the_data_and_empties_the_buffer),
        cmocka_unit_test(test_allocation_failures_leave_the_buffer_unchanged),
        cmocka_unit_test(test_printf_appends_the_whole_formatted_text),
        cmocka_unit_test(test_printf_past_the_limit_is_refused_and_nothing_changes),
        cmocka_unit_test(test_printf_allocation_failures_leave_the_buffer_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
