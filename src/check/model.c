/*
 * model.c - occupations keyed by SOC code, each with a list of facts.
 *
 * Which record column becomes which fact is its program's table
 * (program.h, src/layouts/), read by one loop. EP employment figures are published in thousands and are stored
 * in persons, so that every employment fact has the same unit.
 */
#include "blsreport/check/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/base/soc.h"
#include "blsreport/base/strpool.h"
#include "blsreport/layouts/program.h"

typedef struct occ_entry {
    bls_occupation pub; /* what callers see; facts/fact_count mirror the array below */
    bls_fact *facts;
    size_t fact_capacity;
    char *title;
    int title_preferred; /* the title came from a program whose titles are preferred (OEWS) */
    char *education;
} occ_entry;

struct bls_model {
    occ_entry *occ;
    size_t count, capacity;
    /* open-addressing index: slot holds occupation index + 1, 0 = empty */
    size_t *slots;
    size_t slot_count;
    bls_strpool paths; /* facts of one file share one copy of its path */
    char *retired_title; /* a title just replaced, freed at the next replacement */
    bls_fact_conflict *conflicts;
    size_t conflict_count, conflict_capacity;
};


bls_model *bls_model_new(void) { return bls_calloc(1, sizeof(bls_model)); }

void bls_model_free(bls_model *model)
{
    if (!model)
        return;
    for (size_t i = 0; i < model->count; i++) {
        bls_free(model->occ[i].facts);
        bls_free(model->occ[i].title);
        bls_free(model->occ[i].education);
    }
    bls_strpool_cleanup(&model->paths);
    bls_free(model->retired_title);
    bls_free(model->conflicts);
    bls_free(model->occ);
    bls_free(model->slots);
    bls_free(model);
}

static int valid_soc(const char *soc)
{
    return soc && bls_soc_valid(soc, strlen(soc));
}

static size_t soc_hash(const char *soc)
{
    size_t h = 1469598103934665603u;
    for (int i = 0; i < 7; i++)
        h = (h ^ (unsigned char)soc[i]) * 1099511628211u;
    return h;
}

static size_t *find_slot(const bls_model *model, const char *soc)
{
    if (!model->slot_count)
        return NULL;
    size_t mask = model->slot_count - 1;
    for (size_t i = soc_hash(soc) & mask;; i = (i + 1) & mask) {
        size_t *slot = &model->slots[i];
        if (*slot == 0 || strcmp(model->occ[*slot - 1].pub.soc_code, soc) == 0)
            return slot;
    }
}

static bls_status rehash(bls_model *model, size_t slot_count)
{
    size_t *slots = bls_calloc(slot_count, sizeof *slots);
    if (!slots)
        return BLS_ERR_NOMEM;
    bls_free(model->slots);
    model->slots = slots;
    model->slot_count = slot_count;
    for (size_t i = 0; i < model->count; i++)
        *find_slot(model, model->occ[i].pub.soc_code) = i + 1;
    return BLS_OK;
}

/* Find or create the occupation; *created tells which. */
static bls_status upsert(bls_model *model, const char *soc, const char *title, size_t title_len,
                         bls_occ_group group, occ_entry **out)
{
    if ((model->count + 1) * 2 > model->slot_count) {
        bls_status st = rehash(model, model->slot_count ? model->slot_count * 2 : 64);
        if (st != BLS_OK)
            return st;
    }
    size_t *slot = find_slot(model, soc);
    if (*slot) {
        *out = &model->occ[*slot - 1];
        return BLS_OK;
    }
    if (model->count == model->capacity) {
        size_t cap = model->capacity ? model->capacity * 2 : 64;
        occ_entry *grown = bls_realloc(model->occ, cap * sizeof *grown);
        if (!grown)
            return BLS_ERR_NOMEM;
        model->occ = grown;
        model->capacity = cap;
    }
    occ_entry *e = &model->occ[model->count];
    memset(e, 0, sizeof *e);
    e->title = bls_strndup(title ? title : "", title ? title_len : 0);
    if (!e->title)
        return BLS_ERR_NOMEM;
    memcpy(e->pub.soc_code, soc, 8);
    e->pub.title = e->title;
    e->pub.group = group;
    *slot = ++model->count;
    *out = e;
    return BLS_OK;
}

/* Same value: equal numbers, or the same marker. */
static int same_value(const bls_number *a, const bls_number *b)
{
    if (a->state != b->state)
        return 0;
    if (a->state != BLS_CELL_VALUE)
        return a->state != BLS_CELL_TOP_CODED || a->scaled == b->scaled;
    return bls_number_compare(a, b) == 0;
}

/* Two inputs give one fact different values: the first is kept, marked with
 * the other (crosscheck makes a check of it ambiguous), and listed. */
static bls_status record_conflict(bls_model *model, occ_entry *e, bls_fact *kept,
                                  const bls_fact *other)
{
    const char *path = bls_strpool_intern(&model->paths, other->path ? other->path : "");
    if (!path)
        return BLS_ERR_NOMEM;
    if (!kept->conflict_path) {
        kept->conflict_value = other->value;
        kept->conflict_path = path;
        kept->conflict_line = other->line;
    }
    if (model->conflict_count == model->conflict_capacity) {
        size_t cap = model->conflict_capacity ? model->conflict_capacity * 2 : 8;
        bls_fact_conflict *grown = bls_realloc(model->conflicts, cap * sizeof *grown);
        if (!grown)
            return BLS_ERR_NOMEM;
        model->conflicts = grown;
        model->conflict_capacity = cap;
    }
    bls_fact_conflict *c = &model->conflicts[model->conflict_count++];
    memcpy(c->soc_code, e->pub.soc_code, sizeof c->soc_code);
    c->metric = kept->metric;
    c->period = kept->period;
    c->first_value = kept->value;
    c->first_path = kept->path;
    c->first_line = kept->line;
    c->second_value = other->value;
    c->second_path = path;
    c->second_line = other->line;
    return BLS_OK;
}

static bls_status push_fact(bls_model *model, occ_entry *e, const bls_fact *fact)
{
    for (size_t i = 0; i < e->pub.fact_count; i++) {
        bls_fact *f = &e->facts[i];
        if (f->metric == fact->metric && bls_period_compare(&f->period, &fact->period) == 0) {
            if (same_value(&f->value, &fact->value))
                return BLS_OK; /* the same figure again (Tables 1.2 and 1.7) */
            return record_conflict(model, e, f, fact);
        }
    }
    if (e->pub.fact_count == e->fact_capacity) {
        size_t cap = e->fact_capacity ? e->fact_capacity * 2 : 8;
        bls_fact *grown = bls_realloc(e->facts, cap * sizeof *grown);
        if (!grown)
            return BLS_ERR_NOMEM;
        e->facts = grown;
        e->fact_capacity = cap;
    }
    const char *path = bls_strpool_intern(&model->paths, fact->path);
    if (!path)
        return BLS_ERR_NOMEM;
    bls_fact *f = &e->facts[e->pub.fact_count++];
    *f = *fact;
    f->path = path;
    f->conflict_path = NULL;
    e->pub.facts = e->facts;
    return BLS_OK;
}

bls_status bls_model_add_fact(bls_model *model, const char *soc_code, const char *title,
                              bls_occ_group group, const bls_fact *fact)
{
    if (!model || !fact || !valid_soc(soc_code) || (unsigned)fact->metric >= BLS_METRIC_COUNT)
        return BLS_ERR_INVALID_ARG;
    occ_entry *e;
    bls_status st = upsert(model, soc_code, title, title ? strlen(title) : 0, group, &e);
    if (st != BLS_OK)
        return st;
    return push_fact(model, e, fact);
}

/* Thousands to persons, kept exact: 71.4 (714, 1) -> 71400 (71400, 0).
 * A count too large for int64 persons comes back INVALID (no fact). */
static bls_number thousands_to_persons(bls_number n)
{
    if (n.state != BLS_CELL_VALUE)
        return n;
    int shift = 3;
    while (shift > 0 && n.decimals > 0) {
        n.decimals--;
        shift--;
    }
    for (; shift > 0; shift--) {
        if (n.scaled > INT64_MAX / 10 || n.scaled < INT64_MIN / 10) {
            n.state = BLS_CELL_INVALID;
            n.scaled = 0;
            return n;
        }
        n.scaled *= 10;
    }
    return n;
}

bls_status bls_model_add_record(bls_model *model, const bls_record *rec, const char *path,
                                const bls_period *period, const char **previous_title)
{
    if (previous_title)
        *previous_title = NULL;
    if (!model || !rec || !rec->layout)
        return BLS_ERR_INVALID_ARG;
    if (!valid_soc(rec->soc_code) || !bls_record_is_national_total(rec))
        return BLS_OK;
    const bls_layout *l = rec->layout;
    bls_period data = period ? *period : (bls_period){0, 0, 0};
    bls_period base = data, span = data;
    if (l->kind == BLS_KIND_PROJECTIONS) {
        int from = l->base_year ? l->base_year : data.year_from;
        int to = l->target_year ? l->target_year : data.year_to;
        base = (bls_period){from, from, 0};
        span = (bls_period){from, to, 0};
    }
    occ_entry *e;
    bls_status st = upsert(model, rec->soc_code, rec->title, rec->title_len, rec->group, &e);
    if (st != BLS_OK)
        return st;
    /* An occupation added without a title (bls_model_add_fact) has none to
     * conflict with: its "" is replaced below, so pointing at it would also
     * hand the caller a freed string. */
    /* Titles are compared within a program only: EP writes "Total, all
     * occupations" for OEWS's "All Occupations" by design. */
    const bls_program *program = bls_program_of(l->kind);
    int preferred = program && program->preferred_titles;
    int same_program = preferred == (e->title_preferred != 0);
    if (previous_title && same_program && rec->title_len && e->title[0] &&
        (strlen(e->title) != rec->title_len || memcmp(e->title, rec->title, rec->title_len) != 0))
        *previous_title = e->title;
    if (e->pub.group == BLS_GROUP_UNKNOWN)
        e->pub.group = rec->group;
    /* OEWS titles are the SOC titles as BLS spells them ("Physical Therapist
     * Assistants"); EP tables use sentence case. Prefer the OEWS title
     * whichever file came first, so the result does not depend on the order
     * of the inputs. The replaced title stays alive (retired_title) until the
     * next call, since *previous_title may point at it. */
    int prefer = preferred && !e->title_preferred;
    if (rec->title_len && (!e->title[0] || prefer)) {
        char *title = bls_strndup(rec->title, rec->title_len);
        if (!title)
            return BLS_ERR_NOMEM;
        bls_free(model->retired_title);
        model->retired_title = e->title;
        e->title = title;
        e->pub.title = title;
    }
    if (preferred && rec->title_len)
        e->title_preferred = 1;
    if (!e->education && l->index[BLS_COL_EP_EDUCATION] >= 0) {
        size_t len;
        const char *edu = bls_record_text(rec, BLS_COL_EP_EDUCATION, &len);
        if (len) {
            e->education = bls_strndup(edu, len);
            if (!e->education)
                return BLS_ERR_NOMEM;
            e->pub.education = e->education;
        }
    }
    /* the program's figure columns: its descriptor (program.h) */
    for (size_t i = 0; program && i < program->fact_count; i++) {
        const bls_fact_column *fc = &program->facts[i];
        if (l->index[fc->column] < 0)
            continue;
        bls_number value = rec->num[fc->column];
        if (value.state == BLS_CELL_EMPTY || value.state == BLS_CELL_INVALID)
            continue;
        bls_fact fact = {.metric = fc->metric,
                         .value = value,
                         .path = path,
                         .line = rec->row ? rec->row->line : 0,
                         .column = (uint32_t)l->index[fc->column] + 1,
                         .program = l->kind};
        fact.period = fc->period == BLS_PERIOD_DATA   ? data
                      : fc->period == BLS_PERIOD_BASE ? base
                                                      : span;
        if (fc->period == BLS_PERIOD_BASE && fc->metric == BLS_METRIC_MEDIAN_ANNUAL_WAGE) {
            /* EP quotes a May OES median: of the year its header names
             * ("Median annual wage, 2020(1)" in 2019-29), else the base year */
            int year = l->year[fc->column];
            if (year > 0)
                fact.period = (bls_period){year, year, 0};
            fact.period.month = 5;
        }
        if (fc->thousands) {
            fact.value = thousands_to_persons(value);
            if (fact.value.state == BLS_CELL_INVALID)
                continue;
        }
        st = push_fact(model, e, &fact);
        if (st != BLS_OK)
            return st;
    }
    return BLS_OK;
}

static int cmp_occ(const void *a, const void *b)
{
    return strcmp(((const occ_entry *)a)->pub.soc_code, ((const occ_entry *)b)->pub.soc_code);
}

void bls_model_finish(bls_model *model)
{
    if (!model || !model->count)
        return;
    qsort(model->occ, model->count, sizeof *model->occ, cmp_occ);
    for (size_t i = 0; i < model->slot_count; i++)
        model->slots[i] = 0;
    for (size_t i = 0; i < model->count; i++)
        *find_slot(model, model->occ[i].pub.soc_code) = i + 1;
}

size_t bls_model_count(const bls_model *model) { return model ? model->count : 0; }

size_t bls_model_conflict_count(const bls_model *model)
{
    return model ? model->conflict_count : 0;
}

const bls_fact_conflict *bls_model_conflict_at(const bls_model *model, size_t i)
{
    return (model && i < model->conflict_count) ? &model->conflicts[i] : NULL;
}

const bls_occupation *bls_model_at(const bls_model *model, size_t i)
{
    return (model && i < model->count) ? &model->occ[i].pub : NULL;
}

const bls_occupation *bls_model_find(const bls_model *model, const char *soc_code)
{
    if (!model || !valid_soc(soc_code))
        return NULL;
    size_t *slot = find_slot(model, soc_code);
    return (slot && *slot) ? &model->occ[*slot - 1].pub : NULL;
}

const bls_fact *bls_occupation_latest(const bls_occupation *occ, bls_metric metric)
{
    const bls_fact *best = NULL;
    for (size_t i = 0; occ && i < occ->fact_count; i++) {
        const bls_fact *f = &occ->facts[i];
        if (f->metric == metric && (!best || bls_period_compare(&f->period, &best->period) > 0))
            best = f;
    }
    return best;
}

const bls_fact *bls_occupation_fact(const bls_occupation *occ, bls_metric metric,
                                    const bls_period *period)
{
    for (size_t i = 0; occ && i < occ->fact_count; i++) {
        const bls_fact *f = &occ->facts[i];
        if (f->metric == metric && bls_period_matches(period, &f->period))
            return f;
    }
    return NULL;
}

bls_status bls_model_conflict_findings(const bls_model *model, bls_findings *findings)
{
    size_t n = bls_model_conflict_count(model);
    for (size_t i = 0; i < n; i++) {
        const bls_fact_conflict *c = bls_model_conflict_at(model, i);
        char a[48] = "", b[48] = "", period[48] = "";
        if (bls_number_format(&c->first_value, a, sizeof a) == 0)
            snprintf(a, sizeof a, "%s", bls_cell_state_describe(c->first_value.state));
        if (bls_number_format(&c->second_value, b, sizeof b) == 0)
            snprintf(b, sizeof b, "%s", bls_cell_state_describe(c->second_value.state));
        (void)bls_period_format(&c->period, period, sizeof period);
        bls_status st = bls_findings_add(
            findings, c->second_path, c->second_line, 0, BLS_RULE_DATA_CONFLICT,
            "SOC %s %s (%s) is %s here but %s in %s:%llu; checks of it are ambiguous", c->soc_code,
            bls_metric_name(c->metric), period, b, a, c->first_path,
            (unsigned long long)c->first_line);
        if (st != BLS_OK)
            return st;
    }
    return BLS_OK;
}
