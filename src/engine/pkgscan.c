/* Scanning one archive in memory, through the scan cache (see pkgscan.h). */
#include "depvet/engine/pkgscan.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/hex_tarball.h"
#include "depvet/core/datadir.h"
#include "depvet/core/hash.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/xdg.h"
#include "depvet/core/xmalloc.h"
#include "depvet/store/scancache.h"

static char found_rules[4096];
static pthread_once_t found_once = PTHREAD_ONCE_INIT;

static void find_rules(void)
{
    datadir_find("rules", found_rules, sizeof(found_rules));
}

const char *pkgscan_rules_dir(void)
{
    const char *env = getenv("DEPVET_RULES_DIR");
    if (env && *env)
        return env;
    pthread_once(&found_once, find_rules);   /* the worker threads ask too */
    return found_rules;
}

static enum ecosystem guess_listing(const struct archive_listing *l)
{
    const char **paths = xcalloc(l->n_items + 1, sizeof(*paths));
    for (size_t i = 0; i < l->n_items; i++)
        paths[i] = l->items[i].path;
    enum ecosystem e = scanner_guess_ecosystem(paths, l->n_items);
    free(paths);
    return e;
}

/* A Hex tarball whose package files cannot be read was not scanned: that
 * is a hit of its own, never a quiet pass over the metadata alone. */
static void hex_unreadable(struct scanner *sc, const struct diag *hd)
{
    char msg[700];
    snprintf(msg, sizeof(msg), "Hex tarball not readable (%s): its package files were not scanned",
             hd->msg);
    struct archive_problem p = {ARCHIVE_PROBLEM_CORRUPT, "contents.tar.gz", msg};
    scanner_problem(sc, &p);
}

/* A Hex tarball is scanned through its contents; any other archive as is. */
static struct scan_result *scan(const struct rule_set *rs, enum ecosystem eco, const void *buf,
                                size_t len, const char *name, struct diag *d)
{
    struct archive_listing *l = archive_listing_open_inflated(buf, len, name, NULL, d);
    if (!l)
        return NULL;
    diag_clear(d);   /* a corrupt archive is reported as a hit */
    struct hex_tarball *ht = NULL;
    struct diag hd;
    diag_clear(&hd);
    bool hex = archive_listing_find(l, "metadata.config") &&
               archive_listing_find(l, "contents.tar.gz");
    if (hex)
        ht = hex_tarball_open(buf, len, name, NULL, &hd);
    if (eco == ECO_UNKNOWN)
        eco = hex ? ECO_HEX : guess_listing(l);
    struct scanner *sc = scanner_new(rs, eco);
    if (hex && !ht)
        hex_unreadable(sc, &hd);
    if (ht) {
        for (size_t i = 0; i < ht->outer->n_problems; i++)
            scanner_problem(sc, &ht->outer->problems[i]);
        scanner_listing(sc, ht->contents);
    } else {
        scanner_listing(sc, l);
    }
    hex_tarball_free(ht);
    archive_listing_free(l);
    struct scan_result *r = scanner_finish(sc);
    scanner_free(sc);
    return r;
}

struct scan_result *pkgscan_buffer(const struct rule_set *rs, enum ecosystem eco,
                                   const void *buf, size_t len, const unsigned char *sha256,
                                   const char *name, struct store *st, int64_t now,
                                   struct diag *d)
{
    unsigned char digest[32];
    char hex[65];
    if (!sha256) {
        hash_buffer(HASH_SHA256, buf, len, digest);
        sha256 = digest;
    }
    hash_hex_encode(sha256, sizeof(digest), hex);
    /* The same archive scanned for another ecosystem gives other hits. */
    char key[96];
    snprintf(key, sizeof(key), "%s/%s", rs->digest_hex,
             eco == ECO_UNKNOWN ? "auto" : ecosystem_name(eco));
    struct diag cd;
    diag_clear(&cd);
    struct scan_result *res = NULL;
    char *blob = NULL;
    size_t blen = 0;
    if (st && scancache_get(st, hex, key, &blob, &blen, &cd))
        res = scanner_result_parse(blob, blen, &cd);
    free(blob);
    if (res)
        return res;
    res = scan(rs, eco, buf, len, name, d);
    if (res && st) {
        struct strbuf sb = STRBUF_INIT;
        scanner_result_serialize(res, &sb);
        scancache_put(st, hex, key, strbuf_str(&sb), sb.len, now, &cd);
        strbuf_fini(&sb);
    }
    return res;
}

bool pkgscan_db_cache_dir(const char *cache_flag, char *out, size_t cap)
{
    char base[4096];
    if (cache_flag)
        snprintf(base, sizeof(base), "%s", cache_flag);
    else if (!xdg_cache_dir(base, sizeof(base)))
        return false;
    int n = snprintf(out, cap, "%s/prefilter", base);
    return n > 0 && (size_t)n < cap;
}

struct rule_set *pkgscan_rules_load(const char *cache_dir, struct diag *d)
{
    char db[4096];
    return rules_load_dir_cached(pkgscan_rules_dir(),
                                 pkgscan_db_cache_dir(cache_dir, db, sizeof(db)) ? db : NULL, d);
}

void pkgscan_rules_free(struct rule_set *rs)
{
    rules_free(rs);
}
