#!/bin/sh
# The reputation pane of dependencies from no registry: a git dependency's
# URL, commit, the branch mix.exs asked for and whether the commit pins it;
# a path dependency's folder, which pins nothing.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/tmux.inc"
export HOME="$TMP/home" TZ=UTC
mkdir -p "$HOME" "$TMP/project"
PROJ_TMP=$TMP
cleanup() { T kill-server 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
cat > "$TMP/project/mix.lock" <<'LOCK'
%{
  "a_fork": {:git, "https://github.com/me/a_fork.git", "a9574ab75d6ed01e1288c453ae1d943d7a964595", [branch: "main"]},
  "b_local": {:path, "../b_local", []},
  "c_tagged": {:git, "https://github.com/me/c_tagged.git", "v1.2.0", [tag: "v1.2.0"]},
}
LOCK
# open ROWS_DOWN: the explorer on the project, the row ROWS_DOWN below the top
open_row() {
    start 120 30 --offline --cache "$CASE/cache" "$PROJ_TMP/project"
    see "a_fork" "the tree shows the git dependency"
    n=0; while [ $n -lt "$1" ]; do keys Down; n=$((n + 1)); done
}
git_branch() {
    open_row 1
    see "not from a registry: the lockfile's facts" "the pane says where its facts come from"
    see "https://github.com/me/a_fork.git" "the repository URL"
    see "a9574ab75d6ed01e1288c453ae1d943d7a964595" "the commit"
    see "branch main" "what mix.exs asked for"
    see "yes: the lockfile records the full commit id" "a full commit id pins it"
    not_see "nothing to look up" "no dead end"
    keys q
    see "EXIT=0" "quits"
}
path_dep() {
    open_row 2
    see "../b_local" "the path dependency's folder"
    see "no: a folder, read as it is at build time" "a folder pins nothing"
    keys q
}
git_tag() {
    open_row 3
    see "tag v1.2.0" "the tag asked for"
    see "no: a branch, tag or short id, which can come to name" "a tag is no pin"
    keys q
}
tcase "a git dependency on a branch, pinned by its commit" git_branch
tcase "a path dependency" path_dep
tcase "a git dependency on a tag" git_tag
finish
