/* Scanner rules: rules/NAME.toml files of [[rule]] tables (see
 * depvet-rules(5)), loaded once, their PCRE2 patterns compiled with JIT,
 * and a SHA-256 digest over the canonical form of the whole set so scan
 * results can be cached per (archive, rule set).  A loaded set is read-only
 * and may be shared by threads: matching state lives in the scanner. */
#ifndef DEPVET_ANALYSIS_RULES_H
#define DEPVET_ANALYSIS_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/analysis/binclass.h"
#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/core/ecosystem.h"

#define RULES_DIGEST_SIZE 32
#define RULES_MAX_PATTERNS 16      /* per rule */
#define RULES_MAX_WITHIN 1000      /* near window, lines */
#define RULES_WITHIN_FILE (-1)     /* near anywhere in the same file */
#define RULES_WITHIN_FUNCTION (-2) /* near in the same function (lexer_scopes) */

/* Same order and names as the findings engine's enum severity, so the
 * engine converts by value (analysis sits below engine). */
enum scan_severity {
    SCAN_SEV_INFO, SCAN_SEV_LOW, SCAN_SEV_MEDIUM, SCAN_SEV_HIGH, SCAN_SEV_CRITICAL,
    SCAN_SEV_COUNT
};

/* "info" .. "critical"; parse is case-insensitive. */
const char *rules_severity_name(enum scan_severity s);
bool rules_severity_parse(const char *s, enum scan_severity *out);

/* What a rule's patterns are matched against (see depvet-rules(5)): the
 * file with comments and doc strings blanked (default), that and string
 * contents blanked too, or the file as it is. */
enum rules_view { RULES_VIEW_CODE, RULES_VIEW_BARE, RULES_VIEW_RAW, RULES_VIEW_COUNT };

/* A compiled pattern; opaque outside src/analysis. */
struct rules_pattern;

struct scan_rule {
    const char *id;
    enum scan_severity severity;   /* in install- or compile-time code */
    /* Severity in runtime library code, or in a generated, minified or
     * vendored file (then summarised); has_runtime false: severity always. */
    enum scan_severity runtime_severity;
    bool has_runtime;
    enum rules_view view;
    /* Identifiers NFKC-normalised in the code and bare views (default), as
     * Python reads them; false: as written (rules on the spelling itself). */
    bool nfkc;
    unsigned ecosystems;           /* bits 1u << ECO_*; 0 = every ecosystem */
    const char **files;            /* globs; none = every file */
    size_t n_files;
    const char **exclude;          /* globs of files the rule skips */
    size_t n_exclude;
    unsigned binaries;             /* bits 1u << BINCLASS_*: such files are hits */
    const struct rules_pattern **patterns;   /* any one matching is a hit */
    size_t n_patterns;
    const struct rules_pattern *near;        /* NULL = none */
    int within;                    /* near window in lines, or RULES_WITHIN_* */
    const struct rules_pattern *unless;      /* a hit line matching it is dropped */
    unsigned max_hits;             /* per file; 0 = the scanner's default */
    const char *message, *rationale;
    const char **references;
    size_t n_references;
    const char *source;            /* "rules/pypi.toml:12" */
};

struct prefilter;

struct rule_set {
    const struct scan_rule *rules;     /* sorted by id */
    size_t n_rules;
    /* The multi-pattern prefilter over the patterns' literals (prefilter.h)
     * built by rules_finish; NULL (prefilter_note says why) when vectorscan
     * cannot run, and then every pattern is matched everywhere. */
    const struct prefilter *prefilter;
    const char *prefilter_note;
    size_t n_patterns;                 /* patterns and near patterns */
    size_t n_prefiltered;              /* of them with a literal in the prefilter */
    unsigned char digest[RULES_DIGEST_SIZE];
    char digest_hex[2 * RULES_DIGEST_SIZE + 1];
    struct arena *arena;               /* owns everything above */
};

/* An empty set to add files to, then rules_finish before use. */
struct rule_set *rules_new(void);
/* Adds the rules of one TOML document (where names it in errors).  False
 * with d = file:line:col on the first problem; the set is then unusable. */
bool rules_add(struct rule_set *rs, const char *buf, size_t len, const char *where,
               struct diag *d);
/* Sorts, checks ids are unique and computes the digest. */
bool rules_finish(struct rule_set *rs, struct diag *d);
/* Every *.toml of dir, in name order, finished; NULL with d on error. */
struct rule_set *rules_load_dir(const char *dir, struct diag *d);
/* The same with the prefilter's compiled databases kept in the folder
 * db_cache (NULL: compiled each time; see prefilter_build). */
struct rule_set *rules_load_dir_cached(const char *dir, const char *db_cache, struct diag *d);
/* Before rules_finish: where it keeps the compiled databases (NULL: none). */
void rules_set_db_cache(struct rule_set *rs, const char *dir);
void rules_free(struct rule_set *rs);   /* accepts NULL */

/* Rule by id, or NULL. */
const struct scan_rule *rules_find(const struct rule_set *rs, const char *id);

/* Glob match: '*' any run within one path component, '**' any run across
 * components, '?' one character.  A glob without '/' is matched against the
 * file name; one with '/' against every tail of the path that starts at a
 * component, so a glob "priv/STAR.so" matches "pkg-1.0/priv/x.so". */
bool rules_glob_match(const char *glob, const char *path);
/* Does r look at this file of a package of ecosystem eco (ECO_UNKNOWN:
 * any)? */
bool rules_applies(const struct scan_rule *r, enum ecosystem eco, const char *path);

/* Finds the first match of p in s[from..len) (s may be the whole file;
 * ^ and $ are line anchors).  md comes from rules_match_data_new.  False
 * when there is none or a resource limit stopped the search. */
struct rules_match_data;
struct rules_match_data *rules_match_data_new(void);
void rules_match_data_free(struct rules_match_data *md);   /* accepts NULL */
bool rules_pattern_search(const struct rules_pattern *p, const char *s, size_t len,
                          size_t from, struct rules_match_data *md, size_t *start,
                          size_t *end);

/* The pattern's number (0 .. n_patterns - 1, the prefilter's id), its
 * literal (NULL when it has none: matched everywhere) and its text. */
struct literal_factor;
unsigned rules_pattern_id(const struct rules_pattern *p);
const struct literal_factor *rules_pattern_factor(const struct rules_pattern *p);
const char *rules_pattern_text(const struct rules_pattern *p);

/* rules_pattern_search with the prefilter's help: ends[0..n_ends) are the
 * sorted end offsets of p's literal in s (prefilter_ends), and PCRE2 runs
 * only in the windows before them.  The first match is the one
 * rules_pattern_search finds.  n_ends SIZE_MAX (too many kept) or a
 * pattern without a literal: rules_pattern_search itself. */
bool rules_pattern_find(const struct rules_pattern *p, const char *s, size_t len, size_t from,
                        const size_t *ends, size_t n_ends, struct rules_match_data *md,
                        size_t *start, size_t *end);

#endif
