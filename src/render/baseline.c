/*
 * baseline.c - fingerprints of a previous run, read from its SARIF file or
 * its JSON summary (see baseline.h). json-c parses; a sorted array of
 * strings answers "known before?" by binary search.
 */
#include "blsreport/render/baseline.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/check/claim_merge.h"

struct bls_baseline {
    char **prints; /* sorted, owned */
    size_t count, capacity;
};

/* why = prefix + detail (both static text or a library's message). */
static void set_why(char **why, const char *prefix, const char *detail)
{
    if (why)
        *why = bls_asprintf("%s%s", prefix, detail);
}

void bls_baseline_free(bls_baseline *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->count; i++)
        bls_free(b->prints[i]);
    bls_free(b->prints);
    bls_free(b);
}

size_t bls_baseline_size(const bls_baseline *b)
{
    return b ? b->count : 0;
}

static bls_status push(bls_baseline *b, const char *print)
{
    if (b->count == b->capacity) {
        size_t cap = b->capacity ? 2 * b->capacity : 64;
        char **grown = bls_realloc(b->prints, cap * sizeof *grown);
        if (!grown)
            return BLS_ERR_NOMEM;
        b->prints = grown;
        b->capacity = cap;
    }
    if (!(b->prints[b->count] = bls_strdup(print)))
        return BLS_ERR_NOMEM;
    b->count++;
    return BLS_OK;
}

static const char *str_field(json_object *o, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
        return NULL;
    return json_object_get_string(v);
}

static json_object *field(json_object *o, const char *key, json_type type)
{
    json_object *v;
    if (!o || !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, type))
        return NULL;
    return v;
}

/* SARIF: runs[].results[].partialFingerprints["blsreport/v1"]. */
static bls_status from_sarif(bls_baseline *b, json_object *root)
{
    json_object *runs = field(root, "runs", json_type_array);
    size_t nr = runs ? json_object_array_length(runs) : 0;
    for (size_t r = 0; r < nr; r++) {
        json_object *results = field(json_object_array_get_idx(runs, r), "results", json_type_array);
        size_t n = results ? json_object_array_length(results) : 0;
        for (size_t i = 0; i < n; i++) {
            json_object *pf = field(json_object_array_get_idx(results, i), "partialFingerprints",
                                    json_type_object);
            const char *print = pf ? str_field(pf, "blsreport/v1") : NULL;
            if (print) {
                bls_status st = push(b, print);
                if (st != BLS_OK)
                    return st;
            }
        }
    }
    return BLS_OK;
}

/* "name:17" -> "name" (a summary's source and read_from). */
static void strip_line(char *s)
{
    char *colon = strrchr(s, ':');
    if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1))
        *colon = '\0';
}

/* A summary: fingerprints computed again, in the order ci.c computes them
 * (findings, then claims), so that occurrences are counted alike. */
static bls_status from_summary(bls_baseline *b, json_object *root, const char *cwd)
{
    bls_fingerprinter fp;
    bls_status st = bls_fingerprinter_init(&fp, cwd);
    char print[BLS_FINGERPRINT_SIZE];
    json_object *list = field(field(root, "validation", json_type_object), "findings",
                              json_type_array);
    size_t n = list ? json_object_array_length(list) : 0;
    for (size_t i = 0; i < n && st == BLS_OK; i++) {
        json_object *f = json_object_array_get_idx(list, i);
        const char *rule = str_field(f, "rule"), *path = str_field(f, "path"),
                   *msg = str_field(f, "message");
        if (!rule || !path || !msg)
            continue;
        st = bls_fingerprint_next(&fp, rule, path, msg, print);
        if (st == BLS_OK)
            st = push(b, print);
    }
    list = field(root, "claims", json_type_array);
    n = list ? json_object_array_length(list) : 0;
    for (size_t i = 0; i < n && st == BLS_OK; i++) {
        json_object *c = json_object_array_get_idx(list, i);
        const char *status = str_field(c, "status"), *source = str_field(c, "source");
        const char *metric = str_field(c, "metric"), *occ = str_field(c, "occupation");
        const char *claimed = str_field(c, "claimed_text"), *read_from = str_field(c, "read_from");
        if (!status || !source || !metric || !occ || !claimed)
            continue;
        /* source is "document:line" when the line is known */
        char *doc = bls_strdup(source), *input = bls_strdup(read_from ? read_from : "");
        char *rule = bls_asprintf("claim-%s", status);
        char *content = bls_ci_verdict_content(metric, occ, claimed);
        if (!doc || !rule || !content || !input)
            st = BLS_ERR_NOMEM;
        char *where = NULL;
        if (st == BLS_OK) {
            strip_line(doc);
            strip_line(input);
            where = bls_claims_document_path(doc, input); /* as ci.c locates it */
            st = where ? bls_fingerprint_next(&fp, rule, where, content, print) : BLS_ERR_NOMEM;
        }
        bls_free(where);
        bls_free(input);
        if (st == BLS_OK)
            st = push(b, print);
        bls_free(doc);
        bls_free(rule);
        bls_free(content);
    }
    bls_fingerprinter_cleanup(&fp);
    return st;
}

static int compare_prints(const void *a, const void *c)
{
    return strcmp(*(char *const *)a, *(char *const *)c);
}

bls_status bls_baseline_parse(const char *text, size_t len, const char *cwd, bls_baseline **out,
                              char **why)
{
    if (why)
        *why = NULL;
    if (!text || !out)
        return BLS_ERR_INVALID_ARG;
    json_tokener *tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
    if (!tok)
        return BLS_ERR_NOMEM;
    json_object *root = len <= (size_t)INT32_MAX ? json_tokener_parse_ex(tok, text, (int)len) : NULL;
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    json_tokener_free(tok);
    if (!root || jerr != json_tokener_success) {
        json_object_put(root);
        set_why(why, "not JSON (a SARIF file or a blsreport JSON summary was expected): ",
                json_tokener_error_desc(jerr));
        return BLS_ERR_LAYOUT;
    }
    bls_baseline *b = bls_calloc(1, sizeof *b);
    bls_status st = b ? BLS_OK : BLS_ERR_NOMEM;
    const char *schema = str_field(root, "schema");
    if (st == BLS_OK && field(root, "runs", json_type_array))
        st = from_sarif(b, root);
    else if (st == BLS_OK && schema && strcmp(schema, "blsreport-summary/1") == 0)
        st = from_summary(b, root, cwd);
    else if (st == BLS_OK) {
        set_why(why, "", "neither SARIF (no \"runs\") nor a blsreport-summary/1 JSON summary");
        st = BLS_ERR_LAYOUT;
    }
    json_object_put(root);
    if (st != BLS_OK) {
        bls_baseline_free(b);
        return st;
    }
    if (b->count)
        qsort(b->prints, b->count, sizeof *b->prints, compare_prints);
    *out = b;
    return BLS_OK;
}

bls_status bls_baseline_load(const char *path, const char *cwd, bls_baseline **out, char **why)
{
    if (why)
        *why = NULL;
    if (!path || !out)
        return BLS_ERR_INVALID_ARG;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        set_why(why, "cannot open: ", strerror(errno));
        return BLS_ERR_OPEN;
    }
    size_t cap = 1 << 16, len = 0;
    char *text = bls_malloc(cap);
    bls_status st = text ? BLS_OK : BLS_ERR_NOMEM;
    while (st == BLS_OK) {
        if (len + 1 >= cap) {
            if (cap >= BLS_BASELINE_MAX_BYTES) {
                set_why(why, "larger than ", "256 MiB");
                st = BLS_ERR_LIMIT;
                break;
            }
            char *grown = bls_realloc(text, cap * 2);
            if (!grown) {
                st = BLS_ERR_NOMEM;
                break;
            }
            text = grown;
            cap *= 2;
        }
        size_t got = fread(text + len, 1, cap - 1 - len, fp);
        len += got;
        if (got == 0) {
            if (ferror(fp)) {
                set_why(why, "cannot read: ", strerror(errno));
                st = BLS_ERR_READ;
            }
            break;
        }
    }
    (void)fclose(fp); /* read-only: errors were seen by ferror() */
    if (st == BLS_OK) {
        text[len] = '\0';
        st = bls_baseline_parse(text, len, cwd, out, why);
    }
    bls_free(text);
    return st;
}

int bls_baseline_has(const bls_baseline *b, const char *fingerprint)
{
    if (!b || !b->count || !fingerprint)
        return 0;
    return bsearch(&fingerprint, b->prints, b->count, sizeof *b->prints, compare_prints) != NULL;
}

size_t bls_baseline_apply(const bls_baseline *b, bls_ci_items *items)
{
    size_t n = 0;
    for (size_t i = 0; items && i < items->count; i++) {
        items->items[i].baselined = bls_baseline_has(b, items->items[i].fingerprint);
        n += (size_t)items->items[i].baselined;
    }
    return n;
}
