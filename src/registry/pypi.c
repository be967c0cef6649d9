/* PyPI JSON API and Simple JSON API answers into the model. */
#include "depvet/registry/pypi.h"

#include <string.h>

#include "depvet/core/ecosystem.h"
#include "depvet/registry/regjson.h"
#include "depvet/registry/regurl.h"

char *pypi_project_url(struct arena *a, const char *base, const char *name)
{
    return arena_printf(a, "%s/%s/json", regurl_base(a, base), regurl_escape(a, name));
}

char *pypi_version_url(struct arena *a, const char *base, const char *name,
                       const char *version)
{
    return arena_printf(a, "%s/%s/%s/json", regurl_base(a, base),
                        regurl_escape(a, name), regurl_escape(a, version));
}

char *pypi_simple_url(struct arena *a, const char *base, const char *name)
{
    const char *n = name ? name : "";
    size_t need = ecosystem_normalize_name(ECO_PYPI, n, NULL, 0);
    char *norm = arena_alloc(a, need + 1);
    ecosystem_normalize_name(ECO_PYPI, n, norm, need + 1);
    return arena_printf(a, "%s/%s/", regurl_base(a, base), regurl_escape(a, norm));
}

static const char *trimmed(struct arena *a, const char *s, const char *e)
{
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    return s < e ? arena_strndup(a, s, (size_t)(e - s)) : NULL;
}

void pypi_split_requirement(struct arena *a, const char *raw, struct reg_dep *out)
{
    memset(out, 0, sizeof(*out));
    out->raw = arena_strdup(a, raw ? raw : "");
    const char *s = out->raw;
    size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");
    out->name = arena_strndup(a, s, n);
    const char *p = s + n;
    const char *semi = strchr(p, ';');
    const char *end = semi ? semi : p + strlen(p);
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '[') {
        const char *close = memchr(p, ']', (size_t)(end - p));
        if (close) {
            out->extras = trimmed(a, p + 1, close);
            p = close + 1;
        }
    }
    out->requirement = trimmed(a, p, end);
    out->marker = semi ? trimmed(a, semi + 1, semi + strlen(semi)) : NULL;
    out->optional = out->marker && strstr(out->marker, "extra");
    out->kind = out->optional ? REG_DEP_OPTIONAL : REG_DEP_RUNTIME;
}

/* How the JSON API and the Simple API spell a file object's shared
 * members. */
struct file_spelling {
    const char *requires_python, *uploaded, *digests;
};

static const struct file_spelling json_file = {"requires_python", "upload_time_iso_8601",
                                               "digests"};
static const struct file_spelling simple_file = {"requires-python", "upload-time", "hashes"};

static void read_file_common(struct regjson *rj, const cJSON *f, const char *ptr,
                             const struct file_spelling *k, struct reg_file *out)
{
    out->filename = regjson_str(rj, f, "filename", ptr);
    out->url = regjson_str(rj, f, "url", ptr);
    out->requires_python = regjson_str(rj, f, k->requires_python, ptr);
    out->size = REG_UNKNOWN;
    regjson_int(rj, f, "size", ptr, &out->size);
    out->uploaded = regjson_time(rj, f, k->uploaded, ptr);
    char dptr[REGJSON_PTR];
    regjson_ptr(dptr, ptr, k->digests);
    out->sha256 = regjson_lower(rj, regjson_str(rj, regjson_obj(rj, f, k->digests, ptr),
                                                "sha256", dptr));
}

/* One file object of `releases[v]` or `urls`. */
static void read_json_file(struct regjson *rj, const cJSON *f, const char *ptr,
                           struct reg_file *out)
{
    read_file_common(rj, f, ptr, &json_file, out);
    out->packagetype = regjson_str(rj, f, "packagetype", ptr);
    if (!out->uploaded)
        out->uploaded = regjson_time(rj, f, "upload_time", ptr);
    out->yanked = regjson_bool(rj, f, "yanked", ptr, false);
    out->yanked_reason = regjson_str(rj, f, "yanked_reason", ptr);
}

/* Release-level facts from its files: earliest upload, all yanked, the
 * sdist (else first file) as archive. */
static void summarise_files(struct reg_release *r)
{
    size_t yanked = 0;
    const struct reg_file *arch = NULL;
    for (size_t i = 0; i < r->n_files; i++) {
        const struct reg_file *f = &r->files[i];
        if (f->uploaded && (!r->published || f->uploaded < r->published))
            r->published = f->uploaded;
        if (f->yanked) {
            yanked++;
            if (!r->status_reason)
                r->status_reason = f->yanked_reason;
        }
        if (!arch || (f->packagetype && strcmp(f->packagetype, "sdist") == 0))
            arch = f;
    }
    r->yanked = r->n_files && yanked == r->n_files;
    if (arch) {
        r->archive_url = arch->url;
        r->sha256 = arch->sha256;
    }
}

static void read_file_list(struct regjson *rj, const cJSON *arr, const char *ptr,
                           struct reg_release *r)
{
    r->files = regjson_alloc(rj, regjson_count(arr), sizeof(*r->files));
    for (struct regjson_each e = {.what = "a file object"}; regjson_next(rj, arr, ptr, &e);) {
        const cJSON *f = e.item;
        const char *fptr = e.ptr;
        read_json_file(rj, f, fptr, &r->files[r->n_files++]);
    }
    summarise_files(r);
}

static void read_releases_map(struct regjson *rj, const cJSON *root,
                              struct reg_package *p)
{
    const cJSON *m = regjson_obj(rj, root, "releases", "");
    char ptr[REGJSON_PTR];
    p->releases = regjson_alloc(rj, regjson_count(m), sizeof(*p->releases));
    for (const cJSON *c = m ? m->child : NULL; c && !regjson_failed(rj); c = c->next) {
        regjson_ptr(ptr, "/releases", c->string);
        if (!cJSON_IsArray(c) && !cJSON_IsNull(c)) {
            regjson_fail(rj, ptr, "expected an array of files");
            return;
        }
        struct reg_release *r = &p->releases[p->n_releases++];
        reg_release_init(r);
        r->version = arena_strdup(rj->a, c->string);
        read_file_list(rj, c, ptr, r);
        if (r->published && (!p->created || r->published < p->created))
            p->created = r->published;
    }
}

static void add_person(struct regjson *rj, const cJSON *info, const char *name_key,
                       const char *email_key, const char *role,
                       struct reg_person *out, size_t *n)
{
    const char *name = regjson_str(rj, info, name_key, "/info");
    const char *email = regjson_str(rj, info, email_key, "/info");
    if ((name && *name) || (email && *email))
        out[(*n)++] = (struct reg_person){name, email, role};
}

static void read_owners(struct regjson *rj, const cJSON *root, const cJSON *info,
                        struct reg_package *p)
{
    const cJSON *own = regjson_obj(rj, root, "ownership", "");
    const cJSON *roles = regjson_arr(rj, own, "roles", "/ownership");
    p->owners = regjson_alloc(rj, regjson_count(roles) + 2, sizeof(*p->owners));
    char ptr[REGJSON_PTR];
    size_t i = 0;
    for (const cJSON *c = roles ? roles->child : NULL; c; c = c->next, i++) {
        regjson_ptr_idx(ptr, "/ownership/roles", i);
        if (!cJSON_IsObject(c)) {
            regjson_fail(rj, ptr, "expected a role object");
            return;
        }
        struct reg_person *o = &p->owners[p->n_owners++];
        o->name = regjson_str(rj, c, "user", ptr);
        o->role = regjson_str(rj, c, "role", ptr);
    }
    if (p->n_owners)
        return;
    add_person(rj, info, "author", "author_email", "author", p->owners, &p->n_owners);
    add_person(rj, info, "maintainer", "maintainer_email", "maintainer",
               p->owners, &p->n_owners);
}

static void read_requires_dist(struct regjson *rj, const cJSON *info,
                               struct reg_release *r)
{
    size_t n;
    const char **reqs = regjson_str_list(rj, info, "requires_dist", "/info", &n);
    r->deps = regjson_alloc(rj, n, sizeof(*r->deps));
    for (size_t i = 0; i < n; i++)
        pypi_split_requirement(rj->a, reqs[i], &r->deps[i]);
    r->n_deps = n;
}

/* Facts of info that belong to the shown version. */
static void read_shown_release(struct regjson *rj, const cJSON *root,
                               const cJSON *info, struct reg_package *p)
{
    struct reg_release *r = reg_package_find_release(p, p->latest_version);
    if (!r && p->latest_version) {
        r = regjson_alloc(rj, p->n_releases + 1, sizeof(*r));
        if (p->n_releases)
            memcpy(r, p->releases, p->n_releases * sizeof(*r));
        p->releases = r;
        r = &p->releases[p->n_releases++];
        reg_release_init(r);
        r->version = p->latest_version;
    }
    if (!r)
        return;
    if (!r->n_files)
        read_file_list(rj, regjson_arr(rj, root, "urls", ""), "/urls", r);
    read_requires_dist(rj, info, r);
    r->requires_python = regjson_str(rj, info, "requires_python", "/info");
    r->license = p->license;
    if (regjson_bool(rj, info, "yanked", "/info", false)) {
        r->yanked = true;
        const char *why = regjson_str(rj, info, "yanked_reason", "/info");
        if (why)
            r->status_reason = why;
    }
}

static void read_info(struct regjson *rj, const cJSON *info, struct reg_package *p)
{
    p->name = regjson_str(rj, info, "name", "/info");
    p->latest_version = regjson_str(rj, info, "version", "/info");
    p->description = regjson_str(rj, info, "summary", "/info");
    const char *expr = regjson_str(rj, info, "license_expression", "/info");
    const char *lic = regjson_str(rj, info, "license", "/info");
    p->license = expr && *expr ? expr : lic && *lic ? lic : NULL;
    p->links = regjson_links(rj, info, "project_urls", "/info", &p->n_links);
    p->repository = reg_links_repository(p->links, p->n_links);
    p->homepage = reg_links_homepage(p->links, p->n_links);
    const char *home = regjson_str(rj, info, "home_page", "/info");
    if (!p->homepage && home && *home)
        p->homepage = home;
    if (!p->repository && home && reg_links_repository(&(struct reg_link){"", home}, 1))
        p->repository = home;
}

static void read_project_answer(struct regjson *rj, const cJSON *root, struct reg_package *p)
{
    const cJSON *info = regjson_obj(rj, root, "info", "");
    if (!info && !regjson_failed(rj))
        regjson_fail(rj, "/info", "missing project info");
    read_info(rj, info, p);
    read_releases_map(rj, root, p);
    read_shown_release(rj, root, info, p);
    read_owners(rj, root, info, p);
}

bool pypi_parse_project(struct arena *a, const char *url, const char *body,
                        size_t len, struct reg_package **out, struct diag *d)
{
    static const struct regjson_doc doc = {
        .eco = ECO_PYPI, .expect_key = "info", .package = read_project_answer};
    return regjson_read_doc(&(struct regjson){a, url, d}, body, len, &doc, out);
}

/* ---- Simple JSON API (PEP 691) ------------------------------------------ */

static const struct {
    const char *ext;
    const char *packagetype;
    bool wheel_like;   /* NAME-VERSION-TAGS: the version is the second field */
} archive_ext_table[] = {
    {".tar.gz", "sdist", false}, {".tar.bz2", "sdist", false},
    {".tar.xz", "sdist", false}, {".tgz", "sdist", false}, {".zip", "sdist", false},
    {".tar", "sdist", false}, {".whl", "bdist_wheel", true},
    {".egg", "bdist_egg", true}, {".exe", "bdist_wininst", false},
    {".msi", "bdist_msi", false}, {".rpm", "bdist_rpm", false},
    {".dmg", "bdist_dmg", false},
};

#define NEXT (sizeof(archive_ext_table) / sizeof(*archive_ext_table))

static size_t ext_index(const char *fn, size_t len)
{
    for (size_t k = 0; k < NEXT; k++) {
        size_t el = strlen(archive_ext_table[k].ext);
        if (len > el && strcmp(fn + len - el, archive_ext_table[k].ext) == 0)
            return k;
    }
    return NEXT;
}

static const char *listed(const char *s, size_t n, const char **versions, size_t nv)
{
    for (size_t i = 0; i < nv; i++)
        if (strlen(versions[i]) == n && memcmp(versions[i], s, n) == 0)
            return versions[i];
    return NULL;
}

/* The version in a distribution file name.  Names and versions may both
 * hold '-', so every split is tried against `versions` (one field after a
 * '-', or all the rest); failing that, the second field of wheels and eggs
 * and the last field of anything else.  Arena copy or NULL. */
static const char *file_version(struct arena *a, const char *fn,
                                const char **versions, size_t nv)
{
    size_t len = strlen(fn), k = ext_index(fn, len);
    if (k < NEXT)
        len -= strlen(archive_ext_table[k].ext);
    for (const char *d = memchr(fn, '-', len); d; d = memchr(d + 1, '-', len - (size_t)(d + 1 - fn))) {
        const char *s = d + 1;
        const char *e = memchr(s, '-', len - (size_t)(s - fn));
        const char *hit = listed(s, e ? (size_t)(e - s) : len - (size_t)(s - fn), versions, nv);
        if (!hit && e)
            hit = listed(s, len - (size_t)(s - fn), versions, nv);
        if (hit)
            return hit;
        if (!e)
            break;
    }
    const char *first = memchr(fn, '-', len);
    if (!first)
        return NULL;
    if (k < NEXT && archive_ext_table[k].wheel_like) {
        const char *s = first + 1;
        const char *e = memchr(s, '-', len - (size_t)(s - fn));
        return arena_strndup(a, s, e ? (size_t)(e - s) : len - (size_t)(s - fn));
    }
    const char *last = fn + len;
    while (last[-1] != '-')
        last--;
    return last < fn + len ? arena_strndup(a, last, len - (size_t)(last - fn)) : NULL;
}

/* "sdist", "bdist_wheel", ... from the file name (Simple has no field). */
static const char *file_packagetype(const char *fn)
{
    size_t k = ext_index(fn, strlen(fn));
    return k < NEXT ? archive_ext_table[k].packagetype : NULL;
}

static void read_simple_file(struct regjson *rj, const cJSON *f, const char *ptr,
                             struct reg_file *out)
{
    read_file_common(rj, f, ptr, &simple_file, out);
    out->provenance_url = regjson_str(rj, f, "provenance", ptr);
    const cJSON *y = cJSON_GetObjectItemCaseSensitive(f, "yanked");
    if (cJSON_IsString(y)) {
        out->yanked = true;
        out->yanked_reason = *y->valuestring ? arena_strdup(rj->a, y->valuestring) : NULL;
    } else {
        out->yanked = regjson_bool(rj, f, "yanked", ptr, false);
    }
}

static struct reg_release *release_for(struct regjson *rj, struct reg_package *p,
                                       const char *version, size_t cap)
{
    struct reg_release *r = reg_package_find_release(p, version);
    if (r || p->n_releases >= cap)
        return r;
    r = &p->releases[p->n_releases++];
    reg_release_init(r);
    r->version = version;
    return r;
}

/* Files grouped per version: two passes, first counting per release. */
static void read_simple_files(struct regjson *rj, const cJSON *files,
                              const char **versions, size_t nv, struct reg_package *p)
{
    size_t nf = regjson_count(files);
    size_t cap = nv + nf;
    p->releases = regjson_alloc(rj, cap, sizeof(*p->releases));
    for (size_t i = 0; i < nv; i++)
        release_for(rj, p, versions[i], cap);
    struct reg_file *all = regjson_alloc(rj, nf, sizeof(*all));
    const char **ver = regjson_alloc(rj, nf, sizeof(*ver));
    for (struct regjson_each e = {.what = "a file object"};
         regjson_next(rj, files, "/files", &e);) {
        const cJSON *f = e.item;
        const char *ptr = e.ptr;
        size_t i = e.i;
        read_simple_file(rj, f, ptr, &all[i]);
        ver[i] = all[i].filename ? file_version(rj->a, all[i].filename, versions, nv)
                                 : NULL;
        all[i].packagetype = all[i].filename ? file_packagetype(all[i].filename) : NULL;
        struct reg_release *r = ver[i] ? release_for(rj, p, ver[i], cap) : NULL;
        if (r)
            r->n_files++;
    }
    for (size_t k = 0; k < p->n_releases && !regjson_failed(rj); k++) {
        struct reg_release *r = &p->releases[k];
        r->files = regjson_alloc(rj, r->n_files, sizeof(*r->files));
        r->n_files = 0;
    }
    struct reg_release_index ix;
    reg_release_index_init(&ix, p);
    for (size_t k = 0; k < nf && !regjson_failed(rj); k++) {
        struct reg_release *r = reg_release_index_find(&ix, ver[k]);
        if (r)
            r->files[r->n_files++] = all[k];
    }
    reg_release_index_fini(&ix);
    for (size_t k = 0; k < p->n_releases && !regjson_failed(rj); k++) {
        summarise_files(&p->releases[k]);
        int64_t t = p->releases[k].published;
        if (t && (!p->created || t < p->created))
            p->created = t;
    }
}

static void read_simple_answer(struct regjson *rj, const cJSON *root, struct reg_package *p)
{
    const cJSON *st = regjson_obj(rj, root, "project-status", "");
    p->status = regjson_str(rj, st, "status", "/project-status");
    const char *reason = regjson_str(rj, st, "reason", "/project-status");
    if (p->status && strcmp(p->status, "active") != 0) {
        p->deprecated = strcmp(p->status, "deprecated") == 0;
        p->deprecation_message = reason;
    }
    size_t nv;
    const char **versions = regjson_str_list(rj, root, "versions", "", &nv);
    read_simple_files(rj, regjson_arr(rj, root, "files", ""), versions, nv, p);
}

bool pypi_parse_simple(struct arena *a, const char *url, const char *body,
                       size_t len, struct reg_package **out, struct diag *d)
{
    static const struct regjson_doc doc = {
        .eco = ECO_PYPI, .expect_key = "files", .name_key = "name", .package = read_simple_answer};
    return regjson_read_doc(&(struct regjson){a, url, d}, body, len, &doc, out);
}

/* ---- Integrity API (PEP 740) -------------------------------------------- */

char *pypi_provenance_url(struct arena *a, const char *base, const char *project,
                          const char *version, const char *filename)
{
    return arena_printf(a, "%s/%s/%s/%s/provenance", regurl_base(a, base),
                        regurl_escape(a, project), regurl_escape(a, version),
                        regurl_escape(a, filename));
}

bool pypi_parse_provenance(struct arena *a, const char *url, const char *body,
                           size_t len, struct pypi_publisher **out, size_t *n,
                           struct diag *d)
{
    struct regjson rj = {a, url, d};
    cJSON *root = regjson_open(&rj, body, len, cJSON_Object, "attestation_bundles");
    if (!root)
        return false;
    const cJSON *arr = regjson_arr(&rj, root, "attestation_bundles", "");
    struct pypi_publisher *pubs = regjson_alloc(&rj, regjson_count(arr), sizeof(*pubs));
    size_t count = 0;
    char pptr[REGJSON_PTR];
    for (struct regjson_each e = {.what = "a bundle object"};
         regjson_next(&rj, arr, "/attestation_bundles", &e);) {
        const cJSON *b = e.item;
        const char *ptr = e.ptr;
        regjson_ptr(pptr, ptr, "publisher");
        const cJSON *pub = regjson_obj(&rj, b, "publisher", ptr);
        struct pypi_publisher *o = &pubs[count++];
        o->kind = regjson_str(&rj, pub, "kind", pptr);
        o->repository = regjson_str(&rj, pub, "repository", pptr);
        o->workflow = regjson_str(&rj, pub, "workflow", pptr);
        if (!o->workflow)   /* GitLab names it workflow_filepath */
            o->workflow = regjson_str(&rj, pub, "workflow_filepath", pptr);
        o->environment = regjson_str(&rj, pub, "environment", pptr);
        o->email = regjson_str(&rj, pub, "email", pptr);
        o->n_attestations = regjson_count(regjson_arr(&rj, b, "attestations", ptr));
    }
    cJSON_Delete(root);
    if (regjson_failed(&rj))
        return false;
    *out = pubs;
    *n = count;
    return true;
}
