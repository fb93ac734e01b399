/*
 * file_id.c - one file under several names (file_id.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "blsreport/read/file_id.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "blsreport/base/alloc.h"

typedef struct file_id {
    dev_t dev;
    ino_t ino;
    size_t input;
    int known;
} file_id;

static int compare_file_ids(const void *a, const void *b)
{
    const file_id *x = a, *y = b;
    if (x->known != y->known)
        return x->known < y->known ? -1 : 1;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    if (x->ino != y->ino)
        return x->ino < y->ino ? -1 : 1;
    return (x->input > y->input) - (x->input < y->input);
}

bls_status bls_file_ids_first_same(const char *const *paths, size_t count, size_t *first)
{
    file_id *ids = bls_calloc(count ? count : 1, sizeof *ids);
    if (!ids)
        return BLS_ERR_NOMEM;
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        ids[i].input = i;
        first[i] = i;
        if (stat(paths[i], &st) == 0 && S_ISREG(st.st_mode)) {
            ids[i].dev = st.st_dev;
            ids[i].ino = st.st_ino;
            ids[i].known = 1;
        }
    }
    qsort(ids, count, sizeof *ids, compare_file_ids);
    for (size_t i = 1; i < count; i++)
        if (ids[i].known && ids[i - 1].known && ids[i].dev == ids[i - 1].dev &&
            ids[i].ino == ids[i - 1].ino)
            first[ids[i].input] = first[ids[i - 1].input];
    bls_free(ids);
    return BLS_OK;
}
