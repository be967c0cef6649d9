/* Lexical views per language: comments and documentation blanked in place
 * (same length, newlines kept), string contents blanked in the bare view. */
#include "depvet/analysis/lexer.h"

#include <string.h>

#define JS_TEMPLATE_DEPTH 64      /* ${ ... `...${...}` ... } nesting read */
#define SH_DEPTH 64               /* $( "$( ... )" ) nesting read */
#define SH_HEREDOCS 16            /* heredocs opened on one line */

struct lx {
    const char *s;
    size_t n;
    char *code, *bare;
    struct lex_error *err;
};

struct lang_row {
    const char *ext;
    enum lex_lang lang;
};

static const struct lang_row lang_table[] = {
    {".js", LEX_JS},      {".mjs", LEX_JS},     {".cjs", LEX_JS},     {".ts", LEX_JS},
    {".mts", LEX_JS},     {".cts", LEX_JS},     {".jsx", LEX_JS},     {".tsx", LEX_JS},
    {".py", LEX_PYTHON},  {".pyw", LEX_PYTHON}, {".pyi", LEX_PYTHON}, {".ex", LEX_ELIXIR},
    {".exs", LEX_ELIXIR}, {".erl", LEX_ERLANG}, {".hrl", LEX_ERLANG}, {".gleam", LEX_GLEAM},
    {".sh", LEX_SHELL},   {".bash", LEX_SHELL}, {".ksh", LEX_SHELL},  {".zsh", LEX_SHELL},
    {NULL, LEX_NONE},
};

static const char *const lang_name_table[LEX_LANG_COUNT] = {
    "none", "JavaScript", "Python", "Elixir", "Erlang", "Gleam", "shell",
};

static const char *const lang_ext_table[LEX_LANG_COUNT] = {
    "", ".js", ".py", ".ex", ".erl", ".gleam", ".sh",
};

struct interp_row {
    const char *name;     /* the interpreter's name, or its start with a version after */
    bool prefix;
    enum lex_lang lang;
};

static const struct interp_row interp_table[] = {
    {"node", false, LEX_JS},      {"nodejs", false, LEX_JS},   {"deno", false, LEX_JS},
    {"bun", false, LEX_JS},       {"python", true, LEX_PYTHON}, {"sh", false, LEX_SHELL},
    {"bash", false, LEX_SHELL},   {"dash", false, LEX_SHELL},  {"zsh", false, LEX_SHELL},
    {"ksh", false, LEX_SHELL},    {"elixir", false, LEX_ELIXIR},
    {"escript", false, LEX_ERLANG}, {NULL, false, LEX_NONE},
};

/* Keywords after which a '/' starts a regular expression, not a division. */
struct keyword {
    const char *word;
    size_t len;
};
#define KW(w) {w, sizeof(w) - 1}
static const struct keyword js_expr_keyword_table[] = {
    KW("return"), KW("typeof"), KW("instanceof"), KW("in"), KW("of"), KW("new"),
    KW("delete"), KW("void"), KW("throw"), KW("case"), KW("do"), KW("else"), KW("yield"),
    KW("await"), {NULL, 0},
};
#undef KW

enum lex_lang lexer_lang_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return LEX_NONE;
    for (unsigned i = 0; lang_table[i].ext; i++)
        if (strcmp(dot, lang_table[i].ext) == 0)
            return lang_table[i].lang;
    return LEX_NONE;
}

const char *lexer_lang_name(enum lex_lang lang)
{
    return (unsigned)lang < LEX_LANG_COUNT ? lang_name_table[lang] : "?";
}

const char *lexer_lang_ext(enum lex_lang lang)
{
    return (unsigned)lang < LEX_LANG_COUNT ? lang_ext_table[lang] : "";
}

/* The interpreter word w[0..n) (a path's last part) as a language. */
static enum lex_lang interp_lang(const char *w, size_t n)
{
    for (size_t k = n; k > 0; k--)
        if (w[k - 1] == '/') {
            w += k;
            n -= k;
            break;
        }
    for (unsigned i = 0; interp_table[i].name; i++) {
        size_t m = strlen(interp_table[i].name);
        if (n >= m && memcmp(w, interp_table[i].name, m) == 0 &&
            (n == m || (interp_table[i].prefix && strspn(w + m, "0123456789.") == n - m)))
            return interp_table[i].lang;
    }
    return LEX_NONE;
}

enum lex_lang lexer_lang_of_shebang(const char *src, size_t len)
{
    if (len < 3 || src[0] != '#' || src[1] != '!')
        return LEX_NONE;
    const char *nl = memchr(src, '\n', len);
    size_t end = nl ? (size_t)(nl - src) : len, i = 2;
    for (;;) {   /* the first word, or the first after env and its -options */
        while (i < end && (src[i] == ' ' || src[i] == '\t'))
            i++;
        size_t w = i;
        while (i < end && src[i] != ' ' && src[i] != '\t' && src[i] != '\r')
            i++;
        if (i == w)
            return LEX_NONE;
        bool env = i - w >= 3 && memcmp(src + i - 3, "env", 3) == 0 &&
                   (i - w == 3 || src[i - 4] == '/');
        if (!env && src[w] != '-')
            return interp_lang(src + w, i - w);
    }
}

/* ---- shared helpers ---------------------------------------------------- */

static void blank(char *v, size_t a, size_t b, const char *s)
{
    for (size_t i = a; i < b; i++)
        if (s[i] != '\n')
            v[i] = ' ';
}

/* A comment or doc text: gone from both views. */
static void comment(struct lx *x, size_t a, size_t b)
{
    blank(x->code, a, b, x->s);
    blank(x->bare, a, b, x->s);
}

/* A literal's contents: gone from the bare view only. */
static void literal(struct lx *x, size_t a, size_t b)
{
    blank(x->bare, a, b, x->s);
}

static bool fail(struct lx *x, size_t at, const char *what)
{
    unsigned line = 1;
    for (size_t i = 0; i < at && i < x->n; i++)
        line += x->s[i] == '\n';
    x->err->line = line;
    x->err->what = what;
    return false;
}

static size_t eol(const struct lx *x, size_t i)
{
    const char *nl = memchr(x->s + i, '\n', x->n - i);
    return nl ? (size_t)(nl - x->s) : x->n;
}

/* Letters, digits, _ $ and every non-ASCII byte, by byte value: one load
 * for the test every identifier byte of every file takes. */
static const unsigned char ident_table[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

static bool ident_byte(unsigned char c)
{
    return ident_table[c];
}

/* A comment from i to the end of its line; returns where it ends. */
static size_t line_comment(struct lx *x, size_t i)
{
    size_t e = eol(x, i);
    comment(x, i, e);
    return e;
}

static size_t ident_end(const struct lx *x, size_t i)
{
    while (i < x->n && ident_byte((unsigned char)x->s[i]))
        i++;
    return i;
}

/* End of a quoted run from i (just past the opening quote): the offset of
 * the closing quote q, or n when there is none.  Backslash escapes the next
 * byte; stop_at_newline ends the search (returning n) at a bare newline. */
static size_t quote_end(const struct lx *x, size_t i, char q, bool stop_at_newline)
{
    while (i < x->n) {
        char c = x->s[i];
        if (c == '\\') {
            i += (i + 2 < x->n && x->s[i + 1] == '\r' && x->s[i + 2] == '\n') ? 3 : 2;
            continue;
        }
        if (c == q)
            return i;
        if (c == '\n' && stop_at_newline)
            return x->n;
        i++;
    }
    return x->n;
}

/* ---- JavaScript / TypeScript ------------------------------------------ */

enum js_prev { JS_OPERATOR, JS_OPERAND };   /* kind of the last token */

struct js {
    struct lx *x;
    size_t i;
    enum js_prev prev;
    unsigned depth;                          /* open '{' */
    unsigned stack[JS_TEMPLATE_DEPTH];       /* depth at each open ${ */
    size_t n_stack;
};

/* Called for every identifier: its length and first letter rule out most
 * before the table is walked (the walk with strlen was 4% of a scan of
 * next@16, where most names are one letter). */
static bool js_keyword_before_expr(const char *s, size_t len)
{
    /* Per first letter, bit len set when a keyword of that length starts
     * with it (do else, in instanceof, ...): one load rules out the rest. */
    static const unsigned short len_mask[26] = {
        ['a' - 'a'] = 1u << 5, ['c' - 'a'] = 1u << 4, ['d' - 'a'] = 1u << 2 | 1u << 6,
        ['e' - 'a'] = 1u << 4, ['i' - 'a'] = 1u << 2 | 1u << 10, ['n' - 'a'] = 1u << 3,
        ['o' - 'a'] = 1u << 2, ['r' - 'a'] = 1u << 6, ['t' - 'a'] = 1u << 5 | 1u << 6,
        ['v' - 'a'] = 1u << 4, ['y' - 'a'] = 1u << 5,
    };
    if (len < 2 || len > 10 || s[0] < 'a' || s[0] > 'z' || !(len_mask[s[0] - 'a'] >> len & 1))
        return false;
    for (const struct keyword *k = js_expr_keyword_table; k->word; k++)
        if (k->len == len && k->word[0] == s[0] && memcmp(k->word, s, len) == 0)
            return true;
    return false;
}

/* A regular expression literal from the '/' at i: the offset of its closing
 * '/', or 0 when the line ends first (then it was a division). */
static size_t js_regex_end(const struct lx *x, size_t i)
{
    bool in_class = false;
    for (size_t j = i + 1; j < x->n; j++) {
        char c = x->s[j];
        if (c == '\n' || c == '\r')
            return 0;
        if (c == '\\')
            j++;
        else if (c == '[')
            in_class = true;
        else if (c == ']')
            in_class = false;
        else if (c == '/' && !in_class)
            return j;
    }
    return 0;
}

/* Template text from j up to the closing backtick or the next ${. */
static bool js_template(struct js *js, size_t j)
{
    struct lx *x = js->x;
    size_t from = j;
    while (j < x->n) {
        char c = x->s[j];
        if (c == '\\') {
            j += 2;
        } else if (c == '`') {
            literal(x, from, j);
            js->i = j + 1;
            js->prev = JS_OPERAND;
            return true;
        } else if (c == '$' && j + 1 < x->n && x->s[j + 1] == '{') {
            if (js->n_stack == JS_TEMPLATE_DEPTH)
                return fail(x, j, "template literals nested too deep");
            literal(x, from, j);
            js->stack[js->n_stack++] = js->depth;
            js->i = j + 2;
            js->prev = JS_OPERATOR;
            return true;
        } else {
            j++;
        }
    }
    return fail(x, from, "unterminated template literal");
}

/* An identifier, number or keyword at i: where it ends, and the last
 * token's kind after it in *prev. */
static size_t js_word(const struct lx *x, size_t i, enum js_prev *prev)
{
    size_t e = ident_end(x, i);
    char c = x->s[i];
    bool kw = !(c >= '0' && c <= '9') && js_keyword_before_expr(x->s + i, e - i);
    *prev = kw ? JS_OPERATOR : JS_OPERAND;
    return e;
}

/* One token or comment at js->i. */
static bool js_step(struct js *js)
{
    struct lx *x = js->x;
    size_t i = js->i;
    char c = x->s[i], d = i + 1 < x->n ? x->s[i + 1] : '\0';
    if (c == '/' && d == '/') {
        js->i = line_comment(x, i);
    } else if (c == '/' && d == '*') {
        size_t e = i + 2;
        while (e + 1 < x->n && !(x->s[e] == '*' && x->s[e + 1] == '/'))
            e++;
        if (e + 1 >= x->n)
            return fail(x, i, "unterminated comment");
        comment(x, i, js->i = e + 2);
    } else if (c == '\'' || c == '"') {
        size_t e = quote_end(x, i + 1, c, true);
        if (e == x->n)
            return fail(x, i, "unterminated string");
        literal(x, i + 1, e);
        js->i = e + 1;
        js->prev = JS_OPERAND;
    } else if (c == '`') {
        return js_template(js, i + 1);
    } else if (c == '/' && js->prev == JS_OPERATOR && js_regex_end(x, i)) {
        size_t e = js_regex_end(x, i);
        literal(x, i + 1, e);
        js->i = ident_end(x, e + 1);   /* flags */
        js->prev = JS_OPERAND;
    } else if (c == '}' && js->n_stack && js->depth == js->stack[js->n_stack - 1]) {
        js->n_stack--;
        return js_template(js, i + 1);
    } else if (ident_byte((unsigned char)c)) {
        js->i = js_word(x, i, &js->prev);
    } else {
        if (c == '{')
            js->depth++;
        else if (c == '}' && js->depth)
            js->depth--;
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            js->prev = (c == ')' || c == ']') ? JS_OPERAND : JS_OPERATOR;
        js->i = i + 1;
    }
    return true;
}

/* Bytes js_step only passes over, by what they leave as the last token:
 * blanks (nothing), closing brackets (an operand), other operators.  '/',
 * quotes, braces and identifiers are not here. */
enum { JS_PASS_NONE, JS_PASS_BLANK, JS_PASS_OPERAND, JS_PASS_OPERATOR };
static const unsigned char js_pass_table[256] = {
    [' '] = JS_PASS_BLANK, ['\t'] = JS_PASS_BLANK, ['\n'] = JS_PASS_BLANK,
    ['\r'] = JS_PASS_BLANK, [')'] = JS_PASS_OPERAND, [']'] = JS_PASS_OPERAND,
    ['('] = JS_PASS_OPERATOR, ['['] = JS_PASS_OPERATOR, [';'] = JS_PASS_OPERATOR,
    [','] = JS_PASS_OPERATOR, ['.'] = JS_PASS_OPERATOR, [':'] = JS_PASS_OPERATOR,
    ['?'] = JS_PASS_OPERATOR, ['='] = JS_PASS_OPERATOR, ['+'] = JS_PASS_OPERATOR,
    ['-'] = JS_PASS_OPERATOR, ['*'] = JS_PASS_OPERATOR, ['%'] = JS_PASS_OPERATOR,
    ['&'] = JS_PASS_OPERATOR, ['|'] = JS_PASS_OPERATOR, ['^'] = JS_PASS_OPERATOR,
    ['!'] = JS_PASS_OPERATOR, ['~'] = JS_PASS_OPERATOR, ['<'] = JS_PASS_OPERATOR,
    ['>'] = JS_PASS_OPERATOR, ['@'] = JS_PASS_OPERATOR, ['#'] = JS_PASS_OPERATOR,
};

static bool js_lex(struct lx *x)
{
    const char *s = x->s;
    size_t n = x->n, i = 0;
    enum js_prev prev = JS_OPERATOR;
    struct js js = {.x = x};
    if (n >= 2 && s[0] == '#' && s[1] == '!')
        i = line_comment(x, 0);   /* hashbang */
    while (i < n) {
        /* The bytes between tokens and the words without a call each, the
         * position and last token's kind in registers (a third of the
         * lexer's time on minified code). */
        unsigned char c = (unsigned char)s[i];
        unsigned pass = js_pass_table[c];
        if (pass != JS_PASS_NONE) {
            if (pass != JS_PASS_BLANK)
                prev = pass == JS_PASS_OPERAND ? JS_OPERAND : JS_OPERATOR;
            i++;
        } else if (ident_byte(c)) {
            i = js_word(x, i, &prev);
        } else {
            js.i = i;
            js.prev = prev;
            if (!js_step(&js))
                return false;
            i = js.i;
            prev = js.prev;
        }
    }
    return js.n_stack ? fail(x, n, "unterminated template literal") : true;
}

/* ---- Python ----------------------------------------------------------- */

static bool py_prefix(const char *s, size_t len)
{
    if (len > 2)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!strchr("rRbBuUfF", s[i]))
            return false;
    return true;
}

/* A string statement on its own (doc string): nothing but blanks or a
 * comment follow it on its line. */
static bool py_alone_after(const struct lx *x, size_t i)
{
    while (i < x->n && (x->s[i] == ' ' || x->s[i] == '\t' || x->s[i] == '\r'))
        i++;
    return i == x->n || x->s[i] == '\n' || x->s[i] == '#';
}

/* The string whose quote is at q (prefix from start); *next is set past it. */
static bool py_string(struct lx *x, size_t start, size_t q, bool stmt_start, size_t *next)
{
    char c = x->s[q];
    bool triple = q + 2 < x->n && x->s[q + 1] == c && x->s[q + 2] == c;
    size_t from = q + (triple ? 3 : 1), e = from;
    if (triple) {
        for (;; e++) {
            e = quote_end(x, e, c, false);
            if (e + 2 >= x->n)
                return fail(x, start, "unterminated triple-quoted string");
            if (x->s[e + 1] == c && x->s[e + 2] == c)
                break;
        }
    } else if ((e = quote_end(x, from, c, true)) == x->n) {
        return fail(x, start, "unterminated string");
    }
    *next = e + (triple ? 3 : 1);
    if (stmt_start && py_alone_after(x, *next))
        comment(x, start, *next);
    else
        literal(x, from, e);
    return true;
}

/* Python bytes by what the lexer does with them: operators but brackets
 * (and anything unlisted) and blanks are passed over in a tight loop;
 * identifier bytes are ident_table's. */
enum { PY_OP, PY_BLANK, PY_HASH, PY_NEWLINE, PY_BACKSLASH, PY_QUOTE, PY_IDENT, PY_OPEN,
       PY_CLOSE };
#define O PY_OP
#define B PY_BLANK
#define H PY_HASH
#define N PY_NEWLINE
#define S PY_BACKSLASH
#define Q PY_QUOTE
#define I PY_IDENT
#define P PY_OPEN
#define C PY_CLOSE
static const unsigned char py_class_table[256] = {
    O, O, O, O, O, O, O, O, O, B, N, O, B, B, O, O,
    O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,
    B, O, Q, H, I, O, O, Q, P, C, O, O, O, O, O, O,
    I, I, I, I, I, I, I, I, I, I, O, O, O, O, O, O,
    O, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I,
    I, I, I, I, I, I, I, I, I, I, I, P, S, C, O, I,
    O, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I,
    I, I, I, I, I, I, I, I, I, I, I, P, O, C, O, O,
    I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I,
    I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I,
    I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I,
    I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I,
    I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I,
    I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I,
    I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I,
    I, I, I, I, I, I, I, I, I, I, I, I, I, I, I, I,
};
#undef O
#undef B
#undef H
#undef N
#undef S
#undef Q
#undef I
#undef P
#undef C

static bool py_lex(struct lx *x)
{
    const char *s = x->s;
    size_t n = x->n, i = 0;
    int depth = 0;
    bool stmt_start = true;   /* no token yet on this logical line */
    while (i < n) {
        unsigned k = py_class_table[(unsigned char)s[i]];
        switch (k) {
        case PY_OP:
        case PY_BLANK:
            stmt_start = stmt_start && k == PY_BLANK;
            i++;
            break;
        case PY_HASH:
            i = line_comment(x, i);
            break;
        case PY_NEWLINE:
            stmt_start = stmt_start || depth == 0;
            i++;
            break;
        case PY_BACKSLASH:
            i += 2;   /* a continuation skips its newline */
            break;
        case PY_QUOTE:
            if (!py_string(x, i, i, stmt_start && depth == 0, &i))
                return false;
            stmt_start = false;
            break;
        case PY_IDENT: {
            size_t e = ident_end(x, i);
            if (e < n && (s[e] == '\'' || s[e] == '"') && py_prefix(s + i, e - i) &&
                !py_string(x, i, e, stmt_start && depth == 0, &e))
                return false;
            stmt_start = false;
            i = e;
            break;
        }
        default:   /* brackets */
            depth += k == PY_OPEN ? 1 : depth > 0 ? -1 : 0;
            stmt_start = false;
            i++;
        }
    }
    return true;
}

/* ---- Elixir ----------------------------------------------------------- */

static char closing_of(char open)
{
    switch (open) {
    case '(': return ')';
    case '[': return ']';
    case '{': return '}';
    case '<': return '>';
    default: return open;
    }
}

/* A string, heredoc or sigil body starting with the delimiter at i; sets
 * *next past it (and any sigil modifiers).  doc: the whole literal is
 * documentation. */
static bool ex_literal(struct lx *x, size_t i, size_t start, bool doc, size_t *next)
{
    char open = x->s[i], close = closing_of(open);
    bool heredoc = (open == '"' || open == '\'') && i + 2 < x->n && x->s[i + 1] == open &&
                   x->s[i + 2] == open;
    size_t from = i + (heredoc ? 3 : 1), e = from;
    for (;; e++) {
        e = quote_end(x, e, close, false);
        if (e >= x->n)
            return fail(x, start, heredoc ? "unterminated heredoc" : "unterminated string");
        if (!heredoc || (e + 2 < x->n && x->s[e + 1] == close && x->s[e + 2] == close))
            break;
    }
    *next = e + (heredoc ? 3 : 1);
    while (*next < x->n && ((x->s[*next] >= 'a' && x->s[*next] <= 'z') ||
                            (x->s[*next] >= 'A' && x->s[*next] <= 'Z')))
        (*next)++;
    if (doc)
        comment(x, start, *next);
    else
        literal(x, from, e);
    return true;
}

/* After @doc / @moduledoc / @typedoc and blanks: where the text starts, or
 * 0 when it is not a literal (@doc false). */
static size_t ex_doc_at(const struct lx *x, size_t i)
{
    static const char *const doc_table[] = {"@doc", "@moduledoc", "@typedoc", NULL};
    for (unsigned k = 0; doc_table[k]; k++) {
        size_t n = strlen(doc_table[k]);
        if (i + n < x->n && memcmp(x->s + i, doc_table[k], n) == 0 &&
            !ident_byte((unsigned char)x->s[i + n])) {
            size_t j = i + n;
            while (j < x->n && (x->s[j] == ' ' || x->s[j] == '\t'))
                j++;
            return j < x->n && (x->s[j] == '"' || x->s[j] == '~' || x->s[j] == '\'') ? j : 0;
        }
    }
    return 0;
}

/* A sigil ~x/ ~S" at i: the delimiter's offset, or 0 when it is not one. */
static size_t ex_sigil_delim(const struct lx *x, size_t i)
{
    size_t j = i + 1;
    while (j < x->n && ((x->s[j] >= 'a' && x->s[j] <= 'z') || (x->s[j] >= 'A' && x->s[j] <= 'Z') ||
                        (j > i + 1 && x->s[j] >= '0' && x->s[j] <= '9')))
        j++;
    if (j == i + 1 || j >= x->n || !strchr("/|\"'([{<", x->s[j]))
        return 0;
    return j;
}

/* Bytes that may start something in Elixir; the lexers pass over runs of
 * the others in a tight loop (x->s and x->n in registers: a byte stored
 * into a view may alias them, so the loops read them once). */
static const unsigned char ex_special_table[256] = {
    ['#'] = 1, ['?'] = 1, ['@'] = 1, ['~'] = 1, ['"'] = 1, ['\''] = 1,
};
static const unsigned char erl_special_table[256] = {
    ['%'] = 1, ['$'] = 1, ['"'] = 1, ['\''] = 1,
};
static const unsigned char gleam_special_table[256] = {['/'] = 1, ['"'] = 1};

/* The first byte from i on that table marks, or n. */
static size_t skip_plain(const unsigned char *table, const char *s, size_t i, size_t n)
{
    while (i < n && !table[(unsigned char)s[i]])
        i++;
    return i;
}

static bool ex_lex(struct lx *x)
{
    const char *s = x->s;
    size_t n = x->n, i = 0;
    while ((i = skip_plain(ex_special_table, s, i, n)) < n) {
        char c = s[i];
        size_t at = 0;
        if (c == '#') {
            i = line_comment(x, i);
        } else if (c == '?' && !(i > 0 && ident_byte((unsigned char)s[i - 1])) && i + 1 < n) {
            i += s[i + 1] == '\\' ? 3 : 2;   /* ?c is a character */
        } else if (c == '@' && (at = ex_doc_at(x, i))) {
            size_t d = s[at] == '~' ? ex_sigil_delim(x, at) : at;
            if (!d)
                i = at + 1;
            else if (!ex_literal(x, d, i, true, &i))
                return false;
        } else if (c == '~' && (at = ex_sigil_delim(x, i))) {
            if (!ex_literal(x, at, i, false, &i))
                return false;
        } else if (c == '"' || c == '\'') {
            if (!ex_literal(x, i, i, false, &i))
                return false;
        } else {
            i++;
        }
    }
    return true;
}

/* ---- Erlang ----------------------------------------------------------- */

static bool erl_lex(struct lx *x)
{
    const char *s = x->s;
    size_t n = x->n, i = 0;
    while ((i = skip_plain(erl_special_table, s, i, n)) < n) {
        char c = s[i];
        if (c == '%') {
            i = line_comment(x, i);
        } else if (c == '$') {
            i += i + 1 < n && s[i + 1] == '\\' ? 3 : 2;   /* $c is a character */
        } else {
            size_t e = quote_end(x, i + 1, c, false);
            if (e >= n)
                return fail(x, i, c == '"' ? "unterminated string" : "unterminated atom");
            if (c == '"')
                literal(x, i + 1, e);   /* a quoted atom is a name: code */
            i = e + 1;
        }
    }
    return true;
}

/* ---- Gleam ------------------------------------------------------------ */

/* // comments (/// and //// are documentation) and "..." strings, which
 * may span lines; there are no character literals. */
static bool gleam_lex(struct lx *x)
{
    const char *s = x->s;
    size_t n = x->n, i = 0;
    while ((i = skip_plain(gleam_special_table, s, i, n)) < n) {
        if (s[i] == '/' && i + 1 < n && s[i + 1] == '/') {
            i = line_comment(x, i);
        } else if (s[i] == '"') {
            size_t e = quote_end(x, i + 1, '"', false);
            if (e >= n)
                return fail(x, i, "unterminated string");
            literal(x, i + 1, e);
            i = e + 1;
        } else {
            i++;
        }
    }
    return true;
}

/* ---- shell ------------------------------------------------------------ */

struct sh_heredoc {
    const char *word;     /* the delimiter, as written between its quotes */
    size_t len;
    bool strip_tabs;      /* <<- */
};

struct sh {
    struct lx *x;
    size_t i;
    unsigned depth;                          /* nested $( ) ` ` being read */
    struct sh_heredoc here[SH_HEREDOCS];     /* opened on the current line */
    size_t n_here;
};

static bool sh_run(struct sh *sh, char close);

/* '#' starts a comment only where a word starts. */
static bool sh_word_start(const struct lx *x, size_t i)
{
    return i == 0 || strchr(" \t\n\r;&|()<>", x->s[i - 1]) != NULL;
}

static bool sh_word_byte(char c)
{
    return c && !strchr(" \t\n\r;&|()<>", c);
}

/* The heredoc operator at i (<< or <<-, not <<<): notes its delimiter,
 * with quotes and backslashes dropped, and returns where it ends. */
static size_t sh_heredoc_op(struct sh *sh, size_t i)
{
    struct lx *x = sh->x;
    bool strip = i + 2 < x->n && x->s[i + 2] == '-';
    size_t j = i + 2 + strip;
    while (j < x->n && (x->s[j] == ' ' || x->s[j] == '\t'))
        j++;
    size_t from = j;
    char q = j < x->n && (x->s[j] == '\'' || x->s[j] == '"') ? x->s[j] : 0;
    if (q) {
        from = ++j;
        while (j < x->n && x->s[j] != q && x->s[j] != '\n')
            j++;
    } else {
        from += j < x->n && x->s[j] == '\\';
        for (j = from; j < x->n && sh_word_byte(x->s[j]);)
            j++;
    }
    if (j > from && sh->n_here < SH_HEREDOCS)
        sh->here[sh->n_here++] = (struct sh_heredoc){x->s + from, j - from, strip};
    return q && j < x->n && x->s[j] == q ? j + 1 : j;
}

/* The bodies of the line's heredocs, from i (just past its newline): each
 * is a literal up to its delimiter line.  A body the file ends in runs to
 * the end, as the shell reads it. */
static size_t sh_heredoc_bodies(struct sh *sh, size_t i)
{
    struct lx *x = sh->x;
    for (size_t k = 0; k < sh->n_here; k++) {
        const struct sh_heredoc *h = &sh->here[k];
        size_t from = i;
        while (i < x->n) {
            size_t e = eol(x, i), t = i;
            while (h->strip_tabs && t < e && x->s[t] == '\t')
                t++;
            size_t end = e > t && x->s[e - 1] == '\r' ? e - 1 : e;
            bool last = end - t == h->len && memcmp(x->s + t, h->word, h->len) == 0;
            if (last) {
                literal(x, from, i);
                i = e < x->n ? e + 1 : e;
                from = i;
                break;
            }
            i = e < x->n ? e + 1 : e;
        }
        literal(x, from, i);
    }
    sh->n_here = 0;
    return i;
}

/* A "..." string at i: its text is a literal, but $( ) and ` ` inside it
 * are commands and read as code. */
static bool sh_dquote(struct sh *sh)
{
    struct lx *x = sh->x;
    size_t start = sh->i, from = start + 1, j = from;
    while (j < x->n) {
        char c = x->s[j];
        bool sub = (c == '$' && j + 1 < x->n && x->s[j + 1] == '(') || c == '`';
        if (c == '\\') {
            j += 2;
        } else if (c == '"') {
            literal(x, from, j);
            sh->i = j + 1;
            return true;
        } else if (sub) {
            literal(x, from, j);
            sh->i = j + (c == '`' ? 1 : 2);
            if (!sh_run(sh, c == '`' ? '`' : ')'))
                return false;
            from = j = ++sh->i;
        } else {
            j++;
        }
    }
    return fail(x, start, "unterminated string");
}

/* The offset of the close that ends a run whose first open is just before
 * i, counting nested opens (${...}, $((...))); x->n when there is none. */
static size_t sh_balanced(const struct lx *x, size_t i, char open, char close)
{
    unsigned depth = 1;
    for (; i < x->n; i++) {
        if (x->s[i] == '\\')
            i++;
        else if (x->s[i] == open)
            depth++;
        else if (x->s[i] == close && --depth == 0)
            return i;
    }
    return x->n;
}

/* $... at i: a substitution read as code, a $'...' string, ${...} and
 * $((...)) skipped whole (their # and << are operators). */
static bool sh_dollar(struct sh *sh)
{
    struct lx *x = sh->x;
    size_t i = sh->i;
    char d = i + 1 < x->n ? x->s[i + 1] : '\0';
    bool arith = d == '(' && i + 2 < x->n && x->s[i + 2] == '(';
    if (d == '{' || arith) {
        size_t e = sh_balanced(x, i + 2, d, d == '{' ? '}' : ')');
        if (e >= x->n)
            return fail(x, i, d == '{' ? "unterminated ${" : "unterminated $((");
        sh->i = e + 1;
    } else if (d == '(') {
        sh->i = i + 2;
        if (!sh_run(sh, ')'))
            return false;
        sh->i++;
    } else if (d == '\'') {
        size_t e = quote_end(x, i + 2, '\'', false);
        if (e >= x->n)
            return fail(x, i, "unterminated string");
        literal(x, i + 2, e);
        sh->i = e + 1;
    } else {
        sh->i = i + 1;
    }
    return true;
}

/* One token or comment at sh->i. */
static bool sh_step(struct sh *sh)
{
    struct lx *x = sh->x;
    size_t i = sh->i;
    char c = x->s[i], d = i + 1 < x->n ? x->s[i + 1] : '\0';
    if (c == '#' && sh_word_start(x, i)) {
        sh->i = line_comment(x, i);
    } else if (c == '\\') {
        sh->i = i + 2 < x->n ? i + 2 : x->n;
    } else if (c == '\'') {
        size_t e = i + 1;
        while (e < x->n && x->s[e] != '\'')
            e++;
        if (e >= x->n)
            return fail(x, i, "unterminated string");
        literal(x, i + 1, e);
        sh->i = e + 1;
    } else if (c == '"') {
        return sh_dquote(sh);
    } else if (c == '$') {
        return sh_dollar(sh);
    } else if (c == '`') {
        sh->i = i + 1;
        if (!sh_run(sh, '`'))
            return false;
        sh->i++;
    } else if (c == '<' && d == '<' && !(i + 2 < x->n && x->s[i + 2] == '<')) {
        sh->i = sh_heredoc_op(sh, i);
    } else if (c == '<' && d == '<') {
        sh->i = i + 3;   /* <<< here-string */
    } else if (c == '\n' && sh->n_here) {
        sh->i = sh_heredoc_bodies(sh, i + 1);
    } else {
        sh->i = i + 1;
    }
    return true;
}

/* Code up to the unnested byte close ('\0': the end of the file), which
 * is left at sh->i.  Parentheses are counted so a subshell or a case
 * pattern inside $( ... ) does not end it early... mostly: case patterns
 * without their opening '(' do. */
static bool sh_run(struct sh *sh, char close)
{
    struct lx *x = sh->x;
    size_t start = sh->i;
    unsigned parens = 0;
    if (++sh->depth > SH_DEPTH)
        return fail(x, start, "substitutions nested too deep");
    while (sh->i < x->n) {
        char c = x->s[sh->i];
        if (close && c == close && !parens) {
            sh->depth--;
            return true;
        }
        if (close == ')' && (c == '(' || c == ')')) {
            parens += c == '(' ? 1 : -1;
            sh->i++;
        } else if (!sh_step(sh)) {
            return false;
        }
    }
    if (!close)
        return true;
    return fail(x, start, close == ')' ? "unterminated $(" : "unterminated `");
}

static bool sh_lex(struct lx *x)
{
    struct sh sh = {.x = x};
    return sh_run(&sh, '\0');
}

/* ---- entry points ------------------------------------------------------ */

bool lexer_views(enum lex_lang lang, const char *src, size_t len, char *code, char *bare,
                 struct lex_error *err)
{
    struct lx x = {src, len, code, bare, err};
    if (len) {   /* an empty file may come with NULL buffers */
        memcpy(code, src, len);
        memcpy(bare, src, len);
    }
    err->line = 0;
    err->what = "";
    switch (lang) {
    case LEX_JS: return js_lex(&x);
    case LEX_PYTHON: return py_lex(&x);
    case LEX_ELIXIR: return ex_lex(&x);
    case LEX_ERLANG: return erl_lex(&x);
    case LEX_GLEAM: return gleam_lex(&x);
    case LEX_SHELL: return sh_lex(&x);
    default: return true;
    }
}

/* ---- scopes: the function each line belongs to ------------------------- */

struct py_block {
    size_t indent;
    unsigned line;        /* 1-based header line */
    bool is_def;
};

#define SCOPE_DEPTH 256

static bool py_is_def(const char *s, size_t n)
{
    if (n > 6 && memcmp(s, "async ", 6) == 0) {
        s += 6;
        n -= 6;
        while (n && (*s == ' ' || *s == '\t'))
            s++, n--;
    }
    return n > 4 && memcmp(s, "def", 3) == 0 && (s[3] == ' ' || s[3] == '\t');
}

/* The outermost def around a line, by indentation of logical lines. */
static void py_scopes(const char *bare, size_t len, unsigned *scope, size_t n_lines)
{
    struct py_block stack[SCOPE_DEPTH];
    struct py_block cur = {0, 0, false};   /* the current logical line's start */
    size_t n_stack = 0, line = 0, i = 0;
    int depth = 0;
    unsigned in_def = 0;
    while (i < len && line < n_lines) {
        const char *nl = memchr(bare + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - bare) : len, col = 0, last = e;
        while (i + col < e && (bare[i + col] == ' ' || bare[i + col] == '\t'))
            col++;
        while (last > i + col && (bare[last - 1] == ' ' || bare[last - 1] == '\t' ||
                                  bare[last - 1] == '\r'))
            last--;
        bool blank_line = last == i + col;
        if (!blank_line && depth == 0) {
            /* A new logical line: close the blocks it is not inside. */
            while (n_stack && stack[n_stack - 1].indent >= col)
                n_stack--;
            in_def = 0;
            for (size_t k = 0; k < n_stack && !in_def; k++)
                in_def = stack[k].is_def ? stack[k].line : 0;
            cur = (struct py_block){col, (unsigned)line + 1,
                                    py_is_def(bare + i + col, e - i - col)};
        }
        scope[line++] = in_def;
        for (size_t k = i; k < e; k++)
            depth += (bare[k] == '(' || bare[k] == '[' || bare[k] == '{') -
                     (bare[k] == ')' || bare[k] == ']' || bare[k] == '}');
        depth = depth < 0 ? 0 : depth;
        /* A header (def, class, if...) opens a block once its brackets close. */
        if (!blank_line && depth == 0 && bare[last - 1] == ':' && n_stack < SCOPE_DEPTH)
            stack[n_stack++] = cur;
        i = e + 1;
    }
    while (line < n_lines)
        scope[line++] = in_def;
}

/* Statements whose ( ... ) { opens a block, not a function body. */
static const char *const js_block_keyword_table[] = {
    "if", "for", "while", "switch", "catch", "with", NULL,
};

struct js_scope {
    unsigned stack[SCOPE_DEPTH];   /* per open '{': its line if a function body, else 0 */
    size_t depth;                  /* may exceed SCOPE_DEPTH; deeper ones are not kept */
};

static unsigned js_current(const struct js_scope *st)
{
    for (size_t k = st->depth < SCOPE_DEPTH ? st->depth : SCOPE_DEPTH; k > 0; k--)
        if (st->stack[k - 1])
            return st->stack[k - 1];
    return 0;
}

/* Is the '(' at open preceded by a block keyword (if, for, ...)? */
static bool js_block_paren(const char *bare, size_t open)
{
    size_t e = open;
    while (e > 0 && (bare[e - 1] == ' ' || bare[e - 1] == '\t' || bare[e - 1] == '\n' ||
                     bare[e - 1] == '\r'))
        e--;
    size_t b = e;
    while (b > 0 && ident_byte((unsigned char)bare[b - 1]))
        b--;
    for (unsigned k = 0; js_block_keyword_table[k]; k++)
        if (strlen(js_block_keyword_table[k]) == e - b &&
            memcmp(js_block_keyword_table[k], bare + b, e - b) == 0)
            return true;
    return false;
}

/* The innermost function body around a line: a '{' after `) ` that does
 * not close if/for/while..., or after `=>`. */
static void js_scopes(const char *bare, size_t len, unsigned *scope, size_t n_lines)
{
    struct js_scope st = {{0}, 0};
    size_t parens[SCOPE_DEPTH], n_parens = 0, line = 0, last_open = 0;
    char prev = 0, prev2 = 0;   /* the last two code bytes */
    if (n_lines)
        scope[0] = 0;
    for (size_t k = 0; k < len && line < n_lines; k++) {
        char c = bare[k];
        if (c == '\n') {
            if (++line < n_lines)
                scope[line] = js_current(&st);
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r')
            continue;
        if (c == '(' && n_parens < SCOPE_DEPTH)
            parens[n_parens++] = k;
        else if (c == ')' && n_parens)
            last_open = parens[--n_parens];
        else if (c == '{') {
            bool fn = (prev == ')' && !js_block_paren(bare, last_open)) ||
                      (prev == '>' && prev2 == '=');
            if (st.depth < SCOPE_DEPTH)
                st.stack[st.depth] = fn ? (unsigned)line + 1 : 0;
            st.depth++;
        } else if (c == '}' && st.depth) {
            st.depth--;
        }
        prev2 = prev;
        prev = c;
    }
    for (line++; line < n_lines; line++)
        scope[line] = js_current(&st);
}

void lexer_scopes(enum lex_lang lang, const char *bare, size_t len, unsigned *scope,
                  size_t n_lines)
{
    if (lang == LEX_PYTHON)
        py_scopes(bare, len, scope, n_lines);
    else if (lang == LEX_JS)
        js_scopes(bare, len, scope, n_lines);
    else
        memset(scope, 0, n_lines * sizeof(*scope));
}
