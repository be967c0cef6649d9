/* Archive locator and digest checks (lockfile and registry digests, each
 * in its own algorithm), and fetching through file:// into the store. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/hex_tarball.h"
#include "depvet/core/fileio.h"
#include "depvet/core/hash.h"
#include "depvet/core/xdg.h"
#include "depvet/engine/archives.h"
#include "depvet/store/pkgstore.h"
#include "pkg_build.h"

static const char meta[] = "{<<\"name\">>,<<\"demo\">>}.\n{<<\"version\">>,<<\"1.0.0\">>}.\n";
static const struct ab_item demo_files[] = {
    {"lib/demo.ex", 0, "defmodule Demo do\nend\n", NULL, NULL},
};

static void hexstr(const void *data, size_t len, enum hash_algo algo, char *out)
{
    unsigned char dg[HASH_MAX_SIZE];
    hash_buffer(algo, data, len, dg);
    hash_hex_encode(dg, hash_size(algo), out);
}

static void sri_of(const void *data, size_t len, char *out)
{
    unsigned char dg[64];
    hash_buffer(HASH_SHA512, data, len, dg);
    memcpy(out, "sha512-", 7);
    out[7 + hash_base64_encode(dg, 64, out + 7)] = '\0';
}

static struct engine_config cfg_for(const char *base)
{
    struct engine_config c;
    engine_config_init(&c);
    snprintf(c.base_url[SRC_HEX_REPO], sizeof(c.base_url[0]), "%s/repo", base);
    snprintf(c.base_url[SRC_NPM], sizeof(c.base_url[0]), "%s/npm", base);
    return c;
}

/* A graph of one node from `format` with the given checksums (NULL-ended
 * triples algo, value, what). */
static struct dep_graph *one_node(const char *format, enum ecosystem eco, const char *name,
                                  const char *version, const char *const *sums)
{
    struct dep_graph *g = graph_new();
    unsigned lf = graph_add_lockfile(g, "/p/lock", format, eco);
    unsigned id = graph_add_node(g, lf, eco, name, version);
    for (unsigned i = 0; sums && sums[i]; i += 3)
        graph_node_add_checksum(g, id, sums[i], sums[i + 1], sums[i + 2]);
    graph_finish(g);
    return g;
}

/* Exactly one failed check, naming `expected` and the digest `got`;
 * returns the graph (caller frees). */
static struct dep_graph *one_mismatch(struct arena *a, const struct engine_config *cfg,
                                      const char *format, const char *const *sums,
                                      const struct pkg_buf *t, const char *expected,
                                      const char *got)
{
    struct dep_graph *g = one_node(format, ECO_HEX, "demo", "1.0.0", sums);
    struct archive_ref r;
    archives_locate_node(a, g, 0, cfg, NULL, &r);
    const char *why;
    size_t checked;
    cr_assert_eq(archives_verify(a, &r, t->buf, t->len, &why, &checked), 1);
    cr_assert(strstr(why, expected) != NULL, "%s", why);
    cr_assert(strstr(why, got) != NULL, "the digest got is named: %s", why);
    return g;
}

Test(archives, hex_outer_and_inner_checksums)
{
    struct pkg_buf t = PKG_HEX(meta, demo_files);
    struct diag d;
    diag_clear(&d);
    struct hex_tarball *ht = hex_tarball_open(t.buf, t.len, "demo", NULL, &d);
    cr_assert_not_null(ht);
    char outer[65], inner[65];
    hexstr(t.buf, t.len, HASH_SHA256, outer);
    hash_hex_encode(ht->inner_checksum, 32, inner);
    hex_tarball_free(ht);
    struct engine_config cfg = cfg_for("http://mock");
    struct arena *a = arena_new();
    const char *good[] = {"sha256", inner, "inner", "sha256", outer, "outer", NULL};
    struct dep_graph *g = one_node("mix.lock", ECO_HEX, "demo", "1.0.0", good);
    struct archive_ref r;
    archives_locate_node(a, g, 0, &cfg, NULL, &r);
    cr_assert_null(r.skipped);
    cr_assert_str_eq(r.url, "http://mock/repo/tarballs/demo-1.0.0.tar");
    cr_assert_eq(r.n_expect, 2);
    const char *why;
    size_t checked;
    cr_assert_eq(archives_verify(a, &r, t.buf, t.len, &why, &checked), 0, "%s", why);
    cr_assert_eq(checked, 2);
    graph_free(g);

    const char *bad_outer[] = {"sha256", inner, "inner", "sha256",
                               "00000000000000000000000000000000000000000000000000000000000000ff",
                               "outer", NULL};
    graph_free(one_mismatch(a, &cfg, "mix.lock", bad_outer, &t,
                            "mix.lock outer checksum expects sha256 000000", outer));
    const char *bad_inner[] = {"sha256", outer, "outer", "sha256",
                               "ABCDEF0000000000000000000000000000000000000000000000000000000000",
                               "inner", NULL};
    g = one_mismatch(a, &cfg, "rebar.lock", bad_inner, &t, "rebar.lock inner checksum", inner);
    archives_locate_node(a, g, 0, &cfg, NULL, &r);
    /* Bytes that are not a Hex tarball fail the inner check. */
    cr_assert_eq(archives_verify(a, &r, "junk", 4, &why, &checked), 2);
    graph_free(g);
    free(t.buf);
    arena_free(a);
}

Test(archives, hex_private_organisation)
{
    struct engine_config cfg = cfg_for("http://mock");
    struct arena *a = arena_new();
    struct dep_graph *g = one_node("mix.lock", ECO_HEX, "secret", "0.1.0", NULL);
    struct dep_node *n = graph_node(g, 0);
    n->repo = "hexpm:acme";
    n->flags |= DEP_PRIVATE;
    struct archive_ref r;
    archives_locate_node(a, g, 0, &cfg, NULL, &r);
    cr_assert_not_null(r.skipped, "no key configured: not asked of anyone");
    cr_assert_null(r.url);
    cfg.priv[0] = (struct private_registry){.eco = ECO_HEX, .auth = AUTH_RAW};
    snprintf(cfg.priv[0].match, sizeof(cfg.priv[0].match), "acme");
    snprintf(cfg.priv[0].token_env, sizeof(cfg.priv[0].token_env), "DEPVET_TEST_ACME_KEY");
    cfg.n_priv = 1;
    archives_locate_node(a, g, 0, &cfg, NULL, &r);
    cr_assert_null(r.skipped);
    cr_assert_str_eq(r.url, "http://mock/repo/repos/acme/tarballs/secret-0.1.0.tar");
    cr_assert_eq(r.priv, &cfg.priv[0]);
    graph_free(g);
    arena_free(a);
}

static struct store *store_with(struct reg_package *p)
{
    struct diag d;
    diag_clear(&d);
    struct store *st = store_open(":memory:", &d);
    cr_assert_not_null(st, "%s", d.msg);
    cr_assert(store_begin(st, &d));
    cr_assert(pkgstore_put(st, p, "package", 1000, &d), "%s", d.msg);
    cr_assert(store_commit(st, &d));
    return st;
}

Test(archives, npm_integrity_and_registry_digests)
{
    struct pkg_buf t = PKG_PLAIN(AB_TGZ, demo_files);
    char sri[120], sha1[41], other[120];
    sri_of(t.buf, t.len, sri);
    hexstr(t.buf, t.len, HASH_SHA1, sha1);
    sri_of("x", 1, other);
    struct engine_config cfg = cfg_for("http://mock");
    struct arena *a = arena_new();
    const char *sums[] = {"sha512", sri + 7, NULL, NULL};
    struct dep_graph *g = one_node("package-lock.json", ECO_NPM, "@s/tiny", "1.0.0", sums);
    graph_node(g, 0)->source_url = "https://registry.npmjs.org/@s/tiny/-/tiny-1.0.0.tgz";

    struct reg_package *p = reg_package_new(a, ECO_NPM, "@s/tiny");
    p->releases = arena_alloc(a, sizeof(*p->releases));
    p->n_releases = 1;
    reg_release_init(&p->releases[0]);
    p->releases[0].version = "1.0.0";
    p->releases[0].integrity = other;   /* the registry disagrees */
    p->releases[0].shasum = sha1;
    struct store *st = store_with(p);

    struct archive_ref r;
    archives_locate_node(a, g, 0, &cfg, st, &r);
    cr_assert_str_eq(r.url, "http://mock/npm/@s/tiny/-/tiny-1.0.0.tgz", "public host rewritten");
    cr_assert_str_eq(r.filename, "tiny-1.0.0.tgz");
    cr_assert_eq(r.n_expect, 3);
    const char *why;
    size_t checked;
    cr_assert_eq(archives_verify(a, &r, t.buf, t.len, &why, &checked), 1);
    cr_assert_eq(checked, 3);
    cr_assert(strstr(why, "registry integrity expects sri sha512-") != NULL, "%s", why);
    cr_assert(strstr(why, sri) != NULL, "got as SRI: %s", why);

    /* No lockfile entry: the default tarball layout, registry digests only. */
    archives_locate_release(a, ECO_NPM, "left-pad", "1.3.0", &cfg, st, &r);
    cr_assert_str_eq(r.url, "http://mock/npm/left-pad/-/left-pad-1.3.0.tgz");
    cr_assert_eq(r.n_expect, 0);
    store_close(st);
    graph_free(g);
    free(t.buf);
    arena_free(a);
}

static struct reg_package *pypi_record(struct arena *a, const char *sdist_sha, const char *wheel_sha)
{
    struct reg_package *p = reg_package_new(a, ECO_PYPI, "demo");
    p->releases = arena_alloc(a, sizeof(*p->releases));
    p->n_releases = 1;
    struct reg_release *rel = &p->releases[0];
    reg_release_init(rel);
    rel->version = "1.0";
    rel->files = arena_alloc(a, 3 * sizeof(*rel->files));
    rel->n_files = 3;
    rel->files[0] = (struct reg_file){.filename = "demo-1.0-cp312-cp312-manylinux_x86_64.whl",
                                      .url = "https://files.pythonhosted.org/p/demo-1.0-cp312.whl",
                                      .packagetype = "bdist_wheel", .sha256 = wheel_sha};
    rel->files[1] = (struct reg_file){.filename = "demo-1.0.tar.gz",
                                      .url = "https://files.pythonhosted.org/p/demo-1.0.tar.gz",
                                      .packagetype = "sdist", .sha256 = sdist_sha};
    rel->files[2] = (struct reg_file){.filename = "demo-1.0-py3-none-any.whl",
                                      .url = "https://files.pythonhosted.org/p/demo-1.0-py3-none-any.whl",
                                      .packagetype = "bdist_wheel", .sha256 = wheel_sha};
    return p;
}

Test(archives, pypi_file_chosen_by_lockfile_hash_or_pure_wheel)
{
    struct pkg_buf sd = PKG_PLAIN(AB_TGZ, demo_files);
    char sd_sha[65], junk_sha[65];
    hexstr(sd.buf, sd.len, HASH_SHA256, sd_sha);
    hexstr("junk", 4, HASH_SHA256, junk_sha);
    struct engine_config cfg = cfg_for("http://mock");
    struct arena *a = arena_new();
    struct store *st = store_with(pypi_record(a, sd_sha, junk_sha));
    setenv("DEPVET_PYPI_FILES_URL", "http://mock/files", 1);

    /* requirements.txt: hashes not tied to a file; the one that names a
     * cached file picks it. */
    const char *sums[] = {"sha256", "11", NULL, "sha256", sd_sha, NULL, NULL};
    struct dep_graph *g = one_node("requirements.txt", ECO_PYPI, "demo", "1.0", sums);
    struct archive_ref r;
    archives_locate_node(a, g, 0, &cfg, st, &r);
    cr_assert_null(r.skipped);
    cr_assert_str_eq(r.filename, "demo-1.0.tar.gz");
    cr_assert_str_eq(r.url, "http://mock/files/p/demo-1.0.tar.gz");
    const char *why;
    size_t checked;
    cr_assert_eq(archives_verify(a, &r, sd.buf, sd.len, &why, &checked), 0, "%s", why);
    cr_assert_eq(checked, 2, "the any-of group and the registry sha256");
    cr_assert_eq(archives_verify(a, &r, "evil", 4, &why, &checked), 2);
    cr_assert(strstr(why, "none of the 1 requirements.txt hashes match") != NULL, "%s", why);
    graph_free(g);

    /* poetry.lock names files: only the chosen file's hash applies. */
    const char *named[] = {"sha256", sd_sha, "demo-1.0.tar.gz", "sha256", "22", "demo-1.0-x.whl", NULL};
    g = one_node("poetry.lock", ECO_PYPI, "demo", "1.0", named);
    archives_locate_node(a, g, 0, &cfg, st, &r);
    cr_assert_eq(r.n_expect, 2);
    cr_assert(strstr(r.expect[0].source, "poetry.lock hash of demo-1.0.tar.gz") != NULL);
    graph_free(g);

    /* No lockfile hashes: the pure wheel. */
    archives_locate_release(a, ECO_PYPI, "demo", "1.0", &cfg, st, &r);
    cr_assert_str_eq(r.filename, "demo-1.0-py3-none-any.whl");
    archives_locate_release(a, ECO_PYPI, "demo", "9.9", &cfg, st, &r);
    cr_assert_not_null(r.skipped);
    archives_locate_release(a, ECO_PYPI, "demo", "1.0", &cfg, NULL, &r);
    cr_assert_not_null(r.skipped, "PyPI needs the cached file list");
    unsetenv("DEPVET_PYPI_FILES_URL");
    store_close(st);
    free(sd.buf);
    arena_free(a);
}

Test(archives, fetch_store_offline_and_mismatch)
{
    char dir[] = "/tmp/depvet-arch-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[512], base[600];
    struct pkg_buf t = PKG_PLAIN(AB_TGZ, demo_files);
    struct diag d;
    diag_clear(&d);
    snprintf(path, sizeof(path), "%s/npm", dir);
    cr_assert(xdg_mkdirs(path, &d), "%s", d.msg);
    snprintf(path, sizeof(path), "%s/npm/a-1.0.0.tgz", dir);
    cr_assert(file_write_atomic(path, t.buf, t.len, &d), "%s", d.msg);
    snprintf(base, sizeof(base), "file://%s", dir);
    struct engine_config cfg = cfg_for(base);
    struct arena *a = arena_new();
    char sri[120];
    sri_of(t.buf, t.len, sri);
    struct archive_ref refs[3];
    archives_locate_release(a, ECO_NPM, "a", "1.0.0", &cfg, NULL, &refs[0]);
    refs[0].url = arena_printf(a, "%s/npm/a-1.0.0.tgz", base);
    refs[1] = refs[0];
    refs[1].version = "1.0.1";   /* same bytes, but the lockfile says otherwise */
    refs[1].expect = arena_alloc(a, sizeof(*refs[1].expect));
    refs[1].expect[0] = (struct archive_expect){"package-lock.json integrity", "sri",
                                                "sha512-AAAA", false, 0};
    refs[1].n_expect = 1;
    archives_locate_release(a, ECO_NPM, "b", "1.0.0", &cfg, NULL, &refs[2]);
    refs[2].url = arena_printf(a, "%s/npm/absent.tgz", base);
    snprintf(path, sizeof(path), "%s/cache", dir);
    struct blobstore *bs = blobstore_open(path, &d);
    cr_assert_not_null(bs, "%s", d.msg);
    struct archive_result res[3];
    cr_assert(archives_fetch(refs, 3, &cfg, bs, NULL, a, res, &d), "%s", d.msg);
    cr_assert_eq(res[0].status, ARCHIVES_FETCHED, "%s", res[0].message);
    cr_assert_eq(res[1].status, ARCHIVES_MISMATCH);
    cr_assert_eq(res[2].status, ARCHIVES_FAILED);
    cr_assert_not_null(res[2].message);
    size_t len = 0;
    void *back = archives_load(bs, &refs[0], &len, &d);
    cr_assert_not_null(back);
    cr_assert_eq(len, t.len);
    free(back);
    cr_assert_null(archives_load(bs, &refs[1], &len, &d), "a mismatch is not stored as the package");

    struct archives_options off = {.offline = true};
    cr_assert(archives_fetch(refs, 3, &cfg, bs, &off, a, res, &d));
    cr_assert_eq(res[0].status, ARCHIVES_CACHED);
    cr_assert_eq(res[1].status, ARCHIVES_MISSING);
    cr_assert_eq(res[2].status, ARCHIVES_MISSING);

    struct findings f = {0};
    cr_assert(archives_fetch(refs, 2, &cfg, bs, NULL, a, res, &d));
    archives_findings(refs, res, 2, NULL, &f);
    cr_assert_eq(f.items.len, 1);
    cr_assert_eq(f.items.items[0].severity, SEV_CRITICAL);
    cr_assert_str_eq(f.items.items[0].rule, "checksum-mismatch");
    cr_assert(strstr(f.items.items[0].message, "a 1.0.1 archive a-1.0.0.tgz does not match") != NULL,
              "%s", f.items.items[0].message);
    findings_fini(&f);
    blobstore_free(bs);
    arena_free(a);
    free(t.buf);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(archives, local_file_urls_from_a_lockfile_are_refused)
{
    struct engine_config cfg = cfg_for("http://mock");
    struct arena *a = arena_new();
    struct dep_graph *g = one_node("package-lock.json", ECO_NPM, "x", "1.0.0", NULL);
    struct dep_node *n = graph_node(g, 0);
    n->source = SOURCE_URL;
    n->source_url = "file:///home/user/.ssh/id_ed25519";
    struct archive_ref r;
    archives_locate_node(a, g, 0, &cfg, NULL, &r);
    cr_assert_not_null(r.skipped);
    cr_assert_null(r.url);
    n->source = SOURCE_REGISTRY;   /* resolved: a local path is no registry URL */
    archives_locate_node(a, g, 0, &cfg, NULL, &r);
    cr_assert_str_eq(r.url, "http://mock/npm/x/-/x-1.0.0.tgz");
    n->source_url = "https://example.org/x-1.0.0.tgz";
    archives_locate_node(a, g, 0, &cfg, NULL, &r);
    cr_assert_str_eq(r.url, "https://example.org/x-1.0.0.tgz");
    /* A configured file:// base is the user's choice; paths under it pass,
     * climbing out of it does not. */
    struct engine_config fcfg = cfg_for("file:///srv/mirror");
    n->source_url = "file:///srv/mirror/npm/../../../etc/x.tgz";
    archives_locate_node(a, g, 0, &fcfg, NULL, &r);
    cr_assert_str_eq(r.url, "file:///srv/mirror/npm/x/-/x-1.0.0.tgz", "not http: the default layout");
    graph_free(g);
    arena_free(a);
}
