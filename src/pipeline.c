/*
 * pipeline.c - one run of blsreport, stage by stage:
 *
 *   read (reader.c) -> classify (layout.c) -> parse (cells.c, validate.c's
 *   bls_record_parse) -> validate (validate.c) -> model (model.c)
 *   -> claims (claims.c, extract.c) -> cross-check (crosscheck.c)
 *   -> render (render_xlsx.c, render_pdf.c, summary.c)
 *
 * Data rows stream from the reader through validation into the workbook, so
 * the file is never held in memory; the model keeps national totals only.
 * Outputs are written to temporary files and renamed into place only when
 * every one of them is complete (outfile.c). Nothing here prints: messages
 * go into the result for the CLI.
 */
#define _POSIX_C_SOURCE 200809L
#include "blsreport/pipeline.h"
#include "blsreport/survey.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blsreport/alloc.h"
#include "blsreport/baseline.h"
#include "blsreport/ci.h"
#include "blsreport/crosscheck.h"
#include "blsreport/dynbuf.h"
#include "blsreport/extract.h"
#include "blsreport/layout.h"
#include "blsreport/model.h"
#include "blsreport/outfile.h"
#include "blsreport/pdf_job.h"
#include "blsreport/perdoc.h"
#include "blsreport/reader.h"
#include "blsreport/render_xlsx.h"
#include "blsreport/summary.h"
#include "blsreport/unchecked.h"
#include "blsreport/education.h"
#include "blsreport/validate.h"
#include "blsreport/workbook.h"

/* The outputs of a run, in the order they are listed (summary, "wrote"
 * lines): the workbook, the PDF, the chart files (--charts-dir), the JSON. */
enum {
    OUT_XLSX,
    OUT_PDF,
    OUT_CHARTS, /* the chart files from here: see chart_out() */
    OUT_JSON = OUT_CHARTS + BLS_CHART_COUNT * BLS_CHART_FORMAT_COUNT,
    OUT_COUNT
};

/* The slot of chart @p c's file in format @p f. */
static size_t chart_out(size_t c, size_t f)
{
    return OUT_CHARTS + c * BLS_CHART_FORMAT_COUNT + f;
}

typedef struct run {
    const bls_pipeline_options *opts;
    bls_pipeline_result *result;
    bls_model *model;
    bls_claims claims;
    bls_claims unattributed;
    bls_unchecked_list not_checked; /* numbers of the documents that are not claims */
    bls_education_list education;   /* education requirements the documents state */
    bls_checks checks;
    bls_xlsx *xlsx;
    bls_pdf_job *pdf_job;       /* NULL: no PDF */
    bls_pdf_options pdf_opts;   /* borrowed by pdf_job until it is waited for */
    bls_outset *outset;         /* the staged output files, until committed */
    size_t slot[OUT_COUNT];     /* each output's index in outset */
    int staged[OUT_COUNT];      /* 1: this output is in outset */
    char (*selected)[8];
    size_t selected_count;
    const char **selected_ptrs;
    char *paths[OUT_COUNT];  /* final output paths, owned; NULL: not written */
    uint64_t data_rows_read; /* wages and projections rows, accepted or rejected */
    bls_progress progress;   /* for opts->progress */
    uint64_t bytes_before;   /* bytes of the inputs read before the current one */
} run;

/* State while one CSV streams through the reader. */
typedef struct csv_file {
    run *run;
    const char *path;
    bls_input_info *info;
    bls_layout_detector *detector;
    const bls_layout *layout;
    bls_validator *validator;
    bls_period period;
    int failed;        /* layout unknown, or an error status below */
    bls_status status; /* first error from a callee */
    uint64_t preamble; /* rows looked at before the header */
    uint64_t rows_not_national; /* accepted rows for an area, industry or ownership */
    const bls_reader_info *reader_info; /* what the reader took the bytes for */
    int sheet;         /* a workbook sheet: no header is "not read", not an error */
    const char *unread; /* a sheet's reason for not being read (static text) */
    FILE *stream;      /* for the progress: how far it has been read */
} csv_file;

static void fail(run *r, bls_status status, const char *fmt, ...) BLS_PRINTF(3, 4);
static void input_error(run *r, const char *path, uint64_t line, bls_status status, const char *fmt,
                        ...) BLS_PRINTF(5, 6);

static void input_error(run *r, const char *path, uint64_t line, bls_status status, const char *fmt,
                        ...)
{
    bls_pipeline_result *res = r->result;
    bls_input_error *grown =
        bls_realloc(res->input_errors, (res->input_error_count + 1) * sizeof *grown);
    if (!grown) {
        /* the input is unusable and nothing may say so: the run must not go
         * on as if it had not been given */
        fail(r, BLS_ERR_NOMEM, "%s: out of memory", path);
        return;
    }
    res->input_errors = grown;
    bls_input_error *e = &grown[res->input_error_count++];
    e->path = path;
    e->line = line;
    e->status = status;
    va_list ap;
    va_start(ap, fmt);
    e->message = bls_vasprintf(fmt, ap); /* whole: it names a path */
    va_end(ap);
}

bls_status bls_pipeline_note_unread(bls_pipeline_result *res, const char *path, const char *reason)
{
    bls_unread_sheet *grown = bls_realloc(res->unread, (res->unread_count + 1) * sizeof *grown);
    if (!grown)
        return BLS_ERR_NOMEM;
    res->unread = grown;
    char *p = bls_strdup(path), *why = bls_strdup(reason);
    if (!p || !why) {
        bls_free(p);
        bls_free(why);
        return BLS_ERR_NOMEM;
    }
    grown[res->unread_count++] = (bls_unread_sheet){p, why};
    return BLS_OK;
}

static void fail(run *r, bls_status status, const char *fmt, ...)
{
    if (r->result->status != BLS_OK)
        return; /* keep the first failure */
    r->result->status = status;
    va_list ap;
    va_start(ap, fmt);
    r->result->message = bls_vasprintf(fmt, ap); /* whole: it names a path */
    va_end(ap);
}

static int stop_requested(const run *r)
{
    return r->opts->stop_flag && *r->opts->stop_flag;
}

/* ---- CSV rows ----------------------------------------------------------- */

static int row_is_blank(const bls_row *row)
{
    for (size_t i = 0; i < row->count; i++)
        for (size_t j = 0; j < row->fields[i].len; j++)
            if (!isspace((unsigned char)row->fields[i].data[j]))
                return 0;
    return 1;
}

/* Titles differ only in case or spacing between OEWS ("Physical Therapist
 * Assistants") and EP ("Physical therapist assistants"): not a conflict. */
static int same_title(const char *a, const char *b, size_t b_len)
{
    size_t i = 0, j = 0, a_len = strlen(a);
    for (;;) {
        while (i < a_len && !isalnum((unsigned char)a[i]))
            i++;
        while (j < b_len && !isalnum((unsigned char)b[j]))
            j++;
        if (i == a_len || j == b_len)
            return i == a_len && j == b_len;
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[j]))
            return 0;
        i++;
        j++;
    }
}

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
        input_error(r, f->path, header->line, BLS_ERR_LAYOUT,
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
    if (f->layout->kind == BLS_KIND_WAGES) {
        bls_period period = {0, 0, 0};
        int known = 0;
        if (r->opts->wage_period)
            known = bls_period_parse(r->opts->wage_period, strlen(r->opts->wage_period), &period) ==
                    BLS_OK;
        else
            known = bls_survey_period_from_name(f->path, &period); /* oesm09nat.zip:... too */
        if (known)
            f->period = period;
        else {
            bls_status st =
                bls_findings_add(r->result->findings, f->path, 0, 0, BLS_RULE_PERIOD_UNKNOWN,
                                 "the survey period of this wage file is unknown: name it like "
                                 "national_M2014_dl.csv or pass --wage-period \"May 2014\"");
            if (st != BLS_OK)
                return st;
        }
    } else if (f->layout->kind == BLS_KIND_PROJECTIONS) {
        f->period = (bls_period){f->layout->base_year, f->layout->target_year, 0};
        if (f->period.year_to == 0) /* education tables (1.12, 5.4) name the base only */
            f->period.year_to = f->period.year_from;
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
    if (previous && !same_title(previous, rec.title, rec.title_len)) {
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
    if (stop_requested(f->run))
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
                input_error(f->run, f->path, 1, BLS_ERR_LAYOUT,
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
    if (row_is_blank(row)) {
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
        fail(r, BLS_ERR_NOMEM, "%s: out of memory", path);
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
        if (st == BLS_ERR_INTERRUPTED && !f.layout && f.status == BLS_OK && !stop_requested(r))
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
    /* From 2019 the national file has the all-data columns (area 99,
     * cross-industry): say what it is, not what its columns look like. */
    if (found && f.layout->kind == BLS_KIND_WAGES && f.layout->index[BLS_COL_AREA] >= 0 &&
        info->rows_accepted > 0 && f.rows_not_national == 0)
        info->layout_name = "OEWS national (all-data columns)";
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
        input_error(r, path, 0, st, "%s", why ? why : bls_strerror(st));
    } else if (st == BLS_ERR_INTERRUPTED && stop_requested(r)) {
        fail(r, BLS_ERR_INTERRUPTED, "interrupted while reading %s", path);
    } else if (st == BLS_ERR_NOMEM) {
        fail(r, st, "%s: out of memory", path);
    } else if (st == BLS_ERR_XLSX || st == BLS_ERR_WRITE) {
        fail(r, st, "%s: %s", r->paths[OUT_XLSX] ? r->paths[OUT_XLSX] : "workbook",
             bls_strerror(st));
    } else if (st == BLS_ERR_LIMIT) {
        input_error(r, path, 0, st, "input exceeds a size limit");
    } else if (st != BLS_OK || read_error) {
        input_error(r, path, 0, BLS_ERR_READ, "read error: %s",
                    read_error ? strerror(errno) : bls_strerror(st));
    } else if (!found) {
        input_error(r, path, 0, BLS_ERR_EMPTY,
                    info->rows_skipped ? "no header row found%s; known layouts: %s"
                                       : "empty file%s; known layouts: %s",
                    bls_reader_info_hint(&rinfo, hint, sizeof hint), bls_layout_known_list());
    } else if (info->rows_read == 0) {
        /* the layout belonged to the detector, freed above: its name is static */
        input_error(r, path, 0, BLS_ERR_EMPTY, "header found (%s) but no data rows",
                    info->layout_name ? info->layout_name : "known layout");
    }
    bls_free(why);
}

static void read_csv(run *r, const char *path, bls_input_info *info)
{
    FILE *stream = fopen(path, "rb");
    if (!stream) {
        input_error(r, path, 0, BLS_ERR_OPEN, "cannot open: %s", strerror(errno));
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
        fail(r, st, "%s: out of memory", path);
    } else if (st != BLS_OK) {
        /* the module's message names the file; the error line names it too */
        const char *text = why ? why : bls_strerror(st);
        size_t n = strlen(path);
        if (strncmp(text, path, n) == 0 && text[n] == ':' && text[n + 1] == ' ')
            text += n + 2;
        input_error(r, path, 0, st, "%s", text);
    }
    bls_free(why);
    if (st != BLS_OK)
        return;
    size_t used = 0, unread_here = 0, errors_before = res->input_error_count;
    for (size_t i = 0; i < bls_workbook_sheet_count(wb) && res->status == BLS_OK; i++) {
        const char *sheet_path = keep_path(r, bls_workbook_sheet_path(wb, i));
        if (!sheet_path || bls_findings_mark_sheet(res->findings, sheet_path) != BLS_OK) {
            fail(r, BLS_ERR_NOMEM, "%s: out of memory", path);
            break;
        }
        bls_input_info info = {.path = sheet_path};
        const char *unread = NULL;
        read_rows(r, sheet_path, &info, NULL, wb, i, &unread);
        if (res->status != BLS_OK)
            break;
        if (unread) {
            if (bls_pipeline_note_unread(res, sheet_path, unread) != BLS_OK)
                fail(r, BLS_ERR_NOMEM, "%s: out of memory", path);
            unread_here++;
            continue;
        }
        if (add_sheet_input(r, slot, used == 0, &info) != BLS_OK) {
            fail(r, BLS_ERR_NOMEM, "%s: out of memory", path);
            break;
        }
        used++;
    }
    bls_workbook_free(wb);
    if (res->status == BLS_OK && used == 0 && res->input_error_count == errors_before)
        input_error(r, path, 0, BLS_ERR_EMPTY,
                    "no sheet with a header blsreport knows (%zu sheets); known layouts: %s",
                    unread_here, bls_layout_known_list());
}

/* ---- documents ---------------------------------------------------------- */

static int is_document(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return 0;
    static const char *const exts[] = {".txt", ".md", ".markdown", ".text"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        const char *a = dot, *b = exts[i];
        while (*a && *b && tolower((unsigned char)*a) == *b) {
            a++;
            b++;
        }
        if (!*a && !*b)
            return 1;
    }
    return 0;
}

#define DOCUMENT_CHUNK ((size_t)64 * 1024)

static void read_document(run *r, const char *path, bls_input_info *info)
{
    info->kind = BLS_KIND_DOCUMENT;
    FILE *stream = fopen(path, "rb");
    if (!stream) {
        input_error(r, path, 0, BLS_ERR_OPEN, "cannot open: %s", strerror(errno));
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
        fail(r, st, "%s: out of memory", path);
    else if (st == BLS_ERR_LIMIT)
        input_error(r, path, 0, st,
                    "document exceeds a limit (%zu bytes, or more figures than the extractor "
                    "reads)",
                    BLS_DOCUMENT_MAX);
    else if (st != BLS_OK)
        input_error(r, path, 0, st, "%s", bls_strerror(st));
}

/* ---- claims: one check per quoted figure ------------------------------- */

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* A claims CSV that restates what the article says and the article itself
 * give the same claim twice: keep the first (the reviewed CSV row). */
static int same_claim(const bls_claim *a, const bls_claim *b)
{
    return a->line == b->line && a->metric == b->metric &&
           strcmp(base_name(a->document), base_name(b->document)) == 0 &&
           strcmp(a->soc_code, b->soc_code) == 0 && a->claimed.state == b->claimed.state &&
           bls_number_compare(&a->claimed, &b->claimed) == 0;
}

/* One form of "source": a claims CSV names its document relative to itself
 * ("000_x.txt" in input/claims.csv); when that file is there, the claim's
 * document becomes its path as the inputs are given ("input/000_x.txt"),
 * the form the article's own claims have (ci.h's bls_ci_document_path). */
static void locate_documents(bls_claims *claims)
{
    for (size_t i = 0; i < claims->count; i++) {
        bls_claim *c = &claims->items[i];
        if (c->origin != BLS_ORIGIN_CSV)
            continue;
        char *path = bls_ci_document_path(c->document, c->input_path);
        if (path && c->document && strcmp(path, c->document) != 0) {
            bls_free(c->document);
            c->document = path;
        } else {
            bls_free(path); /* as it was, or out of memory: kept as written */
        }
    }
}

/* Claims sorted by what same_claim() compares first, then by position:
 * duplicates are neighbours, so that 40,000 claims (10,000 articles) are
 * not compared pairwise. */
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

static void drop_duplicate_claims(bls_claims *claims)
{
    size_t n = claims->count;
    claim_ref *refs = bls_calloc(n ? n : 1, sizeof *refs);
    unsigned char *drop = bls_calloc(n ? n : 1, 1);
    if (refs && drop) {
        for (size_t i = 0; i < n; i++)
            refs[i] = (claim_ref){&claims->items[i], i};
        qsort(refs, n, sizeof *refs, compare_claim_refs);
        for (size_t g = 0; g < n;) { /* a group: same document name, line and metric */
            size_t end = g + 1;
            while (end < n && compare_claim_refs(&(claim_ref){refs[end].claim, refs[g].index},
                                                 &refs[g]) == 0)
                end++;
            for (size_t i = g + 1; i < end; i++)
                for (size_t j = g; j < i && !drop[refs[i].index]; j++)
                    if (!drop[refs[j].index] && refs[i].claim->origin != refs[j].claim->origin &&
                        same_claim(refs[i].claim, refs[j].claim))
                        drop[refs[i].index] = 1;
            g = end;
        }
    } else { /* out of memory: compare pairwise, as before */
        bls_free(drop);
        drop = NULL;
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        int duplicate = drop ? drop[i] : 0;
        for (size_t j = 0; !drop && j < kept && !duplicate; j++)
            duplicate = claims->items[i].origin != claims->items[j].origin &&
                        same_claim(&claims->items[i], &claims->items[j]);
        if (duplicate) {
            bls_claim_cleanup(&claims->items[i]);
            continue;
        }
        claims->items[kept++] = claims->items[i];
    }
    claims->count = kept;
    bls_free(refs);
    bls_free(drop);
}

/* ---- which occupations the charts show ------------------------------- */

static int selected_has(const run *r, const char *soc)
{
    for (size_t i = 0; i < r->selected_count; i++)
        if (strcmp(r->selected[i], soc) == 0)
            return 1;
    return 0;
}

static void select_add(run *r, const char *soc)
{
    if (selected_has(r, soc))
        return;
    memcpy(r->selected[r->selected_count++], soc, 8);
}

static int pattern_matches(const char *pattern, const char *soc)
{
    size_t n = strlen(pattern);
    if (n && pattern[n - 1] == '*')
        return strncmp(pattern, soc, n - 1) == 0;
    return strcmp(pattern, soc) == 0;
}

static bls_status select_occupations(run *r)
{
    size_t n = bls_model_count(r->model);
    r->selected = bls_calloc(n + 1, sizeof *r->selected);
    r->selected_ptrs = bls_calloc(n + 1, sizeof *r->selected_ptrs);
    if (!r->selected || !r->selected_ptrs)
        return BLS_ERR_NOMEM;
    const bls_pipeline_options *o = r->opts;
    if (o->select_count) {
        for (size_t p = 0; p < o->select_count; p++)
            for (size_t i = 0; i < n; i++)
                if (pattern_matches(o->select[p], bls_model_at(r->model, i)->soc_code))
                    select_add(r, bls_model_at(r->model, i)->soc_code);
    } else {
        for (size_t i = 0; i < r->checks.count; i++)
            if (r->checks.items[i].soc_code[0] &&
                bls_model_find(r->model, r->checks.items[i].soc_code))
                select_add(r, r->checks.items[i].soc_code);
        /* None: each chart ranks every occupation (chart_view.h). */
    }
    for (size_t i = 0; i < r->selected_count; i++)
        r->selected_ptrs[i] = r->selected[i];
    return BLS_OK;
}

/* ---- results for the CLI ------------------------------------------------- */

static bls_status make_claim_lines(run *r)
{
    bls_pipeline_result *res = r->result;
    size_t n = r->checks.count;
    res->claim_lines = bls_calloc(n ? n : 1, sizeof *res->claim_lines);
    res->claim_line_verdicts = bls_calloc(n ? n : 1, sizeof *res->claim_line_verdicts);
    if (!res->claim_lines || !res->claim_line_verdicts)
        return BLS_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const bls_check *k = &r->checks.items[i];
        res->claim_lines[i] = bls_asprintf(
            "%s:%llu: %s: %s %s \"%s\": %s", k->claim->document, (unsigned long long)k->claim->line,
            bls_verdict_name(k->verdict), bls_metric_name(k->claim->metric), k->claim->occupation,
            k->claim->claimed_text, k->note);
        if (!res->claim_lines[i])
            return BLS_ERR_NOMEM;
        res->claim_line_verdicts[i] = (int)k->verdict;
        res->claim_line_count = i + 1;
    }
    return BLS_OK;
}

/* The --extract-claims CSV: each claim quotes at most a few lines of a
 * document of at most BLS_DOCUMENT_MAX bytes, so 16 times that is room for
 * any of them, not for a runaway. */
#define CLAIMS_CSV_MAX (16 * BLS_DOCUMENT_MAX)

/* Append one CSV field, quoted when it needs to be (RFC 4180). */
static bls_status csv_append(bls_dynbuf *csv, const char *field, int last)
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

static bls_status make_claims_csv(run *r)
{
    bls_dynbuf csv;
    bls_dynbuf_init(&csv, CLAIMS_CSV_MAX);
    static const char *const header[] = {"source", "occupation", "soc_code", "metric",
                                         "period", "claimed",    "quote",    "origin"};
    bls_status st = BLS_OK;
    for (size_t i = 0; i < 8 && st == BLS_OK; i++)
        st = csv_append(&csv, header[i], i == 7);
    const bls_claims *lists[2] = {&r->claims, &r->unattributed};
    for (int l = 0; l < 2 && st == BLS_OK; l++) {
        for (size_t i = 0; i < lists[l]->count && st == BLS_OK; i++) {
            const bls_claim *c = &lists[l]->items[i];
            char source[1024], period[64] = "", claimed[64];
            snprintf(source, sizeof source, "%s:%llu", base_name(c->document),
                     (unsigned long long)c->line);
            if (bls_period_known(&c->period))
                bls_period_format(&c->period, period, sizeof period);
            const char *fields[8] = {
                source,      c->occupation,
                c->soc_code, l == 0 ? bls_metric_name(c->metric) : "",
                period,      bls_claim_csv_claimed(c, claimed, sizeof claimed),
                c->quote,    l == 0 ? bls_claim_origin_name(c->origin) : "unattributed"};
            for (size_t f = 0; f < 8 && st == BLS_OK; f++)
                st = csv_append(&csv, fields[f], f == 7);
        }
    }
    if (st != BLS_OK) {
        bls_dynbuf_cleanup(&csv);
        return st;
    }
    r->result->claims_csv = bls_dynbuf_take(&csv);
    return BLS_OK;
}

/* ---- outputs -------------------------------------------------------------- */

/* The file a writer opens for output @p i; NULL when it is not written. */
static const char *staged(const run *r, size_t i)
{
    return r->staged[i] ? bls_outset_writer_path(r->outset, r->slot[i]) : NULL;
}

static char *join_path(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = bls_malloc(a + b + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, a); /* NOLINT(bugprone-not-null-terminated-result): name and NUL follow */
    size_t at = a;
    if (a && dir[a - 1] != '/')
        p[at++] = '/';
    memcpy(p + at, name, b + 1);
    return p;
}

/* Report the output set's failure: what, where, why. */
static void outset_failed(run *r, bls_status st)
{
    const char *path = NULL;
    int err = 0;
    const char *what = bls_outset_error(r->outset, &path, &err);
    if (!what)
        fail(r, st, "%s", bls_strerror(st));
    else if (err)
        fail(r, st, "%s: %s: %s", path ? path : "output", what, strerror(err));
    else
        fail(r, st, "%s: %s", path ? path : "output", what);
}

/* Name every output of the run and stage them all, before any work: a
 * refused path (an input, a device, twice the same file) or a directory
 * that cannot be written fails the run before it reads a row. */
static bls_status begin_outputs(run *r)
{
    const bls_pipeline_options *o = r->opts;
    int want[OUT_COUNT] = {0};
    want[OUT_XLSX] = o->write_xlsx;
    want[OUT_PDF] = o->write_pdf;
    want[OUT_JSON] = o->json_path && strcmp(o->json_path, "-") != 0;
    for (size_t c = 0; o->charts_dir && c < BLS_CHART_COUNT; c++) {
        for (size_t f = 0; f < BLS_CHART_FORMAT_COUNT; f++) {
            size_t k = chart_out(c, f);
            r->paths[k] = join_path(o->charts_dir,
                                    bls_pdf_chart_file_name((bls_chart)c, (bls_chart_format)f));
            if (!r->paths[k]) {
                fail(r, BLS_ERR_NOMEM, "out of memory");
                return BLS_ERR_NOMEM;
            }
            want[k] = 1;
        }
    }
    r->outset = bls_outset_new();
    bls_status st = r->outset ? BLS_OK : BLS_ERR_NOMEM;
    for (size_t i = 0; i < OUT_COUNT && st == BLS_OK; i++) {
        if (!want[i])
            continue;
        st = bls_outset_add(r->outset, r->paths[i], &r->slot[i]);
        if (st == BLS_ERR_INVALID_ARG) {
            fail(r, st, "\"%s\": not a file name an output can have", r->paths[i]);
            return st;
        }
        r->staged[i] = st == BLS_OK;
    }
    if (st == BLS_OK) {
        /* the CLI's signal handler removes what is staged */
        bls_outset_set_hook(r->outset, o->temp_hook, o->temp_hook_ctx);
        st = bls_outset_begin(r->outset, o->inputs, o->input_count);
    }
    if (st == BLS_ERR_NOMEM)
        fail(r, st, "out of memory");
    else if (st != BLS_OK)
        outset_failed(r, st);
    return st;
}

/* A complete zip ends with its end-of-central-directory record, which
 * says where the central directory starts and how long it is: a workbook
 * cut anywhere (a full disk, RLIMIT_FSIZE) fails this, whatever the
 * library reported. libxlsxwriter writes no zip comment. */
static int zip_is_complete(int fd)
{
    struct stat sb;
    unsigned char e[22];
    if (fstat(fd, &sb) != 0 || sb.st_size < (off_t)sizeof e ||
        pread(fd, e, sizeof e, sb.st_size - (off_t)sizeof e) != (ssize_t)sizeof e)
        return 0;
    uint32_t sig =
        (uint32_t)e[0] | (uint32_t)e[1] << 8 | (uint32_t)e[2] << 16 | (uint32_t)e[3] << 24;
    uint32_t cd_size =
        (uint32_t)e[12] | (uint32_t)e[13] << 8 | (uint32_t)e[14] << 16 | (uint32_t)e[15] << 24;
    uint32_t cd_off =
        (uint32_t)e[16] | (uint32_t)e[17] << 8 | (uint32_t)e[18] << 16 | (uint32_t)e[19] << 24;
    return sig == 0x06054b50u && (uint64_t)cd_off + cd_size + sizeof e == (uint64_t)sb.st_size;
}

/* A complete PDF ends with "%%EOF" (and a newline). */
static int pdf_is_complete(int fd)
{
    struct stat sb;
    char tail[8];
    if (fstat(fd, &sb) != 0 || sb.st_size < (off_t)sizeof tail ||
        pread(fd, tail, sizeof tail, sb.st_size - (off_t)sizeof tail) != (ssize_t)sizeof tail)
        return 0;
    for (size_t i = 0; i + 5 <= sizeof tail; i++)
        if (memcmp(tail + i, "%%EOF", 5) == 0)
            return 1;
    return 0;
}

/* The findings and verdicts as CI items (ci.h), for annotations, SARIF
 * and the baseline: which verdicts fail is --fail-on's decision. */
static void fails_table(const bls_pipeline_options *o, int fails[BLS_VERDICT_COUNT])
{
    memset(fails, 0, BLS_VERDICT_COUNT * sizeof *fails);
    if (o->fail_on != BLS_FAIL_ON_NEVER)
        fails[BLS_VERDICT_MISMATCH] = fails[BLS_VERDICT_MISSING] = 1;
    if (o->fail_on == BLS_FAIL_ON_STALE)
        fails[BLS_VERDICT_STALE] = fails[BLS_VERDICT_AMBIGUOUS] = 1;
}

static bls_status make_ci_items(run *r)
{
    int fails[BLS_VERDICT_COUNT];
    fails_table(r->opts, fails);
    char cwd[4096];
    bls_status st = bls_ci_items_build(r->result->findings, &r->checks, fails,
                                       getcwd(cwd, sizeof cwd) ? cwd : NULL, &r->result->ci);
    if (st == BLS_OK && r->opts->baseline) {
        bls_baseline_apply(r->opts->baseline, &r->result->ci);
        r->result->baselined = bls_ci_items_baselined(&r->result->ci);
    }
    return st;
}

static int compute_exit_code(const run *r)
{
    const bls_pipeline_options *o = r->opts;
    if (o->baseline) /* only what the baseline does not know counts */
        return bls_ci_items_failing(&r->result->ci) ? 1 : 0;
    if (bls_findings_total(r->result->findings, BLS_SEV_ERROR) > 0)
        return 1;
    const size_t *v = r->checks.by_verdict;
    switch (o->fail_on) {
    case BLS_FAIL_ON_NEVER: return 0;
    case BLS_FAIL_ON_STALE:
        if (v[BLS_VERDICT_STALE] || v[BLS_VERDICT_AMBIGUOUS])
            return 1;
        /* fall through */
    case BLS_FAIL_ON_MISMATCH: return (v[BLS_VERDICT_MISMATCH] || v[BLS_VERDICT_MISSING]) ? 1 : 0;
    }
    return 0;
}

static void pdf_failed(run *r, bls_status st)
{
    const char *why = bls_pdf_job_error(r->pdf_job);
    if (!why)
        why = bls_strerror(st);
    if (!r->opts->charts_dir)
        fail(r, st, "%s: cannot write the PDF: %s", r->paths[OUT_PDF], why);
    else if (!r->opts->write_pdf)
        fail(r, st, "%s: cannot write the charts: %s", r->opts->charts_dir, why);
    else
        fail(r, st, "%s, %s: cannot write the PDF and charts: %s", r->paths[OUT_PDF],
             r->opts->charts_dir, why);
}

static const char *output_kind(size_t i)
{
    if (i == OUT_XLSX)
        return "xlsx";
    if (i == OUT_PDF)
        return "pdf";
    if (i == OUT_JSON)
        return "json";
    return (i - OUT_CHARTS) % BLS_CHART_FORMAT_COUNT == BLS_CHART_SVG ? "svg" : "png";
}

/* Start drawing the PDF and the chart files on the job's thread (if it has
 * one), while this one finishes the workbook; both only read @p report. */
static bls_status start_pdf(run *r, const bls_report *report)
{
    const bls_pipeline_options *o = r->opts;
    r->pdf_opts.paper = o->paper;
    r->pdf_opts.author = o->author;
    for (size_t c = 0; c < BLS_CHART_COUNT; c++)
        for (size_t f = 0; f < BLS_CHART_FORMAT_COUNT; f++)
            r->pdf_opts.chart_paths[c][f] = staged(r, chart_out(c, f));
    if (!o->write_pdf && !o->charts_dir)
        return BLS_OK;
    bls_status st = o->pdf_module
                        ? bls_pdf_job_start(o->pdf_module, o->threads > 1, staged(r, OUT_PDF),
                                            report, &r->pdf_opts, &r->pdf_job)
                        : BLS_ERR_INVALID_ARG;
    if (st != BLS_OK)
        fail(r, st, "%s: cannot start the PDF: %s",
             o->write_pdf ? r->paths[OUT_PDF] : o->charts_dir, bls_strerror(st));
    return st;
}

/* The JSON summary's text to its staged file, every write checked. */
static bls_status to_fd(void *ctx, const char *data, size_t len)
{
    const int *fd = ctx;
    return bls_write_all(*fd, data, len);
}

/* The JSON summary, streamed: to its staged file, to the caller's stdout
 * writer for "-", or into the result for "-" without one. */
static bls_status write_json(run *r, const bls_report *report)
{
    const bls_pipeline_options *o = r->opts;
    int exit_code = r->result->exit_code;
    bls_status st;
    if (strcmp(o->json_path, "-") != 0) {
        int fd = bls_outset_fd(r->outset, r->slot[OUT_JSON]);
        errno = 0;
        st = bls_summary_write(report, exit_code, to_fd, &fd);
        if (st == BLS_OK)
            st = to_fd(&fd, "\n", 1);
        if (st == BLS_ERR_WRITE)
            fail(r, st, "%s: cannot write: %s", r->paths[OUT_JSON], strerror(errno));
    } else if (o->json_stdout) {
        errno = 0;
        st = bls_summary_write(report, exit_code, o->json_stdout, o->json_stdout_ctx);
        if (st == BLS_OK)
            st = o->json_stdout(o->json_stdout_ctx, "\n", 1);
        if (st == BLS_ERR_WRITE)
            fail(r, st, "standard output: cannot write the JSON summary: %s",
                 errno ? strerror(errno) : "write error");
    } else {
        st = bls_summary_json(report, exit_code, &r->result->json);
    }
    if (st != BLS_OK)
        fail(r, st, "JSON summary: %s", bls_strerror(st));
    return st;
}

/* Every output is complete: check the ends of the workbook and the PDF,
 * whatever their libraries said, then put the whole set in place (or,
 * should that fail, leave the earlier set as it was: outfile.c). */
static bls_status commit_outputs(run *r)
{
    if (r->staged[OUT_XLSX] && !zip_is_complete(bls_outset_fd(r->outset, r->slot[OUT_XLSX]))) {
        fail(r, BLS_ERR_WRITE,
             "%s: cannot write the workbook: the file is incomplete (disk "
             "full or a file size limit?)",
             r->paths[OUT_XLSX]);
        return BLS_ERR_WRITE;
    }
    if (r->staged[OUT_PDF] && !pdf_is_complete(bls_outset_fd(r->outset, r->slot[OUT_PDF]))) {
        fail(r, BLS_ERR_WRITE,
             "%s: cannot write the PDF: the file is incomplete (disk full "
             "or a file size limit?)",
             r->paths[OUT_PDF]);
        return BLS_ERR_WRITE;
    }
    bls_status st = bls_outset_commit(r->outset);
    if (st != BLS_OK)
        outset_failed(r, st);
    return st;
}

static void render(run *r)
{
    const bls_pipeline_options *o = r->opts;
    bls_pipeline_result *res = r->result;
    bls_output_info outputs[OUT_COUNT];
    size_t n_out = 0;
    for (size_t i = 0; i < OUT_COUNT; i++)
        if (r->staged[i])
            outputs[n_out++] = (bls_output_info){r->paths[i], output_kind(i)};

    res->exit_code = compute_exit_code(r);
    bls_report report = {
        .inputs = res->inputs,
        .input_count = res->input_count,
        .model = r->model,
        .findings = res->findings,
        .claims = &r->claims,
        .unattributed = &r->unattributed,
        .not_checked = &r->not_checked,
        .education = &r->education,
        .checks = &r->checks,
        .selected = r->selected_ptrs,
        .selected_count = r->selected_count,
        .outputs = outputs,
        .output_count = n_out,
        .source_date_epoch = o->source_date_epoch,
        .version = o->version,
        .baseline_used = o->baseline != NULL,
        .baselined = res->baselined,
        .findings_listed = o->json_findings,
    };
    if (start_pdf(r, &report) != BLS_OK)
        return;
    if (r->xlsx) {
        bls_status st = bls_xlsx_finish(r->xlsx, &report);
        bls_xlsx_free(r->xlsx);
        r->xlsx = NULL;
        if (st != BLS_OK)
            fail(r, st, "%s: cannot write the workbook: %s", r->paths[OUT_XLSX], bls_strerror(st));
    }
    if (r->pdf_job) {
        /* Wait even after a failure above: the report lives on this stack. */
        bls_status st = bls_pdf_job_wait(r->pdf_job);
        if (st != BLS_OK)
            pdf_failed(r, st);
    }
    if (r->result->status != BLS_OK)
        return;
    if (stop_requested(r)) {
        fail(r, BLS_ERR_INTERRUPTED, "interrupted");
        return;
    }
    if (o->json_path && write_json(r, &report) != BLS_OK)
        return;
    if (stop_requested(r)) {
        fail(r, BLS_ERR_INTERRUPTED, "interrupted");
        return;
    }
    if (commit_outputs(r) != BLS_OK)
        return;
    res->outputs = bls_calloc(n_out ? n_out : 1, sizeof *res->outputs);
    if (!res->outputs) {
        fail(r, BLS_ERR_NOMEM, "out of memory");
        return;
    }
    for (size_t i = 0; i < n_out; i++) {
        res->outputs[i].kind = outputs[i].kind;
        res->outputs[i].path = outputs[i].path; /* owned by r->paths until cleanup */
    }
    res->output_count = n_out;
    if (o->per_document) { /* perdoc.h: one PDF and JSON per document, and an index */
        bls_perdoc_options popts = {.output_dir = o->output_dir,
                                    .pdf_module = o->write_pdf ? o->pdf_module : NULL,
                                    .paper = o->paper,
                                    .temp_hook = o->temp_hook,
                                    .temp_hook_ctx = o->temp_hook_ctx,
                                    .stop_flag = o->stop_flag};
        fails_table(o, popts.fails_verdict);
        bls_status st = bls_perdoc_write(&report, &popts, &res->per_document);
        if (st != BLS_OK)
            fail(r, st, "%s", res->per_document.message ? res->per_document.message
                                                         : bls_strerror(st));
    }
}

/* ---- the run ----------------------------------------------------------------- */

/* The input given earlier on the command line that is the same file as
 * input i (same device and inode), or NULL. */
typedef struct file_id {
    dev_t dev;
    ino_t ino;
    size_t input;
    int known;
} file_id;

static int compare_file_ids(const void *a, const void *b)
{
    const file_id *x = a, *y = b;
    if (x->known != y->known)
        return x->known < y->known ? -1 : 1;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    if (x->ino != y->ino)
        return x->ino < y->ino ? -1 : 1;
    return (x->input > y->input) - (x->input < y->input);
}

/* first[i]: the first input that is the same file as input i (itself when
 * none is), each input stat'ed once and sorted by device and inode: a
 * thousand articles cost a sort, not a million stats. Owned by the caller;
 * NULL when memory ran out. */
static size_t *first_of_same_files(const bls_pipeline_options *o)
{
    size_t n = o->input_count;
    file_id *ids = bls_calloc(n ? n : 1, sizeof *ids);
    size_t *first = bls_calloc(n ? n : 1, sizeof *first);
    if (!ids || !first) {
        bls_free(ids);
        bls_free(first);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        ids[i].input = i;
        first[i] = i;
        if (stat(o->inputs[i], &st) == 0 && S_ISREG(st.st_mode)) {
            ids[i].dev = st.st_dev;
            ids[i].ino = st.st_ino;
            ids[i].known = 1;
        }
    }
    qsort(ids, n, sizeof *ids, compare_file_ids);
    for (size_t i = 1; i < n; i++)
        if (ids[i].known && ids[i - 1].known && ids[i].dev == ids[i - 1].dev &&
            ids[i].ino == ids[i - 1].ino)
            first[ids[i].input] = first[ids[i - 1].input];
    bls_free(ids);
    return first;
}

/* Two inputs that disagree on a figure: a finding at the second one, naming
 * both; checks of that figure come out ambiguous (crosscheck.c). */
static void report_conflicts(run *r)
{
    size_t n = bls_model_conflict_count(r->model);
    for (size_t i = 0; i < n && r->result->status == BLS_OK; i++) {
        const bls_fact_conflict *c = bls_model_conflict_at(r->model, i);
        char a[48] = "", b[48] = "", period[48] = "";
        if (bls_number_format(&c->first_value, a, sizeof a) == 0)
            snprintf(a, sizeof a, "%s", bls_cell_state_describe(c->first_value.state));
        if (bls_number_format(&c->second_value, b, sizeof b) == 0)
            snprintf(b, sizeof b, "%s", bls_cell_state_describe(c->second_value.state));
        (void)bls_period_format(&c->period, period, sizeof period);
        bls_status st = bls_findings_add(
            r->result->findings, c->second_path, c->second_line, 0, BLS_RULE_DATA_CONFLICT,
            "SOC %s %s (%s) is %s here but %s in %s:%llu; checks of it are ambiguous", c->soc_code,
            bls_metric_name(c->metric), period, b, a, c->first_path,
            (unsigned long long)c->first_line);
        if (st != BLS_OK)
            fail(r, st, "out of memory");
    }
}

static void classify_and_read(run *r)
{
    const bls_pipeline_options *o = r->opts;
    bls_pipeline_result *res = r->result;
    r->progress.input_count = o->input_count;
    for (size_t i = 0; o->progress && i < o->input_count; i++) {
        struct stat sb;
        if (stat(o->inputs[i], &sb) == 0 && S_ISREG(sb.st_mode))
            r->progress.bytes_total += (uint64_t)sb.st_size;
    }
    size_t *first_same = first_of_same_files(o);
    if (!first_same) {
        fail(r, BLS_ERR_NOMEM, "out of memory");
        return;
    }
    /* CSVs first (data and claims), documents last: extraction recognises
     * occupation names through the titles the data brought. */
    for (int pass = 0; pass < 2 && res->status == BLS_OK; pass++) {
        for (size_t i = 0; i < o->input_count && res->status == BLS_OK; i++) {
            const char *path = o->inputs[i];
            bls_input_info *info = &res->inputs[i];
            int doc = is_document(path);
            if (doc != pass)
                continue;
            info->path = path;
            struct stat st;
            if (stat(path, &st) != 0) {
                input_error(r, path, 0, BLS_ERR_OPEN, "cannot open: %s", strerror(errno));
                continue;
            }
            if (S_ISDIR(st.st_mode)) {
                input_error(r, path, 0, BLS_ERR_OPEN,
                            "is a directory; give the files in it (e.g. %s/*)", path);
                continue;
            }
            if (!S_ISREG(st.st_mode)) { /* a FIFO would hang the run, a device never ends */
                input_error(r, path, 0, BLS_ERR_OPEN,
                            "is not a regular file (a FIFO, a device or a socket): give a file");
                continue;
            }
            const char *first = first_same[i] != i ? o->inputs[first_same[i]] : NULL;
            if (first) {
                /* one file, two names (or the same name twice): read once,
                 * so that its claims are not counted twice */
                bls_status fst = bls_findings_add(res->findings, path, 0, 0,
                                                  BLS_RULE_INPUT_DUPLICATE,
                                                  "the same file as %s; read once", first);
                if (fst != BLS_OK)
                    fail(r, fst, "out of memory");
                continue;
            }
            if (stop_requested(r)) {
                fail(r, BLS_ERR_INTERRUPTED, "interrupted");
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
            report_conflicts(r);
        }
    }
    bls_free(first_same);
}

static void run_cleanup(run *r)
{
    bls_pdf_job_free(r->pdf_job); /* joins its thread: before the outputs go */
    r->pdf_job = NULL;
    if (r->xlsx) {
        bls_xlsx_free(r->xlsx);
        r->xlsx = NULL;
    }
    bls_outset_free(r->outset); /* discards what was not committed */
    r->outset = NULL;
    bls_checks_cleanup(&r->checks);
    bls_claims_cleanup(&r->claims);
    bls_claims_cleanup(&r->unattributed);
    bls_unchecked_cleanup(&r->not_checked);
    bls_education_cleanup(&r->education);
    bls_model_free(r->model);
    bls_free(r->selected);
    bls_free(r->selected_ptrs);
}

bls_status bls_pipeline_run(const bls_pipeline_options *opts, bls_pipeline_result *result)
{
    if (!result)
        return BLS_ERR_INVALID_ARG;
    memset(result, 0, sizeof *result);
    if (!opts || !opts->input_count) {
        result->status = BLS_ERR_INVALID_ARG;
        result->message = bls_strdup("no input files");
        result->exit_code = 2;
        return result->status;
    }
    run r;
    memset(&r, 0, sizeof r);
    r.opts = opts;
    r.result = result;
    bls_claims_init(&r.claims);
    bls_claims_init(&r.unattributed);
    bls_unchecked_init(&r.not_checked);
    bls_education_init(&r.education);
    result->findings = bls_findings_new(opts->max_findings_kept);
    result->inputs = bls_calloc(opts->input_count, sizeof *result->inputs);
    result->input_count = opts->input_count;
    r.model = bls_model_new();
    const char *out_dir = opts->output_dir ? opts->output_dir : "output";
    r.paths[OUT_XLSX] = join_path(out_dir, "report.xlsx");
    r.paths[OUT_PDF] = join_path(out_dir, "report.pdf");
    r.paths[OUT_JSON] = opts->json_path ? bls_strdup(opts->json_path) : NULL;
    if (!result->findings || !result->inputs || !r.model || !r.paths[OUT_XLSX] ||
        !r.paths[OUT_PDF] || (opts->json_path && !r.paths[OUT_JSON])) {
        fail(&r, BLS_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < opts->input_count; i++)
        result->inputs[i].path = opts->inputs[i];

    if (!opts->extract_only && begin_outputs(&r) != BLS_OK)
        goto done;
    if (opts->write_xlsx && !opts->extract_only) {
        bls_xlsx_options xopts = {.author = opts->author,
                                  .company = opts->company,
                                  .source_date_epoch = opts->source_date_epoch,
                                  .tmpdir = out_dir,
                                  .input_count = opts->input_count,
                                  .compression = opts->xlsx_compression};
        bls_status st = bls_xlsx_open(staged(&r, OUT_XLSX), &xopts, &r.xlsx);
        if (st != BLS_OK) {
            fail(&r, st, "%s: cannot start the workbook: %s", r.paths[OUT_XLSX], bls_strerror(st));
            goto done;
        }
    }
    classify_and_read(&r);
    if (result->status != BLS_OK || result->input_error_count)
        goto done;
    if (r.data_rows_read == 0 && r.claims.count == 0 && !opts->extract_only) {
        fail(&r, BLS_ERR_EMPTY, "no data rows or claims in the inputs");
        goto done;
    }
    if (opts->extract_only) {
        bls_status st = make_claims_csv(&r);
        if (st != BLS_OK)
            fail(&r, st, "the extracted claims: %s", bls_strerror(st));
        goto done;
    }
    locate_documents(&r.claims);
    locate_documents(&r.unattributed);
    drop_duplicate_claims(&r.claims);
    bls_status st = bls_crosscheck(r.model, &r.claims, result->findings, &r.checks);
    if (st == BLS_OK) {
        bls_education_check(r.model, &r.checks, &r.education);
        st = select_occupations(&r);
    }
    if (st == BLS_OK && opts->select_count && r.selected_count == 0) {
        fail(&r, BLS_ERR_INVALID_ARG, "--select matches no occupation in the data");
        goto done;
    }
    if (st == BLS_OK)
        st = make_claim_lines(&r);
    if (st == BLS_OK)
        st = make_ci_items(&r);
    if (st != BLS_OK) {
        fail(&r, st, "%s", bls_strerror(st));
        goto done;
    }
    result->claims_total = r.checks.count;
    memcpy(result->by_verdict, r.checks.by_verdict, sizeof result->by_verdict);
    result->occupations = bls_model_count(r.model);
    render(&r);

done:
    if (result->status == BLS_OK && result->input_error_count) {
        result->status = result->input_errors[0].status;
        bls_free(result->message);
        result->message = bls_strdup("input errors");
    }
    switch (result->status) {
    case BLS_OK: break;
    case BLS_ERR_INTERRUPTED: result->exit_code = 130; break;
    case BLS_ERR_WRITE:
    case BLS_ERR_XLSX:
    case BLS_ERR_PDF:
    case BLS_ERR_JSON: result->exit_code = 3; break;
    case BLS_ERR_NOMEM:
    case BLS_ERR_INVALID_ARG:
    case BLS_ERR_OPEN:
    case BLS_ERR_READ:
    case BLS_ERR_CSV:
    case BLS_ERR_LAYOUT:
    case BLS_ERR_EMPTY:
    case BLS_ERR_FORMAT:
    case BLS_ERR_ENCRYPTED:
    case BLS_ERR_LIMIT: result->exit_code = 2; break;
    }
    /* Output paths stay valid for the CLI's summary: hand them over. */
    if (result->status == BLS_OK) {
        for (size_t i = 0; i < result->output_count; i++)
            for (size_t k = 0; k < OUT_COUNT; k++)
                if (result->outputs[i].path == r.paths[k])
                    r.paths[k] = NULL;
    } else {
        bls_free(result->outputs);
        result->outputs = NULL;
        result->output_count = 0;
    }
    for (size_t k = 0; k < OUT_COUNT; k++)
        bls_free(r.paths[k]);
    run_cleanup(&r);
    return result->status;
}

void bls_pipeline_result_cleanup(bls_pipeline_result *result)
{
    if (!result)
        return;
    bls_findings_free(result->findings);
    for (size_t i = 0; i < result->input_error_count; i++)
        bls_free(result->input_errors[i].message);
    bls_free(result->input_errors);
    for (size_t i = 0; i < result->unread_count; i++) {
        bls_free(result->unread[i].path);
        bls_free(result->unread[i].reason);
    }
    bls_free(result->unread);
    for (size_t i = 0; i < result->sheet_path_count; i++)
        bls_free(result->sheet_paths[i]);
    bls_free(result->sheet_paths);
    bls_free(result->message);
    bls_free(result->json);
    bls_free(result->claims_csv);
    for (size_t i = 0; i < result->claim_line_count; i++)
        bls_free(result->claim_lines[i]);
    bls_free(result->claim_lines);
    bls_free(result->claim_line_verdicts);
    bls_ci_items_cleanup(&result->ci);
    bls_perdoc_result_cleanup(&result->per_document);
    bls_free(result->inputs);
    for (size_t i = 0; i < result->output_count; i++)
        bls_free((char *)result->outputs[i].path);
    bls_free(result->outputs);
    memset(result, 0, sizeof *result);
}
