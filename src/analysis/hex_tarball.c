/* Hex tarball (format 3) reader: outer tar, metadata terms, inner archive, checksums. */
#include "depvet/analysis/hex_tarball.h"

#include <ctype.h>
#include <string.h>

#include "depvet/core/hash.h"
#include "depvet/lock/erlterm.h"

enum { M_VERSION, M_CHECKSUM, M_METADATA, M_CONTENTS, M_COUNT };

static const char *const member_table[M_COUNT] = {
    [M_VERSION] = "VERSION",
    [M_CHECKSUM] = "CHECKSUM",
    [M_METADATA] = "metadata.config",
    [M_CONTENTS] = "contents.tar.gz",
};

/* The last entry of that name: extracting the tar would leave that one, and
 * a second copy is already a DUPLICATE problem of the outer listing. */
static const struct archive_item *member(const struct archive_listing *l, const char *path)
{
    const struct archive_item *found = NULL;
    for (size_t i = 0; i < l->n_items; i++)
        if (l->items[i].kind == ARCHIVE_KIND_FILE && strcmp(l->items[i].path, path) == 0)
            found = &l->items[i];
    return found && found->data ? found : NULL;
}

/* Text of a member without surrounding whitespace. */
static const char *member_text(struct arena *a, const struct archive_item *it)
{
    const char *s = (const char *)it->data;
    size_t n = (size_t)it->size;
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return arena_strndup(a, s, n);
}

static bool text_eq(const struct erlterm *t, const char *s)
{
    const char *x = erlterm_text(t);
    return x && strcmp(x, s) == 0;
}

/* Value of key in a proplist ([{K, V}, ...]) or a map, keys as binaries
 * or atoms. */
static const struct erlterm *prop(const struct erlterm *props, const char *key)
{
    if (!props)
        return NULL;
    if (props->type == ET_MAP)
        return erlterm_map_get(props, key);
    if (props->type != ET_LIST)
        return NULL;
    for (size_t i = 0; i < props->n; i++) {
        const struct erlterm *kv = props->items[i];
        if (kv->type == ET_TUPLE && kv->n == 2 && text_eq(kv->items[0], key))
            return kv->items[1];
    }
    return NULL;
}

static const char **text_list(struct arena *a, const struct erlterm *t, size_t *n)
{
    *n = 0;
    if (!t || t->type != ET_LIST)
        return NULL;
    const char **out = arena_alloc(a, (t->n + 1) * sizeof(*out));
    for (size_t i = 0; i < t->n; i++)
        if (erlterm_text(t->items[i]))
            out[(*n)++] = erlterm_text(t->items[i]);
    return out;
}

/* Pairs of a list of 2-tuples or of a map, as (key, value) terms. */
static size_t pairs(const struct erlterm *t, size_t i, const struct erlterm **k,
                    const struct erlterm **v)
{
    if (t->type == ET_MAP) {
        if (2 * i + 1 >= t->n)
            return 0;
        *k = t->items[2 * i];
        *v = t->items[2 * i + 1];
        return 1;
    }
    if (i >= t->n)
        return 0;
    const struct erlterm *x = t->items[i];
    *k = x->type == ET_TUPLE && x->n == 2 ? x->items[0] : NULL;
    *v = x->type == ET_TUPLE && x->n == 2 ? x->items[1] : x;
    return 1;
}

static void read_links(struct arena *a, const struct erlterm *t, struct hex_metadata *m)
{
    if (!t || (t->type != ET_LIST && t->type != ET_MAP))
        return;
    struct hex_link *out = arena_alloc(a, (t->n + 1) * sizeof(*out));
    const struct erlterm *k, *v;
    for (size_t i = 0; pairs(t, i, &k, &v); i++)
        if (k && erlterm_text(k) && erlterm_text(v)) {
            out[m->n_links].label = erlterm_text(k);
            out[m->n_links++].url = erlterm_text(v);
        }
    m->links = out;
}

static void read_requirements(struct arena *a, const struct erlterm *t,
                              struct hex_metadata *m)
{
    if (!t || (t->type != ET_LIST && t->type != ET_MAP))
        return;
    struct hex_requirement *out = arena_alloc(a, (t->n + 1) * sizeof(*out));
    const struct erlterm *k, *props;
    for (size_t i = 0; pairs(t, i, &k, &props); i++) {
        const char *name = k ? erlterm_text(k) : erlterm_text(prop(props, "name"));
        if (!name)
            continue;
        struct hex_requirement *r = &out[m->n_requirements++];
        r->name = name;
        r->app = erlterm_text(prop(props, "app"));
        r->requirement = erlterm_text(prop(props, "requirement"));
        r->repository = erlterm_text(prop(props, "repository"));
        r->optional = erlterm_is_atom(prop(props, "optional"), "true");
    }
    m->requirements = out;
}

/* metadata.config: dot-terminated {Key, Value} forms. */
static bool read_metadata(struct hex_tarball *t, const struct archive_item *it, struct diag *d)
{
    struct arena *a = t->arena;
    const char *where = arena_printf(a, "%s/metadata.config", t->name);
    struct erlterm *forms = erlterm_parse((const char *)it->data, (size_t)it->size, where,
                                          ERLTERM_ERLANG, a, d);
    if (!forms)
        return false;
    struct hex_metadata *m = &t->meta;
    m->name = erlterm_text(prop(forms, "name"));
    m->version = erlterm_text(prop(forms, "version"));
    m->app = erlterm_text(prop(forms, "app"));
    m->description = erlterm_text(prop(forms, "description"));
    m->elixir = erlterm_text(prop(forms, "elixir"));
    m->licenses = text_list(a, prop(forms, "licenses"), &m->n_licenses);
    m->build_tools = text_list(a, prop(forms, "build_tools"), &m->n_build_tools);
    m->files = text_list(a, prop(forms, "files"), &m->n_files);
    read_links(a, prop(forms, "links"), m);
    read_requirements(a, prop(forms, "requirements"), m);
    if (!m->name || !m->version) {
        diag_set(d, DIAG_SYNTAX, where, 1, 1, "metadata.config has no name or version");
        return false;
    }
    return true;
}

static bool checksums(struct hex_tarball *t, const void *buf, size_t len,
                      const struct archive_item *const *mem, struct diag *d)
{
    struct hash_ctx *c = hash_new(HASH_SHA256);
    bool ok = c && hash_buffer(HASH_SHA256, buf, len, t->outer_checksum);
    static const int inner_table[] = {M_VERSION, M_METADATA, M_CONTENTS};
    for (size_t i = 0; ok && i < sizeof(inner_table) / sizeof(inner_table[0]); i++)
        ok = hash_update(c, mem[inner_table[i]]->data, (size_t)mem[inner_table[i]]->size);
    ok = ok && hash_final(c, t->inner_checksum);
    hash_free(c);
    if (!ok)
        diag_set(d, DIAG_INTERNAL, t->name, 0, 0, "SHA-256 failed");
    return ok;
}

static bool read_members(struct hex_tarball *t, const void *buf, size_t len,
                         const struct archive_caps *caps, struct diag *d)
{
    const struct archive_item *mem[M_COUNT];
    for (int i = 0; i < M_COUNT; i++) {
        mem[i] = member(t->outer, member_table[i]);
        if (!mem[i] && i != M_CHECKSUM) {
            diag_set(d, DIAG_UNSUPPORTED, t->name, 0, 0,
                     "not a Hex tarball: no readable %s", member_table[i]);
            return false;
        }
    }
    t->format_version = member_text(t->arena, mem[M_VERSION]);
    if (strcmp(t->format_version, "3") != 0) {
        diag_set(d, DIAG_UNSUPPORTED, t->name, 0, 0, "Hex tarball format '%s', not 3",
                 t->format_version);
        return false;
    }
    if (!checksums(t, buf, len, mem, d) || !read_metadata(t, mem[M_METADATA], d))
        return false;
    if (mem[M_CHECKSUM]) {
        t->checksum_file = member_text(t->arena, mem[M_CHECKSUM]);
        t->checksum_file_matches =
            hex_tarball_digest_matches(t->inner_checksum, t->checksum_file);
    }
    const char *inner = arena_printf(t->arena, "%s/contents.tar.gz", t->name);
    t->contents = archive_listing_open(mem[M_CONTENTS]->data, (size_t)mem[M_CONTENTS]->size,
                                       inner, caps, d);
    return t->contents != NULL;
}

struct hex_tarball *hex_tarball_open(const void *buf, size_t len, const char *name,
                                     const struct archive_caps *caps, struct diag *d)
{
    if (!name)
        name = "tarball";
    struct archive_listing *outer = archive_listing_open(buf, len, name, caps, d);
    if (!outer)
        return NULL;
    if (diag_failed(d)) {
        archive_listing_free(outer);
        return NULL;
    }
    struct arena *a = arena_new();
    struct hex_tarball *t = arena_alloc(a, sizeof(*t));
    t->arena = a;
    t->name = arena_strdup(a, name);
    t->outer = outer;
    if (!read_members(t, buf, len, caps, d)) {
        hex_tarball_free(t);
        return NULL;
    }
    return t;
}

void hex_tarball_free(struct hex_tarball *t)
{
    if (!t)
        return;
    archive_listing_free(t->outer);
    archive_listing_free(t->contents);
    arena_free(t->arena);
}

bool hex_tarball_digest_matches(const unsigned char *digest, const char *hex)
{
    unsigned char want[HEX_TARBALL_DIGEST];
    size_t n = 0;
    if (!hex || strlen(hex) != 2 * HEX_TARBALL_DIGEST ||
        !hash_hex_decode(hex, strlen(hex), want, sizeof(want), &n) ||
        n != HEX_TARBALL_DIGEST)
        return false;
    return hash_equal_ct(digest, want, HEX_TARBALL_DIGEST);
}
