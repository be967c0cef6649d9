/* Typosquat rules: hand-made true and false positives per rule, hostile
 * names, and a 10,000-name index checked against 5,000 names. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/typosquat.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const pypi_popular[] = {
    "requests", "request", "numpy", "numba", "python-dateutil", "ssl-utils",
    "typing-extensions", "setuptools", "scikit-learn", "urllib3", "six",
    "toml", "django", "jellyfish", "click", "pytest-cov", "boto", "boto3",
};

static const char *const npm_popular[] = {
    "lodash", "react", "preact", "cross-env", "@types/node", "@babel/core",
    "@babel/cli", "JSONStream", "mocha", "express", "d3", "@typescript-eslint/parser",
    "@emotion/styled", "@typescript-eslint/utils",
};

static const char *const hex_popular[] = {
    "jason", "phoenix", "phoenix_html", "plug_cowboy", "ecto",
};

struct rule_case {
    enum ecosystem eco;
    const char *name;
    enum typosquat_reason reason;   /* TYPOSQUAT_NONE: must not be flagged */
    const char *target;
    const char *why;                /* expected text, or NULL */
};

static const struct rule_case rule_case_table[] = {
    {ECO_PYPI, "reqeusts", TYPOSQUAT_EDIT1, "requests",
     "one letter from 'requests' (transposed 'eu')"},
    {ECO_PYPI, "requestss", TYPOSQUAT_EDIT1, "requests",
     "one letter from 'requests' (doubled 's')"},
    {ECO_PYPI, "0requests", TYPOSQUAT_EDIT1, "requests",
     "one letter from 'requests' (extra '0')"},
    {ECO_PYPI, "djang", TYPOSQUAT_EDIT1, "django",
     "one letter from 'django' (missing 'o')"},
    {ECO_PYPI, "nunpy", TYPOSQUAT_EDIT1, "numpy",
     "one letter from 'numpy' ('n' for 'm', the next key)"},
    {ECO_PYPI, "scikt-lern", TYPOSQUAT_EDIT2, "scikit-learn",
     "two letters from 'scikit-learn'"},
    {ECO_PYPI, "typingextensions", TYPOSQUAT_SEPARATOR, "typing-extensions",
     "separator confusion with 'typing-extensions'"},
    {ECO_PYPI, "setup-tools", TYPOSQUAT_SEPARATOR, "setuptools", NULL},
    {ECO_PYPI, "jeIlyfish", TYPOSQUAT_HOMOGLYPH, "jellyfish",
     "homoglyph of 'jellyfish' (i for l)"},
    {ECO_PYPI, "c1ick", TYPOSQUAT_HOMOGLYPH, "click",
     "homoglyph of 'click' (1 for l)"},
    {ECO_PYPI, "dateutil", TYPOSQUAT_AFFIX, "python-dateutil",
     "'python-' prefix removed from 'python-dateutil'"},
    {ECO_PYPI, "python3-dateutil", TYPOSQUAT_AFFIX, "python-dateutil",
     "'python3-' prefix in place of 'python-' in 'python-dateutil'"},
    {ECO_PYPI, "python-requests", TYPOSQUAT_AFFIX, "requests",
     "'python-' prefix added to 'requests'"},
    {ECO_PYPI, "numpy-py", TYPOSQUAT_AFFIX, "numpy",
     "'-py' suffix added to 'numpy'"},
    {ECO_PYPI, "utils-ssl", TYPOSQUAT_SWAPPED, "ssl-utils",
     "swapped name parts of 'ssl-utils'"},
    /* issue 16's shapes */
    {ECO_PYPI, "requests2", TYPOSQUAT_DIGITS, "requests", "'2' appended to 'requests'"},
    {ECO_PYPI, "urllib33", TYPOSQUAT_DIGITS, "urllib3",
     "'3' appended to 'urllib3' (its last digit doubled)"},
    {ECO_PYPI, "boto33", TYPOSQUAT_DIGITS, "boto3", NULL},
    {ECO_PYPI, "boto4", TYPOSQUAT_NONE, NULL, NULL},   /* a numbered family */
    {ECO_PYPI, "requests-proxies", TYPOSQUAT_AFFIX, "requests",
     "'-proxies' suffix added to 'requests'"},
    {ECO_PYPI, "fast-django", TYPOSQUAT_AFFIX, "django", "'fast-' prefix added to 'django'"},
    {ECO_PYPI, "fastdjango", TYPOSQUAT_NONE, NULL, NULL},   /* word glued on */
    {ECO_PYPI, "django-2024", TYPOSQUAT_AFFIX, "django", "year '-2024' added to 'django'"},
    {ECO_PYPI, "settuptool", TYPOSQUAT_EDIT2, "setuptools", "two letters from 'setuptools'"},
    {ECO_PYPI, "ejllyfish", TYPOSQUAT_EDIT1, "jellyfish",
     "one letter from 'jellyfish' (transposed 'ej')"},
    {ECO_PYPI, "pytest-csv", TYPOSQUAT_NONE, NULL, NULL},   /* a short part */
    {ECO_PYPI, "eequests", TYPOSQUAT_EDIT1, "requests",
     "one letter from 'requests' ('e' for 'r', the next key)"},
    {ECO_PYPI, "pequests", TYPOSQUAT_NONE, NULL, NULL},   /* first letter, far key */
    {ECO_PYPI, "numpy-click", TYPOSQUAT_COMBINED, "numpy", "'numpy' and 'click' joined"},
    /* popular names, however they are spelt, are not flagged */
    {ECO_PYPI, "requests", TYPOSQUAT_NONE, NULL, NULL},
    {ECO_PYPI, "request", TYPOSQUAT_NONE, NULL, NULL},
    {ECO_PYPI, "numba", TYPOSQUAT_NONE, NULL, NULL},
    {ECO_PYPI, "Typing_Extensions", TYPOSQUAT_NONE, NULL, NULL},
    {ECO_PYPI, "Python.DateUtil", TYPOSQUAT_NONE, NULL, NULL},
    /* short names are not compared by edit distance */
    {ECO_PYPI, "sux", TYPOSQUAT_NONE, NULL, NULL},
    {ECO_PYPI, "tomk", TYPOSQUAT_NONE, NULL, NULL},
    /* different packages, not typos */
    {ECO_PYPI, "numbers", TYPOSQUAT_NONE, NULL, NULL},
    {ECO_PYPI, "urllib", TYPOSQUAT_NONE, NULL, NULL},   /* version family */
    {ECO_PYPI, "pyarrow", TYPOSQUAT_NONE, NULL, NULL},
    {ECO_PYPI, "fjango", TYPOSQUAT_NONE, NULL, NULL},   /* first letter */
    {ECO_NPM, "1odash", TYPOSQUAT_HOMOGLYPH, "lodash",
     "homoglyph of 'lodash' (1 for l)"},
    {ECO_NPM, "rnocha", TYPOSQUAT_HOMOGLYPH, "mocha",
     "homoglyph of 'mocha' (rn for m)"},
    {ECO_NPM, "crossenv", TYPOSQUAT_SEPARATOR, "cross-env",
     "separator confusion with 'cross-env'"},
    {ECO_NPM, "babel-cli", TYPOSQUAT_SEPARATOR, "@babel/cli", NULL},
    {ECO_NPM, "jsonstream", TYPOSQUAT_SEPARATOR, "JSONStream",
     "case confusion with 'JSONStream'"},
    {ECO_NPM, "d3.js", TYPOSQUAT_AFFIX, "d3", "'.js' suffix added to 'd3'"},
    {ECO_NPM, "node-express", TYPOSQUAT_AFFIX, "express",
     "'node-' prefix added to 'express'"},
    {ECO_NPM, "env-cross", TYPOSQUAT_SWAPPED, "cross-env", NULL},
    {ECO_NPM, "lodahs", TYPOSQUAT_EDIT1, "lodash",
     "one letter from 'lodash' (transposed 'hs')"},
    {ECO_NPM, "-lodash", TYPOSQUAT_SEPARATOR, "lodash", NULL},
    {ECO_NPM, "@evil/lodash", TYPOSQUAT_SCOPE, "lodash",
     "'@evil' scope added to 'lodash'"},
    {ECO_NPM, "@evil/lodahs", TYPOSQUAT_NONE, NULL, NULL},  /* bare part exact */
    {ECO_NPM, "@babe1/core", TYPOSQUAT_HOMOGLYPH, "@babel/core", NULL},
    {ECO_NPM, "@typescript_eslinter/parser", TYPOSQUAT_SCOPE_LOOKALIKE,
     "@typescript-eslint/parser", "scope '@typescript_eslinter' imitates '@typescript-eslint'"},
    {ECO_NPM, "@typescript-eslint-dev/eslint-plugin", TYPOSQUAT_SCOPE_LOOKALIKE,
     "@typescript-eslint/parser", NULL},
    {ECO_NPM, "@typescript_eslint/utils", TYPOSQUAT_SEPARATOR,
     "@typescript-eslint/utils", NULL},
    {ECO_NPM, "@emotion/react", TYPOSQUAT_NONE, NULL, NULL},  /* a well-known scope */
    {ECO_NPM, "@babel/react", TYPOSQUAT_NONE, NULL, NULL},
    {ECO_NPM, "react", TYPOSQUAT_NONE, NULL, NULL},
    {ECO_NPM, "preact", TYPOSQUAT_NONE, NULL, NULL},
    {ECO_NPM, "@types/lodash", TYPOSQUAT_NONE, NULL, NULL},  /* owned scope */
    {ECO_NPM, "@babel/cl1", TYPOSQUAT_NONE, NULL, NULL},
    {ECO_NPM, "lodash", TYPOSQUAT_NONE, NULL, NULL},
    {ECO_HEX, "phoenix_htm1", TYPOSQUAT_HOMOGLYPH, "phoenix_html", NULL},
    {ECO_HEX, "ex_phoenix", TYPOSQUAT_AFFIX, "phoenix",
     "'ex_' prefix added to 'phoenix'"},
    {ECO_HEX, "plug-cowboy", TYPOSQUAT_SEPARATOR, "plug_cowboy", NULL},
    {ECO_HEX, "cowboy_plug", TYPOSQUAT_SWAPPED, "plug_cowboy", NULL},
    {ECO_HEX, "Phoenix", TYPOSQUAT_NONE, NULL, NULL},
    {ECO_HEX, "ecta", TYPOSQUAT_NONE, NULL, NULL},
};

static struct typosquat_index *index_for(enum ecosystem eco)
{
    switch (eco) {
    case ECO_PYPI: return typosquat_index_new(eco, pypi_popular, N(pypi_popular));
    case ECO_NPM: return typosquat_index_new(eco, npm_popular, N(npm_popular));
    default: return typosquat_index_new(eco, hex_popular, N(hex_popular));
    }
}

Test(typosquat, rule_cases)
{
    for (size_t i = 0; i < N(rule_case_table); i++) {
        const struct rule_case *c = &rule_case_table[i];
        struct typosquat_index *idx = index_for(c->eco);
        struct typosquat_hit hit;
        bool flagged = typosquat_check(idx, c->name, &hit);
        cr_expect_eq(flagged, c->reason != TYPOSQUAT_NONE, "%s: flagged=%d (%s)",
                     c->name, flagged, hit.why);
        if (flagged && c->reason != TYPOSQUAT_NONE) {
            cr_expect_eq(hit.reason, c->reason, "%s: reason %s, want %s", c->name,
                         typosquat_reason_name(hit.reason),
                         typosquat_reason_name(c->reason));
            cr_expect_str_eq(hit.target, c->target, "%s", c->name);
            if (c->why)
                cr_expect_str_eq(hit.why, c->why, "%s", c->name);
            cr_expect(hit.score >= 1 && hit.score <= 100, "%s", c->name);
        }
        typosquat_index_free(idx);
    }
}

/* The finding says what was done to the name in words, never a rule
 * name and a score. */
Test(typosquat, hit_in_words)
{
    static const struct {
        enum ecosystem eco;
        const char *name, *words;
    } word_case_table[] = {
        {ECO_PYPI, "reqeusts", "two letters swapped: reqeusts / requests"},
        {ECO_PYPI, "Reqeusts", "two letters swapped: Reqeusts / requests"},
        {ECO_PYPI, "requestss", "one letter doubled: requestss / requests"},
        {ECO_PYPI, "requsts", "one letter left out: requsts / requests"},
        {ECO_PYPI, "reqxests", "one letter changed: reqxests / requests"},
        {ECO_NPM, "lodashs", "one letter added: lodashs / lodash"},
        {ECO_NPM, "1odash", "look-alike letters in place of the real ones: 1odash / lodash"},
        {ECO_NPM, "@evil/react", "the popular name under another scope: @evil/react / react"},
    };
    for (size_t i = 0; i < N(word_case_table); i++) {
        struct typosquat_index *idx = index_for(word_case_table[i].eco);
        struct typosquat_hit hit;
        char words[256];
        cr_assert(typosquat_check(idx, word_case_table[i].name, &hit), "%s",
                  word_case_table[i].name);
        typosquat_hit_words(&hit, word_case_table[i].name, words, sizeof(words));
        cr_expect_str_eq(words, word_case_table[i].words);
        typosquat_index_free(idx);
    }
}

Test(typosquat, peers_only_look_up)
{
    /* "request" is popular, so it is never flagged; as a peer it resembles
     * the more popular "requests", and "requests" resembles nothing above. */
    struct typosquat_index *idx = index_for(ECO_PYPI);
    struct typosquat_hit hit;
    cr_expect_not(typosquat_check(idx, "request", &hit));
    cr_expect(typosquat_check_peers(idx, "request", &hit));
    cr_expect_str_eq(hit.target, "requests");
    cr_expect_not(typosquat_check_peers(idx, "requests", &hit));
    cr_expect_not(typosquat_check_peers(idx, "numba", &hit));
    cr_expect(typosquat_check_peers(idx, "reqeusts", &hit));
    typosquat_index_free(idx);
}

Test(typosquat, score_prefers_stronger_rule)
{
    struct typosquat_index *idx = index_for(ECO_NPM);
    struct typosquat_hit a, b;
    cr_assert(typosquat_check(idx, "1odash", &a));
    cr_assert(typosquat_check(idx, "lodash-js", &b));
    cr_expect_gt(a.score, b.score);
    cr_expect_str_eq(typosquat_reason_name(a.reason), "homoglyph");
    /* a plural s is weaker than a transposition */
    cr_assert(typosquat_check(idx, "lodashs", &a));
    cr_assert(typosquat_check(idx, "lodahs", &b));
    cr_expect_lt(a.score, b.score);
    cr_expect_str_eq(a.why, "one letter from 'lodash' (extra 's')");
    /* a copy under a new scope is a weak sign */
    cr_assert(typosquat_check(idx, "@evil/react", &a));
    cr_assert(typosquat_check(idx, "crossenv", &b));
    cr_expect_lt(a.score, b.score);
    typosquat_index_free(idx);
}

Test(typosquat, hostile_input)
{
    const char *const weird[] = {
        NULL, "--hiljson", "", "-", "@", "@/", "@x/", "/", "@scope/name/extra",
        "\xff\xfe\x80", "a\x01" "b", "___---...", "rn", "\xc3\xa9requests",
    };
    char huge[400];
    memset(huge, 'a', sizeof(huge) - 1);
    huge[sizeof(huge) - 1] = '\0';
    char long_ok[200];
    memset(long_ok, 'b', sizeof(long_ok) - 1);
    long_ok[sizeof(long_ok) - 1] = '\0';
    const char *const popular[] = {NULL, "", huge, long_ok, "lodash", "a\x01" "b"};
    struct typosquat_index *idx = typosquat_index_new(ECO_NPM, popular, N(popular));
    struct typosquat_hit hit;
    for (size_t i = 0; i < N(weird); i++)
        cr_expect_not(typosquat_check(idx, weird[i], &hit), "%zu", i);
    cr_expect_not(typosquat_check(idx, huge, &hit));
    cr_expect_not(typosquat_check(idx, long_ok, &hit));
    cr_expect(typosquat_check(idx, "lodahs", &hit));
    cr_expect_not(typosquat_check(NULL, "lodahs", &hit));
    typosquat_index_free(idx);
    typosquat_index_free(NULL);
    idx = typosquat_index_new(ECO_PYPI, NULL, 0);
    cr_expect_not(typosquat_check(idx, "requests", &hit));
    typosquat_index_free(idx);
}

/* Deterministic pronounceable names: syllables picked by an LCG. */
static void synth_name(unsigned long i, char *out, size_t len)
{
    static const char *const syl[] = {
        "ka", "lo", "mi", "nu", "re", "sa", "to", "ve", "wy", "zo", "pra", "qui",
        "ster", "bon", "dex", "fla", "gri", "hop", "jul", "mar",
    };
    unsigned long x = i * 2654435761ul + 12345;
    size_t o = 0;
    int parts = 3 + (int)(x % 3);
    for (int p = 0; p < parts && o + 5 < len; p++) {
        x = x * 6364136223846793005ul + 1442695040888963407ul;
        const char *s = syl[(x >> 33) % N(syl)];
        o += (size_t)snprintf(out + o, len - o, "%s", s);
        if (p == 1 && (x >> 40) % 4 == 0)
            out[o++] = '-';
    }
    snprintf(out + o, len - o, "%lu", i % 7 == 0 ? i : 0ul);
    if (i % 7 != 0)
        out[o] = '\0';
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

Test(typosquat, synthetic_10k_index_5k_checks)
{
    enum { POP = 10000, CHECKS = 5000 };
    char (*names)[48] = calloc(POP, sizeof(*names));
    const char **popular = calloc(POP, sizeof(*popular));
    cr_assert(names && popular);
    for (unsigned long i = 0; i < POP; i++) {
        synth_name(i, names[i], sizeof(names[i]));
        popular[i] = names[i];
    }
    const char **sorted = calloc(POP, sizeof(*sorted));
    cr_assert(sorted);
    memcpy(sorted, popular, POP * sizeof(*sorted));
    qsort(sorted, POP, sizeof(*sorted), cmp_name);
    struct typosquat_index *idx = typosquat_index_new(ECO_PYPI, popular, POP);
    struct typosquat_hit hit;
    size_t self_flagged = 0, missed = 0, mutated = 0, other_target = 0;
    for (size_t k = 0; k < CHECKS; k++) {
        size_t i = (k * 7919) % POP;
        if (k % 2 == 0) {
            self_flagged += typosquat_check(idx, names[i], &hit);
            continue;
        }
        /* swap two different interior letters: a transposition typo */
        char m[48];
        snprintf(m, sizeof(m), "%s", names[i]);
        size_t n = strlen(m), at = 2;
        while (at + 2 < n && (m[at] == m[at + 1] || m[at] == '-' || m[at + 1] == '-'))
            at++;
        if (at + 2 >= n)
            continue;
        char t = m[at];
        m[at] = m[at + 1];
        m[at + 1] = t;
        const char *key = m;
        if (bsearch(&key, sorted, POP, sizeof(*sorted), cmp_name))
            continue;   /* the mutation happens to be another popular name */
        mutated++;
        if (!typosquat_check(idx, m, &hit))
            missed++;
        else if (strcmp(hit.target, names[i]) != 0)
            other_target++;
    }
    cr_expect_eq(self_flagged, 0, "popular names flagged: %zu", self_flagged);
    cr_expect_gt(mutated, CHECKS / 3);
    cr_expect_eq(missed, 0, "missed %zu of %zu transpositions", missed, mutated);
    cr_expect_lt(other_target * 100, mutated, "%zu of %zu matched another name",
                 other_target, mutated);
    typosquat_index_free(idx);
    free(sorted);
    free(popular);
    free(names);
}

/* Popularity decides: a look-alike used about as much as its target is a
 * package of its own; one far less used is a candidate. */
Test(typosquat, comparable_use_is_no_squat)
{
    const char *const names[] = {"uvicorn", "sympy"};
    const int64_t monthly[] = {90000000, -1};
    struct typosquat_index *idx = typosquat_index_new_counted(ECO_PYPI, names, monthly, 2);
    struct typosquat_hit hit;
    cr_assert(typosquat_check(idx, "unicorn", &hit));
    cr_expect_eq(hit.target_monthly, 90000000);
    cr_expect(typosquat_comparable_use(&hit, 2000000, -1), "a 45th of uvicorn's use");
    cr_expect_not(typosquat_comparable_use(&hit, 300, -1), "a few hundred downloads");
    cr_expect_not(typosquat_comparable_use(&hit, -1, -1), "nothing known");
    cr_expect(typosquat_comparable_use(&hit, 300, 80), "depended on by 80 packages");
    cr_assert(typosquat_check(idx, "sympyy", &hit));
    cr_expect_eq(hit.target_monthly, -1);
    cr_expect(typosquat_comparable_use(&hit, 500000, -1), "target unknown: absolute use");
    cr_expect_not(typosquat_comparable_use(&hit, 5000, -1));
    typosquat_index_free(idx);
}

struct score_case {
    enum ecosystem eco;
    const char *name, *target;
    bool high;   /* reported high, else medium */
};

/* Each case: flagged against target, at high or at medium. */
static void expect_scores(const char *const *popular, size_t n, enum ecosystem eco,
                          const struct score_case *c, size_t nc)
{
    struct typosquat_index *idx = typosquat_index_new(eco, popular, n);
    for (size_t i = 0; i < nc; i++) {
        struct typosquat_hit hit;
        cr_assert(typosquat_check(idx, c[i].name, &hit), "%s", c[i].name);
        cr_expect_str_eq(hit.target, c[i].target, "%s", c[i].name);
        cr_expect_eq(hit.score >= TYPOSQUAT_HIGH_SCORE, c[i].high, "%s: score %d (%s)",
                     c[i].name, hit.score, hit.why);
    }
    typosquat_index_free(idx);
}

/* npm (2018) and PyPI (2021) refuse a new name equal to an existing one
 * once separators and case (on PyPI also l/i/1 and o/0) are folded: a
 * variant that exists was published before the rule, beside the popular
 * name, so it is reported medium; Hex has no such rule, and npm's covers
 * unscoped names only. */
Test(typosquat, registry_refused_variant_is_medium)
{
    static const char *const npm[] = {"sass", "word-wrap", "node-sass", "@typescript-eslint/utils"};
    static const struct score_case npm_cases[] = {
        {ECO_NPM, "wordwrap", "word-wrap", false},
        {ECO_NPM, "Word_Wrap", "word-wrap", false},
        {ECO_NPM, "nodesass", "node-sass", false},   /* not the sass of its affix rule */
        {ECO_NPM, "@typescript_eslint/utils", "@typescript-eslint/utils", true},
    };
    expect_scores(npm, N(npm), ECO_NPM, npm_cases, N(npm_cases));
    static const char *const pypi[] = {"gitpython", "colorama", "requests"};
    static const struct score_case pypi_cases[] = {
        {ECO_PYPI, "git-python", "gitpython", false},
        {ECO_PYPI, "c0lorama", "colorama", false},   /* o and 0 folded by PyPI */
        {ECO_PYPI, "reqeusts", "requests", true},   /* a typo PyPI lets through */
    };
    expect_scores(pypi, N(pypi), ECO_PYPI, pypi_cases, N(pypi_cases));
    static const char *const hex[] = {"phoenix_html"};
    static const struct score_case hex_cases[] = {
        {ECO_HEX, "phoenixhtml", "phoenix_html", true},
    };
    expect_scores(hex, N(hex), ECO_HEX, hex_cases, N(hex_cases));
}

/* One letter put in place of another is a slip when the keys are
 * neighbours or the letters are spelt or seen for one another; any other
 * letter makes another word, reported medium. */
Test(typosquat, far_substitution_is_medium)
{
    static const char *const pypi[] = {"isodate", "uvicorn", "requests", "django",
                                       "pydantic", "sqlalchemy", "openpyxl", "numpy"};
    static const struct score_case cases[] = {
        {ECO_PYPI, "isolate", "isodate", false},
        {ECO_PYPI, "unicorn", "uvicorn", false},
        {ECO_PYPI, "requezts", "requests", true},    /* s and z */
        {ECO_PYPI, "djanga", "django", true},        /* a vowel for a vowel */
        {ECO_PYPI, "pydantik", "pydantic", true},    /* c and k */
        {ECO_PYPI, "sqlalchemi", "sqlalchemy", true}, /* i and y */
        {ECO_PYPI, "reauests", "requests", true},    /* the next key */
        {ECO_PYPI, "openpyxi", "openpyxl", false},   /* i for l, which PyPI folds */
    };
    expect_scores(pypi, N(pypi), ECO_PYPI, cases, N(cases));
}

/* A scope imitates a popular one by a word seen in imitations or by edits
 * that keep its first letter; another word makes the owner's second scope
 * or a community one. */
Test(typosquat, scope_lookalike_needs_a_squat_word)
{
    static const char *const npm[] = {"@angular/core", "@angular/common", "@nestjs/core",
                                      "@intlify/core", "@typescript-eslint/parser"};
    struct typosquat_index *idx = typosquat_index_new(ECO_NPM, npm, N(npm));
    static const char *const not_flagged[] = {"@angular-devkit/core", "@nestjs-modules/mailer",
                                              "@angularclass/hmr", "@mintlify/common"};
    struct typosquat_hit hit;
    for (size_t i = 0; i < N(not_flagged); i++)
        cr_expect_not(typosquat_check(idx, not_flagged[i], &hit), "%s: %s", not_flagged[i],
                      hit.why);
    static const char *const flagged[] = {"@angular-dev/core", "@angular-official/common",
                                          "@typescript-eslint-dev/parser", "@angulr/core"};
    for (size_t i = 0; i < N(flagged); i++) {
        cr_expect(typosquat_check(idx, flagged[i], &hit), "%s", flagged[i]);
        cr_expect_eq(hit.reason, TYPOSQUAT_SCOPE_LOOKALIKE, "%s", flagged[i]);
        cr_expect_geq(hit.score, TYPOSQUAT_HIGH_SCORE, "%s", flagged[i]);
    }
    typosquat_index_free(idx);
}

/* Hex's list is every package of the registry, so being on it proves
 * nothing: a listed name is checked against the names it is far less used
 * than (by the list's downloads, else by rank); PyPI's and npm's lists
 * are their registries' top, and a name on them is established. */
Test(typosquat, whole_registry_list_checks_listed_names)
{
    enum { FILLER = 300 };
    const char *names[FILLER + 3];
    int64_t monthly[FILLER + 3];
    char filler[FILLER][16];
    names[0] = "phoenix", monthly[0] = 3000000;
    names[1] = "phoenyx", monthly[1] = 2000000;
    for (int i = 0; i < FILLER; i++) {
        snprintf(filler[i], sizeof(filler[i]), "pkg%05d", i * 7919);
        names[i + 2] = filler[i], monthly[i + 2] = 1000;
    }
    names[FILLER + 2] = "phoneix", monthly[FILLER + 2] = 40;
    struct typosquat_index *idx = typosquat_index_new_counted(ECO_HEX, names, monthly, FILLER + 3);
    struct typosquat_hit hit;
    cr_expect(typosquat_check(idx, "phoneix", &hit), "listed, a 75,000th of phoenix's use");
    cr_expect_str_eq(hit.target, "phoenix");
    cr_expect_not(typosquat_check(idx, "phoenyx", &hit), "one letter away, used as much");
    typosquat_index_free(idx);
    /* without counts the rank decides: 300 places below is far enough */
    struct typosquat_index *ranked = typosquat_index_new(ECO_HEX, names, FILLER + 3);
    cr_expect(typosquat_check(ranked, "phoneix", &hit));
    typosquat_index_free(ranked);
    struct typosquat_index *pypi = typosquat_index_new(ECO_PYPI, names, FILLER + 3);
    cr_expect_not(typosquat_check(pypi, "phoneix", &hit), "on PyPI's top list: established");
    typosquat_index_free(pypi);
}
