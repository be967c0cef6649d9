#!/bin/sh
# Acknowledging a lockfile's own finding (missing-hash is one per
# lockfile): `review --ack RULE --lockfile LOCK` writes the [[ack]] with the
# digest of the entries without a checksum, check passes at --fail-on low
# in every format, a changed lockfile makes the ack stale (with a hint), and
# an old per-package missing-hash ack is stale with a hint, never counted.
# No cache and no network: only the lockfile rules run, and the policy's
# no-facts is turned down to info so that missing-hash is the one low.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "lockack: python3 missing"; exit 1; }
export DEPVET_REVIEWER="Ana" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export DEPVET_CACHE_DIR="$TMP/no-cache"
P="$TMP/proj"
mkdir -p "$P"
# lock NAME...: a package-lock.json of left-pad (with integrity) and NAMEs
# at 1.0.0 (without).
lock() {
    python3 - "$P/package-lock.json" "$@" <<'PY'
import json, sys
pk = {"": {"name": "small", "version": "1.0.0"},
      "node_modules/left-pad": {"version": "1.3.0",
          "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
          "integrity": "sha512-" + "A" * 86 + "=="}}
for n in sys.argv[2:]:
    pk["node_modules/" + n] = {"version": "1.0.0",
        "resolved": "https://registry.npmjs.org/%s/-/%s-1.0.0.tgz" % (n, n)}
json.dump({"name": "small", "version": "1.0.0", "lockfileVersion": 3, "packages": pk},
          open(sys.argv[1], "w"), indent=2)
PY
}
lock right-pad
run "$BIN" review --init "$P"
expect_rc 0 "review --init"
sed -i 's/^no_facts = "high"/no_facts = "info"/' "$P/.depvet/config.toml"
run "$BIN" check --fail-on low "$P"
expect_rc 1 "the lockfile's missing checksum fails at --fail-on low"
expect_out "1 of 2 entries have no checksum (right-pad@1.0.0)" "one finding for the lockfile"

# An old per-package ack of missing-hash: stale with a hint, never covering.
cat >> "$P/.depvet/audits.toml" <<'EOF'

[[ack]]
ecosystem = "npm"
name = "right-pad"
version = "1.0.0"
rule = "missing-hash"
reason = "published without integrity"
EOF
run "$BIN" check --fail-on low "$P"
expect_rc 1 "a per-package missing-hash ack does not cover the lockfile's finding"
expect_out "stale ack: npm right-pad 1.0.0 missing-hash matches no finding" "it is stale"
expect_out "hint: the finding is now one for the lockfile: depvet review --ack missing-hash --lockfile package-lock.json --reason TEXT" \
    "with a one-line hint saying how to ack the lockfile's finding"

# review --ack RULE --lockfile LOCK
run "$BIN" review --ack missing-hash --lockfile package-lock.json --reason "right-pad ships no integrity" "$P"
expect_rc 0 "review --ack --lockfile"
expect_out "acknowledged missing-hash of the lockfile package-lock.json: 1 finding now covered" "says what it covered"
grep -q '^lockfile = "package-lock.json"$' "$P/.depvet/audits.toml" && ok || bad "[[ack]] names the lockfile"
grep -q '^subject_sha256 = "[0-9a-f]\{64\}"$' "$P/.depvet/audits.toml" && ok || bad "with the subject's digest"
grep -q '^evidence = "1 of 2 entries have no checksum"$' "$P/.depvet/audits.toml" && ok || bad "and what it said"
run "$BIN" check --fail-on low "$P"
expect_rc 0 "acknowledged, check passes at --fail-on low"
expect_out "acknowledged by Ana: right-pad ships no integrity" "listed as acknowledged"
expect_out "and an ack of it covers it: remove this ack" "the old ack's hint says the lockfile's is acked"
run "$BIN" check --fail-on low --format json "$P"
expect_rc 0 "json: passes"
python3 - "$TMP/out" <<'PY' && ok || bad "json: the finding is under acknowledged, the old ack stale"
import json, sys
d = json.load(open(sys.argv[1]))
assert not [f for f in d["findings"] if f["rule"] == "missing-hash"], d["findings"]
a = [f for f in d["acknowledged"] if f["rule"] == "missing-hash"]
assert len(a) == 1 and a[0]["name"] is None and len(a[0]["subject_sha256"]) == 64, a
s = d["stale_acks"]
assert len(s) == 1 and s[0]["name"] == "right-pad" and s[0]["instead_lockfile"] == "package-lock.json", s
PY
run "$BIN" check --fail-on low --format sarif "$P"
expect_rc 0 "sarif: passes"
python3 - "$TMP/out" <<'PY' && ok || bad "sarif: the result is suppressed as accepted"
import json, sys
d = json.load(open(sys.argv[1]))
r = [x for x in d["runs"][0]["results"] if x["ruleId"] == "missing-hash"]
assert len(r) == 1 and r[0]["suppressions"][0]["status"] == "accepted", r
PY
for fmt in github markdown; do
    run "$BIN" check --fail-on low --format "$fmt" "$P"
    expect_rc 0 "$fmt: passes"
done

# Same count, another entry without a checksum: the subject changed.
lock other-pad
run "$BIN" check --fail-on low "$P"
expect_rc 1 "another entry without a checksum is not covered by the ack"
expect_out "stale ack: npm package-lock.json missing-hash matches no finding" "the lockfile's ack is stale"
# Five of six, then forty of sixty later: never silently covered.
lock a b c d e
run "$BIN" review --ack missing-hash --lockfile ./package-lock.json --reason "five pinned from a fork" "$P"
expect_rc 0 "ack of 5 of 6"
lock $(python3 -c 'print(" ".join("p%d" % i for i in range(40)))')
run "$BIN" check --fail-on low "$P"
expect_rc 1 "40 of 41 is not what was acknowledged"
expect_out "hint: the lockfile changed since (acknowledged: 5 of 6 entries have no checksum; now: 40 of 41 entries have no checksum)" \
    "the hint says what was acknowledged and what is there now"
expect_out "(it replaces this ack)" "and that acking again replaces it"
run "$BIN" review --ack missing-hash --lockfile package-lock.json --reason "all from the fork" "$P"
expect_rc 0 "acknowledged again"
expect_out "replaced the ack of it as it was (5 of 6 entries have no checksum)" "the superseded ack goes, said"
[ "$(grep -c '^lockfile = ' "$P/.depvet/audits.toml")" -eq 1 ] && ok || bad "one lockfile ack left"
run "$BIN" check "$P"
expect_out "acknowledged by Ana: all from the fork" "40 of 41, acknowledged as such, is covered (the new pins are unreviewed)"
expect_out "stale ack: npm right-pad 1.0.0 missing-hash" "the old per-package ack is still reported, never dropped"
run "$BIN" check --format json "$P"
python3 - "$TMP/out" <<'PY' && ok || bad "json: no missing-hash left among the findings"
import json, sys
d = json.load(open(sys.argv[1]))
assert not [f for f in d["findings"] if f["rule"] == "missing-hash"]
assert len([f for f in d["acknowledged"] if f["rule"] == "missing-hash"]) == 1
PY

# Bad input: no such lockfile, no such finding, a malformed ack.
run "$BIN" review --ack missing-hash --lockfile nope/package-lock.json --reason x "$P"
expect_rc 1 "an unknown lockfile is refused"
expect_err "not a lockfile of the project" "and says so"
run "$BIN" review --ack extra-index --lockfile package-lock.json --reason x "$P"
expect_rc 1 "a finding the lockfile does not have is refused"
expect_err "no such finding of the lockfile now" "and says so"
run "$BIN" review --ack missing-hash --lockfile package-lock.json --file a.js --reason x "$P"
expect_rc 2 "--lockfile with --file is a usage error"
printf '\n%s\n' '[[ack]]' 'ecosystem = "npm"' 'lockfile = "package-lock.json"' \
    'rule = "missing-hash"' 'reason = "no digest"' >> "$P/.depvet/audits.toml"
L=$(grep -n '^lockfile = ' "$P/.depvet/audits.toml" | tail -1 | cut -d: -f1)
run "$BIN" check "$P"
expect_rc 1 "an ack of a lockfile without its digest is refused"
expect_err "audits.toml:$L:12: lockfile needs subject_sha256" "at its line and column"
finish
