/* Shared plumbing for the TOML lockfile readers. */
#include "depvet/lock/toml_lock.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/lock/reader.h"

/* Companion manifests are small; refuse anything larger. */
#define COMPANION_MAX_BYTES (8u * 1024 * 1024)

struct toml_value *toml_lock_parse(const char *path, const char *buf, size_t len,
                                   struct arena *a, struct diag *d)
{
    if (len > LOCK_MAX_BYTES) {
        diag_set(d, DIAG_LIMIT, path, 0, 0, "lockfile larger than %u bytes",
                 LOCK_MAX_BYTES);
        return NULL;
    }
    return toml_parse(buf, len, path, a, d);
}

bool toml_lock_open(const char *path, const char *buf, size_t len, const char *key,
                    struct arena *a, const struct toml_value **root,
                    const struct toml_value **pkgs, struct diag *d)
{
    *root = toml_lock_parse(path, buf, len, a, d);
    *pkgs = toml_get(*root, key);
    if (!*root)
        return false;
    if (*pkgs && !toml_is(*pkgs, TOML_ARRAY)) {
        diag_set(d, DIAG_UNSUPPORTED, path, (*pkgs)->line, (*pkgs)->col,
                 "not this lockfile format: '%s' is not an array", key);
        return false;
    }
    for (size_t i = 0; i < toml_len(*pkgs); i++) {
        const struct toml_value *pkg = toml_at(*pkgs, i);
        if (!toml_get_str(pkg, "name")) {
            diag_set(d, DIAG_SYNTAX, path, pkg->line, pkg->col,
                     toml_is(pkg, TOML_TABLE) ? "package without a name"
                                              : "package entry is not a table");
            return false;
        }
    }
    return true;
}

struct toml_value *toml_lock_companion(const char *path, const char *lockname,
                                       const char *companion, struct arena *a)
{
    if (!path)
        return NULL;
    size_t n = strlen(path), ln = strlen(lockname);
    const char *slash = strrchr(path, '/');
    size_t base = slash ? (size_t)(slash - path) + 1 : 0;
    if (n - base < ln || strcmp(path + n - ln, lockname) != 0)
        return NULL;
    char *cpath = arena_printf(a, "%.*s%s", (int)(n - ln), path, companion);
    struct diag d;
    diag_clear(&d);
    size_t len;
    char *buf = file_read(cpath, COMPANION_MAX_BYTES, &len, &d);
    if (!buf)
        return NULL;
    struct toml_value *root = toml_parse(buf, len, cpath, a, &d);
    free(buf);
    return root;
}

void toml_lock_add_hash(struct dep_graph *g, unsigned id, const char *hash,
                        const char *what)
{
    const char *colon = hash ? strchr(hash, ':') : NULL;
    if (!colon || colon == hash || !colon[1])
        return;
    char algo[32];
    size_t n = (size_t)(colon - hash);
    if (n >= sizeof algo)
        return;
    for (size_t i = 0; i < n; i++)
        algo[i] = (char)(hash[i] >= 'A' && hash[i] <= 'Z' ? hash[i] + 32 : hash[i]);
    algo[n] = 0;
    graph_node_add_checksum(g, id, algo, colon + 1, what);
}

const char *toml_lock_basename(struct arena *a, const char *url)
{
    if (!url)
        return NULL;
    size_t end = strcspn(url, "?#");
    size_t start = end;
    while (start > 0 && url[start - 1] != '/')
        start--;
    return arena_strndup(a, url + start, end - start);
}

bool toml_lock_has_line(const char *buf, size_t len, const char *prefix)
{
    size_t pn = strlen(prefix);
    for (size_t i = 0; i + pn <= len;) {
        if (memcmp(buf + i, prefix, pn) == 0)
            return true;
        const char *nl = memchr(buf + i, '\n', len - i);
        if (!nl)
            break;
        i = (size_t)(nl - buf) + 1;
    }
    return false;
}

unsigned toml_lock_line(const struct toml_value *pkg)
{
    const struct toml_value *name = toml_get(pkg, "name");
    return name ? name->line : pkg ? pkg->line : 0;
}
