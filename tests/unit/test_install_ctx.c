/* Which files run at install or compile time: by name, and named by
 * package.json's install scripts, setup.py's local imports, rebar.config
 * hooks and mix.exs. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/analysis/install_ctx.h"

static void manifest(struct install_ctx *c, const char *path, const char *text)
{
    install_ctx_manifest(c, path, text, strlen(text));
}

struct want {
    const char *path;
    bool install;
};

static void expect(const struct install_ctx *c, const struct want *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cr_expect_eq(install_ctx_has(c, w[i].path), w[i].install, "%s", w[i].path);
}

Test(install_ctx, package_json_scripts)
{
    struct install_ctx *c = install_ctx_new();
    manifest(c, "package/package.json",
             "{\"scripts\":{\"preinstall\":\"sh ./scripts/pre.sh\","
             "\"postinstall\":\"node lib/hook && ./configure && make -C native\","
             "\"test\":\"node test/run.js\"}}");
    static const struct want w[] = {
        {"package/scripts/pre.sh", true},   {"package/lib/hook.js", true},
        {"package/configure", true},        {"package/native/Makefile", true},
        {"package/package.json", true},     {"package/test/run.js", false},
        {"package/index.js", false},        {"package/deep/x/package.json", false},
        {"package/deep/x/a.pth", true},
    };
    expect(c, w, sizeof(w) / sizeof(*w));
    install_ctx_clear(c);
    cr_expect_not(install_ctx_has(c, "package/lib/hook.js"), "cleared");
    manifest(c, "package/package.json", "{\"scripts\": not json");   /* adds nothing */
    manifest(c, "package/deep/x/package.json",
             "{\"scripts\":{\"postinstall\":\"node y.js\"}}");         /* a fixture */
    cr_expect_not(install_ctx_has(c, "package/deep/x/y.js"));
    install_ctx_free(c);
}

Test(install_ctx, setup_py_rebar_and_mix)
{
    struct install_ctx *c = install_ctx_new();
    manifest(c, "pkg-1.0/setup.py",
             "import os\nfrom build_helpers import BuildExt\nimport pkg.version\n"
             "def f():\n    import inner_only\n");
    manifest(c, "rebar.config",
             "%% {pre_hooks, [{compile, \"sh old.sh\"}]}.\n"
             "{pre_hooks, [{compile, \"sh c_src/build.sh\"}, {\"linux\", compile, "
             "\"escript priv/gen\"}]}.\n");
    manifest(c, "mix.exs",
             "def project, do: [compilers: [:elixir_make] ++ Mix.compilers(),\n"
             "  aliases: [setup: [\"cmd ./priv/setup.sh\"]]]\n");
    static const struct want w[] = {
        {"pkg-1.0/build_helpers.py", true}, {"pkg-1.0/pkg/version.py", true},
        {"pkg-1.0/pkg/version/__init__.py", true}, {"pkg-1.0/inner_only.py", false},
        {"c_src/build.sh", true},           {"priv/gen", true},
        {"old.sh", false},                  {"priv/setup.sh", true},
        {"Makefile", true},                 {"lib/app.ex", false},
    };
    expect(c, w, sizeof(w) / sizeof(*w));
    install_ctx_free(c);
}
