/* deps.dev v3 package/version answers and v3alpha dependents counts. */
#include "depvet/registry/depsdev.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "depvet/core/strbuf.h"
#include "depvet/registry/regjson.h"
#include "depvet/registry/regurl.h"

static const struct {
    enum ecosystem eco;
    const char *path;   /* as written in URLs */
    const char *key;    /* as written in versionKey.system */
} depsdev_system_table[] = {
    {ECO_NPM, "npm", "NPM"},
    {ECO_PYPI, "pypi", "PYPI"},
};

#define NSYSTEMS (sizeof(depsdev_system_table) / sizeof(*depsdev_system_table))

const char *depsdev_system(enum ecosystem e)
{
    for (size_t i = 0; i < NSYSTEMS; i++)
        if (depsdev_system_table[i].eco == e)
            return depsdev_system_table[i].path;
    return NULL;
}

static enum ecosystem eco_of(const char *system)
{
    for (size_t i = 0; system && i < NSYSTEMS; i++)
        if (strcasecmp(depsdev_system_table[i].key, system) == 0)
            return depsdev_system_table[i].eco;
    return ECO_UNKNOWN;
}

char *depsdev_package_url(struct arena *a, const char *base, enum ecosystem eco,
                          const char *name)
{
    const char *sys = depsdev_system(eco);
    if (!sys)
        return NULL;
    return arena_printf(a, "%s/systems/%s/packages/%s", regurl_base(a, base), sys,
                        regurl_escape(a, name));
}

char *depsdev_version_url(struct arena *a, const char *base, enum ecosystem eco,
                          const char *name, const char *version)
{
    char *pkg = depsdev_package_url(a, base, eco, name);
    return pkg ? arena_printf(a, "%s/versions/%s", pkg, regurl_escape(a, version)) : NULL;
}

char *depsdev_dependents_url(struct arena *a, const char *alpha_base,
                             enum ecosystem eco, const char *name,
                             const char *version)
{
    char *v = depsdev_version_url(a, alpha_base, eco, name, version);
    return v ? arena_printf(a, "%s:dependents", v) : NULL;
}

/* versionKey {system, name, version}: the package identity. */
static const char *read_key(struct regjson *rj, const cJSON *obj, const char *key,
                            struct reg_package *p)
{
    char ptr[REGJSON_PTR];
    regjson_ptr(ptr, "", key);
    const cJSON *k = regjson_obj(rj, obj, key, "");
    p->eco = eco_of(regjson_str(rj, k, "system", ptr));
    p->name = regjson_str(rj, k, "name", ptr);
    return regjson_str(rj, k, "version", ptr);
}

static void read_status(struct regjson *rj, const cJSON *v, const char *ptr,
                        struct reg_release *r)
{
    r->published = regjson_time(rj, v, "publishedAt", ptr);
    r->deprecated = regjson_bool(rj, v, "isDeprecated", ptr, false);
    const char *why = regjson_str(rj, v, "deprecatedReason", ptr);
    if (why && *why)
        r->status_message = why;
}

static void read_package_answer(struct regjson *rj, const cJSON *root, struct reg_package *p)
{
    read_key(rj, root, "packageKey", p);
    const cJSON *vs = regjson_arr(rj, root, "versions", "");
    p->releases = regjson_alloc(rj, regjson_count(vs), sizeof(*p->releases));
    char kptr[REGJSON_PTR];
    for (struct regjson_each e = {.what = "a version object"};
         regjson_next(rj, vs, "/versions", &e);) {
        const cJSON *c = e.item;
        const char *ptr = e.ptr;
        regjson_ptr(kptr, ptr, "versionKey");
        struct reg_release *r = &p->releases[p->n_releases++];
        reg_release_init(r);
        r->version = regjson_str(rj, regjson_obj(rj, c, "versionKey", ptr),
                                 "version", kptr);
        read_status(rj, c, ptr, r);
        if (regjson_bool(rj, c, "isDefault", ptr, false))
            p->latest_version = r->version;
        if (r->published && (!p->created || r->published < p->created))
            p->created = r->published;
    }
}

bool depsdev_parse_package(struct arena *a, const char *url, const char *body,
                           size_t len, struct reg_package **out, struct diag *d)
{
    static const struct regjson_doc doc = {
        .eco = ECO_UNKNOWN, .expect_key = "packageKey", .package = read_package_answer};
    return regjson_read_doc(&(struct regjson){a, url, d}, body, len, &doc, out);
}

static const char *join(struct regjson *rj, const char **s, size_t n)
{
    if (!n)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        strbuf_puts(&sb, i ? ", " : "");
        strbuf_puts(&sb, s[i]);
    }
    const char *out = arena_strdup(rj->a, strbuf_str(&sb));
    strbuf_fini(&sb);
    return out;
}

static void read_links(struct regjson *rj, const cJSON *root, struct reg_package *p)
{
    const cJSON *arr = regjson_arr(rj, root, "links", "");
    p->links = regjson_alloc(rj, regjson_count(arr), sizeof(*p->links));
    for (struct regjson_each e = {.what = "a link object"}; regjson_next(rj, arr, "/links", &e);) {
        const cJSON *c = e.item;
        const char *ptr = e.ptr;
        struct reg_link *l = &p->links[p->n_links++];
        l->label = regjson_str(rj, c, "label", ptr);
        l->url = regjson_str(rj, c, "url", ptr);
        if (l->label && strcmp(l->label, "SOURCE_REPO") == 0 && !p->repository)
            p->repository = l->url;
    }
    p->homepage = reg_links_homepage(p->links, p->n_links);
}

/* relatedProjects[{projectKey{id}, relationType}]: SOURCE_REPO's id. */
static void read_projects(struct regjson *rj, const cJSON *root, struct reg_package *p)
{
    const cJSON *arr = regjson_arr(rj, root, "relatedProjects", "");
    char kptr[REGJSON_PTR];
    for (struct regjson_each e = {0}; regjson_next(rj, arr, "/relatedProjects", &e);) {
        const cJSON *c = e.item;
        const char *ptr = e.ptr;
        regjson_ptr(kptr, ptr, "projectKey");
        const char *type = regjson_str(rj, c, "relationType", ptr);
        const char *id = regjson_str(rj, regjson_obj(rj, c, "projectKey", ptr), "id", kptr);
        if (!p->repository && id && type && strcmp(type, "SOURCE_REPO") == 0)
            p->repository = arena_printf(rj->a, "https://%s", id);
    }
}

static void read_version_answer(struct regjson *rj, const cJSON *root, struct reg_package *p)
{
    struct reg_release *r = regjson_alloc(rj, 1, sizeof(*r));
    reg_release_init(r);
    r->version = read_key(rj, root, "versionKey", p);
    read_status(rj, root, "", r);
    size_t nl;
    const char **lic = regjson_str_list(rj, root, "licenses", "", &nl);
    r->license = p->license = join(rj, lic, nl);
    read_links(rj, root, p);
    read_projects(rj, root, p);
    if (regjson_bool(rj, root, "isDefault", "", false))
        p->latest_version = r->version;
    p->releases = r;
    p->n_releases = 1;
}

bool depsdev_parse_version(struct arena *a, const char *url, const char *body,
                           size_t len, struct reg_package **out, struct diag *d)
{
    static const struct regjson_doc doc = {
        .eco = ECO_UNKNOWN, .expect_key = "versionKey", .package = read_version_answer};
    return regjson_read_doc(&(struct regjson){a, url, d}, body, len, &doc, out);
}

/* A count written as a number or a decimal string. */
static void read_count(struct regjson *rj, const cJSON *obj, const char *key,
                       int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsString(v)) {
        char *end;
        long long n = strtoll(v->valuestring, &end, 10);
        char ptr[REGJSON_PTR];
        regjson_ptr(ptr, "", key);
        if (end == v->valuestring || *end || n < 0)
            regjson_fail(rj, ptr, "expected a count");
        else
            *out = n;
        return;
    }
    regjson_int(rj, obj, key, "", out);
}

static void read_dependents_answer(struct regjson *rj, const cJSON *root, struct reg_package *p)
{
    p->dependents = p->direct_dependents = 0;  /* proto3 JSON omits zeros */
    read_count(rj, root, "dependentCount", &p->dependents);
    read_count(rj, root, "directDependentCount", &p->direct_dependents);
}

bool depsdev_parse_dependents(struct arena *a, const char *url, const char *body,
                              size_t len, struct reg_package **out, struct diag *d)
{
    static const struct regjson_doc doc = {
        .eco = ECO_UNKNOWN, .expect_key = "dependentCount", .package = read_dependents_answer};
    return regjson_read_doc(&(struct regjson){a, url, d}, body, len, &doc, out);
}
