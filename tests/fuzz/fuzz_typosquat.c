/* Fuzz the typosquat check: the input, split at newlines, is a few candidate
 * names for each ecosystem against a small fixed popular list; a hit must
 * name a popular name and carry a score and a reason text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/typosquat.h"

static const char *const popular_table[] = {
    "requests", "request", "python-dateutil", "typing-extensions", "ssl-utils",
    "lodash", "@babel/core", "@types/node", "cross-env", "JSONStream", "d3",
    "phoenix_html", "plug_cowboy", "scikit-learn", "aaaaaaaaaaaa", "rnrnrnrn",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void check_one(const struct typosquat_index *idx, const char *name)
{
    struct typosquat_hit hit;
    bool ok = typosquat_check(idx, name, &hit);
    bool peer = typosquat_check_peers(idx, name, &hit);
    if (ok && !peer)
        __builtin_trap();   /* peers checks a superset of names */
    if (peer) {
        if (hit.target_rank >= COUNT(popular_table) ||
            strcmp(hit.target, popular_table[hit.target_rank]) != 0 ||
            hit.score < 1 || hit.score > 100 || hit.reason == TYPOSQUAT_NONE ||
            !memchr(hit.why, '\0', sizeof(hit.why)) || !hit.why[0])
            __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    for (enum ecosystem e = ECO_HEX; e <= ECO_NPM; e++) {
        struct typosquat_index *idx =
            typosquat_index_new(e, popular_table, COUNT(popular_table));
        for (char *p = buf, *nl; p; p = nl ? nl + 1 : NULL) {
            nl = memchr(p, '\n', (size_t)(buf + size - p));
            if (nl)
                *nl = '\0';
            check_one(idx, p);
            if (nl)
                *nl = '\n';
        }
        typosquat_index_free(idx);
    }
    free(buf);
    return 0;
}
