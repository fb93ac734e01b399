/* STUB - to be replaced by the ingestion work. */
#include "blsreport/reader.h"
bls_status bls_reader_read_buffer(const char *data, size_t len, const char *path, const bls_reader_options *opts, bls_findings *findings, bls_row_fn on_row, void *ctx)
{ (void)data; (void)len; (void)path; (void)opts; (void)findings; (void)on_row; (void)ctx; return BLS_ERR_INVALID_ARG; }
bls_status bls_reader_read_stream(FILE *stream, const char *path, const bls_reader_options *opts, bls_findings *findings, bls_row_fn on_row, void *ctx)
{ (void)stream; (void)path; (void)opts; (void)findings; (void)on_row; (void)ctx; return BLS_ERR_INVALID_ARG; }
