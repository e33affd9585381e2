# Shared state of the docker, kind and kubectl stand-ins (standins_run_test):
# one JSON file under $STANDIN_STATE holding the local images, networks, kind
# clusters and compose projects, as the real daemon and clusters would. Each
# stand-in takes a lock on it for the length of one command.
#
# $STANDIN_DELAY (seconds, default 0.05) is the unit of the stand-ins' waits:
# pulls, starts, a cluster coming up.
import fcntl
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STATE_DIR = os.environ.get("STANDIN_STATE", "")
DELAY = float(os.environ.get("STANDIN_DELAY", "0.05"))


def die(message, code=1):
    print(message, file=sys.stderr)
    sys.exit(code)


def wait(units=1):
    time.sleep(DELAY * units)


def table(name):
    """Rows of a tab-separated table beside this file, comments skipped."""
    rows = []
    with open(os.path.join(HERE, name)) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                rows.append(line.rstrip("\n").split("\t"))
    return rows


def in_registry(image):
    return any(row[0] == image for row in table("registry.tsv"))


def pull_error(image):
    repo = image.split("@")[0].rsplit(":", 1)[0]
    return ("Error response from daemon: pull access denied for %s, repository does not "
            "exist or may require 'docker login': denied: requested access to the resource "
            "is denied" % repo)


class State:
    """The stand-ins' world, read and written under an exclusive lock."""

    def __enter__(self):
        if not STATE_DIR:
            die("stand-in: STANDIN_STATE is not set", 125)
        os.makedirs(STATE_DIR, exist_ok=True)
        self._lock = open(os.path.join(STATE_DIR, "state.lock"), "w")
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        path = os.path.join(STATE_DIR, "state.json")
        self.data = {"images": [], "networks": [], "clusters": {}, "projects": {}}
        if os.path.exists(path):
            with open(path) as f:
                self.data = json.load(f)
        return self

    def __exit__(self, *exc):
        path = os.path.join(STATE_DIR, "state.json")
        with open(path + ".new", "w") as f:
            json.dump(self.data, f, indent=1)
        os.replace(path + ".new", path)
        self._lock.close()

    def has_image(self, image):
        return image in self.data["images"]

    def add_image(self, image):
        if image not in self.data["images"]:
            self.data["images"].append(image)


def log(line):
    """Appends to $STANDIN_STATE/calls.log, the record the test reads."""
    os.makedirs(STATE_DIR, exist_ok=True)
    with open(os.path.join(STATE_DIR, "calls.log"), "a") as f:
        f.write(line + "\n")
