/*
 * soc.c - SOC codes and levels (see soc.h). Vocabulary floor.
 */
#include "blsreport/base/soc.h"

#include <string.h>

#include "blsreport/base/text.h"

static const char *const occ_group_names[] = {
    [BLS_GROUP_UNKNOWN] = "",    [BLS_GROUP_TOTAL] = "total", [BLS_GROUP_MAJOR] = "major",
    [BLS_GROUP_MINOR] = "minor", [BLS_GROUP_BROAD] = "broad", [BLS_GROUP_DETAILED] = "detailed",
};

#define OCC_GROUP_NAME_COUNT (sizeof occ_group_names / sizeof occ_group_names[0])

const char *bls_occ_group_name(bls_occ_group group)
{
    if ((unsigned)group >= OCC_GROUP_NAME_COUNT)
        return "";
    return occ_group_names[group];
}

bls_occ_group bls_occ_group_from_name(const char *text, size_t len)
{
    for (size_t g = BLS_GROUP_TOTAL; g < OCC_GROUP_NAME_COUNT; g++)
        if (bls_text_is_ci(text, len, occ_group_names[g]))
            return (bls_occ_group)g;
    return BLS_GROUP_UNKNOWN;
}

/* EP tables say "Summary" (an aggregate: its level follows from the code) or
 * "Line item" (the finest level the table shows) in "Occupation type". */
static const struct ep_occ_type {
    const char *text;
    bls_occ_group group; /* BLS_GROUP_UNKNOWN: derive from the code */
} ep_occ_types[] = {
    {"summary", BLS_GROUP_UNKNOWN},
    {"line item", BLS_GROUP_DETAILED},
};

int bls_ep_occ_type(const char *text, size_t len, bls_occ_group *group)
{
    for (size_t i = 0; i < sizeof ep_occ_types / sizeof ep_occ_types[0]; i++)
        if (bls_text_is_ci(text, len, ep_occ_types[i].text)) {
            if (group)
                *group = ep_occ_types[i].group;
            return 1;
        }
    return 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int bls_soc_valid(const char *s, size_t len)
{
    if (!s || len != 7 || s[2] != '-')
        return 0;
    for (size_t i = 0; i < 7; i++)
        if (i != 2 && !is_digit(s[i]))
            return 0;
    return 1;
}

uint32_t bls_soc_number(const char *soc)
{
    uint32_t n = 0;
    for (size_t i = 0; i < 7; i++)
        if (i != 2)
            n = n * 10u + (uint32_t)(soc[i] - '0');
    return n;
}

unsigned bls_soc_major(const char *soc)
{
    return (unsigned)(soc[0] - '0') * 10u + (unsigned)(soc[1] - '0');
}

/* SOC major groups (2000, 2010 and 2018 SOC; 55 is military, which OEWS
 * never publishes but EP does) plus 00 for "All Occupations". */
static const unsigned soc_major_groups[] = {0,  11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31,
                                            33, 35, 37, 39, 41, 43, 45, 47, 49, 51, 53, 55};

int bls_soc_major_exists(unsigned major)
{
    for (size_t i = 0; i < sizeof soc_major_groups / sizeof soc_major_groups[0]; i++)
        if (soc_major_groups[i] == major)
            return 1;
    return 0;
}

/*
 * The level a code sits at by its shape: 00-0000 total, NN-0000 major,
 * NN-NN00 minor (NN-N000 in most groups, NN-NN00 in a few such as 15-1200),
 * NN-NNN0 broad, anything else detailed.
 */
bls_occ_group bls_soc_level(const char *soc)
{
    if (!soc || !bls_soc_valid(soc, strlen(soc)))
        return BLS_GROUP_UNKNOWN;
    if (strcmp(soc, "00-0000") == 0)
        return BLS_GROUP_TOTAL;
    if (strcmp(soc + 3, "0000") == 0)
        return BLS_GROUP_MAJOR;
    if (soc[5] == '0' && soc[6] == '0')
        return BLS_GROUP_MINOR;
    if (soc[6] == '0')
        return BLS_GROUP_BROAD;
    return BLS_GROUP_DETAILED;
}

int bls_soc_pattern_matches(const char *pattern, const char *soc)
{
    size_t n = strlen(pattern);
    if (n && pattern[n - 1] == '*')
        return strncmp(pattern, soc, n - 1) == 0;
    return strcmp(pattern, soc) == 0;
}
