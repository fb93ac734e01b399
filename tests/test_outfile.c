/*
 * test_outfile.c - unit tests for outfile.c (the output set).
 *
 * Every test works in its own mkdtemp directory under /tmp, removed
 * afterwards; nothing is written into the source tree. The "earlier set"
 * is a few small files whose bytes are compared after each failed or
 * interrupted commit.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pthread.h>
#include <stdatomic.h>

#include "alloc_sweep.h"
#include "blsreport/pipeline/outfile.h"
#include "pipeline/outfile_internal.h"

typedef struct fixture {
    char dir[64];
} fixture;

static int setup_dir(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    strcpy(fx->dir, "/tmp/bls-outset-XXXXXX");
    if (!mkdtemp(fx->dir)) {
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown_dir(void **state)
{
    fixture *fx = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    int rc = system(cmd);
    free(fx);
    return rc == 0 ? 0 : -1;
}

static void path_in(const fixture *fx, const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/%s", fx->dir, name);
}

static void put_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

/* The file's text, "" when absent ("<absent>" makes absence visible). */
static const char *read_file(const char *path, char *buf, size_t size)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return "<absent>";
    size_t n = fread(buf, 1, size - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* Entries of @p dir whose names start with '.', other than . and .. */
static int hidden_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static void write_fd(int fd, const char *text)
{
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
}

/* A set of three outputs in fx->dir: a.txt and b.txt exist ("old a",
 * "old b"), c.txt does not. Returns the begun set; new texts written. */
static bls_outset *three_outputs(const fixture *fx, size_t idx[3])
{
    char a[256], b[256], c[256];
    path_in(fx, "a.txt", a, sizeof a);
    path_in(fx, "b.txt", b, sizeof b);
    path_in(fx, "c.txt", c, sizeof c);
    put_file(a, "old a");
    put_file(b, "old b");
    (void)unlink(c);
    bls_outset *set = bls_outset_new();
    assert_non_null(set);
    assert_int_equal(bls_outset_add(set, a, &idx[0]), BLS_OK);
    assert_int_equal(bls_outset_add(set, b, &idx[1]), BLS_OK);
    assert_int_equal(bls_outset_add(set, c, &idx[2]), BLS_OK);
    assert_int_equal(bls_outset_begin(set, NULL, 0), BLS_OK);
    write_fd(bls_outset_fd(set, idx[0]), "new a");
    write_fd(bls_outset_fd(set, idx[1]), "new b");
    write_fd(bls_outset_fd(set, idx[2]), "new c");
    return set;
}

static void assert_texts(const fixture *fx, const char *a, const char *b, const char *c)
{
    char p[256], buf[64];
    path_in(fx, "a.txt", p, sizeof p);
    assert_string_equal(read_file(p, buf, sizeof buf), a);
    path_in(fx, "b.txt", p, sizeof p);
    assert_string_equal(read_file(p, buf, sizeof buf), b);
    path_in(fx, "c.txt", p, sizeof p);
    assert_string_equal(read_file(p, buf, sizeof buf), c);
}

/* ---- commit ---------------------------------------------------------------- */

static void test_commit_puts_the_whole_set_in_place_and_leaves_nothing(void **state)
{
    fixture *fx = *state;
    size_t idx[3];
    bls_outset *set = three_outputs(fx, idx);
    assert_int_equal(hidden_entries(fx->dir), 1); /* the staging directory */
    assert_int_equal(bls_outset_commit(set), BLS_OK);
    bls_outset_free(set);
    assert_texts(fx, "new a", "new b", "new c");
    assert_int_equal(hidden_entries(fx->dir), 0);
}

static void test_free_without_commit_leaves_the_earlier_set(void **state)
{
    fixture *fx = *state;
    size_t idx[3];
    bls_outset *set = three_outputs(fx, idx);
    bls_outset_free(set);
    assert_texts(fx, "old a", "old b", "<absent>");
    assert_int_equal(hidden_entries(fx->dir), 0);
}

/* Item 4: a failure at any step of the commit (link, rename, directory
 * sync) restores the earlier set exactly. */
static void failed_commit_restores_at_every_step(fixture *fx, int no_links)
{
    long steps = 0;
    for (long k = 0; k < 16; k++) {
        size_t idx[3];
        bls_outset *set = three_outputs(fx, idx);
        if (no_links)
            bls_outset_test_no_hard_links(set);
        bls_outset_test_fail_at(set, k);
        bls_status st = bls_outset_commit(set);
        const char *path = NULL;
        int err = 0;
        const char *what = bls_outset_error(set, &path, &err);
        bls_outset_free(set);
        if (st == BLS_OK) { /* k is past the last step */
            assert_texts(fx, "new a", "new b", "new c");
            break;
        }
        steps++;
        assert_int_equal(st, BLS_ERR_WRITE);
        assert_non_null(what);
        assert_non_null(path);
        assert_int_equal(err, EIO);
        assert_texts(fx, "old a", "old b", "<absent>");
        assert_int_equal(hidden_entries(fx->dir), 0);
    }
    /* a.txt: link (or move) + rename, b.txt: the same, c.txt: link (or
     * rename), one directory sync */
    assert_int_equal(steps, 6);
}

static void test_failed_commit_restores_the_earlier_set_at_every_step(void **state)
{
    failed_commit_restores_at_every_step(*state, 0);
}

/* FAT, some FUSE file systems, fs.protected_hardlinks: the earlier files
 * are moved aside instead of linked; the rollback is the same. */
static void test_failed_commit_without_hard_links_restores_at_every_step(void **state)
{
    failed_commit_restores_at_every_step(*state, 1);
    size_t idx[3];
    bls_outset *set = three_outputs(*state, idx);
    bls_outset_test_no_hard_links(set);
    assert_int_equal(bls_outset_commit(set), BLS_OK);
    bls_outset_free(set);
    assert_texts(*state, "new a", "new b", "new c");
}

/* Item 4: a run killed during its commit (SIGKILL, a crash) leaves a
 * journal; the next run into the directory restores the earlier set. */
static void test_next_run_restores_a_set_whose_commit_was_killed(void **state)
{
    fixture *fx = *state;
    for (long k = 0; k < 12; k++) { /* 6 steps, with and without hard links */
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            size_t idx[3];
            bls_outset *set = three_outputs(fx, idx);
            if (k >= 6)
                bls_outset_test_no_hard_links(set);
            bls_outset_test_crash_at(set, k % 6);
            _exit(bls_outset_commit(set) == BLS_OK ? 0 : 1);
        }
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 99);
        assert_int_equal(hidden_entries(fx->dir), 1); /* the dead run's staging directory */
        /* the next run: begin cleans up under the lock */
        char a[256];
        path_in(fx, "a.txt", a, sizeof a);
        bls_outset *next = bls_outset_new();
        size_t i;
        assert_int_equal(bls_outset_add(next, a, &i), BLS_OK);
        assert_int_equal(bls_outset_begin(next, NULL, 0), BLS_OK);
        bls_outset_free(next);
        assert_texts(fx, "old a", "old b", "<absent>");
        assert_int_equal(hidden_entries(fx->dir), 0);
    }
}

/* A staging directory of a live run that is young is left alone; one of
 * another user is never touched (its journal could steer our renames). */
static void test_stale_cleanup_spares_live_and_foreign_directories(void **state)
{
    fixture *fx = *state;
    char live[256], foreign[256], a[256];
    snprintf(live, sizeof live, "%s/%s%ld.abcdefgh", fx->dir, BLS_OUTSET_STAGE_PREFIX,
             (long)getppid());
    snprintf(foreign, sizeof foreign, "%s/%s999999999.abcdefgh", fx->dir, BLS_OUTSET_STAGE_PREFIX);
    assert_int_equal(mkdir(live, 0700), 0);
    assert_int_equal(mkdir(foreign, 0755), 0); /* not 0700: not one we made */
    path_in(fx, "a.txt", a, sizeof a);
    bls_outset *set = bls_outset_new();
    size_t i;
    assert_int_equal(bls_outset_add(set, a, &i), BLS_OK);
    assert_int_equal(bls_outset_begin(set, NULL, 0), BLS_OK);
    bls_outset_free(set);
    struct stat sb;
    assert_int_equal(stat(live, &sb), 0);
    assert_int_equal(stat(foreign, &sb), 0);
}

/* ---- refusals (item 1) ------------------------------------------------------ */

static bls_status begin_one(const char *path, const char *const *inputs, size_t n,
                            const char **what)
{
    bls_outset *set = bls_outset_new();
    size_t i;
    bls_status st = bls_outset_add(set, path, &i);
    if (st == BLS_OK)
        st = bls_outset_begin(set, inputs, n);
    *what = bls_outset_error(set, NULL, NULL);
    bls_outset_free(set);
    return st;
}

static void test_refuses_devices_symlinks_fifos_and_directories(void **state)
{
    fixture *fx = *state;
    char link[256], fifo[256], dir[256], target[256];
    path_in(fx, "target", target, sizeof target);
    put_file(target, "keep");
    path_in(fx, "link.json", link, sizeof link);
    assert_int_equal(symlink(target, link), 0);
    path_in(fx, "fifo.json", fifo, sizeof fifo);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    path_in(fx, "dir.json", dir, sizeof dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    /* Device nodes of our own (when root may make them): never the real
     * /dev/null, which a regression would replace. */
    char null_dev[256];
    path_in(fx, "null", null_dev, sizeof null_dev);
    int have_dev = mknod(null_dev, S_IFCHR | 0666, makedev(1, 3)) == 0;
    const char *paths[] = {link, fifo, dir, null_dev};
    for (size_t k = 0; k < sizeof paths / sizeof paths[0] - (have_dev ? 0 : 1); k++) {
        const char *what = NULL;
        assert_int_equal(begin_one(paths[k], NULL, 0, &what), BLS_ERR_INVALID_ARG);
        assert_non_null(what);
    }
    char buf[16];
    assert_string_equal(read_file(target, buf, sizeof buf), "keep");
    struct stat sb;
    assert_int_equal(lstat(link, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    if (have_dev) {
        assert_int_equal(lstat(null_dev, &sb), 0);
        assert_true(S_ISCHR(sb.st_mode));
    }
    assert_int_equal(hidden_entries(fx->dir), 0);
}

static void test_refuses_an_input_also_through_a_hard_link(void **state)
{
    fixture *fx = *state;
    char in[256], alias[256];
    path_in(fx, "claims.csv", in, sizeof in);
    path_in(fx, "report.xlsx", alias, sizeof alias);
    put_file(in, "input");
    assert_int_equal(link(in, alias), 0);
    const char *inputs[] = {in};
    const char *what = NULL;
    assert_int_equal(begin_one(in, inputs, 1, &what), BLS_ERR_INVALID_ARG);
    assert_non_null(strstr(what, "input"));
    assert_int_equal(begin_one(alias, inputs, 1, &what), BLS_ERR_INVALID_ARG);
    char buf[16];
    assert_string_equal(read_file(in, buf, sizeof buf), "input");
}

static void test_refuses_two_outputs_naming_one_file(void **state)
{
    fixture *fx = *state;
    char a[256], b[256];
    path_in(fx, "x.json", a, sizeof a);
    snprintf(b, sizeof b, "%s/./x.json", fx->dir);
    bls_outset *set = bls_outset_new();
    size_t i, j;
    assert_int_equal(bls_outset_add(set, a, &i), BLS_OK);
    assert_int_equal(bls_outset_add(set, b, &j), BLS_OK);
    assert_int_equal(bls_outset_begin(set, NULL, 0), BLS_ERR_INVALID_ARG);
    const char *path = NULL;
    assert_non_null(strstr(bls_outset_error(set, &path, NULL), "same file"));
    assert_string_equal(path, b);
    bls_outset_free(set);
}

static void test_refuses_names_that_are_not_files(void **state)
{
    (void)state;
    bls_outset *set = bls_outset_new();
    size_t i;
    assert_int_equal(bls_outset_add(set, "out/", &i), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_outset_add(set, "out/..", &i), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_outset_add(set, "", &i), BLS_ERR_INVALID_ARG);
    bls_outset_free(set);
}

/* Item 10: a run that fails removes the directories it created. */
static void test_created_directories_are_removed_when_not_committed(void **state)
{
    fixture *fx = *state;
    char out[256], sub[256];
    path_in(fx, "new/deeper/report.xlsx", out, sizeof out);
    path_in(fx, "new", sub, sizeof sub);
    bls_outset *set = bls_outset_new();
    size_t i;
    assert_int_equal(bls_outset_add(set, out, &i), BLS_OK);
    assert_int_equal(bls_outset_begin(set, NULL, 0), BLS_OK);
    struct stat sb;
    assert_int_equal(stat(sub, &sb), 0);
    bls_outset_free(set);
    assert_int_equal(stat(sub, &sb), -1);
    assert_int_equal(errno, ENOENT);
}

static void test_directory_under_a_regular_file_is_a_write_error(void **state)
{
    fixture *fx = *state;
    char plain[256], out[300];
    path_in(fx, "plain", plain, sizeof plain);
    put_file(plain, "x");
    snprintf(out, sizeof out, "%s/sub/report.pdf", plain);
    bls_outset *set = bls_outset_new();
    size_t i;
    assert_int_equal(bls_outset_add(set, out, &i), BLS_OK);
    assert_int_equal(bls_outset_begin(set, NULL, 0), BLS_ERR_WRITE);
    const char *path = NULL;
    int err = 0;
    assert_non_null(bls_outset_error(set, &path, &err));
    assert_int_equal(err, ENOTDIR); /* never "Success" */
    bls_outset_free(set);
}

/* ---- writing through descriptors (item 3) ------------------------------------ */

/* The writer's name is the open file: swapping the staging directory for
 * one holding a symlink (what an attacker can do in a world-writable,
 * non-sticky directory) does not redirect the write. */
static void test_swapped_staging_directory_does_not_redirect_writes(void **state)
{
    fixture *fx = *state;
    char out[256], victim[256];
    path_in(fx, "report.xlsx", out, sizeof out);
    path_in(fx, "victim", victim, sizeof victim);
    put_file(victim, "precious");
    bls_outset *set = bls_outset_new();
    size_t i;
    assert_int_equal(bls_outset_add(set, out, &i), BLS_OK);
    assert_int_equal(bls_outset_begin(set, NULL, 0), BLS_OK);
    const char *writer = bls_outset_writer_path(set, i);
    assert_non_null(writer);
    assert_memory_equal(writer, "/proc/self/fd/", 14);
    /* the attack: move the staging directory away, plant a look-alike */
    char stage[256], moved[256], planted[300];
    snprintf(stage, sizeof stage, "%s", bls_outset_stage_path(set, 0));
    path_in(fx, "moved", moved, sizeof moved);
    assert_int_equal(rename(stage, moved), 0);
    assert_int_equal(mkdir(stage, 0700), 0);
    snprintf(planted, sizeof planted, "%s/f0", stage);
    assert_int_equal(symlink(victim, planted), 0);
    FILE *fp = fopen(writer, "wb");
    assert_non_null(fp);
    assert_int_equal(fputs("workbook", fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(bls_outset_commit(set), BLS_OK);
    bls_outset_free(set);
    char buf[32];
    assert_string_equal(read_file(victim, buf, sizeof buf), "precious");
    assert_string_equal(read_file(out, buf, sizeof buf), "workbook");
}

/* Concurrent sets into one directory serialise: each child writes the
 * same tag into both files, many times; a mixed pair is never seen and
 * the final pair is one child's. */
static void test_concurrent_sets_into_one_directory_never_mix(void **state)
{
    fixture *fx = *state;
    char a[256], b[256];
    path_in(fx, "a.txt", a, sizeof a);
    path_in(fx, "b.txt", b, sizeof b);
    enum { CHILDREN = 4, ROUNDS = 25 };
    pid_t pids[CHILDREN];
    for (int c = 0; c < CHILDREN; c++) {
        pids[c] = fork();
        assert_true(pids[c] >= 0);
        if (pids[c] == 0) {
            for (int r = 0; r < ROUNDS; r++) {
                char tag[32];
                snprintf(tag, sizeof tag, "%d-%d", c, r);
                bls_outset *set = bls_outset_new();
                size_t i, j;
                if (!set || bls_outset_add(set, a, &i) != BLS_OK ||
                    bls_outset_add(set, b, &j) != BLS_OK ||
                    bls_outset_begin(set, NULL, 0) != BLS_OK)
                    _exit(2);
                if (write(bls_outset_fd(set, i), tag, strlen(tag)) < 0 ||
                    write(bls_outset_fd(set, j), tag, strlen(tag)) < 0 ||
                    bls_outset_commit(set) != BLS_OK)
                    _exit(3);
                bls_outset_free(set);
            }
            _exit(0);
        }
    }
    /* a reader that takes the lock (shared) sees one set at a time */
    int mixed = 0, reads = 0, running = CHILDREN;
    while (running) {
        int dfd = open(fx->dir, O_RDONLY | O_DIRECTORY);
        assert_true(dfd >= 0);
        assert_int_equal(flock(dfd, LOCK_SH), 0);
        char x[32], y[32];
        const char *ta = read_file(a, x, sizeof x), *tb = read_file(b, y, sizeof y);
        mixed += strcmp(ta, tb) != 0;
        reads++;
        close(dfd);
        int status;
        pid_t done = waitpid(-1, &status, WNOHANG);
        if (done > 0) {
            assert_true(WIFEXITED(status));
            assert_int_equal(WEXITSTATUS(status), 0);
            running--;
        }
    }
    assert_int_equal(mixed, 0);
    assert_true(reads > 0);
    assert_int_equal(hidden_entries(fx->dir), 0);
}

/* ---- one file on its own (bls_outfile: perdoc.c, --sarif) ------------------------
 * The tests of the single-file API, as they were before the output set. */

typedef struct single_fixture {
    char dir[64];
    char path[256]; /* dir/report.json */
} single_fixture;

static int single_setup(void **state)
{
    single_fixture *fx = calloc(1, sizeof *fx);
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
static int single_teardown(void **state)
{
    single_fixture *fx = *state;
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
static int single_entries_in(const char *dir)
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

static int single_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void single_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* The whole file as a string (small test files only). */
static void single_read_file(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    assert_int_equal(fclose(f), 0);
}

static void test_begin_creates_hidden_empty_temp_beside_final(void **state)
{
    single_fixture *fx = *state;
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
    assert_false(single_exists(fx->path));
    assert_int_equal(single_entries_in(fx->dir), 1);
    bls_outfile_abort(&out);
}

static void test_commit_renames_temp_over_final(void **state)
{
    single_fixture *fx = *state;
    bls_outfile out;
    assert_int_equal(bls_outfile_begin(&out, fx->path), BLS_OK);
    char temp[300];
    snprintf(temp, sizeof temp, "%s", out.temp_path);
    single_write_file(out.temp_path, "{\"done\": true}\n");
    assert_int_equal(bls_outfile_commit(&out), BLS_OK);
    assert_null(out.temp_path);
    assert_null(out.final_path);
    char buf[64];
    single_read_file(fx->path, buf, sizeof buf);
    assert_string_equal(buf, "{\"done\": true}\n");
    assert_false(single_exists(temp));
    assert_int_equal(single_entries_in(fx->dir), 1);
    bls_outfile_abort(&out); /* harmless after commit */
    assert_true(single_exists(fx->path));
}

static void test_abort_removes_temp_and_is_idempotent(void **state)
{
    single_fixture *fx = *state;
    bls_outfile out;
    assert_int_equal(bls_outfile_begin(&out, fx->path), BLS_OK);
    char temp[300];
    snprintf(temp, sizeof temp, "%s", out.temp_path);
    single_write_file(out.temp_path, "half a report");
    bls_outfile_abort(&out);
    assert_null(out.temp_path);
    assert_null(out.final_path);
    assert_false(single_exists(temp));
    assert_false(single_exists(fx->path));
    assert_int_equal(single_entries_in(fx->dir), 0);
    bls_outfile_abort(&out);
    bls_outfile_abort(NULL);
}

static void test_old_report_survives_until_commit(void **state)
{
    single_fixture *fx = *state;
    char buf[64];
    single_write_file(fx->path, "old report");
    bls_outfile out;
    assert_int_equal(bls_outfile_begin(&out, fx->path), BLS_OK);
    single_write_file(out.temp_path, "new report");
    single_read_file(fx->path, buf, sizeof buf);
    assert_string_equal(buf, "old report"); /* untouched while the new one is written */
    bls_outfile_abort(&out);
    single_read_file(fx->path, buf, sizeof buf);
    assert_string_equal(buf, "old report"); /* a failed run leaves it as it was */
    assert_int_equal(single_entries_in(fx->dir), 1);

    assert_int_equal(bls_outfile_begin(&out, fx->path), BLS_OK);
    single_write_file(out.temp_path, "new report");
    assert_int_equal(bls_outfile_commit(&out), BLS_OK);
    single_read_file(fx->path, buf, sizeof buf);
    assert_string_equal(buf, "new report");
    assert_int_equal(single_entries_in(fx->dir), 1);
}

static void test_begin_in_missing_directory_fails_and_leaves_nothing(void **state)
{
    single_fixture *fx = *state;
    char path[300];
    snprintf(path, sizeof path, "%s/missing/report.json", fx->dir);
    bls_outfile out = {(char *)"sentinel", (char *)"sentinel"};
    errno = 0;
    assert_int_equal(bls_outfile_begin(&out, path), BLS_ERR_WRITE);
    assert_int_equal(errno, ENOENT);
    assert_null(out.temp_path);
    assert_null(out.final_path);
    assert_int_equal(single_entries_in(fx->dir), 0);
    bls_outfile_abort(&out); /* safe on a failed begin */
}

static void test_begin_under_a_regular_file_fails_and_leaves_nothing(void **state)
{
    single_fixture *fx = *state;
    char file[300], path[320];
    snprintf(file, sizeof file, "%s/plain.txt", fx->dir);
    single_write_file(file, "not a directory");
    snprintf(path, sizeof path, "%s/report.json", file);
    bls_outfile out;
    errno = 0;
    assert_int_equal(bls_outfile_begin(&out, path), BLS_ERR_WRITE);
    assert_int_equal(errno, ENOTDIR);
    assert_null(out.temp_path);
    assert_int_equal(single_entries_in(fx->dir), 1);
    char buf[64];
    single_read_file(file, buf, sizeof buf);
    assert_string_equal(buf, "not a directory");
}

static void test_commit_over_a_directory_fails_and_removes_temp(void **state)
{
    single_fixture *fx = *state;
    assert_int_equal(mkdir(fx->path, 0755), 0); /* "report.json" is a directory */
    bls_outfile out;
    assert_int_equal(bls_outfile_begin(&out, fx->path), BLS_OK);
    char temp[300];
    snprintf(temp, sizeof temp, "%s", out.temp_path);
    single_write_file(out.temp_path, "data");
    assert_int_equal(bls_outfile_commit(&out), BLS_ERR_WRITE);
    assert_null(out.temp_path);
    assert_null(out.final_path);
    assert_false(single_exists(temp));
    struct stat st;
    assert_int_equal(stat(fx->path, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(single_entries_in(fx->dir), 1);
}

static void test_permissions_follow_umask(void **state)
{
    single_fixture *fx = *state;
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
    single_fixture *fx = *state;
    bls_outfile a, b;
    assert_int_equal(bls_outfile_begin(&a, fx->path), BLS_OK);
    assert_int_equal(bls_outfile_begin(&b, fx->path), BLS_OK);
    assert_string_not_equal(a.temp_path, b.temp_path);
    assert_int_equal(single_entries_in(fx->dir), 2);
    bls_outfile_abort(&a);
    bls_outfile_abort(&b);
    assert_int_equal(single_entries_in(fx->dir), 0);
}

static void test_relative_path_without_directory(void **state)
{
    single_fixture *fx = *state;
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(fx->dir), 0);
    bls_outfile out;
    bls_status st = bls_outfile_begin(&out, "report.json");
    int temp_ok = st == BLS_OK && strncmp(out.temp_path, ".report.json.", 13) == 0;
    if (st == BLS_OK) {
        single_write_file(out.temp_path, "x");
        st = bls_outfile_commit(&out);
    }
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(st, BLS_OK);
    assert_true(temp_ok);
    assert_true(single_exists(fx->path));
    assert_int_equal(single_entries_in(fx->dir), 1);
}

static void test_unlink_temp_removes_file_and_abort_still_frees(void **state)
{
    single_fixture *fx = *state;
    bls_outfile out;
    assert_int_equal(bls_outfile_begin(&out, fx->path), BLS_OK);
    bls_outfile_unlink_temp(&out);
    assert_false(single_exists(out.temp_path));
    assert_int_equal(single_entries_in(fx->dir), 0);
    bls_outfile_unlink_temp(NULL);
    bls_outfile_abort(&out); /* frees the paths; ASan checks */
    assert_null(out.temp_path);
}

static void test_bad_arguments_are_rejected(void **state)
{
    single_fixture *fx = *state;
    bls_outfile out = {NULL, NULL};
    assert_int_equal(bls_outfile_begin(NULL, fx->path), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_outfile_begin(&out, NULL), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_outfile_begin(&out, ""), BLS_ERR_INVALID_ARG);
    assert_int_equal(bls_outfile_commit(&out), BLS_ERR_INVALID_ARG); /* never begun */
    assert_int_equal(bls_outfile_commit(NULL), BLS_ERR_INVALID_ARG);
    assert_int_equal(single_entries_in(fx->dir), 0);
}

static void test_allocation_failures_leave_nothing_behind(void **state)
{
    single_fixture *fx = *state;
    int succeeded = 0, fired = 1;
    for (long n = 0; n < 100000 && fired; n++) {
        bls_outfile out;
        sweep_fail_after(n);
        bls_status st = bls_outfile_begin(&out, fx->path);
        fired = sweep_end_run();
        assert_true(st == BLS_OK || st == BLS_ERR_NOMEM);
        if (st == BLS_ERR_NOMEM) {
            assert_int_equal(single_entries_in(fx->dir), 0);
            continue;
        }
        if (fired) { /* went on after a failed allocation: a whole staged file */
            bls_outfile_abort(&out);
            assert_int_equal(single_entries_in(fx->dir), 0);
            continue;
        }
        assert_true(n > 0);
        assert_int_equal(bls_outfile_commit(&out), BLS_OK);
        succeeded = 1;
    }
    assert_true(succeeded);
    assert_int_equal(single_entries_in(fx->dir), 1);
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
    single_fixture *fx = *state;
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
    assert_int_equal(single_entries_in(fx->dir), 0);
}

/* A workbook or PDF cut short (a full disk, ulimit -f) is told from a whole one. */
static void test_whole_zip_and_pdf_are_told_from_cut_ones(void **state)
{
    (void)state;
    char path[] = "/tmp/bls-whole-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    /* a zip with one stored member: local header, data, central directory, end record */
    static const unsigned char zip[] = {
        'P', 'K', 3, 4, 10, 0, 0, 0,  0, 0,   0,   0,   0,   0, 0, 0,   0,   0,   1, 0, 0,
        0,   1,   0, 0, 0,  1, 0, 0,  0, 'a', 'x', 'P', 'K', 1, 2, 20,  0,   10,  0, 0, 0,
        0,   0,   0, 0, 0,  0, 0, 0,  0, 0,   1,   0,   0,   0, 1, 0,   0,   0,   1, 0, 0,
        0,   0,   0, 0, 0,  0, 0, 0,  0, 0,   0,   0,   0,   0, 0, 'a', 'P', 'K', 5, 6, 0,
        0,   0,   0, 1, 0,  1, 0, 47, 0, 0,   0,   32,  0,   0, 0, 0,   0};
    assert_int_equal(write(fd, zip, sizeof zip), (ssize_t)sizeof zip);
    assert_true(bls_fd_holds_whole_zip(fd));
    assert_false(bls_fd_holds_whole_pdf(fd));
    assert_int_equal(ftruncate(fd, sizeof zip - 1), 0); /* cut by one byte */
    assert_false(bls_fd_holds_whole_zip(fd));
    assert_int_equal(ftruncate(fd, 0), 0);
    assert_false(bls_fd_holds_whole_zip(fd)); /* empty */
    static const char pdf[] = "%PDF-1.5\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
    assert_int_equal(pwrite(fd, pdf, sizeof pdf - 1, 0), (ssize_t)sizeof pdf - 1);
    assert_true(bls_fd_holds_whole_pdf(fd));
    assert_false(bls_fd_holds_whole_zip(fd));
    assert_int_equal(ftruncate(fd, sizeof pdf - 8), 0); /* "%%EOF" cut off */
    assert_false(bls_fd_holds_whole_pdf(fd));
    close(fd);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_zip_and_pdf_are_told_from_cut_ones),
        cmocka_unit_test_setup_teardown(test_commit_puts_the_whole_set_in_place_and_leaves_nothing,
                                        setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_free_without_commit_leaves_the_earlier_set, setup_dir,
                                        teardown_dir),
        cmocka_unit_test_setup_teardown(test_failed_commit_restores_the_earlier_set_at_every_step,
                                        setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(
            test_failed_commit_without_hard_links_restores_at_every_step, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_next_run_restores_a_set_whose_commit_was_killed,
                                        setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_stale_cleanup_spares_live_and_foreign_directories,
                                        setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_refuses_devices_symlinks_fifos_and_directories,
                                        setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_refuses_an_input_also_through_a_hard_link, setup_dir,
                                        teardown_dir),
        cmocka_unit_test_setup_teardown(test_refuses_two_outputs_naming_one_file, setup_dir,
                                        teardown_dir),
        cmocka_unit_test(test_refuses_names_that_are_not_files),
        cmocka_unit_test_setup_teardown(test_created_directories_are_removed_when_not_committed,
                                        setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_directory_under_a_regular_file_is_a_write_error,
                                        setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_swapped_staging_directory_does_not_redirect_writes,
                                        setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_concurrent_sets_into_one_directory_never_mix,
                                        setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_begin_creates_hidden_empty_temp_beside_final,
                                        single_setup, single_teardown),
        cmocka_unit_test_setup_teardown(test_commit_renames_temp_over_final, single_setup,
                                        single_teardown),
        cmocka_unit_test_setup_teardown(test_abort_removes_temp_and_is_idempotent, single_setup,
                                        single_teardown),
        cmocka_unit_test_setup_teardown(test_old_report_survives_until_commit, single_setup,
                                        single_teardown),
        cmocka_unit_test_setup_teardown(test_begin_in_missing_directory_fails_and_leaves_nothing,
                                        single_setup, single_teardown),
        cmocka_unit_test_setup_teardown(test_begin_under_a_regular_file_fails_and_leaves_nothing,
                                        single_setup, single_teardown),
        cmocka_unit_test_setup_teardown(test_commit_over_a_directory_fails_and_removes_temp,
                                        single_setup, single_teardown),
        cmocka_unit_test_setup_teardown(test_permissions_follow_umask, single_setup,
                                        single_teardown),
        cmocka_unit_test_setup_teardown(test_begin_never_changes_the_umask_seen_by_other_threads,
                                        single_setup, single_teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_begins_get_distinct_temps, single_setup,
                                        single_teardown),
        cmocka_unit_test_setup_teardown(test_relative_path_without_directory, single_setup,
                                        single_teardown),
        cmocka_unit_test_setup_teardown(test_unlink_temp_removes_file_and_abort_still_frees,
                                        single_setup, single_teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments_are_rejected, single_setup,
                                        single_teardown),
        cmocka_unit_test_setup_teardown(test_allocation_failures_leave_nothing_behind, single_setup,
                                        single_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
