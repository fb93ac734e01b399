/*
 * baseline.h - the findings and verdicts a previous run reported, so that
 * only new ones fail this run (--baseline PATH).
 *
 * Pipeline stage: ci items -> *baseline* -> exit code.
 *
 * A baseline is read from either of blsreport's own reports:
 *   - a SARIF file (--sarif): each result's partialFingerprints
 *     "blsreport/v1" is taken as it is;
 *   - a JSON summary (blsreport-summary/1): the fingerprints are computed
 *     again from its findings (rule, path, message) and claims (status,
 *     source, metric, occupation, claimed_text), in the order listed, the
 *     way ci.h computes them.
 * Only fingerprints are compared: a finding is "known" when the baseline
 * holds its fingerprint, whatever its line.
 *
 * @code
 *   bls_baseline *b = NULL;
 *   char *why = NULL;
 *   if (bls_baseline_load("old/summary.json", cwd, &b, &why) != BLS_OK) { ...why...; }
 *   bls_baseline_apply(b, &items);   // marks items[i].baselined
 *   bls_baseline_free(b);
 * @endcode
 */
#ifndef BLS_BASELINE_H
#define BLS_BASELINE_H

#include <stddef.h>

#include "blsreport/base/status.h"
#include "blsreport/render/ci.h"

/** Largest baseline file read (a summary of 100,000 findings is ~25 MB). */
#define BLS_BASELINE_MAX_BYTES ((size_t)256 << 20)

typedef struct bls_baseline bls_baseline;

/**
 * @brief Read a baseline file.
 * @param cwd the working directory (as for bls_ci_items_build()); may be NULL.
 * @param[out] out the baseline (caller owns; bls_baseline_free()), on success.
 * @param[out] why on failure, what was wrong (caller frees with bls_free()); may be NULL.
 * @return BLS_OK; BLS_ERR_OPEN, BLS_ERR_READ, BLS_ERR_LIMIT (too big),
 *         BLS_ERR_LAYOUT (neither SARIF nor a blsreport summary), BLS_ERR_NOMEM.
 */
bls_status bls_baseline_load(const char *path, const char *cwd, bls_baseline **out,
                             char **why) BLS_MUST_CHECK;

/** @brief Parse baseline text already in memory (as bls_baseline_load()). */
bls_status bls_baseline_parse(const char *text, size_t len, const char *cwd, bls_baseline **out,
                              char **why) BLS_MUST_CHECK;

/** @brief Free; NULL is a no-op. */
void bls_baseline_free(bls_baseline *b);

/** @brief Number of fingerprints the baseline holds. */
size_t bls_baseline_size(const bls_baseline *b);

/** @brief 1 when @p fingerprint is in the baseline. */
int bls_baseline_has(const bls_baseline *b, const char *fingerprint);

/** @brief Mark every item whose fingerprint the baseline holds. @return how many were marked. */
size_t bls_baseline_apply(const bls_baseline *b, bls_ci_items *items);

#endif /* BLS_BASELINE_H */
