/*
 * pdf_job.c - the PDF module loaded and drawn on a worker thread (see
 * pdf_job.h).
 *
 * The job is written before the thread starts and read by the caller only
 * after pthread_join, which orders the two: no lock is needed. The worker
 * owns its Pango font map (Pango's default font map is per thread) and its
 * cairo surfaces; the report is const and only read. The module is never
 * unloaded: GLib's type system, which Pango uses, cannot be (and marks
 * itself so).
 */
#define _POSIX_C_SOURCE 200809L
#include "blsreport/pipeline/pdf_job.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "blsreport/base/alloc.h"
#include "blsreport/render/chart_view.h"

struct bls_pdf_job {
    char *module_path;
    const char *path;
    const bls_report *report;
    const bls_pdf_options *opts;
    bls_status status; /* the drawing's; written by the worker before it ends */
    char *error;       /* why loading failed (owned); NULL if it did not */
    pthread_t thread;
    int running; /* a thread was started and not yet joined */
};

/* Load the module and check its table; on failure say why in job->error. */
static bls_status load_module(bls_pdf_job *job, const bls_pdf_module_api **out)
{
    void *handle = dlopen(job->module_path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *why = dlerror();
        job->error = bls_asprintf("cannot load the PDF module: %s", why ? why : job->module_path);
        return BLS_ERR_PDF;
    }
    const bls_pdf_module_api *api = dlsym(handle, BLS_PDF_MODULE_SYMBOL);
    if (!api || !api->version || strcmp(api->version, BLS_VERSION) != 0 ||
        api->report_size != sizeof(bls_report) || api->options_size != sizeof(bls_pdf_options) ||
        !api->write) {
        job->error = bls_asprintf(
            "%s: not the PDF module of blsreport %s (rebuild and install both together)",
            job->module_path, BLS_VERSION);
        (void)dlclose(handle); /* nothing from it ran */
        return BLS_ERR_PDF;
    }
    *out = api;
    return BLS_OK;
}

static void draw(bls_pdf_job *job)
{
    const bls_pdf_module_api *api = NULL;
    job->status = load_module(job, &api);
    if (job->status == BLS_OK)
        job->status = api->write(job->path, job->report, job->opts);
}

static void *worker(void *arg)
{
    draw(arg);
    return NULL;
}

/* Start the worker with every signal blocked: it inherits the mask, so the
 * caller's handlers keep running on the caller's thread only. */
static int start_worker(bls_pdf_job *job)
{
    sigset_t all, old;
    sigfillset(&all);
    if (pthread_sigmask(SIG_SETMASK, &all, &old) != 0)
        return -1;
    int rc = pthread_create(&job->thread, NULL, worker, job);
    (void)pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc == 0 ? 0 : -1;
}

bls_status bls_pdf_job_start(const char *module_path, int threaded, const char *path,
                             const bls_report *report, const bls_pdf_options *opts,
                             bls_pdf_job **out)
{
    if (!module_path || !report || !out || (!path && !(opts && bls_pdf_options_name_a_chart(opts))))
        return BLS_ERR_INVALID_ARG;
    bls_pdf_job *job = bls_calloc(1, sizeof *job);
    if (!job)
        return BLS_ERR_NOMEM;
    job->module_path = bls_strdup(module_path);
    if (!job->module_path) {
        bls_free(job);
        return BLS_ERR_NOMEM;
    }
    job->path = path;
    job->report = report;
    job->opts = opts;
    if (!threaded) {
        draw(job);
    } else if (start_worker(job) != 0) {
        bls_pdf_job_free(job);
        return BLS_ERR_PDF;
    } else {
        job->running = 1;
    }
    *out = job;
    return BLS_OK;
}

static void join_worker(bls_pdf_job *job)
{
    if (!job->running)
        return;
    (void)pthread_join(job->thread, NULL); /* fails only for a bad handle */
    job->running = 0;
}

bls_status bls_pdf_job_wait(bls_pdf_job *job)
{
    if (!job)
        return BLS_ERR_INVALID_ARG;
    join_worker(job); /* the join makes the worker's writes visible */
    return job->status;
}

const char *bls_pdf_job_error(const bls_pdf_job *job)
{
    return job && !job->running ? job->error : NULL;
}

char *bls_pdf_chart_file_path(const char *dir, bls_chart chart, bls_chart_format format)
{
    static const char *const extension[BLS_CHART_FORMAT_COUNT] = {
        [BLS_CHART_SVG] = "svg",
        [BLS_CHART_PNG] = "png",
    };
    if ((unsigned)chart >= BLS_CHART_COUNT || (unsigned)format >= BLS_CHART_FORMAT_COUNT)
        return NULL;
    size_t n = strlen(dir);
    const char *sep = n && dir[n - 1] != '/' ? "/" : "";
    return bls_asprintf("%s%s%s.%s", dir, sep, bls_chart_specs[chart].stem, extension[format]);
}

void bls_pdf_job_free(bls_pdf_job *job)
{
    if (!job)
        return;
    join_worker(job);
    bls_free(job->module_path);
    bls_free(job->error);
    bls_free(job);
}
