/* Fuzz target: the install-time context over any manifest bytes.  The
 * first byte picks the manifest (package.json, setup.py, mix.exs,
 * rebar.config); the rest is its text.  Whatever it names, the manifest
 * itself runs at install time, and clearing forgets every named file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/install_ctx.h"

static const char *const name_table[] = {
    "package/package.json", "pkg-1.0/setup.py", "mix.exs", "rebar.config",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *name = name_table[data[0] % 4];
    struct install_ctx *c = install_ctx_new();
    install_ctx_manifest(c, name, data + 1, size - 1);
    if (!install_ctx_has(c, name))
        abort();
    install_ctx_clear(c);
    if (install_ctx_has(c, "package/lib/x.js") || install_ctx_has(c, "c_src/build.sh"))
        abort();
    install_ctx_free(c);
    return 0;
}
