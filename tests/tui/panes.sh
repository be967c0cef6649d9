#!/bin/sh
# The explorer on a cache filled by `depvet refresh` from the mock registry:
# tree badges and review marks, the three panes, filters, the review form
# and the reviews file, hostile registry text, stacked panes at 200x50,
# no cache, NO_COLOR, R.  Assertions on capture-pane text.
. "$(dirname "$0")/../integration/lib.sh"
command -v python3 >/dev/null || { echo "panes: python3 missing"; exit 1; }
. "$(dirname "$0")/tmux.inc"
export HOME="$TMP/home" TZ=UTC
mkdir -p "$HOME"
cleanup() { T kill-server 2>/dev/null; kill "$MOCK" 2>/dev/null; rm -rf "$TMP"; }
quit_clean() {  # DESCRIPTION: q, exit 0, terminal modes unchanged
    keys q
    see "EXIT=0" "$1: quits"
    same_modes "$1"
}

# A cache filled the ordinary way, from the mock registry.
# Its OSV answers are asked only by the explorer's R below (the refresh
# here leaves DEPVET_OSV_URL to lib.sh's unreachable default).
start_mock --synth --dir "$SRCDIR/tests/fixtures/mockreg" --dir "$SRCDIR/tests/fixtures/tui/mockreg" \
    --osv "$SRCDIR/tests/fixtures/tui/osv"
trap cleanup EXIT
export DEPVET_HEX_URL="$BASE/hex.pm/api" DEPVET_NPM_URL="$BASE/registry.npmjs.org" \
       DEPVET_NPM_DOWNLOADS_URL="$BASE/api.npmjs.org" DEPVET_DEPSDEV_URL="$BASE/api.deps.dev"
cp -r "$SRCDIR/tests/fixtures/tui/project" "$TMP/project"
P="$TMP/project"
# The reviewer comes from the project's git configuration.
git -C "$P" init -q && git -C "$P" config user.name "Ada Lovelace" &&
    git -C "$P" config user.email ada@example.org || { echo "panes: git missing"; exit 1; }
CACHE="$TMP/cache"
run "$BIN" refresh --cache "$CACHE" "$P"
expect_rc 0 "refresh fills the cache"
# The explorer only asks the registry when R is pressed (the last part).
# Each case (tmux.inc's tcase) has its own copy of the project and cache.
BASE_CACHE="$CACHE" BASE_PROJ="$P"

# --- the mouse (SGR reports, as xterm sends them) ----------------------------
click() { keys -l "$(printf '\033[<0;%d;%dM\033[<0;%d;%dm' "$1" "$2" "$1" "$2")"; }
# --- each tab takes a click, at its first and last column -------------------
# The columns come from the tab bar as drawn (after the tree's separator),
# so a renamed pane still gets its own clicks.  tab_edges prints "FIRST
# LAST" (1-based screen columns) for every tab, in order.
tab_edges() {
    screen
    python3 - "$TMP/screen" <<'PY'
import re, sys
line = open(sys.argv[1], encoding='utf-8').readline().rstrip('\n')
sep = max(line.rfind('\u2502'), line.rfind('|'))
rest = line[sep + 1:]
digits = [m.start(1) for m in re.finditer(r'(?<= )(\d)(?= )', rest)]
tail = len(rest.replace('[keys]', '').rstrip())
for k, d in enumerate(digits):
    last = digits[k + 1] - 2 if k + 1 < len(digits) else tail
    print(sep + 1 + d - 1 + 1, sep + 1 + last + 1)
PY
}
# click_tabs WHAT...: the Nth tab's two edges each show WHAT's Nth text
# (from another pane first, so the click is what changes it)
click_tabs() {
    edges=$(tab_edges)
    [ "$(echo "$edges" | wc -l)" -eq $# ] && ok || bad "tab bar: $# tabs expected, found: $edges"
    n=0
    for x in $edges; do
        n=$((n + 1)); tab=$(( (n + 1) / 2 )); other=$(( tab % $# + 1 ))
        eval "want=\${$tab} away=\${$other}"
        keys "$other"
        wait_for "$away" || bad "key $other shows '$away' before the click"
        click "$x" 1
        see "$want" "a click on column $x lands on tab $tab"
    done
    keys Escape Escape 1   # the keys back in the tree, whichever tab took them
}

# --- 80x24: tree rows, status bar, panes -----------------------------------
rows_and_panes() {
    RUN_ENV="DEPVET_SNAPSHOT_DATE='2026-01-15'" start 80 24 --cache "$CACHE" "$P"
    see_row 'plug 1.15.2 hex' '[H]' "badge from the worst finding (retired: high)"
    see_row 'tiny-colors 1.4.0 npm' '[M]' "medium badge (deprecated)"
    see_row 'ms 2.1.3 npm dev' '[L]' "dev mark and low badge"
    see "6 packages  6 unreviewed" "status bar counts"
    see "1H 1M 7L" "findings by severity in the status bar"
    see "snapshot 2026-01-15" "snapshot date in the status bar"
    see "? help" "key hints"
    keys / '^plug$' Enter
    see "137 direct" "reputation: dependents"
    see "josevalim, mallory" "reputation: owners"
    see "first release  2014-04-11" "reputation: first release"
    see "(0h old)" "reputation: age of the facts"
    keys 2
    see "releases after 1.15.2" "version diff: timeline"
    see "source diff" "version diff: the source diff's place"
    see "retired (security): use 1.15.3" "version diff: retirement note"
    keys 3
    see "high     retired" "findings pane"
    keys w Enter
    see "finding 1 of 2" "Enter opens the finding"
    see "evidence" "the detail shows the evidence"
    keys Escape Escape
    see "low      stale" "Esc goes back to the list"
    keys Tab
    see "josevalim" "Tab cycles back to the reputation pane"
    keys / '^tiny' Enter
    see "per week       ▅" "downloads sparkline from the daily series"
    see "release by newcomer" "first-time publisher marked"
    keys 2
    see "1.4.1 2021-02-01 newcomer" "diff: release between pin and latest, with its publisher"
    see "1.4.0 deprecated: use 1.4.1" "diff: deprecation note"
    quit_clean "rows and panes"
}

mouse() {
    RUN_ENV="DEPVET_SNAPSHOT_DATE='2026-01-15'" start 80 24 --cache "$CACHE" "$P"
    keys 1
    click 6 3
    see "137 direct" "a click on a tree row selects it (plug)"
    click 67 1
    see "high     retired" "a click on a pane's name shows it"
    keys Escape 1
    keys -l "$(printf '\033[<65;60;5M\033[<65;60;5M\033[<65;60;5M')"
    not_see "facts from 20" "the wheel over a pane scrolls it"
    keys -l "$(printf '\033[<64;60;5M\033[<64;60;5M\033[<64;60;5M')"
    see "facts from 20" "and back"
    click_tabs "137 direct" "releases after 1.15.2" "high     retired"
    quit_clean "mouse"
}

# --- versions picked for the diff --------------------------------------------
versions() {
    RUN_ENV="DEPVET_SNAPSHOT_DATE='2026-01-15'" start 80 24 --cache "$CACHE" "$P"
    keys / '^telemetry$' Enter '['
    see "1.2.0 (2023-03-01) -> 1.9.0 latest" "[ moves the earlier version"
    see "1.2.1 2024-01-02" "timeline between the picked versions"
    keys '{'
    see "1.2.0 (2023-03-01) -> 1.8.0" "{ moves the later version"
    not_see "1.9.0 2023-10-01" "the timeline ends at the picked version"
    keys / evil Enter '{'
    see "findings new in 0.2.0" "diff: findings of the later version"
    see "high     retired" "diff: the later version's retirement is a new finding"
    keys j k 1
    quit_clean "versions"
}

# --- filters ----------------------------------------------------------------
filters() {
    RUN_ENV="DEPVET_SNAPSHOT_DATE='2026-01-15'" start 80 24 --cache "$CACHE" "$P"
    keys S S S S
    see "[>= high]" "severity filter in the status bar"
    not_see "tiny-colors" "medium packages hidden at >= high"
    see "plug 1.15.2" "high package shown"
    keys S S
    not_see "[>= " "severity filter off after critical"
    keys D
    not_see "ms 2.1.3" "hide dev"
    keys D
    quit_clean "filters"
}

# --- a review through the form ---------------------------------------------
review_form() {
    RUN_ENV="DEPVET_SNAPSHOT_DATE='2026-01-15'" start 80 24 --cache "$CACHE" "$P"
    keys / '^tiny' Enter r
    see "Review tiny-colors 1.4.0" "review form opens"
    see "Up/Down field  Left/Right change  Enter save  Esc cancel" "the hint line from the form's key table"
    see "[safe-to-run]" "safe-to-run chosen first"
    see "[full] (delta: no earlier reviewed version)" "no delta without an earlier review"
    see "reviewer  Ada Lovelace <ada@example.org>" "the reviewer from git config"
    see "┌─ Review tiny-colors 1.4.0 ─" "a bordered dialog titled with the package and version"
    keys Right
    see "[safe-to-deploy]" "criteria changed"
    keys Down Down
    keys -l "read it all"
    keys Enter
    see "reviewed (safe-to-deploy, full)" "saved message"
    see_row 'tiny-colors 1.4.0 npm' '[M] ✓✓' "review mark in the tree"
    see "5 unreviewed" "unreviewed count drops"
    A="$P/.depvet/audits.toml"
    grep -q 'name = "tiny-colors"' "$A" && grep -q 'version = "1.4.0"' "$A" &&
        grep -q 'criteria = "safe-to-deploy"' "$A" && grep -q 'kind = "full"' "$A" &&
        grep -q 'note = "read it all"' "$A" && grep -q 'reviewer = "Ada Lovelace <ada@example.org>"' "$A" &&
        ok || { bad "audits file content"; cat "$A"; }
    keys U
    not_see "tiny-colors" "only-unreviewed filter hides the reviewed package"
    see "[unreviewed]" "unreviewed filter in the status bar"
    keys U / '^tiny' Enter u
    see "remove the reviews of tiny-colors 1.4.0? y removes" "u asks first"
    keys n
    see "reviews kept" "any other key keeps them"
    grep -q 'tiny-colors' "$A" && ok || bad "review gone after n"
    keys u y
    see "review removed" "u y removes the review"
    see "(z puts it back)" "the undo is offered"
    see "6 unreviewed" "count back"
    grep -q 'tiny-colors' "$A" && bad "review still in the file" || ok
    keys z
    see "reviews put back" "z undoes the removal"
    see "5 unreviewed" "count after the undo"
    grep -q 'note = "read it all"' "$A" && ok || { bad "the review put back whole"; cat "$A"; }
    keys z
    see "nothing to undo" "one undo per removal"
    keys u y
    see "6 unreviewed" "removed again"
    quit_clean "80x24"
}

# --- a delta review from a version reviewed earlier; help; ASCII marks ------
delta_review() {
    A="$P/.depvet/audits.toml"
    mkdir -p "$P/.depvet"
    printf '%s\n' '[[audit]]' 'ecosystem = "npm"' 'name = "tiny-colors"' 'version = "1.3.0"' \
        'criteria = "safe-to-run"' 'kind = "full"' 'date = 2025-01-01' > "$A"
    RUN_ENV= start 80 24 --ascii --offline --cache "$CACHE" "$P"
    keys / '^tiny' Enter r
    see "delta from 1.3.0" "an earlier reviewed version is offered as a delta base"
    keys Down Right
    see "[delta from 1.3.0]" "delta chosen"
    keys Enter
    see "reviewed (safe-to-run, delta)" "delta saved"
    see_row 'tiny-colors 1.4.0 npm' '[M] +r' "ASCII review mark"
    grep -q 'kind = "delta"' "$A" && grep -q 'from = "1.3.0"' "$A" && ok || { bad "delta in the file"; cat "$A"; }
    see "offline" "offline facts are marked"
    keys '?' NPage
    see "Panes" "help lists the pane keys"
    keys NPage
    see "review the package: criteria, full or delta, note" "help lists the review key"
    keys q
    quit_clean "delta review"
}

# --- hostile registry text --------------------------------------------------
hostile() {
    RUN_ENV="DEPVET_SNAPSHOT_DATE='$(printf '2026\033]52;c;eA==\007')'" start 80 24 --cache "$CACHE" "$P"
    keys / evil Enter
    see '\x1b]52;c;ZXZpbA==\x07' "OSC 52 in a description shown escaped"
    see '<U+202E>users<U+202C>' "bidi controls shown escaped"
    see '\x1b[2J' "CSI shown escaped"
    see 'snapshot 2026\x1b]' "snapshot date made terminal-safe"
    quit_clean "hostile description"
}

# --- 200x50: the three panes stacked ---------------------------------------
stacked() {
    RUN_ENV= start 200 50 --cache "$CACHE" "$P"
    keys / '^plug$' Enter
    see "1 Reputation" "stacked: reputation"
    see "2 Version diff" "stacked: version diff"
    see "3 Findings" "stacked: findings"
    see "josevalim, mallory" "stacked: reputation content"
    see "releases after 1.15.2" "stacked: diff content"
    see "high     retired" "stacked: findings content"
    T resize-window -t main -x 120 -y 40 2>/dev/null || T resize-pane -t main -x 120 -y 40
    see "1 Reputation  2 Version diff  3 Findings" "resized to 120x40: the tabs' whole titles"
    click_tabs "josevalim, mallory" "releases after 1.15.2" "high     retired"
    T resize-window -t main -x 80 -y 24 2>/dev/null || T resize-pane -t main -x 80 -y 24
    see "1 Reputation  2 Diff  3 Findings" "resized down: tabs instead of stacked panes"
    quit_clean "200x50"
}

# --- no cache ---------------------------------------------------------------
no_cache() {
    RUN_ENV= start 80 24 --cache "$TMP/none" --offline "$P"
    keys / '^plug$' Enter
    see "no cache yet; run depvet refresh" "a missing cache is said plainly"
    see "no cache" "status bar says so"
    quit_clean "no cache"
}

# --- an 8-colour terminal: monochrome ----------------------------------------------
eight_colours() {
    RUN_ENV="TERM=xterm" start 80 24 --cache "$CACHE" "$P"
    see_row 'plug 1.15.2 hex' '[H]' "8-colour xterm: badges still shown"
    T capture-pane -e -p -t main > "$TMP/esc"
    grep -q '\[3[0-7]m\|\[38;5;\|;3[0-7]m' "$TMP/esc" && bad "colours on an 8-colour terminal" || ok
    quit_clean "8 colours"
}

# --- NO_COLOR: attributes only ---------------------------------------------
no_color() {
    RUN_ENV="NO_COLOR=1" start 80 24 --cache "$CACHE" "$P"
    see "plug 1.15.2" "NO_COLOR starts"
    T capture-pane -e -p -t main > "$TMP/esc"
    grep -q '\[3[0-7]m\|\[38;5;\|\[4[0-7]m\|;3[0-7]m\|;4[0-7]m' "$TMP/esc" && bad "colours used with NO_COLOR" || ok
    quit_clean "NO_COLOR"
}

# --- R: refresh in the event loop, into a cache that did not exist --------
# The whole refresh (records, popular lists, OSV advisories), not only the
# package records; on a lockfile heading, that lockfile's packages only.
refresh() {
    RUN_ENV="DEPVET_OSV_URL=$BASE/api.osv.dev" start 80 24 --cache "$TMP/fresh" "$P"
    keys / '^plug$' Enter
    see "no cache yet; run depvet refresh" "before the refresh"
    keys R
    see "refreshed: 1 updated" "R refreshes the selected package"
    see "137 direct" "the pane shows the new facts"
    see_row 'plug 1.15.2 hex' '[H]' "its badge after the findings are read again"
    keys g R
    see "refreshed: 3 updated, 1 still fresh" "R on mix.lock's heading refreshes its four packages"
    keys / '^tiny-colors$' Enter p R
    see "refreshed: 2 updated, 0 still fresh; 1 advisories stored" \
        "R on package-lock.json's heading: its two packages, and their advisories"
    see_row 'tiny-colors 1.4.0 npm' '[M]' "badges for the rest"
    see_row 'ms 2.1.3 npm dev' '[C]' "the advisory R stored is a finding (malicious: critical)"
    keys g j
    see "owner_evil_desc" "keys work after refreshing"
    quit_clean "refresh"
    [ -f "$TMP/fresh/cache.db" ] && ok || bad "the refresh created the cache"
    [ "$(CACHE="$TMP/fresh" sql "select id from advisories")" = MAL-2026-2002 ] && ok ||
        bad "R stored the OSV advisory"
}

# --- an unreachable registry: one line naming it, at once ------------------
unreachable() {
    D=http://127.0.0.1:1
    RUN_ENV="DEPVET_HEX_URL=$D/hex DEPVET_NPM_URL=$D/npm DEPVET_NPM_DOWNLOADS_URL=$D/dl DEPVET_DEPSDEV_URL=$D/dd" \
        start 80 24 --cache "$TMP/down" "$P"
    see "plug 1.15.2" "started with every registry unreachable"
    keys R
    see "$D: 5 failures in a row" "the unreachable origin named once, not a crawl"
    quit_clean "unreachable registry"
}

# --- a slow registry: progress with an ETA, Esc stops, q does not wait ------
slow() {
    python3 -c 'import sys,urllib.request; urllib.request.urlopen(sys.argv[1] + "/_control", sys.argv[2].encode())' \
        "$BASE" '{"path": ".", "latency_ms": 1200}'
    RUN_ENV= start 80 24 --cache "$TMP/slow" "$P"
    see "plug 1.15.2" "started on an empty cache"
    keys R
    see "refreshing 0/4" "progress in the status bar (R on mix.lock: its four packages)"
    see "Esc stops" "the status bar says how to stop it"
    keys R
    see "a refresh is running: Esc stops it" "a second R says how to stop the first"
    see "s left" "an estimate once a package is done"
    keys Escape
    see "refresh stopped: " "Esc stops the refresh"
    see "not asked; the cache keeps what was written" "what was not asked is said"
    not_see "refreshing " "no refresh runs after Esc"
    CACHE="$TMP/slow" sql "pragma integrity_check" > "$TMP/integrity"
    [ "$(cat "$TMP/integrity")" = ok ] && ok || bad "the cache after a stopped refresh: $(cat "$TMP/integrity")"
    keys j
    # j moves to evil_desc, whose record was written or not depending on where
    # the stop fell (a sanitizer build is slower): either pane means the key worked
    if wait_for "owner_evil_desc" || grep -qF "not in the cache; run depvet refresh" "$TMP/screen"; then ok
    else bad "keys work after stopping: no pane for evil_desc"; sed 's/^/    |/' "$TMP/screen"; fi
    keys R
    see "refreshing " "a new refresh after a stopped one"
    t0=$(date +%s%N)
    keys q
    see "EXIT=0" "q during a refresh quits"
    t1=$(date +%s%N)
    [ $(( (t1 - t0) / 1000000 )) -lt 1500 ] && ok || bad "q waited $(( (t1 - t0) / 1000000 )) ms for the refresh"
    same_modes "quit during a refresh"
}

tcase "80x24: rows, status bar, the three panes" rows_and_panes
tcase "the mouse: rows, tabs' edges, the wheel" mouse
tcase "versions picked for the diff" versions
tcase "filters" filters
tcase "a review through the form; u asks, z undoes" review_form
tcase "a delta review; help; ASCII marks" delta_review
tcase "hostile registry text" hostile
tcase "200x50: the panes stacked, then resized" stacked
tcase "no cache" no_cache
tcase "an 8-colour terminal" eight_colours
tcase "NO_COLOR" no_color
tcase "R: a refresh in the event loop" refresh
tcase "an unreachable registry" unreachable
tcase "a slow registry: ETA, Esc stops, q does not wait" slow
finish
