/* Fuzzes the hex.pm answer parsers; the first byte picks which one. */
#include <stdint.h>
#include <stddef.h>

#include "depvet/registry/hexpm.h"
#include "fuzz_reg.h"

static void read_one(struct fuzz_reg_input *in)
{
    struct arena *a = in->a;
    size_t n = 0;
    struct reg_package *p = NULL;
    struct reg_release *r = NULL;
    struct reg_person *o = NULL;
    switch (in->pick % 4) {
    case 0: hexpm_parse_package(a, "fuzz", in->body, in->len, &p, &in->d); break;
    case 1: hexpm_parse_release(a, "fuzz", in->body, in->len, &r, &in->d); break;
    case 2: hexpm_parse_owners(a, "fuzz", in->body, in->len, &o, &n, &in->d); break;
    default: hexpm_parse_search_page(a, "fuzz", in->body, in->len, &n, &in->d); break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reg_run(data, size, read_one);
}
