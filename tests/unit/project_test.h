/* A project on disk for the engine suites: one lockfile written into a
 * test's folder and its graph loaded, and the two-pin mix.lock most of
 * them start from. */
#ifndef DEPVET_TEST_PROJECT_TEST_H
#define DEPVET_TEST_PROJECT_TEST_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/lock/detect.h"

/* mime 2.0.5 and plug 1.15.2 from hex.pm. */
static const char project_test_mix_lock[] =
    "%{\n"
    "  \"mime\": {:hex, :mime, \"2.0.5\", \"00\", [:mix], [], \"hexpm\", \"00\"},\n"
    "  \"plug\": {:hex, :plug, \"1.15.2\", \"00\", [:mix], [], \"hexpm\", \"00\"},\n"
    "}\n";

/* Writes text as dir/name (its path in path) and loads the graph; fails
 * the test when either does not work. */
static inline struct dep_graph *project_test_load(const char *dir, const char *name,
                                                  const char *text, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", dir, name);
    struct diag d;
    diag_clear(&d);
    cr_assert(file_write_atomic(path, text, strlen(text), &d), "%s", d.msg);
    struct dep_graph *g = graph_new();
    cr_assert(detect_load(g, path, &d), "%s", d.msg);
    return g;
}

#endif
