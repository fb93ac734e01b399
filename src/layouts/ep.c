/*
 * ep.c - the Employment Projections occupation tables as a program
 * descriptor.
 *
 * The tables of every release (2012-22 Tables 1.1-1.7, 1.10, 1.12; 2019-29
 * Tables 1.1-1.7, 1.10, 5.4 ...): a title row, up to three stacked header
 * rows with merged labels, "title and code" over two cells or title and code
 * apart, figures in thousands, notes and footnotes below the data. Header
 * keys are letters only: the years in them are read separately, each
 * figure's period from its own header.
 */
#include "blsreport/layouts/program.h"

static const bls_spelling spellings[] = {
    /* EP tables: keys are letters only; years are read separately. */
    {BLS_COL_OCC_TITLE, "nationalemploymentmatrixtitleandcode",
     BLS_SPELL_LETTERS | BLS_SPELL_CODE_IN_TITLE, BLS_COL_COUNT},
    {BLS_COL_OCC_TITLE, "employmentmatrixtitleandcode",
     BLS_SPELL_LETTERS | BLS_SPELL_CODE_IN_TITLE, BLS_COL_COUNT},
    {BLS_COL_OCC_TITLE, "occupationtitleandcode",
     BLS_SPELL_LETTERS | BLS_SPELL_CODE_IN_TITLE, BLS_COL_COUNT},
    {BLS_COL_OCC_TITLE, "titleandcode", BLS_SPELL_LETTERS | BLS_SPELL_CODE_IN_TITLE,
     BLS_COL_COUNT},
    {BLS_COL_OCC_TITLE, "nationalemploymentmatrixtitle", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_OCC_TITLE, "nationalemploymentmatrixoccupationtitle", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_OCC_TITLE, "occupationtitle", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_OCC_CODE, "nationalemploymentmatrixcode", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_OCC_CODE, "nationalemploymentmatrixoccupationcode", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_OCC_CODE, "occupationcode", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_OCC_TYPE, "occupationtype", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    /* "Employment, 2012" then "Employment, 2022": the second is the projection */
    {BLS_COL_EP_EMP_BASE, "employment", BLS_SPELL_LETTERS, BLS_COL_EP_EMP_PROJ},
    /* 2012-22 Table 1.2 stacks "Employment" > "Number" > "2012" | "2022" */
    {BLS_COL_EP_EMP_BASE, "employmentnumber", BLS_SPELL_LETTERS,
     BLS_COL_EP_EMP_PROJ},
    {BLS_COL_EP_EMP_PROJ, "projectedemployment", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_CHANGE_NUM, "employmentchangenumber", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_CHANGE_NUM, "employmentchangenumeric", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_CHANGE_NUM, "numericemploymentchange", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_CHANGE_NUM, "changenumber", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_CHANGE_PCT, "employmentchangepercent", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_CHANGE_PCT, "percentemploymentchange", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_CHANGE_PCT, "changepercent", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_SELF_EMP_PCT, "percentselfemployed", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_OPENINGS, "jobopeningsduetogrowthandreplacements", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_OPENINGS, "jobopeningsduetogrowthandreplacementneeds", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_OPENINGS, "occupationalopeningsannualaverage", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_OPENINGS, "occupationalopenings", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_MEDIAN_WAGE, "medianannualwage", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    /* later releases: "Median annual wage, dollars, 2023[1]" */
    {BLS_COL_EP_MEDIAN_WAGE, "medianannualwagedollars", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_EDUCATION, "typicaleducationneededforentry", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_EXPERIENCE, "workexperienceinarelatedoccupation", BLS_SPELL_LETTERS, BLS_COL_COUNT},
    {BLS_COL_EP_TRAINING, "typicalonthejobtrainingneededtoattaincompetencyintheoccupation", BLS_SPELL_LETTERS, BLS_COL_COUNT},
};

static const bls_fact_column facts[] = {
    {BLS_COL_EP_EMP_BASE, BLS_METRIC_EMPLOYMENT, BLS_PERIOD_BASE, 1},
    {BLS_COL_EP_EMP_PROJ, BLS_METRIC_PROJECTED_EMPLOYMENT, BLS_PERIOD_SPAN, 1},
    {BLS_COL_EP_CHANGE_NUM, BLS_METRIC_EMPLOYMENT_CHANGE, BLS_PERIOD_SPAN, 1},
    {BLS_COL_EP_CHANGE_PCT, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, BLS_PERIOD_SPAN, 0},
    /* a May OES median: of the year its header names, else the base year */
    {BLS_COL_EP_MEDIAN_WAGE, BLS_METRIC_MEDIAN_ANNUAL_WAGE, BLS_PERIOD_BASE, 0},
};

static const bls_column_role roles[] = {
    {BLS_COL_EP_EMP_BASE, BLS_ROLE_EP | BLS_ROLE_NOT_NEGATIVE},
    {BLS_COL_EP_EMP_PROJ, BLS_ROLE_EP | BLS_ROLE_NOT_NEGATIVE},
    {BLS_COL_EP_CHANGE_NUM, BLS_ROLE_EP},
    {BLS_COL_EP_CHANGE_PCT, BLS_ROLE_EP},
    {BLS_COL_EP_SELF_EMP_PCT, BLS_ROLE_EP},
    {BLS_COL_EP_OPENINGS, BLS_ROLE_EP | BLS_ROLE_NOT_NEGATIVE},
    {BLS_COL_EP_MEDIAN_WAGE, BLS_ROLE_EP | BLS_ROLE_TOP_CODED | BLS_ROLE_NOT_NEGATIVE},
};

const bls_program bls_program_ep = {
    .kind = BLS_KIND_PROJECTIONS,
    .layouts = BLS_LAYOUTS_EP,
    .spellings = spellings,
    .spelling_count = sizeof spellings / sizeof spellings[0],
    .required = {BLS_COL_OCC_TITLE},
    .required_count = 1,
    .figures_first = BLS_COL_EP_EMP_BASE,
    .figures_last = BLS_COL_EP_MEDIAN_WAGE,
    .also_figures = BLS_COL_EP_EDUCATION, /* Tables 1.12 (2012-22) and 5.4 (2019-29) */
    .stacked_header = 1,
    .note_rows = 1,
    .period_source = BLS_PERIOD_SOURCE_HEADER,
    .naming = BLS_NAMING_EP,
    .facts = facts,
    .fact_count = sizeof facts / sizeof facts[0],
    .roles = roles,
    .role_count = sizeof roles / sizeof roles[0],
};
