/* SARIF 2.1.0 writer for `check` and `scan`, built through cJSON so every
 * string is escaped once and right.  Deterministic: rules sorted by id,
 * results in the command's order, fingerprints from content only. */
#include "depvet/cli/out_sarif.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/core/hash.h"
#include "depvet/core/json.h"
#include "depvet/core/strbuf.h"
#include "depvet/engine/catalog.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define DEPVET_URI "https://github.com/depvet/depvet"
#define LOCK_MAX (64u << 20)

/* Level and GitHub's security-severity per severity. */
static const struct {
    const char *level, *score;
} sev_table[SEV_COUNT] = {
    [SEV_INFO] = {"note", "0.0"}, [SEV_LOW] = {"note", "3.0"},
    [SEV_MEDIUM] = {"warning", "5.5"}, [SEV_HIGH] = {"error", "8.0"},
    [SEV_CRITICAL] = {"error", "9.5"},
};

static void add_text(cJSON *obj, const char *key, const char *text)
{
    cJSON *m = cJSON_AddObjectToObject(obj, key);
    cJSON_AddStringToObject(m, "text", text ? text : "");
}

/* A path as a URI reference: every byte but A-Z a-z 0-9 - . _ ~ / is
 * percent-encoded, so a ':' cannot read as a scheme nor '#' '?' '%' or a
 * space end or change the path. */
static void uri_put(struct strbuf *sb, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            strbuf_putc(sb, (char)*p);
        else
            strbuf_printf(sb, "%%%02X", *p);
    }
}

/* artifactLocation of a path: relative ones under %SRCROOT% (where the
 * command ran), absolute ones as file:// URIs. */
static void add_artifact(cJSON *pl, const char *path)
{
    struct strbuf u = STRBUF_INIT;
    if (path[0] == '/')
        strbuf_puts(&u, "file://");
    uri_put(&u, path);
    cJSON *al = cJSON_AddObjectToObject(pl, "artifactLocation");
    cJSON_AddStringToObject(al, "uri", strbuf_str(&u));
    if (path[0] != '/')
        cJSON_AddStringToObject(al, "uriBaseId", "%SRCROOT%");
    strbuf_fini(&u);
}

/* partialFingerprints["depvet/v1"]: SHA-256 of the parts, one a line. */
static void add_fingerprint(cJSON *res, const char *const *parts, size_t n)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        strbuf_puts(&sb, parts[i] ? parts[i] : "");
        strbuf_putc(&sb, '\n');
    }
    unsigned char d[32];
    char hex[65];
    hash_buffer(HASH_SHA256, sb.buf, sb.len, d);
    hash_hex_encode(d, 32, hex);
    cJSON *fp = cJSON_AddObjectToObject(res, "partialFingerprints");
    cJSON_AddStringToObject(fp, "depvet/v1", hex);
    strbuf_fini(&sb);
}

static cJSON *rule_json(const struct catalog_rule *cr)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "id", cr->id);
    cJSON_AddStringToObject(r, "name", cr->id);
    add_text(r, "shortDescription", cr->summary);
    add_text(r, "fullDescription", cr->rationale);
    struct strbuf help = STRBUF_INIT;
    strbuf_printf(&help, "%s.\n\n%s", cr->summary, cr->rationale);
    for (size_t i = 0; i < cr->n_references; i++)
        strbuf_printf(&help, "\n%s", cr->references[i]);
    add_text(r, "help", strbuf_str(&help));
    strbuf_fini(&help);
    cJSON *dc = cJSON_AddObjectToObject(r, "defaultConfiguration");
    cJSON_AddStringToObject(dc, "level", sev_table[cr->severity].level);
    cJSON *props = cJSON_AddObjectToObject(r, "properties");
    /* GitHub reads security-severity as a string holding a number. */
    cJSON_AddStringToObject(props, "security-severity", sev_table[cr->severity].score);
    cJSON *tags = cJSON_AddArrayToObject(props, "tags");
    cJSON_AddItemToArray(tags, cJSON_CreateString("security"));
    cJSON_AddItemToArray(tags, cJSON_CreateString("supply-chain"));
    cJSON_AddItemToArray(tags, cJSON_CreateString(cr->kind));
    cJSON_AddStringToObject(props, "severity", severity_name(cr->severity));
    return r;
}

/* SHA-256 hex of line `line` (1-based) of text, "" when out of range. */
static void line_hash(const char *text, size_t len, unsigned line, char out[65])
{
    out[0] = '\0';
    const char *p = text, *end = text + len;
    for (unsigned l = 1; p && l < line; l++) {
        p = memchr(p, '\n', (size_t)(end - p));
        p = p ? p + 1 : NULL;
    }
    if (!p || !line || p > end)
        return;
    const char *e = memchr(p, '\n', (size_t)(end - p));
    size_t n = e ? (size_t)(e - p) : (size_t)(end - p);
    if (n && p[n - 1] == '\r')
        n--;
    unsigned char d[32];
    if (hash_buffer(HASH_SHA256, p, n, d))
        hash_hex_encode(d, 32, out);
}

struct lock_texts {
    char **text;
    size_t *len;
};

static void fingerprint(cJSON *res, const struct finding *f, const struct dep_node *n,
                        const char *path, const char *lhash)
{
    const char *parts[] = {f->rule, n ? ecosystem_name(n->eco) : "", n ? n->key : "",
                           n ? n->version : "", f->path ? f->path : path,
                           f->line_sha256 ? f->line_sha256 : lhash};
    add_fingerprint(res, parts, sizeof parts / sizeof *parts);
}

/* An archive member (or a folder's file) and its line, as a logical
 * location: code scanning shows it where no file of the checkout is. */
static void add_logical(cJSON *loc, const char *name, const char *fqn)
{
    cJSON *ll = cJSON_AddArrayToObject(loc, "logicalLocations");
    cJSON *l = cJSON_CreateObject();
    cJSON_AddItemToArray(ll, l);
    cJSON_AddStringToObject(l, "name", name);
    cJSON_AddStringToObject(l, "fullyQualifiedName", fqn);
    cJSON_AddStringToObject(l, "kind", "member");
}

static void add_locations(cJSON *res, const struct finding *f, const struct dep_node *n,
                          const char *uri, unsigned line)
{
    cJSON *locs = cJSON_AddArrayToObject(res, "locations");
    cJSON *loc = cJSON_CreateObject();
    cJSON_AddItemToArray(locs, loc);
    cJSON *pl = cJSON_AddObjectToObject(loc, "physicalLocation");
    add_artifact(pl, uri);
    cJSON *rg = cJSON_AddObjectToObject(pl, "region");
    cJSON_AddNumberToObject(rg, "startLine", line ? line : 1);
    if (!f->path || !n)
        return;
    /* A scanner hit: the member of the package's archive, and its line. */
    struct strbuf fq = STRBUF_INIT;
    strbuf_printf(&fq, "%s/%s@%s/%s", ecosystem_name(n->eco), n->name, n->version, f->path);
    if (f->path_line)
        strbuf_printf(&fq, ":%u", f->path_line);
    add_logical(loc, f->path, strbuf_str(&fq));
    strbuf_fini(&fq);
}

/* A result of rule at sev: its id, index in the catalogue and level. */
static cJSON *result_new(const struct catalog *cat, const char *rule, enum severity sev)
{
    cJSON *res = cJSON_CreateObject();
    cJSON_AddStringToObject(res, "ruleId", rule);
    size_t k = catalog_find(cat, rule);
    if (k != (size_t)-1)
        cJSON_AddNumberToObject(res, "ruleIndex", (double)k);
    cJSON_AddStringToObject(res, "level", sev_table[sev].level);
    return res;
}

/* fresh: NULL without a baseline, else whether the baseline lacks f. */
static cJSON *result_json(const struct out_check *r, const struct catalog *cat,
                          const struct lock_texts *lt, const struct finding *f, bool acked,
                          const bool *fresh)
{
    const struct dep_node *n = f->node == GRAPH_NONE ? NULL : &r->g->nodes.items[f->node];
    cJSON *res = result_new(cat, f->rule, f->severity);
    if (fresh)
        cJSON_AddStringToObject(res, "baselineState", *fresh ? "new" : "unchanged");
    struct strbuf msg = STRBUF_INIT;
    if (n)
        strbuf_printf(&msg, "%s %s %s: ", ecosystem_name(n->eco), n->name,
                      n->version[0] ? n->version : "(unpinned)");
    strbuf_puts(&msg, f->message);
    add_text(res, "message", strbuf_str(&msg));
    strbuf_fini(&msg);
    const char *uri = file_relative(r->project, r->g->lockfiles.items[f->lockfile].path);
    unsigned line = n ? n->line : 0;
    char lhash[65] = "";
    if (lt->text[f->lockfile])
        line_hash(lt->text[f->lockfile], lt->len[f->lockfile], line ? line : 1, lhash);
    add_locations(res, f, n, uri, line);
    fingerprint(res, f, n, uri, lhash);
    cJSON *props = cJSON_AddObjectToObject(res, "properties");
    cJSON_AddStringToObject(props, "severity", severity_name(f->severity));
    if (n) {
        cJSON_AddStringToObject(props, "ecosystem", ecosystem_name(n->eco));
        cJSON_AddStringToObject(props, "package", n->name);
        cJSON_AddStringToObject(props, "version", n->version);
    }
    if (f->evidence && !acked)
        cJSON_AddStringToObject(props, "evidence", f->evidence);
    if (acked) {
        cJSON *sup = cJSON_AddArrayToObject(res, "suppressions");
        cJSON *s = cJSON_CreateObject();
        cJSON_AddItemToArray(sup, s);
        cJSON_AddStringToObject(s, "kind", "external");
        cJSON_AddStringToObject(s, "status", "accepted");
        cJSON_AddStringToObject(s, "justification", f->ack_reason ? f->ack_reason : "");
    }
    return res;
}

/* A baseline finding no finding matched: baselineState "absent", at its
 * lockfile when that is one of this run's (the pin's line is gone with
 * it), without a fingerprint (its line's text is not known here). */
static cJSON *absent_json(const struct out_check *r, const struct catalog *cat,
                          const struct baseline_entry_view *e)
{
    cJSON *res = result_new(cat, e->rule, e->severity);
    cJSON_AddStringToObject(res, "baselineState", "absent");
    struct strbuf msg = STRBUF_INIT;
    if (e->name)
        strbuf_printf(&msg, "%s %s %s: ", ecosystem_name(e->eco), e->name,
                      e->version && e->version[0] ? e->version : "(unpinned)");
    strbuf_printf(&msg, "no longer found (the baseline said: %s)",
                  e->message ? e->message : e->rule);
    add_text(res, "message", strbuf_str(&msg));
    strbuf_fini(&msg);
    size_t lock = baseline_entry_lockfile(e, r->g, r->project);
    if (lock != SIZE_MAX) {
        cJSON *loc = cJSON_CreateObject();
        cJSON_AddItemToArray(cJSON_AddArrayToObject(res, "locations"), loc);
        add_artifact(cJSON_AddObjectToObject(loc, "physicalLocation"),
                     file_relative(r->project, r->g->lockfiles.items[lock].path));
    }
    cJSON *props = cJSON_AddObjectToObject(res, "properties");
    cJSON_AddStringToObject(props, "severity", severity_name(e->severity));
    if (e->name) {
        cJSON_AddStringToObject(props, "ecosystem", ecosystem_name(e->eco));
        cJSON_AddStringToObject(props, "package", e->name);
        cJSON_AddStringToObject(props, "version", e->version ? e->version : "");
    }
    if (e->path)
        cJSON_AddStringToObject(props, "path", e->path);
    return res;
}

static cJSON *coverage_json(const struct coverage *c)
{
    cJSON *o = cJSON_CreateObject();
    const struct { const char *key; unsigned v; } rows[] = {
        {"pins", c->pins}, {"with_facts", c->with_facts}, {"without_facts", c->without_facts},
        {"private", c->private_pins}, {"stale_facts", c->stale}, {"osv_asked", c->osv_asked},
        {"reviewed", c->reviewed}, {"exempted", c->exempted}, {"trusted", c->trusted},
        {"unreviewed", c->unreviewed}, {"not_required", c->not_required},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        cJSON_AddNumberToObject(o, rows[i].key, rows[i].v);
    cJSON_AddNumberToObject(o, "advisories", (double)c->advisories);
    return o;
}

static cJSON *driver_json(const struct catalog *cat)
{
    cJSON *drv = cJSON_CreateObject();
    cJSON_AddStringToObject(drv, "name", "depvet");
    cJSON_AddStringToObject(drv, "version", DEPVET_VERSION);
    cJSON_AddStringToObject(drv, "semanticVersion", DEPVET_VERSION);
    cJSON_AddStringToObject(drv, "informationUri", DEPVET_URI);
    cJSON *rules = cJSON_AddArrayToObject(drv, "rules");
    for (size_t i = 0; i < cat->n; i++)
        cJSON_AddItemToArray(rules, rule_json(&cat->rules[i]));
    return drv;
}

static void read_locks(const struct dep_graph *g, struct lock_texts *lt)
{
    lt->text = calloc(g->lockfiles.len + 1, sizeof *lt->text);
    lt->len = calloc(g->lockfiles.len + 1, sizeof *lt->len);
    for (size_t i = 0; i < g->lockfiles.len; i++) {
        struct diag d;
        diag_clear(&d);
        lt->text[i] = file_read(g->lockfiles.items[i].path, LOCK_MAX, &lt->len[i], &d);
    }
}

/* An empty SARIF log of one run with depvet and cat's rules as its tool;
 * *results gets the run's results array. */
static cJSON *log_new(const struct catalog *cat, cJSON **run, cJSON **results)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "$schema", SARIF_SCHEMA);
    cJSON_AddStringToObject(root, "version", "2.1.0");
    *run = cJSON_CreateObject();
    cJSON_AddItemToArray(cJSON_AddArrayToObject(root, "runs"), *run);
    cJSON *tool = cJSON_AddObjectToObject(*run, "tool");
    cJSON_AddItemToObject(tool, "driver", driver_json(cat));
    *results = cJSON_AddArrayToObject(*run, "results");
    cJSON_AddStringToObject(*run, "columnKind", "unicodeCodePoints");
    return root;
}

/* Prints and frees root.  Through json_text_safe: hostile names reach no
 * consumer raw. */
static bool log_emit(FILE *out, cJSON *root)
{
    char *text = cJSON_PrintUnformatted(root);
    struct strbuf sb = STRBUF_INIT;
    if (text)
        json_text_safe(&sb, text);
    strbuf_putc(&sb, '\n');
    bool ok = text && fwrite(sb.buf, 1, sb.len, out) == sb.len && fflush(out) == 0;
    free(text);
    strbuf_fini(&sb);
    cJSON_Delete(root);
    return ok;
}

bool out_sarif_check(FILE *out, const struct out_check *r)
{
    struct catalog cat;
    catalog_init(&cat, r->rs);
    struct lock_texts lt;
    read_locks(r->g, &lt);
    cJSON *run, *results;
    cJSON *root = log_new(&cat, &run, &results);
    const struct baseline_marks *bm = r->bm;
    for (size_t i = 0; i < r->fs->items.len; i++)
        if (r->fs->items.items[i].severity >= r->min)
            cJSON_AddItemToArray(results, result_json(r, &cat, &lt, &r->fs->items.items[i], false,
                                                      bm && bm->is_new ? &bm->is_new[i] : NULL));
    for (size_t i = 0; i < r->acked->items.len; i++)
        cJSON_AddItemToArray(results, result_json(r, &cat, &lt, &r->acked->items.items[i], true,
                                                  bm && bm->acked_new ? &bm->acked_new[i] : NULL));
    struct baseline_entry_view gone;
    for (size_t pos = 0; bm && baseline_gone_next(bm->base, &pos, &gone);)
        if (gone.severity >= r->min)
            cJSON_AddItemToArray(results, absent_json(r, &cat, &gone));
    cJSON *props = cJSON_AddObjectToObject(run, "properties");
    cJSON_AddItemToObject(props, "coverage", coverage_json(r->cov));
    bool ok = log_emit(out, root);
    for (size_t i = 0; i < r->g->lockfiles.len; i++)
        free(lt.text[i]);
    free(lt.text);
    free(lt.len);
    catalog_fini(&cat);
    return ok;
}

/* ---- depvet scan ------------------------------------------------------- */

/* The scanner's rules and archive problems of the whole catalogue: what a
 * scan can report.  Shares all's strings. */
static void scanner_rules(const struct catalog *all, struct catalog *sub)
{
    memset(sub, 0, sizeof *sub);
    sub->rules = calloc(all->n + 1, sizeof *sub->rules);
    for (size_t i = 0; sub->rules && i < all->n; i++)
        if (!strcmp(all->rules[i].kind, "scanner") || !strcmp(all->rules[i].kind, "archive"))
            sub->rules[sub->n++] = all->rules[i];
}

/* target as a path: "./" in front and '/' at the end dropped, "." none.
 * Returns where it starts; *n gets its length. */
static const char *trim_target(const char *target, size_t *n)
{
    while (target[0] == '.' && target[1] == '/')
        target += 2;
    *n = strlen(target);
    while (*n > 1 && target[*n - 1] == '/')
        (*n)--;
    if (*n == 1 && target[0] == '.')
        *n = 0;
    return target;
}

/* target, then file under it when file is not NULL. */
static void target_path(struct strbuf *sb, const char *target, const char *file)
{
    size_t n;
    const char *t = trim_target(target, &n);
    strbuf_printf(sb, "%.*s", (int)n, t);
    if (file && n && t[n - 1] != '/')
        strbuf_putc(sb, '/');
    if (file)
        strbuf_puts(sb, file);
}

/* A folder's file is a file of the checkout (the region is its line); an
 * archive's member is not, so the archive is the physical location and
 * the member and line the logical one; a release has only the latter. */
static void scan_locations(cJSON *res, const struct out_scan *q, const struct scan_hit *h)
{
    cJSON *loc = cJSON_CreateObject();
    cJSON_AddItemToArray(cJSON_AddArrayToObject(res, "locations"), loc);
    struct strbuf sb = STRBUF_INIT;
    if (q->kind != OUT_SCAN_RELEASE)
        target_path(&sb, q->target, q->kind == OUT_SCAN_FOLDER ? h->file : NULL);
    if (sb.len) {
        cJSON *pl = cJSON_AddObjectToObject(loc, "physicalLocation");
        add_artifact(pl, strbuf_str(&sb));
        if (q->kind == OUT_SCAN_FOLDER && h->line)
            cJSON_AddNumberToObject(cJSON_AddObjectToObject(pl, "region"), "startLine", h->line);
    }
    if (h->file[0]) {
        strbuf_reset(&sb);
        target_path(&sb, q->target, h->file);
        if (h->line)
            strbuf_printf(&sb, ":%u", h->line);
        add_logical(loc, h->file, strbuf_str(&sb));
    }
    strbuf_fini(&sb);
}

static cJSON *hit_json(const struct out_scan *q, const struct catalog *cat,
                       const struct scan_hit *h)
{
    enum severity sev = (unsigned)h->severity < SEV_COUNT ? (enum severity)h->severity
                                                         : SEV_CRITICAL;
    struct strbuf id = STRBUF_INIT;
    strbuf_printf(&id, "scan:%s", h->rule);
    cJSON *res = result_new(cat, strbuf_str(&id), sev);
    add_text(res, "message", h->message);
    scan_locations(res, q, h);
    /* The line's content, not its number: an edit above it moves no alert. */
    const char *parts[] = {strbuf_str(&id), h->file, h->line_sha256};
    add_fingerprint(res, parts, sizeof parts / sizeof *parts);
    cJSON *props = cJSON_AddObjectToObject(res, "properties");
    cJSON_AddStringToObject(props, "severity", severity_name(sev));
    cJSON_AddStringToObject(props, "file", h->file);
    cJSON_AddNumberToObject(props, "line", h->line);
    if (h->excerpt && h->excerpt[0])
        cJSON_AddStringToObject(props, "excerpt", h->excerpt);
    strbuf_fini(&id);
    return res;
}

bool out_sarif_scan(FILE *out, const struct out_scan *q)
{
    struct catalog all, cat;
    catalog_init(&all, q->rs);
    scanner_rules(&all, &cat);
    cJSON *run, *results;
    cJSON *root = log_new(&cat, &run, &results);
    const struct scan_result *r = q->res;
    for (size_t i = 0; i < r->n_hits; i++)
        if ((int)r->hits[i].severity >= (int)q->min)
            cJSON_AddItemToArray(results, hit_json(q, &cat, &r->hits[i]));
    cJSON *props = cJSON_AddObjectToObject(run, "properties");
    cJSON_AddStringToObject(props, "target", q->target);
    cJSON_AddStringToObject(props, "ecosystem",
                            r->ecosystem == ECO_UNKNOWN ? "" : ecosystem_name(r->ecosystem));
    cJSON_AddStringToObject(props, "rules_digest", q->rs->digest_hex);
    cJSON_AddNumberToObject(props, "files_text", (double)r->files_text);
    cJSON_AddNumberToObject(props, "files_binary", (double)r->files_binary);
    cJSON_AddNumberToObject(props, "bytes_text", (double)r->bytes_text);
    bool ok = log_emit(out, root);
    free(cat.rules);
    catalog_fini(&all);
    return ok;
}
