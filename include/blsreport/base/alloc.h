/*
 * alloc.h - the allocator every blsreport module uses.
 *
 * All library allocations go through these wrappers so that tests can make
 * the N-th allocation fail (see src/alloc_internal.h) and prove that every
 * error path frees what it took. bls_free(NULL) is a no-op.
 */
#ifndef BLS_ALLOC_H
#define BLS_ALLOC_H

#include <stdarg.h>
#include <stddef.h>

#include "blsreport/base/status.h"

void *bls_malloc(size_t size);
void *bls_calloc(size_t count, size_t size);
void *bls_realloc(void *ptr, size_t size);
void bls_free(void *ptr);

/** @brief Copy of a NUL-terminated string; caller frees with bls_free(). */
char *bls_strdup(const char *s);
/** @brief Copy of the first @p len bytes of @p s plus a NUL; caller frees. */
char *bls_strndup(const char *s, size_t len);
/** @brief The formatted text, whole, in an exactly sized allocation; ""
 *  when @p fmt cannot be formatted; NULL when out of memory. Caller frees. */
char *bls_vasprintf(const char *fmt, va_list ap) BLS_PRINTF(1, 0);
/** @brief bls_vasprintf() with the arguments given here. */
char *bls_asprintf(const char *fmt, ...) BLS_PRINTF(1, 2);

#endif /* BLS_ALLOC_H */
