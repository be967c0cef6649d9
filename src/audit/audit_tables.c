/* The reviews file's other tables: [[exemption]], [[trusted]] and [[ack]].
 * One schema table per kind drives reading, checking, sorting and writing;
 * entries are kept as their field strings, typed views are filled on
 * demand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audits_priv.h"
#include "depvet/core/timeutil.h"
#include "depvet/core/xmalloc.h"

#define TAB_MAX_FIELDS 14

/* How a field's string is checked (and made canonical). */
enum fkind { FK_TEXT, FK_LINE, FK_ECO, FK_NAME, FK_NAME_OR_ALL, FK_VERSION, FK_CRITERIA,
             FK_DATE, FK_SHA256 };

struct field_def {
    const char *key;
    enum fkind kind;
    bool required;
    bool or_next;               /* not required when the next field is given */
    unsigned char needs;        /* 1 + a field that must be given with this one; 0 none */
    unsigned char excludes;     /* 1 + a field that must not be given with it; 0 none */
};

#define WITH(f) ((unsigned char)((f) + 1))

struct table_def {
    const char *name;           /* the array's key: [[name]] */
    struct field_def fields[TAB_MAX_FIELDS];
    unsigned n_fields;
    unsigned n_key;             /* the first n_key fields identify an entry */
};

enum { EX_ECO, EX_NAME, EX_VERSION, EX_CRITERIA, EX_DATE, EX_EXPIRES, EX_REASON, EX_N };
enum { TR_ECO, TR_NAME, TR_PUBLISHER, TR_IDENTITY, TR_CRITERIA, TR_START, TR_EXPIRES, TR_REVIEWER, TR_NOTE,
       TR_N };
/* An ack names a package (name, version) or a lockfile (its path and the
 * digest of what the finding is about), so the key holds both. */
enum { AK_ECO, AK_NAME, AK_LOCKFILE, AK_VERSION, AK_RULE, AK_PATH, AK_SHA, AK_SUBJECT,
       AK_EVIDENCE, AK_REASON, AK_REVIEWER, AK_DATE, AK_EXPIRES, AK_N };

static const struct table_def table_def_table[AUDIT_TAB_COUNT] = {
    [AUDIT_TAB_EXEMPTION] = {"exemption", {
        [EX_ECO] = {"ecosystem", FK_ECO, true, false, 0, 0},
        [EX_NAME] = {"name", FK_NAME, true, false, 0, 0},
        [EX_VERSION] = {"version", FK_VERSION, true, false, 0, 0},
        [EX_CRITERIA] = {"criteria", FK_CRITERIA, true, false, 0, 0},
        [EX_DATE] = {"date", FK_DATE, false, false, 0, 0},
        [EX_EXPIRES] = {"expires", FK_DATE, false, false, 0, 0},
        [EX_REASON] = {"reason", FK_TEXT, true, false, 0, 0},
    }, EX_N, 3},
    [AUDIT_TAB_TRUST] = {"trusted", {
        [TR_ECO] = {"ecosystem", FK_ECO, true, false, 0, 0},
        [TR_NAME] = {"name", FK_NAME_OR_ALL, true, false, 0, 0},
        [TR_PUBLISHER] = {"publisher", FK_LINE, false, true, 0, 0},
        [TR_IDENTITY] = {"identity", FK_LINE, false, false, 0, 0},
        [TR_CRITERIA] = {"criteria", FK_CRITERIA, true, false, 0, 0},
        [TR_START] = {"start", FK_DATE, true, false, 0, 0},
        [TR_EXPIRES] = {"expires", FK_DATE, true, false, 0, 0},
        [TR_REVIEWER] = {"reviewer", FK_LINE, false, false, 0, 0},
        [TR_NOTE] = {"note", FK_TEXT, false, false, 0, 0},
    }, TR_N, 4},
    [AUDIT_TAB_ACK] = {"ack", {
        [AK_ECO] = {"ecosystem", FK_ECO, true, false, 0, 0},
        [AK_NAME] = {"name", FK_NAME, false, true, WITH(AK_VERSION), WITH(AK_LOCKFILE)},
        [AK_LOCKFILE] = {"lockfile", FK_LINE, false, false, WITH(AK_SUBJECT), 0},
        [AK_VERSION] = {"version", FK_VERSION, false, false, WITH(AK_NAME), 0},
        [AK_RULE] = {"rule", FK_LINE, true, false, 0, 0},
        [AK_PATH] = {"path", FK_LINE, false, false, WITH(AK_NAME), 0},
        [AK_SHA] = {"line_sha256", FK_SHA256, false, false, WITH(AK_PATH), 0},
        [AK_SUBJECT] = {"subject_sha256", FK_SHA256, false, false, WITH(AK_LOCKFILE), 0},
        [AK_EVIDENCE] = {"evidence", FK_LINE, false, false, 0, 0},
        [AK_REASON] = {"reason", FK_TEXT, true, false, 0, 0},
        [AK_REVIEWER] = {"reviewer", FK_LINE, false, false, 0, 0},
        [AK_DATE] = {"date", FK_DATE, false, false, 0, 0},
        [AK_EXPIRES] = {"expires", FK_DATE, false, false, 0, 0},
    }, AK_N, 8},
};

struct tab_entry {
    char *v[TAB_MAX_FIELDS];    /* one heap block at v[0]; "" when absent */
    unsigned line, col;         /* of its header when read from a file */
    enum audit_table kind;      /* so that qsort's comparison finds the schema */
};

struct audit_tables {
    struct {
        struct tab_entry *items;
        size_t len, cap;
    } tab[AUDIT_TAB_COUNT];
};

struct audit_tables *audit_tables_new(void)
{
    return xcalloc(1, sizeof(struct audit_tables));
}

void audit_tables_free(struct audit_tables *t)
{
    if (!t)
        return;
    for (int k = 0; k < AUDIT_TAB_COUNT; k++) {
        for (size_t i = 0; i < t->tab[k].len; i++)
            free(t->tab[k].items[i].v[0]);
        free(t->tab[k].items);
    }
    free(t);
}

/* ---- checking one entry ---------------------------------------------- */

static bool sha256_ok(const char *s)
{
    if (strlen(s) != 64)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

/* Checks v[f] (never NULL) of kind, making it canonical in buf when it
 * changes (names, ecosystems); NULL when fine, else why not. */
static const char *field_problem(enum fkind kind, const char *s, enum ecosystem eco, char *buf,
                                 size_t buflen, const char **canon)
{
    enum audit_criteria c;
    enum ecosystem e;
    *canon = s;
    switch (kind) {
    case FK_TEXT: return audits_text_problem(s, AUDITS_MAX_NOTE, false);
    case FK_LINE: return audits_text_problem(s, AUDITS_MAX_REVIEWER, true);
    case FK_VERSION:
        return audits_text_problem(s, AUDITS_MAX_VERSION, true);
    case FK_DATE: return audits_date_ok(s) ? NULL : "must be a real YYYY-MM-DD date";
    case FK_SHA256: return sha256_ok(s) ? NULL : "must be 64 lower-case hex digits";
    case FK_CRITERIA:
        return audits_criteria_parse(s, &c) ? NULL : "must be safe-to-run or safe-to-deploy";
    case FK_ECO:
        if (!ecosystem_parse(s, &e))
            return "must be Hex, PyPI or npm";
        *canon = ecosystem_name(e);
        return NULL;
    case FK_NAME_OR_ALL:
        if (strcmp(s, "*") == 0)
            return NULL;
        /* fall through */
    case FK_NAME: {
        const char *p = audits_text_problem(s, AUDITS_MAX_NAME, true);
        if (p)
            return p;
        ecosystem_normalize_name(eco, s, buf, buflen);
        *canon = buf;
        return NULL;
    }
    }
    return "is not understood";
}

static bool given(const char *const *v, unsigned f)
{
    return v[f] && v[f][0];
}

/* The fields that go with field f (given) or not: a line's hash means
 * nothing without its file, an ack names a package or a lockfile. */
static bool pairing_ok(const struct table_def *def, const char *const *v, unsigned f, char *why,
                       size_t whylen)
{
    const struct field_def *fd = &def->fields[f];
    if (fd->needs && !given(v, fd->needs - 1u)) {
        snprintf(why, whylen, "%s needs %s", fd->key, def->fields[fd->needs - 1u].key);
        return false;
    }
    if (fd->excludes && given(v, fd->excludes - 1u)) {
        snprintf(why, whylen, "%s and %s do not go together: a [[%s]] names one or the other",
                 fd->key, def->fields[fd->excludes - 1u].key, def->name);
        return false;
    }
    return true;
}

/* Checks every field of v (NULL or "" = absent), canonical values into
 * out (pointing into v or bufs); the failing field in *bad. */
static bool entry_check(const struct table_def *def, const char *const *v, const char **out,
                        char bufs[][AUDITS_MAX_NAME * 2 + 1], unsigned *bad, char *why,
                        size_t whylen)
{
    enum ecosystem eco = ECO_UNKNOWN;
    for (unsigned f = 0; f < def->n_fields; f++) {
        const char *s = v[f] ? v[f] : "";
        *bad = f;
        out[f] = "";
        if (!s[0]) {
            if (def->fields[f].or_next && (!v[f + 1] || !v[f + 1][0])) {
                snprintf(why, whylen, "[[%s]] lacks %s or %s", def->name, def->fields[f].key,
                         def->fields[f + 1].key);
                return false;
            }
            if (def->fields[f].required) {
                snprintf(why, whylen, "[[%s]] lacks %s", def->name, def->fields[f].key);
                return false;
            }
            continue;
        }
        const char *p = field_problem(def->fields[f].kind, s, eco, bufs[f % 2],
                                      sizeof bufs[0], &out[f]);
        if (p) {
            snprintf(why, whylen, "%s %s", def->fields[f].key, p);
            return false;
        }
        if (def->fields[f].kind == FK_ECO)
            ecosystem_parse(s, &eco);
        if (!pairing_ok(def, v, f, why, whylen))
            return false;
    }
    return true;
}

/* A copy of v in one heap block. */
static struct tab_entry entry_make(enum audit_table k, const char *const *v, unsigned line,
                                   unsigned col)
{
    const struct table_def *def = &table_def_table[k];
    size_t total = 0;
    for (unsigned f = 0; f < def->n_fields; f++)
        total += strlen(v[f]) + 1;
    struct tab_entry e = {.line = line, .col = col, .kind = k};
    char *at = xmalloc(total);
    for (unsigned f = 0; f < def->n_fields; f++) {
        size_t n = strlen(v[f]) + 1;
        memcpy(at, v[f], n);
        e.v[f] = at;
        at += n;
    }
    return e;
}

static int key_compare(const struct table_def *def, const struct tab_entry *a,
                       const struct tab_entry *b)
{
    for (unsigned f = 0; f < def->n_key; f++) {
        int c = strcmp(a->v[f], b->v[f]);
        if (c)
            return c;
    }
    return 0;
}

static bool same_entry(const struct table_def *def, const struct tab_entry *a,
                       const struct tab_entry *b)
{
    for (unsigned f = 0; f < def->n_fields; f++)
        if (strcmp(a->v[f], b->v[f]) != 0)
            return false;
    return true;
}

/* ---- reading ----------------------------------------------------------- */

bool audit_tables_is_key(const char *key)
{
    for (int k = 0; k < AUDIT_TAB_COUNT; k++)
        if (strcmp(key, table_def_table[k].name) == 0)
            return true;
    return false;
}

static bool fail_at(struct diag *d, const char *where, const struct toml_value *v,
                    const char *msg)
{
    diag_set(d, DIAG_SYNTAX, where, v->line, v->col, "%s", msg);
    return false;
}

static void push(struct audit_tables *t, int k, struct tab_entry e)
{
    t->tab[k].items = xgrow(t->tab[k].items, &t->tab[k].cap, t->tab[k].len + 1,
                            sizeof *t->tab[k].items);
    t->tab[k].items[t->tab[k].len++] = e;
}

static bool read_entry(struct audit_tables *t, int k, const struct toml_value *tab,
                       const char *where, struct diag *d)
{
    const struct table_def *def = &table_def_table[k];
    const struct toml_value *val[TAB_MAX_FIELDS] = {0};
    const char *v[TAB_MAX_FIELDS] = {0};
    char msg[320];
    for (size_t i = 0; i < toml_len(tab); i++) {
        const struct toml_value *x;
        const char *key = audits_key_at(tab, i, &x);
        unsigned f = 0;
        while (f < def->n_fields && strcmp(key, def->fields[f].key) != 0)
            f++;
        snprintf(msg, sizeof msg, "unknown key in [[%s]]: %s", def->name, key);
        if (f == def->n_fields)
            return fail_at(d, where, x, msg);
        enum toml_type want = def->fields[f].kind == FK_DATE ? TOML_LOCAL_DATE : TOML_STRING;
        snprintf(msg, sizeof msg, "%s must be %s", key,
                 want == TOML_LOCAL_DATE ? "a date, like 2026-11-23 (no quotes)" : "a string");
        if (x->type != want)
            return fail_at(d, where, x, msg);
        snprintf(msg, sizeof msg, "%s holds a NUL character", key);
        if (strlen(x->u.str.s) != x->u.str.len)
            return fail_at(d, where, x, msg);
        val[f] = x;
        v[f] = x->u.str.s;
    }
    const char *out[TAB_MAX_FIELDS];
    char bufs[2][AUDITS_MAX_NAME * 2 + 1];
    unsigned bad;
    if (!entry_check(def, v, out, bufs, &bad, msg, sizeof msg))
        return fail_at(d, where, val[bad] ? val[bad] : tab, msg);
    push(t, k, entry_make((enum audit_table)k, out, tab->line, tab->col));
    return true;
}

bool audit_tables_read(struct audit_tables *t, const char *key, const struct toml_value *v,
                       const char *where, struct diag *d)
{
    int k = 0;
    while (k < AUDIT_TAB_COUNT && strcmp(key, table_def_table[k].name) != 0)
        k++;
    char msg[96];
    snprintf(msg, sizeof msg, "%s must be written as [[%s]] tables", key, key);
    if (k == AUDIT_TAB_COUNT || !toml_is(v, TOML_ARRAY))
        return fail_at(d, where, v, msg);
    for (size_t j = 0; j < toml_len(v); j++) {
        const struct toml_value *tab = toml_at(v, j);
        if (!toml_is(tab, TOML_TABLE))
            return fail_at(d, where, tab, msg);
        if (!read_entry(t, k, tab, where, d))
            return false;
    }
    return true;
}

/* The entry's key after the ecosystem, its first few given fields: "demo
 * 1.1.0", or a lockfile's path. */
static void entry_label(const struct table_def *def, const struct tab_entry *e, char *out,
                        size_t n)
{
    size_t at = 0;
    out[0] = '\0';
    for (unsigned f = 1, shown = 0; f < def->n_key && shown < 2 && at < n; f++)
        if (e->v[f][0]) {
            at += (size_t)snprintf(out + at, n - at, "%s%s", shown++ ? " " : "", e->v[f]);
        }
}

static int entry_order(const void *x, const void *y)
{
    const struct tab_entry *a = x, *b = y;
    int c = key_compare(&table_def_table[a->kind], a, b);
    return c ? c : (a->line > b->line) - (a->line < b->line);
}

bool audit_tables_settle(struct audit_tables *t, const char *where, struct diag *d)
{
    for (int k = 0; k < AUDIT_TAB_COUNT; k++) {
        const struct table_def *def = &table_def_table[k];
        struct tab_entry *it = t->tab[k].items;
        size_t n = t->tab[k].len, out = 0;
        if (n > 1)
            qsort(it, n, sizeof *it, entry_order);
        for (size_t i = 0; i < n; i++) {
            if (out && key_compare(def, &it[out - 1], &it[i]) == 0) {
                if (!same_entry(def, &it[out - 1], &it[i])) {
                    char label[600];
                    entry_label(def, &it[i], label, sizeof label);
                    diag_set(d, DIAG_SYNTAX, where, it[i].line, it[i].col,
                             "a different [[%s]] for %s is at line %u", def->name, label,
                             it[out - 1].line);
                    for (size_t j = i; j < n; j++)
                        free(it[j].v[0]);
                    t->tab[k].len = out;
                    return false;
                }
                free(it[i].v[0]);
                continue;
            }
            it[out++] = it[i];
        }
        t->tab[k].len = out;
    }
    return true;
}

/* ---- writing ----------------------------------------------------------- */

void audit_tables_serialize(const struct audit_tables *t, struct strbuf *sb)
{
    for (int k = 0; k < AUDIT_TAB_COUNT; k++) {
        const struct table_def *def = &table_def_table[k];
        for (size_t i = 0; i < t->tab[k].len; i++) {
            strbuf_printf(sb, "\n[[%s]]\n", def->name);
            for (unsigned f = 0; f < def->n_fields; f++) {
                const char *s = t->tab[k].items[i].v[f];
                if (!s[0])
                    continue;
                strbuf_printf(sb, "%s = ", def->fields[f].key);
                if (def->fields[f].kind == FK_DATE)
                    strbuf_puts(sb, s);
                else
                    audits_put_string(sb, s);
                strbuf_putc(sb, '\n');
            }
        }
    }
}

/* ---- the public surface ------------------------------------------------ */

size_t audits_table_count(const struct audits *set, enum audit_table k)
{
    const struct audit_tables *t = audits_tables_of(set);
    return t && k < AUDIT_TAB_COUNT ? t->tab[k].len : 0;
}

static const struct tab_entry *entry_at(const struct audits *set, enum audit_table k, size_t i)
{
    return i < audits_table_count(set, k) ? &audits_tables_of(set)->tab[k].items[i] : NULL;
}

void audits_table_remove(struct audits *set, enum audit_table k, size_t i)
{
    struct audit_tables *t = audits_tables_of(set);
    if (i >= audits_table_count(set, k))
        return;
    free(t->tab[k].items[i].v[0]);
    memmove(&t->tab[k].items[i], &t->tab[k].items[i + 1],
            (t->tab[k].len - i - 1) * sizeof *t->tab[k].items);
    t->tab[k].len--;
}

unsigned audits_table_line(const struct audits *set, enum audit_table k, size_t i)
{
    const struct tab_entry *e = entry_at(set, k, i);
    return e ? e->line : 0;
}

/* Checks and inserts (or replaces) an entry given as field strings. */
static bool table_add(struct audits *set, enum audit_table k, const char *const *v,
                      struct diag *d)
{
    const struct table_def *def = &table_def_table[k];
    const char *out[TAB_MAX_FIELDS];
    char bufs[2][AUDITS_MAX_NAME * 2 + 1], why[320];
    unsigned bad;
    if (!entry_check(def, v, out, bufs, &bad, why, sizeof why)) {
        diag_set(d, DIAG_SYNTAX, "", 0, 0, "%s refused: %s", def->name, why);
        return false;
    }
    struct audit_tables *t = audits_tables_of(set);
    struct tab_entry e = entry_make(k, out, 0, 0);
    size_t i = 0;
    while (i < t->tab[k].len && key_compare(def, &t->tab[k].items[i], &e) < 0)
        i++;
    if (i < t->tab[k].len && key_compare(def, &t->tab[k].items[i], &e) == 0) {
        free(t->tab[k].items[i].v[0]);
        t->tab[k].items[i] = e;
        return true;
    }
    push(t, k, e);
    memmove(&t->tab[k].items[i + 1], &t->tab[k].items[i],
            (t->tab[k].len - 1 - i) * sizeof e);
    t->tab[k].items[i] = e;
    return true;
}

static void typed(const char *eco_s, const char *crit_s, enum ecosystem *eco,
                  enum audit_criteria *crit)
{
    ecosystem_parse(eco_s, eco);
    if (crit)
        audits_criteria_parse(crit_s, crit);
}

bool audits_exemption_at(const struct audits *set, size_t i, struct audit_exemption *o)
{
    const struct tab_entry *e = entry_at(set, AUDIT_TAB_EXEMPTION, i);
    if (!e)
        return false;
    *o = (struct audit_exemption){ECO_UNKNOWN, e->v[EX_NAME], e->v[EX_VERSION], AUDIT_SAFE_TO_RUN,
                                  e->v[EX_DATE], e->v[EX_EXPIRES], e->v[EX_REASON]};
    typed(e->v[EX_ECO], e->v[EX_CRITERIA], &o->eco, &o->criteria);
    return true;
}

bool audits_trust_at(const struct audits *set, size_t i, struct audit_trust *o)
{
    const struct tab_entry *e = entry_at(set, AUDIT_TAB_TRUST, i);
    if (!e)
        return false;
    *o = (struct audit_trust){ECO_UNKNOWN, e->v[TR_NAME], e->v[TR_PUBLISHER], e->v[TR_IDENTITY],
                              AUDIT_SAFE_TO_RUN,
                              e->v[TR_START], e->v[TR_EXPIRES], e->v[TR_REVIEWER],
                              e->v[TR_NOTE]};
    typed(e->v[TR_ECO], e->v[TR_CRITERIA], &o->eco, &o->criteria);
    return true;
}

bool audits_ack_at(const struct audits *set, size_t i, struct audit_ack *o)
{
    const struct tab_entry *e = entry_at(set, AUDIT_TAB_ACK, i);
    if (!e)
        return false;
    *o = (struct audit_ack){ECO_UNKNOWN, e->v[AK_NAME], e->v[AK_VERSION], e->v[AK_RULE],
                            e->v[AK_PATH], e->v[AK_SHA], e->v[AK_REASON], e->v[AK_REVIEWER],
                            e->v[AK_DATE], e->v[AK_EXPIRES], e->v[AK_LOCKFILE],
                            e->v[AK_SUBJECT], e->v[AK_EVIDENCE]};
    typed(e->v[AK_ECO], NULL, &o->eco, NULL);
    return true;
}

static const char *eco_or_empty(enum ecosystem e)
{
    return e == ECO_HEX || e == ECO_PYPI || e == ECO_NPM ? ecosystem_name(e) : "";
}

static const char *crit_or_empty(enum audit_criteria c)
{
    return c == AUDIT_SAFE_TO_RUN || c == AUDIT_SAFE_TO_DEPLOY ? audits_criteria_name(c) : "";
}

bool audits_exemption_add(struct audits *set, const struct audit_exemption *x, struct diag *d)
{
    char today[16];
    timeutil_format_date(timeutil_now(), "1970-01-01", today, sizeof today);
    const char *v[TAB_MAX_FIELDS] = {
        [EX_ECO] = eco_or_empty(x->eco), [EX_NAME] = x->name, [EX_VERSION] = x->version,
        [EX_CRITERIA] = crit_or_empty(x->criteria),
        [EX_DATE] = x->date && x->date[0] ? x->date : today, [EX_EXPIRES] = x->expires,
        [EX_REASON] = x->reason,
    };
    return table_add(set, AUDIT_TAB_EXEMPTION, v, d);
}

bool audits_trust_add(struct audits *set, const struct audit_trust *x, struct diag *d)
{
    const char *v[TAB_MAX_FIELDS] = {
        [TR_ECO] = eco_or_empty(x->eco), [TR_NAME] = x->name, [TR_PUBLISHER] = x->publisher,
        [TR_IDENTITY] = x->identity ? x->identity : "", [TR_CRITERIA] = crit_or_empty(x->criteria), [TR_START] = x->start,
        [TR_EXPIRES] = x->expires, [TR_REVIEWER] = x->reviewer, [TR_NOTE] = x->note,
    };
    return table_add(set, AUDIT_TAB_TRUST, v, d);
}

bool audits_ack_add(struct audits *set, const struct audit_ack *x, struct diag *d)
{
    const char *v[TAB_MAX_FIELDS] = {
        [AK_ECO] = eco_or_empty(x->eco), [AK_NAME] = x->name, [AK_VERSION] = x->version,
        [AK_RULE] = x->rule, [AK_PATH] = x->path, [AK_SHA] = x->line_sha256,
        [AK_REASON] = x->reason, [AK_REVIEWER] = x->reviewer, [AK_DATE] = x->date,
        [AK_EXPIRES] = x->expires, [AK_LOCKFILE] = x->lockfile,
        [AK_SUBJECT] = x->subject_sha256, [AK_EVIDENCE] = x->evidence,
    };
    return table_add(set, AUDIT_TAB_ACK, v, d);
}
