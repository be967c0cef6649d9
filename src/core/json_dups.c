/* Duplicate JSON members: found in one pass over the tree, merged as
 * JSON.parse and Python's json merge them (the first one's place, the last
 * one's value), and located in the text only when there are some. */
#include "depvet/core/json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/vec.h"
#include "depvet/core/xmalloc.h"
#include "json_text.h"

/* Objects up to this many members are compared pairwise (most objects of
 * a lockfile have a handful); larger ones go through a hash set. */
#define SMALL_OBJECT 16

static uint64_t key_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ull;
    }
    return h;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *key_of(const cJSON *c)
{
    return c->string ? c->string : "";
}

static size_t count_members(const cJSON *obj)
{
    size_t n = 0;
    for (const cJSON *c = obj->child; c; c = c->next)
        n++;
    return n;
}

static size_t table_cap(size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    return cap;
}

/* ---- finding them ------------------------------------------------------ */

struct keyset {                 /* scratch reused by every large object */
    const cJSON **slots;
    size_t cap;
};

/* One walk over the members: the first SMALL_OBJECT are kept at hand and
 * compared pairwise (first bytes before strcmp), a longer object goes
 * through the hash set. */
static bool object_has_dup(const cJSON *obj, struct keyset *ks)
{
    const char *few[SMALL_OBJECT];
    size_t n = 0;
    const cJSON *c = obj->child;
    for (; c && n < SMALL_OBJECT; c = c->next) {
        const char *k = key_of(c);
        for (size_t i = 0; i < n; i++)
            if (few[i][0] == k[0] && strcmp(few[i], k) == 0)
                return true;
        few[n++] = k;
    }
    if (!c)
        return false;
    size_t cap = table_cap(count_members(obj));
    if (cap > ks->cap) {
        free(ks->slots);
        ks->slots = xmalloc(cap * sizeof(*ks->slots));
        ks->cap = cap;
    }
    memset(ks->slots, 0, cap * sizeof(*ks->slots));
    for (c = obj->child; c; c = c->next) {
        size_t i = key_hash(key_of(c)) & (cap - 1);
        for (; ks->slots[i]; i = (i + 1) & (cap - 1))
            if (strcmp(key_of(ks->slots[i]), key_of(c)) == 0)
                return true;
        ks->slots[i] = c;
    }
    return false;
}

static bool is_container(const cJSON *c)
{
    return cJSON_IsObject(c) || cJSON_IsArray(c);
}

/* Recursion is bounded: json_parse refuses nesting past JSON_MAX_DEPTH. */
static bool tree_has_dup(const cJSON *node, struct keyset *ks)
{
    if (cJSON_IsObject(node) && object_has_dup(node, ks))
        return true;
    for (const cJSON *c = node->child; c; c = c->next)
        if (is_container(c) && c->child && tree_has_dup(c, ks))
            return true;
    return false;
}

/* ---- a first look at the text (json_text.h) ---------------------------- */

/* The tree's nodes and key strings lie all over the heap: a walk over them
 * is mostly cache misses.  The text is one block, so a pass over it hashes
 * each object's member names; only a repeated hash (or a name written with
 * escapes, whose raw bytes may differ for the same name) sends the tree
 * through the exact check.  Equal names without escapes have equal bytes,
 * so no duplicate gets past this filter. */

#define FRAME_LINEAR 16          /* names compared by scanning up to this many */

struct frame {
    size_t start;                /* its first name's hash in the names vector */
    bool object;
    uint64_t *set;               /* open addressing (0 = empty), past FRAME_LINEAR */
    size_t set_cap, set_n;
};
typedef VEC(uint64_t) hash_vec;

/* Eight bytes per step: names are paths as often as words. */
static uint64_t bytes_hash(const char *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 29;
    return h | 1;                /* never 0, the empty slot */
}

static bool set_add(struct frame *f, uint64_t h)
{
    if (2 * (f->set_n + 1) > f->set_cap) {
        uint64_t *old = f->set;
        size_t oldcap = f->set_cap;
        f->set_cap = oldcap ? oldcap * 2 : 4 * FRAME_LINEAR;
        f->set = xcalloc(f->set_cap, sizeof(*f->set));
        f->set_n = 0;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i])
                set_add(f, old[i]);
        free(old);
    }
    size_t i = h & (f->set_cap - 1);
    for (; f->set[i]; i = (i + 1) & (f->set_cap - 1))
        if (f->set[i] == h)
            return true;
    f->set[i] = h;
    f->set_n++;
    return false;
}

/* Adds a name's hash to its object; true when the object had it already. */
static bool frame_add(struct frame *f, hash_vec *names, uint64_t h)
{
    size_t n = names->len - f->start;
    if (n < FRAME_LINEAR) {
        for (size_t i = f->start; i < names->len; i++)
            if (names->items[i] == h)
                return true;
        if (n + 1 == FRAME_LINEAR)
            for (size_t i = f->start; i < names->len; i++)
                set_add(f, names->items[i]);
    } else if (set_add(f, h)) {
        return true;
    }
    if (n + 1 == FRAME_LINEAR)
        set_add(f, h);
    VEC_PUSH(names, h);
    return false;
}

/* The string closing at close is a member name (a ':' follows); *next is
 * the index after it and the blanks that follow. */
static bool member_name_at(const char *buf, size_t len, const char *close, size_t *next)
{
    size_t j = (size_t)(close - buf) + 1;
    while (j < len && is_blank(buf[j]))
        j++;
    *next = j;
    return j < len && buf[j] == ':';
}

enum { T_QUOTE = 1, T_OPEN_OBJECT, T_OPEN_ARRAY, T_CLOSE };

/* Blanks, digits and commas are most bytes outside strings: one look-up
 * passes over them. */
static const unsigned char text_class_table[256] = {
    ['"'] = T_QUOTE, ['{'] = T_OPEN_OBJECT, ['['] = T_OPEN_ARRAY,
    ['}'] = T_CLOSE, [']'] = T_CLOSE,
};

const char *json_text_scan(const char *buf, size_t len, bool *maybe_dups)
{
    struct frame fr[JSON_MAX_DEPTH];
    unsigned depth = 0;
    hash_vec names = {0};
    bool maybe = false, escapes = memchr(buf, '\\', len) != NULL;
    const char *deep = NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char k = text_class_table[(unsigned char)buf[i]];
        if (!k)
            continue;
        if (k == T_QUOTE) {
            const char *q = json_string_end(buf + i, buf + len);
            size_t next;
            if (!q)
                break; /* unterminated: cJSON reports it */
            if (maybe || !member_name_at(buf, len, q, &next) || !depth || !fr[depth - 1].object) {
                i = (size_t)(q - buf);
                continue;
            }
            size_t n = (size_t)(q - buf) - i - 1;
            maybe = (escapes && memchr(buf + i + 1, '\\', n)) ||
                    frame_add(&fr[depth - 1], &names, bytes_hash(buf + i + 1, n));
            i = next - 1;
        } else if (k != T_CLOSE) {
            if (depth == JSON_MAX_DEPTH) {
                deep = buf + i;
                break;
            }
            fr[depth++] = (struct frame){names.len, k == T_OPEN_OBJECT, NULL, 0, 0};
        } else if (depth) {
            depth--;
            free(fr[depth].set);
            names.len = fr[depth].start;
        }
    }
    while (depth)
        free(fr[--depth].set);
    VEC_FREE(&names);
    *maybe_dups = maybe;
    return deep;
}

/* ---- where member names start ------------------------------------------ */

struct key_pos {
    unsigned line, col;
};
typedef VEC(struct key_pos) key_pos_vec;

/* Every member name in text order, which is the order a pre-order walk of
 * the tree meets members.  JSON strings hold no raw newlines, so lines are
 * counted outside them; columns are bytes, as diag_locate counts. */
static void locate_keys(const char *buf, size_t len, key_pos_vec *out)
{
    unsigned line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\n') {
            line++;
            line_start = i + 1;
        }
        if (buf[i] != '"')
            continue;
        const char *q = json_string_end(buf + i, buf + len);
        if (!q)
            return;
        size_t open = i, j = (size_t)(q - buf) + 1;
        for (; j < len && is_blank(buf[j]); j++)
            if (buf[j] == '\n') {
                line++;
                line_start = j + 1;
            }
        if (j < len && buf[j] == ':')
            VEC_PUSH(out, ((struct key_pos){line, (unsigned)(open - line_start + 1)}));
        i = j - 1;
    }
}

/* ---- merging ------------------------------------------------------------ */

struct merge {
    struct json_dups *dups;     /* NULL: merge only */
    const key_pos_vec *pos;     /* NULL: not located */
    size_t next;                /* ordinal of the next member met */
    char ptr[256];              /* pointer of the node being merged */
};

struct seen {
    const char *key;
    cJSON *item;                /* the member in the first one's place */
    size_t ord;                 /* the first one's ordinal */
};

static void note_dup(struct merge *m, const char *key, size_t first, size_t again)
{
    struct json_dups *d = m->dups;
    if (!d)
        return;
    d->total++;
    if (d->len == JSON_DUPS_KEEP)
        return;
    struct json_dup *x = &d->items[d->len++];
    memset(x, 0, sizeof(*x));
    snprintf(x->ptr, sizeof(x->ptr), "%s", m->ptr);
    json_pointer_add(x->ptr, sizeof(x->ptr), key);
    if (m->pos && again < m->pos->len) {
        x->line = m->pos->items[first].line;
        x->col = m->pos->items[first].col;
        x->again_line = m->pos->items[again].line;
        x->again_col = m->pos->items[again].col;
    }
}

static void merge_node(struct merge *m, cJSON *node);

static void descend(struct merge *m, cJSON *child, const char *step)
{
    if (!is_container(child))
        return;
    size_t keep = strlen(m->ptr);
    json_pointer_add(m->ptr, sizeof(m->ptr), step);
    merge_node(m, child);
    m->ptr[keep] = '\0';
}

/* A later member of the same name takes the first one's place: members
 * keep the order JSON.parse gives them. */
static void merge_object(struct merge *m, cJSON *obj)
{
    size_t cap = table_cap(count_members(obj));
    struct seen *tab = xcalloc(cap, sizeof(*tab));
    for (cJSON *c = obj->child, *next; c; c = next) {
        next = c->next;
        size_t ord = m->next++, i = key_hash(key_of(c)) & (cap - 1);
        while (tab[i].item && strcmp(tab[i].key, key_of(c)) != 0)
            i = (i + 1) & (cap - 1);
        if (tab[i].item)
            note_dup(m, key_of(c), tab[i].ord, ord);
        descend(m, c, key_of(c));
        if (!tab[i].item) {
            tab[i] = (struct seen){key_of(c), c, ord};
            continue;
        }
        cJSON_DetachItemViaPointer(obj, c);
        cJSON_ReplaceItemViaPointer(obj, tab[i].item, c); /* frees the earlier */
        tab[i].item = c;
        tab[i].key = key_of(c);
    }
    free(tab);
}

static void merge_node(struct merge *m, cJSON *node)
{
    if (cJSON_IsObject(node)) {
        merge_object(m, node);
        return;
    }
    unsigned k = 0;
    for (cJSON *c = node->child; c; c = c->next, k++) {
        char step[16];
        snprintf(step, sizeof(step), "%u", k);
        descend(m, c, step);
    }
}

void json_merge_dups(cJSON *root, const char *buf, size_t len, struct json_dups *dups)
{
    if (dups)
        memset(dups, 0, sizeof(*dups));
    if (!root || !is_container(root))
        return;
    struct keyset ks = {NULL, 0};
    bool any = tree_has_dup(root, &ks);
    free(ks.slots);
    if (!any)
        return;
    key_pos_vec pos = {0};
    if (dups)
        locate_keys(buf, len, &pos);
    struct merge m = {dups, dups ? &pos : NULL, 0, ""};
    merge_node(&m, root);
    VEC_FREE(&pos);
}
