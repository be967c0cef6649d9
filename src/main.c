/* Entry point: picks the explorer or a subcommand and owns the exit code. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "depvet/cli/commands.h"
#include "depvet/cli/explorer_opts.h"
#include "depvet/core/fileio.h"
#include "depvet/core/timeutil.h"
#include "depvet/engine/config.h"
#include "depvet/engine/session.h"
#include "depvet/tui/tui.h"

static int unknown(const char *what, const char *arg)
{
    fprintf(stderr, "depvet: unknown %s '%s'\n", what, arg);
    fprintf(stderr, "hint: run 'depvet --help' for the list of commands\n");
    return EXIT_USAGE;
}

static bool wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return false;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return true;
    }
    return false;
}

static int run_help(int argc, char **argv)
{
    if (argc < 3) {
        cli_print_usage(stdout);
        return 0;
    }
    const struct cli_command *c = cli_command_find(argv[2]);
    if (!c)
        return unknown("command", argv[2]);
    cli_print_command_help(stdout, c);
    return 0;
}

/* `depvet [OPTIONS] [PATH]` (cli_explorer_opts): the explorer.  A bare
 * word that is neither a command nor an existing path is a mistyped
 * command. */
static int run_explorer(int argc, char **argv)
{
    struct tui_options o = {0};
    const char *path = NULL, *cache = NULL;
    bool offline = false;
    for (int i = 1; i < argc; i++) {
        const char *val = NULL;
        int k = cli_explorer_opt(argc, argv, &i, &val);
        if (k == -2)
            return EXIT_USAGE;
        else if (k == XO_ASCII)
            o.ascii = true;
        else if (k == XO_OFFLINE)
            offline = true;
        else if (k == XO_CACHE)
            cache = val;
        else if (k == XO_THEME)
            o.theme = val;
        else if (argv[i][0] == '-')
            return unknown("option", argv[i]);
        else if (path)
            return unknown("argument", argv[i]);
        else
            path = argv[i];
    }
    if (path && !strchr(path, '/') && !file_exists(path))
        return unknown("command", path);
    struct diag d;
    diag_clear(&d);
    struct engine_config cfg;
    if (!engine_config_load(&cfg, path ? path : ".", &d)) {
        cli_print_diag("depvet", &d);
        return EXIT_FAILURE_;
    }
    if (!o.theme && cfg.theme[0])
        o.theme = cfg.theme;
    if (!tui_usable(&d)) {
        cli_print_diag("depvet", &d);
        return EXIT_FAILURE_;
    }
    struct session *s = session_open(path ? path : ".", &d);
    struct session_options so = {&cfg, cache, offline || cfg.offline, timeutil_now(), true};
    if (s && session_attach(s, &so, &d) && tui_run(s, &o, &d)) {
        session_free(s);
        return 0;
    }
    cli_print_diag("depvet", &d);
    session_free(s);
    return EXIT_FAILURE_;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return run_explorer(argc, argv);
    const char *first = argv[1];
    if (strcmp(first, "-h") == 0 || strcmp(first, "--help") == 0)
        return run_help(1, argv);
    if (strcmp(first, "-V") == 0 || strcmp(first, "--version") == 0) {
        printf("depvet %s\n", DEPVET_VERSION);
        return 0;
    }
    if (strcmp(first, "help") == 0)
        return run_help(argc, argv);
    const struct cli_command *c = first[0] == '-' ? NULL : cli_command_find(first);
    if (!c)
        return run_explorer(argc, argv);
    if (wants_help(argc - 1, argv + 1)) {
        cli_print_command_help(stdout, c);
        return 0;
    }
    return cli_run(c, argc - 1, argv + 1);
}
