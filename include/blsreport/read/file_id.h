/*
 * file_id.h - one file under several names.
 *
 * Pipeline stage: before reading. An input given twice (the same name, a
 * hard link, a symlink, "./a.csv" and "a.csv") is read once, so that its
 * rows and claims are not counted twice.
 */
#ifndef BLS_FILE_ID_H
#define BLS_FILE_ID_H

#include <stddef.h>

#include "blsreport/base/status.h"

/**
 * @brief first[i] = the first of @p paths that is the same file as
 * paths[i] (same device and inode), i itself when none is. Paths that cannot
 * be stat'ed or are not regular files are only ever themselves. Each path is
 * stat'ed once and the list sorted: a thousand articles cost a sort, not a
 * million stats.
 * @param first @p count entries, the caller's.
 * @return BLS_OK or BLS_ERR_NOMEM.
 */
bls_status bls_file_ids_first_same(const char *const *paths, size_t count,
                                   size_t *first) BLS_MUST_CHECK;

#endif /* BLS_FILE_ID_H */
