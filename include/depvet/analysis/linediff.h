/* A line diff of two texts in memory, its hunks written as git and
 * libgit2 write them.  The algorithm is the one of git's xdiff (which
 * libgit2 carries): lines hashed into equivalence classes, the common
 * first and last lines trimmed, lines with no match on the other side
 * (and runs of lines matching too often among them) left out of the
 * search, Myers' middle-snake search with xdiff's cost heuristics, then
 * change groups slid to line up with the other side's; so for the same
 * two texts the hunks are the same bytes as libgit2's without its patch
 * object (every line a record) in between.  Lines end at '\n' (a final
 * line without one is a line); bytes are compared as they are. */
#ifndef DEPVET_ANALYSIS_LINEDIFF_H
#define DEPVET_ANALYSIS_LINEDIFF_H

#include <stdbool.h>
#include <stddef.h>

/* Where hunk text goes, in pieces of up to 64 KiB. */
struct linediff_sink {
    void (*write)(void *priv, const char *p, size_t n);
    void *priv;
};

struct linediff_counts {
    size_t added, removed;   /* lines */
};

/* Compares a (older) with b (newer).  With out non-NULL the hunks are
 * written ("@@ -1,3 +1,4 @@ funcname" headers, ' ', '-', '+' lines,
 * "\ No newline at end of file" after a final line without one) with
 * `context` lines around changes, hunks closer than twice that merged.
 * False when memory ran out or a text is 2 GiB or more (counts then
 * unset). */
bool linediff_run(const void *a, size_t a_len, const void *b, size_t b_len, unsigned context,
                  const struct linediff_sink *out, struct linediff_counts *counts);

#endif
