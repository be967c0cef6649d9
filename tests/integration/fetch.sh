#!/bin/sh
# `depvet fetch` and `depvet diff` against the mock registry serving
# archives built by fetch_gen.py: downloads verified against mix.lock and
# package-lock.json, the store re-verified offline, a tampered tarball as a
# critical mismatch, and version diffs.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "fetch: python3 missing"; exit 1; }
G="$TMP/gen"
python3 "$SRCDIR/tests/integration/fetch_gen.py" "$G" || { echo "fetch: generator failed"; exit 1; }
CACHE="$TMP/cache"
TOKEN="acme-key-4c2e9"
start_mock --files "$G/files" --dir "$G/recorded" --auth "/repo.hex.pm/repos/acme/=$TOKEN"
export DEPVET_HEX_REPO_URL="$BASE/repo.hex.pm" DEPVET_NPM_URL="$BASE/registry.npmjs.org" \
       DEPVET_HEX_URL="$BASE/hex.pm/api"

run "$BIN" fetch --cache "$CACHE" "$G/project"
expect_rc 0 "fetch verifies and stores both archives"
expect_out "2 archives: 2 fetched, 0 already stored" "summary"
expect_err "fetch 2/2" "progress on stderr"
[ "$(find "$CACHE/archives/sha256" -type f | wc -l)" -eq 2 ] && ok || bad "two blobs stored by digest"
outer=$(sed -n 's/.*"hexpm", "\([0-9a-f]*\)".*/\1/p' "$G/project/mix.lock")
[ -f "$CACHE/archives/sha256/$(echo "$outer" | cut -c1-2)/$outer" ] && ok || bad "the Hex tarball is stored under its outer checksum"

run "$BIN" fetch --cache "$CACHE" "$G/project"
expect_rc 0 "second fetch"
expect_out "0 fetched, 2 already stored" "nothing downloaded again"
run "$BIN" fetch --offline --cache "$CACHE" "$G/project"
expect_rc 0 "offline verification"
expect_out "2 already stored" "offline reads the store"

# A stored archive that no longer matches its digest is removed, not used.
blob=$(find "$CACHE/archives/sha256" -type f | head -1)
printf 'garbage' >> "$blob"
run "$BIN" fetch --offline --cache "$CACHE" "$G/project"
expect_rc 3 "a corrupt stored archive is missing offline"
expect_out "1 missing" "counted as missing"
[ ! -f "$blob" ] && ok || bad "corrupt blob removed"
run "$BIN" fetch --cache "$CACHE" "$G/project"
expect_out "1 fetched, 1 already stored" "fetched again online"

# A tarball that differs from the lockfile's integrity: critical, exit 1, not stored.
cp "$G/tampered/tiny-1.0.0.tgz" "$G/files/registry.npmjs.org/tiny/-/tiny-1.0.0.tgz"
run "$BIN" fetch --cache "$TMP/cache2" "$G/project"
expect_rc 1 "mismatch exits 1"
expect_out "critical checksum-mismatch: tiny 1.0.0 archive tiny-1.0.0.tgz does not match" "critical finding"
expect_out "package-lock.json integrity expects sha512" "expected digest named"
expect_out ", the archive has sha512 " "actual digest named"
[ ! -e "$TMP/cache2/archives/refs/npm/tiny/1.0.0/tiny-1.0.0.tgz" ] && ok || bad "mismatching archive not recorded as the package"

# A Hex organisation: skipped without a [[private]] entry, fetched with its
# key from the repos/ORG path once the user's config names it.
run "$BIN" fetch --cache "$TMP/cache4" "$G/private"
expect_rc 0 "private package without config"
expect_out "skipped Hex:acme_core@0.1.0: private repository" "skipped, with the reason"
mkdir -p "$XDG_CONFIG_HOME/depvet"
printf '[[private]]\necosystem = "hex"\norganisation = "acme"\nurl = "%s/hex.pm/api/repos/acme"\ntoken_env = "ACME_HEX_KEY"\n' "$BASE" \
    > "$XDG_CONFIG_HOME/depvet/config.toml"
ACME_HEX_KEY="$TOKEN" run "$BIN" fetch --cache "$TMP/cache4" "$G/private"
expect_rc 0 "private package with its key"
expect_out "1 archives: 1 fetched" "fetched from the organisation's path"
grep -qF "$TOKEN" "$TMP/out" "$TMP/err" && bad "the key appears in the output" || ok
ACME_HEX_KEY="wrong" run "$BIN" fetch --cache "$TMP/cache5" "$G/private"
expect_rc 3 "a wrong key fails the download"
expect_out "401" "the status is named"
rm "$XDG_CONFIG_HOME/depvet/config.toml"

# Version diffs.
run "$BIN" diff --cache "$CACHE" --stat hex:demo 1.0.0 1.1.0
expect_rc 0 "diff two versions"
expect_out "Hex:demo 1.0.0 -> 1.1.0: 3 files changed, 1 insertions(+), 0 deletions(-), 1 renamed, 1 binary, 1 unchanged" "stat heading"
expect_out " M lib/demo.ex | +1 -0" "modified file with counts"
expect_out " R lib/demo/util.ex => lib/demo/helpers.ex" "rename by content"
expect_out " A priv/demo.so | binary (elf-shared)" "binary added"
expect_out "dependency     jason: (none) -> ~> 1.4" "new dependency"
DEPVET_RULES_DIR="$TMP/norules" run "$BIN" diff --cache "$CACHE" hex:demo 1.0.0 1.1.0
expect_out '+  System.cmd("curl", ["x"])' "unified diff"
expect_err "no scan:" "without rules the diff says it did not scan"
expect_rc 3 "a diff without its scan is partial"
# From a build tree the checkout's rules are found with no setting.
env -u DEPVET_RULES_DIR "$BIN" diff --cache "$CACHE" --stat hex:demo 1.0.0 1.1.0 >"$TMP/out" 2>"$TMP/err"
rc=$?
expect_rc 0 "build/depvet finds ../rules"
expect_out "scanner findings new in the later version:" "the build tree's rules ran"
# A binary away from any checkout or prefix: the rule folder is an error.
mkdir -p "$TMP/lone"
cp "$BIN" "$TMP/lone/depvet"
if [ ! -d /usr/local/share/depvet/rules ]; then
    env -u DEPVET_RULES_DIR "$TMP/lone/depvet" scan --cache "$CACHE" hex:demo@1.1.0 >"$TMP/out" 2>"$TMP/err"
    rc=$?
    expect_rc 2 "no rule folder anywhere stops the scan"
    expect_err "cannot open the rules folder" "and says why"
fi
DEPVET_RULES_DIR="$SRCDIR/rules" run "$BIN" diff --cache "$CACHE" --stat hex:demo 1.0.0 1.1.0
expect_out "scanner findings new in the later version:" "the scanner runs on both versions"
expect_out "lib/demo.ex:" "a new hit names its file and line"
DEPVET_RULES_DIR="$SRCDIR/rules" run "$BIN" diff --cache "$CACHE" --stat hex:demo 1.1.0 1.1.0
expect_out "scanner: nothing new in 1.1.0" "the same version brings nothing new"
DEPVET_RULES_DIR="$SRCDIR/rules" run "$BIN" diff --cache "$CACHE" --format json hex:demo 1.0.0 1.1.0
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert any(f["file"]=="lib/demo.ex" for f in d["new_findings"]), d["new_findings"]' "$TMP/out" && ok || bad "json: new_findings"
expect_no_out "[32m" "no colour when not a terminal"
run "$BIN" diff --cache "$CACHE" --color always hex:demo 1.0.0 1.1.0
expect_out "[32m+  System.cmd" "colour when asked"
run "$BIN" diff --cache "$CACHE" --stat --project "$G/project" hex:demo
expect_rc 0 "default FROM and TO"
expect_out "Hex:demo 1.0.0 -> 1.1.0:" "pinned version against the newest stable release"
# depvet scan ECO:NAME@VERSION: the stored (or downloaded) archive, scanned.
DEPVET_RULES_DIR="$SRCDIR/rules" run "$BIN" scan --cache "$CACHE" hex:demo@1.1.0
expect_rc 1 "a high hit in demo 1.1.0 fails the scan"
expect_out "lib/demo.ex" "the hit names the file"
expect_out "priv/demo.so" "the bundled native library is reported"
DEPVET_RULES_DIR="$SRCDIR/rules" run "$BIN" scan --cache "$CACHE" hex:demo
expect_rc 2 "a release needs its version"
expect_err "ECOSYSTEM:NAME@VERSION" "says how to name it"

# depvet check: the stored archives verified again and scanned.
mkdir -p "$TMP/p11"
hex_lock "$G/archives/demo-1.1.0.tar" 1.1.0 "$TMP/p11/mix.lock"
DEPVET_RULES_DIR="$SRCDIR/rules" run "$BIN" check --cache "$CACHE" "$TMP/p11"
expect_rc 1 "scanner hits at high fail the check"
expect_out "archives: 1 of 1 scanned, 0 not fetched, 0 failing their digests" "the stored archive was scanned"
expect_out "scan:" "scanner findings are listed"
expect_out "lib/demo.ex:" "with file and line"
DEPVET_RULES_DIR="$TMP/norules" run "$BIN" check --cache "$CACHE" "$TMP/p11"
expect_out "no scan:" "a missing rule folder is said, not hidden"
expect_rc 3 "and the check is not a clean pass"
run "$BIN" check --cache "$TMP/cache-empty-archives" "$TMP/p11"
expect_no_out "archives:" "no cache, no archive pass"

# --allowed: the newest release every requirement on the package allows.
mkdir -p "$TMP/req1" "$TMP/req2"
lockline=$(grep '"demo"' "$G/project/mix.lock")
printf '%%{\n  "app": {:hex, :app, "0.1.0", "00", [:mix], [{:demo, "~> 1.0", [hex: :demo, repo: "hexpm", optional: false]}], "hexpm", "00"},\n%s\n}\n' "$lockline" > "$TMP/req1/mix.lock"
sed 's/~> 1.0"/~> 2.0"/' "$TMP/req1/mix.lock" > "$TMP/req2/mix.lock"
run "$BIN" diff --cache "$CACHE" --stat --allowed --project "$TMP/req1" hex:demo
expect_out "Hex:demo 1.0.0 -> 1.1.0:" "~> 1.0 allows 1.1.0"
run "$BIN" diff --cache "$CACHE" --stat --allowed --project "$TMP/req2" hex:demo
expect_rc 1 "nothing satisfies ~> 2.0"
expect_err "no stable release satisfies ~> 2.0" "the requirement is named"
run "$BIN" diff --cache "$CACHE" --format json hex:demo@1.0.0 1.1.0
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); f={x["path"]:x for x in d["files"]}; assert d["schema"]=="depvet.diff/1" and f["lib/demo.ex"]["added"]==1 and "System.cmd" in f["lib/demo.ex"]["patch"] and f["priv/demo.so"]["binary"]' "$TMP/out" && ok || bad "json diff"
run "$BIN" diff --offline --cache "$TMP/empty" hex:demo 1.0.0 1.1.0
expect_rc 1 "offline without stored archives"
expect_err "not stored" "explained"
run "$BIN" diff --archives --name-only "$G/archives/demo-1.0.0.tar" "$G/archives/demo-1.1.0.tar"
expect_rc 0 "two local archives"
expect_out "priv/demo.so" "names only"
expect_no_out "|" "no counts with --name-only"
run "$BIN" diff --archives --stat "$G/archives/demo-1.0.0.tar" "$G/archives/demo-1.1.0.tar"
expect_rc 0 "--archives with the rules"
expect_out "scanner findings new in the later version:" "--archives scans both archives"
expect_out "hex-compile-time-exec  lib/demo.ex:2" "the new hit, with its place"
run "$BIN" diff --archives --format json "$G/archives/demo-1.0.0.tar" "$G/archives/demo-1.1.0.tar"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert any(h["rule"]=="hex-compile-time-exec" for h in d["new_findings"])' "$TMP/out" && ok || bad "--archives json: new_findings"
DEPVET_RULES_DIR="$TMP/norules" run "$BIN" diff --archives --stat "$G/archives/demo-1.0.0.tar" "$G/archives/demo-1.1.0.tar"
expect_rc 3 "--archives without a rule folder is partial"
expect_err "no scan:" "and says so"
run "$BIN" diff --archives --color always "$G/archives/esc-a.tgz" "$G/archives/esc-b.tgz"
expect_rc 0 "hostile archives"
expect_out '+\x1b]0;owned\x07' "escape sequences in content shown escaped"
expect_out 'x\x1b[2Jy.js' "and in file names"
python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.exit(1 if b"\x1b]" in d or b"\x1b[2J" in d else 0)' "$TMP/out" && ok || bad "raw escape sequences reached the terminal"
run "$BIN" diff --archives "$G/archives/demo-1.0.0.tar"
expect_rc 2 "--archives needs two files"

# PyPI: the file the requirements hash names, from the cached release files.
export DEPVET_PYPI_URL="$BASE/pypi.org" DEPVET_PYPI_FILES_URL="$BASE/files.pythonhosted.org" \
       DEPVET_PYPISTATS_URL="$BASE/pypistats.org/api" DEPVET_DEPSDEV_URL="$BASE/api.deps.dev"
run "$BIN" fetch --cache "$TMP/cache3" "$G/pyproject"
expect_rc 0 "PyPI without cached release files is skipped"
expect_out "skipped PyPI:pyd@1.0: no release files in the cache" "skip explained"
"$BIN" refresh --cache "$TMP/cache3" "$G/pyproject" >/dev/null 2>&1
run "$BIN" fetch --cache "$TMP/cache3" "$G/pyproject"
expect_rc 0 "PyPI fetch after a refresh"
expect_out "1 archives: 1 fetched" "sdist fetched"
[ -f "$TMP/cache3/archives/refs/PyPI/pyd/1.0/pyd-1.0.tar.gz" ] && ok || bad "the file the hash names (the sdist), not the wheel"
run "$BIN" diff --stat --cache "$TMP/cache3" --project "$G/pyproject" pypi:pyd
expect_rc 0 "PyPI diff, pinned sdist against the newest wheel"
expect_out "PyPI:pyd 1.0 -> 1.1:" "default versions"
expect_out "dependency     requests: (none) -> >=2" "new requirement from METADATA"
run "$BIN" diff --stat --cache "$TMP/cache3" pypi:pyd 1.0 1.1
expect_out " M pyd/__init__.py | +2 -1" "wheels compared"
finish
