/*
 * render_xlsx.c - the analyst workbook, written with libxlsxwriter.
 *
 * Pipeline stage: reader -> ... -> model -> crosscheck -> *render_xlsx*.
 *
 * The pipeline opens the workbook before it reads any input, streams every
 * accepted data row (Wage data, Projection data) and every rejected row
 * (Rejected rows) into it while reading, and finishes it with the report:
 * Summary, Occupations, Cross-check, Findings and Charts are written then.
 *
 * libxlsxwriter runs in constant_memory mode so that a 400,000-row "all
 * data" file costs no memory: each sheet must then be written strictly row
 * by row (any order across sheets), worksheet tables are not available (we
 * use an autofilter) and a sheet added after the others - the continuation
 * of a data sheet past Excel's 1,048,576 rows - lands at the end of the
 * workbook. All eight sheets are added at open so their order is fixed.
 *
 * Safety: every piece of input text is written with worksheet_write_string
 * (never as a formula: "=cmd|..." stays text), after bls_xlsx_clean_text()
 * has replaced what XML 1.0 cannot carry and cut it at Excel's 32,767
 * characters. BLS markers are written as their marker text, never as 0.
 *
 * Errors: lxw_error is translated here (BLS_ERR_XLSX, BLS_ERR_NOMEM; a
 * failing workbook_close is BLS_ERR_WRITE). Writes record the first error
 * in a cursor and skip the rest, so one check per sheet is enough.
 * This is the only file of the project that includes xlsxwriter.h.
 */
#include "blsreport/render/render_xlsx.h"

#include "blsreport/base/alloc.h"
#include "blsreport/base/cells.h"
#include "blsreport/base/metric.h"
#include "blsreport/base/period.h"
#include "blsreport/base/strpool.h"
#include "blsreport/check/explain.h"
#include "blsreport/render/chart_view.h"
#include "render/render_xlsx_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

/* ---- limits -------------------------------------------------------------- */

#define EXCEL_ROWS 1048576u     /* rows per sheet, header included */
#define EXCEL_TEXT_UNITS 32767u /* characters (UTF-16 units) per cell */
#define CONTINUATION_MAX 999u   /* "Wage data (999)": about a billion rows */
#define PROPERTY_MAX 2048u      /* bytes of the "comments" property */

/* ---- sheets -------------------------------------------------------------- */

enum sheet_id {
    SHEET_SUMMARY = 0,
    SHEET_CHARTS, /* second: what a reader opens the workbook for */
    SHEET_OCCUPATIONS,
    SHEET_CROSSCHECK,
    SHEET_FINDINGS,
    SHEET_REJECTED,
    SHEET_WAGES,
    SHEET_PROJECTIONS,
    SHEET_COUNT
};

static const char *const sheet_names[SHEET_COUNT] = {
    [SHEET_SUMMARY] = "Summary",         [SHEET_CHARTS] = "Charts",
    [SHEET_OCCUPATIONS] = "Occupations", [SHEET_CROSSCHECK] = "Cross-check",
    [SHEET_FINDINGS] = "Findings",       [SHEET_REJECTED] = "Rejected rows",
    [SHEET_WAGES] = "Wage data",         [SHEET_PROJECTIONS] = "Projection data",
};

/* ---- cell formats: one table, created once at open ------------------------ */

enum fmt_id {
    FMT_PLAIN = 0, /* no format (NULL) */
    FMT_TITLE,
    FMT_SECTION,
    FMT_HEADER,
    FMT_LABEL,
    FMT_WRAP,
    FMT_MARKER, /* BLS marker text, right-aligned like the numbers */
    FMT_INT,    /* persons, counts */
    FMT_INT_1,  /* thousands with one decimal */
    FMT_USD_YEAR,
    FMT_USD_CENTS,
    FMT_USD_HOUR,
    FMT_PCT_0,
    FMT_PCT_1,
    FMT_PCT_2,
    FMT_POINTS,    /* percentage points */
    FMT_GROUP_ROW, /* Occupations: the key cells of a total/major/minor/broad row */
    FMT_COUNT
};

static const struct fmt_spec {
    const char *num_format;
    uint8_t bold, wrap, size, align;
    lxw_color_t bg;
} fmt_specs[FMT_COUNT] = {
    [FMT_PLAIN] = {NULL, 0, 0, 0, 0, 0},
    [FMT_TITLE] = {NULL, 1, 0, 16, 0, 0},
    [FMT_SECTION] = {NULL, 1, 0, 12, 0, 0},
    [FMT_HEADER] = {NULL, 1, 1, 0, 0, 0xD9E1F2},
    [FMT_LABEL] = {NULL, 1, 0, 0, 0, 0},
    [FMT_WRAP] = {NULL, 0, 1, 0, 0, 0},
    [FMT_MARKER] = {NULL, 0, 0, 0, LXW_ALIGN_RIGHT, 0},
    [FMT_INT] = {"#,##0", 0, 0, 0, 0, 0},
    [FMT_INT_1] = {"#,##0.0", 0, 0, 0, 0, 0},
    [FMT_USD_YEAR] = {"$#,##0", 0, 0, 0, 0, 0},
    [FMT_USD_CENTS] = {"$#,##0.00", 0, 0, 0, 0, 0},
    [FMT_USD_HOUR] = {"$0.00", 0, 0, 0, 0, 0},
    [FMT_PCT_0] = {"0%", 0, 0, 0, 0, 0},
    [FMT_PCT_1] = {"0.0%", 0, 0, 0, 0, 0},
    [FMT_PCT_2] = {"0.00%", 0, 0, 0, 0, 0},
    [FMT_POINTS] = {"+0.0\" pp\";-0.0\" pp\";0\" pp\"", 0, 0, 0, 0, 0},
    [FMT_GROUP_ROW] = {NULL, 1, 1, 0, 0, 0xEDEDED},
};

/* ---- streamed sheets ------------------------------------------------------ */

/* A column of a streamed data sheet: a canonical BLS column and a unit for
 * the header when BLS's name does not say it.
 *
 * The data sheets are the record of what was read, so their numbers carry
 * no number format (General): a style on every cell of a 400,000-row sheet
 * was 6% of a whole run (s="N" in ~16 cells a row, and libxlsxwriter's
 * printf of it), the largest single cost over the bench floor. The
 * formatted view is the Occupations sheet. */
typedef struct data_column {
    bls_column column;
    const char *unit;
    double width;
} data_column;

static const data_column wage_columns[] = {
    {BLS_COL_AREA, NULL, 8},       {BLS_COL_AREA_TITLE, NULL, 16}, {BLS_COL_AREA_TYPE, NULL, 6},
    {BLS_COL_PRIM_STATE, NULL, 6}, {BLS_COL_NAICS, NULL, 8},       {BLS_COL_NAICS_TITLE, NULL, 16},
    {BLS_COL_I_GROUP, NULL, 8},    {BLS_COL_OWN_CODE, NULL, 6},    {BLS_COL_OCC_CODE, NULL, 10},
    {BLS_COL_OCC_TITLE, NULL, 40}, {BLS_COL_OCC_GROUP, NULL, 9},   {BLS_COL_TOT_EMP, NULL, 11},
    {BLS_COL_EMP_PRSE, NULL, 9},   {BLS_COL_JOBS_1000, NULL, 9},   {BLS_COL_LOC_QUOTIENT, NULL, 9},
    {BLS_COL_PCT_TOTAL, NULL, 9},  {BLS_COL_PCT_RPT, NULL, 8},     {BLS_COL_H_MEAN, NULL, 9},
    {BLS_COL_A_MEAN, NULL, 10},    {BLS_COL_MEAN_PRSE, NULL, 9},   {BLS_COL_H_PCT10, NULL, 9},
    {BLS_COL_H_PCT25, NULL, 9},    {BLS_COL_H_MEDIAN, NULL, 9},    {BLS_COL_H_PCT75, NULL, 9},
    {BLS_COL_H_PCT90, NULL, 9},    {BLS_COL_A_PCT10, NULL, 10},    {BLS_COL_A_PCT25, NULL, 10},
    {BLS_COL_A_MEDIAN, NULL, 10},  {BLS_COL_A_PCT75, NULL, 10},    {BLS_COL_A_PCT90, NULL, 10},
    {BLS_COL_ANNUAL, NULL, 8},     {BLS_COL_HOURLY, NULL, 8},
};

static const data_column projection_columns[] = {
    {BLS_COL_OCC_TITLE, NULL, 40},          {BLS_COL_OCC_CODE, NULL, 10},
    {BLS_COL_EP_OCC_TYPE, NULL, 10},        {BLS_COL_EP_EMP_BASE, "thousands", 14},
    {BLS_COL_EP_EMP_PROJ, "thousands", 14}, {BLS_COL_EP_CHANGE_NUM, "thousands", 14},
    {BLS_COL_EP_CHANGE_PCT, "percent", 14}, {BLS_COL_EP_SELF_EMP_PCT, "percent", 12},
    {BLS_COL_EP_OPENINGS, "thousands", 16}, {BLS_COL_EP_MEDIAN_WAGE, "dollars", 12},
    {BLS_COL_EP_EDUCATION, NULL, 28},       {BLS_COL_EP_EXPERIENCE, NULL, 20},
    {BLS_COL_EP_TRAINING, NULL, 24},
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* A sheet that rows stream into, continued on "<name> (2)" when full. */
typedef struct stream_sheet {
    enum sheet_id id;
    lxw_worksheet *ws;
    lxw_row_t next_row;         /* next row to write on ws */
    unsigned part;              /* 1 for the first sheet, 2 for "(2)", ... */
    uint64_t rows;              /* data rows over all parts */
    const data_column *columns; /* NULL for Rejected rows */
    size_t column_count;
} stream_sheet;

struct bls_xlsx {
    lxw_workbook *wb;
    lxw_worksheet *sheets[SHEET_COUNT];
    lxw_format *fmt[FMT_COUNT];
    stream_sheet rejected, wages, projections;
    uint32_t row_limit;
    int64_t source_date_epoch;
    char *author, *company, *tmpdir; /* copies of the options */
    char *text;                      /* BLS_XLSX_TEXT_BUF bytes of scratch */
    /* Data rows name their input by number (Summary: "Input # in data
     * sheets"): a path string in every row of a 400,000-row sheet costs
     * more XML to write and compress than any other column. */
    bls_strpool inputs;    /* input paths in first-seen order */
    const char *last_path; /* caller's pointer of the previous row */
    size_t last_number;
    int numbered; /* data rows carry "Input #" (the run has several inputs) */
    bls_xlsx_compression compression; /* zip entries' level (xlsx_deflate.h) */
};

/* ---- text that XML 1.0 and Excel accept ------------------------------------ */

/* Length of the UTF-8 sequence at s[0..avail) and its code point, or 0 when
 * it is not well-formed (overlong, surrogate, beyond U+10FFFF, cut). */
static size_t utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
    unsigned char b = s[0];
    size_t need;
    uint32_t min;
    if (b < 0x80) {
        *cp = b;
        return 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
        need = 2, min = 0x80, *cp = b & 0x1Fu;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 3, min = 0x800, *cp = b & 0x0Fu;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 4, min = 0x10000, *cp = b & 0x07u;
    } else {
        return 0;
    }
    if (avail < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0u) != 0x80u)
            return 0;
        *cp = (*cp << 6) | (s[i] & 0x3Fu);
    }
    if (*cp < min || *cp > 0x10FFFFu || (*cp >= 0xD800u && *cp <= 0xDFFFu))
        return 0;
    return need;
}

static int xml_char_ok(uint32_t cp)
{
    if (cp < 0x20u)
        return cp == 0x09u || cp == 0x0Au || cp == 0x0Du;
    return cp != 0xFFFEu && cp != 0xFFFFu;
}

/* Excel reads "_xHHHH_" in a cell as an escaped character ("_x0041_" shows
 * "A"); a literal one must have its underscore escaped as "_x005F". */
static int is_excel_escape(const unsigned char *s, size_t avail)
{
    static const char hex[] = "0123456789abcdefABCDEF";
    if (avail < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
        return 0;
    for (size_t i = 2; i < 6; i++)
        if (!s[i] || !strchr(hex, s[i]))
            return 0;
    return 1;
}

size_t bls_xlsx_clean_text(const char *text, size_t len, char *out)
{
    static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
    static const char underscore[] = "_x005F";        /* an escaped '_' */
    const unsigned char *s = (const unsigned char *)text;
    size_t in = 0, used = 0, units = 0;
    while (text && in < len) {
        uint32_t cp = 0;
        size_t n = utf8_decode(s + in, len - in, &cp);
        int ok = n > 0 && xml_char_ok(cp);
        int escape = ok && is_excel_escape(s + in, len - in);
        /* UTF-16 units, as Excel counts; the escape counts too because
         * libxlsxwriter checks the length of what it is given. */
        size_t cost = (ok && cp > 0xFFFFu) ? 2 : escape ? 7 : 1;
        if (units + cost > EXCEL_TEXT_UNITS)
            break;
        if (escape) {
            memcpy(out + used, underscore, 6); /* then the '_' itself */
            used += 6;
            out[used++] = '_';
            in += 1;
        } else if (ok) {
            memcpy(out + used, s + in, n);
            used += n;
            in += n;
        } else {
            memcpy(out + used, replacement, 3);
            used += 3;
            in += n ? n : 1;
        }
        units += cost;
    }
    out[used] = '\0';
    return used;
}

/* Length of s, looking at no more than max bytes (C11 has no strnlen). */
static size_t bounded_len(const char *s, size_t max)
{
    const char *end = memchr(s, '\0', max);
    return end ? (size_t)(end - s) : max;
}

/* ---- writing cells: a cursor that keeps the first error ------------------- */

typedef struct cursor {
    bls_xlsx *x;
    lxw_worksheet *ws;
    lxw_row_t row;
    lxw_error err;
} cursor;

static void keep_error(cursor *c, lxw_error e)
{
    if (c->err == LXW_NO_ERROR)
        c->err = e;
}

static lxw_format *format_of(const bls_xlsx *x, enum fmt_id f)
{
    return x->fmt[f];
}

/* Printable ASCII without '_' needs no cleaning (no invalid XML, no
 * _xHHHH_ escape, shorter than a cell's limit): most BLS cells are like
 * that, and skipping the UTF-8 walk matters at millions of cells. */
static int plain_ascii(const char *s, size_t len)
{
    if (len > 4096)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x20 || b > 0x7E || b == '_')
            return 0;
    }
    return 1;
}

/* Input text: always a string (never a formula); nothing for "". */
static void put_text_n(cursor *c, lxw_col_t col, const char *s, size_t len, enum fmt_id f)
{
    if (c->err != LXW_NO_ERROR || !s || len == 0)
        return;
    if (plain_ascii(s, len)) {
        memcpy(c->x->text, s, len);
        c->x->text[len] = '\0';
    } else if (bls_xlsx_clean_text(s, len, c->x->text) == 0) {
        return;
    }
    keep_error(c, worksheet_write_string(c->ws, c->row, col, c->x->text, format_of(c->x, f)));
}

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path ? path : "";
}

static void put_text(cursor *c, lxw_col_t col, const char *s, enum fmt_id f)
{
    put_text_n(c, col, s, s ? strlen(s) : 0, f);
}

static void put_number(cursor *c, lxw_col_t col, double v, enum fmt_id f)
{
    if (c->err != LXW_NO_ERROR)
        return;
    keep_error(c, worksheet_write_number(c->ws, c->row, col, v, format_of(c->x, f)));
}

static void put_count(cursor *c, lxw_col_t col, uint64_t v)
{
    put_number(c, col, (double)v, FMT_INT);
}

/* A 1-based line or column: blank when 0 ("the whole file/row"). */
static void put_position(cursor *c, lxw_col_t col, uint64_t v)
{
    if (v)
        put_number(c, col, (double)v, FMT_PLAIN);
}

static void put_period(cursor *c, lxw_col_t col, const bls_period *p)
{
    char buf[48];
    if (p && bls_period_format(p, buf, sizeof buf))
        put_text(c, col, buf, FMT_PLAIN);
}

/* A marker cell: its text ("#"). What it means is said in words in the
 * Notes column (Occupations), not in cell comments, whose VML drawings were
 * 8% of the workbook's XML and ~4% of a national-size run. */
static void put_marker(cursor *c, lxw_col_t col, bls_cell_state state)
{
    const char *marker = bls_cell_marker(state);
    if (marker)
        put_text(c, col, marker, FMT_MARKER);
}

static bls_status status_of(lxw_error e)
{
    if (e == LXW_NO_ERROR)
        return BLS_OK;
    return e == LXW_ERROR_MEMORY_MALLOC_FAILED ? BLS_ERR_NOMEM : BLS_ERR_XLSX;
}

/* ---- column headers ------------------------------------------------------- */

typedef struct column_def {
    const char *header;
    double width;
    enum fmt_id fmt; /* default format of the column (widths only) */
} column_def;

/* Lines a wrapped header takes in a column @p width characters wide: words
 * laid greedily at about 0.9 of the width (bold type is wider). */
static unsigned wrapped_lines(const char *text, double width)
{
    size_t room = width * 0.9 > 4 ? (size_t)(width * 0.9) : 4, used = 0;
    unsigned lines = 1;
    while (*text) {
        size_t word = strcspn(text, " ");
        size_t need = used ? used + 1 + word : word;
        if (used && need > room) {
            lines++;
            used = word;
        } else {
            used = need;
        }
        text += word;
        text += strspn(text, " ");
    }
    return lines;
}

/* A column at least as wide as the longest word of its header (bold), so
 * that wrapping never breaks a word such as PRIM_STATE. */
static double header_width(const char *text, double width)
{
    size_t longest = 0;
    while (*text) {
        size_t word = strcspn(text, " ");
        longest = word > longest ? word : longest;
        text += word;
        text += strspn(text, " ");
    }
    double need = (double)longest * 1.15 + 1;
    return need > width ? need : width;
}

/* The header row's height, so wrapped headers show whole (LibreOffice keeps
 * a 15 pt row and lets the text spill into row 2 otherwise). */
static void fit_header_row(cursor *c, unsigned lines)
{
    if (c->err == LXW_NO_ERROR && lines > 1)
        keep_error(c, worksheet_set_row(c->ws, c->row, 15.0 * lines, NULL));
}

/* Header row at c->row, column widths, frozen header. */
static void put_header(cursor *c, const column_def *cols, size_t n)
{
    unsigned lines = 1;
    for (size_t i = 0; i < n; i++) {
        put_text(c, (lxw_col_t)i, cols[i].header, FMT_HEADER);
        if (c->err == LXW_NO_ERROR)
            keep_error(c, worksheet_set_column(c->ws, (lxw_col_t)i, (lxw_col_t)i,
                                               header_width(cols[i].header, cols[i].width), NULL));
        unsigned l = wrapped_lines(cols[i].header, header_width(cols[i].header, cols[i].width));
        lines = l > lines ? l : lines;
    }
    fit_header_row(c, lines);
    worksheet_freeze_panes(c->ws, c->row + 1, 0);
}

/* Print setup of every sheet: landscape, one page wide, the header row on
 * every page, a footer with the file name, sheet and page. */
static void page_setup(lxw_worksheet *ws, int repeat_header)
{
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    if (repeat_header)
        (void)worksheet_repeat_rows(ws, 0, 0);
    (void)worksheet_set_footer(ws, "&L&F&C&A&RPage &P of &N");
}

/* Autofilter over the header and the rows written below it. */
static void put_filter(cursor *c, lxw_row_t header_row, lxw_row_t last_row, size_t n)
{
    if (c->err != LXW_NO_ERROR || n == 0)
        return;
    keep_error(c, worksheet_autofilter(c->ws, header_row, 0, last_row, (lxw_col_t)(n - 1)));
}

/* ---- streamed sheets ------------------------------------------------------- */

static const column_def rejected_header[] = {
    {"Source file", 30, FMT_PLAIN},
    {"Line", 8, FMT_PLAIN},
    {"Reasons", 60, FMT_PLAIN},
    {"Original text", 80, FMT_PLAIN},
};

/* Columns before a data row's BLS columns: [Input #,] Line. */
static size_t lead_columns(const bls_xlsx *x)
{
    return x->numbered ? 2 : 1;
}

static void stream_put_header(const stream_sheet *s, cursor *c)
{
    if (!s->columns) {
        put_header(c, rejected_header, COUNT_OF(rejected_header));
        return;
    }
    static const column_def lead[] = {{"Input #", 8, FMT_PLAIN}, {"Line", 8, FMT_PLAIN}};
    unsigned lines = 1;
    size_t lead_count = lead_columns(c->x);
    put_header(c, lead + COUNT_OF(lead) - lead_count, lead_count);
    for (size_t i = 0; i < s->column_count && c->err == LXW_NO_ERROR; i++) {
        const data_column *dc = &s->columns[i];
        char header[96];
        const char *name = bls_column_name(dc->column);
        if (dc->unit)
            snprintf(header, sizeof header, "%s (%s)", name, dc->unit);
        else
            snprintf(header, sizeof header, "%s", name);
        lxw_col_t col = (lxw_col_t)(i + lead_count);
        put_text(c, col, header, FMT_HEADER);
        if (c->err == LXW_NO_ERROR)
            keep_error(
                c, worksheet_set_column(c->ws, col, col, header_width(header, dc->width), NULL));
        unsigned l = wrapped_lines(header, header_width(header, dc->width));
        lines = l > lines ? l : lines;
    }
    fit_header_row(c, lines);
}

static size_t stream_width(const bls_xlsx *x, const stream_sheet *s)
{
    return s->columns ? s->column_count + lead_columns(x) : COUNT_OF(rejected_header);
}

/* Autofilter over a part's rows (set when the part is full or at finish). */
static lxw_error stream_filter(const bls_xlsx *x, const stream_sheet *s)
{
    lxw_row_t last = s->next_row > 1 ? s->next_row - 1 : 0;
    return worksheet_autofilter(s->ws, 0, 0, last, (lxw_col_t)(stream_width(x, s) - 1));
}

/* The row the next streamed record goes to; opens "<name> (n)" when the
 * current part is full (it is appended after Charts: constant_memory). */
static bls_status stream_next_row(bls_xlsx *x, stream_sheet *s, cursor *c)
{
    if (s->next_row >= x->row_limit) {
        if (s->part >= CONTINUATION_MAX)
            return BLS_ERR_LIMIT;
        char name[32];
        snprintf(name, sizeof name, "%s (%u)", sheet_names[s->id], s->part + 1);
        lxw_error e = stream_filter(x, s);
        if (e != LXW_NO_ERROR)
            return status_of(e);
        lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
        if (!ws)
            return BLS_ERR_XLSX;
        page_setup(ws, 1);
        cursor head = {x, ws, 0, LXW_NO_ERROR};
        stream_put_header(s, &head);
        if (head.err != LXW_NO_ERROR)
            return status_of(head.err);
        s->ws = ws;
        s->part++;
        s->next_row = 1;
    }
    *c = (cursor){x, s->ws, s->next_row, LXW_NO_ERROR};
    return BLS_OK;
}

static bls_status stream_done(stream_sheet *s, cursor *c)
{
    if (c->err != LXW_NO_ERROR)
        return status_of(c->err);
    s->next_row++;
    s->rows++;
    return BLS_OK;
}

/* One cell of a data row: numbers as numbers, markers as markers, the rest
 * as text. OCC_CODE/OCC_TITLE come from the record (EP tables put both in
 * one "Title (code)" field). */
static void put_data_cell(cursor *c, lxw_col_t col, const bls_record *rec, const data_column *dc)
{
    if (dc->column == BLS_COL_OCC_CODE) {
        put_text(c, col, rec->soc_code, FMT_PLAIN);
        return;
    }
    if (dc->column == BLS_COL_OCC_TITLE) {
        put_text_n(c, col, rec->title, rec->title ? rec->title_len : 0, FMT_PLAIN);
        return;
    }
    if (bls_column_is_numeric(dc->column)) {
        const bls_number *n = &rec->num[dc->column];
        if (n->state == BLS_CELL_VALUE) {
            put_number(c, col, bls_number_to_double(n), FMT_PLAIN);
            return;
        }
        /* ">=$187,200" (EP's top-coded wage) is kept as written: it says
         * more than "#" */
        if (bls_cell_marker(n->state) && !(n->flags & BLS_NUM_AT_LEAST)) {
            put_marker(c, col, n->state);
            return;
        }
        if (n->state == BLS_CELL_EMPTY)
            return;
    }
    size_t len = 0;
    const char *text = bls_record_text(rec, dc->column, &len);
    put_text_n(c, col, text, len, FMT_PLAIN);
}

/* The 1-based number of an input in first-seen order; 0 on failure. */
static size_t input_number(bls_xlsx *x, const char *path)
{
    if (path && path == x->last_path)
        return x->last_number;
    if (!bls_strpool_intern(&x->inputs, path))
        return 0;
    x->last_path = path;
    x->last_number = bls_strpool_index(&x->inputs, path) + 1;
    return x->last_number;
}

/* The number of an input already seen, or 0 (inputs without data rows). */
static size_t input_number_of(const bls_xlsx *x, const char *path)
{
    size_t i = bls_strpool_index(&x->inputs, path);
    return i < x->inputs.count ? i + 1 : 0;
}

bls_status bls_xlsx_add_data_row(bls_xlsx *x, const char *path, const bls_record *rec)
{
    if (!x || !x->wb || !rec || !rec->layout)
        return BLS_ERR_INVALID_ARG;
    stream_sheet *s;
    if (rec->layout->kind == BLS_KIND_WAGES)
        s = &x->wages;
    else if (rec->layout->kind == BLS_KIND_PROJECTIONS)
        s = &x->projections;
    else
        return BLS_ERR_INVALID_ARG;
    size_t number = x->numbered ? input_number(x, path) : 1;
    if (!number)
        return BLS_ERR_NOMEM;
    cursor c;
    bls_status st = stream_next_row(x, s, &c);
    if (st != BLS_OK)
        return st;
    lxw_col_t col = 0;
    if (x->numbered)
        put_position(&c, col++, number);
    if (rec->row)
        put_position(&c, col, rec->row->line);
    col++;
    for (size_t i = 0; i < s->column_count; i++)
        put_data_cell(&c, col++, rec, &s->columns[i]);
    return stream_done(s, &c);
}

bls_status bls_xlsx_add_rejected(bls_xlsx *x, const char *path, uint64_t line, const char *reason,
                                 const char *raw, size_t raw_len)
{
    if (!x || !x->wb)
        return BLS_ERR_INVALID_ARG;
    cursor c;
    bls_status st = stream_next_row(x, &x->rejected, &c);
    if (st != BLS_OK)
        return st;
    put_text(&c, 0, path, FMT_PLAIN);
    put_position(&c, 1, line);
    put_text(&c, 2, reason, FMT_PLAIN);
    put_text_n(&c, 3, raw, raw ? raw_len : 0, FMT_PLAIN);
    return stream_done(&x->rejected, &c);
}

/* ---- open / free ---------------------------------------------------------- */

static lxw_format *make_format(lxw_workbook *wb, const struct fmt_spec *spec)
{
    lxw_format *f = workbook_add_format(wb);
    if (!f)
        return NULL;
    if (spec->num_format)
        format_set_num_format(f, spec->num_format);
    if (spec->bold)
        format_set_bold(f);
    if (spec->wrap) {
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    }
    if (spec->size)
        format_set_font_size(f, spec->size);
    if (spec->align)
        format_set_align(f, spec->align);
    if (spec->bg) {
        format_set_pattern(f, LXW_PATTERN_SOLID);
        format_set_bg_color(f, spec->bg);
        format_set_bottom(f, LXW_BORDER_THIN);
    }
    return f;
}

static char *copy_option(const char *s, int *failed)
{
    if (!s)
        return NULL;
    char *copy = bls_strdup(s);
    if (!copy)
        *failed = 1;
    return copy;
}

static void stream_init(stream_sheet *s, bls_xlsx *x, enum sheet_id id, const data_column *cols,
                        size_t n)
{
    *s = (stream_sheet){.id = id,
                        .ws = x->sheets[id],
                        .next_row = 1,
                        .part = 1,
                        .columns = cols,
                        .column_count = n};
}

static bls_status open_sheets(bls_xlsx *x)
{
    for (size_t i = 0; i < SHEET_COUNT; i++) {
        x->sheets[i] = workbook_add_worksheet(x->wb, sheet_names[i]);
        if (!x->sheets[i])
            return BLS_ERR_XLSX;
        page_setup(x->sheets[i], i != SHEET_SUMMARY && i != SHEET_CHARTS);
    }
    for (size_t i = 1; i < FMT_COUNT; i++) {
        x->fmt[i] = make_format(x->wb, &fmt_specs[i]);
        if (!x->fmt[i])
            return BLS_ERR_NOMEM;
    }
    stream_init(&x->rejected, x, SHEET_REJECTED, NULL, 0);
    stream_init(&x->wages, x, SHEET_WAGES, wage_columns, COUNT_OF(wage_columns));
    stream_init(&x->projections, x, SHEET_PROJECTIONS, projection_columns,
                COUNT_OF(projection_columns));
    stream_sheet *streams[] = {&x->rejected, &x->wages, &x->projections};
    for (size_t i = 0; i < COUNT_OF(streams); i++) {
        cursor c = {x, streams[i]->ws, 0, LXW_NO_ERROR};
        stream_put_header(streams[i], &c);
        if (c.err != LXW_NO_ERROR)
            return status_of(c.err);
    }
    return BLS_OK;
}

bls_status bls_xlsx_open(const char *path, const bls_xlsx_options *opts, bls_xlsx **out)
{
    if (!path || !*path || !out)
        return BLS_ERR_INVALID_ARG;
    bls_xlsx *x = bls_calloc(1, sizeof *x);
    if (!x)
        return BLS_ERR_NOMEM;
    x->row_limit = EXCEL_ROWS;
    x->source_date_epoch = opts ? opts->source_date_epoch : -1;
    x->numbered = opts && opts->input_count > 1;
    x->compression = opts ? opts->compression : BLS_XLSX_COMPRESSION_DEFAULT;
    int failed = 0;
    x->author = copy_option(opts ? opts->author : NULL, &failed);
    x->company = copy_option(opts ? opts->company : NULL, &failed);
    x->tmpdir = copy_option(opts ? opts->tmpdir : NULL, &failed);
    x->text = bls_malloc(BLS_XLSX_TEXT_BUF);
    if (failed || !x->text) {
        bls_xlsx_free(x);
        return BLS_ERR_NOMEM;
    }
    lxw_workbook_options wopts = {.constant_memory = LXW_TRUE, .tmpdir = x->tmpdir};
    x->wb = workbook_new_opt(path, &wopts);
    if (!x->wb) {
        bls_xlsx_free(x);
        return BLS_ERR_XLSX;
    }
    bls_status st = open_sheets(x);
    if (st != BLS_OK) {
        bls_xlsx_free(x);
        return st;
    }
    *out = x;
    return BLS_OK;
}

void bls_xlsx_set_row_limit(bls_xlsx *x, uint32_t rows)
{
    if (x && rows >= 3 && rows <= EXCEL_ROWS)
        x->row_limit = rows;
}

void bls_xlsx_free(bls_xlsx *x)
{
    if (!x)
        return;
    if (x->wb)
        (void)workbook_close(x->wb); /* frees it; the caller deletes the file */
    bls_free(x->author);
    bls_free(x->company);
    bls_free(x->tmpdir);
    bls_free(x->text);
    bls_strpool_cleanup(&x->inputs);
    bls_free(x);
}

/* ---- values of the model and the claims ------------------------------------ */

static enum fmt_id metric_format(bls_metric metric, unsigned decimals)
{
    switch (bls_metric_unit(metric)) {
    case BLS_UNIT_DOLLARS_YEAR: return decimals ? FMT_USD_CENTS : FMT_USD_YEAR;
    case BLS_UNIT_DOLLARS_HOUR: return FMT_USD_HOUR;
    case BLS_UNIT_PERSONS: return decimals ? FMT_INT_1 : FMT_INT;
    case BLS_UNIT_PERCENT: return decimals == 0 ? FMT_PCT_0 : decimals == 1 ? FMT_PCT_1 : FMT_PCT_2;
    }
    return FMT_PLAIN;
}

/* The value as the cell stores it: percent points become a fraction
 * (41 -> 0.41) so that the 0% formats show them; the division is exact
 * decimal scaling, not a second rounding. */
static double metric_cell_value(bls_metric metric, const bls_number *n)
{
    bls_number v = *n;
    if (bls_metric_unit(metric) == BLS_UNIT_PERCENT)
        v.decimals = (uint8_t)(v.decimals + 2);
    return bls_number_to_double(&v);
}

/* A number of a metric: VALUE as a number in the metric's format, a marker
 * as its text, anything else blank. */
static void put_metric(cursor *c, lxw_col_t col, bls_metric metric, const bls_number *n,
                       enum fmt_id fixed_fmt)
{
    if (!n)
        return;
    if (n->state == BLS_CELL_VALUE) {
        enum fmt_id f = fixed_fmt != FMT_PLAIN ? fixed_fmt : metric_format(metric, n->decimals);
        put_number(c, col, metric_cell_value(metric, n), f);
    } else {
        put_marker(c, col, n->state);
    }
}

/* ---- Summary ---------------------------------------------------------------- */

static const char *const method_notes[] = {
    "Wages: BLS Occupational Employment and Wage Statistics (OEWS, formerly OES), national "
    "cross-industry estimates for the reference period shown (for example May 2014).",
    "Employment projections: BLS Employment Projections program (EP), National Employment "
    "Matrix, for the base and target years shown (for example 2012-2022).",
    "EP publishes employment in thousands; the Occupations and Cross-check sheets show "
    "persons (thousands x 1,000). Projection data shows the figures as published, in "
    "thousands.",
    "Percentages are stored as fractions and shown with a percent format: 41% is stored as "
    "0.41.",
    "Wage data and Projection data hold every accepted input row as read, with its line in "
    "the input: numbers in Excel's General format, markers as text, codes as text. A blank cell "
    "means nothing was published in the inputs, not 0.",
    "Verdicts: match = equal; rounding = equal at the precision the document used; mismatch = "
    "different; missing = no such occupation, figure or period in the data; stale = the data "
    "hold a later period than the claim; ambiguous = the name fits several SOC codes; "
    "unattributed = a figure found in the document that names no occupation.",
    "All text from the inputs is stored as text, never as a formula.",
};

/* The BLS markers explained from the cells table, one line each. */
static const bls_cell_state marker_states[] = {BLS_CELL_WAGE_NA, BLS_CELL_EMP_NA,
                                               BLS_CELL_TOP_CODED, BLS_CELL_UNDER_HALF};

#define SUMMARY_A_WIDTH 46.0 /* characters: input paths, labels and the method notes */

static void summary_pair(cursor *c, const char *label, const char *value)
{
    put_text(c, 0, label, FMT_LABEL);
    put_text(c, 1, value, FMT_PLAIN);
    c->row++;
}

static void summary_count(cursor *c, const char *label, uint64_t value)
{
    put_text(c, 0, label, FMT_LABEL);
    put_count(c, 1, value);
    c->row++;
}

static void summary_section(cursor *c, const char *title)
{
    c->row++;
    put_text(c, 0, title, FMT_SECTION);
    c->row++;
}

static const column_def input_header[] = {
    {"Input", 46, FMT_PLAIN},       {"Kind", 14, FMT_PLAIN},
    {"Layout", 30, FMT_PLAIN},      {"Period", 12, FMT_PLAIN},
    {"Rows read", 11, FMT_INT},     {"Accepted", 11, FMT_INT},
    {"Rejected", 11, FMT_INT},      {"Skipped (title, header, notes)", 14, FMT_INT},
    {"Figures found", 11, FMT_INT}, {"Input # in data sheets", 12, FMT_INT},
};

static void summary_inputs(cursor *c, const bls_report *r)
{
    summary_section(c, "Inputs");
    /* The last column maps the data sheets' Input # to files. */
    size_t columns = COUNT_OF(input_header) - (c->x->numbered ? 0 : 1);
    unsigned lines = 1;
    for (size_t i = 0; i < columns; i++) {
        put_text(c, (lxw_col_t)i, input_header[i].header, FMT_HEADER);
        unsigned l =
            wrapped_lines(input_header[i].header, i == 0 ? SUMMARY_A_WIDTH : input_header[i].width);
        lines = l > lines ? l : lines;
    }
    fit_header_row(c, lines);
    c->row++;
    for (size_t i = 0; i < r->input_count; i++) {
        const bls_input_info *in = &r->inputs[i];
        put_text(c, 0, in->path, FMT_PLAIN);
        put_text(c, 1, bls_kind_name(in->kind), FMT_PLAIN);
        put_text(c, 2, in->layout_name, FMT_PLAIN);
        put_period(c, 3, &in->period);
        put_count(c, 4, in->rows_read);
        put_count(c, 5, in->rows_accepted);
        put_count(c, 6, in->rows_rejected);
        put_count(c, 7, in->rows_skipped);
        if (in->kind == BLS_KIND_DOCUMENT || in->kind == BLS_KIND_CLAIMS)
            put_count(c, 8, in->claims_found);
        size_t number = c->x->numbered ? input_number_of(c->x, in->path) : 0;
        if (number)
            put_count(c, 9, number);
        c->row++;
    }
}

static void summary_counts(cursor *c, const bls_report *r)
{
    static const bls_severity severities[] = {BLS_SEV_ERROR, BLS_SEV_WARNING, BLS_SEV_INFO};
    summary_section(c, "Findings by severity");
    for (size_t i = 0; i < COUNT_OF(severities); i++)
        summary_count(c, bls_severity_name(severities[i]),
                      bls_findings_total(r->findings, severities[i]));
    if (bls_findings_dropped(r->findings))
        summary_count(c, "counted but not listed (limit)", bls_findings_dropped(r->findings));

    summary_section(c, "Claims by verdict");
    for (int v = 0; v < BLS_VERDICT_COUNT; v++)
        summary_count(c, bls_verdict_name((bls_verdict)v),
                      r->checks ? r->checks->by_verdict[v] : 0);
    summary_count(c, "unattributed", r->unattributed ? r->unattributed->count : 0);
}

/* A link to a sheet's first cell in column A (the sheet's name as text),
 * then @p what in column B. */
static void summary_link(cursor *c, enum sheet_id id, const char *what)
{
    char url[64];
    snprintf(url, sizeof url, "internal:'%s'!A1", sheet_names[id]);
    if (c->err == LXW_NO_ERROR)
        keep_error(c, worksheet_write_url_opt(c->ws, c->row, 0, url, NULL, sheet_names[id],
                                              "Go to the sheet"));
    put_text(c, 1, what, FMT_PLAIN);
    c->row++;
}

static const struct {
    enum sheet_id id;
    const char *what;
} summary_links[] = {
    {SHEET_CHARTS, "the PDF report's charts as native Excel charts, with their notes"},
    {SHEET_OCCUPATIONS, "every occupation: OEWS and EP figures, each with its period; SOC level"},
    {SHEET_CROSSCHECK, "every claim of the document, its data value and verdict"},
    {SHEET_FINDINGS, "validation findings with file, line, column and rule"},
};

static void summary_sheets(cursor *c, const bls_xlsx *x, const bls_report *r)
{
    summary_section(c, "Sheets");
    for (size_t i = 0; i < COUNT_OF(summary_links); i++)
        summary_link(c, summary_links[i].id, summary_links[i].what);
    const stream_sheet *streams[] = {&x->rejected, &x->wages, &x->projections};
    for (size_t i = 0; i < COUNT_OF(streams); i++) {
        char line[160];
        const stream_sheet *s = streams[i];
        if (s->part > 1)
            snprintf(
                line, sizeof line,
                "%llu data rows on \"%s\" and %u continuation sheet(s) \"%s (2)\"... at the end "
                "of the workbook",
                (unsigned long long)s->rows, sheet_names[s->id], s->part - 1, sheet_names[s->id]);
        else
            snprintf(line, sizeof line, "%llu data rows", (unsigned long long)s->rows);
        summary_link(c, s->id, line);
    }
    for (size_t i = 0; i < r->output_count; i++)
        summary_pair(c, r->outputs[i].kind, r->outputs[i].path);
}

static void summary_notes(cursor *c)
{
    summary_section(c, "Sources and method");
    /* Wrapped in column A: a long line would widen the printed page. */
    for (size_t i = 0; i < COUNT_OF(method_notes); i++) {
        put_text(c, 0, method_notes[i], FMT_WRAP);
        fit_header_row(c, wrapped_lines(method_notes[i], SUMMARY_A_WIDTH * 1.1));
        c->row++;
    }
    summary_section(c, "BLS markers (kept as text, never as 0)");
    for (size_t i = 0; i < COUNT_OF(marker_states); i++) {
        char meaning[160];
        snprintf(meaning, sizeof meaning, "%s%s", bls_cell_state_describe(marker_states[i]),
                 marker_states[i] == BLS_CELL_TOP_CODED
                     ? " ($90.00 an hour or $187,200 a year for May 2014; the cap rises later)"
                     : "");
        summary_pair(c, bls_cell_marker(marker_states[i]), meaning);
    }
}

static bls_status write_summary(bls_xlsx *x, const bls_report *r)
{
    cursor c = {x, x->sheets[SHEET_SUMMARY], 0, LXW_NO_ERROR};
    put_text(&c, 0, "BLS figures cross-check", FMT_TITLE);
    c.row++;
    summary_pair(&c, "Generator", r->version ? r->version : "blsreport");
    summary_inputs(&c, r);
    summary_counts(&c, r);
    summary_sheets(&c, x, r);
    summary_notes(&c);
    for (size_t i = 0; i < COUNT_OF(input_header) && c.err == LXW_NO_ERROR; i++)
        keep_error(&c,
                   worksheet_set_column(c.ws, (lxw_col_t)i, (lxw_col_t)i,
                                        i == 0 ? SUMMARY_A_WIDTH : input_header[i].width, NULL));
    worksheet_activate(c.ws);
    return status_of(c.err);
}

/* ---- Occupations ------------------------------------------------------------ */

enum occ_field { OF_SOC, OF_TITLE, OF_GROUP, OF_METRIC, OF_PERIOD, OF_EDUCATION, OF_NOTES };

/* Each program's figures with their own period: OEWS (employment and wages
 * of one survey period) and EP (base-year employment, projected employment
 * and change over the projection period) never share a column, so a row
 * adds up: EP base + change = projected. A metric column takes the latest
 * fact of its program; the group's period column shows the period of its
 * first figure, the notes name any figure of another period. Number
 * formats follow the figure's written precision (BLS's whole-percent 41%
 * shows as 41%, not 41.0%). */
enum { OCC_NONE, OCC_OEWS, OCC_EP_BASE, OCC_EP_SPAN, OCC_GROUPS };
#define OCC_TITLE_WIDTH 44.0
#define OCC_NOTES_WIDTH 60.0
static const struct occ_column {
    enum occ_field field;
    bls_metric metric;
    int group;
    bls_kind program;
    const char *header;
    double width;
} occ_columns[] = {
    {OF_SOC, 0, OCC_NONE, 0, "SOC code", 10},
    {OF_TITLE, 0, OCC_NONE, 0, "Occupation title (BLS)", OCC_TITLE_WIDTH},
    {OF_GROUP, 0, OCC_NONE, 0, "SOC level", 10},
    {OF_METRIC, BLS_METRIC_EMPLOYMENT, OCC_OEWS, BLS_KIND_WAGES, "Employment (OEWS)", 12},
    {OF_METRIC, BLS_METRIC_MEDIAN_ANNUAL_WAGE, OCC_OEWS, BLS_KIND_WAGES, "Median annual wage", 12},
    {OF_METRIC, BLS_METRIC_MEAN_ANNUAL_WAGE, OCC_OEWS, BLS_KIND_WAGES, "Mean annual wage", 12},
    {OF_METRIC, BLS_METRIC_MEDIAN_HOURLY_WAGE, OCC_OEWS, BLS_KIND_WAGES, "Median hourly wage", 10},
    {OF_METRIC, BLS_METRIC_ANNUAL_WAGE_PCT10, OCC_OEWS, BLS_KIND_WAGES,
     "Annual wage, 10th percentile", 12},
    {OF_METRIC, BLS_METRIC_ANNUAL_WAGE_PCT25, OCC_OEWS, BLS_KIND_WAGES,
     "Annual wage, 25th percentile", 12},
    {OF_METRIC, BLS_METRIC_ANNUAL_WAGE_PCT75, OCC_OEWS, BLS_KIND_WAGES,
     "Annual wage, 75th percentile", 12},
    {OF_METRIC, BLS_METRIC_ANNUAL_WAGE_PCT90, OCC_OEWS, BLS_KIND_WAGES,
     "Annual wage, 90th percentile", 12},
    {OF_PERIOD, 0, OCC_OEWS, 0, "OEWS period", 11},
    {OF_METRIC, BLS_METRIC_EMPLOYMENT, OCC_EP_BASE, BLS_KIND_PROJECTIONS,
     "Employment, base year (EP)", 12},
    {OF_PERIOD, 0, OCC_EP_BASE, 0, "EP base year", 9},
    {OF_METRIC, BLS_METRIC_PROJECTED_EMPLOYMENT, OCC_EP_SPAN, BLS_KIND_PROJECTIONS,
     "Projected employment (EP)", 12},
    {OF_METRIC, BLS_METRIC_EMPLOYMENT_CHANGE, OCC_EP_SPAN, BLS_KIND_PROJECTIONS,
     "Employment change (EP)", 12},
    {OF_METRIC, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, OCC_EP_SPAN, BLS_KIND_PROJECTIONS,
     "Employment change, percent (EP)", 12},
    {OF_PERIOD, 0, OCC_EP_SPAN, 0, "EP projection period", 11},
    {OF_EDUCATION, 0, OCC_NONE, 0, "Typical education for entry (EP)", 28},
    {OF_NOTES, 0, OCC_NONE, 0, "Notes", OCC_NOTES_WIDTH},
};

#define NOTES_MAX 1024

static void notes_add(char *notes, const char *text)
{
    size_t used = strlen(notes);
    if (used + 3 >= NOTES_MAX)
        return;
    snprintf(notes + used, NOTES_MAX - used, "%s%s", used ? "; " : "", text);
}

/* The program of a fact that does not say (facts added by hand): EP for
 * the projection metrics, OEWS for wages and employment. */
static bls_kind fact_program(const bls_fact *f)
{
    if (f->program != BLS_KIND_UNKNOWN)
        return f->program;
    return f->metric == BLS_METRIC_PROJECTED_EMPLOYMENT ||
                   f->metric == BLS_METRIC_EMPLOYMENT_CHANGE ||
                   f->metric == BLS_METRIC_EMPLOYMENT_CHANGE_PCT
               ? BLS_KIND_PROJECTIONS
               : BLS_KIND_WAGES;
}

/* The latest fact of @p metric that @p program published, or NULL. */
static const bls_fact *program_latest(const bls_occupation *occ, bls_metric metric,
                                      bls_kind program)
{
    const bls_fact *best = NULL;
    for (size_t i = 0; i < occ->fact_count; i++) {
        const bls_fact *f = &occ->facts[i];
        if (f->metric == metric && fact_program(f) == program &&
            (!best || bls_period_compare(&f->period, &best->period) > 0))
            best = f;
    }
    return best;
}

/* Total, major, minor and broad rows: sums of other rows, set apart. */
static int is_group_row(const bls_occupation *occ)
{
    return occ->group == BLS_GROUP_TOTAL || occ->group == BLS_GROUP_MAJOR ||
           occ->group == BLS_GROUP_MINOR || occ->group == BLS_GROUP_BROAD;
}

static void occupation_row(cursor *c, const bls_occupation *occ, char *notes)
{
    const bls_fact *group_fact[OCC_GROUPS] = {NULL};
    notes[0] = '\0';
    for (size_t i = 0; i < COUNT_OF(occ_columns); i++) {
        const struct occ_column *oc = &occ_columns[i];
        if (oc->field != OF_METRIC)
            continue;
        const bls_fact *f = program_latest(occ, oc->metric, oc->program);
        if (!f)
            continue;
        char line[200], period[48];
        if (!group_fact[oc->group]) {
            group_fact[oc->group] = f;
        } else if (bls_period_compare(&f->period, &group_fact[oc->group]->period) != 0 &&
                   bls_period_format(&f->period, period, sizeof period)) {
            snprintf(line, sizeof line, "%s is for %s", oc->header, period);
            notes_add(notes, line);
        }
        if (bls_cell_marker(f->value.state)) {
            snprintf(line, sizeof line, "%s: %s = %s", oc->header, bls_cell_marker(f->value.state),
                     bls_cell_state_describe(f->value.state));
            notes_add(notes, line);
        }
    }
    enum fmt_id key = is_group_row(occ) ? FMT_GROUP_ROW : FMT_PLAIN;
    for (size_t i = 0; i < COUNT_OF(occ_columns); i++) {
        const struct occ_column *oc = &occ_columns[i];
        lxw_col_t col = (lxw_col_t)i;
        switch (oc->field) {
        case OF_SOC: put_text(c, col, occ->soc_code, key); break;
        case OF_TITLE: put_text(c, col, occ->title, key == FMT_PLAIN ? FMT_WRAP : key); break;
        case OF_GROUP: put_text(c, col, bls_occ_group_name(occ->group), key); break;
        case OF_METRIC: {
            const bls_fact *f = program_latest(occ, oc->metric, oc->program);
            put_metric(c, col, oc->metric, f ? &f->value : NULL, FMT_PLAIN);
            break;
        }
        case OF_PERIOD:
            if (group_fact[oc->group])
                put_period(c, col, &group_fact[oc->group]->period);
            break;
        case OF_EDUCATION: put_text(c, col, occ->education, FMT_PLAIN); break;
        case OF_NOTES: put_text(c, col, notes, FMT_WRAP); break;
        }
    }
    /* Titles and notes wrap (a long line would spill and widen the printed
     * page); the row is as tall as the taller of the two. */
    unsigned lines = wrapped_lines(occ->title ? occ->title : "", OCC_TITLE_WIDTH * 1.1);
    unsigned note_lines = notes[0] ? wrapped_lines(notes, OCC_NOTES_WIDTH * 1.1) : 1;
    fit_header_row(c, note_lines > lines ? note_lines : lines);
}

static bls_status write_occupations(bls_xlsx *x, const bls_report *r)
{
    column_def cols[COUNT_OF(occ_columns)];
    for (size_t i = 0; i < COUNT_OF(occ_columns); i++)
        cols[i] = (column_def){occ_columns[i].header, occ_columns[i].width, FMT_PLAIN};
    cursor c = {x, x->sheets[SHEET_OCCUPATIONS], 0, LXW_NO_ERROR};
    put_header(&c, cols, COUNT_OF(cols));
    char *notes = bls_malloc(NOTES_MAX);
    if (!notes)
        return BLS_ERR_NOMEM;
    size_t n = bls_model_count(r->model);
    for (size_t i = 0; i < n && c.err == LXW_NO_ERROR; i++) {
        if (c.row + 2 >= x->row_limit) {
            c.row++;
            put_text(&c, 0, "(more occupations than a sheet holds; see the JSON summary)",
                     FMT_PLAIN);
            break;
        }
        c.row++;
        occupation_row(&c, bls_model_at(r->model, i), notes);
    }
    bls_free(notes);
    put_filter(&c, 0, c.row, COUNT_OF(cols));
    return status_of(c.err);
}

/* ---- Cross-check --------------------------------------------------------- */

enum check_col {
    CK_SOURCE = 0,
    CK_ORIGIN,
    CK_OCCUPATION,
    CK_SOC,
    CK_TITLE,
    CK_METRIC,
    CK_PERIOD,
    CK_QUOTE,
    CK_CLAIMED,
    CK_CLAIMED_TEXT,
    CK_ACTUAL,
    CK_ACTUAL_PERIOD,
    CK_DIFFERENCE,
    CK_LATEST,
    CK_LATEST_PERIOD,
    CK_VERDICT,
    CK_NOTE,
    CK_BOUNDS,
    CK_DATA_SOURCE,
    CK_DATA_SHA256,
    CK_DATA_URL,
    CK_EXPLANATION,
    CK_EXPLANATION_SOURCE,
    CK_EXPLANATION_URL,
    CK_COUNT
};

static const column_def check_header[CK_COUNT] = {
    [CK_SOURCE] = {"Source (document:line)", 26, FMT_PLAIN},
    [CK_ORIGIN] = {"Origin", 8, FMT_PLAIN},
    [CK_OCCUPATION] = {"Occupation as quoted", 30, FMT_PLAIN},
    [CK_SOC] = {"SOC code", 10, FMT_PLAIN},
    [CK_TITLE] = {"BLS title", 34, FMT_PLAIN},
    [CK_METRIC] = {"Metric", 22, FMT_PLAIN},
    [CK_PERIOD] = {"Period claimed", 12, FMT_PLAIN},
    [CK_QUOTE] = {"Quote", 40, FMT_PLAIN},
    [CK_CLAIMED] = {"Claimed", 12, FMT_PLAIN},
    [CK_CLAIMED_TEXT] = {"Claimed as written", 12, FMT_PLAIN},
    [CK_ACTUAL] = {"Data value", 12, FMT_PLAIN},
    [CK_ACTUAL_PERIOD] = {"Data period", 12, FMT_PLAIN},
    [CK_DIFFERENCE] = {"Difference (claimed - data)", 12, FMT_PLAIN},
    [CK_LATEST] = {"Later data value", 12, FMT_PLAIN},
    [CK_LATEST_PERIOD] = {"Later data period", 12, FMT_PLAIN},
    [CK_VERDICT] = {"Verdict", 13, FMT_PLAIN},
    [CK_NOTE] = {"Note", 60, FMT_PLAIN},
    [CK_BOUNDS] = {"Claim allows (low to high)", 20, FMT_PLAIN},
    [CK_DATA_SOURCE] = {"Data source (file:line:column)", 34, FMT_PLAIN},
    [CK_DATA_SHA256] = {"Data file SHA-256", 20, FMT_PLAIN},
    [CK_DATA_URL] = {"BLS page", 40, FMT_PLAIN},
    [CK_EXPLANATION] = {"Best explanation", 50, FMT_PLAIN},
    [CK_EXPLANATION_SOURCE] = {"Explanation source (file:line:column)", 34, FMT_PLAIN},
    [CK_EXPLANATION_URL] = {"Explanation's BLS page", 40, FMT_PLAIN},
};

/* Excel keeps at most 65,530 hyperlinks per sheet; later addresses are text. */
#define CHECK_LINKS_MAX 65000

static void put_link(cursor *c, lxw_col_t col, const char *url, size_t *links)
{
    if (c->err != LXW_NO_ERROR || !url || !url[0])
        return;
    if (*links >= CHECK_LINKS_MAX) {
        put_text(c, col, url, FMT_PLAIN);
        return;
    }
    (*links)++;
    keep_error(c, worksheet_write_url(c->ws, c->row, col, url, NULL));
}

/* "national_M2014_dl.csv:564:16", with the cell for a workbook ("H453"). */
static void put_source(cursor *c, lxw_col_t col, const bls_provenance *p)
{
    char text[300];
    const char *slash = p->path ? strrchr(p->path, '/') : NULL;
    const char *name = slash ? slash + 1 : (p->path ? p->path : "");
    if (p->cell[0])
        snprintf(text, sizeof text, "%s%s%s!%s", name, p->sheet[0] ? ":" : "", p->sheet, p->cell);
    else
        snprintf(text, sizeof text, "%s:%llu:%lu", name, (unsigned long long)p->line,
                 (unsigned long)p->column);
    put_text(c, col, text, FMT_PLAIN);
}

/* "combined 29-2053+31-1013 employment_change_pct 2012-2022 = 4.97" */
static void put_explanation(cursor *c, lxw_col_t col, const bls_explanation *e)
{
    char text[200], value[48] = "", period[32] = "";
    size_t n = (size_t)snprintf(text, sizeof text, "%s ", bls_explain_kind_name(e->kind));
    for (size_t i = 0; i < e->soc_count && n < sizeof text; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", i ? "+" : "", e->soc_codes[i]);
    bls_number_format(&e->value, value, sizeof value);
    bls_period_format(&e->period, period, sizeof period);
    if (n < sizeof text)
        snprintf(text + n, sizeof text - n, " %s %s = %s%s", bls_metric_name(e->metric), period,
                 value, e->thousands ? " thousand" : "");
    put_text(c, col, text, FMT_PLAIN);
}

/* Bounds, data provenance and the best explanation of a check. */
static void check_provenance_cells(cursor *c, const bls_checks *checks, const bls_check *check,
                                   size_t *links)
{
    if (check->bound_low.state == BLS_CELL_VALUE) {
        char lo[48], hi[48];
        if (bls_number_format(&check->bound_low, lo, sizeof lo) &&
            bls_number_format(&check->bound_high, hi, sizeof hi)) {
            char text[100];
            snprintf(text, sizeof text, "%s to %s", lo, hi);
            put_text(c, CK_BOUNDS, text, FMT_PLAIN);
        }
    }
    bls_provenance p;
    if (bls_check_provenance(checks, check, -1, &p) == 0) {
        put_source(c, CK_DATA_SOURCE, &p);
        put_text(c, CK_DATA_SHA256, p.sha256, FMT_PLAIN);
        put_link(c, CK_DATA_URL, p.url, links);
    }
    if (check->explanation_count) {
        put_explanation(c, CK_EXPLANATION, &check->explanations[0]);
        if (bls_check_provenance(checks, check, 0, &p) == 0) {
            put_source(c, CK_EXPLANATION_SOURCE, &p);
            put_link(c, CK_EXPLANATION_URL, p.url, links);
        }
    }
}

#define VERDICT_UNATTRIBUTED (-1)

/* Verdict colours: fill, then font (Excel's good/neutral/bad palette). */
static const struct verdict_style {
    int verdict;
    lxw_color_t fill;
    lxw_color_t font;
} verdict_styles[] = {
    {BLS_VERDICT_MATCH, 0xC6EFCE, 0x006100},    {BLS_VERDICT_ROUNDING, 0xE2EFDA, 0x375623},
    {BLS_VERDICT_MISMATCH, 0xFFC7CE, 0x9C0006}, {BLS_VERDICT_MISSING, 0xF8CBAD, 0x833C0B},
    {BLS_VERDICT_STALE, 0xFFEB9C, 0x9C5700},    {BLS_VERDICT_AMBIGUOUS, 0xE4DFEC, 0x5B2C6F},
    {VERDICT_UNATTRIBUTED, 0xD9D9D9, 0x404040},
};

static const char *verdict_text(int verdict)
{
    return verdict == VERDICT_UNATTRIBUTED ? "unattributed"
                                           : bls_verdict_name((bls_verdict)verdict);
}

/* "article.txt:11": the base name, so that the line shows in the column;
 * the Summary lists each input's full path. */
static size_t claim_source(const bls_claim *claim, char *out, size_t size)
{
    if (!claim) {
        out[0] = '\0';
        return 0;
    }
    const char *doc = claim->document && *claim->document ? claim->document : claim->input_path;
    int n = claim->line
                ? snprintf(out, size, "%s:%llu", base_name(doc), (unsigned long long)claim->line)
                : snprintf(out, size, "%s", base_name(doc));
    return n > 0 ? (size_t)n : 0;
}

/* The claim's columns, shared by checks and unattributed figures. */
static void claim_cells(cursor *c, const bls_claim *claim)
{
    if (!claim)
        return;
    char source[300];
    claim_source(claim, source, sizeof source);
    put_text(c, CK_SOURCE, source, FMT_PLAIN);
    put_text(c, CK_ORIGIN, bls_claim_origin_name(claim->origin), FMT_PLAIN);
    put_text(c, CK_OCCUPATION, claim->occupation, FMT_PLAIN);
    put_text(c, CK_SOC, claim->soc_code, FMT_PLAIN);
    put_text(c, CK_METRIC, bls_metric_name(claim->metric), FMT_PLAIN);
    put_period(c, CK_PERIOD, &claim->period);
    put_text(c, CK_QUOTE, claim->quote, FMT_PLAIN);
    put_metric(c, CK_CLAIMED, claim->metric, &claim->claimed, FMT_PLAIN);
    put_text(c, CK_CLAIMED_TEXT, claim->claimed_text, FMT_PLAIN);
}

/* The Occupations row of @p soc (0-based sheet row), or 0 when absent: the
 * model is in SOC order after bls_model_finish(), one row per occupation. */
static lxw_row_t occupation_sheet_row(const bls_model *model, const char *soc)
{
    size_t lo = 0, hi = model ? bls_model_count(model) : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(bls_model_at(model, mid)->soc_code, soc);
        if (cmp == 0)
            return (lxw_row_t)(mid + 1);
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* The claim's SOC code, linked to its figures on the Occupations sheet. */
static void put_soc_link(cursor *c, const bls_model *model, const char *soc, size_t *links)
{
    lxw_row_t row = occupation_sheet_row(model, soc);
    if (row == 0 || row + 2 >= c->x->row_limit || c->err != LXW_NO_ERROR ||
        *links >= CHECK_LINKS_MAX) {
        put_text(c, CK_SOC, soc, FMT_PLAIN);
        return;
    }
    (*links)++;
    char url[64];
    snprintf(url, sizeof url, "internal:'%s'!A%lu", sheet_names[SHEET_OCCUPATIONS],
             (unsigned long)row + 1);
    keep_error(c, worksheet_write_url_opt(c->ws, c->row, CK_SOC, url, NULL, soc,
                                          "Its figures on the Occupations sheet"));
}

static void check_row(cursor *c, const bls_model *model, const bls_checks *checks,
                      const bls_check *check, size_t *links)
{
    const bls_claim *claim = check->claim;
    if (claim)
        claim_cells(c, claim);
    bls_metric metric = claim ? claim->metric : BLS_METRIC_MEDIAN_ANNUAL_WAGE;
    if (check->soc_code[0])
        put_soc_link(c, model, check->soc_code, links); /* the resolved code wins */
    put_text(c, CK_TITLE, check->title, FMT_PLAIN);
    put_metric(c, CK_ACTUAL, metric, &check->actual, FMT_PLAIN);
    if (check->actual.state != BLS_CELL_EMPTY)
        put_period(c, CK_ACTUAL_PERIOD, &check->actual_period);
    if (bls_metric_unit(metric) == BLS_UNIT_PERCENT && check->difference.state == BLS_CELL_VALUE)
        put_number(c, CK_DIFFERENCE, bls_number_to_double(&check->difference), FMT_POINTS);
    else /* percentage points are no percent: "+1.1 pp", never "1.1%" */
        put_metric(c, CK_DIFFERENCE, metric, &check->difference, FMT_PLAIN);
    put_metric(c, CK_LATEST, metric, &check->latest, FMT_PLAIN);
    if (check->latest.state != BLS_CELL_EMPTY)
        put_period(c, CK_LATEST_PERIOD, &check->latest_period);
    put_text(c, CK_VERDICT, verdict_text((int)check->verdict), FMT_PLAIN);
    put_text(c, CK_NOTE, check->note, FMT_PLAIN);
    check_provenance_cells(c, checks, check, links);
}

static void verdict_colors(cursor *c, lxw_row_t last_row)
{
    for (size_t i = 0; i < COUNT_OF(verdict_styles) && c->err == LXW_NO_ERROR; i++) {
        lxw_format *f = workbook_add_format(c->x->wb);
        if (!f) {
            keep_error(c, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return;
        }
        format_set_bg_color(f, verdict_styles[i].fill);
        format_set_font_color(f, verdict_styles[i].font);
        char quoted[40];
        snprintf(quoted, sizeof quoted, "\"%s\"", verdict_text(verdict_styles[i].verdict));
        lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_CELL,
                                     .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
                                     .value_string = quoted,
                                     .format = f};
        keep_error(
            c, worksheet_conditional_format_range(c->ws, 1, CK_VERDICT, last_row, CK_VERDICT, &cf));
    }
}

static bls_status write_crosscheck(bls_xlsx *x, const bls_report *r)
{
    cursor c = {x, x->sheets[SHEET_CROSSCHECK], 0, LXW_NO_ERROR};
    put_header(&c, check_header, CK_COUNT);
    size_t checks = r->checks ? r->checks->count : 0;
    size_t loose = r->unattributed ? r->unattributed->count : 0;
    /* Column A as wide as its longest "name:line" (never narrower than set). */
    double source_w = check_header[CK_SOURCE].width;
    for (size_t i = 0; i < checks + loose; i++) {
        const bls_claim *cl =
            i < checks ? r->checks->items[i].claim : &r->unattributed->items[i - checks];
        char source[300];
        double w = cl ? (double)claim_source(cl, source, sizeof source) * 1.1 + 2 : 0;
        source_w = w > source_w ? (w < 80 ? w : 80) : source_w;
    }
    if (c.err == LXW_NO_ERROR)
        keep_error(&c, worksheet_set_column(c.ws, CK_SOURCE, CK_SOURCE, source_w, NULL));
    size_t links = 0;
    for (size_t i = 0; i < checks + loose && c.err == LXW_NO_ERROR; i++) {
        c.row++;
        if (c.row + 1 >= x->row_limit) {
            put_text(&c, CK_SOURCE, "(more claims than a sheet holds; see the JSON summary)",
                     FMT_PLAIN);
            break;
        }
        if (i < checks) {
            check_row(&c, r->model, r->checks, &r->checks->items[i], &links);
        } else {
            claim_cells(&c, &r->unattributed->items[i - checks]);
            put_text(&c, CK_VERDICT, verdict_text(VERDICT_UNATTRIBUTED), FMT_PLAIN);
            put_text(&c, CK_NOTE, "a figure in the document that names no occupation", FMT_PLAIN);
        }
    }
    put_filter(&c, 0, c.row, CK_COUNT);
    verdict_colors(&c, c.row > 0 ? c.row : 1);
    return status_of(c.err);
}

/* ---- Findings ------------------------------------------------------------ */

static const column_def finding_header[] = {
    {"File", 30, FMT_PLAIN}, {"Line", 8, FMT_PLAIN},     {"Column", 8, FMT_PLAIN},
    {"Rule", 24, FMT_PLAIN}, {"Severity", 9, FMT_PLAIN}, {"Message", 90, FMT_PLAIN},
};

static bls_status write_findings(bls_xlsx *x, const bls_report *r)
{
    cursor c = {x, x->sheets[SHEET_FINDINGS], 0, LXW_NO_ERROR};
    put_header(&c, finding_header, COUNT_OF(finding_header));
    size_t n = bls_findings_count(r->findings);
    /* Column A shows base names, as wide as the longest (the Summary lists
     * the full paths); a path would show only its directories. */
    double file_w = finding_header[0].width;
    for (size_t i = 0; i < n; i++) {
        double w = (double)strlen(base_name(bls_findings_at(r->findings, i)->path)) * 1.1 + 2;
        file_w = w > file_w ? (w < 80 ? w : 80) : file_w;
    }
    if (c.err == LXW_NO_ERROR)
        keep_error(&c, worksheet_set_column(c.ws, 0, 0, file_w, NULL));
    uint64_t not_listed = bls_findings_dropped(r->findings);
    for (size_t i = 0; i < n && c.err == LXW_NO_ERROR; i++) {
        if (c.row + 2 >= x->row_limit) {
            not_listed += n - i;
            break;
        }
        const bls_finding *f = bls_findings_at(r->findings, i);
        const bls_rule_info *rule = bls_rule_get(f->rule);
        c.row++;
        put_text(&c, 0, base_name(f->path), FMT_PLAIN);
        put_position(&c, 1, f->line);
        put_position(&c, 2, f->column);
        put_text(&c, 3, rule ? rule->id : "", FMT_PLAIN);
        put_text(&c, 4, bls_severity_name(f->severity), FMT_PLAIN);
        put_text(&c, 5, f->message, FMT_PLAIN);
    }
    /* constant_memory: a range must end on or after the current row, so the
     * filter is set before the note row below it is written. */
    put_filter(&c, 0, c.row, COUNT_OF(finding_header));
    if (not_listed) {
        char line[160];
        snprintf(line, sizeof line,
                 "%llu more findings were counted but not listed (limit); the totals on the "
                 "Summary sheet include them",
                 (unsigned long long)not_listed);
        c.row++;
        put_text(&c, 5, line, FMT_LABEL);
    }
    return status_of(c.err);
}

/* ---- Charts -------------------------------------------------------------- */

/* The workbook draws every bar chart of bls_chart_specs as a native Excel
 * chart, in the table's order: the chart view decides the occupations,
 * their order and the period; the spec, the words and the colour. Each
 * chart reads a hidden helper range on the Charts sheet: the k-th bar
 * chart's names in column 3k, values in 3k + 1 (one empty column between
 * ranges); the notes and charts sit right of the last range. */
#define CHART_HELPER_COLS 3
#define CHART_NOTE_WIDTH 120.0  /* characters: about the width of a chart (x_scale 1.8) */
#define CHART_ROWS_PER_BAR 1.25 /* sheet rows (15 pt) per bar of an inserted chart */

/* Where a top-coded bar ends: the cap of its year (BLS publishes no value at
 * or above it), else nothing to draw it at. */
static double top_code_end(const bls_chart_series *s)
{
    long cap = s->period.year_from >= 2012 ? bls_top_code_annual(s->period.year_from) : 0;
    return (double)cap;
}

static int series_decimals(const bls_chart_series *s)
{
    unsigned d = 0;
    for (size_t i = 0; i < s->count; i++)
        if (s->items[i].value.state == BLS_CELL_VALUE && s->items[i].value.decimals > d)
            d = s->items[i].value.decimals;
    return (int)d;
}

static const char *chart_num_format(const bls_chart_series *s)
{
    switch (bls_metric_unit(s->spec->metric)) {
    case BLS_UNIT_PERCENT: return series_decimals(s) ? "0.0%" : "0%";
    case BLS_UNIT_PERSONS: return "#,##0";
    case BLS_UNIT_DOLLARS_HOUR: return "$#,##0.00";
    case BLS_UNIT_DOLLARS_YEAR: return "$#,##0";
    }
    return "$#,##0";
}

/* Bars a chart draws: top-coded ones only where their cap is known. */
static int drawn(const bls_chart_series *s, const bls_chart_item *it)
{
    return it->value.state == BLS_CELL_VALUE ||
           (it->value.state == BLS_CELL_TOP_CODED && top_code_end(s) > 0);
}

/* Helper rows are written bottom bar first: a bar chart draws its first
 * category at the bottom, so the view's first (the largest) is on top. */
typedef struct chart_bars {
    const bls_chart_series *s;    /* NULL: the chart is not a bar chart */
    const bls_chart_item **items; /* the drawn items, in the view's order */
    size_t count;
    lxw_col_t label_col; /* helper range: label_col (names), label_col + 1 (values) */
} chart_bars;

static void chart_helper_cells(cursor *c, const chart_bars *b, size_t i)
{
    if (i >= b->count)
        return;
    const bls_chart_series *s = b->s;
    const bls_chart_item *it = b->items[b->count - 1 - i];
    put_text(c, b->label_col, it->label, FMT_PLAIN);
    if (it->value.state == BLS_CELL_TOP_CODED)
        put_number(c, b->label_col + 1, top_code_end(s), FMT_USD_YEAR);
    else
        put_number(c, b->label_col + 1, metric_cell_value(s->spec->metric, &it->value),
                   metric_format(s->spec->metric, it->value.decimals));
}

/* Top-coded bars: a paler fill and the label "≥ $187,200", never the cap as
 * if it were the value. */
static void mark_top_coded(cursor *c, lxw_chart_series *series, const chart_bars *b)
{
    const bls_chart_series *s = b->s;
    const bls_chart_spec *spec = s->spec;
    size_t tops = 0;
    for (size_t i = 0; i < b->count; i++)
        tops += b->items[i]->value.state == BLS_CELL_TOP_CODED;
    if (tops == 0)
        return;
    lxw_chart_fill pale = {.color = spec->colour, .transparency = 60};
    lxw_chart_fill solid = {.color = spec->colour};
    size_t n = b->count;
    lxw_chart_point *points = bls_calloc(n, sizeof *points);
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): NULL-terminated arrays of pointers */
    lxw_chart_point **pp = bls_calloc(n + 1, sizeof *pp);
    lxw_chart_data_label *labels = bls_calloc(n, sizeof *labels);
    /* NOLINTNEXTLINE(bugprone-sizeof-expression) */
    lxw_chart_data_label **lp = bls_calloc(n + 1, sizeof *lp);
    char cap_label[48];
    snprintf(cap_label, sizeof cap_label, "\xE2\x89\xA5 $%ld,%03ld (#)",
             (long)top_code_end(s) / 1000, (long)top_code_end(s) % 1000);
    if (points && pp && labels && lp) {
        for (size_t i = 0; i < n; i++) {
            int top = b->items[n - 1 - i]->value.state == BLS_CELL_TOP_CODED;
            points[i].fill = top ? &pale : &solid;
            labels[i].value = top ? cap_label : NULL;
            pp[i] = &points[i];
            lp[i] = &labels[i];
        }
        keep_error(c, chart_series_set_points(series, pp));
        keep_error(c, chart_series_set_labels_custom(series, lp));
    } else {
        keep_error(c, LXW_ERROR_MEMORY_MALLOC_FAILED);
    }
    bls_free(points);
    bls_free(pp);
    bls_free(labels);
    bls_free(lp);
}

static void add_chart(cursor *c, const chart_bars *b, lxw_col_t note_col, lxw_row_t anchor_row)
{
    const bls_chart_series *s = b->s;
    size_t bars = b->count;
    if (c->err != LXW_NO_ERROR || bars == 0)
        return;
    lxw_chart *chart = workbook_add_chart(c->x->wb, LXW_CHART_BAR);
    lxw_chart_series *series = chart ? chart_add_series(chart, NULL, NULL) : NULL;
    if (!series) {
        keep_error(c, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    lxw_row_t last = (lxw_row_t)bars;
    const char *sheet = sheet_names[SHEET_CHARTS];
    chart_series_set_categories(series, sheet, 1, b->label_col, last, b->label_col);
    chart_series_set_values(series, sheet, 1, b->label_col + 1, last, b->label_col + 1);
    lxw_chart_fill fill = {.color = s->spec->colour};
    chart_series_set_fill(series, &fill);
    chart_series_set_labels(series);
    chart_series_set_labels_num_format(series, chart_num_format(s));
    mark_top_coded(c, series, b);

    char title[160], period[48];
    if (bls_period_format(&s->period, period, sizeof period))
        snprintf(title, sizeof title, "%s, %s, highest first", s->spec->title, period);
    else
        snprintf(title, sizeof title, "%s", s->spec->title);
    chart_title_set_name(chart, title);
    /* Bar charts: the y axis is the category (vertical) axis. */
    chart_axis_set_name(chart->x_axis, s->spec->axis_name);
    chart_axis_set_num_format(chart->x_axis, chart_num_format(s));
    chart_axis_set_name(chart->y_axis, "Occupation");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_show_hidden_data(chart); /* the helper columns are hidden */
    lxw_chart_options place = {.x_scale = 1.8,
                               .y_scale = 1.0 + (double)bars * CHART_ROWS_PER_BAR * 20 / 288.0};
    keep_error(c, worksheet_insert_chart_opt(c->ws, anchor_row, note_col, chart, &place));
}

/* Rows a chart of @p bars bars covers: 288 px at y_scale 1, 20 px a row. */
static lxw_row_t chart_rows(size_t bars)
{
    return (lxw_row_t)(288.0 / 20 + (double)bars * CHART_ROWS_PER_BAR) + 2;
}

static bls_status write_charts(bls_xlsx *x, const bls_report *r)
{
    const bls_chart_view *view = r->charts; /* the PDF draws the same series */
    bls_status st = BLS_OK;
    chart_bars b[BLS_CHART_COUNT] = {{NULL, NULL, 0, 0}};
    size_t rows = 0;
    lxw_col_t note_col = 0; /* right of the last helper range */
    for (size_t k = 0; k < BLS_CHART_COUNT && st == BLS_OK; k++) {
        if (bls_chart_specs[k].shape != BLS_SHAPE_BARS)
            continue;
        b[k].s = bls_chart_view_series(view, (bls_chart)k);
        b[k].label_col = note_col;
        note_col += CHART_HELPER_COLS;
        /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
        b[k].items = bls_calloc(b[k].s->count + 1, sizeof *b[k].items);
        if (!b[k].items) {
            st = BLS_ERR_NOMEM;
            break;
        }
        for (size_t i = 0; i < b[k].s->count; i++)
            if (drawn(b[k].s, &b[k].s->items[i]))
                b[k].items[b[k].count++] = &b[k].s->items[i];
        if (b[k].count > rows)
            rows = b[k].count;
    }
    cursor c = {x, x->sheets[SHEET_CHARTS], 0, LXW_NO_ERROR};
    for (size_t k = 0; k < BLS_CHART_COUNT && st == BLS_OK; k++) {
        if (!b[k].s)
            continue;
        put_text(&c, b[k].label_col, "Occupation (bottom bar first)", FMT_HEADER);
        put_text(&c, b[k].label_col + 1, bls_metric_label(b[k].s->spec->metric), FMT_HEADER);
        lxw_row_col_options hidden = {.hidden = LXW_TRUE};
        if (c.err == LXW_NO_ERROR)
            keep_error(&c, worksheet_set_column_opt(c.ws, b[k].label_col, b[k].label_col + 1, 30,
                                                    NULL, &hidden));
    }
    if (st == BLS_OK && c.err == LXW_NO_ERROR)
        keep_error(&c, worksheet_set_column(c.ws, note_col, note_col, CHART_NOTE_WIDTH, NULL));
    if (st == BLS_OK) {
        /* the hidden columns: A to the last helper range's values */
        char last_hidden[LXW_MAX_COL_NAME_LENGTH], heading[160];
        lxw_col_to_name(last_hidden, note_col > 1 ? note_col - 2 : 0, 0);
        snprintf(heading, sizeof heading,
                 "Charts: the same occupations, order and period as the PDF report (data in the "
                 "hidden columns A-%s)",
                 last_hidden);
        put_text(&c, note_col, heading, FMT_SECTION);
        /* Each chart's note sits in the row above it; rows go in order (the
         * workbook streams), so helper cells and notes are written together. */
        lxw_row_t note_row[BLS_CHART_COUNT] = {0}, anchor = 2;
        for (size_t k = 0; k < BLS_CHART_COUNT; k++) {
            note_row[k] = anchor;
            if (b[k].count)
                anchor += chart_rows(b[k].count) + 1;
        }
        lxw_row_t last_row = anchor > rows + 1 ? anchor : (lxw_row_t)rows + 1;
        for (lxw_row_t row = 1; row <= last_row && c.err == LXW_NO_ERROR; row++) {
            c.row = row;
            for (size_t k = 0; k < BLS_CHART_COUNT; k++) {
                if (!b[k].s)
                    continue;
                chart_helper_cells(&c, &b[k], row - 1);
                if (row == note_row[k] && b[k].count && b[k].s->note[0]) {
                    put_text(&c, note_col, b[k].s->note, FMT_WRAP);
                    fit_header_row(&c, wrapped_lines(b[k].s->note, CHART_NOTE_WIDTH * 1.1));
                }
            }
        }
        for (size_t k = 0; k < BLS_CHART_COUNT; k++)
            if (b[k].s)
                add_chart(&c, &b[k], note_col, note_row[k] + 1);
        st = status_of(c.err);
    }
    for (size_t k = 0; k < BLS_CHART_COUNT; k++)
        bls_free(b[k].items);
    return st;
}

/* ---- properties and finish ------------------------------------------------ */

static bls_status set_properties(bls_xlsx *x, const bls_report *r)
{
    char comments[PROPERTY_MAX], clean[PROPERTY_MAX * 3 + 1];
    size_t used = (size_t)snprintf(comments, sizeof comments, "Inputs:");
    for (size_t i = 0; i < r->input_count && used < sizeof comments; i++) {
        int n =
            snprintf(comments + used, sizeof comments - used, "%s %s (%s)", i ? ";" : "",
                     r->inputs[i].path ? r->inputs[i].path : "", bls_kind_name(r->inputs[i].kind));
        if (n < 0)
            break;
        used += (size_t)n;
    }
    bls_xlsx_clean_text(comments, bounded_len(comments, sizeof comments), clean);
    char author[256], company[256];
    bls_xlsx_clean_text(x->author ? x->author : "blsreport",
                        x->author ? bounded_len(x->author, 80) : 9, author);
    bls_xlsx_clean_text(x->company ? x->company : "", x->company ? bounded_len(x->company, 80) : 0,
                        company);
    int64_t epoch = x->source_date_epoch >= 0 ? x->source_date_epoch : r->source_date_epoch;
    lxw_doc_properties props = {
        .title = "BLS figures cross-check",
        .subject = "Figures a document quotes, checked against BLS OEWS wages and EP projections",
        .author = author,
        .company = company[0] ? company : NULL,
        .keywords = "BLS, OEWS, Employment Projections, wages, occupations, cross-check",
        .comments = clean,
        /* libxlsxwriter reads 0 as "now": the epoch itself becomes 1 second later. */
        .created = epoch > 0    ? (time_t)epoch
                   : epoch == 0 ? (time_t)1
                                : 0,
    };
    return status_of(workbook_set_properties(x->wb, &props));
}

static bls_status close_streams(bls_xlsx *x, const bls_report *r)
{
    (void)r;
    const stream_sheet *streams[] = {&x->rejected, &x->wages, &x->projections};
    for (size_t i = 0; i < COUNT_OF(streams); i++) {
        lxw_error e = stream_filter(x, streams[i]);
        if (e != LXW_NO_ERROR)
            return status_of(e);
    }
    return BLS_OK;
}

bls_status bls_xlsx_finish(bls_xlsx *x, const bls_report *report)
{
    if (!x || !x->wb || !report)
        return BLS_ERR_INVALID_ARG;
    bls_status (*const steps[])(bls_xlsx *, const bls_report *) = {
        close_streams,  write_summary, write_occupations, write_crosscheck,
        write_findings, write_charts,  set_properties,
    };
    bls_status st = BLS_OK;
    for (size_t i = 0; i < COUNT_OF(steps) && st == BLS_OK; i++)
        st = steps[i](x, report);
    bls_xlsx_deflate_scope level;
    bls_xlsx_deflate_begin(&level, x->compression);
    lxw_error closed = workbook_close(x->wb);
    size_t recompressed = bls_xlsx_deflate_end(&level);
    x->wb = NULL;
    if (st != BLS_OK)
        return st;
    if (closed == LXW_NO_ERROR && x->compression != BLS_XLSX_COMPRESSION_DEFAULT && !recompressed)
        return BLS_ERR_XLSX; /* the level was not applied: see xlsx_deflate.h */
    if (closed == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return BLS_ERR_NOMEM;
    return closed == LXW_NO_ERROR ? BLS_OK : BLS_ERR_WRITE;
}
