/*
 * cells.c - parse BLS cells into exact decimals and typed markers.
 *
 * Pipeline stage: reader -> layout -> *cells* -> validate -> model.
 *
 * A cell is either empty, one of the BLS markers ("*", "**", "#", "~"), a
 * number as BLS writes it ("54,410", "$27.45", "40.9%", "(1.5)", "-3.25") or
 * invalid text. Numbers are kept as an integer scaled by 10^decimals, so no
 * floating point rounding ever enters a comparison. Digits are accumulated
 * by hand with an overflow check at every step (strtoll cannot read the
 * thousands separators); anything that does not fit in int64 is INVALID.
 */
#include "blsreport/base/cells.h"

#include <string.h>

/* The markers BLS prints instead of numbers; one table, read by one loop. */
static const struct {
    const char *text;
    bls_cell_state state;
} cell_markers[] = {
    {"*", BLS_CELL_WAGE_NA},
    {"**", BLS_CELL_EMP_NA},
    {"#", BLS_CELL_TOP_CODED},
    {"~", BLS_CELL_UNDER_HALF},
    {"***", BLS_CELL_WITHDRAWN},
    {"\xE2\x80\x94", BLS_CELL_NOT_AVAILABLE}, /* em dash: EP "not available" */
    {"\xE2\x80\x93", BLS_CELL_NOT_AVAILABLE}, /* en dash, as some exports write it */
};

#define MARKER_COUNT (sizeof cell_markers / sizeof cell_markers[0])

/* 10^0 .. 10^19: every power of ten that fits in uint64_t. */
static const uint64_t pow10_table[] = {
    1u,
    10u,
    100u,
    1000u,
    10000u,
    100000u,
    1000000u,
    10000000u,
    100000000u,
    1000000000u,
    10000000000u,
    100000000000u,
    1000000000000u,
    10000000000000u,
    100000000000000u,
    1000000000000000u,
    10000000000000000u,
    100000000000000000u,
    1000000000000000000u,
    10000000000000000000u,
};

#define POW10_MAX_EXP 19u
#define MAGNITUDE_OF_INT64_MIN ((uint64_t)INT64_MAX + 1u)

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}
static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bls_number cell_with_state(bls_cell_state state)
{
    bls_number n = {state, 0, 0, 0};
    return n;
}

/* Append one digit to an accumulating magnitude; -1 when it would exceed INT64_MAX. */
static int accumulate_digit(uint64_t *magnitude, char digit)
{
    uint64_t d = (uint64_t)(digit - '0');
    if (*magnitude > ((uint64_t)INT64_MAX - d) / 10u)
        return -1;
    *magnitude = *magnitude * 10u + d;
    return 0;
}

/*
 * Read the integer part: either plain digits, or 1-3 digits followed by
 * groups of exactly three after each ','. Returns the number of bytes used,
 * or 0 when the text is not a well-formed integer part.
 */
static size_t parse_integer_part(const char *s, size_t len, uint64_t *magnitude, uint8_t *flags)
{
    size_t i = 0;
    while (i < len && is_digit(s[i])) {
        if (accumulate_digit(magnitude, s[i]) != 0)
            return 0;
        i++;
    }
    size_t lead_digits = i;
    if (i < len && s[i] == ',') {
        if (lead_digits == 0 || lead_digits > 3)
            return 0;
        *flags |= BLS_NUM_THOUSANDS;
        while (i < len && s[i] == ',') {
            i++;
            for (size_t k = 0; k < 3; k++, i++) {
                if (i >= len || !is_digit(s[i]) || accumulate_digit(magnitude, s[i]) != 0)
                    return 0;
            }
        }
        if (i < len && is_digit(s[i])) /* "1,2345": a group of four */
            return 0;
    }
    return i;
}

static bls_number parse_value(const char *text, size_t len);

bls_number bls_cell_parse(const char *text, size_t len)
{
    if (text == NULL)
        return cell_with_state(BLS_CELL_EMPTY);
    while (len > 0 && is_blank(text[0])) {
        text++;
        len--;
    }
    while (len > 0 && is_blank(text[len - 1]))
        len--;
    if (len == 0)
        return cell_with_state(BLS_CELL_EMPTY);

    for (size_t m = 0; m < MARKER_COUNT; m++) {
        if (strlen(cell_markers[m].text) == len && memcmp(cell_markers[m].text, text, len) == 0)
            return cell_with_state(cell_markers[m].state);
    }

    /* EP: ">=$187,200" (or "\u2265$187,200"): a wage at or above the cap. */
    size_t at_least = 0;
    if (len > 2 && text[0] == '>' && text[1] == '=')
        at_least = 2;
    else if (len > 3 && memcmp(text, "\xE2\x89\xA5", 3) == 0)
        at_least = 3;
    if (at_least) {
        size_t skip = at_least;
        while (skip < len && is_blank(text[skip]))
            skip++;
        bls_number cap = skip < len ? parse_value(text + skip, len - skip)
                                    : cell_with_state(BLS_CELL_INVALID);
        if (cap.state != BLS_CELL_VALUE || cap.scaled < 0)
            return cell_with_state(BLS_CELL_INVALID);
        cap.state = BLS_CELL_TOP_CODED;
        cap.flags |= BLS_NUM_AT_LEAST;
        return cap;
    }
    return parse_value(text, len);
}

/* A number as BLS writes it; text is trimmed and not empty. */
static bls_number parse_value(const char *text, size_t len)
{
    bls_number invalid = cell_with_state(BLS_CELL_INVALID);
    uint8_t flags = 0;
    size_t i = 0;
    int parenthesised = 0;

    if (text[len - 1] == ')') {
        if (text[0] != '(')
            return invalid;
        parenthesised = 1;
        flags |= BLS_NUM_NEGATIVE;
        i = 1;
        len--;
    }
    /* One sign at most, before or after the '$': "-$5", "$-5", "(5)". */
    if (i < len && text[i] == '-' && !parenthesised) {
        flags |= BLS_NUM_NEGATIVE;
        i++;
    }
    if (i < len && text[i] == '$') {
        flags |= BLS_NUM_DOLLAR;
        i++;
        if (i < len && text[i] == '-' && !(flags & BLS_NUM_NEGATIVE)) {
            flags |= BLS_NUM_NEGATIVE;
            i++;
        }
    }
    if (len > i && text[len - 1] == '%') {
        flags |= BLS_NUM_PERCENT;
        len--;
    }

    uint64_t magnitude = 0;
    size_t int_len = parse_integer_part(text + i, len - i, &magnitude, &flags);
    if (int_len == 0 && (i >= len || text[i] != '.'))
        return invalid;
    i += int_len;

    unsigned decimals = 0;
    if (i < len && text[i] == '.') {
        i++;
        while (i < len && is_digit(text[i])) {
            if (decimals == BLS_NUMBER_MAX_DECIMALS || accumulate_digit(&magnitude, text[i]) != 0)
                return invalid;
            decimals++;
            i++;
        }
        if (decimals == 0) /* "5." or "." */
            return invalid;
    }
    if (i != len)
        return invalid;

    bls_number n = {BLS_CELL_VALUE, (uint8_t)decimals, flags, (int64_t)magnitude};
    if (flags & BLS_NUM_NEGATIVE)
        n.scaled = -n.scaled;
    return n;
}

const char *bls_cell_marker(bls_cell_state state)
{
    for (size_t m = 0; m < MARKER_COUNT; m++) {
        if (cell_markers[m].state == state)
            return cell_markers[m].text;
    }
    return NULL;
}

const char *bls_cell_state_describe(bls_cell_state state)
{
    switch (state) {
    case BLS_CELL_EMPTY: return "empty";
    case BLS_CELL_VALUE: return "number";
    case BLS_CELL_WAGE_NA: return "wage estimate not available";
    case BLS_CELL_EMP_NA: return "employment estimate not available";
    case BLS_CELL_TOP_CODED: return "wage at or above the top-code cap";
    case BLS_CELL_UNDER_HALF: return "less than 0.5 percent";
    case BLS_CELL_INVALID: return "not a number";
    case BLS_CELL_WITHDRAWN: return "wages withdrawn for reporting errors";
    case BLS_CELL_NOT_AVAILABLE: return "not available";
    }
    return "unknown";
}

double bls_number_to_double(const bls_number *n)
{
    if (n == NULL || n->state != BLS_CELL_VALUE)
        return 0.0;
    double divisor = 1.0;
    for (unsigned d = 0; d < n->decimals; d++)
        divisor *= 10.0;
    return (double)n->scaled / divisor;
}

static uint64_t magnitude_of(int64_t v)
{
    return v < 0 ? (uint64_t)(-(v + 1)) + 1u : (uint64_t)v;
}

int bls_number_rescale(const bls_number *n, unsigned decimals, int64_t *out)
{
    if (n == NULL || out == NULL)
        return -1;
    int negative = n->scaled < 0;
    uint64_t magnitude = magnitude_of(n->scaled);
    uint64_t result;

    if (decimals >= n->decimals) {
        unsigned up = decimals - n->decimals;
        if (magnitude == 0) {
            result = 0;
        } else {
            if (up > POW10_MAX_EXP)
                return -1;
            uint64_t factor = pow10_table[up];
            if (magnitude > UINT64_MAX / factor)
                return -1;
            result = magnitude * factor;
        }
    } else {
        unsigned down = n->decimals - decimals;
        if (down > POW10_MAX_EXP) {
            result = 0; /* |scaled| < 2^64 < 10^20 / 2: rounds to zero */
        } else {
            uint64_t divisor = pow10_table[down];
            uint64_t remainder = magnitude % divisor;
            result = magnitude / divisor;
            if (remainder >= divisor - remainder) /* half away from zero */
                result++;
        }
    }

    if (negative) {
        if (result > MAGNITUDE_OF_INT64_MIN)
            return -1;
        *out = result == MAGNITUDE_OF_INT64_MIN ? INT64_MIN : -(int64_t)result;
    } else {
        if (result > (uint64_t)INT64_MAX)
            return -1;
        *out = (int64_t)result;
    }
    return 0;
}

static int compare_int64(int64_t a, int64_t b)
{
    return (a > b) - (a < b);
}

int bls_number_compare(const bls_number *a, const bls_number *b)
{
    if (a == NULL || b == NULL || a->state != BLS_CELL_VALUE || b->state != BLS_CELL_VALUE)
        return 0;
    if (a->decimals == b->decimals)
        return compare_int64(a->scaled, b->scaled);

    /* Raise the coarser number to the finer precision. If that overflows,
     * its magnitude exceeds anything the finer one can hold, so its sign
     * decides (a product by 10^k is never exactly 2^63). */
    int a_is_coarser = a->decimals < b->decimals;
    const bls_number *coarse = a_is_coarser ? a : b;
    const bls_number *fine = a_is_coarser ? b : a;
    int64_t raised;
    int order;
    if (bls_number_rescale(coarse, fine->decimals, &raised) == 0)
        order = compare_int64(raised, fine->scaled);
    else
        order = coarse->scaled < 0 ? -1 : 1;
    return a_is_coarser ? order : -order;
}

bls_number bls_number_make(int64_t scaled, unsigned decimals)
{
    bls_number n = {BLS_CELL_VALUE, (uint8_t)decimals, 0, scaled};
    if (scaled < 0)
        n.flags |= BLS_NUM_NEGATIVE;
    return n;
}

size_t bls_number_format(const bls_number *n, char *buf, size_t size)
{
    if (n == NULL || buf == NULL || n->state != BLS_CELL_VALUE)
        return 0;
    /* Digits of the magnitude, least significant first; at least decimals+1
     * of them so that 5 with 2 decimals prints "0.05". */
    char digits[24 + 256];
    size_t count = 0;
    uint64_t magnitude = magnitude_of(n->scaled);
    do {
        digits[count++] = (char)('0' + magnitude % 10u);
        magnitude /= 10u;
    } while (magnitude > 0);
    while (count < (size_t)n->decimals + 1u)
        digits[count++] = '0';

    size_t needed = count + (n->scaled < 0 ? 1u : 0u) + (n->decimals > 0 ? 1u : 0u);
    if (needed + 1u > size)
        return 0;
    size_t out = 0;
    if (n->scaled < 0)
        buf[out++] = '-';
    while (count > 0) {
        if (count == n->decimals)
            buf[out++] = '.';
        buf[out++] = digits[--count];
    }
    buf[out] = '\0';
    return out;
}
