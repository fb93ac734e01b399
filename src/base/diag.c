/*
 * diag.c - the rule table and the findings list.
 *
 * The rule table is the single place where a rule's id, severity and summary
 * live; validators refer to rules by enum only.
 */
#include "blsreport/base/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/base/strpool.h"

static const bls_rule_info rule_table[BLS_RULE_COUNT] = {
    [BLS_RULE_ENCODING_CP1252] = {"enc-cp1252", BLS_SEV_INFO,
                                  "line was not UTF-8; transcoded from Windows-1252"},
    [BLS_RULE_ENCODING_INVALID] = {"enc-invalid", BLS_SEV_ERROR,
                                   "bytes that are neither UTF-8 nor Windows-1252"},
    [BLS_RULE_CONTROL_CHAR] = {"cell-control-char", BLS_SEV_WARNING,
                               "NUL or control character replaced with U+FFFD"},
    [BLS_RULE_FIELD_TOO_LONG] = {"cell-too-long", BLS_SEV_ERROR,
                                 "field longer than an Excel cell holds (32,767 characters)"},
    [BLS_RULE_ROW_TOO_WIDE] = {"row-too-wide", BLS_SEV_ERROR, "row has more fields than the header"},
    [BLS_RULE_ROW_TOO_NARROW] = {"row-too-narrow", BLS_SEV_ERROR,
                                 "row has fewer fields than the header"},
    [BLS_RULE_CSV_QUOTE] = {"csv-quote", BLS_SEV_ERROR, "quoted field not closed before end of file"},
    [BLS_RULE_REQUIRED_COLUMN] = {"layout-required-column", BLS_SEV_ERROR,
                                  "a column the layout needs is missing"},
    [BLS_RULE_DUPLICATE_COLUMN] = {"layout-duplicate-column", BLS_SEV_WARNING,
                                   "the same column appears twice in the header"},
    [BLS_RULE_PERIOD_UNKNOWN] = {"layout-period-unknown", BLS_SEV_WARNING,
                                 "reference period not known (name the file *_M2014_* or use --wage-period)"},
    [BLS_RULE_SOC_FORMAT] = {"soc-format", BLS_SEV_ERROR, "occupation code is not a SOC code NN-NNNN"},
    [BLS_RULE_SOC_MAJOR_GROUP] = {"soc-major-group", BLS_SEV_ERROR,
                                  "SOC major group does not exist"},
    [BLS_RULE_OCC_GROUP] = {"occ-group", BLS_SEV_WARNING,
                            "OCC_GROUP is not total/major/minor/broad/detailed, or disagrees with the code"},
    [BLS_RULE_NUMBER_PARSE] = {"cell-not-number", BLS_SEV_ERROR,
                               "numeric cell is neither a number nor a BLS marker"},
    [BLS_RULE_MARKER_MISPLACED] = {"marker-misplaced", BLS_SEV_WARNING,
                                   "BLS marker in a column where it has no meaning"},
    [BLS_RULE_FLAG_VALUE] = {"flag-value", BLS_SEV_WARNING, "ANNUAL/HOURLY flag is not TRUE or empty"},
    [BLS_RULE_NEGATIVE] = {"value-negative", BLS_SEV_ERROR, "wage or employment is negative"},
    [BLS_RULE_PERCENTILE_ORDER] = {"wage-percentile-order", BLS_SEV_ERROR,
                                   "percentiles not ordered 10 <= 25 <= median <= 75 <= 90"},
    [BLS_RULE_ANNUAL_HOURLY] = {"wage-annual-hourly", BLS_SEV_WARNING,
                                "annual wage is not hourly x 2080 (rounded)"},
    [BLS_RULE_TOP_CODE] = {"wage-top-code", BLS_SEV_WARNING,
                           "wage above the year's top-code cap without the # marker"},
    [BLS_RULE_EP_CHANGE] = {"ep-change-number", BLS_SEV_ERROR,
                            "projected - base employment differs from the numeric change"},
    [BLS_RULE_EP_PERCENT] = {"ep-change-percent", BLS_SEV_ERROR,
                             "percent change differs from change / base employment"},
    [BLS_RULE_DUPLICATE_KEY] = {"row-duplicate-key", BLS_SEV_ERROR,
                                "same area + industry + occupation as an earlier row"},
    [BLS_RULE_BLOCK_UNSORTED] = {"row-block-unsorted", BLS_SEV_WARNING,
                                 "an area/industry block resumes after other rows (file not sorted)"},
    [BLS_RULE_TITLE_CONFLICT] = {"soc-title-conflict", BLS_SEV_WARNING,
                                 "same SOC code with a different title"},
    [BLS_RULE_GROUP_TOTAL] = {"group-total", BLS_SEV_WARNING,
                              "detailed occupations add up to more than their group total"},
    [BLS_RULE_CLAIM_FIELD] = {"claim-field", BLS_SEV_ERROR,
                              "claims CSV field missing or not understood"},
    [BLS_RULE_CLAIM_UNATTRIBUTED] = {"claim-unattributed", BLS_SEV_WARNING,
                                     "figure in the document not attributed to an occupation and metric"},
    [BLS_RULE_CLAIM_DISAGREE] = {"claim-quotes-disagree", BLS_SEV_WARNING,
                                 "the document quotes one fact twice with different values"},
    [BLS_RULE_DATA_CONFLICT] = {"data-conflict", BLS_SEV_WARNING,
                                "two inputs give one occupation, metric and period different values"},
    [BLS_RULE_INPUT_DUPLICATE] = {"input-duplicate", BLS_SEV_INFO,
                                  "the same file was given twice; it is read once"},
    [BLS_RULE_ENCODING_MACROMAN] = {"enc-macroman", BLS_SEV_INFO,
                                    "lines were not UTF-8; transcoded from Mac Roman (Excel for Mac)"},
    [BLS_RULE_DOCUMENT_UNREADABLE] = {"document-unreadable", BLS_SEV_ERROR,
                                      "document is empty, binary or quotes no figure"},
};

const bls_rule_info *bls_rule_get(bls_rule rule)
{
    if ((unsigned)rule >= BLS_RULE_COUNT)
        return NULL;
    return &rule_table[rule];
}

const char *bls_severity_name(bls_severity severity)
{
    switch (severity) {
    case BLS_SEV_INFO: return "info";
    case BLS_SEV_WARNING: return "warning";
    case BLS_SEV_ERROR: return "error";
    }
    return "unknown";
}

struct bls_findings {
    bls_finding *items;
    size_t count, capacity, keep;
    uint64_t totals[3];
    uint64_t dropped;
    /* Paths repeat for every finding of a file: each is stored once. */
    bls_strpool paths; /* findings of one file share one copy of its path */
    const char **sheet_paths; /* interned paths that name workbook sheets */
    size_t sheet_count;
};

bls_findings *bls_findings_new(size_t keep)
{
    bls_findings *list = bls_calloc(1, sizeof *list);
    if (!list)
        return NULL;
    list->keep = keep ? keep : BLS_FINDINGS_DEFAULT_KEEP;
    return list;
}

void bls_findings_free(bls_findings *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++)
        bls_free((char *)list->items[i].message);
    bls_strpool_cleanup(&list->paths);
    bls_free(list->sheet_paths);
    bls_free(list->items);
    bls_free(list);
}

bls_status bls_findings_add(bls_findings *list, const char *path, uint64_t line, uint32_t column,
                            bls_rule rule, const char *fmt, ...)
{
    const bls_rule_info *info = bls_rule_get(rule);
    if (!list || !info || !fmt)
        return BLS_ERR_INVALID_ARG;
    list->totals[info->severity]++;
    if (list->count >= list->keep) {
        list->dropped++;
        return BLS_OK;
    }
    if (list->count == list->capacity) {
        size_t cap = list->capacity ? list->capacity * 2 : 32;
        if (cap > list->keep)
            cap = list->keep;
        bls_finding *grown = bls_realloc(list->items, cap * sizeof *grown);
        if (!grown)
            return BLS_ERR_NOMEM;
        list->items = grown;
        list->capacity = cap;
    }
    /* The whole message, however long (a cut could split a UTF-8
     * sequence, and the JSON summary and workbook carry it as text). */
    va_list ap;
    va_start(ap, fmt);
    char *message = bls_vasprintf(fmt, ap);
    va_end(ap);
    const char *interned = bls_strpool_intern(&list->paths, path);
    if (!interned || !message) {
        bls_free(message);
        return BLS_ERR_NOMEM;
    }
    bls_finding *f = &list->items[list->count++];
    f->path = interned;
    f->line = line;
    f->column = column;
    f->rule = rule;
    f->severity = info->severity;
    f->message = message;
    f->cell_a1 = 0;
    for (size_t i = 0; i < list->sheet_count && !f->cell_a1; i++)
        f->cell_a1 = list->sheet_paths[i] == interned;
    return BLS_OK;
}

bls_status bls_findings_mark_sheet(bls_findings *list, const char *path)
{
    if (!list || !path)
        return BLS_ERR_INVALID_ARG;
    const char *interned = bls_strpool_intern(&list->paths, path);
    if (!interned)
        return BLS_ERR_NOMEM;
    for (size_t i = 0; i < list->sheet_count; i++)
        if (list->sheet_paths[i] == interned)
            return BLS_OK;
    const char **grown =
        bls_realloc(list->sheet_paths, (list->sheet_count + 1) * sizeof *grown);
    if (!grown)
        return BLS_ERR_NOMEM;
    list->sheet_paths = grown;
    grown[list->sheet_count++] = interned;
    return BLS_OK;
}

int bls_findings_is_sheet(const bls_findings *list, const char *path)
{
    if (!list || !path)
        return 0;
    for (size_t i = 0; i < list->sheet_count; i++)
        if (strcmp(list->sheet_paths[i], path) == 0)
            return 1;
    return 0;
}

size_t bls_location_format(char *buf, size_t size, const char *path, uint64_t line,
                           uint32_t column, int cell_a1)
{
    int n;
    if (!path)
        path = "";
    if (cell_a1 && line) {
        /* A1 name: column letters (1 = A, 27 = AA), then the row */
        char letters[8];
        size_t k = 0;
        for (uint32_t c = column; c > 0 && k < sizeof letters; c = (c - 1) / 26)
            letters[k++] = (char)('A' + (c - 1) % 26);
        char col[8];
        for (size_t i = 0; i < k; i++)
            col[i] = letters[k - 1 - i];
        col[k] = '\0';
        n = snprintf(buf, size, "%s!%s%llu", path, col, (unsigned long long)line);
    } else if (line && column)
        n = snprintf(buf, size, "%s:%llu:%u", path, (unsigned long long)line, (unsigned)column);
    else if (line)
        n = snprintf(buf, size, "%s:%llu", path, (unsigned long long)line);
    else
        n = snprintf(buf, size, "%s", path);
    return n > 0 ? (size_t)n : 0;
}

size_t bls_finding_location(const bls_finding *f, char *buf, size_t size)
{
    if (!f)
        return bls_location_format(buf, size, "", 0, 0, 0);
    return bls_location_format(buf, size, f->path, f->line, f->column, f->cell_a1);
}

size_t bls_findings_count(const bls_findings *list) { return list ? list->count : 0; }

const bls_finding *bls_findings_at(const bls_findings *list, size_t i)
{
    return (list && i < list->count) ? &list->items[i] : NULL;
}

uint64_t bls_findings_total(const bls_findings *list, bls_severity severity)
{
    if (!list || (unsigned)severity > BLS_SEV_ERROR)
        return 0;
    return list->totals[severity];
}

uint64_t bls_findings_dropped(const bls_findings *list) { return list ? list->dropped : 0; }
