"""The command ends quietly when the reader of its output goes away (``... | head -1``).

Each test runs the real command in a subprocess whose standard output is a pipe that the
test closes: after one line (the output is far larger than the pipe's buffer, so the
command is still writing), or before the command has written anything (its output then
sits in Python's buffer until the last flush).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import READER_GONE
from annotator.services import Project
from helpers import SEED, add_text

#: Rows per listing: each listing is then several times a 64 KiB pipe buffer.
ROWS = 3000


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with ``ROWS`` dated documents and ``ROWS`` tags, each tag on one highlight."""
    path = tmp_path_factory.mktemp("pipes") / "big.annotator"
    with Project.open(path, coder="tester") as project, project.transaction():
        for i in range(ROWS):
            text = f"Document number {i} on water, labour migration and security in the region."
            document_id = add_text(project, text, title=f"A reasonably long title {i:05}",
                                   date=f"{2000 + i % 20}-{1 + i % 12:02}-{1 + i % 28:02}")
            tag_id, _ = project.tags.create(f"theme number {i:05} of the codebook",
                                            color="#d62728")  # no colour search: linear
            project.highlights.create(document_id, 0, 8, [tag_id])
    return path


def command(*args: object) -> list[str]:
    return [sys.executable, "-m", "annotator", *(str(a) for a in args)]


def run_reading_one_line(*args: object) -> tuple[int, bytes, bytes]:
    """Run the command, read one line of its output, close the pipe, wait for the end."""
    process = subprocess.Popen(command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read()
    process.stderr.close()
    return process.wait(timeout=120), first, err


def run_with_reader_gone(*args: object) -> tuple[int, bytes]:
    """Run the command with a standard output whose reader closed before it started."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run(command(*args), stdout=writer, stderr=subprocess.PIPE,
                                timeout=120, check=False)
    finally:
        os.close(writer)
    return result.returncode, result.stderr


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (("tags",), b"tag "),
        (("documents",), b"    id  date"),
        (("stats", "--format", "csv", "--by", "year"), b"kind,period,tag,"),
    ],
    ids=["tags", "documents", "stats-csv"],
)
def test_a_reader_that_stops_after_one_line_ends_the_command_quietly(
    big_project: Path, args: tuple[str, ...], first_line: bytes
) -> None:
    code, first, err = run_reading_one_line(args[0], big_project, *args[1:])
    assert first.startswith(first_line)
    assert err == b""
    assert code == READER_GONE == 141


def test_the_whole_listing_is_larger_than_a_pipe_buffer(big_project: Path) -> None:
    # What makes the test above meaningful: the command is still writing when the pipe closes.
    # stats lists every period for every tag: by year, 20 periods times 3,000 tags.
    for args in (("tags",), ("documents",), ("stats", "--format", "csv", "--by", "year")):
        result = subprocess.run(command(args[0], big_project, *args[1:]), capture_output=True,
                                timeout=120, check=False)
        assert result.returncode == 0 and result.stderr == b""
        assert len(result.stdout) > 2 * 65536 + 8192  # pipe buffer + Python's buffer
        assert result.stdout.count(b"\n") > ROWS


@pytest.mark.parametrize("args", [("tags",), ("documents",), ("stats", "--format", "csv")])
def test_output_still_buffered_at_exit_is_dropped_quietly(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    # A small output is written only by the last flush; without care, Python prints
    # "Exception ignored ... BrokenPipeError" there and exits 120.
    project = tmp_path / "small.annotator"
    with Project.open(project) as p:
        add_text(p, "One short text.", title="Short", date="2020-01-02")
    code, err = run_with_reader_gone(args[0], project, *args[1:])
    assert err == b""
    assert code == READER_GONE


def test_a_writing_command_has_committed_before_its_reader_is_gone(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    code, err = run_with_reader_gone("import", project, SEED)
    assert (code, err) == (READER_GONE, b"")
    code, err = run_with_reader_gone("autocode", project, "--tag", "water", "--phrase", "water")
    assert (code, err) == (READER_GONE, b"")
    with Project.open(project, create=False) as p:
        assert p.documents.count() == 1
        [count] = p.tags.counts()
    assert count.highlights == SEED.read_text(encoding="utf-8").lower().count("water") > 0


def test_a_reader_gone_from_the_error_stream_too_ends_quietly(tmp_path: Path) -> None:
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run(command("tags", tmp_path / "absent.annotator"), stdout=writer,
                                stderr=writer, timeout=120, check=False)
    finally:
        os.close(writer)
    assert result.returncode == READER_GONE
