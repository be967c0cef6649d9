/* The search prompt's history (see strhist.h): a small array, since a
 * prompt is typed by hand and fifty lines are searched in no time. */
#include "depvet/core/strhist.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "depvet/core/fileio.h"
#include "depvet/core/strbuf.h"

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

/* A line a prompt could have produced: no control bytes, not too long. */
static bool keepable(const char *s, size_t n)
{
    if (!n || n > STRHIST_LINE_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return false;
    return true;
}

bool strhist_parse(struct strhist *h, char *text, size_t len)
{
    bool ok = true;
    for (char *p = text, *end = text + len; ok && p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (keepable(p, n)) {
            char save = p[n];
            p[n] = '\0';
            ok = strhist_add(h, p);
            p[n] = save;
        }
        p += n + 1;
    }
    return ok;
}

void strhist_text(const struct strhist *h, struct strbuf *out)
{
    for (size_t i = 0; i < h->len; i++)
        if (keepable(h->items[i], strlen(h->items[i])))
            strbuf_printf(out, "%s\n", h->items[i]);
}

bool strhist_load(struct strhist *h, const char *path, struct diag *d)
{
    struct stat sb;
    if (stat(path, &sb) != 0 && errno == ENOENT)
        return true;
    size_t len;
    /* Fifty lines of a thousand bytes at most: anything larger is no
     * history of ours. */
    char *text = file_read(path, (STRHIST_LINE_MAX + 1) * STRHIST_MAX * 2, &len, d);
    if (!text)
        return false;
    bool ok = strhist_parse(h, text, len);
    free(text);
    if (!ok)
        diag_set(d, DIAG_IO, path, 0, 0, "out of memory reading the search history");
    return ok;
}

bool strhist_save(const struct strhist *h, const char *path, struct diag *d)
{
    struct strbuf sb = STRBUF_INIT;
    strhist_text(h, &sb);
    bool ok = file_write_atomic(path, strbuf_str(&sb), sb.len, d);
    strbuf_fini(&sb);
    return ok;
}
