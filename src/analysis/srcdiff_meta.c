/* Metadata facts two package versions state (Hex metadata.config, npm
 * package.json, Python PKG-INFO / METADATA, setup.py, pyproject.toml, .pth
 * files) and which of them differ. */
#include <stdlib.h>
#include <string.h>

#include "depvet/core/json.h"
#include "depvet/core/vec.h"
#include "srcdiff_priv.h"

/* Longest value kept; longer ones are cut (they are shown, not parsed). */
#define FACT_MAX 400

struct fact {
    const char *kind, *key, *value;
};

struct facts {
    struct arena *a;
    VEC(struct fact) v;
};

static void fact_add(struct facts *f, const char *kind, const char *key, size_t key_len,
                     const char *value, size_t value_len)
{
    if (!key_len)
        return;
    struct fact *x = VEC_ADD(&f->v);
    x->kind = kind;
    x->key = arena_strndup(f->a, key, key_len > FACT_MAX ? FACT_MAX : key_len);
    x->value = arena_strndup(f->a, value, value_len > FACT_MAX ? FACT_MAX : value_len);
}

static void fact_add_str(struct facts *f, const char *kind, const char *key, const char *value)
{
    fact_add(f, kind, key, strlen(key), value ? value : "", value ? strlen(value) : 0);
}

static const struct srcdiff_entry *find_entry(const struct srcdiff_entry *e, size_t n,
                                              const char *key)
{
    size_t lo = 0, hi = n;   /* entries are sorted by key */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(e[mid].key, key);
        if (c == 0)
            return e[mid].data ? &e[mid] : NULL;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static void hex_facts(struct facts *f, const struct hex_tarball *t)
{
    const struct hex_metadata *m = &t->meta;
    for (size_t i = 0; i < m->n_requirements; i++) {
        const struct hex_requirement *r = &m->requirements[i];
        if (!r->name)
            continue;
        const char *v = arena_printf(f->a, "%s%s%s", r->requirement ? r->requirement : "",
                                     r->optional ? " (optional)" : "",
                                     r->repository && strcmp(r->repository, "hexpm") != 0
                                         ? arena_printf(f->a, " from %s", r->repository)
                                         : "");
        fact_add_str(f, "dependency", r->name, v);
    }
    for (size_t i = 0; i < m->n_build_tools; i++)
        fact_add_str(f, "build-tool", m->build_tools[i], "yes");
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < m->n_licenses; i++) {
        strbuf_puts(&sb, i ? ", " : "");
        strbuf_puts(&sb, m->licenses[i]);
    }
    if (sb.len)
        fact_add_str(f, "license", "license", strbuf_str(&sb));
    strbuf_fini(&sb);
}

/* npm runs these on install (and prepare for git installs). */
static const char *const npm_install_phase_table[] = {
    "preinstall", "install", "postinstall", "preprepare", "prepare", "postprepare", NULL,
};

static const struct {
    const char *member, *suffix;
} npm_dep_table[] = {
    {"dependencies", ""},
    {"optionalDependencies", " (optional)"},
    {"peerDependencies", " (peer)"},
    {NULL, NULL},
};

static void npm_facts(struct facts *f, const struct srcdiff_entry *pj,
                      const struct srcdiff_entry *e, size_t n)
{
    struct diag d;
    diag_clear(&d);
    cJSON *root = json_parse((const char *)pj->data, (size_t)pj->size, "package.json", &d);
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return;
    }
    for (unsigned k = 0; npm_dep_table[k].member; k++) {
        const cJSON *deps = json_obj(root, npm_dep_table[k].member), *it;
        cJSON_ArrayForEach(it, deps)
        {
            if (it->string && cJSON_IsString(it))
                fact_add_str(f, "dependency", it->string,
                             arena_printf(f->a, "%s%s", it->valuestring, npm_dep_table[k].suffix));
        }
    }
    const cJSON *scripts = json_obj(root, "scripts");
    for (unsigned k = 0; npm_install_phase_table[k]; k++) {
        const char *cmd = json_str(scripts, npm_install_phase_table[k]);
        if (cmd)
            fact_add_str(f, "install-script", npm_install_phase_table[k], cmd);
    }
    /* npm runs node-gyp on a package with binding.gyp and no install script. */
    if (find_entry(e, n, "binding.gyp"))
        fact_add_str(f, "install-script", "binding.gyp", "node-gyp rebuild");
    const char *lic = json_str(root, "license");
    if (!lic)
        lic = json_str(json_obj(root, "license"), "type");
    if (lic)
        fact_add_str(f, "license", "license", lic);
    cJSON_Delete(root);
}

/* Requires-Dist / License headers of a core-metadata file (RFC 822 style,
 * headers end at the first empty line). */
static void pkginfo_facts(struct facts *f, const struct srcdiff_entry *m)
{
    const char *p = (const char *)m->data, *end = p + m->size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        size_t len = (size_t)(le - p);
        if (len && p[len - 1] == '\r')
            len--;
        if (len == 0)
            break;
        if (len > 14 && strncasecmp(p, "Requires-Dist:", 14) == 0) {
            const char *v = p + 14, *ve = p + len;
            while (v < ve && (*v == ' ' || *v == '\t'))
                v++;
            size_t nm = 0;
            while (v + nm < ve && (strchr("-_.", v[nm]) || (v[nm] >= 'a' && v[nm] <= 'z') ||
                                   (v[nm] >= 'A' && v[nm] <= 'Z') || (v[nm] >= '0' && v[nm] <= '9')))
                nm++;
            fact_add(f, "dependency", v, nm, v + nm, (size_t)(ve - v - nm));
        } else if (len > 8 && strncasecmp(p, "License:", 8) == 0) {
            fact_add(f, "license", "license", 7, p + 8 + (p[8] == ' '), len - 8 - (p[8] == ' '));
        } else if (len > 19 && strncasecmp(p, "License-Expression:", 19) == 0) {
            fact_add(f, "license", "license", 7, p + 19 + (p[19] == ' '), len - 19 - (p[19] == ' '));
        }
        p = nl ? nl + 1 : end;
    }
}

/* build-backend = "..." in pyproject.toml, read as a line (a TOML parse is
 * more than a diff needs). */
static void pyproject_facts(struct facts *f, const struct srcdiff_entry *m)
{
    const char *text = (const char *)m->data;
    size_t n = (size_t)m->size, i = 0;
    while (i < n) {
        size_t eol = i;
        while (eol < n && text[eol] != '\n')
            eol++;
        while (i < eol && (text[i] == ' ' || text[i] == '\t'))
            i++;
        if (eol - i > 13 && strncmp(text + i, "build-backend", 13) == 0) {
            size_t q1 = i + 13;
            while (q1 < eol && text[q1] != '"')
                q1++;
            size_t q2 = q1 + 1;
            while (q2 < eol && text[q2] != '"')
                q2++;
            if (q2 < eol)
                fact_add(f, "build-tool", text + q1 + 1, q2 - q1 - 1, "build-backend", 13);
        }
        i = eol + 1;
    }
}

static void python_facts(struct facts *f, const struct srcdiff_entry *e, size_t n)
{
    const struct srcdiff_entry *m = find_entry(e, n, "PKG-INFO");
    for (size_t i = 0; i < n && !m; i++) {
        static const char tail[] = ".dist-info/METADATA";
        const char *k = e[i].key, *slash = strchr(k, '/');
        size_t l = strlen(k);
        if (slash && !strchr(slash + 1, '/') && l > sizeof(tail) - 1 &&
            strcmp(k + l - (sizeof(tail) - 1), tail) == 0 && e[i].data)
            m = &e[i];
    }
    if (m)
        pkginfo_facts(f, m);
    if (find_entry(e, n, "setup.py"))
        fact_add_str(f, "install-script", "setup.py", "present");
    const struct srcdiff_entry *pp = find_entry(e, n, "pyproject.toml");
    if (pp)
        pyproject_facts(f, pp);
    /* A .pth file at the top of a wheel runs at every interpreter start. */
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(e[i].path);
        if (l > 4 && strcmp(e[i].path + l - 4, ".pth") == 0 && !strchr(e[i].path, '/'))
            fact_add_str(f, "install-script", e[i].path, "present");
    }
}

static int fact_cmp(const void *pa, const void *pb)
{
    const struct fact *a = pa, *b = pb;
    int r = strcmp(a->kind, b->kind);
    if (!r)
        r = strcmp(a->key, b->key);
    return r ? r : strcmp(a->value, b->value);
}

/* Sorted, one fact per (kind, key): repeated keys (a dependency under
 * several markers) have their values joined. */
static void facts_collect(struct facts *f, const struct hex_tarball *hex,
                          const struct srcdiff_entry *e, size_t n)
{
    if (hex)
        hex_facts(f, hex);
    const struct srcdiff_entry *pj = find_entry(e, n, "package.json");
    if (pj && !hex)
        npm_facts(f, pj, e, n);
    if (!hex)
        python_facts(f, e, n);
    if (f->v.len)
        qsort(f->v.items, f->v.len, sizeof(*f->v.items), fact_cmp);
    size_t w = 0;
    for (size_t i = 0; i < f->v.len; i++) {
        struct fact *x = &f->v.items[i];
        if (w && strcmp(f->v.items[w - 1].kind, x->kind) == 0 &&
            strcmp(f->v.items[w - 1].key, x->key) == 0) {
            f->v.items[w - 1].value = arena_printf(f->a, "%s | %s", f->v.items[w - 1].value, x->value);
            continue;
        }
        f->v.items[w++] = *x;
    }
    f->v.len = w;
}

static void meta_push(struct srcdiff_meta_vec *out, const struct fact *o, const struct fact *n)
{
    const struct fact *x = o ? o : n;
    *VEC_ADD(out) = (struct srcdiff_meta){x->kind, x->key, o ? o->value : NULL,
                                          n ? n->value : NULL};
}

void srcdiff_meta_compare(struct arena *a, const struct hex_tarball *old_hex,
                          const struct srcdiff_entry *old_e, size_t old_n,
                          const struct hex_tarball *new_hex,
                          const struct srcdiff_entry *new_e, size_t new_n,
                          struct srcdiff_meta_vec *out)
{
    struct facts fo = {a, {0}}, fn = {a, {0}};
    facts_collect(&fo, old_hex, old_e, old_n);
    facts_collect(&fn, new_hex, new_e, new_n);
    size_t i = 0, j = 0;
    while (i < fo.v.len || j < fn.v.len) {
        const struct fact *o = i < fo.v.len ? &fo.v.items[i] : NULL;
        const struct fact *n = j < fn.v.len ? &fn.v.items[j] : NULL;
        int c = !o ? 1 : !n ? -1 : strcmp(o->kind, n->kind);
        if (o && n && c == 0)
            c = strcmp(o->key, n->key);
        if (c < 0) {
            meta_push(out, o, NULL);
            i++;
        } else if (c > 0) {
            meta_push(out, NULL, n);
            j++;
        } else {
            if (strcmp(o->value, n->value) != 0)
                meta_push(out, o, n);
            i++;
            j++;
        }
    }
    VEC_FREE(&fo.v);
    VEC_FREE(&fn.v);
}
