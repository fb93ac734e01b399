/*
 * education.h - the education a document says an occupation needs, against
 * EP's "Typical education needed for entry" (Table 1.7).
 *
 * Pipeline stage: extract -> *education* (read from the document, checked
 * after crosscheck has resolved the occupations) -> render (JSON).
 *
 * BLS assigns each occupation one of eight categories. A document's words
 * ("Associate's or bachelor's degree", "Associate's degree or certificate
 * program") name one or more of them (education_levels table in
 * education.c). The verdict:
 *   match    the document names exactly BLS's category;
 *   broader  it names BLS's category and others ("associate's or
 *            bachelor's" where BLS says associate's);
 *   differs  it does not name BLS's category;
 *   unknown  the words name no category, or the data have none.
 *
 * Statements are read from a table row labelled "Education ..." whose
 * cells were flattened into a run of text (or separated by '|'), like the
 * seed article's; cells are given to the occupations of the table's figures
 * (its claims of origin "table" on the next lines), column by column.
 *
 * Ownership: lists own their strings; *_cleanup() frees them.
 */
#ifndef BLS_EDUCATION_H
#define BLS_EDUCATION_H

#include <stddef.h>
#include <stdint.h>

#include "blsreport/base/status.h"
#include "blsreport/check/claims.h"
#include "blsreport/check/crosscheck.h"
#include "blsreport/check/model.h"

typedef enum bls_education_verdict {
    BLS_EDU_MATCH = 0,
    BLS_EDU_BROADER,
    BLS_EDU_DIFFERS,
    BLS_EDU_UNKNOWN,
    BLS_EDU_VERDICT_COUNT
} bls_education_verdict;

/** @brief "match", "broader", "differs", "unknown". */
const char *bls_education_verdict_name(bls_education_verdict verdict);

/**
 * @brief The BLS categories some words name, as a bit set (bit i: the i-th
 * category from "Less than high school" up to "Doctoral or professional
 * degree"); 0 when none.
 */
unsigned bls_education_levels(const char *text, size_t len);

/**
 * @brief Compare a document's words with BLS's category.
 * @param bls_category EP's text ("Associate's degree"), or NULL.
 */
bls_education_verdict bls_education_compare(const char *bls_category, const char *words);

typedef struct bls_education_claim {
    char *document;       /**< owned */
    uint64_t line;        /**< the education row's line */
    char *occupation;     /**< as the table names it, owned */
    char *words;          /**< the document's cell, owned */
    size_t figure;        /**< index in the claims list of a figure of the same column */
    /* Filled by bls_education_check(): */
    char soc_code[8];     /**< "" when not resolved */
    const char *bls_category; /**< borrowed from the model, or NULL */
    bls_education_verdict verdict;
} bls_education_claim;

typedef struct bls_education_list {
    bls_education_claim *items;
    size_t count;
    size_t capacity;
} bls_education_list;

/** Most education statements kept per run. */
#define BLS_EDUCATION_MAX 10000

void bls_education_init(bls_education_list *list);
void bls_education_cleanup(bls_education_list *list);

/**
 * @brief Read the education statements of a document's tables.
 * @param claims the claims list holding the document's claims (the table's
 *        figures give each column its occupation); statements keep an index
 *        into it, which the checks of bls_crosscheck() share.
 * @return BLS_OK, BLS_ERR_NOMEM, BLS_ERR_INVALID_ARG.
 */
bls_status bls_education_extract(const char *text, size_t len, const char *path,
                                 const bls_claims *claims, bls_education_list *out) BLS_MUST_CHECK;

/**
 * @brief Give each statement its SOC code (from the check of its column's
 * figure: checks are one per claim, in the claims' order), BLS's category
 * and a verdict.
 */
void bls_education_check(const bls_model *model, const bls_checks *checks,
                         bls_education_list *list);

#endif /* BLS_EDUCATION_H */
