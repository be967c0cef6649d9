/* depvet's settings: defaults, then the user's config file
 * ($XDG_CONFIG_HOME/depvet/config.toml), then the project's
 * (.depvet/config.toml), then DEPVET_*_URL environment variables (the last
 * wins).  A base URL may be http(s):// or file:// (recorded snapshots).
 *
 * A project's file comes with the code under review, so it may only say
 * things that cannot send requests or credentials elsewhere: which
 * packages are private, the marker environment, the theme and the review
 * policy.  Registry
 * URLs, private registries and their token variables, the CA file and the
 * cache folder come from the user's file or the environment only. */
#ifndef DEPVET_ENGINE_CONFIG_H
#define DEPVET_ENGINE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/audit/policy.h"
#include "depvet/core/diag.h"
#include "depvet/core/ecosystem.h"
#include "depvet/core/pep508.h"

enum source_id {
    SRC_HEX_API, SRC_HEX_REPO, SRC_PYPI, SRC_PYPISTATS, SRC_NPM,
    SRC_NPM_DOWNLOADS, SRC_OSV, SRC_DEPSDEV, SRC_PYPI_TOP, SRC_COUNT
};

struct source_def {
    enum source_id id;
    const char *key;        /* config key under [registries] */
    const char *env;        /* environment override */
    const char *dflt;       /* public default */
};

extern const struct source_def source_table[SRC_COUNT];

#define CONFIG_MAX_PRIVATE 16
#define CONFIG_MAX_NAMES 64
#define CONFIG_MAX_IMPORTS 16

/* [imports.NAME]: another team's reviews file, fetched by URL (https, or
 * http to a loopback address for tests; never file://: a project's file
 * must not read the reviewer's disk), pinned in .depvet/imports.lock. */
struct import_def {
    char name[64];          /* letters, digits, '-' and '_' */
    char url[1024];
    enum audit_criteria criteria;   /* the strongest its reviews may satisfy */
};

/* How a private registry wants its token: Hex takes the key as is, npm a
 * Bearer token, Python indexes HTTP basic ("user:password" in the
 * variable). */
enum auth_scheme { AUTH_RAW, AUTH_BEARER, AUTH_BASIC };

struct private_registry {
    enum ecosystem eco;
    char match[256];        /* Hex organisation, npm scope "@acme", or the
                             * start of a Python index URL */
    char url[1024];         /* API base asked instead of the public one */
    char token_env[128];    /* environment variable holding the token */
    enum auth_scheme auth;
    bool simple_api;        /* PyPI: only the Simple JSON API (url/simple/NAME/) */
};

struct engine_config {
    char base_url[SRC_COUNT][1024];
    unsigned concurrency;   /* parallel requests, default 16 */
    unsigned deadline_s;    /* a refresh's whole run, default 300 */
    double deadline_at;     /* http_clock() by which the running command's
                             * requests end (engine_config_start_deadline);
                             * 0 = deadline_s from each engine's start */
    unsigned memory_mib;    /* answers in flight together, default 256 */
    char down[1024];        /* hosts the running command found unreachable
                             * ("origin\twhy\n" each, http_config.down):
                             * its later steps do not ask them again */
    char cacert[1024];      /* extra CA file, "" for none */
    char cache_dir[1024];   /* "" = XDG default */
    char theme[64];         /* "" = default */
    bool offline;
    struct private_registry priv[CONFIG_MAX_PRIVATE];
    unsigned n_priv;
    /* Names of the organisation's own packages ("acme-core"), or prefixes
     * stored with a '*' at the end ("acme-*"), for dependency confusion. */
    char private_names[CONFIG_MAX_NAMES][128];
    unsigned n_private_names;
    /* Marker values for evaluating requires_dist; pep508_env_default()
     * unless [environment] says otherwise. */
    char marker_values[PEP508_VAR_COUNT][64];
    /* [policy]: what `depvet check` enforces over the reviews file. */
    struct audit_policy policy;
    /* [imports]: the reviews files of other teams that count here. */
    struct import_def imports[CONFIG_MAX_IMPORTS];
    unsigned n_imports;
};

/* Defaults, then the environment (no file read). */
void engine_config_init(struct engine_config *c);
/* Defaults, the user's file, the project's file (project_path is the
 * project folder or a lockfile in it; may be NULL), then the environment.
 * A missing file is fine; a malformed one or an unknown key fills d with
 * file:line:col and returns false. */
bool engine_config_load(struct engine_config *c, const char *project_path,
                        struct diag *d);
/* The cache folder to open: the --cache flag, else NULL when
 * DEPVET_CACHE_DIR or nothing is set (the XDG rules apply), else the
 * config's `cache`. */
const char *engine_config_cache_dir(const struct engine_config *c, const char *flag);
/* Reads one config file; user_scope false applies the project rules. */
bool engine_config_read_file(struct engine_config *c, const char *path,
                             bool user_scope, struct diag *d);
/* The same over a buffer; where names it in diagnostics.  On failure c
 * may hold part of the file: callers discard it. */
bool engine_config_read_buf(struct engine_config *c, const char *buf, size_t len,
                            const char *where, bool user_scope, struct diag *d);
/* Base URL of a source without a trailing slash. */
const char *engine_config_url(const struct engine_config *c, enum source_id id);
/* The marker environment (strings point into c). */
void engine_config_marker_env(const struct engine_config *c, struct pep508_env *env);
/* The private registry that serves a package, or NULL.  hex_repo is the
 * lockfile's repository ("hexpm:acme"), index the package's index URL;
 * either may be NULL. */
const struct private_registry *engine_config_private(const struct engine_config *c,
                                                     enum ecosystem eco,
                                                     const char *name,
                                                     const char *hex_repo,
                                                     const char *index);
/* Whether an import may be fetched from url: https://, or http:// to
 * 127.0.0.0/8, localhost or [::1]. */
bool engine_config_import_url_ok(const char *url);
/* True when name is declared private by name or prefix. */
bool engine_config_is_private_name(const struct engine_config *c, const char *name);

struct dep_node;
/* True when the node is private: from a private repository, declared
 * private by name or prefix, or served by a configured private registry.
 * Such a name is never sent to a public service. */
bool engine_config_node_private(const struct engine_config *c, const struct dep_node *n);

struct http_config;
/* The HTTP engine settings the config asks for (concurrency, extra CA,
 * deadline, memory budget). */
void engine_config_http(const struct engine_config *c, struct http_config *hc);
/* From now on every engine of c shares one deadline: deadline_s from now. */
void engine_config_start_deadline(struct engine_config *c);
/* "90", "90s", "5m" or "1h" as seconds (1 to 86400); false otherwise. */
bool engine_config_parse_seconds(const char *s, unsigned *out);

#endif
