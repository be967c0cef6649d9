/* Streams the graph as JSON; built by hand so 20,000 nodes print fast. */
#include "depvet/cli/graph_json.h"

#include <stdlib.h>

#include "depvet/core/json.h"
#include "depvet/core/strbuf.h"

static const char *const source_kind_table[] = {
    [SOURCE_REGISTRY] = "registry", [SOURCE_GIT] = "git",
    [SOURCE_PATH] = "path", [SOURCE_URL] = "url",
};

static const struct {
    unsigned flag;
    const char *name;
} flag_table[] = {
    {DEP_DIRECT, "direct"}, {DEP_DEV, "dev"}, {DEP_OPTIONAL, "optional"},
    {DEP_PEER, "peer"}, {DEP_BUNDLED, "bundled"}, {DEP_LINK, "link"},
    {DEP_PROJECT, "project"}, {DEP_PRIVATE, "private"}, {DEP_INFERRED, "inferred"},
};

static void put_flags(struct strbuf *sb, unsigned flags, unsigned mask)
{
    for (size_t i = 0; i < sizeof(flag_table) / sizeof(*flag_table); i++)
        if (flag_table[i].flag & mask)
        {
            strbuf_puts(sb, ",\"");
            strbuf_puts(sb, flag_table[i].name);
            strbuf_puts(sb, flags & flag_table[i].flag ? "\":true" : "\":false");
        }
}

static void put_node(struct strbuf *sb, const struct dep_node *n, unsigned id)
{
    strbuf_puts(sb, "{\"id\":");
    strbuf_put_uint(sb, id);
    strbuf_puts(sb, ",\"lockfile\":");
    strbuf_put_uint(sb, n->lockfile);
    json_put_member(sb, "ecosystem", ecosystem_name(n->eco), true);
    json_put_member(sb, "name", n->name, true);
    json_put_member(sb, "version", n->version, true);
    strbuf_puts(sb, ",\"source\":{\"kind\":\"");
    strbuf_puts(sb, source_kind_table[n->source]);
    strbuf_putc(sb, '"');
    json_put_member(sb, "url", n->source_url, true);
    json_put_member(sb, "repo", n->repo, true);
    json_put_member(sb, "ref", n->git_ref, true);
    strbuf_putc(sb, '}');
    json_put_member(sb, "path", n->path, true);
    json_put_member(sb, "requirement", n->requirement, true);
    strbuf_puts(sb, ",\"checksums\":[");
    for (unsigned i = 0; i < n->n_checksums; i++) {
        strbuf_puts(sb, i ? ",{\"algo\":" : "{\"algo\":");
        json_put_string(sb, n->checksums[i].algo);
        json_put_member(sb, "value", n->checksums[i].value, true);
        json_put_member(sb, "what", n->checksums[i].what, true);
        strbuf_putc(sb, '}');
    }
    strbuf_puts(sb, "],\"groups\":[");
    for (unsigned i = 0; i < n->n_groups; i++) {
        if (i)
            strbuf_putc(sb, ',');
        json_put_string(sb, n->groups[i]);
    }
    strbuf_putc(sb, ']');
    put_flags(sb, n->flags, ~(unsigned)DEP_INFERRED);
    strbuf_puts(sb, ",\"line\":");
    strbuf_put_uint(sb, n->line);
    strbuf_putc(sb, '}');
}

static void put_lockfile(struct strbuf *sb, const struct lockfile_info *lf)
{
    strbuf_puts(sb, "{\"path\":");
    json_put_string(sb, lf->path);
    json_put_member(sb, "format", lf->format, true);
    json_put_member(sb, "ecosystem", ecosystem_name(lf->eco), true);
    strbuf_printf(sb, ",\"flat\":%s,\"extra_index\":%s,\"index_urls\":[",
                  lf->flat ? "true" : "false", lf->extra_index ? "true" : "false");
    for (unsigned i = 0; i < lf->n_index_urls; i++) {
        if (i)
            strbuf_putc(sb, ',');
        json_put_string(sb, lf->index_urls[i]);
    }
    strbuf_puts(sb, "]}");
}

bool graph_json_print(FILE *out, const struct dep_graph *g, bool no_dev)
{
    struct strbuf sb = STRBUF_INIT;
    /* Dev nodes dropped with --no-dev get no id; the others keep their
     * graph order, renumbered densely so ids index the nodes array. */
    unsigned *newid = xmalloc((g->nodes.len + 1) * sizeof(unsigned));
    unsigned next = 0;
    for (size_t i = 0; i < g->nodes.len; i++)
        newid[i] = no_dev && (g->nodes.items[i].flags & DEP_DEV) ? GRAPH_NONE : next++;
    strbuf_puts(&sb, "{\"schema\":\"depvet.graph/1\",\"lockfiles\":[");
    for (size_t i = 0; i < g->lockfiles.len; i++) {
        if (i)
            strbuf_putc(&sb, ',');
        put_lockfile(&sb, &g->lockfiles.items[i]);
    }
    strbuf_puts(&sb, "],\n\"nodes\":[\n");
    bool first = true;
    for (size_t i = 0; i < g->nodes.len; i++) {
        if (newid[i] == GRAPH_NONE)
            continue;
        if (!first)
            strbuf_puts(&sb, ",\n");
        first = false;
        put_node(&sb, &g->nodes.items[i], newid[i]);
    }
    strbuf_puts(&sb, "],\n\"edges\":[\n");
    first = true;
    for (size_t i = 0; i < g->edges.len; i++) {
        const struct dep_edge *e = &g->edges.items[i];
        if (newid[e->from] == GRAPH_NONE || newid[e->to] == GRAPH_NONE)
            continue;
        if (!first)
            strbuf_puts(&sb, ",\n");
        first = false;
        strbuf_puts(&sb, "{\"from\":");
        strbuf_put_uint(&sb, newid[e->from]);
        strbuf_puts(&sb, ",\"to\":");
        strbuf_put_uint(&sb, newid[e->to]);
        json_put_member(&sb, "requirement", e->req, true);
        put_flags(&sb, e->flags, DEP_DEV | DEP_OPTIONAL | DEP_PEER | DEP_INFERRED);
        strbuf_putc(&sb, '}');
    }
    strbuf_puts(&sb, "]}\n");
    bool ok = fwrite(sb.buf, 1, sb.len, out) == sb.len && fflush(out) == 0;
    strbuf_fini(&sb);
    free(newid);
    return ok;
}
