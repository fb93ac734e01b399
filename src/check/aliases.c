/*
 * aliases.c - match the names documents give occupations to SOC codes.
 *
 * Pipeline stage: model -> extract / claims -> *aliases* -> crosscheck.
 *
 * Articles rarely use BLS titles: "physical therapy assistants" for
 * Physical Therapist Assistants (31-2021), "health information techs" for
 * Medical Records and Health Information Technicians (29-2071). A name is
 * normalised (ASCII case, punctuation, plurals, "techs") and then matched
 *   1. exactly against the model's titles and the alias table below, else
 *   2. by whole-word containment either way ("licensed psychiatric
 *      technician" contains "psychiatric technician"; "therapy assistant"
 *      is contained in several titles -> ambiguous).
 * Candidates are reported in SOC order so the result never depends on the
 * order the data arrived in.
 */
#include "blsreport/check/aliases.h"

#include <ctype.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "check/aliases_internal.h"

/* ---- the alias table: data, one row per document name ----------------- */

#define ALIAS_CODES 3

typedef struct alias_row {
    const char *name;               /* already normalised */
    const char *codes[ALIAS_CODES]; /* SOC codes; an umbrella term has several */
} alias_row;

/* Names seen in career articles for the occupations of the seed article.
 * Aides are a different occupation from assistants (31-2022, 31-2012), so
 * they are listed too: otherwise containment could take "physical therapy
 * aide" for an assistant. */
static const alias_row alias_table[] = {
    {"physical therapy assistant", {"31-2021"}},
    {"physical therapist assistant", {"31-2021"}},
    {"physical therapy aide", {"31-2022"}},
    {"physical therapist aide", {"31-2022"}},
    {"occupational therapy assistant", {"31-2011"}},
    {"occupational therapist assistant", {"31-2011"}},
    {"occupational therapy aide", {"31-2012"}},
    {"occupational therapist aide", {"31-2012"}},
    {"psychiatric technician", {"29-2053"}},
    {"mental health technician", {"29-2053"}},
    {"medical record and health information technician", {"29-2071"}},
    {"health information technician", {"29-2071"}},
    {"medical record technician", {"29-2071"}},
    {"respiratory therapy assistant", {"29-2054"}},
    {"respiratory therapy technician", {"29-2054"}},
    {"respiratory therapist assistant", {"29-2054"}},
    /* an umbrella term of the article: several occupations at once */
    {"therapeutic health technician", {"29-2054", "31-2011", "31-2021"}},
};

#define ALIAS_ROWS (sizeof alias_table / sizeof alias_table[0])

/* Single words mapped to the word BLS titles use (after singularising). */
static const struct {
    const char *word;
    const char *replacement;
} word_table[] = {
    {"tech", "technician"},
    {"asst", "assistant"},
    {"&", "and"},
};

/* Words that carry no meaning of their own: a name made only of them
 * never matches by containment. */
static const char *const function_words[] = {"a",  "an", "and", "or",  "of",    "the",   "for",
                                             "in", "on", "to",  "all", "other", "except"};

size_t bls_aliases_table_count(void)
{
    return ALIAS_ROWS;
}

const char *bls_aliases_table_name(size_t i)
{
    return i < ALIAS_ROWS ? alias_table[i].name : NULL;
}

/* ---- words ------------------------------------------------------------ */

static int ascii_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static int ascii_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}
static int ascii_alnum(unsigned char c)
{
    return ascii_alpha(c) || ascii_digit(c);
}
static int ascii_lower(unsigned char c)
{
    return c >= 'a' && c <= 'z';
}
static int ascii_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

/* U+2018/U+2019, the typographic apostrophes: E2 80 98 / E2 80 99. */
static int typographic_apostrophe(const unsigned char *u, size_t i, size_t len)
{
    return i + 2 < len && u[i] == 0xE2 && u[i + 1] == 0x80 &&
           (u[i + 2] == 0x98 || u[i + 2] == 0x99);
}

/* Length of a well-formed UTF-8 sequence at u[i], 0 when malformed. */
static size_t utf8_length(const unsigned char *u, size_t i, size_t len)
{
    size_t n = u[i] >= 0xF0 && u[i] <= 0xF4 ? 4 : u[i] >= 0xE0 ? 3 : u[i] >= 0xC2 ? 2 : 0;
    if (n == 0 || u[i] > 0xF4 || i + n > len)
        return 0;
    for (size_t k = 1; k < n; k++)
        if ((u[i + k] & 0xC0) != 0x80)
            return 0;
    return n;
}

size_t bls_aliases_word_char(const char *s, size_t i, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (i >= len)
        return 0;
    if (ascii_alnum(u[i]) || u[i] == '&')
        return 1;
    int between_letters = i > 0 && ascii_alnum(u[i - 1]);
    if (u[i] == '\'')
        return between_letters && i + 1 < len && ascii_alpha(u[i + 1]) ? 1 : 0;
    if (typographic_apostrophe(u, i, len))
        return between_letters && i + 3 < len && ascii_alpha(u[i + 3]) ? 3 : 0;
    if (u[i] < 0x80)
        return 0;
    size_t n = utf8_length(u, i, len);
    /* Latin-1 punctuation (U+00A0..U+00BF: no-break space, guillemets) and
     * General Punctuation (U+2000..U+206F: dashes, quotes) separate words. */
    if (n == 0 || (u[i] == 0xC2 && u[i + 1] >= 0xA0) ||
        (u[i] == 0xE2 && (u[i + 1] == 0x80 || u[i + 1] == 0x81)))
        return 0;
    return n;
}

int bls_aliases_camel_break(const char *s, size_t i)
{
    const unsigned char *u = (const unsigned char *)s;
    return i > 0 && ascii_lower(u[i - 1]) && ascii_upper(u[i]);
}

static int ends_with(const char *w, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(w + n - k, suffix, k) == 0;
}

/* English plurals as they occur in BLS titles; applied to both sides of a
 * comparison, so it only has to be consistent (and idempotent), not right. */
static size_t singularise(char *w, size_t n)
{
    if (n > 4 && ends_with(w, n, "ies")) {
        w[n - 3] = 'y';
        return n - 2;
    }
    if (ends_with(w, n, "sses"))
        return n - 2;
    if (n > 3 && w[n - 1] == 's' && !ends_with(w, n, "ss") && !ends_with(w, n, "us") &&
        !ends_with(w, n, "is"))
        return n - 1;
    return n;
}

size_t bls_aliases_normalise_word(const char *word, size_t len, char *buf, size_t size)
{
    const unsigned char *u = (const unsigned char *)word;
    size_t n = 0;
    if (size == 0)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (u[i] == '\'')
            continue;
        if (typographic_apostrophe(u, i, len)) {
            i += 2;
            continue;
        }
        if (n + 1 >= size) {
            buf[0] = '\0';
            return 0;
        }
        buf[n++] = (char)(ascii_upper(u[i]) ? u[i] - 'A' + 'a' : u[i]);
    }
    n = singularise(buf, n);
    buf[n] = '\0';
    for (size_t k = 0; k < sizeof word_table / sizeof word_table[0]; k++) {
        if (strcmp(buf, word_table[k].word) == 0) {
            size_t r = strlen(word_table[k].replacement);
            if (r + 1 > size) {
                buf[0] = '\0';
                return 0;
            }
            memcpy(buf, word_table[k].replacement, r + 1);
            return r;
        }
    }
    return n;
}

size_t bls_aliases_normalise(const char *name, size_t len, char *buf, size_t size)
{
    size_t out = 0, i = 0;
    int first = 1;
    char word[BLS_ALIAS_WORD_MAX + 1];
    if (!buf || size == 0)
        return 0;
    buf[0] = '\0';
    if (!name)
        return 0;
    while (i < len) {
        size_t step = bls_aliases_word_char(name, i, len);
        if (step == 0) {
            i++;
            continue;
        }
        size_t start = i;
        i += step;
        while (i < len && !bls_aliases_camel_break(name, i) &&
               (step = bls_aliases_word_char(name, i, len)) != 0)
            i += step;
        size_t n = bls_aliases_normalise_word(name + start, i - start, word, sizeof word);
        if (n == 0) {
            if (i - start + 1 > sizeof word) { /* a word too long to hold */
                buf[0] = '\0';
                return 0;
            }
            continue;
        }
        if (first && strcmp(word, "the") == 0) {
            first = 0;
            continue;
        }
        first = 0;
        if (out + (out > 0) + n + 1 > size) {
            buf[0] = '\0';
            return 0;
        }
        if (out > 0)
            buf[out++] = ' ';
        memcpy(buf + out, word, n);
        out += n;
        buf[out] = '\0';
    }
    return out;
}

/* ---- matching ----------------------------------------------------------- */

#define NAME_BUF 512

/* Keep the BLS_ALIAS_MAX_CANDIDATES smallest codes, sorted, without repeats. */
static void add_candidate(bls_name_match *out, const char *code)
{
    if (!code || strlen(code) != 7)
        return;
    size_t at = 0;
    while (at < out->count && strcmp(out->soc_codes[at], code) < 0)
        at++;
    if (at < out->count && strcmp(out->soc_codes[at], code) == 0)
        return;
    if (at >= BLS_ALIAS_MAX_CANDIDATES)
        return;
    size_t last = out->count < BLS_ALIAS_MAX_CANDIDATES ? out->count : BLS_ALIAS_MAX_CANDIDATES - 1;
    for (size_t k = last; k > at; k--)
        memcpy(out->soc_codes[k], out->soc_codes[k - 1], sizeof out->soc_codes[k]);
    memcpy(out->soc_codes[at], code, 8);
    if (out->count < BLS_ALIAS_MAX_CANDIDATES)
        out->count++;
}

static void add_row(bls_name_match *out, const alias_row *row)
{
    for (size_t k = 0; k < ALIAS_CODES; k++)
        add_candidate(out, row->codes[k]);
}

/* A title without a trailing "(...)" (EP titles carry their code there). */
size_t bls_aliases_normalise_title(const char *title, char *buf, size_t size)
{
    if (!title) {
        if (buf && size)
            buf[0] = '\0';
        return 0;
    }
    size_t end = strlen(title);
    while (end > 0 && (title[end - 1] == ' ' || title[end - 1] == '\t'))
        end--;
    if (end > 0 && title[end - 1] == ')') {
        const char *open = memchr(title, '(', end);
        const char *last_open = open;
        while (open) {
            last_open = open;
            open = memchr(open + 1, '(', (size_t)(title + end - (open + 1)));
        }
        if (last_open && last_open > title)
            end = (size_t)(last_open - title);
    }
    return bls_aliases_normalise(title, end, buf, size);
}

/* Does @p outer contain @p inner as a run of whole words? */
static int contains_words(const char *outer, const char *inner)
{
    size_t n = strlen(inner);
    if (n == 0)
        return 0;
    for (const char *p = strstr(outer, inner); p; p = strstr(p + 1, inner)) {
        int starts = p == outer || p[-1] == ' ';
        int ends = p[n] == '\0' || p[n] == ' ';
        if (starts && ends)
            return 1;
    }
    return 0;
}

static int has_content_word(const char *norm)
{
    const char *p = norm;
    while (*p) {
        const char *end = strchr(p, ' ');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        int function_word = 0;
        for (size_t k = 0; k < sizeof function_words / sizeof function_words[0]; k++)
            if (strlen(function_words[k]) == n && memcmp(function_words[k], p, n) == 0)
                function_word = 1;
        if (!function_word)
            return 1;
        p += n;
        while (*p == ' ')
            p++;
    }
    return 0;
}

/* Same title, ignoring case and anything but ASCII letters and digits. */
static int titles_equal(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    for (;;) {
        while (*a && !isalnum((unsigned char)*a))
            a++;
        while (*b && !isalnum((unsigned char)*b))
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
        a++;
        b++;
    }
}

/*
 * OEWS publishes a broad occupation whose only member has the same title
 * twice: 29-2070 and 29-2071 "Medical Records and Health Information
 * Technicians", same figures (272 such pairs in May 2014). A name then
 * names the detailed occupation.
 */
static void drop_broad_twins(const bls_model *model, bls_name_match *match)
{
    size_t kept = 0;
    for (size_t i = 0; i < match->count; i++) {
        const char *code = match->soc_codes[i];
        int twin = 0;
        for (size_t j = 0; j < match->count && !twin; j++) {
            const char *other = match->soc_codes[j];
            if (j == i || code[6] != '0' || other[6] == '0' || memcmp(code, other, 6) != 0)
                continue;
            const bls_occupation *a = bls_model_find(model, code);
            const bls_occupation *b = bls_model_find(model, other);
            twin = a && b && titles_equal(a->title, b->title);
        }
        if (!twin) {
            if (kept != i)
                memcpy(match->soc_codes[kept], code, sizeof match->soc_codes[kept]);
            kept++;
        }
    }
    match->count = kept;
}

/* The normalised titles of a model, made once (see aliases.h). */
struct bls_alias_index {
    const bls_model *model;
    char **titles; /* per occupation in model order; "" when it has none */
    size_t count;
};

bls_alias_index *bls_alias_index_new(const bls_model *model)
{
    bls_alias_index *idx = bls_calloc(1, sizeof *idx);
    if (!idx)
        return NULL;
    idx->model = model;
    idx->count = bls_model_count(model);
    idx->titles = bls_calloc(idx->count ? idx->count : 1, sizeof *idx->titles);
    if (!idx->titles) {
        bls_alias_index_free(idx);
        return NULL;
    }
    for (size_t i = 0; i < idx->count; i++) {
        const bls_occupation *occ = bls_model_at(model, i);
        char title[NAME_BUF] = "";
        if (occ && occ->title)
            (void)bls_aliases_normalise_title(occ->title, title, sizeof title);
        idx->titles[i] = bls_strdup(title);
        if (!idx->titles[i]) {
            bls_alias_index_free(idx);
            return NULL;
        }
    }
    return idx;
}

void bls_alias_index_free(bls_alias_index *idx)
{
    if (!idx)
        return;
    for (size_t i = 0; idx->titles && i < idx->count; i++)
        bls_free(idx->titles[i]);
    bls_free(idx->titles);
    bls_free(idx);
}

/* The normalised title of occupation i: from the index, else made into buf. */
static const char *title_at(const bls_model *model, const bls_alias_index *idx, size_t i,
                            char buf[NAME_BUF])
{
    if (idx)
        return idx->titles[i];
    const bls_occupation *occ = bls_model_at(model, i);
    buf[0] = '\0';
    if (occ && occ->title)
        (void)bls_aliases_normalise_title(occ->title, buf, NAME_BUF);
    return buf;
}

static void resolve(const bls_model *model, const bls_alias_index *idx, const char *name,
                    size_t len, bls_name_match *out);

void bls_aliases_resolve(const bls_model *model, const char *name, size_t len, bls_name_match *out)
{
    resolve(model, NULL, name, len, out);
    if (out && out->count > 1 && out->count <= BLS_ALIAS_MAX_CANDIDATES)
        drop_broad_twins(model, out);
}

void bls_aliases_resolve_in(const bls_alias_index *idx, const char *name, size_t len,
                            bls_name_match *out)
{
    if (!idx) {
        if (out)
            memset(out, 0, sizeof *out);
        return;
    }
    resolve(idx->model, idx, name, len, out);
    if (out && out->count > 1 && out->count <= BLS_ALIAS_MAX_CANDIDATES)
        drop_broad_twins(idx->model, out);
}

static void resolve(const bls_model *model, const bls_alias_index *idx, const char *name,
                    size_t len, bls_name_match *out)
{
    char norm[NAME_BUF], buf[NAME_BUF];
    if (!out)
        return;
    memset(out, 0, sizeof *out);
    if (!name || bls_aliases_normalise(name, len, norm, sizeof norm) == 0)
        return;
    size_t occupations = idx ? idx->count : bls_model_count(model);

    for (size_t i = 0; i < occupations; i++) {
        const char *title = title_at(model, idx, i, buf);
        if (title[0] && strcmp(title, norm) == 0)
            add_candidate(out, bls_model_at(model, i)->soc_code);
    }
    for (size_t r = 0; r < ALIAS_ROWS; r++)
        if (strcmp(alias_table[r].name, norm) == 0)
            add_row(out, &alias_table[r]);
    if (out->count > 0 || !has_content_word(norm))
        return;

    /* No exact match: a qualified title ("licensed psychiatric technician")
     * or a shortened one ("therapy assistant"), possibly several. */
    for (size_t i = 0; i < occupations; i++) {
        const char *title = title_at(model, idx, i, buf);
        if (title[0] && (contains_words(norm, title) || contains_words(title, norm)))
            add_candidate(out, bls_model_at(model, i)->soc_code);
    }
    for (size_t r = 0; r < ALIAS_ROWS; r++)
        if (contains_words(norm, alias_table[r].name) || contains_words(alias_table[r].name, norm))
            add_row(out, &alias_table[r]);
}
