/* The inventory an SBOM is written from: one component per package
 * (ecosystem, name, version and source) of the graph, its purl, the hashes
 * the lockfile and the cache give for it, its licence and links from the
 * cache, whether it is needed at run time, and the dependency graph between
 * components with each lockfile's roots under the project.  Sorted by
 * reference, so writers that walk it in order are deterministic.  The CLI
 * renders it as CycloneDX or SPDX. */
#ifndef DEPVET_ENGINE_SBOM_H
#define DEPVET_ENGINE_SBOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/lock/graph.h"
#include "depvet/store/db.h"

struct sbom_hash {
    const char *alg;          /* CycloneDX spelling: "SHA-256", "SHA-512", "SHA-1", "MD5" */
    const char *hex;          /* lower-case hex */
};

struct sbom_component {
    const char *ref;          /* unique: the purl, or "depvet:..." for local sources */
    const char *purl;         /* NULL for path and link sources */
    enum ecosystem eco;
    const char *name, *version;   /* version "" when unpinned */
    const char *lockfile;     /* the first lockfile naming it, from the project folder */
    unsigned node;            /* the first node */
    bool required;            /* some lockfile needs it at run time (not dev/optional) */
    bool project;             /* a project or workspace member, not a dependency */
    struct sbom_hash *hashes;
    size_t n_hashes;
    const char *license;      /* as the registry writes it, or NULL */
    const char *vcs, *website, *distribution;   /* http(s)/git URLs, or NULL */
    unsigned *deps;           /* component indexes, sorted and unique */
    size_t n_deps;
};

struct sbom {
    struct arena *arena;      /* owns everything here */
    struct sbom_component *items;   /* sorted by ref */
    size_t n;
    unsigned *roots;          /* component indexes each lockfile starts from */
    size_t n_roots;
};

/* Builds the inventory of g, read from the project at path project; st
 * (may be NULL) adds licences, links and the registry's hashes of the
 * pinned releases. */
void sbom_build(struct sbom *out, const struct dep_graph *g, const char *project,
                struct store *st);
void sbom_fini(struct sbom *s);

/* How a registry's licence text is written: one SPDX licence id (*canon
 * gets its official spelling), an SPDX expression of known ids joined
 * with AND/OR/WITH and parentheses, or a free name. */
enum sbom_license_kind { SBOM_LICENSE_ID, SBOM_LICENSE_EXPRESSION, SBOM_LICENSE_NAME };
enum sbom_license_kind sbom_license_kind(const char *text, const char **canon);

#endif
