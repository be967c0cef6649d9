/* TOML scalars: integers, floats, booleans and the four date-time kinds. */
#include "toml_scalar.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool scalar_fail(struct toml_scalar_error *err, const char *pos, const char *msg)
{
    err->pos = pos;
    err->msg = msg;
    return false;
}

bool toml_scalar_is_bare(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Copies the digits of s[0..n) in the given base to out, dropping
 * underscores, each of which must sit between two digits. */
static bool clean_digits(const char *s, size_t n, int base, char *out, size_t *outn)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '_') {
            if (i == 0 || i + 1 == n || s[i - 1] == '_' || s[i + 1] == '_')
                return false;
            continue;
        }
        bool ok = base == 16 ? (is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
                : base == 8 ? (c >= '0' && c <= '7')
                : base == 2 ? (c == '0' || c == '1') : is_digit(c);
        if (!ok)
            return false;
        out[o++] = c;
    }
    out[o] = 0;
    *outn = o;
    return o > 0;
}

static bool parse_integer(const char *s, size_t n, struct toml_value *v,
                          struct toml_scalar_error *err)
{
    char digits[128];
    size_t dn;
    int base = 10;
    bool neg = false;
    if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o' || s[1] == 'b')) {
        base = s[1] == 'x' ? 16 : s[1] == 'o' ? 8 : 2;
        s += 2, n -= 2;
    } else if (n && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        s++, n--;
    }
    if (n >= sizeof digits || !clean_digits(s, n, base, digits, &dn))
        return scalar_fail(err, s, "invalid integer");
    if (base == 10 && dn > 1 && digits[0] == '0')
        return scalar_fail(err, s, "leading zero in integer");
    uint64_t acc = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (size_t i = 0; i < dn; i++) {
        unsigned d = is_digit(digits[i]) ? (unsigned)(digits[i] - '0')
                                         : (unsigned)((digits[i] | 0x20) - 'a' + 10);
        if (acc > (limit - d) / (uint64_t)base)
            return scalar_fail(err, s, "integer out of range");
        acc = acc * (uint64_t)base + d;
    }
    v->type = TOML_INTEGER;
    v->u.i = neg ? (int64_t)(0 - acc) : (int64_t)acc;
    return true;
}

/* Decimal float: int part, then '.' digits and/or exponent. */
static bool parse_float(const char *s, size_t n, struct toml_value *v,
                        struct toml_scalar_error *err)
{
    const char *tok = s;
    char text[160], part[128];
    size_t o = 0, pn;
    if (n >= sizeof part)
        return scalar_fail(err, tok, "float too long");
    if (s[0] == '+' || s[0] == '-')
        text[o++] = *s++, n--;
    const char *inf = s;
    if (n == 3 && (!memcmp(s, "inf", 3) || !memcmp(s, "nan", 3))) {
        v->type = TOML_FLOAT;
        v->u.f = s[0] == 'i' ? (tok[0] == '-' ? -HUGE_VAL : HUGE_VAL)
                             : (tok[0] == '-' ? -NAN : NAN);
        return true;
    }
    size_t ip = 0;
    while (ip < n && s[ip] != '.' && s[ip] != 'e' && s[ip] != 'E')
        ip++;
    if (!clean_digits(s, ip, 10, part, &pn) || (pn > 1 && part[0] == '0'))
        return scalar_fail(err, inf, "invalid float");
    memcpy(text + o, part, pn), o += pn;
    s += ip, n -= ip;
    if (n && *s == '.') {
        size_t fp = 1;
        while (fp < n && s[fp] != 'e' && s[fp] != 'E')
            fp++;
        if (!clean_digits(s + 1, fp - 1, 10, part, &pn))
            return scalar_fail(err, inf, "invalid float fraction");
        const char *dp = localeconv()->decimal_point;  /* strtod follows LC_NUMERIC */
        size_t dl = strlen(dp);
        memcpy(text + o, dp, dl), o += dl;
        memcpy(text + o, part, pn), o += pn;
        s += fp, n -= fp;
    }
    if (n) {
        text[o++] = 'e';
        s++, n--;
        if (n && (*s == '+' || *s == '-'))
            text[o++] = *s++, n--;
        if (!clean_digits(s, n, 10, part, &pn))
            return scalar_fail(err, inf, "invalid float exponent");
        memcpy(text + o, part, pn), o += pn;
    }
    text[o] = 0;
    v->type = TOML_FLOAT;
    v->u.f = strtod(text, NULL);
    return true;
}

static int num2(const char *s)
{
    return is_digit(s[0]) && is_digit(s[1]) ? (s[0] - '0') * 10 + (s[1] - '0') : -1;
}

/* "HH:MM:SS[.frac]" at s (n bytes available); returns bytes used or 0. */
static size_t scan_time(const char *s, size_t n)
{
    if (n < 8 || s[2] != ':' || s[5] != ':')
        return 0;
    int h = num2(s), m = num2(s + 3), sec = num2(s + 6);
    if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60)
        return 0;
    size_t i = 8;
    if (i < n && s[i] == '.') {
        size_t f = ++i;
        while (i < n && is_digit(s[i]))
            i++;
        if (i == f)
            return 0;
    }
    return i;
}

static size_t scan_date(const char *s, size_t n)
{
    static const int days_table[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (n < 10 || s[4] != '-' || s[7] != '-' || num2(s) < 0 || num2(s + 2) < 0)
        return 0;
    int y = num2(s) * 100 + num2(s + 2), mo = num2(s + 5), d = num2(s + 8);
    if (mo < 1 || mo > 12 || d < 1 || d > days_table[mo - 1])
        return 0;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo == 2 && d == 29 && !leap)
        return 0;
    return 10;
}

/* Date, time, or date-time with optional offset; the token is s[0..n). */
static bool parse_datetime(const char *s, size_t n, struct arena *a, struct toml_value *v,
                           struct toml_scalar_error *err)
{
    size_t i = scan_date(s, n);
    enum toml_type t = TOML_LOCAL_DATE;
    if (!i) {
        i = scan_time(s, n);
        t = TOML_LOCAL_TIME;
    } else if (i < n) {
        if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
            return scalar_fail(err, s, "invalid date-time");
        size_t tl = scan_time(s + i + 1, n - i - 1);
        i = tl ? i + 1 + tl : 0;
        t = TOML_LOCAL_DATETIME;
        if (i && i < n) {
            t = TOML_OFFSET_DATETIME;
            if (s[i] == 'Z' || s[i] == 'z') {
                i++;
            } else if (n - i == 6 && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':' &&
                       num2(s + i + 1) >= 0 && num2(s + i + 1) <= 23 &&
                       num2(s + i + 4) >= 0 && num2(s + i + 4) <= 59) {
                i += 6;
            }
        }
    }
    if (!i || i != n)
        return scalar_fail(err, s, "invalid date or time");
    char *text = arena_strndup(a, s, n);
    for (char *c = text; *c; c++)
        if (*c == 't' || *c == 'z' || *c == ' ')
            *c = *c == 'z' ? 'Z' : 'T';
    v->type = t;
    v->u.str.s = text;
    v->u.str.len = n;
    return true;
}

static bool token_char(char c)
{
    return toml_scalar_is_bare(c) || c == '+' || c == '.' || c == ':';
}

/* A date-time may hold one space: "1979-05-27 07:32:00". */
size_t toml_scalar_len(const char *s, size_t avail)
{
    size_t n = 0;
    while (n < avail && token_char(s[n]))
        n++;
    if (n == 10 && scan_date(s, n) && n + 1 < avail && s[n] == ' ' &&
        scan_time(s + n + 1, avail - n - 1)) {
        n++;
        while (n < avail && token_char(s[n]))
            n++;
    }
    return n;
}

bool toml_scalar_parse(const char *s, size_t n, struct arena *a, struct toml_value *v,
                       struct toml_scalar_error *err)
{
    if (n == 0)
        return scalar_fail(err, s, "expected a value");
    if ((n == 4 && !memcmp(s, "true", 4)) || (n == 5 && !memcmp(s, "false", 5))) {
        v->type = TOML_BOOL;
        v->u.b = n == 4;
        return true;
    }
    bool date = n >= 5 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) &&
                is_digit(s[3]) && s[4] == '-';
    if (date || (n >= 3 && is_digit(s[0]) && is_digit(s[1]) && s[2] == ':'))
        return parse_datetime(s, n, a, v, err);
    bool hex = n > 1 && s[0] == '0' && s[1] == 'x';
    if (!hex && (memchr(s, '.', n) || memchr(s, 'e', n) || memchr(s, 'E', n) ||
                 (n >= 3 && (!memcmp(s + n - 3, "inf", 3) || !memcmp(s + n - 3, "nan", 3)))))
        return parse_float(s, n, v, err);
    return parse_integer(s, n, v, err);
}
