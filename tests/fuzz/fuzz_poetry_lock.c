/* Fuzz target: the poetry.lock reader on arbitrary bytes. */
#include "depvet/lock/poetry_lock.h"
#include "fuzz_lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A path without a companion beside it: no file I/O while fuzzing. */
    return fuzz_lock_reader(poetry_lock_read, poetry_lock_sniff, "/nonexistent/poetry.lock", data, size);
}
