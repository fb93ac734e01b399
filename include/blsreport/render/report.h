/*
 * report.h - everything the renderers need, read-only.
 *
 * The pipeline fills a bls_report after reading, validating, modelling and
 * cross-checking; render_xlsx, render_pdf and summary take it as const.
 * Every pointer in it is borrowed from the pipeline.
 */
#ifndef BLS_REPORT_H
#define BLS_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "blsreport/base/diag.h"
#include "blsreport/base/period.h"
#include "blsreport/check/claims.h"
#include "blsreport/check/crosscheck.h"
#include "blsreport/check/education.h"
#include "blsreport/check/model.h"
#include "blsreport/check/unchecked.h"
#include "blsreport/read/layout.h"
#include "blsreport/render/chart_view.h"

typedef struct bls_input_info {
    const char *path;
    bls_kind kind;
    const char *layout_name; /**< static name of the layout, or NULL */
    bls_period period;       /**< reference period of the data (wages/projections) */
    uint64_t rows_read;      /**< data rows: rows_accepted + rows_rejected */
    uint64_t rows_accepted;
    uint64_t rows_rejected;
    uint64_t rows_skipped;   /**< title, header, blank and note rows (not data) */
    uint64_t claims_found;   /**< documents: figures extracted (attributed or not) */
} bls_input_info;

typedef struct bls_output_info {
    const char *path;
    const char *kind; /**< "xlsx", "pdf", "json", "svg", "png" */
} bls_output_info;

/** Which findings the JSON summary lists (--json-findings); the counts are always whole. */
typedef enum bls_findings_listed {
    BLS_FINDINGS_LIST_ALL = 0, /**< every finding kept */
    BLS_FINDINGS_LIST_ERRORS,  /**< error-level findings only */
    BLS_FINDINGS_LIST_NONE,    /**< none: counts only */
} bls_findings_listed;

typedef struct bls_report {
    const bls_input_info *inputs;
    size_t input_count;
    const bls_model *model;
    const bls_findings *findings;
    const bls_claims *claims;       /**< attributed claims (CSV + extracted) */
    const bls_claims *unattributed; /**< figures found but not attributed */
    const bls_unchecked_list *not_checked; /**< numbers of the documents not checked, with why (may be NULL) */
    const bls_education_list *education;   /**< education statements, checked (may be NULL) */
    const bls_checks *checks;       /**< one check per claim, same order */
    const char *const *selected;    /**< SOC codes to chart, in order */
    size_t selected_count;
    const bls_chart_view *charts;   /**< what each chart shows, built once from @p model and
                                         @p selected (chart_view.h); NULL: no charts */
    const bls_output_info *outputs;
    size_t output_count;
    int64_t source_date_epoch;      /**< -1: use the current time */
    const char *version;            /**< "blsreport X.Y.Z" */
    int baseline_used;              /**< --baseline given */
    size_t baselined;               /**< failing findings and verdicts it knew */
    bls_findings_listed findings_listed; /**< the summary's findings list */
} bls_report;

#endif /* BLS_REPORT_H */
