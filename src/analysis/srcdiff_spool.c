/* A version diff's patches spooled to disk: a large upgrade's patches
 * (tens of MiB) are printed after the totals they add up to, so they must
 * be kept until then, and the page cache holds them better than the heap. */
#define _GNU_SOURCE   /* O_TMPFILE */
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "depvet/core/xmalloc.h"
#include "srcdiff_priv.h"

enum { SPOOL_PARTS_MAX = 8 };

struct srcdiff_spool {
    FILE *part[SPOOL_PARTS_MAX];
    unsigned n;
    char *buf;   /* the patch read back last */
    size_t cap;
};

/* An unlinked file in $TMPDIR (else /tmp): gone when closed or on a crash. */
static int temp_fd(void)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !dir[0])
        dir = "/tmp";
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
    size_t n = strlen(dir) + 32;
    char *path = xmalloc(n);
    snprintf(path, n, "%s/depvet-diff-XXXXXX", dir);
    fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0)
        unlink(path);
    free(path);
    return fd;
}

struct srcdiff_spool *srcdiff_spool_new(unsigned parts)
{
    if (parts == 0 || parts > SPOOL_PARTS_MAX)
        return NULL;
    struct srcdiff_spool *sp = xcalloc(1, sizeof(*sp));
    for (; sp->n < parts; sp->n++) {
        int fd = temp_fd();
        FILE *f = fd >= 0 ? fdopen(fd, "w+") : NULL;
        if (!f) {
            if (fd >= 0)
                close(fd);
            srcdiff_spool_free(sp);
            return NULL;
        }
        setvbuf(f, NULL, _IOFBF, 1 << 16);
        sp->part[sp->n] = f;
    }
    return sp;
}

FILE *srcdiff_spool_writer(struct srcdiff_spool *sp, unsigned part)
{
    return sp && part >= 1 && part <= sp->n ? sp->part[part - 1] : NULL;
}

bool srcdiff_spool_flush(struct srcdiff_spool *sp)
{
    bool ok = true;
    for (unsigned i = 0; sp && i < sp->n; i++)
        ok = fflush(sp->part[i]) == 0 && !ferror(sp->part[i]) && ok;
    return ok;
}

const char *srcdiff_spool_read(struct srcdiff_spool *sp, unsigned part, uint64_t at, size_t len)
{
    FILE *f = srcdiff_spool_writer(sp, part);
    if (!f)
        return NULL;
    if (len + 1 > sp->cap) {
        free(sp->buf);
        sp->cap = len + 1;
        sp->buf = xmalloc(sp->cap);
    }
    size_t got = 0;
    while (got < len) {
        ssize_t r = pread(fileno(f), sp->buf + got, len - got, (off_t)(at + got));
        if (r <= 0)
            return NULL;
        got += (size_t)r;
    }
    sp->buf[len] = '\0';
    return sp->buf;
}

void srcdiff_spool_free(struct srcdiff_spool *sp)
{
    if (!sp)
        return;
    for (unsigned i = 0; i < sp->n; i++)
        fclose(sp->part[i]);
    free(sp->buf);
    free(sp);
}
