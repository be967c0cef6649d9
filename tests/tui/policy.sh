#!/bin/sh
# The review policy in the explorer, on a copy of the demo started green
# with `review --init` and one pin changed since: the rows' policy marks,
# the status bar's counts, the "fails policy" filter, a on a finding (the
# [[ack]] written, the finding acknowledged), the question before marking
# a package with a high finding safe-to-deploy, and audits.toml read again
# after it changed on disk (a broken one said, the last good state kept).
. "$(dirname "$0")/../integration/lib.sh"
command -v python3 >/dev/null || { echo "policy: python3 missing"; exit 1; }
. "$(dirname "$0")/tmux.inc"
CACHE="$TMP/demo-cache"
demo_env
export HOME="$TMP/home" TZ=UTC DEPVET_REVIEWER="Ana" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
cleanup() { T kill-server 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
run sh "$DEMO/tools/build-cache.sh" "$BIN"
expect_rc 0 "the demo cache"
P="$TMP/proj"
cp -r "$DEMO" "$P"
rm -rf "$P/.depvet"
# A pin the registry snapshot does not know: no facts about it.
printf "nosuchpkg-depvet==1.0.0\n    # via -r requirements.in\n" >> "$P/training/requirements.txt"
run "$BIN" review --init "$P"
expect_rc 0 "review --init"
npm_pin "$P/backend/assets/package-lock.json" topbar 2.0.1
# An ack of a finding that is not there: stale.
printf '\n%s\n' '[[ack]]' 'ecosystem = "npm"' 'name = "alpinejs"' 'version = "3.13.3"' \
    'rule = "retired"' 'reason = "was retired once"' >> "$P/.depvet/audits.toml"
quit_clean() {
    keys q
    see "EXIT=0" "$1: quits"
    same_modes "$1"
}

# --- marks and counts -----------------------------------------------------------
start 120 40 "$P"
see_row 'alpinejs 3.13.3 npm' 'ex' "an exempted pin"
see_row 'topbar 2.0.1 npm' '!d' "a changed pin needs safe-to-deploy (its missing integrity is the lockfile's one finding)"
see "2 fail policy" "the unreviewed pin and the one without facts fail, as check says"
see "1 of 44 without facts" "the coverage of the facts"
see "1 unreviewed" "unreviewed counts what the policy does not cover"
see "1 stale ack" "an ack that matches nothing is said, as check says it"

# --- the "fails policy" filter -------------------------------------------------------
keys P
see "[fails policy]" "the filter in the status bar"
not_see "alpinejs" "passing pins are hidden"
see "topbar 2.0.1" "a failing one stays"
see "nosuchpkg-depvet 1.0.0" "so does the one without facts"
keys P
see "alpinejs" "P again shows every package"

# --- the findings pane: the policy's state, then a --------------------------------------
keys / '^topbar$' Enter
keys 3
see "policy   needs safe-to-deploy" "the state in the findings pane"
see "cheapest: delta 2.0.2 -> 2.0.1 from the exemption of 2.0.2" "with the cheapest way to cover it"
keys / '^tqdm$' Enter
keys a
see "a acknowledges the finding under the cursor" "a in the tree says where it works"
keys w a
see "Acknowledge advisory of tqdm 4.66.2" "a opens the form on the finding"
keys Enter
see "an acknowledgement needs a reason" "no ack without a reason"
keys -l 'its CLI is not run'
keys Tab
keys -l '2030-02-30'
keys Enter
see "not acknowledged: " "a date that is none is refused"
keys BSpace BSpace
keys -l '28'
keys Enter
see "acknowledged advisory in" "the ack is written"
see "acknowledged (1): kept out of check's --fail-on" "the finding moves to acknowledged"
see "acknowledged by Ana: its CLI is not run (until 2030-02-28)" "with who, why and until"
see_row 'tqdm 4.66.2 pypi' 'ex' "its badge is gone"
grep -q 'rule = "advisory"' "$P/.depvet/audits.toml" && ok || bad "[[ack]] in audits.toml"
grep -q 'expires = 2030-02-28' "$P/.depvet/audits.toml" && ok || bad "the ack's expiry"
run "$BIN" check "$P"
expect_out "acknowledged" "check agrees: the finding is acknowledged"
keys w

# --- safe-to-deploy despite a high finding asks first ----------------------------------
keys / '^reqeusts$' Enter
see_row 'reqeusts 2.31.1 pypi' '[H] ex' "reqeusts has a high finding"
keys r Right Enter
see "1 high or critical finding: mark it safe-to-deploy anyway? y saves" "asked first"
keys n
see "not saved: the form is still open" "any other key goes back"
grep -q 'name = "reqeusts"' "$P/.depvet/audits.toml" && ! grep -B3 'kind = "full"' "$P/.depvet/audits.toml" | grep -q reqeusts &&
    ok || bad "nothing written before the answer"
keys Enter y
see "reviewed (safe-to-deploy, full)" "y saves"
see_row 'reqeusts 2.31.1 pypi' '[H] ✓✓' "reviewed safe-to-deploy"
# safe-to-run asks nothing
keys / '^gym$' Enter r Enter
see "reviewed (safe-to-run, full)" "safe-to-run is saved at once"

# --- audits.toml changed on disk (a git pull) ----------------------------------------------
(cd "$P" && "$BIN" review npm:topbar@2.0.1 --criteria safe-to-deploy --delta 2.0.2 >/dev/null 2>&1)
see "read again: audits.toml" "the change is read again"
see_row 'topbar 2.0.1 npm' '✓✓' "the review from outside shows"
see "1 fail policy" "only the pin without facts fails now"
cp "$P/.depvet/audits.toml" "$TMP/good.toml"
printf '\n[[audit]]\nname = \n' >> "$P/.depvet/audits.toml"
see "kept the last good reviews: " "a broken file is said"
see "audits.toml:$(wc -l < "$P/.depvet/audits.toml"):8: " "with file:line:col"
see_row 'topbar 2.0.1 npm' '✓✓' "the last good state stays"
cp "$TMP/good.toml" "$P/.depvet/audits.toml"
see "read again: audits.toml" "a fixed file is read again"

# --- ? explains the marks ---------------------------------------------------------------
keys '?' G
see "ex                 exempted ([[exemption]]): accepted without a review" "help: exempt"
see "im                 covered by another team's reviews ([imports])" "help: import"
see "!d                 [policy] needs safe-to-deploy: nothing covers it" "help: needs"
keys q
quit_clean "policy"

# --- a scanner hit acknowledged: its file and line's SHA-256, as check matches ------
run "$BIN" fetch "$P"
expect_rc 0 "the demo's archives stored"
start 120 40 "$P"
keys / '^reqeusts$' Enter
keys 3 w
see "scan:py-setup-network" "the scanner's hits in the findings pane"
keys j j a
see "Acknowledge scan:py-setup-network of reqeusts 2.31.1" "a on the third finding"
keys -l 'the demo typosquat, kept on purpose'
keys Enter
see "acknowledged scan:py-setup-network in" "written"
grep -A2 'rule = "scan:py-setup-network"' "$P/.depvet/audits.toml" > "$TMP/ack"
grep -q 'path = "reqeusts-2.31.1/setup.py"' "$TMP/ack" && ok || bad "the hit's file"
grep -Eq 'line_sha256 = "[0-9a-f]{64}"' "$TMP/ack" && ok || bad "the matched line's SHA-256"
run "$BIN" check "$P"
grep -A2 '^acknowledged' "$TMP/out" | grep -q "scan:py-setup-network" && ok ||
    bad "check counts the explorer's ack"
quit_clean "scanner ack"

# --- another team's reviews: an import, as check fetched and locked it -------------
npm_pin "$P/backend/assets/package-lock.json" topbar 2.0.0
mkdir -p "$TMP/served/acme"
printf '%s\n' '[[audit]]' 'ecosystem = "npm"' 'name = "topbar"' 'version = "2.0.0"' \
    'criteria = "safe-to-deploy"' 'kind = "full"' 'reviewer = "Acme security"' 'date = 2024-11-01' \
    > "$TMP/served/acme/audits.toml"
start_mock --files "$TMP/served"
printf '\n[imports.acme]\nurl = "%s/acme/audits.toml"\ncriteria = ["safe-to-deploy"]\n' "$BASE" \
    >> "$P/.depvet/config.toml"
run env no_proxy=127.0.0.1 NO_PROXY=127.0.0.1 "$BIN" check "$P"
expect_out "by reviews from acme" "check fetches the import and locks it"
kill $MOCK 2>/dev/null
start 120 40 "$P"
see_row 'topbar 2.0.0 npm' 'im' "covered by the import, from the cache's copy (the server is gone)"
keys / '^topbar$' Enter 3
see "covered for safe-to-deploy by the import acme" "the import named in the findings pane"
# imports.lock no longer matching: the import does not count, and says why
sed -i 's/sha256 = "[0-9a-f]*"/sha256 = "0000000000000000000000000000000000000000000000000000000000000000"/' \
    "$P/.depvet/imports.lock"
see "read again: config.toml" "imports.lock changed on disk"
see_row 'topbar 2.0.0 npm' '!d' "a locked digest that does not match counts nothing"
see "imports not counted: " "and the pane says why"
quit_clean "imports"
finish
