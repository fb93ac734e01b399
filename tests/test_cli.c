/*
 * test_cli.c - the command line: option errors give exit 2 before anything
 * is read or written; --help and --version succeed.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>

#include "blsreport/cli/cli.h"

static int run_cli(int argc, const char *const *args)
{
    char *argv[16];
    for (int i = 0; i < argc; i++)
        argv[i] = (char *)args[i];
    argv[argc] = NULL;
    /* keep cmocka's output readable: the CLI prints on stdout/stderr */
    fflush(stdout);
    return bls_cli_main(argc, argv);
}

/* run_cli() with stdout on @p path (e.g. /dev/full), restored afterwards. */
static int run_cli_stdout_to(const char *path, int argc, const char *const *args)
{
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    int fd = open(path, O_WRONLY);
    assert_true(saved >= 0 && fd >= 0);
    assert_int_equal(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
    close(fd);
    int rc = run_cli(argc, args);
    (void)fflush(stdout); /* fails again on /dev/full: what is left is dropped */
    clearerr(stdout);
    assert_int_equal(dup2(saved, STDOUT_FILENO), STDOUT_FILENO);
    close(saved);
    return rc;
}

/* Issue #19 item 8: what cannot reach stdout is an output error (3), not
 * a success. */
static void test_stdout_that_cannot_be_written_is_exit_3(void **state)
{
    (void)state;
    const char *const cases[][2] = {
        {"blsreport", "--help"}, {"blsreport", "-V"}, {"blsreport", "--list-rules"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(run_cli_stdout_to("/dev/full", 2, cases[i]), BLS_EXIT_OUTPUT);
    assert_int_equal(run_cli_stdout_to("/dev/null", 2, cases[0]), BLS_EXIT_OK);
}

static void test_help_exits_zero(void **state)
{
    (void)state;
    const char *args[] = {"blsreport", "--help"};
    assert_int_equal(run_cli(2, args), BLS_EXIT_OK);
}

static void test_version_exits_zero(void **state)
{
    (void)state;
    const char *args[] = {"blsreport", "-V"};
    assert_int_equal(run_cli(2, args), BLS_EXIT_OK);
}

static void test_unknown_option_is_a_usage_error(void **state)
{
    (void)state;
    const char *args[] = {"blsreport", "--no-such-option"};
    assert_int_equal(run_cli(2, args), BLS_EXIT_USAGE);
}

static void test_option_without_value_is_a_usage_error(void **state)
{
    (void)state;
    const char *args[] = {"blsreport", "--json"};
    assert_int_equal(run_cli(2, args), BLS_EXIT_USAGE);
}

static void test_bad_option_values_are_usage_errors(void **state)
{
    (void)state;
    const char *const cases[][3] = {
        {"blsreport", "--fail-on", "sometimes"},   {"blsreport", "--paper", "a3"},
        {"blsreport", "--diagnostics", "xml"},     {"blsreport", "--max-diagnostics", "-1"},
        {"blsreport", "--max-diagnostics", "12x"}, {"blsreport", "--wage-period", "soon"},
        {"blsreport", "--select", ","},            {"blsreport", "--jobs", "0"},
        {"blsreport", "-j", "two"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(run_cli(3, cases[i]), BLS_EXIT_USAGE);
}

static void test_invalid_source_date_epoch_is_a_usage_error(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
    const char *args[] = {"blsreport", "--no-pdf", "/nonexistent.csv"};
    assert_int_equal(run_cli(3, args), BLS_EXIT_USAGE);
    unsetenv("SOURCE_DATE_EPOCH");
}

static void test_missing_input_is_a_usage_error(void **state)
{
    (void)state;
    const char *args[] = {"blsreport", "--no-xlsx", "--no-pdf", "/nonexistent/file.csv"};
    assert_int_equal(run_cli(4, args), BLS_EXIT_USAGE);
}

static void test_no_arguments_without_input_dir_is_a_usage_error(void **state)
{
    (void)state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    char dir[] = "/tmp/bls_cli_XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(chdir(dir), 0);
    const char *args[] = {"blsreport"};
    int rc = run_cli(1, args);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(rmdir(dir), 0); /* nothing was written there */
    assert_int_equal(rc, BLS_EXIT_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_exits_zero),
        cmocka_unit_test(test_stdout_that_cannot_be_written_is_exit_3),
        cmocka_unit_test(test_version_exits_zero),
        cmocka_unit_test(test_unknown_option_is_a_usage_error),
        cmocka_unit_test(test_option_without_value_is_a_usage_error),
        cmocka_unit_test(test_bad_option_values_are_usage_errors),
        cmocka_unit_test(test_invalid_source_date_epoch_is_a_usage_error),
        cmocka_unit_test(test_missing_input_is_a_usage_error),
        cmocka_unit_test(test_no_arguments_without_input_dir_is_a_usage_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
