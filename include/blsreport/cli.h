/*
 * cli.h - the command line: options, messages, exit codes.
 *
 * Exit codes (also in --help and README):
 *   0 report written, nothing wrong
 *   1 report written, but findings (a claim that does not match, or an
 *     error-level validation finding)
 *   2 usage error or no usable input; nothing written
 *   3 an output could not be written
 *   130 / 143 interrupted by SIGINT / SIGTERM; nothing written
 */
#ifndef BLS_CLI_H
#define BLS_CLI_H

enum bls_exit {
    BLS_EXIT_OK = 0,
    BLS_EXIT_FINDINGS = 1,
    BLS_EXIT_USAGE = 2,
    BLS_EXIT_OUTPUT = 3,
    BLS_EXIT_SIGINT = 130,
    BLS_EXIT_SIGTERM = 143,
};

/** @brief Run the program as main() would; returns the exit code. */
int bls_cli_main(int argc, char **argv);

#endif /* BLS_CLI_H */
