/* Each finding rule on a small graph and an in-memory cache. */
#include <criterion/criterion.h>
#include <string.h>

#include <unistd.h>

#include "depvet/core/fileio.h"
#include "depvet/analysis/scanner.h"
#include "depvet/core/termsafe.h"
#include "depvet/engine/findings.h"
#include "depvet/engine/osvdb.h"
#include "depvet/lock/npm_lock.h"
#include "depvet/registry/popular.h"
#include "depvet/store/pkgstore.h"
#include "depvet/store/responses.h"
#include "helpers.h"

#define NOW 1750000000
#define DAY 86400

struct fixture {
    struct dep_graph *g;
    struct store *st;
    struct arena *a;
    struct engine_config cfg;
    unsigned lf;
    struct findings fs;
};

static void fx_init(struct fixture *f, const char *format, enum ecosystem eco)
{
    memset(f, 0, sizeof(*f));
    f->g = graph_new();
    struct diag d;
    diag_clear(&d);
    f->st = store_open(":memory:", &d);
    cr_assert_not_null(f->st, "%s", d.msg);
    f->a = arena_new();
    engine_config_init(&f->cfg);
    f->lf = graph_add_lockfile(f->g, "proj/lock", format, eco);
}

static void fx_fini(struct fixture *f)
{
    findings_fini(&f->fs);
    graph_free(f->g);
    store_close(f->st);
    arena_free(f->a);
}

static unsigned node(struct fixture *f, enum ecosystem eco, const char *name, const char *version)
{
    return graph_add_node(f->g, f->lf, eco, name, version);
}

/* A package with releases "1.0.0" .. ("1.N.0"), newest first, published a
 * year apart ending `newest_age` days ago, published by `publishers`. */
static struct reg_package *pkg(struct fixture *f, enum ecosystem eco, const char *name,
                               unsigned n, int64_t newest_age, const char *const *publishers)
{
    struct reg_package *p = reg_package_new(f->a, eco, name);
    p->repository = arena_printf(f->a, "https://github.com/example/%s", name);
    p->latest_version = arena_printf(f->a, "1.%u.0", n - 1);
    p->n_releases = n;
    p->releases = arena_alloc(f->a, n * sizeof(*p->releases));
    for (unsigned i = 0; i < n; i++) {
        struct reg_release *r = &p->releases[i];
        memset(r, 0, sizeof(*r));
        reg_release_init(r);
        r->version = arena_printf(f->a, "1.%u.0", n - 1 - i);
        r->published = NOW - newest_age * DAY - (int64_t)i * 365 * DAY;
        r->publisher.name = publishers ? publishers[i] : "alice";
    }
    return p;
}

static void put(struct fixture *f, const struct reg_package *p, int64_t at)
{
    struct diag d;
    diag_clear(&d);
    cr_assert(pkgstore_put(f->st, p, "package,owners", at, &d), "%s", d.msg);
}

static void run(struct fixture *f, bool with_cache)
{
    graph_finish(f->g);
    struct findings_input in = {f->g, with_cache ? f->st : NULL, &f->cfg, NOW};
    findings_collect(&f->fs, &in);
}

static const struct finding *find(const struct fixture *f, const char *rule)
{
    for (size_t i = 0; i < f->fs.items.len; i++)
        if (strcmp(f->fs.items.items[i].rule, rule) == 0)
            return &f->fs.items.items[i];
    return NULL;
}

static void expect(const struct fixture *f, const char *rule, enum severity sev,
                   const char *text)
{
    const struct finding *x = find(f, rule);
    cr_assert_not_null(x, "no %s finding", rule);
    cr_expect_eq(x->severity, sev, "%s: %s", rule, severity_name(x->severity));
    if (text)
        cr_expect(strstr(x->message, text), "%s: '%s' lacks '%s'", rule, x->message, text);
}

Test(findings, retired_yanked_deprecated_superseded)
{
    struct fixture f;
    fx_init(&f, "mix.lock", ECO_HEX);
    node(&f, ECO_HEX, "plug", "1.1.0");
    struct reg_package *p = pkg(&f, ECO_HEX, "plug", 3, 100, NULL);
    p->releases[1].retired = true;
    p->releases[1].status_reason = "security";
    p->releases[1].status_message = "use 1.2.0";
    put(&f, p, NOW);
    run(&f, true);
    expect(&f, "retired", SEV_HIGH, "1.1.0 is retired (security): use 1.2.0");
    cr_expect_null(find(&f, "superseded"), "a version is not a successor");
    fx_fini(&f);

    fx_init(&f, "requirements.txt", ECO_PYPI);
    node(&f, ECO_PYPI, "gym", "1.1.0");
    p = pkg(&f, ECO_PYPI, "gym", 2, 100, NULL);
    p->releases[0].yanked = true;
    p->releases[0].status_reason = "broken wheel";
    p->deprecated = true;
    p->deprecation_message = "Gym is unmaintained; please switch to gymnasium.";
    put(&f, p, NOW);
    run(&f, true);
    expect(&f, "yanked", SEV_MEDIUM, "broken wheel");
    expect(&f, "deprecated", SEV_MEDIUM, "unmaintained");
    expect(&f, "superseded", SEV_LOW, "superseded by gymnasium");
    fx_fini(&f);

    /* The JSON API has no project status: the yank reason names it. */
    fx_init(&f, "requirements.txt", ECO_PYPI);
    node(&f, ECO_PYPI, "gym", "1.1.0");
    p = pkg(&f, ECO_PYPI, "gym", 2, 100, NULL);
    p->releases[0].yanked = true;
    p->releases[0].status_reason = "unmaintained; switch to gymnasium, its successor";
    put(&f, p, NOW);
    run(&f, true);
    expect(&f, "yanked", SEV_MEDIUM, "switch to gymnasium");
    expect(&f, "superseded", SEV_LOW, "superseded by gymnasium");
    fx_fini(&f);
}

Test(findings, checksums_against_the_registry)
{
    struct fixture f;
    fx_init(&f, "mix.lock", ECO_HEX);
    unsigned ok = node(&f, ECO_HEX, "good", "1.0.0"), bad = node(&f, ECO_HEX, "bad", "1.0.0");
    graph_node_add_checksum(f.g, ok, "sha256", "AB01", "outer");
    graph_node_add_checksum(f.g, bad, "sha256", "ab02", "outer");
    graph_node_add_checksum(f.g, bad, "sha256", "ffff", "inner");
    struct reg_package *p = pkg(&f, ECO_HEX, "good", 1, 100, NULL);
    p->releases[0].sha256 = "ab01";
    put(&f, p, NOW);
    p = pkg(&f, ECO_HEX, "bad", 1, 100, NULL);
    p->releases[0].sha256 = "ab01";
    put(&f, p, NOW);
    run(&f, true);
    cr_assert_eq(f.fs.items.len ? 1 : 0, 1);
    const struct finding *x = find(&f, "checksum-mismatch");
    cr_assert_not_null(x);
    cr_expect_eq(x->severity, SEV_CRITICAL);
    cr_expect_str_eq(f.g->nodes.items[x->node].name, "bad", "the matching one is fine");
    fx_fini(&f);

    fx_init(&f, "package-lock.json", ECO_NPM);
    unsigned n = node(&f, ECO_NPM, "ms", "1.0.0");
    graph_node_add_checksum(f.g, n, "sha512", "AAAA", NULL);
    p = pkg(&f, ECO_NPM, "ms", 1, 100, NULL);
    p->releases[0].integrity = "sha512-AAAB";
    put(&f, p, NOW);
    run(&f, true);
    expect(&f, "checksum-mismatch", SEV_CRITICAL, NULL);
    fx_fini(&f);

    fx_init(&f, "requirements.txt", ECO_PYPI);
    n = node(&f, ECO_PYPI, "idna", "1.0.0");
    graph_node_add_checksum(f.g, n, "sha256", "cd", NULL);
    p = pkg(&f, ECO_PYPI, "idna", 1, 100, NULL);
    struct reg_file files[2] = {{.filename = "a.whl", .sha256 = "ab"}, {.filename = "b.tar.gz", .sha256 = "CD"}};
    p->releases[0].files = files;
    p->releases[0].n_files = 2;
    put(&f, p, NOW);
    run(&f, true);
    cr_expect_null(find(&f, "checksum-mismatch"), "any of the release's files may match");
    fx_fini(&f);
}

Test(findings, publishers_and_owners)
{
    struct fixture f;
    fx_init(&f, "mix.lock", ECO_HEX);
    node(&f, ECO_HEX, "lib", "1.2.0");
    static const char *const pubs[] = {"mallory", "alice", "alice"};
    struct reg_package *p = pkg(&f, ECO_HEX, "lib", 3, 20, pubs);
    p->n_owners = 1;
    p->owners = arena_alloc(f.a, 2 * sizeof(struct reg_person));
    memset(p->owners, 0, 2 * sizeof(struct reg_person));
    p->owners[0] = (struct reg_person){.name = "alice", .email = "alice@lib.org"};
    put(&f, p, NOW - 60 * DAY);                 /* first snapshot: alice */
    p->n_owners = 2;
    p->owners[1] = (struct reg_person){.name = "mallory", .email = "m@evil.example"};
    put(&f, p, NOW - 29 * DAY);                 /* mallory added 9 days before 1.2.0 */
    run(&f, true);
    expect(&f, "first-publisher", SEV_MEDIUM, "first release published by mallory");
    expect(&f, "owner-change", SEV_HIGH, "owner mallory was added 9 days before 1.2.0");
    expect(&f, "new-email-domain", SEV_MEDIUM, "evil.example");
    fx_fini(&f);

    /* The package's only publisher is no news. */
    fx_init(&f, "mix.lock", ECO_HEX);
    node(&f, ECO_HEX, "lib", "1.2.0");
    put(&f, pkg(&f, ECO_HEX, "lib", 3, 20, NULL), NOW);
    run(&f, true);
    cr_expect_null(find(&f, "first-publisher"));
    cr_expect_null(find(&f, "owner-change"));
    fx_fini(&f);
}

Test(findings, age_activity_and_repository)
{
    struct fixture f;
    fx_init(&f, "mix.lock", ECO_HEX);
    node(&f, ECO_HEX, "fresh", "1.0.0");
    node(&f, ECO_HEX, "old", "1.0.0");
    struct reg_package *p = pkg(&f, ECO_HEX, "fresh", 1, 3, NULL);
    p->repository = NULL;
    p->downloads.recent = 12;
    p->downloads.recent_days = 90;
    put(&f, p, NOW);
    p = pkg(&f, ECO_HEX, "old", 1, 900, NULL);
    p->repository = "https://github.com/someone/unrelated";
    put(&f, p, NOW);
    run(&f, true);
    expect(&f, "young-package", SEV_MEDIUM, "3 days ago");
    expect(&f, "young-release", SEV_LOW, NULL);
    expect(&f, "few-downloads", SEV_LOW, "12 downloads");
    expect(&f, "no-repository", SEV_LOW, NULL);
    expect(&f, "stale", SEV_LOW, "900 days");
    expect(&f, "repository-mismatch", SEV_INFO, NULL);
    fx_fini(&f);
}

/* Monorepos and an organisation's naming are not mismatches; a look-alike
 * name, another owner or a scope that is not the owner's still are. */
Test(findings, repository_monorepos_and_org_prefixes)
{
    static const struct {
        enum ecosystem eco;
        const char *name, *url;
        bool flagged;
    } case_table[] = {
        {ECO_HEX, "gleam_http", "https://github.com/gleam-lang/http", false},
        {ECO_HEX, "gleam_stdlib", "https://github.com/gleam-lang/stdlib.git", false},
        {ECO_NPM, "@vue/reactivity", "git+https://github.com/vuejs/core.git", false},
        {ECO_HEX, "phoenix_pubsub", "https://github.com/phoenixframework/phoenix_pubsub", false},
        {ECO_PYPI, "requests", "git@github.com:psf/requests.git", false},
        {ECO_HEX, "gleam_htpp", "https://github.com/gleam-lang/http", true},
        {ECO_HEX, "gleam_http", "https://github.com/someone/http", true},
        {ECO_NPM, "@evil/reactivity", "https://github.com/vuejs/core", true},
        {ECO_NPM, "left-pad", "https://github.com/someone/unrelated", true},
    };
    static const char *const format_table[] = {"", "mix.lock", "requirements.txt",
                                               "package-lock.json"};
    for (size_t i = 0; i < sizeof(case_table) / sizeof(*case_table); i++) {
        struct fixture f;
        fx_init(&f, format_table[case_table[i].eco], case_table[i].eco);
        node(&f, case_table[i].eco, case_table[i].name, "1.0.0");
        struct reg_package *p = pkg(&f, case_table[i].eco, case_table[i].name, 1, 30, NULL);
        p->repository = case_table[i].url;
        put(&f, p, NOW);
        run(&f, true);
        const struct finding *x = find(&f, "repository-mismatch");
        cr_expect_eq(x != NULL, case_table[i].flagged, "%s in %s", case_table[i].name,
                     case_table[i].url);
        if (x)
            cr_expect_null(x->evidence, "the link is not repeated as evidence");
        fx_fini(&f);
    }
}

Test(findings, private_names_seen_in_public)
{
    struct fixture f;
    fx_init(&f, "package-lock.json", ECO_NPM);
    strcpy(f.cfg.private_names[0], "@acme/*");
    f.cfg.n_private_names = 1;
    node(&f, ECO_NPM, "@acme/core", "1.0.0");
    node(&f, ECO_NPM, "@acme/ui", "1.0.0");
    unsigned priv = node(&f, ECO_NPM, "@acme/db", "1.0.0");
    graph_node(f.g, priv)->flags |= DEP_PRIVATE;
    put(&f, pkg(&f, ECO_NPM, "@acme/core", 3, 10, NULL), NOW);
    run(&f, true);
    unsigned crit = 0, high = 0;
    for (size_t i = 0; i < f.fs.items.len; i++) {
        const struct finding *x = &f.fs.items.items[i];
        if (strcmp(x->rule, "dependency-confusion") != 0)
            continue;
        cr_expect_neq(x->node, priv, "resolved from the private registry: fine");
        crit += x->severity == SEV_CRITICAL;
        high += x->severity == SEV_HIGH;
    }
    cr_expect_eq(crit, 1, "@acme/core exists on the public registry");
    cr_expect_eq(high, 1, "@acme/ui resolved from a public source");
    fx_fini(&f);
}

Test(findings, lockfile_hygiene_without_a_cache)
{
    struct fixture f;
    fx_init(&f, "requirements.txt", ECO_PYPI);
    unsigned loose = node(&f, ECO_PYPI, "requests", "");
    graph_node(f.g, loose)->requirement = ">=2";
    unsigned pinned = node(&f, ECO_PYPI, "idna", "3.7");
    graph_node(f.g, pinned)->requirement = "==3.7";
    graph_node_add_checksum(f.g, pinned, "sha256", "ab", NULL);
    graph_node(f.g, node(&f, ECO_PYPI, "six", "1.16.0"))->requirement = "==1.16.0";
    graph_node(f.g, node(&f, ECO_PYPI, "attrs", "23.2.0"))->requirement = "==23.2.0";
    f.g->lockfiles.items[f.lf].extra_index = true;
    run(&f, false);
    expect(&f, "loose-pin", SEV_LOW, ">=2");
    /* one finding for the file, with the count, not one per line */
    expect(&f, "missing-hash", SEV_INFO, "proj/lock: 2 of 3 pins without --hash");
    cr_expect_eq(find(&f, "missing-hash")->node, GRAPH_NONE, "about the lockfile");
    expect(&f, "extra-index", SEV_MEDIUM, "--extra-index-url");
    unsigned extra = 0, hashes = 0;
    for (size_t i = 0; i < f.fs.items.len; i++) {
        extra += strcmp(f.fs.items.items[i].rule, "extra-index") == 0;
        hashes += strcmp(f.fs.items.items[i].rule, "missing-hash") == 0;
    }
    cr_expect_eq(extra, 1, "said once per lockfile");
    cr_expect_eq(hashes, 1, "said once per lockfile, the hashed and unpinned lines not counted");
    cr_expect_eq(f.fs.items.items[f.fs.items.len - 1].node, GRAPH_NONE,
                 "lockfile findings come last");
    fx_fini(&f);
}

/* A format that records checksums (package-lock.json, poetry.lock,
 * mix.lock...) with entries lacking them: one finding for the lockfile,
 * with the count and the first few names, not one an entry. */
Test(findings, missing_hash_in_a_hashed_format_once_per_lockfile)
{
    static const struct {
        const char *format;
        enum ecosystem eco;
    } format_table[] = {
        {"package-lock.json", ECO_NPM}, {"poetry.lock", ECO_PYPI}, {"mix.lock", ECO_HEX},
    };
    for (unsigned t = 0; t < sizeof format_table / sizeof *format_table; t++) {
        struct fixture f;
        fx_init(&f, format_table[t].format, format_table[t].eco);
        enum ecosystem eco = format_table[t].eco;
        graph_node_add_checksum(f.g, node(&f, eco, "hashed", "1.0.0"), "sha512", "ab", NULL);
        static const char *const bare_table[] = {"aa", "bb", "cc", "dd", "ee"};
        for (unsigned i = 0; i < 5; i++)
            node(&f, eco, bare_table[i], "2.0.0");
        run(&f, false);
        expect(&f, "missing-hash", SEV_LOW,
               "proj/lock: 5 of 6 entries have no checksum (aa@2.0.0, bb@2.0.0, cc@2.0.0 and 2 "
               "more)");
        cr_expect_eq(find(&f, "missing-hash")->node, GRAPH_NONE, "%s: about the lockfile",
                     format_table[t].format);
        cr_expect_str_eq(find(&f, "missing-hash")->evidence, "5 of 6 entries have no checksum");
        unsigned hashes = 0;
        for (size_t i = 0; i < f.fs.items.len; i++)
            hashes += strcmp(f.fs.items.items[i].rule, "missing-hash") == 0;
        cr_expect_eq(hashes, 1, "%s: one finding, not one an entry", format_table[t].format);
        fx_fini(&f);
    }
}

/* The digest an ack of a lockfile's missing-hash holds: the same set of
 * entries without a checksum reads the same in any order, and another
 * entry (even at the same count) is another subject. */
static const char *bare_digest(const char *const *names, unsigned n, char out[65])
{
    struct fixture f;
    fx_init(&f, "package-lock.json", ECO_NPM);
    graph_node_add_checksum(f.g, node(&f, ECO_NPM, "hashed", "1.0.0"), "sha512", "ab", NULL);
    for (unsigned i = 0; i < n; i++)
        node(&f, ECO_NPM, names[i], "1.0.0");
    run(&f, false);
    const struct finding *h = find(&f, "missing-hash");
    cr_assert_not_null(h);
    cr_assert_not_null(h->subject_sha256, "a lockfile's finding has a subject");
    cr_assert_eq(strlen(h->subject_sha256), 64);
    snprintf(out, 65, "%s", h->subject_sha256);
    fx_fini(&f);
    return out;
}

Test(findings, missing_hash_subject_is_the_set_of_bare_entries)
{
    static const char *const ab[] = {"aa", "bb"}, *const ba[] = {"bb", "aa"},
                             *const ac[] = {"aa", "cc"}, *const abc[] = {"aa", "bb", "cc"};
    char x[65], y[65];
    cr_expect_str_eq(bare_digest(ab, 2, x), bare_digest(ba, 2, y), "order does not matter");
    cr_expect_str_neq(bare_digest(ab, 2, x), bare_digest(ac, 2, y), "same count, other entry");
    cr_expect_str_neq(bare_digest(ab, 2, x), bare_digest(abc, 3, y), "one more entry");
}

/* Every entry hashed: nothing to say. */
Test(findings, missing_hash_silent_when_every_entry_has_one)
{
    struct fixture f;
    fx_init(&f, "uv.lock", ECO_PYPI);
    graph_node_add_checksum(f.g, node(&f, ECO_PYPI, "six", "1.16.0"), "sha256", "ab", NULL);
    run(&f, false);
    cr_expect_null(find(&f, "missing-hash"));
    fx_fini(&f);
}

static unsigned resolved(struct fixture *f, const char *name, const char *url)
{
    unsigned id = node(f, ECO_NPM, name, "1.0.0");
    graph_node(f->g, id)->source_url = url;
    graph_node(f->g, id)->line = 7;
    return id;
}

static unsigned count_rule(const struct fixture *f, const char *rule)
{
    unsigned n = 0;
    for (size_t i = 0; i < f->fs.items.len; i++)
        n += strcmp(f->fs.items.items[i].rule, rule) == 0;
    return n;
}

Test(findings, resolved_outside_its_registry)
{
    struct fixture f;
    fx_init(&f, "package-lock.json", ECO_NPM);
    struct private_registry *p = &f.cfg.priv[f.cfg.n_priv++];
    memset(p, 0, sizeof(*p));
    p->eco = ECO_NPM;
    snprintf(p->match, sizeof(p->match), "@acme");
    snprintf(p->url, sizeof(p->url), "https://npm.acme.example");
    resolved(&f, "left-pad", "https://registry.npmjs.org/left-pad/-/left-pad-1.0.0.tgz");
    resolved(&f, "via-yarn", "https://registry.yarnpkg.com/via-yarn/-/via-yarn-1.0.0.tgz");
    resolved(&f, "@acme/own", "https://npm.acme.example/@acme/own/-/own-1.0.0.tgz");
    resolved(&f, "@acme/evil", "https://127.0.0.2:8443/@acme/evil/-/evil-1.0.0.tgz");
    resolved(&f, "@acme/public", "https://registry.npmjs.org/@acme/public/-/public-1.0.0.tgz");
    resolved(&f, "elsewhere", "http://registry.npmjs.org/elsewhere/-/elsewhere-1.0.0.tgz");
    unsigned tgz = resolved(&f, "@acme/tgz", "https://evil.io/acme-tgz.tgz");
    graph_node(f.g, tgz)->source = SOURCE_URL;
    unsigned direct = resolved(&f, "direct", "https://evil.io/direct.tgz");
    graph_node(f.g, direct)->source = SOURCE_URL;
    run(&f, false);
    expect(&f, "foreign-resolved-url", SEV_MEDIUM, "proj/lock:7 resolves it outside");
    cr_expect_eq(count_rule(&f, "foreign-resolved-url"), 4,
                 "the foreign scope pin, the scope on the public registry, plain http and the "
                 "scope's tarball URL; not the registries' own nor a public direct URL");
    for (size_t i = 0; i < f.fs.items.len; i++) {
        const struct finding *x = &f.fs.items.items[i];
        if (strcmp(x->rule, "foreign-resolved-url") != 0)
            continue;
        const char *name = f.g->nodes.items[x->node].name;
        cr_expect(strcmp(name, "left-pad") && strcmp(name, "via-yarn") && strcmp(name, "@acme/own") &&
                      strcmp(name, "direct"),
                  "%s flagged", name);
        if (name[0] == '@')
            cr_expect(strstr(x->message, "its private token is not sent there"), "%s", x->message);
    }
    fx_fini(&f);
}

/* A key given twice in package-lock.json: high, said once for the
 * lockfile, with both places; the package itself is read as npm reads it. */
Test(findings, lockfile_duplicate_key)
{
    struct fixture f;
    fx_init(&f, "mix.lock", ECO_HEX);
    const char *text =
        "{\n"
        "  \"lockfileVersion\": 3,\n"
        "  \"packages\": {\n"
        "    \"\": {\"name\": \"app\", \"workspaces\": [\"app\"]},\n"
        "    \"app\": {\"version\": \"1.0.0\"},\n"
        "    \"node_modules/app\": {\"resolved\": \"app\", \"link\": true},\n"
        "    \"node_modules/lodash\": {\n"
        "      \"version\": \"4.17.20\", \"version\": \"4.17.21\"\n"
        "    },\n"
        "    \"node_modules/ms\": {\"version\": \"2.1.3\"}\n"
        "  }\n"
        "}\n";
    struct diag d;
    diag_clear(&d);
    cr_assert(npm_lock_read(f.g, "proj/package-lock.json", text, strlen(text), &d), "%s", d.msg);
    run(&f, false);
    expect(&f, "lockfile-duplicate-key", SEV_HIGH,
           "/packages/node_modules~1lodash/version given twice, at proj/package-lock.json:8:7 "
           "and proj/package-lock.json:8:29: npm installs what the last one says");
    unsigned n = 0;
    for (size_t i = 0; i < f.fs.items.len; i++)
        if (strcmp(f.fs.items.items[i].rule, "lockfile-duplicate-key") == 0) {
            n++;
            cr_expect_eq(f.fs.items.items[i].node, GRAPH_NONE);
            cr_expect_eq(f.fs.items.items[i].lockfile, 1);
            cr_expect_str_eq(f.fs.items.items[i].evidence, "/packages/node_modules~1lodash/version");
        }
    cr_expect_eq(n, 1, "said once, though the lockfile starts with project and link nodes");
    fx_fini(&f);
}

Test(findings, severities_by_name)
{
    enum severity s;
    cr_assert(severity_parse("critical", &s));
    cr_assert_eq(s, SEV_CRITICAL);
    cr_assert_not(severity_parse("severe", &s));
    cr_assert_str_eq(severity_name(SEV_LOW), "low");
}

static void import_osv(struct fixture *f, const char *json)
{
    char path[] = "/tmp/depvet-findings-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, json, strlen(json)), (ssize_t)strlen(json));
    close(fd);
    struct osvdb_import_summary sum;
    struct diag d;
    diag_clear(&d);
    cr_assert(osvdb_import(f->st, path, NULL, NULL, &sum, &d), "%s", d.msg);
    unlink(path);
    cr_assert_eq(sum.added, 1);
}

Test(findings, advisories_and_malicious_reports)
{
    struct fixture f;
    fx_init(&f, "requirements.txt", ECO_PYPI);
    node(&f, ECO_PYPI, "Jinja2", "2.10");
    node(&f, ECO_PYPI, "urllib3", "2.2.2");
    import_osv(&f, "{\"id\":\"GHSA-aaaa\",\"modified\":\"2026-01-01T00:00:00Z\","
                   "\"aliases\":[\"CVE-1\"],\"summary\":\"sandbox escape\","
                   "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"jinja2\"},"
                   "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
                   "{\"fixed\":\"2.10.1\"}]}]}],\"database_specific\":{\"severity\":\"LOW\"}}");
    import_osv(&f, "{\"id\":\"MAL-2026-7\",\"modified\":\"2026-01-01T00:00:00Z\","
                   "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"urllib3\"},"
                   "\"versions\":[\"2.2.1\"]}]}");
    run(&f, true);
    expect(&f, "advisory", SEV_LOW, "GHSA-aaaa: sandbox escape; fixed in 2.10.1");
    cr_expect_str_eq(find(&f, "advisory")->evidence, "GHSA-aaaa (CVE-1)");
    cr_expect_null(find(&f, "malicious"), "2.2.2 is not the reported version");
    fx_fini(&f);

    fx_init(&f, "requirements.txt", ECO_PYPI);
    node(&f, ECO_PYPI, "urllib3", "2.2.1");
    import_osv(&f, "{\"id\":\"MAL-2026-7\",\"modified\":\"2026-01-01T00:00:00Z\","
                   "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"urllib3\"},"
                   "\"versions\":[\"2.2.1\"]}]}");
    run(&f, true);
    expect(&f, "malicious", SEV_CRITICAL, "urllib3@2.2.1 is reported as a malicious package");
    fx_fini(&f);
}

/* Stores eco's popular list as a refresh would: every page's answer, up
 * to the empty page that ends a Hex list. */
static void popular_list(struct fixture *f, enum ecosystem eco, const char *first_page)
{
    unsigned n = 0;
    const char *base = engine_config_url(&f->cfg, eco == ECO_HEX ? SRC_HEX_API : SRC_PYPI_TOP);
    for (unsigned i = 0; i == 0 || (i < n && i < 2); i++) {
        const char *url = popular_url(f->a, eco, base, i, &n);
        const char *body = i == 0 ? first_page : "[]";
        struct cached_response r = {.status = 200, .body = (char *)body,
                                    .body_len = strlen(body), .fetched_at = NOW,
                                    .checked_at = NOW};
        struct diag d;
        diag_clear(&d);
        cr_assert(responses_put(f->st, url, &r, &d), "%s", d.msg);
    }
}

Test(findings, typosquats_against_the_cached_popular_list)
{
    struct fixture f;
    fx_init(&f, "mix.lock", ECO_HEX);
    node(&f, ECO_HEX, "phoneix", "1.0.0");
    node(&f, ECO_HEX, "phoenix", "1.7.0");
    run(&f, true);
    cr_expect_null(find(&f, "typosquat"), "no popular list cached: nothing to compare");
    findings_fini(&f.fs);
    popular_list(&f, ECO_HEX, "[{\"name\":\"phoenix\"},{\"name\":\"plug\"}]");
    run(&f, true);
    expect(&f, "typosquat", SEV_HIGH, "phoneix looks like the popular package phoenix "
           "(two letters swapped: phoneix / phoenix, #1 on Hex)");
    unsigned hits = 0;
    for (size_t i = 0; i < f.fs.items.len; i++)
        hits += strcmp(f.fs.items.items[i].rule, "typosquat") == 0;
    cr_expect_eq(hits, 1, "the popular package itself is not flagged");
    fx_fini(&f);
}

/* A look-alike the cache shows used about as much as its target is no
 * squat candidate; one with a handful of downloads is. */
Test(findings, typosquat_weighs_downloads)
{
    struct fixture f;
    fx_init(&f, "mix.lock", ECO_HEX);
    node(&f, ECO_HEX, "phoneix", "1.0.0");
    popular_list(&f, ECO_HEX, "[{\"name\":\"phoenix\",\"downloads\":{\"all\":9,"
                              "\"recent\":30000000}},{\"name\":\"plug\"}]");
    struct reg_package *p = pkg(&f, ECO_HEX, "phoneix", 1, 30, NULL);
    p->downloads.recent = 900000;   /* 300,000 a month: a 33rd of phoenix */
    p->downloads.recent_days = 90;
    put(&f, p, NOW);
    run(&f, true);
    cr_expect_null(find(&f, "typosquat"), "used like a package of its own");
    findings_fini(&f.fs);
    p->downloads.recent = 90;
    put(&f, p, NOW);
    run(&f, true);
    expect(&f, "typosquat", SEV_HIGH, "phoneix looks like the popular package phoenix");
    fx_fini(&f);
}

/* The evaluation through the whole findings path: a lockfile per
 * ecosystem pins every package@version the malicious-package reports
 * list, and each pin gets a critical finding. */
Test(findings, corpus_malicious_reports_are_critical_findings)
{
    char buf[1024], dir[1200], cmd[1300], path[2048];
    const char *root = test_corpus("osv", buf, sizeof(buf));
    if (!root || !file_is_dir(root))
        cr_skip("corpus osv not present");
    snprintf(dir, sizeof(dir), "%s/malicious", root);
    struct fixture f;
    fx_init(&f, "requirements.txt", ECO_PYPI);
    unsigned lf[4] = {0, graph_add_lockfile(f.g, "proj/mix.lock", "mix.lock", ECO_HEX), f.lf,
                      graph_add_lockfile(f.g, "proj/package-lock.json", "package-lock", ECO_NPM)};
    struct osvdb_import_summary sum;
    struct diag d;
    diag_clear(&d);
    cr_assert(osvdb_import(f.st, dir, NULL, NULL, &sum, &d), "%s", d.msg);
    snprintf(cmd, sizeof(cmd), "find '%s' -name 'MAL-*.json' | sort", dir);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    while (fgets(path, sizeof(path), p)) {
        path[strcspn(path, "\n")] = '\0';
        size_t len;
        char *text = file_read(path, FILEIO_DEFAULT_MAX, &len, &d);
        struct osv_record *rec;
        cr_assert(text && osv_parse(f.a, path, text, len, &rec, &d), "%s", path);
        for (size_t i = 0; i < rec->n_affected; i++)
            for (size_t v = 0; v < rec->affected[i].n_versions; v++)
                graph_add_node(f.g, lf[rec->affected[i].eco], rec->affected[i].eco,
                               rec->affected[i].name, rec->affected[i].versions[v]);
        free(text);
    }
    pclose(p);
    run(&f, true);
    size_t pins = 0, critical = 0;
    for (size_t n = 0; n < f.g->nodes.len; n++) {
        bool hit = false;
        for (size_t i = 0; i < f.fs.items.len; i++) {
            const struct finding *x = &f.fs.items.items[i];
            hit = hit || (x->node == n && x->severity == SEV_CRITICAL &&
                          strcmp(x->rule, "malicious") == 0);
        }
        pins++;
        critical += hit;
        cr_expect(hit, "%s@%s", f.g->nodes.items[n].name, f.g->nodes.items[n].version);
    }
    printf("findings eval: %zu of %zu pins named by malicious-package reports are critical "
           "findings\n", critical, pins);
    cr_expect_gt(pins, 30);
    fx_fini(&f);
}

static bool same_findings(const struct findings *a, const struct findings *b)
{
    if (a->items.len != b->items.len)
        return false;
    for (size_t i = 0; i < a->items.len; i++) {
        const struct finding *x = &a->items.items[i], *y = &b->items.items[i];
        if (strcmp(x->rule, y->rule) || x->severity != y->severity || x->node != y->node ||
            strcmp(x->message, y->message) || (!x->evidence != !y->evidence) ||
            (x->evidence && strcmp(x->evidence, y->evidence)))
            return false;
    }
    return true;
}

Test(findings, kept_in_the_cache_and_read_back)
{
    struct fixture f;
    fx_init(&f, "requirements.txt", ECO_PYPI);
    unsigned gym = node(&f, ECO_PYPI, "Gym", "1.1.0");
    graph_node(f.g, gym)->requirement = ">=1";
    node(&f, ECO_PYPI, "numpy", "1.0.0");
    struct reg_package *p = pkg(&f, ECO_PYPI, "gym", 2, 100, NULL);
    p->releases[0].yanked = true;
    put(&f, p, NOW);
    run(&f, true);
    struct diag d;
    diag_clear(&d);
    cr_assert(findings_save(&f.fs, f.g, f.st, NOW, &d), "%s", d.msg);
    struct findings back;
    int64_t oldest;
    unsigned missing;
    struct findings_input in = {f.g, f.st, &f.cfg, NOW};
    findings_load(&back, &in, &oldest, &missing);
    cr_expect(same_findings(&f.fs, &back), "the stored findings read back as collected");
    bool yanked = false, loose = false;
    for (size_t i = 0; i < back.items.len; i++) {
        yanked |= strcmp(back.items.items[i].rule, "yanked") == 0;
        loose |= strcmp(back.items.items[i].rule, "loose-pin") == 0;
    }
    cr_expect(yanked && loose, "a registry finding from the cache, a lockfile one recomputed");
    cr_expect_eq(oldest, NOW);
    cr_expect_eq(missing, 0, "numpy was looked at too, with nothing found");
    findings_fini(&back);

    graph_add_node(f.g, f.lf, ECO_PYPI, "idna", "3.7");
    graph_finish(f.g);
    findings_load(&back, &in, &oldest, &missing);
    cr_expect_eq(missing, 1, "idna was never looked at");
    cr_expect_eq(oldest, 0);
    findings_fini(&back);
    fx_fini(&f);
}

/* A requirement without an exact pin on a package whose malicious report
 * marks every version (or all its requirement allows): critical whatever
 * the pin; a report naming only some versions the requirement allows:
 * high; versions it does not allow: nothing. */
Test(findings, malicious_reports_without_a_pin)
{
    static const struct {
        const char *req, *affected;
        int sev;   /* -1: no finding */
        const char *text;
    } cases[] = {
        {">=2.0", "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}]",
         SEV_CRITICAL, "reuests >=2.0: every version it allows is reported as malicious"},
        {"", "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}]",
         SEV_CRITICAL, "reuests (no version given): every version"},
        {">=2.0,<4", "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.5\"}]}]",
         SEV_CRITICAL, "every version it allows"},
        {">=2.0", "\"versions\":[\"2.1\"]", SEV_HIGH, "reuests >=2.0 may install a version"},
        {">=2.0", "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
                  "{\"fixed\":\"3.0\"}]}]", SEV_HIGH, "may install"},
        {">=2.0", "\"versions\":[\"1.0\",\"1.9\"]", -1, NULL},
        {">=3", "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
                "{\"fixed\":\"2.0\"}]}]", -1, NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct fixture f;
        fx_init(&f, "requirements.txt", ECO_PYPI);
        graph_node(f.g, node(&f, ECO_PYPI, "reuests", ""))->requirement = cases[i].req;
        char rec[1024];
        snprintf(rec, sizeof(rec), "{\"id\":\"MAL-2026-9\",\"modified\":\"2026-01-01T00:00:00Z\","
                 "\"summary\":\"Malicious code in reuests (PyPI)\",\"affected\":[{\"package\":"
                 "{\"ecosystem\":\"PyPI\",\"name\":\"reuests\"},%s}]}", cases[i].affected);
        import_osv(&f, rec);
        run(&f, true);
        if (cases[i].sev < 0)
            cr_expect_null(find(&f, "malicious"), "case %zu", i);
        else
            expect(&f, "malicious", (enum severity)cases[i].sev, cases[i].text);
        fx_fini(&f);
    }
}

/* A scanner hit's excerpt is terminal-safe already; the finding keeps the
 * text raw, so a pane or report that escapes it once shows the excerpt as
 * the scanner made it (before, "\\x1b" came out as "\\\\x1b"). */
Test(findings, scanner_excerpt_is_escaped_once)
{
    struct fixture f;
    fx_init(&f, "mix.lock", ECO_HEX);
    unsigned n = node(&f, ECO_HEX, "plug", "1.0.0");
    graph_finish(f.g);
    const char raw[] = "System.cmd(\"sh\", [\"-c\", \"printf '\\033[2J' \\\\ \"])";
    const char *excerpt = termsafe_arena(f.a, raw);
    struct scan_hit h = {"ex-system-cmd", SCAN_SEV_HIGH, "lib/plug.ex", 3, excerpt,
                         "runs a shell", ""};
    struct scan_result res = {.hits = &h, .n_hits = 1};
    findings_add_scan_hits(&f.fs, f.g, n, &res);
    cr_assert_eq(f.fs.items.len, 1);
    const struct finding *x = &f.fs.items.items[0];
    cr_assert_str_eq(x->evidence, raw, "raw again");
    cr_assert_str_eq(termsafe_arena(f.a, x->evidence), excerpt, "escaped once shows the excerpt");
    cr_assert_str_eq(x->rule, "scan:ex-system-cmd");
    fx_fini(&f);
}

Test(findings, unescape_keeps_what_it_cannot_read)
{
    struct arena *a = arena_new();
    cr_assert_str_eq(termsafe_unescape_arena(a, "a\\\\b\\x1b\\x0"), "a\\b\x1b\\x0");
    cr_assert_str_eq(termsafe_unescape_arena(a, "<U+202E>\\q\\"), "<U+202E>\\q\\");
    cr_assert_str_eq(termsafe_unescape_arena(a, "\\\\x41"), "\\x41", "an escaped backslash first");
    arena_free(a);
}

/* The pin's provenance against later releases': an identity change and a
 * lost attestation are high, with both sides in the evidence; nothing is
 * said when either side is unknown. */
static void provenance_case(struct fixture *f, enum reg_attest pin_attest, const char *pin_id,
                            enum reg_attest later_attest, const char *later_id)
{
    fx_init(f, "package-lock.json", ECO_NPM);
    node(f, ECO_NPM, "lib", "1.0.0");
    struct reg_package *p = pkg(f, ECO_NPM, "lib", 3, 20, NULL);
    p->releases[2].attest = pin_attest;     /* 1.0.0 */
    p->releases[2].identity = pin_id;
    p->releases[1].attest = pin_attest;     /* 1.1.0: as the pin */
    p->releases[1].identity = pin_id;
    p->releases[0].attest = later_attest;   /* 1.2.0 */
    p->releases[0].identity = later_id;
    put(f, p, NOW);
    run(f, true);
}

Test(findings, provenance_identity_and_attestation)
{
    const char *good = "github.com/lib/lib/.github/workflows/release.yml";
    const char *other = "github.com/mallory/lib/.github/workflows/publish.yml";
    struct fixture f;
    provenance_case(&f, REG_ATTEST_PRESENT, good, REG_ATTEST_PRESENT, other);
    expect(&f, "provenance-identity-changed", SEV_HIGH, "1.2.0 was built and published by");
    const struct finding *x = find(&f, "provenance-identity-changed");
    cr_expect(x->evidence && strstr(x->evidence, good) && strstr(x->evidence, other), "%s",
              x->evidence);
    cr_expect_null(find(&f, "provenance-lost"));
    fx_fini(&f);

    provenance_case(&f, REG_ATTEST_PRESENT, good, REG_ATTEST_NONE, NULL);
    expect(&f, "provenance-lost", SEV_HIGH, "1.2.0 has no provenance");
    x = find(&f, "provenance-lost");
    cr_expect(x->evidence && strstr(x->evidence, good), "%s", x->evidence);
    cr_expect_null(find(&f, "provenance-identity-changed"));
    fx_fini(&f);

    /* The same identity, case aside, is no change. */
    provenance_case(&f, REG_ATTEST_PRESENT, good, REG_ATTEST_PRESENT,
                    "GitHub.com/Lib/lib/.github/workflows/release.yml");
    cr_expect_null(find(&f, "provenance-identity-changed"));
    fx_fini(&f);

    /* Unknown on either side says nothing. */
    static const struct {
        enum reg_attest pa;
        const char *pid;
        enum reg_attest la;
        const char *lid;
    } silent_table[] = {
        {REG_ATTEST_UNKNOWN, NULL, REG_ATTEST_PRESENT, "github.com/x/y/w.yml"},
        {REG_ATTEST_UNKNOWN, NULL, REG_ATTEST_NONE, NULL},
        {REG_ATTEST_NONE, NULL, REG_ATTEST_PRESENT, "github.com/x/y/w.yml"},
        {REG_ATTEST_PRESENT, "github.com/x/y/w.yml", REG_ATTEST_UNKNOWN, NULL},
        {REG_ATTEST_PRESENT, "github.com/x/y/w.yml", REG_ATTEST_PRESENT, NULL},
        {REG_ATTEST_PRESENT, NULL, REG_ATTEST_PRESENT, "github.com/x/y/w.yml"},
    };
    for (size_t i = 0; i < sizeof(silent_table) / sizeof(*silent_table); i++) {
        provenance_case(&f, silent_table[i].pa, silent_table[i].pid, silent_table[i].la,
                        silent_table[i].lid);
        cr_expect_null(find(&f, "provenance-identity-changed"), "case %zu", i);
        cr_expect_null(find(&f, "provenance-lost"), "case %zu", i);
        fx_fini(&f);
    }
}

/* The explorer's worker reads the records once and hands them to the
 * session: collecting over them finds what reading them here finds, and
 * they stay whole (in the caller's arena) after the run. */
Test(findings, collect_over_records_read_once)
{
    struct fixture f;
    fx_init(&f, "mix.lock", ECO_HEX);
    node(&f, ECO_HEX, "plug", "1.1.0");
    node(&f, ECO_HEX, "mime", "1.0.0");
    struct reg_package *p = pkg(&f, ECO_HEX, "plug", 3, 100, NULL);
    p->releases[1].retired = true;
    put(&f, p, NOW);
    put(&f, pkg(&f, ECO_HEX, "mime", 2, 10, (const char *const[]){"bob", "alice"}), NOW);
    run(&f, true);
    struct findings_loaded l = {arena_new(), NULL, NULL, NULL, 0};
    struct diag d;
    diag_clear(&d);
    cr_assert(findings_load_records(&l, f.st, &d), "%s", d.msg);
    cr_assert_eq(l.n, 2);
    struct findings again;
    struct findings_input in = {f.g, f.st, &f.cfg, NOW};
    findings_collect_loaded(&again, &in, &l);
    cr_expect(same_findings(&f.fs, &again), "the same findings either way");
    cr_expect_gt(again.items.len, 0);
    findings_fini(&again);
    bool plug = false;
    for (size_t i = 0; i < l.n; i++)
        plug |= strcmp(l.pkgs[i]->name, "plug") == 0 && l.pkgs[i]->n_releases == 3 &&
                l.pkgs[i]->releases[1].retired;
    cr_expect(plug, "the records outlive the run");
    arena_free(l.a);
    fx_fini(&f);
}
