#!/usr/bin/env python3
"""Validates test case files against the committed JSON Schema with Debian's
python3-jsonschema, as an editor's YAML language server would, and checks
that the schema refuses a mistyped key.

usage: schema_check.py SCHEMA FILE_OR_DIR...   (directories: every *.yaml below)
Exit 0 when every document validates and the typo is refused, 1 otherwise,
77 (CTest's skip code) when python3-jsonschema or python3-yaml is missing.
"""
import json
import pathlib
import sys

try:
    import jsonschema
    import yaml
except ImportError as missing:
    print(f"SKIP: {missing.name} is not installed (Debian: apt-get install python3-jsonschema "
          "python3-yaml; scripts/setup.sh installs them)")
    sys.exit(77)


def files(args):
    for arg in args:
        path = pathlib.Path(arg)
        if path.is_dir():
            yield from sorted(path.rglob("*.yaml"))
        else:
            yield path


def problems(validator, text):
    found = []
    for index, document in enumerate(yaml.safe_load_all(text)):
        if document is None:
            continue
        for error in validator.iter_errors(document):
            where = "/".join(str(part) for part in error.absolute_path) or "(document)"
            found.append(f"document {index + 1}: {where}: {error.message}")
    return found


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    schema = json.loads(pathlib.Path(sys.argv[1]).read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    checked = 0
    failed = 0
    first = None
    for path in files(sys.argv[2:]):
        text = path.read_text()
        first = first or text
        checked += 1
        for problem in problems(validator, text):
            failed += 1
            print(f"{path}: {problem}")
    if checked == 0:
        print("no test case files found")
        return 1
    # A mistyped key must be refused, as the loader refuses it.
    typo = first.replace("\nqueue:", "\nqeueu:", 1)
    if typo == first or not any("qeueu" in p for p in problems(validator, typo)):
        print("the schema accepted a mistyped key (qeueu) or the first file has no queue key")
        failed += 1
    print(f"{checked} file(s) checked against {sys.argv[1]}, {failed} problem(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
