/* Bench helper: one generated npm packument with N releases (each with a
 * dependency, a publisher, a tarball and a date), timed through the path a
 * refresh takes: parse it, merge a second answer with the same releases
 * into it, store it, load it back (pkgstore_get, then pkgstore_load_all).
 * Prints "phase cpu_s wall_s" lines; the cost of each should grow
 * linearly with N. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "depvet/core/arena.h"
#include "depvet/core/strbuf.h"
#include "depvet/registry/npm.h"
#include "depvet/store/db.h"
#include "depvet/store/pkgstore.h"

struct clocks {
    double cpu, wall;
};

static struct clocks now(void)
{
    struct timespec c, w;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
    clock_gettime(CLOCK_MONOTONIC, &w);
    return (struct clocks){c.tv_sec + c.tv_nsec / 1e9, w.tv_sec + w.tv_nsec / 1e9};
}

static void report(const char *phase, struct clocks *t)
{
    struct clocks n = now();
    printf("%s %.4f %.4f\n", phase, n.cpu - t->cpu, n.wall - t->wall);
    *t = n;
}

static void version_of(char *out, size_t cap, unsigned i)
{
    snprintf(out, cap, "%u.%u.%u", i / 10000, i / 100 % 100, i % 100);
}

static char *packument(unsigned n, size_t *len)
{
    struct strbuf sb = STRBUF_INIT;
    char v[32];
    version_of(v, sizeof v, n - 1);
    strbuf_printf(&sb, "{\"name\":\"big\",\"dist-tags\":{\"latest\":\"%s\"},\"time\":"
                  "{\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"2024-01-01T00:00:00.000Z\"", v);
    for (unsigned i = 0; i < n; i++) {
        version_of(v, sizeof v, i);
        strbuf_printf(&sb, ",\"%s\":\"2021-01-01T00:00:00.000Z\"", v);
    }
    strbuf_puts(&sb, "},\"versions\":{");
    for (unsigned i = 0; i < n; i++) {
        version_of(v, sizeof v, i);
        strbuf_printf(&sb, "%s\"%s\":{\"version\":\"%s\",\"dependencies\":{\"dep\":\"^1.%u.0\"},"
                      "\"_npmUser\":{\"name\":\"pub\"},\"dist\":{\"tarball\":"
                      "\"http://127.0.0.1/big/-/big-%s.tgz\"}}", i ? "," : "", v, v, i % 7, v);
    }
    strbuf_puts(&sb, "}}");
    *len = sb.len;
    return strbuf_take(&sb);
}

static int fail(const struct diag *d)
{
    fprintf(stderr, "packbench: %s: %s\n", d->where, d->msg);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: packbench DIR N\n");
        return 2;
    }
    unsigned n = (unsigned)atoi(argv[2]);
    size_t len;
    char *body = packument(n, &len);
    struct diag d;
    diag_clear(&d);
    struct arena *a = arena_new();
    struct reg_package *p, *again;
    struct clocks t = now();
    if (!npm_parse_packument(a, "bench", body, len, &p, &d) || p->n_releases != n)
        return fail(&d);
    report("parse", &t);
    /* A second answer about the same releases (the refresh folds each
     * answer into the record): the worst case for a quadratic merge. */
    again = reg_package_new(a, ECO_NPM, "big");
    again->n_releases = n;
    again->releases = arena_alloc(a, n * sizeof(*again->releases));
    memcpy(again->releases, p->releases, n * sizeof(*again->releases));
    if (!reg_package_merge(a, p, again) || p->n_releases != n)
        return fail(&d);
    report("merge", &t);
    struct store *st = store_open_default(argv[1], &d);
    if (!st || !store_begin(st, &d) || !pkgstore_put(st, p, "package", 1700000000, &d) ||
        !store_commit(st, &d))
        return fail(&d);
    report("store", &t);
    struct reg_package *back;
    if (!pkgstore_get(st, a, ECO_NPM, "big", &back, &d) || back->n_releases != n ||
        !back->releases[n - 1].n_deps)
        return fail(&d);
    report("get", &t);
    struct reg_package **all;
    if (pkgstore_load_all(st, a, &all, &d) != 1 || all[0]->n_releases != n)
        return fail(&d);
    report("load_all", &t);
    store_close(st);
    arena_free(a);
    free(body);
    return 0;
}
