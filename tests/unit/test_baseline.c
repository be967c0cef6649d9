/* baseline: which of check's findings a previous check's JSON already
 * reported: same rule and package (name normalised) and version, same
 * scanner file and line hash, a lockfile's own finding by its path's end;
 * a finding that got worse is new; the baseline's acknowledged findings
 * count as known; what no finding matches is gone; malformed files are
 * refused with where. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/engine/baseline.h"

static const char base_json[] =
    "{\"schema\":\"depvet.check/1\",\"findings\":[\n"
    "{\"rule\":\"typosquat\",\"severity\":\"high\",\"ecosystem\":\"PyPI\",\"name\":\"ReqEusts\","
    "\"version\":\"2.31.1\",\"lockfile\":\"/ci/base/requirements.txt\",\"message\":\"old words\"},\n"
    "{\"rule\":\"young-package\",\"severity\":\"low\",\"ecosystem\":\"PyPI\",\"name\":\"reqeusts\","
    "\"version\":\"2.31.1\",\"lockfile\":\"/ci/base/requirements.txt\",\"message\":\"m\"},\n"
    "{\"rule\":\"retired\",\"severity\":\"medium\",\"ecosystem\":\"Hex\",\"name\":\"certifi\","
    "\"version\":\"2.9.0\",\"lockfile\":\"mix.lock\",\"message\":\"m\"},\n"
    "{\"rule\":\"scan:js-eval\",\"severity\":\"high\",\"ecosystem\":\"npm\",\"name\":\"a\","
    "\"version\":\"1.0.0\",\"lockfile\":\"package-lock.json\",\"message\":\"m\","
    "\"path\":\"package/x.js\",\"line_sha256\":\"aa\"},\n"
    "{\"rule\":\"lockfile-version\",\"severity\":\"info\",\"ecosystem\":null,\"name\":null,"
    "\"version\":null,\"lockfile\":\"/ci/base/web/package-lock.json\",\"message\":\"m\"},\n"
    "{\"rule\":\"gone-rule\",\"severity\":\"low\",\"ecosystem\":\"npm\",\"name\":\"b\","
    "\"version\":\"1.0.0\",\"lockfile\":\"package-lock.json\",\"message\":\"m\"}],\n"
    "\"acknowledged\":[{\"rule\":\"loose-pin\",\"severity\":\"medium\",\"ecosystem\":\"npm\","
    "\"name\":\"a\",\"version\":\"1.0.0\",\"lockfile\":\"package-lock.json\",\"message\":\"m\"}]}";

struct fx {
    struct dep_graph *g;
    struct findings fs;
    unsigned req, cert, cert2, a;
    unsigned l_req, l_web;
};

static void add(struct fx *x, const char *rule, enum severity sev, unsigned node, unsigned lock,
                const char *path, const char *line)
{
    struct finding f = {rule, sev, node, lock, "message", NULL, NULL, false, path, line, 0, NULL, NULL};
    VEC_PUSH(&x->fs.items, f);
}

static void setup(struct fx *x)
{
    memset(x, 0, sizeof *x);
    x->g = graph_new();
    x->l_req = graph_add_lockfile(x->g, "proj/requirements.txt", "requirements.txt", ECO_PYPI);
    unsigned mix = graph_add_lockfile(x->g, "proj/mix.lock", "mix.lock", ECO_HEX);
    x->l_web = graph_add_lockfile(x->g, "proj/web/package-lock.json", "package-lock.json", ECO_NPM);
    x->req = graph_add_node(x->g, x->l_req, ECO_PYPI, "reqeusts", "2.31.1");
    x->cert = graph_add_node(x->g, mix, ECO_HEX, "certifi", "2.9.0");
    x->cert2 = graph_add_node(x->g, mix, ECO_HEX, "castore", "1.0.5");
    x->a = graph_add_node(x->g, x->l_web, ECO_NPM, "a", "1.0.0");
    graph_finish(x->g);
}

static void teardown(struct fx *x)
{
    VEC_FREE(&x->fs.items);
    graph_free(x->g);
}

Test(baseline, marks_what_is_new)
{
    struct fx x;
    setup(&x);
    add(&x, "typosquat", SEV_HIGH, x.req, x.l_req, NULL, NULL);        /* 0 known: name normalised */
    add(&x, "young-package", SEV_MEDIUM, x.req, x.l_req, NULL, NULL);  /* 1 new: worse than low */
    add(&x, "retired", SEV_MEDIUM, x.cert, 1, NULL, NULL);             /* 2 known */
    add(&x, "retired", SEV_MEDIUM, x.cert2, 1, NULL, NULL);            /* 3 new: another package */
    add(&x, "scan:js-eval", SEV_HIGH, x.a, x.l_web, "package/x.js", "aa");  /* 4 known */
    add(&x, "scan:js-eval", SEV_HIGH, x.a, x.l_web, "package/x.js", "bb");  /* 5 new line */
    add(&x, "lockfile-version", SEV_INFO, GRAPH_NONE, x.l_web, NULL, NULL); /* 6 known: path end */
    add(&x, "lockfile-version", SEV_INFO, GRAPH_NONE, x.l_req, NULL, NULL); /* 7 new: other file */
    add(&x, "loose-pin", SEV_MEDIUM, x.a, x.l_web, NULL, NULL);        /* 8 known: acknowledged */
    struct diag d;
    diag_clear(&d);
    struct baseline *b = baseline_parse(base_json, strlen(base_json), "base.json", &d);
    cr_assert(b, "%s", d.msg);
    cr_assert_eq(baseline_count(b), 7);
    bool is_new[9];
    cr_assert_eq(baseline_mark(b, &x.fs, x.g, "proj", is_new), 4);
    const bool want[9] = {false, true, false, true, false, true, false, true, false};
    for (size_t i = 0; i < 9; i++)
        cr_assert_eq(is_new[i], want[i], "finding %zu", i);
    cr_assert_eq(baseline_gone(b), 1, "gone-rule matched nothing");
    baseline_free(b);
    teardown(&x);
}

Test(baseline, another_version_is_new)
{
    struct fx x;
    setup(&x);
    x.g->nodes.items[x.cert].version = "2.12.0";
    add(&x, "retired", SEV_MEDIUM, x.cert, 1, NULL, NULL);
    struct diag d;
    diag_clear(&d);
    struct baseline *b = baseline_parse(base_json, strlen(base_json), "base.json", &d);
    cr_assert(b);
    bool is_new[1];
    struct findings none = {0};
    struct baseline_marks m;
    baseline_marks_build(&m, b, &x.fs, &none, x.g, "proj");
    cr_assert(m.is_new && m.is_new[0], "an upgraded pin's finding is new");
    cr_assert_eq(m.n_new, 1);
    cr_assert_eq(m.n_gone, 7);
    cr_assert_eq(m.n_base, 7);
    baseline_marks_fini(&m);
    baseline_marks_build(&m, NULL, &x.fs, &none, x.g, "proj");
    cr_assert_null(m.is_new, "no baseline, no marks");
    (void)is_new;
    baseline_free(b);
    teardown(&x);
}

Test(baseline, refuses_what_is_not_checks_json)
{
    static const struct {
        const char *text, *msg, *ptr;
    } bad[] = {
        {"[1]", "not the output", ""},
        {"{\"schema\":\"depvet.check/2\",\"findings\":[]}", "not the output", ""},
        {"{\"version\":\"2.1.0\",\"runs\":[]}", "not the output", ""},
        {"{\"schema\":\"depvet.check/1\",\"findings\":{}}", "expected an array", "/findings"},
        {"{\"schema\":\"depvet.check/1\",\"findings\":[3]}", "is an object", "/findings/0"},
        {"{\"schema\":\"depvet.check/1\",\"findings\":[{\"rule\":\"x\"}]}", "a rule and a severity", "/findings/0"},
        {"{\"schema\":\"depvet.check/1\",\"findings\":[],\"acknowledged\":[{\"rule\":\"x\",\"severity\":\"worst\",\"lockfile\":\"l\"}]}",
         "unknown severity", "/acknowledged/0"},
        {"{\"schema\":\"depvet.check/1\",\"findings\":[{\"rule\":\"x\",\"severity\":\"low\",\"name\":\"n\",\"ecosystem\":\"cargo\"}]}",
         "known ecosystem", "/findings/0"},
        {"{\"schema\":\"depvet.check/1\",\"findings\":[{\"rule\":\"x\",\"severity\":\"low\"}]}",
         "a package or a lockfile", "/findings/0"},
        {"{\"schema\":\"depvet.check/1\",\"findings\":[{\"rule\":7,\"severity\":\"low\"}]}",
         "expected a string", "/findings/0/rule"},
        {"{\"schema\":\"depvet.check/1\",\"findings\":[", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct diag d;
        diag_clear(&d);
        struct baseline *b = baseline_parse(bad[i].text, strlen(bad[i].text), "b.json", &d);
        cr_assert_null(b, "%zu", i);
        cr_assert(diag_failed(&d), "%zu", i);
        if (bad[i].msg)
            cr_assert(strstr(d.msg, bad[i].msg), "%zu: %s", i, d.msg);
        if (bad[i].ptr && bad[i].ptr[0])
            cr_assert_str_eq(d.pointer, bad[i].ptr, "%zu", i);
    }
    struct diag d;
    diag_clear(&d);
    cr_assert_null(baseline_read("/nonexistent/base.json", &d));
    cr_assert(diag_failed(&d));
    const char empty[] = "{\"schema\":\"depvet.check/1\",\"findings\":[]}";
    struct baseline *b = baseline_parse(empty, strlen(empty), "e.json", &d);
    cr_assert(b);
    cr_assert_eq(baseline_count(b), 0);
    baseline_free(b);
    baseline_free(NULL);
}
