/* Poetry's constraint syntax as poetry.lock writes it in dependency tables:
 * "*", bare versions ("1.2.3" means ==1.2.3), "^1.2" and "~1.2" (Poetry's
 * caret and tilde), PEP 440 clauses joined by "," (and), and alternatives
 * joined by "||" (or).  Each alternative becomes a PEP 440 specifier set
 * (req_pep440.h); a pre-release version matches, since the lock chose it. */
#ifndef DEPVET_CORE_REQ_POETRY_H
#define DEPVET_CORE_REQ_POETRY_H

#include <stdbool.h>

/* True when version satisfies the constraint; false when either does not
 * parse. */
bool req_poetry_matches(const char *constraint, const char *version);

#endif
