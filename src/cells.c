/* STUB - to be replaced by the ingestion work. */
#include "blsreport/cells.h"
bls_number bls_cell_parse(const char *text, size_t len) { (void)text; (void)len; bls_number n = {0}; return n; }
const char *bls_cell_marker(bls_cell_state state) { (void)state; return NULL; }
const char *bls_cell_state_describe(bls_cell_state state) { (void)state; return ""; }
double bls_number_to_double(const bls_number *n) { (void)n; return 0; }
int bls_number_rescale(const bls_number *n, unsigned decimals, int64_t *out) { (void)n; (void)decimals; (void)out; return -1; }
int bls_number_compare(const bls_number *a, const bls_number *b) { (void)a; (void)b; return 0; }
bls_number bls_number_make(int64_t scaled, unsigned decimals) { bls_number n = {BLS_CELL_VALUE, (uint8_t)decimals, 0, scaled}; return n; }
size_t bls_number_format(const bls_number *n, char *buf, size_t size) { (void)n; (void)buf; (void)size; return 0; }
