/* The explorer on an adopted tree: the tree `depvet adopt` resolves
 * (adopt.h) as a session of its own, so the frontends show it with the
 * same panes as a project's (reputation, version diff, findings), every
 * node carrying its mark (session_adopt_node: new, present, changed).
 *
 *   struct adopt_request q;  adopt_parse_spec(a, "npm:chalk@^5", &q, &d);
 *   adopt_check_candidate(&q, cfg, a, &squat);       "did you mean ...?"
 *   adopt_job_start(project_session, &q, &d);        off the UI thread
 *   ... session_dispatch ...; s2 = session_adopt_take(project_session, msg, n);
 */
#ifndef DEPVET_ENGINE_ADOPT_VIEW_H
#define DEPVET_ENGINE_ADOPT_VIEW_H

#include "depvet/engine/adopt.h"
#include "depvet/engine/session.h"

/* "ECOSYSTEM:NAME[@REQUIREMENT]", PyPI extras as NAME[a,b], into q's eco,
 * name, requirement and extras (strings in a); the other fields are left
 * as they were.  False with d set on a malformed spec. */
bool adopt_parse_spec(struct arena *a, const char *spec, struct adopt_request *q,
                      struct diag *d);

/* The candidate's name against the cached popular-name list only (no
 * request, quick enough for a UI thread): out filled in a. */
void adopt_check_candidate(const struct adopt_request *q, const struct engine_config *cfg,
                           struct arena *a, struct adopt_squat *out);

/* The adopted tree as a graph: one lockfile heading "adopt ECO:NAME@REQ"
 * (format "adopt"), node i = r's node i, the candidate direct, optional
 * nodes and edges marked. */
struct dep_graph *adopt_graph_new(const struct adopt_request *q, const struct adopt_result *r);

/* A session over r's tree (r is taken over, heap allocated; freed on
 * failure too), attached with o (its project's reviews and the cache).
 * NULL with d set when the attach fails. */
struct session *adopt_session_new(const struct adopt_request *q, struct adopt_result *r,
                                  const char *project, const struct session_options *o,
                                  struct diag *d);

/* One line about r: "adopt npm:x: 12 packages (3 new, 1 changed ...)",
 * the typosquat suspicion first when there is one (terminal-safe). */
void adopt_summary_line(const struct adopt_request *q, const struct adopt_result *r,
                        char *out, size_t n);

/* Resolves q in a job of project's (session_jobs_add; q and the
 * session's config are copied), prefetching the new nodes' facts unless
 * the session is offline.  Its end puts the adopted session (or NULL and
 * why) with session_adopt_put and reports JOB_CHANGED_ADOPTED.  False
 * with d set when no thread could be started or one runs already. */
bool adopt_job_start(struct session *project, const struct adopt_request *q, struct diag *d);
bool adopt_job_running(const struct session *project);

#endif
