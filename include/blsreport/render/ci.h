/*
 * ci.h - what a CI run reports, as one list: validation findings and claim
 * verdicts, each with a level, a location, and a fingerprint that stays the
 * same from one run to the next.
 *
 * Pipeline stage: validate + crosscheck -> *ci items* -> annotate (workflow
 * commands, job summary), sarif (SARIF 2.1.0), baseline (which are new).
 *
 * Fingerprints. An item's fingerprint is a 64-bit FNV-1a hash of its rule,
 * its path (relative to the working directory, without "./") and its
 * content (a finding's message; a verdict's metric, occupation and claimed
 * text), followed by ":N", its occurrence among items with the same hash
 * in list order. Line numbers are left out on purpose: an edit above a
 * finding moves it but does not make it new. The same inputs give the same
 * fingerprints; a previous JSON summary gives them again (baseline.h).
 *
 * @code
 *   bls_ci_items items;
 *   int fails[BLS_VERDICT_COUNT] = {[BLS_VERDICT_MISMATCH] = 1, [BLS_VERDICT_MISSING] = 1};
 *   if (bls_ci_items_build(findings, &checks, fails, cwd, &items) == BLS_OK) {
 *       ... items.items[i].fingerprint ...
 *       bls_ci_items_cleanup(&items);
 *   }
 * @endcode
 */
#ifndef BLS_CI_H
#define BLS_CI_H

#include <stddef.h>
#include <stdint.h>

#include "blsreport/base/diag.h"
#include "blsreport/base/status.h"
#include "blsreport/check/crosscheck.h"

/** "0123456789abcdef:4294967295" and the NUL. */
#define BLS_FINGERPRINT_SIZE 28

typedef enum bls_ci_kind {
    BLS_CI_FINDING = 0, /**< a validation finding (diag.h) */
    BLS_CI_VERDICT,     /**< a claim's verdict (crosscheck.h) */
} bls_ci_kind;

typedef struct bls_ci_item {
    bls_ci_kind kind;
    const char *rule;   /**< static: a rule id ("soc-format") or "claim-<verdict>" */
    bls_severity level; /**< error: counts toward the exit code; warning; info (notice) */
    int fails;          /**< counts toward the exit code, baseline aside */
    int baselined;      /**< set by bls_baseline_apply(): known before, so it does not count */
    bls_verdict verdict;/**< BLS_CI_VERDICT only */
    char *path;         /**< data file or article, relative to the working directory; owned */
    uint64_t line;      /**< 1-based; 0: the whole file */
    uint32_t column;    /**< 1-based; 0: none (never printed as col=0) */
    char *title;        /**< a short headline (raw text, not escaped); owned */
    char *message;      /**< the whole message (raw text, not escaped); owned */
    char *location;     /**< a workbook sheet's finding: "book.xlsx:sheet!C12" for the
                             text line (path is then "book.xlsx", line and column 0,
                             and the message starts with "sheet!C12: "); else NULL */
    char fingerprint[BLS_FINGERPRINT_SIZE];
} bls_ci_item;

typedef struct bls_ci_items {
    bls_ci_item *items; /**< owned */
    size_t count;
    uint64_t unlisted_errors; /**< error findings counted but not kept (the findings cap) */
} bls_ci_items;

/**
 * @brief A running fingerprinter: the same (rule, path, content) seen for
 * the n-th time gets ":n". Caller storage; bls_fingerprinter_cleanup().
 */
typedef struct bls_fingerprinter {
    uint64_t *keys;    /**< hashes seen (open addressing; 0 = empty) */
    uint32_t *counts;  /**< how often each was seen */
    size_t capacity;   /**< a power of two, or 0 */
    size_t used;
    char *cwd;         /**< owned copy, without the trailing slash; may be NULL */
} bls_fingerprinter;

/** @brief Start with nothing seen; @p cwd (may be NULL) makes absolute paths relative. */
bls_status bls_fingerprinter_init(bls_fingerprinter *fp, const char *cwd) BLS_MUST_CHECK;
void bls_fingerprinter_cleanup(bls_fingerprinter *fp);

/**
 * @brief The next fingerprint of (rule, path, content) into @p out
 * (BLS_FINGERPRINT_SIZE bytes). @p content may hold several fields
 * separated by '\n'. @return BLS_OK or BLS_ERR_NOMEM.
 */
bls_status bls_fingerprint_next(bls_fingerprinter *fp, const char *rule, const char *path,
                                const char *content, char *out) BLS_MUST_CHECK;

/** @brief The content a verdict is fingerprinted on (caller frees with bls_free()), or NULL. */
char *bls_ci_verdict_content(const char *metric, const char *occupation, const char *claimed);

/**
 * @brief @p path relative to @p cwd when it lies under it, without leading
 * "./"; a copy (caller frees with bls_free()), or NULL when out of memory.
 */
char *bls_ci_relative_path(const char *path, const char *cwd);

/** @brief "claim-match", "claim-mismatch", ...: the rule id of a verdict. */
const char *bls_ci_verdict_rule(bls_verdict verdict);

/**
 * @brief The items of a run: every kept finding, then every check, in order.
 * @param checks may be NULL.
 * @param fails_verdict which verdicts fail the run (--fail-on), indexed by bls_verdict.
 * @param cwd the working directory (absolute paths under it become relative); may be NULL.
 * @param[out] out filled on success; release with bls_ci_items_cleanup().
 * @return BLS_OK or BLS_ERR_NOMEM.
 */
bls_status bls_ci_items_build(const bls_findings *findings, const bls_checks *checks,
                              const int fails_verdict[BLS_VERDICT_COUNT], const char *cwd,
                              bls_ci_items *out) BLS_MUST_CHECK;

/** @brief Free what the items own; NULL is a no-op; the struct is empty after. */
void bls_ci_items_cleanup(bls_ci_items *items);

/** @brief Items that count toward the exit code: failing, not baselined, plus
 *  error findings the cap kept out of the list (never baselined). */
uint64_t bls_ci_items_failing(const bls_ci_items *items);

/** @brief Items that would fail but were baselined. */
size_t bls_ci_items_baselined(const bls_ci_items *items);

#endif /* BLS_CI_H */
