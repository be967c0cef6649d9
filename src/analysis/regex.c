/* PCRE2 wrapper: compile with JIT, match with bounded resources. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "depvet/analysis/regex.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/xmalloc.h"

#define REGEX_MATCH_LIMIT 1000000   /* backtracking steps per match */

struct regex {
    pcre2_code *code;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
};

struct regex *regex_new(const char *pattern, unsigned flags, const char *where,
                        struct diag *d)
{
    uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
    if (flags & REGEX_CASELESS)
        opts |= PCRE2_CASELESS;
    if (flags & REGEX_MULTILINE)
        opts |= PCRE2_MULTILINE;
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                     opts, &err, &off, NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof(msg));
        diag_set(d, DIAG_SYNTAX, where, 1, (unsigned)off + 1, "%s", (char *)msg);
        return NULL;
    }
    /* JIT is an optimisation: without it (some CPUs) matching still works. */
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    struct regex *re = xcalloc(1, sizeof(*re));
    re->code = code;
    re->md = pcre2_match_data_create_from_pattern(code, NULL);
    re->mctx = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(re->mctx, REGEX_MATCH_LIMIT);
    if (!re->md || !re->mctx) {
        regex_free(re);
        diag_set(d, DIAG_INTERNAL, where, 0, 0, "out of memory compiling pattern");
        return NULL;
    }
    return re;
}

void regex_free(struct regex *re)
{
    if (!re)
        return;
    pcre2_match_data_free(re->md);
    pcre2_match_context_free(re->mctx);
    pcre2_code_free(re->code);
    free(re);
}

bool regex_search(struct regex *re, const char *s, size_t len,
                  size_t *start, size_t *end)
{
    int rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, re->md, re->mctx);
    if (rc < 0)
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
    if (start)
        *start = ov[0];
    if (end)
        *end = ov[1];
    return true;
}

bool regex_capture(struct regex *re, const char *s, size_t len, unsigned group,
                   char *out, size_t n)
{
    int rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, re->md, re->mctx);
    if (rc <= 0 || group >= (unsigned)rc || n == 0)
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
    if (ov[2 * group] == PCRE2_UNSET)
        return false;
    size_t m = ov[2 * group + 1] - ov[2 * group];
    if (m >= n)
        m = n - 1;
    memcpy(out, s + ov[2 * group], m);
    out[m] = '\0';
    return true;
}
