/*
 * pipeline/inputs.c - reading each input of a run (run.h):
 *
 *   read (reader.c, workbook.c) -> classify (layout.c) -> parse (record.c,
 *   claims.c) -> validate (validate.c) -> model (model.c); documents ->
 *   extract (extract.c, unchecked.c, education.c).
 *
 * Data rows stream from the reader through validation into the workbook,
 * so a file is never held in memory; the model keeps national totals only.
 */
#define _POSIX_C_SOURCE 200809L
#include "pipeline/run.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "blsreport/base/alloc.h"
#include "blsreport/base/dynbuf.h"
#include "blsreport/base/text.h"
#include "blsreport/check/claims.h"
#include "blsreport/check/extract.h"
#include "blsreport/check/validate.h"
#include "blsreport/read/file_id.h"
#include "blsreport/read/layout.h"
#include "blsreport/read/reader.h"
#include "blsreport/read/workbook.h"

/* State while one CSV streams through the reader. */
typedef struct csv_file {
    run *run;
    const char *path;
    bls_input_info *info;
    bls_layout_detector *detector;
    const bls_layout *layout;
    bls_validator *validator;
    bls_period period;
    int failed;                         /* layout unknown, or an error status below */
    bls_status status;                  /* first error from a callee */
    uint64_t preamble;                  /* rows looked at before the header */
    uint64_t rows_not_national;         /* accepted rows for an area, industry or ownership */
    const bls_reader_info *reader_info; /* what the reader took the bytes for */
    int sheet;          /* a workbook sheet: no header is "not read", not an error */
    const char *unread; /* a sheet's reason for not being read (static text) */
    FILE *stream;       /* for the progress: how far it has been read */
} csv_file;

/* ---- CSV rows ----------------------------------------------------------- */

static bls_status start_data(csv_file *f, const bls_row *header)
{
    run *r = f->run;
    f->layout = bls_layout_detector_layout(f->detector);
    if (!f->layout->has_figures) {
        /* EP Tables 1.8, 1.9, 1.11 ...: recognised, but nothing to check */
        const bls_layout *l = f->layout;
        f->failed = 1;
        if (f->sheet) { /* one sheet of a workbook: listed, not an error */
            f->unread = "an EP table with no figure blsreport checks";
            return BLS_OK;
        }
        bls_run_input_error(r, f->path, header->line, BLS_ERR_LAYOUT,
                            "EP table \"%s\" lists occupations but no figure blsreport checks "
                            "(employment, projections, change, wages, education); not read",
                            l->first_text);
        f->failed = 1;
        return BLS_OK;
    }
    int dup = f->layout->duplicate_field;
    if (dup >= 0) {
        const bls_field *name = (size_t)dup < header->count ? &header->fields[dup] : NULL;
        bls_status st = bls_findings_add(
            r->result->findings, f->path, header->line, (uint32_t)dup + 1,
            BLS_RULE_DUPLICATE_COLUMN,
            "column \"%.*s\" repeats an earlier column; the first is used",
            name ? (int)(name->len > 80 ? 80 : name->len) : 0, name ? name->data : "");
        if (st != BLS_OK)
            return st;
    }
    f->info->kind = f->layout->kind;
    f->info->layout_name = f->layout->name;
    bls_period given = {0, 0, 0}; /* --wage-period; unparsable: unknown, said so below */
    if (r->opts->wage_period &&
        bls_period_parse(r->opts->wage_period, strlen(r->opts->wage_period), &given) != BLS_OK)
        given = (bls_period){0, 0, 0};
    if (bls_layout_period(f->layout, f->path, r->opts->wage_period ? &given : NULL, &f->period) ==
        BLS_PERIOD_UNKNOWN) {
        bls_status st =
            bls_findings_add(r->result->findings, f->path, 0, 0, BLS_RULE_PERIOD_UNKNOWN,
                             "the survey period of this wage file is unknown: name it like "
                             "national_M2014_dl.csv or pass --wage-period \"May 2014\"");
        if (st != BLS_OK)
            return st;
    }
    f->info->period = f->period;
    if (f->layout->kind != BLS_KIND_CLAIMS) {
        f->validator = bls_validator_new(f->path, f->layout, &f->period);
        if (!f->validator)
            return BLS_ERR_NOMEM;
    }
    return BLS_OK;
}

/* Most bytes of a rejected claims row's reason (it quotes at most 80). */
#define CLAIM_REASON_LIMIT 4096u

static bls_status reject_row(csv_file *f, const bls_row *row, const char *reason)
{
    f->run->data_rows_read++;
    f->info->rows_read++;
    f->info->rows_rejected++;
    if (!f->run->xlsx)
        return BLS_OK;
    return bls_xlsx_add_rejected(f->run->xlsx, f->path, row->line, reason, row->raw, row->raw_len);
}

static bls_status data_row(csv_file *f, const bls_row *row)
{
    run *r = f->run;
    if (f->layout->kind == BLS_KIND_CLAIMS) {
        int accepted = 0;
        /* allocates only for a rejected row; the reason quotes a field of
         * at most 80 bytes, far under the limit */
        bls_dynbuf reason;
        bls_dynbuf_init(&reason, CLAIM_REASON_LIMIT);
        bls_status st = bls_claims_parse_row(f->layout, row, f->path, r->result->findings,
                                             &r->claims, &accepted, &reason);
        if (st == BLS_OK && !accepted)
            st = reject_row(f, row, reason.data ? reason.data : "");
        bls_dynbuf_cleanup(&reason);
        if (st != BLS_OK || !accepted)
            return st;
        f->info->rows_read++;
        f->info->rows_accepted++;
        return BLS_OK;
    }
    bls_record rec;
    bls_record_parse(f->layout, row, &rec);
    bls_row_outcome outcome;
    bls_status st = bls_validate_record(f->validator, &rec, r->result->findings, &outcome);
    if (st != BLS_OK)
        return st;
    if (outcome.rejected)
        return reject_row(f, row, outcome.reason);
    f->info->rows_read++;
    f->info->rows_accepted++;
    r->data_rows_read++;
    if (!bls_record_is_national_total(&rec))
        f->rows_not_national++;
    const char *previous = NULL;
    st = bls_model_add_record(r->model, &rec, f->path, &f->period, &previous);
    if (st != BLS_OK)
        return st;
    if (previous && !bls_text_same_words(previous, strlen(previous), rec.title, rec.title_len)) {
        int col = f->layout->index[BLS_COL_OCC_TITLE];
        st = bls_findings_add(
            r->result->findings, f->path, row->line, (uint32_t)(col >= 0 ? col + 1 : 0),
            BLS_RULE_TITLE_CONFLICT, "SOC %s is titled \"%.*s\" here but \"%s\" elsewhere",
            rec.soc_code, (int)(rec.title_len > 200 ? 200 : rec.title_len), rec.title, previous);
        if (st != BLS_OK)
            return st;
    }
    if (r->xlsx)
        return bls_xlsx_add_data_row(r->xlsx, f->path, &rec);
    return BLS_OK;
}

/* Tell opts->progress where the run is (every PROGRESS_ROWS rows). */
#define PROGRESS_ROWS 8192u
static void report_progress(run *r, FILE *stream)
{
    if (!r->opts->progress)
        return;
    off_t at = stream ? ftello(stream) : 0;
    r->progress.bytes_done = r->bytes_before + (at > 0 ? (uint64_t)at : 0);
    r->opts->progress(r->opts->progress_ctx, &r->progress);
}

static int on_row(void *ctx, const bls_row *row)
{
    csv_file *f = ctx;
    if (bls_run_stop_requested(f->run))
        return 1;
    if (++f->run->progress.rows_read % PROGRESS_ROWS == 0)
        report_progress(f->run, f->stream);
    if (!f->layout) {
        bls_detect_result result;
        f->status = bls_layout_detector_feed(f->detector, row, &result);
        if (f->status != BLS_OK)
            return 1;
        if (result == BLS_DETECT_FOUND || result == BLS_DETECT_FOUND_DATA) {
            f->status = start_data(f, row);
            if (f->status != BLS_OK || f->failed)
                return 1;
            if (result == BLS_DETECT_FOUND) {
                f->info->rows_skipped++;
                return 0;
            }
            /* the header ended on the row before: this one is data */
        } else {
            f->info->rows_skipped++;
            if (++f->preamble >= BLS_LAYOUT_MAX_PREAMBLE) {
                if (f->sheet)
                    return 1; /* not a data sheet: read_workbook() lists it */
                const char *first = bls_layout_detector_first_text(f->detector);
                char hint[256];
                bls_run_input_error(f->run, f->path, 1, BLS_ERR_LAYOUT,
                                    "not a layout blsreport knows (no header in the first %d rows; "
                                    "first row \"%s\")%s; known layouts: %s",
                                    BLS_LAYOUT_MAX_PREAMBLE, first,
                                    bls_reader_info_hint(f->reader_info, hint, sizeof hint),
                                    bls_layout_known_list());
                f->failed = 1;
                return 1;
            }
            return 0;
        }
    }
    if (bls_row_is_blank(row)) {
        f->info->rows_skipped++;
        return 0;
    }
    if (bls_layout_is_note_row(f->layout, row)) {
        f->info->rows_skipped++; /* "Note: ...", "Source: ...", footnotes */
        return 0;
    }
    f->status = data_row(f, row);
    return f->status != BLS_OK;
}

/* Rows of one table: a CSV stream, or (stream NULL) sheet `sheet` of `wb`.
 * For a sheet, *unread is set to the reason when it is not a data sheet. */
static void read_rows(run *r, const char *path, bls_input_info *info, FILE *stream,
                      bls_workbook *wb, size_t sheet, const char **unread)
{
    csv_file f = {.run = r, .path = path, .info = info, .sheet = wb != NULL, .stream = stream};
    f.detector = bls_layout_detector_new();
    if (!f.detector) {
        bls_run_fail(r, BLS_ERR_NOMEM, "%s: out of memory", path);
        return;
    }
    bls_reader_info rinfo;
    memset(&rinfo, 0, sizeof rinfo);
    char hint[256];
    bls_status st;
    int read_error = 0;
    char *why = NULL;
    if (wb) {
        st = bls_workbook_read_sheet(wb, sheet, on_row, &f, &why);
        if (st == BLS_ERR_INTERRUPTED && !f.layout && f.status == BLS_OK &&
            !bls_run_stop_requested(r))
            st = BLS_OK; /* on_row stopped at the preamble limit */
    } else {
        bls_reader_options ropts = {0};
        ropts.stop_flag = r->opts->stop_flag;
        ropts.info = &rinfo;
        f.reader_info = &rinfo;
        st = bls_reader_read_stream(stream, path, &ropts, r->result->findings, on_row, &f);
        read_error = ferror(stream);
    }
    if (f.status != BLS_OK)
        st = f.status;
    if (st == BLS_OK && f.validator)
        st = bls_validator_finish(f.validator, r->result->findings);
    bls_validator_free(f.validator);
    int found = f.layout != NULL;
    /* say what the file is, not only what its columns look like */
    if (found)
        info->layout_name =
            bls_layout_name_after_rows(f.layout, info->rows_accepted, f.rows_not_national);
    bls_layout_detector_free(f.detector); /* f.layout pointed into it */
    f.layout = NULL;
    if (f.failed) {
        bls_free(why);
        if (wb && f.unread)
            *unread = f.unread;
        return;
    }
    if (wb && !found && st == BLS_OK) {
        *unread = "no header blsreport knows in the first rows";
        bls_free(why);
        return;
    }
    if (wb && (st == BLS_ERR_FORMAT || st == BLS_ERR_LIMIT)) {
        bls_run_input_error(r, path, 0, st, "%s", why ? why : bls_strerror(st));
    } else if (st == BLS_ERR_INTERRUPTED && bls_run_stop_requested(r)) {
        bls_run_fail(r, BLS_ERR_INTERRUPTED, "interrupted while reading %s", path);
    } else if (st == BLS_ERR_NOMEM) {
        bls_run_fail(r, st, "%s: out of memory", path);
    } else if (st == BLS_ERR_XLSX || st == BLS_ERR_WRITE) {
        bls_run_fail(r, st, "%s: %s", r->paths[OUT_XLSX] ? r->paths[OUT_XLSX] : "workbook",
                     bls_strerror(st));
    } else if (st == BLS_ERR_LIMIT) {
        bls_run_input_error(r, path, 0, st, "input exceeds a size limit");
    } else if (st != BLS_OK || read_error) {
        bls_run_input_error(r, path, 0, BLS_ERR_READ, "read error: %s",
                            read_error ? strerror(errno) : bls_strerror(st));
    } else if (!found) {
        bls_run_input_error(r, path, 0, BLS_ERR_EMPTY,
                            info->rows_skipped ? "no header row found%s; known layouts: %s"
                                               : "empty file%s; known layouts: %s",
                            bls_reader_info_hint(&rinfo, hint, sizeof hint),
                            bls_layout_known_list());
    } else if (info->rows_read == 0) {
        /* the layout belonged to the detector, freed above: its name is static */
        bls_run_input_error(r, path, 0, BLS_ERR_EMPTY, "header found (%s) but no data rows",
                            info->layout_name ? info->layout_name : "known layout");
    }
    bls_free(why);
}

static void read_csv(run *r, const char *path, bls_input_info *info)
{
    FILE *stream = fopen(path, "rb");
    if (!stream) {
        bls_run_input_error(r, path, 0, BLS_ERR_OPEN, "cannot open: %s", strerror(errno));
        return;
    }
    read_rows(r, path, info, stream, NULL, 0, NULL);
    (void)fclose(stream); /* read-only: errors were seen by ferror() */
}

/* ---- workbooks: each worksheet is an input of its own -------------------- */

static char *keep_path(run *r, const char *path)
{
    bls_pipeline_result *res = r->result;
    char **grown = bls_realloc(res->sheet_paths, (res->sheet_path_count + 1) * sizeof *grown);
    char *copy = bls_strdup(path);
    if (!grown || !copy) {
        if (grown)
            res->sheet_paths = grown;
        bls_free(copy);
        return NULL;
    }
    res->sheet_paths = grown;
    grown[res->sheet_path_count++] = copy;
    return copy;
}

/* The workbook's first data sheet takes the input's own slot in
 * result->inputs; the others are appended. */
static bls_status add_sheet_input(run *r, size_t slot, int first, const bls_input_info *info)
{
    bls_pipeline_result *res = r->result;
    if (first) {
        res->inputs[slot] = *info;
        return BLS_OK;
    }
    bls_input_info *grown = bls_realloc(res->inputs, (res->input_count + 1) * sizeof *grown);
    if (!grown)
        return BLS_ERR_NOMEM;
    res->inputs = grown;
    res->inputs[res->input_count++] = *info;
    return BLS_OK;
}

static void read_workbook(run *r, const char *path, size_t slot)
{
    bls_pipeline_result *res = r->result;
    bls_workbook_options wopts = {0};
    wopts.stop_flag = r->opts->stop_flag;
    bls_workbook *wb = NULL;
    char *why = NULL;
    bls_status st = bls_workbook_open(path, &wopts, &wb, &why);
    if (st == BLS_ERR_NOMEM) {
        bls_run_fail(r, st, "%s: out of memory", path);
    } else if (st != BLS_OK) {
        /* the module's message names the file; the error line names it too */
        const char *text = why ? why : bls_strerror(st);
        size_t n = strlen(path);
        if (strncmp(text, path, n) == 0 && text[n] == ':' && text[n + 1] == ' ')
            text += n + 2;
        bls_run_input_error(r, path, 0, st, "%s", text);
    }
    bls_free(why);
    if (st != BLS_OK)
        return;
    size_t used = 0, unread_here = 0, errors_before = res->input_error_count;
    for (size_t i = 0; i < bls_workbook_sheet_count(wb) && res->status == BLS_OK; i++) {
        const char *sheet_path = keep_path(r, bls_workbook_sheet_path(wb, i));
        if (!sheet_path || bls_findings_mark_sheet(res->findings, sheet_path) != BLS_OK) {
            bls_run_fail(r, BLS_ERR_NOMEM, "%s: out of memory", path);
            break;
        }
        bls_input_info info = {.path = sheet_path};
        const char *unread = NULL;
        read_rows(r, sheet_path, &info, NULL, wb, i, &unread);
        if (res->status != BLS_OK)
            break;
        if (unread) {
            if (bls_pipeline_note_unread(res, sheet_path, unread) != BLS_OK)
                bls_run_fail(r, BLS_ERR_NOMEM, "%s: out of memory", path);
            unread_here++;
            continue;
        }
        if (add_sheet_input(r, slot, used == 0, &info) != BLS_OK) {
            bls_run_fail(r, BLS_ERR_NOMEM, "%s: out of memory", path);
            break;
        }
        used++;
    }
    bls_workbook_free(wb);
    if (res->status == BLS_OK && used == 0 && res->input_error_count == errors_before)
        bls_run_input_error(
            r, path, 0, BLS_ERR_EMPTY,
            "no sheet with a header blsreport knows (%zu sheets); known layouts: %s", unread_here,
            bls_layout_known_list());
}

/* ---- documents ---------------------------------------------------------- */

#define DOCUMENT_CHUNK ((size_t)64 * 1024)

static void read_document(run *r, const char *path, bls_input_info *info)
{
    info->kind = BLS_KIND_DOCUMENT;
    FILE *stream = fopen(path, "rb");
    if (!stream) {
        bls_run_input_error(r, path, 0, BLS_ERR_OPEN, "cannot open: %s", strerror(errno));
        return;
    }
    /* One byte past the limit tells a document that is too long. */
    bls_dynbuf doc;
    bls_dynbuf_init(&doc, BLS_DOCUMENT_MAX + 1);
    bls_status st = BLS_OK;
    for (size_t got = 1; st == BLS_OK && got > 0 && doc.len < doc.limit;) {
        size_t want = doc.limit - doc.len < DOCUMENT_CHUNK ? doc.limit - doc.len : DOCUMENT_CHUNK;
        st = bls_dynbuf_read(&doc, stream, want, &got);
    }
    (void)fclose(stream); /* read-only: errors were seen by ferror() */
    if (st == BLS_OK && doc.len > BLS_DOCUMENT_MAX)
        st = BLS_ERR_LIMIT;
    size_t before = r->claims.count, before_un = r->unattributed.count;
    if (st == BLS_OK)
        st = bls_extract_claims(doc.data ? doc.data : "", doc.len, path, r->model,
                                r->result->findings, &r->claims, &r->unattributed);
    if (st == BLS_OK)
        st = bls_unchecked_scan(doc.data ? doc.data : "", doc.len, path, &r->claims,
                                &r->unattributed, &r->not_checked);
    if (st == BLS_OK)
        st = bls_education_extract(doc.data ? doc.data : "", doc.len, path, &r->claims,
                                   &r->education);
    bls_dynbuf_cleanup(&doc);
    info->claims_found = (r->claims.count - before) + (r->unattributed.count - before_un);
    if (st == BLS_ERR_NOMEM)
        bls_run_fail(r, st, "%s: out of memory", path);
    else if (st == BLS_ERR_LIMIT)
        bls_run_input_error(
            r, path, 0, st,
            "document exceeds a limit (%zu bytes, or more figures than the extractor "
            "reads)",
            BLS_DOCUMENT_MAX);
    else if (st != BLS_OK)
        bls_run_input_error(r, path, 0, st, "%s", bls_strerror(st));
}

/* ---- the run ----------------------------------------------------------------- */

void bls_run_read_inputs(run *r)
{
    const bls_pipeline_options *o = r->opts;
    bls_pipeline_result *res = r->result;
    r->progress.input_count = o->input_count;
    for (size_t i = 0; o->progress && i < o->input_count; i++) {
        struct stat sb;
        if (stat(o->inputs[i], &sb) == 0 && S_ISREG(sb.st_mode))
            r->progress.bytes_total += (uint64_t)sb.st_size;
    }
    size_t *first_same = bls_calloc(o->input_count ? o->input_count : 1, sizeof *first_same);
    if (!first_same || bls_file_ids_first_same(o->inputs, o->input_count, first_same) != BLS_OK) {
        bls_free(first_same);
        bls_run_fail(r, BLS_ERR_NOMEM, "out of memory");
        return;
    }
    /* CSVs first (data and claims), documents last: extraction recognises
     * occupation names through the titles the data brought. */
    for (int pass = 0; pass < 2 && res->status == BLS_OK; pass++) {
        for (size_t i = 0; i < o->input_count && res->status == BLS_OK; i++) {
            const char *path = o->inputs[i];
            bls_input_info *info = &res->inputs[i];
            int doc = bls_extract_is_document_path(path);
            if (doc != pass)
                continue;
            info->path = path;
            struct stat st;
            if (stat(path, &st) != 0) {
                bls_run_input_error(r, path, 0, BLS_ERR_OPEN, "cannot open: %s", strerror(errno));
                continue;
            }
            if (S_ISDIR(st.st_mode)) {
                bls_run_input_error(r, path, 0, BLS_ERR_OPEN,
                                    "is a directory; give the files in it (e.g. %s/*)", path);
                continue;
            }
            if (!S_ISREG(st.st_mode)) { /* a FIFO would hang the run, a device never ends */
                bls_run_input_error(
                    r, path, 0, BLS_ERR_OPEN,
                    "is not a regular file (a FIFO, a device or a socket): give a file");
                continue;
            }
            const char *first = first_same[i] != i ? o->inputs[first_same[i]] : NULL;
            if (first) {
                /* one file, two names (or the same name twice): read once,
                 * so that its claims are not counted twice */
                bls_status fst =
                    bls_findings_add(res->findings, path, 0, 0, BLS_RULE_INPUT_DUPLICATE,
                                     "the same file as %s; read once", first);
                if (fst != BLS_OK)
                    bls_run_fail(r, fst, "out of memory");
                continue;
            }
            if (bls_run_stop_requested(r)) {
                bls_run_fail(r, BLS_ERR_INTERRUPTED, "interrupted");
                break;
            }
            r->progress.path = path;
            report_progress(r, NULL);
            if (doc)
                read_document(r, path, info);
            else if (bls_workbook_is_workbook_path(path))
                read_workbook(r, path, i);
            else
                read_csv(r, path, info);
            r->progress.input_index++;
            if (S_ISREG(st.st_mode))
                r->bytes_before += (uint64_t)st.st_size;
        }
        if (pass == 0) {
            bls_model_finish(r->model);
            bls_status cst = bls_model_conflict_findings(r->model, r->result->findings);
            if (cst != BLS_OK)
                bls_run_fail(r, cst, "out of memory");
        }
    }
    bls_free(first_same);
}
