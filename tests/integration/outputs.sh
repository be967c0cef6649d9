#!/bin/sh
# Machine outputs on a copy of the demo: check --format sarif is valid
# SARIF 2.1.0 (the official schema, offline), its results point at the
# pins' lines in the lockfiles, acknowledged findings carry suppressions,
# the coverage sits in run.properties, and two runs are byte-identical.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "outputs: python3 missing"; exit 1; }
CACHE="$TMP/demo-cache"
demo_env
export DEPVET_RULES_DIR="$SRCDIR/rules"
sh "$DEMO/tools/build-cache.sh" "$BIN" >/dev/null 2>&1 || { echo "outputs: demo cache failed"; exit 1; }
P="$TMP/proj"
cp -r "$DEMO" "$P"
SCHEMAS="$SHARED/corpus/schemas"
validate() {  # kind file description
    if [ ! -d "$SCHEMAS" ]; then ok; return; fi   # no corpus: skipped
    python3 "$SRCDIR/tests/tools/validate_schema.py" "$1" "$2" "$SCHEMAS"
    case $? in
    0) ok ;;
    77) if [ -n "${CI:-}" ]; then bad "$3: python3 jsonschema missing (make deps)"
        else echo "  skip: no python3 jsonschema"; ok; fi ;;
    78) echo "  skip: $3: the corpus has no schema for this version"; ok ;;
    *) bad "$3" ;;
    esac
}
mkdir -p "$P/.depvet"
REASON="kept on purpose: the demo's typosquat"
printf '\n[[ack]]\necosystem = "PyPI"\nname = "reqeusts"\nversion = "2.31.1"\nrule = "typosquat"\nreason = "%s"\n' \
    "$REASON" >> "$P/.depvet/audits.toml"

run "$BIN" check --format sarif "$P"
[ "$rc" -le 1 ] && ok || bad "check --format sarif runs (rc $rc)"
cp "$TMP/out" "$TMP/a.sarif"
validate sarif "$TMP/a.sarif" "check's SARIF is valid SARIF 2.1.0"
run "$BIN" check --format sarif "$P"
cmp -s "$TMP/out" "$TMP/a.sarif" && ok || bad "two runs give byte-identical SARIF"

python3 - "$TMP/a.sarif" "$P" <<'PY' && ok || bad "SARIF content"
import json, sys, os
log = json.load(open(sys.argv[1])); proj = sys.argv[2]
run = log["runs"][0]
rules = run["tool"]["driver"]["rules"]
ids = [r["id"] for r in rules]
assert ids == sorted(ids) and len(set(ids)) == len(ids), "rules sorted, unique"
for want in ("unreviewed", "typosquat", "loose-pin", "scan:exfil-endpoint", "scan:archive-bomb"):
    assert want in ids, want
for r in rules:
    float(r["properties"]["security-severity"])
    assert r["defaultConfiguration"]["level"] in ("note", "warning", "error")
res = run["results"]
assert res, "results"
checked = 0
for x in res:
    assert rules[x["ruleIndex"]]["id"] == x["ruleId"]
    loc = x["locations"][0]["physicalLocation"]
    uri = loc["artifactLocation"]["uri"]
    assert not uri.startswith("/") and not uri.startswith(proj), uri
    line = loc["region"]["startLine"]
    text = open(os.path.join(proj, uri), encoding="utf-8").read().split("\n")
    p = x["properties"]
    if "package" in p and line > 1:
        name = p["package"]
        # The pin's line names the package (mix.lock key, npm path, pip line...).
        l = text[line - 1].lower()
        assert name.lower() in l or name.lower().replace("-", "_") in l, (uri, line, name, l)
        checked += 1
    assert x["partialFingerprints"]["depvet/v1"]
assert checked > 10, checked
sup = [x for x in res if x.get("suppressions")]
assert len(sup) == 1 and sup[0]["ruleId"] == "typosquat", sup
s = sup[0]["suppressions"][0]
assert s["kind"] == "external" and s["justification"] == "kept on purpose: the demo's typosquat", s
cov = run["properties"]["coverage"]
assert cov["pins"] == 43, cov
PY

# scan --format sarif: a folder's hits at the file and line under the
# folder (relative to where scan ran), an archive's at the archive with the
# member and line as a logical location; fingerprints follow the line's
# content, not its number; hostile file names stay URIs and valid JSON.
S="$TMP/scan"
mkdir -p "$S/pkg/package"
printf '{"name": "evil", "version": "1.0.0", "scripts": {"postinstall": "node index.js"}}\n' \
    > "$S/pkg/package/package.json"
printf 'const cp = require("child_process");\neval(atob("Y29uc29sZS5sb2coMSk="));\n' \
    > "$S/pkg/package/index.js"
ln -s /etc/passwd "$S/pkg/package/link"
tar -czf "$S/evil.tgz" -C "$S/pkg" package
(cd "$S" && "$BIN" scan --format sarif pkg > dir.sarif)
[ $? -eq 1 ] && ok || bad "scan --format sarif exits 1 on a critical hit"
(cd "$S" && "$BIN" scan --format sarif ./evil.tgz > tgz.sarif)
validate sarif "$S/dir.sarif" "scan's SARIF of a folder is valid SARIF 2.1.0"
validate sarif "$S/tgz.sarif" "scan's SARIF of an archive is valid SARIF 2.1.0"
(cd "$S" && "$BIN" scan --format sarif ./evil.tgz) | cmp -s - "$S/tgz.sarif" && ok || bad "two scans give byte-identical SARIF"
cp -r "$S/pkg" "$S/moved"
printf '\n\n' | cat - "$S/pkg/package/index.js" > "$S/moved/package/index.js"
(cd "$S" && "$BIN" scan --format sarif moved > moved.sarif)
python3 - "$S" <<'PY' && ok || bad "scan's SARIF content"
import hashlib, json, os, sys
d = sys.argv[1]
def run(name):
    return json.load(open(os.path.join(d, name)))["runs"][0]
for name in ("dir.sarif", "tgz.sarif"):
    r = run(name)
    rules = r["tool"]["driver"]["rules"]
    ids = [x["id"] for x in rules]
    assert ids == sorted(ids) and all(i.startswith("scan:") for i in ids), ids
    assert "unreviewed" not in ids and "scan:npm-exec-decoded" in ids and "scan:archive-symlink" in ids
    for x in r["results"]:
        assert rules[x["ruleIndex"]]["id"] == x["ruleId"], x["ruleId"]
    assert r["properties"]["ecosystem"] == "npm" and len(r["properties"]["rules_digest"]) == 64
hit = lambda r, rule: [x for x in r["results"] if x["ruleId"] == rule][0]
# The folder: the file of the checkout at the hit's line.
x = hit(run("dir.sarif"), "scan:npm-exec-decoded")
loc = x["locations"][0]
pl = loc["physicalLocation"]
assert pl["artifactLocation"] == {"uri": "pkg/package/index.js", "uriBaseId": "%SRCROOT%"}, pl
line = open(os.path.join(d, "pkg/package/index.js")).read().split("\n")[pl["region"]["startLine"] - 1]
assert line == x["properties"]["excerpt"] == 'eval(atob("Y29uc29sZS5sb2coMSk="));', line
assert loc["logicalLocations"][0]["name"] == "package/index.js"
assert loc["logicalLocations"][0]["fullyQualifiedName"] == "pkg/package/index.js:2"
lhash = hashlib.sha256(line.encode()).hexdigest()
fp = hashlib.sha256(("scan:npm-exec-decoded\npackage/index.js\n%s\n" % lhash).encode()).hexdigest()
assert x["partialFingerprints"]["depvet/v1"] == fp, "rule, member and the line's SHA-256"
# The archive: its path, no region; the member and line are logical.
t = hit(run("tgz.sarif"), "scan:npm-exec-decoded")
tl = t["locations"][0]
assert tl["physicalLocation"] == {"artifactLocation": {"uri": "evil.tgz", "uriBaseId": "%SRCROOT%"}}, tl
assert tl["logicalLocations"][0]["fullyQualifiedName"] == "evil.tgz/package/index.js:2", tl
assert t["partialFingerprints"] == x["partialFingerprints"], "same member and line, same alert"
s = hit(run("tgz.sarif"), "scan:archive-symlink")
assert s["level"] == "warning" and "region" not in s["locations"][0]["physicalLocation"]
# Two lines added above: the alert moves down and keeps its fingerprint.
m = hit(run("moved.sarif"), "scan:npm-exec-decoded")
assert m["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
assert m["partialFingerprints"] == x["partialFingerprints"]
PY
mkdir -p "$S/h/a b#c:d%e"
printf 'eval(atob("Y29uc29sZS5sb2coMSk="));\n' > "$S/h/a b#c:d%e/x$(printf '\033]52;c;QQ==\007')y.js"
(cd "$S" && "$BIN" scan --format sarif --ecosystem npm h > h.sarif)
validate sarif "$S/h.sarif" "scan's SARIF of hostile file names is valid"
python3 - "$S/h.sarif" <<'PY' && ok || bad "hostile file names are encoded URIs"
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]
uris = [x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for x in r["results"]]
assert "h/a%20b%23c%3Ad%25e/x%1B%5D52%3Bc%3BQQ%3D%3D%07y.js" in uris, uris
PY
(cd "$S" && "$BIN" scan --format nope pkg 2>/dev/null)
[ $? -eq 2 ] && ok || bad "scan: an unknown format is a usage error"

# Hostile names stay valid JSON without control characters.
H="$TMP/hostile"
mkdir -p "$H"
cat > "$H/package-lock.json" <<'EOF2'
{"name": "h", "lockfileVersion": 3, "packages": {
  "": {"name": "h", "dependencies": {"x\u001b]52;c;QQ==\u0007y": "*"}},
  "node_modules/x\u001b]52;c;QQ==\u0007y": {"version": "1.0.0\u202e\u0001"}
}}
EOF2
run "$BIN" check --format sarif "$H"
cp "$TMP/out" "$TMP/h.sarif"
validate sarif "$TMP/h.sarif" "hostile requirements give valid SARIF"
if LC_ALL=C grep -q "$(printf '\342\200\256')" "$TMP/h.sarif"; then
    bad "SARIF: a raw bidi control in the output"
else ok; fi

run "$BIN" review pypi:numpy@1.26.4 --criteria safe-to-deploy --note "read it" --who tester --project "$P"
expect_rc 0 "a review for the SBOM's verdicts"

# SBOMs of the demo with its cache: valid CycloneDX 1.6 and SPDX 2.3,
# one component per package with round-tripping purls and the graph's
# edges, licences and hashes from the cache, byte-identical runs.
run "$BIN" sbom "$P"
expect_rc 0 "sbom runs"
cp "$TMP/out" "$TMP/a.cdx"
validate cyclonedx "$TMP/a.cdx" "the SBOM is valid CycloneDX 1.6"
run "$BIN" tree --format json "$P"
cp "$TMP/out" "$TMP/g.json"
python3 "$SRCDIR/tests/tools/check_sbom.py" "$TMP/a.cdx" "$TMP/g.json" >/dev/null && ok || bad "SBOM matches the graph"
run "$BIN" sbom "$P"
cmp -s "$TMP/out" "$TMP/a.cdx" && ok || bad "two runs give byte-identical SBOMs"
run "$BIN" tree --format cyclonedx "$P"
cmp -s "$TMP/out" "$TMP/a.cdx" && ok || bad "tree --format cyclonedx is the SBOM"
python3 - "$TMP/a.cdx" <<'PY' && ok || bad "SBOM content"
import json, sys
bom = json.load(open(sys.argv[1]))
assert bom["specVersion"] == "1.6" and bom["serialNumber"].startswith("urn:uuid:")
assert bom["metadata"]["timestamp"] == "2024-11-15T00:00:00Z", bom["metadata"]["timestamp"]
c = {x["bom-ref"]: x for x in bom["components"]}
assert len(c) == 43, len(c)
tq = c["pkg:pypi/tqdm@4.66.2"]
assert tq["licenses"] == [{"expression": "MPL-2.0 AND MIT"}], tq["licenses"]
assert c["pkg:hex/idna@6.1.1"]["licenses"] == [{"license": {"id": "MIT"}}]
assert c["pkg:hex/certifi@2.9.0"]["licenses"] == [{"license": {"name": "BSD"}}]
assert c["pkg:hex/castore@1.0.5"]["scope"] == "optional", "dev-only Hex dependency"
assert c["pkg:hex/phoenix@1.7.10"]["scope"] == "required"
kc = c["pkg:npm/%40kurkle/color@0.3.2"]
assert kc["group"] == "@kurkle" and kc["name"] == "color"
algs = sorted(h["alg"] for h in kc["hashes"])
assert algs == ["SHA-1", "SHA-512"], algs   # the lockfile's SRI and the registry's shasum
assert all(len(h["content"]) == {"SHA-1": 40, "SHA-512": 128}[h["alg"]] for h in kc["hashes"])
types = {e["type"] for e in kc["externalReferences"]}
assert {"vcs", "distribution"} <= types, types
assert {"name": "depvet:lockfile", "value": "backend/assets/package-lock.json"} in kc["properties"]
ph = {e["type"]: e["url"] for e in c["pkg:hex/phoenix@1.7.10"]["externalReferences"]}
assert ph["distribution"] == "https://repo.hex.pm/tarballs/phoenix-1.7.10.tar", ph
assert ph["distribution-intake"] == "https://hex.pm/packages/phoenix/1.7.10", ph
props = lambda ref: {p["name"]: p["value"] for p in c[ref]["properties"]}
np_ = props("pkg:pypi/numpy@1.26.4")
assert np_["depvet:policy"] == "reviewed" and np_["depvet:reviewed"] == "safe-to-deploy", np_
assert props("pkg:hex/castore@1.0.5")["depvet:policy-requires"] == "safe-to-run"
assert props("pkg:pypi/tqdm@4.66.2")["depvet:policy"] == "unreviewed"
assert "vulnerabilities" not in bom
root = [d for d in bom["dependencies"] if d["ref"] == "depvet:project"][0]
assert "pkg:hex/phoenix@1.7.10" in root["dependsOn"] and "pkg:pypi/gym@0.26.2" in root["dependsOn"]
PY
run "$BIN" sbom --with-vulnerabilities "$P"
cp "$TMP/out" "$TMP/v.cdx"
validate cyclonedx "$TMP/v.cdx" "the SBOM with vulnerabilities is valid CycloneDX 1.6"
python3 - "$TMP/v.cdx" <<'PY' && ok || bad "SBOM vulnerabilities"
import json, sys
bom = json.load(open(sys.argv[1]))
refs = {c["bom-ref"] for c in bom["components"]}
v = bom["vulnerabilities"]
assert [x["id"] for x in v] == ["GHSA-g7vv-2v7x-gj9p"], v
x = v[0]
assert [r["id"] for r in x["references"]] == ["CVE-2024-34062"]
assert x["ratings"][0]["severity"] == "low"
assert x["affects"] == [{"ref": "pkg:pypi/tqdm@4.66.2", "versions": [
    {"version": "4.66.2", "status": "affected"}, {"version": "4.66.3", "status": "unaffected"}]}], x["affects"]
assert all(a["ref"] in refs for y in v for a in y["affects"])
PY
run "$BIN" sbom --with-vulnerabilities --format spdx "$P"
expect_rc 2 "sbom: --with-vulnerabilities is CycloneDX's"
run "$BIN" sbom --spec-version 1.5 --with-vulnerabilities "$P"
expect_out '"specVersion": "1.5"' "--spec-version 1.5"
cp "$TMP/out" "$TMP/a15.cdx"
# Against bom-1.5.schema.json when the corpus has it (it holds only 1.6
# today: then this says skip), and without 1.6's additions either way.
validate cyclonedx "$TMP/a15.cdx" "the 1.5 SBOM is valid CycloneDX 1.5"
python3 - "$TMP/a15.cdx" "$TMP/v.cdx" <<'PY' && ok || bad "the 1.5 SBOM is 1.6's less the version"
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert a["$schema"] == "http://cyclonedx.org/schema/bom-1.5.schema.json", a["$schema"]
for d in (a, b):
    d.pop("$schema"); d.pop("specVersion"); d.pop("serialNumber")
assert a == b, "1.5 and 1.6 differ beyond the version"
PY
run "$BIN" sbom --format spdx "$P"
expect_rc 0 "sbom --format spdx runs"
cp "$TMP/out" "$TMP/a.spdx"
validate spdx "$TMP/a.spdx" "the SBOM is valid SPDX 2.3"
python3 - "$TMP/a.spdx" "$TMP/a.cdx" <<'PY' && ok || bad "SPDX content"
import json, re, sys
doc = json.load(open(sys.argv[1])); bom = json.load(open(sys.argv[2]))
ids = [p["SPDXID"] for p in doc["packages"]]
assert len(ids) == len(set(ids)) == len(bom["components"]) + 1
assert all(re.match(r"^SPDXRef-[A-Za-z0-9.\-]+$", i) for i in ids)
purls = sorted(r["referenceLocator"] for p in doc["packages"] for r in p.get("externalRefs", []))
assert purls == sorted(c["purl"] for c in bom["components"] if "purl" in c)
known = set(ids) | {"SPDXRef-DOCUMENT"}
for r in doc["relationships"]:
    assert r["spdxElementId"] in known and r["relatedSpdxElement"] in known, r
n_edges = sum(len(d["dependsOn"]) for d in bom["dependencies"])
assert len(doc["relationships"]) == n_edges + 1, (len(doc["relationships"]), n_edges)
assert re.match(r"^https://github.com/depvet/depvet/spdx/proj-[0-9a-f-]{36}$", doc["documentNamespace"])
numpy = [p for p in doc["packages"] if p["name"] == "numpy"][0]
assert numpy["comment"] == "depvet:policy=reviewed; depvet:policy-requires=safe-to-deploy; depvet:reviewed=safe-to-deploy", numpy
assert numpy["licenseDeclared"] == "BSD-3-Clause"
PY
run "$BIN" sbom --format spdx "$P"
cmp -s "$TMP/out" "$TMP/a.spdx" && ok || bad "two runs give byte-identical SPDX"

# Every real lockfile of the corpus: a valid SBOM with one component per
# package of its graph.
CORPUS="$SHARED/corpus/lockfiles"
if [ -f "$CORPUS/real-index.json" ]; then
    python3 -c 'import json,sys; [print(f["file"]) for f in json.load(open(sys.argv[1]))["files"] if f["role"] == "lockfile"]' \
        "$CORPUS/real-index.json" > "$TMP/locks"
    nbad=0
    while read -r f; do
        "$BIN" sbom --lockfile-only "$CORPUS/$f" > "$TMP/c.cdx" 2>/dev/null &&
        "$BIN" tree --format json --lockfile-only "$CORPUS/$f" > "$TMP/c.json" 2>/dev/null &&
        python3 "$SRCDIR/tests/tools/check_sbom.py" "$TMP/c.cdx" "$TMP/c.json" >/dev/null ||
            { echo "  corpus: $f"; nbad=$((nbad + 1)); }
    done < "$TMP/locks"
    [ "$nbad" -eq 0 ] && [ -s "$TMP/locks" ] && ok || bad "corpus SBOMs match their graphs"
fi

# Hostile names: escaped in JSON, no raw control or bidi characters, the
# purl percent-encoded, invalid UTF-8 replaced.
mkdir -p "$TMP/hostile2"
printf '{"name": "h", "lockfileVersion": 3, "packages": {\n  "": {"name": "h", "dependencies": {"@e\\u202evil/a\\"b\\\\c%%0A,:\\nz\377": "*"}},\n  "node_modules/@e\\u202evil/a\\"b\\\\c%%0A,:\\nz\377": {"version": "2.0.0\\u2066", "dev": true, "integrity": "sha1-\\u0007"}\n}}\n' \
    > "$TMP/hostile2/npm-shrinkwrap.json"
for fmt in cyclonedx spdx; do
    run "$BIN" sbom --lockfile-only --format $fmt "$TMP/hostile2"
    cp "$TMP/out" "$TMP/h.$fmt"
    validate $fmt "$TMP/h.$fmt" "hostile names give a valid $fmt SBOM"
    if LC_ALL=C grep -q "$(printf '\342\200\256\|\342\201\246\|\377')" "$TMP/h.$fmt"; then
        bad "$fmt: raw bidi or invalid UTF-8 in the output"
    else ok; fi
done
python3 - "$TMP/h.cyclonedx" <<'PY' && ok || bad "hostile purl encoded"
import json, sys
bom = json.load(open(sys.argv[1]))
p = [c["purl"] for c in bom["components"] if "purl" in c]
assert "pkg:npm/%40e%E2%80%AEvil/a%22b%5Cc%250a%2C:%0Az%FF@2.0.0%E2%81%A6" in p, p
PY
run "$BIN" sbom --format nope "$P"
expect_rc 2 "sbom: an unknown format is a usage error"
run "$BIN" sbom --format spdx --spec-version 1.6 "$P"
expect_rc 2 "sbom: --spec-version is CycloneDX's"

# GitHub annotations at the pins' lines; a Markdown summary.
run "$BIN" check --format github "$P"
[ "$rc" -le 1 ] && ok || bad "check --format github runs (rc $rc)"
python3 - "$TMP/out" "$P" <<'PY' && ok || bad "github annotations"
import os, re, sys
from urllib.parse import unquote
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "" and lines[-2].startswith("depvet: "), lines[-2:]
n = 0
for l in lines[:-2]:
    m = re.match(r"^::(error|warning|notice) file=([^,:]+)(?:,line=(\d+))?,title=([^,:]+)::(.*)$", l)
    assert m, l
    text = open(os.path.join(sys.argv[2], unquote(m.group(2))), encoding="utf-8").read().split("\n")
    msg = m.group(5)
    eco, name = msg.split(" ")[:2]
    if m.group(3) and int(m.group(3)) > 1:
        assert name.lower() in text[int(m.group(3)) - 1].lower(), (l, text[int(m.group(3)) - 1])
        n += 1
    assert "\r" not in l
assert n > 40, n
assert sum(1 for l in lines if l.startswith("::error ")) >= 1
PY
run "$BIN" check --format markdown "$P"
[ "$rc" -le 1 ] && ok || bad "check --format markdown runs (rc $rc)"
expect_out "| critical | high | medium | low | info | acknowledged |" "markdown counts"
expect_out "### Unreviewed pins" "markdown unreviewed pins"
expect_out "PyPI reqeusts 2.31.1" "markdown names the packages"
expect_out "- 43 pins:" "markdown coverage"

# Hostile names and paths: no second workflow command, no markup.
HC="$TMP/hc/a,b:c"
mkdir -p "$HC"
printf '%s\n' '{"name": "h", "lockfileVersion": 3, "packages": {' \
  '  "": {"name": "h", "dependencies": {"x\n::error::pwned%0A::warning::p2": "*", "<img src=x onerror=alert(1)>|@everyone [a](javascript:x) `c` _i_ #1 :+1: $x$ &amp;": "*"}},' \
  '  "node_modules/x\n::error::pwned%0A::warning::p2": {"version": "1.0.0\r::error::cr"},' \
  '  "node_modules/<img src=x onerror=alert(1)>|@everyone [a](javascript:x) `c` _i_ #1 :+1: $x$ &amp;": {"version": "2.0.0"}' \
  '}}' > "$HC/package-lock.json"
run "$BIN" check --format github "$TMP/hc"
python3 - "$TMP/out" <<'PY' && ok || bad "hostile github annotations"
import sys
raw = open(sys.argv[1], "rb").read()
assert not [b for b in raw if b < 0x20 and b != 0x0a], "raw control characters"
lines = raw.decode().split("\n")[:-1]
# 5 findings (the missing checksums are the lockfile's one) and the count line
assert len(lines) == 6, lines
for l in lines[:-1]:
    assert l.startswith(("::error file=a%2Cb%3Ac/package-lock.json,line=", "::notice file=a%2Cb%3Ac/package-lock.json,")), l
    assert "%0A::warning" not in l and "pwned%250A" in l or "<img" in l, l
PY
run "$BIN" check --format markdown "$TMP/hc"
python3 - "$TMP/out" <<'PY' && ok || bad "hostile markdown"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
rows = [l for l in text.split("\n") if l.startswith(("| high", "| low", "| info"))]
assert len(rows) == 5, rows
for l in rows:
    bare = re.sub(r"&#[0-9]+;", "", l)
    for ch in "<>@[]`_#$&:*~\\":
        assert ch not in bare, (ch, l)
    assert l.count("|") == 6, l          # the cells stay five
PY

# --baseline: the JSON of a check on another checkout without reqeusts;
# reqeusts's findings are the new ones (4: its missing --hash is the lockfile's one
# finding, not its own), listed first in every format.
B="$TMP/base-checkout"
cp -r "$P" "$B"
sed -i '/^reqeusts==/d' "$B/training/requirements.txt"
run "$BIN" check --format json "$B"
cp "$TMP/out" "$TMP/base.json"
run "$BIN" check --format markdown --baseline "$TMP/base.json" "$P"
python3 - "$TMP/out" <<'PY' && ok || bad "markdown: the new findings first"
import sys
text = open(sys.argv[1], encoding="utf-8").read()
assert "**4 new** since the baseline, listed first; 0 of its " in text, text[:600]
for table in ("### Findings", "### Unreviewed pins"):
    rows = [l for l in text.split(table)[1].split("\n\n")[1].split("\n") if l.startswith("|")]
    assert rows[0].startswith("| new | severity |"), rows[0]
    marks = [r.startswith("| **new** |") for r in rows[2:]]
    assert any(marks) and marks == sorted(marks, reverse=True), (table, marks)
    assert all("reqeusts" in r for r, m in zip(rows[2:], marks) if m), rows
PY
run "$BIN" check --baseline "$TMP/base.json" "$P"
expect_out "baseline: 4 new, 0 of its " "text: the new and gone counts"
[ "$(head -1 "$TMP/out")" = "PyPI reqeusts 2.31.1" ] && ok || bad "text: new findings first: $(head -1 "$TMP/out")"
expect_out "young-package         new: first release only" "text: new findings marked"
run "$BIN" check --format json --baseline "$TMP/base.json" "$P"
python3 - "$TMP/out" <<'PY' && ok || bad "json: new per finding"
import json, sys
d = json.load(open(sys.argv[1]))
new = [f for f in d["findings"] if f["new"]]
assert len(new) == 4 and {f["name"] for f in new} == {"reqeusts"}, new
assert [f["new"] for f in d["acknowledged"]] == [True], "the acknowledged typosquat is new too"
PY
run "$BIN" check --format sarif --baseline "$TMP/base.json" "$P"
cp "$TMP/out" "$TMP/b.sarif"
validate sarif "$TMP/b.sarif" "SARIF with baselineState is valid"
python3 - "$TMP/b.sarif" <<'PY' && ok || bad "SARIF baselineState"
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
new = [x for x in res if x["baselineState"] == "new"]
assert len(new) == 5 and all(x["properties"]["package"] == "reqeusts" for x in new), len(new)
assert all(x["baselineState"] in ("new", "unchanged") for x in res)
PY
run "$BIN" check --format github --baseline "$TMP/base.json" "$P"
python3 - "$TMP/out" <<'PY' && ok || bad "github: only the new findings annotated"
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
notes = [l for l in lines if l.startswith("::")]
assert notes and all("reqeusts" in l for l in notes), notes
assert len(notes) == 4, len(notes)
tail = lines[-1]
assert "; baseline: 4 new (annotated), " in tail and " known (not annotated), 0 of its " in tail, tail
PY
# A baseline from the checkout with reqeusts, on the one without: its
# findings are absent.
run "$BIN" check --format json "$P"
cp "$TMP/out" "$TMP/now.json"
run "$BIN" check --format sarif --baseline "$TMP/now.json" "$B"
cp "$TMP/out" "$TMP/gone.sarif"
validate sarif "$TMP/gone.sarif" "SARIF with absent results is valid"
python3 - "$TMP/gone.sarif" <<'PY' && ok || bad "SARIF: absent results"
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
gone = [x for x in res if x["baselineState"] == "absent"]
assert gone and all(x["properties"]["package"] == "reqeusts" for x in gone), gone
assert all(x["message"]["text"].startswith("PyPI reqeusts 2.31.1: no longer found (the baseline said: ")
           for x in gone), gone[0]["message"]
uris = {l["physicalLocation"]["artifactLocation"]["uri"] for x in gone for l in x.get("locations", [])}
assert uris == {"training/requirements.txt"}, uris
assert all("partialFingerprints" not in x for x in gone)
assert not [x for x in res if x["baselineState"] == "new"]
PY
run "$BIN" check --baseline "$TMP/a.sarif" "$P"
expect_rc 2 "a SARIF file is no baseline"
expect_err "not the output of 'depvet check --format json'" "and says what a baseline is"
printf '{"schema":"depvet.check/1","findings":[{"rule":"x","severity":"dire","lockfile":"l"}]}' > "$TMP/bad.json"
run "$BIN" check --baseline "$TMP/bad.json" "$P"
expect_rc 2 "a malformed baseline is refused"
expect_err "(field /findings/0): unknown severity" "with where"

run "$BIN" check --format nope "$P"
expect_rc 2 "an unknown format is a usage error"
expect_err "use text, json, sarif, github or markdown" "and names the formats"
finish
