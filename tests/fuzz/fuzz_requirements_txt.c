/* Fuzz target: the requirements.txt reader and its sniffer on arbitrary
 * bytes (includes point at files that do not exist under the fake path, so
 * only this input is read); every refusal names its line. */
#include "depvet/lock/requirements_txt.h"
#include "fuzz_lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lock_reader_lined(requirements_txt_read, requirements_txt_sniff,
                                  "/nonexistent/depvet-fuzz/requirements.txt", data, size);
}
