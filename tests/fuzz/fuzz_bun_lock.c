/* Fuzz target: the bun.lock reader (JSONC stripping, nested-key lookup,
 * workspaces) on arbitrary bytes. */
#include "depvet/lock/bun_lock.h"
#include "fuzz_lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lock_reader(bun_lock_read, bun_lock_sniff, "/nonexistent/bun.lock", data, size);
}
