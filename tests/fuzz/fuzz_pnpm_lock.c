/* Fuzz target: the pnpm-lock.yaml reader (libyaml events into a tree,
 * keys of three lockfile versions, snapshots, importers) on arbitrary
 * bytes. */
#include "depvet/lock/pnpm_lock.h"
#include "fuzz_lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lock_reader(pnpm_lock_read, pnpm_lock_sniff, "/nonexistent/pnpm-lock.yaml", data,
                            size);
}
