/* Who is reviewing: git's user.name and user.email for the project, as a
 * commit would name them, so `depvet review` and the explorer's form agree
 * without any setting of depvet's own. */
#include "depvet/audit/audits.h"

#include <stdio.h>
#include <string.h>

void audits_git_reviewer(const char *dir, char *out, size_t n)
{
    static const char *const key_table[] = {"user.name", "user.email"};
    char got[2][256] = {"", ""};
    if (n)
        out[0] = '\0';
    for (int k = 0; k < 2; k++) {
        char cmd[4400];
        /* The path is quoted for the shell; a quote in it gives up. */
        if (strchr(dir, '\'') ||
            snprintf(cmd, sizeof cmd, "git -C '%s' config --get %s 2>/dev/null", dir,
                     key_table[k]) >= (int)sizeof cmd)
            return;
        FILE *p = popen(cmd, "r");
        if (!p)
            return;
        if (fgets(got[k], sizeof got[k], p))
            got[k][strcspn(got[k], "\r\n")] = '\0';
        pclose(p);
    }
    if (got[0][0] && got[1][0])
        snprintf(out, n, "%s <%s>", got[0], got[1]);
    else
        snprintf(out, n, "%s", got[0][0] ? got[0] : got[1]);
}
