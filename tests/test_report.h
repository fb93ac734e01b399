/*
 * test_report.h - what the renderers' unit tests share about a report.
 * Include after <cmocka.h>.
 */
#ifndef BLS_TEST_REPORT_H
#define BLS_TEST_REPORT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "blsreport/check/claims.h"
#include "blsreport/render/chart_view.h"
#include "blsreport/render/report.h"

/* @p r with its chart view built from its model and selection, as the
 * pipeline builds it once for every renderer; *view is replaced (the caller
 * frees the last one). Out of memory (the sweeps): no charts. */
static inline const bls_report *report_with_charts(bls_report *r, bls_chart_view **view)
{
    bls_chart_view_free(*view);
    *view = NULL;
    if (bls_chart_view_build(r->model, r->selected, r->selected_count, view) != BLS_OK)
        *view = NULL;
    r->charts = *view;
    return r;
}

/* A claim as a claims CSV row or an article gives it; the strings are
 * borrowed (bls_claims_push copies them); @p period "" for none. */
static inline bls_claim test_claim(const char *document, uint64_t line, const char *occupation,
                                   const char *soc, bls_metric metric, const char *period,
                                   const char *claimed, const char *quote, bls_claim_origin origin,
                                   const char *input_path)
{
    bls_claim c;
    memset(&c, 0, sizeof c);
    c.document = (char *)document;
    c.line = line;
    c.input_path = (char *)input_path;
    c.occupation = (char *)occupation;
    snprintf(c.soc_code, sizeof c.soc_code, "%s", soc);
    c.metric = metric;
    if (period[0])
        assert_int_equal(bls_period_parse(period, strlen(period), &c.period), BLS_OK);
    c.claimed_text = (char *)claimed;
    c.claimed = bls_cell_parse(claimed, strlen(claimed));
    c.quote = (char *)quote;
    c.origin = origin;
    return c;
}

#endif /* BLS_TEST_REPORT_H */
