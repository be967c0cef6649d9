#!/bin/sh
# Commands that write nothing (check, tree, info --offline) answer from a
# cache the user cannot write: its folder and file read-only, run as an
# unprivileged user (root ignores permission bits, so as root the suite
# drops to nobody with setpriv).
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "readonly: python3 missing"; exit 1; }
chmod 755 "$TMP"
HEXPROJ="$TMP/hex"
PYPROJ="$TMP/py"
CACHE="$TMP/cache"
mkdir -p "$HEXPROJ" "$PYPROJ"
cp "$SRCDIR/tests/fixtures/refresh/project/mix.lock" "$HEXPROJ/"
cp "$SRCDIR/tests/fixtures/refresh/pypi/requirements.txt" "$PYPROJ/"

start_mock --dir "$SRCDIR/tests/fixtures/mockreg" --synth
export DEPVET_HEX_URL="$BASE/hex.pm/api" DEPVET_PYPI_URL="$BASE/pypi.org" \
       DEPVET_PYPISTATS_URL="$BASE/pypistats.org/api" DEPVET_DEPSDEV_URL="$BASE/api.deps.dev"
"$BIN" refresh --cache "$CACHE" "$HEXPROJ" >/dev/null 2>&1
"$BIN" refresh --cache "$CACHE" "$PYPROJ" >/dev/null 2>&1
kill $MOCK
[ -s "$CACHE/cache.db" ] && ok || bad "the refreshes made a cache"

as_user() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=nobody --regid=nogroup --clear-groups \
            env HOME=/nonexistent XDG_CONFIG_HOME=/nonexistent XDG_CACHE_HOME=/nonexistent "$@"
    else
        "$@"
    fi
}
if [ "$(id -u)" -eq 0 ] && ! command -v setpriv >/dev/null; then
    echo "readonly: running as root without setpriv: skipped"; finish; exit
fi
chmod -R a+rX,a-w "$CACHE" "$HEXPROJ" "$PYPROJ"
before=$(ls -l --full-time "$CACHE" | md5sum)

run as_user "$BIN" check --cache "$CACHE" "$HEXPROJ"
expect_rc 1 "check reads the read-only cache (the fixture has findings at high)"
expect_out "retired               1.15.2 is retired (security)" "cached facts are used"
expect_no_out "no cache" "the cache is not taken for missing"

run as_user "$BIN" tree --cache "$CACHE" "$PYPROJ"
expect_rc 0 "tree reads the read-only cache"
expect_out "flat: 4 edges from cached registry metadata" "edges from the cache"

run as_user "$BIN" info --offline --cache "$CACHE" hex:plug
expect_rc 0 "info --offline reads the read-only cache"
expect_out "Composable modules" "the cached description"

[ "$(ls -l --full-time "$CACHE" | md5sum)" = "$before" ] && ok || bad "nothing was written to the cache folder"

# An older schema cannot be upgraded in place: said plainly.
OLD="$TMP/old"
mkdir -p "$OLD"
cp "$CACHE/cache.db" "$OLD/"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); v=c.execute("pragma user_version").fetchone()[0]; c.execute("pragma user_version=%d" % (v-1)); c.commit()' "$OLD/cache.db"
chmod -R a+rX,a-w "$OLD"
run as_user "$BIN" check --cache "$OLD" "$HEXPROJ"
expect_rc 1 "an old read-only cache fails"
expect_err "is older than this depvet" "and says why"
chmod -R u+w "$CACHE" "$OLD" "$HEXPROJ" "$PYPROJ"
finish
