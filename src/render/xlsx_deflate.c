/*
 * xlsx_deflate.c - the workbook's compression level (see xlsx_deflate.h).
 *
 * Pipeline stage: a helper of render_xlsx, active while workbook_close()
 * packs the sheets into the zip file.
 *
 * Why interposing this one symbol is safe enough to ship:
 * - It is the only minizip function that takes a level, and libxlsxwriter
 *   1.1.x calls only it to open an entry (objdump -T: zipOpen,
 *   zipOpenNewFileInZip4_64, zipWriteInFileInZip, zipCloseFileInZip,
 *   zipClose). Nothing else in blsreport uses minizip (cairo's PDF streams
 *   call zlib directly and are not touched: interposing zlib's deflateInit2_
 *   would have changed them too).
 * - Its prototype is minizip 1.1's public ABI (zip.h, soname libminizip.so.1,
 *   unchanged since 2010); the check below insists on that soname.
 * - The override applies only to the exact call libxlsxwriter makes
 *   (Z_DEFLATED, Z_DEFAULT_COMPRESSION, not raw) and only inside a scope on
 *   the calling thread; every other call is forwarded untouched.
 * - minizip records a level of 1 in the entry's general-purpose flags (bits
 *   1-2 = "super fast"), as the zip format (APPNOTE 4.4.4) defines; readers
 *   ignore those bits for decompression.
 */
#define _GNU_SOURCE /* RTLD_NEXT, RTLD_DEFAULT, dladdr */
#include "blsreport/render/xlsx_deflate.h"

#include <dlfcn.h>
#include <string.h>

#define MINIZIP_SONAME "libminizip.so.1"
#define XLSXWRITER_SONAME "libxlsxwriter.so"
#define ENTRY_NAME "zipOpenNewFileInZip4_64"

/* zlib.h's values, spelled out so this file needs no zlib headers. */
enum { ZLIB_DEFLATED = 8, ZLIB_DEFAULT_COMPRESSION = -1, ZLIB_DEFAULT_LEVEL = 6,
       ZLIB_FAST_LEVEL = 1 };
enum { MINIZIP_INTERNALERROR = -104 }; /* zip.h's ZIP_INTERNALERROR */

/* minizip 1.1 zip.h:
 *   extern int ZEXPORT zipOpenNewFileInZip4_64(zipFile file, const char *filename,
 *       const zip_fileinfo *zipfi, const void *extrafield_local,
 *       uInt size_extrafield_local, const void *extrafield_global,
 *       uInt size_extrafield_global, const char *comment, int method, int level,
 *       int raw, int windowBits, int memLevel, int strategy, const char *password,
 *       uLong crcForCrypting, uLong versionMadeBy, uLong flagBase, int zip64);
 * zipFile is void *, uInt unsigned int, uLong unsigned long. */
typedef int entry_fn(void *file, const char *filename, const void *zipfi,
                     const void *extrafield_local, unsigned size_extrafield_local,
                     const void *extrafield_global, unsigned size_extrafield_global,
                     const char *comment, int method, int level, int raw, int window_bits,
                     int mem_level, int strategy, const char *password,
                     unsigned long crc_for_crypting, unsigned long version_made_by,
                     unsigned long flag_base, int zip64);

/* The interposer: exported from the executable (GNU ld exports a symbol that
 * a linked shared library, here libxlsxwriter.so, references). */
entry_fn zipOpenNewFileInZip4_64;

/* The calling thread's override: -1 none, else a zlib level; and how many
 * entries it was applied to. Thread-local: see the header. */
static _Thread_local int tls_level = -1;
static _Thread_local size_t tls_count;

/* dlsym returns void *; POSIX guarantees the round trip to a function
 * pointer, ISO C does not let us cast it: copy the bytes (dlsym(3)). */
_Static_assert(sizeof(entry_fn *) == sizeof(void *), "function and data pointers differ");

static entry_fn *as_entry(void *sym)
{
    entry_fn *fn;
    memcpy(&fn, &sym, sizeof fn);
    return fn;
}

static void *as_data(entry_fn *fn)
{
    void *sym;
    memcpy(&sym, &fn, sizeof sym);
    return sym;
}

int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
                            const void *extrafield_local, unsigned size_extrafield_local,
                            const void *extrafield_global, unsigned size_extrafield_global,
                            const char *comment, int method, int level, int raw, int window_bits,
                            int mem_level, int strategy, const char *password,
                            unsigned long crc_for_crypting, unsigned long version_made_by,
                            unsigned long flag_base, int zip64)
{
    entry_fn *real = as_entry(dlsym(RTLD_NEXT, ENTRY_NAME));
    if (!real || real == zipOpenNewFileInZip4_64)
        return MINIZIP_INTERNALERROR; /* no minizip behind us: libxlsxwriter reports it */
    if (tls_level >= 0 && method == ZLIB_DEFLATED && raw == 0 &&
        level == ZLIB_DEFAULT_COMPRESSION) {
        level = tls_level;
        tls_count++;
    }
    return real(file, filename, zipfi, extrafield_local, size_extrafield_local,
                extrafield_global, size_extrafield_global, comment, method, level, raw,
                window_bits, mem_level, strategy, password, crc_for_crypting, version_made_by,
                flag_base, zip64);
}

int bls_xlsx_compression_level(bls_xlsx_compression c)
{
    switch (c) {
    case BLS_XLSX_COMPRESSION_DEFAULT: return ZLIB_DEFAULT_LEVEL;
    case BLS_XLSX_COMPRESSION_FAST: return ZLIB_FAST_LEVEL;
    }
    return ZLIB_DEFAULT_LEVEL;
}

int bls_xlsx_compression_parse(const char *word, bls_xlsx_compression *out)
{
    static const struct {
        const char *word;
        bls_xlsx_compression value;
    } words[] = {
        {"default", BLS_XLSX_COMPRESSION_DEFAULT},
        {"fast", BLS_XLSX_COMPRESSION_FAST},
    };
    if (!word || !out)
        return -1;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(word, words[i].word) == 0) {
            *out = words[i].value;
            return 0;
        }
    return -1;
}

/* Whether the object that defines @p sym has a file name starting with
 * @p soname (after the last '/'). */
static int defined_in(void *sym, const char *soname)
{
    Dl_info info;
    if (!sym || !dladdr(sym, &info) || !info.dli_fname)
        return 0;
    const char *base = strrchr(info.dli_fname, '/');
    base = base ? base + 1 : info.dli_fname;
    return strncmp(base, soname, strlen(soname)) == 0;
}

int bls_xlsx_deflate_available(const char **why)
{
    const char *reason = NULL;
    void *first = dlsym(RTLD_DEFAULT, ENTRY_NAME);
    if (!first)
        reason = "the executable does not export " ENTRY_NAME
                 " (libxlsxwriter is not linked as a shared library)";
    else if (first != as_data(zipOpenNewFileInZip4_64))
        reason = "another " ENTRY_NAME " comes first in the lookup order (LD_PRELOAD?)";
    else if (!defined_in(dlsym(RTLD_NEXT, ENTRY_NAME), MINIZIP_SONAME))
        reason = "minizip is not the system " MINIZIP_SONAME
                 " (libxlsxwriter built with its bundled copy?)";
    else if (!defined_in(dlsym(RTLD_DEFAULT, "workbook_new_opt"), XLSXWRITER_SONAME))
        reason = "libxlsxwriter is not loaded as a shared library";
    if (reason && why)
        *why = reason;
    return reason == NULL;
}

void bls_xlsx_deflate_begin(bls_xlsx_deflate_scope *s, bls_xlsx_compression c)
{
    s->saved_level = tls_level;
    s->saved_count = tls_count;
    tls_count = 0;
    tls_level = c == BLS_XLSX_COMPRESSION_DEFAULT ? -1 : bls_xlsx_compression_level(c);
}

size_t bls_xlsx_deflate_end(bls_xlsx_deflate_scope *s)
{
    size_t n = tls_count;
    tls_level = s->saved_level;
    tls_count = s->saved_count;
    return n;
}
