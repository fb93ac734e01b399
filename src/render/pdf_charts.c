/*
 * pdf_charts.c - the PDF report's charts: built from the report, then drawn.
 *
 * Pipeline stage: ... -> crosscheck -> *render_pdf*; render_pdf.c calls this
 * file for the chart pages and the chart files, and it draws with pdf_pen.c
 * (declarations in render_pdf_internal.h).
 *
 * Building takes each chart's series from the report's chart view
 * (chart_view.h decides the occupations, their order and the period, once
 * for every output; the all-occupations total becomes the dashed reference
 * line) and writes the subtitle and source notes, so the cover can
 * say what each chart shows or why it was left out before any chart is
 * drawn. Every chart of bls_chart_specs is built and drawn by its shape:
 * bars (ranked; percentile ranges where the spec asks for them; top-coded
 * wages drawn open-ended, never as the cap) or the scatter (x against y,
 * point area by size). The words and colours are the spec's, with the
 * periods put in here. Each shape is drawn by one function that takes a
 * pen and a box, so the same code draws a PDF page and a standalone SVG or
 * PNG file.
 */
#include "render/render_pdf_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/base/cells.h"
#include "blsreport/base/metric.h"
#include "blsreport/base/period.h"
#include "blsreport/base/survey.h"
#include "blsreport/check/model.h"

/* The all-occupations total: the reference line, never a bar or a point. */
#define ALL_OCCUPATIONS "00-0000"

/* ---- chart data ---------------------------------------------------------- */

typedef struct rect {
    double x, y, w, h;
} rect;

static int drawable(const bls_number *n)
{
    return n->state == BLS_CELL_VALUE || n->state == BLS_CELL_TOP_CODED;
}

/* Hand @p t over as the chart's next note (whole). */
static bls_status add_note(char *notes[MAX_NOTES], size_t *count, text *t)
{
    if (*count >= MAX_NOTES)
        return BLS_ERR_LIMIT; /* a chart with more notes than MAX_NOTES: a bug, said */
    bls_status st = bls_pdf_text_take(t, &notes[*count]);
    if (st == BLS_OK)
        (*count)++;
    return st;
}

/* A note that is one text as it stands (the chart view's, a fixed sentence). */
static bls_status add_note_text(char *notes[MAX_NOTES], size_t *count, text *t, const char *words)
{
    bls_pdf_text_reset(t);
    bls_pdf_text_put(t, words);
    return add_note(notes, count, t);
}

static bls_number empty_number(void)
{
    bls_number n = {BLS_CELL_EMPTY, 0, 0, 0};
    return n;
}

static bls_number lookup(const bls_occupation *occ, bls_metric metric, const bls_period *p)
{
    const bls_fact *f = occ ? bls_occupation_fact(occ, metric, p) : NULL;
    return f ? f->value : empty_number();
}

/* A spec's words (chart_view.h) with the series' periods put in. */
static void put_words(text *t, const char *words, const bls_chart_series *view)
{
    static const struct placeholder {
        const char *name;
        int y;          /* the series' y_period, else its period */
        int short_form; /* "2012-22" as source lines write it, else "2012-2022" */
    } holders[] = {{"{period}", 0, 0},
                   {"{period_short}", 0, 1},
                   {"{y_period}", 1, 0},
                   {"{y_period_short}", 1, 1}};
    enum { HOLDERS = sizeof holders / sizeof holders[0] };
    for (const char *s = words; s && *s;) {
        const char *open = strchr(s, '{');
        size_t lead = open ? (size_t)(open - s) : strlen(s);
        bls_pdf_text_printf(t, "%.*s", (int)lead, s);
        if (!open)
            break;
        s = open;
        size_t k = 0;
        while (k < HOLDERS && strncmp(s, holders[k].name, strlen(holders[k].name)) != 0)
            k++;
        if (k == HOLDERS) { /* not a placeholder: the brace as written */
            bls_pdf_text_put(t, "{");
            s++;
            continue;
        }
        const bls_period *p = holders[k].y ? &view->y_period : &view->period;
        if (holders[k].short_form)
            bls_pdf_format_period_short(t, p);
        else
            bls_pdf_format_period(t, p);
        s += strlen(holders[k].name);
    }
}

/* The source line of every chart. */
static void put_source(text *t, const bls_chart_series *view)
{
    bls_pdf_text_put(t, "Source: U.S. Bureau of Labor Statistics, ");
    put_words(t, view->spec->source, view);
    bls_pdf_text_put(t, ".");
}

/* One of a chart's texts, worded from its spec (put_words), into a string
 * the chart owns. */
static bls_status take_words(text *t, const char *words, const bls_chart_series *view, char **out)
{
    bls_pdf_text_reset(t);
    put_words(t, words, view);
    return bls_pdf_text_take(t, out);
}

static double top_code_position(const bls_period *p, double largest_value)
{
    long cap = p->year_from >= 2012 ? bls_top_code_annual(p->year_from) : 0;
    return cap > 0 ? (double)cap : largest_value * 1.15 + 1;
}

/* The words and notes of a bar chart; @p t is the caller's scratch text. */
static bls_status bar_chart_words(const bls_chart_series *view, const bls_number *ref, bar_chart *c,
                                  text *t)
{
    const bls_chart_spec *spec = view->spec;
    bls_status st = BLS_OK;
    if (c->has_reference) {
        bls_pdf_text_reset(t);
        bls_pdf_text_put(t, "All occupations: ");
        bls_pdf_format_value(t, ref, c->unit, &c->period);
        st = bls_pdf_text_take(t, &c->reference_label);
    }
    if (st == BLS_OK)
        st = take_words(t, spec->subtitle, view, &c->subtitle);
    if (st == BLS_OK)
        st = take_words(t, spec->axis, view, &c->axis_label);
    /* At most five notes: source, reference, ranges, top code, the view's. */
    if (st == BLS_OK) {
        bls_pdf_text_reset(t);
        put_source(t, view);
        st = add_note(c->notes, &c->note_count, t);
    }
    if (st == BLS_OK && c->has_reference) {
        bls_pdf_text_reset(t);
        bls_pdf_text_printf(t, "Dashed line: %s.", c->reference_label);
        st = add_note(c->notes, &c->note_count, t);
    }
    if (st == BLS_OK && c->has_ranges)
        st = add_note_text(c->notes, &c->note_count, t,
                           "Whiskers: 10th to 90th percentile; boxes: 25th to 75th percentile.");
    if (st == BLS_OK && c->has_top_coded) {
        bls_number top = {BLS_CELL_TOP_CODED, 0, 0, 0};
        bls_pdf_text_reset(t);
        bls_pdf_text_put(t, "# BLS publishes no value for wages at or above its top code (");
        bls_pdf_format_value(t, &top, c->unit, &c->period);
        bls_pdf_text_put(t, "): such bars and whiskers are open-ended (arrow).");
        st = add_note(c->notes, &c->note_count, t);
    }
    if (st == BLS_OK && view->note[0])
        st = add_note_text(c->notes, &c->note_count, t, view->note);
    return st;
}

static bls_status bar_chart_build(const bls_report *r, const bls_chart_series *view, bar_chart *c)
{
    const bls_chart_spec *spec = view->spec;
    bls_metric metric = spec->metric;
    c->title = spec->title;
    c->unit = bls_metric_unit(metric);
    c->colour = spec->colour;
    if (view->count == 0)
        return BLS_OK;
    c->period = view->period;
    c->items = bls_calloc(view->count, sizeof *c->items);
    if (!c->items)
        return BLS_ERR_NOMEM;
    double largest = 0;
    for (size_t i = 0; i < view->count; i++) {
        bar_item *it = &c->items[c->count++];
        it->occ = view->items[i].occ;
        it->label = view->items[i].label;
        it->value = view->items[i].value;
        bls_number v = it->value;
        c->has_top_coded |= v.state == BLS_CELL_TOP_CODED;
        for (size_t k = 0; k < 4; k++) {
            it->range[k] =
                spec->ranges ? lookup(it->occ, spec->ranges[k], &c->period) : empty_number();
            if (it->range[k].state == BLS_CELL_VALUE)
                largest = fmax(largest, bls_number_to_double(&it->range[k]));
            c->has_top_coded |= it->range[k].state == BLS_CELL_TOP_CODED;
        }
        c->has_ranges |= (drawable(&it->range[0]) && drawable(&it->range[3])) ||
                         (drawable(&it->range[1]) && drawable(&it->range[2]));
        if (v.state == BLS_CELL_VALUE)
            largest = fmax(largest, bls_number_to_double(&v));
    }
    c->cap = top_code_position(&c->period, largest);

    bls_number ref = lookup(bls_model_find(r->model, ALL_OCCUPATIONS), metric, &c->period);
    if (ref.state == BLS_CELL_VALUE) {
        c->has_reference = 1;
        c->reference = bls_number_to_double(&ref);
    }
    text t;
    bls_pdf_text_init(&t);
    bls_status st = bar_chart_words(view, &ref, c, &t);
    bls_pdf_text_cleanup(&t);
    return st;
}

/* The words and notes of the scatter; @p t is the caller's scratch text. */
static bls_status scatter_words(const bls_chart_series *view, scatter_chart *c, text *t)
{
    const bls_chart_spec *spec = view->spec;
    bls_status st = take_words(t, spec->subtitle, view, &c->subtitle);
    if (st == BLS_OK)
        st = take_words(t, spec->axis, view, &c->x_axis_label);
    if (st == BLS_OK)
        st = take_words(t, spec->y_axis, view, &c->y_axis_label);
    /* At most four notes: source, points, top code, the view's. */
    if (st == BLS_OK) {
        bls_pdf_text_reset(t);
        put_source(t, view);
        st = add_note(c->notes, &c->note_count, t);
    }
    if (st == BLS_OK) {
        bls_pdf_text_reset(t);
        if (c->has_employment) {
            bls_pdf_text_put(t, "Point area: employment, ");
            bls_pdf_format_period(t, &c->emp_period);
            bls_pdf_text_put(t, "; open circles: no employment figure.");
        } else {
            bls_pdf_text_put(t, "Points have one size: the data hold no employment figures.");
        }
        if (c->has_ref_wage || c->has_ref_growth)
            bls_pdf_text_put(t, " Dashed lines: all occupations.");
        st = add_note(c->notes, &c->note_count, t);
    }
    if (st == BLS_OK && c->has_top_coded)
        st = add_note_text(c->notes, &c->note_count, t,
                           "Arrows: wage at or above the top code (#), drawn at the cap.");
    if (st == BLS_OK && view->note[0])
        st = add_note_text(c->notes, &c->note_count, t, view->note);
    return st;
}

static bls_status scatter_build(const bls_report *r, const bls_chart_series *view, scatter_chart *c)
{
    const bls_chart_spec *spec = view->spec;
    c->title = spec->title;
    c->x_unit = bls_metric_unit(spec->metric);
    c->y_unit = bls_metric_unit(spec->y_metric);
    c->size_unit = bls_metric_unit(spec->size_metric);
    c->colour = spec->colour;
    if (view->count == 0)
        return BLS_OK;
    c->wage_period = view->period;
    c->growth_period = view->y_period;
    c->emp_period = view->size_period;
    c->points = bls_calloc(view->count, sizeof *c->points);
    c->taken = bls_calloc(2 * view->count + 1, sizeof *c->taken);
    if (!c->points || !c->taken)
        return BLS_ERR_NOMEM;
    double largest = 0;
    for (size_t i = 0; i < view->count; i++) {
        const bls_chart_item *vi = &view->items[i];
        scatter_point pt = {vi->occ, vi->label, vi->value, vi->y, vi->size};
        c->has_employment |= pt.employment.state == BLS_CELL_VALUE;
        c->has_top_coded |= pt.wage.state == BLS_CELL_TOP_CODED;
        if (pt.wage.state == BLS_CELL_VALUE)
            largest = fmax(largest, bls_number_to_double(&pt.wage));
        c->points[c->count++] = pt;
    }
    c->cap = top_code_position(&c->wage_period, largest);
    const bls_occupation *all = bls_model_find(r->model, ALL_OCCUPATIONS);
    bls_number rw = lookup(all, spec->metric, &c->wage_period);
    bls_number rg = lookup(all, spec->y_metric, &c->growth_period);
    if ((c->has_ref_wage = rw.state == BLS_CELL_VALUE))
        c->ref_wage = bls_number_to_double(&rw);
    if ((c->has_ref_growth = rg.state == BLS_CELL_VALUE))
        c->ref_growth = bls_number_to_double(&rg);

    text t;
    bls_pdf_text_init(&t);
    bls_status st = scatter_words(view, c, &t);
    bls_pdf_text_cleanup(&t);
    return st;
}

void bls_pdf_charts_free(charts *c)
{
    for (size_t i = 0; i < BLS_CHART_COUNT; i++) {
        pdf_chart *pc = &c->of[i];
        switch (pc->spec ? pc->spec->shape : BLS_SHAPE_BARS) {
        case BLS_SHAPE_BARS: {
            bar_chart *bc = &pc->bars;
            bls_free(bc->items);
            bls_free(bc->subtitle);
            bls_free(bc->axis_label);
            bls_free(bc->reference_label);
            for (size_t k = 0; k < bc->note_count; k++)
                bls_free(bc->notes[k]);
            break;
        }
        case BLS_SHAPE_SCATTER: {
            scatter_chart *sc = &pc->scatter;
            bls_free(sc->points);
            bls_free(sc->taken);
            bls_free(sc->subtitle);
            bls_free(sc->x_axis_label);
            bls_free(sc->y_axis_label);
            for (size_t k = 0; k < sc->note_count; k++)
                bls_free(sc->notes[k]);
            break;
        }
        }
    }
}

bls_status bls_pdf_charts_build(const bls_report *r, charts *c)
{
    memset(c, 0, sizeof *c);
    bls_status st = BLS_OK;
    for (size_t i = 0; i < BLS_CHART_COUNT && st == BLS_OK; i++) {
        const bls_chart_series *view = bls_chart_view_series(r->charts, (bls_chart)i);
        pdf_chart *pc = &c->of[i];
        pc->spec = view->spec;
        switch (pc->spec->shape) {
        case BLS_SHAPE_BARS: st = bar_chart_build(r, view, &pc->bars); break;
        case BLS_SHAPE_SCATTER: st = scatter_build(r, view, &pc->scatter); break;
        }
    }
    return st;
}

size_t bls_pdf_chart_count(const pdf_chart *c)
{
    switch (c->spec->shape) {
    case BLS_SHAPE_BARS: return c->bars.count;
    case BLS_SHAPE_SCATTER: return c->scatter.count;
    }
    return 0;
}

/* ---- drawing: bar chart -------------------------------------------------- */

static double notes_height(pen *p, double width, char *const *notes, size_t count)
{
    double h = 0, nh;
    for (size_t i = 0; i < count; i++) {
        bls_pdf_pen_measure(p, &ST_NOTE, width, notes[i], NULL, &nh);
        h += nh + 2;
    }
    return h;
}

static double draw_notes(pen *p, double x, double y, double width, char *const *notes, size_t count)
{
    for (size_t i = 0; i < count; i++)
        y += bls_pdf_pen_text(p, &ST_NOTE, x, y, width, notes[i]) + 2;
    return y;
}

void bls_pdf_chart_title(pen *p, const box *b, const char *title, int continued, const char *sub,
                         double *y)
{
    text t;
    bls_pdf_text_init(&t);
    bls_pdf_text_put(&t, title);
    if (continued)
        bls_pdf_text_put(&t, " (continued)");
    *y += bls_pdf_pen_text(p, &ST_TITLE, b->x, *y, b->w, bls_pdf_text_str(&t, &p->status)) + 2;
    *y += bls_pdf_pen_text(p, &ST_SUBTITLE, b->x, *y, b->w, sub) + 10;
    bls_pdf_text_cleanup(&t);
}

#define AXIS_H 30.0
#define REFERENCE_H 14.0

/* Everything of a bar chart but its rows: title, subtitle, axis, notes. */
double bls_pdf_bar_chart_fixed_height(pen *p, double width, const bar_chart *c, int continued)
{
    double h = 0;
    box b = {0, 0, width, 0};
    pen_text_hook hook = p->hook;
    p->hook = NULL; /* nothing drawn here is text of the chart */
    cairo_save(p->cr);
    cairo_rectangle(p->cr, 0, 0, 0, 0);
    cairo_clip(p->cr); /* measure by drawing nowhere */
    bls_pdf_chart_title(p, &b, c->title, continued, c->subtitle, &h);
    cairo_restore(p->cr);
    p->hook = hook;
    return h + (c->has_reference || c->has_ranges ? REFERENCE_H : 0) + AXIS_H +
           notes_height(p, width, c->notes, c->note_count) + 4;
}

static double bar_end(const bar_chart *c, const bls_number *n)
{
    return n->state == BLS_CELL_TOP_CODED ? c->cap : bls_number_to_double(n);
}

static void bar_label(text *t, const bar_chart *c, const bar_item *it)
{
    bls_pdf_text_reset(t);
    bls_pdf_format_value(t, &it->value, c->unit, &c->period);
}

/* Where a bar's value label starts. With ranges the value stands in a
 * column of its own at the right, under "Median": beside the whisker it
 * read as the 90th percentile. Else after the bar (or its arrow, whiskers),
 * or left of a negative bar. */
static double value_label_x(const bar_chart *c, const box *b, const bar_item *it, double end,
                            double zero, double after, double label_w)
{
    if (c->has_ranges)
        return b->x + b->w - label_w;
    if (it->value.state == BLS_CELL_VALUE && it->value.scaled < 0)
        return fmin(end, zero) - 4 - label_w;
    return after + 4;
}

void bls_pdf_draw_bar_chart(pen *p, const box *b, const bar_chart *c, size_t first, size_t count,
                            int continued)
{
    cairo_t *cr = p->cr;
    double y = b->y;
    double fixed = bls_pdf_bar_chart_fixed_height(p, b->w, c, continued);
    bls_pdf_chart_title(p, b, c->title, continued, c->subtitle, &y);
    double plot_top = y + (c->has_reference || c->has_ranges ? REFERENCE_H : 0);
    double row_h = count ? fmax(6, fmin(MAX_ROW_H, (b->h - fixed) / (double)count)) : MAX_ROW_H;
    double plot_bottom = plot_top + row_h * (double)count;

    /* Scale over every item so continued pages share one axis. */
    double lo = 0, hi = c->has_reference ? c->reference : 0, label_w = 0;
    text t; /* scratch for every label drawn here */
    bls_pdf_text_init(&t);
    for (size_t i = 0; i < c->count; i++) {
        const bar_item *it = &c->items[i];
        lo = fmin(lo, bar_end(c, &it->value));
        hi = fmax(hi, bar_end(c, &it->value) * (it->value.state == BLS_CELL_TOP_CODED ? 1.04 : 1));
        for (size_t k = 0; k < 4; k++)
            if (drawable(&it->range[k]))
                hi = fmax(hi, bar_end(c, &it->range[k]) * 1.02);
        bar_label(&t, c, it);
        label_w = fmax(label_w, bls_pdf_pen_width(p, &ST_SMALL, bls_pdf_text_str(&t, &p->status)));
    }
    axis a = bls_pdf_axis_make(lo, hi, 1);
    double cat_w = fmin(b->w * 0.36, 200);
    double x0 = b->x + cat_w + 10 + (a.lo < 0 ? label_w + 6 : 0);
    double x1 = b->x + b->w - label_w - 8;

    for (int64_t i = a.first; i <= a.last; i++) {
        double x = bls_pdf_axis_pos(&a, (double)i * a.step, x0, x1);
        bls_pdf_line(cr, x, plot_top, x, plot_bottom, i == 0 ? OI_BLACK : GREY_LINE,
                     i == 0 ? 0.8 : 0.4, 0);
        bls_pdf_text_reset(&t);
        bls_pdf_axis_tick_label(&t, &a, i, c->unit);
        static const style tick = {7, 0, GREY_TEXT, CENTER, 1};
        bls_pdf_pen_text(p, &tick, x - 30, plot_bottom + 3, 60, bls_pdf_text_str(&t, &p->status));
    }
    static const style axis_st = {8, 0, OI_BLACK, CENTER, 1};
    bls_pdf_pen_text(p, &axis_st, x0, plot_bottom + 15, x1 - x0, c->axis_label);

    double zero = bls_pdf_axis_pos(&a, 0, x0, x1), bar_h = fmin(row_h * 0.62, 16);
    for (size_t i = 0; i < count && first + i < c->count; i++) {
        const bar_item *it = &c->items[first + i];
        double cy = plot_top + ((double)i + 0.5) * row_h;
        /* Category labels wrap to the lines the row holds (a title is cut
         * only past that, on the smallest rows of a four-page selection). */
        style cat = {row_h >= 18 ? 7.5 : 7, 0, OI_BLACK, RIGHT,
                     row_h >= 24   ? 3
                     : row_h >= 15 ? 2
                                   : 1};
        double ch;
        bls_pdf_pen_measure(p, &cat, cat_w, it->label, NULL, &ch);
        bls_pdf_pen_text(p, &cat, b->x, cy - ch / 2, cat_w, it->label);

        double end = bls_pdf_axis_pos(&a, bar_end(c, &it->value), x0, x1);
        bls_pdf_set_colour(cr, c->colour, c->has_ranges ? 0.55 : 1);
        cairo_rectangle(cr, fmin(zero, end), cy - bar_h / 2, fabs(end - zero), bar_h);
        cairo_fill(cr);
        double label_x = end;
        if (it->value.state == BLS_CELL_TOP_CODED) {
            bls_pdf_arrow_right(cr, end, cy, bar_h, c->colour);
            label_x = end + bar_h;
        }
        const bls_number *r = it->range;
        for (size_t k = 0; k < 2; k++) { /* k 0: 10th-90th whisker; k 1: 25th-75th box */
            const bls_number *from = &r[k], *to = &r[3 - k];
            if (!drawable(from) || !drawable(to))
                continue;
            double fx = bls_pdf_axis_pos(&a, bar_end(c, from), x0, x1);
            double tx = bls_pdf_axis_pos(&a, bar_end(c, to), x0, x1);
            double half = k == 0 ? bar_h * 0.22 : bar_h * 0.3;
            bls_pdf_set_colour(cr, OI_BLACK, 1);
            cairo_set_line_width(cr, 0.8);
            if (k == 0) {
                cairo_move_to(cr, fx, cy);
                cairo_line_to(cr, tx, cy);
                cairo_move_to(cr, fx, cy - half);
                cairo_line_to(cr, fx, cy + half);
                if (to->state != BLS_CELL_TOP_CODED) {
                    cairo_move_to(cr, tx, cy - half);
                    cairo_line_to(cr, tx, cy + half);
                }
                cairo_stroke(cr);
            } else {
                bls_pdf_set_colour(cr, WHITE, 1);
                cairo_rectangle(cr, fx, cy - half, tx - fx, 2 * half);
                cairo_fill_preserve(cr);
                bls_pdf_set_colour(cr, OI_BLACK, 1);
                cairo_stroke(cr);
                bls_pdf_line(cr, end, cy - half, end, cy + half, OI_BLACK, 1.4, 0); /* the median */
            }
            if (to->state == BLS_CELL_TOP_CODED)
                bls_pdf_arrow_right(cr, tx, cy, 5, OI_BLACK);
            label_x = fmax(label_x, tx + (to->state == BLS_CELL_TOP_CODED ? 5 : 0));
        }
        bar_label(&t, c, it);
        const char *value = bls_pdf_text_str(&t, &p->status);
        double lw;
        bls_pdf_pen_measure(p, &ST_SMALL, 0, value, &lw, &ch);
        double lx = value_label_x(c, b, it, end, zero, label_x, lw);
        bls_pdf_pen_text(p, &ST_SMALL, lx, cy - ch / 2, 0, value);
    }
    if (c->has_ranges) {
        static const style head = {7, 1, OI_BLACK, RIGHT, 1};
        bls_pdf_pen_text(p, &head, x1, plot_top - REFERENCE_H, b->x + b->w - x1, "Median");
    }
    if (c->has_reference) {
        double rx = bls_pdf_axis_pos(&a, c->reference, x0, x1);
        bls_pdf_line(cr, rx, plot_top - 3, rx, plot_bottom, OI_VERMILLION, 1.1, 1);
        static const style ref_st = {7, 1, OI_VERMILLION, LEFT, 1};
        double rw = bls_pdf_pen_width(p, &ref_st, c->reference_label);
        bls_pdf_pen_text(p, &ref_st, fmin(rx - rw / 2, b->x + b->w - rw), plot_top - REFERENCE_H, 0,
                         c->reference_label);
    }
    draw_notes(p, b->x, plot_bottom + AXIS_H + 4, b->w, c->notes, c->note_count);
    bls_pdf_text_cleanup(&t);
}

/* ---- drawing: scatter ---------------------------------------------------- */

static int rects_overlap(const rect *a, const rect *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static int rect_free(const rect *r, const rect *taken, size_t n, const rect *plot)
{
    if (r->x < plot->x || r->y < plot->y || r->x + r->w > plot->x + plot->w ||
        r->y + r->h > plot->y + plot->h)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (rects_overlap(r, &taken[i]))
            return 0;
    return 1;
}

static double point_radius(const scatter_chart *c, const scatter_point *pt, double emp_max)
{
    if (!c->has_employment)
        return 4;
    if (pt->employment.state != BLS_CELL_VALUE || emp_max <= 0)
        return 3;
    return fmax(1.5, 15 * sqrt(fmax(0, bls_number_to_double(&pt->employment)) / emp_max));
}

/* Circles for the size legend: a round number at or below the largest, and
 * a tenth of it. */
static size_t size_legend_values(double emp_max, int64_t out[2])
{
    int64_t v = 1;
    while (v <= INT64_MAX / 10 && (double)v * 10 <= emp_max)
        v *= 10;
    int64_t lead = (int64_t)(emp_max / (double)v);
    out[0] = (lead >= 5 ? 5 : lead >= 2 ? 2 : 1) * v;
    out[1] = out[0] / 10;
    return out[1] > 0 ? 2 : 1;
}

void bls_pdf_draw_scatter(pen *p, const box *b, const scatter_chart *c)
{
    cairo_t *cr = p->cr;
    double y = b->y;
    bls_pdf_chart_title(p, b, c->title, 0, c->subtitle, &y);
    /* + one line for the "labels left out" note */
    double notes_h = notes_height(p, b->w, c->notes, c->note_count) + 11;
    double emp_max = 0, wlo = INFINITY, whi = -INFINITY, glo = 0, ghi = 0;
    for (size_t i = 0; i < c->count; i++) {
        const scatter_point *pt = &c->points[i];
        double w = pt->wage.state == BLS_CELL_TOP_CODED ? c->cap : bls_number_to_double(&pt->wage);
        wlo = fmin(wlo, w);
        whi = fmax(whi, w);
        glo = fmin(glo, bls_number_to_double(&pt->growth));
        ghi = fmax(ghi, bls_number_to_double(&pt->growth));
        if (pt->employment.state == BLS_CELL_VALUE)
            emp_max = fmax(emp_max, bls_number_to_double(&pt->employment));
    }
    if (c->has_ref_wage) {
        wlo = fmin(wlo, c->ref_wage);
        whi = fmax(whi, c->ref_wage);
    }
    if (c->has_ref_growth) {
        glo = fmin(glo, c->ref_growth);
        ghi = fmax(ghi, c->ref_growth);
    }
    double pad = (whi - wlo) * 0.08 + 1;
    axis ax = bls_pdf_axis_make(wlo - pad, whi + pad * (c->has_top_coded ? 2 : 1), 0);
    double gpad = (ghi - glo) * 0.06 + 0.5;
    axis ay = bls_pdf_axis_make(glo < 0 ? glo - gpad : 0, ghi + gpad, 1);

    double legend_h = c->has_employment ? 40 : 0;
    rect plot = {b->x + 46, y + legend_h, b->w - 56, 0};
    plot.h = fmin(b->y + b->h - notes_h - 34 - plot.y, plot.w * 0.85);
    text t; /* scratch for every label drawn here */
    bls_pdf_text_init(&t);
    static const style tick = {7, 0, GREY_TEXT, RIGHT, 1};
    static const style tick_c = {7, 0, GREY_TEXT, CENTER, 1};
    static const style axis_st = {8, 0, OI_BLACK, CENTER, 1};
    for (int64_t i = ay.first; i <= ay.last; i++) {
        double py = bls_pdf_axis_pos(&ay, (double)i * ay.step, plot.y + plot.h, plot.y);
        bls_pdf_line(cr, plot.x, py, plot.x + plot.w, py, i == 0 ? OI_BLACK : GREY_LINE,
                     i == 0 ? 0.8 : 0.4, 0);
        bls_pdf_text_reset(&t);
        bls_pdf_axis_tick_label(&t, &ay, i, c->y_unit);
        bls_pdf_pen_text(p, &tick, plot.x - 44, py - 4.5, 40, bls_pdf_text_str(&t, &p->status));
    }
    for (int64_t i = ax.first; i <= ax.last; i++) {
        double px = bls_pdf_axis_pos(&ax, (double)i * ax.step, plot.x, plot.x + plot.w);
        bls_pdf_line(cr, px, plot.y, px, plot.y + plot.h, GREY_LINE, 0.4, 0);
        bls_pdf_text_reset(&t);
        bls_pdf_axis_tick_label(&t, &ax, i, c->x_unit);
        bls_pdf_pen_text(p, &tick_c, px - 30, plot.y + plot.h + 5, 60,
                         bls_pdf_text_str(&t, &p->status)); /* clear of "0%" */
    }
    bls_pdf_pen_text(p, &axis_st, plot.x, plot.y + plot.h + 17, plot.w, c->x_axis_label);
    cairo_save(cr);
    cairo_translate(cr, b->x, plot.y + plot.h);
    cairo_rotate(cr, -TAU / 4); /* the layout is unhinted: no update for the matrix */
    bls_pdf_pen_text(p, &axis_st, 0, 0, plot.h, c->y_axis_label);
    cairo_restore(cr);
    if (c->has_ref_wage) {
        double px = bls_pdf_axis_pos(&ax, c->ref_wage, plot.x, plot.x + plot.w);
        bls_pdf_line(cr, px, plot.y, px, plot.y + plot.h, OI_VERMILLION, 0.9, 1);
    }
    if (c->has_ref_growth) {
        double py = bls_pdf_axis_pos(&ay, c->ref_growth, plot.y + plot.h, plot.y);
        bls_pdf_line(cr, plot.x, py, plot.x + plot.w, py, OI_VERMILLION, 0.9, 1);
    }

    /* Points, largest first so small ones stay visible; then labels, placed
     * at the first free spot around each point (none when all collide). */
    rect *taken = c->taken;
    size_t n_taken = 0, omitted = 0;
    for (size_t i = 0; i < c->count; i++) {
        const scatter_point *pt = &c->points[i];
        double r = point_radius(c, pt, emp_max);
        double px = bls_pdf_axis_pos(
            &ax, pt->wage.state == BLS_CELL_TOP_CODED ? c->cap : bls_number_to_double(&pt->wage),
            plot.x, plot.x + plot.w);
        double py =
            bls_pdf_axis_pos(&ay, bls_number_to_double(&pt->growth), plot.y + plot.h, plot.y);
        cairo_new_sub_path(cr);
        cairo_arc(cr, px, py, r, 0, TAU);
        bls_pdf_set_colour(cr, c->colour,
                           c->has_employment && pt->employment.state != BLS_CELL_VALUE ? 0 : 0.55);
        cairo_fill_preserve(cr);
        bls_pdf_set_colour(cr, c->colour, 1);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
        taken[n_taken++] = (rect){px - r, py - r, 2 * r, 2 * r};
        if (pt->wage.state == BLS_CELL_TOP_CODED) {
            bls_pdf_arrow_right(cr, px + r + 1, py, 6, OI_BLACK);
            taken[n_taken - 1].w += 8; /* keep labels off the arrow too */
        }
    }
    static const style label_st = {7, 0, OI_BLACK, LEFT, 3}; /* wraps; 3 lines hold any title */
    for (size_t i = 0; i < c->count; i++) {
        rect dot = taken[i];
        double r = dot.h / 2, px = dot.x + r, py = dot.y + r, lw, lh;
        bls_pdf_pen_measure(p, &label_st, LABEL_W, c->points[i].label, &lw, &lh);
        const double cand[][2] = {
            {px + r + 3, py - lh / 2},        {px - r - 3 - lw, py - lh / 2},
            {px - lw / 2, py - r - 1 - lh},   {px - lw / 2, py + r + 1},
            {px + r + 2, py - r - lh},        {px + r + 2, py + r},
            {px - r - 2 - lw, py - r - lh},   {px - r - 2 - lw, py + r},
            {px + r + 3, py - 1.5 * lh},      {px + r + 3, py + 0.5 * lh},
            {px - r - 3 - lw, py - 1.5 * lh}, {px - r - 3 - lw, py + 0.5 * lh}};
        size_t k = 0;
        rect lr = {0, 0, lw, lh};
        for (; k < sizeof cand / sizeof cand[0]; k++) {
            lr.x = cand[k][0];
            lr.y = cand[k][1];
            if (rect_free(&lr, taken, n_taken, &plot))
                break;
        }
        if (k == sizeof cand / sizeof cand[0]) {
            omitted++;
            continue;
        }
        taken[n_taken++] = lr;
        bls_pdf_pen_text(p, &label_st, lr.x, lr.y, LABEL_W, c->points[i].label);
    }

    if (c->has_employment) { /* size legend above the plot */
        int64_t values[2];
        size_t nv = size_legend_values(emp_max, values);
        double lx = plot.x, cy = plot.y - legend_h / 2;
        bls_pdf_pen_text(p, &ST_SMALL, lx, cy - 5, 0, "Employment:");
        lx += bls_pdf_pen_width(p, &ST_SMALL, "Employment:") + 8;
        for (size_t i = 0; i < nv; i++) {
            scatter_point sample = {NULL, NULL, empty_number(), empty_number(),
                                    bls_number_make(values[i], 0)};
            double r = point_radius(c, &sample, emp_max);
            cairo_new_sub_path(cr);
            cairo_arc(cr, lx + r, cy, r, 0, TAU);
            bls_pdf_set_colour(cr, c->colour, 0.55);
            cairo_fill(cr);
            lx += 2 * r + 4;
            bls_pdf_text_reset(&t);
            bls_pdf_format_value(&t, &sample.employment, c->size_unit, NULL);
            const char *value = bls_pdf_text_str(&t, &p->status);
            bls_pdf_pen_text(p, &ST_SMALL, lx, cy - 5, 0, value);
            lx += bls_pdf_pen_width(p, &ST_SMALL, value) + 14;
        }
    }
    double ny = draw_notes(p, b->x, plot.y + plot.h + AXIS_H + 4, b->w, c->notes, c->note_count);
    if (omitted) {
        bls_pdf_text_reset(&t);
        bls_pdf_text_printf(&t, "%zu point label%s left out where they would overlap.", omitted,
                            omitted == 1 ? "" : "s");
        bls_pdf_pen_text(p, &ST_NOTE, b->x, ny, b->w, bls_pdf_text_str(&t, &p->status));
    }
    bls_pdf_text_cleanup(&t);
}
