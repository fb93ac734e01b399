/*
 * alloc_internal.h - test-only control of the allocator (not installed).
 *
 * The one piece of process-wide mutable state in the library, and only for
 * tests: after bls_alloc_fail_after(n), the first n allocations succeed and
 * every later one returns NULL until bls_alloc_reset().
 */
#ifndef BLS_ALLOC_INTERNAL_H
#define BLS_ALLOC_INTERNAL_H

void bls_alloc_fail_after(long successes);
void bls_alloc_reset(void);
/** @brief Allocations attempted since the last reset (for sweeping tests). */
long bls_alloc_count(void);

#endif /* BLS_ALLOC_INTERNAL_H */
