/*
 * outfile.c - write to a temporary file, rename into place when complete.
 *
 * The temporary file lives in the destination directory so that rename(2)
 * is atomic (same file system). Its name starts with a dot and ends with a
 * random suffix from mkstemp, so concurrent runs never share one.
 */
#define _POSIX_C_SOURCE 200809L
#include "blsreport/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blsreport/alloc.h"

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
    int fd = mkstemp(temp);
    if (fd < 0) {
        int saved = errno;
        bls_free(temp);
        bls_free(final_copy);
        errno = saved;
        return BLS_ERR_WRITE;
    }
    /* mkstemp creates 0600; reports are ordinary files: honour the umask. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
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
