/* Lockfile detection: which reader a file goes to, unknown files refused
 * rather than guessed, and recognised formats depvet cannot read named. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "depvet/lock/detect.h"

struct scratch {
    char dir[64];
    char paths[4][128];
    unsigned n;
};

static void scratch_open(struct scratch *s)
{
    snprintf(s->dir, sizeof s->dir, "/tmp/depvet-detect-XXXXXX");
    cr_assert_not_null(mkdtemp(s->dir));
    s->n = 0;
}

static const char *scratch_file(struct scratch *s, const char *name, const char *text)
{
    cr_assert_lt(s->n, 4);
    char tmp[128];
    snprintf(tmp, sizeof tmp, "%s/%s", s->dir, name);
    char *p = s->paths[s->n++];
    memcpy(p, tmp, sizeof tmp);
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static void scratch_close(struct scratch *s)
{
    for (unsigned i = 0; i < s->n; i++)
        unlink(s->paths[i]);
    rmdir(s->dir);
}

/* Loads path into a fresh graph: whether it read, and the diagnostic. */
static bool load(const char *path, struct diag *d)
{
    struct dep_graph *g = graph_new();
    diag_clear(d);
    bool ok = detect_load(g, path, d);
    graph_free(g);
    return ok;
}

Test(detect, binary_bun_lockb_is_named)
{
    struct scratch s;
    scratch_open(&s);
    scratch_file(&s, "bun.lockb", "#!/usr/bin/env bun\nbun-lockfile-format-v0\n");
    struct diag d;
    cr_assert_not(load(s.dir, &d));
    cr_assert_eq(d.code, DIAG_UNSUPPORTED);
    cr_assert_not_null(strstr(d.msg, "found bun.lockb: binary, run `bun install --save-text-lockfile`"),
                       "%s", d.msg);
    cr_assert_null(strstr(d.msg, "no lockfile found"), "%s", d.msg);
    cr_assert_not(load(s.paths[0], &d));
    cr_assert_not_null(strstr(d.msg, "bun install --save-text-lockfile"), "%s", d.msg);
    scratch_close(&s);
}

Test(detect, unknown_one_word_file_is_not_requirements)
{
    struct scratch s;
    scratch_open(&s);
    const char *p = scratch_file(&s, "settings", "null\n");
    struct diag d;
    cr_assert_not(load(p, &d));
    cr_assert_eq(d.code, DIAG_UNSUPPORTED);
    cr_assert_not_null(strstr(d.msg, "not a lockfile"), "%s", d.msg);
    cr_assert_null(detect_format(p, "flask\nrequests\n", 15));
    cr_assert_not_null(detect_format(p, "flask==3.0\n", 11));
    scratch_close(&s);
}

Test(detect, bun_lock_is_not_package_lock)
{
    static const char text[] =
        "{\n  \"lockfileVersion\": 1,\n  \"workspaces\": {\n    \"\": {\n      \"name\": \"x\",\n"
        "    },\n  },\n  \"packages\": {},\n}\n";
    const struct lock_format *f = detect_format("/p/bun.lock", text, sizeof text - 1);
    cr_assert(!f || strcmp(f->name, "package-lock.json") != 0);
    struct scratch s;
    scratch_open(&s);
    struct diag d;
    load(scratch_file(&s, "bun.lock", text), &d);
    cr_assert_null(strstr(d.msg, "JSON"), "%s", d.msg);
    scratch_close(&s);
}
