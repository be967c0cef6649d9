/* Rules over a package's registry record: retirement, yanks, deprecation
 * and successors, age and activity, publishers and owners, repository
 * links, checksums the registry disagrees with, private names seen in
 * public.  One function per rule, registered in rules_registry_table. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "depvet/analysis/regex.h"
#include "depvet/core/hash.h"
#include "depvet/core/timeutil.h"
#include "depvet/engine/findings.h"
#include "depvet/store/model.h"

#define DAY 86400
#define OWNER_WINDOW_DAYS 30
#define STALE_DAYS (2 * 365)
#define YOUNG_PACKAGE_DAYS 30
#define YOUNG_RELEASE_DAYS 7
#define FEW_DOWNLOADS 50       /* in the registry's recent window */

static const char *pinned_version(const struct rule_ctx *c)
{
    return c->pinned ? c->pinned->version : c->node->version;
}

static void rule_retired(struct rule_ctx *c)
{
    const struct reg_release *r = c->pinned;
    if (!r || !r->retired)
        return;
    bool security = r->status_reason && strcmp(r->status_reason, "security") == 0;
    rule_emit(c, "retired", security ? SEV_HIGH : SEV_MEDIUM, NULL, r->status_message,
              "%s is retired (%s)%s%s", r->version, r->status_reason ? r->status_reason : "no reason",
              r->status_message ? ": " : "", r->status_message ? r->status_message : "");
}

static void rule_yanked(struct rule_ctx *c)
{
    const struct reg_release *r = c->pinned;
    if (!r || !r->yanked)
        return;
    const char *why = r->status_reason ? r->status_reason : r->status_message;
    rule_emit(c, "yanked", SEV_MEDIUM, NULL, why, "%s was yanked%s%s", r->version,
              why ? ": " : "", why ? why : "");
}

static void rule_deprecated(struct rule_ctx *c)
{
    const struct reg_release *r = c->pinned;
    const char *msg = r && r->deprecated ? r->status_message : NULL;
    if (r && r->deprecated)
        rule_emit(c, "deprecated", SEV_MEDIUM, NULL, msg, "%s is deprecated%s%s", r->version,
                  msg ? ": " : "", msg ? msg : "");
    else if (c->pkg->deprecated)
        rule_emit(c, "deprecated", SEV_MEDIUM, NULL, c->pkg->deprecation_message,
                  "the package is deprecated%s%s", c->pkg->deprecation_message ? ": " : "",
                  c->pkg->deprecation_message ? c->pkg->deprecation_message : "");
}

/* A retirement, yank or deprecation note naming where to go instead (a
 * PyPI yank's only note is its reason). */
static void rule_superseded(struct rule_ctx *c)
{
    const char *notes[] = {
        c->pinned ? c->pinned->status_message : NULL,
        c->pinned && c->pinned->yanked ? c->pinned->status_reason : NULL,
        c->pkg->deprecation_message, c->pkg->status, c->pkg->description,
    };
    struct regex *re = regex_new("(?:replaced by|renamed to|moved to|superseded by|"
                                 "in favou?r of|successor(?: is)?|migrate to|"
                                 "use|switch to)\\s+[`'\"]?([A-Za-z0-9][A-Za-z0-9_.@/-]*)",
                                 REGEX_CASELESS, "superseded", NULL);
    for (size_t i = 0; re && i < sizeof(notes) / sizeof(*notes); i++) {
        char succ[128];
        if (!notes[i] || !regex_capture(re, notes[i], strlen(notes[i]), 1, succ, sizeof(succ)))
            continue;
        size_t n = strlen(succ);
        while (n && strchr(".-/", succ[n - 1]))
            succ[--n] = '\0';
        /* "use 1.15.3" names a version of the same package, not a successor. */
        if (!n || (succ[0] >= '0' && succ[0] <= '9') || strcasecmp(succ, c->pkg->name) == 0)
            continue;
        rule_emit(c, "superseded", SEV_LOW, NULL, notes[i], "superseded by %s", succ);
        break;
    }
    regex_free(re);
}

static void rule_stale(struct rule_ctx *c)
{
    int64_t last = 0;
    for (size_t i = 0; i < c->pkg->n_releases; i++)
        if (c->pkg->releases[i].published > last)
            last = c->pkg->releases[i].published;
    if (last && c->in->now - last > STALE_DAYS * (int64_t)DAY)
        rule_emit(c, "stale", SEV_LOW, NULL, NULL, "no release for %lld days",
                  (long long)((c->in->now - last) / DAY));
}

/* "N days ago", or the day itself when it lies after now (a wrong clock or
 * a wrong registry date: never a negative age). */
static void age_text(const struct rule_ctx *c, int64_t t, char *out, size_t n)
{
    if (t > c->in->now) {
        char day[16];
        timeutil_format_date(t, "?", day, sizeof(day));
        snprintf(out, n, "on %s, after today (check the clock)", day);
    } else {
        snprintf(out, n, "%lld days ago", (long long)((c->in->now - t) / DAY));
    }
}

static void rule_young(struct rule_ctx *c)
{
    char age[80];
    int64_t first = c->rep->first_release;
    if (first && c->in->now - first < YOUNG_PACKAGE_DAYS * (int64_t)DAY) {
        age_text(c, first, age, sizeof(age));
        rule_emit(c, "young-package", SEV_MEDIUM, NULL, NULL, "first release %s%s",
                  first > c->in->now ? "" : "only ", age);
    }
    /* A cooldown in the policy replaces the fixed young-release rule. */
    int64_t pub = c->pinned ? c->pinned->published : 0;
    if (pub && c->in->now - pub < YOUNG_RELEASE_DAYS * (int64_t)DAY &&
        !c->in->cfg->policy.min_release_age) {
        age_text(c, pub, age, sizeof(age));
        rule_emit(c, "young-release", SEV_LOW, NULL, NULL, "%s was published %s",
                  c->pinned->version, age);
    }
}

static void rule_few_downloads(struct rule_ctx *c)
{
    const struct reg_downloads *dl = &c->pkg->downloads;
    if (dl->recent != REG_UNKNOWN && dl->recent < FEW_DOWNLOADS)
        rule_emit(c, "few-downloads", SEV_LOW, NULL, NULL,
                  "only %lld downloads in the last %lld days", (long long)dl->recent,
                  (long long)(dl->recent_days != REG_UNKNOWN ? dl->recent_days : 0));
}

/* Did someone else publish an earlier release?  Without that, "first
 * release by X" only means the registry kept no older publishers. */
static bool earlier_other_publisher(const struct reputation *rep, size_t at)
{
    const struct publisher_entry *p = &rep->publishers[at];
    for (size_t k = 0; k < rep->n_publishers; k++) {
        const struct publisher_entry *o = &rep->publishers[k];
        if (o->publisher && strcmp(o->publisher, p->publisher) != 0 &&
            o->published && o->published < p->published)
            return true;
    }
    return false;
}

/* The pinned release is the first one its publisher ever published, after
 * releases by others. */
static void rule_first_publisher(struct rule_ctx *c)
{
    for (size_t i = 0; i < c->rep->n_publishers; i++) {
        const struct publisher_entry *p = &c->rep->publishers[i];
        if (!p->first_time || !p->publisher || strcmp(p->version, pinned_version(c)) != 0 ||
            !earlier_other_publisher(c->rep, i))
            continue;
        rule_emit(c, "first-publisher", SEV_MEDIUM, NULL, NULL,
                  "%s is the first release published by %s", p->version, p->publisher);
    }
}

static const char *domain_of(const char *email)
{
    const char *at = email ? strrchr(email, '@') : NULL;
    return at && at[1] ? at + 1 : NULL;
}

/* Owners added or removed shortly before the pinned release; an added
 * owner whose mail domain no other owner shares. */
static void rule_owner_change(struct rule_ctx *c)
{
    int64_t pub = c->pinned ? c->pinned->published : 0;
    for (size_t i = 0; i < c->rep->n_owner_events; i++) {
        const struct owner_event *e = &c->rep->owner_events[i];
        int64_t before = pub - e->when;
        if (pub && before >= 0 && before <= OWNER_WINDOW_DAYS * (int64_t)DAY)
            rule_emit(c, "owner-change", e->added ? SEV_HIGH : SEV_MEDIUM, NULL, e->email,
                      "owner %s was %s %lld days before %s", e->name,
                      e->added ? "added" : "removed", (long long)(before / DAY),
                      c->pinned->version);
        const char *dom = e->added ? domain_of(e->email) : NULL;
        bool shared = false;
        for (size_t k = 0; dom && k < c->pkg->n_owners && !shared; k++) {
            const char *other = domain_of(c->pkg->owners[k].email);
            shared = other && strcmp(c->pkg->owners[k].name ? c->pkg->owners[k].name : "",
                                     e->name ? e->name : "") != 0 &&
                     strcasecmp(other, dom) == 0;
        }
        if (dom && !shared && c->pkg->n_owners > 1)
            rule_emit(c, "new-email-domain", SEV_MEDIUM, NULL, e->email,
                      "new owner %s has a mail domain no other owner uses (%s)", e->name, dom);
    }
}

/* Lower case, letters and digits only: "Elixir-Plug" ~ "elixir_plug". */
static void squash(const char *s, char *out, size_t n)
{
    size_t w = 0;
    for (; *s && w + 1 < n; s++) {
        char ch = *s;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
            out[w++] = ch;
    }
    out[w] = '\0';
}

static void rule_repository(struct rule_ctx *c)
{
    const char *repo = c->pkg->repository;
    if (!repo)
        repo = reg_links_repository(c->pkg->links, c->pkg->n_links);
    if (!repo) {
        rule_emit(c, "no-repository", SEV_LOW, NULL, NULL, "no source repository link");
        return;
    }
    /* The repository should be named like the package (its last path part,
     * scope and separators aside). */
    const char *name = strrchr(c->pkg->name ? c->pkg->name : c->node->name, '/');
    name = name ? name + 1 : (c->pkg->name ? c->pkg->name : c->node->name);
    char want[128], have[1024];
    squash(name, want, sizeof(want));
    squash(repo, have, sizeof(have));
    if (want[0] && !strstr(have, want))
        rule_emit(c, "repository-mismatch", SEV_INFO, repo, repo,
                  "the repository link does not name the package");
}

/* Digest strings as bytes: hex or base64. */
static size_t digest_bytes(const char *v, unsigned char *out, size_t cap)
{
    size_t n = 0, len = strlen(v);
    if (hash_hex_decode(v, len, out, cap, &n) || hash_base64_decode(v, len, out, cap, &n))
        return n;
    return 0;
}

static bool same_digest(const char *a, const char *b)
{
    unsigned char x[64], y[64];
    size_t nx = digest_bytes(a, x, sizeof(x)), ny = digest_bytes(b, y, sizeof(y));
    return nx && nx == ny && hash_equal_ct(x, y, nx);
}

static void checksum_mismatch(struct rule_ctx *c, const char *lock, const char *registry)
{
    char ev[512];
    snprintf(ev, sizeof(ev), "lockfile %s, registry %s", lock, registry);
    rule_emit(c, "checksum-mismatch", SEV_CRITICAL, NULL, ev,
              "the lockfile's checksum for %s differs from the registry's", c->pinned->version);
}

/* The lockfile's digest must be one the registry gives for that release. */
static void rule_checksum(struct rule_ctx *c)
{
    const struct reg_release *r = c->pinned;
    const struct dep_node *n = c->node;
    if (!r)
        return;
    bool have_lock = false, matched = false;
    const char *lock = NULL, *reg = NULL;
    for (unsigned i = 0; i < n->n_checksums; i++) {
        const struct checksum *k = &n->checksums[i];
        if (n->eco == ECO_HEX && r->sha256 && k->what && strcmp(k->what, "outer") == 0) {
            have_lock = true, lock = k->value, reg = r->sha256;
            matched |= same_digest(k->value, r->sha256);
        } else if (n->eco == ECO_NPM && r->integrity && strncmp(r->integrity, k->algo, strlen(k->algo)) == 0 &&
                   r->integrity[strlen(k->algo)] == '-') {
            have_lock = true, lock = k->value, reg = r->integrity;
            matched |= same_digest(k->value, r->integrity + strlen(k->algo) + 1);
        } else if (n->eco == ECO_PYPI && strcmp(k->algo, "sha256") == 0 && r->n_files) {
            have_lock = true, lock = k->value, reg = r->files[0].sha256;
            for (size_t f = 0; f < r->n_files && !matched; f++)
                matched = r->files[f].sha256 && same_digest(k->value, r->files[f].sha256);
        }
    }
    if (have_lock && !matched)
        checksum_mismatch(c, lock, reg ? reg : "?");
}

/* A name the organisation declared private, yet resolved from a public
 * source; worse when the public registry has it (dependency confusion). */
static void rule_private_in_public(struct rule_ctx *c)
{
    const struct dep_node *n = c->node;
    if (!engine_config_is_private_name(c->in->cfg, n->name) || (n->flags & DEP_PRIVATE))
        return;
    if (!c->pkg) {
        rule_emit(c, "dependency-confusion", SEV_HIGH, NULL, n->source_url,
                  "%s is declared private but the lockfile resolves it from a public source",
                  n->name);
        return;
    }
    rule_emit(c, "dependency-confusion", SEV_CRITICAL, NULL, c->pkg->latest_version,
              "%s is declared private but exists on the public registry (latest %s)", n->name,
              c->pkg->latest_version ? c->pkg->latest_version : "?");
}

const struct rule_def rules_registry_table[] = {
    {"retired", true, rule_retired},
    {"yanked", true, rule_yanked},
    {"deprecated", true, rule_deprecated},
    {"superseded", true, rule_superseded},
    {"stale", true, rule_stale},
    {"young", true, rule_young},
    {"few-downloads", true, rule_few_downloads},
    {"first-publisher", true, rule_first_publisher},
    {"owner-change", true, rule_owner_change},
    {"repository", true, rule_repository},
    {"checksum", true, rule_checksum},
    {"dependency-confusion", false, rule_private_in_public},
    {NULL, false, NULL},
};
