#!/bin/sh
# Reviews that CI enforces, on a copy of the demo: `review --init` starts
# green; a changed pin fails with the cheapest delta; `review` clears it;
# delta chains; implied criteria; a trusted publisher until it expires;
# acknowledgements of scanner hits (stale ones reported, a changed line
# un-acknowledges); and coverage: no cache, an empty cache and another
# project's cache each fail.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "review: python3 missing"; exit 1; }
CACHE="$TMP/demo-cache"
demo_env
export DEPVET_REVIEWER="Ana"
# The reviewer comes from git's configuration first: none here, unless a
# test sets it.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
sh "$DEMO/tools/build-cache.sh" "$BIN" || { echo "review: demo cache failed"; exit 1; }
P="$TMP/proj"
cp -r "$DEMO" "$P"
rm -rf "$P/.depvet"
LOCK="$P/backend/assets/package-lock.json"

# pin VERSION: the lockfile pins topbar at VERSION.
pin() { npm_pin "$LOCK" topbar "$1"; }
# The demo's two high findings, looked at and accepted.
acks() {
    cat >> "$P/.depvet/audits.toml" <<'EOF'

[[ack]]
ecosystem = "PyPI"
name = "reqeusts"
version = "2.31.1"
rule = "typosquat"
reason = "kept on purpose: the demo's typosquat"
reviewer = "Ana"

[[ack]]
ecosystem = "Hex"
name = "ssl_verify_fun"
version = "1.1.7"
rule = "owner-change"
reason = "the new owner is known to us"

[[ack]]
ecosystem = "npm"
name = "chart.js"
version = "4.4.1"
rule = "provenance-lost"
reason = "the maintainers said 4.4.6 was a hotfix published by hand"
EOF
}

# Without a [policy], reviews are not enforced: unreviewed is info.
run "$BIN" check --fail-on critical "$P"
expect_rc 0 "no policy: nothing fails for lack of reviews"
expect_out "info      unreviewed            not reviewed for safe-to-deploy; no version of it is reviewed" \
    "unreviewed shown as info"
expect_out "reviews: 0 reviewed, 0 exempted, 0 by trusted publishers, 43 unreviewed" "counted"

# --init writes its two files together: a config.toml it may not write
# (a symbolic link) leaves audits.toml unwritten too.
mkdir -p "$P/.depvet"
: > "$TMP/linked-config.toml"
ln -s "$TMP/linked-config.toml" "$P/.depvet/config.toml"
run "$BIN" review --init "$P"
expect_rc 1 "--init refuses a symlinked config.toml"
expect_err "is a symbolic link" "said"
[ ! -e "$P/.depvet/audits.toml" ] && ok || bad "--init wrote audits.toml without config.toml"
[ ! -s "$TMP/linked-config.toml" ] && ok || bad "the link's target untouched"
[ "$(ls -A "$P/.depvet")" = "config.toml" ] && ok || bad "no temporary left: $(ls -A "$P/.depvet")"
rm -rf "$P/.depvet"

# --init: the policy and one exemption per pin; with the three known
# findings acknowledged, check is green at the default --fail-on high.
run "$BIN" review --init "$P"
expect_rc 0 "review --init"
expect_out "43 exemptions written" "every pin exempted"
expect_out "[policy] added to .depvet/config.toml" "policy written"
grep -q 'reason = "present when reviews began"' "$P/.depvet/audits.toml" && ok || bad "reason"
grep -q 'date = 2024-11-15' "$P/.depvet/audits.toml" && ok || bad "today's date (DEPVET_NOW)"
acks
run "$BIN" check "$P"
expect_rc 0 "green at once after --init"
expect_out "acknowledged (3, not counted):" "the three acknowledged findings listed apart"
expect_out "acknowledged by Ana: kept on purpose" "with reviewer and reason"
expect_out "reviews: 0 reviewed, 43 exempted" "coverage counts the exemptions"
run "$BIN" review --init "$P"
expect_out "0 exemptions written" "--init again adds nothing"
[ "$(grep -c '^\[policy\]' "$P/.depvet/config.toml")" = 1 ] && ok || bad "the policy is written once"

# A changed pin fails, with the cheapest way to cover it.
pin 2.0.1
run "$BIN" check "$P"
expect_rc 1 "a changed pin nobody reviewed fails"
expect_out "high      unreviewed            not reviewed for safe-to-deploy; cheapest: delta 2.0.2 -> 2.0.1 from the exemption of 2.0.2" \
    "the delta from the exempted version"
expect_out "depvet diff npm:topbar 2.0.2 2.0.1, then depvet review npm:topbar@2.0.1 --criteria safe-to-deploy --delta 2.0.2" \
    "the commands to read and record it"
run "$BIN" review --suggest "$P"
expect_out "safe-to-deploy npm   topbar 2.0.1  delta from 2.0.2 (archives not fetched" "suggest names it"
expect_out "1 of 43 pins need a review" "and only it"
run "$BIN" review npm:topbar@2.0.1 --criteria safe-to-deploy --delta 2.0.2 --note "read the diff" --project "$P"
expect_rc 0 "review records the delta"
expect_out "recorded: npm topbar 2.0.1 safe-to-deploy (delta from 2.0.2) by Ana on 2024-11-15" "said"
run "$BIN" check "$P"
expect_rc 0 "the review clears it"
git init -q "$P" && git -C "$P" config user.name "Bo Li" && git -C "$P" config user.email bo@example.org
run "$BIN" review npm:topbar@2.0.1 --criteria safe-to-run --delta 2.0.2 --project "$P"
expect_out "safe-to-run (delta from 2.0.2) by Bo Li <bo@example.org> on" "git's user.name and user.email first"
run "$BIN" review npm:topbar@2.0.1 --criteria safe-to-run --delta 2.0.2 --who "Cy" --project "$P"
expect_out "by Cy on" "--who wins"
rm -rf "$P/.git"
run "$BIN" review --prune "$P"
expect_out "0 exemptions removed" "the exemption 2.0.1's delta starts from is kept"

# Delta chains: 1.0.0 (full) -> 1.0.1 -> 2.0.0.
pin 2.0.0
run "$BIN" review npm:topbar@1.0.0 --criteria safe-to-deploy --project "$P"
run "$BIN" review npm:topbar@1.0.1 --criteria safe-to-deploy --delta 1.0.0 --project "$P"
run "$BIN" review npm:topbar@2.0.0 --criteria safe-to-deploy --delta 1.0.1 --project "$P"
run "$BIN" check "$P"
expect_rc 0 "a chain of deltas from a full review covers"
run "$BIN" review --remove npm:topbar@1.0.1 --project "$P"
expect_out "removed 1 review of npm:topbar@1.0.1" "remove"
run "$BIN" check "$P"
expect_rc 1 "a broken chain does not"
expect_out "cheapest: delta 1.0.0 -> 2.0.0 from the review of 1.0.0" "the nearest reviewed version below"
run "$BIN" review --remove npm:topbar@9.9.9 --project "$P"
expect_rc 1 "removing a review that is not there"
expect_err "no review of npm:topbar@9.9.9 to remove" "said"

# Criteria: safe-to-run does not cover safe-to-deploy; the reverse holds.
run "$BIN" review npm:topbar@2.0.0 --criteria safe-to-run --project "$P"
run "$BIN" check "$P"
expect_out "not reviewed for safe-to-deploy; reviewed for safe-to-run only" "a weaker review is not enough"
printf '\n[policy.packages]\n"npm:topbar" = "safe-to-run"\n' >> "$P/.depvet/config.toml"
run "$BIN" check "$P"
expect_rc 0 "an override asks safe-to-run only"
run "$BIN" review --remove npm:topbar@2.0.0 --criteria safe-to-run --project "$P"
run "$BIN" review npm:topbar@1.0.1 --criteria safe-to-deploy --delta 1.0.0 --project "$P"
run "$BIN" check "$P"
expect_rc 0 "safe-to-deploy implies safe-to-run"
sed -i '/^\[policy.packages\]/,$d' "$P/.depvet/config.toml"

# Trusted publishers: topbar-maint published 2.0.2 on 2023-12-28.
pin 2.0.2
python3 - "$P/.depvet/audits.toml" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r'\n\[\[exemption\]\]\necosystem = "npm"\nname = "topbar"\n[^\[]*', "\n", text)
open(sys.argv[1], "w").write(text + '''
[[trusted]]
ecosystem = "npm"
name = "topbar"
publisher = "topbar-maint"
criteria = "safe-to-deploy"
start = 2023-01-01
expires = 2025-01-01
''')
PY
run "$BIN" check "$P"
expect_rc 0 "a trusted publisher's release counts as reviewed"
expect_out "1 by trusted publishers" "counted"
run env DEPVET_NOW=2025-02-01 "$BIN" check "$P"
expect_rc 1 "the trust stops at expires"
expect_out "the trusted publisher expired on 2025-01-01" "an expired entry is a finding, not a silent pass"
expect_out "older than their time-to-live" "coverage says the facts are old by then"

# Cooldown: reqeusts 2.31.1 was released 9 days before the snapshot.
printf 'min_release_age = "14d"\ncooldown = "high"\n' >> "$P/.depvet/config.toml"
run "$BIN" check "$P"
expect_out "high      cooldown              2.31.1 was released 9 days ago, inside the cooldown of 14 days" \
    "a release inside the cooldown, at the policy's severity"
expect_no_out "young-release" "the cooldown replaces the fixed young-release rule"
run env DEPVET_NOW=2024-11-01 "$BIN" check "$P"
expect_out "2.31.1 is dated after today (check the clock), inside the cooldown" "no negative age"
expect_out "first release on 2024-11-03, after today (check the clock)" "nor for the package's age"
sed -i '/^min_release_age\|^cooldown/d' "$P/.depvet/config.toml"

# Malformed tables: file:line:col, nothing written.
cp "$P/.depvet/audits.toml" "$TMP/audits.before"
printf '\n[[exemption]]\necosystem = "npm"\nname = "x"\nversion = "1"\ncriteria = "safe"\nreason = "r"\n' \
    >> "$P/.depvet/audits.toml"
run "$BIN" check "$P"
expect_rc 1 "a malformed exemption fails"
expect_err "audits.toml:$(($(wc -l < "$TMP/audits.before") + 6)):12: criteria must be" "named with line and column"
run "$BIN" review npm:topbar@2.0.2 --criteria safe-to-run --project "$P"
expect_rc 1 "review refuses to rewrite a malformed file"
tail -1 "$P/.depvet/audits.toml" | grep -q 'reason = "r"' && ok || bad "the file is left as it was"
cp "$TMP/audits.before" "$P/.depvet/audits.toml"
printf '[policy]\nunreviewed = "severe"\n' > "$TMP/badcfg.toml"
cp "$P/.depvet/config.toml" "$TMP/config.before"
cp "$TMP/badcfg.toml" "$P/.depvet/config.toml"
run "$BIN" check "$P"
expect_rc 1 "a malformed policy fails"
expect_err "config.toml:2:14: 'unreviewed' must be a severity" "named with line and column"
cp "$TMP/config.before" "$P/.depvet/config.toml"
run "$BIN" review npm:topbar --criteria safe-to-run --project "$P"
expect_rc 2 "a review names a version"
run "$BIN" review npm:topbar@2.0.2 --criteria safe --project "$P"
expect_rc 2 "unknown criteria"

# Coverage: no cache, an empty cache, another project's cache.
run "$BIN" check --cache "$TMP/none" "$P"
expect_rc 1 "no cache fails"
expect_out "none for 43 (run depvet refresh)" "says nothing was known"
expect_out "no-facts" "one finding per pin"
expect_out "code: no archive stored, nothing was scanned (run depvet fetch)" "no code scanned, said"
mkdir -p "$TMP/emptyosv"
DEPVET_CACHE_DIR="$TMP/empty" "$BIN" db import-osv "$TMP/emptyosv" >/dev/null 2>&1
[ -f "$TMP/empty/cache.db" ] && ok || bad "an empty cache was made"
run "$BIN" check --cache "$TMP/empty" --format json "$P"
expect_rc 1 "an empty cache fails"
python3 - "$TMP/out" <<'PY' && ok || bad "json: the coverage object"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["coverage"]
assert c["pins"] == 43 and c["without_facts"] == 43 and c["with_facts"] == 0, c
assert sum(1 for f in d["findings"] if f["rule"] == "no-facts") == 43
assert len(d["acknowledged"]) == 0 and isinstance(d["stale_acks"], list)
PY

# Another project's cache, with stored archives: fetch_gen.py's Hex demo.
G="$TMP/gen"
python3 "$SRCDIR/tests/integration/fetch_gen.py" "$G" || { echo "review: generator failed"; exit 1; }
OTHER="$TMP/other-cache"
python3 - "$G" <<'PY' || { echo "review: records failed"; exit 1; }
import hashlib, json, os, sys
g = sys.argv[1]
for v in ("1.0.0", "1.1.0"):
    digest = hashlib.sha256(open("%s/archives/demo-%s.tar" % (g, v), "rb").read()).hexdigest()
    json.dump({"version": v, "inserted_at": "2024-0%d-01T00:00:00Z" % (int(v[2]) + 1), "requirements": {},
               "publisher": {"username": "someone"}, "checksum": digest},
              open("%s/recorded/rel-%s.json" % (g, v), "w"))
    open(g + "/recorded/INDEX.tsv", "a").write(
        "rel-%s.json\tGET\thttps://hex.pm/api/packages/demo/releases/%s\t200\tapplication/json\treview\n" % (v, v))
PY
start_mock --files "$G/files" --dir "$G/recorded"
# other MOCK-ARGS...: a command against the mock, with the other cache.
other() {
    env DEPVET_CACHE_DIR="$OTHER" no_proxy=127.0.0.1 NO_PROXY=127.0.0.1 \
        DEPVET_HEX_REPO_URL="$BASE/repo.hex.pm" DEPVET_HEX_URL="$BASE/hex.pm/api" "$@"
}
other "$BIN" refresh "$G/project" >/dev/null 2>&1
run other "$BIN" diff --stat hex:demo 1.0.0 1.1.0
expect_rc 0 "the other project's archives stored"
run "$BIN" check --cache "$OTHER" "$P"
expect_rc 1 "another project's cache fails"
expect_out "registry facts for 0" "it knew none of these packages"

# diff --allowed skips what the cooldown holds back: 1.1.0 is 9 days old.
mkdir -p "$TMP/r/.depvet"
printf '%%{\n  "app": {:hex, :app, "0.1.0", "00", [:mix], [{:demo, "~> 1.0", [hex: :demo, repo: "hexpm", optional: false]}], "hexpm", "00"},\n%s\n}\n' \
    "$(grep '"demo"' "$G/project/mix.lock")" > "$TMP/r/mix.lock"
printf '[policy]\nmin_release_age = "30d"\n' > "$TMP/r/.depvet/config.toml"
run env DEPVET_NOW=2024-02-10 "$BIN" diff --cache "$OTHER" --offline --stat --allowed --project "$TMP/r" hex:demo
expect_rc 0 "diff --allowed inside a cooldown"
expect_out "Hex:demo 1.0.0 -> 1.0.0" "the newest release out of the cooldown"
expect_err "1 release the requirements allow is inside the cooldown (min_release_age) and skipped" "said"
run env DEPVET_NOW=2024-03-10 "$BIN" diff --cache "$OTHER" --offline --stat --allowed --project "$TMP/r" hex:demo
expect_out "Hex:demo 1.0.0 -> 1.1.0" "out of the cooldown a month later"

# Diff sizes and acknowledged scanner hits: a project pinning demo 1.1.0,
# demo 1.0.0 reviewed.
Q="$TMP/q"
mkdir -p "$Q/.depvet"
hex_lock "$G/archives/demo-1.1.0.tar" 1.1.0 "$Q/mix.lock"
printf '[policy]\n' > "$Q/.depvet/config.toml"
other "$BIN" refresh "$Q" >/dev/null 2>&1
kill $MOCK
run "$BIN" review hex:demo@1.0.0 --criteria safe-to-deploy --project "$Q"
export DEPVET_RULES_DIR="$SRCDIR/rules"
run "$BIN" check --cache "$OTHER" --format json "$Q"
python3 - "$TMP/out" "$TMP/hit" <<'PY' && ok || bad "json: the scanner hit with its file and line hash"
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
hits = [f for f in d["findings"] if f["rule"].startswith("scan:") and f.get("path") == "lib/demo.ex"]
assert hits, d["findings"]
want = hashlib.sha256(b'  System.cmd("curl", ["x"])').hexdigest()
h = [f for f in hits if f.get("line_sha256") == want]
assert h, hits
line = h[0]["message"].split(":")[1]
open(sys.argv[2], "w").write(h[0]["rule"] + "\n" + want + "\n" + line + "\n")
PY
RULE=$(sed -n 1p "$TMP/hit")
SHA=$(sed -n 2p "$TMP/hit")
HITLINE=$(sed -n 3p "$TMP/hit")
cp "$Q/.depvet/audits.toml" "$TMP/q-audits"
run "$BIN" check --cache "$OTHER" "$Q"
expect_out "cheapest: delta 1.0.0 -> 1.1.0 from the review of 1.0.0: " "the diff size from the stored archives"
expect_out " files, +" "files and lines"
cat >> "$Q/.depvet/audits.toml" <<EOF

[[ack]]
ecosystem = "Hex"
name = "demo"
version = "1.1.0"
rule = "$RULE"
path = "lib/demo.ex"
line_sha256 = "$SHA"
reason = "the curl call is the documented updater"

[[ack]]
ecosystem = "Hex"
name = "demo"
version = "1.1.0"
rule = "scan:no-such-rule"
reason = "matches nothing"
EOF
run "$BIN" check --cache "$OTHER" "$Q"
expect_out "acknowledged (1, not counted):" "the acknowledged hit is listed apart"
expect_out "acknowledged: the curl call is the documented updater" "with its reason"
expect_out "stale ack: Hex demo 1.1.0 scan:no-such-rule matches no finding" "a stale ack is reported"
python3 - "$TMP/out" "$RULE" <<'PY' && ok || bad "the hit is not among the counted findings"
import sys
main = open(sys.argv[1]).read().split("acknowledged (")[0]
assert sys.argv[2] + " " not in main, main
PY
sed -i "s/$SHA/$(echo "$SHA" | tr 0-9a-f 1-9a-f0 | cut -c1-64)/" "$Q/.depvet/audits.toml"
run "$BIN" check --cache "$OTHER" "$Q"
expect_no_out "acknowledged (" "a different line content un-acknowledges the hit"
expect_out "stale ack: Hex demo 1.1.0 $RULE lib/demo.ex matches no finding" "and its ack is stale"
# review --ack: the ack written from the command line, the line's hash
# taken from the hit as scanned now.
cp "$TMP/q-audits" "$Q/.depvet/audits.toml"
run "$BIN" review --ack "$RULE" hex:demo@1.1.0 --file lib/demo.ex --line "$((HITLINE + 1))" \
    --reason "x" --cache "$OTHER" --project "$Q"
expect_rc 1 "--ack at a line with no hit"
expect_err "lib/demo.ex:$((HITLINE + 1)): no $RULE hit at this line of Hex demo 1.1.0" "said with file and line"
cmp -s "$TMP/q-audits" "$Q/.depvet/audits.toml" && ok || bad "nothing written"
run "$BIN" review --ack "$RULE" hex:demo@1.1.0 --line 3 --reason "x" --project "$Q"
expect_rc 2 "--line without --file"
run "$BIN" review --ack "$RULE" hex:demo@1.1.0 --file lib/demo.ex --line "$HITLINE" \
    --reason "the documented updater" --expires 2099-01-01 --cache "$OTHER" --project "$Q"
expect_rc 0 "review --ack"
expect_out "acknowledged Hex   demo 1.1.0 $RULE in lib/demo.ex (line sha256 $SHA) until 2099-01-01: 1 finding now covered" "said"
grep -qF "line_sha256 = \"$SHA\"" "$Q/.depvet/audits.toml" && ok || bad "the line's hash written"
grep -qF 'reviewer = "Ana"' "$Q/.depvet/audits.toml" && ok || bad "the reviewer written"
run "$BIN" check --cache "$OTHER" "$Q"
expect_out "acknowledged by Ana: the documented updater (until 2099-01-01)" "check moves the hit aside"
run "$BIN" review --ack scan:no-such-rule hex:demo@1.1.0 --reason "y" --cache "$OTHER" --project "$Q"
expect_rc 0 "an ack of no current finding is written"
expect_err "no such finding now" "with a note"
run "$BIN" review --ack owner-change hex:demo@1.1.0 --reason "y" --expires 2099-13-01 --cache "$OTHER" --project "$Q"
expect_rc 1 "a bad expiry date is refused"
finish
