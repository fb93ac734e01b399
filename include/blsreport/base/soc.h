/*
 * soc.h - Standard Occupational Classification codes and their levels.
 *
 * Vocabulary floor: the reader of a code ("29-2053"), the level it sits at
 * (total, major, minor, broad, detailed) and the words BLS writes for the
 * level (OCC_GROUP / O_GROUP, EP's "Occupation type").
 */
#ifndef BLS_SOC_H
#define BLS_SOC_H

#include <stddef.h>
#include <stdint.h>

/** SOC occupation groups (OCC_GROUP / O_GROUP, or EP "Occupation type"). */
typedef enum bls_occ_group {
    BLS_GROUP_UNKNOWN = 0,
    BLS_GROUP_TOTAL,
    BLS_GROUP_MAJOR,
    BLS_GROUP_MINOR,
    BLS_GROUP_BROAD,
    BLS_GROUP_DETAILED,
} bls_occ_group;

/** @brief "total", "major", "minor", "broad", "detailed" or "". */
const char *bls_occ_group_name(bls_occ_group group);

/** @brief The group a word names ("Major", "detailed"), or BLS_GROUP_UNKNOWN. */
bls_occ_group bls_occ_group_from_name(const char *text, size_t len);

/**
 * @brief EP's "Occupation type": "Summary" (an aggregate, level from the
 * code: *group = UNKNOWN) or "Line item" (*group = DETAILED).
 * @return 1 when @p text is one of them, else 0.
 */
int bls_ep_occ_type(const char *text, size_t len, bls_occ_group *group);

/** @brief True when @p s is exactly "NN-NNNN". */
int bls_soc_valid(const char *s, size_t len);

/** @brief The six digits of a valid code as one number: 29-2053 -> 292053. */
uint32_t bls_soc_number(const char *soc);

/** @brief The major group of a valid code: 29-2053 -> 29. */
unsigned bls_soc_major(const char *soc);

/** @brief True for a SOC major group (00 "All Occupations", 11 ... 55). */
int bls_soc_major_exists(unsigned major);

/**
 * @brief The level a code sits at by its shape: 00-0000 total, NN-0000
 * major, NN-NN00 minor, NN-NNN0 broad, anything else detailed; UNKNOWN for a
 * string that is not a code.
 */
bls_occ_group bls_soc_level(const char *soc);

/**
 * @brief A --select pattern against a code: "29-2053" matches itself only,
 * "29-*" (a prefix and a final '*') every code that starts with "29-".
 */
int bls_soc_pattern_matches(const char *pattern, const char *soc);

#endif /* BLS_SOC_H */
