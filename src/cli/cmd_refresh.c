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
#include "depvet/engine/refresh_pipeline.h"
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

/* The popular-name lists.  Their failures are reported but leave the exit
 * status to the packages: the typosquat rule keeps using the list it had. */
static void print_lists(const struct refresh_report *r)
{
    const struct popular_refresh_summary *ps = &r->lists;
    if (!r->lists_ran)
        return;
    if (!r->lists_ok) {
        cli_print_diag("depvet refresh: popular names", &r->lists_diag);
        return;
    }
    if (!ps->lists)
        return;
    printf("popular names: %u lists, %u updated, %u still fresh, %u failed\n", ps->lists,
           ps->updated, ps->fresh, ps->failed);
    struct strbuf sb = STRBUF_INIT;
    for (int e = 0; e < POPULAR_ECOS; e++) {
        if (!ps->failure[e][0])
            continue;
        strbuf_reset(&sb);
        termsafe_append(&sb, ps->failure[e], strlen(ps->failure[e]), 0);
        printf("  failed popular names of %s: %s\n", ecosystem_name((enum ecosystem)e),
               strbuf_str(&sb));
    }
    strbuf_fini(&sb);
}

/* Advisories from the OSV API.  Like the lists, a failure does not fail
 * the refresh: the stored advisories still match. */
static void print_advisories(const struct refresh_report *r)
{
    const struct osv_online_summary *os = &r->advisories;
    if (!r->advisories_ran)
        return;
    if (!r->advisories_ok && diag_failed(&r->advisories_diag))
        cli_print_diag("depvet refresh: advisories", &r->advisories_diag);
    if (os->snapshot) {
        printf("advisories: the OSV source is a file:// snapshot, which answers no queries; "
               "import records with depvet db import-osv\n");
        return;
    }
    if (!os->pins)
        return;
    printf("advisories: %u pins, %u still fresh, %u advisories named, %u records fetched, "
           "%u stored, %u failed\n", os->pins, os->fresh, os->hits, os->fetched, os->imported,
           os->failed);
    if (os->failure[0]) {
        struct strbuf sb = STRBUF_INIT;
        termsafe_append(&sb, os->failure, strlen(os->failure), 0);
        printf("  failed advisories: %s\n", strbuf_str(&sb));
        strbuf_fini(&sb);
    }
}

static void print_findings(const struct refresh_report *r)
{
    const unsigned *c = r->counts;
    if (r->findings_saved)
        printf("findings: %u critical, %u high, %u medium, %u low, %u info (depvet check "
               "lists them)\n", c[SEV_CRITICAL], c[SEV_HIGH], c[SEV_MEDIUM], c[SEV_LOW],
               c[SEV_INFO]);
    else
        cli_print_diag("depvet refresh: findings", &r->findings_diag);
}

static bool refresh_usage_ok(const struct cli_ctx *cx)
{
    const struct opt_value *v = cx->v;
    unsigned seconds;
    if (v[O_DEADLINE].set && !engine_config_parse_seconds(v[O_DEADLINE].str, &seconds)) {
        fprintf(stderr, "depvet refresh: --deadline takes a time from 1s to 24h, such as 90s, "
                "5m or 1h\n");
        return false;
    }
    return true;
}

static int refresh_run_cmd(const struct cli_command *self, struct cli_ctx *cx)
{
    (void)self;
    const struct opt_value *v = cx->v;
    if (v[O_DEADLINE].set)
        engine_config_parse_seconds(v[O_DEADLINE].str, &cx->cfg.deadline_s);
    struct progress *p = progress_new(stderr, "refresh", 0);
    struct refresh_request q = {session_graph(cx->sess), NULL, &cx->cfg, v[O_CACHE].str,
                                v[O_FORCE].set, timeutil_now(), on_progress, p, NULL, NULL};
    struct refresh_report r;
    bool ok = refresh_pipeline_run(&q, &r);
    progress_free(p);
    cx->d = r.diag;
    int rc = EXIT_FAILURE_;
    if (ok) {
        print_summary(&r.packages, &r.plan);
        if (r.provenance_requests || r.provenance_failed)
            printf("provenance: %u requests, %u packages not written\n",
                   r.provenance_requests, r.provenance_failed);
        rc = diag_failed(&cx->d) ? EXIT_FAILURE_ : r.packages.failed ? EXIT_PARTIAL : 0;
        print_lists(&r);
        print_advisories(&r);
        print_findings(&r);
    }
    refresh_report_fini(&r);
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
    .max_pos = 1,
    .needs = NEED_PATH | NEED_CONFIG | NEED_GRAPH,
    .usage_ok = refresh_usage_ok,
    .run = refresh_run_cmd,
};
