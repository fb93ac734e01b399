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

#include "blsreport/base/status.h"
#include "blsreport/check/model.h"

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
 * The normalised titles of a model, made once, for resolving many names
 * (bls_aliases_resolve() normalises every title again at each call).
 * Caller owns; free with bls_alias_index_free(). Borrows the model: build it
 * after bls_model_finish() and keep the model alive and unchanged.
 */
typedef struct bls_alias_index bls_alias_index;

/** @return the index, or NULL when memory ran out. */
bls_alias_index *bls_alias_index_new(const bls_model *model);
/** @brief NULL is a no-op. */
void bls_alias_index_free(bls_alias_index *idx);

/** @brief bls_aliases_resolve() through an index: the same answer, faster. */
void bls_aliases_resolve_in(const bls_alias_index *idx, const char *name, size_t len,
                            bls_name_match *out);

/**
 * @brief Normalise a name for matching into @p buf ("Physical Therapy
 * Assistants" -> "physical therapy assistant").
 * @return length written, or 0 when @p size is too small.
 */
size_t bls_aliases_normalise(const char *name, size_t len, char *buf, size_t size);

#endif /* BLS_ALIASES_H */
