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

#include "depvet/audit/audits.h"
#include "depvet/audit/policy.h"
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
    const char *publisher;    /* of the pinned release, from the cache, or NULL */
    const char *identity;     /* its attested publishing identity, or NULL */
    int64_t published;        /* its date (Unix seconds), 0 unknown */
    unsigned *deps;           /* component indexes, sorted and unique */
    size_t n_deps;
    /* The review policy's verdict (registry components, with a reviews set): */
    const char *policy;       /* "reviewed", "delta", "exempted", "trusted",
                               * "unreviewed", "not-required"; NULL: none */
    const char *need;         /* the criteria required, or NULL */
    const char *reviewed;     /* the strongest criteria reviews give, or NULL */
    const char *policy_by;    /* an exemption's reason, a trusted publisher */
};

/* An advisory of the cache matching some components' pins. */
struct sbom_affect {
    unsigned comp;            /* component index */
    const char *fixed;        /* the next fixed version, or NULL */
};

struct sbom_vuln {
    const char *id;           /* the record's id; aliases follow */
    const char **aliases;
    size_t n_aliases;
    const char *summary;      /* NULL when none */
    const char *link;         /* an http(s) page, or NULL */
    const char *severity;     /* "low", "medium", "high", "critical" */
    int64_t modified;         /* Unix seconds, 0 unknown */
    bool malicious;           /* a MAL- record */
    struct sbom_affect *affects;   /* sorted by component */
    size_t n_affects;
};

struct sbom {
    struct arena *arena;      /* owns everything here */
    struct sbom_component *items;   /* sorted by ref */
    size_t n;
    unsigned *roots;          /* component indexes each lockfile starts from */
    size_t n_roots;
    struct sbom_vuln *vulns;  /* sorted by id; only when asked for */
    size_t n_vulns;
};

struct sbom_input {
    const struct dep_graph *g;
    const char *project;      /* the path g was read from */
    struct store *st;         /* may be NULL: licences, links, registry hashes, advisories */
    const struct audits *set; /* may be NULL: no review state */
    const struct audit_policy *policy;  /* with set */
    const char *today;        /* "YYYY-MM-DD", with set */
    bool vulnerabilities;     /* match the cache's advisories (needs st) */
};

/* Builds the inventory of in->g: with a cache, the licences, links and
 * registry hashes of the pinned releases (and the advisories matching
 * them when asked); with a reviews set, each registry pin's verdict. */
void sbom_build(struct sbom *out, const struct sbom_input *in);
void sbom_fini(struct sbom *s);

/* u when it is an http(s) or git URL without spaces, controls, quotes or
 * angle brackets (safe for a consumer to show as a link), else NULL. */
const char *sbom_safe_url(const char *u);

/* How a registry's licence text is written: one SPDX licence id (*canon
 * gets its official spelling), an SPDX expression of known ids joined
 * with AND/OR/WITH and parentheses, or a free name. */
enum sbom_license_kind { SBOM_LICENSE_ID, SBOM_LICENSE_EXPRESSION, SBOM_LICENSE_NAME };
enum sbom_license_kind sbom_license_kind(const char *text, const char **canon);

#endif
