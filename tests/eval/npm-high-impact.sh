#!/bin/sh
# make eval-typosquat: npm's popular list at the depth refresh keeps, the
# lib/ folder of an npm-high-impact release, unpacked under $1.  The
# current release by `npm pack` when npm and the network are there, else
# the demo snapshot's cut-down copy (3,000 + 1,000 names); prints the lib
# folder.  Figures only: nothing here is a test.
set -eu
dest=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
lib=$dest/package/lib
if [ ! -f "$lib/top-download.js" ]; then
    mkdir -p "$dest"
    tgz=
    if command -v npm >/dev/null 2>&1 &&
       (cd "$dest" && timeout 120 npm pack --silent npm-high-impact >/dev/null 2>&1); then
        tgz=$(ls "$dest"/npm-high-impact-*.tgz | tail -n 1)
    else
        echo "npm-high-impact: npm pack failed; using the demo snapshot's cut-down copy" >&2
        tgz=$(ls "$here"/examples/demo/snapshot/npm/npm-high-impact/-/*.tgz | tail -n 1)
    fi
    tar -xzf "$tgz" -C "$dest"
fi
echo "$lib"
