/* Arena, string builder, diagnostics, ecosystems, graph. */
#include <criterion/criterion.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/core/ecosystem.h"
#include "depvet/core/fileio.h"
#include "depvet/core/numfmt.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/vec.h"
#include "depvet/lock/graph.h"

/* What another thread allocated in its own arena lives on in the one
 * that adopts it, and allocation goes on in the adopter. */
Test(arena, adopt_keeps_the_other_arena_alive)
{
    struct arena *a = arena_new();
    char *mine = arena_strdup(a, "mine");
    struct arena *other = arena_new();
    char *theirs = arena_strdup(other, "theirs");
    unsigned char *big = arena_alloc(other, 1 << 20);
    big[0] = 7;
    arena_adopt(a, other);
    cr_assert_str_eq(theirs, "theirs");
    cr_assert_eq(big[0], 7);
    cr_assert_str_eq(arena_strdup(a, "after"), "after");
    cr_assert_str_eq(mine, "mine");
    cr_assert_geq(arena_used(a), (size_t)(1 << 20));
    struct arena *empty = arena_new();
    arena_adopt(empty, arena_new());
    arena_adopt(empty, NULL);
    arena_free(empty);
    arena_free(a);   /* ASan: every block freed once */
}

Test(arena, many_small_and_one_big)
{
    struct arena *a = arena_new();
    char *first = arena_strdup(a, "hello");
    for (int i = 0; i < 10000; i++)
        cr_assert_not_null(arena_alloc(a, 24));
    unsigned char *big = arena_alloc(a, 1 << 20);
    for (int i = 0; i < (1 << 20); i++)
        cr_assert_eq(big[i], 0);
    cr_assert_str_eq(first, "hello");
    cr_assert_str_eq(arena_printf(a, "%s-%d", "x", 42), "x-42");
    cr_assert_null(arena_strdup(a, NULL));
    cr_assert_geq(arena_used(a), (size_t)(1 << 20));
    arena_free(a);
    arena_free(NULL);
}

Test(strbuf, append_printf_take)
{
    struct strbuf sb = STRBUF_INIT;
    cr_assert_str_eq(strbuf_str(&sb), "");
    strbuf_puts(&sb, "ab");
    strbuf_putc(&sb, 'c');
    strbuf_printf(&sb, "%05d", 7);
    cr_assert_str_eq(strbuf_str(&sb), "abc00007");
    char *s = strbuf_take(&sb);
    cr_assert_str_eq(s, "abc00007");
    cr_assert_eq(sb.len, 0);
    free(s);
    strbuf_fini(&sb);
}

Test(vec, push_and_grow)
{
    VEC(int) v = {0};
    for (int i = 0; i < 1000; i++)
        VEC_PUSH(&v, i);
    cr_assert_eq(v.len, 1000);
    cr_assert_eq(v.items[999], 999);
    VEC_FREE(&v);
    cr_assert_null(v.items);
}

Test(diag, first_error_wins_and_formats)
{
    struct diag d;
    diag_clear(&d);
    cr_assert_not(diag_failed(&d));
    diag_set(&d, DIAG_SYNTAX, "mix.lock", 3, 14, "expected '%c'", '}');
    diag_set(&d, DIAG_IO, "other", 1, 1, "second");
    char out[1024];
    diag_format(&d, out, sizeof(out));
    cr_assert_str_eq(out, "mix.lock:3:14: expected '}'");
    diag_clear(&d);
    diag_set(&d, DIAG_SYNTAX, "https://hex.pm/api/packages/x", 0, 0, "not a string");
    diag_set_pointer(&d, "/releases/0/version");
    diag_format(&d, out, sizeof(out));
    cr_assert_str_eq(out, "https://hex.pm/api/packages/x (field /releases/0/version): not a string");
}

Test(diag, locate)
{
    const char *buf = "ab\ncd\nef";
    unsigned l, c;
    diag_locate(buf, buf + 7, &l, &c);
    cr_assert_eq(l, 3);
    cr_assert_eq(c, 2);
}

Test(fileio, read_cap_and_atomic_write)
{
    char dir[] = "/tmp/depvet-test-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof(path), "%s/f", dir);
    struct diag d;
    diag_clear(&d);
    cr_assert(file_write_atomic(path, "0123456789", 10, &d));
    size_t len;
    char *s = file_read(path, 100, &len, &d);
    cr_assert_str_eq(s, "0123456789");
    cr_assert_eq(len, 10);
    free(s);
    cr_assert_null(file_read(path, 5, &len, &d));
    cr_assert_eq(d.code, DIAG_LIMIT);
    diag_clear(&d);
    cr_assert_null(file_read("/nonexistent/x", 5, &len, &d));
    cr_assert_eq(d.code, DIAG_IO);
    unlink(path);
    rmdir(dir);
}

Test(ecosystem, names_and_normalisation)
{
    enum ecosystem e;
    cr_assert(ecosystem_parse("pypi", &e));
    cr_assert_eq(e, ECO_PYPI);
    cr_assert_not(ecosystem_parse("cargo", &e));
    char buf[64];
    ecosystem_normalize_name(ECO_PYPI, "Foo.__Bar-_baz", buf, sizeof(buf));
    cr_assert_str_eq(buf, "foo-bar-baz");
    ecosystem_normalize_name(ECO_NPM, "@Scope/Pkg", buf, sizeof(buf));
    cr_assert_str_eq(buf, "@Scope/Pkg");
    cr_assert_eq(ecosystem_normalize_name(ECO_HEX, "abcdef", buf, 4), 6);
    cr_assert_str_eq(buf, "abc");
}

Test(graph, by_name_edges_dedupe_and_roots)
{
    struct dep_graph *g = graph_new();
    unsigned lf = graph_add_lockfile(g, "requirements.txt", "requirements.txt", ECO_PYPI);
    unsigned a = graph_add_node(g, lf, ECO_PYPI, "Flask", "3.0.0");
    unsigned b = graph_add_node(g, lf, ECO_PYPI, "Jinja2", "3.1.2");
    unsigned c = graph_add_node(g, lf, ECO_PYPI, "markupsafe", "2.1.3");
    for (int i = 0; i < 500; i++) /* forces the name index to grow */
        graph_add_node(g, lf, ECO_PYPI, arena_printf(g->arena, "pkg%d", i), "1");
    graph_node(g, a)->flags |= DEP_DIRECT;
    graph_add_edge_by_name(g, a, "jinja2", ">=3.1", 0);
    graph_add_edge_by_name(g, a, "JINJA2", ">=3.1", 0);
    graph_add_edge_by_name(g, b, "MarkupSafe", ">=2.0", 0);
    graph_add_edge_by_name(g, b, "missing", NULL, 0);
    graph_node_add_checksum(g, c, "sha256", "ab", "sdist");
    graph_node_add_checksum(g, c, "sha256", "cd", "wheel");
    cr_assert_eq(graph_find(g, lf, "MARKUPSAFE"), c);
    cr_assert_eq(graph_find(g, lf, "pkg499"), 502);
    graph_finish(g);
    cr_assert_eq(g->n_unresolved, 1);
    cr_assert_eq(g->edges.len, 2);
    cr_assert_eq(graph_node(g, a)->n_out, 1);
    cr_assert_eq(graph_node(g, c)->n_in, 1);
    cr_assert_eq(g->edges.items[g->in[graph_node(g, c)->first_in]].from, b);
    cr_assert_eq(graph_node(g, c)->n_checksums, 2);
    unsigned *roots;
    size_t nr = graph_roots(g, lf, &roots);
    cr_assert_eq(nr, 1);
    cr_assert_eq(roots[0], a);
    free(roots);
    graph_free(g);
}

#include "depvet/core/json.h"

Test(json, errors_name_line_and_column)
{
    struct diag d;
    diag_clear(&d);
    const char *bad = "{\n  \"a\": [1,\n  2,,]\n}";
    cr_assert_null(json_parse(bad, strlen(bad), "x.json", &d));
    cr_assert_eq(d.line, 3);
    diag_clear(&d);
    cr_assert_null(json_parse("{} x", 4, "x.json", &d));
    cr_assert_str_eq(d.msg, "trailing data after JSON value");
    diag_clear(&d);
    cr_assert_null(json_parse("{\"a\0\":1}", 8, "x.json", &d));
    diag_clear(&d);
    char deep[1000];
    memset(deep, '[', sizeof(deep));
    cr_assert_null(json_parse(deep, sizeof(deep), "x.json", &d));
    cr_assert_eq(d.code, DIAG_LIMIT);
    diag_clear(&d);
    cJSON *j = json_parse("{\"s\":\"v\",\"n\":3,\"o\":{}}", 22, "x", &d);
    cr_assert_not_null(j);
    cr_assert_str_eq(json_str(j, "s"), "v");
    cr_assert_null(json_str(j, "n"));
    cr_assert_null(json_str_checked(j, "n", "u", "/root", &d));
    cr_assert_str_eq(d.pointer, "/root/n");
    cr_assert_eq(json_num(j, "n", 0), 3);
    cr_assert_not_null(json_obj(j, "o"));
    cJSON_Delete(j);
}

Test(diag, hostile_names_and_messages_are_escaped)
{
    struct diag d;
    diag_clear(&d);
    diag_set(&d, DIAG_SYNTAX, "evil\x1b[2J.lock", 1, 2, "bad name '\xe2\x80\xae" "abc'");
    char out[1024];
    diag_format(&d, out, sizeof(out));
    cr_assert_str_eq(out, "evil\\x1b[2J.lock:1:2: bad name '<U+202E>abc'");
}

Test(numfmt, digit_grouping)
{
    char b[32];
    cr_assert_str_eq(count_grouped(129450317, b, sizeof(b)), "129,450,317");
    cr_assert_str_eq(count_grouped(999, b, sizeof(b)), "999");
    cr_assert_str_eq(count_grouped(1000, b, sizeof(b)), "1,000");
    cr_assert_str_eq(count_grouped(0, b, sizeof(b)), "0");
    cr_assert_str_eq(count_grouped(-1234567, b, sizeof(b)), "-1,234,567");
    cr_assert_str_eq(count_grouped(INT64_MIN, b, sizeof(b)), "-9,223,372,036,854,775,808");
    cr_assert_str_eq(count_grouped(123456, b, 4), "123", "cut, still terminated");
}
