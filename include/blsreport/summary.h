/*
 * summary.h - the JSON summary for CI (schema "blsreport-summary/1"), json-c.
 *
 * Pipeline stage: ... -> crosscheck -> *summary*.
 */
#ifndef BLS_SUMMARY_H
#define BLS_SUMMARY_H

#include "blsreport/report.h"
#include "blsreport/status.h"

/**
 * @brief Build the summary document.
 * @param exit_code the process exit code the run ends with.
 * @param[out] out NUL-terminated pretty-printed JSON; caller frees with bls_free().
 * @return BLS_OK, BLS_ERR_NOMEM, BLS_ERR_JSON.
 */
bls_status bls_summary_json(const bls_report *report, int exit_code, char **out) BLS_MUST_CHECK;

#endif /* BLS_SUMMARY_H */
