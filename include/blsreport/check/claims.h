/*
 * claims.h - the figures a document quotes, from a claims CSV.
 *
 * Pipeline stage: model -> *claims* -> crosscheck -> render.
 *
 * Claims CSV layout (recognised by its header, any column order, case-insensitive):
 *   source      document and line, "article.txt:17"        (required)
 *   occupation  as the document names it                   (required)
 *   soc_code    "31-2021" when known, else empty           (optional)
 *   metric      a metric name from metric.h                 (required)
 *   period      "May 2014", "2014", "2012-2022"            (optional)
 *   claimed     as written: "$54,410", "41%"               (required)
 *   quote       the sentence or table cell quoted          (optional)
 */
#ifndef BLS_CLAIMS_H
#define BLS_CLAIMS_H

#include <stddef.h>
#include <stdint.h>

#include "blsreport/base/cells.h"
#include "blsreport/base/diag.h"
#include "blsreport/base/dynbuf.h"
#include "blsreport/base/metric.h"
#include "blsreport/base/period.h"
#include "blsreport/base/status.h"
#include "blsreport/read/layout.h"
#include "blsreport/read/reader.h"

typedef enum bls_claim_origin {
    BLS_ORIGIN_CSV = 0,     /**< a row of a claims CSV */
    BLS_ORIGIN_PROSE,       /**< extracted from a sentence of a document */
    BLS_ORIGIN_TABLE,       /**< extracted from a flattened table of a document */
} bls_claim_origin;

typedef struct bls_claim {
    char *document;     /**< the document quoted (from source), owned */
    uint64_t line;      /**< its line in the document (0 if unknown) */
    char *input_path;   /**< the claims CSV or document the claim was read from, owned */
    uint64_t input_line;/**< line in input_path */
    char *occupation;   /**< as the document names it, owned */
    char soc_code[8];   /**< "" when not given */
    bls_metric metric;
    bls_period period;  /**< year_from 0 when not given */
    char *claimed_text; /**< as written, owned */
    bls_number claimed; /**< parsed claimed_text (BLS_CELL_VALUE when usable) */
    char *quote;        /**< sentence or table text, owned; "" if none */
    bls_claim_origin origin;
} bls_claim;

/** A list of claims; items are owned by the list. */
typedef struct bls_claims {
    bls_claim *items;
    size_t count;
    size_t capacity;
} bls_claims;

void bls_claims_init(bls_claims *list);
/** @brief Free every claim's strings and the array; the struct may be reused. */
void bls_claims_cleanup(bls_claims *list);

/** @brief Free the strings one claim owns (the struct itself is the caller's). */
void bls_claim_cleanup(bls_claim *claim);

/**
 * @brief Append a copy of @p claim (its strings are copied; NULLs become "").
 * @return BLS_OK, BLS_ERR_NOMEM, or BLS_ERR_LIMIT when the list already holds
 *         the most claims a run accepts (1,000,000).
 */
bls_status bls_claims_push(bls_claims *list, const bls_claim *claim) BLS_MUST_CHECK;

/**
 * @brief Parse one data row of a claims CSV (layout kind BLS_KIND_CLAIMS).
 *
 * A row with a missing or bad required field adds a BLS_RULE_CLAIM_FIELD
 * finding (file, line, column) and is rejected: *accepted = 0 and
 * @p reason says why, whole: the first bad field, as its finding does
 * ("claim metric \"salary\" is not a known metric").
 * @param reason the caller's buffer (may be NULL): emptied (bls_dynbuf_reset)
 *        and, for a rejected row, holding the reason; nothing is allocated
 *        for an accepted row.
 * @return BLS_OK, BLS_ERR_NOMEM, or BLS_ERR_LIMIT when the reason passes
 *         @p reason's limit.
 *
 * @code
 *   bls_dynbuf reason;
 *   bls_dynbuf_init(&reason, 4096);
 *   if (bls_claims_parse_row(layout, row, path, findings, &claims, &accepted, &reason) == BLS_OK &&
 *       !accepted)
 *       ... reason.data ...
 *   bls_dynbuf_cleanup(&reason);
 * @endcode
 */
bls_status bls_claims_parse_row(const bls_layout *layout, const bls_row *row, const char *path,
                                bls_findings *findings, bls_claims *out, int *accepted,
                                bls_dynbuf *reason) BLS_MUST_CHECK;

/**
 * @brief The text to write in a claims CSV's claimed column so that reading
 * it back gives the same value, sign and unit: claimed_text when it does
 * ("$54K", "\u221241%"), else the value written out ("-14%" for a "14%"
 * that a word of decline made negative).
 * @return claimed_text (borrowed from @p claim) or @p buf.
 */
const char *bls_claim_csv_claimed(const bls_claim *claim, char *buf, size_t size);

/** @brief "csv", "prose" or "table". */
const char *bls_claim_origin_name(bls_claim_origin origin);

#endif /* BLS_CLAIMS_H */
