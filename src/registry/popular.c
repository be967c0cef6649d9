/* Popular-name lists: hex.pm's search by downloads, npm's search by
 * popularity, a PyPI top-packages file. */
#include "depvet/registry/popular.h"

#include <string.h>

#include "depvet/registry/regjson.h"
#include "depvet/registry/regurl.h"

char *popular_url(struct arena *a, enum ecosystem eco, const char *base, unsigned page,
                  unsigned *n_pages)
{
    const char *b = regurl_base(a, base);
    switch (eco) {
    case ECO_HEX:
        *n_pages = POPULAR_HEX_PAGES;
        return arena_printf(a, "%s/packages?sort=downloads&page=%u", b, page + 1);
    case ECO_NPM:
        *n_pages = POPULAR_NPM_PAGES;
        return arena_printf(a, "%s/-/v1/search?text=not:unstable&popularity=1.0&quality=0.0"
                               "&maintenance=0.0&size=250&from=%u", b, page * 250);
    case ECO_PYPI:
        *n_pages = 1;
        return arena_strdup(a, base);
    case ECO_UNKNOWN:
        break;
    }
    *n_pages = 0;
    return NULL;
}

static void push(struct arena *a, const char ***names, size_t *n, const char *name)
{
    if (!name || !name[0])
        return;
    /* Doubling inside the arena: a list is read once. */
    if ((*n & (*n - 1)) == 0) {
        const char **grown = arena_alloc(a, (*n ? *n * 2 : 1) * sizeof(*grown));
        if (*n)
            memcpy(grown, *names, *n * sizeof(*grown));
        *names = grown;
    }
    (*names)[(*n)++] = name;
}

/* Each element of arr, an object, names the package at path key1[.key2]. */
static void names_of(struct regjson *rj, const cJSON *arr, const char *ptr, const char *key1,
                     const char *key2, const char ***names, size_t *n, size_t max)
{
    size_t i = 0;
    char at[REGJSON_PTR], p[REGJSON_PTR];
    for (const cJSON *el = arr ? arr->child : NULL; el && *n < max; el = el->next, i++) {
        regjson_ptr_idx(at, ptr, i);
        memcpy(p, at, sizeof(p));
        const cJSON *obj = el;
        if (key2) {
            obj = regjson_obj(rj, el, key1, at);
            regjson_ptr(p, at, key1);
        }
        if (!cJSON_IsObject(obj)) {
            regjson_fail(rj, p, "expected an object");
            return;
        }
        push(rj->a, names, n, regjson_str(rj, obj, key2 ? key2 : key1, p));
    }
}

bool popular_parse(struct arena *a, enum ecosystem eco, const char *url, const char *body,
                   size_t len, const char ***names, size_t *n, struct diag *d)
{
    struct regjson rj = {a, url, d};
    cJSON *root = regjson_open(&rj, body, len, eco == ECO_HEX ? cJSON_Array : cJSON_Object,
                               eco == ECO_NPM ? "objects" : "rows");
    if (!root)
        return false;
    if (eco == ECO_HEX)
        names_of(&rj, root, "", "name", NULL, names, n, (size_t)-1);
    else if (eco == ECO_NPM)
        names_of(&rj, regjson_arr(&rj, root, "objects", ""), "/objects", "package", "name",
                 names, n, (size_t)-1);
    else
        names_of(&rj, regjson_arr(&rj, root, "rows", ""), "/rows", "project", NULL, names, n,
                 POPULAR_PYPI_MAX);
    cJSON_Delete(root);
    return !regjson_failed(&rj);
}
