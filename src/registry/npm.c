/* npm packuments, version documents and download counts into the model. */
#include "depvet/registry/npm.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/strbuf.h"
#include "depvet/core/timeutil.h"
#include "depvet/registry/regjson.h"
#include "depvet/registry/regurl.h"

char *npm_escape_name(struct arena *a, const char *name)
{
    if (name && name[0] == '@')
        return arena_printf(a, "@%s", regurl_escape(a, name + 1));
    return regurl_escape(a, name);
}

char *npm_packument_url(struct arena *a, const char *base, const char *name)
{
    return arena_printf(a, "%s/%s", regurl_base(a, base), npm_escape_name(a, name));
}

char *npm_version_url(struct arena *a, const char *base, const char *name,
                      const char *version)
{
    return arena_printf(a, "%s/%s/%s", regurl_base(a, base), npm_escape_name(a, name),
                        regurl_escape(a, version));
}

char *npm_downloads_point_url(struct arena *a, const char *base,
                              const char *period, const char *name)
{
    return arena_printf(a, "%s/point/%s/%s", regurl_base(a, base),
                        regurl_escape(a, period), npm_escape_name(a, name));
}

char *npm_downloads_range_url(struct arena *a, const char *base,
                              const char *start, const char *end, const char *name)
{
    return arena_printf(a, "%s/range/%s:%s/%s", regurl_base(a, base),
                        regurl_escape(a, start), regurl_escape(a, end),
                        npm_escape_name(a, name));
}

static const char *const install_script_table[] = {
    "preinstall", "install", "postinstall", "prepare",
};

static const struct {
    const char *key;
    enum reg_dep_kind kind;
} dep_map_table[] = {
    {"optionalDependencies", REG_DEP_OPTIONAL},
    {"dependencies", REG_DEP_RUNTIME},
    {"peerDependencies", REG_DEP_PEER},
    {"devDependencies", REG_DEP_DEV},
};

/* "MIT", {"type": "MIT"}, or an array of either joined with " OR ". */
static const char *license_of(struct regjson *rj, const cJSON *v, const char *ptr)
{
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (cJSON_IsString(v))
        return arena_strdup(rj->a, v->valuestring);
    if (cJSON_IsObject(v))
        return regjson_str(rj, v, "type", ptr);
    if (!cJSON_IsArray(v)) {
        regjson_fail(rj, ptr, "expected a licence string, object or array");
        return NULL;
    }
    struct strbuf sb = STRBUF_INIT;
    for (struct regjson_each e = {0}; regjson_next(rj, v, ptr, &e);) {
        const cJSON *c = e.item;
        const char *p = e.ptr;
        const char *one = cJSON_IsArray(c) ? NULL : license_of(rj, c, p);
        if (one) {
            strbuf_puts(&sb, sb.len ? " OR " : "");
            strbuf_puts(&sb, one);
        }
    }
    const char *s = sb.len ? arena_strdup(rj->a, strbuf_str(&sb)) : NULL;
    strbuf_fini(&sb);
    return s;
}

static const char *member_license(struct regjson *rj, const cJSON *obj, const char *ptr)
{
    char p[REGJSON_PTR];
    regjson_ptr(p, ptr, "license");
    const char *l = license_of(rj, cJSON_GetObjectItemCaseSensitive(obj, "license"), p);
    if (l)
        return l;
    regjson_ptr(p, ptr, "licenses");
    return license_of(rj, cJSON_GetObjectItemCaseSensitive(obj, "licenses"), p);
}

/* "user/repo" or {"type": "git", "url": "..."}, as a browsable URL. */
static const char *repository_of(struct regjson *rj, const cJSON *obj, const char *ptr)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "repository");
    char p[REGJSON_PTR];
    regjson_ptr(p, ptr, "repository");
    const char *url = cJSON_IsObject(v) ? regjson_str(rj, v, "url", p)
                                        : regjson_str(rj, obj, "repository", ptr);
    return url ? reg_repo_url(rj->a, url) : NULL;
}

static bool in_map(const cJSON *map, const char *name)
{
    return map && cJSON_GetObjectItemCaseSensitive(map, name) != NULL;
}

static void read_deps(struct regjson *rj, const cJSON *v, const char *ptr,
                      struct reg_release *r)
{
    const cJSON *maps[4];
    size_t total = 0;
    for (size_t k = 0; k < 4; k++) {
        maps[k] = regjson_obj(rj, v, dep_map_table[k].key, ptr);
        total += regjson_count(maps[k]);
    }
    const cJSON *peer_meta = regjson_obj(rj, v, "peerDependenciesMeta", ptr);
    r->deps = regjson_alloc(rj, total, sizeof(*r->deps));
    char base[REGJSON_PTR], p[REGJSON_PTR];
    for (size_t k = 0; k < 4 && !regjson_failed(rj); k++) {
        regjson_ptr(base, ptr, dep_map_table[k].key);
        for (const cJSON *c = maps[k] ? maps[k]->child : NULL; c; c = c->next) {
            if (dep_map_table[k].kind == REG_DEP_RUNTIME && in_map(maps[0], c->string))
                continue;
            regjson_ptr(p, base, c->string);
            struct reg_dep *dep = &r->deps[r->n_deps++];
            dep->name = arena_strdup(rj->a, c->string);
            dep->requirement = regjson_item_str(rj, c, p);
            dep->kind = dep_map_table[k].kind;
            dep->optional = dep->kind == REG_DEP_OPTIONAL;
            if (dep->kind == REG_DEP_PEER && in_map(peer_meta, c->string)) {
                const cJSON *m = cJSON_GetObjectItemCaseSensitive(peer_meta, c->string);
                dep->optional = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "optional"));
            }
        }
    }
}

static void read_scripts(struct regjson *rj, const cJSON *v, const char *ptr,
                         struct reg_release *r)
{
    const cJSON *s = regjson_obj(rj, v, "scripts", ptr);
    size_t n = sizeof(install_script_table) / sizeof(*install_script_table);
    char sptr[REGJSON_PTR];
    regjson_ptr(sptr, ptr, "scripts");
    r->scripts = s ? regjson_alloc(rj, n, sizeof(*r->scripts)) : NULL;
    for (size_t k = 0; s && k < n; k++) {
        const char *cmd = regjson_str(rj, s, install_script_table[k], sptr);
        if (cmd)
            r->scripts[r->n_scripts++] = (struct reg_script){install_script_table[k], cmd};
    }
    r->has_install_script = regjson_bool(rj, v, "hasInstallScript", ptr, false) ||
                            r->n_scripts > 0;
}

static void read_deprecated(struct regjson *rj, const cJSON *v, const char *ptr,
                            struct reg_release *r)
{
    const cJSON *dep = cJSON_GetObjectItemCaseSensitive(v, "deprecated");
    if (cJSON_IsBool(dep)) {
        r->deprecated = cJSON_IsTrue(dep);
        return;
    }
    r->status_message = regjson_str(rj, v, "deprecated", ptr);
    r->deprecated = r->status_message != NULL;
}

/* One version object (of a packument or a version document). */
static void read_version(struct regjson *rj, const cJSON *v, const char *ptr,
                         struct reg_release *r)
{
    reg_release_init(r);
    const char *ver = regjson_str(rj, v, "version", ptr);
    if (ver)
        r->version = ver;
    read_deps(rj, v, ptr, r);
    read_scripts(rj, v, ptr, r);
    read_deprecated(rj, v, ptr, r);
    char p[REGJSON_PTR];
    const cJSON *user = regjson_obj(rj, v, "_npmUser", ptr);
    regjson_ptr(p, ptr, "_npmUser");
    r->publisher.name = regjson_str(rj, user, "name", p);
    r->publisher.email = regjson_str(rj, user, "email", p);
    const cJSON *dist = regjson_obj(rj, v, "dist", ptr);
    regjson_ptr(p, ptr, "dist");
    r->archive_url = regjson_str(rj, dist, "tarball", p);
    r->integrity = regjson_str(rj, dist, "integrity", p);
    r->shasum = regjson_lower(rj, regjson_str(rj, dist, "shasum", p));
    /* npm lists dist.attestations for releases published with provenance. */
    if (dist)
        r->attest = regjson_obj(rj, dist, "attestations", p) ? REG_ATTEST_PRESENT
                                                             : REG_ATTEST_NONE;
    r->license = member_license(rj, v, ptr);
}

struct vtime {
    const char *version;
    int64_t t;
};

static int vtime_cmp(const void *x, const void *y)
{
    return strcmp(((const struct vtime *)x)->version, ((const struct vtime *)y)->version);
}

/* time{}: created/modified to the package, the rest sorted for lookup
 * (packuments hold thousands of versions: no per-version linear scan). */
static struct vtime *read_times(struct regjson *rj, const cJSON *root,
                                struct reg_package *p, size_t *n)
{
    const cJSON *tm = regjson_obj(rj, root, "time", "");
    *n = 0;
    struct vtime *vt = regjson_alloc(rj, regjson_count(tm), sizeof(*vt));
    char ptr[REGJSON_PTR];
    for (const cJSON *c = tm ? tm->child : NULL; c && !regjson_failed(rj); c = c->next) {
        if (cJSON_IsObject(c) && strcmp(c->string, "unpublished") == 0)
            continue;  /* {time, versions} left by an unpublish */
        regjson_ptr(ptr, "/time", c->string);
        int64_t t = regjson_item_time(rj, c, ptr);
        if (strcmp(c->string, "created") == 0)
            p->created = t;
        else if (strcmp(c->string, "modified") == 0)
            p->modified = t;
        else if (t)
            vt[(*n)++] = (struct vtime){c->string, t};
    }
    if (*n)
        qsort(vt, *n, sizeof(*vt), vtime_cmp);
    return vt;
}

static void read_versions(struct regjson *rj, const cJSON *root, struct reg_package *p)
{
    size_t nt;
    struct vtime *vt = read_times(rj, root, p, &nt);
    const cJSON *vs = regjson_obj(rj, root, "versions", "");
    p->releases = regjson_alloc(rj, regjson_count(vs), sizeof(*p->releases));
    size_t deprecated = 0;
    char ptr[REGJSON_PTR];
    for (const cJSON *c = vs ? vs->child : NULL; c && !regjson_failed(rj); c = c->next) {
        regjson_ptr(ptr, "/versions", c->string);
        if (!cJSON_IsObject(c)) {
            regjson_fail(rj, ptr, "expected a version object");
            return;
        }
        struct reg_release *r = &p->releases[p->n_releases++];
        r->version = arena_strdup(rj->a, c->string);
        read_version(rj, c, ptr, r);
        struct vtime key = {c->string, 0};
        const struct vtime *hit = nt ? bsearch(&key, vt, nt, sizeof(*vt), vtime_cmp) : NULL;
        r->published = hit ? hit->t : 0;
        deprecated += r->deprecated;
    }
    p->deprecated = p->n_releases && deprecated == p->n_releases;
    const struct reg_release *latest = reg_package_find_release(p, p->latest_version);
    if (p->deprecated && latest)
        p->deprecation_message = latest->status_message;
}

static void read_maintainers(struct regjson *rj, const cJSON *root, struct reg_package *p)
{
    const cJSON *arr = regjson_arr(rj, root, "maintainers", "");
    p->owners = regjson_alloc(rj, regjson_count(arr), sizeof(*p->owners));
    for (struct regjson_each e = {0}; regjson_next(rj, arr, "/maintainers", &e);) {
        const cJSON *c = e.item;
        const char *ptr = e.ptr;
        struct reg_person *o = &p->owners[p->n_owners++];
        if (cJSON_IsString(c)) {  /* very old documents: "name <email>" */
            o->name = arena_strdup(rj->a, c->valuestring);
        } else if (cJSON_IsObject(c)) {
            o->name = regjson_str(rj, c, "name", ptr);
            o->email = regjson_str(rj, c, "email", ptr);
        } else {
            regjson_fail(rj, ptr, "expected a maintainer object");
        }
        o->role = "maintainer";
    }
}

/* Mirrors and old documents keep licence, repository, homepage and
 * description only per version: take them from the latest one. */
static void fill_from_latest(struct regjson *rj, const cJSON *root,
                             struct reg_package *p)
{
    const cJSON *vs = cJSON_GetObjectItemCaseSensitive(root, "versions");
    const cJSON *v = p->latest_version && cJSON_IsObject(vs)
                         ? cJSON_GetObjectItemCaseSensitive(vs, p->latest_version) : NULL;
    if (!cJSON_IsObject(v) || regjson_failed(rj))
        return;
    char ptr[REGJSON_PTR];
    regjson_ptr(ptr, "/versions", p->latest_version);
    if (!p->license)
        p->license = member_license(rj, v, ptr);
    if (!p->repository)
        p->repository = repository_of(rj, v, ptr);
    if (!p->homepage)
        p->homepage = regjson_str(rj, v, "homepage", ptr);
    if (!p->description)
        p->description = regjson_str(rj, v, "description", ptr);
}

static void read_packument_answer(struct regjson *rj, const cJSON *root, struct reg_package *p)
{
    p->description = regjson_str(rj, root, "description", "");
    p->homepage = regjson_str(rj, root, "homepage", "");
    p->repository = repository_of(rj, root, "");
    p->license = member_license(rj, root, "");
    const cJSON *tags = regjson_obj(rj, root, "dist-tags", "");
    p->latest_version = regjson_str(rj, tags, "latest", "/dist-tags");
    read_versions(rj, root, p);
    fill_from_latest(rj, root, p);
    if (!p->modified)
        p->modified = regjson_time(rj, root, "modified", "");
    read_maintainers(rj, root, p);
}

bool npm_parse_packument(struct arena *a, const char *url, const char *body,
                         size_t len, struct reg_package **out, struct diag *d)
{
    static const struct regjson_doc doc = {
        .eco = ECO_NPM, .expect_key = "name", .name_key = "name", .package = read_packument_answer};
    return regjson_read_doc(&(struct regjson){a, url, d}, body, len, &doc, out);
}

static void read_version_answer(struct regjson *rj, const cJSON *root, struct reg_release *r)
{
    read_version(rj, root, "", r);
}

bool npm_parse_version(struct arena *a, const char *url, const char *body,
                       size_t len, struct reg_release **out, struct diag *d)
{
    static const struct regjson_doc doc = {.expect_key = "version", .release = read_version_answer};
    return regjson_read_doc(&(struct regjson){a, url, d}, body, len, &doc, out);
}

/* The span in days both download answers name, or REG_UNKNOWN. */
static int64_t answer_days(struct regjson *rj, const cJSON *root)
{
    int64_t start = regjson_time(rj, root, "start", "");
    int64_t end = regjson_time(rj, root, "end", "");
    return start && end >= start ? (end - start) / 86400 + 1 : REG_UNKNOWN;
}

static void read_point_answer(struct regjson *rj, const cJSON *root, struct reg_package *p)
{
    int64_t days = answer_days(rj, root), n = REG_UNKNOWN;
    regjson_int(rj, root, "downloads", "", &n);
    if (days == 1)
        p->downloads.day = n;
    else if (days == 7)
        p->downloads.week = n;
    else if (days >= 28 && days <= 31)
        p->downloads.month = n;
    else if (n != REG_UNKNOWN) {
        p->downloads.recent = n;
        p->downloads.recent_days = days;
    }
}

bool npm_parse_downloads_point(struct arena *a, const char *url, const char *body,
                               size_t len, struct reg_package **out, struct diag *d)
{
    static const struct regjson_doc doc = {.eco = ECO_NPM, .expect_key = "downloads",
                                           .name_key = "package", .package = read_point_answer};
    return regjson_read_doc(&(struct regjson){a, url, d}, body, len, &doc, out);
}

static int point_cmp(const void *x, const void *y)
{
    const struct reg_point *a = x, *b = y;
    return (a->day > b->day) - (a->day < b->day);
}

static void read_range_answer(struct regjson *rj, const cJSON *root, struct reg_package *p)
{
    int64_t days = answer_days(rj, root), sum = 0;
    const cJSON *arr = regjson_arr(rj, root, "downloads", "");
    p->series = regjson_alloc(rj, regjson_count(arr), sizeof(*p->series));
    for (struct regjson_each e = {0}; regjson_next(rj, arr, "/downloads", &e);) {
        const cJSON *c = e.item;
        const char *ptr = e.ptr;
        struct reg_point *pt = &p->series[p->n_series++];
        pt->day = regjson_time(rj, c, "day", ptr);
        regjson_int(rj, c, "downloads", ptr, &pt->count);
        if (!cJSON_IsObject(c))
            regjson_fail(rj, ptr, "expected a day object");
        sum = reg_add_sat(sum, pt->count);
    }
    if (p->n_series)
        qsort(p->series, p->n_series, sizeof(*p->series), point_cmp);
    p->downloads.recent = sum;
    p->downloads.recent_days = days;
}

bool npm_parse_downloads_range(struct arena *a, const char *url, const char *body,
                               size_t len, struct reg_package **out, struct diag *d)
{
    static const struct regjson_doc doc = {.eco = ECO_NPM, .expect_key = "downloads",
                                           .name_key = "package", .package = read_range_answer};
    return regjson_read_doc(&(struct regjson){a, url, d}, body, len, &doc, out);
}
