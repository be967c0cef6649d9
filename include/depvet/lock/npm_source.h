/* What the npm-family lockfiles (package-lock.json, bun.lock, yarn.lock)
 * share: reading a version spec or resolved URL as a source, and SRI
 * integrity strings as checksums. */
#ifndef DEPVET_LOCK_NPM_SOURCE_H
#define DEPVET_LOCK_NPM_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/lock/graph.h"

struct npm_source {
    enum source_kind kind;
    const char *url;   /* points into the classified text; url_len bytes */
    size_t url_len;
    const char *ref;   /* after '#', or NULL */
};

/* A version spec (resolved false: "1.2.3", "github:u/r#sha", "file:../x")
 * or a `resolved` value (a registry tarball "/-/" URL is SOURCE_REGISTRY):
 * git prefixes (git+, git://, git@, github:, gitlab:, bitbucket:, gist:)
 * -> SOURCE_GIT with the ref after '#'; file: / link: -> SOURCE_PATH; other
 * http(s) URLs -> SOURCE_URL; a resolved value of another shape is a
 * folder (SOURCE_PATH). */
struct npm_source npm_source_classify(const char *s, bool resolved);
/* Sets node id's source, source_url and git_ref from sp. */
void npm_source_set(struct dep_graph *g, unsigned id, struct npm_source sp);
/* SRI "sha512-B64 sha1-B64[?opts]": one checksum per hash, algo lower case,
 * the value base64 as written. */
void npm_source_add_integrity(struct dep_graph *g, unsigned id, const char *sri);

#endif
