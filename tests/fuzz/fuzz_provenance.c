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
#include "fuzz_reg.h"

static void pypi_identities(struct arena *a, const char *body, size_t len, struct diag *d)
{
    struct pypi_publisher *pub = NULL;
    size_t n = 0;
    if (!pypi_parse_provenance(a, "fuzz", body, len, &pub, &n, d))
        return;
    for (size_t i = 0; i < n; i++)
        provenance_pypi_identity(a, &pub[i]);
}

static void read_one(struct fuzz_reg_input *in)
{
    const char *id, *ver;
    char *s;
    switch (in->pick % 3) {
    case 0: provenance_npm_parse(in->a, "fuzz", in->body, in->len, &id, &ver, &in->d); break;
    case 1: pypi_identities(in->a, in->body, in->len, &in->d); break;
    default:
        s = malloc(in->len + 1);
        memcpy(s, in->body, in->len);
        s[in->len] = '\0';
        regurl_unescape(in->a, s);
        free(s);
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reg_run(data, size, read_one);
}
