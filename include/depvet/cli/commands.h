/* The subcommand table: one row per `depvet NAME`, each implemented in its
 * own src/cli/cmd_NAME.c.  Usage text, `depvet help NAME` and dispatch all
 * read this table. */
#ifndef DEPVET_CLI_COMMANDS_H
#define DEPVET_CLI_COMMANDS_H

#include <stdio.h>

#include "depvet/cli/opts.h"
#include "depvet/core/diag.h"
#include "depvet/engine/config.h"

struct arena;
struct session;
struct store;

/* Exit codes that mean the same thing in every subcommand. */
enum {
    EXIT_SUCCESS_ = 0,
    EXIT_FAILURE_ = 1,  /* malformed input, or findings at --fail-on */
    EXIT_USAGE = 2,     /* bad command line */
    EXIT_PARTIAL = 3,   /* some items failed, the rest succeeded */
};

/* What a command needs before it runs; cli_run prepares it once, in this
 * order, after the command's usage check, and frees it after the run. */
enum cli_need {
    NEED_CONFIG = 1 << 0,        /* cx->cfg for cx->path, --cacert and -j over it */
    NEED_GRAPH = 1 << 1,         /* cx->sess: a session over the lockfiles at cx->path */
    NEED_CACHE = 1 << 2,         /* cx->cache opened as .cache_mode says */
    NEED_PATH = 1 << 3,          /* the first positional is the project (else ".") */
};

#define CLI_MAX_POS 4

/* A command's run: its parsed command line and what it said it needs. */
struct cli_ctx {
    const struct opt_value *v;   /* one per row of the command's option table */
    const char *pos[CLI_MAX_POS];
    unsigned npos;
    const char *path;            /* the project: pos[0] with NEED_PATH, else "." */
    struct engine_config cfg;    /* NEED_CONFIG (built-in defaults otherwise) */
    const char *cache_dir;       /* --cache, over the config's with NEED_CONFIG */
    struct session *sess;        /* NEED_GRAPH (not attached: no facts yet) */
    struct store *cache;         /* NEED_CACHE (engine/cache.h); NULL when none */
    struct diag d;               /* a failure the run leaves here is printed
                                  * as "depvet NAME: ..." */
    struct arena *a;             /* the run's own: freed after it */
};

struct cli_command {
    const char *name;
    const char *args;      /* positional synopsis, e.g. "[PATH]" */
    const char *summary;   /* one line */
    const char *details;   /* paragraph for `depvet help NAME`, or NULL */
    const struct opt_def *opts;
    unsigned nopts;
    unsigned max_pos;      /* positionals taken (at most CLI_MAX_POS) */
    unsigned needs;        /* enum cli_need bits */
    int cache_mode;        /* enum cache_mode, with NEED_CACHE */
    bool bare_diag;        /* a failure is printed as file:line:col: message,
                            * without "depvet NAME: " (as compilers do) */
    /* Checks the command line before anything is prepared; prints and
     * returns false on a usage error (exit 2).  May be NULL. */
    bool (*usage_ok)(const struct cli_ctx *cx);
    int (*run)(const struct cli_command *self, struct cli_ctx *cx);
};

/* Parses argv against c, prepares what c needs, runs it, prints a failure
 * it left in cx->d and frees what was prepared: the one command prologue
 * and epilogue.  Returns the exit code. */
int cli_run(const struct cli_command *c, int argc, char **argv);

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
