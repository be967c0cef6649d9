#!/bin/sh
# Whole screens of the demo explorer (cache built from the recorded
# snapshot, clock at its date) at 80x24 and 120x40 compared with the golden
# files in tests/tui/screens/, as tmux's own regression tests compare
# theirs: the explorer runs under env -i with HOME, XDG_*, TZ, the locale
# and TERM fixed (tmux.inc's start).  Each case (tmux.inc's tcase) starts
# its own explorer on its own copy of the cache, so one that fails leaves
# the next as it found it.  After an intended change
# to what the explorer draws, UPDATE_GOLDEN=1 rewrites the files (then read
# the diff).
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/tmux.inc"
CACHE="$TMP/cache"
demo_env
export HOME="$TMP/home" TZ=UTC DEPVET_SNAPSHOT_DATE="$DEPVET_NOW"
BASE_CACHE="$CACHE"
mkdir -p "$HOME"
cleanup() { T kill-server 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
GOLD="$SRCDIR/tests/tui/screens"
UPDATE=${UPDATE_GOLDEN:-${DEPVET_UPDATE_SCREENS:-}}
run sh "$DEMO/tools/build-cache.sh" "$BIN"
expect_rc 0 "the demo cache"
cd "$SRCDIR" || exit 1   # the lockfile pane names examples/demo/...

# settled: the screen once the findings are in and two captures a half
# second apart agree (what an update writes)
settled() {
    i=0; : > "$TMP/prev"
    while [ $i -lt $(( ${TUI_WAIT:-5} * 4 )) ]; do
        screen
        if ! grep -q "checking\.\.\." "$TMP/screen" && cmp -s "$TMP/screen" "$TMP/prev"; then
            return 0
        fi
        cp "$TMP/screen" "$TMP/prev"
        sleep 0.5; i=$((i + 1))
    done
    return 1
}

# golden NAME DESCRIPTION: the screen becomes tests/tui/screens/NAME.txt
# within $TUI_WAIT seconds (the findings arrive after the first frame).
golden() {
    if [ -n "$UPDATE" ]; then
        settled || { bad "$2: the screen did not settle"; return; }
        cp "$TMP/screen" "$GOLD/$1.txt"; ok; return
    fi
    [ -f "$GOLD/$1.txt" ] || { bad "$2: no tests/tui/screens/$1.txt (UPDATE_GOLDEN=1 writes it)"; return; }
    i=0
    while [ $i -lt $(( ${TUI_WAIT:-5} * 10 )) ]; do
        screen
        cmp -s "$TMP/screen" "$GOLD/$1.txt" && { ok; return; }
        sleep 0.1; i=$((i + 1))
    done
    bad "$2: screen differs from tests/tui/screens/$1.txt"
    diff "$GOLD/$1.txt" "$TMP/screen" | sed 's/^/    /'
}

# case NAME W H DESCRIPTION KEYS...: a fresh explorer on the demo at WxH,
# KEYS sent once it is up, the screen compared with NAME-WxH.txt, then q.
case_screen() {
    name=$1 w=$2 h=$3 what=$4; shift 4
    start "$w" "$h" examples/demo
    wait_for "snapshot" >/dev/null || { bad "$what: the explorer did not start"; return; }
    [ $# -gt 0 ] && keys "$@"
    golden "$name-${w}x$h" "$what (${w}x$h)"
    keys q q
    wait_for "EXIT=0" >/dev/null && ok || bad "$what (${w}x$h): q does not quit"
}

for size in "80 24" "120 40"; do
    set -- $size
    W=$1 H=$2
    # hackney (H): ssl_verify_fun [H] and certifi [M] are collapsed under it;
    # at 80x24 the status bar drops "4 lockfiles" and the hints "filters", whole.
    tcase "first screen ${W}x$H" case_screen demo "$W" "$H" "first screen: the tree, the lockfile in the pane"
    tcase "reputation pane ${W}x$H" case_screen reputation "$W" "$H" "the reputation pane" / '^hackney$' Enter 1
    tcase "version diff pane ${W}x$H" case_screen diff "$W" "$H" "the version diff pane" / '^hackney$' Enter 2
    tcase "findings pane ${W}x$H" case_screen findings "$W" "$H" "the findings pane" / '^reqeusts$' Enter 3
    tcase "help ${W}x$H" case_screen help "$W" "$H" "the help's first page" '?'
done
# unicode_util_compat loses its ecosystem mark, not its [L]
tcase "badges in their column" case_screen expanded 80 24 \
    "hackney opened by the search, badges in their column" / '^ssl_verify_fun$' Enter
# c collapses all and the selection moves up to hackney, not to the row
# that now has the old row number
tcase "c keeps the selection" case_screen collapsed 80 24 \
    "c keeps the selection on the nearest visible ancestor" / '^ssl_verify_fun$' Enter c
# the forms' keys, from their key tables (the review form's and a's)
tcase "help: the forms' keys" case_screen help-forms 120 40 "? lists the forms' keys" '?' NPage
# a long help line goes on under its column at 80 columns instead of being cut
tcase "help: long lines wrapped" case_screen help-wrap 80 24 "? wraps what does not fit" '?' NPage
# the end of the help: the marks, badges and mouse, from the drawing tables
tcase "help: marks, badges, mouse" case_screen help-end 80 24 \
    "? explains every mark, badge and mouse action" '?' G

# --- stale facts: after the engine's time-to-live of package records (6 h),
# not after a week; the status bar counts them as check's coverage does
stale_facts() {
    RUN_ENV="DEPVET_NOW=2024-11-15T07:00:00Z" start 120 40 examples/demo
    see "stale facts" "the status bar counts the stale facts"
    keys / '^hackney$' Enter
    see "(7h old)  stale: press R" "package facts 7 h old are stale (the engine's 6 h)"
    keys q
    see "EXIT=0" "quits after the stale check"
}
fresh_facts() {
    RUN_ENV="DEPVET_NOW=2024-11-15T05:00:00Z" start 120 40 examples/demo
    keys / '^hackney$' Enter
    see "(5h old)" "package facts 5 h old"
    not_see "stale: press R" "are still fresh"
    not_see "stale facts" "none counted"
    keys q
}
tcase "facts 7 h old are stale" stale_facts
tcase "facts 5 h old are fresh" fresh_facts
finish
