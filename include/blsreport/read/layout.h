/*
 * layout.h - recognise which BLS file a CSV is, from its header row(s).
 *
 * Pipeline stage: reader -> *layout* -> cells -> validate -> model.
 *
 * Known layouts (see docs and ../shared/bls/LAYOUTS.md):
 *   - OEWS/OES wage estimates: national, state, metro and "all data" files,
 *     every year's column names (OCC_GROUP or O_GROUP, lower case, ...);
 *   - EP occupational projection tables, with title rows above the header,
 *     a header that may span two rows, and note/source rows below the data;
 *   - claims CSVs (see claims.h).
 * Matching is case-insensitive and ignores spacing and punctuation
 * differences. The column names are a table in layout.c, not code.
 */
#ifndef BLS_LAYOUT_H
#define BLS_LAYOUT_H

#include <stddef.h>

#include "blsreport/base/status.h"
#include "blsreport/read/reader.h"

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
    BLS_COL_EP_EMP_BASE,    /* thousands, one decimal */
    BLS_COL_EP_EMP_PROJ,    /* thousands, one decimal */
    BLS_COL_EP_CHANGE_NUM,  /* thousands, one decimal */
    BLS_COL_EP_CHANGE_PCT,  /* percent, one decimal */
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
    const char *name;          /**< static, e.g. "OEWS all data (2019+)" */
    int index[BLS_COL_COUNT];  /**< field index of each canonical column, or -1 */
    size_t width;              /**< number of header fields */
    int code_in_title;         /**< EP: OCC_CODE and OCC_TITLE share one field "Title (code)" or "title and code" */
    int base_year, target_year; /**< EP: from the header ("Employment, 2012"); 0 if unknown */
    int header_rows;           /**< 1, or 2 when the header spanned two rows */
    int duplicate_field;       /**< 0-based field that repeats a column already mapped (the
                                    first one counts), or -1 */
    int year[BLS_COL_COUNT];   /**< EP: the year a column's own header names ("Median annual
                                    wage, 2020(1)": 2020), or 0 */
    int has_figures;           /**< a column blsreport checks is present (EP tables such as
                                    1.8, 1.9 or 1.11 have none) */
    const char *table;         /**< EP: "Table 1.7" from the title row above the header, or "";
                                    borrowed from the detector (set for a detected layout) */
    const char *first_text;    /**< the first non-blank cell above or in the header, for
                                    messages: UTF-8, at most 95 bytes on a character boundary
                                    (a title, not a field of any length); borrowed, as table */
} bls_layout;

/** Opaque detector fed row by row until the header is found. */
typedef struct bls_layout_detector bls_layout_detector;

typedef enum bls_detect_result {
    BLS_DETECT_NOT_HEADER = 0, /**< not (part of) a header: a title row, keep feeding */
    BLS_DETECT_NEED_MORE,      /**< looks like the first row of a two-row header */
    BLS_DETECT_FOUND,          /**< the layout is known: see bls_layout_detector_layout() */
    BLS_DETECT_FOUND_DATA,     /**< the header (of one or more rows, EP tables) ended on the
                                    previous row, and this row is the first data row: the
                                    layout is known, and the caller handles this row as data */
} bls_detect_result;

/** Rows a detector looks at before it gives up (title rows above a header). */
#define BLS_LAYOUT_MAX_PREAMBLE 20
/** Most header rows an EP table stacks ("Employment" > "Number" > "2012"). */
#define BLS_LAYOUT_MAX_HEADER_ROWS 4

/** @return a new detector (caller owns; bls_layout_detector_free()), or NULL. */
bls_layout_detector *bls_layout_detector_new(void);
void bls_layout_detector_free(bls_layout_detector *det);

/**
 * @brief Feed the next row of the file.
 * OEWS and claims headers are one row: FOUND on it. An EP table's header may
 * stack up to BLS_LAYOUT_MAX_HEADER_ROWS rows with merged labels (left in the
 * first cell of the merge, as Excel saves them): the detector answers
 * NEED_MORE until the first row that holds a SOC code, then FOUND_DATA.
 * @param[out] result what the row was.
 * @return BLS_OK, or BLS_ERR_NOMEM.
 */
bls_status bls_layout_detector_feed(bls_layout_detector *det, const bls_row *row,
                                    bls_detect_result *result) BLS_MUST_CHECK;

/** @brief The first non-blank cell the detector saw (cut at 95 bytes on a
 * character boundary), for messages about a file it does not know; "" when
 * none. Borrowed. */
const char *bls_layout_detector_first_text(const bls_layout_detector *det);

/** @brief The recognised layout; valid after BLS_DETECT_FOUND. Borrowed. */
const bls_layout *bls_layout_detector_layout(const bls_layout_detector *det);

/**
 * @brief Is this row below an EP table's data a note/footnote/source row?
 * ("Note:", "Source: Employment Projections program", "1 Data are ...",
 * or a row whose only non-empty cell is text in the first column.)
 */
int bls_layout_is_note_row(const bls_layout *layout, const bls_row *row);

/** @brief One line naming every layout known, for "unrecognised" messages. */
const char *bls_layout_known_list(void);

#endif /* BLS_LAYOUT_H */
