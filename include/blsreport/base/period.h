/*
 * period.h - reference periods of BLS figures and of claims.
 *
 * OEWS estimates are for a month ("May 2014"); EP projections span a base
 * and a target year ("2012-22"). A single year ("2014") has month 0.
 */
#ifndef BLS_PERIOD_H
#define BLS_PERIOD_H

#include <stddef.h>

#include "blsreport/base/status.h"

typedef struct bls_period {
    int year_from; /**< 0 when unknown */
    int year_to;   /**< == year_from for a point in time */
    int month;     /**< 1..12, or 0 when not given */
} bls_period;

/**
 * @brief Parse "May 2014", "2014", "2012-2022", "2012-22", "2012 to 2022".
 * @return BLS_OK and *out set; BLS_ERR_INVALID_ARG when not a period.
 */
bls_status bls_period_parse(const char *text, size_t len, bls_period *out) BLS_MUST_CHECK;

/** @brief True when the period is known (year_from != 0). */
int bls_period_known(const bls_period *p);

/**
 * @brief Order periods by their end year, then start year, then month.
 * @return <0, 0, >0.
 */
int bls_period_compare(const bls_period *a, const bls_period *b);

/**
 * @brief True when a claim's period @p claim is satisfied by data period
 * @p data: same years, and same month unless either month is 0.
 */
int bls_period_matches(const bls_period *claim, const bls_period *data);

/** @brief Format as "May 2014", "2014" or "2012-2022"; "" when unknown. */
size_t bls_period_format(const bls_period *p, char *buf, size_t size);

#endif /* BLS_PERIOD_H */
