/*
 * pdf_job.c - the PDF module loaded and drawn on a worker thread (see
 * pdf_job.h).
 *
 * One mutex and one condition variable guard the hand-over: the worker
 * loads the module, warms up the fonts, waits for either a report (state
 * SUBMITTED) or the end (CANCELLED), draws, stores the status and ends; the
 * caller joins. Nothing else is shared: the report is const and only read,
 * the worker owns its Pango font map (Pango's default font map is per
 * thread) and its cairo surfaces. The module is never unloaded: GLib's type
 * system, which Pango uses, cannot be unloaded (and marks itself so).
 */
#define _POSIX_C_SOURCE 200809L
#include "blsreport/pdf_job.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "blsreport/alloc.h"

typedef enum job_state { JOB_WAITING = 0, JOB_SUBMITTED, JOB_CANCELLED } job_state;

struct bls_pdf_job {
    char *module_path;
    const bls_pdf_module_api *api; /* NULL until loaded */
    char error[512];               /* why loading failed; "" if it did not */
    int threaded;
    int thread_started;
    int joined;
    int submitted;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    job_state state; /* guarded by lock */
    const char *path;
    const bls_report *report;
    const bls_pdf_options *opts;
    bls_status status; /* written by the worker before it ends; read after join */
};

/* Load the module and check its table; on failure say why in job->error. */
static bls_status load_module(bls_pdf_job *job)
{
    void *handle = dlopen(job->module_path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *why = dlerror();
        snprintf(job->error, sizeof job->error, "cannot load the PDF module: %s",
                 why ? why : job->module_path);
        return BLS_ERR_PDF;
    }
    const bls_pdf_module_api *api = dlsym(handle, BLS_PDF_MODULE_SYMBOL);
    if (!api || !api->version || strcmp(api->version, BLS_VERSION) != 0 ||
        api->report_size != sizeof(bls_report) || api->options_size != sizeof(bls_pdf_options) ||
        !api->warm_up || !api->write) {
        snprintf(job->error, sizeof job->error,
                 "%s: not the PDF module of blsreport %s (rebuild and install both together)",
                 job->module_path, BLS_VERSION);
        (void)dlclose(handle); /* nothing from it ran */
        return BLS_ERR_PDF;
    }
    job->api = api;
    return BLS_OK;
}

static void *worker(void *arg)
{
    bls_pdf_job *job = arg;
    bls_status loaded = load_module(job);
    /* A font that cannot be measured here will fail the drawing too, which
     * reports it; the warm-up only saves time. */
    if (loaded == BLS_OK)
        (void)job->api->warm_up();
    pthread_mutex_lock(&job->lock);
    while (job->state == JOB_WAITING)
        pthread_cond_wait(&job->wake, &job->lock);
    job_state state = job->state;
    pthread_mutex_unlock(&job->lock);
    if (state == JOB_SUBMITTED)
        job->status = loaded == BLS_OK ? job->api->write(job->path, job->report, job->opts)
                                        : loaded;
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

bls_status bls_pdf_job_new(const char *module_path, int threaded, bls_pdf_job **out)
{
    if (!out || !module_path)
        return BLS_ERR_INVALID_ARG;
    bls_pdf_job *job = bls_calloc(1, sizeof *job);
    if (!job)
        return BLS_ERR_NOMEM;
    job->module_path = bls_strdup(module_path);
    if (!job->module_path) {
        bls_free(job);
        return BLS_ERR_NOMEM;
    }
    job->threaded = threaded != 0;
    job->status = BLS_ERR_INVALID_ARG; /* until something is drawn */
    if (job->threaded) {
        if (pthread_mutex_init(&job->lock, NULL) != 0) {
            bls_free(job->module_path);
            bls_free(job);
            return BLS_ERR_NOMEM;
        }
        if (pthread_cond_init(&job->wake, NULL) != 0) {
            pthread_mutex_destroy(&job->lock);
            bls_free(job->module_path);
            bls_free(job);
            return BLS_ERR_NOMEM;
        }
        if (start_worker(job) != 0) {
            pthread_cond_destroy(&job->wake);
            pthread_mutex_destroy(&job->lock);
            bls_free(job->module_path);
            bls_free(job);
            return BLS_ERR_PDF;
        }
        job->thread_started = 1;
    }
    *out = job;
    return BLS_OK;
}

static void set_state(bls_pdf_job *job, job_state state)
{
    pthread_mutex_lock(&job->lock);
    job->state = state;
    pthread_cond_signal(&job->wake);
    pthread_mutex_unlock(&job->lock);
}

bls_status bls_pdf_job_submit(bls_pdf_job *job, const char *path, const bls_report *report,
                              const bls_pdf_options *opts)
{
    if (!job || !path || !report || job->submitted)
        return BLS_ERR_INVALID_ARG;
    job->submitted = 1;
    job->path = path;
    job->report = report;
    job->opts = opts;
    if (!job->threaded) {
        job->status = load_module(job);
        if (job->status == BLS_OK)
            job->status = job->api->write(path, report, opts);
        return job->status;
    }
    set_state(job, JOB_SUBMITTED); /* the mutex publishes path/report/opts */
    return BLS_OK;
}

static void join_worker(bls_pdf_job *job)
{
    if (!job->thread_started || job->joined)
        return;
    (void)pthread_join(job->thread, NULL); /* fails only for a bad handle */
    job->joined = 1;
}

bls_status bls_pdf_job_wait(bls_pdf_job *job)
{
    if (!job || !job->submitted)
        return BLS_ERR_INVALID_ARG;
    join_worker(job); /* the join makes the worker's status visible */
    return job->status;
}

void bls_pdf_job_free(bls_pdf_job *job)
{
    if (!job)
        return;
    if (job->thread_started) {
        if (!job->submitted)
            set_state(job, JOB_CANCELLED);
        join_worker(job);
        pthread_cond_destroy(&job->wake);
        pthread_mutex_destroy(&job->lock);
    }
    bls_free(job->module_path);
    bls_free(job);
}

const char *bls_pdf_job_error(const bls_pdf_job *job)
{
    /* Written by the worker before it ends: read only after the join. */
    return job && job->error[0] && (!job->thread_started || job->joined) ? job->error : NULL;
}
