/*
 * sarif.c - SARIF 2.1.0 with json-c (see sarif.h). Validated against the
 * OASIS schema by tests/e2e_ci.sh.
 */
#include "blsreport/render/sarif.h"

#include <json-c/json.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/base/dynbuf.h"

#define SARIF_SCHEMA_URI "https://json.schemastore.org/sarif-2.1.0.json"
#define BLS_INFO_URI "https://github.com/blsreport/blsreport"
#define URI_MAX ((size_t)1 << 16)

/* What a verdict rule says, indexed by bls_verdict (crosscheck.h's words). */
static const char *const verdict_summaries[BLS_VERDICT_COUNT] = {
    [BLS_VERDICT_MATCH] = "the claimed figure equals the BLS figure",
    [BLS_VERDICT_ROUNDING] = "the claimed figure equals the BLS figure at the precision written",
    [BLS_VERDICT_MISMATCH] = "the claimed figure differs from the BLS figure",
    [BLS_VERDICT_MISSING] = "no BLS figure for this occupation, metric and period in the data",
    [BLS_VERDICT_STALE] = "the data hold a later figure than the period claimed",
    [BLS_VERDICT_AMBIGUOUS] = "the occupation name maps to several SOC codes",
};

static void put(json_object *o, const char *key, json_object *v, int *ok)
{
    if (!v || json_object_object_add(o, key, v) != 0) {
        json_object_put(v);
        *ok = 0;
    }
}

static void put_str(json_object *o, const char *key, const char *s, int *ok)
{
    put(o, key, json_object_new_string(s ? s : ""), ok);
}

static json_object *text_obj(const char *text, int *ok)
{
    json_object *o = json_object_new_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    put_str(o, "text", text, ok);
    return o;
}

static void add(json_object *arr, json_object *v, int *ok)
{
    if (!v || json_object_array_add(arr, v) != 0) {
        json_object_put(v);
        *ok = 0;
    }
}

const char *bls_sarif_level(const bls_ci_item *item)
{
    if (item->kind == BLS_CI_VERDICT && item->verdict == BLS_VERDICT_MATCH)
        return "none";
    switch (item->level) {
    case BLS_SEV_ERROR: return "error";
    case BLS_SEV_WARNING: return "warning";
    case BLS_SEV_INFO: return "note";
    }
    return "note";
}

static const char *rule_level(bls_severity s)
{
    return s == BLS_SEV_ERROR ? "error" : s == BLS_SEV_WARNING ? "warning" : "note";
}

static json_object *rule_obj(const char *id, const char *summary, const char *level, int *ok)
{
    json_object *r = json_object_new_object();
    json_object *conf = json_object_new_object();
    if (!r || !conf) {
        json_object_put(r);
        json_object_put(conf);
        *ok = 0;
        return NULL;
    }
    put_str(r, "id", id, ok);
    put(r, "shortDescription", text_obj(summary, ok), ok);
    put_str(conf, "level", level, ok);
    put(r, "defaultConfiguration", conf, ok);
    return r;
}

/* The rule's index in driver.rules: validation rules, then verdicts. */
static int rule_index(const bls_ci_item *it)
{
    if (it->kind == BLS_CI_VERDICT)
        return BLS_RULE_COUNT + (int)it->verdict;
    for (int r = 0; r < BLS_RULE_COUNT; r++)
        if (strcmp(bls_rule_get((bls_rule)r)->id, it->rule) == 0)
            return r;
    return -1;
}

/* A relative URI reference: unreserved characters and '/' as they are,
 * every other byte percent-encoded (RFC 3986). */
static char *uri_of(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    bls_dynbuf b;
    bls_dynbuf_init(&b, URI_MAX);
    bls_status st = BLS_OK;
    for (const unsigned char *p = (const unsigned char *)path; *p && st == BLS_OK; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            st = bls_dynbuf_addc(&b, (char)*p);
        else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            st = bls_dynbuf_add(&b, e, 3);
        }
    }
    if (st == BLS_OK && b.len == 0)
        st = bls_dynbuf_addc(&b, '.');
    char *s = st == BLS_OK ? bls_dynbuf_take(&b) : NULL;
    bls_dynbuf_cleanup(&b);
    return s;
}

static json_object *location_obj(const bls_ci_item *it, int *ok)
{
    json_object *loc = json_object_new_object(), *phys = json_object_new_object(),
                *art = json_object_new_object();
    char *uri = uri_of(it->path);
    if (!loc || !phys || !art || !uri) {
        json_object_put(loc);
        json_object_put(phys);
        json_object_put(art);
        bls_free(uri);
        *ok = 0;
        return NULL;
    }
    put_str(art, "uri", uri, ok);
    put_str(art, "uriBaseId", "SRCROOT", ok);
    bls_free(uri);
    put(phys, "artifactLocation", art, ok);
    if (it->line) {
        json_object *region = json_object_new_object();
        if (region) {
            put(region, "startLine", json_object_new_int64((int64_t)it->line), ok);
            if (it->column)
                put(region, "startColumn", json_object_new_int64((int64_t)it->column), ok);
        }
        put(phys, "region", region, ok);
    }
    put(loc, "physicalLocation", phys, ok);
    return loc;
}

static json_object *result_obj(const bls_ci_item *it, int with_baseline, int *ok)
{
    json_object *r = json_object_new_object(), *locs = json_object_new_array(),
                *pf = json_object_new_object();
    if (!r || !locs || !pf) {
        json_object_put(r);
        json_object_put(locs);
        json_object_put(pf);
        *ok = 0;
        return NULL;
    }
    put_str(r, "ruleId", it->rule, ok);
    int index = rule_index(it);
    if (index >= 0)
        put(r, "ruleIndex", json_object_new_int(index), ok);
    const char *level = bls_sarif_level(it);
    put_str(r, "level", level, ok);
    if (strcmp(level, "none") == 0)
        put_str(r, "kind", "pass", ok);
    put(r, "message", text_obj(it->message, ok), ok);
    add(locs, location_obj(it, ok), ok);
    put(r, "locations", locs, ok);
    put_str(pf, "blsreport/v1", it->fingerprint, ok);
    put(r, "partialFingerprints", pf, ok);
    if (with_baseline)
        put_str(r, "baselineState", it->baselined ? "unchanged" : "new", ok);
    return r;
}

bls_status bls_sarif_json(const bls_ci_items *items, const char *version, int with_baseline,
                          char **out)
{
    if (!items || !out)
        return BLS_ERR_INVALID_ARG;
    int ok = 1;
    json_object *root = json_object_new_object(), *runs = json_object_new_array(),
                *run = json_object_new_object(), *tool = json_object_new_object(),
                *driver = json_object_new_object(), *rules = json_object_new_array(),
                *results = json_object_new_array();
    if (!root || !runs || !run || !tool || !driver || !rules || !results) {
        json_object *all[] = {root, runs, run, tool, driver, rules, results};
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
            json_object_put(all[i]);
        return BLS_ERR_NOMEM;
    }
    put_str(root, "$schema", SARIF_SCHEMA_URI, &ok);
    put_str(root, "version", "2.1.0", &ok);
    put_str(driver, "name", "blsreport", &ok);
    put_str(driver, "version", version ? version : "", &ok);
    put_str(driver, "informationUri", BLS_INFO_URI, &ok);
    for (int r = 0; r < BLS_RULE_COUNT && ok; r++) {
        const bls_rule_info *info = bls_rule_get((bls_rule)r);
        add(rules, rule_obj(info->id, info->summary, rule_level(info->severity), &ok), &ok);
    }
    for (int v = 0; v < BLS_VERDICT_COUNT && ok; v++)
        add(rules,
            rule_obj(bls_ci_verdict_rule((bls_verdict)v), verdict_summaries[v],
                     v == BLS_VERDICT_MATCH || v == BLS_VERDICT_ROUNDING ? "note" : "error", &ok),
            &ok);
    put(driver, "rules", rules, &ok);
    put(tool, "driver", driver, &ok);
    put(run, "tool", tool, &ok);
    for (size_t i = 0; i < items->count && ok; i++)
        add(results, result_obj(&items->items[i], with_baseline, &ok), &ok);
    put(run, "results", results, &ok);
    add(runs, run, &ok);
    put(root, "runs", runs, &ok);
    if (!ok) {
        json_object_put(root);
        return BLS_ERR_NOMEM;
    }
    const char *text = json_object_to_json_string_ext(
        root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
    char *copy = text ? bls_strdup(text) : NULL;
    json_object_put(root);
    if (!copy)
        return text ? BLS_ERR_NOMEM : BLS_ERR_JSON;
    *out = copy;
    return BLS_OK;
}
