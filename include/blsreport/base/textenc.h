/*
 * textenc.h - the text encodings inputs arrive in, and their way to UTF-8.
 *
 * Pipeline stage: a floor beneath the reader (CSV) and the extractor
 * (documents): both hand later stages valid UTF-8 only.
 *
 * What people actually save BLS tables and articles as:
 *   - UTF-8, with or without a byte-order mark;
 *   - UTF-16 (Notepad's "Unicode", Excel's "Unicode text") and, rarely,
 *     UTF-32, both announced by a byte-order mark; UTF-16 without a mark is
 *     recognised only when the NUL pattern of ASCII text is unmistakable;
 *   - Windows-1252 (Excel for Windows "CSV": the em dash is 0x97) and Mac
 *     Roman (Excel for Mac "CSV": the em dash is 0xD1, the right quote 0xD5).
 *     Both are single-byte and every byte is defined in one or the other, so
 *     the bytes alone cannot say which: bls_textenc_guess_legacy() decodes a
 *     sample both ways and keeps the one whose non-ASCII characters read as
 *     text (see textenc.c for the scoring).
 * Nothing here allocates except through a caller's bls_dynbuf.
 */
#ifndef BLS_TEXTENC_H
#define BLS_TEXTENC_H

#include <stddef.h>
#include <stdint.h>

#include "blsreport/base/dynbuf.h"
#include "blsreport/base/status.h"

typedef enum bls_text_encoding {
    BLS_ENC_UTF8 = 0,
    BLS_ENC_UTF16LE,
    BLS_ENC_UTF16BE,
    BLS_ENC_UTF32LE,
    BLS_ENC_UTF32BE,
    BLS_ENC_CP1252,
    BLS_ENC_MACROMAN,
} bls_text_encoding;

/** @brief "UTF-8", "UTF-16LE", ..., "Windows-1252", "Mac Roman". */
const char *bls_text_encoding_name(bls_text_encoding enc);

/** @brief 1 for the UTF-16 and UTF-32 encodings (decoded by bls_textenc_decode_wide()). */
int bls_text_encoding_is_wide(bls_text_encoding enc);

/**
 * @brief The encoding the first bytes of an input announce.
 *
 * A byte-order mark decides (UTF-32 marks are tested before UTF-16's, whose
 * FF FE they begin with). Without one, @p head is taken as UTF-16 when it
 * holds at least 8 code units and at least 90% of them are an ASCII byte
 * paired with a NUL on the same side (and at most 10% on the other);
 * otherwise UTF-8 (which then may turn out to be a legacy encoding, decided
 * per line by the caller).
 * @param head     the first bytes (up to BLS_TEXTENC_SNIFF_BYTES are looked at).
 * @param[out] bom_len bytes of byte-order mark to skip (0, 2, 3 or 4).
 */
bls_text_encoding bls_textenc_sniff(const char *head, size_t len, size_t *bom_len);

/** Bytes bls_textenc_sniff() looks at; give it this many when the input has them. */
#define BLS_TEXTENC_SNIFF_BYTES 512u

/**
 * @brief Decode UTF-16 or UTF-32 (no BOM in @p in) and append UTF-8 to @p out.
 *
 * Only whole code units (and whole surrogate pairs) are decoded: *used says
 * how many bytes were, and the rest must be given again with more bytes.
 * With @p at_eof a trailing partial unit is decoded as U+FFFD. Lone
 * surrogates and values above U+10FFFF become U+FFFD and are counted in
 * *invalid (added to, not reset).
 * @return BLS_OK, BLS_ERR_LIMIT (out's limit), BLS_ERR_NOMEM,
 *         BLS_ERR_INVALID_ARG (not a wide encoding).
 */
bls_status bls_textenc_decode_wide(bls_text_encoding enc, const char *in, size_t len, int at_eof,
                                   bls_dynbuf *out, size_t *used, size_t *invalid) BLS_MUST_CHECK;

/**
 * @brief Decode Windows-1252 or Mac Roman and append UTF-8 to @p out.
 * The five bytes Windows-1252 leaves undefined become U+FFFD and are counted
 * in *undefined (added to). Mac Roman defines every byte.
 * @return BLS_OK, BLS_ERR_LIMIT, BLS_ERR_NOMEM, BLS_ERR_INVALID_ARG.
 */
bls_status bls_textenc_decode_legacy(bls_text_encoding enc, const char *in, size_t len,
                                     bls_dynbuf *out, size_t *undefined) BLS_MUST_CHECK;

/**
 * @brief Windows-1252 or Mac Roman, whichever reads @p sample as text.
 * Each byte >= 0x80 is scored in both decodings with its ASCII neighbours:
 * dashes, quotes, bullets, ellipses and no-break spaces score 2 anywhere; an
 * accented letter scores 2 inside a word of its own case (the "ó" Mac Roman
 * makes of cp1252's em dash between spaces scores 0, as does the "Ñ" that
 * cp1252 makes of Mac Roman's); anything else (math signs, modifier
 * letters, C1 controls, undefined bytes) scores -1. Mac Roman wins only with
 * a higher total: Windows-1252 is what most files are.
 */
bls_text_encoding bls_textenc_guess_legacy(const char *sample, size_t len);

/** Bytes of a sample bls_textenc_guess_legacy() is worth giving (more is ignored). */
#define BLS_TEXTENC_GUESS_BYTES ((size_t)64 * 1024)

/** @brief Strict UTF-8 (no overlong forms, surrogates or values above U+10FFFF). */
int bls_textenc_is_utf8(const char *text, size_t len);

/** @brief Write code point @p cp (<= U+10FFFF) as UTF-8 into @p out (room for 4). @return bytes. */
size_t bls_textenc_put_utf8(char *out, uint32_t cp);

/**
 * @brief Bring a whole document to UTF-8 in @p out (reset first): a BOM
 * decides a wide encoding (or UTF-8, whose BOM is dropped); lines that are
 * not UTF-8 are decoded from the legacy encoding guessed for the document.
 * @param[out] found      the encoding the input was in.
 * @param[out] legacy_lines lines not valid UTF-8 (decoded as *found).
 * @param[out] invalid    bytes or units replaced with U+FFFD.
 * @return as bls_dynbuf_add().
 */
bls_status bls_textenc_to_utf8(const char *in, size_t len, bls_dynbuf *out,
                               bls_text_encoding *found, size_t *legacy_lines,
                               size_t *invalid) BLS_MUST_CHECK;

#endif /* BLS_TEXTENC_H */
