/* A session: the project's graph and, as they arrive, what is known about
 * its packages.  Both frontends ask the session; neither reads lockfiles,
 * SQLite, libcurl or PCRE2 itself.
 *
 *   struct session *s = session_open(path, &d);
 *   session_attach(s, &(struct session_options){&cfg, NULL, false, now}, &d);
 *   session_worst(s, node), session_findings(s, node, &f), session_review(s, node)
 */
#ifndef DEPVET_ENGINE_SESSION_H
#define DEPVET_ENGINE_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/audit/audits.h"
#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/engine/config.h"
#include "depvet/engine/diffjob.h"
#include "depvet/engine/findings.h"
#include "depvet/engine/imports.h"
#include "depvet/engine/jobs.h"
#include "depvet/engine/policystate.h"
#include "depvet/engine/refresh.h"
#include "depvet/engine/reputation.h"
#include "depvet/lock/graph.h"

struct session;

/* Reads every lockfile under path (a file or a folder). */
struct session *session_open(const char *path, struct diag *d);
/* A session over g (taken over; graph_finish done) rather than the
 * lockfiles: project is the folder whose reviews and config apply. */
struct session *session_open_graph(struct dep_graph *g, const char *project);
void session_free(struct session *s);   /* accepts NULL */
const struct dep_graph *session_graph(const struct session *s);
const char *session_project(const struct session *s);
/* Completes a flat PyPI lockfile's edges from the cache (flatfill.h:
 * the --cache folder cache_flag, or the configured or default one).  Only
 * before session_attach: the graph is fixed from then on.  False with d
 * set on a bad config or an unreadable cache. */
struct flatfill_stats;
bool session_flatfill(struct session *s, const char *cache_flag, struct flatfill_stats *out,
                      struct diag *d);
/* Node ids whose name matches pattern (PCRE2, caseless), in node order;
 * caller frees *ids.  False and d set when the pattern is invalid. */
bool session_search(struct session *s, const char *pattern, unsigned **ids,
                    size_t *n, struct diag *d);

/* ---- an adopted tree (engine/adopt_view.h builds it) --------------------- */

struct adopt_node;
struct adopt_result;
/* Takes r over (heap, freed with the session; NULL drops it): its node i
 * is the graph's node i. */
void session_adopt_set(struct session *s, struct adopt_result *r);
/* Node's place in the adopted tree (new, present, changed), or NULL when
 * the session is a project's. */
const struct adopt_node *session_adopt_node(const struct session *s, unsigned node);
const struct adopt_result *session_adopt_result(const struct session *s);
/* An adopt job's end: its session (taken over; NULL when it failed) and
 * a status line, kept until taken.  Take returns NULL when none waits. */
void session_adopt_put(struct session *s, struct session *adopted, const char *message);
struct session *session_adopt_take(struct session *s, char *message, size_t n);
/* What session_attach was given (NULL before). */
const struct engine_config *session_config(const struct session *s);
const char *session_cache_dir(const struct session *s);

/* ---- what is known about the packages ---------------------------------- */

struct session_options {
    const struct engine_config *cfg;  /* NULL: built-in defaults */
    const char *cache_dir;            /* --cache; NULL: config, then XDG */
    bool offline;                     /* facts are shown as possibly old */
    int64_t now;                      /* Unix seconds: ages and rules */
    bool defer_findings;              /* leave them to session_findings_start */
};

/* Opens the cache when it exists (a missing cache is fine: then only the
 * lockfile rules run), loads every cached record, collects the findings
 * and reads the project's reviews file (.depvet/audits.toml).  False with
 * d set on an unreadable cache or a malformed reviews file. */
bool session_attach(struct session *s, const struct session_options *o,
                    struct diag *d);
bool session_has_cache(const struct session *s);

/* With defer_findings: collects the findings in a worker thread over its
 * own cache connection, so a frontend can draw and take input meanwhile.
 * Returns a descriptor that becomes readable when they are done (poll it,
 * then call session_findings_finish), or -1 when they were collected at
 * once (no thread could be started).  Until then every node has none (or,
 * after a refresh, the findings from before it).  The worker reads its own
 * copies of the session's time, config and cache folder, so a refresh may
 * start meanwhile. */
int session_findings_start(struct session *s);
/* Takes the worker's findings in; true once they are (also when they were
 * in already). */
bool session_findings_finish(struct session *s);
bool session_findings_ready(const struct session *s);
bool session_offline(const struct session *s);
int64_t session_now(const struct session *s);

/* The record summary of a node's package (releases with dates, publishers
 * and status; owners; counts), or NULL when the cache has none. */
const struct reg_package *session_record(const struct session *s, unsigned node);
/* When the node's package facts were learned (0: never). */
int64_t session_fact_time(struct session *s, unsigned node);

/* Everything the detail panes show about one node, built in a: the whole
 * record (dependencies per release, download series), the reputation with
 * owner history.  False when the cache has no record. */
struct session_detail {
    const struct reg_package *pkg;
    struct reputation rep;
    int64_t facts_at;
};
bool session_detail(struct session *s, unsigned node, struct arena *a,
                    struct session_detail *out);

/* The node's findings, most severe first (shared by every node with the
 * same ecosystem, name and version); returns the count. */
size_t session_findings(const struct session *s, unsigned node,
                        const struct finding **out);
/* Findings the registry rules give for the node's package at `newer` but
 * not at `older` (by rule id), as if each were pinned: the version diff's
 * "new in the later version".  Fills out (findings_fini); false without a
 * cache. */
bool session_findings_new_in(struct session *s, unsigned node, const char *older,
                             const char *newer, struct findings *out);
/* The registry side of the version diff from..to of the node's package
 * (pkgdiff.h), built in a from the cache; a release's missing
 * requirements are asked for once per pair (unless the session is
 * offline) in a job of the session's (pkgdiff_docs_job_ops), whose end
 * reports JOB_CHANGED_RECORDS: build it again then.  False without a
 * cache record. */
struct pkgdiff_meta;
bool session_pkgdiff_meta(struct session *s, unsigned node, const char *from, const char *to,
                          struct arena *a, struct pkgdiff_meta *out);
/* The most severe finding's severity, or -1 when there is none. */
int session_worst(const struct session *s, unsigned node);
/* Findings about lockfiles themselves (loose pins, extra index). */
size_t session_lockfile_findings(const struct session *s, const struct finding **out);

struct session_counts {
    size_t packages;          /* registry packages (ecosystem, name, version) */
    size_t unreviewed;        /* of those, not reviewed for safe-to-run */
    unsigned findings[SEV_COUNT];
};
void session_counts(const struct session *s, struct session_counts *out);

/* ---- refreshing from an event loop ------------------------------------------ */

/* Starts the whole refresh (engine/refresh_pipeline.h: records, popular
 * lists, advisories, saved findings, as `depvet refresh` does) for node's
 * package (its pinned version), or every package when node is GRAPH_NONE,
 * asking only for facts past their time-to-live unless force.  It is a job
 * of the session's (session_poll_fds, session_dispatch; its end event
 * carries a status line) and writes through its own cache connection,
 * creating the cache when there was none.  False
 * with d set when it cannot start (offline, already refreshing, nothing to
 * ask, bad config). */
bool session_refresh_start(struct session *s, unsigned node, bool force, int64_t now,
                           struct diag *d);
/* The same for the packages of one lockfile (graph.lockfiles index). */
bool session_refresh_lockfile_start(struct session *s, unsigned lockfile, bool force,
                                    int64_t now, struct diag *d);
bool session_refreshing(const struct session *s);
/* Descriptors to wait on with the caller's own, and the longest wait. */
int session_refresh_poll_fds(struct session *s, struct pollfd *fds, int max,
                             int *timeout_ms);
/* Moves the refresh on without blocking.  True once it has finished: out
 * is filled (refresh_summary_fini), and the records and findings are stale
 * until session_findings_start's worker has read them again. */
bool session_refresh_step(struct session *s, struct refresh_summary *out);
/* Packages finished so far, of *total. */
unsigned session_refresh_progress(const struct session *s, unsigned *total);
/* Stops a refresh part-way (Esc): what was asked and not yet answered is
 * dropped; the packages already written stay (each is written whole or
 * not at all).  False when none was running; else out is filled as at the
 * end, and the findings are stale as after session_refresh_step. */
bool session_refresh_cancel(struct session *s, struct refresh_summary *out);
/* Stops the work a user may stop (Esc: a refresh) and describes its end
 * in ev as session_dispatch would (the findings are read again on a later
 * dispatch).  False when nothing of that kind runs. */
bool session_stop(struct session *s, struct job_event *ev);

/* ---- every job, from one event loop -------------------------------------- */

/* Hands a job to the session (it owns state from now on; see jobs.h). */
void session_jobs_add(struct session *s, const struct job_ops *ops, void *state);
/* Whether any job of the set runs (session_refresh_step steps them all),
 * and the job_change bits of the ones that ended there since the last
 * take: a frontend stepping the set that way redraws on them. */
bool session_jobs_running(const struct session *s);
unsigned session_take_job_changes(struct session *s);
/* Whether a job of that kind runs. */
bool session_job_running(const struct session *s, const struct job_ops *ops);
/* Whether any job runs. */
bool session_busy(const struct session *s);
/* Every running job's descriptors (at most max), and the longest wait;
 * a frontend polls them together with its own. */
int session_poll_fds(struct session *s, struct pollfd *fds, int max, int *timeout_ms);
/* Moves every job on without blocking; fills up to max events (a job
 * ended, made progress) and returns how many.  The session's own jobs
 * hand their results to the session; ctx of a job added with
 * session_jobs_add is the session. */
size_t session_dispatch(struct session *s, struct job_event *ev, size_t max);

/* ---- the source diff, in a worker thread ------------------------------------ */

/* Starts comparing the archives of node's package at versions from and to
 * (stored ones are used as they are; others are downloaded and verified
 * unless the session is offline; when from is the node's pin, the
 * lockfile's digests are checked too).  Returns a descriptor that becomes
 * readable when it is done (poll it, then session_srcdiff_finish), or -1
 * with d set (one is running already, not a registry package, no thread). */
int session_srcdiff_start(struct session *s, unsigned node, const char *from,
                          const char *to, struct diag *d);
bool session_srcdiff_running(const struct session *s);
/* Takes the result in: out->ok with out->diff (the caller frees it with
 * srcdiff_free), else out->diag says why and out->mismatch tells a digest
 * mismatch.  out->node is the node asked about.  False when none ran. */
struct session_srcdiff {
    unsigned node;
    struct diffjob_result r;
};
bool session_srcdiff_finish(struct session *s, struct session_srcdiff *out);

/* ---- reviews -------------------------------------------------------------- */

/* The strongest criteria the node's pinned version is reviewed for (by a
 * full review or a delta chain), 0 when not reviewed. */
int session_review(const struct session *s, unsigned node);
/* Whether that review is a delta chain rather than a full review. */
bool session_review_by_delta(const struct session *s, unsigned node);
const struct audits *session_audits(const struct session *s);
/* The path of .depvet/NAME for a project folder or a lockfile in it
 * (heap, caller frees). */
char *session_project_file(const char *project, const char *name);
const char *session_audits_path(const struct session *s);
/* Records a review of the node's pinned version and saves the file (atomic);
 * on failure nothing changes, on disk or in memory. */
bool session_review_add(struct session *s, unsigned node, enum audit_criteria c,
                        enum audit_kind kind, const char *from, const char *note,
                        struct diag *d);
/* Removes the node's reviews (both criteria); false with d untouched when
 * there were none. */
bool session_review_remove(struct session *s, unsigned node, struct diag *d);
/* Puts back the reviews as they were before the last removal and saves
 * them; false with d untouched when there is nothing to undo. */
bool session_review_undo(struct session *s, struct diag *d);
/* The reviewer new reviews name: git's user.name <user.email> for the
 * project's folder, asked once; "" when git has none ($DEPVET_REVIEWER is
 * then used). */
const char *session_git_reviewer(struct session *s);
/* The same for a folder without a session (depvet review): the engine
 * reads git's configuration and hands the name to the reviews. */
void session_git_reviewer_of(const char *dir, char *out, size_t n);
/* Versions of the node's package with a review for criteria c, other than
 * the pinned one (delta sources), newest entries last; caller frees the
 * array (strings belong to the session until the next change). */
size_t session_reviewed_versions(const struct session *s, unsigned node,
                                 enum audit_criteria c, const char ***out);

/* ---- the review policy ---------------------------------------------------- */

/* What `depvet check` concludes about the node's pin (engine/policystate:
 * the same evaluation): reviewed, exempted until, trusted, covered by an
 * import, or the criteria it needs.  False (out zeroed) until the findings
 * are in, and for nodes that are no registry pin.  Imports count through
 * the cache's copies that imports.lock pins (none is fetched). */
bool session_policy(const struct session *s, unsigned node, struct pin_policy *out);
/* The policy's findings about the node (unreviewed with the cheapest
 * delta, no-facts, cooldown); they are not among session_findings. */
size_t session_policy_findings(const struct session *s, unsigned node, const struct finding **out);
/* The node's findings an ack moved aside (evidence: by whom and why). */
size_t session_acked(const struct session *s, unsigned node, const struct finding **out);
/* The lockfiles' own findings an ack moved aside (f->lockfile says whose). */
size_t session_lockfile_acked(const struct session *s, const struct finding **out);
void session_policy_counts(const struct session *s, struct policy_counts *out);
/* What check would print as coverage. */
const struct coverage *session_coverage(const struct session *s);
/* Why other teams' reviews do not count ("" when they do or there are none). */
const char *session_imports_note(const struct session *s);
/* Writes an [[ack]] of finding f (one of session_findings or
 * session_policy_findings of node, or with node GRAPH_NONE one of
 * session_lockfile_findings) with reason and expires ("" or NULL: never;
 * "YYYY-MM-DD"): rule, package@version, and for a scanner hit its file and
 * the line's SHA-256; for a lockfile's finding the lockfile's path in the
 * project and the digest of its subject.  Saved atomically; on failure (a
 * bad date, a symlinked .depvet) nothing changes and d says why. */
bool session_ack_add(struct session *s, unsigned node, const struct finding *f,
                     const char *reason, const char *expires, struct diag *d);

/* Reads audits.toml (and config.toml's policy and imports, imports.lock)
 * again when one changed on disk since it was read or written here (one
 * stat each: inode, size, times).  Returns 0 when none did, the
 * SESSION_RELOAD_* bits read, or SESSION_RELOAD_FAILED with d set
 * (file:line:col) when one is malformed: the last good state stays, and
 * the broken file is not reported again until it changes. */
#define SESSION_RELOAD_NONE 0
#define SESSION_RELOAD_REVIEWS 1
#define SESSION_RELOAD_CONFIG 2
#define SESSION_RELOAD_FAILED (-1)
int session_reload_check(struct session *s, struct diag *d);

#endif
