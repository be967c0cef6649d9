/* The rule catalogue, gathered from the modules' own tables so a new
 * rule is documented where it is written and nowhere else. */
#include "depvet/engine/catalog.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/scanner.h"
#include "depvet/core/xmalloc.h"

/* Indexed by enum archive_problem_kind; ids and severities are the
 * scanner's. */
static const char *const archive_doc_table[ARCHIVE_PROBLEM_COUNT] = {
    [ARCHIVE_PROBLEM_SYMLINK] = "the archive holds a symbolic link",
    [ARCHIVE_PROBLEM_HARDLINK] = "the archive holds a hard link",
    [ARCHIVE_PROBLEM_SPECIAL] = "the archive holds a device, fifo or socket",
    [ARCHIVE_PROBLEM_ABSOLUTE_PATH] = "an archive member has an absolute path",
    [ARCHIVE_PROBLEM_DOTDOT] = "an archive member's path climbs out with '..'",
    [ARCHIVE_PROBLEM_BAD_PATH] = "an archive member has an empty path",
    [ARCHIVE_PROBLEM_DUPLICATE] = "the archive holds one path twice",
    [ARCHIVE_PROBLEM_ENCRYPTED] = "an archive member is encrypted",
    [ARCHIVE_PROBLEM_TOO_MANY_ENTRIES] = "the archive has too many members to read",
    [ARCHIVE_PROBLEM_FILE_TOO_LARGE] = "an archive member is too large to scan",
    [ARCHIVE_PROBLEM_TOTAL_TOO_LARGE] = "the archive unpacks to too much to read",
    [ARCHIVE_PROBLEM_RATIO] = "the archive's compression ratio is a bomb's",
    [ARCHIVE_PROBLEM_CORRUPT] = "the archive is truncated or corrupt",
};

/* The scanner's summaries of a generated or test file's hits; their
 * severity is the worst summarised hit's, at most medium unless a rule
 * says its hits count at run time. */
static const struct rule_doc summary_docs[] = {
    {"scan:generated-file", SEV_MEDIUM,
     "a generated, minified or vendored file's hits below critical, summarised",
     "Minified and vendored code is where a payload hides best: the summary keeps the count "
     "and the worst line without flooding the report with a bundler's usual patterns."},
    {"scan:test-file", SEV_LOW, "a test file's hits below critical, summarised",
     "Tests exercise risky calls on purpose, but they are still installed with the package; "
     "the summary keeps them visible at a lower weight."},
    {NULL, SEV_INFO, NULL, NULL},
};

static const struct {
    const struct rule_doc *docs;
    const char *kind;
} module_table[] = {
    {rules_lockfile_docs, "lockfile"},
    {rules_registry_docs, "registry"},
    {rules_provenance_docs, "registry"},
    {rules_advisory_docs, "advisory"},
    {enforce_docs, "policy"},
    {summary_docs, "scanner"},
};

static int rule_cmp(const void *a, const void *b)
{
    return strcmp(((const struct catalog_rule *)a)->id, ((const struct catalog_rule *)b)->id);
}

static void add(struct catalog *c, const struct catalog_rule *r)
{
    c->rules = xrealloc(c->rules, (c->n + 1) * sizeof *c->rules);
    c->rules[c->n++] = *r;
}

static void add_scanner(struct catalog *c, const struct rule_set *rs)
{
    for (size_t i = 0; i < rs->n_rules; i++) {
        const struct scan_rule *s = &rs->rules[i];
        add(c, &(struct catalog_rule){arena_printf(c->arena, "scan:%s", s->id),
                                      (enum severity)s->severity, s->message, s->rationale,
                                      "scanner", s->references, s->n_references,
                                      s->ecosystems});
    }
}

void catalog_init(struct catalog *c, const struct rule_set *rs)
{
    memset(c, 0, sizeof *c);
    c->arena = arena_new();
    for (size_t m = 0; m < sizeof module_table / sizeof *module_table; m++)
        for (const struct rule_doc *d = module_table[m].docs; d->id; d++)
            add(c, &(struct catalog_rule){d->id, d->severity, d->summary, d->rationale,
                                          module_table[m].kind, NULL, 0, 0});
    /* Archive problems and scanner rules reach findings as "scan:ID". */
    for (unsigned k = 0; k < ARCHIVE_PROBLEM_COUNT; k++) {
        enum archive_problem_kind kind = (enum archive_problem_kind)k;
        add(c, &(struct catalog_rule){
                   arena_printf(c->arena, "scan:%s", scanner_problem_rule(kind)),
                   (enum severity)scanner_problem_severity(kind), archive_doc_table[k],
                   "Archives that do not unpack as plain files can write outside the install "
                   "folder or hide code from review.", "archive", NULL, 0, 0});
    }
    if (rs)
        add_scanner(c, rs);
    qsort(c->rules, c->n, sizeof *c->rules, rule_cmp);
}

void catalog_fini(struct catalog *c)
{
    free(c->rules);
    arena_free(c->arena);
    memset(c, 0, sizeof *c);
}

size_t catalog_find(const struct catalog *c, const char *id)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(c->rules[mid].id, id);
        if (!cmp)
            return mid;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (size_t)-1;
}
