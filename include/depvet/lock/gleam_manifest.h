/* Gleam manifest.toml reader (see reader.h for the contract). */
#ifndef DEPVET_LOCK_GLEAM_MANIFEST_H
#define DEPVET_LOCK_GLEAM_MANIFEST_H

#include "depvet/lock/reader.h"

bool gleam_manifest_read(struct dep_graph *g, const char *path,
                         const char *buf, size_t len, struct diag *d);
bool gleam_manifest_sniff(const char *buf, size_t len);

#endif
