/*
 * fake_pdf_module.c - a module that exports the PDF table of another build
 * (version "0.0.0-other"): pdf_job.c must refuse it before calling it.
 */
#include "blsreport/render/render_pdf.h"

static bls_status never_called_write(const char *path, const bls_report *report,
                                     const bls_pdf_options *opts)
{
    (void)path;
    (void)report;
    (void)opts;
    return BLS_ERR_INVALID_ARG;
}

const bls_pdf_module_api bls_pdf_module = {
    .version = "0.0.0-other",
    .report_size = sizeof(bls_report),
    .options_size = sizeof(bls_pdf_options),
    .write = never_called_write,
};
