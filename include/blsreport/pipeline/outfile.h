/*
 * outfile.h - the output set of a run: staged privately, committed as one.
 *
 * Pipeline stage: under every renderer (render_xlsx, render_pdf, summary).
 *
 * A run's outputs (report.xlsx, report.pdf, the chart files, the JSON) are
 * a set: a reader must see the earlier set or the new one, never a mix, and
 * a failed or interrupted run must leave the earlier set exactly as it was.
 * The guarantees, and how they are tested, are in docs/outputs-safety.md.
 *
 * How:
 *  - bls_outset_begin() refuses, before any work, a final path that is an
 *    input, that names the same file as another output, or that exists and
 *    is not a regular file (a device, a FIFO, a symlink, a directory).
 *  - Each destination directory is opened once and locked (flock on the
 *    directory itself: no lock file is left behind), in (device, inode)
 *    order so that runs with overlapping directories cannot deadlock. The
 *    lock is held until the set is committed or discarded: concurrent runs
 *    into one directory serialise.
 *  - Under the lock, staging directories of dead runs are restored from
 *    their journal (an interrupted commit) and removed.
 *  - Each directory gets one private staging directory (mode 0700, named
 *    ".blsreport-stage.<pid>.<random>") and each output one file in it,
 *    created with O_EXCL | O_NOFOLLOW relative to directory descriptors:
 *    never reopened by a name that another user could swap. Libraries that
 *    want a file name get "/proc/self/fd/N", which names the open file, not
 *    a directory entry.
 *  - bls_outset_commit() fsyncs and closes every file (errors checked),
 *    writes a journal, and puts the files in place (a hard-link backup of
 *    each earlier file, then rename). Any failure restores the earlier set
 *    from the journal; a run killed half-way is restored by the next run
 *    into that directory. Signals are held back for the few system calls
 *    of the commit.
 */
#ifndef BLS_OUTFILE_H
#define BLS_OUTFILE_H

#include <stddef.h>

#include "blsreport/base/status.h"

/** At most this many outputs in one set (workbook, PDF, 6 charts, JSON). */
#define BLS_OUTSET_MAX_FILES 16

/** Staging directories begin with this; a later run removes those of dead runs. */
#define BLS_OUTSET_STAGE_PREFIX ".blsreport-stage."

typedef struct bls_outset bls_outset;

/** Told of each staged file (@p what 1) and staging directory (2) as soon
 *  as it exists, signals held back until it has been told, and of each
 *  (0) once it is gone: a signal handler can then remove what a stopped run
 *  staged (files first, then directories). @p path is borrowed. */
typedef void (*bls_outset_hook)(void *ctx, const char *path, int what);

/** @brief Set the hook (before bls_outset_begin()). */
void bls_outset_set_hook(bls_outset *set, bls_outset_hook hook, void *ctx);

/** @brief A new, empty set. Caller owns; free with bls_outset_free(). NULL: no memory. */
bls_outset *bls_outset_new(void);

/**
 * @brief Name one more output (not yet created).
 * @param final_path where the file goes when the set is committed; copied.
 * @param[out] index the output's number, for the functions below.
 * @return BLS_OK; BLS_ERR_INVALID_ARG (empty name, a name ending in '/',
 *         too many outputs, or after begin); BLS_ERR_NOMEM.
 */
bls_status bls_outset_add(bls_outset *set, const char *final_path, size_t *index) BLS_MUST_CHECK;

/**
 * @brief Write all @p len bytes to @p fd, going on after EINTR and short
 * writes. @return BLS_OK, or BLS_ERR_WRITE with errno set (EIO for a write
 * that wrote nothing).
 */
bls_status bls_write_all(int fd, const char *data, size_t len) BLS_MUST_CHECK;

/**
 * @brief Check the final paths, create missing directories, lock them,
 * remove stale staging directories, create the staged files.
 * @param inputs paths the run reads: no output may be one of them.
 * @return BLS_OK; BLS_ERR_INVALID_ARG when a final path is refused (see
 *         bls_outset_error()); BLS_ERR_WRITE when a directory or file cannot
 *         be created (errno in bls_outset_error()); BLS_ERR_NOMEM.
 *         On failure nothing is left: directories it created are removed.
 * @code
 *   size_t xlsx;
 *   bls_outset *set = bls_outset_new();
 *   if (bls_outset_add(set, "out/report.xlsx", &xlsx) == BLS_OK &&
 *       bls_outset_begin(set, inputs, n_inputs) == BLS_OK) {
 *       write_workbook(bls_outset_writer_path(set, xlsx));
 *       st = bls_outset_commit(set);
 *   }
 *   bls_outset_free(set);  // discards whatever was not committed
 * @endcode
 */
bls_status bls_outset_begin(bls_outset *set, const char *const *inputs,
                            size_t input_count) BLS_MUST_CHECK;

/**
 * @brief True when the file open on @p fd ends with a zip
 * end-of-central-directory record that accounts for the whole file (no zip
 * comment, as libxlsxwriter writes): a workbook cut anywhere (a full disk,
 * RLIMIT_FSIZE) fails this, whatever the library reported.
 */
int bls_fd_holds_whole_zip(int fd);

/** @brief True when the file open on @p fd ends with "%%EOF" (and a newline). */
int bls_fd_holds_whole_pdf(int fd);

/** @brief The staged file's descriptor (read-write), owned by the set; -1 before begin. */
int bls_outset_fd(const bls_outset *set, size_t index);

/** @brief A name a library may open to write the staged file: "/proc/self/fd/N"
 *  (the open file itself), or, without /proc, its path in the private staging
 *  directory. Borrowed; valid until the set is committed or freed. */
const char *bls_outset_writer_path(const bls_outset *set, size_t index);

/** @brief The staged file's path in its staging directory, for messages and
 *  for a signal handler's cleanup. Borrowed, as above. */
const char *bls_outset_staged_path(const bls_outset *set, size_t index);

/** @brief How many staging directories (one per destination directory). */
size_t bls_outset_stage_count(const bls_outset *set);
/** @brief The path of staging directory @p i. Borrowed, as above. */
const char *bls_outset_stage_path(const bls_outset *set, size_t i);

/** @brief The final path of output @p index (borrowed). */
const char *bls_outset_final_path(const bls_outset *set, size_t index);

/**
 * @brief Put every output in place, or none.
 * @return BLS_OK: the new set is in place. BLS_ERR_WRITE: a file could not
 *         be synced, closed or renamed; the earlier set was restored (see
 *         bls_outset_error(); if even the restore failed, the message says
 *         so and names the file). The set can only be freed afterwards.
 */
bls_status bls_outset_commit(bls_outset *set) BLS_MUST_CHECK;

/**
 * @brief What the last failure was about.
 * @param[out] path the path concerned (borrowed), or NULL.
 * @param[out] err the errno value, 0 when none.
 * @return a static phrase ("is an input", "cannot create", ...); NULL when
 *         nothing failed.
 */
const char *bls_outset_error(const bls_outset *set, const char **path, int *err);

/** @brief Discard what was not committed (staged files, staging directories,
 *  directories begin created), unlock, free. NULL-safe. */
void bls_outset_free(bls_outset *set);

/* ---- one file on its own ------------------------------------------------------
 *
 * For outputs that are not in a run's set yet (perdoc.c's per-document
 * reports, cli.c's --sarif log): a temporary file beside the final path
 * ("report.xlsx" -> ".report.xlsx.XXXXXX"), renamed over it when complete.
 * It has none of the set's guarantees (no refusal of inputs and devices, no
 * lock, no journal, the file reopened by name): move such outputs into the
 * set to get them. */

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
