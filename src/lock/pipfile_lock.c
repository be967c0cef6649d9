/* Pipfile.lock (pipenv) into the graph: flat, sections as dev/groups, Pipfile for direct deps. */
#include "depvet/lock/pipfile_lock.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/core/json.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/vec.h"
#include "depvet/lock/jsonlock.h"
#include "depvet/lock/reader.h"

/* A Pipfile beside the lock larger than this is ignored. */
#define PIPFILE_MAX (1u * 1024 * 1024)

struct pip_reader {
    struct dep_graph *g;
    unsigned lf;
    const char *where;
    struct diag *d;
    const cJSON *sources;  /* _meta.sources */
    unsigned first_id;     /* id of this lockfile's first node */
    VEC(unsigned) next;    /* node - first_id -> next node of that name + 1 */
};

/* Versions of one name a merge looks at; hostile input may repeat a name
 * endlessly, and beyond this it only gets extra nodes. */
#define PIPFILE_MAX_VERSIONS 64

/* Top-level keys that are not package sections. */
static const char *const not_section_table[] = { "_meta" };

static bool is_section(const char *key)
{
    for (size_t i = 0; i < sizeof(not_section_table) / sizeof(*not_section_table); i++)
        if (strcmp(key, not_section_table[i]) == 0)
            return false;
    return true;
}

static void read_meta(struct pip_reader *r, const cJSON *doc)
{
    struct jsonlock_at at = { r->where, "", 1, r->d };
    const cJSON *meta = jsonlock_obj(&at, doc, "_meta");
    struct jsonlock_at mat = { r->where, "/_meta", jsonlock_line(meta), r->d };
    r->sources = jsonlock_arr(&mat, meta, "sources");
    const cJSON *src;
    unsigned n = 0;
    cJSON_ArrayForEach(src, r->sources) {
        char ptr[64];
        snprintf(ptr, sizeof(ptr), "/_meta/sources/%u", n++);
        struct jsonlock_at sat = { r->where, ptr, jsonlock_line(src), r->d };
        if (!cJSON_IsObject(src)) {
            jsonlock_type_error(&sat, NULL, "an object");
            return;
        }
        const char *url = jsonlock_str(&sat, src, "url");
        if (url)
            graph_lockfile_add_index(r->g, r->lf, url);
    }
    if (n > 1)
        r->g->lockfiles.items[r->lf].extra_index = true;
}

static const char *index_url(const struct pip_reader *r, const char *name)
{
    const cJSON *src;
    cJSON_ArrayForEach(src, r->sources)
        if (name && json_str(src, "name") && strcmp(json_str(src, "name"), name) == 0)
            return json_str(src, "url");
    return NULL;
}

/* "==1.2.3" or "===1.2.3" -> "1.2.3"; anything else pins no version (the
 * spec stays in `requirement`). */
static const char *pinned(const char *spec)
{
    if (spec && strncmp(spec, "===", 3) == 0)
        return spec + 3;
    if (spec && strncmp(spec, "==", 2) == 0)
        return spec + 2;
    return "";
}

struct entry {
    const char *version, *index, *markers, *git, *ref, *path, *file;
    const cJSON *hashes, *extras;
};

static bool read_entry(const struct jsonlock_at *at, const cJSON *e,
                       struct entry *out)
{
    static const struct { const char *key; size_t off; } str_table[] = {
        { "version", offsetof(struct entry, version) },
        { "index", offsetof(struct entry, index) },
        { "markers", offsetof(struct entry, markers) },
        { "git", offsetof(struct entry, git) },
        { "ref", offsetof(struct entry, ref) },
        { "path", offsetof(struct entry, path) },
        { "file", offsetof(struct entry, file) },
    };
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < sizeof(str_table) / sizeof(*str_table); i++)
        *(const char **)((char *)out + str_table[i].off) =
            jsonlock_str(at, e, str_table[i].key);
    out->hashes = jsonlock_arr(at, e, "hashes");
    out->extras = jsonlock_arr(at, e, "extras");
    return !diag_failed(at->d);
}

static void set_source(struct pip_reader *r, unsigned id, const struct entry *en)
{
    struct dep_node *n = graph_node(r->g, id);
    if (en->git) {
        n->source = SOURCE_GIT;
        n->source_url = graph_strdup(r->g, en->git);
        n->git_ref = graph_strdup(r->g, en->ref);
    } else if (en->path) {
        n->source = SOURCE_PATH;
        n->source_url = graph_strdup(r->g, en->path);
    } else if (en->file) {
        bool url = strstr(en->file, "://") != NULL;
        n->source = url ? SOURCE_URL : SOURCE_PATH;
        n->source_url = graph_strdup(r->g, en->file);
    } else if (en->index) {
        const char *url = index_url(r, en->index);
        n->repo = graph_strdup(r->g, en->index);
        n->source_url = graph_strdup(r->g, url);
        if (url && !strstr(url, "pypi.org") && !strstr(url, "pythonhosted.org"))
            n->flags |= DEP_PRIVATE;
    }
}

static void add_details(struct pip_reader *r, unsigned id, const struct entry *en,
                        const struct jsonlock_at *at)
{
    const cJSON *h;
    cJSON_ArrayForEach(h, en->hashes) {
        if (!cJSON_IsString(h)) {
            jsonlock_type_error(at, "hashes", "an array of strings");
            return;
        }
        const char *colon = strchr(h->valuestring, ':');
        if (!colon || colon == h->valuestring || colon - h->valuestring > 15)
            continue;
        char algo[16];
        size_t n = (size_t)(colon - h->valuestring);
        for (size_t i = 0; i < n; i++)
            algo[i] = (char)tolower((unsigned char)h->valuestring[i]);
        algo[n] = '\0';
        graph_node_add_checksum(r->g, id, algo, colon + 1, NULL);
    }
    const cJSON *x;
    cJSON_ArrayForEach(x, en->extras)
        if (cJSON_IsString(x))
            graph_node_add_group(r->g, id, x->valuestring);
}

/* The node an earlier section made for the same name, version and source
 * kind, following the chain of that name's nodes. */
static unsigned same_node(struct pip_reader *r, const char *name,
                          const char *version, const struct entry *en)
{
    unsigned id = graph_find(r->g, r->lf, name);
    enum source_kind kind = en->git ? SOURCE_GIT : en->path ? SOURCE_PATH
                          : en->file ? SOURCE_URL : SOURCE_REGISTRY;
    for (unsigned hops = 0; id != GRAPH_NONE && hops < PIPFILE_MAX_VERSIONS; hops++) {
        const struct dep_node *n = graph_node(r->g, id);
        enum source_kind nk = n->source == SOURCE_PATH && en->file ? SOURCE_URL : n->source;
        if (strcmp(n->version, version) == 0 && nk == kind)
            return id;
        unsigned next = r->next.items[id - r->first_id];
        id = next ? next - 1 : GRAPH_NONE;
    }
    return GRAPH_NONE;
}

/* Adds a node and links it behind the first node of its name. */
static unsigned new_node(struct pip_reader *r, const char *name, const char *version)
{
    unsigned first = graph_find(r->g, r->lf, name);
    unsigned id = graph_add_node(r->g, r->lf, ECO_PYPI, name, version);
    VEC_PUSH(&r->next, 0u);
    if (first != GRAPH_NONE) {
        r->next.items[id - r->first_id] = r->next.items[first - r->first_id];
        r->next.items[first - r->first_id] = id + 1;
    }
    return id;
}

static void read_section(struct pip_reader *r, const cJSON *sec)
{
    bool dev = strcmp(sec->string, "develop") == 0;
    bool category = !dev && strcmp(sec->string, "default") != 0;
    char sptr[256] = "";
    jsonlock_pointer_add(sptr, sizeof(sptr), sec->string);
    const cJSON *m;
    cJSON_ArrayForEach(m, sec) {
        char ptr[256];
        snprintf(ptr, sizeof(ptr), "%s", sptr);
        jsonlock_pointer_add(ptr, sizeof(ptr), m->string);
        struct jsonlock_at at = { r->where, ptr, jsonlock_line(m), r->d };
        struct entry en;
        if (!cJSON_IsObject(m)) {
            struct jsonlock_at sat = { r->where, sptr, jsonlock_line(sec), r->d };
            jsonlock_type_error(&sat, m->string, "an object");
            return;
        }
        if (!read_entry(&at, m, &en))
            return;
        const char *version = pinned(en.version);
        unsigned id = same_node(r, m->string, version, &en);
        if (id != GRAPH_NONE) {
            if (!dev)
                graph_node(r->g, id)->flags &= ~(unsigned)DEP_DEV;
        } else {
            id = new_node(r, m->string, version);
            struct dep_node *n = graph_node(r->g, id);
            n->flags = dev ? DEP_DEV : 0;
            n->line = at.line;
            if (en.markers || en.version)
                n->requirement = arena_printf(r->g->arena, "%s%s%s",
                                              en.version ? en.version : "",
                                              en.markers ? "; " : "",
                                              en.markers ? en.markers : "");
            set_source(r, id, &en);
            add_details(r, id, &en, &at);
        }
        if (category)
            graph_node_add_group(r->g, id, sec->string);
        if (diag_failed(r->d))
            return;
    }
}

/* ---- the Pipfile beside the lock ------------------------------------------ */

/* Normalised names from the Pipfile's package tables. */
struct name_vec {
    char **items;
    size_t len, cap;
};

static int key_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Tables whose keys are not package names. */
static const char *const pipfile_other_table[] = {
    "source", "requires", "scripts", "pipenv",
};

static bool package_table(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof(pipfile_other_table) / sizeof(*pipfile_other_table); i++)
        if (strlen(pipfile_other_table[i]) == n &&
            memcmp(name, pipfile_other_table[i], n) == 0)
            return false;
    return n > 0;
}

static void push_name(struct name_vec *names, const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '"' ||
                 s[n - 1] == '\''))
        n--;
    while (n && (*s == '"' || *s == '\'')) {
        s++;
        n--;
    }
    if (!n || n > 200)
        return;
    char raw[256], key[256];
    memcpy(raw, s, n);
    raw[n] = '\0';
    if (ecosystem_normalize_name(ECO_PYPI, raw, key, sizeof(key)) < sizeof(key))
        VEC_PUSH(names, xstrdup(key));
}

/* One line of the Pipfile: a [table] header or a `name = ...` key. */
static void scan_line(const char *s, size_t n, bool *in_pkgs, struct name_vec *names)
{
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    if (!n || *s == '#')
        return;
    if (*s == '[') {
        const char *close = memchr(s, ']', n);
        bool array = n > 1 && s[1] == '[';
        size_t hl = close ? (size_t)(close - s - 1) : 0;
        const char *dot = close ? memchr(s + 1, '.', hl) : NULL;
        size_t tl = dot ? (size_t)(dot - s - 1) : hl;
        *in_pkgs = !array && close && package_table(s + 1, tl) && !dot;
        if (!array && close && dot && package_table(s + 1, tl))
            push_name(names, dot + 1, (size_t)(close - dot - 1)); /* [packages.x] */
        return;
    }
    const char *eq = memchr(s, '=', n);
    if (*in_pkgs && eq)
        push_name(names, s, (size_t)(eq - s));
}

/* Marks the nodes named in the Pipfile's package tables DEP_DIRECT. */
static void mark_direct(struct pip_reader *r)
{
    struct diag ignore;
    diag_clear(&ignore);
    struct strbuf path = STRBUF_INIT;
    const char *slash = strrchr(r->where, '/');
    if (slash)
        strbuf_append(&path, r->where, (size_t)(slash - r->where + 1));
    strbuf_puts(&path, "Pipfile");
    size_t len = 0;
    char *text = file_exists(path.buf) ? file_read(path.buf, PIPFILE_MAX, &len, &ignore)
                                       : NULL;
    strbuf_fini(&path);
    if (!text)
        return;
    struct name_vec names = { 0 };
    bool in_pkgs = false;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        scan_line(p, n, &in_pkgs, &names);
        p += n + 1;
    }
    free(text);
    if (names.len)
        qsort(names.items, names.len, sizeof(char *), key_cmp);
    for (size_t i = 0; i < r->g->nodes.len && names.len; i++) {
        struct dep_node *n = &r->g->nodes.items[i];
        if (n->lockfile == r->lf &&
            bsearch(&n->key, names.items, names.len, sizeof(char *), key_cmp))
            n->flags |= DEP_DIRECT;
    }
    for (size_t i = 0; i < names.len; i++)
        free(names.items[i]);
    VEC_FREE(&names);
}

/* ---- entry points ----------------------------------------------------------- */

bool pipfile_lock_read(struct dep_graph *g, const char *path, const char *buf,
                       size_t len, struct diag *d)
{
    unsigned lf = graph_add_lockfile(g, path, "Pipfile.lock", ECO_PYPI);
    g->lockfiles.items[lf].flat = true;
    bool empty;
    cJSON *doc = jsonlock_open(g, lf, buf, len, path, &empty, d);
    if (!doc)
        return empty;
    struct pip_reader r = { .g = g, .lf = lf, .where = path, .d = d,
                            .first_id = (unsigned)g->nodes.len };
    read_meta(&r, doc);
    const cJSON *sec;
    cJSON_ArrayForEach(sec, doc) {
        if (diag_failed(d) || !is_section(sec->string))
            continue;
        if (!cJSON_IsObject(sec)) {
            struct jsonlock_at at = { path, "", jsonlock_line(sec), d };
            jsonlock_type_error(&at, sec->string, "an object");
            continue;
        }
        read_section(&r, sec);
    }
    if (!diag_failed(d))
        mark_direct(&r);
    VEC_FREE(&r.next);
    cJSON_Delete(doc);
    return !diag_failed(d);
}

bool pipfile_lock_sniff(const char *buf, size_t len)
{
    return jsonlock_is_object(buf, len) && jsonlock_head_has(buf, len, "\"_meta\"") &&
           (jsonlock_head_has(buf, len, "\"pipfile-spec\"") ||
            jsonlock_head_has(buf, len, "\"default\"") ||
            jsonlock_head_has(buf, len, "\"develop\""));
}
