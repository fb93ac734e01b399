/*
 * cells.h - BLS cell values: numbers as written, and the BLS markers.
 *
 * Pipeline stage: reader -> layout -> *cells* -> validate -> model.
 *
 * A cell is parsed into an exact decimal: `scaled` holds the value times
 * 10^decimals, so "54,410" is {54410, 0}, "40.9" is {409, 1} and "$27.45"
 * is {2745, 2}. No floating point is involved until a renderer draws or
 * writes the number. The markers BLS puts in place of numbers are kept as
 * typed states, never as 0:
 *   "*"  wage estimate not available      -> BLS_CELL_WAGE_NA
 *   "**" employment estimate not available -> BLS_CELL_EMP_NA
 *   "#"  wage at or above the top-code cap -> BLS_CELL_TOP_CODED
 *   "~"  less than 0.5 percent            -> BLS_CELL_UNDER_HALF
 *   "***" wages withdrawn (2002-2006)     -> BLS_CELL_WITHDRAWN
 *   EP tables:
 *   "\u2014" (em dash) not available       -> BLS_CELL_NOT_AVAILABLE
 *   ">=$187,200" top-coded at that cap    -> BLS_CELL_TOP_CODED with the cap
 *                                            in scaled/decimals (BLS_NUM_AT_LEAST)
 */
#ifndef BLS_CELLS_H
#define BLS_CELLS_H

#include <stddef.h>
#include <stdint.h>

typedef enum bls_cell_state {
    BLS_CELL_EMPTY = 0,  /**< blank or whitespace only: nothing published */
    BLS_CELL_VALUE,      /**< a number; see scaled/decimals */
    BLS_CELL_WAGE_NA,    /**< "*" */
    BLS_CELL_EMP_NA,     /**< "**" */
    BLS_CELL_TOP_CODED,  /**< "#" */
    BLS_CELL_UNDER_HALF, /**< "~" */
    BLS_CELL_INVALID,    /**< text that is neither a number nor a marker */
    BLS_CELL_WITHDRAWN,  /**< "***": wages withdrawn for reporting errors (OES 2002-2006) */
    BLS_CELL_NOT_AVAILABLE, /**< EP's em dash "\u2014": data not available */
} bls_cell_state;

/** Flags describing how a number was written (for findings and display). */
enum {
    BLS_NUM_DOLLAR = 1u << 0,    /**< had a leading '$' */
    BLS_NUM_PERCENT = 1u << 1,   /**< had a trailing '%' */
    BLS_NUM_THOUSANDS = 1u << 2, /**< used ',' thousands separators */
    BLS_NUM_NEGATIVE = 1u << 3,  /**< had a leading '-' (or parentheses) */
    BLS_NUM_AT_LEAST = 1u << 4,  /**< TOP_CODED ">=$N": scaled holds the cap N */
};

typedef struct bls_number {
    bls_cell_state state;
    uint8_t decimals; /**< digits after the decimal point as written (0..9) */
    uint8_t flags;    /**< BLS_NUM_* */
    int64_t scaled;   /**< value x 10^decimals; 0 unless state is VALUE */
} bls_number;

/** Largest number of decimals a cell may carry; more is INVALID. */
#define BLS_NUMBER_MAX_DECIMALS 6

/**
 * @brief Classify and parse one cell.
 *
 * Accepts surrounding spaces, an optional '-' (or '(...)'), an optional '$',
 * digits with optional well-formed ',' thousands groups ("54,410" but not
 * "5,4410"), an optional fraction and an optional trailing '%'. Anything else
 * is BLS_CELL_INVALID. Never fails: bad text is data, not an error.
 *
 * @param text bytes of the cell (need not be NUL-terminated).
 * @param len  number of bytes.
 * @return the parsed cell.
 *
 * @code
 * bls_number n = bls_cell_parse("\"54,410\"" + 1, 6); // {VALUE, 54410, 0}
 * @endcode
 */
bls_number bls_cell_parse(const char *text, size_t len);

/** @brief The marker text for a marker state ("*", "**", "#", "~"), else NULL. */
const char *bls_cell_marker(bls_cell_state state);

/** @brief A short description of a state ("wage estimate not available", ...). */
const char *bls_cell_state_describe(bls_cell_state state);

/** @brief The value as a double; only meaningful when state is VALUE. */
double bls_number_to_double(const bls_number *n);

/**
 * @brief The value rescaled to @p decimals digits, rounding half away from zero.
 * @return 0 on success, -1 on overflow.
 */
int bls_number_rescale(const bls_number *n, unsigned decimals, int64_t *out);

/**
 * @brief Compare two VALUE numbers exactly (at the larger precision).
 * @return <0, 0 or >0; 0 also when either is not a VALUE.
 */
int bls_number_compare(const bls_number *a, const bls_number *b);

/** @brief Build a VALUE number from an integer and a decimal count. */
bls_number bls_number_make(int64_t scaled, unsigned decimals);

/**
 * @brief Write the value as plain decimal text ("54410", "40.9", "-3.25").
 * @return the length written (excluding NUL), or 0 if @p size is too small
 *         or the number is not a VALUE.
 */
size_t bls_number_format(const bls_number *n, char *buf, size_t size);

#endif /* BLS_CELLS_H */
