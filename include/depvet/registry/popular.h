/* Lists of each ecosystem's most popular package names, the yardstick of
 * the typosquat rule: hex.pm packages sorted by downloads (every page),
 * for PyPI a top-packages JSON file (the format of
 * hugovk/top-pypi-packages) at a configurable URL, and for npm the
 * npm-high-impact package's lists of the most downloaded and the most
 * depended-upon packages, read from its tarball on the npm registry. */
#ifndef DEPVET_REGISTRY_POPULAR_H
#define DEPVET_REGISTRY_POPULAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/core/ecosystem.h"

/* hex.pm is read page after page until a page names no package (about
 * 170 pages of 100 in 2026); a list longer than this is cut here. */
#define POPULAR_HEX_PAGES 400
#define POPULAR_PYPI_MAX 15000   /* names kept from the top-packages file */
#define POPULAR_NPM_MAX 50000    /* names kept from one npm-high-impact list */

/* The URLs that make up an ecosystem's list, in rank order: page i of n
 * (i from 0).  base is the registry's API base (hex: .../api, npm: the
 * registry) or, for PyPI, the top-packages file itself.  *n_pages says
 * how many pages the list has, or for a list that popular_ends_empty, at
 * most.  npm has no pages (NULL, *n_pages 0): see popular_npm_*. */
char *popular_url(struct arena *a, enum ecosystem eco, const char *base, unsigned page,
                  unsigned *n_pages);

#define POPULAR_UNKNOWN (-1)

/* A list read so far, arena-owned; zero it before the first page. */
struct popular_names {
    const char **names;     /* most popular first */
    int64_t *monthly;       /* downloads a month (Hex: its 90-day count / 3),
                             * POPULAR_UNKNOWN where the list does not say */
    size_t n;
};

/* True when eco's list ends at its first page naming no package (Hex):
 * that page is part of the list, the pages after it are not. */
bool popular_ends_empty(enum ecosystem eco);

/* Appends the names of one page's answer to *out. */
bool popular_parse(struct arena *a, enum ecosystem eco, const char *url, const char *body,
                   size_t len, struct popular_names *out, struct diag *d);

/* npm: the package whose tarball holds the lists, and the files in it,
 * most downloaded first, then most depended upon.  Both are JavaScript
 * modules of one array of quoted names (`export const topDownload = [
 * 'semver', ... ]`). */
#define POPULAR_NPM_PACKAGE "npm-high-impact"
extern const char *const popular_npm_file_table[2];

/* Appends the names of one such module to *out (monthly unknown).  Only
 * comments, whitespace and `export const NAME =` may stand around the
 * array; a name is 1..214 bytes without quotes, backslashes or control
 * characters.  False with d set (url:line:col) on anything else. */
bool popular_parse_js_list(struct arena *a, const char *url, const char *body, size_t len,
                           struct popular_names *out, struct diag *d);

/* Both npm lists into out (arena-owned, monthly unknown), each name where
 * its relative rank in either list first puts it: the 100th most
 * depended-upon of 4,700 stands beside the 340th most downloaded of
 * 16,000.  A name in both is kept once, at its better place. */
void popular_merge_ranked(struct arena *a, const struct popular_names lists[2],
                          struct popular_names *out);

#endif
