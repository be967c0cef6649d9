/* Fuzz target: the rebar.lock reader and its sniffer on arbitrary bytes. */
#include "depvet/lock/rebar_lock.h"
#include "fuzz_lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lock_reader(rebar_lock_read, rebar_lock_sniff, "/nonexistent/fuzz/rebar.lock", data, size);
}
