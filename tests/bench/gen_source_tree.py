#!/usr/bin/env python3
"""Writes a generated source tree of about SIZE_MB megabytes (Python,
JavaScript and Elixir files of ordinary-looking code, a few planted
suspicious lines) into DIR, for the scanner throughput benchmark."""
import os, random, sys

PY = [
    "def handler_{n}(request, context=None):",
    "    \"\"\"Return the {n}th value after validating the input.\"\"\"",
    "    items = [x * {n} for x in range(len(request.args)) if x % 3]",
    "    result = compute_total(items, scale={n}, precision=4)",
    "    logger.debug(\"processed %s items for %s\", len(items), request.path)",
    "    with open(os.path.join(BASE_DIR, 'data_{n}.json')) as fh:",
    "        payload = json.load(fh)",
    "    return Response(status=200, body=json.dumps(payload), headers=HEADERS)",
    "",
    "class Model{n}(BaseModel):",
    "    name: str = Field(default='item-{n}', max_length=64)",
    "    created_at: datetime = Field(default_factory=datetime.utcnow)",
    "",
]
JS = [
    "export function render{n}(props, state) {{",
    "  const items = props.items.filter((x) => x.id % {n} !== 0).map((x) => x.value);",
    "  if (!state.ready) return null; // wait for the store to settle",
    "  const url = `${{API_BASE}}/v1/items/{n}?page=${{state.page}}`;",
    "  return fetchJson(url, {{ method: 'GET', headers: defaultHeaders }});",
    "}}",
    "",
    "module.exports.helper{n} = function helper{n}(a, b) {{ return a + b * {n}; }};",
    "",
]
EX = [
    "  def handle_{n}(%{{\"id\" => id}} = params, socket) do",
    "    items = Enum.map(params[\"items\"] || [], &String.trim/1)",
    "    Logger.debug(\"handled #{{length(items)}} items for #{{id}}\")",
    "    {{:noreply, assign(socket, items: items, page: {n})}}",
    "  end",
    "",
]
PLANTED = {
    ".py": "exec(base64.b64decode(payload_{n}))",
    ".js": "eval(atob(encoded_{n}));",
    ".ex": "  @version System.cmd(\"git\", [\"describe\"])",
}


def main():
    out, size_mb = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 200
    rnd = random.Random(7)
    target = int(size_mb * 1e6)
    written, n = 0, 0
    kinds = [(".py", PY), (".js", JS), (".ex", EX)]
    while written < target:
        ext, lines = kinds[n % 3]
        d = os.path.join(out, "pkg%03d" % (n // 60), "mod%02d" % (n % 7))
        os.makedirs(d, exist_ok=True)
        body = []
        size = 0
        want = rnd.randint(20000, 80000)
        k = 0
        while size < want:
            for t in lines:
                s = t.format(n=n * 1000 + k)
                body.append(s)
                size += len(s) + 1
            k += 1
        if n % 50 == 0:
            body.insert(len(body) // 2, PLANTED[ext].format(n=n))
        text = "\n".join(body) + "\n"
        with open(os.path.join(d, "file%05d%s" % (n, ext)), "w") as f:
            f.write(text)
        written += len(text)
        n += 1
    print(n, written)


if __name__ == "__main__":
    main()
