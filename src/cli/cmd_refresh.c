/* `depvet refresh`: fetch what the project's graph needs into the cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "depvet/cli/commands.h"
#include "depvet/cli/progress.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/timeutil.h"
#include "depvet/engine/refresh.h"
#include "depvet/engine/session.h"

enum { O_CACHE, O_CACERT, O_CONCURRENCY, O_FORCE, O_COUNT };

static const struct opt_def refresh_opts[O_COUNT] = {
    [O_CACHE] = {"cache", 0, OPT_STRING, "DIR", "cache folder (default: $XDG_CACHE_HOME/depvet)", 0, 0},
    [O_CACERT] = {"cacert", 0, OPT_STRING, "FILE", "also trust the CA certificates in FILE", 0, 0},
    [O_CONCURRENCY] = {"concurrency", 'j', OPT_INT, "N", "requests in flight at once (default 16)", 1, 256},
    [O_FORCE] = {"force", 0, OPT_FLAG, NULL, "ask again even for facts that are still fresh", 0, 0},
};

static void on_progress(void *ud, unsigned done, unsigned total, enum ecosystem eco,
                        const char *name, bool failed)
{
    struct progress *p = ud;
    char label[600];
    snprintf(label, sizeof(label), "%s:%s", ecosystem_name(eco), name);
    progress_set_total(p, total);
    (void)done;
    progress_step(p, label, failed);
}

static void print_skipped(const struct fetch_plan *plan, struct strbuf *sb)
{
    for (size_t i = 0; i < plan->pkgs.len; i++) {
        const struct fetch_pkg *fp = &plan->pkgs.items[i];
        if (!fp->skipped)
            continue;
        strbuf_reset(sb);
        termsafe_append(sb, fp->name, strlen(fp->name), 0);
        printf("  skipped %s:%s: %s\n", ecosystem_name(fp->eco), strbuf_str(sb), fp->skipped);
    }
}

static void print_summary(const struct refresh_summary *s, const struct fetch_plan *plan)
{
    printf("%u packages: %u updated, %u still fresh, %u skipped, %u failed "
           "(%u requests, %u not modified, %u retries, %.1f s)\n",
           s->packages, s->updated, s->fresh, s->skipped, s->failed, s->requests,
           s->not_modified, s->retries, s->seconds);
    struct strbuf sb = STRBUF_INIT;
    print_skipped(plan, &sb);
    for (size_t i = 0; i < s->n_failures; i++) {
        strbuf_reset(&sb);
        termsafe_append(&sb, s->failures[i].name, strlen(s->failures[i].name), 0);
        strbuf_puts(&sb, ": ");
        termsafe_append(&sb, s->failures[i].message, strlen(s->failures[i].message), 0);
        printf("  failed %s:%s\n", ecosystem_name(s->failures[i].eco), strbuf_str(&sb));
    }
    strbuf_fini(&sb);
}

static int refresh_run_cmd(const struct cli_command *self, int argc, char **argv)
{
    struct opt_value v[O_COUNT] = {0};
    const char *pos[1];
    unsigned npos = 0;
    if (!cli_parse(self, v, argc, argv, pos, 1, &npos))
        return EXIT_USAGE;
    struct engine_config cfg;
    struct diag d;
    diag_clear(&d);
    const char *path = npos ? pos[0] : ".";
    bool cfg_ok = engine_config_load(&cfg, path, &d);
    if (v[O_CACERT].set)
        snprintf(cfg.cacert, sizeof(cfg.cacert), "%s", v[O_CACERT].str);
    if (v[O_CONCURRENCY].set)
        cfg.concurrency = (unsigned)v[O_CONCURRENCY].num;
    struct session *sess = cfg_ok ? session_open(path, &d) : NULL;
    struct store *st =
        sess ? store_open_default(engine_config_cache_dir(&cfg, v[O_CACHE].str), &d) : NULL;
    int rc = EXIT_FAILURE_;
    if (st) {
        struct fetch_plan plan = {0};
        int64_t now = timeutil_now();
        fetchplan_build(&plan, session_graph(sess), &cfg, now);
        struct progress *p = progress_new(stderr, "refresh", (unsigned)plan.pkgs.len);
        struct refresh_options o = {v[O_FORCE].set, now, on_progress, p};
        struct refresh_summary sum;
        bool ok = refresh_run(st, &plan, &cfg, &o, &sum, &d);
        progress_free(p);
        if (ok) {
            print_summary(&sum, &plan);
            rc = sum.failed ? EXIT_PARTIAL : 0;
        }
        refresh_summary_fini(&sum);
        fetchplan_fini(&plan);
    }
    if (diag_failed(&d))
        cli_print_diag("depvet refresh", &d);
    store_close(st);
    session_free(sess);
    return rc;
}

const struct cli_command cmd_refresh_entry = {
    .name = "refresh",
    .args = "[PATH]",
    .summary = "fetch the registry facts the project's packages need into the cache",
    .details =
        "Asks hex.pm, PyPI, pypistats, the npm registry and deps.dev about every\n"
        "registry package of the lockfiles under PATH, with conditional requests, so\n"
        "unchanged answers cost no download.  Facts still within their time-to-live\n"
        "are not asked again unless --force.  Each package's record is written whole\n"
        "or not at all.  Base URLs come from DEPVET_HEX_URL, DEPVET_HEX_REPO_URL,\n"
        "DEPVET_PYPI_URL, DEPVET_PYPISTATS_URL, DEPVET_NPM_URL,\n"
        "DEPVET_NPM_DOWNLOADS_URL, DEPVET_OSV_URL and DEPVET_DEPSDEV_URL (http,\n"
        "https or file URLs).  Exit status: 0 when every package succeeded, 3 when\n"
        "some failed (listed), 1 when nothing could be tried, 2 on usage errors.",
    .opts = refresh_opts,
    .nopts = O_COUNT,
    .run = refresh_run_cmd,
};
