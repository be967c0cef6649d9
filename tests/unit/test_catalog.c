/* The rule catalogue: every finding id the engine's sources emit has a
 * row (read from the sources, so a new rule without docs fails here),
 * scanner rules come in as "scan:ID", ids are sorted and unique. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/engine/catalog.h"
#include "helpers.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert(f, "%s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Every string literal after `marker` in the file is an id to find. */
static void ids_after(const struct catalog *c, const char *file, const char *marker)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/src/engine/%s", test_srcdir(), file);
    char *src = slurp(path);
    unsigned seen = 0;
    for (char *p = strstr(src, marker); p; p = strstr(p + 1, marker)) {
        char *q = p + strlen(marker);
        char *end = strchr(q, '"');
        cr_assert(end);
        char id[128];
        snprintf(id, sizeof id, "%.*s", (int)(end - q), q);
        cr_assert_neq(catalog_find(c, id), (size_t)-1, "%s: %s has no catalogue row", file, id);
        seen++;
    }
    cr_assert_gt(seen, 0, "%s: no %s", file, marker);
    free(src);
}

Test(catalog, every_emitted_rule_is_documented)
{
    struct catalog c;
    catalog_init(&c, NULL);
    ids_after(&c, "rules_registry.c", "rule_emit(c, \"");
    ids_after(&c, "rules_lockfile.c", "rule_emit(c, \"");
    ids_after(&c, "rules_lockfile.c", "emit_lockfile(c, \"");
    ids_after(&c, "rules_advisory.c", "rule_emit(c, \"");
    ids_after(&c, "enforce.c", "rule_emit(c, \"");
    ids_after(&c, "enforce.c", "rule_emit(&c, \"");
    ids_after(&c, "archives.c", "f->rule = \"");
    for (size_t i = 0; i < c.n; i++) {
        cr_assert(c.rules[i].summary && c.rules[i].summary[0], "%s", c.rules[i].id);
        cr_assert(c.rules[i].rationale && c.rules[i].rationale[0], "%s", c.rules[i].id);
        if (i)
            cr_assert_lt(strcmp(c.rules[i - 1].id, c.rules[i].id), 0, "%s", c.rules[i].id);
    }
    cr_assert_neq(catalog_find(&c, "scan:archive-path-traversal"), (size_t)-1);
    catalog_fini(&c);
}

Test(catalog, scanner_rules_come_from_the_rule_files)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/rules", test_srcdir());
    struct diag d;
    diag_clear(&d);
    struct rule_set *rs = rules_load_dir(dir, &d);
    cr_assert(rs, "%s", d.msg);
    struct catalog c;
    catalog_init(&c, rs);
    size_t k = catalog_find(&c, "scan:exfil-endpoint");
    cr_assert_neq(k, (size_t)-1);
    cr_assert_eq(c.rules[k].severity, SEV_HIGH);
    cr_assert_str_eq(c.rules[k].kind, "scanner");
    size_t scan = 0;
    for (size_t i = 0; i < c.n; i++)
        scan += strcmp(c.rules[i].kind, "scanner") == 0;
    /* and the scanner's two summaries of generated and test files */
    cr_assert_eq(scan, rs->n_rules + 2);
    cr_assert_neq(catalog_find(&c, "scan:generated-file"), (size_t)-1);
    cr_assert_neq(catalog_find(&c, "scan:test-file"), (size_t)-1);
    catalog_fini(&c);
    rules_free(rs);
}
