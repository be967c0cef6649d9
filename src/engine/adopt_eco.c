/* What each ecosystem installs of a release's requirements (adopt.h). */
#include <stdio.h>
#include <string.h>

#include "adopt_priv.h"
#include "depvet/core/version.h"

bool adopt_req_allows(enum ecosystem eco, const char *req, const char *v)
{
    if (!req || !req[0] || strcmp(req, "*") == 0 || (eco == ECO_NPM && strcmp(req, "latest") == 0))
        return true;
    return version_satisfies(eco, req, v);
}

/* npm: dependencies and optionalDependencies, never dev; peers as npm 7+
 * installs them (one copy beside the package, unless the tree or the
 * project has one), optional peers only when something else brings them. */
static void npm_wants(struct adopt_ctx *c, unsigned node, const struct reg_release *r)
{
    for (size_t i = 0; i < r->n_deps; i++) {
        const struct reg_dep *d = &r->deps[i];
        const char *req = d->requirement ? d->requirement : "";
        if (!d->name)
            continue;
        if (d->kind == REG_DEP_DEV)
            adopt_skip(c, node, d->name, d->requirement, "a development dependency");
        else if (d->kind == REG_DEP_PEER && d->optional)
            adopt_skip(c, node, d->name, d->requirement,
                       "an optional peer dependency: installed only when the project has it");
        else if (d->kind == REG_DEP_PEER)
            adopt_want_peer(c, node, d->name, req);
        else
            adopt_want_add(c, node, d->name, req, NULL,
                           d->kind == REG_DEP_OPTIONAL || d->optional);
    }
}

static bool npm_deps_in_package(const struct reg_package *p, const struct reg_release *r)
{
    return true;   /* the packument lists every version's */
}

/* Whether marker m holds for the environment with one of the extras
 * asked for (comma-separated), or with none. */
static bool marker_holds(const struct adopt_ctx *c, const struct pep508_marker *m,
                         const char *extras)
{
    if (pep508_marker_eval(m, &c->env, NULL))
        return true;
    char one[128];
    for (const char *p = extras; p && *p;) {
        size_t n = strcspn(p, ",");
        snprintf(one, sizeof(one), "%.*s", (int)(n < sizeof(one) ? n : sizeof(one) - 1), p);
        if (one[0] && pep508_marker_eval(m, &c->env, one))
            return true;
        p += n + (p[n] == ',');
    }
    return false;
}

static const char *join_extras(struct arena *a, const struct pep508_req *r)
{
    if (!r->nextras)
        return NULL;
    const char *s = r->extras[0];
    for (size_t i = 1; i < r->nextras; i++)
        s = arena_printf(a, "%s,%s", s, r->extras[i]);
    return s;
}

/* PyPI: requires_dist whose markers hold for the project's environment
 * and the node's extras. */
static void pypi_wants(struct adopt_ctx *c, unsigned node, const struct reg_release *r)
{
    const char *extras = c->out->nodes.items[node].extras;
    for (size_t i = 0; i < r->n_deps; i++) {
        const struct reg_dep *d = &r->deps[i];
        const char *raw = d->raw ? d->raw : d->name;
        struct pep508_req *pr;
        if (!raw || !pep508_parse(c->a, raw, strlen(raw), &pr, NULL)) {
            adopt_skip(c, node, d->name ? d->name : "?", raw, "not a PEP 508 requirement");
            continue;
        }
        if (pr->url) {
            adopt_skip(c, node, pr->name, pr->url, "a direct URL, not a registry release");
            continue;
        }
        if (pr->marker && !marker_holds(c, pr->marker, extras)) {
            adopt_skip(c, node, pr->name, pr->specifier,
                       arena_printf(c->a, "marker '%s' is false for the project's environment%s",
                                    pr->marker_text, extras ? " and extras" : ""));
            continue;
        }
        adopt_want_add(c, node, pr->name, pr->specifier, join_extras(c->a, pr), false);
    }
}

/* The project document's record has requires_dist only for the shown
 * (latest) version. */
static bool pypi_deps_in_package(const struct reg_package *p, const struct reg_release *r)
{
    return p->latest_version && strcmp(p->latest_version, r->version) == 0;
}

/* Hex: every requirement, optional ones too (marked: mix fetches them
 * only when something else asks, so the reviewer sees both). */
static void hex_wants(struct adopt_ctx *c, unsigned node, const struct reg_release *r)
{
    for (size_t i = 0; i < r->n_deps; i++) {
        const struct reg_dep *d = &r->deps[i];
        if (d->name)
            adopt_want_add(c, node, d->name, d->requirement ? d->requirement : "", NULL,
                           d->optional);
    }
}

static bool hex_deps_in_package(const struct reg_package *p, const struct reg_release *r)
{
    return false;   /* /packages/NAME lists releases, not their requirements */
}

static const struct adopt_rules rules_table[] = {
    [ECO_HEX] = {true, hex_wants, hex_deps_in_package},
    [ECO_PYPI] = {true, pypi_wants, pypi_deps_in_package},
    [ECO_NPM] = {false, npm_wants, npm_deps_in_package},
};

const struct adopt_rules *adopt_rules_of(enum ecosystem eco)
{
    return eco == ECO_HEX || eco == ECO_PYPI || eco == ECO_NPM ? &rules_table[eco] : NULL;
}
