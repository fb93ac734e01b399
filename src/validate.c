/* STUB - to be replaced by the validation work. */
#include "blsreport/validate.h"
const char *bls_occ_group_name(bls_occ_group group) { (void)group; return ""; }
const char *bls_record_text(const bls_record *rec, bls_column col, size_t *len) { (void)rec; (void)col; if (len) *len = 0; return ""; }
void bls_record_parse(const bls_layout *layout, const bls_row *row, bls_record *out) { (void)layout; (void)row; (void)out; }
bls_validator *bls_validator_new(const char *path, const bls_layout *layout, const bls_period *period) { (void)path; (void)layout; (void)period; return NULL; }
void bls_validator_free(bls_validator *v) { (void)v; }
bls_status bls_validate_record(bls_validator *v, const bls_record *rec, bls_findings *findings, bls_row_outcome *outcome) { (void)v; (void)rec; (void)findings; (void)outcome; return BLS_ERR_INVALID_ARG; }
bls_status bls_validator_finish(bls_validator *v, bls_findings *findings) { (void)v; (void)findings; return BLS_OK; }
long bls_top_code_annual(int year) { (void)year; return 0; }
