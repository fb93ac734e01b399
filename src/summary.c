/* STUB - being written. */
#include "blsreport/summary.h"
bls_status bls_summary_json(const bls_report *report, int exit_code, char **out) { (void)report; (void)exit_code; *out = NULL; return BLS_ERR_JSON; }
