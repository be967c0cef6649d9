/* The version-diff pane, source part: starting the session's source diff,
 * the changed files it lists, one file's unified diff with its lines
 * coloured, and search within that diff. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "pane_diff.h"
#include "depvet/analysis/rules.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/version.h"
#include "depvet/core/xmalloc.h"

static void clear_result(struct pane *pane)
{
    struct src_view *v = src_view_of(pane);
    srcdiff_free(v->diff);
    v->diff = NULL;
    free(v->hits);
    v->hits = NULL;
    v->n_hits = 0;
    v->scanned = false;
    v->scan_error[0] = '\0';
    v->hit_lines.len = 0;
    v->hit_pos = -1;
    v->error[0] = '\0';
    v->mismatch = false;
    pane->cursor = 0;
    pane->mark = -1;
}

void src_fini(struct pane *pane)
{
    clear_result(pane);
    VEC_FREE(&src_view_of(pane)->hit_lines);
}

static void say(struct app *a, bool error, const char *what, const char *untrusted)
{
    char *safe = termsafe_dup(untrusted ? untrusted : "");
    snprintf(a->message, sizeof(a->message), "%s%.400s", what, safe);
    free(safe);
    a->message_error = error;
}

static void reset_doc(struct pane *pane)
{
    pane->doc.detail = -1;
    pane->doc.valid = false;
}

void src_start(struct app *a, struct pane *pane, unsigned node)
{
    struct src_view *v = src_view_of(pane);
    char from[128], to[128];
    struct diag d;
    diag_clear(&d);
    if (node == GRAPH_NONE || a->g->nodes.items[node].source != SOURCE_REGISTRY) {
        say(a, true, "select a registry package to compare its sources", NULL);
        return;
    }
    if (!pane_diff_pair(a, pane, node, from, to, sizeof(from))) {
        say(a, true, "no releases known: refresh the package first (R)", NULL);
        return;
    }
    if (version_compare(a->g->nodes.items[node].eco, from, to) >= 0) {
        say(a, true, "pick a later second version to compare with ({ })", NULL);
        return;
    }
    int fd = session_srcdiff_start(a->session, node, from, to, &d);
    if (fd < 0) {
        say(a, true, "no source diff: ", d.msg);
        return;
    }
    clear_result(pane);
    pane->fd = fd;
    v->running = true;
    v->node = node;
    snprintf(v->from, sizeof(v->from), "%s", from);
    snprintf(v->to, sizeof(v->to), "%s", to);
    v->reveal = true;
    pane_show(a, pane, true);
    reset_doc(pane);
}

void src_in(struct app *a, struct pane *pane)
{
    struct src_view *v = src_view_of(pane);
    struct session_srcdiff r;
    v->running = false;
    pane->fd = -1;
    if (!session_srcdiff_finish(a->session, &r))
        return;
    clear_result(pane);
    v->node = r.node;
    v->diff = r.r.diff;
    v->mismatch = r.r.mismatch;
    v->hits = r.r.new_hits;
    v->n_hits = r.r.n_new_hits;
    v->scanned = r.r.scanned;
    snprintf(v->scan_error, sizeof(v->scan_error), "%s", r.r.scan_error);
    if (!r.r.ok) {
        char *safe = termsafe_dup(r.r.diag.msg);
        snprintf(v->error, sizeof(v->error), "%s%.600s",
                 v->mismatch && !strstr(safe, "CRITICAL") ? "CRITICAL checksum mismatch: " : "",
                 safe);
        free(safe);
        say(a, true, "source diff failed: ", v->error);
    } else if (v->scan_error[0]) {
        say(a, true, "source diff without the scanner: ", v->scan_error);
    } else {
        snprintf(a->message, sizeof(a->message), "source diff: %zu file%s changed",
                 v->diff->n_files, v->diff->n_files == 1 ? "" : "s");
        a->message_error = false;
    }
    v->reveal = true;
    reset_doc(pane);
    a->dirty = true;
}

static bool shows(const struct src_view *v, unsigned node, const char *from, const char *to)
{
    return v->node == node && strcmp(v->from, from) == 0 && strcmp(v->to, to) == 0;
}

/* A, D, M, R, and B for a binary file that changed. */
static char status_letter(const struct srcdiff_file *f)
{
    static const char letter_table[SRCDIFF_STATUS_COUNT] = {'A', 'D', 'M', 'R'};
    if (f->binary && f->status == SRCDIFF_MODIFIED)
        return 'B';
    return (unsigned)f->status < SRCDIFF_STATUS_COUNT ? letter_table[f->status] : '?';
}

/* The scanner's part: why it did not run, or its new hits. */
static void list_hits(const struct src_view *v, struct pane_doc *doc)
{
    if (v->scan_error[0])
        doc_wrap(doc, EL_ERROR, 2,
                 arena_printf(doc->arena, "scanner not run: %s", v->scan_error));
    if (!v->scanned)
        return;
    doc_line(doc, v->n_hits ? EL_SEV_HIGH : EL_PANE_NOTE,
             "  scanner: %zu finding%s new in the later version%s", v->n_hits,
             v->n_hits == 1 ? "" : "s", v->n_hits ? " (! in a file's gutter, x X: jump)" : "");
    for (size_t i = 0; i < v->n_hits; i++) {
        const struct diffjob_hit *h = &v->hits[i];
        doc_line(doc, severity_element((int)h->severity), "    %-8s %s %s:%u %s",
                 rules_severity_name(h->severity), doc_safe(doc, h->rule), doc_safe(doc, h->file),
                 h->line, doc_safe(doc, h->message));
    }
}

/* What the archives' manifests say changed: an install script or build
 * hook is what a reviewer looks at first. */
static void list_meta(struct pane_doc *doc, const struct srcdiff *s)
{
    static const struct { const char *kind; int el; } meta_el_table[] = {
        {"install-script", EL_SEV_HIGH}, {"build-tool", EL_SEV_MEDIUM}, {NULL, EL_NORMAL},
    };
    if (s->n_meta)
        doc_line(doc, EL_PANE_NOTE, "  metadata changes");
    for (size_t i = 0; i < s->n_meta; i++) {
        const struct srcdiff_meta *m = &s->meta[i];
        size_t k = 0;
        while (meta_el_table[k].kind && strcmp(meta_el_table[k].kind, m->kind) != 0)
            k++;
        doc_wrap(doc, meta_el_table[k].el, 4,
                 arena_printf(doc->arena, "%s %s: %s -> %s", m->kind, m->key,
                              m->old_value ? m->old_value : "(none)",
                              m->new_value ? m->new_value : "(none)"));
    }
}

/* How many new hits fall in the file at path. */
static size_t hits_in(const struct src_view *v, const char *path)
{
    size_t n = 0;
    for (size_t i = 0; path && i < v->n_hits; i++)
        n += strcmp(v->hits[i].file, path) == 0;
    return n;
}

static void list_files(struct pane *pane, struct pane_doc *doc)
{
    struct src_view *v = src_view_of(pane);
    const struct srcdiff *s = v->diff;
    doc_line(doc, EL_DIFF_HEADER, "  %zu file%s changed, +%zu -%zu, %zu unchanged",
             s->n_files, s->n_files == 1 ? "" : "s", s->insertions, s->deletions,
             s->n_unchanged);
    list_hits(v, doc);
    list_meta(doc, s);
    if (!s->n_files)
        return;
    doc_line(doc, EL_PANE_NOTE, "  j k: choose a file, Enter: open its diff");
    if (pane->cursor >= (int)s->n_files)
        pane->cursor = (int)s->n_files - 1;
    for (size_t i = 0; i < s->n_files; i++) {
        const struct srcdiff_file *f = &s->files[i];
        char counts[64];
        if (f->binary)
            snprintf(counts, sizeof(counts), "%-12s", "binary");
        else
            snprintf(counts, sizeof(counts), "+%-5zu -%-5zu", f->added, f->removed);
        const char *path = f->status == SRCDIFF_RENAMED && f->old_path
            ? arena_printf(doc->arena, "%s -> %s", doc_safe(doc, f->old_path),
                           doc_safe(doc, f->new_path))
            : doc_safe(doc, f->path);
        int el = f->status == SRCDIFF_ADDED ? EL_DIFF_LINE_ADD
                 : f->status == SRCDIFF_REMOVED ? EL_DIFF_LINE_DEL : EL_NORMAL;
        size_t nh = hits_in(v, f->new_path);
        doc_line(doc, el, "  %c %s %s%s", status_letter(f), counts, path,
                 nh ? arena_printf(doc->arena, "  ! %zu new hit%s", nh, nh == 1 ? "" : "s") : "");
        doc->lines.items[doc->lines.len - 1].item = (int)i;
    }
    v->listed = s->n_files;
}

void src_list(struct app *a, struct pane *pane, struct pane_doc *doc, unsigned node,
              const char *from, const char *to)
{
    struct src_view *v = src_view_of(pane);
    v->listed = 0;
    v->list_line = doc->lines.len;
    doc_line(doc, EL_PANE_LABEL, "source diff");
    bool ours = shows(v, node, from, to);
    if (ours && v->running)
        doc_line(doc, EL_PANE_NOTE, "  comparing %s and %s%s...", doc_safe(doc, from),
                 doc_safe(doc, to), session_offline(a->session) ? "" : " (downloading when not stored)");
    else if (ours && v->error[0])
        doc_wrap(doc, v->mismatch ? EL_SEV_CRITICAL : EL_ERROR, 2, v->error);
    else if (ours && v->diff)
        list_files(pane, doc);
    else
        doc_line(doc, EL_PANE_NOTE, "  s: compare the two releases' sources");
    if (ours && v->reveal) {
        v->reveal = false;
        pane->top = v->list_line;
    }
}

/* The element of one line of a unified diff; header lines come before the
 * first hunk. */
static int line_element(const char *s, size_t len, bool in_hunk)
{
    if (len >= 2 && s[0] == '@' && s[1] == '@')
        return EL_DIFF_HUNK;
    if (!in_hunk)
        return EL_DIFF_HEADER;
    return s[0] == '+' ? EL_DIFF_LINE_ADD : s[0] == '-' ? EL_DIFF_LINE_DEL
           : s[0] == '\\' ? EL_PANE_NOTE : EL_NORMAL;
}

bool src_file_open(const struct pane *pane)
{
    const struct src_view *v = &((const struct diff_state *)pane->priv)->src;
    return v->diff && pane->doc.detail >= 0 && (size_t)pane->doc.detail < v->diff->n_files;
}

/* The open file's hits no shown line carries (whole-file hits, lines out
 * of the diff's context), said above the diff. */
static void unplaced_hits(const struct src_view *v, struct pane_doc *doc, const char *path,
                          const unsigned char *placed)
{
    for (size_t i = 0; i < v->n_hits; i++) {
        const struct diffjob_hit *h = &v->hits[i];
        if (placed[i] || strcmp(h->file, path) != 0)
            continue;
        doc_line(doc, severity_element((int)h->severity), "! %s %s%s: %s",
                 rules_severity_name(h->severity), doc_safe(doc, h->rule),
                 h->line ? arena_printf(doc->arena, " at line %u (not in the diff)", h->line)
                         : " (the whole file)",
                 doc_safe(doc, h->message));
    }
}

/* The gutter's marks, as code_line draws them and ? explains them. */
const struct mark_help src_gutter_table[] = {
    {"! ", "! ", "a scanner hit new on this line of the source diff (x X)"},
    {"\u21b3 ", "> ", "the line above goes on: long lines wrap, never cut"},
};
const size_t src_gutter_count = sizeof src_gutter_table / sizeof *src_gutter_table;

/* A line of the later version (number line of path): marked "! " in the
 * gutter with its hits under it when the scanner has new ones there. */
static void code_line(struct app *a, struct src_view *v, struct pane_doc *doc, int el,
                      const char *s, size_t len, const char *path, unsigned line,
                      unsigned char *placed)
{
    bool hit = false;
    for (size_t i = 0; line && path && i < v->n_hits; i++)
        hit |= v->hits[i].line == line && strcmp(v->hits[i].file, path) == 0;
    const struct mark_help *hit_m = &src_gutter_table[0], *cont_m = &src_gutter_table[1];
    const char *cont = a->ascii ? cont_m->ascii : cont_m->text;
    if (hit)
        VEC_PUSH(&v->hit_lines, doc->lines.len);
    doc_code(doc, el, hit ? hit_m->text : "  ", cont, s, len);
    for (size_t i = 0; hit && i < v->n_hits; i++) {
        const struct diffjob_hit *h = &v->hits[i];
        if (h->line != line || strcmp(h->file, path) != 0)
            continue;
        placed[i] = 1;
        doc_line(doc, severity_element((int)h->severity), "  ^ %s %s: %s",
                 rules_severity_name(h->severity), doc_safe(doc, h->rule),
                 doc_safe(doc, h->message));
    }
}

/* The unified diff's lines, the later version's line numbers counted from
 * each hunk header so hits land on their lines. */
static void patch_lines(struct app *a, struct src_view *v, struct pane_doc *doc,
                        const struct srcdiff_file *f, const char *patch, size_t patch_len,
                        unsigned char *placed)
{
    bool in_hunk = false;
    unsigned next = 0;   /* the later version's number of the next line */
    for (size_t at = 0; at < patch_len;) {
        const char *s = patch + at;
        const char *nl = memchr(s, '\n', patch_len - at);
        size_t len = nl ? (size_t)(nl - s) : patch_len - at;
        int el = line_element(s, len, in_hunk);
        in_hunk = in_hunk || el == EL_DIFF_HUNK;
        unsigned line = 0;
        if (el == EL_DIFF_HUNK && sscanf(s, "@@ -%*[0-9,] +%u", &next) != 1)
            next = 0;
        else if (in_hunk && el != EL_DIFF_HUNK && (s[0] == '+' || s[0] == ' '))
            line = next ? next++ : 0;
        if (in_hunk && s[0] == '\\')   /* libgit2's own remark: shown as is */
            doc_line(doc, el, "  \\ No newline at end of file");
        else
            code_line(a, v, doc, el, s, len, f->new_path, line, placed);
        at += len + 1;
    }
}

bool src_file(struct app *a, struct pane *pane, struct pane_doc *doc, unsigned node)
{
    struct src_view *v = src_view_of(pane);
    if (doc->detail < 0 || !src_file_open(pane) || v->node != node) {
        doc->detail = -1;
        return false;
    }
    const struct srcdiff_file *f = &v->diff->files[doc->detail];
    doc_line(doc, EL_PANE_LABEL, "%c %s  %s -> %s", status_letter(f), doc_safe(doc, f->path),
             doc_safe(doc, v->from), doc_safe(doc, v->to));
    doc_line(doc, EL_PANE_NOTE, "Esc: back to the files  /: search  n N: next, previous%s",
             hits_in(v, f->new_path) ? "  x X: scanner hits" : "");
    v->hit_lines.len = 0;
    size_t patch_len;   /* read back from the spool: one file's patch held at a time */
    const char *patch = srcdiff_patch(v->diff, (size_t)doc->detail, &patch_len);
    if (!patch && f->status == SRCDIFF_RENAMED) {
        doc_line(doc, EL_PANE_NOTE, "renamed from %s, same content",
                 doc_safe(doc, f->old_path));
        return true;
    }
    if (!patch) {
        doc_line(doc, EL_PANE_NOTE, f->binary ? "binary (%s): %llu -> %llu bytes"
                                              : "no text diff (%s): %llu -> %llu bytes",
                 doc_safe(doc, f->kind ? f->kind : "?"), (unsigned long long)f->old_size,
                 (unsigned long long)f->new_size);
        return true;
    }
    unsigned char *placed = xcalloc(v->n_hits + 1, 1);
    size_t first = doc->lines.len;
    patch_lines(a, v, doc, f, patch, patch_len, placed);
    size_t end = doc->lines.len;
    unplaced_hits(v, doc, f->new_path ? f->new_path : "", placed);
    /* Said above the diff: move those lines up, under the key line. */
    size_t k = doc->lines.len - end;
    if (k) {
        struct pane_line *tmp = xcalloc(k, sizeof(*tmp));
        memcpy(tmp, doc->lines.items + end, k * sizeof(*tmp));
        memmove(doc->lines.items + first + k, doc->lines.items + first,
                (end - first) * sizeof(*tmp));
        memcpy(doc->lines.items + first, tmp, k * sizeof(*tmp));
        free(tmp);
        for (size_t i = 0; i < v->hit_lines.len; i++)
            v->hit_lines.items[i] += k;
    }
    free(placed);
    return true;
}

void src_next_hit(struct app *a, struct pane *pane, long step)
{
    struct src_view *v = src_view_of(pane);
    size_t n = v->hit_lines.len;
    if (!n) {
        snprintf(a->message, sizeof(a->message), "no new scanner hit on a line of this file");
        a->message_error = true;
        return;
    }
    v->hit_pos = v->hit_pos < 0 ? (step > 0 ? 0 : (long)n - 1)
                                : ((v->hit_pos + step) % (long)n + (long)n) % (long)n;
    size_t line = v->hit_lines.items[v->hit_pos];
    pane->top = line > 2 ? line - 2 : 0;
    snprintf(a->message, sizeof(a->message), "scanner hit %ld of %zu in this file",
             v->hit_pos + 1, n);
    a->message_error = false;
}

/* Whether the doc line holds text, caselessly (lines are already safe,
 * so a match is on what the user sees). */
static bool line_has(const struct pane_line *l, const char *text)
{
    size_t n = strlen(text);
    for (const char *p = l->text; *p; p++)
        if (strncasecmp(p, text, n) == 0)
            return true;
    return false;
}

void src_next_match(struct app *a, struct pane *pane, long step)
{
    struct src_view *v = src_view_of(pane);
    const struct pane_doc *doc = &pane->doc;
    size_t n = doc->lines.len;
    if (!v->search[0] || !n) {
        snprintf(a->message, sizeof(a->message), "no search yet: / then the text");
        a->message_error = true;
        return;
    }
    size_t at = pane->mark < 0 ? (step > 0 ? n - 1 : 0) : (size_t)pane->mark;
    for (size_t k = 1; k <= n; k++) {
        size_t i = step > 0 ? (at + k) % n : (at + n - k % n) % n;
        if (line_has(&doc->lines.items[i], v->search)) {
            pane->mark = (long)i;
            pane->top = i > 2 ? i - 2 : 0;
            snprintf(a->message, sizeof(a->message), "/%.200s: line %zu", v->search, i + 1);
            a->message_error = false;
            return;
        }
    }
    char *safe = termsafe_dup(v->search);
    snprintf(a->message, sizeof(a->message), "no match for /%.200s in this file", safe);
    free(safe);
    a->message_error = true;
}

void src_search(struct app *a, struct pane *pane, const char *text)
{
    struct src_view *v = src_view_of(pane);
    snprintf(v->search, sizeof(v->search), "%s", text);
    /* From the top line shown, so the first match is the next one down. */
    size_t top = pane->top;
    pane->mark = top ? (long)top - 1 : -1;
    src_next_match(a, pane, 1);
}
