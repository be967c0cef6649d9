/* Every environment variable depvet reads, except the registries' base
 * URLs, which the source table names (engine/config.h: source_table's env
 * column).  Nothing reads through this table: it is what depvet(1)'s
 * ENVIRONMENT list and the test suites' list of variables to point away
 * from the internet are generated from (tests/tools/docgen.c), and a unit
 * test fails when src/ reads a variable that neither table names. */
#ifndef DEPVET_CORE_ENVVARS_H
#define DEPVET_CORE_ENVVARS_H

#include <stddef.h>

enum env_kind {
    ENV_URL,      /* a base URL that replaces a public host: tests set it */
    ENV_SETTING,  /* read by depvet's own code */
    ENV_LIBRARY,  /* read by a library depvet uses (libcurl, ncurses) */
};

struct env_def {
    const char *name;
    enum env_kind kind;
    const char *help;   /* plain text, one paragraph (the man page's) */
};

extern const struct env_def env_table[];
extern const size_t env_count;

#endif
