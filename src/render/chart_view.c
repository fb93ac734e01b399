/*
 * chart_view.c - which occupations each chart shows, in which order, for
 * which period: decided once here, drawn by render_xlsx and render_pdf.
 *
 * Pipeline stage: ... -> crosscheck -> *chart_view* -> render. The policy is
 * stated in chart_view.h. Memory: one array of items and one of labels per
 * series, and the notes; nothing grows with the rows of the data.
 */
#include "blsreport/render/chart_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/base/dynbuf.h"
#include "blsreport/base/soc.h"

/* The all-occupations total: the reference line, never a bar or a point. */
#define ALL_OCCUPATIONS "00-0000"
#define NOTE_LIMIT 4096u /* bytes of one series' note; far above what it says */

/* The charts, in the order every output shows them. Caps: 25 bars fill one
 * page of the PDF; a selection may run to four. The scatter labels its
 * largest points only, so more points add ink, not information. Colours:
 * Okabe-Ito blue and bluish green (colour-blind safe). The words are
 * templates (chart_view.h): the renderers put the periods in. */
static const bls_metric annual_wage_percentiles[4] = {
    BLS_METRIC_ANNUAL_WAGE_PCT10, BLS_METRIC_ANNUAL_WAGE_PCT25, BLS_METRIC_ANNUAL_WAGE_PCT75,
    BLS_METRIC_ANNUAL_WAGE_PCT90};

const bls_chart_spec bls_chart_specs[] = {
    [BLS_CHART_GROWTH] =
        {
            .id = BLS_CHART_GROWTH,
            .stem = "growth",
            .title = "Projected employment growth",
            .shape = BLS_SHAPE_BARS,
            .metric = BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
            .y_metric = BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
            .size_metric = BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
            .top_coded_drawn = 0,
            .cap_all = 25,
            .cap_selected = 100,
            .figure = "a projected employment change",
            .source = "Employment Projections program, {period_short}",
            .subtitle = "Percent change in employment, {period}, highest first",
            .axis = "Percent change, {period}",
            .axis_name = "Employment change (percent of base-year employment)",
            .colour = 0x0072B2,
        },
    [BLS_CHART_PAY] =
        {
            .id = BLS_CHART_PAY,
            .stem = "pay",
            .title = "Median annual pay",
            .shape = BLS_SHAPE_BARS,
            .metric = BLS_METRIC_MEDIAN_ANNUAL_WAGE,
            .y_metric = BLS_METRIC_MEDIAN_ANNUAL_WAGE,
            .size_metric = BLS_METRIC_MEDIAN_ANNUAL_WAGE,
            .top_coded_drawn = 1,
            .cap_all = 25,
            .cap_selected = 100,
            .figure = "a median annual wage",
            .source = "Occupational Employment and Wage Statistics, {period_short}",
            .subtitle = "Median annual wage, {period}, highest first",
            .axis = "Median annual wage (U.S. dollars), {period}",
            .axis_name = "Median annual wage (US dollars a year)",
            .ranges = annual_wage_percentiles,
            .colour = 0x009E73,
        },
    [BLS_CHART_SCATTER] =
        {
            .id = BLS_CHART_SCATTER,
            .stem = "scatter",
            .title = "Growth versus pay",
            .shape = BLS_SHAPE_SCATTER,
            .metric = BLS_METRIC_MEDIAN_ANNUAL_WAGE,
            .y_metric = BLS_METRIC_EMPLOYMENT_CHANGE_PCT,
            .size_metric = BLS_METRIC_EMPLOYMENT,
            .top_coded_drawn = 1,
            .cap_all = 40,
            .cap_selected = 60,
            .figure = "both a median annual wage and a projected employment change",
            .source = "Occupational Employment and Wage Statistics, {period_short}; "
                      "Employment Projections program, {y_period_short}",
            .subtitle = "Each point is an occupation: median annual wage ({period}) against "
                        "projected employment change ({y_period}).",
            .axis = "Median annual wage (U.S. dollars), {period}",
            .y_axis = "Percent change in employment, {y_period}",
            .colour = 0x0072B2,
        },
};

typedef struct series_store {
    bls_chart_series pub;
    bls_chart_item *items;
    char **labels; /* one per item, owned */
    char *note;
} series_store;

struct bls_chart_view {
    series_store series[BLS_CHART_COUNT];
};

static int is_total(const bls_occupation *occ)
{
    return occ->group == BLS_GROUP_TOTAL || strcmp(occ->soc_code, ALL_OCCUPATIONS) == 0;
}

static int is_group(const bls_occupation *occ)
{
    return occ->group == BLS_GROUP_MAJOR || occ->group == BLS_GROUP_MINOR ||
           occ->group == BLS_GROUP_BROAD;
}

/* The code's prefix its members share: trailing zeros dropped ("29-1020" ->
 * 6 bytes "29-102"; "29-0000" -> "29-"; "15-1200" -> "15-12"). */
static size_t group_prefix_len(const char *soc)
{
    size_t n = strlen(soc);
    while (n > 3 && soc[n - 1] == '0')
        n--;
    return n;
}

static int is_member(const bls_occupation *group, const bls_occupation *occ)
{
    return group != occ && strcmp(group->soc_code, occ->soc_code) != 0 &&
           strncmp(group->soc_code, occ->soc_code, group_prefix_len(group->soc_code)) == 0;
}

static bls_number empty_number(void)
{
    bls_number n = {BLS_CELL_EMPTY, 0, 0, 0};
    return n;
}

static bls_number value_at(const bls_occupation *occ, bls_metric metric, const bls_period *p)
{
    const bls_fact *f = bls_occupation_fact(occ, metric, p);
    return f ? f->value : empty_number();
}

static int latest_period(const bls_occupation *const *occs, size_t n, bls_metric metric,
                         bls_period *out)
{
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        const bls_fact *f = bls_occupation_latest(occs[i], metric);
        if (f && (!found || bls_period_compare(&f->period, out) > 0)) {
            *out = f->period;
            found = 1;
        }
    }
    return found;
}

/* Highest first; top-coded above every value; ties by SOC code. */
static int compare_bars(const void *a, const void *b)
{
    const bls_chart_item *x = a, *y = b;
    int xt = x->value.state == BLS_CELL_TOP_CODED, yt = y->value.state == BLS_CELL_TOP_CODED;
    int c = xt != yt ? yt - xt : xt ? 0 : -bls_number_compare(&x->value, &y->value);
    return c ? c : strcmp(x->occ->soc_code, y->occ->soc_code);
}

/* Largest employment first, points without one last; ties by SOC code. */
static int compare_points(const void *a, const void *b)
{
    const bls_chart_item *x = a, *y = b;
    int xv = x->size.state == BLS_CELL_VALUE, yv = y->size.state == BLS_CELL_VALUE;
    int c = xv != yv ? yv - xv : xv ? -bls_number_compare(&x->size, &y->size) : 0;
    return c ? c : strcmp(x->occ->soc_code, y->occ->soc_code);
}

static int drawable(const bls_chart_spec *spec, const bls_number *n)
{
    return n->state == BLS_CELL_VALUE || (spec->top_coded_drawn && n->state == BLS_CELL_TOP_CODED);
}

/* A broad code with the same value as one of its detailed codes among the
 * candidates: BLS's single-member broad occupation, shown once. */
static int is_twin(const bls_chart_spec *spec, const bls_period *p, const bls_chart_item *it,
                   const bls_occupation *const *cand, size_t n)
{
    if (it->occ->group != BLS_GROUP_BROAD)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (cand[i]->group != BLS_GROUP_DETAILED || !is_member(it->occ, cand[i]))
            continue;
        bls_number v = value_at(cand[i], spec->metric, p);
        if (v.state == it->value.state &&
            (v.state != BLS_CELL_VALUE || bls_number_compare(&v, &it->value) == 0))
            return 1;
    }
    return 0;
}

/* A group shown among its own members, or any group when nothing was asked. */
static int group_left_out(const bls_occupation *occ, const bls_occupation *const *cand, size_t n,
                          int from_all)
{
    if (!is_group(occ))
        return 0;
    if (from_all)
        return 1;
    for (size_t i = 0; i < n; i++)
        if (is_member(occ, cand[i]))
            return 1;
    return 0;
}

static int same_title(const bls_occupation *a, const bls_occupation *b)
{
    return a->title && b->title && strcmp(a->title, b->title) == 0;
}

static bls_status make_labels(series_store *s)
{
    size_t n = s->pub.count;
    if (n == 0)
        return BLS_OK;
    s->labels = bls_calloc(n, sizeof *s->labels);
    if (!s->labels)
        return BLS_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const bls_occupation *occ = s->items[i].occ;
        int repeats = !occ->title || !occ->title[0];
        for (size_t j = 0; j < n && !repeats; j++)
            repeats = j != i && same_title(occ, s->items[j].occ);
        s->labels[i] = repeats
                           ? bls_asprintf("%s (%s)", occ->title ? occ->title : "", occ->soc_code)
                           : bls_strdup(occ->title);
        if (!s->labels[i])
            return BLS_ERR_NOMEM;
        s->items[i].label = s->labels[i];
    }
    return BLS_OK;
}

/* " <lead><n> <noun>[s]<tail>" onto the note. */
static bls_status note_add(bls_dynbuf *b, const char *lead, size_t n, const char *noun,
                           const char *tail)
{
    char head[96];
    int len = snprintf(head, sizeof head, "%s%zu %s%s", lead, n, noun, n == 1 ? "" : "s");
    bls_status st = bls_dynbuf_add(b, b->len ? " " : "", b->len ? 1 : 0);
    if (st == BLS_OK)
        st = bls_dynbuf_add(b, head, len > 0 ? (size_t)len : 0);
    if (st == BLS_OK)
        st = bls_dynbuf_add(b, tail, strlen(tail));
    return st;
}

/* The note: every occupation a reader might look for and not find. */
static bls_status make_note(series_store *s)
{
    const bls_chart_series *p = &s->pub;
    bls_dynbuf b;
    bls_dynbuf_init(&b, NOTE_LIMIT);
    bls_status st = BLS_OK;
    if (p->count < p->eligible) {
        char head[160];
        snprintf(head, sizeof head, "Shown: the %zu %s of %zu %soccupations", p->count,
                 p->spec->shape == BLS_SHAPE_SCATTER ? "largest by employment" : "highest",
                 p->eligible, p->from_all ? "" : "selected ");
        st = bls_dynbuf_add(&b, head, strlen(head));
        static const char where[] = "; all are on the workbook's Occupations sheet.";
        if (st == BLS_OK)
            st = bls_dynbuf_add(&b, where, sizeof where - 1);
    }
    if (st == BLS_OK && p->without_value)
        st = note_add(&b, "Not shown: ", p->without_value, "occupation",
                      p->spec->shape == BLS_SHAPE_SCATTER ? " lacking a wage or a projected change."
                                                          : " without a published value.");
    if (st == BLS_OK && p->twins)
        st = note_add(&b, "", p->twins, "broad occupation",
                      " equal to a detailed occupation shown once, as the detailed code.");
    if (st == BLS_OK && p->groups)
        st = note_add(&b, "", p->groups, "occupation group",
                      p->from_all ? " (totals of other rows) left out; select a group's code "
                                    "to chart it."
                                  : " left out where members are shown.");
    if (st == BLS_OK)
        st = bls_dynbuf_add(&b, "", 0);
    if (st == BLS_OK) {
        s->note = b.data ? bls_dynbuf_take(&b) : bls_strdup("");
        if (!s->note)
            st = BLS_ERR_NOMEM;
    }
    bls_dynbuf_cleanup(&b);
    s->pub.note = s->note;
    return st;
}

static bls_status series_build(series_store *s, const bls_chart_spec *spec,
                               const bls_occupation *const *cand, size_t n, int from_all)
{
    bls_chart_series *p = &s->pub;
    p->spec = spec;
    p->from_all = from_all;
    int has_period = latest_period(cand, n, spec->metric, &p->period);
    if (spec->shape == BLS_SHAPE_SCATTER) {
        has_period &= latest_period(cand, n, spec->y_metric, &p->y_period);
        (void)latest_period(cand, n, spec->size_metric, &p->size_period);
    }
    if (has_period && n) {
        s->items = bls_calloc(n, sizeof *s->items);
        if (!s->items)
            return BLS_ERR_NOMEM;
    }
    size_t count = 0;
    for (size_t i = 0; has_period && i < n; i++) {
        bls_chart_item it = {cand[i], NULL, value_at(cand[i], spec->metric, &p->period),
                             empty_number(), empty_number()};
        int ok = drawable(spec, &it.value);
        if (spec->shape == BLS_SHAPE_SCATTER) {
            it.y = value_at(cand[i], spec->y_metric, &p->y_period);
            ok &= it.y.state == BLS_CELL_VALUE;
            if (bls_period_known(&p->size_period))
                it.size = value_at(cand[i], spec->size_metric, &p->size_period);
        }
        if (ok && is_twin(spec, &p->period, &it, cand, n)) {
            p->twins++;
            continue;
        }
        if (group_left_out(cand[i], cand, n, from_all)) {
            p->groups++;
            continue;
        }
        if (!ok) {
            /* An occupation the data do not hold for this chart at all is
             * no news; one with a marker or a half pair is. */
            p->without_value += it.value.state != BLS_CELL_EMPTY ||
                                (spec->shape == BLS_SHAPE_SCATTER && it.y.state != BLS_CELL_EMPTY);
            continue;
        }
        s->items[count++] = it;
    }
    if (count > 1)
        qsort(s->items, count, sizeof *s->items,
              spec->shape == BLS_SHAPE_SCATTER ? compare_points : compare_bars);
    p->eligible = count;
    size_t cap = from_all ? spec->cap_all : spec->cap_selected;
    p->count = count < cap ? count : cap;
    p->items = s->items;
    bls_status st = make_labels(s);
    return st == BLS_OK ? make_note(s) : st;
}

static int listed(const bls_occupation *const *cand, size_t n, const bls_occupation *occ)
{
    for (size_t i = 0; i < n; i++)
        if (cand[i] == occ)
            return 1;
    return 0;
}

bls_status bls_chart_view_build(const bls_model *model, const char *const *selected,
                                size_t selected_count, bls_chart_view **out)
{
    bls_chart_view *v = bls_calloc(1, sizeof *v);
    if (!v)
        return BLS_ERR_NOMEM;
    size_t total = model ? bls_model_count(model) : 0;
    int from_all = selected == NULL || selected_count == 0;
    size_t room = from_all ? total : selected_count;
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
    const bls_occupation **cand = bls_calloc(room + 1, sizeof *cand);
    if (!cand) {
        bls_free(v);
        return BLS_ERR_NOMEM;
    }
    size_t n = 0;
    for (size_t i = 0; i < room; i++) {
        const bls_occupation *occ = from_all ? bls_model_at(model, i)
                                    : model  ? bls_model_find(model, selected[i])
                                             : NULL;
        if (occ && !is_total(occ) && !listed(cand, n, occ))
            cand[n++] = occ;
    }
    bls_status st = BLS_OK;
    for (size_t c = 0; c < BLS_CHART_COUNT && st == BLS_OK; c++)
        st = series_build(&v->series[c], &bls_chart_specs[c], cand, n, from_all);
    bls_free(cand);
    if (st != BLS_OK) {
        bls_chart_view_free(v);
        return st;
    }
    *out = v;
    return BLS_OK;
}

void bls_chart_view_free(bls_chart_view *view)
{
    if (!view)
        return;
    for (size_t c = 0; c < BLS_CHART_COUNT; c++) {
        series_store *s = &view->series[c];
        for (size_t i = 0; s->labels && i < s->pub.count; i++)
            bls_free(s->labels[i]);
        bls_free(s->labels);
        bls_free(s->items);
        bls_free(s->note);
    }
    bls_free(view);
}

const bls_chart_series *bls_chart_view_series(const bls_chart_view *view, bls_chart id)
{
    /* Static storage needs one initializer per chart, in bls_chart order:
     * the assertion stops a build whose new chart lacks its line (and
     * test_chart_view checks the order). */
    static const bls_chart_series empty[] = {
        {.spec = &bls_chart_specs[BLS_CHART_GROWTH], .from_all = 1, .note = ""},
        {.spec = &bls_chart_specs[BLS_CHART_PAY], .from_all = 1, .note = ""},
        {.spec = &bls_chart_specs[BLS_CHART_SCATTER], .from_all = 1, .note = ""},
    };
    _Static_assert(sizeof empty / sizeof empty[0] == BLS_CHART_COUNT, "one empty series a chart");
    return view ? &view->series[id].pub : &empty[id];
}

/* ---- the selection ---------------------------------------------------------- */

static void select_add(bls_chart_selection *s, const char *soc)
{
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->codes[i], soc) == 0)
            return;
    memcpy(s->codes[s->count++], soc, sizeof s->codes[0]);
}

bls_status bls_chart_select(const bls_model *model, const char *const *patterns,
                            size_t pattern_count, const bls_checks *checks,
                            bls_chart_selection *out)
{
    memset(out, 0, sizeof *out);
    size_t n = model ? bls_model_count(model) : 0;
    out->codes = bls_calloc(n + 1, sizeof *out->codes);
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
    out->code_ptrs = bls_calloc(n + 1, sizeof *out->code_ptrs);
    if (!out->codes || !out->code_ptrs) {
        bls_chart_selection_cleanup(out);
        return BLS_ERR_NOMEM;
    }
    if (pattern_count) {
        for (size_t p = 0; p < pattern_count; p++)
            for (size_t i = 0; i < n; i++)
                if (bls_soc_pattern_matches(patterns[p], bls_model_at(model, i)->soc_code))
                    select_add(out, bls_model_at(model, i)->soc_code);
    } else {
        /* the codes the checks cite; none: each chart ranks every occupation */
        for (size_t i = 0; checks && i < checks->count; i++)
            if (checks->items[i].soc_code[0] && bls_model_find(model, checks->items[i].soc_code))
                select_add(out, checks->items[i].soc_code);
    }
    for (size_t i = 0; i < out->count; i++)
        out->code_ptrs[i] = out->codes[i];
    return BLS_OK;
}

void bls_chart_selection_cleanup(bls_chart_selection *selection)
{
    bls_free(selection->codes);
    bls_free(selection->code_ptrs);
    memset(selection, 0, sizeof *selection);
}
