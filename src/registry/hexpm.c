/* hex.pm API answers (package, release, owners, search) into the model. */
#include "depvet/registry/hexpm.h"

#include <string.h>

#include "depvet/core/strbuf.h"
#include "depvet/registry/regjson.h"
#include "depvet/registry/regurl.h"

char *hexpm_package_url(struct arena *a, const char *base, const char *name)
{
    return arena_printf(a, "%s/packages/%s", regurl_base(a, base),
                        regurl_escape(a, name));
}

char *hexpm_release_url(struct arena *a, const char *base, const char *name,
                        const char *version)
{
    return arena_printf(a, "%s/packages/%s/releases/%s", regurl_base(a, base),
                        regurl_escape(a, name), regurl_escape(a, version));
}

char *hexpm_owners_url(struct arena *a, const char *base, const char *name)
{
    return arena_printf(a, "%s/packages/%s/owners", regurl_base(a, base),
                        regurl_escape(a, name));
}

char *hexpm_dependents_url(struct arena *a, const char *base, const char *name,
                           unsigned page)
{
    char *q = arena_printf(a, "depends:hexpm:%s", name ? name : "");
    return arena_printf(a, "%s/packages?search=%s&sort=name&page=%u",
                        regurl_base(a, base), regurl_escape(a, q), page ? page : 1);
}

/* {username, email, level?} -> person. */
static void read_user(struct regjson *rj, const cJSON *u, const char *ptr,
                      struct reg_person *p)
{
    p->name = regjson_str(rj, u, "username", ptr);
    p->email = regjson_str(rj, u, "email", ptr);
    p->role = regjson_str(rj, u, "level", ptr);
}

static void read_users(struct regjson *rj, const cJSON *arr, const char *ptr,
                       struct reg_person **out, size_t *n)
{
    char p[REGJSON_PTR];
    *n = 0;
    *out = regjson_alloc(rj, regjson_count(arr), sizeof(**out));
    size_t i = 0;
    for (const cJSON *u = arr ? arr->child : NULL; u; u = u->next, i++) {
        regjson_ptr_idx(p, ptr, i);
        if (!cJSON_IsObject(u)) {
            regjson_fail(rj, p, "expected an owner object");
            return;
        }
        read_user(rj, u, p, &(*out)[(*n)++]);
    }
}

/* {reason, message} or null. */
static void read_retirement(struct regjson *rj, const cJSON *ret, const char *ptr,
                            struct reg_release *r)
{
    if (!ret)
        return;
    r->retired = true;
    r->status_reason = regjson_str(rj, ret, "reason", ptr);
    r->status_message = regjson_str(rj, ret, "message", ptr);
}

static void read_downloads(struct regjson *rj, const cJSON *root,
                           struct reg_downloads *dl)
{
    const cJSON *o = regjson_obj(rj, root, "downloads", "");
    regjson_int(rj, o, "all", "/downloads", &dl->total);
    if (regjson_int(rj, o, "recent", "/downloads", &dl->recent))
        dl->recent_days = 90;
    regjson_int(rj, o, "week", "/downloads", &dl->week);
    regjson_int(rj, o, "day", "/downloads", &dl->day);
}

static const char *join_licenses(struct regjson *rj, const char **l, size_t n)
{
    if (!n)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_puts(&sb, ", ");
        strbuf_puts(&sb, l[i]);
    }
    const char *s = arena_strdup(rj->a, strbuf_str(&sb));
    strbuf_fini(&sb);
    return s;
}

static void read_meta(struct regjson *rj, const cJSON *root, struct reg_package *p)
{
    const cJSON *meta = regjson_obj(rj, root, "meta", "");
    size_t nlic;
    const char **lic = regjson_str_list(rj, meta, "licenses", "/meta", &nlic);
    p->license = join_licenses(rj, lic, nlic);
    p->description = regjson_str(rj, meta, "description", "/meta");
    p->links = regjson_links(rj, meta, "links", "/meta", &p->n_links);
    p->repository = reg_links_repository(p->links, p->n_links);
    p->homepage = reg_links_homepage(p->links, p->n_links);
}

static void read_releases(struct regjson *rj, const cJSON *root,
                          struct reg_package *p)
{
    const cJSON *arr = regjson_arr(rj, root, "releases", "");
    p->releases = regjson_alloc(rj, regjson_count(arr), sizeof(*p->releases));
    for (struct regjson_each e = {.what = "a release object"};
         regjson_next(rj, arr, "/releases", &e);) {
        const cJSON *c = e.item;
        const char *ptr = e.ptr;
        struct reg_release *r = &p->releases[p->n_releases++];
        reg_release_init(r);
        r->version = regjson_str(rj, c, "version", ptr);
        r->published = regjson_time(rj, c, "inserted_at", ptr);
    }
}

static void read_retirements(struct regjson *rj, const cJSON *root,
                             struct reg_package *p)
{
    const cJSON *m = regjson_obj(rj, root, "retirements", "");
    char ptr[REGJSON_PTR];
    struct reg_release_index ix;
    reg_release_index_init(&ix, p);
    for (const cJSON *c = m ? m->child : NULL; c && !regjson_failed(rj); c = c->next) {
        regjson_ptr(ptr, "/retirements", c->string);
        if (!cJSON_IsObject(c)) {
            if (!cJSON_IsNull(c))
                regjson_fail(rj, ptr, "expected a retirement object");
            continue;
        }
        struct reg_release *r = reg_release_index_find(&ix, c->string);
        if (r)
            read_retirement(rj, c, ptr, r);
    }
    reg_release_index_fini(&ix);
}

static void read_package_answer(struct regjson *rj, const cJSON *root, struct reg_package *p)
{
    p->created = regjson_time(rj, root, "inserted_at", "");
    p->modified = regjson_time(rj, root, "updated_at", "");
    p->latest_version = regjson_str(rj, root, "latest_stable_version", "");
    const char *latest = regjson_str(rj, root, "latest_version", "");
    if (!p->latest_version)
        p->latest_version = latest;
    read_meta(rj, root, p);
    read_downloads(rj, root, &p->downloads);
    read_users(rj, regjson_arr(rj, root, "owners", ""), "/owners", &p->owners,
               &p->n_owners);
    read_releases(rj, root, p);
    read_retirements(rj, root, p);
}

bool hexpm_parse_package(struct arena *a, const char *url, const char *body,
                         size_t len, struct reg_package **out, struct diag *d)
{
    static const struct regjson_doc doc = {
        .eco = ECO_HEX, .expect_key = "name", .name_key = "name", .package = read_package_answer};
    return regjson_read_doc(&(struct regjson){a, url, d}, body, len, &doc, out);
}

/* A release's downloads: a number, or [[day, count], ...] summed. */
static void read_release_downloads(struct regjson *rj, const cJSON *root,
                                   struct reg_release *r)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "downloads");
    if (cJSON_IsNumber(v)) {
        regjson_int(rj, root, "downloads", "", &r->downloads);
        return;
    }
    if (!cJSON_IsArray(v) || !v->child)
        return;
    int64_t sum = 0;
    for (const cJSON *pair = v->child; pair; pair = pair->next) {
        const cJSON *n = cJSON_GetArrayItem(pair, 1);
        if (cJSON_IsNumber(n) && n->valuedouble >= 0 && n->valuedouble < 1e15)
            sum = reg_add_sat(sum, (int64_t)n->valuedouble);
    }
    r->downloads = sum;
}

static void read_requirements(struct regjson *rj, const cJSON *root,
                              struct reg_release *r)
{
    const cJSON *m = regjson_obj(rj, root, "requirements", "");
    char ptr[REGJSON_PTR];
    r->deps = regjson_alloc(rj, regjson_count(m), sizeof(*r->deps));
    for (const cJSON *c = m ? m->child : NULL; c && !regjson_failed(rj); c = c->next) {
        regjson_ptr(ptr, "/requirements", c->string);
        if (!cJSON_IsObject(c)) {
            regjson_fail(rj, ptr, "expected a requirement object");
            return;
        }
        struct reg_dep *dep = &r->deps[r->n_deps++];
        dep->name = arena_strdup(rj->a, c->string);
        dep->requirement = regjson_str(rj, c, "requirement", ptr);
        dep->app = regjson_str(rj, c, "app", ptr);
        dep->optional = regjson_bool(rj, c, "optional", ptr, false);
        dep->kind = dep->optional ? REG_DEP_OPTIONAL : REG_DEP_RUNTIME;
    }
}

static void read_release_answer(struct regjson *rj, const cJSON *root, struct reg_release *r)
{
    r->version = regjson_str(rj, root, "version", "");
    r->published = regjson_time(rj, root, "inserted_at", "");
    r->sha256 = regjson_lower(rj, regjson_str(rj, root, "checksum", ""));
    const cJSON *pub = regjson_obj(rj, root, "publisher", "");
    if (pub) {
        r->publisher.name = regjson_str(rj, pub, "username", "/publisher");
        r->publisher.email = regjson_str(rj, pub, "email", "/publisher");
    }
    read_retirement(rj, regjson_obj(rj, root, "retirement", ""), "/retirement", r);
    const cJSON *meta = regjson_obj(rj, root, "meta", "");
    r->build_tools = regjson_str_list(rj, meta, "build_tools", "/meta",
                                      &r->n_build_tools);
    read_requirements(rj, root, r);
    read_release_downloads(rj, root, r);
}

bool hexpm_parse_release(struct arena *a, const char *url, const char *body,
                         size_t len, struct reg_release **out, struct diag *d)
{
    static const struct regjson_doc doc = {.expect_key = "version", .release = read_release_answer};
    return regjson_read_doc(&(struct regjson){a, url, d}, body, len, &doc, out);
}

bool hexpm_parse_owners(struct arena *a, const char *url, const char *body,
                        size_t len, struct reg_person **out, size_t *n,
                        struct diag *d)
{
    struct regjson rj = {a, url, d};
    cJSON *root = regjson_open(&rj, body, len, cJSON_Array, NULL);
    if (!root)
        return false;
    struct reg_person *people;
    size_t count;
    read_users(&rj, root, "", &people, &count);
    cJSON_Delete(root);
    if (regjson_failed(&rj))
        return false;
    *out = people;
    *n = count;
    return true;
}

bool hexpm_parse_search_page(struct arena *a, const char *url, const char *body,
                             size_t len, size_t *count, struct diag *d)
{
    struct regjson rj = {a, url, d};
    cJSON *root = regjson_open(&rj, body, len, cJSON_Array, NULL);
    if (!root)
        return false;
    size_t n = 0, i = 0;
    char ptr[REGJSON_PTR];
    for (const cJSON *c = root->child; c; c = c->next, i++) {
        regjson_ptr_idx(ptr, "", i);
        if (!cJSON_IsObject(c))
            regjson_fail(&rj, ptr, "expected a package object");
        else if (regjson_str(&rj, c, "name", ptr))
            n++;
    }
    cJSON_Delete(root);
    if (regjson_failed(&rj))
        return false;
    *count = n;
    return true;
}
