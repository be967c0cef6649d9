/* `depvet sbom`: the inventory (engine/sbom.h) as CycloneDX 1.6 or 1.5
 * JSON or SPDX 2.3 JSON.  Deterministic for a given clock (DEPVET_NOW):
 * arrays sorted, the serial number and document namespace derived from
 * the content, never from the clock or a random source. */
#ifndef DEPVET_CLI_OUT_SBOM_H
#define DEPVET_CLI_OUT_SBOM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "depvet/core/json.h"

#include "depvet/engine/sbom.h"

struct out_sbom {
    const struct sbom *s;
    const char *project;          /* the PATH given: lockfile paths are made relative to it */
    const char *project_name;     /* metadata.component's name */
    const char *spec_version;     /* CycloneDX "1.6" or "1.5" */
    int64_t now;                  /* the timestamp written */
    bool vulnerabilities;         /* CycloneDX: write s->vulns */
};

bool out_cyclonedx(FILE *out, const struct out_sbom *o);
bool out_spdx(FILE *out, const struct out_sbom *o);

/* A name-based (version 5) UUID of text under depvet's namespace, as
 * "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx". */
void out_uuid5(const char *text, size_t len, char out[37]);

/* "YYYY-MM-DDTHH:MM:SSZ" of Unix seconds t. */
void out_iso_time(int64_t t, char out[32]);
/* Prints root indented, with a final newline; false on a write error. */
bool out_print_json(FILE *out, const cJSON *root);

/* For `depvet sbom` and its `depvet tree --format cyclonedx` alias: format
 * is "cyclonedx" or "spdx", spec NULL or a CycloneDX version. */
bool sbom_format_known(const char *format, const char *spec);
/* Loads the lockfiles, the cache and the project's reviews (unless
 * lockfile_only) and writes the SBOM; returns the exit status
 * (diagnostics on stderr). */
struct session;
struct sbom_request {
    struct session *sess;         /* over the lockfiles at path, not yet attached */
    const char *path;             /* a lockfile or a project folder */
    const char *format;           /* "cyclonedx" or "spdx" */
    const char *spec;             /* CycloneDX version, NULL: 1.6 */
    const char *cache_flag;       /* --cache, or NULL */
    bool lockfile_only;           /* no cache, no reviews */
    bool vulnerabilities;         /* --with-vulnerabilities */
};
/* Fails with d set (exit 1) on a bad config, cache or reviews file. */
int sbom_write(FILE *out, const struct sbom_request *q, struct diag *d);

#endif
