/* The subcommand table and the help text drawn from it. */
#include "depvet/cli/commands.h"
#include "depvet/cli/explorer_opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/arena.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/cache.h"
#include "depvet/engine/session.h"

extern const struct cli_command cmd_tree_entry;
extern const struct cli_command cmd_refresh_entry;
extern const struct cli_command cmd_info_entry;
extern const struct cli_command cmd_check_entry;
extern const struct cli_command cmd_db_entry;
extern const struct cli_command cmd_fetch_entry;
extern const struct cli_command cmd_diff_entry;
extern const struct cli_command cmd_scan_entry;
extern const struct cli_command cmd_review_entry;
extern const struct cli_command cmd_sbom_entry;
extern const struct cli_command cmd_adopt_entry;

static const struct cli_command *const command_table[] = {
    &cmd_tree_entry,
    &cmd_refresh_entry,
    &cmd_info_entry,
    &cmd_check_entry,
    &cmd_db_entry,
    &cmd_fetch_entry,
    &cmd_diff_entry,
    &cmd_scan_entry,
    &cmd_review_entry,
    &cmd_sbom_entry,
    &cmd_adopt_entry,
    NULL, /* end */
};

const struct cli_command *cli_command_find(const char *name)
{
    for (unsigned i = 0; command_table[i]; i++)
        if (strcmp(command_table[i]->name, name) == 0)
            return command_table[i];
    return NULL;
}

const struct cli_command *cli_command_at(unsigned i)
{
    for (unsigned k = 0; command_table[k]; k++)
        if (k == i)
            return command_table[k];
    return NULL;
}

/* Every line from the option tables, so a new option cannot be missed. */
void cli_print_usage(FILE *out)
{
    fprintf(out, "usage: depvet");
    opts_print_synopsis(out, cli_explorer_opts, XO_COUNT);
    fprintf(out,
            " [PATH]\n"
            "       depvet COMMAND [OPTIONS] [ARGS]\n"
            "       depvet help COMMAND\n"
            "\n"
            "Review a project's dependencies before trusting them.\n"
            "\n"
            "Options:\n");
    opts_print_help(out, cli_global_opts, GLOBAL_OPT_COUNT);
    fprintf(out, "\nExplorer options (depvet [OPTIONS] [PATH]):\n");
    opts_print_help(out, cli_explorer_opts, XO_COUNT);
    if (command_table[0]) {
        fprintf(out, "\nCommands:\n");
        for (unsigned i = 0; command_table[i]; i++)
            fprintf(out, "  %-10s %s\n", command_table[i]->name,
                    command_table[i]->summary);
    }
    fprintf(out, "\nSee depvet(1) for details.\n");
}

void cli_print_command_help(FILE *out, const struct cli_command *c)
{
    fprintf(out, "usage: depvet %s [OPTIONS]%s%s\n\n%s\n", c->name,
            c->args ? " " : "", c->args ? c->args : "", c->summary);
    if (c->details)
        fprintf(out, "\n%s\n", c->details);
    fprintf(out, "\nOptions:\n");
    fprintf(out, "  %-26s %s\n", "-h, --help", "show this help and exit");
    opts_print_help(out, c->opts, c->nopts);
}

bool cli_parse(const struct cli_command *c, struct opt_value *values,
               int argc, char **argv, const char **positional,
               unsigned max_positional, unsigned *npositional)
{
    return opts_parse(c->name, c->opts, c->nopts, values, argc, argv,
                      positional, max_positional, npositional);
}

void cli_print_diag(const char *prefix, const struct diag *d)
{
    char msg[2048];
    diag_format(d, msg, sizeof(msg));
    if (prefix)
        fprintf(stderr, "%s: %s\n", prefix, msg);
    else
        fprintf(stderr, "%s\n", msg);
}

bool cli_config_load(struct engine_config *cfg, const char *path,
                     const struct opt_value *cacert, const struct opt_value *concurrency,
                     struct diag *d)
{
    bool ok = engine_config_load(cfg, path, d);
    if (cacert && cacert->set)
        snprintf(cfg->cacert, sizeof(cfg->cacert), "%s", cacert->str);
    if (concurrency && concurrency->set)
        cfg->concurrency = (unsigned)concurrency->num;
    return ok;
}

/* ---- the one prologue ------------------------------------------------------ */

/* The value of c's option called name, or NULL when c has none. */
static const struct opt_value *opt_named(const struct cli_command *c, const struct opt_value *v,
                                         const char *name)
{
    for (unsigned i = 0; i < c->nopts; i++)
        if (strcmp(c->opts[i].name, name) == 0)
            return &v[i];
    return NULL;
}

/* What c needs, in the order of enum cli_need; false with cx->d set. */
static bool prepare(const struct cli_command *c, struct cli_ctx *cx)
{
    const struct opt_value *cache = opt_named(c, cx->v, "cache");
    cx->cache_dir = cache && cache->set ? cache->str : NULL;
    engine_config_init(&cx->cfg);
    if (c->needs & NEED_CONFIG) {
        if (!cli_config_load(&cx->cfg, cx->path, opt_named(c, cx->v, "cacert"),
                             opt_named(c, cx->v, "concurrency"), &cx->d))
            return false;
        cx->cache_dir = engine_config_cache_dir(&cx->cfg, cx->cache_dir);
    }
    if ((c->needs & NEED_GRAPH) && !(cx->sess = session_open(cx->path, &cx->d)))
        return false;
    if (c->needs & NEED_CACHE)
        cx->cache = engine_cache_open(cx->cache_dir, (enum cache_mode)c->cache_mode, &cx->d);
    return !diag_failed(&cx->d);
}

int cli_run(const struct cli_command *c, int argc, char **argv)
{
    struct opt_value *v = xcalloc(c->nopts + 1, sizeof(*v));
    struct cli_ctx cx;
    memset(&cx, 0, sizeof(cx));
    diag_clear(&cx.d);
    cx.v = v;
    cx.a = arena_new();
    unsigned max = c->max_pos < CLI_MAX_POS ? c->max_pos : CLI_MAX_POS;
    int rc = EXIT_USAGE;
    if (cli_parse(c, v, argc, argv, cx.pos, max, &cx.npos) && (!c->usage_ok || c->usage_ok(&cx))) {
        cx.path = (c->needs & NEED_PATH) && cx.npos ? cx.pos[0] : ".";
        rc = prepare(c, &cx) ? c->run(c, &cx) : EXIT_FAILURE_;
        if (diag_failed(&cx.d)) {
            char prefix[64];
            snprintf(prefix, sizeof(prefix), "depvet %s", c->name);
            cli_print_diag(c->bare_diag ? NULL : prefix, &cx.d);
        }
    }
    engine_cache_close(cx.cache);
    session_free(cx.sess);
    arena_free(cx.a);
    free(v);
    return rc;
}

static bool no_explorer_usable(struct diag *d)
{
    diag_set(d, DIAG_UNSUPPORTED, "", 0, 0, "this program has no explorer");
    return false;
}

static bool no_explorer(struct session *s, const char *message, struct diag *d)
{
    (void)s;
    (void)message;
    return no_explorer_usable(d);
}

bool (*cli_explorer_usable)(struct diag *d) = no_explorer_usable;
bool (*cli_explorer)(struct session *s, const char *message, struct diag *d) = no_explorer;
