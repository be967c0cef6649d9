#!/bin/sh
# The review policy in the explorer, on a copy of the demo started green
# with `review --init` and one pin changed since: the rows' policy marks,
# the status bar's counts, the "fails policy" filter, a on a finding (the
# [[ack]] written, the finding acknowledged), the question before marking
# a package with a high finding safe-to-deploy, and audits.toml read again
# after it changed on disk (a broken one said, the last good state kept).
# Each case starts from its own copy of the prepared project and cache.
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
P="$TMP/base-proj"
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
# check_lists_ack RULE LINES DESCRIPTION: check on the case's project lists
# RULE within LINES lines after its "acknowledged" heading
check_lists_ack() {
    run "$BIN" check "$P"
    grep -A"$2" '^acknowledged' "$TMP/out" | grep -q "$1" && ok || bad "$3"
}
quit_clean() {
    keys q
    see "EXIT=0" "$1: quits"
    same_modes "$1"
}

BASE_CACHE="$TMP/demo-cache" BASE_PROJ="$P"

marks_and_counts() {
    start 120 40 "$P"
    see_row 'alpinejs 3.13.3 npm' 'ex' "an exempted pin"
    see_row 'topbar 2.0.1 npm' '!d' "a changed pin needs safe-to-deploy (its missing integrity is the lockfile's one finding)"
    see "2 fail policy" "the unreviewed pin and the one without facts fail, as check says"
    see "1 of 44 without facts" "the coverage of the facts"
    see "1 unreviewed" "unreviewed counts what the policy does not cover"
    see "1 stale ack" "an ack that matches nothing is said, as check says it"
    quit_clean "marks"
}

policy_filter() {
    start 120 40 "$P"
    see "2 fail policy" "started"
    keys P
    see "[fails policy]" "the filter in the status bar"
    not_see "alpinejs" "passing pins are hidden"
    see "topbar 2.0.1" "a failing one stays"
    see "nosuchpkg-depvet 1.0.0" "so does the one without facts"
    keys P
    see "alpinejs" "P again shows every package"
    quit_clean "filter"
}

# The pane's items: the policy's findings first (unreviewed here), then the rules'.
ack_a_finding() {
    start 120 40 "$P"
    keys / '^topbar$' Enter
    keys 3
    see "policy   needs safe-to-deploy" "the state in the findings pane"
    see "cheapest: delta 2.0.2 -> 2.0.1 from the exemption of 2.0.2" "with the cheapest way to cover it"
    # topbar's missing integrity is the lockfile's finding: tqdm's advisory is acked
    keys / '^tqdm$' Enter
    keys a
    see "a acknowledges the finding under the cursor" "a in the tree says where it works"
    keys w a
    see "Acknowledge advisory of tqdm 4.66.2" "a opens the form on the finding"
    see "Up/Down field  Enter save  Esc cancel" "the form's keys, from its key table"
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
    quit_clean "ack"
}

# The policy's own findings are acknowledged as check matches them: no-facts here.
ack_a_policy_finding() {
    start 120 40 "$P"
    keys / '^nosuchpkg-depvet$' Enter 3
    see "no-facts" "the policy's finding in the pane"
    keys w a
    see "Acknowledge no-facts of nosuchpkg-depvet 1.0.0" "a on the policy's finding"
    keys -l 'our private mirror serves it'
    keys Enter
    see "acknowledged no-facts in" "the ack is written"
    see "acknowledged by Ana: our private mirror serves it" "the finding moves to acknowledged"
    see "1 fail policy" "only the unreviewed pin fails now"
    grep -q 'rule = "no-facts"' "$P/.depvet/audits.toml" && ok || bad "[[ack]] of no-facts in audits.toml"
    check_lists_ack no-facts 3 "check counts the explorer's ack of no-facts"
    quit_clean "policy ack"
}

# a on a lockfile heading's own finding: missing-hash is one per lockfile,
# so its [[ack]] names the lockfile and the digest of the entries without
# a checksum.
ack_a_lockfile_finding() {
    start 120 40 "$P"
    keys / '^topbar$' Enter p
    keys 3
    see "of 6 entries have no checksum (topbar@2.0.1)" "the heading's own finding in the pane"
    keys w a
    see "Acknowledge missing-hash of backend/assets/package-lock.json" "a opens the form on the lockfile's finding"
    keys -l 'topbar is pinned from a fork'
    keys Enter
    see "acknowledged missing-hash in" "the ack is written"
    see "acknowledged (1): kept out of check's --fail-on" "the finding moves to acknowledged"
    see "acknowledged by Ana: topbar is pinned from a fork" "with who and why"
    grep -q '^lockfile = "backend/assets/package-lock.json"$' "$P/.depvet/audits.toml" &&
        ok || bad "the [[ack]] names the lockfile in the project"
    grep -Eq '^subject_sha256 = "[0-9a-f]{64}"$' "$P/.depvet/audits.toml" && ok || bad "with its subject's digest"
    check_lists_ack missing-hash 3 "check counts the explorer's ack of the lockfile's finding"
    quit_clean "lockfile ack"
}

deploy_asks_first() {
    start 120 40 "$P"
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
    quit_clean "deploy"
}

# audits.toml changed on disk (a git pull)
audits_read_again() {
    start 120 40 "$P"
    see "2 fail policy" "started"
    (cd "$P" && "$BIN" review npm:topbar@2.0.1 --criteria safe-to-deploy --delta 2.0.2 >/dev/null 2>&1)
    see "read again: audits.toml" "the change is read again"
    see_row 'topbar 2.0.1 npm' '✓✓' "the review from outside shows"
    see "1 fail policy" "only the pin without facts fails now"
    cp "$P/.depvet/audits.toml" "$CASE/good.toml"
    printf '\n[[audit]]\nname = \n' >> "$P/.depvet/audits.toml"
    see "kept the last good reviews: " "a broken file is said"
    see "audits.toml:$(wc -l < "$P/.depvet/audits.toml"):8: " "with file:line:col"
    see_row 'topbar 2.0.1 npm' '✓✓' "the last good state stays"
    cp "$CASE/good.toml" "$P/.depvet/audits.toml"
    see "read again: audits.toml" "a fixed file is read again"
    quit_clean "read again"
}

# ? explains the marks and lists the acknowledgement form's keys
help_marks() {
    start 120 40 "$P"
    keys '?' NPage
    see "Acknowledgement form (a in the findings pane)" "help: the ack form"
    see "write the [[ack]] to .depvet/audits.toml" "from the ack form's key table"
    keys G
    see "ex                 exempted ([[exemption]]): accepted without a review" "help: exempt"
    see "im                 covered by another team's reviews ([imports])" "help: import"
    see "!d                 [policy] needs safe-to-deploy: nothing covers it" "help: needs"
    keys q
    quit_clean "help"
}

# a scanner hit acknowledged: its file and line's SHA-256, as check matches
scanner_ack() {
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
    grep -A2 'rule = "scan:py-setup-network"' "$P/.depvet/audits.toml" > "$CASE/ack"
    grep -q 'path = "reqeusts-2.31.1/setup.py"' "$CASE/ack" && ok || bad "the hit's file"
    grep -Eq 'line_sha256 = "[0-9a-f]{64}"' "$CASE/ack" && ok || bad "the matched line's SHA-256"
    check_lists_ack scan:py-setup-network 2 "check counts the explorer's ack"
    quit_clean "scanner ack"
}

# another team's reviews (acme's review of topbar 2.0.0), served from 127.0.0.1
serve_import() {
    npm_pin "$P/backend/assets/package-lock.json" topbar 2.0.0
    mkdir -p "$CASE/served/acme"
    printf '%s\n' '[[audit]]' 'ecosystem = "npm"' 'name = "topbar"' 'version = "2.0.0"' \
        'criteria = "safe-to-deploy"' 'kind = "full"' 'reviewer = "Acme security"' 'date = 2024-11-01' \
        > "$CASE/served/acme/audits.toml"
    start_mock --files "$CASE/served"
    printf '\n[imports.acme]\nurl = "%s/acme/audits.toml"\ncriteria = ["safe-to-deploy"]\n' "$BASE" \
        >> "$P/.depvet/config.toml"
}

# an import as check fetched and locked it
imports_from_check() {
    serve_import
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
}

# R fetches the imports too (as check does), so the explorer alone gets them
imports_fetched_by_refresh() {
    serve_import
    RUN_ENV="no_proxy=127.0.0.1 NO_PROXY=127.0.0.1" start 120 40 "$P"
    keys / '^topbar$' Enter 3
    see "imports not counted: import acme: no copy in the cache" "no copy yet: said"
    see_row 'topbar 2.0.0 npm' '!d' "and not counted"
    keys R
    see "imports: 1 of 1 fetched, imports.lock updated: review it" "R fetched the import"
    see_row 'topbar 2.0.0 npm' 'im' "it counts at once"
    grep -q '^\[imports.acme\]' "$P/.depvet/imports.lock" 2>/dev/null && ok || bad "imports.lock names acme"
    kill $MOCK 2>/dev/null
    quit_clean "R and imports"
}

tcase "rows' marks and the status bar's counts" marks_and_counts
tcase "P: only the pins failing the policy" policy_filter
tcase "a on a finding writes an [[ack]]" ack_a_finding
tcase "a on the policy's own finding (no-facts)" ack_a_policy_finding
tcase "a on a lockfile heading's finding (missing-hash)" ack_a_lockfile_finding
tcase "safe-to-deploy despite a high finding asks first" deploy_asks_first
tcase "audits.toml changed on disk is read again" audits_read_again
tcase "? explains the marks and the ack form" help_marks
tcase "a scanner hit acknowledged by file and line" scanner_ack
tcase "an import, as check fetched it" imports_from_check
tcase "R fetches the imports" imports_fetched_by_refresh
finish
