/* The search prompt's history (see strhist.h): a small array, since a
 * prompt is typed by hand and fifty lines are searched in no time. */
#include "depvet/core/strhist.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void strhist_init(struct strhist *h)
{
    memset(h, 0, sizeof(*h));
}

void strhist_fini(struct strhist *h)
{
    for (size_t i = 0; i < h->len; i++)
        free(h->items[i]);
    strhist_init(h);
}

/* Takes item i out, closing the gap; the caller owns the string. */
static char *take(struct strhist *h, size_t i)
{
    char *s = h->items[i];
    memmove(&h->items[i], &h->items[i + 1], (h->len - i - 1) * sizeof(*h->items));
    h->len--;
    return s;
}

bool strhist_add(struct strhist *h, const char *line)
{
    h->pos = h->len;
    if (!line[0])
        return true;
    char *copy = NULL;
    for (size_t i = 0; i < h->len && !copy; i++)
        if (strcmp(h->items[i], line) == 0)
            copy = take(h, i);
    if (!copy && !(copy = strdup(line)))
        return false;
    if (h->len == STRHIST_MAX)
        free(take(h, 0));
    h->items[h->len++] = copy;
    h->pos = h->len;
    return true;
}

const char *strhist_older(struct strhist *h)
{
    if (!h->len)
        return "";
    if (h->pos > 0)
        h->pos--;
    return h->items[h->pos];
}

const char *strhist_newer(struct strhist *h)
{
    if (h->pos < h->len)
        h->pos++;
    return h->pos < h->len ? h->items[h->pos] : "";
}

void strhist_rewind(struct strhist *h)
{
    h->pos = h->len;
}
