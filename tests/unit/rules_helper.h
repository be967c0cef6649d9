/* The rule set shipped in rules/, loaded for a test (fails the test when
 * it does not load). */
#ifndef DEPVET_TEST_RULES_HELPER_H
#define DEPVET_TEST_RULES_HELPER_H

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "depvet/analysis/archive.h"
#include "depvet/analysis/hex_tarball.h"
#include "depvet/analysis/rules.h"
#include "helpers.h"

static inline struct rule_set *rules_shipped(void)
{
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/rules", test_srcdir());
    struct diag d;
    diag_clear(&d);
    struct rule_set *rs = rules_load_dir(dir, &d);
    cr_assert_not_null(rs, "%s", d.msg);
    return rs;
}

/* A file name the scanner suites open as a package archive. */
static inline bool test_archive_name(const char *n)
{
    static const char *const ext_table[] = {".tar", ".tgz", ".tar.gz", ".whl", ".zip", NULL};
    size_t len = strlen(n);
    for (unsigned i = 0; ext_table[i]; i++) {
        size_t m = strlen(ext_table[i]);
        if (len > m && strcmp(n + len - m, ext_table[i]) == 0)
            return true;
    }
    return false;
}

/* The package files of an archive to scan: a Hex tarball's contents
 * (*ht set), else the archive itself; NULL when it does not open.  The
 * caller frees *l and *ht. */
static inline const struct archive_listing *test_package_files(const char *path, const char *buf,
                                                               size_t len,
                                                               struct archive_listing **l,
                                                               struct hex_tarball **ht)
{
    struct diag d;
    diag_clear(&d);
    *ht = NULL;
    *l = archive_listing_open(buf, len, path, NULL, &d);
    if (!*l)
        return NULL;
    if (archive_listing_find(*l, "metadata.config") && archive_listing_find(*l, "contents.tar.gz"))
        *ht = hex_tarball_open(buf, len, path, NULL, &d);
    return *ht ? (*ht)->contents : *l;
}

/* A rule set from TOML text (fails the test when it does not load). */
static inline struct rule_set *rules_from_text(const char *text, const char *where)
{
    struct rule_set *rs = rules_new();
    struct diag d;
    diag_clear(&d);
    cr_assert(rules_add(rs, text, strlen(text), where, &d), "%s", d.msg);
    cr_assert(rules_finish(rs, &d), "%s", d.msg);
    return rs;
}

#endif
