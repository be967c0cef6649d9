/* Reputation model helpers: construction, lookup and merging of facts. */
#include "depvet/store/model.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "depvet/core/xmalloc.h"

static const char *const reg_dep_kind_table[] = {
    [REG_DEP_RUNTIME] = "runtime", [REG_DEP_DEV] = "dev",
    [REG_DEP_PEER] = "peer", [REG_DEP_OPTIONAL] = "optional",
};

const char *reg_dep_kind_name(enum reg_dep_kind k)
{
    return (unsigned)k < sizeof(reg_dep_kind_table) / sizeof(*reg_dep_kind_table)
               ? reg_dep_kind_table[k] : "?";
}

int64_t reg_add_sat(int64_t a, int64_t b)
{
    if (b > 0 && a > INT64_MAX - b)
        return INT64_MAX;
    if (b < 0 && a < INT64_MIN - b)
        return INT64_MIN;
    return a + b;
}

struct reg_package *reg_package_new(struct arena *a, enum ecosystem eco,
                                    const char *name)
{
    struct reg_package *p = arena_alloc(a, sizeof(*p));
    p->eco = eco;
    p->name = arena_strdup(a, name);
    p->downloads = (struct reg_downloads){REG_UNKNOWN, REG_UNKNOWN, REG_UNKNOWN,
                                          REG_UNKNOWN, REG_UNKNOWN, REG_UNKNOWN};
    p->dependents = p->direct_dependents = REG_UNKNOWN;
    return p;
}

void reg_release_init(struct reg_release *r)
{
    r->downloads = REG_UNKNOWN;
}

struct reg_release *reg_package_find_release(const struct reg_package *p,
                                             const char *version)
{
    if (!p || !version)
        return NULL;
    for (size_t i = 0; i < p->n_releases; i++)
        if (p->releases[i].version && strcmp(p->releases[i].version, version) == 0)
            return &p->releases[i];
    return NULL;
}

/* By version, then position: the first release of a version sorts first. */
static int release_key_cmp(const void *x, const void *y)
{
    const struct reg_release_key *a = x, *b = y;
    int c = strcmp(a->version, b->version);
    return c ? c : (a->at > b->at) - (a->at < b->at);
}

void reg_release_index_init(struct reg_release_index *ix, const struct reg_package *p)
{
    ix->releases = p->releases;
    ix->keys = xmalloc((p->n_releases + 1) * sizeof(*ix->keys));
    ix->n = 0;
    for (size_t i = 0; i < p->n_releases; i++)
        if (p->releases[i].version)
            ix->keys[ix->n++] = (struct reg_release_key){p->releases[i].version, i};
    qsort(ix->keys, ix->n, sizeof(*ix->keys), release_key_cmp);
}

struct reg_release *reg_release_index_find(const struct reg_release_index *ix,
                                           const char *version)
{
    if (!version)
        return NULL;
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ix->keys[mid].version, version) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ix->n && strcmp(ix->keys[lo].version, version) == 0
               ? &ix->releases[ix->keys[lo].at] : NULL;
}

void reg_release_index_fini(struct reg_release_index *ix)
{
    free(ix->keys);
    ix->keys = NULL;
    ix->n = 0;
}

/* Merging is "the first answer that knows wins": a field of dst still at
 * its unknown value takes src's.  The tables name the fields by offset, so
 * one loop serves every string and every number of a record. */
struct num_field {
    size_t off;
    int64_t unknown;
};

#define COUNT(t) (sizeof(t) / sizeof(*(t)))
#define FILL_N(dst, src, arr, n) \
    do { if (!(dst)->n) { (dst)->arr = (src)->arr; (dst)->n = (src)->n; } } while (0)

static void fill_strings(void *dst, const void *src, const size_t *offs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char **d = (const char **)((char *)dst + offs[i]);
        if (!*d)
            *d = *(const char *const *)((const char *)src + offs[i]);
    }
}

static void fill_numbers(void *dst, const void *src, const struct num_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t *d = (int64_t *)((char *)dst + f[i].off);
        if (*d == f[i].unknown)
            *d = *(const int64_t *)((const char *)src + f[i].off);
    }
}

#define REL(field) offsetof(struct reg_release, field)
static const size_t release_strings[] = {
    REL(publisher.name), REL(publisher.email), REL(status_reason), REL(status_message),
    REL(archive_url), REL(sha256), REL(integrity), REL(shasum), REL(license),
    REL(requires_python), REL(identity),
};
static const struct num_field release_numbers[] = {
    {REL(published), 0}, {REL(downloads), REG_UNKNOWN},
};

#define PKG(field) offsetof(struct reg_package, field)
static const size_t package_strings[] = {
    PKG(name), PKG(description), PKG(license), PKG(repository), PKG(homepage),
    PKG(latest_version), PKG(deprecation_message), PKG(status), PKG(source_url),
};
static const struct num_field package_numbers[] = {
    {PKG(created), 0}, {PKG(modified), 0}, {PKG(dependents), REG_UNKNOWN},
    {PKG(direct_dependents), REG_UNKNOWN},
    {PKG(downloads.total), REG_UNKNOWN}, {PKG(downloads.month), REG_UNKNOWN},
    {PKG(downloads.week), REG_UNKNOWN}, {PKG(downloads.day), REG_UNKNOWN},
};

static void merge_release(struct reg_release *d, const struct reg_release *s)
{
    fill_strings(d, s, release_strings, COUNT(release_strings));
    fill_numbers(d, s, release_numbers, COUNT(release_numbers));
    d->yanked |= s->yanked;
    d->retired |= s->retired;
    d->deprecated |= s->deprecated;
    d->has_install_script |= s->has_install_script;
    FILL_N(d, s, deps, n_deps);
    FILL_N(d, s, scripts, n_scripts);
    FILL_N(d, s, files, n_files);
    FILL_N(d, s, build_tools, n_build_tools);
    if (s->attest > d->attest)   /* an attested answer outranks a silent one */
        d->attest = s->attest;
}

static void merge_links(struct arena *a, struct reg_package *d,
                        const struct reg_package *s)
{
    if (!s->n_links)
        return;
    struct reg_link *l = arena_alloc(a, (d->n_links + s->n_links) * sizeof(*l));
    if (d->n_links)
        memcpy(l, d->links, d->n_links * sizeof(*l));
    size_t n = d->n_links;
    for (size_t i = 0; i < s->n_links; i++) {
        bool dup = false;
        for (size_t j = 0; j < n && !dup; j++)
            dup = l[j].url && s->links[i].url && strcmp(l[j].url, s->links[i].url) == 0;
        if (!dup)
            l[n++] = s->links[i];
    }
    d->links = l;
    d->n_links = n;
}

static void merge_releases(struct arena *a, struct reg_package *d,
                           const struct reg_package *s)
{
    /* Each src release fills the first dst release of its version; the
     * rest are appended in src order.  One sorted index of dst keeps it
     * O((n + m) log n). */
    struct reg_release_index ix;
    reg_release_index_init(&ix, d);
    unsigned char *fresh = xcalloc(s->n_releases + 1, 1);
    size_t extra = 0;
    for (size_t i = 0; i < s->n_releases; i++) {
        struct reg_release *r = reg_release_index_find(&ix, s->releases[i].version);
        if (r) {
            merge_release(r, &s->releases[i]);
        } else {
            fresh[i] = 1;
            extra++;
        }
    }
    reg_release_index_fini(&ix);
    if (extra) {
        size_t old = d->n_releases;
        struct reg_release *rs = arena_alloc(a, (old + extra) * sizeof(*rs));
        if (old)
            memcpy(rs, d->releases, old * sizeof(*rs));
        size_t n = old;
        for (size_t i = 0; i < s->n_releases; i++)
            if (fresh[i])
                rs[n++] = s->releases[i];
        d->releases = rs;
        d->n_releases = n;
    }
    free(fresh);
}

static const char *normalized(struct arena *a, enum ecosystem e, const char *name)
{
    size_t need = ecosystem_normalize_name(e, name, NULL, 0);
    char *out = arena_alloc(a, need + 1);
    ecosystem_normalize_name(e, name, out, need + 1);
    return out;
}

/* Anonymous facts (no name, e.g. a dependents count) fit any package. */
static bool same_package(struct arena *a, const struct reg_package *d,
                         const struct reg_package *s)
{
    bool eco_ok = d->eco == s->eco || d->eco == ECO_UNKNOWN || s->eco == ECO_UNKNOWN;
    if (!eco_ok)
        return false;
    if (!d->name || !s->name)
        return true;
    enum ecosystem e = d->eco != ECO_UNKNOWN ? d->eco : s->eco;
    return strcmp(normalized(a, e, d->name), normalized(a, e, s->name)) == 0;
}

bool reg_package_merge(struct arena *a, struct reg_package *dst,
                       const struct reg_package *src)
{
    if (!dst || !src || !same_package(a, dst, src))
        return false;
    fill_strings(dst, src, package_strings, COUNT(package_strings));
    fill_numbers(dst, src, package_numbers, COUNT(package_numbers));
    if (dst->eco == ECO_UNKNOWN)
        dst->eco = src->eco;
    dst->deprecated |= src->deprecated;
    if (dst->downloads.recent == REG_UNKNOWN) {   /* a count and its span go together */
        dst->downloads.recent = src->downloads.recent;
        dst->downloads.recent_days = src->downloads.recent_days;
    }
    FILL_N(dst, src, series, n_series);
    FILL_N(dst, src, owners, n_owners);
    merge_links(a, dst, src);
    merge_releases(a, dst, src);
    return true;
}

static const char *const repo_host_table[] = {
    "://github.com/", "://gitlab.com/", "://codeberg.org/", "://bitbucket.org/",
    "://git.sr.ht/", "@github.com:", "@gitlab.com:",
};
static const char *const repo_label_table[] = {
    "source", "repository", "source code", "code", "github", "gitlab",
};
static const char *const home_label_table[] = {"homepage", "home", "website"};

static const char *by_label(const struct reg_link *l, size_t n,
                            const char *const *labels, size_t nlabels)
{
    for (size_t k = 0; k < nlabels; k++)
        for (size_t i = 0; i < n; i++)
            if (l[i].label && l[i].url && strcasecmp(l[i].label, labels[k]) == 0)
                return l[i].url;
    return NULL;
}

/* "https://github.com/owner/repo" with at most a trailing ".git" or "/":
 * a repository root rather than a page inside one. */
static bool repo_root(const char *url, const char *host_end)
{
    unsigned segs = 0;
    for (const char *p = host_end; *p; p++)
        if (*p == '/' && p[1])
            segs++;
    return segs <= 1;
}

/* Best link: repository root on a forge (3), forge-ish label (2), any URL
 * on a forge (1). */
const char *reg_links_repository(const struct reg_link *l, size_t n)
{
    const char *best = NULL;
    int best_score = 0;
    for (size_t i = 0; i < n; i++) {
        if (!l[i].url)
            continue;
        int score = 0;
        for (size_t k = 0; k < COUNT(repo_host_table) && !score; k++) {
            const char *h = strstr(l[i].url, repo_host_table[k]);
            if (h)
                score = repo_root(l[i].url, h + strlen(repo_host_table[k])) ? 3 : 1;
        }
        for (size_t k = 0; k < COUNT(repo_label_table) && score < 2; k++)
            if (l[i].label && strcasecmp(l[i].label, repo_label_table[k]) == 0)
                score = 2;
        if (score > best_score) {
            best = l[i].url;
            best_score = score;
        }
    }
    return best;
}

const char *reg_links_homepage(const struct reg_link *l, size_t n)
{
    return by_label(l, n, home_label_table, COUNT(home_label_table));
}

static const struct {
    const char *prefix;       /* stripped */
    const char *host;         /* what it stands for, NULL: keep the rest */
} repo_prefix_table[] = {
    {"git+https://", NULL}, {"git+http://", NULL}, {"https://", NULL}, {"http://", NULL},
    {"git+ssh://git@", NULL}, {"ssh://git@", NULL}, {"git://", NULL}, {"git@", NULL},
    {"github:", "github.com/"}, {"gitlab:", "gitlab.com/"}, {"bitbucket:", "bitbucket.org/"},
};

const char *reg_repo_url(struct arena *a, const char *url)
{
    const char *rest = NULL, *host = "";
    for (size_t i = 0; !rest && i < sizeof(repo_prefix_table) / sizeof(*repo_prefix_table); i++) {
        size_t n = strlen(repo_prefix_table[i].prefix);
        if (strncmp(url, repo_prefix_table[i].prefix, n) == 0) {
            rest = url + n;
            host = repo_prefix_table[i].host ? repo_prefix_table[i].host : "";
        }
    }
    if (!rest) {
        /* npm's "user/repo" shorthand means GitHub. */
        const char *slash = strchr(url, '/');
        if (!slash || strchr(slash + 1, '/') || strchr(url, ':') || slash == url || !slash[1])
            return url;
        rest = url;
        host = "github.com/";
    }
    size_t len = strlen(rest);
    if (len > 4 && strcmp(rest + len - 4, ".git") == 0)
        len -= 4;
    char *out = arena_printf(a, "https://%s%.*s", host, (int)len, rest);
    /* scp style "github.com:user/repo" (not a port) names a path. */
    char *colon = strchr(out + 8, ':'), *slash = strchr(out + 8, '/');
    if (colon && (!slash || colon < slash) && !(colon[1] >= '0' && colon[1] <= '9'))
        *colon = '/';
    return out;
}
