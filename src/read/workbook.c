/*
 * workbook.c - open a BLS download (.xlsx, .xls, or a .zip of them), list
 * its worksheets and read each one as rows (see workbook.h).
 *
 * Pipeline stage: *reader* for workbooks. This file owns the container: it
 * tells the formats apart by their first bytes, opens zips with libzip, and
 * builds rows from cells for both format readers (xlsx.c, xls.c).
 *
 * A zip is read in place. A workbook inside a zip is inflated into memory
 * under the inflate cap (an .xlsx member is then opened by libzip from that
 * buffer and its sheets stream from there); an .xls is always held whole,
 * because BIFF records point at each other by offset.
 */
#include "blsreport/read/workbook.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/base/textenc.h"
#include "read/workbook_internal.h"

/* ---- small helpers ------------------------------------------------------ */

void wb_message(char **message, const char *fmt, ...)
{
    if (!message)
        return;
    bls_free(*message);
    va_list ap;
    va_start(ap, fmt);
    *message = bls_vasprintf(fmt, ap);
    va_end(ap);
}

void wb_sheet_list_cleanup(wb_sheet_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        bls_free(l->names[i]);
        if (l->targets)
            bls_free(l->targets[i]);
    }
    bls_free(l->names);
    bls_free(l->targets);
    bls_free(l->offsets);
    memset(l, 0, sizeof *l);
}

/* A workbook has at most a few hundred sheets; a file that claims more is
 * hostile. */
#define WB_SHEETS_MAX 4096u

bls_status wb_sheet_list_add(wb_sheet_list *l, const char *name, size_t name_len,
                             const char *target, uint32_t offset)
{
    if (l->count == WB_SHEETS_MAX)
        return BLS_ERR_LIMIT;
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        char **names = bls_realloc(l->names, cap * sizeof *names);
        if (!names)
            return BLS_ERR_NOMEM;
        l->names = names;
        char **targets = bls_realloc(l->targets, cap * sizeof *targets);
        if (!targets)
            return BLS_ERR_NOMEM;
        l->targets = targets;
        uint32_t *offsets = bls_realloc(l->offsets, cap * sizeof *offsets);
        if (!offsets)
            return BLS_ERR_NOMEM;
        l->offsets = offsets;
        l->cap = cap;
    }
    char *n = bls_strndup(name, name_len);
    char *t = target ? bls_strdup(target) : NULL;
    if (!n || (target && !t)) {
        bls_free(n);
        bls_free(t);
        return BLS_ERR_NOMEM;
    }
    l->names[l->count] = n;
    l->targets[l->count] = t;
    l->offsets[l->count] = offset;
    l->count++;
    return BLS_OK;
}

/* ---- numbers ------------------------------------------------------------- */

/* 15 significant digits is DBL_DIG: every decimal of up to 15 digits comes
 * back from the double it was stored as, so this is the shortest text of the
 * number as typed, and binary noise below it (23.400000000000002 for 20.1 +
 * 3.3) goes away, as it does in Excel, which shows 15 digits at most. */
size_t bls_workbook_format_number(double value, char *buf, size_t size)
{
    if (!buf || size == 0)
        return 0;
    int n;
    if (isnan(value))
        n = snprintf(buf, size, "#NUM!");
    else if (isinf(value))
        n = snprintf(buf, size, "%s", value < 0 ? "-#NUM!" : "#NUM!");
    else if (value == 0.0)
        n = snprintf(buf, size, "0");
    else if (fabs(value) < 1e15 && value == floor(value))
        n = snprintf(buf, size, "%" PRId64, (int64_t)value);
    else if (fabs(value) >= 1e-5 && fabs(value) < 1e15) {
        /* %.15g, but never with an exponent in this range: choose the digits
         * after the point from the magnitude. */
        int exp10 = (int)floor(log10(fabs(value)));
        char tmp[64];
        (void)snprintf(tmp, sizeof tmp, "%.15g", value);
        /* re-derive the exponent from the rounded text (9.9999999999999999 -> 10) */
        if (strchr(tmp, 'e')) {
            int decimals = 14 - exp10;
            if (decimals < 0)
                decimals = 0;
            (void)snprintf(tmp, sizeof tmp, "%.*f", decimals, value);
        }
        /* strip trailing zeros of a fraction */
        char *dot = strchr(tmp, '.');
        if (dot) {
            char *end = tmp + strlen(tmp);
            while (end > dot + 1 && end[-1] == '0')
                *--end = '\0';
            if (end == dot + 1)
                *dot = '\0';
        }
        n = snprintf(buf, size, "%s", tmp);
    } else
        n = snprintf(buf, size, "%.15g", value);
    if (n < 0)
        n = 0;
    return (size_t)n < size ? (size_t)n : size - 1;
}

/* Canonical: -?digits(.digits)? with no leading zero (but "0.x"), no
 * trailing fractional zero and at most 15 significant digits. Such text is
 * exactly what bls_workbook_format_number() gives for its value. */
static int number_is_canonical(const char *v, size_t len)
{
    size_t i = 0, sig = 0, int_digits = 0;
    int seen_nonzero = 0;
    if (i < len && v[i] == '-')
        i++;
    size_t start = i;
    while (i < len && v[i] >= '0' && v[i] <= '9') {
        if (v[i] != '0' || seen_nonzero) {
            seen_nonzero = 1;
            sig++;
        }
        int_digits++;
        i++;
    }
    if (int_digits == 0 || (int_digits > 1 && v[start] == '0'))
        return 0;
    if (int_digits > 15)
        return 0;
    if (i < len && v[i] == '.') {
        i++;
        size_t frac = 0;
        while (i < len && v[i] >= '0' && v[i] <= '9') {
            if (v[i] != '0' || seen_nonzero) {
                seen_nonzero = 1;
                sig++;
            }
            frac++;
            i++;
        }
        if (frac == 0 || v[i - 1] == '0')
            return 0;
        /* 0.00001 and smaller print with an exponent: rewrite */
        if (!seen_nonzero || (v[start] == '0' && frac - sig > 4))
            return 0;
    }
    if (i != len || !seen_nonzero)
        return 0; /* "0" and "-0" go the slow way to become "0" */
    return sig <= 15;
}

size_t wb_number_text(const char *v, size_t len, char *buf, size_t size)
{
    if (len < size && number_is_canonical(v, len)) {
        memcpy(buf, v, len);
        buf[len] = '\0';
        return len;
    }
    char tmp[64];
    if (len == 0 || len >= sizeof tmp)
        goto as_text;
    memcpy(tmp, v, len);
    tmp[len] = '\0';
    char *end = NULL;
    errno = 0;
    double d = strtod(tmp, &end);
    if (end != tmp + len || errno == ERANGE)
        goto as_text;
    return bls_workbook_format_number(d, buf, size);
as_text : {
    size_t n = len < size - 1 ? len : size - 1;
    memcpy(buf, v, n);
    buf[n] = '\0';
    return n;
}
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}


/* OOXML writes characters XML cannot hold as _xHHHH_ (a CR is _x000D_). */
size_t wb_unescape_ooxml(char *s, size_t len)
{
    size_t r = 0, w = 0;
    while (r < len) {
        if (r + 7 <= len && s[r] == '_' && s[r + 1] == 'x' && s[r + 6] == '_') {
            int a = hexval(s[r + 2]), b = hexval(s[r + 3]), c = hexval(s[r + 4]),
                d = hexval(s[r + 5]);
            if (a >= 0 && b >= 0 && c >= 0 && d >= 0) {
                unsigned cp = (unsigned)(a << 12 | b << 8 | c << 4 | d);
                if (cp >= 0xD800 && cp <= 0xDFFF)
                    cp = 0xFFFD;
                w += bls_textenc_put_utf8(s + w, cp);
                r += 7;
                continue;
            }
        }
        s[w++] = s[r++];
    }
    s[w] = '\0';
    return w;
}

/* ---- row builder --------------------------------------------------------- */

/* One row's text may hold this much (16,384 columns of 32,767 characters
 * would be 2 GB; BLS rows are a few hundred bytes). */
#define WB_ROW_TEXT_MAX ((size_t)64 * 1024 * 1024)

void wb_rows_init(wb_rows *r, const bls_workbook_options *opts, bls_row_fn on_row, void *ctx)
{
    memset(r, 0, sizeof *r);
    r->on_row = on_row;
    r->ctx = ctx;
    r->stop_flag = opts ? opts->stop_flag : NULL;
    r->field_max = opts && opts->field_max ? opts->field_max : BLS_FIELD_MAX;
    r->fields_max = opts && opts->fields_max ? opts->fields_max : BLS_FIELDS_MAX;
    bls_dynbuf_init(&r->text, WB_ROW_TEXT_MAX);
    bls_dynbuf_init(&r->raw, WB_ROW_TEXT_MAX);
}

void wb_rows_cleanup(wb_rows *r)
{
    bls_dynbuf_cleanup(&r->text);
    bls_dynbuf_cleanup(&r->raw);
    bls_free(r->cells);
    bls_free(r->fields);
    memset(r, 0, sizeof *r);
}

static bls_status add_csv_field(bls_dynbuf *b, const char *s, size_t len)
{
    int quote = 0;
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote)
        return bls_dynbuf_add(b, s, len);
    bls_status st = bls_dynbuf_addc(b, '"');
    for (size_t i = 0; st == BLS_OK && i < len; i++) {
        if (s[i] == '"')
            st = bls_dynbuf_addc(b, '"');
        if (st == BLS_OK)
            st = bls_dynbuf_addc(b, s[i]);
    }
    return st == BLS_OK ? bls_dynbuf_addc(b, '"') : st;
}

static bls_status deliver(wb_rows *r, uint64_t line)
{
    static const char empty[] = "";
    size_t count = 0;
    for (size_t i = 0; i < r->cell_count; i++)
        if (r->cells[i].column + 1u > count)
            count = r->cells[i].column + 1u;
    if (count < r->width)
        count = r->width; /* padded to the used range, as an Excel CSV export is */
    if (count == 0)
        count = 1; /* a blank row: one empty field, as the CSV reader gives */
    if (count > r->field_cap) {
        size_t cap = r->field_cap ? r->field_cap : 32;
        while (cap < count)
            cap *= 2;
        bls_field *grown = bls_realloc(r->fields, cap * sizeof *grown);
        if (!grown)
            return BLS_ERR_NOMEM;
        r->fields = grown;
        r->field_cap = cap;
    }
    for (size_t i = 0; i < count; i++)
        r->fields[i] = (bls_field){empty, 0, 0};
    for (size_t i = 0; i < r->cell_count; i++) {
        const wb_cell *c = &r->cells[i];
        r->fields[c->column] = (bls_field){r->text.data + c->offset, c->len, 0};
    }
    bls_dynbuf_reset(&r->raw);
    bls_status st = BLS_OK;
    for (size_t i = 0; i < count && st == BLS_OK; i++) {
        if (i)
            st = bls_dynbuf_addc(&r->raw, ',');
        if (st == BLS_OK)
            st = add_csv_field(&r->raw, r->fields[i].data, r->fields[i].len);
    }
    if (st != BLS_OK)
        return st;
    bls_row row = {
        .fields = r->fields,
        .count = count,
        .line = line,
        .line_end = line,
        .raw = r->raw.data ? r->raw.data : empty,
        .raw_len = r->raw.len,
        .too_long = r->too_long,
        .too_wide = r->too_wide,
    };
    r->last = line;
    if ((r->stop_flag && *r->stop_flag) || r->on_row(r->ctx, &row)) {
        r->stopped = 1;
        return BLS_ERR_INTERRUPTED;
    }
    return BLS_OK;
}

static void clear_row(wb_rows *r)
{
    bls_dynbuf_reset(&r->text);
    r->cell_count = 0;
    r->too_long = r->too_wide = 0;
}

/* Deliver the row being built and the blank rows up to (not including)
 * `next` (1-based; 0 = only the row being built). */
static bls_status flush_to(wb_rows *r, uint64_t next)
{
    if (r->row) {
        bls_status st = deliver(r, r->row);
        clear_row(r);
        if (st != BLS_OK)
            return st;
    }
    for (uint64_t line = r->last + 1; next && line < next; line++) {
        bls_status st = deliver(r, line);
        if (st != BLS_OK)
            return st;
    }
    return BLS_OK;
}

/* UTF-8 length of at most `max` characters of s. */
static size_t cut_chars(const char *s, size_t len, size_t max)
{
    size_t chars = 0, i = 0;
    while (i < len) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == max)
                return i;
            chars++;
        }
        i++;
    }
    return len;
}

bls_status wb_rows_cell(wb_rows *r, uint64_t row0, uint32_t col0, const char *text, size_t len)
{
    uint64_t line = row0 + 1;
    if (line != r->row) {
        if (line < r->row || line <= r->last)
            return BLS_ERR_FORMAT; /* rows out of order */
        bls_status st = flush_to(r, line);
        if (st != BLS_OK)
            return st;
        r->row = line;
    }
    if (col0 >= r->fields_max) {
        r->too_wide = 1;
        return BLS_OK;
    }
    size_t keep = cut_chars(text, len, r->field_max);
    if (keep < len)
        r->too_long = 1;
    if (r->cell_count == r->cell_cap) {
        size_t cap = r->cell_cap ? r->cell_cap * 2 : 64;
        wb_cell *grown = bls_realloc(r->cells, cap * sizeof *grown);
        if (!grown)
            return BLS_ERR_NOMEM;
        r->cells = grown;
        r->cell_cap = cap;
    }
    size_t offset = r->text.len;
    /* As the CSV reader does: no NUL (a BIFF string may hold U+0000, an
     * xlsx string "_x0000_") and no other C0 control but tab and line
     * breaks reaches a later stage; each becomes U+FFFD. */
    bls_status st = BLS_OK;
    size_t from = 0;
    for (size_t i = 0; i < keep && st == BLS_OK; i++) {
        unsigned char b = (unsigned char)text[i];
        if (b >= 0x20 || b == '\t' || b == '\n' || b == '\r')
            continue;
        st = bls_dynbuf_add(&r->text, text + from, i - from);
        if (st == BLS_OK)
            st = bls_dynbuf_add(&r->text, "\xEF\xBF\xBD", 3);
        from = i + 1;
    }
    if (st == BLS_OK)
        st = bls_dynbuf_add(&r->text, text + from, keep - from);
    if (st == BLS_OK)
        st = bls_dynbuf_addc(&r->text, '\0');
    if (st != BLS_OK)
        return st;
    r->cells[r->cell_count++] = (wb_cell){col0, offset, r->text.len - 1 - offset};
    return BLS_OK;
}

bls_status wb_rows_finish(wb_rows *r)
{
    return flush_to(r, 0);
}

void wb_rows_set_width(wb_rows *r, uint32_t columns)
{
    r->width = columns < r->fields_max ? columns : (uint32_t)r->fields_max;
}

/* ---- cells and periods --------------------------------------------------- */

size_t bls_workbook_cell_name(uint64_t row, uint32_t column, char *buf, size_t size)
{
    char letters[8];
    size_t n = 0;
    for (uint32_t c = column; c > 0 && n < sizeof letters; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    char out[40];
    size_t k = 0;
    while (n > 0)
        out[k++] = letters[--n];
    int w = snprintf(out + k, sizeof out - k, "%" PRIu64, row);
    k += w > 0 ? (size_t)w : 0;
    if (!buf || size == 0)
        return k;
    size_t copy = k < size ? k : size - 1;
    memcpy(buf, out, copy);
    buf[copy] = '\0';
    return copy;
}

/* ---- the container ------------------------------------------------------- */

typedef enum wb_kind { WB_XLSX, WB_XLS } wb_kind;

typedef struct wb_book {
    wb_kind kind;
    char *file;            /* path, or zip member name; owned */
    unsigned char *memory; /* inflated member or .xls bytes; owned */
    size_t memory_len;
    wb_xlsx *xlsx;
    wb_xls *xls;
} wb_book;

typedef struct wb_sheet {
    size_t book, index;
    char *path; /* "<file>:<sheet>"; owned */
} wb_sheet;

struct bls_workbook {
    bls_workbook_options opts;
    wb_book *books;
    size_t book_count;
    wb_sheet *sheets;
    size_t sheet_count;
};

static const wb_sheet_list *book_sheets(const wb_book *b)
{
    return b->kind == WB_XLSX ? wb_xlsx_sheets(b->xlsx) : wb_xls_sheets(b->xls);
}

static int ends_with_ci(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    if (a < b)
        return 0;
    for (size_t i = 0; i < b; i++)
        if (tolower((unsigned char)s[a - b + i]) != suffix[i])
            return 0;
    return 1;
}

static const unsigned char CFB_MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

int bls_workbook_is_workbook_path(const char *path)
{
    if (!path)
        return 0;
    if (ends_with_ci(path, ".xlsx") || ends_with_ci(path, ".xlsm") || ends_with_ci(path, ".xls") ||
        ends_with_ci(path, ".zip"))
        return 1;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    unsigned char head[8] = {0};
    size_t got = fread(head, 1, sizeof head, f);
    (void)fclose(f); /* read-only */
    if (got >= 4 && memcmp(head, "PK\x03\x04", 4) == 0)
        return 1;
    return got == 8 && memcmp(head, CFB_MAGIC, 8) == 0;
}

/* What a file that is neither zip nor OLE2 looks like, for the message. */
static const char *guess_text_kind(const unsigned char *head, size_t n)
{
    if (n == 0)
        return "an empty file";
    size_t printable = 0, commas = 0;
    for (size_t i = 0; i < n; i++) {
        if (head[i] >= 0x20 || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')
            printable++;
        if (head[i] == ',')
            commas++;
    }
    if (printable == n && commas)
        return "CSV text (rename it .csv)";
    if (printable == n)
        return "text";
    return "neither a zip nor an OLE2 compound file";
}

static bls_status read_member(zip_t *zip, zip_uint64_t index, const char *zipname,
                              const char *member, uint64_t cap, unsigned char **out,
                              size_t *out_len, char **message)
{
    zip_stat_t sb;
    zip_stat_init(&sb);
    if (zip_stat_index(zip, index, 0, &sb) != 0) {
        wb_message(message, "%s: %s: cannot read the zip entry", zipname, member);
        return BLS_ERR_FORMAT;
    }
    if ((sb.valid & ZIP_STAT_ENCRYPTION_METHOD) && sb.encryption_method != ZIP_EM_NONE) {
        wb_message(message, "%s: %s is encrypted", zipname, member);
        return BLS_ERR_ENCRYPTED;
    }
    if ((sb.valid & ZIP_STAT_SIZE) && sb.size > cap) {
        wb_message(message, "%s: %s inflates to %" PRIu64 " bytes, over the %" PRIu64 "-byte limit",
                   zipname, member, (uint64_t)sb.size, cap);
        return BLS_ERR_LIMIT;
    }
    size_t want = (sb.valid & ZIP_STAT_SIZE) ? (size_t)sb.size : 0;
    zip_file_t *zf = zip_fopen_index(zip, index, 0);
    if (!zf) {
        wb_message(message, "%s: %s: %s", zipname, member, zip_strerror(zip));
        return BLS_ERR_FORMAT;
    }
    bls_dynbuf b;
    bls_dynbuf_init(&b, (size_t)cap);
    bls_status st = bls_dynbuf_reserve(&b, want && want < cap ? want : 4096);
    while (st == BLS_OK) {
        size_t left = (size_t)cap - b.len;
        if (left == 0) {
            /* at the cap: one more byte means over it */
            char probe;
            zip_int64_t n = zip_fread(zf, &probe, 1);
            st = n > 0 ? BLS_ERR_LIMIT : n < 0 ? BLS_ERR_FORMAT : BLS_OK;
            break;
        }
        size_t chunk = left < 65536 ? left : 65536;
        st = bls_dynbuf_reserve(&b, chunk);
        if (st != BLS_OK)
            break;
        zip_int64_t n = zip_fread(zf, b.data + b.len, chunk);
        if (n < 0)
            st = BLS_ERR_FORMAT;
        else if (n == 0)
            break;
        else
            bls_dynbuf_commit(&b, (size_t)n);
    }
    if (st == BLS_ERR_FORMAT)
        wb_message(message, "%s: %s is damaged or truncated: %s", zipname, member,
                   zip_file_strerror(zf));
    else if (st == BLS_ERR_LIMIT)
        wb_message(message, "%s: %s inflates past the %" PRIu64 "-byte limit (zip bomb?)", zipname,
                   member, cap);
    else if (st == BLS_ERR_NOMEM)
        wb_message(message, "%s: %s: out of memory", zipname, member);
    (void)zip_fclose(zf);
    if (st != BLS_OK) {
        bls_dynbuf_cleanup(&b);
        return st;
    }
    *out_len = b.len;
    *out = (unsigned char *)bls_dynbuf_take(&b);
    if (!*out) {
        *out = bls_malloc(1);
        if (!*out)
            return BLS_ERR_NOMEM;
    }
    return BLS_OK;
}

static bls_status translate_zip_error(int zerr, const char *name, char **message)
{
    switch (zerr) {
    case ZIP_ER_NOENT:
    case ZIP_ER_OPEN:
        wb_message(message, "%s: cannot open: %s", name, strerror(errno));
        return BLS_ERR_OPEN;
    case ZIP_ER_READ:
    case ZIP_ER_SEEK: wb_message(message, "%s: read error", name); return BLS_ERR_READ;
    case ZIP_ER_MEMORY: wb_message(message, "%s: out of memory", name); return BLS_ERR_NOMEM;
    case ZIP_ER_ENCRNOTSUPP:
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
        wb_message(message, "%s: the zip is encrypted", name);
        return BLS_ERR_ENCRYPTED;
    default: {
        zip_error_t e;
        zip_error_init_with_code(&e, zerr);
        wb_message(message, "%s: damaged or truncated zip: %s", name, zip_error_strerror(&e));
        zip_error_fini(&e);
        return BLS_ERR_FORMAT;
    }
    }
}

static bls_status add_book(bls_workbook *wb, wb_book *book, const char *display)
{
    wb_book *books = bls_realloc(wb->books, (wb->book_count + 1) * sizeof *books);
    if (!books)
        return BLS_ERR_NOMEM;
    wb->books = books;
    books[wb->book_count] = *book;
    size_t bi = wb->book_count++;
    memset(book, 0, sizeof *book);
    const wb_sheet_list *l = book_sheets(&wb->books[bi]);
    if (l->count == 0)
        return BLS_OK;
    wb_sheet *sheets = bls_realloc(wb->sheets, (wb->sheet_count + l->count) * sizeof *sheets);
    if (!sheets)
        return BLS_ERR_NOMEM;
    wb->sheets = sheets;
    for (size_t i = 0; i < l->count; i++) {
        char *p = bls_asprintf("%s:%s", display, l->names[i]);
        if (!p)
            return BLS_ERR_NOMEM;
        sheets[wb->sheet_count++] = (wb_sheet){bi, i, p};
    }
    return BLS_OK;
}

static void book_cleanup(wb_book *b)
{
    wb_xlsx_free(b->xlsx);
    wb_xls_free(b->xls);
    bls_free(b->memory);
    bls_free(b->file);
    memset(b, 0, sizeof *b);
}

/* Open the bytes of one workbook (an .xls, or an .xlsx in memory). */
static bls_status open_memory_book(bls_workbook *wb, unsigned char *data, size_t len,
                                   const char *file, const char *display, char **message)
{
    wb_book book = {0};
    book.memory = data;
    book.memory_len = len;
    book.file = bls_strdup(file);
    bls_status st = book.file ? BLS_OK : BLS_ERR_NOMEM;
    if (st == BLS_OK && len >= 8 && memcmp(data, CFB_MAGIC, 8) == 0) {
        if (wb_cfb_is_encrypted_package(data, len)) {
            wb_message(message, "%s: the workbook is encrypted (password-protected)", display);
            st = BLS_ERR_ENCRYPTED;
        } else {
            book.kind = WB_XLS;
            st = wb_xls_open(data, len, display, &wb->opts, &book.xls, message);
        }
    } else if (st == BLS_OK && len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
        zip_error_t zerr;
        zip_error_init(&zerr);
        zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
        zip_t *zip = src ? zip_open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
        if (!zip) {
            if (src)
                zip_source_free(src);
            st = translate_zip_error(zip_error_code_zip(&zerr), display, message);
        } else {
            book.kind = WB_XLSX;
            st = wb_xlsx_open(zip, display, &wb->opts, &book.xlsx, message);
        }
        zip_error_fini(&zerr);
    } else if (st == BLS_OK) {
        wb_message(message, "%s: not a workbook: %s", display,
                   guess_text_kind(data, len < 512 ? len : 512));
        st = BLS_ERR_FORMAT;
    }
    if (st == BLS_OK)
        st = add_book(wb, &book, display);
    book_cleanup(&book);
    return st;
}

static int member_is_workbook(const char *name)
{
    if (strstr(name, "__MACOSX/") == name || strstr(name, "/._") || strncmp(name, "._", 2) == 0)
        return 0; /* resource forks a Mac zip tool adds */
    return ends_with_ci(name, ".xlsx") || ends_with_ci(name, ".xlsm") || ends_with_ci(name, ".xls");
}

static bls_status open_zip_handle(bls_workbook *wb, zip_t *zip, const char *path, char **message);

static bls_status open_zip(bls_workbook *wb, const char *path, char **message)
{
    int zerr = 0;
    zip_t *zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!zip)
        return translate_zip_error(zerr, path, message);
    return open_zip_handle(wb, zip, path, message);
}

/* Takes the zip (closed or handed to the xlsx reader). */
static bls_status open_zip_handle(bls_workbook *wb, zip_t *zip, const char *path, char **message)
{
    /* An .xlsx is a zip with xl/workbook.xml (or another officeDocument). */
    if (zip_name_locate(zip, "[Content_Types].xml", 0) >= 0) {
        wb_book book = {0};
        book.kind = WB_XLSX;
        book.file = bls_strdup(path);
        bls_status st = book.file ? BLS_OK : BLS_ERR_NOMEM;
        if (st == BLS_OK)
            st = wb_xlsx_open(zip, path, &wb->opts, &book.xlsx, message);
        else
            (void)zip_close(zip);
        if (st == BLS_OK)
            st = add_book(wb, &book, path);
        book_cleanup(&book);
        return st;
    }
    /* A zip of workbooks (BLS's oesmYYnat.zip). */
    bls_status st = BLS_OK;
    zip_int64_t n = zip_get_num_entries(zip, 0);
    size_t found = 0;
    for (zip_int64_t i = 0; st == BLS_OK && i < n; i++) {
        const char *member = zip_get_name(zip, (zip_uint64_t)i, 0);
        if (!member || !member_is_workbook(member))
            continue;
        found++;
        unsigned char *data = NULL;
        size_t len = 0;
        st = read_member(zip, (zip_uint64_t)i, path, member, wb->opts.inflate_max, &data, &len,
                         message);
        if (st != BLS_OK)
            break;
        char *display = bls_asprintf("%s:%s", path, member);
        if (!display) {
            bls_free(data);
            st = BLS_ERR_NOMEM;
            break;
        }
        st = open_memory_book(wb, data, len, member, display, message);
        bls_free(display);
    }
    (void)zip_close(zip); /* read-only: nothing to write back */
    if (st == BLS_OK && found == 0) {
        wb_message(message, "%s: the zip holds no .xlsx or .xls workbook", path);
        st = BLS_ERR_EMPTY;
    }
    return st;
}

/* The start of both opens: an empty workbook with the options and the
 * default inflate cap; NULL when memory ran out. */
static bls_workbook *new_workbook(const bls_workbook_options *opts)
{
    bls_workbook *wb = bls_calloc(1, sizeof *wb);
    if (!wb)
        return NULL;
    if (opts)
        wb->opts = *opts;
    if (!wb->opts.inflate_max)
        wb->opts.inflate_max = BLS_WORKBOOK_INFLATE_MAX;
    return wb;
}

/* The end of both opens: the workbook to the caller, or freed with a
 * message that names the file. */
static bls_status finish_open(bls_workbook *wb, bls_status st, const char *name, char **message,
                              bls_workbook **out)
{
    if (st != BLS_OK) {
        if (st == BLS_ERR_NOMEM && message && !*message)
            wb_message(message, "%s: out of memory", name);
        bls_workbook_free(wb);
        return st;
    }
    *out = wb;
    return BLS_OK;
}

bls_status bls_workbook_open_buffer(const void *data, size_t len, const char *name,
                                    const bls_workbook_options *opts, bls_workbook **out,
                                    char **message)
{
    if (message)
        *message = NULL;
    if (!data || !name || !out)
        return BLS_ERR_INVALID_ARG;
    *out = NULL;
    bls_workbook *wb = new_workbook(opts);
    if (!wb)
        return BLS_ERR_NOMEM;
    bls_status st;
    const unsigned char *bytes = data;
    if (len >= 4 && memcmp(bytes, "PK\x03\x04", 4) == 0) {
        zip_error_t zerr;
        zip_error_init(&zerr);
        zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
        zip_t *zip = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr) : NULL;
        if (!zip) {
            if (src)
                zip_source_free(src);
            st = translate_zip_error(zip_error_code_zip(&zerr), name, message);
        } else {
            st = open_zip_handle(wb, zip, name, message);
        }
        zip_error_fini(&zerr);
    } else if (len > wb->opts.inflate_max) {
        wb_message(message, "%s: larger than the workbook size limit", name);
        st = BLS_ERR_LIMIT;
    } else {
        /* an .xls is held by the handle: copy it */
        unsigned char *copy = bls_malloc(len ? len : 1);
        if (copy) {
            memcpy(copy, data, len);
            st = open_memory_book(wb, copy, len, name, name, message);
        } else {
            st = BLS_ERR_NOMEM;
        }
    }
    return finish_open(wb, st, name, message, out);
}

bls_status bls_workbook_open(const char *path, const bls_workbook_options *opts, bls_workbook **out,
                             char **message)
{
    if (message)
        *message = NULL;
    if (!path || !out)
        return BLS_ERR_INVALID_ARG;
    *out = NULL;
    bls_workbook *wb = new_workbook(opts);
    if (!wb)
        return BLS_ERR_NOMEM;

    bls_status st = BLS_OK;
    FILE *f = fopen(path, "rb");
    if (!f) {
        wb_message(message, "%s: cannot open: %s", path, strerror(errno));
        bls_workbook_free(wb);
        return BLS_ERR_OPEN;
    }
    unsigned char head[512];
    size_t got = fread(head, 1, sizeof head, f);
    if (got >= 4 && memcmp(head, "PK\x03\x04", 4) == 0) {
        (void)fclose(f); /* read-only */
        st = open_zip(wb, path, message);
    } else if (got >= 8 && memcmp(head, CFB_MAGIC, 8) == 0) {
        /* An .xls (or an encrypted .xlsx): held whole, under the cap. */
        bls_dynbuf b;
        bls_dynbuf_init(&b, (size_t)wb->opts.inflate_max);
        st = bls_dynbuf_add(&b, head, got);
        for (size_t n = 1; st == BLS_OK && n > 0;)
            st = bls_dynbuf_read(&b, f, 1 << 16, &n);
        int err = ferror(f);
        (void)fclose(f); /* read-only */
        if (st == BLS_OK && err)
            st = BLS_ERR_READ;
        if (st != BLS_OK) {
            wb_message(message, "%s: %s", path,
                       st == BLS_ERR_LIMIT ? "larger than the workbook size limit"
                                           : bls_strerror(st));
            bls_dynbuf_cleanup(&b);
        } else {
            size_t len = b.len;
            unsigned char *data = (unsigned char *)bls_dynbuf_take(&b);
            st = data ? open_memory_book(wb, data, len, path, path, message) : BLS_ERR_NOMEM;
        }
    } else {
        int err = ferror(f);
        (void)fclose(f); /* read-only */
        if (err) {
            wb_message(message, "%s: read error", path);
            st = BLS_ERR_READ;
        } else {
            wb_message(message, "%s: not a workbook: %s", path, guess_text_kind(head, got));
            st = BLS_ERR_FORMAT;
        }
    }
    return finish_open(wb, st, path, message, out);
}

void bls_workbook_free(bls_workbook *wb)
{
    if (!wb)
        return;
    for (size_t i = 0; i < wb->book_count; i++)
        book_cleanup(&wb->books[i]);
    for (size_t i = 0; i < wb->sheet_count; i++)
        bls_free(wb->sheets[i].path);
    bls_free(wb->books);
    bls_free(wb->sheets);
    bls_free(wb);
}

size_t bls_workbook_sheet_count(const bls_workbook *wb)
{
    return wb ? wb->sheet_count : 0;
}

const char *bls_workbook_sheet_name(const bls_workbook *wb, size_t sheet)
{
    if (!wb || sheet >= wb->sheet_count)
        return NULL;
    const wb_sheet *s = &wb->sheets[sheet];
    return book_sheets(&wb->books[s->book])->names[s->index];
}

const char *bls_workbook_sheet_path(const bls_workbook *wb, size_t sheet)
{
    return wb && sheet < wb->sheet_count ? wb->sheets[sheet].path : NULL;
}

const char *bls_workbook_sheet_file(const bls_workbook *wb, size_t sheet)
{
    return wb && sheet < wb->sheet_count ? wb->books[wb->sheets[sheet].book].file : NULL;
}

bls_status bls_workbook_read_sheet(bls_workbook *wb, size_t sheet, bls_row_fn on_row, void *ctx,
                                   char **message)
{
    if (message)
        *message = NULL;
    if (!wb || !on_row || sheet >= wb->sheet_count)
        return BLS_ERR_INVALID_ARG;
    const wb_sheet *s = &wb->sheets[sheet];
    wb_book *b = &wb->books[s->book];
    wb_rows rows;
    wb_rows_init(&rows, &wb->opts, on_row, ctx);
    bls_status st = b->kind == WB_XLSX ? wb_xlsx_read_sheet(b->xlsx, s->index, &rows, message)
                                       : wb_xls_read_sheet(b->xls, s->index, &rows, message);
    if (st == BLS_OK)
        st = wb_rows_finish(&rows);
    if (rows.stopped)
        st = BLS_ERR_INTERRUPTED;
    if (st != BLS_OK && st != BLS_ERR_INTERRUPTED && message && !*message)
        wb_message(message, "%s: %s", s->path,
                   st == BLS_ERR_FORMAT ? "damaged sheet (cells out of order or cut off)"
                                        : bls_strerror(st));
    wb_rows_cleanup(&rows);
    return st;
}
