/* pylock.toml reader (see reader.h for the contract). */
#ifndef DEPVET_LOCK_PYLOCK_H
#define DEPVET_LOCK_PYLOCK_H

#include "depvet/lock/reader.h"

bool pylock_read(struct dep_graph *g, const char *path,
                 const char *buf, size_t len, struct diag *d);
bool pylock_sniff(const char *buf, size_t len);

#endif
