/* Test helper: whole package archives built in memory (Hex outer tar with
 * its contents.tar.gz, npm .tgz, sdist .tar.gz, wheel .zip). */
#ifndef DEPVET_TEST_PKG_BUILD_H
#define DEPVET_TEST_PKG_BUILD_H

#include "archive_build.h"

struct pkg_buf {
    unsigned char *buf;   /* caller frees */
    size_t len;
};

/* A plain archive of the given form holding the items. */
static inline struct pkg_buf pkg_plain(enum ab_form form, const struct ab_item *items, size_t n)
{
    struct ab b;
    ab_begin(&b, form, 4 << 20);
    ab_items(&b, items, n);
    ab_end(&b);
    return (struct pkg_buf){b.buf, b.used};
}

/* A Hex format-3 tarball: metadata.config text and the package files. */
static inline struct pkg_buf pkg_hex(const char *meta, const struct ab_item *items, size_t n)
{
    struct pkg_buf inner = pkg_plain(AB_TGZ, items, n);
    struct ab o;
    ab_begin(&o, AB_TAR, (4 << 20) + inner.len);
    ab_entry(&o, "VERSION", AE_IFREG, "3", 1, NULL, NULL);
    ab_file(&o, "CHECKSUM", "0000000000000000000000000000000000000000000000000000000000000000");
    ab_file(&o, "metadata.config", meta);
    ab_entry(&o, "contents.tar.gz", AE_IFREG, inner.buf, inner.len, NULL, NULL);
    ab_end(&o);
    free(inner.buf);
    return (struct pkg_buf){o.buf, o.used};
}

#define PKG_PLAIN(form, table) pkg_plain((form), (table), sizeof(table) / sizeof((table)[0]))
#define PKG_HEX(meta, table) pkg_hex((meta), (table), sizeof(table) / sizeof((table)[0]))

#endif
