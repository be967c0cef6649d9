/* Source dependencies as the lockfile records them.  A git dependency is
 * pinned only by a full commit id: a branch or tag name, or an
 * abbreviated id, can come to mean other code. */
#include "depvet/engine/srcdep.h"

#include <ctype.h>
#include <string.h>

/* A full SHA-1 or SHA-256 commit id. */
static bool full_commit(const char *ref)
{
    size_t n = ref ? strlen(ref) : 0;
    if (n != 40 && n != 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)ref[i]))
            return false;
    return true;
}

static void describe_git(const struct dep_node *n, struct srcdep_facts *f)
{
    f->kind = "git";
    f->commit = n->git_ref && n->git_ref[0] ? n->git_ref : NULL;
    f->pinned = full_commit(f->commit);
    f->why = f->pinned   ? "yes: the lockfile records the full commit id"
             : f->commit ? "no: a branch, tag or short id, which can come to name other code"
                         : "no: no commit recorded; whatever the branch holds at install time";
}

bool srcdep_describe(const struct dep_node *n, struct srcdep_facts *f)
{
    memset(f, 0, sizeof(*f));
    if (n->source == SOURCE_REGISTRY)
        return false;
    f->where = n->source_url && n->source_url[0] ? n->source_url : NULL;
    f->requested = n->git_requested;
    switch (n->source) {
    case SOURCE_GIT:
        describe_git(n, f);
        break;
    case SOURCE_PATH:
        f->kind = "path";
        f->why = "no: a folder, read as it is at build time";
        break;
    case SOURCE_URL:
        f->kind = "url";
        f->pinned = n->n_checksums > 0;
        f->why = f->pinned ? "yes: the lockfile records the archive's checksum"
                           : "no: no checksum recorded for the archive";
        break;
    case SOURCE_REGISTRY:
        break;
    }
    return true;
}
