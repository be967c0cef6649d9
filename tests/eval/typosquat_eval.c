/* make eval-typosquat: how well the typosquat check does on names known to
 * imitate popular packages, and how often it raises a false alarm on real
 * packages ranked just below the popular list's cut.  Not a test: it prints
 * figures against issue 16's targets (one edit >= 95%, two edits and added
 * words >= 70%, false alarms at high <= 0.3%) and exits 0.
 *
 * Usage: typosquat-eval [FIXTURE_DIR [CORPUS_MALICIOUS_DIR [NPM_HIGH_IMPACT_LIB]]]
 * The third names the lib/ folder of an npm-high-impact release: npm's
 * list as refresh builds it, measured against the shallower lists.
 * Two real-world sets kept outside the project are read when named:
 * DEPVET_EVAL_PYPI_TOP, PyPI's full top list (one name a line in rank
 * order, or "rank TAB name"), for issue 16's window of ranks 5,001-7,000
 * against the top 5,000; DEPVET_EVAL_NPM_MONTHLY, npm names with their
 * downloads a month in the third column, to count high alarms on a
 * package more used than its target (the goal is none). */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "depvet/analysis/typosquat.h"
#include "depvet/core/diag.h"
#include "depvet/core/fileio.h"
#include "depvet/registry/popular.h"
#include "../unit/fixture_lines.h"

#define TOP_TARGETS 1000   /* "squats of top-1,000 names" */
#define MAX_EXAMPLES 8
#define MAX_HIGH_SHOWN 24

static bool lines_read(const char *dir, const char *name, struct lines *out)
{
    struct diag d;
    diag_clear(&d);
    if (lines_read_at(dir, name, out, &d))
        return true;
    fprintf(stderr, "typosquat-eval: %s/%s: %s\n", dir, name, d.msg);
    return false;
}

static const char *const list_file_table[] = {
    [ECO_HEX] = "popular-hex.txt", [ECO_PYPI] = "popular-pypi.txt",
    [ECO_NPM] = "popular-npm.txt",
};

struct eval {
    const char *dir;
    struct lines popular[4];
    struct typosquat_index *idx[4];
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool eval_open(struct eval *ev)
{
    for (int e = ECO_HEX; e <= ECO_NPM; e++) {
        if (!lines_read(ev->dir, list_file_table[e], &ev->popular[e]))
            return false;
        double t0 = now_s();
        ev->idx[e] = typosquat_index_new((enum ecosystem)e,
                                         (const char *const *)ev->popular[e].line,
                                         ev->popular[e].n);
        printf("index %-4s %5zu names built in %.0f ms\n", ecosystem_name((enum ecosystem)e),
               ev->popular[e].n, (now_s() - t0) * 1000);
    }
    return true;
}

static void eval_close(struct eval *ev)
{
    for (int e = ECO_HEX; e <= ECO_NPM; e++) {
        typosquat_index_free(ev->idx[e]);
        lines_free(&ev->popular[e]);
    }
}

static size_t rank_of(const struct lines *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->line[i], name) == 0)
            return i;
    return SIZE_MAX;
}

/* One row of the recall table: a kind of squat in one ecosystem. */
struct kind_row {
    char eco[8], kind[16];
    size_t counted, found, high, deep, deep_found;
    char missed[MAX_EXAMPLES][96];
    size_t n_missed;
};

static struct kind_row *row_for(struct kind_row *rows, size_t *n, const char *eco,
                                const char *kind)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(rows[i].eco, eco) == 0 && strcmp(rows[i].kind, kind) == 0)
            return &rows[i];
    struct kind_row *r = &rows[(*n)++];
    memset(r, 0, sizeof(*r));
    snprintf(r->eco, sizeof(r->eco), "%s", eco);
    snprintf(r->kind, sizeof(r->kind), "%s", kind);
    return r;
}

static void tally(struct eval *ev, struct kind_row *r, enum ecosystem eco, const char *name,
                  const char *target)
{
    struct typosquat_hit hit;
    bool flagged = typosquat_check(ev->idx[eco], name, &hit);
    char quoted[300];
    snprintf(quoted, sizeof(quoted), "'%s'", target);
    /* a combined name counts for either of its popular halves */
    bool ok = flagged && (strcmp(hit.target, target) == 0 ||
                          (hit.reason == TYPOSQUAT_COMBINED && strstr(hit.why, quoted)));
    size_t rank = rank_of(&ev->popular[eco], target);
    if (rank >= TOP_TARGETS) {
        r->deep++;
        r->deep_found += ok;
        return;
    }
    r->counted++;
    r->found += ok;
    r->high += ok && hit.score >= TYPOSQUAT_HIGH_SCORE;
    if (!ok && r->n_missed < MAX_EXAMPLES)
        snprintf(r->missed[r->n_missed++], sizeof(r->missed[0]), "%.40s%s%.40s", name,
                 flagged ? " -> " : "", flagged ? hit.target : "");
}

static void print_rows(const struct kind_row *rows, size_t n)
{
    printf("\n%-5s %-10s %8s %8s %8s   %s\n", "eco", "kind", "top-1000", "recall", "at high",
           "deeper targets");
    for (size_t i = 0; i < n; i++) {
        const struct kind_row *r = &rows[i];
        printf("%-5s %-10s %8zu %7.0f%% %7.0f%%   %zu of %zu\n", r->eco, r->kind, r->counted,
               r->counted ? 100.0 * r->found / r->counted : 0.0,
               r->counted ? 100.0 * r->high / r->counted : 0.0, r->deep_found, r->deep);
        for (size_t m = 0; m < r->n_missed; m++)
            printf("      missed: %s\n", r->missed[m]);
    }
}

static void recall_by_kind(struct eval *ev)
{
    struct lines sq;
    if (!lines_read(ev->dir, "squat-kinds.tsv", &sq))
        return;
    struct kind_row *rows = calloc(sq.n + 1, sizeof(*rows));
    size_t nrows = 0;
    for (size_t i = 0; i < sq.n; i++) {
        char *f[4];
        enum ecosystem eco;
        if (fields(sq.line[i], f, 4) != 4 || !ecosystem_parse(f[0], &eco))
            continue;
        tally(ev, row_for(rows, &nrows, f[0], f[3]), eco, f[1], f[2]);
    }
    print_rows(rows, nrows);
    free(rows);
    lines_free(&sq);
}

/* The labelled malicious-package records of the shared corpus whose
 * folder is present: the corpus holds few imitations, so this is a check
 * that the labels still hold rather than a rate. */
static void recall_corpus(struct eval *ev, const char *corpus)
{
    struct lines lab;
    struct stat st;
    if (!corpus || stat(corpus, &st) != 0) {
        printf("\ncorpus: not present, skipped\n");
        return;
    }
    if (!lines_read(ev->dir, "malicious-labels.tsv", &lab))
        return;
    size_t counted = 0, found = 0, excluded = 0, flagged = 0;
    for (size_t i = 0; i < lab.n; i++) {
        char *f[4], dir[4096];
        enum ecosystem eco;
        if (fields(lab.line[i], f, 4) < 3 || !ecosystem_parse(f[0], &eco))
            continue;
        snprintf(dir, sizeof(dir), "%s/%s/%s", corpus, eco == ECO_PYPI ? "pypi" : "npm", f[1]);
        if (stat(dir, &st) != 0)
            continue;
        struct typosquat_hit hit;
        bool hitp = typosquat_check(ev->idx[eco], f[1], &hit);
        if (strcmp(f[2], "-") == 0) {
            excluded++;
            flagged += hitp;
        } else {
            counted++;
            found += hitp && strcmp(hit.target, f[2]) == 0;
        }
    }
    printf("\ncorpus malicious records: %zu of %zu imitations found; %zu of %zu records "
           "imitating nothing flagged\n", found, counted, flagged, excluded);
    lines_free(&lab);
}

/* lines_read_at for a path as given, absolute or relative. */
static bool lines_read_path(const char *path, struct lines *out, struct diag *d)
{
    return path[0] == '/' ? lines_read_at("", path + 1, out, d) : lines_read_at(".", path, out, d);
}

/* Monthly downloads of real packages (name TAB ... TAB count per line, the
 * count in column `col`), sorted by name: a real-world set kept outside the
 * project, standing in for the counts the cache holds in use. */
struct usage {
    struct lines l;
    struct use { const char *name; int64_t monthly; } *u;
    size_t n;
};

static int cmp_use(const void *a, const void *b)
{
    return strcmp(((const struct use *)a)->name, ((const struct use *)b)->name);
}

static bool usage_read(const char *path, int col, struct usage *out)
{
    struct diag d;
    diag_clear(&d);
    memset(out, 0, sizeof(*out));
    if (!path || !lines_read_path(path, &out->l, &d))
        return false;
    out->u = calloc(out->l.n + 1, sizeof(*out->u));
    for (size_t i = 0; i < out->l.n; i++) {
        char *f[4];
        if (fields(out->l.line[i], f, 4) > col && f[col][0] >= '0' && f[col][0] <= '9')
            out->u[out->n++] = (struct use){f[0], strtoll(f[col], NULL, 10)};
    }
    qsort(out->u, out->n, sizeof(*out->u), cmp_use);
    return true;
}

static int64_t usage_of(const struct usage *us, const char *name)
{
    struct use key = {name, 0};
    const struct use *u = us && us->n ? bsearch(&key, us->u, us->n, sizeof(key), cmp_use) : NULL;
    return u ? u->monthly : -1;
}

static void usage_free(struct usage *us)
{
    free(us->u);
    lines_free(&us->l);
}

/* Real names ranked cut+1 .. end against an index of the top cut.  With
 * us, also how many high alarms name a package more used than its
 * target. */
static void false_alarms_in(const char *what, enum ecosystem eco, const char *const *names,
                            size_t n, size_t cut, size_t end, const struct usage *us)
{
    if (n < end)
        end = n;
    if (end <= cut)
        return;
    struct typosquat_index *top = typosquat_index_new(eco, names, cut);
    size_t hits = 0, high = 0, shown = 0, scoped = 0, above = 0, kept = 0;
    double t0 = now_s();
    printf("\n%s ranks %zu-%zu against the top %zu:\n", what, cut + 1, end, cut);
    for (size_t i = cut; i < end; i++) {
        struct typosquat_hit h;
        if (!typosquat_check(top, names[i], &h))
            continue;
        hits++;
        scoped += names[i][0] == '@';
        if (h.score < TYPOSQUAT_HIGH_SCORE)
            continue;
        high++;
        int64_t mine = usage_of(us, names[i]), theirs = usage_of(us, h.target);
        bool more = mine >= 0 && theirs >= 0 && mine > theirs;
        above += more;
        /* what the findings keep once the cache holds the name's own use */
        kept += !typosquat_comparable_use(&h, mine, -1);
        if (shown++ < MAX_HIGH_SHOWN)
            printf("      high: %s (%s)%s\n", names[i], h.why,
                   more ? " MORE USED THAN ITS TARGET" : "");
    }
    double dt = now_s() - t0;
    printf("  flagged %zu (%.1f%%, %zu of them scoped), at high %zu (%.2f%%; target <= 0.3%%); "
           "%.1f us a name\n", hits, 100.0 * hits / (end - cut), scoped, high,
           100.0 * high / (end - cut), dt * 1e6 / (double)(end - cut));
    if (us && us->n)
        printf("  high on a package more used than its target: %zu (target 0); high once "
               "the cache holds each name's own downloads (typosquat_comparable_use): %zu\n",
               above, kept);
    typosquat_index_free(top);
}

static void false_alarms(struct eval *ev, enum ecosystem eco, size_t cut, size_t end)
{
    false_alarms_in(ecosystem_name(eco), eco, (const char *const *)ev->popular[eco].line,
                    ev->popular[eco].n, cut, end, NULL);
}

/* ---- npm at npm-high-impact's depth ------------------------------------------ */

/* Heap bytes in use (glibc), to weigh an index. */
static size_t heap_used(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

/* lib/top-download.js and lib/top-dependent.js merged as refresh merges
 * them; the names live in a. */
static bool npm_lists_read(struct arena *a, const char *lib, struct popular_names *out)
{
    struct popular_names lists[2] = {{0}, {0}};
    for (int i = 0; i < 2; i++) {
        const char *member = strrchr(popular_npm_file_table[i], '/') + 1;
        char path[4096];
        size_t len;
        struct diag d;
        diag_clear(&d);
        snprintf(path, sizeof(path), "%s/%s", lib, member);
        char *body = file_read(path, 64u << 20, &len, &d);
        bool ok = body && popular_parse_js_list(a, path, body, len, &lists[i], &d);
        free(body);
        if (!ok) {
            fprintf(stderr, "typosquat-eval: %s: %s\n", path, d.msg);
            return false;
        }
        printf("  %-20s %6zu names\n", member, lists[i].n);
    }
    popular_merge_ranked(a, lists, out);
    return true;
}

/* One index's recall on the npm squat names of both samples (targets of
 * any rank), and the names it missed. */
struct npm_sample {
    struct lines kinds, reported;
};

static void npm_recall(const char *what, const struct typosquat_index *idx,
                       const struct npm_sample *s)
{
    const struct lines *src[2] = {&s->kinds, &s->reported};
    size_t counted = 0, found = 0, high = 0, shown = 0;
    char missed[512] = "";
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < src[k]->n; i++) {
            char line[512], *f[4];
            snprintf(line, sizeof(line), "%s", src[k]->line[i]);
            if (fields(line, f, 4) < 3 || strcmp(f[0], "npm") != 0 || strcmp(f[2], "-") == 0)
                continue;
            struct typosquat_hit h;
            bool ok = typosquat_check(idx, f[1], &h) && strcmp(h.target, f[2]) == 0;
            counted++;
            found += ok;
            high += ok && h.score >= TYPOSQUAT_HIGH_SCORE;
            if (!ok && shown++ < MAX_EXAMPLES)
                snprintf(missed + strlen(missed), sizeof(missed) - strlen(missed), " %s", f[1]);
        }
    printf("  %-34s recall %zu of %zu (%.0f%%), %zu at high; missed:%s\n", what, found, counted,
           counted ? 100.0 * found / counted : 0.0, high, missed[0] ? missed : " none");
}

/* Before (the 1,000 names npm's search gave, and the fixture's 5,000)
 * and after (npm-high-impact merged): recall on the squat samples, false
 * alarms below each cut, and what the full index costs to build. */
static void npm_deep(struct eval *ev, const char *lib, const struct usage *us)
{
    struct arena *a = arena_new();
    struct popular_names deep = {0};
    struct npm_sample s;
    printf("\nnpm-high-impact (%s):\n", lib);
    if (!npm_lists_read(a, lib, &deep) || !lines_read(ev->dir, "squat-kinds.tsv", &s.kinds)) {
        arena_free(a);
        return;
    }
    if (!lines_read(ev->dir, "reported-squats.tsv", &s.reported))
        memset(&s.reported, 0, sizeof(s.reported));
    size_t before = heap_used();
    double t0 = now_s();
    struct typosquat_index *full = typosquat_index_new(ECO_NPM, deep.names, deep.n);
    printf("  merged %zu names; index built in %.0f ms, %.1f MB of heap\n", deep.n,
           (now_s() - t0) * 1000, (double)(heap_used() - before) / 1e6);
    const struct lines *fx = &ev->popular[ECO_NPM];
    struct typosquat_index *top1k = typosquat_index_new(
        ECO_NPM, (const char *const *)fx->line, fx->n < 1000 ? fx->n : 1000);
    npm_recall("before: top 1,000 (npm search)", top1k, &s);
    npm_recall("before: fixture's 5,000", ev->idx[ECO_NPM], &s);
    npm_recall("after: npm-high-impact", full, &s);
    false_alarms_in("npm-high-impact", ECO_NPM, deep.names, deep.n, 1000, 3000, us);
    false_alarms_in("npm-high-impact", ECO_NPM, deep.names, deep.n,
                    deep.n > 2500 ? deep.n - 2500 : 0, deep.n, us);
    typosquat_index_free(top1k);
    typosquat_index_free(full);
    lines_free(&s.kinds);
    lines_free(&s.reported);
    arena_free(a);
}

/* PyPI's full top list, one name a line in rank order (or "rank TAB
 * name"): ranks 5,001-7,000 against the top 5,000, issue 16's window. */
static void pypi_full(const char *path)
{
    struct lines l;
    struct diag d;
    diag_clear(&d);
    if (!lines_read_path(path, &l, &d)) {
        fprintf(stderr, "typosquat-eval: %s: %s\n", path, d.msg);
        return;
    }
    for (size_t i = 0; i < l.n; i++) {
        char *tab = strchr(l.line[i], '\t');
        if (tab)
            l.line[i] = tab + 1;
    }
    printf("\nPyPI full list (%s): %zu names\n", path, l.n);
    false_alarms_in("PyPI full list", ECO_PYPI, (const char *const *)l.line, l.n, 5000, 7000,
                    NULL);
    lines_free(&l);
}

/* Real-world sets kept outside the project, each optional:
 * DEPVET_EVAL_PYPI_TOP (PyPI's full top list) and DEPVET_EVAL_NPM_MONTHLY
 * (npm names with downloads a month in the third column). */
int main(int argc, char **argv)
{
    struct eval ev = {argc > 1 ? argv[1] : "tests/fixtures/typosquat", {{0}}, {0}};
    if (!eval_open(&ev))
        return 1;
    struct usage npm_use;
    bool have_use = usage_read(getenv("DEPVET_EVAL_NPM_MONTHLY"), 2, &npm_use);
    recall_by_kind(&ev);
    recall_corpus(&ev, argc > 2 ? argv[2] : NULL);
    false_alarms(&ev, ECO_PYPI, 3000, 5000);
    false_alarms(&ev, ECO_NPM, 1000, 3000);
    if (getenv("DEPVET_EVAL_PYPI_TOP"))
        pypi_full(getenv("DEPVET_EVAL_PYPI_TOP"));
    if (argc > 3)
        npm_deep(&ev, argv[3], have_use ? &npm_use : NULL);
    if (have_use)
        usage_free(&npm_use);
    eval_close(&ev);
    return 0;
}
