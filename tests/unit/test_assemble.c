/* The one findings assembly (engine/assemble.h): the rules, then the
 * stored archives when there is a cache, then the review policy when a
 * reviews set is given; check, review --ack and the explorer's worker all
 * call it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/engine/assemble.h"
#include "project_test.h"

static size_t count_rule(const struct findings *fs, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < fs->items.len; i++)
        n += strcmp(fs->items.items[i].rule, rule) == 0;
    return n;
}

Test(assemble, rules_then_policy_with_a_reviews_set)
{
    char dir[] = "/tmp/depvet-assemble-XXXXXX", lock[96];
    cr_assert_not_null(mkdtemp(dir));
    struct dep_graph *g = project_test_load(dir, "mix.lock", project_test_mix_lock, lock,
                                            sizeof(lock));
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
    char cmd[96];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}
