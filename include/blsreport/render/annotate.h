/*
 * annotate.h - CI items as text for people and for CI: GCC-style lines,
 * GitHub Actions workflow commands, and a Markdown job summary. Every
 * field is escaped, so that data (an occupation title, a file name) can
 * never end a line, start a workflow command or send a control sequence
 * to a terminal.
 *
 * Pipeline stage: ci items -> *annotate* -> the CLI prints.
 *
 * The functions append to a caller's bls_dynbuf and never print.
 *
 * Escapes:
 *   workflow data       %  CR  LF              -> %25 %0D %0A
 *   workflow property   %  CR  LF  :  ,        -> %25 %0D %0A %3A %2C
 *   terminal text       other C0 controls, DEL and C1 controls (U+0080-U+009F)
 *                       -> \t \n \r \xNN \u00NN (visible, never interpreted)
 * In workflow commands the other control characters are written as terminal
 * text writes them.
 */
#ifndef BLS_ANNOTATE_H
#define BLS_ANNOTATE_H

#include <stddef.h>

#include "blsreport/base/dynbuf.h"
#include "blsreport/base/status.h"
#include "blsreport/render/ci.h"

/** @brief Append @p text escaped for a terminal or a log. */
bls_status bls_escape_text(bls_dynbuf *out, const char *text) BLS_MUST_CHECK;
/** @brief Append @p text escaped as the message of a workflow command. */
bls_status bls_escape_workflow_data(bls_dynbuf *out, const char *text) BLS_MUST_CHECK;
/** @brief Append @p text escaped as a property value of a workflow command. */
bls_status bls_escape_workflow_property(bls_dynbuf *out, const char *text) BLS_MUST_CHECK;

/**
 * @brief One line (with '\n'): "path:line:col: level: message [rule]", the
 * line and column left out when 0; verdicts as "path:line: verdict: message".
 */
bls_status bls_annotate_text(bls_dynbuf *out, const bls_ci_item *item) BLS_MUST_CHECK;

/**
 * @brief One workflow command (with '\n'):
 * "::error file=F,line=L,col=C,title=T::message". error for items that
 * fail the run (and are not baselined), warning for warnings and for
 * baselined failures, notice for the rest. line and col are left out when
 * 0 (GitHub reads col=0 as a column).
 */
bls_status bls_annotate_github(bls_dynbuf *out, const bls_ci_item *item) BLS_MUST_CHECK;

/** @brief "error", "warning" or "notice": the command bls_annotate_github() writes. */
const char *bls_annotate_github_level(const bls_ci_item *item);

/** Counts for the job summary's table (the CLI's own). */
typedef struct bls_annotate_counts {
    size_t inputs;
    unsigned long long rows_read, rows_rejected;
    size_t claims;
    size_t by_verdict[BLS_VERDICT_COUNT];
    unsigned long long errors, warnings;
    size_t baselined; /**< failing items known to the baseline */
    int exit_code;
} bls_annotate_counts;

/**
 * @brief A Markdown job summary ($GITHUB_STEP_SUMMARY): a table of counts,
 * then at most @p max_listed items that fail the run or warn, each with its
 * location. Table cells are escaped: | < > ` [ ] as HTML entities, control characters as
 * terminal text.
 */
bls_status bls_annotate_step_summary(bls_dynbuf *out, const bls_annotate_counts *counts,
                                     const bls_ci_items *items, size_t max_listed) BLS_MUST_CHECK;

#endif /* BLS_ANNOTATE_H */
