/* Fuzz target: the pdm.lock reader (TOML, PEP 508 dependency strings,
 * extras tables, [metadata.files]) on arbitrary bytes. */
#include "depvet/lock/pdm_lock.h"
#include "fuzz_lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A path without a pyproject.toml beside it: no file I/O while fuzzing. */
    return fuzz_lock_reader(pdm_lock_read, pdm_lock_sniff, "/nonexistent/pdm.lock", data, size);
}
