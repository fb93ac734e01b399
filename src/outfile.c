/*
 * outfile.c - write to a temporary file, rename into place when complete.
 *
 * The temporary file lives in the destination directory so that rename(2)
 * is atomic (same file system). Its name starts with a dot and ends with a
 * random suffix, created with O_EXCL, so concurrent runs never share one.
 */
#define _POSIX_C_SOURCE 200809L
#include "blsreport/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "blsreport/alloc.h"

#define SUFFIX_LEN 6
#define CREATE_ATTEMPTS 100

/* Six random name characters, from getrandom(2); should it fail, from the
 * clock, the pid and the attempt (O_EXCL still guarantees uniqueness). */
static void random_suffix(char *out, unsigned attempt)
{
    static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char bytes[SUFFIX_LEN];
    if (getrandom(bytes, sizeof bytes, GRND_NONBLOCK) != (ssize_t)sizeof bytes) {
        struct timespec ts;
        (void)clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
                     ((uint64_t)getpid() << 16) ^ attempt;
        for (size_t i = 0; i < sizeof bytes; i++) {
            x = x * 6364136223846793005u + 1442695040888963407u;
            bytes[i] = (unsigned char)(x >> 56);
        }
    }
    for (size_t i = 0; i < sizeof bytes; i++)
        out[i] = chars[bytes[i] % (sizeof chars - 1)];
}

/* Create @p temp (its last SUFFIX_LEN characters replaced) as a new file
 * with mode 0666 less the umask, as any report file. mkstemp would make it
 * 0600, and reading the umask means setting it: process-wide, so it would
 * race the PDF thread and whatever files its libraries create. */
static int create_unique(char *temp, size_t len)
{
    for (unsigned attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
        random_suffix(temp + len - SUFFIX_LEN, attempt);
        int fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

bls_status bls_outfile_begin(bls_outfile *out, const char *final_path)
{
    if (!out || !final_path || !*final_path)
        return BLS_ERR_INVALID_ARG;
    out->final_path = NULL;
    out->temp_path = NULL;
    size_t len = strlen(final_path);
    const char *slash = strrchr(final_path, '/');
    size_t dir_len = slash ? (size_t)(slash - final_path) + 1 : 0;
    const char *base = final_path + dir_len;
    /* dir/ + "." + base + ".XXXXXX" + NUL */
    char *temp = bls_malloc(len + 9);
    char *final_copy = bls_strdup(final_path);
    if (!temp || !final_copy) {
        bls_free(temp);
        bls_free(final_copy);
        return BLS_ERR_NOMEM;
    }
    size_t base_len = len - dir_len;
    memcpy(temp, final_path, dir_len);
    temp[dir_len] = '.';
    memcpy(temp + dir_len + 1, base, base_len);
    memcpy(temp + dir_len + 1 + base_len, ".XXXXXX", sizeof ".XXXXXX");
    int fd = create_unique(temp, dir_len + 1 + base_len + sizeof ".XXXXXX" - 1);
    if (fd < 0) {
        int saved = errno;
        bls_free(temp);
        bls_free(final_copy);
        errno = saved;
        return BLS_ERR_WRITE;
    }
    if (close(fd) != 0) {
        int saved = errno;
        unlink(temp);
        bls_free(temp);
        bls_free(final_copy);
        errno = saved;
        return BLS_ERR_WRITE;
    }
    out->final_path = final_copy;
    out->temp_path = temp;
    return BLS_OK;
}

/* fsync the directory holding @p path, so that the rename itself is on
 * disk once the run has said it is done. Best effort, as the file's fsync:
 * the rename has happened either way. */
static void sync_directory(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? bls_malloc((size_t)(slash - path) + 2) : NULL;
    if (slash && !dir)
        return;
    if (dir) {
        size_t n = slash == path ? 1 : (size_t)(slash - path); /* "/x" -> "/" */
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    int fd = open(dir ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        (void)close(fd);
    }
    bls_free(dir);
}

bls_status bls_outfile_commit(bls_outfile *out)
{
    if (!out || !out->temp_path)
        return BLS_ERR_INVALID_ARG;
    /* Flush the finished file to disk before it replaces the old one. */
    int fd = open(out->temp_path, O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd);
        (void)close(fd);
    }
    if (rename(out->temp_path, out->final_path) != 0) {
        int saved = errno;
        bls_outfile_abort(out);
        errno = saved;
        return BLS_ERR_WRITE;
    }
    sync_directory(out->final_path);
    bls_free(out->temp_path);
    bls_free(out->final_path);
    out->temp_path = NULL;
    out->final_path = NULL;
    return BLS_OK;
}

void bls_outfile_abort(bls_outfile *out)
{
    if (!out)
        return;
    if (out->temp_path)
        (void)unlink(out->temp_path);
    bls_free(out->temp_path);
    bls_free(out->final_path);
    out->temp_path = NULL;
    out->final_path = NULL;
}

void bls_outfile_unlink_temp(const bls_outfile *out)
{
    if (out && out->temp_path)
        (void)unlink(out->temp_path);
}
