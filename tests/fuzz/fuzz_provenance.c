/* Fuzzes the provenance readers; the first byte picks one: npm's
 * attestation bundles (base64 DSSE payloads holding in-toto statements),
 * PyPI's PEP 740 publishers turned into identities, or the URL unescaper
 * the version of an answer is read back with. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/registry/provenance.h"
#include "depvet/registry/pypi.h"
#include "depvet/registry/regurl.h"

static void pypi_identities(struct arena *a, const char *body, size_t len, struct diag *d)
{
    struct pypi_publisher *pub = NULL;
    size_t n = 0;
    if (!pypi_parse_provenance(a, "fuzz", body, len, &pub, &n, d))
        return;
    for (size_t i = 0; i < n; i++)
        provenance_pypi_identity(a, &pub[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    const char *id, *ver;
    char *s;
    switch (data[0] % 3) {
    case 0: provenance_npm_parse(a, "fuzz", body, len, &id, &ver, &d); break;
    case 1: pypi_identities(a, body, len, &d); break;
    default:
        s = malloc(len + 1);
        memcpy(s, body, len);
        s[len] = '\0';
        regurl_unescape(a, s);
        free(s);
        break;
    }
    arena_free(a);
    return 0;
}
