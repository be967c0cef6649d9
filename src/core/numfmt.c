/* Digit grouping into a caller's buffer.  Always commas, whatever the
 * locale: the output is the same in tests, in CI logs and on every screen.
 * The grouping itself is strbuf_put_grouped's. */
#include "depvet/core/numfmt.h"

#include <stdio.h>

#include "depvet/core/strbuf.h"

char *count_grouped(int64_t v, char *out, size_t n)
{
    if (!n)
        return out;
    struct strbuf sb = STRBUF_INIT;
    if (v < 0)
        strbuf_puts(&sb, "-");
    /* Through unsigned, so INT64_MIN has a magnitude too. */
    strbuf_put_grouped(&sb, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
    snprintf(out, n, "%s", strbuf_str(&sb));
    strbuf_fini(&sb);
    return out;
}
