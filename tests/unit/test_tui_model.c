/* Tree rows, the key table and theme files, without a terminal. */
#include <criterion/criterion.h>
#include <curses.h>
#include <string.h>
#include <unistd.h>

#include "depvet/tui/keymap.h"
#include "depvet/tui/theme.h"
#include "depvet/tui/treemodel.h"

/* a -> b -> c, a -> c, dev d; c -> a makes a cycle under b. */
static struct dep_graph *sample(void)
{
    struct dep_graph *g = graph_new();
    unsigned lf = graph_add_lockfile(g, "p/mix.lock", "mix.lock", ECO_HEX);
    unsigned a = graph_add_node(g, lf, ECO_HEX, "a", "1.0.0");
    unsigned b = graph_add_node(g, lf, ECO_HEX, "b", "2.0.0");
    unsigned c = graph_add_node(g, lf, ECO_HEX, "c", "3.0.0");
    unsigned d = graph_add_node(g, lf, ECO_HEX, "d", "4.0.0");
    graph_node(g, a)->flags |= DEP_DIRECT;
    graph_node(g, d)->flags |= DEP_DIRECT | DEP_DEV;
    graph_add_edge(g, a, b, NULL, 0);
    graph_add_edge(g, b, c, NULL, 0);
    graph_add_edge(g, a, c, NULL, 0);
    graph_add_edge(g, c, a, NULL, 0);
    graph_finish(g);
    return g;
}

static const char *row_name(const struct dep_graph *g, const struct treemodel *m, size_t i)
{
    const struct tree_row *r = treemodel_row(m, i);
    return r->kind == ROW_LOCKFILE ? "#" : g->nodes.items[r->id].name;
}

Test(treemodel, expand_collapse_and_stable_ids)
{
    struct dep_graph *g = sample();
    struct treemodel *m = treemodel_new(g);
    cr_assert_eq(treemodel_count(m), 3, "heading + two roots");
    cr_assert_str_eq(row_name(g, m, 1), "a");
    cr_assert_str_eq(row_name(g, m, 2), "d");
    cr_assert(treemodel_row(m, 1)->has_children);
    cr_assert_not(treemodel_row(m, 1)->expanded);
    uint64_t d_hash = treemodel_row(m, 2)->path_hash;
    treemodel_toggle(m, 1);
    cr_assert_eq(treemodel_count(m), 5);
    cr_assert_str_eq(row_name(g, m, 2), "b");
    cr_assert_str_eq(row_name(g, m, 3), "c");
    cr_assert_eq(treemodel_row(m, 3)->depth, 2);
    cr_assert(treemodel_row(m, 3)->last);
    cr_assert_eq(treemodel_find(m, d_hash), 4, "ids survive a rebuild");
    cr_assert_eq(treemodel_parent(m, 3), 1);
    treemodel_toggle(m, 1);
    cr_assert_eq(treemodel_count(m), 3);
    treemodel_free(m);
    graph_free(g);
}

Test(treemodel, cycles_repeats_and_filters)
{
    struct dep_graph *g = sample();
    struct treemodel *m = treemodel_new(g);
    treemodel_expand_to(m, 6);
    bool saw_cycle = false, saw_repeat = false;
    for (size_t i = 0; i < treemodel_count(m); i++) {
        saw_cycle |= treemodel_row(m, i)->cycle;
        saw_repeat |= treemodel_row(m, i)->repeat;
    }
    cr_assert(saw_cycle, "c -> a under a is marked as a cycle");
    cr_assert(saw_repeat, "c expanded under b, then repeated under a");
    struct tree_filter f = {.hide_dev = true};
    treemodel_rebuild(m, &f);
    for (size_t i = 0; i < treemodel_count(m); i++)
        cr_assert_str_neq(row_name(g, m, i), "d");
    f = (struct tree_filter){.direct_only = true};
    treemodel_rebuild(m, &f);
    cr_assert_eq(treemodel_count(m), 3);
    treemodel_free(m);
    graph_free(g);
}

Test(treemodel, reveal_opens_the_path)
{
    struct dep_graph *g = sample();
    struct treemodel *m = treemodel_new(g);
    size_t row = treemodel_reveal(m, 2);  /* c */
    cr_assert_neq(row, (size_t)-1);
    cr_assert_str_eq(row_name(g, m, row), "c");
    cr_assert_eq(treemodel_row(m, row)->depth, 2);
    treemodel_free(m);
    graph_free(g);
}

/* hackney -> ssl_verify_fun [H]: the collapsed row shows what it hides,
 * through a cycle too. */
Test(treemodel, rollup_carries_the_worst_below)
{
    struct dep_graph *g = sample();   /* a -> b -> c -> a, a -> c, d alone */
    struct treemodel *m = treemodel_new(g);
    signed char own[4] = {-1, 1, 3, -1}, below[4];
    treemodel_rollup(m, own, below);
    cr_assert_eq(below[0], 3, "a hides c's high");
    cr_assert_eq(below[1], 3, "b hides c's high");
    cr_assert_eq(below[2], 3, "c reaches itself through a (a cycle)");
    cr_assert_eq(below[3], -1, "d has nothing below");
    treemodel_free(m);
    graph_free(g);
}

Test(keymap, every_key_name_parses_and_dispatch_matches_the_table)
{
    for (size_t i = 0; i < action_count; i++) {
        char keys[64];
        snprintf(keys, sizeof(keys), "%s", action_table[i].keys);
        char *save = NULL;
        for (char *k = strtok_r(keys, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
            int code = keymap_parse_key(k);
            cr_assert_neq(code, -1, "key name %s", k);
            cr_assert_eq(keymap_lookup(code), action_table[i].id,
                         "key %s bound twice", k);
        }
    }
    cr_assert_eq(keymap_lookup('q'), ACT_QUIT);
    cr_assert_eq(keymap_lookup(KEY_DOWN), ACT_DOWN);
    cr_assert_eq(keymap_lookup(6), ACT_PAGE_DOWN, "C-f");
    cr_assert_eq(keymap_lookup('Z'), ACT_NONE);
}

Test(theme, rules_include_and_errors)
{
    struct theme t;
    theme_defaults(&t);
    struct diag d;
    diag_clear(&d);
    const char *ok = "# c\n\ntree.selected = bright-white color21 bold underline\nstatus = default red\n";
    cr_assert(theme_parse(&t, ok, strlen(ok), "x.theme", 0, &d), "%s", d.msg);
    cr_assert_eq(t.el[EL_TREE_SELECTED].fg, 15);
    cr_assert_eq(t.el[EL_TREE_SELECTED].bg, 21);
    cr_assert_eq(t.el[EL_TREE_SELECTED].attrs, TA_BOLD | TA_UNDERLINE);
    cr_assert_eq(t.el[EL_STATUS].fg, -1);
    const char *bad = "tree.selected = black cyan\nnot.an.element = red\n";
    cr_assert_not(theme_parse(&t, bad, strlen(bad), "x.theme", 0, &d));
    cr_assert_eq(d.line, 2);
    diag_clear(&d);
    const char *bad2 = "status = red blue sparkly\n";
    cr_assert_not(theme_parse(&t, bad2, strlen(bad2), "x.theme", 0, &d));
    cr_assert(strstr(d.msg, "sparkly"));
    diag_clear(&d);
    cr_assert_not(theme_load(&t, "../etc/passwd", 0, &d), "names cannot be paths");
}

Test(theme, shipped_themes_load)
{
    static const char *const names[] = {"default", "light", "high-contrast", "monochrome"};
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s", getenv("DEPVET_SRCDIR") ? getenv("DEPVET_SRCDIR") : ".");
    cr_assert_eq(chdir(dir), 0);
    for (size_t i = 0; i < 4; i++) {
        struct theme t;
        theme_defaults(&t);
        struct diag d;
        diag_clear(&d);
        cr_assert(theme_load(&t, names[i], 0, &d), "%s: %s", names[i], d.msg);
    }
}
