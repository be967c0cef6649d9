#!/bin/sh
# `depvet db import-osv` and `depvet db stats` on small records written
# here: a folder import, a second import that changes nothing, a zip
# export, and malformed records that are named and do not stop the rest.
. "$(dirname "$0")/lib.sh"
CACHE="$TMP/cache"
REC="$TMP/records"
export HOME="$TMP/home" XDG_CACHE_HOME="$TMP/xdg-cache"
mkdir -p "$REC/pypi/requests" "$REC/hex" "$REC/npm"

cat > "$REC/pypi/requests/GHSA-j8r2-6x86-q33q.json" <<'JSON'
{"id": "GHSA-j8r2-6x86-q33q", "modified": "2024-05-20T20:15:00Z",
 "aliases": ["CVE-2023-32681", "PYSEC-2023-74"],
 "summary": "Unintended leak of Proxy-Authorization header in requests",
 "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"},
   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.3.0"}, {"fixed": "2.31.0"}]}]}],
 "database_specific": {"severity": "MODERATE"}}
JSON
cat > "$REC/pypi/requests/PYSEC-2023-74.json" <<'JSON'
{"id": "PYSEC-2023-74", "modified": "2023-06-05T00:00:00Z",
 "aliases": ["CVE-2023-32681", "GHSA-j8r2-6x86-q33q"],
 "affected": [{"package": {"ecosystem": "PyPI", "name": "Requests"},
   "versions": ["2.30.0"]}]}
JSON
cat > "$REC/hex/GHSA-mj35-2rgf-cv8p.json" <<'JSON'
{"id": "GHSA-mj35-2rgf-cv8p", "modified": "2024-04-03T16:46:30Z",
 "affected": [{"package": {"ecosystem": "Hex", "name": "oidcc"},
   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "3.0.0"}, {"fixed": "3.0.2"}]}]}]}
JSON
cat > "$REC/npm/MAL-2025-1.json" <<'JSON'
{"id": "MAL-2025-1", "modified": "2025-01-02T00:00:00Z",
 "affected": [{"package": {"ecosystem": "npm", "name": "@evil/pkg"}, "versions": ["1.0.0"]}]}
JSON

run "$BIN" db import-osv --cache "$CACHE" "$REC"
expect_rc 0 "first import"
expect_out "4 records: 4 added, 0 updated, 0 unchanged" "first import counts"

run "$BIN" db import-osv --cache "$CACHE" "$REC"
expect_rc 0 "second import"
expect_out "4 records: 0 added, 0 updated, 4 unchanged" "nothing new the second time"

run "$BIN" db stats --cache "$CACHE"
expect_rc 0 "stats"
expect_out "advisories  4 (0 withdrawn)" "total"
expect_out "PyPI      2 advisories on 1 packages" "PyPI count"
expect_out "Hex       1 advisories on 1 packages" "Hex count"
expect_out "newest      2025-01-02T00:00:00Z" "newest modified"

# DEPVET_CACHE_DIR is the default cache.
DEPVET_CACHE_DIR="$CACHE" run "$BIN" db stats
expect_out "advisories  4" "cache from DEPVET_CACHE_DIR"

# A newer copy replaces the stored one.
sed 's/2025-01-02T00:00:00Z/2025-02-01T00:00:00Z/' "$REC/npm/MAL-2025-1.json" > "$TMP/MAL-2025-1.json"
run "$BIN" db import-osv --cache "$CACHE" "$TMP/MAL-2025-1.json"
expect_rc 0 "single file"
expect_out "1 records: 0 added, 1 updated" "newer record replaces"

# Malformed records are named (file and JSON pointer) and the rest imported.
mkdir -p "$REC/bad"
printf '{"id": "X-1", "modified": "2024-01-01", "affected": [{"package": {"ecosystem": "npm", "name": "a"}, "versions": [1]}]}' > "$REC/bad/typed.json"
printf '{"id": "X-2", "modified":' > "$REC/bad/truncated.json"
cat > "$REC/npm/MAL-2025-2.json" <<'JSON'
{"id": "MAL-2025-2", "modified": "2025-01-03T00:00:00Z",
 "affected": [{"package": {"ecosystem": "npm", "name": "@evil/other"}, "versions": ["2.0.0"]}]}
JSON
run "$BIN" db import-osv --cache "$CACHE" "$REC"
expect_rc 1 "malformed records exit 1"
expect_err "bad/typed.json" "typed error names the file"
expect_err "/affected/0/versions/0" "typed error names the field"
expect_err "bad/truncated.json:1:" "syntax error has a line"
expect_out "1 added" "the good record is still imported"
expect_out "2 malformed" "malformed counted"

# A per-source report without an id is skipped and named, not malformed.
mkdir -p "$TMP/origin"
printf '{"modified": "2024-01-01T00:00:00Z", "affected": []}' > "$TMP/origin/MAL-0000-src-1.json"
run "$BIN" db import-osv --cache "$CACHE" "$TMP/origin"
expect_rc 0 "a record without an id is not an error"
expect_out "1 skipped, 0 malformed" "skipped counted"
expect_err "MAL-0000-src-1.json" "skipped record named"

# A zip export, read without extracting.
if command -v python3 >/dev/null; then
    python3 - "$TMP/all.zip" "$REC/hex/GHSA-mj35-2rgf-cv8p.json" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.write(sys.argv[2], "GHSA-mj35-2rgf-cv8p.json")
    z.writestr("GHSA-new1.json", '{"id": "GHSA-new1", "modified": "2024-06-01T00:00:00Z", "affected": [{"package": {"ecosystem": "Hex", "name": "plug"}, "versions": ["1.0.0"]}]}')
PY
    run "$BIN" db import-osv --cache "$CACHE" "$TMP/all.zip"
    expect_rc 0 "zip import"
    expect_out "2 records: 1 added, 0 updated, 1 unchanged" "zip members imported"
    run "$BIN" db stats --cache "$CACHE"
    expect_out "Hex       2 advisories on 2 packages" "zip records counted"
fi

# Usage errors.
run "$BIN" db
expect_rc 2 "no action"
run "$BIN" db import-osv --cache "$CACHE"
expect_rc 2 "import without a path"
run "$BIN" db frobnicate --cache "$CACHE"
expect_rc 2 "unknown action"
run "$BIN" db import-osv --cache "$CACHE" "$TMP/missing"
expect_rc 1 "missing path"
expect_err "missing" "missing path named"

finish
