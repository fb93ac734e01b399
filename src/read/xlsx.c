/*
 * xlsx.c - Office Open XML workbooks: parts read with libzip, XML with
 * expat's SAX interface, in 64 KiB chunks; no part is ever held whole.
 *
 * Pipeline stage: *reader* for .xlsx (workbook.c decides the format).
 *
 * Parts: _rels/.rels names the workbook part (xl/workbook.xml), its .rels
 * names the worksheets and the shared strings; workbook.xml lists the sheets
 * in tab order. The shared strings are loaded once, at open, into one
 * buffer. A worksheet's <sheetData> is read cell by cell into the row
 * builder. Only local names are compared ("x:c" is "c"), so both
 * transitional and strict OOXML are read; expat's namespace processing is
 * left off, because it builds "uri name" for each of a sheet's millions of
 * elements (a third of the time on a 400,000-row sheet).
 *
 * Hostile input: a DOCTYPE or an entity declaration stops the parse (no
 * billion laughs; expat 2.5 also limits amplification itself); every part
 * inflates under the inflate cap; a cell naming a shared string that does
 * not exist is BLS_ERR_FORMAT.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "blsreport/base/alloc.h"
#include "read/workbook_internal.h"

#define CHUNK ((size_t)64 * 1024)
/* Text of one cell as XML may hold it; Excel's limit is 32,767 characters
 * (up to 4 bytes each in UTF-8). Longer text is cut by the row builder. */
#define CELL_TEXT_MAX ((size_t)1024 * 1024)

typedef struct rel {
    char *id, *target;
    int kind; /* 1 worksheet, 2 shared strings, 3 office document */
} rel;

struct wb_xlsx {
    zip_t *zip;
    char *name;
    bls_workbook_options opts;
    wb_sheet_list sheets; /* targets = part names */
    /* shared strings: NUL-terminated texts in one buffer */
    bls_dynbuf sst_text;
    size_t *sst_off;
    size_t *sst_len;
    size_t sst_count, sst_cap;
};

/* ---- one parse: state shared by the handlers ----------------------------- */

typedef enum part_kind { PART_RELS, PART_WORKBOOK, PART_SST, PART_SHEET } part_kind;

typedef struct xparse {
    XML_Parser parser;
    part_kind kind;
    wb_xlsx *x;
    bls_status status;   /* first error in a handler */
    const char *refused; /* why the parse was refused (DTD) */
    /* rels */
    rel *rels;
    size_t rel_count;
    /* workbook: sheet names with their relationship ids */
    char **sheet_names, **sheet_ids;
    size_t sheet_n;
    /* text being collected (shared string, cell value) */
    bls_dynbuf text;
    int collect;
    /* shared strings */
    int in_si, in_rph, in_t;
    /* sheet */
    wb_rows *rows;
    int in_sheetdata, in_c, in_v, in_is;
    uint64_t row;      /* 1-based current row */
    uint32_t next_col; /* 0-based column of the next cell without r= */
    uint32_t col;      /* 0-based column of the current cell */
    char type;         /* 'n' number, 's' shared, 'i' inline/str, 'b', 'e', 'd' */
} xparse;

/* "x:row" -> "row" */
static const char *local(const char *name)
{
    for (const char *p = name; *p; p++)
        if (*p == ':')
            return p + 1;
    return name;
}

static const char *attr(const char **atts, const char *want)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), want) == 0)
            return atts[i + 1];
    return NULL;
}

static void stop(xparse *p, bls_status st)
{
    if (p->status == BLS_OK)
        p->status = st;
    (void)XML_StopParser(p->parser, XML_FALSE);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    xparse *p = ud;
    p->refused = "a DOCTYPE (DTDs and entities are refused)";
    stop(p, BLS_ERR_FORMAT);
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_length, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
    (void)name, (void)is_param, (void)value, (void)value_length, (void)base, (void)sysid,
        (void)pubid, (void)notation;
    xparse *p = ud;
    p->refused = "an entity declaration (refused)";
    stop(p, BLS_ERR_FORMAT);
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    xparse *p = ud;
    if (!p->collect || len <= 0)
        return;
    bls_status st = bls_dynbuf_add(&p->text, s, (size_t)len);
    if (st == BLS_ERR_LIMIT)
        return; /* the row builder cuts long text anyway; keep what fits */
    if (st != BLS_OK)
        stop(p, st);
}

/* ---- rels and workbook ---------------------------------------------------- */

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xparse *p = ud;
    if (strcmp(local(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    if (!id || !type || !target)
        return;
    int kind = ends_with(type, "/worksheet")        ? 1
               : ends_with(type, "/sharedStrings")  ? 2
               : ends_with(type, "/officeDocument") ? 3
                                                    : 0;
    if (!kind)
        return;
    if (p->rel_count >= 65536) {
        stop(p, BLS_ERR_LIMIT);
        return;
    }
    rel *grown = bls_realloc(p->rels, (p->rel_count + 1) * sizeof *grown);
    if (!grown) {
        stop(p, BLS_ERR_NOMEM);
        return;
    }
    p->rels = grown;
    rel *r = &grown[p->rel_count];
    r->id = bls_strdup(id);
    r->target = bls_strdup(target);
    r->kind = kind;
    p->rel_count++;
    if (!r->id || !r->target)
        stop(p, BLS_ERR_NOMEM);
}

static void XMLCALL workbook_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xparse *p = ud;
    if (strcmp(local(name), "sheet") != 0)
        return;
    const char *sheet = attr(atts, "name"), *id = attr(atts, "id");
    if (!sheet || !id)
        return;
    if (p->sheet_n >= 4096) {
        stop(p, BLS_ERR_LIMIT);
        return;
    }
    char **names = bls_realloc(p->sheet_names, (p->sheet_n + 1) * sizeof *names);
    if (!names) {
        stop(p, BLS_ERR_NOMEM);
        return;
    }
    p->sheet_names = names;
    char **ids = bls_realloc(p->sheet_ids, (p->sheet_n + 1) * sizeof *ids);
    if (!ids) {
        stop(p, BLS_ERR_NOMEM);
        return;
    }
    p->sheet_ids = ids;
    names[p->sheet_n] = bls_strdup(sheet);
    ids[p->sheet_n] = bls_strdup(id);
    p->sheet_n++;
    if (!names[p->sheet_n - 1] || !ids[p->sheet_n - 1])
        stop(p, BLS_ERR_NOMEM);
}

/* ---- shared strings ------------------------------------------------------- */

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    xparse *p = ud;
    const char *n = local(name);
    if (strcmp(n, "si") == 0) {
        p->in_si = 1;
        bls_dynbuf_reset(&p->text);
    } else if (strcmp(n, "rPh") == 0) {
        p->in_rph++; /* phonetic guide text is not part of the string */
    } else if (strcmp(n, "t") == 0 && p->in_si && !p->in_rph) {
        p->in_t = 1;
        p->collect = 1;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    xparse *p = ud;
    const char *n = local(name);
    if (strcmp(n, "t") == 0) {
        p->in_t = 0;
        p->collect = 0;
    } else if (strcmp(n, "rPh") == 0) {
        if (p->in_rph)
            p->in_rph--;
    } else if (strcmp(n, "si") == 0 && p->in_si) {
        p->in_si = 0;
        wb_xlsx *x = p->x;
        if (x->sst_count == x->sst_cap) {
            size_t cap = x->sst_cap ? x->sst_cap * 2 : 1024;
            size_t *off = bls_realloc(x->sst_off, cap * sizeof *off);
            if (!off) {
                stop(p, BLS_ERR_NOMEM);
                return;
            }
            x->sst_off = off;
            size_t *len = bls_realloc(x->sst_len, cap * sizeof *len);
            if (!len) {
                stop(p, BLS_ERR_NOMEM);
                return;
            }
            x->sst_len = len;
            x->sst_cap = cap;
        }
        size_t len = p->text.data ? wb_unescape_ooxml(p->text.data, p->text.len) : 0;
        size_t off = x->sst_text.len;
        bls_status st = bls_dynbuf_add(&x->sst_text, p->text.data ? p->text.data : "", len);
        if (st == BLS_OK)
            st = bls_dynbuf_addc(&x->sst_text, '\0');
        if (st != BLS_OK) {
            stop(p, st);
            return;
        }
        x->sst_off[x->sst_count] = off;
        x->sst_len[x->sst_count] = len;
        x->sst_count++;
    }
}

/* ---- worksheet ------------------------------------------------------------ */

/* "P599" -> column 15 (0-based), row 599; either may be absent (0). */
static void parse_ref(const char *r, uint32_t *col1, uint64_t *row)
{
    uint32_t c = 0;
    uint64_t n = 0;
    size_t i = 0;
    for (; r[i] >= 'A' && r[i] <= 'Z' && i < 3; i++)
        c = c * 26 + (uint32_t)(r[i] - 'A' + 1);
    for (; r[i] >= '0' && r[i] <= '9' && n < 100000000u; i++)
        n = n * 10 + (uint64_t)(r[i] - '0');
    *col1 = c;
    *row = n;
}

/* t= of a <c>: 's' shared string, 'i' inline or formula string, 'b', 'e',
 * 'd' (ISO date text), 'n' number (the default). */
static char cell_type(const char *t)
{
    static const struct {
        const char *attr;
        char type;
    } types[] = {{"s", 's'}, {"str", 'i'}, {"inlineStr", 'i'}, {"b", 'b'}, {"e", 'e'}, {"d", 'd'}};
    for (size_t i = 0; t && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(t, types[i].attr) == 0)
            return types[i].type;
    return 'n';
}

/* Before <sheetData>: <dimension ref="A1:T1396"/> is the used range; its
 * last column is the width rows are padded to. */
static void start_before_data(xparse *p, const char *n, const XML_Char **atts)
{
    if (strcmp(n, "sheetData") == 0) {
        p->in_sheetdata = 1;
    } else if (strcmp(n, "dimension") == 0) {
        const char *ref = attr(atts, "ref");
        const char *last = ref ? strchr(ref, ':') : NULL;
        uint32_t col1 = 0;
        uint64_t row = 0;
        if (ref)
            parse_ref(last ? last + 1 : ref, &col1, &row);
        wb_rows_set_width(p->rows, col1);
    }
}

static void start_row(xparse *p, const XML_Char **atts)
{
    const char *r = attr(atts, "r");
    uint32_t c;
    uint64_t row = 0;
    if (r)
        parse_ref(r, &c, &row);
    p->row = row ? row : p->row + 1;
    p->next_col = 0;
}

static void start_cell(xparse *p, const XML_Char **atts)
{
    const char *r = attr(atts, "r"), *t = attr(atts, "t");
    uint32_t col1 = 0;
    uint64_t row = 0;
    if (r)
        parse_ref(r, &col1, &row);
    if (row && row != p->row)
        p->row = row; /* a cell outside its <row>: trust the cell */
    if (p->row == 0)
        p->row = 1;
    p->col = col1 ? col1 - 1 : p->next_col;
    p->next_col = p->col + 1;
    p->type = cell_type(t);
    p->in_c = 1;
    bls_dynbuf_reset(&p->text);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xparse *p = ud;
    const char *n = local(name);
    if (!p->in_sheetdata) {
        start_before_data(p, n, atts);
        return;
    }
    /* the commonest elements first: <v> and <c> */
    if (n[0] == 'v' && n[1] == '\0') {
        if (p->in_c) {
            p->in_v = 1;
            p->collect = 1;
        }
    } else if (n[0] == 'c' && n[1] == '\0') {
        start_cell(p, atts);
    } else if (strcmp(n, "row") == 0) {
        start_row(p, atts);
    } else if (p->in_c && strcmp(n, "is") == 0) {
        p->in_is = 1;
    } else if (p->in_is && strcmp(n, "rPh") == 0) {
        p->in_rph++;
    } else if (p->in_is && strcmp(n, "t") == 0 && !p->in_rph) {
        p->collect = 1;
    }
}

static void end_cell(xparse *p)
{
    const char *v = p->text.data ? p->text.data : "";
    size_t len = p->text.len;
    char num[WB_NUMBER_MAX];
    const char *out = v;
    size_t out_len = len;
    switch (p->type) {
    case 's': {
        char *end = NULL;
        unsigned long long idx = strtoull(v, &end, 10);
        if (len == 0)
            return;
        if (end != v + len || idx >= p->x->sst_count) {
            stop(p, BLS_ERR_FORMAT);
            return;
        }
        out = p->x->sst_text.data + p->x->sst_off[idx];
        out_len = p->x->sst_len[idx];
        break;
    }
    case 'i': out_len = p->text.data ? wb_unescape_ooxml(p->text.data, len) : 0; break;
    case 'b':
        if (len == 0)
            return;
        out = (len == 1 && v[0] == '1') || strcmp(v, "true") == 0 ? "TRUE" : "FALSE";
        out_len = strlen(out);
        break;
    case 'e':
    case 'd': break;
    default:
        if (len == 0)
            return; /* a cell with a style only */
        out_len = wb_number_text(v, len, num, sizeof num);
        out = num;
        break;
    }
    if (out_len == 0 && p->type != 'i')
        return;
    bls_status st = wb_rows_cell(p->rows, p->row - 1, p->col, out, out_len);
    if (st != BLS_OK)
        stop(p, st);
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    xparse *p = ud;
    if (!p->in_sheetdata)
        return;
    const char *n = local(name);
    if (n[0] == 'v' && n[1] == '\0') {
        p->in_v = 0;
        p->collect = 0;
        return;
    }
    if (strcmp(n, "sheetData") == 0) {
        p->in_sheetdata = 0;
    } else if (strcmp(n, "c") == 0 && p->in_c) {
        p->in_c = p->in_v = p->in_is = p->in_rph = 0;
        p->collect = 0;
        end_cell(p);
    } else if (strcmp(n, "v") == 0) {
        p->in_v = 0;
        p->collect = 0;
    } else if (strcmp(n, "t") == 0) {
        p->collect = 0;
    } else if (strcmp(n, "rPh") == 0) {
        if (p->in_rph)
            p->in_rph--;
    } else if (strcmp(n, "is") == 0) {
        p->in_is = 0;
    }
}

/* ---- driving a parse ------------------------------------------------------- */

static void xparse_cleanup(xparse *p)
{
    for (size_t i = 0; i < p->rel_count; i++) {
        bls_free(p->rels[i].id);
        bls_free(p->rels[i].target);
    }
    bls_free(p->rels);
    for (size_t i = 0; i < p->sheet_n; i++) {
        bls_free(p->sheet_names[i]);
        bls_free(p->sheet_ids[i]);
    }
    bls_free(p->sheet_names);
    bls_free(p->sheet_ids);
    bls_dynbuf_cleanup(&p->text);
    if (p->parser)
        XML_ParserFree(p->parser);
}

/* Stream one part through the parser. A missing part is BLS_ERR_EMPTY when
 * `optional`, else BLS_ERR_FORMAT. */
static bls_status parse_part(wb_xlsx *x, xparse *p, const char *part, int optional, char **message)
{
    zip_int64_t idx = zip_name_locate(x->zip, part, 0);
    if (idx < 0)
        idx = zip_name_locate(x->zip, part, ZIP_FL_NOCASE);
    if (idx < 0) {
        if (optional)
            return BLS_ERR_EMPTY;
        wb_message(message, "%s: not a workbook: the part %s is missing", x->name, part);
        return BLS_ERR_FORMAT;
    }
    zip_stat_t sb;
    zip_stat_init(&sb);
    if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &sb) == 0 &&
        (sb.valid & ZIP_STAT_ENCRYPTION_METHOD) && sb.encryption_method != ZIP_EM_NONE) {
        wb_message(message, "%s: %s is encrypted", x->name, part);
        return BLS_ERR_ENCRYPTED;
    }
    zip_file_t *zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
    if (!zf) {
        wb_message(message, "%s: %s: %s", x->name, part, zip_strerror(x->zip));
        return BLS_ERR_FORMAT;
    }
    uint64_t total = 0;
    bls_status st = BLS_OK;
    for (;;) {
        void *buf = XML_GetBuffer(p->parser, (int)CHUNK);
        if (!buf) {
            st = BLS_ERR_NOMEM;
            break;
        }
        zip_int64_t n = zip_fread(zf, buf, CHUNK);
        if (n < 0) {
            wb_message(message, "%s: %s is damaged or truncated: %s", x->name, part,
                       zip_file_strerror(zf));
            st = BLS_ERR_FORMAT;
            break;
        }
        total += (uint64_t)n;
        if (total > x->opts.inflate_max) {
            wb_message(message, "%s: %s inflates past the %" PRIu64 "-byte limit (zip bomb?)",
                       x->name, part, x->opts.inflate_max);
            st = BLS_ERR_LIMIT;
            break;
        }
        if (XML_ParseBuffer(p->parser, (int)n, n == 0) == XML_STATUS_ERROR) {
            if (p->status != BLS_OK) {
                st = p->status;
                if (p->refused)
                    wb_message(message, "%s: %s holds %s", x->name, part, p->refused);
            } else {
                wb_message(message, "%s: %s: bad XML at line %lu: %s", x->name, part,
                           (unsigned long)XML_GetCurrentLineNumber(p->parser),
                           XML_ErrorString(XML_GetErrorCode(p->parser)));
                st = BLS_ERR_FORMAT;
            }
            break;
        }
        if (n == 0)
            break;
    }
    (void)zip_fclose(zf);
    return st;
}

static bls_status xparse_init(xparse *p, wb_xlsx *x, part_kind kind)
{
    memset(p, 0, sizeof *p);
    p->x = x;
    p->kind = kind;
    bls_dynbuf_init(&p->text, CELL_TEXT_MAX);
    p->parser = XML_ParserCreate("UTF-8");
    if (!p->parser)
        return BLS_ERR_NOMEM;
    XML_SetUserData(p->parser, p);
    XML_SetStartDoctypeDeclHandler(p->parser, on_doctype);
    XML_SetEntityDeclHandler(p->parser, on_entity);
    XML_SetParamEntityParsing(p->parser, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetCharacterDataHandler(p->parser, on_text);
    switch (kind) {
    case PART_RELS: XML_SetStartElementHandler(p->parser, rels_start); break;
    case PART_WORKBOOK: XML_SetStartElementHandler(p->parser, workbook_start); break;
    case PART_SST: XML_SetElementHandler(p->parser, sst_start, sst_end); break;
    case PART_SHEET: XML_SetElementHandler(p->parser, sheet_start, sheet_end); break;
    }
    return BLS_OK;
}

/* "xl/workbook.xml" + "worksheets/sheet1.xml" -> "xl/worksheets/sheet1.xml";
 * "/xl/..." is absolute; "../" steps up. */
static char *resolve(const char *base_part, const char *target)
{
    if (target[0] == '/')
        return bls_strdup(target + 1);
    const char *slash = strrchr(base_part, '/');
    size_t dir = slash ? (size_t)(slash - base_part) : 0;
    while (strncmp(target, "../", 3) == 0) {
        target += 3;
        while (dir > 0 && base_part[dir - 1] != '/')
            dir--;
        if (dir > 0)
            dir--;
    }
    return dir ? bls_asprintf("%.*s/%s", (int)dir, base_part, target) : bls_strdup(target);
}

static char *rels_of(const char *part)
{
    const char *slash = strrchr(part, '/');
    if (!slash)
        return bls_asprintf("_rels/%s.rels", part);
    return bls_asprintf("%.*s/_rels/%s.rels", (int)(slash - part), part, slash + 1);
}

bls_status wb_xlsx_open(zip_t *zip, const char *name, const bls_workbook_options *opts,
                        wb_xlsx **out, char **message)
{
    *out = NULL;
    wb_xlsx *x = bls_calloc(1, sizeof *x);
    if (!x) {
        (void)zip_close(zip);
        return BLS_ERR_NOMEM;
    }
    x->zip = zip;
    x->opts = *opts;
    x->name = bls_strdup(name);
    bls_dynbuf_init(&x->sst_text, (size_t)opts->inflate_max);
    char *workbook_part = NULL, *wb_rels = NULL, *sst_part = NULL;
    xparse p;
    memset(&p, 0, sizeof p);
    bls_status st = x->name ? xparse_init(&p, x, PART_RELS) : BLS_ERR_NOMEM;
    /* 1. the package's rels: where the workbook part is */
    if (st == BLS_OK) {
        st = parse_part(x, &p, "_rels/.rels", 1, message);
        if (st == BLS_ERR_EMPTY)
            st = BLS_OK;
        for (size_t i = 0; st == BLS_OK && i < p.rel_count && !workbook_part; i++)
            if (p.rels[i].kind == 3)
                workbook_part = resolve("", p.rels[i].target);
        if (st == BLS_OK && !workbook_part)
            workbook_part = bls_strdup("xl/workbook.xml");
        if (st == BLS_OK && !workbook_part)
            st = BLS_ERR_NOMEM;
    }
    xparse_cleanup(&p);
    /* 2. the workbook's rels: sheets and shared strings */
    if (st == BLS_OK) {
        wb_rels = rels_of(workbook_part);
        memset(&p, 0, sizeof p);
        st = wb_rels ? xparse_init(&p, x, PART_RELS) : BLS_ERR_NOMEM;
        if (st == BLS_OK)
            st = parse_part(x, &p, wb_rels, 0, message);
        xparse rels = p; /* keep the rels for step 3 */
        memset(&p, 0, sizeof p);
        /* 3. the sheets in tab order */
        xparse w;
        if (st == BLS_OK)
            st = xparse_init(&w, x, PART_WORKBOOK);
        else
            memset(&w, 0, sizeof w);
        if (st == BLS_OK)
            st = parse_part(x, &w, workbook_part, 0, message);
        for (size_t i = 0; st == BLS_OK && i < w.sheet_n; i++) {
            for (size_t k = 0; k < rels.rel_count; k++) {
                if (rels.rels[k].kind != 1 || strcmp(rels.rels[k].id, w.sheet_ids[i]) != 0)
                    continue; /* chart sheets and others have other types */
                char *target = resolve(workbook_part, rels.rels[k].target);
                st = target ? wb_sheet_list_add(&x->sheets, w.sheet_names[i],
                                                strlen(w.sheet_names[i]), target, 0)
                            : BLS_ERR_NOMEM;
                bls_free(target);
                break;
            }
        }
        for (size_t k = 0; st == BLS_OK && k < rels.rel_count && !sst_part; k++)
            if (rels.rels[k].kind == 2) {
                sst_part = resolve(workbook_part, rels.rels[k].target);
                if (!sst_part)
                    st = BLS_ERR_NOMEM;
            }
        xparse_cleanup(&w);
        xparse_cleanup(&rels);
    }
    /* 4. the shared strings, once */
    if (st == BLS_OK && sst_part) {
        st = xparse_init(&p, x, PART_SST);
        if (st == BLS_OK)
            st = parse_part(x, &p, sst_part, 0, message);
        xparse_cleanup(&p);
    }
    bls_free(workbook_part);
    bls_free(wb_rels);
    bls_free(sst_part);
    if (st != BLS_OK) {
        if (message && !*message)
            wb_message(message, "%s: %s", name, bls_strerror(st));
        wb_xlsx_free(x);
        return st;
    }
    *out = x;
    return BLS_OK;
}

const wb_sheet_list *wb_xlsx_sheets(const wb_xlsx *x)
{
    return &x->sheets;
}

bls_status wb_xlsx_read_sheet(wb_xlsx *x, size_t sheet, wb_rows *rows, char **message)
{
    if (sheet >= x->sheets.count)
        return BLS_ERR_INVALID_ARG;
    xparse p;
    bls_status st = xparse_init(&p, x, PART_SHEET);
    p.rows = rows;
    if (st == BLS_OK)
        st = parse_part(x, &p, x->sheets.targets[sheet], 0, message);
    if (st == BLS_ERR_FORMAT && p.status == BLS_ERR_FORMAT && message && !*message)
        wb_message(message,
                   "%s: sheet %s: a cell names a shared string that does not exist, "
                   "or rows are out of order",
                   x->name, x->sheets.names[sheet]);
    xparse_cleanup(&p);
    return st;
}

void wb_xlsx_free(wb_xlsx *x)
{
    if (!x)
        return;
    if (x->zip)
        zip_discard(x->zip); /* read-only: nothing to write back */
    wb_sheet_list_cleanup(&x->sheets);
    bls_dynbuf_cleanup(&x->sst_text);
    bls_free(x->sst_off);
    bls_free(x->sst_len);
    bls_free(x->name);
    bls_free(x);
}
