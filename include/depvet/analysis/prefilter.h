/* The scanner's multi-pattern prefilter: the required literals of every
 * rule pattern (literals.h) found in one pass over a file by vectorscan,
 * so PCRE2 runs only where a pattern's literal occurs.  Only this file and
 * prefilter.c know vectorscan.
 *
 * Built once per rule set, with one database per lexical view (code, bare,
 * raw); a file read as plain text is scanned with each of them.  A built
 * prefilter is read-only and shared by threads; each thread scans with its
 * own scratch.
 *
 *   pf = prefilter_build(entries, n, n_ids, &d);     // rules_finish does it
 *   s = prefilter_scratch_new(pf);
 *   prefilter_next_file(s);
 *   prefilter_scan(pf, PREFILTER_DB_ALL, text, len, s);
 *   ends = prefilter_ends(s, id, &n);    // where id's literal ended
 */
#ifndef DEPVET_ANALYSIS_PREFILTER_H
#define DEPVET_ANALYSIS_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/analysis/literals.h"
#include "depvet/core/diag.h"

#define PREFILTER_MAX_ENDS 1000000   /* occurrences kept per pattern and file */

/* Databases: one per view (enum rules_view order); ALL scans with each. */
enum { PREFILTER_DB_CODE, PREFILTER_DB_BARE, PREFILTER_DB_RAW, PREFILTER_DB_ALL,
       PREFILTER_DB_COUNT };

struct prefilter_entry {
    unsigned id;                       /* the pattern, 0 .. n_ids - 1 */
    unsigned db;                       /* its view's database */
    const struct literal_factor *f;
};

struct prefilter;
struct prefilter_scratch;

/* Does vectorscan take f (a guard expression may be one it refuses)?  A
 * pattern whose factor it does not take is matched everywhere. */
bool prefilter_factor_ok(const struct literal_factor *f);

/* NULL (d set) when vectorscan cannot run here or rejects the set; the
 * scanner then matches every pattern everywhere, as without a prefilter.
 * cache_dir (NULL: none) keeps the compiled databases (compiling them is
 * most of a scan's start-up): a file there named by a SHA-256 of
 * vectorscan's version, this CPU's platform and every expression is
 * loaded when whole (its own SHA-256 checks) and vectorscan takes it back,
 * else the databases are compiled and the file written atomically; a
 * folder that cannot be written only means compiling each time. */
struct prefilter *prefilter_build(const struct prefilter_entry *e, size_t n, unsigned n_ids,
                                  const char *cache_dir, struct diag *d);
/* Were its databases loaded from the cache folder? */
bool prefilter_from_cache(const struct prefilter *pf);
void prefilter_free(struct prefilter *pf);   /* accepts NULL */
/* Patterns compiled into the databases. */
size_t prefilter_count(const struct prefilter *pf);

struct prefilter_scratch *prefilter_scratch_new(const struct prefilter *pf);
void prefilter_scratch_free(struct prefilter_scratch *s);   /* accepts NULL */

/* Forgets the occurrences of the previous file. */
void prefilter_next_file(struct prefilter_scratch *s);
/* Records the occurrences of db's literals in text[0..len).  False when
 * vectorscan failed: then nothing of this file may be trusted. */
bool prefilter_scan(const struct prefilter *pf, unsigned db, const char *text, size_t len,
                    struct prefilter_scratch *s);
/* End offsets (sorted) of id's literals in this file's scans; NULL with
 * *n = 0 when there were none, and NULL with *n = SIZE_MAX when too many
 * to keep (search everywhere). */
const size_t *prefilter_ends(struct prefilter_scratch *s, unsigned id, size_t *n);

#endif
