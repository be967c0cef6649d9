/* `depvet info ECO:NAME[@VERSION]`: a package's reputation record. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "depvet/cli/commands.h"
#include "depvet/core/json.h"
#include "depvet/core/numfmt.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/timeutil.h"
#include "depvet/engine/dlhistory.h"
#include "depvet/engine/info.h"

enum { O_FORMAT, O_OFFLINE, O_CACHE, O_CACERT, O_COUNT };

static const struct opt_def info_opts[O_COUNT] = {
    [O_FORMAT] = {"format", 'f', OPT_STRING, "FMT", "text (default) or json", 0, 0},
    [O_OFFLINE] = {"offline", 0, OPT_FLAG, NULL, "use the cache only", 0, 0},
    [O_CACHE] = OPT_DEF_CACHE,
    [O_CACERT] = {"cacert", 0, OPT_STRING, "FILE", "also trust the CA certificates in FILE", 0, 0},
};

static void date_of(int64_t t, char *out, size_t n)
{
    if (!t) {
        snprintf(out, n, "unknown date");
        return;
    }
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, n, "%Y-%m-%d", &tm);
}

static void age_of(int64_t then, int64_t now, char *out, size_t n)
{
    int64_t days = then && now >= then ? (now - then) / 86400 : -1;
    if (days < 0)
        snprintf(out, n, "?");
    else if (days < 1)
        snprintf(out, n, "%lld hours", (long long)((now - then) / 3600));
    else if (days < 60)
        snprintf(out, n, "%lld days", (long long)days);
    else if (days < 730)
        snprintf(out, n, "%lld months", (long long)(days / 30));
    else
        snprintf(out, n, "%lld years", (long long)(days / 365));
}

/* Prints "  label  value" with value made terminal-safe. */
static void field(const char *label, const char *value)
{
    struct strbuf sb = STRBUF_INIT;
    termsafe_append(&sb, value ? value : "-", strlen(value ? value : "-"), 0);
    printf("  %-14s %s\n", label, strbuf_str(&sb));
    strbuf_fini(&sb);
}

/* The download history as one line of bars, and where Hex's comes from. */
static void print_history(const struct reg_package *p, struct strbuf *sb)
{
    struct dlhistory h;
    char note[128];
    bool drawn = dlhistory_build(p, DLHISTORY_MAX, &h);
    dlhistory_note(&h, note, sizeof(note));
    strbuf_reset(sb);
    if (drawn) {
        strbuf_printf(sb, "%s ", dlhistory_unit(&h));
        dlhistory_bars(&h, false, sb);
    }
    if (note[0])
        strbuf_printf(sb, "%s%s", drawn ? " (" : "", note);
    if (note[0] && drawn)
        strbuf_putc(sb, ')');
    if (sb->len)
        field("history", strbuf_str(sb));
}

static void print_owners(const struct reputation *r, struct strbuf *sb)
{
    const struct reg_package *p = r->pkg;
    strbuf_reset(sb);
    for (size_t i = 0; i < p->n_owners; i++)
        strbuf_printf(sb, "%s%s", i ? ", " : "",
                      p->owners[i].name ? p->owners[i].name
                      : p->owners[i].email ? p->owners[i].email : "?");
    field("owners", p->n_owners ? strbuf_str(sb) : "unknown");
    for (size_t i = 0; i < r->n_owner_events; i++) {
        const struct owner_event *e = &r->owner_events[i];
        char date[32];
        date_of(e->when, date, sizeof(date));
        strbuf_reset(sb);
        strbuf_printf(sb, "%s %s (seen %s)", e->added ? "added" : "removed",
                      e->name ? e->name : e->email ? e->email : "?", date);
        field(i ? "" : "owner changes", strbuf_str(sb));
    }
}

static void print_publishers(const struct reputation *r, struct strbuf *sb)
{
    for (size_t i = 0; i < r->n_publishers; i++) {
        const struct publisher_entry *e = &r->publishers[i];
        char date[32];
        date_of(e->published, date, sizeof(date));
        strbuf_reset(sb);
        strbuf_printf(sb, "%s  %s  %s", e->version, date,
                      e->publisher ? e->publisher : "(publisher unknown)");
        char first[192];
        publisher_first_describe(e, first, sizeof(first));
        if (first[0])
            strbuf_printf(sb, "  %s", first);
        field(i ? "" : "publishers", strbuf_str(sb));
    }
}

static void print_provenance(const struct reputation *r, struct strbuf *sb)
{
    for (size_t i = 0; i < r->n_provenance; i++) {
        const struct provenance_line *l = &r->provenance[i];
        char words[512];
        reputation_provenance_words(l, words, sizeof(words));
        strbuf_reset(sb);
        strbuf_printf(sb, "%s %s: %s%s", l->version, l->role, words,
                      l->changed ? "  CHANGED from the pin" : "");
        field(i ? "" : "provenance", strbuf_str(sb));
    }
}

static void print_status(const struct reputation *r, struct strbuf *sb)
{
    const struct reg_package *p = r->pkg;
    if (p->deprecated) {
        strbuf_reset(sb);
        strbuf_printf(sb, "package deprecated%s%s", p->deprecation_message ? ": " : "",
                      p->deprecation_message ? p->deprecation_message : "");
        field("status", strbuf_str(sb));
    }
    const struct reg_release *pin = r->pinned_release;
    if (pin && (pin->yanked || pin->retired || pin->deprecated)) {
        strbuf_reset(sb);
        strbuf_printf(sb, "%s %s", pin->version,
                      pin->retired ? "retired" : pin->yanked ? "yanked" : "deprecated");
        if (pin->status_reason)
            strbuf_printf(sb, " (%s)", pin->status_reason);
        if (pin->status_message)
            strbuf_printf(sb, ": %s", pin->status_message);
        field("pinned status", strbuf_str(sb));
    }
}

static void print_text(const struct info_result *res)
{
    const struct reputation *r = &res->rep;
    const struct reg_package *p = r->pkg;
    struct strbuf sb = STRBUF_INIT;
    char a[64], b[64];
    date_of(res->facts_at, a, sizeof(a));
    age_of(res->facts_at, r->now, b, sizeof(b));
    strbuf_printf(&sb, "%s (%s), facts from %s, %s old%s", p->name, ecosystem_name(p->eco),
                  a, b, res->refreshed ? "" : " (from the cache)");
    field("package", strbuf_str(&sb));
    field("description", p->description);
    date_of(r->first_release, a, sizeof(a));
    age_of(r->first_release, r->now, b, sizeof(b));
    strbuf_reset(&sb);
    if (r->first_version)
        strbuf_printf(&sb, "%s, ", r->first_version);
    strbuf_printf(&sb, "%s (%s ago)", a, b);
    field("first release", strbuf_str(&sb));
    date_of(r->latest_published, a, sizeof(a));
    strbuf_reset(&sb);
    strbuf_printf(&sb, "%s, %s", r->latest ? r->latest : "?", a);
    if (r->pinned)
        strbuf_printf(&sb, "  (pinned %s: %u release%s behind)", r->pinned, r->behind,
                      r->behind == 1 ? "" : "s");
    field("latest", strbuf_str(&sb));
    strbuf_reset(&sb);
    strbuf_printf(&sb, "%s in the last year, ", count_grouped(r->releases_last_year, a, sizeof(a)));
    strbuf_printf(&sb, "%s in all", count_grouped(r->n_releases, a, sizeof(a)));
    field("releases", strbuf_str(&sb));
    char words[256];
    reputation_dependents_words(r, words, sizeof(words));
    field("dependents", words);
    reputation_downloads_words(&p->downloads, words, sizeof(words));
    field("downloads", words);
    print_history(p, &sb);
    field("licence", p->license);
    field("repository", p->repository);
    print_owners(r, &sb);
    print_publishers(r, &sb);
    print_provenance(r, &sb);
    print_status(r, &sb);
    if (res->refresh_error[0])
        field("refresh", res->refresh_error);
    strbuf_fini(&sb);
}

static void json_num_kv(struct strbuf *sb, const char *key, int64_t v)
{
    if (v == REG_UNKNOWN)
        strbuf_printf(sb, ",\"%s\":null", key);
    else
        strbuf_printf(sb, ",\"%s\":%lld", key, (long long)v);
}

static void json_provenance(const struct reputation *r, struct strbuf *sb)
{
    static const char *const attest_json_table[] = {"unknown", "none", "present"};
    strbuf_puts(sb, ",\"provenance\":[");
    for (size_t i = 0; i < r->n_provenance; i++) {
        const struct provenance_line *l = &r->provenance[i];
        strbuf_puts(sb, i ? ",{" : "{");
        json_put_member(sb, "version", l->version, false);
        json_put_member(sb, "role", l->role, true);
        json_put_member(sb, "attested", attest_json_table[l->attest], true);
        json_put_member(sb, "identity", l->identity, true);
        strbuf_printf(sb, ",\"changed\":%s}", l->changed ? "true" : "false");
    }
    strbuf_putc(sb, ']');
}

static void print_json(const struct info_result *res)
{
    const struct reputation *r = &res->rep;
    const struct reg_package *p = r->pkg;
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{\"schema\":\"depvet.info/1\"");
    json_put_member(&sb, "ecosystem", ecosystem_name(p->eco), true);
    json_put_member(&sb, "name", p->name, true);
    json_put_member(&sb, "description", p->description, true);
    json_num_kv(&sb, "facts_at", res->facts_at);
    json_num_kv(&sb, "facts_age_seconds", res->facts_at ? r->now - res->facts_at : REG_UNKNOWN);
    strbuf_printf(&sb, ",\"refreshed\":%s", res->refreshed ? "true" : "false");
    json_put_member(&sb, "first_version", r->first_version, true);
    json_num_kv(&sb, "first_release", r->first_release ? r->first_release : REG_UNKNOWN);
    json_put_member(&sb, "latest", r->latest, true);
    json_put_member(&sb, "pinned", r->pinned, true);
    strbuf_printf(&sb, ",\"releases_behind\":%u,\"releases_last_year\":%u,\"releases\":%u",
                  r->behind, r->releases_last_year, r->n_releases);
    json_num_kv(&sb, "dependents", p->dependents);
    json_num_kv(&sb, "direct_dependents", p->direct_dependents);
    strbuf_printf(&sb, ",\"dependents_at_least\":%s", r->dependents_at_least ? "true" : "false");
    json_num_kv(&sb, "downloads_total", p->downloads.total);
    json_num_kv(&sb, "downloads_recent", p->downloads.recent);
    json_num_kv(&sb, "downloads_recent_days", p->downloads.recent_days);
    json_put_member(&sb, "license", p->license, true);
    json_put_member(&sb, "repository", p->repository, true);
    strbuf_printf(&sb, ",\"deprecated\":%s", p->deprecated ? "true" : "false");
    strbuf_puts(&sb, ",\"owners\":[");
    for (size_t i = 0; i < p->n_owners; i++) {
        strbuf_puts(&sb, i ? ",{" : "{");
        json_put_member(&sb, "name", p->owners[i].name, false);
        json_put_member(&sb, "email", p->owners[i].email, true);
        strbuf_putc(&sb, '}');
    }
    strbuf_puts(&sb, "],\"owner_events\":[");
    for (size_t i = 0; i < r->n_owner_events; i++) {
        const struct owner_event *e = &r->owner_events[i];
        strbuf_printf(&sb, "%s{\"when\":%lld,\"change\":\"%s\"", i ? "," : "",
                      (long long)e->when, e->added ? "added" : "removed");
        json_put_member(&sb, "name", e->name, true);
        strbuf_putc(&sb, '}');
    }
    strbuf_puts(&sb, "],\"publishers\":[");
    for (size_t i = 0; i < r->n_publishers; i++) {
        const struct publisher_entry *e = &r->publishers[i];
        strbuf_puts(&sb, i ? ",{" : "{");
        json_put_member(&sb, "version", e->version, false);
        json_num_kv(&sb, "published", e->published ? e->published : REG_UNKNOWN);
        json_put_member(&sb, "publisher", e->publisher, true);
        static const char *const first_json_table[] = {"no", "since_watching", "known"};
        strbuf_printf(&sb, ",\"first_time\":%s,\"first_release_by_publisher\":\"%s\"}",
                      e->first_time ? "true" : "false", first_json_table[e->first]);
    }
    strbuf_putc(&sb, ']');
    json_provenance(r, &sb);
    const struct reg_release *pin = r->pinned_release;
    if (pin) {
        strbuf_printf(&sb, ",\"pinned_release\":{\"yanked\":%s,\"retired\":%s,\"deprecated\":%s",
                      pin->yanked ? "true" : "false", pin->retired ? "true" : "false",
                      pin->deprecated ? "true" : "false");
        json_put_member(&sb, "reason", pin->status_reason, true);
        json_put_member(&sb, "message", pin->status_message, true);
        json_num_kv(&sb, "published", pin->published ? pin->published : REG_UNKNOWN);
        strbuf_putc(&sb, '}');
    }
    json_put_member(&sb, "refresh_error", res->refresh_error[0] ? res->refresh_error : NULL, true);
    strbuf_puts(&sb, "}\n");
    fwrite(sb.buf, 1, sb.len, stdout);
    strbuf_fini(&sb);
}

static int info_run(const struct cli_command *self, struct cli_ctx *cx)
{
    (void)self;
    const struct opt_value *v = cx->v;
    const char *const *pos = cx->pos;
    unsigned npos = cx->npos;
    const char *format = v[O_FORMAT].set ? v[O_FORMAT].str : "text";
    if (!npos || (strcmp(format, "text") && strcmp(format, "json"))) {
        fprintf(stderr, "depvet info: %s\nhint: run 'depvet help info' for usage\n",
                npos ? "unknown format" : "which package? e.g. depvet info hex:plug");
        return EXIT_USAGE;
    }
    struct diag *d = &cx->d;
    struct info_request q;
    if (!info_parse_spec(cx->a, pos[0], &q, d))
        return EXIT_USAGE;
    q.offline = v[O_OFFLINE].set;
    q.now = timeutil_now();
    struct engine_config cfg;
    bool cfg_ok = cli_config_load(&cfg, ".", &v[O_CACERT], NULL, d);
    q.cache_dir = engine_config_cache_dir(&cfg, v[O_CACHE].str);
    struct info_result res;
    if (!cfg_ok || !info_lookup(&q, &cfg, cx->a, &res, d))
        return EXIT_FAILURE_;
    if (strcmp(format, "json") == 0)
        print_json(&res);
    else
        print_text(&res);
    return 0;
}

const struct cli_command cmd_info_entry = {
    .name = "info",
    .args = "ECOSYSTEM:NAME[@VERSION]",
    .summary = "show a package's reputation: age, releases, owners, publishers, downloads",
    .details =
        "ECOSYSTEM is hex, pypi or npm.  The facts are refreshed first when older\n"
        "than their time-to-live (not with --offline), then read from the cache;\n"
        "the first line says how old they are.  With @VERSION, the pinned release's\n"
        "status and how many releases it is behind are shown.  Owner changes come\n"
        "from the snapshots that earlier refreshes kept.  Exit status: 0, 1 when\n"
        "the package is unknown or unreachable, 2 on usage errors.",
    .opts = info_opts,
    .nopts = O_COUNT,
    .max_pos = 1,
    .run = info_run,
};
