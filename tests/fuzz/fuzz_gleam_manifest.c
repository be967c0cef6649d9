/* Fuzz target: the manifest.toml reader on arbitrary bytes. */
#include "depvet/lock/gleam_manifest.h"
#include "fuzz_lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A path without a companion beside it: no file I/O while fuzzing. */
    return fuzz_lock_reader(gleam_manifest_read, gleam_manifest_sniff, "/nonexistent/manifest.toml", data, size);
}
