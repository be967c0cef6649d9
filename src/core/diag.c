/* Diagnostics: where and what went wrong, kept by value. */
#include "depvet/core/diag.h"

#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"

#include <stdio.h>
#include <string.h>

void diag_clear(struct diag *d)
{
    /* Only what is read: the strings' first bytes.  A memset of the whole
     * 1.3 kB showed in the findings run, which clears one per version
     * comparison. */
    d->code = DIAG_OK;
    d->line = d->col = 0;
    d->where[0] = d->pointer[0] = d->msg[0] = '\0';
}

bool diag_failed(const struct diag *d)
{
    return d && d->code != DIAG_OK;
}

void diag_vset(struct diag *d, enum diag_code code, const char *where,
               unsigned line, unsigned col, const char *fmt, va_list ap)
{
    if (!d || d->code != DIAG_OK)
        return;
    d->code = code == DIAG_OK ? DIAG_INTERNAL : code;
    d->line = line;
    d->col = col;
    snprintf(d->where, sizeof(d->where), "%s", where ? where : "");
    d->pointer[0] = '\0';
    vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
}

void diag_set(struct diag *d, enum diag_code code, const char *where,
              unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vset(d, code, where, line, col, fmt, ap);
    va_end(ap);
}

void diag_set_pointer(struct diag *d, const char *pointer)
{
    snprintf(d->pointer, sizeof(d->pointer), "%s", pointer ? pointer : "");
}

void diag_locate(const char *buf, const char *pos, unsigned *line, unsigned *col)
{
    unsigned l = 1, c = 1;
    for (const char *p = buf; p < pos; p++) {
        if (*p == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

void diag_format(const struct diag *d, char *out, unsigned outlen)
{
    /* File names and messages quote hostile input: make them inert. */
    struct strbuf loc = STRBUF_INIT, msg = STRBUF_INIT;
    const char *where = d->where[0] ? d->where : "<input>";
    termsafe_append(&loc, where, strnlen(where, sizeof(d->where)), 0);
    if (d->pointer[0]) {
        strbuf_puts(&loc, " (field ");
        termsafe_append(&loc, d->pointer, strnlen(d->pointer, sizeof(d->pointer)), 0);
        strbuf_putc(&loc, ')');
    } else if (d->line && d->col) {
        strbuf_printf(&loc, ":%u:%u", d->line, d->col);
    } else if (d->line) {
        strbuf_printf(&loc, ":%u", d->line);
    }
    termsafe_append(&msg, d->msg, strnlen(d->msg, sizeof(d->msg)), 0);
    snprintf(out, outlen, "%s: %s", strbuf_str(&loc), strbuf_str(&msg));
    strbuf_fini(&loc);
    strbuf_fini(&msg);
}
