"""titles: the file name as a title, metadata titles kept unless blank or a placeholder,
and the order of the three (metadata, news-page shape, file name) in document_from_text."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats.plain_text import document_from_text
from annotator.formats.titles import (
    MAX_TITLE,
    UNNAMED,
    file_name_text,
    file_name_title,
    metadata_title,
    shorten_title,
)

NEWS = "Talks in Astana\n« Back\nTalks in Astana\n12.02.2018 15:32\nBody of the story."


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("1790-01-08_Washington_su1790.txt", "1790-01-08_Washington_su1790"),
        ("interview.v2.final.md", "interview.v2.final"),
        ("no extension", "no extension"),
        ("two  spaces\tand a tab.txt", "two spaces and a tab"),
        ("line\nbreak.txt", "line break"),
        (".txt", ".txt"),
        (" .md", ".md"),
        ("\x01.txt", ".txt"),
        ("\x01", UNNAMED),
        ("caf\udce9.txt", "caf\ufffd"),  # a Latin-1 byte in a UTF-8 system's file name
        ("/some/folder/Интервью 🌊.txt", "Интервью 🌊"),
    ],
)
def test_file_name_title(name: str, title: str) -> None:
    assert file_name_title(name) == title
    title.encode("utf-8")  # storable: no lone surrogate left


def test_file_name_text_only_replaces_what_cannot_be_stored() -> None:
    assert file_name_text("caf\udce9 notes.txt") == "caf\ufffd notes.txt"
    assert file_name_text("lone \ud800.txt") == "lone " + "\ufffd" * 3 + ".txt"
    name = "Интервью  🌊\u00a0№3.txt"
    assert file_name_text(name) is name


def test_a_long_file_name_is_shortened() -> None:
    title = file_name_title("word " * 80 + ".txt")
    assert len(title) <= MAX_TITLE and title.endswith("…")


@pytest.mark.parametrize(
    "value",
    [None, "", "   \n\t", "—", "...", "Untitled", "untitled document", "Untitled-3",
     "(Untitled)", "Document1", "Document 12", "New document", "Title", "(no title)",
     "Microsoft Word - Interview 3.docx", "Microsoft PowerPoint - deck.pptx",
     "PowerPoint Presentation", "report.pdf", r"C:\Users\ana\Desktop\draft.doc"],
)
def test_blank_and_placeholder_metadata_titles_are_not_titles(value: str | None) -> None:
    assert metadata_title(value) is None


@pytest.mark.parametrize(
    ("value", "title"),
    [
        ("Interview with Anna", "Interview with Anna"),
        ("  Water\n and\tborders ", "Water and borders"),
        ("Untitled lands: a history of the steppe", "Untitled lands: a history of the steppe"),
        ("Documents of the Supreme Council", "Documents of the Supreme Council"),
        ("Годовой отчёт\x00 2019", "Годовой отчёт 2019"),
        ("1984", "1984"),
    ],
)
def test_real_metadata_titles_are_kept_on_one_line(value: str, title: str) -> None:
    assert metadata_title(value) == title


def test_a_long_metadata_title_is_shortened() -> None:
    title = metadata_title("A study " * 50)
    assert title is not None and len(title) <= MAX_TITLE and title.endswith("…")
    assert shorten_title("x" * 500) == "x" * 199 + "…"


def test_metadata_title_first_then_news_page_then_file_name() -> None:
    path = Path("2001-01-01 saved page.html")
    assert document_from_text(path, NEWS, title="Kremlin news").title == "Kremlin news"
    assert document_from_text(path, NEWS, title="Untitled").title == "Talks in Astana"
    assert document_from_text(path, NEWS).date == "2018-02-12T15:32"
    plain = document_from_text(path, "Dear colleagues,\nBody.", title="  ")
    assert (plain.title, plain.date) == ("2001-01-01 saved page", "2001-01-01")
