/* Fuzz target: the package-lock.json reader and its sniffer on arbitrary bytes. */
#include "depvet/lock/npm_lock.h"
#include "fuzz_lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lock_reader(npm_lock_read, npm_lock_sniff, "/nonexistent-fuzz/package-lock.json", data, size);
}
