/* Fuzzes the OSV querybatch answer reader; the first byte is the number of
 * queries the answer should cover. */
#include <stdint.h>
#include <stddef.h>

#include "depvet/registry/osvapi.h"
#include "fuzz_reg.h"

static void read_one(struct fuzz_reg_input *in)
{
    struct osvapi_result res[8];
    osvapi_parse_batch(in->a, "fuzz", in->body, in->len, in->pick % 8, res, &in->d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reg_run(data, size, read_one);
}
