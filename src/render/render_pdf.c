/*
 * render_pdf.c - the publisher's PDF report, drawn with cairo and pango.
 *
 * Pipeline stage: ... -> model -> crosscheck -> *render_pdf*.
 *
 * Pages: (1) cover and summary; then the charts of bls_chart_specs in its
 * order, each drawn by its shape (today: projected employment growth,
 * sorted bars with the all-occupations figure (SOC 00-0000) as a dashed
 * line; median annual pay with 10th-90th / 25th-75th percentile ranges,
 * top-coded ("#") wages drawn as open-ended bars, never as the cap; growth
 * versus pay scatter, point area by employment); last the cross-check
 * table. Bar charts continue on further pages past BARS_PER_PAGE
 * occupations; a chart whose
 * metric no occupation has is left out (the cover says so).
 *
 * The renderer is three files, sharing render_pdf_internal.h. This one holds
 * the document: pages, cover, cross-check table, surfaces and metadata, the
 * standalone chart files, the entry point and the module's one export.
 * pdf_charts.c builds the charts from the report and draws them; pdf_pen.c
 * is the drawing toolkit under both (look, text, number labels, axes, pen).
 *
 * Each chart is drawn by one function that takes a pen (cairo_t + pango
 * layout) and a box: the same code draws the PDF page, and, with
 * opts->chart_paths, growth/pay/scatter .svg and .png (2x) files.
 *
 * Numbers: labels are formatted from the exact bls_number (own thousands
 * grouping, no locale); doubles are used only for positions.
 * Reproducibility: the creation date comes from source_date_epoch (gmtime_r),
 * and cairo 1.16 writes no /ID and no other clock value, so equal inputs give
 * byte-identical PDFs. Fonts: DejaVu Sans via fontconfig, embedded as
 * subsets by cairo. Errors: cairo_status_t is translated at the end of each
 * surface (BLS_ERR_WRITE for files that cannot be written, BLS_ERR_NOMEM,
 * else BLS_ERR_PDF). These three files are the only ones that include cairo
 * or pango.
 */
#define _POSIX_C_SOURCE 200809L

#include "blsreport/render/render_pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include "blsreport/base/alloc.h"
#include "blsreport/base/metric.h"
#include "render/render_pdf_internal.h"

/* ---- the document -------------------------------------------------------- */

typedef struct doc {
    const bls_report *report;
    cairo_surface_t *surface;
    cairo_t *cr;
    pen pen;
    double width, height;
    int page;
    const char *author;    /* borrowed from the options; NULL: none */
    text title, generator; /* whole; built before the surface */
    char date[32];
} doc;

/* A text to draw: its string, or "" with its failure kept in the pen's
 * status, which ends the PDF (write_pdf). */
static const char *str(doc *d, const text *t)
{
    return bls_pdf_text_str(t, &d->pen.status);
}

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
    bls_pdf_pen_text(&d->pen, &header, PAGE_MARGIN, 28, w, str(d, &d->title));
    bls_pdf_line(d->cr, PAGE_MARGIN, 42, d->width - PAGE_MARGIN, 42, GREY_LINE, 0.5, 0);
    bls_pdf_pen_text(&d->pen, &header, PAGE_MARGIN, d->height - 36, w - 60, str(d, &d->generator));
    snprintf(number, sizeof number, "Page %d", d->page);
    bls_pdf_pen_text(&d->pen, &page_no, PAGE_MARGIN, d->height - 36, w, number);
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

/* Whether the run checked a document (or a claims CSV): else it is a data
 * report, with no verdicts and no cross-check page. */
static int checks_a_document(const bls_report *r)
{
    for (size_t i = 0; i < r->input_count; i++)
        if (r->inputs[i].kind == BLS_KIND_DOCUMENT || r->inputs[i].kind == BLS_KIND_CLAIMS)
            return 1;
    return (r->checks && r->checks->count) || (r->claims && r->claims->count);
}

/* "BLS figures in <document>: cross-check report"; without a document
 * "BLS occupational data: <file> and n other files". */
static void document_title(const bls_report *r, text *t)
{
    const char *docname = NULL;
    size_t docs = 0;
    if (!checks_a_document(r)) {
        const char *first = NULL;
        size_t files = 0;
        for (size_t i = 0; i < r->input_count; i++)
            if (r->inputs[i].kind == BLS_KIND_WAGES || r->inputs[i].kind == BLS_KIND_PROJECTIONS)
                if (files++ == 0)
                    first = base_name(r->inputs[i].path);
        bls_pdf_text_put(t, "BLS occupational data");
        if (first)
            bls_pdf_text_printf(t, ": %s", first);
        if (files > 1)
            bls_pdf_text_printf(t, " and %zu other file%s", files - 1, files == 2 ? "" : "s");
        return;
    }
    for (size_t i = 0; i < r->input_count; i++)
        if (r->inputs[i].kind == BLS_KIND_DOCUMENT && docs++ == 0)
            docname = base_name(r->inputs[i].path);
    if (!docname && r->claims && r->claims->count && r->claims->items[0].document[0]) {
        docname = base_name(r->claims->items[0].document);
        docs = 1;
    }
    bls_pdf_text_put(t, "BLS figures in ");
    bls_pdf_text_put(t, docname ? docname : "the document");
    if (docs > 1)
        bls_pdf_text_printf(t, " and %zu other document%s", docs - 1, docs == 2 ? "" : "s");
    bls_pdf_text_put(t, ": cross-check report");
}

static double section(doc *d, double y, const char *heading)
{
    box b = content_box(d);
    y += 10;
    y += bls_pdf_pen_text(&d->pen, &ST_HEADING, b.x, y, b.w, heading) + 2;
    bls_pdf_line(d->cr, b.x, y, b.x + b.w, y, GREY_LINE, 0.6, 0);
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
            ch = bls_pdf_pen_text(&d->pen, st, x + 2, y, w - 6, cells[i]);
        else
            bls_pdf_pen_measure(&d->pen, st, w - 6, cells[i] ? cells[i] : "", NULL, &ch);
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
    text kind, period, rows;
    bls_pdf_text_init(&kind);
    bls_pdf_text_init(&period);
    bls_pdf_text_init(&rows);
    for (size_t i = 0; i < r->input_count && i < MAX_LISTED; i++) {
        const bls_input_info *in = &r->inputs[i];
        bls_pdf_text_reset(&kind);
        bls_pdf_text_reset(&period);
        bls_pdf_text_reset(&rows);
        bls_pdf_text_put(&kind, bls_kind_name(in->kind));
        if (in->layout_name)
            bls_pdf_text_printf(&kind, " (%s)", in->layout_name);
        bls_pdf_format_period(&period, &in->period);
        if (in->kind == BLS_KIND_DOCUMENT)
            bls_pdf_text_printf(&rows, "%llu figures found", (unsigned long long)in->claims_found);
        else
            bls_pdf_text_printf(&rows, "%llu accepted, %llu rejected",
                                (unsigned long long)in->rows_accepted,
                                (unsigned long long)in->rows_rejected);
        const char *cells[] = {base_name(in->path), str(d, &kind), str(d, &period), str(d, &rows)};
        y += cells_row(d, y, shares, cells, 4, &ST_SMALL, 1) + 2;
    }
    if (r->input_count > MAX_LISTED) {
        bls_pdf_text_reset(&rows);
        bls_pdf_text_printf(&rows, "... and %zu more inputs", r->input_count - MAX_LISTED);
        y += bls_pdf_pen_text(&d->pen, &ST_SMALL, PAGE_MARGIN, y, 0, str(d, &rows)) + 2;
    }
    bls_pdf_text_cleanup(&kind);
    bls_pdf_text_cleanup(&period);
    bls_pdf_text_cleanup(&rows);
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
    text t;
    bls_pdf_text_init(&t);
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
        bls_pdf_text_reset(&t);
        bls_pdf_text_printf(&t, "%s: ", bls_metric_label((bls_metric)metric));
        for (size_t s = 0; s < n_seen; s++) {
            bls_pdf_text_put(&t, s ? ", " : "");
            bls_pdf_format_period(&t, &seen[s]);
        }
        bls_pdf_text_printf(&t, " (%zu occupation%s)", holders, holders == 1 ? "" : "s");
        y += bls_pdf_pen_text(&d->pen, &ST_SMALL, b.x, y, b.w, str(d, &t)) + 2;
    }
    bls_pdf_text_cleanup(&t);
    return y;
}

/* Why a chart is empty: "no charted occupation has a median annual wage."
 * (the cover and an empty chart file say it alike). */
static void left_out_why(text *t, const bls_chart_spec *spec)
{
    bls_pdf_text_printf(t, "no charted occupation has %s.", spec->figure);
}

/* What the cover says after a chart's count of occupations. */
static const char *counted_words(bls_chart_shape shape)
{
    switch (shape) {
    case BLS_SHAPE_BARS: return "";
    case BLS_SHAPE_SCATTER: return " with both figures";
    }
    return "";
}

/* Past this many, the cover counts the selected codes instead of naming them. */
#define MAX_SELECTED_LISTED 12

static double cover_occupations(doc *d, double y, const charts *c)
{
    const bls_report *r = d->report;
    box b = content_box(d);
    static const style list = {8, 0, OI_BLACK, LEFT, 4};
    y = section(d, y, "Occupations covered");
    size_t detailed = 0, total = bls_model_count(r->model);
    for (size_t i = 0; i < total; i++)
        detailed += bls_model_at(r->model, i)->group == BLS_GROUP_DETAILED;
    text t;
    bls_pdf_text_init(&t);
    bls_pdf_text_printf(&t, "%zu occupation%s in the data (%zu detailed). ", total,
                        total == 1 ? "" : "s", detailed);
    if (r->selected_count > MAX_SELECTED_LISTED) {
        bls_pdf_text_printf(&t,
                            "%zu occupations selected; charts show the detailed ones and a "
                            "group only where none of its members is selected.",
                            r->selected_count);
    } else if (r->selected_count) {
        bls_pdf_text_printf(&t, "Selected for the charts: ");
        for (size_t i = 0; i < r->selected_count; i++) {
            const bls_occupation *occ = bls_model_find(r->model, r->selected[i]);
            bls_pdf_text_printf(&t, "%s%s %s", i ? "; " : "", r->selected[i],
                                occ ? occ->title : "");
        }
    } else {
        bls_pdf_text_put(&t, "Charts rank the detailed occupations that have each figure; "
                             "each chart's note says how many it shows.");
    }
    y += bls_pdf_pen_text(&d->pen, &list, b.x, y, b.w, str(d, &t)) + 4;
    for (size_t i = 0; i < BLS_CHART_COUNT; i++) {
        const pdf_chart *pc = &c->of[i];
        size_t n = bls_pdf_chart_count(pc);
        bls_pdf_text_reset(&t);
        if (n) {
            bls_pdf_text_printf(&t, "%s: %zu occupation%s%s.", pc->spec->title, n,
                                n == 1 ? "" : "s", counted_words(pc->spec->shape));
        } else {
            bls_pdf_text_printf(&t, "%s: chart left out - ", pc->spec->title);
            left_out_why(&t, pc->spec);
        }
        y += bls_pdf_pen_text(&d->pen, &ST_SMALL, b.x, y, b.w, str(d, &t)) + 2;
    }
    bls_pdf_text_cleanup(&t);
    return y;
}

static double cover_verdicts(doc *d, double y)
{
    const bls_report *r = d->report;
    box b = content_box(d);
    y = section(d, y, "Claim verdicts at a glance");
    size_t checked = r->checks ? r->checks->count : 0;
    size_t unattributed = r->unattributed ? r->unattributed->count : 0;
    double x = b.x;
    text t;
    bls_pdf_text_init(&t);
    for (int v = 0; v < BLS_VERDICT_COUNT; v++) {
        size_t n = r->checks ? r->checks->by_verdict[v] : 0;
        bls_pdf_text_reset(&t);
        bls_pdf_text_printf(&t, "%s  %zu", bls_verdict_name((bls_verdict)v), n);
        x += bls_pdf_chip(&d->pen, x, y, n ? bls_pdf_verdict_colour[v] : GREY_BAND, str(d, &t)) + 6;
    }
    y += 20;
    bls_pdf_text_reset(&t);
    bls_pdf_text_printf(
        &t,
        "%zu claim%s checked; %zu figure%s found in the document but not attributed "
        "to an occupation.",
        checked, checked == 1 ? "" : "s", unattributed, unattributed == 1 ? "" : "s");
    y += bls_pdf_pen_text(&d->pen, &ST_SMALL, b.x, y, b.w, str(d, &t)) + 2;
    bls_pdf_text_cleanup(&t);
    return y;
}

static double cover_findings(doc *d, double y)
{
    const bls_findings *f = d->report->findings;
    box b = content_box(d);
    y = section(d, y, "Validation findings");
    double x = b.x;
    text t;
    bls_pdf_text_init(&t);
    for (int s = BLS_SEV_ERROR; s >= BLS_SEV_INFO; s--) {
        uint64_t n = f ? bls_findings_total(f, (bls_severity)s) : 0;
        bls_pdf_text_reset(&t);
        bls_pdf_text_printf(&t, "%s  %llu", bls_severity_name((bls_severity)s),
                            (unsigned long long)n);
        x +=
            bls_pdf_chip(&d->pen, x, y, n ? bls_pdf_severity_colour[s] : GREY_BAND, str(d, &t)) + 6;
    }
    bls_pdf_text_cleanup(&t);
    y += 20;
    static const char note[] = "Every finding, with file, line and column, is listed in the "
                               "workbook and the JSON summary.";
    return y + bls_pdf_pen_text(&d->pen, &ST_SMALL, b.x, y, b.w, note) + 2;
}

/* ---- chart layout: several small charts to a page ------------------------- */

/* Where each chart (or each page of a long bar chart) goes. A chart is as
 * tall as its content (bars at full row height, the scatter at most
 * SCATTER_FILE_H); the next one shares the page when it fits below. */
enum { MAX_BLOCKS = 24, CHART_GAP = 28 };
#define SCATTER_SMALL_H 380.0

typedef struct block {
    int chart; /* bls_chart */
    size_t first, count;
    int continued, new_page, page;
    double y, h;
} block;

typedef struct plan {
    block blocks[MAX_BLOCKS];
    size_t count;
    int table_page; /* 0: no cross-check page */
} plan;

static void plan_add(doc *d, plan *pl, block bk, double *y, int *page)
{
    box c = content_box(d);
    if (pl->count >= MAX_BLOCKS)
        return;
    bk.new_page = *page == 1 || *y + bk.h > c.y + c.h;
    if (bk.new_page) {
        (*page)++;
        *y = c.y;
    }
    bk.page = *page;
    bk.y = *y;
    *y += bk.h + CHART_GAP;
    pl->blocks[pl->count++] = bk;
}

static void plan_charts(doc *d, const charts *c, plan *pl)
{
    box b = content_box(d);
    double y = b.y;
    int page = 1; /* the cover */
    memset(pl, 0, sizeof *pl);
    for (int i = 0; i < BLS_CHART_COUNT; i++) {
        const pdf_chart *pc = &c->of[i];
        switch (pc->spec->shape) {
        case BLS_SHAPE_BARS: { /* a page of bars at a time */
            const bar_chart *bc = &pc->bars;
            for (size_t first = 0; first < bc->count; first += BARS_PER_PAGE) {
                size_t n = bc->count - first < BARS_PER_PAGE ? bc->count - first : BARS_PER_PAGE;
                int continued = first > 0;
                double h = bls_pdf_bar_chart_fixed_height(&d->pen, b.w, bc, continued) +
                           (double)n * MAX_ROW_H;
                block bk = {i, first, n, continued, 0, 0, 0, fmin(h, b.h)};
                plan_add(d, pl, bk, &y, &page);
            }
            break;
        }
        case BLS_SHAPE_SCATTER:
            if (pc->scatter.count) {
                /* A dozen points read well on a smaller plot. */
                double h = pc->scatter.count <= 12 ? SCATTER_SMALL_H : SCATTER_FILE_H;
                block bk = {i, 0, pc->scatter.count, 0, 0, 0, 0, fmin(b.h, h)};
                plan_add(d, pl, bk, &y, &page);
            }
            break;
        }
    }
    pl->table_page = checks_a_document(d->report) ? page + 1 : 0;
}

static const char *block_title(const charts *c, const block *bk)
{
    return c->of[bk->chart].spec->title;
}

/* The pages that follow. Not links: cairo 1.16 writes a link tag's
 * structure-tree reference without the object it names (qpdf: "file is
 * damaged"); the outline gives the navigation instead. */
static double cover_contents(doc *d, double y, const charts *c, const plan *pl)
{
    box b = content_box(d);
    static const style entry = {8.5, 0, OI_BLACK, LEFT, 1};
    y = section(d, y, "Contents");
    text t;
    bls_pdf_text_init(&t);
    for (size_t i = 0; i < pl->count; i++) {
        const block *bk = &pl->blocks[i];
        if (bk->continued)
            continue;
        bls_pdf_text_reset(&t);
        bls_pdf_text_printf(&t, "%s, page %d", block_title(c, bk), bk->page);
        y += bls_pdf_pen_text(&d->pen, &entry, b.x, y, b.w, str(d, &t)) + 2;
    }
    if (pl->table_page) {
        bls_pdf_text_reset(&t);
        bls_pdf_text_printf(&t, "Cross-check, page %d", pl->table_page);
        y += bls_pdf_pen_text(&d->pen, &entry, b.x, y, b.w, str(d, &t)) + 2;
    }
    bls_pdf_text_cleanup(&t);
    return y;
}

static void draw_cover(doc *d, const charts *c, const plan *pl)
{
    box b = content_box(d);
    begin_page(d, "Summary", CAIRO_PDF_OUTLINE_ROOT);
    double y = b.y;
    const style title_style = {18, 1, OI_BLACK, LEFT, 3};
    y += bls_pdf_pen_text(&d->pen, &title_style, b.x, y, b.w, str(d, &d->title)) + 4;
    int with_document = checks_a_document(d->report);
    text t;
    bls_pdf_text_init(&t);
    bls_pdf_text_put(&t, with_document
                             ? "Every figure the document quotes, checked against the U.S. Bureau "
                               "of Labor Statistics data it cites."
                             : "A report of U.S. Bureau of Labor Statistics occupational data: "
                               "what the files hold, their validation and charts. No document "
                               "was checked.");
    y += bls_pdf_pen_text(&d->pen, &ST_SUBTITLE, b.x, y, b.w, str(d, &t)) + 2;
    bls_pdf_text_reset(&t);
    bls_pdf_text_printf(&t, "Generated by %s, %s%s.",
                        d->report->version ? d->report->version : "blsreport",
                        d->date[0] ? d->date : "date unknown",
                        d->report->source_date_epoch >= 0 ? " (SOURCE_DATE_EPOCH)" : "");
    y += bls_pdf_pen_text(&d->pen, &ST_SUBTITLE, b.x, y, b.w, str(d, &t)) + 4;
    bls_pdf_text_cleanup(&t);
    y = cover_inputs(d, y);
    y = cover_periods(d, y);
    y = cover_occupations(d, y, c);
    if (with_document)
        y = cover_verdicts(d, y);
    y = cover_findings(d, y);
    cover_contents(d, y, c, pl);
    end_page(d);
}

/* The charts as planned: a page begun for a block that starts one, an
 * outline entry for every chart (a child entry for continued pages). */
static void draw_charts(doc *d, const charts *c, const plan *pl)
{
    int outline = 0, open = 0;
    text t;
    bls_pdf_text_init(&t);
    for (size_t i = 0; i < pl->count; i++) {
        const block *bk = &pl->blocks[i];
        bls_pdf_text_reset(&t);
        bls_pdf_text_printf(&t, "%s%s", block_title(c, bk), bk->continued ? " (continued)" : "");
        int parent = bk->continued ? outline : CAIRO_PDF_OUTLINE_ROOT;
        int id;
        if (bk->new_page) {
            if (open)
                end_page(d);
            id = begin_page(d, str(d, &t), parent);
            open = 1;
        } else {
            char link[32];
            snprintf(link, sizeof link, "page=%d", d->page);
            id = cairo_pdf_surface_add_outline(d->surface, parent, str(d, &t), link, 0);
        }
        if (!bk->continued)
            outline = id;
        box b = content_box(d);
        b.y = bk->y;
        b.h = bk->h;
        const pdf_chart *pc = &c->of[bk->chart];
        switch (pc->spec->shape) {
        case BLS_SHAPE_BARS:
            bls_pdf_draw_bar_chart(&d->pen, &b, &pc->bars, bk->first, bk->count, bk->continued);
            break;
        case BLS_SHAPE_SCATTER: bls_pdf_draw_scatter(&d->pen, &b, &pc->scatter); break;
        }
    }
    bls_pdf_text_cleanup(&t);
    if (open)
        end_page(d);
}

/* ---- cross-check table --------------------------------------------------- */

/* Columns sized to their content: the short ones (#, line, claimed, data,
 * verdict) to their widest cell, the rest share what is left. Every cell
 * wraps and is never cut; the quote runs under the row, full width. */
enum { COLS = 8 };
static const char *const table_heads[COLS] = {"#",       "Line",     "Occupation", "Figure",
                                              "Claimed", "BLS data", "Verdict",    "Note"};
enum { COL_SOURCE = 1, COL_OCCUPATION = 2, COL_VERDICT = 6, COL_NOTE = 7 };
/* Share of the room left for the wrapping columns (occupation, figure, note). */
static const double flex_share[COLS] = {0, 0, 0.30, 0.22, 0, 0, 0, 0.48};
#define CELL_PAD 6.0
#define SOURCE_MAX_W 120.0 /* several documents: "name:line" wraps past this */

static const style ST_CELL_WRAP = {7.5, 0, OI_BLACK, LEFT, 0};
static const style ST_CELL_SECOND = {7, 0, GREY_TEXT, LEFT, 0}; /* BLS's code and title */
static const style ST_CELL_QUOTE = {7, 0, GREY_TEXT, LEFT, 0};  /* the document's words */

typedef struct table {
    double w[COLS];
    const char *document; /* the one document every claim quotes, or NULL */
} table;

/* The document every claim quotes, or NULL when they quote several. */
static const char *single_document(const bls_checks *checks)
{
    const char *first = NULL;
    for (size_t i = 0; checks && i < checks->count; i++) {
        const bls_claim *cl = checks->items[i].claim;
        const char *name = cl && cl->document ? base_name(cl->document) : "";
        if (!first)
            first = name;
        else if (strcmp(first, name) != 0)
            return NULL;
    }
    return first && first[0] ? first : NULL;
}

/* The words of one row, whole (a verdict's note may run to any length):
 * reused from row to row, freed by row_text_cleanup(), which also reports
 * a failed append of any row to the pen (table_layout() measures only some
 * of the cells, but a failure is never let go). */
typedef struct row_text {
    text cells[COLS], second, quote;
} row_text;

static void row_text_init(row_text *rt)
{
    for (size_t k = 0; k < COLS; k++)
        bls_pdf_text_init(&rt->cells[k]);
    bls_pdf_text_init(&rt->second);
    bls_pdf_text_init(&rt->quote);
}

static void row_text_cleanup(doc *d, row_text *rt)
{
    for (size_t k = 0; k < COLS; k++) {
        (void)str(d, &rt->cells[k]);
        bls_pdf_text_cleanup(&rt->cells[k]);
    }
    (void)str(d, &rt->second);
    (void)str(d, &rt->quote);
    bls_pdf_text_cleanup(&rt->second);
    bls_pdf_text_cleanup(&rt->quote);
}

static void check_cells(const table *tb, const bls_check *ck, size_t index, row_text *rt)
{
    const bls_claim *cl = ck->claim;
    text *cells = rt->cells, *second = &rt->second, *quote = &rt->quote;
    for (size_t k = 0; k < COLS; k++)
        bls_pdf_text_reset(&cells[k]);
    bls_pdf_text_reset(second);
    bls_pdf_text_reset(quote);
    bls_pdf_text_printf(&cells[0], "%zu", index + 1);
    if (cl) {
        if (!tb->document)
            bls_pdf_text_printf(&cells[1], "%s%s", base_name(cl->document), cl->line ? ":" : "");
        if (cl->line)
            bls_pdf_text_printf(&cells[1], "%llu", (unsigned long long)cl->line);
        bls_pdf_text_put(&cells[2], cl->occupation);
        bls_pdf_text_put(&cells[3], bls_metric_label(cl->metric));
        if (bls_period_known(&cl->period)) {
            bls_pdf_text_put(&cells[3], ", ");
            bls_pdf_format_period(&cells[3], &cl->period);
        }
        bls_pdf_text_put(&cells[4], cl->claimed_text);
        if (cl->quote && cl->quote[0])
            bls_pdf_text_printf(quote, "\xE2\x80\x9C%s\xE2\x80\x9D", cl->quote);
    }
    if (ck->soc_code[0])
        bls_pdf_text_printf(second, "%s %s", ck->soc_code, ck->title ? ck->title : "");
    if (ck->actual.state != BLS_CELL_EMPTY && cl) {
        bls_pdf_format_value(&cells[5], &ck->actual, bls_metric_unit(cl->metric),
                             &ck->actual_period);
        bls_pdf_text_put(&cells[5], " (");
        bls_pdf_format_period(&cells[5], &ck->actual_period);
        bls_pdf_text_put(&cells[5], ")");
    } else {
        bls_pdf_text_put(&cells[5], "\xE2\x80\x94");
    }
    bls_pdf_text_put(&cells[6], bls_verdict_name(ck->verdict));
    bls_pdf_text_put(&cells[7], ck->note);
    if (ck->disagrees_with >= 0)
        bls_pdf_text_printf(&cells[7], " Disagrees with row %d.", ck->disagrees_with + 1);
}

/* Widths: fixed columns to their widest cell, capped; then the rest. */
static void table_layout(doc *d, table *tb)
{
    const bls_checks *checks = d->report->checks;
    box b = content_box(d);
    tb->document = single_document(checks);
    row_text rt;
    row_text_init(&rt);
    double fixed = 0;
    for (size_t k = 0; k < COLS; k++) {
        tb->w[k] = 0;
        if (flex_share[k] > 0)
            continue;
        const char *head = k == COL_SOURCE && !tb->document ? "Source" : table_heads[k];
        tb->w[k] = bls_pdf_pen_width(&d->pen, &ST_CELL_HEAD, head);
    }
    for (size_t i = 0; checks && i < checks->count; i++) {
        check_cells(tb, &checks->items[i], i, &rt);
        for (size_t k = 0; k < COLS; k++) {
            if (flex_share[k] > 0)
                continue;
            const char *cell = str(d, &rt.cells[k]);
            double w = k == COL_VERDICT ? bls_pdf_chip_width(&d->pen, cell)
                                        : bls_pdf_pen_width(&d->pen, &ST_CELL_WRAP, cell);
            tb->w[k] = fmax(tb->w[k], w);
        }
    }
    row_text_cleanup(d, &rt);
    for (size_t k = 0; k < COLS; k++) {
        if (flex_share[k] > 0)
            continue;
        if (k == COL_SOURCE)
            tb->w[k] = fmin(tb->w[k], SOURCE_MAX_W);
        tb->w[k] += CELL_PAD + 2;
        fixed += tb->w[k];
    }
    double room = fmax(b.w - fixed, b.w * 0.4);
    for (size_t k = 0; k < COLS; k++)
        if (flex_share[k] > 0)
            tb->w[k] = room * flex_share[k];
}

/* One row: cells, the occupation's BLS code and title in the secondary
 * style under the claim's words, the quote under the whole row. Returns
 * its height; draws only when @p draw. */
static double table_row(doc *d, const table *tb, double y, const row_text *rt,
                        unsigned verdict_colour, int draw)
{
    box b = content_box(d);
    double x = b.x, h = 0, ch;
    const char *second = str(d, &rt->second), *quote = str(d, &rt->quote);
    for (size_t k = 0; k < COLS; k++) {
        double w = tb->w[k] - CELL_PAD;
        const char *cell = str(d, &rt->cells[k]);
        if (k == COL_VERDICT) {
            if (draw)
                bls_pdf_chip(&d->pen, x + 2, y, verdict_colour, cell);
            ch = 14;
        } else if (draw) {
            ch = bls_pdf_pen_text(&d->pen, &ST_CELL_WRAP, x + 2, y, w, cell);
        } else {
            bls_pdf_pen_measure(&d->pen, &ST_CELL_WRAP, w, cell, NULL, &ch);
        }
        if (k == COL_OCCUPATION && second[0]) {
            double sh;
            if (draw)
                sh = bls_pdf_pen_text(&d->pen, &ST_CELL_SECOND, x + 2, y + ch + 1, w, second);
            else
                bls_pdf_pen_measure(&d->pen, &ST_CELL_SECOND, w, second, NULL, &sh);
            ch += sh + 1;
        }
        h = fmax(h, ch);
        x += tb->w[k];
    }
    if (quote[0]) {
        double qx = b.x + tb->w[0], qw = b.w - tb->w[0] - CELL_PAD, qh;
        if (draw)
            qh = bls_pdf_pen_text(&d->pen, &ST_CELL_QUOTE, qx + 2, y + h + 2, qw, quote);
        else
            bls_pdf_pen_measure(&d->pen, &ST_CELL_QUOTE, qw, quote, NULL, &qh);
        h += qh + 2;
    }
    return h;
}

static double table_head(doc *d, const table *tb, double y)
{
    box b = content_box(d);
    double h = 0, x = b.x, ch;
    for (size_t k = 0; k < COLS; k++) {
        bls_pdf_pen_measure(&d->pen, &ST_CELL_HEAD, tb->w[k] - CELL_PAD, table_heads[k], NULL, &ch);
        h = fmax(h, ch);
    }
    h += 6;
    bls_pdf_set_colour(d->cr, GREY_BAND, 1);
    cairo_rectangle(d->cr, b.x, y, b.w, h);
    cairo_fill(d->cr);
    for (size_t k = 0; k < COLS; k++) {
        const char *head = k == COL_SOURCE && !tb->document ? "Source" : table_heads[k];
        bls_pdf_pen_text(&d->pen, &ST_CELL_HEAD, x + 2, y + 3, tb->w[k] - CELL_PAD, head);
        x += tb->w[k];
    }
    bls_pdf_line(d->cr, b.x, y + h, b.x + b.w, y + h, OI_BLACK, 0.6, 0);
    return y + h + 2;
}

static void draw_table_pages(doc *d)
{
    const bls_checks *checks = d->report->checks;
    box b = content_box(d);
    table tb;
    table_layout(d, &tb);
    int outline = begin_page(d, "Cross-check", CAIRO_PDF_OUTLINE_ROOT);
    double y = b.y;
    text sub;
    bls_pdf_text_init(&sub);
    bls_pdf_text_put(&sub, "Each claim: where the document makes it, what it says, what the BLS "
                           "data hold; the document's words in quotes under each row.");
    if (tb.document)
        bls_pdf_text_printf(&sub, " Document: %s.", tb.document);
    bls_pdf_chart_title(&d->pen, &b, "Cross-check of the document's figures", 0, str(d, &sub), &y);
    bls_pdf_text_cleanup(&sub);
    size_t count = checks ? checks->count : 0;
    if (count == 0)
        bls_pdf_pen_text(&d->pen, &ST_BODY, b.x, y, b.w, "No claims were checked.");
    else
        y = table_head(d, &tb, y);
    row_text rt;
    row_text_init(&rt);
    for (size_t i = 0; i < count; i++) {
        const bls_check *ck = &checks->items[i];
        check_cells(&tb, ck, i, &rt);
        unsigned colour = bls_pdf_verdict_colour[ck->verdict];
        double h = fmax(table_row(d, &tb, y, &rt, colour, 0), 14) + 5;
        if (y + h > b.y + b.h) {
            end_page(d);
            begin_page(d, "Cross-check (continued)", outline);
            y = b.y;
            bls_pdf_chart_title(&d->pen, &b, "Cross-check of the document's figures", 1, "", &y);
            y = table_head(d, &tb, y);
        }
        if (i % 2) {
            bls_pdf_set_colour(d->cr, GREY_BAND, 1);
            cairo_rectangle(d->cr, b.x, y, b.w, h);
            cairo_fill(d->cr);
        }
        table_row(d, &tb, y + 2.5, &rt, colour, 1);
        y += h;
    }
    row_text_cleanup(d, &rt);
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

/* The file a surface writes to: opened here (the caller's staged file,
 * usually "/proc/self/fd/N"), written by cairo through sink_write, which
 * checks every write(2): after a full disk or RLIMIT_FSIZE (EFBIG) it
 * discards the rest, and close_sink() turns the error into BLS_ERR_WRITE. cairo's own file output
 * (fwrite, then an unchecked fclose) let a truncated PDF through with success. */
typedef struct sink {
    int fd;
    int error; /* first errno; 0: none */
} sink;

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int length)
{
    sink *s = closure;
    while (length && !s->error) {
        ssize_t n = write(s->fd, data, length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            s->error = n < 0 ? errno : EIO;
            break;
        }
        data += n;
        length -= (unsigned int)n;
    }
    /* The error is kept here, not handed to cairo: cairo 1.16 crashes in
     * cairo_surface_finish() on a PDF whose stream reported a write error
     * (a full disk reproduces it). The rest of the document is discarded
     * and close_sink() fails the file. */
    return CAIRO_STATUS_SUCCESS;
}

static bls_status open_sink(sink *s, const char *path)
{
    s->error = 0;
    s->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    return s->fd >= 0 ? BLS_OK : BLS_ERR_WRITE;
}

/* Close the file (checked: NFS reports write errors at close); a write or
 * close error is BLS_ERR_WRITE whatever @p st says. */
static bls_status close_sink(sink *s, bls_status st)
{
    if (s->fd >= 0 && close(s->fd) != 0 && !s->error)
        s->error = errno;
    s->fd = -1;
    return s->error ? BLS_ERR_WRITE : st;
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
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, str(d, &d->title));
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_SUBJECT,
                                   "Figures quoted in a document checked against U.S. Bureau of "
                                   "Labor Statistics data (OEWS wages, Employment Projections)");
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_KEYWORDS,
                                   "BLS, OEWS, Employment Projections, occupations, wages, "
                                   "employment growth, cross-check");
    if (d->author && d->author[0])
        cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_AUTHOR, d->author);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR,
                                   d->report->version ? d->report->version : "blsreport");
    if (d->date[0])
        cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATE_DATE, d->date);
}

/* The document on its surface; @p d has its title and generator line. A
 * text that failed while drawing (d->pen.status) fails the file. */
static bls_status draw_pdf(const char *path, doc *d, const charts *c)
{
    sink out;
    if (open_sink(&out, path) != BLS_OK)
        return BLS_ERR_WRITE;
    d->surface = cairo_pdf_surface_create_for_stream(sink_write, &out, d->width, d->height);
    bls_status st = from_cairo(cairo_surface_status(d->surface));
    if (st != BLS_OK) {
        cairo_surface_destroy(d->surface);
        return close_sink(&out, st);
    }
    d->cr = cairo_create(d->surface);
    bls_pdf_pen_open(&d->pen, d->cr);
    set_metadata(d);
    plan pl;
    plan_charts(d, c, &pl);
    draw_cover(d, c, &pl);
    draw_charts(d, c, &pl);
    if (checks_a_document(d->report))
        draw_table_pages(d);
    bls_pdf_pen_close(&d->pen);
    return close_sink(&out, close_surface(d->cr, d->surface, d->pen.status));
}

static bls_status write_pdf(const char *path, const bls_report *r, const bls_pdf_options *opts,
                            const charts *c)
{
    doc d = {.report = r,
             .author = opts->author,
             .width = bls_pdf_paper_points[opts->paper].w,
             .height = bls_pdf_paper_points[opts->paper].h};
    bls_pdf_text_init(&d.title);
    bls_pdf_text_init(&d.generator);
    document_title(r, &d.title);
    iso_date(r->source_date_epoch, d.date, sizeof d.date);
    bls_pdf_text_printf(&d.generator, "Generated by %s, %s", r->version ? r->version : "blsreport",
                        d.date);
    bls_status st = d.title.status != BLS_OK ? d.title.status : d.generator.status;
    if (st == BLS_OK)
        st = draw_pdf(path, &d, c);
    bls_pdf_text_cleanup(&d.title);
    bls_pdf_text_cleanup(&d.generator);
    return st;
}

/* ---- standalone chart files (SVG, PNG at 2x) ------------------------------ */

/* One chart file's content: the chart, or - for a chart no occupation has
 * data for - its title and why it is empty. */
typedef struct chart_job {
    const pdf_chart *chart; /* NULL: empty */
    const char *title;
    text why_empty; /* empty for a chart with data */
} chart_job;

/* Fill @p job for @p pc; free it with chart_job_cleanup(). */
static void chart_job_init(chart_job *job, const pdf_chart *pc)
{
    job->chart = NULL;
    job->title = pc->spec->title;
    bls_pdf_text_init(&job->why_empty);
    if (bls_pdf_chart_count(pc)) {
        job->chart = pc;
    } else {
        bls_pdf_text_put(&job->why_empty, "No chart: ");
        left_out_why(&job->why_empty, pc->spec);
    }
}

static void chart_job_cleanup(chart_job *job)
{
    bls_pdf_text_cleanup(&job->why_empty);
}

static void draw_chart_job(pen *p, const box *b, const chart_job *job)
{
    if (!job->chart) {
        double y = b->y; /* the title, and why there is nothing under it */
        bls_pdf_chart_title(p, b, job->title, 0, bls_pdf_text_str(&job->why_empty, &p->status), &y);
        return;
    }
    switch (job->chart->spec->shape) {
    case BLS_SHAPE_BARS:
        bls_pdf_draw_bar_chart(p, b, &job->chart->bars, 0, job->chart->bars.count, 0);
        break;
    case BLS_SHAPE_SCATTER: bls_pdf_draw_scatter(p, b, &job->chart->scatter); break;
    }
}

/* The height of a bar chart's file: every bar at STANDALONE_ROW_H. A text
 * that failed while measuring goes to *st. */
static double bar_file_height(const bar_chart *bc, double width, bls_status *st)
{
    cairo_surface_t *scratch = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(scratch);
    pen p = {0};
    bls_pdf_pen_open(&p, cr);
    double h = bls_pdf_bar_chart_fixed_height(&p, width - 40, bc, 0) +
               STANDALONE_ROW_H * (double)bc->count + 40;
    if (*st == BLS_OK)
        *st = p.status;
    bls_pdf_pen_close(&p);
    cairo_destroy(cr);
    cairo_surface_destroy(scratch);
    return ceil(h);
}

static double chart_job_height(const chart_job *job, double width, bls_status *st)
{
    if (!job->chart)
        return EMPTY_CHART_FILE_H;
    switch (job->chart->spec->shape) {
    case BLS_SHAPE_BARS: return bar_file_height(&job->chart->bars, width, st);
    case BLS_SHAPE_SCATTER: return SCATTER_FILE_H;
    }
    return EMPTY_CHART_FILE_H;
}

/* Draw one chart on a fresh surface; the caller finishes and frees it. */
static bls_status draw_on(cairo_surface_t *surface, double scale, double w, double h,
                          const chart_job *job, svg_text *texts)
{
    bls_status st = from_cairo(cairo_surface_status(surface));
    if (st != BLS_OK)
        return st;
    cairo_t *cr = cairo_create(surface);
    cairo_scale(cr, scale, scale);
    bls_pdf_set_colour(cr, WHITE, 1);
    cairo_paint(cr);
    pen p = {0};
    bls_pdf_pen_open(&p, cr);
    if (texts) {
        p.hook = bls_pdf_svg_collect;
        p.hook_ctx = texts;
    }
    box b = {20, 20, w - 40, h - 40};
    draw_chart_job(&p, &b, job);
    bls_pdf_pen_close(&p);
    st = p.status != BLS_OK ? p.status : from_cairo(cairo_status(cr));
    cairo_destroy(cr);
    return st;
}

/* The SVG's <title> (the chart's) and <desc> (its subtitle and notes, or
 * why it is empty), with the text the pen drew. */
static bls_status svg_describe(const char *path, const chart_job *job, const svg_text *texts)
{
    const char *desc[MAX_NOTES + 1];
    size_t n = 0;
    bls_status st = BLS_OK;
    const char *subtitle = bls_pdf_text_str(&job->why_empty, &st);
    char *const *notes = NULL;
    size_t note_count = 0;
    if (job->chart) {
        switch (job->chart->spec->shape) {
        case BLS_SHAPE_BARS:
            subtitle = job->chart->bars.subtitle;
            notes = job->chart->bars.notes;
            note_count = job->chart->bars.note_count;
            break;
        case BLS_SHAPE_SCATTER:
            subtitle = job->chart->scatter.subtitle;
            notes = job->chart->scatter.notes;
            note_count = job->chart->scatter.note_count;
            break;
        }
    }
    if (st != BLS_OK)
        return st;
    desc[n++] = subtitle;
    for (size_t i = 0; i < note_count; i++)
        desc[n++] = notes[i];
    return bls_pdf_svg_finish(path, job->title, desc, n, texts);
}

/* The chart's files that @p paths names (NULL: not that format). */
static bls_status write_chart_files(const char *const paths[BLS_CHART_FORMAT_COUNT],
                                    const chart_job *job)
{
    bls_status st = BLS_OK;
    double w = CHART_FILE_W, h = chart_job_height(job, CHART_FILE_W, &st);
    if (st == BLS_OK && paths[BLS_CHART_SVG]) {
        svg_text texts = {0};
        sink out;
        if (open_sink(&out, paths[BLS_CHART_SVG]) != BLS_OK)
            return BLS_ERR_WRITE;
        cairo_surface_t *s = cairo_svg_surface_create_for_stream(sink_write, &out, w, h);
        st = close_sink(&out, close_surface(NULL, s, draw_on(s, 1, w, h, job, &texts)));
        if (st == BLS_OK)
            st = svg_describe(paths[BLS_CHART_SVG], job, &texts);
        bls_pdf_svg_text_free(&texts);
    }
    if (st == BLS_OK && paths[BLS_CHART_PNG]) {
        cairo_surface_t *s =
            cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)(2 * w), (int)(2 * h));
        st = draw_on(s, 2, w, h, job, NULL);
        if (st == BLS_OK) {
            sink out;
            st = open_sink(&out, paths[BLS_CHART_PNG]);
            if (st == BLS_OK)
                st = close_sink(&out,
                                from_cairo(cairo_surface_write_to_png_stream(s, sink_write, &out)));
        }
        st = close_surface(NULL, s, st);
    }
    return st;
}

static bls_status write_charts(const bls_pdf_options *opts, const charts *c)
{
    bls_status st = BLS_OK;
    for (size_t i = 0; i < BLS_CHART_COUNT && st == BLS_OK; i++) {
        const char *const *paths = opts->chart_paths[i];
        if (!paths[BLS_CHART_SVG] && !paths[BLS_CHART_PNG])
            continue;
        chart_job job;
        chart_job_init(&job, &c->of[i]);
        st = write_chart_files(paths, &job);
        chart_job_cleanup(&job);
    }
    return st;
}

/* ---- document language (/Lang) ------------------------------------------- */

/* cairo 1.16 has no call for the catalog's /Lang, which screen readers need
 * to pick a voice. The finished file gets it by an incremental update (PDF
 * 1.7, 7.5.6): the catalog object rewritten with /Lang, appended with its
 * own xref section and a trailer whose /Prev names cairo's. Nothing cairo
 * wrote is changed, the bytes stay reproducible, and qpdf reads it.
 * cairo 1.16 writes a classic xref table and an uncompressed catalog; a file
 * not shaped so is left as it is (BLS_OK): /Lang is an aid, not content. */
#define PDF_LANG "en-US"
#define PDF_TAIL 1024    /* bytes read from the end: trailer and startxref */
#define PDF_CATALOG 1024 /* bytes of the catalog object read */

/* The number after @p key in @p s (e.g. "/Root 56 0 R"), or -1. */
static long pdf_number_after(const char *s, const char *key)
{
    const char *k = strstr(s, key);
    if (!k)
        return -1;
    char *end;
    long v = strtol(k + strlen(key), &end, 10);
    return end == k + strlen(key) || v < 0 ? -1 : v;
}

static int read_at(FILE *f, long offset, char *buf, size_t size, size_t *got)
{
    if (fseek(f, offset, SEEK_SET) != 0)
        return -1;
    *got = fread(buf, 1, size - 1, f);
    buf[*got] = '\0';
    return ferror(f) ? -1 : 0;
}

static bls_status pdf_set_language(const char *path)
{
    FILE *f = fopen(path, "r+b");
    if (!f)
        return BLS_ERR_WRITE;
    char tail[PDF_TAIL + 1], entry[32], catalog[PDF_CATALOG + 1];
    size_t got;
    bls_status st = BLS_OK;
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (size < 0 || read_at(f, size > PDF_TAIL ? size - PDF_TAIL : 0, tail, sizeof tail, &got)) {
        (void)fclose(f); /* already failing or nothing written */
        return BLS_ERR_WRITE;
    }
    const char *trailer = strstr(tail, "trailer");
    long root = trailer ? pdf_number_after(trailer, "/Root ") : -1;
    long objects = trailer ? pdf_number_after(trailer, "/Size ") : -1;
    long info = trailer ? pdf_number_after(trailer, "/Info ") : -1;
    long xref = trailer ? pdf_number_after(trailer, "startxref") : -1;
    if (root <= 0 || objects <= root || xref <= 0 || strstr(tail, "/Prev") ||
        strstr(tail, "/Lang")) {
        (void)fclose(f); /* already failing or nothing written */
        return BLS_OK;   /* not the shape cairo 1.16 writes */
    }
    /* xref: "xref\n0 <Size>\n" then 20-byte entries; entry <root> is the catalog's. */
    char head[32];
    int head_len = snprintf(head, sizeof head, "xref\n0 %ld\n", objects);
    if (read_at(f, xref + head_len + root * 20, entry, sizeof entry, &got) || got < 20) {
        (void)fclose(f); /* already failing or nothing written */
        return BLS_ERR_WRITE;
    }
    long offset = strtol(entry, NULL, 10);
    if (read_at(f, offset, catalog, sizeof catalog, &got)) {
        (void)fclose(f); /* already failing or nothing written */
        return BLS_ERR_WRITE;
    }
    char *open = strstr(catalog, "<<"), *endobj = strstr(catalog, "endobj");
    char *close = NULL;
    for (char *p = open; p && endobj && p < endobj; p = strstr(p + 2, ">>"))
        if (p > open && p < endobj)
            close = p;
    if (!open || !close || !strstr(catalog, "/Type /Catalog")) {
        (void)fclose(f); /* already failing or nothing written */
        return BLS_OK;
    }
    if (fseek(f, 0, SEEK_END) != 0) {
        (void)fclose(f); /* already failing or nothing written */
        return BLS_ERR_WRITE;
    }
    long obj_at = size + 1;
    int body = (int)(close - open);
    if (fprintf(f, "\n%ld 0 obj\n%.*s   /Lang (" PDF_LANG ")\n>>\nendobj\n", root, body, open) < 0)
        st = BLS_ERR_WRITE;
    long new_xref = st == BLS_OK ? ftell(f) : -1;
    if (st == BLS_OK && new_xref > 0) {
        int n =
            fprintf(f, "xref\n%ld 1\n%010ld 00000 n \ntrailer\n<< /Size %ld\n   /Root %ld 0 R\n",
                    root, obj_at, objects, root);
        if (n >= 0 && info > 0)
            n = fprintf(f, "   /Info %ld 0 R\n", info);
        if (n >= 0)
            n = fprintf(f, "   /Prev %ld\n>>\nstartxref\n%ld\n%%%%EOF\n", xref, new_xref);
        if (n < 0)
            st = BLS_ERR_WRITE;
    } else {
        st = BLS_ERR_WRITE;
    }
    if (fclose(f) != 0 && st == BLS_OK)
        st = BLS_ERR_WRITE;
    return st;
}

/* ---- entry point ----------------------------------------------------------- */

bls_status bls_pdf_write(const char *path, const bls_report *report, const bls_pdf_options *opts)
{
    static const bls_pdf_options defaults = {.paper = BLS_PAPER_A4};
    if (!opts)
        opts = &defaults;
    if (!report || (!path && !bls_pdf_options_name_a_chart(opts)) ||
        (opts->paper != BLS_PAPER_A4 && opts->paper != BLS_PAPER_LETTER) ||
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
    bls_status st = bls_pdf_charts_build(report, &c);
    /* The chart files first: cairo's SVG names its root group by a
     * process-wide surface counter, which then counts the same with or
     * without the PDF, so a chart's SVG has the same bytes either way. */
    if (st == BLS_OK)
        st = write_charts(opts, &c);
    if (st == BLS_OK && path)
        st = write_pdf(path, report, opts, &c);
    if (st == BLS_OK && path)
        st = pdf_set_language(path);
    bls_pdf_charts_free(&c);
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
