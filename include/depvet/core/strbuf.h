/* Growable NUL-terminated string builder.  Embedded by value:
 * strbuf_init / strbuf_fini, or strbuf_take to keep the heap buffer. */
#ifndef DEPVET_CORE_STRBUF_H
#define DEPVET_CORE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
    char *buf;      /* always NUL-terminated once anything was added */
    size_t len;
    size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_fini(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);           /* len = 0, keeps memory */
void strbuf_append(struct strbuf *sb, const char *s, size_t n);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_put_uint(struct strbuf *sb, unsigned long long v); /* decimal */
void strbuf_put_grouped(struct strbuf *sb, unsigned long long v); /* "1,234,567" */
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
const char *strbuf_str(const struct strbuf *sb); /* "" when empty */
char *strbuf_take(struct strbuf *sb);            /* caller frees; sb reset */

#endif
