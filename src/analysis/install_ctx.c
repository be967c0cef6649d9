/* Install- and compile-time files: by name, and named by the manifests. */
#include "depvet/analysis/install_ctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/json.h"
#include "depvet/core/vec.h"
#include "depvet/core/xmalloc.h"

struct install_ctx {
    VEC(char *) paths;   /* named by manifests (owned) */
};

/* Files that run at install or compile time by their name alone. */
static const char *const install_name_table[] = {
    "setup.py", "package.json", "mix.exs", "rebar.config", "rebar.config.script", NULL,
};

/* package.json scripts npm runs when the package is installed. */
static const char *const lifecycle_table[] = {"preinstall", "install", "postinstall", NULL};

/* A word ending so names a script that runs as it is. */
static const char *const script_ext_table[] = {
    ".js", ".cjs", ".mjs", ".sh", ".bash", ".py", ".pl", ".rb", ".escript", ".exs", NULL,
};

/* Commands whose next word is the script they run. */
static const char *const runner_table[] = {
    "node", "sh", "bash", "python", "python3", "escript", "elixir", "perl", "ruby", NULL,
};

/* Names of the Makefile that make reads. */
static const char *const makefile_table[] = {"GNUmakefile", "makefile", "Makefile", NULL};

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* At the top or one folder down (an sdist's pkg-1.0/, npm's package/). */
static bool near_top(const char *path)
{
    const char *slash = strchr(path, '/');
    return !slash || !strchr(slash + 1, '/');
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return n > m && memcmp(s + n - m, suffix, m) == 0;
}

static bool word_in(const char *w, size_t n, const char *const *table)
{
    for (unsigned i = 0; table[i]; i++)
        if (strlen(table[i]) == n && memcmp(w, table[i], n) == 0)
            return true;
    return false;
}

struct install_ctx *install_ctx_new(void)
{
    return xcalloc(1, sizeof(struct install_ctx));
}

void install_ctx_clear(struct install_ctx *c)
{
    for (size_t i = 0; i < c->paths.len; i++)
        free(c->paths.items[i]);
    c->paths.len = 0;
}

void install_ctx_free(struct install_ctx *c)
{
    if (!c)
        return;
    install_ctx_clear(c);
    VEC_FREE(&c->paths);
    free(c);
}

/* dir/rel+suffix, "./" dropped from rel. */
static void add_path(struct install_ctx *c, const char *dir, const char *rel, size_t n,
                     const char *suffix)
{
    while (n >= 2 && rel[0] == '.' && rel[1] == '/')
        rel += 2, n -= 2;
    if (!n)
        return;
    size_t size = strlen(dir) + n + strlen(suffix) + 2;
    char *p = xmalloc(size);
    snprintf(p, size, "%s%s%.*s%s", dir, *dir ? "/" : "", (int)n, rel, suffix);
    VEC_PUSH(&c->paths, p);
}

/* What one word of a command line runs, given the word before it. */
static void command_word(struct install_ctx *c, const char *dir, const char *w, size_t n,
                         const char *prev, size_t pn)
{
    bool runner = pn && word_in(prev, pn, runner_table);
    bool local = n > 2 && w[0] == '.' && (w[1] == '/' || w[1] == '.');
    bool ext = false;
    for (unsigned k = 0; script_ext_table[k]; k++)
        ext = ext || ends_with(w, n, script_ext_table[k]);
    if (pn == 2 && memcmp(prev, "-C", 2) == 0) {
        for (unsigned k = 0; makefile_table[k]; k++) {
            char sub[32];
            snprintf(sub, sizeof(sub), "/%s", makefile_table[k]);
            add_path(c, dir, w, n, sub);   /* make -C dir */
        }
    } else if (ext || (runner && w[0] != '-')) {
        add_path(c, dir, w, n, "");
        if (!ext && pn == 4 && memcmp(prev, "node", 4) == 0) {
            add_path(c, dir, w, n, ".js");
            add_path(c, dir, w, n, "/index.js");
        }
    } else if (local) {
        add_path(c, dir, w, n, "");   /* an executable: ./configure */
        add_path(c, dir, w, n, ".js");
        add_path(c, dir, w, n, "/index.js");
    } else if (n == 4 && memcmp(w, "make", 4) == 0) {
        for (unsigned k = 0; makefile_table[k]; k++)
            add_path(c, dir, makefile_table[k], strlen(makefile_table[k]), "");
    }
}

/* The files a command line runs: scripts by extension, what a runner
 * (node, sh, python...) is handed, local ./paths, require('./x'), the
 * Makefile of make and make -C dir. */
static void command_files(struct install_ctx *c, const char *dir, const char *s, size_t len)
{
    static const char sep[] = " \t\n\"'`();&|=<>{}";
    const char *prev = NULL, *end = s + len;
    size_t pn = 0;
    for (const char *p = s; p < end;) {
        size_t n = 0;
        while (p + n < end && !strchr(sep, p[n]))
            n++;
        if (!n) {
            p++;
            continue;
        }
        command_word(c, dir, p, n, prev, pn);
        prev = p;
        pn = n;
        p += n;
    }
}

static void package_json(struct install_ctx *c, const char *dir, const char *path,
                         const void *data, size_t len)
{
    struct diag d;
    diag_clear(&d);
    cJSON *root = json_parse(data, len, path, &d);
    const cJSON *scripts = root ? json_obj(root, "scripts") : NULL;
    for (unsigned i = 0; scripts && lifecycle_table[i]; i++) {
        const char *line = json_str(scripts, lifecycle_table[i]);
        if (line)
            command_files(c, dir, line, strlen(line));
    }
    cJSON_Delete(root);
}

/* Every "..." string of an Erlang or Elixir manifest as a command line
 * (hooks, aliases); :elixir_make builds with the top Makefile. */
static void beam_manifest(struct install_ctx *c, const char *dir, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%' || s[i] == '#') {
            while (i < len && s[i] != '\n')
                i++;   /* a comment (Erlang %, Elixir #) */
        } else if (s[i] == '"') {
            size_t e = i + 1;
            while (e < len && s[e] != '"')
                e += s[e] == '\\' ? 2 : 1;
            command_files(c, dir, s + i + 1, (e < len ? e : len) - i - 1);
            i = e;
        }
    }
    static const char make[] = ":elixir_make";
    for (size_t i = 0; i + sizeof(make) - 1 <= len; i++)
        if (memcmp(s + i, make, sizeof(make) - 1) == 0) {
            command_files(c, dir, "make", 4);
            break;
        }
}

static bool module_byte(char ch)
{
    unsigned char c = (unsigned char)ch;
    return c == '_' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* Module-level imports of setup.py from its own folder: import a.b and
 * from a.b import x run a/b.py (or a/b/__init__.py) at install time. */
static void setup_py(struct install_ctx *c, const char *dir, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) : len, k = i;
        size_t skip = e - i > 5 && memcmp(s + i, "from ", 5) == 0     ? 5
                      : e - i > 7 && memcmp(s + i, "import ", 7) == 0 ? 7
                                                                       : 0;
        for (k = i + skip; skip && k < e && s[k] == ' '; k++)
            ;
        size_t m = k;
        while (skip && m < e && module_byte(s[m]))
            m++;
        if (m > k && s[k] != '.') {
            char mod[256];
            size_t n = m - k < sizeof(mod) ? m - k : sizeof(mod) - 1;
            for (size_t j = 0; j < n; j++)
                mod[j] = s[k + j] == '.' ? '/' : s[k + j];
            add_path(c, dir, mod, n, ".py");
            add_path(c, dir, mod, n, "/__init__.py");
        }
        i = e + 1;
    }
}

bool install_ctx_is_manifest(const char *path)
{
    return near_top(path) && word_in(base_name(path), strlen(base_name(path)),
                                     install_name_table);
}

void install_ctx_manifest(struct install_ctx *c, const char *path, const void *data,
                          size_t len)
{
    if (!install_ctx_is_manifest(path) || !data)
        return;
    const char *base = base_name(path);
    char *dir = xstrdup(path);
    dir[base > path ? (size_t)(base - path) - 1 : 0] = '\0';   /* "" at the top */
    if (strcmp(base, "package.json") == 0)
        package_json(c, dir, path, data, len);
    else if (strcmp(base, "setup.py") == 0)
        setup_py(c, dir, data, len);
    else
        beam_manifest(c, dir, data, len);
    free(dir);
}

bool install_ctx_has(const struct install_ctx *c, const char *path)
{
    if (install_ctx_is_manifest(path) || ends_with(path, strlen(path), ".pth"))
        return true;
    for (size_t i = 0; c && i < c->paths.len; i++)
        if (strcmp(c->paths.items[i], path) == 0)
            return true;
    return false;
}
