/* The session: owns the graph read from the project's lockfiles. */
#include "depvet/engine/session.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/regex.h"
#include "depvet/core/xmalloc.h"
#include "depvet/lock/detect.h"

struct session {
    struct dep_graph *graph;
    char *project;
};

struct session *session_open(const char *path, struct diag *d)
{
    struct dep_graph *g = graph_new();
    if (!detect_load(g, path, d)) {
        graph_free(g);
        return NULL;
    }
    struct session *s = xcalloc(1, sizeof(*s));
    s->graph = g;
    s->project = xstrdup(path);
    return s;
}

void session_free(struct session *s)
{
    if (!s)
        return;
    graph_free(s->graph);
    free(s->project);
    free(s);
}

const struct dep_graph *session_graph(const struct session *s)
{
    return s->graph;
}

const char *session_project(const struct session *s)
{
    return s->project;
}

bool session_search(struct session *s, const char *pattern, unsigned **ids,
                    size_t *n, struct diag *d)
{
    struct regex *re = regex_new(pattern, REGEX_CASELESS, "search", d);
    *ids = NULL;
    *n = 0;
    if (!re)
        return false;
    size_t cap = 0;
    for (size_t i = 0; i < s->graph->nodes.len; i++) {
        const char *name = s->graph->nodes.items[i].name;
        if (regex_search(re, name, strlen(name), NULL, NULL)) {
            *ids = xgrow(*ids, &cap, *n + 1, sizeof(unsigned));
            (*ids)[(*n)++] = (unsigned)i;
        }
    }
    regex_free(re);
    return true;
}
