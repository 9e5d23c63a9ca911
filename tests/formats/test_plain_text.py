"""read_text_file, title_and_date and read_document, on made-up files and the real corpora."""

from __future__ import annotations

import csv
import errno
import os
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotator.domain.errors import InputFileError
from annotator.domain.text import normalize_text
from annotator.formats import plain_text
from annotator.formats.plain_text import read_text_file, title_and_date
from annotator.formats.readers import SUPPORTED_EXTENSIONS, read_document
from annotator.formats.titles import shorten_title
from helpers import SHARED

CORPORA = SHARED / "corpora"
SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_3fdd7441507ec72d.txt"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refusal(path: Path, **options: int) -> str:
    """The reason ``read_document`` gives for refusing ``path`` (fails if it accepts)."""
    with pytest.raises(InputFileError) as caught:
        read_document(path, **options)
    assert str(caught.value) == f"{path}: {caught.value.reason}"
    return caught.value.reason


def test_a_plain_file_becomes_a_document(tmp_path: Path) -> None:
    path = write(tmp_path, "2019-05-01 notes.txt", b"  First line  \r\nSecond\rThird\r\n")
    document = read_text_file(path)
    assert document.text == "  First line  \nSecond\nThird\n"
    assert document.title == "2019-05-01 notes"
    assert document.date == "2019-05-01"
    assert document.source == "2019-05-01 notes.txt"
    assert document.attributes == {}


def test_controls_are_removed_and_format_characters_kept(tmp_path: Path) -> None:
    family = "👩\u200d👩\u200d👧"
    text = f"Title\n{family} a\x07b\x00c\u200cd\x1b\x7f end\n" + "filler text " * 20
    document = read_text_file(write(tmp_path, "f.txt", text.encode()))
    assert f"{family} abc\u200cd end" in document.text
    assert document.text == normalize_text(text)


def test_utf16_file_with_nul_characters(tmp_path: Path) -> None:
    text = "Title\r\nbody\x00 text with a NUL character " * 3
    document = read_text_file(write(tmp_path, "f.txt", text.encode("utf-16")))
    assert "\x00" not in document.text
    assert document.text == normalize_text(text)


def test_the_seed_gives_its_title_and_timestamp() -> None:
    document = read_text_file(SEED)
    assert document.title == "Moscow discussed cooperation of Russia with Central Asia"
    assert document.date == "2018-02-12T15:32"
    assert document.text == normalize_text(SEED.read_text(encoding="utf-8"))
    assert "« Back" in document.text


@pytest.mark.parametrize(
    "header",
    [
        "A title\n« Back\nA title\u00a012.02.2018 15:32\n",
        "A title\n\n« Back\n\nA title 12.02.2018 15:32\n\n",
        "A title\n« Back\nA title\n12.02.2018 15:32\n",
        "A title\n« Back\nA title\n\n12.02.2018\u00a015:32\n",
    ],
)
def test_news_page_shape_variants(header: str) -> None:
    assert title_and_date(header + "Body text.\n", "x.txt") == ("A title", "2018-02-12T15:32")


def test_news_page_title_is_kept_whole_even_when_long() -> None:
    title = "word " * 60 + "end"
    text = f"{title}\n« Back\n{title}\n01.03.2020 09:05\nBody."
    assert title_and_date(text, "x.txt") == (title, "2020-03-01T09:05")


def test_an_impossible_timestamp_leaves_the_news_shape() -> None:
    text = "A title\n« Back\nA title\n31.02.2018 15:32\nBody."
    assert title_and_date(text, "1999-notes.txt") == ("1999-notes", "1999")


def test_the_title_is_the_file_name_not_the_first_line() -> None:
    salutation = "Fellow-Citizens of the Senate and House of Representatives:\n\nBody."
    assert title_and_date(salutation, "1790-01-08_Washington_su1790.txt") == (
        "1790-01-08_Washington_su1790", "1790-01-08")
    assert title_and_date(salutation, "a.b.c.TXT")[0] == "a.b.c"


def test_a_long_file_name_is_shortened_at_a_word_boundary() -> None:
    stem = "Lorem ipsum dolor " * 12
    title, _date = title_and_date("Body", stem + ".txt")
    assert len(title) <= 200
    assert title.endswith("…")
    assert stem.startswith(title[:-1])
    assert stem[len(title) - 1] == " "


def test_shorten_title_cuts_a_giant_word() -> None:
    assert shorten_title("x" * 500) == "x" * 199 + "…"
    assert shorten_title("short") == "short"


@pytest.mark.parametrize(
    ("name", "text", "title"),
    [
        ("a.md", "# Heading one\n\nBody", "a"),
        ("Interview 3.MD", "## Second level ##\nBody", "Interview 3"),
        ("notes.markdown", "Plain first line\n", "notes"),
    ],
)
def test_a_markdown_title_is_its_file_name(name: str, text: str, title: str) -> None:
    assert title_and_date(text, name)[0] == title


def test_a_markdown_document_keeps_its_heading_in_the_text(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "notes.md", b"# Notes\n\nDate: 2021-06-30\n"))
    assert (document.title, document.date) == ("notes", "2021-06-30")
    assert document.text.startswith("# Notes")


def test_header_date_wins_over_the_file_name() -> None:
    assert title_and_date("Title\n12.02.2018\n", "2001-01-01-x.txt")[1] == "2018-02-12"


def test_no_date_anywhere_gives_none() -> None:
    assert title_and_date("Title\nBody\n", "notes.txt") == ("notes", None)


def test_unsupported_extension(tmp_path: Path) -> None:
    assert refusal(write(tmp_path, "a.xyz", b"text")) == "unsupported file type .xyz"
    assert refusal(write(tmp_path, "README", b"text")) == "unsupported file type (no extension)"
    assert {".txt", ".md"} <= SUPPORTED_EXTENSIONS


def test_extension_is_matched_without_case(tmp_path: Path) -> None:
    assert read_document(write(tmp_path, "LOUD.TXT", b"Hello")).title == "LOUD"


def test_empty_file(tmp_path: Path) -> None:
    assert refusal(write(tmp_path, "e.txt", b"")) == "the file is empty"


def test_only_controls_is_binary_or_no_text(tmp_path: Path) -> None:
    assert refusal(write(tmp_path, "c.txt", b"\x01\x02\n")) == "binary file, not text"
    assert refusal(write(tmp_path, "w.txt", b" \n \x0b\n")) == "the file holds no text"


def test_binary_files(tmp_path: Path) -> None:
    assert refusal(write(tmp_path, "p.txt", b"\x89PNG\r\n\x1a\n\x00\x00")) == (
        "a PNG image, not plain text"
    )
    assert refusal(write(tmp_path, "r.txt", os.urandom(2048) + b"\x00")) == (
        "binary file, not text"
    )


def test_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", b"a" * 2001)
    assert refusal(path, max_bytes=2000) == "the file is larger than the 2 kB limit"
    assert read_document(path, max_bytes=2001).text == "a" * 2001


def test_the_default_limit_is_fifty_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "sparse.txt"
    with path.open("wb") as handle:
        handle.truncate(50_000_001)  # sparse: no 50 MB written
    assert refusal(path) == "the file is larger than the 50 MB limit"


def test_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert refusal(folder) == "is a folder, not a file"
    assert refusal(tmp_path / "missing.txt") == "no such file"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert refusal(fifo) == "not a regular file"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (OSError(errno.EIO, "Input/output error"), "input/output error"),
        (MemoryError(), "not enough memory to read the file"),
    ],
)
def test_read_errors_become_input_file_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, reason: str
) -> None:
    # Simulated: tests may run as root, where permissions are not enforced.
    path = write(tmp_path, "locked.txt", b"secret")

    def failing_open(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(plain_text, "open", failing_open, raising=False)
    assert refusal(path) == reason


# --- property: whatever the text and its Unicode encoding, the stored text is normalize_text

PIECES = st.one_of(
    st.characters(exclude_categories=["Cs"]),
    st.sampled_from(
        ["\r\n", "\r", "\n", "e\u0301", "👩\u200d👩\u200d👧", "🏄🏾\u200d♀️", "🇰🇿", "中文",
         "عربي", "עברית", "\u200f", "\u2028", "\x85", "\t", "\x07", "\x1b", "\ufeff"]
    ),
    st.text(alphabet="abc xyz", min_size=1, max_size=12),
)
SUSPICIOUS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x84\x86-\x9f]")


def acceptable(text: str) -> bool:
    """Texts that are text: not blank, few controls (see decoding's binary rule)."""
    return (
        bool(normalize_text(text).strip())
        and len(SUSPICIOUS.findall(text)) <= 0.05 * len(text)
        and not text.startswith("\ufeff")  # a leading U+FEFF is read as a byte-order mark
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    pieces=st.lists(PIECES, min_size=1, max_size=40),
    codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"]),
)
def test_any_text_reads_back_normalised(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[str], codec: str
) -> None:
    text = "".join(pieces)
    assume(acceptable(text))
    if codec.endswith("-bom"):
        data = "\ufeff".encode(codec[:-4]) + text.encode(codec[:-4])
    else:
        data = text.encode(codec)
    path = tmp_path_factory.mktemp("prop") / "doc.txt"
    path.write_bytes(data)
    assert read_text_file(path).text == normalize_text(text)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=600))
def test_any_bytes_give_a_document_or_an_input_file_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("bytes") / "doc.txt"
    path.write_bytes(data)
    try:
        document = read_text_file(path)
    except InputFileError as error:
        assert error.reason
    else:
        assert document.text == normalize_text(document.text)
        assert document.text.strip()
        assert document.title


# --- the real corpora


def corpus(folder: str) -> Path:
    path = CORPORA / folder
    if not path.is_dir():
        pytest.skip(f"corpus folder {path} is absent")
    return path


def test_every_kremlin_page_gives_the_index_title_and_timestamp() -> None:
    folder = corpus("news-kremlin-en")
    with (folder / "index.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 204
    assert {row["file"] for row in rows} == {path.name for path in folder.glob("*.txt")}
    for row in rows:
        document = read_document(folder / row["file"])
        assert (document.title, document.date) == (row["title"], f"{row['date']}T{row['time']}")


def test_inaugural_addresses_are_dated_by_the_year_in_their_name() -> None:
    files = sorted(corpus("inaugural-addresses").glob("*.txt"))
    assert len(files) == 59
    for path in files:
        document = read_document(path)
        assert document.date == path.name[:4], path.name
        assert document.title == path.stem


def test_sotu_addresses_are_dated_by_their_name_bom_and_crlf_included() -> None:
    folder = corpus("sotu-addresses")
    with (folder / "index.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 245
    for row in rows:
        document = read_document(folder / row["file"])
        assert document.date == row["date"], row["file"]
        assert document.title == row["file"].removesuffix(".txt")
        assert "\r" not in document.text
        assert not document.text.startswith("\ufeff")


def test_meduza_articles_are_dated_by_their_name_and_the_empty_one_is_refused() -> None:
    folder = corpus("news-meduza-golunov-ru")
    with (folder / "index.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 101
    for row in rows:
        path = folder / row["file"]
        if not row["date"]:
            assert refusal(path) == "the file is empty"
            continue
        document = read_document(path)
        assert document.date == row["date"], row["file"]
        assert document.title == path.stem
        assert document.source == row["file"]



def test_a_file_larger_than_it_said_is_read_whole_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that grew after fstat (or a /proc file, which reports size 0) is read on
    to its end, in chunks, and refused once past the limit."""
    import os

    from annotator.formats import plain_text
    from annotator.formats.plain_text import read_limited_bytes

    real_fstat = os.fstat

    def small_fstat(fd: int) -> os.stat_result:
        info = list(real_fstat(fd))
        info[6] = 10  # st_size
        return os.stat_result(info)

    monkeypatch.setattr(plain_text.os, "fstat", small_fstat)
    path = tmp_path / "growing.txt"
    content = bytes(range(256)) * 800  # 204,800 bytes: several chunks past the 10 it said
    path.write_bytes(content)
    assert read_limited_bytes(path, 300_000) == content
    assert read_limited_bytes(path, len(content)) == content
    with pytest.raises(InputFileError, match="larger than"):
        read_limited_bytes(path, len(content) - 1)
