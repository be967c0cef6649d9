/* Fuzzes the popular-name list parsers; the first byte picks the format
 * (Hex page, npm search, PyPI file, npm-high-impact module). */
#include <stdint.h>
#include <stddef.h>

#include "depvet/registry/popular.h"
#include "fuzz_reg.h"

static void read_one(struct fuzz_reg_input *in)
{
    static const enum ecosystem ecos[] = {ECO_HEX, ECO_NPM, ECO_PYPI, ECO_UNKNOWN};
    struct popular_names names = {0};
    if (in->pick % 4 == 3)
        popular_parse_js_list(in->a, "fuzz", in->body, in->len, &names, &in->d);
    else
        popular_parse(in->a, ecos[in->pick % 4], "fuzz", in->body, in->len, &names, &in->d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reg_run(data, size, read_one);
}
