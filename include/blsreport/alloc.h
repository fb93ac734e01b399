/*
 * alloc.h - the allocator every blsreport module uses.
 *
 * All library allocations go through these wrappers so that tests can make
 * the N-th allocation fail (see src/alloc_internal.h) and prove that every
 * error path frees what it took. bls_free(NULL) is a no-op.
 */
#ifndef BLS_ALLOC_H
#define BLS_ALLOC_H

#include <stddef.h>

void *bls_malloc(size_t size);
void *bls_calloc(size_t count, size_t size);
void *bls_realloc(void *ptr, size_t size);
void bls_free(void *ptr);

/** @brief Copy of a NUL-terminated string; caller frees with bls_free(). */
char *bls_strdup(const char *s);
/** @brief Copy of the first @p len bytes of @p s plus a NUL; caller frees. */
char *bls_strndup(const char *s, size_t len);

#endif /* BLS_ALLOC_H */
