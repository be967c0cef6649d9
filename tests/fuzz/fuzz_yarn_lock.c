/* Fuzz target: the yarn.lock v1 reader (its line format, descriptors,
 * aliases, edges by descriptor) on arbitrary bytes. */
#include "depvet/lock/yarn_lock.h"
#include "fuzz_lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A path without a package.json beside it: no file I/O while fuzzing. */
    return fuzz_lock_reader(yarn_lock_read, yarn_lock_sniff, "/nonexistent/yarn.lock", data, size);
}
