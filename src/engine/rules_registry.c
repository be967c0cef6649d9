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
#include "depvet/engine/catalog.h"
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

struct regex *rules_superseded_regex(void)
{
    return regex_new("(?:replaced by|renamed to|moved to|superseded by|"
                     "in favou?r of|successor(?: is)?|migrate to|"
                     "use|switch to)\\s+[`'\"]?([A-Za-z0-9][A-Za-z0-9_.@/-]*)",
                     REGEX_CASELESS, "superseded", NULL);
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
    /* compiling is most of this rule's time: done once a findings run */
    struct regex *own = c->env->superseded ? NULL : rules_superseded_regex();
    struct regex *re = c->env->superseded ? c->env->superseded : own;
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
    regex_free(own);
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

/* The pinned release is its publisher's first, with the same words the
 * reputation pane shows: medium when every earlier release names its
 * publisher (someone else), low when some name nobody, so the most that is
 * known is "since depvet began watching".  Unknown is not "someone else". */
static void rule_first_publisher(struct rule_ctx *c)
{
    for (size_t i = 0; i < c->rep->n_publishers; i++) {
        const struct publisher_entry *p = &c->rep->publishers[i];
        if (p->first == FIRST_NO || strcmp(p->version, pinned_version(c)) != 0)
            continue;
        bool known = p->first == FIRST_KNOWN;
        rule_emit(c, "first-publisher", known ? SEV_MEDIUM : SEV_LOW, NULL, NULL,
                  "%s is the first release published by %s%s", p->version, p->publisher,
                  known ? "" : " since depvet began watching (some earlier releases "
                               "name no publisher)");
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

/* The owner and repository parts of a repository URL
 * ("https://github.com/gleam-lang/http.git", "git@github.com:o/r"),
 * squashed; false when it has no two path parts. */
static bool repo_parts(const char *url, char *owner, char *repo, size_t n)
{
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : strchr(url, ':');
    if (!p)
        return false;
    while (*p == '/' || *p == ':')
        p++;
    const char *slash = strchr(p, '/');
    if (!slash)
        return false;
    char seg[256];
    snprintf(seg, sizeof(seg), "%.*s", (int)(slash - p), p);
    squash(seg, owner, n);
    snprintf(seg, sizeof(seg), "%.*s", (int)strcspn(slash + 1, "/#?"), slash + 1);
    size_t len = strlen(seg);
    if (len > 4 && strcmp(seg + len - 4, ".git") == 0)
        seg[len - 4] = '\0';
    squash(seg, repo, n);
    return owner[0] && repo[0];
}

/* Whether a repository URL plausibly holds the package.  Besides naming it
 * (scope and separators aside), two shapes of an organisation's own
 * repositories: a scoped npm package in its scope's monorepo (@vue/shared
 * in vuejs/core: npm scopes cannot be taken by others), and a package named
 * PREFIX_REST in the PREFIX organisation's REST (gleam_http in
 * gleam-lang/http). */
static bool repo_names_package(const char *name, const char *url)
{
    char want[128], have[1024], owner[256], repo[256];
    const char *base = strrchr(name, '/');
    squash(base ? base + 1 : name, want, sizeof(want));
    squash(url, have, sizeof(have));
    if (!want[0] || strstr(have, want))
        return true;
    if (!repo_parts(url, owner, repo, sizeof(owner)))
        return false;
    char head[128], rest[128];
    if (name[0] == '@' && base) {
        snprintf(head, sizeof(head), "%.*s", (int)(base - name - 1), name + 1);
        squash(head, head, sizeof(head));
        return head[0] && strncmp(owner, head, strlen(head)) == 0;
    }
    size_t cut = strcspn(name, "_-.");
    if (!name[cut])
        return false;
    snprintf(head, sizeof(head), "%.*s", (int)cut, name);
    squash(head, head, sizeof(head));
    squash(name + cut + 1, rest, sizeof(rest));
    return head[0] && rest[0] && strncmp(owner, head, strlen(head)) == 0 &&
           strcmp(repo, rest) == 0;
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
    const char *name = c->pkg->name ? c->pkg->name : c->node->name;
    /* The link is the finding's link; no evidence repeats it. */
    if (!repo_names_package(name, repo))
        rule_emit(c, "repository-mismatch", SEV_INFO, repo, NULL,
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

/* What the rules above emit, for the catalogue (SARIF, the manual). */
const struct rule_doc rules_registry_docs[] = {
    {"retired", SEV_MEDIUM, "the pinned release is retired on Hex",
     "A retired release was withdrawn by its publisher, for security when the reason says so (then high)."},
    {"yanked", SEV_MEDIUM, "the pinned release was yanked",
     "Yanked releases were pulled by their publisher, usually because they are broken or unsafe."},
    {"deprecated", SEV_MEDIUM, "the package or the pinned release is deprecated",
     "Deprecated code no longer gets fixes, security fixes included."},
    {"superseded", SEV_LOW, "the package names a successor",
     "A successor is where fixes land; staying on the old name means staying unpatched."},
    {"stale", SEV_LOW, "no release for a long time",
     "An unmaintained package gets no security fixes and is a target for takeover."},
    {"young-package", SEV_MEDIUM, "the package's first release is recent",
     "Most malicious packages are days old when they are caught."},
    {"young-release", SEV_LOW, "the pinned release is recent",
     "A malicious update is usually found within days: a cooldown lets others find it first."},
    {"few-downloads", SEV_LOW, "the package has few downloads",
     "Few users means few eyes on the code and a likely typosquat or confusion target."},
    {"first-publisher", SEV_MEDIUM, "the pinned release is the first one by its publisher",
     "A release by someone who never published the package before is how account takeovers show."},
    {"owner-change", SEV_MEDIUM, "an owner was added or removed shortly before the pinned release",
     "A new owner followed by a release is the pattern of a hijacked package (high when added)."},
    {"new-email-domain", SEV_MEDIUM, "an owner's e-mail domain is new",
     "An expired maintainer domain re-registered by someone else gives them the account."},
    {"no-repository", SEV_LOW, "no source repository link",
     "Without a repository the published code cannot be compared with its source."},
    {"repository-mismatch", SEV_INFO, "the repository link does not match the package",
     "A package pointing at someone else's repository borrows its reputation."},
    {"checksum-mismatch", SEV_CRITICAL, "the lockfile's or the archive's checksum differs from the registry's",
     "A different checksum means different bytes than the ones reviewed or published."},
    {"dependency-confusion", SEV_HIGH, "a private name is also on the public registry",
     "An installer that looks at both may take the public one: that is dependency confusion (critical when newer)."},
    {NULL, SEV_INFO, NULL, NULL},
};
