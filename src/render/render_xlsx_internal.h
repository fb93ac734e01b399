/*
 * render_xlsx_internal.h - test-only controls of the workbook writer (not
 * installed, not part of the contract).
 */
#ifndef BLS_RENDER_XLSX_INTERNAL_H
#define BLS_RENDER_XLSX_INTERNAL_H

#include <stdint.h>

#include "blsreport/render/render_xlsx.h"

/**
 * @brief Lower the number of rows a sheet may hold (header included) so that
 * tests can reach the "Wage data (2)" continuation without writing Excel's
 * 1,048,576 rows. Call right after bls_xlsx_open(); values below 3 or above
 * Excel's limit are ignored.
 */
void bls_xlsx_set_row_limit(bls_xlsx *x, uint32_t rows);

/**
 * @brief Copy @p len bytes of UTF-8 as text an XLSX cell can hold: invalid
 * UTF-8, C0 controls other than TAB/LF/CR, surrogates and U+FFFE/U+FFFF
 * become U+FFFD; a literal "_xHHHH_" gets its '_' escaped ("_x005F_xHHHH_",
 * which Excel shows as written); the copy stops at Excel's 32,767
 * characters (UTF-16 units).
 * @param out  at least BLS_XLSX_TEXT_BUF bytes; always NUL-terminated.
 * @return the bytes written (excluding the NUL).
 */
size_t bls_xlsx_clean_text(const char *text, size_t len, char *out);

/** Bytes bls_xlsx_clean_text() may need: 32,767 units x 3 bytes + NUL. */
#define BLS_XLSX_TEXT_BUF (32767u * 3u + 1u)

#endif /* BLS_RENDER_XLSX_INTERNAL_H */
