/* The version-diff pane, source part: starting the session's source diff,
 * the changed files it lists, one file's unified diff with its lines
 * coloured, and search within that diff. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/version.h"

static void clear_result(struct src_view *v)
{
    srcdiff_free(v->diff);
    v->diff = NULL;
    free(v->new_findings);
    v->new_findings = NULL;
    v->n_new_findings = 0;
    v->scan_error[0] = '\0';
    v->error[0] = '\0';
    v->mismatch = false;
    v->cursor = 0;
    v->match = -1;
}

void src_fini(struct app *a)
{
    clear_result(&a->src);
}

static void say(struct app *a, bool error, const char *what, const char *untrusted)
{
    char *safe = termsafe_dup(untrusted ? untrusted : "");
    snprintf(a->message, sizeof(a->message), "%s%.400s", what, safe);
    free(safe);
    a->message_error = error;
}

static void reset_doc(struct app *a)
{
    a->docs[PANE_DIFF].detail = -1;
    a->docs[PANE_DIFF].valid = false;
}

void src_start(struct app *a, unsigned node)
{
    struct src_view *v = &a->src;
    char from[128], to[128];
    struct diag d;
    diag_clear(&d);
    if (node == GRAPH_NONE || a->g->nodes.items[node].source != SOURCE_REGISTRY) {
        say(a, true, "select a registry package to compare its sources", NULL);
        return;
    }
    if (!pane_diff_pair(a, node, from, to, sizeof(from))) {
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
    clear_result(v);
    v->fd = fd;
    v->running = true;
    v->node = node;
    snprintf(v->from, sizeof(v->from), "%s", from);
    snprintf(v->to, sizeof(v->to), "%s", to);
    v->reveal = true;
    a->pane = PANE_DIFF;
    a->pane_focus = true;
    reset_doc(a);
}

void src_in(struct app *a)
{
    struct src_view *v = &a->src;
    struct session_srcdiff r;
    v->running = false;
    v->fd = -1;
    if (!session_srcdiff_finish(a->session, &r))
        return;
    clear_result(v);
    v->node = r.node;
    v->diff = r.r.diff;
    v->mismatch = r.r.mismatch;
    v->new_findings = r.r.new_findings;
    v->n_new_findings = r.r.n_new_findings;
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
    reset_doc(a);
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

static void list_files(struct app *a, struct pane_doc *doc)
{
    const struct srcdiff *s = a->src.diff;
    doc_line(doc, EL_DIFF_HEADER, "  %zu file%s changed, +%zu -%zu, %zu unchanged",
             s->n_files, s->n_files == 1 ? "" : "s", s->insertions, s->deletions,
             s->n_unchanged);
    if (a->src.scan_error[0])
        doc_wrap(doc, EL_ERROR, 2,
                 arena_printf(doc->arena, "scanner not run: %s", doc_safe(doc, a->src.scan_error)));
    if (a->src.new_findings) {
        doc_line(doc, a->src.n_new_findings ? EL_SEV_HIGH : EL_PANE_NOTE,
                 "  scanner: %zu finding%s new in the later version", a->src.n_new_findings,
                 a->src.n_new_findings == 1 ? "" : "s");
        for (const char *p = a->src.new_findings; *p;) {
            size_t n = strcspn(p, "\n");
            doc_line(doc, EL_NORMAL, "    %s", doc_safe(doc, arena_strndup(doc->arena, p, n)));
            p += n + (p[n] == '\n');
        }
    }
    if (!s->n_files)
        return;
    doc_line(doc, EL_PANE_NOTE, "  j k: choose a file, Enter: open its diff");
    if (a->src.cursor >= (int)s->n_files)
        a->src.cursor = (int)s->n_files - 1;
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
        doc_line(doc, el, "  %c %s %s", status_letter(f), counts, path);
        doc->lines.items[doc->lines.len - 1].item = (int)i;
    }
    a->src.listed = s->n_files;
}

void src_list(struct app *a, struct pane_doc *doc, unsigned node, const char *from,
              const char *to)
{
    struct src_view *v = &a->src;
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
        list_files(a, doc);
    else
        doc_line(doc, EL_PANE_NOTE, "  s: compare the two releases' sources");
    if (ours && v->reveal) {
        v->reveal = false;
        a->pane_top[PANE_DIFF] = v->list_line;
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

bool src_file_open(const struct app *a)
{
    return a->src.diff && a->docs[PANE_DIFF].detail >= 0 &&
           (size_t)a->docs[PANE_DIFF].detail < a->src.diff->n_files;
}

bool src_file(struct app *a, struct pane_doc *doc, unsigned node)
{
    if (doc->detail < 0 || !src_file_open(a) || a->src.node != node) {
        doc->detail = -1;
        return false;
    }
    const struct srcdiff_file *f = &a->src.diff->files[doc->detail];
    doc_line(doc, EL_PANE_LABEL, "%c %s  %s -> %s", status_letter(f), doc_safe(doc, f->path),
             doc_safe(doc, a->src.from), doc_safe(doc, a->src.to));
    doc_line(doc, EL_PANE_NOTE, "Esc: back to the files  /: search  n N: next, previous");
    if (!f->patch && f->status == SRCDIFF_RENAMED) {
        doc_line(doc, EL_PANE_NOTE, "renamed from %s, same content",
                 doc_safe(doc, f->old_path));
        return true;
    }
    if (!f->patch) {
        doc_line(doc, EL_PANE_NOTE, f->binary ? "binary (%s): %llu -> %llu bytes"
                                              : "no text diff (%s): %llu -> %llu bytes",
                 doc_safe(doc, f->kind ? f->kind : "?"), (unsigned long long)f->old_size,
                 (unsigned long long)f->new_size);
        return true;
    }
    bool in_hunk = false;
    for (size_t at = 0; at < f->patch_len;) {
        const char *s = f->patch + at;
        const char *nl = memchr(s, '\n', f->patch_len - at);
        size_t len = nl ? (size_t)(nl - s) : f->patch_len - at;
        int el = line_element(s, len, in_hunk);
        in_hunk = in_hunk || el == EL_DIFF_HUNK;
        if (in_hunk && s[0] == '\\')   /* libgit2's own remark: shown as is */
            doc_line(doc, el, "\\ No newline at end of file");
        else
            doc_code(doc, el, s, len);
        at += len + 1;
    }
    return true;
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

void src_next_match(struct app *a, long step)
{
    struct src_view *v = &a->src;
    const struct pane_doc *doc = &a->docs[PANE_DIFF];
    size_t n = doc->lines.len;
    if (!v->search[0] || !n) {
        snprintf(a->message, sizeof(a->message), "no search yet: / then the text");
        a->message_error = true;
        return;
    }
    size_t at = v->match < 0 ? (step > 0 ? n - 1 : 0) : (size_t)v->match;
    for (size_t k = 1; k <= n; k++) {
        size_t i = step > 0 ? (at + k) % n : (at + n - k % n) % n;
        if (line_has(&doc->lines.items[i], v->search)) {
            v->match = (long)i;
            a->pane_top[PANE_DIFF] = i > 2 ? i - 2 : 0;
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

void src_search(struct app *a, const char *text)
{
    snprintf(a->src.search, sizeof(a->src.search), "%s", text);
    /* From the top line shown, so the first match is the next one down. */
    size_t top = a->pane_top[PANE_DIFF];
    a->src.match = top ? (long)top - 1 : -1;
    src_next_match(a, 1);
}
