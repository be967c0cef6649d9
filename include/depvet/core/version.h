/* Version ordering dispatched by ecosystem: SemVer for Hex and npm, PEP 440
 * for PyPI.  The scheme modules (version_semver.h, version_pep440.h) hold
 * the parsers; this is what ecosystem-neutral code (OSV ranges, "latest",
 * diffs) calls. */
#ifndef DEPVET_CORE_VERSION_H
#define DEPVET_CORE_VERSION_H

#include <stdbool.h>

#include "depvet/core/ecosystem.h"
#include "depvet/core/version_pep440.h"
#include "depvet/core/version_semver.h"

/* True when v parses under the ecosystem's scheme. */
bool version_valid(enum ecosystem eco, const char *v);
/* <0, 0, >0.  Both must be valid; an invalid one sorts before every valid
 * one, and two invalid ones compare as strings, so sorting never fails. */
int version_compare(enum ecosystem eco, const char *a, const char *b);
/* One version parsed once, to be matched against many (a pin against
 * each release of its package) without parsing it again each time. */
struct version_val {
    enum ecosystem eco;
    const char *text;
    bool valid;
    union {
        struct semver s;
        struct pep440 p;
    } u;
};
void version_val_parse(struct version_val *out, enum ecosystem eco, const char *v);
/* Exactly version_compare(w->eco, v, w->text) == 0. */
bool version_equals_val(const char *v, const struct version_val *w);
/* Exactly version_compare(a->eco, a->text, b->text), both of one ecosystem. */
int version_val_compare(const struct version_val *a, const struct version_val *b);
/* Exactly version_is_prerelease(v->eco, v->text). */
bool version_val_prerelease(const struct version_val *v);
/* True for pre-releases (SemVer "-rc.1", PEP 440 a/b/rc/dev). */
bool version_is_prerelease(enum ecosystem eco, const char *v);
/* True when v satisfies the requirement text req in the ecosystem's
 * syntax (Hex/Elixir, npm ranges, PEP 440 specifiers); false too when
 * either does not parse.  Pre-releases follow each scheme's own rule. */
bool version_satisfies(enum ecosystem eco, const char *req, const char *v);

#endif
