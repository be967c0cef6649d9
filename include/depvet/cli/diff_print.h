/* Printing a version diff: text (stat, metadata, unified diffs with
 * optional colour), names only, or JSON (schema "depvet.diff/1").  Every
 * string from an archive goes through termsafe (text) or json_put_string. */
#ifndef DEPVET_CLI_DIFF_PRINT_H
#define DEPVET_CLI_DIFF_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "depvet/core/strbuf.h"
#include "depvet/engine/pkgdiff.h"

enum diff_view { DIFF_VIEW_FULL, DIFF_VIEW_STAT, DIFF_VIEW_NAMES };

struct diff_heading {
    const char *package;      /* "Hex:plug", or NULL for two archive files */
    const char *from, *to;    /* versions, or the archive paths */
    const struct scan_hit *new_hits;   /* scanner hits new in `to` */
    size_t n_new_hits;
    bool scanned;             /* false: no scanner section */
    const char *note;         /* why these two were compared (raw), or NULL */
    const struct pkgdiff_meta *meta;   /* the release records' side, or NULL */
};

void diff_print_text(FILE *out, const struct srcdiff *s, const struct diff_heading *h,
                     enum diff_view view, bool colour);
void diff_print_json(FILE *out, const struct srcdiff *s, const struct diff_heading *h,
                     enum diff_view view);

/* The registry side alone (diff_registry.c): a "registry records:"
 * section, and the JSON "registry" member (with its leading comma). */
void diff_print_registry_text(FILE *out, const struct diff_heading *h);
void diff_print_registry_json(struct strbuf *sb, const struct diff_heading *h);

#endif
