/*
 * main.c - blsreport entry point: everything is in cli.c.
 */
#include "blsreport/cli/cli.h"

int main(int argc, char **argv) { return bls_cli_main(argc, argv); }
