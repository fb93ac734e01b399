/*
 * render_pdf_internal.h - what the three files of the PDF renderer share (not
 * installed, not part of the contract).
 *
 * Pipeline stage: ... -> crosscheck -> *render_pdf*. render_pdf.c draws the
 * document and holds the entry point; pdf_charts.c builds and draws the
 * charts; pdf_pen.c is the toolkit both draw with. Shared functions and
 * tables carry the bls_pdf_ prefix: they are global in bls_render_pdf, the
 * static library the unit tests link, and hidden in blsreport-pdf.so, which
 * exports bls_pdf_module only. The look (geometry, palette, styles) is here
 * so that the three files draw with one look.
 */
#ifndef BLS_RENDER_PDF_INTERNAL_H
#define BLS_RENDER_PDF_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "blsreport/base/cells.h"
#include "blsreport/base/diag.h"
#include "blsreport/base/dynbuf.h"
#include "blsreport/base/metric.h"
#include "blsreport/base/period.h"
#include "blsreport/base/status.h"
#include "blsreport/check/crosscheck.h"
#include "blsreport/check/model.h"
#include "blsreport/render/chart_view.h"
#include "blsreport/render/render_pdf.h"
#include "blsreport/render/report.h"

/* ---- look (the tables are defined in pdf_pen.c) ---------------------------- */

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
#define EMPTY_CHART_FILE_H 80.0 /* a chart file for a chart without data */
#define TABLE_CELL_LINES 6
#define TAU 6.283185307179586

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

/* Chip colours, indexed by verdict and by severity. */
extern const unsigned bls_pdf_verdict_colour[BLS_VERDICT_COUNT];
extern const unsigned bls_pdf_severity_colour[BLS_SEV_ERROR + 1];

typedef enum { LEFT, CENTER, RIGHT } align;
typedef struct style {
    double size;
    int bold;
    unsigned colour;
    align align;
    int lines; /* 0: wrap freely; n > 0: at most n lines, ellipsized */
} style;

/* The styles text is drawn in. static const: a few bytes each, the same in
 * every file, so each keeps its short name. */
static const style ST_TITLE = {15, 1, OI_BLACK, LEFT, 2};
static const style ST_SUBTITLE = {9, 0, GREY_TEXT, LEFT, 2};
static const style ST_HEADING = {11, 1, OI_BLACK, LEFT, 1};
static const style ST_BODY = {9, 0, OI_BLACK, LEFT, 0};
static const style ST_NOTE = {7.5, 0, GREY_TEXT, LEFT, 0}; /* notes wrap, never cut */
static const style ST_SMALL = {7.5, 0, OI_BLACK, LEFT, 1};
static const style ST_CELL = {7.5, 0, OI_BLACK, LEFT, TABLE_CELL_LINES};
static const style ST_CELL_HEAD = {7.5, 1, OI_BLACK, LEFT, 2};

typedef struct box {
    double x, y, w, h;
} box;

/* Page sizes in points, indexed by bls_paper. */
typedef struct paper_size {
    double w, h;
} paper_size;
extern const paper_size bls_pdf_paper_points[BLS_PAPER_LETTER + 1];

/* ---- growing text and exact labels (pdf_pen.c) ------------------------------ */

/* Text the PDF draws: a growing buffer (base/dynbuf.h) with a limit of
 * TEXT_LIMIT bytes and a sticky status. Appends never cut: once one fails
 * (BLS_ERR_NOMEM, or BLS_ERR_LIMIT past the limit) the text keeps its
 * status and later appends do nothing, and whoever reads it with
 * bls_pdf_text_str() or bls_pdf_text_take() gets the failure, so a PDF is
 * never drawn with cut text. Only the page cuts, visibly: Pango ellipsizes a
 * label longer than its box. Caller's storage: bls_pdf_text_init(), then
 * bls_pdf_text_cleanup() (bls_pdf_text_reset() empties it for reuse and
 * keeps the status). */
#define TEXT_LIMIT (1u << 20) /* 1 MiB: far past any sentence or label */

typedef struct text {
    bls_dynbuf b;
    bls_status status; /* the first failed append; BLS_OK */
} text;

void bls_pdf_text_init(text *t);
void bls_pdf_text_cleanup(text *t);
void bls_pdf_text_reset(text *t);
void bls_pdf_text_put(text *t, const char *s);
void bls_pdf_text_printf(text *t, const char *fmt, ...) BLS_PRINTF(2, 3);
/* The text as a C string ("" when empty), borrowed until the next change.
 * If an append failed, the failure goes to *st (unless *st already holds
 * one) and the string is "": the caller's output fails. */
const char *bls_pdf_text_str(const text *t, bls_status *st);
/* Hand the text over as an owned string (free with bls_free(); never NULL
 * on success); the text is empty afterwards. Its status, or BLS_ERR_NOMEM. */
bls_status bls_pdf_text_take(text *t, char **out) BLS_MUST_CHECK;

/* "$54,410", "40.9%", "12,340"; top-coded "≥ $187,200" when the cap is known
 * (@p period may be NULL); markers and empty cells as their marker or a dash. */
void bls_pdf_format_value(text *t, const bls_number *n, bls_unit unit, const bls_period *period);
/* "2012-22", "May 2014": as BLS source lines read. */
void bls_pdf_format_period_short(text *t, const bls_period *p);
void bls_pdf_format_period(text *t, const bls_period *p);

/* ---- axes: nice ticks as exact numbers (pdf_pen.c) ------------------------- */

typedef struct axis {
    double lo, hi, step;
    int64_t first, last; /* tick i is at i * step_scaled / 10^decimals */
    int64_t step_scaled;
    unsigned decimals;
} axis;

axis bls_pdf_axis_make(double lo, double hi, int with_zero);
void bls_pdf_axis_tick_label(text *t, const axis *a, int64_t i, bls_unit unit);
/* Where @p v falls between @p from and @p to (either may be the larger). */
double bls_pdf_axis_pos(const axis *a, double v, double from, double to);

/* ---- pen: cairo + one reusable pango layout (pdf_pen.c) -------------------- */

/* Called for each line of text a pen draws: its text, baseline origin in
 * device space and size; the SVG files keep it as real <text>. */
typedef void (*pen_text_hook)(void *ctx, double x, double y, double size, int bold,
                              const char *line, size_t len);

typedef struct pen {
    cairo_t *cr;
    PangoContext *context;
    PangoLayout *layout;
    double scale;       /* style size / PEN_SIZE, of the text last set */
    pen_text_hook hook; /* NULL: none */
    void *hook_ctx;
    bls_status status; /* the first failure of a text drawn with it (bls_pdf_text_str) */
} pen;

/* Open a pen on @p cr (status BLS_OK); close it before @p cr is destroyed.
 * Whoever draws with a pen returns its status at the end. */
void bls_pdf_pen_open(pen *p, cairo_t *cr);
void bls_pdf_pen_close(pen *p);
void bls_pdf_set_colour(cairo_t *cr, unsigned rgb, double alpha);
/* Size of @p str in style @p s wrapped at @p width (0: unwrapped); w, h may be NULL. */
void bls_pdf_pen_measure(pen *p, const style *s, double width, const char *str, double *w,
                         double *h);
/* Draw with the top-left at (x, y); returns the height drawn. */
double bls_pdf_pen_text(pen *p, const style *s, double x, double y, double width, const char *str);
double bls_pdf_pen_width(pen *p, const style *s, const char *str);
/* A verdict or severity chip at (x, y); returns its width. */
double bls_pdf_chip(pen *p, double x, double y, unsigned colour, const char *label);
/* The width bls_pdf_chip() draws @p label at. */
double bls_pdf_chip_width(pen *p, const char *label);
void bls_pdf_line(cairo_t *cr, double x0, double y0, double x1, double y1, unsigned colour,
                  double width, int dashed);
void bls_pdf_arrow_right(cairo_t *cr, double x, double cy, double size, unsigned colour);

/* ---- SVG accessibility (pdf_svg.c) ----------------------------------------- */

/* The text a chart file draws, collected as SVG <text> elements while cairo
 * draws its glyph outlines; bls_pdf_svg_finish() adds it to the file. */
typedef struct svg_text {
    char *xml; /* escaped <text> elements; owned */
    size_t len, cap;
    int failed; /* an allocation failed or the limit was reached */
} svg_text;

/* The pen hook that appends one line to an svg_text (ctx). */
void bls_pdf_svg_collect(void *ctx, double x, double y, double size, int bold, const char *line,
                         size_t len);
void bls_pdf_svg_text_free(svg_text *t);
/* Rewrite the SVG cairo wrote at @p path with <title>, <desc> (the parts
 * of @p desc joined by spaces) and the
 * collected text (transparent, over cairo's outlines: selectable, searchable,
 * read aloud). BLS_OK, BLS_ERR_NOMEM, BLS_ERR_WRITE, BLS_ERR_LIMIT. */
bls_status bls_pdf_svg_finish(const char *path, const char *title, const char *const *desc,
                              size_t desc_count, const svg_text *t) BLS_MUST_CHECK;

/* ---- charts (pdf_charts.c) -------------------------------------------------- */

/* Notes under a chart: a bar chart makes at most five, the scatter four (the
 * code that adds them says which); one more is BLS_ERR_LIMIT, never a note
 * dropped silently. Each note is whole. */
enum { MAX_NOTES = 6 };

struct rect; /* pdf_charts.c: where the scatter's points and labels lie */

typedef struct bar_item {
    const bls_occupation *occ;
    const char *label; /* from the chart view: the title, with its code where titles repeat */
    bls_number value;
    bls_number range[4]; /* 10th, 25th, 75th, 90th percentile; EMPTY when absent */
} bar_item;

typedef struct bar_chart {
    const char *title;
    bls_unit unit;
    bls_period period;
    bar_item *items;
    size_t count;
    unsigned colour;
    int has_reference, has_ranges, has_top_coded;
    double cap; /* where a top-coded bar ends; > every drawn value */
    char *subtitle, *axis_label, *reference_label; /* owned; reference_label NULL: none */
    char *notes[MAX_NOTES];                        /* owned, whole */
    size_t note_count;
    double reference;
} bar_chart;

typedef struct scatter_point {
    const bls_occupation *occ;
    const char *label;
    bls_number wage, growth, employment; /* spec->metric (x), y_metric (y), size_metric (area) */
} scatter_point;

typedef struct scatter_chart {
    const char *title;
    bls_unit x_unit, y_unit, size_unit;
    unsigned colour;
    scatter_point *points;
    size_t count;
    struct rect *taken; /* room for the collision test: 2 * count + 1 rectangles */
    bls_period wage_period, growth_period, emp_period;
    int has_employment, has_top_coded, has_ref_wage, has_ref_growth;
    double cap, ref_wage, ref_growth;
    char *subtitle, *x_axis_label, *y_axis_label; /* owned */
    char *notes[MAX_NOTES];                       /* owned, whole */
    size_t note_count;
} scatter_chart;

/* One chart of the report as the PDF draws it: what it shows and how it is
 * worded are its spec's (bls_chart_specs) and the chart view's; spec->shape
 * says which member of the union is built. */
typedef struct pdf_chart {
    const bls_chart_spec *spec;
    union {
        bar_chart bars;        /* BLS_SHAPE_BARS */
        scatter_chart scatter; /* BLS_SHAPE_SCATTER */
    };
} pdf_chart;

typedef struct charts {
    pdf_chart of[BLS_CHART_COUNT]; /* indexed by bls_chart */
} charts;

/* Build every chart of @p r into @p c; call bls_pdf_charts_free() afterwards,
 * also when this fails (it frees the items and every string). BLS_OK,
 * BLS_ERR_NOMEM, BLS_ERR_LIMIT (a text past TEXT_LIMIT). A chart no occupation has
 * data for is left empty (count 0). */
bls_status bls_pdf_charts_build(const bls_report *r, charts *c) BLS_MUST_CHECK;
void bls_pdf_charts_free(charts *c);

/* The occupations (bars or points) chart @p c draws; 0: it is left out. */
size_t bls_pdf_chart_count(const pdf_chart *c);

/* Title and subtitle at the top of @p b; advances *y past them. The drawing
 * functions report a failed text in p->status. */
void bls_pdf_chart_title(pen *p, const box *b, const char *title, int continued, const char *sub,
                         double *y);
/* The height of a bar chart without its rows, to size the rows or a file. */
double bls_pdf_bar_chart_fixed_height(pen *p, double width, const bar_chart *c, int continued);
/* Bars first .. first + count - 1 of @p c in @p b; every page shares one axis. */
void bls_pdf_draw_bar_chart(pen *p, const box *b, const bar_chart *c, size_t first, size_t count,
                            int continued);
void bls_pdf_draw_scatter(pen *p, const box *b, const scatter_chart *c);

#endif /* BLS_RENDER_PDF_INTERNAL_H */
