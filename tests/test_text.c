/*
 * test_text.c - unit tests for text.c, the small text helpers every stage uses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "blsreport/base/text.h"

static int same(const char *a, const char *b)
{
    return bls_text_same_words(a, strlen(a), b, strlen(b));
}

/* OEWS and EP write one title two ways: not a title conflict. */
static void test_same_words_ignore_case_spacing_and_punctuation(void **state)
{
    (void)state;
    assert_true(same("Physical Therapist Assistants", "Physical therapist assistants"));
    assert_true(same("Psychiatric Technicians", "  psychiatric   technicians. "));
    assert_true(same("Nurse Anesthetists", "Nurse-anesthetists"));
    assert_true(same("", " - "));
    assert_false(same("Psychiatric Technicians", "Psychiatric Aides"));
    assert_false(same("Psychiatric Technicians", "Psychiatric Technician"));
    assert_false(same("Registered Nurses", "Registered Nurses 2"));
    /* counted: the second text is cut at its length */
    assert_true(bls_text_same_words("Nurses", 6, "Nurses, all other", 6));
}

static void test_trim_and_case_insensitive_literal(void **state)
{
    (void)state;
    const char *t = " \t Major \r\n";
    size_t n = strlen(t);
    bls_text_trim(&t, &n);
    assert_int_equal(n, 5);
    assert_memory_equal(t, "Major", 5);
    assert_true(bls_text_is_ci(t, n, "major"));
    assert_false(bls_text_is_ci(t, n, "majo"));
}

static void test_utf8_clip_keeps_whole_characters(void **state)
{
    (void)state;
    const char *t = "caf\xc3\xa9s";                      /* "cafés" */
    assert_int_equal(bls_utf8_clip(t, strlen(t), 4), 3); /* not inside the é */
    assert_int_equal(bls_utf8_clip(t, strlen(t), 5), 5);
    assert_int_equal(bls_utf8_clip(t, strlen(t), 99), 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_words_ignore_case_spacing_and_punctuation),
        cmocka_unit_test(test_trim_and_case_insensitive_literal),
        cmocka_unit_test(test_utf8_clip_keeps_whole_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
