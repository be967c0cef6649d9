/* Fuzzes the PyPI and pypistats parsers; the first byte picks which one. */
#include <stdint.h>
#include <stddef.h>

#include "depvet/registry/pypi.h"
#include "depvet/registry/pypistats.h"
#include "fuzz_reg.h"

static void read_one(struct fuzz_reg_input *in)
{
    struct arena *a = in->a;
    size_t n = 0;
    struct reg_package *p = NULL;
    struct pypi_publisher *pub = NULL;
    switch (in->pick % 5) {
    case 0: pypi_parse_project(a, "fuzz", in->body, in->len, &p, &in->d); break;
    case 1: pypi_parse_simple(a, "fuzz", in->body, in->len, &p, &in->d); break;
    case 2: pypi_parse_provenance(a, "fuzz", in->body, in->len, &pub, &n, &in->d); break;
    case 3: pypistats_parse_recent(a, "fuzz", in->body, in->len, &p, &in->d); break;
    default: pypistats_parse_overall(a, "fuzz", in->body, in->len, &p, &in->d); break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reg_run(data, size, read_one);
}
