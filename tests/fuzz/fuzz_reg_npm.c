/* Fuzzes the npm registry and downloads parsers; the first byte picks one. */
#include <stdint.h>
#include <stddef.h>

#include "depvet/registry/npm.h"
#include "fuzz_reg.h"

static void read_one(struct fuzz_reg_input *in)
{
    struct arena *a = in->a;
    struct reg_package *p = NULL;
    struct reg_release *r = NULL;
    switch (in->pick % 4) {
    case 0: npm_parse_packument(a, "fuzz", in->body, in->len, &p, &in->d); break;
    case 1: npm_parse_version(a, "fuzz", in->body, in->len, &r, &in->d); break;
    case 2: npm_parse_downloads_point(a, "fuzz", in->body, in->len, &p, &in->d); break;
    default: npm_parse_downloads_range(a, "fuzz", in->body, in->len, &p, &in->d); break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reg_run(data, size, read_one);
}
