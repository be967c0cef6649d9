/* Fuzzes the deps.dev parsers and merging their result into a record. */
#include <stdint.h>
#include <stddef.h>

#include "depvet/registry/depsdev.h"
#include "fuzz_reg.h"

static void read_one(struct fuzz_reg_input *in)
{
    struct reg_package *p = NULL;
    bool ok;
    switch (in->pick % 3) {
    case 0: ok = depsdev_parse_package(in->a, "fuzz", in->body, in->len, &p, &in->d); break;
    case 1: ok = depsdev_parse_version(in->a, "fuzz", in->body, in->len, &p, &in->d); break;
    default: ok = depsdev_parse_dependents(in->a, "fuzz", in->body, in->len, &p, &in->d); break;
    }
    if (ok) {
        struct reg_package *base = reg_package_new(in->a, p->eco, p->name);
        reg_package_merge(in->a, base, p);
        reg_package_merge(in->a, base, p);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reg_run(data, size, read_one);
}
