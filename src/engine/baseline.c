/* Which of check's findings a previous run's JSON already reported: keys
 * built alike from both sides, sorted for binary search. */
#include "depvet/engine/baseline.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/core/json.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/xmalloc.h"

#define SEP '\x1f'   /* between key parts: no name, rule or path holds it raw */

struct entry {
    char *key;
    enum severity severity;
    const char *lockfile;   /* a lockfile's own finding: its path (in key), else NULL */
    const cJSON *src;       /* the finding's object, in the document's tree */
    bool seen;
};

struct baseline {
    struct entry *items;    /* sorted by key */
    size_t n;
};

/* rule, ecosystem, normalised name, version, path, line hash; a lockfile
 * finding (no name) has only its rule. */
static char *make_key(const char *rule, enum ecosystem eco, const char *name,
                      const char *version, const char *path, const char *line)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, rule);
    if (name) {
        size_t need = ecosystem_normalize_name(eco, name, NULL, 0);
        char *norm = xmalloc(need + 1);
        ecosystem_normalize_name(eco, name, norm, need + 1);
        strbuf_printf(&sb, "%c%s%c%s%c%s%c%s%c%s", SEP, ecosystem_name(eco), SEP, norm, SEP,
                      version ? version : "", SEP, path ? path : "", SEP, line ? line : "");
        free(norm);
    }
    return strbuf_take(&sb);
}

static int entry_cmp(const void *x, const void *y)
{
    const struct entry *a = x, *b = y;
    return strcmp(a->key, b->key);
}

/* One finding of the JSON; false with d set when it is malformed. */
static bool read_entry(const cJSON *f, const char *where, const char *ptr, struct entry *e,
                       struct diag *d)
{
    const char *rule = json_str_checked(f, "rule", where, ptr, d);
    const char *sev = json_str_checked(f, "severity", where, ptr, d);
    const char *eco_s = json_str_checked(f, "ecosystem", where, ptr, d);
    const char *name = json_str_checked(f, "name", where, ptr, d);
    const char *version = json_str_checked(f, "version", where, ptr, d);
    const char *lock = json_str_checked(f, "lockfile", where, ptr, d);
    const char *path = json_str_checked(f, "path", where, ptr, d);
    const char *line = json_str_checked(f, "line_sha256", where, ptr, d);
    enum ecosystem eco = ECO_UNKNOWN;
    const char *why = diag_failed(d)                       ? NULL
                      : !cJSON_IsObject(f)                 ? "a finding is an object"
                      : !rule || !sev                      ? "a finding has a rule and a severity"
                      : !severity_parse(sev, &e->severity) ? "unknown severity"
                      : name && (!eco_s || !ecosystem_parse(eco_s, &eco))
                          ? "a package's finding names a known ecosystem"
                          : !name && !lock ? "a finding names a package or a lockfile" : NULL;
    if (why) {
        diag_set(d, DIAG_SYNTAX, where, 0, 0, "%s", why);
        diag_set_pointer(d, ptr);
    }
    if (diag_failed(d))
        return false;
    e->key = make_key(rule, eco, name, version, path, line);
    e->lockfile = name ? NULL : lock;
    e->src = f;
    e->seen = false;
    return true;
}

static bool read_list(struct baseline *b, const cJSON *arr, const char *key, const char *where,
                      struct diag *d)
{
    if (arr && !cJSON_IsArray(arr)) {
        diag_set(d, DIAG_SYNTAX, where, 0, 0, "expected an array");
        diag_set_pointer(d, key);
        return false;
    }
    size_t i = 0;
    for (const cJSON *f = arr ? arr->child : NULL; f; f = f->next, i++) {
        char ptr[64];
        snprintf(ptr, sizeof ptr, "%s/%zu", key, i);
        if (!read_entry(f, where, ptr, &b->items[b->n], d))
            return false;
        b->n++;
    }
    return true;
}

/* The lockfile paths stay inside root: entries point at them. */
struct baseline_doc {
    struct baseline b;
    cJSON *root;
};

struct baseline *baseline_parse(const char *text, size_t len, const char *where,
                                struct diag *d)
{
    cJSON *root = json_parse(text, len, where, d);
    if (!root)
        return NULL;
    const char *schema = json_str(root, "schema");
    const cJSON *fs = cJSON_GetObjectItemCaseSensitive(root, "findings");
    const cJSON *ack = cJSON_GetObjectItemCaseSensitive(root, "acknowledged");
    if (!cJSON_IsObject(root) || !schema || strcmp(schema, "depvet.check/1") != 0 || !fs) {
        diag_set(d, DIAG_UNSUPPORTED, where, 0, 0,
                 "not the output of 'depvet check --format json' (no \"schema\": "
                 "\"depvet.check/1\" with its findings)");
        cJSON_Delete(root);
        return NULL;
    }
    struct baseline_doc *doc = xcalloc(1, sizeof *doc);
    doc->root = root;
    doc->b.items = xcalloc((size_t)cJSON_GetArraySize(fs) + (size_t)cJSON_GetArraySize(ack) + 1,
                           sizeof *doc->b.items);
    if (!read_list(&doc->b, fs, "/findings", where, d) ||
        !read_list(&doc->b, ack, "/acknowledged", where, d)) {
        baseline_free(&doc->b);
        return NULL;
    }
    qsort(doc->b.items, doc->b.n, sizeof *doc->b.items, entry_cmp);
    return &doc->b;
}

struct baseline *baseline_read(const char *path, struct diag *d)
{
    size_t len = 0;
    char *text = file_read(path, BASELINE_MAX_BYTES, &len, d);
    if (!text)
        return NULL;
    struct baseline *b = baseline_parse(text, len, path, d);
    free(text);
    return b;
}

void baseline_free(struct baseline *b)
{
    if (!b)
        return;
    struct baseline_doc *doc = (struct baseline_doc *)b;
    for (size_t i = 0; i < b->n; i++)
        free(b->items[i].key);
    free(b->items);
    cJSON_Delete(doc->root);
    free(doc);
}

size_t baseline_count(const struct baseline *b)
{
    return b ? b->n : 0;
}

/* path is rel, or ends in "/" rel. */
static bool path_ends_in(const char *path, const char *rel)
{
    size_t n = strlen(path), m = strlen(rel);
    return m && n >= m && strcmp(path + n - m, rel) == 0 && (n == m || path[n - m - 1] == '/');
}

/* The worst severity among the entries matching f (marking them), or -1. */
static int match(struct baseline *b, const struct finding *f, const struct dep_graph *g,
                 const char *project)
{
    const struct dep_node *n = f->node == GRAPH_NONE ? NULL : &g->nodes.items[f->node];
    char *key = make_key(f->rule, n ? n->eco : ECO_UNKNOWN, n ? n->name : NULL,
                         n ? n->version : NULL, f->path, f->line_sha256);
    const char *rel = n ? NULL : file_relative(project, g->lockfiles.items[f->lockfile].path);
    int worst = -1;
    struct entry probe = {key, SEV_INFO, NULL, NULL, false};
    struct entry *hit = bsearch(&probe, b->items, b->n, sizeof *b->items, entry_cmp);
    /* Back to the first of the run of equal keys. */
    while (hit && hit > b->items && strcmp(hit[-1].key, key) == 0)
        hit--;
    for (; hit && hit < b->items + b->n && strcmp(hit->key, key) == 0; hit++) {
        if (rel && !(hit->lockfile && path_ends_in(hit->lockfile, rel)))
            continue;
        if (!n && !hit->lockfile)
            continue;
        hit->seen = true;
        if ((int)hit->severity > worst)
            worst = (int)hit->severity;
    }
    free(key);
    return worst;
}

size_t baseline_mark(struct baseline *b, const struct findings *fs, const struct dep_graph *g,
                     const char *project, bool *is_new)
{
    size_t fresh = 0;
    for (size_t i = 0; i < fs->items.len; i++) {
        const struct finding *f = &fs->items.items[i];
        is_new[i] = match(b, f, g, project) < (int)f->severity;
        fresh += is_new[i];
    }
    return fresh;
}

size_t baseline_gone(const struct baseline *b)
{
    size_t n = 0;
    for (size_t i = 0; b && i < b->n; i++)
        n += !b->items[i].seen;
    return n;
}

bool baseline_gone_next(const struct baseline *b, size_t *pos, struct baseline_entry_view *out)
{
    while (b && *pos < b->n && b->items[*pos].seen)
        (*pos)++;
    if (!b || *pos >= b->n)
        return false;
    const struct entry *e = &b->items[(*pos)++];
    const cJSON *f = e->src;
    memset(out, 0, sizeof *out);
    out->rule = json_str(f, "rule");
    out->name = json_str(f, "name");
    out->version = json_str(f, "version");
    out->lockfile = json_str(f, "lockfile");
    out->message = json_str(f, "message");
    out->path = json_str(f, "path");
    out->line_sha256 = json_str(f, "line_sha256");
    out->severity = e->severity;
    out->eco = ECO_UNKNOWN;
    if (out->name)
        ecosystem_parse(json_str(f, "ecosystem"), &out->eco);
    return true;
}

size_t baseline_entry_lockfile(const struct baseline_entry_view *e, const struct dep_graph *g,
                               const char *project)
{
    for (size_t i = 0; e->lockfile && i < g->lockfiles.len; i++)
        if (path_ends_in(e->lockfile, file_relative(project, g->lockfiles.items[i].path)))
            return i;
    return SIZE_MAX;
}

void baseline_marks_build(struct baseline_marks *m, struct baseline *b,
                          const struct findings *fs, const struct findings *acked,
                          const struct dep_graph *g, const char *project)
{
    memset(m, 0, sizeof *m);
    if (!b)
        return;
    m->is_new = xcalloc(fs->items.len + 1, sizeof *m->is_new);
    m->acked_new = xcalloc(acked->items.len + 1, sizeof *m->acked_new);
    m->n_new = baseline_mark(b, fs, g, project, m->is_new);
    baseline_mark(b, acked, g, project, m->acked_new);
    m->n_gone = baseline_gone(b);
    m->n_base = baseline_count(b);
    m->base = b;
}

void baseline_marks_fini(struct baseline_marks *m)
{
    free(m->is_new);
    free(m->acked_new);
    memset(m, 0, sizeof *m);
}
