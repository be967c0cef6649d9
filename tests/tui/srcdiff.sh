#!/bin/sh
# The diff pane's source diff: two Hex releases built by fetch_gen.py and
# served by the mock registry, compared in the background after s, the file
# list with +/- counts, one file's diff opened, searched and closed; a
# tampered tarball shown as a critical checksum mismatch.  Each case
# (tmux.inc's tcase) works on its own copy of the refreshed cache.
. "$(dirname "$0")/../integration/lib.sh"
command -v python3 >/dev/null || { echo "srcdiff: python3 missing"; exit 1; }
G="$TMP/gen"
python3 "$SRCDIR/tests/integration/fetch_gen.py" "$G" || { echo "srcdiff: generator failed"; exit 1; }
. "$(dirname "$0")/tmux.inc"
export HOME="$TMP/home" TZ=UTC
mkdir -p "$HOME"
# The release answers a refresh asks for, with the tarballs' real checksums.
python3 - "$G" <<'PY' || { echo "srcdiff: records failed"; exit 1; }
import hashlib, json, os, sys
g = sys.argv[1]
with open(os.path.join(g, "recorded", "INDEX.tsv"), "a") as idx:
    for v in ("1.0.0", "1.1.0"):
        with open(os.path.join(g, "archives", "demo-%s.tar" % v), "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        name = "hex-demo-%s.json" % v
        with open(os.path.join(g, "recorded", name), "w") as f:
            json.dump({"version": v, "inserted_at": "2024-01-01T00:00:00Z", "requirements": {},
                       "retirement": None, "meta": {"build_tools": ["mix"]},
                       "publisher": {"username": "someone"}, "checksum": digest}, f)
        idx.write("%s\tGET\thttps://hex.pm/api/packages/demo/releases/%s\t200\tapplication/json\tsrcdiff\n" % (name, v))
PY
start_mock --synth --files "$G/files" --dir "$G/recorded"
cleanup() { T kill-server 2>/dev/null; kill "$MOCK" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
export DEPVET_HEX_REPO_URL="$BASE/repo.hex.pm" DEPVET_NPM_URL="$BASE/registry.npmjs.org" \
       DEPVET_HEX_URL="$BASE/hex.pm/api" DEPVET_DEPSDEV_URL="$BASE/api.deps.dev" \
       DEPVET_NPM_DOWNLOADS_URL="$BASE/api.npmjs.org"
P="$G/project"
CACHE="$TMP/cache"
# tiny has no record: its refresh fails, which is fine here.
"$BIN" refresh --cache "$CACHE" "$P" >"$TMP/refresh.out" 2>&1
grep -qF "1 updated" "$TMP/refresh.out" && ok || bad "refresh records demo: $(cat "$TMP/refresh.out")"
BASE_CACHE="$CACHE"
quit_clean() {
    keys q
    see "EXIT=0" "$1: quits"
    same_modes "$1"
}

# --- demo 1.0.0 (pinned) -> 1.1.0 (latest) ------------------------------------
# (without rules here, so the small screen holds the file list; the
# scanner's part is tested below)
# The release record the version diff lacks (1.1.0's requirements) is
# asked for in a job: the pane is drawn at once and filled in when the
# slow answer arrives.
source_diff() {
    python3 -c 'import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/_control", data=b"{\"path\": \"releases/1\\\\.1\\\\.0\", \"latency_ms\": 2500, \"times\": 1}", method="POST"))' "$BASE"
    # (a short missing folder: its line in the pane is not wrapped)
    RUN_ENV="DEPVET_RULES_DIR=/no-rules" start 140 12 --cache "$CACHE" "$P"
    keys / '^demo$' Enter 2
    see "1.0.0 pinned" "the diff pane shows the pinned version"
    see "asking the registry for the release records of 1.0.0 and 1.1.0" "the slow record is asked for off the UI thread"
    sleep 3   # the answer's 2.5 s
    not_see "asking the registry" "the pane is built again with the answer"
    not_see "build tools: mix -> (none)" "1.1.0's own record is in: the same build tools"
    keys s
    see "3 files changed, +1 -0, 1 unchanged" "the file list's summary"
    see "M +1     -0     lib/demo.ex" "modified file with its counts"
    see "lib/demo/util.ex -> lib/demo/helpers.ex" "rename by content"
    see "A binary       priv/demo.so" "binary file added"
    keys Enter
    see "M lib/demo.ex  1.0.0 -> 1.1.0" "Enter opens the file's diff"
    see '+  System.cmd("curl", ["x"])' "the added line"
    see "@@ -1," "the hunk header"
    T capture-pane -e -p -t main > "$TMP/esc"
    grep -F 'System.cmd' "$TMP/esc" | grep -q '\[3[0-9]m\|\[38;5;' && ok || bad "the added line is coloured"
    see "diff --git a/lib/demo.ex" "the file's header at the top"
    keys G
    see "def f2, do: 2" "G (End): the last lines"
    not_see "diff --git a/lib/demo.ex" "G scrolled the header away"
    keys g
    see "diff --git a/lib/demo.ex" "g (Home): back to the top"
    keys / 'F2, DO' Enter
    see "/F2, DO: line 12" "search within the diff (caseless)"
    see "def f2, do: 2" "the match is scrolled into view"
    keys k k k k k k k k
    see "diff --git" "k scrolls up"
    keys n
    see "/F2, DO: line 12" "n: the next match (the only one, again)"
    keys N
    see "/F2, DO: line 12" "N: the previous match"
    keys / 'nothing-like-this' Enter
    see "no match for /nothing-like-this in this file" "a failed search says so"
    keys Escape
    see "3 files changed" "Esc goes back to the list"
    keys j Enter
    see "renamed from lib/demo/util.ex, same content" "Enter on the next file: a rename"
    keys Escape j Enter
    see "binary (elf-shared): 0 -> 64 bytes" "a binary file added"
    keys BSpace
    see "3 files changed" "Backspace goes back too"
    keys ? NPage NPage NPage
    see "compare the two versions' sources" "the key is in the help"
    keys q
    quit_clean "source diff"
}

# --- offline: stored archives are used; without them it is said, no crash ------
# the archives stored by a source diff online, then offline
store_archives() {
    start 140 30 --cache "$CACHE" "$P"
    keys / '^demo$' Enter 2 s
    see "source diff: 3 files changed" "the archives fetched and compared online"
    quit_clean "online first"
}
offline() {
    store_archives
    start 140 30 --cache "$CACHE" --offline "$P"
    keys / '^demo$' Enter 2
    see "s: compare the two releases' sources" "the key is offered"
    keys s
    see "M +1     -0     lib/demo.ex" "offline: the stored archives are compared"
    see "source diff: 3 files changed" "the status bar says it is done"
    keys w '{'
    see "1.0.0 pinned (2024-01-01) -> 1.0.0" "{ picks the same version twice"
    keys s
    see "pick a later second version" "s refuses to compare a version with itself"
    quit_clean "offline, stored"
    cp -r "$CACHE" "$TMP/bare"
    rm -rf "$TMP/bare/archives"
    start 140 30 --cache "$TMP/bare" --offline "$P"
    keys / '^demo$' Enter 2 s
    see "not stored" "offline without stored archives"
    keys j k
    see "1.0.0 pinned" "the explorer goes on"
    quit_clean "offline, not stored"
}

# --- hostile names and contents stay text (fetch_gen.py's npm esc) ----------------------------------------
hostile() {
    "$BIN" refresh --cache "$CACHE" "$G/escproject" >"$TMP/refresh.out" 2>&1
    grep -qF "1 updated" "$TMP/refresh.out" && ok || bad "refresh records esc: $(cat "$TMP/refresh.out")"
    start 140 30 --cache "$CACHE" "$G/escproject"
    keys / '^esc$' Enter 2 s
    see 'M +1     -0     x\x1b[2Jy.js' "an escape sequence in a file name is shown escaped"
    keys Enter
    see '\ No newline at end of file' "libgit2's remark as it is"
    keys Escape j Enter
    see '+\x1b]0;owned\x07' "an escape sequence in a file's lines is shown escaped"
    quit_clean "hostile archives"
}

# --- with the rules: the scanner's hits new in 1.1.0 -----------------------------
scanner() {
    RUN_ENV="DEPVET_RULES_DIR=$SRCDIR/rules" start 160 40 --cache "$CACHE" "$P"
    keys / '^demo$' Enter 2 s
    see "new in the later version" "the pane counts the scanner's new findings"
    see "lib/demo.ex:" "and lists them with file and line"
    quit_clean "scanner"
}

# --- no rule folder: the pane says the scanner did not run ---------------------
no_rules() {
    RUN_ENV="DEPVET_RULES_DIR=$TMP/no-rules" start 160 40 --cache "$CACHE" "$P"
    keys / '^demo$' Enter 2 s
    see "scanner not run: " "a missing rule folder is said in the pane"
    see "source diff without the scanner" "and in the status line"
    see "M +1     -0     lib/demo.ex" "the diff itself is shown"
    quit_clean "no rules"
}

# --- a tampered tarball: a critical mismatch in the pane -------------------------
mismatch() {
    served="$G/files/repo.hex.pm/tarballs/demo-1.0.0.tar"
    cp "$served" "$CASE/demo-1.0.0.tar"
    cp "$G/archives/demo-1.1.0.tar" "$served"
    start 140 30 --cache "$CACHE" "$P"
    keys / '^demo$' Enter 2 s
    see "CRITICAL checksum mismatch" "the mismatch is shown as such"
    quit_clean "mismatch"
    cp "$CASE/demo-1.0.0.tar" "$served"   # the next case gets the real one
}

tcase "source diff: list, file, search, keys" source_diff
tcase "offline: stored archives, then none" offline
tcase "hostile names and contents stay text" hostile
tcase "the scanner's new hits" scanner
tcase "no rule folder" no_rules
tcase "a tampered tarball" mismatch
finish
