/*
 * claims.c - the claims CSV (claims.h) as a program descriptor: the figures
 * a document quotes, one per row. Its rows are read by claims.c, not by the
 * validator or the model: it has no facts and no column roles.
 */
#include "blsreport/layouts/program.h"

static const bls_spelling spellings[] = {
    {BLS_COL_CLAIM_SOURCE, "source", 0, BLS_COL_COUNT},
    {BLS_COL_CLAIM_OCCUPATION, "occupation", 0, BLS_COL_COUNT},
    {BLS_COL_CLAIM_SOC, "soccode", 0, BLS_COL_COUNT},
    {BLS_COL_CLAIM_SOC, "soc", 0, BLS_COL_COUNT},
    {BLS_COL_CLAIM_SOC, "occcode", 0, BLS_COL_COUNT},
    {BLS_COL_CLAIM_METRIC, "metric", 0, BLS_COL_COUNT},
    {BLS_COL_CLAIM_PERIOD, "period", 0, BLS_COL_COUNT},
    {BLS_COL_CLAIM_CLAIMED, "claimed", 0, BLS_COL_COUNT},
    {BLS_COL_CLAIM_CLAIMED, "value", 0, BLS_COL_COUNT},
    {BLS_COL_CLAIM_CLAIMED, "claimedvalue", 0, BLS_COL_COUNT},
    {BLS_COL_CLAIM_QUOTE, "quote", 0, BLS_COL_COUNT},
};

const bls_program bls_program_claims = {
    .kind = BLS_KIND_CLAIMS,
    .layouts = BLS_LAYOUTS_CLAIMS,
    .spellings = spellings,
    .spelling_count = sizeof spellings / sizeof spellings[0],
    .required = {BLS_COL_CLAIM_SOURCE, BLS_COL_CLAIM_OCCUPATION, BLS_COL_CLAIM_METRIC,
                 BLS_COL_CLAIM_CLAIMED},
    .required_count = 4,
    .figures_first = BLS_COL_CLAIM_CLAIMED,
    .figures_last = BLS_COL_CLAIM_CLAIMED,
    .also_figures = BLS_COL_COUNT,
    .period_source = BLS_PERIOD_SOURCE_NONE,
    .naming = BLS_NAMING_FIXED,
    .layout_name = "claims",
};
