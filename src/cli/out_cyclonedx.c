/* CycloneDX JSON writer for `depvet sbom`, through cJSON so every string
 * is escaped once and right.  The serial number is a UUID of the document
 * without its serial number and timestamp: the same inventory gives the
 * same serial, so an SBOM committed to a repository diffs cleanly. */
#include "depvet/cli/out_sbom.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "depvet/core/hash.h"
#include "depvet/core/json.h"
#include "depvet/core/purl.h"
#include "depvet/core/strbuf.h"

#define DEPVET_URI "https://github.com/depvet/depvet"
#define PROJECT_REF "depvet:project"

/* RFC 4122's URL namespace: the name hashed is depvet's URI and the text. */
static const unsigned char ns_url[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                         0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};

void out_uuid5(const char *text, size_t len, char out[37])
{
    struct hash_ctx *h = hash_new(HASH_SHA1);
    unsigned char d[HASH_MAX_SIZE] = {0};
    hash_update(h, ns_url, sizeof ns_url);
    hash_update(h, DEPVET_URI "/sbom#", strlen(DEPVET_URI "/sbom#"));
    hash_update(h, text, len);
    hash_final(h, d);
    hash_free(h);
    d[6] = (unsigned char)((d[6] & 0x0f) | 0x50);
    d[8] = (unsigned char)((d[8] & 0x3f) | 0x80);
    char hex[33];
    hash_hex_encode(d, 16, hex);
    snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

void out_iso_time(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, 32, "%s", "1970-01-01T00:00:00Z");
}

static void add_property(cJSON *props, const char *name, const char *value)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "name", name);
    cJSON_AddStringToObject(p, "value", value);
    cJSON_AddItemToArray(props, p);
}

static void add_licenses(cJSON *comp, const char *text)
{
    if (!text || !text[0])
        return;
    const char *canon;
    enum sbom_license_kind k = sbom_license_kind(text, &canon);
    cJSON *arr = cJSON_AddArrayToObject(comp, "licenses");
    cJSON *item = cJSON_CreateObject();
    cJSON_AddItemToArray(arr, item);
    if (k == SBOM_LICENSE_EXPRESSION) {
        cJSON_AddStringToObject(item, "expression", text);
        return;
    }
    cJSON *lic = cJSON_AddObjectToObject(item, "license");
    cJSON_AddStringToObject(lic, k == SBOM_LICENSE_ID ? "id" : "name",
                            k == SBOM_LICENSE_ID ? canon : text);
}

static void add_links(cJSON *comp, const struct sbom_component *c)
{
    const struct { const char *type, *url; } refs[] = {
        {"vcs", c->vcs}, {"website", c->website}, {"distribution", c->distribution},
        /* where the release was published: its registry page */
        {"distribution-intake", c->registry_page},
    };
    cJSON *arr = NULL;
    for (size_t i = 0; i < sizeof refs / sizeof *refs; i++) {
        if (!refs[i].url)
            continue;
        if (!arr)
            arr = cJSON_AddArrayToObject(comp, "externalReferences");
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "type", refs[i].type);
        cJSON_AddStringToObject(r, "url", refs[i].url);
        cJSON_AddItemToArray(arr, r);
    }
}

static cJSON *component_json(const struct out_sbom *o, const struct sbom_component *c)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "type", c->project ? "application" : "library");
    cJSON_AddStringToObject(j, "bom-ref", c->ref);
    /* npm's scope is CycloneDX's group, as npm's own SBOM writes it. */
    const char *slash = c->eco == ECO_NPM && c->name[0] == '@' ? strchr(c->name, '/') : NULL;
    if (slash && slash[1]) {
        char *group = strndup(c->name, (size_t)(slash - c->name));
        cJSON_AddStringToObject(j, "group", group);
        free(group);
    }
    cJSON_AddStringToObject(j, "name", slash && slash[1] ? slash + 1 : c->name);
    if (c->version[0])
        cJSON_AddStringToObject(j, "version", c->version);
    cJSON_AddStringToObject(j, "scope", c->required ? "required" : "optional");
    if (c->n_hashes) {
        cJSON *hs = cJSON_AddArrayToObject(j, "hashes");
        for (size_t i = 0; i < c->n_hashes; i++) {
            cJSON *h = cJSON_CreateObject();
            cJSON_AddStringToObject(h, "alg", c->hashes[i].alg);
            cJSON_AddStringToObject(h, "content", c->hashes[i].hex);
            cJSON_AddItemToArray(hs, h);
        }
    }
    add_licenses(j, c->license);
    if (c->purl)
        cJSON_AddStringToObject(j, "purl", c->purl);
    add_links(j, c);
    cJSON *props = cJSON_AddArrayToObject(j, "properties");
    add_property(props, "depvet:ecosystem", ecosystem_name(c->eco));
    add_property(props, "depvet:lockfile", c->lockfile);
    const struct { const char *name, *value; } policy[] = {
        {"depvet:policy", c->policy}, {"depvet:policy-requires", c->need},
        {"depvet:reviewed", c->reviewed}, {"depvet:policy-by", c->policy_by},
    };
    for (size_t i = 0; i < sizeof policy / sizeof *policy; i++)
        if (policy[i].value)
            add_property(props, policy[i].name, policy[i].value);
    return j;
}

/* OSV's page of an advisory id (percent-encoded: ids are data). */
static cJSON *osv_source(const char *id)
{
    struct strbuf u = STRBUF_INIT;
    strbuf_puts(&u, "https://osv.dev/vulnerability/");
    purl_encode(&u, id);
    cJSON *src = cJSON_CreateObject();
    cJSON_AddStringToObject(src, "name", "OSV");
    cJSON_AddStringToObject(src, "url", strbuf_str(&u));
    strbuf_fini(&u);
    return src;
}

static cJSON *affects_json(const struct sbom *s, const struct sbom_vuln *v)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < v->n_affects; i++) {
        const struct sbom_component *c = &s->items[v->affects[i].comp];
        cJSON *a = cJSON_CreateObject();
        cJSON_AddStringToObject(a, "ref", c->ref);
        cJSON *vs = cJSON_AddArrayToObject(a, "versions");
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "version", c->version);
        cJSON_AddStringToObject(x, "status", "affected");
        cJSON_AddItemToArray(vs, x);
        if (v->affects[i].fixed && v->affects[i].fixed[0]) {
            x = cJSON_CreateObject();
            cJSON_AddStringToObject(x, "version", v->affects[i].fixed);
            cJSON_AddStringToObject(x, "status", "unaffected");
            cJSON_AddItemToArray(vs, x);
        }
        cJSON_AddItemToArray(arr, a);
    }
    return arr;
}

static cJSON *vuln_json(const struct sbom *s, const struct sbom_vuln *v)
{
    cJSON *j = cJSON_CreateObject();
    struct strbuf ref = STRBUF_INIT;
    strbuf_puts(&ref, "depvet:vulnerability:");
    purl_encode(&ref, v->id);
    cJSON_AddStringToObject(j, "bom-ref", strbuf_str(&ref));
    strbuf_fini(&ref);
    cJSON_AddStringToObject(j, "id", v->id);
    cJSON_AddItemToObject(j, "source", osv_source(v->id));
    if (v->n_aliases) {
        cJSON *refs = cJSON_AddArrayToObject(j, "references");
        for (size_t i = 0; i < v->n_aliases; i++) {
            cJSON *r = cJSON_CreateObject();
            cJSON_AddStringToObject(r, "id", v->aliases[i]);
            cJSON_AddItemToObject(r, "source", osv_source(v->aliases[i]));
            cJSON_AddItemToArray(refs, r);
        }
    }
    cJSON *rt = cJSON_CreateObject();
    cJSON_AddStringToObject(rt, "severity", v->severity);
    cJSON_AddStringToObject(rt, "method", "other");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(j, "ratings"), rt);
    if (v->summary)
        cJSON_AddStringToObject(j, "description", v->summary);
    const char *link = sbom_safe_url(v->link);
    if (link) {
        cJSON *adv = cJSON_CreateObject();
        cJSON_AddStringToObject(adv, "url", link);
        cJSON_AddItemToArray(cJSON_AddArrayToObject(j, "advisories"), adv);
    }
    if (v->modified) {
        char ts[32];
        out_iso_time(v->modified, ts);
        cJSON_AddStringToObject(j, "updated", ts);
    }
    cJSON_AddItemToObject(j, "affects", affects_json(s, v));
    if (v->malicious)
        add_property(cJSON_AddArrayToObject(j, "properties"), "depvet:malicious", "true");
    return j;
}

static cJSON *dependency_json(const struct sbom *s, const char *ref, const unsigned *deps,
                              size_t n)
{
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "ref", ref);
    cJSON *on = cJSON_AddArrayToObject(d, "dependsOn");
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(on, cJSON_CreateString(s->items[deps[i]].ref));
    return d;
}

static cJSON *metadata_json(const struct out_sbom *o)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "timestamp", "");
    cJSON *tools = cJSON_AddArrayToObject(cJSON_AddObjectToObject(m, "tools"), "components");
    cJSON *t = cJSON_CreateObject();
    cJSON_AddStringToObject(t, "type", "application");
    cJSON_AddStringToObject(t, "name", "depvet");
    cJSON_AddStringToObject(t, "version", DEPVET_VERSION);
    cJSON_AddItemToArray(tools, t);
    cJSON *pc = cJSON_AddObjectToObject(m, "component");
    cJSON_AddStringToObject(pc, "type", "application");
    cJSON_AddStringToObject(pc, "bom-ref", PROJECT_REF);
    cJSON_AddStringToObject(pc, "name", o->project_name);
    return m;
}

/* Writes text with the serial number and timestamp filled in. */
static bool emit(FILE *out, cJSON *root, const struct out_sbom *o)
{
    char *plain = cJSON_PrintUnformatted(root);
    if (!plain)
        return false;
    char uuid[37], serial[48], ts[32];
    out_uuid5(plain, strlen(plain), uuid);
    free(plain);
    snprintf(serial, sizeof serial, "urn:uuid:%s", uuid);
    out_iso_time(o->now, ts);
    cJSON_ReplaceItemInObject(root, "serialNumber", cJSON_CreateString(serial));
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(root, "metadata"), "timestamp",
                              cJSON_CreateString(ts));
    return out_print_json(out, root);
}

/* Through json_text_safe: hostile names reach no consumer raw. */
bool out_print_json(FILE *out, const cJSON *root)
{
    char *text = cJSON_Print(root);
    if (!text)
        return false;
    struct strbuf sb = STRBUF_INIT;
    json_text_safe(&sb, text);
    strbuf_putc(&sb, '\n');
    bool ok = fwrite(sb.buf, 1, sb.len, out) == sb.len && fflush(out) == 0;
    free(text);
    strbuf_fini(&sb);
    return ok;
}

bool out_cyclonedx(FILE *out, const struct out_sbom *o)
{
    const struct sbom *s = o->s;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "$schema",
                            strcmp(o->spec_version, "1.5") == 0
                                ? "http://cyclonedx.org/schema/bom-1.5.schema.json"
                                : "http://cyclonedx.org/schema/bom-1.6.schema.json");
    cJSON_AddStringToObject(root, "bomFormat", "CycloneDX");
    cJSON_AddStringToObject(root, "specVersion", o->spec_version);
    cJSON_AddStringToObject(root, "serialNumber", "");
    cJSON_AddNumberToObject(root, "version", 1);
    cJSON_AddItemToObject(root, "metadata", metadata_json(o));
    cJSON *comps = cJSON_AddArrayToObject(root, "components");
    cJSON *deps = cJSON_AddArrayToObject(root, "dependencies");
    cJSON_AddItemToArray(deps, dependency_json(s, PROJECT_REF, s->roots, s->n_roots));
    for (size_t i = 0; i < s->n; i++) {
        cJSON_AddItemToArray(comps, component_json(o, &s->items[i]));
        cJSON_AddItemToArray(deps, dependency_json(s, s->items[i].ref, s->items[i].deps,
                                                   s->items[i].n_deps));
    }
    if (o->vulnerabilities) {
        cJSON *vs = cJSON_AddArrayToObject(root, "vulnerabilities");
        for (size_t i = 0; i < s->n_vulns; i++)
            cJSON_AddItemToArray(vs, vuln_json(s, &s->vulns[i]));
    }
    bool ok = emit(out, root, o);
    cJSON_Delete(root);
    return ok;
}
