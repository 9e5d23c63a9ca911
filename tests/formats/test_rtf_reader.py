"""read_rtf_file: code pages, Unicode escapes, pictures and the creation date."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import InputFileError
from annotator.formats.readers import read_document
from annotator.formats.rtf_reader import read_rtf_file


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def hex_escaped(text: str, code_page: str) -> bytes:
    return "".join(f"\\'{byte:02x}" for byte in text.encode(code_page)).encode("ascii")


def test_cp1251_declared_by_ansicpg(tmp_path: Path) -> None:
    body = hex_escaped("Привет, мир", "cp1251")
    data = (b"{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0 Arial;}}\n\\pard "
            + body + b"\\par\nSecond line\\par\n}")
    document = read_document(write(tmp_path, "ru.rtf", data))
    assert document.text == "Привет, мир\nSecond line\n"
    assert document.title == "ru"


def test_other_code_pages_decode(tmp_path: Path) -> None:
    for code_page, number, text in [("cp1253", 1253, "Καλημέρα"), ("cp1250", 1250, "Žluťoučký")]:
        data = (b"{\\rtf1\\ansi\\ansicpg%d " % number + hex_escaped(text, code_page)
                + b"\\par}")
        assert read_rtf_file(write(tmp_path, f"{number}.rtf", data)).text == text + "\n"


def test_unicode_escapes_and_surrogate_pairs(tmp_path: Path) -> None:
    # U+1F600 is written as the UTF-16 pair D83D DE00, i.e. \u-10179 \u-8704.
    data = b"{\\rtf1\\ansi\\uc1 caf\\u233?\\u-10179?\\u-8704? end\\par}"
    assert read_rtf_file(write(tmp_path, "u.rtf", data)).text == "café😀 end\n"


def test_pictures_and_font_tables_are_not_text(tmp_path: Path) -> None:
    data = (b"{\\rtf1\\ansi{\\fonttbl{\\f0 Times New Roman;}}"
            b"{\\pict\\pngblip 89504e470d0a1a0a}Visible\\par}")
    assert read_rtf_file(write(tmp_path, "p.rtf", data)).text == "Visible\n"


def test_creation_date_is_used_last(tmp_path: Path) -> None:
    info = b"{\\info{\\title T}{\\creatim\\yr2018\\mo2\\dy12\\hr15\\min32}}"
    data = b"{\\rtf1\\ansi" + info + b" Just text\\par}"
    assert read_rtf_file(write(tmp_path, "c.rtf", data)).date == "2018-02-12T15:32"
    dated = b"{\\rtf1\\ansi" + info + b" Title\\par 03.04.2019\\par}"
    assert read_rtf_file(write(tmp_path, "d.rtf", dated)).date == "2019-04-03"


def test_not_rtf_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as caught:
        read_rtf_file(write(tmp_path, "plain.rtf", b"just some text"))
    assert caught.value.reason == "not an RTF document (it does not start with {\\rtf)"
    with pytest.raises(InputFileError) as caught:
        read_rtf_file(write(tmp_path, "pdf.rtf", b"%PDF-1.4 ..."))
    assert caught.value.reason == "a PDF file, not an RTF document"


def test_rtf_without_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as caught:
        read_rtf_file(write(tmp_path, "e.rtf", b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\par}"))
    assert caught.value.reason == "the file holds no text"
