/* docgen IN OUT: copies IN to OUT with every generated part rewritten
 * from the tables the program reads, and every checked part verified.
 *
 *   .\" BEGIN GENERATED NAME ... .\" END GENERATED NAME   (or # in shell and make)
 *       the lines between are replaced by fragment NAME (fragment_table);
 *   # BEGIN CHECKED NAME ... # END CHECKED NAME
 *       the lines between are kept, and must name every item of list NAME.
 *
 * In a man page (a .1 file) every `depvet CMD` section's option list (the
 * .TP tags under its .SS headings) must also name exactly the options of
 * CMD's table.  `make man` runs it over the files in DOC_FILES of the
 * Makefile, `make check-man` (part of `make test`) fails when a checked-in
 * file differs from what it writes.  Errors are "FILE:LINE: message" on
 * stderr and exit status 1; a usage error exits 2. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/cli/commands.h"
#include "depvet/cli/explorer_opts.h"
#include "depvet/core/envvars.h"
#include "depvet/core/fileio.h"
#include "depvet/core/strbuf.h"
#include "depvet/engine/config.h"
#include "depvet/tui/keymap.h"

static unsigned errors;

static void fail(const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(const char *file, unsigned line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%u: ", file, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    errors++;
}

/* ---- roff ----------------------------------------------------------- */

/* Plain text as roff: hyphens are minus signs (options are typed), a
 * backslash is \e, and a line may not start with a control character. */
static void roff_text(struct strbuf *sb, const char *s, size_t n)
{
    if (n && (s[0] == '.' || s[0] == '\'') && (sb->len == 0 || sb->buf[sb->len - 1] == '\n'))
        strbuf_puts(sb, "\\&");
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-')
            strbuf_puts(sb, "\\-");
        else if (s[i] == '\\')
            strbuf_puts(sb, "\\e");
        else
            strbuf_putc(sb, s[i]);
    }
}

static void roff_puts(struct strbuf *sb, const char *s)
{
    roff_text(sb, s, strlen(s));
}

/* A table's help phrase as a sentence: capital first, full stop last. */
static void roff_sentence(struct strbuf *sb, const char *help)
{
    size_t n = strlen(help);
    if (n && islower((unsigned char)help[0])) {
        strbuf_putc(sb, (char)toupper((unsigned char)help[0]));
        help++, n--;
    }
    roff_text(sb, help, n);
    strbuf_puts(sb, n && help[n - 1] == '.' ? "\n" : ".\n");
}

/* "\fB\-d\fR, \fB\-\-depth\fR \fIN\fR", or without the short name. */
static void roff_opt(struct strbuf *sb, const struct opt_def *d, bool with_short)
{
    if (with_short && d->short_name)
        strbuf_printf(sb, "\\fB\\-%c\\fR, ", d->short_name);
    strbuf_puts(sb, "\\fB\\-\\-");
    roff_puts(sb, d->name);
    strbuf_puts(sb, "\\fR");
    if (d->arg) {
        strbuf_puts(sb, " \\fI");
        roff_puts(sb, d->arg);
        strbuf_puts(sb, "\\fR");
    }
}

/* ---- fragments ------------------------------------------------------ */

/* The explorer's synopsis line. */
static void gen_synopsis(struct strbuf *sb)
{
    strbuf_puts(sb, "\\fBdepvet\\fR");
    for (unsigned i = 0; i < XO_COUNT; i++) {
        strbuf_puts(sb, " [");
        roff_opt(sb, &cli_explorer_opts[i], false);
        strbuf_puts(sb, "]");
    }
    strbuf_puts(sb, " [\\fIPATH\\fR]\n");
}

static void gen_opt_list(struct strbuf *sb, const struct opt_def *defs, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        strbuf_puts(sb, ".TP\n");
        roff_opt(sb, &defs[i], true);
        strbuf_putc(sb, '\n');
        roff_sentence(sb, defs[i].help);
    }
}

static void gen_explorer_options(struct strbuf *sb)
{
    gen_opt_list(sb, cli_explorer_opts, XO_COUNT);
}

static void gen_global_options(struct strbuf *sb)
{
    gen_opt_list(sb, cli_global_opts, GLOBAL_OPT_COUNT);
}

/* The key table: a bold row per group, then "j, Down<TAB>next row"; the
 * text is a block (T{ T}) so a long one wraps in the column. */
static void gen_keys(struct strbuf *sb)
{
    strbuf_puts(sb, ".TS\nl lx.\n");
    const char *group = NULL;
    for (size_t i = 0; i < action_count; i++) {
        const struct action_def *ad = &action_table[i];
        if (!group || strcmp(group, ad->group) != 0) {
            group = ad->group;
            strbuf_puts(sb, "\\fB");
            roff_puts(sb, group);
            strbuf_puts(sb, "\\fR\t\n");
        }
        for (const char *k = ad->keys; *k;) {
            size_t n = strcspn(k, " ");
            roff_text(sb, k, n);
            k += n;
            while (*k == ' ')
                k++;
            if (*k)
                strbuf_puts(sb, ", ");
        }
        strbuf_puts(sb, "\tT{\n");
        roff_puts(sb, ad->help);
        strbuf_puts(sb, "\nT}\n");
    }
    strbuf_puts(sb, ".TE\n");
}

/* Each registry's variable from the source table, then env_table. */
static void gen_environment(struct strbuf *sb)
{
    for (unsigned i = 0; i < SRC_COUNT; i++) {
        const struct source_def *s = &source_table[i];
        strbuf_puts(sb, ".TP\n.B ");
        roff_puts(sb, s->env);
        strbuf_puts(sb, "\nBase URL in place of ");
        roff_puts(sb, s->dflt);
        strbuf_puts(sb, " (\\fB");
        roff_puts(sb, s->key);
        strbuf_puts(sb, "\\fR under \\fB[registries]\\fR in the user's configuration).\n");
    }
    for (size_t i = 0; i < env_count; i++) {
        strbuf_puts(sb, ".TP\n.B ");
        roff_puts(sb, env_table[i].name);
        strbuf_putc(sb, '\n');
        roff_sentence(sb, env_table[i].help);
    }
}

/* The variables a test points away from the internet. */
static size_t url_vars(const char **out, size_t max)
{
    size_t n = 0;
    for (unsigned i = 0; i < SRC_COUNT && n < max; i++)
        out[n++] = source_table[i].env;
    for (size_t i = 0; i < env_count && n < max; i++)
        if (env_table[i].kind == ENV_URL)
            out[n++] = env_table[i].name;
    return n;
}

static void gen_url_vars(struct strbuf *sb)
{
    const char *v[64];
    size_t n = url_vars(v, 64);
    strbuf_puts(sb, "DEPVET_URL_VARS=\"");
    for (size_t i = 0; i < n; i++)
        strbuf_printf(sb, "%s%s", i ? " " : "", v[i]);
    strbuf_puts(sb, "\"\n");
}

static const struct fragment {
    const char *name;
    void (*gen)(struct strbuf *sb);                 /* GENERATED */
    size_t (*list)(const char **out, size_t max);   /* CHECKED */
} fragment_table[] = {
    {"synopsis", gen_synopsis, NULL},
    {"explorer-options", gen_explorer_options, NULL},
    {"options", gen_global_options, NULL},
    {"keys", gen_keys, NULL},
    {"environment", gen_environment, NULL},
    {"url-vars", gen_url_vars, url_vars},
};

static const struct fragment *fragment_find(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof(fragment_table) / sizeof(*fragment_table); i++)
        if (strlen(fragment_table[i].name) == n && strncmp(fragment_table[i].name, name, n) == 0)
            return &fragment_table[i];
    return NULL;
}

/* ---- markers -------------------------------------------------------- */

struct marker {
    bool begin, generated;
    const char *name;
    size_t name_len;
};

/* Whether the line holds "BEGIN|END GENERATED|CHECKED NAME". */
static bool marker_parse(const char *line, size_t len, struct marker *m)
{
    static const char *const kinds[] = {"BEGIN GENERATED ", "END GENERATED ", "BEGIN CHECKED ",
                                        "END CHECKED "};
    for (unsigned k = 0; k < 4; k++) {
        const char *p = strstr(line, kinds[k]);
        if (!p || p >= line + len)
            continue;
        m->begin = k % 2 == 0;
        m->generated = k < 2;
        m->name = p + strlen(kinds[k]);
        m->name_len = strspn(m->name, "abcdefghijklmnopqrstuvwxyz-");
        return true;
    }
    return false;
}

static bool marker_ends(const struct marker *b, const struct marker *e)
{
    return !e->begin && e->generated == b->generated && e->name_len == b->name_len &&
           strncmp(e->name, b->name, b->name_len) == 0;
}

/* The CHECKED text names every item of the fragment's list. */
static void check_names(const char *file, unsigned line, const struct fragment *f,
                        const char *text, size_t len)
{
    const char *items[64];
    size_t n = f->list(items, 64);
    struct strbuf copy = STRBUF_INIT;
    strbuf_append(&copy, text, len);
    for (size_t i = 0; i < n; i++)
        if (!strstr(strbuf_str(&copy), items[i]))
            fail(file, line, "checked part '%s' does not name %s", f->name, items[i]);
    strbuf_fini(&copy);
}

/* Copies buf to out, rewriting GENERATED parts and checking CHECKED ones. */
static void process(const char *file, const char *buf, size_t len, struct strbuf *out)
{
    struct marker open = {0};
    const struct fragment *f = NULL;
    unsigned line = 0, open_line = 0;
    size_t body = 0;  /* where a CHECKED part's text starts */
    for (size_t at = 0; at < len;) {
        size_t n = strcspn(buf + at, "\n");
        const char *l = buf + at;
        size_t next = at + n + (at + n < len);
        line++;
        struct marker m;
        bool is_marker = marker_parse(l, n, &m);
        if (is_marker && m.begin && f) {
            fail(file, line, "'%.*s' begins inside '%s' (line %u)", (int)m.name_len, m.name,
                 f->name, open_line);
        } else if (is_marker && m.begin) {
            f = fragment_find(m.name, m.name_len);
            if (!f || (m.generated ? !f->gen : !f->list))
                fail(file, line, "no %s part named '%.*s'", m.generated ? "generated" : "checked",
                     (int)m.name_len, m.name);
            open = m, open_line = line, body = next;
            strbuf_append(out, l, next - at);
            if (f && m.generated)
                f->gen(out);
            at = next;
            continue;
        } else if (is_marker && f && marker_ends(&open, &m)) {
            if (!open.generated && f->list)
                check_names(file, open_line, f, buf + body, at - body);
            f = NULL;
        } else if (is_marker) {
            fail(file, line, "'%.*s' ends no part that began", (int)m.name_len, m.name);
        }
        if (!f || !open.generated)
            strbuf_append(out, l, next - at);
        at = next;
    }
    if (f)
        fail(file, open_line, "'%s' has no END line", f->name);
}

/* ---- each command's option list in the man page --------------------- */

#define MAX_SEEN 128

struct seen {
    char name[64];
    unsigned line;
};

struct section {
    const struct cli_command *cmd;
    struct seen seen[MAX_SEEN];
    unsigned n;
};

/* The long options a .TP tag line names: "\-\-no\-dedupe" is no-dedupe. */
static void tag_options(struct section *s, const char *l, size_t n, unsigned line)
{
    for (const char *p = l; (p = strstr(p, "\\-\\-")) && p < l + n && s->n < MAX_SEEN;) {
        struct seen *o = &s->seen[s->n];
        size_t k = 0;
        for (p += 4; p < l + n && k + 1 < sizeof(o->name);) {
            if (strncmp(p, "\\-", 2) == 0)
                o->name[k++] = '-', p += 2;
            else if (islower((unsigned char)*p) || isdigit((unsigned char)*p))
                o->name[k++] = *p++;
            else
                break;
        }
        o->name[k] = '\0';
        o->line = line;
        s->n += k > 0;
    }
}

static bool opt_known(const struct cli_command *c, const char *name)
{
    if (strcmp(name, "help") == 0)
        return true;
    for (unsigned i = 0; i < c->nopts; i++)
        if (strcmp(c->opts[i].name, name) == 0)
            return true;
    return false;
}

/* Both ways: every option of the table is documented, and every option
 * documented is in the table. */
static void section_check(const char *file, const struct section *s, unsigned heading)
{
    for (unsigned i = 0; i < s->n; i++)
        if (!opt_known(s->cmd, s->seen[i].name))
            fail(file, s->seen[i].line, "depvet %s has no option --%s", s->cmd->name,
                 s->seen[i].name);
    for (unsigned i = 0; i < s->cmd->nopts; i++) {
        unsigned k = 0;
        while (k < s->n && strcmp(s->seen[k].name, s->cmd->opts[i].name) != 0)
            k++;
        if (k == s->n)
            fail(file, heading, "depvet %s: option --%s is not in its section's option list",
                 s->cmd->name, s->cmd->opts[i].name);
    }
}

/* The command a ".SS "depvet NAME ..." heading is about, or NULL. */
static const struct cli_command *heading_command(const char *l, size_t n)
{
    if (n < 12 || strncmp(l, ".SS \"depvet ", 12) != 0)
        return NULL;
    char name[32];
    size_t k = strspn(l + 12, "abcdefghijklmnopqrstuvwxyz");
    if (k == 0 || k >= sizeof(name))
        return NULL;
    memcpy(name, l + 12, k);
    name[k] = '\0';
    return cli_command_find(name);
}

/* A command's sections may follow each other (review has three
 * headings, db one per action): they are checked as one. */
static void check_man_options(const char *file, const char *buf)
{
    static struct section s;
    unsigned line = 0, heading = 0;
    bool tag = false;
    memset(&s, 0, sizeof(s));
    for (const char *l = buf; *l;) {
        size_t n = strcspn(l, "\n");
        line++;
        const struct cli_command *c = heading_command(l, n);
        bool end = strncmp(l, ".SH", 3) == 0 || (strncmp(l, ".SS", 3) == 0 && c != s.cmd);
        if (end && s.cmd)
            section_check(file, &s, heading);
        if (end) {
            memset(&s, 0, sizeof(s));
            s.cmd = c;
            heading = line;
        }
        if (tag && s.cmd)
            tag_options(&s, l, n, line);
        tag = strncmp(l, ".TP", 3) == 0;
        l += n + (l[n] == '\n');
    }
    if (s.cmd)
        section_check(file, &s, heading);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: docgen IN OUT (see tests/tools/docgen.c)\n");
        return 2;
    }
    struct diag d;
    diag_clear(&d);
    size_t len;
    char *buf = file_read(argv[1], 1u << 24, &len, &d);
    if (!buf) {
        fail(argv[1], 0, "%s", d.msg);
        return 1;
    }
    struct strbuf out = STRBUF_INIT;
    process(argv[1], buf, len, &out);
    /* The option lists are checked in what was written, so the lines
     * named are those of OUT. */
    size_t nl = strlen(argv[1]);
    if (!errors && !file_write_atomic(argv[2], strbuf_str(&out), out.len, &d))
        fail(argv[2], 0, "%s", d.msg);
    else if (!errors && nl > 2 && strcmp(argv[1] + nl - 2, ".1") == 0)
        check_man_options(argv[2], strbuf_str(&out));
    strbuf_fini(&out);
    free(buf);
    return errors ? 1 : 0;
}
