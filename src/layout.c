/* STUB - to be replaced by the ingestion work. */
#include "blsreport/layout.h"
const char *bls_kind_name(bls_kind kind) { (void)kind; return "unknown"; }
const char *bls_column_name(bls_column col) { (void)col; return ""; }
int bls_column_is_numeric(bls_column col) { (void)col; return 0; }
bls_layout_detector *bls_layout_detector_new(void) { return NULL; }
void bls_layout_detector_free(bls_layout_detector *det) { (void)det; }
bls_status bls_layout_detector_feed(bls_layout_detector *det, const bls_row *row, bls_detect_result *result) { (void)det; (void)row; (void)result; return BLS_ERR_INVALID_ARG; }
const bls_layout *bls_layout_detector_layout(const bls_layout_detector *det) { (void)det; return NULL; }
int bls_layout_is_note_row(const bls_layout *layout, const bls_row *row) { (void)layout; (void)row; return 0; }
const char *bls_layout_known_list(void) { return ""; }
