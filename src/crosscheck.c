/* STUB - to be replaced by the cross-check work. */
#include "blsreport/crosscheck.h"
#include <string.h>
const char *bls_verdict_name(bls_verdict verdict) { (void)verdict; return ""; }
bls_status bls_crosscheck(const bls_model *model, const bls_claims *claims, bls_findings *findings, bls_checks *out)
{ (void)model; (void)claims; (void)findings; memset(out, 0, sizeof *out); return BLS_OK; }
void bls_checks_cleanup(bls_checks *checks) { (void)checks; }
