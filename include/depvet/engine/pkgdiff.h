/* A version diff as the frontends ask for it: which two versions (by
 * default the one the project pins and the newest stable release), their
 * archives (stored, or fetched and verified now), and the comparison. */
#ifndef DEPVET_ENGINE_PKGDIFF_H
#define DEPVET_ENGINE_PKGDIFF_H

#include <stdbool.h>
#include <stdint.h>

#include "depvet/analysis/scanner.h"
#include "depvet/analysis/srcdiff.h"
#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/engine/config.h"
#include "depvet/lock/graph.h"

struct pkgdiff_request {
    enum ecosystem eco;
    const char *name;
    const char *from;         /* NULL: the version the project pins */
    const char *to;           /* NULL: newest, neither pre-release nor retired/yanked */
    bool allowed;             /* with to NULL: the newest such release that every
                               * requirement on the pinned package allows and
                               * the policy's cooldown (min_release_age) lets by */
    const char *project;      /* where the pin is read (NULL: ".") */
    const char *cache_dir;    /* NULL: the XDG default */
    bool offline;             /* cache and stored archives only */
    struct srcdiff_options diff;
    int64_t now;
    /* Optional: the graph the caller already holds (read-only for the
     * call) and the node whose pinned version is `from`; its archive is
     * then checked against the lockfile's digests too. */
    const struct dep_graph *graph;
    unsigned node;
};

struct pkgdiff_result {
    const char *from, *to;    /* the versions compared (in the caller's arena) */
    struct srcdiff *diff;     /* caller frees with srcdiff_free */
    bool mismatch;            /* an archive failed its digest check */
    unsigned in_cooldown;     /* allowed: releases held back by the cooldown */
    /* With neither FROM nor TO given, a pin newer than every good release
     * (yanked, retired, a pre-release) is compared from the nearest good
     * release to the pin (pin_is_to), and note says so in one sentence;
     * otherwise note is NULL. */
    const char *note;
    bool pin_is_to;
    /* The scanner's hits in `to` that `from` does not have (same rule,
     * file and excerpt), in the caller's arena; scanned is false when the
     * rules could not be read (scan_error says why). */
    const struct scan_hit *new_hits;
    size_t n_new_hits;
    bool scanned;
    char scan_error[320];
};

/* False with d set when a version cannot be chosen or an archive is
 * missing, mismatching (out->mismatch) or unreadable. */
bool pkgdiff_run(const struct pkgdiff_request *q, const struct engine_config *cfg,
                 struct arena *a, struct pkgdiff_result *out, struct diag *d);
/* Two local archive files, compared and scanned as pkgdiff_run does: the
 * ecosystem is q->eco (ECO_UNKNOWN: guessed from each archive's files),
 * scans are cached in q->cache_dir when that cache exists; q's other
 * fields are not read.  out->from and out->to are the two paths. */
bool pkgdiff_files(const struct pkgdiff_request *q, const char *old_path, const char *new_path,
                   struct arena *a, struct pkgdiff_result *out, struct diag *d);

#endif
