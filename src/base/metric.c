/*
 * metric.c - the metric table: contract names, labels and units.
 */
#include "blsreport/base/metric.h"

#include <ctype.h>
#include <string.h>

static const struct {
    const char *name;
    const char *label;
    bls_unit unit;
} metric_table[BLS_METRIC_COUNT] = {
    [BLS_METRIC_MEDIAN_ANNUAL_WAGE] = {"median_annual_wage", "Median annual wage", BLS_UNIT_DOLLARS_YEAR},
    [BLS_METRIC_MEAN_ANNUAL_WAGE] = {"mean_annual_wage", "Mean annual wage", BLS_UNIT_DOLLARS_YEAR},
    [BLS_METRIC_MEDIAN_HOURLY_WAGE] = {"median_hourly_wage", "Median hourly wage", BLS_UNIT_DOLLARS_HOUR},
    [BLS_METRIC_EMPLOYMENT] = {"employment", "Employment", BLS_UNIT_PERSONS},
    [BLS_METRIC_PROJECTED_EMPLOYMENT] = {"projected_employment", "Projected employment", BLS_UNIT_PERSONS},
    [BLS_METRIC_EMPLOYMENT_CHANGE] = {"employment_change", "Employment change", BLS_UNIT_PERSONS},
    [BLS_METRIC_EMPLOYMENT_CHANGE_PCT] = {"employment_change_pct", "Employment change, percent", BLS_UNIT_PERCENT},
    [BLS_METRIC_ANNUAL_WAGE_PCT10] = {"annual_wage_pct10", "Annual wage, 10th percentile", BLS_UNIT_DOLLARS_YEAR},
    [BLS_METRIC_ANNUAL_WAGE_PCT25] = {"annual_wage_pct25", "Annual wage, 25th percentile", BLS_UNIT_DOLLARS_YEAR},
    [BLS_METRIC_ANNUAL_WAGE_PCT75] = {"annual_wage_pct75", "Annual wage, 75th percentile", BLS_UNIT_DOLLARS_YEAR},
    [BLS_METRIC_ANNUAL_WAGE_PCT90] = {"annual_wage_pct90", "Annual wage, 90th percentile", BLS_UNIT_DOLLARS_YEAR},
};

const char *bls_metric_name(bls_metric metric)
{
    return (unsigned)metric < BLS_METRIC_COUNT ? metric_table[metric].name : "unknown";
}

const char *bls_metric_label(bls_metric metric)
{
    return (unsigned)metric < BLS_METRIC_COUNT ? metric_table[metric].label : "Unknown";
}

bls_unit bls_metric_unit(bls_metric metric)
{
    return (unsigned)metric < BLS_METRIC_COUNT ? metric_table[metric].unit : BLS_UNIT_PERSONS;
}

/* Case-insensitive comparison where '-' and ' ' stand for '_'. */
static int name_equal(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
        if (ca == '-' || ca == ' ')
            ca = '_';
        if (cb == '-' || cb == ' ')
            cb = '_';
        if (ca != cb)
            return 0;
        if (ca == '\0')
            return 1;
    }
}

bls_status bls_metric_from_name(const char *name, bls_metric *out)
{
    if (!name || !out)
        return BLS_ERR_INVALID_ARG;
    while (*name == ' ')
        name++;
    for (int m = 0; m < BLS_METRIC_COUNT; m++) {
        if (name_equal(name, metric_table[m].name)) {
            *out = (bls_metric)m;
            return BLS_OK;
        }
    }
    return BLS_ERR_INVALID_ARG;
}
