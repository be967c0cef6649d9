/* The scanner's worker pool: the files of one package scanned on several
 * threads, their hits appended in the order the files were handed over.
 *
 * Each worker owns a scanner of its own (match data, prefilter scratch,
 * lexical views, an arena for its hits) made like the caller's; the rule
 * set is shared read-only.  The caller's thread hands over items (files
 * and archive problems) under a lock and, at the flush, takes every
 * item's hits into its own scanner in item order: binaries and problems
 * are counted there as well, so "the first file of a rule is the hit"
 * means the same as without the pool. */
#define _GNU_SOURCE   /* sched_getaffinity: the CPUs taskset leaves */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/xmalloc.h"
#include "scanner_priv.h"

/* Bytes of copied files waiting for a worker: the walker waits beyond. */
#define POOL_MAX_PENDING ((size_t)64 << 20)

enum item_kind { ITEM_FILE, ITEM_PROBLEM };

struct pool_item {
    enum item_kind kind;
    char *path;                  /* owned */
    const void *data;            /* NULL: not kept (unread) */
    size_t len;
    bool owned;                  /* data is the pool's copy */
    enum archive_problem_kind problem;
    char *message;               /* owned; problems only */
    bool unread;
    /* Filled by the worker that scanned it. */
    enum binclass cls;
    unsigned worker;
    size_t first, n;             /* its hits in that worker's scanner */
};

struct pool_worker {
    pthread_t thread;
    struct scanner *sc;
    struct scan_pool *pool;
    unsigned index;
};

struct scan_pool {
    pthread_mutex_t lock;
    pthread_cond_t work;         /* an item was added, or closing */
    pthread_cond_t room;         /* pending bytes went down */
    VEC(struct pool_item) items;
    size_t next;                 /* first item no worker took */
    size_t pending;              /* bytes of owned copies not yet scanned */
    bool closing;
    struct pool_worker *workers;
    unsigned n_workers;
};

unsigned scan_pool_default_threads(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    /* The CPUs this process may run on (taskset -c 0 makes it 1). */
    int n = sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 1;
    if (n < 1)
        n = 1;
    return n > SCANNER_MAX_THREADS ? SCANNER_MAX_THREADS : (unsigned)n;
}

/* One item on a worker's own scanner; nothing shared is touched. */
static void scan_item(struct scanner *w, struct pool_item *it)
{
    it->first = w->hits.len;
    if (it->data) {
        it->cls = binclass_of(it->data, it->len);
        if (it->cls == BINCLASS_TEXT)
            scanner_text_file(w, it->path, it->data, it->len);
    }
    it->n = w->hits.len - it->first;
}

static void *worker_main(void *arg)
{
    struct pool_worker *pw = arg;
    struct scan_pool *p = pw->pool;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->next == p->items.len && !p->closing)
            pthread_cond_wait(&p->work, &p->lock);
        if (p->next == p->items.len)
            break;
        size_t i = p->next++;
        struct pool_item it = p->items.items[i];   /* the vector may move */
        pthread_mutex_unlock(&p->lock);
        if (it.kind == ITEM_FILE)
            scan_item(pw->sc, &it);
        if (it.owned)
            free((void *)it.data);
        pthread_mutex_lock(&p->lock);
        struct pool_item *slot = &p->items.items[i];
        slot->cls = it.cls;
        slot->first = it.first;
        slot->n = it.n;
        slot->worker = pw->index;
        if (it.owned) {
            slot->data = NULL;
            p->pending -= it.len;
        }
        pthread_cond_signal(&p->room);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static void pool_free(struct scan_pool *p)
{
    for (unsigned i = 0; i < p->n_workers; i++)
        scanner_free(p->workers[i].sc);
    free(p->workers);
    VEC_FREE(&p->items);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->room);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

/* A worker scanner made like sc: the same rules, ecosystem, limits,
 * prefilter setting and install context. */
static struct scanner *worker_scanner(const struct scanner *sc)
{
    struct scanner *w = scanner_new(sc->rs, sc->eco);
    w->threads = 1;
    w->max_hits = sc->max_hits;
    if (!sc->pf)
        scanner_set_prefilter(w, false);
    /* Read only while the pool runs: scanner_manifest flushes first. */
    install_ctx_free(w->ictx);
    w->ictx = sc->ictx;
    w->shared_ictx = true;
    return w;
}

static struct scan_pool *pool_start(struct scanner *sc)
{
    struct scan_pool *p = xcalloc(1, sizeof(*p));
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->room, NULL);
    p->workers = xcalloc(sc->threads, sizeof(*p->workers));
    for (unsigned i = 0; i < sc->threads; i++) {
        struct pool_worker *pw = &p->workers[p->n_workers];
        *pw = (struct pool_worker){.sc = worker_scanner(sc), .pool = p, .index = p->n_workers};
        if (pthread_create(&pw->thread, NULL, worker_main, pw) != 0) {
            scanner_free(pw->sc);   /* fewer threads then */
            break;
        }
        p->n_workers++;
    }
    if (!p->n_workers) {
        pool_free(p);
        return NULL;
    }
    return p;
}

bool scan_pool_take(struct scanner *sc, size_t len)
{
    if (sc->pool)
        return true;
    if (sc->threads <= 1 || sc->bytes_alone + len < sc->pool_min_bytes)
        return false;
    sc->pool = pool_start(sc);
    if (!sc->pool)
        sc->threads = 1;   /* no thread to be had: this one scans */
    return sc->pool != NULL;
}

static void pool_add(struct scan_pool *p, const struct pool_item *it)
{
    pthread_mutex_lock(&p->lock);
    /* One file larger than the cap still goes in when nothing waits. */
    while (it->owned && p->pending && p->pending + it->len > POOL_MAX_PENDING)
        pthread_cond_wait(&p->room, &p->lock);
    VEC_PUSH(&p->items, *it);
    if (it->owned)
        p->pending += it->len;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->lock);
}

void scan_pool_file(struct scanner *sc, const char *path, const void *data, size_t len,
                    bool borrow)
{
    struct pool_item it = {.kind = ITEM_FILE, .path = xstrdup(path), .data = data,
                           .len = data ? len : 0, .unread = !data, .cls = BINCLASS_TEXT};
    if (data && !borrow) {
        void *copy = xmalloc(len ? len : 1);
        memcpy(copy, data, len);
        it.data = copy;
        it.owned = true;
    }
    pool_add(sc->pool, &it);
}

void scan_pool_problem(struct scanner *sc, const struct archive_problem *pr)
{
    struct pool_item it = {.kind = ITEM_PROBLEM, .path = xstrdup(pr->path ? pr->path : ""),
                           .problem = pr->kind,
                           .message = pr->message ? xstrdup(pr->message) : NULL};
    pool_add(sc->pool, &it);
}

/* One finished item into the caller's scanner, as scanning it there would. */
static void merge_item(struct scanner *sc, struct scan_pool *p, struct pool_item *it)
{
    if (it->kind == ITEM_PROBLEM) {
        struct archive_problem pr = {it->problem, it->path, it->message};
        scanner_problem(sc, &pr);
    } else if (it->unread) {
        sc->files_unread++;
    } else if (it->cls != BINCLASS_TEXT) {
        scanner_binary_file(sc, it->path, it->cls);
    } else {
        sc->files_text++;
        sc->bytes_text += it->len;
        struct scanner *w = p->workers[it->worker].sc;
        for (size_t h = 0; h < it->n; h++)
            scanner_adopt_hit(sc, &w->hits.items[it->first + h]);
    }
    free(it->path);
    free(it->message);
}

void scan_pool_flush(struct scanner *sc)
{
    struct scan_pool *p = sc->pool;
    if (!p)
        return;
    sc->pool = NULL;   /* the merge's problems and binaries go straight in */
    pthread_mutex_lock(&p->lock);
    p->closing = true;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->n_workers; i++)
        pthread_join(p->workers[i].thread, NULL);
    /* The join is where the workers' hits become this thread's to read. */
    for (size_t i = 0; i < p->items.len; i++)
        merge_item(sc, p, &p->items.items[i]);
    pool_free(p);
}
