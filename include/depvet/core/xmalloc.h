/* Allocation that never returns NULL: out of memory ends the process with a
 * message, because no caller of depvet can do anything better. */
#ifndef DEPVET_CORE_XMALLOC_H
#define DEPVET_CORE_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array to hold at least `need` elements, doubling; updates *cap. */
void *xgrow(void *p, size_t *cap, size_t need, size_t elem_size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
