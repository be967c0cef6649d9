/* `depvet adopt ECO:NAME[@REQUIREMENT] [PATH]`: the tree a candidate would
 * bring, printed (the resolution is the engine's: adopt.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/cli/commands.h"
#include "depvet/core/json.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/timeutil.h"
#include "depvet/engine/adopt.h"
#include "depvet/engine/adopt_view.h"

enum { O_FORMAT, O_TUI, O_OFFLINE, O_NO_PREFETCH, O_MAX_NODES, O_CACHE, O_CACERT, O_JOBS, O_COUNT };

static const struct opt_def adopt_opts[O_COUNT] = {
    [O_FORMAT] = {"format", 0, OPT_STRING, "FMT", "text (default) or json", 0, 0},
    [O_TUI] = {"tui", 0, OPT_FLAG, NULL, "open the explorer on the tree (marks: new, present, changed)", 0, 0},
    [O_OFFLINE] = {"offline", 0, OPT_FLAG, NULL, "resolve from the cache's registry answers only", 0, 0},
    [O_NO_PREFETCH] = {"no-prefetch", 0, OPT_FLAG, NULL, "do not refresh the new packages' facts", 0, 0},
    [O_MAX_NODES] = {"max-nodes", 0, OPT_INT, "N", "stop the tree at N packages (default 20000)", 1, ADOPT_MAX_NODES},
    [O_CACHE] = OPT_DEF_CACHE,
    [O_CACERT] = {"cacert", 0, OPT_STRING, "FILE", "also trust the CA certificates in FILE", 0, 0},
    [O_JOBS] = {"jobs", 'j', OPT_INT, "N", "requests in flight at once (default 16)", 1, 256},
};

static void safe(struct strbuf *sb, const char *s)
{
    if (s)
        termsafe_append(sb, s, strlen(s), 0);
}

static void node_line(struct strbuf *sb, const struct adopt_result *r, unsigned id)
{
    const struct adopt_node *n = &r->nodes.items[id];
    strbuf_printf(sb, "%*s%-10s ", (int)(n->depth > 20 ? 40 : n->depth * 2), "",
                  n->conflict ? "CONFLICT" : adopt_state_name(n->state));
    safe(sb, n->name);
    strbuf_putc(sb, ' ');
    safe(sb, n->version ? n->version : "?");
    if (n->requirement && n->requirement[0]) {
        strbuf_puts(sb, "  (");
        safe(sb, n->requirement);
        strbuf_putc(sb, ')');
    }
    if (n->pinned && n->state != ADOPT_PRESENT) {
        strbuf_puts(sb, "  the project pins ");
        safe(sb, n->pinned);
    }
    strbuf_printf(sb, "%s%s%s%s%s", n->optional ? "  optional" : "", n->peer ? "  peer" : "",
                  n->install_script ? "  INSTALL SCRIPT" : "", n->yanked ? "  yanked" : "",
                  n->retired ? "  retired" : n->deprecated ? "  deprecated" : "");
    if (n->advisories)
        strbuf_printf(sb, "  %u advisor%s", n->advisories, n->advisories == 1 ? "y" : "ies");
    if (n->note) {
        strbuf_puts(sb, "  -- ");
        safe(sb, n->note);
    }
    strbuf_putc(sb, '\n');
}

/* Depth first along the edges that placed each node; every other edge is
 * one line pointing at a node shown elsewhere. */
static void print_tree(struct strbuf *sb, const struct adopt_result *r, unsigned id, bool *shown)
{
    shown[id] = true;
    node_line(sb, r, id);
    for (size_t i = 0; i < r->edges.len; i++) {
        const struct adopt_edge *e = &r->edges.items[i];
        if (e->from != id)
            continue;
        const struct adopt_node *t = &r->nodes.items[e->to];
        if (!shown[e->to] && t->parent == id) {
            print_tree(sb, r, e->to, shown);
            continue;
        }
        strbuf_printf(sb, "%*s%-10s ", (int)(t->depth > 20 ? 40 : (r->nodes.items[id].depth + 1) * 2),
                      "", e->cycle ? "cycle" : "see above");
        safe(sb, t->name);
        strbuf_putc(sb, ' ');
        safe(sb, t->version ? t->version : "?");
        strbuf_putc(sb, '\n');
    }
}

static void print_text(const struct adopt_request *q, const struct adopt_result *r)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_printf(&sb, "adopt %s:", ecosystem_name(q->eco));
    safe(&sb, q->name);
    if (q->requirement && q->requirement[0]) {
        strbuf_putc(&sb, '@');
        safe(&sb, q->requirement);
    }
    strbuf_printf(&sb, ": %zu packages (%u new, %u present, %u changed, %u unresolved), "
                  "%u conflicts, %u cycles, %u levels, %u documents (%u from the cache)%s\n",
                  r->nodes.len, r->counts[ADOPT_NEW], r->counts[ADOPT_PRESENT],
                  r->counts[ADOPT_CHANGED], r->counts[ADOPT_UNRESOLVED], r->conflicts, r->cycles,
                  r->levels, r->documents, r->from_cache, r->truncated ? ", CUT at --max-nodes" : "");
    if (r->squat.flagged) {
        strbuf_puts(&sb, "TYPOSQUAT? ");
        safe(&sb, r->squat.why);
        strbuf_puts(&sb, ": did you mean ");
        safe(&sb, r->squat.target);
        strbuf_puts(&sb, "?\n");
    } else if (r->squat.no_list) {
        strbuf_puts(&sb, "typosquat check: no popular-name list in the cache (run depvet refresh)\n");
    }
    if (!r->project_pins)
        strbuf_printf(&sb, "(the project pins no %s package: everything is new)\n",
                      ecosystem_name(q->eco));
    bool *shown = calloc(r->nodes.len + 1, sizeof(*shown));
    print_tree(&sb, r, 0, shown);
    free(shown);
    for (size_t i = 0; i < r->skipped.len; i++) {
        const struct adopt_skip *s = &r->skipped.items[i];
        strbuf_puts(&sb, "left out: ");
        safe(&sb, s->name);
        strbuf_puts(&sb, " (required by ");
        safe(&sb, r->nodes.items[s->from].name);
        strbuf_puts(&sb, "): ");
        safe(&sb, s->why);
        strbuf_putc(&sb, '\n');
    }
    if (r->prefetched)
        strbuf_printf(&sb, "facts of %u packages refreshed into the cache\n", r->prefetched);
    fwrite(sb.buf, 1, sb.len, stdout);
    strbuf_fini(&sb);
}

static void json_node(struct strbuf *sb, const struct adopt_node *n, size_t i)
{
    strbuf_printf(sb, "%s{\"id\":%zu", i ? "," : "", i);
    json_put_member(sb, "name", n->name, true);
    json_put_member(sb, "version", n->version, true);
    json_put_member(sb, "state", adopt_state_name(n->state), true);
    json_put_member(sb, "pinned", n->pinned, true);
    json_put_member(sb, "requirement", n->requirement, true);
    json_put_member(sb, "extras", n->extras, true);
    json_put_member(sb, "note", n->note, true);
    json_put_member(sb, "publisher", n->publisher, true);
    strbuf_printf(sb, ",\"conflict\":%s,\"optional\":%s,\"peer\":%s,\"depth\":%u,\"parent\":",
                  n->conflict ? "true" : "false", n->optional ? "true" : "false",
                  n->peer ? "true" : "false", n->depth);
    if (n->parent == ADOPT_NONE)
        strbuf_puts(sb, "null");
    else
        strbuf_printf(sb, "%u", n->parent);
    strbuf_printf(sb, ",\"published\":%lld,\"yanked\":%s,\"retired\":%s,\"deprecated\":%s,"
                  "\"install_script\":%s,\"advisories\":%u}",
                  (long long)n->published, n->yanked ? "true" : "false",
                  n->retired ? "true" : "false", n->deprecated ? "true" : "false",
                  n->install_script ? "true" : "false", n->advisories);
}

static void print_json(const struct adopt_request *q, const struct adopt_result *r)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{\"schema\":\"depvet.adopt/1\"");
    json_put_member(&sb, "ecosystem", ecosystem_name(q->eco), true);
    json_put_member(&sb, "candidate", q->name, true);
    json_put_member(&sb, "requirement", q->requirement, true);
    strbuf_puts(&sb, ",\"typosquat\":");
    if (r->squat.flagged) {
        json_put_member(&sb, "{\"like", r->squat.target, false);
        json_put_member(&sb, "why", r->squat.why, true);
        strbuf_printf(&sb, ",\"score\":%d}", r->squat.score);
    } else {
        strbuf_puts(&sb, r->squat.no_list ? "null" : "false");
    }
    strbuf_puts(&sb, ",\"nodes\":[");
    for (size_t i = 0; i < r->nodes.len; i++)
        json_node(&sb, &r->nodes.items[i], i);
    strbuf_puts(&sb, "],\"edges\":[");
    for (size_t i = 0; i < r->edges.len; i++) {
        const struct adopt_edge *e = &r->edges.items[i];
        strbuf_printf(&sb, "%s{\"from\":%u,\"to\":%u", i ? "," : "", e->from, e->to);
        json_put_member(&sb, "requirement", e->requirement, true);
        strbuf_printf(&sb, ",\"optional\":%s,\"peer\":%s,\"cycle\":%s}",
                      e->optional ? "true" : "false", e->peer ? "true" : "false",
                      e->cycle ? "true" : "false");
    }
    strbuf_puts(&sb, "],\"left_out\":[");
    for (size_t i = 0; i < r->skipped.len; i++) {
        const struct adopt_skip *s = &r->skipped.items[i];
        strbuf_printf(&sb, "%s{\"from\":%u", i ? "," : "", s->from);
        json_put_member(&sb, "name", s->name, true);
        json_put_member(&sb, "requirement", s->requirement, true);
        json_put_member(&sb, "why", s->why, true);
        strbuf_putc(&sb, '}');
    }
    strbuf_printf(&sb, "],\"summary\":{\"packages\":%zu,\"new\":%u,\"present\":%u,\"changed\":%u,"
                  "\"unresolved\":%u,\"conflicts\":%u,\"cycles\":%u,\"levels\":%u,"
                  "\"documents\":%u,\"from_cache\":%u,\"truncated\":%s,\"prefetched\":%u}}\n",
                  r->nodes.len, r->counts[ADOPT_NEW], r->counts[ADOPT_PRESENT],
                  r->counts[ADOPT_CHANGED], r->counts[ADOPT_UNRESOLVED], r->conflicts, r->cycles,
                  r->levels, r->documents, r->from_cache, r->truncated ? "true" : "false",
                  r->prefetched);
    fwrite(sb.buf, 1, sb.len, stdout);
    strbuf_fini(&sb);
}

/* --tui: the explorer on the tree (r is taken over). */
static int explore(const struct adopt_request *q, const struct engine_config *cfg,
                   struct adopt_result *r, struct diag *d)
{
    struct adopt_result *heap = malloc(sizeof(*heap));
    if (!heap) {
        adopt_result_fini(r);
        diag_set(d, DIAG_IO, "", 0, 0, "out of memory");
        return EXIT_FAILURE_;
    }
    *heap = *r;
    char line[600];
    adopt_summary_line(q, heap, line, sizeof(line));
    struct session_options o = {cfg, q->cache_dir, q->offline, q->now, true};
    struct session *s = adopt_session_new(q, heap, q->project, &o, d);
    bool ok = s && cli_explorer(s, line, d);
    session_free(s);
    return ok ? EXIT_SUCCESS_ : EXIT_FAILURE_;
}

static int adopt(const struct opt_value *v, const char *spec, const char *project,
                 struct arena *a, struct diag *d)
{
    struct adopt_request q = {0};
    if (!adopt_parse_spec(a, spec, &q, d))
        return EXIT_USAGE;
    struct engine_config cfg;
    if (!cli_config_load(&cfg, project, &v[O_CACERT], &v[O_JOBS], d))
        return EXIT_FAILURE_;
    q.project = project;
    q.cache_dir = engine_config_cache_dir(&cfg, v[O_CACHE].str);
    q.offline = v[O_OFFLINE].set || cfg.offline;
    q.prefetch = !v[O_NO_PREFETCH].set;
    q.now = timeutil_now();
    q.max_nodes = v[O_MAX_NODES].set ? (unsigned)v[O_MAX_NODES].num : 0;
    if (v[O_TUI].set && !cli_explorer_usable(d))
        return EXIT_FAILURE_;
    struct adopt_result r;
    bool ok = adopt_resolve(&q, &cfg, &r, d);
    if (ok && v[O_TUI].set)
        return explore(&q, &cfg, &r, d);
    if (ok && v[O_FORMAT].set && strcmp(v[O_FORMAT].str, "json") == 0)
        print_json(&q, &r);
    else if (ok)
        print_text(&q, &r);
    if (!ok && r.squat.flagged)   /* the warning that matters most, even so */
        fprintf(stderr, "depvet adopt: TYPOSQUAT? %s: did you mean %s?\n",
                termsafe_arena(a, r.squat.why), termsafe_arena(a, r.squat.target));
    if (ok && r.prefetch_error[0])
        fprintf(stderr, "depvet adopt: prefetch: %s\n", termsafe_arena(a, r.prefetch_error));
    bool worry = ok && (r.squat.flagged || r.conflicts || r.counts[ADOPT_UNRESOLVED]);
    adopt_result_fini(&r);
    return ok && !worry ? EXIT_SUCCESS_ : EXIT_FAILURE_;
}

static int adopt_run_cmd(const struct cli_command *self, struct cli_ctx *cx)
{
    (void)self;
    const struct opt_value *v = cx->v;
    const char *const *pos = cx->pos;
    unsigned npos = cx->npos;
    const char *fmt = v[O_FORMAT].set ? v[O_FORMAT].str : "text";
    if (npos < 1 || (strcmp(fmt, "text") && strcmp(fmt, "json"))) {
        fprintf(stderr, "depvet adopt: %s\nhint: run 'depvet help adopt' for usage\n",
                npos < 1 ? "which package? e.g. depvet adopt pypi:requests@>=2.31"
                         : "unknown --format value");
        return EXIT_USAGE;
    }
    return adopt(v, pos[0], npos > 1 ? pos[1] : ".", cx->a, &cx->d);
}

const struct cli_command cmd_adopt_entry = {
    .name = "adopt",
    .args = "ECOSYSTEM:NAME[@REQUIREMENT] [PATH]",
    .summary = "show the tree a package would bring into the project before adopting it",
    .details =
        "Resolves the candidate's dependency tree from registry metadata with the\n"
        "ecosystem's rules (npm: nested ranges, newest satisfying, deduped against the\n"
        "tree and the lockfile's pins; PyPI: requires_dist with markers evaluated for\n"
        "the project's environment and the extras asked for, pypi:NAME[EXTRA]; Hex:\n"
        "every requirement, optional ones marked) against the pins of the project at\n"
        "PATH (default .).  Each package is new, present (the project pins that\n"
        "version) or changed (it pins another; in PyPI and Hex a CONFLICT).  The\n"
        "candidate's name is checked for typosquatting first.  The facts of the new\n"
        "packages are refreshed into the cache unless --no-prefetch.  Exit status: 0,\n"
        "1 on a typosquat suspicion, a conflict, an unresolved package or when the\n"
        "candidate cannot be resolved, 2 on usage errors.  --tui opens the explorer\n"
        "on the tree instead of printing it (each row marked new, present or\n"
        "changed; Esc there quits); without it the tree is printed, even on a terminal.",
    .opts = adopt_opts,
    .nopts = O_COUNT,
    .max_pos = 2,
    .run = adopt_run_cmd,
};
