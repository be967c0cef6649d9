/* The action table and key-name parsing. */
#include "depvet/tui/keymap.h"

#include <curses.h>
#include <string.h>

const struct action_def action_table[] = {
    {ACT_UP, "move-up", "Moving", "previous row", "k Up"},
    {ACT_DOWN, "move-down", "Moving", "next row", "j Down"},
    {ACT_PAGE_UP, "page-up", "Moving", "one screen up", "PgUp C-b"},
    {ACT_PAGE_DOWN, "page-down", "Moving", "one screen down", "PgDn C-f Space"},
    {ACT_HOME, "first-row", "Moving", "first row", "g Home"},
    {ACT_END, "last-row", "Moving", "last row", "G End"},
    {ACT_PARENT, "parent", "Moving", "go to the parent row", "p"},
    {ACT_EXPAND, "expand", "Tree", "expand the row", "l Right +"},
    {ACT_COLLAPSE, "collapse", "Tree", "collapse the row, or go to its parent", "h Left -"},
    {ACT_TOGGLE, "toggle", "Tree", "expand or collapse; in a pane: open the finding or file", "Enter o"},
    {ACT_EXPAND_ALL, "expand-all", "Tree", "expand three levels everywhere", "*"},
    {ACT_COLLAPSE_ALL, "collapse-all", "Tree", "collapse everything to the roots", "c"},
    {ACT_SEARCH, "search", "Search", "search names (a PCRE2 pattern; Up/Down: earlier searches)", "/"},
    {ACT_NEXT_MATCH, "next-match", "Search", "next match", "n"},
    {ACT_PREV_MATCH, "prev-match", "Search", "previous match", "N"},
    {ACT_FILTER_DEV, "filter-dev", "Filters", "hide or show development dependencies", "D"},
    {ACT_FILTER_DIRECT, "filter-direct", "Filters", "only direct dependencies, or all", "d"},
    {ACT_FILTER_UNREVIEWED, "filter-unreviewed", "Filters", "only packages nothing covers yet (review, exemption, import), or all", "U"},
    {ACT_FILTER_SEVERITY, "filter-severity", "Filters", "only findings at or above: off, info .. critical", "S"},
    {ACT_FILTER_POLICY, "filter-policy", "Filters", "only packages failing the review policy (as depvet check), or all", "P"},
    {ACT_NEXT_PANE, "next-pane", "Panes", "next pane (reputation, version diff, findings)", "Tab"},
    {ACT_PANE_1, "pane-reputation", "Panes", "the reputation pane", "1"},
    {ACT_PANE_2, "pane-diff", "Panes", "the version diff pane", "2"},
    {ACT_PANE_3, "pane-findings", "Panes", "the findings pane", "3"},
    {ACT_DIFF_FROM_PREV, "diff-from-earlier", "Panes", "version diff: earlier first version", "["},
    {ACT_DIFF_FROM_NEXT, "diff-from-later", "Panes", "version diff: later first version", "]"},
    {ACT_DIFF_TO_PREV, "diff-to-earlier", "Panes", "version diff: earlier second version", "{"},
    {ACT_DIFF_TO_NEXT, "diff-to-later", "Panes", "version diff: later second version", "}"},
    {ACT_SOURCE_DIFF, "source-diff", "Panes", "version diff: compare the two versions' sources", "s"},
    {ACT_NEXT_HIT, "next-hit", "Panes", "in a file's source diff: the next new scanner hit (! in the gutter)", "x"},
    {ACT_PREV_HIT, "prev-hit", "Panes", "in a file's source diff: the previous new scanner hit", "X"},
    {ACT_FOCUS, "focus", "Panes", "move the keys between the tree and the pane", "w"},
    {ACT_BACK, "back", "Panes", "out of a detail or file, then the pane; on the tree, stops a refresh", "Esc Backspace C-h"},
    {ACT_PANE_DOWN, "pane-down", "Panes", "scroll the pane down", "J C-d"},
    {ACT_PANE_UP, "pane-up", "Panes", "scroll the pane up", "K C-u"},
    {ACT_REVIEW, "review", "Reviews", "review the package: criteria, full or delta, note", "r"},
    {ACT_UNREVIEW, "unreview", "Reviews", "remove the package's reviews (asks first)", "u"},
    {ACT_UNDO, "undo-unreview", "Reviews", "put back the reviews u removed last", "z"},
    {ACT_ACK, "acknowledge", "Reviews", "in the findings pane: acknowledge the finding (reason, expiry)", "a"},
    {ACT_REFRESH, "refresh", "Other", "refresh the package's facts (on a lockfile heading: its packages)", "R"},
    {ACT_ADOPT, "adopt", "Other", "the tree a package would bring (ECO:NAME[@REQ], marked new, present, changed); Esc returns", "A"},
    {ACT_HELP, "help", "Other", "this help", "?"},
    {ACT_REDRAW, "redraw", "Other", "redraw the screen", "C-l"},
    {ACT_QUIT, "quit", "Other", "quit (closes the help first)", "q"},
};

const size_t action_count = sizeof(action_table) / sizeof(*action_table);

static const struct {
    const char *name;
    int code;
} key_name_table[] = {
    {"Up", KEY_UP}, {"Down", KEY_DOWN}, {"Left", KEY_LEFT}, {"Right", KEY_RIGHT},
    {"PgUp", KEY_PPAGE}, {"PgDn", KEY_NPAGE}, {"Home", KEY_HOME}, {"End", KEY_END},
    {"Enter", '\n'}, {"Tab", '\t'}, {"Space", ' '}, {"Esc", 27},
    {"Backspace", KEY_BACKSPACE}, {"BTab", KEY_BTAB},
};

int keymap_parse_key(const char *name)
{
    for (size_t i = 0; i < sizeof(key_name_table) / sizeof(*key_name_table); i++)
        if (strcmp(key_name_table[i].name, name) == 0)
            return key_name_table[i].code;
    if (name[0] == 'C' && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z' && !name[3])
        return name[2] - 'a' + 1;
    if (name[0] > ' ' && name[0] < 127 && !name[1])
        return name[0];
    return -1;
}

enum action keymap_lookup(int key)
{
    if (key == KEY_ENTER || key == '\r')
        key = '\n';
    for (size_t i = 0; i < action_count; i++) {
        const char *p = action_table[i].keys;
        while (*p) {
            char word[16];
            size_t n = strcspn(p, " ");
            if (n && n < sizeof(word)) {
                memcpy(word, p, n);
                word[n] = '\0';
                if (keymap_parse_key(word) == key)
                    return action_table[i].id;
            }
            p += n;
            while (*p == ' ')
                p++;
        }
    }
    return ACT_NONE;
}
