/* STUB - to be replaced by the cross-check work. */
#include "blsreport/aliases.h"
void bls_aliases_resolve(const bls_model *model, const char *name, size_t len, bls_name_match *out) { (void)model; (void)name; (void)len; out->count = 0; }
size_t bls_aliases_normalise(const char *name, size_t len, char *buf, size_t size) { (void)name; (void)len; (void)buf; (void)size; return 0; }
