/*
 * columns.h - the kinds of file blsreport reads, their canonical columns,
 * and a layout: which field of a file holds which column.
 *
 * Vocabulary floor: the words the layout detector (read/layout.c), the
 * program descriptors (layouts/), the record parse (record.c), the rules,
 * the model and the workbook share. Detection itself is read/layout.h's.
 */
#ifndef BLS_COLUMNS_H
#define BLS_COLUMNS_H

#include <stddef.h>

typedef enum bls_kind {
    BLS_KIND_UNKNOWN = 0,
    BLS_KIND_WAGES,       /**< OEWS wage estimates */
    BLS_KIND_PROJECTIONS, /**< EP occupational projections */
    BLS_KIND_CLAIMS,      /**< a claims CSV */
    BLS_KIND_DOCUMENT,    /**< an article (.txt/.md), not a CSV */
} bls_kind;

/** @brief "wages", "projections", "claims", "document" or "unknown". */
const char *bls_kind_name(bls_kind kind);

/* Canonical columns. A layout maps each to a field index, or -1. */
typedef enum bls_column {
    /* OEWS keys and labels */
    BLS_COL_AREA = 0,
    BLS_COL_AREA_TITLE,
    BLS_COL_AREA_TYPE,
    BLS_COL_PRIM_STATE,
    BLS_COL_NAICS,
    BLS_COL_NAICS_TITLE,
    BLS_COL_I_GROUP,
    BLS_COL_OWN_CODE,
    BLS_COL_OCC_CODE,
    BLS_COL_OCC_TITLE,
    BLS_COL_OCC_GROUP,
    /* OEWS figures */
    BLS_COL_TOT_EMP,
    BLS_COL_EMP_PRSE,
    BLS_COL_JOBS_1000,
    BLS_COL_LOC_QUOTIENT,
    BLS_COL_PCT_TOTAL,
    BLS_COL_PCT_RPT,
    BLS_COL_H_MEAN,
    BLS_COL_A_MEAN,
    BLS_COL_MEAN_PRSE,
    BLS_COL_H_PCT10,
    BLS_COL_H_PCT25,
    BLS_COL_H_MEDIAN,
    BLS_COL_H_PCT75,
    BLS_COL_H_PCT90,
    BLS_COL_A_PCT10,
    BLS_COL_A_PCT25,
    BLS_COL_A_MEDIAN,
    BLS_COL_A_PCT75,
    BLS_COL_A_PCT90,
    BLS_COL_ANNUAL,
    BLS_COL_HOURLY,
    /* EP projections (OCC_TITLE/OCC_CODE above are reused for the title and
     * code; a combined "title and code" column maps both to one field) */
    BLS_COL_EP_OCC_TYPE,
    BLS_COL_EP_EMP_BASE,   /* thousands, one decimal */
    BLS_COL_EP_EMP_PROJ,   /* thousands, one decimal */
    BLS_COL_EP_CHANGE_NUM, /* thousands, one decimal */
    BLS_COL_EP_CHANGE_PCT, /* percent, one decimal */
    BLS_COL_EP_SELF_EMP_PCT,
    BLS_COL_EP_OPENINGS,    /* thousands */
    BLS_COL_EP_MEDIAN_WAGE, /* dollars, base year */
    BLS_COL_EP_EDUCATION,
    BLS_COL_EP_EXPERIENCE,
    BLS_COL_EP_TRAINING,
    /* claims CSV */
    BLS_COL_CLAIM_SOURCE,
    BLS_COL_CLAIM_OCCUPATION,
    BLS_COL_CLAIM_SOC,
    BLS_COL_CLAIM_METRIC,
    BLS_COL_CLAIM_PERIOD,
    BLS_COL_CLAIM_CLAIMED,
    BLS_COL_CLAIM_QUOTE,
    BLS_COL_COUNT
} bls_column;

/** @brief The column's canonical name (its BLS header, e.g. "A_MEDIAN"). */
const char *bls_column_name(bls_column col);
/** @brief True for columns whose cells are numbers (or BLS markers). */
int bls_column_is_numeric(bls_column col);

typedef struct bls_layout {
    bls_kind kind;
    const char *name;         /**< static, e.g. "OEWS all data (2019+)" */
    int index[BLS_COL_COUNT]; /**< field index of each canonical column, or -1 */
    size_t width;             /**< number of header fields */
    int code_in_title; /**< EP: OCC_CODE and OCC_TITLE share one field "Title (code)" or "title and
                          code" */
    int base_year, target_year; /**< EP: from the header ("Employment, 2012"); 0 if unknown */
    int header_rows;            /**< 1, or 2 when the header spanned two rows */
    int duplicate_field;        /**< 0-based field that repeats a column already mapped (the
                                     first one counts), or -1 */
    int year[BLS_COL_COUNT];    /**< EP: the year a column's own header names ("Median annual
                                     wage, 2020(1)": 2020), or 0 */
    int has_figures;            /**< a column blsreport checks is present (EP tables such as
                                     1.8, 1.9 or 1.11 have none) */
    const char *table;          /**< EP: "Table 1.7" from the title row above the header, or "";
                                     borrowed from the detector (set for a detected layout) */
    const char *first_text;     /**< the first non-blank cell above or in the header, for
                                     messages: UTF-8, at most 95 bytes on a character boundary
                                     (a title, not a field of any length); borrowed, as table */
} bls_layout;

#endif /* BLS_COLUMNS_H */
