"""ReadAhead: files read on a helper thread come back in order, bounded, and stop on close."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from annotator.domain.errors import InputFileError
from annotator.services.read_ahead import ReadAhead

PATHS = [Path(f"{i:03d}.txt") for i in range(300)]


def fake_read(path: Path) -> str:
    number = int(path.stem)
    if number % 7 == 3:
        raise InputFileError(str(path), "refused")
    return f"text {number}" * (1 + number % 5)


def drain(ahead: ReadAhead[str], count: int) -> list[tuple[Path, str]]:
    return [ahead.next() for _ in range(count)]


def run_with_deadline(work: object, seconds: float = 20.0) -> None:
    """Run ``work`` on a thread; fail (instead of hanging) if it does not end in time."""
    errors: list[BaseException] = []

    def body() -> None:
        try:
            work()  # type: ignore[operator]
        except BaseException as error:  # reported below
            errors.append(error)

    thread = threading.Thread(target=body, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "ReadAhead hung"
    if errors:
        raise errors[0]


@pytest.mark.parametrize(("max_files", "max_size"), [(1, 10**9), (3, 10**9), (200, 10**9),
                                                      (1000, 1), (1000, 50)])
def test_results_come_in_order_whatever_the_bounds(max_files: int, max_size: int) -> None:
    expected = []
    for path in PATHS:
        try:
            expected.append((path, fake_read(path)))
        except InputFileError as error:
            expected.append((path, str(error)))
    assert sum(isinstance(r, str) and r.endswith("refused") for _, r in expected) > 10

    def work() -> None:
        for threaded in (True, False):
            with ReadAhead(PATHS, fake_read, len, max_files=max_files, max_size=max_size,
                           threaded=threaded) as ahead:
                assert drain(ahead, len(PATHS)) == expected
                with pytest.raises(IndexError):
                    ahead.next()

    run_with_deadline(work)


def test_the_helper_stays_at_most_max_files_ahead() -> None:
    taken = [0]
    furthest = [0]

    def read(path: Path) -> str:
        furthest[0] = max(furthest[0], int(path.stem) + 1 - taken[0])
        return path.name

    def work() -> None:
        with ReadAhead(PATHS, read, len, max_files=10, max_size=10**9) as ahead:
            for _ in PATHS:
                ahead.next()
                taken[0] += 1

    run_with_deadline(work)
    # The one being read when the consumer took its last result may make it eleven.
    assert 10 <= furthest[0] <= 11


def test_an_unexpected_error_reaches_the_consumer_after_the_earlier_results() -> None:
    def read(path: Path) -> str:
        if path.stem == "005":
            raise RuntimeError("a bug in a reader")
        return path.name

    def work() -> None:
        with ReadAhead(PATHS, read, len, max_files=100, max_size=10**9) as ahead:
            assert [r for _, r in drain(ahead, 5)] == [p.name for p in PATHS[:5]]
            with pytest.raises(RuntimeError, match="a bug in a reader"):
                ahead.next()

    run_with_deadline(work)


def test_closing_stops_the_helper_early() -> None:
    read_paths: list[Path] = []

    def read(path: Path) -> str:
        read_paths.append(path)
        return path.name

    def work() -> None:
        with ReadAhead(PATHS, read, len, max_files=20, max_size=10**9) as ahead:
            drain(ahead, 3)

    run_with_deadline(work)
    assert not [t for t in threading.enumerate() if t.name == "import read-ahead"]
    assert 3 <= len(read_paths) <= 24
    assert read_paths == PATHS[:len(read_paths)]


def test_has_ready_says_whether_next_would_wait() -> None:
    release = threading.Event()

    def read(path: Path) -> str:
        if path.stem == "002":
            release.wait(10)
        return path.name

    def work() -> None:
        with ReadAhead(PATHS[:3], read, len, max_files=10, max_size=10**9,
                       threaded=False) as inline:
            assert inline.has_ready()  # it reads the file itself
        with ReadAhead(PATHS[:3], read, len, max_files=10, max_size=10**9) as ahead:
            assert [p for p, _ in drain(ahead, 2)] == PATHS[:2]
            assert not ahead.has_ready()  # the third is still being read
            release.set()
            assert ahead.next() == (PATHS[2], "002.txt")

    run_with_deadline(work)
