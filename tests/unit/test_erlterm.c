/* The Erlang/Elixir term reader. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/lock/erlterm.h"

static struct erlterm *parse(struct arena *a, const char *s, enum erlterm_dialect dl,
                             struct diag *d)
{
    diag_clear(d);
    return erlterm_parse(s, strlen(s), "t", dl, a, d);
}

Test(erlterm, elixir_terms)
{
    struct arena *a = arena_new();
    struct diag d;
    const char *src = "%{\"k\": {:hex, :\"q a\", \"v\\\"1\", [a: 1, b: true], 1_000, -2.5e3, 'cl', ~c\"x\"},"
                      " \"m\" => nil, z: [],}";
    struct erlterm *t = parse(a, src, ERLTERM_ELIXIR, &d);
    cr_assert_not_null(t, "%s", d.msg);
    cr_assert_eq(t->type, ET_MAP);
    cr_assert_eq(t->n, 6);
    const struct erlterm *k = erlterm_map_get(t, "k");
    cr_assert(erlterm_is_atom(erlterm_at(k, 0), "hex"));
    cr_assert_str_eq(erlterm_text(erlterm_at(k, 1)), "q a");
    cr_assert_str_eq(erlterm_text(erlterm_at(k, 2)), "v\"1");
    cr_assert_eq(erlterm_kw_get(erlterm_at(k, 3), "a")->ival, 1);
    cr_assert(erlterm_is_atom(erlterm_kw_get(erlterm_at(k, 3), "b"), "true"));
    cr_assert_eq(erlterm_at(k, 4)->ival, 1000);
    cr_assert_float_eq(erlterm_at(k, 5)->fval, -2500.0, 1e-9);
    cr_assert_str_eq(erlterm_text(erlterm_at(k, 6)), "cl");
    cr_assert(erlterm_is_atom(erlterm_map_get(t, "m"), "nil"));
    cr_assert_eq(erlterm_map_get(t, "z")->type, ET_LIST);
    arena_free(a);
}

Test(erlterm, erlang_forms)
{
    struct arena *a = arena_new();
    struct diag d;
    const char *src = "%% comment\n{\"1.2.0\", [{<<\"a\">>, {pkg, <<\"a\">>, <<\"1.0.0\">>}, 0}]}.\n"
                      "[{pkg_hash, [{<<\"a\">>, <<\"AB\">>}]}, #{k => 'Quoted Atom', n => 16#ff}].\n";
    struct erlterm *t = parse(a, src, ERLTERM_ERLANG, &d);
    cr_assert_not_null(t, "%s", d.msg);
    cr_assert_eq(t->n, 2);
    const struct erlterm *lock = erlterm_at(erlterm_at(t->items[0], 1), 0);
    cr_assert_str_eq(erlterm_text(erlterm_at(erlterm_at(lock, 1), 2)), "1.0.0");
    const struct erlterm *m = erlterm_at(t->items[1], 1);
    cr_assert_str_eq(erlterm_text(erlterm_map_get(m, "k")), "Quoted Atom");
    cr_assert_eq(erlterm_map_get(m, "n")->ival, 255);
    arena_free(a);
}

Test(erlterm, errors_name_line_and_column)
{
    struct arena *a = arena_new();
    struct diag d;
    static const struct { const char *src; enum erlterm_dialect dl; unsigned line, col; } bad[] = {
        {"%{\n  \"a\": {:hex,\n}", ERLTERM_ELIXIR, 3, 2},
        {"%{\"a\": \"unterminated}", ERLTERM_ELIXIR, 1, 8},
        {"%{\"a\": \"#{System.cmd}\"}", ERLTERM_ELIXIR, 1, 9},
        {"{a, b}", ERLTERM_ERLANG, 1, 7},
        {"[a, b,].", ERLTERM_ERLANG, 1, 7},
        {"%{a: 1} trailing", ERLTERM_ELIXIR, 1, 9},
        {"[99999999999999999999999]", ERLTERM_ELIXIR, 1, 2},
        {"\"\\xff\xff\"", ERLTERM_ELIXIR, 1, 1},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        cr_assert_null(parse(a, bad[i].src, bad[i].dl, &d), "case %zu parsed", i);
        cr_assert_eq(d.line, bad[i].line, "case %zu: line %u (%s)", i, d.line, d.msg);
        cr_assert_eq(d.col, bad[i].col, "case %zu: col %u (%s)", i, d.col, d.msg);
    }
    cr_assert_null(erlterm_parse("[a\0]", 4, "t", ERLTERM_ELIXIR, a, &d));
    arena_free(a);
}

Test(erlterm, depth_is_bounded)
{
    struct arena *a = arena_new();
    struct diag d;
    char deep[5000];
    memset(deep, '[', sizeof(deep) - 1);
    deep[sizeof(deep) - 1] = '\0';
    cr_assert_null(parse(a, deep, ERLTERM_ELIXIR, &d));
    cr_assert(strstr(d.msg, "too deep"));
    arena_free(a);
}

Test(erlterm, byte_list_binaries)
{
    struct arena *a = arena_new();
    struct diag d;
    struct erlterm *t = parse(a, "{<<\"m\">>, [<<77,105,99,104,97,197,130>>, << 65 >>]}.",
                              ERLTERM_ERLANG, &d);
    cr_assert_not_null(t, "%s", d.msg);
    const struct erlterm *l = erlterm_at(erlterm_at(t, 0), 1);
    cr_assert_str_eq(erlterm_text(erlterm_at(l, 0)), "Micha\xc5\x82");
    cr_assert_str_eq(erlterm_text(erlterm_at(l, 1)), "A");
    cr_assert_null(parse(a, "<<256>>.", ERLTERM_ERLANG, &d));
    cr_assert_null(parse(a, "<<0>>.", ERLTERM_ERLANG, &d));
    cr_assert_null(parse(a, "<<197>>.", ERLTERM_ERLANG, &d));
    cr_assert_null(parse(a, "<<1,>>.", ERLTERM_ERLANG, &d));
    arena_free(a);
}
