/*
 * alloc.c - allocation wrappers with a failure hook for tests.
 */
#include "blsreport/alloc.h"
#include "alloc_internal.h"

#include <stdlib.h>
#include <string.h>

/* Test hook: -1 means never fail. Not thread-safe by design: tests only. */
static long fail_after = -1;
static long attempts;

static int should_fail(void)
{
    attempts++;
    if (fail_after < 0)
        return 0;
    if (fail_after == 0)
        return 1;
    fail_after--;
    return 0;
}

void bls_alloc_fail_after(long successes)
{
    fail_after = successes;
    attempts = 0;
}

void bls_alloc_reset(void)
{
    fail_after = -1;
    attempts = 0;
}

long bls_alloc_count(void) { return attempts; }

void *bls_malloc(size_t size)
{
    if (should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *bls_calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *bls_realloc(void *ptr, size_t size)
{
    if (should_fail())
        return NULL;
    return realloc(ptr, size ? size : 1);
}

void bls_free(void *ptr) { free(ptr); }

char *bls_strndup(const char *s, size_t len)
{
    char *copy = bls_malloc(len + 1);
    if (!copy)
        return NULL;
    if (len)
        memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

char *bls_strdup(const char *s) { return bls_strndup(s, strlen(s)); }
