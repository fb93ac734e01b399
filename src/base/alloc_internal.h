/*
 * alloc_internal.h - test-only control of the allocator (not installed).
 *
 * The one piece of process-wide mutable state in the library, and only for
 * tests, in the two modes SQLite's malloc tests use:
 *   - persistent: after bls_alloc_fail_after(n), the first n allocations
 *     succeed and every later one returns NULL until bls_alloc_reset();
 *   - transient: after bls_alloc_fail_once_after(n), the first n succeed,
 *     the next one alone returns NULL, and later ones succeed again (a
 *     failure the code must not mistake for a state it can go on from).
 */
#ifndef BLS_ALLOC_INTERNAL_H
#define BLS_ALLOC_INTERNAL_H

void bls_alloc_fail_after(long successes);
void bls_alloc_fail_once_after(long successes);
void bls_alloc_reset(void);
/** @brief True when the failure armed last has happened (until the next arm or
 *  reset): a sweep goes on to n + 1 while it does, and ends with the first
 *  run that never reached allocation n. */
int bls_alloc_fired(void);
/** @brief Allocations attempted since the last reset (for sweeping tests). */
long bls_alloc_count(void);

#endif /* BLS_ALLOC_INTERNAL_H */
