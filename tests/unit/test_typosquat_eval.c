/* Typosquat evaluation: detection rate over real malicious names that
 * imitate a popular package, and how often popular names flag each other.
 *
 * Which malicious names count is decided in
 * tests/fixtures/typosquat/malicious-labels.tsv (one line per record of the
 * corpus, "-" when the name imitates nothing: random, test, spam, hijacked
 * genuine names); reported-squats.tsv is a second, hand-recalled sample from
 * public reports.  Every labelled name with a target counts, including the
 * ones no rule reaches, so the rate is not chosen after the fact. */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/typosquat.h"
#include "depvet/core/fileio.h"
#include "depvet/core/json.h"
#include "fixture_lines.h"
#include "helpers.h"

/* Non-comment, non-empty lines of a fixture file. */
static bool lines_read(const char *name, struct lines *out)
{
    char dir[1024];
    struct diag d;
    diag_clear(&d);
    snprintf(dir, sizeof(dir), "%s/tests/fixtures/typosquat", test_srcdir());
    return lines_read_at(dir, name, out, &d);
}

static const char *const eco_file_table[] = {
    [ECO_HEX] = "popular-hex.txt", [ECO_PYPI] = "popular-pypi.txt",
    [ECO_NPM] = "popular-npm.txt",
};

struct eval {
    struct lines popular[4];
    struct typosquat_index *idx[4];
};

static void eval_open(struct eval *ev)
{
    for (int e = ECO_HEX; e <= ECO_NPM; e++) {
        cr_assert(lines_read(eco_file_table[e], &ev->popular[e]), "%s",
                  eco_file_table[e]);
        ev->idx[e] = typosquat_index_new((enum ecosystem)e,
                                         (const char *const *)ev->popular[e].line,
                                         ev->popular[e].n);
    }
}

static void eval_close(struct eval *ev)
{
    for (int e = ECO_HEX; e <= ECO_NPM; e++) {
        typosquat_index_free(ev->idx[e]);
        lines_free(&ev->popular[e]);
    }
}

struct tally {
    size_t counted, detected, excluded, flagged_excluded;
};

/* Checks one labelled name; target "-" means it imitates nothing. */
static void tally_one(struct eval *ev, const char *eco_name, const char *name,
                      const char *target, struct tally *t)
{
    enum ecosystem eco;
    cr_assert(ecosystem_parse(eco_name, &eco), "%s", eco_name);
    struct typosquat_hit hit;
    bool flagged = typosquat_check(ev->idx[eco], name, &hit);
    if (strcmp(target, "-") == 0) {
        t->excluded++;
        t->flagged_excluded += flagged;
        if (flagged)
            cr_log_info("typosquat eval: excluded %s flagged: %s", name, hit.why);
        return;
    }
    t->counted++;
    if (flagged && strcmp(hit.target, target) == 0)
        t->detected++;
    else
        cr_log_info("typosquat eval: missed %s (imitates %s)%s%s", name, target,
                    flagged ? ", flagged as " : "", flagged ? hit.why : "");
}

/* The label for a corpus record, or NULL when the labels lack it. */
static const char *label_for(struct lines *labels, const char *eco, const char *name)
{
    for (size_t i = 0; i < labels->n; i++) {
        char copy[512], *f[4];
        snprintf(copy, sizeof(copy), "%s", labels->line[i]);
        if (fields(copy, f, 4) >= 3 && strcmp(f[0], eco) == 0 &&
            strcmp(f[1], name) == 0) {
            const char *tab = strchr(strchr(labels->line[i], '\t') + 1, '\t') + 1;
            return tab;   /* "target\twhy": compared up to the tab below */
        }
    }
    return NULL;
}

/* The package name of the first OSV record in dir, from its JSON. */
static bool record_name(const char *dir, char *out, size_t outlen)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool ok = false;
    for (struct dirent *de; !ok && (de = readdir(d));) {
        size_t l = strlen(de->d_name);
        if (l < 6 || strcmp(de->d_name + l - 5, ".json") != 0)
            continue;
        char path[8192];
        struct diag dg;
        diag_clear(&dg);
        size_t len;
        snprintf(path, sizeof(path), "%.4000s/%.255s", dir, de->d_name);
        char *buf = file_read(path, FILEIO_DEFAULT_MAX, &len, &dg);
        cJSON *j = buf ? json_parse(buf, len, path, &dg) : NULL;
        const cJSON *aff = j ? cJSON_GetArrayItem(json_arr(j, "affected"), 0) : NULL;
        const char *name = aff ? json_str(json_obj(aff, "package"), "name") : NULL;
        if (name) {
            snprintf(out, outlen, "%s", name);
            ok = true;
        }
        cJSON_Delete(j);
        free(buf);
    }
    closedir(d);
    return ok;
}

static void tally_corpus_dir(struct eval *ev, struct lines *labels, const char *root,
                             const char *sub, const char *eco, struct tally *t,
                             size_t *unlabelled)
{
    char dir[4096];
    snprintf(dir, sizeof(dir), "%.2000s/%.1000s", root, sub);
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *de; (de = readdir(d));) {
        if (de->d_name[0] == '.')
            continue;
        char pkg[1024], name[512];
        snprintf(pkg, sizeof(pkg), "%.500s/%.255s", sub, de->d_name);
        if (de->d_name[0] == '@') {   /* npm scope folder */
            tally_corpus_dir(ev, labels, root, pkg, eco, t, unlabelled);
            continue;
        }
        snprintf(dir, sizeof(dir), "%.2000s/%.1000s", root, pkg);
        if (!record_name(dir, name, sizeof(name)))
            continue;
        const char *label = label_for(labels, eco, name);
        if (!label) {
            (*unlabelled)++;
            cr_log_info("typosquat eval: corpus name %s has no label", name);
            continue;
        }
        char target[256];
        snprintf(target, sizeof(target), "%.*s", (int)strcspn(label, "\t"), label);
        tally_one(ev, eco, name, target, t);
    }
    closedir(d);
}

Test(typosquat_eval, corpus_malicious_names)
{
    char buf[1024];
    const char *root = test_corpus("osv/malicious", buf, sizeof(buf));
    if (!root || !file_is_dir(root))
        cr_skip("corpus osv/malicious not present");
    struct eval ev;
    struct lines labels;
    eval_open(&ev);
    cr_assert(lines_read("malicious-labels.tsv", &labels));
    struct tally t = {0};
    size_t unlabelled = 0;
    tally_corpus_dir(&ev, &labels, root, "pypi", "PyPI", &t, &unlabelled);
    tally_corpus_dir(&ev, &labels, root, "npm", "npm", &t, &unlabelled);
    printf("typosquat eval (corpus): %zu of %zu imitating names detected (%.0f%%); "
           "%zu records imitate nothing, %zu of them flagged; %zu unlabelled\n",
           t.detected, t.counted, t.counted ? 100.0 * t.detected / t.counted : 0.0,
           t.excluded, t.flagged_excluded, unlabelled);
    cr_expect_gt(t.counted + t.excluded, 0, "no corpus record read");
    cr_expect_geq(t.detected * 100, t.counted * 80, "detection below 80%%");
    lines_free(&labels);
    eval_close(&ev);
}

Test(typosquat_eval, reported_squats)
{
    struct eval ev;
    struct lines rep;
    eval_open(&ev);
    cr_assert(lines_read("reported-squats.tsv", &rep));
    struct tally t = {0};
    for (size_t i = 0; i < rep.n; i++) {
        char *f[3];
        cr_assert_eq(fields(rep.line[i], f, 3), 3, "line %zu", i);
        tally_one(&ev, f[0], f[1], f[2], &t);
    }
    printf("typosquat eval (reported squats): %zu of %zu detected (%.0f%%); "
           "%zu with an unpopular target skipped\n", t.detected, t.counted,
           t.counted ? 100.0 * t.detected / t.counted : 0.0, t.excluded);
    cr_expect_gt(t.counted, 20);
    cr_expect_geq(t.detected * 100, t.counted * 80, "detection below 80%%");
    lines_free(&rep);
    eval_close(&ev);
}

/* Each of the 1,000 most popular names checked against the names above it:
 * a hit there is a false positive, since popular names are not squats. */
Test(typosquat_eval, popular_names_flag_each_other)
{
    struct eval ev;
    eval_open(&ev);
    for (int e = ECO_HEX; e <= ECO_NPM; e++) {
        size_t top = ev.popular[e].n < 1000 ? ev.popular[e].n : 1000, fp = 0;
        struct typosquat_hit hit;
        for (size_t i = 0; i < top; i++)
            if (typosquat_check_peers(ev.idx[e], ev.popular[e].line[i], &hit)) {
                fp++;
                cr_log_info("typosquat eval: %s: popular %s -> %s",
                            ecosystem_name((enum ecosystem)e),
                            ev.popular[e].line[i], hit.why);
            }
        printf("typosquat eval (%s): %zu of the %zu most popular names flag a "
               "more popular one (%.1f%%)\n", ecosystem_name((enum ecosystem)e),
               fp, top, 100.0 * fp / top);
        cr_expect_leq(fp * 100, top, "%s false positives above 1%%",
                      ecosystem_name((enum ecosystem)e));
    }
    eval_close(&ev);
}

/* For information: the less popular names of the fixtures (ranks 1,001 to
 * 5,000; genuine packages, none a known squat) against an index of the top
 * 1,000, which is how a real project's dependencies meet the check.  Hits
 * there are false positives too; the score says how strong each is. */
Test(typosquat_eval, less_popular_names_against_top_1000)
{
    struct eval ev;
    eval_open(&ev);
    for (int e = ECO_PYPI; e <= ECO_NPM; e++) {
        struct lines *p = &ev.popular[e];
        cr_assert_gt(p->n, 1000);
        struct typosquat_index *top =
            typosquat_index_new((enum ecosystem)e, (const char *const *)p->line, 1000);
        size_t end = p->n < 5000 ? p->n : 5000, hits = 0, strong = 0;
        struct typosquat_hit hit;
        for (size_t i = 1000; i < end; i++)
            if (typosquat_check(top, p->line[i], &hit)) {
                hits++;
                strong += hit.score >= 70;
            }
        printf("typosquat eval (%s): %zu of %zu names ranked 1,001-%zu flag one of "
               "the top 1,000 (%.1f%%), %zu with score >= 70 (%.1f%%)\n",
               ecosystem_name((enum ecosystem)e), hits, end - 1000, end,
               100.0 * hits / (end - 1000), strong, 100.0 * strong / (end - 1000));
        cr_expect_lt(hits * 100, (end - 1000) * 10, "more than 10%% flagged");
        typosquat_index_free(top);
    }
    eval_close(&ev);
}
