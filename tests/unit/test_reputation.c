/* Reputation facts: age, cadence, pin position, owner changes, first-time
 * publishers. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/engine/reputation.h"

#define DAY 86400

static void release(struct reg_release *r, const char *v, int64_t t, const char *who)
{
    reg_release_init(r);
    r->version = v;
    r->published = t;
    r->publisher.name = who;
}

Test(reputation, facts_from_a_record)
{
    struct arena *a = arena_new();
    int64_t now = 1000 * DAY;
    struct reg_package *p = reg_package_new(a, ECO_HEX, "pkg");
    p->n_releases = 5;
    p->releases = arena_alloc(a, 5 * sizeof(struct reg_release));
    release(&p->releases[0], "1.0.0", 100 * DAY, "alice");
    release(&p->releases[1], "1.1.0", 700 * DAY, "alice");
    release(&p->releases[2], "1.2.0", 900 * DAY, "alice");
    release(&p->releases[3], "1.3.0", 990 * DAY, "mallory");
    release(&p->releases[4], "2.0.0-rc.1", 995 * DAY, "alice");
    p->releases[3].retired = true;
    struct reg_person v1[] = {{"alice", NULL, NULL}};
    struct reg_person v2[] = {{"alice", NULL, NULL}, {"mallory", NULL, NULL}};
    struct owner_snapshot hist[] = {{800 * DAY, v1, 1}, {980 * DAY, v2, 2}};
    struct reputation r;
    reputation_build(&r, a, p, hist, 2, "1.1.0", now);
    cr_assert_eq(r.first_release, 100 * DAY);
    cr_assert_str_eq(r.first_version, "1.0.0");
    cr_assert_str_eq(r.latest, "1.2.0", "pre-releases and retired releases are not latest");
    cr_assert_eq(r.releases_last_year, 4);
    cr_assert_eq(r.behind, 1);
    cr_assert_eq(r.n_owner_events, 1);
    cr_assert(r.owner_events[0].added);
    cr_assert_str_eq(r.owner_events[0].name, "mallory");
    cr_assert_eq(r.owner_events[0].when, 980 * DAY);
    cr_assert_str_eq(r.publishers[0].version, "2.0.0-rc.1");
    cr_assert_not(r.publishers[0].first_time);
    cr_assert_str_eq(r.publishers[1].version, "1.3.0");
    cr_assert(r.publishers[1].first_time, "mallory's first release");
    cr_assert_not(r.publishers[4].first_time, "the first release has no earlier publisher");
    arena_free(a);
}

Test(reputation, removed_owner_and_unknown_dates)
{
    struct arena *a = arena_new();
    struct reg_package *p = reg_package_new(a, ECO_PYPI, "x");
    p->created = 50 * DAY;
    struct reg_person v1[] = {{"a", NULL, NULL}, {"b", NULL, NULL}};
    struct reg_person v2[] = {{"b", NULL, NULL}};
    struct owner_snapshot hist[] = {{10 * DAY, v1, 2}, {20 * DAY, v2, 1}};
    struct reputation r;
    reputation_build(&r, a, p, hist, 2, NULL, 100 * DAY);
    cr_assert_eq(r.first_release, 50 * DAY);
    cr_assert_null(r.first_version);
    cr_assert_eq(r.n_owner_events, 1);
    cr_assert_not(r.owner_events[0].added);
    cr_assert_str_eq(r.owner_events[0].name, "a");
    cr_assert_null(r.pinned);
    arena_free(a);
}

/* plug 1.15.3 by josevalim after releases whose publishers the registry
 * never recorded: not "first release by josevalim", only since watching. */
Test(reputation, unknown_earlier_publishers_are_not_someone_else)
{
    struct arena *a = arena_new();
    struct reg_package *p = reg_package_new(a, ECO_HEX, "plug");
    p->n_releases = 3;
    p->releases = arena_alloc(a, 3 * sizeof(struct reg_release));
    release(&p->releases[0], "1.15.1", 100 * DAY, NULL);
    release(&p->releases[1], "1.15.2", 200 * DAY, "ericmj");
    release(&p->releases[2], "1.15.3", 300 * DAY, "josevalim");
    struct reputation r;
    reputation_build(&r, a, p, NULL, 0, "1.15.3", 400 * DAY);
    cr_assert_str_eq(r.publishers[0].version, "1.15.3");
    cr_assert_eq(r.publishers[0].first, FIRST_SINCE_WATCHING);
    cr_assert_not(r.publishers[0].first_time);
    cr_assert_eq(r.publishers[1].first, FIRST_NO, "before 1.15.2 nobody known published");
    char words[128];
    publisher_first_describe(&r.publishers[0], words, sizeof(words));
    cr_assert_str_eq(words, "first release by josevalim since depvet began watching");
    /* Once every earlier publisher is known, it is a plain first release. */
    p->releases[0].publisher.name = "ericmj";
    reputation_build(&r, a, p, NULL, 0, "1.15.3", 400 * DAY);
    cr_assert_eq(r.publishers[0].first, FIRST_KNOWN);
    cr_assert(r.publishers[0].first_time);
    cr_assert_eq(r.publishers[1].first, FIRST_NO, "ericmj published 1.15.1");
    arena_free(a);
}
