#!/bin/sh
# The explorer driven in tmux: real binary, fixed sizes, clean environment;
# assertions on capture-pane text.  Each case (tmux.inc's tcase) starts its
# own explorer with its own HOME and XDG folders.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/tmux.inc"
DEMO="$SRCDIR/examples/demo"
export HOME="$TMP/home" TZ=UTC
mkdir -p "$HOME"
cleanup() { T kill-server 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

# --- 80x24: open, move, expand, collapse ---------------------------------
moving() {
    start 80 24 "$DEMO"
    see "backend/mix.lock" "lockfile heading"
    see "phoenix 1.7.10" "a root of the Elixir app"
    see "? help" "status bar hints"
    see "packages" "status bar counts"
    keys / '^phoenix$' Enter
    see "match 1 of 1" "search selects phoenix"
    keys l
    see "│  ├─▸ phoenix_template" "expanded children drawn with guides"
    keys h
    not_see "phoenix_pubsub" "collapse hides children"
    keys j k G
    see "tqdm" "End reaches the last row"
    keys q
}

# search with PCRE2, n/N
searching() {
    start 80 24 "$DEMO"
    keys / '^gym' Enter
    see "match 1 of 2" "search finds gym and gym-notices"
    keys n
    see "match 2 of 2" "n goes to the next match"
    keys / '([' Enter
    see "bad pattern" "an invalid pattern is reported, not fatal"
    # the prompt keeps a history: Up brings back earlier searches, newest first
    keys / Up Up
    see "/^gym" "Up Up in the prompt: the search before the last (a failed one is kept too)"
    keys Enter
    see "/^gym: match 1 of 2" "an earlier search runs again"
    keys / Up Down Down '^tqdm$' Enter
    see "/^tqdm\$: match 1 of 1" "Down past the newest is a fresh prompt"
    keys q
}

# the history outlives the explorer: a file in the user's state folder
history_kept() {
    start 80 24 "$DEMO"
    keys / '^tqdm$' Enter
    see "/^tqdm\$: match 1 of 1" "a search"
    keys q
    see "EXIT=0" "quits"
    grep -qxF '^tqdm$' "$XDG_STATE_HOME/depvet/search_history" 2>/dev/null && ok ||
        bad "the search is in \$XDG_STATE_HOME/depvet/search_history"
    start 80 24 "$DEMO"
    see "packages" "started again"
    keys / Up
    see "/^tqdm\$" "Up in a new explorer brings back the last run's search"
    keys Enter
    see "/^tqdm\$: match 1 of 1" "and runs it"
    keys q
    # a history file that is a folder: said, the explorer works on
    rm -f "$XDG_STATE_HOME/depvet/search_history"
    mkdir -p "$XDG_STATE_HOME/depvet/search_history"
    start 80 24 "$DEMO"
    see "search history not read: " "an unreadable history is said"
    keys / '^gym$' Enter
    see "search history not kept: " "and so is one that cannot be written"
    keys q
    see "EXIT=0" "quits"
}

filters() {
    start 80 24 "$DEMO"
    keys D
    see "[no dev]" "dev filter shown in the status bar"
    keys D d
    see "[direct only]" "direct-only filter"
    keys q
}

# help is drawn from the key table
help_screen() {
    start 80 24 "$DEMO"
    keys '?'
    see "depvet keys" "help overlay"
    see "search names (a PCRE2 pattern; Up/Down: earlier searches)" "help lists actions"
    see "Filters" "help groups"
    keys NPage NPage
    see "Review form (r)" "help lists the review form's keys too"
    see "save the review to .depvet/audits.toml" "from the form's key table"
    keys G
    see "wheel" "help explains the mouse, to its last line"
    see "+new               adopted tree (A)" "and the adopted tree's marks"
    see "!                  a scanner hit new on this line" "and the source diff's gutter"
    keys PgUp
    see "(i)(L)(M)(H)(C)    on a collapsed row" "help explains the badges"
    keys q
    see "? help" "q closes help first"
    keys q
}

resize_and_quit() {
    start 80 24 "$DEMO"
    see "packages" "started"
    T resize-window -t main -x 120 -y 40 2>/dev/null || T resize-pane -t main -x 120 -y 40
    see "packages" "redrawn after resize"
    keys q
    see "EXIT=0" "q quits with status 0"
    same_modes "after quitting"
}

# --- 200x50, ASCII, monochrome -------------------------------------------
ascii() {
    start 200 50 --ascii --theme monochrome "$DEMO"
    keys / '^phoenix$' Enter l
    see "|  |-+ phoenix_template" "ASCII guides"
    not_see "├" "no box drawing with --ascii"
    keys q
    see "EXIT=0" "quit at 200x50"
}

# --- NO_COLOR and a bad theme -----------------------------------------------
bad_theme() {
    start 80 24 --theme no-such-theme "$DEMO"
    see "no theme 'no-such-theme'" "unknown theme is an error"
    see "EXIT=1" "unknown theme exits 1"
}

# --- hostile names are shown escaped ---------------------------------------
hostile() {
    start 80 24 "$SRCDIR/tests/fixtures/tree/hostile"
    keys j
    see '\x1b]52;c;ZXZpbA==\x07y' "OSC 52 shown escaped"
    see '<U+202E>' "bidi override shown escaped"
    keys q
    see "EXIT=0" "quit after hostile input"
    same_modes "after hostile input"
}

# --- a lockfile heading: the lockfile's own findings -------------------------
lockfile_heading() {
    start 80 24 "$SRCDIR/tests/fixtures/requirements/extra_index.txt"
    keys 3
    see "extra-index" "findings about the lockfile itself on its heading"
    keys 1
    see "format         requirements.txt" "what the lockfile is, in the other panes"
    keys q
}

# --- SIGTERM restores the terminal -----------------------------------------
sigterm() {
    start 80 24 "$DEMO"
    see "packages" "started for the signal test"
    pkill -TERM -f "$BIN $DEMO" 2>/dev/null || true
    see "EXIT=" "exits on SIGTERM"
    same_modes "after SIGTERM"
}

# --- not a terminal ---------------------------------------------------------
no_terminal() {
    run "$BIN" "$DEMO"
    expect_rc 1 "explorer without a terminal"
    expect_err "depvet tree" "suggests depvet tree"
}

tcase "open, move, expand, collapse" moving
tcase "search, n, a bad pattern, the prompt's history" searching
tcase "the search history kept across sessions" history_kept
tcase "filters" filters
tcase "? from the key tables" help_screen
tcase "resize, then q" resize_and_quit
tcase "--ascii --theme monochrome at 200x50" ascii
tcase "an unknown theme" bad_theme
tcase "hostile names escaped" hostile
tcase "a lockfile heading's own findings" lockfile_heading
tcase "SIGTERM restores the terminal" sigterm
tcase "not a terminal" no_terminal
finish
