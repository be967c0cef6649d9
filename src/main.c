/* Entry point: picks the explorer or a subcommand and owns the exit code. */
#include <stdio.h>
#include <string.h>

#include "depvet/cli/commands.h"

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

int main(int argc, char **argv)
{
    if (argc < 2) {
        cli_print_usage(stdout);
        return 0;
    }
    const char *first = argv[1];
    if (strcmp(first, "-h") == 0 || strcmp(first, "--help") == 0)
        return run_help(1, argv);
    if (strcmp(first, "-V") == 0 || strcmp(first, "--version") == 0) {
        printf("depvet %s\n", DEPVET_VERSION);
        return 0;
    }
    if (strcmp(first, "help") == 0)
        return run_help(argc, argv);
    if (first[0] == '-')
        return unknown("option", first);
    const struct cli_command *c = cli_command_find(first);
    if (!c)
        return unknown("command", first);
    if (wants_help(argc - 1, argv + 1)) {
        cli_print_command_help(stdout, c);
        return 0;
    }
    return c->run(c, argc - 1, argv + 1);
}
