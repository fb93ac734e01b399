/*
 * unchecked.c - every number of a document that is not a claim, with why.
 *
 * Pipeline stage: extract -> *unchecked* -> crosscheck -> render.
 *
 * The text is read on its own (not through the extractor's parser, which
 * another module owns): each maximal run of digits with thousands commas
 * and a decimal part is a number; "$" before or "%" after marks a figure
 * the extractor should have seen. The extractor's claims of the same line
 * then account for the numbers their claimed text holds.
 */
#include "blsreport/check/unchecked.h"

#include <stdlib.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/base/dynbuf.h"
#include "blsreport/base/textenc.h"
#include "blsreport/check/extract.h"

static const struct {
    const char *name, *text;
} reasons[BLS_UNCHECKED_REASON_COUNT] = {
    [BLS_UNCHECKED_YEAR] = {"year", "a year or a span of years"},
    [BLS_UNCHECKED_NOT_A_BLS_FIGURE] = {"not_a_bls_figure",
                                        "a count or other number, not a wage or percent change"},
    [BLS_UNCHECKED_NO_OCCUPATION] = {"no_occupation", "no occupation attributed"},
    [BLS_UNCHECKED_UNKNOWN_METRIC] = {"unknown_metric", "a metric blsreport does not know"},
    [BLS_UNCHECKED_NOT_RECOGNISED] = {"not_recognised", "a $ or % figure the extractor did not take"},
};

const char *bls_unchecked_reason_name(bls_unchecked_reason reason)
{
    return (unsigned)reason < BLS_UNCHECKED_REASON_COUNT ? reasons[reason].name : "unknown";
}

const char *bls_unchecked_reason_text(bls_unchecked_reason reason)
{
    return (unsigned)reason < BLS_UNCHECKED_REASON_COUNT ? reasons[reason].text : "unknown";
}

void bls_unchecked_init(bls_unchecked_list *list)
{
    if (list)
        memset(list, 0, sizeof *list);
}

void bls_unchecked_cleanup(bls_unchecked_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++) {
        bls_free(list->items[i].document);
        bls_free(list->items[i].text);
    }
    bls_free(list->items);
    memset(list, 0, sizeof *list);
}

static bls_status push(bls_unchecked_list *out, const char *path, uint64_t line, const char *text,
                       size_t len, bls_unchecked_reason reason)
{
    if (out->count >= BLS_UNCHECKED_MAX)
        return BLS_OK; /* the limit: more numbers than any article has */
    if (out->count == out->capacity) {
        size_t cap = out->capacity ? out->capacity * 2 : 16;
        bls_unchecked *grown = bls_realloc(out->items, cap * sizeof *grown);
        if (!grown)
            return BLS_ERR_NOMEM;
        out->items = grown;
        out->capacity = cap;
    }
    bls_unchecked *u = &out->items[out->count];
    u->document = bls_strdup(path);
    u->text = bls_strndup(text, len);
    if (!u->document || !u->text) {
        bls_free(u->document);
        bls_free(u->text);
        return BLS_ERR_NOMEM;
    }
    u->line = line;
    u->reason = reason;
    out->count++;
    return BLS_OK;
}

/* ---- the claims of the document, by line -------------------------------- */

typedef struct quoted {
    const bls_claim *claim;
    int attributed; /* from the claims list, not the unattributed one */
    int used;       /* already accounts for a number */
    size_t order;   /* position in the lists: ties keep it */
} quoted;

static int by_line(const void *pa, const void *pb)
{
    const quoted *a = pa, *b = pb;
    if (a->claim->line != b->claim->line)
        return a->claim->line < b->claim->line ? -1 : 1;
    return a->order < b->order ? -1 : (a->order > b->order);
}

static size_t collect(const bls_claims *list, const char *path, int attributed, quoted *out,
                      size_t n)
{
    for (size_t i = 0; list && i < list->count; i++) {
        const bls_claim *c = &list->items[i];
        if (c->document && strcmp(c->document, path) == 0)
        {
            out[n] = (quoted){c, attributed, 0, n};
            n++;
        }
    }
    return n;
}

/* ---- numbers in a line ------------------------------------------------------ */

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* End of a number starting at s[i] (a digit): digits, ',' followed by a
 * digit, one '.' followed by a digit. */
static size_t number_end(const char *s, size_t i, size_t end)
{
    int point = 0;
    while (i < end) {
        if (is_digit(s[i]) || (s[i] == ',' && i + 1 < end && is_digit(s[i + 1]))) {
            i++;
        } else if (s[i] == '.' && !point && i + 1 < end && is_digit(s[i + 1])) {
            point = 1;
            i++;
        } else {
            break;
        }
    }
    return i;
}

static int is_year(const char *s, size_t len)
{
    if (len != 4)
        return 0;
    for (size_t i = 0; i < 4; i++)
        if (!is_digit(s[i]))
            return 0;
    return (s[0] == '1' && s[1] == '9') || (s[0] == '2' && s[1] == '0');
}

/* A dash between years: '-', or U+2013/U+2014 in UTF-8. Returns its length. */
static size_t dash_at(const char *s, size_t i, size_t end)
{
    if (i < end && s[i] == '-')
        return 1;
    if (i + 2 < end && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94))
        return 3;
    return 0;
}

/* Does an unused claim of this line hold these digits? Mark it used. */
static quoted *claim_for(quoted *q, size_t n, const char *digits, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (q[i].used || !q[i].claim->claimed_text)
            continue;
        const char *t = q[i].claim->claimed_text;
        for (const char *hit = t; (hit = strchr(hit, digits[0])) != NULL; hit++) {
            if (strncmp(hit, digits, len) == 0 && !is_digit(hit[len]) &&
                (hit == t || !is_digit(hit[-1]))) {
                q[i].used = 1;
                return &q[i];
            }
        }
    }
    return NULL;
}

static bls_status scan_line(const char *s, size_t start, size_t end, uint64_t line,
                            const char *path, quoted *q, size_t nq, bls_unchecked_list *out)
{
    size_t i = start;
    while (i < end) {
        if (!is_digit(s[i])) {
            i++;
            continue;
        }
        size_t from = i, to = number_end(s, i, end);
        const char *digits = s + from;
        size_t len = to - from;
        int dollar = from > start && s[from - 1] == '$';
        int percent = to < end && s[to] == '%';
        /* "2012-2022", "2012-22": one span of years. */
        size_t d = is_year(digits, len) ? dash_at(s, to, end) : 0;
        if (d && to + d < end && is_digit(s[to + d])) {
            size_t second = number_end(s, to + d, end);
            size_t second_len = second - (to + d);
            if (second_len == 2 || is_year(s + to + d, second_len)) {
                bls_status st = push(out, path, line, digits, second - from, BLS_UNCHECKED_YEAR);
                if (st != BLS_OK)
                    return st;
                i = second;
                continue;
            }
        }
        i = to;
        quoted *c = claim_for(q, nq, digits, len);
        bls_unchecked_reason reason;
        if (c && c->attributed)
            continue; /* checked */
        if (c)
            reason = c->claim->occupation && c->claim->occupation[0] &&
                             (unsigned)c->claim->metric >= BLS_METRIC_COUNT
                         ? BLS_UNCHECKED_UNKNOWN_METRIC
                         : BLS_UNCHECKED_NO_OCCUPATION;
        else if (dollar || percent)
            reason = BLS_UNCHECKED_NOT_RECOGNISED;
        else if (is_year(digits, len))
            reason = BLS_UNCHECKED_YEAR;
        else
            reason = BLS_UNCHECKED_NOT_A_BLS_FIGURE;
        size_t text_from = dollar ? from - 1 : from, text_to = percent ? to + 1 : to;
        bls_status st = push(out, path, line, s + text_from, text_to - text_from, reason);
        if (st != BLS_OK)
            return st;
    }
    return BLS_OK;
}

static bls_status scan_utf8(const char *text, size_t len, const char *path,
                            const bls_claims *claims, const bls_claims *unattributed,
                            bls_unchecked_list *out);

bls_status bls_unchecked_scan(const char *text, size_t len, const char *path,
                              const bls_claims *claims, const bls_claims *unattributed,
                              bls_unchecked_list *out)
{
    if ((!text && len) || !path || !out)
        return BLS_ERR_INVALID_ARG;
    size_t bom = 0;
    if (!text || (bls_textenc_sniff(text, len, &bom) == BLS_ENC_UTF8 && bls_textenc_is_utf8(text, len)))
        return scan_utf8(text ? text : "", len, path, claims, unattributed, out);
    /* UTF-16, Windows-1252, Mac Roman: read as the extractor reads them. */
    bls_dynbuf utf8;
    bls_dynbuf_init(&utf8, 3 * BLS_DOCUMENT_MAX + 8);
    bls_text_encoding enc;
    size_t legacy_lines, invalid;
    bls_status st = bls_textenc_to_utf8(text, len, &utf8, &enc, &legacy_lines, &invalid);
    if (st == BLS_OK)
        st = scan_utf8(utf8.data ? utf8.data : "", utf8.len, path, claims, unattributed, out);
    bls_dynbuf_cleanup(&utf8);
    return st == BLS_ERR_LIMIT ? BLS_ERR_NOMEM : st;
}

static bls_status scan_utf8(const char *text, size_t len, const char *path,
                            const bls_claims *claims, const bls_claims *unattributed,
                            bls_unchecked_list *out)
{
    size_t total = (claims ? claims->count : 0) + (unattributed ? unattributed->count : 0);
    quoted *q = bls_calloc(total ? total : 1, sizeof *q);
    if (!q)
        return BLS_ERR_NOMEM;
    size_t nq = collect(claims, path, 1, q, 0);
    nq = collect(unattributed, path, 0, q, nq);
    qsort(q, nq, sizeof *q, by_line);

    size_t i = 0, k = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    uint64_t line = 1;
    bls_status st = BLS_OK;
    while (i <= len && st == BLS_OK) {
        size_t end = i;
        while (end < len && text[end] != '\n' && text[end] != '\r')
            end++;
        while (k < nq && q[k].claim->line < line)
            k++;
        size_t kend = k;
        while (kend < nq && q[kend].claim->line == line)
            kend++;
        st = scan_line(text, i, end, line, path, q + k, kend - k, out);
        if (end >= len)
            break;
        i = end + (text[end] == '\r' && end + 1 < len && text[end + 1] == '\n' ? 2 : 1);
        line++;
    }
    bls_free(q);
    return st;
}
