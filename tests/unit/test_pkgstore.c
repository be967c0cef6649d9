/* Package records in the cache: round trip, owner history, fact times,
 * atomicity. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/store/db.h"
#include "depvet/store/pkgstore.h"
#include "helpers.h"

static struct reg_package *sample(struct arena *a, const char *owner2)
{
    struct reg_package *p = reg_package_new(a, ECO_HEX, "Plug");
    p->description = "A specification for composable modules";
    p->repository = "https://github.com/elixir-plug/plug";
    p->created = 1400000000;
    p->latest_version = "1.15.3";
    p->downloads.total = 123456789;
    p->dependents = 4242;
    p->n_releases = 2;
    p->releases = arena_alloc(a, 2 * sizeof(*p->releases));
    for (int i = 0; i < 2; i++)
        reg_release_init(&p->releases[i]);
    p->releases[0].version = "1.15.3";
    p->releases[0].published = 1700000000;
    p->releases[0].publisher.name = "josevalim";
    p->releases[0].n_deps = 1;
    p->releases[0].deps = arena_alloc(a, sizeof(struct reg_dep));
    p->releases[0].deps[0].name = "mime";
    p->releases[0].deps[0].requirement = "~> 1.0 or ~> 2.0";
    p->releases[1].version = "1.15.2";
    p->releases[1].retired = true;
    p->releases[1].status_reason = "security";
    p->releases[1].status_message = "use 1.15.3";
    p->releases[1].n_files = 1;
    p->releases[1].files = arena_alloc(a, sizeof(struct reg_file));
    memset(p->releases[1].files, 0, sizeof(struct reg_file));
    p->releases[1].files[0].filename = "plug-1.15.2.tar";
    p->releases[1].files[0].sha256 = "ab12";
    p->releases[1].files[0].size = 4096;
    p->n_owners = owner2 ? 2 : 1;
    p->owners = arena_alloc(a, 2 * sizeof(struct reg_person));
    p->owners[0].name = "josevalim";
    p->owners[0].email = "jose@example.org";
    if (owner2)
        p->owners[1].name = owner2;
    p->n_series = 2;
    p->series = arena_alloc(a, 2 * sizeof(struct reg_point));
    p->series[0] = (struct reg_point){86400, 10};
    p->series[1] = (struct reg_point){2 * 86400, 20};
    return p;
}

static struct store *open_mem(void)
{
    struct diag d;
    diag_clear(&d);
    struct store *s = store_open(":memory:", &d);
    cr_assert_not_null(s, "%s", d.msg);
    return s;
}

Test(pkgstore, roundtrip)
{
    struct store *s = open_mem();
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    cr_assert(store_begin(s, &d));
    cr_assert(pkgstore_put(s, sample(a, NULL), "package,owners", 1000, &d), "%s", d.msg);
    cr_assert(store_commit(s, &d));
    struct reg_package *p;
    cr_assert(pkgstore_get(s, a, ECO_HEX, "plug", &p, &d), "lookup by normalised name");
    cr_assert_str_eq(p->name, "Plug");
    cr_assert_eq(p->downloads.total, 123456789);
    cr_assert_eq(p->downloads.week, REG_UNKNOWN);
    cr_assert_eq(p->n_releases, 2);
    cr_assert_str_eq(p->releases[0].version, "1.15.3");
    cr_assert_str_eq(p->releases[0].publisher.name, "josevalim");
    cr_assert_eq(p->releases[0].n_deps, 1);
    cr_assert_str_eq(p->releases[0].deps[0].requirement, "~> 1.0 or ~> 2.0");
    cr_assert(p->releases[1].retired);
    cr_assert_str_eq(p->releases[1].status_message, "use 1.15.3");
    cr_assert_eq(p->releases[1].n_files, 1, "files read back");
    cr_assert_str_eq(p->releases[1].files[0].sha256, "ab12");
    cr_assert_eq(p->releases[1].files[0].size, 4096);
    cr_assert_eq(p->n_series, 2);
    cr_assert_eq(p->series[1].count, 20);
    cr_assert_eq(p->n_owners, 1);
    cr_assert_eq(pkgstore_fact_time(s, ECO_HEX, "plug", "owners"), 1000);
    cr_assert_eq(pkgstore_fact_time(s, ECO_HEX, "plug", "downloads"), 0);
    cr_assert_not(pkgstore_get(s, a, ECO_HEX, "absent", &p, &d));
    cr_assert_not(diag_failed(&d));
    arena_free(a);
    store_close(s);
}

/* The policy's coverage reads every package's fact time at once: the same
 * answers as asking one by one, by normalised name, per ecosystem. */
Test(pkgstore, fact_times_at_once_match_one_by_one)
{
    struct store *s = open_mem();
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    const struct reg_package *const put_table[] = {
        sample(a, NULL), reg_package_new(a, ECO_PYPI, "Typing_Extensions"),
    };
    cr_assert(store_begin(s, &d));
    for (unsigned i = 0; i < 2; i++)
        cr_assert(pkgstore_put(s, put_table[i], i ? "package" : "package,owners", 1000 * (i + 1),
                               &d), "%s", d.msg);
    cr_assert(store_commit(s, &d));
    struct store_times *t = pkgstore_fact_times(s, "package", &d);
    cr_assert_not_null(t, "%s", d.msg);
    cr_assert_eq(pkgstore_fact_times_get(t, ECO_HEX, "Plug"), 1000);
    cr_assert_eq(pkgstore_fact_times_get(t, ECO_HEX, "plug"),
                 pkgstore_fact_time(s, ECO_HEX, "plug", "package"));
    cr_assert_eq(pkgstore_fact_times_get(t, ECO_PYPI, "typing-extensions"), 2000);
    cr_assert_eq(pkgstore_fact_times_get(t, ECO_HEX, "typing-extensions"), 0,
                 "the same name in another ecosystem is another package");
    cr_assert_eq(pkgstore_fact_times_get(t, ECO_HEX, "absent"), 0);
    store_times_free(t);
    t = pkgstore_fact_times(s, "owners", &d);
    cr_assert_eq(pkgstore_fact_times_get(t, ECO_HEX, "plug"), 1000);
    cr_assert_eq(pkgstore_fact_times_get(t, ECO_PYPI, "typing-extensions"), 0,
                 "only the kind asked for");
    store_times_free(t);
    arena_free(a);
    store_close(s);
}

Test(pkgstore, owner_history_only_grows_on_change)
{
    struct store *s = open_mem();
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    cr_assert(pkgstore_put(s, sample(a, NULL), "owners", 1000, &d));
    cr_assert(pkgstore_put(s, sample(a, NULL), "owners", 2000, &d));
    cr_assert(pkgstore_put(s, sample(a, "mallory"), "owners", 3000, &d));
    cr_assert(pkgstore_put(s, sample(a, "mallory"), "owners", 4000, &d));
    struct owner_snapshot *h;
    size_t n = pkgstore_owner_history(s, a, ECO_HEX, "plug", &h, &d);
    cr_assert_eq(n, 2);
    cr_assert_eq(h[0].seen_at, 1000);
    cr_assert_eq(h[1].seen_at, 3000, "mallory appeared at the third refresh");
    cr_assert_eq(h[1].n_owners, 2);
    cr_assert_eq(pkgstore_count(s), 1);
    arena_free(a);
    store_close(s);
}

Test(pkgstore, rollback_keeps_the_old_record_whole)
{
    struct store *s = open_mem();
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    cr_assert(pkgstore_put(s, sample(a, NULL), "package", 1000, &d));
    struct reg_package *changed = sample(a, NULL);
    changed->n_releases = 1;
    changed->latest_version = "9.9.9";
    cr_assert(store_begin(s, &d));
    cr_assert(pkgstore_put(s, changed, "package", 2000, &d));
    store_rollback(s);
    struct reg_package *p;
    cr_assert(pkgstore_get(s, a, ECO_HEX, "plug", &p, &d));
    cr_assert_str_eq(p->latest_version, "1.15.3");
    cr_assert_eq(p->n_releases, 2);
    arena_free(a);
    store_close(s);
}

static struct reg_package *linked(struct arena *a, const char *name, const char *const *urls,
                                  unsigned n)
{
    struct reg_package *p = reg_package_new(a, ECO_HEX, name);
    p->n_links = n;
    p->links = arena_alloc(a, n * sizeof(*p->links));
    for (unsigned i = 0; i < n; i++)
        p->links[i] = (struct reg_link){"GitHub", urls[i]};
    return p;
}

/* The bulk read scans the links table in row order: a package rewritten
 * after another (its rows now after the other's) keeps its own order. */
Test(pkgstore, load_all_history_keeps_each_package_s_link_order)
{
    struct store *s = open_mem();
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    static const char *const first_table[] = {"https://a/1", "https://a/2"};
    static const char *const other_table[] = {"https://b/1"};
    static const char *const again_table[] = {"https://a/3", "https://a/4", "https://a/5"};
    cr_assert(pkgstore_put(s, linked(a, "aaa", first_table, 2), "package", 1000, &d));
    cr_assert(pkgstore_put(s, linked(a, "bbb", other_table, 1), "package", 1000, &d));
    cr_assert(pkgstore_put(s, linked(a, "aaa", again_table, 3), "package", 2000, &d));
    struct reg_package **all;
    struct owner_snapshot **hist;
    size_t *nh;
    size_t n = pkgstore_load_all_history(s, a, &all, &hist, &nh, &d);
    cr_assert_eq(n, 2, "%s", d.msg);
    for (size_t i = 0; i < n; i++) {
        bool first = strcmp(all[i]->name, "aaa") == 0;
        const char *const *want = first ? again_table : other_table;
        cr_assert_eq(all[i]->n_links, first ? 3 : 1, "%s", all[i]->name);
        for (size_t k = 0; k < all[i]->n_links; k++)
            cr_assert_str_eq(all[i]->links[k].url, want[k]);
    }
    arena_free(a);
    store_close(s);
}

Test(pkgstore, load_all_matches_get)
{
    struct store *s = open_mem();
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    cr_assert(pkgstore_put(s, sample(a, NULL), "owners", 1000, &d));
    struct reg_package *other = reg_package_new(a, ECO_PYPI, "Other_Pkg");
    other->latest_version = "2.0";
    cr_assert(pkgstore_put(s, other, "package", 1000, &d));
    /* A later refresh rewrites plug's releases (new rowids) and owners. */
    cr_assert(pkgstore_put(s, sample(a, "mallory"), "owners", 2000, &d));
    struct reg_package **all;
    size_t n = pkgstore_load_all(s, a, &all, &d);
    cr_assert_eq(n, 2, "%s", d.msg);
    const struct reg_package *p = all[0]->eco == ECO_HEX ? all[0] : all[1];
    const struct reg_package *q = p == all[0] ? all[1] : all[0];
    cr_assert_str_eq(p->name, "Plug");
    cr_assert_eq(p->n_releases, 2);
    cr_assert_str_eq(p->releases[0].version, "1.15.3", "registry order kept");
    cr_assert(p->releases[1].retired);
    cr_assert_str_eq(p->releases[1].status_message, "use 1.15.3");
    cr_assert_eq(p->n_owners, 2, "only the newest owner snapshot");
    cr_assert_str_eq(p->owners[1].name, "mallory");
    cr_assert_eq(q->eco, ECO_PYPI);
    cr_assert_str_eq(q->latest_version, "2.0");
    cr_assert_eq(q->n_releases, 0);
    cr_assert_eq(q->n_owners, 0);
    /* touch: confirms facts without rewriting; unknown packages say no. */
    cr_assert(pkgstore_touch(s, ECO_HEX, "plug", "owners", 5000, &d));
    cr_assert_eq(pkgstore_fact_time(s, ECO_HEX, "plug", "owners"), 5000);
    cr_assert_not(pkgstore_touch(s, ECO_HEX, "absent", "owners", 5000, &d));
    cr_assert_not(diag_failed(&d));
    arena_free(a);
    store_close(s);
}

Test(pkgstore, publishers_learnt_earlier_survive_a_rewrite)
{
    struct store *s = open_mem();
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_package *first = sample(a, NULL);
    first->releases[1].publisher.name = "ericmj";   /* the pin of an earlier refresh */
    cr_assert(pkgstore_put(s, first, "package", 1000, &d), "%s", d.msg);
    struct reg_package *later = sample(a, NULL);
    later->releases[0].publisher.name = NULL;       /* this answer names neither */
    cr_assert(pkgstore_put(s, later, "package", 2000, &d), "%s", d.msg);
    struct reg_package *got;
    cr_assert(pkgstore_get(s, a, ECO_HEX, "plug", &got, &d));
    cr_expect_str_eq(got->releases[0].publisher.name, "josevalim");
    cr_expect_str_eq(got->releases[1].publisher.name, "ericmj");
    struct reg_package *renamed = sample(a, NULL);
    renamed->releases[1].publisher.name = "whatyouwant";
    cr_assert(pkgstore_put(s, renamed, "package", 3000, &d), "%s", d.msg);
    cr_assert(pkgstore_get(s, a, ECO_HEX, "plug", &got, &d));
    cr_expect_str_eq(got->releases[1].publisher.name, "whatyouwant", "a new answer wins");
    arena_free(a);
    store_close(s);
}

Test(pkgstore, whole_project_with_history_and_one_release_in_detail)
{
    struct store *s = open_mem();
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_package *first = sample(a, NULL);
    first->n_links = 1;
    first->links = arena_alloc(a, sizeof(struct reg_link));
    first->links[0] = (struct reg_link){"GitHub", "https://github.com/elixir-plug/plug"};
    cr_assert(pkgstore_put(s, first, "owners", 1000, &d));
    struct reg_package *later = sample(a, "mallory");
    later->n_links = 1;
    later->links = first->links;
    cr_assert(pkgstore_put(s, later, "owners", 2000, &d));
    cr_assert(pkgstore_put(s, reg_package_new(a, ECO_NPM, "left-pad"), "package", 1000, &d));
    struct reg_package **all;
    struct owner_snapshot **hist;
    size_t *nh;
    size_t n = pkgstore_load_all_history(s, a, &all, &hist, &nh, &d);
    cr_assert_eq(n, 2, "%s", d.msg);
    size_t plug = all[0]->eco == ECO_HEX ? 0 : 1;
    cr_assert_eq(nh[plug], 2, "both owner sets, oldest first");
    cr_assert_eq(hist[plug][0].seen_at, 1000);
    cr_assert_eq(hist[plug][0].n_owners, 1);
    cr_assert_eq(hist[plug][1].n_owners, 2);
    cr_assert_str_eq(hist[plug][1].owners[1].name, "mallory");
    cr_assert_eq(all[plug]->n_owners, 2, "current owners are the newest set");
    cr_assert_eq(nh[1 - plug], 0);
    cr_assert_eq(all[plug]->n_links, 1);
    cr_assert_str_eq(all[plug]->links[0].url, "https://github.com/elixir-plug/plug");
    struct reg_release *r = &all[plug]->releases[1];
    cr_assert_eq(r->n_files, 0, "the summary leaves files out");
    cr_assert(pkgstore_release_detail(s, a, ECO_HEX, "plug", r, &d), "%s", d.msg);
    cr_assert_eq(r->n_files, 1);
    cr_assert_str_eq(r->files[0].sha256, "ab12");
    struct reg_release absent = {.version = "9.9.9"};
    cr_assert_not(pkgstore_release_detail(s, a, ECO_HEX, "plug", &absent, &d));
    cr_assert_not(diag_failed(&d));
    arena_free(a);
    store_close(s);
}

/* A packument-sized record (100,000 releases, one dependency each) reads
 * back with each dependency on its release; attaching them used to scan
 * every release per row (minutes at this size). */
Test(pkgstore, huge_release_list_reads_back_in_linear_time, .timeout = 30)
{
    enum { N = 100000 };
    struct store *s = open_mem();
    struct arena *a = arena_new();
    struct reg_package *p = reg_package_new(a, ECO_NPM, "big");
    p->n_releases = N;
    p->releases = arena_alloc(a, N * sizeof(*p->releases));
    for (size_t i = 0; i < N; i++) {
        struct reg_release *r = &p->releases[i];
        reg_release_init(r);
        r->version = arena_printf(a, "1.%zu.0", i);
        r->n_deps = 1;
        r->deps = arena_alloc(a, sizeof(*r->deps));
        r->deps[0].name = "dep";
        r->deps[0].requirement = arena_printf(a, "^%zu", i);
    }
    struct diag d;
    diag_clear(&d);
    cr_assert(store_begin(s, &d));
    cr_assert(pkgstore_put(s, p, "package", 1000, &d), "%s", d.msg);
    cr_assert(store_commit(s, &d));
    struct reg_package *back;
    cr_assert(pkgstore_get(s, a, ECO_NPM, "big", &back, &d), "%s", d.msg);
    cr_assert_eq(back->n_releases, N);
    for (size_t i = 0; i < N; i += 9973) {
        cr_assert_eq(back->releases[i].n_deps, 1);
        cr_assert_str_eq(back->releases[i].deps[0].requirement, arena_printf(a, "^%zu", i));
    }
    arena_free(a);
    store_close(s);
}

/* A cache on disk: links and owner history are read on a second
 * connection by a second thread while the releases are read; the answer
 * is the one connection's.  Inside a write transaction the second
 * connection would not see the rows not yet committed, so none is used. */
static size_t load_plug(struct store *s, struct arena *a, struct reg_package **plug,
                        size_t *n_hist)
{
    struct diag d;
    diag_clear(&d);
    struct reg_package **all;
    struct owner_snapshot **hist;
    size_t *nh;
    size_t n = pkgstore_load_all_history(s, a, &all, &hist, &nh, &d);
    cr_assert_not(diag_failed(&d), "%s", d.msg);
    *plug = NULL;
    for (size_t i = 0; i < n; i++)
        if (all[i]->eco == ECO_HEX) {
            *plug = all[i];
            *n_hist = nh[i];
        }
    cr_assert_not_null(*plug);
    return n;
}

Test(pkgstore, load_all_on_disk_reads_on_two_connections)
{
    char dir[64];
    test_tmpdir_make(dir, sizeof(dir), "pkgbulk");
    char path[128];
    snprintf(path, sizeof(path), "%s/cache.db", dir);
    struct diag d;
    diag_clear(&d);
    struct store *s = store_open(path, &d);
    cr_assert_not_null(s, "%s", d.msg);
    struct arena *a = arena_new();
    struct reg_package *first = sample(a, NULL);
    first->n_links = 1;
    first->links = arena_alloc(a, sizeof(struct reg_link));
    first->links[0] = (struct reg_link){"GitHub", "https://github.com/elixir-plug/plug"};
    cr_assert(pkgstore_put(s, first, "package,owners", 1000, &d), "%s", d.msg);
    struct reg_package *later = sample(a, "mallory");
    later->n_links = 1;
    later->links = first->links;
    cr_assert(pkgstore_put(s, later, "owners", 2000, &d), "%s", d.msg);
    struct store *sib = store_open_sibling(s);
    cr_assert_not_null(sib, "a file cache has a second connection");
    store_close(sib);
    struct arena *got = arena_new();
    struct reg_package *plug;
    size_t nh;
    cr_assert_eq(load_plug(s, got, &plug, &nh), 1);
    cr_assert_eq(plug->n_releases, 2);
    cr_assert_eq(nh, 2, "both owner sets");
    cr_assert_eq(plug->n_owners, 2);
    cr_assert_str_eq(plug->owners[1].name, "mallory");
    cr_assert_eq(plug->n_links, 1);
    cr_assert_str_eq(plug->links[0].url, "https://github.com/elixir-plug/plug");
    /* Not committed yet: only this connection sees the third owner set. */
    cr_assert(store_begin(s, &d));
    cr_assert_null(store_open_sibling(s));
    cr_assert(pkgstore_put(s, sample(a, "trudy"), "owners", 3000, &d), "%s", d.msg);
    cr_assert_eq(load_plug(s, got, &plug, &nh), 1);
    cr_assert_eq(nh, 3, "the transaction's own rows");
    cr_assert_str_eq(plug->owners[1].name, "trudy");
    store_rollback(s);
    arena_free(got);
    arena_free(a);
    store_close(s);
    test_tmpdir_drop(dir);
    struct store *mem = open_mem();
    cr_assert_null(store_open_sibling(mem), "no second connection to :memory:");
    store_close(mem);
}

