/*
 * test_files.h - reading a whole output file back in the unit tests.
 * Include after <cmocka.h>: failures are cmocka assertions.
 */
#ifndef BLS_TEST_FILES_H
#define BLS_TEST_FILES_H

#include <stdio.h>
#include <stdlib.h>

/* The bytes of a non-empty file; caller frees. */
static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long n = ftell(fp);
    assert_true(n > 0);
    rewind(fp);
    unsigned char *buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

#endif /* BLS_TEST_FILES_H */
