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
#include "depvet/engine/findings.h"
#include "depvet/engine/osv_online.h"
#include "depvet/engine/popular_lists.h"
#include "depvet/engine/refresh.h"
#include "depvet/engine/session.h"

enum { O_CACHE, O_CACERT, O_CONCURRENCY, O_DEADLINE, O_FORCE, O_COUNT };

static const struct opt_def refresh_opts[O_COUNT] = {
    [O_CACHE] = {"cache", 0, OPT_STRING, "DIR", "cache folder (default: $XDG_CACHE_HOME/depvet)", 0, 0},
    [O_CACERT] = {"cacert", 0, OPT_STRING, "FILE", "also trust the CA certificates in FILE", 0, 0},
    [O_CONCURRENCY] = {"concurrency", 'j', OPT_INT, "N", "requests in flight at once (default 16)", 1, 256},
    [O_DEADLINE] = {"deadline", 0, OPT_STRING, "TIME", "stop asking after TIME: 90s, 5m, 1h (5m)",
                    0, 0},
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

/* Packages whose answers were given up on unasked: the first few by
 * name, the rest counted (the lines before say why). */
enum { NOT_TRIED_LISTED = 10 };

static void print_failures(const struct refresh_summary *s, struct strbuf *sb)
{
    unsigned listed = 0;
    for (size_t i = 0; i < s->n_failures; i++) {
        const struct refresh_failure *f = &s->failures[i];
        if (f->not_tried && listed++ >= NOT_TRIED_LISTED)
            continue;
        strbuf_reset(sb);
        termsafe_append(sb, f->name, strlen(f->name), 0);
        strbuf_puts(sb, ": ");
        termsafe_append(sb, f->message, strlen(f->message), 0);
        printf("  failed %s:%s\n", ecosystem_name(f->eco), strbuf_str(sb));
    }
    if (listed > NOT_TRIED_LISTED)
        printf("  ... and %u more packages not refreshed; their cached records are kept\n",
               listed - NOT_TRIED_LISTED);
}

static void print_summary(const struct refresh_summary *s, const struct fetch_plan *plan)
{
    printf("%u packages: %u updated, %u still fresh, %u skipped, %u failed "
           "(%u requests, %u not modified, %u retries, %.1f s)\n",
           s->packages, s->updated, s->fresh, s->skipped, s->failed, s->requests,
           s->not_modified, s->retries, s->seconds);
    struct strbuf sb = STRBUF_INIT;
    if (s->notes) {
        termsafe_append(&sb, s->notes, strlen(s->notes), TERMSAFE_KEEP_NEWLINE);
        fputs(strbuf_str(&sb), stdout);
    }
    print_skipped(plan, &sb);
    print_failures(s, &sb);
    strbuf_fini(&sb);
}

/* The popular-name lists of the ecosystems the plan asks about.  Their
 * failures are reported but leave the exit status to the packages: the
 * typosquat rule then keeps using the list it had. */
static void refresh_popular(struct store *st, const struct fetch_plan *plan,
                            const struct engine_config *cfg, int64_t now, bool force)
{
    bool want[POPULAR_ECOS] = {false};
    for (size_t i = 0; i < plan->pkgs.len; i++)
        if (!plan->pkgs.items[i].skipped && plan->pkgs.items[i].eco < POPULAR_ECOS)
            want[plan->pkgs.items[i].eco] = true;
    struct popular_refresh_summary ps;
    struct diag d;
    diag_clear(&d);
    if (!popular_lists_refresh(st, cfg, want, now, force, &ps, &d)) {
        cli_print_diag("depvet refresh: popular names", &d);
        return;
    }
    if (!ps.lists)
        return;
    printf("popular names: %u lists, %u updated, %u still fresh, %u failed\n", ps.lists,
           ps.updated, ps.fresh, ps.failed);
    struct strbuf sb = STRBUF_INIT;
    for (int e = 0; e < POPULAR_ECOS; e++) {
        if (!ps.failure[e][0])
            continue;
        strbuf_reset(&sb);
        termsafe_append(&sb, ps.failure[e], strlen(ps.failure[e]), 0);
        printf("  failed popular names of %s: %s\n", ecosystem_name((enum ecosystem)e),
               strbuf_str(&sb));
    }
    strbuf_fini(&sb);
}

/* Advisories of the graph's public pins from the OSV API.  Like the
 * popular lists, a failure is reported without failing the refresh: the
 * advisories already stored still match, and the next refresh asks again. */
static void refresh_advisories(struct store *st, const struct dep_graph *g,
                               const struct engine_config *cfg, int64_t now, bool force)
{
    struct osv_online_summary os;
    struct diag d;
    diag_clear(&d);
    bool ok = osv_online_refresh(st, cfg, g, now, force, &os, &d);
    if (!ok && diag_failed(&d))
        cli_print_diag("depvet refresh: advisories", &d);
    if (os.snapshot) {
        printf("advisories: the OSV source is a file:// snapshot, which answers no queries; "
               "import records with depvet db import-osv\n");
        return;
    }
    if (!os.pins)
        return;
    printf("advisories: %u pins, %u still fresh, %u advisories named, %u records fetched, "
           "%u stored, %u failed\n", os.pins, os.fresh, os.hits, os.fetched, os.imported,
           os.failed);
    if (os.failure[0]) {
        struct strbuf sb = STRBUF_INIT;
        termsafe_append(&sb, os.failure, strlen(os.failure), 0);
        printf("  failed advisories: %s\n", strbuf_str(&sb));
        strbuf_fini(&sb);
    }
}

/* The findings the new facts lead to, kept in the cache for the explorer's
 * first frame. */
static void refresh_findings(struct store *st, const struct dep_graph *g,
                             const struct engine_config *cfg, int64_t now)
{
    struct findings fs;
    struct findings_input in = {g, st, cfg, now};
    findings_collect(&fs, &in);
    struct diag d;
    diag_clear(&d);
    unsigned counts[SEV_COUNT];
    findings_count(&fs, counts);
    if (findings_save(&fs, g, st, now, &d))
        printf("findings: %u critical, %u high, %u medium, %u low, %u info (depvet check "
               "lists them)\n", counts[SEV_CRITICAL], counts[SEV_HIGH], counts[SEV_MEDIUM],
               counts[SEV_LOW], counts[SEV_INFO]);
    else
        cli_print_diag("depvet refresh: findings", &d);
    findings_fini(&fs);
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
    bool cfg_ok = cli_config_load(&cfg, path, &v[O_CACERT], &v[O_CONCURRENCY], &d);
    if (v[O_DEADLINE].set && !engine_config_parse_seconds(v[O_DEADLINE].str, &cfg.deadline_s)) {
        fprintf(stderr, "depvet refresh: --deadline takes a time from 1s to 24h, such as 90s, "
                "5m or 1h\n");
        return EXIT_USAGE;
    }
    /* Packages, popular lists and advisories share one deadline. */
    engine_config_start_deadline(&cfg);
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
            refresh_popular(st, &plan, &cfg, now, v[O_FORCE].set);
            refresh_advisories(st, session_graph(sess), &cfg, now, v[O_FORCE].set);
            refresh_findings(st, session_graph(sess), &cfg, now);
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
        "https or file URLs).  Every request ends by --deadline (what finished is\n"
        "kept); a registry host that fails five times in a row to answer is not\n"
        "asked again during the run.  Exit status: 0 when every package succeeded,\n"
        "3 when some failed (listed), 1 when nothing could be tried, 2 on usage\n"
        "errors.",
    .opts = refresh_opts,
    .nopts = O_COUNT,
    .run = refresh_run_cmd,
};
