/*
 * dynbuf.h - a growing byte buffer with a limit (after curl's dynbuf).
 *
 * Shared piece: the reader keeps a row's bytes and its original text in
 * them, the pipeline builds the --extract-claims CSV in one, and every
 * sentence for humans (a verdict's note, a rejected row's reason) grows in
 * one with bls_dynbuf_printf() (curl's curlx_dyn_addf), never in a fixed
 * array that cuts. Every buffer has
 * a limit, fixed at init: growing past it is BLS_ERR_LIMIT, not an
 * allocation of whatever a hostile input asks for. The bytes are always
 * followed by a NUL once anything was added, so a buffer of text can be read
 * as a C string; the NUL is not counted in len and needs no room under the
 * limit.
 *
 * Storage: caller's (bls_dynbuf_init / bls_dynbuf_cleanup). The data belong
 * to the buffer until bls_dynbuf_take() hands them over.
 *
 * @code
 *   bls_dynbuf b;
 *   bls_dynbuf_init(&b, 1 << 20);
 *   if (bls_dynbuf_add(&b, "abc", 3) != BLS_OK) ...
 *   puts(b.data);                 // "abc"
 *   bls_dynbuf_cleanup(&b);
 * @endcode
 */
#ifndef BLS_DYNBUF_H
#define BLS_DYNBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "blsreport/base/status.h"

typedef struct bls_dynbuf {
    char *data;   /**< NULL until something is added; NUL-terminated after */
    size_t len;   /**< bytes held, without the terminating NUL */
    size_t cap;   /**< bytes allocated (at least len + 1 once allocated) */
    size_t limit; /**< most bytes the buffer may hold */
} bls_dynbuf;

/** @brief An empty buffer that may grow to @p limit bytes. Allocates nothing. */
void bls_dynbuf_init(bls_dynbuf *b, size_t limit);

/** @brief Free the bytes; the buffer is empty again (same limit). NULL is a no-op. */
void bls_dynbuf_cleanup(bls_dynbuf *b);

/** @brief Forget the bytes but keep the memory for reuse. */
void bls_dynbuf_reset(bls_dynbuf *b);

/**
 * @brief Make room for @p extra more bytes (and the NUL) without adding them.
 * @return BLS_OK; BLS_ERR_LIMIT if len + extra would pass the limit (nothing
 * changes); BLS_ERR_NOMEM.
 */
bls_status bls_dynbuf_reserve(bls_dynbuf *b, size_t extra) BLS_MUST_CHECK;

/**
 * @brief Append @p len bytes (may contain NULs). On failure nothing changes.
 * @return BLS_OK, BLS_ERR_LIMIT, BLS_ERR_NOMEM.
 */
bls_status bls_dynbuf_add(bls_dynbuf *b, const void *bytes, size_t len) BLS_MUST_CHECK;

/** @brief Append one byte. @return as bls_dynbuf_add(). */
bls_status bls_dynbuf_addc(bls_dynbuf *b, char c) BLS_MUST_CHECK;

/**
 * @brief Append the text printf() would write for @p fmt, whole (formatted
 * twice: once to measure, once into the room made for it). On failure
 * nothing changes.
 * @return BLS_OK; BLS_ERR_LIMIT if the text would pass the limit;
 * BLS_ERR_NOMEM; BLS_ERR_INVALID_ARG if @p fmt cannot be formatted (an
 * encoding error, more than INT_MAX bytes).
 *
 * @code
 *   bls_dynbuf b;
 *   bls_dynbuf_init(&b, 4096);
 *   if (bls_dynbuf_printf(&b, "%s:%d", "a.csv", 6) != BLS_OK) ...
 *   puts(b.data);                 // "a.csv:6"
 *   bls_dynbuf_cleanup(&b);
 * @endcode
 */
bls_status bls_dynbuf_printf(bls_dynbuf *b, const char *fmt, ...) BLS_PRINTF(2, 3) BLS_MUST_CHECK;

/** @brief bls_dynbuf_printf() with a va_list (not consumed: copied). */
bls_status bls_dynbuf_vprintf(bls_dynbuf *b, const char *fmt, va_list ap) BLS_PRINTF(2, 0)
    BLS_MUST_CHECK;

/**
 * @brief Bytes that may be written at data + len before bls_dynbuf_commit():
 * what the last bls_dynbuf_reserve() made room for, or more (0 when nothing
 * is allocated).
 */
size_t bls_dynbuf_room(const bls_dynbuf *b);

/**
 * @brief Count @p n bytes the caller wrote at data + len (n <= room): for
 * filling the buffer in place (fread, a transcoder). NUL-terminates.
 */
void bls_dynbuf_commit(bls_dynbuf *b, size_t n);

/**
 * @brief Read up to @p want bytes from @p stream onto the end; *got says how
 * many (0 at the end of the input).
 * @return BLS_OK; BLS_ERR_READ if the stream reports an error;
 * BLS_ERR_LIMIT if @p want bytes would pass the limit; BLS_ERR_NOMEM.
 */
bls_status bls_dynbuf_read(bls_dynbuf *b, FILE *stream, size_t want, size_t *got) BLS_MUST_CHECK;

/** @brief Drop the first @p n bytes (n <= b->len), moving the rest to the front. */
void bls_dynbuf_consume(bls_dynbuf *b, size_t n);

/**
 * @brief Hand the bytes over: the caller owns the returned NUL-terminated
 * data (free with bls_free()); the buffer is empty afterwards. Returns NULL
 * if nothing was ever allocated.
 */
char *bls_dynbuf_take(bls_dynbuf *b);

#endif /* BLS_DYNBUF_H */
