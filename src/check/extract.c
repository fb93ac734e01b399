/*
 * extract.c - read the claims out of an article's text.
 *
 * Pipeline stage: model -> *extract* (claims from text) -> crosscheck.
 *
 * The document is cut into lines, paragraphs (blank-line separated) and
 * sentences. Each paragraph is read once, left to right, into sorted lists:
 * figures ("$54,410", "41%", "5 percent"), words, occupation names (the
 * model's titles and the alias table, longest match first), metric words
 * ("median", "growth", ...) and periods ("May 2014", "between 2012 and
 * 2022"). Every figure is then attributed by binary searches in those
 * lists, nearest first:
 *   occupation: its clause (since the previous figure), the rest of the
 *               clause after it, its sentence, its paragraph, the last
 *               heading that named an occupation;
 *   metric:     its clause, its sentence, the headings above;
 *   period:     its clause, its sentence, its paragraph, the headings above.
 * A flattened table - a line that is a run of occupation names glued
 * together, then rows whose label is followed by as many figures - is read
 * column by column. So the work is linear in the document (plus a log
 * factor), whatever its shape: a 16 MiB line of "$1 " costs no more than
 * prose of the same size.
 *
 * Never guesses: a figure with no occupation or no metric goes to the
 * unattributed list with a claim-unattributed finding; a table row whose
 * figure count differs from its header's names is not read by column.
 * "decline by 5%" is claimed as -5 (EP publishes declines as negative).
 *
 * Limits (BLS_ERR_LIMIT, nothing appended): BLS_DOCUMENT_MAX bytes and
 * FIGURES_MAX figures. Quotes of long sentences are cut to a window of
 * QUOTE_MAX bytes around the figure.
 */
#include "blsreport/check/extract.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/base/figure.h"
#include "blsreport/base/textenc.h"
#include "blsreport/check/aliases.h"
#include "check/aliases_internal.h"

/* ---- limits ----------------------------------------------------------- */

#define NAME_MAX_WORDS 16 /* longer model titles are never matched in text */
#define NAME_GAP_MAX 8    /* bytes between two words of one name */
#define HEADING_MAX 120   /* a longer line is prose, not a heading */
#define QUOTE_MAX 480     /* a longer sentence is quoted around the figure */
#define OCCUPATION_TEXT_MAX 512
#define HEADING_LEVELS 8 /* 1..6 Markdown, 7 plain text */
#define PLAIN_HEADING 7
#define NO_ROW ((size_t)-1)
/* An article quotes tens of figures; a "document" with more than this many
 * is not one, and its claims would take far more memory than its text
 * (each carries its quote): BLS_ERR_LIMIT. */
#define FIGURES_MAX 100000u
/* More than one control byte in this many is binary data, not text. */
#define DOCUMENT_CONTROL_RATIO 20u

/* ---- growing arrays with a limit --------------------------------------- */

/* Each item stands for at least one byte of the document, so no array can
 * legitimately outgrow it. */
#define VEC_MAX_ITEMS ((size_t)BLS_DOCUMENT_MAX + 64u)

typedef struct vec {
    char *data;
    size_t count, capacity, elem;
} vec;

static void vec_init(vec *v, size_t elem)
{
    v->data = NULL;
    v->count = v->capacity = 0;
    v->elem = elem;
}

static void vec_free(vec *v)
{
    bls_free(v->data);
    vec_init(v, v->elem);
}

static bls_status vec_reserve(vec *v, size_t extra)
{
    if (extra > VEC_MAX_ITEMS - v->count)
        return BLS_ERR_LIMIT;
    if (v->count + extra <= v->capacity)
        return BLS_OK;
    size_t cap = v->capacity ? v->capacity : 16;
    while (cap < v->count + extra)
        cap = cap > VEC_MAX_ITEMS / 2 ? VEC_MAX_ITEMS : cap * 2;
    char *grown = bls_realloc(v->data, cap * v->elem);
    if (!grown)
        return BLS_ERR_NOMEM;
    v->data = grown;
    v->capacity = cap;
    return BLS_OK;
}

static bls_status vec_append(vec *v, const void *items, size_t n)
{
    bls_status st = vec_reserve(v, n);
    if (st != BLS_OK)
        return st;
    if (n)
        memcpy(v->data + v->count * v->elem, items, n * v->elem);
    v->count += n;
    return BLS_OK;
}

static bls_status vec_push(vec *v, const void *item)
{
    return vec_append(v, item, 1);
}

static void *vec_at(const vec *v, size_t i)
{
    return v->data + i * v->elem;
}

/* Every list below holds items whose first member is their start offset. */
static size_t item_start(const vec *v, size_t i)
{
    size_t start;
    memcpy(&start, vec_at(v, i), sizeof start);
    return start;
}

/* Index of the first item starting at or after @p pos (count when none). */
static size_t first_from(const vec *v, size_t pos)
{
    size_t lo = 0, hi = v->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (item_start(v, mid) < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The last item starting in [lo, hi), or NO_ROW. */
static size_t last_in(const vec *v, size_t lo, size_t hi)
{
    size_t i = first_from(v, hi);
    return i > 0 && item_start(v, i - 1) >= lo ? i - 1 : NO_ROW;
}

/* The first item starting in [lo, hi), or NO_ROW. */
static size_t first_in(const vec *v, size_t lo, size_t hi)
{
    size_t i = first_from(v, lo);
    return i < v->count && item_start(v, i) < hi ? i : NO_ROW;
}

/* ---- what the lists hold ------------------------------------------------ */

typedef struct span {
    size_t start, end;
} span;

typedef struct figure {
    size_t start, end;               /* as written: sign, '$', digits, '%' or " percent" */
    size_t number_start, number_end; /* the digits */
    size_t line;                     /* 0-based line index */
    int percent;
    int negative;
    size_t table_column; /* NO_ROW, or the header name it belongs to */
    size_t table_header; /* line index of that header */
    int table_mismatch;  /* a row of a table that cannot be read by column */
    size_t pipe_cell;    /* cell of a Markdown table row, NO_ROW if none */
} figure;

typedef struct token {
    size_t start, end;
    size_t norm_offset; /* into the paragraph's normalised words */
    size_t norm_len;    /* 0: the word can be part of no name */
    int joined;         /* may continue a name begun by the previous word */
} token;

typedef struct mention {
    size_t start, end;
    size_t name; /* index into the name table */
    size_t line;
} mention;

typedef struct keyword_hit {
    size_t start, end;
    size_t row; /* index into metric_keywords */
} keyword_hit;

typedef struct period_hit {
    size_t start, end;
    bls_period period;
} period_hit;

typedef struct known_name {
    char *norm;
    int resolved;
    bls_name_match match;
} known_name;

/* ---- metric words: data ------------------------------------------------ */

typedef enum figure_kind { FIGURE_DOLLAR, FIGURE_PERCENT } figure_kind;

#define NO_METRIC BLS_METRIC_COUNT

typedef struct metric_keyword {
    const char *word;   /* normalised */
    int prefix;         /* "grow" also matches "growth", "growing" */
    const char *second; /* a second word that must follow, or NULL */
    figure_kind kind;
    bls_metric metric; /* NO_METRIC: the figure is about something else */
    int negative;      /* the change is a decline */
} metric_keyword;

static const metric_keyword metric_keywords[] = {
    {"median", 0, NULL, FIGURE_DOLLAR, BLS_METRIC_MEDIAN_ANNUAL_WAGE, 0},
    {"mean", 0, NULL, FIGURE_DOLLAR, BLS_METRIC_MEAN_ANNUAL_WAGE, 0},
    {"average", 0, NULL, FIGURE_DOLLAR, BLS_METRIC_MEAN_ANNUAL_WAGE, 0},
    {"avg", 0, NULL, FIGURE_DOLLAR, BLS_METRIC_MEAN_ANNUAL_WAGE, 0},
    {"10th", 0, "percentile", FIGURE_DOLLAR, BLS_METRIC_ANNUAL_WAGE_PCT10, 0},
    {"25th", 0, "percentile", FIGURE_DOLLAR, BLS_METRIC_ANNUAL_WAGE_PCT25, 0},
    {"75th", 0, "percentile", FIGURE_DOLLAR, BLS_METRIC_ANNUAL_WAGE_PCT75, 0},
    {"90th", 0, "percentile", FIGURE_DOLLAR, BLS_METRIC_ANNUAL_WAGE_PCT90, 0},
    /* dollars that are not wages */
    {"tuition", 0, NULL, FIGURE_DOLLAR, NO_METRIC, 0},
    {"cost", 0, NULL, FIGURE_DOLLAR, NO_METRIC, 0},
    {"fee", 0, NULL, FIGURE_DOLLAR, NO_METRIC, 0},
    {"price", 0, NULL, FIGURE_DOLLAR, NO_METRIC, 0},
    {"loan", 0, NULL, FIGURE_DOLLAR, NO_METRIC, 0},
    {"scholarship", 0, NULL, FIGURE_DOLLAR, NO_METRIC, 0},
    {"grow", 1, NULL, FIGURE_PERCENT, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 0},
    {"increas", 1, NULL, FIGURE_PERCENT, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 0},
    {"expan", 1, NULL, FIGURE_PERCENT, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 0},
    {"rise", 0, NULL, FIGURE_PERCENT, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 0},
    {"rising", 0, NULL, FIGURE_PERCENT, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 0},
    {"employment", 0, NULL, FIGURE_PERCENT, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 0},
    {"change", 0, NULL, FIGURE_PERCENT, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 0},
    {"declin", 1, NULL, FIGURE_PERCENT, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 1},
    {"decreas", 1, NULL, FIGURE_PERCENT, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 1},
    {"shrink", 1, NULL, FIGURE_PERCENT, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 1},
    {"drop", 1, NULL, FIGURE_PERCENT, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 1},
    {"fall", 0, NULL, FIGURE_PERCENT, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 1},
    {"fell", 0, NULL, FIGURE_PERCENT, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 1},
    {"down", 0, NULL, FIGURE_PERCENT, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 1}, /* "go down 14%" */
    {"reduc", 1, NULL, FIGURE_PERCENT, BLS_METRIC_EMPLOYMENT_CHANGE_PCT, 1},
    /* percents that are not employment change */
    {"wage", 0, NULL, FIGURE_PERCENT, NO_METRIC, 0},
    {"salary", 0, NULL, FIGURE_PERCENT, NO_METRIC, 0},
    {"pay", 0, NULL, FIGURE_PERCENT, NO_METRIC, 0},
    {"tuition", 0, NULL, FIGURE_PERCENT, NO_METRIC, 0},
};

#define KEYWORD_ROWS (sizeof metric_keywords / sizeof metric_keywords[0])

static const char *const month_words[][3] = {
    {"january", "jan", NULL}, {"february", "feb", NULL}, {"march", "mar", NULL},
    {"april", "apr", NULL},   {"may", NULL, NULL},       {"june", "jun", NULL},
    {"july", "jul", NULL},    {"august", "aug", NULL},   {"september", "sep", "sept"},
    {"october", "oct", NULL}, {"november", "nov", NULL}, {"december", "dec", NULL},
};

/* Words before a final '.' that do not end a sentence ("Dr. Smith"). */
static const char *const abbreviations[] = {"dr", "mr", "mrs", "ms",     "st", "vs",
                                            "jr", "sr", "inc", "approx", "no"};

/* ---- headings ----------------------------------------------------------- */

typedef struct heading {
    int used;
    int has_mention;
    mention occupation;
    size_t dollar_row, percent_row; /* first metric words, NO_ROW if none */
    int negative;
    int has_point, has_range;
    bls_period point, range;
} heading;

typedef struct headings {
    heading last[HEADING_LEVELS];       /* the last heading at each level */
    heading occupation[HEADING_LEVELS]; /* the last one that named an occupation */
} headings;

/* ---- the extractor ------------------------------------------------------ */

typedef struct extractor {
    const char *t;
    size_t len;
    const char *path;
    const bls_model *model;
    bls_findings *findings;
    bls_claims *claims, *unattributed;
    vec names; /* known_name, sorted by norm */
    bls_alias_index *name_index; /* the model's titles normalised once, made at the first
                                    name to resolve; NULL: resolve without */
    int name_index_tried;
    vec lines; /* span per line, without its terminator */
    /* the paragraph being read */
    size_t ps, pe, first_line, last_line;
    int table_paragraph;
    size_t figures_seen; /* in the whole document */
    vec figures, tokens, norm, mentions, dollar_hits, percent_hits, negative_hits, hourly_hits,
        point_hits, range_hits, sentences, header_cells;
    vec scratch; /* strings of the claim being built */
    headings heads;
} extractor;

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}
static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Case-insensitive: does @p word start at t[i] and end there (no letter after)? */
static int word_at(const extractor *x, size_t i, size_t end, const char *word)
{
    size_t n = strlen(word);
    if (n > end - i)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (lower((unsigned char)x->t[i + k]) != (unsigned char)word[k])
            return 0;
    return i + n == end || !is_alpha((unsigned char)x->t[i + n]);
}

static const span *line_at(const extractor *x, size_t line)
{
    return vec_at(&x->lines, line);
}

/* ---- the name table ------------------------------------------------------ */

static int compare_names(const void *a, const void *b)
{
    return strcmp(((const known_name *)a)->norm, ((const known_name *)b)->norm);
}

static bls_status add_name(extractor *x, const char *norm, size_t n)
{
    if (n == 0)
        return BLS_OK;
    known_name k = {bls_strndup(norm, n), 0, {0, {{0}}}};
    if (!k.norm)
        return BLS_ERR_NOMEM;
    bls_status st = vec_push(&x->names, &k);
    if (st != BLS_OK)
        bls_free(k.norm);
    return st;
}

static bls_status build_names(extractor *x)
{
    char buf[512];
    bls_status st = BLS_OK;
    size_t occupations = bls_model_count(x->model);
    for (size_t i = 0; i < occupations && st == BLS_OK; i++) {
        const bls_occupation *occ = bls_model_at(x->model, i);
        if (occ)
            st = add_name(x, buf, bls_aliases_normalise_title(occ->title, buf, sizeof buf));
    }
    for (size_t r = 0; r < bls_aliases_table_count() && st == BLS_OK; r++) {
        const char *name = bls_aliases_table_name(r);
        st = add_name(x, buf, bls_aliases_normalise(name, strlen(name), buf, sizeof buf));
    }
    if (st != BLS_OK)
        return st;
    if (x->names.count > 1)
        qsort(x->names.data, x->names.count, sizeof(known_name), compare_names);
    size_t kept = 0;
    for (size_t i = 0; i < x->names.count; i++) {
        known_name *k = vec_at(&x->names, i);
        if (kept > 0 && strcmp(((known_name *)vec_at(&x->names, kept - 1))->norm, k->norm) == 0) {
            bls_free(k->norm);
            continue;
        }
        memmove(vec_at(&x->names, kept++), k, sizeof *k);
    }
    x->names.count = kept;
    return BLS_OK;
}

/* Lower bound of @p key among the names. */
static size_t name_lower_bound(const extractor *x, const char *key)
{
    size_t lo = 0, hi = x->names.count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(((const known_name *)vec_at(&x->names, mid))->norm, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const bls_name_match *name_match(extractor *x, size_t name)
{
    known_name *k = vec_at(&x->names, name);
    if (!k->resolved) {
        if (!x->name_index_tried) {
            x->name_index_tried = 1;
            x->name_index = bls_alias_index_new(x->model); /* NULL: slower, same answer */
        }
        if (x->name_index)
            bls_aliases_resolve_in(x->name_index, k->norm, strlen(k->norm), &k->match);
        else
            bls_aliases_resolve(x->model, k->norm, strlen(k->norm), &k->match);
        k->resolved = 1;
    }
    return &k->match;
}

/* ---- lines and paragraphs ----------------------------------------------- */

static bls_status split_lines(extractor *x, size_t body)
{
    size_t start = body;
    for (size_t i = body; i < x->len; i++) {
        if (x->t[i] != '\n' && x->t[i] != '\r')
            continue;
        span line = {start, i};
        bls_status st = vec_push(&x->lines, &line);
        if (st != BLS_OK)
            return st;
        if (x->t[i] == '\r' && i + 1 < x->len && x->t[i + 1] == '\n')
            i++;
        start = i + 1;
    }
    span last = {start, x->len};
    return start < x->len || x->lines.count == 0 ? vec_push(&x->lines, &last) : BLS_OK;
}

static int line_blank(const extractor *x, size_t line)
{
    const span *s = line_at(x, line);
    for (size_t i = s->start; i < s->end; i++)
        if (!is_space((unsigned char)x->t[i]))
            return 0;
    return 1;
}

/* Markdown ATX heading level ("## Title" -> 2), 0 when not one. */
static int atx_level(const extractor *x, size_t line)
{
    const span *s = line_at(x, line);
    size_t i = s->start, indent = 0;
    while (i < s->end && x->t[i] == ' ' && indent < 3) {
        i++;
        indent++;
    }
    int level = 0;
    while (i < s->end && x->t[i] == '#' && level < 7) {
        i++;
        level++;
    }
    if (level == 0 || level > 6 || (i < s->end && x->t[i] != ' ' && x->t[i] != '\t'))
        return 0;
    return level;
}

/* ---- figures ------------------------------------------------------------ */

/* The number at t[i] as figure.h reads it: digits, groups (',' or a
 * no-break/thin space; '.' after a '$'), a decimal part. */
static size_t scan_number(const extractor *x, size_t i, size_t end, int dollar)
{
    return i + bls_figure_number(x->t + i, end - i, dollar, NULL, 0);
}

static size_t line_of(const extractor *x, size_t pos)
{
    size_t lo = x->first_line, hi = x->last_line + 1;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (line_at(x, mid)->start <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static bls_status find_figures(extractor *x)
{
    const char *t = x->t;
    size_t i = x->ps, end = x->pe;
    while (i < end) {
        unsigned char c = (unsigned char)t[i];
        figure f = {0};
        f.table_column = NO_ROW;
        f.pipe_cell = NO_ROW;
        if (c == '$') {
            size_t j = i + 1;
            if (j < end && t[j] == ' ')
                j++;
            if (j >= end || !is_digit((unsigned char)t[j])) {
                i++;
                continue;
            }
            f.start = i - bls_figure_sign_before(t, i, x->ps, &f.negative); /* "-$5" */
            f.number_start = j;
            f.number_end = f.end = scan_number(x, j, end, 1);
            int power;
            f.end +=
                bls_figure_scale(t + f.end, end - f.end, &power); /* "$54K", "$54.4 thousand" */
        } else if (is_digit(c)) {
            size_t number_end = scan_number(x, i, end, 0), suffix_end = 0;
            size_t suffix = bls_figure_percent(t + number_end, end - number_end);
            if (suffix > 0)
                suffix_end = number_end + suffix; /* "41%", "41 %", "5 percent" */
            if (suffix_end == 0) {
                i = number_end;
                while (i < end && (is_digit((unsigned char)t[i]) || t[i] == ',' || t[i] == '.'))
                    i++; /* the rest of an odd number ("1,2345"): never a figure start */
                continue;
            }
            f.number_start = i;
            f.number_end = number_end;
            f.end = suffix_end;
            f.percent = 1;
            /* "-5%", "\u22125%", "\u20135%", but not the "-" of "2012-22%" */
            f.start = i - bls_figure_sign_before(t, i, x->ps, &f.negative);
        } else {
            i++;
            continue;
        }
        f.line = line_of(x, f.start);
        if (++x->figures_seen > FIGURES_MAX)
            return BLS_ERR_LIMIT;
        bls_status st = vec_push(&x->figures, &f);
        if (st != BLS_OK)
            return st;
        i = f.end;
    }
    return BLS_OK;
}

/* ---- words, names, metric words, periods ----------------------------------- */

static int is_break_byte(char c)
{
    return c && strchr(".!?;:|()[]{}\"", c) != NULL;
}

static bls_status tokenise(extractor *x)
{
    size_t fi = 0, i = x->ps, gap_start = x->ps;
    int broken = 1;
    char word[BLS_ALIAS_WORD_MAX + 1];
    while (i < x->pe) {
        const figure *next = fi < x->figures.count ? vec_at(&x->figures, fi) : NULL;
        if (next && i >= next->start) {
            i = next->end;
            fi++;
            broken = 1;
            continue;
        }
        size_t step = bls_aliases_word_char(x->t, i, x->pe);
        if (step == 0) {
            if (is_break_byte(x->t[i]))
                broken = 1;
            i++;
            continue;
        }
        token tok = {i, 0, x->norm.count, 0, 0};
        size_t stop = next ? next->start : x->pe;
        i += step;
        while (i < stop && !bls_aliases_camel_break(x->t, i) &&
               (step = bls_aliases_word_char(x->t, i, x->pe)) != 0)
            i += step;
        if (i > stop)
            i = stop;
        tok.end = i;
        tok.joined = !broken && x->tokens.count > 0 && tok.start - gap_start <= NAME_GAP_MAX;
        tok.norm_len =
            bls_aliases_normalise_word(x->t + tok.start, tok.end - tok.start, word, sizeof word);
        bls_status st = vec_append(&x->norm, word, tok.norm_len);
        if (st == BLS_OK)
            st = vec_push(&x->tokens, &tok);
        if (st != BLS_OK)
            return st;
        broken = 0;
        gap_start = i;
    }
    return BLS_OK;
}

static const token *tok_at(const extractor *x, size_t k)
{
    return vec_at(&x->tokens, k);
}

static int tok_is(const extractor *x, size_t k, const char *word)
{
    const token *tk = tok_at(x, k);
    return tk->norm_len == strlen(word) &&
           memcmp(x->norm.data + tk->norm_offset, word, tk->norm_len) == 0;
}

static int tok_starts(const extractor *x, size_t k, const char *prefix)
{
    const token *tk = tok_at(x, k);
    size_t n = strlen(prefix);
    return tk->norm_len >= n && memcmp(x->norm.data + tk->norm_offset, prefix, n) == 0;
}

/* Longest known name starting at each word; names never overlap. */
static bls_status find_mentions(extractor *x)
{
    char key[NAME_MAX_WORDS * (BLS_ALIAS_WORD_MAX + 1) + 1];
    size_t k = 0;
    while (k < x->tokens.count) {
        size_t key_len = 0, best = NO_ROW;
        for (size_t w = 0; w < NAME_MAX_WORDS && k + w < x->tokens.count; w++) {
            const token *tk = tok_at(x, k + w);
            if (tk->norm_len == 0 || (w > 0 && !tk->joined))
                break;
            if (w > 0)
                key[key_len++] = ' ';
            memcpy(key + key_len, x->norm.data + tk->norm_offset, tk->norm_len);
            key_len += tk->norm_len;
            key[key_len] = '\0';
            size_t at = name_lower_bound(x, key);
            if (at >= x->names.count)
                break;
            const char *name = ((const known_name *)vec_at(&x->names, at))->norm;
            if (strcmp(name, key) == 0) {
                best = w;
                if (name[key_len] == '\0' && at + 1 < x->names.count) {
                    const char *after = ((const known_name *)vec_at(&x->names, at + 1))->norm;
                    if (strncmp(after, key, key_len) != 0 || after[key_len] != ' ')
                        break; /* no longer name begins with this one */
                }
                continue;
            }
            if (strncmp(name, key, key_len) != 0 || name[key_len] != ' ')
                break; /* no name begins with these words */
        }
        if (best == NO_ROW) {
            k++;
            continue;
        }
        mention m = {tok_at(x, k)->start, tok_at(x, k + best)->end, 0, 0};
        key_len = 0;
        for (size_t w = 0; w <= best; w++) {
            const token *tk = tok_at(x, k + w);
            if (w > 0)
                key[key_len++] = ' ';
            memcpy(key + key_len, x->norm.data + tk->norm_offset, tk->norm_len);
            key_len += tk->norm_len;
        }
        key[key_len] = '\0';
        m.name = name_lower_bound(x, key);
        m.line = line_of(x, m.start);
        bls_status st = vec_push(&x->mentions, &m);
        if (st != BLS_OK)
            return st;
        k += best + 1;
    }
    return BLS_OK;
}

static bls_status find_keywords(extractor *x)
{
    for (size_t k = 0; k < x->tokens.count; k++) {
        const token *tk = tok_at(x, k);
        bls_status st = BLS_OK;
        if (tok_is(x, k, "hourly")) { /* "hour" after a figure: hourly_after() */
            keyword_hit h = {tk->start, tk->end, NO_ROW};
            st = vec_push(&x->hourly_hits, &h);
        }
        for (size_t r = 0; r < KEYWORD_ROWS && st == BLS_OK; r++) {
            const metric_keyword *kw = &metric_keywords[r];
            if (!(kw->prefix ? tok_starts(x, k, kw->word) : tok_is(x, k, kw->word)))
                continue;
            if (kw->second && (k + 1 >= x->tokens.count || !tok_is(x, k + 1, kw->second)))
                continue;
            keyword_hit h = {tk->start, kw->second ? tok_at(x, k + 1)->end : tk->end, r};
            st = vec_push(kw->kind == FIGURE_DOLLAR ? &x->dollar_hits : &x->percent_hits, &h);
            if (st == BLS_OK && kw->negative)
                st = vec_push(&x->negative_hits, &h);
            break;
        }
        if (st != BLS_OK)
            return st;
    }
    return BLS_OK;
}

/* The year a word stands for: 4 digits 1900..2099 (2 digits when @p two_ok). */
static int token_year(const extractor *x, size_t k, int two_ok)
{
    const token *tk = tok_at(x, k);
    size_t n = tk->end - tk->start;
    if (n != 4 && !(two_ok && n == 2))
        return -1;
    int value = 0;
    for (size_t i = tk->start; i < tk->end; i++) {
        if (!is_digit((unsigned char)x->t[i]))
            return -1;
        value = value * 10 + (x->t[i] - '0');
    }
    if (n == 4)
        return value >= 1900 && value <= 2099 ? value : -1;
    return value;
}

/* Is the text between two words only spaces and at most one of @p marks? */
static int gap_is(const extractor *x, size_t from, size_t to, int dash_ok)
{
    int dashes = 0;
    const unsigned char *u = (const unsigned char *)x->t;
    for (size_t i = from; i < to; i++) {
        if (u[i] == ' ' || u[i] == '\t')
            continue;
        if (dash_ok && (u[i] == '-' || u[i] == '/')) {
            dashes++;
            continue;
        }
        /* en dash and em dash: E2 80 93 / E2 80 94 */
        if (dash_ok && i + 2 < to && u[i] == 0xE2 && u[i + 1] == 0x80 &&
            (u[i + 2] == 0x93 || u[i + 2] == 0x94)) {
            dashes++;
            i += 2;
            continue;
        }
        return 0;
    }
    return dash_ok ? dashes == 1 : 1;
}

static int month_of(const extractor *x, size_t k)
{
    for (int m = 0; m < 12; m++)
        for (int v = 0; v < 3 && month_words[m][v]; v++)
            if (tok_is(x, k, month_words[m][v]))
                return m + 1;
    return 0;
}

static int range_end_year(int from, int to_written, int two_digits)
{
    int to = two_digits ? from / 100 * 100 + to_written : to_written;
    return to > from && to - from <= 50 ? to : -1;
}

static bls_status find_periods(extractor *x)
{
    size_t n = x->tokens.count;
    for (size_t k = 0; k < n; k++) {
        int year = token_year(x, k, 0);
        if (year < 0)
            continue;
        const token *tk = tok_at(x, k);
        period_hit h = {tk->start, tk->end, {year, year, 0}};
        size_t last = k;
        int to = -1;
        /* "2012-2022", "2012-22", "2012 to 2022", "between 2012 and 2022" */
        if (k + 1 < n && gap_is(x, tk->end, tok_at(x, k + 1)->start, 1)) {
            int written = token_year(x, k + 1, 1);
            if (written >= 0)
                to = range_end_year(year, written,
                                    tok_at(x, k + 1)->end - tok_at(x, k + 1)->start == 2);
            last = k + 1;
        } else if (k + 2 < n && gap_is(x, tk->end, tok_at(x, k + 1)->start, 0) &&
                   gap_is(x, tok_at(x, k + 1)->end, tok_at(x, k + 2)->start, 0) &&
                   (tok_is(x, k + 1, "to") || tok_is(x, k + 1, "through") ||
                    (tok_is(x, k + 1, "and") && k > 0 && tok_is(x, k - 1, "between")))) {
            int written = token_year(x, k + 2, 1);
            if (written >= 0)
                to = range_end_year(year, written,
                                    tok_at(x, k + 2)->end - tok_at(x, k + 2)->start == 2);
            last = k + 2;
        }
        bls_status st;
        if (to > 0) {
            h.period.year_to = to;
            h.end = tok_at(x, last)->end;
            st = vec_push(&x->range_hits, &h);
            k = last;
        } else {
            if (k > 0 && month_of(x, k - 1) && gap_is(x, tok_at(x, k - 1)->end, tk->start, 0)) {
                h.period.month = month_of(x, k - 1);
                h.start = tok_at(x, k - 1)->start;
            } else if (k > 0 && month_of(x, k - 1)) {
                /* "May, 2014" */
                size_t gap_from = tok_at(x, k - 1)->end;
                if (gap_from < tk->start && x->t[gap_from] == ',' &&
                    gap_is(x, gap_from + 1, tk->start, 0)) {
                    h.period.month = month_of(x, k - 1);
                    h.start = tok_at(x, k - 1)->start;
                }
            }
            st = vec_push(&x->point_hits, &h);
        }
        if (st != BLS_OK)
            return st;
    }
    return BLS_OK;
}

/* ---- sentences ----------------------------------------------------------- */

static int abbreviation_before(const extractor *x, size_t dot)
{
    size_t w = dot;
    while (w > x->ps && is_alpha((unsigned char)x->t[w - 1]))
        w--;
    size_t n = dot - w;
    if (n == 1)
        return 1; /* an initial: "U.S." */
    for (size_t a = 0; a < sizeof abbreviations / sizeof abbreviations[0]; a++) {
        if (strlen(abbreviations[a]) != n)
            continue;
        size_t k = 0;
        while (k < n && lower((unsigned char)x->t[w + k]) == (unsigned char)abbreviations[a][k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

static bls_status push_sentence(extractor *x, size_t start, size_t end)
{
    while (start < end && is_space((unsigned char)x->t[start]))
        start++;
    while (end > start && is_space((unsigned char)x->t[end - 1]))
        end--;
    if (start == end)
        return BLS_OK;
    span s = {start, end};
    return vec_push(&x->sentences, &s);
}

static bls_status find_sentences(extractor *x)
{
    bls_status st = BLS_OK;
    if (x->table_paragraph) { /* a table: each line stands alone */
        for (size_t l = x->first_line; l <= x->last_line && st == BLS_OK; l++)
            st = push_sentence(x, line_at(x, l)->start, line_at(x, l)->end);
        return st;
    }
    size_t start = x->ps;
    for (size_t i = x->ps; i < x->pe && st == BLS_OK; i++) {
        char c = x->t[i];
        if (c != '.' && c != '!' && c != '?')
            continue;
        size_t j = i + 1;
        while (j < x->pe && (x->t[j] == ')' || x->t[j] == '"' || x->t[j] == '\''))
            j++;
        if (j < x->pe && !is_space((unsigned char)x->t[j]))
            continue;
        size_t k = j;
        while (k < x->pe && is_space((unsigned char)x->t[k]))
            k++;
        if (k < x->pe && x->t[k] >= 'a' && x->t[k] <= 'z')
            continue;
        if (c == '.' && abbreviation_before(x, i))
            continue;
        st = push_sentence(x, start, j);
        start = k;
        i = k > i ? k - 1 : i;
    }
    if (st == BLS_OK)
        st = push_sentence(x, start, x->pe);
    return st;
}

static span sentence_of(const extractor *x, size_t pos)
{
    size_t i = first_from(&x->sentences, pos + 1);
    span s = {x->ps, x->pe};
    if (i > 0)
        memcpy(&s, vec_at(&x->sentences, i - 1), sizeof s);
    if (pos >= s.end) /* between sentences (cannot happen for a figure) */
        s.start = s.end = pos;
    return s;
}

/* ---- tables --------------------------------------------------------------- */

static int line_ends_sentence(const extractor *x, size_t line)
{
    const span *s = line_at(x, line);
    size_t e = s->end;
    while (e > s->start && is_space((unsigned char)x->t[e - 1]))
        e--;
    return e > s->start && (x->t[e - 1] == '.' || x->t[e - 1] == '!' || x->t[e - 1] == '?');
}

/* The cells of a Markdown table's first row, which label the columns. */
static bls_status note_pipe_header(extractor *x, const span *line)
{
    size_t start = line->start;
    for (size_t i = line->start; i <= line->end; i++) {
        if (i < line->end && x->t[i] != '|')
            continue;
        span cell = {start, i};
        bls_status st = vec_push(&x->header_cells, &cell);
        if (st != BLS_OK)
            return st;
        start = i + 1;
    }
    return BLS_OK;
}

/* Which cell of a Markdown row each of its figures is in: counted once per
 * row, figure after figure. */
static void number_pipe_cells(extractor *x, size_t f0, size_t figures, const span *line)
{
    size_t pos = line->start, cell = 0;
    for (size_t k = 0; k < figures; k++) {
        figure *f = vec_at(&x->figures, f0 + k);
        for (; pos < f->start; pos++)
            cell += x->t[pos] == '|';
        if (cell < x->header_cells.count)
            f->pipe_cell = cell;
    }
}

/* A header line names N >= 2 occupations and quotes no figure; each later
 * line of the paragraph with exactly N figures and no name is a row. */
static bls_status find_tables(extractor *x)
{
    size_t fi = 0, mi = 0;
    size_t header_line = NO_ROW, header_first = 0, header_names = 0;
    int pipe_header = 0;
    x->table_paragraph = 0;
    x->header_cells.count = 0;
    for (size_t l = x->first_line; l <= x->last_line; l++) {
        size_t f0 = fi, m0 = mi;
        while (fi < x->figures.count && ((figure *)vec_at(&x->figures, fi))->line == l)
            fi++;
        while (mi < x->mentions.count && ((mention *)vec_at(&x->mentions, mi))->line == l)
            mi++;
        size_t figures = fi - f0, names = mi - m0;
        const span *s = line_at(x, l);
        if (memchr(x->t + s->start, '|', s->end - s->start)) {
            x->table_paragraph = 1;
            if (!pipe_header) {
                pipe_header = 1;
                bls_status st = note_pipe_header(x, s);
                if (st != BLS_OK)
                    return st;
            } else {
                number_pipe_cells(x, f0, figures, s);
            }
        }
        if (x->last_line == x->first_line)
            continue;
        if (figures == 0 && names >= 2 && !line_ends_sentence(x, l)) {
            header_line = l;
            header_first = m0;
            header_names = names;
            x->table_paragraph = 1;
            continue;
        }
        if (header_line == NO_ROW || figures == 0)
            continue;
        for (size_t k = 0; k < figures; k++) {
            figure *f = vec_at(&x->figures, f0 + k);
            if (figures == header_names && names == 0) {
                f->table_column = header_first + k;
                f->table_header = header_line;
            } else {
                f->table_mismatch = 1;
            }
        }
    }
    return BLS_OK;
}

/* ---- attribution ------------------------------------------------------------ */

/* Nearest item to the figure [fs, fe): last in [lo, fs) or first in [fe, hi). */
static size_t nearest(const vec *v, size_t lo, size_t fs, size_t fe, size_t hi)
{
    size_t before = lo < fs ? last_in(v, lo, fs) : NO_ROW;
    size_t after = fe < hi ? first_in(v, fe, hi) : NO_ROW;
    if (before == NO_ROW)
        return after;
    if (after == NO_ROW)
        return before;
    span b, a;
    memcpy(&b, vec_at(v, before), sizeof b);
    memcpy(&a, vec_at(v, after), sizeof a);
    return fs - b.end <= a.start - fe ? before : after;
}

typedef struct scope {
    size_t lo, hi;
} scope;

/* The figure's clause: since the previous figure of its sentence, and after
 * it up to the next ',' / ';' or figure. */
static void clause_of(const extractor *x, size_t fi, span sentence, scope *before, scope *after)
{
    const figure *f = vec_at(&x->figures, fi);
    before->lo = sentence.start;
    if (fi > 0) {
        const figure *prev = vec_at(&x->figures, fi - 1);
        if (prev->end > before->lo && prev->end <= f->start)
            before->lo = prev->end;
    }
    before->hi = f->start;
    size_t hi = sentence.end;
    if (fi + 1 < x->figures.count) {
        const figure *next = vec_at(&x->figures, fi + 1);
        if (next->start < hi)
            hi = next->start;
    }
    after->lo = f->end;
    after->hi = f->end;
    while (after->hi < hi && x->t[after->hi] != ',' && x->t[after->hi] != ';')
        after->hi++;
}

typedef struct attribution {
    const mention *occupation; /* NULL when unknown */
    bls_metric metric;         /* NO_METRIC when unknown */
    int negative;
    bls_period period;
    const char *why; /* why it is unattributed */
} attribution;

static bls_metric dollar_metric(bls_metric metric, int hourly)
{
    if (!hourly)
        return metric;
    return metric == BLS_METRIC_MEDIAN_ANNUAL_WAGE ? BLS_METRIC_MEDIAN_HOURLY_WAGE : NO_METRIC;
}

/* "$27.45 per hour", "$27.45 an hour", "$27.45/hr", "$27.45 hourly" */
static int hourly_after(const extractor *x, size_t i, size_t end)
{
    while (i < end && x->t[i] == ' ')
        i++;
    if (i < end && x->t[i] == '/')
        i++;
    else if (word_at(x, i, end, "per") || word_at(x, i, end, "an") || word_at(x, i, end, "a")) {
        while (i < end && is_alpha((unsigned char)x->t[i]))
            i++;
        while (i < end && x->t[i] == ' ')
            i++;
    }
    return word_at(x, i, end, "hour") || word_at(x, i, end, "hr") || word_at(x, i, end, "hourly");
}

static int has_item(const vec *v, size_t lo, size_t hi)
{
    return lo < hi && first_in(v, lo, hi) != NO_ROW;
}

/* Metric words nearest to the figure in the scopes given, narrowest first. */
static void metric_from_scopes(const extractor *x, const figure *f, const scope *scopes,
                               size_t scope_count, attribution *a, int *found)
{
    const vec *hits = f->percent ? &x->percent_hits : &x->dollar_hits;
    for (size_t s = 0; s < scope_count && !*found; s++) {
        size_t lo = scopes[s].lo, hi = scopes[s].hi;
        size_t fs = f->start < lo ? lo : f->start > hi ? hi : f->start;
        size_t fe = f->end < fs ? fs : f->end > hi ? hi : f->end;
        size_t h = nearest(hits, lo, fs, fe, hi);
        if (h == NO_ROW)
            continue;
        *found = 1;
        const metric_keyword *kw = &metric_keywords[((keyword_hit *)vec_at(hits, h))->row];
        a->metric = kw->metric;
        if (f->percent)
            a->negative = has_item(&x->negative_hits, lo, hi);
        else
            a->metric = dollar_metric(kw->metric, hourly_after(x, f->end, x->pe) ||
                                                      has_item(&x->hourly_hits, lo, fs));
    }
}

static void metric_from_headings(const extractor *x, const figure *f, attribution *a, int *found)
{
    for (int level = HEADING_LEVELS - 1; level >= 1 && !*found; level--) {
        const heading *candidates[2] = {&x->heads.last[level], &x->heads.occupation[level]};
        for (int c = 0; c < 2 && !*found; c++) {
            const heading *h = candidates[c];
            size_t row = f->percent ? h->percent_row : h->dollar_row;
            if (!h->used || row == NO_ROW)
                continue;
            *found = 1;
            a->metric = metric_keywords[row].metric;
            if (f->percent)
                a->negative = h->negative;
            else
                a->metric = dollar_metric(a->metric, hourly_after(x, f->end, x->pe));
        }
    }
}

static int period_from_scope(const figure *f, scope s, const vec *hits, bls_period *out)
{
    size_t fs = f->start < s.lo ? s.lo : f->start > s.hi ? s.hi : f->start;
    size_t fe = f->end < fs ? fs : f->end > s.hi ? s.hi : f->end;
    size_t h = nearest(hits, s.lo, fs, fe, s.hi);
    if (h == NO_ROW)
        return 0;
    *out = ((period_hit *)vec_at(hits, h))->period;
    return 1;
}

static int period_from_headings(const extractor *x, int want_range, bls_period *out)
{
    for (int level = HEADING_LEVELS - 1; level >= 1; level--) {
        const heading *candidates[2] = {&x->heads.last[level], &x->heads.occupation[level]};
        for (int c = 0; c < 2; c++) {
            const heading *h = candidates[c];
            if (h->used && (want_range ? h->has_range : h->has_point)) {
                *out = want_range ? h->range : h->point;
                return 1;
            }
        }
    }
    return 0;
}

/* A change is quoted over a projection span ("2012-2022"), a wage at a
 * point ("May 2014"): the kind that fits is looked for in every scope,
 * narrowest first, before the other kind is. */
static void find_period(const extractor *x, const figure *f, const scope *scopes, size_t count,
                        attribution *a)
{
    int want_range = a->metric == BLS_METRIC_EMPLOYMENT_CHANGE_PCT;
    for (int pass = 0; pass < 2; pass++) {
        int range = pass == 0 ? want_range : !want_range;
        const vec *hits = range ? &x->range_hits : &x->point_hits;
        for (size_t s = 0; s < count; s++)
            if (period_from_scope(f, scopes[s], hits, &a->period))
                return;
        if (period_from_headings(x, range, &a->period))
            return;
    }
    memset(&a->period, 0, sizeof a->period);
}

static const mention *occupation_from_headings(const extractor *x)
{
    for (int level = HEADING_LEVELS - 1; level >= 1; level--)
        if (x->heads.occupation[level].used && x->heads.occupation[level].has_mention)
            return &x->heads.occupation[level].occupation;
    return NULL;
}

static const mention *mention_at(const extractor *x, size_t i)
{
    return i == NO_ROW ? NULL : vec_at(&x->mentions, i);
}

static void attribute_prose(const extractor *x, size_t fi, attribution *a)
{
    const figure *f = vec_at(&x->figures, fi);
    span sentence = sentence_of(x, f->start);
    scope before, after;
    clause_of(x, fi, sentence, &before, &after);
    const vec *m = &x->mentions;

    if (f->table_mismatch) {
        a->why = "a table row whose figures do not line up with its header's names";
    } else {
        a->occupation = mention_at(x, last_in(m, before.lo, before.hi));
        if (!a->occupation)
            a->occupation = mention_at(x, first_in(m, after.lo, after.hi));
        if (!a->occupation)
            a->occupation = mention_at(x, last_in(m, sentence.start, f->start));
        if (!a->occupation)
            a->occupation = mention_at(x, last_in(m, x->ps, f->start));
        if (!a->occupation)
            a->occupation = occupation_from_headings(x);
    }

    scope clause = {before.lo, after.hi};
    scope column = {0, 0}; /* a Markdown table's column label */
    if (f->pipe_cell != NO_ROW) {
        const span *cell = vec_at(&x->header_cells, f->pipe_cell);
        column.lo = cell->start;
        column.hi = cell->end;
    }
    scope narrow[3] = {clause, {sentence.start, sentence.end}, column};
    int found = 0;
    metric_from_scopes(x, f, narrow, 3, a, &found);
    if (!found)
        metric_from_headings(x, f, a, &found);

    scope periods[4] = {clause, {sentence.start, sentence.end}, column, {x->ps, x->pe}};
    find_period(x, f, periods, 4, a);
}

static void attribute_table(const extractor *x, size_t fi, attribution *a)
{
    const figure *f = vec_at(&x->figures, fi);
    const span *row = line_at(x, f->line);
    const span *header = line_at(x, f->table_header);
    a->occupation = vec_at(&x->mentions, f->table_column);
    /* the row's label: the text before its first figure */
    size_t first = fi;
    while (first > 0 && ((figure *)vec_at(&x->figures, first - 1))->line == f->line)
        first--;
    size_t label_end = ((figure *)vec_at(&x->figures, first))->start;
    const vec *hits = f->percent ? &x->percent_hits : &x->dollar_hits;
    size_t h = last_in(hits, row->start, label_end);
    if (h != NO_ROW) {
        const metric_keyword *kw = &metric_keywords[((keyword_hit *)vec_at(hits, h))->row];
        a->metric = kw->metric;
        if (f->percent)
            a->negative = has_item(&x->negative_hits, row->start, label_end);
        else
            a->metric = dollar_metric(kw->metric, has_item(&x->hourly_hits, row->start, label_end));
    } else {
        int found = 0;
        metric_from_headings(x, f, a, &found);
    }
    scope periods[2] = {{row->start, label_end}, {header->start, header->end}};
    find_period(x, f, periods, 2, a);
}

/* ---- building the claim ----------------------------------------------------- */

/* Append text with runs of white space made one space, trimmed. Control
 * bytes (a NUL would cut the C string short) count as white space. */
static bls_status append_collapsed(vec *buf, const char *s, size_t n)
{
    bls_status st = vec_reserve(buf, n + 1);
    int pending_space = 0, any = 0;
    for (size_t i = 0; i < n && st == BLS_OK; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7F) {
            pending_space = any;
            continue;
        }
        if (pending_space)
            buf->data[buf->count++] = ' ';
        pending_space = 0;
        any = 1;
        buf->data[buf->count++] = s[i];
    }
    if (st == BLS_OK)
        buf->data[buf->count++] = '\0';
    return st;
}

static size_t utf8_back(const char *t, size_t pos, size_t floor)
{
    while (pos > floor && ((unsigned char)t[pos] & 0xC0) == 0x80)
        pos--;
    return pos;
}

static bls_status append_quote(extractor *x, span s, const figure *f)
{
    vec *buf = &x->scratch;
    if (s.end - s.start <= QUOTE_MAX)
        return append_collapsed(buf, x->t + s.start, s.end - s.start);
    size_t from = f->start > s.start + QUOTE_MAX / 2 ? f->start - QUOTE_MAX / 2 : s.start;
    size_t to = from + QUOTE_MAX < s.end ? from + QUOTE_MAX : s.end;
    from = utf8_back(x->t, from, s.start);
    if (to < s.end)
        to = utf8_back(x->t, to, from);
    bls_status st = BLS_OK;
    if (from > s.start)
        st = vec_append(buf, "...", 3);
    if (st == BLS_OK)
        st = append_collapsed(buf, x->t + from, to - from);
    if (st == BLS_OK && to < s.end) {
        buf->count--; /* before the NUL */
        st = vec_append(buf, "...", 4);
    }
    return st;
}

static bls_number claimed_number(const extractor *x, const figure *f, int negative)
{
    /* the figure as written: its sign, '$', scale and percent included */
    bls_number n = bls_figure_parse(x->t + f->start, f->end - f->start);
    if (n.state != BLS_CELL_VALUE)
        return n;
    n.flags |= f->percent ? BLS_NUM_PERCENT : BLS_NUM_DOLLAR;
    /* a decline in words with a minus too ("fell by -3%") is still a decline */
    if (negative && !(n.flags & BLS_NUM_NEGATIVE)) {
        n.scaled = -n.scaled;
        n.flags |= BLS_NUM_NEGATIVE;
    }
    return n;
}

static bls_status emit(extractor *x, size_t fi, const attribution *a, bls_claim_origin origin)
{
    const figure *f = vec_at(&x->figures, fi);
    const span *line = line_at(x, f->line);
    x->scratch.count = 0;
    bls_status st = BLS_OK;
    size_t occupation_at = 0, claimed_at, quote_at;
    if (a->occupation) {
        size_t n = a->occupation->end - a->occupation->start;
        st = append_collapsed(&x->scratch, x->t + a->occupation->start,
                              n > OCCUPATION_TEXT_MAX ? OCCUPATION_TEXT_MAX : n);
    } else {
        st = vec_push(&x->scratch, "");
    }
    claimed_at = x->scratch.count;
    if (st == BLS_OK)
        st = append_collapsed(&x->scratch, x->t + f->start, f->end - f->start);
    quote_at = x->scratch.count;
    if (st == BLS_OK) {
        span q = origin == BLS_ORIGIN_TABLE ? *line : sentence_of(x, f->start);
        st = append_quote(x, q, f);
    }
    if (st != BLS_OK)
        return st;

    bls_claim c;
    memset(&c, 0, sizeof c);
    c.document = (char *)(x->path ? x->path : "");
    c.input_path = c.document;
    c.line = c.input_line = (uint64_t)f->line + 1;
    c.occupation = x->scratch.data + occupation_at;
    c.metric = a->metric;
    c.period = a->period;
    c.claimed_text = x->scratch.data + claimed_at;
    c.claimed = claimed_number(x, f, a->negative);
    c.quote = x->scratch.data + quote_at;
    c.origin = origin;
    if (a->occupation) {
        const bls_name_match *match = name_match(x, a->occupation->name);
        if (match->count == 1)
            memcpy(c.soc_code, match->soc_codes[0], sizeof c.soc_code);
    }

    const char *why = a->why;
    if (!why && !a->occupation && a->metric == NO_METRIC)
        why = "no occupation and no metric named";
    else if (!why && !a->occupation)
        why = "no occupation named";
    else if (!why && a->metric == NO_METRIC)
        why = "no metric named";
    if (!why)
        return bls_claims_push(x->claims, &c);
    st = bls_claims_push(x->unattributed, &c);
    if (st == BLS_OK && x->findings)
        st = bls_findings_add(x->findings, x->path, c.line, (uint32_t)(f->start - line->start + 1),
                              BLS_RULE_CLAIM_UNATTRIBUTED, "figure %.40s not attributed: %s",
                              c.claimed_text, why);
    return st;
}

/* ---- paragraphs ---------------------------------------------------------------- */

static int plain_heading(const extractor *x)
{
    if (x->first_line != x->last_line || x->figures.count > 0)
        return 0;
    size_t s = x->ps, e = x->pe;
    while (s < e && is_space((unsigned char)x->t[s]))
        s++;
    while (e > s && (is_space((unsigned char)x->t[e - 1]) || x->t[e - 1] == '*' ||
                     x->t[e - 1] == '_' || x->t[e - 1] == '#'))
        e--;
    if (e == s || e - s > HEADING_MAX || strchr(".!?,;(", x->t[e - 1]))
        return 0;
    for (size_t i = s; i < e; i++)
        if (is_alpha((unsigned char)x->t[i]))
            return 1;
    return 0;
}

static void note_heading(extractor *x, int level)
{
    heading h;
    memset(&h, 0, sizeof h);
    h.used = 1;
    h.dollar_row = x->dollar_hits.count ? ((keyword_hit *)vec_at(&x->dollar_hits, 0))->row : NO_ROW;
    h.percent_row =
        x->percent_hits.count ? ((keyword_hit *)vec_at(&x->percent_hits, 0))->row : NO_ROW;
    h.negative = x->negative_hits.count > 0;
    if (x->mentions.count) {
        h.has_mention = 1;
        h.occupation = *(mention *)vec_at(&x->mentions, 0);
    }
    if (x->point_hits.count) {
        h.has_point = 1;
        h.point = ((period_hit *)vec_at(&x->point_hits, 0))->period;
    }
    if (x->range_hits.count) {
        h.has_range = 1;
        h.range = ((period_hit *)vec_at(&x->range_hits, 0))->period;
    }
    if (level == PLAIN_HEADING) {
        x->heads.last[PLAIN_HEADING] = h;
        if (h.has_mention)
            x->heads.occupation[PLAIN_HEADING] = h;
        return;
    }
    /* a Markdown heading closes every section at its level and below */
    for (int l = level; l < HEADING_LEVELS; l++) {
        memset(&x->heads.last[l], 0, sizeof(heading));
        memset(&x->heads.occupation[l], 0, sizeof(heading));
    }
    x->heads.last[level] = h;
    if (h.has_mention)
        x->heads.occupation[level] = h;
}

static bls_status read_paragraph(extractor *x, size_t first_line, size_t last_line, int atx)
{
    vec *lists[] = {&x->figures,     &x->tokens,       &x->norm,          &x->mentions,
                    &x->dollar_hits, &x->percent_hits, &x->negative_hits, &x->hourly_hits,
                    &x->point_hits,  &x->range_hits,   &x->sentences};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        lists[i]->count = 0;
    x->first_line = first_line;
    x->last_line = last_line;
    x->ps = line_at(x, first_line)->start;
    x->pe = line_at(x, last_line)->end;

    bls_status st = find_figures(x);
    if (st == BLS_OK)
        st = tokenise(x);
    if (st == BLS_OK)
        st = find_mentions(x);
    if (st == BLS_OK)
        st = find_keywords(x);
    if (st == BLS_OK)
        st = find_periods(x);
    if (st != BLS_OK)
        return st;
    if (x->figures.count == 0) {
        if (atx)
            note_heading(x, atx);
        else if (plain_heading(x))
            note_heading(x, PLAIN_HEADING);
        return BLS_OK;
    }
    st = find_tables(x);
    if (st == BLS_OK)
        st = find_sentences(x);
    for (size_t fi = 0; fi < x->figures.count && st == BLS_OK; fi++) {
        const figure *f = vec_at(&x->figures, fi);
        attribution a = {NULL, NO_METRIC, 0, {0, 0, 0}, NULL};
        if (f->table_column != NO_ROW)
            attribute_table(x, fi, &a);
        else
            attribute_prose(x, fi, &a);
        st = emit(x, fi, &a, f->table_column != NO_ROW ? BLS_ORIGIN_TABLE : BLS_ORIGIN_PROSE);
    }
    return st;
}

static bls_status read_document(extractor *x)
{
    size_t n = x->lines.count, start = NO_ROW;
    bls_status st = BLS_OK;
    for (size_t l = 0; l < n && st == BLS_OK; l++) {
        int level = atx_level(x, l);
        if (line_blank(x, l) || level) {
            if (start != NO_ROW)
                st = read_paragraph(x, start, l - 1, 0);
            start = NO_ROW;
            if (st == BLS_OK && level)
                st = read_paragraph(x, l, l, level);
            continue;
        }
        if (start == NO_ROW)
            start = l;
    }
    if (st == BLS_OK && start != NO_ROW)
        st = read_paragraph(x, start, n - 1, 0);
    return st;
}

/* ---- what the document is ---------------------------------------------------- */

/* Bring a document that is not plain UTF-8 to UTF-8 in @p utf8; one
 * finding says what it was read as when that was a legacy encoding. */
static bls_status decode_document(extractor *x, bls_dynbuf *utf8, size_t *body)
{
    bls_text_encoding enc;
    size_t legacy_lines = 0, invalid = 0;
    bls_status st = bls_textenc_to_utf8(x->t, x->len, utf8, &enc, &legacy_lines, &invalid);
    if (st != BLS_OK)
        return st;
    x->t = utf8->data ? utf8->data : "";
    x->len = utf8->len;
    *body = 0;
    if (!x->findings)
        return BLS_OK;
    if (legacy_lines > 0)
        st = bls_findings_add(
            x->findings, x->path, 0, 0,
            enc == BLS_ENC_MACROMAN ? BLS_RULE_ENCODING_MACROMAN : BLS_RULE_ENCODING_CP1252,
            "%zu line(s) not UTF-8, read as %s", legacy_lines, bls_text_encoding_name(enc));
    if (st == BLS_OK && invalid > 0)
        st = bls_findings_add(x->findings, x->path, 0, 0, BLS_RULE_ENCODING_INVALID,
                              "%zu %s in %s replaced with U+FFFD", invalid,
                              bls_text_encoding_is_wide(enc) ? "invalid code unit(s)"
                                                             : "undefined byte(s)",
                              bls_text_encoding_name(enc));
    return st;
}

/* An empty or binary document is a finding, not a silent pass: *readable
 * says whether to look for figures in it. A binary file (an image, a PDF,
 * a zip, a spreadsheet) is told by its control bytes: text has none but
 * TAB, LF, CR and FF, and a stray NUL or two (a fuzz find) keeps it text. */
static bls_status check_document(extractor *x, size_t body, int *readable)
{
    size_t controls = 0, visible = 0;
    for (size_t i = body; i < x->len; i++) {
        unsigned char c = (unsigned char)x->t[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
            controls++;
        else if (!is_space(c))
            visible++;
    }
    *readable = 0;
    if (visible == 0) {
        return x->findings
                   ? bls_findings_add(x->findings, x->path, 0, 0, BLS_RULE_DOCUMENT_UNREADABLE,
                                      "empty document (%zu bytes, no text): expected an "
                                      "article that quotes BLS figures",
                                      x->len)
                   : BLS_OK;
    }
    if (controls * DOCUMENT_CONTROL_RATIO > x->len - body) {
        return x->findings
                   ? bls_findings_add(x->findings, x->path, 0, 0, BLS_RULE_DOCUMENT_UNREADABLE,
                                      "binary data, not text (%zu control bytes in %zu): "
                                      "expected an article that quotes BLS figures",
                                      controls, x->len - body)
                   : BLS_OK;
    }
    *readable = 1;
    return BLS_OK;
}

/* Drop the claims appended since @p from (on failure). */
static void roll_back(bls_claims *list, size_t from)
{
    for (size_t i = from; i < list->count; i++)
        bls_claim_cleanup(&list->items[i]);
    if (list->count > from)
        list->count = from;
}

bls_status bls_extract_claims(const char *text, size_t len, const char *path,
                              const bls_model *model, bls_findings *findings, bls_claims *claims,
                              bls_claims *unattributed)
{
    if ((!text && len > 0) || !claims || !unattributed)
        return BLS_ERR_INVALID_ARG;
    if (len > BLS_DOCUMENT_MAX)
        return BLS_ERR_LIMIT;
    extractor x;
    memset(&x, 0, sizeof x);
    x.t = text ? text : "";
    x.len = len;
    x.path = path;
    x.model = model;
    x.findings = findings;
    x.claims = claims;
    x.unattributed = unattributed;
    vec_init(&x.names, sizeof(known_name));
    vec_init(&x.lines, sizeof(span));
    vec_init(&x.figures, sizeof(figure));
    vec_init(&x.tokens, sizeof(token));
    vec_init(&x.norm, 1);
    vec_init(&x.mentions, sizeof(mention));
    vec_init(&x.dollar_hits, sizeof(keyword_hit));
    vec_init(&x.percent_hits, sizeof(keyword_hit));
    vec_init(&x.negative_hits, sizeof(keyword_hit));
    vec_init(&x.hourly_hits, sizeof(keyword_hit));
    vec_init(&x.point_hits, sizeof(period_hit));
    vec_init(&x.range_hits, sizeof(period_hit));
    vec_init(&x.sentences, sizeof(span));
    vec_init(&x.header_cells, sizeof(span));
    vec_init(&x.scratch, 1);
    size_t claims_before = claims->count, unattributed_before = unattributed->count;

    /* UTF-16 (Notepad's "Unicode"), Windows-1252 and Mac Roman documents
     * are read as their UTF-8 text (textenc.h). */
    bls_dynbuf utf8;
    bls_dynbuf_init(&utf8, 3 * BLS_DOCUMENT_MAX + 8);
    size_t body = len >= 3 && memcmp(x.t, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    bls_status st = BLS_OK;
    size_t bom = 0;
    if (bls_textenc_sniff(x.t, len, &bom) != BLS_ENC_UTF8 || !bls_textenc_is_utf8(x.t, len))
        st = decode_document(&x, &utf8, &body);
    int readable = 0;
    if (st == BLS_OK)
        st = check_document(&x, body, &readable);
    if (st == BLS_OK && readable)
        st = build_names(&x);
    if (st == BLS_OK && readable)
        st = split_lines(&x, body);
    if (st == BLS_OK && readable)
        st = read_document(&x);
    if (st == BLS_OK && readable && x.figures_seen == 0 && findings)
        st = bls_findings_add(findings, path, 0, 0, BLS_RULE_DOCUMENT_UNREADABLE,
                              "no figure (a $ amount or a percent) in %zu line(s): expected an "
                              "article that quotes BLS figures",
                              x.lines.count);
    bls_dynbuf_cleanup(&utf8);
    bls_alias_index_free(x.name_index);

    for (size_t i = 0; i < x.names.count; i++)
        bls_free(((known_name *)vec_at(&x.names, i))->norm);
    vec *all[] = {&x.names,      &x.lines,       &x.figures,      &x.tokens,        &x.norm,
                  &x.mentions,   &x.dollar_hits, &x.percent_hits, &x.negative_hits, &x.hourly_hits,
                  &x.point_hits, &x.range_hits,  &x.sentences,    &x.header_cells,  &x.scratch};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        vec_free(all[i]);
    if (st != BLS_OK) {
        roll_back(claims, claims_before);
        roll_back(unattributed, unattributed_before);
    }
    return st;
}

int bls_extract_is_document_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return 0;
    static const char *const exts[] = {".txt", ".md", ".markdown", ".text"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        const char *a = dot, *b = exts[i];
        while (*a && *b && tolower((unsigned char)*a) == *b) {
            a++;
            b++;
        }
        if (!*a && !*b)
            return 1;
    }
    return 0;
}
