/* Shared by archive.c and archive_inflate.c; not a public surface. */
#ifndef DEPVET_ANALYSIS_ARCHIVE_PRIV_H
#define DEPVET_ANALYSIS_ARCHIVE_PRIV_H

#include <stddef.h>

#include "depvet/analysis/archive.h"

/* The bytes of a single-member gzip stream in one block of arena a, or
 * NULL when they are not that or not believable within the caps (whose
 * total and ratio the bytes then cannot pass either). */
unsigned char *archive_inflate_gzip(const void *buf, size_t len, const struct archive_caps *caps,
                                    struct arena *a, size_t *out_len);

#endif
