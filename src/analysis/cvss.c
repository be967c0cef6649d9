/* CVSS v3 base score: the eight base metrics looked up in weight tables,
 * then the specification's impact / exploitability formula. */
#include "depvet/analysis/cvss.h"

#include <math.h>
#include <string.h>

enum { M_AV, M_AC, M_PR, M_UI, M_S, M_C, M_I, M_A, M_COUNT };

struct cvss_value {
    char letter;
    double weight;
    double weight_changed;   /* PR only: the weight when scope is changed */
};

struct cvss_metric {
    const char *name;
    struct cvss_value values[5];
};

/* Weights from the CVSS v3.1 specification, section 7.4.  Scope carries
 * 0 / 1 as a flag. */
static const struct cvss_metric metric_table[M_COUNT] = {
    [M_AV] = {"AV", {{'N', 0.85, 0}, {'A', 0.62, 0}, {'L', 0.55, 0}, {'P', 0.2, 0}}},
    [M_AC] = {"AC", {{'L', 0.77, 0}, {'H', 0.44, 0}}},
    [M_PR] = {"PR", {{'N', 0.85, 0.85}, {'L', 0.62, 0.68}, {'H', 0.27, 0.5}}},
    [M_UI] = {"UI", {{'N', 0.85, 0}, {'R', 0.62, 0}}},
    [M_S] = {"S", {{'U', 0, 0}, {'C', 1, 0}}},
    [M_C] = {"C", {{'H', 0.56, 0}, {'L', 0.22, 0}, {'N', 0, 0}}},
    [M_I] = {"I", {{'H', 0.56, 0}, {'L', 0.22, 0}, {'N', 0, 0}}},
    [M_A] = {"A", {{'H', 0.56, 0}, {'L', 0.22, 0}, {'N', 0, 0}}},
};

/* The specification's Roundup: smallest one-decimal number >= x, computed
 * on integers so 4.000000001 does not become 4.1 by accident. */
static double roundup(double x)
{
    long i = lround(x * 100000.0);
    return i % 10000 == 0 ? (double)i / 100000.0
                          : (floor((double)i / 10000.0) + 1) / 10.0;
}

/* Reads one "NAME:V" component of len bytes into picked[]. */
static bool take_component(const char *p, size_t len, const struct cvss_value **picked)
{
    const char *colon = memchr(p, ':', len);
    if (!colon || (size_t)(colon - p) + 2 != len)
        return true;   /* not a one-letter metric: temporal etc., ignored */
    size_t nlen = (size_t)(colon - p);
    for (int m = 0; m < M_COUNT; m++) {
        const struct cvss_metric *mt = &metric_table[m];
        if (strlen(mt->name) != nlen || memcmp(mt->name, p, nlen) != 0)
            continue;
        for (int v = 0; v < 5 && mt->values[v].letter; v++)
            if (mt->values[v].letter == colon[1]) {
                picked[m] = &mt->values[v];
                return true;
            }
        return false;
    }
    return true;
}

bool cvss3_base_score(const char *vector, double *score)
{
    if (!vector || (strncmp(vector, "CVSS:3.0/", 9) && strncmp(vector, "CVSS:3.1/", 9)))
        return false;
    const struct cvss_value *picked[M_COUNT] = {0};
    for (const char *p = vector + 9; *p;) {
        size_t len = strcspn(p, "/");
        if (!take_component(p, len, picked))
            return false;
        p += len + (p[len] == '/');
    }
    for (int m = 0; m < M_COUNT; m++)
        if (!picked[m])
            return false;
    bool changed = picked[M_S]->weight > 0.5;
    double iss = 1 - (1 - picked[M_C]->weight) * (1 - picked[M_I]->weight) *
                     (1 - picked[M_A]->weight);
    double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15)
                            : 6.42 * iss;
    double pr = changed ? picked[M_PR]->weight_changed : picked[M_PR]->weight;
    double expl = 8.22 * picked[M_AV]->weight * picked[M_AC]->weight * pr *
                  picked[M_UI]->weight;
    if (impact <= 0)
        *score = 0;
    else if (changed)
        *score = roundup(fmin(1.08 * (impact + expl), 10));
    else
        *score = roundup(fmin(impact + expl, 10));
    return true;
}
