/*
 * validate.c - typed records and the row rules.
 *
 * Pipeline stage: reader -> layout -> cells -> *validate* -> model.
 *
 * bls_record_parse() turns a row of a recognised layout into a record: the
 * numeric cells parsed (cells.c), the SOC code, the title and the occupation
 * group. A validator then runs one loop over a table of {rule, check} rows
 * (rule_checks below); which rows apply to a file is decided once, when the
 * validator is made, from the file's layout. Each check reports findings
 * with the file, the row's line and the 1-based field number of the cell it
 * concerns (0 for the whole row), and may reject the row.
 *
 * Rows are rejected only when they cannot be used at all: a cut field, a
 * wrong width, no valid SOC code, a key already seen. Structural checks run
 * on every row; the others run only on rows nothing has rejected yet, so a
 * broken row yields one clear reason rather than a cascade.
 *
 * Memory stays flat whatever the file size (all-data files hold 400,000 to
 * 1.6 million rows). BLS files are sorted in blocks of rows sharing area +
 * industry + ownership (+ industry group), so duplicate keys are tracked as:
 *   - the SOC codes of the current block, in an open-addressing table cleared
 *     in O(1) at each block change (a generation stamp per slot), and
 *   - a set of 63-bit hashes of the block keys seen before, 8 bytes a block,
 *     so that a block coming back after another one is noticed.
 * The per-block group tallies (group-total) are a fixed array of the 100
 * possible SOC major groups. Nothing is allocated per row unless a finding is
 * added (the findings list copies its message) or a table doubles; a rejected
 * row's reason grows in one buffer the validator keeps and reuses.
 */
#include "blsreport/check/validate.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/base/dynbuf.h"
#include "blsreport/base/soc.h"
#include "blsreport/base/text.h"
#include "blsreport/layouts/program.h"

/* Bytes of cell text quoted in a finding message. */
#define QUOTE_MAX 60

/* ------------------------------------------------------------------ */
/* What each column means to the rules                                 */
/* ------------------------------------------------------------------ */

/* What each numeric column means to the rules (BLS_ROLE_*) is in its
 * program's descriptor (program.h, src/layouts/). */

/* Where each BLS marker has a meaning. */
static const struct marker_home {
    bls_cell_state marker;
    unsigned home_role;
    const char *home; /* for messages */
} marker_homes[] = {
    {BLS_CELL_EMP_NA, BLS_ROLE_EMPLOYMENT, "employment columns"},
    {BLS_CELL_WAGE_NA, BLS_ROLE_WAGE_NA, "wage columns"},
    {BLS_CELL_TOP_CODED, BLS_ROLE_TOP_CODED, "wage columns"},
    {BLS_CELL_UNDER_HALF, BLS_ROLE_SHARE, "PCT_TOTAL and PCT_RPT"},
    {BLS_CELL_WITHDRAWN, BLS_ROLE_WAGE_NA, "wage columns"},
    {BLS_CELL_NOT_AVAILABLE, BLS_ROLE_EP, "EP table figures"},
};

#define MARKER_HOME_COUNT (sizeof marker_homes / sizeof marker_homes[0])

/* Percentile ladders: each must not decrease (over its VALUE cells). */
static const bls_column wage_ladders[][5] = {
    {BLS_COL_H_PCT10, BLS_COL_H_PCT25, BLS_COL_H_MEDIAN, BLS_COL_H_PCT75, BLS_COL_H_PCT90},
    {BLS_COL_A_PCT10, BLS_COL_A_PCT25, BLS_COL_A_MEDIAN, BLS_COL_A_PCT75, BLS_COL_A_PCT90},
};

#define LADDER_COUNT (sizeof wage_ladders / sizeof wage_ladders[0])
#define LADDER_STEPS (sizeof wage_ladders[0] / sizeof wage_ladders[0][0])

/* The same wage published per hour and per year. */
static const struct wage_pair {
    bls_column hourly, annual;
} wage_pairs[] = {
    {BLS_COL_H_MEAN, BLS_COL_A_MEAN},   {BLS_COL_H_PCT10, BLS_COL_A_PCT10},
    {BLS_COL_H_PCT25, BLS_COL_A_PCT25}, {BLS_COL_H_MEDIAN, BLS_COL_A_MEDIAN},
    {BLS_COL_H_PCT75, BLS_COL_A_PCT75}, {BLS_COL_H_PCT90, BLS_COL_A_PCT90},
};

#define WAGE_PAIR_COUNT (sizeof wage_pairs / sizeof wage_pairs[0])

/*
 * Top coding applies to the percentiles only: BLS computes the mean from all
 * reported wages and publishes it even when it is above the cap (some
 * physician occupations show a mean above the cap next to a "#" median).
 */
static const struct top_coded_column {
    bls_column column;
    int hourly; /* compared with cap / 2080 */
} top_coded_columns[] = {
    {BLS_COL_H_PCT10, 1}, {BLS_COL_H_PCT25, 1}, {BLS_COL_H_MEDIAN, 1}, {BLS_COL_H_PCT75, 1},
    {BLS_COL_H_PCT90, 1}, {BLS_COL_A_PCT10, 0}, {BLS_COL_A_PCT25, 0},  {BLS_COL_A_MEDIAN, 0},
    {BLS_COL_A_PCT75, 0}, {BLS_COL_A_PCT90, 0},
};

#define TOP_CODED_COUNT (sizeof top_coded_columns / sizeof top_coded_columns[0])

/* The columns whose text names a block of rows (BLS sorts by them). */
static const bls_column block_key_columns[] = {BLS_COL_AREA, BLS_COL_NAICS, BLS_COL_OWN_CODE,
                                               BLS_COL_I_GROUP};

#define BLOCK_KEY_COUNT (sizeof block_key_columns / sizeof block_key_columns[0])

/* ------------------------------------------------------------------ */
/* Validator state                                                     */
/* ------------------------------------------------------------------ */

/* One numeric column of the file, with what the rules need to know. */
typedef struct numeric_column {
    bls_column column;
    int field;             /* 0-based field index */
    unsigned roles;        /* enum column_role */
    unsigned marker_homes; /* bit per bls_cell_state allowed here */
} numeric_column;

/* SOC codes of the current block: slot is in use when its generation is the
 * validator's current one, so clearing the set is one increment. */
typedef struct soc_slot {
    uint32_t code_plus1;
    uint32_t generation;
    uint64_t line;    /* where the code was first seen in the block */
    uint64_t figures; /* hash of that row's numeric cells (twin rows) */
    int group;        /* bls_occ_group of that row */
} soc_slot;

#define SOC_SET_INITIAL 4096u /* > twice the ~1,400 codes of a national file */
/* Valid codes have one of 24 major groups: at most 240,000 codes a block,
 * which a table of 2^20 slots holds at under half load. */
#define SOC_SET_MAX ((size_t)1 << 20)

/* Block keys seen: 63-bit hashes; the top bit records "reappearance warned". */
#define BLOCK_SET_INITIAL 1024u
#define BLOCK_SET_MAX ((size_t)1 << 22) /* 32 MiB: 2 million blocks */
#define BLOCK_HASH_MASK UINT64_C(0x7FFFFFFFFFFFFFFF)
#define BLOCK_WARNED UINT64_C(0x8000000000000000)

/* Per major group of the current block: the group row and its detailed rows. */
typedef struct group_tally {
    int64_t major_employment;
    uint64_t major_line;
    int64_t detailed_sum;
    uint32_t detailed_count;
    int has_major;
} group_tally;

#define SOC_MAJOR_SLOTS 100u
#define RULE_CHECK_MAX 32u /* room in the validator for the rule table's rows */

struct bls_validator {
    char *path;
    const bls_layout *layout;
    long top_code_annual; /* dollars; 0 = unknown year */

    /* checks that apply to this layout, in table order */
    const struct rule_check *active[RULE_CHECK_MAX];
    size_t active_count;

    numeric_column numeric[BLS_COL_COUNT];
    size_t numeric_count;

    /* duplicate keys */
    int in_block;
    uint64_t block_hash;
    uint64_t block_first_line;
    soc_slot *soc_slots;
    size_t soc_capacity, soc_count;
    uint32_t generation;
    uint64_t *block_slots;
    size_t block_capacity, block_count;

    /* group totals of the current block */
    group_tally groups[SOC_MAJOR_SLOTS];
    uint8_t touched[SOC_MAJOR_SLOTS];
    size_t touched_count;

    /* the current row's reason (bls_row_outcome.reason points here) */
    bls_dynbuf reason;
};

/* One row being checked. */
typedef struct check_ctx {
    bls_validator *v;
    const bls_record *rec;
    const bls_row *row;
    bls_findings *findings;
    bls_row_outcome *outcome;
} check_ctx;

/* ------------------------------------------------------------------ */
/* Reporting                                                           */
/* ------------------------------------------------------------------ */

/* Message text of one finding; long enough for two quoted cells. */
#define MESSAGE_MAX 384
/* Room for a rule id and the "; " and ": " around it. */
#define RULE_ID_ROOM 64
/* Most bytes of one row's reason: each check of the rule table adds at most
 * one "id: message" (a message is under MESSAGE_MAX bytes), so a reason
 * never reaches this; it bounds the buffer, it cuts nothing. */
#define REASON_LIMIT ((size_t)RULE_CHECK_MAX * (MESSAGE_MAX + RULE_ID_ROOM))

/* Add "id: message" to the row's reason, whole: "cell-too-long: a field was
 * cut ...; row-too-wide: row has 21 fields ...". */
static bls_status append_reason(check_ctx *c, bls_rule rule, const char *message)
{
    bls_dynbuf *reason = &c->v->reason;
    bls_status st = bls_dynbuf_printf(reason, "%s%s: %s", reason->len ? "; " : "",
                                      bls_rule_get(rule)->id, message);
    if (st == BLS_OK)
        c->outcome->reason = reason->data;
    return st;
}

/*
 * Report a finding of @p rule about field @p field (0-based; -1 for the whole
 * row) of the current row; with @p reject, the row is rejected and the
 * message joins its reason.
 */
static bls_status report(check_ctx *c, bls_rule rule, int field, int reject, const char *fmt, ...)
    BLS_PRINTF(5, 6);

static bls_status report(check_ctx *c, bls_rule rule, int field, int reject, const char *fmt, ...)
{
    char message[MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (n < 0)
        message[0] = '\0';
    if (reject) {
        c->outcome->rejected = 1;
        bls_status st = append_reason(c, rule, message);
        if (st != BLS_OK)
            return st;
    }
    if (!c->findings)
        return BLS_OK;
    return bls_findings_add(c->findings, c->v->path, c->row->line,
                            (uint32_t)(field >= 0 ? field + 1 : 0), rule, "%s", message);
}

/* A column's header for messages ("A_MEDIAN"); layout.c owns the names. */
static const char *column_label(bls_column col)
{
    const char *name = bls_column_name(col);
    return (name && name[0]) ? name : "column";
}

/* A cell as plain text for messages: the number ("54410") or the marker. */
static const char *number_text(const bls_number *n, char *buf, size_t size)
{
    if (n->state == BLS_CELL_VALUE && bls_number_format(n, buf, size) > 0)
        return buf;
    const char *marker = bls_cell_marker(n->state);
    return marker ? marker : "";
}

/* ------------------------------------------------------------------ */
/* Checks                                                              */
/* ------------------------------------------------------------------ */

typedef bls_status (*check_fn)(check_ctx *c);
typedef int (*applies_fn)(const bls_validator *v);

static int field_of(const bls_validator *v, bls_column col)
{
    return v->layout->index[col];
}

static const bls_number *num_of(const check_ctx *c, bls_column col)
{
    return &c->rec->num[col];
}

/* Field text of a canonical column of the current row, trimmed. */
static const char *text_of(const check_ctx *c, bls_column col, size_t *len)
{
    const char *text = bls_row_field(c->row, field_of(c->v, col), len);
    bls_text_trim(&text, len);
    return text;
}

static int flag_is_true(const check_ctx *c, bls_column col)
{
    size_t len;
    const char *text = text_of(c, col, &len);
    return bls_text_is_ci(text, len, "true");
}

/* --- structure: every row ---------------------------------------- */

static bls_status check_cut_field(check_ctx *c)
{
    /* The reader has reported the cut field (cell-too-long) already: reject
     * without a second finding. */
    if (!c->row->too_long)
        return BLS_OK;
    c->outcome->rejected = 1;
    return append_reason(c, BLS_RULE_FIELD_TOO_LONG, "a field was cut at the length limit");
}

static bls_status check_too_wide(check_ctx *c)
{
    const bls_row *row = c->row;
    size_t width = c->v->layout->width;
    if (row->too_wide)
        return report(c, BLS_RULE_ROW_TOO_WIDE, -1, 1,
                      "row has more fields than the reader's limit; the header has %zu", width);
    /* Trailing empty fields (",,," left by spreadsheet exports) are harmless. */
    for (size_t i = width; i < row->count; i++) {
        size_t len = row->fields[i].len;
        const char *text = row->fields[i].data ? row->fields[i].data : "";
        bls_text_trim(&text, &len);
        if (len > 0)
            return report(c, BLS_RULE_ROW_TOO_WIDE, (int)i, 1,
                          "row has %zu fields but the header has %zu; field %zu is \"%.*s\"",
                          row->count, width, i + 1, bls_utf8_clip(text, len, QUOTE_MAX), text);
    }
    return BLS_OK;
}

static bls_status check_too_narrow(check_ctx *c)
{
    size_t width = c->v->layout->width;
    if (c->row->count < width)
        return report(c, BLS_RULE_ROW_TOO_NARROW, -1, 1,
                      "row has %zu fields but the header has %zu", c->row->count, width);
    return BLS_OK;
}

/* --- occupation code ---------------------------------------------- */

static int code_field(const bls_validator *v)
{
    return v->layout->code_in_title ? bls_record_code_field(v->layout)
                                    : field_of(v, BLS_COL_OCC_CODE);
}

static bls_status check_soc_format(check_ctx *c)
{
    if (c->rec->soc_code[0])
        return BLS_OK;
    size_t len;
    const char *code = bls_record_code_text(c->v->layout, c->row, &len);
    if (len == 0)
        return report(c, BLS_RULE_SOC_FORMAT, code_field(c->v), 1,
                      c->v->layout->code_in_title ? "no SOC code in parentheses after the title"
                                                  : "no occupation code");
    return report(c, BLS_RULE_SOC_FORMAT, code_field(c->v), 1,
                  "occupation code \"%.*s\" is not a SOC code NN-NNNN",
                  bls_utf8_clip(code, len, QUOTE_MAX), code);
}

static bls_status check_soc_major(check_ctx *c)
{
    const char *soc = c->rec->soc_code;
    if (!soc[0] || bls_soc_major_exists(bls_soc_major(soc)))
        return BLS_OK;
    return report(c, BLS_RULE_SOC_MAJOR_GROUP, code_field(c->v), 1,
                  "SOC code %s: there is no major group %.2s-0000", soc, soc);
}

/* --- duplicate keys ------------------------------------------------ */

/* FNV-1a over the block key fields, each followed by a separator byte. */
static uint64_t block_key_hash(const check_ctx *c)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t k = 0; k < BLOCK_KEY_COUNT; k++) {
        size_t len;
        const char *text = text_of(c, block_key_columns[k], &len);
        for (size_t i = 0; i < len; i++) {
            h ^= (unsigned char)text[i];
            h *= UINT64_C(1099511628211);
        }
        h ^= 0x1Fu; /* unit separator: "1|23" differs from "12|3" */
        h *= UINT64_C(1099511628211);
    }
    h &= BLOCK_HASH_MASK;
    return h ? h : 1;
}

/* "area 99, industry 000000, ownership 1235" for messages. */
static void describe_block(const check_ctx *c, char *buf, size_t size)
{
    static const char *const labels[BLOCK_KEY_COUNT] = {"area", "industry", "ownership",
                                                        "industry group"};
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < BLOCK_KEY_COUNT && used < size; k++) {
        if (field_of(c->v, block_key_columns[k]) < 0)
            continue;
        size_t len;
        const char *text = text_of(c, block_key_columns[k], &len);
        int n = snprintf(buf + used, size - used, "%s%s %.*s", used ? ", " : "", labels[k],
                         bls_utf8_clip(text, len, 24), text);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    if (used >= size) /* cut by snprintf: drop a possibly split character */
        buf[bls_utf8_clip(buf, strlen(buf), size - 1)] = '\0';
}

static size_t block_probe(const uint64_t *slots, size_t capacity, uint64_t key)
{
    size_t mask = capacity - 1;
    size_t i = (size_t)(key * UINT64_C(0x9E3779B97F4A7C15) >> 20) & mask;
    while (slots[i] && (slots[i] & BLOCK_HASH_MASK) != key)
        i = (i + 1) & mask;
    return i;
}

static bls_status block_set_grow(bls_validator *v)
{
    size_t capacity = v->block_capacity * 2;
    uint64_t *slots = bls_calloc(capacity, sizeof *slots);
    if (!slots)
        return BLS_ERR_NOMEM;
    for (size_t i = 0; i < v->block_capacity; i++)
        if (v->block_slots[i])
            slots[block_probe(slots, capacity, v->block_slots[i] & BLOCK_HASH_MASK)] =
                v->block_slots[i];
    bls_free(v->block_slots);
    v->block_slots = slots;
    v->block_capacity = capacity;
    return BLS_OK;
}

/* Remember a block key; past BLOCK_SET_MAX keys new blocks are not
 * remembered (a returning block then goes unnoticed). */
static bls_status block_set_add(bls_validator *v, uint64_t key)
{
    if ((v->block_count + 1) * 2 > v->block_capacity) {
        if (v->block_capacity >= BLOCK_SET_MAX)
            return BLS_OK;
        bls_status st = block_set_grow(v);
        if (st != BLS_OK)
            return st;
    }
    size_t i = block_probe(v->block_slots, v->block_capacity, key);
    if (!v->block_slots[i]) {
        v->block_slots[i] = key;
        v->block_count++;
    }
    return BLS_OK;
}

/* Multiplicative hash; the high bits folded down so the mask sees them. */
static uint32_t soc_hash(uint32_t code)
{
    uint32_t h = code * UINT32_C(2654435761);
    return h ^ (h >> 15);
}

static size_t soc_probe(const soc_slot *slots, size_t capacity, uint32_t generation, uint32_t code)
{
    size_t mask = capacity - 1;
    size_t i = soc_hash(code) & mask;
    while (slots[i].generation == generation && slots[i].code_plus1 != code + 1)
        i = (i + 1) & mask;
    return i;
}

static bls_status soc_set_grow(bls_validator *v)
{
    size_t capacity = v->soc_capacity * 2;
    soc_slot *slots = bls_calloc(capacity, sizeof *slots);
    if (!slots)
        return BLS_ERR_NOMEM;
    for (size_t i = 0; i < v->soc_capacity; i++) {
        const soc_slot *s = &v->soc_slots[i];
        if (s->generation == v->generation)
            slots[soc_probe(slots, capacity, v->generation, s->code_plus1 - 1)] = *s;
    }
    bls_free(v->soc_slots);
    v->soc_slots = slots;
    v->soc_capacity = capacity;
    return BLS_OK;
}

static bls_status group_totals_check(bls_validator *v, bls_findings *findings);

/* Start a new block: check the group totals of the one that ends, forget
 * its SOC codes (one increment), and notice a block that comes back. */
static bls_status check_block(check_ctx *c)
{
    bls_validator *v = c->v;
    uint64_t key = block_key_hash(c);
    if (v->in_block && key == v->block_hash)
        return BLS_OK;
    bls_status st = group_totals_check(v, c->findings);
    if (st != BLS_OK)
        return st;
    if (++v->generation == 0) { /* wrapped after 2^32 blocks: really clear */
        memset(v->soc_slots, 0, v->soc_capacity * sizeof *v->soc_slots);
        v->generation = 1;
    }
    v->soc_count = 0;
    v->in_block = 1;
    v->block_hash = key;
    v->block_first_line = c->row->line;

    size_t i = block_probe(v->block_slots, v->block_capacity, key);
    if (!v->block_slots[i])
        return block_set_add(v, key);
    if (v->block_slots[i] & BLOCK_WARNED)
        return BLS_OK; /* said once for this block */
    v->block_slots[i] |= BLOCK_WARNED;
    char block[160];
    describe_block(c, block, sizeof block);
    return report(c, BLS_RULE_BLOCK_UNSORTED, -1, 0,
                  "rows of %s resume here after other rows: the file is not sorted by block, "
                  "so repeated occupations across the two runs are not detected",
                  block[0] ? block : "this block");
}

/* FNV-1a over the parsed numeric cells of a row: equal figures, equal hash. */
static uint64_t figures_hash(const check_ctx *c)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < c->v->numeric_count; i++) {
        const bls_number *n = num_of(c, c->v->numeric[i].column);
        const uint64_t parts[3] = {(uint64_t)n->state, n->decimals, (uint64_t)n->scaled};
        for (size_t k = 0; k < 3; k++)
            for (unsigned shift = 0; shift < 64; shift += 8) {
                h ^= (parts[k] >> shift) & 0xFFu;
                h *= UINT64_C(1099511628211);
            }
    }
    return h;
}

static int twin_groups(int a, int b)
{
    return (a == BLS_GROUP_BROAD && b == BLS_GROUP_DETAILED) ||
           (a == BLS_GROUP_DETAILED && b == BLS_GROUP_BROAD);
}

static bls_status check_duplicate_soc(check_ctx *c)
{
    bls_validator *v = c->v;
    uint32_t code = bls_soc_number(c->rec->soc_code);
    size_t i = soc_probe(v->soc_slots, v->soc_capacity, v->generation, code);
    uint64_t figures = figures_hash(c);
    if (v->soc_slots[i].generation == v->generation) {
        /* May 2017 on, BLS lists some codes twice, once as "broad" and once
         * as "detailed", identical otherwise (13-1020): one occupation. */
        if (twin_groups(v->soc_slots[i].group, c->rec->group) &&
            v->soc_slots[i].figures == figures)
            return BLS_OK;
        char block[160];
        describe_block(c, block, sizeof block);
        return report(c, BLS_RULE_DUPLICATE_KEY, code_field(v), 1,
                      "SOC %s%s%s repeats the row on line %" PRIu64, c->rec->soc_code,
                      block[0] ? " for " : "", block, v->soc_slots[i].line);
    }
    if ((v->soc_count + 1) * 2 > v->soc_capacity) {
        if (v->soc_capacity >= SOC_SET_MAX)
            return BLS_OK; /* cannot happen with valid codes; see SOC_SET_MAX */
        bls_status st = soc_set_grow(v);
        if (st != BLS_OK)
            return st;
        i = soc_probe(v->soc_slots, v->soc_capacity, v->generation, code);
    }
    v->soc_slots[i] = (soc_slot){code + 1, v->generation, c->row->line, figures, c->rec->group};
    v->soc_count++;
    return BLS_OK;
}

/* --- cells --------------------------------------------------------- */

static bls_status check_numbers(check_ctx *c)
{
    const bls_validator *v = c->v;
    for (size_t i = 0; i < v->numeric_count; i++) {
        const numeric_column *nc = &v->numeric[i];
        if (num_of(c, nc->column)->state != BLS_CELL_INVALID)
            continue;
        size_t len;
        const char *text = text_of(c, nc->column, &len);
        bls_status st = report(c, BLS_RULE_NUMBER_PARSE, nc->field, 0,
                               "%s \"%.*s\" is neither a number nor a BLS marker",
                               column_label(nc->column), bls_utf8_clip(text, len, QUOTE_MAX), text);
        if (st != BLS_OK)
            return st;
    }
    return BLS_OK;
}

static const struct marker_home *marker_home_of(bls_cell_state state)
{
    for (size_t m = 0; m < MARKER_HOME_COUNT; m++)
        if (marker_homes[m].marker == state)
            return &marker_homes[m];
    return NULL;
}

static bls_status check_markers(check_ctx *c)
{
    const bls_validator *v = c->v;
    for (size_t i = 0; i < v->numeric_count; i++) {
        const numeric_column *nc = &v->numeric[i];
        bls_cell_state state = num_of(c, nc->column)->state;
        const struct marker_home *home = marker_home_of(state);
        if (!home || (nc->marker_homes & (1u << state)))
            continue;
        bls_status st =
            report(c, BLS_RULE_MARKER_MISPLACED, nc->field, 0,
                   "\"%s\" (%s) in %s: it belongs only in %s", bls_cell_marker(state),
                   bls_cell_state_describe(state), column_label(nc->column), home->home);
        if (st != BLS_OK)
            return st;
    }
    return BLS_OK;
}

static bls_status check_flags(check_ctx *c)
{
    static const bls_column flags[] = {BLS_COL_ANNUAL, BLS_COL_HOURLY};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        int field = field_of(c->v, flags[i]);
        if (field < 0)
            continue;
        size_t len;
        const char *text = text_of(c, flags[i], &len);
        if (len == 0 || bls_text_is_ci(text, len, "true"))
            continue;
        bls_status st = report(c, BLS_RULE_FLAG_VALUE, field, 0,
                               "%s is \"%.*s\"; BLS writes TRUE or leaves it empty",
                               column_label(flags[i]), bls_utf8_clip(text, len, QUOTE_MAX), text);
        if (st != BLS_OK)
            return st;
    }
    return BLS_OK;
}

/*
 * Pairs (written, from the code) that are not contradictions: OEWS publishes
 * some aggregates of detailed occupations at a broad code (NN-NNN0) as its
 * finest level, labelled "detailed".
 */
static const struct group_pair {
    bls_occ_group written, by_code;
} tolerated_groups[] = {
    {BLS_GROUP_DETAILED, BLS_GROUP_BROAD},
    /* before May 2011 "total" did not exist: 00-0000 is labelled "major" */
    {BLS_GROUP_MAJOR, BLS_GROUP_TOTAL},
};

static int groups_agree(bls_occ_group written, bls_occ_group by_code)
{
    if (written == by_code)
        return 1;
    for (size_t i = 0; i < sizeof tolerated_groups / sizeof tolerated_groups[0]; i++)
        if (tolerated_groups[i].written == written && tolerated_groups[i].by_code == by_code)
            return 1;
    return 0;
}

static bls_status check_occ_group(check_ctx *c)
{
    size_t len;
    const char *text;
    if (field_of(c->v, BLS_COL_OCC_GROUP) >= 0) {
        int field = field_of(c->v, BLS_COL_OCC_GROUP);
        text = text_of(c, BLS_COL_OCC_GROUP, &len);
        bls_occ_group written = bls_occ_group_from_name(text, len);
        /* 2002-2011 files leave the group blank on detailed rows (their
         * field descriptions say so); the code tells the level. */
        if (len == 0 && bls_soc_level(c->rec->soc_code) != BLS_GROUP_UNKNOWN)
            return BLS_OK;
        if (written == BLS_GROUP_UNKNOWN)
            return report(c, BLS_RULE_OCC_GROUP, field, 0,
                          "occupation group \"%.*s\" is not total, major, minor, broad or detailed",
                          bls_utf8_clip(text, len, QUOTE_MAX), text);
        bls_occ_group by_code = bls_soc_level(c->rec->soc_code);
        if (!groups_agree(written, by_code))
            return report(c, BLS_RULE_OCC_GROUP, field, 0,
                          "occupation group \"%s\" does not fit SOC %s, which is a %s code",
                          bls_occ_group_name(written), c->rec->soc_code,
                          bls_occ_group_name(by_code));
        return BLS_OK;
    }
    int field = field_of(c->v, BLS_COL_EP_OCC_TYPE);
    text = text_of(c, BLS_COL_EP_OCC_TYPE, &len);
    if (bls_ep_occ_type(text, len, NULL))
        return BLS_OK;
    return report(c, BLS_RULE_OCC_GROUP, field, 0,
                  "occupation type \"%.*s\" is neither \"Summary\" nor \"Line item\"",
                  bls_utf8_clip(text, len, QUOTE_MAX), text);
}

static bls_status check_negative(check_ctx *c)
{
    const bls_validator *v = c->v;
    for (size_t i = 0; i < v->numeric_count; i++) {
        const numeric_column *nc = &v->numeric[i];
        const bls_number *n = num_of(c, nc->column);
        if (!(nc->roles & BLS_ROLE_NOT_NEGATIVE) || n->state != BLS_CELL_VALUE || n->scaled >= 0)
            continue;
        char buf[32];
        bls_status st = report(c, BLS_RULE_NEGATIVE, nc->field, 0, "%s is negative (%s)",
                               column_label(nc->column), number_text(n, buf, sizeof buf));
        if (st != BLS_OK)
            return st;
    }
    return BLS_OK;
}

static bls_status check_percentile_order(check_ctx *c)
{
    for (size_t l = 0; l < LADDER_COUNT; l++) {
        const bls_number *previous = NULL;
        bls_column previous_col = BLS_COL_COUNT;
        for (size_t s = 0; s < LADDER_STEPS; s++) {
            bls_column col = wage_ladders[l][s];
            const bls_number *n = num_of(c, col);
            if (field_of(c->v, col) < 0 || n->state != BLS_CELL_VALUE)
                continue; /* markers and blanks say nothing about order */
            if (previous && bls_number_compare(n, previous) < 0) {
                char a[32], b[32];
                bls_status st =
                    report(c, BLS_RULE_PERCENTILE_ORDER, field_of(c->v, col), 0,
                           "%s %s is below %s %s", column_label(col), number_text(n, a, sizeof a),
                           column_label(previous_col), number_text(previous, b, sizeof b));
                if (st != BLS_OK)
                    return st;
                break; /* one finding per ladder: the first cell out of order */
            }
            previous = n;
            previous_col = col;
        }
    }
    return BLS_OK;
}

/*
 * BLS computes annual = hourly x 2080 from the unrounded hourly wage, then
 * publishes the hourly wage rounded to cents (+-$0.005 x 2080 = +-$10.40 on
 * the product) and the annual one rounded to $10 from whole dollars (+-$5.50
 * with that double rounding; every annual figure of the May 2002-2023
 * national files is a multiple of 10). Published annual - published hourly x
 * 2080 is therefore within $15.90; the largest difference in those files is
 * $15.60.
 */
#define HOURS_PER_YEAR BLS_HOURS_PER_YEAR
#define ANNUAL_HOURLY_TOLERANCE_CENTS (1040 + 550)
#define CENTS_MAX INT64_C(1000000000000) /* $10 billion: beyond, skip the sum */

static bls_status check_annual_hourly(check_ctx *c)
{
    if ((field_of(c->v, BLS_COL_ANNUAL) >= 0 && flag_is_true(c, BLS_COL_ANNUAL)) ||
        (field_of(c->v, BLS_COL_HOURLY) >= 0 && flag_is_true(c, BLS_COL_HOURLY)))
        return BLS_OK; /* only one of the two is a real wage figure */
    for (size_t p = 0; p < WAGE_PAIR_COUNT; p++) {
        const struct wage_pair *wp = &wage_pairs[p];
        if (field_of(c->v, wp->hourly) < 0 || field_of(c->v, wp->annual) < 0)
            continue;
        const bls_number *hourly = num_of(c, wp->hourly);
        const bls_number *annual = num_of(c, wp->annual);
        if (hourly->state != BLS_CELL_VALUE || annual->state != BLS_CELL_VALUE)
            continue;
        int64_t hourly_cents, annual_cents;
        if (bls_number_rescale(hourly, 2, &hourly_cents) != 0 ||
            bls_number_rescale(annual, 2, &annual_cents) != 0 || hourly_cents > CENTS_MAX ||
            hourly_cents < -CENTS_MAX || annual_cents > CENTS_MAX || annual_cents < -CENTS_MAX)
            continue;
        int64_t expected_cents = hourly_cents * HOURS_PER_YEAR;
        int64_t diff = annual_cents - expected_cents;
        if (diff <= ANNUAL_HOURLY_TOLERANCE_CENTS && diff >= -ANNUAL_HOURLY_TOLERANCE_CENTS)
            continue;
        char a[32], h[32], e[32], d[32], t[32];
        bls_number expected = bls_number_make(expected_cents, 2);
        bls_number off = bls_number_make(diff < 0 ? -diff : diff, 2);
        bls_number tolerance = bls_number_make(ANNUAL_HOURLY_TOLERANCE_CENTS, 2);
        bls_status st = report(
            c, BLS_RULE_ANNUAL_HOURLY, field_of(c->v, wp->annual), 0,
            "%s %s is not %s %s x 2080 = %s: differs by $%s (tolerance $%s: hourly to the "
            "cent, annual to $10)",
            column_label(wp->annual), number_text(annual, a, sizeof a), column_label(wp->hourly),
            number_text(hourly, h, sizeof h), number_text(&expected, e, sizeof e),
            number_text(&off, d, sizeof d), number_text(&tolerance, t, sizeof t));
        if (st != BLS_OK)
            return st;
    }
    return BLS_OK;
}

static bls_status check_top_code(check_ctx *c)
{
    /* cap x 100 / 2080 is exact in cents for every cap in the table */
    bls_number annual_cap = bls_number_make(c->v->top_code_annual, 0);
    bls_number hourly_cap =
        bls_number_make((int64_t)c->v->top_code_annual * 100 / HOURS_PER_YEAR, 2);
    for (size_t i = 0; i < TOP_CODED_COUNT; i++) {
        bls_column col = top_coded_columns[i].column;
        const bls_number *n = num_of(c, col);
        const bls_number *cap = top_coded_columns[i].hourly ? &hourly_cap : &annual_cap;
        if (field_of(c->v, col) < 0 || n->state != BLS_CELL_VALUE)
            continue;
        /* BLS writes "#" for a wage "equal to or greater than" the cap, so a
         * published figure should be below it. */
        if (bls_number_compare(n, cap) < 0)
            continue;
        char a[32], b[32];
        bls_status st =
            report(c, BLS_RULE_TOP_CODE, field_of(c->v, col), 0,
                   "%s %s is at or above the year's top-code cap of %s, which BLS "
                   "publishes as \"#\"",
                   column_label(col), number_text(n, a, sizeof a), number_text(cap, b, sizeof b));
        if (st != BLS_OK)
            return st;
    }
    return BLS_OK;
}

/* --- EP projections -------------------------------------------------- */

/*
 * EP figures as integers in hundredths, with the half-unit of the precision
 * they were written with (a figure written "41.0" stands for anything in
 * [40.95, 41.05]): 50 for whole numbers, 5 for one decimal, 1 beyond (the
 * half-unit and the rounding to hundredths both fit in it).
 */
typedef struct ep_figure {
    int64_t units;
    int64_t half;
} ep_figure;

#define EP_UNITS_MAX INT64_C(1000000000) /* 10 million thousands: beyond, skip */

static int ep_figure_of(const bls_number *n, ep_figure *out)
{
    if (n->state != BLS_CELL_VALUE || bls_number_rescale(n, 2, &out->units) != 0 ||
        out->units > EP_UNITS_MAX || out->units < -EP_UNITS_MAX)
        return 0;
    out->half = n->decimals == 0 ? 50 : n->decimals == 1 ? 5 : 1;
    return 1;
}

static int64_t abs64(int64_t v)
{
    return v < 0 ? -v : v;
}

static bls_status check_ep_change(check_ctx *c)
{
    ep_figure base, projected, change;
    if (!ep_figure_of(num_of(c, BLS_COL_EP_EMP_BASE), &base) ||
        !ep_figure_of(num_of(c, BLS_COL_EP_EMP_PROJ), &projected) ||
        !ep_figure_of(num_of(c, BLS_COL_EP_CHANGE_NUM), &change))
        return BLS_OK;
    /* Each figure is within its half-unit of the true value, and the true
     * values satisfy projected - base = change: the published ones may miss
     * by the three half-units together (0.15 thousand at one decimal, which
     * for figures in tenths means a difference of 0.1 at most). */
    int64_t diff = projected.units - base.units - change.units;
    int64_t tolerance = projected.half + base.half + change.half;
    if (abs64(diff) <= tolerance)
        return BLS_OK;
    char p[32], b[32], d[32], off[32], tol[32];
    bls_number off_n = bls_number_make(abs64(diff), 2), tol_n = bls_number_make(tolerance, 2);
    return report(c, BLS_RULE_EP_CHANGE, field_of(c->v, BLS_COL_EP_CHANGE_NUM), 0,
                  "projected %s - base %s is not the change of %s (thousands): differs by %s "
                  "(tolerance %s: each figure rounded as published, change computed from "
                  "unrounded data)",
                  number_text(num_of(c, BLS_COL_EP_EMP_PROJ), p, sizeof p),
                  number_text(num_of(c, BLS_COL_EP_EMP_BASE), b, sizeof b),
                  number_text(num_of(c, BLS_COL_EP_CHANGE_NUM), d, sizeof d),
                  number_text(&off_n, off, sizeof off), number_text(&tol_n, tol, sizeof tol));
}

/*
 * Percent change p = 100 c / b, where p, c and b are each published rounded
 * (half-units hp, hc, hb) from true values P, C, B with P = 100 C / B exactly.
 *   |100c/b - 100C/B| = 100 |(c-C) B - C (b-B)| / (b B)
 *                    <= 100 (hc / b + |C| hb / (b B))
 *                    <= 100 hc / b + 100 (|c| + hc) hb / (b (b - hb))
 * so the published percent may miss 100c/b by
 *   hp + 100 hc / b + 100 (|c| + hc) hb / (b (b - hb)).
 * Multiplied by b and written in hundredths (x 10^4 in all), with integers:
 *   |p b - 10^4 c| <= hp b + 10^4 hc + ceil(10^4 (|c| + hc) hb / (b - hb)).
 * Products stay below 10^18 because every figure is below EP_UNITS_MAX.
 * A base of zero (or within its rounding of zero) has no percent: skipped.
 */
static bls_status check_ep_percent(check_ctx *c)
{
    ep_figure base, change, percent;
    if (!ep_figure_of(num_of(c, BLS_COL_EP_EMP_BASE), &base) ||
        !ep_figure_of(num_of(c, BLS_COL_EP_CHANGE_NUM), &change) ||
        !ep_figure_of(num_of(c, BLS_COL_EP_CHANGE_PCT), &percent) || base.units <= base.half)
        return BLS_OK;
    int64_t lhs = abs64(percent.units * base.units - 10000 * change.units);
    int64_t spread = 10000 * (abs64(change.units) + change.half) * base.half;
    int64_t room = base.units - base.half;
    int64_t tolerance =
        percent.half * base.units + 10000 * change.half + (spread + room - 1) / room;
    if (lhs <= tolerance)
        return BLS_OK;
    /* the same in percent points, for the message: lhs / b and tolerance / b
     * (x 10^4 in all), in hundredths of a point */
    char p[32], d[32], b[32], off[32], tol[32];
    bls_number off_n = bls_number_make(lhs / base.units, 2);
    bls_number tol_n = bls_number_make((tolerance + base.units - 1) / base.units, 2);
    return report(c, BLS_RULE_EP_PERCENT, field_of(c->v, BLS_COL_EP_CHANGE_PCT), 0,
                  "percent change %s is not change %s / base %s x 100: differs by %s points "
                  "(tolerance %s from the rounding of all three)",
                  number_text(num_of(c, BLS_COL_EP_CHANGE_PCT), p, sizeof p),
                  number_text(num_of(c, BLS_COL_EP_CHANGE_NUM), d, sizeof d),
                  number_text(num_of(c, BLS_COL_EP_EMP_BASE), b, sizeof b),
                  number_text(&off_n, off, sizeof off), number_text(&tol_n, tol, sizeof tol));
}

/* --- group totals ------------------------------------------------------- */

/*
 * OEWS rounds employment to the nearest 10: each published figure may be 5
 * away from its true value, so a sum of n detailed rows compared with the
 * group row may exceed it by 5 (n + 1) without any error in the data.
 */
#define EMPLOYMENT_ROUNDING_HALF 5

static bls_status group_totals_check(bls_validator *v, bls_findings *findings)
{
    bls_status st = BLS_OK;
    int field = field_of(v, BLS_COL_TOT_EMP);
    for (size_t i = 0; i < v->touched_count; i++) {
        group_tally *g = &v->groups[v->touched[i]];
        int64_t slack = EMPLOYMENT_ROUNDING_HALF * ((int64_t)g->detailed_count + 1);
        if (st == BLS_OK && g->has_major && g->detailed_count > 0 &&
            g->detailed_sum > g->major_employment + slack && findings)
            st = bls_findings_add(findings, v->path, g->major_line,
                                  (uint32_t)(field >= 0 ? field + 1 : 0), BLS_RULE_GROUP_TOTAL,
                                  "the %" PRIu32 " detailed occupations of major group "
                                  "%02u-0000 employ %" PRId64 " in all, more than the group's "
                                  "%" PRId64,
                                  g->detailed_count, (unsigned)v->touched[i], g->detailed_sum,
                                  g->major_employment);
        *g = (group_tally){0, 0, 0, 0, 0};
    }
    v->touched_count = 0;
    return st;
}

#define EMPLOYMENT_SUM_MAX (INT64_MAX / 2)

static bls_status tally_group(check_ctx *c)
{
    bls_validator *v = c->v;
    const bls_number *n = num_of(c, BLS_COL_TOT_EMP);
    bls_occ_group group = c->rec->group;
    int64_t employment;
    if ((group != BLS_GROUP_MAJOR && group != BLS_GROUP_DETAILED) || n->state != BLS_CELL_VALUE ||
        bls_number_rescale(n, 0, &employment) != 0 || employment < 0)
        return BLS_OK;
    if (group == BLS_GROUP_MAJOR && bls_soc_level(c->rec->soc_code) != BLS_GROUP_MAJOR)
        return BLS_OK; /* "major" on a code that is not NN-0000: occ-group said so */
    unsigned major = bls_soc_major(c->rec->soc_code);
    group_tally *g = &v->groups[major];
    if (!g->has_major && g->detailed_count == 0)
        v->touched[v->touched_count++] = (uint8_t)major;
    if (group == BLS_GROUP_MAJOR) {
        g->has_major = 1;
        g->major_employment = employment;
        g->major_line = c->row->line;
    } else {
        g->detailed_count++;
        g->detailed_sum = employment > EMPLOYMENT_SUM_MAX - g->detailed_sum
                              ? EMPLOYMENT_SUM_MAX
                              : g->detailed_sum + employment;
    }
    return BLS_OK;
}

/* ------------------------------------------------------------------ */
/* The rule table                                                      */
/* ------------------------------------------------------------------ */

static int has(const bls_validator *v, bls_column col)
{
    return v->layout->index[col] >= 0;
}

static int has_numeric(const bls_validator *v)
{
    return v->numeric_count > 0;
}

static int has_flags(const bls_validator *v)
{
    return has(v, BLS_COL_ANNUAL) || has(v, BLS_COL_HOURLY);
}

static int has_group_column(const bls_validator *v)
{
    return has(v, BLS_COL_OCC_GROUP) || has(v, BLS_COL_EP_OCC_TYPE);
}

static int has_ladder(const bls_validator *v)
{
    for (size_t l = 0; l < LADDER_COUNT; l++) {
        int present = 0;
        for (size_t s = 0; s < LADDER_STEPS; s++)
            present += has(v, wage_ladders[l][s]);
        if (present >= 2)
            return 1;
    }
    return 0;
}

static int has_wage_pair(const bls_validator *v)
{
    for (size_t p = 0; p < WAGE_PAIR_COUNT; p++)
        if (has(v, wage_pairs[p].hourly) && has(v, wage_pairs[p].annual))
            return 1;
    return 0;
}

static int has_top_code(const bls_validator *v)
{
    if (v->top_code_annual <= 0)
        return 0;
    for (size_t i = 0; i < TOP_CODED_COUNT; i++)
        if (has(v, top_coded_columns[i].column))
            return 1;
    return 0;
}

static int has_ep_change(const bls_validator *v)
{
    return has(v, BLS_COL_EP_EMP_BASE) && has(v, BLS_COL_EP_EMP_PROJ) &&
           has(v, BLS_COL_EP_CHANGE_NUM);
}

static int has_ep_percent(const bls_validator *v)
{
    return has(v, BLS_COL_EP_EMP_BASE) && has(v, BLS_COL_EP_CHANGE_NUM) &&
           has(v, BLS_COL_EP_CHANGE_PCT);
}

static int has_total_employment(const bls_validator *v)
{
    return has(v, BLS_COL_TOT_EMP);
}

enum {
    FOR_WAGES = 1u << 0,
    FOR_PROJECTIONS = 1u << 1,
    FOR_DATA = FOR_WAGES | FOR_PROJECTIONS,
};

/*
 * One row per check, run in this order. `every_row` checks look at the
 * row's structure and run even on a row already rejected; the others run
 * only while nothing has rejected the row (fields may be shifted, or the row
 * is not used anyway). `applies` (NULL: always) is asked once per file.
 */
typedef struct rule_check {
    /* Names the row's rule for the reader; the check reports its own rule
     * ids (some report more than one), so the code never reads it. */
    // cppcheck-suppress unusedStructMember
    bls_rule rule;
    unsigned kinds;
    int every_row;
    applies_fn applies;
    check_fn check;
} rule_check;

static const rule_check rule_checks[] = {
    {BLS_RULE_FIELD_TOO_LONG, FOR_DATA, 1, NULL, check_cut_field},
    {BLS_RULE_ROW_TOO_WIDE, FOR_DATA, 1, NULL, check_too_wide},
    {BLS_RULE_ROW_TOO_NARROW, FOR_DATA, 1, NULL, check_too_narrow},
    {BLS_RULE_SOC_FORMAT, FOR_DATA, 0, NULL, check_soc_format},
    {BLS_RULE_SOC_MAJOR_GROUP, FOR_DATA, 0, NULL, check_soc_major},
    {BLS_RULE_DUPLICATE_KEY, FOR_DATA, 0, NULL, check_block},
    {BLS_RULE_DUPLICATE_KEY, FOR_DATA, 0, NULL, check_duplicate_soc},
    {BLS_RULE_NUMBER_PARSE, FOR_DATA, 0, has_numeric, check_numbers},
    {BLS_RULE_MARKER_MISPLACED, FOR_DATA, 0, has_numeric, check_markers},
    {BLS_RULE_FLAG_VALUE, FOR_WAGES, 0, has_flags, check_flags},
    {BLS_RULE_OCC_GROUP, FOR_DATA, 0, has_group_column, check_occ_group},
    {BLS_RULE_NEGATIVE, FOR_DATA, 0, has_numeric, check_negative},
    {BLS_RULE_PERCENTILE_ORDER, FOR_WAGES, 0, has_ladder, check_percentile_order},
    {BLS_RULE_ANNUAL_HOURLY, FOR_WAGES, 0, has_wage_pair, check_annual_hourly},
    {BLS_RULE_TOP_CODE, FOR_WAGES, 0, has_top_code, check_top_code},
    {BLS_RULE_EP_CHANGE, FOR_PROJECTIONS, 0, has_ep_change, check_ep_change},
    {BLS_RULE_EP_PERCENT, FOR_PROJECTIONS, 0, has_ep_percent, check_ep_percent},
    {BLS_RULE_GROUP_TOTAL, FOR_WAGES, 0, has_total_employment, tally_group},
};

#define RULE_CHECK_COUNT (sizeof rule_checks / sizeof rule_checks[0])
_Static_assert(RULE_CHECK_COUNT <= RULE_CHECK_MAX, "raise RULE_CHECK_MAX");

/* ------------------------------------------------------------------ */
/* Validator                                                           */
/* ------------------------------------------------------------------ */

static unsigned kind_bit(bls_kind kind)
{
    switch (kind) {
    case BLS_KIND_WAGES: return FOR_WAGES;
    case BLS_KIND_PROJECTIONS: return FOR_PROJECTIONS;
    case BLS_KIND_UNKNOWN:
    case BLS_KIND_CLAIMS: /* claims.c validates claims rows */
    case BLS_KIND_DOCUMENT: return 0;
    }
    return 0;
}

static void plan_columns(bls_validator *v)
{
    const bls_program *program = bls_program_of(v->layout->kind);
    for (int col = 0; col < BLS_COL_COUNT; col++) {
        int field = v->layout->index[col];
        if (field < 0 || !bls_column_is_numeric((bls_column)col))
            continue;
        numeric_column *nc = &v->numeric[v->numeric_count++];
        nc->column = (bls_column)col;
        nc->field = field;
        nc->roles = bls_program_roles(program, (bls_column)col);
        nc->marker_homes = 0;
        for (size_t m = 0; m < MARKER_HOME_COUNT; m++)
            if (nc->roles & marker_homes[m].home_role)
                nc->marker_homes |= 1u << marker_homes[m].marker;
    }
}

static void plan_checks(bls_validator *v)
{
    unsigned kind = kind_bit(v->layout->kind);
    for (size_t i = 0; i < RULE_CHECK_COUNT; i++) {
        const rule_check *rc = &rule_checks[i];
        if ((rc->kinds & kind) && (!rc->applies || rc->applies(v)))
            v->active[v->active_count++] = rc;
    }
}

bls_validator *bls_validator_new(const char *path, const bls_layout *layout,
                                 const bls_period *period)
{
    if (!layout)
        return NULL;
    bls_validator *v = bls_calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->layout = layout;
    v->path = bls_strdup(path ? path : "");
    v->soc_capacity = SOC_SET_INITIAL;
    v->soc_slots = bls_calloc(v->soc_capacity, sizeof *v->soc_slots);
    v->block_capacity = BLOCK_SET_INITIAL;
    v->block_slots = bls_calloc(v->block_capacity, sizeof *v->block_slots);
    if (!v->path || !v->soc_slots || !v->block_slots)
        goto fail;
    v->generation = 1; /* calloc'd slots carry generation 0: all free */
    bls_dynbuf_init(&v->reason, REASON_LIMIT);
    if (period && layout->kind == BLS_KIND_WAGES)
        v->top_code_annual = bls_top_code_annual(period->year_from);
    plan_columns(v);
    plan_checks(v);
    return v;
fail:
    bls_validator_free(v);
    return NULL;
}

void bls_validator_free(bls_validator *v)
{
    if (!v)
        return;
    bls_free(v->path);
    bls_free(v->soc_slots);
    bls_free(v->block_slots);
    bls_dynbuf_cleanup(&v->reason);
    bls_free(v);
}

bls_status bls_validate_record(bls_validator *v, const bls_record *rec, bls_findings *findings,
                               bls_row_outcome *outcome)
{
    if (!outcome)
        return BLS_ERR_INVALID_ARG;
    outcome->rejected = 0;
    outcome->reason = "";
    if (!v || !rec || !rec->row)
        return BLS_ERR_INVALID_ARG;
    bls_dynbuf_reset(&v->reason);
    check_ctx c = {v, rec, rec->row, findings, outcome};
    for (size_t i = 0; i < v->active_count; i++) {
        const rule_check *rc = v->active[i];
        if (outcome->rejected && !rc->every_row)
            continue;
        bls_status st = rc->check(&c);
        if (st != BLS_OK)
            return st;
    }
    return BLS_OK;
}

bls_status bls_validator_finish(bls_validator *v, bls_findings *findings)
{
    if (!v)
        return BLS_ERR_INVALID_ARG;
    return group_totals_check(v, findings);
}
