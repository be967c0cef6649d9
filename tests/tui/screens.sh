#!/bin/sh
# Whole screens of the demo explorer (cache built from the recorded
# snapshot, clock at its date) at 80x24 and 120x40, compared with the
# golden files in tests/tui/screens/.  After an intended change to what the
# explorer draws, DEPVET_UPDATE_SCREENS=1 rewrites them (then read the diff).
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/tmux.inc"
CACHE="$TMP/cache"
demo_env
export HOME="$TMP/home" TZ=UTC DEPVET_SNAPSHOT_DATE="$DEPVET_NOW"
mkdir -p "$HOME"
cleanup() { T kill-server 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
GOLD="$SRCDIR/tests/tui/screens"
run sh "$DEMO/tools/build-cache.sh" "$BIN"
expect_rc 0 "the demo cache"
cd "$SRCDIR" || exit 1   # the lockfile pane names examples/demo/...

# golden NAME DESCRIPTION: the screen becomes tests/tui/screens/NAME.txt
# within 5 s (the findings arrive after the first frame).
golden() {
    if [ -n "${DEPVET_UPDATE_SCREENS:-}" ]; then
        wait_for "snapshot" >/dev/null; sleep 1; screen
        cp "$TMP/screen" "$GOLD/$1.txt"; ok; return
    fi
    i=0
    while [ $i -lt 50 ]; do
        screen
        cmp -s "$TMP/screen" "$GOLD/$1.txt" && { ok; return; }
        sleep 0.1; i=$((i + 1))
    done
    bad "$2: screen differs from tests/tui/screens/$1.txt"
    diff "$GOLD/$1.txt" "$TMP/screen" | sed 's/^/    /'
}

# --- the first screen: rolled-up badges, fixed columns, short status ------
start 80 24 examples/demo
# hackney (H): ssl_verify_fun [H] and certifi [M] are collapsed under it;
# the status bar drops "4 lockfiles" and the hints "filters", whole.
golden demo-80x24 "first screen at 80x24"
keys / '^ssl_verify_fun$' Enter
# unicode_util_compat loses its ecosystem mark, not its [L]
golden expanded-80x24 "hackney opened by the search, badges in their column"
keys c
# c collapses all and the selection moves up to hackney, not to the row
# that now has the old row number
golden collapsed-80x24 "c keeps the selection on the nearest visible ancestor"
keys '?' G
# the end of the help: the marks, badges and mouse, from the drawing tables
golden help-end-80x24 "? explains every mark, badge and mouse action"
keys q q
see "EXIT=0" "quits at 80x24"

# --- stale facts: after the engine's time-to-live of package records (6 h),
# not after a week
RUN_ENV="DEPVET_NOW=2024-11-15T07:00:00Z" start 120 40 examples/demo
keys / '^hackney$' Enter
see "(7h old)  stale: press R" "package facts 7 h old are stale (the engine's 6 h)"
keys q
see "EXIT=0" "quits after the stale check"
RUN_ENV="DEPVET_NOW=2024-11-15T05:00:00Z" start 120 40 examples/demo
keys / '^hackney$' Enter
see "(5h old)" "package facts 5 h old"
not_see "stale: press R" "are still fresh"
keys q

start 120 40 examples/demo
golden demo-120x40 "first screen at 120x40"
keys q
see "EXIT=0" "quits at 120x40"
finish
