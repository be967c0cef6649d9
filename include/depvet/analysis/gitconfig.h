/* Reading git's configuration through libgit2 (its home layer): who the
 * user is, as a commit in a folder would name them. */
#ifndef DEPVET_ANALYSIS_GITCONFIG_H
#define DEPVET_ANALYSIS_GITCONFIG_H

#include <stddef.h>

/* "Name <mail>" from user.name and user.email as git sets them for the
 * folder dir: the repository holding dir (found upward, as `git -C dir`
 * finds it) layered over the global and system files, or those alone
 * outside a repository; either value alone when only one is set; "" when
 * neither is, or git's files cannot be read. */
void gitconfig_identity(const char *dir, char *out, size_t n);

#endif
