/*
 * render_pdf.h - the PDF report with charts (cairo + pango).
 *
 * Pipeline stage: ... -> crosscheck -> *render_pdf*.
 *
 * Pages: cover/summary; employment growth (sorted bars, all-occupations
 * reference line); median annual pay with percentile ranges; growth versus
 * pay scatter; the cross-check table. Okabe-Ito palette, fonts embedded,
 * metadata and outline set, creation date from source_date_epoch. Its
 * files (render_pdf.c, pdf_charts.c, pdf_pen.c) are the only ones that
 * include cairo.h / pango.
 */
#ifndef BLS_RENDER_PDF_H
#define BLS_RENDER_PDF_H

#include <stddef.h>

#include "blsreport/base/status.h"
#include "blsreport/render/chart_view.h"
#include "blsreport/render/report.h"

typedef enum bls_paper { BLS_PAPER_A4 = 0, BLS_PAPER_LETTER } bls_paper;

/* The charts (bls_chart) are listed in chart_view.h, the view they draw. */
typedef enum bls_chart_format {
    BLS_CHART_SVG,
    BLS_CHART_PNG,
    BLS_CHART_FORMAT_COUNT
} bls_chart_format;

typedef struct bls_pdf_options {
    bls_paper paper;
    const char *author; /**< the PDF's Author (--author); NULL: none */
    /** Also write chart c in format f to chart_paths[c][f] (the caller's
     *  temporary paths, renamed on success); NULL: not that file. A chart no
     *  occupation has data for is still written, saying so, so that a run
     *  always writes the same set of files. SVG at 640 pt wide, PNG at 2x. */
    const char *chart_paths[BLS_CHART_COUNT][BLS_CHART_FORMAT_COUNT];
} bls_pdf_options;

/** @brief Whether @p opts names at least one chart file. */
static inline int bls_pdf_options_name_a_chart(const bls_pdf_options *opts)
{
    for (size_t c = 0; c < BLS_CHART_COUNT; c++)
        for (size_t f = 0; f < BLS_CHART_FORMAT_COUNT; f++)
            if (opts->chart_paths[c][f])
                return 1;
    return 0;
}

/**
 * @brief Draw the report into a PDF at @p path (a temporary path the caller
 * renames on success), and the chart files opts->chart_paths names. @p path
 * may be NULL when a chart path is set: then only the chart files.
 * @return BLS_OK, BLS_ERR_INVALID_ARG, BLS_ERR_NOMEM, BLS_ERR_PDF, BLS_ERR_WRITE, or
 *         BLS_ERR_LIMIT (a text past 1 MiB, an SVG file past its limit).
 */
bls_status bls_pdf_write(const char *path, const bls_report *report,
                         const bls_pdf_options *opts) BLS_MUST_CHECK;

/*
 * The PDF module. The blsreport executable does not link cairo and pango:
 * their ~35 shared libraries take longer to load than a national-size run
 * spends on its data. render_pdf.c is built into blsreport-pdf.so, which
 * pdf_job.c loads (dlopen) on its worker thread, so the loading overlaps the
 * finishing of the workbook. The module exports one table, checked before
 * use, so that a module from another build is refused instead of misread.
 */
#define BLS_PDF_MODULE_FILE "blsreport-pdf.so"
#define BLS_PDF_MODULE_SYMBOL "bls_pdf_module"

typedef struct bls_pdf_module_api {
    const char *version; /**< BLS_VERSION of the build */
    size_t report_size;  /**< sizeof(bls_report) of the build */
    size_t options_size; /**< sizeof(bls_pdf_options) of the build */
    bls_status (*write)(const char *path, const bls_report *report, const bls_pdf_options *opts);
} bls_pdf_module_api;

/** The table blsreport-pdf.so exports (also present where render_pdf.c is
 *  linked in statically). */
extern const bls_pdf_module_api bls_pdf_module;

#endif /* BLS_RENDER_PDF_H */
