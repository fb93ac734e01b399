/*
 * strpool.h - a small pool of interned strings (file paths, mostly).
 *
 * Findings, facts and workbook rows name the file they come from; a run has
 * few files but many such names, so each distinct string is stored once and
 * shared. The pool owns every string; pointers it returns stay valid until
 * bls_strpool_cleanup(). Lookup is linear: pools hold a handful of paths.
 */
#ifndef BLS_STRPOOL_H
#define BLS_STRPOOL_H

#include <stddef.h>

#include "blsreport/base/status.h"

typedef struct bls_strpool {
    char **items; /**< in the order first interned */
    size_t count;
} bls_strpool;

/** Most distinct strings a pool holds; interning more fails (NULL). */
#define BLS_STRPOOL_MAX 100000u

void bls_strpool_init(bls_strpool *pool);
/** @brief Free every string; the pool is empty and reusable afterwards. */
void bls_strpool_cleanup(bls_strpool *pool);

/**
 * @brief The pool's copy of @p s (NULL counts as ""), added if new.
 * @return the shared copy, or NULL when out of memory or the pool is full.
 *
 * @code
 * const char *a = bls_strpool_intern(&pool, "input/a.csv");
 * const char *b = bls_strpool_intern(&pool, "input/a.csv"); // a == b
 * @endcode
 */
const char *bls_strpool_intern(bls_strpool *pool, const char *s);

/** @brief Position of @p s in first-interned order, or pool->count if absent. */
size_t bls_strpool_index(const bls_strpool *pool, const char *s);

#endif /* BLS_STRPOOL_H */
