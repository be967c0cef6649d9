/* Typosquat check: names that imitate a popular package of the ecosystem. */
#include "depvet/analysis/typosquat.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/arena.h"
#include "depvet/core/xmalloc.h"
#include "typosquat_priv.h"

#define NAME_MAX_LEN TYPOSQUAT_NAME_MAX
/* Edit distance 1 only when both names have at least this many letters:
 * among 3-letter names nearly every other one is one edit away, and 4-letter
 * pairs are mostly distinct packages too (toml/tomli, levn/leven). */
#define EDIT1_MIN_LEN 5
#define EDIT1_SHORT_LEN 5
/* Edit distance 2 only when the popular name is long: two typos in a short
 * name give a different word, in a long one they still read as the same. */
#define EDIT2_TARGET_MIN_LEN 8
#define EDIT2_NAME_MIN_LEN 8
/* Longer names skip the edit rules: the deletion neighbourhood grows with the
 * square of the length, and names this long are not typed by hand. */
#define EDIT_MAX_LEN 100
/* Shortest remainder after stripping an affix ("d3" from "d3.js"). */
#define AFFIX_REST_MIN_LEN 2
/* Shortest name whose separators or look-alike letters are compared. */
#define SKEL_MIN_LEN 3
#define HOMOGLYPH_MIN_LEN 4
/* Affixes of one or two letters ("py", "js", "ex") form real words when
 * glued on (pyarrow, pytzdata): they count only with a separator.  Dropping
 * an affix counts only for long ones ("python-", "node-"): "yaml" is not a
 * copy of "js-yaml", nor "griffe" of "griffelib".  Trading one affix for
 * another needs a rest this long ("ts-node" is no copy of "tslib"). */
#define AFFIX_GLUED_MIN_LEN 3
#define AFFIX_DROPPED_MIN_LEN 4
#define AFFIX_TRADED_REST_MIN_LEN 4
/* Digits appended to names whose stem has at least this many letters:
 * "py2" and "s3" are words of their own. */
#define DIGITS_STEM_MIN_LEN 4
/* Combined names: each part a popular name at least this long, and the
 * first part not the host of this many popular plugins (django-*). */
/* Scope letters needed before one and two edits count. */
#define SCOPE_EDIT1_MIN_LEN 6
#define SCOPE_EDIT2_MIN_LEN 9
#define COMBINED_PART_MIN_LEN 4
#define COMBINED_HOST_PLUGINS 3
/* ...and both parts among this many most popular names: joining lesser
 * ones is how genuine packages are named (kubernetes-asyncio). */
#define COMBINED_TOP 200

/* ---- rule and data tables ------------------------------------------------ */

struct rule_info {
    const char *name;
    int score;    /* base score; the more convincing the imitation, the higher */
    const char *words;  /* what a reader is told was done to the name */
};

static const struct rule_info rule_table[] = {
    [TYPOSQUAT_NONE] = {"none", 0, "no likeness"},
    [TYPOSQUAT_EDIT1] = {"edit", 85, "one letter changed"},
    [TYPOSQUAT_EDIT2] = {"edit2", 65, "two letters changed"},
    [TYPOSQUAT_SEPARATOR] = {"separator", 90, "the same letters with other separators or case"},
    [TYPOSQUAT_HOMOGLYPH] = {"homoglyph", 95, "look-alike letters in place of the real ones"},
    [TYPOSQUAT_AFFIX] = {"affix", 75, "a word added or taken away"},
    [TYPOSQUAT_SWAPPED] = {"swapped", 80, "its parts in another order"},
    /* weak: organisations reuse generic names (@gsap/react, @lhci/cli) */
    [TYPOSQUAT_SCOPE] = {"scope", 55, "the popular name under another scope"},
    /* "requests2": medium, since many genuine names end in a number
     * (html5, web3); a doubled last digit ("boto33") is a slip of the key */
    [TYPOSQUAT_DIGITS] = {"digits", 80, "digits added"},
    /* genuine plugins join two names too (pytest-django): a weak sign */
    [TYPOSQUAT_COMBINED] = {"combined", 60, "two popular names joined"},
    [TYPOSQUAT_SCOPE_LOOKALIKE] = {"scope-lookalike", 90, "a look-alike of the popular scope"},
};

/* What keeps established packages out of the high alarms (issue 16:
 * false alarms on real names ranked just below the popular lists), as
 * score changes; a hit at TYPOSQUAT_HIGH_SCORE or more is high, so each
 * of these moves a hit on a top name to medium: still shown, no longer
 * failing `check --fail-on high`. */
enum principle { P_FAR_SUBSTITUTION, P_REGISTRY_REFUSES };
static const struct principle_score {
    int adjust;   /* added to the rule's score */
    int cap;      /* and the score kept at most this */
} principle_table[] = {
    /* one letter replaced by one that is neither its neighbouring key nor
     * spelt or seen in its place (typosquat_edit_far_substitution): another
     * word more often than a slip (isolate/isodate, pycaret/pycares) */
    [P_FAR_SUBSTITUTION] = {-10, 100},
    /* a variant the registry would refuse to publish today (see
     * registry_fold_table) was there before the rule: medium at most,
     * keeping the rules' order, so "nodesass" still names node-sass
     * before the sass its affix rule finds */
    [P_REGISTRY_REFUSES] = {0, TYPOSQUAT_HIGH_SCORE - 1},
};

/* Registries that refuse a new name equal to an existing one once folded:
 * npm since January 2018 takes '.', '-', '_' and case out of unscoped
 * names ("package name too similar"); PyPI since December 2021 does the
 * same and reads l and i as 1 and o as 0 (warehouse's
 * ultranormalize_name).  A variant of a listed name that folds to it
 * cannot be a fresh upload there: it was published before the rule and
 * has stood beside the popular name since (wordwrap/word-wrap,
 * git-python/gitpython).  Hex has no such rule. */
static const struct registry_fold {
    enum ecosystem eco;
    bool look_alikes;   /* l, i -> 1 and o -> 0 too */
} registry_fold_table[] = {
    {ECO_NPM, false},
    {ECO_PYPI, true},
};

/* Words added to a popular npm scope in imitations of it
 * ("@typescript-eslint-dev"), beside the affix table's suffixes.  Any
 * other word makes the owner's own second scope or a community one
 * (@angular-devkit, @nestjs-modules, @angularclass). */
static const char *const scope_word_table[] = {"team", "official", "org", "inc", "hq"};

/* One edit said in words, from the start of typosquat_edit_why's answer. */
static const struct {
    const char *why;
    const char *words;
} edit_words_table[] = {
    {"transposed", "two letters swapped"},
    {"doubled", "one letter doubled"},
    {"extra", "one letter added"},
    {"missing", "one letter left out"},
};

/* Look-alike spellings; the first of each class is the canonical one.
 * Single letters are folded before pairs, so "c1ick" and "click" both end
 * as "dlck" whichever spelling of the l they use. */
static const char *const homoglyph_table[][5] = {
    {"o", "0", NULL},
    {"l", "1", "i", "|", NULL},
    {"m", "rn", NULL},
    {"w", "vv", NULL},
    {"d", "cl", NULL},
};

/* Affixes written without separators: they are matched on the skeleton, so
 * "python-", "python_" and "python" are one entry.  ECO_UNKNOWN = every
 * ecosystem. */
struct affix {
    enum ecosystem eco;
    bool prefix;
    const char *text;
    bool sep_only;   /* a word that counts only with a separator, whatever
                      * its length: glued on it makes ordinary names
                      * (fastjson, newrelic, apispec) */
};

static const struct affix affix_table[] = {
    {ECO_PYPI, true, "python", false}, {ECO_PYPI, true, "python3", false},
    {ECO_PYPI, true, "py", false}, {ECO_PYPI, true, "py3", false},
    {ECO_PYPI, false, "py", false}, {ECO_PYPI, false, "python", false},
    {ECO_PYPI, false, "python3", false}, {ECO_PYPI, false, "py3", false},
    {ECO_NPM, true, "node", false}, {ECO_NPM, true, "js", false}, {ECO_NPM, true, "npm", false},
    {ECO_NPM, false, "js", false}, {ECO_NPM, false, "node", false}, {ECO_NPM, false, "npm", false},
    {ECO_HEX, true, "ex", false}, {ECO_HEX, true, "elixir", false}, {ECO_HEX, true, "erl", false},
    {ECO_HEX, true, "erlang", false}, {ECO_HEX, false, "ex", false},
    /* no "_elixir" or "_erlang" suffix: that is how Hex names language
     * bindings of a package by its own authors (makeup_elixir, yaml_elixir) */
    {ECO_UNKNOWN, false, "lib", false}, {ECO_UNKNOWN, false, "dev", false},
    {ECO_UNKNOWN, false, "cli", false},
    /* words added in removed squats (issue 16): "aiohttp-proxies",
     * "requests-socks5", "colorama-advanced", "fast-httpx", "openai-api";
     * years are matched apart (affix_year) */
    {ECO_UNKNOWN, false, "proxies", true}, {ECO_UNKNOWN, false, "proxy", true},
    {ECO_UNKNOWN, false, "socks5", true}, {ECO_UNKNOWN, false, "socks", true},
    {ECO_UNKNOWN, false, "new", true}, {ECO_UNKNOWN, false, "advanced", true},
    {ECO_UNKNOWN, false, "api", true}, {ECO_UNKNOWN, false, "sdk", true},
    {ECO_UNKNOWN, false, "utils", true}, {ECO_UNKNOWN, false, "util", true},
    {ECO_UNKNOWN, false, "plus", true},
    {ECO_UNKNOWN, false, "pro", true}, {ECO_UNKNOWN, false, "fix", true},
    {ECO_UNKNOWN, false, "latest", true}, {ECO_UNKNOWN, false, "updated", true},
    {ECO_UNKNOWN, true, "fast", true}, {ECO_UNKNOWN, true, "easy", true},
    {ECO_UNKNOWN, true, "simple", true}, {ECO_UNKNOWN, true, "secure", true},
};


#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- multimap: 64-bit hash -> (id, aux), open addressing ----------------- */

#define MM_EMPTY UINT32_MAX

struct mm_entry {
    uint64_t h;
    uint32_t id;
    uint32_t aux;
};

struct multimap {
    struct mm_entry *e;
    size_t cap;   /* power of two, or 0 */
    size_t len;
};

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

static uint64_t hash_str(const char *s)
{
    return hash_bytes(s, strlen(s));
}

static void mm_insert_raw(struct multimap *m, struct mm_entry x)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)x.h & mask;
    while (m->e[i].id != MM_EMPTY)
        i = (i + 1) & mask;
    m->e[i] = x;
    m->len++;
}

static void mm_put(struct multimap *m, uint64_t h, uint32_t id, uint32_t aux)
{
    if ((m->len + 1) * 2 > m->cap) {
        struct multimap n = {NULL, m->cap ? m->cap * 2 : 64, 0};
        n.e = xmalloc(n.cap * sizeof(*n.e));
        for (size_t i = 0; i < n.cap; i++)
            n.e[i].id = MM_EMPTY;
        for (size_t i = 0; i < m->cap; i++)
            if (m->e[i].id != MM_EMPTY)
                mm_insert_raw(&n, m->e[i]);
        free(m->e);
        *m = n;
    }
    mm_insert_raw(m, (struct mm_entry){h, id, aux});
}

/* Next entry with hash h at or after *pos; start with *pos = SIZE_MAX. */
static const struct mm_entry *mm_next(const struct multimap *m, uint64_t h,
                                      size_t *pos)
{
    if (!m->cap)
        return NULL;
    size_t mask = m->cap - 1;
    size_t i = *pos == SIZE_MAX ? (size_t)h & mask : (*pos + 1) & mask;
    for (; m->e[i].id != MM_EMPTY; i = (i + 1) & mask)
        if (m->e[i].h == h) {
            *pos = i;
            return &m->e[i];
        }
    return NULL;
}

/* ---- name forms ----------------------------------------------------------- */

struct forms {
    char norm[NAME_MAX_LEN + 1];  /* ecosystem normalisation: exact identity */
    char low[NAME_MAX_LEN + 1];   /* lower case, outer separators trimmed */
    char skel[NAME_MAX_LEN + 1];  /* lower case, no separators at all */
    char homo[NAME_MAX_LEN + 1];  /* skel with look-alikes canonical */
    char parts[NAME_MAX_LEN + 2]; /* separator-split parts, sorted, "-" joined */
    size_t low_len, skel_len;
    int nparts;
};

static bool is_sep(char c)
{
    return typosquat_is_sep(c);
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static size_t homoglyph_canon(const char *s, size_t width, size_t *consumed)
{
    for (size_t c = 0; c < COUNT(homoglyph_table); c++)
        for (size_t v = 1; homoglyph_table[c][v]; v++) {
            size_t n = strlen(homoglyph_table[c][v]);
            if (n == width && strncmp(s, homoglyph_table[c][v], n) == 0) {
                *consumed = n;
                return c;
            }
        }
    *consumed = 0;
    return SIZE_MAX;
}

static void make_homo(const char *skel, char *out)
{
    char tmp[NAME_MAX_LEN + 1];
    const char *in = skel;
    for (size_t width = 1; width <= 2; width++) {
        char *dst = width == 1 ? tmp : out;
        size_t o = 0;
        for (const char *p = in; *p;) {
            size_t n;
            size_t c = homoglyph_canon(p, width, &n);
            if (c != SIZE_MAX) {
                dst[o++] = homoglyph_table[c][0][0];
                p += n;
            } else {
                dst[o++] = *p++;
            }
        }
        dst[o] = '\0';
        in = tmp;
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Splits low on separators, sorts the parts and joins them with "-". */
static void make_parts(struct forms *f)
{
    char tmp[NAME_MAX_LEN + 1];
    const char *part[NAME_MAX_LEN / 2 + 1];
    int n = 0;
    memcpy(tmp, f->low, f->low_len + 1);
    for (char *p = tmp; *p;) {
        while (*p && is_sep(*p))
            *p++ = '\0';
        if (!*p)
            break;
        part[n++] = p;
        while (*p && !is_sep(*p))
            p++;
    }
    qsort(part, (size_t)n, sizeof(*part), cmp_str);
    size_t o = 0;
    for (int i = 0; i < n; i++) {
        if (i)
            f->parts[o++] = '-';
        size_t l = strlen(part[i]);
        memcpy(f->parts + o, part[i], l);
        o += l;
    }
    f->parts[o] = '\0';
    f->nparts = n;
}

/* False when the name is empty, too long or holds a control byte. */
static bool make_forms(enum ecosystem eco, const char *name, struct forms *f)
{
    size_t len = strlen(name);
    if (len == 0 || len > NAME_MAX_LEN)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return false;
    ecosystem_normalize_name(eco, name, f->norm, sizeof(f->norm));
    size_t b = 0, e = len;
    while (b < e && is_sep(name[b]) && name[b] != '@')
        b++;
    while (e > b && is_sep(name[e - 1]))
        e--;
    f->low_len = f->skel_len = 0;
    for (size_t i = b; i < e; i++) {
        char c = lower(name[i]);
        f->low[f->low_len++] = c;
        if (!is_sep(c))
            f->skel[f->skel_len++] = c;
    }
    f->low[f->low_len] = f->skel[f->skel_len] = '\0';
    make_homo(f->skel, f->homo);
    make_parts(f);
    return true;
}

/* ---- the index -------------------------------------------------------------- */

struct entry {
    const char *name;   /* as given */
    const char *norm;
    const char *low;
    const char *skel;
    size_t skel_len;
    bool scoped;
    int64_t monthly;    /* downloads a month, -1 unknown */
};

/* An npm scope of the popular list: "@babel", its letters "babel". */
struct scope {
    const char *low;    /* "@babel" */
    const char *skel;   /* "babel" */
    size_t skel_len;
    uint32_t first;     /* its most popular name */
};

struct typosquat_index {
    enum ecosystem eco;
    struct scope *scopes;
    size_t n_scopes, cap_scopes;
    struct arena *arena;
    struct entry *names;
    size_t n;
    struct multimap by_norm, by_skel, by_homo, by_parts, by_strip,
        by_scope, by_stem, by_first;
    struct typosquat_deltab del;
};

static bool affix_applies(const struct affix *a, enum ecosystem eco)
{
    return a->eco == ECO_UNKNOWN || a->eco == eco;
}

/* Length of skel left after removing affix a, or 0 when a does not fit. */
static size_t affix_strip(const struct affix *a, const char *skel,
                          size_t skel_len, const char **rest)
{
    size_t n = strlen(a->text);
    if (skel_len < n + AFFIX_REST_MIN_LEN)
        return 0;
    const char *at = a->prefix ? skel : skel + skel_len - n;
    if (memcmp(at, a->text, n) != 0)
        return 0;
    *rest = a->prefix ? skel + n : skel;
    return skel_len - n;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Length of skel without its trailing digits: "boto" of "boto3". */
static size_t stem_len(const char *skel, size_t n)
{
    while (n > 0 && is_digit(skel[n - 1]))
        n--;
    return n;
}

/* Scope letters without separators: "typescripteslint" of
 * "@typescript-eslint"; out holds TYPOSQUAT_NAME_MAX + 1. */
static size_t scope_skel(const char *low, size_t len, char *out)
{
    size_t o = 0;
    for (size_t i = 1; i < len; i++)
        if (!is_sep(low[i]))
            out[o++] = low[i];
    out[o] = '\0';
    return o;
}

static void index_add_scope(struct typosquat_index *idx, const char *low, uint32_t id)
{
    size_t len = (size_t)(strchr(low, '/') - low);
    uint64_t h = hash_bytes(low, len);
    size_t pos = SIZE_MAX;
    bool known = false;
    for (const struct mm_entry *e; !known && (e = mm_next(&idx->by_scope, h, &pos));)
        known = strncmp(idx->names[e->id].low, low, len) == 0 &&
                idx->names[e->id].low[len] == '/';
    mm_put(&idx->by_scope, h, id, 0);
    if (known)
        return;
    char skel[NAME_MAX_LEN + 1];
    size_t n = scope_skel(low, len, skel);
    idx->scopes = xgrow(idx->scopes, &idx->cap_scopes, idx->n_scopes + 1, sizeof(*idx->scopes));
    idx->scopes[idx->n_scopes++] = (struct scope){
        arena_strndup(idx->arena, low, len), arena_strdup(idx->arena, skel), n, id};
}

static void index_add(struct typosquat_index *idx, const char *name, int64_t monthly)
{
    struct forms f;
    if (!name || !make_forms(idx->eco, name, &f) || !f.skel_len)
        return;
    uint32_t id = (uint32_t)idx->n;
    struct entry *e = &idx->names[idx->n++];
    e->name = arena_strdup(idx->arena, name);
    e->norm = arena_strdup(idx->arena, f.norm);
    e->low = arena_strdup(idx->arena, f.low);
    e->skel = arena_strdup(idx->arena, f.skel);
    e->skel_len = f.skel_len;
    e->scoped = idx->eco == ECO_NPM && name[0] == '@' && strchr(name, '/');
    e->monthly = monthly < 0 ? -1 : monthly;
    mm_put(&idx->by_norm, hash_str(f.norm), id, 0);
    mm_put(&idx->by_skel, hash_str(f.skel), id, 0);
    mm_put(&idx->by_homo, hash_str(f.homo), id, 0);
    if (f.nparts >= 2)
        mm_put(&idx->by_parts, hash_str(f.parts), id, 0);
    for (size_t a = 0; a < COUNT(affix_table); a++) {
        const char *rest;
        size_t rl;
        if (affix_applies(&affix_table[a], idx->eco) && !affix_table[a].sep_only &&
            (rl = affix_strip(&affix_table[a], f.skel, f.skel_len, &rest)))
            mm_put(&idx->by_strip, hash_bytes(rest, rl), id, (uint32_t)a);
    }
    if (f.low_len >= EDIT1_MIN_LEN && f.low_len <= EDIT_MAX_LEN) {
        typosquat_edit_add(&idx->del, f.low, f.low_len,
                           f.low_len >= EDIT2_TARGET_MIN_LEN ? 2 : 1, id);
    }
    size_t first = strcspn(f.low, "-_.");
    if (f.nparts >= 2 && first < f.low_len && !e->scoped)
        mm_put(&idx->by_first, hash_bytes(f.low, first), id, 0);
    size_t stem = stem_len(f.skel, f.skel_len);
    if (stem >= DIGITS_STEM_MIN_LEN)
        mm_put(&idx->by_stem, hash_bytes(f.skel, stem), id, 0);
    if (e->scoped)
        index_add_scope(idx, f.low, id);
}

struct typosquat_index *typosquat_index_new(enum ecosystem eco,
                                            const char *const *popular,
                                            size_t n)
{
    return typosquat_index_new_counted(eco, popular, NULL, n);
}

struct typosquat_index *typosquat_index_new_counted(enum ecosystem eco,
                                                    const char *const *popular,
                                                    const int64_t *monthly, size_t n)
{
    struct typosquat_index *idx = xcalloc(1, sizeof(*idx));
    idx->eco = eco;
    idx->arena = arena_new();
    if (n > UINT32_MAX - 1)
        n = UINT32_MAX - 1;
    idx->names = xcalloc(n ? n : 1, sizeof(*idx->names));
    for (size_t i = 0; i < n; i++)
        index_add(idx, popular ? popular[i] : NULL, monthly ? monthly[i] : -1);
    typosquat_edit_freeze(&idx->del);
    return idx;
}

void typosquat_index_free(struct typosquat_index *idx)
{
    if (!idx)
        return;
    struct multimap *maps[] = {&idx->by_norm, &idx->by_skel, &idx->by_homo,
                               &idx->by_parts, &idx->by_strip,
                               &idx->by_scope, &idx->by_stem, &idx->by_first};
    for (size_t i = 0; i < COUNT(maps); i++)
        free(maps[i]->e);
    typosquat_edit_fini(&idx->del);
    free(idx->scopes);
    arena_free(idx->arena);
    free(idx->names);
    free(idx);
}

const char *typosquat_reason_name(enum typosquat_reason r)
{
    return (unsigned)r < COUNT(rule_table) ? rule_table[r].name : "?";
}

static size_t lower_copy(const char *s, char *out, size_t n)
{
    size_t i = 0;
    for (; s[i] && i + 1 < n; i++)
        out[i] = (char)tolower((unsigned char)s[i]);
    out[i] = '\0';
    return i;
}

void typosquat_hit_words(const struct typosquat_hit *h, const char *name, char *out, size_t n)
{
    const char *words = (unsigned)h->reason < COUNT(rule_table) ? rule_table[h->reason].words
                                                               : "a likeness";
    if (h->reason == TYPOSQUAT_EDIT1) {
        /* compared as the check compares them, in lower case */
        char why[64], c[NAME_MAX_LEN + 1], t[NAME_MAX_LEN + 1];
        size_t cn = lower_copy(name, c, sizeof(c)), tn = lower_copy(h->target, t, sizeof(t));
        typosquat_edit_why(c, cn, t, tn, why, sizeof(why));
        for (size_t i = 0; i < COUNT(edit_words_table); i++)
            if (strncmp(why, edit_words_table[i].why, strlen(edit_words_table[i].why)) == 0)
                words = edit_words_table[i].words;
    }
    snprintf(out, n, "%s: %s / %s", words, name, h->target);
}

/* ---- checking --------------------------------------------------------------- */

struct query {
    const struct typosquat_index *idx;
    const struct forms *f;
    size_t limit;          /* only names ranked below this are targets */
    bool found;
    struct typosquat_hit best;
    const struct entry *self;  /* the candidate's own entry when a whole-
                                * registry list holds it, else NULL */
    size_t self_rank;
};

/* Popular lists that hold the whole registry: hex.pm's every package by
 * downloads.  There a name on the list is established only when it is used
 * about as much as its target; on the other lists (PyPI's top 15,000 of
 * some 600,000 projects, npm's packages of a million downloads a week or
 * 500 dependents) being on the list is being established. */
static const enum ecosystem whole_registry_list_table[] = {ECO_HEX};

static bool list_is_whole_registry(enum ecosystem eco)
{
    for (size_t i = 0; i < COUNT(whole_registry_list_table); i++)
        if (whole_registry_list_table[i] == eco)
            return true;
    return false;
}

/* True when the listed candidate is far less used than target t (ranked
 * id): a TYPOSQUAT_USE_RATIO-th of its downloads when the list gives both,
 * else ranked that many times lower (downloads fall about as the rank
 * grows on these lists). */
static bool self_far_below(const struct query *q, const struct entry *t, uint32_t id)
{
    if (q->self->monthly >= 0 && t->monthly >= 0)
        return q->self->monthly < t->monthly / TYPOSQUAT_USE_RATIO;
    return (double)(q->self_rank + 1) >= (double)TYPOSQUAT_USE_RATIO * ((double)id + 1);
}

/* skel folded as registry r folds names for its similarity rule. */
static void registry_fold(const struct registry_fold *r, const char *skel, char *out)
{
    size_t o = 0;
    for (const char *p = skel; *p; p++)
        out[o++] = r->look_alikes && (*p == 'l' || *p == 'i') ? '1'
                   : r->look_alikes && *p == 'o'             ? '0'
                                                             : *p;
    out[o] = '\0';
}

/* True when the candidate's registry would refuse to publish it today
 * beside listed name t (registry_fold_table): npm's rule covers unscoped
 * names only. */
static bool registry_refuses(const struct query *q, const struct entry *t)
{
    for (size_t i = 0; i < COUNT(registry_fold_table); i++) {
        const struct registry_fold *r = &registry_fold_table[i];
        if (r->eco != q->idx->eco)
            continue;
        if (r->eco == ECO_NPM && (t->scoped || q->f->low[0] == '@'))
            return false;
        char a[NAME_MAX_LEN + 1], b[NAME_MAX_LEN + 1];
        registry_fold(r, q->f->skel, a);
        registry_fold(r, t->skel, b);
        return strcmp(a, b) == 0;
    }
    return false;
}

/* score after the principles that apply to every rule's hit on t. */
static int principled_score(const struct query *q, const struct entry *t, int score)
{
    if (registry_refuses(q, t)) {
        score += principle_table[P_REGISTRY_REFUSES].adjust;
        if (score > principle_table[P_REGISTRY_REFUSES].cap)
            score = principle_table[P_REGISTRY_REFUSES].cap;
    }
    return score;
}

/* Keeps the hit when it beats the best so far: higher score, then the more
 * popular target. */
static void offer(struct query *q, enum typosquat_reason r, uint32_t id,
                  int adjust, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void offer(struct query *q, enum typosquat_reason r, uint32_t id,
                  int adjust, const char *fmt, ...)
{
    if (id >= q->limit || strcmp(q->idx->names[id].norm, q->f->norm) == 0 ||
        (q->self && !self_far_below(q, &q->idx->names[id], id)))
        return;
    int score = principled_score(q, &q->idx->names[id], rule_table[r].score + adjust -
                                                            (int)(id / 1000 < 10 ? id / 1000 : 10));
    if (score < 1)
        score = 1;
    if (score > 100)
        score = 100;
    if (q->found && (score < q->best.score ||
                     (score == q->best.score && id >= q->best.target_rank)))
        return;
    q->found = true;
    q->best.reason = r;
    q->best.target = q->idx->names[id].name;
    q->best.target_rank = id;
    q->best.score = score;
    q->best.target_monthly = q->idx->names[id].monthly;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(q->best.why, sizeof(q->best.why), fmt, ap);
    va_end(ap);
}

static void rule_separator(struct query *q)
{
    if (q->f->skel_len < SKEL_MIN_LEN)
        return;
    size_t pos = SIZE_MAX;
    for (const struct mm_entry *e;
         (e = mm_next(&q->idx->by_skel, hash_str(q->f->skel), &pos));) {
        const struct entry *t = &q->idx->names[e->id];
        if (strcmp(t->skel, q->f->skel) != 0)
            continue;
        bool only_case = strcmp(t->low, q->f->low) == 0;
        /* "babel-core" and "@babel/core": mostly a project that moved
         * into its scope, so a weaker sign than "crossenv" */
        int adjust = (t->scoped != (q->f->low[0] == '@') ? -15 : 0);
        offer(q, TYPOSQUAT_SEPARATOR, e->id, adjust, "%s with '%s'",
              only_case ? "case confusion" : "separator confusion", t->name);
    }
}

/* Names the first look-alike that tells cand from target, e.g. "1 for l". */
static void homoglyph_why(const char *cand, const char *target, char *out,
                          size_t outlen)
{
    snprintf(out, outlen, "look-alike letters");
    while (*cand && *cand == *target) {
        cand++;
        target++;
    }
    for (size_t c = 0; c < COUNT(homoglyph_table); c++)
        for (size_t x = 0; homoglyph_table[c][x]; x++)
            for (size_t y = 0; homoglyph_table[c][y]; y++) {
                const char *gx = homoglyph_table[c][x], *gy = homoglyph_table[c][y];
                if (x != y && strncmp(cand, gx, strlen(gx)) == 0 &&
                    strncmp(target, gy, strlen(gy)) == 0) {
                    snprintf(out, outlen, "%s for %s", gx, gy);
                    return;
                }
            }
}

static void rule_homoglyph(struct query *q)
{
    if (q->f->skel_len < HOMOGLYPH_MIN_LEN)
        return;
    size_t pos = SIZE_MAX;
    for (const struct mm_entry *e;
         (e = mm_next(&q->idx->by_homo, hash_str(q->f->homo), &pos));) {
        const struct entry *t = &q->idx->names[e->id];
        char th[NAME_MAX_LEN + 1], why[64];
        make_homo(t->skel, th);
        if (strcmp(th, q->f->homo) != 0 || strcmp(t->skel, q->f->skel) == 0)
            continue;
        homoglyph_why(q->f->skel, t->skel, why, sizeof(why));
        offer(q, TYPOSQUAT_HOMOGLYPH, e->id, 0, "homoglyph of '%s' (%s)",
              t->name, why);
    }
}

static void rule_swapped(struct query *q)
{
    /* A scope names an owner, not a part: "@types/jest" is no swap of
     * "@jest/types". */
    if (q->f->nparts < 2 || q->f->low[0] == '@')
        return;
    size_t pos = SIZE_MAX;
    for (const struct mm_entry *e;
         (e = mm_next(&q->idx->by_parts, hash_str(q->f->parts), &pos));) {
        const struct entry *t = &q->idx->names[e->id];
        struct forms tf;
        if (t->scoped || !make_forms(q->idx->eco, t->name, &tf) ||
            strcmp(tf.parts, q->f->parts) != 0 || strcmp(t->skel, q->f->skel) == 0)
            continue;
        offer(q, TYPOSQUAT_SWAPPED, e->id, 0, "swapped name parts of '%s'",
              t->name);
    }
}

/* The affix as written in form: its letters plus the separators that join
 * it to the rest ("python-" in "python-dateutil", "-js" in "d3-js"). */
static void affix_label(const char *form, size_t letters, bool prefix,
                        char *out, size_t outlen)
{
    size_t n = strlen(form), i;
    if (prefix) {
        size_t seen = 0;
        for (i = 0; i < n && seen < letters; i++)
            seen += !is_sep(form[i]);
        while (i < n && is_sep(form[i]))
            i++;
        snprintf(out, outlen, "%.*s", (int)i, form);
    } else {
        size_t seen = 0;
        for (i = n; i > 0 && seen < letters; i--)
            seen += !is_sep(form[i - 1]);
        while (i > 0 && is_sep(form[i - 1]))
            i--;
        snprintf(out, outlen, "%s", form + i);
    }
}

static const char *affix_kind(const struct affix *a)
{
    return a->prefix ? "prefix" : "suffix";
}

/* Popular names that are the candidate with one of its affixes removed, or
 * with the popular name's own affix put in its place. */
static void rule_affix_added(struct query *q, size_t a)
{
    const struct affix *ax = &affix_table[a];
    const char *rest;
    size_t rl = affix_strip(ax, q->f->skel, q->f->skel_len, &rest);
    if (!rl)
        return;
    char lab[NAME_MAX_LEN + 1], tlab[NAME_MAX_LEN + 1];
    affix_label(q->f->low, strlen(ax->text), ax->prefix, lab, sizeof(lab));
    if ((strlen(ax->text) < AFFIX_GLUED_MIN_LEN || ax->sep_only) &&
        strlen(lab) == strlen(ax->text))
        return;
    uint64_t h = hash_bytes(rest, rl);
    size_t pos = SIZE_MAX;
    for (const struct mm_entry *e; (e = mm_next(&q->idx->by_skel, h, &pos));) {
        const struct entry *t = &q->idx->names[e->id];
        if (!t->scoped && t->skel_len == rl && memcmp(t->skel, rest, rl) == 0)
            offer(q, TYPOSQUAT_AFFIX, e->id, 0, "'%s' %s added to '%s'", lab,
                  affix_kind(ax), t->name);
    }
    pos = SIZE_MAX;
    for (const struct mm_entry *e; (e = mm_next(&q->idx->by_strip, h, &pos));) {
        const struct entry *t = &q->idx->names[e->id];
        const struct affix *tx = &affix_table[e->aux];
        const char *trest;
        size_t trl = affix_strip(tx, t->skel, t->skel_len, &trest);
        if (e->aux == a || ax->sep_only || trl != rl || rl < AFFIX_TRADED_REST_MIN_LEN ||
            memcmp(trest, rest, rl) != 0)
            continue;
        affix_label(t->low, strlen(tx->text), tx->prefix, tlab, sizeof(tlab));
        offer(q, TYPOSQUAT_AFFIX, e->id, -5, "'%s' %s in place of '%s' in '%s'",
              lab, affix_kind(ax), tlab, t->name);
    }
}

static void rule_affix(struct query *q)
{
    for (size_t a = 0; a < COUNT(affix_table); a++)
        if (affix_applies(&affix_table[a], q->idx->eco))
            rule_affix_added(q, a);
    size_t pos = SIZE_MAX;
    uint64_t h = hash_bytes(q->f->skel, q->f->skel_len);
    for (const struct mm_entry *e; (e = mm_next(&q->idx->by_strip, h, &pos));) {
        const struct entry *t = &q->idx->names[e->id];
        const struct affix *tx = &affix_table[e->aux];
        const char *trest;
        size_t trl = affix_strip(tx, t->skel, t->skel_len, &trest);
        if (strlen(tx->text) < AFFIX_DROPPED_MIN_LEN || trl != q->f->skel_len ||
            memcmp(trest, q->f->skel, trl) != 0)
            continue;
        char tlab[NAME_MAX_LEN + 1];
        affix_label(t->low, strlen(tx->text), tx->prefix, tlab, sizeof(tlab));
        offer(q, TYPOSQUAT_AFFIX, e->id, -5, "'%s' %s removed from '%s'", tlab,
              affix_kind(tx), t->name);
    }
}

/* "-2024": a separator and a year of this century (rule_year's, not
 * rule_digits'). */
static bool ends_with_year(const struct forms *f)
{
    const char *low = f->low;
    size_t n = f->low_len;
    return n >= 7 && is_sep(low[n - 5]) && low[n - 4] == '2' && low[n - 3] == '0' &&
           is_digit(low[n - 2]) && is_digit(low[n - 1]);
}

/* Digits appended to a popular name: "requests2", "jinja22".  Where the
 * popular list holds a numbered family of the stem (boto, boto3; psycopg,
 * psycopg2) a new number is mostly another member, so only the last digit
 * doubled ("boto33") counts there. */
static void rule_digits(struct query *q)
{
    const char *c = q->f->skel;
    size_t n = q->f->skel_len, stem = stem_len(c, n);
    if (stem == n || stem < DIGITS_STEM_MIN_LEN || ends_with_year(q->f))
        return;
    uint32_t ids[8];
    size_t family = 0;
    size_t pos = SIZE_MAX;
    for (const struct mm_entry *e; (e = mm_next(&q->idx->by_stem, hash_bytes(c, stem), &pos));) {
        const struct entry *t = &q->idx->names[e->id];
        if (t->skel_len < stem || memcmp(t->skel, c, stem) != 0 ||
            stem_len(t->skel, t->skel_len) != stem)
            continue;
        if (family < COUNT(ids))
            ids[family] = e->id;
        family++;
    }
    for (size_t i = 0; i < family && i < COUNT(ids); i++) {
        const struct entry *t = &q->idx->names[ids[i]];
        size_t tn = t->skel_len;
        if (tn >= n || memcmp(t->skel, c, tn) != 0)
            continue;   /* not the same name with digits appended */
        bool doubled = tn > stem && n == tn + 1 && c[tn] == c[tn - 1];
        if (family > 1 && !doubled)
            continue;
        offer(q, TYPOSQUAT_DIGITS, ids[i], doubled ? 5 : 0, "'%s' appended to '%s'%s",
              c + tn, t->name, doubled ? " (its last digit doubled)" : "");
    }
}

/* A year joined to a popular name: "boto3-2024", "requests_2025". */
static void rule_year(struct query *q)
{
    const char *low = q->f->low;
    size_t n = q->f->low_len;
    if (!ends_with_year(q->f))
        return;
    size_t rl = q->f->skel_len - 4;
    size_t pos = SIZE_MAX;
    for (const struct mm_entry *e;
         (e = mm_next(&q->idx->by_skel, hash_bytes(q->f->skel, rl), &pos));) {
        const struct entry *t = &q->idx->names[e->id];
        if (!t->scoped && t->skel_len == rl && memcmp(t->skel, q->f->skel, rl) == 0)
            offer(q, TYPOSQUAT_AFFIX, e->id, 0, "year '%s' added to '%s'", low + n - 5,
                  t->name);
    }
}

/* How convincing one edit from t to c is, and what it is (into why).
 * A transposition is the commonest slip.  A letter added at the end
 * (colord, sqlglotc, is-regexp, cookies) is how many genuine pairs differ,
 * unless it doubles the last one (numpyy); so is a plural "s" dropped.
 * In names of five letters one edit often makes another word (tools,
 * toolz). */
static int edit1_adjust(const char *c, size_t n, const char *t, size_t m, char *why,
                        size_t whylen)
{
    typosquat_edit_why(c, n, t, m, why, whylen);
    if (strncmp(why, "trans", 5) == 0)
        return 5;
    int adjust = (n > m ? n : m) <= EDIT1_SHORT_LEN ? -5 : 0;
    if (typosquat_edit_far_substitution(c, n, t, m))
        adjust += principle_table[P_FAR_SUBSTITUTION].adjust;
    bool appended = n == m + 1 && memcmp(c, t, m) == 0 && c[n - 1] != c[n - 2];
    bool plural_dropped = m == n + 1 && memcmp(c, t, n) == 0 && t[m - 1] == 's' &&
                          t[m - 2] != 's';
    return adjust + (appended || plural_dropped ? -10 : 0);
}

static void rule_edit(struct query *q)
{
    size_t n = q->f->low_len;
    if (n < EDIT1_MIN_LEN || n > EDIT_MAX_LEN)
        return;
    uint32_t *ids;
    size_t nids = typosquat_edit_candidates(&q->idx->del, q->f->low, n,
                                            n >= EDIT2_NAME_MIN_LEN ? 2 : 1,
                                            (uint32_t)q->limit, &ids);
    for (size_t i = 0; i < nids; i++) {
        const struct entry *t = &q->idx->names[ids[i]];
        size_t m = strlen(t->low);
        size_t limit = m >= EDIT2_TARGET_MIN_LEN && n >= EDIT2_NAME_MIN_LEN ? 2 : 1;
        size_t d = typosquat_edit_distance(q->f->low, n, t->low, m, limit);
        if (d == 0 || d > limit || m < EDIT1_MIN_LEN ||
            typosquat_edit_is_family(q->f->low, n, t->low, m, d))
            continue;
        if (d == 1) {
            char why[64];
            int adjust = edit1_adjust(q->f->low, n, t->low, m, why, sizeof(why));
            offer(q, TYPOSQUAT_EDIT1, ids[i], adjust,
                  "one letter from '%s' (%s)", t->name, why);
        } else {
            offer(q, TYPOSQUAT_EDIT2, ids[i], 0, "two letters from '%s'",
                  t->name);
        }
    }
    free(ids);
}

static bool lookup_norm(const struct typosquat_index *idx, const char *norm,
                        uint32_t *id)
{
    size_t pos = SIZE_MAX;
    bool found = false;
    for (const struct mm_entry *e; (e = mm_next(&idx->by_norm, hash_str(norm), &pos));)
        if (strcmp(idx->names[e->id].norm, norm) == 0 && (!found || e->id < *id)) {
            *id = e->id;
            found = true;
        }
    return found;
}

static void run_rules(struct query *q)
{
    rule_separator(q);
    rule_homoglyph(q);
    rule_swapped(q);
    rule_affix(q);
    rule_digits(q);
    rule_year(q);
    rule_edit(q);
}

/* True when a popular name other than the candidate lives in scope
 * low[0..len), "@babel" say: only the scope's owners can publish there. */
static bool scope_trusted(const struct query *q, const char *low, size_t len)
{
    size_t pos = SIZE_MAX;
    for (const struct mm_entry *e;
         (e = mm_next(&q->idx->by_scope, hash_bytes(low, len), &pos));) {
        const char *t = q->idx->names[e->id].low;
        if (strcmp(q->idx->names[e->id].norm, q->f->norm) != 0 &&
            strncmp(t, low, len) == 0 && t[len] == '/')
            return true;
    }
    return false;
}

/* npm "@other/lodash" copies "lodash".  The part after a scope is compared
 * exactly, not by the fuzzy rules: it is never typed without its scope, so
 * "@pinojs/redact" is no typo of "react", and every organisation has its own
 * "utils" and "core". */
static void rule_scope(struct query *q, const char *name, size_t scope_len)
{
    struct forms bare;
    uint32_t id;
    if (make_forms(q->idx->eco, strchr(name, '/') + 1, &bare) &&
        lookup_norm(q->idx, bare.norm, &id) && !q->idx->names[id].scoped)
        offer(q, TYPOSQUAT_SCOPE, id, 0, "'%.*s' scope added to '%s'",
              (int)scope_len, q->f->low, q->idx->names[id].name);
}

/* How many edits a scope of this many letters may differ by and still
 * imitate: short scopes are often one letter apart on their own (@aws-sdk,
 * @aws-cdk). */
static size_t scope_edits_allowed(size_t len)
{
    return len >= SCOPE_EDIT2_MIN_LEN ? 2 : len >= SCOPE_EDIT1_MIN_LEN ? 1 : 0;
}

/* True when word[0..n) is one that imitations add to a scope: an npm or
 * every-ecosystem suffix of affix_table, or one of scope_word_table. */
static bool scope_word(const char *word, size_t n)
{
    for (size_t a = 0; a < COUNT(affix_table); a++) {
        const struct affix *ax = &affix_table[a];
        if (!ax->prefix && affix_applies(ax, ECO_NPM) && strlen(ax->text) == n &&
            memcmp(ax->text, word, n) == 0)
            return true;
    }
    for (size_t i = 0; i < COUNT(scope_word_table); i++)
        if (strlen(scope_word_table[i]) == n && memcmp(scope_word_table[i], word, n) == 0)
            return true;
    return false;
}

/* True when scope letters c imitate popular scope sc: the same letters
 * spelt with other separators, a word of scope_word ("@typescript-eslint-dev")
 * added at the end, or a few edits that keep its first letter (a reader
 * anchors on it, as with names: @mintlify is no typo of @intlify). */
static bool scope_imitates(const char *c, size_t n, const struct scope *sc)
{
    size_t m = sc->skel_len;
    if (m < SCOPE_EDIT1_MIN_LEN)
        return n == m && memcmp(c, sc->skel, n) == 0;
    if (n > m && memcmp(c, sc->skel, m) == 0 && scope_word(c + m, n - m))
        return true;
    size_t limit = scope_edits_allowed(m);
    return n > 0 && c[0] == sc->skel[0] &&
           typosquat_edit_distance(c, n, sc->skel, m, limit) <= limit;
}

/* "@typescript_eslinter/parser" for "@typescript-eslint/parser": a scope
 * no popular package lives in, imitating one many do.  The target is the
 * same name in the real scope when popular, else the scope's first. */
static void rule_scope_lookalike(struct query *q, const char *name, size_t scope_len)
{
    char c[NAME_MAX_LEN + 1], full[NAME_MAX_LEN * 2 + 2];
    size_t n = scope_skel(q->f->low, scope_len, c);
    const char *rest = strchr(name, '/') + 1;
    for (size_t i = 0; i < q->idx->n_scopes; i++) {
        const struct scope *sc = &q->idx->scopes[i];
        if (!scope_imitates(c, n, sc))
            continue;
        snprintf(full, sizeof(full), "%s/%s", sc->low, rest);
        struct forms tf;
        uint32_t id = sc->first;
        if (make_forms(q->idx->eco, full, &tf))
            lookup_norm(q->idx, tf.norm, &id);
        offer(q, TYPOSQUAT_SCOPE_LOOKALIKE, id, 0, "scope '%.*s' imitates '%s'",
              (int)scope_len, q->f->low, sc->low);
    }
}

/* How many popular names start with the part low[0..len) and a
 * separator, up to COMBINED_HOST_PLUGINS. */
static size_t plugins_of(const struct typosquat_index *idx, const char *low, size_t len)
{
    size_t k = 0, pos = SIZE_MAX;
    for (const struct mm_entry *e; k < COMBINED_HOST_PLUGINS &&
                                   (e = mm_next(&idx->by_first, hash_bytes(low, len), &pos));)
        k += strncmp(idx->names[e->id].low, low, len) == 0 &&
             is_sep(idx->names[e->id].low[len]);
    return k;
}

/* "numpy-pandas": two of the most popular names joined.  A host of
 * plugins (django-*, pytest-*) joined to another name is how genuine
 * plugins are named, so it does not count; nor on Hex, where a package
 * named for two others (absinthe_plug, cowboy_telemetry) is the norm. */
static void rule_combined(struct query *q)
{
    const char *low = q->f->low;
    size_t a = strcspn(low, "-_.");
    if (q->idx->eco == ECO_HEX || q->f->nparts != 2 || low[0] == '@' ||
        a < COMBINED_PART_MIN_LEN ||
        q->f->low_len - a - 1 < COMBINED_PART_MIN_LEN)
        return;
    struct forms fa, fb;
    char first[NAME_MAX_LEN + 1];
    snprintf(first, sizeof(first), "%.*s", (int)a, low);
    uint32_t ia, ib;
    if (!make_forms(q->idx->eco, first, &fa) || !make_forms(q->idx->eco, low + a + 1, &fb) ||
        !lookup_norm(q->idx, fa.norm, &ia) || !lookup_norm(q->idx, fb.norm, &ib) ||
        ia >= COMBINED_TOP || ib >= COMBINED_TOP ||
        plugins_of(q->idx, low, a) >= COMBINED_HOST_PLUGINS)
        return;
    offer(q, TYPOSQUAT_COMBINED, ia, 0, "'%s' and '%s' joined", q->idx->names[ia].name,
          q->idx->names[ib].name);
}

static bool check(const struct typosquat_index *idx, const char *name,
                  bool peers, struct typosquat_hit *out)
{
    struct forms f;
    memset(out, 0, sizeof(*out));
    if (!idx || !name || !make_forms(idx->eco, name, &f) || !f.skel_len)
        return false;
    struct query q = {idx, &f, idx->n, false, {0}, NULL, 0};
    uint32_t self;
    if (lookup_norm(idx, f.norm, &self)) {
        bool whole = list_is_whole_registry(idx->eco);
        if (!peers && !whole)
            return false;
        q.limit = self;
        if (!peers) {
            q.self = &idx->names[self];
            q.self_rank = self;
        }
    }
    const char *slash = f.low[0] == '@' ? strchr(f.low, '/') : NULL;
    size_t scope_len = slash ? (size_t)(slash - f.low) : 0;
    if (idx->eco == ECO_NPM && slash && scope_trusted(&q, f.low, scope_len))
        return false;   /* published by the owner of popular packages */
    run_rules(&q);
    rule_combined(&q);
    if (idx->eco == ECO_NPM && slash && strchr(name, '/')) {
        rule_scope(&q, name, scope_len);
        rule_scope_lookalike(&q, name, scope_len);
    }
    if (q.found)
        *out = q.best;
    return q.found;
}

bool typosquat_comparable_use(const struct typosquat_hit *h, int64_t monthly,
                              int64_t dependents)
{
    if (dependents >= TYPOSQUAT_USED_DEPENDENTS)
        return true;
    if (monthly < 0)
        return false;
    if (h->target_monthly < 0)
        return monthly >= TYPOSQUAT_USED_MONTHLY;
    return monthly >= h->target_monthly / TYPOSQUAT_USE_RATIO;
}

bool typosquat_check(const struct typosquat_index *idx, const char *name,
                     struct typosquat_hit *out)
{
    return check(idx, name, false, out);
}

bool typosquat_check_peers(const struct typosquat_index *idx, const char *name,
                           struct typosquat_hit *out)
{
    return check(idx, name, true, out);
}
