/*
 * metric.h - the figures blsreport knows, with their names and units.
 *
 * The names are part of the CLI/JSON contract (README, claims CSV).
 */
#ifndef BLS_METRIC_H
#define BLS_METRIC_H

#include <stddef.h>

#include "blsreport/base/status.h"

typedef enum bls_metric {
    BLS_METRIC_MEDIAN_ANNUAL_WAGE = 0,
    BLS_METRIC_MEAN_ANNUAL_WAGE,
    BLS_METRIC_MEDIAN_HOURLY_WAGE,
    BLS_METRIC_EMPLOYMENT,
    BLS_METRIC_PROJECTED_EMPLOYMENT,
    BLS_METRIC_EMPLOYMENT_CHANGE,
    BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
    BLS_METRIC_ANNUAL_WAGE_PCT10,
    BLS_METRIC_ANNUAL_WAGE_PCT25,
    BLS_METRIC_ANNUAL_WAGE_PCT75,
    BLS_METRIC_ANNUAL_WAGE_PCT90,
    BLS_METRIC_COUNT
} bls_metric;

typedef enum bls_unit {
    BLS_UNIT_DOLLARS_YEAR,
    BLS_UNIT_DOLLARS_HOUR,
    BLS_UNIT_PERSONS,
    BLS_UNIT_PERCENT, /**< percent points: 41 for "41%" */
} bls_unit;

/** @brief Contract name ("median_annual_wage"); never NULL for a valid metric. */
const char *bls_metric_name(bls_metric metric);
/** @brief Human label ("Median annual wage"). */
const char *bls_metric_label(bls_metric metric);
/** @brief Unit of the metric's values. */
bls_unit bls_metric_unit(bls_metric metric);
/**
 * @brief Look a metric up by contract name (case-insensitive, '-' == '_').
 * @return BLS_OK, or BLS_ERR_INVALID_ARG for an unknown name.
 */
bls_status bls_metric_from_name(const char *name, bls_metric *out) BLS_MUST_CHECK;

#endif /* BLS_METRIC_H */
