/*
 * pdf_svg.c - what an SVG chart file says, for readers and for search.
 *
 * Pipeline stage: ... -> crosscheck -> *render_pdf* (the chart files).
 * cairo's SVG surface writes text as glyph outlines: exact, but a screen
 * reader, a search or a copy finds no words in it. While a chart is drawn
 * for its SVG file, the pen reports each line of text it draws (pdf_pen.c);
 * this file keeps them as <text> elements and, once cairo has written the
 * file, rewrites it with a <title> and a <desc> first and the text last, in
 * a transparent group over the outlines, so what shows is still cairo's.
 *
 * Limits: SVG_TEXT_MAX bytes of collected text, SVG_FILE_MAX bytes of file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "render/render_pdf_internal.h"

#define SVG_TEXT_MAX (4u << 20)  /* a 100-bar chart holds about 30 kB of text */
#define SVG_FILE_MAX (64u << 20) /* cairo's 100-bar chart is about 1 MB */

static int grow(svg_text *t, size_t extra)
{
    if (t->failed)
        return 0;
    if (t->len + extra + 1 <= t->cap)
        return 1;
    size_t cap = t->cap ? t->cap : 4096;
    while (cap < t->len + extra + 1)
        cap *= 2;
    if (cap > SVG_TEXT_MAX) {
        t->failed = 1;
        return 0;
    }
    char *xml = bls_realloc(t->xml, cap);
    if (!xml) {
        t->failed = 1;
        return 0;
    }
    t->xml = xml;
    t->cap = cap;
    return 1;
}

static void put(svg_text *t, const char *s, size_t n)
{
    if (grow(t, n)) {
        memcpy(t->xml + t->len, s, n);
        t->len += n;
        t->xml[t->len] = '\0';
    }
}

/* XML character data: & < > escaped; control characters (not allowed in
 * XML 1.0) dropped. */
static void put_escaped(svg_text *t, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '&')
            put(t, "&amp;", 5);
        else if (c == '<')
            put(t, "&lt;", 4);
        else if (c == '>')
            put(t, "&gt;", 4);
        else if (c == '\n' || c == '\t')
            put(t, " ", 1);
        else if (c >= 0x20)
            put(t, (const char *)&c, 1);
    }
}

void bls_pdf_svg_collect(void *ctx, double x, double y, double size, int bold, const char *line,
                         size_t len)
{
    svg_text *t = ctx;
    char head[128];
    int n = snprintf(head, sizeof head, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\"%s>", x, y,
                     size, bold ? " font-weight=\"bold\"" : "");
    if (n > 0 && (size_t)n < sizeof head)
        put(t, head, (size_t)n);
    while (len && (line[len - 1] == '\n' || line[len - 1] == ' '))
        len--;
    put_escaped(t, line, len);
    put(t, "</text>\n", 8);
}

void bls_pdf_svg_text_free(svg_text *t)
{
    bls_free(t->xml);
    memset(t, 0, sizeof *t);
}

static bls_status read_all(const char *path, char **out, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return BLS_ERR_WRITE;
    long n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (n < 0 || fseek(f, 0, SEEK_SET) != 0) {
        (void)fclose(f); /* read only, or already failing */
        return BLS_ERR_WRITE;
    }
    if ((unsigned long)n > SVG_FILE_MAX) {
        (void)fclose(f); /* read only, or already failing */
        return BLS_ERR_LIMIT;
    }
    char *buf = bls_malloc((size_t)n + 1);
    if (!buf) {
        (void)fclose(f); /* read only, or already failing */
        return BLS_ERR_NOMEM;
    }
    size_t got = fread(buf, 1, (size_t)n, f);
    int bad = ferror(f) || got != (size_t)n;
    (void)fclose(f); /* read only, or already failing */
    if (bad) {
        bls_free(buf);
        return BLS_ERR_WRITE;
    }
    buf[got] = '\0';
    *out = buf;
    *size = got;
    return BLS_OK;
}

bls_status bls_pdf_svg_finish(const char *path, const char *title, const char *const *desc,
                              size_t desc_count, const svg_text *t)
{
    if (t->failed)
        return BLS_ERR_NOMEM;
    char *svg = NULL;
    size_t size = 0;
    bls_status st = read_all(path, &svg, &size);
    if (st != BLS_OK)
        return st;
    /* The root element's start tag ends at the first '>' after "<svg"; the
     * file ends with "</svg>". Anything else is not cairo's: left alone. */
    char *root = strstr(svg, "<svg");
    char *open_end = root ? strchr(root, '>') : NULL;
    char *close = NULL;
    for (char *p = open_end ? strstr(open_end, "</svg>") : NULL; p; p = strstr(p + 6, "</svg>"))
        close = p;
    if (!open_end || !close) {
        bls_free(svg);
        return BLS_OK;
    }
    svg_text head = {0};
    put(&head, "\n<title>", 8);
    put_escaped(&head, title, strlen(title));
    put(&head, "</title>\n<desc>", 15);
    for (size_t i = 0; i < desc_count; i++) {
        if (i)
            put(&head, " ", 1);
        put_escaped(&head, desc[i], strlen(desc[i]));
    }
    put(&head, "</desc>\n", 8);
    static const char group[] = "<g fill=\"#000000\" fill-opacity=\"0\" "
                                "font-family=\"DejaVu Sans, sans-serif\">\n";
    FILE *f = head.failed ? NULL : fopen(path, "wb");
    if (!f) {
        st = head.failed ? BLS_ERR_NOMEM : BLS_ERR_WRITE;
    } else {
        size_t a = (size_t)(open_end + 1 - svg), b = (size_t)(close - (open_end + 1));
        int ok = fwrite(svg, 1, a, f) == a && fwrite(head.xml, 1, head.len, f) == head.len &&
                 fwrite(open_end + 1, 1, b, f) == b &&
                 fwrite(group, 1, sizeof group - 1, f) == sizeof group - 1 &&
                 (t->len == 0 || fwrite(t->xml, 1, t->len, f) == t->len) &&
                 fputs("</g>\n</svg>\n", f) >= 0;
        if (fclose(f) != 0 || !ok)
            st = BLS_ERR_WRITE;
    }
    bls_pdf_svg_text_free(&head);
    bls_free(svg);
    return st;
}
