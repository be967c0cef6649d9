/* Shared between typosquat.c (rules) and typosquat_edit.c (edit distance
 * and its deletion-neighbourhood index); not a public header. */
#ifndef DEPVET_ANALYSIS_TYPOSQUAT_PRIV_H
#define DEPVET_ANALYSIS_TYPOSQUAT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest name considered at all (npm caps names at 214 bytes). */
#define TYPOSQUAT_NAME_MAX 256

static inline bool typosquat_is_sep(char c)
{
    return c == '-' || c == '_' || c == '.' || c == '/' || c == '@' || c == ' ';
}

/* Static hash table from every string within maxdel deletions of a popular
 * name to that name's id: two names within edit distance k share such a
 * string, so a check looks up its own deletions instead of comparing with
 * every popular name.  Filled with _add, then _freeze, then read-only. */
struct typosquat_deltab {
    struct typosquat_del { uint32_t h, id; } *e;
    uint32_t *off;      /* bucket b holds e[off[b] .. off[b + 1]) */
    size_t len, cap, nbuckets;
};

void typosquat_edit_add(struct typosquat_deltab *t, const char *s, size_t n,
                        int maxdel, uint32_t id);
void typosquat_edit_freeze(struct typosquat_deltab *t);
void typosquat_edit_fini(struct typosquat_deltab *t);

/* Ids (< limit) sharing a deletion string with s; sorted, without repeats.
 * Caller frees *ids. */
size_t typosquat_edit_candidates(const struct typosquat_deltab *t, const char *s,
                                 size_t n, int maxdel, uint32_t limit,
                                 uint32_t **ids);

/* Optimal string alignment distance, or limit + 1 once past limit. */
size_t typosquat_edit_distance(const char *a, size_t n, const char *b, size_t m,
                               size_t limit);
/* What the single edit from target t to candidate c is: "missing 's'". */
void typosquat_edit_why(const char *c, size_t n, const char *t, size_t m,
                        char *out, size_t outlen);
/* True when c is t with one letter replaced by another that is neither
 * its neighbouring key nor a letter spelt or seen in its place (see the
 * .c's sound_alike_table): another word more often than a slip. */
bool typosquat_edit_far_substitution(const char *c, size_t n, const char *t, size_t m);
/* True when a and b are neighbouring keys of a QWERTY keyboard. */
bool typosquat_keys_adjacent(char a, char b);
/* True when the d edits from t to c make another package of a family rather
 * than a typo (see the .c for the cases). */
bool typosquat_edit_is_family(const char *c, size_t n, const char *t, size_t m,
                              size_t d);

#endif
