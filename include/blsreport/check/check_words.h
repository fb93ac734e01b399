/*
 * check_words.h - a verdict in words: the one sentence every output shows.
 *
 * Pipeline stage: crosscheck -> *check_words* -> render (xlsx, pdf, json,
 * SARIF, CI annotations).
 *
 * The cross-check decides; it stores what it found as data in a bls_check
 * (verdict, the case of the verdict that applies, values, periods, facts,
 * candidates, explanations, the other quote that disagrees). This module
 * alone turns those fields into words, so that the workbook, the PDF, the
 * JSON summary and the CI outputs say the same thing and none of them
 * formats a verdict itself. bls_crosscheck() calls bls_check_describe()
 * once per check and keeps the text in bls_check.note.
 *
 * The sentence, by case (see bls_verdict_case in crosscheck.h):
 *   "data: $54,410 (May 2014, oes_national_M2014_dl.csv:6)"
 *   "claimed 41%, data 40.9% (...): equal at the claim's precision"
 *   "claimed $54,050, data $54,410 (...): off by -$360"
 *   "data: top-coded at or above the cap ("#"), ... (...); claimed $187,200 cannot be checked"
 *   "claimed $50,000; the data disagree: $54,410 (...) but $55,000 (b.csv:9); not checked
 * (data-conflict)" "claimed "about half" is not a number; data: 41% (...)" "no Median annual wage
 * for 31-2021 Physical Therapist Assistants in the data" "no Median annual wage for May 2010 in the
 * data; the data have May 2014, May 2015" "stale: claim May 2014 $54,410; data May 2015 $55,170
 * (b.csv:6)"
 *   "\"therapy assistants\" matches 2 occupations: 31-2011 ..., 31-2021 ..."
 *   "SOC 99-9999 is not in the data; \"Astronauts\" matches no occupation in the data"
 * then, when they apply: "; stale: the data also have May 2015 $55,170 (b.csv:6)"
 * (a figure right for its period), the best explanation ("; 5% is 29-2053
 * ... combined (4.97%)") and the other quote ("; doc.txt:60 quotes 25%").
 * Money has thousands separators, percents the decimals written, sources
 * are file:line (a worksheet's cell as book.xls:Table 1.2!H452).
 *
 * Nothing is cut: the text grows in the caller's bls_dynbuf, whose limit is
 * the only bound.
 */
#ifndef BLS_CHECK_WORDS_H
#define BLS_CHECK_WORDS_H

#include "blsreport/base/dynbuf.h"
#include "blsreport/base/status.h"
#include "blsreport/check/crosscheck.h"

/**
 * @brief Append the sentence for @p check to @p out, from the check's fields
 * alone (and what they borrow: its claim, facts, occupation, explanations).
 * @param check a check filled by bls_crosscheck() (or by hand, as tests do).
 * @param out   the text is appended (and NUL-terminated); on failure @p out
 *              may hold part of the sentence.
 * @return BLS_OK; BLS_ERR_LIMIT (the buffer's limit), BLS_ERR_NOMEM;
 *         BLS_ERR_INVALID_ARG when @p check, its claim or @p out is NULL.
 *
 * @code
 *   bls_dynbuf text;
 *   bls_dynbuf_init(&text, 1 << 20);
 *   if (bls_check_describe(&checks.items[0], &text) == BLS_OK)
 *       puts(text.data);          // "data: $54,410 (May 2014, oes_national_M2014_dl.csv:6)"
 *   bls_dynbuf_cleanup(&text);
 * @endcode
 */
bls_status bls_check_describe(const bls_check *check, bls_dynbuf *out) BLS_MUST_CHECK;

/**
 * @brief Append the message of the BLS_RULE_CLAIM_DISAGREE finding of a
 * check whose other_quote is set: "doc.txt:12 quotes median_annual_wage of
 * 31-2021 (May 2014) as $54,410, but doc.txt:60 quotes $54,000".
 * @return as bls_check_describe(); BLS_ERR_INVALID_ARG also when the check
 *         has no other quote.
 */
bls_status bls_check_describe_disagreement(const bls_check *check, bls_dynbuf *out) BLS_MUST_CHECK;

#endif /* BLS_CHECK_WORDS_H */
