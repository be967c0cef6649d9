/* What the lockfile says about a dependency that comes from no registry
 * (git, a folder, an archive URL): where from, which commit, and whether
 * that pins its contents.  Facts and their words for the reputation pane;
 * nothing is fetched. */
#ifndef DEPVET_ENGINE_SRCDEP_H
#define DEPVET_ENGINE_SRCDEP_H

#include <stdbool.h>

#include "depvet/lock/graph.h"

struct srcdep_facts {
    const char *kind;        /* "git", "path", "url"; NULL for a registry package */
    const char *where;       /* the repository URL, folder or archive URL, or NULL */
    const char *commit;      /* the lockfile's commit or ref (git), or NULL */
    const char *requested;   /* "branch main", "tag v1.0" as asked, or NULL */
    bool pinned;             /* the lockfile fixes the contents */
    const char *why;         /* the words for pinned */
};

/* False (f->kind NULL) for a registry package. */
bool srcdep_describe(const struct dep_node *n, struct srcdep_facts *f);

#endif
