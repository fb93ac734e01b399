/*
 * layout.c - recognise which BLS file a CSV is, from its header row(s).
 *
 * Pipeline stage: reader -> *layout* -> cells -> validate -> model.
 *
 * Every header cell is folded to a key (lower case, letters and digits only;
 * for EP tables letters only, because their headers carry years:
 * "Employment change, 2012-22: Number" -> "employmentchangenumber"). Keys are
 * looked up in each program's spellings (its descriptor, program.h and
 * src/layouts/). The program whose required columns are all present and that
 * maps the most columns wins. EP tables put title rows above the header
 * (NOT_HEADER), stack up to three header rows with merged labels (NEED_MORE
 * until the first row with a SOC code: FOUND_DATA) and put notes below the
 * data (bls_layout_is_note_row).
 */
#include "blsreport/read/layout.h"

#include "blsreport/base/alloc.h"
#include "blsreport/base/soc.h"
#include "blsreport/base/survey.h"
#include "blsreport/base/text.h"
#include "blsreport/layouts/program.h"

#include <string.h>

/* ---- programs ------------------------------------------------------------ */

/* The column spellings, required columns and figure ranges of each program
 * are in its descriptor (src/layouts/, program.h); this file only loops
 * over them. */

/* OEWS layout names, first match wins: {needs area, needs industry, 2019+}. */
static const struct wage_layout_name {
    int area, industry, y2019;
    const char *name;
} wage_layout_names[] = {
    {1, 1, 1, "OEWS all data (2019+)"}, {1, 1, 0, "OEWS all data"},
    {1, 0, -1, "OEWS state/metro"},     {0, 1, -1, "OEWS national industry"},
    {0, 0, -1, "OEWS national"},
};

/* EP names must be static (the pipeline keeps them after the detector). */
#define EP_NAME_FIRST_BASE 2004
static const char *const ep_layout_names[] = {
    "EP projections 2004-14", "EP projections 2005-15", "EP projections 2006-16",
    "EP projections 2007-17", "EP projections 2008-18", "EP projections 2009-19",
    "EP projections 2010-20", "EP projections 2011-21", "EP projections 2012-22",
    "EP projections 2013-23", "EP projections 2014-24", "EP projections 2015-25",
    "EP projections 2016-26", "EP projections 2017-27", "EP projections 2018-28",
    "EP projections 2019-29", "EP projections 2020-30", "EP projections 2021-31",
    "EP projections 2022-32", "EP projections 2023-33", "EP projections 2024-34",
    "EP projections 2025-35", "EP projections 2026-36", "EP projections 2027-37",
    "EP projections 2028-38", "EP projections 2029-39", "EP projections 2030-40",
    "EP projections 2031-41", "EP projections 2032-42", "EP projections 2033-43",
    "EP projections 2034-44",
};
#define EP_NAME_COUNT (sizeof ep_layout_names / sizeof ep_layout_names[0])

const char *bls_layout_known_list(void)
{
    return bls_programs_known_layouts();
}

/* ---- header keys and years ------------------------------------------------ */

/* Longest key worth comparing; longer cells cannot match any spelling. */
#define KEY_MAX 96

static int is_ascii_digit(char c)
{
    return c >= '0' && c <= '9';
}
static int is_ascii_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Append the folded text to key; returns 0 when the key no longer fits. */
static int append_key(char *key, size_t *len, const char *text, size_t text_len, int letters_only)
{
    for (size_t i = 0; i < text_len; i++) {
        char c = text[i];
        if (is_ascii_alpha(c)) {
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
        } else if (!is_ascii_digit(c) || letters_only) {
            continue;
        }
        if (*len + 1 >= KEY_MAX)
            return 0;
        key[(*len)++] = c;
    }
    key[*len] = '\0';
    return 1;
}

/* A header cell seen through the header rows stacked above a column, top
 * first, merged labels already carried right (see stack_rows). */
typedef struct header_cell {
    const char *part[BLS_LAYOUT_MAX_HEADER_ROWS];
    size_t part_len[BLS_LAYOUT_MAX_HEADER_ROWS];
    size_t parts;
} header_cell;

static int cell_key(const header_cell *cell, int letters_only, char key[KEY_MAX])
{
    size_t len = 0;
    key[0] = '\0';
    for (size_t p = 0; p < cell->parts; p++)
        if (!append_key(key, &len, cell->part[p], cell->part_len[p], letters_only))
            return 0;
    return len > 0;
}

/* Read a run of digits at text[i]; its value and length (0 if none). */
static size_t digit_run(const char *text, size_t len, size_t i, int *value)
{
    size_t n = 0;
    int v = 0;
    while (i + n < len && is_ascii_digit(text[i + n])) {
        if (n < 9)
            v = v * 10 + (text[i + n] - '0');
        n++;
    }
    *value = v;
    return n;
}

static int plausible_year(int y)
{
    return y >= 1900 && y <= 2099;
}

/*
 * First year in a header text, and the end of a span that follows it
 * ("2012-22", "2012-2022", "2012 \u2013 22", "2012 to 2022"): *span_end is
 * 0 when there is none.
 */
static int find_years(const char *text, size_t len, int *span_end)
{
    *span_end = 0;
    size_t i = 0;
    while (i < len) {
        int year;
        size_t n = digit_run(text, len, i, &year);
        if (n == 0) {
            i++;
            continue;
        }
        if (n != 4 || !plausible_year(year)) {
            i += n;
            continue;
        }
        size_t j = i + n;
        while (j < len && text[j] == ' ')
            j++;
        size_t sep = 0;
        /* cppcheck 2.10 takes the loop above to end only at j == len (it also
         * ends at a non-space) and calls the length tests below always false. */
        if (j < len && text[j] == '-')
            sep = 1;
        // cppcheck-suppress knownConditionTrueFalse
        else if (len - j >= 3 && memcmp(text + j, "\xE2\x80\x93", 3) == 0)
            sep = 3;
        // cppcheck-suppress knownConditionTrueFalse
        else if (len - j >= 2 && (text[j] == 't' || text[j] == 'T') &&
                 (text[j + 1] == 'o' || text[j + 1] == 'O'))
            sep = 2;
        if (sep > 0) {
            j += sep;
            while (j < len && text[j] == ' ')
                j++;
            int end;
            size_t m = digit_run(text, len, j, &end);
            if (m == 2) {
                end += year - year % 100;
                if (end <= year)
                    end += 100;
                *span_end = end;
            } else if (m == 4 && plausible_year(end) && end > year) {
                *span_end = end;
            }
        }
        return year;
    }
    return 0;
}

static int cell_years(const header_cell *cell, int *span_end)
{
    *span_end = 0;
    for (size_t p = 0; p < cell->parts; p++) {
        int year = find_years(cell->part[p], cell->part_len[p], span_end);
        if (year != 0)
            return year;
    }
    return 0;
}

/* ---- matching a header ---------------------------------------------------- */

typedef struct candidate {
    const bls_program *program;
    bls_layout layout;
    size_t matched;
    int spelled_2019;
} candidate;

static void candidate_init(candidate *c, const bls_program *program, size_t width)
{
    memset(c, 0, sizeof *c);
    c->program = program;
    c->layout.kind = program->kind;
    c->layout.width = width;
    c->layout.header_rows = 1;
    c->layout.duplicate_field = -1;
    for (size_t i = 0; i < BLS_COL_COUNT; i++)
        c->layout.index[i] = -1;
}

static void match_cell(candidate *c, const header_cell *cell, int field, const char *key_digits,
                       const char *key_letters)
{
    for (size_t s = 0; s < c->program->spelling_count; s++) {
        const bls_spelling *sp = &c->program->spellings[s];
        const char *key = (sp->flags & BLS_SPELL_LETTERS) ? key_letters : key_digits;
        if (strcmp(key, sp->key) != 0)
            continue;
        bls_column col = sp->column;
        if (c->layout.index[col] >= 0) {
            if (sp->second == BLS_COL_COUNT || c->layout.index[sp->second] >= 0) {
                /* a duplicate: the first one counts; the pipeline reports it */
                if (c->layout.duplicate_field < 0)
                    c->layout.duplicate_field = field;
                return;
            }
            col = sp->second;
        }
        c->layout.index[col] = field;
        c->matched++;
        if (sp->flags & BLS_SPELL_CODE_IN_TITLE) {
            c->layout.index[BLS_COL_OCC_CODE] = field;
            c->layout.code_in_title = 1;
        }
        if (sp->flags & BLS_SPELL_2019)
            c->spelled_2019 = 1;
        return;
    }
    (void)cell;
}

static int meets_kind_rule(const candidate *c)
{
    const bls_program *p = c->program;
    for (size_t i = 0; i < p->required_count; i++) {
        if (c->layout.index[p->required[i]] < 0)
            return 0;
    }
    for (int col = (int)p->figures_first; col <= (int)p->figures_last; col++) {
        if (c->layout.index[col] >= 0)
            return 1;
    }
    return p->also_figures != BLS_COL_COUNT && c->layout.index[p->also_figures] >= 0;
}

static void name_wage_layout(candidate *c)
{
    const int *index = c->layout.index;
    int area = index[BLS_COL_AREA] >= 0 || index[BLS_COL_AREA_TITLE] >= 0;
    int industry = index[BLS_COL_NAICS] >= 0;
    int y2019 = c->spelled_2019;
    for (size_t n = 0; n < sizeof wage_layout_names / sizeof wage_layout_names[0]; n++) {
        const struct wage_layout_name *w = &wage_layout_names[n];
        if (w->area == area && w->industry == industry && (w->y2019 < 0 || w->y2019 == y2019)) {
            c->layout.name = w->name;
            return;
        }
    }
    c->layout.name = "OEWS";
}

static int year_of_column(const header_cell *cells, const bls_layout *l, bls_column col,
                          int *span_end)
{
    *span_end = 0;
    int field = l->index[col];
    return field >= 0 ? cell_years(&cells[field], span_end) : 0;
}

/* EP: base and projected years from the header, and the static name. */
static void finish_projection_layout(candidate *c, const header_cell *cells)
{
    bls_layout *l = &c->layout;
    int span_end;
    int base = year_of_column(cells, l, BLS_COL_EP_EMP_BASE, &span_end);
    int target = year_of_column(cells, l, BLS_COL_EP_EMP_PROJ, &span_end);
    if (base > 0 && target > 0 && base > target) {
        /* columns in the other order: the earlier year is the base */
        int swap = l->index[BLS_COL_EP_EMP_BASE];
        l->index[BLS_COL_EP_EMP_BASE] = l->index[BLS_COL_EP_EMP_PROJ];
        l->index[BLS_COL_EP_EMP_PROJ] = swap;
        swap = base;
        base = target;
        target = swap;
    }
    static const bls_column span_columns[] = {BLS_COL_EP_CHANGE_NUM, BLS_COL_EP_CHANGE_PCT,
                                              BLS_COL_EP_OPENINGS, BLS_COL_OCC_TITLE};
    for (size_t i = 0; i < sizeof span_columns / sizeof span_columns[0]; i++) {
        if (base > 0 && target > 0)
            break;
        int start = year_of_column(cells, l, span_columns[i], &span_end);
        if (span_end > 0) {
            if (base == 0)
                base = start;
            if (target == 0)
                target = span_end;
        }
    }
    /* Table 1.10 of 2012-22 names its span only in other columns'
     * headers ("2012-22 Replacement rate"): any span will do. */
    for (size_t i = 0; i < l->width && (base == 0 || target == 0); i++) {
        int start = cell_years(&cells[i], &span_end);
        if (span_end > 0) {
            if (base == 0)
                base = start;
            if (target == 0 && start == base)
                target = span_end;
        }
    }
    static const bls_column base_columns[] = {BLS_COL_OCC_TITLE, BLS_COL_EP_MEDIAN_WAGE,
                                              BLS_COL_EP_SELF_EMP_PCT};
    for (size_t i = 0; i < sizeof base_columns / sizeof base_columns[0] && base == 0; i++)
        base = year_of_column(cells, l, base_columns[i], &span_end);
    /* Each figure's own year ("Median annual wage, 2020(1)" in the 2019-29
     * tables is a May 2020 OES figure, not a 2019 one). */
    for (int col = 0; col < BLS_COL_COUNT; col++)
        l->year[col] = l->index[col] >= 0 ? year_of_column(cells, l, (bls_column)col, &span_end)
                                          : 0;
    l->base_year = base;
    l->target_year = target;
    l->name = "EP projections";
    if (base >= EP_NAME_FIRST_BASE && target == base + 10 &&
        (size_t)(base - EP_NAME_FIRST_BASE) < EP_NAME_COUNT)
        l->name = ep_layout_names[base - EP_NAME_FIRST_BASE];
}

/*
 * Match a header against every kind; *best gets the kind that meets its
 * rule and maps the most columns. Returns 0 when none does.
 */
/* A table with stacked headers (EP) is taken from its title column alone:
 * its figures may sit in header rows further down, or it may have none
 * blsreport checks (the caller then refuses it by name rather than as an
 * unknown file). */
static int title_only(const candidate *c)
{
    return c->program->stacked_header && c->layout.index[BLS_COL_OCC_TITLE] >= 0;
}

static int match_header(const header_cell *cells, size_t width, candidate *best)
{
    int found = 0;
    size_t program_count;
    const bls_program *const *programs = bls_programs(&program_count);
    for (size_t k = 0; k < program_count; k++) {
        candidate c;
        candidate_init(&c, programs[k], width);
        for (size_t i = 0; i < width; i++) {
            char key_digits[KEY_MAX], key_letters[KEY_MAX];
            if (!cell_key(&cells[i], 0, key_digits) || !cell_key(&cells[i], 1, key_letters))
                continue;
            match_cell(&c, &cells[i], (int)i, key_digits, key_letters);
        }
        c.layout.has_figures = meets_kind_rule(&c);
        if (!c.layout.has_figures && !title_only(&c))
            continue;
        if (!found || (c.layout.has_figures && !best->layout.has_figures) ||
            (c.layout.has_figures == best->layout.has_figures && c.matched > best->matched)) {
            *best = c;
            found = 1;
        }
    }
    if (!found)
        return 0;
    switch (best->program->naming) {
    case BLS_NAMING_OEWS: name_wage_layout(best); break;
    case BLS_NAMING_EP: finish_projection_layout(best, cells); break;
    case BLS_NAMING_FIXED: best->layout.name = best->program->layout_name; break;
    }
    return 1;
}

const char *bls_layout_name_after_rows(const bls_layout *layout, uint64_t rows_accepted,
                                       uint64_t rows_not_national)
{
    const bls_program *p = bls_program_of(layout->kind);
    if (p && p->national_rows_name && layout->index[BLS_COL_AREA] >= 0 && rows_accepted > 0 &&
        rows_not_national == 0)
        return p->national_rows_name;
    return layout->name;
}

bls_period_found bls_layout_period(const bls_layout *layout, const char *path,
                                   const bls_period *given, bls_period *out)
{
    *out = (bls_period){0, 0, 0};
    const bls_program *p = bls_program_of(layout->kind);
    switch (p ? p->period_source : BLS_PERIOD_SOURCE_NONE) {
    case BLS_PERIOD_SOURCE_NONE: return BLS_PERIOD_NOT_NEEDED;
    case BLS_PERIOD_SOURCE_HEADER:
        *out = (bls_period){layout->base_year, layout->target_year, 0};
        if (out->year_to == 0) /* education tables (1.12, 5.4) name the base only */
            out->year_to = out->year_from;
        return BLS_PERIOD_KNOWN;
    case BLS_PERIOD_SOURCE_NAME:
        if (given)
            *out = *given;
        else if (!bls_survey_period_from_name(path, out))
            *out = (bls_period){0, 0, 0};
        return bls_period_known(out) ? BLS_PERIOD_KNOWN : BLS_PERIOD_UNKNOWN;
    }
    return BLS_PERIOD_NOT_NEEDED;
}

/* ---- the detector ----------------------------------------------------------- */

/* A row kept while a stacked header is read (rows are borrowed). */
typedef struct saved_row {
    char *text;      /* all fields, back to back */
    size_t *offsets; /* count + 1 offsets into text */
    size_t count;
} saved_row;

struct bls_layout_detector {
    size_t rows_seen;
    int found;
    bls_layout layout;
    saved_row pending[BLS_LAYOUT_MAX_HEADER_ROWS]; /* EP header rows so far */
    size_t pending_count;
    char table[64];       /* "Table 1.7" from a title row */
    char first_text[96];  /* first non-blank cell seen */
    header_cell *cells;
    size_t cells_cap;
};

bls_layout_detector *bls_layout_detector_new(void)
{
    return bls_calloc(1, sizeof(bls_layout_detector));
}

static void saved_row_clear(saved_row *s)
{
    bls_free(s->text);
    bls_free(s->offsets);
    memset(s, 0, sizeof *s);
}

static void pending_clear(bls_layout_detector *det)
{
    for (size_t i = 0; i < det->pending_count; i++)
        saved_row_clear(&det->pending[i]);
    det->pending_count = 0;
}

void bls_layout_detector_free(bls_layout_detector *det)
{
    if (det == NULL)
        return;
    pending_clear(det);
    bls_free(det->cells);
    bls_free(det);
}

const char *bls_layout_detector_first_text(const bls_layout_detector *det)
{
    return det ? det->first_text : "";
}

const bls_layout *bls_layout_detector_layout(const bls_layout_detector *det)
{
    return det != NULL && det->found ? &det->layout : NULL;
}

static bls_status save_row(saved_row *s, const bls_row *row)
{
    size_t total = 0;
    for (size_t i = 0; i < row->count; i++)
        total += row->fields[i].len;
    s->text = bls_malloc(total + 1);
    s->offsets = bls_malloc((row->count + 1) * sizeof *s->offsets);
    if (s->text == NULL || s->offsets == NULL) {
        saved_row_clear(s);
        return BLS_ERR_NOMEM;
    }
    size_t at = 0;
    for (size_t i = 0; i < row->count; i++) {
        s->offsets[i] = at;
        memcpy(s->text + at, row->fields[i].data, row->fields[i].len);
        at += row->fields[i].len;
    }
    s->offsets[row->count] = at;
    s->count = row->count;
    return BLS_OK;
}

static bls_status reserve_cells(bls_layout_detector *det, size_t count)
{
    if (count <= det->cells_cap)
        return BLS_OK;
    header_cell *cells = bls_realloc(det->cells, count * sizeof *cells);
    if (cells == NULL)
        return BLS_ERR_NOMEM;
    det->cells = cells;
    det->cells_cap = count;
    return BLS_OK;
}

static void cells_from_row(header_cell *cells, const bls_row *row)
{
    for (size_t i = 0; i < row->count; i++) {
        cells[i].part[0] = row->fields[i].data;
        cells[i].part_len[0] = row->fields[i].len;
        cells[i].parts = 1;
    }
}

static int text_is_blank(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '\n')
            return 0;
    }
    return 1;
}

static const char *saved_field(const saved_row *s, size_t i, size_t *len)
{
    if (i >= s->count) {
        *len = 0;
        return "";
    }
    *len = s->offsets[i + 1] - s->offsets[i];
    return s->text + s->offsets[i];
}

static int same_text(const char *a, size_t a_len, const char *b, size_t b_len)
{
    return a_len == b_len && (a_len == 0 || memcmp(a, b, a_len) == 0);
}

/*
 * The pending header rows seen as one row of cells, each with its labels from
 * top to bottom. Excel keeps a merged label in the first cell of the merge and
 * leaves the others empty, so an empty label takes the text of its left
 * neighbour when (a) the rows above it are the neighbour's too (it is under
 * the same parent) and (b) some row below names something under it: the
 * "2022" under "Employment" > "Number" belongs to both. A column with nothing
 * below (the unlabelled SOC code column beside "title and code") is left
 * empty.
 */
static size_t stack_rows(header_cell *cells, const saved_row *rows, size_t row_count)
{
    size_t width = 0;
    for (size_t r = 0; r < row_count; r++)
        if (rows[r].count > width)
            width = rows[r].count;
    for (size_t c = 0; c < width; c++) {
        cells[c].parts = row_count;
        for (size_t r = 0; r < row_count; r++)
            cells[c].part[r] = saved_field(&rows[r], c, &cells[c].part_len[r]);
    }
    for (size_t r = 0; r < row_count; r++) {
        for (size_t c = 1; c < width; c++) {
            if (!text_is_blank(cells[c].part[r], cells[c].part_len[r]) ||
                text_is_blank(cells[c - 1].part[r], cells[c - 1].part_len[r]))
                continue;
            int same_parent = 1;
            for (size_t up = 0; up < r && same_parent; up++)
                same_parent = same_text(cells[c].part[up], cells[c].part_len[up],
                                        cells[c - 1].part[up], cells[c - 1].part_len[up]);
            int named_below = 0;
            for (size_t down = r + 1; down < row_count && !named_below; down++) {
                size_t len;
                const char *text = saved_field(&rows[down], c, &len);
                named_below = !text_is_blank(text, len);
            }
            if (same_parent && named_below) {
                cells[c].part[r] = cells[c - 1].part[r];
                cells[c].part_len[r] = cells[c - 1].part_len[r];
            }
        }
    }
    return width;
}

static int row_is_blank(const bls_row *row)
{
    for (size_t i = 0; i < row->count; i++) {
        if (!text_is_blank(row->fields[i].data, row->fields[i].len))
            return 0;
    }
    return 1;
}

/* "NN-NNNN", with blanks around it. */
static int is_soc_text(const char *text, size_t len)
{
    bls_text_trim(&text, &len);
    return bls_soc_valid(text, len);
}

static int has_code_in_parentheses(const char *text, size_t len);

/* A row that holds a SOC code (alone in a cell, or "(NN-NNNN)" after a
 * title) is data: the header above it has ended. */
static int row_has_soc(const bls_row *row)
{
    for (size_t i = 0; i < row->count; i++) {
        if (is_soc_text(row->fields[i].data, row->fields[i].len) ||
            has_code_in_parentheses(row->fields[i].data, row->fields[i].len))
            return 1;
    }
    return 0;
}

/* Copy at most size - 1 bytes of text, cut on a UTF-8 boundary, blanks and
 * line breaks folded to single spaces. */
static void copy_clipped(char *dst, size_t size, const char *text, size_t len)
{
    size_t out = 0;
    int space = 0;
    for (size_t i = 0; i < len && out + 1 < size; i++) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = out > 0;
            continue;
        }
        if (space) {
            if (out + 2 >= size)
                break;
            dst[out++] = ' ';
            space = 0;
        }
        dst[out++] = c;
    }
    while (out > 0 && ((unsigned char)dst[out - 1] & 0xC0) == 0x80)
        out--; /* drop a possibly cut sequence: continuation bytes ... */
    if (out > 0 && ((unsigned char)dst[out - 1] & 0xC0) == 0xC0)
        out--; /* ... and its lead byte */
    dst[out] = '\0';
}

/* "Table 1.7 Occupational employment ..." -> "Table 1.7". */
static void table_name(char *dst, size_t size, const char *text, size_t len)
{
    dst[0] = '\0';
    while (len > 0 && (*text == ' ' || *text == '\t')) {
        text++;
        len--;
    }
    if (len < 7 || (text[0] | 0x20) != 't' || memcmp(text + 1, "able ", 5) != 0 ||
        !is_ascii_digit(text[6]))
        return;
    size_t end = 6;
    while (end < len && (is_ascii_digit(text[end]) || text[end] == '.'))
        end++;
    while (end > 6 && text[end - 1] == '.')
        end--;
    copy_clipped(dst, size, text, end);
}

static void remember_text(bls_layout_detector *det, const bls_row *row)
{
    if (det->first_text[0])
        return;
    for (size_t i = 0; i < row->count; i++) {
        if (!text_is_blank(row->fields[i].data, row->fields[i].len)) {
            copy_clipped(det->first_text, sizeof det->first_text, row->fields[i].data,
                         row->fields[i].len);
            table_name(det->table, sizeof det->table, row->fields[i].data, row->fields[i].len);
            return;
        }
    }
}

static void take_layout(bls_layout_detector *det, const candidate *best)
{
    det->layout = best->layout;
    det->layout.table = det->table;
    det->layout.first_text = det->first_text;
    det->found = 1;
}

/*
 * The first data row of an EP table ends its header: match the pending rows
 * stacked. A "title and code" header over two cells leaves the code column
 * unlabelled: when the data row has a SOC code right of the title, that
 * column is the code.
 */
static bls_status finish_stacked(bls_layout_detector *det, const bls_row *data,
                                 bls_detect_result *result)
{
    size_t width = 0;
    for (size_t r = 0; r < det->pending_count; r++)
        if (det->pending[r].count > width)
            width = det->pending[r].count;
    bls_status st = reserve_cells(det, width);
    if (st != BLS_OK)
        return st;
    width = stack_rows(det->cells, det->pending, det->pending_count);
    candidate best;
    if (!match_header(det->cells, width, &best) || !best.program->stacked_header) {
        pending_clear(det);
        return BLS_OK; /* not a header after all: keep looking */
    }
    bls_layout *l = &best.layout;
    l->header_rows = (int)det->pending_count;
    int title = l->index[BLS_COL_OCC_TITLE];
    if (l->code_in_title && title >= 0 && (size_t)title + 1 < data->count &&
        is_soc_text(data->fields[title + 1].data, data->fields[title + 1].len)) {
        int code_labelled = 0;
        for (size_t r = 0; r < det->pending_count; r++) {
            size_t len;
            const char *text = saved_field(&det->pending[r], (size_t)title + 1, &len);
            code_labelled |= !text_is_blank(text, len);
        }
        if (!code_labelled) {
            l->code_in_title = 0;
            l->index[BLS_COL_OCC_CODE] = title + 1;
        }
    }
    pending_clear(det);
    take_layout(det, &best);
    *result = BLS_DETECT_FOUND_DATA;
    return BLS_OK;
}

bls_status bls_layout_detector_feed(bls_layout_detector *det, const bls_row *row,
                                    bls_detect_result *result)
{
    if (det == NULL || row == NULL || result == NULL)
        return BLS_ERR_INVALID_ARG;
    *result = BLS_DETECT_NOT_HEADER;
    if (det->found) {
        *result = BLS_DETECT_FOUND;
        return BLS_OK;
    }
    if (det->rows_seen >= BLS_LAYOUT_MAX_PREAMBLE) /* given up */
        return BLS_OK;
    det->rows_seen++;
    if (row_is_blank(row)) {
        if (det->pending_count > 0)
            *result = BLS_DETECT_NEED_MORE;
        return BLS_OK;
    }
    remember_text(det, row);

    if (det->pending_count > 0) {
        if (row_has_soc(row)) {
            bls_status st = finish_stacked(det, row, result);
            if (st != BLS_OK || *result == BLS_DETECT_FOUND_DATA)
                return st;
        } else if (det->pending_count < BLS_LAYOUT_MAX_HEADER_ROWS) {
            bls_status st = save_row(&det->pending[det->pending_count], row);
            if (st != BLS_OK)
                return st;
            det->pending_count++;
            *result = BLS_DETECT_NEED_MORE;
            return BLS_OK;
        } else {
            pending_clear(det); /* more header rows than any BLS table: not one */
        }
    }

    bls_status st = reserve_cells(det, row->count);
    if (st != BLS_OK)
        return st;
    cells_from_row(det->cells, row);
    candidate best;
    if (!match_header(det->cells, row->count, &best))
        return BLS_OK;
    if (best.program->stacked_header) {
        /* wait for the first data row: more header rows may follow */
        st = save_row(&det->pending[0], row);
        if (st != BLS_OK)
            return st;
        det->pending_count = 1;
        *result = BLS_DETECT_NEED_MORE;
        return BLS_OK;
    }
    take_layout(det, &best);
    *result = BLS_DETECT_FOUND;
    return BLS_OK;
}

/* ---- rows below an EP table ------------------------------------------------- */

static const char *const note_prefixes[] = {"note",    "notes",    "source",
                                            "sources", "footnote", "footnotes"};

static int starts_with_note_word(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len && text[i] == ' ')
        i++;
    size_t word = i;
    while (i < len && is_ascii_alpha(text[i]))
        i++;
    size_t word_len = i - word;
    if (i >= len || text[i] != ':')
        return 0;
    for (size_t p = 0; p < sizeof note_prefixes / sizeof note_prefixes[0]; p++) {
        if (strlen(note_prefixes[p]) != word_len)
            continue;
        size_t k = 0;
        while (k < word_len && (text[word + k] | 0x20) == note_prefixes[p][k])
            k++;
        if (k == word_len)
            return 1;
    }
    return 0;
}

/* "(NN-NNNN)" anywhere in the text: an EP title with its SOC code. */
static int has_code_in_parentheses(const char *text, size_t len)
{
    static const char shape[] = "(dd-dddd)";
    size_t shape_len = sizeof shape - 1;
    for (size_t i = 0; i + shape_len <= len; i++) {
        size_t k = 0;
        while (k < shape_len &&
               (shape[k] == 'd' ? is_ascii_digit(text[i + k]) : text[i + k] == shape[k]))
            k++;
        if (k == shape_len)
            return 1;
    }
    return 0;
}

int bls_layout_is_note_row(const bls_layout *layout, const bls_row *row)
{
    const bls_program *program = layout ? bls_program_of(layout->kind) : NULL;
    if (program == NULL || !program->note_rows || row == NULL || row->count == 0)
        return 0;
    const bls_field *first = &row->fields[0];
    if (text_is_blank(first->data, first->len))
        return 0;
    if (starts_with_note_word(first->data, first->len))
        return 1;
    for (size_t i = 1; i < row->count; i++) {
        if (!text_is_blank(row->fields[i].data, row->fields[i].len))
            return 0;
    }
    return !has_code_in_parentheses(first->data, first->len);
}
