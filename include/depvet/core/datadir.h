/* Where depvet's data files (rules/, themes/, man/) are: beside the binary
 * in a build tree, under the install prefix otherwise. */
#ifndef DEPVET_CORE_DATADIR_H
#define DEPVET_CORE_DATADIR_H

#include <stdbool.h>
#include <stddef.h>

/* The folder sub ("rules", "themes") for the binary at exe:
 *  - a build tree: exe in build/ or build/X/ of a checkout (a folder with
 *    src/main.c), the checkout's sub;
 *  - an install moved elsewhere: exe's ../share/depvet/sub;
 *  - else DEPVET_DATADIR/sub (the PREFIX it was built for).
 * The first that is a folder goes into out; false when none is (out then
 * names the installed one, for the message). */
bool datadir_locate(const char *exe, const char *sub, char *out, size_t outlen);
/* The same for the running binary (/proc/self/exe). */
bool datadir_find(const char *sub, char *out, size_t outlen);

#endif
