/* Comparator sets: building them while parsing, packing, and matching. */
#include "depvet/core/semver_cmp.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool semver_cmp_test(const struct semver_cmp *c, const struct semver *v)
{
    if (c->op == SEMVER_OP_ANY)
        return true;
    int r = semver_compare(v, &c->v);
    switch (c->op) {
    case SEMVER_OP_EQ: return r == 0;
    case SEMVER_OP_NE: return r != 0;
    case SEMVER_OP_LT: return r < 0;
    case SEMVER_OP_LE: return r <= 0;
    case SEMVER_OP_GT: return r > 0;
    case SEMVER_OP_GE: return r >= 0;
    default: return false;
    }
}

bool semver_cmp_any_set(const struct semver_req *r, const struct semver *v,
                        semver_cmp_set_fn *set_ok, const void *ctx)
{
    size_t i = 0;
    while (r && i < r->ncmp) {
        size_t end = i + 1;
        while (end < r->ncmp && !r->cmp[end].set_start)
            end++;
        if (set_ok(r->cmp + i, end - i, v, ctx))
            return true;
        i = end;
    }
    return false;
}

void semver_cmp_req_free(struct semver_req *r)
{
    if (!r)
        return;
    free(r->cmp);
    r->cmp = NULL;
    r->ncmp = 0;
}

bool semver_cmp_fail(struct semver_cmp_builder *b, size_t pos, enum diag_code code,
                     const char *msg)
{
    size_t col = pos + 1;
    diag_set(b->d, code, NULL, 1, col > UINT_MAX ? UINT_MAX : (unsigned)col, "%s: %s",
             b->what, msg);
    return false;
}

bool semver_cmp_begin(struct semver_cmp_builder *b, const char *text, size_t len,
                      const char *what, struct diag *d)
{
    b->n = 0;
    b->set_start = true;
    b->text = text ? text : "";
    b->len = text ? len : 0;
    b->what = what;
    b->d = d;
    if (b->len <= SEMVER_CMP_MAX_TEXT)
        return true;
    return semver_cmp_fail(b, SEMVER_CMP_MAX_TEXT, DIAG_LIMIT, "longer than 4096 bytes");
}

bool semver_cmp_emit(struct semver_cmp_builder *b, size_t pos, unsigned char op,
                     const struct semver *v)
{
    static const struct semver zero;
    if (b->n >= SEMVER_CMP_MAX)
        return semver_cmp_fail(b, pos, DIAG_LIMIT, "too many comparators");
    struct semver_cmp *c = &b->cmp[b->n++];
    c->op = op;
    c->set_start = b->set_start;
    c->v = v ? *v : zero;
    b->set_start = false;
    return true;
}

bool semver_cmp_operand(struct semver_cmp_builder *b, size_t vpos, size_t vend, unsigned flags,
                        struct semver_partial *out)
{
    if (vpos >= vend)
        return semver_cmp_fail(b, vpos, DIAG_SYNTAX, "expected a version after the operator");
    struct diag local;
    diag_clear(&local);
    if (semver_parse_partial(b->text + vpos, vend - vpos, flags, out, &local))
        return true;
    return semver_cmp_fail(b, vpos + (local.col ? local.col - 1 : 0), local.code, local.msg);
}

static const char *rebase(const char *p, const char *text, size_t len, const char *copy)
{
    /* Compared as integers: p may point into an unrelated object. */
    uintptr_t at_p = (uintptr_t)p, base = (uintptr_t)text;
    if (p && at_p >= base && at_p - base <= len)
        return copy + (at_p - base);
    return p;
}

bool semver_cmp_finish(struct semver_cmp_builder *b, struct semver_req *out)
{
    size_t n = b->n;
    struct semver_cmp *cmp = malloc(n * sizeof(*cmp) + b->len + 1);
    if (!cmp)
        return semver_cmp_fail(b, 0, DIAG_INTERNAL, "out of memory");
    char *copy = (char *)(cmp + n);
    if (b->len)
        memcpy(copy, b->text, b->len);
    copy[b->len] = '\0';
    for (size_t i = 0; i < n; i++) {
        cmp[i] = b->cmp[i];
        cmp[i].v.pre = rebase(b->cmp[i].v.pre, b->text, b->len, copy);
        cmp[i].v.build = rebase(b->cmp[i].v.build, b->text, b->len, copy);
    }
    out->cmp = cmp;
    out->ncmp = n;
    return true;
}
