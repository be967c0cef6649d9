/* The one command prologue (cli_run): a command's .needs are prepared
 * once after its usage check, handed to its run, and freed after it; a
 * failure it leaves in cx->d is printed. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/cli/commands.h"
#include "depvet/core/fileio.h"
#include "depvet/engine/cache.h"
#include "depvet/engine/session.h"

enum { O_CACHE, O_BAD, O_COUNT };

static const struct opt_def fake_opts[O_COUNT] = {
    [O_CACHE] = {"cache", 0, OPT_STRING, "DIR", "cache folder", 0, 0},
    [O_BAD] = {"bad", 0, OPT_FLAG, NULL, "fail the usage check", 0, 0},
};

static struct {
    int runs;
    size_t nodes;
    bool had_cache;
    char cache_dir[128], path[128];
} seen;

static bool fake_usage_ok(const struct cli_ctx *cx)
{
    return !cx->v[O_BAD].set;
}

static int fake_run(const struct cli_command *self, struct cli_ctx *cx)
{
    (void)self;
    seen.runs++;
    seen.nodes = cx->sess ? session_graph(cx->sess)->nodes.len : 0;
    seen.had_cache = cx->cache != NULL;
    snprintf(seen.cache_dir, sizeof(seen.cache_dir), "%s", cx->cache_dir ? cx->cache_dir : "");
    snprintf(seen.path, sizeof(seen.path), "%s", cx->path);
    return 7;
}

static int run_with(unsigned needs, int mode, const char *a1, const char *a2, const char *a3)
{
    const struct cli_command c = {
        .name = "fake", .opts = fake_opts, .nopts = O_COUNT, .max_pos = 1,
        .needs = needs, .cache_mode = mode, .usage_ok = fake_usage_ok, .run = fake_run,
    };
    char *argv[] = {"fake", (char *)a1, (char *)a2, (char *)a3, NULL};
    int argc = 1;
    while (argv[argc])
        argc++;
    memset(&seen, 0, sizeof(seen));
    return cli_run(&c, argc, argv);
}

Test(cli_run, needs_are_prepared_once_for_the_run)
{
    char dir[] = "/tmp/depvet-clirun-XXXXXX", lock[96], cache[96], db[128];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(lock, sizeof(lock), "%s/mix.lock", dir);
    snprintf(cache, sizeof(cache), "%s/cache", dir);
    snprintf(db, sizeof(db), "%s/cache.db", cache);
    static const char text[] =
        "%{\n  \"mime\": {:hex, :mime, \"2.0.5\", \"00\", [:mix], [], \"hexpm\", \"00\"},\n}\n";
    struct diag d;
    diag_clear(&d);
    cr_assert(file_write_atomic(lock, text, strlen(text), &d), "%s", d.msg);
    unsigned all = NEED_PATH | NEED_CONFIG | NEED_GRAPH | NEED_CACHE;

    /* The usage check comes first: nothing opened, no run, exit 2. */
    cr_assert_eq(run_with(all, CACHE_CREATE, "--bad", "--cache", cache), EXIT_USAGE);
    cr_assert_eq(seen.runs, 0);
    cr_assert_not(file_exists(db), "nothing prepared before the usage check");

    /* A project that cannot be read: exit 1, no run. */
    cr_assert_eq(run_with(all, CACHE_READ, "/nonexistent/depvet", NULL, NULL), EXIT_FAILURE_);
    cr_assert_eq(seen.runs, 0);

    /* Read-only: the graph, no cache when there is none. */
    cr_assert_eq(run_with(all, CACHE_READ, "--cache", cache, lock), 7, "the run's exit code");
    cr_assert_eq(seen.runs, 1);
    cr_assert_eq(seen.nodes, 1);
    cr_assert_not(seen.had_cache);
    cr_assert_str_eq(seen.cache_dir, cache, "--cache over the config's");
    cr_assert_str_eq(seen.path, lock, "NEED_PATH: the first positional");
    cr_assert_not(file_exists(db));

    /* Created when the command says so; without NEED_PATH the project is ".". */
    cr_assert_eq(run_with(NEED_CACHE, CACHE_CREATE, "--cache", cache, NULL), 7);
    cr_assert(seen.had_cache);
    cr_assert_eq(seen.nodes, 0, "no graph asked for");
    cr_assert_str_eq(seen.path, ".");
    cr_assert(file_exists(db), "the cache was created");
    char cmd[96];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}
