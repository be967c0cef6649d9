#!/bin/sh
# Findings from outside knowledge: advisories a refresh learns from the
# OSV API (a malicious-package report and a vulnerability with a fix) and
# names that imitate a package of the popular lists a refresh fetched.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "findings: python3 missing"; exit 1; }
FX="$SRCDIR/tests/fixtures/findings"
PROJ="$FX/project"
CACHE="$TMP/cache"

start_mock --dir "$SRCDIR/tests/fixtures/mockreg" --dir "$FX/popular" --osv "$FX/osv" --synth
export DEPVET_HEX_URL="$BASE/hex.pm/api" DEPVET_PYPI_URL="$BASE/pypi.org" \
       DEPVET_PYPISTATS_URL="$BASE/pypistats.org/api" DEPVET_DEPSDEV_URL="$BASE/api.deps.dev" \
       DEPVET_OSV_URL="$BASE/api.osv.dev" \
       DEPVET_PYPI_TOP_URL="$BASE/hugovk.github.io/top-pypi-packages/top-pypi-packages.min.json"
log() { python3 -c 'import json,sys,urllib.request; print("\n".join(e["path"] for e in json.load(urllib.request.urlopen(sys.argv[1] + "/_log"))))' "$BASE"; }

run "$BIN" refresh --cache "$CACHE" "$PROJ"
expect_out "advisories: 5 pins, 0 still fresh, 2 advisories named, 2 records fetched, 2 stored, 0 failed" \
    "one querybatch, then the two records it names"
[ "$(log | grep -c 'querybatch')" -eq 1 ] && ok || bad "all pins in one querybatch"
expect_out "popular names: 2 lists, 2 updated, 0 still fresh, 0 failed" "Hex and PyPI lists fetched"
[ "$(log | grep -c 'sort=downloads')" -eq 4 ] && ok || bad "hex.pm's ranking asked four pages at a time, up to the batch holding its first empty page"
expect_out "findings: 2 critical" "refresh sums up the findings"
[ "$(sql "select count(*) from finding_pins")" = 5 ] && ok || bad "every pin's findings kept"
[ "$(sql "select f.rule from findings f join finding_pins p on p.id = f.pin_id where p.key = 'reqeusts' and f.severity = 4")" = malicious ] &&
    ok || bad "the malicious report is kept for reqeusts"

run "$BIN" check --cache "$CACHE" "$PROJ"
expect_rc 1 "a malicious package fails the check"
expect_out "the OSV service asked about 5 pins" "coverage says how the advisories were learned"
expect_out "critical  malicious" "the malicious-package report"
expect_out "reqeusts@2.31.0 is reported as a malicious package (MAL-2026-1001)" "names the report"
expect_out "GHSA-xxxx-jinja-0001: Sandbox escape in Jinja2 str.format_map; fixed in 2.10.1" \
    "the vulnerability names the next fixed version"
expect_out "reqeusts looks like the popular package requests" "PyPI typosquat"
expect_out "phoneix looks like the popular package phoenix" "Hex typosquat"
python3 - "$TMP/out" <<'PY' && ok || bad "the real packages are not flagged"
import sys
text = open(sys.argv[1]).read()
blocks = text.split("\n\n")
for b in blocks:
    head = b.strip().splitlines()[0] if b.strip() else ""
    if head.split()[1:2] in (["requests"], ["plug"]):
        assert "typosquat" not in b and "advisory" not in b, b
PY
run "$BIN" check --cache "$CACHE" --format json "$PROJ"
python3 - "$TMP/out" <<'PY' && ok || bad "json: link and evidence of the advisory"
import json, sys
d = json.load(open(sys.argv[1]))
adv = [f for f in d["findings"] if f["rule"] == "advisory"]
assert adv and adv[0]["severity"] == "high", adv
assert adv[0]["link"] == "https://github.com/advisories/GHSA-xxxx-jinja-0001", adv
assert "CVE-2019-10906" in adv[0]["evidence"], adv
PY

# A second refresh within the time-to-live asks nothing for lists or pins.
before=$(log | grep -c 'sort=downloads\|top-pypi\|osv')
run "$BIN" refresh --cache "$CACHE" "$PROJ"
expect_out "popular names: 2 lists, 0 updated, 2 still fresh, 0 failed" "lists still fresh"
expect_out "advisories: 5 pins, 5 still fresh, 0 advisories named" "pins still fresh"
[ "$(log | grep -c 'sort=downloads\|top-pypi\|osv')" -eq "$before" ] && ok || bad "fresh lists and pins not asked again"
run "$BIN" refresh --force --cache "$CACHE" "$PROJ"
expect_out "2 advisories named, 0 records fetched, 0 stored, 0 failed" "stored records as new as the answer are not fetched"

# A package declared private is never named to the OSV service.
cp -r "$PROJ" "$TMP/proj"
mkdir -p "$TMP/proj/.depvet"
printf '[private_packages]\nnames = ["jinja2"]\n' > "$TMP/proj/.depvet/config.toml"
python3 -c 'import sys,urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/_reset", b""))' "$BASE"
run "$BIN" refresh --force --cache "$CACHE" "$TMP/proj"
expect_out "advisories: 4 pins" "the private pin is left out"
python3 - "$BASE" <<'PY' && ok || bad "the querybatch body does not name jinja2"
import json, sys, urllib.request
log = json.load(urllib.request.urlopen(sys.argv[1] + "/_log"))
bodies = [e["body"] for e in log if "querybatch" in e["path"]]
assert len(bodies) == 1 and "reqeusts" in bodies[0] and "jinja2" not in bodies[0], bodies
PY

# A broken answer keeps the old list whole, and the rule keeps working.
python3 -c 'import json,sys,urllib.request; urllib.request.urlopen(sys.argv[1] + "/_control", json.dumps({"path": "top-pypi", "malformed": True}).encode())' "$BASE"
run "$BIN" refresh --force --cache "$CACHE" "$PROJ"
expect_out "1 updated, 0 still fresh, 1 failed" "the malformed PyPI list fails alone"
expect_out "failed popular names of PyPI: $BASE/hugovk.github.io" "names the URL"
python3 -c 'import json,sys,urllib.request; urllib.request.urlopen(sys.argv[1] + "/_control", json.dumps({"path": "page=2", "status": 404}).encode())' "$BASE"
run "$BIN" refresh --force --cache "$CACHE" "$PROJ"
expect_out "failed popular names of Hex" "one failing page fails the Hex list"
python3 -c 'import json,sys,urllib.request; urllib.request.urlopen(sys.argv[1] + "/_control", json.dumps({"path": "querybatch", "malformed": True}).encode())' "$BASE"
run "$BIN" refresh --force --cache "$CACHE" "$PROJ"
expect_out "failed advisories: $BASE/api.osv.dev/v1/querybatch" "a broken querybatch answer is named"
run "$BIN" check --cache "$CACHE" "$PROJ"
expect_out "critical  malicious" "the stored advisories still match"
expect_out "reqeusts looks like the popular package requests" "the old PyPI list still holds"
expect_out "phoneix looks like the popular package phoenix" "the old Hex list still holds"
finish
