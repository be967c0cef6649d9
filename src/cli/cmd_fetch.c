/* `depvet fetch`: download and verify every release archive of the graph. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/cli/commands.h"
#include "depvet/cli/progress.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/engine/fetchjob.h"
#include "depvet/engine/session.h"

enum { O_CACHE, O_CACERT, O_CONCURRENCY, O_OFFLINE, O_COUNT };

static const struct opt_def fetch_opts[O_COUNT] = {
    [O_CACHE] = OPT_DEF_CACHE,
    [O_CACERT] = {"cacert", 0, OPT_STRING, "FILE", "also trust the CA certificates in FILE", 0, 0},
    [O_CONCURRENCY] = {"concurrency", 'j', OPT_INT, "N", "downloads in flight at once (default 16)", 1, 256},
    [O_OFFLINE] = {"offline", 0, OPT_FLAG, NULL, "download nothing: verify the archives already stored", 0, 0},
};

static void put_label(struct strbuf *sb, const struct archive_ref *r)
{
    strbuf_printf(sb, "%s:", ecosystem_name(r->eco));
    termsafe_append(sb, r->name, strlen(r->name), 0);
    strbuf_putc(sb, '@');
    termsafe_append(sb, r->version, strlen(r->version), 0);
}

static void on_progress(void *ud, size_t done, size_t total, const struct archive_ref *r,
                        const struct archive_result *res)
{
    struct strbuf sb = STRBUF_INIT;
    put_label(&sb, r);
    (void)done;
    progress_set_total(ud, (unsigned)total);
    progress_step(ud, strbuf_str(&sb),
                  res->status == ARCHIVES_FAILED || res->status == ARCHIVES_MISMATCH ||
                      res->status == ARCHIVES_MISSING);
    strbuf_fini(&sb);
}

/* A private package's archive asked without its token: where it was
 * asked, and the lockfile line that pins it. */
static void print_withheld(struct strbuf *sb, const struct dep_graph *g,
                           const struct archive_ref *r, const struct archive_result *res)
{
    strbuf_reset(sb);
    put_label(sb, r);
    strbuf_puts(sb, " (");
    if (r->node != GRAPH_NONE && r->node < g->nodes.len) {
        const struct dep_node *nd = &g->nodes.items[r->node];
        const char *lf = nd->lockfile < g->lockfiles.len ? g->lockfiles.items[nd->lockfile].path : "?";
        termsafe_append(sb, lf, strlen(lf), 0);
        if (nd->line)
            strbuf_printf(sb, ":%u", nd->line);
        strbuf_puts(sb, ", ");
    }
    /* The origin only: a URL may carry a user:password of its own. */
    strbuf_puts(sb, "asked at ");
    termsafe_append(sb, res->withheld_at, strlen(res->withheld_at), 0);
    printf("  no credentials sent for %s): the URL, or a redirect, is not on the private "
           "registry's origin\n", strbuf_str(sb));
}

static void print_results(const struct archive_ref *refs, const struct archive_result *res,
                          size_t n, const struct dep_graph *g, const struct findings *f)
{
    unsigned count[ARCHIVES_STATUS_COUNT] = {0};
    unsigned long long bytes = 0;
    for (size_t i = 0; i < n; i++) {
        count[res[i].status]++;
        bytes += res[i].status == ARCHIVES_FETCHED ? res[i].size : 0;
    }
    printf("%zu archives: %u fetched, %u already stored, %u skipped, %u missing, %u failed, "
           "%u mismatched (%llu bytes downloaded)\n",
           n, count[ARCHIVES_FETCHED], count[ARCHIVES_CACHED], count[ARCHIVES_SKIPPED],
           count[ARCHIVES_MISSING], count[ARCHIVES_FAILED], count[ARCHIVES_MISMATCH], bytes);
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < f->items.len; i++) {
        const struct finding *x = &f->items.items[i];
        strbuf_reset(&sb);
        termsafe_append(&sb, x->message, strlen(x->message), 0);
        printf("  %s %s: %s\n", severity_name(x->severity), x->rule, strbuf_str(&sb));
    }
    for (size_t i = 0; i < n; i++)
        if (res[i].withheld_at)
            print_withheld(&sb, g, &refs[i], &res[i]);
    for (size_t i = 0; i < n; i++) {
        enum archive_status s = res[i].status;
        if (s != ARCHIVES_SKIPPED && s != ARCHIVES_FAILED && s != ARCHIVES_MISSING)
            continue;
        strbuf_reset(&sb);
        put_label(&sb, &refs[i]);
        strbuf_puts(&sb, ": ");
        const char *m = res[i].message ? res[i].message : "";
        termsafe_append(&sb, m, strlen(m), 0);
        printf("  %s %s\n", archive_status_name(s), strbuf_str(&sb));
    }
    strbuf_fini(&sb);
}

static int exit_code(const struct archive_result *res, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (res[i].status == ARCHIVES_MISMATCH)
            return EXIT_FAILURE_;
        if (res[i].status == ARCHIVES_FAILED || res[i].status == ARCHIVES_MISSING)
            rc = EXIT_PARTIAL;
    }
    return rc;
}

static int fetch_run_cmd(const struct cli_command *self, struct cli_ctx *cx)
{
    (void)self;
    bool offline = cx->v[O_OFFLINE].set;
    struct progress *p = progress_new(stderr, offline ? "verify" : "fetch", 0);
    const struct dep_graph *g = session_graph(cx->sess);
    struct fetch_request q = {g, &cx->cfg, cx->cache_dir, offline, on_progress, p};
    struct fetch_outcome o;
    bool ok = fetchjob_run(&q, &o);
    progress_free(p);
    int rc = EXIT_FAILURE_;
    if (o.res) {   /* the archive store opened */
        print_results(o.refs, o.res, o.n, g, &o.mismatches);
        rc = ok ? exit_code(o.res, o.n) : EXIT_FAILURE_;
    }
    cx->d = o.d;
    fetch_outcome_fini(&o);
    return rc;
}

const struct cli_command cmd_fetch_entry = {
    .name = "fetch",
    .args = "[PATH]",
    .summary = "download and verify the release archive of every package",
    .details =
        "Downloads the archive of every pinned registry package of the lockfiles\n"
        "under PATH (Hex repository tarballs, the PyPI file the lockfile's hashes\n"
        "name or else the newest pure wheel, npm dist.tarball), checks it against\n"
        "the lockfile's digests and the registry's (from the cache: run 'depvet\n"
        "refresh' first; PyPI needs the cached file list), and stores it in the\n"
        "cache by SHA-256.  A mismatching archive is a critical finding and is not\n"
        "stored.  With --offline nothing is downloaded and the stored archives are\n"
        "verified again.  Exit status: 0 when every archive is verified or skipped,\n"
        "1 on a checksum mismatch, 3 when some downloads failed or are missing,\n"
        "2 on usage errors.",
    .opts = fetch_opts,
    .nopts = O_COUNT,
    .max_pos = 1,
    .needs = NEED_PATH | NEED_CONFIG | NEED_GRAPH,
    .run = fetch_run_cmd,
};
