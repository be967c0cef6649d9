/* `depvet sbom [PATH]`: the project's packages as a CycloneDX or SPDX
 * SBOM, from the lockfiles and what the cache knows (never the network). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "depvet/cli/commands.h"
#include "depvet/cli/out_sbom.h"
#include "depvet/core/timeutil.h"
#include "depvet/engine/cache.h"
#include "depvet/engine/config.h"
#include "depvet/engine/flatfill.h"
#include "depvet/engine/session.h"

enum { O_FORMAT, O_SPEC, O_VULNS, O_CACHE, O_LOCKFILE_ONLY, O_COUNT };

static const struct opt_def sbom_opts[O_COUNT] = {
    [O_FORMAT] = {"format", 'f', OPT_STRING, "FMT", "cyclonedx (default) or spdx", 0, 0},
    [O_SPEC] = {"spec-version", 0, OPT_STRING, "V", "CycloneDX version: 1.6 (default) or 1.5", 0, 0},
    [O_VULNS] = {"with-vulnerabilities", 0, OPT_FLAG, NULL, "CycloneDX: add the cache's advisories matching the pins", 0, 0},
    [O_CACHE] = OPT_DEF_CACHE,
    [O_LOCKFILE_ONLY] = {"lockfile-only", 0, OPT_FLAG, NULL, "only what the lockfiles say: no cache, no reviews", 0, 0},
};

/* The project folder's own name (the lockfile's folder for a file). */
static char *project_name(const char *path)
{
    char buf[PATH_MAX];
    if (!realpath(path, buf))
        snprintf(buf, sizeof buf, "%s", path);
    struct stat sb;
    if (stat(buf, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        char *slash = strrchr(buf, '/');
        if (slash && slash != buf)
            *slash = '\0';
    }
    const char *base = strrchr(buf, '/');
    base = base && base[1] ? base + 1 : buf;
    return strdup(base[0] ? base : "project");
}

bool sbom_format_known(const char *format, const char *spec)
{
    return (strcmp(format, "cyclonedx") == 0 || strcmp(format, "spdx") == 0) &&
           (!spec || strcmp(spec, "1.6") == 0 || strcmp(spec, "1.5") == 0);
}

/* The cache (absent is fine), the config and the reviews, unless
 * lockfile_only; false with d set. */
static bool load_context(const struct sbom_request *q, struct engine_config *cfg,
                         struct store **st, struct audits **set, struct diag *d)
{
    struct flatfill_stats fs;
    if (q->lockfile_only)
        return true;
    if (!session_flatfill(q->sess, q->cache_flag, &fs, d) ||
        !engine_config_load(cfg, q->path, d))
        return false;
    *st = engine_cache_open(engine_config_cache_dir(cfg, q->cache_flag), CACHE_READ, d);
    if (diag_failed(d))
        return false;
    char *apath = session_project_file(q->path, "audits.toml");
    *set = audits_load(apath, d);
    free(apath);
    return *set != NULL;
}

int sbom_write(FILE *out, const struct sbom_request *q, struct diag *d)
{
    const struct dep_graph *g = session_graph(q->sess);
    struct engine_config cfg;
    struct store *st = NULL;
    struct audits *set = NULL;
    int rc = EXIT_FAILURE_;
    if (load_context(q, &cfg, &st, &set, d)) {
        int64_t now = timeutil_now();
        char today[16];
        timeutil_format_date(now, "1970-01-01", today, sizeof today);
        struct sbom_input in = {g, q->path, st, set, set ? &cfg.policy : NULL, today,
                                q->vulnerabilities};
        struct sbom s;
        sbom_build(&s, &in);
        char *name = project_name(q->path);
        struct out_sbom o = {&s, q->path, name, q->spec ? q->spec : "1.6", now,
                             q->vulnerabilities};
        bool ok = strcmp(q->format, "spdx") == 0 ? out_spdx(out, &o) : out_cyclonedx(out, &o);
        rc = ok ? 0 : EXIT_FAILURE_;
        free(name);
        sbom_fini(&s);
    }
    audits_free(set);
    engine_cache_close(st);
    return rc;
}

static bool sbom_usage_ok(const struct cli_ctx *cx)
{
    const struct opt_value *v = cx->v;
    const char *format = v[O_FORMAT].set ? v[O_FORMAT].str : "cyclonedx";
    const char *spec = v[O_SPEC].set ? v[O_SPEC].str : NULL;
    bool cdx_only = spec || v[O_VULNS].set;
    if (!sbom_format_known(format, spec) || (cdx_only && strcmp(format, "cyclonedx") != 0)) {
        fprintf(stderr, "depvet sbom: unknown format '%s'%s%s%s\n"
                        "hint: use --format cyclonedx [--spec-version 1.6|1.5] "
                        "[--with-vulnerabilities] or --format spdx\n",
                format, spec ? " with --spec-version " : "", spec ? spec : "",
                v[O_VULNS].set ? " with --with-vulnerabilities" : "");
        return false;
    }
    return true;
}

static int sbom_run(const struct cli_command *self, struct cli_ctx *cx)
{
    (void)self;
    const struct opt_value *v = cx->v;
    struct sbom_request q = {cx->sess, cx->path,
                             v[O_FORMAT].set ? v[O_FORMAT].str : "cyclonedx",
                             v[O_SPEC].set ? v[O_SPEC].str : NULL, v[O_CACHE].str,
                             v[O_LOCKFILE_ONLY].set, v[O_VULNS].set};
    return sbom_write(stdout, &q, &cx->d);
}

const struct cli_command cmd_sbom_entry = {
    .name = "sbom",
    .args = "[PATH]",
    .summary = "write the project's packages as a CycloneDX or SPDX SBOM",
    .details =
        "Writes a software bill of materials for the lockfiles under PATH on\n"
        "standard output: CycloneDX 1.6 JSON (--spec-version 1.5 for older\n"
        "consumers) or SPDX 2.3 JSON.  One component per package with its purl,\n"
        "version, the lockfile's hashes and the registry's from the cache, the\n"
        "licence and links the cache holds, scope required or optional (dev),\n"
        "and the whole dependency graph, each lockfile's roots under the\n"
        "project; each pin's review verdict as depvet: properties, and with\n"
        "--with-vulnerabilities the cache's advisories matching the pins.\n"
        "Nothing is fetched; run 'depvet refresh' first for licences.\n"
        "The output depends only on the lockfiles, the cache and the clock\n"
        "(DEPVET_NOW fixes it), so an SBOM can be committed and diffed.  Exit\n"
        "status: 0 on success, 1 when a lockfile is malformed, 2 on usage errors.",
    .opts = sbom_opts,
    .nopts = O_COUNT,
    .max_pos = 1,
    .needs = NEED_PATH | NEED_GRAPH,
    .usage_ok = sbom_usage_ok,
    .run = sbom_run,
};
