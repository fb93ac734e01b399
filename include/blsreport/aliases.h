/*
 * aliases.h - match the names documents give occupations to SOC codes.
 *
 * Names are matched after normalisation (case, punctuation, plurals,
 * "techs" -> "technicians", ...) against the titles in the model and a
 * built-in alias table (e.g. "physical therapy assistant" -> 31-2021
 * Physical Therapist Assistants). The table is data in aliases.c.
 */
#ifndef BLS_ALIASES_H
#define BLS_ALIASES_H

#include <stddef.h>

#include "blsreport/model.h"
#include "blsreport/status.h"

/** At most this many candidate SOC codes are reported for one name. */
#define BLS_ALIAS_MAX_CANDIDATES 8

typedef struct bls_name_match {
    size_t count;                                 /**< 0 = unknown, 1 = unique, >1 = ambiguous */
    char soc_codes[BLS_ALIAS_MAX_CANDIDATES][8];
} bls_name_match;

/**
 * @brief Resolve an occupation name to SOC code(s).
 * @param model titles to match against (may be NULL: aliases only).
 */
void bls_aliases_resolve(const bls_model *model, const char *name, size_t len,
                         bls_name_match *out);

/**
 * @brief Normalise a name for matching into @p buf ("Physical Therapy
 * Assistants" -> "physical therapy assistant").
 * @return length written, or 0 when @p size is too small.
 */
size_t bls_aliases_normalise(const char *name, size_t len, char *buf, size_t size);

#endif /* BLS_ALIASES_H */
