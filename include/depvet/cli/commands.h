/* The subcommand table: one row per `depvet NAME`, each implemented in its
 * own src/cli/cmd_NAME.c.  Usage text, `depvet help NAME` and dispatch all
 * read this table. */
#ifndef DEPVET_CLI_COMMANDS_H
#define DEPVET_CLI_COMMANDS_H

#include <stdio.h>

#include "depvet/cli/opts.h"
#include "depvet/core/diag.h"
#include "depvet/engine/config.h"

/* Exit codes that mean the same thing in every subcommand. */
enum {
    EXIT_SUCCESS_ = 0,
    EXIT_FAILURE_ = 1,  /* malformed input, or findings at --fail-on */
    EXIT_USAGE = 2,     /* bad command line */
    EXIT_PARTIAL = 3,   /* some items failed, the rest succeeded */
};

struct cli_command {
    const char *name;
    const char *args;      /* positional synopsis, e.g. "[PATH]" */
    const char *summary;   /* one line */
    const char *details;   /* paragraph for `depvet help NAME`, or NULL */
    const struct opt_def *opts;
    unsigned nopts;
    int (*run)(const struct cli_command *self, int argc, char **argv);
};

const struct cli_command *cli_command_find(const char *name);

/* The explorer for a command that opens it on a session it built (`adopt
 * --tui`): main points these at the TUI, which the cli layer cannot
 * reach.  Until then they fail with d saying so.  message is the first
 * status line (NULL for none). */
struct session;
extern bool (*cli_explorer_usable)(struct diag *d);
extern bool (*cli_explorer)(struct session *s, const char *message, struct diag *d);
/* The i-th row of the table (0-based), NULL past the end: for the help
 * and man page generators. */
const struct cli_command *cli_command_at(unsigned i);
void cli_print_usage(FILE *out);
void cli_print_command_help(FILE *out, const struct cli_command *c);
/* Parses argv against c's option table; on error has printed and returns false. */
bool cli_parse(const struct cli_command *c, struct opt_value *values,
               int argc, char **argv, const char **positional,
               unsigned max_positional, unsigned *npositional);

/* Prints d on stderr as "PREFIX: file:line:col: message" (no prefix when
 * NULL), terminal-safe. */
void cli_print_diag(const char *prefix, const struct diag *d);
/* The configuration for the project at path, with the command line's
 * --cacert and -j (either may be NULL) over it; false with d set. */
bool cli_config_load(struct engine_config *cfg, const char *path,
                     const struct opt_value *cacert, const struct opt_value *concurrency,
                     struct diag *d);

#endif
