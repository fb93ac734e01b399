/*
 * cli.c - the command line on top of the pipeline: options, signals,
 * messages and exit codes. The only file (with main.c) that prints.
 *
 * init (options, signals) -> operate (bls_pipeline_run) -> report
 * (diagnostics, summary) -> cleanup -> exit code.
 */
#define _GNU_SOURCE /* getopt_long */
#include "blsreport/cli.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blsreport/alloc.h"
#include "blsreport/pipeline.h"

#define DEFAULT_INPUT_DIR "input"
#define DEFAULT_OUTPUT_DIR "output"
#define DEFAULT_MAX_DIAGNOSTICS 50
#define DEFAULT_THREADS 2 /* the PDF on a second thread; nothing else runs in parallel */
#define MAX_SELECT 256

typedef enum diag_format { DIAG_TEXT, DIAG_GITHUB } diag_format;

typedef struct cli {
    bls_pipeline_options opts;
    const char *extract_doc;
    int quiet, verbose;
    diag_format diagnostics;
    long max_diagnostics;
    const char *select[MAX_SELECT];
    char *select_buf;
    char **owned_inputs; /* the files found in ./input/ */
    size_t owned_count;
    const char **inputs;
    char pdf_module[4096];
} cli;

/* ---- the PDF module: next to the executable, else where it is installed -- */

static int readable(const char *path)
{
    return access(path, R_OK) == 0;
}

/* blsreport-pdf.so sits beside the executable in the build tree; an
 * installed blsreport finds it under BLS_PDF_MODULE_INSTALLED. If neither is
 * there, the path beside the executable is kept, for the error message. */
static void find_pdf_module(char *out, size_t size)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    out[0] = '\0';
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            slash[1] = '\0';
        int len = snprintf(out, size, "%s%s", exe, BLS_PDF_MODULE_FILE);
        if (len > 0 && (size_t)len < size && readable(out))
            return;
        if (len < 0 || (size_t)len >= size)
            out[0] = '\0'; /* a cut path names nothing */
    }
#ifdef BLS_PDF_MODULE_INSTALLED
    if (readable(BLS_PDF_MODULE_INSTALLED) || !out[0])
        (void)snprintf(out, size, "%s", BLS_PDF_MODULE_INSTALLED);
#endif
    if (!out[0])
        (void)snprintf(out, size, "%s", BLS_PDF_MODULE_FILE);
}

/* ---- signals: remove temporary outputs, exit 130/143 -------------------- */

#define MAX_TEMPS 24 /* workbook, PDF, JSON, six charts, their staging directories */
#define TEMP_PATH_MAX 4096
static volatile sig_atomic_t stop_signal;
static volatile int stop_flag;
/* Own copies of the temporary output paths: a signal handler may read them
 * at any moment, so they never point into memory the pipeline frees. */
static char temp_paths[MAX_TEMPS][TEMP_PATH_MAX];
static volatile sig_atomic_t temp_used[MAX_TEMPS]; /* 1 a file, 2 a directory */

static void on_temp(void *ctx, const char *path, int registered)
{
    (void)ctx;
    size_t len = strlen(path);
    for (int i = 0; i < MAX_TEMPS; i++) {
        if (registered && !temp_used[i] && len < TEMP_PATH_MAX) {
            memcpy(temp_paths[i], path, len + 1);
            temp_used[i] = registered;
            return;
        }
        if (!registered && temp_used[i] && strcmp(temp_paths[i], path) == 0) {
            temp_used[i] = 0;
            return;
        }
    }
}

/* Async-signal-safe: unlink, rmdir and _exit only. A run stops within the
 * time it takes to unlink its staged files, whatever stage it is in (the
 * commit holds signals back until it is done: outfile.h). */
static void on_signal(int sig)
{
    stop_signal = sig;
    stop_flag = 1;
    for (int i = 0; i < MAX_TEMPS; i++)
        if (temp_used[i] == 1)
            unlink(temp_paths[i]);
    for (int i = 0; i < MAX_TEMPS; i++)
        if (temp_used[i] == 2)
            rmdir(temp_paths[i]);
    /* 130 SIGINT, 143 SIGTERM, 129 SIGHUP (a closed terminal): 128 + signal, as a shell says */
    _exit(sig == SIGINT ? BLS_EXIT_SIGINT : sig == SIGTERM ? BLS_EXIT_SIGTERM : 128 + sig);
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL); /* the terminal went away: clean up like SIGTERM */
    /* A file size limit (ulimit -f) and a closed stdout are write errors,
     * reported and cleaned up like any other, not a silent death. */
    sa.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &sa, NULL);
    sigaction(SIGPIPE, &sa, NULL);
}

/* ---- messages -------------------------------------------------------------- */

static void message(const char *fmt, ...) BLS_PRINTF(1, 2);

static void message(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    /* stderr: nothing useful can be done when a diagnostic cannot be written */
    (void)fputs("blsreport: ", stderr);
    (void)vfprintf(stderr, fmt, ap);
    (void)fputc('\n', stderr);
    va_end(ap);
}

/* What went to stdout reached it; else say so and return BLS_EXIT_OUTPUT
 * (--help > /dev/full, a closed stdout, a pipe whose reader is gone). */
static int stdout_status(int rc)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return rc;
    message("standard output: cannot write: %s", errno ? strerror(errno) : "write error");
    return BLS_EXIT_OUTPUT;
}

/* --json -: the summary goes straight to fd 1 in the pipeline's pieces,
 * before the outputs are committed, so that a failure commits nothing. */
static bls_status json_to_stdout(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    while (len) {
        ssize_t n = write(STDOUT_FILENO, data, len);
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

static void usage(FILE *out)
{
    fprintf(out, "Usage: blsreport [OPTIONS] [FILE...]\n"
                 "Check the BLS figures a document quotes against BLS data; write an XLSX\n"
                 "workbook, a PDF report and a JSON summary.\n"
                 "\n"
                 "  FILE                   CSV data (OEWS wages or EP projections), a claims CSV,\n"
                 "                         or a document (.txt/.md); the kind of each CSV is\n"
                 "                         recognised from its header row. BLS's own .xlsx,\n"
                 "                         .xls and .zip downloads are read directly, each\n"
                 "                         worksheet as an input. Default: every file\n"
                 "                         in ./input/\n"
                 "  -o, --output-dir DIR   where report.xlsx and report.pdf go (default ./output;\n"
                 "                         created)\n"
                 "      --json PATH        write the JSON summary there ('-' for stdout)\n"
                 "      --no-xlsx          do not write report.xlsx\n"
                 "      --no-pdf           do not write report.pdf\n"
                 "      --extract-claims DOC  print the claims found in DOC as a claims CSV\n"
                 "                         (data FILEs, if given, supply occupation titles)\n"
                 "      --fail-on WHEN     never | mismatch (default: mismatch or missing claims)\n"
                 "                         | stale (also stale and ambiguous claims)\n"
                 "      --select LIST      SOC codes to chart: 31-2021,29-2053 or prefixes 29-*\n"
                 "      --paper SIZE       a4 (default) or letter\n"
                 "  -j, --jobs N           threads: 2 (default) draws the PDF while the\n"
                 "                         workbook is written; 1 does all on one thread.\n"
                 "                         The outputs are the same bytes either way\n"
                 "      --charts-dir DIR   also write each chart as SVG and PNG into DIR\n"
                 "                         (growth, pay, scatter .svg/.png; created; also\n"
                 "                         with --no-pdf)\n"
                 "      --wage-period P    survey period of OEWS files (\"May 2014\"); default:\n"
                 "                         from the file name (national_M2014_dl.csv)\n"
                 "      --author NAME, --company NAME   workbook properties\n"
                 "      --diagnostics F    text (default) or github (workflow commands)\n"
                 "      --max-diagnostics N  print at most N findings (default 50; the JSON\n"
                 "                         summary and the workbook always have all)\n"
                 "      --list-rules       print the validation rules (id, severity, meaning)\n"
                 "  -q, --quiet            print errors only\n"
                 "  -v, --verbose          also print every claim's verdict\n"
                 "  -h, --help             this help\n"
                 "  -V, --version          version\n"
                 "\n"
                 "Environment: SOURCE_DATE_EPOCH fixes the creation dates in the XLSX and PDF so\n"
                 "the same inputs give byte-identical files.\n"
                 "\n"
                 "Exit codes:\n"
                 "  0    report written, nothing wrong\n"
                 "  1    report written, but findings: a claim that does not match the data\n"
                 "       (per --fail-on) or an error-level validation finding\n"
                 "  2    usage error, no usable input, or an output path that is an input,\n"
                 "       not a regular file, or another output; nothing written\n"
                 "  3    an output (stdout included) could not be written; nothing written\n"
                 "  130  interrupted (SIGINT), 143 terminated (SIGTERM); nothing written, or,\n"
                 "       if the signal came during the final renames, the whole new set\n"
                 "See docs/outputs-safety.md for what happens to the outputs.\n");
}

/* ---- options ---------------------------------------------------------------- */

enum {
    OPT_JSON = 256,
    OPT_NO_XLSX,
    OPT_NO_PDF,
    OPT_EXTRACT,
    OPT_FAIL_ON,
    OPT_SELECT,
    OPT_PAPER,
    OPT_CHARTS_DIR,
    OPT_WAGE_PERIOD,
    OPT_AUTHOR,
    OPT_COMPANY,
    OPT_DIAGNOSTICS,
    OPT_MAX_DIAGNOSTICS,
    OPT_LIST_RULES,
};

static const struct option long_options[] = {
    {"output-dir", required_argument, NULL, 'o'},
    {"json", required_argument, NULL, OPT_JSON},
    {"no-xlsx", no_argument, NULL, OPT_NO_XLSX},
    {"no-pdf", no_argument, NULL, OPT_NO_PDF},
    {"extract-claims", required_argument, NULL, OPT_EXTRACT},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"select", required_argument, NULL, OPT_SELECT},
    {"paper", required_argument, NULL, OPT_PAPER},
    {"charts-dir", required_argument, NULL, OPT_CHARTS_DIR},
    {"wage-period", required_argument, NULL, OPT_WAGE_PERIOD},
    {"author", required_argument, NULL, OPT_AUTHOR},
    {"company", required_argument, NULL, OPT_COMPANY},
    {"diagnostics", required_argument, NULL, OPT_DIAGNOSTICS},
    {"max-diagnostics", required_argument, NULL, OPT_MAX_DIAGNOSTICS},
    {"list-rules", no_argument, NULL, OPT_LIST_RULES},
    {"jobs", required_argument, NULL, 'j'},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* The validation rules as a Markdown table (the README's copy is checked
 * against this output by the end-to-end tests). */
static void list_rules(void)
{
    printf("| rule | severity | meaning |\n|---|---|---|\n");
    for (int r = 0; r < BLS_RULE_COUNT; r++) {
        const bls_rule_info *info = bls_rule_get((bls_rule)r);
        printf("| `%s` | %s | %s |\n", info->id, bls_severity_name(info->severity), info->summary);
    }
}

static int parse_long(const char *text, long min, long max, long *out)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || end == text || *end || v < min || v > max)
        return -1;
    *out = (long)v;
    return 0;
}

/* Split "31-2021,29-*" into cli->select (pointers into a private copy). */
static int parse_select(cli *c, const char *list)
{
    bls_free(c->select_buf);
    c->select_buf = bls_strdup(list);
    if (!c->select_buf)
        return -1;
    c->opts.select_count = 0;
    for (char *save = NULL, *tok = strtok_r(c->select_buf, ", ", &save); tok;
         tok = strtok_r(NULL, ", ", &save)) {
        if (c->opts.select_count == MAX_SELECT)
            return -1;
        c->select[c->opts.select_count++] = tok;
    }
    c->opts.select = c->select;
    return c->opts.select_count ? 0 : -1;
}

/* Returns -1 to go on, else the exit code to return at once. */
static int parse_options(cli *c, int argc, char **argv)
{
    bls_pipeline_options *o = &c->opts;
    o->output_dir = DEFAULT_OUTPUT_DIR;
    o->write_xlsx = o->write_pdf = 1;
    o->paper = BLS_PAPER_A4;
    o->threads = DEFAULT_THREADS;
    o->fail_on = BLS_FAIL_ON_MISMATCH;
    o->source_date_epoch = -1;
    o->version = "blsreport " BLS_VERSION;
    c->max_diagnostics = DEFAULT_MAX_DIAGNOSTICS;
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":o:j:qvhV", long_options, NULL)) != -1) {
        switch (ch) {
        case 'o': o->output_dir = optarg; break;
        case OPT_JSON: o->json_path = optarg; break;
        case OPT_NO_XLSX: o->write_xlsx = 0; break;
        case OPT_NO_PDF: o->write_pdf = 0; break;
        case OPT_EXTRACT: c->extract_doc = optarg; break;
        case OPT_FAIL_ON:
            if (strcmp(optarg, "never") == 0)
                o->fail_on = BLS_FAIL_ON_NEVER;
            else if (strcmp(optarg, "mismatch") == 0)
                o->fail_on = BLS_FAIL_ON_MISMATCH;
            else if (strcmp(optarg, "stale") == 0)
                o->fail_on = BLS_FAIL_ON_STALE;
            else {
                message("--fail-on takes never, mismatch or stale, not '%s'", optarg);
                return BLS_EXIT_USAGE;
            }
            break;
        case OPT_SELECT:
            if (parse_select(c, optarg) != 0) {
                message("--select takes SOC codes or prefixes separated by commas "
                        "(31-2021,29-*), at most %d",
                        MAX_SELECT);
                return BLS_EXIT_USAGE;
            }
            break;
        case OPT_PAPER:
            if (strcmp(optarg, "a4") == 0 || strcmp(optarg, "A4") == 0)
                o->paper = BLS_PAPER_A4;
            else if (strcmp(optarg, "letter") == 0 || strcmp(optarg, "Letter") == 0)
                o->paper = BLS_PAPER_LETTER;
            else {
                message("--paper takes a4 or letter, not '%s'", optarg);
                return BLS_EXIT_USAGE;
            }
            break;
        case OPT_CHARTS_DIR: o->charts_dir = optarg; break;
        case OPT_WAGE_PERIOD: {
            bls_period p;
            if (bls_period_parse(optarg, strlen(optarg), &p) != BLS_OK) {
                message("--wage-period takes a period like \"May 2014\", not '%s'", optarg);
                return BLS_EXIT_USAGE;
            }
            o->wage_period = optarg;
            break;
        }
        case OPT_AUTHOR: o->author = optarg; break;
        case OPT_COMPANY: o->company = optarg; break;
        case OPT_DIAGNOSTICS:
            if (strcmp(optarg, "text") == 0)
                c->diagnostics = DIAG_TEXT;
            else if (strcmp(optarg, "github") == 0)
                c->diagnostics = DIAG_GITHUB;
            else {
                message("--diagnostics takes text or github, not '%s'", optarg);
                return BLS_EXIT_USAGE;
            }
            break;
        case OPT_MAX_DIAGNOSTICS:
            if (parse_long(optarg, 0, 1000000000L, &c->max_diagnostics) != 0) {
                message("--max-diagnostics takes a number >= 0, not '%s'", optarg);
                return BLS_EXIT_USAGE;
            }
            break;
        case 'j': {
            long jobs;
            if (parse_long(optarg, 1, 1024, &jobs) != 0) {
                message("--jobs takes a number of threads >= 1, not '%s'", optarg);
                return BLS_EXIT_USAGE;
            }
            o->threads =
                jobs > DEFAULT_THREADS ? DEFAULT_THREADS : (int)jobs; /* 2 is all it uses */
            break;
        }
        case OPT_LIST_RULES: list_rules(); return stdout_status(BLS_EXIT_OK);
        case 'q': c->quiet = 1; break;
        case 'v': c->verbose = 1; break;
        case 'h': usage(stdout); return stdout_status(BLS_EXIT_OK);
        case 'V': printf("blsreport %s\n", BLS_VERSION); return stdout_status(BLS_EXIT_OK);
        /* A short option is named by optopt: in a cluster ("-qx"), optind
         * has not moved past the argument that holds it. */
        case ':':
            if (optopt > 0 && optopt < 256)
                message("option -%c needs a value (see --help)", optopt);
            else
                message("option %s needs a value (see --help)", argv[optind - 1]);
            return BLS_EXIT_USAGE;
        default:
            if (optopt > 0 && optopt < 256)
                message("unknown option -%c (see --help)", optopt);
            else
                message("unknown option %s (see --help)", argv[optind - 1]);
            return BLS_EXIT_USAGE;
        }
    }
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch && *epoch) {
        long value;
        if (parse_long(epoch, 0, 253402300799L, &value) != 0) {
            message("SOURCE_DATE_EPOCH must be seconds since 1970, not '%s'", epoch);
            return BLS_EXIT_USAGE;
        }
        o->source_date_epoch = value;
    }
    return -1;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular, non-hidden file in ./input/, sorted by name. */
static int list_input_dir(cli *c, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        message("%s: cannot open the default input directory: %s (give input files "
                "as arguments)",
                dir, strerror(errno));
        return -1;
    }
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *path = bls_malloc(len);
        char **grown = bls_realloc(c->owned_inputs, (c->owned_count + 1) * sizeof *grown);
        if (!path || !grown) {
            bls_free(path);
            if (grown)
                c->owned_inputs = grown;
            rc = -1;
            message("out of memory");
            break;
        }
        c->owned_inputs = grown;
        snprintf(path, len, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            bls_free(path);
            continue;
        }
        c->owned_inputs[c->owned_count++] = path;
    }
    closedir(d);
    if (rc == 0 && c->owned_count == 0) {
        message("%s: no input files", dir);
        rc = -1;
    }
    if (rc == 0)
        qsort(c->owned_inputs, c->owned_count, sizeof *c->owned_inputs, compare_names);
    return rc;
}

/* ---- reporting ---------------------------------------------------------- */

static void print_finding(const cli *c, const bls_finding *f)
{
    const char *rule = bls_rule_get(f->rule)->id;
    const char *sev = bls_severity_name(f->severity);
    if (c->diagnostics == DIAG_GITHUB) {
        /* Workflow command; message text escaped as GitHub documents. */
        fprintf(stderr, "::%s file=%s,line=%llu,col=%u,title=%s::",
                f->severity == BLS_SEV_ERROR     ? "error"
                : f->severity == BLS_SEV_WARNING ? "warning"
                                                 : "notice",
                f->path, (unsigned long long)(f->line ? f->line : 1), f->column, rule);
        for (const char *m = f->message; *m; m++) {
            if (*m == '%')
                (void)fputs("%25", stderr);
            else if (*m == '\r')
                (void)fputs("%0D", stderr);
            else if (*m == '\n')
                (void)fputs("%0A", stderr);
            else
                (void)fputc(*m, stderr);
        }
        (void)fputc('\n', stderr);
        return;
    }
    /* file:line:column, or book.xlsx:sheet!P599 for a workbook sheet */
    char small[512];
    char *where = small;
    size_t n = bls_finding_location(f, small, sizeof small);
    if (n >= sizeof small && (where = bls_malloc(n + 1)) != NULL)
        (void)bls_finding_location(f, where, n + 1);
    fprintf(stderr, "%s: %s: %s [%s]\n", where ? where : f->path, sev, f->message, rule);
    if (where != small)
        bls_free(where);
}

static void print_findings(const cli *c, const bls_pipeline_result *res)
{
    size_t n = bls_findings_count(res->findings);
    long printed = 0;
    uint64_t rest = bls_findings_dropped(res->findings);
    for (size_t i = 0; i < n; i++) {
        const bls_finding *f = bls_findings_at(res->findings, i);
        if (c->quiet && f->severity != BLS_SEV_ERROR)
            continue;
        if (printed >= c->max_diagnostics) {
            rest++;
            continue;
        }
        print_finding(c, f);
        printed++;
    }
    if (rest)
        message("... and %llu more findings (all are in the JSON summary and the workbook)",
                (unsigned long long)rest);
}

static void print_summary(const cli *c, const bls_pipeline_result *res)
{
    uint64_t read = 0, accepted = 0, rejected = 0;
    for (size_t i = 0; i < res->input_count; i++) {
        read += res->inputs[i].rows_read;
        accepted += res->inputs[i].rows_accepted;
        rejected += res->inputs[i].rows_rejected;
    }
    for (size_t i = 0; i < res->claim_line_count; i++) {
        int v = res->claim_line_verdicts[i];
        if (c->verbose || (v != BLS_VERDICT_MATCH && v != BLS_VERDICT_ROUNDING))
            fprintf(stderr, "%s\n", res->claim_lines[i]);
    }
    if (c->quiet)
        return;
    fprintf(stderr,
            "blsreport: %zu input%s, %llu row%s read (%llu accepted, %llu rejected), "
            "%zu occupation%s\n",
            res->input_count, res->input_count == 1 ? "" : "s", (unsigned long long)read,
            read == 1 ? "" : "s", (unsigned long long)accepted, (unsigned long long)rejected,
            res->occupations, res->occupations == 1 ? "" : "s");
    fprintf(stderr, "claims: %zu checked:", res->claims_total);
    for (int v = 0; v < BLS_VERDICT_COUNT; v++)
        fprintf(stderr, "%s %zu %s", v ? "," : "", res->by_verdict[v],
                bls_verdict_name((bls_verdict)v));
    (void)fputc('\n', stderr);
    fprintf(stderr, "findings: %llu errors, %llu warnings\n",
            (unsigned long long)bls_findings_total(res->findings, BLS_SEV_ERROR),
            (unsigned long long)bls_findings_total(res->findings, BLS_SEV_WARNING));
    for (size_t i = 0; i < res->output_count; i++)
        fprintf(stderr, "wrote %s\n", res->outputs[i].path);
}

static int report(const cli *c, const bls_pipeline_result *res)
{
    print_findings(c, res);
    for (size_t i = 0; i < res->input_error_count; i++) {
        const bls_input_error *e = &res->input_errors[i];
        const char *why = e->message ? e->message : bls_strerror(e->status);
        if (e->line)
            fprintf(stderr, "%s:%llu: error: %s\n", e->path, (unsigned long long)e->line, why);
        else
            fprintf(stderr, "%s: error: %s\n", e->path, why);
    }
    for (size_t i = 0; i < res->unread_count; i++)
        fprintf(stderr, "%s: note: sheet not read: %s\n", res->unread[i].path,
                res->unread[i].reason);
    if (res->status != BLS_OK) {
        if (!res->input_error_count)
            message("%s", res->message ? res->message : bls_strerror(res->status));
        message("nothing written");
        return res->exit_code;
    }
    if (c->extract_doc) {
        if (res->claims_csv)
            (void)fputs(res->claims_csv, stdout); /* checked by stdout_status() */
        return stdout_status(BLS_EXIT_OK);
    }
    if (res->json && (fputs(res->json, stdout) == EOF || fputc('\n', stdout) == EOF))
        return BLS_EXIT_OUTPUT;
    print_summary(c, res);
    return res->exit_code;
}

/* ---- main ---------------------------------------------------------------------- */

static void cli_cleanup(cli *c)
{
    for (size_t i = 0; i < c->owned_count; i++)
        bls_free(c->owned_inputs[i]);
    bls_free(c->owned_inputs);
    bls_free(c->inputs);
    bls_free(c->select_buf);
}

int bls_cli_main(int argc, char **argv)
{
    cli c;
    memset(&c, 0, sizeof c);
    int rc = parse_options(&c, argc, argv);
    if (rc >= 0) {
        cli_cleanup(&c);
        return rc;
    }
    size_t n_args = (size_t)(argc - optind);
    if (n_args == 0 && !c.extract_doc) {
        if (list_input_dir(&c, DEFAULT_INPUT_DIR) != 0) {
            cli_cleanup(&c);
            return BLS_EXIT_USAGE;
        }
    }
    size_t total = n_args + c.owned_count + (c.extract_doc ? 1 : 0);
    c.inputs = bls_calloc(total ? total : 1, sizeof *c.inputs);
    if (!c.inputs) {
        message("out of memory");
        cli_cleanup(&c);
        return BLS_EXIT_USAGE;
    }
    size_t k = 0;
    for (size_t i = 0; i < c.owned_count; i++)
        c.inputs[k++] = c.owned_inputs[i];
    for (int i = optind; i < argc; i++)
        c.inputs[k++] = argv[i];
    if (c.extract_doc)
        c.inputs[k++] = c.extract_doc;
    c.opts.inputs = c.inputs;
    c.opts.input_count = k;
    c.opts.extract_only = c.extract_doc != NULL;
    c.opts.stop_flag = &stop_flag;
    c.opts.temp_hook = on_temp;
    c.opts.json_stdout = json_to_stdout;
    if ((c.opts.write_pdf || c.opts.charts_dir) && !c.opts.extract_only) {
        find_pdf_module(c.pdf_module, sizeof c.pdf_module);
        c.opts.pdf_module = c.pdf_module;
    }
    install_signals();

    bls_pipeline_result res;
    bls_status status = bls_pipeline_run(&c.opts, &res);
    rc = report(&c, &res); /* res.status == status: report() reads it from there */
    (void)status;
    if (rc == BLS_EXIT_OK || rc == BLS_EXIT_FINDINGS)
        rc = stdout_status(rc); /* nothing else is printed there after the commit */
    bls_pipeline_result_cleanup(&res);
    cli_cleanup(&c);
    return rc;
}
