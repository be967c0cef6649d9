#!/bin/sh
# The project `make run` opens, copied out of the checkout:
#   copy-project.sh DEST
# The demo's lockfiles and manifests are copied into DEST each time (so a
# changed demo is what opens), while DEST/.depvet -- the reviews and acks a
# user records while trying the explorer -- is kept from one run to the
# next and never lands in examples/demo, so the checkout stays clean.
set -u
DEST=${1:?usage: copy-project.sh DEST}
DEMO=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$DEST" || exit 1
for part in backend frontend_gleam training README.md; do
    rm -rf "${DEST:?}/$part"
    cp -R "$DEMO/$part" "$DEST/$part" || exit 1
done
