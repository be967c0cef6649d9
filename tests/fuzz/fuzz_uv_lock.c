/* Fuzz target: the uv.lock reader on arbitrary bytes. */
#include "depvet/lock/uv_lock.h"
#include "fuzz_lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A path without a companion beside it: no file I/O while fuzzing. */
    return fuzz_lock_reader(uv_lock_read, uv_lock_sniff, "/nonexistent/uv.lock", data, size);
}
