/*
 * summary.h - the JSON summary for CI (schema "blsreport-summary/1"), json-c.
 *
 * Pipeline stage: ... -> crosscheck -> *summary*.
 *
 * The summary is streamed: the long lists (findings, claims, unattributed
 * figures) are built one element at a time, so memory stays flat however
 * many there are. The text is json-c's pretty printing (two spaces a level).
 */
#ifndef BLS_SUMMARY_H
#define BLS_SUMMARY_H

#include <stddef.h>

#include "blsreport/base/status.h"
#include "blsreport/render/report.h"

/** The most text bls_summary_json() builds in memory (bls_summary_write()
 *  has no limit: it holds one list element at a time). */
#define BLS_SUMMARY_TEXT_MAX ((size_t)1 << 30)

/** Receives the summary's text in pieces (at most 8 KiB each); BLS_OK to go
 *  on, else the status bls_summary_write() stops with (e.g. BLS_ERR_WRITE). */
typedef bls_status (*bls_summary_write_fn)(void *ctx, const char *data, size_t len);

/**
 * @brief Write the summary document through @p fn.
 * @param exit_code the process exit code the run ends with.
 * @return BLS_OK; BLS_ERR_NOMEM; whatever @p fn returned.
 * @code
 *   static bls_status to_fd(void *ctx, const char *d, size_t n) { ... write(2) all ... }
 *   st = bls_summary_write(&report, exit_code, to_fd, &fd);
 * @endcode
 */
bls_status bls_summary_write(const bls_report *report, int exit_code, bls_summary_write_fn fn,
                             void *ctx) BLS_MUST_CHECK;

/**
 * @brief Build the summary document in memory.
 * @param[out] out NUL-terminated pretty-printed JSON (no final newline);
 *             caller frees with bls_free().
 * @return BLS_OK, BLS_ERR_NOMEM, BLS_ERR_LIMIT (over BLS_SUMMARY_TEXT_MAX).
 */
bls_status bls_summary_json(const bls_report *report, int exit_code, char **out) BLS_MUST_CHECK;

#endif /* BLS_SUMMARY_H */
