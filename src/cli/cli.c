/*
 * cli.c - the command line on top of the pipeline: options, signals,
 * messages and exit codes. The only file (with main.c) that prints.
 *
 * init (options, signals) -> operate (bls_pipeline_run) -> report
 * (diagnostics, summary) -> cleanup -> exit code.
 */
#define _GNU_SOURCE /* getopt_long */
#include "blsreport/cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "blsreport/base/alloc.h"
#include "blsreport/pipeline/outfile.h"
#include "blsreport/pipeline/pipeline.h"
#include "blsreport/render/annotate.h"
#include "blsreport/render/baseline.h"
#include "blsreport/render/xlsx_deflate.h"

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
    char **owned_inputs; /* the files found in ./input/ and in directories given */
    size_t owned_count;
    const char *sarif_path, *baseline_path;
    bls_baseline *baseline;
    int progress;       /* --progress: 1 forced; 0: on a terminal only */
    int progress_tty;   /* stderr is a terminal: one line, redrawn */
    int progress_shown; /* a line is on the terminal, to be cleared */
    double progress_start, progress_last;
    const char **inputs;
    char pdf_module[4096];
} cli;

/* ---- the PDF module: next to the executable, else where it is installed -- */

static int readable(const char *path)
{
    return access(path, R_OK) == 0;
}

/* blsreport-pdf.so sits beside the executable in the build tree; an
 * installed blsreport finds it at BLS_PDF_MODULE_RELATIVE from its own
 * directory ($ORIGIN/../lib/blsreport/, so that an install moved with
 * --prefix or DESTDIR still finds it), else at BLS_PDF_MODULE_INSTALLED. If
 * none is there, the path beside the executable is kept, for the error
 * message. */
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
#ifdef BLS_PDF_MODULE_RELATIVE
        int rel = snprintf(out, size, "%s%s", exe, BLS_PDF_MODULE_RELATIVE);
        if (rel > 0 && (size_t)rel < size && readable(out))
            return;
#endif
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

#define MAX_TEMPS BLS_PIPELINE_MAX_TEMPS /* staged outputs and their staging directories */
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

/* Messages carry arguments and paths: they are escaped like data (no
 * control character reaches the terminal, #19 item 9). */
static void message(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = bls_vasprintf(fmt, ap);
    va_end(ap);
    bls_dynbuf b;
    bls_dynbuf_init(&b, (size_t)1 << 20);
    /* stderr: nothing useful can be done when a diagnostic cannot be written */
    (void)fputs("blsreport: ", stderr);
    if (text && bls_escape_text(&b, text) == BLS_OK && b.len)
        (void)fwrite(b.data, 1, b.len, stderr);
    else if (!text)
        (void)fputs("out of memory", stderr);
    (void)fputc('\n', stderr);
    bls_dynbuf_cleanup(&b);
    bls_free(text);
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
    return bls_write_all(STDOUT_FILENO, data, len);
}

static void usage(FILE *out)
{
    (void)fputs("Usage: blsreport [OPTIONS] [FILE...]\n"
                "Check the BLS figures a document quotes against BLS data; write an XLSX\n"
                "workbook, a PDF report and a JSON summary.\n"
                "\n"
                "  FILE                   CSV data (OEWS wages or EP projections), a claims CSV,\n"
                "                         or a document (.txt/.md); the kind of each CSV is\n"
                "                         recognised from its header row. BLS's own .xlsx,\n"
                "                         .xls and .zip downloads are read directly, each\n"
                "                         worksheet as an input. A directory or a quoted\n"
                "                         glob ('articles/*.md') gives every file in it.\n"
                "                         Default: every file in ./input/\n"
                "  -o, --output-dir DIR   where report.xlsx and report.pdf go (default ./output;\n"
                "                         created)\n"
                "      --json PATH        write the JSON summary there ('-' for stdout)\n"
                "      --json-findings W  the findings the summary lists: all (default),\n"
                "                         errors, or none (the counts are always whole)\n"
                "      --no-xlsx          do not write report.xlsx\n"
                "      --no-pdf           do not write report.pdf\n"
                "      --per-document     also one PDF and one JSON summary per document\n"
                "                         in the output directory, listed in index.json\n"
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
                "      --xlsx-compression C  default (zlib level 6, as libxlsxwriter) or fast\n"
                "                         (level 1: a shorter run, a larger workbook)\n"
                "      --diagnostics F    text (default) or github (workflow commands)\n"
                "      --max-diagnostics N  print at most N findings (default 50; the JSON\n"
                "                         summary and the workbook always have all)\n"
                "      --sarif PATH       also write findings and verdicts as SARIF 2.1.0\n"
                "      --baseline PATH    a previous JSON summary or SARIF file: only the\n"
                "                         findings and verdicts it does not hold fail the run\n"
                "      --list-rules       print the validation rules (id, severity, meaning)\n"
                "      --progress         progress on stderr (rows read, rate, ETA), also\n"
                "                         when it is not a terminal; by default it is shown\n"
                "                         on a terminal once a run takes over a second\n"
                "  -q, --quiet            print errors only (and no progress)\n"
                "  -v, --verbose          also print every claim's verdict\n"
                "  -h, --help             this help\n"
                "  -V, --version          version\n"
                "\n",
                out);
    (void)fputs("Environment: SOURCE_DATE_EPOCH fixes the creation dates in the XLSX and PDF so\n"
                "the same inputs give byte-identical files. GITHUB_STEP_SUMMARY: with\n"
                "--diagnostics github, a Markdown summary is appended to that file.\n"
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
                "See docs/outputs-safety.md for what happens to the outputs.\n",
                out);
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
    OPT_SARIF,
    OPT_BASELINE,
    OPT_PER_DOCUMENT,
    OPT_JSON_FINDINGS,
    OPT_PROGRESS,
    OPT_XLSX_COMPRESSION,
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
    {"sarif", required_argument, NULL, OPT_SARIF},
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {"per-document", no_argument, NULL, OPT_PER_DOCUMENT},
    {"json-findings", required_argument, NULL, OPT_JSON_FINDINGS},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"xlsx-compression", required_argument, NULL, OPT_XLSX_COMPRESSION},
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
/* The options that take one word of a few: one table each, one reader. */
typedef struct choice {
    const char *word;
    int value;
} choice;

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static const choice fail_on_words[] = {
    {"never", BLS_FAIL_ON_NEVER}, {"mismatch", BLS_FAIL_ON_MISMATCH}, {"stale", BLS_FAIL_ON_STALE}};
static const choice paper_words[] = {{"a4", BLS_PAPER_A4}, {"letter", BLS_PAPER_LETTER}};
static const choice diagnostics_words[] = {{"text", DIAG_TEXT}, {"github", DIAG_GITHUB}};
static const choice json_findings_words[] = {{"all", BLS_FINDINGS_LIST_ALL},
                                             {"errors", BLS_FINDINGS_LIST_ERRORS},
                                             {"none", BLS_FINDINGS_LIST_NONE}};

/* The value of @p arg among @p choices (ASCII case ignored: "A4", "Letter");
 * else a message "--paper takes a4 or letter, not 'x'" and -1. */
static int pick(const char *option, const char *arg, const choice *choices, size_t count, int *out)
{
    for (size_t i = 0; i < count; i++) {
        if (strcasecmp(arg, choices[i].word) == 0) {
            *out = choices[i].value;
            return 0;
        }
    }
    char list[160] = "";
    size_t used = 0;
    for (size_t i = 0; i < count && used < sizeof list; i++) {
        const char *sep = i == 0 ? "" : i + 1 == count ? " or " : ", ";
        int n = snprintf(list + used, sizeof list - used, "%s%s", sep, choices[i].word);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    message("%s takes %s, not '%s'", option, list, arg);
    return -1;
}

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
    int ch, word;
    while ((ch = getopt_long(argc, argv, ":o:j:qvhV", long_options, NULL)) != -1) {
        switch (ch) {
        case 'o': o->output_dir = optarg; break;
        case OPT_JSON: o->json_path = optarg; break;
        case OPT_NO_XLSX: o->write_xlsx = 0; break;
        case OPT_NO_PDF: o->write_pdf = 0; break;
        case OPT_EXTRACT: c->extract_doc = optarg; break;
        case OPT_FAIL_ON:
            if (pick("--fail-on", optarg, fail_on_words, COUNT_OF(fail_on_words), &word) != 0)
                return BLS_EXIT_USAGE;
            o->fail_on = (bls_fail_on)word;
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
            if (pick("--paper", optarg, paper_words, COUNT_OF(paper_words), &word) != 0)
                return BLS_EXIT_USAGE;
            o->paper = (bls_paper)word;
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
            if (pick("--diagnostics", optarg, diagnostics_words, COUNT_OF(diagnostics_words),
                     &word) != 0)
                return BLS_EXIT_USAGE;
            c->diagnostics = word;
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
        case OPT_SARIF: c->sarif_path = optarg; break;
        case OPT_BASELINE: c->baseline_path = optarg; break;
        case OPT_PER_DOCUMENT: o->per_document = 1; break;
        case OPT_PROGRESS: c->progress = 1; break;
        case OPT_JSON_FINDINGS:
            if (pick("--json-findings", optarg, json_findings_words, COUNT_OF(json_findings_words),
                     &word) != 0)
                return BLS_EXIT_USAGE;
            o->json_findings = word;
            break;
        case OPT_XLSX_COMPRESSION: {
            const char *why = NULL;
            if (bls_xlsx_compression_parse(optarg, &o->xlsx_compression) != 0) {
                message("--xlsx-compression takes fast or default, not '%s'", optarg);
                return BLS_EXIT_USAGE;
            }
            if (o->xlsx_compression != BLS_XLSX_COMPRESSION_DEFAULT &&
                !bls_xlsx_deflate_available(&why)) {
                message("--xlsx-compression %s is not available in this build: %s", optarg, why);
                return BLS_EXIT_USAGE;
            }
            break;
        }
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

/* Keep a copy of @p path as the next input. */
static int push_input(cli *c, const char *path)
{
    char *copy = bls_strdup(path);
    char **grown = copy ? bls_realloc(c->owned_inputs, (c->owned_count + 1) * sizeof *grown) : NULL;
    if (!grown) {
        bls_free(copy);
        message("out of memory");
        return -1;
    }
    c->owned_inputs = grown;
    c->owned_inputs[c->owned_count++] = copy;
    return 0;
}

/* Every regular, non-hidden file in @p dir, sorted by name, appended to the
 * inputs. The default ./input/ and a directory given as an argument alike. */
static int list_input_dir(cli *c, const char *dir, int is_default)
{
    DIR *d = opendir(dir);
    if (!d) {
        if (is_default)
            message("%s: cannot open the default input directory: %s (give input files "
                    "as arguments)",
                    dir, strerror(errno));
        else
            message("%s: cannot open the directory: %s", dir, strerror(errno));
        return -1;
    }
    size_t first = c->owned_count;
    size_t dir_len = strlen(dir);
    while (dir_len > 1 && dir[dir_len - 1] == '/')
        dir_len--; /* "input/" gives "input/a.csv", one stable form */
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *path = bls_asprintf("%.*s/%s", (int)dir_len, dir, e->d_name);
        struct stat st;
        if (!path) {
            message("out of memory");
            rc = -1;
            break;
        }
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && push_input(c, path) != 0)
            rc = -1;
        bls_free(path);
        if (rc)
            break;
    }
    closedir(d);
    if (rc == 0 && c->owned_count == first) {
        message("%s: no input files", dir);
        rc = -1;
    }
    if (rc == 0)
        qsort(c->owned_inputs + first, c->owned_count - first, sizeof *c->owned_inputs,
              compare_names);
    return rc;
}

/* One FILE argument: a file as it is; a directory's files; a quoted glob's
 * matches (the shell expands unquoted ones), sorted. */
static int add_argument(cli *c, const char *arg)
{
    struct stat st;
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
        return list_input_dir(c, arg, 0);
    if (stat(arg, &st) != 0 && strpbrk(arg, "*?[")) {
        glob_t g;
        int rc = glob(arg, 0, NULL, &g);
        if (rc == GLOB_NOMATCH) {
            message("%s: no file matches", arg);
            return -1;
        }
        if (rc != 0) {
            message("%s: cannot expand the pattern", arg);
            return -1;
        }
        for (size_t i = 0; i < g.gl_pathc && rc == 0; i++)
            rc = push_input(c, g.gl_pathv[i]);
        globfree(&g);
        return rc;
    }
    return push_input(c, arg); /* missing or unreadable: the pipeline says so */
}

/* ---- progress ------------------------------------------------------------ */

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A progress line on stderr: redrawn in place on a terminal (4 a second),
 * a line every 2 s otherwise (--progress). Only for runs over a second,
 * unless forced. */
static void on_progress(void *ctx, const bls_progress *p)
{
    cli *c = ctx;
    double now = seconds_now(), elapsed = now - c->progress_start;
    if (!c->progress && elapsed < 1.0)
        return;
    if (c->progress_shown && now - c->progress_last < (c->progress_tty ? 0.25 : 2.0))
        return;
    c->progress_last = now;
    char eta[48] = "";
    if (p->bytes_done > 0 && p->bytes_total > p->bytes_done && elapsed > 0.1)
        snprintf(eta, sizeof eta, ", about %.0f s left",
                 elapsed * (double)(p->bytes_total - p->bytes_done) / (double)p->bytes_done);
    fprintf(stderr, "%sblsreport: input %zu of %zu, %llu rows read (%.0f rows/s)%s%s",
            c->progress_tty ? "\r" : "", p->input_index + 1, p->input_count,
            (unsigned long long)p->rows_read, elapsed > 0 ? (double)p->rows_read / elapsed : 0.0,
            eta, c->progress_tty ? "\033[K" : "\n");
    c->progress_shown = 1;
}

static void end_progress(cli *c)
{
    if (c->progress_shown && c->progress_tty)
        (void)fputs("\r\033[K", stderr); /* the line goes; the summary follows */
    c->progress_shown = 0;
}

/* ---- reporting ---------------------------------------------------------- */

/* Print @p text escaped (control characters made visible): data never
 * reach the terminal or the log raw. */
static void put_escaped(FILE *out, const char *text)
{
    bls_dynbuf b;
    bls_dynbuf_init(&b, (size_t)1 << 20);
    if (bls_escape_text(&b, text) == BLS_OK && b.len)
        (void)fwrite(b.data, 1, b.len, out);
    else if (b.len == 0 && text && *text)
        (void)fputs("(message too long)", out);
    bls_dynbuf_cleanup(&b);
}

/* One finding or verdict: a GCC-style line or a workflow command. */
static void print_item(const cli *c, const bls_ci_item *it)
{
    bls_dynbuf b;
    bls_dynbuf_init(&b, (size_t)1 << 20);
    bls_status st =
        c->diagnostics == DIAG_GITHUB ? bls_annotate_github(&b, it) : bls_annotate_text(&b, it);
    if (st == BLS_OK)
        (void)fwrite(b.data, 1, b.len, stderr);
    bls_dynbuf_cleanup(&b);
}

static void print_findings(const cli *c, const bls_pipeline_result *res)
{
    long printed = 0;
    uint64_t rest = bls_findings_dropped(res->findings);
    bls_ci_items own = {0};
    const bls_ci_items *items = &res->ci;
    if (!items->items && res->findings) { /* a run that stopped before the check */
        static const int no_fails[BLS_VERDICT_COUNT];
        char cwd[4096];
        if (bls_ci_items_build(res->findings, NULL, no_fails, getcwd(cwd, sizeof cwd) ? cwd : NULL,
                               &own) == BLS_OK)
            items = &own;
    }
    for (size_t i = 0; items->items && i < items->count; i++) {
        const bls_ci_item *it = &items->items[i];
        if (it->kind != BLS_CI_FINDING)
            continue;
        if (c->quiet && it->level != BLS_SEV_ERROR)
            continue;
        if (printed >= c->max_diagnostics) {
            rest++;
            continue;
        }
        print_item(c, it);
        printed++;
    }
    if (rest)
        message("... and %llu more finding%s (all are in the JSON summary and the workbook)",
                (unsigned long long)rest, rest == 1 ? "" : "s");
    bls_ci_items_cleanup(&own);
}

/* The verdicts: those that are not a plain match (all with -v); with
 * --diagnostics github, as workflow commands on the article's line. */
static void print_verdicts(const cli *c, const bls_pipeline_result *res)
{
    for (size_t i = 0; i < res->ci.count; i++) {
        const bls_ci_item *it = &res->ci.items[i];
        if (it->kind != BLS_CI_VERDICT)
            continue;
        int plain = it->verdict == BLS_VERDICT_MATCH || it->verdict == BLS_VERDICT_ROUNDING;
        if (c->verbose || !plain ||
            (c->diagnostics == DIAG_GITHUB && it->verdict == BLS_VERDICT_ROUNDING))
            print_item(c, it);
    }
}

/* $GITHUB_STEP_SUMMARY: the job summary, appended (GitHub joins the steps'). */
static void write_step_summary(const bls_pipeline_result *res)
{
    const char *path = getenv("GITHUB_STEP_SUMMARY");
    if (!path || !*path)
        return;
    bls_annotate_counts counts = {.inputs = res->input_count,
                                  .claims = res->claims_total,
                                  .baselined = res->baselined,
                                  .exit_code = res->exit_code};
    for (size_t i = 0; i < res->input_count; i++) {
        counts.rows_read += res->inputs[i].rows_read;
        counts.rows_rejected += res->inputs[i].rows_rejected;
    }
    memcpy(counts.by_verdict, res->by_verdict, sizeof counts.by_verdict);
    counts.errors = bls_findings_total(res->findings, BLS_SEV_ERROR);
    counts.warnings = bls_findings_total(res->findings, BLS_SEV_WARNING);
    bls_dynbuf b;
    bls_dynbuf_init(&b, (size_t)1 << 20);
    FILE *fp = NULL;
    if (bls_annotate_step_summary(&b, &counts, &res->ci, 50) != BLS_OK ||
        !(fp = fopen(path, "ab")) || fwrite(b.data, 1, b.len, fp) != b.len)
        message("cannot append the job summary to $GITHUB_STEP_SUMMARY (%s)", strerror(errno));
    if (fp && fclose(fp) != 0)
        message("cannot append the job summary to $GITHUB_STEP_SUMMARY (%s)", strerror(errno));
    bls_dynbuf_cleanup(&b);
}

static void print_summary(const cli *c, const bls_pipeline_result *res)
{
    uint64_t read = 0, accepted = 0, rejected = 0;
    for (size_t i = 0; i < res->input_count; i++) {
        read += res->inputs[i].rows_read;
        accepted += res->inputs[i].rows_accepted;
        rejected += res->inputs[i].rows_rejected;
    }
    print_verdicts(c, res);
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
    unsigned long long errors = bls_findings_total(res->findings, BLS_SEV_ERROR);
    unsigned long long warnings = bls_findings_total(res->findings, BLS_SEV_WARNING);
    fprintf(stderr, "findings: %llu error%s, %llu warning%s\n", errors, errors == 1 ? "" : "s",
            warnings, warnings == 1 ? "" : "s");
    if (c->baseline)
        fprintf(stderr, "baseline: %zu known finding%s and verdict%s not counted\n", res->baselined,
                res->baselined == 1 ? "" : "s", res->baselined == 1 ? "" : "s");
    for (size_t i = 0; i < res->output_count; i++) {
        (void)fputs("wrote ", stderr);
        put_escaped(stderr, res->outputs[i].path);
        (void)fputc('\n', stderr);
    }
    const bls_perdoc_result *pd = &res->per_document;
    if (pd->path_count) {
        fprintf(stderr, "wrote %zu per-document report%s, listed in ", pd->documents,
                pd->documents == 1 ? "" : "s");
        put_escaped(stderr, pd->paths[pd->path_count - 1]);
        (void)fputc('\n', stderr);
    }
}

static int report(cli *c, const bls_pipeline_result *res)
{
    print_findings(c, res);
    for (size_t i = 0; i < res->input_error_count; i++) {
        const bls_input_error *e = &res->input_errors[i];
        const char *why = e->message ? e->message : bls_strerror(e->status);
        put_escaped(stderr, e->path);
        if (e->line)
            fprintf(stderr, ":%llu", (unsigned long long)e->line);
        (void)fputs(": error: ", stderr);
        put_escaped(stderr, why);
        (void)fputc('\n', stderr);
    }
    for (size_t i = 0; i < res->unread_count; i++) {
        put_escaped(stderr, res->unread[i].path);
        (void)fputs(": note: sheet not read: ", stderr);
        put_escaped(stderr, res->unread[i].reason);
        (void)fputc('\n', stderr);
    }
    if (res->status != BLS_OK) {
        if (!res->input_error_count) {
            (void)fputs("blsreport: ", stderr);
            put_escaped(stderr, res->message ? res->message : bls_strerror(res->status));
            (void)fputc('\n', stderr);
        }
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
    if (c->diagnostics == DIAG_GITHUB)
        write_step_summary(res);
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
    bls_baseline_free(c->baseline);
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
        if (list_input_dir(&c, DEFAULT_INPUT_DIR, 1) != 0) {
            cli_cleanup(&c);
            return BLS_EXIT_USAGE;
        }
    }
    for (int i = optind; i < argc; i++) {
        if (add_argument(&c, argv[i]) != 0) {
            cli_cleanup(&c);
            return BLS_EXIT_USAGE;
        }
    }
    if (c.extract_doc && push_input(&c, c.extract_doc) != 0) {
        cli_cleanup(&c);
        return BLS_EXIT_USAGE;
    }
    size_t k = c.owned_count;
    c.inputs = bls_calloc(k ? k : 1, sizeof *c.inputs);
    if (!c.inputs) {
        message("out of memory");
        cli_cleanup(&c);
        return BLS_EXIT_USAGE;
    }
    for (size_t i = 0; i < k; i++)
        c.inputs[i] = c.owned_inputs[i];
    if (c.baseline_path) {
        char cwd[4096], *why = NULL;
        bls_status bst = bls_baseline_load(c.baseline_path, getcwd(cwd, sizeof cwd) ? cwd : NULL,
                                           &c.baseline, &why);
        if (bst != BLS_OK) {
            message("%s: cannot use as a baseline: %s", c.baseline_path,
                    why ? why : bls_strerror(bst));
            bls_free(why);
            cli_cleanup(&c);
            return BLS_EXIT_USAGE;
        }
        c.opts.baseline = c.baseline;
    }
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
    if (!c.extract_doc) /* written with the other outputs: all or none */
        c.opts.sarif_path = c.sarif_path;
    c.progress_tty = isatty(STDERR_FILENO);
    if (!c.quiet && (c.progress || (c.progress_tty && c.diagnostics == DIAG_TEXT))) {
        c.opts.progress = on_progress;
        c.opts.progress_ctx = &c;
        c.progress_start = c.progress_last = seconds_now();
    }

    bls_pipeline_result res;
    bls_status status = bls_pipeline_run(&c.opts, &res);
    end_progress(&c);
    rc = report(&c, &res); /* res.status == status: report() reads it from there */
    (void)status;
    if (rc == BLS_EXIT_OK || rc == BLS_EXIT_FINDINGS)
        rc = stdout_status(rc); /* nothing else is printed there after the commit */
    bls_pipeline_result_cleanup(&res);
    cli_cleanup(&c);
    return rc;
}
