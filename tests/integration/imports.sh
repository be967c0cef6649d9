#!/bin/sh
# Imports: another team's reviews file served from 127.0.0.1 counts in
# check with its origin, is pinned in .depvet/imports.lock, may satisfy
# only the criteria its [imports] entry names, fails --locked once it
# changes (naming both digests, writing nothing), is read from the cache
# offline or when the server is gone, and a malformed one is refused with
# its URL, line and column.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "imports: python3 missing"; exit 1; }
CACHE="$TMP/demo-cache"
demo_env
export DEPVET_REVIEWER="Ana" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1
sh "$DEMO/tools/build-cache.sh" "$BIN" || { echo "imports: demo cache failed"; exit 1; }
P="$TMP/proj"
cp -r "$DEMO" "$P"
rm -rf "$P/.depvet"
LOCK="$P/backend/assets/package-lock.json"
CONF="$P/.depvet/config.toml"
ILOCK="$P/.depvet/imports.lock"

npm_pin "$LOCK" topbar 2.0.1
# Green from the start (the demo's two findings acknowledged), except the
# one pin no one reviewed: topbar 2.0.1 exempted nowhere.
"$BIN" review --init "$P" >/dev/null
"$BIN" review --prune "$P" >/dev/null
cat >> "$P/.depvet/audits.toml" <<'EOF2'

[[ack]]
ecosystem = "PyPI"
name = "reqeusts"
version = "2.31.1"
rule = "typosquat"
reason = "the demo's typosquat"

[[ack]]
ecosystem = "Hex"
name = "ssl_verify_fun"
version = "1.1.7"
rule = "owner-change"
reason = "known"

[[ack]]
ecosystem = "npm"
name = "chart.js"
version = "4.4.1"
rule = "provenance-lost"
reason = "the demo's hand-published hotfix"
EOF2
python3 - "$P/.depvet/audits.toml" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
t = re.sub(r'\n\[\[exemption\]\]\necosystem = "npm"\nname = "topbar"\n[^\[]*', "\n", t)
open(sys.argv[1], "w").write(t)
PY
run "$BIN" check "$P"
expect_rc 1 "topbar 2.0.1 is unreviewed"
expect_out "unreviewed" "said"

SERVED="$TMP/served"
mkdir -p "$SERVED/acme"
cat > "$SERVED/acme/audits.toml" <<'EOF2'
# acme's reviews
[[audit]]
ecosystem = "npm"
name = "topbar"
version = "2.0.1"
criteria = "safe-to-deploy"
kind = "full"
reviewer = "Acme security"
date = 2024-11-01
EOF2
start_mock --files "$SERVED"
URL="$BASE/acme/audits.toml"
cp "$CONF" "$TMP/config.plain"
printf '\n[imports.acme]\nurl = "%s"\ncriteria = ["safe-to-run", "safe-to-deploy"]\n' "$URL" >> "$CONF"
cp "$CONF" "$TMP/config.acme"
SHA1=$(sha256sum "$SERVED/acme/audits.toml" | cut -d' ' -f1)

run "$BIN" check "$P"
expect_rc 0 "the imported review covers topbar 2.0.1"
expect_out "covered: npm topbar 2.0.1 safe-to-deploy by reviews from acme" "with its origin"
expect_out "acme $URL: 1 reviews taken (up to safe-to-deploy), sha256 $SHA1, fetched" "the import said"
expect_out "imports.lock updated (new entry)" "the lock is new"
expect_out "0 unreviewed, 0 need none, 1 through imports" "counted apart"
grep -qF "sha256 = \"$SHA1\"" "$ILOCK" && ok || bad "imports.lock pins the content's sha256"
grep -qF "[imports.acme]" "$ILOCK" && ok || bad "imports.lock names the import"
if grep -q "Acme security" "$P/.depvet/audits.toml"; then bad "an import is never copied into audits.toml"; else ok; fi
cp "$ILOCK" "$TMP/lock.1"

run "$BIN" check --locked "$P"
expect_rc 0 "--locked with unchanged content"
expect_no_out "imports.lock updated" "--locked writes nothing"
expect_out ", not-modified" "revalidated with the ETag"
run "$BIN" check --format json "$P"
expect_out '"imported":[{"ecosystem":"npm","name":"topbar","version":"2.0.1","criteria":"safe-to-deploy","import":"acme"}]' "json names the origin"
expect_out "\"sha256\":\"$SHA1\",\"locked_sha256\":\"$SHA1\"" "json: the digests"
expect_out '"imported":1' "json coverage counts it"

# The import may satisfy only what [imports.acme] names.
sed 's/criteria = \["safe-to-run", "safe-to-deploy"\]/criteria = ["safe-to-run"]/' "$TMP/config.acme" > "$CONF"
run "$BIN" check "$P"
expect_rc 1 "an import allowed safe-to-run only does not cover safe-to-deploy"
expect_out "(up to safe-to-run)" "said"
cp "$TMP/config.acme" "$CONF"

# A changed import fails --locked naming both digests; nothing is written.
printf 'note = "changed upstream"\n' >> "$SERVED/acme/audits.toml"
SHA2=$(sha256sum "$SERVED/acme/audits.toml" | cut -d' ' -f1)
run "$BIN" check --locked "$P"
expect_rc 1 "a changed import fails --locked"
expect_err "import acme changed: its content has sha256 $SHA2, imports.lock has sha256 $SHA1" "both digests named"
cmp -s "$ILOCK" "$TMP/lock.1" && ok || bad "--locked leaves imports.lock as it was"
run "$BIN" review --suggest --locked "$P"
expect_rc 1 "review --suggest --locked refuses it too"
# Offline, the cached copy (still the locked content) is used.
run "$BIN" check --offline --locked "$P"
expect_rc 0 "offline: the cached copy, which matches the lock"
expect_out "cached" "said to be the cached copy"
expect_out "(offline)" "and why"
# Without --locked the change is taken and the lock says so, for git review.
run "$BIN" check "$P"
expect_rc 0 "without --locked the new content is taken"
expect_out "imports.lock updated, was sha256 $SHA1" "the old digest named"
grep -qF "sha256 = \"$SHA2\"" "$ILOCK" && ok || bad "imports.lock has the new digest"

# --prune drops an exemption an imported review now covers, from
# audits.toml only (the review itself stays acme's).
set -- $(python3 - "$P/.depvet/audits.toml" <<'PY'
import re, sys
m = re.search(r'\[\[exemption\]\]\necosystem = "(\w+)"\nname = "([^"]+)"\nversion = "([^"]+)"',
              open(sys.argv[1]).read())
print(*m.groups())
PY
)
printf '\n[[audit]]\necosystem = "%s"\nname = "%s"\nversion = "%s"\ncriteria = "safe-to-deploy"\nkind = "full"\ndate = 2024-11-02\n' \
    "$1" "$2" "$3" >> "$SERVED/acme/audits.toml"
run "$BIN" review --prune "$P"
expect_rc 0 "review --prune with an import"
expect_out "pruned     $(printf "%-5s" "$1") $2 $3: a review covers it" "the exemption acme's review covers goes"
if grep -q "name = \"$2\"" "$P/.depvet/audits.toml"; then bad "pruned from audits.toml"; else ok; fi
run "$BIN" check --locked "$P"
expect_rc 0 "still green: the import covers it now"

# Malformed import content: URL, line and column; nothing written.
cp "$ILOCK" "$TMP/lock.2"
printf '[[audit]]\necosystem = "npm"\nname = 3\n' > "$SERVED/acme/bad.toml"
printf '\n[imports.bad]\nurl = "%s"\ncriteria = ["safe-to-run"]\n' "$BASE/acme/bad.toml" >> "$CONF"
run "$BIN" check "$P"
expect_rc 1 "a malformed import fails"
expect_err "$BASE/acme/bad.toml:3:8" "its URL, line and column"
cmp -s "$ILOCK" "$TMP/lock.2" && ok || bad "imports.lock not written after a failed import"
cp "$TMP/config.acme" "$CONF"

# A project's file may not point an import at the disk or a public http host.
printf '\n[imports.disk]\nurl = "file:///etc/passwd"\ncriteria = ["safe-to-run"]\n' >> "$CONF"
run "$BIN" check "$P"
expect_rc 1 "a file:// import is refused"
expect_err "the url must be https://" "said"
cp "$TMP/config.acme" "$CONF"
printf '\n[imports.plain]\nurl = "http://example.org/a.toml"\ncriteria = ["safe-to-run"]\n' >> "$CONF"
run "$BIN" check "$P"
expect_rc 1 "plain http to a public host is refused"
cp "$TMP/config.acme" "$CONF"

# The server gone: the cached copy, with why.
kill "$MOCK" 2>/dev/null
wait "$MOCK" 2>/dev/null
run "$BIN" check "$P"
expect_rc 0 "the server gone: the cached copy counts"
expect_out "the fetch failed" "said"
run "$BIN" check --offline --cache "$TMP/empty-cache" "$P"
expect_rc 1 "offline without a cached copy fails"
expect_err "import acme: no copy in the cache (offline)" "said"

# A malformed imports.lock: file, line and column.
printf '[imports.acme]\nurl = "x"\nsha256 = "nothex"\n' > "$ILOCK"
run "$BIN" check "$P"
expect_rc 1 "a malformed imports.lock fails"
expect_err "imports.lock:3:10" "its line and column"

# Imports removed from the config: the lock keeps no entry for them.
cp "$TMP/lock.2" "$ILOCK"
cp "$TMP/config.plain" "$CONF"
run "$BIN" check "$P"
if grep -q "acme" "$ILOCK"; then bad "an import no longer configured leaves the lock"; else ok; fi
finish
