/* The session with a cache, findings and the reviews file attached. */
#include <criterion/criterion.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "depvet/core/fileio.h"
#include "depvet/core/timeutil.h"
#include "depvet/core/xdg.h"
#include "depvet/engine/session.h"
#include "depvet/store/blobstore.h"
#include "depvet/store/pkgstore.h"
#include "mockreg_helper.h"
#include "pkg_build.h"

#define NOW 1750000000
#define DAY 86400

static const char mix_lock[] =
    "%{\n"
    "  \"plug\": {:hex, :plug, \"1.1.0\", \"00\", [:mix], [{:mime, \"~> 2.0\", [hex: :mime, "
    "repo: \"hexpm\", optional: false]}], \"hexpm\", \"00\"},\n"
    "  \"mime\": {:hex, :mime, \"2.0.5\", \"00\", [:mix], [], \"hexpm\", \"00\"},\n"
    "}\n";

struct fx {
    char dir[64], cache[96], lock[96], audits[128], files[96];
};

static void write_file(const char *path, const char *text)
{
    struct diag d;
    diag_clear(&d);
    cr_assert(file_write_atomic(path, text, strlen(text), &d), "%s", d.msg);
}

/* A project with plug (cached, its pinned release retired) and mime (not
 * cached). */
static void fx_init(struct fx *f)
{
    snprintf(f->dir, sizeof(f->dir), "/tmp/depvet-session-XXXXXX");
    cr_assert_not_null(mkdtemp(f->dir));
    snprintf(f->lock, sizeof(f->lock), "%s/mix.lock", f->dir);
    snprintf(f->cache, sizeof(f->cache), "%s/cache", f->dir);
    snprintf(f->audits, sizeof(f->audits), "%s/.depvet/audits.toml", f->dir);
    write_file(f->lock, mix_lock);
    struct diag d;
    diag_clear(&d);
    struct store *st = store_open_default(f->cache, &d);
    cr_assert_not_null(st, "%s", d.msg);
    struct arena *a = arena_new();
    struct reg_package *p = reg_package_new(a, ECO_HEX, "plug");
    p->latest_version = "1.2.0";
    p->n_releases = 3;
    p->releases = arena_alloc(a, 3 * sizeof(*p->releases));
    static const char *const versions[] = {"1.2.0", "1.1.0", "1.0.0"};
    for (int i = 0; i < 3; i++) {
        reg_release_init(&p->releases[i]);
        p->releases[i].version = versions[i];
        p->releases[i].published = NOW - (i + 1) * 100 * DAY;
        p->releases[i].publisher.name = "alice";
    }
    p->releases[1].retired = true;
    p->releases[1].status_reason = "security";
    cr_assert(pkgstore_put(st, p, "package,owners", NOW, &d), "%s", d.msg);
    store_close(st);
    arena_free(a);
}

static void fx_fini(struct fx *f)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    cr_assert_eq(system(cmd), 0);
}

static struct session *attach_with(struct fx *f, const struct session_options *o,
                                   struct diag *d)
{
    struct session *s = session_open(f->dir, d);
    cr_assert_not_null(s, "%s", d->msg);
    if (!session_attach(s, o, d)) {
        session_free(s);
        return NULL;
    }
    return s;
}

static struct session *attach(struct fx *f, const char *cache, struct diag *d)
{
    struct session_options o = {NULL, cache, false, NOW, false};
    return attach_with(f, &o, d);
}

/* The fixture project attached to its cache, findings in. */
static struct session *open_fixture(struct fx *f)
{
    fx_init(f);
    struct diag d;
    diag_clear(&d);
    struct session *s = attach(f, f->cache, &d);
    cr_assert_not_null(s, "%s", d.msg);
    return s;
}

static unsigned node_named(struct session *s, const char *name)
{
    const struct dep_graph *g = session_graph(s);
    for (unsigned i = 0; i < g->nodes.len; i++)
        if (strcmp(g->nodes.items[i].name, name) == 0)
            return i;
    cr_assert_fail("no node %s", name);
    return 0;
}

Test(session, records_findings_and_counts)
{
    struct fx f;
    struct session *s = open_fixture(&f);
    cr_assert(session_has_cache(s));
    unsigned plug = node_named(s, "plug"), mime = node_named(s, "mime");
    cr_assert_not_null(session_record(s, plug));
    cr_assert_null(session_record(s, mime), "mime is not cached");
    cr_assert_eq(session_worst(s, plug), SEV_HIGH);
    const struct finding *fs;
    size_t n = session_findings(s, plug, &fs);
    cr_assert_geq(n, 1);
    cr_assert_str_eq(fs[0].rule, "retired");
    for (size_t i = 1; i < n; i++)
        cr_assert_geq(fs[i - 1].severity, fs[i].severity, "most severe first");
    struct session_counts c;
    session_counts(s, &c);
    cr_assert_eq(c.packages, 2);
    cr_assert_eq(c.unreviewed, 2);
    cr_assert_geq(c.findings[SEV_HIGH], 1);
    struct arena *a = arena_new();
    struct session_detail det;
    cr_assert(session_detail(s, plug, a, &det));
    cr_assert_str_eq(det.rep.pinned, "1.1.0");
    cr_assert_eq(det.rep.behind, 1);
    cr_assert_eq(det.facts_at, NOW);
    cr_assert_not(session_detail(s, mime, a, &det));
    arena_free(a);
    session_free(s);
    fx_fini(&f);
}

Test(session, missing_cache_is_fine)
{
    struct fx f;
    fx_init(&f);
    char none[128];
    snprintf(none, sizeof(none), "%s/no-cache-here", f.dir);
    struct diag d;
    diag_clear(&d);
    struct session *s = attach(&f, none, &d);
    cr_assert_not_null(s, "%s", d.msg);
    cr_assert_not(session_has_cache(s));
    cr_assert_null(session_record(s, node_named(s, "plug")));
    cr_assert_neq(session_worst(s, node_named(s, "plug")), SEV_HIGH,
                  "no registry rules without a cache");
    cr_assert_not(file_exists(none), "a missing cache is not created");
    session_free(s);
    fx_fini(&f);
}

Test(session, reviews_add_delta_remove)
{
    struct fx f;
    fx_init(&f);
    struct diag d;
    diag_clear(&d);
    struct audits *set = audits_new();
    struct audit r = {ECO_HEX, "plug", "1.0.0", AUDIT_SAFE_TO_RUN, AUDIT_FULL,
                      NULL, "me", "2025-01-01", "read"};
    cr_assert(audits_add(set, &r, &d), "%s", d.msg);
    cr_assert(audits_save(set, f.audits, &d), "%s", d.msg);
    audits_free(set);

    struct session *s = attach(&f, f.cache, &d);
    cr_assert_not_null(s, "%s", d.msg);
    unsigned plug = node_named(s, "plug");
    cr_assert_eq(session_review(s, plug), 0);
    const char **froms;
    size_t n = session_reviewed_versions(s, plug, AUDIT_SAFE_TO_RUN, &froms);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(froms[0], "1.0.0");
    free(froms);
    cr_assert_eq(session_reviewed_versions(s, plug, AUDIT_SAFE_TO_DEPLOY, &froms), 0);
    free(froms);

    cr_assert(session_review_add(s, plug, AUDIT_SAFE_TO_RUN, AUDIT_DELTA, "1.0.0",
                                 "diff read", &d), "%s", d.msg);
    cr_assert_eq(session_review(s, plug), AUDIT_SAFE_TO_RUN);
    cr_assert(session_review_by_delta(s, plug));
    struct session_counts c;
    session_counts(s, &c);
    /* As check counts them: plug is reviewed for safe-to-run only, and the
     * policy's default for a runtime dependency is safe-to-deploy. */
    cr_assert_eq(c.unreviewed, 2);
    set = audits_load(f.audits, &d);
    cr_assert_not_null(set, "%s", d.msg);
    const struct audit *got = audits_find(set, ECO_HEX, "plug", "1.1.0", AUDIT_SAFE_TO_RUN);
    cr_assert_not_null(got, "the review is in the file");
    cr_assert_eq(got->kind, AUDIT_DELTA);
    cr_assert_str_eq(got->from, "1.0.0");
    cr_assert_str_eq(got->note, "diff read");
    audits_free(set);

    /* A refused entry changes nothing. */
    cr_assert_not(session_review_add(s, plug, AUDIT_SAFE_TO_RUN, AUDIT_DELTA, "1.1.0",
                                     "", &d), "a delta from itself is refused");
    cr_assert_eq(session_review(s, plug), AUDIT_SAFE_TO_RUN);

    diag_clear(&d);
    cr_assert(session_review_remove(s, plug, &d), "%s", d.msg);
    cr_assert_eq(session_review(s, plug), 0);
    cr_assert_not(session_review_remove(s, plug, &d), "nothing left to remove");
    set = audits_load(f.audits, &d);
    cr_assert_null(audits_find(set, ECO_HEX, "plug", "1.1.0", AUDIT_SAFE_TO_RUN));
    cr_assert_not_null(audits_find(set, ECO_HEX, "plug", "1.0.0", AUDIT_SAFE_TO_RUN),
                       "other reviews stay");
    audits_free(set);

    /* The explorer's z: the removal undone, in memory and in the file. */
    cr_assert(session_review_undo(s, &d), "%s", d.msg);
    cr_assert_eq(session_review(s, plug), AUDIT_SAFE_TO_RUN);
    set = audits_load(f.audits, &d);
    got = audits_find(set, ECO_HEX, "plug", "1.1.0", AUDIT_SAFE_TO_RUN);
    cr_assert(got && strcmp(got->note, "diff read") == 0, "the review is back whole");
    audits_free(set);
    cr_assert_not(session_review_undo(s, &d), "one undo per removal");
    cr_assert_not(diag_failed(&d));
    /* A review added after a removal leaves nothing to undo. */
    cr_assert(session_review_remove(s, plug, &d), "%s", d.msg);
    cr_assert(session_review_add(s, plug, AUDIT_SAFE_TO_DEPLOY, AUDIT_FULL, NULL, "", &d),
              "%s", d.msg);
    cr_assert_not(session_review_undo(s, &d), "the add would be lost");
    session_free(s);
    fx_fini(&f);
}

/* The explorer's review form saves through the session: a .depvet planted
 * as a symbolic link to a folder outside the project is refused and the
 * file there stays as it was. */
Test(session, review_into_symlinked_depvet_is_refused)
{
    struct fx f;
    fx_init(&f);
    char outside[96], victim[128], link[96];
    snprintf(outside, sizeof outside, "%s/outside", f.dir);
    snprintf(victim, sizeof victim, "%s/audits.toml", outside);
    snprintf(link, sizeof link, "%s/.depvet", f.dir);
    cr_assert_eq(mkdir(outside, 0755), 0);
    write_file(victim, "# not yours\n");
    cr_assert_eq(symlink(outside, link), 0);
    struct diag d;
    diag_clear(&d);
    struct session *s = attach(&f, f.cache, &d);
    cr_assert_not_null(s, "%s", d.msg);
    diag_clear(&d);
    cr_assert_not(session_review_add(s, node_named(s, "plug"), AUDIT_SAFE_TO_RUN, AUDIT_FULL,
                                     NULL, "", &d));
    cr_assert(strstr(d.msg, ".depvet is a symbolic link"), "%s", d.msg);
    cr_assert_eq(session_review(s, node_named(s, "plug")), 0, "the set is unchanged");
    char *text = file_read(victim, 4096, NULL, &d);
    cr_assert_str_eq(text, "# not yours\n");
    free(text);
    session_free(s);
    fx_fini(&f);
}

Test(session, malformed_reviews_file_stops_attach)
{
    struct fx f;
    fx_init(&f);
    struct diag d;
    diag_clear(&d);
    struct audits *set = audits_new();
    cr_assert(audits_save(set, f.audits, &d), "%s", d.msg);   /* makes the folder */
    audits_free(set);
    write_file(f.audits, "[[audit]]\necosystem = \"hex\"\nname = \n");
    cr_assert_null(attach(&f, f.cache, &d));
    cr_assert(diag_failed(&d));
    cr_assert(strstr(d.where, "audits.toml"), "%s", d.where);
    fx_fini(&f);
}

Test(timeutil, format_date)
{
    char buf[32];
    timeutil_format_date(NOW, "?", buf, sizeof(buf));
    cr_assert_str_eq(buf, "2025-06-15");
    timeutil_format_date(0, "unknown", buf, sizeof(buf));
    cr_assert_str_eq(buf, "unknown");
    timeutil_format_date(NOW, "?", buf, 4);
    cr_assert_eq(strlen(buf), 1, "too small a buffer gives the fallback, cut: '%s'", buf);
}

Test(session, findings_in_a_worker)
{
    struct fx f;
    fx_init(&f);
    struct diag d;
    diag_clear(&d);
    struct session *s = session_open(f.dir, &d);
    cr_assert_not_null(s, "%s", d.msg);
    struct session_options o = {NULL, f.cache, false, NOW, true};
    cr_assert(session_attach(s, &o, &d), "%s", d.msg);
    unsigned plug = node_named(s, "plug");
    cr_assert_not(session_findings_ready(s));
    cr_assert_eq(session_worst(s, plug), -1, "nothing before the worker is done");
    struct arena *a = arena_new();
    struct session_detail det;
    cr_assert(session_detail(s, plug, a, &det), "the panes need no worker");
    arena_free(a);
    int fd = session_findings_start(s);
    cr_assert_geq(fd, 0);
    struct pollfd p = {fd, POLLIN, 0};
    cr_assert_eq(poll(&p, 1, 20000), 1, "the worker reports");
    cr_assert(session_findings_finish(s));
    cr_assert(session_findings_ready(s));
    cr_assert_eq(session_worst(s, plug), SEV_HIGH);
    cr_assert_not_null(session_record(s, plug));
    cr_assert_eq(session_findings_start(s), -1, "once is enough");
    session_free(s);

    /* Freed while the worker runs: it is waited for. */
    s = session_open(f.dir, &d);
    cr_assert(session_attach(s, &o, &d), "%s", d.msg);
    cr_assert_geq(session_findings_start(s), 0);
    session_free(s);
    fx_fini(&f);
}

/* Every registry is a closed loopback port: a request fails at once. */
static void loopback_config(struct engine_config *cfg)
{
    engine_config_init(cfg);
    for (int i = 0; i < SRC_COUNT; i++)
        snprintf(cfg->base_url[i], sizeof(cfg->base_url[i]), "http://127.0.0.1:9");
}

/* The fixture, the mock registry (skipped without python3; it serves
 * f->files/repo.hex.pm/tarballs/) and a config that asks it for Hex and a
 * closed loopback port for the rest. */
static void fx_with_mockreg(struct fx *f, struct mockreg *m, struct engine_config *cfg)
{
    fx_init(f);
    snprintf(f->files, sizeof(f->files), "%s/files", f->dir);
    char tarballs[192];
    snprintf(tarballs, sizeof(tarballs), "%s/repo.hex.pm/tarballs", f->files);
    struct diag d;
    diag_clear(&d);
    cr_assert(xdg_mkdirs(tarballs, &d), "%s", d.msg);
    const char *extra[] = {"--synth", "--files", f->files, NULL};
    if (!mockreg_start(m, extra, false)) {
        fx_fini(f);
        cr_skip("python3 or the mock registry is not available");
    }
    loopback_config(cfg);
    snprintf(cfg->base_url[SRC_HEX_API], sizeof(cfg->base_url[SRC_HEX_API]), "%s/hex.pm/api",
             m->base);
    snprintf(cfg->base_url[SRC_HEX_REPO], sizeof(cfg->base_url[SRC_HEX_REPO]), "%s/repo.hex.pm",
             m->base);
}

static void refresh_to_the_end(struct session *s, struct refresh_summary *sum)
{
    unsigned rounds = 0;
    bool done = false;
    while (!done && rounds++ < 10000) {
        struct pollfd fds[16];
        int timeout = -1;
        int n = session_refresh_poll_fds(s, fds, 16, &timeout);
        poll(fds, (nfds_t)n, timeout < 0 || timeout > 200 ? 200 : timeout);
        done = session_refresh_step(s, sum);
    }
    cr_assert(done);
}

static void findings_to_the_end(struct session *s, int fd)
{
    cr_assert_geq(fd, 0);
    struct pollfd p = {fd, POLLIN, 0};
    cr_assert_eq(poll(&p, 1, 20000), 1, "the worker reports");
    cr_assert(session_findings_finish(s));
}

/* The explorer lets a refresh start while the findings worker runs: it
 * may not change what the worker reads (its time, its cache connection)
 * while it writes the cache through the session's.  The worker is taken in
 * only after the refresh, once before it has reported and once after;
 * `make tsan` runs this under ThreadSanitizer. */
Test(session, refresh_while_the_findings_worker_runs)
{
    struct mockreg m;
    struct fx f;
    struct engine_config cfg;
    fx_with_mockreg(&f, &m, &cfg);
    struct diag d;
    diag_clear(&d);
    struct session *s = session_open(f.dir, &d);
    cr_assert_not_null(s, "%s", d.msg);
    struct session_options o = {&cfg, f.cache, false, NOW, true};
    cr_assert(session_attach(s, &o, &d), "%s", d.msg);
    unsigned plug = node_named(s, "plug"), mime = node_named(s, "mime");
    for (int round = 0; round < 2; round++) {
        int fd = session_findings_start(s);
        cr_assert_geq(fd, 0, "round %d", round);
        if (round == 1) {   /* the worker is done, not yet taken in */
            struct pollfd p = {fd, POLLIN, 0};
            cr_assert_eq(poll(&p, 1, 20000), 1);
        }
        cr_assert(session_refresh_start(s, mime, false, NOW + round, &d), "%s", d.msg);
        struct refresh_summary sum;
        refresh_to_the_end(s, &sum);
        /* Asked the first time, then within its time-to-live. */
        cr_assert_eq(round ? sum.fresh : sum.updated, 1, "updated %u fresh %u failed %u",
                     sum.updated, sum.fresh, sum.failed);
        refresh_summary_fini(&sum);
        findings_to_the_end(s, fd);
        cr_assert_eq(session_worst(s, plug), SEV_HIGH);
    }
    cr_assert_not_null(session_record(s, mime), "read after the first refresh");
    cr_assert_eq(session_now(s), NOW + 1, "the session's time is the last refresh's");
    session_free(s);
    fx_fini(&f);
    mockreg_stop(&m);
}

Test(session, refresh_from_a_poll_loop)
{
    struct mockreg m;
    struct fx f;
    struct engine_config cfg;
    fx_with_mockreg(&f, &m, &cfg);
    char fresh[128];
    snprintf(fresh, sizeof(fresh), "%s/fresh-cache", f.dir);
    struct diag d;
    diag_clear(&d);
    struct session *s = session_open(f.dir, &d);
    struct session_options o = {&cfg, fresh, false, NOW, false};
    cr_assert(session_attach(s, &o, &d), "%s", d.msg);
    cr_assert_not(session_has_cache(s));
    unsigned mime = node_named(s, "mime");
    cr_assert(session_refresh_start(s, mime, false, NOW, &d), "%s", d.msg);
    cr_assert(session_refreshing(s));
    cr_assert_not(session_refresh_start(s, mime, false, NOW, &d), "one at a time");
    struct refresh_summary sum;
    refresh_to_the_end(s, &sum);
    cr_assert_eq(sum.updated, 1, "updated %u failed %u", sum.updated, sum.failed);
    refresh_summary_fini(&sum);
    cr_assert(session_has_cache(s), "the refresh created the cache");
    cr_assert_null(session_record(s, mime), "records are read again by the worker");
    findings_to_the_end(s, session_findings_start(s));
    cr_assert_not_null(session_record(s, mime));
    session_free(s);
    fx_fini(&f);
    mockreg_stop(&m);
}

Test(session, findings_new_in_a_later_version)
{
    struct fx f;
    struct session *s = open_fixture(&f);
    unsigned plug = node_named(s, "plug");
    struct findings fs;
    cr_assert(session_findings_new_in(s, plug, "1.0.0", "1.1.0", &fs));
    bool retired = false;
    for (size_t i = 0; i < fs.items.len; i++)
        retired |= strcmp(fs.items.items[i].rule, "retired") == 0;
    cr_assert(retired, "1.1.0 is retired, 1.0.0 is not");
    findings_fini(&fs);
    cr_assert(session_findings_new_in(s, plug, "1.1.0", "1.2.0", &fs));
    for (size_t i = 0; i < fs.items.len; i++)
        cr_assert_str_neq(fs.items.items[i].rule, "retired");
    findings_fini(&fs);
    session_free(s);
    fx_fini(&f);
}

/* What the last refresh kept is shown before the background pass ends. */
Test(session, stored_findings_before_the_worker)
{
    struct fx f;
    fx_init(&f);
    struct diag d;
    diag_clear(&d);
    struct session *s = session_open(f.dir, &d);
    cr_assert_not_null(s, "%s", d.msg);
    struct store *st = store_open_default(f.cache, &d);
    cr_assert_not_null(st, "%s", d.msg);
    struct engine_config cfg;
    engine_config_init(&cfg);
    struct findings fs;
    struct findings_input in = {session_graph(s), st, &cfg, NOW};
    findings_collect(&fs, &in);
    cr_assert(findings_save(&fs, session_graph(s), st, NOW, &d), "%s", d.msg);
    findings_fini(&fs);
    store_close(st);
    struct session_options o = {NULL, f.cache, false, NOW, true};
    cr_assert(session_attach(s, &o, &d), "%s", d.msg);
    cr_assert_not(session_findings_ready(s));
    cr_assert_eq(session_worst(s, node_named(s, "plug")), SEV_HIGH, "the stored retirement");
    session_free(s);
    fx_fini(&f);
}

Test(session, source_diff_in_a_worker)
{
    struct fx f;
    fx_init(&f);
    struct diag d;
    diag_clear(&d);
    /* Offline: no download is tried, and nothing is stored. */
    struct session_options o = {NULL, f.cache, true, NOW, false};
    struct session *s = attach_with(&f, &o, &d);
    cr_assert_not_null(s, "%s", d.msg);
    unsigned plug = node_named(s, "plug");
    cr_assert_not(session_srcdiff_running(s));
    struct session_srcdiff r;
    cr_assert_not(session_srcdiff_finish(s, &r), "nothing ran");
    int fd = session_srcdiff_start(s, plug, "1.1.0", "1.2.0", &d);
    cr_assert_geq(fd, 0, "%s", d.msg);
    cr_assert(session_srcdiff_running(s));
    cr_assert_eq(session_srcdiff_start(s, plug, "1.1.0", "1.2.0", &d), -1, "one at a time");
    cr_assert(diag_failed(&d));
    struct pollfd p = {fd, POLLIN, 0};
    cr_assert_eq(poll(&p, 1, 20000), 1, "the worker reports");
    cr_assert(session_srcdiff_finish(s, &r));
    cr_assert_not(session_srcdiff_running(s));
    cr_assert_eq(r.node, plug);
    cr_assert_not(r.r.ok, "offline with nothing stored");
    cr_assert_null(r.r.diff);
    cr_assert_not(r.r.mismatch);
    cr_assert_str_eq(r.r.from, "1.1.0");
    cr_assert_str_eq(r.r.to, "1.2.0");
    cr_assert(strstr(r.r.diag.msg, "1.1.0") != NULL, "%s", r.r.diag.msg);
    diag_clear(&d);
    cr_assert_eq(session_srcdiff_start(s, plug, NULL, "1.2.0", &d), -1, "both versions needed");
    /* Freed while the worker runs: it is waited for. */
    cr_assert_geq(session_srcdiff_start(s, plug, "1.0.0", "1.2.0", &d), 0, "%s", d.msg);
    session_free(s);
    fx_fini(&f);
}

/* The findings worker and the source diff are jobs of the session's one
 * set: a frontend polls session_poll_fds and reads what ended from
 * session_dispatch's events, naming neither. */
Test(session, findings_and_source_diff_through_dispatch)
{
    struct fx f;
    fx_init(&f);
    struct diag d;
    diag_clear(&d);
    struct session_options o = {NULL, f.cache, true, NOW, true};
    struct session *s = attach_with(&f, &o, &d);
    cr_assert_not_null(s, "%s", d.msg);
    unsigned plug = node_named(s, "plug");
    struct job_event ev[8];
    cr_assert_not(session_stop(s, ev), "no refresh to stop");
    cr_assert_geq(session_findings_start(s), 0);
    cr_assert_geq(session_srcdiff_start(s, plug, "1.1.0", "1.2.0", &d), 0, "%s", d.msg);
    struct pollfd fds[8];
    int timeout = -1;
    cr_assert_eq(session_poll_fds(s, fds, 8, &timeout), 2, "both workers' descriptors");
    unsigned seen = 0, rounds = 0;
    while (session_busy(s) && rounds++ < 200) {
        timeout = -1;
        poll(fds, (nfds_t)session_poll_fds(s, fds, 8, &timeout), 100);
        size_t ne = session_dispatch(s, ev, 8);
        for (size_t i = 0; i < ne; i++) {
            cr_assert(ev[i].ended);
            seen |= ev[i].changes;
            if (ev[i].changes & JOB_CHANGED_SRCDIFF)
                cr_assert_str_eq(ev[i].name, "source diff");
            if (ev[i].changes & JOB_CHANGED_FINDINGS)
                cr_assert_str_eq(ev[i].name, "findings");
        }
    }
    cr_assert_not(session_busy(s));
    cr_assert_eq(seen, JOB_CHANGED_FINDINGS | JOB_CHANGED_RECORDS | JOB_CHANGED_SRCDIFF);
    cr_assert(session_findings_ready(s));
    cr_assert_eq(session_worst(s, plug), SEV_HIGH);
    cr_assert_not(session_srcdiff_running(s), "ended, its result kept for the frontend");
    struct session_srcdiff r;
    cr_assert(session_srcdiff_finish(s, &r));
    cr_assert_eq(r.node, plug);
    cr_assert_str_eq(r.r.to, "1.2.0");
    cr_assert_not(session_srcdiff_finish(s, &r), "taken once");
    /* A result never taken is freed with the session (ASan). */
    cr_assert_geq(session_srcdiff_start(s, plug, "1.0.0", "1.2.0", &d), 0, "%s", d.msg);
    cr_assert(session_srcdiff_finish(s, &r), "finish waits for a running diff");
    cr_assert_str_eq(r.r.from, "1.0.0");
    cr_assert_geq(session_srcdiff_start(s, plug, "1.0.0", "1.1.0", &d), 0, "%s", d.msg);
    while (session_srcdiff_running(s)) {
        timeout = -1;
        poll(fds, (nfds_t)session_poll_fds(s, fds, 8, &timeout), 100);
        session_dispatch(s, ev, 8);
    }
    session_free(s);
    fx_fini(&f);
}

/* plug's archives: 1.0.0 and the pinned 1.1.0 stored in the cache, 1.2.0
 * (1.1.0's and 1.2.0's with a line the scanner flags) served by the mock
 * registry.  The lockfile and the record say no checksums, so the archives
 * stand as they are. */
static const struct ab_item plug_old[] = {
    {"lib/plug.ex", 0, "defmodule Plug do\n  def hi, do: :hi\nend\n", NULL, NULL},
};
static const struct ab_item plug_new[] = {
    {"lib/plug.ex", 0, "defmodule Plug do\n  System.cmd(\"curl\", [])\n  def hi, do: :hi\nend\n",
     NULL, NULL},
};

static void place_plug_archives(struct fx *f)
{
    static const char lock[] =
        "%{\n  \"plug\": {:hex, :plug, \"1.1.0\", \"\", [:mix], [], \"hexpm\", \"\"},\n"
        "  \"mime\": {:hex, :mime, \"2.0.5\", \"\", [:mix], [], \"hexpm\", \"\"},\n}\n";
    write_file(f->lock, lock);
    struct diag d;
    diag_clear(&d);
    struct blobstore *bs = blobstore_open(f->cache, &d);
    cr_assert_not_null(bs, "%s", d.msg);
    static const char *const versions[] = {"1.0.0", "1.1.0", "1.2.0"};
    for (int i = 0; i < 3; i++) {
        char meta[128], file[64], path[256];
        snprintf(meta, sizeof(meta), "{<<\"name\">>,<<\"plug\">>}.\n{<<\"version\">>,<<\"%s\">>}.\n",
                 versions[i]);
        struct pkg_buf t = i == 0 ? PKG_HEX(meta, plug_old) : PKG_HEX(meta, plug_new);
        snprintf(file, sizeof(file), "plug-%s.tar", versions[i]);
        unsigned char dg[BLOBSTORE_DIGEST];
        if (i < 2) {
            cr_assert(blobstore_put(bs, t.buf, t.len, dg, &d), "%s", d.msg);
            cr_assert(blobstore_ref_set(bs, ECO_HEX, "plug", versions[i], file, dg, &d), "%s", d.msg);
        } else {
            snprintf(path, sizeof(path), "%s/repo.hex.pm/tarballs/%s", f->files, file);
            cr_assert(file_write_atomic(path, t.buf, t.len, &d), "%s", d.msg);
        }
        free(t.buf);
    }
    blobstore_free(bs);
}

/* Everything the explorer may run at once: the findings worker scanning
 * the stored pin, the diff worker downloading 1.2.0 and scanning both
 * sides, a refresh on the main thread, and the panes reading the cache.
 * Each keeps scan results and records in the one cache through a
 * connection of its own (make tsan checks all three threads). */
Test(session, diff_and_findings_workers_while_refreshing)
{
    struct mockreg m;
    struct fx f;
    struct engine_config cfg;
    fx_with_mockreg(&f, &m, &cfg);
    place_plug_archives(&f);
    char rules[1024];
    snprintf(rules, sizeof(rules), "%s/rules", test_srcdir());
    setenv("DEPVET_RULES_DIR", rules, 1);
    struct diag d;
    diag_clear(&d);
    struct session_options o = {&cfg, f.cache, false, NOW, true};
    struct session *s = attach_with(&f, &o, &d);
    cr_assert_not_null(s, "%s", d.msg);
    unsigned plug = node_named(s, "plug"), mime = node_named(s, "mime");
    int ffd = session_findings_start(s);
    int dfd = session_srcdiff_start(s, plug, "1.0.0", "1.2.0", &d);
    cr_assert_geq(dfd, 0, "%s", d.msg);
    cr_assert(session_refresh_start(s, mime, false, NOW, &d), "%s", d.msg);
    struct arena *a = arena_new();
    struct session_detail det;
    cr_assert(session_detail(s, plug, a, &det));
    cr_assert_eq(session_fact_time(s, plug), 0, "no record until the worker's");
    arena_free(a);
    struct refresh_summary sum;
    refresh_to_the_end(s, &sum);
    cr_assert_eq(sum.updated, 1, "updated %u failed %u", sum.updated, sum.failed);
    refresh_summary_fini(&sum);
    findings_to_the_end(s, ffd);
    cr_assert_eq(session_fact_time(s, plug), NOW);
    const struct finding *fs;
    size_t n = session_findings(s, plug, &fs), scanned = 0;
    for (size_t i = 0; i < n; i++)
        scanned += strncmp(fs[i].rule, "scan:", 5) == 0 && strstr(fs[i].message, "lib/plug.ex");
    cr_assert_geq(scanned, 1, "the findings worker scanned the stored 1.1.0");
    struct pollfd p = {dfd, POLLIN, 0};
    cr_assert_eq(poll(&p, 1, 20000), 1, "the diff worker reports");
    struct session_srcdiff r;
    cr_assert(session_srcdiff_finish(s, &r));
    cr_assert(r.r.ok, "%s", r.r.diag.msg);
    cr_assert_eq(r.r.diff->n_files, 1, "lib/plug.ex");
    cr_assert_geq(r.r.n_new_hits, 1, "System.cmd is new in 1.2.0");
    cr_assert(r.r.scanned);
    cr_assert_str_eq(r.r.new_hits[0].file, "lib/plug.ex", "the diff's path");
    cr_assert_gt(r.r.new_hits[0].line, 0);
    srcdiff_free(r.r.diff);
    free(r.r.new_hits);
    session_free(s);
    unsetenv("DEPVET_RULES_DIR");
    fx_fini(&f);
    mockreg_stop(&m);
}

/* ---- the review policy, as the explorer shows it ------------------------------ */

static const char policy_config[] = "[policy]\ncriteria = \"safe-to-deploy\"\n";

/* plug reviewed safe-to-deploy, mime exempted until 2030; with the
 * project's [policy]. */
static struct session *attach_policy(struct fx *f, const char *audits_text)
{
    fx_init(f);
    char cfgpath[160];
    snprintf(cfgpath, sizeof cfgpath, "%s/.depvet", f->dir);
    cr_assert_eq(mkdir(cfgpath, 0755), 0);
    snprintf(cfgpath, sizeof cfgpath, "%s/.depvet/config.toml", f->dir);
    write_file(f->audits, audits_text);
    write_file(cfgpath, policy_config);
    struct diag d;
    diag_clear(&d);
    static struct engine_config cfg;
    cr_assert(engine_config_load(&cfg, f->dir, &d), "%s", d.msg);
    struct session_options o = {&cfg, f->cache, false, NOW, false};
    struct session *s = attach_with(f, &o, &d);
    cr_assert_not_null(s, "%s", d.msg);
    return s;
}

static const char reviewed_and_exempted[] =
    "[[audit]]\necosystem = \"Hex\"\nname = \"plug\"\nversion = \"1.1.0\"\n"
    "criteria = \"safe-to-deploy\"\nkind = \"full\"\nreviewer = \"me\"\ndate = 2025-01-01\n\n"
    "[[exemption]]\necosystem = \"Hex\"\nname = \"mime\"\nversion = \"2.0.5\"\n"
    "criteria = \"safe-to-deploy\"\ndate = 2025-01-01\nexpires = 2030-01-01\n"
    "reason = \"present when reviews began\"\n";

Test(session, policy_state_per_pin)
{
    struct fx f;
    struct session *s = attach_policy(&f, reviewed_and_exempted);
    unsigned plug = node_named(s, "plug"), mime = node_named(s, "mime");
    struct pin_policy pp;
    cr_assert(session_policy(s, plug, &pp));
    cr_assert_eq(pp.how, POLICY_REVIEWED);
    cr_assert_eq(pp.need, AUDIT_SAFE_TO_DEPLOY);
    cr_assert_not(pp.fails, "a reviewed pin with facts passes the policy");
    cr_assert(session_policy(s, mime, &pp));
    cr_assert_eq(pp.how, POLICY_EXEMPTED);
    cr_assert_str_eq(pp.until, "2030-01-01");
    cr_assert_str_eq(pp.by, "present when reviews began");
    /* mime is not in the cache: a no-facts finding (high), as check says. */
    cr_assert(pp.no_facts);
    cr_assert(pp.fails);
    const struct finding *pf;
    cr_assert_eq(session_policy_findings(s, mime, &pf), 1);
    cr_assert_str_eq(pf[0].rule, "no-facts");
    /* The policy's findings are not the rows' own (no badge on every row). */
    const struct finding *f0;
    size_t n = session_findings(s, mime, &f0);
    for (size_t i = 0; i < n; i++)
        cr_assert_not(policystate_is_policy_rule(f0[i].rule));
    struct policy_counts c;
    session_policy_counts(s, &c);
    cr_assert(c.evaluated && c.enforced);
    cr_assert_eq(c.pins, 2);
    cr_assert_eq(c.fail, 1);
    cr_assert_eq(c.without_facts, 1);
    cr_assert_eq(c.with_facts, 1);
    cr_assert_eq(c.exempted, 1);
    cr_assert_eq(c.unreviewed, 0);
    cr_assert_eq(session_coverage(s)->without_facts, 1, "the coverage check prints");
    session_free(s);
    fx_fini(&f);
}

Test(session, policy_needs_criteria_with_the_cheapest_delta)
{
    struct fx f;
    struct session *s = attach_policy(&f,
        "[[audit]]\necosystem = \"Hex\"\nname = \"plug\"\nversion = \"1.0.0\"\n"
        "criteria = \"safe-to-deploy\"\nkind = \"full\"\nreviewer = \"me\"\ndate = 2025-01-01\n");
    unsigned plug = node_named(s, "plug");
    struct pin_policy pp;
    cr_assert(session_policy(s, plug, &pp));
    cr_assert_eq(pp.how, POLICY_UNREVIEWED);
    cr_assert_eq(pp.need, AUDIT_SAFE_TO_DEPLOY);
    cr_assert_str_eq(pp.from, "1.0.0", "the delta from the reviewed version");
    cr_assert(pp.fails, "unreviewed is high under a [policy]");
    struct session_counts c;
    session_counts(s, &c);
    cr_assert_eq(c.unreviewed, 2);
    session_free(s);
    fx_fini(&f);
}

Test(session, ack_moves_a_finding_aside_and_is_written)
{
    struct fx f;
    struct session *s = attach_policy(&f, reviewed_and_exempted);
    unsigned plug = node_named(s, "plug");
    const struct finding *fs;
    size_t n = session_findings(s, plug, &fs), at = n;
    for (size_t i = 0; i < n; i++)
        if (strcmp(fs[i].rule, "retired") == 0)
            at = i;
    cr_assert_lt(at, n, "plug's pinned release is retired");
    struct diag d;
    diag_clear(&d);
    cr_assert_not(session_ack_add(s, plug, &fs[at], "ok", "2030-13-01", &d),
                  "a date that is none is refused");
    cr_assert(diag_failed(&d));
    diag_clear(&d);
    cr_assert(session_ack_add(s, plug, &fs[at], "security fix backported", "2030-01-01", &d),
              "%s", d.msg);
    n = session_findings(s, plug, &fs);
    for (size_t i = 0; i < n; i++)
        cr_assert_str_neq(fs[i].rule, "retired", "the acknowledged finding moved aside");
    const struct finding *ack;
    cr_assert_eq(session_acked(s, plug, &ack), 1);
    cr_assert_str_eq(ack[0].rule, "retired");
    cr_assert(strstr(ack[0].evidence, "security fix backported"));
    struct audits *set = audits_load(f.audits, &d);
    struct audit_ack k;
    cr_assert(audits_ack_at(set, 0, &k));
    cr_assert_str_eq(k.rule, "retired");
    cr_assert_str_eq(k.name, "plug");
    cr_assert_str_eq(k.version, "1.1.0");
    cr_assert_str_eq(k.expires, "2030-01-01");
    audits_free(set);
    /* A scanner hit is tied to its file and its line's content. */
    struct finding hit = {.rule = "scan:js-eval", .severity = SEV_HIGH, .node = plug,
                          .message = "eval", .path = "lib/x.js",
                          .line_sha256 = "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12"};
    cr_assert(session_ack_add(s, plug, &hit, "read it", "", &d), "%s", d.msg);
    set = audits_load(f.audits, &d);
    bool found = false;
    for (size_t i = 0; audits_ack_at(set, i, &k); i++)
        found |= strcmp(k.rule, "scan:js-eval") == 0 && strcmp(k.path, "lib/x.js") == 0 &&
                 strcmp(k.line_sha256, hit.line_sha256) == 0;
    cr_assert(found, "path and line_sha256 written");
    audits_free(set);
    /* A lockfile's own finding: its path in the project and its subject. */
    struct finding lock = {.rule = "missing-hash", .severity = SEV_LOW, .node = GRAPH_NONE,
                           .lockfile = 0, .message = "m", .evidence = "1 of 2 entries"};
    cr_assert_not(session_ack_add(s, GRAPH_NONE, &lock, "r", "", &d), "no subject, no ack");
    diag_clear(&d);
    lock.subject_sha256 = hit.line_sha256;
    cr_assert(session_ack_add(s, GRAPH_NONE, &lock, "from a fork", "", &d), "%s", d.msg);
    set = audits_load(f.audits, &d);
    found = false;
    for (size_t i = 0; audits_ack_at(set, i, &k); i++)
        found |= strcmp(k.lockfile, "mix.lock") == 0 && !k.name[0] && k.eco == ECO_HEX &&
                 strcmp(k.subject_sha256, hit.line_sha256) == 0 &&
                 strcmp(k.evidence, "1 of 2 entries") == 0;
    cr_assert(found, "lockfile, ecosystem, subject_sha256 and evidence written");
    audits_free(set);
    cr_assert_eq(session_reload_check(s, &d), SESSION_RELOAD_NONE,
                 "the session's own writes are no change to read");
    session_free(s);
    fx_fini(&f);
}

Test(session, reviews_changed_on_disk_are_read_again)
{
    struct diag d;
    diag_clear(&d);
    struct fx f;
    struct session *s = attach_policy(&f, reviewed_and_exempted);
    unsigned mime = node_named(s, "mime");
    cr_assert_eq(session_reload_check(s, &d), SESSION_RELOAD_NONE);
    /* A git pull: mime reviewed by someone else. */
    char text[2048];
    snprintf(text, sizeof text, "%s\n[[audit]]\necosystem = \"Hex\"\nname = \"mime\"\n"
             "version = \"2.0.5\"\ncriteria = \"safe-to-deploy\"\nkind = \"full\"\n"
             "reviewer = \"bo\"\ndate = 2025-02-01\n", reviewed_and_exempted);
    write_file(f.audits, text);
    cr_assert_eq(session_reload_check(s, &d), SESSION_RELOAD_REVIEWS, "%s", d.msg);
    struct pin_policy pp;
    cr_assert(session_policy(s, mime, &pp));
    cr_assert_eq(pp.how, POLICY_REVIEWED);
    cr_assert_eq(session_review(s, mime), AUDIT_SAFE_TO_DEPLOY);
    /* A broken file: said once with where, the last good state kept. */
    write_file(f.audits, "[[audit]]\nname = \n");
    cr_assert_eq(session_reload_check(s, &d), SESSION_RELOAD_FAILED);
    cr_assert_eq(d.line, 2);
    cr_assert(session_policy(s, mime, &pp));
    cr_assert_eq(pp.how, POLICY_REVIEWED, "the last good reviews stay");
    diag_clear(&d);
    cr_assert_eq(session_reload_check(s, &d), SESSION_RELOAD_NONE, "not said again");
    /* The policy changed: without [policy] nothing is enforced. */
    char cfgpath[160];
    snprintf(cfgpath, sizeof cfgpath, "%s/.depvet/config.toml", f.dir);
    write_file(cfgpath, "# no policy\n");
    write_file(f.audits, reviewed_and_exempted);
    cr_assert_eq(session_reload_check(s, &d), SESSION_RELOAD_REVIEWS | SESSION_RELOAD_CONFIG,
                 "%s", d.msg);
    struct policy_counts c;
    session_policy_counts(s, &c);
    cr_assert_not(c.enforced);
    cr_assert(session_policy(s, mime, &pp));
    cr_assert_eq(pp.how, POLICY_EXEMPTED);
    session_free(s);
    fx_fini(&f);
}
