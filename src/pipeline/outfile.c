/*
 * outfile.c - the output set: private staging, one lock, journalled commit.
 *
 * Sits under every renderer: they write into the files staged here, and the
 * pipeline commits the set when every file is complete. The header states
 * the guarantees; docs/outputs-safety.md says how they are tested.
 *
 * Layout on disk while a run is in progress, for a destination DIR:
 *
 *   DIR/                         flock(LOCK_EX) held by the run
 *   DIR/.blsreport-stage.PID.R/  mode 0700, created by the run
 *       f0, f1, ...              the new files (O_EXCL | O_NOFOLLOW)
 *       journal                  written just before the commit
 *       o0, o1, ...              hard links to the earlier files (commit)
 *
 * The journal lists, for each output of DIR, its number, whether a file
 * was there before ('r') or not ('n'), and its name. Restoring from it
 * renames each oN back over its name and removes each new name that still
 * is fN: that is the rollback of a failed commit and the recovery of a run
 * killed during one. Removing the journal is the commit point.
 *
 * Every operation on the staging directory goes through directory
 * descriptors (openat, linkat, renameat, unlinkat), so renaming or
 * replacing directories by name under a run cannot redirect its writes.
 */
#define _GNU_SOURCE /* O_NOFOLLOW, O_DIRECTORY, AT_* in every libc; pthread_sigmask */
#include "blsreport/pipeline/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "blsreport/base/alloc.h"
#include "pipeline/outfile_internal.h"

#define JOURNAL_NAME "journal"
#define JOURNAL_MAX ((size_t)64 * 1024) /* 16 entries of at most NAME_MAX bytes fit */
#define STALE_AGE_SECONDS 3600          /* a live run's staging directory this old is stale */
#define CREATE_ATTEMPTS 100
#define MAX_CREATED_DIRS 64 /* directories "mkdir -p" may create; deeper is refused */

typedef struct dest_dir {
    char *path; /* as given ("." when the final path has no '/'); owned */
    int fd;     /* O_DIRECTORY; its flock is the run's lock; -1 */
    dev_t dev;
    ino_t ino;
    int stage_fd; /* -1 */
    char stage_name[64];
    char *stage_path; /* path + "/" + stage_name; owned */
    int journal;      /* the journal is on disk */
} dest_dir;

typedef struct out_file {
    char *final_path;     /* owned */
    const char *base;     /* points into final_path */
    char *dir_path;       /* owned */
    size_t dir;           /* index into dirs */
    int fd;               /* -1 */
    char staged_name[24]; /* "f" + a number */
    char *staged_path;    /* owned */
    char writer_path[40];
    int replaced; /* a file was there when the commit began */
} out_file;

struct bls_outset {
    out_file files[BLS_OUTSET_MAX_FILES];
    size_t file_count;
    dest_dir dirs[BLS_OUTSET_MAX_FILES];
    size_t dir_count;
    int begun, committed, commit_tried;
    char *created[MAX_CREATED_DIRS]; /* made by begin, outermost first; owned */
    size_t created_count;
    const char *err_what, *err_path;
    int err_errno;
    bls_outset_hook hook; /* told of each staged file and directory */
    void *hook_ctx;
    long fail_at_step;  /* tests: the n-th commit step fails (outfile_internal.h) */
    long crash_at_step; /* tests: the process dies at the n-th commit step */
    int no_links;       /* tests: as on a file system without hard links */
};

/* ---- small helpers ------------------------------------------------------- */

static void set_error(bls_outset *set, const char *what, const char *path, int err)
{
    if (set->err_what)
        return; /* keep the first */
    set->err_what = what;
    set->err_path = path;
    set->err_errno = err;
}

/* Six random name characters, from getrandom(2); should it fail, from the
 * clock, the pid and the attempt (O_EXCL still guarantees uniqueness). */
static void random_suffix(char *out, size_t n, unsigned attempt)
{
    static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char bytes[16];
    if (n > sizeof bytes)
        n = sizeof bytes;
    if (getrandom(bytes, n, GRND_NONBLOCK) != (ssize_t)n) {
        struct timespec ts;
        (void)clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
                     ((uint64_t)getpid() << 16) ^ attempt;
        for (size_t i = 0; i < n; i++) {
            x = x * 6364136223846793005u + 1442695040888963407u;
            bytes[i] = (unsigned char)(x >> 56);
        }
    }
    for (size_t i = 0; i < n; i++)
        out[i] = chars[bytes[i] % (sizeof chars - 1)];
    out[n] = '\0';
}

static int close_checked(int *fd)
{
    if (*fd < 0)
        return 0;
    int rc = close(*fd);
    *fd = -1;
    return rc;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* fsync a directory: EINVAL means the file system does not sync
 * directories (nothing to wait for), anything else is an error. */
static int sync_dir(int fd)
{
    return fsync(fd) == 0 || errno == EINVAL ? 0 : -1;
}

/* A name the journal may hold: one path component. */
static int is_plain_name(const char *s, size_t len)
{
    if (len == 0 || len > NAME_MAX || memchr(s, '/', len) || memchr(s, '\0', len))
        return 0;
    return !(len == 1 && s[0] == '.') && !(len == 2 && s[0] == '.' && s[1] == '.');
}

static void tell(const bls_outset *set, const char *path, int what)
{
    if (set->hook && path)
        set->hook(set->hook_ctx, path, what);
}

/* Everything staged in directory @p d is gone: say so. */
static void tell_gone(const bls_outset *set, size_t d)
{
    for (size_t i = 0; i < set->file_count; i++)
        if (set->files[i].dir == d)
            tell(set, set->files[i].staged_path, 0);
    tell(set, set->dirs[d].stage_path, 0);
}

/* ---- add ----------------------------------------------------------------- */

bls_outset *bls_outset_new(void)
{
    bls_outset *set = bls_calloc(1, sizeof *set);
    if (!set)
        return NULL;
    for (size_t i = 0; i < BLS_OUTSET_MAX_FILES; i++) {
        set->files[i].fd = -1;
        set->dirs[i].fd = -1;
        set->dirs[i].stage_fd = -1;
    }
    set->fail_at_step = -1;
    set->crash_at_step = -1;
    return set;
}

void bls_outset_set_hook(bls_outset *set, bls_outset_hook hook, void *ctx)
{
    if (!set)
        return;
    set->hook = hook;
    set->hook_ctx = ctx;
}

bls_status bls_outset_add(bls_outset *set, const char *final_path, size_t *index)
{
    if (!set || !final_path || !index || set->begun || set->file_count == BLS_OUTSET_MAX_FILES)
        return BLS_ERR_INVALID_ARG;
    const char *slash = strrchr(final_path, '/');
    const char *base = slash ? slash + 1 : final_path;
    if (!is_plain_name(base, strlen(base)))
        return BLS_ERR_INVALID_ARG;
    out_file *f = &set->files[set->file_count];
    f->final_path = bls_strdup(final_path);
    if (!slash)
        f->dir_path = bls_strdup(".");
    else if (slash == final_path)
        f->dir_path = bls_strdup("/");
    else
        f->dir_path = bls_strndup(final_path, (size_t)(slash - final_path));
    if (!f->final_path || !f->dir_path) {
        bls_free(f->final_path);
        bls_free(f->dir_path);
        f->final_path = f->dir_path = NULL;
        return BLS_ERR_NOMEM;
    }
    f->base = f->final_path + (base - final_path);
    *index = set->file_count++;
    return BLS_OK;
}

/* ---- begin: refuse, create, lock, clean, stage ------------------------------ */

/* Which entry a path names: its directory's identity and its name; and,
 * when it exists, the file's. */
typedef struct entry_id {
    int parent_known, exists;
    dev_t pdev, dev;
    ino_t pino, ino;
} entry_id;

static entry_id identify(const out_file *f, mode_t *mode)
{
    entry_id id = {0};
    struct stat sb;
    if (stat(f->dir_path, &sb) == 0) {
        id.parent_known = 1;
        id.pdev = sb.st_dev;
        id.pino = sb.st_ino;
    }
    if (lstat(f->final_path, &sb) == 0) {
        id.exists = 1;
        id.dev = sb.st_dev;
        id.ino = sb.st_ino;
        *mode = sb.st_mode;
    }
    return id;
}

static bls_status check_finals(bls_outset *set, const char *const *inputs, size_t input_count)
{
    entry_id ids[BLS_OUTSET_MAX_FILES];
    for (size_t i = 0; i < set->file_count; i++) {
        out_file *f = &set->files[i];
        mode_t mode = 0;
        ids[i] = identify(f, &mode);
        if (ids[i].exists && !S_ISREG(mode)) {
            set_error(set,
                      S_ISLNK(mode)   ? "is a symbolic link: give the path it points to"
                      : S_ISDIR(mode) ? "is a directory, not an output file"
                                      : "exists and is not a regular file (a device, a FIFO "
                                        "or a socket): outputs only replace regular files",
                      f->final_path, 0);
            return BLS_ERR_INVALID_ARG;
        }
        for (size_t k = 0; ids[i].exists && k < input_count; k++) {
            struct stat in;
            if (inputs[k] && stat(inputs[k], &in) == 0 && in.st_dev == ids[i].dev &&
                in.st_ino == ids[i].ino) {
                set_error(set, "is an input of this run: it would be replaced by an output",
                          f->final_path, 0);
                return BLS_ERR_INVALID_ARG;
            }
        }
        for (size_t j = 0; j < i; j++) {
            const out_file *g = &set->files[j];
            int same = 0;
            if (ids[i].exists && ids[j].exists)
                same = ids[i].dev == ids[j].dev && ids[i].ino == ids[j].ino;
            if (ids[i].parent_known && ids[j].parent_known)
                same = same || (ids[i].pdev == ids[j].pdev && ids[i].pino == ids[j].pino &&
                                strcmp(f->base, g->base) == 0);
            else
                same = same || strcmp(f->final_path, g->final_path) == 0;
            if (same) {
                set_error(set, "names the same file as another output of this run", f->final_path,
                          0);
                return BLS_ERR_INVALID_ARG;
            }
        }
    }
    return BLS_OK;
}

/* mkdir -p, remembering what it made so that a failed run removes it. */
static bls_status make_dirs(bls_outset *set, const char *dir)
{
    char *path = bls_strdup(dir);
    if (!path)
        return BLS_ERR_NOMEM;
    size_t len = strlen(path);
    bls_status st = BLS_OK;
    for (size_t i = 1; i <= len && st == BLS_OK; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        char saved = path[i];
        path[i] = '\0';
        if (mkdir(path, 0777) == 0) {
            char *copy = set->created_count < MAX_CREATED_DIRS ? bls_strdup(path) : NULL;
            if (!copy) {
                (void)rmdir(path);
                st = set->created_count < MAX_CREATED_DIRS ? BLS_ERR_NOMEM : BLS_ERR_WRITE;
                errno = ENAMETOOLONG;
            } else {
                set->created[set->created_count++] = copy;
            }
        } else if (errno != EEXIST) {
            st = BLS_ERR_WRITE;
        }
        path[i] = saved;
    }
    if (st == BLS_ERR_WRITE)
        set_error(set, "cannot create the directory", dir, errno);
    bls_free(path);
    return st;
}

static int same_dir(const dest_dir *a, const dest_dir *b)
{
    return a->dev == b->dev && a->ino == b->ino;
}

/* One dest_dir per directory (by identity), opened; files mapped to it. */
static bls_status open_dirs(bls_outset *set)
{
    for (size_t i = 0; i < set->file_count; i++) {
        out_file *f = &set->files[i];
        int fd = open(f->dir_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        struct stat sb;
        if (fd < 0 || fstat(fd, &sb) != 0) {
            int err = errno;
            if (fd >= 0)
                (void)close(fd);
            set_error(set, "cannot open the directory", f->dir_path, err);
            return BLS_ERR_WRITE;
        }
        size_t d = 0;
        dest_dir probe = {.dev = sb.st_dev, .ino = sb.st_ino};
        while (d < set->dir_count && !same_dir(&set->dirs[d], &probe))
            d++;
        if (d < set->dir_count) {
            (void)close(fd); /* read-only directory handle: nothing to lose */
        } else {
            dest_dir *nd = &set->dirs[set->dir_count];
            nd->path = bls_strdup(f->dir_path);
            if (!nd->path) {
                (void)close(fd);
                return BLS_ERR_NOMEM;
            }
            nd->fd = fd;
            nd->dev = sb.st_dev;
            nd->ino = sb.st_ino;
            set->dir_count++;
        }
        f->dir = d;
    }
    return BLS_OK;
}

/* Lock every directory in (device, inode) order: two runs that share some
 * directories take them in the same order and cannot deadlock. */
static bls_status lock_dirs(bls_outset *set)
{
    int done[BLS_OUTSET_MAX_FILES] = {0};
    for (size_t n = 0; n < set->dir_count; n++) {
        size_t best = SIZE_MAX;
        for (size_t d = 0; d < set->dir_count; d++) {
            if (done[d])
                continue;
            const dest_dir *a = &set->dirs[d];
            if (best == SIZE_MAX || a->dev < set->dirs[best].dev ||
                (a->dev == set->dirs[best].dev && a->ino < set->dirs[best].ino))
                best = d;
        }
        done[best] = 1;
        int rc;
        while ((rc = flock(set->dirs[best].fd, LOCK_EX)) != 0 && errno == EINTR)
            ;
        if (rc != 0) {
            set_error(set, "cannot lock the directory", set->dirs[best].path, errno);
            return BLS_ERR_WRITE;
        }
    }
    return BLS_OK;
}

/* A staging directory (or file in one) that this user made, no one else:
 * a journal planted by another user must never steer our renames. */
static int ours(const struct stat *sb, int dir)
{
    if (sb->st_uid != geteuid())
        return 0;
    return dir ? S_ISDIR(sb->st_mode) && (sb->st_mode & 0077) == 0 : S_ISREG(sb->st_mode);
}

/* Undo a commit from @p stage_fd's journal; remove the journal. 0 or -1
 * (errno) for the first step that failed; every step is tried. */
static int restore_from_journal(int dest_fd, int stage_fd)
{
    int fd = openat(stage_fd, JOURNAL_NAME, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? 0 : -1;
    struct stat sb;
    char *text = NULL;
    ssize_t got = -1;
    if (fstat(fd, &sb) == 0 && ours(&sb, 0) && (size_t)sb.st_size <= JOURNAL_MAX &&
        (text = bls_malloc((size_t)sb.st_size + 1)) != NULL)
        got = read(fd, text, (size_t)sb.st_size);
    (void)close(fd); /* read-only */
    if (got < 0 || got != (ssize_t)sb.st_size) {
        bls_free(text);
        errno = EIO;
        return -1;
    }
    text[got] = '\0';
    int rc = 0, err = 0;
    /* entries: "<index> <r|n> <name length>\n<name>\n" */
    for (char *p = text; *p;) {
        char *end;
        unsigned long long index = strtoull(p, &end, 10);
        if (end == p || end[0] != ' ' || (end[1] != 'r' && end[1] != 'n') || end[2] != ' ')
            break;
        char kind = end[1];
        p = end + 3;
        unsigned long long len = strtoull(p, &end, 10);
        if (end == p || *end != '\n' || len > NAME_MAX || strlen(end + 1) < len + 1 ||
            index >= BLS_OUTSET_MAX_FILES)
            break;
        char name[NAME_MAX + 1], staged[24];
        memcpy(name, end + 1, (size_t)len);
        name[len] = '\0';
        p = end + 1 + len + 1;
        if (!is_plain_name(name, (size_t)len))
            break;
        if (kind == 'r') {
            snprintf(staged, sizeof staged, "o%llu", index);
            if (renameat(stage_fd, staged, dest_fd, name) != 0 && errno != ENOENT && !rc) {
                rc = -1;
                err = errno;
            }
        } else {
            /* The name was absent: it is ours if it is fN (linked), or if
             * fN has left the staging directory (moved: no hard links). */
            struct stat a, b;
            snprintf(staged, sizeof staged, "f%llu", index);
            int have_staged = fstatat(stage_fd, staged, &a, AT_SYMLINK_NOFOLLOW) == 0;
            int moved = !have_staged && errno == ENOENT;
            int ours_now = fstatat(dest_fd, name, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
                           (moved || (have_staged && a.st_dev == b.st_dev && a.st_ino == b.st_ino));
            if (ours_now && unlinkat(dest_fd, name, 0) != 0 && !rc) {
                rc = -1;
                err = errno;
            }
        }
    }
    bls_free(text);
    if (sync_dir(dest_fd) != 0 && !rc) {
        rc = -1;
        err = errno;
    }
    if (rc == 0 && unlinkat(stage_fd, JOURNAL_NAME, 0) != 0) {
        rc = -1;
        err = errno;
    }
    errno = err;
    return rc;
}

/* Remove every file in a staging directory, then the directory. */
static void remove_stage(int dest_fd, int stage_fd, const char *stage_name)
{
    int fd = dup(stage_fd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d && fd >= 0)
        (void)close(fd);
    if (d) {
        const struct dirent *e;
        while ((e = readdir(d)) != NULL)
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                (void)unlinkat(stage_fd, e->d_name, 0);
        (void)closedir(d);
    }
    (void)unlinkat(dest_fd, stage_name, AT_REMOVEDIR);
}

/* Is the staging directory @p name (in @p dir_fd) left by a dead run? */
static int stage_is_stale(int dir_fd, const char *name, const struct stat *sb)
{
    const char *p = name + strlen(BLS_OUTSET_STAGE_PREFIX);
    char *end;
    errno = 0;
    long long pid = strtoll(p, &end, 10);
    (void)dir_fd;
    if (end == p || *end != '.' || errno || pid <= 0 || pid > INT32_MAX)
        return 0; /* not a name this module makes */
    if ((pid_t)pid == getpid())
        return 0;
    int alive = kill((pid_t)pid, 0) == 0 || errno == EPERM;
    time_t now = time(NULL);
    return !alive || (now > sb->st_mtime && now - sb->st_mtime > STALE_AGE_SECONDS);
}

/* Under the lock: restore and remove the staging directories of dead runs
 * (killed by SIGKILL, a crash, an OOM kill; a power cut). */
static void clean_stale(int dir_fd)
{
    int fd = dup(dir_fd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            (void)close(fd);
        return; /* best effort: a stale directory costs space, not safety */
    }
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, BLS_OUTSET_STAGE_PREFIX, strlen(BLS_OUTSET_STAGE_PREFIX)) != 0)
            continue;
        struct stat sb;
        if (fstatat(dir_fd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !ours(&sb, 1) ||
            !stage_is_stale(dir_fd, e->d_name, &sb))
            continue;
        int sfd = openat(dir_fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sfd < 0)
            continue;
        if (restore_from_journal(dir_fd, sfd) == 0)
            remove_stage(dir_fd, sfd, e->d_name);
        (void)close(sfd); /* directory handle */
    }
    (void)closedir(d);
}

static char *join3(const char *a, const char *b, const char *c)
{
    return c ? bls_asprintf("%s/%s/%s", a, b, c) : bls_asprintf("%s/%s", a, b);
}

static bls_status make_stage(bls_outset *set, dest_dir *d)
{
    for (unsigned attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
        int n = snprintf(d->stage_name, sizeof d->stage_name, "%s%ld.", BLS_OUTSET_STAGE_PREFIX,
                         (long)getpid());
        random_suffix(d->stage_name + n, 8, attempt);
        if (mkdirat(d->fd, d->stage_name, 0700) == 0)
            break;
        if (errno != EEXIST || attempt + 1 == CREATE_ATTEMPTS) {
            d->stage_name[0] = '\0';
            set_error(set, "cannot create a staging directory here", d->path, errno);
            return BLS_ERR_WRITE;
        }
    }
    d->stage_fd = openat(d->fd, d->stage_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct stat sb;
    if (d->stage_fd < 0 || fstat(d->stage_fd, &sb) != 0 || !ours(&sb, 1)) {
        set_error(set, "cannot open the staging directory made here", d->path,
                  errno ? errno : EPERM);
        if (d->stage_fd < 0)
            (void)unlinkat(d->fd, d->stage_name, AT_REMOVEDIR);
        return BLS_ERR_WRITE;
    }
    d->stage_path = join3(d->path, d->stage_name, NULL);
    return d->stage_path ? BLS_OK : BLS_ERR_NOMEM;
}

/* Files are made 0666 less the umask, as any report file: mkstemp would
 * make them 0600, and reading the umask means setting it, process-wide. */
static bls_status make_file(bls_outset *set, size_t i)
{
    out_file *f = &set->files[i];
    dest_dir *d = &set->dirs[f->dir];
    snprintf(f->staged_name, sizeof f->staged_name, "f%zu", i);
    f->fd = openat(d->stage_fd, f->staged_name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                   0666);
    if (f->fd < 0) {
        set_error(set, "cannot create", f->final_path, errno);
        return BLS_ERR_WRITE;
    }
    f->staged_path = join3(d->path, d->stage_name, f->staged_name);
    if (!f->staged_path)
        return BLS_ERR_NOMEM;
    /* "/proc/self/fd/N" reopens the file itself; use it if it is there. */
    struct stat a, b;
    snprintf(f->writer_path, sizeof f->writer_path, "/proc/self/fd/%d", f->fd);
    if (fstat(f->fd, &a) != 0 || stat(f->writer_path, &b) != 0 || a.st_dev != b.st_dev ||
        a.st_ino != b.st_ino)
        f->writer_path[0] = '\0';
    return BLS_OK;
}

bls_status bls_outset_begin(bls_outset *set, const char *const *inputs, size_t input_count)
{
    if (!set || set->begun || (input_count && !inputs))
        return BLS_ERR_INVALID_ARG;
    set->begun = 1;
    bls_status st = check_finals(set, inputs, input_count);
    for (size_t i = 0; i < set->file_count && st == BLS_OK; i++)
        st = make_dirs(set, set->files[i].dir_path);
    if (st == BLS_OK)
        st = open_dirs(set);
    /* Directories that did not exist at the check ("new/../new/x") are
     * known by identity now. */
    for (size_t i = 0; i < set->file_count && st == BLS_OK; i++)
        for (size_t j = 0; j < i && st == BLS_OK; j++)
            if (set->files[i].dir == set->files[j].dir &&
                strcmp(set->files[i].base, set->files[j].base) == 0) {
                set_error(set, "names the same file as another output of this run",
                          set->files[i].final_path, 0);
                st = BLS_ERR_INVALID_ARG;
            }
    if (st == BLS_OK)
        st = lock_dirs(set);
    /* Under the lock, again: the entry may have changed since the check. */
    for (size_t i = 0; i < set->file_count && st == BLS_OK; i++) {
        const out_file *f = &set->files[i];
        struct stat sb;
        if (fstatat(set->dirs[f->dir].fd, f->base, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
            !S_ISREG(sb.st_mode)) {
            set_error(set, "exists and is not a regular file", f->final_path, 0);
            st = BLS_ERR_INVALID_ARG;
        }
    }
    for (size_t d = 0; d < set->dir_count && st == BLS_OK; d++)
        clean_stale(set->dirs[d].fd);
    /* Signals wait while a staged name exists that the hook has not been
     * told of: a handler that runs then removes everything staged. */
    sigset_t all, old;
    sigfillset(&all);
    int masked = st == BLS_OK && pthread_sigmask(SIG_BLOCK, &all, &old) == 0;
    for (size_t d = 0; d < set->dir_count && st == BLS_OK; d++) {
        st = make_stage(set, &set->dirs[d]);
        if (st == BLS_OK)
            tell(set, set->dirs[d].stage_path, 2);
    }
    for (size_t i = 0; i < set->file_count && st == BLS_OK; i++) {
        st = make_file(set, i);
        if (st == BLS_OK)
            tell(set, set->files[i].staged_path, 1);
    }
    if (masked)
        (void)pthread_sigmask(SIG_SETMASK, &old, NULL);
    return st;
}

/* ---- accessors ------------------------------------------------------------- */

int bls_outset_fd(const bls_outset *set, size_t index)
{
    return set && index < set->file_count ? set->files[index].fd : -1;
}

const char *bls_outset_writer_path(const bls_outset *set, size_t index)
{
    if (!set || index >= set->file_count || set->files[index].fd < 0)
        return NULL;
    const out_file *f = &set->files[index];
    return f->writer_path[0] ? f->writer_path : f->staged_path;
}

const char *bls_outset_staged_path(const bls_outset *set, size_t index)
{
    return set && index < set->file_count ? set->files[index].staged_path : NULL;
}

size_t bls_outset_stage_count(const bls_outset *set)
{
    return set ? set->dir_count : 0;
}

const char *bls_outset_stage_path(const bls_outset *set, size_t i)
{
    return set && i < set->dir_count ? set->dirs[i].stage_path : NULL;
}

const char *bls_outset_final_path(const bls_outset *set, size_t index)
{
    return set && index < set->file_count ? set->files[index].final_path : NULL;
}

const char *bls_outset_error(const bls_outset *set, const char **path, int *err)
{
    if (path)
        *path = set ? set->err_path : NULL;
    if (err)
        *err = set ? set->err_errno : 0;
    return set ? set->err_what : NULL;
}

void bls_outset_test_fail_at(bls_outset *set, long step)
{
    if (set)
        set->fail_at_step = step;
}

void bls_outset_test_no_hard_links(bls_outset *set)
{
    if (set)
        set->no_links = 1;
}

void bls_outset_test_crash_at(bls_outset *set, long step)
{
    if (set)
        set->crash_at_step = step;
}

/* ---- commit ------------------------------------------------------------------ */

static bls_status write_journal(bls_outset *set, dest_dir *d)
{
    char *text = bls_malloc(JOURNAL_MAX);
    if (!text)
        return BLS_ERR_NOMEM;
    size_t len = 0;
    for (size_t i = 0; i < set->file_count; i++) {
        out_file *f = &set->files[i];
        if (f->dir != (size_t)(d - set->dirs))
            continue;
        struct stat sb;
        f->replaced = fstatat(d->fd, f->base, &sb, AT_SYMLINK_NOFOLLOW) == 0;
        if (f->replaced && !S_ISREG(sb.st_mode)) {
            bls_free(text);
            set_error(set, "is no longer a regular file", f->final_path, 0);
            return BLS_ERR_WRITE;
        }
        size_t base_len = strlen(f->base);
        int n = snprintf(text + len, JOURNAL_MAX - len, "%zu %c %zu\n%s\n", i,
                         f->replaced ? 'r' : 'n', base_len, f->base);
        if (n < 0 || (size_t)n >= JOURNAL_MAX - len) {
            bls_free(text);
            return BLS_ERR_NOMEM; /* cannot happen: 16 names of NAME_MAX fit */
        }
        len += (size_t)n;
    }
    int fd = openat(d->stage_fd, JOURNAL_NAME, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    0600);
    int ok = fd >= 0;
    if (ok)
        d->journal = 1;
    ok = ok && write_all(fd, text, len) == 0 && fsync(fd) == 0;
    int err = errno;
    if (close_checked(&fd) != 0 && ok) {
        ok = 0;
        err = errno;
    }
    ok = ok && sync_dir(d->stage_fd) == 0;
    bls_free(text);
    if (!ok) {
        set_error(set, "cannot write the commit journal in", d->path, err ? err : errno);
        return BLS_ERR_WRITE;
    }
    return BLS_OK;
}

/* One step of the commit, with the tests' injected failure. */
static int step(bls_outset *set, long *n, int rc)
{
    if (rc != 0)
        return rc;
    if (set->crash_at_step >= 0 && *n == set->crash_at_step)
        _exit(99); /* as SIGKILL would: no cleanup at all */
    if (set->fail_at_step >= 0 && *n == set->fail_at_step) {
        (*n)++;
        errno = EIO;
        return -1;
    }
    (*n)++;
    return 0;
}

/* linkat, or, where the file system has no hard links (FAT, some FUSE) or
 * refuses one (fs.protected_hardlinks: a file another user owns), -1 with
 * errno EPERM so that the caller moves the file instead. */
static int link_or_eperm(const bls_outset *set, int from_dir, const char *from, int to_dir,
                         const char *to)
{
    if (set->no_links) {
        errno = EPERM;
        return -1;
    }
    return linkat(from_dir, from, to_dir, to, 0);
}

static int no_hard_link(int err)
{
    /* EOPNOTSUPP and ENOTSUP are one value on Linux, two elsewhere */
    int unsupported = err == EOPNOTSUPP;
#if defined(ENOTSUP) && ENOTSUP != EOPNOTSUPP
    unsupported = unsupported || err == ENOTSUP;
#endif
    return err == EPERM || unsupported || err == EMLINK || err == EXDEV;
}

/* rename that never replaces: RENAME_NOREPLACE, or, where the kernel or
 * the file system lacks it, a check under the lock and a rename (only a
 * process that ignores the lock could slip a file in between). */
static int rename_noreplace(int from_dir, const char *from, int to_dir, const char *to)
{
    if (renameat2(from_dir, from, to_dir, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
    struct stat sb;
    if (fstatat(to_dir, to, &sb, AT_SYMLINK_NOFOLLOW) == 0) {
        errno = EEXIST;
        return -1;
    }
    return renameat(from_dir, from, to_dir, to);
}

static bls_status put_in_place(bls_outset *set)
{
    long n = 0;
    for (size_t i = 0; i < set->file_count; i++) {
        out_file *f = &set->files[i];
        const dest_dir *d = &set->dirs[f->dir];
        char old[24];
        snprintf(old, sizeof old, "o%zu", i);
        int rc;
        if (f->replaced) {
            /* keep the earlier file under the staging directory, then
             * replace it atomically; without hard links, move it there
             * (its name is absent until the next rename) */
            rc = link_or_eperm(set, d->fd, f->base, d->stage_fd, old);
            if (rc != 0 && no_hard_link(errno))
                rc = renameat(d->fd, f->base, d->stage_fd, old);
            rc = step(set, &n, rc);
            if (rc == 0)
                rc = step(set, &n, renameat(d->stage_fd, f->staged_name, d->fd, f->base));
        } else {
            /* link, not rename: fails if a file appeared meanwhile, and
             * fN stays, which tells a restore that the name is ours */
            rc = link_or_eperm(set, d->stage_fd, f->staged_name, d->fd, f->base);
            if (rc != 0 && no_hard_link(errno))
                rc = rename_noreplace(d->stage_fd, f->staged_name, d->fd, f->base);
            rc = step(set, &n, rc);
        }
        if (rc != 0) {
            set_error(set, "cannot put in place", f->final_path, errno);
            return BLS_ERR_WRITE;
        }
    }
    for (size_t k = 0; k < set->dir_count; k++)
        if (step(set, &n, sync_dir(set->dirs[k].fd)) != 0) {
            set_error(set, "cannot sync the directory", set->dirs[k].path, errno);
            return BLS_ERR_WRITE;
        }
    return BLS_OK;
}

bls_status bls_outset_commit(bls_outset *set)
{
    if (!set || !set->begun || set->commit_tried)
        return BLS_ERR_INVALID_ARG;
    set->commit_tried = 1;
    /* Signals wait until the commit is over: a SIGINT half-way would leave
     * the set mixed until the next run restores it, and one between the
     * journal and the renames would leave a staging directory behind. The
     * whole commit is a few fsyncs and renames. */
    sigset_t all, old;
    sigfillset(&all);
    int masked = pthread_sigmask(SIG_BLOCK, &all, &old) == 0;
    bls_status st = BLS_OK;
    /* The data first: every file complete on disk before anything moves. */
    for (size_t i = 0; i < set->file_count && st == BLS_OK; i++) {
        out_file *f = &set->files[i];
        if (f->fd < 0) {
            st = BLS_ERR_INVALID_ARG; /* begin did not finish */
            break;
        }
        if (fsync(f->fd) != 0 || close_checked(&f->fd) != 0) {
            set_error(set, "cannot write", f->final_path, errno);
            st = BLS_ERR_WRITE;
        }
    }
    for (size_t d = 0; d < set->dir_count && st == BLS_OK; d++)
        st = write_journal(set, &set->dirs[d]);
    if (st == BLS_OK)
        st = put_in_place(set);
    if (st == BLS_OK) {
        for (size_t d = 0; d < set->dir_count; d++) { /* the commit point */
            if (unlinkat(set->dirs[d].stage_fd, JOURNAL_NAME, 0) == 0)
                set->dirs[d].journal = 0;
            (void)sync_dir(set->dirs[d].stage_fd); /* the new set is in place either way */
        }
        set->committed = 1;
    } else {
        for (size_t d = 0; d < set->dir_count; d++) {
            dest_dir *dd = &set->dirs[d];
            if (!dd->journal)
                continue;
            if (restore_from_journal(dd->fd, dd->stage_fd) == 0) {
                dd->journal = 0;
            } else {
                int err = errno;
                set->err_what = NULL; /* this one matters more */
                set_error(set,
                          "cannot restore the earlier outputs, which are kept in this directory",
                          dd->stage_path, err);
            }
        }
    }
    for (size_t d = 0; d < set->dir_count; d++) {
        dest_dir *dd = &set->dirs[d];
        if (!dd->journal && dd->stage_fd >= 0) {
            remove_stage(dd->fd, dd->stage_fd, dd->stage_name);
            tell_gone(set, d);
            (void)close(dd->stage_fd); /* directory handle */
            dd->stage_fd = -1;
        }
    }
    if (masked)
        (void)pthread_sigmask(SIG_SETMASK, &old, NULL);
    return st;
}

/* ---- free -------------------------------------------------------------------- */

void bls_outset_free(bls_outset *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->file_count; i++)
        (void)close_checked(&set->files[i].fd); /* discarded: its data does not matter */
    for (size_t d = 0; d < set->dir_count; d++) {
        dest_dir *dd = &set->dirs[d];
        /* a journal still here means the restore failed: keep what it names */
        if (dd->stage_fd >= 0 && !dd->journal) {
            remove_stage(dd->fd, dd->stage_fd, dd->stage_name);
            tell_gone(set, d);
        }
        if (dd->stage_fd >= 0)
            (void)close(dd->stage_fd);
        if (dd->fd >= 0)
            (void)close(dd->fd); /* releases the lock */
        bls_free(dd->path);
        bls_free(dd->stage_path);
    }
    /* directories this run created, innermost first, if still empty */
    for (size_t k = set->created_count; k-- > 0;) {
        if (!set->committed)
            (void)rmdir(set->created[k]);
        bls_free(set->created[k]);
    }
    for (size_t i = 0; i < set->file_count; i++) {
        bls_free(set->files[i].final_path);
        bls_free(set->files[i].dir_path);
        bls_free(set->files[i].staged_path);
    }
    bls_free(set);
}

/* ---- one file on its own (see outfile.h) ---------------------------------- */

#define SUFFIX_LEN 6

/* Create @p temp (its last SUFFIX_LEN characters replaced) as a new file
 * with mode 0666 less the umask, as any report file. mkstemp would make it
 * 0600, and reading the umask means setting it: process-wide, so it would
 * race the PDF thread and whatever files its libraries create. */
static int legacy_create_unique(char *temp, size_t len)
{
    for (unsigned attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
        random_suffix(temp + len - SUFFIX_LEN, SUFFIX_LEN, attempt);
        int fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

bls_status bls_outfile_begin(bls_outfile *out, const char *final_path)
{
    if (!out || !final_path || !*final_path)
        return BLS_ERR_INVALID_ARG;
    out->final_path = NULL;
    out->temp_path = NULL;
    size_t len = strlen(final_path);
    const char *slash = strrchr(final_path, '/');
    size_t dir_len = slash ? (size_t)(slash - final_path) + 1 : 0;
    const char *base = final_path + dir_len;
    /* dir/ + "." + base + ".XXXXXX" + NUL */
    char *temp = bls_malloc(len + 9);
    char *final_copy = bls_strdup(final_path);
    if (!temp || !final_copy) {
        bls_free(temp);
        bls_free(final_copy);
        return BLS_ERR_NOMEM;
    }
    size_t base_len = len - dir_len;
    memcpy(temp, final_path, dir_len);
    temp[dir_len] = '.';
    memcpy(temp + dir_len + 1, base, base_len);
    memcpy(temp + dir_len + 1 + base_len, ".XXXXXX", sizeof ".XXXXXX");
    int fd = legacy_create_unique(temp, dir_len + 1 + base_len + sizeof ".XXXXXX" - 1);
    if (fd < 0) {
        int saved = errno;
        bls_free(temp);
        bls_free(final_copy);
        errno = saved;
        return BLS_ERR_WRITE;
    }
    if (close(fd) != 0) {
        int saved = errno;
        unlink(temp);
        bls_free(temp);
        bls_free(final_copy);
        errno = saved;
        return BLS_ERR_WRITE;
    }
    out->final_path = final_copy;
    out->temp_path = temp;
    return BLS_OK;
}

/* fsync the directory holding @p path, so that the rename itself is on
 * disk once the run has said it is done. Best effort, as the file's fsync:
 * the rename has happened either way. */
static void legacy_sync_directory(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? bls_malloc((size_t)(slash - path) + 2) : NULL;
    if (slash && !dir)
        return;
    if (dir) {
        size_t n = slash == path ? 1 : (size_t)(slash - path); /* "/x" -> "/" */
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    int fd = open(dir ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        (void)close(fd);
    }
    bls_free(dir);
}

bls_status bls_outfile_commit(bls_outfile *out)
{
    if (!out || !out->temp_path)
        return BLS_ERR_INVALID_ARG;
    /* Flush the finished file to disk before it replaces the old one. */
    int fd = open(out->temp_path, O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd);
        (void)close(fd);
    }
    if (rename(out->temp_path, out->final_path) != 0) {
        int saved = errno;
        bls_outfile_abort(out);
        errno = saved;
        return BLS_ERR_WRITE;
    }
    legacy_sync_directory(out->final_path);
    bls_free(out->temp_path);
    bls_free(out->final_path);
    out->temp_path = NULL;
    out->final_path = NULL;
    return BLS_OK;
}

void bls_outfile_abort(bls_outfile *out)
{
    if (!out)
        return;
    if (out->temp_path)
        (void)unlink(out->temp_path);
    bls_free(out->temp_path);
    bls_free(out->final_path);
    out->temp_path = NULL;
    out->final_path = NULL;
}

void bls_outfile_unlink_temp(const bls_outfile *out)
{
    if (out && out->temp_path)
        (void)unlink(out->temp_path);
}

bls_status bls_write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return BLS_ERR_WRITE;
        }
        data += n;
        len -= (size_t)n;
    }
    return BLS_OK;
}

/* ---- is a written file whole? ---------------------------------------------- */

/* A complete zip ends with its end-of-central-directory record, which
 * says where the central directory starts and how long it is. */
int bls_fd_holds_whole_zip(int fd)
{
    struct stat sb;
    unsigned char e[22];
    if (fstat(fd, &sb) != 0 || sb.st_size < (off_t)sizeof e ||
        pread(fd, e, sizeof e, sb.st_size - (off_t)sizeof e) != (ssize_t)sizeof e)
        return 0;
    uint32_t sig =
        (uint32_t)e[0] | (uint32_t)e[1] << 8 | (uint32_t)e[2] << 16 | (uint32_t)e[3] << 24;
    uint32_t cd_size =
        (uint32_t)e[12] | (uint32_t)e[13] << 8 | (uint32_t)e[14] << 16 | (uint32_t)e[15] << 24;
    uint32_t cd_off =
        (uint32_t)e[16] | (uint32_t)e[17] << 8 | (uint32_t)e[18] << 16 | (uint32_t)e[19] << 24;
    return sig == 0x06054b50u && (uint64_t)cd_off + cd_size + sizeof e == (uint64_t)sb.st_size;
}

int bls_fd_holds_whole_pdf(int fd)
{
    struct stat sb;
    char tail[8];
    if (fstat(fd, &sb) != 0 || sb.st_size < (off_t)sizeof tail ||
        pread(fd, tail, sizeof tail, sb.st_size - (off_t)sizeof tail) != (ssize_t)sizeof tail)
        return 0;
    for (size_t i = 0; i + 5 <= sizeof tail; i++)
        if (memcmp(tail + i, "%%EOF", 5) == 0)
            return 1;
    return 0;
}
