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

#include "blsreport/base/columns.h" /* bls_kind, bls_column, bls_layout */
#include "blsreport/base/period.h"
#include "blsreport/base/row.h"
#include "blsreport/base/status.h"


/**
 * @brief The name of a layout once its rows are read: its program's
 * national_rows_name (program.h) when the layout has an area column and
 * every one of its @p rows_accepted rows is a national total
 * (@p rows_not_national 0); else layout->name. Static text.
 */
const char *bls_layout_name_after_rows(const bls_layout *layout, uint64_t rows_accepted,
                                       uint64_t rows_not_national);

/** What bls_layout_period() found. */
typedef enum bls_period_found {
    BLS_PERIOD_NOT_NEEDED = -1, /**< the program's files have no period (claims) */
    BLS_PERIOD_UNKNOWN = 0,     /**< needed but not found: the caller says so (a finding) */
    BLS_PERIOD_KNOWN = 1,
} bls_period_found;

/**
 * @brief The period of a data file's figures, from where its program's
 * descriptor says (program.h's period_source): the header's years (EP; a
 * table that names only its base year is that year), or @p given when not
 * NULL (--wage-period), else the file's name (survey.h's
 * bls_survey_period_from_name(): national_M2014_dl.csv, oesm09nat.zip:...).
 * @param[out] out the period; zeroed unless BLS_PERIOD_KNOWN.
 */
bls_period_found bls_layout_period(const bls_layout *layout, const char *path,
                                   const bls_period *given, bls_period *out);

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
