/* Finding the data files from the binary's own place (see datadir.h). */
#include "depvet/core/datadir.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir + rel + sub into out when that is a folder; a build tree also needs
 * rel to hold the sources, so a stray ../rules beside /usr/bin is not it. */
static bool try_dir(const char *dir, const char *rel, const char *sub, bool tree, char *out,
                    size_t outlen)
{
    char probe[PATH_MAX];
    if (tree && (snprintf(probe, sizeof(probe), "%s/%ssrc/main.c", dir, rel) >= (int)sizeof(probe) ||
                 !is_file(probe)))
        return false;
    int n = snprintf(out, outlen, "%s/%s%s", dir, rel, sub);
    return n > 0 && (size_t)n < outlen && is_dir(out);
}

bool datadir_locate(const char *exe, const char *sub, char *out, size_t outlen)
{
    /* The candidate places, nearest first: a checkout's build/ and
     * build/asan/, then a relocated prefix. */
    static const struct { const char *rel; bool tree; } place_table[] = {
        {"../", true}, {"../../", true}, {"../share/depvet/", false},
    };
    const char *slash = exe ? strrchr(exe, '/') : NULL;
    if (slash) {
        char dir[PATH_MAX];
        snprintf(dir, sizeof(dir), "%.*s", (int)(slash - exe), exe);
        for (size_t i = 0; i < sizeof(place_table) / sizeof(place_table[0]); i++)
            if (try_dir(dir, place_table[i].rel, sub, place_table[i].tree, out, outlen))
                return true;
    }
    int n = snprintf(out, outlen, "%s/%s", DEPVET_DATADIR, sub);
    return n > 0 && (size_t)n < outlen && is_dir(out);
}

bool datadir_find(const char *sub, char *out, size_t outlen)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    exe[n > 0 ? n : 0] = '\0';
    return datadir_locate(n > 0 ? exe : NULL, sub, out, outlen);
}
