/* Fuzz target: the Pipfile.lock reader and its sniffer on arbitrary bytes. */
#include "depvet/lock/pipfile_lock.h"
#include "fuzz_lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lock_reader(pipfile_lock_read, pipfile_lock_sniff, "/nonexistent-fuzz/Pipfile.lock", data, size);
}
