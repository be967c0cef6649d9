/* Fuzz target: the Hex tarball reader (outer tar, metadata terms, inner
 * archive), with small caps so each input stays fast. */
#include <stdint.h>

#include "fuzz_archive_caps.h"

#include "depvet/analysis/hex_tarball.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct archive_caps caps;
    struct diag d;
    fuzz_archive_caps(&caps, &d);
    struct hex_tarball *t = hex_tarball_open(data, size, "fuzz.tar", &caps, &d);
    unsigned sum = 0;
    if (t) {
        for (size_t i = 0; i < t->meta.n_requirements; i++)
            sum += (unsigned)t->meta.requirements[i].name[0];
        for (size_t i = 0; i < t->meta.n_links; i++)
            sum += (unsigned)t->meta.links[i].url[0];
        sum += t->checksum_file_matches;
    }
    hex_tarball_free(t);
    return (int)(sum & 0);
}
