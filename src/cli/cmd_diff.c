/* `depvet diff`: what changed between two versions of a package. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "depvet/cli/commands.h"
#include "depvet/cli/diff_print.h"
#include "depvet/core/timeutil.h"
#include "depvet/engine/info.h"
#include "depvet/engine/pkgdiff.h"

enum {
    O_PROJECT, O_STAT, O_NAME_ONLY, O_FORMAT, O_OFFLINE, O_ARCHIVES, O_CONTEXT, O_COLOR,
    O_CACHE, O_CACERT, O_ALLOWED, O_COUNT
};

static const struct opt_def diff_opts[O_COUNT] = {
    [O_PROJECT] = {"project", 0, OPT_STRING, "PATH", "project whose pinned version is FROM (default .)", 0, 0},
    [O_STAT] = {"stat", 0, OPT_FLAG, NULL, "the file list with +/- counts and metadata, no diffs", 0, 0},
    [O_NAME_ONLY] = {"name-only", 0, OPT_FLAG, NULL, "only the paths of changed files", 0, 0},
    [O_FORMAT] = {"format", 0, OPT_STRING, "FMT", "text (default) or json", 0, 0},
    [O_OFFLINE] = {"offline", 0, OPT_FLAG, NULL, "use the cache and stored archives only", 0, 0},
    [O_ARCHIVES] = {"archives", 0, OPT_FLAG, NULL, "compare two local archive files A B", 0, 0},
    [O_CONTEXT] = {"context", 'U', OPT_INT, "N", "context lines around changes (default 3)", 1, 10000},
    [O_COLOR] = {"color", 0, OPT_STRING, "WHEN", "auto (default: on a terminal), always or never", 0, 0},
    [O_CACHE] = {"cache", 0, OPT_STRING, "DIR", "cache folder (default: $XDG_CACHE_HOME/depvet)", 0, 0},
    [O_CACERT] = {"cacert", 0, OPT_STRING, "FILE", "also trust the CA certificates in FILE", 0, 0},
    [O_ALLOWED] = {"allowed", 0, OPT_FLAG, NULL, "TO is the newest release the project's requirements allow", 0, 0},
};

static bool want_colour(const struct opt_value *v)
{
    const char *when = v[O_COLOR].set ? v[O_COLOR].str : "auto";
    if (strcmp(when, "always") == 0)
        return true;
    if (strcmp(when, "never") == 0)
        return false;
    const char *nc = getenv("NO_COLOR");
    return isatty(fileno(stdout)) && !(nc && nc[0]);
}

static enum diff_view view_of(const struct opt_value *v)
{
    return v[O_NAME_ONLY].set ? DIFF_VIEW_NAMES : v[O_STAT].set ? DIFF_VIEW_STAT : DIFF_VIEW_FULL;
}

static void show(const struct opt_value *v, const struct srcdiff *s, const struct diff_heading *h)
{
    if (v[O_FORMAT].set && strcmp(v[O_FORMAT].str, "json") == 0)
        diff_print_json(stdout, s, h, view_of(v));
    else
        diff_print_text(stdout, s, h, view_of(v), want_colour(v));
}

static struct srcdiff_options diff_options(const struct opt_value *v)
{
    return (struct srcdiff_options){
        .patches = view_of(v) == DIFF_VIEW_FULL,
        .spool = true,   /* printed one at a time after the totals */
        .context = v[O_CONTEXT].set ? (unsigned)v[O_CONTEXT].num : 0,
    };
}

/* The diff's heading, the scanner's note and the diff itself; 0, or
 * EXIT_PARTIAL when the scanner could not run. */
static int show_result(const struct opt_value *v, const char *package,
                       struct pkgdiff_result *res)
{
    struct diff_heading h = {package, res->from, res->to, res->new_hits, res->n_new_hits,
                             res->scanned, res->note, res->have_meta ? &res->meta : NULL};
    if (!res->have_meta && res->meta_error[0] && res->from && res->diff)
        fprintf(stderr, "depvet diff: no registry records: %s\n", res->meta_error);
    if (!res->scanned && res->scan_error[0])
        fprintf(stderr, "depvet diff: no scan: %s\n", res->scan_error);
    show(v, res->diff, &h);
    srcdiff_free(res->diff);
    return res->scanned ? 0 : EXIT_PARTIAL;   /* a diff without its scan is partial */
}

static int diff_files(const struct opt_value *v, const char *a, const char *b,
                      struct arena *ar, struct diag *d)
{
    struct pkgdiff_request q = {
        .eco = ECO_UNKNOWN,
        .cache_dir = v[O_CACHE].set ? v[O_CACHE].str : NULL,
        .diff = diff_options(v),
        .now = timeutil_now(),
    };
    struct pkgdiff_result res;
    if (!pkgdiff_files(&q, a, b, ar, &res, d))
        return EXIT_FAILURE_;
    return show_result(v, NULL, &res);
}

static int diff_package(const struct opt_value *v, const char *const *pos, unsigned npos,
                        struct arena *a, struct diag *d)
{
    struct info_request spec;
    if (!info_parse_spec(a, pos[0], &spec, d))
        return EXIT_USAGE;
    const char *project = v[O_PROJECT].set ? v[O_PROJECT].str : ".";
    struct engine_config cfg;
    if (!cli_config_load(&cfg, project, &v[O_CACERT], NULL, d))
        return EXIT_FAILURE_;
    struct pkgdiff_request q = {
        .eco = spec.eco, .name = spec.name,
        /* NAME@FROM [TO] reads like NAME FROM [TO]. */
        .from = spec.version ? spec.version : npos > 1 ? pos[1] : NULL,
        .to = spec.version ? (npos > 1 ? pos[1] : NULL) : npos > 2 ? pos[2] : NULL,
        .project = project,
        .cache_dir = engine_config_cache_dir(&cfg, v[O_CACHE].str),
        .offline = v[O_OFFLINE].set,
        .allowed = v[O_ALLOWED].set,
        .diff = diff_options(v),
        .now = timeutil_now(),
    };
    struct pkgdiff_result res;
    if (!pkgdiff_run(&q, &cfg, a, &res, d))
        return EXIT_FAILURE_;
    if (res.in_cooldown)
        fprintf(stderr, "depvet diff: %u release%s the requirements allow %s inside the cooldown "
                        "(min_release_age) and skipped\n", res.in_cooldown,
                res.in_cooldown == 1 ? "" : "s", res.in_cooldown == 1 ? "is" : "are");
    return show_result(v, arena_printf(a, "%s:%s", ecosystem_name(spec.eco), spec.name), &res);
}

static int diff_run_cmd(const struct cli_command *self, struct cli_ctx *cx)
{
    (void)self;
    const struct opt_value *v = cx->v;
    const char *const *pos = cx->pos;
    unsigned npos = cx->npos;
    const char *fmt = v[O_FORMAT].set ? v[O_FORMAT].str : "text";
    const char *col = v[O_COLOR].set ? v[O_COLOR].str : "auto";
    bool bad_count = v[O_ARCHIVES].set ? npos != 2 : npos < 1;
    if (bad_count || (strcmp(fmt, "text") && strcmp(fmt, "json")) ||
        (strcmp(col, "auto") && strcmp(col, "always") && strcmp(col, "never"))) {
        fprintf(stderr, "depvet diff: %s\nhint: run 'depvet help diff' for usage\n",
                bad_count ? (v[O_ARCHIVES].set ? "--archives takes two archive files"
                                               : "which package? e.g. depvet diff hex:plug")
                          : "unknown --format or --color value");
        return EXIT_USAGE;
    }
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    int rc = v[O_ARCHIVES].set ? diff_files(v, pos[0], pos[1], a, &d)
                               : diff_package(v, pos, npos, a, &d);
    if (diag_failed(&d))
        cli_print_diag("depvet diff", &d);
    arena_free(a);
    return rc;
}

const struct cli_command cmd_diff_entry = {
    .name = "diff",
    .args = "ECOSYSTEM:NAME [FROM [TO]] | --archives A B",
    .summary = "show what changed between two versions of a package",
    .details =
        "FROM defaults to the version the project (--project, default .) pins and\n"
        "TO to the newest release that is neither a pre-release nor retired or\n"
        "yanked (the package's facts are refreshed first unless --offline).  Both\n"
        "archives are downloaded and verified as 'depvet fetch' does, or read from\n"
        "the cache.  Prints the metadata differences (dependencies, install scripts,\n"
        "build tools, licence), what the release records say changed (requirements,\n"
        "publisher, owners, install scripts, advisories fixed and introduced, the\n"
        "later release's cooldown), the changed files with +/- counts (A added, D\n"
        "removed, M modified, R renamed by identical content) and a unified diff per\n"
        "text file; Hex packages are compared by their contents.tar.gz.  Both are\n"
        "scanned and the hits new in TO listed.  Colour only on a terminal\n"
        "(NO_COLOR honoured).  --archives compares (and scans) two local archive\n"
        "files.  Exit status: 0, 1 when an archive is missing, mismatching or\n"
        "unreadable, 2 on usage errors, 3 when the scanner could not run.",
    .opts = diff_opts,
    .nopts = O_COUNT,
    .max_pos = 3,
    .run = diff_run_cmd,
};
