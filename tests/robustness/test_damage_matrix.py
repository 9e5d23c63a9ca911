"""The damage matrix: one bit flipped at many places of a real project file, and for each
``annotator check`` run in a subprocess. Where SQLite itself sees the file as intact, the
byte was unused and check must say "no problems found" (exit 0); everywhere else check
must exit 1 with lines of words (each naming the file, never a traceback), ending with
``annotator restore``. ``Store.open`` refuses with one line whatever it can detect,
every damaged header field included. Check never changes the file.

"SQLite sees the file as intact" is told without Annotator's code: plain ``sqlite3``
reads every row of every table (texts as bytes, the full-text index's own tables too)
and finds them equal to the healthy file's, ``PRAGMA integrity_check`` says ok, the
application id is Annotator's and a write can begin.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotator.domain.errors import ProjectFileError
from annotator.services import Project
from annotator.services.autocode import autocode, compile_pattern
from annotator.store import Store
from helpers import add_text

SEED = 20261204
WORDS = ("water", "security", "labour", "migration", "border", "river", "treaty", "drone")
PAGE = 4096
RESULTS: dict[str, list[str]] = {}  # group: outcome per case, printed at the end


@dataclass(frozen=True)
class Case:
    name: str
    offset: int
    bit: int


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A closed, vacuumed project: 60 documents (long ones span overflow pages), a tag
    with highlights on every document."""
    path = tmp_path_factory.mktemp("healthy") / "healthy.annotator"
    rng = random.Random(SEED)
    with Project.open(path, coder="tester") as project:
        with project.transaction():
            for index in range(60):
                text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 2500)))
                add_text(project, text, title=f"Document {index}", date=f"20{index % 30 + 10}")
        autocode(project, "water", compile_pattern(phrase="river", whole_word=True))
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert conn.execute("PRAGMA page_size").fetchone()[0] == PAGE
    conn.close()
    return path.read_bytes()


def pages_of(data: bytes, tmp: Path) -> dict[str, list[tuple[int, str]]]:
    """Page numbers and kinds of each table and index (``dbstat``)."""
    path = tmp / "pages.annotator"
    path.write_bytes(data)
    conn = sqlite3.connect(path)
    found: dict[str, list[tuple[int, str]]] = {}
    for name, page, kind in conn.execute("SELECT name, pageno, pagetype FROM dbstat"):
        found.setdefault(name, []).append((page, kind))
    conn.close()
    return found


def unused_gap(data: bytes, page: int) -> range:
    """The bytes between a b-tree page's cell pointers and its cells: read by nobody."""
    start = (page - 1) * PAGE + (100 if page == 1 else 0)
    header = 8 if data[start] in (10, 13) else 12
    cells = int.from_bytes(data[start + 3 : start + 5], "big")
    content = int.from_bytes(data[start + 5 : start + 7], "big") or 65536
    return range(start + header + 2 * cells, (page - 1) * PAGE + content)


def used_bytes(data: bytes, page: int) -> list[int]:
    gap = unused_gap(data, page)
    return [o for o in range((page - 1) * PAGE, page * PAGE) if o not in gap]


def cases(group: str, data: bytes, tmp: Path) -> list[Case]:
    rng = random.Random(f"{SEED}-{group}")
    pages = pages_of(data, tmp)
    found: list[Case] = []
    if group == "header":
        for offset in (16, 17, 18, 19, 20, 21, 22, 23, 24, 28, 31, 33, 36, 40, 44, 47, 48, 52,
                       56, 59, 60, 64, 68, 71, 72, 92, 96):
            found.append(Case(f"header byte {offset}", offset, rng.randrange(8)))
    elif group == "text":
        # Windows of a long document's text, found in the file where they sit whole.
        conn = sqlite3.connect(tmp / "pages.annotator")
        text = max((row[0] for row in conn.execute("SELECT text FROM documents")), key=len)
        conn.close()
        for start in range(0, len(text) - 40, len(text) // 9):
            at = data.find(text[start : start + 40].encode("utf-8"))
            if at > 0:
                found.append(Case(f"text +{start}", at + 20, rng.randrange(8)))
    elif group == "index":
        names = [n for n in pages if n.startswith(("sqlite_autoindex", "documents_", "highlight",
                                                   "tags_")) and "fts" not in n
                 and n not in ("highlights", "highlight_tags")]
        for name in sorted(names):
            page = rng.choice(pages[name])[0]
            found.append(Case(f"{name} p{page}", rng.choice(used_bytes(data, page)),
                              rng.randrange(8)))
        for name in ("highlights_document_span", "documents_sha256"):
            gap = unused_gap(data, pages[name][0][0])
            if len(gap):
                found.append(Case(f"{name} unused", rng.choice(gap), rng.randrange(8)))
    else:
        for name, count in (("documents_fts_data", 6), ("documents_fts_docsize", 2),
                            ("documents_fts_idx", 1), ("documents_fts_config", 1)):
            for _ in range(count):
                page = rng.choice(pages[name])[0]
                found.append(Case(f"{name} p{page}", rng.choice(used_bytes(data, page)),
                                  rng.randrange(8)))
        gap = unused_gap(data, pages["documents_fts_docsize"][0][0])
        found.append(Case("documents_fts_docsize unused", rng.choice(gap), 0))
    return found


def rows(path: Path) -> list[object]:
    """Every row of every table, texts as bytes."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
        conn.text_factory = bytes
        return [conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables]
    finally:
        conn.close()


def sqlite_sees_it_intact(path: Path, expected: list[object]) -> bool:
    try:
        if rows(path) != expected:
            return False
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                return False
            if conn.execute("PRAGMA application_id").fetchone()[0] != 0x416E6E6F:
                return False
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("CREATE TABLE probe (x)")
            conn.execute("ROLLBACK")
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return True


def judge(case: Case, healthy: bytes, expected: list[object], folder: Path) -> str:
    """Run the case; return ``""`` when check behaved, else what went wrong."""
    folder.mkdir()
    path = folder / "d.annotator"
    data = bytearray(healthy)
    data[case.offset] ^= 1 << case.bit
    path.write_bytes(bytes(data))
    intact = sqlite_sees_it_intact(path, expected)
    path.write_bytes(bytes(data))  # (the probe may leave a -wal behind: start afresh)
    for leftover in folder.glob("d.annotator-*"):
        leftover.unlink()
    done = subprocess.run([sys.executable, "-m", "annotator", "check", str(path)],
                          capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stderr.splitlines() if "WAL-reset bug" not in line]
    problems = []
    if "Traceback" in done.stderr:
        problems.append("a traceback")
    if any(not line.startswith(f"annotator: {path}: ") for line in lines):
        problems.append(f"a line not naming the file: {lines}")
    if path.read_bytes() != bytes(data):
        problems.append("check changed the file")
    if intact and (done.returncode != 0 or not done.stdout.endswith("no problems found.\n")):
        problems.append(f"unused byte, yet exit {done.returncode}: {lines[:2]}")
    if not intact and (done.returncode != 1 or len(lines) < 2
                       or "annotator restore" not in lines[-1]):
        problems.append(f"damage missed (exit {done.returncode}): {lines[:3]}")
    outcome = "unused" if intact else "damage"
    if case.name.startswith("header") and not intact:
        try:
            Store.open(path, create=False).close()
            problems.append("Store.open accepted a damaged header")
        except ProjectFileError as error:
            if "\n" in str(error) or str(path) not in str(error):
                problems.append(f"refusal not one line naming the file: {error}")
    found = lines[0].split(": ", 2)[-1] if lines else done.stdout.strip()
    return (f"{case.name}: {outcome}, exit {done.returncode}: {found[:150]}"
            + ("" if not problems else f" -- WRONG: {'; '.join(problems)}"))


@pytest.mark.parametrize("group", ["header", "text", "index", "full-text"])
def test_check_reports_every_damaged_byte_in_words(
    healthy: bytes, tmp_path: Path, group: str
) -> None:
    source = tmp_path / "pages.annotator"
    source.write_bytes(healthy)
    expected = rows(source)
    chosen = cases(group, healthy, tmp_path)
    assert len(chosen) >= 8
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(
            lambda item: judge(item[1], healthy, expected, tmp_path / f"case{item[0]}"),
            enumerate(chosen)))
    RESULTS[group] = outcomes
    wrong = [o for o in outcomes if "WRONG" in o]
    assert not wrong, "\n".join(wrong)
    if group in ("text", "full-text"):  # every byte there is in use, but for the gaps
        assert all(": damage," in o for o in outcomes if "unused:" not in o)
    if group == "index":
        assert any(": unused," in o for o in outcomes) and any(": damage," in o for o in outcomes)


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    """Prints each case's outcome once the module is done (``pytest -s``)."""
    yield
    for group, outcomes in RESULTS.items():
        damaged = sum(": damage," in o for o in outcomes)
        print(f"\n[damage matrix] {group}: {len(outcomes)} flips, {damaged} damaging")
        for outcome in outcomes:
            print(f"  {outcome}")
