/* The one findings assembly (engine/assemble.h): the rules, then the
 * stored archives when there is a cache, then the review policy when a
 * reviews set is given; check, review --ack and the explorer's worker all
 * call it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/engine/assemble.h"
#include "depvet/store/pkgstore.h"
#include "helpers.h"
#include "project_test.h"

static size_t count_rule(const struct findings *fs, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < fs->items.len; i++)
        n += strcmp(fs->items.items[i].rule, rule) == 0;
    return n;
}

/* mix_lock in a new folder (dir, a mkdtemp template), read. */
static struct dep_graph *fixture_graph(char *dir)
{
    char lock[96];
    cr_assert_not_null(mkdtemp(dir));
    return project_test_load(dir, "mix.lock", project_test_mix_lock, lock, sizeof(lock));
}

Test(assemble, rules_then_policy_with_a_reviews_set)
{
    char dir[] = "/tmp/depvet-assemble-XXXXXX";
    struct dep_graph *g = fixture_graph(dir);
    struct diag d;
    diag_clear(&d);
    struct engine_config cfg;
    engine_config_init(&cfg);
    struct findings_input in = {g, NULL, &cfg, 1750000000};

    /* No reviews set (the explorer's worker): the rules only, as
     * findings_collect gives them. */
    struct findings rules, fs;
    findings_collect(&rules, &in);
    struct enforce_input e = {&in, NULL, dir, false, NULL, NULL};
    struct findings_report rep;
    findings_assemble(&fs, &e, true, &rep);
    cr_assert_eq(fs.items.len, rules.items.len);
    for (size_t i = 0; i < fs.items.len; i++)
        cr_assert_str_eq(fs.items.items[i].rule, rules.items.items[i].rule);
    cr_assert_null(rep.pins, "no policy: no pins");
    cr_assert_eq(rep.cov.pins, 0);
    cr_assert_eq(rep.archives.archives, 0, "no cache: no archives looked for");
    findings_fini(&fs);
    findings_report_fini(&rep);

    /* An empty reviews set (check, review --ack): every pin unreviewed,
     * none with facts, one pin entry each. */
    struct audits *set = audits_new();
    e.set = set;
    findings_assemble(&fs, &e, true, &rep);
    cr_assert_eq(count_rule(&fs, "unreviewed"), 2);
    cr_assert_eq(count_rule(&fs, "no-facts"), 2);
    cr_assert_eq(fs.items.len, rules.items.len + 4);
    cr_assert_eq(rep.n_pins, 2);
    cr_assert_not_null(rep.pins);
    cr_assert_eq(rep.cov.pins, 2);
    cr_assert_eq(rep.cov.without_facts, 2);
    findings_fini(&fs);
    findings_report_fini(&rep);
    cr_assert_null(rep.pins, "fini leaves nothing behind");
    findings_assemble(&fs, &e, false, &rep);
    cr_assert_null(rep.pins, "pins only when asked for");
    cr_assert_eq(count_rule(&fs, "unreviewed"), 2);
    findings_fini(&fs);
    findings_report_fini(&rep);

    audits_free(set);
    findings_fini(&rules);
    graph_free(g);
    test_tmpdir_drop(dir);
}

/* With a cache and a reviews set but no records from the caller (check):
 * the records are read once for the rules and the policy alike, and the
 * policy sees the same facts as when the caller hands them over. */
Test(assemble, one_read_of_the_records_for_rules_and_policy)
{
    char dir[] = "/tmp/depvet-assemble-XXXXXX";
    struct dep_graph *g = fixture_graph(dir);
    struct diag d;
    diag_clear(&d);
    struct store *st = store_open(":memory:", &d);
    cr_assert_not_null(st, "%s", d.msg);
    struct arena *a = arena_new();
    struct reg_package *plug = reg_package_new(a, ECO_HEX, "Plug");
    plug->n_releases = 1;
    plug->releases = arena_alloc(a, sizeof(*plug->releases));
    reg_release_init(&plug->releases[0]);
    plug->releases[0].version = "1.15.2";
    plug->releases[0].publisher.name = "josevalim";
    cr_assert(pkgstore_put(st, plug, "package", 1749000000, &d), "%s", d.msg);

    struct findings_loaded l = {arena_new(), NULL, NULL, NULL, 0};
    cr_assert(findings_load_records(&l, st, &d), "%s", d.msg);
    const struct reg_package **per = findings_records_by_node(&l, g);
    unsigned with = 0;
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        if (strcmp(n->name, "plug") == 0)
            cr_assert(per[i] && strcmp(per[i]->name, "Plug") == 0, "matched by normalised name");
        else
            cr_assert_null(per[i], "%s has no record", n->name);
        with += per[i] != NULL;
    }
    cr_assert_eq(with, 1);

    struct engine_config cfg;
    engine_config_init(&cfg);
    struct findings_input in = {g, st, &cfg, 1750000000};
    struct audits *set = audits_new();
    struct findings fs, given;
    struct findings_report rep, rep_given;
    struct enforce_input e = {&in, set, dir, false, NULL, NULL};
    findings_assemble(&fs, &e, true, &rep);
    struct enforce_input e2 = {&in, set, dir, false, NULL, per};
    findings_assemble(&given, &e2, true, &rep_given);
    cr_assert_eq(rep.cov.with_facts, 1, "plug's facts are seen");
    cr_assert_eq(rep.cov.without_facts, 1, "mime has none");
    cr_assert_eq(rep.cov.with_facts, rep_given.cov.with_facts);
    cr_assert_eq(rep.cov.oldest, 1749000000, "its fact time, read at once");
    cr_assert_eq(fs.items.len, given.items.len);
    for (size_t i = 0; i < fs.items.len; i++)
        cr_assert_str_eq(fs.items.items[i].rule, given.items.items[i].rule);
    cr_assert_eq(count_rule(&fs, "no-facts"), 1);
    findings_fini(&fs);
    findings_fini(&given);
    findings_report_fini(&rep);
    findings_report_fini(&rep_given);
    audits_free(set);
    free(per);
    arena_free(l.a);
    arena_free(a);
    store_close(st);
    graph_free(g);
    test_tmpdir_drop(dir);
}
