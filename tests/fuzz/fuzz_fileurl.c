/* Fuzz target: file:// URL resolution survives any URL; what it returns is
 * a file:// URL with no byte a URL may not hold raw. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/net/fileurl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *url = malloc(size + 1);
    if (!url)
        return 0;
    memcpy(url, data, size);
    url[size] = '\0';
    char *out = fileurl_resolve(url);
    if (out) {
        if (strncmp(out, "file://", 7) != 0)
            abort();
        for (const unsigned char *p = (const unsigned char *)out; *p; p++)
            if (*p <= ' ' || *p >= 0x7f || *p == '?' || *p == '#')
                abort(); /* would change how curl reads the path */
        free(out);
    }
    free(url);
    return 0;
}
