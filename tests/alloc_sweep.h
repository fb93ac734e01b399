/*
 * alloc_sweep.h - allocation-failure sweeps in both of SQLite's modes.
 *
 * A sweep calls sweep_fail_after(n) for n = 0, 1, 2, ... before the code
 * under test and sweep_end_run() after it, and goes on while the armed
 * failure happened: the last run, which never reached allocation n, is a
 * clean run and must succeed. Every allocation is failed once, in turn:
 *   - persistent (the default): every allocation from the n-th fails, as
 *     when memory has run out;
 *   - transient (BLS_SWEEP=transient in the environment): the n-th alone
 *     fails and later ones succeed, so that code which goes on after a
 *     failed allocation (a cache it skips, a fallback) is seen going on
 *     correctly, and code that forgets a failure is caught.
 * ctest runs every unit test that sweeps twice: unit_NAME (persistent) and
 * unit_NAME_transient (tests/CMakeLists.txt).
 */
#ifndef BLS_TEST_ALLOC_SWEEP_H
#define BLS_TEST_ALLOC_SWEEP_H

#include <stdlib.h>
#include <string.h>

#include "base/alloc_internal.h"

static inline int sweep_is_transient(void)
{
    const char *mode = getenv("BLS_SWEEP");
    return mode != NULL && strcmp(mode, "transient") == 0;
}

static inline void sweep_fail_after(long n)
{
    if (sweep_is_transient())
        bls_alloc_fail_once_after(n);
    else
        bls_alloc_fail_after(n);
}

/* The stride of a sweep over a run that makes @p total allocations (counted
 * on a clean run with bls_alloc_count()): every allocation up to @p most,
 * beyond that about @p most of them spread evenly, so that a run that
 * allocates thousands of times stays quick under a sanitizer. */
static inline long sweep_step(long total, long most)
{
    return total > most ? total / most + 1 : 1;
}

/* After a sweep's run: did the armed failure happen? Resets the hook. */
static inline int sweep_end_run(void)
{
    int fired = bls_alloc_fired();
    bls_alloc_reset();
    return fired;
}

#endif /* BLS_TEST_ALLOC_SWEEP_H */
