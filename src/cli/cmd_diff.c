/* `depvet diff`: what changed between two versions of a package. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "depvet/analysis/srcdiff.h"
#include "depvet/cli/commands.h"
#include "depvet/cli/diff_print.h"
#include "depvet/core/fileio.h"
#include "depvet/engine/archives.h"
#include "depvet/engine/info.h"
#include "depvet/engine/session.h"

enum {
    O_PROJECT, O_STAT, O_NAME_ONLY, O_FORMAT, O_OFFLINE, O_ARCHIVES, O_CONTEXT, O_COLOR,
    O_CACHE, O_CACERT, O_COUNT
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
};

struct diff_job {
    struct opt_value *v;
    struct engine_config cfg;
    const char *cache;
    struct arena *a;
    struct diag d;
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

static int show(struct diff_job *j, const void *ob, size_t ol, const void *nb, size_t nl,
                enum ecosystem eco, const struct diff_heading *h)
{
    const struct opt_value *v = j->v;
    enum diff_view view = v[O_NAME_ONLY].set ? DIFF_VIEW_NAMES
                          : v[O_STAT].set    ? DIFF_VIEW_STAT
                                             : DIFF_VIEW_FULL;
    struct srcdiff_options o = {
        .patches = view == DIFF_VIEW_FULL,
        .context = v[O_CONTEXT].set ? (unsigned)v[O_CONTEXT].num : 0,
        .eco = eco,
    };
    struct srcdiff *s = srcdiff_new(ob, ol, h->from, nb, nl, h->to, &o, &j->d);
    if (!s)
        return EXIT_FAILURE_;
    if (v[O_FORMAT].set && strcmp(v[O_FORMAT].str, "json") == 0)
        diff_print_json(stdout, s, h, view);
    else
        diff_print_text(stdout, s, h, view, want_colour(v));
    srcdiff_free(s);
    return 0;
}

static int diff_files(struct diff_job *j, const char *a, const char *b)
{
    size_t al = 0, bl = 0;
    char *ab = file_read(a, BLOBSTORE_MAX_SIZE, &al, &j->d);
    char *bb = ab ? file_read(b, BLOBSTORE_MAX_SIZE, &bl, &j->d) : NULL;
    int rc = EXIT_FAILURE_;
    if (bb) {
        struct diff_heading h = {NULL, a, b};
        rc = show(j, ab, al, bb, bl, ECO_UNKNOWN, &h);
    }
    free(ab);
    free(bb);
    return rc;
}

/* The version the project pins, or NULL (d set). */
static const char *pinned_version(struct diff_job *j, enum ecosystem eco, const char *name,
                                  unsigned *node, struct session **sess)
{
    const char *project = j->v[O_PROJECT].set ? j->v[O_PROJECT].str : ".";
    *sess = session_open(project, &j->d);
    if (!*sess)
        return NULL;
    const struct dep_graph *g = session_graph(*sess);
    char key[512];
    ecosystem_normalize_name(eco, name, key, sizeof(key));
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        if (n->eco == eco && strcmp(n->key, key) == 0 && n->version && n->version[0]) {
            *node = (unsigned)i;
            return n->version;
        }
    }
    diag_set(&j->d, DIAG_UNSUPPORTED, project, 0, 0,
             "%s:%s is not pinned in this project: give FROM", ecosystem_name(eco), name);
    return NULL;
}

/* The newest release neither pre-release nor retired/yanked, refreshing
 * the package's facts first unless offline. */
static const char *newest_version(struct diff_job *j, enum ecosystem eco, const char *name)
{
    struct info_request q = {eco, name, NULL, j->cache, j->v[O_OFFLINE].set, (int64_t)time(NULL)};
    struct info_result res;
    if (!info_lookup(&q, &j->cfg, j->a, &res, &j->d))
        return NULL;
    if (!res.rep.latest)
        diag_set(&j->d, DIAG_UNSUPPORTED, name, 0, 0,
                 "no stable release that is not retired or yanked: give TO");
    return res.rep.latest;
}

/* Both archives, stored or downloaded now; false with j->d set. */
static bool load_pair(struct diff_job *j, struct archive_ref refs[2], void *bufs[2], size_t lens[2])
{
    struct blobstore *bs = blobstore_open(j->cache, &j->d);
    if (!bs)
        return false;
    struct archive_result res[2];
    struct archives_options o = {j->v[O_OFFLINE].set, NULL, NULL};
    bool ok = archives_fetch(refs, 2, &j->cfg, bs, &o, j->a, res, &j->d);
    for (int i = 0; ok && i < 2; i++) {
        if (res[i].status == ARCHIVES_FETCHED || res[i].status == ARCHIVES_CACHED) {
            bufs[i] = archives_load(bs, &refs[i], &lens[i], &j->d);
            ok = bufs[i] != NULL;
            continue;
        }
        diag_set(&j->d, res[i].status == ARCHIVES_MISMATCH ? DIAG_SYNTAX : DIAG_NET, refs[i].name,
                 0, 0, "%s %s: %s%s", refs[i].version, archive_status_name(res[i].status),
                 res[i].status == ARCHIVES_MISMATCH ? "CRITICAL checksum mismatch: " : "",
                 res[i].message ? res[i].message : "");
        ok = false;
    }
    blobstore_free(bs);
    return ok;
}

static int diff_package(struct diff_job *j, const char *spec, const char *from, const char *to)
{
    struct info_request q;
    if (!info_parse_spec(j->a, spec, &q, &j->d))
        return EXIT_USAGE;
    if (!from)
        from = q.version;
    unsigned node = GRAPH_NONE;
    struct session *sess = NULL;
    if (!from)
        from = pinned_version(j, q.eco, q.name, &node, &sess);
    if (from && !to)
        to = newest_version(j, q.eco, q.name);
    int rc = EXIT_FAILURE_;
    struct store *st = from && to ? store_open_existing(j->cache, &j->d) : NULL;
    if (from && to && !diag_failed(&j->d)) {
        struct archive_ref refs[2];
        if (node != GRAPH_NONE)
            archives_locate_node(j->a, session_graph(sess), node, &j->cfg, st, &refs[0]);
        else
            archives_locate_release(j->a, q.eco, q.name, from, &j->cfg, st, &refs[0]);
        archives_locate_release(j->a, q.eco, q.name, to, &j->cfg, st, &refs[1]);
        void *bufs[2] = {NULL, NULL};
        size_t lens[2] = {0, 0};
        if (load_pair(j, refs, bufs, lens)) {
            struct diff_heading h = {arena_printf(j->a, "%s:%s", ecosystem_name(q.eco), q.name),
                                     from, to};
            rc = show(j, bufs[0], lens[0], bufs[1], lens[1], q.eco, &h);
        }
        free(bufs[0]);
        free(bufs[1]);
    }
    store_close(st);
    session_free(sess);
    return rc;
}

static int diff_run_cmd(const struct cli_command *self, int argc, char **argv)
{
    struct opt_value v[O_COUNT] = {0};
    const char *pos[3];
    unsigned npos = 0;
    if (!cli_parse(self, v, argc, argv, pos, 3, &npos))
        return EXIT_USAGE;
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
    struct diff_job j = {.v = v, .a = arena_new()};
    diag_clear(&j.d);
    int rc = EXIT_FAILURE_;
    const char *project = v[O_PROJECT].set ? v[O_PROJECT].str : ".";
    if (v[O_ARCHIVES].set) {
        rc = diff_files(&j, pos[0], pos[1]);
    } else if (engine_config_load(&j.cfg, project, &j.d)) {
        if (v[O_CACERT].set)
            snprintf(j.cfg.cacert, sizeof(j.cfg.cacert), "%s", v[O_CACERT].str);
        j.cache = engine_config_cache_dir(&j.cfg, v[O_CACHE].str);
        rc = diff_package(&j, pos[0], npos > 1 ? pos[1] : NULL, npos > 2 ? pos[2] : NULL);
    }
    if (diag_failed(&j.d))
        cli_print_diag("depvet diff", &j.d);
    arena_free(j.a);
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
        "build tools, licence), the changed files with +/- counts (A added, D\n"
        "removed, M modified, R renamed by identical content) and a unified diff per\n"
        "text file; Hex packages are compared by their contents.tar.gz.  Colour only\n"
        "on a terminal (NO_COLOR honoured).  --archives compares two local archive\n"
        "files.  Exit status: 0, 1 when an archive is missing, mismatching or\n"
        "unreadable, 2 on usage errors.",
    .opts = diff_opts,
    .nopts = O_COUNT,
    .run = diff_run_cmd,
};
