/*
 * aliases_internal.h - what the extractor needs from the alias module
 * beyond aliases.h (not installed; shared by aliases.c and extract.c).
 *
 * The extractor scans a document word by word for every known name: it
 * must cut words exactly as bls_aliases_normalise() does and read the alias
 * table's names, so both come from here instead of being written twice.
 */
#ifndef BLS_ALIASES_INTERNAL_H
#define BLS_ALIASES_INTERNAL_H

#include <stddef.h>

/** Longest normalised word kept; longer words never match a name. */
#define BLS_ALIAS_WORD_MAX 48

/**
 * @brief Length of the word character at @p s[i] (1, or 2..4 for a UTF-8
 * letter; an apostrophe between letters counts), 0 for a separator.
 */
size_t bls_aliases_word_char(const char *s, size_t i, size_t len);

/**
 * @brief True when a new word starts at @p s[i] although the previous byte
 * is a word character: "AssistantPsychiatric" (lower-case then upper-case).
 */
int bls_aliases_camel_break(const char *s, size_t i);

/**
 * @brief Normalise one word ("Techs" -> "technician", "assistants" ->
 * "assistant", "associate's" -> "associate") into @p buf (NUL-terminated).
 * @return length written; 0 when the word is empty or longer than @p size - 1.
 */
size_t bls_aliases_normalise_word(const char *word, size_t len, char *buf, size_t size);

/**
 * @brief Normalise a model title, leaving out a trailing "(...)" (EP titles
 * carry their SOC code there: "Psychiatric technicians (29-2053)").
 * @return length written, 0 when empty or @p size is too small.
 */
size_t bls_aliases_normalise_title(const char *title, char *buf, size_t size);

/** @brief Rows in the built-in alias table. */
size_t bls_aliases_table_count(void);
/** @brief The normalised name of row @p i (static storage), NULL when out of range. */
const char *bls_aliases_table_name(size_t i);

#endif /* BLS_ALIASES_INTERNAL_H */
