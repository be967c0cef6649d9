# Shared helpers for the integration suites (sourced, not run).
# Each suite calls check/expect_* and ends with `finish`, which prints the
# plain "N passed, N failed" line and sets the exit status.
BIN=${DEPVET_BIN:-build/depvet}
SHARED=${DEPVET_SHARED:-../shared}
SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
passed=0
failed=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# The tester's own config and cache never leak into a suite.
export XDG_CONFIG_HOME="$TMP/xdg-config" XDG_CACHE_HOME="$TMP/xdg-cache" XDG_STATE_HOME="$TMP/xdg-state"
unset DEPVET_CACHE_DIR
# No suite reaches the internet: a source a suite does not point at the
# mock registry reads a file that does not exist and fails at once.
# BEGIN GENERATED url-vars (make man writes it from the source and env tables)
DEPVET_URL_VARS="DEPVET_HEX_URL DEPVET_HEX_REPO_URL DEPVET_PYPI_URL DEPVET_PYPISTATS_URL DEPVET_NPM_URL DEPVET_NPM_DOWNLOADS_URL DEPVET_OSV_URL DEPVET_DEPSDEV_URL DEPVET_PYPI_TOP_URL DEPVET_PYPI_FILES_URL"
# END GENERATED url-vars
for v in $DEPVET_URL_VARS; do
    eval "[ -n \"\${$v:-}\" ] || export $v=file:///nonexistent/depvet-test/$v"
done

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "  FAIL: $*"; }

# run CMD...: runs with output in $TMP/out, $TMP/err, status in $rc
run() {
    "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
}

expect_rc() {  # expected-status description
    if [ "$rc" -eq "$1" ]; then ok; else bad "$2: exit $rc, expected $1"; sed 's/^/    /' "$TMP/err" | head -5; fi
}

expect_out() {  # fixed-string description
    if grep -qF -- "$1" "$TMP/out"; then ok; else bad "$2: stdout lacks '$1'"; head -20 "$TMP/out" | sed 's/^/    /'; fi
}

expect_err() {  # fixed-string description
    if grep -qF -- "$1" "$TMP/err"; then ok; else bad "$2: stderr lacks '$1'"; head -5 "$TMP/err" | sed 's/^/    /'; fi
}

expect_no_out() {  # fixed-string description
    if grep -qF -- "$1" "$TMP/out"; then bad "$2: stdout has '$1'"; else ok; fi
}

# start_mock ARGS...: the mock registry on a free port, stopped on exit;
# sets BASE (http://127.0.0.1:PORT) and MOCK (its pid).
start_mock() {
    python3 "$SRCDIR/tests/mockreg/mockreg.py" --max-seconds 300 "$@" > "$TMP/port" &
    MOCK=$!
    # inside a TUI case (tests/tui/tmux.inc) the suite's folder outlives it
    trap 'kill $MOCK 2>/dev/null; [ -n "${CASE:-}" ] || rm -rf "$TMP"' EXIT
    i=0; while [ ! -s "$TMP/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    BASE="http://127.0.0.1:$(cat "$TMP/port")"
}

# sql QUERY: one answer per line from the suite's cache ($CACHE/cache.db).
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print("\n".join("|".join(map(str,r)) for r in c.execute(sys.argv[2])))' "$CACHE/cache.db" "$1"; }

# demo_env: as the Makefile's DEMO_ENV, every registry is a folder of the
# demo's recorded snapshot, the cache is $CACHE and the clock the
# snapshot's date; anything that tried the network would meet a closed
# port and fail.  Sets DEMO.
# BEGIN CHECKED url-vars
demo_env() {
    DEMO="$SRCDIR/examples/demo"
    SNAP="file://$DEMO/snapshot"
    export DEPVET_HEX_URL="$SNAP/hex/api" DEPVET_HEX_REPO_URL="$SNAP/hex/repo" \
           DEPVET_PYPI_URL="$SNAP/pypi" DEPVET_PYPI_FILES_URL="$SNAP/pypi-files" \
           DEPVET_PYPISTATS_URL="$SNAP/pypistats" \
           DEPVET_PYPI_TOP_URL="$SNAP/top-pypi-packages.min.json" \
           DEPVET_NPM_URL="$SNAP/npm" DEPVET_NPM_DOWNLOADS_URL="$SNAP/npmdl" \
           DEPVET_OSV_URL="$SNAP/osv" DEPVET_DEPSDEV_URL="$SNAP/depsdev" \
           DEPVET_CACHE_DIR="$CACHE" DEPVET_NOW="$(cat "$DEMO/snapshot/DATE")"
    export http_proxy=http://127.0.0.1:1 https_proxy=http://127.0.0.1:1 \
           HTTP_PROXY=http://127.0.0.1:1 HTTPS_PROXY=http://127.0.0.1:1 ALL_PROXY=http://127.0.0.1:1
    unset no_proxy NO_PROXY
}
# END CHECKED url-vars

# hex_lock TARBALL VERSION OUT: a mix.lock pinning fetch_gen.py's demo at
# VERSION with the tarball's real checksums.
hex_lock() {
    python3 - "$1" "$2" "$3" <<'PY'
import hashlib, sys, tarfile
data = open(sys.argv[1], "rb").read()
inner = tarfile.open(sys.argv[1]).extractfile("CHECKSUM").read().decode().strip().lower()
open(sys.argv[3], "w").write('%%{\n  "demo": {:hex, :demo, "%s", "%s", [:mix], [], "hexpm", "%s"},\n}\n'
                             % (sys.argv[2], inner, hashlib.sha256(data).hexdigest()))
PY
}

# npm_pin LOCK NAME VERSION: the package-lock.json pins NAME at VERSION
# (its integrity dropped: there is none to compare).
npm_pin() {
    python3 - "$1" "$2" "$3" <<'PY'
import json, sys
lock = json.load(open(sys.argv[1]))
e = lock["packages"]["node_modules/" + sys.argv[2]]
e["resolved"] = e["resolved"].replace(e["version"], sys.argv[3])
e["version"] = sys.argv[3]
e.pop("integrity", None)
json.dump(lock, open(sys.argv[1], "w"), indent=2)
PY
}

finish() {
    echo "$(basename "$0" .sh): $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
