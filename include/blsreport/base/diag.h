/*
 * diag.h - validation findings: rule table and the list that collects them.
 *
 * Every stage that looks at the data reports what it finds here, with the
 * file, line and column it concerns. Findings are data: adding one never
 * stops the pipeline. The CLI decides how to print them and which exit code
 * they lead to.
 *
 * Columns are 1-based CSV field numbers (0 when a finding concerns a whole
 * row); lines are 1-based physical lines (0 when it concerns a whole file).
 */
#ifndef BLS_DIAG_H
#define BLS_DIAG_H

#include <stddef.h>
#include <stdint.h>

#include "blsreport/base/status.h"

typedef enum bls_severity {
    BLS_SEV_INFO = 0,
    BLS_SEV_WARNING,
    BLS_SEV_ERROR,
} bls_severity;

/* Rule ids. The table in diag.c gives each its stable text id, severity and
 * a one-line summary (README's rule table is generated from the same words). */
typedef enum bls_rule {
    /* reader: bytes and CSV structure */
    BLS_RULE_ENCODING_CP1252 = 0, /* enc-cp1252 */
    BLS_RULE_ENCODING_INVALID,    /* enc-invalid */
    BLS_RULE_CONTROL_CHAR,        /* cell-control-char */
    BLS_RULE_FIELD_TOO_LONG,      /* cell-too-long */
    BLS_RULE_ROW_TOO_WIDE,        /* row-too-wide */
    BLS_RULE_ROW_TOO_NARROW,      /* row-too-narrow */
    BLS_RULE_CSV_QUOTE,           /* csv-quote */
    /* layout */
    BLS_RULE_REQUIRED_COLUMN,  /* layout-required-column */
    BLS_RULE_DUPLICATE_COLUMN, /* layout-duplicate-column */
    BLS_RULE_PERIOD_UNKNOWN,   /* layout-period-unknown */
    /* cells and rows */
    BLS_RULE_SOC_FORMAT,       /* soc-format */
    BLS_RULE_SOC_MAJOR_GROUP,  /* soc-major-group */
    BLS_RULE_OCC_GROUP,        /* occ-group */
    BLS_RULE_NUMBER_PARSE,     /* cell-not-number */
    BLS_RULE_MARKER_MISPLACED, /* marker-misplaced */
    BLS_RULE_FLAG_VALUE,       /* flag-value */
    BLS_RULE_NEGATIVE,         /* value-negative */
    BLS_RULE_PERCENTILE_ORDER, /* wage-percentile-order */
    BLS_RULE_ANNUAL_HOURLY,    /* wage-annual-hourly */
    BLS_RULE_TOP_CODE,         /* wage-top-code */
    BLS_RULE_EP_CHANGE,        /* ep-change-number */
    BLS_RULE_EP_PERCENT,       /* ep-change-percent */
    BLS_RULE_DUPLICATE_KEY,    /* row-duplicate-key */
    BLS_RULE_BLOCK_UNSORTED,   /* row-block-unsorted */
    BLS_RULE_TITLE_CONFLICT,   /* soc-title-conflict */
    BLS_RULE_GROUP_TOTAL,      /* group-total */
    /* claims */
    BLS_RULE_CLAIM_FIELD,        /* claim-field */
    BLS_RULE_CLAIM_UNATTRIBUTED, /* claim-unattributed */
    BLS_RULE_CLAIM_DISAGREE,     /* claim-quotes-disagree */
    /* inputs together */
    BLS_RULE_DATA_CONFLICT,   /* data-conflict */
    BLS_RULE_INPUT_DUPLICATE, /* input-duplicate */
    /* inputs: encodings and documents (appended: ids above keep their values) */
    BLS_RULE_ENCODING_MACROMAN,   /* enc-macroman */
    BLS_RULE_DOCUMENT_UNREADABLE, /* document-unreadable */
    BLS_RULE_COUNT
} bls_rule;

typedef struct bls_rule_info {
    const char *id;        /**< stable text id, e.g. "soc-format" */
    bls_severity severity; /**< default severity */
    const char *summary;   /**< one line for the README and --help */
} bls_rule_info;

/** @brief The table entry of a rule; NULL for an out-of-range value. */
const bls_rule_info *bls_rule_get(bls_rule rule);
/** @brief "error", "warning" or "info". */
const char *bls_severity_name(bls_severity severity);

typedef struct bls_finding {
    const char *path;  /**< the input's path (owned by the list) */
    uint64_t line;     /**< 1-based physical line; 0 = whole file */
    uint32_t column;   /**< 1-based field number; 0 = whole row */
    bls_rule rule;
    bls_severity severity;
    const char *message; /**< owned by the list */
    int cell_a1; /**< the path names a workbook sheet: print the place as path!P599 */
} bls_finding;

/** A growing list of findings; opaque. */
typedef struct bls_findings bls_findings;

/** Default number of findings kept in memory; the rest are only counted. */
#define BLS_FINDINGS_DEFAULT_KEEP 100000u

/**
 * @brief New empty list that keeps at most @p keep findings (the rest are
 * counted in bls_findings_dropped()).
 * @return the list (caller owns; free with bls_findings_free()), or NULL.
 */
bls_findings *bls_findings_new(size_t keep);
/** @brief Free the list and every string it owns; NULL is a no-op. */
void bls_findings_free(bls_findings *list);

/**
 * @brief Add a finding with the rule's default severity.
 * @param fmt printf-style message (never pass data as the format).
 * @return BLS_OK, or BLS_ERR_NOMEM (the counters are still updated).
 */
bls_status bls_findings_add(bls_findings *list, const char *path, uint64_t line,
                            uint32_t column, bls_rule rule, const char *fmt, ...)
    BLS_PRINTF(6, 7) BLS_MUST_CHECK;

/**
 * @brief Say that @p path names a workbook sheet ("book.xlsx:national_dl",
 * see workbook.h): findings on it added after this call have cell_a1 set and
 * print as book.xlsx:national_dl!P599.
 * @return BLS_OK, BLS_ERR_NOMEM, BLS_ERR_INVALID_ARG.
 */
bls_status bls_findings_mark_sheet(bls_findings *list, const char *path) BLS_MUST_CHECK;

/** @brief 1 when @p path was marked with bls_findings_mark_sheet(), for a
 * printer that has a path and a line but no finding (a verdict's data place). */
int bls_findings_is_sheet(const bls_findings *list, const char *path);

/**
 * @brief Where something is, the way every output prints it: "file:12:3",
 * "file:12" or "file" for text inputs; "book.xlsx:sheet!C12", "book.xlsx:sheet!12"
 * (a whole row) or "book.xlsx:sheet" when @p cell_a1 is set (column 1 = A).
 * @return the length of the whole text (as snprintf: it may be cut to fit).
 */
size_t bls_location_format(char *buf, size_t size, const char *path, uint64_t line,
                           uint32_t column, int cell_a1);

/** @brief bls_location_format() of a finding. */
size_t bls_finding_location(const bls_finding *f, char *buf, size_t size);

/** @brief Number of findings kept (indexable). */
size_t bls_findings_count(const bls_findings *list);
/** @brief The i-th kept finding, in the order added; borrowed. */
const bls_finding *bls_findings_at(const bls_findings *list, size_t i);
/** @brief All findings of a severity, kept or not. */
uint64_t bls_findings_total(const bls_findings *list, bls_severity severity);
/** @brief Findings counted but not kept because of the cap. */
uint64_t bls_findings_dropped(const bls_findings *list);

#endif /* BLS_DIAG_H */
