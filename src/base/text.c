/*
 * text.c - small text helpers (see text.h). Vocabulary floor.
 */
#include "blsreport/base/text.h"

#include <ctype.h>
#include <string.h>

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char lower_ascii(char c)
{
    if (c >= 'A' && c <= 'Z')
        return (char)(c - 'A' + 'a');
    return c;
}

void bls_text_trim(const char **text, size_t *len)
{
    const char *s = *text;
    size_t n = *len;
    while (n > 0 && is_space(s[0])) {
        s++;
        n--;
    }
    while (n > 0 && is_space(s[n - 1]))
        n--;
    *text = s;
    *len = n;
}

int bls_text_is_ci(const char *text, size_t len, const char *lower_literal)
{
    size_t n = strlen(lower_literal);
    if (len != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower_ascii(text[i]) != lower_literal[i])
            return 0;
    return 1;
}

int bls_utf8_clip(const char *text, size_t len, size_t max)
{
    if (len > max) {
        len = max;
        while (len > 0 && ((unsigned char)text[len] & 0xC0u) == 0x80u)
            len--;
    }
    return (int)len;
}

int bls_text_same_words(const char *a, size_t a_len, const char *b, size_t b_len)
{
    size_t i = 0, j = 0;
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
