/* YAML into a tree through libyaml's event parser (a well-kept library,
 * rather than a YAML parser of our own). */
#include "depvet/lock/yamlock.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "depvet/core/vec.h"
#include "depvet/lock/reader.h"

/* An open mapping or sequence and the children gathered so far. */
struct frame {
    struct ynode *node;
    VEC(const struct ynode *) kids;
};

struct ybuild {
    struct arena *a;
    const char *where;
    struct diag *d;
    struct frame stack[LOCK_MAX_DEPTH + 1];
    unsigned depth;
    const struct ynode *last_doc;
    size_t ndocs;
};

static struct ynode *new_node(struct ybuild *b, enum ynode_kind kind, const yaml_event_t *ev)
{
    struct ynode *n = arena_alloc(b->a, sizeof *n);
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->line = (unsigned)ev->start_mark.line + 1;
    n->col = (unsigned)ev->start_mark.column + 1;
    return n;
}

/* Hands a finished node to the open container, or makes it the document. */
static void attach(struct ybuild *b, const struct ynode *n)
{
    if (b->depth)
        VEC_PUSH(&b->stack[b->depth - 1].kids, n);
    else
        b->last_doc = n;
}

static bool open_container(struct ybuild *b, enum ynode_kind kind, const yaml_event_t *ev)
{
    if (b->depth >= LOCK_MAX_DEPTH) {
        diag_set(b->d, DIAG_LIMIT, b->where, (unsigned)ev->start_mark.line + 1,
                 (unsigned)ev->start_mark.column + 1, "nesting deeper than %d levels",
                 LOCK_MAX_DEPTH);
        return false;
    }
    struct frame *f = &b->stack[b->depth++];
    f->node = new_node(b, kind, ev);
    memset(&f->kids, 0, sizeof f->kids);
    return true;
}

static void close_container(struct ybuild *b)
{
    struct frame *f = &b->stack[--b->depth];
    size_t n = f->kids.len;
    const struct ynode **items = arena_alloc(b->a, (n ? n : 1) * sizeof *items);
    if (n)
        memcpy(items, f->kids.items, n * sizeof *items);
    f->node->items = items;
    f->node->n = n;
    VEC_FREE(&f->kids);
    attach(b, f->node);
}

/* One event into the tree; false stops with d set. */
static bool on_event(struct ybuild *b, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT: {
        struct ynode *n = new_node(b, YNODE_SCALAR, ev);
        n->str = arena_strndup(b->a, (const char *)ev->data.scalar.value, ev->data.scalar.length);
        attach(b, n);
        return true;
    }
    case YAML_SEQUENCE_START_EVENT:
        return open_container(b, YNODE_SEQ, ev);
    case YAML_MAPPING_START_EVENT:
        return open_container(b, YNODE_MAP, ev);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        close_container(b);
        return true;
    case YAML_ALIAS_EVENT:
        diag_set(b->d, DIAG_UNSUPPORTED, b->where, (unsigned)ev->start_mark.line + 1,
                 (unsigned)ev->start_mark.column + 1, "YAML aliases are not read in lockfiles");
        return false;
    case YAML_DOCUMENT_START_EVENT:
        b->ndocs++;
        return true;
    default:
        return true;
    }
}

static void parser_error(struct ybuild *b, const yaml_parser_t *p)
{
    diag_set(b->d, p->error == YAML_MEMORY_ERROR ? DIAG_LIMIT : DIAG_SYNTAX, b->where,
             (unsigned)p->problem_mark.line + 1, (unsigned)p->problem_mark.column + 1,
             "malformed YAML: %s", p->problem ? p->problem : "parse error");
}

const struct ynode *yamlock_parse(const char *buf, size_t len, const char *where,
                                  struct arena *a, size_t *ndocs, struct diag *d)
{
    struct ybuild b = {.a = a, .where = where, .d = d};
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        unsigned line, col;
        diag_locate(buf, nul, &line, &col);
        diag_set(d, DIAG_SYNTAX, where, line, col, "NUL byte in YAML");
        return NULL;
    }
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        abort();
    yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
    bool ok = true, done = false;
    while (ok && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            parser_error(&b, &p);
            ok = false;
            break;
        }
        ok = on_event(&b, &ev);
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    for (; b.depth; b.depth--)  /* an error left containers open */
        VEC_FREE(&b.stack[b.depth - 1].kids);
    if (ndocs)
        *ndocs = b.ndocs;
    if (!ok)
        return NULL;
    if (!b.last_doc) {
        struct ynode *empty = arena_alloc(a, sizeof *empty);
        memset(empty, 0, sizeof *empty);
        empty->kind = YNODE_MAP;
        empty->line = empty->col = 1;
        return empty;
    }
    return b.last_doc;
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
    for (size_t i = 0; map && map->kind == YNODE_MAP && i + 1 < map->n; i += 2)
        if (map->items[i]->kind == YNODE_SCALAR && strcmp(map->items[i]->str, key) == 0)
            return map->items[i + 1];
    return NULL;
}

const char *ynode_str(const struct ynode *n)
{
    return n && n->kind == YNODE_SCALAR ? n->str : NULL;
}

const char *ynode_get_str(const struct ynode *map, const char *key)
{
    return ynode_str(ynode_get(map, key));
}

size_t ynode_len(const struct ynode *n)
{
    if (!n || n->kind == YNODE_SCALAR)
        return 0;
    return n->kind == YNODE_MAP ? n->n / 2 : n->n;
}

const char *ynode_key_at(const struct ynode *map, size_t i, const struct ynode **value)
{
    if (!map || map->kind != YNODE_MAP || 2 * i + 1 >= map->n) {
        if (value)
            *value = NULL;
        return NULL;
    }
    if (value)
        *value = map->items[2 * i + 1];
    return ynode_str(map->items[2 * i]);
}

const struct ynode *ynode_at(const struct ynode *seq, size_t i)
{
    return seq && seq->kind == YNODE_SEQ && i < seq->n ? seq->items[i] : NULL;
}
