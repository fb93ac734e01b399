/* STUB - to be replaced by the cross-check work. */
#include "blsreport/extract.h"
bls_status bls_extract_claims(const char *text, size_t len, const char *path, const bls_model *model, bls_findings *findings, bls_claims *claims, bls_claims *unattributed)
{ (void)text; (void)len; (void)path; (void)model; (void)findings; (void)claims; (void)unattributed; return BLS_OK; }
