/* The catalogue of every rule that can give a finding: the engine's rule
 * modules (each keeps a doc table beside its rule table), the policy's
 * findings, the scanner's archive problems and the loaded scanner rules
 * ("scan:ID").  SARIF's tool.driver.rules and the manual read it. */
#ifndef DEPVET_ENGINE_CATALOG_H
#define DEPVET_ENGINE_CATALOG_H

#include <stddef.h>

#include "depvet/analysis/rules.h"
#include "depvet/engine/findings.h"

/* One finding id a module may emit, with its usual severity (some rules
 * raise or lower it per case) and what it means. */
struct rule_doc {
    const char *id;
    enum severity severity;
    const char *summary;      /* one line */
    const char *rationale;    /* why a reviewer cares */
};

/* Doc tables of the modules, NULL-terminated by id. */
extern const struct rule_doc rules_registry_docs[];
extern const struct rule_doc rules_lockfile_docs[];
extern const struct rule_doc rules_advisory_docs[];
extern const struct rule_doc rules_provenance_docs[];
extern const struct rule_doc enforce_docs[];

struct catalog_rule {
    const char *id;           /* as findings carry it: "retired", "scan:js-eval" */
    enum severity severity;
    const char *summary, *rationale;
    const char *kind;         /* "registry", "lockfile", "advisory", "policy", "archive", "scanner" */
    const char *const *references;  /* scanner rules' references */
    size_t n_references;
    unsigned ecosystems;      /* bits 1u << ECO_*; 0 = every ecosystem */
};

struct catalog {
    struct catalog_rule *rules;   /* sorted by id */
    size_t n;
    struct arena *arena;          /* owns the "scan:" ids */
};

/* Every rule; rs (may be NULL) adds the scanner rules.  Free with
 * catalog_fini (other strings stay owned by the tables and rs, which must outlive c). */
void catalog_init(struct catalog *c, const struct rule_set *rs);
void catalog_fini(struct catalog *c);
/* Index of id in c->rules, or (size_t)-1. */
size_t catalog_find(const struct catalog *c, const char *id);

#endif
