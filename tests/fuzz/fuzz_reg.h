/* Shared frame of the registry answer fuzz targets: the first byte picks
 * a reader (and its options), the rest is the answer; an arena and a
 * diagnostic live for one input. */
#ifndef DEPVET_FUZZ_REG_H
#define DEPVET_FUZZ_REG_H

#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"

struct fuzz_reg_input {
    unsigned pick;              /* the first byte */
    const char *body;           /* the rest, not NUL-terminated */
    size_t len;
    struct arena *a;
    struct diag d;
};

/* Runs read on one input; an empty input is passed over. */
static inline int fuzz_reg_run(const uint8_t *data, size_t size,
                               void (*read)(struct fuzz_reg_input *in))
{
    if (size < 1)
        return 0;
    struct fuzz_reg_input in = {.pick = data[0], .body = (const char *)data + 1,
                                .len = size - 1, .a = arena_new()};
    diag_clear(&in.d);
    read(&in);
    arena_free(in.a);
    return 0;
}

#endif
