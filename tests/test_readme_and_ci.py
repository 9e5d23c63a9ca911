"""README starts with the two fresh-machine commands, and CI runs the test one verbatim."""

from __future__ import annotations

import re

from helpers import REPO


def test_readme_opens_with_install_and_test_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    launch, tests = blocks[0].strip(), blocks[1].strip()
    assert launch == "pip install . && annotator"
    assert tests.startswith('pip install ".[test]"') and "pytest" in tests
    assert readme.index(launch) < 400
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert any(line.startswith(tests) for line in ci.splitlines())
