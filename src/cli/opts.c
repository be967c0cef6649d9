/* Table-driven option parsing for subcommands. */
#include "depvet/cli/opts.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "depvet %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nhint: run 'depvet help %s' for usage\n", cmd);
    va_end(ap);
}

static int find_long(const struct opt_def *defs, unsigned n, const char *name,
                     size_t len)
{
    for (unsigned i = 0; i < n; i++)
        if (strlen(defs[i].name) == len && strncmp(defs[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

static int find_short(const struct opt_def *defs, unsigned n, char c)
{
    for (unsigned i = 0; i < n; i++)
        if (defs[i].short_name && defs[i].short_name == c)
            return (int)i;
    return -1;
}

static bool set_value(const char *cmd, const struct opt_def *def,
                      struct opt_value *val, const char *arg)
{
    val->set = true;
    val->str = arg;
    if (def->type != OPT_INT)
        return true;
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < def->min || v > def->max) {
        usage_error(cmd, "--%s takes a whole number from %ld to %ld",
                    def->name, def->min, def->max);
        return false;
    }
    val->num = v;
    return true;
}

bool opts_parse(const char *cmd, const struct opt_def *defs, unsigned ndefs,
                struct opt_value *values, int argc, char **argv,
                const char **positional, unsigned max_positional,
                unsigned *npositional)
{
    unsigned np = 0;
    bool only_positional = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int idx = -1;
        const char *inline_arg = NULL;
        if (!only_positional && strcmp(a, "--") == 0) {
            only_positional = true;
            continue;
        }
        if (!only_positional && a[0] == '-' && a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            idx = find_long(defs, ndefs, a + 2, len);
            inline_arg = eq ? eq + 1 : NULL;
        } else if (!only_positional && a[0] == '-' && a[1] && a[1] != '-') {
            idx = find_short(defs, ndefs, a[1]);
            /* "-j16": a value attached to a short option. */
            if (a[2] && idx >= 0 && defs[idx].type != OPT_FLAG)
                inline_arg = a + 2;
            else if (a[2])
                idx = -1;
        } else {
            if (np >= max_positional) {
                usage_error(cmd, "unexpected argument '%s'", a);
                return false;
            }
            positional[np++] = a;
            continue;
        }
        if (idx < 0) {
            usage_error(cmd, "unknown option '%s'", a);
            return false;
        }
        const struct opt_def *def = &defs[idx];
        if (def->type == OPT_FLAG) {
            if (inline_arg) {
                usage_error(cmd, "option '--%s' takes no value", def->name);
                return false;
            }
            values[idx].set = true;
            continue;
        }
        if (!inline_arg) {
            if (i + 1 >= argc) {
                usage_error(cmd, "option '%s' needs a value", a);
                return false;
            }
            inline_arg = argv[++i];
        }
        if (!set_value(cmd, def, &values[idx], inline_arg))
            return false;
    }
    if (npositional)
        *npositional = np;
    return true;
}

/* "--NAME ARG" or "-X, --NAME ARG": the option as the help and the man
 * page name it. */
static void opt_label(char *buf, size_t n, const struct opt_def *d, bool with_short)
{
    if (with_short && d->short_name)
        snprintf(buf, n, "-%c, --%s%s%s", d->short_name, d->name, d->arg ? " " : "",
                 d->arg ? d->arg : "");
    else
        snprintf(buf, n, "%s--%s%s%s", with_short ? "    " : "", d->name, d->arg ? " " : "",
                 d->arg ? d->arg : "");
}

void opts_print_synopsis(FILE *out, const struct opt_def *defs, unsigned ndefs)
{
    for (unsigned i = 0; i < ndefs; i++) {
        char label[64];
        opt_label(label, sizeof(label), &defs[i], false);
        fprintf(out, " [%s]", label);
    }
}

void opts_print_help(FILE *out, const struct opt_def *defs, unsigned ndefs)
{
    for (unsigned i = 0; i < ndefs; i++) {
        char left[64];
        const struct opt_def *d = &defs[i];
        opt_label(left, sizeof(left), d, true);
        fprintf(out, "  %-26s %s\n", left, d->help);
    }
}
