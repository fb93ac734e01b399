/*
 * crosscheck.c - a verdict on every figure a document quotes.
 *
 * Pipeline stage: model + claims -> *crosscheck* -> render (xlsx, pdf, json).
 *
 * For each claim:
 *  1. Occupation. A soc_code given with the claim is used when the model
 *     holds it; otherwise the name is resolved (bls_aliases_resolve): no
 *     candidate -> missing; several -> ambiguous (the note lists them, no
 *     SOC code is kept); one that the model lacks -> missing (the code is
 *     kept so the reader sees what the name meant).
 *  2. Fact. A claim with a period takes the fact of that period
 *     (bls_period_matches: "2014" matches May 2014). If it matches (or
 *     rounds to) that fact but the data also hold a later period, the
 *     claim is stale: right when written, out of date now; actual keeps the
 *     claim period's value and latest the later one. When there is none:
 *     a later fact for the metric makes the claim stale (both values are
 *     kept, actual stays EMPTY); only earlier facts make it missing (the
 *     note says which periods the data has); no fact at all -> missing.
 *     A claim without a period is compared with the latest fact.
 *  3. Value, in exact integers (bls_number, never double):
 *       equal at the finer precision                  -> match;
 *       the data value rounded (half away from zero) to the decimals the
 *       document wrote equals the claim ("41%" vs 40.9) -> rounding;
 *       anything else                                 -> mismatch.
 *     Rounding only concerns decimal places the document dropped, never
 *     thousands: "$54,000" against 54,410 is a mismatch. `difference` is
 *     claimed - actual at the finer precision.
 *  4. Markers. A fact whose value is a BLS marker has no exact figure to
 *     compare with, so the verdict is missing and `actual` carries the
 *     marker state (renderers show "#", "*"): "#" (top-coded) means at or
 *     above the cap, so a claimed $187,200 can be neither confirmed nor
 *     refuted; "*"/"**" mean BLS published no estimate; "~" means under
 *     0.5 percent. The note says which.
 *  5. Quotes that disagree. Two checks quote one fact when their resolved
 *     SOC code, metric and the years of the period (the data's period when
 *     a fact was found, else the claim's) are the same. Months are ignored:
 *     "2014" and "May 2014" are one OEWS estimate. Their claimed values
 *     disagree unless equal or the finer rounds to the coarser (41% and
 *     40.9% agree). Each check that disagrees with another gets
 *     disagrees_with = the other's index and a BLS_RULE_CLAIM_DISAGREE
 *     finding at its own input line naming both lines. The same value
 *     quoted twice is two checks and no finding.
 *
 *  6. Explanations. A mismatch, a stale figure that is not right for its
 *     own period, and a missing one are handed to bls_explain() (explain.c):
 *     what in the data the claimed value does equal, best first; the best
 *     one ends the note in words. Every claim also gets its bounds (the
 *     interval its precision allows). The SHA-256 of every data file a
 *     check cites is computed here, once per file, so that renderers
 *     (the PDF runs on its own thread) only read the cache.
 *
 * Notes are one sentence each, money with thousands separators ("$54,410"),
 * percents with the decimals written ("40.9%"), sources as file:line.
 */
#include "blsreport/crosscheck.h"
#include "blsreport/diag.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blsreport/aliases.h"
#include "blsreport/alloc.h"

static const char *const verdict_names[BLS_VERDICT_COUNT] = {
    [BLS_VERDICT_MATCH] = "match",       [BLS_VERDICT_ROUNDING] = "rounding",
    [BLS_VERDICT_MISMATCH] = "mismatch", [BLS_VERDICT_MISSING] = "missing",
    [BLS_VERDICT_STALE] = "stale",       [BLS_VERDICT_AMBIGUOUS] = "ambiguous",
};

const char *bls_verdict_name(bls_verdict verdict)
{
    return (unsigned)verdict < BLS_VERDICT_COUNT ? verdict_names[verdict] : "unknown";
}

/* What a marker in the data means for a claim (step 4 above). */
static const struct {
    bls_cell_state state;
    const char *meaning;
} marker_notes[] = {
    {BLS_CELL_TOP_CODED, "top-coded at or above the cap (\"#\"), no exact figure published"},
    {BLS_CELL_WAGE_NA, "wage estimate not available (\"*\")"},
    {BLS_CELL_EMP_NA, "employment estimate not available (\"**\")"},
    {BLS_CELL_UNDER_HALF, "less than 0.5 percent (\"~\"), no exact figure published"},
    {BLS_CELL_EMPTY, "no figure published"},
    {BLS_CELL_INVALID, "not a number"},
};

static const char *marker_meaning(bls_cell_state state)
{
    for (size_t i = 0; i < sizeof marker_notes / sizeof marker_notes[0]; i++)
        if (marker_notes[i].state == state)
            return marker_notes[i].meaning;
    return "no exact figure";
}

/* ---- notes --------------------------------------------------------------- */

/* A sentence built piece by piece into a fixed buffer; silently cut at its
 * end (a note is for humans: the numbers are in the check's fields). */
typedef struct note_buf {
    char *buf;
    size_t size;
    size_t len;
} note_buf;

static void note_add(note_buf *n, const char *fmt, ...) BLS_PRINTF(2, 3);

static void note_add(note_buf *n, const char *fmt, ...)
{
    if (n->len + 1 >= n->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int written = vsnprintf(n->buf + n->len, n->size - n->len, fmt, ap);
    va_end(ap);
    if (written < 0)
        n->buf[n->len] = '\0';
    else if ((size_t)written >= n->size - n->len)
        n->len = n->size - 1;
    else
        n->len += (size_t)written;
}

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : (path ? path : "");
}

/* Longest formatted amount: sign, '$', 19 digits, 6 separators, point, unit. */
#define AMOUNT_MAX 64

/* "$54,410", "-$10", "+$360", "40.9%", "1,234", "3 percentage points";
 * markers as their text ("#"). */
static void format_amount(const bls_number *n, bls_unit unit, int is_difference, char *out,
                          size_t size)
{
    char plain[AMOUNT_MAX];
    if (n->state != BLS_CELL_VALUE) {
        const char *marker = bls_cell_marker(n->state);
        snprintf(out, size, "%s", marker ? marker : "(none)");
        return;
    }
    if (bls_number_format(n, plain, sizeof plain) == 0) {
        snprintf(out, size, "?");
        return;
    }
    const char *digits = plain[0] == '-' ? plain + 1 : plain;
    const char *sign = plain[0] == '-' ? "-" : (is_difference && n->scaled > 0 ? "+" : "");
    size_t int_len = strcspn(digits, ".");
    char grouped[AMOUNT_MAX];
    size_t g = 0;
    for (size_t i = 0; digits[i] && g + 2 < sizeof grouped; i++) {
        if (i > 0 && i < int_len && (int_len - i) % 3 == 0)
            grouped[g++] = ',';
        grouped[g++] = digits[i];
    }
    grouped[g] = '\0';
    int dollars = unit == BLS_UNIT_DOLLARS_YEAR || unit == BLS_UNIT_DOLLARS_HOUR;
    const char *suffix = "";
    if (unit == BLS_UNIT_PERCENT)
        suffix = is_difference ? " percentage points" : "%";
    note_buf text = {out, size, 0};
    out[0] = '\0';
    note_add(&text, "%s%s%s%s", sign, dollars ? "$" : "", grouped, suffix);
}

/* "May 2014, oes_national_M2014_dl.csv:6" */
static void note_fact_source(note_buf *n, const bls_fact *fact)
{
    char period[32];
    if (bls_period_format(&fact->period, period, sizeof period) == 0)
        snprintf(period, sizeof period, "period unknown");
    if (fact->path && fact->path[0]) {
        /* a worksheet ("occupation_2012-22.xls:Table 1.2") is located by its
         * cell, as an analyst opens it: "...:Table 1.2!H452" */
        const char *base = base_name(fact->path);
        int sheet = fact->column > 0 && (strstr(base, ".xlsx:") || strstr(base, ".xls:") ||
                                         strstr(base, ".XLSX:") || strstr(base, ".XLS:"));
        char where[512];
        if (sheet && bls_location_format(where, sizeof where, base, fact->line, fact->column, 1) <
                         sizeof where)
            note_add(n, "%s, %s", period, where);
        else
            note_add(n, "%s, %s:%llu", period, base, (unsigned long long)fact->line);
    } else {
        note_add(n, "%s", period);
    }
}

static void note_occupation(note_buf *n, const bls_check *check)
{
    if (check->title)
        note_add(n, "%s %s", check->soc_code, check->title);
    else
        note_add(n, "%s", check->soc_code);
}

/* ---- step 1: the occupation ------------------------------------------ */

static int soc_in_model(const bls_model *model, const char *soc)
{
    return soc[0] && bls_model_find(model, soc) != NULL;
}

/* Fills check->soc_code/title and returns the occupation, or NULL with the
 * verdict (missing or ambiguous) and note already set. */
static const bls_occupation *resolve_occupation(const bls_model *model,
                                                const bls_alias_index *names,
                                                const bls_claim *claim, bls_check *check,
                                                note_buf *note)
{
    if (soc_in_model(model, claim->soc_code)) {
        const bls_occupation *occ = bls_model_find(model, claim->soc_code);
        memcpy(check->soc_code, occ->soc_code, sizeof check->soc_code);
        check->title = occ->title;
        return occ;
    }
    const char *name = claim->occupation ? claim->occupation : "";
    bls_name_match match;
    bls_aliases_resolve_in(names, name, strlen(name), &match);
    if (match.count > BLS_ALIAS_MAX_CANDIDATES)
        match.count = BLS_ALIAS_MAX_CANDIDATES;

    if (match.count == 1) {
        memcpy(check->soc_code, match.soc_codes[0], sizeof check->soc_code);
        check->soc_code[sizeof check->soc_code - 1] = '\0';
        const bls_occupation *occ = bls_model_find(model, check->soc_code);
        if (occ) {
            check->title = occ->title;
            return occ;
        }
    }
    if (match.count > 1) {
        check->verdict = BLS_VERDICT_AMBIGUOUS;
        note_add(note, "\"%s\" matches %zu occupations:", name, match.count);
        for (size_t i = 0; i < match.count; i++) {
            const bls_occupation *occ = bls_model_find(model, match.soc_codes[i]);
            note_add(note, "%s %.8s", i ? "," : "", match.soc_codes[i]);
            if (occ && occ->title)
                note_add(note, " %s", occ->title);
        }
        if (claim->soc_code[0])
            note_add(note, " (SOC %s is not in the data)", claim->soc_code);
        return NULL;
    }
    check->verdict = BLS_VERDICT_MISSING;
    if (claim->soc_code[0])
        note_add(note, "SOC %s is not in the data; ", claim->soc_code);
    if (match.count == 1)
        note_add(note, "\"%s\" is %s, which is not in the data", name, check->soc_code);
    else
        note_add(note, "\"%s\" matches no occupation in the data", name);
    return NULL;
}

/* ---- step 3/4: the value ------------------------------------------------ */

static int sub_overflows(int64_t a, int64_t b)
{
    return (b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b);
}

/* claimed - actual at the finer precision; EMPTY when it does not fit. */
static bls_number difference_of(const bls_number *claimed, const bls_number *actual, bls_unit unit)
{
    bls_number none = {BLS_CELL_EMPTY, 0, 0, 0};
    unsigned fine = claimed->decimals > actual->decimals ? claimed->decimals : actual->decimals;
    int64_t c, a;
    if (bls_number_rescale(claimed, fine, &c) != 0 || bls_number_rescale(actual, fine, &a) != 0 ||
        sub_overflows(c, a))
        return none;
    bls_number d = bls_number_make(c - a, fine);
    if (unit == BLS_UNIT_DOLLARS_YEAR || unit == BLS_UNIT_DOLLARS_HOUR)
        d.flags |= BLS_NUM_DOLLAR;
    else if (unit == BLS_UNIT_PERCENT)
        d.flags |= BLS_NUM_PERCENT;
    return d;
}

/* True when the coarser of two values equals the finer rounded to its
 * decimals (equal values included). */
static int agrees_at_coarser_precision(const bls_number *a, const bls_number *b)
{
    if (bls_number_compare(a, b) == 0)
        return 1;
    const bls_number *coarse = a->decimals <= b->decimals ? a : b;
    const bls_number *fine = coarse == a ? b : a;
    int64_t rounded;
    if (coarse->decimals == fine->decimals ||
        bls_number_rescale(fine, coarse->decimals, &rounded) != 0)
        return 0;
    return rounded == coarse->scaled;
}

static void compare_with_fact(const bls_claim *claim, const bls_fact *fact, bls_check *check,
                              note_buf *note)
{
    bls_unit unit = bls_metric_unit(claim->metric);
    char claimed[AMOUNT_MAX], actual[AMOUNT_MAX], diff[AMOUNT_MAX];
    check->actual = fact->value;
    check->actual_period = fact->period;
    check->fact = fact;
    format_amount(&claim->claimed, unit, 0, claimed, sizeof claimed);

    if (fact->value.state != BLS_CELL_VALUE) {
        check->verdict = BLS_VERDICT_MISSING;
        note_add(note, "data: %s (", marker_meaning(fact->value.state));
        note_fact_source(note, fact);
        note_add(note, "); claimed %s cannot be checked", claimed);
        return;
    }
    format_amount(&fact->value, unit, 0, actual, sizeof actual);
    if (fact->conflict_path) {
        /* two inputs disagree on this figure: neither is taken silently */
        char other[AMOUNT_MAX];
        format_amount(&fact->conflict_value, unit, 0, other, sizeof other);
        check->verdict = BLS_VERDICT_AMBIGUOUS;
        note_add(note, "claimed %s; the data disagree: %s (", claimed, actual);
        note_fact_source(note, fact);
        note_add(note, ") but %s (%s:%llu); not checked (data-conflict)", other,
                 base_name(fact->conflict_path), (unsigned long long)fact->conflict_line);
        return;
    }
    if (claim->claimed.state != BLS_CELL_VALUE) {
        check->verdict = BLS_VERDICT_MISSING;
        note_add(note, "claimed \"%s\" is not a number; data: %s (",
                 claim->claimed_text ? claim->claimed_text : "", actual);
        note_fact_source(note, fact);
        note_add(note, ")");
        return;
    }
    if (bls_number_compare(&claim->claimed, &fact->value) == 0) {
        check->verdict = BLS_VERDICT_MATCH;
        note_add(note, "data: %s (", actual);
        note_fact_source(note, fact);
        note_add(note, ")");
        return;
    }
    check->difference = difference_of(&claim->claimed, &fact->value, unit);
    int64_t rounded;
    if (claim->claimed.decimals < fact->value.decimals &&
        bls_number_rescale(&fact->value, claim->claimed.decimals, &rounded) == 0 &&
        rounded == claim->claimed.scaled) {
        check->verdict = BLS_VERDICT_ROUNDING;
        note_add(note, "claimed %s, data %s (", claimed, actual);
        note_fact_source(note, fact);
        note_add(note, "): equal at the claim's precision");
        return;
    }
    check->verdict = BLS_VERDICT_MISMATCH;
    format_amount(&check->difference, unit, 1, diff, sizeof diff);
    note_add(note, "claimed %s, data %s (", claimed, actual);
    note_fact_source(note, fact);
    if (check->difference.state == BLS_CELL_VALUE)
        note_add(note, "): off by %s", diff);
    else
        note_add(note, ")");
}

/* ---- step 2: the fact ------------------------------------------------- */

static void note_periods_held(note_buf *note, const bls_occupation *occ, bls_metric metric)
{
    const char *sep = "; the data have ";
    for (size_t i = 0; i < occ->fact_count; i++) {
        char period[32];
        if (occ->facts[i].metric != metric ||
            bls_period_format(&occ->facts[i].period, period, sizeof period) == 0)
            continue;
        note_add(note, "%s%s", sep, period);
        sep = ", ";
    }
}

static void check_against_occupation(const bls_claim *claim, const bls_occupation *occ,
                                     bls_check *check, note_buf *note)
{
    bls_unit unit = bls_metric_unit(claim->metric);
    const bls_fact *latest = bls_occupation_latest(occ, claim->metric);
    if (!latest) {
        check->verdict = BLS_VERDICT_MISSING;
        note_add(note, "no %s for ", bls_metric_label(claim->metric));
        note_occupation(note, check);
        note_add(note, " in the data");
        return;
    }
    if (!bls_period_known(&claim->period)) {
        compare_with_fact(claim, latest, check, note);
        return;
    }
    const bls_fact *fact = bls_occupation_fact(occ, claim->metric, &claim->period);
    int later_exists = bls_period_compare(&latest->period, &claim->period) > 0 &&
                       !bls_period_matches(&claim->period, &latest->period);
    if (fact) {
        compare_with_fact(claim, fact, check, note);
        /* Right for its period, but the data hold a later one: stale, with
         * both values. A wrong figure stays a mismatch (the worse news). */
        if (later_exists && (check->verdict == BLS_VERDICT_MATCH ||
                             check->verdict == BLS_VERDICT_ROUNDING)) {
            char later[AMOUNT_MAX], later_period[32];
            check->verdict = BLS_VERDICT_STALE;
            check->latest = latest->value;
            check->latest_period = latest->period;
            check->latest_fact = latest;
            format_amount(&latest->value, unit, 0, later, sizeof later);
            if (bls_period_format(&latest->period, later_period, sizeof later_period) == 0)
                later_period[0] = '\0';
            note_add(note, "; stale: the data also have %s %s", later_period, later);
            if (latest->path && latest->path[0])
                note_add(note, " (%s:%llu)", base_name(latest->path),
                         (unsigned long long)latest->line);
        }
        return;
    }
    char claim_period[32];
    if (bls_period_format(&claim->period, claim_period, sizeof claim_period) == 0)
        claim_period[0] = '\0';
    if (later_exists) {
        char claimed[AMOUNT_MAX], later[AMOUNT_MAX], later_period[32];
        check->verdict = BLS_VERDICT_STALE;
        check->latest = latest->value;
        check->latest_period = latest->period;
        check->latest_fact = latest;
        format_amount(&claim->claimed, unit, 0, claimed, sizeof claimed);
        format_amount(&latest->value, unit, 0, later, sizeof later);
        if (bls_period_format(&latest->period, later_period, sizeof later_period) == 0)
            later_period[0] = '\0';
        note_add(note, "stale: claim %s %s; data %s %s", claim_period, claimed, later_period,
                 later);
        if (latest->path && latest->path[0])
            note_add(note, " (%s:%llu)", base_name(latest->path), (unsigned long long)latest->line);
        return;
    }
    check->verdict = BLS_VERDICT_MISSING;
    note_add(note, "no %s for %s in the data", bls_metric_label(claim->metric), claim_period);
    note_periods_held(note, occ, claim->metric);
}

/* ---- step 6: explanations (explain.c) ---------------------------------- */

/* "median annual wage": a label inside a sentence. */
static void note_metric(note_buf *n, bls_metric metric)
{
    const char *label = bls_metric_label(metric);
    note_add(n, "%c%s", (char)tolower((unsigned char)label[0]), label + 1);
}

static void note_codes(note_buf *n, const bls_explanation *e)
{
    for (size_t i = 0; i < e->soc_count; i++) {
        note_add(n, "%s%s", i == 0 ? "" : (i + 1 == e->soc_count ? " and " : ", "),
                 e->soc_codes[i]);
        if (e->titles[i] && e->titles[i][0])
            note_add(n, " %s", e->titles[i]);
    }
}

/* The best explanation as words, appended to the note:
 *   "; 5% is 29-2053 Psychiatric Technicians and 31-1013 Psychiatric Aides combined (4.97%)"
 *   "; $29,880 is the May 2013 median annual wage ($29,880, national_M2013_dl.csv:564)" */
static void note_explanation(note_buf *n, const bls_check *check)
{
    const bls_explanation *e = &check->explanations[0];
    bls_unit unit = bls_metric_unit(check->claim->metric);
    char claimed[AMOUNT_MAX], value[AMOUNT_MAX], period[32];
    format_amount(&check->claim->claimed, unit, 0, claimed, sizeof claimed);
    format_amount(&e->value, e->thousands ? BLS_UNIT_PERSONS : unit, 0, value, sizeof value);
    if (bls_period_format(&e->period, period, sizeof period) == 0)
        snprintf(period, sizeof period, "another period");
    note_add(n, "; %s is ", claimed);
    switch (e->kind) {
    case BLS_EXPLAIN_OTHER_PERIOD:
        note_add(n, "the %s ", period);
        note_metric(n, e->metric);
        break;
    case BLS_EXPLAIN_OTHER_METRIC:
        note_add(n, "the ");
        note_metric(n, e->metric);
        if (e->hours_factor)
            note_add(n, unit == BLS_UNIT_DOLLARS_HOUR ? " / 2,080 hours" : " x 2,080 hours");
        if (e->thousands)
            note_add(n, " in thousands");
        note_add(n, ", not the ");
        note_metric(n, check->claim->metric);
        break;
    case BLS_EXPLAIN_COMBINED:
        note_codes(n, e);
        note_add(n, " combined");
        break;
    case BLS_EXPLAIN_GROUP:
        note_add(n, "the figure of the group ");
        note_codes(n, e);
        break;
    case BLS_EXPLAIN_OTHER_OCCUPATION:
        note_add(n, "the figure of ");
        note_codes(n, e);
        break;
    case BLS_EXPLAIN_KIND_COUNT: break;
    }
    note_add(n, " (%s%s", value, e->thousands ? " thousand" : "");
    if (e->kind != BLS_EXPLAIN_COMBINED && e->fact && e->fact->path && e->fact->path[0])
        note_add(n, ", %s:%llu", base_name(e->fact->path), (unsigned long long)e->fact->line);
    note_add(n, ")");
}

/* Explain a mismatch, a stale or a missing figure, unless it does equal the
 * data value it was compared with (right, merely out of date). */
static void explain_check(const bls_explain_index *index, const bls_occupation *occ,
                          bls_check *check, bls_explanation *found, note_buf *note)
{
    if (!occ || (check->verdict != BLS_VERDICT_MISMATCH && check->verdict != BLS_VERDICT_STALE &&
                 check->verdict != BLS_VERDICT_MISSING))
        return;
    if (check->fact && bls_value_rounds_to(&check->fact->value, &check->claim->claimed))
        return;
    check->explanation_count =
        bls_explain(index, check->claim, occ, check->fact, found, BLS_EXPLAIN_MAX);
    check->explanations = found; /* until bls_crosscheck moves them into its pool */
    if (check->explanation_count)
        note_explanation(note, check);
}

static void check_claim(const bls_model *model, const bls_alias_index *names,
                        const bls_explain_index *index, const bls_claim *claim, bls_check *check,
                        bls_explanation *found)
{
    note_buf note = {check->note, sizeof check->note, 0};
    check->note[0] = '\0';
    check->claim = claim;
    check->disagrees_with = -1;
    check->actual.state = BLS_CELL_EMPTY;
    check->difference.state = BLS_CELL_EMPTY;
    check->latest.state = BLS_CELL_EMPTY;
    check->bound_low.state = BLS_CELL_EMPTY;
    check->bound_high.state = BLS_CELL_EMPTY;
    if (bls_claim_bounds(&claim->claimed, &check->bound_low, &check->bound_high) != 0)
        check->bound_low.state = check->bound_high.state = BLS_CELL_EMPTY;
    const bls_occupation *occ = resolve_occupation(model, names, claim, check, &note);
    if (occ) {
        check_against_occupation(claim, occ, check, &note);
        explain_check(index, occ, check, found, &note);
    }
}

/* ---- step 5: quotes of one fact that disagree ------------------------- */

/* The period two quotes are compared by: the data's when a fact was found
 * (actual holds a value or a marker), else the claim's. */
static const bls_period *key_period(const bls_check *c)
{
    return bls_period_known(&c->actual_period) ? &c->actual_period : &c->claim->period;
}

static int compare_int(long long a, long long b)
{
    return (a > b) - (a < b);
}

/* Orders by fact (SOC code, metric, years), then by claimed value, then by
 * position so that equal keys keep the claims' order. */
static int compare_by_fact(const void *pa, const void *pb)
{
    const bls_check *a = *(const bls_check *const *)pa;
    const bls_check *b = *(const bls_check *const *)pb;
    int c = strcmp(a->soc_code, b->soc_code);
    if (!c)
        c = compare_int(a->claim->metric, b->claim->metric);
    if (!c)
        c = compare_int(key_period(a)->year_to, key_period(b)->year_to);
    if (!c)
        c = compare_int(key_period(a)->year_from, key_period(b)->year_from);
    if (!c)
        c = bls_number_compare(&a->claim->claimed, &b->claim->claimed);
    if (!c)
        c = compare_int(a->claim->claimed.decimals, b->claim->claimed.decimals);
    if (!c)
        c = compare_int(a < b ? 0 : 1, b < a ? 0 : 1);
    return c;
}

static int same_fact(const bls_check *a, const bls_check *b)
{
    return strcmp(a->soc_code, b->soc_code) == 0 && a->claim->metric == b->claim->metric &&
           key_period(a)->year_to == key_period(b)->year_to &&
           key_period(a)->year_from == key_period(b)->year_from;
}

static int same_written_value(const bls_number *a, const bls_number *b)
{
    return a->state == b->state && a->decimals == b->decimals && a->scaled == b->scaled;
}

static int quotes_disagree(const bls_check *a, const bls_check *b)
{
    if (a->claim->claimed.state != BLS_CELL_VALUE || b->claim->claimed.state != BLS_CELL_VALUE)
        return 0;
    return !agrees_at_coarser_precision(&a->claim->claimed, &b->claim->claimed);
}

static bls_status report_disagreement(bls_checks *out, size_t self, size_t other,
                                      bls_findings *findings)
{
    bls_check *k = &out->items[self];
    const bls_claim *a = k->claim, *b = out->items[other].claim;
    char a_value[AMOUNT_MAX], b_value[AMOUNT_MAX], period[32];
    bls_unit unit = bls_metric_unit(a->metric);
    format_amount(&a->claimed, unit, 0, a_value, sizeof a_value);
    format_amount(&b->claimed, unit, 0, b_value, sizeof b_value);
    k->disagrees_with = (int)other;
    note_buf note = {k->note, sizeof k->note, strlen(k->note)};
    note_add(&note, "; %s:%llu quotes %s", base_name(b->document), (unsigned long long)b->line,
             b_value);
    if (!findings)
        return BLS_OK;
    if (bls_period_format(key_period(k), period, sizeof period) == 0)
        snprintf(period, sizeof period, "latest");
    return bls_findings_add(findings, a->input_path, a->input_line, 0, BLS_RULE_CLAIM_DISAGREE,
                            "%s:%llu quotes %s of %s (%s) as %s, but %s:%llu quotes %s",
                            a->document, (unsigned long long)a->line, bls_metric_name(a->metric),
                            k->soc_code, period, a_value, b->document, (unsigned long long)b->line,
                            b_value);
}

/* Sorting groups the quotes of each fact and, inside a group, equal values
 * into runs; each check then looks at one value per run, so the work stays
 * linear in the number of distinct values however often a figure is quoted. */
static bls_status find_disagreements(bls_checks *out, bls_findings *findings)
{
    size_t n = out->count;
    if (n < 2)
        return BLS_OK;
    /* An array of pointers: its element size is a pointer's, which clang-tidy
     * 14 takes for a mistaken sizeof(struct *). */
    // NOLINTNEXTLINE(bugprone-sizeof-expression)
    const bls_check **order = bls_calloc(n, sizeof *order);
    size_t *run_end = bls_calloc(n, sizeof *run_end);
    if (!order || !run_end) {
        bls_free(order);
        bls_free(run_end);
        return BLS_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = &out->items[i];
    qsort(order, n, sizeof *order, compare_by_fact); // NOLINT(bugprone-sizeof-expression): as above
    for (size_t i = n; i-- > 0;)
        run_end[i] =
            i + 1 < n && same_fact(order[i], order[i + 1]) &&
                    same_written_value(&order[i]->claim->claimed, &order[i + 1]->claim->claimed)
                ? run_end[i + 1]
                : i + 1;

    bls_status st = BLS_OK;
    size_t group = 0;
    while (group < n && st == BLS_OK) {
        size_t group_end = group + 1;
        while (group_end < n && same_fact(order[group], order[group_end]))
            group_end++;
        if (order[group]->soc_code[0]) {
            for (size_t i = group; i < group_end && st == BLS_OK; i++) {
                for (size_t run = group; run < group_end; run = run_end[run]) {
                    if (!quotes_disagree(order[i], order[run]))
                        continue;
                    size_t self = (size_t)(order[i] - out->items);
                    size_t other = (size_t)(order[run] - out->items);
                    st = report_disagreement(out, self, other, findings);
                    break;
                }
            }
        }
        group = group_end;
    }
    bls_free(order);
    bls_free(run_end);
    return st;
}

/* ---- the whole pass ------------------------------------------------------ */

/* Append a check's explanations to the pool of all checks. */
static bls_status keep_explanations(bls_checks *result, size_t *capacity,
                                    const bls_explanation *found, size_t n)
{
    if (result->explanation_total + n > *capacity) {
        size_t cap = *capacity ? *capacity * 2 : 16;
        while (cap < result->explanation_total + n)
            cap *= 2;
        bls_explanation *grown = bls_realloc(result->explanations, cap * sizeof *grown);
        if (!grown)
            return BLS_ERR_NOMEM;
        result->explanations = grown;
        *capacity = cap;
    }
    memcpy(result->explanations + result->explanation_total, found, n * sizeof *found);
    result->explanation_total += n;
    return BLS_OK;
}

bls_status bls_crosscheck(const bls_model *model, const bls_claims *claims, bls_findings *findings,
                          bls_checks *out)
{
    if (!out)
        return BLS_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    if (!claims)
        return BLS_ERR_INVALID_ARG;
    bls_checks result;
    memset(&result, 0, sizeof result);
    result.items = bls_calloc(claims->count ? claims->count : 1, sizeof *result.items);
    if (!result.items)
        return BLS_ERR_NOMEM;
    result.count = claims->count;
    size_t capacity = 0; /* of result.explanations */
    result.hashes = bls_hashes_new();
    bls_explain_index *index = bls_explain_index_new(model);
    /* every title normalised once for the run, not once per claim */
    bls_alias_index *names = bls_alias_index_new(model);
    if (!result.hashes || !index || !names) {
        bls_explain_index_free(index);
        bls_alias_index_free(names);
        bls_checks_cleanup(&result);
        return BLS_ERR_NOMEM;
    }
    for (size_t i = 0; i < claims->count; i++) {
        bls_explanation found[BLS_EXPLAIN_MAX];
        bls_check *k = &result.items[i];
        check_claim(model, names, index, &claims->items[i], k, found);
        result.by_verdict[k->verdict]++;
        if (k->explanation_count && keep_explanations(&result, &capacity, found,
                                                      k->explanation_count) != BLS_OK) {
            bls_explain_index_free(index);
            bls_alias_index_free(names);
            bls_checks_cleanup(&result);
            return BLS_ERR_NOMEM;
        }
    }
    bls_explain_index_free(index);
    bls_alias_index_free(names);
    /* Explanations are rare: kept in one pool, pointed at once it stops moving. */
    const bls_explanation *next = result.explanations;
    for (size_t i = 0; i < result.count; i++) {
        bls_check *k = &result.items[i];
        k->explanations = k->explanation_count ? next : NULL;
        next += k->explanation_count;
    }
    for (size_t i = 0; i < result.count; i++) {
        const bls_check *k = &result.items[i];
        const bls_fact *cited[2 + BLS_EXPLAIN_MAX * (1 + BLS_EXPLAIN_MAX_PARTS)];
        size_t n = 0;
        cited[n++] = k->fact;
        cited[n++] = k->latest_fact;
        for (size_t e = 0; e < k->explanation_count; e++) {
            cited[n++] = k->explanations[e].fact;
            for (size_t p = 0; p < k->explanations[e].part_count; p++)
                cited[n++] = k->explanations[e].parts[p];
        }
        for (size_t j = 0; j < n; j++)
            if (cited[j])
                (void)bls_hashes_get(result.hashes, cited[j]->path);
    }
    bls_status st = find_disagreements(&result, findings);
    if (st != BLS_OK) {
        bls_checks_cleanup(&result);
        return st;
    }
    *out = result;
    return BLS_OK;
}

void bls_checks_cleanup(bls_checks *checks)
{
    if (!checks)
        return;
    bls_free(checks->items);
    bls_free(checks->explanations);
    bls_hashes_free(checks->hashes);
    memset(checks, 0, sizeof *checks);
}

int bls_check_provenance(const bls_checks *checks, const bls_check *check, int explanation,
                         bls_provenance *out)
{
    if (!out)
        return -1;
    memset(out, 0, sizeof *out);
    if (!check)
        return -1;
    const bls_fact *fact = check->fact;
    const char *soc = check->soc_code;
    if (explanation >= 0) {
        if ((size_t)explanation >= check->explanation_count)
            return -1;
        const bls_explanation *e = &check->explanations[explanation];
        fact = e->fact;
        soc = e->soc_count ? e->soc_codes[0] : "";
    }
    if (!fact)
        return -1;
    bls_provenance_of(fact, soc, checks ? checks->hashes : NULL, out);
    return 0;
}
