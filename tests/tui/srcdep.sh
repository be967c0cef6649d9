#!/bin/sh
# The reputation pane of dependencies from no registry: a git dependency's
# URL, commit, the branch mix.exs asked for and whether the commit pins it;
# a path dependency's folder, which pins nothing.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/tmux.inc"
export HOME="$TMP/home" TZ=UTC
mkdir -p "$HOME" "$TMP/project"
cleanup() { T kill-server 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
cat > "$TMP/project/mix.lock" <<'LOCK'
%{
  "a_fork": {:git, "https://github.com/me/a_fork.git", "a9574ab75d6ed01e1288c453ae1d943d7a964595", [branch: "main"]},
  "b_local": {:path, "../b_local", []},
  "c_tagged": {:git, "https://github.com/me/c_tagged.git", "v1.2.0", [tag: "v1.2.0"]},
}
LOCK
start 120 30 --offline --cache "$TMP/cache" "$TMP/project"
see "a_fork" "the tree shows the git dependency"
keys Down
see "not from a registry: the lockfile's facts" "the pane says where its facts come from"
see "https://github.com/me/a_fork.git" "the repository URL"
see "a9574ab75d6ed01e1288c453ae1d943d7a964595" "the commit"
see "branch main" "what mix.exs asked for"
see "yes: the lockfile records the full commit id" "a full commit id pins it"
not_see "nothing to look up" "no dead end"
keys Down
see "../b_local" "the path dependency's folder"
see "no: a folder, read as it is at build time" "a folder pins nothing"
keys Down
see "tag v1.2.0" "the tag asked for"
see "no: a branch, tag or short id, which can come to name" "a tag is no pin"
keys q
see "EXIT=0" "quits"
finish
