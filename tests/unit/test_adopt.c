/* depvet adopt's resolvers on recorded registry answers
 * (tests/fixtures/adopt, served by the mock registry on 127.0.0.1),
 * against trees worked out by hand from those answers (see each test). */
#include <criterion/criterion.h>
#include <string.h>

#include <poll.h>
#include <stdlib.h>

#include "depvet/engine/adopt.h"
#include "depvet/engine/adopt_view.h"
#include "helpers.h"
#include "mockreg_helper.h"

#define NOW 1730000000

static struct mockreg m;
static char dir[64];
static struct engine_config cfg;

static void setup(void)
{
    test_tmpdir_make(dir, sizeof(dir), "adopt");
    char fixtures[1024];
    snprintf(fixtures, sizeof(fixtures), "%s/tests/fixtures/adopt", test_srcdir());
    const char *extra[] = {"--dir", fixtures, NULL};
    if (!mockreg_start(&m, extra, false))
        cr_skip("python3 or the mock registry is not available");
    engine_config_init(&cfg);
    for (int i = 0; i < SRC_COUNT; i++)   /* nothing else answers */
        snprintf(cfg.base_url[i], sizeof(cfg.base_url[i]), "http://127.0.0.1:9");
    snprintf(cfg.base_url[SRC_NPM], sizeof(cfg.base_url[SRC_NPM]), "%s/registry.npmjs.org", m.base);
    snprintf(cfg.base_url[SRC_PYPI], sizeof(cfg.base_url[SRC_PYPI]), "%s/pypi.org", m.base);
    snprintf(cfg.base_url[SRC_HEX_API], sizeof(cfg.base_url[SRC_HEX_API]), "%s/hex.pm/api", m.base);
}

static void teardown(void)
{
    mockreg_stop(&m);
    test_tmpdir_drop(dir);
}

TestSuite(adopt, .init = setup, .fini = teardown);

static void resolve(enum ecosystem eco, const char *name, const char *req, const char *extras,
                    const char *project, bool offline, struct adopt_result *r)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/tests/fixtures/adopt/projects/%s", test_srcdir(), project);
    struct adopt_request q = {.eco = eco, .name = name, .requirement = req, .extras = extras,
                              .project = path, .cache_dir = dir, .offline = offline, .now = NOW};
    struct diag d;
    diag_clear(&d);
    cr_assert(adopt_resolve(&q, &cfg, r, &d), "%s", d.msg);
}

static const struct adopt_node *node(const struct adopt_result *r, const char *name,
                                     const char *version)
{
    for (size_t i = 0; i < r->nodes.len; i++)
        if (strcmp(r->nodes.items[i].name, name) == 0 &&
            (!version || (r->nodes.items[i].version &&
                          strcmp(r->nodes.items[i].version, version) == 0)))
            return &r->nodes.items[i];
    cr_assert_fail("no node %s %s", name, version ? version : "");
    return NULL;
}

static bool skipped(const struct adopt_result *r, const char *name, const char *why)
{
    for (size_t i = 0; i < r->skipped.len; i++)
        if (strcmp(r->skipped.items[i].name, name) == 0 && strstr(r->skipped.items[i].why, why))
            return true;
    return false;
}

/* webapp-kit: 1.1.0 (2.0.0-beta.1 is a pre-release); left-pad-x ^1 ->
 * 1.2.0; ms ^2.1.0 -> the project's 2.1.3 (present), which left-pad-x's
 * ^2.0.0 reuses; cyc-a -> cyc-b -> cyc-a (a cycle), and cyc-b's ms ^1.0.0
 * nests ms 1.0.0 (changed: the project pins 2.1.3); fsevents-x optional;
 * mocha is a dev dependency; the hostile name is no package. */
Test(adopt, npm_nested_deduped_with_a_cycle)
{
    struct adopt_result r;
    resolve(ECO_NPM, "webapp-kit", NULL, NULL, "npm", false, &r);
    cr_expect_str_eq(node(&r, "webapp-kit", NULL)->version, "1.1.0");
    cr_expect(node(&r, "webapp-kit", NULL)->install_script);
    cr_expect_eq(node(&r, "left-pad-x", "1.2.0")->state, ADOPT_NEW);
    cr_expect_eq(node(&r, "ms", "2.1.3")->state, ADOPT_PRESENT);
    const struct adopt_node *nested = node(&r, "ms", "1.0.0");
    cr_expect_eq(nested->state, ADOPT_CHANGED);
    cr_expect_str_eq(nested->pinned, "2.1.3");
    cr_expect(!nested->conflict, "npm nests: no conflict");
    cr_expect(node(&r, "fsevents-x", "2.3.1")->optional);
    cr_expect_eq(node(&r, "evil\x1b[2J\xe2\x80\xae", NULL)->state, ADOPT_UNRESOLVED);
    cr_expect(skipped(&r, "mocha", "development"));
    cr_expect_eq(r.nodes.len, 8);
    cr_expect_eq(r.counts[ADOPT_NEW], 5);
    cr_expect_eq(r.cycles, 1);
    cr_expect_eq(r.levels, 4);
    unsigned ms_edges = 0;
    for (size_t i = 0; i < r.edges.len; i++)
        ms_edges += r.edges.items[i].to == (unsigned)(node(&r, "ms", "2.1.3") - r.nodes.items);
    cr_expect_eq(ms_edges, 2, "webapp-kit's and left-pad-x's ranges share the pin");
    adopt_result_fini(&r);
}

/* widget-x 1.0.0 (worked out by hand): left-pad-x ^1 -> 1.2.0, whose ms
 * ^2.0.0 is the project's 2.1.3; peers as npm 7+ installs them: react-x
 * ^18 -> 18.2.0 (17.0.2 refused) with its own loose-envify-x, ms ^1.0.0
 * against the project's 2.1.3 a conflict (one copy: npm's ERESOLVE), the
 * optional peer react-dom-x left out. */
Test(adopt, npm_peer_dependencies_as_npm_7_installs_them)
{
    struct adopt_result r;
    resolve(ECO_NPM, "widget-x", NULL, NULL, "npm", false, &r);
    const struct adopt_node *react = node(&r, "react-x", NULL);
    cr_expect_str_eq(react->version, "18.2.0");
    cr_expect(react->peer);
    cr_expect_eq(react->state, ADOPT_NEW);
    cr_expect_eq(node(&r, "loose-envify-x", "1.4.0")->state, ADOPT_NEW, "a peer's own dependencies");
    const struct adopt_node *ms = node(&r, "ms", "1.0.0");
    cr_expect(ms->peer && ms->conflict, "a peer range the project's pin refuses");
    cr_expect(strstr(ms->note, "ERESOLVE"), "%s", ms->note);
    cr_expect_eq(node(&r, "ms", "2.1.3")->state, ADOPT_PRESENT);
    cr_expect(!node(&r, "ms", "2.1.3")->peer);
    cr_expect(skipped(&r, "react-dom-x", "optional peer"));
    cr_expect_eq(r.nodes.len, 6);
    cr_expect_eq(r.conflicts, 1);
    unsigned peers = 0;
    for (size_t i = 0; i < r.edges.len; i++)
        peers += r.edges.items[i].peer;
    cr_expect_eq(peers, 2);
    adopt_result_fini(&r);
}

/* dataflow 2.0.0 (2.1.0rc1 is a pre-release): attrs present; tomli's and
 * colorama's markers are false on CPython 3.12/Linux, rich's needs the
 * extra; six==1.15.0 against the project's 1.16.0 is a conflict. */
Test(adopt, pypi_markers_and_a_conflict)
{
    struct adopt_result r;
    resolve(ECO_PYPI, "dataflow", NULL, NULL, "pypi", false, &r);
    cr_expect_str_eq(node(&r, "dataflow", NULL)->version, "2.0.0");
    cr_expect_eq(node(&r, "attrs", NULL)->state, ADOPT_PRESENT);
    const struct adopt_node *six = node(&r, "six", NULL);
    cr_expect_eq(six->state, ADOPT_CHANGED);
    cr_expect(six->conflict);
    cr_expect_str_eq(six->version, "1.15.0");
    cr_expect(strstr(six->note, "requires ==1.15.0; the project pins 1.16.0"), "%s", six->note);
    cr_expect(skipped(&r, "tomli", "python_version < \"3.11\""));
    cr_expect(skipped(&r, "colorama", "false for the project's environment"));
    cr_expect(skipped(&r, "rich", "extra"));
    cr_expect_eq(r.nodes.len, 3);
    cr_expect_eq(r.conflicts, 1);
    adopt_result_fini(&r);
}

/* With [pretty], rich 13.7.1 comes in and its dataflow>=1 is a cycle. */
Test(adopt, pypi_extras_and_a_cycle)
{
    struct adopt_result r;
    resolve(ECO_PYPI, "dataflow", NULL, "pretty", "pypi", false, &r);
    cr_expect_eq(node(&r, "rich", "13.7.1")->state, ADOPT_NEW);
    cr_expect_eq(r.cycles, 1);
    cr_expect_eq(r.nodes.len, 4);
    adopt_result_fini(&r);
}

/* An older release: its requirements from its own document. */
Test(adopt, pypi_release_document_and_offline_again)
{
    struct adopt_result r;
    resolve(ECO_PYPI, "dataflow", "<2", NULL, "pypi", false, &r);
    cr_expect_str_eq(node(&r, "dataflow", NULL)->version, "1.0.0");
    cr_expect_str_eq(node(&r, "attrs", NULL)->requirement, ">=20");
    cr_expect_eq(r.nodes.len, 2);
    adopt_result_fini(&r);
    mockreg_stop(&m);   /* the same answers from the cache */
    resolve(ECO_PYPI, "dataflow", "<2", NULL, "pypi", true, &r);
    cr_expect_eq(r.nodes.len, 2);
    cr_expect_eq(r.from_cache, r.documents);
    adopt_result_fini(&r);
}

/* phx_kit 1.0.0 (1.1.0-rc.0 is a pre-release): plug present; jason
 * optional and its optional decimal; telemetry ~> 0.4 against the
 * project's 1.2.1 a conflict; kit_core requires phx_kit back. */
Test(adopt, hex_optional_conflict_and_cycle)
{
    struct adopt_result r;
    resolve(ECO_HEX, "phx_kit", NULL, NULL, "hex", false, &r);
    cr_expect_str_eq(node(&r, "phx_kit", NULL)->version, "1.0.0");
    cr_expect_str_eq(node(&r, "phx_kit", NULL)->publisher, "carol", "from the release record");
    cr_expect_eq(node(&r, "plug", "1.15.3")->state, ADOPT_PRESENT);
    cr_expect(node(&r, "jason", "1.4.1")->optional);
    cr_expect(node(&r, "decimal", "2.1.1")->optional);
    const struct adopt_node *t = node(&r, "telemetry", NULL);
    cr_expect(t->conflict);
    cr_expect_str_eq(t->version, "0.4.3");
    cr_expect_eq(node(&r, "kit_core", "2.1.0")->state, ADOPT_NEW);
    cr_expect_eq(r.cycles, 1);
    cr_expect_eq(r.nodes.len, 6);
    cr_expect_eq(r.levels, 3);
    adopt_result_fini(&r);
}

Test(adopt, an_unknown_candidate_is_an_error)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/tests/fixtures/adopt/projects/npm", test_srcdir());
    struct adopt_request q = {.eco = ECO_NPM, .name = "no-such-thing", .project = path,
                              .cache_dir = dir, .now = NOW};
    struct adopt_result r;
    struct diag d;
    diag_clear(&d);
    cr_assert(!adopt_resolve(&q, &cfg, &r, &d));
    cr_expect(strstr(d.msg, "404"), "%s", d.msg);
    adopt_result_fini(&r);
}

/* ---- the adopted tree as a session (adopt_view.h) ------------------------- */

Test(adopt, spec_with_extras_and_a_requirement)
{
    struct arena *a = arena_new();
    struct adopt_request q = {0};
    struct diag d;
    diag_clear(&d);
    cr_assert(adopt_parse_spec(a, "pypi:requests[socks,http2]@>=2.31", &q, &d), "%s", d.msg);
    cr_expect_eq(q.eco, ECO_PYPI);
    cr_expect_str_eq(q.name, "requests");
    cr_expect_str_eq(q.extras, "socks,http2");
    cr_expect_str_eq(q.requirement, ">=2.31");
    cr_expect(!adopt_parse_spec(a, "nothing-here", &q, &d), "no ecosystem");
    arena_free(a);
}

static const char *mark(const struct session *s, const char *name, const char *version)
{
    const struct dep_graph *g = session_graph(s);
    for (unsigned i = 0; i < g->nodes.len; i++)
        if (strcmp(g->nodes.items[i].name, name) == 0 &&
            strcmp(g->nodes.items[i].version, version) == 0)
            return adopt_state_name(session_adopt_node(s, i)->state);
    return "absent";
}

/* The tree of npm_nested_deduped_with_a_cycle, as the explorer gets it. */
Test(adopt, the_adopted_tree_is_a_session_with_marks)
{
    struct adopt_result *r = malloc(sizeof(*r));
    resolve(ECO_NPM, "webapp-kit", NULL, NULL, "npm", false, r);
    struct adopt_request q = {.eco = ECO_NPM, .name = "webapp-kit", .requirement = "^1"};
    struct session_options o = {&cfg, dir, true, NOW, false};
    struct diag d;
    diag_clear(&d);
    struct session *s = adopt_session_new(&q, r, ".", &o, &d);
    cr_assert(s, "%s", d.msg);
    const struct dep_graph *g = session_graph(s);
    cr_expect_eq(g->nodes.len, 8);
    cr_expect_str_eq(g->lockfiles.items[0].path, "adopt npm:webapp-kit@^1");
    cr_expect_str_eq(g->lockfiles.items[0].format, "adopt");
    cr_expect(g->nodes.items[0].flags & DEP_DIRECT, "the candidate is the root");
    cr_expect_eq(g->nodes.items[0].n_out, 5, "its five requirements (mocha left out)");
    cr_expect_str_eq(mark(s, "webapp-kit", "1.1.0"), "new");
    cr_expect_str_eq(mark(s, "ms", "2.1.3"), "present");
    cr_expect_str_eq(mark(s, "ms", "1.0.0"), "changed");
    cr_expect_str_eq(mark(s, "fsevents-x", "2.3.1"), "new");
    cr_expect_str_eq(session_adopt_node(s, 0)->name, "webapp-kit");
    cr_expect_null(session_adopt_node(s, 8), "past the end");
    session_free(s);
}

/* The fixture project's session (attached when attach), or the test fails. */
static struct session *project_session(const char *project, bool attach)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/tests/fixtures/adopt/projects/%s", test_srcdir(), project);
    struct diag d;
    diag_clear(&d);
    struct session *s = session_open(path, &d);
    cr_assert(s, "%s", d.msg);
    struct session_options o = {&cfg, dir, false, NOW, false};
    cr_assert(!attach || session_attach(s, &o, &d), "%s", d.msg);
    return s;
}

Test(adopt, a_project_session_has_no_marks)
{
    struct session *s = project_session("npm", false);
    cr_expect_null(session_adopt_node(s, 0));
    cr_expect_null(session_adopt_result(s));
    session_free(s);
}

/* A's job: resolved off the caller's thread, its end hands the session
 * over (JOB_CHANGED_ADOPTED), as the explorer's loop sees it. */
Test(adopt, the_job_hands_over_the_adopted_session)
{
    struct session *s = project_session("hex", true);
    struct diag d;
    diag_clear(&d);
    struct adopt_request q = {.eco = ECO_HEX, .name = "phx_kit", .now = NOW};
    cr_assert(adopt_job_start(s, &q, &d), "%s", d.msg);
    cr_expect(!adopt_job_start(s, &q, &d), "one at a time");
    unsigned changes = 0;
    for (int i = 0; i < 3000 && adopt_job_running(s); i++) {
        struct pollfd fds[8];
        int timeout = 10;
        int n = session_poll_fds(s, fds, 8, &timeout);
        poll(fds, (nfds_t)n, 10);
        struct job_event ev[4];
        size_t ne = session_dispatch(s, ev, 4);
        for (size_t k = 0; k < ne; k++)
            changes |= ev[k].changes;
    }
    cr_assert(changes & JOB_CHANGED_ADOPTED);
    char msg[600];
    struct session *t = session_adopt_take(s, msg, sizeof(msg));
    cr_assert(t, "%s", msg);
    cr_expect(strstr(msg, "adopt Hex:phx_kit: 6 packages (4 new, 1 present, 1 changed"), "%s", msg);
    cr_expect_eq(session_graph(t)->nodes.len, 6);
    cr_expect_null(session_adopt_take(s, msg, sizeof(msg)), "taken once");
    session_free(t);
    session_free(s);
}

Test(adopt, the_job_reports_a_candidate_that_is_not_there)
{
    struct session *s = project_session("npm", true);
    struct adopt_request q = {.eco = ECO_NPM, .name = "no-such-thing", .now = NOW};
    struct diag d;
    diag_clear(&d);
    cr_assert(adopt_job_start(s, &q, &d), "%s", d.msg);
    for (int i = 0; i < 3000 && adopt_job_running(s); i++) {
        struct job_event ev[4];
        poll(NULL, 0, 5);
        session_dispatch(s, ev, 4);
    }
    char msg[600];
    cr_expect_null(session_adopt_take(s, msg, sizeof(msg)));
    cr_expect(strstr(msg, "no-such-thing") && strstr(msg, "404"), "%s", msg);
    session_free(s);
}
