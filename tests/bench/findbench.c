/* Bench helper for the findings issue: matches 5,000 pins against 50,000
 * generated OSV advisories in a fresh cache under DIR, and checks 5,000
 * names against 10,000 generated popular names.  Prints
 * "osv_match_s typosquat_index_s typosquat_check_s hits" on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "depvet/analysis/typosquat.h"
#include "depvet/engine/osvdb.h"
#include "depvet/store/advisories.h"

#define RECORDS 50000
#define NAMES 20000      /* packages the records name: 2.5 records each */
#define PINS 5000
#define POPULAR 10000

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool put_record(struct store *st, unsigned i, struct diag *d)
{
    char id[32], key[32], body[640];
    snprintf(id, sizeof(id), "GHSA-bench-%05u", i);
    snprintf(key, sizeof(key), "bench-pkg-%05u", i % NAMES);
    unsigned fixed = 1 + i % 9;
    int len = snprintf(body, sizeof(body),
                       "{\"id\":\"%s\",\"modified\":\"2026-01-01T00:00:00Z\","
                       "\"aliases\":[\"CVE-2026-%05u\"],\"summary\":\"generated\","
                       "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"%s\"},"
                       "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
                       "{\"fixed\":\"1.%u.0\"}]}],\"versions\":[\"0.9.0\",\"1.0.0\"]}]}",
                       id, i, key, fixed);
    struct advisory_pkg pkg = {ECO_PYPI, key};
    struct advisory_entry e = {
        .id = id, .modified = "2026-01-01T00:00:00Z", .modified_at = 1767225600,
        .summary = "generated", .severity = "medium", .body = body, .body_len = (size_t)len,
        .pkgs = &pkg, .n_pkgs = 1,
    };
    enum advisory_put_result res;
    return advisories_put(st, &e, &res, d);
}

static double bench_osv(const char *dir, unsigned *hits)
{
    struct diag d;
    diag_clear(&d);
    struct store *st = store_open_default(dir, &d);
    bool ok = st && store_begin(st, &d);
    for (unsigned i = 0; ok && i < RECORDS; i++)
        ok = put_record(st, i, &d);
    if (!ok || !store_commit(st, &d)) {
        fprintf(stderr, "findbench: %s\n", d.msg);
        exit(1);
    }
    double t0 = now_s();
    struct osvdb_matcher *m = osvdb_matcher_new(st, &d);
    struct arena *a = arena_new();
    char name[32];
    for (unsigned i = 0; m && i < PINS; i++) {
        struct osv_match *out;
        snprintf(name, sizeof(name), "bench_pkg.%05u", i * 4); /* as a lockfile spells it */
        *hits += (unsigned)osvdb_matcher_match(m, a, ECO_PYPI, name, "1.0.5", &out, &d);
    }
    osvdb_matcher_free(m);
    double t = now_s() - t0;
    arena_free(a);
    store_close(st);
    return t;
}

/* Deterministic pseudo-words, so runs compare. */
static void word(unsigned long long *s, char *out, size_t n)
{
    *s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
    size_t len = 4 + *s % 9;
    for (size_t i = 0; i < len && i + 1 < n; i++) {
        *s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
        out[i] = (char)('a' + *s % 26);
        out[i + 1] = '\0';
    }
}

static void bench_typosquat(double *build, double *check, unsigned *hits)
{
    static char popular[POPULAR][16], names[PINS][16];
    const char *list[POPULAR];
    unsigned long long s = 0x9E3779B97F4A7C15ull;
    for (unsigned i = 0; i < POPULAR; i++) {
        word(&s, popular[i], sizeof(popular[i]));
        list[i] = popular[i];
    }
    for (unsigned i = 0; i < PINS; i++) {
        if (i % 5 == 0) { /* a fifth imitate a popular name: one letter doubled */
            snprintf(names[i], sizeof(names[i]), "%s", popular[(i * 7) % POPULAR]);
            size_t len = strlen(names[i]);
            if (len + 1 < sizeof(names[i]))
                names[i][len] = names[i][len - 1], names[i][len + 1] = '\0';
        } else {
            word(&s, names[i], sizeof(names[i]));
        }
    }
    double t0 = now_s();
    struct typosquat_index *idx = typosquat_index_new(ECO_PYPI, list, POPULAR);
    double t1 = now_s();
    struct typosquat_hit h;
    for (unsigned i = 0; i < PINS; i++)
        *hits += typosquat_check(idx, names[i], &h);
    *check = now_s() - t1;
    *build = t1 - t0;
    typosquat_index_free(idx);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: findbench DIR\n");
        return 2;
    }
    unsigned osv_hits = 0, typo_hits = 0;
    double osv = bench_osv(argv[1], &osv_hits), build, check;
    bench_typosquat(&build, &check, &typo_hits);
    printf("%.6f %.6f %.6f %u %u\n", osv, build, check, osv_hits, typo_hits);
    return 0;
}
