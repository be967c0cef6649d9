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
    case $? in 0) ok ;; 77) echo "  skip: no python3 jsonschema"; ok ;; *) bad "$3" ;; esac
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

run "$BIN" check --format nope "$P"
expect_rc 2 "an unknown format is a usage error"
expect_err "use text, json or sarif" "and names the formats"
finish
