/*
 * extract.h - read the claims out of an article's text.
 *
 * Pipeline stage: model -> *extract* (claims from text) -> crosscheck.
 *
 * Finds every dollar ("$54,410") and percent ("41%") figure in a plain-text
 * or Markdown document and attributes it to an occupation, a metric and a
 * period: from its own sentence, else from its paragraph and the section
 * heading above it. Tables whose cells were flattened into runs of text
 * ("Job Growth (2012-2022)*41% 5%22%" under a row naming three
 * occupations) are read column by column. A figure that cannot be
 * attributed is returned in @p unattributed with a finding, never dropped.
 */
#ifndef BLS_EXTRACT_H
#define BLS_EXTRACT_H

#include <stddef.h>

#include "blsreport/base/diag.h"
#include "blsreport/base/status.h"
#include "blsreport/check/claims.h"
#include "blsreport/check/model.h"

/**
 * @brief Extract claims from a document held in memory.
 * @param text  UTF-8 (a BOM is skipped; CR/LF/CRLF accepted).
 * @param path  the document's name (goes into each claim's document/input_path).
 * @param model titles used to recognise occupation names (may be NULL).
 * @param[out] claims       attributed claims are appended here.
 * @param[out] unattributed figures that could not be attributed (metric or
 *             occupation unknown) are appended here as claims with what is
 *             known; each also adds a BLS_RULE_CLAIM_UNATTRIBUTED finding.
 * @return BLS_OK, BLS_ERR_NOMEM, BLS_ERR_LIMIT (document larger than the limit).
 */
bls_status bls_extract_claims(const char *text, size_t len, const char *path,
                              const bls_model *model, bls_findings *findings,
                              bls_claims *claims, bls_claims *unattributed) BLS_MUST_CHECK;

/** Largest document the extractor reads (bytes). */
#define BLS_DOCUMENT_MAX ((size_t)16 * 1024 * 1024)

/**
 * @brief True for a document's name: .txt, .md, .markdown or .text (any
 * case). Documents are read after every CSV, since extraction recognises
 * occupations through the titles the data brought.
 */
int bls_extract_is_document_path(const char *path);

#endif /* BLS_EXTRACT_H */
