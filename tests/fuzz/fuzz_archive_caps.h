/* Caps small enough that each fuzz input stays fast. */
#ifndef DEPVET_FUZZ_ARCHIVE_CAPS_H
#define DEPVET_FUZZ_ARCHIVE_CAPS_H

#include "depvet/analysis/archive.h"

static inline void fuzz_archive_caps(struct archive_caps *caps, struct diag *d)
{
    diag_clear(d);
    archive_caps_default(caps);
    caps->max_entries = 2000;
    caps->max_file_size = 1u << 20;
    caps->max_total_size = 8u << 20;
}

#endif
