/*
 * sarif.h - the CI items of a run as SARIF 2.1.0 (OASIS), for GitHub code
 * scanning and other review tools (--sarif PATH).
 *
 * Pipeline stage: ci items (+ baseline) -> *sarif*.
 *
 * One run; tool.driver.rules holds every validation rule of diag.c's table
 * and one rule per claim verdict ("claim-mismatch", ...), results refer to
 * them by ruleId and ruleIndex. A finding is located in its data file
 * (line, and startColumn = the CSV field number, as in the text messages),
 * a verdict in the article's line; URIs are relative to the working directory (uriBaseId
 * "SRCROOT"). partialFingerprints["blsreport/v1"] is the item's fingerprint
 * (ci.h): the same inputs give the same fingerprints. Matching claims are
 * results of kind "pass". With a baseline, each result has baselineState
 * "new" or "unchanged".
 */
#ifndef BLS_SARIF_H
#define BLS_SARIF_H

#include "blsreport/base/status.h"
#include "blsreport/render/ci.h"

/**
 * @brief Build the SARIF log.
 * @param version the tool's version ("0.1.0").
 * @param with_baseline 1: write baselineState from each item's baselined flag.
 * @param[out] out NUL-terminated pretty-printed JSON; caller frees with bls_free().
 * @return BLS_OK, BLS_ERR_NOMEM, BLS_ERR_JSON.
 */
bls_status bls_sarif_json(const bls_ci_items *items, const char *version, int with_baseline,
                          char **out) BLS_MUST_CHECK;

/** @brief "error", "warning", "note" or "none" (a matching claim). */
const char *bls_sarif_level(const bls_ci_item *item);

#endif /* BLS_SARIF_H */
