#!/usr/bin/env python3
"""make compile_commands.json: DIRECTORY, then pairs of FILE and the exact
command make runs for it (the Makefile's compile_line and tool_line), as a
JSON compilation database on standard output.  Stdlib only."""
import json
import os
import sys


def main(argv):
    if len(argv) < 2 or len(argv) % 2 != 0:
        sys.stderr.write("usage: compile_commands.py DIR [FILE COMMAND]...\n")
        return 2
    directory = argv[1]
    entries = []
    for i in range(2, len(argv), 2):
        entries.append({"directory": directory,
                        "file": os.path.join(directory, argv[i]),
                        "command": argv[i + 1]})
    json.dump(entries, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
