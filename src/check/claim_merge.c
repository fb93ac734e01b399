/*
 * claim_merge.c - the claims of several inputs as one list (claim_merge.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "blsreport/check/claim_merge.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blsreport/base/alloc.h"

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : (path ? path : "");
}

char *bls_claims_document_path(const char *document, const char *input_path)
{
    if (!document)
        document = "";
    const char *slash = input_path ? strrchr(input_path, '/') : NULL;
    if (document[0] == '/' || !slash || access(document, F_OK) == 0)
        return bls_strdup(document);
    char *beside = bls_asprintf("%.*s/%s", (int)(slash - input_path), input_path, document);
    if (beside && access(beside, F_OK) != 0) {
        bls_free(beside);
        return bls_strdup(document);
    }
    return beside;
}

void bls_claims_locate_documents(bls_claims *claims)
{
    for (size_t i = 0; i < claims->count; i++) {
        bls_claim *c = &claims->items[i];
        if (c->origin != BLS_ORIGIN_CSV)
            continue;
        char *path = bls_claims_document_path(c->document, c->input_path);
        if (path && c->document && strcmp(path, c->document) != 0) {
            bls_free(c->document);
            c->document = path;
        } else {
            bls_free(path); /* as it was, or out of memory: kept as written */
        }
    }
}

int bls_claims_same(const bls_claim *a, const bls_claim *b)
{
    return a->line == b->line && a->metric == b->metric &&
           strcmp(base_name(a->document), base_name(b->document)) == 0 &&
           strcmp(a->soc_code, b->soc_code) == 0 && a->claimed.state == b->claimed.state &&
           bls_number_compare(&a->claimed, &b->claimed) == 0;
}

/* Claims sorted by what bls_claims_same() compares first, then by position:
 * duplicates are neighbours. */
typedef struct claim_ref {
    const bls_claim *claim;
    size_t index;
} claim_ref;

static int compare_claim_refs(const void *pa, const void *pb)
{
    const claim_ref *a = pa, *b = pb;
    int c = strcmp(base_name(a->claim->document), base_name(b->claim->document));
    if (c == 0 && a->claim->line != b->claim->line)
        c = a->claim->line < b->claim->line ? -1 : 1;
    if (c == 0 && a->claim->metric != b->claim->metric)
        c = a->claim->metric < b->claim->metric ? -1 : 1;
    if (c == 0 && a->index != b->index)
        c = a->index < b->index ? -1 : 1;
    return c;
}

/* drop[i] = 1 for each claim that repeats an earlier one of another origin;
 * 0 when memory ran out. */
static int mark_duplicates(const bls_claims *claims, unsigned char *drop)
{
    size_t n = claims->count;
    claim_ref *refs = bls_calloc(n ? n : 1, sizeof *refs);
    if (!refs)
        return 0;
    for (size_t i = 0; i < n; i++)
        refs[i] = (claim_ref){&claims->items[i], i};
    qsort(refs, n, sizeof *refs, compare_claim_refs);
    for (size_t g = 0; g < n;) { /* a group: same document name, line and metric */
        size_t end = g + 1;
        while (end < n &&
               compare_claim_refs(&(claim_ref){refs[end].claim, refs[g].index}, &refs[g]) == 0)
            end++;
        for (size_t i = g + 1; i < end; i++)
            for (size_t j = g; j < i && !drop[refs[i].index]; j++)
                if (!drop[refs[j].index] && refs[i].claim->origin != refs[j].claim->origin &&
                    bls_claims_same(refs[i].claim, refs[j].claim))
                    drop[refs[i].index] = 1;
        g = end;
    }
    bls_free(refs);
    return 1;
}

size_t bls_claims_drop_duplicates(bls_claims *claims)
{
    size_t n = claims->count;
    unsigned char *drop = bls_calloc(n ? n : 1, 1);
    if (drop && !mark_duplicates(claims, drop)) {
        bls_free(drop);
        drop = NULL; /* out of memory: compare pairwise below */
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        int duplicate = drop ? drop[i] : 0;
        for (size_t j = 0; !drop && j < kept && !duplicate; j++)
            duplicate = claims->items[i].origin != claims->items[j].origin &&
                        bls_claims_same(&claims->items[i], &claims->items[j]);
        if (duplicate) {
            bls_claim_cleanup(&claims->items[i]);
            continue;
        }
        claims->items[kept++] = claims->items[i];
    }
    claims->count = kept;
    bls_free(drop);
    return n - kept;
}
