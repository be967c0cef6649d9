/* mix.lock (Elixir): a map of application name to a :hex, :git or :path
 * tuple.  Node names are Hex package names (they can differ from the
 * application key); edges follow the dependency lists by application.
 * Direct dependencies come from a mix.exs beside the lock when present. */
#ifndef DEPVET_LOCK_MIX_LOCK_H
#define DEPVET_LOCK_MIX_LOCK_H

#include "depvet/lock/reader.h"

bool mix_lock_read(struct dep_graph *g, const char *path, const char *buf,
                   size_t len, struct diag *d);
bool mix_lock_sniff(const char *buf, size_t len);

#endif
