/* The typosquat fixtures' line files (popular lists, labels): read whole,
 * comments and empty lines left out.  Shared by the evaluation test and
 * tests/eval/typosquat_eval.c. */
#ifndef DEPVET_TESTS_FIXTURE_LINES_H
#define DEPVET_TESTS_FIXTURE_LINES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/diag.h"
#include "depvet/core/fileio.h"

struct lines {
    char *buf;
    char **line;
    size_t n;
};

/* dir/name's non-comment, non-empty lines; false (d set) when unreadable. */
static inline bool lines_read_at(const char *dir, const char *name, struct lines *out,
                                 struct diag *d)
{
    char path[4096];
    size_t len;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    memset(out, 0, sizeof(*out));
    out->buf = file_read(path, FILEIO_DEFAULT_MAX, &len, d);
    if (!out->buf)
        return false;
    out->line = calloc(len + 1, sizeof(*out->line));
    for (char *p = out->buf, *nl; p && *p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (*p && *p != '#')
            out->line[out->n++] = p;
    }
    return true;
}

static inline void lines_free(struct lines *l)
{
    free(l->line);
    free(l->buf);
}

/* Splits "a\tb\tc" in place into at most max fields. */
static inline int fields(char *line, char **f, int max)
{
    int n = 0;
    for (char *p = line; p && n < max; n++) {
        f[n] = p;
        p = strchr(p, '\t');
        if (p)
            *p++ = '\0';
    }
    return n;
}

#endif
