/* Atomic writes, and writes into the project under review that a planted
 * symbolic link must not redirect outside it. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "depvet/audit/audits.h"
#include "depvet/core/fileio.h"

/* A project folder and an "outside" folder holding a file the attacker
 * wants overwritten. */
struct fx {
    char root[64], proj[96], depvet[112], audits[128], outside[96], victim[112];
};

static const char victim_text[] = "outside file, must stay as it is\n";

static void fx_init(struct fx *f)
{
    snprintf(f->root, sizeof f->root, "/tmp/depvet-fileio-XXXXXX");
    cr_assert_not_null(mkdtemp(f->root));
    snprintf(f->proj, sizeof f->proj, "%s/proj", f->root);
    snprintf(f->depvet, sizeof f->depvet, "%s/.depvet", f->proj);
    snprintf(f->audits, sizeof f->audits, "%s/audits.toml", f->depvet);
    snprintf(f->outside, sizeof f->outside, "%s/outside", f->root);
    snprintf(f->victim, sizeof f->victim, "%s/audits.toml", f->outside);
    cr_assert_eq(mkdir(f->proj, 0755), 0);
    cr_assert_eq(mkdir(f->outside, 0755), 0);
    struct diag d;
    diag_clear(&d);
    cr_assert(file_write_atomic(f->victim, victim_text, strlen(victim_text), &d), "%s", d.msg);
}

static void fx_fini(struct fx *f)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->root);
    cr_assert_eq(system(cmd), 0);
}

static char *slurp(const char *path)
{
    struct diag d;
    diag_clear(&d);
    char *s = file_read(path, 1 << 20, NULL, &d);
    cr_assert_not_null(s, "%s", d.msg);
    return s;
}

static size_t entries(const char *dir)
{
    DIR *dh = opendir(dir);
    cr_assert_not_null(dh, "%s", dir);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(dh));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(dh);
    return n;
}

static void victim_untouched(struct fx *f)
{
    char *now = slurp(f->victim);
    cr_assert_str_eq(now, victim_text, "the outside file was overwritten");
    free(now);
    cr_assert_eq(entries(f->outside), 1, "nothing new appeared outside the project");
}

static bool save_one(const char *path, struct diag *d)
{
    struct audits *set = audits_new();
    struct audit r = {ECO_HEX, "plug", "1.0.0", AUDIT_SAFE_TO_RUN, AUDIT_FULL,
                      NULL, "me", "2025-01-01", ""};
    diag_clear(d);
    bool ok = audits_add(set, &r, d) && audits_save(set, path, d);
    audits_free(set);
    return ok;
}

Test(fileio, symlinked_project_folder_is_refused)
{
    struct fx f;
    fx_init(&f);
    cr_assert_eq(symlink(f.outside, f.depvet), 0);
    struct diag d;
    cr_assert_not(save_one(f.audits, &d), "the write must be refused");
    cr_assert_eq(d.code, DIAG_IO);
    cr_assert(strstr(d.msg, "refusing to write") && strstr(d.msg, ".depvet is a symbolic link"),
              "%s", d.msg);
    victim_untouched(&f);
    fx_fini(&f);
}

Test(fileio, symlinked_target_file_is_refused)
{
    struct fx f;
    fx_init(&f);
    cr_assert_eq(mkdir(f.depvet, 0755), 0);
    cr_assert_eq(symlink(f.victim, f.audits), 0);
    struct diag d;
    cr_assert_not(save_one(f.audits, &d), "the write must be refused");
    cr_assert(strstr(d.msg, "audits.toml is a symbolic link"), "%s", d.msg);
    struct stat st;
    cr_assert_eq(lstat(f.audits, &st), 0);
    cr_assert(S_ISLNK(st.st_mode), "the link stays as it was");
    cr_assert_eq(entries(f.depvet), 1, "no temporary is left behind");
    victim_untouched(&f);
    fx_fini(&f);
}

Test(fileio, target_that_is_a_folder_is_refused)
{
    struct fx f;
    fx_init(&f);
    cr_assert_eq(mkdir(f.depvet, 0755), 0);
    cr_assert_eq(mkdir(f.audits, 0755), 0);
    struct diag d;
    cr_assert_not(save_one(f.audits, &d));
    cr_assert(strstr(d.msg, "is not a regular file"), "%s", d.msg);
    fx_fini(&f);
}

/* The old writer used "<path>.tmp.<pid>" and followed a link there. */
Test(fileio, planted_temporary_names_are_not_followed)
{
    struct fx f;
    fx_init(&f);
    cr_assert_eq(mkdir(f.depvet, 0755), 0);
    char planted[200];
    snprintf(planted, sizeof planted, "%s.tmp.%ld", f.audits, (long)getpid());
    cr_assert_eq(symlink(f.victim, planted), 0);
    struct diag d;
    cr_assert(save_one(f.audits, &d), "%s", d.msg);
    victim_untouched(&f);
    char *text = slurp(f.audits);
    cr_assert(strstr(text, "name = \"plug\""), "%s", text);
    free(text);
    /* The same for the plain atomic writer (the cache uses it). */
    char other[140];
    snprintf(other, sizeof other, "%s/blob", f.depvet);
    snprintf(planted, sizeof planted, "%s.tmp.%ld", other, (long)getpid());
    cr_assert_eq(symlink(f.victim, planted), 0);
    diag_clear(&d);
    cr_assert(file_write_atomic(other, "x", 1, &d), "%s", d.msg);
    victim_untouched(&f);
    fx_fini(&f);
}

/* A write that fails half-way (here: the file-size limit) leaves the old
 * file whole and no temporary behind. */
Test(fileio, failed_write_leaves_old_file_and_no_temporary)
{
    struct fx f;
    fx_init(&f);
    struct diag d;
    cr_assert(save_one(f.audits, &d), "%s", d.msg);
    char *before = slurp(f.audits);
    size_t big = 64 * 1024;
    char *data = malloc(big);
    memset(data, 'x', big);
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit old, lim = {4096, 4096};
    cr_assert_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    diag_clear(&d);
    bool ok = file_write_project(f.audits, data, big, &d);
    setrlimit(RLIMIT_FSIZE, &old);
    cr_assert_not(ok);
    cr_assert_eq(d.code, DIAG_IO);
    cr_assert_str_eq(d.where, f.audits, "the error names the path");
    char *after = slurp(f.audits);
    cr_assert_str_eq(after, before);
    cr_assert_eq(entries(f.depvet), 1, "no temporary is left behind");
    free(after);
    free(before);
    free(data);
    fx_fini(&f);
}

Test(fileio, project_write_creates_folder_and_replaces_file)
{
    struct fx f;
    fx_init(&f);
    struct diag d;
    diag_clear(&d);
    cr_assert(file_write_project(f.audits, "one\n", 4, &d), "%s", d.msg);
    cr_assert(file_write_project(f.audits, "two\n", 4, &d), "%s", d.msg);
    char *text = slurp(f.audits);
    cr_assert_str_eq(text, "two\n");
    free(text);
    struct stat st;
    cr_assert_eq(stat(f.audits, &st), 0);
    cr_assert_eq(st.st_nlink, 1);
    cr_assert_eq(entries(f.depvet), 1);
    /* A file with no folder in its path goes to the current folder. */
    char cwd[4096];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    cr_assert_eq(chdir(f.depvet), 0);
    cr_assert(file_write_project("here.txt", "h", 1, &d), "%s", d.msg);
    cr_assert_eq(chdir(cwd), 0);
    cr_assert(file_exists(f.depvet) && entries(f.depvet) == 2);
    fx_fini(&f);
}
