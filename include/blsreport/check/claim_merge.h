/*
 * claim_merge.h - the claims of several inputs as one list.
 *
 * Pipeline stage: claims (claims.c, extract.c) -> *claim_merge* -> crosscheck.
 *
 * A claims CSV that restates an article and the article itself both give
 * the article's claims. Before checking, every claim names its document in
 * one form, and a claim read twice (the same document, line, metric, SOC
 * code and value from a CSV row and from the text) is kept once: the first,
 * which is the reviewed CSV row, since CSVs are read before documents.
 */
#ifndef BLS_CLAIM_MERGE_H
#define BLS_CLAIM_MERGE_H

#include "blsreport/check/claims.h"

/**
 * @brief Where a claim's document is: a claims CSV names it relative to
 * itself ("000_article.txt" beside "input/claims.csv" is
 * "input/000_article.txt"). @p document as it is when it exists, or when
 * no file of that name is beside @p input_path; else the path beside it.
 * Caller frees with bls_free(); NULL when out of memory.
 */
char *bls_claims_document_path(const char *document, const char *input_path);

/**
 * @brief One form of "source": a claims CSV names its document relative to
 * itself ("000_x.txt" in input/claims.csv); when that file is there, the
 * claim's document becomes its path as the inputs were given
 * ("input/000_x.txt"), the form a document's own claims have
 * (bls_claims_document_path()). Claims of other origins are unchanged;
 * out of memory leaves a claim as written.
 */
void bls_claims_locate_documents(bls_claims *claims);

/**
 * @brief True when @p a and @p b are one quoted figure: the same document
 * name (directory ignored), line, metric, SOC code and claimed value.
 */
int bls_claims_same(const bls_claim *a, const bls_claim *b);

/**
 * @brief Drop each claim that repeats an earlier one of another origin
 * (bls_claims_same()); the order of the rest is kept. Claims are sorted by
 * document, line and metric first, so 40,000 claims are not compared
 * pairwise; out of memory falls back to the pairwise comparison.
 * @return the number of claims dropped.
 */
size_t bls_claims_drop_duplicates(bls_claims *claims);

#endif /* BLS_CLAIM_MERGE_H */
