/*
 * columns.c - canonical column names and kinds (columns.h).
 */
#include "blsreport/base/columns.h"

/* ---- canonical columns ---------------------------------------------------- */

static const struct {
    const char *name;
    int numeric;
} column_info[BLS_COL_COUNT] = {
    [BLS_COL_AREA] = {"AREA", 0},
    [BLS_COL_AREA_TITLE] = {"AREA_TITLE", 0},
    [BLS_COL_AREA_TYPE] = {"AREA_TYPE", 0},
    [BLS_COL_PRIM_STATE] = {"PRIM_STATE", 0},
    [BLS_COL_NAICS] = {"NAICS", 0},
    [BLS_COL_NAICS_TITLE] = {"NAICS_TITLE", 0},
    [BLS_COL_I_GROUP] = {"I_GROUP", 0},
    [BLS_COL_OWN_CODE] = {"OWN_CODE", 0},
    [BLS_COL_OCC_CODE] = {"OCC_CODE", 0},
    [BLS_COL_OCC_TITLE] = {"OCC_TITLE", 0},
    [BLS_COL_OCC_GROUP] = {"OCC_GROUP", 0},
    [BLS_COL_TOT_EMP] = {"TOT_EMP", 1},
    [BLS_COL_EMP_PRSE] = {"EMP_PRSE", 1},
    [BLS_COL_JOBS_1000] = {"JOBS_1000", 1},
    [BLS_COL_LOC_QUOTIENT] = {"LOC_QUOTIENT", 1},
    [BLS_COL_PCT_TOTAL] = {"PCT_TOTAL", 1},
    [BLS_COL_PCT_RPT] = {"PCT_RPT", 1},
    [BLS_COL_H_MEAN] = {"H_MEAN", 1},
    [BLS_COL_A_MEAN] = {"A_MEAN", 1},
    [BLS_COL_MEAN_PRSE] = {"MEAN_PRSE", 1},
    [BLS_COL_H_PCT10] = {"H_PCT10", 1},
    [BLS_COL_H_PCT25] = {"H_PCT25", 1},
    [BLS_COL_H_MEDIAN] = {"H_MEDIAN", 1},
    [BLS_COL_H_PCT75] = {"H_PCT75", 1},
    [BLS_COL_H_PCT90] = {"H_PCT90", 1},
    [BLS_COL_A_PCT10] = {"A_PCT10", 1},
    [BLS_COL_A_PCT25] = {"A_PCT25", 1},
    [BLS_COL_A_MEDIAN] = {"A_MEDIAN", 1},
    [BLS_COL_A_PCT75] = {"A_PCT75", 1},
    [BLS_COL_A_PCT90] = {"A_PCT90", 1},
    [BLS_COL_ANNUAL] = {"ANNUAL", 0},
    [BLS_COL_HOURLY] = {"HOURLY", 0},
    [BLS_COL_EP_OCC_TYPE] = {"Occupation type", 0},
    [BLS_COL_EP_EMP_BASE] = {"Employment, base year", 1},
    [BLS_COL_EP_EMP_PROJ] = {"Employment, projected year", 1},
    [BLS_COL_EP_CHANGE_NUM] = {"Employment change: Number", 1},
    [BLS_COL_EP_CHANGE_PCT] = {"Employment change: Percent", 1},
    [BLS_COL_EP_SELF_EMP_PCT] = {"Percent self employed", 1},
    [BLS_COL_EP_OPENINGS] = {"Job openings due to growth and replacements", 1},
    [BLS_COL_EP_MEDIAN_WAGE] = {"Median annual wage", 1},
    [BLS_COL_EP_EDUCATION] = {"Typical education needed for entry", 0},
    [BLS_COL_EP_EXPERIENCE] = {"Work experience in a related occupation", 0},
    [BLS_COL_EP_TRAINING] = {"Typical on-the-job training", 0},
    [BLS_COL_CLAIM_SOURCE] = {"source", 0},
    [BLS_COL_CLAIM_OCCUPATION] = {"occupation", 0},
    [BLS_COL_CLAIM_SOC] = {"soc_code", 0},
    [BLS_COL_CLAIM_METRIC] = {"metric", 0},
    [BLS_COL_CLAIM_PERIOD] = {"period", 0},
    [BLS_COL_CLAIM_CLAIMED] = {"claimed", 0},
    [BLS_COL_CLAIM_QUOTE] = {"quote", 0},
};

const char *bls_column_name(bls_column col)
{
    if ((int)col < 0 || col >= BLS_COL_COUNT)
        return "";
    return column_info[col].name;
}

int bls_column_is_numeric(bls_column col)
{
    if ((int)col < 0 || col >= BLS_COL_COUNT)
        return 0;
    return column_info[col].numeric;
}

const char *bls_kind_name(bls_kind kind)
{
    switch (kind) {
    case BLS_KIND_UNKNOWN: return "unknown";
    case BLS_KIND_WAGES: return "wages";
    case BLS_KIND_PROJECTIONS: return "projections";
    case BLS_KIND_CLAIMS: return "claims";
    case BLS_KIND_DOCUMENT: return "document";
    }
    return "unknown";
}
