/* The environment variables depvet reads (see envvars.h).  A new getenv()
 * in src/ needs its row here, or in source_table when it is a registry's
 * base URL; `make man` then lists it in depvet(1). */
#include "depvet/core/envvars.h"

const struct env_def env_table[] = {
    {"DEPVET_PYPI_FILES_URL", ENV_URL,
     "Replaces https://files.pythonhosted.org at the start of the archive URLs PyPI answers "
     "with (fetch, diff, scan and the explorer's source diff), as DEPVET_HEX_REPO_URL does for "
     "Hex archives and DEPVET_NPM_URL for npm's; a file URL under it may be read."},
    {"DEPVET_CACHE_DIR", ENV_SETTING,
     "The cache folder (else $XDG_CACHE_HOME/depvet, else ~/.cache/depvet; --cache wins). "
     "check, tree and info --offline write nothing and open it read-only, so a shared cache "
     "the user cannot write still answers; a cache with an older schema is upgraded when it "
     "can be written, and otherwise they say so (run refresh once as a user who can write "
     "it)."},
    {"DEPVET_RULES_DIR", ENV_SETTING,
     "The scanner's rule folder (see depvet-rules(5)) for check, scan, diff and the explorer; "
     "else the checkout's rules/ when depvet runs from a build tree, else the installed "
     "rules. scan --rules wins."},
    {"DEPVET_REVIEWER", ENV_SETTING,
     "The reviewer that review, review --ack and the explorer's review form record when git "
     "has no user.name and user.email for the project."},
    {"DEPVET_NOW", ENV_SETTING,
     "The date (or RFC 3339 timestamp) depvet takes as now: for ages, time-to-live and the "
     "dates it records what it learns. Meant for replaying a recorded snapshot as of its own "
     "date (the make run demo does); unset, or not a date, the system clock is used."},
    {"DEPVET_SNAPSHOT_DATE", ENV_SETTING,
     "Shown in the explorer's status bar as \"snapshot DATE\": the registry answers are a "
     "recording of that day (the make run demo sets it). Terminal-safe, like every string "
     "from outside."},
    {"NO_COLOR", ENV_SETTING,
     "When set and not empty, the explorer uses attributes only and diff --color auto "
     "prints no colour."},
    {"XDG_CONFIG_HOME", ENV_SETTING,
     "The user's configuration is $XDG_CONFIG_HOME/depvet/config.toml (an absolute path; "
     "else ~/.config/depvet/config.toml)."},
    {"TMPDIR", ENV_SETTING,
     "Where diff and the explorer's source diff keep the patches of a large upgrade while "
     "they print or show them: an unlinked temporary file (gone when depvet exits), else "
     "/tmp; they stay in memory when no file can be made there."},
    {"XDG_CACHE_HOME", ENV_SETTING,
     "The cache is $XDG_CACHE_HOME/depvet when DEPVET_CACHE_DIR is not set (an absolute "
     "path; else ~/.cache/depvet)."},
    {"XDG_STATE_HOME", ENV_SETTING,
     "The explorer keeps its search history in $XDG_STATE_HOME/depvet/search_history (an "
     "absolute path; else ~/.local/state/depvet): the last 50 searches, newest last."},
    {"HOME", ENV_SETTING,
     "The home folder for ~/.config, ~/.cache and ~/.local/state (else the user database's "
     "entry)."},
    {"GIT_CONFIG_GLOBAL", ENV_SETTING,
     "With GIT_CONFIG_NOSYSTEM, read as git reads them when the reviewer is taken from git's "
     "user.name and user.email (the project's repository, then the global file, then the "
     "system file)."},
    {"GIT_CONFIG_NOSYSTEM", ENV_SETTING,
     "When true, the system git configuration is not read for the reviewer's name."},
    {"ESCDELAY", ENV_LIBRARY,
     "How long ncurses waits after Esc for the rest of a key's sequence; the explorer sets "
     "25 milliseconds unless it is set."},
    {"TERM", ENV_LIBRARY,
     "The terminal type ncurses draws for; named when the terminal cannot be started."},
    {"http_proxy", ENV_LIBRARY,
     "With https_proxy, HTTPS_PROXY, ALL_PROXY and no_proxy: the proxies libcurl uses for "
     "every request."},
};

const size_t env_count = sizeof(env_table) / sizeof(*env_table);
