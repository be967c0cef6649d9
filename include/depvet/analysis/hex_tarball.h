/* Hex package tarballs (format 3): the outer uncompressed tar holding
 * VERSION, CHECKSUM, metadata.config and contents.tar.gz.  Reads the
 * metadata with the Erlang term reader, walks contents.tar.gz with the
 * archive walker (same caps), and computes both checksums so callers can
 * compare them with mix.lock / rebar.lock / manifest.toml and the registry:
 * outer = SHA-256 of the whole tarball, inner = SHA-256 of VERSION ‖
 * metadata.config ‖ contents.tar.gz (what CHECKSUM holds, upper-case hex). */
#ifndef DEPVET_ANALYSIS_HEX_TARBALL_H
#define DEPVET_ANALYSIS_HEX_TARBALL_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/analysis/archive.h"
#include "depvet/core/diag.h"

#define HEX_TARBALL_DIGEST 32

struct hex_requirement {
    const char *name;          /* package name */
    const char *app;           /* OTP app, NULL when not given */
    const char *requirement;   /* "~> 1.0", NULL when not given */
    const char *repository;    /* "hexpm", NULL when not given */
    bool optional;
};

struct hex_link {
    const char *label, *url;
};

/* Strings are NULL when the key is absent or not text; lists skip items
 * that are not text. */
struct hex_metadata {
    const char *name, *version, *app, *description, *elixir;
    const char **licenses;
    size_t n_licenses;
    const struct hex_link *links;
    size_t n_links;
    /* Both the name-keyed form ({Name, Props}) and the older list of
     * proplists with a "name" key; maps are accepted too. */
    const struct hex_requirement *requirements;
    size_t n_requirements;
    const char **build_tools;
    size_t n_build_tools;
    const char **files;
    size_t n_files;
};

struct hex_tarball {
    const char *name;                 /* as given to open */
    const char *format_version;       /* VERSION's text, "3" */
    const char *checksum_file;        /* CHECKSUM's text as stored, NULL if absent */
    unsigned char outer_checksum[HEX_TARBALL_DIGEST];
    unsigned char inner_checksum[HEX_TARBALL_DIGEST];
    bool checksum_file_matches;       /* CHECKSUM = inner checksum (any case) */
    struct hex_metadata meta;
    struct archive_listing *outer;    /* the outer tar (its problems too) */
    struct archive_listing *contents; /* contents.tar.gz: the package files */
    struct arena *arena;              /* owns the strings and arrays above */
};

/* Reads a Hex tarball from memory; caps NULL = archive defaults (used for
 * both tars).  NULL with d set when it is not a format-3 Hex tarball
 * (not a tar, a member missing, VERSION not 3, metadata.config unreadable).
 * A corrupt contents.tar.gz still gives a tarball, with the CORRUPT
 * problem in contents and d set, as archive_listing_open does. */
struct hex_tarball *hex_tarball_open(const void *buf, size_t len, const char *name,
                                     const struct archive_caps *caps, struct diag *d);
void hex_tarball_free(struct hex_tarball *t);   /* accepts NULL */

/* Does a 32-byte digest equal a hex string (either case, as lockfiles and
 * CHECKSUM write it)?  False for anything that is not 64 hex digits. */
bool hex_tarball_digest_matches(const unsigned char *digest, const char *hex);

#endif
