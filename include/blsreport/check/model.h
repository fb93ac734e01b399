/*
 * model.h - occupations keyed by SOC code, with their figures as facts.
 *
 * Pipeline stage: ... -> validate -> *model* -> crosscheck -> render.
 *
 * The model joins wage estimates (OEWS) and projections (EP) per SOC code.
 * Each figure is a fact: metric + reference period + exact value + source.
 * Only national, cross-industry rows become facts (area and industry rows
 * of an "all data" file are written to the workbook as they stream by, but
 * are not kept): memory grows with the number of occupations, never with
 * the number of rows.
 *
 * Ownership: the model owns every occupation, fact and string in it;
 * pointers returned by the accessors are borrowed and valid until the next
 * bls_model_add_* call or bls_model_free().
 */
#ifndef BLS_MODEL_H
#define BLS_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "blsreport/base/cells.h"
#include "blsreport/base/diag.h"
#include "blsreport/base/metric.h"
#include "blsreport/base/period.h"
#include "blsreport/base/record.h"
#include "blsreport/base/status.h"

typedef struct bls_fact {
    bls_metric metric;
    bls_period period;
    bls_number value;   /**< in the metric's unit (persons, dollars, percent points); may be a marker */
    const char *path;   /**< input file (owned by the model) */
    uint64_t line;      /**< line of the row it came from */
    uint32_t column;    /**< 1-based field of the value in that row; 0 if unknown */
    bls_kind program;   /**< BLS_KIND_WAGES (OEWS) or BLS_KIND_PROJECTIONS (EP) */
    /** Another input gave a different value for the same metric and period
     *  (data-conflict): that value and where, so that no check of this fact
     *  silently takes one side. conflict_path is NULL when there is none. */
    bls_number conflict_value;
    const char *conflict_path; /**< owned by the model */
    uint64_t conflict_line;
} bls_fact;

/** Two inputs that disagree on one fact (the first is the one kept). */
typedef struct bls_fact_conflict {
    char soc_code[8];
    bls_metric metric;
    bls_period period;
    bls_number first_value, second_value;
    const char *first_path, *second_path; /**< owned by the model */
    uint64_t first_line, second_line;
} bls_fact_conflict;

typedef struct bls_occupation {
    char soc_code[8];  /**< "NN-NNNN" */
    const char *title; /**< the first title seen (owned by the model) */
    bls_occ_group group;
    const char *education; /**< EP typical education for entry, or NULL */
    const bls_fact *facts;
    size_t fact_count;
} bls_occupation;

typedef struct bls_model bls_model;

/** @return an empty model (caller owns; bls_model_free()), or NULL. */
bls_model *bls_model_new(void);
/** @brief Free the model and everything in it; NULL is a no-op. */
void bls_model_free(bls_model *model);

/**
 * @brief Add the figures of an accepted wages or projections record.
 *
 * Records that are not national totals are ignored (BLS_OK). A fact that
 * repeats a (metric, period) already held for the SOC code keeps the first.
 *
 * @param period the data's reference period (OEWS: "May 2014"; EP: base year
 *        and target year come from the layout when @p period is NULL).
 * @param[out] previous_title set to the title the model already had for this
 *        SOC code when it differs from the record's (soc-title-conflict), else
 *        NULL. Borrowed.
 * @return BLS_OK or BLS_ERR_NOMEM.
 */
bls_status bls_model_add_record(bls_model *model, const bls_record *rec, const char *path,
                                const bls_period *period, const char **previous_title)
    BLS_MUST_CHECK;

/**
 * @brief Add one fact directly (tests, synthetic data).
 * @return BLS_OK, BLS_ERR_INVALID_ARG (bad SOC code), BLS_ERR_NOMEM.
 */
bls_status bls_model_add_fact(bls_model *model, const char *soc_code, const char *title,
                              bls_occ_group group, const bls_fact *fact) BLS_MUST_CHECK;

/**
 * @brief Sort the occupations by SOC code once all data are in. bls_model_at()
 * lists them in insertion order before this call, in SOC order after it.
 */
void bls_model_finish(bls_model *model);

/** @brief Conflicts seen so far, in the order met. */
size_t bls_model_conflict_count(const bls_model *model);
/** @brief The i-th conflict; borrowed, valid until the next add or free. */
const bls_fact_conflict *bls_model_conflict_at(const bls_model *model, size_t i);

/**
 * @brief One BLS_RULE_DATA_CONFLICT finding per conflict, at the second
 * input, naming both values and the first input ("SOC 29-2053 median annual
 * wage (May 2014) is $1 here but $2 in a.csv:7; checks of it are
 * ambiguous").
 * @return BLS_OK or BLS_ERR_NOMEM.
 */
bls_status bls_model_conflict_findings(const bls_model *model,
                                       bls_findings *findings) BLS_MUST_CHECK;

/** @brief Number of occupations. */
size_t bls_model_count(const bls_model *model);
/** @brief The i-th occupation (SOC order after bls_model_finish()); borrowed. */
const bls_occupation *bls_model_at(const bls_model *model, size_t i);
/** @brief Look up by "NN-NNNN"; NULL when absent. */
const bls_occupation *bls_model_find(const bls_model *model, const char *soc_code);

/** @brief The fact with the latest period for a metric, or NULL. */
const bls_fact *bls_occupation_latest(const bls_occupation *occ, bls_metric metric);
/** @brief The fact whose period matches @p period (bls_period_matches), or NULL. */
const bls_fact *bls_occupation_fact(const bls_occupation *occ, bls_metric metric,
                                    const bls_period *period);

#endif /* BLS_MODEL_H */
