"""Real storage media for tests: a read-only mount or a tiny disk that fills up.

Tests run as root (here and in CI), for whom ``chmod`` protects nothing; a mount is what
makes a medium read-only or full for root too. A child process enters a new user and mount
namespace (``unshare -r -m``, util-linux, needs no privileges) where it may mount: a
read-only bind mount of a folder, or a small tmpfs. The mounts vanish with the process.

The child runs a Python script that starts with :data:`PRELUDE` (``cli(...)`` runs the
``annotator`` command and returns its status and output; ``mount(...)`` and ``fill(...)``)
and prints one JSON object as its last line, which :func:`run_in_namespace` returns.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from typing import Any

PRELUDE = r'''
import json, os, subprocess, sys

def cli(*args, env=None):
    """Run `annotator ARGS`; return {"rc", "out", "err"}."""
    done = subprocess.run([sys.executable, "-m", "annotator", *map(str, args)],
                          capture_output=True, text=True, env=env)
    return {"rc": done.returncode, "out": done.stdout, "err": done.stderr}

def mount(*args):
    subprocess.run(["mount", *map(str, args)], check=True)

def mount_read_only(folder):
    """Make `folder` a read-only medium (a read-only bind mount of itself)."""
    mount("--bind", folder, folder)
    mount("-o", "remount,bind,ro", folder)

def mount_tiny_disk(folder, kib):
    mount("-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", folder)

def fill(folder):
    """Take every free byte of `folder`'s file system (a file named `filler`); return
    the filler's size."""
    path = os.path.join(folder, "filler")
    with open(path, "ab", buffering=0) as handle:
        for size in (1 << 16, 4096, 512, 1):
            block = b"\0" * size
            while True:
                try:
                    if not handle.write(block):
                        break
                except OSError:
                    break
    return os.path.getsize(path)

def names(folder):
    return sorted(os.listdir(folder))
'''


def run_in_namespace(script: str, *args: str, timeout: float = 180) -> dict[str, Any]:
    """Run ``PRELUDE + script`` with ``args`` in a new user and mount namespace; return
    the JSON object it printed last. Fails the test (with the child's stderr) otherwise."""
    unshare = shutil.which("unshare")
    assert unshare, "unshare (util-linux) is needed to mount a test medium"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    done = subprocess.run(
        [unshare, "-r", "-m", sys.executable, "-c", PRELUDE + script, *args],
        capture_output=True, text=True, timeout=timeout, env=env, check=False,
    )
    assert done.returncode == 0, f"the namespace script failed:\n{done.stderr}"
    lines = done.stdout.strip().splitlines()
    assert lines, f"the namespace script printed nothing:\n{done.stderr}"
    return json.loads(lines[-1])
