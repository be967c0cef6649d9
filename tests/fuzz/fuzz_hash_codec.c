/* Fuzz target: hex, base64 and SRI decoders; decode(encode(x)) == x. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/hash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    unsigned char out[256];
    size_t n;
    if (hash_base64_decode(s, size, out, sizeof(out), &n)) {
        char back[400];
        hash_base64_encode(out, n, back);
        if (strlen(back) != size || memcmp(back, s, size) != 0)
            abort(); /* strict decoding means one text per byte string */
    }
    if (hash_hex_decode(s, size, out, sizeof(out), &n)) {
        char back[520];
        hash_hex_encode(out, n, back);
        if (strlen(back) != size)
            abort();
    }
    struct sri sri;
    struct diag d;
    diag_clear(&d);
    if (hash_sri_parse(s, &sri, &d) && sri.len != hash_size(sri.algo))
        abort();
    bool match;
    hash_check("sha256", s, data, size, &match, &d);
    free(s);
    return 0;
}
