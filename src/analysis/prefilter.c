/* The rule literals in vectorscan databases, one pass per file and view. */
#include "depvet/analysis/prefilter.h"

#include <dirent.h>
#include <fcntl.h>
#include <hs.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "depvet/core/fileio.h"
#include "depvet/core/hash.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/vec.h"
#include "depvet/core/xdg.h"
#include "depvet/core/xmalloc.h"

/* The compiled databases kept in a cache folder (prefilter_build): a file
 * named by the key, MAGIC, the key, each database's size (8 bytes, little
 * endian; 0: none), the serialised databases and a SHA-256 of all before. */
#define CACHE_MAGIC "depvet-prefilter 1\n"
#define CACHE_MAGIC_LEN (sizeof(CACHE_MAGIC) - 1)
#define CACHE_KEY_LEN 32
#define CACHE_HEAD_LEN (CACHE_MAGIC_LEN + CACHE_KEY_LEN + 8 * PREFILTER_DB_ALL)
#define CACHE_MAX_BYTES (256u * 1024 * 1024)
/* A cache file unused this long belongs to rules (or a vectorscan, or a
 * CPU) no longer run here: every rules change would leave one behind. */
#define CACHE_STALE_SECS (7 * 24 * 3600)
#define CACHE_TOUCH_SECS (24 * 3600)

/* A run factor, looked for without vectorscan (find_run). */
struct run {
    unsigned id;
    size_t len;
    unsigned char in[256];   /* the run's bytes: one load a byte looked at */
};

/* Where a pattern's run is: its database and place there (db NO_RUN: it
 * has none). */
#define NO_RUN 0xFFu
struct run_ref {
    unsigned db, idx;
};

struct prefilter {
    hs_database_t *db[PREFILTER_DB_COUNT];   /* NULL: no literal in that view */
    VEC(struct run) runs[PREFILTER_DB_COUNT];
    struct run_ref *run_of;                  /* n_ids */
    unsigned n_ids;
    size_t n_covered;
    bool from_cache;
};

struct occ {
    unsigned gen;          /* the file these ends belong to */
    unsigned run_gen;      /* the file its run was looked for in */
    bool sorted, overflow;
    VEC(size_t) ends;
};

struct prefilter_scratch {
    const struct prefilter *pf;
    hs_scratch_t *hs;
    unsigned gen;
    /* Each view's text of this file (text_gen: scanned in this file), for
     * the runs, looked for when their pattern asks (prefilter_ends): most
     * belong to rules that do not look at the file. */
    const char *text[PREFILTER_DB_ALL];
    size_t len[PREFILTER_DB_ALL];
    unsigned text_gen[PREFILTER_DB_ALL];
    struct occ *occ;       /* n_ids */
    unsigned n_ids;
};

/* One literal as a vectorscan expression, every byte escaped (caseless
 * ones come in each spelling of their k and s: literals.h). */
static char *literal_expr(const char *s, size_t n)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++)
        strbuf_printf(&sb, "\\x%02X", (unsigned char)s[i]);
    char *out = xstrdup(strbuf_str(&sb));
    strbuf_fini(&sb);
    return out;
}

struct exprs {
    VEC(char *) text;
    VEC(unsigned) flags;
    VEC(unsigned) ids;
};

static void push_expr(struct exprs *x, char *text, unsigned flags, unsigned id)
{
    VEC_PUSH(&x->text, text);
    VEC_PUSH(&x->flags, flags);
    VEC_PUSH(&x->ids, id);
}

static void add_factor(struct exprs *x, const struct literal_factor *f, unsigned id)
{
    if (f->guard) {
        push_expr(x, xstrdup(f->guard), 0, id);
        return;
    }
    unsigned flags = f->caseless ? HS_FLAG_CASELESS : 0;
    for (size_t i = 0; i < f->n; i++)
        push_expr(x, literal_expr(f->strings[i], f->lens[i]), flags, id);
    if (f->nonascii)   /* the lead byte of any non-ASCII character */
        push_expr(x, xstrdup("[\\xC2-\\xF4]"), 0, id);
}

bool prefilter_factor_ok(const struct literal_factor *f)
{
    if (!f->guard)
        return true;
    hs_database_t *db = NULL;
    hs_compile_error_t *err = NULL;
    bool ok = hs_compile(f->guard, 0, HS_MODE_BLOCK, NULL, &db, &err) == HS_SUCCESS;
    hs_free_compile_error(err);
    hs_free_database(db);
    return ok;
}

static void exprs_free(struct exprs *x)
{
    for (size_t i = 0; i < x->text.len; i++)
        free(x->text.items[i]);
    VEC_FREE(&x->text);
    VEC_FREE(&x->flags);
    VEC_FREE(&x->ids);
}

static bool compile_db(struct exprs *x, hs_database_t **db, struct diag *d)
{
    if (!x->text.len)
        return true;
    hs_compile_error_t *err = NULL;
    if (hs_compile_multi((const char *const *)x->text.items, x->flags.items, x->ids.items,
                         (unsigned)x->text.len, HS_MODE_BLOCK, NULL, db, &err) == HS_SUCCESS)
        return true;
    diag_set(d, DIAG_INTERNAL, "prefilter", 0, 0, "vectorscan: %s (expression %d)",
             err && err->message ? err->message : "compile failed", err ? err->expression : -1);
    hs_free_compile_error(err);
    return false;
}

/* The cache key: vectorscan's version, this CPU's platform as vectorscan
 * sees it, and every expression with its flags and id, per database (so a
 * change of the rules or of how literals are drawn from them is another
 * key). */
static void cache_key(const struct exprs *x, unsigned char *key)
{
    struct hash_ctx *h = hash_new(HASH_SHA256);
    hs_platform_info_t plat;
    memset(&plat, 0, sizeof(plat));
    hs_populate_platform(&plat);
    uint64_t pv[4] = {plat.tune, plat.cpu_features, plat.reserved1, plat.reserved2};
    const char *ver = hs_version();
    hash_update(h, CACHE_MAGIC, CACHE_MAGIC_LEN);
    hash_update(h, ver, strlen(ver) + 1);
    hash_update(h, pv, sizeof(pv));
    for (unsigned db = 0; db < PREFILTER_DB_ALL; db++) {
        uint64_t n = x[db].text.len;
        hash_update(h, &n, sizeof(n));
        for (size_t i = 0; i < x[db].text.len; i++) {
            uint32_t fi[2] = {x[db].flags.items[i], x[db].ids.items[i]};
            hash_update(h, x[db].text.items[i], strlen(x[db].text.items[i]) + 1);
            hash_update(h, fi, sizeof(fi));
        }
    }
    hash_final(h, key);
    hash_free(h);
}

static void put_u64(unsigned char *p, uint64_t v)
{
    for (unsigned k = 0; k < 8; k++)
        p[k] = (unsigned char)(v >> (8 * k));
}

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    for (unsigned k = 0; k < 8; k++)
        v |= (uint64_t)p[k] << (8 * k);
    return v;
}

/* dir/KEY.hsdb in out (cap bytes); false when it does not fit. */
static bool cache_path(const char *dir, const unsigned char *key, char *out, size_t cap)
{
    char hex[2 * CACHE_KEY_LEN + 1];
    hash_hex_encode(key, CACHE_KEY_LEN, hex);
    int n = snprintf(out, cap, "%s/%s.hsdb", dir, hex);
    return n > 0 && (size_t)n < cap;
}

/* The databases of a cache file that is whole (magic, key, sizes, digest)
 * and that vectorscan takes back; false (none kept) otherwise. */
static bool cache_parse(const unsigned char *b, size_t len, const unsigned char *key,
                        hs_database_t **dbs)
{
    unsigned char md[HASH_MAX_SIZE];
    if (len < CACHE_HEAD_LEN + 32 || memcmp(b, CACHE_MAGIC, CACHE_MAGIC_LEN) != 0 ||
        memcmp(b + CACHE_MAGIC_LEN, key, CACHE_KEY_LEN) != 0 ||
        !hash_buffer(HASH_SHA256, b, len - 32, md) || memcmp(md, b + len - 32, 32) != 0)
        return false;
    size_t at = CACHE_HEAD_LEN;
    bool ok = true;
    for (unsigned db = 0; ok && db < PREFILTER_DB_ALL; db++) {
        uint64_t n = get_u64(b + CACHE_MAGIC_LEN + CACHE_KEY_LEN + 8 * db);
        if (n > len - 32 - at) {
            ok = false;
        } else if (n) {
            ok = hs_deserialize_database((const char *)b + at, (size_t)n, &dbs[db]) ==
                 HS_SUCCESS;
            at += (size_t)n;
        }
    }
    if (ok && at == len - 32)
        return true;
    for (unsigned db = 0; db < PREFILTER_DB_ALL; db++) {
        hs_free_database(dbs[db]);
        dbs[db] = NULL;
    }
    return false;
}

/* Marks a file in use (at most once a day: a load writes nothing else),
 * so that cache_prune spares it. */
static void cache_touch(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && time(NULL) - st.st_mtime > CACHE_TOUCH_SECS)
        utimensat(AT_FDCWD, path, NULL, 0);
}

static bool stale_name(const char *name, const char *keep)
{
    size_t n = strlen(name);
    bool db = n > 5 && strcmp(name + n - 5, ".hsdb") == 0;
    bool tmp = name[0] == '.' && n > 9 && strcmp(name + n - 4, ".tmp") == 0 &&
               strstr(name, ".hsdb.") != NULL;   /* a write cut short */
    return (db || tmp) && strcmp(name, keep) != 0;
}

/* Removes the other databases and cut-short writes in dir that nobody
 * used for a week; a failure leaves them, which costs only disk. */
static void cache_prune(const char *dir, const char *keep_path)
{
    const char *slash = strrchr(keep_path, '/');
    const char *keep = slash ? slash + 1 : keep_path;
    DIR *dh = opendir(dir);
    if (!dh)
        return;
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
        struct stat st;
        if (stale_name(e->d_name, keep) &&
            fstatat(dirfd(dh), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(st.st_mode) && now - st.st_mtime > CACHE_STALE_SECS)
            unlinkat(dirfd(dh), e->d_name, 0);
    }
    closedir(dh);
}

static bool cache_load(const char *dir, const unsigned char *key, hs_database_t **dbs)
{
    char path[4096];
    struct diag d;
    diag_clear(&d);
    size_t len = 0;
    char *b = cache_path(dir, key, path, sizeof(path))
                  ? file_read(path, CACHE_MAX_BYTES, &len, &d) : NULL;
    bool ok = b && cache_parse((const unsigned char *)b, len, key, dbs);
    free(b);
    if (ok)
        cache_touch(path);
    return ok;
}

/* Writes the databases under their key, atomically (a reader sees the old
 * file or the whole new one); a failure only means compiling next time. */
static void cache_store(const char *dir, const unsigned char *key, hs_database_t **dbs)
{
    char path[4096], *ser[PREFILTER_DB_ALL] = {0};
    size_t n[PREFILTER_DB_ALL] = {0};
    struct strbuf sb = STRBUF_INIT;
    struct diag d;
    diag_clear(&d);
    bool ok = cache_path(dir, key, path, sizeof(path));
    for (unsigned db = 0; ok && db < PREFILTER_DB_ALL; db++)
        ok = !dbs[db] || hs_serialize_database(dbs[db], &ser[db], &n[db]) == HS_SUCCESS;
    if (ok && xdg_mkdirs(dir, &d)) {
        unsigned char head[CACHE_HEAD_LEN], md[HASH_MAX_SIZE];
        memcpy(head, CACHE_MAGIC, CACHE_MAGIC_LEN);
        memcpy(head + CACHE_MAGIC_LEN, key, CACHE_KEY_LEN);
        for (unsigned db = 0; db < PREFILTER_DB_ALL; db++)
            put_u64(head + CACHE_MAGIC_LEN + CACHE_KEY_LEN + 8 * db, n[db]);
        strbuf_append(&sb, (const char *)head, sizeof(head));
        for (unsigned db = 0; db < PREFILTER_DB_ALL; db++)
            if (n[db])   /* a view without literals has no database */
                strbuf_append(&sb, ser[db], n[db]);
        if (hash_buffer(HASH_SHA256, strbuf_str(&sb), sb.len, md)) {
            strbuf_append(&sb, (const char *)md, 32);
            if (file_write_atomic(path, strbuf_str(&sb), sb.len, &d))
                cache_prune(dir, path);
        }
    }
    for (unsigned db = 0; db < PREFILTER_DB_ALL; db++)
        free(ser[db]);
    strbuf_fini(&sb);
}

/* Each view's expressions, and its runs (looked for without vectorscan). */
static void collect(struct prefilter *pf, const struct prefilter_entry *e, size_t n,
                    struct exprs *x)
{
    pf->run_of = xcalloc(pf->n_ids + 1, sizeof(*pf->run_of));
    for (unsigned id = 0; id < pf->n_ids; id++)
        pf->run_of[id].db = NO_RUN;
    for (unsigned db = 0; db < PREFILTER_DB_ALL; db++)
        for (size_t i = 0; i < n; i++) {
            if (e[i].id >= pf->n_ids || e[i].db != db)
                continue;
            if (e[i].f->run) {
                pf->run_of[e[i].id] = (struct run_ref){db, (unsigned)pf->runs[db].len};
                struct run *r = VEC_ADD(&pf->runs[db]);
                r->id = e[i].id;
                r->len = e[i].f->run;
                for (unsigned c = 0; c < 256; c++)
                    r->in[c] = literals_bytes_has(&e[i].f->run_bytes, (unsigned char)c);
            } else {
                add_factor(&x[db], e[i].f, e[i].id);
            }
        }
}

struct prefilter *prefilter_build(const struct prefilter_entry *e, size_t n, unsigned n_ids,
                                  const char *cache_dir, struct diag *d)
{
    if (hs_valid_platform() != HS_SUCCESS) {
        diag_set(d, DIAG_INTERNAL, "prefilter", 0, 0, "vectorscan does not run on this CPU");
        return NULL;
    }
    struct prefilter *pf = xcalloc(1, sizeof(*pf));
    pf->n_ids = n_ids;
    pf->n_covered = n;
    struct exprs x[PREFILTER_DB_ALL] = {0};
    collect(pf, e, n, x);
    unsigned char key[CACHE_KEY_LEN];
    if (cache_dir)
        cache_key(x, key);
    pf->from_cache = cache_dir && cache_load(cache_dir, key, pf->db);
    for (unsigned db = 0; pf->from_cache && db < PREFILTER_DB_ALL; db++)
        if (!pf->db[db] != !x[db].text.len) {   /* a view's database missing, or one too many */
            for (unsigned k = 0; k < PREFILTER_DB_ALL; k++) {
                hs_free_database(pf->db[k]);
                pf->db[k] = NULL;
            }
            pf->from_cache = false;
        }
    /* No database of every literal: a file read as plain text goes through
     * each view's (compiling that one took as long as all the others). */
    bool ok = true;
    for (unsigned db = 0; !pf->from_cache && ok && db < PREFILTER_DB_ALL; db++)
        ok = compile_db(&x[db], &pf->db[db], d);
    if (ok && cache_dir && !pf->from_cache)
        cache_store(cache_dir, key, pf->db);
    for (unsigned db = 0; db < PREFILTER_DB_ALL; db++)
        exprs_free(&x[db]);
    if (!ok) {
        prefilter_free(pf);
        return NULL;
    }
    return pf;
}

bool prefilter_from_cache(const struct prefilter *pf)
{
    return pf && pf->from_cache;
}

void prefilter_free(struct prefilter *pf)
{
    if (!pf)
        return;
    for (unsigned db = 0; db < PREFILTER_DB_COUNT; db++) {
        hs_free_database(pf->db[db]);
        VEC_FREE(&pf->runs[db]);
    }
    free(pf->run_of);
    free(pf);
}

size_t prefilter_count(const struct prefilter *pf)
{
    return pf ? pf->n_covered : 0;
}

struct prefilter_scratch *prefilter_scratch_new(const struct prefilter *pf)
{
    struct prefilter_scratch *s = xcalloc(1, sizeof(*s));
    for (unsigned db = 0; db < PREFILTER_DB_COUNT; db++)
        if (pf->db[db] && hs_alloc_scratch(pf->db[db], &s->hs) != HS_SUCCESS) {
            prefilter_scratch_free(s);
            return NULL;
        }
    s->pf = pf;
    s->n_ids = pf->n_ids;
    s->occ = xcalloc(pf->n_ids + 1, sizeof(*s->occ));
    s->gen = 1;
    return s;
}

void prefilter_scratch_free(struct prefilter_scratch *s)
{
    if (!s)
        return;
    hs_free_scratch(s->hs);
    for (unsigned i = 0; s->occ && i < s->n_ids; i++)
        VEC_FREE(&s->occ[i].ends);
    free(s->occ);
    free(s);
}

void prefilter_next_file(struct prefilter_scratch *s)
{
    s->gen++;
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *ctx)
{
    (void)from;
    (void)flags;
    struct prefilter_scratch *s = ctx;
    if (id >= s->n_ids)
        return 0;
    struct occ *o = &s->occ[id];
    if (o->gen != s->gen) {
        o->gen = s->gen;
        o->ends.len = 0;
        o->sorted = true;
        o->overflow = false;
    }
    if (o->overflow)
        return 0;
    if (o->ends.len == PREFILTER_MAX_ENDS) {
        o->overflow = true;
        return 0;
    }
    if (o->ends.len && o->ends.items[o->ends.len - 1] > (size_t)to)
        o->sorted = false;
    VEC_PUSH(&o->ends, (size_t)to);
    return 0;
}

/* The end of the first stretch of r->len bytes in r->bytes, or SIZE_MAX:
 * what vectorscan reported for [set]{len} with SINGLEMATCH, found by
 * looking at one byte in r->len (every such stretch holds one of them)
 * and walking out from those in the set.  A class repeat is the slowest
 * thing for vectorscan (the raw view's one run took 0.14 s of next@16). */
static size_t find_run(const struct run *r, const unsigned char *t, size_t len)
{
    for (size_t p = r->len - 1; p < len;) {
        if (!r->in[t[p]]) {
            p += r->len;
            continue;
        }
        size_t a = p, e = p + 1;
        while (a > 0 && r->in[t[a - 1]])
            a--;
        while (e < len && e - a < r->len && r->in[t[e]])
            e++;
        if (e - a >= r->len)
            return a + r->len;
        p = e + r->len;   /* t[e] is outside: a stretch starts after it */
    }
    return SIZE_MAX;
}

bool prefilter_scan(const struct prefilter *pf, unsigned db, const char *text, size_t len,
                    struct prefilter_scratch *s)
{
    if (db == PREFILTER_DB_ALL) {
        bool ok = true;
        for (unsigned v = 0; v < PREFILTER_DB_ALL; v++)
            ok = prefilter_scan(pf, v, text, len, s) && ok;
        return ok;
    }
    if (db >= PREFILTER_DB_COUNT)
        return true;   /* no literal to look for */
    s->text[db] = text;
    s->len[db] = len;
    s->text_gen[db] = s->gen;
    if (!pf->db[db])
        return true;
    if (len > UINT_MAX || !s->hs)
        return false;
    return hs_scan(pf->db[db], len ? text : "", (unsigned)len, 0, s->hs, on_match, s) ==
           HS_SUCCESS;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The run of id, looked for once a file in the text its view was scanned
 * as (what the scan did before, for every run, on every file). */
static void run_on_demand(struct prefilter_scratch *s, unsigned id)
{
    const struct run_ref *ref = &s->pf->run_of[id];
    if (ref->db == NO_RUN || s->occ[id].run_gen == s->gen)
        return;
    s->occ[id].run_gen = s->gen;
    if (s->text_gen[ref->db] != s->gen)
        return;   /* that view was not scanned: no occurrence, as before */
    const struct run *r = &s->pf->runs[ref->db].items[ref->idx];
    size_t end = find_run(r, (const unsigned char *)s->text[ref->db], s->len[ref->db]);
    if (end != SIZE_MAX)
        on_match(id, 0, end, 0, s);
}

const size_t *prefilter_ends(struct prefilter_scratch *s, unsigned id, size_t *n)
{
    *n = 0;
    if (id < s->n_ids)
        run_on_demand(s, id);
    if (id >= s->n_ids || s->occ[id].gen != s->gen)
        return NULL;
    struct occ *o = &s->occ[id];
    if (o->overflow) {
        *n = SIZE_MAX;
        return NULL;
    }
    if (!o->sorted) {
        qsort(o->ends.items, o->ends.len, sizeof(size_t), cmp_size);
        o->sorted = true;
    }
    *n = o->ends.len;
    return o->ends.items;
}
