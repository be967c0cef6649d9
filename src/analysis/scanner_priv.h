/* Shared between scanner.c (rules over one file) and scanner_pool.c (files
 * of one package over worker threads); not a public surface. */
#ifndef DEPVET_ANALYSIS_SCANNER_PRIV_H
#define DEPVET_ANALYSIS_SCANNER_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/analysis/archive.h"
#include "depvet/analysis/binclass.h"
#include "depvet/analysis/install_ctx.h"
#include "depvet/analysis/lexer.h"
#include "depvet/analysis/prefilter.h"
#include "depvet/analysis/scanner.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/vec.h"

/* What a summarised file is, for its summary line. */
enum file_kind { FILE_CODE, FILE_GENERATED, FILE_TEST };

struct bin_count {
    const struct scan_rule *rule;
    size_t hit;
    unsigned files;
};

struct scan_pool;

struct scanner {
    const struct rule_set *rs;
    enum ecosystem eco;
    unsigned max_hits;
    struct rules_match_data *md;
    /* The prefilter's occurrences for the current file (NULL: off), and
     * per database whether this file's view went through it. */
    struct prefilter_scratch *pf;
    enum { PF_TODO, PF_DONE, PF_FAILED } pf_state[PREFILTER_DB_COUNT];
    struct arena *arena;                 /* the current result's strings */
    VEC(struct scan_hit) hits;
    size_t files_text, files_binary, files_unread;
    uint64_t bytes_text;
    /* Per-file scratch, reused so matching allocates nothing per line. */
    const char *buf;
    size_t len;
    bool lines_ready;
    VEC(size_t) newlines;                /* offsets of '\n' in buf */
    VEC(unsigned) seen;                  /* lines already hit by this rule */
    VEC(unsigned) near;                  /* lines where the near pattern matches */
    int near_state;                      /* 0 unknown, 1 computed */
    struct strbuf excerpt;
    /* Lexical views of the current file (see lexer.h), len bytes each. */
    char *code, *bare;
    size_t view_cap;
    bool lexed;                          /* false: rules see the file as it is */
    const char *lex_note;                /* why it was not lexed (arena), or NULL */
    bool install;                        /* the whole file runs at install time */
    bool per_line;                       /* __init__.py: def bodies are runtime */
    bool scoped;                         /* scopes_of() answers for this file */
    bool scopes_ready;                   /* scopes holds for this file */
    VEC(unsigned) scopes;                /* line - 1: its function (lexer_scopes) */
    enum lex_lang lang;
    bool ffi;                            /* Gleam's JavaScript FFI: npm's rules too */
    /* The name rules match the file by: its path, or for a file without an
     * extension whose #! names a language, the path with that extension. */
    struct strbuf match_path;
    /* While the NFKC-normalised copy (norm) is scanned: the file as
     * written and its newlines, for line hashes and notes; else NULL. */
    const char *orig;
    size_t orig_len;
    VEC(size_t) orig_newlines;
    struct strbuf norm;
    bool generated;                      /* kind != FILE_CODE: hits summarised */
    enum file_kind kind;
    struct strbuf summary;               /* its context hits, "rule count, ..." */
    enum scan_severity summary_sev;
    unsigned summary_line, summary_hits;
    struct install_ctx *ictx;            /* files the manifests run */
    /* Binary hits, one per rule and package: the hit and its file count. */
    VEC(struct bin_count) bin_counts;
    /* The worker pool (scanner_pool.c): threads wanted (1: none), text
     * bytes scanned here before it starts, and the running pool. */
    unsigned threads;
    size_t pool_min_bytes;
    uint64_t bytes_alone;
    struct scan_pool *pool;
    bool shared_ictx;                    /* a worker's: ictx is its caller's */
};

/* A text file's hits (scanner.c): the views, the rules, the summary. */
void scanner_text_file(struct scanner *sc, const char *path, const void *data, size_t len);
/* A binary's hits, one per rule and package. */
void scanner_binary_file(struct scanner *sc, const char *path, enum binclass cls);
/* A copy of h (its strings in sc's arena) appended to sc's hits. */
void scanner_adopt_hit(struct scanner *sc, const struct scan_hit *h);

/* The pool (scanner_pool.c).  Items are scanned on the workers in any
 * order and their hits appended in the order they were handed over, so
 * the result is the one scanning them here in that order would give. */
/* Should this file go to the pool (starting it when due)? */
bool scan_pool_take(struct scanner *sc, size_t len);
/* A file for the pool: data borrowed (alive until scan_pool_flush) or
 * copied. */
void scan_pool_file(struct scanner *sc, const char *path, const void *data, size_t len,
                    bool borrow);
void scan_pool_problem(struct scanner *sc, const struct archive_problem *p);
/* Waits for every item, appends their hits in order and stops the threads. */
void scan_pool_flush(struct scanner *sc);
/* The threads a scanner gets by default: the CPUs this process may run on. */
unsigned scan_pool_default_threads(void);

#endif
