/* A gzip layer inflated in one call by libdeflate (several times zlib's
 * speed), used only when the member's trailer states a believable size:
 * anything else (several members, a size that lies, corruption, a size
 * past the caps) gets NULL and goes through libarchive's streaming zlib,
 * which checks the caps as bytes arrive. */
#include <libdeflate.h>
#include <stdint.h>
#include <stdlib.h>

#include "archive_priv.h"

/* Never asked of malloc whatever a trailer says (caps of 0 mean none). */
#define INFLATE_MAX (1ull << 30)

unsigned char *archive_inflate_gzip(const void *buf, size_t len, const struct archive_caps *caps,
                                    struct arena *a, size_t *out_len)
{
    const unsigned char *b = buf;
    if (!b || len < 18 || b[0] != 0x1f || b[1] != 0x8b || b[2] != 8)
        return NULL;
    uint64_t isize = (uint64_t)b[len - 4] | (uint64_t)b[len - 3] << 8 |
                     (uint64_t)b[len - 2] << 16 | (uint64_t)b[len - 1] << 24;
    if (isize == 0 || isize > INFLATE_MAX ||
        (caps->max_total_size && isize > caps->max_total_size) ||
        (caps->max_ratio && isize > caps->ratio_floor && isize / caps->max_ratio >= len))
        return NULL;
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    /* The stated size plus one, so the block never ends where a file's data
     * does; a big arena block is calloc'd, its pages untouched till written. */
    unsigned char *out = d ? arena_alloc(a, (size_t)isize + 1) : NULL;
    size_t used = 0, got = 0;
    enum libdeflate_result r = d ? libdeflate_gzip_decompress_ex(d, buf, len, out, (size_t)isize,
                                                                 &used, &got)
                                 : LIBDEFLATE_BAD_DATA;
    libdeflate_free_decompressor(d);
    if (r != LIBDEFLATE_SUCCESS || used != len || got != isize)
        return NULL;   /* the block stays in the arena, its pages mostly untouched */
    *out_len = got;
    return out;
}
