/*
 * survey.c - survey facts: top-code caps and periods in file names.
 *
 * Vocabulary floor under every stage (see survey.h).
 */
#include "blsreport/base/survey.h"

#include <string.h>

/*
 * OEWS publishes "#" for a wage at or above a cap, which each release's
 * field_descriptions file states as an hourly figure and its x 2080 annual
 * equivalent (checked against the May 2002-2023 national files: no
 * published percentile reaches its year's cap).
 */
static const struct top_code_cap {
    int first_year;      /* first May survey the cap applies to */
    long annual_dollars; /* = hourly cap x 2080 */
} top_code_caps[] = {
    {2002, 145600}, /* 2002-2007: $70.00/hour */
    {2008, 166400}, /* 2008-2010: $80.00/hour */
    {2011, 187200}, /* 2011-2015: $90.00/hour */
    {2016, 208000}, /* 2016-2020: $100.00/hour */
    {2021, 239200}, /* 2021 on: $115.00/hour */
};

long bls_top_code_annual(int year)
{
    long cap = 0;
    for (size_t i = 0; i < sizeof top_code_caps / sizeof top_code_caps[0]; i++)
        if (year >= top_code_caps[i].first_year)
            cap = top_code_caps[i].annual_dollars;
    return cap;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    if (c >= 'A' && c <= 'Z')
        return (char)(c + ('a' - 'A'));
    return c;
}

static int starts_with_ci(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (lower(*s) != *prefix)
            return 0;
    return 1;
}

/* Exactly n digits at s, not followed by another digit: their value. */
static int digits_at(const char *s, size_t n, int *value)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    if (is_digit(s[n]))
        return 0;
    *value = v;
    return 1;
}

static int plausible(int year)
{
    return year >= 1997 && year <= 2099;
}

static int may_of(int year, bls_period *out)
{
    if (!plausible(year))
        return 0;
    *out = (bls_period){year, year, 5};
    return 1;
}

int bls_survey_period_from_name(const char *path, bls_period *out)
{
    if (!path || !out)
        return 0;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    int year;
    /* oesm14nat.zip, oesm09st.zip, oesm19all.zip: two-digit year */
    if (starts_with_ci(base, "oesm") && digits_at(base + 4, 2, &year))
        return may_of(year < 97 ? 2000 + year : 1900 + year, out);
    for (const char *p = base; *p; p++) {
        int word_start = p == base || !is_alpha(p[-1]);
        /* M2014, M_2019, May2007, may2003 (a word that starts here) */
        if (word_start && lower(*p) == 'm') {
            const char *y = p + 1;
            if (starts_with_ci(p, "may"))
                y = p + 3;
            if (*y == '_')
                y++;
            if (digits_at(y, 4, &year) && may_of(year, out))
                return 1;
        }
        /* national_2002_dl: a four-digit year alone between separators */
        if (is_digit(*p) && (p == base || (!is_digit(p[-1]) && !is_alpha(p[-1]))) &&
            digits_at(p, 4, &year) && !is_alpha(p[4]) && may_of(year, out))
            return 1;
    }
    /* the zip (or a folder) it came from: ".../oesm99nat/national.xls" */
    for (const char *p = path; (p = strstr(p, "oesm")) != NULL; p++) {
        if (p > path && (is_alpha(p[-1]) || is_digit(p[-1])))
            continue;
        if (digits_at(p + 4, 2, &year))
            return may_of(year < 97 ? 2000 + year : 1900 + year, out);
    }
    return 0;
}
