#!/bin/sh
# Where private registry tokens go: a mock registry on 127.0.0.1 is the
# configured private registry (an npm scope, a Hex organisation, a Python
# index) and a second listener on 127.0.0.2 is what a lockfile, a registry
# answer or a redirect names.  The second listener must never see a token;
# the first sees it on every request of its own; a lockfile pin resolved
# on the other origin is a foreign-resolved-url finding.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "credentials: python3 missing"; exit 1; }
G="$TMP/gen"
python3 "$SRCDIR/tests/integration/fetch_gen.py" "$G" || { echo "credentials: generator failed"; exit 1; }
TOKEN="tok-9b1e-private"
BASIC="Basic $(printf 'ci:%s' "$TOKEN" | base64 | tr -d '\n')"
free_port() { python3 -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1], 0)); print(s.getsockname()[1])' "$1"; }
P1=$(free_port 127.0.0.1)
P2=$(free_port 127.0.0.2) || { echo "credentials: 127.0.0.2 is not routed to lo"; exit 1; }
BASE="http://127.0.0.1:$P1" BASE2="http://127.0.0.2:$P2"

# Archives and answers naming both origins (ports are known beforehand).
python3 - "$G" "$BASE" "$BASE2" <<'PY' || { echo "credentials: generator failed"; exit 1; }
import base64, gzip, hashlib, io, json, os, sys, tarfile, zipfile
out, base, base2 = sys.argv[1:4]
def put(rel, data):
    p = os.path.join(out, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, "wb").write(data)
def tgz(name):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as t:
        data = json.dumps({"name": name, "version": "1.0.0"}).encode()
        ti = tarfile.TarInfo("package/package.json"); ti.size = len(data); ti.mtime = 1700000000
        t.addfile(ti, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), mtime=0)
packuments = []
pkgs = {"": {"name": "p", "dependencies": {"@acme/util": "1.0.0", "@acme/core": "1.0.0"}}}
for short, host in (("util", base), ("core", base2)):
    data = tgz("@acme/" + short)
    rel = "npm.acme/@acme/%s/-/%s-1.0.0.tgz" % (short, short)
    put("files/" + rel, data)
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    pkgs["node_modules/@acme/" + short] = {
        "version": "1.0.0", "resolved": "%s/%s" % (host, rel), "integrity": integrity}
    # The scope's packument names the same tarball URL as the lockfile.
    put("recorded/packument-%s.json" % short, json.dumps({"name": "@acme/" + short,
        "dist-tags": {"latest": "1.0.0"}, "time": {"1.0.0": "2024-01-01T00:00:00.000Z"},
        "versions": {"1.0.0": {"name": "@acme/" + short, "version": "1.0.0",
            "dist": {"tarball": "%s/%s" % (host, rel), "integrity": integrity}}}}).encode())
    packuments.append("packument-%s.json\tGET\thttps://npm.acme/@acme%%2F%s\t200\t"
                      "application/json\tcredentials test\n" % (short, short))
put("npmproj/package-lock.json", json.dumps({"name": "p", "version": "0.0.0",
    "lockfileVersion": 3, "packages": pkgs}, indent=1).encode())
# A private Python index whose Simple answers put acme-util's file on its
# own origin and acme-core's on the other one.
index, default = [], {}
for name, host in (("acme-util", base), ("acme-core", base2)):
    fn = "%s-1.0.0-py3-none-any.whl" % name.replace("-", "_")
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as z:
        z.writestr(zipfile.ZipInfo("%s/__init__.py" % name.replace("-", "_"), (2024, 1, 1, 0, 0, 0)), b"x = 1\n")
    whl = raw.getvalue()
    sha = hashlib.sha256(whl).hexdigest()
    put("files/pypi.acme.example/files/" + fn, whl)
    put("recorded/simple-%s.json" % name, json.dumps({"meta": {"api-version": "1.1"},
        "name": name, "versions": ["1.0.0"], "files": [{"filename": fn,
        "url": "%s/pypi.acme.example/files/%s" % (host, fn), "hashes": {"sha256": sha},
        "upload-time": "2024-01-01T00:00:00.000000Z", "yanked": False}]}).encode())
    index.append("simple-%s.json\tGET\thttps://pypi.acme.example/simple/%s/\t200\t"
                 "application/vnd.pypi.simple.v1+json\tcredentials test\n" % (name, name))
    default[name] = {"hashes": ["sha256:" + sha], "index": "acme", "version": "==1.0.0"}
put("recorded/INDEX.tsv", "".join(index + packuments).encode())
put("pyproj/Pipfile.lock", json.dumps({"_meta": {"hash": {"sha256": "0" * 64},
    "pipfile-spec": 6, "requires": {}, "sources": [
        {"name": "acme", "url": "https://pypi.acme.example/simple", "verify_ssl": True}]},
    "default": default, "develop": {}}, indent=1).encode())
PY

start_mock --port "$P1" --synth --files "$G/files" --dir "$G/recorded" \
    --auth "/npm.acme/=Bearer $TOKEN" --auth "/repo.hex.pm/repos/acme/=$TOKEN" \
    --auth "/hex.pm/api/repos/acme/=$TOKEN" --auth "/pypi.acme.example/=$BASIC"
python3 "$SRCDIR/tests/mockreg/mockreg.py" --bind 127.0.0.2 --port "$P2" --synth \
    --files "$G/files" --max-seconds 300 > "$TMP/port2" &
MOCK2=$!
trap 'kill $MOCK $MOCK2 2>/dev/null; rm -rf "$TMP"' EXIT
i=0; while [ ! -s "$TMP/port2" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$TMP/port2" ] || { echo "credentials: the second listener did not start"; exit 1; }

# log URL > file; control URL JSON; reset URL
log() { python3 -c 'import json,sys,urllib.request; print(json.dumps(json.load(urllib.request.urlopen(sys.argv[1] + "/_log"))))' "$1"; }
post() { python3 -c 'import sys,urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1] + sys.argv[2], data=sys.argv[3].encode()))' "$1" "$2" "$3"; }
redirect() { post "$BASE" /_control "{\"path\": \"$1\", \"redirect\": \"$2\", \"times\": 1}"; }
# seen LOGFILE PATH-REGEX yes|no|none: requests matching were (not) authorized
seen() {
    python3 - "$1" "$2" "$3" <<'PY'
import json, re, sys
log = [e for e in json.load(open(sys.argv[1])) if re.search(sys.argv[2], e["path"])]
want = sys.argv[3]
assert log if want != "none" else not log, log
assert all(e["auth"] == (want == "yes") for e in log), log
PY
}
check_log() {  # base regex yes|no|none description
    log "$1" > "$TMP/log"
    if seen "$TMP/log" "$2" "$3"; then ok; else bad "$4"; fi
}
mkdir -p "$XDG_CONFIG_HOME/depvet"
cat > "$XDG_CONFIG_HOME/depvet/config.toml" <<TOML
[[private]]
ecosystem = "npm"
scope = "@acme"
url = "$BASE/npm.acme"
token_env = "ACME_TOKEN"

[[private]]
ecosystem = "hex"
organisation = "acme"
url = "$BASE/hex.pm/api/repos/acme"
token_env = "ACME_TOKEN"

[[private]]
ecosystem = "pypi"
index = "https://pypi.acme.example/"
url = "$BASE/pypi.acme.example"
api = "simple"
token_env = "ACME_PYPI_AUTH"
TOML
export ACME_TOKEN="$TOKEN" ACME_PYPI_AUTH="ci:$TOKEN"
export DEPVET_HEX_URL="$BASE/hex.pm/api" DEPVET_HEX_REPO_URL="$BASE/repo.hex.pm"

# npm: the scope's own tarball with the token, the one the lockfile puts on
# the other origin without it.
run "$BIN" fetch --cache "$TMP/c1" "$G/npmproj"
expect_out "2 archives: 2 fetched" "both npm archives fetched"
LINE=$(grep -n '"node_modules/@acme/core"' "$G/npmproj/package-lock.json" | cut -d: -f1)
expect_out "no credentials sent for npm:@acme/core@1.0.0 ($G/npmproj/package-lock.json:$LINE, asked at $BASE2)" \
    "the withheld token is said, with the lockfile line and the origin"
expect_no_out "no credentials sent for npm:@acme/util" "not for the registry's own archive"
check_log "$BASE" "^/npm.acme/@acme/util/" yes "the private registry got its token"
check_log "$BASE2" "^/npm.acme/@acme/core/" no "the lockfile's other origin got no token"
run "$BIN" check --cache "$TMP/c1" "$G/npmproj"
expect_out "foreign-resolved-url" "a pin resolved on another origin is a finding"
expect_out "foreign-resolved-url  $G/npmproj/package-lock.json:$LINE resolves it outside its registry ($BASE/npm.acme): its private token is not sent there" \
    "naming the lockfile line"
[ "$(grep -c foreign-resolved-url "$TMP/out")" -eq 1 ] && ok || bad "only the foreign pin is flagged"

# npm: a redirect to the other origin leaves the token behind; one to the
# same origin keeps it (the second request must be authorized to succeed).
redirect "^/npm.acme/@acme/util/" "$BASE2"
run "$BIN" fetch --cache "$TMP/c2" "$G/npmproj"
UTIL_LINE=$(grep -n '"node_modules/@acme/util"' "$G/npmproj/package-lock.json" | cut -d: -f1)
expect_out "no credentials sent for npm:@acme/util@1.0.0 ($G/npmproj/package-lock.json:$UTIL_LINE, asked at $BASE2)" \
    "withheld after the redirect, naming where it led"
check_log "$BASE2" "^/npm.acme/@acme/util/" no "a cross-origin redirect carried no token"
redirect "^/npm.acme/@acme/util/" "$BASE"
run "$BIN" fetch --cache "$TMP/c3" "$G/npmproj"
expect_out "2 archives: 2 fetched" "a same-origin redirect keeps the token"
expect_no_out "no credentials sent for npm:@acme/util" "nothing withheld on the same origin"

# scan npm:NAME@VERSION takes the tarball URL from the scope's packument,
# which puts @acme/core on the other origin: fetched without the token.
post "$BASE" /_reset "{}"
post "$BASE2" /_reset "{}"
run "$BIN" refresh --cache "$TMP/c9" "$G/npmproj"
expect_out "2 packages: 2 updated" "the scope's packuments from the private registry"
check_log "$BASE" "^/npm.acme/@acme%2F" yes "the packument requests carried the token"
DEPVET_RULES_DIR="$SRCDIR/rules" run "$BIN" scan --cache "$TMP/c9" npm:@acme/core@1.0.0
expect_rc 0 "scan of a release the packument puts on another origin"
check_log "$BASE2" "^/npm.acme/@acme/core/" no "scan asked the other origin without the token"
DEPVET_RULES_DIR="$SRCDIR/rules" run "$BIN" scan --cache "$TMP/c9" npm:@acme/util@1.0.0
expect_rc 0 "scan of a release on the registry's own origin"
check_log "$BASE" "^/npm.acme/@acme/util/" yes "scan sent the token to the registry's own origin"

# Hex organisation: tarballs from the configured repository on its own
# origin carry the key; a repository on the other origin, or a redirect
# there, does not; nor does a metadata redirect during refresh.
post "$BASE" /_reset "{}"
run "$BIN" fetch --cache "$TMP/c4" "$G/private"
expect_out "1 archives: 1 fetched" "the organisation's tarball with its key"
check_log "$BASE" "^/repo.hex.pm/repos/acme/" yes "the organisation's repository got the key"
DEPVET_HEX_REPO_URL="$BASE2/repo.hex.pm" run "$BIN" fetch --cache "$TMP/c5" "$G/private"
expect_out "no credentials sent for Hex:acme_core@0.1.0 ($G/private/mix.lock:2, asked at $BASE2)" \
    "a repository on another origin gets no key (the lockfile line and the origin said)"
check_log "$BASE2" "^/repo.hex.pm/repos/acme/" no "the mirror saw the request without the key"
post "$BASE2" /_reset "{}"
redirect "^/repo.hex.pm/repos/acme/" "$BASE2"
run "$BIN" fetch --cache "$TMP/c6" "$G/private"
check_log "$BASE2" "^/repo.hex.pm/repos/acme/" no "a redirected tarball request carried no key"
redirect "^/hex.pm/api/repos/acme/packages/acme_core$" "$BASE2"
run "$BIN" refresh --cache "$TMP/c6" "$G/private"
expect_rc 0 "refresh through a redirect"
check_log "$BASE2" "^/hex.pm/api/repos/acme/packages/acme_core$" no "a redirected metadata request carried no key"
check_log "$BASE" "^/hex.pm/api/repos/acme/packages/acme_core/owners$" yes "the other metadata requests kept it"

# A Python index: its Simple answer names one file on its own origin and one
# on the other; the token goes only to the first.
post "$BASE" /_reset "{}"
run "$BIN" refresh --cache "$TMP/c7" "$G/pyproj"
expect_out "2 packages: 2 updated" "the private index answered"
run "$BIN" fetch --cache "$TMP/c7" "$G/pyproj"
expect_out "2 archives: 2 fetched" "both wheels fetched"
LINE=$(grep -n '"acme-core": {' "$G/pyproj/Pipfile.lock" | cut -d: -f1)
expect_out "no credentials sent for PyPI:acme-core@1.0.0 ($G/pyproj/Pipfile.lock:$LINE, asked at $BASE2)" \
    "the file on another origin got no token (the lockfile line and the origin said)"
check_log "$BASE" "^/pypi.acme.example/" yes "the index got its token on every request"
check_log "$BASE2" "^/pypi.acme.example/files/acme_core" no "the other origin got none"

# A private registry on plain http off loopback is never sent a token.
sed "s|url = \"$BASE/npm.acme\"|url = \"http://npm.acme.example\"|" "$XDG_CONFIG_HOME/depvet/config.toml" > "$TMP/cfg"
cp "$TMP/cfg" "$XDG_CONFIG_HOME/depvet/config.toml"
run "$BIN" refresh --cache "$TMP/c8" "$G/npmproj"
expect_out "its url is plain http" "plain http is refused before any request"

# Across the whole run, the second listener never saw a token.
log "$BASE2" > "$TMP/log"
python3 -c 'import json,sys; assert not any(e["auth"] for e in json.load(open(sys.argv[1])))' "$TMP/log" && ok || bad "127.0.0.2 saw a token"
finish
