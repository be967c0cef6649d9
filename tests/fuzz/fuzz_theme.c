/* Fuzz target: theme files (include lines resolve only shipped themes). */
#include <stddef.h>
#include <stdint.h>

#include "depvet/tui/theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct theme t;
    theme_defaults(&t);
    struct diag d;
    diag_clear(&d);
    theme_parse(&t, (const char *)data, size, "fuzz.theme", 0, &d);
    return 0;
}
