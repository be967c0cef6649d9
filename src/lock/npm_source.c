/* npm-style version specs and resolved URLs as sources, and SRI integrity
 * strings as checksums (package-lock.json, bun.lock, yarn.lock). */
#include "depvet/lock/npm_source.h"

#include <ctype.h>
#include <string.h>

static const char *const git_prefix_table[] = {
    "git+", "git://", "git@", "github:", "gitlab:", "bitbucket:", "gist:",
};

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Classifies a version spec (v1 `version`) or a `resolved` value.  A plain
 * version gives SOURCE_REGISTRY. */
struct npm_source npm_source_classify(const char *s, bool resolved)
{
    struct npm_source sp = { SOURCE_REGISTRY, s, strlen(s), NULL };
    if (isdigit((unsigned char)s[0]) && !resolved)
        return sp; /* the common case, a plain version */
    if (starts(s, "https://") && resolved && strstr(s, "/-/"))
        return sp;
    for (size_t i = 0; i < sizeof(git_prefix_table) / sizeof(*git_prefix_table); i++) {
        if (starts(s, git_prefix_table[i])) {
            const char *hash = strchr(s, '#');
            sp.kind = SOURCE_GIT;
            if (hash) {
                sp.url_len = (size_t)(hash - s);
                sp.ref = hash + 1;
            }
            return sp;
        }
    }
    if (starts(s, "file:") || starts(s, "link:")) {
        sp.kind = SOURCE_PATH;
        sp.url += 5;
        sp.url_len -= 5;
    } else if (starts(s, "http://") || starts(s, "https://")) {
        /* Registry tarballs live at <registry>/<name>/-/<file>.tgz. */
        sp.kind = resolved && strstr(s, "/-/") ? SOURCE_REGISTRY : SOURCE_URL;
    } else if (resolved) {
        sp.kind = SOURCE_PATH; /* a link's target folder */
    }
    return sp;
}

void npm_source_set(struct dep_graph *g, unsigned id, struct npm_source sp)
{
    struct dep_node *n = graph_node(g, id);
    n->source = sp.kind;
    n->source_url = arena_strndup(g->arena, sp.url, sp.url_len);
    n->git_ref = sp.ref && *sp.ref ? graph_strdup(g, sp.ref) : NULL;
}

/* SRI: space-separated "algo-base64[?options]". */
void npm_source_add_integrity(struct dep_graph *g, unsigned id, const char *sri)
{
    char algo[16];
    const char *p = sri;
    while (*p) {
        while (*p && isspace((unsigned char)*p))
            p++;
        size_t n = strcspn(p, " \t\r\n");
        const char *dash = memchr(p, '-', n);
        if (dash && dash > p && (size_t)(dash - p) < sizeof(algo)) {
            size_t al = (size_t)(dash - p);
            for (size_t i = 0; i < al; i++)
                algo[i] = (char)tolower((unsigned char)p[i]);
            algo[al] = '\0';
            size_t vl = strcspn(dash + 1, "? \t\r\n");
            if (vl && vl < n - al)
                graph_node_add_checksum(g, id, algo,
                                        arena_strndup(g->arena, dash + 1, vl),
                                        NULL);
        }
        p += n;
    }
}

