#!/bin/sh
# npm through the mock registry: packuments (publishers, deprecation,
# install scripts, integrity) and the downloads range become records.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "npm: python3 missing"; exit 1; }
CACHE="$TMP/cache"
start_mock --dir "$SRCDIR/tests/fixtures/mockreg" --synth
export DEPVET_NPM_URL="$BASE/registry.npmjs.org" DEPVET_NPM_DOWNLOADS_URL="$BASE/api.npmjs.org" \
       DEPVET_DEPSDEV_URL="$BASE/api.deps.dev"

run "$BIN" refresh --cache "$CACHE" "$SRCDIR/tests/fixtures/refresh/npm"
expect_rc 0 "refresh of an npm project (deps.dev answers are optional)"
expect_out "2 packages: 2 updated" "both packages recorded"
[ "$(sql "select publisher from versions v join packages p on p.id=v.package_id where p.name='tiny-colors' and version='1.4.1'")" = "newcomer" ] && ok || bad "publisher from _npmUser"
[ "$(sql "select v.deprecated||v.status_message from versions v join packages p on p.id=v.package_id where p.name='tiny-colors' and version='1.4.0'")" = "1use 1.4.1" ] && ok || bad "deprecation kept"
[ "$(sql "select has_install_script from versions v join packages p on p.id=v.package_id where p.name='tiny-colors' and version='1.4.1'")" = 1 ] && ok || bad "install script flagged"
[ "$(sql "select count(*) from downloads d join packages p on p.id=d.package_id where p.name='ms'")" -ge 80 ] && ok || bad "download series over twelve weeks"
[ "$(sql "select repository from packages where name='ms'")" = "https://github.com/example/ms" ] && ok || bad "repository normalised"

run "$BIN" info --offline --cache "$CACHE" npm:tiny-colors@1.4.1
expect_rc 0 "info on an npm package"
expect_out "newcomer" "publishers listed"
expect_out "newcomer  first release by newcomer" "a first-time publisher is marked"
finish
