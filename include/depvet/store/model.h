/* The reputation model: what registries say about a package and its
 * releases, ecosystem-neutral.  Every record and string lives in the arena
 * the parser was given; nothing here owns heap memory.  Unknown numbers are
 * REG_UNKNOWN, unknown times 0, unknown strings NULL. */
#ifndef DEPVET_STORE_MODEL_H
#define DEPVET_STORE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/ecosystem.h"

#define REG_UNKNOWN ((int64_t)-1)

enum reg_dep_kind { REG_DEP_RUNTIME, REG_DEP_DEV, REG_DEP_PEER, REG_DEP_OPTIONAL };

struct reg_dep {
    const char *name;        /* as written (PyPI: leading [A-Za-z0-9._-] run) */
    const char *requirement; /* version requirement; PyPI: text after name/extras */
    const char *raw;         /* PyPI: the whole PEP 508 string, unparsed */
    const char *extras;      /* PyPI: inside [...] without brackets, or NULL */
    const char *marker;      /* PyPI: after ';', trimmed, or NULL */
    const char *app;         /* Hex: OTP application name */
    enum reg_dep_kind kind;
    bool optional;
};

struct reg_person {
    const char *name;        /* user name / handle */
    const char *email;
    const char *role;        /* Hex level "full"/"maintainer", PyPI "Owner"; NULL */
};

struct reg_point {           /* one day of a download series */
    int64_t day;             /* Unix seconds of 00:00 UTC */
    int64_t count;
};

struct reg_script {          /* npm life-cycle script */
    const char *phase;       /* "preinstall", "install", "postinstall", "prepare" */
    const char *command;
};

struct reg_link {
    const char *label;
    const char *url;
};

struct reg_file {            /* one distribution file (PyPI) */
    const char *filename;
    const char *url;
    const char *packagetype; /* "sdist", "bdist_wheel", ...; Simple: by name */
    const char *sha256;      /* lower-case hex */
    const char *requires_python;
    const char *provenance_url;
    const char *yanked_reason;
    int64_t size;
    int64_t uploaded;        /* Unix seconds, 0 unknown */
    bool yanked;
};

/* Whether a release carries provenance: a signed statement of who built
 * and published it (PyPI PEP 740 attestations, npm dist.attestations). */
enum reg_attest { REG_ATTEST_UNKNOWN, REG_ATTEST_NONE, REG_ATTEST_PRESENT };

struct reg_release {
    const char *version;
    int64_t published;       /* Unix seconds UTC, 0 unknown */
    struct reg_person publisher;  /* name/email NULL when unknown */
    bool yanked;             /* PyPI: every file yanked, or info.yanked */
    bool retired;            /* Hex */
    bool deprecated;         /* npm, deps.dev */
    const char *status_reason;    /* yank reason / Hex retirement reason */
    const char *status_message;   /* Hex retirement or npm deprecation text */
    struct reg_dep *deps;
    size_t n_deps;
    struct reg_script *scripts;   /* install-time scripts only */
    size_t n_scripts;
    bool has_install_script; /* npm abbreviated flag or any script above */
    const char *archive_url;
    const char *sha256;      /* Hex outer checksum, PyPI sdist/first file */
    const char *integrity;   /* npm SRI (sha512-...) */
    const char *shasum;      /* npm SHA-1 hex */
    struct reg_file *files;
    size_t n_files;
    const char *license;
    const char *requires_python;
    const char **build_tools;/* Hex meta.build_tools */
    size_t n_build_tools;
    int64_t downloads;       /* REG_UNKNOWN unless the source says */
    enum reg_attest attest;
    /* The publishing identity the provenance names, e.g.
     * "github.com/owner/repo/.github/workflows/release.yml"; NULL unknown. */
    const char *identity;
};

struct reg_downloads {       /* REG_UNKNOWN where the source is silent */
    int64_t total;           /* Hex "all" */
    int64_t recent;          /* over recent_days (Hex: 90; npm and pypistats:
                              * the span of the answer) */
    int64_t recent_days;
    int64_t month, week, day;
};

struct reg_package {
    enum ecosystem eco;
    const char *name;
    const char *description;
    const char *license;
    const char *repository;  /* source repository URL */
    const char *homepage;
    struct reg_link *links;
    size_t n_links;
    int64_t created;         /* Unix seconds, 0 unknown */
    int64_t modified;
    const char *latest_version;
    struct reg_downloads downloads;
    struct reg_point *series;/* ascending by day */
    size_t n_series;
    int64_t dependents;      /* REG_UNKNOWN unless known */
    int64_t direct_dependents;
    struct reg_person *owners;
    size_t n_owners;
    bool deprecated;         /* package level: PyPI project-status etc. */
    const char *deprecation_message;
    const char *status;      /* PyPI project-status: "active", "archived", ... */
    const char *source_url;  /* the URL the facts came from */
    struct reg_release *releases;
    size_t n_releases;
};

/* A zeroed package with every count REG_UNKNOWN. */
struct reg_package *reg_package_new(struct arena *a, enum ecosystem eco,
                                    const char *name);
/* Sets the numeric unknown markers of a release (callers zero it first). */
void reg_release_init(struct reg_release *r);
struct reg_release *reg_package_find_release(const struct reg_package *p,
                                             const char *version);
/* The same lookup for many versions against one package (packuments hold
 * up to millions of releases): the releases sorted by version once, then
 * O(log n) per find, which gives the same release (the first of that
 * version).  Valid while p's releases array is unchanged. */
struct reg_release_index {
    struct reg_release *releases;
    struct reg_release_key {
        const char *version;
        size_t at;
    } *keys;                  /* heap */
    size_t n;
};
void reg_release_index_init(struct reg_release_index *ix, const struct reg_package *p);
struct reg_release *reg_release_index_find(const struct reg_release_index *ix,
                                           const char *version);
void reg_release_index_fini(struct reg_release_index *ix);
/* "runtime", "dev", "peer", "optional". */
const char *reg_dep_kind_name(enum reg_dep_kind k);

/* A repository URL as people browse it: npm's "git+https://...git",
 * "git://", "git+ssh://git@host/..." and "github:user/repo" or "user/repo"
 * shorthands become https://host/user/repo.  Anything else is kept. */
const char *reg_repo_url(struct arena *a, const char *url);
/* The link that looks like a source repository (a GitHub, GitLab,
 * Codeberg, Bitbucket or sourcehut URL, else a "source"/"repository"
 * label), and the one labelled as a homepage; NULL when none. */
const char *reg_links_repository(const struct reg_link *l, size_t n);
const char *reg_links_homepage(const struct reg_link *l, size_t n);

/* a + b, saturating at INT64_MAX / INT64_MIN (counts are hostile input). */
int64_t reg_add_sat(int64_t a, int64_t b);

/* Folds src into dst: dst keeps what it knows, fills gaps from src (strings,
 * times, counts, series, owners, links), appends src releases it lacks and
 * fills gaps in the ones it has.  New arrays come from a; strings are shared,
 * so src's arena must live as long as dst's.  Different ecosystems or
 * different normalised names are not merged (false); a src without a name
 * or ecosystem (e.g. a bare dependents count) merges into any package. */
bool reg_package_merge(struct arena *a, struct reg_package *dst,
                       const struct reg_package *src);

#endif
