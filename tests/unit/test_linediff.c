/* linediff against libgit2's diff on the same texts: the hunks must be the
 * same bytes, on hand-made cases and on generated ones with many ties and
 * edit costs past xdiff's heuristic thresholds. */
#include <criterion/criterion.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/linediff.h"
#include "depvet/analysis/srcdiff.h"
#include "depvet/core/strbuf.h"
#include "pkg_build.h"

static void to_strbuf(void *priv, const char *p, size_t n)
{
    strbuf_append(priv, p, n);
}

static int git_line(const git_diff_delta *delta, const git_diff_hunk *hunk,
                    const git_diff_line *line, void *payload)
{
    struct strbuf *sb = payload;
    (void)delta;
    (void)hunk;
    if (line->origin == GIT_DIFF_LINE_FILE_HDR)
        return 0;
    if (line->origin == GIT_DIFF_LINE_CONTEXT || line->origin == GIT_DIFF_LINE_ADDITION ||
        line->origin == GIT_DIFF_LINE_DELETION)
        strbuf_putc(sb, line->origin);
    strbuf_append(sb, line->content, line->content_len);
    return 0;
}

/* libgit2's hunks (its file header left out). */
static void git_hunks(const char *a, const char *b, unsigned ctx, struct strbuf *out,
                      size_t *adds, size_t *dels)
{
    git_diff_options o;
    git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
    o.context_lines = ctx;
    o.flags = GIT_DIFF_FORCE_TEXT;
    git_patch *p = NULL;
    cr_assert_eq(git_patch_from_buffers(&p, a, strlen(a), "x", b, strlen(b), "x", &o), 0);
    size_t c = 0;
    git_patch_line_stats(&c, adds, dels, p);
    if (p)
        cr_assert_eq(git_patch_print(p, git_line, out), 0);
    git_patch_free(p);
}

static void same_as_git(const char *a, const char *b, unsigned ctx)
{
    struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
    size_t adds = 0, dels = 0;
    git_hunks(a, b, ctx, &want, &adds, &dels);
    struct linediff_sink sink = {to_strbuf, &got};
    struct linediff_counts n, n2;
    cr_assert(linediff_run(a, strlen(a), b, strlen(b), ctx, &sink, &n));
    cr_assert(linediff_run(a, strlen(a), b, strlen(b), ctx, NULL, &n2));
    size_t at = 0;
    while (at < want.len && at < got.len && want.buf[at] == got.buf[at])
        at++;
    cr_assert(at == want.len && at == got.len, "differs at %zu of %zu/%zu:\n%.200s\n---\n%.200s",
              at, want.len, got.len, strbuf_str(&want) + (at > 80 ? at - 80 : 0),
              strbuf_str(&got) + (at > 80 ? at - 80 : 0));
    cr_assert_eq(n.added, adds);
    cr_assert_eq(n.removed, dels);
    cr_assert_eq(n2.added, adds, "counts without hunks are the same");
    cr_assert_eq(n2.removed, dels);
    strbuf_fini(&want);
    strbuf_fini(&got);
}

static void init(void)
{
    git_libgit2_init();
}

static void fini(void)
{
    git_libgit2_shutdown();
}

TestSuite(linediff, .init = init, .fini = fini);

Test(linediff, hand_made_cases)
{
    same_as_git("", "", 3);
    same_as_git("", "a\nb\n", 3);
    same_as_git("a\nb\n", "", 3);
    same_as_git("a\nb", "a\nb\n", 3);
    same_as_git("a\n", "b", 3);
    same_as_git("x\na\nb\nc\n", "x\na\nc\nb\n", 1);
    same_as_git("a\n}\n}\n}\nb\n}\n}\nc\n", "a\n}\n}\n}\n}\nb\n}\nc\n}\n", 3);
    same_as_git("f(x)\n{\n\n  a;\n}\n\ng(y)\n{\n  b;\n}\n", "f(x)\n{\n  a;\n}\n\ng(y)\n{\n  c;\n}\n", 0);
    same_as_git("_start:  \n1\n2\n3\n4\n5\n6\n7\n8\n", "_start:  \n1\n2\n3\n4\n5\n6\n7\nX\n", 2);
}

/* Lines drawn from a small alphabet, so many lines match many others. */
static char *random_text(unsigned *seed, size_t lines, unsigned alphabet)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < lines; i++) {
        *seed = *seed * 1103515245u + 12345u;
        strbuf_printf(&sb, "l%u\n", (*seed >> 16) % alphabet);
    }
    return sb.buf ? sb.buf : calloc(1, 1);
}

/* b is a with runs deleted, replaced and inserted. */
static char *edited(unsigned *seed, const char *a, unsigned alphabet, unsigned rate)
{
    struct strbuf sb = STRBUF_INIT;
    for (const char *p = a; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = (size_t)(nl - p) + 1;
        *seed = *seed * 1103515245u + 12345u;
        unsigned r = (*seed >> 16) % 1000;
        if (r >= rate)
            strbuf_append(&sb, p, len);
        else if (r % 3 == 1)
            strbuf_printf(&sb, "n%u\n", r % alphabet);
        else if (r % 3 == 2)
            strbuf_printf(&sb, "%.*sl%u\n", (int)len, p, r % alphabet);
        p += len;
    }
    return sb.buf ? sb.buf : calloc(1, 1);
}

Test(linediff, generated_with_ties)
{
    unsigned seed = 12345;
    for (int round = 0; round < 60; round++) {
        size_t lines = 5 + (size_t)round * 3;
        unsigned alphabet = 2 + (unsigned)round % 7;
        char *a = random_text(&seed, lines, alphabet);
        char *b = edited(&seed, a, alphabet, 150 + (unsigned)round * 10);
        same_as_git(a, b, (unsigned)round % 4);
        free(a);
        free(b);
    }
}

Test(linediff, past_the_cost_heuristics)
{
    /* Thousands of scattered edits: the search passes HEUR_MIN_COST and the
     * sqrt-of-lines cap, where xdiff takes heuristic splits. */
    unsigned seed = 99;
    const unsigned alphabets[] = {40, 400, 5000};
    for (unsigned k = 0; k < 3; k++) {
        char *a = random_text(&seed, 20000, alphabets[k]);
        char *b = edited(&seed, a, alphabets[k], 300);
        same_as_git(a, b, 3);
        char *c = random_text(&seed, 15000, alphabets[k]);
        same_as_git(a, c, 3);
        free(a);
        free(b);
        free(c);
    }
}

/* A whole patch (header on) of srcdiff, as libgit2 prints the same pair:
 * a wheel's METADATA under two versioned folders, and an odd path. */
static void whole_patch_as_git(const struct srcdiff *s, const char *path, const char *a,
                               const char *a_path, const char *b, const char *b_path)
{
    size_t i = 0;
    while (i < s->n_files && strcmp(s->files[i].path, path) != 0)
        i++;
    cr_assert_lt(i, s->n_files, "%s", path);
    size_t len;
    const char *got = srcdiff_patch(s, i, &len);
    cr_assert_not_null(got);
    git_diff_options o;
    git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
    o.flags = GIT_DIFF_FORCE_TEXT;
    git_patch *p = NULL;
    cr_assert_eq(git_patch_from_buffers(&p, a, strlen(a), a_path, b, strlen(b), b_path, &o), 0);
    git_buf want = {0};
    cr_assert_eq(git_patch_to_buf(&want, p), 0);
    cr_assert(want.size == len && memcmp(want.ptr, got, len) == 0, "want:\n%s\ngot:\n%.*s",
              want.ptr, (int)len, got);
    git_buf_dispose(&want);
    git_patch_free(p);
}

Test(linediff, wheel_patches_as_libgit2_prints_them)
{
    static const struct ab_item old_whl[] = {
        {"pkg-1.0.dist-info/METADATA", 0, "Name: pkg\nVersion: 1.0\nRequires-Dist: a\n", NULL, NULL},
        {"pkg/\xc3\xa9 \"x\".py", 0, "a = 1\n", NULL, NULL},
    };
    static const struct ab_item new_whl[] = {
        {"pkg-1.1.dist-info/METADATA", 0, "Name: pkg\nVersion: 1.1\nRequires-Dist: a\nRequires-Dist: b\n",
         NULL, NULL},
        {"pkg/\xc3\xa9 \"x\".py", 0, "a = 2\n", NULL, NULL},
    };
    struct pkg_buf a = PKG_PLAIN(AB_ZIP, old_whl), b = PKG_PLAIN(AB_ZIP, new_whl);
    struct diag d;
    diag_clear(&d);
    struct srcdiff_options so = {.patches = true, .spool = true};
    struct srcdiff *s = srcdiff_new(a.buf, a.len, "a.whl", b.buf, b.len, "b.whl", &so, &d);
    cr_assert_not_null(s, "%s", d.msg);
    whole_patch_as_git(s, "pkg-1.1.dist-info/METADATA", old_whl[0].text, old_whl[0].path,
                       new_whl[0].text, new_whl[0].path);
    whole_patch_as_git(s, new_whl[1].path, old_whl[1].text, old_whl[1].path, new_whl[1].text,
                       new_whl[1].path);
    srcdiff_free(s);
    free(a.buf);
    free(b.buf);
}

/* An empty side may come as a NULL buffer (an empty file in an archive):
 * no pointer arithmetic on it (fuzz-srcdiff's first seed under UBSan). */
Test(linediff, empty_sides_without_a_buffer)
{
    struct linediff_counts n;
    cr_assert(linediff_run(NULL, 0, NULL, 0, 3, NULL, &n));
    cr_assert(linediff_run(NULL, 0, "a\n", 2, 3, NULL, &n));
    cr_assert(linediff_run("a\n", 2, NULL, 0, 3, NULL, &n));
}
