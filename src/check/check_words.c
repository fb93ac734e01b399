/*
 * check_words.c - a verdict in words (see check_words.h).
 *
 * Pipeline stage: crosscheck -> *check_words* -> render.
 *
 * Reads a bls_check's fields and writes its sentence; decides nothing (the
 * verdict and its case come from crosscheck.c). The sentence grows in a
 * bls_dynbuf with a printf-style append: a pass that fails (out of memory,
 * the buffer's limit) stops adding and its status is returned, so a note is
 * either whole or an error, never silently cut.
 *
 * Amounts: money with thousands separators ("$54,410"), differences signed
 * ("+$360", "-3 percentage points"), percents with the decimals written
 * ("40.9%"), markers as their text ("#").
 */
#include "blsreport/check/check_words.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "blsreport/base/cells.h"
#include "blsreport/base/diag.h"
#include "blsreport/base/metric.h"
#include "blsreport/base/period.h"

/* What a marker in the data means for a claim (crosscheck.c, step 4). */
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

/* ---- the growing sentence ------------------------------------------------ */

/* The buffer and the first failure: after one, nothing more is added. */
typedef struct words {
    bls_dynbuf *out;
    bls_status status;
} words;

static void say(words *w, const char *fmt, ...) BLS_PRINTF(2, 3);

static void say(words *w, const char *fmt, ...)
{
    if (w->status != BLS_OK)
        return;
    va_list ap;
    va_start(ap, fmt);
    w->status = bls_dynbuf_vprintf(w->out, fmt, ap);
    va_end(ap);
}

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : (path ? path : "");
}

/* Longest formatted amount: sign, '$', the digits grouped, " percentage
 * points"; the digits of an int64 (19, a point, 6 separators) fit in
 * GROUPED_MAX. */
#define AMOUNT_MAX 64
#define GROUPED_MAX 32
/* Longest formatted period ("May 2014", "2012-2022"). */
#define PERIOD_MAX 32

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
    char grouped[GROUPED_MAX];
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
    snprintf(out, size, "%s%s%s%s", sign, dollars ? "$" : "", grouped, suffix);
}

/* A period as words, or @p otherwise when it has none. */
static void format_period(const bls_period *p, const char *otherwise, char *out, size_t size)
{
    if (bls_period_format(p, out, size) == 0)
        snprintf(out, size, "%s", otherwise);
}

/* "May 2014, oes_national_M2014_dl.csv:6" */
static void say_fact_source(words *w, const bls_fact *fact)
{
    char period[PERIOD_MAX];
    format_period(&fact->period, "period unknown", period, sizeof period);
    if (fact->path && fact->path[0]) {
        /* a worksheet ("occupation_2012-22.xls:Table 1.2") is located by its
         * cell, as an analyst opens it: "...:Table 1.2!H452" */
        const char *base = base_name(fact->path);
        int sheet = fact->column > 0 && (strstr(base, ".xlsx:") || strstr(base, ".xls:") ||
                                         strstr(base, ".XLSX:") || strstr(base, ".XLS:"));
        char where[512];
        if (sheet && bls_location_format(where, sizeof where, base, fact->line, fact->column, 1) <
                         sizeof where)
            say(w, "%s, %s", period, where);
        else
            say(w, "%s, %s:%llu", period, base, (unsigned long long)fact->line);
    } else {
        say(w, "%s", period);
    }
}

/* " (b.csv:6)" when the fact has a file. */
static void say_fact_line(words *w, const bls_fact *fact)
{
    if (fact && fact->path && fact->path[0])
        say(w, " (%s:%llu)", base_name(fact->path), (unsigned long long)fact->line);
}

/* "median annual wage": a label inside a sentence. */
static void say_metric(words *w, bls_metric metric)
{
    const char *label = bls_metric_label(metric);
    say(w, "%c%s", (char)tolower((unsigned char)label[0]), label + 1);
}

/* "; the data have May 2014, May 2015": what the occupation holds instead. */
static void say_periods_held(words *w, const bls_occupation *occ, bls_metric metric)
{
    const char *sep = "; the data have ";
    for (size_t i = 0; occ && i < occ->fact_count; i++) {
        char period[PERIOD_MAX];
        if (occ->facts[i].metric != metric ||
            bls_period_format(&occ->facts[i].period, period, sizeof period) == 0)
            continue;
        say(w, "%s%s", sep, period);
        sep = ", ";
    }
}

/* ---- the case of the verdict ------------------------------------------- */

/* The cases that compared the claim with a fact (they need check->fact). */
static int compared_with_fact(bls_verdict_case c)
{
    return c == BLS_CASE_EQUAL || c == BLS_CASE_EQUAL_AT_PRECISION || c == BLS_CASE_OFF_BY ||
           c == BLS_CASE_MARKER_IN_DATA || c == BLS_CASE_DATA_CONFLICT ||
           c == BLS_CASE_CLAIM_NOT_A_NUMBER;
}

/* A claim's value against the fact it was compared with. */
static void say_comparison(words *w, const bls_check *check, bls_unit unit)
{
    const bls_claim *claim = check->claim;
    const bls_fact *fact = check->fact;
    char claimed[AMOUNT_MAX], actual[AMOUNT_MAX];
    format_amount(&claim->claimed, unit, 0, claimed, sizeof claimed);
    format_amount(&check->actual, unit, 0, actual, sizeof actual);
    switch (check->verdict_case) {
    case BLS_CASE_MARKER_IN_DATA:
        say(w, "data: %s (", marker_meaning(check->actual.state));
        say_fact_source(w, fact);
        say(w, "); claimed %s cannot be checked", claimed);
        break;
    case BLS_CASE_DATA_CONFLICT: {
        char other[AMOUNT_MAX];
        format_amount(&fact->conflict_value, unit, 0, other, sizeof other);
        say(w, "claimed %s; the data disagree: %s (", claimed, actual);
        say_fact_source(w, fact);
        say(w, ") but %s (%s:%llu); not checked (data-conflict)", other,
            base_name(fact->conflict_path), (unsigned long long)fact->conflict_line);
        break;
    }
    case BLS_CASE_CLAIM_NOT_A_NUMBER:
        say(w, "claimed \"%s\" is not a number; data: %s (",
            claim->claimed_text ? claim->claimed_text : "", actual);
        say_fact_source(w, fact);
        say(w, ")");
        break;
    case BLS_CASE_EQUAL:
        say(w, "data: %s (", actual);
        say_fact_source(w, fact);
        say(w, ")");
        break;
    case BLS_CASE_EQUAL_AT_PRECISION:
        say(w, "claimed %s, data %s (", claimed, actual);
        say_fact_source(w, fact);
        say(w, "): equal at the claim's precision");
        break;
    case BLS_CASE_OFF_BY:
        say(w, "claimed %s, data %s (", claimed, actual);
        say_fact_source(w, fact);
        if (check->difference.state == BLS_CELL_VALUE) {
            char diff[AMOUNT_MAX];
            format_amount(&check->difference, unit, 1, diff, sizeof diff);
            say(w, "): off by %s", diff);
        } else {
            say(w, ")");
        }
        break;
    case BLS_CASE_NO_METRIC:
    case BLS_CASE_NO_PERIOD:
    case BLS_CASE_ONLY_LATER_PERIOD:
    case BLS_CASE_NAME_MATCHES_SEVERAL:
    case BLS_CASE_NAME_NOT_IN_DATA:
    case BLS_CASE_NAME_MATCHES_NONE:
    case BLS_CASE_COUNT: break; /* no fact compared: say_case() says these */
    }
}

/* "SOC 99-9999 is not in the data; " before the words about a name. */
static void say_claimed_soc_missing(words *w, const bls_claim *claim)
{
    if (claim->soc_code[0])
        say(w, "SOC %s is not in the data; ", claim->soc_code);
}

static void say_case(words *w, const bls_check *check)
{
    const bls_claim *claim = check->claim;
    const char *name = claim->occupation ? claim->occupation : "";
    bls_unit unit = bls_metric_unit(claim->metric);
    char claimed[AMOUNT_MAX], later[AMOUNT_MAX];
    char claim_period[PERIOD_MAX], later_period[PERIOD_MAX];
    switch (check->verdict_case) {
    case BLS_CASE_EQUAL:
    case BLS_CASE_EQUAL_AT_PRECISION:
    case BLS_CASE_OFF_BY:
    case BLS_CASE_MARKER_IN_DATA:
    case BLS_CASE_DATA_CONFLICT:
    case BLS_CASE_CLAIM_NOT_A_NUMBER: say_comparison(w, check, unit); break;
    case BLS_CASE_NO_METRIC:
        say(w, "no %s for ", bls_metric_label(claim->metric));
        if (check->title)
            say(w, "%s %s", check->soc_code, check->title);
        else
            say(w, "%s", check->soc_code);
        say(w, " in the data");
        break;
    case BLS_CASE_NO_PERIOD:
        format_period(&claim->period, "", claim_period, sizeof claim_period);
        say(w, "no %s for %s in the data", bls_metric_label(claim->metric), claim_period);
        say_periods_held(w, check->occupation, claim->metric);
        break;
    case BLS_CASE_ONLY_LATER_PERIOD:
        format_period(&claim->period, "", claim_period, sizeof claim_period);
        format_period(&check->latest_period, "", later_period, sizeof later_period);
        format_amount(&claim->claimed, unit, 0, claimed, sizeof claimed);
        format_amount(&check->latest, unit, 0, later, sizeof later);
        say(w, "stale: claim %s %s; data %s %s", claim_period, claimed, later_period, later);
        say_fact_line(w, check->latest_fact);
        break;
    case BLS_CASE_NAME_MATCHES_SEVERAL:
        say(w, "\"%s\" matches %zu occupations:", name, check->candidate_count);
        for (size_t i = 0; check->candidates && i < check->candidate_count; i++) {
            const bls_candidate *c = &check->candidates[i];
            say(w, "%s %.8s", i ? "," : "", c->soc_code);
            if (c->title)
                say(w, " %s", c->title);
        }
        if (claim->soc_code[0])
            say(w, " (SOC %s is not in the data)", claim->soc_code);
        break;
    case BLS_CASE_NAME_NOT_IN_DATA:
        say_claimed_soc_missing(w, claim);
        say(w, "\"%s\" is %s, which is not in the data", name, check->soc_code);
        break;
    case BLS_CASE_NAME_MATCHES_NONE:
        say_claimed_soc_missing(w, claim);
        say(w, "\"%s\" matches no occupation in the data", name);
        break;
    case BLS_CASE_COUNT: w->status = BLS_ERR_INVALID_ARG; break;
    }
}

/* "; stale: the data also have May 2015 $55,170 (b.csv:6)": a figure right
 * for its period, which the data hold for a later one too. */
static void say_stale_too(words *w, const bls_check *check)
{
    bls_unit unit = bls_metric_unit(check->claim->metric);
    char later[AMOUNT_MAX], later_period[PERIOD_MAX];
    format_amount(&check->latest, unit, 0, later, sizeof later);
    format_period(&check->latest_period, "", later_period, sizeof later_period);
    say(w, "; stale: the data also have %s %s", later_period, later);
    say_fact_line(w, check->latest_fact);
}

/* ---- explanations (explain.c) ------------------------------------------ */

static void say_codes(words *w, const bls_explanation *e)
{
    for (size_t i = 0; i < e->soc_count; i++) {
        say(w, "%s%s", i == 0 ? "" : (i + 1 == e->soc_count ? " and " : ", "), e->soc_codes[i]);
        if (e->titles[i] && e->titles[i][0])
            say(w, " %s", e->titles[i]);
    }
}

/* The best explanation as words:
 *   "; 5% is 29-2053 Psychiatric Technicians and 31-1013 Psychiatric Aides combined (4.97%)"
 *   "; $29,880 is the May 2013 median annual wage ($29,880, national_M2013_dl.csv:564)" */
static void say_explanation(words *w, const bls_check *check)
{
    const bls_explanation *e = &check->explanations[0];
    bls_unit unit = bls_metric_unit(check->claim->metric);
    char claimed[AMOUNT_MAX], value[AMOUNT_MAX], period[PERIOD_MAX];
    format_amount(&check->claim->claimed, unit, 0, claimed, sizeof claimed);
    format_amount(&e->value, e->thousands ? BLS_UNIT_PERSONS : unit, 0, value, sizeof value);
    format_period(&e->period, "another period", period, sizeof period);
    say(w, "; %s is ", claimed);
    switch (e->kind) {
    case BLS_EXPLAIN_OTHER_PERIOD:
        say(w, "the %s ", period);
        say_metric(w, e->metric);
        break;
    case BLS_EXPLAIN_OTHER_METRIC:
        say(w, "the ");
        say_metric(w, e->metric);
        if (e->hours_factor)
            say(w, unit == BLS_UNIT_DOLLARS_HOUR ? " / 2,080 hours" : " x 2,080 hours");
        if (e->thousands)
            say(w, " in thousands");
        say(w, ", not the ");
        say_metric(w, check->claim->metric);
        break;
    case BLS_EXPLAIN_COMBINED:
        say_codes(w, e);
        say(w, " combined");
        break;
    case BLS_EXPLAIN_GROUP:
        say(w, "the figure of the group ");
        say_codes(w, e);
        break;
    case BLS_EXPLAIN_OTHER_OCCUPATION:
        say(w, "the figure of ");
        say_codes(w, e);
        break;
    case BLS_EXPLAIN_KIND_COUNT: break;
    }
    say(w, " (%s%s", value, e->thousands ? " thousand" : "");
    if (e->kind != BLS_EXPLAIN_COMBINED && e->fact && e->fact->path && e->fact->path[0])
        say(w, ", %s:%llu", base_name(e->fact->path), (unsigned long long)e->fact->line);
    say(w, ")");
}

/* ---- the whole sentence -------------------------------------------------- */

bls_status bls_check_describe(const bls_check *check, bls_dynbuf *out)
{
    if (!check || !check->claim || !out ||
        (compared_with_fact(check->verdict_case) && !check->fact))
        return BLS_ERR_INVALID_ARG;
    words w = {out, BLS_OK};
    say_case(&w, check);
    if (check->verdict == BLS_VERDICT_STALE && (check->verdict_case == BLS_CASE_EQUAL ||
                                                check->verdict_case == BLS_CASE_EQUAL_AT_PRECISION))
        say_stale_too(&w, check);
    if (check->explanation_count && check->explanations)
        say_explanation(&w, check);
    if (check->other_quote) {
        char value[AMOUNT_MAX];
        format_amount(&check->other_quote->claimed, bls_metric_unit(check->claim->metric), 0, value,
                      sizeof value);
        say(&w, "; %s:%llu quotes %s", base_name(check->other_quote->document),
            (unsigned long long)check->other_quote->line, value);
    }
    return w.status;
}

bls_status bls_check_describe_disagreement(const bls_check *check, bls_dynbuf *out)
{
    if (!check || !check->claim || !check->other_quote || !out)
        return BLS_ERR_INVALID_ARG;
    const bls_claim *a = check->claim, *b = check->other_quote;
    bls_unit unit = bls_metric_unit(a->metric);
    char a_value[AMOUNT_MAX], b_value[AMOUNT_MAX], period[PERIOD_MAX];
    format_amount(&a->claimed, unit, 0, a_value, sizeof a_value);
    format_amount(&b->claimed, unit, 0, b_value, sizeof b_value);
    /* the period the two quotes were matched by (crosscheck.c, step 5) */
    format_period(bls_period_known(&check->actual_period) ? &check->actual_period : &a->period,
                  "latest", period, sizeof period);
    words w = {out, BLS_OK};
    say(&w, "%s:%llu quotes %s of %s (%s) as %s, but %s:%llu quotes %s", a->document,
        (unsigned long long)a->line, bls_metric_name(a->metric), check->soc_code, period, a_value,
        b->document, (unsigned long long)b->line, b_value);
    return w.status;
}
