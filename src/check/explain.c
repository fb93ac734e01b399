/*
 * explain.c - what a wrong figure equals in the data, its bounds, and the
 * provenance of data values (file, line, column, SHA-256, BLS address).
 *
 * Pipeline stage: model + claims -> crosscheck (calls *explain* for
 * mismatch, stale and missing checks) -> render.
 *
 * Every comparison is exact: a candidate explains a claim when it rounds
 * (half away from zero, bls_number_rescale) to the claim at the decimals the
 * document wrote; a combined percent change is compared as the exact ratio
 * (integers), never as a double.
 *
 * The search is narrow (see explain.h and docs/explanations.md): only the
 * claim's own occupation, its broad and minor groups, occupations of its
 * specialty (same title words besides the role), and (other_occupation
 * only, as printed) the neighbouring line of the SOC table; and only
 * statistics of the claim's family (the tables below).
 */
#include "blsreport/check/explain.h"

#include <ctype.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blsreport/base/alloc.h"

static const char *const kind_names[BLS_EXPLAIN_KIND_COUNT] = {
    [BLS_EXPLAIN_OTHER_PERIOD] = "other_period",
    [BLS_EXPLAIN_OTHER_METRIC] = "other_metric",
    [BLS_EXPLAIN_COMBINED] = "combined",
    [BLS_EXPLAIN_GROUP] = "group",
    [BLS_EXPLAIN_OTHER_OCCUPATION] = "other_occupation",
};

const char *bls_explain_kind_name(bls_explain_kind kind)
{
    return (unsigned)kind < BLS_EXPLAIN_KIND_COUNT ? kind_names[kind] : "unknown";
}

/* ---- exact rounding ------------------------------------------------------ */

int bls_value_rounds_to(const bls_number *value, const bls_number *written)
{
    int64_t rounded;
    if (!value || !written || value->state != BLS_CELL_VALUE || written->state != BLS_CELL_VALUE)
        return 0;
    if (bls_number_rescale(value, written->decimals, &rounded) != 0)
        return 0;
    if (written->decimals > value->decimals) {
        /* A claim written finer than the data ("3.90%" against 3.9) only
         * equals it when it is the same number. */
        return bls_number_compare(value, written) == 0;
    }
    return rounded == written->scaled;
}

int bls_claim_bounds(const bls_number *written, bls_number *low, bls_number *high)
{
    if (!written || !low || !high || written->state != BLS_CELL_VALUE ||
        written->decimals >= BLS_NUMBER_MAX_DECIMALS + 3)
        return -1;
    int64_t s = written->scaled;
    if (s > (INT64_MAX - 5) / 10 || s < (INT64_MIN + 5) / 10)
        return -1;
    unsigned d = written->decimals + 1u;
    /* Half away from zero: 41 covers [40.5, 41.5); -3 covers (-3.5, -2.5]. */
    *low = bls_number_make(s * 10 - 5, d);
    *high = bls_number_make(s * 10 + 5, d);
    low->flags = high->flags = written->flags & (BLS_NUM_DOLLAR | BLS_NUM_PERCENT);
    return 0;
}

/* round(num / den) half away from zero; den > 0. */
static int64_t div_round(int64_t num, int64_t den)
{
    int64_t q = num / den, r = num % den;
    if (r < 0)
        r = -r;
    if (r * 2 >= den)
        q += num < 0 ? -1 : 1;
    return q;
}

static int mul_overflows(int64_t a, int64_t b)
{
    if (a == 0 || b == 0)
        return 0;
    if (a > 0 ? (b > 0 ? a > INT64_MAX / b : b < INT64_MIN / a)
              : (b > 0 ? a < INT64_MIN / b : a < INT64_MAX / b))
        return 1;
    return 0;
}

static int64_t pow10_i(unsigned n)
{
    int64_t p = 1;
    while (n--)
        p *= 10;
    return p;
}

/* num/den rounded to @p decimals as a number; -1 on overflow. */
static int ratio_number(int64_t num, int64_t den, unsigned decimals, bls_number *out)
{
    int64_t scale = pow10_i(decimals);
    if (den <= 0 || mul_overflows(num, scale))
        return -1;
    *out = bls_number_make(div_round(num * scale, den), decimals);
    return 0;
}

/* ---- metric families ------------------------------------------------------ */

typedef enum transform {
    T_SAME,             /* the candidate's value as is */
    T_HOURLY_TO_ANNUAL, /* hourly x 2,080 */
    T_ANNUAL_TO_HOURLY, /* annual / 2,080, to the cent */
    T_TO_THOUSANDS,     /* persons in thousands (numeric change quoted as percent) */
} transform;

/* The statistics a claim may have confused with its own, by the claim's
 * metric: a table that one loop reads. */
static const struct alternative {
    bls_metric claim, candidate;
    transform how;
} alternatives[] = {
#define WAGE_ALTS(m)                                                                               \
    {m, BLS_METRIC_MEDIAN_ANNUAL_WAGE, T_SAME}, {m, BLS_METRIC_MEAN_ANNUAL_WAGE, T_SAME},           \
        {m, BLS_METRIC_ANNUAL_WAGE_PCT10, T_SAME}, {m, BLS_METRIC_ANNUAL_WAGE_PCT25, T_SAME},       \
        {m, BLS_METRIC_ANNUAL_WAGE_PCT75, T_SAME}, {m, BLS_METRIC_ANNUAL_WAGE_PCT90, T_SAME},       \
        {m, BLS_METRIC_MEDIAN_HOURLY_WAGE, T_HOURLY_TO_ANNUAL}
    WAGE_ALTS(BLS_METRIC_MEDIAN_ANNUAL_WAGE),
    WAGE_ALTS(BLS_METRIC_MEAN_ANNUAL_WAGE),
    WAGE_ALTS(BLS_METRIC_ANNUAL_WAGE_PCT10),
    WAGE_ALTS(BLS_METRIC_ANNUAL_WAGE_PCT25),
    WAGE_ALTS(BLS_METRIC_ANNUAL_WAGE_PCT75),
    WAGE_ALTS(BLS_METRIC_ANNUAL_WAGE_PCT90),
#undef WAGE_ALTS
    {BLS_METRIC_MEDIAN_HOURLY_WAGE, BLS_METRIC_MEDIAN_ANNUAL_WAGE, T_ANNUAL_TO_HOURLY},
    {BLS_METRIC_MEDIAN_HOURLY_WAGE, BLS_METRIC_MEAN_ANNUAL_WAGE, T_ANNUAL_TO_HOURLY},
    {BLS_METRIC_EMPLOYMENT, BLS_METRIC_PROJECTED_EMPLOYMENT, T_SAME},
    {BLS_METRIC_EMPLOYMENT, BLS_METRIC_EMPLOYMENT_CHANGE, T_SAME},
    {BLS_METRIC_PROJECTED_EMPLOYMENT, BLS_METRIC_EMPLOYMENT, T_SAME},
    {BLS_METRIC_PROJECTED_EMPLOYMENT, BLS_METRIC_EMPLOYMENT_CHANGE, T_SAME},
    {BLS_METRIC_EMPLOYMENT_CHANGE, BLS_METRIC_EMPLOYMENT, T_SAME},
    {BLS_METRIC_EMPLOYMENT_CHANGE, BLS_METRIC_PROJECTED_EMPLOYMENT, T_SAME},
    {BLS_METRIC_EMPLOYMENT_CHANGE_PCT, BLS_METRIC_EMPLOYMENT_CHANGE, T_TO_THOUSANDS},
};

/* BLS's 2,080 hours (52 weeks x 40 hours) between hourly and annual rates. */
#define HOURS_PER_YEAR 2080

static int apply(transform how, const bls_number *in, bls_number *out)
{
    if (in->state != BLS_CELL_VALUE)
        return -1;
    switch (how) {
    case T_SAME: *out = *in; return 0;
    case T_HOURLY_TO_ANNUAL:
        if (mul_overflows(in->scaled, HOURS_PER_YEAR))
            return -1;
        *out = bls_number_make(in->scaled * HOURS_PER_YEAR, in->decimals);
        return 0;
    case T_ANNUAL_TO_HOURLY: {
        int64_t cents;
        if (bls_number_rescale(in, 2, &cents) != 0)
            return -1;
        *out = bls_number_make(div_round(cents, HOURS_PER_YEAR), 2);
        return 0;
    }
    case T_TO_THOUSANDS: {
        /* EP publishes thousands with one decimal: 2,800 persons is 2.8. */
        bls_number k = bls_number_make(in->scaled, in->decimals + 3u);
        int64_t tenths;
        if (in->decimals + 3u > 9u || bls_number_rescale(&k, 1, &tenths) != 0)
            return -1;
        *out = bls_number_make(tenths, 1);
        return 0;
    }
    }
    return -1;
}

/* ---- periods ---------------------------------------------------------- */

/* Does a fact's period count as "the same period" as @p ref for another
 * statistic? Besides a match, an EP release's base-year figure (2012) goes
 * with its span (2012-2022). */
static int same_release(const bls_period *ref, const bls_period *p)
{
    if (bls_period_matches(ref, p) || bls_period_matches(p, ref))
        return 1;
    return ref->year_from == p->year_from && (ref->year_from != ref->year_to) !=
                                                 (p->year_from != p->year_to);
}

/* ---- related occupations ------------------------------------------------- */

/* Words of a title that name the role, not the specialty: "Psychiatric
 * Technicians" and "Psychiatric Aides" are one specialty in two roles. */
static const char *const role_words[] = {
    "and",        "other",      "all",        "except",    "including", "related",
    "technician", "technologist", "assistant", "aide",     "helper",    "worker",
    "specialist", "operator",   "clerk",      "manager",   "supervisor", "analyst",
    "engineer",   "scientist",  "agent",      "administrator", "director", "officer",
    "inspector",  "examiner",   "investigator", "representative", "attendant", "teacher",
    "instructor", "repairer",   "installer",  "mechanic",  "laborer",   "first",
    "line",       "postsecondary", "setter",  "tender",    "occupation",
    NULL,
};

#define TITLE_WORDS_MAX 12
#define TITLE_WORD_LEN 24

typedef struct title_words {
    size_t count;
    char word[TITLE_WORDS_MAX][TITLE_WORD_LEN];
} title_words;

static int is_role(const char *w)
{
    for (const char *const *g = role_words; *g; g++)
        if (strcmp(*g, w) == 0)
            return 1;
    return 0;
}

/* The specialty of a title: its lowercase words of 3+ letters, a plural
 * 's' dropped, role words skipped. */
static void split_title(const char *title, title_words *out)
{
    out->count = 0;
    for (const char *p = title ? title : ""; *p && out->count < TITLE_WORDS_MAX;) {
        while (*p && !isalpha((unsigned char)*p))
            p++;
        size_t n = 0;
        char w[TITLE_WORD_LEN];
        while (isalpha((unsigned char)*p)) {
            if (n + 1 < sizeof w)
                w[n++] = (char)tolower((unsigned char)*p);
            p++;
        }
        if (n > 1 && w[n - 1] == 's')
            n--;
        w[n] = '\0';
        if (n >= 3 && !is_role(w))
            memcpy(out->word[out->count++], w, n + 1);
    }
}

static int cmp_word(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* A title's specialty as one string: its words sorted, once each, joined
 * by spaces ("physical therapist"); "" when none. Two occupations are one
 * specialty when their strings are equal. */
static void specialty_of(const char *title, char *out, size_t size)
{
    title_words t;
    split_title(title, &t);
    qsort(t.word, t.count, sizeof t.word[0], cmp_word);
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < t.count; i++) {
        if (i > 0 && strcmp(t.word[i], t.word[i - 1]) == 0)
            continue;
        int n = snprintf(out + len, size - len, "%s%s", len ? " " : "", t.word[i]);
        if (n < 0 || (size_t)n >= size - len) {
            out[0] = '\0'; /* too long to compare: no specialty */
            return;
        }
        len += (size_t)n;
    }
}

static int is_detailed(const bls_occupation *o)
{
    if (o->group == BLS_GROUP_DETAILED)
        return 1;
    return o->group == BLS_GROUP_UNKNOWN && o->soc_code[6] != '0';
}

/* REL_SPECIALTY: the same title words besides the role; REL_NEIGHBOUR: the
 * line before or after in the SOC table. (Same broad group was measured and
 * left out: combined figures of broad-group siblings were mostly
 * coincidences.) */
enum relation { REL_NONE = 0, REL_SPECIALTY = 1, REL_NEIGHBOUR = 2 };

/* Which relations combined figures use (measured with
 * test_false_explanation_rate_is_low; see docs/explanations.md): one
 * specialty only. Same broad group alone gave many coincidences. */
#define COMBINED_RELATIONS REL_SPECIALTY

typedef struct related {
    const bls_occupation *occ;
    unsigned how; /* REL_* */
} related;

#define RELATED_MAX 32

/* ---- the index: specialties and SOC order, computed once per model ---- */

#define SPECIALTY_LEN 96

typedef struct specialty_entry {
    const char *specialty; /* into the index's specialty array */
    size_t position;       /* in the model */
} specialty_entry;

struct bls_explain_index {
    const bls_model *model;
    size_t count;
    int sorted;                       /* bls_model_at() is in SOC order */
    char (*specialty)[SPECIALTY_LEN]; /* per model position */
    specialty_entry *by_specialty;    /* ordered by specialty, then position */
};

static int by_specialty_cmp(const void *pa, const void *pb)
{
    const specialty_entry *a = pa, *b = pb;
    int c = strcmp(a->specialty, b->specialty);
    return c ? c : (a->position > b->position) - (a->position < b->position);
}

bls_explain_index *bls_explain_index_new(const bls_model *model)
{
    bls_explain_index *ix = bls_calloc(1, sizeof *ix);
    if (!ix)
        return NULL;
    ix->model = model;
    ix->count = bls_model_count(model);
    size_t n = ix->count ? ix->count : 1;
    ix->specialty = bls_calloc(n, sizeof *ix->specialty);
    ix->by_specialty = bls_calloc(n, sizeof *ix->by_specialty);
    if (!ix->specialty || !ix->by_specialty) {
        bls_explain_index_free(ix);
        return NULL;
    }
    ix->sorted = 1;
    for (size_t i = 0; i < ix->count; i++) {
        const bls_occupation *o = bls_model_at(model, i);
        specialty_of(o->title, ix->specialty[i], SPECIALTY_LEN);
        ix->by_specialty[i] = (specialty_entry){ix->specialty[i], i};
        if (i > 0 && strcmp(bls_model_at(model, i - 1)->soc_code, o->soc_code) >= 0)
            ix->sorted = 0;
    }
    qsort(ix->by_specialty, ix->count, sizeof *ix->by_specialty, by_specialty_cmp);
    return ix;
}

void bls_explain_index_free(bls_explain_index *index)
{
    if (!index)
        return;
    bls_free(index->specialty);
    bls_free(index->by_specialty);
    bls_free(index);
}

/* The model position of @p occ, or count. */
static size_t position_of(const bls_explain_index *ix, const bls_occupation *occ)
{
    if (ix->sorted) {
        size_t lo = 0, hi = ix->count;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = strcmp(bls_model_at(ix->model, mid)->soc_code, occ->soc_code);
            if (c == 0)
                return mid;
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return ix->count;
    }
    for (size_t i = 0; i < ix->count; i++)
        if (bls_model_at(ix->model, i) == occ)
            return i;
    return ix->count;
}

static void add_related(related *out, size_t *n, const bls_occupation *o, unsigned how)
{
    for (size_t i = 0; i < *n; i++)
        if (out[i].occ == o) {
            out[i].how |= how;
            return;
        }
    if (*n < RELATED_MAX)
        out[(*n)++] = (related){o, how};
}

/* Related detailed occupations of @p occ, at most RELATED_MAX, in SOC order. */
static size_t find_related(const bls_explain_index *ix, const bls_occupation *occ, related *out)
{
    size_t n = 0, self = position_of(ix, occ);
    if (self >= ix->count)
        return 0;
    const char *mine = ix->specialty[self];
    if (mine[0]) {
        /* Lower bound of the specialty among by_specialty. */
        size_t lo = 0, hi = ix->count;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(ix->by_specialty[mid].specialty, mine) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; k < ix->count && strcmp(ix->by_specialty[k].specialty, mine) == 0;
             k++) {
            const bls_occupation *o = bls_model_at(ix->model, ix->by_specialty[k].position);
            if (o != occ && is_detailed(o))
                add_related(out, &n, o, REL_SPECIALTY);
        }
    }
    if (self > 0 && is_detailed(bls_model_at(ix->model, self - 1)))
        add_related(out, &n, bls_model_at(ix->model, self - 1), REL_NEIGHBOUR);
    if (self + 1 < ix->count && is_detailed(bls_model_at(ix->model, self + 1)))
        add_related(out, &n, bls_model_at(ix->model, self + 1), REL_NEIGHBOUR);
    /* SOC order, so that equal explanations come out in a stable order. */
    for (size_t i = 1; i < n; i++) {
        related key = out[i];
        size_t j = i;
        while (j > 0 && strcmp(out[j - 1].occ->soc_code, key.occ->soc_code) > 0) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = key;
    }
    return n;
}

/* ---- candidates ------------------------------------------------------- */

#define CANDIDATES_MAX 64

typedef struct search {
    const bls_explain_index *index;
    const bls_model *model;
    const bls_claim *claim;
    const bls_occupation *occ;
    const bls_fact *checked;
    bls_period ref; /* "the same period" */
    bls_explanation found[CANDIDATES_MAX];
    size_t count;
} search;

static bls_explanation *candidate(search *s, bls_explain_kind kind, bls_metric metric,
                                  const bls_period *period, const bls_number *value,
                                  const bls_fact *fact)
{
    if (s->count >= CANDIDATES_MAX || !bls_value_rounds_to(value, &s->claim->claimed))
        return NULL;
    bls_explanation *e = &s->found[s->count++];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->metric = metric;
    e->period = *period;
    e->value = *value;
    e->fact = fact;
    return e;
}

static void name_occ(bls_explanation *e, const bls_occupation *o)
{
    if (e->soc_count >= BLS_EXPLAIN_MAX_CODES)
        return;
    memcpy(e->soc_codes[e->soc_count], o->soc_code, 8);
    e->titles[e->soc_count++] = o->title;
}

static void search_other_period(search *s)
{
    const bls_occupation *o = s->occ;
    for (size_t i = 0; i < o->fact_count; i++) {
        const bls_fact *f = &o->facts[i];
        if (f == s->checked || f->metric != s->claim->metric ||
            (bls_period_known(&s->ref) && bls_period_matches(&s->ref, &f->period)))
            continue;
        bls_explanation *e =
            candidate(s, BLS_EXPLAIN_OTHER_PERIOD, f->metric, &f->period, &f->value, f);
        if (e)
            name_occ(e, o);
    }
}

static void search_other_metric(search *s)
{
    const bls_occupation *o = s->occ;
    for (size_t a = 0; a < sizeof alternatives / sizeof alternatives[0]; a++) {
        const struct alternative *alt = &alternatives[a];
        if (alt->claim != s->claim->metric || alt->candidate == s->claim->metric)
            continue;
        for (size_t i = 0; i < o->fact_count; i++) {
            const bls_fact *f = &o->facts[i];
            bls_number v;
            /* A numeric change copied as a percent is copied with its
             * decimal ("2.8%"): a whole percent is no evidence of it. */
            if (alt->how == T_TO_THOUSANDS && s->claim->claimed.decimals == 0)
                continue;
            if (f->metric != alt->candidate ||
                (bls_period_known(&s->ref) && !same_release(&s->ref, &f->period)) ||
                apply(alt->how, &f->value, &v) != 0)
                continue;
            bls_explanation *e = candidate(s, BLS_EXPLAIN_OTHER_METRIC, f->metric, &f->period, &v, f);
            if (!e)
                continue;
            name_occ(e, o);
            e->hours_factor = alt->how == T_HOURLY_TO_ANNUAL || alt->how == T_ANNUAL_TO_HOURLY
                                  ? HOURS_PER_YEAR
                                  : 0;
            e->thousands = alt->how == T_TO_THOUSANDS;
        }
    }
}

/* The fact of @p o for @p metric in the reference period (any period when
 * the reference is unknown: the latest). */
static const bls_fact *fact_in(const search *s, const bls_occupation *o, bls_metric metric)
{
    if (!bls_period_known(&s->ref))
        return bls_occupation_latest(o, metric);
    return bls_occupation_fact(o, metric, &s->ref);
}

/* EP base-year employment of the release @p ref spans. */
static const bls_fact *base_of(const bls_occupation *o, const bls_period *ref)
{
    for (size_t i = 0; i < o->fact_count; i++) {
        const bls_fact *f = &o->facts[i];
        if (f->metric == BLS_METRIC_EMPLOYMENT && f->program == BLS_KIND_PROJECTIONS &&
            f->period.year_from == ref->year_from && f->period.year_to == ref->year_from)
            return f;
    }
    return NULL;
}

/* Sum of values at their finest common precision; -1 on overflow/marker. */
static int sum_facts(const bls_fact *const *facts, size_t n, bls_number *out)
{
    unsigned d = 0;
    for (size_t i = 0; i < n; i++) {
        if (!facts[i] || facts[i]->value.state != BLS_CELL_VALUE)
            return -1;
        if (facts[i]->value.decimals > d)
            d = facts[i]->value.decimals;
    }
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t v;
        if (bls_number_rescale(&facts[i]->value, d, &v) != 0 ||
            (v > 0 && total > INT64_MAX - v) || (v < 0 && total < INT64_MIN - v))
            return -1;
        total += v;
    }
    *out = bls_number_make(total, d);
    return 0;
}

/* The claim's metric for the occupations @p parts together, recomputed from
 * the parts: counts are summed; the percent change is the summed change
 * over the summed base (never an average of percents). Wages cannot be
 * combined from what the files publish, so they are not. */
static void try_combined(search *s, const bls_occupation *const *parts, size_t n)
{
    bls_metric m = s->claim->metric;
    if (n < 2 || n > BLS_EXPLAIN_MAX_CODES)
        return;
    const bls_fact *used[BLS_EXPLAIN_MAX_PARTS];
    size_t used_n = 0;
    bls_number value;
    bls_period period = s->ref;
    if (m == BLS_METRIC_EMPLOYMENT || m == BLS_METRIC_PROJECTED_EMPLOYMENT ||
        m == BLS_METRIC_EMPLOYMENT_CHANGE) {
        for (size_t i = 0; i < n; i++)
            used[used_n++] = fact_in(s, parts[i], m);
        if (sum_facts(used, used_n, &value) != 0)
            return;
        period = used[0]->period;
    } else if (m == BLS_METRIC_EMPLOYMENT_CHANGE_PCT) {
        const bls_fact *base[BLS_EXPLAIN_MAX_CODES], *proj[BLS_EXPLAIN_MAX_CODES];
        for (size_t i = 0; i < n; i++) {
            proj[i] = fact_in(s, parts[i], BLS_METRIC_PROJECTED_EMPLOYMENT);
            base[i] = proj[i] ? base_of(parts[i], &proj[i]->period) : NULL;
            if (!proj[i] || !base[i])
                return;
            used[used_n++] = base[i];
            used[used_n++] = proj[i];
        }
        bls_number b, p;
        if (sum_facts(base, n, &b) != 0 || sum_facts(proj, n, &p) != 0)
            return;
        unsigned d = b.decimals > p.decimals ? b.decimals : p.decimals;
        int64_t bs, ps;
        if (bls_number_rescale(&b, d, &bs) != 0 || bls_number_rescale(&p, d, &ps) != 0 ||
            bs <= 0 || mul_overflows(ps - bs, 100))
            return;
        /* Compared exactly at the claim's decimals; shown with two more. */
        bls_number at_claim;
        unsigned shown = s->claim->claimed.decimals + 1u < 2u ? 2u : s->claim->claimed.decimals + 1u;
        if (ratio_number((ps - bs) * 100, bs, s->claim->claimed.decimals, &at_claim) != 0 ||
            at_claim.scaled != s->claim->claimed.scaled ||
            ratio_number((ps - bs) * 100, bs, shown, &value) != 0)
            return;
        period = proj[0]->period;
    } else {
        return;
    }
    bls_explanation *e = candidate(s, BLS_EXPLAIN_COMBINED, m, &period, &value, used[0]);
    if (!e)
        return;
    for (size_t i = 0; i < n; i++)
        name_occ(e, parts[i]);
    e->part_count = used_n;
    for (size_t i = 0; i < used_n; i++)
        e->parts[i] = used[i];
}

static void search_related(search *s)
{
    related rel[RELATED_MAX];
    size_t n = find_related(s->index, s->occ, rel);
    const bls_occupation *word_group[BLS_EXPLAIN_MAX_CODES];
    size_t word_n = 0;
    word_group[word_n++] = s->occ;
    for (size_t i = 0; i < n; i++) {
        const bls_occupation *o = rel[i].occ;
        /* other_occupation: its own figure, same metric and period. */
        const bls_fact *f = fact_in(s, o, s->claim->metric);
        /* A neighbouring line is misread as printed: only a figure written
         * at the data's precision ("10.4%", not "10%") is evidence of it. */
        int as_printed = f && f->value.state == BLS_CELL_VALUE &&
                         s->claim->claimed.decimals >= f->value.decimals;
        if (f && ((rel[i].how & REL_SPECIALTY) || ((rel[i].how & REL_NEIGHBOUR) && as_printed))) {
            bls_explanation *e = candidate(s, BLS_EXPLAIN_OTHER_OCCUPATION, f->metric, &f->period,
                                           &f->value, f);
            if (e)
                name_occ(e, o);
        }
        if (!(rel[i].how & COMBINED_RELATIONS))
            continue;
        const bls_occupation *pair[2] = {s->occ, o};
        try_combined(s, pair, 2);
        if ((rel[i].how & REL_SPECIALTY) && word_n < BLS_EXPLAIN_MAX_CODES)
            word_group[word_n++] = o;
    }
    if (word_n > 2)
        try_combined(s, word_group, word_n);
}

static void search_groups(search *s)
{
    /* broad NN-NNN0 and minor NN-NN00; the major group (NN-0000) spans too
     * many occupations to be evidence (measured: most of the group hits). */
    static const size_t keep[] = {6, 5};
    for (size_t g = 0; g < sizeof keep / sizeof keep[0]; g++) {
        char code[8];
        memcpy(code, s->occ->soc_code, 8);
        for (size_t i = keep[g]; i < 7; i++)
            code[i] = '0';
        if (strcmp(code, s->occ->soc_code) == 0)
            continue;
        const bls_occupation *o = bls_model_find(s->model, code);
        const bls_fact *f = o ? fact_in(s, o, s->claim->metric) : NULL;
        if (!f)
            continue;
        bls_explanation *e = candidate(s, BLS_EXPLAIN_GROUP, f->metric, &f->period, &f->value, f);
        if (e)
            name_occ(e, o);
    }
}

static int64_t distance(const bls_explanation *e, const bls_number *claimed)
{
    unsigned d = e->value.decimals > claimed->decimals ? e->value.decimals : claimed->decimals;
    int64_t a, b;
    if (bls_number_rescale(&e->value, d, &a) != 0 || bls_number_rescale(claimed, d, &b) != 0)
        return INT64_MAX;
    return a > b ? a - b : b - a;
}

size_t bls_explain(const bls_explain_index *index, const bls_claim *claim,
                   const bls_occupation *occ, const bls_fact *checked, bls_explanation *out,
                   size_t max)
{
    const bls_model *model = index ? index->model : NULL;
    if (!model || !claim || !occ || !out || !max || claim->claimed.state != BLS_CELL_VALUE)
        return 0;
    search *s = bls_calloc(1, sizeof *s);
    if (!s)
        return 0; /* an explanation is a bonus: no memory, no explanation */
    s->index = index;
    s->model = model;
    s->claim = claim;
    s->occ = occ;
    s->checked = checked;
    s->ref = checked ? checked->period : claim->period;
    search_other_period(s);
    search_other_metric(s);
    search_related(s);
    search_groups(s);
    /* Best first: by kind, then nearest the claim. An insertion sort, since
     * qsort's comparator would need the claim in a global. */
    for (size_t i = 1; i < s->count; i++) {
        bls_explanation key = s->found[i];
        size_t j = i;
        while (j > 0) {
            const bls_explanation *prev = &s->found[j - 1];
            int later = prev->kind != key.kind
                            ? prev->kind > key.kind
                            : distance(prev, &claim->claimed) > distance(&key, &claim->claimed);
            if (!later)
                break;
            s->found[j] = s->found[j - 1];
            j--;
        }
        s->found[j] = key;
    }
    size_t n = s->count < max ? s->count : max;
    memcpy(out, s->found, n * sizeof *out);
    bls_free(s);
    return n;
}

/* ---- provenance ------------------------------------------------------------ */

/* A cache of digests per input path; a run reads a handful of files. */
#define HASHES_MAX 4096

typedef struct hash_entry {
    char *path;
    char digest[2 * SHA256_DIGEST_SIZE + 1]; /* "" when the file could not be read */
} hash_entry;

struct bls_hashes {
    hash_entry *items;
    size_t count, capacity;
};

bls_hashes *bls_hashes_new(void) { return bls_calloc(1, sizeof(bls_hashes)); }

void bls_hashes_free(bls_hashes *hashes)
{
    if (!hashes)
        return;
    for (size_t i = 0; i < hashes->count; i++)
        bls_free(hashes->items[i].path);
    bls_free(hashes->items);
    bls_free(hashes);
}

static int sha256_file(const char *path, char hex[2 * SHA256_DIGEST_SIZE + 1])
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    unsigned char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        sha256_update(&ctx, got, buf);
    int bad = ferror(f);
    (void)fclose(f); /* read-only: errors were seen by ferror() */
    if (bad)
        return -1;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    static const char hexdig[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof digest; i++) {
        hex[2 * i] = hexdig[digest[i] >> 4];
        hex[2 * i + 1] = hexdig[digest[i] & 15];
    }
    hex[(size_t)2 * SHA256_DIGEST_SIZE] = '\0';
    return 0;
}

const char *bls_hashes_get(bls_hashes *hashes, const char *path)
{
    if (!hashes || !path || !path[0])
        return NULL;
    for (size_t i = 0; i < hashes->count; i++)
        if (strcmp(hashes->items[i].path, path) == 0)
            return hashes->items[i].digest[0] ? hashes->items[i].digest : NULL;
    if (hashes->count == hashes->capacity) {
        if (hashes->capacity >= HASHES_MAX)
            return NULL;
        size_t cap = hashes->capacity ? hashes->capacity * 2 : 8;
        hash_entry *grown = bls_realloc(hashes->items, cap * sizeof *grown);
        if (!grown)
            return NULL;
        hashes->items = grown;
        hashes->capacity = cap;
    }
    hash_entry *e = &hashes->items[hashes->count];
    e->path = bls_strdup(path);
    if (!e->path)
        return NULL;
    if (sha256_file(path, e->digest) != 0)
        e->digest[0] = '\0';
    hashes->count++;
    return e->digest[0] ? e->digest : NULL;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (n < m)
        return 0;
    for (size_t i = 0; i < m; i++)
        if (tolower((unsigned char)s[n - m + i]) != suffix[i])
            return 0;
    return 1;
}

/* The EP table a file holds, from its name ("..._table_1.7.csv"): 1.7 has
 * the education and wage columns; the employment figures are Table 1.2's. */
static int ep_table_of(const bls_fact *fact)
{
    const char *slash = strrchr(fact->path ? fact->path : "", '/');
    const char *name = slash ? slash + 1 : (fact->path ? fact->path : "");
    if (strstr(name, "1.7") || strstr(name, "1_7") || fact->metric == BLS_METRIC_MEDIAN_ANNUAL_WAGE)
        return 7;
    return 2;
}

size_t bls_fact_url(const bls_fact *fact, const char *soc_code, char *buf, size_t size)
{
    if (!fact || !buf || size == 0)
        return 0;
    buf[0] = '\0';
    int n = 0;
    if (fact->program == BLS_KIND_WAGES) {
        /* OES profiles exist for May estimates from 2003 on (November
         * before), for detailed occupations and major groups (NN-0000);
         * minor and broad groups have no page of their own. */
        if (!soc_code || strlen(soc_code) != 7 || fact->period.year_to < 2003)
            return 0;
        if (soc_code[6] == '0' && strcmp(soc_code + 3, "0000") != 0)
            return 0;
        n = snprintf(buf, size, "https://www.bls.gov/oes/%d/may/oes%.2s%.4s.htm",
                     fact->period.year_to, soc_code, soc_code + 3);
    } else if (fact->program == BLS_KIND_PROJECTIONS) {
        /* The address BLS published the release's tables at (ep_table_102:
         * Table 1.2, ep_table_107: Table 1.7). */
        n = snprintf(buf, size, "https://www.bls.gov/emp/ep_table_10%d.htm", ep_table_of(fact));
    }
    if (n < 0 || (size_t)n >= size) {
        buf[0] = '\0';
        return 0;
    }
    return (size_t)n;
}

/* "A", "Z", "AA" ... for a 1-based column. */
static void column_letters(uint32_t column, char *out, size_t size)
{
    char tmp[8];
    size_t n = 0;
    while (column > 0 && n < sizeof tmp) {
        column--;
        tmp[n++] = (char)('A' + column % 26);
        column /= 26;
    }
    size_t i = 0;
    for (; i < n && i + 1 < size; i++)
        out[i] = tmp[n - 1 - i];
    out[i] = '\0';
}

void bls_provenance_of(const bls_fact *fact, const char *soc_code, bls_hashes *hashes,
                       bls_provenance *out)
{
    if (!out)
        return;
    memset(out, 0, sizeof *out);
    if (!fact)
        return;
    out->path = fact->path;
    out->line = fact->line;
    out->column = fact->column;
    if (fact->path && (ends_with(fact->path, ".xlsx") || ends_with(fact->path, ".xls")) &&
        fact->column && fact->line) {
        char letters[8];
        column_letters(fact->column, letters, sizeof letters);
        snprintf(out->cell, sizeof out->cell, "%s%llu", letters, (unsigned long long)fact->line);
    }
    out->sha256 = bls_hashes_get(hashes, fact->path);
    bls_fact_url(fact, soc_code, out->url, sizeof out->url);
}
