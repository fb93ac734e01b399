/* STUB - being written. */
#include "blsreport/outfile.h"
bls_status bls_outfile_begin(bls_outfile *out, const char *final_path) { (void)out; (void)final_path; return BLS_ERR_WRITE; }
bls_status bls_outfile_commit(bls_outfile *out) { (void)out; return BLS_ERR_WRITE; }
void bls_outfile_abort(bls_outfile *out) { (void)out; }
void bls_outfile_unlink_temp(const bls_outfile *out) { (void)out; }
