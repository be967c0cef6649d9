#!/bin/sh
# Builds the demo's cache from the recorded snapshot, as `make run` does:
#   build-cache.sh DEPVET_BINARY
# The caller exports the DEPVET_*_URL variables (file:// URLs into
# examples/demo/snapshot), DEPVET_CACHE_DIR (emptied first) and DEPVET_NOW
# (the snapshot's date).  Steps: the OSV advisories; the owner history
# (each folder under snapshot/history is what the registry said on that
# date, asked with `depvet info` as of that date); then the whole project,
# refreshed from the snapshot.  Quiet unless something fails.
set -u
BIN=$1
DEMO=$(cd "$(dirname "$0")/.." && pwd)
SNAP="$DEMO/snapshot"
: "${DEPVET_CACHE_DIR:?DEPVET_CACHE_DIR must name the demo cache}"
: "${DEPVET_NOW:?DEPVET_NOW must hold the snapshot date}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
fail() { echo "demo cache: $1" >&2; sed 's/^/  /' "$log" >&2; exit 1; }

rm -rf "$DEPVET_CACHE_DIR"
mkdir -p "$DEPVET_CACHE_DIR" || exit 1
"$BIN" db import-osv "$DEMO/osv" >"$log" 2>&1 || fail "importing the OSV advisories failed"
for dir in "$SNAP"/history/*/; do
    [ -f "$dir/INFO" ] || continue
    when=$(basename "$dir")
    while read -r spec; do
        DEPVET_NOW=$when DEPVET_HEX_URL="file://${dir%/}/hex/api" \
            "$BIN" info "$spec" >"$log" 2>&1 || fail "history $when: depvet info $spec failed"
    done < "$dir/INFO"
done
"$BIN" refresh --force "$DEMO" >"$log" 2>&1 || fail "refreshing from the snapshot failed"
exit 0
