/*
 * cli.h - the command line: options, messages, exit codes.
 *
 * Exit codes: exit_code.h.
 */
#ifndef BLS_CLI_H
#define BLS_CLI_H

#include "blsreport/cli/exit_code.h" /* the codes and what they say */


/** @brief Run the program as main() would; returns the exit code. */
int bls_cli_main(int argc, char **argv);

#endif /* BLS_CLI_H */
