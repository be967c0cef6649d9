/* depvet scan's folder walk and archive reads, as a job (engine/scanjob.h). */
#include "depvet/engine/scanjob.h"

#include <dirent.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "depvet/core/fileio.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/vec.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/archives.h"
#include "depvet/engine/info.h"
#include "depvet/engine/pkgscan.h"
#include "depvet/engine/worker.h"

#define SCAN_MAX_ARCHIVE (512u << 20)   /* bytes of an archive file read */
#define SCAN_MAX_DEPTH 64               /* folder nesting walked */

/* What one scan works with. */
struct scan_work {
    struct scanner *sc;
    const struct rule_set *rs;
    enum ecosystem eco;
    int64_t now;
    VEC(char *) paths;              /* folder mode: relative paths, for the guess */
    struct job_count *count;        /* the job's: files listed, and scanned */
};

/* ---- folders ----------------------------------------------------------- */

static void folder_problem(struct scanner *sc, enum archive_problem_kind k, const char *rel,
                           const char *msg)
{
    struct archive_problem p = {k, rel, msg};
    scanner_problem(sc, &p);
}

static void walk(struct scan_work *job, const char *abs, const char *rel, unsigned depth,
                 bool collect_only)
{
    DIR *dh = opendir(abs);
    if (!dh) {
        folder_problem(job->sc, ARCHIVE_PROBLEM_CORRUPT, rel, "folder not readable");
        return;
    }
    VEC(char *) names = {0};
    for (struct dirent *e; (e = readdir(dh));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, ".git"))
            VEC_PUSH(&names, xstrdup(e->d_name));
    closedir(dh);
    for (size_t i = 0; i < names.len; i++) {
        struct strbuf a = STRBUF_INIT, r = STRBUF_INIT;
        strbuf_printf(&a, "%s/%s", abs, names.items[i]);
        strbuf_printf(&r, "%s%s%s", rel, *rel ? "/" : "", names.items[i]);
        struct stat stt;
        bool lstat_ok = lstat(strbuf_str(&a), &stt) == 0;
        bool recursed = lstat_ok && S_ISDIR(stt.st_mode) && depth < SCAN_MAX_DEPTH;
        if (!lstat_ok) {
            /* vanished while walking: nothing to scan */
        } else if (recursed) {
            walk(job, strbuf_str(&a), strbuf_str(&r), depth + 1, collect_only);
        } else if (collect_only) {
            VEC_PUSH(&job->paths, xstrdup(strbuf_str(&r)));
        } else if (S_ISLNK(stt.st_mode)) {
            folder_problem(job->sc, ARCHIVE_PROBLEM_SYMLINK, strbuf_str(&r),
                           "symbolic link not followed");
        } else if (S_ISREG(stt.st_mode)) {
            struct diag d;
            diag_clear(&d);
            size_t len = 0;
            char *buf = file_read(strbuf_str(&a), ARCHIVE_DEFAULT_MAX_FILE_SIZE, &len, &d);
            if (!buf)
                folder_problem(job->sc, ARCHIVE_PROBLEM_FILE_TOO_LARGE, strbuf_str(&r),
                               "file too large or unreadable; not scanned");
            scanner_file(job->sc, strbuf_str(&r), buf, len);
            free(buf);
        } else if (!S_ISDIR(stt.st_mode)) {
            folder_problem(job->sc, ARCHIVE_PROBLEM_SPECIAL, strbuf_str(&r),
                           "special file");
        }
        /* Each entry the first walk listed is one unit of progress. */
        if (!collect_only && lstat_ok && !recursed)
            atomic_fetch_add(&job->count->done, 1);
        strbuf_fini(&a);
        strbuf_fini(&r);
        free(names.items[i]);
    }
    VEC_FREE(&names);
}

static struct scan_result *scan_folder(struct scan_work *job, const char *dir)
{
    /* A first walk lists the files: how many there are to scan, and what
     * they say of the ecosystem when none was named. */
    walk(job, dir, "", 0, true);
    atomic_store(&job->count->total, (unsigned)job->paths.len);
    if (job->eco == ECO_UNKNOWN)
        job->eco = scanner_guess_ecosystem((const char *const *)job->paths.items,
                                           job->paths.len);
    for (size_t i = 0; i < job->paths.len; i++)
        free(job->paths.items[i]);
    VEC_FREE(&job->paths);
    job->sc = scanner_new(job->rs, job->eco);
    /* The files the manifests run (install scripts, hooks, setup.py's
     * imports) are install-time code: the scanner learns them first. */
    static const char *const manifest_table[] = {
        "package.json", "setup.py", "mix.exs", "rebar.config", "rebar.config.script", NULL,
    };
    for (unsigned m = 0; manifest_table[m]; m++) {
        struct strbuf pj = STRBUF_INIT;
        strbuf_printf(&pj, "%s/%s", dir, manifest_table[m]);
        struct diag d;
        diag_clear(&d);
        size_t len = 0;
        char *buf = file_read(strbuf_str(&pj), ARCHIVE_DEFAULT_MAX_FILE_SIZE, &len, &d);
        if (buf)
            scanner_manifest(job->sc, manifest_table[m], buf, len);
        free(buf);
        strbuf_fini(&pj);
    }
    walk(job, dir, "", 0, false);
    return scanner_finish(job->sc);
}

/* ---- archives ---------------------------------------------------------- */

static struct scan_result *scan_file(struct scan_work *job, const char *path, bool use_cache,
                                     const char *cache_dir, struct diag *d)
{
    size_t len = 0;
    char *buf = file_read(path, SCAN_MAX_ARCHIVE, &len, d);
    if (!buf)
        return NULL;
    struct diag cd;
    diag_clear(&cd);
    struct store *st = use_cache ? store_open_default(cache_dir, &cd) : NULL;
    struct scan_result *res = pkgscan_buffer(job->rs, job->eco, buf, len, NULL, path, st,
                                             job->now, d);
    if (res)
        job->eco = res->ecosystem;
    store_close(st);
    free(buf);
    return res;
}

/* ECO:NAME@VERSION: the release archive from the store, or downloaded and
 * verified now, as `depvet fetch` does. */
static struct scan_result *scan_release(struct scan_work *job, const char *spec, bool use_cache,
                                        const char *cache_dir, struct diag *d)
{
    struct arena *a = arena_new();
    struct info_request q;
    struct engine_config cfg;
    struct scan_result *res = NULL;
    if (!info_parse_spec(a, spec, &q, d) || !engine_config_load(&cfg, ".", d))
        goto out;
    if (!q.version) {
        diag_set(d, DIAG_UNSUPPORTED, spec, 0, 0, "which version? write ECOSYSTEM:NAME@VERSION");
        goto out;
    }
    const char *dir = engine_config_cache_dir(&cfg, cache_dir);
    struct store *st = store_open_default(dir, d);
    struct blobstore *bs = st ? blobstore_open(dir, d) : NULL;
    struct archive_ref ref;
    struct archive_result ar;
    struct archives_options o = {false, NULL, NULL};
    if (bs) {
        archives_locate_release(a, q.eco, q.name, q.version, &cfg, st, &ref);
        if (archives_fetch(&ref, 1, &cfg, bs, &o, a, &ar, d) &&
            (ar.status == ARCHIVES_FETCHED || ar.status == ARCHIVES_CACHED)) {
            size_t len = 0;
            void *buf = archives_load(bs, &ref, &len, d);
            if (job->eco == ECO_UNKNOWN)
                job->eco = q.eco;
            res = buf ? pkgscan_buffer(job->rs, job->eco, buf, len,
                                       ar.have_digest ? ar.digest : NULL, spec,
                                       use_cache ? st : NULL, job->now, d) : NULL;
            free(buf);
        } else if (!diag_failed(d)) {
            diag_set(d, DIAG_NET, spec, 0, 0, "%s%s%s", archive_status_name(ar.status),
                     ar.message ? ": " : "", ar.message ? ar.message : "");
        }
    }
    blobstore_free(bs);
    store_close(st);
out:
    arena_free(a);
    return res;
}

/* ---- the job ------------------------------------------------------------- */

struct scanjob {
    struct worker w;                /* first: a worker job (jobs.h) */
    struct scan_request q;          /* strings in a */
    struct arena *a;
    struct scan_outcome out;
    struct job_count count;         /* files (an archive: 1) listed, and scanned */
};

static const char *copy(struct arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

static void scanjob_work(void *arg)
{
    struct scanjob *j = arg;
    struct scan_outcome *o = &j->out;
    const char *dir = j->q.rules_dir ? j->q.rules_dir : pkgscan_rules_dir();
    char db[4096];
    o->rs = rules_load_dir_cached(
        dir, pkgscan_db_cache_dir(j->q.cache_flag, db, sizeof(db)) ? db : NULL, &o->d);
    if (!o->rs) {
        o->bad_rules = true;
        return;
    }
    struct scan_work w = {.rs = o->rs, .eco = j->q.eco, .now = j->q.now,
                          .count = &j->count};
    switch (j->q.kind) {
    case SCAN_FOLDER: o->res = scan_folder(&w, j->q.target); break;
    case SCAN_FILE:
        atomic_store(&j->count.total, 1);
        o->res = scan_file(&w, j->q.target, j->q.use_cache, j->q.cache_flag, &o->d);
        atomic_store(&j->count.done, 1);
        break;
    case SCAN_RELEASE:
        atomic_store(&j->count.total, 1);
        o->res = scan_release(&w, j->q.target, j->q.use_cache, j->q.cache_flag, &o->d);
        atomic_store(&j->count.done, 1);
        break;
    }
    scanner_free(w.sc);
    o->eco = w.eco;
}

void *scanjob_start(const struct scan_request *q, struct diag *d)
{
    struct scanjob *j = xcalloc(1, sizeof(*j));
    j->a = arena_new();
    j->q = *q;
    j->q.target = copy(j->a, q->target);
    j->q.rules_dir = copy(j->a, q->rules_dir);
    j->q.cache_flag = copy(j->a, q->cache_flag);
    diag_clear(&j->out.d);
    if (!worker_start(&j->w, scanjob_work, j, d)) {
        arena_free(j->a);
        free(j);
        return NULL;
    }
    return j;
}

static void scanjob_finish(void *state, void *ctx, bool stopped, struct job_event *ev)
{
    struct scanjob *j = state;
    struct scan_outcome *out = ctx;
    worker_join(&j->w);   /* also when stopped: the outcome is whole */
    *out = j->out;
    memset(&j->out, 0, sizeof(j->out));
    ev->failed = !out->res;
    ev->changes = JOB_CHANGED_FINDINGS;
    if (stopped)
        ev->changes = 0;
}

/* Files of a folder (an archive: 1) scanned of those listed. */
static unsigned scanjob_progress(const void *state, unsigned *total)
{
    return job_count_read(&((const struct scanjob *)state)->count, total);
}

static void scanjob_free(void *state)
{
    struct scanjob *j = state;
    worker_fini(&j->w);
    scan_outcome_fini(&j->out);
    arena_free(j->a);
    free(j);
}

const struct job_ops scanjob_ops = {
    .name = "scan",
    .progress = scanjob_progress,
    .finish = scanjob_finish,
    .free = scanjob_free,
};

bool scanjob_run(const struct scan_request *q, struct scan_outcome *out)
{
    memset(out, 0, sizeof(*out));
    diag_clear(&out->d);
    return job_run_started(&scanjob_ops, scanjob_start(q, &out->d), out, q->progress,
                           q->progress_ud) && out->res != NULL;
}

void scan_outcome_fini(struct scan_outcome *o)
{
    scanner_result_free(o->res);
    rules_free(o->rs);
    o->res = NULL;
    o->rs = NULL;
}
