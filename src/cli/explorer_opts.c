/* The explorer's options and the global ones (see explorer_opts.h). */
#include "depvet/cli/explorer_opts.h"

#include <stdio.h>
#include <string.h>

const struct opt_def cli_explorer_opts[XO_COUNT] = {
    [XO_THEME] = {"theme", 0, OPT_STRING, "NAME",
                  "colours from NAME.theme (see depvet-theme(5); default: default)", 0, 0},
    [XO_ASCII] = {"ascii", 0, OPT_FLAG, NULL, "ASCII tree lines even in a UTF-8 locale", 0, 0},
    [XO_CACHE] = {"cache", 0, OPT_STRING, "DIR",
                  "the cache folder (default: as for depvet refresh)", 0, 0},
    [XO_OFFLINE] = {"offline", 0, OPT_FLAG, NULL,
                    "mark every fact as possibly old, and refresh nothing", 0, 0},
};

const struct opt_def cli_global_opts[GLOBAL_OPT_COUNT] = {
    {"help", 'h', OPT_FLAG, NULL, "show this help and exit (after a command: its help)", 0, 0},
    {"version", 'V', OPT_FLAG, NULL, "show the version and exit", 0, 0},
};

int cli_explorer_opt(int argc, char **argv, int *i, const char **val)
{
    const char *a = argv[*i];
    if (a[0] != '-' || a[1] != '-')
        return -1;
    for (int k = 0; k < XO_COUNT; k++) {
        const struct opt_def *o = &cli_explorer_opts[k];
        bool takes = o->type != OPT_FLAG;
        size_t n = strlen(o->name);
        if (strncmp(a + 2, o->name, n) != 0 || (a[2 + n] && (a[2 + n] != '=' || !takes)))
            continue;
        const char *eq = a[2 + n] == '=' ? a + 3 + n : NULL;
        *val = eq ? eq : takes && *i + 1 < argc ? argv[++*i] : NULL;
        if (takes && (!*val || !**val)) {
            fprintf(stderr, "depvet: option '--%s' needs a value: --%s %s\n", o->name, o->name,
                    o->arg);
            fprintf(stderr, "hint: run 'depvet --help' for usage\n");
            return -2;
        }
        return k;
    }
    return -1;
}
