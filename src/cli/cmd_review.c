/* `depvet review`: records, lists and removes reviews in .depvet/audits.toml
 * from the command line; starts a project green (--init), drops exemptions
 * no longer needed (--prune) and ranks what to review next (--suggest). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/cli/commands.h"
#include "depvet/core/fileio.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/timeutil.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/assemble.h"
#include "depvet/engine/cache.h"
#include "depvet/engine/info.h"
#include "depvet/engine/session.h"

enum {
    O_CRITERIA, O_DELTA, O_NOTE, O_WHO, O_LIST, O_REMOVE, O_INIT, O_PRUNE, O_SUGGEST,
    O_ACK, O_FILE, O_LINE, O_LOCKFILE, O_REASON, O_EXPIRES, O_PROJECT, O_CACHE, O_LOCKED,
    O_OFFLINE, O_COUNT
};

static const struct opt_def review_opts[O_COUNT] = {
    [O_CRITERIA] = {"criteria", 'c', OPT_STRING, "C", "safe-to-run or safe-to-deploy", 0, 0},
    [O_DELTA] = {"delta", 0, OPT_STRING, "FROM", "a review of the changes since FROM", 0, 0},
    [O_NOTE] = {"note", 0, OPT_STRING, "TEXT", "what was read and found", 0, 0},
    [O_WHO] = {"who", 0, OPT_STRING, "NAME", "the reviewer (default: git's user.name <user.email>, then $DEPVET_REVIEWER)", 0, 0},
    [O_LIST] = {"list", 0, OPT_FLAG, NULL, "list the reviews, exemptions, trusted publishers and acks", 0, 0},
    [O_REMOVE] = {"remove", 0, OPT_FLAG, NULL, "remove the review of ECO:NAME@VERSION (at --criteria, or every)", 0, 0},
    [O_INIT] = {"init", 0, OPT_FLAG, NULL, "write the policy and exempt every current pin, so check passes", 0, 0},
    [O_PRUNE] = {"prune", 0, OPT_FLAG, NULL, "remove exemptions a review covers or no pin needs", 0, 0},
    [O_SUGGEST] = {"suggest", 0, OPT_FLAG, NULL, "the unreviewed pins, smallest diff to a reviewed version first", 0, 0},
    [O_ACK] = {"ack", 0, OPT_STRING, "RULE", "acknowledge the finding RULE of ECO:NAME@VERSION (as check names it)", 0, 0},
    [O_FILE] = {"file", 0, OPT_STRING, "PATH", "--ack: only the scanner hits in this file of the package", 0, 0},
    [O_LINE] = {"line", 0, OPT_INT, "N", "--ack: only the hit at line N of --file, tied to that line's content", 1, 1000000000},
    [O_LOCKFILE] = {"lockfile", 0, OPT_STRING, "PATH", "--ack: the lockfile's own finding RULE (missing-hash, extra-index, ...), PATH as check prints it", 0, 0},
    [O_REASON] = {"reason", 0, OPT_STRING, "TEXT", "--ack: why the finding is accepted (required)", 0, 0},
    [O_EXPIRES] = {"expires", 0, OPT_STRING, "DATE", "--ack: the ack holds until this day (YYYY-MM-DD)", 0, 0},
    [O_PROJECT] = {"project", 0, OPT_STRING, "PATH", "the project (default .; the actions above take PATH too)", 0, 0},
    [O_CACHE] = OPT_DEF_CACHE,
    [O_LOCKED] = {"locked", 0, OPT_FLAG, NULL, "--init, --prune, --suggest: imports must match .depvet/imports.lock", 0, 0},
    [O_OFFLINE] = {"offline", 0, OPT_FLAG, NULL, "--init, --prune, --suggest: fetch no import, use the cached copies", 0, 0},
};

static const char *const init_reason = "present when reviews began";

static const char *const policy_text =
    "\n# Added by depvet review --init: check now fails on pins nobody reviewed.\n"
    "[policy]\n"
    "criteria = \"safe-to-deploy\"   # runtime dependencies\n"
    "dev_criteria = \"safe-to-run\"  # dev and build-only dependencies\n"
    "unreviewed = \"high\"\n"
    "no_facts = \"high\"\n";

static void put_safe(struct strbuf *sb, const char *s)
{
    termsafe_append(sb, s, strlen(s), 0);
}

static void flush(struct strbuf *sb)
{
    if (sb->len)   /* an empty buffer may have no storage yet */
        fwrite(sb->buf, 1, sb->len, stdout);
    strbuf_reset(sb);
}

static int fail(const struct diag *d)
{
    cli_print_diag("depvet review", d);
    return EXIT_FAILURE_;
}

static const char *reviewer(const struct opt_value *v, const char *project, char *buf, size_t n)
{
    if (v[O_WHO].set)
        return v[O_WHO].str;
    session_git_reviewer_of(file_is_dir(project) ? project : ".", buf, n);
    return buf[0] ? buf : NULL;   /* NULL: audits_add takes $DEPVET_REVIEWER */
}

static bool parse_criteria(const struct opt_value *v, enum audit_criteria *c)
{
    if (audits_criteria_parse(v->str, c))
        return true;
    fprintf(stderr, "depvet review: unknown criteria '%s'\n"
                    "hint: use safe-to-run or safe-to-deploy\n", v->str ? v->str : "");
    return false;
}

/* ---- the project, its cache and its reviews ------------------------------ */

struct project {
    const char *path;
    struct engine_config cfg;
    struct session *sess;
    struct store *st;           /* NULL without a cache */
    struct audits *set;
    char *audits_path;
    const char *cache_dir;
    struct imports im;          /* other teams' reviews (OPEN_IMPORTS only) */
};

static void project_close(struct project *p)
{
    imports_fini(&p->im);
    audits_free(p->set);
    free(p->audits_path);
    engine_cache_close(p->st);
    session_free(p->sess);
}

enum open_what {
    OPEN_REVIEWS,               /* audits.toml only */
    OPEN_GRAPH,                 /* the lockfiles, the config and the cache too */
    OPEN_IMPORTS,               /* and the imports (which may fetch them) */
};

static bool project_open(struct project *p, const char *path, const struct opt_value *v,
                         enum open_what what, struct diag *d)
{
    memset(p, 0, sizeof *p);
    p->path = path;
    p->audits_path = session_project_file(path, "audits.toml");
    p->set = audits_load(p->audits_path, d);
    if (!p->set || what == OPEN_REVIEWS)
        return p->set != NULL;
    if (!engine_config_load(&p->cfg, path, d) || !(p->sess = session_open(path, d)))
        return false;
    p->cache_dir = engine_config_cache_dir(&p->cfg, v[O_CACHE].str);
    p->st = engine_cache_open(p->cache_dir, CACHE_EXISTING, d);
    struct imports_options io = {v[O_OFFLINE].set, v[O_LOCKED].set, p->cache_dir,
                                 timeutil_now()};
    return !diag_failed(d) &&
           (what != OPEN_IMPORTS || imports_resolve(&p->im, &p->cfg, path, p->set, &io, d));
}

static bool project_save(struct project *p, struct diag *d)
{
    return audits_save(p->set, p->audits_path, d);
}

/* ---- recording and removing ----------------------------------------------- */

static int do_record(const struct opt_value *v, const char *spec, const char *project,
                     struct arena *a)
{
    struct diag d;
    diag_clear(&d);
    enum audit_criteria c;
    if (!v[O_CRITERIA].set) {
        fprintf(stderr, "depvet review: a review needs --criteria\n"
                        "hint: --criteria safe-to-run or --criteria safe-to-deploy\n");
        return EXIT_USAGE;
    }
    if (!parse_criteria(&v[O_CRITERIA], &c))
        return EXIT_USAGE;
    struct info_request q;
    struct project p;
    char who[600] = "";
    int rc = EXIT_FAILURE_;
    if (!info_parse_spec(a, spec, &q, &d) || !q.version) {
        if (!diag_failed(&d))
            diag_set(&d, DIAG_SYNTAX, spec, 0, 0, "a review names a version: ECOSYSTEM:NAME@VERSION");
        cli_print_diag("depvet review", &d);
        return EXIT_USAGE;
    }
    struct audit r = {q.eco, q.name, q.version, c, v[O_DELTA].set ? AUDIT_DELTA : AUDIT_FULL,
                      v[O_DELTA].set ? v[O_DELTA].str : NULL, reviewer(v, project, who, sizeof who),
                      NULL, v[O_NOTE].set ? v[O_NOTE].str : NULL};
    if (project_open(&p, project, v, OPEN_REVIEWS, &d) && audits_add(p.set, &r, &d) &&
        project_save(&p, &d)) {
        const struct audit *e = audits_find(p.set, q.eco, q.name, q.version, c);
        struct strbuf sb = STRBUF_INIT;
        strbuf_printf(&sb, "recorded: %s ", ecosystem_name(e->eco));
        put_safe(&sb, e->name);
        strbuf_putc(&sb, ' ');
        put_safe(&sb, e->version);
        strbuf_printf(&sb, " %s", audits_criteria_name(c));
        if (e->from) {
            strbuf_puts(&sb, " (delta from ");
            put_safe(&sb, e->from);
            strbuf_putc(&sb, ')');
        }
        strbuf_puts(&sb, e->reviewer[0] ? " by " : "");
        put_safe(&sb, e->reviewer);
        strbuf_printf(&sb, " on %s\n", e->date);
        flush(&sb);
        strbuf_fini(&sb);
        rc = 0;
    } else {
        fail(&d);
    }
    project_close(&p);
    return rc;
}

static int do_remove(const struct opt_value *v, const char *spec, const char *project,
                     struct arena *a)
{
    struct diag d;
    diag_clear(&d);
    enum audit_criteria only = AUDIT_SAFE_TO_RUN;
    if (v[O_CRITERIA].set && !parse_criteria(&v[O_CRITERIA], &only))
        return EXIT_USAGE;
    struct info_request q;
    if (!info_parse_spec(a, spec, &q, &d) || !q.version) {
        fprintf(stderr, "depvet review: --remove names ECOSYSTEM:NAME@VERSION\n");
        return EXIT_USAGE;
    }
    struct project p;
    unsigned removed = 0;
    int rc = EXIT_FAILURE_;
    if (project_open(&p, project, v, OPEN_REVIEWS, &d)) {
        for (int c = AUDIT_SAFE_TO_RUN; c <= AUDIT_SAFE_TO_DEPLOY; c++)
            if (!v[O_CRITERIA].set || c == (int)only)
                removed += audits_remove(p.set, q.eco, q.name, q.version, (enum audit_criteria)c);
        if (!removed)
            diag_set(&d, DIAG_IO, p.audits_path, 0, 0, "no review of %s to remove", spec);
        else if (project_save(&p, &d))
            rc = 0;
    }
    if (rc)
        fail(&d);
    else
        printf("removed %u review%s of %s\n", removed, removed == 1 ? "" : "s", spec);
    project_close(&p);
    return rc;
}

/* ---- listing --------------------------------------------------------------- */

static void list_head(struct strbuf *sb, const char *what, enum ecosystem eco, const char *name,
                      const char *version)
{
    strbuf_printf(sb, "%-10s %-5s ", what, ecosystem_name(eco));
    put_safe(sb, name);
    strbuf_putc(sb, ' ');
    put_safe(sb, version);
}

static void list_tail(struct strbuf *sb, const char *label, const char *text)
{
    if (!text || !text[0])
        return;
    strbuf_printf(sb, "%s", label);
    put_safe(sb, text);
}

static int do_list(const char *project)
{
    struct diag d;
    diag_clear(&d);
    struct project p;
    if (!project_open(&p, project, NULL, OPEN_REVIEWS, &d)) {
        project_close(&p);
        return fail(&d);
    }
    struct strbuf sb = STRBUF_INIT;
    const struct audit *r;
    for (size_t i = 0; (r = audits_at(p.set, i)); i++) {
        list_head(&sb, "review", r->eco, r->name, r->version);
        strbuf_printf(&sb, " %s %s", audits_criteria_name(r->criteria), audits_kind_name(r->kind));
        list_tail(&sb, " from ", r->from);
        list_tail(&sb, " by ", r->reviewer);
        list_tail(&sb, " on ", r->date);
        strbuf_putc(&sb, '\n');
    }
    struct audit_exemption x;
    for (size_t i = 0; audits_exemption_at(p.set, i, &x); i++) {
        list_head(&sb, "exemption", x.eco, x.name, x.version);
        strbuf_printf(&sb, " %s", audits_criteria_name(x.criteria));
        list_tail(&sb, " until ", x.expires);
        list_tail(&sb, ": ", x.reason);
        strbuf_putc(&sb, '\n');
    }
    struct audit_trust t;
    for (size_t i = 0; audits_trust_at(p.set, i, &t); i++) {
        list_head(&sb, "trusted", t.eco, t.name, t.publisher[0] ? "published by " : "");
        put_safe(&sb, t.publisher);
        list_tail(&sb, t.publisher[0] ? " attested by " : "attested by ", t.identity);
        strbuf_printf(&sb, " %s from %s until %s\n", audits_criteria_name(t.criteria), t.start,
                      t.expires);
    }
    struct audit_ack k;
    for (size_t i = 0; audits_ack_at(p.set, i, &k); i++) {
        list_head(&sb, "ack", k.eco, k.lockfile[0] ? k.lockfile : k.name,
                  k.lockfile[0] ? "(lockfile)" : k.version);
        strbuf_putc(&sb, ' ');
        put_safe(&sb, k.rule);
        list_tail(&sb, " in ", k.path);
        list_tail(&sb, " until ", k.expires);
        list_tail(&sb, ": ", k.reason);
        strbuf_putc(&sb, '\n');
    }
    flush(&sb);
    strbuf_fini(&sb);
    project_close(&p);
    return 0;
}

/* ---- acknowledging a finding ------------------------------------------------ */

/* The project's findings as check sees them, before acks move any aside. */
static void project_findings(struct project *p, struct findings *fs)
{
    struct findings_input in = {session_graph(p->sess), p->st, &p->cfg, timeutil_now()};
    struct enforce_input ei = {&in, p->set, p->cache_dir, false, NULL, NULL};
    struct findings_report fr;
    findings_assemble(fs, &ei, false, &fr);
    findings_report_fini(&fr);
}

/* Whether f is the ack's rule in its package, in its file and at line
 * (0: any) when it names them. */
static bool ack_target(const struct finding *f, const struct dep_graph *g,
                       const struct audit_ack *k, long line)
{
    if (f->node == GRAPH_NONE || strcmp(f->rule, k->rule) != 0)
        return false;
    const struct dep_node *n = &g->nodes.items[f->node];
    if (n->eco != k->eco || !n->key || strcmp(n->key, k->name) != 0 ||
        strcmp(n->version, k->version) != 0)
        return false;
    if (!k->path[0])
        return true;
    if (!f->path || strcmp(f->path, k->path) != 0)
        return false;
    char at[32];
    snprintf(at, sizeof at, ":%ld: ", line);
    size_t pl = strlen(f->path);
    return !line || (strncmp(f->message, f->path, pl) == 0 &&
                     strncmp(f->message + pl, at, strlen(at)) == 0);
}

/* Fills k->line_sha256 (with --line) from the hit as scanned now; counts
 * the findings the ack will cover.  False when --line names no hit. */
static bool match_ack(struct project *p, struct audit_ack *k, long line, size_t *matched,
                      char sha[65], struct diag *d)
{
    struct findings fs = {0};
    project_findings(p, &fs);
    const struct dep_graph *g = session_graph(p->sess);
    *matched = 0;
    for (size_t i = 0; i < fs.items.len; i++) {
        const struct finding *f = &fs.items.items[i];
        if (!ack_target(f, g, k, line))
            continue;
        if (!*matched && line && f->line_sha256)
            snprintf(sha, 65, "%s", f->line_sha256);
        (*matched)++;
    }
    findings_fini(&fs);
    if (line && !sha[0])
        diag_set(d, DIAG_IO, k->path, (unsigned)line, 0, "no %s hit at this line of %s %s %s "
                 "(the archive must be fetched and scanned: depvet fetch, then depvet check)",
                 k->rule, ecosystem_name(k->eco), k->name, k->version);
    k->line_sha256 = sha;
    return !diag_failed(d);
}

static void say_acked(const struct audit_ack *k, size_t matched)
{
    struct strbuf sb = STRBUF_INIT;
    list_head(&sb, "acknowledged", k->eco, k->name, k->version);
    strbuf_putc(&sb, ' ');
    put_safe(&sb, k->rule);
    list_tail(&sb, " in ", k->path);
    list_tail(&sb, " (line sha256 ", k->line_sha256);
    strbuf_puts(&sb, k->line_sha256[0] ? ")" : "");
    list_tail(&sb, " until ", k->expires);
    strbuf_printf(&sb, ": %zu finding%s now covered\n", matched, matched == 1 ? "" : "s");
    flush(&sb);
    strbuf_fini(&sb);
    if (!matched)
        fprintf(stderr, "depvet review: note: no such finding now; check reports the ack as "
                        "stale until one appears\n");
}

/* The [[ack]] of each of the lockfile's findings of rule as check finds
 * them now (a lockfile's ack holds its subject's digest, so it cannot be
 * written before the finding is there); how many in *matched. */
static bool in_list(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

/* The acks of the same lockfile and rule whose subject is none of the
 * findings' now (current[n]): the lockfile changed since, and the new ack
 * replaces them, each said in sb. */
static void drop_superseded(struct audits *set, const struct audit_ack *proto,
                            const char *const *current, size_t n, struct strbuf *sb)
{
    struct audit_ack k;
    for (size_t i = 0; audits_ack_at(set, i, &k);) {
        if (strcmp(k.lockfile, proto->lockfile) != 0 || strcmp(k.rule, proto->rule) != 0 ||
            in_list(current, n, k.subject_sha256)) {
            i++;
            continue;
        }
        strbuf_puts(sb, "replaced the ack of it as it was (");
        put_safe(sb, k.evidence[0] ? k.evidence : k.subject_sha256);
        strbuf_puts(sb, ")\n");
        audits_table_remove(set, AUDIT_TAB_ACK, i);
    }
}

static bool ack_lockfile_findings(struct project *p, const struct audit_ack *proto,
                                  size_t *matched, struct strbuf *said, struct diag *d)
{
    struct findings fs = {0};
    project_findings(p, &fs);
    const struct dep_graph *g = session_graph(p->sess);
    const char **current = xcalloc(fs.items.len + 1, sizeof *current);
    bool known = false;
    *matched = 0;
    for (size_t i = 0; i < g->lockfiles.len; i++)
        known |= strcmp(file_relative(p->path, g->lockfiles.items[i].path), proto->lockfile) == 0;
    for (size_t i = 0; i < fs.items.len && !diag_failed(d); i++) {
        const struct finding *f = &fs.items.items[i];
        const struct lockfile_info *lf = &g->lockfiles.items[f->lockfile];
        if (f->node != GRAPH_NONE || strcmp(f->rule, proto->rule) != 0 || !f->subject_sha256 ||
            strcmp(file_relative(p->path, lf->path), proto->lockfile) != 0)
            continue;
        struct audit_ack k = *proto;
        k.eco = lf->eco;
        k.subject_sha256 = f->subject_sha256;
        k.evidence = f->evidence ? f->evidence : "";
        if (audits_ack_add(p->set, &k, d))
            current[(*matched)++] = f->subject_sha256;
    }
    if (*matched && !diag_failed(d))
        drop_superseded(p->set, proto, current, *matched, said);
    free(current);
    findings_fini(&fs);
    if (!diag_failed(d) && !*matched)
        diag_set(d, DIAG_IO, proto->lockfile, 0, 0, "%s: %s", known ? "no such finding of the "
                 "lockfile now (nothing to acknowledge)" : "not a lockfile of the project "
                 "(name it as depvet check prints it)", proto->rule);
    return !diag_failed(d);
}

/* --ack RULE --lockfile PATH: a finding about the lockfile itself. */
static int do_ack_lockfile(const struct opt_value *v, const char *project, const char *by,
                           const char *today)
{
    struct diag d;
    diag_clear(&d);
    const char *lock = v[O_LOCKFILE].str;
    while (lock[0] == '.' && lock[1] == '/')
        lock += 2;
    struct audit_ack k = {ECO_UNKNOWN, "", "", v[O_ACK].str, "", "", v[O_REASON].str, by, today,
                          v[O_EXPIRES].set ? v[O_EXPIRES].str : "", lock, "", ""};
    struct project p;
    size_t matched = 0;
    struct strbuf sb = STRBUF_INIT;
    bool ok = project_open(&p, project, v, OPEN_GRAPH, &d) &&
              ack_lockfile_findings(&p, &k, &matched, &sb, &d) && project_save(&p, &d);
    if (ok) {
        strbuf_puts(&sb, "acknowledged ");
        put_safe(&sb, k.rule);
        strbuf_puts(&sb, " of the lockfile ");
        put_safe(&sb, lock);
        list_tail(&sb, " until ", k.expires);
        strbuf_printf(&sb, ": %zu finding%s now covered, until what it is about changes\n",
                      matched, matched == 1 ? "" : "s");
        flush(&sb);
    }
    strbuf_fini(&sb);
    project_close(&p);
    return ok ? 0 : fail(&d);
}

static int do_ack(const struct opt_value *v, const char *spec, const char *project,
                  struct arena *a)
{
    if (v[O_LOCKFILE].set && (v[O_FILE].set || v[O_LINE].set)) {
        fprintf(stderr, "depvet review: --lockfile acknowledges a finding of the lockfile "
                        "itself; --file and --line are for a package's scanner hits\n");
        return EXIT_USAGE;
    }
    if (!v[O_REASON].set || (v[O_LINE].set && !v[O_FILE].set)) {
        fprintf(stderr, "depvet review: %s\nhint: depvet review --ack scan:js-eval "
                        "npm:topbar@2.0.1 --file lib/a.js --line 3 --reason TEXT\n",
                !v[O_REASON].set ? "an ack needs --reason TEXT" : "--line needs --file");
        return EXIT_USAGE;
    }
    struct diag d;
    diag_clear(&d);
    char canon[AUDITS_MAX_NAME * 2 + 1], who[600] = "", today[16], sha[65] = "";
    timeutil_format_date(timeutil_now(), "1970-01-01", today, sizeof today);
    const char *by = reviewer(v, project, who, sizeof who);
    if (!by)
        by = getenv("DEPVET_REVIEWER") ? getenv("DEPVET_REVIEWER") : "";
    if (v[O_LOCKFILE].set)
        return do_ack_lockfile(v, project, by, today);
    struct info_request q;
    if (!spec || !info_parse_spec(a, spec, &q, &d) || !q.version) {
        fprintf(stderr, "depvet review: --ack names RULE ECOSYSTEM:NAME@VERSION, or RULE "
                        "--lockfile PATH for a lockfile's own finding\n");
        return EXIT_USAGE;
    }
    ecosystem_normalize_name(q.eco, q.name, canon, sizeof canon);
    struct audit_ack k = {q.eco, canon, q.version, v[O_ACK].str,
                          v[O_FILE].set ? v[O_FILE].str : "", "", v[O_REASON].str, by, today,
                          v[O_EXPIRES].set ? v[O_EXPIRES].str : "", "", "", ""};
    struct project p;
    size_t matched = 0;
    bool ok = project_open(&p, project, v, OPEN_GRAPH, &d) &&
              match_ack(&p, &k, v[O_LINE].set ? v[O_LINE].num : 0, &matched, sha, &d) &&
              audits_ack_add(p.set, &k, &d) && project_save(&p, &d);
    if (ok)
        say_acked(&k, matched);
    project_close(&p);
    return ok ? 0 : fail(&d);
}

/* ---- starting green, pruning, suggesting ------------------------------------ */

/* The project's config.toml with the default [policy] appended, in out,
 * unless it has one (*added false then). */
static bool policy_config(const char *path, struct strbuf *out, bool *added, struct diag *d)
{
    struct engine_config own;
    engine_config_init(&own);
    bool ok = engine_config_read_file(&own, path, false, d);
    *added = ok && !own.policy.enforced;
    if (*added) {
        size_t len = 0;
        char *old = file_exists(path) ? file_read(path, 1u << 20, &len, d) : NULL;
        if (old)
            strbuf_append(out, old, len);
        strbuf_puts(out, policy_text + (old ? 0 : 1));
        ok = old || !diag_failed(d);
        free(old);
    }
    return ok;
}

/* Puts audits.toml and config.toml in place together: both are staged
 * (written and synced beside their targets) before either is renamed, so
 * a refused or failing write changes neither.  The rename of config.toml
 * comes second; should it fail, audits.toml gets its old bytes back.  Only
 * a crash between the two renames leaves the exemptions without the
 * [policy] (check then stays green, the policy not enforced), which
 * --init run again completes. */
static bool write_both(struct project *p, const char *cfg_path, const struct strbuf *cfg,
                       bool with_cfg, struct diag *d)
{
    size_t alen, olen = 0;
    char *text = audits_serialize(p->set, &alen);
    bool had = file_exists(p->audits_path);
    char *old = had ? file_read(p->audits_path, AUDITS_MAX_FILE, &olen, d) : NULL;
    struct file_stage sa, sc;
    sc.dirfd = -1;
    bool ok = (!had || old) && file_stage_project(&sa, p->audits_path, text, alen, d);
    if (ok && with_cfg && !file_stage_project(&sc, cfg_path, cfg->buf, cfg->len, d)) {
        file_stage_abort(&sa);
        ok = false;
    }
    if (ok && !file_stage_commit(&sa, d)) {
        file_stage_abort(&sc);
        ok = false;
    }
    if (ok && with_cfg && !file_stage_commit(&sc, d)) {
        struct diag ignore;
        diag_clear(&ignore);
        if (had)
            file_write_project(p->audits_path, old, olen, &ignore);
        else
            remove(p->audits_path);
        ok = false;
    }
    free(text);
    free(old);
    return ok;
}

static int do_init(const struct opt_value *v, const char *project)
{
    struct diag d;
    diag_clear(&d);
    struct project p;
    bool added_policy = false;
    size_t n = 0;
    char *cfg_path = session_project_file(project, "config.toml");
    struct strbuf cfg = STRBUF_INIT;
    bool ok = project_open(&p, project, v, OPEN_IMPORTS, &d) &&
              policy_config(cfg_path, &cfg, &added_policy, &d);
    if (ok) {
        struct findings_input in = {session_graph(p.sess), p.st, &p.cfg, timeutil_now()};
        struct enforce_input ei = {&in, p.set, p.cache_dir, false, &p.im, NULL};
        n = enforce_exempt_all(p.set, &ei, init_reason, &d);
        ok = !diag_failed(&d) && write_both(&p, cfg_path, &cfg, added_policy, &d);
    }
    if (ok)
        printf("%zu exemptions written to %s%s\n", n, p.audits_path,
               added_policy ? "; [policy] added to .depvet/config.toml" : "");
    strbuf_fini(&cfg);
    free(cfg_path);
    project_close(&p);
    return ok ? 0 : fail(&d);
}

struct prune_ctx {
    struct strbuf *sb;
    struct audits *own;         /* the project's set, when pruning a merged copy */
};

/* Drops from the project's own set the exemption pruned from the copy. */
static void drop_own(struct audits *own, const struct audit_exemption *x)
{
    struct audit_exemption e;
    for (size_t i = 0; audits_exemption_at(own, i, &e); i++)
        if (e.eco == x->eco && strcmp(e.name, x->name) == 0 && strcmp(e.version, x->version) == 0) {
            audits_table_remove(own, AUDIT_TAB_EXEMPTION, i);
            return;
        }
}

static void say_pruned(void *ud, const struct audit_exemption *x, const char *why)
{
    struct prune_ctx *c = ud;
    list_head(c->sb, "pruned", x->eco, x->name, x->version);
    strbuf_printf(c->sb, ": %s\n", why);
    if (c->own)
        drop_own(c->own, x);
}

/* With imports the exemptions are pruned on a copy that holds their
 * reviews too (an imported review covers what it exempted), and each one
 * that goes is dropped from the project's own set, which is saved. */
static int do_prune(const struct opt_value *v, const char *project)
{
    struct diag d;
    diag_clear(&d);
    struct project p;
    struct strbuf sb = STRBUF_INIT;
    bool ok = project_open(&p, project, v, OPEN_IMPORTS, &d);
    struct prune_ctx c = {&sb, ok && p.im.merged ? p.set : NULL};
    struct audits *on = c.own ? p.im.merged : p.set;
    size_t n = ok ? enforce_prune(on, session_graph(p.sess), timeutil_now(), say_pruned, &c) : 0;
    ok = ok && (!n || project_save(&p, &d));
    if (ok) {
        flush(&sb);
        printf("%zu exemption%s removed\n", n, n == 1 ? "" : "s");
    }
    strbuf_fini(&sb);
    project_close(&p);
    return ok ? 0 : fail(&d);
}

/* Smallest measured diff first, then the other deltas, then full reviews. */
static int suggest_cmp(const void *x, const void *y)
{
    const struct enforce_pin *a = x, *b = y;
    int ra = a->files >= 0 ? 0 : a->from ? 1 : 2, rb = b->files >= 0 ? 0 : b->from ? 1 : 2;
    if (ra != rb)
        return ra - rb;
    long sa = a->added + a->removed, sb = b->added + b->removed;
    return ra == 0 && sa != sb ? (sa < sb ? -1 : 1) : (a->node > b->node) - (a->node < b->node);
}

static void print_suggestion(struct strbuf *sb, const struct dep_node *n,
                             const struct enforce_pin *e, const struct finding *f)
{
    list_head(sb, audits_criteria_name((enum audit_criteria)e->need), n->eco, n->name,
              n->version);
    if (e->from) {
        strbuf_puts(sb, "  delta from ");
        put_safe(sb, e->from);
        if (e->files >= 0)
            strbuf_printf(sb, ": %ld files, +%ld -%ld", e->files, e->added, e->removed);
        else
            strbuf_puts(sb, " (archives not fetched: depvet fetch measures it)");
    } else {
        strbuf_puts(sb, "  full review (no version reviewed)");
    }
    strbuf_puts(sb, "\n    ");
    put_safe(sb, f && f->evidence ? f->evidence : "");
    strbuf_putc(sb, '\n');
}

/* The unreviewed finding of a node (its evidence holds the commands). */
static const struct finding *unreviewed_of(const struct findings *fs, unsigned node)
{
    for (size_t i = 0; i < fs->items.len; i++)
        if (fs->items.items[i].node == node && strcmp(fs->items.items[i].rule, "unreviewed") == 0)
            return &fs->items.items[i];
    return NULL;
}

static int do_suggest(const struct opt_value *v, const char *project)
{
    struct diag d;
    diag_clear(&d);
    struct project p;
    if (!project_open(&p, project, v, OPEN_IMPORTS, &d)) {
        project_close(&p);
        return fail(&d);
    }
    struct findings_input in = {session_graph(p.sess), p.st, &p.cfg, timeutil_now()};
    struct enforce_input ei = {&in, p.set, p.cache_dir, true, &p.im, NULL};
    struct findings fs = {0};
    struct coverage cov;
    struct enforce_pin *pins;
    size_t n, k = 0;
    enforce_findings(&fs, &ei, &cov, &pins, &n);
    for (size_t i = 0; i < n; i++)
        if (!pins[i].covered && pins[i].need != POLICY_NO_REVIEW)
            pins[k++] = pins[i];
    qsort(pins, k, sizeof *pins, suggest_cmp);
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < k; i++)
        print_suggestion(&sb, &in.g->nodes.items[pins[i].node], &pins[i],
                         unreviewed_of(&fs, pins[i].node));
    strbuf_printf(&sb, "%zu of %u pins need a review\n", k, cov.pins);
    flush(&sb);
    strbuf_fini(&sb);
    free(pins);
    findings_fini(&fs);
    project_close(&p);
    return 0;
}

static int review_run(const struct cli_command *self, struct cli_ctx *cx)
{
    (void)self;
    const struct opt_value *v = cx->v;
    const char *const *pos = cx->pos;
    unsigned npos = cx->npos;
    unsigned modes = v[O_LIST].set + v[O_INIT].set + v[O_PRUNE].set + v[O_SUGGEST].set +
                     v[O_REMOVE].set + v[O_ACK].set;
    if (modes > 1) {
        fprintf(stderr, "depvet review: --list, --remove, --init, --prune, --suggest and --ack "
                        "go one at a time\n");
        return EXIT_USAGE;
    }
    bool on_project = v[O_LIST].set || v[O_INIT].set || v[O_PRUNE].set || v[O_SUGGEST].set ||
                      (v[O_ACK].set && v[O_LOCKFILE].set);
    const char *project = v[O_PROJECT].set ? v[O_PROJECT].str : on_project && npos ? pos[0] : ".";
    if (v[O_LIST].set)
        return do_list(project);
    if (v[O_INIT].set)
        return do_init(v, project);
    if (v[O_PRUNE].set)
        return do_prune(v, project);
    if (v[O_SUGGEST].set)
        return do_suggest(v, project);
    if (v[O_ACK].set && v[O_LOCKFILE].set)
        return do_ack(v, NULL, project, cx->a);
    if (!npos) {
        fprintf(stderr, "depvet review: name the package: ECOSYSTEM:NAME@VERSION\n"
                        "hint: depvet review npm:topbar@2.0.2 --criteria safe-to-deploy\n");
        return EXIT_USAGE;
    }
    if (v[O_ACK].set)
        return do_ack(v, pos[0], project, cx->a);
    return v[O_REMOVE].set ? do_remove(v, pos[0], project, cx->a)
                           : do_record(v, pos[0], project, cx->a);
}

const struct cli_command cmd_review_entry = {
    .name = "review",
    .args = "ECOSYSTEM:NAME@VERSION | --ack RULE ECOSYSTEM:NAME@VERSION | --ack RULE --lockfile LOCK [PATH] | --list|--init|--prune|--suggest [PATH]",
    .summary = "record a review, or start, prune and plan the project's reviews",
    .details =
        "Records in .depvet/audits.toml that you read a package at a version and judged\n"
        "it safe-to-run or safe-to-deploy: a full review, or with --delta FROM a review\n"
        "of the changes since a reviewed version.  --init writes a [policy] to\n"
        ".depvet/config.toml and an exemption for every pin nothing covers yet, so\n"
        "'depvet check' passes at once and fails from then on on any new or changed\n"
        "pin nobody reviewed.  --prune drops exemptions a review covers or no pin needs.\n"
        "--suggest lists what to review next, the smallest diff first, with the\n"
        "commands that show it and record it.  --ack RULE ECOSYSTEM:NAME@VERSION\n"
        "--reason TEXT accepts a finding (with --file and --line, one scanner hit, tied\n"
        "to that line's content); --ack RULE --lockfile LOCK accepts a finding about\n"
        "the lockfile itself (missing-hash, extra-index, lockfile-duplicate-key) as it\n"
        "is now: a changed lockfile (other entries without a checksum) makes it stale.  --init, --prune and --suggest count the [imports]\n"
        "of .depvet/config.toml; --locked and --offline work as in check.",
    .opts = review_opts,
    .nopts = O_COUNT,
    .max_pos = 1,
    .run = review_run,
};
