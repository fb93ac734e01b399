/*
 * outfile.h - outputs that are never half-written.
 *
 * Each output is written to a temporary file in its destination directory
 * ("report.xlsx" -> ".report.xlsx.XXXXXX") and renamed over the final name
 * only when complete, so a failed or interrupted run leaves any earlier
 * report exactly as it was and no temporary file behind.
 */
#ifndef BLS_OUTFILE_H
#define BLS_OUTFILE_H

#include "blsreport/status.h"

typedef struct bls_outfile {
    char *final_path; /**< owned */
    char *temp_path;  /**< owned; exists on disk between begin and commit/abort */
} bls_outfile;

/**
 * @brief Create an empty temporary file beside @p final_path.
 * @return BLS_OK; BLS_ERR_WRITE when the directory is not writable (errno kept);
 *         BLS_ERR_NOMEM.
 */
bls_status bls_outfile_begin(bls_outfile *out, const char *final_path) BLS_MUST_CHECK;

/** @brief fsync and rename the temporary file over the final path. */
bls_status bls_outfile_commit(bls_outfile *out) BLS_MUST_CHECK;

/** @brief Remove the temporary file (if any) and free the paths. Idempotent. */
void bls_outfile_abort(bls_outfile *out);

/** @brief Async-signal-safe unlink of the temporary file (for signal handlers). */
void bls_outfile_unlink_temp(const bls_outfile *out);

#endif /* BLS_OUTFILE_H */
