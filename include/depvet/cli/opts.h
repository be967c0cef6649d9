/* Option tables drive parsing, validation and the usage text of every
 * subcommand, so help and behaviour cannot drift. */
#ifndef DEPVET_CLI_OPTS_H
#define DEPVET_CLI_OPTS_H

#include <stdbool.h>
#include <stdio.h>

enum opt_type { OPT_FLAG, OPT_STRING, OPT_INT };

struct opt_def {
    const char *name;     /* long name without "--" */
    char short_name;      /* 0 = none */
    enum opt_type type;
    const char *arg;      /* metavariable for the usage text, e.g. "N" */
    const char *help;
    long min, max;        /* bounds for OPT_INT */
};

/* --cache DIR as most commands take it: one row, so every --help and the
 * man page say it alike. */
#define OPT_DEF_CACHE \
    {"cache", 0, OPT_STRING, "DIR", "cache folder (default: $XDG_CACHE_HOME/depvet)", 0, 0}

struct opt_value {
    bool set;
    const char *str;      /* points into argv */
    long num;
};

/* Parses argv[1..] (argv[0] is the subcommand name).  values has one slot
 * per def, in the same order; positionals are collected in order.  On a usage
 * error prints "depvet CMD: ..." and a hint on stderr and returns false.
 * "--" ends options. */
bool opts_parse(const char *cmd, const struct opt_def *defs, unsigned ndefs,
                struct opt_value *values, int argc, char **argv,
                const char **positional, unsigned max_positional,
                unsigned *npositional);
/* One line an option: "  -d, --depth N   help". */
void opts_print_help(FILE *out, const struct opt_def *defs, unsigned ndefs);
/* " [--name ARG]" for each option, on one line, no newline. */
void opts_print_synopsis(FILE *out, const struct opt_def *defs, unsigned ndefs);

#endif
