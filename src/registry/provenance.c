/* Publishing identity from provenance statements (see provenance.h). */
#include "depvet/registry/provenance.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/hash.h"
#include "depvet/core/xmalloc.h"
#include "depvet/registry/npm.h"
#include "depvet/registry/regjson.h"
#include "depvet/registry/regurl.h"

#define PAYLOAD_MAX (4u << 20)   /* a statement is a few KiB; this is a cap */

char *provenance_npm_url(struct arena *a, const char *base, const char *name,
                         const char *version)
{
    return arena_printf(a, "%s/-/npm/v1/attestations/%s@%s", regurl_base(a, base),
                        npm_escape_name(a, name), regurl_escape(a, version));
}

/* "https://github.com/o/r" or "git+https://github.com/o/r@refs/..." ->
 * "github.com/o/r": the scheme, a .git suffix and the ref do not name a
 * different publisher. */
static const char *repo_key(struct arena *a, const char *uri)
{
    const char *s = strstr(uri, "://");
    s = s ? s + 3 : uri;
    size_t n = strcspn(s, "@?#");
    while (n && s[n - 1] == '/')
        n--;
    if (n >= 4 && !memcmp(s + n - 4, ".git", 4))
        n -= 4;
    return n ? arena_strndup(a, s, n) : NULL;
}

static const char *join_identity(struct arena *a, const char *repo, const char *path)
{
    if (!repo || !*repo || !path || !*path)
        return NULL;
    while (*path == '/')
        path++;
    return arena_printf(a, "%s/%s", repo, path);
}

/* SLSA v1: buildDefinition.externalParameters.workflow {repository, path};
 * v0.2: invocation.configSource {uri, entryPoint}. */
static const char *statement_identity(struct regjson *rj, const cJSON *pred)
{
    const cJSON *bd = regjson_obj(rj, pred, "buildDefinition", "/predicate");
    const cJSON *ep = regjson_obj(rj, bd, "externalParameters", "/predicate/buildDefinition");
    const cJSON *wf = regjson_obj(rj, ep, "workflow",
                                  "/predicate/buildDefinition/externalParameters");
    const char *wptr = "/predicate/buildDefinition/externalParameters/workflow";
    const char *repo = regjson_str(rj, wf, "repository", wptr);
    if (repo)
        return join_identity(rj->a, repo_key(rj->a, repo), regjson_str(rj, wf, "path", wptr));
    const cJSON *inv = regjson_obj(rj, pred, "invocation", "/predicate");
    const cJSON *cs = regjson_obj(rj, inv, "configSource", "/predicate/invocation");
    const char *cptr = "/predicate/invocation/configSource";
    const char *uri = regjson_str(rj, cs, "uri", cptr);
    return uri ? join_identity(rj->a, repo_key(rj->a, uri),
                               regjson_str(rj, cs, "entryPoint", cptr))
               : NULL;
}

/* pkg:npm/%40scope/name@1.2.3 -> 1.2.3 */
static const char *subject_version(struct regjson *rj, const cJSON *stmt)
{
    const cJSON *subj = regjson_arr(rj, stmt, "subject", "");
    const char *name = subj ? regjson_str(rj, subj->child, "name", "/subject/0") : NULL;
    /* The '@' of a scope (pkg:npm/@s/n@1) is not the version's. */
    const char *at = name && !strncmp(name, "pkg:npm/", 8) && name[8] ? strrchr(name + 9, '@')
                                                                        : NULL;
    return at && at[1] ? arena_strdup(rj->a, at + 1) : NULL;
}

/* Decodes one bundle's DSSE payload and reads its statement. */
static void read_bundle(struct regjson *rj, const cJSON *att, const char *ptr,
                        const char **identity, const char **version)
{
    char p[REGJSON_PTR], ep[REGJSON_PTR];
    regjson_ptr(p, ptr, "bundle");
    const cJSON *env = regjson_obj(rj, regjson_obj(rj, att, "bundle", ptr), "dsseEnvelope", p);
    regjson_ptr(ep, p, "dsseEnvelope");
    const char *b64 = regjson_str(rj, env, "payload", ep);
    if (!b64)
        return;
    size_t n = strlen(b64), got = 0;
    if (n / 4 * 3 > PAYLOAD_MAX) {
        regjson_fail(rj, ep, "payload larger than %u bytes", PAYLOAD_MAX);
        return;
    }
    unsigned char *buf = xmalloc(n / 4 * 3 + 4);
    if (!hash_base64_decode(b64, n, buf, n / 4 * 3 + 4, &got)) {
        regjson_fail(rj, ep, "payload is not base64");
        free(buf);
        return;
    }
    struct diag sd;
    diag_clear(&sd);
    struct regjson inner = {rj->a, rj->url, &sd};
    cJSON *stmt = regjson_open(&inner, (const char *)buf, got, cJSON_Object, "predicate");
    free(buf);
    if (!stmt) {
        regjson_fail(rj, ep, "payload is not an in-toto statement");
        return;
    }
    const char *id = statement_identity(&inner, regjson_obj(&inner, stmt, "predicate", ""));
    const char *ver = subject_version(&inner, stmt);
    cJSON_Delete(stmt);
    if (regjson_failed(&inner)) {
        regjson_fail(rj, ep, "statement: %s", sd.msg);
        return;
    }
    if (id && !*identity)
        *identity = id;
    if (ver && !*version)
        *version = ver;
}

bool provenance_npm_parse(struct arena *a, const char *url, const char *body, size_t len,
                          const char **identity, const char **version, struct diag *d)
{
    struct regjson rj = {a, url, d};
    *identity = *version = NULL;
    cJSON *root = regjson_open(&rj, body, len, cJSON_Object, "attestations");
    if (!root)
        return false;
    const cJSON *arr = regjson_arr(&rj, root, "attestations", "");
    for (struct regjson_each e = {0}; regjson_next(&rj, arr, "/attestations", &e);) {
        const cJSON *att = e.item;
        const char *ptr = e.ptr;
        const char *type = regjson_str(&rj, att, "predicateType", ptr);
        /* The publish attestation names only the package; the build
         * provenance names the workflow. */
        if (type && strstr(type, "slsa.dev/provenance"))
            read_bundle(&rj, att, ptr, identity, version);
    }
    cJSON_Delete(root);
    return !regjson_failed(&rj);
}

static const struct {
    const char *kind, *host;
    const char *workflow_dir;   /* where a bare workflow file name lives */
} publisher_host_table[] = {
    {"GitHub", "github.com", ".github/workflows"},
    {"GitLab", "gitlab.com", NULL},
    {NULL, NULL, NULL},
};

const char *provenance_pypi_identity(struct arena *a, const struct pypi_publisher *p)
{
    if (!p->kind)
        return NULL;
    for (size_t i = 0; publisher_host_table[i].kind; i++)
        if (!strcmp(p->kind, publisher_host_table[i].kind)) {
            if (!p->repository)
                return NULL;
            const char *repo = arena_printf(a, "%s/%s", publisher_host_table[i].host,
                                            p->repository);
            const char *wf = p->workflow;
            if (wf && publisher_host_table[i].workflow_dir && !strchr(wf, '/'))
                wf = arena_printf(a, "%s/%s", publisher_host_table[i].workflow_dir, wf);
            return join_identity(a, repo, wf);
        }
    if (p->email)
        return arena_printf(a, "%s:%s", p->kind, p->email);
    return arena_printf(a, "%s:%s", p->kind, p->repository ? p->repository : "?");
}
