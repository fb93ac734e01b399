/*
 * unchecked.h - every number in a document accounted for: the ones that did
 * not become a claim, each with the reason.
 *
 * Pipeline stage: extract (claims from text) -> *unchecked* -> crosscheck
 * -> render.
 *
 * The extractor (extract.c) turns dollar and percent figures into claims.
 * This module reads the same text on its own, finds every number in it
 * ("2012", "$54,410", "41%", "2,000 hours", "5"), and lists each one that is
 * not a claim of that document line, with why not:
 *   year             a year or a span of years ("2014", "2012-2022");
 *   not_a_bls_figure a count or other number with no "$" or "%": blsreport
 *                    checks wages and percent changes, not these;
 *   no_occupation    a figure the extractor found but could not attribute to
 *                    an occupation (it is in the unattributed list);
 *   unknown_metric   a figure attributed to an occupation whose metric is
 *                    not one blsreport knows;
 *   not_recognised   a "$" or "%" figure the extractor did not take.
 * A number is a claim when a claim of the same document line was written
 * with those digits ("$54,410" holds "54,410"; each claim accounts for one
 * number only), so the extractor's own spelling rules need not be repeated.
 *
 * Ownership: the list owns its strings; bls_unchecked_cleanup() frees them.
 */
#ifndef BLS_UNCHECKED_H
#define BLS_UNCHECKED_H

#include <stddef.h>
#include <stdint.h>

#include "blsreport/base/status.h"
#include "blsreport/check/claims.h"

typedef enum bls_unchecked_reason {
    BLS_UNCHECKED_YEAR = 0,
    BLS_UNCHECKED_NOT_A_BLS_FIGURE,
    BLS_UNCHECKED_NO_OCCUPATION,
    BLS_UNCHECKED_UNKNOWN_METRIC,
    BLS_UNCHECKED_NOT_RECOGNISED,
    BLS_UNCHECKED_REASON_COUNT
} bls_unchecked_reason;

/** @brief "year", "not_a_bls_figure", "no_occupation", "unknown_metric", "not_recognised". */
const char *bls_unchecked_reason_name(bls_unchecked_reason reason);
/** @brief The reason as words ("a year or a span of years"). */
const char *bls_unchecked_reason_text(bls_unchecked_reason reason);

typedef struct bls_unchecked {
    char *document; /**< owned */
    uint64_t line;  /**< 1-based line of the document */
    char *text;     /**< the number as written ("2012", "$47,810"), owned */
    bls_unchecked_reason reason;
} bls_unchecked;

typedef struct bls_unchecked_list {
    bls_unchecked *items;
    size_t count;
    size_t capacity;
} bls_unchecked_list;

/** Most numbers listed per run; more are counted in `dropped`. */
#define BLS_UNCHECKED_MAX 100000

void bls_unchecked_init(bls_unchecked_list *list);
void bls_unchecked_cleanup(bls_unchecked_list *list);

/**
 * @brief List the numbers of a document that are not claims.
 *
 * @param text, len the document (UTF-8; a BOM, CR, LF and CRLF as the
 *        extractor reads them).
 * @param path the document's name, as in its claims' `document`.
 * @param claims, unattributed the extractor's output for this document
 *        (claims of other documents are ignored; either may be NULL).
 * @param[out] out numbers are appended (at most BLS_UNCHECKED_MAX in all).
 * @return BLS_OK, BLS_ERR_NOMEM, BLS_ERR_INVALID_ARG.
 *
 * @code
 * bls_unchecked_list nc;
 * bls_unchecked_init(&nc);
 * st = bls_unchecked_scan(doc, len, "article.txt", &claims, &unattributed, &nc);
 * // nc.items[0]: line 11, "2012", BLS_UNCHECKED_YEAR
 * bls_unchecked_cleanup(&nc);
 * @endcode
 */
bls_status bls_unchecked_scan(const char *text, size_t len, const char *path,
                              const bls_claims *claims, const bls_claims *unattributed,
                              bls_unchecked_list *out) BLS_MUST_CHECK;

#endif /* BLS_UNCHECKED_H */
