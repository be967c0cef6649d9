/* A session: the project's graph and, as they arrive, what is known about
 * its packages.  Both frontends ask the session; neither reads lockfiles,
 * SQLite, libcurl or PCRE2 itself. */
#ifndef DEPVET_ENGINE_SESSION_H
#define DEPVET_ENGINE_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"
#include "depvet/lock/graph.h"

struct session;

/* Reads every lockfile under path (a file or a folder). */
struct session *session_open(const char *path, struct diag *d);
void session_free(struct session *s);   /* accepts NULL */
const struct dep_graph *session_graph(const struct session *s);
const char *session_project(const struct session *s);
/* Node ids whose name matches pattern (PCRE2, caseless), in node order;
 * caller frees *ids.  False and d set when the pattern is invalid. */
bool session_search(struct session *s, const char *pattern, unsigned **ids,
                    size_t *n, struct diag *d);

#endif
