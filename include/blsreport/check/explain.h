/*
 * explain.h - why a quoted figure is wrong: what in the data it does equal,
 * the interval a claim allows, and where each data value comes from.
 *
 * Pipeline stage: model + claims -> crosscheck (*explain* for mismatch,
 * stale and missing checks) -> render.
 *
 * An explanation is a figure of the loaded data that the claimed value
 * equals at the precision the document wrote it ("5%" is 4.5 <= x < 5.5,
 * rounded half away from zero as BLS rounds):
 *   other_period     same occupation and metric, another period;
 *   other_metric     same occupation and period, another statistic of the
 *                    same family (mean for median, a percentile, hourly x
 *                    2,080, numeric change in thousands for percent change,
 *                    base for projected employment);
 *   combined         the claimed occupation with another of its specialty,
 *                    or with all of them (up to 4), recomputed from the
 *                    parts (sums; change over the summed base), never
 *                    averaged;
 *   group            the broad or minor group's own figure;
 *   other_occupation the figure of an occupation of the same specialty, or
 *                    of the neighbouring line of the SOC table when the
 *                    claim is written as that line prints it ("10.4%").
 * "Same specialty" is narrow on purpose, so that an explanation is evidence
 * rather than a coincidence: the same title words once the role words
 * (technicians, aides, assistants, managers ...) are dropped: "Psychiatric"
 * Technicians and "Psychiatric" Aides, "Physical Therapist" Assistants and
 * Aides. See docs/explanations.md for the measured false-explanation rate.
 *
 * Ownership: explanations borrow occupations, titles and facts from the
 * model; keep the model alive while they are used. A bls_hashes cache owns
 * the SHA-256 strings it hands out.
 */
#ifndef BLS_EXPLAIN_H
#define BLS_EXPLAIN_H

#include <stddef.h>
#include <stdint.h>

#include "blsreport/base/cells.h"
#include "blsreport/base/metric.h"
#include "blsreport/base/period.h"
#include "blsreport/base/status.h"
#include "blsreport/check/claims.h"
#include "blsreport/check/model.h"

typedef enum bls_explain_kind {
    BLS_EXPLAIN_OTHER_PERIOD = 0,
    BLS_EXPLAIN_OTHER_METRIC,
    BLS_EXPLAIN_COMBINED,
    BLS_EXPLAIN_GROUP,
    BLS_EXPLAIN_OTHER_OCCUPATION,
    BLS_EXPLAIN_KIND_COUNT
} bls_explain_kind;

/** @brief "other_period", "other_metric", "combined", "group", "other_occupation". */
const char *bls_explain_kind_name(bls_explain_kind kind);

/** Most occupations one explanation names (a combined figure's parts). */
#define BLS_EXPLAIN_MAX_CODES 4
/** Most facts one explanation is computed from (base + projected per part). */
#define BLS_EXPLAIN_MAX_PARTS (2 * BLS_EXPLAIN_MAX_CODES)
/** Most explanations kept per check (the best ones). */
#define BLS_EXPLAIN_MAX 4

typedef struct bls_explanation {
    bls_explain_kind kind;
    size_t soc_count;
    char soc_codes[BLS_EXPLAIN_MAX_CODES][8];
    const char *titles[BLS_EXPLAIN_MAX_CODES]; /**< borrowed from the model; may be NULL */
    bls_metric metric;     /**< the statistic the value is (claims CSV name) */
    bls_period period;
    bls_number value;      /**< the figure the claim equals, in the claim's unit
                                (a combined percent is given to 2 decimals) */
    unsigned hours_factor; /**< 2080 when value = hourly x 2,080 (or annual / 2,080), else 0 */
    int thousands;         /**< 1 when value is a count in thousands (change for percent) */
    const bls_fact *fact;  /**< the data value (the first part of a combined figure) */
    size_t part_count;
    const bls_fact *parts[BLS_EXPLAIN_MAX_PARTS]; /**< combined: every fact summed */
} bls_explanation;

/** What a search needs to know about a model, computed once (each
 * occupation's specialty, the SOC order). */
typedef struct bls_explain_index bls_explain_index;

/**
 * @brief Index a finished model (bls_model_finish) for bls_explain().
 * @return the index (caller owns; bls_explain_index_free()), or NULL when
 *         out of memory. It borrows the model: free it first.
 */
bls_explain_index *bls_explain_index_new(const bls_model *model);
/** @brief NULL is a no-op. */
void bls_explain_index_free(bls_explain_index *index);

/**
 * @brief Search the model for what a wrong claimed value equals.
 *
 * @param index  of the model searched (bls_explain_index_new()).
 * @param occ    the claim's resolved occupation (NULL: nothing is searched).
 * @param checked the fact the verdict compared with, excluded from the
 *               search (may be NULL); its period is the one "same period"
 *               means, else the claim's.
 * @param[out] out room for @p max explanations, best first.
 * @return the number written (0 when the value equals nothing related).
 *
 * @code
 * bls_explanation ex[BLS_EXPLAIN_MAX];
 * bls_explain_index *ix = bls_explain_index_new(model);
 * size_t n = bls_explain(ix, claim, occ, fact, ex, BLS_EXPLAIN_MAX);
 * // ex[0].kind == BLS_EXPLAIN_COMBINED for the seed article's 5%
 * @endcode
 */
size_t bls_explain(const bls_explain_index *index, const bls_claim *claim,
                   const bls_occupation *occ, const bls_fact *checked, bls_explanation *out,
                   size_t max);

/**
 * @brief The interval a written value allows: "41%" is 40.5 to 41.5 (one
 * more decimal; the low end rounds up to the value, the high end is the
 * first that does not, half away from zero).
 * @return 0, or -1 when @p written is not a VALUE or does not fit.
 */
int bls_claim_bounds(const bls_number *written, bls_number *low, bls_number *high);

/**
 * @brief True when @p value, rounded half away from zero to the decimals of
 * @p written, equals @p written.
 */
int bls_value_rounds_to(const bls_number *value, const bls_number *written);

/* ---- provenance ---------------------------------------------------------- */

/** Cache of SHA-256 digests, one per input path, computed on first use. */
typedef struct bls_hashes bls_hashes;

/** @return an empty cache (caller owns; bls_hashes_free()), or NULL. */
bls_hashes *bls_hashes_new(void);
/** @brief Free the cache and its strings; NULL is a no-op. */
void bls_hashes_free(bls_hashes *hashes);

/**
 * @brief SHA-256 of the file at @p path as 64 lowercase hex digits.
 * The file is read once per cache; later calls return the same string.
 * @return the digest (borrowed from the cache), or NULL when the file cannot
 *         be read (or memory ran out), which the cache also remembers.
 */
const char *bls_hashes_get(bls_hashes *hashes, const char *path);

/** Where a data value comes from. Strings are borrowed or held in the struct. */
typedef struct bls_provenance {
    const char *path;   /**< input file, borrowed from the model */
    uint64_t line;
    uint32_t column;    /**< 1-based; 0 unknown */
    char sheet[32];     /**< workbook sheet, "" for a CSV */
    char cell[32];      /**< "H453" for a workbook value, "" for a CSV */
    const char *sha256; /**< borrowed from a bls_hashes cache; NULL when unknown */
    char url[96];       /**< BLS's page for the figure, "" when none */
} bls_provenance;

/**
 * @brief Fill @p out for a fact of occupation @p soc_code.
 * @param hashes may be NULL (no digest).
 */
void bls_provenance_of(const bls_fact *fact, const char *soc_code, bls_hashes *hashes,
                       bls_provenance *out);

/**
 * @brief BLS's page for a figure: the OES profile of an occupation and year
 * ("https://www.bls.gov/oes/2014/may/oes312021.htm") for OEWS facts of a
 * detailed occupation or a major group (BLS has no page for minor and broad
 * groups), the EP
 * table of the release for projections (see docs/explanations.md).
 * @return the length written, 0 when BLS has no page for it.
 */
size_t bls_fact_url(const bls_fact *fact, const char *soc_code, char *buf, size_t size);

#endif /* BLS_EXPLAIN_H */
