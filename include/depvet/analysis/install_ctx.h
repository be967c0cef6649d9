/* Which files of a package run when it is installed or compiled, so that
 * the scanner keeps a rule's install-time severity there and `depvet diff`
 * marks them:
 *
 *   by name:  setup.py, package.json, mix.exs, rebar.config and
 *             rebar.config.script at the top or one folder down, *.pth
 *   named by a manifest (install_ctx_manifest):
 *     package.json  files its preinstall, install and postinstall scripts
 *                   run (node x, ./x.sh, sh x, python x.py, make -C dir)
 *     setup.py      modules it imports at module level from its own folder
 *                   (cmdclass helpers: importing runs them)
 *     rebar.config  files its strings run (pre_hooks, post_hooks, ...)
 *     mix.exs       the same, and the Makefile when it builds with
 *                   :elixir_make
 *
 * Paths are compared as given: read the manifests with the same paths the
 * files are asked about. */
#ifndef DEPVET_ANALYSIS_INSTALL_CTX_H
#define DEPVET_ANALYSIS_INSTALL_CTX_H

#include <stdbool.h>
#include <stddef.h>

struct install_ctx;

struct install_ctx *install_ctx_new(void);
void install_ctx_free(struct install_ctx *c);   /* accepts NULL */
void install_ctx_clear(struct install_ctx *c);  /* forgets what manifests named */

/* Is path a manifest that install_ctx_manifest reads (at the top of the
 * package or one folder down)? */
bool install_ctx_is_manifest(const char *path);
/* Notes the files a manifest runs; anything else (or unreadable JSON) adds
 * nothing. */
void install_ctx_manifest(struct install_ctx *c, const char *path, const void *data,
                          size_t len);
/* Does path run at install or compile time? */
bool install_ctx_has(const struct install_ctx *c, const char *path);

#endif
