/*
 * claims_export.h - the claims a run found, written as a claims CSV.
 *
 * Pipeline stage: claims (extract.c) -> *claims_export* (--extract-claims).
 *
 * The CSV has claims.h's columns plus "origin" (csv, prose, table, or
 * "unattributed" for a figure no occupation could be tied to), so that an
 * editor can review the claims and give the file back to blsreport: every
 * row reads back as the same claim (claims.c's bls_claim_csv_claimed()).
 * Fields are quoted as RFC 4180 says, and also when they start with a space.
 */
#ifndef BLS_CLAIMS_EXPORT_H
#define BLS_CLAIMS_EXPORT_H

#include "blsreport/base/dynbuf.h"
#include "blsreport/base/status.h"
#include "blsreport/check/claims.h"

/**
 * @brief Append @p field to @p csv, quoted when it holds a comma, a quote, a
 * CR or LF, or starts with a space; then ',' or, when @p last, '\n'.
 * @return BLS_OK, BLS_ERR_NOMEM or BLS_ERR_LIMIT (the buffer's limit).
 */
bls_status bls_csv_append_field(bls_dynbuf *csv, const char *field, int last) BLS_MUST_CHECK;

/**
 * @brief The header and one row per claim of @p claims, then of
 * @p unattributed (may be NULL), as a NUL-terminated string.
 * @param[out] out the text (caller frees with bls_free()), set on BLS_OK.
 * @return BLS_OK, BLS_ERR_NOMEM, or BLS_ERR_LIMIT when the text would pass
 *         16 times the longest document (BLS_DOCUMENT_MAX): room for any
 *         real set of claims, not for a runaway.
 */
bls_status bls_claims_export_csv(const bls_claims *claims, const bls_claims *unattributed,
                                 char **out) BLS_MUST_CHECK;

#endif /* BLS_CLAIMS_EXPORT_H */
