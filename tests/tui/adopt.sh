#!/bin/sh
# The explorer on an adopted tree, from recorded registry answers
# (tests/fixtures/adopt) served on 127.0.0.1: `depvet adopt --tui` with
# every row marked new, present, changed or unresolved and the version
# diff of a changed one from the project's pin; A on a project's tree
# (the typosquat question first, the tree, Esc back); help lists A.  The
# two cases (tmux.inc's tcase) have caches of their own.
. "$(dirname "$0")/../integration/lib.sh"
command -v python3 >/dev/null || { echo "adopt: python3 missing"; exit 1; }
. "$(dirname "$0")/tmux.inc"
export HOME="$TMP/home" TZ=UTC
mkdir -p "$HOME"
start_mock --dir "$SRCDIR/tests/fixtures/adopt" --synth
cleanup() { T kill-server 2>/dev/null; kill "$MOCK" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
. "$(dirname "$0")/../integration/adopt_env.inc"

# --- depvet adopt --tui --------------------------------------------------------
adopt_tui() {
    CACHE="$CASE/cache"
    start 120 30 adopt --tui --cache "$CACHE" npm:webapp-kit "$P/npm"
    see "adopt npm:webapp-kit: 8 packages (5 new, 1 present, 1 changed, 1 unresolved)" "the summary first"
    see "adopt npm:webapp-kit  adopt" "the tree's heading"
    see "webapp-kit 1.1.0 npm +new" "the candidate, new"
    see "ms 2.1.3 npm =present" "deduped against the project's pin"
    see "fsevents-x 2.3.1 npm +new opt" "optional"
    see 'evil\x1b[2J<U+202' "a hostile name escaped and unresolved"
    see "?unresolved" "the unresolved mark"
    see "8 packages  7 unreviewed" "the status bar counts the tree (the unresolved one has no version to review)"
    keys / '^ms$' Enter n
    see "ms 1.0.0 npm ~changed" "nested at another version than the project pins"
    keys 2
    see "1.0.0 adopted (2023-01-01) -> 2.1.3 the project's pin" "a changed node's diff: adopted against the pin"
    keys 1
    see "releases" "the reputation pane on an adopted node"
    keys q
    see "EXIT=0" "q quits"
    same_modes "adopt --tui"
    if LC_ALL=C grep -q "$(printf '\033')" "$TMP/screen"; then bad "a raw ESC reached the screen"; else ok; fi
}

# --- A in the explorer ----------------------------------------------------------
adopt_key() {
    CACHE="$CASE/cache"
    # The popular-name list for the typosquat question (the cached one only).
    run "$BIN" adopt --no-prefetch --cache "$CACHE" pypi:dataflow "$P/pypi"
    start 120 30 --cache "$CACHE" "$P/pypi"
    see "six 1.16.0 pypi" "the project's tree"
    keys ?
    i=0   # the help is longer than the screen: page down to the Other keys
    while [ $i -lt 8 ] && ! TUI_WAIT=1 wait_for "the tree a package would bring"; do keys PgDn; i=$((i + 1)); done
    see "the tree a package would bring" "help lists A"
    keys q A
    see "adopt (ECO:NAME[@REQ]):" "A asks for a name"
    keys 'nonsense' Enter
    see "adopt: " "a malformed name is refused"
    keys A 'pypi:reqeusts' Enter
    see "TYPOSQUAT? one letter from 'requests'" "the name is checked first"
    see "did you mean requests?" "and the popular name offered"
    keys Escape
    see "adopt cancelled" "Esc answers neither"
    keys A 'pypi:dataflow' Enter
    see "adopt PyPI:dataflow: 3 packages (1 new, 1 present, 1 changed" "the tree arrives off the UI thread"
    see "adopt PyPI:dataflow  adopt" "and replaces the project's"
    see "six 1.15.0 pypi !conflict" "a conflict with the project's pin"
    see "attrs 23.2.0 pypi =present" "a pin that satisfies"
    keys Escape
    see "back to the project's tree" "Esc returns"
    not_see "adopt PyPI:dataflow  adopt" "the adopted tree is gone"
    see "six 1.16.0 pypi" "the project's rows again"
    keys q
    see "EXIT=0" "q quits after A"
    same_modes "A"
}

tcase "depvet adopt --tui" adopt_tui
tcase "A in the explorer" adopt_key
finish
