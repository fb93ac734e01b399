/*
 * test_textenc.c - encodings: byte-order marks and UTF-16 without one,
 * UTF-16/32 decoding cut at every byte, Windows-1252 vs Mac Roman decided
 * from the bytes, the Mac Roman table against glibc's iconv, whole
 * documents brought to UTF-8, and allocation failures.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/alloc_internal.h"
#include "blsreport/base/alloc.h"
#include "blsreport/base/textenc.h"

#define TEXT(s) (s), (sizeof(s) - 1)

/* ASCII text as UTF-16 (synthetic). */
static size_t to_utf16(const char *ascii, int big, int bom, char *out)
{
    size_t n = 0;
    if (bom) {
        out[n++] = big ? '\xFE' : '\xFF';
        out[n++] = big ? '\xFF' : '\xFE';
    }
    for (const char *p = ascii; *p; p++) {
        out[n++] = big ? '\0' : *p;
        out[n++] = big ? *p : '\0';
    }
    return n;
}

static void test_byte_order_marks_decide_the_encoding(void **state)
{
    (void)state;
    static const struct {
        const char *head;
        size_t len;
        bls_text_encoding enc;
        size_t bom;
    } cases[] = {
        {"\xFF\xFE\0\0a\0\0\0", 8, BLS_ENC_UTF32LE, 4},
        {"\0\0\xFE\xFF\0\0\0"
         "a",
         8, BLS_ENC_UTF32BE, 4},
        {"\xFF\xFE"
         "a\0",
         4, BLS_ENC_UTF16LE, 2},
        {"\xFE\xFF\0a", 4, BLS_ENC_UTF16BE, 2},
        {"\xEF\xBB\xBF"
         "a,b",
         6, BLS_ENC_UTF8, 3},
        {"a,b\n", 4, BLS_ENC_UTF8, 0},
        {"", 0, BLS_ENC_UTF8, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t bom = 99;
        assert_int_equal(bls_textenc_sniff(cases[i].head, cases[i].len, &bom), cases[i].enc);
        assert_int_equal(bom, cases[i].bom);
    }
}

static void test_utf16_without_a_mark_is_recognised_only_when_unmistakable(void **state)
{
    (void)state;
    char buf[256];
    size_t bom;
    size_t n = to_utf16("OCC_CODE\tOCC_TITLE\r\n", 0, 0, buf);
    assert_int_equal(bls_textenc_sniff(buf, n, &bom), BLS_ENC_UTF16LE);
    assert_int_equal(bom, 0);
    n = to_utf16("OCC_CODE\tOCC_TITLE\r\n", 1, 0, buf);
    assert_int_equal(bls_textenc_sniff(buf, n, &bom), BLS_ENC_UTF16BE);
    /* too short to tell, and a single NUL in ASCII text */
    n = to_utf16("a,b", 0, 0, buf);
    assert_int_equal(bls_textenc_sniff(buf, n, &bom), BLS_ENC_UTF8);
    assert_int_equal(bls_textenc_sniff(TEXT("OCC_CODE,OCC\0TITLE,A_MEDIAN\n"), &bom), BLS_ENC_UTF8);
}

/* Decode @p in in pieces cut at @p cut, as a stream reader does. */
static char *decode_in_two(bls_text_encoding enc, const char *in, size_t len, size_t cut,
                           size_t *invalid)
{
    bls_dynbuf out;
    bls_dynbuf_init(&out, 1 << 20);
    size_t used = 0;
    *invalid = 0;
    assert_int_equal(bls_textenc_decode_wide(enc, in, cut, 0, &out, &used, invalid), BLS_OK);
    assert_true(used <= cut);
    size_t used2 = 0;
    assert_int_equal(bls_textenc_decode_wide(enc, in + used, len - used, 1, &out, &used2, invalid),
                     BLS_OK);
    assert_int_equal(used + used2, len);
    char *text = bls_dynbuf_take(&out);
    if (!text)
        text = bls_strdup("");
    return text;
}

static void test_utf16_and_utf32_decode_the_same_wherever_the_input_is_cut(void **state)
{
    (void)state;
    /* "A−41%😀é" : U+2212 and a surrogate pair (U+1F600) */
    static const char le16[] = "A\0\x12\x22"
                               "4\0"
                               "1\0%\0\x3D\xD8\x00\xDE\xE9\0";
    static const char be16[] = "\0A\x22\x12\0"
                               "4\0"
                               "1\0%\xD8\x3D\xDE\x00\0\xE9";
    static const char le32[] = "A\0\0\0\x12\x22\0\0"
                               "4\0\0\0"
                               "1\0\0\0%\0\0\0\x00\xF6\x01\0\xE9\0\0\0";
    static const char want[] = "A\xE2\x88\x92"
                               "41%\xF0\x9F\x98\x80\xC3\xA9";
    const struct {
        bls_text_encoding enc;
        const char *in;
        size_t len;
    } cases[] = {
        {BLS_ENC_UTF16LE, le16, sizeof le16 - 1},
        {BLS_ENC_UTF16BE, be16, sizeof be16 - 1},
        {BLS_ENC_UTF32LE, le32, sizeof le32 - 1},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (size_t cut = 0; cut <= cases[c].len; cut++) {
            size_t invalid;
            char *text = decode_in_two(cases[c].enc, cases[c].in, cases[c].len, cut, &invalid);
            assert_string_equal(text, want);
            assert_int_equal(invalid, 0);
            bls_free(text);
        }
    }
}

static void test_lone_surrogates_and_cut_units_become_replacement_characters(void **state)
{
    (void)state;
    size_t invalid;
    /* a low half alone, a high half before 'a', and a final odd byte */
    char *text = decode_in_two(BLS_ENC_UTF16LE,
                               "\x00\xDC\x3D\xD8"
                               "a\0z",
                               7, 7, &invalid);
    assert_string_equal(text, "\xEF\xBF\xBD\xEF\xBF\xBD"
                              "a\xEF\xBF\xBD");
    assert_int_equal(invalid, 3);
    bls_free(text);
    text = decode_in_two(BLS_ENC_UTF32BE, "\0\x11\0\0", 4, 4, &invalid); /* above U+10FFFF */
    assert_string_equal(text, "\xEF\xBF\xBD");
    assert_int_equal(invalid, 1);
    bls_free(text);
}

static void test_mac_roman_and_windows_1252_are_told_apart_by_their_punctuation(void **state)
{
    (void)state;
    static const struct {
        const char *sample;
        bls_text_encoding want;
    } cases[] = {
        /* Excel for Mac: em dash 0xD1 as a cell, quotes 0xD2/0xD3, right quote 0xD5 */
        {"\"Actors\",27-2011,\xD1,\"\xD1\"\r\n", BLS_ENC_MACROMAN},
        {"Workers\xD5 compensation \xD2insurance\xD3", BLS_ENC_MACROMAN},
        {"2019\xD0"
         "29 caf\x8E",
         BLS_ENC_MACROMAN},
        /* Excel for Windows: em dash 0x97, quotes 0x93/0x94, en dash 0x96 */
        {"\"Actors\",27-2011,\x97,\"\x97\"\r\n", BLS_ENC_CP1252},
        {"\x93quoted\x94 2012\x96"
         "22",
         BLS_ENC_CP1252},
        {"caf\xE9 na\xEFve", BLS_ENC_CP1252},
        /* a right quote alone reads in both ("worker's" / "workerís"): the common one */
        {"worker\x92s", BLS_ENC_CP1252},
        {"", BLS_ENC_CP1252},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(bls_textenc_guess_legacy(cases[i].sample, strlen(cases[i].sample)),
                         cases[i].want);
}

/* The Mac Roman table, checked against an independent decoder: glibc's
 * iconv (the iconv program), which differs from Apple only at 0xF0. */
static void test_mac_roman_table_matches_iconv(void **state)
{
    (void)state;
    char path[] = "/tmp/test_textenc_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    assert_non_null(fp);
    for (int c = 0x80; c <= 0xFF; c++) {
        if (c == 0xF0)
            continue;
        fputc(c, fp);
        fputc('\n', fp);
    }
    assert_int_equal(fclose(fp), 0);
    char command[128];
    snprintf(command, sizeof command, "iconv -f macintosh -t utf-8 %s", path);
    FILE *pipe = popen(command, "r");
    if (!pipe) {
        remove(path);
        skip();
    }
    char expected[1024];
    size_t n = fread(expected, 1, sizeof expected - 1, pipe);
    expected[n] = '\0';
    int rc = pclose(pipe);
    remove(path);
    if (rc != 0)
        skip();
    bls_dynbuf out;
    bls_dynbuf_init(&out, 4096);
    for (int c = 0x80; c <= 0xFF; c++) {
        if (c == 0xF0)
            continue;
        char in[2] = {(char)c, '\n'};
        size_t undefined = 0;
        assert_int_equal(bls_textenc_decode_legacy(BLS_ENC_MACROMAN, in, 2, &out, &undefined),
                         BLS_OK);
        assert_int_equal(undefined, 0);
    }
    assert_string_equal(out.data, expected);
    bls_dynbuf_cleanup(&out);
}

static void test_windows_1252_undefined_bytes_are_counted(void **state)
{
    (void)state;
    bls_dynbuf out;
    bls_dynbuf_init(&out, 4096);
    size_t undefined = 0;
    assert_int_equal(
        bls_textenc_decode_legacy(BLS_ENC_CP1252, TEXT("\x81\x97\xE9\x9D"), &out, &undefined),
        BLS_OK);
    assert_string_equal(out.data, "\xEF\xBF\xBD\xE2\x80\x94\xC3\xA9\xEF\xBF\xBD");
    assert_int_equal(undefined, 2);
    assert_int_equal(bls_textenc_decode_legacy(BLS_ENC_UTF8, TEXT("a"), &out, &undefined),
                     BLS_ERR_INVALID_ARG);
    bls_dynbuf_cleanup(&out);
}

static void test_documents_come_out_as_utf8_whatever_they_were(void **state)
{
    (void)state;
    char utf16[256];
    size_t n16 = to_utf16("Growth: 41%\r\n", 0, 1, utf16);
    const struct {
        const char *in;
        size_t len;
        const char *want;
        bls_text_encoding enc;
        size_t legacy_lines;
    } cases[] = {
        {"\xEF\xBB\xBF"
         "caf\xC3\xA9",
         8, "caf\xC3\xA9", BLS_ENC_UTF8, 0},
        {"ok\n\x93"
         "41%\x94\nok\n",
         12,
         "ok\n\xE2\x80\x9C"
         "41%\xE2\x80\x9D\nok\n",
         BLS_ENC_CP1252, 1},
        {"a \xD1 b\n\xD2x\xD3\n", 10, "a \xE2\x80\x94 b\n\xE2\x80\x9Cx\xE2\x80\x9D\n",
         BLS_ENC_MACROMAN, 2},
        {utf16, n16, "Growth: 41%\r\n", BLS_ENC_UTF16LE, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bls_dynbuf out;
        bls_dynbuf_init(&out, 1 << 20);
        bls_text_encoding enc;
        size_t lines = 99, invalid = 99;
        assert_int_equal(
            bls_textenc_to_utf8(cases[i].in, cases[i].len, &out, &enc, &lines, &invalid), BLS_OK);
        assert_string_equal(out.data ? out.data : "", cases[i].want);
        assert_int_equal(enc, cases[i].enc);
        assert_int_equal(lines, cases[i].legacy_lines);
        assert_int_equal(invalid, 0);
        bls_dynbuf_cleanup(&out);
    }
}

static void test_allocation_failures_are_reported(void **state)
{
    (void)state;
    char utf16[256];
    size_t n16 = to_utf16("a,b\r\n", 0, 1, utf16);
    const char *inputs[] = {"x\x97y\n", utf16, "plain"};
    size_t lens[] = {5, 0, 5};
    lens[1] = n16;
    for (size_t i = 0; i < 3; i++) {
        bls_dynbuf out;
        bls_dynbuf_init(&out, 1 << 20);
        bls_text_encoding enc;
        size_t lines, invalid;
        bls_alloc_fail_after(0);
        bls_status st = bls_textenc_to_utf8(inputs[i], lens[i], &out, &enc, &lines, &invalid);
        bls_alloc_reset();
        assert_int_equal(st, BLS_ERR_NOMEM);
        bls_dynbuf_cleanup(&out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_byte_order_marks_decide_the_encoding),
        cmocka_unit_test(test_utf16_without_a_mark_is_recognised_only_when_unmistakable),
        cmocka_unit_test(test_utf16_and_utf32_decode_the_same_wherever_the_input_is_cut),
        cmocka_unit_test(test_lone_surrogates_and_cut_units_become_replacement_characters),
        cmocka_unit_test(test_mac_roman_and_windows_1252_are_told_apart_by_their_punctuation),
        cmocka_unit_test(test_mac_roman_table_matches_iconv),
        cmocka_unit_test(test_windows_1252_undefined_bytes_are_counted),
        cmocka_unit_test(test_documents_come_out_as_utf8_whatever_they_were),
        cmocka_unit_test(test_allocation_failures_are_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
