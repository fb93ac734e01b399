/*
 * pdf_pen.c - the drawing toolkit of the PDF report: look, bounded text,
 * exact number labels, axes and the pen.
 *
 * Pipeline stage: ... -> crosscheck -> *render_pdf*; this file sits under
 * pdf_charts.c and render_pdf.c, which draw everything through it
 * (declarations in render_pdf_internal.h).
 *
 * All text goes through one pen: cairo plus one reusable pango layout, laid
 * out at one size and scaled, with metrics unhinted, so that a PDF page and
 * an SVG or PNG chart file get the same layout. Labels are formatted from the
 * exact bls_number (own thousands grouping, no locale) and axis ticks are
 * exact numbers too: doubles are used only for positions. Text grows in
 * buffers with a limit and a sticky status (render_pdf_internal.h): never
 * cut by a buffer, only ellipsized by Pango where a box is too small. Knows
 * nothing of the report or the charts.
 */
#include "render/render_pdf_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "blsreport/base/cells.h"
#include "blsreport/base/period.h"
#include "blsreport/check/validate.h"

/* ---- look -------------------------------------------------------------- */

/* The palette, the styles and the page geometry are in render_pdf_internal.h;
 * the tables are defined here, once. */
const unsigned bls_pdf_verdict_colour[BLS_VERDICT_COUNT] = {
    [BLS_VERDICT_MATCH] = OI_GREEN,         [BLS_VERDICT_ROUNDING] = OI_SKY,
    [BLS_VERDICT_MISMATCH] = OI_VERMILLION, [BLS_VERDICT_MISSING] = OI_ORANGE,
    [BLS_VERDICT_STALE] = OI_YELLOW,        [BLS_VERDICT_AMBIGUOUS] = OI_PURPLE,
};
const unsigned bls_pdf_severity_colour[] = {
    [BLS_SEV_INFO] = OI_SKY, [BLS_SEV_WARNING] = OI_ORANGE, [BLS_SEV_ERROR] = OI_VERMILLION};

const paper_size bls_pdf_paper_points[] = {
    [BLS_PAPER_A4] = {595, 842}, [BLS_PAPER_LETTER] = {612, 792}};

/* ---- growing text ------------------------------------------------------ */

void bls_pdf_text_init(text *t)
{
    bls_dynbuf_init(&t->b, TEXT_LIMIT);
    t->status = BLS_OK;
}

void bls_pdf_text_cleanup(text *t)
{
    bls_dynbuf_cleanup(&t->b);
}

void bls_pdf_text_reset(text *t)
{
    bls_dynbuf_reset(&t->b); /* the status stays: a failure is never forgotten */
}

void bls_pdf_text_put(text *t, const char *s)
{
    if (t->status == BLS_OK)
        t->status = bls_dynbuf_add(&t->b, s, strlen(s));
}

void bls_pdf_text_printf(text *t, const char *fmt, ...)
{
    if (t->status != BLS_OK)
        return;
    va_list ap;
    va_start(ap, fmt);
    t->status = bls_dynbuf_vprintf(&t->b, fmt, ap);
    va_end(ap);
}

const char *bls_pdf_text_str(const text *t, bls_status *st)
{
    if (t->status != BLS_OK) {
        if (*st == BLS_OK)
            *st = t->status;
        return "";
    }
    return t->b.data ? t->b.data : "";
}

bls_status bls_pdf_text_take(text *t, char **out)
{
    if (t->status == BLS_OK && !t->b.data) /* empty: still a string of its own */
        t->status = bls_dynbuf_add(&t->b, "", 0);
    if (t->status != BLS_OK)
        return t->status;
    *out = bls_dynbuf_take(&t->b);
    return BLS_OK;
}

/* ---- numbers: exact labels --------------------------------------------- */

/* The value with thousands separators and its unit: "$54,410", "40.9%",
 * "12,340". Markers: top-coded "≥ $187,200" when the year's cap is known. */
/* NOLINTNEXTLINE(misc-no-recursion): one level only, to format a top code's cap */
void bls_pdf_format_value(text *t, const bls_number *n, bls_unit unit, const bls_period *period)
{
    char plain[48];
    if (n->state == BLS_CELL_TOP_CODED) {
        long cap = period && period->year_from >= 2012 ? bls_top_code_annual(period->year_from) : 0;
        if (cap > 0 && unit == BLS_UNIT_DOLLARS_YEAR) {
            bls_number c = bls_number_make(cap, 0);
            bls_pdf_text_put(t, "\xE2\x89\xA5 "); /* ≥ */
            bls_pdf_format_value(t, &c, unit, NULL);
        } else if (cap > 0 && unit == BLS_UNIT_DOLLARS_HOUR) {
            bls_number c = bls_number_make((int64_t)cap * 100 / 2080, 2);
            bls_pdf_text_put(t, "\xE2\x89\xA5 ");
            bls_pdf_format_value(t, &c, unit, NULL);
        } else {
            bls_pdf_text_put(t, "# (at or above the top code)");
        }
        return;
    }
    if (n->state != BLS_CELL_VALUE || bls_number_format(n, plain, sizeof plain) == 0) {
        const char *marker = bls_cell_marker(n->state);
        bls_pdf_text_put(t, marker ? marker : "\xE2\x80\x94"); /* — */
        return;
    }
    const char *digits = plain;
    if (*digits == '-') {
        bls_pdf_text_put(t, "-");
        digits++;
    }
    if (unit == BLS_UNIT_DOLLARS_YEAR || unit == BLS_UNIT_DOLLARS_HOUR)
        bls_pdf_text_put(t, "$");
    size_t int_len = strcspn(digits, ".");
    for (size_t i = 0; i < int_len; i++) {
        char ch[2] = {digits[i], '\0'};
        if (i > 0 && (int_len - i) % 3 == 0)
            bls_pdf_text_put(t, ",");
        bls_pdf_text_put(t, ch);
    }
    bls_pdf_text_put(t, digits + int_len);
    if (unit == BLS_UNIT_PERCENT)
        bls_pdf_text_put(t, "%");
}

/* "2012-22" for a span, "May 2014" for a month: as BLS source lines read. */
void bls_pdf_format_period_short(text *t, const bls_period *p)
{
    char buf[48];
    if (p->year_to != p->year_from && p->year_from / 100 == p->year_to / 100) {
        bls_pdf_text_printf(t, "%d-%02d", p->year_from, p->year_to % 100);
        return;
    }
    bls_period_format(p, buf, sizeof buf);
    bls_pdf_text_put(t, buf);
}

void bls_pdf_format_period(text *t, const bls_period *p)
{
    char buf[48];
    bls_period_format(p, buf, sizeof buf);
    bls_pdf_text_put(t, buf);
}

/* ---- axes: nice ticks as exact numbers --------------------------------- */

axis bls_pdf_axis_make(double lo, double hi, int with_zero)
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

void bls_pdf_axis_tick_label(text *t, const axis *a, int64_t i, bls_unit unit)
{
    int64_t scaled = i * a->step_scaled;
    unsigned decimals = a->decimals;
    while (decimals > 0 && scaled % 10 == 0) {
        scaled /= 10;
        decimals--;
    }
    bls_number n = bls_number_make(scaled, decimals);
    bls_pdf_format_value(t, &n, unit, NULL);
}

double bls_pdf_axis_pos(const axis *a, double v, double from, double to)
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

void bls_pdf_pen_open(pen *p, cairo_t *cr)
{
    p->cr = cr;
    p->scale = 1;
    p->status = BLS_OK;
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

void bls_pdf_pen_close(pen *p)
{
    if (p->layout)
        g_object_unref(p->layout);
    if (p->context)
        g_object_unref(p->context);
    p->layout = NULL;
    p->context = NULL;
}

void bls_pdf_set_colour(cairo_t *cr, unsigned rgb, double alpha)
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

void bls_pdf_pen_measure(pen *p, const style *s, double width, const char *str, double *w,
                         double *h)
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
double bls_pdf_pen_text(pen *p, const style *s, double x, double y, double width, const char *str)
{
    double h;
    bls_pdf_pen_measure(p, s, width, str, NULL, &h);
    bls_pdf_set_colour(p->cr, s->colour, 1);
    cairo_save(p->cr);
    cairo_translate(p->cr, x, y);
    cairo_scale(p->cr, p->scale, p->scale);
    cairo_move_to(p->cr, 0, 0);
    pango_cairo_show_layout(p->cr, p->layout);
    if (p->hook) { /* each line as drawn: its text, where its baseline starts */
        const char *all = pango_layout_get_text(p->layout);
        PangoLayoutIter *it = pango_layout_get_iter(p->layout);
        do {
            PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it, NULL, &logical);
            double lx = (double)logical.x / PANGO_SCALE;
            double ly = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
            cairo_user_to_device(p->cr, &lx, &ly);
            if (line && line->length > 0)
                p->hook(p->hook_ctx, lx, ly, s->size, s->bold, all + line->start_index,
                        (size_t)line->length);
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
    }
    cairo_restore(p->cr);
    return h;
}

double bls_pdf_pen_width(pen *p, const style *s, const char *str)
{
    double w;
    bls_pdf_pen_measure(p, s, 0, str, &w, NULL);
    return w;
}

/* A rounded coloured chip with a label, for verdicts and severities. */
double bls_pdf_chip_width(pen *p, const char *label)
{
    static const style st = {7.5, 1, OI_BLACK, LEFT, 1};
    double w;
    bls_pdf_pen_measure(p, &st, 0, label, &w, NULL);
    return w + 10;
}

double bls_pdf_chip(pen *p, double x, double y, unsigned colour, const char *label)
{
    static const style st = {7.5, 1, OI_BLACK, LEFT, 1};
    double w, h;
    bls_pdf_pen_measure(p, &st, 0, label, &w, &h);
    double cw = w + 10, ch = h + 4, r = 3;
    cairo_new_sub_path(p->cr);
    cairo_arc(p->cr, x + cw - r, y + r, r, -TAU / 4, 0);
    cairo_arc(p->cr, x + cw - r, y + ch - r, r, 0, TAU / 4);
    cairo_arc(p->cr, x + r, y + ch - r, r, TAU / 4, TAU / 2);
    cairo_arc(p->cr, x + r, y + r, r, TAU / 2, 3 * TAU / 4);
    cairo_close_path(p->cr);
    bls_pdf_set_colour(p->cr, colour, 1);
    cairo_fill(p->cr);
    bls_pdf_pen_text(p, &st, x + 5, y + 2, 0, label);
    return cw;
}

void bls_pdf_line(cairo_t *cr, double x0, double y0, double x1, double y1, unsigned colour,
                  double width, int dashed)
{
    static const double dash[] = {4, 3};
    cairo_save(cr);
    bls_pdf_set_colour(cr, colour, 1);
    cairo_set_line_width(cr, width);
    cairo_set_dash(cr, dash, dashed ? 2 : 0, 0);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void bls_pdf_arrow_right(cairo_t *cr, double x, double cy, double size, unsigned colour)
{
    bls_pdf_set_colour(cr, colour, 1);
    cairo_move_to(cr, x, cy - size / 2);
    cairo_line_to(cr, x + size, cy);
    cairo_line_to(cr, x, cy + size / 2);
    cairo_close_path(cr);
    cairo_fill(cr);
}
