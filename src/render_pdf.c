/*
 * render_pdf.c - the publisher's PDF report, drawn with cairo and pango.
 *
 * Pipeline stage: ... -> model -> crosscheck -> *render_pdf*.
 *
 * Pages: (1) cover and summary; (2) projected employment growth, sorted bars
 * with the all-occupations figure (SOC 00-0000) as a dashed line; (3) median
 * annual pay with 10th-90th / 25th-75th percentile ranges, top-coded ("#")
 * wages drawn as open-ended bars, never as the cap; (4) growth versus pay
 * scatter, point area by employment; (5) the cross-check table. Bar charts
 * continue on further pages past BARS_PER_PAGE occupations; a chart whose
 * metric no occupation has is left out (the cover says so).
 *
 * Each chart is drawn by one function that takes a pen (cairo_t + pango
 * layout) and a box: the same code draws the PDF page, and, with
 * opts->charts_dir, growth/pay/scatter .svg and .png (2x) files.
 *
 * Numbers: labels are formatted from the exact bls_number (own thousands
 * grouping, no locale); doubles are used only for positions.
 * Reproducibility: the creation date comes from source_date_epoch (gmtime_r),
 * and cairo 1.16 writes no /ID and no other clock value, so equal inputs give
 * byte-identical PDFs. Fonts: DejaVu Sans via fontconfig, embedded as
 * subsets by cairo. Errors: cairo_status_t is translated at the end of each
 * surface (BLS_ERR_WRITE for files that cannot be written, BLS_ERR_NOMEM,
 * else BLS_ERR_PDF). This is the only file that includes cairo or pango.
 */
#define _POSIX_C_SOURCE 200809L

#include "blsreport/render_pdf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "blsreport/alloc.h"
#include "blsreport/cells.h"
#include "blsreport/metric.h"
#include "blsreport/validate.h"

/* ---- look -------------------------------------------------------------- */

#define FONT_FAMILY "DejaVu Sans,Sans"
#define PAGE_MARGIN 48.0
#define PAGE_TOP 64.0
#define PAGE_BOTTOM 56.0
#define BARS_PER_PAGE 25
#define MAX_ROW_H 26.0
#define STANDALONE_ROW_H 22.0
#define CHART_FILE_W 640.0
#define LABEL_W 140.0 /* scatter point labels: one line, ellipsized */
#define SCATTER_FILE_H 520.0
#define TABLE_CELL_LINES 6
#define TAU 6.283185307179586
#define ALL_OCCUPATIONS "00-0000"

/* Okabe-Ito palette (colour-blind safe) plus greys. */
enum {
    OI_BLACK = 0x000000,
    OI_ORANGE = 0xE69F00,
    OI_SKY = 0x56B4E9,
    OI_GREEN = 0x009E73,
    OI_YELLOW = 0xF0E442,
    OI_BLUE = 0x0072B2,
    OI_VERMILLION = 0xD55E00,
    OI_PURPLE = 0xCC79A7,
    GREY_TEXT = 0x555555,
    GREY_LINE = 0xC8C8C8,
    GREY_BAND = 0xF3F3F3,
    WHITE = 0xFFFFFF,
};

static const unsigned verdict_colour[BLS_VERDICT_COUNT] = {
    [BLS_VERDICT_MATCH] = OI_GREEN,         [BLS_VERDICT_ROUNDING] = OI_SKY,
    [BLS_VERDICT_MISMATCH] = OI_VERMILLION, [BLS_VERDICT_MISSING] = OI_ORANGE,
    [BLS_VERDICT_STALE] = OI_YELLOW,        [BLS_VERDICT_AMBIGUOUS] = OI_PURPLE,
};
static const unsigned severity_colour[] = {
    [BLS_SEV_INFO] = OI_SKY, [BLS_SEV_WARNING] = OI_ORANGE, [BLS_SEV_ERROR] = OI_VERMILLION};

typedef enum { LEFT, CENTER, RIGHT } align;
typedef struct style {
    double size;
    int bold;
    unsigned colour;
    align align;
    int lines; /* 0: wrap freely; n > 0: at most n lines, ellipsized */
} style;

static const style ST_TITLE = {15, 1, OI_BLACK, LEFT, 2};
static const style ST_SUBTITLE = {9, 0, GREY_TEXT, LEFT, 2};
static const style ST_HEADING = {11, 1, OI_BLACK, LEFT, 1};
static const style ST_BODY = {9, 0, OI_BLACK, LEFT, 0};
static const style ST_NOTE = {7.5, 0, GREY_TEXT, LEFT, 2};
static const style ST_SMALL = {7.5, 0, OI_BLACK, LEFT, 1};
static const style ST_CELL = {7.5, 0, OI_BLACK, LEFT, TABLE_CELL_LINES};
static const style ST_CELL_HEAD = {7.5, 1, OI_BLACK, LEFT, 2};

typedef struct box {
    double x, y, w, h;
} box;

static const struct {
    double w, h;
} paper_points[] = {[BLS_PAPER_A4] = {595, 842}, [BLS_PAPER_LETTER] = {612, 792}};

/* ---- bounded text buffers ---------------------------------------------- */

typedef struct text {
    char s[512];
    size_t len;
} text;

static void text_put(text *t, const char *s)
{
    size_t n = strlen(s), room = sizeof t->s - 1 - t->len;
    if (n > room)
        n = room;
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

/* Copy a text into a smaller fixed field, cut at the field's size: labels
 * longer than their field are ellipsized when drawn anyway. */
static void text_copy(char *dst, size_t size, const text *t)
{
    size_t n = t->len < size - 1 ? t->len : size - 1;
    /* never cut inside a UTF-8 sequence: Pango rejects invalid UTF-8 */
    while (n > 0 && n < t->len && ((unsigned char)t->s[n] & 0xC0) == 0x80)
        n--;
    memcpy(dst, t->s, n);
    dst[n] = '\0';
}

static void text_printf(text *t, const char *fmt, ...) BLS_PRINTF(2, 3);
static void text_printf(text *t, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        text_put(t, buf);
}

/* ---- numbers: exact labels --------------------------------------------- */

/* The value with thousands separators and its unit: "$54,410", "40.9%",
 * "12,340". Markers: top-coded "≥ $187,200" when the year's cap is known. */
/* NOLINTNEXTLINE(misc-no-recursion): one level only, to format a top code's cap */
static void format_value(text *t, const bls_number *n, bls_unit unit, const bls_period *period)
{
    char plain[48];
    if (n->state == BLS_CELL_TOP_CODED) {
        long cap = period && period->year_from >= 2012 ? bls_top_code_annual(period->year_from) : 0;
        if (cap > 0 && unit == BLS_UNIT_DOLLARS_YEAR) {
            bls_number c = bls_number_make(cap, 0);
            text_put(t, "\xE2\x89\xA5 "); /* ≥ */
            format_value(t, &c, unit, NULL);
        } else if (cap > 0 && unit == BLS_UNIT_DOLLARS_HOUR) {
            bls_number c = bls_number_make((int64_t)cap * 100 / 2080, 2);
            text_put(t, "\xE2\x89\xA5 ");
            format_value(t, &c, unit, NULL);
        } else {
            text_put(t, "# (at or above the top code)");
        }
        return;
    }
    if (n->state != BLS_CELL_VALUE || bls_number_format(n, plain, sizeof plain) == 0) {
        const char *marker = bls_cell_marker(n->state);
        text_put(t, marker ? marker : "\xE2\x80\x94"); /* — */
        return;
    }
    const char *digits = plain;
    if (*digits == '-') {
        text_put(t, "-");
        digits++;
    }
    if (unit == BLS_UNIT_DOLLARS_YEAR || unit == BLS_UNIT_DOLLARS_HOUR)
        text_put(t, "$");
    size_t int_len = strcspn(digits, ".");
    for (size_t i = 0; i < int_len; i++) {
        char ch[2] = {digits[i], '\0'};
        if (i > 0 && (int_len - i) % 3 == 0)
            text_put(t, ",");
        text_put(t, ch);
    }
    text_put(t, digits + int_len);
    if (unit == BLS_UNIT_PERCENT)
        text_put(t, "%");
}

/* "2012-22" for a span, "May 2014" for a month: as BLS source lines read. */
static void format_period_short(text *t, const bls_period *p)
{
    char buf[48];
    if (p->year_to != p->year_from && p->year_from / 100 == p->year_to / 100) {
        text_printf(t, "%d-%02d", p->year_from, p->year_to % 100);
        return;
    }
    bls_period_format(p, buf, sizeof buf);
    text_put(t, buf);
}

static void format_period(text *t, const bls_period *p)
{
    char buf[48];
    bls_period_format(p, buf, sizeof buf);
    text_put(t, buf);
}

static int drawable(const bls_number *n)
{
    return n->state == BLS_CELL_VALUE || n->state == BLS_CELL_TOP_CODED;
}

/* ---- axes: nice ticks as exact numbers --------------------------------- */

typedef struct axis {
    double lo, hi, step;
    int64_t first, last; /* tick i is at i * step_scaled / 10^decimals */
    int64_t step_scaled;
    unsigned decimals;
} axis;

static axis axis_make(double lo, double hi, int with_zero)
{
    static const struct {
        double limit;
        int mantissa, shift;
    } steps[] = {{1, 1, 0}, {2, 2, 0}, {2.5, 25, -1}, {5, 5, 0}, {10, 1, 1}};
    axis a = {0};
    if (with_zero) {
        lo = fmin(lo, 0);
        hi = fmax(hi, 0);
    }
    if (!(hi > lo))
        hi = lo + 1;
    double raw = (hi - lo) / 5;
    int e = (int)floor(log10(raw));
    double f = raw / pow(10, e);
    size_t k = 0;
    while (k + 1 < sizeof steps / sizeof steps[0] && f > steps[k].limit + 1e-9)
        k++;
    int exp10 = e + steps[k].shift;
    if (exp10 > 15)
        exp10 = 15;
    if (exp10 < -BLS_NUMBER_MAX_DECIMALS)
        exp10 = -BLS_NUMBER_MAX_DECIMALS;
    a.step_scaled = steps[k].mantissa;
    for (int i = 0; i < exp10; i++)
        a.step_scaled *= 10;
    a.decimals = exp10 < 0 ? (unsigned)-exp10 : 0;
    a.step = (double)a.step_scaled / pow(10, a.decimals);
    a.first = (int64_t)floor(lo / a.step + 1e-9);
    a.last = (int64_t)ceil(hi / a.step - 1e-9);
    if (a.last <= a.first)
        a.last = a.first + 1;
    a.lo = (double)a.first * a.step;
    a.hi = (double)a.last * a.step;
    return a;
}

static void axis_tick_label(text *t, const axis *a, int64_t i, bls_unit unit)
{
    int64_t scaled = i * a->step_scaled;
    unsigned decimals = a->decimals;
    while (decimals > 0 && scaled % 10 == 0) {
        scaled /= 10;
        decimals--;
    }
    bls_number n = bls_number_make(scaled, decimals);
    format_value(t, &n, unit, NULL);
}

static double axis_pos(const axis *a, double v, double from, double to)
{
    return from + (v - a->lo) / (a->hi - a->lo) * (to - from);
}

/* ---- pen: cairo + one reusable pango layout ----------------------------- */

/* Every text is laid out at one size per weight, PEN_SIZE, and drawn scaled
 * by the cairo matrix to its style's size. Pango looks up fonts (fontconfig
 * substitution and sorting, ~2.5 ms each) once per size and weight, so nine
 * sizes cost a fifth of the PDF's time; with metrics unhinted, a layout
 * scales exactly. */
#define PEN_SIZE 10.0

typedef struct pen {
    cairo_t *cr;
    PangoContext *context;
    PangoLayout *layout;
    double scale; /* style size / PEN_SIZE, of the text last set */
} pen;

static void pen_open(pen *p, cairo_t *cr)
{
    p->cr = cr;
    p->scale = 1;
    p->context = pango_cairo_create_context(cr);
    /* No hinting of metrics: the same layout in PDF, SVG and PNG. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(p->context, fo);
    cairo_font_options_destroy(fo);
    /* Unrounded glyph positions: a layout at PEN_SIZE scales to any size. */
    pango_context_set_round_glyph_positions(p->context, FALSE);
    p->layout = pango_layout_new(p->context);
    /* Words cut at the column edge get no inserted hyphen: "-" would read
     * as part of a file name or SOC code. */
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(p->layout, attrs);
    pango_attr_list_unref(attrs);
}

static void pen_close(pen *p)
{
    if (p->layout)
        g_object_unref(p->layout);
    if (p->context)
        g_object_unref(p->context);
    p->layout = NULL;
    p->context = NULL;
}

static void set_colour(cairo_t *cr, unsigned rgb, double alpha)
{
    cairo_set_source_rgba(cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
                          (rgb & 0xFF) / 255.0, alpha);
}

static void pen_set(pen *p, const style *s, double width, const char *str)
{
    static const PangoAlignment alignments[] = {
        [LEFT] = PANGO_ALIGN_LEFT, [CENTER] = PANGO_ALIGN_CENTER, [RIGHT] = PANGO_ALIGN_RIGHT};
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, FONT_FAMILY);
    pango_font_description_set_weight(fd, s->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, PEN_SIZE * PANGO_SCALE);
    pango_layout_set_font_description(p->layout, fd);
    pango_font_description_free(fd);
    p->scale = s->size / PEN_SIZE;
    width /= p->scale; /* in the layout's units from here on */
    pango_layout_set_width(p->layout, width > 0 ? (int)(width * PANGO_SCALE) : -1);
    pango_layout_set_wrap(p->layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_ellipsize(p->layout, s->lines > 0 && width > 0 ? PANGO_ELLIPSIZE_END
                                                                    : PANGO_ELLIPSIZE_NONE);
    /* One line: -1. More: a positive height bounds the whole layout (a
     * negative one would count lines per paragraph, and cells hold "\n");
     * DejaVu's line is about 1.164 x the size. */
    pango_layout_set_height(p->layout,
                            s->lines > 1 ? (int)(s->lines * PEN_SIZE * 1.2 * PANGO_SCALE) : -1);
    pango_layout_set_alignment(p->layout, alignments[s->align]);
    if (g_utf8_validate(str, -1, NULL)) {
        pango_layout_set_text(p->layout, str, -1);
    } else { /* input text is data: never let pango complain about it */
        gchar *valid = g_utf8_make_valid(str, -1);
        pango_layout_set_text(p->layout, valid, -1);
        g_free(valid);
    }
}

static void pen_measure(pen *p, const style *s, double width, const char *str, double *w, double *h)
{
    PangoRectangle logical;
    pen_set(p, s, width, str);
    pango_layout_get_extents(p->layout, NULL, &logical);
    if (w)
        *w = (double)logical.width / PANGO_SCALE * p->scale;
    if (h)
        *h = (double)logical.height / PANGO_SCALE * p->scale;
}

/* Draw text with its top-left at (x, y) within @p width; return its height. */
static double pen_text(pen *p, const style *s, double x, double y, double width, const char *str)
{
    double h;
    pen_measure(p, s, width, str, NULL, &h);
    set_colour(p->cr, s->colour, 1);
    cairo_save(p->cr);
    cairo_translate(p->cr, x, y);
    cairo_scale(p->cr, p->scale, p->scale);
    cairo_move_to(p->cr, 0, 0);
    pango_cairo_show_layout(p->cr, p->layout);
    cairo_restore(p->cr);
    return h;
}

static double pen_width(pen *p, const style *s, const char *str)
{
    double w;
    pen_measure(p, s, 0, str, &w, NULL);
    return w;
}

/* A rounded coloured chip with a label, for verdicts and severities. */
static double chip(pen *p, double x, double y, unsigned colour, const char *label)
{
    static const style st = {7.5, 1, OI_BLACK, LEFT, 1};
    double w, h;
    pen_measure(p, &st, 0, label, &w, &h);
    double cw = w + 10, ch = h + 4, r = 3;
    cairo_new_sub_path(p->cr);
    cairo_arc(p->cr, x + cw - r, y + r, r, -TAU / 4, 0);
    cairo_arc(p->cr, x + cw - r, y + ch - r, r, 0, TAU / 4);
    cairo_arc(p->cr, x + r, y + ch - r, r, TAU / 4, TAU / 2);
    cairo_arc(p->cr, x + r, y + r, r, TAU / 2, 3 * TAU / 4);
    cairo_close_path(p->cr);
    set_colour(p->cr, colour, 1);
    cairo_fill(p->cr);
    pen_text(p, &st, x + 5, y + 2, 0, label);
    return cw;
}

static void line(cairo_t *cr, double x0, double y0, double x1, double y1, unsigned colour,
                 double width, int dashed)
{
    static const double dash[] = {4, 3};
    cairo_save(cr);
    set_colour(cr, colour, 1);
    cairo_set_line_width(cr, width);
    cairo_set_dash(cr, dash, dashed ? 2 : 0, 0);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void arrow_right(cairo_t *cr, double x, double cy, double size, unsigned colour)
{
    set_colour(cr, colour, 1);
    cairo_move_to(cr, x, cy - size / 2);
    cairo_line_to(cr, x + size, cy);
    cairo_line_to(cr, x, cy + size / 2);
    cairo_close_path(cr);
    cairo_fill(cr);
}

/* ---- chart data ---------------------------------------------------------- */

enum { MAX_NOTES = 4 };

typedef struct rect {
    double x, y, w, h;
} rect;

typedef struct bar_item {
    const bls_occupation *occ;
    bls_number value;
    bls_number range[4]; /* 10th, 25th, 75th, 90th percentile; EMPTY when absent */
} bar_item;

typedef struct bar_chart {
    const char *stem, *title;
    bls_unit unit;
    bls_period period;
    bar_item *items;
    size_t count;
    unsigned colour;
    int has_reference, has_ranges, has_top_coded;
    double cap; /* where a top-coded bar ends; > every drawn value */
    char subtitle[200], axis_label[160], reference_label[120];
    char notes[MAX_NOTES][300];
    size_t note_count;
    double reference;
} bar_chart;

typedef struct scatter_point {
    const bls_occupation *occ;
    bls_number wage, growth, employment;
} scatter_point;

typedef struct scatter_chart {
    scatter_point *points;
    size_t count;
    struct rect *taken; /* room for the collision test: 2 * count + 1 rectangles */
    bls_period wage_period, growth_period, emp_period;
    int has_employment, has_top_coded, has_ref_wage, has_ref_growth;
    double cap, ref_wage, ref_growth;
    char subtitle[300];
    char notes[MAX_NOTES][300];
    size_t note_count;
} scatter_chart;

static const struct bar_spec {
    const char *stem, *title, *program, *subtitle, *axis;
    bls_metric metric;
    int with_ranges;
    unsigned colour;
} bar_specs[] = {
    {"growth", "Projected employment growth", "Employment Projections program",
     "Percent change in employment, ", "Percent change, ", BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 0,
     OI_BLUE},
    {"pay", "Median annual pay", "Occupational Employment and Wage Statistics",
     "Median annual wage, ", "Median annual wage (U.S. dollars), ", BLS_METRIC_MEDIAN_ANNUAL_WAGE,
     1, OI_GREEN},
};

static const bls_metric range_metrics[4] = {
    BLS_METRIC_ANNUAL_WAGE_PCT10, BLS_METRIC_ANNUAL_WAGE_PCT25, BLS_METRIC_ANNUAL_WAGE_PCT75,
    BLS_METRIC_ANNUAL_WAGE_PCT90};

static void add_note(char notes[][300], size_t *count, const text *t)
{
    if (*count < MAX_NOTES)
        text_copy(notes[(*count)++], sizeof notes[0], t);
}

static int is_all_occupations(const bls_occupation *occ)
{
    return occ->group == BLS_GROUP_TOTAL || strcmp(occ->soc_code, ALL_OCCUPATIONS) == 0;
}

/* The occupations charts show: report->selected, else every occupation but
 * the all-occupations total (which is the reference line). */
static size_t chart_candidates(const bls_report *r, const bls_occupation **out)
{
    size_t n = 0, total = bls_model_count(r->model);
    if (r->selected_count) {
        for (size_t i = 0; i < r->selected_count; i++) {
            const bls_occupation *occ = bls_model_find(r->model, r->selected[i]);
            if (occ && !is_all_occupations(occ))
                out[n++] = occ;
        }
        return n;
    }
    for (size_t i = 0; i < total; i++)
        if (!is_all_occupations(bls_model_at(r->model, i)))
            out[n++] = bls_model_at(r->model, i);
    return n;
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

/* Highest first; top-coded above every value; ties by SOC code. */
static int compare_bars(const void *a, const void *b)
{
    const bar_item *x = a, *y = b;
    int xt = x->value.state == BLS_CELL_TOP_CODED, yt = y->value.state == BLS_CELL_TOP_CODED;
    int c = xt != yt ? yt - xt : xt ? 0 : -bls_number_compare(&x->value, &y->value);
    return c ? c : strcmp(x->occ->soc_code, y->occ->soc_code);
}

static double top_code_position(const bls_period *p, double largest_value)
{
    long cap = p->year_from >= 2012 ? bls_top_code_annual(p->year_from) : 0;
    return cap > 0 ? (double)cap : largest_value * 1.15 + 1;
}

static bls_status bar_chart_build(const bls_report *r, const bls_occupation *const *cand, size_t n,
                                  const struct bar_spec *spec, bar_chart *c)
{
    text t;
    c->stem = spec->stem;
    c->title = spec->title;
    c->unit = bls_metric_unit(spec->metric);
    c->colour = spec->colour;
    if (!latest_period(cand, n, spec->metric, &c->period))
        return BLS_OK;
    c->items = bls_calloc(n, sizeof *c->items);
    if (!c->items)
        return BLS_ERR_NOMEM;
    size_t not_shown = 0;
    double largest = 0;
    for (size_t i = 0; i < n; i++) {
        bls_number v = lookup(cand[i], spec->metric, &c->period);
        if (v.state == BLS_CELL_EMPTY)
            continue;
        if (v.state != BLS_CELL_VALUE && !(v.state == BLS_CELL_TOP_CODED && spec->with_ranges)) {
            not_shown++;
            continue;
        }
        bar_item *it = &c->items[c->count++];
        it->occ = cand[i];
        it->value = v;
        c->has_top_coded |= v.state == BLS_CELL_TOP_CODED;
        for (size_t k = 0; k < 4; k++) {
            it->range[k] =
                spec->with_ranges ? lookup(cand[i], range_metrics[k], &c->period) : empty_number();
            if (it->range[k].state == BLS_CELL_VALUE)
                largest = fmax(largest, bls_number_to_double(&it->range[k]));
            c->has_top_coded |= it->range[k].state == BLS_CELL_TOP_CODED;
        }
        c->has_ranges |= (drawable(&it->range[0]) && drawable(&it->range[3])) ||
                         (drawable(&it->range[1]) && drawable(&it->range[2]));
        if (v.state == BLS_CELL_VALUE)
            largest = fmax(largest, bls_number_to_double(&v));
    }
    if (c->count > 1)
        qsort(c->items, c->count, sizeof *c->items, compare_bars);
    c->cap = top_code_position(&c->period, largest);

    bls_number ref = lookup(bls_model_find(r->model, ALL_OCCUPATIONS), spec->metric, &c->period);
    if (ref.state == BLS_CELL_VALUE) {
        c->has_reference = 1;
        c->reference = bls_number_to_double(&ref);
        t.len = 0;
        text_put(&t, "All occupations: ");
        format_value(&t, &ref, c->unit, &c->period);
        text_copy(c->reference_label, sizeof c->reference_label, &t);
    }

    t.len = 0;
    text_put(&t, spec->subtitle);
    format_period(&t, &c->period);
    text_put(&t, ", highest first");
    text_copy(c->subtitle, sizeof c->subtitle, &t);
    t.len = 0;
    text_put(&t, spec->axis);
    format_period(&t, &c->period);
    text_copy(c->axis_label, sizeof c->axis_label, &t);

    t.len = 0;
    text_printf(&t, "Source: U.S. Bureau of Labor Statistics, %s, ", spec->program);
    format_period_short(&t, &c->period);
    text_put(&t, ".");
    add_note(c->notes, &c->note_count, &t);
    if (c->has_reference) {
        t.len = 0;
        text_printf(&t, "Dashed line: %s.", c->reference_label);
        add_note(c->notes, &c->note_count, &t);
    }
    if (c->has_ranges) {
        t.len = 0;
        text_put(&t, "Whiskers: 10th to 90th percentile; boxes: 25th to 75th percentile.");
        add_note(c->notes, &c->note_count, &t);
    }
    if (c->has_top_coded) {
        bls_number top = {BLS_CELL_TOP_CODED, 0, 0, 0};
        t.len = 0;
        text_put(&t, "# BLS publishes no value for wages at or above its top code (");
        format_value(&t, &top, c->unit, &c->period);
        text_put(&t, "): such bars and whiskers are open-ended (arrow).");
        add_note(c->notes, &c->note_count, &t);
    }
    if (not_shown) {
        t.len = 0;
        text_printf(&t, "Not shown: %zu occupation%s without a published value.", not_shown,
                    not_shown == 1 ? "" : "s");
        add_note(c->notes, &c->note_count, &t);
    }
    return BLS_OK;
}

static int compare_points(const void *a, const void *b)
{
    const scatter_point *x = a, *y = b;
    int c = -bls_number_compare(&x->employment, &y->employment);
    if (c == 0 && x->employment.state != y->employment.state)
        c = x->employment.state == BLS_CELL_VALUE ? -1 : 1;
    return c ? c : strcmp(x->occ->soc_code, y->occ->soc_code);
}

static bls_status scatter_build(const bls_report *r, const bls_occupation *const *cand, size_t n,
                                scatter_chart *c)
{
    text t;
    if (!latest_period(cand, n, BLS_METRIC_MEDIAN_ANNUAL_WAGE, &c->wage_period) ||
        !latest_period(cand, n, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, &c->growth_period))
        return BLS_OK;
    int with_emp = latest_period(cand, n, BLS_METRIC_EMPLOYMENT, &c->emp_period);
    c->points = bls_calloc(n, sizeof *c->points);
    c->taken = bls_calloc(2 * n + 1, sizeof *c->taken);
    if (!c->points || !c->taken)
        return BLS_ERR_NOMEM;
    size_t not_shown = 0;
    double largest = 0;
    for (size_t i = 0; i < n; i++) {
        scatter_point pt = {
            cand[i], lookup(cand[i], BLS_METRIC_MEDIAN_ANNUAL_WAGE, &c->wage_period),
            lookup(cand[i], BLS_METRIC_EMPLOYMENT_CHANGE_PCT, &c->growth_period), empty_number()};
        if (!drawable(&pt.wage) || pt.growth.state != BLS_CELL_VALUE) {
            not_shown++;
            continue;
        }
        if (with_emp)
            pt.employment = lookup(cand[i], BLS_METRIC_EMPLOYMENT, &c->emp_period);
        c->has_employment |= pt.employment.state == BLS_CELL_VALUE;
        c->has_top_coded |= pt.wage.state == BLS_CELL_TOP_CODED;
        if (pt.wage.state == BLS_CELL_VALUE)
            largest = fmax(largest, bls_number_to_double(&pt.wage));
        c->points[c->count++] = pt;
    }
    if (c->count > 1)
        qsort(c->points, c->count, sizeof *c->points, compare_points);
    c->cap = top_code_position(&c->wage_period, largest);
    const bls_occupation *all = bls_model_find(r->model, ALL_OCCUPATIONS);
    bls_number rw = lookup(all, BLS_METRIC_MEDIAN_ANNUAL_WAGE, &c->wage_period);
    bls_number rg = lookup(all, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, &c->growth_period);
    if ((c->has_ref_wage = rw.state == BLS_CELL_VALUE))
        c->ref_wage = bls_number_to_double(&rw);
    if ((c->has_ref_growth = rg.state == BLS_CELL_VALUE))
        c->ref_growth = bls_number_to_double(&rg);

    t.len = 0;
    text_put(&t, "Each point is an occupation: median annual wage (");
    format_period(&t, &c->wage_period);
    text_put(&t, ") against projected employment change (");
    format_period(&t, &c->growth_period);
    text_put(&t, ").");
    text_copy(c->subtitle, sizeof c->subtitle, &t);
    t.len = 0;
    text_put(&t, "Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage "
                 "Statistics, ");
    format_period_short(&t, &c->wage_period);
    text_put(&t, "; Employment Projections program, ");
    format_period_short(&t, &c->growth_period);
    text_put(&t, ".");
    add_note(c->notes, &c->note_count, &t);
    t.len = 0;
    if (c->has_employment) {
        text_put(&t, "Point area: employment, ");
        format_period(&t, &c->emp_period);
        text_put(&t, "; open circles: no employment figure.");
    } else {
        text_put(&t, "Points have one size: the data hold no employment figures.");
    }
    if (c->has_ref_wage || c->has_ref_growth)
        text_put(&t, " Dashed lines: all occupations.");
    add_note(c->notes, &c->note_count, &t);
    if (c->has_top_coded) {
        t.len = 0;
        text_put(&t, "Arrows: wage at or above the top code (#), drawn at the cap.");
        add_note(c->notes, &c->note_count, &t);
    }
    if (not_shown) {
        t.len = 0;
        text_printf(&t, "Not shown: %zu occupation%s lacking a wage or a projected change.",
                    not_shown, not_shown == 1 ? "" : "s");
        add_note(c->notes, &c->note_count, &t);
    }
    return BLS_OK;
}

/* ---- drawing: bar chart -------------------------------------------------- */

static double notes_height(pen *p, double width, const char (*notes)[300], size_t count)
{
    double h = 0, nh;
    for (size_t i = 0; i < count; i++) {
        pen_measure(p, &ST_NOTE, width, notes[i], NULL, &nh);
        h += nh + 2;
    }
    return h;
}

static double draw_notes(pen *p, double x, double y, double width, const char (*notes)[300],
                         size_t count)
{
    for (size_t i = 0; i < count; i++)
        y += pen_text(p, &ST_NOTE, x, y, width, notes[i]) + 2;
    return y;
}

static void chart_title(pen *p, const box *b, const char *title, int continued, const char *sub,
                        double *y)
{
    text t = {.len = 0};
    text_put(&t, title);
    if (continued)
        text_put(&t, " (continued)");
    *y += pen_text(p, &ST_TITLE, b->x, *y, b->w, t.s) + 2;
    *y += pen_text(p, &ST_SUBTITLE, b->x, *y, b->w, sub) + 10;
}

#define AXIS_H 30.0
#define REFERENCE_H 14.0

/* Everything of a bar chart but its rows: title, subtitle, axis, notes. */
static double bar_chart_fixed_height(pen *p, double width, const bar_chart *c, int continued)
{
    double h = 0;
    box b = {0, 0, width, 0};
    cairo_save(p->cr);
    cairo_rectangle(p->cr, 0, 0, 0, 0);
    cairo_clip(p->cr); /* measure by drawing nowhere */
    chart_title(p, &b, c->title, continued, c->subtitle, &h);
    cairo_restore(p->cr);
    return h + (c->has_reference ? REFERENCE_H : 0) + AXIS_H +
           notes_height(p, width, c->notes, c->note_count) + 4;
}

static double bar_end(const bar_chart *c, const bls_number *n)
{
    return n->state == BLS_CELL_TOP_CODED ? c->cap : bls_number_to_double(n);
}

static void bar_label(text *t, const bar_chart *c, const bar_item *it)
{
    t->len = 0;
    t->s[0] = '\0';
    format_value(t, &it->value, c->unit, &c->period);
}

static void draw_bar_chart(pen *p, const box *b, const bar_chart *c, size_t first, size_t count,
                           int continued)
{
    cairo_t *cr = p->cr;
    double y = b->y;
    double fixed = bar_chart_fixed_height(p, b->w, c, continued);
    chart_title(p, b, c->title, continued, c->subtitle, &y);
    double plot_top = y + (c->has_reference ? REFERENCE_H : 0);
    double row_h = count ? fmax(6, fmin(MAX_ROW_H, (b->h - fixed) / (double)count)) : MAX_ROW_H;
    double plot_bottom = plot_top + row_h * (double)count;

    /* Scale over every item so continued pages share one axis. */
    double lo = 0, hi = c->has_reference ? c->reference : 0, label_w = 0;
    for (size_t i = 0; i < c->count; i++) {
        const bar_item *it = &c->items[i];
        lo = fmin(lo, bar_end(c, &it->value));
        hi = fmax(hi, bar_end(c, &it->value) * (it->value.state == BLS_CELL_TOP_CODED ? 1.04 : 1));
        for (size_t k = 0; k < 4; k++)
            if (drawable(&it->range[k]))
                hi = fmax(hi, bar_end(c, &it->range[k]) * 1.02);
        text t;
        bar_label(&t, c, it);
        label_w = fmax(label_w, pen_width(p, &ST_SMALL, t.s));
    }
    axis a = axis_make(lo, hi, 1);
    double cat_w = fmin(b->w * 0.36, 200);
    double x0 = b->x + cat_w + 10 + (a.lo < 0 ? label_w + 6 : 0);
    double x1 = b->x + b->w - label_w - 8;

    text t;
    for (int64_t i = a.first; i <= a.last; i++) {
        double x = axis_pos(&a, (double)i * a.step, x0, x1);
        line(cr, x, plot_top, x, plot_bottom, i == 0 ? OI_BLACK : GREY_LINE, i == 0 ? 0.8 : 0.4, 0);
        t.len = 0;
        axis_tick_label(&t, &a, i, c->unit);
        static const style tick = {7, 0, GREY_TEXT, CENTER, 1};
        pen_text(p, &tick, x - 30, plot_bottom + 3, 60, t.s);
    }
    static const style axis_st = {8, 0, OI_BLACK, CENTER, 1};
    pen_text(p, &axis_st, x0, plot_bottom + 15, x1 - x0, c->axis_label);

    double zero = axis_pos(&a, 0, x0, x1), bar_h = fmin(row_h * 0.62, 16);
    for (size_t i = 0; i < count && first + i < c->count; i++) {
        const bar_item *it = &c->items[first + i];
        double cy = plot_top + ((double)i + 0.5) * row_h;
        style cat = {row_h >= 18 ? 8 : 7, 0, OI_BLACK, RIGHT, row_h >= 18 ? 2 : 1};
        double ch;
        pen_measure(p, &cat, cat_w, it->occ->title, NULL, &ch);
        pen_text(p, &cat, b->x, cy - ch / 2, cat_w, it->occ->title);

        double end = axis_pos(&a, bar_end(c, &it->value), x0, x1);
        set_colour(cr, c->colour, c->has_ranges ? 0.55 : 1);
        cairo_rectangle(cr, fmin(zero, end), cy - bar_h / 2, fabs(end - zero), bar_h);
        cairo_fill(cr);
        double label_x = end;
        if (it->value.state == BLS_CELL_TOP_CODED) {
            arrow_right(cr, end, cy, bar_h, c->colour);
            label_x = end + bar_h;
        }
        const bls_number *r = it->range;
        for (size_t k = 0; k < 2; k++) { /* k 0: 10th-90th whisker; k 1: 25th-75th box */
            const bls_number *from = &r[k], *to = &r[3 - k];
            if (!drawable(from) || !drawable(to))
                continue;
            double fx = axis_pos(&a, bar_end(c, from), x0, x1);
            double tx = axis_pos(&a, bar_end(c, to), x0, x1);
            double half = k == 0 ? bar_h * 0.22 : bar_h * 0.3;
            set_colour(cr, OI_BLACK, 1);
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
                set_colour(cr, WHITE, 1);
                cairo_rectangle(cr, fx, cy - half, tx - fx, 2 * half);
                cairo_fill_preserve(cr);
                set_colour(cr, OI_BLACK, 1);
                cairo_stroke(cr);
                line(cr, end, cy - half, end, cy + half, OI_BLACK, 1.4, 0); /* the median */
            }
            if (to->state == BLS_CELL_TOP_CODED)
                arrow_right(cr, tx, cy, 5, OI_BLACK);
            label_x = fmax(label_x, tx + (to->state == BLS_CELL_TOP_CODED ? 5 : 0));
        }
        bar_label(&t, c, it);
        double lw;
        pen_measure(p, &ST_SMALL, 0, t.s, &lw, &ch);
        double lx = it->value.state == BLS_CELL_VALUE && it->value.scaled < 0
                        ? fmin(end, zero) - 4 - lw
                        : label_x + 4;
        pen_text(p, &ST_SMALL, lx, cy - ch / 2, 0, t.s);
    }
    if (c->has_reference) {
        double rx = axis_pos(&a, c->reference, x0, x1);
        line(cr, rx, plot_top - 3, rx, plot_bottom, OI_VERMILLION, 1.1, 1);
        static const style ref_st = {7, 1, OI_VERMILLION, LEFT, 1};
        double rw = pen_width(p, &ref_st, c->reference_label);
        pen_text(p, &ref_st, fmin(rx - rw / 2, b->x + b->w - rw), plot_top - REFERENCE_H, 0,
                 c->reference_label);
    }
    draw_notes(p, b->x, plot_bottom + AXIS_H + 4, b->w, c->notes, c->note_count);
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

static void draw_scatter(pen *p, const box *b, const scatter_chart *c)
{
    cairo_t *cr = p->cr;
    double y = b->y;
    chart_title(p, b, "Growth versus pay", 0, c->subtitle, &y);
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
    axis ax = axis_make(wlo - pad, whi + pad * (c->has_top_coded ? 2 : 1), 0);
    double gpad = (ghi - glo) * 0.06 + 0.5;
    axis ay = axis_make(glo < 0 ? glo - gpad : 0, ghi + gpad, 1);

    double legend_h = c->has_employment ? 40 : 0;
    rect plot = {b->x + 46, y + legend_h, b->w - 56, 0};
    plot.h = fmin(b->y + b->h - notes_h - 34 - plot.y, plot.w * 0.85);
    text t;
    static const style tick = {7, 0, GREY_TEXT, RIGHT, 1};
    static const style tick_c = {7, 0, GREY_TEXT, CENTER, 1};
    static const style axis_st = {8, 0, OI_BLACK, CENTER, 1};
    for (int64_t i = ay.first; i <= ay.last; i++) {
        double py = axis_pos(&ay, (double)i * ay.step, plot.y + plot.h, plot.y);
        line(cr, plot.x, py, plot.x + plot.w, py, i == 0 ? OI_BLACK : GREY_LINE, i == 0 ? 0.8 : 0.4,
             0);
        t.len = 0;
        axis_tick_label(&t, &ay, i, BLS_UNIT_PERCENT);
        pen_text(p, &tick, plot.x - 44, py - 4.5, 40, t.s);
    }
    for (int64_t i = ax.first; i <= ax.last; i++) {
        double px = axis_pos(&ax, (double)i * ax.step, plot.x, plot.x + plot.w);
        line(cr, px, plot.y, px, plot.y + plot.h, GREY_LINE, 0.4, 0);
        t.len = 0;
        axis_tick_label(&t, &ax, i, BLS_UNIT_DOLLARS_YEAR);
        pen_text(p, &tick_c, px - 30, plot.y + plot.h + 3, 60, t.s);
    }
    t.len = 0;
    text_put(&t, "Median annual wage (U.S. dollars), ");
    format_period(&t, &c->wage_period);
    pen_text(p, &axis_st, plot.x, plot.y + plot.h + 15, plot.w, t.s);
    t.len = 0;
    text_put(&t, "Percent change in employment, ");
    format_period(&t, &c->growth_period);
    cairo_save(cr);
    cairo_translate(cr, b->x, plot.y + plot.h);
    cairo_rotate(cr, -TAU / 4); /* the layout is unhinted: no update for the matrix */
    pen_text(p, &axis_st, 0, 0, plot.h, t.s);
    cairo_restore(cr);
    if (c->has_ref_wage) {
        double px = axis_pos(&ax, c->ref_wage, plot.x, plot.x + plot.w);
        line(cr, px, plot.y, px, plot.y + plot.h, OI_VERMILLION, 0.9, 1);
    }
    if (c->has_ref_growth) {
        double py = axis_pos(&ay, c->ref_growth, plot.y + plot.h, plot.y);
        line(cr, plot.x, py, plot.x + plot.w, py, OI_VERMILLION, 0.9, 1);
    }

    /* Points, largest first so small ones stay visible; then labels, placed
     * at the first free spot around each point (none when all collide). */
    rect *taken = c->taken;
    size_t n_taken = 0, omitted = 0;
    for (size_t i = 0; i < c->count; i++) {
        const scatter_point *pt = &c->points[i];
        double r = point_radius(c, pt, emp_max);
        double px = axis_pos(
            &ax, pt->wage.state == BLS_CELL_TOP_CODED ? c->cap : bls_number_to_double(&pt->wage),
            plot.x, plot.x + plot.w);
        double py = axis_pos(&ay, bls_number_to_double(&pt->growth), plot.y + plot.h, plot.y);
        cairo_new_sub_path(cr);
        cairo_arc(cr, px, py, r, 0, TAU);
        set_colour(cr, OI_BLUE,
                   c->has_employment && pt->employment.state != BLS_CELL_VALUE ? 0 : 0.55);
        cairo_fill_preserve(cr);
        set_colour(cr, OI_BLUE, 1);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
        taken[n_taken++] = (rect){px - r, py - r, 2 * r, 2 * r};
        if (pt->wage.state == BLS_CELL_TOP_CODED) {
            arrow_right(cr, px + r + 1, py, 6, OI_BLACK);
            taken[n_taken - 1].w += 8; /* keep labels off the arrow too */
        }
    }
    static const style label_st = {7, 0, OI_BLACK, LEFT, 1};
    for (size_t i = 0; i < c->count; i++) {
        rect dot = taken[i];
        double r = dot.h / 2, px = dot.x + r, py = dot.y + r, lw, lh;
        pen_measure(p, &label_st, LABEL_W, c->points[i].occ->title, &lw, &lh);
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
        pen_text(p, &label_st, lr.x, lr.y, LABEL_W, c->points[i].occ->title);
    }

    if (c->has_employment) { /* size legend above the plot */
        int64_t values[2];
        size_t nv = size_legend_values(emp_max, values);
        double lx = plot.x, cy = plot.y - legend_h / 2;
        pen_text(p, &ST_SMALL, lx, cy - 5, 0, "Employment:");
        lx += pen_width(p, &ST_SMALL, "Employment:") + 8;
        for (size_t i = 0; i < nv; i++) {
            scatter_point sample = {NULL, empty_number(), empty_number(),
                                    bls_number_make(values[i], 0)};
            double r = point_radius(c, &sample, emp_max);
            cairo_new_sub_path(cr);
            cairo_arc(cr, lx + r, cy, r, 0, TAU);
            set_colour(cr, OI_BLUE, 0.55);
            cairo_fill(cr);
            lx += 2 * r + 4;
            t.len = 0;
            format_value(&t, &sample.employment, BLS_UNIT_PERSONS, NULL);
            pen_text(p, &ST_SMALL, lx, cy - 5, 0, t.s);
            lx += pen_width(p, &ST_SMALL, t.s) + 14;
        }
    }
    double ny = draw_notes(p, b->x, plot.y + plot.h + AXIS_H + 4, b->w, c->notes, c->note_count);
    if (omitted) {
        t.len = 0;
        text_printf(&t, "%zu point label%s left out where they would overlap.", omitted,
                    omitted == 1 ? "" : "s");
        pen_text(p, &ST_NOTE, b->x, ny, b->w, t.s);
    }
}

/* ---- the document -------------------------------------------------------- */

typedef struct charts {
    bar_chart bars[2]; /* growth, pay: the order of bar_specs */
    scatter_chart scatter;
} charts;

static void charts_free(charts *c)
{
    for (size_t i = 0; i < 2; i++)
        bls_free(c->bars[i].items);
    bls_free(c->scatter.points);
    bls_free(c->scatter.taken);
}

static bls_status charts_build(const bls_report *r, charts *c)
{
    memset(c, 0, sizeof *c);
    size_t total = bls_model_count(r->model);
    size_t room = total > r->selected_count ? total : r->selected_count;
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
    const bls_occupation **cand = bls_calloc(room + 1, sizeof *cand);
    if (!cand)
        return BLS_ERR_NOMEM;
    size_t n = chart_candidates(r, cand);
    bls_status st = BLS_OK;
    for (size_t i = 0; i < 2 && st == BLS_OK; i++)
        st = bar_chart_build(r, cand, n, &bar_specs[i], &c->bars[i]);
    if (st == BLS_OK)
        st = scatter_build(r, cand, n, &c->scatter);
    bls_free(cand);
    return st;
}

typedef struct doc {
    const bls_report *report;
    cairo_surface_t *surface;
    cairo_t *cr;
    pen pen;
    double width, height;
    int page;
    char title[512], date[32], generator[160];
} doc;

static box content_box(const doc *d)
{
    box b = {PAGE_MARGIN, PAGE_TOP, d->width - 2 * PAGE_MARGIN, d->height - PAGE_TOP - PAGE_BOTTOM};
    return b;
}

/* Start a page: outline entry (a child of @p parent for continued pages),
 * running header and footer. Returns the outline id. */
static int begin_page(doc *d, const char *outline_title, int parent)
{
    char link[32], number[32];
    d->page++;
    snprintf(link, sizeof link, "page=%d", d->page);
    int id = cairo_pdf_surface_add_outline(d->surface, parent, outline_title, link, 0);
    static const style header = {7.5, 0, GREY_TEXT, LEFT, 1};
    static const style page_no = {7.5, 0, GREY_TEXT, RIGHT, 1};
    double w = d->width - 2 * PAGE_MARGIN;
    pen_text(&d->pen, &header, PAGE_MARGIN, 28, w, d->title);
    line(d->cr, PAGE_MARGIN, 42, d->width - PAGE_MARGIN, 42, GREY_LINE, 0.5, 0);
    pen_text(&d->pen, &header, PAGE_MARGIN, d->height - 36, w - 60, d->generator);
    snprintf(number, sizeof number, "Page %d", d->page);
    pen_text(&d->pen, &page_no, PAGE_MARGIN, d->height - 36, w, number);
    return id;
}

static void end_page(doc *d)
{
    cairo_show_page(d->cr);
}

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path ? path : "";
}

/* "BLS figures in <document>: cross-check report". */
static void document_title(const bls_report *r, text *t)
{
    const char *docname = NULL;
    size_t docs = 0;
    for (size_t i = 0; i < r->input_count; i++)
        if (r->inputs[i].kind == BLS_KIND_DOCUMENT && docs++ == 0)
            docname = base_name(r->inputs[i].path);
    if (!docname && r->claims && r->claims->count && r->claims->items[0].document[0]) {
        docname = base_name(r->claims->items[0].document);
        docs = 1;
    }
    text_put(t, "BLS figures in ");
    text_put(t, docname ? docname : "the document");
    if (docs > 1)
        text_printf(t, " and %zu other document%s", docs - 1, docs == 2 ? "" : "s");
    text_put(t, ": cross-check report");
}

static double section(doc *d, double y, const char *heading)
{
    box b = content_box(d);
    y += 10;
    y += pen_text(&d->pen, &ST_HEADING, b.x, y, b.w, heading) + 2;
    line(d->cr, b.x, y, b.x + b.w, y, GREY_LINE, 0.6, 0);
    return y + 5;
}

/* One row of cells at fixed column shares; returns the row's height. */
static double cells_row(doc *d, double y, const double *shares, const char *const *cells, size_t n,
                        const style *st, int draw)
{
    box b = content_box(d);
    double x = b.x, h = 0, ch;
    for (size_t i = 0; i < n; i++) {
        double w = shares[i] * b.w;
        if (draw && cells[i])
            ch = pen_text(&d->pen, st, x + 2, y, w - 6, cells[i]);
        else
            pen_measure(&d->pen, st, w - 6, cells[i] ? cells[i] : "", NULL, &ch);
        h = fmax(h, ch);
        x += w;
    }
    return h;
}

static double cover_inputs(doc *d, double y)
{
    static const double shares[] = {0.34, 0.32, 0.12, 0.22};
    static const char *const heads[] = {"File", "Kind (layout)", "Period", "Rows"};
    enum { MAX_LISTED = 8 };
    const bls_report *r = d->report;
    y = section(d, y, "Data sources");
    y += cells_row(d, y, shares, heads, 4, &ST_CELL_HEAD, 1) + 3;
    for (size_t i = 0; i < r->input_count && i < MAX_LISTED; i++) {
        const bls_input_info *in = &r->inputs[i];
        text kind = {.len = 0}, period = {.len = 0}, rows = {.len = 0};
        text_put(&kind, bls_kind_name(in->kind));
        if (in->layout_name)
            text_printf(&kind, " (%s)", in->layout_name);
        format_period(&period, &in->period);
        if (in->kind == BLS_KIND_DOCUMENT)
            text_printf(&rows, "%llu figures found", (unsigned long long)in->claims_found);
        else
            text_printf(&rows, "%llu accepted, %llu rejected",
                        (unsigned long long)in->rows_accepted,
                        (unsigned long long)in->rows_rejected);
        const char *cells[] = {base_name(in->path), kind.s, period.s, rows.s};
        y += cells_row(d, y, shares, cells, 4, &ST_SMALL, 1) + 2;
    }
    if (r->input_count > MAX_LISTED) {
        text t = {.len = 0};
        text_printf(&t, "... and %zu more inputs", r->input_count - MAX_LISTED);
        y += pen_text(&d->pen, &ST_SMALL, PAGE_MARGIN, y, 0, t.s) + 2;
    }
    return y;
}

/* Per metric: the periods the facts carry and how many occupations hold it. */
static double cover_periods(doc *d, double y)
{
    enum { MAX_PERIODS = 4 };
    const bls_model *m = d->report->model;
    box b = content_box(d);
    y = section(d, y, "Figures in the data");
    size_t occs = bls_model_count(m);
    for (int metric = 0; metric < BLS_METRIC_COUNT; metric++) {
        bls_period seen[MAX_PERIODS];
        size_t n_seen = 0, holders = 0;
        for (size_t i = 0; i < occs; i++) {
            const bls_occupation *occ = bls_model_at(m, i);
            int holds = 0;
            for (size_t k = 0; k < occ->fact_count; k++) {
                const bls_fact *f = &occ->facts[k];
                if ((int)f->metric != metric)
                    continue;
                holds = 1;
                size_t s = 0;
                while (s < n_seen && bls_period_compare(&seen[s], &f->period) != 0)
                    s++;
                if (s == n_seen && n_seen < MAX_PERIODS)
                    seen[n_seen++] = f->period;
            }
            holders += (size_t)holds;
        }
        if (!holders)
            continue;
        text t = {.len = 0};
        text_printf(&t, "%s: ", bls_metric_label((bls_metric)metric));
        for (size_t s = 0; s < n_seen; s++) {
            text_put(&t, s ? ", " : "");
            format_period(&t, &seen[s]);
        }
        text_printf(&t, " (%zu occupation%s)", holders, holders == 1 ? "" : "s");
        y += pen_text(&d->pen, &ST_SMALL, b.x, y, b.w, t.s) + 2;
    }
    return y;
}

static double cover_occupations(doc *d, double y, const charts *c)
{
    const bls_report *r = d->report;
    box b = content_box(d);
    static const style list = {8, 0, OI_BLACK, LEFT, 4};
    y = section(d, y, "Occupations covered");
    size_t detailed = 0, total = bls_model_count(r->model);
    for (size_t i = 0; i < total; i++)
        detailed += bls_model_at(r->model, i)->group == BLS_GROUP_DETAILED;
    text t = {.len = 0};
    text_printf(&t, "%zu occupation%s in the data (%zu detailed). ", total, total == 1 ? "" : "s",
                detailed);
    if (r->selected_count) {
        text_printf(&t, "Charts show %zu: ", r->selected_count);
        for (size_t i = 0; i < r->selected_count; i++) {
            const bls_occupation *occ = bls_model_find(r->model, r->selected[i]);
            text_printf(&t, "%s%s %s", i ? "; " : "", r->selected[i], occ ? occ->title : "");
        }
    } else {
        text_put(&t, "Charts show every occupation with the figure.");
    }
    y += pen_text(&d->pen, &list, b.x, y, b.w, t.s) + 4;
    for (size_t i = 0; i < 2; i++) {
        const bar_chart *bc = &c->bars[i];
        t.len = 0;
        if (bc->count)
            text_printf(&t, "%s: %zu occupation%s.", bc->title, bc->count,
                        bc->count == 1 ? "" : "s");
        else
            text_printf(&t, "%s: chart left out - no charted occupation has a %s.", bc->title,
                        bls_metric_label(bar_specs[i].metric));
        y += pen_text(&d->pen, &ST_SMALL, b.x, y, b.w, t.s) + 2;
    }
    t.len = 0;
    if (c->scatter.count)
        text_printf(&t, "Growth versus pay: %zu occupation%s with both figures.", c->scatter.count,
                    c->scatter.count == 1 ? "" : "s");
    else
        text_put(&t, "Growth versus pay: chart left out - no charted occupation has both a "
                     "median annual wage and a projected employment change.");
    return y + pen_text(&d->pen, &ST_SMALL, b.x, y, b.w, t.s) + 2;
}

static double cover_verdicts(doc *d, double y)
{
    const bls_report *r = d->report;
    box b = content_box(d);
    y = section(d, y, "Claim verdicts at a glance");
    size_t checked = r->checks ? r->checks->count : 0;
    size_t unattributed = r->unattributed ? r->unattributed->count : 0;
    double x = b.x;
    for (int v = 0; v < BLS_VERDICT_COUNT; v++) {
        size_t n = r->checks ? r->checks->by_verdict[v] : 0;
        text t = {.len = 0};
        text_printf(&t, "%s  %zu", bls_verdict_name((bls_verdict)v), n);
        x += chip(&d->pen, x, y, n ? verdict_colour[v] : GREY_BAND, t.s) + 6;
    }
    y += 20;
    text t = {.len = 0};
    text_printf(&t,
                "%zu claim%s checked; %zu figure%s found in the document but not attributed "
                "to an occupation.",
                checked, checked == 1 ? "" : "s", unattributed, unattributed == 1 ? "" : "s");
    return y + pen_text(&d->pen, &ST_SMALL, b.x, y, b.w, t.s) + 2;
}

static double cover_findings(doc *d, double y)
{
    const bls_findings *f = d->report->findings;
    box b = content_box(d);
    y = section(d, y, "Validation findings");
    double x = b.x;
    for (int s = BLS_SEV_ERROR; s >= BLS_SEV_INFO; s--) {
        uint64_t n = f ? bls_findings_total(f, (bls_severity)s) : 0;
        text t = {.len = 0};
        text_printf(&t, "%s  %llu", bls_severity_name((bls_severity)s), (unsigned long long)n);
        x += chip(&d->pen, x, y, n ? severity_colour[s] : GREY_BAND, t.s) + 6;
    }
    y += 20;
    static const char note[] = "Every finding, with file, line and column, is listed in the "
                               "workbook and the JSON summary.";
    return y + pen_text(&d->pen, &ST_SMALL, b.x, y, b.w, note) + 2;
}

static size_t bar_pages(const bar_chart *c)
{
    return (c->count + BARS_PER_PAGE - 1) / BARS_PER_PAGE;
}

/* The pages that follow. Not links: cairo 1.16 writes a link tag's
 * structure-tree reference without the object it names (qpdf: "file is
 * damaged"); the outline gives the navigation instead. */
static double cover_contents(doc *d, double y, const charts *c)
{
    box b = content_box(d);
    static const style entry = {8.5, 0, OI_BLACK, LEFT, 1};
    y = section(d, y, "Contents");
    size_t page = 2;
    const char *names[] = {c->bars[0].title, c->bars[1].title, "Growth versus pay", "Cross-check"};
    const size_t pages[] = {bar_pages(&c->bars[0]), bar_pages(&c->bars[1]),
                            c->scatter.count ? 1 : 0, 1};
    for (size_t i = 0; i < 4; i++) {
        if (!pages[i])
            continue;
        text t = {.len = 0};
        text_printf(&t, "%s, page %zu", names[i], page);
        y += pen_text(&d->pen, &entry, b.x, y, b.w, t.s) + 2;
        page += pages[i];
    }
    return y;
}

static void draw_cover(doc *d, const charts *c)
{
    box b = content_box(d);
    begin_page(d, "Summary", CAIRO_PDF_OUTLINE_ROOT);
    double y = b.y;
    y += pen_text(&d->pen, &(style){18, 1, OI_BLACK, LEFT, 3}, b.x, y, b.w, d->title) + 4;
    text t = {.len = 0};
    text_put(&t, "Every figure the document quotes, checked against the U.S. Bureau of Labor "
                 "Statistics data it cites.");
    y += pen_text(&d->pen, &ST_SUBTITLE, b.x, y, b.w, t.s) + 2;
    t.len = 0;
    text_printf(&t, "Generated by %s, %s%s.", d->report->version ? d->report->version : "blsreport",
                d->date[0] ? d->date : "date unknown",
                d->report->source_date_epoch >= 0 ? " (SOURCE_DATE_EPOCH)" : "");
    y += pen_text(&d->pen, &ST_SUBTITLE, b.x, y, b.w, t.s) + 4;
    y = cover_inputs(d, y);
    y = cover_periods(d, y);
    y = cover_occupations(d, y, c);
    y = cover_verdicts(d, y);
    y = cover_findings(d, y);
    cover_contents(d, y, c);
    end_page(d);
}

static void draw_bar_pages(doc *d, const bar_chart *c)
{
    int outline = 0;
    for (size_t first = 0; first < c->count; first += BARS_PER_PAGE) {
        int continued = first > 0;
        text t = {.len = 0};
        text_printf(&t, "%s%s", c->title, continued ? " (continued)" : "");
        int id = begin_page(d, t.s, continued ? outline : CAIRO_PDF_OUTLINE_ROOT);
        if (!continued)
            outline = id;
        box b = content_box(d);
        size_t n = c->count - first < BARS_PER_PAGE ? c->count - first : BARS_PER_PAGE;
        draw_bar_chart(&d->pen, &b, c, first, n, continued);
        end_page(d);
    }
}

/* ---- cross-check table --------------------------------------------------- */

enum { COLS = 8 };
static const double table_shares[COLS] = {0.035, 0.13, 0.18, 0.15, 0.09, 0.12, 0.085, 0.21};
static const char *const table_heads[COLS] = {"#",       "Source", "Occupation", "Metric",
                                              "Claimed", "Data",   "Verdict",    "Note"};
enum { COL_VERDICT = 6 };

static void check_cells(const bls_check *ck, size_t index, text cells[COLS])
{
    const bls_claim *cl = ck->claim;
    memset(cells, 0, COLS * sizeof cells[0]);
    text_printf(&cells[0], "%zu", index + 1);
    if (cl) {
        text_put(&cells[1], base_name(cl->document));
        if (cl->line)
            text_printf(&cells[1], ":%llu", (unsigned long long)cl->line);
        text_put(&cells[2], cl->occupation);
        text_put(&cells[3], bls_metric_label(cl->metric));
        if (bls_period_known(&cl->period)) {
            text_put(&cells[3], ", ");
            format_period(&cells[3], &cl->period);
        }
        text_put(&cells[4], cl->claimed_text);
    }
    if (ck->soc_code[0])
        text_printf(&cells[2], "\n%s %s", ck->soc_code, ck->title ? ck->title : "");
    if (ck->actual.state != BLS_CELL_EMPTY && cl) {
        format_value(&cells[5], &ck->actual, bls_metric_unit(cl->metric), &ck->actual_period);
        text_put(&cells[5], " (");
        format_period(&cells[5], &ck->actual_period);
        text_put(&cells[5], ")");
    } else {
        text_put(&cells[5], "\xE2\x80\x94");
    }
    text_put(&cells[6], bls_verdict_name(ck->verdict));
    text_put(&cells[7], ck->note);
    if (ck->disagrees_with >= 0)
        text_printf(&cells[7], " Disagrees with row %d.", ck->disagrees_with + 1);
}

static double table_head(doc *d, double y)
{
    box b = content_box(d);
    set_colour(d->cr, GREY_BAND, 1);
    double h = cells_row(d, y, table_shares, table_heads, COLS, &ST_CELL_HEAD, 0) + 6;
    cairo_rectangle(d->cr, b.x, y, b.w, h);
    cairo_fill(d->cr);
    cells_row(d, y + 3, table_shares, table_heads, COLS, &ST_CELL_HEAD, 1);
    line(d->cr, b.x, y + h, b.x + b.w, y + h, OI_BLACK, 0.6, 0);
    return y + h + 2;
}

static void draw_table_pages(doc *d)
{
    const bls_checks *checks = d->report->checks;
    box b = content_box(d);
    int outline = begin_page(d, "Cross-check", CAIRO_PDF_OUTLINE_ROOT);
    double y = b.y;
    chart_title(&d->pen, &b, "Cross-check of the document's figures", 0,
                "Each claim: where the document makes it, what it says, what the BLS data hold.",
                &y);
    size_t count = checks ? checks->count : 0;
    if (count == 0)
        pen_text(&d->pen, &ST_BODY, b.x, y, b.w, "No claims were checked.");
    else
        y = table_head(d, y);
    text cells[COLS];
    for (size_t i = 0; i < count; i++) {
        const bls_check *ck = &checks->items[i];
        check_cells(ck, i, cells);
        const char *ptrs[COLS];
        for (size_t k = 0; k < COLS; k++)
            ptrs[k] = k == COL_VERDICT ? NULL : cells[k].s;
        double h = fmax(cells_row(d, y, table_shares, ptrs, COLS, &ST_CELL, 0), 14) + 5;
        if (y + h > b.y + b.h) {
            end_page(d);
            begin_page(d, "Cross-check (continued)", outline);
            y = b.y;
            chart_title(&d->pen, &b, "Cross-check of the document's figures", 1, "", &y);
            y = table_head(d, y);
        }
        if (i % 2) {
            set_colour(d->cr, GREY_BAND, 1);
            cairo_rectangle(d->cr, b.x, y, b.w, h);
            cairo_fill(d->cr);
        }
        cells_row(d, y + 2.5, table_shares, ptrs, COLS, &ST_CELL, 1);
        double vx = b.x;
        for (size_t k = 0; k < COL_VERDICT; k++)
            vx += table_shares[k] * b.w;
        chip(&d->pen, vx + 2, y + 2, verdict_colour[ck->verdict], cells[COL_VERDICT].s);
        y += h;
    }
    end_page(d);
}

/* ---- surfaces and errors -------------------------------------------------- */

static bls_status from_cairo(cairo_status_t s)
{
    if (s == CAIRO_STATUS_SUCCESS)
        return BLS_OK;
    if (s == CAIRO_STATUS_NO_MEMORY)
        return BLS_ERR_NOMEM;
    if (s == CAIRO_STATUS_WRITE_ERROR || s == CAIRO_STATUS_FILE_NOT_FOUND)
        return BLS_ERR_WRITE;
    return BLS_ERR_PDF;
}

/* Destroy @p cr and finish @p surface; the first error wins. */
static bls_status close_surface(cairo_t *cr, cairo_surface_t *surface, bls_status st)
{
    if (cr) {
        if (st == BLS_OK)
            st = from_cairo(cairo_status(cr));
        cairo_destroy(cr);
    }
    if (surface) {
        cairo_surface_finish(surface);
        if (st == BLS_OK)
            st = from_cairo(cairo_surface_status(surface));
        cairo_surface_destroy(surface);
    }
    return st;
}

static void iso_date(int64_t epoch, char *buf, size_t size)
{
    time_t t = epoch >= 0 ? (time_t)epoch : time(NULL);
    struct tm tm;
    buf[0] = '\0';
    if (gmtime_r(&t, &tm))
        if (strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
            buf[0] = '\0';
}

static void set_metadata(doc *d)
{
    text t = {.len = 0};
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, d->title);
    text_put(&t, "Figures quoted in a document checked against U.S. Bureau of Labor Statistics "
                 "data (OEWS wages, Employment Projections)");
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_SUBJECT, t.s);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_KEYWORDS,
                                   "BLS, OEWS, Employment Projections, occupations, wages, "
                                   "employment growth, cross-check");
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR,
                                   d->report->version ? d->report->version : "blsreport");
    if (d->date[0])
        cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATE_DATE, d->date);
}

static bls_status write_pdf(const char *path, const bls_report *r, const bls_pdf_options *opts,
                            const charts *c)
{
    doc d = {
        .report = r, .width = paper_points[opts->paper].w, .height = paper_points[opts->paper].h};
    text t = {.len = 0};
    document_title(r, &t);
    text_copy(d.title, sizeof d.title, &t);
    iso_date(r->source_date_epoch, d.date, sizeof d.date);
    snprintf(d.generator, sizeof d.generator, "Generated by %s, %s",
             r->version ? r->version : "blsreport", d.date);

    d.surface = cairo_pdf_surface_create(path, d.width, d.height);
    bls_status st = from_cairo(cairo_surface_status(d.surface));
    if (st != BLS_OK) {
        cairo_surface_destroy(d.surface);
        return st;
    }
    d.cr = cairo_create(d.surface);
    pen_open(&d.pen, d.cr);
    set_metadata(&d);
    draw_cover(&d, c);
    for (size_t i = 0; i < 2; i++)
        draw_bar_pages(&d, &c->bars[i]);
    if (c->scatter.count) {
        box b = content_box(&d);
        begin_page(&d, "Growth versus pay", CAIRO_PDF_OUTLINE_ROOT);
        draw_scatter(&d.pen, &b, &c->scatter);
        end_page(&d);
    }
    draw_table_pages(&d);
    pen_close(&d.pen);
    return close_surface(d.cr, d.surface, BLS_OK);
}

/* ---- standalone chart files (SVG, PNG at 2x) ------------------------------ */

typedef struct chart_job {
    const char *stem;
    const bar_chart *bars;
    const scatter_chart *scatter;
} chart_job;

static void draw_chart_job(pen *p, const box *b, const chart_job *job)
{
    if (job->bars)
        draw_bar_chart(p, b, job->bars, 0, job->bars->count, 0);
    else
        draw_scatter(p, b, job->scatter);
}

static double chart_job_height(const chart_job *job, double width)
{
    if (!job->bars)
        return SCATTER_FILE_H;
    cairo_surface_t *scratch = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(scratch);
    pen p = {0};
    pen_open(&p, cr);
    double h = bar_chart_fixed_height(&p, width - 40, job->bars, 0) +
               STANDALONE_ROW_H * (double)job->bars->count + 40;
    pen_close(&p);
    cairo_destroy(cr);
    cairo_surface_destroy(scratch);
    return ceil(h);
}

/* Draw one chart on a fresh surface; the caller finishes and frees it. */
static bls_status draw_on(cairo_surface_t *surface, double scale, double w, double h,
                          const chart_job *job)
{
    bls_status st = from_cairo(cairo_surface_status(surface));
    if (st != BLS_OK)
        return st;
    cairo_t *cr = cairo_create(surface);
    cairo_scale(cr, scale, scale);
    set_colour(cr, WHITE, 1);
    cairo_paint(cr);
    pen p = {0};
    pen_open(&p, cr);
    box b = {20, 20, w - 40, h - 40};
    draw_chart_job(&p, &b, job);
    pen_close(&p);
    st = from_cairo(cairo_status(cr));
    cairo_destroy(cr);
    return st;
}

static char *join_path(const char *dir, const char *stem, const char *ext)
{
    size_t n = strlen(dir) + strlen(stem) + strlen(ext) + 2;
    char *path = bls_malloc(n);
    if (path)
        snprintf(path, n, "%s/%s%s", dir, stem, ext);
    return path;
}

static bls_status write_chart_files(const char *dir, const chart_job *job)
{
    double w = CHART_FILE_W, h = chart_job_height(job, CHART_FILE_W);
    char *svg = join_path(dir, job->stem, ".svg"), *png = join_path(dir, job->stem, ".png");
    bls_status st = svg && png ? BLS_OK : BLS_ERR_NOMEM;
    if (st == BLS_OK) {
        cairo_surface_t *s = cairo_svg_surface_create(svg, w, h);
        st = close_surface(NULL, s, draw_on(s, 1, w, h, job));
    }
    if (st == BLS_OK) {
        cairo_surface_t *s =
            cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)(2 * w), (int)(2 * h));
        st = draw_on(s, 2, w, h, job);
        if (st == BLS_OK)
            st = from_cairo(cairo_surface_write_to_png(s, png));
        st = close_surface(NULL, s, st);
    }
    bls_free(svg);
    bls_free(png);
    return st;
}

static bls_status write_charts(const char *dir, const charts *c)
{
    const chart_job jobs[] = {
        {c->bars[0].stem, &c->bars[0], NULL},
        {c->bars[1].stem, &c->bars[1], NULL},
        {"scatter", NULL, &c->scatter},
    };
    if (mkdir(dir, 0777) != 0) {
        struct stat sb;
        if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
            return BLS_ERR_WRITE;
    }
    bls_status st = BLS_OK;
    for (size_t i = 0; i < sizeof jobs / sizeof jobs[0] && st == BLS_OK; i++)
        if (jobs[i].bars ? jobs[i].bars->count > 0 : jobs[i].scatter->count > 0)
            st = write_chart_files(dir, &jobs[i]);
    return st;
}

/* ---- entry point ----------------------------------------------------------- */

bls_status bls_pdf_write(const char *path, const bls_report *report, const bls_pdf_options *opts)
{
    static const bls_pdf_options defaults = {BLS_PAPER_A4, NULL};
    if (!opts)
        opts = &defaults;
    if (!path || !report || (opts->paper != BLS_PAPER_A4 && opts->paper != BLS_PAPER_LETTER) ||
        (report->input_count && !report->inputs) || (report->selected_count && !report->selected))
        return BLS_ERR_INVALID_ARG;
    bls_report with_model;
    bls_model *empty = NULL;
    if (!report->model) { /* no data at all: draw an empty report */
        if (!(empty = bls_model_new()))
            return BLS_ERR_NOMEM;
        with_model = *report;
        with_model.model = empty;
        report = &with_model;
    }
    charts c;
    bls_status st = charts_build(report, &c);
    if (st == BLS_OK)
        st = write_pdf(path, report, opts, &c);
    if (st == BLS_OK && opts->charts_dir)
        st = write_charts(opts->charts_dir, &c);
    charts_free(&c);
    bls_model_free(empty);
    return st;
}

/* The module's one export (pdf_job.c looks it up by BLS_PDF_MODULE_SYMBOL);
 * the module is built with hidden visibility, so everything else stays in. */
__attribute__((visibility("default"))) const bls_pdf_module_api bls_pdf_module = {
    .version = BLS_VERSION,
    .report_size = sizeof(bls_report),
    .options_size = sizeof(bls_pdf_options),
    .write = bls_pdf_write,
};
