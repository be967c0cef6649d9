/* Findings from the package archives in the cache: digests checked again
 * and the malicious-code scanner's hits (see findings.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/core/termsafe.h"
#include "depvet/engine/archives.h"
#include "depvet/engine/findings.h"
#include "depvet/engine/pkgscan.h"
#include "depvet/store/blobstore.h"

_Static_assert((int)SCAN_SEV_INFO == (int)SEV_INFO && (int)SCAN_SEV_CRITICAL == (int)SEV_CRITICAL,
               "scanner and finding severities share one scale");

/* The archive of each registry package@version of the graph, once. */
static size_t locate_all(struct arena *a, const struct findings_input *in,
                         struct archive_ref **out)
{
    const struct dep_graph *g = in->g;
    struct archive_ref *refs = arena_alloc(a, (g->nodes.len + 1) * sizeof(*refs));
    struct node_set seen;
    node_set_init(&seen, g->nodes.len);
    size_t n = 0;
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *nd = &g->nodes.items[i];
        if (nd->source != SOURCE_REGISTRY || nd->eco == ECO_UNKNOWN || !nd->version[0] ||
            !node_set_add(&seen, g, (unsigned)i, true))
            continue;
        archives_locate_node(a, g, (unsigned)i, in->cfg, in->st, &refs[n]);
        if (!refs[n].skipped)
            n++;
    }
    node_set_fini(&seen);
    *out = refs;
    return n;
}

void findings_add_scan_hits(struct findings *out, const struct dep_graph *g, unsigned node,
                            const struct scan_result *res)
{
    if (!out->arena)
        out->arena = arena_new();
    for (size_t i = 0; i < res->n_hits; i++) {
        const struct scan_hit *h = &res->hits[i];
        struct finding *f = VEC_ADD(&out->items);
        f->rule = arena_printf(out->arena, "scan:%s", h->rule);
        /* Both scales run info..critical in the same order. */
        f->severity = (unsigned)h->severity < SEV_COUNT ? (enum severity)h->severity : SEV_CRITICAL;
        f->node = node;
        f->lockfile = g->nodes.items[node].lockfile;
        f->message = h->line ? arena_printf(out->arena, "%s:%u: %s", h->file, h->line, h->message)
                             : arena_printf(out->arena, "%s: %s", h->file, h->message);
        /* The scanner's excerpt is already terminal-safe; a finding's text
         * is raw (each frontend escapes it once), so the escapes are undone
         * here rather than doubled in every pane and report. */
        f->evidence = h->excerpt ? termsafe_unescape_arena(out->arena, h->excerpt) : NULL;
        f->path = arena_strdup(out->arena, h->file);
        f->path_line = h->line;
        f->line_sha256 = h->line_sha256 && h->line_sha256[0]
                             ? arena_strdup(out->arena, h->line_sha256) : NULL;
    }
}

static void scan_stored(struct findings *out, const struct findings_input *in,
                        struct blobstore *bs, const struct rule_set *rs,
                        const struct archive_ref *r, const struct archive_result *ar,
                        struct archive_scan_summary *sum)
{
    struct diag d;
    diag_clear(&d);
    size_t len = 0;
    void *buf = archives_load(bs, r, &len, &d);
    struct scan_result *res =
        buf ? pkgscan_buffer(rs, r->eco, buf, len, ar->have_digest ? ar->digest : NULL,
                             r->filename ? r->filename : r->name, in->st, in->now, &d)
            : NULL;
    if (res) {
        findings_add_scan_hits(out, in->g, r->node, res);
        sum->scanned++;
    }
    scanner_result_free(res);
    free(buf);
}

void findings_from_archives(struct findings *out, const struct findings_input *in,
                            const char *cache_dir, struct archive_scan_summary *sum)
{
    memset(sum, 0, sizeof(*sum));
    if (!out->arena)
        out->arena = arena_new();
    struct diag d;
    diag_clear(&d);
    /* No archive was ever stored: nothing to look at, and nothing created. */
    char dir[4200];
    const char *db = in->st ? store_path(in->st) : NULL;
    const char *slash = db ? strrchr(db, '/') : NULL;
    if (!slash)
        return;
    snprintf(dir, sizeof(dir), "%.*s/archives", (int)(slash - db), db);
    if (!file_is_dir(dir))
        return;
    struct blobstore *bs = blobstore_open(cache_dir, &d);
    if (!bs)
        return;
    struct arena *a = arena_new();
    struct archive_ref *refs;
    size_t n = locate_all(a, in, &refs);
    struct archive_result *res = arena_alloc(a, (n + 1) * sizeof(*res));
    struct archives_options o = {true, NULL, NULL};   /* offline: verify what is stored */
    sum->archives = (unsigned)n;
    struct rule_set *rs = pkgscan_rules_load(cache_dir, &d);
    if (!rs) {
        sum->no_rules = true;
        diag_format(&d, sum->rules_error, sizeof(sum->rules_error));
    }
    diag_clear(&d);
    if (n && archives_fetch(refs, n, in->cfg, bs, &o, a, res, &d)) {
        archives_findings(refs, res, n, in->g, out);
        for (size_t i = 0; i < n; i++) {
            sum->mismatched += res[i].status == ARCHIVES_MISMATCH;
            sum->missing += res[i].status == ARCHIVES_MISSING;
            if (rs && (res[i].status == ARCHIVES_CACHED || res[i].status == ARCHIVES_FETCHED))
                scan_stored(out, in, bs, rs, &refs[i], &res[i], sum);
        }
    }
    rules_free(rs);
    arena_free(a);
    blobstore_free(bs);
    findings_sort(out);
}
