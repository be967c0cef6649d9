/* PEP 508 requirement lines: a recursive-descent parser into an arena and
 * a marker evaluator whose recursion follows the (capped) paren depth. */
#include "depvet/core/pep508.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/req_pep440.h"
#include "depvet/core/spelling.h"
#include "depvet/core/xmalloc.h"

struct var_name {
    const char *text;
    unsigned char var;
};

static const struct var_name var_table[] = {
    {"python_version", PEP508_PYTHON_VERSION},
    {"python_full_version", PEP508_PYTHON_FULL_VERSION},
    {"os_name", PEP508_OS_NAME},
    {"os.name", PEP508_OS_NAME},
    {"sys_platform", PEP508_SYS_PLATFORM},
    {"sys.platform", PEP508_SYS_PLATFORM},
    {"platform_release", PEP508_PLATFORM_RELEASE},
    {"platform_system", PEP508_PLATFORM_SYSTEM},
    {"platform_version", PEP508_PLATFORM_VERSION},
    {"platform.version", PEP508_PLATFORM_VERSION},
    {"platform_machine", PEP508_PLATFORM_MACHINE},
    {"platform.machine", PEP508_PLATFORM_MACHINE},
    {"platform_python_implementation", PEP508_PLATFORM_PYTHON_IMPLEMENTATION},
    {"platform.python_implementation", PEP508_PLATFORM_PYTHON_IMPLEMENTATION},
    {"python_implementation", PEP508_PLATFORM_PYTHON_IMPLEMENTATION},
    {"implementation_name", PEP508_IMPLEMENTATION_NAME},
    {"implementation_version", PEP508_IMPLEMENTATION_VERSION},
    {"extra", PEP508_EXTRA},
};

bool pep508_var_lookup(const char *name, size_t len, enum pep508_var *out)
{
    for (size_t i = 0; i < sizeof var_table / sizeof var_table[0]; i++)
        if (strlen(var_table[i].text) == len && memcmp(var_table[i].text, name, len) == 0) {
            *out = (enum pep508_var)var_table[i].var;
            return true;
        }
    return false;
}

static const char *const default_env_table[PEP508_VAR_COUNT] = {
    [PEP508_PYTHON_VERSION] = "3.12",
    [PEP508_PYTHON_FULL_VERSION] = "3.12.0",
    [PEP508_OS_NAME] = "posix",
    [PEP508_SYS_PLATFORM] = "linux",
    [PEP508_PLATFORM_RELEASE] = "6.1.0",
    [PEP508_PLATFORM_SYSTEM] = "Linux",
    [PEP508_PLATFORM_VERSION] = "#1 SMP PREEMPT_DYNAMIC",
    [PEP508_PLATFORM_MACHINE] = "x86_64",
    [PEP508_PLATFORM_PYTHON_IMPLEMENTATION] = "CPython",
    [PEP508_IMPLEMENTATION_NAME] = "cpython",
    [PEP508_IMPLEMENTATION_VERSION] = "3.12.0",
};

/* Longest first; "in" / "not in" are words, handled apart. */
static const struct spelling op_table[] = {
    {"===", 3, PEP508_OP_ARBITRARY}, {"==", 2, PEP508_OP_EQ}, {"!=", 2, PEP508_OP_NE},
    {"<=", 2, PEP508_OP_LE},         {">=", 2, PEP508_OP_GE}, {"~=", 2, PEP508_OP_COMPAT},
    {"<", 1, PEP508_OP_LT},          {">", 1, PEP508_OP_GT},
};

struct parser {
    struct arena *a;
    const char *s;
    size_t pos, len;
    struct diag *d;
    bool failed;
};

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_name_char(char c)
{
    return is_alnum(c) || c == '.' || c == '-' || c == '_';
}

static bool is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || c == '_' || c == '.';
}

static bool error(struct parser *p, size_t pos, const char *msg)
{
    if (!p->failed && p->d)
        diag_set(p->d, DIAG_SYNTAX, "", 1, (unsigned)pos + 1, "%s", msg);
    p->failed = true;
    return false;
}

static void ws(struct parser *p)
{
    while (p->pos < p->len && is_ws(p->s[p->pos]))
        p->pos++;
}

static char peek(const struct parser *p)
{
    return p->pos < p->len ? p->s[p->pos] : '\0';
}

static bool at_end(const struct parser *p)
{
    return p->pos >= p->len;
}

/* [A-Za-z0-9] ([A-Za-z0-9._-]* [A-Za-z0-9])? */
static const char *name(struct parser *p, const char *what)
{
    size_t start = p->pos;
    while (p->pos < p->len && is_name_char(p->s[p->pos]))
        p->pos++;
    if (p->pos == start || !is_alnum(p->s[start]))
        return error(p, start, what), NULL;
    if (!is_alnum(p->s[p->pos - 1]))
        return error(p, p->pos - 1, "a name ends with a letter or digit"), NULL;
    return arena_strndup(p->a, p->s + start, p->pos - start);
}

static bool extras(struct parser *p, struct pep508_req *r)
{
    size_t cap = 0;
    const char **list = NULL;
    p->pos++; /* '[' */
    ws(p);
    bool ok = true;
    while (ok && peek(p) != ']') {
        if (r->nextras && !(peek(p) == ',' && (p->pos++, ws(p), true))) {
            ok = error(p, p->pos, "expected ',' or ']' in extras");
            break;
        }
        const char *e = name(p, "expected an extra name");
        if (!e) {
            ok = false;
            break;
        }
        list = xgrow(list, &cap, r->nextras + 1, sizeof *list);
        list[r->nextras++] = e;
        ws(p);
    }
    if (ok) {
        p->pos++; /* ']' */
        r->extras = arena_alloc(p->a, r->nextras * sizeof *r->extras + 1);
        if (r->nextras)
            memcpy(r->extras, list, r->nextras * sizeof *list);
    }
    free(list);
    return ok;
}

/* Validates s[start..end) as a specifier set and stores it trimmed. */
static bool specifier(struct parser *p, size_t start, size_t end, struct pep508_req *r)
{
    struct req_pep440 rq;
    struct diag vd;
    diag_clear(&vd);
    if (!req_pep440_parse(p->s + start, end - start, &rq, &vd)) {
        size_t col = start + (vd.col ? vd.col - 1 : 0);
        if (p->d && !p->failed)
            diag_set(p->d, vd.code, "", 1, (unsigned)col + 1, "%s", vd.msg);
        p->failed = true;
        return false;
    }
    req_pep440_free(&rq);
    while (start < end && is_ws(p->s[start]))
        start++;
    while (end > start && is_ws(p->s[end - 1]))
        end--;
    r->specifier = arena_strndup(p->a, p->s + start, end - start);
    return true;
}

static bool version_part(struct parser *p, struct pep508_req *r)
{
    if (peek(p) == '(') {
        size_t start = ++p->pos;
        while (p->pos < p->len && p->s[p->pos] != ')')
            p->pos++;
        if (at_end(p))
            return error(p, start - 1, "unclosed '('");
        p->pos++;
        return specifier(p, start, p->pos - 1, r);
    }
    if (at_end(p) || !peek(p) || !strchr("<>=!~", peek(p)))
        return true;
    size_t start = p->pos;
    while (p->pos < p->len && p->s[p->pos] != ';')
        p->pos++;
    return specifier(p, start, p->pos, r);
}

static bool url_part(struct parser *p, struct pep508_req *r)
{
    p->pos++; /* '@' */
    ws(p);
    size_t start = p->pos;
    while (p->pos < p->len && !is_ws(p->s[p->pos]))
        p->pos++;
    if (p->pos == start)
        return error(p, start, "expected a URL after '@'");
    r->url = arena_strndup(p->a, p->s + start, p->pos - start);
    return true;
}

/* ---- markers ---------------------------------------------------------- */

static const struct pep508_marker *marker_or(struct parser *p, unsigned depth);

static bool word(struct parser *p, const char *w)
{
    size_t n = strlen(w);
    if (p->len - p->pos < n || memcmp(p->s + p->pos, w, n) != 0)
        return false;
    if (p->pos + n < p->len && is_ident_char(p->s[p->pos + n]))
        return false;
    p->pos += n;
    return true;
}

static bool operand(struct parser *p, struct pep508_operand *o)
{
    ws(p);
    char q = peek(p);
    if (q == '\'' || q == '"') {
        size_t start = ++p->pos;
        const char *close = memchr(p->s + start, q, p->len - start);
        if (!close)
            return error(p, start - 1, "unterminated string");
        p->pos = (size_t)(close - p->s) + 1;
        o->str = arena_strndup(p->a, p->s + start, (size_t)(close - p->s) - start);
        return true;
    }
    size_t start = p->pos;
    while (p->pos < p->len && is_ident_char(p->s[p->pos]))
        p->pos++;
    if (pep508_var_lookup(p->s + start, p->pos - start, &o->var)) {
        o->is_var = true;
        return true;
    }
    return error(p, start, p->pos == start ? "expected a marker variable or string"
                                           : "unknown marker variable");
}

static bool marker_op(struct parser *p, enum pep508_op *op)
{
    ws(p);
    const struct spelling *o =
        spelling_match(op_table, SPELLING_COUNT(op_table), p->s + p->pos, p->len - p->pos, false);
    if (o) {
        p->pos += o->len;
        *op = (enum pep508_op)o->code;
        return true;
    }
    if (word(p, "in")) {
        *op = PEP508_OP_IN;
        return true;
    }
    size_t save = p->pos;
    if (word(p, "not")) {
        ws(p);
        if (word(p, "in")) {
            *op = PEP508_OP_NOT_IN;
            return true;
        }
    }
    return error(p, save, "expected a marker operator");
}

static const struct pep508_marker *marker_atom(struct parser *p, unsigned depth)
{
    ws(p);
    if (peek(p) == '(' && !at_end(p)) {
        if (depth >= PEP508_MAX_DEPTH) {
            if (p->d && !p->failed)
                diag_set(p->d, DIAG_LIMIT, "", 1, (unsigned)p->pos + 1, "markers nest too deep");
            p->failed = true;
            return NULL;
        }
        size_t open = p->pos++;
        const struct pep508_marker *m = marker_or(p, depth + 1);
        ws(p);
        if (!m)
            return NULL;
        if (peek(p) != ')' || at_end(p))
            return error(p, at_end(p) ? open : p->pos, "expected ')'"), NULL;
        p->pos++;
        return m;
    }
    struct pep508_marker *m = arena_alloc(p->a, sizeof *m);
    m->kind = PEP508_MARKER_CMP;
    if (!operand(p, &m->lhs) || !marker_op(p, &m->op) || !operand(p, &m->rhs))
        return NULL;
    return m;
}

/* One level: atoms joined by `joiner`, collected flat so evaluation of a
 * long chain does not recurse. */
static const struct pep508_marker *marker_chain(struct parser *p, unsigned depth, bool is_or)
{
    const struct pep508_marker **kids = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        const struct pep508_marker *k =
            is_or ? marker_chain(p, depth, false) : marker_atom(p, depth);
        if (!k) {
            free(kids);
            return NULL;
        }
        kids = xgrow(kids, &cap, n + 1, sizeof *kids);
        kids[n++] = k;
        ws(p);
        if (!word(p, is_or ? "or" : "and"))
            break;
    }
    if (n == 1) {
        const struct pep508_marker *only = kids[0];
        free(kids);
        return only;
    }
    struct pep508_marker *m = arena_alloc(p->a, sizeof *m);
    m->kind = is_or ? PEP508_MARKER_OR : PEP508_MARKER_AND;
    m->kids = arena_alloc(p->a, n * sizeof *kids);
    memcpy(m->kids, kids, n * sizeof *kids);
    m->nkids = n;
    free(kids);
    return m;
}

static const struct pep508_marker *marker_or(struct parser *p, unsigned depth)
{
    return marker_chain(p, depth, true);
}

static bool marker_part(struct parser *p, struct pep508_req *r)
{
    p->pos++; /* ';' */
    ws(p);
    size_t start = p->pos;
    r->marker = marker_or(p, 0);
    if (!r->marker)
        return false;
    ws(p);
    if (!at_end(p))
        return error(p, p->pos, "unexpected text after the marker");
    size_t end = p->len;
    while (end > start && is_ws(p->s[end - 1]))
        end--;
    r->marker_text = arena_strndup(p->a, p->s + start, end - start);
    return true;
}

bool pep508_parse(struct arena *a, const char *s, size_t len, struct pep508_req **out,
                  struct diag *d)
{
    *out = NULL;
    struct parser p = {a, s, 0, len, d, false};
    if (len > PEP508_MAX_LEN) {
        if (d)
            diag_set(d, DIAG_LIMIT, "", 1, PEP508_MAX_LEN + 1, "requirement too long");
        return false;
    }
    struct pep508_req *r = arena_alloc(a, sizeof *r);
    r->specifier = "";
    ws(&p);
    if (!(r->name = name(&p, "expected a package name")))
        return false;
    ws(&p);
    if (peek(&p) == '[' && !at_end(&p) && !extras(&p, r))
        return false;
    ws(&p);
    if (peek(&p) == '@' && !at_end(&p)) {
        if (!url_part(&p, r))
            return false;
    } else if (!version_part(&p, r)) {
        return false;
    }
    ws(&p);
    if (peek(&p) == ';' && !at_end(&p)) {
        if (!marker_part(&p, r))
            return false;
    } else if (!at_end(&p)) {
        return error(&p, p.pos, r->url ? "expected whitespace and ';' after the URL"
                                       : "unexpected text in requirement");
    }
    *out = r;
    return true;
}

/* ---- evaluation ------------------------------------------------------- */

/* Canonical package/extra name (lower case, runs of -_. as '-'),
 * truncated to the buffer. */
static const char *canon(const char *s, char *buf, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 1 < cap; s++) {
        char c = *s;
        if (c == '-' || c == '_' || c == '.') {
            if (n && buf[n - 1] == '-')
                continue;
            c = '-';
        } else if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        buf[n++] = c;
    }
    buf[n] = '\0';
    return buf;
}

static const char *value(const struct pep508_operand *o, const struct pep508_env *env,
                         const char *extra)
{
    if (!o->is_var)
        return o->str;
    const char *v = o->var == PEP508_EXTRA ? extra : env->var[o->var];
    return v ? v : "";
}

static bool string_cmp(enum pep508_op op, const char *l, const char *r)
{
    int c = strcmp(l, r);
    switch (op) {
    case PEP508_OP_EQ:
    case PEP508_OP_ARBITRARY:
        return c == 0;
    case PEP508_OP_NE:
        return c != 0;
    case PEP508_OP_LT:
        return c < 0;
    case PEP508_OP_LE:
        return c <= 0;
    case PEP508_OP_GT:
        return c > 0;
    case PEP508_OP_GE:
        return c >= 0;
    case PEP508_OP_IN:
        return strstr(r, l) != NULL;
    case PEP508_OP_NOT_IN:
        return strstr(r, l) == NULL;
    default:
        return false; /* ~= on strings is undefined */
    }
}

static bool eval_cmp(const struct pep508_marker *m, const struct pep508_env *env,
                     const char *extra)
{
    const char *l = value(&m->lhs, env, extra);
    const char *r = value(&m->rhs, env, extra);
    char lb[256], rb[256];
    if ((m->lhs.is_var && m->lhs.var == PEP508_EXTRA) ||
        (m->rhs.is_var && m->rhs.var == PEP508_EXTRA)) {
        l = canon(l, lb, sizeof lb);
        r = canon(r, rb, sizeof rb);
    }
    if (m->op <= PEP508_OP_ARBITRARY) {
        struct req_pep440_spec sp;
        struct pep440 lv;
        if (req_pep440_spec_make((enum req_pep440_op)m->op, r, strlen(r), &sp, NULL)) {
            bool lvalid = pep440_parse(l, strlen(l), &lv, NULL);
            if (lvalid || m->op == PEP508_OP_ARBITRARY)
                return req_pep440_spec_matches(&sp, lvalid ? &lv : NULL, l, strlen(l));
        }
    }
    return string_cmp(m->op, l, r);
}

bool pep508_marker_eval(const struct pep508_marker *m, const struct pep508_env *env,
                        const char *extra)
{
    if (!m)
        return true;
    if (m->kind == PEP508_MARKER_CMP)
        return eval_cmp(m, env, extra);
    bool is_or = m->kind == PEP508_MARKER_OR;
    for (size_t i = 0; i < m->nkids; i++)
        if (pep508_marker_eval(m->kids[i], env, extra) == is_or)
            return is_or;
    return !is_or;
}

void pep508_env_default(struct pep508_env *env)
{
    memcpy(env->var, default_env_table, sizeof env->var);
}
