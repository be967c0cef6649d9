/* The review policy: required criteria, coverage by reviews, delta chains,
 * exemptions and trusted publishers with their expiry, the nearest
 * reviewed version; the reviews file's new tables (round trip, malformed
 * input with positions); and acknowledgements over findings. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "depvet/audit/audits.h"
#include "depvet/audit/policy.h"
#include "depvet/core/timeutil.h"
#include "depvet/engine/enforce.h"
#include "depvet/lock/graph.h"

static struct audits *parse_text(const char *text, struct diag *d)
{
    diag_clear(d);
    return audits_parse(text, strlen(text), "a.toml", d);
}

static struct audits *parse_ok(const char *text)
{
    struct diag d;
    struct audits *set = parse_text(text, &d);
    cr_assert_not_null(set, "%s:%u:%u: %s", d.where, d.line, d.col, d.msg);
    return set;
}

static const char *const reviews_text =
    "[[audit]]\necosystem = \"npm\"\nname = \"topbar\"\nversion = \"2.0.1\"\n"
    "criteria = \"safe-to-deploy\"\nkind = \"full\"\ndate = 2026-11-01\n"
    "[[audit]]\necosystem = \"npm\"\nname = \"topbar\"\nversion = \"2.0.2\"\n"
    "criteria = \"safe-to-deploy\"\nkind = \"delta\"\nfrom = \"2.0.1\"\ndate = 2026-11-02\n"
    "[[audit]]\necosystem = \"PyPI\"\nname = \"gym\"\nversion = \"0.26.1\"\n"
    "criteria = \"safe-to-run\"\nkind = \"full\"\ndate = 2026-11-01\n"
    "[[exemption]]\necosystem = \"Hex\"\nname = \"Plug\"\nversion = \"1.15.3\"\n"
    "criteria = \"safe-to-deploy\"\nexpires = 2026-12-01\nreason = \"present when reviews began\"\n"
    "[[trusted]]\necosystem = \"Hex\"\nname = \"*\"\npublisher = \"ericmj\"\n"
    "criteria = \"safe-to-deploy\"\nstart = 2020-01-01\nexpires = 2027-01-01\n";

static struct policy_pin pin_of(enum ecosystem eco, const char *name, const char *version,
                                bool dev)
{
    return (struct policy_pin){eco, name, version, dev, NULL, 0, NULL};
}

static struct policy_verdict judge(const struct audits *set, const char *today,
                                   struct policy_pin pin)
{
    struct audit_policy p;
    policy_init(&p);
    struct policy_verdict v;
    policy_evaluate(set, &p, &pin, today, &v);
    return v;
}

Test(policy, defaults_and_overrides)
{
    struct audit_policy p;
    policy_init(&p);
    cr_assert_eq(policy_required(&p, ECO_NPM, "a", false), AUDIT_SAFE_TO_DEPLOY);
    cr_assert_eq(policy_required(&p, ECO_NPM, "a", true), AUDIT_SAFE_TO_RUN);
    cr_assert(policy_set_override(&p, ECO_PYPI, "Zope.Interface", POLICY_NO_REVIEW));
    cr_assert_eq(policy_required(&p, ECO_PYPI, "zope-interface", false), POLICY_NO_REVIEW);
    cr_assert_eq(p.unreviewed_severity, 3);
    cr_assert_eq(p.no_facts_severity, 3);
    int64_t s;
    cr_assert(policy_parse_age("7d", &s) && s == 7 * 86400);
    cr_assert(policy_parse_age("36h", &s) && s == 36 * 3600);
    cr_assert(policy_parse_age("2w", &s) && s == 14 * 86400);
    cr_assert(policy_parse_age("3", &s) && s == 3 * 86400);
    cr_assert_not(policy_parse_age("7 days", &s));
    cr_assert_not(policy_parse_age("d", &s));
    cr_assert_not(policy_parse_age("-1d", &s));
    cr_assert_not(policy_parse_age("99999999999999999w", &s));
}

Test(policy, reviews_deltas_and_implied_criteria)
{
    struct audits *set = parse_ok(reviews_text);
    struct policy_verdict v = judge(set, "2026-11-20", pin_of(ECO_NPM, "topbar", "2.0.1", false));
    cr_assert_eq(v.how, POLICY_REVIEWED);
    v = judge(set, "2026-11-20", pin_of(ECO_NPM, "topbar", "2.0.2", false));
    cr_assert_eq(v.how, POLICY_DELTA, "a delta from a reviewed version covers");
    v = judge(set, "2026-11-20", pin_of(ECO_NPM, "topbar", "2.0.2", true));
    cr_assert_eq(v.how, POLICY_DELTA, "safe-to-deploy implies safe-to-run");
    v = judge(set, "2026-11-20", pin_of(ECO_NPM, "topbar", "2.0.3", false));
    cr_assert_eq(v.how, POLICY_UNREVIEWED);
    cr_assert_eq(v.have, 0);
    v = judge(set, "2026-11-20", pin_of(ECO_PYPI, "Gym", "0.26.1", false));
    cr_assert_eq(v.how, POLICY_UNREVIEWED, "safe-to-run does not cover safe-to-deploy");
    cr_assert_eq(v.have, AUDIT_SAFE_TO_RUN);
    cr_assert_eq(v.need, AUDIT_SAFE_TO_DEPLOY);
    v = judge(set, "2026-11-20", pin_of(ECO_PYPI, "gym", "0.26.1", true));
    cr_assert_eq(v.how, POLICY_REVIEWED, "a dev dependency needs safe-to-run only");
    audits_free(set);
}

Test(policy, exemption_holds_until_it_expires)
{
    struct audits *set = parse_ok(reviews_text);
    struct policy_pin pin = {ECO_HEX, "plug", "1.15.3", false, NULL, 0, NULL};
    struct policy_verdict v = judge(set, "2026-11-30", pin);
    cr_assert_eq(v.how, POLICY_EXEMPTED);
    cr_assert_str_eq(v.by, "present when reviews began");
    cr_assert_str_eq(v.until, "2026-12-01");
    v = judge(set, "2026-12-01", pin);
    cr_assert_eq(v.how, POLICY_UNREVIEWED, "expired on its day: not a silent pass");
    cr_assert_str_eq(v.expired, "2026-12-01");
    cr_assert_str_eq(v.expired_what, "exemption");
    pin.version = "1.15.4";
    cr_assert_eq(judge(set, "2026-11-30", pin).how, POLICY_UNREVIEWED, "one version only");
    audits_free(set);
    /* A delta from an exempted version covers, as cargo-vet's do. */
    char text[4096];
    snprintf(text, sizeof text, "%s[[audit]]\necosystem = \"Hex\"\nname = \"plug\"\n"
             "version = \"1.15.4\"\ncriteria = \"safe-to-deploy\"\nkind = \"delta\"\n"
             "from = \"1.15.3\"\ndate = 2026-11-20\n", reviews_text);
    set = parse_ok(text);
    struct policy_verdict d = judge(set, "2026-11-30", pin);
    cr_assert_eq(d.how, POLICY_DELTA);
    cr_assert_eq(judge(set, "2026-12-01", pin).how, POLICY_UNREVIEWED, "its root expired");
    audits_free(set);
}

Test(policy, trusted_publisher_window)
{
    struct audits *set = parse_ok(reviews_text);
    int64_t in_window, before;
    cr_assert(timeutil_parse("2024-03-01T10:00:00Z", &in_window));
    cr_assert(timeutil_parse("2019-06-01", &before));
    struct policy_pin pin = {ECO_HEX, "jason", "1.4.1", false, "EricMJ", in_window, NULL};
    struct policy_verdict v = judge(set, "2026-11-30", pin);
    cr_assert_eq(v.how, POLICY_TRUSTED);
    cr_assert_str_eq(v.by, "ericmj");
    v = judge(set, "2027-01-01", pin);
    cr_assert_eq(v.how, POLICY_UNREVIEWED, "the trust stops at expires");
    cr_assert_str_eq(v.expired_what, "trusted publisher");
    pin.published = before;
    cr_assert_eq(judge(set, "2026-11-30", pin).how, POLICY_UNREVIEWED, "before start");
    pin.published = in_window;
    pin.publisher = "someone-else";
    cr_assert_eq(judge(set, "2026-11-30", pin).how, POLICY_UNREVIEWED, "another publisher");
    pin.publisher = NULL;
    cr_assert_eq(judge(set, "2026-11-30", pin).how, POLICY_UNREVIEWED, "publisher unknown");
    pin = (struct policy_pin){ECO_NPM, "jason", "1.4.1", false, "ericmj", in_window, NULL};
    cr_assert_eq(judge(set, "2026-11-30", pin).how, POLICY_UNREVIEWED, "another ecosystem");
    audits_free(set);
}

/* [[trusted]] may name the identity a release's provenance shows, in place
 * of (or beside) the publisher. */
Test(policy, trusted_identity)
{
    struct audits *set = parse_ok(
        "[[trusted]]\necosystem = \"PyPI\"\nname = \"attested-lib\"\n"
        "identity = \"github:example/attested-lib/.github/workflows/release.yml\"\n"
        "criteria = \"safe-to-deploy\"\nstart = 2020-01-01\nexpires = 2027-01-01\n"
        "[[trusted]]\necosystem = \"npm\"\nname = \"*\"\npublisher = \"maint\"\n"
        "identity = \"github:acme\"\n"
        "criteria = \"safe-to-deploy\"\nstart = 2020-01-01\nexpires = 2027-01-01\n");
    int64_t when;
    cr_assert(timeutil_parse("2024-03-01", &when));
    const char *good = "github.com/example/attested-lib/.github/workflows/release.yml";
    struct policy_pin pin = {ECO_PYPI, "attested-lib", "1.0", false, NULL, when, good};
    struct policy_verdict v = judge(set, "2026-11-30", pin);
    cr_assert_eq(v.how, POLICY_TRUSTED, "the publisher is not needed");
    cr_assert_str_eq(v.by, "github:example/attested-lib/.github/workflows/release.yml");
    pin.identity = "github.com/mallory/attested-lib/.github/workflows/release.yml";
    cr_assert_eq(judge(set, "2026-11-30", pin).how, POLICY_UNREVIEWED, "another identity");
    pin.identity = NULL;
    cr_assert_eq(judge(set, "2026-11-30", pin).how, POLICY_UNREVIEWED, "no provenance");
    /* Publisher and identity both named: both must hold. */
    pin = (struct policy_pin){ECO_NPM, "x", "1.0.0", false, "maint", when,
                              "github.com/acme/x/.github/workflows/ci.yml"};
    cr_assert_eq(judge(set, "2026-11-30", pin).how, POLICY_TRUSTED, "a repository names its workflows");
    pin.publisher = "other";
    cr_assert_eq(judge(set, "2026-11-30", pin).how, POLICY_UNREVIEWED);
    pin.publisher = "maint";
    pin.identity = "github.com/acme-evil/x/.github/workflows/ci.yml";
    cr_assert_eq(judge(set, "2026-11-30", pin).how, POLICY_UNREVIEWED, "a prefix is not a repository");
    char *text = audits_serialize(set, NULL);
    cr_expect(strstr(text, "name = \"attested-lib\"\nidentity = \"github:example/"), "%s", text);
    struct audits *again = parse_ok(text);
    cr_expect_eq(audits_table_count(again, AUDIT_TAB_TRUST), 2);
    audits_free(again);
    free(text);
    audits_free(set);
    cr_expect(policy_identity_matches("https://GitHub.com/o/r/", "github.com/o/r/w.yml"));
    cr_expect(policy_identity_matches("gitlab:g/p/.gitlab-ci.yml", "gitlab.com/g/p/.gitlab-ci.yml"));
    cr_expect_not(policy_identity_matches("github:o/r/a.yml", "github.com/o/r/a.yml.bak"));
    cr_expect_not(policy_identity_matches("", "github.com/o/r"));
    /* Neither publisher nor identity is refused where the entry starts. */
    struct diag d;
    cr_expect_null(parse_text("[[trusted]]\necosystem = \"npm\"\nname = \"*\"\n"
                              "criteria = \"safe-to-run\"\nstart = 2020-01-01\n"
                              "expires = 2021-01-01\n", &d));
    cr_expect(strstr(d.msg, "lacks publisher or identity"), "%s", d.msg);
    cr_expect_eq(d.line, 1);
}

Test(policy, nearest_reviewed_versions)
{
    struct audits *set = parse_ok(reviews_text);
    const char *near[2];
    bool ex[2];
    const char *t = "2026-11-20";
    size_t n = policy_nearest(set, ECO_NPM, "topbar", "2.0.10", AUDIT_SAFE_TO_DEPLOY, t, near, ex);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(near[0], "2.0.2", "the highest below, in version order");
    n = policy_nearest(set, ECO_NPM, "topbar", "2.0.0", AUDIT_SAFE_TO_DEPLOY, t, near, ex);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(near[0], "2.0.1", "else the lowest above");
    n = policy_nearest(set, ECO_NPM, "topbar", "2.0.15", AUDIT_SAFE_TO_RUN, t, near, ex);
    cr_assert_eq(n, 1, "deploy reviews count for run");
    cr_assert_eq(policy_nearest(set, ECO_PYPI, "gym", "0.26.2", AUDIT_SAFE_TO_DEPLOY, t, near, ex),
                 0);
    n = policy_nearest(set, ECO_HEX, "plug", "1.16.0", AUDIT_SAFE_TO_DEPLOY, t, near, ex);
    cr_assert_eq(n, 1, "an exempted version is a starting point too");
    cr_assert_str_eq(near[0], "1.15.3");
    cr_assert(ex[0]);
    cr_assert_eq(policy_nearest(set, ECO_HEX, "plug", "1.16.0", AUDIT_SAFE_TO_DEPLOY,
                                "2026-12-02", near, ex), 0, "not once it expired");
    audits_free(set);
}

Test(policy, tables_round_trip_byte_for_byte)
{
    struct audits *set = parse_ok(reviews_text);
    size_t len;
    char *once = audits_serialize(set, &len);
    struct audits *again = parse_ok(once);
    char *twice = audits_serialize(again, NULL);
    cr_assert_str_eq(once, twice);
    cr_assert(strstr(once, "[[exemption]]\necosystem = \"Hex\"\nname = \"plug\"\n"),
              "names canonical:\n%s", once);
    cr_assert(strstr(once, "expires = 2026-12-01\n"), "dates unquoted");
    cr_assert_eq(audits_table_count(again, AUDIT_TAB_TRUST), 1);
    free(once);
    free(twice);
    audits_free(again);
    audits_free(set);
}

Test(policy, acks_add_and_refuse)
{
    struct audits *set = audits_new();
    struct diag d;
    diag_clear(&d);
    struct audit_ack k = {ECO_NPM, "left-pad", "1.0.0", "scan:js-eval", "index.js",
                          "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                          "eval of a constant", "Ana", "2026-11-20", "", "", "", ""};
    cr_assert(audits_ack_add(set, &k, &d), "%s", d.msg);
    struct audit_ack back;
    cr_assert(audits_ack_at(set, 0, &back));
    cr_assert_str_eq(back.path, "index.js");
    cr_assert_eq(back.eco, ECO_NPM);
    k.path = "";
    cr_assert_not(audits_ack_add(set, &k, &d), "a line hash needs its file");
    k.path = "index.js";
    k.line_sha256 = "ABC";
    cr_assert_not(audits_ack_add(set, &k, &d));
    struct audit_exemption e = {ECO_HEX, "plug", "1.0.0", AUDIT_SAFE_TO_RUN, "", "", ""};
    cr_assert_not(audits_exemption_add(set, &e, &d), "an exemption needs a reason");
    e.reason = "old";
    cr_assert(audits_exemption_add(set, &e, &d), "%s", d.msg);
    struct audit_exemption eb;
    cr_assert(audits_exemption_at(set, 0, &eb));
    cr_assert_eq(strlen(eb.date), 10, "an empty date becomes today");
    audits_table_remove(set, AUDIT_TAB_EXEMPTION, 0);
    cr_assert_eq(audits_table_count(set, AUDIT_TAB_EXEMPTION), 0);
    audits_free(set);
}

#define SHA64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* A lockfile's ack read, written and read again byte for byte, sorted
 * with the packages' acks, its typed view whole. */
Test(policy, lockfile_ack_round_trip)
{
    static const char text[] =
        "[[ack]]\necosystem = \"npm\"\nname = \"topbar\"\nversion = \"2.0.1\"\n"
        "rule = \"missing-hash\"\nreason = \"old\"\n"
        "[[ack]]\necosystem = \"npm\"\nlockfile = \"backend/package-lock.json\"\n"
        "rule = \"missing-hash\"\nsubject_sha256 = \"" SHA64 "\"\n"
        "evidence = \"1 of 6 entries have no checksum\"\nreason = \"from a fork\"\n"
        "reviewer = \"Ana\"\ndate = 2026-11-20\n";
    struct audits *set = parse_ok(text);
    cr_assert_eq(audits_table_count(set, AUDIT_TAB_ACK), 2);
    struct audit_ack k;
    cr_assert(audits_ack_at(set, 0, &k));
    cr_expect_str_eq(k.lockfile, "backend/package-lock.json", "a lockfile's ack sorts first");
    cr_expect_str_eq(k.name, "");
    cr_expect_str_eq(k.subject_sha256, SHA64);
    cr_expect_str_eq(k.evidence, "1 of 6 entries have no checksum");
    cr_expect_eq(k.eco, ECO_NPM);
    cr_assert(audits_ack_at(set, 1, &k));
    cr_expect_str_eq(k.name, "topbar");
    cr_expect_str_eq(k.lockfile, "");
    char *once = audits_serialize(set, NULL);
    cr_expect(strstr(once, "[[ack]]\necosystem = \"npm\"\nlockfile = \"backend/package-lock.json\"\n"
                           "rule = \"missing-hash\"\nsubject_sha256 = "), "%s", once);
    struct audits *again = parse_ok(once);
    char *twice = audits_serialize(again, NULL);
    cr_expect_str_eq(once, twice);
    /* Added through the typed view: the same checks as the loader. */
    struct diag d;
    diag_clear(&d);
    struct audit_ack add = {ECO_PYPI, "", "", "extra-index", "", "", "private index first", "",
                            "", "", "requirements.txt", SHA64, ""};
    cr_expect(audits_ack_add(again, &add, &d), "%s", d.msg);
    add.subject_sha256 = "";
    cr_expect_not(audits_ack_add(again, &add, &d), "no digest, no ack");
    cr_expect(strstr(d.msg, "lockfile needs subject_sha256"), "%s", d.msg);
    add.subject_sha256 = SHA64;
    add.name = "six";
    add.version = "1.16.0";
    cr_expect_not(audits_ack_add(again, &add, &d), "a package or a lockfile, not both");
    cr_expect_eq(audits_table_count(again, AUDIT_TAB_ACK), 3, "refused ones change nothing");
    free(once);
    free(twice);
    audits_free(again);
    audits_free(set);
}

Test(policy, malformed_tables_name_line_and_column)
{
    static const struct { const char *text; unsigned line, col; const char *msg; } bad_table[] = {
        {"[[exemption]]\necosystem = \"Hex\"\nname = \"a\"\nversion = \"1\"\n"
         "criteria = \"safe-to-run\"\n", 1, 1, "[[exemption]] lacks reason"},
        {"[[exemption]]\necosystem = \"Hex\"\nname = \"a\"\nversion = \"1\"\n"
         "criteria = \"safe\"\nreason = \"r\"\n", 5, 12, "criteria must be"},
        {"[[trusted]]\necosystem = \"Hex\"\nname = \"*\"\npublisher = \"p\"\n"
         "criteria = \"safe-to-run\"\nstart = \"2020-01-01\"\nexpires = 2021-01-01\n", 6, 9,
         "start must be a date"},
        {"[[ack]]\necosystem = \"Hex\"\nname = \"a\"\nversion = \"1\"\nrule = \"x\"\n"
         "reason = \"r\"\nbogus = 1\n", 7, 9, "unknown key in [[ack]]: bogus"},
        {"[[ack]]\necosystem = \"Gem\"\nname = \"a\"\nversion = \"1\"\nrule = \"x\"\n"
         "reason = \"r\"\n", 2, 13, "ecosystem must be"},
        {"exemption = 3\n", 1, 13, "exemption must be written as [[exemption]] tables"},
        /* A lockfile's ack: name/version not needed, the subject's digest is. */
        {"[[ack]]\necosystem = \"npm\"\nrule = \"missing-hash\"\nreason = \"r\"\n", 1, 1,
         "[[ack]] lacks name or lockfile"},
        {"[[ack]]\necosystem = \"npm\"\nlockfile = \"package-lock.json\"\n"
         "rule = \"missing-hash\"\nreason = \"r\"\n", 3, 12, "lockfile needs subject_sha256"},
        {"[[ack]]\necosystem = \"npm\"\nname = \"a\"\nversion = \"1\"\n"
         "lockfile = \"package-lock.json\"\nrule = \"x\"\nreason = \"r\"\n", 3, 8,
         "name and lockfile do not go together"},
        {"[[ack]]\necosystem = \"npm\"\nname = \"a\"\nrule = \"x\"\nreason = \"r\"\n", 3, 8,
         "name needs version"},
        {"[[ack]]\necosystem = \"npm\"\nlockfile = \"l\"\nversion = \"1\"\nrule = \"x\"\n"
         "subject_sha256 = \"" SHA64 "\"\nreason = \"r\"\n", 4, 11, "version needs name"},
        {"[[ack]]\necosystem = \"npm\"\nlockfile = \"l\"\nrule = \"x\"\npath = \"a.js\"\n"
         "subject_sha256 = \"" SHA64 "\"\nreason = \"r\"\n", 5, 8, "path needs name"},
        {"[[ack]]\necosystem = \"npm\"\nname = \"a\"\nversion = \"1\"\nrule = \"x\"\n"
         "subject_sha256 = \"" SHA64 "\"\nreason = \"r\"\n", 6, 18,
         "subject_sha256 needs lockfile"},
        {"[[exemption]]\necosystem = \"Hex\"\nname = \"a\"\nversion = \"1\"\n"
         "criteria = \"safe-to-run\"\nreason = \"r\"\n"
         "[[exemption]]\necosystem = \"Hex\"\nname = \"A\"\nversion = \"1\"\n"
         "criteria = \"safe-to-run\"\nreason = \"other\"\n", 7, 1, "a different [[exemption]]"},
    };
    for (size_t i = 0; i < sizeof bad_table / sizeof *bad_table; i++) {
        struct diag d;
        struct audits *set = parse_text(bad_table[i].text, &d);
        cr_assert_null(set, "case %zu parsed", i);
        cr_assert_eq(d.line, bad_table[i].line, "case %zu: line %u (%s)", i, d.line, d.msg);
        cr_assert_eq(d.col, bad_table[i].col, "case %zu: col %u (%s)", i, d.col, d.msg);
        cr_assert(strstr(d.msg, bad_table[i].msg), "case %zu: %s", i, d.msg);
    }
}

/* ---- acknowledgements over findings (engine/enforce_acks.c) ------------- */


static void add_finding(struct findings *fs, unsigned node, const char *rule, const char *path,
                        const char *sha)
{
    struct finding *f = VEC_ADD(&fs->items);
    f->rule = rule;
    f->severity = SEV_HIGH;
    f->node = node;
    f->message = "m";
    f->path = path;
    f->line_sha256 = sha;
}

Test(policy, acks_hide_matching_findings_and_report_stale_ones)
{
    static const char *const sha_a =
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static const char *const sha_b =
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    struct dep_graph *g = graph_new();
    unsigned lf = graph_add_lockfile(g, "mix.lock", "mix.lock", ECO_HEX);
    unsigned n = graph_add_node(g, lf, ECO_HEX, "Demo", "1.1.0");
    graph_finish(g);
    char text[2048];
    snprintf(text, sizeof text,
             "[[ack]]\necosystem = \"Hex\"\nname = \"demo\"\nversion = \"1.1.0\"\n"
             "rule = \"scan:x\"\npath = \"lib/a.ex\"\nline_sha256 = \"%s\"\nreason = \"ok\"\n"
             "[[ack]]\necosystem = \"Hex\"\nname = \"demo\"\nversion = \"1.1.0\"\n"
             "rule = \"stale\"\nreason = \"old but fine\"\nexpires = 2026-01-01\n"
             "[[ack]]\necosystem = \"Hex\"\nname = \"demo\"\nversion = \"1.0.0\"\n"
             "rule = \"stale\"\nreason = \"another version\"\n", sha_a);
    struct audits *set = parse_ok(text);
    struct findings fs = {arena_new(), {0}};
    add_finding(&fs, n, "scan:x", "lib/a.ex", sha_a);   /* acknowledged */
    add_finding(&fs, n, "scan:x", "lib/a.ex", sha_b);   /* another line: not */
    add_finding(&fs, n, "scan:x", "lib/b.ex", sha_a);   /* another file: not */
    add_finding(&fs, n, "stale", NULL, NULL);           /* ack expired: counts */
    struct findings acked;
    struct enforce_stale *stale;
    size_t n_stale;
    enforce_acks(&fs, g, ".", set, "2026-06-01", &acked, &stale, &n_stale);
    cr_assert_eq(acked.items.len, 1);
    cr_assert_str_eq(acked.items.items[0].line_sha256, sha_a);
    cr_assert(strstr(acked.items.items[0].evidence, "acknowledged: ok"));
    cr_assert_eq(fs.items.len, 3, "the rest still count");
    cr_assert_eq(n_stale, 2);
    struct audit_ack k;
    for (size_t i = 0; i < n_stale; i++) {
        audits_ack_at(set, stale[i].ack, &k);
        cr_assert_eq(stale[i].expired, strcmp(k.version, "1.1.0") == 0,
                     "%s: the expired one matched, the other matched nothing", k.version);
    }
    free(stale);
    findings_fini(&acked);
    findings_fini(&fs);
    audits_free(set);
    graph_free(g);
}

/* A lockfile's finding and its ack: matched by rule, ecosystem, the
 * lockfile's path in the project and the subject's digest.  A changed
 * subject leaves the finding counted and the ack stale, pointing at the
 * finding there now; an old per-package ack of the rule is stale too, with
 * the lockfile to ack instead, never counted as covering it. */
Test(policy, lockfile_acks_match_the_subject_and_hint_when_stale)
{
    static const char *const sha_a =
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static const char *const sha_b =
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    struct dep_graph *g = graph_new();
    unsigned lf = graph_add_lockfile(g, "proj/web/package-lock.json", "package-lock.json", ECO_NPM);
    graph_add_node(g, lf, ECO_NPM, "topbar", "2.0.1");
    unsigned other = graph_add_lockfile(g, "proj/package-lock.json", "package-lock.json", ECO_NPM);
    graph_finish(g);
    char text[2048];
    snprintf(text, sizeof text,
             "[[ack]]\necosystem = \"npm\"\nlockfile = \"web/package-lock.json\"\n"
             "rule = \"missing-hash\"\nsubject_sha256 = \"%s\"\nreason = \"ok\"\n"
             "[[ack]]\necosystem = \"npm\"\nname = \"topbar\"\nversion = \"2.0.1\"\n"
             "rule = \"missing-hash\"\nreason = \"per entry, as before\"\n", sha_a);
    struct audits *set = parse_ok(text);
    for (int changed = 0; changed < 2; changed++) {
        struct findings fs = {arena_new(), {0}};
        add_finding(&fs, GRAPH_NONE, "missing-hash", NULL, NULL);
        fs.items.items[0].lockfile = lf;
        fs.items.items[0].subject_sha256 = changed ? sha_b : sha_a;
        fs.items.items[0].evidence = changed ? "40 of 60" : "5 of 6";
        add_finding(&fs, GRAPH_NONE, "missing-hash", NULL, NULL);   /* the other lockfile's */
        fs.items.items[1].lockfile = other;
        fs.items.items[1].subject_sha256 = sha_a;
        struct findings acked;
        struct enforce_stale *stale;
        size_t n_stale;
        enforce_acks(&fs, g, "proj", set, "2026-06-01", &acked, &stale, &n_stale);
        cr_assert_eq(acked.items.len, changed ? 0 : 1, "changed %d", changed);
        cr_assert_eq(fs.items.len, changed ? 2 : 1, "the other lockfile's is not covered");
        cr_assert_eq(n_stale, changed ? 2 : 1);
        struct audit_ack k;
        for (size_t i = 0; i < n_stale; i++) {
            audits_ack_at(set, stale[i].ack, &k);
            cr_expect_eq(stale[i].instead_lockfile, lf + 1, "%s: ack web's instead", k.rule);
            cr_expect_eq(stale[i].instead_acked, !changed && k.name[0],
                         "the old ack's hint knows when the lockfile's is acknowledged");
            if (k.lockfile[0])
                cr_expect_str_eq(stale[i].instead_evidence, "40 of 60", "what is there now");
        }
        if (!changed)
            cr_expect(strstr(acked.items.items[0].evidence, "acknowledged: ok"));
        free(stale);
        findings_fini(&acked);
        findings_fini(&fs);
    }
    audits_free(set);
    graph_free(g);
}
