/* Fuzz target: the version diff of two archives, metadata readers
 * (package.json, PKG-INFO / METADATA, pyproject.toml, Hex metadata)
 * included.  Input: one byte choosing the ecosystem hint, two bytes (big
 * endian) giving the old archive's length, then both archives. */
#include <stdint.h>
#include <string.h>

#include "fuzz_archive_caps.h"

#include "depvet/analysis/srcdiff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    static const enum ecosystem eco_table[4] = {ECO_UNKNOWN, ECO_HEX, ECO_PYPI, ECO_NPM};
    struct archive_caps caps;
    struct diag d;
    fuzz_archive_caps(&caps, &d);
    size_t split = ((size_t)data[1] << 8) | data[2];
    const uint8_t *body = data + 3;
    size_t n = size - 3;
    if (split > n)
        split = n;
    struct srcdiff_options o = {.patches = (data[0] & 4) != 0, .eco = eco_table[data[0] & 3],
                                .caps = &caps};
    struct srcdiff *s = srcdiff_new(body, split, "old", body + split, n - split, "new", &o, &d);
    size_t sum = 0;
    for (size_t i = 0; s && i < s->n_files; i++)
        sum += strlen(s->files[i].path) + s->files[i].patch_len + s->files[i].added;
    for (size_t i = 0; s && i < s->n_meta; i++)
        sum += strlen(s->meta[i].key) + (s->meta[i].new_value ? strlen(s->meta[i].new_value) : 0);
    srcdiff_free(s);
    return (int)(sum & 0);
}
