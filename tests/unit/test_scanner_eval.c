/* Scanner evaluation against GuardDog's annotated rule tests (shared
 * corpus, read-only): per category, recall over `ruleid:` statements and
 * precision against `ok:` statements, plus whole-file positives and benign
 * files of the current rule ids.  Skips when the corpus is absent. */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/rules.h"
#include "depvet/analysis/scanner.h"
#include "depvet/core/fileio.h"
#include "helpers.h"

#define MAX_RULES 10
#define STATEMENT_MAX_LINES 40

/* A GuardDog category and the depvet rules of the same kind.  `as` is the
 * path the file is scanned under (GuardDog scoped some rules to setup.py or
 * package.json the same way). */
struct category {
    const char *name;
    const char *as;
    enum ecosystem eco;
    const char *rules[MAX_RULES];
};

static const struct category category_table[] = {
    {"api-obfuscation", "pkg/pkg/mod.py", ECO_PYPI,
     {"py-api-obfuscation", "py-import-exec", "py-compile-exec"}},
    {"clipboard-access", "pkg/pkg/mod.py", ECO_PYPI, {"py-clipboard"}},
    {"cmd-overwrite", "pkg/setup.py", ECO_PYPI, {"py-setup-cmdclass"}},
    {"code-execution", "pkg/setup.py", ECO_PYPI,
     {"py-setup-process", "py-setup-exec", "py-import-exec", "py-exec-decoded",
      "py-obfuscation", "py-powershell", "py-api-obfuscation", "py-compile-exec",
      "py-hidden-code"}},
    {"dll-hijacking", "pkg/pkg/mod.py", ECO_PYPI, {"process-injection"}},
    {"download-executable", "pkg/pkg/mod.py", ECO_PYPI,
     {"py-download-exec", "py-exec-downloaded", "py-download-write"}},
    {"exec-base64", "pkg/pkg/mod.py", ECO_PYPI,
     {"py-exec-decoded", "py-exec-near-decode", "py-import-exec", "py-compile-exec",
      "py-exec-alias", "reversed-base64"}},
    {"exfiltrate-sensitive-data", "pkg/pkg/mod.py", ECO_PYPI,
     {"py-credentials-exfil", "py-dns-exfil", "py-secret-arg-exfil"}},
    {"npm-api-obfuscation", "package/index.js", ECO_NPM, {"npm-api-obfuscation"}},
    {"npm-dll-hijacking", "package/index.js", ECO_NPM, {"process-injection"}},
    {"npm-exec-base64", "package/index.js", ECO_NPM, {"npm-exec-decoded", "npm-exec-alias"}},
    {"npm-exfiltrate-sensitive-data", "package/index.js", ECO_NPM,
     {"npm-exfil", "npm-env-serialize"}},
    {"npm-install-script", "package/package.json", ECO_NPM,
     {"npm-install-script", "npm-install-script-shell", "npm-install-script-node"}},
    {"npm-obfuscation", "package/index.js", ECO_NPM,
     {"npm-obfuscation", "npm-exec-decoded", "npm-hidden-code"}},
    {"npm-serialize-environment", "package/index.js", ECO_NPM, {"npm-env-serialize"}},
    {"npm-silent-process-execution", "package/index.js", ECO_NPM, {"npm-silent-spawn"}},
    {"obfuscation", "pkg/pkg/mod.py", ECO_PYPI,
     {"py-obfuscation", "py-import-exec", "py-encoded-blob", "py-compile-exec", "py-hidden-code"}},
    {"screenshot", "pkg/pkg/mod.py", ECO_PYPI, {"py-screenshot", "py-screenshot-mss"}},
    {"shady-links", "pkg/pkg/mod.py", ECO_PYPI,
     {"shady-link", "exfil-endpoint", "exfil-webhook-hardcoded"}},
    {"silent-process-execution", "pkg/pkg/mod.py", ECO_PYPI, {"py-silent-process"}},
    {"unicode", "pkg/pkg/mod.py", ECO_PYPI,
     {"unicode-lookalike-identifier", "unicode-mixed-script"}},
    /* Whole-file cases of GuardDog's current (YARA) ids. */
    {"threat-filesystem-read", NULL, ECO_UNKNOWN, {"secret-file-read"}},
    {"capability-filesystem-browser", NULL, ECO_UNKNOWN, {"secret-file-read"}},
    {"threat-network-exfiltration", NULL, ECO_UNKNOWN,
     {"exfil-endpoint", "shady-link", "exfil-webhook-hardcoded"}},
    {"threat-network-outbound-shady-links", NULL, ECO_UNKNOWN, {"shady-link", "exfil-endpoint"}},
    {"threat-process-download-exec", NULL, ECO_UNKNOWN,
     {"py-download-exec", "py-exec-downloaded", "shell-download-exec", "npm-download-exec",
      "py-download-write"}},
    {"threat-process-hooks", NULL, ECO_UNKNOWN,
     {"npm-install-script", "npm-install-script-shell", "npm-install-script-node",
      "py-setup-cmdclass"}},
    {"threat-runtime-obfuscation-base64exec", NULL, ECO_UNKNOWN,
     {"py-exec-decoded", "py-exec-near-decode", "npm-exec-decoded", "npm-exec-alias"}},
    {"threat-runtime-obfuscation-dynamic-eval", NULL, ECO_UNKNOWN,
     {"npm-exec-decoded", "npm-exec-alias", "npm-obfuscation", "npm-hidden-code"}},
    {"threat-runtime-obfuscation-js-mangling", NULL, ECO_UNKNOWN,
     {"npm-obfuscation", "npm-hidden-code"}},
    {"threat-runtime-obfuscation", NULL, ECO_UNKNOWN,
     {"py-obfuscation", "py-encoded-blob", "npm-obfuscation", "py-hidden-code",
      "npm-hidden-code"}},
    {"threat-setup-import-aliasing", NULL, ECO_UNKNOWN, {"py-import-alias"}},
    {"threat-process-cryptomining", NULL, ECO_UNKNOWN, {"cryptominer"}},
    {"threat-runtime-keylogging", NULL, ECO_UNKNOWN, {"py-keylogger"}},
    {"threat-runtime-obfuscation-api", NULL, ECO_UNKNOWN,
     {"py-api-obfuscation", "npm-api-obfuscation"}},
    {"suspicious_passwd_access_linux", NULL, ECO_UNKNOWN, {"secret-file-read"}},
};

#define N_CATEGORIES (sizeof(category_table) / sizeof(*category_table))

struct tally {
    unsigned tp, fn, fp, tn;
    unsigned tp_gate;   /* true positives at high or above: fail `--fail-on high` */
};

struct eval {
    struct rule_set *rs;
    struct scanner *sc;
    char root[4096];
    struct tally per[N_CATEGORIES];
    char uncovered[2048];
};

static const struct category *category_find(const char *name, size_t *idx)
{
    for (size_t i = 0; i < N_CATEGORIES; i++)
        if (strcmp(category_table[i].name, name) == 0) {
            *idx = i;
            return &category_table[i];
        }
    return NULL;
}

static bool rule_counts(const struct category *c, const char *rule)
{
    for (unsigned i = 0; i < MAX_RULES && c->rules[i]; i++)
        if (strcmp(c->rules[i], rule) == 0)
            return true;
    return false;
}

/* ---- statements after an annotation ------------------------------------ */

struct lines {
    char **at;      /* line starts (1-based index: at[1] is line 1) */
    size_t n;
};

static void split_lines(char *buf, struct lines *l)
{
    size_t cap = 16;
    l->at = malloc(cap * sizeof(*l->at));
    l->n = 0;
    for (char *p = buf; *p;) {
        if (l->n + 2 >= cap)
            l->at = realloc(l->at, (cap *= 2) * sizeof(*l->at));
        l->at[++l->n] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
}

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static bool is_comment_or_blank(const char *s)
{
    s = skip_ws(s);
    return !*s || *s == '#' || (s[0] == '/' && s[1] == '/');
}

/* Bracket balance of one line, outside string literals and comments. */
static int balance(const char *s)
{
    int depth = 0;
    char quote = 0;
    for (; *s; s++) {
        if (quote) {
            if (*s == '\\' && s[1])
                s++;
            else if (*s == quote)
                quote = 0;
        } else if (*s == '"' || *s == '\'' || *s == '`') {
            quote = *s;
        } else if (*s == '#' || (s[0] == '/' && s[1] == '/')) {
            break;
        } else if (strchr("([{", *s)) {
            depth++;
        } else if (strchr(")]}", *s)) {
            depth--;
        }
    }
    return depth;
}

/* The statement starting at line `from`: to where its brackets close, plus
 * an indented block after a line ending in ':'. */
static size_t statement_end(const struct lines *l, size_t from)
{
    int depth = 0;
    size_t i = from;
    for (; i <= l->n && i < from + STATEMENT_MAX_LINES; i++) {
        depth += balance(l->at[i]);
        if (depth <= 0)
            break;
    }
    if (i > l->n)
        return l->n;
    const char *end = l->at[i] + strlen(l->at[i]);
    while (end > l->at[i] && (end[-1] == ' ' || end[-1] == '\r'))
        end--;
    if (end > l->at[i] && end[-1] == ':') {
        size_t indent = (size_t)(skip_ws(l->at[from]) - l->at[from]);
        while (i + 1 <= l->n && (is_comment_or_blank(l->at[i + 1]) ||
                                 (size_t)(skip_ws(l->at[i + 1]) - l->at[i + 1]) > indent))
            i++;
    }
    return i;
}

static bool parse_mark(const char *s, bool *positive, char *rule, size_t n)
{
    s = skip_ws(s);
    if (*s == '#')
        s++;
    else if (s[0] == '/' && s[1] == '/')
        s += 2;
    else
        return false;
    s = skip_ws(s);
    if (strncmp(s, "ruleid:", 7) == 0)
        *positive = true, s += 7;
    else if (strncmp(s, "ok:", 3) == 0)
        *positive = false, s += 3;
    else
        return false;
    s = skip_ws(s);
    size_t k = 0;
    while (*s && *s != ' ' && *s != '\r' && k + 1 < n)
        rule[k++] = *s++;
    rule[k] = '\0';
    return k > 0;
}

/* Any hit of the category's rules on lines a..b; *worst is its most severe. */
static bool hit_between(const struct scan_result *r, const struct category *c, size_t a,
                        size_t b, enum scan_severity *worst)
{
    bool hit = false;
    *worst = SCAN_SEV_INFO;
    for (size_t i = 0; i < r->n_hits; i++)
        if (r->hits[i].line >= a && r->hits[i].line <= b && rule_counts(c, r->hits[i].rule)) {
            hit = true;
            *worst = r->hits[i].severity > *worst ? r->hits[i].severity : *worst;
        }
    return hit;
}

static void count(struct tally *t, bool positive, bool hit, enum scan_severity worst,
                  const char *category, const char *what)
{
    if (positive && hit)
        t->tp++, t->tp_gate += worst >= SCAN_SEV_HIGH;
    else if (positive)
        t->fn++, cr_log_info("scanner eval: %s missed %s", category, what);
    else if (hit)
        t->fp++, cr_log_info("scanner eval: %s flagged ok %s", category, what);
    else
        t->tn++;
}

static struct scan_result *scan_text(struct eval *ev, const struct category *c,
                                     const char *as, const char *buf, size_t len)
{
    scanner_free(ev->sc);
    ev->sc = scanner_new(ev->rs, c->eco);
    scanner_set_max_hits(ev->sc, 0);
    scanner_file(ev->sc, as, buf, len);
    return scanner_finish(ev->sc);
}

static char *read_test_file(const struct eval *ev, const char *file, size_t *len)
{
    char path[4800];
    snprintf(path, sizeof(path), "%s/%s", ev->root, file);
    struct diag d;
    diag_clear(&d);
    char *buf = file_read(path, 1 << 24, len, &d);
    cr_assert_not_null(buf, "%s", path);
    return buf;
}

static void eval_annotated(struct eval *ev, const char *file)
{
    size_t len;
    char *buf = read_test_file(ev, file, &len);
    size_t ci = 0;
    char stem[128];
    snprintf(stem, sizeof(stem), "%.*s", (int)(strrchr(file, '.') - file), file);
    const struct category *c = category_find(stem, &ci);
    if (!c) {
        free(buf);
        return;
    }
    struct scan_result *r = scan_text(ev, c, c->as, buf, len);
    struct lines l;
    split_lines(buf, &l);
    for (size_t i = 1; i <= l.n; i++) {
        bool positive;
        char rule[128];
        if (!parse_mark(l.at[i], &positive, rule, sizeof(rule)) || strcmp(rule, stem))
            continue;
        size_t from = i + 1;
        while (from <= l.n && is_comment_or_blank(l.at[from]))
            from++;
        if (from > l.n)
            continue;
        char what[64];
        snprintf(what, sizeof(what), "line %zu", from);
        enum scan_severity worst;
        bool hit = hit_between(r, c, from, statement_end(&l, from), &worst);
        count(&ev->per[ci], positive, hit, worst, stem, what);
    }
    free(l.at);
    scanner_result_free(r);
    free(buf);
}

/* A whole file: any hit of the category's rules flags it. */
static void eval_whole(struct eval *ev, const char *file, const char *rule, bool positive)
{
    size_t ci;
    const struct category *c = category_find(rule, &ci);
    if (!c) {
        char word[300];
        snprintf(word, sizeof(word), " %s ", rule);
        if (!strstr(ev->uncovered, word) && strlen(ev->uncovered) + strlen(rule) + 3 <
                                                sizeof(ev->uncovered)) {
            strcat(ev->uncovered, rule);
            strcat(ev->uncovered, " ");
        }
        return;
    }
    size_t len;
    char *buf = read_test_file(ev, file, &len);
    const char *ext = strrchr(file, '.');
    const char *as = strcmp(ext, ".json") == 0 ? "package/package.json"
                     : strcmp(ext, ".js") == 0 ? "package/index.js"
                     : strstr(rule, "setup") ? "pkg/setup.py" : "pkg/pkg/mod.py";
    struct scan_result *r = scan_text(ev, c, as, buf, len);
    enum scan_severity worst;
    bool hit = hit_between(r, c, 0, (size_t)-1, &worst);
    count(&ev->per[ci], positive, hit, worst, rule, file);
    scanner_result_free(r);
    free(buf);
}

static void run_index(struct eval *ev, const char *index)
{
    FILE *f = fopen(index, "r");
    cr_assert_not_null(f);
    char line[1024];
    while (fgets(line, sizeof(line), f)) {
        char file[512], kind[64], rule[256];
        if (sscanf(line, "%511s %63s %255s", file, kind, rule) != 3 ||
            strcmp(file, "file") == 0)
            continue;
        if (strcmp(kind, "annotated") == 0) {
            size_t ci;
            if (!category_find(rule, &ci))
                eval_whole(ev, file, rule, true);   /* records it as uncovered */
            else
                eval_annotated(ev, file);
        } else {
            eval_whole(ev, file, rule, strcmp(kind, "yara-benign") != 0);
        }
    }
    fclose(f);
}

static double pct(unsigned a, unsigned b)
{
    return b ? 100.0 * a / b : 100.0;
}

Test(scanner_eval, guarddog_annotations, .timeout = 60)
{
    char buf[4096];
    const char *index = test_corpus("scanner/guarddog-index.tsv", buf, sizeof(buf));
    if (!index)
        cr_skip("shared corpus absent");
    struct eval ev = {0};
    ev.uncovered[0] = ' ';
    snprintf(ev.root, sizeof(ev.root), "%.*s/guarddog-tests",
             (int)(strrchr(index, '/') - index), index);
    char rules[4096];
    snprintf(rules, sizeof(rules), "%s/rules", test_srcdir());
    struct diag d;
    diag_clear(&d);
    ev.rs = rules_load_dir(rules, &d);
    cr_assert_not_null(ev.rs, "%s", d.msg);
    run_index(&ev, index);

    struct tally line_sum = {0}, file_sum = {0};
    for (size_t i = 0; i < N_CATEGORIES; i++) {
        const struct tally *t = &ev.per[i];
        if (!t->tp && !t->fn && !t->fp && !t->tn)
            continue;
        struct tally *sum = category_table[i].as ? &line_sum : &file_sum;
        sum->tp += t->tp, sum->fn += t->fn, sum->fp += t->fp, sum->tn += t->tn;
        sum->tp_gate += t->tp_gate;
        fprintf(stderr, "scanner eval: %-40s recall %5.1f%% (%u/%u)  precision %5.1f%% "
                "(%u flagged ok of %u)  %u at high+\n", category_table[i].name,
                pct(t->tp, t->tp + t->fn), t->tp, t->tp + t->fn, pct(t->tp, t->tp + t->fp), t->fp,
                t->fp + t->tn, t->tp_gate);
    }
    double line_recall = pct(line_sum.tp, line_sum.tp + line_sum.fn);
    double line_prec = pct(line_sum.tp, line_sum.tp + line_sum.fp);
    fprintf(stderr, "scanner eval: annotated statements: recall %.1f%%, precision %.1f%%; "
            "whole files: recall %.1f%%, precision %.1f%%\n", line_recall, line_prec,
            pct(file_sum.tp, file_sum.tp + file_sum.fn), pct(file_sum.tp, file_sum.tp + file_sum.fp));
    /* The cases sit in library code (pkg/mod.py, index.js), where context
     * rules count at their runtime_severity: what a CI gate at high sees. */
    fprintf(stderr, "scanner eval: at --fail-on high: annotated recall %.1f%%, whole files "
            "recall %.1f%%\n", pct(line_sum.tp_gate, line_sum.tp + line_sum.fn),
            pct(file_sum.tp_gate, file_sum.tp + file_sum.fn));
    fprintf(stderr, "scanner eval: categories not covered:%s\n", ev.uncovered);
    /* Floors a little under the figures reached, so a regression fails. */
    cr_expect_geq(line_recall, 93.0);
    cr_expect_geq(line_prec, 96.0);
    scanner_free(ev.sc);
    rules_free(ev.rs);
}
