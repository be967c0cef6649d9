/* Fuzz target: the mix.lock reader and its sniffer on arbitrary bytes. */
#include "depvet/lock/mix_lock.h"
#include "fuzz_lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lock_reader(mix_lock_read, mix_lock_sniff, "/nonexistent/fuzz/mix.lock", data, size);
}
