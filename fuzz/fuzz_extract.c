/*
 * fuzz_extract.c - libFuzzer harness for claim extraction from text.
 *
 * Pipeline stage exercised: model -> extract. The input is a document; the
 * model holds the five occupations of the seed article (titles only, with a
 * synthetic placeholder fact). Besides memory errors (ASan/UBSan), the
 * extractor's promises are checked and trap when broken:
 *   - every attributed claim has an occupation, a metric and a line inside
 *     the document, and its figure as written;
 *   - every unattributed figure has its claim-unattributed finding;
 *   - every claim's text is valid UTF-8, whatever the document's encoding;
 *   - nothing is left behind on failure (LeakSanitizer).
 *
 * Build: cmake -S . -B build-fuzz-extract -DCMAKE_C_COMPILER=clang -DBLS_FUZZ=ON -DBLS_TESTS=OFF
 *        cmake --build build-fuzz-extract --target fuzz_extract
 * Run:   ./build-fuzz-extract/fuzz/fuzz_extract -max_total_time=60 fuzz/corpus/extract
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "blsreport/base/textenc.h"

#include "blsreport/base/diag.h"
#include "blsreport/check/extract.h"
#include "blsreport/check/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const titles[][2] = {
    {"29-2053", "Psychiatric Technicians"},
    {"29-2054", "Respiratory Therapy Technicians"},
    {"29-2071", "Medical Records and Health Information Technicians"},
    {"31-2011", "Occupational Therapy Assistants"},
    {"31-2021", "Physical Therapist Assistants (31-2021)"},
};

static bls_model *small_model(void)
{
    bls_model *m = bls_model_new();
    if (!m)
        return NULL;
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        bls_fact fact;
        memset(&fact, 0, sizeof fact);
        fact.metric = BLS_METRIC_MEDIAN_ANNUAL_WAGE;
        fact.period.year_from = fact.period.year_to = 2014;
        fact.value = bls_number_make(1, 0); /* synthetic */
        fact.path = "fuzz";
        if (bls_model_add_fact(m, titles[i][0], titles[i][1], BLS_GROUP_DETAILED, &fact) !=
            BLS_OK) {
            bls_model_free(m);
            return NULL;
        }
    }
    bls_model_finish(m);
    return m;
}

static uint64_t count_lines(const uint8_t *data, size_t size)
{
    uint64_t lines = 1;
    for (size_t i = 0; i < size; i++)
        if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
            lines++;
    return lines;
}

static int utf8(const char *s)
{
    return bls_textenc_is_utf8(s, strlen(s));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bls_model *model = small_model();
    bls_findings *findings = bls_findings_new(BLS_FINDINGS_DEFAULT_KEEP);
    bls_claims claims, unattributed;
    bls_claims_init(&claims);
    bls_claims_init(&unattributed);
    if (model && findings) {
        bls_status st = bls_extract_claims((const char *)data, size, "fuzz.txt", model, findings,
                                           &claims, &unattributed);
        if (st != BLS_OK && st != BLS_ERR_LIMIT && st != BLS_ERR_NOMEM)
            __builtin_trap();
        uint64_t lines = count_lines(data, size);
        for (size_t i = 0; i < claims.count; i++) {
            const bls_claim *c = &claims.items[i];
            if (!c->occupation[0] || c->metric >= BLS_METRIC_COUNT || c->line < 1 ||
                c->line > lines || !c->claimed_text[0] || !c->quote[0])
                __builtin_trap();
        }
        for (size_t i = 0; i < unattributed.count; i++)
            if (unattributed.items[i].line < 1 || unattributed.items[i].line > lines)
                __builtin_trap();
        size_t unattributed_findings = 0;
        for (size_t i = 0; i < bls_findings_count(findings); i++)
            unattributed_findings +=
                bls_findings_at(findings, i)->rule == BLS_RULE_CLAIM_UNATTRIBUTED;
        if (st == BLS_OK && unattributed_findings != unattributed.count)
            __builtin_trap();
        const bls_claims *lists[2] = {&claims, &unattributed};
        for (int l = 0; l < 2; l++)
            for (size_t i = 0; i < lists[l]->count; i++) {
                const bls_claim *c = &lists[l]->items[i];
                if (!utf8(c->occupation) || !utf8(c->claimed_text) || !utf8(c->quote))
                    __builtin_trap();
            }
    }
    bls_claims_cleanup(&claims);
    bls_claims_cleanup(&unattributed);
    bls_findings_free(findings);
    bls_model_free(model);
    return 0;
}
