/* pip requirements files (requirements.txt, pip-compile and uv export
 * output).  Follows depvet/lock/reader.h.
 *
 * One lockfile per top file; `-r`/`--requirement` includes add their nodes
 * to it (paths relative to the including file; a cycle or more than
 * REQUIREMENTS_TXT_MAX_INCLUDE levels is an error at the -r line; an
 * include by URL is skipped).  Lines: PEP 508 requirements (pep508.h);
 * `==V` / `===V` as the only clause pins the version, anything else leaves
 * version "" -- node->requirement holds the specifier text plus "; marker"
 * when there is one.  `--hash=algo:value` (also `--hash algo:value`, on
 * continuation lines too) -> checksums; `--global-option`, `--config-settings`
 * / `-C` skipped; words after the options are ignored as pip does.
 * Backslash continuations; comments start at a '#' at the line start or
 * after whitespace.  `${VAR}` is kept literally (such a line is not
 * validated beyond its name and pins nothing).
 * `-e`/`--editable`, `name @ url`, bare URLs and paths: git+ URLs are
 * SOURCE_GIT (ref from "@ref"), other URLs SOURCE_URL, the rest SOURCE_PATH;
 * the name comes from `name @`, `#egg=`, or the wheel/sdist file name (its
 * version too), else the path itself.  Editable paths are DEP_LINK ("-e ."
 * also DEP_PROJECT).  `-i`/`--index-url`, `--extra-index-url` (which sets
 * extra_index) -> graph_lockfile_add_index; --pre, --find-links and the
 * other global options are accepted and skipped; an unknown option is an
 * error.
 * Constraints (`-c`/`--constraint`) are read after everything else and only
 * fill in the pin of a package already required without one; a missing
 * constraints file is skipped (it never adds packages).
 * Direct dependencies: with pip-compile / uv `# via` comments (one line,
 * comma-separated, or the multi-line form), each named parent gets an edge
 * to the package; `-r`/`-c` sources, and parents that are not in the file
 * (the project itself), make it DEP_DIRECT.  A file without any `# via`
 * is flat and every package DEP_DIRECT.  The same name and version twice
 * is one node (first line wins); node->line is the line in the file that
 * holds it (an included file's own numbering). */
#ifndef DEPVET_LOCK_REQUIREMENTS_TXT_H
#define DEPVET_LOCK_REQUIREMENTS_TXT_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"
#include "depvet/lock/graph.h"

#define REQUIREMENTS_TXT_MAX_INCLUDE 16
/* Hashes on one requirement (numpy has a few hundred wheels). */
#define REQUIREMENTS_TXT_MAX_HASHES 4096

bool requirements_txt_read(struct dep_graph *g, const char *path, const char *buf,
                           size_t len, struct diag *d);
bool requirements_txt_sniff(const char *buf, size_t len);

#endif
