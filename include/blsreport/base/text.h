/*
 * text.h - small text helpers every stage uses: trimming, ASCII
 * case-insensitive comparison, cutting UTF-8 on a character boundary.
 *
 * Vocabulary floor: depends on nothing but the C library.
 */
#ifndef BLS_TEXT_H
#define BLS_TEXT_H

#include <stddef.h>

/** @brief Strip spaces, tabs, CR and LF at both ends of [*text, *text + *len). */
void bls_text_trim(const char **text, size_t *len);

/**
 * @brief Compare a counted text with a lower-case ASCII literal, ignoring
 * ASCII case: bls_text_is_ci("Major", 5, "major") is 1.
 */
int bls_text_is_ci(const char *text, size_t len, const char *lower_literal);

/**
 * @brief Longest prefix of at most @p max bytes of @p text that does not end
 * inside a UTF-8 sequence, as an int for "%.*s".
 */
int bls_utf8_clip(const char *text, size_t len, size_t max);

/**
 * @brief True when two texts have the same letters and digits in the same
 * order, ignoring ASCII case, spaces and punctuation: OEWS's "Physical
 * Therapist Assistants" and EP's "Physical therapist assistants" are one
 * title.
 */
int bls_text_same_words(const char *a, size_t a_len, const char *b, size_t b_len);

#endif /* BLS_TEXT_H */
