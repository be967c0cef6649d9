/* Fuzz target: the pylock.toml reader on arbitrary bytes. */
#include "depvet/lock/pylock.h"
#include "fuzz_lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A path without a companion beside it: no file I/O while fuzzing. */
    return fuzz_lock_reader(pylock_read, pylock_sniff, "/nonexistent/pylock.toml", data, size);
}
