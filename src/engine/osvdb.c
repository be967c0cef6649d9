/* The offline advisory database: walking an import source into the store,
 * and answering "which advisories affect this pin" from it. */
#include "depvet/engine/osvdb.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "depvet/analysis/osv_zip.h"
#include "depvet/core/fileio.h"
#include "depvet/core/xmalloc.h"
#include "depvet/store/advisories.h"

struct import {
    struct store *s;
    osvdb_report_fn report;
    void *ud;
    struct osvdb_import_summary *sum;
    struct diag *d;           /* set only by what ends the whole import */
};

static void report(struct import *im, const struct diag *d, bool malformed)
{
    if (malformed)
        im->sum->malformed++;
    else
        im->sum->skipped++;
    if (im->report)
        im->report(im->ud, d, malformed);
}

/* Stores a parsed record with the fields the store indexes. */
static void store_record(struct import *im, struct arena *a, const struct osv_record *rec,
                         const char *buf, size_t len)
{
    struct advisory_pkg *pkgs = arena_alloc(a, (rec->n_affected + 1) * sizeof(*pkgs));
    for (size_t i = 0; i < rec->n_affected; i++)
        pkgs[i] = (struct advisory_pkg){rec->affected[i].eco, rec->affected[i].key};
    struct advisory_entry e = {
        .id = rec->id, .modified = rec->modified, .modified_at = rec->modified_at,
        .withdrawn = rec->withdrawn, .aliases = rec->aliases, .n_aliases = rec->n_aliases,
        .summary = rec->summary, .severity = osv_severity_name(rec->severity),
        .link = rec->link, .body = buf, .body_len = len,
        .pkgs = pkgs, .n_pkgs = rec->n_affected,
    };
    enum advisory_put_result res;
    if (!advisories_put(im->s, &e, &res, im->d))
        return;
    unsigned *count[] = {
        [ADVISORY_ADDED] = &im->sum->added, [ADVISORY_UPDATED] = &im->sum->updated,
        [ADVISORY_UNCHANGED] = &im->sum->unchanged,
    };
    (*count[res])++;
}

static void import_text(struct import *im, const char *where, const char *buf, size_t len)
{
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct osv_record *rec;
    im->sum->records++;
    if (!osv_parse(a, where, buf, len, &rec, &d))
        report(im, &d, d.code != DIAG_UNSUPPORTED);
    else if (!rec->n_affected)
        im->sum->ignored++;
    else
        store_record(im, a, rec, buf, len);
    arena_free(a);
}

static bool on_member(void *ud, const char *where, const char *buf, size_t len,
                      const struct diag *err)
{
    struct import *im = ud;
    if (!buf) {
        im->sum->records++;
        report(im, err, true);
    } else {
        import_text(im, where, buf, len);
    }
    return !diag_failed(im->d);
}

static bool import_zip(struct import *im, const char *path)
{
    return osv_zip_each(path, on_member, im, im->d) && !diag_failed(im->d);
}

static void import_file(struct import *im, const char *path)
{
    struct diag d;
    diag_clear(&d);
    size_t len;
    char *buf = file_read(path, OSV_ZIP_MEMBER_MAX, &len, &d);
    if (!buf) {
        im->sum->records++;
        report(im, &d, true);
        return;
    }
    import_text(im, path, buf, len);
    free(buf);
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool import_dir(struct import *im, const char *dir, unsigned depth);

/* One folder entry: sub-folders walked, .json imported, .zip opened. */
static bool import_entry(struct import *im, const char *path, unsigned depth)
{
    struct stat lst;
    if (lstat(path, &lst) != 0)
        return true;
    if (S_ISDIR(lst.st_mode))
        return depth >= OSVDB_MAX_DEPTH || import_dir(im, path, depth + 1);
    if (has_suffix(path, ".json"))
        import_file(im, path);
    else if (has_suffix(path, ".zip"))
        return import_zip(im, path);
    return !diag_failed(im->d);
}

static int skip_hidden(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

static bool import_dir(struct import *im, const char *dir, unsigned depth)
{
    struct dirent **list;
    int n = scandir(dir, &list, skip_hidden, alphasort);
    if (n < 0) {
        diag_set(im->d, DIAG_IO, dir, 0, 0, "cannot read the folder");
        return false;
    }
    bool ok = true;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(dir) + strlen(list[i]->d_name) + 2;
        char *path = malloc(len);
        if (path && ok) {
            snprintf(path, len, "%s/%s", dir, list[i]->d_name);
            ok = import_entry(im, path, depth);
        }
        free(path);
        free(list[i]);
    }
    free(list);
    return ok;
}

bool osvdb_import(struct store *s, const char *path, osvdb_report_fn fn,
                  void *ud, struct osvdb_import_summary *sum, struct diag *d)
{
    memset(sum, 0, sizeof(*sum));
    struct import im = {s, fn, ud, sum, d};
    if (!file_exists(path)) {
        diag_set(d, DIAG_IO, path, 0, 0, "no such file or folder");
        return false;
    }
    if (!store_begin(s, d))
        return false;
    bool ok;
    if (file_is_dir(path))
        ok = import_dir(&im, path, 0);
    else if (osv_zip_sniff(path))
        ok = import_zip(&im, path);
    else {
        import_file(&im, path);
        ok = !diag_failed(d);
    }
    if (!ok) {
        store_rollback(s);
        return false;
    }
    return store_commit(s, d);
}

bool osvdb_import_buffer(struct store *s, const char *where, const char *buf, size_t len,
                         osvdb_report_fn fn, void *ud, struct osvdb_import_summary *sum,
                         struct diag *d)
{
    struct import im = {s, fn, ud, sum, d};
    import_text(&im, where, buf, len);
    return !diag_failed(d);
}

struct osvdb_matcher {
    struct advisory_lookup *lookup;
};

struct osvdb_matcher *osvdb_matcher_new(struct store *s, struct diag *d)
{
    struct advisory_lookup *l = advisories_lookup_new(s, d);
    if (!l)
        return NULL;
    struct osvdb_matcher *m = xcalloc(1, sizeof(*m));
    m->lookup = l;
    return m;
}

void osvdb_matcher_free(struct osvdb_matcher *m)
{
    if (!m)
        return;
    advisories_lookup_free(m->lookup);
    free(m);
}

/* Exact version when version is given, else what req allows. */
static size_t matcher_match(struct osvdb_matcher *m, struct arena *a, enum ecosystem eco,
                            const char *name, const char *version, const char *req,
                            struct osv_match **out, struct diag *d)
{
    struct advisory_body *bodies;
    size_t n = advisories_lookup_get(m->lookup, a, eco, name, &bodies, d);
    struct osv_match_list list;
    osv_match_list_init(&list, a, eco);
    struct diag ignored;
    for (size_t i = 0; i < n; i++) {
        struct osv_record *rec;
        const char *fixed = NULL;
        ignored.code = DIAG_OK;   /* all diag_set looks at; clearing 1 KiB per body shows */
        /* Stored bodies parsed when imported; one that no longer does
         * (a hand-edited cache) is passed over. */
        if (!osv_parse(a, bodies[i].id, bodies[i].body, bodies[i].len, &rec, &ignored))
            continue;
        if (version) {
            if (osv_record_affects(rec, eco, name, version, &fixed))
                osv_match_list_add(&list, rec, fixed);
            continue;
        }
        enum osv_cover c = osv_record_covers(rec, eco, name, req);
        struct osv_match *mt = c ? osv_match_list_add(&list, rec, NULL) : NULL;
        if (mt && c > mt->cover)
            mt->cover = c;
    }
    *out = list.items;
    return list.len;
}

size_t osvdb_matcher_match(struct osvdb_matcher *m, struct arena *a, enum ecosystem eco,
                           const char *name, const char *version,
                           struct osv_match **out, struct diag *d)
{
    if (!version || !version[0]) {
        *out = NULL;
        return 0;
    }
    return matcher_match(m, a, eco, name, version, NULL, out, d);
}

size_t osvdb_matcher_match_req(struct osvdb_matcher *m, struct arena *a, enum ecosystem eco,
                               const char *name, const char *req,
                               struct osv_match **out, struct diag *d)
{
    return matcher_match(m, a, eco, name, NULL, req, out, d);
}

size_t osvdb_match(struct store *s, struct arena *a, enum ecosystem eco,
                   const char *name, const char *version,
                   struct osv_match **out, struct diag *d)
{
    struct osvdb_matcher *m = osvdb_matcher_new(s, d);
    *out = NULL;
    size_t n = m ? osvdb_matcher_match(m, a, eco, name, version, out, d) : 0;
    osvdb_matcher_free(m);
    return n;
}

bool osvdb_stats(struct store *s, struct advisory_stats *out, struct diag *d)
{
    return advisories_stats(s, out, d);
}
