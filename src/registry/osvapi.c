/* The OSV querybatch request and answer (see osvapi.h). */
#include "depvet/registry/osvapi.h"

#include <string.h>

#include "depvet/core/json.h"
#include "depvet/core/strbuf.h"
#include "depvet/registry/regjson.h"

char *osvapi_batch_url(struct arena *a, const char *base)
{
    return arena_printf(a, "%s/v1/querybatch", base);
}

static bool id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c == ':';
}

char *osvapi_vuln_url(struct arena *a, const char *base, const char *id)
{
    if (!id || !id[0] || strlen(id) > 128)
        return NULL;
    for (const char *p = id; *p; p++)
        if (!id_char(*p))
            return NULL;
    return arena_printf(a, "%s/v1/vulns/%s", base, id);
}

char *osvapi_batch_body(const struct osvapi_query *q, size_t n)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{\"queries\":[");
    for (size_t i = 0; i < n; i++) {
        strbuf_puts(&sb, i ? ",{\"package\":{\"ecosystem\":" : "{\"package\":{\"ecosystem\":");
        json_put_string(&sb, ecosystem_name(q[i].eco));
        strbuf_puts(&sb, ",\"name\":");
        json_put_string(&sb, q[i].name);
        strbuf_puts(&sb, "},\"version\":");
        json_put_string(&sb, q[i].version);
        strbuf_putc(&sb, '}');
    }
    strbuf_puts(&sb, "]}");
    return strbuf_take(&sb);
}

static void read_result(struct regjson *rj, const cJSON *res, const char *ptr,
                        struct osvapi_result *out)
{
    if (!cJSON_IsObject(res)) {
        regjson_fail(rj, ptr, "expected an object");
        return;
    }
    char at[REGJSON_PTR];
    regjson_ptr(at, ptr, "vulns");
    const cJSON *vulns = regjson_arr(rj, res, "vulns", ptr);
    out->more = regjson_str(rj, res, "next_page_token", ptr) != NULL;
    out->vulns = regjson_alloc(rj, regjson_count(vulns), sizeof(*out->vulns));
    for (struct regjson_each e = {.what = "an object"}; regjson_next(rj, vulns, at, &e);) {
        const cJSON *v = e.item;
        const char *p = e.ptr;
        const char *id = regjson_str(rj, v, "id", p);
        if (!id) {
            regjson_fail(rj, p, "an advisory without an id");
            return;
        }
        out->vulns[out->n_vulns++] = (struct osvapi_vuln){id, regjson_time(rj, v, "modified", p)};
    }
}

bool osvapi_parse_batch(struct arena *a, const char *url, const char *body, size_t len,
                        size_t n, struct osvapi_result *out, struct diag *d)
{
    memset(out, 0, n * sizeof(*out));
    struct regjson rj = {a, url, d};
    cJSON *root = regjson_open(&rj, body, len, cJSON_Object, "results");
    if (!root)
        return false;
    const cJSON *results = regjson_arr(&rj, root, "results", "");
    size_t got = regjson_count(results);
    if (!regjson_failed(&rj) && got != n)
        regjson_fail(&rj, "/results", "%zu results for %zu queries", got, n);
    size_t i = 0;
    char p[REGJSON_PTR];
    for (const cJSON *r = results ? results->child : NULL; r && !regjson_failed(&rj) && i < n;
         r = r->next, i++) {
        regjson_ptr_idx(p, "/results", i);
        read_result(&rj, r, p, &out[i]);
    }
    cJSON_Delete(root);
    return !regjson_failed(&rj);
}
