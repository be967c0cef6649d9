/* Registry licence texts as SPDX: the ids packages use most, so that an
 * SBOM names them by id (which consumers match on) and leaves anything
 * else as a free-text name rather than guess. */
#include "depvet/engine/sbom.h"

#include <string.h>
#include <strings.h>

/* SPDX licence list ids (https://spdx.org/licenses/), official spelling. */
static const char *const spdx_ids[] = {
    "0BSD", "AFL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-1.1", "Apache-2.0",
    "Artistic-2.0", "BlueOak-1.0.0", "BSD-1-Clause", "BSD-2-Clause", "BSD-3-Clause",
    "BSD-3-Clause-Clear", "BSD-4-Clause", "BSL-1.0", "CC-BY-3.0", "CC-BY-4.0",
    "CC-BY-SA-4.0", "CC0-1.0", "CDDL-1.0", "CECILL-2.1", "EPL-1.0", "EPL-2.0", "EUPL-1.2",
    "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later", "HPND", "ISC",
    "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later", "MIT",
    "MIT-0", "MPL-1.1", "MPL-2.0", "MS-PL", "NCSA", "OFL-1.1", "OpenSSL", "PostgreSQL",
    "PSF-2.0", "Python-2.0", "Ruby", "Unicode-3.0", "Unicode-DFS-2016", "Unlicense", "UPL-1.0",
    "W3C", "WTFPL", "X11", "Zlib", "ZPL-2.1",
};

/* Exceptions that follow WITH. */
static const char *const spdx_exceptions[] = {
    "Classpath-exception-2.0", "GCC-exception-3.1", "LLVM-exception", "OpenSSL-exception",
};

static const char *find_id(const char *s, size_t n, const char *const *tab, size_t nt,
                           bool exact)
{
    for (size_t i = 0; i < nt; i++)
        if (strlen(tab[i]) == n &&
            (exact ? strncmp(tab[i], s, n) : strncasecmp(tab[i], s, n)) == 0)
            return tab[i];
    return NULL;
}

#define N_IDS (sizeof spdx_ids / sizeof *spdx_ids)
#define N_EXC (sizeof spdx_exceptions / sizeof *spdx_exceptions)

/* An expression as SPDX writes it: known ids (optionally '+'), AND / OR
 * between them, WITH before a known exception, balanced parentheses. */
static bool is_expression(const char *s)
{
    int depth = 0;
    bool want_operand = true, after_with = false, any_op = false;
    while (*s) {
        if (*s == ' ') {
            s++;
            continue;
        }
        if (*s == '(' || *s == ')') {
            if ((*s == '(') != want_operand)
                return false;
            depth += *s == '(' ? 1 : -1;
            if (depth < 0)
                return false;
            s++;
            continue;
        }
        size_t n = strcspn(s, " ()");
        if (want_operand) {
            size_t m = n && s[n - 1] == '+' ? n - 1 : n;
            if (!(after_with ? find_id(s, n, spdx_exceptions, N_EXC, true)
                             : find_id(s, m, spdx_ids, N_IDS, true)))
                return false;
            want_operand = after_with = false;
        } else {
            if (!((n == 3 && !strncmp(s, "AND", 3)) || (n == 2 && !strncmp(s, "OR", 2)) ||
                  (n == 4 && !strncmp(s, "WITH", 4))))
                return false;
            after_with = n == 4;
            want_operand = any_op = true;
        }
        s += n;
    }
    return !want_operand && depth == 0 && any_op;
}

enum sbom_license_kind sbom_license_kind(const char *text, const char **canon)
{
    *canon = NULL;
    if (!text)
        return SBOM_LICENSE_NAME;
    const char *id = find_id(text, strlen(text), spdx_ids, N_IDS, false);
    if (id) {
        *canon = id;
        return SBOM_LICENSE_ID;
    }
    return is_expression(text) ? SBOM_LICENSE_EXPRESSION : SBOM_LICENSE_NAME;
}
