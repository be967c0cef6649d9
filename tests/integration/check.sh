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

# 100,000 findings groups (one loose pin each, listed in reverse order):
# sorted in well under a second; the old insertion sort took ~45 s of CPU.
BIG="$TMP/big"
mkdir -p "$BIG"
python3 -c 'import sys; sys.stdout.write("".join("pkg%06d>=1.0\n" % i for i in range(99999, -1, -1)))' > "$BIG/requirements.txt"
run timeout 20 "$BIN" check --cache "$TMP/nocache" "$BIG"
expect_rc 0 "100,000 groups within 20 s (low findings do not fail)"
python3 - "$TMP/out" <<'PY' && ok || bad "groups of equal severity by name"
import sys
heads = [l.split()[1] for l in open(sys.argv[1]) if l.startswith("PyPI ")]
assert len(heads) == 100000 and heads == sorted(heads), heads[:3]
PY

# A version given twice: npm installs the last; both places are named.
mkdir -p "$TMP/dup"
printf '{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/lodash": {\n      "version": "4.17.21",\n      "version": "4.17.20"\n    }\n  }\n}\n' \
    > "$TMP/dup/package-lock.json"
run "$BIN" check --cache "$TMP/dup-cache" --format json "$TMP/dup"
expect_rc 1 "a duplicate lockfile key is high"
python3 - "$TMP/out" "$TMP/dup/package-lock.json" <<'PY' && ok || bad "json: lockfile-duplicate-key with both positions"
import json, sys
d = json.load(open(sys.argv[1]))
f = [f for f in d["findings"] if f["rule"] == "lockfile-duplicate-key"]
assert len(f) == 1 and f[0]["severity"] == "high", f
assert "%s:5:7 and %s:6:7" % (sys.argv[2], sys.argv[2]) in f[0]["message"], f[0]["message"]
PY
run "$BIN" tree --lockfile-only "$TMP/dup"
expect_out "lodash v4.17.20" "the last version is the one read"
finish
