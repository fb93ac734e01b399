/*
 * figure.c - a figure as an article writes it (see figure.h for the grammar).
 *
 * Pipeline stage: a floor beneath extract.c (finding figures in text) and
 * claims.c (the claimed column of a claims CSV). Both read a figure with
 * the same rules, so --extract-claims output read back as a claims CSV
 * gives the same values.
 *
 * The number is copied into a short ASCII string ("54410", "54.4") and
 * parsed by bls_cell_parse(): one exact decimal parser for the project.
 */
#include "blsreport/base/figure.h"

#include <stdint.h>
#include <string.h>

/* Longest number read: int64 holds 18 digits safely, plus the point. */
#define NORM_MAX 40

enum { SEP_NONE = 0, SEP_COMMA, SEP_SPACE, SEP_DOT };

typedef struct scale_word {
    const char *word;
    int power;
} scale_word;

static const scale_word scale_words[] = {
    {"thousand", 3},
    {"million", 6},
    {"billion", 9},
};

/* Multi-byte characters that read as a space inside or around a figure. */
static const char *const wide_spaces[] = {
    "\xC2\xA0",     /* U+00A0 NO-BREAK SPACE */
    "\xE2\x80\x89", /* U+2009 THIN SPACE */
    "\xE2\x80\xAF", /* U+202F NARROW NO-BREAK SPACE */
};

/* Signs: the Unicode minus and the dashes people type as one. */
static const struct {
    const char *bytes;
    int negative;
} signs[] = {
    {"-", 1},
    {"+", 0},
    {"\xE2\x88\x92", 1}, /* U+2212 MINUS SIGN */
    {"\xE2\x80\x93", 1}, /* U+2013 EN DASH */
    {"\xE2\x80\x94", 1}, /* U+2014 EM DASH */
};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    if (c >= 'A' && c <= 'Z')
        return (char)(c + ('a' - 'A'));
    return c;
}

static int starts(const char *t, size_t len, const char *s)
{
    size_t n = strlen(s);
    return len >= n && memcmp(t, s, n) == 0;
}

/* Bytes of a no-break or thin space at t, 0 if none. */
static size_t wide_space(const char *t, size_t len)
{
    for (size_t k = 0; k < sizeof wide_spaces / sizeof wide_spaces[0]; k++)
        if (starts(t, len, wide_spaces[k]))
            return strlen(wide_spaces[k]);
    return 0;
}

/* Bytes of any one space at t (ASCII, no-break or thin), 0 if none. */
static size_t one_space(const char *t, size_t len)
{
    if (len > 0 && t[0] == ' ')
        return 1;
    return wide_space(t, len);
}

/* Case-insensitive word at t, not followed by a letter. */
static int word_at(const char *t, size_t len, const char *word)
{
    size_t n = strlen(word);
    if (len < n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (lower(t[k]) != word[k])
            return 0;
    return len == n || !is_letter(t[n]);
}

/* Exactly three digits at t, then no digit. */
static int three_digits(const char *t, size_t len)
{
    return len >= 3 && is_digit(t[0]) && is_digit(t[1]) && is_digit(t[2]) &&
           (len == 3 || !is_digit(t[3]));
}

static size_t digits_at(const char *t, size_t len)
{
    size_t n = 0;
    while (n < len && is_digit(t[n]))
        n++;
    return n;
}

/* A group separator at t: its kind and length (0 if none). */
static size_t separator(const char *t, size_t len, int dollar, int *kind)
{
    if (len > 0 && t[0] == ',') {
        *kind = SEP_COMMA;
        return 1;
    }
    if (dollar && len > 0 && t[0] == '.') {
        *kind = SEP_DOT;
        return 1;
    }
    size_t n = wide_space(t, len);
    *kind = n ? SEP_SPACE : SEP_NONE;
    return n;
}

size_t bls_figure_number(const char *t, size_t len, int dollar, char *norm, size_t norm_size)
{
    char buf[NORM_MAX + 1];
    size_t out = 0, i = digits_at(t, len);
    if (i == 0)
        return 0;
    int cut = i > NORM_MAX;
    if (!cut) {
        memcpy(buf, t, i);
        out = i;
    }
    int groups = SEP_NONE;
    if (i <= 3) {
        for (;;) {
            int kind;
            size_t s = separator(t + i, len - i, dollar, &kind);
            if (s == 0 || (groups != SEP_NONE && kind != groups) ||
                !three_digits(t + i + s, len - i - s))
                break;
            groups = kind;
            if (out + 3 <= NORM_MAX) {
                memcpy(buf + out, t + i + s, 3);
                out += 3;
            } else {
                cut = 1;
            }
            i += s + 3;
        }
    }
    /* the decimal part */
    size_t frac = 0;
    if (i + 1 < len && is_digit(t[i + 1])) {
        size_t k = digits_at(t + i + 1, len - i - 1);
        /* "$54.410,50" (dots group, the comma is the point); "5.5"; "5,5%", "54,41"
         * (a comma that cannot group; "2014,5%" is a typo) */
        int comma_point = t[i] == ',' && ((groups == SEP_DOT) || (groups != SEP_COMMA && k <= 2 &&
                                                                  (groups != SEP_NONE || i <= 3)));
        int dot_point = t[i] == '.' && groups != SEP_DOT;
        if (comma_point || dot_point)
            frac = k;
    }
    if (frac > 0) {
        if (out + 1 + frac <= NORM_MAX) {
            buf[out++] = '.';
            memcpy(buf + out, t + i + 1, frac);
            out += frac;
        } else {
            cut = 1;
        }
        i += 1 + frac;
    }
    if (norm && norm_size > 0) {
        size_t n = cut || out >= norm_size ? 0 : out;
        memcpy(norm, buf, n);
        norm[n] = '\0';
    }
    return i;
}

size_t bls_figure_scale(const char *t, size_t len, int *power)
{
    if (len > 0 && (t[0] == 'K' || t[0] == 'k' || t[0] == 'M') && (len == 1 || !is_letter(t[1]))) {
        *power = t[0] == 'M' ? 6 : 3;
        return 1;
    }
    size_t sp = one_space(t, len);
    if (sp == 0)
        return 0;
    for (size_t k = 0; k < sizeof scale_words / sizeof scale_words[0]; k++) {
        if (word_at(t + sp, len - sp, scale_words[k].word)) {
            *power = scale_words[k].power;
            return sp + strlen(scale_words[k].word);
        }
    }
    return 0;
}

size_t bls_figure_percent(const char *t, size_t len)
{
    if (len > 0 && t[0] == '%')
        return 1;
    size_t sp = one_space(t, len);
    if (sp > 0 && sp < len && t[sp] == '%')
        return sp + 1;
    size_t i = len > 0 && t[0] == '-' ? 1 : sp;
    if (i == 0)
        return 0;
    if (word_at(t + i, len - i, "percent"))
        return i + 7;
    if (word_at(t + i, len - i, "per") && i + 4 < len && t[i + 3] == ' ' &&
        word_at(t + i + 4, len - i - 4, "cent"))
        return i + 8;
    return 0;
}

/* Bytes of a sign at t (0 if none). */
static size_t sign_at(const char *t, size_t len, int *negative)
{
    for (size_t k = 0; k < sizeof signs / sizeof signs[0]; k++) {
        if (starts(t, len, signs[k].bytes)) {
            *negative = signs[k].negative;
            return strlen(signs[k].bytes);
        }
    }
    return 0;
}

size_t bls_figure_sign_before(const char *t, size_t pos, size_t floor, int *negative)
{
    for (size_t k = 0; k < sizeof signs / sizeof signs[0]; k++) {
        size_t n = strlen(signs[k].bytes);
        if (pos - floor < n || memcmp(t + pos - n, signs[k].bytes, n) != 0)
            continue;
        /* "2012-22%", "techs—41%": a dash that joins words is no sign */
        if (pos - n > floor) {
            char before = t[pos - n - 1];
            if (is_digit(before) || is_letter(before))
                return 0;
        }
        *negative = signs[k].negative;
        return n;
    }
    return 0;
}

static size_t skip_spaces(const char *t, size_t len, size_t i)
{
    size_t n;
    while (i < len && (n = one_space(t + i, len - i)) > 0)
        i += n;
    return i;
}

static bls_number invalid(void)
{
    bls_number n;
    memset(&n, 0, sizeof n);
    n.state = BLS_CELL_INVALID;
    return n;
}

bls_number bls_figure_parse(const char *t, size_t len)
{
    if (!t)
        return invalid();
    size_t i = skip_spaces(t, len, 0);
    int negative = 0, dollar = 0, sign_seen = 0;
    for (int pass = 0; pass < 2; pass++) { /* "-$5" and "$-5" */
        int neg = 0;
        size_t n = sign_at(t + i, len - i, &neg);
        if (n > 0 && !sign_seen) {
            sign_seen = 1;
            negative = neg;
            i += n;
        }
        if (!dollar && i < len && t[i] == '$') {
            dollar = 1;
            i++;
            if (i < len && t[i] == ' ')
                i++;
        }
    }
    char norm[NORM_MAX + 1];
    size_t n = bls_figure_number(t + i, len - i, dollar, norm, sizeof norm);
    if (n == 0 || norm[0] == '\0')
        return invalid();
    /* group separators are the bytes of the number that norm dropped */
    int thousands = n > strlen(norm);
    i += n;
    int power = 0, percent = 0;
    size_t s = bls_figure_scale(t + i, len - i, &power);
    if (s > 0 && dollar)
        i += s;
    else
        power = 0;
    size_t p = bls_figure_percent(t + i, len - i);
    if (p > 0) {
        percent = 1;
        i += p;
    }
    if (skip_spaces(t, len, i) != len)
        return invalid();
    bls_number v = bls_cell_parse(norm, strlen(norm));
    if (v.state != BLS_CELL_VALUE)
        return invalid();
    for (int k = 0; k < power; k++) {
        if (v.scaled > INT64_MAX / 10)
            return invalid();
        v.scaled *= 10;
    }
    while (power > 0 && v.decimals > 0 && v.scaled % 10 == 0) {
        v.scaled /= 10;
        v.decimals--;
    }
    v.flags = 0;
    if (dollar)
        v.flags |= BLS_NUM_DOLLAR;
    if (percent)
        v.flags |= BLS_NUM_PERCENT;
    if (thousands)
        v.flags |= BLS_NUM_THOUSANDS;
    if (negative) {
        v.scaled = -v.scaled;
        v.flags |= BLS_NUM_NEGATIVE;
    }
    return v;
}
