/* Poetry constraints: rewritten into PEP 440 specifier sets, one per "||"
 * alternative. */
#include "depvet/core/req_poetry.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/req_pep440.h"
#include "depvet/core/strbuf.h"

#define POETRY_MAX_PARTS 8

/* The leading release numbers of a version text ("1.2.3rc1" -> 1, 2, 3). */
static size_t release_parts(const char *s, size_t n, long parts[POETRY_MAX_PARTS])
{
    size_t k = 0, i = 0;
    while (i < n && k < POETRY_MAX_PARTS && isdigit((unsigned char)s[i])) {
        parts[k++] = strtol(s + i, NULL, 10);
        while (i < n && isdigit((unsigned char)s[i]))
            i++;
        if (i + 1 < n && s[i] == '.' && isdigit((unsigned char)s[i + 1]))
            i++;
        else
            break;
    }
    return k;
}

/* ">=V,<U" where U bumps part `bump` of V's release and drops the rest. */
static bool append_range(struct strbuf *sb, const char *v, size_t n, size_t bump)
{
    long p[POETRY_MAX_PARTS];
    size_t k = release_parts(v, n, p);
    if (!k)
        return false;
    if (bump >= k)
        bump = k - 1;
    strbuf_printf(sb, ">=%.*s,<", (int)n, v);
    for (size_t i = 0; i <= bump; i++)
        strbuf_printf(sb, "%s%ld", i ? "." : "", i == bump ? p[i] + 1 : p[i]);
    return true;
}

/* Poetry's caret: bump the first non-zero release part (or the last). */
static size_t caret_bump(const char *v, size_t n)
{
    long p[POETRY_MAX_PARTS];
    size_t k = release_parts(v, n, p), i = 0;
    while (i + 1 < k && p[i] == 0)
        i++;
    return i;
}

/* One clause ("^1.2", "~1.2", "1.2", ">=1.2", "*") appended as PEP 440. */
static bool append_clause(struct strbuf *sb, const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (!n || (n == 1 && *s == '*'))
        return true;  /* matches anything: an empty set */
    if (sb->len)
        strbuf_putc(sb, ',');
    if (*s == '^')
        return append_range(sb, s + 1, n - 1, caret_bump(s + 1, n - 1));
    if (*s == '~' && (n < 2 || s[1] != '=')) {
        long p[POETRY_MAX_PARTS];
        size_t k = release_parts(s + 1, n - 1, p);
        return append_range(sb, s + 1, n - 1, k > 1 ? 1 : 0);
    }
    if (isdigit((unsigned char)*s))
        strbuf_puts(sb, "==");
    strbuf_append(sb, s, n);
    return true;
}

/* One alternative: clauses split at ',' (Poetry also accepts blanks
 * between clauses, but lockfiles write commas). */
static bool alternative_matches(const char *s, size_t n, const char *version)
{
    struct strbuf sb;
    strbuf_init(&sb);
    bool ok = true;
    while (ok) {
        const char *comma = memchr(s, ',', n);
        size_t len = comma ? (size_t)(comma - s) : n;
        ok = append_clause(&sb, s, len);
        if (!comma)
            break;
        s = comma + 1;
        n -= len + 1;
    }
    struct req_pep440 r = {0};
    bool hit = ok && req_pep440_parse(strbuf_str(&sb), sb.len, &r, NULL) &&
               req_pep440_matches(&r, version, true);
    req_pep440_free(&r);
    strbuf_fini(&sb);
    return hit;
}

bool req_poetry_matches(const char *constraint, const char *version)
{
    const char *s = constraint;
    for (;;) {
        const char *bar = strstr(s, "||");
        size_t n = bar ? (size_t)(bar - s) : strlen(s);
        if (alternative_matches(s, n, version))
            return true;
        if (!bar)
            return false;
        s = bar + 2;
    }
}
