/* imports.lock: reading, editing and writing the digests of the imports. */
#include "depvet/audit/imports_lock.h"

#include "audits_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "depvet/core/arena.h"
#include "depvet/core/fileio.h"
#include "depvet/core/strbuf.h"
#include "depvet/lock/toml.h"

static const char *const lock_head =
    "# depvet imports.lock: the SHA-256 of each import's content, written by depvet\n"
    "# check and review; a change here is a change in whose reviews count.  See\n"
    "# depvet-audits(5).\n";

void imports_lock_init(struct imports_lock *l)
{
    memset(l, 0, sizeof *l);
}

bool imports_lock_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (!n || n >= sizeof(((struct imports_lock_entry *)0)->name))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", name[i]))
            return false;
    return true;
}

static bool digest_ok(const char *s)
{
    if (strlen(s) != 64)
        return false;
    for (size_t i = 0; i < 64; i++)
        if (!strchr("0123456789abcdef", s[i]))
            return false;
    return true;
}

static bool url_ok(const char *s)
{
    return s[0] && strlen(s) < sizeof(((struct imports_lock_entry *)0)->url) &&
           !audits_text_problem(s, sizeof(((struct imports_lock_entry *)0)->url), true);
}

const struct imports_lock_entry *imports_lock_find(const struct imports_lock *l,
                                                   const char *name)
{
    for (unsigned i = 0; i < l->n; i++)
        if (strcmp(l->items[i].name, name) == 0)
            return &l->items[i];
    return NULL;
}

bool imports_lock_set(struct imports_lock *l, const char *name, const char *url,
                      const char *sha256)
{
    if (!imports_lock_name_ok(name) || !url_ok(url) || !digest_ok(sha256))
        return false;
    unsigned at = 0;
    while (at < l->n && strcmp(l->items[at].name, name) < 0)
        at++;
    bool same = at < l->n && strcmp(l->items[at].name, name) == 0;
    if (!same && l->n == IMPORTS_LOCK_MAX)
        return false;
    if (!same) {
        memmove(&l->items[at + 1], &l->items[at], (l->n - at) * sizeof *l->items);
        l->n++;
    }
    struct imports_lock_entry *e = &l->items[at];
    memcpy(e->name, name, strlen(name) + 1);
    memcpy(e->url, url, strlen(url) + 1);
    memcpy(e->sha256, sha256, 65);
    return true;
}

bool imports_lock_remove(struct imports_lock *l, const char *name)
{
    const struct imports_lock_entry *e = imports_lock_find(l, name);
    if (!e)
        return false;
    unsigned at = (unsigned)(e - l->items);
    memmove(&l->items[at], &l->items[at + 1], (l->n - at - 1) * sizeof *l->items);
    l->n--;
    return true;
}

static bool bad(struct diag *d, const char *where, const struct toml_value *v, const char *msg,
                const char *what)
{
    diag_set(d, DIAG_SYNTAX, where, v->line, v->col, "%s%s", msg, what);
    return false;
}

/* One [imports.NAME] table. */
static bool read_entry(struct imports_lock *l, const char *name, const struct toml_value *t,
                       const char *where, struct diag *d)
{
    if (!imports_lock_name_ok(name))
        return bad(d, where, t, "an import's name is 1 to 63 letters, digits, '-' or '_': ",
                   name[0] ? name : "\"\"");
    if (!toml_is(t, TOML_TABLE))
        return bad(d, where, t, "an import is a table: [imports.", name[0] ? name : "?]");
    const char *url = NULL, *sha = NULL;
    for (size_t i = 0; i < toml_table_len(t); i++) {
        const struct toml_value *v;
        const char *k = audits_key_at(t, i, &v);
        const char **slot = strcmp(k, "url") == 0 ? &url : strcmp(k, "sha256") == 0 ? &sha : NULL;
        if (!slot)
            return bad(d, where, v, "unknown key in an import (url, sha256): ", k);
        const char *s = toml_str(v);
        if (!s || strlen(s) != v->u.str.len)
            return bad(d, where, v, k, " must be a string without NUL");
        if (slot == &url ? !url_ok(s) : !digest_ok(s))
            return bad(d, where, v, k, slot == &url ? " must be a URL on one line"
                                                   : " must be 64 lower-case hex digits");
        *slot = s;
    }
    if (!url || !sha)
        return bad(d, where, t, "the import lacks ", url ? "sha256" : "url");
    if (imports_lock_find(l, name))
        return bad(d, where, t, "the import is named twice: ", name);
    return imports_lock_set(l, name, url, sha) || bad(d, where, t, "more than 16 imports", "");
}

static bool read_root(struct imports_lock *l, const struct toml_value *root, const char *where,
                      struct diag *d)
{
    for (size_t i = 0; i < toml_table_len(root); i++) {
        const struct toml_value *v;
        const char *k = audits_key_at(root, i, &v);
        if (strcmp(k, "imports") != 0)
            return bad(d, where, v, "unknown top-level key (imports): ", k);
        if (!toml_is(v, TOML_TABLE))
            return bad(d, where, v, "imports must be [imports.NAME] tables", "");
        for (size_t j = 0; j < toml_table_len(v); j++) {
            const struct toml_value *t;
            const char *name = audits_key_at(v, j, &t);
            if (!read_entry(l, name, t, where, d))
                return false;
        }
    }
    return true;
}

bool imports_lock_parse(struct imports_lock *l, const char *buf, size_t len, const char *where,
                        struct diag *d)
{
    imports_lock_init(l);
    struct arena *a = arena_new();
    char *text = arena_strndup(a, buf ? buf : "", buf ? len : 0);
    struct toml_value *root = toml_parse(text, buf ? len : 0, where, a, d);
    bool ok = root && read_root(l, root, where, d);
    arena_free(a);
    if (!ok)
        imports_lock_init(l);
    return ok;
}

bool imports_lock_load(struct imports_lock *l, const char *path, struct diag *d)
{
    imports_lock_init(l);
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT)
        return true;
    size_t len;
    char *buf = file_read(path, IMPORTS_LOCK_MAX_FILE, &len, d);
    bool ok = buf && imports_lock_parse(l, buf, len, path, d);
    free(buf);
    return ok;
}

char *imports_lock_serialize(const struct imports_lock *l, size_t *len)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, lock_head);
    for (unsigned i = 0; i < l->n; i++) {
        strbuf_printf(&sb, "\n[imports.%s]\nurl = ", l->items[i].name);
        audits_put_string(&sb, l->items[i].url);
        strbuf_printf(&sb, "\nsha256 = \"%s\"\n", l->items[i].sha256);
    }
    if (len)
        *len = sb.len;
    return strbuf_take(&sb);
}
