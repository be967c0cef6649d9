/* rebar.lock (Erlang): lock versions 1.0 (a bare list), "1.1.0" and
 * "1.2.0" (a versioned tuple and a hash section with pkg_hash and
 * pkg_hash_ext).  It records levels, not edges: the graph is flat and
 * level 0 entries are direct. */
#ifndef DEPVET_LOCK_REBAR_LOCK_H
#define DEPVET_LOCK_REBAR_LOCK_H

#include "depvet/lock/reader.h"

bool rebar_lock_read(struct dep_graph *g, const char *path, const char *buf,
                     size_t len, struct diag *d);
bool rebar_lock_sniff(const char *buf, size_t len);

#endif
