/* Numbers for people: counts with digit grouping ("129,450,317"). */
#ifndef DEPVET_CORE_NUMFMT_H
#define DEPVET_CORE_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

/* v with a comma every three digits into out (n bytes, always
 * terminated); returns out. */
char *count_grouped(int64_t v, char *out, size_t n);

#endif
