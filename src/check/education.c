/*
 * education.c - a document's education requirements against EP's "Typical
 * education needed for entry".
 *
 * Pipeline stage: extract -> *education* -> (after crosscheck) render.
 *
 * The words a document uses for each of BLS's eight categories are a table
 * that one loop reads; a category is named when one of its phrases occurs
 * (case-insensitive). "High school" inside "less than high school" names
 * only the latter.
 */
#include "blsreport/check/education.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/base/dynbuf.h"
#include "blsreport/base/textenc.h"
#include "blsreport/check/extract.h"

static const char *const verdict_names[BLS_EDU_VERDICT_COUNT] = {
    [BLS_EDU_MATCH] = "match",
    [BLS_EDU_BROADER] = "broader",
    [BLS_EDU_DIFFERS] = "differs",
    [BLS_EDU_UNKNOWN] = "unknown",
};

const char *bls_education_verdict_name(bls_education_verdict verdict)
{
    return (unsigned)verdict < BLS_EDU_VERDICT_COUNT ? verdict_names[verdict] : "unknown";
}

/* EP's categories (2012-22 and 2019-29 tables), lowest first, and phrases
 * that name them. */
static const struct {
    unsigned level;
    const char *phrase;
} education_levels[] = {
    {0, "less than high school"}, {0, "no formal education"},
    {1, "high school"},           {1, "ged"},
    {2, "some college"},
    {3, "non-degree"},            {3, "nondegree"},          {3, "certificate"},
    {3, "vocational"},
    {4, "associate"},
    {5, "bachelor"},
    {6, "master"},
    {7, "doctoral"},              {7, "doctorate"},          {7, "ph.d"},
    {7, "professional degree"},
};

/* Case-insensitive search of @p needle in text[0..len), whole words at
 * its start. Returns the offset or SIZE_MAX. */
static size_t find_ci(const char *text, size_t len, const char *needle, size_t from)
{
    size_t n = strlen(needle);
    for (size_t i = from; i + n <= len; i++) {
        if (i > 0 && isalpha((unsigned char)text[i - 1]))
            continue;
        size_t j = 0;
        while (j < n && tolower((unsigned char)text[i + j]) == needle[j])
            j++;
        if (j == n)
            return i;
    }
    return SIZE_MAX;
}

unsigned bls_education_levels(const char *text, size_t len)
{
    unsigned levels = 0;
    if (!text)
        return 0;
    for (size_t i = 0; i < sizeof education_levels / sizeof education_levels[0]; i++) {
        const char *phrase = education_levels[i].phrase;
        for (size_t at = find_ci(text, len, phrase, 0); at != SIZE_MAX;
             at = find_ci(text, len, phrase, at + 1)) {
            static const char less[] = "less than ";
            size_t l = sizeof less - 1;
            if (education_levels[i].level == 1 && at >= l &&
                find_ci(text, at, less, at - l) == at - l)
                continue; /* "less than high school" */
            levels |= 1u << education_levels[i].level;
            break;
        }
    }
    return levels;
}

bls_education_verdict bls_education_compare(const char *bls_category, const char *words)
{
    unsigned b = bls_category ? bls_education_levels(bls_category, strlen(bls_category)) : 0;
    unsigned d = words ? bls_education_levels(words, strlen(words)) : 0;
    if (!b || !d)
        return BLS_EDU_UNKNOWN;
    if (d == b)
        return BLS_EDU_MATCH;
    return (d & b) ? BLS_EDU_BROADER : BLS_EDU_DIFFERS;
}

void bls_education_init(bls_education_list *list)
{
    if (list)
        memset(list, 0, sizeof *list);
}

void bls_education_cleanup(bls_education_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++) {
        bls_free(list->items[i].document);
        bls_free(list->items[i].occupation);
        bls_free(list->items[i].words);
    }
    bls_free(list->items);
    memset(list, 0, sizeof *list);
}

/* ---- reading a document's education row ------------------------------------ */

#define CELLS_MAX 16

typedef struct cell {
    size_t from, to;
} cell;

/* Cells of a row: '|'-separated, or a flattened run split where a lowercase
 * letter (or ')') runs into an uppercase one ("degreeAssociate's"). */
static size_t split_cells(const char *s, size_t from, size_t to, cell *out)
{
    size_t n = 0;
    int pipes = memchr(s + from, '|', to - from) != NULL;
    size_t start = from;
    for (size_t i = from; i <= to && n < CELLS_MAX; i++) {
        int boundary = i == to;
        if (!boundary && pipes)
            boundary = s[i] == '|';
        else if (!boundary && i > from)
            boundary = isupper((unsigned char)s[i]) &&
                       (islower((unsigned char)s[i - 1]) || s[i - 1] == ')');
        if (!boundary)
            continue;
        size_t a = start, b = i;
        while (a < b && isspace((unsigned char)s[a]))
            a++;
        while (b > a && isspace((unsigned char)s[b - 1]))
            b--;
        if (b > a)
            out[n++] = (cell){a, b};
        start = pipes && i < to ? i + 1 : i;
    }
    return n;
}

typedef struct doc_line {
    size_t from, to;
    uint64_t number;
} doc_line;

/* Claims of origin "table" of this document on @p line, in list order. */
static size_t table_figures(const bls_claims *claims, const char *path, uint64_t line,
                            size_t *index, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < claims->count && n < max; i++) {
        const bls_claim *c = &claims->items[i];
        if (c->line == line && c->origin == BLS_ORIGIN_TABLE && c->document &&
            strcmp(c->document, path) == 0)
            index[n++] = i;
    }
    return n;
}

/* How far from the education row a table's figure row may be. */
#define FIGURE_ROWS_NEAR 4

static bls_status push(bls_education_list *out, const char *path, uint64_t line, const char *text,
                       const cell *c, const bls_claims *claims, size_t figure)
{
    if (out->count >= BLS_EDUCATION_MAX)
        return BLS_OK;
    if (out->count == out->capacity) {
        size_t cap = out->capacity ? out->capacity * 2 : 8;
        bls_education_claim *grown = bls_realloc(out->items, cap * sizeof *grown);
        if (!grown)
            return BLS_ERR_NOMEM;
        out->items = grown;
        out->capacity = cap;
    }
    bls_education_claim *e = &out->items[out->count];
    memset(e, 0, sizeof *e);
    e->document = bls_strdup(path);
    e->occupation = bls_strdup(claims->items[figure].occupation ? claims->items[figure].occupation
                                                                 : "");
    e->words = bls_strndup(text + c->from, c->to - c->from);
    if (!e->document || !e->occupation || !e->words) {
        bls_free(e->document);
        bls_free(e->occupation);
        bls_free(e->words);
        return BLS_ERR_NOMEM;
    }
    e->line = line;
    e->figure = figure;
    e->verdict = BLS_EDU_UNKNOWN;
    out->count++;
    return BLS_OK;
}

static bls_status education_row(const char *text, size_t len, const doc_line *row,
                                const char *path, const bls_claims *claims,
                                bls_education_list *out)
{
    cell cells[CELLS_MAX];
    size_t n = split_cells(text, row->from, row->to, cells);
    if (n < 2 || find_ci(text + cells[0].from, cells[0].to - cells[0].from, "education", 0) != 0)
        return BLS_OK; /* not a row labelled "Education ..." */
    (void)len;
    size_t figures[CELLS_MAX];
    for (uint64_t d = 1; d <= FIGURE_ROWS_NEAR; d++) {
        uint64_t lines[2] = {row->number + d, row->number > d ? row->number - d : 0};
        for (int k = 0; k < 2; k++) {
            if (!lines[k])
                continue;
            size_t m = table_figures(claims, path, lines[k], figures, CELLS_MAX);
            if (m == 0)
                continue;
            if (m != n - 1)
                return BLS_OK; /* the columns do not line up: say nothing */
            for (size_t i = 0; i < m; i++) {
                bls_status st = push(out, path, row->number, text, &cells[i + 1], claims, figures[i]);
                if (st != BLS_OK)
                    return st;
            }
            return BLS_OK;
        }
    }
    return BLS_OK;
}

static bls_status extract_utf8(const char *text, size_t len, const char *path,
                               const bls_claims *claims, bls_education_list *out);

bls_status bls_education_extract(const char *text, size_t len, const char *path,
                                 const bls_claims *claims, bls_education_list *out)
{
    if ((!text && len) || !path || !claims || !out)
        return BLS_ERR_INVALID_ARG;
    if (!text)
        return BLS_OK;
    size_t bom = 0;
    if (bls_textenc_sniff(text, len, &bom) == BLS_ENC_UTF8 && bls_textenc_is_utf8(text, len))
        return extract_utf8(text, len, path, claims, out);
    /* UTF-16, Windows-1252, Mac Roman: read as the extractor reads them. */
    bls_dynbuf utf8;
    bls_dynbuf_init(&utf8, 3 * BLS_DOCUMENT_MAX + 8);
    bls_text_encoding enc;
    size_t legacy_lines, invalid;
    bls_status st = bls_textenc_to_utf8(text, len, &utf8, &enc, &legacy_lines, &invalid);
    if (st == BLS_OK)
        st = extract_utf8(utf8.data ? utf8.data : "", utf8.len, path, claims, out);
    bls_dynbuf_cleanup(&utf8);
    return st == BLS_ERR_LIMIT ? BLS_ERR_NOMEM : st;
}

static bls_status extract_utf8(const char *text, size_t len, const char *path,
                               const bls_claims *claims, bls_education_list *out)
{
    size_t i = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    uint64_t number = 1;
    while (i <= len) {
        size_t end = i;
        while (end < len && text[end] != '\n' && text[end] != '\r')
            end++;
        size_t a = i;
        while (a < end && (isspace((unsigned char)text[a]) || text[a] == '|'))
            a++;
        if (find_ci(text, end, "education", a) == a) {
            doc_line row = {i, end, number};
            bls_status st = education_row(text, len, &row, path, claims, out);
            if (st != BLS_OK)
                return st;
        }
        if (end >= len)
            break;
        i = end + (text[end] == '\r' && end + 1 < len && text[end + 1] == '\n' ? 2 : 1);
        number++;
    }
    return BLS_OK;
}

void bls_education_check(const bls_model *model, const bls_checks *checks,
                         bls_education_list *list)
{
    for (size_t i = 0; list && i < list->count; i++) {
        bls_education_claim *e = &list->items[i];
        e->soc_code[0] = '\0';
        e->bls_category = NULL;
        e->verdict = BLS_EDU_UNKNOWN;
        if (!checks || e->figure >= checks->count)
            continue;
        const bls_check *k = &checks->items[e->figure];
        if (!k->soc_code[0])
            continue;
        memcpy(e->soc_code, k->soc_code, sizeof e->soc_code);
        const bls_occupation *occ = bls_model_find(model, k->soc_code);
        e->bls_category = occ ? occ->education : NULL;
        e->verdict = bls_education_compare(e->bls_category, e->words);
    }
}
