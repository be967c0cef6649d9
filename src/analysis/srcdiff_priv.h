/* Shared between srcdiff.c (file comparison) and srcdiff_meta.c
 * (metadata facts); not a public surface. */
#ifndef DEPVET_ANALYSIS_SRCDIFF_PRIV_H
#define DEPVET_ANALYSIS_SRCDIFF_PRIV_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "depvet/analysis/hex_tarball.h"
#include "depvet/analysis/srcdiff.h"

/* One file of a side, its path with the common top folder left out. */
struct srcdiff_entry {
    const char *path;
    const char *key;               /* what pairs files across versions */
    const unsigned char *data;     /* NULL when not kept */
    uint64_t size;
    uint64_t hash;                 /* FNV-1a of the data, for rename pairing
                                    * (set only on files unpaired by path) */
    int state;                     /* pairing state, srcdiff.c's business */
};

/* Appends to out (arena a) the metadata facts that differ between the two
 * sides; hex tarballs are NULL for other ecosystems. */
struct srcdiff_meta_vec {
    struct srcdiff_meta *items;
    size_t len, cap;
};
void srcdiff_meta_compare(struct arena *a, const struct hex_tarball *old_hex,
                          const struct srcdiff_entry *old_e, size_t old_n,
                          const struct hex_tarball *new_hex,
                          const struct srcdiff_entry *new_e, size_t new_n,
                          struct srcdiff_meta_vec *out);

/* Patches written to unlinked temporary files, one file a writer thread
 * (srcdiff_spool.c). */
struct srcdiff_spool *srcdiff_spool_new(unsigned parts);   /* NULL: none could be made */
FILE *srcdiff_spool_writer(struct srcdiff_spool *sp, unsigned part);   /* part from 1 */
bool srcdiff_spool_flush(struct srcdiff_spool *sp);   /* false: a write failed */
const char *srcdiff_spool_read(struct srcdiff_spool *sp, unsigned part, uint64_t at, size_t len);
void srcdiff_spool_free(struct srcdiff_spool *sp);   /* accepts NULL */

#endif
