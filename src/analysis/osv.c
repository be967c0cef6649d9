/* OSV records: reading one JSON record, matching it against a pinned
 * package, and merging the matches of one issue's several records. */
#include "depvet/analysis/osv.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "depvet/analysis/cvss.h"
#include "depvet/core/json.h"
#include "depvet/core/req_pep440.h"
#include "depvet/core/timeutil.h"
#include "depvet/core/version.h"

/* Longest first paragraph of details kept; the rest is on the link. */
#define DETAILS_MAX 1000
#define KEY_MAX 512
/* Events of one range: real ranges hold a few (GIT ranges some dozens);
 * matching sorts them, so a hostile record must not hold millions. */
#define EVENTS_MAX 4096

struct osv_ctx {
    struct arena *a;
    const char *where;
    struct diag *d;
};

__attribute__((format(printf, 3, 4)))
static bool fail(struct osv_ctx *c, const char *ptr, const char *fmt, ...)
{
    if (diag_failed(c->d))
        return false;
    va_list ap;
    va_start(ap, fmt);
    diag_vset(c->d, DIAG_SYNTAX, c->where, 0, 0, fmt, ap);
    va_end(ap);
    diag_set_pointer(c->d, ptr);
    return false;
}

/* Writes a JSON pointer into p[256]; a pointer that long is cut short,
 * which only shortens a message. */
__attribute__((format(printf, 2, 3)))
static void ptrf(char *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p, 256, fmt, ap);
    va_end(ap);
}

/* A member that must be a string when present; *out NULL when absent. */
static bool opt_str(struct osv_ctx *c, const cJSON *obj, const char *key,
                    const char *ptr, const char **out)
{
    *out = arena_strdup(c->a, json_str_checked(obj, key, c->where, ptr, c->d));
    return !diag_failed(c->d);
}

/* Member key of obj when it is an array (array) or an object: NULL when
 * absent or null, NULL with the diag set when of another type.  p[256]
 * receives the member's pointer. */
static const cJSON *member(struct osv_ctx *c, const cJSON *obj, const char *key,
                           const char *ptr, bool array, char *p)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    ptrf(p, "%s/%s", ptr, key);
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (array ? cJSON_IsArray(v) : cJSON_IsObject(v))
        return v;
    fail(c, p, array ? "expected an array" : "expected an object");
    return NULL;
}

/* Room in the arena for one element per item of arr (at least one). */
static void *alloc_items(struct osv_ctx *c, const cJSON *arr, size_t size)
{
    size_t count = (size_t)cJSON_GetArraySize(arr);
    return arena_alloc(c->a, (count ? count : 1) * size);
}

/* An array of strings when present (absent: empty). */
static bool str_array(struct osv_ctx *c, const cJSON *obj, const char *key,
                      const char *ptr, const char ***out, size_t *n)
{
    char p[256];
    const cJSON *arr = member(c, obj, key, ptr, true, p);
    *out = NULL;
    *n = 0;
    if (!arr)
        return !diag_failed(c->d);
    *out = alloc_items(c, arr, sizeof(**out));
    size_t i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        if (!cJSON_IsString(it)) {
            ptrf(p, "%s/%s/%zu", ptr, key, i);
            return fail(c, p, "expected a string");
        }
        (*out)[(*n)++] = arena_strdup(c->a, it->valuestring);
    }
    return true;
}

/* ---- affected[] ------------------------------------------------------- */

static const char *const event_key_table[] = {
    [OSV_INTRODUCED] = "introduced", [OSV_FIXED] = "fixed",
    [OSV_LAST_AFFECTED] = "last_affected", [OSV_LIMIT] = "limit",
};

static const char *const range_type_table[] = {
    [OSV_RANGE_SEMVER] = "SEMVER", [OSV_RANGE_ECOSYSTEM] = "ECOSYSTEM",
    [OSV_RANGE_GIT] = "GIT",
};

/* Reads the range's events[] into r; an event with none of the four keys
 * is skipped (the schema allows extensions). */
static bool read_events(struct osv_ctx *c, const cJSON *range, const char *ptr,
                        struct osv_range *r)
{
    char p[256];
    const cJSON *events = member(c, range, "events", ptr, true, p);
    if (!events)
        return diag_failed(c->d) ? false : fail(c, p, "range without events");
    if (cJSON_GetArraySize(events) > EVENTS_MAX) {
        fail(c, p, "more than %d events in one range", EVENTS_MAX);
        c->d->code = DIAG_LIMIT;
        return false;
    }
    struct osv_event *ev = alloc_items(c, events, sizeof(*ev));
    size_t i = 0;
    for (const cJSON *e = events->child; e; e = e->next, i++) {
        ptrf(p, "%s/events/%zu", ptr, i);
        if (!cJSON_IsObject(e))
            return fail(c, p, "expected an event object");
        for (size_t k = 0; k < sizeof(event_key_table) / sizeof(*event_key_table); k++) {
            const char *v;
            if (!opt_str(c, e, event_key_table[k], p, &v))
                return false;
            if (v) {
                ev[r->n_events].kind = (enum osv_event_kind)k;
                ev[r->n_events++].version = v;
                break;
            }
        }
    }
    r->events = ev;
    return true;
}

static bool read_ranges(struct osv_ctx *c, const cJSON *entry, const char *ptr,
                        struct osv_affected *af)
{
    char p[256];
    const cJSON *ranges = member(c, entry, "ranges", ptr, true, p);
    if (!ranges)
        return !diag_failed(c->d);
    af->ranges = alloc_items(c, ranges, sizeof(*af->ranges));
    size_t i = 0;
    for (const cJSON *r = ranges->child; r; r = r->next, i++) {
        ptrf(p, "%s/ranges/%zu", ptr, i);
        if (!cJSON_IsObject(r))
            return fail(c, p, "expected a range object");
        const char *type;
        if (!opt_str(c, r, "type", p, &type))
            return false;
        if (!type)
            return fail(c, p, "range without a type");
        size_t t = 0, nt = sizeof(range_type_table) / sizeof(*range_type_table);
        while (t < nt && strcmp(range_type_table[t], type) != 0)
            t++;
        if (t == nt)
            continue;   /* a type from a later schema: not evaluable here */
        struct osv_range *out = &af->ranges[af->n_ranges];
        memset(out, 0, sizeof(*out));
        out->type = (enum osv_range_type)t;
        if (!read_events(c, r, p, out))
            return false;
        af->n_ranges++;
    }
    return true;
}

/* Reads one entry into af; *keep false when it is not for Hex, PyPI or npm. */
static bool read_affected(struct osv_ctx *c, const cJSON *entry, const char *ptr,
                          struct osv_affected *af, bool *keep)
{
    *keep = false;
    if (!cJSON_IsObject(entry))
        return fail(c, ptr, "expected an affected object");
    char p[256];
    const cJSON *pkg = member(c, entry, "package", ptr, false, p);
    if (!pkg)
        return !diag_failed(c->d);
    const char *eco_name, *name;
    if (!opt_str(c, pkg, "ecosystem", p, &eco_name) || !opt_str(c, pkg, "name", p, &name))
        return false;
    memset(af, 0, sizeof(*af));
    for (int e = ECO_HEX; e <= ECO_NPM && eco_name; e++)
        if (strcmp(eco_name, ecosystem_name((enum ecosystem)e)) == 0)
            af->eco = (enum ecosystem)e;
    if (af->eco == ECO_UNKNOWN)
        return true;
    if (!name || !name[0])
        return fail(c, p, "package without a name");
    af->name = name;
    size_t need = ecosystem_normalize_name(af->eco, name, NULL, 0);
    char *key = arena_alloc(c->a, need + 1);
    ecosystem_normalize_name(af->eco, name, key, need + 1);
    af->key = key;
    if (!read_ranges(c, entry, ptr, af) ||
        !str_array(c, entry, "versions", ptr, &af->versions, &af->n_versions))
        return false;
    *keep = true;
    return true;
}

static bool read_affected_list(struct osv_ctx *c, const cJSON *root,
                               struct osv_record *rec)
{
    char p[256];
    const cJSON *arr = member(c, root, "affected", "", true, p);
    if (!arr)
        return !diag_failed(c->d);
    rec->affected = alloc_items(c, arr, sizeof(*rec->affected));
    size_t i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        ptrf(p, "/affected/%zu", i);
        bool keep;
        if (!read_affected(c, e, p, &rec->affected[rec->n_affected], &keep))
            return false;
        rec->n_affected += keep;
    }
    return true;
}

/* ---- summary fields ----------------------------------------------------- */

/* A line that says nothing on its own: a markdown heading ("### Impact",
 * "## Source: kam193"), a rule ("---") or the "_-= Per source details =-_"
 * marker that malicious-packages reports open with. */
static bool is_filler(const char *p, size_t n)
{
    if (n && (p[0] == '#' || (n >= 3 && memcmp(p, "_-=", 3) == 0)))
        return true;
    for (size_t i = 0; i < n; i++)
        if (!strchr("-=*_ \t\r", p[i]))
            return false;
    return true;
}

/* The first paragraph with prose, its filler lines dropped. */
static const char *first_paragraph(struct arena *a, const char *details)
{
    const char *p = details;
    while (p && *p) {
        p += strspn(p, " \t\r\n");
        const char *end = strstr(p, "\n\n");
        const char *stop = end ? end : p + strlen(p);
        for (;;) {
            const char *nl = memchr(p, '\n', (size_t)(stop - p));
            size_t line = nl ? (size_t)(nl - p) : (size_t)(stop - p);
            if (!line || !is_filler(p, line))
                break;
            p += line + (nl != NULL);
        }
        size_t n = (size_t)(stop - p);
        while (n && strchr(" \t\r\n", p[n - 1]))
            n--;
        if (n)
            return arena_strndup(a, p, n > DETAILS_MAX ? DETAILS_MAX : n);
        p = end ? end + 2 : NULL;
    }
    return NULL;
}

struct sev_word {
    const char *word;
    enum osv_severity sev;
};

static const struct sev_word sev_word_table[] = {
    {"LOW", OSV_SEV_LOW},   {"MODERATE", OSV_SEV_MEDIUM}, {"MEDIUM", OSV_SEV_MEDIUM},
    {"HIGH", OSV_SEV_HIGH}, {"CRITICAL", OSV_SEV_CRITICAL},
};

static enum osv_severity severity_of_score(double s)
{
    return s >= 9.0 ? OSV_SEV_CRITICAL : s >= 7.0 ? OSV_SEV_HIGH
           : s >= 4.0 ? OSV_SEV_MEDIUM : OSV_SEV_LOW;
}

/* The rule is documented at osv_parse. */
static enum osv_severity pick_severity(const cJSON *root, const char *id)
{
    if (strncmp(id, "MAL-", 4) == 0)
        return OSV_SEV_CRITICAL;
    const char *word = json_str(json_obj(root, "database_specific"), "severity");
    for (size_t i = 0; word && i < sizeof(sev_word_table) / sizeof(*sev_word_table); i++)
        if (strcmp(word, sev_word_table[i].word) == 0)
            return sev_word_table[i].sev;
    const cJSON *sev = json_arr(root, "severity");
    double best = -1, score;
    for (const cJSON *s = sev ? sev->child : NULL; s; s = s->next)
        if (cvss3_base_score(json_str(s, "score"), &score) && score > best)
            best = score;
    /* A 0.0 score ("no impact") is still a reported advisory: low. */
    return best >= 0 ? severity_of_score(best) : OSV_SEV_MEDIUM;
}

static bool is_web_url(const char *u)
{
    return u && (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0);
}

/* An ADVISORY reference naming the record's own id, else any ADVISORY
 * reference, else the record's page on osv.dev. */
static const char *pick_link(struct arena *a, const cJSON *root, const char *id)
{
    const cJSON *refs = json_arr(root, "references");
    const char *any = NULL;
    for (const cJSON *r = refs ? refs->child : NULL; r; r = r->next) {
        const char *type = json_str(r, "type"), *url = json_str(r, "url");
        if (!type || strcmp(type, "ADVISORY") != 0 || !is_web_url(url))
            continue;
        if (strstr(url, id))
            return arena_strdup(a, url);
        if (!any)
            any = url;
    }
    return any ? arena_strdup(a, any) : arena_printf(a, "https://osv.dev/vulnerability/%s", id);
}

/* ---- the record ----------------------------------------------------------- */

static bool read_record(struct osv_ctx *c, const cJSON *root, struct osv_record *rec)
{
    if (!cJSON_IsObject(root))
        return fail(c, "", "expected an OSV record (a JSON object)");
    if (!opt_str(c, root, "id", "", &rec->id))
        return false;
    if (!rec->id || !rec->id[0]) {
        diag_set(c->d, DIAG_UNSUPPORTED, c->where, 0, 0,
                 "record without an id (a per-source report, not an advisory)");
        diag_set_pointer(c->d, "/id");
        return false;
    }
    if (!opt_str(c, root, "modified", "", &rec->modified) ||
        !opt_str(c, root, "published", "", &rec->published) ||
        !opt_str(c, root, "withdrawn", "", &rec->withdrawn) ||
        !opt_str(c, root, "summary", "", &rec->summary) ||
        !str_array(c, root, "aliases", "", &rec->aliases, &rec->n_aliases))
        return false;
    if (!rec->modified)
        return fail(c, "/modified", "record without a modified date");
    if (!timeutil_parse(rec->modified, &rec->modified_at))
        return fail(c, "/modified", "not an RFC 3339 date: %.40s", rec->modified);
    const char *details;
    if (!opt_str(c, root, "details", "", &details))
        return false;
    rec->details = first_paragraph(c->a, details);
    char p[256];
    if (!member(c, root, "severity", "", true, p) && diag_failed(c->d))
        return false;
    rec->severity = pick_severity(root, rec->id);
    rec->link = pick_link(c->a, root, rec->id);
    return read_affected_list(c, root, rec);
}

bool osv_parse(struct arena *a, const char *where, const char *buf, size_t len,
               struct osv_record **out, struct diag *d)
{
    *out = NULL;
    cJSON *root = json_parse(buf, len, where, d);
    if (!root)
        return false;
    /* Every string kept is copied into the arena: the tree goes now. */
    struct osv_ctx c = {a, where, d};
    struct osv_record *rec = arena_alloc(a, sizeof(*rec));
    bool ok = read_record(&c, root, rec);
    cJSON_Delete(root);
    if (ok)
        *out = rec;
    return ok;
}

/* ---- matching ------------------------------------------------------------ */

/* The lower of two optional versions. */
static const char *lower_of(enum ecosystem eco, const char *a, const char *b)
{
    if (!a || !b)
        return a ? a : b;
    return version_compare(eco, b, a) < 0 ? b : a;
}

bool osv_record_affects(const struct osv_record *rec, enum ecosystem eco,
                        const char *name, const char *version,
                        const char **next_fixed)
{
    if (next_fixed)
        *next_fixed = NULL;
    if (!rec || rec->withdrawn || !name || !version || !version[0])
        return false;
    char key[KEY_MAX];
    if (ecosystem_normalize_name(eco, name, key, sizeof(key)) >= sizeof(key))
        return false;
    bool hit = false;
    const char *in_range = NULL, *above = NULL;
    for (size_t i = 0; i < rec->n_affected; i++) {
        const struct osv_affected *af = &rec->affected[i];
        if (af->eco != eco || strcmp(af->key, key) != 0)
            continue;
        bool here = osv_versions_include(eco, af->versions, af->n_versions, version);
        const char *entry_above = NULL;
        for (size_t r = 0; r < af->n_ranges; r++) {
            const char *f = osv_range_next_fixed(eco, &af->ranges[r], version);
            entry_above = lower_of(eco, entry_above, f);
            if (osv_range_affects(eco, &af->ranges[r], version)) {
                here = true;
                in_range = lower_of(eco, in_range, f);
            }
        }
        if (here)
            above = lower_of(eco, above, entry_above);
        hit = hit || here;
    }
    if (hit && next_fixed)
        *next_fixed = in_range ? in_range : above;
    return hit;
}

/* The lowest version a PEP 440 requirement allows, from its >=, >, ~= and
 * == clauses, into out; false when it has none (anything from the first
 * release up may then be chosen). */
static bool pep440_lower_bound(const char *req, char *out, size_t outlen)
{
    struct req_pep440 r;
    bool found = false;
    if (req_pep440_parse(req, strlen(req), &r, NULL))
        for (size_t i = 0; i < r.nspecs; i++) {
            const struct req_pep440_spec *sp = &r.specs[i];
            bool lower = sp->op == REQ_PEP440_GE || sp->op == REQ_PEP440_GT ||
                         sp->op == REQ_PEP440_COMPAT ||
                         (sp->op == REQ_PEP440_EQ && !sp->wildcard);
            char v[128];
            if (!lower || sp->text_len >= sizeof(v))
                continue;
            snprintf(v, sizeof(v), "%.*s", (int)sp->text_len, sp->text);
            if (!found || version_compare(ECO_PYPI, v, out) > 0)
                snprintf(out, outlen, "%s", v);
            found = true;
        }
    req_pep440_free(&r);
    return found;
}

static bool allows(enum ecosystem eco, const char *req, const char *version)
{
    return !req || !req[0] || version_satisfies(eco, req, version);
}

static bool range_from_zero(const struct osv_range *r)
{
    for (size_t e = 0; e < r->n_events; e++)
        if (r->type != OSV_RANGE_GIT && r->events[e].kind == OSV_INTRODUCED &&
            strcmp(r->events[e].version, "0") == 0)
            return true;
    return false;
}

/* What one affected entry covers of req; from is its lower bound or NULL. */
static enum osv_cover entry_covers(const struct osv_affected *af, const char *req,
                                   const char *from)
{
    enum osv_cover c = OSV_COVER_NONE;
    for (size_t i = 0; i < af->n_versions && !c; i++)
        if (allows(af->eco, req, af->versions[i]))
            c = OSV_COVER_SOME;
    for (size_t r = 0; r < af->n_ranges; r++) {
        const struct osv_range *rg = &af->ranges[r];
        if (osv_range_covers_from(af->eco, rg, from))
            return OSV_COVER_ALL;
        /* the lowest allowed version inside: from itself, or the very
         * first release when nothing bounds the requirement from below */
        if (from ? osv_range_affects(af->eco, rg, from) : range_from_zero(rg))
            c = OSV_COVER_SOME;
        for (size_t e = 0; e < rg->n_events && rg->type != OSV_RANGE_GIT && !c; e++)
            if ((rg->events[e].kind == OSV_INTRODUCED ||
                 rg->events[e].kind == OSV_LAST_AFFECTED) &&
                allows(af->eco, req, rg->events[e].version))
                c = OSV_COVER_SOME;
    }
    return c;
}

enum osv_cover osv_record_covers(const struct osv_record *rec, enum ecosystem eco,
                                 const char *name, const char *req)
{
    char key[KEY_MAX], low[128];
    if (!rec || rec->withdrawn || !name ||
        ecosystem_normalize_name(eco, name, key, sizeof(key)) >= sizeof(key))
        return OSV_COVER_NONE;
    /* Other syntaxes are not bounded: only "every version" then proves ALL,
     * which holds whatever they allow. */
    const char *from = NULL;
    if (req && req[0] && eco == ECO_PYPI && pep440_lower_bound(req, low, sizeof(low)))
        from = low;
    enum osv_cover best = OSV_COVER_NONE;
    for (size_t i = 0; i < rec->n_affected; i++) {
        const struct osv_affected *af = &rec->affected[i];
        if (af->eco != eco || strcmp(af->key, key) != 0)
            continue;
        enum osv_cover c = entry_covers(af, req, from);
        if (c > best)
            best = c;
    }
    return best;
}

static const char *const severity_name_table[] = {
    [OSV_SEV_LOW] = "low", [OSV_SEV_MEDIUM] = "medium",
    [OSV_SEV_HIGH] = "high", [OSV_SEV_CRITICAL] = "critical",
};

const char *osv_severity_name(enum osv_severity s)
{
    return s >= OSV_SEV_LOW && s <= OSV_SEV_CRITICAL ? severity_name_table[s] : "medium";
}

bool osv_severity_parse(const char *s, enum osv_severity *out)
{
    for (int i = OSV_SEV_LOW; s && i <= OSV_SEV_CRITICAL; i++)
        if (strcmp(s, severity_name_table[i]) == 0) {
            *out = (enum osv_severity)i;
            return true;
        }
    return false;
}

/* ---- merging by alias -------------------------------------------------------- */

void osv_match_list_init(struct osv_match_list *l, struct arena *a, enum ecosystem eco)
{
    memset(l, 0, sizeof(*l));
    l->a = a;
    l->eco = eco;
}

static bool has_id(const struct osv_match *m, const char *id)
{
    for (size_t i = 0; i < m->n_ids; i++)
        if (strcmp(m->ids[i], id) == 0)
            return true;
    return false;
}

static bool overlaps(const struct osv_match *m, const struct osv_record *rec)
{
    if (has_id(m, rec->id))
        return true;
    for (size_t i = 0; i < rec->n_aliases; i++)
        if (has_id(m, rec->aliases[i]))
            return true;
    return false;
}

/* Adds the record's id and aliases not yet listed; arrays live in the
 * arena, so growing copies (matches hold a few ids each). */
static void add_ids(struct arena *a, struct osv_match *m, const struct osv_record *rec)
{
    const char **ids = arena_alloc(a, (m->n_ids + 1 + rec->n_aliases) * sizeof(*ids));
    if (m->n_ids)
        memcpy(ids, m->ids, m->n_ids * sizeof(*ids));
    m->ids = ids;
    if (!has_id(m, rec->id))
        ids[m->n_ids++] = rec->id;
    for (size_t i = 0; i < rec->n_aliases; i++)
        if (!has_id(m, rec->aliases[i]))
            ids[m->n_ids++] = rec->aliases[i];
}

struct osv_match *osv_match_list_add(struct osv_match_list *l, const struct osv_record *rec,
                                     const char *next_fixed)
{
    for (size_t i = 0; i < l->len; i++) {
        struct osv_match *m = &l->items[i];
        if (!overlaps(m, rec))
            continue;
        add_ids(l->a, m, rec);
        if (rec->severity > m->severity)
            m->severity = rec->severity;
        if (next_fixed && (!m->next_fixed ||
                           version_compare(l->eco, next_fixed, m->next_fixed) > 0))
            m->next_fixed = next_fixed;
        return m;
    }
    if (l->len == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        struct osv_match *items = arena_alloc(l->a, cap * sizeof(*items));
        if (l->len)
            memcpy(items, l->items, l->len * sizeof(*items));
        l->items = items;
        l->cap = cap;
    }
    struct osv_match *m = &l->items[l->len++];
    memset(m, 0, sizeof(*m));
    m->rec = rec;
    m->severity = rec->severity;
    m->next_fixed = next_fixed;
    add_ids(l->a, m, rec);
    return m;
}
