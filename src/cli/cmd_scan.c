/* `depvet scan FILE|DIR`: the malicious-code scanner over one local package
 * archive (Hex tarball, sdist, wheel, npm .tgz) or a folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "depvet/cli/commands.h"
#include "depvet/cli/out_sarif.h"
#include "depvet/cli/progress.h"
#include "depvet/core/fileio.h"
#include "depvet/core/json.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/timeutil.h"
#include "depvet/core/vec.h"
#include "depvet/engine/scanjob.h"

enum { O_FORMAT, O_RULES, O_MIN, O_FAIL_ON, O_ECO, O_NO_CACHE, O_CACHE, O_COUNT };

static const struct opt_def scan_opts[O_COUNT] = {
    [O_FORMAT] = {"format", 'f', OPT_STRING, "FMT", "text (default), json or sarif", 0, 0},
    [O_RULES] = {"rules", 0, OPT_STRING, "DIR", "rule files (default: $DEPVET_RULES_DIR or the installed rules)", 0, 0},
    [O_MIN] = {"min-severity", 0, OPT_STRING, "SEV", "show hits at or above SEV (default info)", 0, 0},
    [O_FAIL_ON] = {"fail-on", 0, OPT_STRING, "SEV", "exit 1 when a hit at or above SEV exists (default high)", 0, 0},
    [O_ECO] = {"ecosystem", 'e', OPT_STRING, "ECO", "hex, pypi or npm (default: guessed from the files)", 0, 0},
    [O_NO_CACHE] = {"no-cache", 0, OPT_FLAG, NULL, "neither read nor store cached results", 0, 0},
    [O_CACHE] = OPT_DEF_CACHE,
};

/* ---- output ------------------------------------------------------------ */

struct file_group {
    const char *file;
    VEC(const struct scan_hit *) hits;
};

static int cmp_line(const void *a, const void *b)
{
    const struct scan_hit *x = *(const struct scan_hit *const *)a;
    const struct scan_hit *y = *(const struct scan_hit *const *)b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->severity > y->severity ? -1 : x->severity < y->severity;
}

/* Hits come most severe first, so groups come out ordered by their worst
 * hit; inside a group, by line. */
static size_t group_hits(const struct scan_result *r, enum scan_severity min,
                         struct file_group **out)
{
    struct file_group *g = xcalloc(r->n_hits + 1, sizeof(*g));
    size_t n = 0;
    for (size_t i = 0; i < r->n_hits; i++) {
        const struct scan_hit *h = &r->hits[i];
        if (h->severity < min)
            continue;
        size_t k = 0;
        while (k < n && strcmp(g[k].file, h->file) != 0)
            k++;
        if (k == n)
            g[n++].file = h->file;
        VEC_PUSH(&g[k].hits, h);
    }
    for (size_t k = 0; k < n; k++)
        qsort(g[k].hits.items, g[k].hits.len, sizeof(*g[k].hits.items), cmp_line);
    *out = g;
    return n;
}

static void print_text(const struct scan_result *r, const struct file_group *g, size_t ng,
                       const char *target)
{
    struct strbuf sb = STRBUF_INIT;
    unsigned counts[SCAN_SEV_COUNT] = {0};
    for (size_t k = 0; k < ng; k++) {
        strbuf_reset(&sb);
        termsafe_append(&sb, g[k].file[0] ? g[k].file : target, strlen(g[k].file[0] ? g[k].file : target), 0);
        printf("%s\n", strbuf_str(&sb));
        for (size_t i = 0; i < g[k].hits.len; i++) {
            const struct scan_hit *h = g[k].hits.items[i];
            counts[h->severity]++;
            strbuf_reset(&sb);
            termsafe_append(&sb, h->message, strlen(h->message), 0);
            char line[16] = "-";
            if (h->line)
                snprintf(line, sizeof(line), "%u", h->line);
            printf("  %-8s %6s  %-24s %s\n", rules_severity_name(h->severity), line, h->rule,
                   strbuf_str(&sb));
            if (h->excerpt && *h->excerpt)
                printf("  %8s %6s  %s\n", "", "", h->excerpt);
        }
    }
    size_t shown = 0;
    for (int s = 0; s < SCAN_SEV_COUNT; s++)
        shown += counts[s];
    printf("%s%zu hits in %zu files (%u critical, %u high, %u medium, %u low, %u info); "
           "%zu text files (%.1f MB) and %zu binaries scanned\n",
           ng ? "\n" : "", shown, ng, counts[SCAN_SEV_CRITICAL], counts[SCAN_SEV_HIGH],
           counts[SCAN_SEV_MEDIUM], counts[SCAN_SEV_LOW], counts[SCAN_SEV_INFO], r->files_text,
           (double)r->bytes_text / 1e6, r->files_binary);
    strbuf_fini(&sb);
}

static void print_json(const struct scan_result *r, const struct file_group *g, size_t ng,
                       const struct rule_set *rs, const char *target)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{\"target\":");
    json_put_string(&sb, target);
    strbuf_printf(&sb, ",\"ecosystem\":\"%s\",\"rules_digest\":\"%s\",\"files_text\":%zu,"
                  "\"files_binary\":%zu,\"bytes_text\":%llu,\"hits\":[",
                  r->ecosystem == ECO_UNKNOWN ? "" : ecosystem_name(r->ecosystem), rs->digest_hex,
                  r->files_text, r->files_binary, (unsigned long long)r->bytes_text);
    bool first = true;
    for (size_t k = 0; k < ng; k++)
        for (size_t i = 0; i < g[k].hits.len; i++) {
            const struct scan_hit *h = g[k].hits.items[i];
            strbuf_puts(&sb, first ? "{\"rule\":" : ",{\"rule\":");
            first = false;
            json_put_string(&sb, h->rule);
            strbuf_printf(&sb, ",\"severity\":\"%s\",\"file\":", rules_severity_name(h->severity));
            json_put_string(&sb, h->file);
            strbuf_printf(&sb, ",\"line\":%u,\"excerpt\":", h->line);
            json_put_string(&sb, h->excerpt ? h->excerpt : "");
            strbuf_puts(&sb, ",\"message\":");
            json_put_string(&sb, h->message);
            strbuf_putc(&sb, '}');
        }
    strbuf_puts(&sb, "]}\n");
    fputs(strbuf_str(&sb), stdout);
    strbuf_fini(&sb);
}

/* ---- entry ------------------------------------------------------------- */

static bool parse_sev(const char *cmd, const struct opt_value *v, enum scan_severity dflt,
                      enum scan_severity *out)
{
    *out = dflt;
    if (v->set && !rules_severity_parse(v->str, out)) {
        fprintf(stderr, "depvet %s: unknown severity '%s'\nhint: use info, low, medium, "
                "high or critical\n", cmd, v->str);
        return false;
    }
    return true;
}

static int finish(const struct scan_result *res, const struct opt_value *v,
                  const struct rule_set *rs, const char *target)
{
    enum scan_severity min, fail_on;
    parse_sev("scan", &v[O_MIN], SCAN_SEV_INFO, &min);
    parse_sev("scan", &v[O_FAIL_ON], SCAN_SEV_HIGH, &fail_on);
    struct file_group *g;
    size_t ng = group_hits(res, min, &g);
    if (v[O_FORMAT].set && strcmp(v[O_FORMAT].str, "json") == 0)
        print_json(res, g, ng, rs, target);
    else if (v[O_FORMAT].set && strcmp(v[O_FORMAT].str, "sarif") == 0)
        out_sarif_scan(stdout, &(struct out_scan){res, rs, target,
                                                  file_is_dir(target) ? OUT_SCAN_FOLDER
                                                  : file_exists(target) ? OUT_SCAN_ARCHIVE
                                                                        : OUT_SCAN_RELEASE, min});
    else
        print_text(res, g, ng, target);
    int rc = EXIT_SUCCESS_;
    for (size_t i = 0; i < res->n_hits; i++)
        if (res->hits[i].severity >= fail_on)
            rc = EXIT_FAILURE_;
    for (size_t k = 0; k < ng; k++)
        VEC_FREE(&g[k].hits);
    free(g);
    return rc;
}

static int scan_run(const struct cli_command *self, struct cli_ctx *cx)
{
    (void)self;
    const struct opt_value *v = cx->v;
    const char *const *pos = cx->pos;
    unsigned npos = cx->npos;
    enum scan_severity sev;
    const char *format = v[O_FORMAT].set ? v[O_FORMAT].str : "text";
    enum ecosystem eco = ECO_UNKNOWN;
    if (npos != 1 || !parse_sev("scan", &v[O_MIN], SCAN_SEV_INFO, &sev) ||
        !parse_sev("scan", &v[O_FAIL_ON], SCAN_SEV_HIGH, &sev) ||
        (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "sarif")) ||
        (v[O_ECO].set && !ecosystem_parse(v[O_ECO].str, &eco))) {
        if (npos != 1)
            fprintf(stderr, "depvet scan: give one FILE or folder\n");
        else if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "sarif"))
            fprintf(stderr, "depvet scan: unknown format '%s'\n", format);
        else if (v[O_ECO].set && eco == ECO_UNKNOWN)
            fprintf(stderr, "depvet scan: unknown ecosystem '%s'\n", v[O_ECO].str);
        fprintf(stderr, "hint: run 'depvet help scan' for usage\n");
        return EXIT_USAGE;
    }
    /* Not a path: ECOSYSTEM:NAME@VERSION (an npm scope's '@' comes first). */
    const char *colon = file_exists(pos[0]) ? NULL : strchr(pos[0], ':');
    bool release = colon && colon[1] && strchr(colon + 2, '@');
    if (colon && !release) {
        fprintf(stderr, "depvet scan: %s: no such file; a release is written "
                "ECOSYSTEM:NAME@VERSION\nhint: run 'depvet help scan' for usage\n", pos[0]);
        return EXIT_USAGE;
    }
    struct scan_request q = {
        .target = pos[0], .rules_dir = v[O_RULES].set ? v[O_RULES].str : NULL, .eco = eco,
        .kind = file_is_dir(pos[0]) ? SCAN_FOLDER : release ? SCAN_RELEASE : SCAN_FILE,
        .use_cache = !v[O_NO_CACHE].set, .cache_flag = v[O_CACHE].str, .now = timeutil_now(),
    };
    /* The job's files done of its total, on a terminal only. */
    struct progress *p = isatty(STDERR_FILENO) ? progress_new(stderr, "scan", 0) : NULL;
    q.progress = p ? progress_watch : NULL;
    q.progress_ud = p;
    struct scan_outcome o;
    bool ran = scanjob_run(&q, &o);
    progress_free(p);
    int rc = ran ? finish(o.res, v, o.rs, pos[0]) : o.bad_rules ? EXIT_USAGE : EXIT_FAILURE_;
    if (!ran)
        cx->d = o.d;
    scan_outcome_fini(&o);
    return rc;
}

const struct cli_command cmd_scan_entry = {
    .name = "scan",
    .args = "FILE|DIR|ECOSYSTEM:NAME@VERSION",
    .summary = "scan a package archive or folder for malicious code",
    .details =
        "Reads a Hex tarball, an sdist (.tar.gz, .tar.bz2, .zip), a wheel or an npm\n"
        ".tgz in memory (nothing is extracted), or walks a folder, and runs the\n"
        "rules of depvet-rules(5) over every text file.  Native binaries are\n"
        "reported by kind; links, absolute or '..' paths and archive bombs become\n"
        "hits too.  Hits are grouped by file, most severe first.  Archive results\n"
        "are cached by (archive SHA-256, rule-set digest).  ECOSYSTEM:NAME@VERSION\n"
        "scans that release's archive, from the cache or downloaded and verified\n"
        "as `depvet fetch` does.  Exit status: 1 when a\n"
        "hit at or above --fail-on exists (or the input cannot be read), 0\n"
        "otherwise, 2 on usage errors or bad rule files.",
    .opts = scan_opts,
    .nopts = O_COUNT,
    .max_pos = 1,
    .run = scan_run,
};
