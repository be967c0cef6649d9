/* XDG base directories for the cache, the user's configuration and state. */
#include "depvet/core/xdg.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* HOME, else the user database's entry, copied to buf: worker threads
 * resolve the cache too, and getpwuid hands every caller one static
 * record. */
static const char *home_dir(char *buf, size_t n)
{
    const char *h = getenv("HOME");
    if (h && h[0] == '/')
        return h;
    char rec[4096];
    struct passwd pw, *found = NULL;
    if (getpwuid_r(getuid(), &pw, rec, sizeof(rec), &found) != 0 || !found ||
        !pw.pw_dir || pw.pw_dir[0] != '/')
        return NULL;
    int len = snprintf(buf, n, "%s", pw.pw_dir);
    return len > 0 && (size_t)len < n ? buf : NULL;
}

/* $override, else $xdg_var/depvet, else ~/fallback/depvet. */
static bool resolve(char *out, size_t outlen, const char *override,
                    const char *xdg_var, const char *fallback)
{
    const char *v = override ? getenv(override) : NULL;
    int n;
    if (v && v[0]) {
        n = snprintf(out, outlen, "%s", v);
    } else if ((v = getenv(xdg_var)) && v[0] == '/') {
        n = snprintf(out, outlen, "%s/depvet", v);
    } else {
        char buf[1024];
        const char *home = home_dir(buf, sizeof(buf));
        if (!home)
            return false;
        n = snprintf(out, outlen, "%s/%s/depvet", home, fallback);
    }
    return n > 0 && (size_t)n < outlen;
}

bool xdg_cache_dir(char *out, size_t outlen)
{
    return resolve(out, outlen, "DEPVET_CACHE_DIR", "XDG_CACHE_HOME", ".cache");
}

bool xdg_config_dir(char *out, size_t outlen)
{
    return resolve(out, outlen, NULL, "XDG_CONFIG_HOME", ".config");
}

bool xdg_state_dir(char *out, size_t outlen)
{
    return resolve(out, outlen, NULL, "XDG_STATE_HOME", ".local/state");
}

bool xdg_mkdirs(const char *path, struct diag *d)
{
    char buf[4096];
    if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
        diag_set(d, DIAG_LIMIT, path, 0, 0, "path too long");
        return false;
    }
    for (char *p = buf + 1;; p++) {
        bool end = *p == '\0';
        if (*p == '/' || end) {
            *p = '\0';
            if (mkdir(buf, end ? 0700 : 0755) != 0 && errno != EEXIST) {
                diag_set(d, DIAG_IO, buf, 0, 0, "cannot create folder: %s",
                         strerror(errno));
                return false;
            }
            if (end)
                return true;
            *p = '/';
        }
    }
}
