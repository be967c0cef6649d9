/* A baseline for `depvet check --baseline FILE`: the findings a previous
 * `depvet check --format json` reported (its acknowledged ones too), so
 * today's can be told apart from those already known.
 *
 * A finding is new when the baseline has none with the same key at the
 * same or a higher severity (a finding that got worse is new again).  The
 * key is the rule, and for a package's finding its ecosystem, normalised
 * name and version, and for a scanner hit the file in the package and the
 * SHA-256 of the line; for a lockfile's own finding (no package), the
 * lockfile's path relative to the project, which a baseline path matches
 * when it ends in it, so the baseline may come from another checkout.
 * Messages are not compared: they hold counts and ages that change by
 * themselves.  An upgraded pin's findings are new: the version is in the
 * key, as it is in a review. */
#ifndef DEPVET_ENGINE_BASELINE_H
#define DEPVET_ENGINE_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"
#include "depvet/engine/findings.h"
#include "depvet/lock/graph.h"

struct baseline;

/* text[0..len) as check's JSON ("schema": "depvet.check/1"); where names
 * it in diagnostics.  NULL with d set (line:col, or the JSON pointer of
 * the bad member) when it is not one. */
struct baseline *baseline_parse(const char *text, size_t len, const char *where,
                                struct diag *d);
/* The file at path (at most BASELINE_MAX_BYTES), parsed. */
#define BASELINE_MAX_BYTES (64u << 20)
struct baseline *baseline_read(const char *path, struct diag *d);
void baseline_free(struct baseline *b);   /* accepts NULL */

/* Findings the baseline holds. */
size_t baseline_count(const struct baseline *b);

/* is_new[i] (the caller's array, fs->items.len long) for each finding of
 * fs, which the graph g read from project; marks the baseline findings
 * they match.  Returns how many are new. */
size_t baseline_mark(struct baseline *b, const struct findings *fs, const struct dep_graph *g,
                     const char *project, bool *is_new);
/* Baseline findings that no finding marked so far matched: fixed, or
 * their package gone. */
size_t baseline_gone(const struct baseline *b);

/* A baseline finding as its JSON gave it (strings NULL where absent);
 * borrowed from the baseline. */
struct baseline_entry_view {
    const char *rule, *name, *version, *lockfile, *message, *path, *line_sha256;
    enum severity severity;
    enum ecosystem eco;        /* ECO_UNKNOWN for a lockfile's own finding */
};

/* The next baseline finding from *pos on (start at 0) that no finding
 * marked so far matched, in the baseline's key order; false past the
 * last.  What SARIF reports as baselineState "absent". */
bool baseline_gone_next(const struct baseline *b, size_t *pos, struct baseline_entry_view *out);

/* The lockfile of g (read from project) that e's lockfile path ends in,
 * as baseline matching compares them; SIZE_MAX when none. */
size_t baseline_entry_lockfile(const struct baseline_entry_view *e, const struct dep_graph *g,
                               const char *project);

/* check's findings and acknowledged findings marked against a baseline,
 * for the outputs. */
struct baseline_marks {
    bool *is_new;             /* per finding; NULL without a baseline */
    bool *acked_new;          /* per acknowledged finding; NULL likewise */
    size_t n_new;             /* new findings (acknowledged ones not counted) */
    size_t n_gone;            /* baseline findings matching none of either */
    size_t n_base;            /* findings in the baseline */
    const struct baseline *base;   /* borrowed, for baseline_gone_next; NULL likewise */
};

/* b NULL leaves *m empty (no baseline). */
void baseline_marks_build(struct baseline_marks *m, struct baseline *b,
                          const struct findings *fs, const struct findings *acked,
                          const struct dep_graph *g, const char *project);
void baseline_marks_fini(struct baseline_marks *m);

#endif
