/* SPDX 2.3 JSON writer for `depvet sbom --format spdx`: the project as the
 * package the document describes, one package per component with its purl
 * as a PACKAGE-MANAGER reference, and the graph as DEPENDS_ON (run time) or
 * DEV_DEPENDENCY_OF (dev and optional) relationships.  SPDXIDs and the
 * document namespace derive from the content. */
#include "depvet/cli/out_sbom.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "depvet/core/hash.h"
#include "depvet/core/json.h"
#include "depvet/core/purl.h"
#include "depvet/core/strbuf.h"

#define PROJECT_ID "SPDXRef-Project"
#define NOASSERTION "NOASSERTION"

/* SPDXRef-NAME-VERSION-HASH: readable, limited to SPDX's [A-Za-z0-9.-],
 * made unique by a hash of the component's reference. */
static char *spdx_id(const struct sbom_component *c)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "SPDXRef-");
    const char *parts[] = {purl_type(c->eco) ? purl_type(c->eco) : "pkg", c->name, c->version};
    for (size_t i = 0; i < 3; i++) {
        for (const char *p = parts[i]; *p && p - parts[i] < 64; p++) {
            char ch = *p;
            bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                      (ch >= '0' && ch <= '9') || ch == '.';
            strbuf_putc(&sb, ok ? ch : '-');
        }
        strbuf_putc(&sb, '-');
    }
    unsigned char d[32];
    char hex[65];
    hash_buffer(HASH_SHA256, c->ref, strlen(c->ref), d);
    hash_hex_encode(d, 32, hex);
    strbuf_append(&sb, hex, 12);
    return strbuf_take(&sb);
}

/* "SHA-256" -> "SHA256", as SPDX spells the algorithms. */
static void spdx_alg(const char *alg, char out[16])
{
    size_t k = 0;
    for (const char *p = alg; *p && k < 15; p++)
        if (*p != '-')
            out[k++] = *p;
    out[k] = '\0';
}

static const char *declared_license(const char *text)
{
    const char *canon;
    switch (text && text[0] ? sbom_license_kind(text, &canon) : SBOM_LICENSE_NAME) {
    case SBOM_LICENSE_ID: return canon;
    case SBOM_LICENSE_EXPRESSION: return text;
    default: return NOASSERTION;   /* a free name is no SPDX expression */
    }
}

static cJSON *package_json(const struct sbom_component *c, const char *id)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "SPDXID", id);
    cJSON_AddStringToObject(p, "name", c->name);
    if (c->version[0])
        cJSON_AddStringToObject(p, "versionInfo", c->version);
    cJSON_AddStringToObject(p, "downloadLocation",
                            c->distribution ? c->distribution : c->vcs ? c->vcs : NOASSERTION);
    cJSON_AddBoolToObject(p, "filesAnalyzed", false);
    if (c->n_hashes) {
        cJSON *cs = cJSON_AddArrayToObject(p, "checksums");
        for (size_t i = 0; i < c->n_hashes; i++) {
            char alg[16];
            spdx_alg(c->hashes[i].alg, alg);
            cJSON *h = cJSON_CreateObject();
            cJSON_AddStringToObject(h, "algorithm", alg);
            cJSON_AddStringToObject(h, "checksumValue", c->hashes[i].hex);
            cJSON_AddItemToArray(cs, h);
        }
    }
    cJSON_AddStringToObject(p, "licenseConcluded", NOASSERTION);
    cJSON_AddStringToObject(p, "licenseDeclared", declared_license(c->license));
    cJSON_AddStringToObject(p, "copyrightText", NOASSERTION);
    if (c->website)
        cJSON_AddStringToObject(p, "homepage", c->website);
    if (c->purl) {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "referenceCategory", "PACKAGE-MANAGER");
        cJSON_AddStringToObject(r, "referenceType", "purl");
        cJSON_AddStringToObject(r, "referenceLocator", c->purl);
        cJSON_AddItemToArray(cJSON_AddArrayToObject(p, "externalRefs"), r);
    }
    cJSON_AddStringToObject(p, "primaryPackagePurpose", c->project ? "APPLICATION" : "LIBRARY");
    if (c->policy) {   /* SPDX 2.3 has no properties: the verdict as a comment */
        struct strbuf cm = STRBUF_INIT;
        strbuf_printf(&cm, "depvet:policy=%s", c->policy);
        if (c->need)
            strbuf_printf(&cm, "; depvet:policy-requires=%s", c->need);
        if (c->reviewed)
            strbuf_printf(&cm, "; depvet:reviewed=%s", c->reviewed);
        cJSON_AddStringToObject(p, "comment", strbuf_str(&cm));
        strbuf_fini(&cm);
    }
    return p;
}

static void relate(cJSON *rels, const char *a, const char *type, const char *b)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "spdxElementId", a);
    cJSON_AddStringToObject(r, "relationshipType", type);
    cJSON_AddStringToObject(r, "relatedSpdxElement", b);
    cJSON_AddItemToArray(rels, r);
}

/* from needs to: DEPENDS_ON, or "to DEV_DEPENDENCY_OF from" when to is
 * needed only for development. */
static void relate_dep(cJSON *rels, const struct sbom *s, char **ids, const char *from,
                       unsigned to)
{
    if (s->items[to].required)
        relate(rels, from, "DEPENDS_ON", ids[to]);
    else
        relate(rels, ids[to], "DEV_DEPENDENCY_OF", from);
}

static cJSON *document_json(const struct out_sbom *o, char **ids)
{
    const struct sbom *s = o->s;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "spdxVersion", "SPDX-2.3");
    cJSON_AddStringToObject(root, "dataLicense", "CC0-1.0");
    cJSON_AddStringToObject(root, "SPDXID", "SPDXRef-DOCUMENT");
    cJSON_AddStringToObject(root, "name", o->project_name);
    cJSON_AddStringToObject(root, "documentNamespace", "");
    cJSON *ci = cJSON_AddObjectToObject(root, "creationInfo");
    cJSON_AddStringToObject(ci, "created", "");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(ci, "creators"),
                         cJSON_CreateString("Tool: depvet-" DEPVET_VERSION));
    cJSON *pkgs = cJSON_AddArrayToObject(root, "packages");
    cJSON *proj = cJSON_CreateObject();
    cJSON_AddStringToObject(proj, "SPDXID", PROJECT_ID);
    cJSON_AddStringToObject(proj, "name", o->project_name);
    cJSON_AddStringToObject(proj, "downloadLocation", NOASSERTION);
    cJSON_AddBoolToObject(proj, "filesAnalyzed", false);
    cJSON_AddStringToObject(proj, "primaryPackagePurpose", "APPLICATION");
    cJSON_AddItemToArray(pkgs, proj);
    cJSON *rels = cJSON_AddArrayToObject(root, "relationships");
    relate(rels, "SPDXRef-DOCUMENT", "DESCRIBES", PROJECT_ID);
    for (size_t i = 0; i < s->n_roots; i++)
        relate_dep(rels, s, ids, PROJECT_ID, s->roots[i]);
    for (size_t i = 0; i < s->n; i++) {
        cJSON_AddItemToArray(pkgs, package_json(&s->items[i], ids[i]));
        for (size_t k = 0; k < s->items[i].n_deps; k++)
            relate_dep(rels, s, ids, ids[i], s->items[i].deps[k]);
    }
    return root;
}

bool out_spdx(FILE *out, const struct out_sbom *o)
{
    const struct sbom *s = o->s;
    char **ids = calloc(s->n + 1, sizeof *ids);
    for (size_t i = 0; i < s->n; i++)
        ids[i] = spdx_id(&s->items[i]);
    cJSON *root = document_json(o, ids);
    char *plain = cJSON_PrintUnformatted(root);
    char uuid[37] = "00000000-0000-5000-8000-000000000000";
    if (plain)
        out_uuid5(plain, strlen(plain), uuid);
    free(plain);
    struct strbuf ns = STRBUF_INIT;
    strbuf_puts(&ns, "https://github.com/depvet/depvet/spdx/");
    purl_encode(&ns, o->project_name);
    strbuf_printf(&ns, "-%s", uuid);
    cJSON_ReplaceItemInObject(root, "documentNamespace", cJSON_CreateString(strbuf_str(&ns)));
    strbuf_fini(&ns);
    char ts[32];
    out_iso_time(o->now, ts);
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(root, "creationInfo"), "created",
                              cJSON_CreateString(ts));
    bool ok = out_print_json(out, root);
    cJSON_Delete(root);
    for (size_t i = 0; i < s->n; i++)
        free(ids[i]);
    free(ids);
    return ok;
}
