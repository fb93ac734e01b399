/*
 * period.c - parse, compare and format reference periods.
 *
 * Accepted forms: "May 2014", "May, 2014", "Sept. 2014", "2014", "2012-2022", "2012-22",
 * "2012 to 2022", "2012–2022" (en dash), with optional surrounding spaces
 * and parentheses.
 */
#include "blsreport/base/period.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const month_names[12] = {"january", "february", "march",     "april",
                                            "may",     "june",     "july",      "august",
                                            "september", "october", "november", "december"};

/* Reads exactly 4 digits (a year 1900..2199) or 2 digits when two_ok. */
static int read_year(const char **p, const char *end, int two_ok, int *digits)
{
    const char *s = *p;
    int value = 0, n = 0;
    while (s < end && isdigit((unsigned char)*s) && n < 5) {
        value = value * 10 + (*s - '0');
        s++;
        n++;
    }
    if (n == 4 && value >= 1900 && value <= 2199) {
        *p = s;
        *digits = 4;
        return value;
    }
    if (two_ok && n == 2) {
        *p = s;
        *digits = 2;
        return value;
    }
    return -1;
}

static void skip_spaces(const char **p, const char *end)
{
    while (*p < end && (isspace((unsigned char)**p) || **p == '(' || **p == ')' || **p == ','))
        (*p)++;
}

static int match_month(const char **p, const char *end)
{
    const char *s = *p;
    size_t n = 0;
    while (s + n < end && isalpha((unsigned char)s[n]))
        n++;
    if (n < 3)
        return 0;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(month_names[m]);
        /* full name, three letters, or four and a dot ("Sept.") */
        if (n != full && n != 3 && !(n == 4 && s + 4 < end && s[4] == '.'))
            continue;
        if (n > full)
            continue;
        int ok = 1;
        for (size_t i = 0; i < n && ok; i++)
            ok = tolower((unsigned char)s[i]) == month_names[m][i];
        if (ok) {
            *p = s + n;
            if (*p < end && **p == '.')
                (*p)++;
            return m + 1;
        }
    }
    return 0;
}

bls_status bls_period_parse(const char *text, size_t len, bls_period *out)
{
    if (!text || !out)
        return BLS_ERR_INVALID_ARG;
    const char *p = text, *end = text + len;
    bls_period result = {0, 0, 0};
    skip_spaces(&p, end);
    result.month = match_month(&p, end);
    skip_spaces(&p, end);
    int digits = 0;
    int from = read_year(&p, end, 0, &digits);
    if (from < 0)
        return BLS_ERR_INVALID_ARG;
    result.year_from = result.year_to = from;
    skip_spaces(&p, end);
    if (p < end && !result.month) {
        /* a range: '-', en dash (E2 80 93), "to" */
        if (*p == '-') {
            p++;
        } else if (end - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
                   (unsigned char)p[2] == 0x93) {
            p += 3;
        } else if (end - p >= 2 && tolower((unsigned char)p[0]) == 't' &&
                   tolower((unsigned char)p[1]) == 'o') {
            p += 2;
        } else {
            return BLS_ERR_INVALID_ARG;
        }
        skip_spaces(&p, end);
        int to = read_year(&p, end, 1, &digits);
        if (to < 0)
            return BLS_ERR_INVALID_ARG;
        if (digits == 2)
            to += (from / 100) * 100 + (to < from % 100 ? 100 : 0);
        if (to < from)
            return BLS_ERR_INVALID_ARG;
        result.year_to = to;
        skip_spaces(&p, end);
    }
    if (p != end)
        return BLS_ERR_INVALID_ARG;
    *out = result;
    return BLS_OK;
}

int bls_period_known(const bls_period *p) { return p && p->year_from != 0; }

static int cmp_int(int a, int b) { return (a > b) - (a < b); }

int bls_period_compare(const bls_period *a, const bls_period *b)
{
    int c = cmp_int(a->year_to, b->year_to);
    if (!c)
        c = cmp_int(a->year_from, b->year_from);
    if (!c)
        c = cmp_int(a->month, b->month);
    return c;
}

int bls_period_matches(const bls_period *claim, const bls_period *data)
{
    if (claim->year_from != data->year_from || claim->year_to != data->year_to)
        return 0;
    return claim->month == 0 || data->month == 0 || claim->month == data->month;
}

size_t bls_period_format(const bls_period *p, char *buf, size_t size)
{
    static const char *const month_caps[12] = {"January", "February", "March", "April",
                                               "May",     "June",     "July",  "August",
                                               "September", "October", "November", "December"};
    int n;
    if (!buf || size == 0)
        return 0;
    if (!bls_period_known(p))
        n = snprintf(buf, size, "%s", "");
    else if (p->year_to != p->year_from)
        n = snprintf(buf, size, "%d-%d", p->year_from, p->year_to);
    else if (p->month >= 1 && p->month <= 12)
        n = snprintf(buf, size, "%s %d", month_caps[p->month - 1], p->year_from);
    else
        n = snprintf(buf, size, "%d", p->year_from);
    if (n < 0 || (size_t)n >= size) {
        buf[0] = '\0';
        return 0;
    }
    return (size_t)n;
}
