/* Reads a config.toml into the engine settings: one table of keys, each
 * with its type, where it goes and whether a project's file may set it. */
#include "depvet/engine/config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/arena.h"
#include "depvet/core/fileio.h"
#include "depvet/engine/findings.h"
#include "depvet/lock/toml.h"

#define CONFIG_MAX_BYTES (1u << 20)

struct cfg_reader {
    struct engine_config *c;
    const char *path;
    bool user_scope;
    struct diag *d;
};

__attribute__((format(printf, 3, 4)))
static bool fail_at(struct cfg_reader *r, const struct toml_value *v, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    diag_set(r->d, DIAG_SYNTAX, r->path, v ? v->line : 0, v ? v->col : 0, "%s", msg);
    return false;
}

static bool copy_str(struct cfg_reader *r, const struct toml_value *v, const char *key,
                     char *dst, size_t n)
{
    const char *s = toml_str(v);
    if (!s)
        return fail_at(r, v, "'%s' must be a string", key);
    if (strlen(s) >= n || strlen(s) != v->u.str.len)
        return fail_at(r, v, "'%s' is too long or holds a NUL", key);
    memcpy(dst, s, strlen(s) + 1);
    return true;
}

static bool read_concurrency(struct cfg_reader *r, const char *key,
                             const struct toml_value *v)
{
    int64_t n;
    if (!toml_int(v, &n) || n < 1 || n > 256)
        return fail_at(r, v, "'%s' must be an integer from 1 to 256", key);
    r->c->concurrency = (unsigned)n;
    return true;
}

static bool read_deadline(struct cfg_reader *r, const char *key, const struct toml_value *v)
{
    int64_t n;
    const char *s = toml_str(v);
    unsigned secs;
    if (toml_int(v, &n) && n >= 1 && n <= 86400)
        secs = (unsigned)n;
    else if (!s || !engine_config_parse_seconds(s, &secs))
        return fail_at(r, v, "'%s' must be seconds from 1 to 86400, or a string such as "
                       "\"90s\", \"5m\" or \"1h\"", key);
    r->c->deadline_s = secs;
    return true;
}

static bool read_memory(struct cfg_reader *r, const char *key, const struct toml_value *v)
{
    int64_t n;
    if (!toml_int(v, &n) || n < 1 || n > 65536)
        return fail_at(r, v, "'%s' must be MiB from 1 to 65536", key);
    r->c->memory_mib = (unsigned)n;
    return true;
}

static bool read_cacert(struct cfg_reader *r, const char *key, const struct toml_value *v)
{
    return copy_str(r, v, key, r->c->cacert, sizeof(r->c->cacert));
}

static bool read_cache(struct cfg_reader *r, const char *key, const struct toml_value *v)
{
    return copy_str(r, v, key, r->c->cache_dir, sizeof(r->c->cache_dir));
}

static bool read_theme(struct cfg_reader *r, const char *key, const struct toml_value *v)
{
    return copy_str(r, v, key, r->c->theme, sizeof(r->c->theme));
}

static bool expect_table(struct cfg_reader *r, const char *key, const struct toml_value *v)
{
    return toml_is(v, TOML_TABLE) || fail_at(r, v, "'%s' must be a table", key);
}

typedef bool (*entry_fn)(struct cfg_reader *r, const char *k, const struct toml_value *val);

/* Calls fn on each entry of the table v (named key). */
static bool each_entry(struct cfg_reader *r, const char *key, const struct toml_value *v,
                       entry_fn fn)
{
    if (!expect_table(r, key, v))
        return false;
    for (size_t i = 0; i < toml_table_len(v); i++) {
        const struct toml_value *val;
        const char *k = toml_key_at(v, i, &val);
        if (!fn(r, k, val))
            return false;
    }
    return true;
}

static bool registry_entry(struct cfg_reader *r, const char *k, const struct toml_value *val)
{
    unsigned s = 0;
    while (s < SRC_COUNT && strcmp(source_table[s].key, k) != 0)
        s++;
    if (s == SRC_COUNT)
        return fail_at(r, val, "unknown registry '%s' (hex, hex_repo, pypi, pypistats, "
                       "npm, npm_downloads, osv, depsdev, pypi_top)", k);
    char url[sizeof(r->c->base_url[0])];
    if (!copy_str(r, val, k, url, sizeof(url)))
        return false;
    size_t n = strlen(url);
    while (n > 0 && url[n - 1] == '/')
        url[--n] = '\0';
    memcpy(r->c->base_url[s], url, n + 1);
    return true;
}

static bool read_registries(struct cfg_reader *r, const char *key,
                            const struct toml_value *v)
{
    return each_entry(r, key, v, registry_entry);
}

static const struct {
    const char *name;
    enum ecosystem eco;
    const char *match_key;   /* what names the private part */
    enum auth_scheme auth;   /* the registry's usual scheme */
} private_kind_table[] = {
    {"hex", ECO_HEX, "organisation", AUTH_RAW},
    {"npm", ECO_NPM, "scope", AUTH_BEARER},
    {"pypi", ECO_PYPI, "index", AUTH_BASIC},
};

static const char *const auth_name_table[] = {
    [AUTH_RAW] = "raw", [AUTH_BEARER] = "bearer", [AUTH_BASIC] = "basic",
};

static bool read_auth(struct cfg_reader *r, const struct toml_value *v,
                      struct private_registry *p)
{
    const char *s = toml_str(v);
    for (unsigned i = 0; s && i < sizeof(auth_name_table) / sizeof(*auth_name_table); i++)
        if (strcmp(s, auth_name_table[i]) == 0) {
            p->auth = (enum auth_scheme)i;
            return true;
        }
    return fail_at(r, v, "'%s' must be \"raw\", \"bearer\" or \"basic\"", "auth");
}

static bool read_api(struct cfg_reader *r, const struct toml_value *v,
                     struct private_registry *p)
{
    const char *s = toml_str(v);
    if (!s || (strcmp(s, "json") != 0 && strcmp(s, "simple") != 0))
        return fail_at(r, v, "'%s' must be \"json\" or \"simple\"", "api");
    p->simple_api = strcmp(s, "simple") == 0;
    return true;
}

static bool read_one_private(struct cfg_reader *r, const struct toml_value *t)
{
    if (!toml_is(t, TOML_TABLE))
        return fail_at(r, t, "each '%s' entry must be a table", "private");
    if (r->c->n_priv == CONFIG_MAX_PRIVATE)
        return fail_at(r, t, "more than 16 '%s' registries", "private");
    struct private_registry p = {0};
    const char *eco = toml_get_str(t, "ecosystem");
    unsigned k = 0, nk = sizeof(private_kind_table) / sizeof(*private_kind_table);
    while (eco && k < nk && strcmp(private_kind_table[k].name, eco) != 0)
        k++;
    if (!eco || k == nk)
        return fail_at(r, t, "a '%s' entry needs ecosystem = \"hex\", \"npm\" or \"pypi\"",
                       "private");
    p.eco = private_kind_table[k].eco;
    p.auth = private_kind_table[k].auth;
    for (size_t i = 0; i < toml_table_len(t); i++) {
        const struct toml_value *v;
        const char *key = toml_key_at(t, i, &v);
        bool ok;
        if (strcmp(key, "ecosystem") == 0)
            ok = true;
        else if (strcmp(key, private_kind_table[k].match_key) == 0)
            ok = copy_str(r, v, key, p.match, sizeof(p.match));
        else if (strcmp(key, "url") == 0)
            ok = copy_str(r, v, key, p.url, sizeof(p.url));
        else if (strcmp(key, "token_env") == 0)
            ok = copy_str(r, v, key, p.token_env, sizeof(p.token_env));
        else if (strcmp(key, "auth") == 0)
            ok = read_auth(r, v, &p);
        else if (strcmp(key, "api") == 0 && p.eco == ECO_PYPI)
            ok = read_api(r, v, &p);
        else
            ok = fail_at(r, v, "unknown key '%s' in a private registry", key);
        if (!ok)
            return false;
    }
    if (!p.match[0] || !p.url[0])
        return fail_at(r, t, "a private registry needs url and %s",
                       private_kind_table[k].match_key);
    size_t n = strlen(p.url);
    while (n > 0 && p.url[n - 1] == '/')
        p.url[--n] = '\0';
    r->c->priv[r->c->n_priv++] = p;
    return true;
}

static bool read_private(struct cfg_reader *r, const char *key, const struct toml_value *v)
{
    if (!toml_is(v, TOML_ARRAY))
        return fail_at(r, v, "'%s' must be an array of tables ([[private]])", key);
    for (size_t i = 0; i < toml_len(v); i++)
        if (!read_one_private(r, toml_at(v, i)))
            return false;
    return true;
}

static bool add_names(struct cfg_reader *r, const struct toml_value *list, bool prefix)
{
    struct engine_config *c = r->c;
    if (!toml_is(list, TOML_ARRAY))
        return fail_at(r, list, "'%s' must be an array of strings", prefix ? "prefixes" : "names");
    for (size_t i = 0; i < toml_len(list); i++) {
        const struct toml_value *v = toml_at(list, i);
        if (c->n_private_names == CONFIG_MAX_NAMES)
            return fail_at(r, v, "more than 64 private %s", "names");
        char *dst = c->private_names[c->n_private_names];
        if (!copy_str(r, v, "names", dst, sizeof(c->private_names[0]) - 1))
            return false;
        if (!dst[0])
            return fail_at(r, v, "an empty %s", "name");
        if (prefix) {   /* room kept by the copy above */
            size_t n = strlen(dst);
            snprintf(dst + n, sizeof(c->private_names[0]) - n, "*");
        }
        c->n_private_names++;
    }
    return true;
}

static bool private_names_entry(struct cfg_reader *r, const char *k,
                                const struct toml_value *val)
{
    bool prefix = strcmp(k, "prefixes") == 0;
    if (!prefix && strcmp(k, "names") != 0)
        return fail_at(r, val, "unknown key '%s' in [private_packages] (names, prefixes)", k);
    return add_names(r, val, prefix);
}

static bool read_private_packages(struct cfg_reader *r, const char *key,
                                  const struct toml_value *v)
{
    return each_entry(r, key, v, private_names_entry);
}

static bool environment_entry(struct cfg_reader *r, const char *k,
                              const struct toml_value *val)
{
    enum pep508_var var;
    if (!pep508_var_lookup(k, strlen(k), &var) || var == PEP508_EXTRA)
        return fail_at(r, val, "'%s' is not a PEP 508 marker variable", k);
    return copy_str(r, val, k, r->c->marker_values[var], sizeof(r->c->marker_values[0]));
}

static bool read_environment(struct cfg_reader *r, const char *key,
                             const struct toml_value *v)
{
    return each_entry(r, key, v, environment_entry);
}

/* ---- [policy] ------------------------------------------------------------ */

static bool criteria_value(struct cfg_reader *r, const char *key, const struct toml_value *v,
                           bool none_ok, int *out)
{
    const char *s = toml_str(v);
    enum audit_criteria c;
    if (s && none_ok && strcmp(s, "none") == 0) {
        *out = POLICY_NO_REVIEW;
        return true;
    }
    if (!s || !audits_criteria_parse(s, &c))
        return fail_at(r, v, "'%s' must be \"safe-to-run\" or \"safe-to-deploy\"%s", key,
                       none_ok ? " or \"none\"" : "");
    *out = (int)c;
    return true;
}

static bool severity_value(struct cfg_reader *r, const char *key, const struct toml_value *v,
                           unsigned *out)
{
    enum severity sev;
    const char *s = toml_str(v);
    if (!s || !severity_parse(s, &sev))
        return fail_at(r, v, "'%s' must be a severity: info, low, medium, high or critical", key);
    *out = (unsigned)sev;
    return true;
}

/* "ECOSYSTEM:NAME" = criteria or "none". */
static bool policy_package(struct cfg_reader *r, const char *k, const struct toml_value *val)
{
    const char *colon = strchr(k, ':');
    char eco_s[16];
    enum ecosystem eco;
    int crit;
    if (!colon || (size_t)(colon - k) >= sizeof(eco_s) || !colon[1])
        return fail_at(r, val, "'%s': a package is named ECOSYSTEM:NAME (hex:plug)", k);
    memcpy(eco_s, k, (size_t)(colon - k));
    eco_s[colon - k] = '\0';
    if (!ecosystem_parse(eco_s, &eco))
        return fail_at(r, val, "'%s': unknown ecosystem (hex, pypi, npm)", k);
    if (!criteria_value(r, k, val, true, &crit))
        return false;
    if (!policy_set_override(&r->c->policy, eco, colon + 1, crit))
        return fail_at(r, val, "'%s': more than 64 packages, or a name too long", k);
    return true;
}

static bool policy_entry(struct cfg_reader *r, const char *k, const struct toml_value *val)
{
    struct audit_policy *p = &r->c->policy;
    int crit;
    if (strcmp(k, "criteria") == 0 || strcmp(k, "dev_criteria") == 0) {
        if (!criteria_value(r, k, val, false, &crit))
            return false;
        *(k[0] == 'd' ? &p->dev : &p->runtime) = (enum audit_criteria)crit;
        return true;
    }
    if (strcmp(k, "unreviewed") == 0)
        return severity_value(r, k, val, &p->unreviewed_severity);
    if (strcmp(k, "no_facts") == 0)
        return severity_value(r, k, val, &p->no_facts_severity);
    if (strcmp(k, "cooldown") == 0)
        return severity_value(r, k, val, &p->cooldown_severity);
    if (strcmp(k, "min_release_age") == 0)
        return policy_parse_age(toml_str(val), &p->min_release_age) ||
               fail_at(r, val, "'%s' must be an age such as \"7d\", \"36h\" or \"2w\"", k);
    if (strcmp(k, "packages") == 0)
        return each_entry(r, k, val, policy_package);
    return fail_at(r, val, "unknown key '%s' in [policy] (criteria, dev_criteria, unreviewed, "
                   "no_facts, min_release_age, cooldown, packages)", k);
}

static bool read_policy(struct cfg_reader *r, const char *key, const struct toml_value *v)
{
    r->c->policy.enforced = true;
    return each_entry(r, key, v, policy_entry);
}

typedef bool (*key_fn)(struct cfg_reader *r, const char *key, const struct toml_value *v);

static const struct {
    const char *key;
    bool project_may_set;
    key_fn read;
} config_key_table[] = {
    {"concurrency", false, read_concurrency},
    {"deadline", false, read_deadline},
    {"memory_budget_mib", false, read_memory},
    {"cacert", false, read_cacert},
    {"cache", false, read_cache},
    {"theme", true, read_theme},
    {"registries", false, read_registries},
    {"private", false, read_private},
    {"private_packages", true, read_private_packages},
    {"environment", true, read_environment},
    {"policy", true, read_policy},
};

static bool read_root(struct cfg_reader *r, const struct toml_value *root)
{
    size_t nkeys = sizeof(config_key_table) / sizeof(*config_key_table);
    for (size_t i = 0; i < toml_table_len(root); i++) {
        const struct toml_value *v;
        const char *key = toml_key_at(root, i, &v);
        size_t k = 0;
        while (k < nkeys && strcmp(config_key_table[k].key, key) != 0)
            k++;
        if (k == nkeys)
            return fail_at(r, v, "unknown key '%s' (see depvet(1), CONFIGURATION)", key);
        if (!r->user_scope && !config_key_table[k].project_may_set)
            return fail_at(r, v, "'%s' may only be set in your own config file: a project's "
                           "file must not choose where requests and credentials go", key);
        if (!config_key_table[k].read(r, key, v))
            return false;
    }
    return true;
}

bool engine_config_read_file(struct engine_config *c, const char *path, bool user_scope,
                             struct diag *d)
{
    if (!file_exists(path))
        return true;
    size_t len;
    char *buf = file_read(path, CONFIG_MAX_BYTES, &len, d);
    if (!buf)
        return false;
    bool ok = engine_config_read_buf(c, buf, len, path, user_scope, d);
    free(buf);
    return ok;
}

bool engine_config_read_buf(struct engine_config *c, const char *buf, size_t len,
                            const char *where, bool user_scope, struct diag *d)
{
    struct arena *a = arena_new();
    struct toml_value *root = toml_parse(buf, len, where, a, d);
    struct cfg_reader r = {c, where, user_scope, d};
    bool ok = root && read_root(&r, root);
    arena_free(a);
    return ok;
}
