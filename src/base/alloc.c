/*
 * alloc.c - allocation wrappers with a failure hook for tests.
 */
#include "base/alloc_internal.h"
#include "blsreport/base/alloc.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Test hook: -1 means never fail. Atomic because the PDF may be drawn on a
 * second thread (pdf_job.c) while the first one allocates: the count stays
 * exact, though which thread meets an injected failure is then a race, so
 * the tests that inject failures run the pipeline on one thread. */
static atomic_long fail_after = -1;
static atomic_long attempts;
static atomic_int transient; /* fail once, then succeed again */
static atomic_int fired;     /* an armed failure happened since it was armed */

static int should_fail(void)
{
    atomic_fetch_add_explicit(&attempts, 1, memory_order_relaxed);
    long left = atomic_load_explicit(&fail_after, memory_order_relaxed);
    while (left > 0) { /* take one success, unless another thread took it first */
        if (atomic_compare_exchange_weak_explicit(&fail_after, &left, left - 1,
                                                  memory_order_relaxed, memory_order_relaxed))
            return 0;
    }
    if (left != 0)
        return 0;
    if (!atomic_load_explicit(&transient, memory_order_relaxed)) {
        atomic_store_explicit(&fired, 1, memory_order_relaxed);
        return 1;
    }
    /* transient: exactly one allocation fails, then the hook is off */
    long zero = 0;
    int fail = atomic_compare_exchange_strong_explicit(&fail_after, &zero, -1, memory_order_relaxed,
                                                       memory_order_relaxed);
    if (fail)
        atomic_store_explicit(&fired, 1, memory_order_relaxed);
    return fail;
}

void bls_alloc_fail_after(long successes)
{
    atomic_store(&fired, 0);
    atomic_store(&transient, 0);
    atomic_store(&fail_after, successes);
    atomic_store(&attempts, 0);
}

void bls_alloc_fail_once_after(long successes)
{
    atomic_store(&fired, 0);
    atomic_store(&transient, 1);
    atomic_store(&fail_after, successes);
    atomic_store(&attempts, 0);
}

void bls_alloc_reset(void)
{
    atomic_store(&fired, 0);
    atomic_store(&transient, 0);
    atomic_store(&fail_after, -1);
    atomic_store(&attempts, 0);
}

int bls_alloc_fired(void)
{
    return atomic_load(&fired);
}

long bls_alloc_count(void)
{
    return atomic_load(&attempts);
}

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

void bls_free(void *ptr)
{
    free(ptr);
}

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

char *bls_strdup(const char *s)
{
    return bls_strndup(s, strlen(s));
}

char *bls_vasprintf(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *out = bls_malloc(n > 0 ? (size_t)n + 1 : 1);
    if (out && (n <= 0 || vsnprintf(out, (size_t)n + 1, fmt, again) != n))
        out[0] = '\0';
    va_end(again);
    return out;
}

char *bls_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *out = bls_vasprintf(fmt, ap);
    va_end(ap);
    return out;
}
