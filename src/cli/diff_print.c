/* Text and JSON renderings of a version diff. */
#include "depvet/cli/diff_print.h"

#include <string.h>

#include "depvet/core/json.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"

/* SGR sequences, only ever written when the caller asked for colour. */
enum { C_NONE, C_ADD, C_DEL, C_HUNK, C_HEAD, C_WARN, C_COUNT };
static const char *const colour_table[C_COUNT] = {
    [C_NONE] = "", [C_ADD] = "\033[32m", [C_DEL] = "\033[31m",
    [C_HUNK] = "\033[36m", [C_HEAD] = "\033[1m", [C_WARN] = "\033[1;31m",
};

static const char status_letter_table[SRCDIFF_STATUS_COUNT] = {
    [SRCDIFF_ADDED] = 'A', [SRCDIFF_REMOVED] = 'D', [SRCDIFF_MODIFIED] = 'M',
    [SRCDIFF_RENAMED] = 'R',
};

static void safe(struct strbuf *sb, const char *s)
{
    if (s)
        termsafe_append(sb, s, strlen(s), 0);
}

static void put_line(FILE *out, struct strbuf *sb, int c, bool colour)
{
    /* fwrite, not fprintf: a diff is hundreds of thousands of lines. */
    if (colour && c != C_NONE)
        fputs(colour_table[c], out);
    fwrite(strbuf_str(sb), 1, sb->len, out);
    fputs(colour && c != C_NONE ? "\033[0m\n" : "\n", out);
    strbuf_reset(sb);
}

static void print_heading(FILE *out, struct strbuf *sb, const struct srcdiff *s,
                          const struct diff_heading *h, bool colour)
{
    size_t renamed = 0, binary = 0;
    for (size_t i = 0; i < s->n_files; i++) {
        renamed += s->files[i].status == SRCDIFF_RENAMED;
        binary += s->files[i].binary;
    }
    if (h->package) {
        safe(sb, h->package);
        strbuf_putc(sb, ' ');
    }
    safe(sb, h->from);
    strbuf_puts(sb, " -> ");
    safe(sb, h->to);
    strbuf_printf(sb, ": %zu files changed, %zu insertions(+), %zu deletions(-), %zu renamed, "
                  "%zu binary, %zu unchanged",
                  s->n_files, s->insertions, s->deletions, renamed, binary, s->n_unchanged);
    put_line(out, sb, C_HEAD, colour);
    if (h->note) {
        safe(sb, h->note);
        put_line(out, sb, C_WARN, colour);
    }
    if (s->old_problems || s->new_problems) {
        strbuf_printf(sb, "  archive problems (links, caps, corruption): %zu before, %zu after",
                      s->old_problems, s->new_problems);
        put_line(out, sb, C_WARN, colour);
    }
}

static void print_meta(FILE *out, struct strbuf *sb, const struct srcdiff *s, bool colour)
{
    if (!s->n_meta)
        return;
    fprintf(out, "metadata:\n");
    for (size_t i = 0; i < s->n_meta; i++) {
        const struct srcdiff_meta *m = &s->meta[i];
        strbuf_printf(sb, "  %-14s ", m->kind);
        safe(sb, m->key);
        strbuf_puts(sb, ": ");
        if (m->old_value)
            safe(sb, m->old_value);
        else
            strbuf_puts(sb, "(none)");
        strbuf_puts(sb, " -> ");
        if (m->new_value)
            safe(sb, m->new_value);
        else
            strbuf_puts(sb, "(none)");
        bool risky = strcmp(m->kind, "install-script") == 0 && m->new_value;
        put_line(out, sb, risky ? C_WARN : C_NONE, colour);
    }
}

static void print_new_hits(FILE *out, struct strbuf *sb, const struct diff_heading *h,
                           bool colour)
{
    if (!h->scanned)
        return;
    if (!h->n_new_hits) {
        fprintf(out, "scanner: nothing new in %s\n", h->to ? h->to : "the later version");
        return;
    }
    fprintf(out, "scanner findings new in the later version:\n");
    for (size_t i = 0; i < h->n_new_hits; i++) {
        const struct scan_hit *x = &h->new_hits[i];
        strbuf_printf(sb, "  %-8s %s  ", rules_severity_name(x->severity), x->rule);
        safe(sb, x->file);
        if (x->line)
            strbuf_printf(sb, ":%u", x->line);
        strbuf_puts(sb, "  ");
        safe(sb, x->message);
        put_line(out, sb, x->severity >= SCAN_SEV_HIGH ? C_WARN : C_NONE, colour);
        if (x->excerpt) {
            strbuf_puts(sb, "           ");
            strbuf_puts(sb, x->excerpt);   /* already terminal-safe */
            put_line(out, sb, C_NONE, false);
        }
    }
}

static void print_stat(FILE *out, struct strbuf *sb, const struct srcdiff *s, bool colour)
{
    for (size_t i = 0; i < s->n_files; i++) {
        const struct srcdiff_file *f = &s->files[i];
        strbuf_printf(sb, " %c ", status_letter_table[f->status]);
        if (f->old_path && f->new_path && strcmp(f->old_path, f->new_path) != 0) {
            safe(sb, f->old_path);
            strbuf_puts(sb, " => ");
        }
        safe(sb, f->path);
        if (f->uncompared)
            strbuf_puts(sb, " | not compared (over a size cap)");
        else if (f->binary)
            strbuf_printf(sb, " | binary (%s) %llu -> %llu bytes", f->kind,
                          (unsigned long long)f->old_size, (unsigned long long)f->new_size);
        else
            strbuf_printf(sb, " | +%zu -%zu", f->added, f->removed);
        if (f->install_time)
            strbuf_puts(sb, "  (runs at install)");
        put_line(out, sb, f->install_time ? C_WARN : C_NONE, colour);
    }
}

static int line_colour(const char *line, size_t n)
{
    if (n >= 2 && line[0] == '@' && line[1] == '@')
        return C_HUNK;
    if ((n >= 4 && (memcmp(line, "+++ ", 4) == 0 || memcmp(line, "--- ", 4) == 0)) ||
        (n >= 5 && memcmp(line, "diff ", 5) == 0))
        return C_HEAD;
    if (n && line[0] == '+')
        return C_ADD;
    if (n && line[0] == '-')
        return C_DEL;
    return C_NONE;
}

/* Lines are gathered into sb and written 64 KiB at a time: a large
 * upgrade's diff is a million lines, and two stdio calls a line cost more
 * than the diff.  Colour needs a sequence around each line: one at a time. */
static void print_patches(FILE *out, struct strbuf *sb, const struct srcdiff *s, bool colour)
{
    static const char eof_mark[] = "\\ No newline at end of file";
    for (size_t i = 0; i < s->n_files; i++) {
        size_t len;
        const char *p = srcdiff_patch(s, i, &len), *end = p ? p + len : NULL;
        while (p && p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
            if (n == sizeof(eof_mark) - 1 && memcmp(p, eof_mark, n) == 0)
                strbuf_append(sb, p, n);   /* libgit2's own marker, not file text */
            else
                termsafe_append(sb, p, n, TERMSAFE_KEEP_TAB);
            if (colour) {
                put_line(out, sb, line_colour(p, n), colour);
            } else {
                strbuf_putc(sb, '\n');
                if (sb->len >= 64 * 1024) {
                    fwrite(sb->buf, 1, sb->len, out);
                    strbuf_reset(sb);
                }
            }
            p += n + 1;
        }
    }
    fwrite(sb->buf ? sb->buf : "", 1, sb->len, out);
    strbuf_reset(sb);
}

void diff_print_text(FILE *out, const struct srcdiff *s, const struct diff_heading *h,
                     enum diff_view view, bool colour)
{
    struct strbuf sb = STRBUF_INIT;
    if (view == DIFF_VIEW_NAMES) {
        for (size_t i = 0; i < s->n_files; i++) {
            safe(&sb, s->files[i].path);
            put_line(out, &sb, C_NONE, false);
        }
        strbuf_fini(&sb);
        return;
    }
    print_heading(out, &sb, s, h, colour);
    print_meta(out, &sb, s, colour);
    diff_print_registry_text(out, h);
    print_new_hits(out, &sb, h, colour);
    print_stat(out, &sb, s, colour);
    if (view == DIFF_VIEW_FULL)
        print_patches(out, &sb, s, colour);
    strbuf_fini(&sb);
}

static void kv(struct strbuf *sb, const char *key, const char *value, bool comma)
{
    strbuf_printf(sb, "%s\"%s\":", comma ? "," : "", key);
    if (value)
        json_put_string(sb, value);
    else
        strbuf_puts(sb, "null");
}

static void json_file(struct strbuf *sb, const struct srcdiff *s, size_t i, enum diff_view view)
{
    const struct srcdiff_file *f = &s->files[i];
    strbuf_putc(sb, '{');
    kv(sb, "status", srcdiff_status_name(f->status), false);
    kv(sb, "path", f->path, true);
    kv(sb, "old_path", f->old_path, true);
    kv(sb, "new_path", f->new_path, true);
    kv(sb, "kind", f->kind, true);
    strbuf_printf(sb, ",\"binary\":%s,\"compared\":%s,\"added\":%zu,\"removed\":%zu,"
                  "\"old_size\":%llu,\"new_size\":%llu,\"install_time\":%s",
                  f->binary ? "true" : "false", f->uncompared ? "false" : "true", f->added,
                  f->removed, (unsigned long long)f->old_size, (unsigned long long)f->new_size,
                  f->install_time ? "true" : "false");
    size_t len;
    if (view == DIFF_VIEW_FULL)
        kv(sb, "patch", srcdiff_patch(s, i, &len), true);
    strbuf_putc(sb, '}');
}

void diff_print_json(FILE *out, const struct srcdiff *s, const struct diff_heading *h,
                     enum diff_view view)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{\"schema\":\"depvet.diff/1\"");
    kv(&sb, "package", h->package, true);
    kv(&sb, "from", h->from, true);
    kv(&sb, "to", h->to, true);
    kv(&sb, "note", h->note, true);
    strbuf_printf(&sb, ",\"hex_contents\":%s,\"totals\":{\"files_changed\":%zu,\"insertions\":%zu,"
                  "\"deletions\":%zu,\"unchanged\":%zu,\"old_files\":%zu,\"new_files\":%zu,"
                  "\"old_problems\":%zu,\"new_problems\":%zu},\"metadata\":[",
                  s->hex ? "true" : "false", s->n_files, s->insertions, s->deletions,
                  s->n_unchanged, s->old_files, s->new_files, s->old_problems, s->new_problems);
    for (size_t i = 0; i < s->n_meta; i++) {
        strbuf_puts(&sb, i ? ",{" : "{");
        kv(&sb, "kind", s->meta[i].kind, false);
        kv(&sb, "key", s->meta[i].key, true);
        kv(&sb, "old", s->meta[i].old_value, true);
        kv(&sb, "new", s->meta[i].new_value, true);
        strbuf_putc(&sb, '}');
    }
    strbuf_putc(&sb, ']');
    diff_print_registry_json(&sb, h);
    strbuf_puts(&sb, ",\"new_findings\":");
    if (!h->scanned)
        strbuf_puts(&sb, "null");
    for (size_t i = 0; h->scanned && i <= h->n_new_hits; i++) {
        if (i == h->n_new_hits) {
            strbuf_puts(&sb, i ? "]" : "[]");
            break;
        }
        const struct scan_hit *x = &h->new_hits[i];
        strbuf_puts(&sb, i ? ",{" : "[{");
        kv(&sb, "rule", x->rule, false);
        kv(&sb, "severity", rules_severity_name(x->severity), true);
        kv(&sb, "file", x->file, true);
        strbuf_printf(&sb, ",\"line\":%u", x->line);
        kv(&sb, "message", x->message, true);
        kv(&sb, "excerpt", x->excerpt, true);
        strbuf_putc(&sb, '}');
    }
    strbuf_puts(&sb, ",\"files\":[");
    for (size_t i = 0; i < s->n_files; i++) {
        if (i)
            strbuf_putc(&sb, ',');
        json_file(&sb, s, i, view);
        fwrite(sb.buf, 1, sb.len, out);   /* one patch in memory at a time */
        strbuf_reset(&sb);
    }
    strbuf_puts(&sb, "]}\n");
    fwrite(sb.buf, 1, sb.len, out);
    strbuf_fini(&sb);
}
