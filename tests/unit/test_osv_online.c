/* OSV online against the mock registry: what a bad answer leaves in the
 * summary a user reads. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "depvet/engine/osv_online.h"
#include "mockreg_helper.h"

#define NOW 1750000000

/* An advisory whose id cannot go into a URL: the failure names it plainly
 * (it used to print an uninitialised diag: stack bytes as file:line). */
Test(osv_online, bad_advisory_id_is_a_clean_failure)
{
    char dir[] = "/tmp/depvet-osv-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof(path), "%s/bad.json", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("{\"id\": \"BAD ID\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": "
          "[{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"jinja2\"}, "
          "\"versions\": [\"2.10\"]}]}\n", f);
    fclose(f);
    struct mockreg m;
    const char *extra[] = {"--osv", dir, NULL};
    if (!mockreg_start(&m, extra, false))
        cr_skip("python3 or the mock registry is not available");
    struct engine_config cfg;
    engine_config_init(&cfg);
    snprintf(cfg.base_url[SRC_OSV], sizeof(cfg.base_url[SRC_OSV]), "%s/api.osv.dev", m.base);
    struct diag d;
    diag_clear(&d);
    struct store *st = store_open(":memory:", &d);
    cr_assert_not_null(st, "%s", d.msg);
    struct dep_graph *g = graph_new();
    unsigned lf = graph_add_lockfile(g, "requirements.txt", "requirements.txt", ECO_PYPI);
    graph_add_node(g, lf, ECO_PYPI, "jinja2", "2.10");
    graph_finish(g);
    struct osv_online_summary sum;
    cr_assert(osv_online_refresh(st, &cfg, g, NOW, true, &sum, &d), "%s", d.msg);
    cr_assert_eq(sum.hits, 1);
    cr_assert_geq(sum.failed, 1);
    cr_assert(strstr(sum.failure, "an advisory id unfit for a URL"), "%s", sum.failure);
    cr_assert(strstr(sum.failure, "/api.osv.dev"), "names the source: %s", sum.failure);
    for (const char *p = sum.failure; *p; p++)
        cr_assert((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f, "%s", sum.failure);
    graph_free(g);
    store_close(st);
    mockreg_stop(&m);
    unlink(path);
    rmdir(dir);
}
