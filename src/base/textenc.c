/*
 * textenc.c - the text encodings inputs arrive in, and their way to UTF-8.
 *
 * Pipeline stage: a floor beneath the reader (CSV) and the extractor
 * (documents). See textenc.h for what is recognised and why.
 *
 * The two single-byte tables are data: bytes 0x80-0xFF of Windows-1252
 * (0x80-0x9F differ from Latin-1; 0xA0-0xFF are Latin-1) and of Mac Roman
 * (Apple's mapping as of Mac OS 8.5: 0xDB is the euro sign, 0xF0 the Apple
 * logo U+F8FF; glibc's iconv "macintosh" agrees except for 0xF0, which it
 * maps to U+E01E - both private use).
 */
#include "blsreport/base/textenc.h"

#include <string.h>

#define REPLACEMENT 0xFFFDu

static const uint16_t cp1252_high[128] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    /* 0xA0-0xFF: Latin-1, filled in by the lookup */
};

static const uint16_t macroman_high[128] = {
    0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1, 0x00E0, 0x00E2, 0x00E4, 0x00E3,
    0x00E5, 0x00E7, 0x00E9, 0x00E8, 0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3,
    0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC, 0x2020, 0x00B0, 0x00A2, 0x00A3,
    0x00A7, 0x2022, 0x00B6, 0x00DF, 0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
    0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211, 0x220F, 0x03C0, 0x222B, 0x00AA,
    0x00BA, 0x03A9, 0x00E6, 0x00F8, 0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x0394, 0x00AB,
    0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153, 0x2013, 0x2014, 0x201C, 0x201D,
    0x2018, 0x2019, 0x00F7, 0x25CA, 0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,
    0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1, 0x00CB, 0x00C8, 0x00CD, 0x00CE,
    0x00CF, 0x00CC, 0x00D3, 0x00D4, 0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC,
    0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,
};

/* Characters that read as punctuation in running text or a table cell. */
static const uint16_t plausible_punctuation[] = {
    0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2022,
    0x00A0, 0x00A9, 0x00AE, 0x2122, 0x00B0, 0x00A7, 0x00BD,
};

const char *bls_text_encoding_name(bls_text_encoding enc)
{
    switch (enc) {
    case BLS_ENC_UTF8: return "UTF-8";
    case BLS_ENC_UTF16LE: return "UTF-16LE";
    case BLS_ENC_UTF16BE: return "UTF-16BE";
    case BLS_ENC_UTF32LE: return "UTF-32LE";
    case BLS_ENC_UTF32BE: return "UTF-32BE";
    case BLS_ENC_CP1252: return "Windows-1252";
    case BLS_ENC_MACROMAN: return "Mac Roman";
    }
    return "unknown";
}

int bls_text_encoding_is_wide(bls_text_encoding enc)
{
    return enc == BLS_ENC_UTF16LE || enc == BLS_ENC_UTF16BE || enc == BLS_ENC_UTF32LE ||
           enc == BLS_ENC_UTF32BE;
}

size_t bls_textenc_put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int bls_textenc_is_utf8(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        /* ASCII fast path, eight bytes at a time. */
        uint64_t word;
        while (len - i >= sizeof word) {
            memcpy(&word, s + i, sizeof word);
            if (word & UINT64_C(0x8080808080808080))
                break;
            i += sizeof word;
        }
        if (i == len)
            break;
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else {
            return 0;
        }
        if (len - i <= need)
            return 0;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return 0;
        for (size_t k = 2; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        }
        i += need + 1;
    }
    return 1;
}

/* ---- byte-order marks and UTF-16 without one ------------------------------ */

bls_text_encoding bls_textenc_sniff(const char *head, size_t len, size_t *bom_len)
{
    const unsigned char *s = (const unsigned char *)head;
    *bom_len = 0;
    if (len >= 4 && s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0) {
        *bom_len = 4;
        return BLS_ENC_UTF32LE;
    }
    if (len >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF) {
        *bom_len = 4;
        return BLS_ENC_UTF32BE;
    }
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        *bom_len = 3;
        return BLS_ENC_UTF8;
    }
    if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        *bom_len = 2;
        return BLS_ENC_UTF16LE;
    }
    if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        *bom_len = 2;
        return BLS_ENC_UTF16BE;
    }
    /* No mark: ASCII text in UTF-16 is a NUL in every other byte. UTF-8 and
     * the legacy encodings never hold NULs in text, so the pattern is safe. */
    if (len > BLS_TEXTENC_SNIFF_BYTES)
        len = BLS_TEXTENC_SNIFF_BYTES;
    size_t units = len / 2, le = 0, be = 0;
    for (size_t i = 0; i + 1 < len; i += 2) {
        if (s[i + 1] == 0 && s[i] != 0 && s[i] < 0x80)
            le++;
        else if (s[i] == 0 && s[i + 1] != 0 && s[i + 1] < 0x80)
            be++;
    }
    if (units >= 8 && le * 10 >= units * 9 && be * 10 <= units)
        return BLS_ENC_UTF16LE;
    if (units >= 8 && be * 10 >= units * 9 && le * 10 <= units)
        return BLS_ENC_UTF16BE;
    return BLS_ENC_UTF8;
}

/* ---- UTF-16 and UTF-32 ---------------------------------------------------- */

static uint32_t unit16(const unsigned char *p, int big)
{
    return big ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
}

static uint32_t unit32(const unsigned char *p, int big)
{
    return big ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
               : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

bls_status bls_textenc_decode_wide(bls_text_encoding enc, const char *in, size_t len, int at_eof,
                                   bls_dynbuf *out, size_t *used, size_t *invalid)
{
    if (!bls_text_encoding_is_wide(enc) || (!in && len > 0) || !out || !used || !invalid)
        return BLS_ERR_INVALID_ARG;
    const unsigned char *s = (const unsigned char *)in;
    int wide32 = enc == BLS_ENC_UTF32LE || enc == BLS_ENC_UTF32BE;
    int big = enc == BLS_ENC_UTF16BE || enc == BLS_ENC_UTF32BE;
    size_t unit = wide32 ? 4 : 2;
    /* At most 4 UTF-8 bytes per unit of 2 (a lone unit gives 3; a pair of
     * units 4 for 4 bytes), plus one replacement for a partial unit. */
    size_t bound = len / unit * (wide32 ? 4 : 3) + 3;
    bls_status st = bls_dynbuf_reserve(out, bound);
    if (st != BLS_OK)
        return st;
    char *o = out->data + out->len;
    size_t n = 0, i = 0;
    while (len - i >= unit) {
        uint32_t cp;
        if (wide32) {
            cp = unit32(s + i, big);
            i += 4;
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                cp = REPLACEMENT;
                (*invalid)++;
            }
        } else {
            cp = unit16(s + i, big);
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (len - i < 4 && !at_eof)
                    break; /* the low half has not arrived yet */
                uint32_t low = len - i >= 4 ? unit16(s + i + 2, big) : 0;
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    i += 4;
                } else {
                    cp = REPLACEMENT;
                    (*invalid)++;
                    i += 2;
                }
            } else {
                if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    cp = REPLACEMENT;
                    (*invalid)++;
                }
                i += 2;
            }
        }
        n += bls_textenc_put_utf8(o + n, cp);
    }
    if (at_eof && i < len) { /* a cut unit */
        n += bls_textenc_put_utf8(o + n, REPLACEMENT);
        (*invalid)++;
        i = len;
    }
    bls_dynbuf_commit(out, n);
    *used = i;
    return BLS_OK;
}

/* ---- Windows-1252 and Mac Roman ------------------------------------------- */

static uint32_t legacy_codepoint(bls_text_encoding enc, unsigned char c)
{
    if (c < 0x80)
        return c;
    if (enc == BLS_ENC_MACROMAN)
        return macroman_high[c - 0x80];
    return c >= 0xA0 ? c : cp1252_high[c - 0x80];
}

bls_status bls_textenc_decode_legacy(bls_text_encoding enc, const char *in, size_t len,
                                     bls_dynbuf *out, size_t *undefined)
{
    if ((enc != BLS_ENC_CP1252 && enc != BLS_ENC_MACROMAN) || (!in && len > 0) || !out ||
        !undefined)
        return BLS_ERR_INVALID_ARG;
    if (len > (SIZE_MAX - 1) / 3)
        return BLS_ERR_LIMIT;
    bls_status st = bls_dynbuf_reserve(out, len * 3);
    if (st != BLS_OK)
        return st;
    char *o = out->data + out->len;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        uint32_t cp = legacy_codepoint(enc, (unsigned char)in[i]);
        if (cp == REPLACEMENT)
            (*undefined)++;
        n += bls_textenc_put_utf8(o + n, cp);
    }
    bls_dynbuf_commit(out, n);
    return BLS_OK;
}

static int ascii_lower(unsigned char c)
{
    return c >= 'a' && c <= 'z';
}

static int ascii_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

static int is_lower_letter(uint32_t cp)
{
    return (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) || cp == 0x153 || cp == 0x161 || cp == 0x17E;
}

static int is_upper_letter(uint32_t cp)
{
    return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || cp == 0x152 || cp == 0x160 || cp == 0x17D ||
           cp == 0x178;
}

/* How well one decoded character reads as text between its neighbours. */
static int plausibility(uint32_t cp, unsigned char prev, unsigned char next)
{
    for (size_t k = 0; k < sizeof plausible_punctuation / sizeof plausible_punctuation[0]; k++)
        if (plausible_punctuation[k] == cp)
            return 2;
    if (is_lower_letter(cp))
        return ascii_lower(prev) || ascii_lower(next) ? 2 : 0;
    if (is_upper_letter(cp))
        return ascii_upper(prev) || ascii_upper(next) ||
                       (!ascii_lower(prev) && !ascii_upper(prev) && ascii_lower(next))
                   ? 2
                   : 0;
    return -1;
}

bls_text_encoding bls_textenc_guess_legacy(const char *sample, size_t len)
{
    const unsigned char *s = (const unsigned char *)sample;
    if (len > BLS_TEXTENC_GUESS_BYTES)
        len = BLS_TEXTENC_GUESS_BYTES;
    long cp1252 = 0, macroman = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < 0x80)
            continue;
        unsigned char prev = i > 0 ? s[i - 1] : ' ', next = i + 1 < len ? s[i + 1] : ' ';
        cp1252 += plausibility(legacy_codepoint(BLS_ENC_CP1252, s[i]), prev, next);
        macroman += plausibility(legacy_codepoint(BLS_ENC_MACROMAN, s[i]), prev, next);
    }
    return macroman > cp1252 ? BLS_ENC_MACROMAN : BLS_ENC_CP1252;
}

/* ---- whole documents ------------------------------------------------------- */

bls_status bls_textenc_to_utf8(const char *in, size_t len, bls_dynbuf *out,
                               bls_text_encoding *found, size_t *legacy_lines, size_t *invalid)
{
    if ((!in && len > 0) || !out || !found || !legacy_lines || !invalid)
        return BLS_ERR_INVALID_ARG;
    bls_dynbuf_reset(out);
    *legacy_lines = 0;
    *invalid = 0;
    if (!in)
        in = "";
    size_t bom = 0;
    bls_text_encoding enc = bls_textenc_sniff(in, len, &bom);
    *found = enc;
    in += bom;
    len -= bom;
    if (bls_text_encoding_is_wide(enc)) {
        size_t used = 0;
        return bls_textenc_decode_wide(enc, in, len, 1, out, &used, invalid);
    }
    if (bls_textenc_is_utf8(in, len))
        return bls_dynbuf_add(out, in, len);
    bls_text_encoding legacy = BLS_ENC_UTF8;
    bls_status st = BLS_OK;
    size_t pos = 0;
    while (pos < len && st == BLS_OK) {
        const char *nl = memchr(in + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - in) + 1 : len;
        if (bls_textenc_is_utf8(in + pos, end - pos)) {
            st = bls_dynbuf_add(out, in + pos, end - pos);
        } else {
            if (legacy == BLS_ENC_UTF8) {
                legacy = bls_textenc_guess_legacy(in + pos, len - pos);
                *found = legacy;
            }
            (*legacy_lines)++;
            st = bls_textenc_decode_legacy(legacy, in + pos, end - pos, out, invalid);
        }
        pos = end;
    }
    return st;
}
