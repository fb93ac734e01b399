/*
 * outfile_internal.h - test-only hooks of outfile.c.
 */
#ifndef BLS_OUTFILE_INTERNAL_H
#define BLS_OUTFILE_INTERNAL_H

#include "blsreport/pipeline/outfile.h"

/** @brief Make the @p step-th system call of the commit's put-in-place
 *  phase (0-based; links, renames and directory syncs) fail with EIO, so
 *  that tests can prove the rollback at every point. -1: none. */
void bls_outset_test_fail_at(bls_outset *set, long step);

/** @brief _exit(99) just after the @p step-th step has been done, as a
 *  SIGKILL or a power cut would: nothing is cleaned up (tests fork first). */
void bls_outset_test_crash_at(bls_outset *set, long step);

/** @brief Commit as on a file system without hard links (every linkat
 *  fails with EPERM): the earlier files are moved, not linked. */
void bls_outset_test_no_hard_links(bls_outset *set);

#endif /* BLS_OUTFILE_INTERNAL_H */
