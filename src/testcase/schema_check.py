#!/usr/bin/env python3
"""Validates every document of the test case files against the committed JSON
Schema with Debian's python3-jsonschema, as an editor's YAML language server
would, and checks that the schema refuses mistypings in both documents: a
key of the jobs, an event name under expectedEvents, a triggerEvent.

usage: schema_check.py SCHEMA FILE_OR_DIR...   (directories: every *.yaml below)
Exit 0 when every document validates and the typos are refused, 1 otherwise,
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


def refused(validator, texts, right, wrong, where):
    """1 unless the schema refuses `wrong` put for `right` in the first text
    that has it, with a problem at `where` naming it; prints why."""
    text = next((t for t in texts if right in t), None)
    if text is None:
        print(f"no test case file holds {right.strip()!r} to mistype")
        return 1
    typo = text.replace(right, wrong, 1)
    found = problems(validator, typo)
    word = wrong.split()[-1].strip(":")
    if not any(p.startswith(where) and word in p for p in found):
        print(f"the schema accepted {wrong.strip()!r} (problems: {found})")
        return 1
    print(f"refused as it should: {wrong.strip()!r}: {[p for p in found if word in p][0]}")
    return 0


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    schema = json.loads(pathlib.Path(sys.argv[1]).read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    checked = 0
    failed = 0
    texts = []
    for path in files(sys.argv[2:]):
        text = path.read_text()
        texts.append(text)
        checked += 1
        for problem in problems(validator, text):
            failed += 1
            print(f"{path}: {problem}")
    if checked == 0:
        print("no test case files found")
        return 1
    # Mistypings must be refused, as the loader refuses them: a key of the
    # jobs document, an event name and a trigger in the expectations document.
    failed += refused(validator, texts, "\nqueue:", "\nqeueu:", "document 1: (document)")
    failed += refused(validator, texts, "\n  - succeeded:", "\n  - succeded:",
                      "document 2: expectedEvents/")
    failed += refused(validator, texts, "\ntriggerEvent: queued", "\ntriggerEvent: queud",
                      "document 2: triggerEvent:")
    print(f"{checked} file(s) checked against {sys.argv[1]}, {failed} problem(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
