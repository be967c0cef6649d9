/* Arena allocator: many small allocations freed together.  Graphs, parse
 * trees and registry records live in an arena owned by their container. */
#ifndef DEPVET_CORE_ARENA_H
#define DEPVET_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);              /* accepts NULL */
void *arena_alloc(struct arena *a, size_t n);  /* zeroed, max-aligned */
char *arena_strdup(struct arena *a, const char *s);   /* NULL -> NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
size_t arena_used(const struct arena *a);      /* bytes handed out */
/* Everything allocated in from now lives as long as a (from is freed):
 * for work done on another thread in an arena of its own. */
void arena_adopt(struct arena *a, struct arena *from);

#endif
