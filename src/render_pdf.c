/* STUB - to be replaced by the PDF work. */
#include "blsreport/render_pdf.h"
bls_status bls_pdf_write(const char *path, const bls_report *report, const bls_pdf_options *opts) { (void)path; (void)report; (void)opts; return BLS_ERR_PDF; }
