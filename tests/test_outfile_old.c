/*
 * test_outfile.c - unit tests for outfile.c (atomic outputs).
 *
 * Pipeline: every renderer writes through bls_outfile so that a failed or
 * interrupted run leaves an earlier report as it was and no temporary file
 * behind. Each test works in its own mkdtemp directory under /tmp, removed
 * afterwards; nothing is written into the source tree.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc_internal.h"
#include "blsreport/outfile.h"

typedef struct fixture {
    char dir[64];
    char path[256]; /* dir/report.json */
} fixture;

static int setup_dir(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    strcpy(fx->dir, "/tmp/bls-outfile-XXXXXX");
    if (!mkdtemp(fx->dir)) {
        free(fx);
        return -1;
    }
    snprintf(fx->path, sizeof fx->path, "%s/report.json", fx->dir);
    *state = fx;
    return 0;
}

/* Remove what a test left (files and one level of directories) and the dir. */
static int teardown_dir(void **state)
{
    fixture *fx = *state;
    DIR *d = opendir(fx->dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char p[512];
            snprintf(p, sizeof p, "%s/%s", fx->dir, e->d_name);
            if (unlink(p) != 0)
                (void)rmdir(p);
        }
        closedir(d);
    }
    int rc = rmdir(fx->dir);
    free(fx);
    return rc == 0 ? 0 : -1;
}

/* Number of entries in a directory other than "." and "..". */
static int entries_in(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* The whole file as a string (small test files only). */
static void read_file(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    assert_int_equal(fclose(f), 0);
}

static void test_begin_creates_hidden_empty_temp_beside_final(void **state)
{
    fixture *fx = *state;
    bls_outfile out;
    assert_int_equal(bls_outfile_begin(&out, fx->path), BLS_OK);
    assert_non_null(out.final_path);
    assert_non_null(out.temp_path);
    assert_string_equal(out.final_path, fx->path);
    /* same directory, name ".report.json." + random suffix */
    char prefix[300];
    snprintf(prefix, sizeof prefix, "%s/.report.json.", fx->dir);
    assert_int_equal(strncmp(out.temp_path, prefix, strlen(prefix)), 0);
    assert_true(strlen(out.temp_path) > strlen(prefix));
    assert_null(strchr(out.temp_path + strlen(fx->dir) + 1, '/'));
    struct stat st;
    assert_int_equal(stat(out.temp_path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_size, 0);
    assert_false(exists(fx->path));
    assert_int_equal(entries_in(fx->dir), 1);
    bls_outfile_abort(&out);
}

static void test_commit_renames_temp_over_final(void **state)
{
    fixture *fx = *state;
    bls_outfile out;
    assert_int_equal(bls_outfile_begin(&out, fx->path), BLS_OK);
    char temp[300];
    snprintf(temp, sizeof temp, "%s", out.temp_path);
    write_file(out.temp_path, "{\"done\": true}\n");
    assert_int_equal(bls_outfile_commit(&out), BLS_OK);
    assert_null(out.temp_path);
    assert_null(out.final_path);
    char buf[64];
    read_file(fx->path, buf, sizeof buf);
    assert_string_equal(buf, "{\"done\": true}\n");
    assert_false(exists(temp));
    assert_int_equal(entries_in(fx->dir), 1);
    bls_outfile_abort(&out); /* harmless after commit */
    assert_true(exists(fx->path));
}

static void test_abort_removes_temp_and_is_idempotent(void **state)
{
    fixture *fx = *state;
    bls_outfile out;
    assert_int_equal(bls_outfile_begin(&out, fx->path), BLS_OK);
    char temp[300];
    snprintf(temp, sizeof temp, "%s", out.temp_path);
    write_file(out.temp_path, "half a report");
    bls_outfile_abort(&out);
    assert_null(out.temp_path);
    assert_null(out.final_path);
    assert_false(exists(temp));
    assert_false(exists(fx->path));
    assert_int_equal(entries_in(fx->dir), 0);
    bls_outfile_abort(&out);
    bls_outfile_abort(NULL);
}

static void test_old_report_survives_until_commit(void **state)
{
    fixture *fx = *state;
    char buf[64];
    write_file(fx->path, "old report");
    bls_outfile out;
    assert_int_equal(bls_outfile_begin(&out, fx->path), BLS_OK);
    write_file(out.temp_path, "new report");
    read_file(fx->path, buf, sizeof buf);
    assert_string_equal(buf, "old report"); /* untouched while the new one is written */
    bls_outfile_abort(&out);
    read_file(fx->path, buf, sizeof buf);
    assert_string_equal(buf, "old report"); /* a failed run leaves it as it was */
    assert_int_equal(entries_in(fx->dir), 1);

    assert_int_equal(bls_outfile_begin(&out, fx->path), BLS_OK);
    write_file(out.temp_path, "new report");
    assert_int_equal(bls_outfile_commit(&out), BLS_OK);
    read_file(fx->path, buf, sizeof buf);
    assert_string_equal(buf, "new report");
    assert_int_equal(entries_in(fx->dir), 1);
}

static void test_begin_in_missing_directory_fails_and_leaves_nothing(void **state)
{
    fixture *fx = *state;
    char path[300];
    snprintf(path, sizeof path, "%s/missing/report.json", fx->dir);
    bls_outfile out = {(char *)"sentinel", (char *)"sentinel"};
    errno = 0;
    assert_int_equal(bls_outfile_begin(&out, path), BLS_ERR_WRITE);
    assert_int_equal(errno, ENOENT);
    assert_null(out.temp_path);
    assert_null(out.final_path);
    assert_int_equal(entries_in(fx->dir), 0);
    bls_outfile_abort(&out); /* safe on a failed begin */
}

static void test_begin_under_a_regular_file_fails_and_leaves_nothing(void **state)
{
    fixture *fx = *state;
    char file[300], path[320];
    snprintf(file, sizeof file, "%s/plain.txt", fx->dir);
    write_file(file, "not a directory");
    snprintf(path, sizeof path, "%s/report.json", file);
    bls_outfile out;
    errno = 0;
    assert_int_equal(bls_outfile_begin(&out, path), BLS_ERR_WRITE);
    assert_int_equal(errno, ENOTDIR);
    assert_null(out.temp_path);
    assert_int_equal(entries_in(fx->dir), 1);
    char buf[64];
    read_file(file, buf, sizeof buf);
    assert_string_equal(buf, "not a directory");
}

static void test_commit_over_a_directory_fails_and_removes_temp(void **state)
{
    fixture *fx = *state;
    assert_int_equal(mkdir(fx->path, 0755), 0); /* "report.json" is a directory */
    bls_outfile out;
    assert_int_equal(bls_outfile_begin(&out, fx->path), BLS_OK);
    char temp[300];
    snprintf(temp, sizeof temp, "%s", out.temp_path);
    write_file(out.temp_path, "data");
    assert_int_equal(bls_outfile_commit(&out), BLS_ERR_WRITE);
    assert_null(out.temp_path);
    assert_null(out.final_path);
    assert_false(exists(temp));
    struct stat st;
    assert_int_equal(stat(fx->path, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(entries_in(fx->dir), 1);
}

static void test_permissions_follow_umask(void **state)
{
    fixture *fx = *state;
    static const struct {
        mode_t mask, expected;
    } cases[] = {{022, 0644}, {077, 0600}, {002, 0664}};
    mode_t saved = umask(022);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        umask(cases[i].mask);
        bls_outfile out;
        assert_int_equal(bls_outfile_begin(&out, fx->path), BLS_OK);
        struct stat st;
        assert_int_equal(stat(out.temp_path, &st), 0);
        if ((st.st_mode & 0777) != cases[i].expected)
            fail_msg("umask %03o: temp mode %03o, expected %03o", (unsigned)cases[i].mask,
                     (unsigned)(st.st_mode & 0777), (unsigned)cases[i].expected);
        assert_int_equal(bls_outfile_commit(&out), BLS_OK);
        assert_int_equal(stat(fx->path, &st), 0);
        assert_int_equal(st.st_mode & 0777, cases[i].expected);
        /* the library must not leave the process umask changed */
        mode_t now = umask(cases[i].mask);
        assert_int_equal(now, cases[i].mask);
        assert_int_equal(unlink(fx->path), 0);
    }
    umask(saved);
}

static void test_concurrent_begins_get_distinct_temps(void **state)
{
    fixture *fx = *state;
    bls_outfile a, b;
    assert_int_equal(bls_outfile_begin(&a, fx->path), BLS_OK);
    assert_int_equal(bls_outfile_begin(&b, fx->path), BLS_OK);
    assert_string_not_equal(a.temp_path, b.temp_path);
    assert_int_equal(entries_in(fx->dir), 2);
    bls_outfile_abort(&a);
    bls_outfile_abort(&b);
    assert_int_equal(entries_in(fx->dir), 0);
}

static void test_relative_path_without_directory(void **state)
{
    fixture *fx = *state;
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(fx->dir), 0);
    bls_outfile out;
    bls_status st = bls_outfile_begin(&out, "report.json");
    int temp_ok = st == BLS_OK && strncmp(out.temp_path, ".report.json.", 13) == 0;
    if (st == BLS_OK) {
        write_file(out.temp_path, "x");
        st = bls_outfile_commit(&out);
    }
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(st, BLS_OK);
    assert_true(temp_ok);
    assert_true(exists(fx->path));
    assert_int_equal(entries_in(fx->dir), 1);
}

static void test_unlink_temp_removes_file_and_abort_still_frees(void **state)
{
    fixture *fx = *state;
    bls_outfile out;
    assert_int_equal(bls_outfile_begin(&out, fx->path), BLS_OK);
    bls_outfile_unlink_temp(&out);
    assert_false(exists(out.temp_path));
    assert_int_equal(entries_in(fx->dir), 0);
    bls_outfile_unlink_temp(NULL);
    bls_outfile_abort(&out); /* frees the paths; ASan checks */
    assert_null(out.temp_path);
}

static void test_bad_arguments_are_rejected(void **state)
{
    fixture *fx = *state;
    bls_outfile out = {NULL, NULL};
    assert_int_equal(bls_outfile_begin(NULL, fx->path), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_outfile_begin(&out, NULL), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_outfile_begin(&out, ""), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_outfile_commit(&out), BLS_ERR_INVALID_ARG); /* never begun */
    assert_int_equal(bls_outfile_commit(NULL), BLS_ERR_INVALID_ARG);
    assert_int_equal(entries_in(fx->dir), 0);
}

static void test_allocation_failures_leave_nothing_behind(void **state)
{
    fixture *fx = *state;
    int succeeded = 0;
    for (long n = 0; n < 100 && !succeeded; n++) {
        bls_outfile out;
        bls_alloc_fail_after(n);
        bls_status st = bls_outfile_begin(&out, fx->path);
        bls_alloc_reset();
        assert_true(st == BLS_OK || st == BLS_ERR_NOMEM);
        if (st == BLS_ERR_NOMEM) {
            assert_int_equal(entries_in(fx->dir), 0);
            continue;
        }
        assert_true(n > 0);
        assert_int_equal(bls_outfile_commit(&out), BLS_OK);
        succeeded = 1;
    }
    assert_true(succeeded);
    assert_int_equal(entries_in(fx->dir), 1);
}

/* The process umask as /proc/self/status shows it (Linux 4.7+), read
 * without setting it; -1 when the kernel does not show it. */
static long umask_shown(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    long mask = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "Umask:", 6) == 0) {
            mask = strtol(line + 6, NULL, 8);
            break;
        }
    fclose(f);
    return mask;
}

typedef struct umask_watch {
    atomic_int stop;
    long expected;
    long seen_other; /* a value other than expected, or -1; read after join */
    atomic_long reads;
} umask_watch;

static void *watch_umask(void *arg)
{
    umask_watch *w = arg;
    while (!atomic_load(&w->stop)) {
        long now = umask_shown();
        atomic_fetch_add(&w->reads, 1);
        if (now != w->expected && w->seen_other < 0)
            w->seen_other = now;
    }
    return NULL;
}

/* Another thread (the PDF worker, fontconfig writing its cache) must never
 * see the umask changed: begin used to read it with umask(0); umask(mask). */
static void test_begin_never_changes_the_umask_seen_by_other_threads(void **state)
{
    fixture *fx = *state;
    mode_t saved = umask(022);
    if (umask_shown() != 022) {
        umask(saved);
        skip(); /* no Umask line in /proc/self/status */
    }
    umask_watch w = {.expected = 022, .seen_other = -1};
    atomic_init(&w.stop, 0);
    atomic_init(&w.reads, 0);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, watch_umask, &w), 0);
    for (int i = 0; i < 2000 || atomic_load(&w.reads) < 200; i++) {
        bls_outfile out;
        assert_int_equal(bls_outfile_begin(&out, fx->path), BLS_OK);
        bls_outfile_abort(&out);
    }
    atomic_store(&w.stop, 1);
    assert_int_equal(pthread_join(t, NULL), 0);
    umask(saved);
    if (w.seen_other >= 0)
        fail_msg("another thread saw umask %03lo during begin (after %ld reads)",
                 (unsigned long)w.seen_other, atomic_load(&w.reads));
    assert_int_equal(entries_in(fx->dir), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_dir, teardown_dir)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_begin_creates_hidden_empty_temp_beside_final),
        T(test_commit_renames_temp_over_final),
        T(test_abort_removes_temp_and_is_idempotent),
        T(test_old_report_survives_until_commit),
        T(test_begin_in_missing_directory_fails_and_leaves_nothing),
        T(test_begin_under_a_regular_file_fails_and_leaves_nothing),
        T(test_commit_over_a_directory_fails_and_removes_temp),
        T(test_permissions_follow_umask),
        T(test_begin_never_changes_the_umask_seen_by_other_threads),
        T(test_concurrent_begins_get_distinct_temps),
        T(test_relative_path_without_directory),
        T(test_unlink_temp_removes_file_and_abort_still_frees),
        T(test_bad_arguments_are_rejected),
        T(test_allocation_failures_leave_nothing_behind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
