/* STUB - being written. */
#include "blsreport/pipeline.h"
#include <string.h>
bls_status bls_pipeline_run(const bls_pipeline_options *opts, bls_pipeline_result *result) { (void)opts; memset(result, 0, sizeof *result); return BLS_ERR_INVALID_ARG; }
void bls_pipeline_result_cleanup(bls_pipeline_result *result) { (void)result; }
