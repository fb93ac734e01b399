/*
 * figure.h - a figure as an article writes it: "$54,410", "−41%", "$54K",
 * "$54.4 thousand", "$54 410", "5 percent".
 *
 * Pipeline stage: a floor beneath extract (which finds figures in text)
 * and claims (which reads the claimed column of a claims CSV), so that a
 * figure written out by --extract-claims reads back as the same value.
 *
 * Grammar (UTF-8; "space" is ' ', U+00A0 no-break or U+2009/U+202F thin):
 *   figure  = [sign] ["$"] [sign] number [space] [scale] [[space] percent]
 *   sign    = "-" | "+" | U+2212 minus | U+2013 en dash | U+2014 em dash
 *   number  = 1-3 digits { group-separator 3 digits } [decimal]  |  digits [decimal]
 *   group separator: "," or U+00A0 / U+2009 / U+202F (one kind per number);
 *             in a dollar amount also "." (European style: "$54.410" is
 *             54,410 dollars: a wage is never quoted to a tenth of a cent);
 *   decimal = "." digits, or "," digits after "." groups ("$54.410,50"),
 *             or "," 1-2 digits where "," cannot be a group, after at most
 *             3 digits ("5,5%" = 5.5%; "54,41" = 54.41; "54,410" stays 54410;
 *             "2014,5%" is no figure: a year and a missing space);
 *   scale   = "K" | "k" | "M" (not followed by a letter) | "thousand" |
 *             "million" | "billion" (any case) - dollars only;
 *   percent = "%" | "percent" | "per cent" (with " " or "-" before a word).
 * No floating point: the value is an exact decimal (cells.h).
 */
#ifndef BLS_FIGURE_H
#define BLS_FIGURE_H

#include <stddef.h>

#include "blsreport/base/cells.h"

/**
 * @brief Length of the number starting at @p text (0 when no digit there).
 * @param dollar the number follows a '$' ('.' may then group thousands).
 * @param[out] norm ASCII digits with '.' as decimal point, NUL-terminated;
 *             may be NULL. Cut numbers (longer than @p norm_size - 1)
 *             leave norm empty.
 */
size_t bls_figure_number(const char *text, size_t len, int dollar, char *norm, size_t norm_size);

/**
 * @brief Bytes of a scale word after a number ("K", " thousand", " million"),
 * including the space before a word; 0 when none. *power gets 3, 6 or 9.
 */
size_t bls_figure_scale(const char *text, size_t len, int *power);

/** @brief Bytes of a percent sign or word ("%", " %", " percent", "-percent", " per cent"); 0 if
 * none. */
size_t bls_figure_percent(const char *text, size_t len);

/**
 * @brief Bytes of a sign ending at @p pos (text[pos - n .. pos)), 0 when
 * none: '-', '+', U+2212 or an en/em dash that does not follow a letter or
 * digit ("2012–22%" and "techs—41%" have none). *negative says which.
 */
size_t bls_figure_sign_before(const char *text, size_t pos, size_t floor, int *negative);

/**
 * @brief Parse a whole figure (surrounding spaces allowed).
 * @return a VALUE with BLS_NUM_DOLLAR / PERCENT / NEGATIVE / THOUSANDS flags
 *         and the scale applied ("$54.4 thousand" = {54400, 0}), or INVALID.
 *
 * @code
 * bls_number n = bls_figure_parse("\xE2\x88\x92" "41%", 6); // {VALUE, -41, 0}, PERCENT|NEGATIVE
 * @endcode
 */
bls_number bls_figure_parse(const char *text, size_t len);

#endif /* BLS_FIGURE_H */
