/*
 * oews.c - the OEWS (OES) wage estimates as a program descriptor.
 *
 * Every year's column spellings (May 2002's "occ_titl" and "h_wpct10", the
 * lower-case names of 2003-2009, "group" / "OCC_GROUP" / "O_GROUP", the
 * 2019+ area and industry columns), the figures the model keeps, and what
 * each column means to the rules. See ../shared/bls/LAYOUTS.md.
 */
#include "blsreport/layouts/program.h"

static const bls_spelling spellings[] = {
    /* OEWS: every year's names; keys keep digits ("hpct10"). */
    {BLS_COL_AREA, "area", 0, BLS_COL_COUNT},
    {BLS_COL_AREA, "areacode", 0, BLS_COL_COUNT},
    {BLS_COL_AREA_TITLE, "areatitle", 0, BLS_COL_COUNT},
    {BLS_COL_AREA_TITLE, "areaname", 0, BLS_COL_COUNT},
    {BLS_COL_AREA_TITLE, "state", 0, BLS_COL_COUNT}, /* state files before 2019: the state's name */
    {BLS_COL_AREA_TYPE, "areatype", 0, BLS_COL_COUNT},
    {BLS_COL_PRIM_STATE, "primstate", BLS_SPELL_2019, BLS_COL_COUNT},
    {BLS_COL_PRIM_STATE, "st", 0, BLS_COL_COUNT},
    {BLS_COL_NAICS, "naics", 0, BLS_COL_COUNT},
    {BLS_COL_NAICS, "naicscode", 0, BLS_COL_COUNT},
    {BLS_COL_NAICS_TITLE, "naicstitle", 0, BLS_COL_COUNT},
    {BLS_COL_I_GROUP, "igroup", BLS_SPELL_2019, BLS_COL_COUNT},
    {BLS_COL_OWN_CODE, "owncode", 0, BLS_COL_COUNT},
    {BLS_COL_OCC_CODE, "occcode", 0, BLS_COL_COUNT},
    {BLS_COL_OCC_CODE, "occupationcode", 0, BLS_COL_COUNT},
    {BLS_COL_OCC_TITLE, "occtitle", 0, BLS_COL_COUNT},
    {BLS_COL_OCC_TITLE, "occtitl", 0, BLS_COL_COUNT}, /* May 2002 */
    {BLS_COL_OCC_TITLE, "occupationtitle", 0, BLS_COL_COUNT},
    {BLS_COL_OCC_GROUP, "occgroup", 0, BLS_COL_COUNT},
    {BLS_COL_OCC_GROUP, "ogroup", BLS_SPELL_2019, BLS_COL_COUNT},
    {BLS_COL_OCC_GROUP, "group", 0, BLS_COL_COUNT},
    {BLS_COL_TOT_EMP, "totemp", 0, BLS_COL_COUNT},
    {BLS_COL_EMP_PRSE, "empprse", 0, BLS_COL_COUNT},
    {BLS_COL_JOBS_1000, "jobs1000", 0, BLS_COL_COUNT},
    {BLS_COL_LOC_QUOTIENT, "locquotient", 0, BLS_COL_COUNT},
    {BLS_COL_PCT_TOTAL, "pcttotal", 0, BLS_COL_COUNT},
    {BLS_COL_PCT_RPT, "pctrpt", BLS_SPELL_2019, BLS_COL_COUNT},
    {BLS_COL_H_MEAN, "hmean", 0, BLS_COL_COUNT},
    {BLS_COL_A_MEAN, "amean", 0, BLS_COL_COUNT},
    {BLS_COL_MEAN_PRSE, "meanprse", 0, BLS_COL_COUNT},
    {BLS_COL_H_PCT10, "hpct10", 0, BLS_COL_COUNT},
    {BLS_COL_H_PCT25, "hpct25", 0, BLS_COL_COUNT},
    {BLS_COL_H_MEDIAN, "hmedian", 0, BLS_COL_COUNT},
    {BLS_COL_H_PCT75, "hpct75", 0, BLS_COL_COUNT},
    {BLS_COL_H_PCT90, "hpct90", 0, BLS_COL_COUNT},
    {BLS_COL_A_PCT10, "apct10", 0, BLS_COL_COUNT},
    {BLS_COL_A_PCT25, "apct25", 0, BLS_COL_COUNT},
    {BLS_COL_A_MEDIAN, "amedian", 0, BLS_COL_COUNT},
    {BLS_COL_A_PCT75, "apct75", 0, BLS_COL_COUNT},
    {BLS_COL_A_PCT90, "apct90", 0, BLS_COL_COUNT},
    /* May 2002 spells the percentiles "h_wpct10" ... "a_wpct90" */
    {BLS_COL_H_PCT10, "hwpct10", 0, BLS_COL_COUNT},
    {BLS_COL_H_PCT25, "hwpct25", 0, BLS_COL_COUNT},
    {BLS_COL_H_PCT75, "hwpct75", 0, BLS_COL_COUNT},
    {BLS_COL_H_PCT90, "hwpct90", 0, BLS_COL_COUNT},
    {BLS_COL_A_PCT10, "awpct10", 0, BLS_COL_COUNT},
    {BLS_COL_A_PCT25, "awpct25", 0, BLS_COL_COUNT},
    {BLS_COL_A_PCT75, "awpct75", 0, BLS_COL_COUNT},
    {BLS_COL_A_PCT90, "awpct90", 0, BLS_COL_COUNT},
    {BLS_COL_ANNUAL, "annual", 0, BLS_COL_COUNT},
    {BLS_COL_HOURLY, "hourly", 0, BLS_COL_COUNT},
};

static const bls_fact_column facts[] = {
    {BLS_COL_TOT_EMP, BLS_METRIC_EMPLOYMENT, BLS_PERIOD_DATA, 0},
    {BLS_COL_A_MEAN, BLS_METRIC_MEAN_ANNUAL_WAGE, BLS_PERIOD_DATA, 0},
    {BLS_COL_A_MEDIAN, BLS_METRIC_MEDIAN_ANNUAL_WAGE, BLS_PERIOD_DATA, 0},
    {BLS_COL_H_MEDIAN, BLS_METRIC_MEDIAN_HOURLY_WAGE, BLS_PERIOD_DATA, 0},
    {BLS_COL_A_PCT10, BLS_METRIC_ANNUAL_WAGE_PCT10, BLS_PERIOD_DATA, 0},
    {BLS_COL_A_PCT25, BLS_METRIC_ANNUAL_WAGE_PCT25, BLS_PERIOD_DATA, 0},
    {BLS_COL_A_PCT75, BLS_METRIC_ANNUAL_WAGE_PCT75, BLS_PERIOD_DATA, 0},
    {BLS_COL_A_PCT90, BLS_METRIC_ANNUAL_WAGE_PCT90, BLS_PERIOD_DATA, 0},
};

#define WAGE (BLS_ROLE_WAGE_NA | BLS_ROLE_TOP_CODED | BLS_ROLE_NOT_NEGATIVE)

static const bls_column_role roles[] = {
    {BLS_COL_TOT_EMP, BLS_ROLE_EMPLOYMENT | BLS_ROLE_NOT_NEGATIVE},
    {BLS_COL_EMP_PRSE, BLS_ROLE_EMPLOYMENT},
    {BLS_COL_JOBS_1000, BLS_ROLE_EMPLOYMENT | BLS_ROLE_NOT_NEGATIVE},
    {BLS_COL_LOC_QUOTIENT, BLS_ROLE_EMPLOYMENT},
    {BLS_COL_PCT_TOTAL, BLS_ROLE_EMPLOYMENT | BLS_ROLE_SHARE},
    {BLS_COL_PCT_RPT, BLS_ROLE_SHARE},
    {BLS_COL_H_MEAN, WAGE},
    {BLS_COL_A_MEAN, WAGE},
    {BLS_COL_MEAN_PRSE, BLS_ROLE_WAGE_NA},
    {BLS_COL_H_PCT10, WAGE},
    {BLS_COL_H_PCT25, WAGE},
    {BLS_COL_H_MEDIAN, WAGE},
    {BLS_COL_H_PCT75, WAGE},
    {BLS_COL_H_PCT90, WAGE},
    {BLS_COL_A_PCT10, WAGE},
    {BLS_COL_A_PCT25, WAGE},
    {BLS_COL_A_MEDIAN, WAGE},
    {BLS_COL_A_PCT75, WAGE},
    {BLS_COL_A_PCT90, WAGE},
};

const bls_program bls_program_oews = {
    .kind = BLS_KIND_WAGES,
    .layouts = BLS_LAYOUTS_OEWS,
    .spellings = spellings,
    .spelling_count = sizeof spellings / sizeof spellings[0],
    .required = {BLS_COL_OCC_CODE},
    .required_count = 1,
    .figures_first = BLS_COL_TOT_EMP,
    .figures_last = BLS_COL_A_PCT90,
    .also_figures = BLS_COL_COUNT,
    .period_source = BLS_PERIOD_SOURCE_NAME,
    .preferred_titles = 1,
    .naming = BLS_NAMING_OEWS,
    .national_rows_name = "OEWS national (all-data columns)",
    .facts = facts,
    .fact_count = sizeof facts / sizeof facts[0],
    .roles = roles,
    .role_count = sizeof roles / sizeof roles[0],
};
