/* The malicious-code scanner: runs a rule set over the files of a package
 * held in memory.  Text files are matched whole (one JIT search per pattern
 * over the buffer, line numbers looked up only for hits); binaries are
 * classified and reported where a rule asks for that class; what the
 * archive walker found odd (links, traversal paths, caps) becomes hits too.
 *
 * Rules see a lexical view of source files (lexer.h: comments out, and
 * strings too for view = "bare").  Context decides severity: a rule's
 * severity holds in install- and compile-time code (setup.py, package.json
 * and the files its install scripts run, .pth files, module-level code of
 * __init__.py, mix.exs, rebar.config), its runtime_severity elsewhere.
 * In generated, minified or vendored files (dist/, _vendor/, *.min.js,
 * long-line bundles) the hits of such context rules become one
 * "generated-file" summary hit; binaries are one hit per rule and package
 * with a file count.  JavaScript in src/ of a Hex package (a Gleam
 * package's FFI) is matched by npm's rules as well as Hex's.
 *
 *   struct scanner *sc = scanner_new(rs, ECO_PYPI);
 *   scanner_listing(sc, listing);          // or scanner_file() per file
 *   struct scan_result *res = scanner_finish(sc);
 *   ... res->hits[i] ...
 *   scanner_result_free(res); scanner_free(sc);
 *
 * A scanner is single-threaded; the rule set may be shared. */
#ifndef DEPVET_ANALYSIS_SCANNER_H
#define DEPVET_ANALYSIS_SCANNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/analysis/archive.h"
#include "depvet/analysis/rules.h"
#include "depvet/core/arena.h"
#include "depvet/core/ecosystem.h"
#include "depvet/core/strbuf.h"

#define SCANNER_DEFAULT_MAX_HITS 5      /* per rule and file */
#define SCANNER_EXCERPT_COLS 120

struct scan_hit {
    const char *rule;          /* rule id; "archive-<problem>" for archive problems */
    enum scan_severity severity;
    const char *file;          /* path in the package, raw (not terminal-safe) */
    unsigned line;             /* 1-based; 0 for the whole file / archive */
    const char *excerpt;       /* terminal-safe, at most SCANNER_EXCERPT_COLS columns */
    const char *message;       /* the rule's message */
    const char *line_sha256;   /* hex SHA-256 of the matched line's bytes (without
                                * its newline); "" for whole-file hits */
};

struct scan_result {
    const struct scan_hit *hits;   /* most severe first, then file, line, rule */
    size_t n_hits;
    size_t files_text, files_binary, files_unread;
    uint64_t bytes_text;           /* bytes of text matched */
    enum ecosystem ecosystem;      /* whose rules ran (ECO_UNKNOWN: all) */
    struct arena *arena;           /* owns the hits and their strings */
};

/* eco selects the rules (ECO_UNKNOWN: every rule). */
struct scanner *scanner_new(const struct rule_set *rs, enum ecosystem eco);
void scanner_free(struct scanner *sc);   /* accepts NULL */
/* Hits kept per rule and file for rules without max_hits (default
 * SCANNER_DEFAULT_MAX_HITS; 0 = all, for evaluations). */
void scanner_set_max_hits(struct scanner *sc, unsigned n);

/* The multi-pattern prefilter (on by default when the rule set has one):
 * off, every pattern is matched over the whole of every file, as a check
 * that the prefilter changes no result. */
void scanner_set_prefilter(struct scanner *sc, bool on);

/* One file (data NULL when its content was not kept: only a note). */
void scanner_file(struct scanner *sc, const char *path, const void *data, size_t len);
/* Notes the files a manifest runs (install_ctx.h: package.json's install
 * scripts, setup.py's local imports, rebar.config and mix.exs hooks), so
 * their hits count as install-time code.  Call before those files;
 * scanner_listing does it itself. */
void scanner_manifest(struct scanner *sc, const char *path, const void *data, size_t len);
/* One archive problem as a hit. */
void scanner_problem(struct scanner *sc, const struct archive_problem *p);
/* Every regular file and every problem of a listing. */
void scanner_listing(struct scanner *sc, const struct archive_listing *l);
/* The hits so far, sorted; the scanner starts empty again. */
struct scan_result *scanner_finish(struct scanner *sc);
void scanner_result_free(struct scan_result *r);   /* accepts NULL */

/* A result as text for the scan cache: a header line, then one hit per
 * line, fields tab-separated with \\, \t, \n and \0 escaped. */
void scanner_result_serialize(const struct scan_result *r, struct strbuf *out);
/* The inverse; NULL with d set on anything malformed (the cache is input
 * like any other). */
struct scan_result *scanner_result_parse(const char *buf, size_t len, struct diag *d);

/* Rule ids and severities of the archive problems ("archive-symlink"...). */
const char *scanner_problem_rule(enum archive_problem_kind k);
enum scan_severity scanner_problem_severity(enum archive_problem_kind k);

/* Guesses the ecosystem from marker files of a listing (package.json,
 * setup.py / PKG-INFO / *.dist-info, mix.exs / rebar.config / gleam.toml /
 * metadata.config); ECO_UNKNOWN when none or several. */
enum ecosystem scanner_guess_ecosystem(const char *const *paths, size_t n);

#endif
