/* The help text and the environment list come from the tables: --help
 * names every option of every table, and every variable src/ reads is in
 * the source or env table (which depvet(1)'s ENVIRONMENT is made from). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/cli/commands.h"
#include "depvet/cli/explorer_opts.h"
#include "depvet/core/envvars.h"
#include "depvet/core/fileio.h"
#include "depvet/engine/config.h"
#include "helpers.h"

/* What a printer writes, as a heap string (caller frees). */
static char *printed(void (*print)(FILE *, const struct cli_command *),
                     const struct cli_command *c)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_not_null(f);
    print(f, c);
    fclose(f);
    return text;
}

static void usage_of(FILE *f, const struct cli_command *c)
{
    (void)c;
    cli_print_usage(f);
}

/* Every row of defs is in text as "--NAME ARG", and "-X, " before it. */
static void expect_listed(const char *text, const struct opt_def *defs, unsigned n,
                          const char *where)
{
    for (unsigned i = 0; i < n; i++) {
        char want[96];
        snprintf(want, sizeof(want), "--%s%s%s", defs[i].name, defs[i].arg ? " " : "",
                 defs[i].arg ? defs[i].arg : "");
        cr_expect(strstr(text, want), "%s does not list %s", where, want);
        snprintf(want, sizeof(want), "-%c, --%s", defs[i].short_name, defs[i].name);
        cr_expect(!defs[i].short_name || strstr(text, want), "%s lacks %s", where, want);
        cr_expect(strstr(text, defs[i].help), "%s lacks the help of --%s", where, defs[i].name);
    }
}

Test(docs, usage_lists_the_global_and_explorer_options_and_commands)
{
    char *text = printed(usage_of, NULL);
    expect_listed(text, cli_global_opts, GLOBAL_OPT_COUNT, "depvet --help");
    expect_listed(text, cli_explorer_opts, XO_COUNT, "depvet --help");
    cr_expect(strstr(text, "usage: depvet [--theme NAME] [--ascii] [--cache DIR] [--offline] [PATH]"),
              "%s", text);
    for (unsigned i = 0; cli_command_at(i); i++)
        cr_expect(strstr(text, cli_command_at(i)->summary), "no %s", cli_command_at(i)->name);
    free(text);
}

Test(docs, every_command_help_lists_its_table)
{
    unsigned n = 0;
    for (const struct cli_command *c; (c = cli_command_at(n)); n++) {
        char *text = printed(cli_print_command_help, c);
        char where[64];
        snprintf(where, sizeof(where), "depvet help %s", c->name);
        expect_listed(text, c->opts, c->nopts, where);
        free(text);
    }
    cr_expect_geq(n, 10, "the table has %u commands", n);
    cr_expect_null(cli_command_at(n));
}

/* ---- the environment ------------------------------------------------ */

static bool in_tables(const char *name)
{
    for (unsigned i = 0; i < SRC_COUNT; i++)
        if (strcmp(source_table[i].env, name) == 0)
            return true;
    for (size_t i = 0; i < env_count; i++)
        if (strcmp(env_table[i].name, name) == 0)
            return true;
    return false;
}

struct env_scan {
    char names[64][64];
    char where[64][256];
    unsigned n;
};

static void scan_add(struct env_scan *s, const char *name, size_t len, const char *path)
{
    if (len == 0 || len >= sizeof(s->names[0]) || s->n >= 64)
        return;
    for (unsigned i = 0; i < s->n; i++)
        if (strlen(s->names[i]) == len && strncmp(s->names[i], name, len) == 0)
            return;
    memcpy(s->names[s->n], name, len);
    s->names[s->n][len] = '\0';
    snprintf(s->where[s->n++], sizeof(s->where[0]), "%s", path);
}

/* getenv("NAME"), and "DEPVET_..." or "XDG_..." literals (names passed
 * to a getenv elsewhere, as xdg.c's and the host table's). */
static void scan_text(struct env_scan *s, const char *text, const char *path)
{
    static const char *const starts[] = {"getenv(\"", "\"DEPVET_", "\"XDG_"};
    for (unsigned k = 0; k < 3; k++)
        for (const char *p = text; (p = strstr(p, starts[k]));) {
            p += k == 0 ? strlen(starts[k]) : 1;
            size_t len = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
            if (len && p[len] == '"' && p[len - 1] != '_')
                scan_add(s, p, len, path);
            p += len;
        }
}

static void scan_dir(struct env_scan *s, const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot open %s", dir);
    for (struct dirent *e; (e = readdir(d));) {
        char path[1024];
        size_t n = strlen(e->d_name);
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (file_is_dir(path)) {
            scan_dir(s, path);
        } else if (n > 2 && (strcmp(e->d_name + n - 2, ".c") == 0 ||
                             strcmp(e->d_name + n - 2, ".h") == 0)) {
            struct diag dg;
            size_t len;
            char *text = file_read(path, 1u << 22, &len, &dg);
            cr_assert_not_null(text, "%s", path);
            scan_text(s, text, path);
            free(text);
        }
    }
    closedir(d);
}

Test(docs, every_variable_src_reads_is_in_a_table_and_every_row_is_read)
{
    static struct env_scan s;
    char src[1024];
    snprintf(src, sizeof(src), "%s/src", test_srcdir());
    if (!file_is_dir(src))
        cr_skip_test("no source tree at %s", src);
    scan_dir(&s, src);
    cr_assert_gt(s.n, 10, "only %u variables found", s.n);
    for (unsigned i = 0; i < s.n; i++)
        cr_expect(in_tables(s.names[i]),
                  "%s reads %s, which neither source_table nor env_table names "
                  "(add it to src/core/envvars.c, then make man)",
                  s.where[i], s.names[i]);
    for (size_t i = 0; i < env_count; i++) {
        unsigned k = 0;
        while (k < s.n && strcmp(s.names[k], env_table[i].name) != 0)
            k++;
        cr_expect(k < s.n || env_table[i].kind == ENV_LIBRARY,
                  "env_table lists %s, which nothing in src/ reads", env_table[i].name);
    }
}

Test(docs, the_scan_finds_getenv_and_name_literals)
{
    static struct env_scan s;
    scan_text(&s, "x = getenv(\"FOO_BAR\"); y = \"DEPVET_X_URL\"; z = \"XDG_Y\"; "
                  "w = \"DEPVET_\" \"A\"; getenv(name);", "t.c");
    cr_assert_eq(s.n, 3);
    cr_expect_str_eq(s.names[0], "FOO_BAR");
    cr_expect_str_eq(s.names[1], "DEPVET_X_URL");
    cr_expect_str_eq(s.names[2], "XDG_Y");
}
