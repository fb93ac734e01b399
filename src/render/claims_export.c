/*
 * claims_export.c - the claims a run found, as a claims CSV (claims_export.h).
 */
#include "blsreport/render/claims_export.h"

#include <stdio.h>
#include <string.h>

#include "blsreport/check/extract.h"

#define CLAIMS_CSV_MAX (16 * BLS_DOCUMENT_MAX)

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : (path ? path : "");
}

bls_status bls_csv_append_field(bls_dynbuf *csv, const char *field, int last)
{
    int quote = strpbrk(field, ",\"\r\n") != NULL || (field[0] == ' ');
    bls_status st = quote ? bls_dynbuf_addc(csv, '"') : BLS_OK;
    for (const char *f = field; *f && st == BLS_OK; f++) {
        const char *q = strchr(f, '"'); /* copy up to and with the next quote, then double it */
        size_t n = q ? (size_t)(q - f) + 1 : strlen(f);
        st = bls_dynbuf_add(csv, f, n);
        if (st == BLS_OK && q)
            st = bls_dynbuf_addc(csv, '"');
        f += n - 1;
    }
    if (st == BLS_OK && quote)
        st = bls_dynbuf_addc(csv, '"');
    if (st == BLS_OK)
        st = bls_dynbuf_addc(csv, last ? '\n' : ',');
    return st;
}

enum { FIELDS = 8 };

static bls_status append_claim(bls_dynbuf *csv, const bls_claim *c, int attributed)
{
    char source[1024], period[64] = "", claimed[64];
    snprintf(source, sizeof source, "%s:%llu", base_name(c->document), (unsigned long long)c->line);
    if (bls_period_known(&c->period))
        bls_period_format(&c->period, period, sizeof period);
    const char *fields[FIELDS] = {
        source,      c->occupation,
        c->soc_code, attributed ? bls_metric_name(c->metric) : "",
        period,      bls_claim_csv_claimed(c, claimed, sizeof claimed),
        c->quote,    attributed ? bls_claim_origin_name(c->origin) : "unattributed"};
    bls_status st = BLS_OK;
    for (size_t f = 0; f < FIELDS && st == BLS_OK; f++)
        st = bls_csv_append_field(csv, fields[f], f == FIELDS - 1);
    return st;
}

bls_status bls_claims_export_csv(const bls_claims *claims, const bls_claims *unattributed,
                                 char **out)
{
    static const char *const header[FIELDS] = {"source", "occupation", "soc_code", "metric",
                                               "period", "claimed",    "quote",    "origin"};
    bls_dynbuf csv;
    bls_dynbuf_init(&csv, CLAIMS_CSV_MAX);
    bls_status st = BLS_OK;
    for (size_t i = 0; i < FIELDS && st == BLS_OK; i++)
        st = bls_csv_append_field(&csv, header[i], i == FIELDS - 1);
    for (size_t i = 0; claims && i < claims->count && st == BLS_OK; i++)
        st = append_claim(&csv, &claims->items[i], 1);
    for (size_t i = 0; unattributed && i < unattributed->count && st == BLS_OK; i++)
        st = append_claim(&csv, &unattributed->items[i], 0);
    if (st != BLS_OK) {
        bls_dynbuf_cleanup(&csv);
        return st;
    }
    *out = bls_dynbuf_take(&csv);
    return *out ? BLS_OK : BLS_ERR_NOMEM;
}
