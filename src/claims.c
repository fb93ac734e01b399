/* STUB - to be replaced by the cross-check work. */
#include "blsreport/claims.h"
void bls_claims_init(bls_claims *list) { list->items = NULL; list->count = list->capacity = 0; }
void bls_claims_cleanup(bls_claims *list) { (void)list; }
bls_status bls_claims_push(bls_claims *list, const bls_claim *claim) { (void)list; (void)claim; return BLS_ERR_INVALID_ARG; }
bls_status bls_claims_parse_row(const bls_layout *layout, const bls_row *row, const char *path, bls_findings *findings, bls_claims *out, int *accepted, char *reason, size_t reason_size)
{ (void)layout; (void)row; (void)path; (void)findings; (void)out; (void)accepted; (void)reason; (void)reason_size; return BLS_ERR_INVALID_ARG; }
const char *bls_claim_origin_name(bls_claim_origin origin) { (void)origin; return ""; }
