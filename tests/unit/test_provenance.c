/* Publishing identity from provenance: npm attestation bundles (SLSA v1 and
 * v0.2 statements), PyPI PEP 740 publishers, and npm's dist.attestations
 * on recorded answers. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/registry/npm.h"
#include "depvet/registry/provenance.h"
#include "depvet/registry/pypi.h"
#include "reg_test.h"

struct npm_read {
    bool ok;
    const char *identity, *version;
    struct diag d;
};

static struct npm_read npm_read(struct arena *a, const char *name)
{
    size_t len;
    char *body = reg_fixture(name, &len);
    struct npm_read r;
    diag_clear(&r.d);
    r.ok = provenance_npm_parse(a, "u", body, len, &r.identity, &r.version, &r.d);
    free(body);
    return r;
}

Test(provenance, npm_slsa_v1_and_v02)
{
    struct arena *a = arena_new();
    struct npm_read r = npm_read(a, "../provenance/npm-attestations-slsa-v1.json");
    cr_assert(r.ok, "%s (%s)", r.d.msg, r.d.pointer);
    cr_expect_str_eq(r.identity, "github.com/acme/widget/.github/workflows/release.yml");
    cr_expect_str_eq(r.version, "2.1.0");
    /* v0.2: git+ scheme, .git and the ref are not part of the identity. */
    r = npm_read(a, "../provenance/npm-attestations-slsa-v02.json");
    cr_assert(r.ok, "%s (%s)", r.d.msg, r.d.pointer);
    cr_expect_str_eq(r.identity, "github.com/stevemao/left-pad/.github/workflows/publish.yml");
    cr_expect_str_eq(r.version, "1.3.0");
    /* The publish attestation alone names no workflow. */
    r = npm_read(a, "../provenance/npm-attestations-publish-only.json");
    cr_assert(r.ok, "%s", r.d.msg);
    cr_expect_null(r.identity);
    arena_free(a);
}

Test(provenance, npm_bad_answers_name_where)
{
    struct arena *a = arena_new();
    struct npm_read r = npm_read(a, "../provenance/npm-attestations-bad-payload.json");
    cr_expect_not(r.ok);
    cr_expect_str_eq(r.d.pointer, "/attestations/0/bundle/dsseEnvelope");
    cr_expect(strstr(r.d.msg, "base64"), "%s", r.d.msg);
    r = npm_read(a, "../provenance/npm-attestations-payload-not-json.json");
    cr_expect_not(r.ok);
    cr_expect(strstr(r.d.msg, "in-toto statement"), "%s", r.d.msg);
    static const char *const bad_table[] = {
        "[]", "{\"attestations\": 3}", "{\"attestations\": [{\"predicateType\": 1}]}",
        "{\"attestations\": [{\"predicateType\": \"https://slsa.dev/provenance/v1\", "
        "\"bundle\": {\"dsseEnvelope\": {\"payload\": 5}}}]}",
        "{\"message\": \"not found\"}", "{",
    };
    for (size_t i = 0; i < sizeof(bad_table) / sizeof(*bad_table); i++) {
        const char *id, *ver;
        struct diag d;
        diag_clear(&d);
        cr_expect_not(provenance_npm_parse(a, "u", bad_table[i], strlen(bad_table[i]), &id,
                                           &ver, &d), "%s", bad_table[i]);
        cr_expect(diag_failed(&d), "%s", bad_table[i]);
    }
    arena_free(a);
}

static const char *pypi_identity(struct arena *a, const char *name)
{
    size_t len, n = 0;
    char *body = reg_fixture(name, &len);
    struct pypi_publisher *pubs = NULL;
    struct diag d;
    diag_clear(&d);
    bool ok = pypi_parse_provenance(a, "u", body, len, &pubs, &n, &d);
    free(body);
    cr_assert(ok, "%s: %s (%s)", name, d.msg, d.pointer);
    cr_assert_eq(n, 1);
    return provenance_pypi_identity(a, &pubs[0]);
}

Test(provenance, pypi_publishers)
{
    struct arena *a = arena_new();
    cr_expect_str_eq(pypi_identity(a, "../provenance/pypi-provenance-github.json"),
                     "github.com/pypa/sampleproject/.github/workflows/release.yml");
    cr_expect_str_eq(pypi_identity(a, "../provenance/pypi-provenance-gitlab.json"),
                     "gitlab.com/group/sub/project/.gitlab-ci.yml");
    cr_expect_str_eq(pypi_identity(a, "../provenance/pypi-provenance-google.json"),
                     "Google:release@proj.iam.gserviceaccount.com");
    size_t len, n;
    char *body = reg_fixture("../provenance/pypi-provenance-bad-publisher.json", &len);
    struct pypi_publisher *pubs;
    struct diag d;
    diag_clear(&d);
    cr_expect_not(pypi_parse_provenance(a, "u", body, len, &pubs, &n, &d));
    cr_expect_str_eq(d.pointer, "/attestation_bundles/0/publisher/kind");
    free(body);
    /* A GitHub publisher without its repository names nobody. */
    struct pypi_publisher bare = {.kind = "GitHub", .workflow = "x.yml"};
    cr_expect_null(provenance_pypi_identity(a, &bare));
    arena_free(a);
}

Test(provenance, npm_url_escapes_scope)
{
    struct arena *a = arena_new();
    cr_expect_str_eq(provenance_npm_url(a, "https://registry.npmjs.org/", "@acme/widget", "2.1.0"),
                     "https://registry.npmjs.org/-/npm/v1/attestations/@acme%2Fwidget@2.1.0");
    arena_free(a);
}

/* The packument says which releases were published with provenance. */
Test(provenance, npm_packument_marks_attested_releases)
{
    size_t len;
    char *body = reg_corpus("npm/shape-only/packument-attestation-changes.dependabot.json", &len);
    struct arena *a = arena_new();
    struct reg_package *p = NULL;
    struct diag d;
    diag_clear(&d);
    cr_assert(npm_parse_packument(a, "u", body, len, &p, &d), "%s", d.msg);
    free(body);
    static const struct {
        const char *version;
        enum reg_attest attest;
    } want_table[] = {
        {"1.0.0", REG_ATTEST_NONE}, {"1.1.0", REG_ATTEST_PRESENT},
        {"1.2.0", REG_ATTEST_NONE}, {"1.3.0", REG_ATTEST_PRESENT},
    };
    for (size_t i = 0; i < sizeof(want_table) / sizeof(*want_table); i++) {
        const struct reg_release *r = reg_package_find_release(p, want_table[i].version);
        cr_assert_not_null(r, "%s", want_table[i].version);
        cr_expect_eq(r->attest, want_table[i].attest, "%s", want_table[i].version);
    }
    arena_free(a);
}
