/* Rules over a lockfile entry alone: loose pins, missing hashes, an extra
 * index that lets a public package shadow a private one. */
#include <string.h>

#include "depvet/engine/findings.h"

/* Formats that record hashes for every registry package. */
static const char *const hashed_format_table[] = {
    "mix.lock", "rebar.lock", "manifest.toml", "poetry.lock", "Pipfile.lock",
    "uv.lock", "pylock.toml", "package-lock.json", "npm-shrinkwrap.json", "bun.lock",
    "yarn.lock", "pdm.lock", "pnpm-lock.yaml", NULL,
};

static const struct lockfile_info *lockfile_of(const struct rule_ctx *c)
{
    return &c->in->g->lockfiles.items[c->node->lockfile];
}

static bool registry_package(const struct dep_node *n)
{
    return n->source == SOURCE_REGISTRY && !(n->flags & (DEP_PROJECT | DEP_LINK));
}

/* requirements.txt lines without an exact pin resolve to whatever is
 * newest on the day of the install. */
static void rule_loose_pin(struct rule_ctx *c)
{
    const struct dep_node *n = c->node;
    if (n->eco != ECO_PYPI || !registry_package(n) ||
        strcmp(lockfile_of(c)->format, "requirements.txt") != 0)
        return;
    const char *req = n->requirement ? n->requirement : "";
    if (n->version[0] && (strstr(req, "==") || !req[0]))
        return;
    rule_emit(c, "loose-pin", SEV_LOW, NULL, req[0] ? req : NULL,
              "not pinned to one version (%s)", req[0] ? req : "no version given");
}

static void rule_missing_hash(struct rule_ctx *c)
{
    const struct dep_node *n = c->node;
    if (!registry_package(n) || n->n_checksums)
        return;
    const char *fmt = lockfile_of(c)->format;
    bool hashed = false;
    for (size_t i = 0; hashed_format_table[i] && !hashed; i++)
        hashed = strcmp(fmt, hashed_format_table[i]) == 0;
    if (hashed)
        rule_emit(c, "missing-hash", SEV_LOW, NULL, NULL, "the %s entry has no checksum", fmt);
    else if (n->eco == ECO_PYPI && n->version[0])
        rule_emit(c, "missing-hash", SEV_INFO, NULL, NULL,
                  "no --hash: pip installs whatever file the index serves");
}

/* --extra-index-url: pip takes the highest version from any index, so a
 * public package can shadow a private one.  Said once per lockfile. */
static void rule_extra_index(struct rule_ctx *c)
{
    const struct lockfile_info *lf = lockfile_of(c);
    unsigned id = c->node->id;
    bool first_of_lockfile = id == 0 || c->in->g->nodes.items[id - 1].lockfile != c->node->lockfile;
    if (!lf->extra_index || !first_of_lockfile)
        return;
    const struct dep_node *keep = c->node;
    c->node = NULL;  /* a finding about the lockfile, not the package */
    rule_emit(c, "extra-index", SEV_MEDIUM, NULL, lf->n_index_urls ? lf->index_urls[lf->n_index_urls - 1] : NULL,
              "%s uses --extra-index-url: a public package can shadow a private one",
              lf->path);
    c->out->items.items[c->out->items.len - 1].lockfile = keep->lockfile;
    c->node = keep;
}

const struct rule_def rules_lockfile_table[] = {
    {"loose-pin", false, rule_loose_pin},
    {"missing-hash", false, rule_missing_hash},
    {"extra-index", false, rule_extra_index},
    {NULL, false, NULL},
};
