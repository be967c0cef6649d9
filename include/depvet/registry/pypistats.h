/* pypistats.org download answers to the model (a PyPI package holding only
 * download facts, to be merged with reg_package_merge).  No I/O. */
#ifndef DEPVET_REGISTRY_PYPISTATS_H
#define DEPVET_REGISTRY_PYPISTATS_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/store/model.h"

#define PYPISTATS_BASE "https://pypistats.org/api"

char *pypistats_recent_url(struct arena *a, const char *base, const char *name);
char *pypistats_overall_url(struct arena *a, const char *base, const char *name);

/* /packages/NAME/recent: data.{last_day, last_week, last_month} into
 * downloads.{day, week, month} (a ?period= answer has just one). */
bool pypistats_parse_recent(struct arena *a, const char *url, const char *body,
                            size_t len, struct reg_package **out, struct diag *d);
/* /packages/NAME/overall: the daily series, "without_mirrors" preferred
 * (falls back to "with_mirrors" when that is all there is), sorted by day;
 * downloads.recent = its sum. */
bool pypistats_parse_overall(struct arena *a, const char *url, const char *body,
                             size_t len, struct reg_package **out, struct diag *d);

#endif
