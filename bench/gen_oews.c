/*
 * gen_oews.c - bench_gen: a synthetic OEWS "all data" file for benchmarks.
 *
 * Where it sits: outside the pipeline. bench/run.sh feeds its output to
 * blsreport and to bench_floor to measure speed and memory at the size of
 * the real all-data file (~400,000 rows, ~80 MB) and beyond.
 *
 *   bench_gen ROWS [SEED] > synthetic_oews_alldata_ROWS.csv
 *
 * EVERY FIGURE IS SYNTHETIC: codes, titles, employment and wages come from a
 * seeded xorshift64* generator, never from BLS. The file carries no comment
 * line (its first line must be the header for the CSV to stay parseable), so
 * the word "synthetic" is in the file name (run.sh), in every occupation,
 * area and industry title, and in bench/README.md.
 *
 * Shape (May 2019+ all-data layout, 32 columns):
 *   - rows come in blocks of area + industry + ownership: first the national
 *     cross-industry block (AREA 99, AREA_TYPE 1, NAICS 000000, OWN_CODE
 *     1235), then national private ownership, national industries, states
 *     and metropolitan areas, each key used once;
 *   - each block lists occupations in SOC order: 00-0000 total, then per
 *     major group (11..53, odd) the major, minor, broad and detailed rows;
 *     the catalogue has ~900 detailed codes (fixed, whatever the seed), and
 *     every block but the first two lists a random subset of them;
 *   - values obey the validation rules: group rows are the sums of their
 *     members (employment rounded to 10), percentiles are ordered,
 *     annual = round(hourly x 2080), wages at or above the May 2021+ top
 *     code ($115.00/h, $239,200/yr) are written "#", markers sit only in
 *     their columns ("*" wages, "**" employment, "~" PCT_TOTAL), ANNUAL /
 *     HOURLY are TRUE or empty. Numbers of 1,000 and more carry thousands
 *     separators and are therefore quoted, as in BLS's CSV exports.
 *   - ~200-250 bytes a row, like the real file.
 *
 * The same ROWS and SEED give the same bytes on every machine: integer
 * arithmetic only, no rand(), no locale.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- deterministic random numbers (xorshift64*) ----------------------- */

typedef struct rng {
    uint64_t state;
} rng;

static void rng_seed(rng *r, uint64_t seed)
{
    /* splitmix64 step: any seed (even 0) gives a non-zero, well-mixed state */
    uint64_t z = seed + UINT64_C(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    z ^= z >> 31;
    r->state = z ? z : 1;
}

static uint64_t rng_next(rng *r)
{
    uint64_t x = r->state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->state = x;
    return x * UINT64_C(0x2545F4914F6CDD1D);
}

/* Uniform in [lo, hi] (hi - lo small next to 2^64: the bias is negligible). */
static int64_t rng_range(rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* 1 with probability per_million / 1,000,000. */
static int rng_chance(rng *r, uint32_t per_million)
{
    return rng_next(r) % 1000000u < per_million;
}

/* Roughly log-uniform in [lo, hi]: a power of two picked uniformly, then a
 * uniform value inside it; enough for skewed employment and wages. */
static int64_t rng_skewed(rng *r, int64_t lo, int64_t hi)
{
    int octaves = 0;
    while ((lo << (octaves + 1)) <= hi)
        octaves++;
    int64_t a = lo << rng_range(r, 0, octaves);
    int64_t b = a * 2 > hi ? hi : a * 2;
    return rng_range(r, a, b);
}

/* x * (per_mille / 1000), rounded. */
static int64_t scale_per_mille(int64_t x, int64_t per_mille)
{
    return (x * per_mille + 500) / 1000;
}

/* ---- output buffer --------------------------------------------------- */

#define OUT_SIZE (1u << 20)

typedef struct out {
    char buf[OUT_SIZE];
    size_t used;
    int failed;
} out;

static void out_flush(out *o)
{
    if (o->used && !o->failed && fwrite(o->buf, 1, o->used, stdout) != o->used)
        o->failed = 1;
    o->used = 0;
}

/* Longest single append: a row is far shorter than this. */
#define OUT_RESERVE 4096u

static void out_reserve(out *o)
{
    if (o->used + OUT_RESERVE > OUT_SIZE)
        out_flush(o);
}

static void out_text(out *o, const char *s)
{
    size_t n = strlen(s);
    memcpy(o->buf + o->used, s, n);
    o->used += n;
}

static void out_char(out *o, char c)
{
    o->buf[o->used++] = c;
}

/* A field: quoted (inner quotes doubled) when it holds a comma or a quote. */
static void out_field(out *o, const char *s)
{
    if (!strpbrk(s, ",\"")) {
        out_text(o, s);
        return;
    }
    out_char(o, '"');
    for (; *s; s++) {
        if (*s == '"')
            out_char(o, '"');
        out_char(o, *s);
    }
    out_char(o, '"');
}

static void out_comma(out *o)
{
    out_char(o, ',');
}

/* A field and the comma after it. */
static void out_cell(out *o, const char *s)
{
    out_field(o, s);
    out_comma(o);
}

/* A non-negative integer, "54,410" style (quoted) from 1,000 on. */
static void out_grouped(out *o, int64_t v)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    if (n > 3)
        out_char(o, '"');
    for (int i = n - 1; i >= 0; i--) {
        out_char(o, digits[i]);
        if (i > 0 && i % 3 == 0)
            out_char(o, ',');
    }
    if (n > 3)
        out_char(o, '"');
}

/* A non-negative fixed-point value: units / 10^decimals, all decimals shown. */
static void out_fixed(out *o, int64_t units, int decimals)
{
    int64_t scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    char digits[24];
    int n = 0;
    int64_t whole = units / scale, frac = units % scale;
    do {
        digits[n++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole > 0);
    while (n > 0)
        out_char(o, digits[--n]);
    if (decimals == 0)
        return;
    out_char(o, '.');
    for (int i = decimals - 1; i >= 0; i--) {
        int64_t d = frac;
        for (int k = 0; k < i; k++)
            d /= 10;
        out_char(o, (char)('0' + d % 10));
    }
}

/* ---- the occupation catalogue ------------------------------------------ */

typedef enum level { LEVEL_TOTAL, LEVEL_MAJOR, LEVEL_MINOR, LEVEL_BROAD, LEVEL_DETAILED } level;

static const char *const level_names[] = {"total", "major", "minor", "broad", "detailed"};
static const char *const level_titles[] = {"Synthetic all occupations", "Synthetic major group",
                                           "Synthetic minor group", "Synthetic broad occupation",
                                           "Synthetic occupation"};

/* SOC major groups OEWS publishes (55, military, it does not). */
static const int major_groups[] = {11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31,
                                   33, 35, 37, 39, 41, 43, 45, 47, 49, 51, 53};
#define MAJOR_COUNT (sizeof major_groups / sizeof major_groups[0])

/* What the wage columns publish for an occupation. */
typedef enum wage_kind { WAGES_BOTH, WAGES_ANNUAL_ONLY, WAGES_HOURLY_ONLY } wage_kind;

typedef struct occupation {
    char code[8];
    char title[48];
    level level;
    int parent[4]; /* catalogue index of the total, major, minor, broad rows (-1: none) */
    int64_t national_employment; /* detailed rows: before block scaling */
    int64_t median_cents;        /* hourly median, national */
    wage_kind wages;
} occupation;

/* The build below gives 1 + 22 majors + 82 minors + 306 broads + 916
 * detailed = 1,327 rows; its ranges (<= 5 minors, <= 6 broads, <= 5
 * detailed) can never exceed 1 + 22 x (1 + 5 x (1 + 6 x (1 + 5))) = 4,093. */
#define MINORS_MAX 5
#define BROADS_MAX 6
#define DETAILS_MAX 5
#define CATALOGUE_MAX (1 + 22 * (1 + MINORS_MAX * (1 + BROADS_MAX * (1 + DETAILS_MAX))))

_Static_assert(sizeof major_groups / sizeof major_groups[0] == 22, "CATALOGUE_MAX counts 22");

typedef struct catalogue {
    occupation occ[CATALOGUE_MAX];
    int count;
    int detailed;
} catalogue;

static int catalogue_add(catalogue *c, level lv, int major, int minor, int broad, int detail,
                         const int *parents)
{
    occupation *o = &c->occ[c->count];
    memset(o, 0, sizeof *o);
    /* NN-M0BD: minor M, broad B, detailed D (zeros for the levels above) */
    char code[16];
    snprintf(code, sizeof code, "%02d-%d0%d%d", major, minor, broad, detail);
    if (lv == LEVEL_TOTAL)
        strcpy(code, "00-0000");
    memcpy(o->code, code, sizeof o->code - 1);
    snprintf(o->title, sizeof o->title, "%s %s", level_titles[lv], code);
    o->level = lv;
    for (int i = 0; i < 4; i++)
        o->parent[i] = i < (int)lv ? parents[i] : -1;
    return c->count++;
}

/* Fixed structure (seeded with a constant) so every seed lists the same codes. */
static void catalogue_build(catalogue *c)
{
    rng r;
    rng_seed(&r, 2018); /* the SOC revision year: any constant will do */
    c->count = 0;
    c->detailed = 0;
    int parents[4] = {-1, -1, -1, -1}; /* gcc -O2 cannot see that level N reads only [0, N) */
    parents[0] = catalogue_add(c, LEVEL_TOTAL, 0, 0, 0, 0, parents);
    for (size_t m = 0; m < MAJOR_COUNT; m++) {
        int major = major_groups[m];
        parents[1] = catalogue_add(c, LEVEL_MAJOR, major, 0, 0, 0, parents);
        int minors = (int)rng_range(&r, 2, MINORS_MAX);
        for (int mi = 1; mi <= minors; mi++) {
            parents[2] = catalogue_add(c, LEVEL_MINOR, major, mi, 0, 0, parents);
            int broads = (int)rng_range(&r, 1, BROADS_MAX);
            for (int b = 1; b <= broads; b++) {
                parents[3] = catalogue_add(c, LEVEL_BROAD, major, mi, b, 0, parents);
                int details = (int)rng_range(&r, 1, DETAILS_MAX);
                for (int d = 1; d <= details; d++) {
                    occupation *o =
                        &c->occ[catalogue_add(c, LEVEL_DETAILED, major, mi, b, d, parents)];
                    c->detailed++;
                    o->national_employment = rng_skewed(&r, 500, 1500000);
                    /* $12-$70 an hour; 4% high earners whose upper
                     * percentiles pass the top code */
                    o->median_cents = rng_chance(&r, 40000) ? rng_range(&r, 8000, 15000)
                                                            : rng_skewed(&r, 1200, 7000);
                    o->wages = WAGES_BOTH;
                    if (major == 25 && rng_chance(&r, 500000))
                        o->wages = WAGES_ANNUAL_ONLY; /* teachers: school-year salaries */
                    else if (major == 27 && rng_chance(&r, 150000))
                        o->wages = WAGES_HOURLY_ONLY; /* performers paid by the hour */
                }
            }
        }
    }
    /* group rows: the plain mean of their members' medians */
    static int64_t sum[CATALOGUE_MAX], members[CATALOGUE_MAX];
    for (int i = 0; i < c->count; i++) {
        if (c->occ[i].level != LEVEL_DETAILED)
            continue;
        for (int p = 0; p < 4; p++) {
            sum[c->occ[i].parent[p]] += c->occ[i].median_cents;
            members[c->occ[i].parent[p]]++;
        }
    }
    for (int i = 0; i < c->count; i++)
        if (c->occ[i].level != LEVEL_DETAILED)
            c->occ[i].median_cents = members[i] ? sum[i] / members[i] : 2000;
}

/* ---- blocks: area + industry + ownership -------------------------------- */

static const char *const state_codes[] = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
    "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
    "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
    "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "GU", "PR", "VI"};
#define STATE_COUNT (sizeof state_codes / sizeof state_codes[0])

/* NAICS sectors; 3-digit industries are sector + digit + "000". */
static const int sectors[] = {11, 21, 22, 23, 31, 42, 44, 48, 51, 52,
                              53, 54, 55, 56, 61, 62, 71, 72, 81, 99};
#define SECTOR_COUNT (sizeof sectors / sizeof sectors[0])
#define INDUSTRY_COUNT (SECTOR_COUNT * 10) /* each sector and 9 of its 3-digit industries */

typedef struct block {
    char area[16], area_title[64], area_type[4], prim_state[4];
    char naics[8], naics_title[64], i_group[48], own_code[8];
    int64_t scale_per_million;    /* employment relative to the nation */
    uint32_t include_per_million; /* share of the catalogue listed */
    int cross_industry;           /* JOBS_1000 and LOC_QUOTIENT published */
    int industry;                 /* PCT_TOTAL and PCT_RPT published */
} block;

/* Block number n, in BLS order: nation, nation by industry, states, metros. */
static void block_describe(uint64_t n, rng *r, block *b)
{
    memset(b, 0, sizeof *b);
    b->cross_industry = 1;
    if (n < 2 + INDUSTRY_COUNT) {
        strcpy(b->area, "99");
        strcpy(b->area_title, "U.S.");
        strcpy(b->area_type, "1");
        strcpy(b->prim_state, "US");
        if (n < 2) {
            strcpy(b->naics, "000000");
            strcpy(b->naics_title, "Cross-industry");
            strcpy(b->i_group,
                   n == 0 ? "cross-industry" : "cross-industry, private ownership only");
            strcpy(b->own_code, n == 0 ? "1235" : "5");
            b->scale_per_million = n == 0 ? 1000000 : 850000;
            b->include_per_million = 1000000;
            return;
        }
        uint64_t i = n - 2;
        int sector = sectors[i % SECTOR_COUNT];
        int digit = (int)(i / SECTOR_COUNT); /* 0: the sector itself */
        snprintf(b->naics, sizeof b->naics, "%02d%d000", sector, digit);
        snprintf(b->naics_title, sizeof b->naics_title, "Synthetic industry %s", b->naics);
        strcpy(b->i_group, digit == 0 ? "sector" : "3-digit");
        strcpy(b->own_code, "5");
        b->cross_industry = 0;
        b->industry = 1;
        b->scale_per_million = digit == 0 ? rng_range(r, 10000, 150000) : rng_range(r, 1000, 30000);
        b->include_per_million = (uint32_t)rng_range(r, 50000, 500000);
        return;
    }
    strcpy(b->naics, "000000");
    strcpy(b->naics_title, "Cross-industry");
    strcpy(b->i_group, "cross-industry");
    strcpy(b->own_code, "1235");
    n -= 2 + INDUSTRY_COUNT;
    if (n < STATE_COUNT) {
        snprintf(b->area, sizeof b->area, "%02d", (int)n + 1);
        snprintf(b->area_title, sizeof b->area_title, "Synthetic state %s", b->area);
        strcpy(b->area_type, "2");
        strcpy(b->prim_state, state_codes[n]);
        b->scale_per_million = rng_range(r, 2000, 120000);
        b->include_per_million = (uint32_t)rng_range(r, 600000, 950000);
        return;
    }
    n -= STATE_COUNT;
    const char *state = state_codes[rng_range(r, 0, (int64_t)STATE_COUNT - 1)];
    /* five-digit metro codes while they last, then seven-digit ones */
    uint64_t code = n < 4400 ? 10000 + 20 * n : 1000000 + n;
    snprintf(b->area, sizeof b->area, "%" PRIu64, code);
    snprintf(b->area_title, sizeof b->area_title, "Synthetic metropolitan area %s, %s", b->area,
             state);
    strcpy(b->area_type, "4");
    strcpy(b->prim_state, state);
    b->scale_per_million = rng_skewed(r, 300, 60000);
    b->include_per_million = (uint32_t)rng_range(r, 200000, 800000);
}

/* ---- rows ---------------------------------------------------------------- */

static const char *const header =
    "AREA,AREA_TITLE,AREA_TYPE,PRIM_STATE,NAICS,NAICS_TITLE,I_GROUP,OWN_CODE,OCC_CODE,"
    "OCC_TITLE,O_GROUP,TOT_EMP,EMP_PRSE,JOBS_1000,LOC_QUOTIENT,PCT_TOTAL,PCT_RPT,H_MEAN,A_MEAN,"
    "MEAN_PRSE,H_PCT10,H_PCT25,H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,"
    "A_PCT90,ANNUAL,HOURLY\n";

/* May 2021+ top code: $115.00 an hour, $239,200 a year. Hourly cents below
 * 11,500 give an annual figure below 239,200, so the two agree on "#". */
#define TOP_CODE_HOURLY_CENTS 11500

/* Marker rates, per million rows. */
#define RATE_EMP_NA 4000     /* "**": employment not available */
#define RATE_WAGE_NA 8000    /* "*": wages not available */
#define RATE_UNDER_HALF 5000 /* "~" in PCT_TOTAL, when the share is below 0.5% */

/* Per-row state of one catalogue entry in the current block. */
typedef struct entry {
    int64_t employment; /* rounded to 10; group rows: sum of their members */
    int listed;         /* detailed: chosen; groups: some member chosen */
} entry;

/* Annual dollars for hourly cents: round(cents x 2080 / 100). */
static int64_t annual_of(int64_t hourly_cents)
{
    return (hourly_cents * 208 + 5) / 10;
}

static void out_wage_pair_hourly(out *o, int64_t cents, wage_kind kind)
{
    if (kind == WAGES_ANNUAL_ONLY)
        out_text(o, "*");
    else if (cents >= TOP_CODE_HOURLY_CENTS)
        out_text(o, "#");
    else
        out_fixed(o, cents, 2);
}

static void out_wage_pair_annual(out *o, int64_t cents, wage_kind kind)
{
    if (kind == WAGES_HOURLY_ONLY)
        out_text(o, "*");
    else if (cents >= TOP_CODE_HOURLY_CENTS)
        out_text(o, "#");
    else
        out_grouped(o, annual_of(cents));
}

static void write_row(out *o, rng *r, const block *b, const occupation *occ, const entry *e,
                      int64_t block_total)
{
    out_reserve(o);
    out_cell(o, b->area);
    out_cell(o, b->area_title);
    out_cell(o, b->area_type);
    out_cell(o, b->prim_state);
    out_cell(o, b->naics);
    out_cell(o, b->naics_title);
    out_cell(o, b->i_group);
    out_cell(o, b->own_code);
    out_cell(o, occ->code);
    out_cell(o, occ->title);
    out_cell(o, level_names[occ->level]);

    /* employment: TOT_EMP, EMP_PRSE, JOBS_1000, LOC_QUOTIENT, PCT_TOTAL, PCT_RPT */
    int emp_na = occ->level == LEVEL_DETAILED && rng_chance(r, RATE_EMP_NA);
    if (emp_na) {
        out_text(o, "**,**,");
        out_text(o, b->cross_industry ? "**,**," : ",,");
        out_text(o, b->industry ? "**," : ",");
    } else {
        out_grouped(o, e->employment);
        out_comma(o);
        out_fixed(o, rng_range(r, 3, 350), 1);
        out_comma(o);
        if (b->cross_industry) {
            /* thousandths of a job per 1,000 jobs */
            out_fixed(o, e->employment * 1000000 / (block_total ? block_total : 1), 3);
            out_comma(o);
            out_fixed(o, occ->level == LEVEL_TOTAL ? 100 : rng_range(r, 20, 300), 2);
            out_comma(o);
        } else {
            out_text(o, ",,");
        }
        if (b->industry) {
            int64_t hundredths = e->employment * 10000 / (block_total ? block_total : 1);
            if (hundredths < 50 && rng_chance(r, RATE_UNDER_HALF))
                out_text(o, "~");
            else
                out_fixed(o, hundredths, 2);
        }
        out_comma(o);
    }
    if (b->industry)
        out_fixed(o, rng_range(r, 1, 100), 0);
    out_comma(o);

    /* wages: H_MEAN, A_MEAN, MEAN_PRSE, H_PCT10..90, A_PCT10..90 */
    wage_kind kind = occ->wages;
    if (rng_chance(r, RATE_WAGE_NA)) {
        out_text(o, "*,*,*,*,*,*,*,*,*,*,*,*,*,");
    } else {
        int64_t median = scale_per_mille(occ->median_cents, rng_range(r, 850, 1200));
        int64_t pct[5];
        pct[2] = median;
        pct[1] = scale_per_mille(median, rng_range(r, 780, 950));
        pct[0] = scale_per_mille(pct[1], rng_range(r, 700, 950));
        pct[3] = scale_per_mille(median, rng_range(r, 1080, 1300));
        pct[4] = scale_per_mille(pct[3], rng_range(r, 1080, 1350));
        int64_t mean = rng_range(r, pct[1], pct[3]);
        /* the mean is published even above the top code (BLS does so) */
        if (kind == WAGES_ANNUAL_ONLY)
            out_text(o, "*");
        else
            out_fixed(o, mean, 2);
        out_comma(o);
        if (kind == WAGES_HOURLY_ONLY)
            out_text(o, "*");
        else
            out_grouped(o, annual_of(mean));
        out_comma(o);
        out_fixed(o, rng_range(r, 2, 150), 1);
        out_comma(o);
        for (int i = 0; i < 5; i++) {
            out_wage_pair_hourly(o, pct[i], kind);
            out_comma(o);
        }
        for (int i = 0; i < 5; i++) {
            out_wage_pair_annual(o, pct[i], kind);
            out_comma(o);
        }
    }
    out_text(o, kind == WAGES_ANNUAL_ONLY ? "TRUE," : ",");
    out_text(o, kind == WAGES_HOURLY_ONLY ? "TRUE\n" : "\n");
}

/* Decide the listed occupations of a block and their employment, then write
 * the block in catalogue (SOC) order. Returns the rows written. */
static uint64_t write_block(out *o, rng *r, const catalogue *c, entry *entries, const block *b,
                            uint64_t rows_left)
{
    memset(entries, 0, sizeof *entries * (size_t)c->count);
    for (int i = 0; i < c->count; i++) {
        const occupation *occ = &c->occ[i];
        if (occ->level != LEVEL_DETAILED || !rng_chance(r, b->include_per_million))
            continue;
        int64_t emp = occ->national_employment * b->scale_per_million / 1000000;
        emp = scale_per_mille(emp, rng_range(r, 500, 1500));
        emp = (emp + 5) / 10 * 10;
        if (emp < 30)
            emp = 30;
        entries[i].employment = emp;
        entries[i].listed = 1;
        for (int p = 0; p < 4; p++) {
            entries[occ->parent[p]].employment += emp;
            entries[occ->parent[p]].listed = 1;
        }
    }
    int64_t block_total = entries[0].employment;
    uint64_t written = 0;
    for (int i = 0; i < c->count && written < rows_left; i++) {
        if (!entries[i].listed)
            continue;
        write_row(o, r, b, &c->occ[i], &entries[i], block_total);
        written++;
    }
    return written;
}

/* ---- main ---------------------------------------------------------------- */

static int parse_u64(const char *text, uint64_t *value)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-')
        return 0;
    *value = v;
    return 1;
}

int main(int argc, char **argv)
{
    uint64_t rows = 0, seed = 1;
    if (argc < 2 || argc > 3 || !parse_u64(argv[1], &rows) ||
        (argc == 3 && !parse_u64(argv[2], &seed))) {
        fprintf(stderr, "usage: bench_gen ROWS [SEED] > synthetic_oews_alldata_ROWS.csv\n"
                        "Writes ROWS data rows of a SYNTHETIC OEWS all-data CSV to stdout.\n");
        return 2;
    }
    static catalogue cat;
    static entry entries[CATALOGUE_MAX];
    static out o;
    catalogue_build(&cat);

    rng r;
    rng_seed(&r, seed);
    out_text(&o, header);
    uint64_t written = 0;
    for (uint64_t n = 0; written < rows && !o.failed; n++) {
        block b;
        block_describe(n, &r, &b);
        written += write_block(&o, &r, &cat, entries, &b, rows - written);
    }
    out_flush(&o);
    if (o.failed || fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "bench_gen: cannot write the output: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
