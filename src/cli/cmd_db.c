/* `depvet db import-osv FILE|DIR` and `depvet db stats`: the offline
 * advisory database in the cache. */
#include <stdio.h>
#include <string.h>

#include "depvet/cli/commands.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/engine/cache.h"
#include "depvet/engine/osvdb.h"

enum { O_CACHE, O_COUNT };

static const struct opt_def db_opts[O_COUNT] = {
    [O_CACHE] = OPT_DEF_CACHE,
};

/* Skipped files (per-source reports an upstream tree holds by the
 * thousand) are named up to this many; malformed ones always. */
#define SKIPPED_NAMED_MAX 10

static void on_report(void *ud, const struct diag *d, bool malformed)
{
    unsigned *skipped = ud;
    if (malformed)
        cli_print_diag("depvet db", d);
    else if (++*skipped <= SKIPPED_NAMED_MAX)
        cli_print_diag("depvet db: skipped", d);
}

static int import_osv(struct store *st, const char *path)
{
    struct osvdb_import_summary sum;
    struct diag d;
    diag_clear(&d);
    unsigned skipped = 0;
    if (!osvdb_import(st, path, on_report, &skipped, &sum, &d)) {
        cli_print_diag("depvet db", &d);
        return EXIT_FAILURE_;
    }
    printf("%u records: %u added, %u updated, %u unchanged, %u without a Hex, PyPI "
           "or npm package, %u skipped, %u malformed\n",
           sum.records, sum.added, sum.updated, sum.unchanged, sum.ignored,
           sum.skipped, sum.malformed);
    if (skipped > SKIPPED_NAMED_MAX)
        fprintf(stderr, "depvet db: skipped %u more records without an id\n",
                skipped - SKIPPED_NAMED_MAX);
    return sum.malformed ? EXIT_FAILURE_ : EXIT_SUCCESS_;
}

static int stats(struct store *st)
{
    struct advisory_stats s;
    struct diag d;
    diag_clear(&d);
    if (!osvdb_stats(st, &s, &d)) {
        cli_print_diag("depvet db", &d);
        return EXIT_FAILURE_;
    }
    struct strbuf sb = STRBUF_INIT;
    const char *path = engine_cache_path(st);
    termsafe_append(&sb, path, strlen(path), 0);
    printf("cache       %s\n", strbuf_str(&sb));
    strbuf_fini(&sb);
    printf("advisories  %lld (%lld withdrawn)\n", (long long)s.total, (long long)s.withdrawn);
    for (int e = ECO_HEX; e <= ECO_NPM; e++)
        printf("  %-9s %lld advisories on %lld packages\n", ecosystem_name((enum ecosystem)e),
               (long long)s.per_eco[e], (long long)s.packages[e]);
    printf("newest      %s\n", s.newest_modified[0] ? s.newest_modified : "-");
    return EXIT_SUCCESS_;
}

static const char *const action_table[] = {"import-osv", "stats"};

/* Says why on stderr; false, as a usage check answers (exit 2). */
static bool usage(const char *why)
{
    fprintf(stderr, "depvet db: %s\nhint: run 'depvet help db' for usage\n", why);
    return false;
}

/* The action pos[0] names: 0 import-osv, 1 stats, 2 none. */
static unsigned action_of(const struct cli_ctx *cx)
{
    unsigned act = 0;
    while (cx->npos && act < 2 && strcmp(cx->pos[0], action_table[act]) != 0)
        act++;
    return cx->npos ? act : 2;
}

static bool db_usage_ok(const struct cli_ctx *cx)
{
    unsigned act = action_of(cx);
    if (!cx->npos)
        return usage("which action? import-osv FILE|DIR or stats");
    if (act == 2)
        return usage("unknown action (import-osv or stats)");
    if (cx->npos != (act == 0 ? 2u : 1u))
        return usage(act == 0 ? "import-osv takes one FILE or DIR"
                              : "stats takes no argument");
    return true;
}

static int db_run(const struct cli_command *self, struct cli_ctx *cx)
{
    (void)self;
    return action_of(cx) == 0 ? import_osv(cx->cache, cx->pos[1]) : stats(cx->cache);
}

const struct cli_command cmd_db_entry = {
    .name = "db",
    .args = "import-osv FILE|DIR | stats",
    .summary = "import OSV advisories into the cache for offline matching; show counts",
    .details =
        "import-osv reads one OSV record (.json), a folder of them (searched\n"
        "recursively, .zip files included) or an OSV export zip such as\n"
        "https://storage.googleapis.com/osv-vulnerabilities/PyPI/all.zip, read in\n"
        "memory.  Records of Hex, PyPI and npm packages are kept; a record already\n"
        "stored with the same or a newer modified date is left alone, so importing\n"
        "again costs little.  Malformed records are reported with their file and\n"
        "JSON pointer and the others are still imported, in one transaction.\n"
        "stats shows the advisories per ecosystem and the newest modified date.\n"
        "The cache is --cache DIR, else $DEPVET_CACHE_DIR, else\n"
        "$XDG_CACHE_HOME/depvet.  Exit status: 0, 1 when a record was malformed or\n"
        "the import failed, 2 on usage errors.",
    .opts = db_opts,
    .nopts = O_COUNT,
    .max_pos = 3,
    .needs = NEED_CACHE,
    .cache_mode = CACHE_CREATE,
    .usage_ok = db_usage_ok,
    .run = db_run,
};
