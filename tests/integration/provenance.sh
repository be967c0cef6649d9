#!/bin/sh
# Publishing identity from provenance, through the mock registry: npm's
# attestation bundles and PyPI's PEP 740 provenance of the pinned and the
# latest release are cached per release; an identity change and an
# attested -> unattested release are high findings; info shows both sides;
# [[trusted]] may name an identity; unknown is never a finding.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "provenance: python3 missing"; exit 1; }
FIX="$SRCDIR/tests/fixtures/provenance"
PROJ="$TMP/proj"
CACHE="$TMP/cache"
cp -r "$FIX/project" "$PROJ"
start_mock --dir "$FIX/mockreg"
export DEPVET_NPM_URL="$BASE/registry.npmjs.org" DEPVET_PYPI_URL="$BASE/pypi.org"
log() { python3 -c 'import json,sys,urllib.request; [print(x["path"]) for x in json.load(urllib.request.urlopen(sys.argv[1] + "/_log"))]' "$BASE"; }
post() { python3 -c 'import sys,urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), method="POST")).read()' "$BASE$1" "$2"; }
ident() {  # NAME VERSION -> attested|identity
    sql "select v.attested||'|'||coalesce(v.identity,'') from versions v join packages p on p.id=v.package_id where p.name='$1' and v.version='$2'"
}

run "$BIN" refresh --cache "$CACHE" "$PROJ"
expect_rc 0 "refresh of two npm and three PyPI packages"
expect_out "5 packages: 5 updated" "all recorded"
expect_out "provenance: 8 requests" "pinned and latest provenance asked in a second pass"
[ "$(ident signed-widget 1.0.0)" = "2|github.com/example/signed-widget/.github/workflows/release.yml" ] && ok || bad "npm SLSA v1 identity of the pin: $(ident signed-widget 1.0.0)"
[ "$(ident signed-widget 1.1.0)" = "2|github.com/mallory/signed-widget/.github/workflows/publish.yml" ] && ok || bad "npm identity of the latest"
[ "$(ident signed-gadget 2.1.0)" = "1|" ] && ok || bad "npm release without dist.attestations is not attested"
[ "$(ident attested-lib 1.0)" = "2|github.com/example/attested-lib/.github/workflows/release.yml" ] && ok || bad "PyPI trusted publisher of the pin"
[ "$(ident attested-lib 2.0)" = "1|" ] && ok || bad "PyPI 404 from the Integrity API: not attested, $(ident attested-lib 2.0)"
log | grep -q 'integrity/attested-lib/2.0/attested_lib-2.0.tar.gz/provenance' && ok || bad "PyPI provenance asked of the latest sdist"
[ "$(log | grep -c 'pypi/attested-lib/1.0/json')" = 1 ] && ok || bad "an answer the first pass failed to get is not asked again"

run "$BIN" check --offline --format json --cache "$CACHE" "$PROJ"
expect_rc 1 "check fails on the high provenance findings"
python3 - "$TMP/out" <<'PY' && ok || bad "identity changes and lost attestations are high, with both sides"
import json, sys
fs = [f for f in json.load(open(sys.argv[1]))["findings"] if f["rule"].startswith("provenance-")]
got = {(f["name"], f["rule"]): f for f in fs}
assert set(got) == {("signed-widget", "provenance-identity-changed"),
                    ("moved-lib", "provenance-identity-changed"),
                    ("signed-gadget", "provenance-lost"), ("attested-lib", "provenance-lost")}, sorted(got)
assert all(f["severity"] == "high" for f in fs)
w = got[("signed-widget", "provenance-identity-changed")]["evidence"]
assert "github.com/example/signed-widget" in w and "github.com/mallory/signed-widget" in w, w
m = got[("moved-lib", "provenance-identity-changed")]["message"]
assert m.startswith("1.1 was built and published by another identity than the pinned 1.0"), m
assert "no provenance" in got[("attested-lib", "provenance-lost")]["evidence"]
PY

run "$BIN" info --offline --cache "$CACHE" npm:signed-widget@1.0.0
expect_rc 0 "info on an attested npm pin"
expect_out "provenance     1.0.0 pinned: github.com/example/signed-widget/.github/workflows/release.yml" "the pin's identity"
expect_out "1.1.0 latest: github.com/mallory/signed-widget/.github/workflows/publish.yml  CHANGED from the pin" "the latest's, marked"
run "$BIN" info --offline --cache "$CACHE" pypi:attested-lib@1.0
expect_out "2.0 latest: no provenance  CHANGED from the pin" "a lost attestation in info"
run "$BIN" info --offline --cache "$CACHE" pypi:hostile-lib@1.0
expect_out 'example/hostile-lib\x1b]0;pwned\x07/.github/workflows/rel\x1b[2Jease.yml' "a hostile identity is printed escaped"
if grep -q "$(printf '\033')" "$TMP/out"; then bad "raw escape in info output"; else ok; fi

# [[trusted]] naming the pin's identity covers it; another identity does not.
mkdir -p "$PROJ/.depvet"
trusted() {  # NAME IDENTITY: a [[trusted]] entry naming an identity only
    printf '[[trusted]]\necosystem = "PyPI"\nname = "%s"\nidentity = "%s"\n' "$1" "$2"
    printf 'criteria = "safe-to-deploy"\nstart = 2020-01-01\nexpires = 2099-01-01\n\n'
}
{ trusted attested-lib github:example/attested-lib/.github/workflows/release.yml
  trusted moved-lib github:someone-else/moved-lib; } > "$PROJ/.depvet/audits.toml"
printf '[policy]\n' > "$PROJ/.depvet/config.toml"
run "$BIN" check --offline --format json --cache "$CACHE" "$PROJ"
python3 - "$TMP/out" <<'PY' && ok || bad "a trusted identity covers its pin, another identity's entry does not"
import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
unrev = {f["name"] for f in fs if f["rule"] == "unreviewed"}
assert "attested-lib" not in unrev, unrev
assert "moved-lib" in unrev and "signed-widget" in unrev, unrev
PY

# A forced refresh rewrites the records: PyPI's identities (which its own
# records do not carry) are kept, and provenance is not asked again.
post /_reset ""
run "$BIN" refresh --force --cache "$CACHE" "$PROJ"
expect_rc 0 "forced refresh"
[ "$(ident attested-lib 1.0)" = "2|github.com/example/attested-lib/.github/workflows/release.yml" ] && ok || bad "identity kept across the rewrite: $(ident attested-lib 1.0)"
[ "$(ident attested-lib 2.0)" = "1|" ] && ok || bad "'not attested' kept across the rewrite"
if log | grep -q 'provenance\|attestations'; then bad "provenance asked again within its time-to-live"; else ok; fi

# depvet info on a package not yet cached asks its provenance as well.
run "$BIN" info --cache "$TMP/cache-info" pypi:moved-lib@1.0
expect_rc 0 "info refreshes a package"
expect_out "1.1 latest: github.com/someone-else/moved-lib/.github/workflows/release.yml  CHANGED from the pin" \
    "info's own refresh reads the provenance of the pin and the latest"

# Unknown is not a finding: a failing (500) or malformed provenance answer
# leaves the release's identity unknown, the record is still written.
CACHE="$TMP/cache2"
post /_control '{"path": "integrity/moved-lib/1.1/", "status": 500}'
post /_control '{"path": "attestations/signed-widget@1.1.0", "malformed": true}'
run "$BIN" refresh --cache "$CACHE" "$PROJ"
expect_rc 0 "a provenance failure does not fail the refresh"
expect_out "5 packages: 5 updated" "records written"
[ "$(ident moved-lib 1.1)" = "0|" ] && ok || bad "500: identity unknown, $(ident moved-lib 1.1)"
[ "$(ident signed-widget 1.1.0)" = "2|" ] && ok || bad "malformed: attested per the packument, identity unknown, $(ident signed-widget 1.1.0)"
run "$BIN" check --offline --format json --cache "$CACHE" "$PROJ"
python3 - "$TMP/out" <<'PY' && ok || bad "no identity finding when one side is unknown"
import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
names = {f["name"] for f in fs if f["rule"] == "provenance-identity-changed"}
assert names == set(), names
PY
finish
