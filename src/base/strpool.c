/*
 * strpool.c - interned strings shared by findings, facts and workbook rows.
 */
#include "blsreport/base/strpool.h"

#include <string.h>

#include "blsreport/base/alloc.h"

void bls_strpool_init(bls_strpool *pool)
{
    pool->items = NULL;
    pool->count = 0;
}

void bls_strpool_cleanup(bls_strpool *pool)
{
    if (!pool)
        return;
    for (size_t i = 0; i < pool->count; i++)
        bls_free(pool->items[i]);
    bls_free(pool->items);
    bls_strpool_init(pool);
}

size_t bls_strpool_index(const bls_strpool *pool, const char *s)
{
    if (!s)
        s = "";
    /* newest first: callers intern the file they are reading right now */
    for (size_t i = pool->count; i-- > 0;)
        if (strcmp(pool->items[i], s) == 0)
            return i;
    return pool->count;
}

const char *bls_strpool_intern(bls_strpool *pool, const char *s)
{
    if (!s)
        s = "";
    size_t i = bls_strpool_index(pool, s);
    if (i < pool->count)
        return pool->items[i];
    if (pool->count >= BLS_STRPOOL_MAX)
        return NULL;
    char **grown = bls_realloc(pool->items, (pool->count + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    pool->items = grown;
    char *copy = bls_strdup(s);
    if (!copy)
        return NULL;
    pool->items[pool->count++] = copy;
    return copy;
}
