/* Theme files: parsing, the element table and where themes are found. */
#include "depvet/tui/theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/datadir.h"
#include "depvet/core/fileio.h"
#include "depvet/core/xdg.h"

#define THEME_MAX_INCLUDE 4
#define THEME_MAX_BYTES (256 * 1024)

/* Element names and the built-in dark theme. */
static const struct {
    const char *name;
    struct style dflt;
    unsigned mono;
} element_table[EL_COUNT] = {
    [EL_NORMAL] = {"normal", {-1, -1, 0}, 0},
    [EL_TREE_SELECTED] = {"tree.selected", {0, 6, 0}, TA_REVERSE},
    [EL_TREE_GUIDE] = {"tree.guide", {4, -1, 0}, TA_DIM},
    [EL_TREE_LOCKFILE] = {"tree.lockfile", {3, -1, TA_BOLD}, TA_BOLD},
    [EL_TREE_DEV] = {"tree.dev", {-1, -1, TA_DIM}, TA_DIM},
    [EL_TREE_VERSION] = {"tree.version", {2, -1, 0}, 0},
    [EL_TREE_MARK] = {"tree.mark", {5, -1, 0}, TA_DIM},
    [EL_STATUS] = {"status", {7, 4, 0}, TA_REVERSE},
    [EL_STATUS_KEY] = {"status.key", {3, 4, TA_BOLD}, TA_REVERSE | TA_BOLD},
    [EL_HELP] = {"help", {-1, -1, 0}, 0},
    [EL_HELP_HEADING] = {"help.heading", {3, -1, TA_BOLD}, TA_BOLD},
    [EL_SEARCH_MATCH] = {"search.match", {0, 3, 0}, TA_UNDERLINE},
    [EL_PROMPT] = {"prompt", {-1, -1, TA_BOLD}, TA_BOLD},
    [EL_ERROR] = {"error", {1, -1, TA_BOLD}, TA_BOLD},
    [EL_PANE_TITLE] = {"pane.title", {7, 4, TA_BOLD}, TA_REVERSE},
    [EL_PANE_TAB] = {"pane.tab", {6, -1, 0}, TA_DIM},
    [EL_PANE_LABEL] = {"pane.label", {6, -1, 0}, TA_BOLD},
    [EL_PANE_NOTE] = {"pane.note", {-1, -1, TA_DIM}, TA_DIM},
    [EL_PANE_CURSOR] = {"pane.cursor", {0, 6, 0}, TA_REVERSE},
    [EL_SEV_INFO] = {"severity.info", {4, -1, 0}, 0},
    [EL_SEV_LOW] = {"severity.low", {6, -1, 0}, 0},
    [EL_SEV_MEDIUM] = {"severity.medium", {3, -1, TA_BOLD}, TA_BOLD},
    [EL_SEV_HIGH] = {"severity.high", {1, -1, TA_BOLD}, TA_BOLD},
    [EL_SEV_CRITICAL] = {"severity.critical", {7, 1, TA_BOLD}, TA_REVERSE | TA_BOLD},
    [EL_REVIEWED] = {"reviewed", {2, -1, TA_BOLD}, TA_BOLD},
    [EL_STALE] = {"stale", {3, -1, 0}, TA_UNDERLINE},
    [EL_SPARKLINE] = {"sparkline", {2, -1, 0}, 0},
    [EL_DIFF_ADD] = {"diff.add", {2, -1, 0}, 0},
    [EL_DIFF_DEL] = {"diff.del", {1, -1, 0}, 0},
    [EL_FORM] = {"form", {-1, -1, 0}, TA_REVERSE},
    [EL_DIFF_LINE_ADD] = {"diff.line-add", {2, -1, 0}, TA_BOLD},
    [EL_DIFF_LINE_DEL] = {"diff.line-del", {1, -1, 0}, TA_DIM},
    [EL_DIFF_HUNK] = {"diff.hunk", {6, -1, 0}, TA_UNDERLINE},
    [EL_DIFF_HEADER] = {"diff.header", {-1, -1, TA_BOLD}, TA_BOLD},
};

static const char *const colour_table[] = {
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
    const char *name;
    unsigned bit;
} attr_table[] = {
    {"bold", TA_BOLD}, {"dim", TA_DIM}, {"underline", TA_UNDERLINE},
    {"reverse", TA_REVERSE}, {"italic", TA_ITALIC}, {"standout", TA_STANDOUT},
};

const char *theme_element_name(enum theme_element e)
{
    return (unsigned)e < EL_COUNT ? element_table[e].name : "?";
}

void theme_defaults(struct theme *t)
{
    for (unsigned i = 0; i < EL_COUNT; i++) {
        t->el[i] = element_table[i].dflt;
        t->mono[i] = element_table[i].mono;
    }
}

/* -2 when the word is not a colour. */
static short parse_colour(const char *w)
{
    if (strcmp(w, "default") == 0)
        return -1;
    bool bright = strncmp(w, "bright-", 7) == 0;
    const char *base = bright ? w + 7 : w;
    for (short i = 0; i < 8; i++)
        if (strcmp(base, colour_table[i]) == 0)
            return (short)(i + (bright ? 8 : 0));
    if (strncmp(w, "color", 5) == 0 && w[5]) {
        char *end;
        long n = strtol(w + 5, &end, 10);
        if (!*end && n >= 0 && n <= 255)
            return (short)n;
    }
    return -2;
}

static int parse_attr(const char *w)
{
    for (size_t i = 0; i < sizeof(attr_table) / sizeof(*attr_table); i++)
        if (strcmp(w, attr_table[i].name) == 0)
            return (int)attr_table[i].bit;
    return -1;
}

static int find_element(const char *name)
{
    for (int i = 0; i < EL_COUNT; i++)
        if (strcmp(element_table[i].name, name) == 0)
            return i;
    return -1;
}

/* Splits line (modified in place) into words; returns the count. */
static unsigned split_words(char *line, char **words, unsigned max)
{
    unsigned n = 0;
    char *save = NULL;
    for (char *p = strtok_r(line, " \t", &save); p && n < max;
         p = strtok_r(NULL, " \t", &save))
        words[n++] = p;
    return n;
}

static bool parse_rule(struct theme *t, char **w, unsigned n, const char *where,
                       unsigned lineno, struct diag *d)
{
    int el = find_element(w[0]);
    if (el < 0) {
        diag_set(d, DIAG_SYNTAX, where, lineno, 1, "unknown element '%.64s'", w[0]);
        return false;
    }
    if (n < 3 || strcmp(w[1], "=") != 0) {
        diag_set(d, DIAG_SYNTAX, where, lineno, 1,
                 "expected 'ELEMENT = FG BG [ATTRIBUTES]'");
        return false;
    }
    struct style s = {-1, -1, 0};
    for (unsigned i = 2; i < n; i++) {
        short c = parse_colour(w[i]);
        int a = parse_attr(w[i]);
        if (i == 2 && c != -2)
            s.fg = c;
        else if (i == 3 && c != -2)
            s.bg = c;
        else if (a >= 0)
            s.attrs |= (unsigned)a;
        else {
            diag_set(d, DIAG_SYNTAX, where, lineno, 1,
                     "'%.64s' is not a colour or attribute here", w[i]);
            return false;
        }
    }
    t->el[el] = s;
    return true;
}

static bool parse_line(struct theme *t, char *line, const char *where,
                       unsigned lineno, unsigned depth, struct diag *d)
{
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    for (char *p = line; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\t') {
            diag_set(d, DIAG_SYNTAX, where, lineno, (unsigned)(p - line) + 1,
                     "control character in theme");
            return false;
        }
    char *w[12];
    unsigned n = split_words(line, w, 12);
    if (n == 0)
        return true;
    if (strcmp(w[0], "include") == 0) {
        if (n != 2) {
            diag_set(d, DIAG_SYNTAX, where, lineno, 1, "include takes one theme name");
            return false;
        }
        return theme_load(t, w[1], depth + 1, d);
    }
    return parse_rule(t, w, n, where, lineno, d);
}

bool theme_parse(struct theme *t, const char *buf, size_t len,
                 const char *where, unsigned depth, struct diag *d)
{
    if (memchr(buf, '\0', len)) {
        diag_set(d, DIAG_SYNTAX, where, 0, 0, "NUL byte in theme");
        return false;
    }
    unsigned lineno = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        lineno++;
        char line[512];
        if (end - pos >= sizeof(line)) {
            diag_set(d, DIAG_LIMIT, where, lineno, 1, "line too long");
            return false;
        }
        memcpy(line, buf + pos, end - pos);
        line[end - pos] = '\0';
        if (end > pos && line[end - pos - 1] == '\r')
            line[end - pos - 1] = '\0';
        if (!parse_line(t, line, where, lineno, depth, d))
            return false;
        pos = end + 1;
    }
    return true;
}

static bool valid_name(const char *name)
{
    if (!name[0] || strlen(name) > 64)
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            return false;
    return true;
}

bool theme_load(struct theme *t, const char *name, unsigned depth, struct diag *d)
{
    if (depth > THEME_MAX_INCLUDE) {
        diag_set(d, DIAG_LIMIT, name, 0, 0, "themes include each other too deeply");
        return false;
    }
    if (!valid_name(name)) {
        diag_set(d, DIAG_SYNTAX, name, 0, 0,
                 "a theme name is letters, digits, '-' and '_'");
        return false;
    }
    char dirs[3][3900], cfg[3800];
    unsigned nd = 0;
    if (xdg_config_dir(cfg, sizeof(cfg)) &&
        snprintf(dirs[nd], sizeof(dirs[0]), "%s/themes", cfg) < (int)sizeof(dirs[0]))
        nd++;
    datadir_find("themes", dirs[nd++], sizeof(dirs[0]));   /* build tree or PREFIX */
    snprintf(dirs[nd++], sizeof(dirs[0]), "themes");
    for (unsigned i = 0; i < nd; i++) {
        char path[4096];
        int n = snprintf(path, sizeof(path), "%s/%.64s.theme", dirs[i], name);
        if (n < 0 || (size_t)n >= sizeof(path) || !file_exists(path))
            continue;
        size_t len;
        char *buf = file_read(path, THEME_MAX_BYTES, &len, d);
        if (!buf)
            return false;
        bool ok = theme_parse(t, buf, len, path, depth, d);
        free(buf);
        return ok;
    }
    diag_set(d, DIAG_IO, name, 0, 0, "no theme '%s' in %s, %s or %s", name,
             dirs[0], nd > 1 ? dirs[1] : "", nd > 2 ? dirs[2] : "");
    return false;
}
