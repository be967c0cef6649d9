/* Bench helper: fills a cache with N generated package records (10
 * releases, 3 owners, 5 links each), then times opening it and loading
 * every record at once (pkgstore_load_all) and one by one (pkgstore_get).
 * Prints "fill_s load_all_s get_each_s" on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "depvet/core/arena.h"
#include "depvet/engine/findings.h"
#include "depvet/store/db.h"
#include "depvet/store/pkgstore.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct reg_package *make_pkg(struct arena *a, unsigned i)
{
    struct reg_package *p = reg_package_new(a, ECO_HEX, arena_printf(a, "bench_pkg_%05u", i));
    p->description = "generated for the cache benchmark";
    p->latest_version = "1.9.0";
    p->created = 1600000000;
    p->downloads.total = 1000 + i;
    p->n_releases = 10;
    p->releases = arena_alloc(a, 10 * sizeof(*p->releases));
    for (unsigned r = 0; r < 10; r++) {
        struct reg_release *rel = &p->releases[r];
        *rel = (struct reg_release){0};
        reg_release_init(rel);
        rel->version = arena_printf(a, "1.%u.0", r);
        rel->published = 1600000000 + r * 86400 * 30;
        rel->publisher.name = "owner_a";
    }
    p->n_owners = 3;
    p->owners = arena_alloc(a, 3 * sizeof(*p->owners));
    for (unsigned o = 0; o < 3; o++)
        p->owners[o] = (struct reg_person){.name = arena_printf(a, "owner_%u", o)};
    p->n_links = 5;
    p->links = arena_alloc(a, 5 * sizeof(*p->links));
    for (unsigned l = 0; l < 5; l++)
        p->links[l] = (struct reg_link){.label = "GitHub",
                                        .url = arena_printf(a, "https://github.com/x/%u/%u", i, l)};
    return p;
}

/* Every finding rule over a mix.lock pinning the n cached packages. */
static double findings_time(struct store *st, unsigned n)
{
    struct dep_graph *g = graph_new();
    unsigned lf = graph_add_lockfile(g, "bench/mix.lock", "mix.lock", ECO_HEX);
    char name[32];
    for (unsigned i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "bench_pkg_%05u", i);
        graph_add_node(g, lf, ECO_HEX, name, "1.5.0");
    }
    graph_finish(g);
    struct engine_config cfg;
    engine_config_init(&cfg);
    double t0 = now_s();
    struct findings fs;
    struct findings_input in = {g, st, &cfg, 1700000000};
    findings_collect(&fs, &in);
    double t = now_s() - t0;
    findings_fini(&fs);
    graph_free(g);
    return t;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: cacheload DIR N\n");
        return 2;
    }
    unsigned n = (unsigned)atoi(argv[2]);
    struct diag d;
    diag_clear(&d);
    struct store *st = store_open_default(argv[1], &d);
    if (!st || !store_begin(st, &d))
        return fprintf(stderr, "%s\n", d.msg), 1;
    double t0 = now_s();
    for (unsigned i = 0; i < n; i++) {
        struct arena *a = arena_new();
        if (!pkgstore_put(st, make_pkg(a, i), "package,owners", 1700000000, &d))
            return fprintf(stderr, "%s\n", d.msg), 1;
        arena_free(a);
    }
    if (!store_commit(st, &d))
        return 1;
    store_close(st);
    double t1 = now_s();
    st = store_open_default(argv[1], &d);
    struct arena *a = arena_new();
    struct reg_package **all;
    size_t n_all = st ? pkgstore_load_all(st, a, &all, &d) : 0;
    unsigned whole = 0;
    for (size_t i = 0; i < n_all; i++)
        whole += all[i]->n_releases == 10 && all[i]->n_owners == 3 &&
                 all[i]->releases[9].version && all[i]->releases[9].version[2] == '9';
    store_close(st);
    double t2 = now_s();
    st = store_open_default(argv[1], &d);
    unsigned got = 0;
    for (unsigned i = 0; st && i < n; i++) {
        struct reg_package *p;
        got += pkgstore_get(st, a, ECO_HEX, arena_printf(a, "bench_pkg_%05u", i), &p, &d) &&
               p->n_releases == 10;
    }
    double t3 = now_s();
    double t4 = findings_time(st, n);
    store_close(st);
    arena_free(a);
    if (got != n || whole != n)
        return fprintf(stderr, "loaded %u and %u of %u\n", whole, got, n), 1;
    printf("%.4f %.4f %.4f %.4f\n", t1 - t0, t2 - t1, t3 - t2, t4);
    return 0;
}
