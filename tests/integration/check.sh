#!/bin/sh
# `depvet check`: findings from the lockfiles and the cache, grouped by
# package with the most severe first, exit status by --fail-on.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "check: python3 missing"; exit 1; }
PROJ="$SRCDIR/tests/fixtures/refresh/project"
CACHE="$TMP/cache"

run "$BIN" check --cache "$CACHE" "$PROJ"
expect_rc 1 "no cache yet: nothing is known about any pin (no-facts is high)"
expect_out "no cache: only lockfile rules ran" "says the cache is missing"
expect_out "no-facts" "each pin without facts is a finding"
run "$BIN" check --cache "$CACHE" --fail-on critical "$PROJ"
expect_rc 0 "only lockfile rules and no-facts: nothing at critical"
[ -e "$CACHE" ] && bad "check created a cache" || ok

start_mock --dir "$SRCDIR/tests/fixtures/mockreg" --synth
DEPVET_HEX_URL="$BASE/hex.pm/api" "$BIN" refresh --cache "$CACHE" "$PROJ" >/dev/null 2>&1
kill $MOCK

run "$BIN" check --cache "$CACHE" "$PROJ"
expect_rc 1 "findings at high or above fail"
expect_out "high      retired               1.15.2 is retired (security): use 1.15.3" "retirement"
expect_out "critical  checksum-mismatch" "the generated records disagree with the lockfile's checksums"
python3 - "$TMP/out" <<'PY' && ok || bad "packages ordered by their most severe finding"
import sys
heads = [l.split()[1] for l in open(sys.argv[1]) if l.startswith("Hex ")]
assert heads.index("plug") > heads.index("mime"), heads
PY
run "$BIN" check --cache "$CACHE" --fail-on critical --min-severity critical --format json "$PROJ"
expect_rc 1 "criticals still fail with --fail-on critical"
python3 - "$TMP/out" <<'PY' && ok || bad "json: only critical findings, counts of all"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "depvet.check/1"
assert {f["severity"] for f in d["findings"]} == {"critical"}
assert d["counts"]["high"] >= 1 and all(f["ecosystem"] == "Hex" for f in d["findings"])
PY
run "$BIN" check --cache "$CACHE" --min-severity severe "$PROJ"
expect_rc 2 "unknown severity"
expect_err "unknown severity 'severe'" "named"
finish
