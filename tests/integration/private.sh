#!/bin/sh
# Private registries and config files: a Hex organisation asked with the
# token the user's config names, the token kept out of the cache and of
# every output, and a project's config refused when it tries to choose
# where requests go.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "private: python3 missing"; exit 1; }
FIX="$SRCDIR/tests/fixtures/private"
CACHE="$TMP/cache"
TOKEN="s3cr3t-acme-token-7f1d"

start_mock --synth --dir "$SRCDIR/tests/fixtures/mockreg" \
    --auth "/hex.pm/api/repos/acme/=$TOKEN" \
    --auth "/pypi.acme.example/=Basic $(printf 'ci:%s' "$TOKEN" | base64 | tr -d '\n')"
export DEPVET_HEX_URL="$BASE/hex.pm/api"
mocklog() { python3 -c 'import json,sys,urllib.request; print(json.dumps(json.load(urllib.request.urlopen(sys.argv[1] + "/_log"))))' "$BASE"; }
reset() { python3 -c 'import sys,urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/_reset", data=b"{}"))' "$BASE"; }
no_token_in() {  # file description
    if grep -qF -- "$TOKEN" "$1"; then bad "$2 holds the token"; else ok; fi
}

# Without a [[private]] entry the organisation's package is not asked at all
# (asking the public registry would leak a private name).
run "$BIN" refresh --cache "$CACHE" "$FIX/hex"
expect_rc 0 "refresh without private config"
expect_out "2 packages: 1 updated, 0 still fresh, 1 skipped" "the private package is skipped"
expect_out "skipped Hex:acme_core: private repository" "with the reason"
mocklog | grep -q "acme" && bad "a private name reached the registry" || ok

mkdir -p "$XDG_CONFIG_HOME/depvet"
cat > "$XDG_CONFIG_HOME/depvet/config.toml" <<TOML
[[private]]
ecosystem = "hex"
organisation = "acme"
url = "$BASE/hex.pm/api/repos/acme"
token_env = "ACME_HEX_KEY"
TOML

# Configured, but the variable is unset: skipped, and said why.
reset
run "$BIN" refresh --cache "$CACHE" "$FIX/hex"
expect_rc 0 "refresh with the token variable unset"
expect_out "skipped Hex:acme_core: private registry acme: \$ACME_HEX_KEY is not set" "still skipped without a token, and said why"

# With the token: asked of the organisation's repository, authorized.
reset
ACME_HEX_KEY="$TOKEN" run "$BIN" refresh --cache "$CACHE" "$FIX/hex"
expect_rc 0 "refresh with the token"
expect_out "2 packages: 1 updated, 1 still fresh, 0 skipped, 0 failed" "the private package is fetched"
mocklog > "$TMP/log"
python3 - "$TMP/log" <<'PY' && ok || bad "every private request carried the right token"
import json, sys
log = [e for e in json.load(open(sys.argv[1])) if "/repos/acme/" in e["path"]]
assert len(log) == 3 and all(e["authorized"] for e in log), log
PY
no_token_in "$CACHE/cache.db" "the cache"
[ -f "$CACHE/cache.db-wal" ] && no_token_in "$CACHE/cache.db-wal" "the cache's WAL" || ok
no_token_in "$TMP/out" "stdout"
no_token_in "$TMP/err" "stderr"
run "$BIN" info --offline --cache "$CACHE" hex:acme_core
expect_rc 0 "info on the private package"
no_token_in "$TMP/out" "info output"

# A wrong token: the failure is listed, the token is not.
reset
ACME_HEX_KEY="wrong-$TOKEN" run "$BIN" refresh --force --cache "$CACHE" "$FIX/hex"
expect_rc 3 "a refused token fails the package"
expect_out "401" "the refusal is named"
no_token_in "$TMP/out" "stdout after a refusal"
no_token_in "$TMP/err" "stderr after a refusal"

# A token that would split the header is refused before any request.
ACME_HEX_KEY="$(printf 'x\r\nX-Evil: 1')" run "$BIN" refresh --force --cache "$CACHE" "$FIX/hex"
expect_out "\$ACME_HEX_KEY holds control characters" "a token with control characters is not sent"

# A private Python index that speaks only the Simple JSON API, with basic auth.
cat >> "$XDG_CONFIG_HOME/depvet/config.toml" <<TOML

[[private]]
ecosystem = "pypi"
index = "https://pypi.acme.example/"
url = "$BASE/pypi.acme.example"
api = "simple"
token_env = "ACME_PYPI_AUTH"
TOML
reset
ACME_PYPI_AUTH="ci:$TOKEN" run "$BIN" refresh --cache "$CACHE" "$FIX/pipfile"
expect_rc 0 "refresh from a private Simple index"
expect_out "1 packages: 1 updated" "the private Python package is fetched"
mocklog > "$TMP/log"
python3 - "$TMP/log" <<'PY' && ok || bad "one authorized Simple JSON request, nothing asked of PyPI"
import json, sys
log = json.load(open(sys.argv[1]))
assert [e["path"] for e in log] == ["/pypi.acme.example/simple/acme-core/"], log
assert log[0]["authorized"] and log[0]["accept"] == "application/vnd.pypi.simple.v1+json", log
PY
[ "$(sql "select yanked||status_reason from versions v join packages p on p.id=v.package_id where p.key='acme-core' and version='1.1.0'")" = "1broken build" ] && ok || bad "yank from the Simple answer"
no_token_in "$CACHE/cache.db" "the cache after basic auth"

# A project's config may not choose registries or credentials.
mkdir -p "$TMP/proj/.depvet"
cp "$FIX/hex/mix.lock" "$TMP/proj/"
printf '[private_packages]\nprefixes = ["acme_"]\n\n[registries]\nhex = "https://evil.example"\n' \
    > "$TMP/proj/.depvet/config.toml"
run "$BIN" refresh --cache "$CACHE" "$TMP/proj"
expect_rc 1 "a project config naming a registry is refused"
expect_err ".depvet/config.toml:4:" "the refusal names file and line"
expect_err "may only be set in your own config file" "and says why"

# Malformed user config: file:line:col, exit 1.
printf 'concurrency = "many"\n' > "$XDG_CONFIG_HOME/depvet/config.toml"
run "$BIN" refresh --cache "$CACHE" "$FIX/hex"
expect_rc 1 "a wrong type in the user config"
expect_err "config.toml:1:15: 'concurrency' must be an integer" "the wrong type is located"
printf 'colour = 1\n' > "$XDG_CONFIG_HOME/depvet/config.toml"
run "$BIN" refresh --cache "$CACHE" "$FIX/hex"
expect_err "unknown key 'colour'" "an unknown key is named"
finish
