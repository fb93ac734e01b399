/*
 * fuzz_reader.c - libFuzzer harness for the ingestion stages.
 *
 * Pipeline stages exercised: reader -> layout -> cells -> validate, as the
 * pipeline drives them: rows go to the layout detector until a header is
 * found, then every data row (blank and EP note rows skipped, as the
 * pipeline does) is parsed into a record and validated. Every field is also
 * parsed as a BLS cell and, when it is a number, formatted and parsed back:
 * the round trip must give the same value (a trap otherwise). Every field
 * must be valid UTF-8 whatever the input's encoding (UTF-16/32, Windows-1252,
 * Mac Roman are transcoded), and every field read as an article's figure
 * (figure.h) must read back from the text a claims CSV would hold for it.
 *
 * Build: cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DBLS_FUZZ=ON -DBLS_TESTS=OFF
 *        cmake --build build-fuzz --target fuzz_reader
 * Run:   ./build-fuzz/fuzz/fuzz_reader -max_total_time=60 fuzz/corpus/reader
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "blsreport/base/cells.h"
#include "blsreport/base/diag.h"
#include "blsreport/base/figure.h"
#include "blsreport/base/textenc.h"
#include "blsreport/check/claims.h"
#include "blsreport/check/validate.h"
#include "blsreport/read/layout.h"
#include "blsreport/read/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fuzz_run {
    bls_layout_detector *detector;
    const bls_layout *layout;
    bls_validator *validator;
    bls_findings *findings;
} fuzz_run;

static void check_cell_round_trip(const bls_field *field)
{
    bls_number n = bls_cell_parse(field->data, field->len);
    if (n.state != BLS_CELL_VALUE)
        return;
    char text[64];
    size_t len = bls_number_format(&n, text, sizeof text);
    if (len == 0)
        __builtin_trap();
    bls_number back = bls_cell_parse(text, len);
    if (back.state != BLS_CELL_VALUE || bls_number_compare(&n, &back) != 0 ||
        back.scaled != n.scaled || back.decimals != n.decimals)
        __builtin_trap();
    int64_t rounded;
    if (bls_number_rescale(&n, 0, &rounded) != 0 && n.decimals == 0)
        __builtin_trap(); /* same precision can never overflow */
}

static void check_figure_round_trip(const bls_field *field)
{
    bls_claim claim;
    memset(&claim, 0, sizeof claim);
    claim.claimed = bls_figure_parse(field->data, field->len);
    if (claim.claimed.state != BLS_CELL_VALUE)
        return;
    claim.claimed_text = (char *)"x"; /* never the value: the written form is used */
    char text[64];
    const char *written = bls_claim_csv_claimed(&claim, text, sizeof text);
    if (written != text)
        return; /* too long to write */
    bls_number back = bls_figure_parse(written, strlen(written));
    unsigned units = BLS_NUM_DOLLAR | BLS_NUM_PERCENT;
    if (back.state != BLS_CELL_VALUE || bls_number_compare(&claim.claimed, &back) != 0 ||
        (back.flags & units) != (claim.claimed.flags & units))
        __builtin_trap();
}

static int row_is_blank(const bls_row *row)
{
    for (size_t i = 0; i < row->count; i++) {
        if (row->fields[i].len > 0)
            return 0;
    }
    return 1;
}

static int on_row(void *ctx, const bls_row *row)
{
    fuzz_run *run = ctx;
    for (size_t i = 0; i < row->count; i++) {
        if (row->fields[i].data[row->fields[i].len] != '\0')
            __builtin_trap();
        check_cell_round_trip(&row->fields[i]);
        check_figure_round_trip(&row->fields[i]);
        if (!bls_textenc_is_utf8(row->fields[i].data, row->fields[i].len) ||
            !bls_textenc_is_utf8(row->raw, row->raw_len))
            __builtin_trap();
    }
    if (row->line == 0 || row->line_end < row->line)
        __builtin_trap();

    if (run->layout == NULL) {
        bls_detect_result result;
        if (bls_layout_detector_feed(run->detector, row, &result) != BLS_OK)
            return 1;
        if (result == BLS_DETECT_FOUND) {
            run->layout = bls_layout_detector_layout(run->detector);
            if (run->layout == NULL)
                __builtin_trap();
            if (run->layout->kind != BLS_KIND_CLAIMS)
                run->validator = bls_validator_new("fuzz.csv", run->layout, NULL);
        }
        return 0;
    }
    if (row_is_blank(row) || bls_layout_is_note_row(run->layout, row))
        return 0;
    if (run->validator == NULL) /* claims, or the validator could not be made */
        return 0;
    bls_record rec;
    memset(&rec, 0, sizeof rec);
    bls_record_parse(run->layout, row, &rec);
    bls_row_outcome outcome;
    memset(&outcome, 0, sizeof outcome);
    return bls_validate_record(run->validator, &rec, run->findings, &outcome) != BLS_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_run run;
    memset(&run, 0, sizeof run);
    run.detector = bls_layout_detector_new();
    run.findings = bls_findings_new(1000);
    if (run.detector != NULL && run.findings != NULL) {
        bls_reader_options opts;
        memset(&opts, 0, sizeof opts);
        opts.field_max = 2048; /* small limits reach the cutting code with small inputs */
        opts.fields_max = 256;
        (void)bls_reader_read_buffer((const char *)data, size, "fuzz.csv", &opts, run.findings,
                                     on_row, &run);
        if (run.validator != NULL)
            (void)bls_validator_finish(run.validator, run.findings);
    }
    bls_validator_free(run.validator);
    bls_layout_detector_free(run.detector);
    bls_findings_free(run.findings);
    return 0;
}
