/*
 * xls.c - Excel 97-2003 workbooks: BIFF8 records in the Workbook stream of
 * an OLE2 compound file (CFB). Our own reader, because Debian's libfreexl
 * 1.0.6 fails on BLS's 2006-2011 OES files (see docs/workbook-input.md).
 *
 * Pipeline stage: *reader* for .xls (workbook.c decides the format).
 *
 * CFB: the header's DIFAT gives the FAT sectors; the FAT chains sectors into
 * streams; the directory names the streams. The Workbook stream (or "Book")
 * is copied out whole (it is at most a few MB for BLS files, and BIFF records
 * point at each other by stream offset); streams under the mini-stream
 * cutoff come from the mini FAT. Every chain is bounded by the number of
 * sectors in the file, so a loop in a FAT ends as BLS_ERR_FORMAT.
 *
 * BIFF8 globals: BOF, FILEPASS (encrypted), BOUNDSHEET (name, offset, type),
 * SST with its CONTINUE records (a string's characters may break across a
 * CONTINUE, which then starts with a fresh 8/16-bit flag byte), EOF. A
 * worksheet substream: LABELSST, LABEL, RSTRING, NUMBER, RK, MULRK, FORMULA
 * (cached number, string in the STRING record after it, bool, error),
 * BOOLERR; BLANK and MULBLANK are empty cells. Charts embedded in a sheet
 * are substreams of their own (BOF ... EOF), skipped.
 *
 * 8-bit ("compressed") BIFF8 strings are Latin-1 by definition, whatever
 * CODEPAGE says (CODEPAGE is 1200 in every BLS file). BIFF5 and older are
 * refused with BLS_ERR_FORMAT: BLS published none.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "read/workbook_internal.h"

#define ENDOFCHAIN 0xFFFFFFFEu
#define MAXREGSECT 0xFFFFFFFAu

struct wb_xls {
    char *name;
    bls_workbook_options opts;
    unsigned char *stream; /* Workbook stream, owned */
    size_t stream_len;
    wb_sheet_list sheets;
    bls_dynbuf sst_text;
    size_t *sst_off, *sst_len;
    size_t sst_count, sst_cap;
};

static uint16_t rd16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}
static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static double rd_double(const unsigned char *p)
{
    uint64_t bits = (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* ---- compound file --------------------------------------------------------- */

typedef struct cfb {
    const unsigned char *data;
    size_t len;
    size_t ssize;    /* sector size */
    size_t nsectors; /* sectors the file holds (last one may be short) */
    uint32_t *fat;
    size_t fat_n;
    uint32_t dir_start, minifat_start, mini_cutoff;
} cfb;

static const unsigned char CFB_MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

static void cfb_cleanup(cfb *c)
{
    bls_free(c->fat);
}

static bls_status cfb_open(cfb *c, const unsigned char *data, size_t len)
{
    memset(c, 0, sizeof *c);
    if (len < 512 || memcmp(data, CFB_MAGIC, 8) != 0)
        return BLS_ERR_FORMAT;
    unsigned shift = rd16(data + 30);
    if (shift != 9 && shift != 12)
        return BLS_ERR_FORMAT;
    c->data = data;
    c->len = len;
    c->ssize = (size_t)1 << shift;
    c->nsectors = len > c->ssize ? (len - c->ssize + c->ssize - 1) / c->ssize : 0;
    uint32_t nfat = rd32(data + 44);
    c->dir_start = rd32(data + 48);
    c->mini_cutoff = rd32(data + 56);
    c->minifat_start = rd32(data + 60);
    uint32_t difat = rd32(data + 68), ndifat = rd32(data + 72);
    if (nfat == 0 || nfat > c->nsectors || ndifat > c->nsectors)
        return BLS_ERR_FORMAT;
    size_t per = c->ssize / 4;
    c->fat = bls_malloc((size_t)nfat * per * sizeof *c->fat);
    if (!c->fat)
        return BLS_ERR_NOMEM;
    c->fat_n = (size_t)nfat * per;
    /* FAT sector numbers: 109 in the header, the rest in DIFAT sectors */
    size_t got = 0;
    for (size_t i = 0; i < 109 && got < nfat; i++)
        if (rd32(data + 76 + 4 * i) <= MAXREGSECT) {
            uint32_t s = rd32(data + 76 + 4 * i);
            size_t off = ((size_t)s + 1) * c->ssize;
            if (s >= c->nsectors || off + c->ssize > len)
                return BLS_ERR_FORMAT;
            for (size_t k = 0; k < per; k++)
                c->fat[got * per + k] = rd32(data + off + 4 * k);
            got++;
        }
    for (uint32_t d = difat, n = 0; got < nfat && d <= MAXREGSECT; n++) {
        size_t off = ((size_t)d + 1) * c->ssize;
        if (n >= ndifat || d >= c->nsectors || off + c->ssize > len)
            return BLS_ERR_FORMAT;
        for (size_t i = 0; i + 1 < per && got < nfat; i++) {
            uint32_t s = rd32(data + off + 4 * i);
            size_t soff = ((size_t)s + 1) * c->ssize;
            if (s > MAXREGSECT)
                continue;
            if (s >= c->nsectors || soff + c->ssize > len)
                return BLS_ERR_FORMAT;
            for (size_t k = 0; k < per; k++)
                c->fat[got * per + k] = rd32(data + soff + 4 * k);
            got++;
        }
        d = rd32(data + off + c->ssize - 4);
    }
    if (got < nfat)
        return BLS_ERR_FORMAT;
    return BLS_OK;
}

/* Copy a chain of sectors (FAT) into b, at most `want` bytes (0 = all). */
static bls_status cfb_read_chain(const cfb *c, uint32_t start, size_t want, bls_dynbuf *b)
{
    size_t steps = 0;
    for (uint32_t s = start; s <= MAXREGSECT; s = c->fat[s]) {
        if (s >= c->fat_n || s >= c->nsectors || ++steps > c->nsectors)
            return BLS_ERR_FORMAT; /* out of the file, or a loop */
        size_t off = ((size_t)s + 1) * c->ssize;
        size_t n = c->len - off < c->ssize ? c->len - off : c->ssize;
        if (want && b->len + n > want)
            n = want - b->len;
        bls_status st = bls_dynbuf_add(b, c->data + off, n);
        if (st != BLS_OK)
            return st;
        if (want && b->len >= want)
            return BLS_OK;
    }
    return want && b->len < want ? BLS_ERR_FORMAT : BLS_OK;
}

typedef struct cfb_entry {
    char name[32]; /* ASCII of the UTF-16 name ('?' for others) */
    int type;      /* 1 storage, 2 stream, 5 root */
    uint32_t start;
    uint32_t size;
} cfb_entry;

/* Find a stream by name (case-insensitive ASCII); also returns the root. */
static bls_status cfb_find(const cfb *c, bls_dynbuf *dir, const char *const *names, size_t n_names,
                           cfb_entry *found, cfb_entry *root)
{
    bls_status st = cfb_read_chain(c, c->dir_start, 0, dir);
    if (st != BLS_OK)
        return st;
    int have = 0;
    memset(root, 0, sizeof *root);
    for (size_t off = 0; off + 128 <= dir->len; off += 128) {
        const unsigned char *e = (const unsigned char *)dir->data + off;
        cfb_entry ent = {{0}, e[66], rd32(e + 116), rd32(e + 120)};
        size_t nlen = rd16(e + 64);
        nlen = nlen >= 2 ? nlen / 2 - 1 : 0;
        if (nlen > 31)
            nlen = 31;
        for (size_t i = 0; i < nlen; i++) {
            unsigned char ch = e[2 * i];
            if (e[2 * i + 1] != 0 || ch < 0x20 || ch >= 0x7F)
                ch = '?';
            ent.name[i] = (char)ch;
        }
        if (ent.type == 5 && !root->type)
            *root = ent;
        for (size_t k = 0; k < n_names && !have; k++) {
            if (ent.type != 2 || strlen(names[k]) != nlen)
                continue;
            size_t i = 0;
            while (i < nlen && (ent.name[i] | 0x20) == (names[k][i] | 0x20))
                i++;
            if (i == nlen) {
                *found = ent;
                have = 1;
            }
        }
    }
    return have ? BLS_OK : BLS_ERR_EMPTY;
}

static bls_status cfb_read_stream(const cfb *c, const cfb_entry *ent, const cfb_entry *root,
                                  bls_dynbuf *out)
{
    if (ent->size >= c->mini_cutoff)
        return cfb_read_chain(c, ent->start, ent->size, out);
    /* a small stream lives in the mini stream (64-byte sectors) */
    bls_dynbuf mini, minifat;
    bls_dynbuf_init(&mini, c->len);
    bls_dynbuf_init(&minifat, c->len);
    bls_status st = cfb_read_chain(c, root->start, root->size, &mini);
    if (st == BLS_OK)
        st = cfb_read_chain(c, c->minifat_start, 0, &minifat);
    size_t nmini = minifat.len / 4, steps = 0;
    for (uint32_t s = ent->start; st == BLS_OK && out->len < ent->size && s <= MAXREGSECT;
         s = rd32((const unsigned char *)minifat.data + 4 * (size_t)s)) {
        size_t off = (size_t)s * 64;
        if (s >= nmini || off + 64 > mini.len || ++steps > nmini) {
            st = BLS_ERR_FORMAT;
            break;
        }
        size_t n = ent->size - out->len < 64 ? ent->size - out->len : 64;
        st = bls_dynbuf_add(out, mini.data + off, n);
    }
    if (st == BLS_OK && out->len < ent->size)
        st = BLS_ERR_FORMAT;
    bls_dynbuf_cleanup(&mini);
    bls_dynbuf_cleanup(&minifat);
    return st;
}

int wb_cfb_is_encrypted_package(const unsigned char *data, size_t len)
{
    cfb c;
    if (cfb_open(&c, data, len) != BLS_OK) {
        cfb_cleanup(&c);
        return 0;
    }
    static const char *const names[] = {"EncryptedPackage"};
    bls_dynbuf dir;
    bls_dynbuf_init(&dir, len);
    cfb_entry ent, root;
    int yes = cfb_find(&c, &dir, names, 1, &ent, &root) == BLS_OK;
    bls_dynbuf_cleanup(&dir);
    cfb_cleanup(&c);
    return yes;
}

/* ---- BIFF strings ----------------------------------------------------------- */

static bls_status add_utf8(bls_dynbuf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18);
        u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return bls_dynbuf_add(b, u, n);
}

/* Append `count` characters (8-bit Latin-1 or UTF-16LE) as UTF-8. A lone
 * surrogate becomes U+FFFD; *pending_high carries a high surrogate across
 * a CONTINUE break. */
static bls_status add_chars(bls_dynbuf *b, const unsigned char *p, size_t count, int wide,
                            unsigned *pending_high)
{
    bls_status st = BLS_OK;
    for (size_t i = 0; i < count && st == BLS_OK; i++) {
        unsigned cp = wide ? rd16(p + 2 * i) : p[i];
        if (*pending_high) {
            if (cp >= 0xDC00 && cp <= 0xDFFF) {
                st = add_utf8(b, 0x10000 + ((*pending_high - 0xD800) << 10) + (cp - 0xDC00));
                *pending_high = 0;
                continue;
            }
            st = add_utf8(b, 0xFFFD);
            *pending_high = 0;
            if (st != BLS_OK)
                break;
        }
        if (cp >= 0xD800 && cp <= 0xDBFF)
            *pending_high = cp;
        else
            st = add_utf8(b, cp >= 0xDC00 && cp <= 0xDFFF ? 0xFFFD : cp);
    }
    return st;
}

/* An XLUnicodeString inside one record: cch (16 or 8 bits), flags, chars. */
static bls_status record_string(const unsigned char *p, size_t len, int cch16, bls_dynbuf *out)
{
    size_t hdr = cch16 ? 3 : 2;
    if (len < hdr)
        return BLS_ERR_FORMAT;
    size_t cch = cch16 ? rd16(p) : p[0];
    unsigned flags = p[hdr - 1];
    size_t skip = hdr + ((flags & 8) ? 2 : 0) + ((flags & 4) ? 4 : 0);
    int wide = (flags & 1u) != 0;
    if (skip > len)
        return BLS_ERR_FORMAT;
    size_t avail = (len - skip) / (wide ? 2 : 1);
    if (cch > avail)
        cch = avail; /* the rest would be in a CONTINUE: BLS cells are short */
    unsigned high = 0;
    bls_status st = add_chars(out, p + skip, cch, wide, &high);
    if (st == BLS_OK && high)
        st = add_utf8(out, 0xFFFD);
    return st;
}

/* ---- SST across CONTINUE records ----------------------------------------- */

typedef struct seg {
    const unsigned char *p;
    size_t len;
} seg;

typedef struct segreader {
    const seg *segs;
    size_t n, i, pos;
} segreader;

/* Raw bytes, crossing record boundaries (for headers and run data). */
static int seg_bytes(segreader *r, unsigned char *out, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        while (r->i < r->n && r->pos >= r->segs[r->i].len) {
            r->i++;
            r->pos = 0;
        }
        if (r->i >= r->n)
            return 0;
        unsigned char c = r->segs[r->i].p[r->pos++];
        if (out)
            out[k] = c;
    }
    return 1;
}

static bls_status xls_add_string(wb_xls *x, const char *s, size_t len)
{
    if (x->sst_count == x->sst_cap) {
        size_t cap = x->sst_cap ? x->sst_cap * 2 : 1024;
        size_t *off = bls_realloc(x->sst_off, cap * sizeof *off);
        if (!off)
            return BLS_ERR_NOMEM;
        x->sst_off = off;
        size_t *l = bls_realloc(x->sst_len, cap * sizeof *l);
        if (!l)
            return BLS_ERR_NOMEM;
        x->sst_len = l;
        x->sst_cap = cap;
    }
    size_t off = x->sst_text.len;
    bls_status st = bls_dynbuf_add(&x->sst_text, s, len);
    if (st == BLS_OK)
        st = bls_dynbuf_addc(&x->sst_text, '\0');
    if (st != BLS_OK)
        return st;
    x->sst_off[x->sst_count] = off;
    x->sst_len[x->sst_count] = len;
    x->sst_count++;
    return BLS_OK;
}

static bls_status parse_sst(wb_xls *x, const seg *segs, size_t n)
{
    segreader r = {segs, n, 0, 0};
    unsigned char h[8];
    if (!seg_bytes(&r, h, 8))
        return BLS_ERR_FORMAT;
    uint32_t unique = rd32(h + 4);
    bls_dynbuf s;
    bls_dynbuf_init(&s, (size_t)4 * 65536);
    bls_status st = BLS_OK;
    for (uint32_t k = 0; k < unique && st == BLS_OK; k++) {
        unsigned char hdr[3];
        if (!seg_bytes(&r, hdr, 3)) {
            st = BLS_ERR_FORMAT;
            break;
        }
        size_t cch = rd16(hdr);
        unsigned flags = hdr[2];
        size_t runs = 0, ext = 0;
        unsigned char w[4];
        if (flags & 8) {
            if (!seg_bytes(&r, w, 2)) {
                st = BLS_ERR_FORMAT;
                break;
            }
            runs = rd16(w);
        }
        if (flags & 4) {
            if (!seg_bytes(&r, w, 4)) {
                st = BLS_ERR_FORMAT;
                break;
            }
            ext = rd32(w);
        }
        int wide = (flags & 1u) != 0;
        bls_dynbuf_reset(&s);
        unsigned high = 0;
        size_t left = cch;
        while (left && st == BLS_OK) {
            if (r.i < r.n && r.pos >= r.segs[r.i].len) {
                /* characters continue in the next record, after a flag byte */
                r.i++;
                r.pos = 0;
                if (r.i >= r.n || r.segs[r.i].len == 0) {
                    st = BLS_ERR_FORMAT;
                    break;
                }
                wide = (r.segs[r.i].p[r.pos++] & 1u) != 0;
            }
            if (r.i >= r.n) {
                st = BLS_ERR_FORMAT;
                break;
            }
            size_t avail = (r.segs[r.i].len - r.pos) / (wide ? 2 : 1);
            size_t take = left < avail ? left : avail;
            if (take == 0) {
                st = BLS_ERR_FORMAT; /* half a UTF-16 unit at a record's end */
                break;
            }
            st = add_chars(&s, r.segs[r.i].p + r.pos, take, wide, &high);
            r.pos += take * (wide ? 2 : 1);
            left -= take;
        }
        if (st == BLS_OK && high)
            st = add_utf8(&s, 0xFFFD);
        /* formatting runs and phonetic data: skipped */
        for (size_t skip = runs * 4 + ext; st == BLS_OK && skip; skip--)
            if (!seg_bytes(&r, NULL, 1))
                st = BLS_ERR_FORMAT;
        if (st == BLS_OK)
            st = xls_add_string(x, s.data ? s.data : "", s.len);
    }
    bls_dynbuf_cleanup(&s);
    return st;
}

/* ---- globals ---------------------------------------------------------------- */

enum {
    REC_FORMULA = 0x0006,
    REC_EOF = 0x000A,
    REC_FILEPASS = 0x002F,
    REC_CONTINUE = 0x003C,
    REC_BOUNDSHEET = 0x0085,
    REC_MULRK = 0x00BD,
    REC_RSTRING = 0x00D6,
    REC_SST = 0x00FC,
    REC_LABELSST = 0x00FD,
    REC_DIMENSION = 0x0200,
    REC_NUMBER = 0x0203,
    REC_LABEL = 0x0204,
    REC_BOOLERR = 0x0205,
    REC_STRING = 0x0207,
    REC_RK = 0x027E,
    REC_BOF = 0x0809,
};

/* The record at *pos: type, payload; advances *pos. 0 at the end. */
static int next_record(const wb_xls *x, size_t *pos, unsigned *type, const unsigned char **data,
                       size_t *len, int *truncated)
{
    if (*pos + 4 > x->stream_len) {
        *truncated = *pos < x->stream_len;
        return 0;
    }
    const unsigned char *p = x->stream + *pos;
    *type = rd16(p);
    *len = rd16(p + 2);
    if (*pos + 4 + *len > x->stream_len) {
        *truncated = 1;
        return 0;
    }
    *data = p + 4;
    *pos += 4 + *len;
    return 1;
}

static bls_status parse_globals(wb_xls *x, char **message)
{
    size_t pos = 0, len;
    unsigned type;
    const unsigned char *d;
    int truncated = 0;
    if (!next_record(x, &pos, &type, &d, &len, &truncated) || type != REC_BOF || len < 4) {
        wb_message(message, "%s: not an Excel 97-2003 workbook (no BIFF BOF record)", x->name);
        return BLS_ERR_FORMAT;
    }
    if (rd16(d) != 0x0600) {
        wb_message(message,
                   "%s: BIFF version 0x%04x (Excel 5/95 or older) is not supported; "
                   "save it as .xlsx",
                   x->name, (unsigned)rd16(d));
        return BLS_ERR_FORMAT;
    }
    seg *segs = NULL;
    size_t nsegs = 0;
    bls_status st = BLS_OK;
    while (st == BLS_OK && next_record(x, &pos, &type, &d, &len, &truncated)) {
        if (type == REC_EOF)
            break;
        if (type == REC_FILEPASS) {
            wb_message(message, "%s: the workbook is encrypted (password-protected)", x->name);
            st = BLS_ERR_ENCRYPTED;
        } else if (type == REC_BOUNDSHEET && len >= 8) {
            uint32_t off = rd32(d);
            unsigned sheet_type = d[5];
            bls_dynbuf name;
            bls_dynbuf_init(&name, 1024);
            st = record_string(d + 6, len - 6, 0, &name);
            if (st == BLS_OK && sheet_type == 0) /* worksheet; not chart or macro */
                st = wb_sheet_list_add(&x->sheets, name.data ? name.data : "", name.len, NULL, off);
            bls_dynbuf_cleanup(&name);
        } else if (type == REC_SST) {
            /* the SST and the CONTINUE records after it */
            size_t cap = 16;
            segs = bls_malloc(cap * sizeof *segs);
            if (!segs) {
                st = BLS_ERR_NOMEM;
                break;
            }
            segs[nsegs++] = (seg){d, len};
            size_t save = pos;
            while (next_record(x, &pos, &type, &d, &len, &truncated) && type == REC_CONTINUE) {
                if (nsegs == cap) {
                    seg *grown = bls_realloc(segs, cap * 2 * sizeof *grown);
                    if (!grown) {
                        st = BLS_ERR_NOMEM;
                        break;
                    }
                    segs = grown;
                    cap *= 2;
                }
                segs[nsegs++] = (seg){d, len};
                save = pos;
            }
            pos = save;
            if (st == BLS_OK)
                st = parse_sst(x, segs, nsegs);
            bls_free(segs);
            segs = NULL;
            nsegs = 0;
            if (st == BLS_ERR_FORMAT)
                wb_message(message, "%s: the shared string table is damaged", x->name);
        }
    }
    if (st == BLS_OK && truncated) {
        wb_message(message, "%s: truncated workbook stream", x->name);
        st = BLS_ERR_FORMAT;
    }
    return st;
}

bls_status wb_xls_open(const unsigned char *data, size_t len, const char *name,
                       const bls_workbook_options *opts, wb_xls **out, char **message)
{
    *out = NULL;
    wb_xls *x = bls_calloc(1, sizeof *x);
    if (!x)
        return BLS_ERR_NOMEM;
    x->opts = *opts;
    x->name = bls_strdup(name);
    bls_dynbuf_init(&x->sst_text, (size_t)opts->inflate_max);
    cfb c;
    memset(&c, 0, sizeof c);
    bls_status st = x->name ? cfb_open(&c, data, len) : BLS_ERR_NOMEM;
    if (st == BLS_ERR_FORMAT)
        wb_message(message, "%s: damaged or truncated OLE2 compound file", name);
    if (st == BLS_OK) {
        static const char *const names[] = {"Workbook", "Book"};
        bls_dynbuf dir, stream;
        bls_dynbuf_init(&dir, len);
        bls_dynbuf_init(&stream, (size_t)opts->inflate_max);
        cfb_entry ent, root;
        st = cfb_find(&c, &dir, names, 2, &ent, &root);
        if (st == BLS_ERR_EMPTY) {
            wb_message(message,
                       "%s: an OLE2 file without a Workbook stream (not an Excel "
                       "workbook)",
                       name);
            st = BLS_ERR_FORMAT;
        } else if (st == BLS_OK) {
            st = cfb_read_stream(&c, &ent, &root, &stream);
            if (st == BLS_ERR_FORMAT)
                wb_message(message, "%s: the Workbook stream is damaged or truncated", name);
        }
        if (st == BLS_OK) {
            x->stream_len = stream.len;
            x->stream = (unsigned char *)bls_dynbuf_take(&stream);
            if (!x->stream)
                st = BLS_ERR_FORMAT;
        }
        bls_dynbuf_cleanup(&dir);
        bls_dynbuf_cleanup(&stream);
    }
    cfb_cleanup(&c);
    if (st == BLS_OK)
        st = parse_globals(x, message);
    if (st != BLS_OK) {
        if (message && !*message)
            wb_message(message, "%s: %s", name, bls_strerror(st));
        wb_xls_free(x);
        return st;
    }
    *out = x;
    return BLS_OK;
}

const wb_sheet_list *wb_xls_sheets(const wb_xls *x)
{
    return &x->sheets;
}

/* ---- a worksheet ------------------------------------------------------------ */

static const char *error_text(unsigned code)
{
    switch (code) {
    case 0x00: return "#NULL!";
    case 0x07: return "#DIV/0!";
    case 0x0F: return "#VALUE!";
    case 0x17: return "#REF!";
    case 0x1D: return "#NAME?";
    case 0x24: return "#NUM!";
    case 0x2A: return "#N/A";
    default: return "#ERROR!";
    }
}

static size_t rk_text(uint32_t rk, char *buf, size_t size)
{
    if (rk & 2) {
        int32_t v = (int32_t)rk >> 2; /* arithmetic shift: sign kept */
        if (!(rk & 1))
            return (size_t)snprintf(buf, size, "%" PRId32, v);
        return bls_workbook_format_number((double)v / 100.0, buf, size);
    }
    uint64_t bits = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
    double d;
    memcpy(&d, &bits, sizeof d);
    if (rk & 1)
        d /= 100.0;
    return bls_workbook_format_number(d, buf, size);
}

static bls_status cell_text(wb_rows *rows, unsigned row, unsigned col, const char *s, size_t n)
{
    return wb_rows_cell(rows, row, col, s, n);
}

/* One sheet being read: the state that outlives a record. */
typedef struct sheet_state {
    wb_xls *x;
    wb_rows *rows;
    bls_dynbuf text;
    char num[WB_NUMBER_MAX];
    long pending_row, pending_col; /* a FORMULA whose string is in the next record */
} sheet_state;

/* FORMULA: the cached result - a number, or (bytes 6-7 = FFFF) a string in
 * the STRING record that follows, a boolean, an error, or an empty string. */
static bls_status formula_record(sheet_state *s, const unsigned char *d, size_t len)
{
    bls_status st = BLS_OK;
    if (len >= 14) {
        unsigned row = rd16(d), col = rd16(d + 2);
        const unsigned char *r = d + 6;
        if (rd16(r + 6) != 0xFFFF) {
            size_t n = bls_workbook_format_number(rd_double(r), s->num, sizeof s->num);
            st = cell_text(s->rows, row, col, s->num, n);
        } else if (r[0] == 0) {
            s->pending_row = row; /* the text is in the next STRING record */
            s->pending_col = col;
        } else if (r[0] == 1) {
            st = cell_text(s->rows, row, col, r[2] ? "TRUE" : "FALSE", r[2] ? 4 : 5);
        } else if (r[0] == 2) {
            const char *word = error_text(r[2]);
            st = cell_text(s->rows, row, col, word, strlen(word));
        }
        /* r[0] == 3: an empty string, an empty cell */
    }
    return st;
}

/* One record of a worksheet's substream (not BOF/EOF). */
static bls_status sheet_record(sheet_state *s, unsigned type, const unsigned char *d, size_t len)
{
    bls_status st = BLS_OK;
    if (type != REC_STRING)
        s->pending_row = -1; /* a STRING belongs to the FORMULA just before it */
    switch (type) {
    case REC_DIMENSION:
        if (len >= 12) /* first row, last row + 1, first column, last column + 1 */
            wb_rows_set_width(s->rows, rd16(d + 10));
        break;
    case REC_LABELSST:
        if (len >= 10) {
            uint32_t idx = rd32(d + 6);
            if (idx >= s->x->sst_count)
                st = BLS_ERR_FORMAT;
            else
                st = cell_text(s->rows, rd16(d), rd16(d + 2),
                               s->x->sst_text.data + s->x->sst_off[idx], s->x->sst_len[idx]);
        }
        break;
    case REC_LABEL:
    case REC_RSTRING:
        if (len >= 9) {
            bls_dynbuf_reset(&s->text);
            st = record_string(d + 6, len - 6, 1, &s->text);
            if (st == BLS_OK)
                st = cell_text(s->rows, rd16(d), rd16(d + 2), s->text.data ? s->text.data : "",
                               s->text.len);
        }
        break;
    case REC_NUMBER:
        if (len >= 14) {
            size_t n = bls_workbook_format_number(rd_double(d + 6), s->num, sizeof s->num);
            st = cell_text(s->rows, rd16(d), rd16(d + 2), s->num, n);
        }
        break;
    case REC_RK:
        if (len >= 10) {
            size_t n = rk_text(rd32(d + 6), s->num, sizeof s->num);
            st = cell_text(s->rows, rd16(d), rd16(d + 2), s->num, n);
        }
        break;
    case REC_MULRK:
        if (len >= 6) {
            unsigned row = rd16(d), col = rd16(d + 2);
            size_t count = (len - 6) / 6;
            for (size_t i = 0; i < count && st == BLS_OK; i++) {
                size_t n = rk_text(rd32(d + 4 + 6 * i + 2), s->num, sizeof s->num);
                st = cell_text(s->rows, row, col + (unsigned)i, s->num, n);
            }
        }
        break;
    case REC_BOOLERR:
        if (len >= 8) {
            const char *word = d[7] ? error_text(d[6]) : d[6] ? "TRUE" : "FALSE";
            st = cell_text(s->rows, rd16(d), rd16(d + 2), word, strlen(word));
        }
        break;
    case REC_FORMULA: st = formula_record(s, d, len); break;
    case REC_STRING:
        if (s->pending_row >= 0) {
            bls_dynbuf_reset(&s->text);
            st = record_string(d, len, 1, &s->text);
            if (st == BLS_OK)
                st = cell_text(s->rows, (unsigned)s->pending_row, (unsigned)s->pending_col,
                               s->text.data ? s->text.data : "", s->text.len);
            s->pending_row = -1;
        }
        break;
    default: break;
    }
    return st;
}

bls_status wb_xls_read_sheet(wb_xls *x, size_t sheet, wb_rows *rows, char **message)
{
    if (sheet >= x->sheets.count)
        return BLS_ERR_INVALID_ARG;
    size_t pos = x->sheets.offsets[sheet], len;
    unsigned type;
    const unsigned char *d;
    int truncated = 0;
    if (!next_record(x, &pos, &type, &d, &len, &truncated) || type != REC_BOF) {
        wb_message(message, "%s: sheet %s: its offset does not point at a BOF record", x->name,
                   x->sheets.names[sheet]);
        return BLS_ERR_FORMAT;
    }
    sheet_state s = {.x = x, .rows = rows, .pending_row = -1, .pending_col = -1};
    bls_dynbuf_init(&s.text, (size_t)4 * 65536);
    bls_status st = BLS_OK;
    int depth = 0, ended = 0;
    while (st == BLS_OK && next_record(x, &pos, &type, &d, &len, &truncated)) {
        if (type == REC_BOF) {
            depth++; /* an embedded chart: skipped */
        } else if (type == REC_EOF) {
            if (depth == 0) {
                ended = 1;
                break;
            }
            depth--;
        } else if (depth == 0) {
            st = sheet_record(&s, type, d, len);
        }
    }
    bls_dynbuf_cleanup(&s.text);
    if (st == BLS_OK && !ended) {
        wb_message(message, "%s: sheet %s is truncated (no EOF record)", x->name,
                   x->sheets.names[sheet]);
        st = BLS_ERR_FORMAT;
    }
    return st;
}

void wb_xls_free(wb_xls *x)
{
    if (!x)
        return;
    wb_sheet_list_cleanup(&x->sheets);
    bls_dynbuf_cleanup(&x->sst_text);
    bls_free(x->sst_off);
    bls_free(x->sst_len);
    bls_free(x->stream);
    bls_free(x->name);
    bls_free(x);
}
