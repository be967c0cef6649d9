/* Two package archives compared file by file (linediff.h for the text). */
#include "depvet/analysis/srcdiff.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "depvet/analysis/binclass.h"
#include "depvet/analysis/hex_tarball.h"
#include "depvet/analysis/install_ctx.h"
#include "depvet/analysis/linediff.h"
#include "depvet/core/hash.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/vec.h"
#include "depvet/core/xmalloc.h"
#include "srcdiff_priv.h"

enum { ENTRY_FREE, ENTRY_PAIRED };

struct side {
    struct archive_listing *own;      /* plain archive */
    struct hex_tarball *hex;          /* Hex tarball */
    const struct archive_listing *l;  /* the files compared */
    struct srcdiff_entry *ents;       /* sorted by key */
    size_t n;
    const char *top;                  /* the top folder left out ("package/"), or "" */
};

static const char *const srcdiff_status_table[SRCDIFF_STATUS_COUNT] = {
    [SRCDIFF_ADDED] = "added", [SRCDIFF_REMOVED] = "removed",
    [SRCDIFF_MODIFIED] = "modified", [SRCDIFF_RENAMED] = "renamed",
};

const char *srcdiff_status_name(enum srcdiff_status s)
{
    return (unsigned)s < SRCDIFF_STATUS_COUNT ? srcdiff_status_table[s] : "?";
}

static uint64_t fnv1a(const unsigned char *p, uint64_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (uint64_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

/* Hex's outer tar opens with its VERSION member. */
static bool looks_hex(const void *buf, size_t len)
{
    return len >= 512 && memcmp(buf, "VERSION", 8) == 0;
}

static bool side_open(struct side *s, const void *buf, size_t len, const char *name,
                      const struct srcdiff_options *o, struct diag *d)
{
    memset(s, 0, sizeof(*s));
    if (o->eco == ECO_HEX || (o->eco == ECO_UNKNOWN && looks_hex(buf, len))) {
        struct diag hd;
        diag_clear(&hd);
        s->hex = hex_tarball_open(buf, len, name, o->caps, &hd);
        if (s->hex && s->hex->contents) {
            s->l = s->hex->contents;
            return true;
        }
        hex_tarball_free(s->hex);
        s->hex = NULL;
        if (o->eco == ECO_HEX) {
            *d = hd;
            return false;
        }
    }
    struct diag ad;
    diag_clear(&ad);
    /* Inflated in one go: this side is held whole anyway. */
    s->own = archive_listing_open_inflated(buf, len, name, o->caps, &ad);
    if (!s->own) {
        *d = ad;
        return false;
    }
    s->l = s->own;   /* a damaged archive is compared as far as it was read */
    return true;
}

static void side_fini(struct side *s)
{
    archive_listing_free(s->own);
    hex_tarball_free(s->hex);
    free(s->ents);
}

struct open_job {
    struct side *s;
    const void *buf;
    size_t len;
    const char *name;
    const struct srcdiff_options *o;
    struct diag d;
    bool ok;
};

static void *open_worker(void *arg)
{
    struct open_job *j = arg;
    diag_clear(&j->d);
    j->ok = side_open(j->s, j->buf, j->len, j->name, j->o, &j->d);
    return NULL;
}

/* Both archives are read (decompressed) at once, the old one on a thread
 * of its own when one can be had. */
static bool open_both(struct side *so, struct side *sn, const void *ob, size_t ol,
                      const char *on, const void *nb, size_t nl, const char *nn,
                      const struct srcdiff_options *o, struct diag *d)
{
    struct open_job j = {so, ob, ol, on, o, {0}, false};
    pthread_t t;
    bool threaded = pthread_create(&t, NULL, open_worker, &j) == 0;
    if (!threaded)
        open_worker(&j);
    struct diag nd;
    diag_clear(&nd);
    bool nok = side_open(sn, nb, nl, nn, o, &nd);
    if (threaded)
        pthread_join(t, NULL);
    if (j.ok && nok)
        return true;
    *d = j.ok ? nd : j.d;   /* the old side's problem first, as before */
    if (j.ok)
        side_fini(so);
    if (nok)
        side_fini(sn);
    return false;
}

/* "./a//b" -> "a/b", in the arena. */
static const char *clean_path(struct arena *a, const char *p)
{
    size_t n = strlen(p);
    char *out = arena_alloc(a, n + 1), *w = out;
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    for (; *p; p++) {
        if (*p == '/' && (w == out || w[-1] == '/'))
            continue;
        *w++ = *p;
    }
    *w = '\0';
    return out;
}

/* Length of "top/" when every entry starts with the same top folder, else 0. */
static size_t common_top(const struct srcdiff_entry *e, size_t n)
{
    if (n == 0)
        return 0;
    const char *slash = strchr(e[0].path, '/');
    if (!slash)
        return 0;
    size_t len = (size_t)(slash - e[0].path) + 1;
    for (size_t i = 1; i < n; i++)
        if (strncmp(e[i].path, e[0].path, len) != 0 || !e[i].path[len])
            return 0;
    return len;
}

/* Wheels and egg-info name their metadata folder after the version
 * ("pkg-1.0.dist-info/"): pair on the folder without it. */
static const char *pair_key(struct arena *a, const char *path)
{
    static const char *const versioned_dir_table[] = {".dist-info/", ".data/", ".egg-info/", NULL};
    const char *slash = strchr(path, '/');
    const char *dash = strchr(path, '-');
    if (!slash || !dash || dash > slash)
        return path;
    for (unsigned i = 0; versioned_dir_table[i]; i++) {
        size_t sl = strlen(versioned_dir_table[i]);
        if ((size_t)(slash + 1 - path) >= sl &&
            memcmp(slash + 1 - sl, versioned_dir_table[i], sl) == 0)
            return arena_printf(a, "%.*s%s", (int)(dash - path), path, slash + 1 - sl);
    }
    return path;
}

static int entry_cmp(const void *pa, const void *pb)
{
    const struct srcdiff_entry *a = pa, *b = pb;
    return strcmp(a->key, b->key);
}

static void side_entries(struct side *s, struct arena *a, bool strip_top)
{
    const struct archive_listing *l = s->l;
    s->ents = xcalloc(l->n_items + 1, sizeof(*s->ents));
    for (size_t i = 0; i < l->n_items; i++) {
        const struct archive_item *it = &l->items[i];
        struct srcdiff_entry *e = &s->ents[s->n];
        if (it->kind == ARCHIVE_KIND_FILE) {
            e->data = it->data;
            e->size = it->size;
        } else if (it->kind == ARCHIVE_KIND_SYMLINK || it->kind == ARCHIVE_KIND_HARDLINK) {
            /* A link is compared by where it points. */
            const char *t = arena_printf(a, "link -> %s\n", it->link_target ? it->link_target : "");
            e->data = (const unsigned char *)t;
            e->size = strlen(t);
        } else {
            continue;
        }
        e->path = clean_path(a, it->path);
        if (e->path[0])
            s->n++;
    }
    size_t top = strip_top ? common_top(s->ents, s->n) : 0;
    s->top = arena_printf(a, "%.*s", (int)top, top ? s->ents[0].path : "");
    for (size_t i = 0; i < s->n; i++) {
        s->ents[i].path += top;
        s->ents[i].key = pair_key(a, s->ents[i].path);
    }
    if (s->n)
        qsort(s->ents, s->n, sizeof(*s->ents), entry_cmp);
    size_t w = 0;   /* a duplicate path: the first one counts */
    for (size_t i = 0; i < s->n; i++)
        if (w == 0 || strcmp(s->ents[w - 1].key, s->ents[i].key) != 0)
            s->ents[w++] = s->ents[i];
    s->n = w;
}

/* A text file pair whose diff is still to make (files index). */
struct text_job {
    size_t file;
    const struct srcdiff_entry *o, *n;
};

struct ctx {
    struct srcdiff *out;
    const struct srcdiff_options *o;
    struct srcdiff_spool *spool;    /* NULL: patches in the arena */
    VEC(struct srcdiff_file) files;
    VEC(struct text_job) pending;
    pthread_mutex_t lock;           /* out->arena, while the diffs run */
    atomic_size_t next;             /* the next pending job to take */
};

static size_t count_lines(const unsigned char *p, uint64_t n)
{
    size_t lines = 0;
    for (const unsigned char *q = p, *end = p + n; q < end; q++) {
        q = memchr(q, '\n', (size_t)(end - q));
        if (!q)
            break;
        lines++;
    }
    return lines + (n && p[n - 1] != '\n');
}

static void sink_strbuf(void *priv, const char *p, size_t n)
{
    strbuf_append(priv, p, n);
}

/* A path as libgit2 prints it in a patch header: prefixed, and in C-style
 * quotes when it holds '"', '\\', a control or a non-ASCII byte. */
static void put_path(struct strbuf *sb, const char *prefix, const char *path)
{
    static const char ctrl_table[] = "abtnvfr";   /* \a (7) .. \r (13) */
    bool quote = false;
    for (const unsigned char *p = (const unsigned char *)path; *p && !quote; p++)
        quote = *p == '"' || *p == '\\' || *p < ' ' || *p > '~';
    if (!quote) {
        strbuf_puts(sb, prefix);
        strbuf_puts(sb, path);
        return;
    }
    strbuf_putc(sb, '"');
    strbuf_puts(sb, prefix);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '"' || *p == '\\') {
            strbuf_putc(sb, '\\');
            strbuf_putc(sb, (char)*p);
        } else if (*p >= '\a' && *p <= '\r') {
            strbuf_putc(sb, '\\');
            strbuf_putc(sb, ctrl_table[*p - '\a']);
        } else if (*p < ' ' || *p > '~') {
            strbuf_printf(sb, "\\%03o", *p);
        } else {
            strbuf_putc(sb, (char)*p);
        }
    }
    strbuf_putc(sb, '"');
}

/* git's blob id of the data, abbreviated to 7 hex digits as libgit2
 * prints it; "0000000" for a side that is absent. */
static void put_blob_id(struct strbuf *sb, const struct srcdiff_entry *e)
{
    unsigned char id[20];
    char hex[41];
    struct hash_ctx *h = e ? hash_new(HASH_SHA1) : NULL;
    if (!h) {
        strbuf_puts(sb, "0000000");
        return;
    }
    char head[32];
    int hl = snprintf(head, sizeof(head), "blob %llu", (unsigned long long)e->size);
    hash_update(h, head, (size_t)hl + 1);
    hash_update(h, e->data, (size_t)e->size);
    hash_final(h, id);
    hash_free(h);
    hash_hex_encode(id, 7, hex);
    strbuf_append(sb, hex, 7);
}

/* The file header libgit2 prints before the hunks. */
static void patch_header(struct strbuf *sb, const struct srcdiff_entry *o,
                         const struct srcdiff_entry *n)
{
    const char *op = o ? o->path : n->path, *np = n ? n->path : o->path;
    strbuf_puts(sb, "diff --git ");
    put_path(sb, "a/", op);
    strbuf_putc(sb, ' ');
    put_path(sb, "b/", np);
    strbuf_puts(sb, !o ? "\nnew file mode 100644\nindex " : !n ? "\ndeleted file mode 100644\nindex "
                                                             : "\nindex ");
    put_blob_id(sb, o);
    strbuf_puts(sb, "..");
    put_blob_id(sb, n);
    strbuf_puts(sb, o && n ? " 100644\n--- " : "\n--- ");
    if (o)
        put_path(sb, "a/", op);
    else
        strbuf_puts(sb, "/dev/null");
    strbuf_puts(sb, "\n+++ ");
    if (n)
        put_path(sb, "b/", np);
    else
        strbuf_puts(sb, "/dev/null");
    strbuf_putc(sb, '\n');
}

static void sink_file(void *priv, const char *p, size_t n)
{
    fwrite(p, 1, n, priv);
}

/* The patch written to this worker's spool file as it is made. */
static void spooled_diff(struct ctx *c, unsigned part, struct srcdiff_file *f,
                         const struct srcdiff_entry *o, const struct srcdiff_entry *n)
{
    FILE *w = srcdiff_spool_writer(c->spool, part);
    struct strbuf sb = STRBUF_INIT;
    patch_header(&sb, o, n);
    off_t at = ftello(w);
    fwrite(sb.buf, 1, sb.len, w);
    strbuf_fini(&sb);
    struct linediff_sink sink = {sink_file, w};
    struct linediff_counts counts;
    if (!linediff_run(o ? o->data : NULL, o ? (size_t)o->size : 0, n ? n->data : NULL,
                      n ? (size_t)n->size : 0, c->o->context ? c->o->context : 3, &sink,
                      &counts)) {
        f->uncompared = true;
        return;
    }
    f->added = counts.added;
    f->removed = counts.removed;
    off_t end = ftello(w);
    if (at >= 0 && end > at) {
        f->patch_part = part;
        f->patch_at = (uint64_t)at;
        f->patch_len = (size_t)(end - at);
    }
}

/* +/- counts (and the patch when asked) of one text file pair. */
static void text_diff(struct ctx *c, unsigned part, struct srcdiff_file *f,
                      const struct srcdiff_entry *o, const struct srcdiff_entry *n)
{
    if (c->spool && c->o->patches) {
        spooled_diff(c, part, f, o, n);
        return;
    }
    if (!c->o->patches && (!o || !n)) {
        /* Whole-file additions and removals need no diff engine. */
        f->added = n ? count_lines(n->data, n->size) : 0;
        f->removed = o ? count_lines(o->data, o->size) : 0;
        return;
    }
    struct strbuf sb = STRBUF_INIT;
    struct linediff_sink sink = {sink_strbuf, &sb};
    struct linediff_counts counts;
    if (c->o->patches)
        patch_header(&sb, o, n);
    if (!linediff_run(o ? o->data : NULL, o ? (size_t)o->size : 0, n ? n->data : NULL,
                      n ? (size_t)n->size : 0, c->o->context ? c->o->context : 3,
                      c->o->patches ? &sink : NULL, &counts)) {
        f->uncompared = true;
        strbuf_fini(&sb);
        return;
    }
    f->added = counts.added;
    f->removed = counts.removed;
    if (sb.len) {
        pthread_mutex_lock(&c->lock);
        char *p = arena_alloc(c->out->arena, sb.len + 1);
        pthread_mutex_unlock(&c->lock);
        memcpy(p, sb.buf, sb.len);
        f->patch = p;
        f->patch_len = sb.len;
    }
    strbuf_fini(&sb);
}

static void add_file(struct ctx *c, enum srcdiff_status st, const struct srcdiff_entry *o,
                     const struct srcdiff_entry *n)
{
    struct srcdiff_file *f = VEC_ADD(&c->files);
    memset(f, 0, sizeof(*f));
    f->status = st;
    f->old_path = o ? o->path : NULL;
    f->new_path = n ? n->path : NULL;
    f->path = n ? n->path : o->path;
    f->old_size = o ? o->size : 0;
    f->new_size = n ? n->size : 0;
    f->uncompared = (o && !o->data) || (n && !n->data);
    const struct srcdiff_entry *last = n ? n : o;
    enum binclass nk = last->data ? binclass_of(last->data, (size_t)last->size) : BINCLASS_BINARY;
    enum binclass ok = o && o->data ? binclass_of(o->data, (size_t)o->size) : nk;
    f->kind = binclass_name(nk);
    f->binary = nk != BINCLASS_TEXT || ok != BINCLASS_TEXT;
    if (st == SRCDIFF_RENAMED || f->binary || f->uncompared)
        return;
    *VEC_ADD(&c->pending) = (struct text_job){c->files.len - 1, o, n};
}

static uint64_t job_size(const struct text_job *j)
{
    return (j->o ? j->o->size : 0) + (j->n ? j->n->size : 0);
}

static int job_cmp(const void *pa, const void *pb)   /* largest first */
{
    uint64_t a = job_size(pa), b = job_size(pb);
    return a < b ? 1 : a > b ? -1 : 0;
}

enum { MAX_THREADS = 4 };   /* and spool files */

struct worker_arg {
    struct ctx *c;
    unsigned part;                  /* its spool file */
};

static void *text_worker(void *arg)
{
    struct worker_arg *w = arg;
    struct ctx *c = w->c;
    for (size_t i; (i = atomic_fetch_add(&c->next, 1)) < c->pending.len;) {
        const struct text_job *j = &c->pending.items[i];
        text_diff(c, w->part, &c->files.items[j->file], j->o, j->n);
    }
    return NULL;
}

/* The diffs are independent: on a few threads, the largest files first so
 * that one big file does not end last alone.  A diff needs nothing shared
 * but the arena the patches are copied into. */
static void run_text_diffs(struct ctx *c)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = c->pending.len, nt = cpus > MAX_THREADS ? MAX_THREADS : cpus < 1 ? 1 : (size_t)cpus;
    if (nt > n)
        nt = n;
    if (!n)
        return;
    qsort(c->pending.items, n, sizeof(*c->pending.items), job_cmp);
    pthread_t t[MAX_THREADS];
    struct worker_arg wa[MAX_THREADS];
    size_t started = 0;
    for (; started + 1 < nt; started++) {
        wa[started] = (struct worker_arg){c, (unsigned)started + 2};
        if (pthread_create(&t[started], NULL, text_worker, &wa[started]) != 0)
            break;
    }
    struct worker_arg self = {c, 1};
    text_worker(&self);   /* this thread takes part (and does it all without others) */
    for (size_t i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    for (size_t i = 0; i < n; i++) {
        const struct srcdiff_file *f = &c->files.items[c->pending.items[i].file];
        c->out->insertions += f->added;
        c->out->deletions += f->removed;
    }
}

static bool same_content(const struct srcdiff_entry *a, const struct srcdiff_entry *b)
{
    return a->data && b->data && a->size == b->size &&
           memcmp(a->data, b->data, (size_t)a->size) == 0;
}

/* Walks both sorted sides together; unpaired files stay ENTRY_FREE. */
static void pair_by_path(struct ctx *c, struct side *o, struct side *n)
{
    size_t i = 0, j = 0;
    while (i < o->n && j < n->n) {
        int cmp = strcmp(o->ents[i].key, n->ents[j].key);
        if (cmp < 0) {
            i++;
        } else if (cmp > 0) {
            j++;
        } else if (o->ents[i].state == ENTRY_PAIRED) {
            n->ents[j].state = ENTRY_PAIRED;   /* compared while the archive was read */
            i++;
            j++;
        } else {
            o->ents[i].state = n->ents[j].state = ENTRY_PAIRED;
            bool uncompared = !o->ents[i].data || !n->ents[j].data;
            if (!uncompared && same_content(&o->ents[i], &n->ents[j]))
                c->out->n_unchanged++;
            else
                add_file(c, SRCDIFF_MODIFIED, &o->ents[i], &n->ents[j]);
            i++;
            j++;
        }
    }
}

struct hash_ref {
    uint64_t hash, size;
    size_t idx;
};

static int hash_ref_cmp(const void *pa, const void *pb)
{
    const struct hash_ref *a = pa, *b = pb;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    if (a->size != b->size)
        return a->size < b->size ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* An added file with the very content of a removed one is a rename. */
static void pair_renames(struct ctx *c, struct side *o, struct side *n)
{
    struct hash_ref *refs = xcalloc(o->n + 1, sizeof(*refs));
    size_t nr = 0;
    /* Only files left unpaired are hashed: most of an archive pairs by path. */
    for (size_t i = 0; i < o->n; i++)
        if (o->ents[i].state == ENTRY_FREE && o->ents[i].data && o->ents[i].size) {
            o->ents[i].hash = fnv1a(o->ents[i].data, o->ents[i].size);
            refs[nr++] = (struct hash_ref){o->ents[i].hash, o->ents[i].size, i};
        }
    if (nr)
        qsort(refs, nr, sizeof(*refs), hash_ref_cmp);
    for (size_t j = 0; j < n->n && nr; j++) {
        struct srcdiff_entry *e = &n->ents[j];
        if (e->state != ENTRY_FREE || !e->data || !e->size)
            continue;
        e->hash = fnv1a(e->data, e->size);
        size_t lo = 0, hi = nr;   /* first ref with (hash, size) >= e's */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (refs[mid].hash < e->hash || (refs[mid].hash == e->hash && refs[mid].size < e->size))
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < nr && refs[lo].hash == e->hash && refs[lo].size == e->size; lo++) {
            struct srcdiff_entry *r = &o->ents[refs[lo].idx];
            if (r->state == ENTRY_FREE && same_content(r, e)) {
                r->state = e->state = ENTRY_PAIRED;
                add_file(c, SRCDIFF_RENAMED, r, e);
                break;
            }
        }
    }
    free(refs);
    for (size_t i = 0; i < o->n; i++)
        if (o->ents[i].state == ENTRY_FREE)
            add_file(c, SRCDIFF_REMOVED, &o->ents[i], NULL);
    for (size_t j = 0; j < n->n; j++)
        if (n->ents[j].state == ENTRY_FREE)
            add_file(c, SRCDIFF_ADDED, NULL, &n->ents[j]);
}

static int file_cmp(const void *pa, const void *pb)
{
    const struct srcdiff_file *a = pa, *b = pb;
    int r = strcmp(a->path, b->path);
    return r ? r : (int)a->status - (int)b->status;
}

/* What a side's manifests run, by the diff's paths. */
static struct install_ctx *side_install(const struct side *s)
{
    struct install_ctx *ic = install_ctx_new();
    for (size_t i = 0; i < s->n; i++)   /* files let go while streaming are no manifests */
        if (s->ents[i].data)
            install_ctx_manifest(ic, s->ents[i].path, s->ents[i].data, (size_t)s->ents[i].size);
    return ic;
}

/* Files that run at install or compile time on their newer side (the
 * older for a removed file). */
static void mark_install(struct srcdiff_file *f, size_t n, const struct side *o,
                         const struct side *nw)
{
    struct install_ctx *ic[2] = {side_install(o), side_install(nw)};
    for (size_t i = 0; i < n; i++)
        f[i].install_time = f[i].new_path ? install_ctx_has(ic[1], f[i].new_path)
                                          : install_ctx_has(ic[0], f[i].old_path);
    install_ctx_free(ic[0]);
    install_ctx_free(ic[1]);
}

static void compare(struct ctx *c, struct side *o, struct side *n)
{
    struct srcdiff *s = c->out;
    pair_by_path(c, o, n);
    pair_renames(c, o, n);
    run_text_diffs(c);
    VEC_FREE(&c->pending);
    if (c->spool && !srcdiff_spool_flush(c->spool))
        for (size_t i = 0; i < c->files.len; i++)   /* a full disk: the patches are not there */
            if (c->files.items[i].patch_part)
                c->files.items[i].patch_len = 0;
    mark_install(c->files.items, c->files.len, o, n);
    if (c->files.len) {
        qsort(c->files.items, c->files.len, sizeof(*c->files.items), file_cmp);
        struct srcdiff_file *files = arena_alloc(s->arena, c->files.len * sizeof(*files));
        memcpy(files, c->files.items, c->files.len * sizeof(*files));
        s->files = files;
        s->n_files = c->files.len;
    }
    VEC_FREE(&c->files);
}

/* One archive as srcdiff_new was given it. */
struct archive_input {
    const void *buf;
    size_t len;
    const char *name;
};

/* Streaming: the older archive is read whole, the newer one file by file,
 * each file compared as it arrives and let go unless a manifest needs it
 * later, so one side and one file are held instead of both sides.  Hex
 * tarballs (an archive inside an archive) and zip (wheels have no common
 * top folder to assume) are read whole. */
static bool can_stream(const struct srcdiff_options *o, const struct archive_input *in)
{
    if (o->eco == ECO_HEX)
        return false;
    for (int i = 0; i < 2; i++) {
        const unsigned char *b = in[i].buf;
        if (!b || looks_hex(b, in[i].len) || (in[i].len >= 2 && b[0] == 'P' && b[1] == 'K'))
            return false;
    }
    return true;
}

struct stream {
    struct ctx *c;
    struct side *old;
    const char *first;    /* the first file's path: its top folder is assumed */
    size_t top_len;
    bool broken;          /* a file outside that folder: what was compared is void */
};

static struct srcdiff_entry *find_key(struct side *s, const char *key)
{
    size_t lo = 0, hi = s->n;   /* entries are sorted by key */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = strcmp(s->ents[mid].key, key);
        if (cmp == 0)
            return &s->ents[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* What the metadata and install-time readers look at once every file is
 * in: files at the top, manifests one folder down, dist-info METADATA. */
static bool wanted_later(const char *rel)
{
    const char *slash = strchr(rel, '/');
    return !slash || install_ctx_is_manifest(rel) ||
           (!strchr(slash + 1, '/') && strcmp(slash + 1, "METADATA") == 0);
}

/* A pair compared at once, its diff made while the newer file is here. */
static void pair_now(struct ctx *c, const struct srcdiff_entry *o, const struct srcdiff_entry *n)
{
    if (same_content(o, n)) {
        c->out->n_unchanged++;
        return;
    }
    size_t before = c->pending.len;
    add_file(c, SRCDIFF_MODIFIED, o, n);
    if (c->pending.len == before)
        return;
    struct text_job j = c->pending.items[--c->pending.len];
    struct srcdiff_file *f = &c->files.items[j.file];
    text_diff(c, 1, f, j.o, j.n);
    c->out->insertions += f->added;
    c->out->deletions += f->removed;
}

static bool visit_new(void *priv, const struct archive_item *it)
{
    struct stream *st = priv;
    const char *path = clean_path(st->c->out->arena, it->path);
    if (!path[0] || st->broken)
        return true;
    if (!st->first) {
        const char *slash = strchr(path, '/');
        st->first = path;
        st->top_len = slash ? (size_t)(slash - path) + 1 : 0;
    }
    if (strncmp(path, st->first, st->top_len) != 0 || !path[st->top_len]) {
        st->broken = true;
        return true;
    }
    const char *rel = path + st->top_len;
    struct srcdiff_entry ne = {rel, pair_key(st->c->out->arena, rel), it->data, it->size, 0,
                               ENTRY_PAIRED};
    struct srcdiff_entry *oe = find_key(st->old, ne.key);
    if (!oe || oe->state != ENTRY_FREE)
        return true;   /* added, renamed or a second copy: settled at the end */
    oe->state = ENTRY_PAIRED;
    pair_now(st->c, oe, &ne);
    return wanted_later(rel);
}

/* The top folder was guessed wrong: what was compared is forgotten and
 * the newer side read again whole. */
static bool stream_redo(struct ctx *c, struct side *so, struct side *sn,
                        const struct archive_input *in, struct diag *d)
{
    c->files.len = c->pending.len = 0;
    c->out->n_unchanged = c->out->insertions = c->out->deletions = 0;
    for (size_t i = 0; i < so->n; i++)
        so->ents[i].state = ENTRY_FREE;
    side_fini(sn);
    if (!side_open(sn, in[1].buf, in[1].len, in[1].name, c->o, d)) {
        side_fini(so);
        return false;
    }
    side_entries(sn, c->out->arena, true);
    return true;
}

static bool open_streaming(struct ctx *c, struct side *so, struct side *sn,
                           const struct archive_input *in, struct diag *d)
{
    if (!side_open(so, in[0].buf, in[0].len, in[0].name, c->o, d))
        return false;
    side_entries(so, c->out->arena, true);
    struct stream st = {c, so, NULL, 0, false};
    struct diag ad;
    diag_clear(&ad);
    memset(sn, 0, sizeof(*sn));
    sn->own = archive_listing_visit(in[1].buf, in[1].len, in[1].name, c->o->caps, visit_new,
                                    &st, &ad);
    if (!sn->own) {
        *d = ad;
        side_fini(so);
        return false;
    }
    sn->l = sn->own;
    side_entries(sn, c->out->arena, true);
    size_t top = strlen(sn->top);
    if (st.first && (st.broken || top != st.top_len || strncmp(sn->top, st.first, top) != 0))
        return stream_redo(c, so, sn, in, d);
    return true;
}

static bool open_sides(struct ctx *c, struct side *so, struct side *sn,
                       const struct archive_input *in, struct diag *d)
{
    if (can_stream(c->o, in))
        return open_streaming(c, so, sn, in, d);
    if (!open_both(so, sn, in[0].buf, in[0].len, in[0].name, in[1].buf, in[1].len, in[1].name,
                   c->o, d))
        return false;
    side_entries(so, c->out->arena, !so->hex);
    side_entries(sn, c->out->arena, !sn->hex);
    return true;
}

static size_t n_problems(const struct side *s)
{
    return s->l->n_problems + (s->hex && s->hex->outer ? s->hex->outer->n_problems : 0);
}

struct srcdiff *srcdiff_new(const void *old_buf, size_t old_len, const char *old_name,
                            const void *new_buf, size_t new_len, const char *new_name,
                            const struct srcdiff_options *o, struct diag *d)
{
    struct srcdiff_options dflt = {0};
    if (!o)
        o = &dflt;
    struct srcdiff *s = xcalloc(1, sizeof(*s));
    s->arena = arena_new();
    struct ctx c = {s, o, NULL, {0}, {0}, PTHREAD_MUTEX_INITIALIZER, 0};
    if (o->spool && o->patches)
        c.spool = s->spool = srcdiff_spool_new(MAX_THREADS);
    struct side so, sn;
    const struct archive_input in[2] = {{old_buf, old_len, old_name}, {new_buf, new_len, new_name}};
    if (!open_sides(&c, &so, &sn, in, d)) {
        srcdiff_free(s);
        return NULL;
    }
    s->hex = so.hex && sn.hex;
    s->old_files = so.n;
    s->new_files = sn.n;
    s->old_top = so.top;
    s->new_top = sn.top;
    s->old_problems = n_problems(&so);
    s->new_problems = n_problems(&sn);
    compare(&c, &so, &sn);
    struct srcdiff_meta_vec mv = {0};
    srcdiff_meta_compare(s->arena, so.hex, so.ents, so.n, sn.hex, sn.ents, sn.n, &mv);
    if (mv.len) {
        struct srcdiff_meta *m = arena_alloc(s->arena, mv.len * sizeof(*m));
        memcpy(m, mv.items, mv.len * sizeof(*m));
        s->meta = m;
        s->n_meta = mv.len;
    }
    free(mv.items);
    side_fini(&so);
    side_fini(&sn);
    return s;
}

const char *srcdiff_patch(const struct srcdiff *s, size_t i, size_t *len)
{
    const struct srcdiff_file *f = i < s->n_files ? &s->files[i] : NULL;
    const char *p = !f || !f->patch_len ? NULL
                    : f->patch_part ? srcdiff_spool_read(s->spool, f->patch_part, f->patch_at,
                                                         f->patch_len)
                                    : f->patch;
    *len = p ? f->patch_len : 0;
    return p;
}

void srcdiff_free(struct srcdiff *s)
{
    if (!s)
        return;
    srcdiff_spool_free(s->spool);
    arena_free(s->arena);
    free(s);
}
