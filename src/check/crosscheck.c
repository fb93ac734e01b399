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
 * Each step records what it found as data (the verdict, its case, values,
 * facts, candidates, the other quote); no step writes words. Once every
 * check is decided, check_words.c turns each into its note (one sentence:
 * money with thousands separators, percents with the decimals written,
 * sources as file:line), kept whole in one pool the checks own.
 */
#include "blsreport/base/diag.h"
#include "blsreport/check/crosscheck.h"

#include <stdlib.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/base/dynbuf.h"
#include "blsreport/check/aliases.h"
#include "blsreport/check/check_words.h"

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

/* ---- step 1: the occupation ------------------------------------------ */

static int soc_in_model(const bls_model *model, const char *soc)
{
    return soc[0] && bls_model_find(model, soc) != NULL;
}

/* Fills check->soc_code/title and returns the occupation, or NULL with the
 * verdict (missing or ambiguous) and its case set; an ambiguous name's
 * candidates go to @p candidates (room for BLS_ALIAS_MAX_CANDIDATES). */
static const bls_occupation *resolve_occupation(const bls_model *model,
                                                const bls_alias_index *names,
                                                const bls_claim *claim, bls_check *check,
                                                bls_candidate *candidates)
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
        check->verdict_case = BLS_CASE_NAME_MATCHES_SEVERAL;
        for (size_t i = 0; i < match.count; i++) {
            bls_candidate *c = &candidates[i];
            memcpy(c->soc_code, match.soc_codes[i], sizeof c->soc_code);
            c->soc_code[sizeof c->soc_code - 1] = '\0';
            const bls_occupation *occ = bls_model_find(model, c->soc_code);
            c->title = occ ? occ->title : NULL;
        }
        check->candidate_count = match.count;
        check->candidates = candidates; /* until bls_crosscheck moves them into its pool */
        return NULL;
    }
    check->verdict = BLS_VERDICT_MISSING;
    check->verdict_case = match.count == 1 ? BLS_CASE_NAME_NOT_IN_DATA : BLS_CASE_NAME_MATCHES_NONE;
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

static void compare_with_fact(const bls_claim *claim, const bls_fact *fact, bls_check *check)
{
    bls_unit unit = bls_metric_unit(claim->metric);
    check->actual = fact->value;
    check->actual_period = fact->period;
    check->fact = fact;

    if (fact->value.state != BLS_CELL_VALUE) {
        check->verdict = BLS_VERDICT_MISSING;
        check->verdict_case = BLS_CASE_MARKER_IN_DATA;
        return;
    }
    if (fact->conflict_path) {
        /* two inputs disagree on this figure: neither is taken silently */
        check->verdict = BLS_VERDICT_AMBIGUOUS;
        check->verdict_case = BLS_CASE_DATA_CONFLICT;
        return;
    }
    if (claim->claimed.state != BLS_CELL_VALUE) {
        check->verdict = BLS_VERDICT_MISSING;
        check->verdict_case = BLS_CASE_CLAIM_NOT_A_NUMBER;
        return;
    }
    if (bls_number_compare(&claim->claimed, &fact->value) == 0) {
        check->verdict = BLS_VERDICT_MATCH;
        check->verdict_case = BLS_CASE_EQUAL;
        return;
    }
    check->difference = difference_of(&claim->claimed, &fact->value, unit);
    int64_t rounded;
    if (claim->claimed.decimals < fact->value.decimals &&
        bls_number_rescale(&fact->value, claim->claimed.decimals, &rounded) == 0 &&
        rounded == claim->claimed.scaled) {
        check->verdict = BLS_VERDICT_ROUNDING;
        check->verdict_case = BLS_CASE_EQUAL_AT_PRECISION;
        return;
    }
    check->verdict = BLS_VERDICT_MISMATCH;
    check->verdict_case = BLS_CASE_OFF_BY;
}

/* ---- step 2: the fact ------------------------------------------------- */

static void set_latest(bls_check *check, const bls_fact *latest)
{
    check->verdict = BLS_VERDICT_STALE;
    check->latest = latest->value;
    check->latest_period = latest->period;
    check->latest_fact = latest;
}

static void check_against_occupation(const bls_claim *claim, const bls_occupation *occ,
                                     bls_check *check)
{
    const bls_fact *latest = bls_occupation_latest(occ, claim->metric);
    if (!latest) {
        check->verdict = BLS_VERDICT_MISSING;
        check->verdict_case = BLS_CASE_NO_METRIC;
        return;
    }
    if (!bls_period_known(&claim->period)) {
        compare_with_fact(claim, latest, check);
        return;
    }
    const bls_fact *fact = bls_occupation_fact(occ, claim->metric, &claim->period);
    int later_exists = bls_period_compare(&latest->period, &claim->period) > 0 &&
                       !bls_period_matches(&claim->period, &latest->period);
    if (fact) {
        compare_with_fact(claim, fact, check);
        /* Right for its period, but the data hold a later one: stale, with
         * both values (the case stays equal / equal at precision). A wrong
         * figure stays a mismatch (the worse news). */
        if (later_exists &&
            (check->verdict == BLS_VERDICT_MATCH || check->verdict == BLS_VERDICT_ROUNDING))
            set_latest(check, latest);
        return;
    }
    if (later_exists) {
        set_latest(check, latest);
        check->verdict_case = BLS_CASE_ONLY_LATER_PERIOD;
        return;
    }
    check->verdict = BLS_VERDICT_MISSING;
    check->verdict_case = BLS_CASE_NO_PERIOD;
}

/* ---- step 6: explanations (explain.c) ---------------------------------- */

/* Explain a mismatch, a stale or a missing figure, unless it does equal the
 * data value it was compared with (right, merely out of date). */
static void explain_check(const bls_explain_index *index, const bls_occupation *occ,
                          bls_check *check, bls_explanation *found)
{
    if (!occ || (check->verdict != BLS_VERDICT_MISMATCH && check->verdict != BLS_VERDICT_STALE &&
                 check->verdict != BLS_VERDICT_MISSING))
        return;
    if (check->fact && bls_value_rounds_to(&check->fact->value, &check->claim->claimed))
        return;
    check->explanation_count =
        bls_explain(index, check->claim, occ, check->fact, found, BLS_EXPLAIN_MAX);
    check->explanations = found; /* until bls_crosscheck moves them into its pool */
}

static void check_claim(const bls_model *model, const bls_alias_index *names,
                        const bls_explain_index *index, const bls_claim *claim, bls_check *check,
                        bls_explanation *found, bls_candidate *candidates)
{
    check->claim = claim;
    check->disagrees_with = -1;
    check->actual.state = BLS_CELL_EMPTY;
    check->difference.state = BLS_CELL_EMPTY;
    check->latest.state = BLS_CELL_EMPTY;
    check->bound_low.state = BLS_CELL_EMPTY;
    check->bound_high.state = BLS_CELL_EMPTY;
    if (bls_claim_bounds(&claim->claimed, &check->bound_low, &check->bound_high) != 0)
        check->bound_low.state = check->bound_high.state = BLS_CELL_EMPTY;
    const bls_occupation *occ = resolve_occupation(model, names, claim, check, candidates);
    check->occupation = occ;
    if (occ) {
        check_against_occupation(claim, occ, check);
        explain_check(index, occ, check, found);
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
    k->disagrees_with = (int)other;
    k->other_quote = out->items[other].claim;
    if (!findings)
        return BLS_OK;
    bls_dynbuf message;
    bls_dynbuf_init(&message, BLS_CHECK_NOTES_LIMIT);
    bls_status st = bls_check_describe_disagreement(k, &message);
    if (st == BLS_OK)
        st = bls_findings_add(findings, k->claim->input_path, k->claim->input_line, 0,
                              BLS_RULE_CLAIM_DISAGREE, "%s", message.data);
    bls_dynbuf_cleanup(&message);
    return st;
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

/* Append @p n items of @p size bytes to a pool of *total items with room for
 * *capacity (explanations, candidates: rare, kept in one array each). */
static bls_status pool_append(void **pool, size_t *total, size_t *capacity, const void *items,
                              size_t n, size_t size)
{
    if (*total + n > *capacity) {
        size_t cap = *capacity ? *capacity * 2 : 16;
        while (cap < *total + n)
            cap *= 2;
        void *grown = bls_realloc(*pool, cap * size);
        if (!grown)
            return BLS_ERR_NOMEM;
        *pool = grown;
        *capacity = cap;
    }
    memcpy((char *)*pool + *total * size, items, n * size);
    *total += n;
    return BLS_OK;
}

/* Every check's note, in check order, into one pool the checks own. */
static bls_status write_notes(bls_checks *result)
{
    bls_dynbuf text;
    bls_dynbuf_init(&text, BLS_CHECK_NOTES_LIMIT);
    bls_status st = BLS_OK;
    for (size_t i = 0; i < result->count && st == BLS_OK; i++) {
        st = bls_check_describe(&result->items[i], &text);
        if (st == BLS_OK)
            st = bls_dynbuf_addc(&text, '\0');
    }
    if (st != BLS_OK) {
        bls_dynbuf_cleanup(&text);
        return st;
    }
    result->notes = bls_dynbuf_take(&text);
    const char *next = result->notes;
    for (size_t i = 0; i < result->count; i++) {
        result->items[i].note = next;
        next += strlen(next) + 1;
    }
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
    size_t explanation_capacity = 0, candidate_capacity = 0;
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
    bls_status st = BLS_OK;
    for (size_t i = 0; i < claims->count && st == BLS_OK; i++) {
        bls_explanation found[BLS_EXPLAIN_MAX];
        bls_candidate candidates[BLS_ALIAS_MAX_CANDIDATES];
        bls_check *k = &result.items[i];
        check_claim(model, names, index, &claims->items[i], k, found, candidates);
        result.by_verdict[k->verdict]++;
        if (k->explanation_count)
            st = pool_append((void **)&result.explanations, &result.explanation_total,
                             &explanation_capacity, found, k->explanation_count, sizeof *found);
        if (st == BLS_OK && k->candidate_count)
            st = pool_append((void **)&result.candidates, &result.candidate_total,
                             &candidate_capacity, candidates, k->candidate_count,
                             sizeof *candidates);
    }
    bls_explain_index_free(index);
    bls_alias_index_free(names);
    if (st != BLS_OK) {
        bls_checks_cleanup(&result);
        return st;
    }
    /* Explanations and candidates are rare: kept in one pool each, pointed
     * at once the pools stop moving. */
    const bls_explanation *next = result.explanations;
    const bls_candidate *next_candidate = result.candidates;
    for (size_t i = 0; i < result.count; i++) {
        bls_check *k = &result.items[i];
        k->explanations = k->explanation_count ? next : NULL;
        next += k->explanation_count;
        k->candidates = k->candidate_count ? next_candidate : NULL;
        next_candidate += k->candidate_count;
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
    st = find_disagreements(&result, findings);
    if (st == BLS_OK)
        st = write_notes(&result);
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
    bls_free(checks->candidates);
    bls_free(checks->notes);
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
