/*
 * xlsx_deflate.h - how hard the workbook's zip entries are compressed.
 *
 * Pipeline stage: a helper of *render_xlsx* (the workbook writer), at the
 * moment the workbook is closed and packed into its zip file.
 *
 * libxlsxwriter has no option for its compression level: it always asks
 * minizip for zlib's default (level 6), and deflate at level 6 is about half
 * of a 400,000-row run (docs/performance.md). Debian's libxlsxwriter.so.4
 * calls the system libminizip.so.1 dynamically, through exactly one entry
 * point that takes a level: zipOpenNewFileInZip4_64(). This module defines
 * that symbol in the executable, so the dynamic linker binds
 * libxlsxwriter's call to it (the executable comes first in the global
 * lookup scope); it changes the `level` argument only inside a scope opened
 * on the calling thread, only for the exact call libxlsxwriter 1.1.x makes
 * (deflate, level Z_DEFAULT_COMPRESSION, not raw), and forwards everything
 * else unchanged to minizip's own function (dlsym(RTLD_NEXT)). Outside a
 * scope, or with BLS_XLSX_COMPRESSION_DEFAULT, the call is forwarded as it
 * came: the default workbook is byte-identical to one written without this
 * module.
 *
 * When the mechanism is not in effect - libxlsxwriter linked statically or
 * built with its bundled minizip, the symbol not exported by the executable,
 * another minizip ABI - bls_xlsx_deflate_available() says so and why
 * (before any work), and bls_xlsx_deflate_end() reports that no entry was
 * compressed at the asked level (after the fact). The caller refuses then.
 *
 * State: the level and the count live in thread-local storage (minizip's
 * call carries no context pointer), set and restored by begin/end on the
 * thread that closes the workbook: no mutable state shared across threads.
 */
#ifndef BLS_XLSX_DEFLATE_H
#define BLS_XLSX_DEFLATE_H

#include <stddef.h>

typedef enum bls_xlsx_compression {
    BLS_XLSX_COMPRESSION_DEFAULT = 0, /**< libxlsxwriter's own: zlib level 6 */
    BLS_XLSX_COMPRESSION_FAST,        /**< zlib level 1: ~35% faster run, ~27% larger file */
} bls_xlsx_compression;

/** @brief The zlib level of a setting (6 for DEFAULT, 1 for FAST). */
int bls_xlsx_compression_level(bls_xlsx_compression c);

/**
 * @brief Parse "fast" or "default".
 * @return 0 and *out set, or -1 (unknown word; *out unchanged).
 */
int bls_xlsx_compression_parse(const char *word, bls_xlsx_compression *out);

/**
 * @brief Whether a level other than the default would take effect in this
 * process: the executable's zipOpenNewFileInZip4_64 is the one the dynamic
 * linker resolves, the next definition is in libminizip.so.1, and
 * libxlsxwriter is a shared object that imports it.
 * @param[out] why when not available: a static English reason; may be NULL.
 * @return 1 available, 0 not.
 *
 * @code
 *   const char *why;
 *   if (!bls_xlsx_deflate_available(&why))
 *       fprintf(stderr, "--xlsx-compression fast: %s\n", why);
 * @endcode
 */
int bls_xlsx_deflate_available(const char **why);

/** A compression scope on the calling thread (caller storage). */
typedef struct bls_xlsx_deflate_scope {
    int saved_level;     /* the thread's previous override (-1: none) */
    size_t saved_count;  /* the thread's previous count */
} bls_xlsx_deflate_scope;

/**
 * @brief Until bls_xlsx_deflate_end(), zip entries that libxlsxwriter opens
 * on this thread are compressed at the level of @p c. With DEFAULT nothing
 * is changed (an outer scope's level is suspended). Scopes nest; close them in reverse order on the same thread.
 */
void bls_xlsx_deflate_begin(bls_xlsx_deflate_scope *s, bls_xlsx_compression c);

/**
 * @brief Close the scope.
 * @return the number of zip entries whose level this scope changed (0 with
 * DEFAULT; 0 with FAST means the mechanism was not in effect).
 */
size_t bls_xlsx_deflate_end(bls_xlsx_deflate_scope *s);

#endif /* BLS_XLSX_DEFLATE_H */
