/*
 * reader.c - streaming CSV reader on top of libcsv.
 *
 * Pipeline stage: *reader* -> layout -> cells -> validate -> model.
 *
 * How it works. The input is split into physical lines here (CR, LF and CRLF
 * all end a line), so that every row knows the lines it came from and its
 * original text. Each line is checked for UTF-8 (and transcoded from
 * Windows-1252 when it is not), appended to the text of the row being built,
 * and fed to libcsv followed by a single '\n'. libcsv's field callback copies
 * the field (its pointer is borrowed) into one growing buffer per row, cutting
 * it at the field limit and replacing control characters; the row callback
 * hands the row to the caller. Because libcsv only ends a row at a line end,
 * a row's raw text is exactly the lines fed since the previous row ended.
 *
 * Buffers are reused from row to row: no allocation per cell. Every buffer
 * has a limit:
 *   - a physical line may hold READER_LINE_BYTES_MAX bytes (else BLS_ERR_LIMIT);
 *   - a quoted field may run over at most READER_ROW_LINES_MAX lines and
 *     READER_ROW_BYTES_MAX bytes. Beyond that the quote is taken to be a stray
 *     one: a BLS_RULE_CSV_QUOTE finding is added, the first line is delivered
 *     as a row on its own, and the following lines are read again as rows.
 *     This keeps one stray quote from swallowing the rest of a file;
 *   - fields are cut at field_max characters and rows at fields_max fields.
 */
#include "blsreport/read/reader.h"

#include "blsreport/base/alloc.h"
#include "blsreport/base/dynbuf.h"
#include "blsreport/base/textenc.h"

#include <ctype.h>
#include <csv.h>
#include <stdio.h>
#include <string.h>

#define READER_CHUNK_SIZE ((size_t)64 * 1024)
#define READER_LINE_BYTES_MAX ((size_t)16 * 1024 * 1024)
#define READER_ROW_BYTES_MAX ((size_t)16 * 1024 * 1024)
#define READER_ROW_LINES_MAX 100u
/* A row's text: up to the row limit plus the line that passed it, with the
 * line ends in between. */
#define READER_ROW_TEXT_MAX                                                                        \
    (READER_ROW_BYTES_MAX + READER_LINE_BYTES_MAX + 2 * (size_t)READER_ROW_LINES_MAX)
#define LIBCSV_BLOCK_SIZE 4096u

/* U+FFFD REPLACEMENT CHARACTER in UTF-8. */
static const char replacement_utf8[3] = {'\xEF', '\xBF', '\xBD'};

/* The delimiter is sniffed from this many records at most, within the
 * first READER_SNIFF_BYTES of (UTF-8) text. */
#define READER_SNIFF_RECORDS 30u
#define READER_SNIFF_BYTES ((size_t)64 * 1024)

typedef struct field_slot {
    size_t offset, len;
    int quoted;
} field_slot;

/* One physical line of the row being built: where it sits in `raw`. */
typedef struct line_span {
    size_t offset, len;
    uint64_t line;
    char terminator[2]; /* the line end as read; term_len 0 at end of input */
    size_t term_len;
} line_span;

typedef struct reader {
    struct csv_parser parser;
    int parser_ready;

    const char *path;
    bls_findings *findings;
    size_t field_max, fields_max;
    volatile const int *stop_flag;
    bls_row_fn on_row;
    void *ctx;

    bls_status failure; /* first error met inside a libcsv callback */
    int stop_requested; /* the row callback asked to stop */

    /* fields of the row being built */
    bls_dynbuf field_bytes;
    field_slot *slots;
    bls_field *fields;
    size_t field_count, slot_cap;
    int row_too_long, row_too_wide;
    int row_too_long_reported;
    int strip_final_newline; /* set while flushing an unterminated quote */

    /* text of the row being built and the lines it spans */
    bls_dynbuf raw;
    line_span pending[READER_ROW_LINES_MAX];
    size_t pending_count;

    bls_dynbuf transcoded;
    uint64_t line_no;

    /* what the bytes are: decided once per file (see textenc.h) */
    char delimiter;           /* 0 until sniffed from the first records */
    bls_text_encoding wide;   /* BLS_ENC_UTF8, or the UTF-16/32 the input was */
    bls_text_encoding legacy; /* BLS_ENC_UTF8 until the first line that is not UTF-8 */
    const char *window;       /* the text from the line being fed to the end of */
    size_t window_len;        /* what is buffered: the legacy guess's sample */
    uint64_t legacy_lines, legacy_first_line, legacy_last_line;
    uint64_t undefined_bytes, undefined_first_line;
    size_t wide_invalid; /* UTF-16/32 units replaced with U+FFFD */
    int line_is_utf8;    /* feed_lines() has checked the line it feeds */
    bls_reader_info *info;
} reader;

static bls_status append_line(reader *r, const char *text, size_t len, const char *term,
                              size_t term_len, uint64_t line_no);

/* ---- small helpers ------------------------------------------------------ */

static void fail(reader *r, bls_status st)
{
    if (r->failure == BLS_OK)
        r->failure = st;
}

static int reader_should_stop(const reader *r)
{
    return r->failure != BLS_OK || r->stop_requested ||
           (r->stop_flag != NULL && *r->stop_flag != 0);
}

static uint64_t row_first_line(const reader *r)
{
    return r->pending_count > 0 ? r->pending[0].line : r->line_no;
}

/* Only spaces and tabs: libcsv reads no row from such a line. */
static int is_blank_line(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (text[i] != ' ' && text[i] != '\t')
            return 0;
    }
    return 1;
}

static void reset_row(reader *r)
{
    r->field_count = 0;
    bls_dynbuf_reset(&r->field_bytes);
    r->row_too_long = 0;
    r->row_too_long_reported = 0;
    r->row_too_wide = 0;
    bls_dynbuf_reset(&r->raw);
    r->pending_count = 0;
}

/* ---- libcsv callbacks ---------------------------------------------------- */

static bls_status reserve_slot(reader *r)
{
    if (r->field_count < r->slot_cap)
        return BLS_OK;
    size_t cap = r->slot_cap ? r->slot_cap * 2 : 32;
    if (cap > r->fields_max)
        cap = r->fields_max;
    field_slot *slots = bls_realloc(r->slots, cap * sizeof *slots);
    if (slots == NULL)
        return BLS_ERR_NOMEM;
    r->slots = slots;
    bls_field *fields = bls_realloc(r->fields, cap * sizeof *fields);
    if (fields == NULL)
        return BLS_ERR_NOMEM;
    r->fields = fields;
    r->slot_cap = cap;
    return BLS_OK;
}

/*
 * Copy one field out of libcsv's buffer: control characters other than TAB
 * and LF become U+FFFD, and the copy stops before the (field_max+1)-th
 * character (never inside a UTF-8 sequence).
 */
static void on_csv_field(void *text, size_t len, void *data)
{
    reader *r = data;
    if (r->failure != BLS_OK || r->stop_requested)
        return;
    if (r->field_count >= r->fields_max) {
        r->row_too_wide = 1;
        return;
    }
    bls_status st = reserve_slot(r);
    if (st != BLS_OK) {
        fail(r, st);
        return;
    }
    const unsigned char *in = text;
    if (in == NULL)
        len = 0;
    if (r->strip_final_newline && len > 0 && in[len - 1] == '\n')
        len--;

    /* Output is at most 3 bytes per input byte and 4 per kept character. */
    size_t bound = len <= r->field_max ? len * 3 : r->field_max * 4;
    st = bls_dynbuf_reserve(&r->field_bytes, bound + 1);
    if (st != BLS_OK) {
        fail(r, st);
        return;
    }
    char *out = r->field_bytes.data + r->field_bytes.len;
    size_t n = 0, chars = 0;
    int controls = 0, cut = 0;
    size_t i = 0;
    if (len > 0 && len <= r->field_max) {
        /* Fast path: no cut is possible; copy up to the first control. */
        while (i < len && (in[i] >= 0x20 || in[i] == '\t' || in[i] == '\n'))
            i++;
        memcpy(out, in, i);
        n = i;
        chars = 0; /* the limit cannot be reached: characters <= bytes <= field_max */
    }
    for (; i < len; i++) {
        unsigned char c = in[i];
        int starts_char = (c & 0xC0) != 0x80;
        if (starts_char) {
            if (chars == r->field_max) {
                cut = 1;
                break;
            }
            chars++;
        }
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            memcpy(out + n, replacement_utf8, sizeof replacement_utf8);
            n += sizeof replacement_utf8;
            controls++;
        } else {
            out[n++] = (char)c;
        }
    }
    out[n] = '\0';

    size_t index = r->field_count++;
    r->slots[index].offset = r->field_bytes.len;
    r->slots[index].len = n;
    /* libcsv clears `quoted` only after this callback returns. */
    r->slots[index].quoted = r->parser.quoted != 0;
    bls_dynbuf_commit(&r->field_bytes, n + 1); /* the field and its NUL */

    if (cut)
        r->row_too_long = 1;
    if (r->findings == NULL)
        return;
    if (controls > 0) {
        st = bls_findings_add(r->findings, r->path, row_first_line(r), (uint32_t)(index + 1),
                              BLS_RULE_CONTROL_CHAR, "%d control character(s) replaced with U+FFFD",
                              controls);
        if (st != BLS_OK)
            fail(r, st);
    }
    if (cut && !r->row_too_long_reported) {
        r->row_too_long_reported = 1;
        st = bls_findings_add(
            r->findings, r->path, row_first_line(r), (uint32_t)(index + 1), BLS_RULE_FIELD_TOO_LONG,
            "field is longer than %zu characters; cut at the limit", r->field_max);
        if (st != BLS_OK)
            fail(r, st);
    }
}

/* A line of an article, not of a table: one field, or a few fields (the
 * commas of a sentence) holding words. */
static int row_reads_as_prose(const bls_row *row)
{
    if (row->count == 1)
        return 1;
    size_t filled = 0, spaces = 0;
    for (size_t i = 0; i < row->count; i++)
        filled += row->fields[i].len > 0;
    for (size_t i = 0; i < row->raw_len; i++)
        spaces += row->raw[i] == ' ';
    return filled <= 4 && spaces >= 6;
}

static void on_csv_row(int terminator, void *data)
{
    (void)terminator;
    reader *r = data;
    if (r->failure != BLS_OK || r->stop_requested) {
        reset_row(r);
        return;
    }
    if (r->field_count == 0) /* never left empty: a row has at least one field */
        on_csv_field(NULL, 0, r);
    if (r->failure != BLS_OK) {
        reset_row(r);
        return;
    }
    for (size_t i = 0; i < r->field_count; i++) {
        r->fields[i].data = r->field_bytes.data + r->slots[i].offset;
        r->fields[i].len = r->slots[i].len;
        r->fields[i].quoted = r->slots[i].quoted;
    }
    bls_row row;
    row.fields = r->fields;
    row.count = r->field_count;
    row.line = row_first_line(r);
    row.line_end = r->pending_count > 0 ? r->pending[r->pending_count - 1].line : r->line_no;
    row.raw = r->raw.data != NULL ? r->raw.data : "";
    row.raw_len = r->raw.len;
    row.too_long = r->row_too_long;
    row.too_wide = r->row_too_wide;
    if (r->info != NULL) { /* kept current: a caller may give up before the end */
        r->info->encoding = r->legacy_lines > 0 ? r->legacy : r->wide;
        r->info->delimiter = r->delimiter;
        if (r->info->delimiter == 0)
            r->info->delimiter = ',';
        r->info->legacy_lines = r->legacy_lines;
        if (!(row.count == 1 && r->fields[0].len == 0)) {
            r->info->rows++;
            r->info->rows_prose += row_reads_as_prose(&row);
        }
    }
    if (r->on_row != NULL && r->on_row(r->ctx, &row) != 0)
        r->stop_requested = 1;
    reset_row(r);
}

/* ---- what the bytes are ---------------------------------------------------- */

/* libcsv trims spaces and tabs around unquoted fields by default; in a
 * tab-separated file only spaces may be trimmed. */
static int is_space_only(unsigned char c)
{
    return c == ' ';
}

static void set_delimiter(reader *r, char delimiter)
{
    r->delimiter = delimiter;
    csv_set_delim(&r->parser, (unsigned char)delimiter);
    if (delimiter == '\t')
        csv_set_space_func(&r->parser, is_space_only);
}

/*
 * The field separator, from the first records of the text: ',' unless tabs
 * or semicolons are plainly the separator. A header is the widest record,
 * so for each of '\t' and ';' the first record with the most of them
 * (outside quotes) is taken as the header: the candidate wins when that
 * record has more of it than commas, and at least half of the records that
 * hold any separator hold it (a title row "Wages; 2014" of a comma file is
 * one record, not half). Tabs win a tie with semicolons.
 */
static char sniff_delimiter(const char *data, size_t len)
{
    enum { COMMA, TAB, SEMICOLON, KINDS };
    static const char separators[KINDS] = {',', '\t', ';'};
    size_t counts[READER_SNIFF_RECORDS][KINDS];
    size_t records = 0, pos = 0;
    if (len > READER_SNIFF_BYTES)
        len = READER_SNIFF_BYTES;
    int quoted = 0;
    memset(counts, 0, sizeof counts);
    while (pos < len && records < READER_SNIFF_RECORDS) {
        char c = data[pos++];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            records +=
                counts[records][COMMA] + counts[records][TAB] + counts[records][SEMICOLON] > 0;
        else if (!quoted)
            for (int k = 0; k < KINDS; k++)
                counts[records][k] += c == separators[k];
    }
    if (records < READER_SNIFF_RECORDS &&
        counts[records][COMMA] + counts[records][TAB] + counts[records][SEMICOLON] > 0)
        records++; /* the last record, cut by the end of the sample */
    char best = ',';
    size_t best_width = 0;
    for (int k = TAB; k < KINDS; k++) {
        size_t widest = 0, header = 0, holding = 0;
        for (size_t i = 0; i < records; i++) {
            holding += counts[i][k] > 0;
            if (counts[i][k] > widest) {
                widest = counts[i][k];
                header = i;
            }
        }
        if (widest > 0 && counts[header][k] > counts[header][COMMA] && holding * 2 >= records &&
            widest > best_width) {
            best = separators[k];
            best_width = widest;
        }
    }
    return best;
}

/* One finding per file for each kind of encoding trouble, at its first line. */
static bls_status report_encoding(reader *r)
{
    if (r->findings == NULL)
        return BLS_OK;
    bls_status st = BLS_OK;
    const char *name = bls_text_encoding_name(r->legacy);
    if (r->legacy_lines > 0)
        st = bls_findings_add(
            r->findings, r->path, r->legacy_first_line, 0,
            r->legacy == BLS_ENC_MACROMAN ? BLS_RULE_ENCODING_MACROMAN : BLS_RULE_ENCODING_CP1252,
            "%llu line(s) not UTF-8, read as %s; the first is line %llu",
            (unsigned long long)r->legacy_lines, name, (unsigned long long)r->legacy_first_line);
    if (st == BLS_OK && r->undefined_bytes > 0)
        st = bls_findings_add(r->findings, r->path, r->undefined_first_line, 0,
                              BLS_RULE_ENCODING_INVALID,
                              "%llu byte(s) undefined in %s replaced with U+FFFD; the first on "
                              "line %llu",
                              (unsigned long long)r->undefined_bytes, name,
                              (unsigned long long)r->undefined_first_line);
    if (st == BLS_OK && r->wide_invalid > 0)
        st = bls_findings_add(r->findings, r->path, 0, 0, BLS_RULE_ENCODING_INVALID,
                              "%zu invalid %s code unit(s) replaced with U+FFFD", r->wide_invalid,
                              bls_text_encoding_name(r->wide));
    return st;
}

/* ---- feeding libcsv ------------------------------------------------------- */

static bls_status translate_csv_error(reader *r)
{
    switch (csv_error(&r->parser)) {
    case CSV_ENOMEM: return BLS_ERR_NOMEM;
    case CSV_ETOOBIG: return BLS_ERR_LIMIT;
    default: return BLS_ERR_CSV;
    }
}

static bls_status parse_bytes(reader *r, const char *bytes, size_t len)
{
    if (len == 0)
        return BLS_OK;
    size_t used = csv_parse(&r->parser, bytes, len, on_csv_field, on_csv_row, r);
    if (r->failure != BLS_OK)
        return r->failure;
    if (used != len)
        return translate_csv_error(r);
    return BLS_OK;
}

/* Hand libcsv the end of input: an open quote is reported, and the partial
 * row is delivered. */
static bls_status flush_open_row(reader *r, const char *why)
{
    if (r->pending_count > 0 && r->findings != NULL) {
        bls_status st =
            bls_findings_add(r->findings, r->path, r->pending[0].line, 0, BLS_RULE_CSV_QUOTE,
                             "quoted field opened on line %llu is not closed %s",
                             (unsigned long long)r->pending[0].line, why);
        if (st != BLS_OK)
            return st;
    }
    r->strip_final_newline = 1;
    int rc = csv_fini(&r->parser, on_csv_field, on_csv_row, r);
    r->strip_final_newline = 0;
    if (r->failure != BLS_OK)
        return r->failure;
    if (rc != 0)
        return translate_csv_error(r);
    reset_row(r); /* nothing was open: keep the state clean */
    return BLS_OK;
}

static int open_row_over_limits(const reader *r)
{
    return r->pending_count > 0 &&
           (r->pending_count >= READER_ROW_LINES_MAX || r->raw.len > READER_ROW_BYTES_MAX);
}

/*
 * A quoted field has run past the limits: treat its quote as stray. The first
 * line is delivered as a row of its own (with a csv-quote finding) and the
 * lines after it are read again from scratch.
 *
 * Reading them again can take a row over the limits once more, but only at
 * the last line: lines 0..count-2 were within the limits, so any row made of
 * lines 1..count-2 is too. The recovery is therefore repeated in a loop, not
 * nested: a nested recovery would hold one replay copy (up to 16 MiB) per
 * level, up to 99 levels deep (a fuzz/lint find).
 */
static bls_status recover_from_stray_quote(reader *r)
{
    bls_status st = BLS_OK;
    while (st == BLS_OK && open_row_over_limits(r) && !reader_should_stop(r)) {
        const char *why =
            r->pending_count >= READER_ROW_LINES_MAX ? "within 100 lines" : "within 16 MiB";
        size_t count = r->pending_count;
        if (count < 2) /* one huge line: nothing to read again */
            return flush_open_row(r, why);

        line_span spans[READER_ROW_LINES_MAX];
        memcpy(spans, r->pending, count * sizeof spans[0]);
        size_t replay_len = r->raw.len;
        char *replay = bls_malloc(replay_len);
        if (replay == NULL)
            return BLS_ERR_NOMEM;
        memcpy(replay, r->raw.data, replay_len);

        /* Forget what libcsv holds, then parse the first line alone. */
        (void)csv_fini(&r->parser, NULL, NULL, NULL);
        reset_row(r);
        r->pending[0] = spans[0];
        r->pending_count = 1;
        st = bls_dynbuf_add(&r->raw, replay + spans[0].offset, spans[0].len);
        if (st == BLS_OK)
            st = parse_bytes(r, r->raw.data, spans[0].len);
        if (st == BLS_OK)
            st = flush_open_row(r, why);
        for (size_t k = 1; st == BLS_OK && k < count && !reader_should_stop(r); k++) {
            st = append_line(r, replay + spans[k].offset, spans[k].len, spans[k].terminator,
                             spans[k].term_len, spans[k].line);
        }
        bls_free(replay);
    }
    return st;
}

/*
 * One physical line: check its encoding, add it to the row being built and
 * feed it to libcsv. `term` is the line end as read (term_len 0 at the end
 * of the input). The row limits are checked by the caller.
 */
static bls_status append_line(reader *r, const char *text, size_t len, const char *term,
                              size_t term_len, uint64_t line_no)
{
    bls_status st;
    if (line_no == 1 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    int utf8 = r->line_is_utf8 || bls_textenc_is_utf8(text, len);
    r->line_is_utf8 = 0;
    if (!utf8) {
        if (r->legacy == BLS_ENC_UTF8) /* the first such line decides for the file */
            r->legacy = r->window == text ? bls_textenc_guess_legacy(r->window, r->window_len)
                                          : bls_textenc_guess_legacy(text, len);
        size_t undefined = 0;
        bls_dynbuf_reset(&r->transcoded);
        st = bls_textenc_decode_legacy(r->legacy, text, len, &r->transcoded, &undefined);
        if (st != BLS_OK)
            return st;
        text = r->transcoded.data;
        len = r->transcoded.len;
        if (line_no > r->legacy_last_line) { /* a replayed line is counted once */
            r->legacy_last_line = line_no;
            if (r->legacy_lines++ == 0)
                r->legacy_first_line = line_no;
            if (undefined > 0 && r->undefined_bytes == 0)
                r->undefined_first_line = line_no;
            r->undefined_bytes += undefined;
        }
    }

    if (r->pending_count == 0 && is_blank_line(text, len)) {
        /* libcsv skips blank lines, but the caller wants to see their line. */
        st = bls_dynbuf_add(&r->raw, text, len);
        if (st != BLS_OK)
            return st;
        r->pending[0].line = line_no;
        r->pending[0].offset = 0;
        r->pending[0].len = len;
        r->pending_count = 1;
        on_csv_row('\n', r);
        return r->failure;
    }

    if (r->pending_count > 0) {
        const line_span *previous = &r->pending[r->pending_count - 1];
        st = bls_dynbuf_add(&r->raw, previous->terminator, previous->term_len);
        if (st != BLS_OK)
            return st;
    }
    if (r->pending_count == READER_ROW_LINES_MAX) /* kept below by the callers; never overrun */
        return BLS_ERR_LIMIT;
    line_span *span = &r->pending[r->pending_count++];
    span->offset = r->raw.len;
    span->len = len;
    span->line = line_no;
    span->term_len = term_len;
    if (term_len > 0)
        memcpy(span->terminator, term, term_len);
    st = bls_dynbuf_add(&r->raw, text, len); /* NUL-terminated, for convenience */
    if (st != BLS_OK)
        return st;

    st = parse_bytes(r, text, len);
    if (st == BLS_OK)
        st = parse_bytes(r, "\n", 1);
    return st;
}

/* One physical line of the input, then the stray-quote recovery if the row
 * it belongs to has gone over the limits. */
static bls_status feed_line(reader *r, const char *text, size_t len, const char *term,
                            size_t term_len, uint64_t line_no)
{
    bls_status st = append_line(r, text, len, term, term_len, line_no);
    if (st == BLS_OK && open_row_over_limits(r))
        st = recover_from_stray_quote(r);
    return st;
}

/*
 * Split data into physical lines and feed the complete ones. Without at_eof
 * the last, unterminated piece (and a CR that might be half of a CRLF) is
 * left for the next call; *consumed says how much was used.
 */
static bls_status feed_lines(reader *r, const char *data, size_t len, int at_eof, size_t *consumed)
{
    size_t pos = 0;
    bls_status st = BLS_OK;
    if (r->delimiter == 0) {
        if (!at_eof && len < READER_SNIFF_BYTES) { /* the same sample as a buffer would give */
            *consumed = 0;
            return BLS_OK;
        }
        set_delimiter(r, sniff_delimiter(data, len));
    }
    while (pos < len) {
        if (reader_should_stop(r))
            break;
        /* memchr is vectorised: find LF, then any earlier CR. */
        const char *lf = memchr(data + pos, '\n', len - pos);
        size_t end = lf != NULL ? (size_t)(lf - data) : len;
        const char *cr = memchr(data + pos, '\r', end - pos);
        if (cr != NULL)
            end = (size_t)(cr - data);
        if (end - pos > READER_LINE_BYTES_MAX) {
            st = BLS_ERR_LIMIT;
            break;
        }
        size_t term_len;
        if (end == len) {
            if (!at_eof)
                break;
            term_len = 0;
        } else if (data[end] == '\r') {
            if (end + 1 == len && !at_eof)
                break;
            term_len = (end + 1 < len && data[end + 1] == '\n') ? 2 : 1;
        } else {
            term_len = 1;
        }
        if (r->legacy == BLS_ENC_UTF8 && !at_eof && len - pos < BLS_TEXTENC_GUESS_BYTES) {
            if (!bls_textenc_is_utf8(data + pos, end - pos))
                break;           /* the legacy guess wants the same sample a buffer would give */
            r->line_is_utf8 = 1; /* checked once, not again in append_line() */
        }
        r->window = data + pos;
        r->window_len = len - pos;
        st = feed_line(r, data + pos, end - pos, data + end, term_len, ++r->line_no);
        r->window = NULL;
        if (st != BLS_OK)
            break;
        pos = end + term_len;
    }
    *consumed = pos;
    return st;
}

/* ---- the reader's life ---------------------------------------------------- */

static bls_status reader_init(reader *r, const char *path, const bls_reader_options *opts,
                              bls_findings *findings, bls_row_fn on_row, void *ctx)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->findings = findings;
    r->on_row = on_row;
    r->ctx = ctx;
    r->field_max = BLS_FIELD_MAX;
    r->fields_max = BLS_FIELDS_MAX;
    r->wide = BLS_ENC_UTF8;
    r->legacy = BLS_ENC_UTF8;
    if (opts != NULL) {
        r->info = opts->info;
        if (r->info != NULL)
            memset(r->info, 0, sizeof *r->info);
        r->delimiter = opts->delimiter;
        if (opts->field_max > 0)
            r->field_max = opts->field_max;
        if (opts->fields_max > 0)
            r->fields_max = opts->fields_max;
        r->stop_flag = opts->stop_flag;
    }
    if (r->field_max > READER_LINE_BYTES_MAX)
        r->field_max = READER_LINE_BYTES_MAX;
    bls_dynbuf_init(&r->raw, READER_ROW_TEXT_MAX);
    bls_dynbuf_init(&r->field_bytes, 4 * READER_ROW_TEXT_MAX);
    bls_dynbuf_init(&r->transcoded, 3 * READER_LINE_BYTES_MAX);
    if (csv_init(&r->parser, CSV_APPEND_NULL) != 0)
        return BLS_ERR_NOMEM;
    csv_set_realloc_func(&r->parser, bls_realloc);
    csv_set_free_func(&r->parser, bls_free);
    csv_set_blk_size(&r->parser, LIBCSV_BLOCK_SIZE);
    /* libcsv trims spaces and tabs around unquoted fields; a tab that
     * separates fields must not be taken for one. */
    if (r->delimiter != 0)
        set_delimiter(r, r->delimiter);
    r->parser_ready = 1;
    return BLS_OK;
}

static void reader_cleanup(reader *r)
{
    if (r->parser_ready)
        csv_free(&r->parser);
    bls_dynbuf_cleanup(&r->field_bytes);
    bls_free(r->slots);
    bls_free(r->fields);
    bls_dynbuf_cleanup(&r->raw);
    bls_dynbuf_cleanup(&r->transcoded);
}

/* The final status once the input is used up or reading stopped early. */
static bls_status reader_finish(reader *r, bls_status st)
{
    if (st == BLS_OK && !reader_should_stop(r))
        st = flush_open_row(r, "before the end of the file");
    if (st == BLS_OK || st == BLS_ERR_INTERRUPTED) {
        bls_status reported = report_encoding(r);
        if (reported != BLS_OK)
            st = reported;
    }
    if (r->info != NULL) {
        r->info->encoding = r->legacy_lines > 0 ? r->legacy : r->wide;
        r->info->delimiter = r->delimiter;
        if (r->info->delimiter == 0)
            r->info->delimiter = ',';
        r->info->legacy_lines = r->legacy_lines;
    }
    if (st == BLS_OK && r->failure != BLS_OK)
        st = r->failure;
    if (st == BLS_OK && reader_should_stop(r))
        st = BLS_ERR_INTERRUPTED;
    return st;
}

/* Most UTF-8 a UTF-16/32 input of @p len bytes decodes to (3 bytes per
 * 2-byte unit), plus a replacement for a cut unit. */
static size_t wide_decoded_max(size_t len)
{
    return len / 2 * 3 + 8;
}

bls_status bls_reader_read_buffer(const char *data, size_t len, const char *path,
                                  const bls_reader_options *opts, bls_findings *findings,
                                  bls_row_fn on_row, void *ctx)
{
    if (data == NULL && len > 0)
        return BLS_ERR_INVALID_ARG;
    if (opts != NULL && opts->bytes_max > 0 && len > opts->bytes_max)
        return BLS_ERR_LIMIT;
    if (data == NULL)
        data = "";
    reader r;
    bls_dynbuf decoded; /* UTF-8 of a UTF-16/32 input */
    bls_dynbuf_init(&decoded, len > SIZE_MAX / 2 ? SIZE_MAX : wide_decoded_max(len));
    bls_status st = reader_init(&r, path, opts, findings, on_row, ctx);
    if (st == BLS_OK) {
        size_t bom = 0;
        r.wide = bls_textenc_sniff(data, len, &bom);
        if (bls_text_encoding_is_wide(r.wide)) {
            size_t used = 0;
            st = bls_textenc_decode_wide(r.wide, data + bom, len - bom, 1, &decoded, &used,
                                         &r.wide_invalid);
            data = decoded.data != NULL ? decoded.data : "";
            len = decoded.len;
        }
        size_t consumed = 0;
        if (st == BLS_OK)
            st = feed_lines(&r, data, len, 1, &consumed);
        st = reader_finish(&r, st);
    }
    reader_cleanup(&r);
    bls_dynbuf_cleanup(&decoded);
    return st;
}

bls_status bls_reader_read_stream(FILE *stream, const char *path, const bls_reader_options *opts,
                                  bls_findings *findings, bls_row_fn on_row, void *ctx)
{
    if (stream == NULL)
        return BLS_ERR_INVALID_ARG;
    uint64_t bytes_max = opts != NULL ? opts->bytes_max : 0;
    reader r;
    bls_status st = reader_init(&r, path, opts, findings, on_row, ctx);
    /* UTF-8 text: an unfinished line, the sample the delimiter or the legacy
     * guess waits for, and the next (decoded) chunk. */
    bls_dynbuf chunk;
    bls_dynbuf_init(&chunk, READER_LINE_BYTES_MAX + 4 * READER_CHUNK_SIZE);
    bls_dynbuf wide; /* bytes of a UTF-16/32 input not decoded yet */
    bls_dynbuf_init(&wide, 2 * READER_CHUNK_SIZE + 8);
    uint64_t total = 0;
    int at_eof = 0, sniffed = 0;
    while (st == BLS_OK && !at_eof && !reader_should_stop(&r)) {
        size_t got;
        st = bls_dynbuf_read(sniffed && bls_text_encoding_is_wide(r.wide) ? &wide : &chunk, stream,
                             READER_CHUNK_SIZE, &got);
        if (st != BLS_OK)
            break;
        at_eof = got == 0;
        total += got;
        if (bytes_max > 0 && total > bytes_max) {
            st = BLS_ERR_LIMIT;
            break;
        }
        if (!sniffed) {
            if (chunk.len < BLS_TEXTENC_SNIFF_BYTES && !at_eof)
                continue;
            size_t bom = 0;
            r.wide = bls_textenc_sniff(chunk.data != NULL ? chunk.data : "", chunk.len, &bom);
            sniffed = 1;
            if (bls_text_encoding_is_wide(r.wide)) {
                st = bls_dynbuf_add(&wide, chunk.data + bom, chunk.len - bom);
                bls_dynbuf_reset(&chunk);
                if (st != BLS_OK)
                    break;
            }
        }
        if (bls_text_encoding_is_wide(r.wide)) {
            size_t used = 0;
            st = bls_textenc_decode_wide(r.wide, wide.data != NULL ? wide.data : "", wide.len,
                                         at_eof, &chunk, &used, &r.wide_invalid);
            if (st != BLS_OK)
                break;
            bls_dynbuf_consume(&wide, used);
        }
        size_t consumed = 0;
        st = feed_lines(&r, chunk.data != NULL ? chunk.data : "", chunk.len, at_eof, &consumed);
        bls_dynbuf_consume(&chunk, consumed);
    }
    if (r.parser_ready)
        st = reader_finish(&r, st);
    bls_dynbuf_cleanup(&chunk);
    bls_dynbuf_cleanup(&wide);
    reader_cleanup(&r);
    return st;
}

const char *bls_reader_info_hint(const bls_reader_info *info, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return "";
    buf[0] = '\0';
    if (info == NULL)
        return buf;
    if (info->rows > 0 && info->rows_prose * 5 >= info->rows * 4) {
        snprintf(buf, size,
                 " (%llu of %llu rows read as prose, not as a table: a document? give it a .txt "
                 "or .md name to check the figures it quotes)",
                 (unsigned long long)info->rows_prose, (unsigned long long)info->rows);
        return buf;
    }
    const char *separated = info->delimiter == '\t'  ? "tab"
                            : info->delimiter == ';' ? "semicolon"
                                                     : "comma";
    snprintf(buf, size, " (read as %s, %s-separated)", bls_text_encoding_name(info->encoding),
             separated);
    return buf;
}
