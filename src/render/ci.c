/*
 * ci.c - findings and verdicts as one list of CI items with stable
 * fingerprints (see ci.h). Read by annotate.c, sarif.c and baseline.c.
 */
#define _POSIX_C_SOURCE 200809L /* access */
#include "blsreport/render/ci.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "blsreport/base/alloc.h"
#include "blsreport/check/claim_merge.h"
#include "blsreport/base/metric.h"

/* Most items fingerprinted in one run: findings are capped (diag.h) and
 * claims too (claims.h); this bounds the table at 2^22 slots. */
#define FINGERPRINT_TABLE_MAX ((size_t)1 << 22)

static const char *const verdict_rules[BLS_VERDICT_COUNT] = {
    [BLS_VERDICT_MATCH] = "claim-match",       [BLS_VERDICT_ROUNDING] = "claim-rounding",
    [BLS_VERDICT_MISMATCH] = "claim-mismatch", [BLS_VERDICT_MISSING] = "claim-missing",
    [BLS_VERDICT_STALE] = "claim-stale",       [BLS_VERDICT_AMBIGUOUS] = "claim-ambiguous",
};

const char *bls_ci_verdict_rule(bls_verdict verdict)
{
    return (unsigned)verdict < BLS_VERDICT_COUNT ? verdict_rules[verdict] : "claim-unknown";
}

char *bls_ci_relative_path(const char *path, const char *cwd)
{
    if (!path)
        path = "";
    if (cwd && path[0] == '/') {
        size_t n = strlen(cwd);
        while (n > 1 && cwd[n - 1] == '/')
            n--;
        if (n == 1 && cwd[0] == '/')
            path += 1;
        else if (strncmp(path, cwd, n) == 0 && path[n] == '/')
            path += n + 1;
    }
    while (path[0] == '.' && path[1] == '/') {
        path += 2;
        while (*path == '/')
            path++;
    }
    return bls_strdup(path);
}

bls_status bls_fingerprinter_init(bls_fingerprinter *fp, const char *cwd)
{
    memset(fp, 0, sizeof *fp);
    if (cwd && !(fp->cwd = bls_strdup(cwd)))
        return BLS_ERR_NOMEM;
    return BLS_OK;
}

void bls_fingerprinter_cleanup(bls_fingerprinter *fp)
{
    if (!fp)
        return;
    bls_free(fp->keys);
    bls_free(fp->counts);
    bls_free(fp->cwd);
    memset(fp, 0, sizeof *fp);
}

static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static bls_status grow(bls_fingerprinter *fp)
{
    size_t cap = fp->capacity ? fp->capacity * 2 : 256;
    if (cap > FINGERPRINT_TABLE_MAX)
        return BLS_ERR_LIMIT;
    uint64_t *keys = bls_calloc(cap, sizeof *keys);
    uint32_t *counts = bls_calloc(cap, sizeof *counts);
    if (!keys || !counts) {
        bls_free(keys);
        bls_free(counts);
        return BLS_ERR_NOMEM;
    }
    for (size_t i = 0; i < fp->capacity; i++) {
        if (!fp->keys[i])
            continue;
        size_t j = (size_t)fp->keys[i] & (cap - 1);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = fp->keys[i];
        counts[j] = fp->counts[i];
    }
    bls_free(fp->keys);
    bls_free(fp->counts);
    fp->keys = keys;
    fp->counts = counts;
    fp->capacity = cap;
    return BLS_OK;
}

bls_status bls_fingerprint_next(bls_fingerprinter *fp, const char *rule, const char *path,
                                const char *content, char *out)
{
    char *rel = bls_ci_relative_path(path, fp->cwd);
    if (!rel)
        return BLS_ERR_NOMEM;
    uint64_t h = 0xcbf29ce484222325ULL;
    h = fnv1a(h, rule ? rule : "", strlen(rule ? rule : "") + 1); /* with the NUL: a separator */
    h = fnv1a(h, rel, strlen(rel) + 1);
    h = fnv1a(h, content ? content : "", strlen(content ? content : ""));
    bls_free(rel);
    if (h == 0)
        h = 1; /* 0 marks an empty slot */
    if (2 * (fp->used + 1) > fp->capacity) {
        bls_status st = grow(fp);
        if (st != BLS_OK)
            return st;
    }
    size_t j = (size_t)h & (fp->capacity - 1);
    while (fp->keys[j] && fp->keys[j] != h)
        j = (j + 1) & (fp->capacity - 1);
    if (!fp->keys[j]) {
        fp->keys[j] = h;
        fp->used++;
    }
    uint32_t n = ++fp->counts[j];
    (void)snprintf(out, BLS_FINGERPRINT_SIZE, "%016llx:%u", (unsigned long long)h, (unsigned)n);
    return BLS_OK;
}

char *bls_ci_verdict_content(const char *metric, const char *occupation, const char *claimed)
{
    return bls_asprintf("%s\n%s\n%s", metric ? metric : "", occupation ? occupation : "",
                        claimed ? claimed : "");
}

void bls_ci_items_cleanup(bls_ci_items *items)
{
    if (!items)
        return;
    for (size_t i = 0; i < items->count; i++) {
        bls_free(items->items[i].path);
        bls_free(items->items[i].title);
        bls_free(items->items[i].message);
        bls_free(items->items[i].location);
    }
    bls_free(items->items);
    memset(items, 0, sizeof *items);
}

static bls_status add_finding(bls_ci_item *it, bls_fingerprinter *fp, const bls_finding *f)
{
    const bls_rule_info *info = bls_rule_get(f->rule);
    it->kind = BLS_CI_FINDING;
    it->rule = info ? info->id : "unknown";
    it->level = f->severity;
    it->fails = f->severity == BLS_SEV_ERROR;
    it->line = f->line;
    it->column = f->column;
    it->path = bls_ci_relative_path(f->path, fp->cwd);
    it->title = bls_strdup(it->rule);
    it->message = bls_strdup(f->message ? f->message : "");
    if (!it->path || !it->title || !it->message)
        return BLS_ERR_NOMEM;
    if (f->cell_a1) {
        /* "book.xlsx:sheet" line 12 column 3: the file is book.xlsx, the
         * place sheet!C12 (a line of a text file it is not) */
        size_t n = bls_finding_location(f, NULL, 0);
        it->location = bls_malloc(n + 1);
        if (!it->location)
            return BLS_ERR_NOMEM;
        (void)bls_finding_location(f, it->location, n + 1);
        /* "sheet!C12": the sheet (after the path's colon) and the cell */
        const char *base = strrchr(f->path, '/');
        const char *sheet = strchr(base ? base : f->path, ':');
        size_t path_len = strlen(f->path);
        const char *cell = strlen(it->location) >= path_len ? it->location + path_len : "";
        char *message = bls_asprintf("%s%s: %s", sheet ? sheet + 1 : "", cell, it->message);
        if (!message)
            return BLS_ERR_NOMEM;
        bls_free(it->message);
        it->message = message;
        const char *rel_base = strrchr(it->path, '/');
        char *colon = strchr(rel_base ? rel_base : it->path, ':');
        if (colon)
            *colon = '\0'; /* the file: book.xlsx */
        it->line = 0;
        it->column = 0;
    }
    return bls_fingerprint_next(fp, it->rule, f->path, it->message, it->fingerprint);
}

static bls_status add_check(bls_ci_item *it, bls_fingerprinter *fp, const bls_check *k,
                            const int fails_verdict[BLS_VERDICT_COUNT])
{
    const bls_claim *c = k->claim;
    const char *metric = bls_metric_name(c->metric);
    it->kind = BLS_CI_VERDICT;
    it->verdict = k->verdict;
    it->rule = bls_ci_verdict_rule(k->verdict);
    it->fails = fails_verdict[k->verdict] != 0;
    if (it->fails)
        it->level = BLS_SEV_ERROR;
    else if (k->verdict == BLS_VERDICT_MATCH || k->verdict == BLS_VERDICT_ROUNDING)
        it->level = BLS_SEV_INFO;
    else
        it->level = BLS_SEV_WARNING;
    it->line = c->line;
    it->column = 0;
    char *doc = bls_claims_document_path(c->document, c->input_path);
    it->path = doc ? bls_ci_relative_path(doc, fp->cwd) : NULL;
    it->title = bls_asprintf("%s: %s %s \"%s\"", bls_verdict_name(k->verdict), metric,
                             c->occupation, c->claimed_text);
    it->message = bls_asprintf("%s %s \"%s\": %s", metric, c->occupation, c->claimed_text,
                               k->note);
    char *content = bls_ci_verdict_content(metric, c->occupation, c->claimed_text);
    bls_status st = BLS_ERR_NOMEM;
    if (it->path && it->title && it->message && content)
        st = bls_fingerprint_next(fp, it->rule, doc, content, it->fingerprint);
    bls_free(content);
    bls_free(doc);
    return st;
}

bls_status bls_ci_items_build(const bls_findings *findings, const bls_checks *checks,
                              const int fails_verdict[BLS_VERDICT_COUNT], const char *cwd,
                              bls_ci_items *out)
{
    if (!out || !fails_verdict)
        return BLS_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    size_t nf = findings ? bls_findings_count(findings) : 0;
    size_t nc = checks ? checks->count : 0;
    bls_ci_items items = {0};
    items.items = bls_calloc((nf + nc) ? (nf + nc) : 1, sizeof *items.items);
    bls_fingerprinter fp;
    bls_status st = bls_fingerprinter_init(&fp, cwd);
    if (!items.items && st == BLS_OK)
        st = BLS_ERR_NOMEM;
    for (size_t i = 0; i < nf && st == BLS_OK; i++) {
        items.count++;
        st = add_finding(&items.items[i], &fp, bls_findings_at(findings, i));
    }
    for (size_t i = 0; i < nc && st == BLS_OK; i++) {
        items.count++;
        st = add_check(&items.items[nf + i], &fp, &checks->items[i], fails_verdict);
    }
    if (findings && bls_findings_dropped(findings)) {
        /* the dropped ones are the last added: count their errors */
        uint64_t kept_errors = 0;
        for (size_t i = 0; i < nf; i++)
            kept_errors += bls_findings_at(findings, i)->severity == BLS_SEV_ERROR;
        uint64_t all = bls_findings_total(findings, BLS_SEV_ERROR);
        items.unlisted_errors = all > kept_errors ? all - kept_errors : 0;
    }
    bls_fingerprinter_cleanup(&fp);
    if (st != BLS_OK) {
        bls_ci_items_cleanup(&items);
        return st;
    }
    *out = items;
    return BLS_OK;
}

uint64_t bls_ci_items_failing(const bls_ci_items *items)
{
    uint64_t n = items->unlisted_errors;
    for (size_t i = 0; i < items->count; i++)
        n += items->items[i].fails && !items->items[i].baselined;
    return n;
}

size_t bls_ci_items_baselined(const bls_ci_items *items)
{
    size_t n = 0;
    for (size_t i = 0; i < items->count; i++)
        n += items->items[i].fails && items->items[i].baselined;
    return n;
}
