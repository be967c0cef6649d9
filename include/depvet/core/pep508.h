/* PEP 508 dependency specifications ("name[extra]>=1,<2; python_version <
 * '3.11'", "name @ https://...") parsed into an arena, and environment
 * markers evaluated against a target environment.
 *
 * The specifier part is validated with req_pep440 and kept as text (parse
 * it again with req_pep440_parse to match versions).  Markers: and/or
 * (and binds tighter), parentheses nested at most PEP508_MAX_DEPTH deep,
 * quoted strings without escapes, the PEP 508 variables plus the legacy
 * dotted spellings (os.name, sys.platform, platform.version,
 * platform.machine, platform.python_implementation, python_implementation).
 * A comparison whose right side forms a valid PEP 440 specifier with its
 * operator and whose left side is a valid version compares as versions
 * (pre-releases allowed); otherwise as strings (== != < <= > >=, `in`
 * and `not in` as substring tests; ~= on non-versions is false).  Values
 * of `extra` compare after name normalization (lower case, runs of -_.
 * as one '-'). */
#ifndef DEPVET_CORE_PEP508_H
#define DEPVET_CORE_PEP508_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"

#define PEP508_MAX_DEPTH 32
#define PEP508_MAX_LEN (64u * 1024)

enum pep508_var {
    PEP508_PYTHON_VERSION,
    PEP508_PYTHON_FULL_VERSION,
    PEP508_OS_NAME,
    PEP508_SYS_PLATFORM,
    PEP508_PLATFORM_RELEASE,
    PEP508_PLATFORM_SYSTEM,
    PEP508_PLATFORM_VERSION,
    PEP508_PLATFORM_MACHINE,
    PEP508_PLATFORM_PYTHON_IMPLEMENTATION,
    PEP508_IMPLEMENTATION_NAME,
    PEP508_IMPLEMENTATION_VERSION,
    PEP508_EXTRA,            /* taken from pep508_marker_eval's `extra` */
    PEP508_VAR_COUNT
};

enum pep508_op {
    PEP508_OP_COMPAT, PEP508_OP_EQ, PEP508_OP_NE, PEP508_OP_LE, PEP508_OP_GE,
    PEP508_OP_LT, PEP508_OP_GT, PEP508_OP_ARBITRARY, /* same order as req_pep440_op */
    PEP508_OP_IN, PEP508_OP_NOT_IN,
};

enum pep508_marker_kind { PEP508_MARKER_AND, PEP508_MARKER_OR, PEP508_MARKER_CMP };

struct pep508_operand {
    bool is_var;
    enum pep508_var var;     /* when is_var */
    const char *str;         /* the literal, when !is_var */
};

struct pep508_marker {
    enum pep508_marker_kind kind;
    const struct pep508_marker **kids;   /* AND / OR: nkids >= 2 operands */
    size_t nkids;
    enum pep508_op op;                   /* CMP */
    struct pep508_operand lhs, rhs;
};

struct pep508_req {
    const char *name;        /* as written */
    const char **extras;
    size_t nextras;
    const char *specifier;   /* without parentheses, trimmed; "" when none */
    const char *url;         /* `name @ url`, else NULL */
    const struct pep508_marker *marker;  /* NULL when none */
    const char *marker_text; /* trimmed text after ';', else NULL */
};

/* Values of the marker variables (PEP508_EXTRA unused). */
struct pep508_env {
    const char *var[PEP508_VAR_COUNT];
};

/* Parses one requirement s[0..len) (no comments, no pip options) into a.
 * False with d (may be NULL) at line 1 and the 1-based column on error. */
bool pep508_parse(struct arena *a, const char *s, size_t len, struct pep508_req **out,
                  struct diag *d);
/* Evaluates m (NULL is true) with `extra` (may be NULL: no extra). */
bool pep508_marker_eval(const struct pep508_marker *m, const struct pep508_env *env,
                        const char *extra);
/* The variable a marker name (name[0..len), legacy dotted spellings too)
 * stands for; false when it is none. */
bool pep508_var_lookup(const char *name, size_t len, enum pep508_var *out);
/* CPython 3.12 on Linux x86_64. */
void pep508_env_default(struct pep508_env *env);

#endif
