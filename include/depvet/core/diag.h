/* Errors as values.  A reader fills the caller's diag with where (file,
 * line, column -- or URL and JSON pointer) and what; only main turns it into
 * an exit code.  Fixed-size fields: no allocation, safe on worker threads. */
#ifndef DEPVET_CORE_DIAG_H
#define DEPVET_CORE_DIAG_H

#include <stdbool.h>
#include <stdarg.h>

enum diag_code {
    DIAG_OK = 0,
    DIAG_SYNTAX,      /* malformed input */
    DIAG_LIMIT,       /* input exceeds a cap (size, depth, count) */
    DIAG_UNSUPPORTED, /* well-formed but not something we read */
    DIAG_IO,          /* reading or writing failed */
    DIAG_NET,         /* transport failure */
    DIAG_INTERNAL,
};

struct diag {
    enum diag_code code;
    unsigned line;    /* 1-based; 0 = unknown */
    unsigned col;     /* 1-based; 0 = unknown */
    char where[512];  /* file path or URL; "" when not known */
    char pointer[256];/* JSON pointer into a response, when known */
    char msg[512];
};

void diag_clear(struct diag *d);
bool diag_failed(const struct diag *d);
/* Sets the error unless one is already set: the first cause wins. */
void diag_set(struct diag *d, enum diag_code code, const char *where,
              unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void diag_vset(struct diag *d, enum diag_code code, const char *where,
               unsigned line, unsigned col, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));
void diag_set_pointer(struct diag *d, const char *pointer);
/* Computes line and column (1-based, columns in bytes) of `pos` in buf. */
void diag_locate(const char *buf, const char *pos, unsigned *line, unsigned *col);
/* "file:line:col: message" (or "url (field /x): message"), terminal-safe. */
void diag_format(const struct diag *d, char *out, unsigned outlen);

#endif
