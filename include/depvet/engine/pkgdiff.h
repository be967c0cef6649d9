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
#include "depvet/engine/reputation.h"
#include "depvet/store/db.h"

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

/* The registry side of a version diff (what the release records say,
 * beside the archives): every string raw, in the caller's arena. */
struct pkgdiff_dep_change {
    char op;                  /* '+' added, '-' removed, '~' requirement changed */
    const char *name;
    const char *old_req, *new_req;   /* NULL on the side without it */
    bool optional;            /* optional where it is (npm optional, Hex optional: true) */
};

struct pkgdiff_script_change {   /* npm install scripts; Hex build tools */
    const char *what;         /* "postinstall", ..., or "build tools" */
    const char *old_value, *new_value;   /* NULL: none */
};

struct pkgdiff_advisory {
    const char *id;           /* with its aliases after it: "GHSA-..., CVE-..." */
    const char *summary;      /* may be NULL */
    const char *severity;     /* "low" .. "critical", or NULL */
    const char *fixed_in;     /* the next fixed version, or NULL */
};

struct pkgdiff_meta {
    bool have_deps;           /* both releases' requirements are known */
    const char *deps_note;    /* why not, or NULL */
    const struct pkgdiff_dep_change *deps;
    size_t n_deps;
    const char *old_publisher, *new_publisher;   /* NULL: unknown */
    bool publisher_changed;   /* both known and different */
    const struct owner_event *owners;   /* owner changes after from's release
                                         * up to to's (reputation.h) */
    size_t n_owners;
    bool owners_known;        /* some owner history is held */
    const struct pkgdiff_script_change *scripts;
    size_t n_scripts;
    bool have_advisories;     /* the cache's advisories were read */
    const struct pkgdiff_advisory *fixed, *introduced;   /* affect from, not to; and back */
    size_t n_fixed, n_introduced;
    int64_t to_published;     /* 0 unknown */
    int64_t min_release_age;  /* the policy's cooldown, 0 none */
    bool to_cooling;          /* to is younger than the cooldown */
};

/* Builds out from the cache st (the package record, its owner history,
 * advisories); a release record without requirements is completed from
 * the release's own document (reldoc.h: fetched unless offline and kept
 * in the cache).  False with d set only when the package is not cached. */
bool pkgdiff_meta_build(struct store *st, const struct engine_config *cfg, enum ecosystem eco,
                        const char *name, const char *from, const char *to, bool offline,
                        int64_t now, struct arena *a, struct pkgdiff_meta *out, struct diag *d);

/* pkgdiff_meta_build's online part as a job (jobs.h) on a thread with a
 * cache connection of its own (inputs copied): the release documents
 * still missing land in the response cache, and its end reports
 * JOB_CHANGED_RECORDS, so a frontend builds the diff again offline.
 * NULL with d set when no thread could be started. */
struct job_ops;
extern const struct job_ops pkgdiff_docs_job_ops;
void *pkgdiff_docs_job_start(const struct engine_config *cfg, const char *cache_dir,
                             enum ecosystem eco, const char *name, const char *from,
                             const char *to, int64_t now, struct diag *d);

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
    /* The registry side; have_meta false (meta_error says why) when the
     * package's record could not be read. */
    struct pkgdiff_meta meta;
    bool have_meta;
    char meta_error[320];
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
