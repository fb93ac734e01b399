/*
 * deflate_limit.c - bench_deflate: how fast zlib alone compresses a file.
 *
 * Where it sits: outside the project, a yardstick for bench/run.sh. It
 * gives the "deflate limit" of the benchmark table: the time that zlib needs
 * to compress blsreport's own sheet XML (unzipped from its workbook by
 * run.sh) at a level, doing what libxlsxwriter and minizip do with it and
 * nothing else: read the file in 16 KiB pieces (libxlsxwriter's
 * LXW_ZIP_BUFFER_SIZE), crc32 each piece and deflate it raw (windowBits
 * -15, memLevel 8, default strategy: minizip's call) into a 64 KiB buffer
 * (minizip's Z_BUFSIZE) that is written to OUT.
 *
 *     bench_deflate IN OUT LEVEL [LEVEL...]
 *
 * Each level runs once, in the order given (run.sh alternates the order
 * between turns); prints one line per level:
 *
 *     LEVEL seconds in_bytes out_bytes crc32
 *
 * Wall-clock time (CLOCK_MONOTONIC) from opening IN to closing OUT.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#define IN_PIECE 16384u  /* libxlsxwriter's LXW_ZIP_BUFFER_SIZE */
#define OUT_BUF 65536u   /* minizip's Z_BUFSIZE */
#define MEM_LEVEL 8      /* minizip's DEF_MEM_LEVEL */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Returns 0 on success; *in_bytes and *out_bytes counted. */
static int deflate_file(const char *in_path, const char *out_path, int level,
                        unsigned long long *in_bytes, unsigned long long *out_bytes,
                        unsigned long *crc_out)
{
    static unsigned char in[IN_PIECE], out[OUT_BUF];
    FILE *fi = fopen(in_path, "rb");
    FILE *fo = fopen(out_path, "wb");
    z_stream z;
    memset(&z, 0, sizeof z);
    int rc = -1;
    if (!fi || !fo || deflateInit2(&z, level, Z_DEFLATED, -MAX_WBITS, MEM_LEVEL,
                                   Z_DEFAULT_STRATEGY) != Z_OK)
        goto done;
    uLong crc = crc32(0L, Z_NULL, 0);
    *in_bytes = *out_bytes = 0;
    int flush = Z_NO_FLUSH;
    do {
        size_t n = fread(in, 1, sizeof in, fi);
        if (ferror(fi))
            goto end;
        flush = n < sizeof in ? Z_FINISH : Z_NO_FLUSH;
        crc = crc32(crc, in, (uInt)n);
        *in_bytes += n;
        z.next_in = in;
        z.avail_in = (uInt)n;
        do {
            z.next_out = out;
            z.avail_out = sizeof out;
            if (deflate(&z, flush) == Z_STREAM_ERROR)
                goto end;
            size_t have = sizeof out - z.avail_out;
            if (fwrite(out, 1, have, fo) != have)
                goto end;
            *out_bytes += have;
        } while (z.avail_out == 0);
    } while (flush != Z_FINISH);
    *crc_out = crc;
    rc = 0;
end:
    deflateEnd(&z);
done:
    if (fi)
        fclose(fi);
    if (fo && fclose(fo) != 0)
        rc = -1;
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_deflate IN OUT LEVEL [LEVEL...]\n");
        return 2;
    }
    for (int i = 3; i < argc; i++) {
        char *end = NULL;
        long level = strtol(argv[i], &end, 10);
        if (end == argv[i] || *end || level < 0 || level > 9) {
            fprintf(stderr, "bench_deflate: a level is 0 to 9, not '%s'\n", argv[i]);
            return 2;
        }
        unsigned long long in_bytes = 0, out_bytes = 0;
        unsigned long crc = 0;
        double t0 = now();
        if (deflate_file(argv[1], argv[2], (int)level, &in_bytes, &out_bytes, &crc) != 0) {
            fprintf(stderr, "bench_deflate: cannot deflate %s into %s\n", argv[1], argv[2]);
            return 1;
        }
        printf("%ld %.3f %llu %llu %08lx\n", level, now() - t0, in_bytes, out_bytes, crc);
        fflush(stdout);
    }
    return 0;
}
