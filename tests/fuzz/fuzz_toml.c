/* Fuzz target: the TOML parser on arbitrary bytes, then a walk of the tree. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/lock/toml.h"

static size_t walk(const struct toml_value *v, unsigned depth)
{
    size_t n = 1;
    if (depth > 300)
        abort();  /* the parser promised to bound nesting */
    for (size_t i = 0; i < toml_len(v); i++) {
        const struct toml_value *child = toml_at(v, i);
        if (!child)
            toml_key_at(v, i, &child);
        n += walk(child, depth + 1);
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* No NUL after the bytes: a read past len must trip ASan. */
    char *buf = malloc(size ? size : 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct toml_value *root = toml_parse(buf, size, "fuzz.toml", a, &d);
    if (root) {
        walk(root, 0);
        (void)toml_get_path(root, "package.name");
        (void)toml_get_str(root, "version");
    } else if (!diag_failed(&d)) {
        abort();  /* a failure must say why */
    }
    arena_free(a);
    free(buf);
    return 0;
}
