/* Fuzz target: the search history file on arbitrary bytes; what loads is
 * at most STRHIST_MAX lines a prompt could have typed, and writing it back
 * loads to the same lines in the same order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/strbuf.h"
#include "depvet/core/strhist.h"

static void check_lines(const struct strhist *h)
{
    if (h->len > STRHIST_MAX)
        abort();
    for (size_t i = 0; i < h->len; i++) {
        size_t n = strlen(h->items[i]);
        if (!n || n > STRHIST_LINE_MAX)
            abort();
        for (size_t k = 0; k < n; k++)
            if ((unsigned char)h->items[i][k] < 0x20 || h->items[i][k] == 0x7f)
                abort();  /* no newline, escape or other control byte */
        for (size_t j = 0; j < i; j++)
            if (strcmp(h->items[i], h->items[j]) == 0)
                abort();  /* each line once */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    struct strhist h, back;
    strhist_init(&h);
    strhist_init(&back);
    if (!strhist_parse(&h, text, size) || memcmp(text, data, size) != 0)
        abort();  /* the text is given back as it was */
    check_lines(&h);
    struct strbuf sb = STRBUF_INIT;
    strhist_text(&h, &sb);
    char *again = malloc(sb.len + 1);
    memcpy(again, strbuf_str(&sb), sb.len);
    if (!strhist_parse(&back, again, sb.len) || back.len != h.len)
        abort();
    for (size_t i = 0; i < h.len; i++)
        if (strcmp(h.items[i], back.items[i]) != 0)
            abort();  /* the same lines, oldest first */
    free(again);
    strbuf_fini(&sb);
    strhist_fini(&back);
    strhist_fini(&h);
    free(text);
    return 0;
}
