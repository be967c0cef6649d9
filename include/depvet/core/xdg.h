/* Where depvet keeps its cache and looks for user configuration (XDG base
 * directories, with depvet's own overrides). */
#ifndef DEPVET_CORE_XDG_H
#define DEPVET_CORE_XDG_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"

/* $DEPVET_CACHE_DIR, else $XDG_CACHE_HOME/depvet, else ~/.cache/depvet.
 * Writes into out; false when no home can be found. */
bool xdg_cache_dir(char *out, size_t outlen);
/* $XDG_CONFIG_HOME/depvet, else ~/.config/depvet. */
bool xdg_config_dir(char *out, size_t outlen);
/* $XDG_STATE_HOME/depvet, else ~/.local/state/depvet: what the user did
 * that is worth keeping between runs but is no configuration (the
 * explorer's search history). */
bool xdg_state_dir(char *out, size_t outlen);
/* mkdir -p with mode 0700 for the last component. */
bool xdg_mkdirs(const char *path, struct diag *d);

#endif
