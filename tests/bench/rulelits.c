/* Bench helper for the scanner rows: the prefilter factors of every rule
 * pattern in DIR, for ripgrep to look for the same things.  Prints one
 * line per item: "F\t<literal>" for a literal string (lines with a
 * newline or NUL left out), "R\t<regex>" for a guard or a run (vectorscan
 * byte syntax, which ripgrep reads after (?-u)), "N\t<pattern>" for a
 * pattern without a factor. */
#include <stdio.h>
#include <string.h>

#include "depvet/analysis/literals.h"
#include "depvet/analysis/rules.h"

static void run_regex(const struct literal_factor *f)
{
    printf("R\t(?-u)[");
    for (unsigned c = 0; c < 256; c++)
        if (literals_bytes_has(&f->run_bytes, (unsigned char)c))
            printf("\\x%02X", c);
    printf("]{%zu}\n", f->run);
}

static void print_pattern(const struct rules_pattern *p)
{
    const struct literal_factor *f = rules_pattern_factor(p);
    if (!f)
        printf("N\t%s\n", rules_pattern_text(p));
    else if (f->guard)
        printf("R\t(?-u)%s\n", f->guard);
    else if (f->run)
        run_regex(f);
    for (size_t i = 0; f && !f->guard && !f->run && i < f->n; i++)
        if (!memchr(f->strings[i], '\n', f->lens[i]) && !memchr(f->strings[i], 0, f->lens[i]))
            printf("F\t%.*s\n", (int)f->lens[i], f->strings[i]);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: rulelits RULES_DIR\n");
        return 2;
    }
    struct diag d;
    diag_clear(&d);
    struct rule_set *rs = rules_load_dir(argv[1], &d);
    if (!rs) {
        fprintf(stderr, "rulelits: %s\n", d.msg);
        return 2;
    }
    for (size_t i = 0; i < rs->n_rules; i++) {
        const struct scan_rule *r = &rs->rules[i];
        for (size_t k = 0; k < r->n_patterns; k++)
            print_pattern(r->patterns[k]);
        if (r->near)
            print_pattern(r->near);
    }
    rules_free(rs);
    return 0;
}
