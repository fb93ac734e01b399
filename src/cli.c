/* STUB - being written. */
#include "blsreport/cli.h"
int bls_cli_main(int argc, char **argv) { (void)argc; (void)argv; return BLS_EXIT_USAGE; }
