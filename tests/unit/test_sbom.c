/* sbom: the inventory an SBOM is written from (components merged by purl
 * across lockfiles, hashes as hex, scope, edges, roots), the licence
 * classifier, and json_text_safe that every machine output goes through. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/core/json.h"
#include "depvet/engine/sbom.h"

static const struct sbom_component *find(const struct sbom *s, const char *ref)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->items[i].ref, ref) == 0)
            return &s->items[i];
    return NULL;
}

/* Two npm lockfiles share left-pad 1.3.0 (runtime in one, dev in the
 * other); a Hex lockfile has an inner and an outer checksum. */
static struct dep_graph *sample(void)
{
    struct dep_graph *g = graph_new();
    unsigned a = graph_add_lockfile(g, "proj/a/package-lock.json", "package-lock.json", ECO_NPM);
    unsigned b = graph_add_lockfile(g, "proj/b/package-lock.json", "package-lock.json", ECO_NPM);
    unsigned h = graph_add_lockfile(g, "proj/mix.lock", "mix.lock", ECO_HEX);
    unsigned app = graph_add_node(g, a, ECO_NPM, "@acme/App", "2.0.0");
    graph_node(g, app)->flags |= DEP_DIRECT;
    unsigned lp = graph_add_node(g, a, ECO_NPM, "left-pad", "1.3.0");
    /* SRI base64 of 64 zero bytes' SHA-512 is not needed: any 64 bytes do. */
    graph_node_add_checksum(g, lp, "sha512",
                            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==",
                            NULL);
    graph_add_edge(g, app, lp, "^1.3.0", 0);
    unsigned lp2 = graph_add_node(g, b, ECO_NPM, "left-pad", "1.3.0");
    graph_node(g, lp2)->flags |= DEP_DEV | DEP_DIRECT;
    graph_node_add_checksum(g, lp2, "sha512",
                            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==",
                            NULL);
    unsigned dv = graph_add_node(g, h, ECO_HEX, "decimal", "2.1.1");
    graph_node(g, dv)->flags |= DEP_DEV | DEP_DIRECT;
    graph_node_add_checksum(g, dv, "sha256",
                            "233BFD9759A7BC25990FD43F789AB24E0B26599711919C20593D3F598EF0884F", "outer");
    graph_node_add_checksum(g, dv, "sha256",
                            "1111111111111111111111111111111111111111111111111111111111111111", "inner");
    graph_node_add_checksum(g, dv, "sha256", "not-a-digest", NULL);
    graph_finish(g);
    return g;
}

Test(sbom, merges_packages_and_keeps_the_graph)
{
    struct dep_graph *g = sample();
    struct sbom s;
    struct sbom_input in = {g, "proj", NULL, NULL, NULL, NULL, false};
    sbom_build(&s, &in);
    cr_assert_eq(s.n, 3);
    for (size_t i = 1; i < s.n; i++)
        cr_assert_lt(strcmp(s.items[i - 1].ref, s.items[i].ref), 0, "sorted by ref");
    const struct sbom_component *lp = find(&s, "pkg:npm/left-pad@1.3.0");
    const struct sbom_component *app = find(&s, "pkg:npm/%40acme/app@2.0.0");
    const struct sbom_component *dec = find(&s, "pkg:hex/decimal@2.1.1");
    cr_assert(lp && app && dec);
    cr_assert(lp->required, "runtime in one lockfile: required");
    cr_assert(!dec->required, "dev only: optional");
    cr_assert_str_eq(lp->lockfile, "a/package-lock.json");
    cr_assert_eq(lp->n_hashes, 1, "the same digest twice is one hash");
    cr_assert_str_eq(lp->hashes[0].alg, "SHA-512");
    cr_assert_eq(strncmp(lp->hashes[0].hex, "000102030405", 12), 0, "%s", lp->hashes[0].hex);
    cr_assert_eq(strlen(lp->hashes[0].hex), 128);
    cr_assert_eq(dec->n_hashes, 1, "inner checksum and a bad value left out");
    cr_assert_str_eq(dec->hashes[0].hex,
                     "233bfd9759a7bc25990fd43f789ab24e0b26599711919c20593d3f598ef0884f");
    cr_assert_eq(app->n_deps, 1);
    cr_assert_eq(&s.items[app->deps[0]], lp);
    cr_assert_eq(s.n_roots, 3, "each lockfile's roots, once");
    sbom_fini(&s);
    graph_free(g);
}

Test(sbom, local_sources_have_no_purl)
{
    struct dep_graph *g = graph_new();
    unsigned l = graph_add_lockfile(g, "/x/proj/package-lock.json", "package-lock.json", ECO_NPM);
    unsigned ws = graph_add_node(g, l, ECO_NPM, "member", "0.1.0");
    graph_node(g, ws)->flags |= DEP_LINK;
    unsigned gt = graph_add_node(g, l, ECO_NPM, "forked", "1.0.0");
    struct dep_node *n = graph_node(g, gt);
    n->source = SOURCE_GIT;
    n->source_url = graph_strdup(g, "https://example.com/f.git");
    n->git_ref = graph_strdup(g, "abc123");
    graph_finish(g);
    struct sbom s;
    struct sbom_input in = {g, "/x/proj/", NULL, NULL, NULL, NULL, false};
    sbom_build(&s, &in);
    cr_assert_eq(s.n, 2);
    const struct sbom_component *m = find(&s, "depvet:package-lock.json#member@0.1.0");
    cr_assert(m, "local member named by the lockfile relative to the project");
    cr_assert_null(m->purl);
    const struct sbom_component *f =
        find(&s, "pkg:npm/forked@1.0.0?vcs_url=git%2Bhttps:%2F%2Fexample.com%2Ff.git%40abc123");
    cr_assert(f && f->purl);
    sbom_fini(&s);
    graph_free(g);
}

/* hex.pm's tarball layout gives each Hex pin its distribution link, an
 * organisation's under /repos/ORG, none for another repository; a public
 * pin also its page on hex.pm. */
Test(sbom, hex_distribution)
{
    struct dep_graph *g = graph_new();
    unsigned l = graph_add_lockfile(g, "p/mix.lock", "mix.lock", ECO_HEX);
    graph_add_node(g, l, ECO_HEX, "plug", "1.15.2");
    unsigned o = graph_add_node(g, l, ECO_HEX, "secret", "0.1.0");
    graph_node(g, o)->repo = graph_strdup(g, "hexpm:acme");
    graph_node(g, o)->flags |= DEP_PRIVATE;
    unsigned m = graph_add_node(g, l, ECO_HEX, "mirror", "2.0.0");
    graph_node(g, m)->repo = graph_strdup(g, "selfhosted");
    unsigned h = graph_add_node(g, l, ECO_HEX, "we\"ird/x", "1.0.0 ");
    graph_finish(g);
    struct sbom s;
    struct sbom_input in = {g, "p", NULL, NULL, NULL, NULL, false};
    sbom_build(&s, &in);
    const struct sbom_component *c = find(&s, "pkg:hex/plug@1.15.2");
    cr_assert(c && c->distribution);
    cr_assert_str_eq(c->distribution, "https://repo.hex.pm/tarballs/plug-1.15.2.tar");
    cr_assert(c->registry_page);
    cr_expect_str_eq(c->registry_page, "https://hex.pm/packages/plug/1.15.2");
    c = find(&s, "pkg:hex/acme/secret@0.1.0");
    cr_assert(c && c->distribution, "%s", s.items[0].ref);
    cr_assert_str_eq(c->distribution, "https://repo.hex.pm/repos/acme/tarballs/secret-0.1.0.tar");
    cr_expect_null(c->registry_page, "an organisation's page is not public");
    for (size_t i = 0; i < s.n; i++) {
        if (strcmp(s.items[i].name, "mirror") == 0) {
            cr_assert_null(s.items[i].distribution, "another repository's host is unknown");
            cr_assert_null(s.items[i].registry_page);
        }
        if (s.items[i].node == h) {
            cr_assert_str_eq(s.items[i].distribution,
                             "https://repo.hex.pm/tarballs/we%22ird%2Fx-1.0.0%20.tar");
            cr_expect_str_eq(s.items[i].registry_page,
                             "https://hex.pm/packages/we%22ird%2Fx/1.0.0%20");
        }
    }
    sbom_fini(&s);
    graph_free(g);
}

Test(sbom, empty_lockfile)
{
    struct dep_graph *g = graph_new();
    graph_add_lockfile(g, "p/rebar.lock", "rebar.lock", ECO_HEX);
    graph_finish(g);
    struct sbom s;
    struct sbom_input in = {g, "p", NULL, NULL, NULL, NULL, false};
    sbom_build(&s, &in);
    cr_assert_eq(s.n, 0);
    cr_assert_eq(s.n_roots, 0);
    sbom_fini(&s);
    graph_free(g);
}

Test(sbom, review_verdicts)
{
    struct dep_graph *g = sample();
    struct audits *set = audits_new();
    struct diag d;
    diag_clear(&d);
    struct audit r = {.eco = ECO_NPM, .name = "left-pad", .version = "1.3.0",
                      .criteria = AUDIT_SAFE_TO_DEPLOY, .kind = AUDIT_FULL, .reviewer = "",
                      .date = "2026-11-23"};
    cr_assert(audits_add(set, &r, &d));
    struct audit_policy p;
    policy_init(&p);
    struct sbom s;
    struct sbom_input in = {g, "proj", NULL, set, &p, "2026-12-01", false};
    sbom_build(&s, &in);
    const struct sbom_component *lp = find(&s, "pkg:npm/left-pad@1.3.0");
    const struct sbom_component *dec = find(&s, "pkg:hex/decimal@2.1.1");
    cr_assert_str_eq(lp->policy, "reviewed");
    cr_assert_str_eq(lp->need, "safe-to-deploy");
    cr_assert_str_eq(lp->reviewed, "safe-to-deploy");
    cr_assert_str_eq(dec->policy, "unreviewed");
    cr_assert_str_eq(dec->need, "safe-to-run", "dev only: the dev criteria");
    cr_assert_null(dec->reviewed);
    sbom_fini(&s);
    audits_free(set);
    graph_free(g);
}

Test(sbom, licences)
{
    const char *canon;
    cr_assert_eq(sbom_license_kind("mit", &canon), SBOM_LICENSE_ID);
    cr_assert_str_eq(canon, "MIT");
    cr_assert_eq(sbom_license_kind("Apache-2.0", &canon), SBOM_LICENSE_ID);
    cr_assert_eq(sbom_license_kind("MIT OR Apache-2.0", &canon), SBOM_LICENSE_EXPRESSION);
    cr_assert_eq(sbom_license_kind("(MIT OR Apache-2.0) AND BSD-3-Clause", &canon),
                 SBOM_LICENSE_EXPRESSION);
    cr_assert_eq(sbom_license_kind("Apache-2.0 WITH LLVM-exception", &canon),
                 SBOM_LICENSE_EXPRESSION);
    cr_assert_eq(sbom_license_kind("GPL-2.0-or-later+ OR MIT", &canon), SBOM_LICENSE_EXPRESSION);
    const char *names[] = {"BSD", "MIT License", "MIT OR", "(MIT", "MIT)", "MIT AND Foo",
                           "MIT WITH MIT", "MIT  or  Apache-2.0", "", "MIT\n", NULL};
    for (size_t i = 0; names[i]; i++)
        cr_assert_eq(sbom_license_kind(names[i], &canon), SBOM_LICENSE_NAME, "'%s'", names[i]);
    cr_assert_eq(sbom_license_kind(NULL, &canon), SBOM_LICENSE_NAME);
}

Test(sbom, json_text_safe)
{
    /* What cJSON prints raw: bidi, DEL, C1, invalid UTF-8; tabs as layout. */
    const char *in = "{\n\t\"a\":\t\"x\xe2\x80\xae" "y\x7f\xc2\x85z\xff\xc3\xa9\"\n}";
    struct strbuf sb = STRBUF_INIT;
    json_text_safe(&sb, in);
    cr_assert_str_eq(strbuf_str(&sb),
                     "{\n  \"a\": \"x\\u202ey\\u007f\\u0085z\\ufffd\xc3\xa9\"\n}");
    strbuf_fini(&sb);
}
