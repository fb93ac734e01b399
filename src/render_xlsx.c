/* STUB - to be replaced by the workbook work. */
#include "blsreport/render_xlsx.h"
bls_status bls_xlsx_open(const char *path, const bls_xlsx_options *opts, bls_xlsx **out) { (void)path; (void)opts; *out = NULL; return BLS_ERR_XLSX; }
bls_status bls_xlsx_add_data_row(bls_xlsx *x, const char *path, const bls_record *rec) { (void)x; (void)path; (void)rec; return BLS_OK; }
bls_status bls_xlsx_add_rejected(bls_xlsx *x, const char *path, uint64_t line, const char *reason, const char *raw, size_t raw_len) { (void)x; (void)path; (void)line; (void)reason; (void)raw; (void)raw_len; return BLS_OK; }
bls_status bls_xlsx_finish(bls_xlsx *x, const bls_report *report) { (void)x; (void)report; return BLS_ERR_XLSX; }
void bls_xlsx_free(bls_xlsx *x) { (void)x; }
