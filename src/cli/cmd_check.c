/* `depvet check [PATH]`: the findings for the project, from the lockfiles
 * and the cache, grouped by package with the most severe first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "depvet/cli/commands.h"
#include "depvet/core/json.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/timeutil.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/findings.h"
#include "depvet/engine/session.h"

enum { O_FORMAT, O_MIN, O_FAIL_ON, O_CACHE, O_COUNT };

static const struct opt_def check_opts[O_COUNT] = {
    [O_FORMAT] = {"format", 'f', OPT_STRING, "FMT", "text (default) or json", 0, 0},
    [O_MIN] = {"min-severity", 0, OPT_STRING, "SEV", "show findings at or above SEV (default info)", 0, 0},
    [O_FAIL_ON] = {"fail-on", 0, OPT_STRING, "SEV", "exit 1 when a finding at or above SEV exists (default high)", 0, 0},
    [O_CACHE] = {"cache", 0, OPT_STRING, "DIR", "cache folder (default: $XDG_CACHE_HOME/depvet)", 0, 0},
};

struct group {                 /* one package's findings: items[first..first+n) */
    size_t first, n;
    enum severity worst;
};

static const char *subject_name(const struct dep_graph *g, const struct finding *f)
{
    return f->node == GRAPH_NONE ? g->lockfiles.items[f->lockfile].path
                                 : g->nodes.items[f->node].name;
}

static int group_cmp_ctx(const struct group *a, const struct group *b,
                         const struct findings *fs, const struct dep_graph *g)
{
    if (a->worst != b->worst)
        return a->worst > b->worst ? -1 : 1;
    return strcmp(subject_name(g, &fs->items.items[a->first]),
                  subject_name(g, &fs->items.items[b->first]));
}

/* Findings come sorted by node; each run of one node is a group. */
static size_t make_groups(const struct findings *fs, const struct dep_graph *g,
                          enum severity min, struct group **out)
{
    struct group *gr = xcalloc(fs->items.len + 1, sizeof(*gr));
    size_t n = 0;
    for (size_t i = 0; i < fs->items.len; i++) {
        const struct finding *f = &fs->items.items[i];
        if (f->severity < min)
            continue;
        bool same = n && fs->items.items[gr[n - 1].first].node == f->node &&
                    fs->items.items[gr[n - 1].first].lockfile == f->lockfile &&
                    gr[n - 1].first + gr[n - 1].n == i;
        if (!same)
            gr[n++] = (struct group){i, 0, f->severity};
        gr[n - 1].n++;
        if (f->severity > gr[n - 1].worst)
            gr[n - 1].worst = f->severity;
    }
    /* Insertion sort: a few hundred groups at most. */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && group_cmp_ctx(&gr[j], &gr[j - 1], fs, g) < 0; j--) {
            struct group t = gr[j];
            gr[j] = gr[j - 1];
            gr[j - 1] = t;
        }
    *out = gr;
    return n;
}

static void put_safe(struct strbuf *sb, const char *s)
{
    termsafe_append(sb, s, strlen(s), 0);
}

/* What the archive pass saw, so a clean result is not mistaken for a
 * scanned one. */
static void print_archives(const struct archive_scan_summary *as)
{
    if (!as->archives)
        return;
    printf("archives: %u of %u scanned, %u not fetched%s, %u failing their digests\n",
           as->scanned, as->archives, as->missing, as->missing ? " (run depvet fetch)" : "",
           as->mismatched);
    if (as->no_rules)
        printf("  no scan: %s\n", as->rules_error);
}

static void print_text(const struct findings *fs, const struct dep_graph *g,
                       const struct group *gr, size_t ng, bool have_cache)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t k = 0; k < ng; k++) {
        const struct finding *head = &fs->items.items[gr[k].first];
        strbuf_reset(&sb);
        if (head->node == GRAPH_NONE) {
            put_safe(&sb, g->lockfiles.items[head->lockfile].path);
        } else {
            const struct dep_node *n = &g->nodes.items[head->node];
            strbuf_printf(&sb, "%s ", ecosystem_name(n->eco));
            put_safe(&sb, n->name);
            strbuf_putc(&sb, ' ');
            put_safe(&sb, n->version[0] ? n->version : "(unpinned)");
        }
        strbuf_putc(&sb, '\n');
        for (size_t i = gr[k].first; i < gr[k].first + gr[k].n; i++) {
            const struct finding *f = &fs->items.items[i];
            strbuf_printf(&sb, "  %-9s %-21s ", severity_name(f->severity), f->rule);
            put_safe(&sb, f->message);
            strbuf_putc(&sb, '\n');
            const char *extra[] = {f->evidence, f->link};
            for (size_t e = 0; e < 2; e++) {
                if (!extra[e] || strstr(f->message, extra[e]))
                    continue; /* nothing the message did not already say */
                strbuf_puts(&sb, "                                ");
                put_safe(&sb, extra[e]);
                strbuf_putc(&sb, '\n');
            }
        }
        fwrite(sb.buf, 1, sb.len, stdout);
    }
    unsigned counts[SEV_COUNT];
    findings_count(fs, counts);
    printf("%s%u critical, %u high, %u medium, %u low, %u info%s\n", ng ? "\n" : "",
           counts[SEV_CRITICAL], counts[SEV_HIGH], counts[SEV_MEDIUM], counts[SEV_LOW],
           counts[SEV_INFO],
           have_cache ? "" : " (no cache: only lockfile rules ran; run depvet refresh)");
    strbuf_fini(&sb);
}

static void json_field(struct strbuf *sb, const char *key, const char *v)
{
    strbuf_printf(sb, ",\"%s\":", key);
    if (v)
        json_put_string(sb, v);
    else
        strbuf_puts(sb, "null");
}

static void print_json(const struct findings *fs, const struct dep_graph *g,
                       const struct group *gr, size_t ng, const struct archive_scan_summary *as)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{\"schema\":\"depvet.check/1\",\"findings\":[");
    bool first = true;
    for (size_t k = 0; k < ng; k++)
        for (size_t i = gr[k].first; i < gr[k].first + gr[k].n; i++) {
            const struct finding *f = &fs->items.items[i];
            const struct dep_node *n = f->node == GRAPH_NONE ? NULL : &g->nodes.items[f->node];
            strbuf_puts(&sb, first ? "\n{\"rule\":" : ",\n{\"rule\":");
            first = false;
            json_put_string(&sb, f->rule);
            json_field(&sb, "severity", severity_name(f->severity));
            json_field(&sb, "ecosystem", n ? ecosystem_name(n->eco) : NULL);
            json_field(&sb, "name", n ? n->name : NULL);
            json_field(&sb, "version", n ? n->version : NULL);
            json_field(&sb, "lockfile", g->lockfiles.items[f->lockfile].path);
            json_field(&sb, "message", f->message);
            json_field(&sb, "evidence", f->evidence);
            json_field(&sb, "link", f->link);
            strbuf_putc(&sb, '}');
        }
    unsigned counts[SEV_COUNT];
    findings_count(fs, counts);
    strbuf_puts(&sb, "],\n\"counts\":{");
    for (unsigned s = 0; s < SEV_COUNT; s++)
        strbuf_printf(&sb, "%s\"%s\":%u", s ? "," : "", severity_name((enum severity)s), counts[s]);
    strbuf_printf(&sb, "},\n\"archives\":{\"total\":%u,\"scanned\":%u,\"not_fetched\":%u,"
                       "\"mismatched\":%u}}\n", as->archives, as->scanned, as->missing,
                  as->mismatched);
    fwrite(sb.buf, 1, sb.len, stdout);
    strbuf_fini(&sb);
}

static bool parse_severity(const struct opt_value *v, enum severity dflt, enum severity *out)
{
    *out = dflt;
    if (v->set && !severity_parse(v->str, out)) {
        fprintf(stderr, "depvet check: unknown severity '%s'\n"
                        "hint: use info, low, medium, high or critical\n", v->str);
        return false;
    }
    return true;
}

static int check_run(const struct cli_command *self, int argc, char **argv)
{
    struct opt_value v[O_COUNT] = {0};
    const char *pos[1];
    unsigned npos = 0;
    if (!cli_parse(self, v, argc, argv, pos, 1, &npos))
        return EXIT_USAGE;
    const char *format = v[O_FORMAT].set ? v[O_FORMAT].str : "text";
    enum severity min, fail_on;
    if (!parse_severity(&v[O_MIN], SEV_INFO, &min) || !parse_severity(&v[O_FAIL_ON], SEV_HIGH, &fail_on))
        return EXIT_USAGE;
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
        fprintf(stderr, "depvet check: unknown format '%s'\nhint: use text or json\n", format);
        return EXIT_USAGE;
    }
    const char *path = npos ? pos[0] : ".";
    struct diag d;
    diag_clear(&d);
    struct engine_config cfg;
    struct session *sess = engine_config_load(&cfg, path, &d) ? session_open(path, &d) : NULL;
    struct store *st = sess ? store_open_existing(engine_config_cache_dir(&cfg, v[O_CACHE].str), &d) : NULL;
    if (!sess || diag_failed(&d)) {
        cli_print_diag("depvet check", &d);
        store_close(st);
        session_free(sess);
        return EXIT_FAILURE_;
    }
    struct findings fs;
    struct findings_input in = {session_graph(sess), st, &cfg, timeutil_now()};
    findings_collect(&fs, &in);
    struct archive_scan_summary as = {0};
    if (st)
        findings_from_archives(&fs, &in, engine_config_cache_dir(&cfg, v[O_CACHE].str), &as);
    struct group *gr;
    size_t ng = make_groups(&fs, in.g, min, &gr);
    if (strcmp(format, "json") == 0)
        print_json(&fs, in.g, gr, ng, &as);
    else {
        print_text(&fs, in.g, gr, ng, st != NULL);
        print_archives(&as);
    }
    int rc = 0;
    for (size_t i = 0; i < fs.items.len; i++)
        if (fs.items.items[i].severity >= fail_on)
            rc = EXIT_FAILURE_;
    if (as.no_rules && as.archives) {   /* unscanned archives are no clean result */
        fprintf(stderr, "depvet check: no scan: %s\n", as.rules_error);
        rc = rc ? rc : EXIT_PARTIAL;
    }
    free(gr);
    findings_fini(&fs);
    store_close(st);
    session_free(sess);
    return rc;
}

const struct cli_command cmd_check_entry = {
    .name = "check",
    .args = "[PATH]",
    .summary = "list the findings about the project's packages, most severe first",
    .details =
        "Runs every rule on the lockfiles under PATH and on what the cache knows of\n"
        "each package (run 'depvet refresh' first; check itself never touches the\n"
        "network): retirements, yanks, deprecations and successors, young or stale\n"
        "packages, first-time publishers, owner changes before the pinned release,\n"
        "repository links, checksums that differ from the registry's, private names\n"
        "seen in public, loose pins and missing hashes.  Exit status: 1 when a\n"
        "finding at or above --fail-on exists, 0 otherwise, 2 on usage errors.",
    .opts = check_opts,
    .nopts = O_COUNT,
    .run = check_run,
};
