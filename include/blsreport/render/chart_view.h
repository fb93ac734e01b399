/*
 * chart_view.h - what each chart shows, decided once for every output.
 *
 * Pipeline stage: ... -> model -> crosscheck -> *chart_view* -> render_xlsx,
 * render_pdf (the PDF pages and the SVG/PNG chart files).
 *
 * One spec table (bls_chart_specs) lists the charts: id, file stem, title,
 * metric, shape and caps, and how every renderer words and colours them
 * (subtitle, axis, source, what an occupation needs to be charted, ranges,
 * colour). It is the one place a chart is described: the renderers loop
 * over it and dispatch on the shape, so a new bar chart is one enum value
 * and one row (plus its empty series in chart_view.c, which the build
 * checks). bls_chart_view_build() turns the model and the
 * selected SOC codes into one series per chart: which occupations, in which
 * order, for which period, and why others were left out. The renderers only
 * draw a series; none of them picks occupations or periods.
 *
 * Policy (one place):
 * - Candidates are the selected codes (--select, else the codes the claims
 *   cite), else every occupation of the model. The all-occupations total
 *   (00-0000) is never a bar or point: renderers draw it as the reference.
 * - Detailed occupations by default. A group row (major, minor, broad) is
 *   shown only when it was asked for and none of its own members is among
 *   the candidates, so a group total is never plotted among its members;
 *   with nothing selected, groups are left out.
 * - A broad code whose value equals that of one of its detailed codes (BLS
 *   publishes both when the broad occupation has one detailed member) is
 *   shown once, as the detailed code.
 * - The period is the latest any candidate holds for the chart's metric;
 *   every value is read at that period.
 * - Bars rank highest first with top-coded values (BLS "#") above every
 *   value; the scatter ranks by employment. A list longer than its cap is
 *   cut and says so in its note (bls_chart_series.note).
 * - Labels carry the SOC code where a title repeats within a chart.
 */
#ifndef BLS_CHART_VIEW_H
#define BLS_CHART_VIEW_H

#include <stddef.h>

#include "blsreport/base/cells.h"
#include "blsreport/base/metric.h"
#include "blsreport/base/period.h"
#include "blsreport/base/status.h"
#include "blsreport/check/crosscheck.h"
#include "blsreport/check/model.h"

/* The charts, each of which can also be written as a file of its own
 * (--charts-dir): growth.svg/.png, pay.svg/.png, scatter.svg/.png. */
typedef enum bls_chart {
    BLS_CHART_GROWTH,
    BLS_CHART_PAY,
    BLS_CHART_SCATTER,
    BLS_CHART_COUNT
} bls_chart;

typedef enum bls_chart_shape {
    BLS_SHAPE_BARS,   /**< one bar per occupation, ranked by the value */
    BLS_SHAPE_SCATTER /**< metric (x) against y_metric, area by size_metric */
} bls_chart_shape;

/**
 * One row of the spec table.
 *
 * The words are templates, the same for every renderer; a renderer puts a
 * period where a placeholder stands: {period} and {y_period} as BLS writes
 * them in titles ("2012-2022", "May 2014"; bls_period_format()),
 * {period_short} and {y_period_short} as source lines write them
 * ("2012-22", "May 2014"). {period} is the series' period (of metric),
 * {y_period} its y_period (of y_metric).
 */
typedef struct bls_chart_spec {
    bls_chart id;
    const char *stem;  /**< file stem: "growth" */
    const char *title; /**< "Projected employment growth" */
    bls_chart_shape shape;
    bls_metric metric;      /**< bars: the value; scatter: x (median annual wage) */
    bls_metric y_metric;    /**< scatter: y (projected change); bars: == metric */
    bls_metric size_metric; /**< scatter: point area (employment); bars: == metric */
    int top_coded_drawn;    /**< top-coded values are drawn (open-ended), not left out */
    size_t cap_all;         /**< most items when nothing was selected */
    size_t cap_selected;    /**< most items of a selection */
    /* How it is worded and coloured: the PDF, the chart files, the workbook. */
    const char *figure;       /**< what an occupation needs to be charted: "a median annual wage" */
    const char *source;       /**< BLS program(s) and period(s) the data come from */
    const char *subtitle;     /**< under the title: "Median annual wage, {period}, highest first" */
    const char *axis;         /**< the value (bars) or x (scatter) axis, with its period */
    const char *y_axis;       /**< scatter: the y axis, with its period; bars: NULL */
    const char *axis_name;    /**< the value axis without a period (the workbook's chart) */
    const bls_metric *ranges; /**< bars: the 10th, 25th, 75th and 90th percentile metrics,
                                   drawn as ranges around each bar where the data hold
                                   them; NULL: no ranges */
    unsigned colour;          /**< 0xRRGGBB of the bars or points */
} bls_chart_spec;

/** The spec table, indexed by bls_chart. */
extern const bls_chart_spec bls_chart_specs[BLS_CHART_COUNT];

/** One occupation of a chart. Pointers are borrowed from the model/view. */
typedef struct bls_chart_item {
    const bls_occupation *occ;
    const char *label; /**< title, or "title (NN-NNNN)" where titles repeat; owned by the view */
    bls_number value;  /**< spec->metric at the series' period */
    bls_number y;      /**< scatter: spec->y_metric at y_period; else EMPTY */
    bls_number size;   /**< scatter: spec->size_metric at size_period (EMPTY if none) */
} bls_chart_item;

typedef struct bls_chart_series {
    const bls_chart_spec *spec;
    bls_period period;           /**< of spec->metric; unknown when no candidate has it */
    bls_period y_period;         /**< scatter: of spec->y_metric */
    bls_period size_period;      /**< scatter: of spec->size_metric (unknown: no sizes) */
    const bls_chart_item *items; /**< count items, in drawing order (first = top/largest) */
    size_t count;
    size_t eligible;      /**< items before the cap (count < eligible: capped) */
    size_t without_value; /**< candidates without a drawable value */
    size_t twins;         /**< broad codes shown once as their detailed twin */
    size_t groups;        /**< group rows left out */
    int from_all;         /**< nothing was selected: ranked from every occupation */
    const char *note;     /**< what was left out and why; "" when nothing; owned by the view */
} bls_chart_series;

typedef struct bls_chart_view bls_chart_view;

/** The occupations the charts are asked to show, in order (owned). */
typedef struct bls_chart_selection {
    char (*codes)[8];         /**< "NN-NNNN", each once */
    const char **code_ptrs;   /**< codes[i] as strings, for bls_chart_view_build() */
    size_t count;
} bls_chart_selection;

/**
 * @brief Which occupations the charts show.
 *
 * With @p patterns (--select: "31-2021", or a prefix "29-*"; see
 * bls_soc_pattern_matches()), every occupation of the model that one of them
 * matches, in pattern order then model order; else the SOC codes the
 * checks resolved that the model holds, in check order. Each code once.
 * An empty selection means "rank every occupation" (bls_chart_view_build()).
 *
 * @param checks may be NULL (nothing cited).
 * @param[out] out filled on BLS_OK; release with bls_chart_selection_cleanup().
 * @return BLS_OK or BLS_ERR_NOMEM.
 */
bls_status bls_chart_select(const bls_model *model, const char *const *patterns,
                            size_t pattern_count, const bls_checks *checks,
                            bls_chart_selection *out) BLS_MUST_CHECK;

/** @brief Free a selection's codes; the struct is zeroed. */
void bls_chart_selection_cleanup(bls_chart_selection *selection);

/**
 * @brief Build every chart's series.
 *
 * @param model the data (borrowed; must outlive the view), may be NULL.
 * @param selected SOC codes asked for, in order (may repeat; unknown codes
 *        are ignored); NULL or @p selected_count 0: rank every occupation.
 * @param[out] out the view (caller owns; bls_chart_view_free()), set on BLS_OK.
 * @return BLS_OK or BLS_ERR_NOMEM.
 *
 * @code
 *   bls_chart_view *v;
 *   if (bls_chart_view_build(model, codes, n, &v) == BLS_OK) {
 *       const bls_chart_series *s = bls_chart_view_series(v, BLS_CHART_PAY);
 *       for (size_t i = 0; i < s->count; i++) draw(s->items[i].label, &s->items[i].value);
 *       bls_chart_view_free(v);
 *   }
 * @endcode
 */
bls_status bls_chart_view_build(const bls_model *model, const char *const *selected,
                                size_t selected_count, bls_chart_view **out) BLS_MUST_CHECK;

/** @brief Free the view; NULL is a no-op. */
void bls_chart_view_free(bls_chart_view *view);

/**
 * @brief The series of chart @p id (borrowed; valid until
 * bls_chart_view_free()). A NULL @p view has empty series (a report without
 * data: nothing to draw).
 */
const bls_chart_series *bls_chart_view_series(const bls_chart_view *view, bls_chart id);

#endif /* BLS_CHART_VIEW_H */
