/*
 * dynbuf.c - a growing byte buffer with a limit (see dynbuf.h).
 *
 * Capacity doubles from 256 bytes, capped at limit + 1 (the NUL), so that a
 * buffer near its limit does not allocate twice what it may ever hold.
 */
#include "blsreport/base/dynbuf.h"

#include <stdint.h>
#include <string.h>

#include "blsreport/base/alloc.h"

#define DYNBUF_FIRST_CAP 256u

void bls_dynbuf_init(bls_dynbuf *b, size_t limit)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->limit = limit < SIZE_MAX ? limit : SIZE_MAX - 1; /* room for the NUL */
}

void bls_dynbuf_cleanup(bls_dynbuf *b)
{
    if (!b)
        return;
    bls_free(b->data);
    bls_dynbuf_init(b, b->limit);
}

void bls_dynbuf_reset(bls_dynbuf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

bls_status bls_dynbuf_reserve(bls_dynbuf *b, size_t extra)
{
    if (extra > b->limit - b->len)
        return BLS_ERR_LIMIT;
    size_t need = b->len + extra + 1; /* cannot overflow: limit < SIZE_MAX */
    if (need <= b->cap)
        return BLS_OK;
    size_t most = b->limit + 1;
    size_t cap = b->cap ? b->cap : DYNBUF_FIRST_CAP;
    while (cap < need)
        cap = cap > most / 2 ? most : cap * 2;
    if (cap > most)
        cap = most;
    char *grown = bls_realloc(b->data, cap);
    if (!grown)
        return BLS_ERR_NOMEM;
    if (!b->data)
        grown[0] = '\0';
    b->data = grown;
    b->cap = cap;
    return BLS_OK;
}

bls_status bls_dynbuf_add(bls_dynbuf *b, const void *bytes, size_t len)
{
    bls_status st = bls_dynbuf_reserve(b, len);
    if (st != BLS_OK)
        return st;
    if (len)
        memcpy(b->data + b->len, bytes, len);
    b->len += len;
    b->data[b->len] = '\0';
    return BLS_OK;
}

bls_status bls_dynbuf_addc(bls_dynbuf *b, char c)
{
    return bls_dynbuf_add(b, &c, 1);
}

bls_status bls_dynbuf_vprintf(bls_dynbuf *b, const char *fmt, va_list ap)
{
    va_list measure;
    va_copy(measure, ap);
    int n = vsnprintf(NULL, 0, fmt, measure);
    va_end(measure);
    if (n < 0)
        return BLS_ERR_INVALID_ARG;
    bls_status st = bls_dynbuf_reserve(b, (size_t)n);
    if (st != BLS_OK)
        return st;
    va_list write;
    va_copy(write, ap);
    int written = vsnprintf(b->data + b->len, (size_t)n + 1, fmt, write);
    va_end(write);
    if (written != n) { /* the arguments changed between the two passes */
        b->data[b->len] = '\0';
        return BLS_ERR_INVALID_ARG;
    }
    b->len += (size_t)n;
    return BLS_OK;
}

bls_status bls_dynbuf_printf(bls_dynbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bls_status st = bls_dynbuf_vprintf(b, fmt, ap);
    va_end(ap);
    return st;
}

size_t bls_dynbuf_room(const bls_dynbuf *b)
{
    return b->cap ? b->cap - b->len - 1 : 0;
}

void bls_dynbuf_commit(bls_dynbuf *b, size_t n)
{
    if (n > bls_dynbuf_room(b))
        n = bls_dynbuf_room(b); /* a caller's bug: never write past the memory */
    b->len += n;
    if (b->data)
        b->data[b->len] = '\0';
}

bls_status bls_dynbuf_read(bls_dynbuf *b, FILE *stream, size_t want, size_t *got)
{
    *got = 0;
    bls_status st = bls_dynbuf_reserve(b, want);
    if (st != BLS_OK)
        return st;
    size_t n = fread(b->data + b->len, 1, want, stream);
    bls_dynbuf_commit(b, n);
    *got = n;
    return n == 0 && ferror(stream) ? BLS_ERR_READ : BLS_OK;
}

void bls_dynbuf_consume(bls_dynbuf *b, size_t n)
{
    if (n >= b->len) {
        bls_dynbuf_reset(b);
        return;
    }
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
    b->data[b->len] = '\0';
}

char *bls_dynbuf_take(bls_dynbuf *b)
{
    char *data = b->data;
    bls_dynbuf_init(b, b->limit);
    return data;
}
