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
#include "blsreport/reader.h"

#include "blsreport/alloc.h"
#include "blsreport/dynbuf.h"

#include <csv.h>
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
#define REPLACEMENT_CODEPOINT 0xFFFDu

/* Windows-1252 bytes 0x80-0x9F; the five bytes cp1252 leaves undefined map to
 * U+FFFD. Bytes 0xA0-0xFF are Latin-1 and map to themselves. */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

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

static size_t put_utf8(char *out, unsigned codepoint)
{
    if (codepoint < 0x80) {
        out[0] = (char)codepoint;
        return 1;
    }
    if (codepoint < 0x800) {
        out[0] = (char)(0xC0 | (codepoint >> 6));
        out[1] = (char)(0x80 | (codepoint & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (codepoint >> 12));
    out[1] = (char)(0x80 | ((codepoint >> 6) & 0x3F));
    out[2] = (char)(0x80 | (codepoint & 0x3F));
    return 3;
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
static int is_valid_utf8(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        /* ASCII fast path, eight bytes at a time. */
        uint64_t word;
        while (len - i >= sizeof word) {
            memcpy(&word, s + i, sizeof word);
            if (word & UINT64_C(0x8080808080808080))
                break;
            i += sizeof word;
        }
        if (i == len)
            break;
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else {
            return 0;
        }
        if (len - i <= need)
            return 0;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return 0;
        for (size_t k = 2; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        }
        i += need + 1;
    }
    return 1;
}

/* Windows-1252 to UTF-8 into r->transcoded; counts the undefined bytes. */
static bls_status transcode_cp1252(reader *r, const char *text, size_t len, size_t *undefined)
{
    bls_dynbuf_reset(&r->transcoded);
    if (len > (SIZE_MAX - 1) / 3)
        return BLS_ERR_LIMIT;
    bls_status st = bls_dynbuf_reserve(&r->transcoded, len * 3);
    if (st != BLS_OK)
        return st;
    char *out = r->transcoded.data;
    size_t n = 0;
    *undefined = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        unsigned codepoint = c;
        if (c >= 0x80 && c <= 0x9F)
            codepoint = cp1252_high[c - 0x80];
        if (codepoint == REPLACEMENT_CODEPOINT)
            (*undefined)++;
        n += put_utf8(out + n, codepoint);
    }
    bls_dynbuf_commit(&r->transcoded, n);
    return BLS_OK;
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
    if (r->on_row != NULL && r->on_row(r->ctx, &row) != 0)
        r->stop_requested = 1;
    reset_row(r);
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
    if (!is_valid_utf8((const unsigned char *)text, len)) {
        size_t undefined = 0;
        st = transcode_cp1252(r, text, len, &undefined);
        if (st != BLS_OK)
            return st;
        text = r->transcoded.data;
        len = r->transcoded.len;
        if (r->findings != NULL) {
            st = bls_findings_add(r->findings, r->path, line_no, 0, BLS_RULE_ENCODING_CP1252,
                                  "line is not UTF-8; read as Windows-1252");
            if (st == BLS_OK && undefined > 0)
                st = bls_findings_add(r->findings, r->path, line_no, 0, BLS_RULE_ENCODING_INVALID,
                                      "%zu byte(s) undefined in Windows-1252 replaced with U+FFFD",
                                      undefined);
            if (st != BLS_OK)
                return st;
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
        st = feed_line(r, data + pos, end - pos, data + end, term_len, ++r->line_no);
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
    if (opts != NULL) {
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
    if (st == BLS_OK && r->failure != BLS_OK)
        st = r->failure;
    if (st == BLS_OK && reader_should_stop(r))
        st = BLS_ERR_INTERRUPTED;
    return st;
}

bls_status bls_reader_read_buffer(const char *data, size_t len, const char *path,
                                  const bls_reader_options *opts, bls_findings *findings,
                                  bls_row_fn on_row, void *ctx)
{
    if (data == NULL && len > 0)
        return BLS_ERR_INVALID_ARG;
    if (opts != NULL && opts->bytes_max > 0 && len > opts->bytes_max)
        return BLS_ERR_LIMIT;
    reader r;
    bls_status st = reader_init(&r, path, opts, findings, on_row, ctx);
    if (st == BLS_OK) {
        size_t consumed = 0;
        st = feed_lines(&r, data != NULL ? data : "", len, 1, &consumed);
        st = reader_finish(&r, st);
    }
    reader_cleanup(&r);
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
    bls_dynbuf chunk; /* an unfinished line and the next chunk */
    bls_dynbuf_init(&chunk, READER_LINE_BYTES_MAX + 2 * READER_CHUNK_SIZE);
    uint64_t total = 0;
    int at_eof = 0;
    while (st == BLS_OK && !at_eof && !reader_should_stop(&r)) {
        size_t got;
        st = bls_dynbuf_read(&chunk, stream, READER_CHUNK_SIZE, &got);
        if (st != BLS_OK)
            break;
        at_eof = got == 0;
        total += got;
        if (bytes_max > 0 && total > bytes_max) {
            st = BLS_ERR_LIMIT;
            break;
        }
        size_t consumed = 0;
        st = feed_lines(&r, chunk.data, chunk.len, at_eof, &consumed);
        bls_dynbuf_consume(&chunk, consumed);
    }
    if (r.parser_ready)
        st = reader_finish(&r, st);
    bls_dynbuf_cleanup(&chunk);
    reader_cleanup(&r);
    return st;
}
