/* Release archives of a project's packages: where each one is downloaded
 * from (Hex repository tarball, the PyPI file the lockfile's hashes name or
 * the newest pure wheel, npm dist.tarball), which digests it must have
 * (the lockfile's, in their own algorithm, and the registry's from the
 * cache), and fetching them all through the HTTP engine into the
 * content-addressed store.  An archive that does not match is never stored
 * as the package: it becomes a critical "checksum-mismatch" finding. */
#ifndef DEPVET_ENGINE_ARCHIVES_H
#define DEPVET_ENGINE_ARCHIVES_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/engine/config.h"
#include "depvet/engine/findings.h"
#include "depvet/lock/graph.h"
#include "depvet/store/blobstore.h"
#include "depvet/store/db.h"

/* One digest the archive must have.  Expectations sharing a non-zero
 * any_of group pass when one of them matches (requirements.txt lists a
 * hash per distribution file, pip accepts any). */
struct archive_expect {
    const char *source;       /* "mix.lock outer checksum", "registry sha256" */
    const char *algo;         /* "sha256", "sha512", "sha1" */
    const char *value;        /* hex or base64, as written */
    bool hex_inner;           /* Hex inner checksum (of the tarball's parts) */
    unsigned any_of;
};

struct archive_ref {
    unsigned node;            /* graph node, GRAPH_NONE when not from a graph */
    enum ecosystem eco;
    const char *name, *version;
    const char *url;          /* NULL when skipped */
    const char *filename;     /* "plug-1.15.2.tar", "x-1.0-py3-none-any.whl" */
    const char *skipped;      /* why nothing is fetched, or NULL */
    const struct private_registry *priv;   /* config-owned, or NULL */
    struct archive_expect *expect;
    size_t n_expect;
};

/* Locates the archive of graph node `node`; st (the cache, may be NULL)
 * gives PyPI's file list and the registry's digests.  Strings in a.
 * Always fills *out; out->skipped says when it cannot be fetched. */
void archives_locate_node(struct arena *a, const struct dep_graph *g, unsigned node,
                          const struct engine_config *cfg, struct store *st,
                          struct archive_ref *out);
/* The same for a release named outright (no lockfile digests). */
void archives_locate_release(struct arena *a, enum ecosystem eco, const char *name,
                             const char *version, const struct engine_config *cfg,
                             struct store *st, struct archive_ref *out);

/* Checks data against every expectation.  Returns the number of failed
 * checks; *why (in a) describes the first, expected against got.
 * *checked counts the digests compared. */
size_t archives_verify(struct arena *a, const struct archive_ref *r, const void *data,
                       size_t len, const char **why, size_t *checked);

enum archive_status {
    ARCHIVES_FETCHED,          /* downloaded, verified, stored */
    ARCHIVES_CACHED,           /* already stored, verified again */
    ARCHIVES_SKIPPED,          /* not locatable (git, path, no cached files) */
    ARCHIVES_MISSING,          /* offline and not stored */
    ARCHIVES_FAILED,           /* download or storage failed */
    ARCHIVES_MISMATCH,         /* a digest differs: not stored */
    ARCHIVES_STATUS_COUNT
};

struct archive_result {
    enum archive_status status;
    unsigned char digest[BLOBSTORE_DIGEST];   /* SHA-256 when data was seen */
    bool have_digest;
    size_t size;
    size_t checked;           /* digests compared */
    const char *message;      /* failure or mismatch text, or NULL */
    const char *withheld_at;  /* a private package's archive asked without
                               * its token, "scheme://host:port" where (the
                               * URL, or a redirect, left the private
                               * registry's origin; "" none readable); NULL
                               * when the token went along or there is none */
};

struct archives_options {
    bool offline;             /* verify what is stored, download nothing */
    /* Called once per archive as it finishes (on the calling thread). */
    void (*progress)(void *ud, size_t done, size_t total, const struct archive_ref *r,
                     const struct archive_result *res);
    void *ud;
};

/* Fetches (or, offline, re-verifies) every ref; results[i] for refs[i],
 * strings in a.  False with d set only when nothing could be tried (the
 * HTTP engine did not start). */
bool archives_fetch(const struct archive_ref *refs, size_t n, const struct engine_config *cfg,
                    struct blobstore *bs, const struct archives_options *o, struct arena *a,
                    struct archive_result *results, struct diag *d);

/* Reads the stored archive of r (its package, version and file name;
 * heap, caller frees), found through the store's refs; NULL when not
 * stored or corrupt (d set then). */
void *archives_load(struct blobstore *bs, const struct archive_ref *r, size_t *len,
                    struct diag *d);

/* One critical "checksum-mismatch" finding per mismatching archive. */
void archives_findings(const struct archive_ref *refs, const struct archive_result *res,
                       size_t n, const struct dep_graph *g, struct findings *out);

/* "fetched", "cached", "skipped", "missing", "failed", "mismatch". */
const char *archive_status_name(enum archive_status s);

#endif
