/* The explorer's command line (`depvet [OPTIONS] [PATH]`) and the options
 * every invocation takes (-h, -V), as option tables: main parses with
 * them, `depvet --help` prints them, and depvet(1)'s SYNOPSIS and option
 * lists are generated from them (tests/tools/docgen.c).  Adding an
 * explorer option is one row here and its case in main's run_explorer. */
#ifndef DEPVET_CLI_EXPLORER_OPTS_H
#define DEPVET_CLI_EXPLORER_OPTS_H

#include "depvet/cli/opts.h"

/* Rows of cli_explorer_opts, in the order --help lists them. */
enum explorer_opt_id { XO_THEME, XO_ASCII, XO_CACHE, XO_OFFLINE, XO_COUNT };

extern const struct opt_def cli_explorer_opts[XO_COUNT];

/* -h, --help and -V, --version. */
enum { GLOBAL_OPT_COUNT = 2 };
extern const struct opt_def cli_global_opts[GLOBAL_OPT_COUNT];

/* Matches argv[*i] against cli_explorer_opts ("--NAME", "--NAME=VALUE" or
 * "--NAME VALUE", which consumes the next argument): the option's id with
 * its value (if it takes one) in *val; -1 when argv[*i] is none of them;
 * -2, after printing the usage error on stderr, for a missing or empty
 * value. */
int cli_explorer_opt(int argc, char **argv, int *i, const char **val);

#endif
