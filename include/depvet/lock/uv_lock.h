/* uv.lock reader (see reader.h for the contract). */
#ifndef DEPVET_LOCK_UV_LOCK_H
#define DEPVET_LOCK_UV_LOCK_H

#include "depvet/lock/reader.h"

bool uv_lock_read(struct dep_graph *g, const char *path,
                  const char *buf, size_t len, struct diag *d);
bool uv_lock_sniff(const char *buf, size_t len);

#endif
