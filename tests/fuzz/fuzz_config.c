/* Fuzzes config.toml reading, in both the user's and a project's scope. */
#include <stdint.h>
#include <stddef.h>

#include "depvet/engine/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct engine_config c;
    engine_config_init(&c);
    struct diag d;
    diag_clear(&d);
    engine_config_read_buf(&c, (const char *)data + 1, size - 1, "fuzz", data[0] & 1, &d);
    return 0;
}
